//! # kim-wasm
//!
//! kim-core in the browser and in Node: a thin wasm-bindgen layer that converts and maps
//! errors only. Every rule lives in kim-core; every function here reads its JS arguments into
//! kim's document model ([`convert`]), calls the core, and hands back the core's JSON result
//! as plain JS objects ([`output`]: decimals and dates as strings, exactly what
//! `kim … --json` prints) or throws a `KimError` ([`error`]).
//!
//! Field paths in errors and violations are kim's (`forwardings[0].onward[1].fte`) and name
//! the field inside the document the call describes: a plan is the root of `validatePlan` and
//! `evaluatePlan` (as in an evaluation's own violations); the other functions take the
//! document of the shared conformance vectors' operation (`posts[0].fte` for `grant`,
//! `forwarding.fte` for `forward`); further arguments are named fields of it (`options.mode`,
//! `overrides[0].value`, `events[3].case`, `config.codes`, `text`, `locale`, `value`).
//!
//! The JavaScript entry points, their TypeScript types and the build: `kim-wasm/README.md`
//! and `docs/javascript.md`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod convert;
pub mod error;
pub mod output;

use convert::is_absent;
use kim_core::conformance::{Output, evaluate_read, run_op_typed};
use kim_core::doc::from_value;
use kim_core::validate::{Code, Lang, Violation};
use kim_core::{Error, Euro, Fte, Locale, Mode, Params, Plan};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_FACE: &'static str = r#"
/**
 * A violation as kim-wasm reports it: in `validatePlan`'s result and in `KimError.violations`.
 * (Results such as an `Evaluation` carry the core's `Violation` with `message_en`/`message_de`.)
 */
export interface KimViolation {
  /** Stable code, e.g. `"KIM-V012"` (docs/errors.md). */
  code: Code;
  /** Field path in kim's syntax inside the call's document (`"forwardings[0].fte"`); `""` is the whole document. */
  path: string;
  severity: Severity;
  /** The message in English, or in German when the call asked for `lang: "de"`. */
  message: string;
  /** The message in German. */
  messageDe: string;
  /** The values the messages are built from. */
  params: Record<string, string>;
}

/** The result of `validatePlan`: `ok` when no violation is an error. */
export interface PlanValidation {
  ok: boolean;
  violations: KimViolation[];
}

/** Options of `validatePlan`. */
export interface ValidateOptions {
  /** Language of `message` (default `"en"`). */
  lang?: Lang;
}

/** Options of `evaluatePlan`: the core's `EvalOptions` and the JS face's own. */
export interface EvaluateOptions extends EvalOptions {
  /** `true`: strict mode (a date without a known rate is an error); `false`: lenient. Give `strict` or `mode`, not both. */
  strict?: boolean;
  /** Language of a thrown `KimError`'s messages (default `"en"`). */
  lang?: Lang;
  /** What-if rates applied on top of the embedded parameter table. */
  overrides?: RateOverride[];
}

/** The document of `grant`. */
export interface GrantInput {
  posts: FundedPost[];
  options: GrantOptions;
  overrides?: RateOverride[];
}

/** The document of `forward`. */
export interface ForwardInput {
  forwarding: Forwarding;
  options: ForwardOptions;
}

/** The document of `report`: a period (`"2023"`, `"2023-Q2"`, `"2023-04"`, `"2023-01-01..2023-06-30"`) and a plan and/or case data. */
export interface ReportInput {
  period: string;
  plan?: Plan;
  cases?: CasesDocument;
}

/** Options of `reportHtml`. */
export interface ReportHtmlOptions {
  /** Case data (`kim.cases.v1`); default: the plan's inline `cases`. */
  cases?: CasesDocument;
  /** `"2023"`, `"2023-Q2"`, `"2023-04"` or `"2023-01-01..2023-06-30"`; default: the plan's year. */
  period?: string;
  /** Language of the page and of a thrown `KimError`'s messages (default `"de"`). */
  lang?: Lang;
}

