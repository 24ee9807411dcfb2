//! TypeScript declarations of kim's JSON documents and results (cargo feature `ts`).
//!
//! Every public serde type of the documents derives [`tsify::Tsify`] under this feature. The
//! derive writes one declaration per type (an `interface` for a struct, a union of string
//! literals or object shapes for an enum) into wasm-bindgen's TypeScript custom sections, so
//! `wasm-bindgen` puts them into the generated `.d.ts` of any wasm crate that links kim-core.
//! Types whose JSON form is written by hand (decimals, dates, [`Baustein`](crate::Baustein),
//! [`Code`](crate::Code), [`Violation`](crate::Violation), [`Count`](crate::reporting::Count),
//! fractions) are declared by hand in [`DECLARATIONS`] to match their serde code exactly.
//! Only declarations are generated: no `IntoWasmAbi`, no conversions. A wasm face passes
//! `JsValue`s and names these types in its signatures (`unchecked_return_type = "Evaluation"`).
//!
//! # What the declarations describe
//!
//! The JSON that kim writes (`serde_json`) and reads, one type for both directions:
//!
//! * **Numbers as text.** Every decimal is a string: [`Decimal`](crate::Decimal) and the
//!   aliases `Euro` (`"82500.00"`) and `Fte` (`"1.5"`). Days are `IsoDate` (`"2023-12-31"`),
//!   the recorded time of a case event is `IsoDateTime`. Readers also take a decimal as a
//!   whole JSON number (a safe integer, `43000`); this is *not* in the types, which say
//!   `string` for both directions, because the same types describe results, where decimals
//!   are always strings (a field typed `Decimal | number` would make every reader of a result
//!   handle numbers that never come). Write decimals as strings.
//! * **Optional fields** (`field?: T`) are those serde may leave out
//!   (`skip_serializing_if`) or reads with a default (`#[serde(default)]`). Some of the latter
//!   are always written (`Plan.options`, `GrantLine.illustrative`, `Allocation.trace`): they
//!   are optional in the type because a document may leave them out. Absent optional fields
//!   are absent, never `null`; readers also accept `null` where the Rust field is an `Option`,
//!   the types do not offer it. The one field written as `null` is `RateOverride.to`.
//! * **Schema names** are literal types (`schema_version: "kim.plan.v1"`): a document with
//!   any other value is refused (`KIM-P012`).
//! * **Enums** are unions of their snake_case codes (`"case_manager" | …`); enums with data
//!   are externally tagged (`{ "actual_cost_capped": { "cap_per_fte": Euro } }`), `TieBreak`
//!   mixes both (`"error" | "order" | { "lot": { "seed": number } }`), `OperationOutput` is
//!   untagged. `Baustein` is the number `1 | 2 | 3`.
//! * **Integers** (`u8` … `u64`, `usize`, `i32`) are `number`. JavaScript numbers hold
//!   integers exactly up to 2^53 − 1; a larger `u64` (a tie-break `seed`) does not survive
//!   `JSON.parse`.
//! * Unknown fields are refused by every document type (`deny_unknown_fields`).
//!
//! A face that converts with `serde-wasm-bindgen` instead of JSON must use
//! `Serializer::json_compatible()` to get these shapes (objects for maps such as
//! `Violation.params`, `null` for `RateOverride.to`).
//!
//! # Linking
//!
//! wasm-bindgen collects the custom sections of the object files that end up in the linked
//! module. With LTO (`lto = true`, as in the workspace's `wasm-release` profile) that is all
//! of kim-core and the `.d.ts` holds every declaration. Without LTO, an object file of
//! kim-core is linked only when the wasm crate uses something in it: declarations can then be
//! missing, first of all the hand-written ones of this module. Build the package with LTO, or
//! check the generated `.d.ts` against [`NAMES`].
//!
//! Two TypeScript names differ from the Rust ones, where Rust names would collide or say
//! little: `plan::Basis` (what the weights of a distribution are) is `DistributionBasis`
//! (`forwarding::Basis` keeps `Basis`), and `conformance::Output` is `OperationOutput`.
//!
//! # Names
//!
//! [`NAMES`] lists every declared name; a test checks it against the declarations, and that
//! every name a declaration refers to is declared. [`declarations`] returns every
//! declaration as text, for writing or checking a `.d.ts` without wasm-bindgen.

use tsify::Tsify;

