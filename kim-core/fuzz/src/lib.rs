//! Helpers shared by the fuzz targets: run an operation the way a face does (result to JSON,
//! text rendering, error messages), so that every step after the core's computation is
//! fuzzed too.

use kim_core::Lang;
use kim_core::conformance::{Output, run_op_typed};
use kim_core::text;
use serde_json::Value;

/// The fuzz input as text, or `None` when it is not UTF-8 (every face takes text).
pub fn utf8(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// German or English output, chosen by the input so that both are fuzzed.
pub fn lang(data: &[u8]) -> Lang {
    if data.len().is_multiple_of(2) {
        Lang::De
    } else {
        Lang::En
    }
}

/// The fuzz input as a JSON document read as every face reads one (`doc::json_value`): the text,
/// the value and the language of the output; `None` when it is not UTF-8 or not JSON.
pub fn json_input(data: &[u8]) -> Option<(&str, Value, Lang)> {
    let json = utf8(data)?;
    let value = kim_core::doc::json_value(json).ok()?;
    Some((json, value, lang(data)))
}

/// Runs `op` on `input` through [`run_op_typed`], then serialises and renders the result,
/// or renders the error's messages.
pub fn run(op: &str, input: &Value, lang: Lang) {
    match run_op_typed(op, input) {
        Ok(out) => {
            let _ = serde_json::to_string(&out);
            render(&out, lang);
        }
        Err(e) => {
            let _ = text::render_violations(&e.violations(), lang);
        }
    }
}

/// Renders a result as the CLI does.
pub fn render(out: &Output, lang: Lang) {
    let _ = match out {
        Output::Evaluation(ev) => text::render_evaluation(ev, lang),
        Output::Violations { violations } => text::render_violations(violations, lang),
        Output::Distribution(d) => text::render_distribution(d, lang),
        Output::CasesReplay(r) => text::render_replay(r, lang),
        Output::Report(r) => text::render_report(r, lang),
        _ => String::new(),
    };
}