/** The document of `synthetic` (defaults: seed 2023, year 2023, Kreis Heinsberg). */
export interface SyntheticInput {
  seed?: number;
  year?: number;
  cases?: number;
  consultations?: number;
  /** Kommunen with weights (e.g. population), in order. */
  kommunen?: { unit: string; weight: number }[];
  /** All 54 NRW authorities instead of one Kreis. */
  state?: boolean;
}

/** The result of `vocabulary()`. */
export interface KimVocabulary {
  vocabularies: Vocabulary[];
  terms: Term[];
}
"#;

/// The result of a binding before it becomes JS: a core error keeps its violations.
type Face<T> = Result<T, Error>;

/// Throws the core error as a `KimError` with messages in `lang`.
fn throw(lang: Lang) -> impl Fn(Error) -> JsValue {
    move |e| error::to_js(&e, lang)
}

/// Reads an argument into a document; `path` names it in errors.
fn arg(v: &JsValue, path: &str) -> Face<Value> {
    convert::to_value(v, path)
}

/// Reads an optional argument: `undefined` and `null` are absent.
fn opt_arg(v: &JsValue, path: &str) -> Face<Option<Value>> {
    if is_absent(v) {
        Ok(None)
    } else {
        arg(v, path).map(Some)
    }
}

/// Reads a typed value from a document, paths under `path`.
fn read<T: serde::de::DeserializeOwned>(v: Value, path: &str) -> Face<T> {
    from_value(v).map_err(|e| e.under(path))
}

/// An options argument as its fields (absent: none).
fn options_map(v: &JsValue, path: &str) -> Face<Map<String, Value>> {
    match opt_arg(v, path)? {
        None => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m),
        Some(_) => Err(Violation::new(Code::P010, path)
            .with("detail", "the options are an object")
            .into()),
    }
}

/// Reads an options argument (absent: no options) as `T`; throws a `KimError` in `lang`.
fn options_of<T: serde::de::DeserializeOwned>(
    options: Option<JsValue>,
    lang: Lang,
) -> Result<T, JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    options_map(&options, "options")
        .and_then(|m| read::<T>(Value::Object(m), "options"))
        .map_err(throw(lang))
}

/// Takes the optional field `key` out of an options object (`null` is absent) and reads it.
fn take<T: serde::de::DeserializeOwned>(
    m: &mut Map<String, Value>,
    key: &str,
    path: &str,
) -> Face<Option<T>> {
    match m.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => read(v, &format!("{path}.{key}")).map(Some),
    }
}

/// Language of messages from `options.lang` (default English).
fn lang_of(m: &mut Map<String, Value>) -> Face<Lang> {
    Ok(take::<Lang>(m, "lang", "options")?.unwrap_or(Lang::En))
}

/// Runs an operation of the conformance vocabulary on a document.
fn run(name: &str, input: &Value) -> Face<Output> {
    run_op_typed(name, input)
}

/// Runs an operation and returns its result as JS.
fn op(name: &str, input: &Value) -> Face<JsValue> {
    output::to_js(&run(name, input)?)
}

/// An export that is one operation on one document argument (`grant`, `forward`, …): read the
/// argument, run the operation, throw a `KimError` with English messages on failure.
fn op_export(name: &str, input: &JsValue) -> Result<JsValue, JsValue> {
    arg(input, "")
        .and_then(|v| op(name, &v))
        .map_err(throw(Lang::En))
}

/// A plan argument that is not a plain object: the one thing `validatePlan` throws for.
fn not_a_plan(doc: &JsValue) -> Error {
    Violation::new(Code::P010, "")
        .with(
            "detail",
            format!(
                "a plan document is a plain object (schema_version kim.plan.v1), not {}",
                convert::describe_value(doc)
            ),
        )
        .into()
}

// ------------------------------------------------------------------------------------------
// plans
// ------------------------------------------------------------------------------------------

/// The options of `validatePlan`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidateOptions {
    #[serde(default)]
    lang: Option<Lang>,
}

#[derive(Serialize)]
struct PlanValidation<'a> {
    ok: bool,
    violations: Vec<error::JsViolation<'a>>,
}

