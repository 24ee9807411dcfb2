//! Privacy review as tests (docs/privacy.md):
//!
//! * no field of any case-management document or result has a name that suggests personal data
//!   — walked over the TypeScript declarations that are generated from the Rust types (every
//!   field, optional ones included; `kim-wasm/types/kim_wasm.d.ts`, kept fresh by `make test`);
//! * after the consent to case management is revoked, nothing that kim prints or returns about
//!   the case — `Debug`, `Display`, the replay's JSON, the erased document — shows its topics or
//!   Rechtskreis.

#![allow(clippy::disallowed_methods)] // std sorts are fine in tests

use kim_core::cases::{
    CaseEvent, CasesDocument, EventType, erase_revoked, replay, replay_document,
};
use std::collections::{BTreeMap, BTreeSet};

const DECLARATIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../kim-wasm/types/kim_wasm.d.ts"
);

/// Case-management documents and results: everything that can carry data about a person.
const ROOTS: [&str; 6] = [
    "CasesDocument",
    "CaseEvent",
    "CaseRecord",
    "ReplayReport",
    "CasesReplay",
    "Report",
];

/// Parts of field names that suggest personal data.
const SUSPECT: [&str; 13] = [
    "name",
    "birth",
    "address",
    "street",
    "phone",
    "mail",
    "note",
    "comment",
    "text",
    "gender",
    "nationality",
    "religion",
    "health",
];

/// Fields whose names match but that hold no personal data, each with the reason.
const ALLOWED: [(&str, &str); 2] = [
    (
        "Party.name",
        "the official name of an organisation (Kreis, Kommune, Träger) in a report's money and staffing tables",
    ),
    (
        "Report.notes",
        "coded violations about the report (rejected events, plan problems), not notes about a person",
    ),
];

/// `interface`/`type` name → its body, from the declarations.
fn declarations() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(DECLARATIONS).unwrap();
    let mut out = BTreeMap::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let decl = line
            .strip_prefix("export interface ")
            .or_else(|| line.strip_prefix("export type "));
        let Some(decl) = decl else { continue };
        let name: String = decl
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let mut body = line.to_owned();
        if line.trim_end().ends_with('{') {
            for next in lines.by_ref() {
                body.push('\n');
                body.push_str(next);
                if next == "}" {
                    break;
                }
            }
        }
        out.insert(name, body);
    }
    out
}

/// Field names of a declaration body (`name?: Type;`), without comments.
fn fields(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for line in body.lines().skip(1) {
        let t = line.trim();
        if t.starts_with("/**") {
            in_comment = !t.ends_with("*/");
            continue;
        }
        if in_comment {
            in_comment = !t.ends_with("*/");
            continue;
        }
        if let Some((name, _)) = t.split_once(':') {
            let name = name.trim_end_matches('?').trim();
            if name.chars().all(|c| c.is_alphanumeric() || c == '_') && !name.is_empty() {
                out.push(name.to_owned());
            }
        }
    }
    out
}

#[test]
fn no_case_field_suggests_personal_data() {
    let decls = declarations();
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = ROOTS.iter().map(|s| (*s).to_owned()).collect();
    let mut problems = Vec::new();
    let mut walked = 0;
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(body) = decls.get(&name) else {
            continue; // a built-in or string-literal type
        };
        walked += 1;
        for field in fields(body) {
            let lower = field.to_lowercase();
            if let Some(word) = SUSPECT.iter().find(|w| lower.contains(*w))
                && !ALLOWED.iter().any(|(f, _)| *f == format!("{name}.{field}"))
            {
                problems.push(format!("{name}.{field} (\"{word}\")"));
            }
        }
        // follow the types the body mentions
        let words = body
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase));
        todo.extend(words.map(str::to_owned));
    }
    assert!(
        walked >= 20,
        "only {walked} declarations walked: is the .d.ts parsed?"
    );
    assert!(
        problems.is_empty(),
        "fields that suggest personal data:\n{}",
        problems.join("\n")
    );
}

fn day(m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2023, m, d).unwrap()
}

/// A case with a topic, a Rechtskreis, admission facts and a Treppenmodell level, whose consent
/// to case management is then revoked.
fn revoked_history() -> Vec<CaseEvent> {
    let ev = |i: u32, e: EventType| {
        CaseEvent::new(
            format!("e{i}"),
            "c-7",
            e,
            day(3, i),
            day(3, i).and_hms_opt(9, 0, 0).unwrap(),
            "s-1",
        )
    };
    vec![
        CaseEvent {
            kommune: Some("Wegberg".into()),
            ..ev(1, EventType::Open)
        },
        CaseEvent {
            purpose: Some("fallmanagement".into()),
            ..ev(2, EventType::Consent)
        },
        CaseEvent {
            status: Some("aufenthaltserlaubnis".into()),
            age: Some(34),
            ..ev(3, EventType::Admit)
        },
        CaseEvent {
            topic: Some("GESUNDHEIT".into()),
            ..ev(4, EventType::AddTopic)
        },
        CaseEvent {
            rechtskreis: Some("AsylbLG".into()),
            ..ev(5, EventType::SetRechtskreis)
        },
        CaseEvent {
            purpose: Some("fallmanagement".into()),
            ..ev(6, EventType::RevokeConsent)
        },
        // recorded after the revocation: refused, and not echoed
        CaseEvent {
            topic: Some("GESUNDHEIT".into()),
            ..ev(7, EventType::AddTopic)
        },
    ]
}

/// The details that must not show after the revocation.
fn shows_details(text: &str) -> Option<&'static str> {
    ["GESUNDHEIT", "AsylbLG", "aufenthaltserlaubnis"]
        .into_iter()
        .find(|d| text.contains(d))
}

#[test]
fn nothing_shows_topics_or_rechtskreis_after_revocation() {
    let report = replay(&revoked_history());
    assert!(report.record.erased);
    let outputs = [
        ("Debug of the record", format!("{:?}", report.record)),
        ("Debug of the replay", format!("{report:?}")),
        (
            "JSON of the replay",
            serde_json::to_string(&report).unwrap(),
        ),
        (
            "the replay's violations as text",
            report
                .violations
                .iter()
                .map(|v| format!("{} {}", v.violation, v.violation.message_de()))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    ];
    assert!(
        !report.violations.is_empty(),
        "the late add_topic is refused"
    );
    for (what, text) in outputs {
        assert_eq!(shows_details(&text), None, "{what}: {text}");
    }
    // every event prints without its payload
    for e in revoked_history() {
        let text = format!("{e:?}");
        assert_eq!(shows_details(&text), None, "Debug of an event: {text}");
    }
}

#[test]
fn the_erased_document_holds_no_details_up_to_the_revocation() {
    let mut doc = CasesDocument {
        events: revoked_history(),
        ..CasesDocument::default()
    };
    // the refused late event is not part of a stored history
    doc.events.pop();
    let before = replay_document(&doc);
    let purged = erase_revoked(&mut doc);
    assert_eq!(
        (purged.cases, purged.events, purged.facts_cleared),
        (1, 2, 1)
    );
    let stored = serde_json::to_string(&doc).unwrap();
    assert_eq!(shows_details(&stored), None, "{stored}");
    assert_eq!(shows_details(&format!("{doc:?}")), None);
    // the states and anonymous counts stay
    assert_eq!(
        replay_document(&doc).cases[0].record,
        before.cases[0].record
    );
}
