//! A plan as JSON text: read, validate, evaluate (embedded parameters, default options),
//! render and write back. Inputs of the plan operations are fuzzed too: `{plan, options,
//! overrides}` (`evaluate_plan`, `validate_plan`), `{posts, options, overrides}` (`grant`)
//! and `{forwarding, options}` (`forward`).
#![no_main]

use kim_core::{EvalOptions, Params, Plan, evaluate, text, validate};
use kim_core_fuzz::{json_input, run};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((json, value, lang)) = json_input(data) else {
        return;
    };
    if value.get("plan").is_some() {
        run("evaluate_plan", &value, lang);
        run("validate_plan", &value, lang);
    } else if value.get("posts").is_some() {
        run("grant", &value, lang);
    } else if value.get("forwarding").is_some() {
        run("forward", &value, lang);
    } else if let Ok(plan) = Plan::from_json(json) {
        let _ = text::render_violations(&validate(&plan), lang);
        if let Ok(ev) = evaluate(&plan, Params::embedded(), &EvalOptions::default()) {
            let _ = serde_json::to_string(&ev);
            let _ = text::render_evaluation(&ev, lang);
            let _ = ev.explain(lang);
        }
        // A plan written by kim reads back as the same plan.
        let again = Plan::from_json(&plan.to_json());
        assert_eq!(again.as_ref().ok(), Some(&plan), "{again:?}");
    }
});