/// The hand-written declarations: the aliases for decimals, dates and fractions, the types
/// with hand-written serde code (`Baustein`, `Code`, `Violation`, `Count`), and `Closure`
/// (tsify's derive cannot name a type `Closure`: its generated code imports wasm-bindgen's).
pub const DECLARATIONS: &str = r#"/**
 * An exact decimal number as text in plain notation: `"1.5"`, `"43000"`, `"-3"`, `"82500.00"`
 * (`.` as the decimal point, no grouping, no exponent, no currency sign). kim writes every
 * decimal as such a string. Documents may also give a whole JSON number (a safe integer,
 * `43000`); a JSON number with a fraction is refused (`KIM-P004`), and so is text that reads
 * differently in German and English notation, such as `"1.500"` (`KIM-P003`).
 */
export type Decimal = string;

/**
 * An amount in euro: a {@link Decimal}, written with exactly two decimal places
 * (`"82500.00"`, `"-0.05"`). More than two places are reported (`KIM-V013`).
 */
export type Euro = string;

/**
 * Full-time equivalents (VZÄ): a {@link Decimal}, written without trailing zeros
 * (`"1.5"`, `"12"`, `"0.85"`). Negative values and more than two decimal places are reported.
 */
export type Fte = string;

/** A calendar day as `YYYY-MM-DD` (`"2023-12-31"`), read in exactly this form. */
export type IsoDate = string;

/**
 * A local date and time without zone, ISO 8601 (`"2023-04-03T09:15:00"`; fractional seconds
 * when there are any).
 */
export type IsoDateTime = string;

/**
 * An exact fraction in lowest terms, a pro-rating factor: `"1/2"`, `"92/183"`, or a whole
 * number `"1"`. Read as `"n/d"` or `"n"`.
 */
export type Fraction = string;

/**
 * An exact non-negative fraction (a quota in steps), always written `"n/d"` in lowest terms
 * (`"1234/567"`, `"5/1"`). Read as `"n/d"` or `"n"`.
 */
export type Ratio = string;

/**
 * A building block (Baustein) as its number: 1 coordination (incl. Verwaltungsassistenz),
 * 2 case management, 3 immigration and naturalisation offices (ABH/EBH).
 */
export type Baustein = 1 | 2 | 3;

/**
 * A count in a report: the exact number, or `"<k"` when it is 1 … k−1 and k is the
 * small-cell threshold (`"<3"`); zero stays `0`.
 */
export type Count = number | `<${number}`;

/**
 * A stable violation code: `KIM-`, an area letter (`P` parsing, `V` plan validation,
 * `A` allocation, `C` cases, `R` parameters) and three digits, e.g. `"KIM-V012"`. Only codes
 * of kim's catalogue are read (`kim errors` lists them).
 */
export type Code = `KIM-${string}`;

/**
 * One finding about an input: stable code, field path, severity and messages in English and
 * German. When read, the messages are rendered again from `code` and `params`.
 */
export interface Violation {
    /** Stable code, e.g. `KIM-V012`. */
    code: Code;
    /**
     * Field path inside the input document, with the document's field names:
     * `forwardings[0].onward[1].fte`; the whole document is `""`.
     */
    path: string;
    /** How serious it is. */
    severity: Severity;
    /** The message in English. */
    message_en: string;
    /** The message in German. */
    message_de: string;
    /** The values the messages are built from (by name). */
    params: Record<string, string>;
}

/** How a case was closed. */
export interface Closure {
    /** Day of closing. */
    date: IsoDate;
    /** Closing reason code. */
    reason: string;
}
"#;

#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TS_HAND_WRITTEN: &str = DECLARATIONS;