/// Checks a plan document and lists every problem, for form validation on every keystroke.
///
/// Never throws for bad content: unreadable fields (a float, an unknown field, a wrong type,
/// `KIM-P…`) and broken rules (`KIM-V…`) all come back as violations with the field path
/// relative to the plan (`forwardings[0].fte`). `ok` is true when no violation is an error
/// (warnings and notes may remain). Throws a `KimError` only when `doc` is not a plain object
/// or `options` are wrong. `options.lang`: `"en"` (default) or `"de"`, the language of
/// `message` (`messageDe` is always German).
#[wasm_bindgen(js_name = validatePlan, unchecked_return_type = "PlanValidation")]
pub fn validate_plan(
    #[wasm_bindgen(unchecked_param_type = "Plan | Record<string, unknown>")] doc: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let lang = options_of::<ValidateOptions>(options, Lang::En)?
        .lang
        .unwrap_or(Lang::En);
    if !convert::is_plain_object(&doc) {
        return Err(throw(lang)(not_a_plan(&doc)));
    }
    let violations = match convert::to_text(&doc, "").and_then(|t| Plan::from_json(&t)) {
        Ok(plan) => kim_core::validate(&plan),
        Err(e) => e.violations(),
    };
    let result = PlanValidation {
        ok: !violations.iter().any(Violation::is_error),
        violations: violations
            .iter()
            .map(|v| error::JsViolation::new(v, lang))
            .collect(),
    };
    output::to_js(&result).map_err(throw(lang))
}

/// The options of `evaluatePlan`: the language of errors, and the `options` and `overrides`
/// documents of the `evaluate_plan` operation (`strict` becomes `mode`).
fn evaluate_options(options: &JsValue) -> Face<(Lang, Value, Value)> {
    // the overrides are read first and on their own: their paths are those of the
    // `evaluate_plan` document (`overrides[0].value`), also for what the converter refuses
    let overrides = if convert::is_plain_object(options) {
        let v = js_sys::Reflect::get(options, &JsValue::from_str("overrides")).map_err(|_| {
            Error::from(
                Violation::new(Code::P010, "options.overrides")
                    .with("detail", "reading the value threw"),
            )
        })?;
        opt_arg(&v, "overrides")?.unwrap_or(Value::Null)
    } else {
        Value::Null
    };
    let mut m = options_map(options, "options")?;
    m.remove("overrides");
    let lang = lang_of(&mut m)?;
    let strict = take::<bool>(&mut m, "strict", "options")?;
    if let Some(strict) = strict {
        if m.get("mode").is_some_and(|v| !v.is_null()) {
            return Err(Violation::new(Code::P010, "options.strict")
                .with("detail", "give strict or mode, not both")
                .into());
        }
        let mode = if strict { Mode::Strict } else { Mode::Lenient };
        let mode = serde_json::to_value(mode).map_err(|e| {
            Error::from(Violation::new(Code::P001, "options.strict").with("detail", e.to_string()))
        })?;
        m.insert("mode".to_owned(), mode);
    }
    Ok((lang, Value::Object(m), overrides))
}

/// Evaluates a plan: grant, forwardings, staffing, totals, violations and the trace
/// (an `Evaluation`, schema `kim.evaluation.v1`).
///
/// `options`: `strict` (`true`: a date without a known rate is an error; `false`: the last
/// known rate is carried forward and marked assumed; default: the plan's own mode), `mode`
/// (the same as `"strict"`/`"lenient"`; give one of the two), `stichtag`, `overrides`
/// (what-if rates `{ key, from, to, value }`), `lang` (`"en"` default or `"de"`: the language
/// of a thrown `KimError`'s messages). A plan that breaks rules is evaluated as far as it can
/// be; its violations are in the result. Throws a `KimError` for unreadable input: paths as in
/// the `evaluate_plan` document with the plan at the root (`funded[0].fte`, `options.mode`,
/// `overrides[0].value`).
#[wasm_bindgen(js_name = evaluatePlan, unchecked_return_type = "Evaluation")]
pub fn evaluate_plan(
    #[wasm_bindgen(unchecked_param_type = "Plan")] doc: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let (lang, eval, overrides) = evaluate_options(&options).map_err(throw(Lang::En))?;
    let run = || -> Face<JsValue> {
        let plan = Plan::from_json(&convert::to_text(&doc, "")?)?;
        output::to_js(&evaluate_read(&plan, eval, overrides, Params::embedded())?)
    };
    run().map_err(throw(lang))
}

