//! Conformance vectors (`tests/vectors/**.json`, schema `kim.vectors.v1`): the same cases run
//! unchanged by every face. This module holds the Rust face's runner: it sends each case
//! through kim-core's public API ([`run_op`]) and compares the result as data ([`matches()`]).
//!
//! Comparison rules, identical in every face:
//! * `expect` is a *subset*: every key it names must be present and equal; other keys are ignored.
//!   An expected `null` also matches an absent key (results leave out empty optional fields).
//! * Arrays must have the same length and match element by element.
//! * Two strings that both read as plain decimals compare as decimals (`"82500.00"` = `"82500"`).
//! * `expect_error` names the `code` and, if given, the `path` of the (first) error.
//!
//! ```
//! use kim_core::conformance::{run_op, matches};
//! use serde_json::json;
//! let out = run_op("parse", &json!({"type": "euro", "text": "55.000,00 €", "locale": "de"})).unwrap();
//! assert!(matches(&json!({"value": "55000"}), &out).is_ok());
//! ```

use crate::doc::from_value;
use crate::error::{Error, Result};
use crate::forwarding::{ForwardOptions, Forwarding, forward};
use crate::funding::{GrantOptions, grant};
use crate::money::{Euro, Fte, Locale};
use crate::params::{Params, RateKey};
use crate::plan::{EvalOptions, Plan, evaluate, validate};
use crate::program::FundedPost;
use crate::validate::{Code, Violation};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Schema name of vector files.
pub const VECTORS_SCHEMA: &str = "kim.vectors.v1";

/// A vector file.
///
/// ```
/// use kim_core::conformance::VectorFile;
/// let text = r#"{"schema": "kim.vectors.v1", "area": "grant", "source": "docs", "cases": [
///   {"name": "two case managers", "op": "grant", "input": {"posts": [{"kind": "case_manager", "fte": "2"}],
///    "options": {"year": 2023}}, "expect": {"total": "114000.00"}}]}"#;
/// let file: VectorFile = serde_json::from_str(text).unwrap();
/// assert_eq!((file.area.as_str(), file.cases.len()), ("grant", 1));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VectorFile {
    /// Always `kim.vectors.v1`.
    #[cfg_attr(feature = "schema", schemars(extend("const" = "kim.vectors.v1")))]
    pub schema: String,
    /// Area (`parse`, `grant`, `forwarding`, `plan`, …).
    pub area: String,
    /// Where the numbers come from.
    pub source: String,
    /// The cases.
    pub cases: Vec<VectorCase>,
}

/// One case.
///
/// ```
/// use kim_core::conformance::VectorFile;
/// let text = r#"{"schema": "kim.vectors.v1", "area": "grant", "source": "docs", "cases": [
///   {"name": "two case managers", "op": "grant", "input": {"posts": [{"kind": "case_manager", "fte": "2"}],
///    "options": {"year": 2023}}, "expect": {"total": "114000.00"}}]}"#;
/// let file: VectorFile = serde_json::from_str(text).unwrap();
/// assert!(kim_core::conformance::check_case(&file.cases[0]).is_ok());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VectorCase {
    /// Name, unique in the file.
    pub name: String,
    /// Operation: `parse`, `grant`, `forward`, `distribute`, `evaluate_plan`, `validate_plan`,
    /// `case_replay`, `report`, `synthetic`, `distribute_many` (`{"inputs": […]}`) and
    /// `replay_many` (`{"events": […], "config"?}`), the batches of [`crate::batch`].
    pub op: String,
    /// Input document of the operation.
    pub input: Value,
    /// Expected result (subset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Value>,
    /// Expected error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect_error: Option<ExpectedError>,
    /// Why the case matters (the bad-input catalogue, `docs/bad-inputs.md`, shows it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// The faces that run the case ([`FACES`]); absent: every face. Only for an input that one
    /// face cannot express: a Python `float('nan')` or a JavaScript `undefined` (a special value,
    /// see [`expand_specials`]) has no counterpart in a Rust `serde_json::Value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faces: Option<Vec<String>>,
}

/// The faces that run the shared vectors.
pub const FACES: [&str; 3] = ["rust", "python", "js"];

impl VectorCase {
    /// Does `face` (one of [`FACES`]) run this case?
    ///
    /// ```
    /// use kim_core::conformance::VectorCase;
    /// let case: VectorCase = serde_json::from_value(serde_json::json!({"name": "NaN", "op": "grant",
    ///     "input": {}, "expect_error": {"code": "KIM-P004"}, "faces": ["python", "js"]})).unwrap();
    /// assert!(case.runs_in("js") && !case.runs_in("rust"));
    /// ```
    pub fn runs_in(&self, face: &str) -> bool {
        self.faces
            .as_ref()
            .is_none_or(|f| f.iter().any(|x| x == face))
    }
}