/// Every TypeScript name kim-core declares under the feature `ts`, in alphabetical order.
pub const NAMES: &[&str] = &[
    "AdmissionFacts",
    "Allocation",
    "Basis",
    "Baustein",
    "BausteinTotal",
    "BelowMinimum",
    "BuiltinCode",
    "CaseConfig",
    "CaseEvent",
    "CaseFlowRow",
    "CaseRecord",
    "CaseState",
    "CasesDocument",
    "CasesReplay",
    "Closure",
    "Code",
    "CodeLabel",
    "CodeRow",
    "Condition",
    "ConsentRecord",
    "Consultation",
    "ConsultationKind",
    "ConsultationRow",
    "Count",
    "Decimal",
    "DistributeOptions",
    "Distribution",
    "DistributionBasis",
    "DistributionInput",
    "DurationRow",
    "Eligibility",
    "EmployerShare",
    "Entry",
    "Euro",
    "EvalOptions",
    "Evaluation",
    "EventType",
    "EventViolation",
    "Fallrekonstruktion",
    "FallrekonstruktionLimits",
    "FallrekonstruktionRow",
    "FinalShare",
    "ForwardOptions",
    "Forwarding",
    "ForwardingResult",
    "Fraction",
    "Fte",
    "FteBase",
    "FundedPost",
    "Gemeinde",
    "Grant",
    "GrantItem",
    "GrantLine",
    "GrantOptions",
    "IsoDate",
    "IsoDateTime",
    "KommuneRow",
    "Lang",
    "LegalForm",
    "LegalFormEntry",
    "ListEntry",
    "ListKind",
    "Locale",
    "Marginal",
    "Mark",
    "Method",
    "Mode",
    "Money",
    "MoneyRow",
    "OperationOutput",
    "Origin",
    "Outcome",
    "Override",
    "OwnCost",
    "Params",
    "Parsed",
    "Party",
    "PartyAmount",
    "PartyKind",
    "Per",
    "Period",
    "Plan",
    "PlanDistribution",
    "PlanOptions",
    "PostKind",
    "ProRata",
    "Purged",
    "RateApplied",
    "RateEntry",
    "RateKey",
    "RateOverride",
    "Ratio",
    "ReasonRow",
    "Region",
    "RegionShare",
    "ReplayReport",
    "Report",
    "ReportPeriod",
    "Severity",
    "Share",
    "Source",
    "Span",
    "StaffedPost",
    "Staffing",
    "StaffingRow",
    "StateRow",
    "Status",
    "Term",
    "Tie",
    "TieBreak",
    "TimelineEntry",
    "TopUpPolicy",
    "Totals",
    "Trace",
    "TraceNode",
    "TraceParam",
    "TraceProRata",
    "TraceValue",
    "Transition",
    "TreppeRow",
    "UsedOptions",
    "Violation",
    "Vocabulary",
    "Weight",
];