/// The embedded example plan: Kreis Heinsberg 2023, built from its council papers.
#[wasm_bindgen(js_name = examplePlan, unchecked_return_type = "Plan")]
pub fn example_plan() -> Result<JsValue, JsValue> {
    output::to_js(&Plan::example()).map_err(throw(Lang::En))
}

// ------------------------------------------------------------------------------------------
// grant, forwarding, distribution, report, synthetic data
// ------------------------------------------------------------------------------------------

/// The Land's grant for funded posts: `{ posts, options: { year, … }, overrides? }`.
#[wasm_bindgen(unchecked_return_type = "Grant")]
pub fn grant(
    #[wasm_bindgen(unchecked_param_type = "GrantInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    op_export("grant", &input)
}

/// One forwarding with its onward chain: reimbursement, top-up, Eigenanteil
/// (`{ forwarding, options: { year, … } }`).
#[wasm_bindgen(unchecked_return_type = "ForwardingResult")]
pub fn forward(
    #[wasm_bindgen(unchecked_param_type = "ForwardInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    op_export("forward", &input)
}

/// Distributes posts among units by weights (`{ weights, total, options?, regions?,
/// overrides? }`).
#[wasm_bindgen(unchecked_return_type = "Distribution")]
pub fn distribute(
    #[wasm_bindgen(unchecked_param_type = "DistributionInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    op_export("distribute", &input)
}

/// Report tables for a period (`{ period: "2023" | "2023-Q2" | "2023-04" | "a..b", plan?,
/// cases? }`).
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn report(
    #[wasm_bindgen(unchecked_param_type = "ReportInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    op_export("report", &input)
}

/// The options of `reportHtml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportHtmlOptions {
    #[serde(default)]
    cases: Option<Value>,
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    lang: Option<Lang>,
}

/// The council report (Sachstandsbericht) of a plan as one self-contained HTML page, a string
/// (`kim_core::council::render_html`): funding per Baustein with the source of each rate,
/// forwardings and their financial impact, staff, the distribution among the Kommunen, case
/// figures per quarter and topic (small counts suppressed), the explanation and the parameter
/// sources; inline CSS and SVG, printable on A4, nothing loaded from elsewhere.
///
/// `options`: `cases` (a `kim.cases.v1` document; default: the plan's inline cases), `period`
/// (default: the plan's year), `lang` (`"de"` default or `"en"`: the language of the page and of
/// a thrown `KimError`'s messages). Throws a `KimError` for unreadable input: paths with the
/// plan at the root (`funded[0].fte`) and `options.cases.…`, `options.period`.
#[wasm_bindgen(js_name = reportHtml)]
pub fn report_html(
    #[wasm_bindgen(unchecked_param_type = "Plan")] doc: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ReportHtmlOptions")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    let options = options_of::<ReportHtmlOptions>(options, Lang::De)?;
    let lang = options.lang.unwrap_or(Lang::De);
    let run = || -> Face<String> {
        let cases = options
            .cases
            .map(|c| {
                kim_core::cases::CasesDocument::from_value(c).map_err(|e| e.under("options.cases"))
            })
            .transpose()?;
        let plan = Plan::from_json(&convert::to_text(&doc, "")?)?;
        let period = kim_core::reporting::ReportPeriod::of_plan(&plan, options.period.as_deref())
            .map_err(|e| e.under("options"))?;
        kim_core::council::render_html(&plan, cases.as_ref(), &period, lang)
    };
    run().map_err(throw(lang))
}