/// Expands the special values of a vector input for the Rust face: inputs too large to write
/// into a vector file, written as an object with the key `"$special"`:
///
/// * `{"$special": "string", "repeat": "x", "count": 10485761}` — the text repeated;
/// * `{"$special": "nested", "kind": "array" | "object", "depth": 150}` — arrays (`[[…[]…]]`)
///   or objects (`{"a": {"a": … {}}}`) nested `depth` levels deep.
///
/// Every face expands these two the same way. The other special values name a value of one
/// face (`"nan"`, `"infinity"`, `"-infinity"` in Python and JavaScript; `"py:…"` and `"js:…"`
/// values, see `tests/vectors/bad-inputs/`) and are only in cases whose [`VectorCase::faces`]
/// leave Rust out; here they are an error.
///
/// ```
/// use kim_core::conformance::expand_specials;
/// use serde_json::json;
/// let v = expand_specials(&json!({"name": {"$special": "string", "repeat": "ab", "count": 2}})).unwrap();
/// assert_eq!(v, json!({"name": "abab"}));
/// assert!(expand_specials(&json!({"$special": "nan"})).is_err());
/// ```
pub fn expand_specials(v: &Value) -> std::result::Result<Value, String> {
    match v {
        Value::Object(o) => match o.get("$special") {
            Some(kind) => special(kind.as_str().unwrap_or_default(), o),
            None => o
                .iter()
                .map(|(k, v)| Ok((k.clone(), expand_specials(v)?)))
                .collect::<std::result::Result<_, String>>()
                .map(Value::Object),
        },
        Value::Array(a) => a
            .iter()
            .map(expand_specials)
            .collect::<std::result::Result<_, String>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

fn special(kind: &str, o: &serde_json::Map<String, Value>) -> std::result::Result<Value, String> {
    let count = |key: &str| {
        o.get(key)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| format!("special value {kind:?} needs a whole number {key:?}"))
    };
    match kind {
        "string" => {
            let unit = o.get("repeat").and_then(Value::as_str).unwrap_or("x");
            Ok(Value::String(unit.repeat(count("count")?)))
        }
        "nested" => {
            let object = o.get("kind").and_then(Value::as_str) == Some("object");
            let mut v = if object {
                Value::Object(serde_json::Map::new())
            } else {
                Value::Array(Vec::new())
            };
            for _ in 1..count("depth")? {
                v = if object {
                    Value::Object([("a".to_owned(), v)].into_iter().collect())
                } else {
                    Value::Array(vec![v])
                };
            }
            Ok(v)
        }
        other => Err(format!(
            "special value {other:?} cannot be expressed in Rust (give the case \"faces\" without \"rust\")"
        )),
    }
}

/// An expected error.
///
/// ```
/// use kim_core::conformance::VectorCase;
/// let case: VectorCase = serde_json::from_str(r#"{"name": "float", "op": "grant", "input": {"posts":
///   [{"kind": "case_manager", "fte": 1.5}], "options": {"year": 2023}},
///   "expect_error": {"code": "KIM-P004", "path": "posts[0].fte"}}"#).unwrap();
/// assert!(kim_core::conformance::check_case(&case).is_ok());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExpectedError {
    /// Code of the first error.
    pub code: String,
    /// Path of the first error, if checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// A what-if override of one rate, as used in vector inputs.
///
/// ```
/// use kim_core::conformance::{params_with, RateOverride};
/// let o: RateOverride = serde_json::from_str(r#"{"key": "case_manager", "from": "2023-01-01", "value": "60000"}"#).unwrap();
/// assert!(params_with(&[o]).is_ok());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RateOverride {
    /// Rate key.
    pub key: RateKey,
    /// First day.
    #[serde(with = "crate::period::date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub from: NaiveDate,
    /// Last day (open when absent).
    #[serde(default, with = "crate::period::date::option")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate | null"))]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::IsoDate>"))]
    pub to: Option<NaiveDate>,
    /// Amount per VZÄ and year.
    pub value: Euro,
}

/// Applies overrides to the default parameter table.
///
/// ```
/// use kim_core::conformance::params_with;
/// assert!(params_with(&[]).is_ok()); // no override: the embedded table
/// ```
pub fn params_with(overrides: &[RateOverride]) -> Result<Params> {
    params_over(Params::embedded(), overrides)
}