/// Every declaration as TypeScript text: [`DECLARATIONS`] first, then one per derived type
/// (grouped by module). Joined with blank lines they form the `.d.ts` content that
/// wasm-bindgen collects from kim-core.
pub fn declarations() -> Vec<&'static str> {
    use crate::{allocation as al, cases as ca, conformance as co, reporting as re};
    vec![
        DECLARATIONS,
        // program, period, money, validate
        crate::PostKind::DECL,
        crate::PartyKind::DECL,
        crate::Party::DECL,
        crate::FundedPost::DECL,
        crate::StaffedPost::DECL,
        crate::ProRata::DECL,
        crate::Period::DECL,
        crate::Locale::DECL,
        crate::Severity::DECL,
        crate::Lang::DECL,
        // params
        crate::RateKey::DECL,
        crate::Per::DECL,
        crate::Status::DECL,
        crate::Source::DECL,
        crate::RateEntry::DECL,
        crate::LegalForm::DECL,
        crate::params::LegalFormEntry::DECL,
        crate::Mode::DECL,
        crate::Params::DECL,
        // plan
        crate::plan::PlanOptions::DECL,
        crate::OwnCost::DECL,
        crate::Plan::DECL,
        crate::plan::Basis::DECL,
        crate::plan::PlanDistribution::DECL,
        crate::EvalOptions::DECL,
        crate::plan::UsedOptions::DECL,
        crate::plan::PartyAmount::DECL,
        crate::plan::EmployerShare::DECL,
        crate::Totals::DECL,
        crate::Evaluation::DECL,
        // forwarding, funding, staffing
        crate::Basis::DECL,
        crate::TopUpPolicy::DECL,
        crate::FteBase::DECL,
        crate::Forwarding::DECL,
        crate::ForwardOptions::DECL,
        crate::ForwardingResult::DECL,
        crate::GrantOptions::DECL,
        crate::GrantItem::DECL,
        crate::funding::RateApplied::DECL,
        crate::GrantLine::DECL,
        crate::BausteinTotal::DECL,
        crate::Grant::DECL,
        crate::StaffingRow::DECL,
        crate::Staffing::DECL,
        // explain
        crate::TraceValue::DECL,
        crate::TraceParam::DECL,
        crate::explain::TraceProRata::DECL,
        crate::TraceNode::DECL,
        crate::Trace::DECL,
        // allocation
        al::Weight::DECL,
        al::Method::DECL,
        al::TieBreak::DECL,
        al::BelowMinimum::DECL,
        al::DistributeOptions::DECL,
        al::Share::DECL,
        al::Tie::DECL,
        al::Marginal::DECL,
        al::Allocation::DECL,
        al::Region::DECL,
        al::Override::DECL,
        al::DistributionInput::DECL,
        al::RegionShare::DECL,
        al::FinalShare::DECL,
        al::Distribution::DECL,
        // cases
        ca::Origin::DECL,
        ca::CaseState::DECL,
        ca::EventType::DECL,
        ca::ListKind::DECL,
        <ca::codes::BuiltinCode as Tsify>::DECL,
        ca::CodeLabel::DECL,
        ca::Eligibility::DECL,
        ca::FallrekonstruktionLimits::DECL,
        ca::CaseConfig::DECL,
        ca::ListEntry::DECL,
        ca::ConsultationKind::DECL,
        ca::Consultation::DECL,
        ca::Fallrekonstruktion::DECL,
        ca::CasesDocument::DECL,
        ca::CasesReplay::DECL,
        ca::Purged::DECL,
        ca::CaseEvent::DECL,
        ca::ConsentRecord::DECL,
        ca::Span::DECL,
        ca::history::Mark::<String>::DECL,
        ca::history::AdmissionFacts::DECL,
        ca::CaseRecord::DECL,
        ca::Outcome::DECL,
        ca::TimelineEntry::DECL,
        ca::EventViolation::DECL,
        ca::ReplayReport::DECL,
        ca::Condition::DECL,
        ca::Transition::DECL,
        // reporting
        re::ReportPeriod::DECL,
        re::ConsultationRow::DECL,
        re::CaseFlowRow::DECL,
        re::ReasonRow::DECL,
        re::CodeRow::DECL,
        re::StateRow::DECL,
        re::KommuneRow::DECL,
        re::TreppeRow::DECL,
        re::DurationRow::DECL,
        re::FallrekonstruktionRow::DECL,
        re::MoneyRow::DECL,
        re::Money::DECL,
        re::Report::DECL,
        // vocabulary, conformance, data
        crate::vocab::Entry::DECL,
        crate::vocab::Vocabulary::DECL,
        crate::vocab::Term::DECL,
        co::RateOverride::DECL,
        co::Output::DECL,
        co::Parsed::DECL,
        crate::data::Gemeinde::DECL,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// `text` without `/** … */` comments and without string and template literals.
    fn code_only(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("/*") {
                rest = after.split_once("*/").map_or("", |(_, r)| r);
            } else if rest.starts_with('"') || rest.starts_with('`') {
                let quote = &rest[..1];
                rest = rest[1..].split_once(quote).map_or("", |(_, r)| r);
                out.push_str(" 'lit' ");
            } else {
                let c = rest.chars().next().unwrap();
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        out
    }

    fn words(code: &str) -> Vec<&str> {
        code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
            .filter(|w| !w.is_empty())
            .collect()
    }

    /// Names declared by `export type X` / `export interface X` (and type parameters).
    fn declared(code: &str) -> (Vec<String>, Vec<String>) {
        let mut names = Vec::new();
        let mut params = Vec::new();
        for part in code.split("export ").skip(1) {
            let w = words(part);
            assert!(matches!(w[0], "type" | "interface"), "{part}");
            names.push(w[1].to_owned());
            let head = &part[part.find(w[1]).unwrap() + w[1].len()..];
            if let Some(generics) = head.strip_prefix('<') {
                let generics = &generics[..generics.find('>').unwrap()];
                params.extend(words(generics).into_iter().map(str::to_owned));
            }
        }
        (names, params)
    }

    #[test]
    fn names_are_exactly_the_declared_ones() {
        let mut found = Vec::new();
        for decl in declarations() {
            found.extend(declared(&code_only(decl)).0);
        }
        let unique: BTreeSet<&str> = found.iter().map(String::as_str).collect();
        assert_eq!(
            unique.len(),
            found.len(),
            "a name is declared twice: {found:?}"
        );
        let listed: BTreeSet<&str> = NAMES.iter().copied().collect();
        assert_eq!(unique, listed);
        let mut sorted = NAMES.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, NAMES, "NAMES is kept in alphabetical order");
    }

    #[test]
    fn every_referenced_name_is_declared() {
        let builtin = ["Record"];
        let keywords = [
            "export",
            "type",
            "interface",
            "extends",
            "string",
            "number",
            "boolean",
            "null",
            "lit",
        ];
        for decl in declarations() {
            let code = code_only(decl);
            let (_, params) = declared(&code);
            for w in words(&code) {
                if w.chars().all(|c| c.is_ascii_digit()) || keywords.contains(&w) {
                    continue;
                }
                if w.starts_with(|c: char| c.is_ascii_uppercase()) {
                    assert!(
                        NAMES.contains(&w) || builtin.contains(&w) || params.iter().any(|p| p == w),
                        "{w} is used but not declared, in:\n{decl}"
                    );
                } else {
                    // anything else is a member name, followed by `:` or `?:`
                    let key = code.contains(&format!("{w}:")) || code.contains(&format!("{w}?:"));
                    assert!(key, "{w} is neither a type nor a member name, in:\n{decl}");
                }
            }
        }
    }

    #[test]
    fn no_rust_only_or_non_json_types_leak() {
        for decl in declarations() {
            let code = code_only(decl);
            for bad in [
                "never",
                "undefined",
                "null",
                "Map",
                "bigint",
                "any",
                "unknown",
            ] {
                let hit = words(&code).contains(&bad);
                // the one field written as null
                let allowed = bad == "null" && decl.contains("export interface RateOverride");
                assert!(!hit || allowed, "{bad} in:\n{decl}");
            }
        }
    }

    #[test]
    fn schema_literals_match_the_constants() {
        let cases = [
            (crate::Plan::DECL, crate::PLAN_SCHEMA),
            (crate::Evaluation::DECL, crate::EVALUATION_SCHEMA),
            (crate::Trace::DECL, crate::TRACE_SCHEMA),
            (
                crate::cases::CasesDocument::DECL,
                crate::cases::CASES_SCHEMA,
            ),
            (
                crate::reporting::Report::DECL,
                crate::reporting::REPORT_SCHEMA,
            ),
        ];
        for (decl, schema) in cases {
            assert!(decl.contains(&format!("\"{schema}\"")), "{schema}:\n{decl}");
        }
    }

    /// The member names of a hand-written interface.
    fn members(name: &str) -> BTreeSet<String> {
        let start = DECLARATIONS
            .find(&format!("export interface {name} "))
            .unwrap();
        let body = code_only(&DECLARATIONS[start..]);
        let body = &body[..body.find("\n}").unwrap()];
        body.lines()
            .skip(1)
            .filter_map(|l| l.trim().split_once(':'))
            .map(|(k, _)| k.trim_end_matches('?').to_owned())
            .collect()
    }

    fn keys(json: &serde_json::Value) -> BTreeSet<String> {
        json.as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn hand_written_shapes_follow_serde() {
        // Violation: exactly the fields its Serialize impl writes
        let v = crate::Violation::new(crate::Code::V012, "funded[0].fte").with("value", "-1");
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(keys(&json), members("Violation"));
        assert!(json["code"].as_str().unwrap().starts_with("KIM-"));
        assert!(json["params"].is_object());
        // Closure: a day and a reason code
        let closure = crate::cases::Closure {
            date: chrono::NaiveDate::from_ymd_opt(2023, 5, 2).unwrap(),
            reason: "ziel_erreicht".to_owned(),
        };
        let json = serde_json::to_value(&closure).unwrap();
        assert_eq!(keys(&json), members("Closure"));
        assert_eq!(json["date"], "2023-05-02");
        // Baustein is a number, Count a number or "<k", decimals and fractions are strings
        assert_eq!(serde_json::to_value(crate::Baustein::Offices).unwrap(), 3);
        let count = crate::reporting::Count::of(2, 3);
        assert_eq!(serde_json::to_value(count).unwrap(), "<3");
        assert_eq!(
            serde_json::to_value(crate::reporting::Count::of(7, 3)).unwrap(),
            7
        );
        let euro: crate::Euro = "82500".parse().unwrap();
        assert_eq!(serde_json::to_value(euro).unwrap(), "82500.00");
        let fraction = crate::Fraction::new(2, 4).unwrap();
        assert_eq!(serde_json::to_value(fraction).unwrap(), "1/2");
        let ratio: crate::allocation::Ratio = "10/2".parse().unwrap();
        assert_eq!(serde_json::to_value(ratio).unwrap(), "5/1");
    }
}