/// Seeded synthetic case data, a `kim.cases.v1` document (`{ seed?, year?, cases?,
/// consultations?, kommunen?, state? }`); the same seed gives the same document in every face.
#[wasm_bindgen(unchecked_return_type = "CasesDocument")]
pub fn synthetic(
    #[wasm_bindgen(unchecked_optional_param_type = "SyntheticInput")] input: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let input = input.unwrap_or(JsValue::UNDEFINED);
    opt_arg(&input, "")
        .and_then(|v| op("synthetic", &v.unwrap_or_else(|| Value::Object(Map::new()))))
        .map_err(throw(Lang::En))
}

// ------------------------------------------------------------------------------------------
// cases
// ------------------------------------------------------------------------------------------

/// The allowed transitions of the case lifecycle (from, event, to), with labels.
#[wasm_bindgen(js_name = transitionTable, unchecked_return_type = "Transition[]")]
pub fn transition_table() -> Result<JsValue, JsValue> {
    output::to_js(&kim_core::cases::transition_table()).map_err(throw(Lang::En))
}

/// Replays one case's events in recorded order: final state, record, timeline, violations.
/// `config` is a Kreis's case configuration (optional).
#[wasm_bindgen(js_name = replayCase, unchecked_return_type = "ReplayReport")]
pub fn replay_case(
    #[wasm_bindgen(unchecked_param_type = "CaseEvent[]")] events: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CaseConfig")] config: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let config = config.unwrap_or(JsValue::UNDEFINED);
    let run = || -> Face<JsValue> {
        let mut doc = Map::new();
        doc.insert("events".to_owned(), arg(&events, "events")?);
        if let Some(c) = opt_arg(&config, "config")? {
            doc.insert("config".to_owned(), c);
        }
        op("case_replay", &Value::Object(doc))
    };
    run().map_err(throw(Lang::En))
}

/// Replays a whole `kim.cases.v1` document, case by case.
#[wasm_bindgen(js_name = replayCases, unchecked_return_type = "CasesReplay")]
pub fn replay_cases(
    #[wasm_bindgen(unchecked_param_type = "CasesDocument")] doc: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Face<JsValue> {
        let d = kim_core::cases::CasesDocument::from_json(&convert::to_text(&doc, "")?)?;
        output::to_js(&kim_core::cases::replay_document(&d))
    };
    run().map_err(throw(Lang::En))
}

// ------------------------------------------------------------------------------------------
// batches: one crossing per batch (kim_core::batch; one thread in the browser)
// ------------------------------------------------------------------------------------------

/// The elements of an array argument as documents, each converted on its own (the size and
/// nesting limits hold per item, as in Python: a batch may be larger than one document).
fn batch_values(v: &JsValue, path: &str) -> Face<Vec<Value>> {
    convert::batch_elements(v, path)?
        .iter()
        .enumerate()
        .map(|(i, item)| arg(item, &format!("{path}[{i}]")))
        .collect()
}

/// The elements of an array argument, each read with its index in the path (`[3].fte`).
fn batch_items<T: serde::de::DeserializeOwned>(v: &JsValue, path: &str) -> Face<Vec<T>> {
    batch_values(v, path)?
        .into_iter()
        .enumerate()
        .map(|(i, item)| read(item, &format!("{path}[{i}]")))
        .collect()
}

/// Every result of a batch as a JS array, or the first error with the item's index in its path.
/// Each item goes through the writer of its single call (no writer per array type).
fn batch_results<T: Serialize>(results: Vec<kim_core::Result<T>>) -> Face<JsValue> {
    let out = js_sys::Array::new();
    for (i, r) in results.into_iter().enumerate() {
        let item = r.map_err(|e| e.under(&format!("[{i}]")))?;
        out.push(&output::to_js(&item)?);
    }
    Ok(out.into())
}

