//! Case data as JSON text: a `kim.cases.v1` document (replayed, and reported for 2023), one
//! case's events with an optional config (`case_replay`), or a `report` input
//! (`{plan, cases, period}`).
#![no_main]

use kim_core::cases::{CasesDocument, replay_document};
use kim_core::reporting::{ReportPeriod, report};
use kim_core::text;
use kim_core_fuzz::{json_input, run};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((json, value, lang)) = json_input(data) else {
        return;
    };
    if value.get("period").is_some() {
        run("report", &value, lang);
    } else if value.get("schema_version").is_some() {
        let Ok(doc) = CasesDocument::from_json(json) else {
            return;
        };
        let replay = replay_document(&doc);
        let _ = serde_json::to_string(&replay);
        let _ = text::render_replay(&replay, lang);
        let year: ReportPeriod = "2023".parse().expect("a valid period");
        if let Ok(r) = report(None, Some(&doc), &year) {
            let _ = serde_json::to_string(&r);
            let _ = text::render_report(&r, lang);
        }
    } else {
        run("case_replay", &value, lang);
    }
});