/// Applies overrides to a parameter table.
///
/// ```
/// use kim_core::conformance::{params_over, RateOverride};
/// let o: RateOverride = serde_json::from_str(r#"{"key": "case_manager", "from": "2030-01-01", "value": "60000"}"#).unwrap();
/// let p = params_over(kim_core::Params::embedded(), &[o]).unwrap();
/// let day = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
/// assert!(p.rate(kim_core::RateKey::CaseManager, day, kim_core::Mode::Strict).is_ok());
/// ```
pub fn params_over(base: &Params, overrides: &[RateOverride]) -> Result<Params> {
    overrides.iter().try_fold(base.clone(), |p, o| {
        p.with_override(o.key, o.from, o.to, o.value)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParseInput {
    #[serde(rename = "type")]
    kind: String,
    text: String,
    #[serde(default)]
    locale: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GrantInput {
    posts: Vec<FundedPost>,
    options: GrantOptions,
    #[serde(default)]
    overrides: Vec<RateOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForwardInput {
    forwarding: Forwarding,
    options: ForwardOptions,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanInput {
    plan: Value,
    /// Read by [`evaluate_read`] (errors under `options`).
    #[serde(default)]
    options: Value,
    /// Read by [`evaluate_read`] (errors under `overrides`).
    #[serde(default)]
    overrides: Value,
}

/// Input of `distribute_many`: the items of a batch ([`crate::batch`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchInput<T> {
    inputs: Vec<T>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplayInput {
    events: Vec<crate::cases::CaseEvent>,
    #[serde(default)]
    config: crate::cases::CaseConfig,
}

/// Input of the `synthetic` operation: what [`crate::synthetic::kreis_year`] (or with
/// `state`, [`crate::synthetic::state_year`]) generates.
#[cfg(feature = "synthetic")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SyntheticInput {
    #[serde(default = "default_seed")]
    seed: u64,
    #[serde(default = "default_year")]
    year: i32,
    #[serde(default)]
    cases: Option<usize>,
    #[serde(default)]
    consultations: Option<usize>,
    /// Kommunen with weights (e.g. population), in order; default the ten of Kreis Heinsberg.
    #[serde(default)]
    kommunen: Option<Vec<SyntheticKommune>>,
    #[serde(default)]
    state: bool,
}

#[cfg(feature = "synthetic")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SyntheticKommune {
    unit: String,
    weight: u64,
}

/// At most this many cases (and ten times as many consultations) in one `synthetic` call.
///
/// ```
/// use kim_core::conformance::run_op;
/// use serde_json::json;
///
/// let doc = run_op("synthetic", &json!({"seed": 1, "cases": 2, "consultations": 3})).unwrap();
/// assert_eq!(doc["schema_version"], "kim.cases.v1");
/// let err = run_op("synthetic", &json!({"cases": 100_001})).unwrap_err();
/// assert_eq!(err.violations()[0].code.as_str(), "KIM-P005");
/// ```
#[cfg(feature = "synthetic")]
pub const SYNTHETIC_MAX_CASES: usize = 100_000;

#[cfg(feature = "synthetic")]
fn default_seed() -> u64 {
    2023
}

#[cfg(feature = "synthetic")]
fn default_year() -> i32 {
    2023
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportInput {
    #[serde(default)]
    plan: Option<Value>,
    #[serde(default)]
    cases: Option<Value>,
    period: String,
}

fn to_json<T: Serialize>(v: &T) -> Result<Value> {
    serde_json::to_value(v)
        .map_err(|e| Error::one(Violation::new(Code::P001, "").with("detail", e.to_string())))
}

/// The `evaluate_plan` operation on a plan that is already read (a binding keeps a parsed
/// [`Plan`] and evaluates it many times): `options` and `overrides` are the operation's
/// documents (`null` for the defaults), their errors are reported under `options` and
/// `overrides` exactly as by [`run_op_with`].
///
/// ```
/// use kim_core::conformance::{Output, evaluate_read};
/// use kim_core::{Params, Plan};
/// use serde_json::json;
///
/// let plan = Plan::example(); // read once, evaluated twice
/// let base = evaluate_read(&plan, json!(null), json!(null), Params::embedded()).unwrap();
/// let what_if = json!([{"key": "case_manager", "from": "2023-01-01", "value": "60000"}]);
/// let raised = evaluate_read(&plan, json!(null), what_if, Params::embedded()).unwrap();
/// let total = |o: Output| match o {
///     Output::Evaluation(e) => e.grant.map(|g| g.total),
///     _ => None,
/// };
/// let (a, b) = (total(base).unwrap(), total(raised).unwrap());
/// assert_eq!((b.amount() - a.amount()).to_string(), "36000.00");
///
/// let bad = evaluate_read(&plan, json!({"mode": "sloppy"}), json!(null), Params::embedded());
/// assert_eq!(bad.unwrap_err().violations()[0].path, "options.mode");
/// ```
pub fn evaluate_read(
    plan: &Plan,
    options: Value,
    overrides: Value,
    base: &Params,
) -> Result<Output> {
    let (options, params) = evaluation_setup(options, overrides, base)?;
    Ok(Output::Evaluation(evaluate(plan, &params, &options)?))
}

/// The options and parameter table of an evaluation from the `options` and `overrides`
/// documents (`null`: defaults, none), as [`evaluate_read`] reads them — once for a whole batch
/// ([`crate::batch::evaluate_many`]).
///
/// ```
/// use kim_core::conformance::evaluation_setup;
/// use kim_core::{Mode, Params};
/// use serde_json::json;
/// let (options, _params) = evaluation_setup(json!({"mode": "lenient"}), json!(null), Params::embedded()).unwrap();
/// assert_eq!(options.mode, Some(Mode::Lenient));
/// let e = evaluation_setup(json!({"mode": "sloppy"}), json!(null), Params::embedded()).unwrap_err();
/// assert_eq!(e.violations()[0].path, "options.mode");
/// ```
pub fn evaluation_setup(
    options: Value,
    overrides: Value,
    base: &Params,
) -> Result<(EvalOptions, Params)> {
    let options: EvalOptions = if options.is_null() {
        EvalOptions::default()
    } else {
        from_value(options).map_err(|e| e.under("options"))?
    };
    let overrides: Vec<RateOverride> = if overrides.is_null() {
        Vec::new()
    } else {
        from_value(overrides).map_err(|e| e.under("overrides"))?
    };
    let params = params_over(base, &overrides).map_err(|e| e.under("overrides"))?;
    Ok((options, params))
}

/// Runs one operation on an input document through the public API.
///
/// ```
/// use kim_core::conformance::run_op;
/// let out = run_op("parse", &serde_json::json!({"type": "fte", "text": "1,5", "locale": "de"})).unwrap();
/// assert_eq!(out["value"], "1.5");
/// ```
pub fn run_op(op: &str, input: &Value) -> Result<Value> {
    to_json(&run_op_typed(op, input)?)
}

/// The result of an operation, typed: serialises exactly like [`run_op`]'s JSON, and keeps
/// kim's decimal and date marks for bindings that produce native types.
///
/// ```
/// use kim_core::conformance::{run_op_typed, Output};
/// let out = run_op_typed("parse", &serde_json::json!({"type": "euro", "text": "82.500,00 €", "locale": "de"})).unwrap();
/// assert!(matches!(out, Output::Parsed(_)));
/// ```
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", tsify(rename = "OperationOutput"))]
#[cfg_attr(feature = "schema", schemars(rename = "OperationOutput"))]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)]
pub enum Output {
    /// `parse`.
    Parsed(Parsed),
    /// `grant`.
    Grant(crate::funding::Grant),
    /// `forward`.
    Forward(crate::forwarding::ForwardingResult),
    /// `distribute`.
    Distribution(crate::allocation::Distribution),
    /// `evaluate_plan`.
    Evaluation(crate::plan::Evaluation),
    /// `validate_plan`.
    Violations {
        /// Every violation.
        violations: Vec<Violation>,
    },
    /// `case_replay` of one case's events.
    Replay(crate::cases::ReplayReport),
    /// `case_replay` of a document.
    CasesReplay(crate::cases::CasesReplay),
    /// `report`.
    Report(crate::reporting::Report),
    /// `synthetic`: a seeded synthetic `kim.cases.v1` document.
    Cases(crate::cases::CasesDocument),
    /// `distribute_many`, `replay_many`: one result per item or case, in order.
    Batch(
        #[cfg_attr(feature = "ts", tsify(type = "OperationOutput[]"))]
        #[cfg_attr(feature = "schema", schemars(with = "Vec<serde_json::Value>"))]
        Vec<Output>,
    ),
}

/// A parsed number with its German and English notation.
///
/// ```
/// use kim_core::conformance::{run_op_typed, Output};
/// let Output::Parsed(p) = run_op_typed("parse", &serde_json::json!({"type": "fte", "text": "1.5", "locale": "en"})).unwrap() else { panic!() };
/// assert_eq!((p.de.as_str(), p.en.as_str()), ("1,5", "1.5"));
/// ```
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Parsed {
    /// The value.
    #[serde(with = "crate::money::decimal_doc")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub value: Decimal,
    /// German notation.
    pub de: String,
    /// English notation.
    pub en: String,
}

/// [`run_op`] with a typed result.
///
/// ```
/// let out = kim_core::conformance::run_op_typed("grant", &serde_json::json!({"posts": [{"kind": "case_manager", "fte": "1"}], "options": {"year": 2023}})).unwrap();
/// assert!(matches!(out, kim_core::conformance::Output::Grant(_)));
/// ```
pub fn run_op_typed(op: &str, input: &Value) -> Result<Output> {
    run_op_with(op, input, Params::embedded())
}

/// [`run_op_typed`] with a parameter table of the caller's (overrides in the input apply on
/// top of it).
///
/// ```
/// use kim_core::conformance::run_op_with;
/// let input = serde_json::json!({"posts": [{"kind": "case_manager", "fte": "1"}], "options": {"year": 2023}});
/// assert!(run_op_with("grant", &input, kim_core::Params::embedded()).is_ok());
/// ```
pub fn run_op_with(op: &str, input: &Value, base: &Params) -> Result<Output> {
    match op {
        "parse" => {
            let i: ParseInput = crate::doc::read(input)?;
            let locale: Locale = i
                .locale
                .as_deref()
                .unwrap_or("")
                .parse()
                .map_err(|e: Error| e.under("locale"))?;
            match i.kind.as_str() {
                "euro" => {
                    let v = Euro::parse(&i.text, locale).map_err(|e| e.under("text"))?;
                    Ok(Output::Parsed(Parsed {
                        value: v.amount(),
                        de: v.format(Locale::De),
                        en: v.format(Locale::En),
                    }))
                }
                "fte" => {
                    let v = Fte::parse(&i.text, locale).map_err(|e| e.under("text"))?;
                    Ok(Output::Parsed(Parsed {
                        value: v.value(),
                        de: v.format(Locale::De),
                        en: v.format(Locale::En),
                    }))
                }
                other => Err(Violation::new(Code::P011, "type")
                    .with("detail", format!("type {other}; expected euro or fte"))
                    .into()),
            }
        }
        "grant" => {
            let i: GrantInput = crate::doc::read(input)?;
            let params = params_over(base, &i.overrides).map_err(|e| e.under("overrides"))?;
            Ok(Output::Grant(grant(&params, &i.posts, &i.options)?))
        }
        "forward" => {
            let i: ForwardInput = crate::doc::read(input)?;
            Ok(Output::Forward(forward(&i.forwarding, &i.options)?))
        }
        "evaluate_plan" => {
            let i: PlanInput = crate::doc::read(input)?;
            let plan = Plan::from_value(i.plan).map_err(|e| e.under("plan"))?;
            evaluate_read(&plan, i.options, i.overrides, base)
        }
        "distribute" => {
            let i: crate::allocation::DistributionInput = crate::doc::read(input)?;
            Ok(Output::Distribution(crate::allocation::distribute_input(
                &i,
            )?))
        }
        "validate_plan" => {
            let i: PlanInput = crate::doc::read(input)?;
            let plan = Plan::from_value(i.plan).map_err(|e| e.under("plan"))?;
            Ok(Output::Violations {
                violations: validate(&plan),
            })
        }
        "case_replay" => {
            // a whole kim.cases.v1 document, or one case's events with an optional config
            if input.get("schema_version").is_some() {
                let d = crate::cases::CasesDocument::read(input)?;
                Ok(Output::CasesReplay(crate::cases::replay_document(&d)))
            } else {
                let i: ReplayInput = crate::doc::read(input)?;
                crate::cases::check_event_limit(&i.events)?;
                Ok(Output::Replay(crate::cases::replay_with(
                    &i.events, &i.config,
                )))
            }
        }
        "report" => {
            let i: ReportInput = crate::doc::read(input)?;
            let period: crate::reporting::ReportPeriod = i.period.parse()?;
            let plan = i
                .plan
                .map(|p| Plan::from_value(p).map_err(|e| e.under("plan")))
                .transpose()?;
            let cases = i
                .cases
                .map(|c| crate::cases::CasesDocument::from_value(c).map_err(|e| e.under("cases")))
                .transpose()?;
            Ok(Output::Report(crate::reporting::report(
                plan.as_ref(),
                cases.as_ref(),
                &period,
            )?))
        }
        #[cfg(feature = "synthetic")]
        "synthetic" => {
            let i: SyntheticInput = crate::doc::read(input)?;
            if !(1900..=2200).contains(&i.year) {
                return Err(Violation::new(Code::P010, "year")
                    .with("detail", format!("year {} (expected 1900 to 2200)", i.year))
                    .into());
            }
            for (field, n, max) in [
                ("cases", i.cases, SYNTHETIC_MAX_CASES),
                (
                    "consultations",
                    i.consultations,
                    SYNTHETIC_MAX_CASES.saturating_mul(10),
                ),
            ] {
                if let Some(n) = n.filter(|n| *n > max) {
                    return Err(Violation::new(Code::P005, field)
                        .with("text", n.to_string())
                        .with("max", max.to_string())
                        .into());
                }
            }
            if i.state {
                return Ok(Output::Cases(crate::synthetic::state_year(i.seed, i.year)));
            }
            let mut opts = crate::synthetic::SyntheticOptions {
                year: i.year,
                ..crate::synthetic::SyntheticOptions::default()
            };
            if let Some(n) = i.cases {
                opts.cases = n;
            }
            if let Some(n) = i.consultations {
                opts.consultations = n;
            }
            if let Some(k) = i.kommunen {
                opts.kommunen = k.into_iter().map(|k| (k.unit, k.weight)).collect();
            }
            Ok(Output::Cases(crate::synthetic::kreis_year(i.seed, &opts)))
        }
        "distribute_many" => {
            let i: BatchInput<crate::allocation::DistributionInput> = crate::doc::read(input)?;
            let mut out = Vec::with_capacity(i.inputs.len());
            for (k, r) in crate::batch::distribute_many(&i.inputs)
                .into_iter()
                .enumerate()
            {
                out.push(Output::Distribution(
                    r.map_err(|e| e.under(&format!("inputs[{k}]")))?,
                ));
            }
            Ok(Output::Batch(out))
        }
        "replay_many" => {
            let i: ReplayInput = crate::doc::read(input)?;
            crate::cases::check_event_limit(&i.events)?;
            Ok(Output::Batch(
                crate::batch::replay_many(&i.events, &i.config)
                    .into_iter()
                    .map(Output::Replay)
                    .collect(),
            ))
        }
        other => Err(Violation::new(Code::P016, "op").with("text", other).into()),
    }
}

fn as_decimal(v: &Value) -> Option<Decimal> {
    let s = v.as_str()?;
    let ok = !s.is_empty()
        && s.trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.');
    if ok { s.parse().ok() } else { None }
}

/// Checks that `actual` contains `expected` (see the module docs); the error names the first
/// difference by path.
///
/// ```
/// use kim_core::conformance::matches;
/// use serde_json::json;
/// assert!(matches(&json!({"total": "1.50"}), &json!({"total": "1.5", "lines": []})).is_ok()); // decimals as numbers; extra fields are fine
/// assert!(matches(&json!({"total": "2"}), &json!({"total": "1.5"})).is_err());
/// ```
pub fn matches(expected: &Value, actual: &Value) -> std::result::Result<(), String> {
    fn go(e: &Value, a: &Value, path: &str) -> std::result::Result<(), String> {
        match (e, a) {
            (Value::Object(eo), Value::Object(ao)) => {
                for (k, ev) in eo {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    match ao.get(k) {
                        Some(av) => go(ev, av, &p)?,
                        None if ev.is_null() => {}
                        None => return Err(format!("{p}: missing (expected {ev})")),
                    }
                }
                Ok(())
            }
            (Value::Array(ea), Value::Array(aa)) => {
                if ea.len() != aa.len() {
                    return Err(format!(
                        "{path}: expected {} elements, got {} ({a})",
                        ea.len(),
                        aa.len()
                    ));
                }
                for (i, (ev, av)) in ea.iter().zip(aa).enumerate() {
                    go(ev, av, &format!("{path}[{i}]"))?;
                }
                Ok(())
            }
            _ => {
                if let (Some(x), Some(y)) = (as_decimal(e), as_decimal(a))
                    && x == y
                {
                    return Ok(());
                }
                if e == a {
                    Ok(())
                } else {
                    Err(format!("{path}: expected {e}, got {a}"))
                }
            }
        }
    }
    go(expected, actual, "")
}

/// Runs one case and compares; `Err` describes the mismatch.
///
/// ```
/// use kim_core::conformance::VectorFile;
/// let text = r#"{"schema": "kim.vectors.v1", "area": "grant", "source": "docs", "cases": [
///   {"name": "two case managers", "op": "grant", "input": {"posts": [{"kind": "case_manager", "fte": "2"}],
///    "options": {"year": 2023}}, "expect": {"total": "114000.00"}}]}"#;
/// let file: VectorFile = serde_json::from_str(text).unwrap();
/// assert_eq!(kim_core::conformance::check_case(&file.cases[0]), Ok(()));
/// ```
pub fn check_case(case: &VectorCase) -> std::result::Result<(), String> {
    let out = run_op(&case.op, &expand_specials(&case.input)?);
    match (&case.expect_error, out) {
        (Some(want), Err(err)) => {
            if err.code().as_str() != want.code {
                return Err(format!(
                    "expected error {}, got {} ({err})",
                    want.code,
                    err.code()
                ));
            }
            match &want.path {
                Some(p) if p != err.path() => Err(format!(
                    "expected error path {p:?}, got {:?} ({err})",
                    err.path()
                )),
                _ => Ok(()),
            }
        }
        (Some(want), Ok(v)) => Err(format!(
            "expected error {}, got a result: {}",
            want.code,
            clip(&v)
        )),
        (None, Err(err)) => Err(format!("unexpected error: {err}")),
        (None, Ok(v)) => match &case.expect {
            Some(e) => matches(e, &v),
            None => Err("case has neither expect nor expect_error".to_owned()),
        },
    }
}

fn clip(v: &Value) -> String {
    let s = v.to_string();
    s.chars().take(300).collect()
}

/// Renders vector files as the bad-input catalogue `docs/bad-inputs.md`: one table per file,
/// a row per case (what goes in, which faces run it, the operation, the expected code and path,
/// why it matters). `files` are `(file name, file)`, in the order to show.
///
/// ```
/// use kim_core::conformance::{VectorFile, catalogue_markdown};
/// let file: VectorFile = serde_json::from_value(serde_json::json!({"schema": "kim.vectors.v1",
///     "area": "bad-inputs", "source": "example", "cases": [{"name": "VZÄ as a float", "op": "grant",
///     "input": {}, "expect_error": {"code": "KIM-P004", "path": "posts[0].fte"}, "why": "floats are inexact"}]})).unwrap();
/// let page = catalogue_markdown(&[("numbers.json".to_owned(), file)]);
/// assert!(page.contains("| 1 | VZÄ as a float | all | `grant` | `KIM-P004`"));
/// ```
pub fn catalogue_markdown(files: &[(String, VectorFile)]) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let total: usize = files.iter().map(|(_, f)| f.cases.len()).sum();
    let mut out = String::from(
        "# Bad inputs\n\n\
         What kim does with input it must refuse, in every face. Generated from the shared vectors in\n\
         `tests/vectors/bad-inputs/` (`make bad-inputs-md`; `cargo test -p kim-core` fails when this page\n\
         is stale): every row is a conformance vector that the Rust core (`make vectors`, `cargo test`),\n\
         the Python face (`pytest kim-py/tests/test_vectors.py`) and the JavaScript face\n\
         (`node --test kim-wasm/tests/vectors.test.mjs`) run, so the catalogue and the behaviour\n\
         cannot drift. Codes: [errors.md](errors.md); limits: [reliability.md](reliability.md#limits).\n\n\
         **Faces.** *all*, unless the input exists in some faces only: a Python `float('nan')` or a\n\
         JavaScript `undefined` has no counterpart in a Rust `serde_json::Value` (and JavaScript\n\
         cannot tell `2.0` from `2`). Such values are written in the vector as `{\"$special\": …}`\n\
         and made by each face's runner; so are strings of 10 MB and deep nesting.\n\n\
         **Expected.** The code and path of the error (the operation fails), or of the first violation\n\
         in the result (the operation reports it). A path is that of the operation's document\n\
         (`plan.funded[0].fte` for `validate_plan`; the JavaScript face names the field inside the\n\
         plan it was given, `funded[0].fte`). *—*: not checked, because the faces measure nesting\n\
         from the document they receive.\n",
    );
    out.push_str(&format!("\n{total} entries.\n"));
    for (name, file) in files {
        let stem = name.trim_end_matches(".json");
        out.push_str(&format!("\n## {stem}\n\n{}\n\n", cell(&file.source)));
        out.push_str("| # | Input | Faces | Operation | Expected | Path | Why it matters |\n");
        out.push_str("|---:|---|---|---|---|---|---|\n");
        for (i, case) in file.cases.iter().enumerate() {
            let (code, path) = match (&case.expect_error, &case.expect) {
                (Some(e), _) => (e.code.clone(), e.path.clone()),
                (None, Some(v)) => {
                    let first = v.get("violations").and_then(|l| l.get(0));
                    let field = |k: &str| first.and_then(|f| f.get(k)).and_then(Value::as_str);
                    (
                        field("code").unwrap_or("none").to_owned(),
                        field("path").map(str::to_owned),
                    )
                }
                (None, None) => ("—".to_owned(), None),
            };
            let title = code
                .parse::<Code>()
                .map(|c| format!(" {}", c.title_en()))
                .unwrap_or_default();
            let path = match path.as_deref() {
                None => "—".to_owned(),
                Some("") => "(the document)".to_owned(),
                Some(p) => format!("`{}`", cell(p)),
            };
            let faces = case
                .faces
                .as_ref()
                .map_or_else(|| "all".to_owned(), |f| f.join(", "));
            out.push_str(&format!(
                "| {} | {} | {faces} | `{}` | `{code}`{title} | {path} | {} |\n",
                i.saturating_add(1),
                cell(&case.name),
                case.op,
                cell(case.why.as_deref().unwrap_or("")),
            ));
        }
    }
    out
}

/// Outcome of running a vector file.
///
/// ```
/// use kim_core::conformance::VectorFile;
/// let text = r#"{"schema": "kim.vectors.v1", "area": "grant", "source": "docs", "cases": [
///   {"name": "two case managers", "op": "grant", "input": {"posts": [{"kind": "case_manager", "fte": "2"}],
///    "options": {"year": 2023}}, "expect": {"total": "114000.00"}}]}"#;
/// let report = kim_core::conformance::run_file(text).unwrap();
/// assert_eq!((report.passed, report.failed.len(), report.skipped), (1, 0, 0));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileReport {
    /// Cases that passed.
    pub passed: usize,
    /// `(case name, reason)` for each failed case.
    pub failed: Vec<(String, String)>,
    /// Cases for other faces only (see [`VectorCase::faces`]).
    pub skipped: usize,
}

/// Runs every case of a vector file given as JSON text.
///
/// ```
/// use kim_core::conformance::VectorFile;
/// let text = r#"{"schema": "kim.vectors.v1", "area": "grant", "source": "docs", "cases": [
///   {"name": "two case managers", "op": "grant", "input": {"posts": [{"kind": "case_manager", "fte": "2"}],
///    "options": {"year": 2023}}, "expect": {"total": "114000.00"}}]}"#;
/// assert_eq!(kim_core::conformance::run_file(text).unwrap().passed, 1);
/// ```
pub fn run_file(text: &str) -> Result<FileReport> {
    let file: VectorFile = crate::doc::from_json(text)?;
    if file.schema != VECTORS_SCHEMA {
        return Err(Violation::new(Code::P012, "schema")
            .with("found", file.schema)
            .with("expected", VECTORS_SCHEMA)
            .into());
    }
    let mut report = FileReport::default();
    for case in &file.cases {
        if !case.runs_in("rust") {
            report.skipped = report.skipped.saturating_add(1);
            continue;
        }
        match check_case(case) {
            Ok(()) => report.passed = report.passed.saturating_add(1),
            Err(why) => report.failed.push((case.name.clone(), why)),
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bad-input vectors, in file-name order.
    fn bad_input_files() -> Vec<(String, VectorFile)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/bad-inputs");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|n| {
                let text = std::fs::read_to_string(format!("{dir}/{n}")).unwrap();
                let file: VectorFile = serde_json::from_str(&text).unwrap();
                (n, file)
            })
            .collect()
    }

    #[test]
    fn docs_bad_inputs_md_is_fresh() {
        crate::check_fresh(
            "bad-inputs.md",
            &catalogue_markdown(&bad_input_files()),
            "`make bad-inputs-md` (or `KIM_BLESS=1 cargo test -p kim-core docs_bad_inputs_md_is_fresh`)",
        );
    }

    /// The catalogue of the hardening issue: at least 80 entries, each with a reason, faces only
    /// from [`FACES`], and every face-specific entry for at most two faces.
    #[test]
    fn bad_input_catalogue_is_complete() {
        let files = bad_input_files();
        let cases: Vec<&VectorCase> = files.iter().flat_map(|(_, f)| &f.cases).collect();
        assert!(cases.len() >= 80, "only {} bad inputs", cases.len());
        for c in &cases {
            assert!(
                c.why.as_deref().is_some_and(|w| w.len() > 10),
                "{}: no reason",
                c.name
            );
            if let Some(f) = &c.faces {
                assert!(
                    !f.is_empty() && f.len() < FACES.len(),
                    "{}: faces {f:?}",
                    c.name
                );
                assert!(f.iter().all(|x| FACES.contains(&x.as_str())), "{}", c.name);
            }
        }
    }

    #[test]
    fn specials_expand_for_rust_only_where_rust_can_hold_them() {
        let v = serde_json::json!({"s": {"$special": "string", "repeat": "ab", "count": 3},
            "n": [{"$special": "nested", "kind": "object", "depth": 3}]});
        assert_eq!(
            expand_specials(&v).unwrap(),
            serde_json::json!({"s": "ababab", "n": [{"a": {"a": {}}}]})
        );
        let a = serde_json::json!({"$special": "nested", "depth": 2});
        assert_eq!(expand_specials(&a).unwrap(), serde_json::json!([[]]));
        assert!(expand_specials(&serde_json::json!({"$special": "nan"})).is_err());
    }
}