/// Evaluates many plans with the same options (as `evaluatePlan` takes them) in one call:
/// one `Evaluation` per plan, in order. The first plan that cannot be read or evaluated throws a
/// `KimError` with its index first in the path (`[3].funded[0].fte`).
#[wasm_bindgen(js_name = evaluateMany, unchecked_return_type = "Evaluation[]")]
pub fn evaluate_many(
    #[wasm_bindgen(unchecked_param_type = "Plan[]")] plans: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let (lang, eval, overrides) = evaluate_options(&options).map_err(throw(Lang::En))?;
    let run = || -> Face<JsValue> {
        let plans: Vec<Plan> = batch_values(&plans, "")?
            .into_iter()
            .enumerate()
            .map(|(i, p)| Plan::from_value(p).map_err(|e| e.under(&format!("[{i}]"))))
            .collect::<Face<_>>()?;
        let (opts, params) =
            kim_core::conformance::evaluation_setup(eval, overrides, Params::embedded())?;
        batch_results(kim_core::batch::evaluate_many(&plans, &params, &opts))
    };
    run().map_err(throw(lang))
}

/// Replays the events of many cases in one call: one `ReplayReport` per case, in the order each
/// case first appears (`config`: a Kreis's case configuration, optional).
#[wasm_bindgen(js_name = replayMany, unchecked_return_type = "ReplayReport[]")]
pub fn replay_many(
    #[wasm_bindgen(unchecked_param_type = "CaseEvent[]")] events: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CaseConfig")] config: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let config = config.unwrap_or(JsValue::UNDEFINED);
    let run = || -> Face<JsValue> {
        let events: Vec<kim_core::cases::CaseEvent> = batch_items(&events, "")?;
        kim_core::cases::check_event_limit(&events).map_err(Error::from)?;
        let config: kim_core::cases::CaseConfig = match opt_arg(&config, "config")? {
            Some(c) => read(c, "config")?,
            None => kim_core::cases::CaseConfig::default(),
        };
        let reports = kim_core::batch::replay_many(&events, &config);
        batch_results(reports.into_iter().map(Ok).collect())
    };
    run().map_err(throw(Lang::En))
}

/// Distributes posts for many scenarios (`distribute` documents) in one call, in order.
#[wasm_bindgen(js_name = distributeMany, unchecked_return_type = "Distribution[]")]
pub fn distribute_many(
    #[wasm_bindgen(unchecked_param_type = "DistributionInput[]")] inputs: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Face<JsValue> {
        let inputs: Vec<kim_core::allocation::DistributionInput> = batch_items(&inputs, "")?;
        batch_results(kim_core::batch::distribute_many(&inputs))
    };
    run().map_err(throw(Lang::En))
}

/// The Land's grant for many requests (`{ posts, options }` each) in one call, in order.
#[wasm_bindgen(js_name = grantLines, unchecked_return_type = "Grant[]")]
pub fn grant_lines(
    #[wasm_bindgen(unchecked_param_type = "GrantRequest[]")] requests: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Face<JsValue> {
        let requests: Vec<kim_core::batch::GrantRequest> = batch_items(&requests, "")?;
        batch_results(kim_core::batch::grant_lines(&requests, Params::embedded()))
    };
    run().map_err(throw(Lang::En))
}

// ------------------------------------------------------------------------------------------
// numbers
// ------------------------------------------------------------------------------------------

/// Parses text as `type` (`"fte"` or `"euro"`) through the `parse` operation; the value as
/// a decimal string.
fn parse(kind: &str, text: &JsValue, locale: &JsValue) -> Face<String> {
    let mut doc = Map::new();
    doc.insert("type".to_owned(), Value::from(kind));
    doc.insert("text".to_owned(), arg(text, "text")?);
    if let Some(l) = opt_arg(locale, "locale")? {
        doc.insert("locale".to_owned(), l);
    }
    match run("parse", &Value::Object(doc))? {
        Output::Parsed(p) => Ok(p.value.to_string()),
        _ => Err(Violation::new(Code::P016, "").with("text", "parse").into()),
    }
}

/// A locale argument (`"de"`, `"en"`, `"plain"`/`""`); `default` when absent.
fn locale_arg(v: &JsValue, default: Locale) -> Face<Locale> {
    match opt_arg(v, "locale")? {
        None => Ok(default),
        Some(l) => read::<String>(l, "locale")?
            .parse()
            .map_err(|e: Error| e.under("locale")),
    }
}

