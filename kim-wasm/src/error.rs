//! kim's errors as JS values: every thrown value is a `KimError` (a real `Error` subclass,
//! defined in `js/kim.js`) with `.code`, `.path` and `.violations`.
//!
//! The JS face's violation shape is `{ code, path, severity, message, messageDe, params }`:
//! `message` is English, or German when the call asked for `lang: "de"`; `messageDe` is
//! always German. It is used for `validatePlan`'s result and `KimError.violations`. Results
//! (`evaluatePlan`, `forward`, replays, …) are the core's JSON documents unchanged, so the
//! violations inside them keep the core's `message_en` and `message_de`.

use kim_core::validate::{Lang, Severity, Violation};
use serde::Serialize;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/kim.js")]
extern "C" {
    #[wasm_bindgen(js_name = kimError)]
    fn kim_error(message: &str, code: &str, path: &str, violations_json: &str) -> JsValue;
}

/// One violation as the JS face reports it.
#[derive(Serialize)]
pub struct JsViolation<'a> {
    code: &'static str,
    path: &'a str,
    severity: Severity,
    message: String,
    #[serde(rename = "messageDe")]
    message_de: String,
    params: &'a BTreeMap<String, String>,
}

impl<'a> JsViolation<'a> {
    /// The JS shape of a core violation, `message` in `lang`.
    pub fn new(v: &'a Violation, lang: Lang) -> Self {
        JsViolation {
            code: v.code.as_str(),
            path: &v.path,
            severity: v.severity,
            message: v.message(lang),
            message_de: v.message_de(),
            params: &v.params,
        }
    }
}

/// The error message: the first violation with its code and path, and how many follow.
pub fn message(violations: &[Violation], lang: Lang) -> String {
    let Some(first) = violations.first() else {
        return "KimError".to_owned();
    };
    let at = match (first.path.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::De) => format!(" bei {}", first.path),
        (false, Lang::En) => format!(" at {}", first.path),
    };
    let more = match (violations.len().saturating_sub(1), lang) {
        (0, _) => String::new(),
        (n, Lang::De) => format!(" (und {n} weitere)"),
        (n, Lang::En) => format!(" (and {n} more)"),
    };
    format!("{}{at}: {}{more}", first.code, first.message(lang))
}

/// A `KimError` for a core error.
pub fn to_js(e: &kim_core::Error, lang: Lang) -> JsValue {
    from_violations(&e.violations(), lang)
}

/// A `KimError` for a list of violations.
pub fn from_violations(violations: &[Violation], lang: Lang) -> JsValue {
    let list: Vec<JsViolation<'_>> = violations
        .iter()
        .map(|v| JsViolation::new(v, lang))
        .collect();
    // serialising strings and string maps cannot fail; "[]" keeps the error well-formed anyway
    let json = serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_owned());
    let (code, path) = violations
        .first()
        .map_or(("", ""), |v| (v.code.as_str(), v.path.as_str()));
    kim_error(&message(violations, lang), code, path, &json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kim_core::validate::Code;

    #[test]
    fn message_names_the_first_violation_and_counts_the_rest() {
        let one = [Violation::new(Code::P004, "posts[0].fte").with("text", "0.1")];
        assert!(
            message(&one, Lang::En)
                .starts_with("KIM-P004 at posts[0].fte: 0.1 is a floating-point")
        );
        assert!(
            message(&one, Lang::De)
                .starts_with("KIM-P004 bei posts[0].fte: 0.1 ist eine Gleitkommazahl")
        );
        let three = [
            Violation::new(Code::V012, "funded[0].fte").with("value", "-1"),
            Violation::new(Code::V003, "staff[1].id"),
            Violation::new(Code::A001, ""),
        ];
        assert!(message(&three, Lang::En).ends_with("(and 2 more)"));
        assert!(message(&three, Lang::De).ends_with("(und 2 weitere)"));
        let root = [Violation::new(Code::A001, "")];
        assert!(message(&root, Lang::En).starts_with("KIM-A001: "));
        assert_eq!(message(&[], Lang::En), "KimError");
    }

    #[test]
    fn js_violation_shape() {
        let v = Violation::new(Code::V012, "funded[0].fte").with("value", "-1");
        let json = serde_json::to_value(JsViolation::new(&v, Lang::De)).unwrap();
        assert_eq!(json["code"], "KIM-V012");
        assert_eq!(json["path"], "funded[0].fte");
        assert_eq!(json["severity"], "error");
        assert_eq!(json["message"], json["messageDe"]);
        assert_eq!(json["params"]["value"], "-1");
        let en = serde_json::to_value(JsViolation::new(&v, Lang::En)).unwrap();
        assert_eq!(en["message"], "Value must not be negative (got -1).");
        let keys: Vec<&str> = en.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["code", "message", "messageDe", "params", "path", "severity"]
        );
    }
}