/// VZÄ from text: `"1.5"`, or `"1,5"` with locale `"de"`. Returns the exact value as a
/// decimal string. Without a locale, text that reads differently in German and English
/// (`"1,5"`, `"1.500"`) is refused (`KIM-P003`), never guessed.
#[wasm_bindgen(js_name = parseFte, unchecked_return_type = "Fte")]
pub fn parse_fte(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Locale")] locale: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let locale = locale.unwrap_or(JsValue::UNDEFINED);
    parse("fte", &text, &locale)
        .map(JsValue::from)
        .map_err(throw(Lang::En))
}

/// An amount from text: `"55000"`, or `"55.000,00 €"` with locale `"de"`. Returns the amount
/// as a decimal string with two places (`"55000.00"`).
#[wasm_bindgen(js_name = parseEuro, unchecked_return_type = "Euro")]
pub fn parse_euro(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Locale")] locale: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let locale = locale.unwrap_or(JsValue::UNDEFINED);
    parse("euro", &text, &locale)
        .map(JsValue::from)
        .map_err(throw(Lang::En))
}

/// An amount (decimal string or safe integer) in German (`"82.500,00 €"`, the default),
/// English (`"82,500.00 €"`) or plain (`"82500.00"`) notation.
#[wasm_bindgen(js_name = formatEuro)]
pub fn format_euro(
    #[wasm_bindgen(unchecked_param_type = "Euro | number")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Locale")] locale: Option<JsValue>,
) -> Result<String, JsValue> {
    let locale = locale.unwrap_or(JsValue::UNDEFINED);
    let run = || -> Face<String> {
        let euro: Euro = read(arg(&value, "value")?, "value")?;
        Ok(euro.format(locale_arg(&locale, Locale::De)?))
    };
    run().map_err(throw(Lang::En))
}

/// VZÄ (decimal string or safe integer) in German (`"1,5"`, the default), English (`"1.5"`)
/// or plain notation.
#[wasm_bindgen(js_name = formatFte)]
pub fn format_fte(
    #[wasm_bindgen(unchecked_param_type = "Fte | number")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Locale")] locale: Option<JsValue>,
) -> Result<String, JsValue> {
    let locale = locale.unwrap_or(JsValue::UNDEFINED);
    let run = || -> Face<String> {
        let fte: Fte = read(arg(&value, "value")?, "value")?;
        Ok(fte.format(locale_arg(&locale, Locale::De)?))
    };
    run().map_err(throw(Lang::En))
}

// ------------------------------------------------------------------------------------------
// reference data and the generic entry
// ------------------------------------------------------------------------------------------

/// Every code list with German and English labels, and the terms of result fields.
#[wasm_bindgen(unchecked_return_type = "KimVocabulary")]
pub fn vocabulary() -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Vocabulary {
        vocabularies: Vec<kim_core::vocab::Vocabulary>,
        terms: &'static [kim_core::vocab::Term],
    }
    output::to_js(&Vocabulary {
        vocabularies: kim_core::vocab::vocabularies(),
        terms: kim_core::vocab::TERMS,
    })
    .map_err(throw(Lang::En))
}

/// Runs one operation of the shared conformance vectors on its document (`parse`, `grant`,
/// `forward`, `distribute`, `evaluate_plan`, `validate_plan`, `case_replay`, `report`,
/// `synthetic`, `distribute_many`, `replay_many`), exactly as `kim vectors` does. For documents the typed functions cannot
/// express; prefer those.
#[wasm_bindgen(js_name = runOp, unchecked_return_type = "OperationOutput")]
pub fn run_op(
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    #[wasm_bindgen(unchecked_param_type = "unknown")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Face<JsValue> {
        let name: String = read(arg(&name, "op")?, "op")?;
        op(&name, &arg(&input, "")?)
    };
    run().map_err(throw(Lang::En))
}

/// The version of kim (the Cargo package version).
#[wasm_bindgen]
pub fn version() -> String {
    kim_core::VERSION.to_owned()
}
