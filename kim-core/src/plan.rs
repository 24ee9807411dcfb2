//! A [`Plan`] (one authority, one year; document `kim.plan.v1`) and its [`Evaluation`]:
//! grant, forwardings, staffing, totals, violations, warnings and the explanation trace.
//!
//! ```
//! use kim_core::{evaluate, validate, EvalOptions, Params, Plan};
//! let plan = Plan::example(); // Kreis Heinsberg 2023, built from the council papers
//! assert!(validate(&plan).iter().all(|v| !v.is_error()));
//! let ev = evaluate(&plan, &Params::default(), &EvalOptions::default())?;
//! let totals = ev.totals.as_ref().unwrap();
//! assert_eq!(totals.forwarded.to_string(), "152500.00"); // DRK 82,500 (cap) + Diakonie 70,000 (cost)
//! println!("{}", ev.explain(kim_core::Lang::De));
//! # Ok::<(), kim_core::Error>(())
//! ```

use crate::doc;
use crate::error::Result;
use crate::explain::{Trace, TraceNode, TraceValue, rules};
use crate::forwarding::{ForwardOptions, Forwarding, ForwardingResult, check_tree};
use crate::funding::{Grant, GrantOptions, check_posts, check_year, grant_at};
use crate::money::{Euro, Fte};
use crate::params::{Mode, Params, Source};
use crate::period::{ProRata, date, ymd};
use crate::program::{Baustein, FundedPost, Party, PostKind, StaffedPost};
use crate::staffing::{Staffing, staffing};
use crate::validate::{Code, Lang, Violation};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Schema version of plan documents.
pub const PLAN_SCHEMA: &str = "kim.plan.v1";
/// Schema version of evaluation documents.
pub const EVALUATION_SCHEMA: &str = "kim.evaluation.v1";
/// The embedded example plan: Kreis Heinsberg 2023.
pub const EXAMPLE_PLAN_JSON: &str = include_str!("../data/examples/heinsberg-2023.json");

fn is_false(b: &bool) -> bool {
    !*b
}

/// Choices a plan makes where the sources are silent.
///
/// ```
/// use kim_core::{Mode, Plan, ProRata};
/// let o = Plan::example().options;
/// assert_eq!((o.pro_rata, o.mode), (ProRata::FullYear, Mode::Strict));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanOptions {
    /// Pro-rating of part-year periods (default `full_year`).
    #[serde(default)]
    pub pro_rata: ProRata,
    /// Parameter lookup (default `strict`).
    #[serde(default)]
    pub mode: Mode,
    /// Reference date of the staffing table (default 31.12. of the plan year).
    #[serde(
        default,
        with = "date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub stichtag: Option<NaiveDate>,
    /// Count workplace costs in the Eigenanteil (default: personnel cost only).
    #[serde(default)]
    pub count_workplace_cost: bool,
}

/// The authority's own cost for the posts of a kind it keeps (for its Eigenanteil).
///
/// ```
/// let plan = kim_core::Plan::example();
/// assert!(plan.own_costs.iter().any(|c| c.kind == kim_core::PostKind::CaseManager));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OwnCost {
    /// Kind of post.
    pub kind: PostKind,
    /// Actual personnel cost in the year.
    pub actual_cost: Euro,
    /// Workplace cost (counted if the plan option says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workplace_cost: Option<Euro>,
    /// Marks values that are plausible examples rather than figures from a source.
    #[serde(default, skip_serializing_if = "is_false")]
    pub illustrative: bool,
}

/// One authority's KIM year: funded posts, staff, forwardings and own costs.
///
/// ```
/// let plan = kim_core::Plan::example();
/// assert_eq!((plan.authority.name.as_str(), plan.year), ("Kreis Heinsberg", 2023));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Always `kim.plan.v1`.
    #[cfg_attr(feature = "ts", tsify(type = "\"kim.plan.v1\""))]
    #[cfg_attr(feature = "schema", schemars(extend("const" = "kim.plan.v1")))]
    pub schema_version: String,
    /// The Kreis or kreisfreie Stadt that receives the grant.
    pub authority: Party,
    /// The year.
    pub year: i32,
    /// The document contains illustrative (not sourced) values.
    #[serde(default, skip_serializing_if = "is_false")]
    pub illustrative: bool,
    /// Where the plan's figures come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Choices where the sources are silent.
    #[serde(default)]
    pub options: PlanOptions,
    /// Posts the Land funds.
    #[serde(default)]
    pub funded: Vec<FundedPost>,
    /// Filled posts (pseudonymous).
    #[serde(default)]
    pub staff: Vec<StaffedPost>,
    /// Forwarding contracts.
    #[serde(default)]
    pub forwardings: Vec<Forwarding>,
    /// The authority's own costs per post kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub own_costs: Vec<OwnCost>,
    /// How the case-management posts are split among the kreisangehörige Kommunen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<PlanDistribution>,
    /// Case data for reports: inline (`kim.cases.v1`) …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cases: Option<crate::cases::CasesDocument>,
    /// … or a reference to a separate `kim.cases.v1` file, relative to the plan (loaded by
    /// the CLI and the Python `Plan.load`; the core reads no files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cases_file: Option<String>,
}

/// What the weights of a distribution are.
///
/// ```
/// use kim_core::plan::Basis;
/// assert_eq!(kim_core::Plan::example().distribution.unwrap().basis, Basis::Population);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", tsify(rename = "DistributionBasis"))]
#[cfg_attr(feature = "schema", schemars(rename = "DistributionBasis"))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Foreign residents from the Ausländerzentralregister at a Stichtag (Neuss: 31.03.).
    Azr,
    /// Population (Rhein-Sieg-Kreis from 2025).
    Population,
    /// Fixed, negotiated shares: the weights are the shares in VZÄ.
    Fixed,
}

/// The distribution of a plan's case-management posts among the Kommunen.
///
/// ```
/// let d = kim_core::Plan::example().distribution.unwrap();
/// assert_eq!(d.weights.len(), 8); // the eight kreisangehörige Kommunen that share the posts
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanDistribution {
    /// Reference date of the weights.
    #[serde(with = "date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub stichtag: NaiveDate,
    /// What the weights are.
    #[cfg_attr(feature = "ts", tsify(type = "DistributionBasis"))]
    pub basis: Basis,
    /// Where the weights come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Units and weights.
    pub weights: Vec<crate::allocation::Weight>,
    /// VZÄ to distribute; default: the funded case-management VZÄ minus those forwarded to Träger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Fte>,
    /// Method, step, minimum and policies.
    #[serde(default)]
    pub options: crate::allocation::DistributeOptions,
    /// Pooling into regions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<crate::allocation::Region>,
    /// Manual shares with reasons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<crate::allocation::Override>,
}

impl Plan {
    /// Reads a plan from JSON text: the first structural problem (syntax, unknown field,
    /// wrong type, unknown value, wrong `schema_version`) is an error with code and path.
    ///
    /// ```
    /// let e = kim_core::Plan::from_json(r#"{"schema_version": "kim.plan.v1", "year": 2023}"#).unwrap_err();
    /// assert_eq!((e.code().as_str(), e.path()), ("KIM-P009", "")); // missing field `authority`
    /// ```
    pub fn from_json(text: &str) -> Result<Plan> {
        Plan::checked(doc::from_json(text)?)
    }

    /// Reads a plan from a JSON value.
    ///
    /// ```
    /// let v = serde_json::json!({"schema_version": "kim.plan.v1", "authority": {"kind": "kreis", "name": "Kreis Heinsberg"}, "year": 2023});
    /// assert!(kim_core::Plan::from_value(v).unwrap().funded.is_empty());
    /// ```
    pub fn from_value(value: serde_json::Value) -> Result<Plan> {
        Plan::checked(doc::from_value(value)?)
    }

    fn checked(plan: Plan) -> Result<Plan> {
        doc::check_schema(&plan.schema_version, PLAN_SCHEMA)?;
        Ok(plan)
    }

    /// The embedded example: Kreis Heinsberg 2023 (see `kim-core/data/examples/`).
    ///
    /// ```
    /// assert_eq!(kim_core::Plan::example().funded.len(), 5);
    /// ```
    pub fn example() -> Plan {
        Plan::from_json(EXAMPLE_PLAN_JSON).unwrap_or_else(|_| Plan::empty(2023))
    }

    /// An empty plan for a Kreis and year.
    ///
    /// ```
    /// let plan = kim_core::Plan::empty(2024);
    /// assert!(plan.year == 2024 && plan.funded.is_empty());
    /// ```
    pub fn empty(year: i32) -> Plan {
        Plan {
            schema_version: PLAN_SCHEMA.to_owned(),
            authority: Party::new(crate::program::PartyKind::Kreis, ""),
            year,
            illustrative: false,
            sources: Vec::new(),
            options: PlanOptions::default(),
            funded: Vec::new(),
            staff: Vec::new(),
            forwardings: Vec::new(),
            own_costs: Vec::new(),
            distribution: None,
            cases: None,
            cases_file: None,
        }
    }

    /// The plan as pretty JSON.
    ///
    /// ```
    /// let plan = kim_core::Plan::example();
    /// assert_eq!(kim_core::Plan::from_json(&plan.to_json()).unwrap(), plan);
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Options of an evaluation that override the plan's own.
///
/// ```
/// use kim_core::{evaluate, EvalOptions, Mode, Params, Plan};
/// let opts = EvalOptions { mode: Some(Mode::Lenient), ..EvalOptions::default() };
/// assert_eq!(evaluate(&Plan::example(), Params::embedded(), &opts).unwrap().options.mode, Mode::Lenient);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EvalOptions {
    /// Override the plan's parameter mode (e.g. `--lenient` on the command line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// Override the plan's Stichtag.
    #[serde(
        default,
        with = "date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub stichtag: Option<NaiveDate>,
}

/// The options an evaluation actually used.
///
/// ```
/// use kim_core::{evaluate, EvalOptions, Params, Plan};
/// let ev = evaluate(&Plan::example(), Params::embedded(), &EvalOptions::default()).unwrap();
/// // the example's own Stichtag (the plan says 01.01.2023; without one, 31.12. of the year)
/// assert_eq!(ev.options.stichtag, chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UsedOptions {
    /// Pro-rating.
    pub pro_rata: ProRata,
    /// Parameter mode.
    pub mode: Mode,
    /// Staffing Stichtag.
    #[serde(with = "date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub stichtag: NaiveDate,
    /// Workplace cost counted in the Eigenanteil.
    pub count_workplace_cost: bool,
}

/// An amount per party.
///
/// ```
/// use kim_core::{evaluate, EvalOptions, Params, Plan};
/// let ev = evaluate(&Plan::example(), Params::embedded(), &EvalOptions::default()).unwrap();
/// let payer = &ev.totals.unwrap().top_ups_by_payer[0];
/// assert_eq!((payer.party.name.as_str(), payer.amount.to_string()), ("Kreis Heinsberg", "15000.00".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PartyAmount {
    /// The party.
    pub party: Party,
    /// The amount.
    pub amount: Euro,
}

/// Eigenanteil of one employer.
///
/// ```
/// use kim_core::{evaluate, EvalOptions, Params, Plan};
/// let ev = evaluate(&Plan::example(), Params::embedded(), &EvalOptions::default()).unwrap();
/// let kreis = &ev.totals.unwrap().own_share_by_employer[0];
/// assert_eq!(kreis.surplus.to_string(), "233900.00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EmployerShare {
    /// The employer.
    pub employer: Party,
    /// Own cost (absent when unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_cost: Option<Euro>,
    /// State money kept plus top-ups received.
    pub covered: Euro,
    /// Eigenanteil (absent when the cost is unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_share: Option<Euro>,
    /// Money beyond the own cost.
    pub surplus: Euro,
}

/// Money totals of a plan.
///
/// ```
/// use kim_core::{evaluate, EvalOptions, Params, Plan};
/// let ev = evaluate(&Plan::example(), Params::embedded(), &EvalOptions::default()).unwrap();
/// let t = ev.totals.unwrap();
/// assert_eq!((t.forwarded.to_string(), t.retained_by_authority.to_string()), ("152500.00".into(), "867500.00".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// State money received by the authority (the grant).
    pub land_money: Euro,
    /// State money forwarded by the authority (first level of all chains).
    pub forwarded: Euro,
    /// State money the authority keeps.
    pub retained_by_authority: Euro,
    /// Voluntary top-ups paid, all levels.
    pub top_ups: Euro,
    /// Top-ups per payer.
    pub top_ups_by_payer: Vec<PartyAmount>,
    /// Eigenanteil per employer (recipients of forwardings; the authority when `own_costs` are given).
    pub own_share_by_employer: Vec<EmployerShare>,
}

/// The result of evaluating a plan.
///
/// ```
/// use kim_core::{evaluate, EvalOptions, Params, Plan};
/// let ev = evaluate(&Plan::example(), Params::embedded(), &EvalOptions::default()).unwrap();
/// assert_eq!(ev.grant.unwrap().total.to_string(), "1020000.00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// Always `kim.evaluation.v1`.
    #[cfg_attr(feature = "ts", tsify(type = "\"kim.evaluation.v1\""))]
    #[cfg_attr(feature = "schema", schemars(extend("const" = "kim.evaluation.v1")))]
    pub schema_version: String,
    /// The authority.
    pub authority: Party,
    /// The year.
    pub year: i32,
    /// Options used.
    pub options: UsedOptions,
    /// Paths of inputs marked illustrative (`""` = the whole document).
    pub illustrative: Vec<String>,
    /// The Land's grant (absent when it cannot be computed, see `violations`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<Grant>,
    /// Forwarding results, one per forwarding in the plan that could be computed.
    pub forwardings: Vec<ForwardingResult>,
    /// Funded vs filled at the Stichtag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staffing: Option<Staffing>,
    /// Money totals (absent without a grant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<Totals>,
    /// The split of posts among the Kommunen, if the plan has a distribution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<crate::allocation::Distribution>,
    /// Errors: all of them, in document order.
    pub violations: Vec<Violation>,
    /// Warnings and notes.
    pub warnings: Vec<Violation>,
    /// Explanation of every amount.
    pub trace: Trace,
}

impl Evaluation {
    /// No error-severity violations?
    ///
    /// ```
    /// use kim_core::{evaluate, EvalOptions, Params, Plan};
    /// let ev = evaluate(&Plan::example(), Params::embedded(), &EvalOptions::default()).unwrap();
    /// assert!(ev.is_ok()); // warnings only
    /// ```
    pub fn is_ok(&self) -> bool {
        self.violations.is_empty()
    }

    /// The whole explanation as text.
    ///
    /// ```
    /// use kim_core::{evaluate, EvalOptions, Params, Plan};
    /// let ev = evaluate(&Plan::example(), Params::embedded(), &EvalOptions::default()).unwrap();
    /// assert!(ev.explain(kim_core::Lang::En).contains("1,020,000.00"));
    /// ```
    pub fn explain(&self, lang: Lang) -> String {
        self.trace.render(lang)
    }

    /// The explanation of one amount (`grant.lines[0]`, `forwardings[1]`, `totals`), as text.
    ///
    /// ```
    /// use kim_core::{evaluate, EvalOptions, Params, Plan};
    /// let ev = evaluate(&Plan::example(), Params::embedded(), &EvalOptions::default()).unwrap();
    /// assert!(ev.explain_amount("totals", kim_core::Lang::De).is_some());
    /// assert!(ev.explain_amount("nothing", kim_core::Lang::De).is_none());
    /// ```
    pub fn explain_amount(&self, id: &str, lang: Lang) -> Option<String> {
        self.trace
            .find(id)
            .map(|n| Trace::new(n.clone()).render(lang))
    }
}

fn is_under(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

fn looks_personal(id: &str) -> bool {
    id.chars().any(|c| c.is_whitespace() || c == '@')
}

/// Checks a plan without parameters: every problem at once, errors and warnings, in
/// document order. Money conservation against the grant (`KIM-V005`) and rate lookups
/// need parameters and are checked by [`evaluate`].
///
/// ```
/// let violations = kim_core::validate(&kim_core::Plan::example());
/// assert!(violations.iter().all(|v| !v.is_error()));
/// ```
pub fn validate(plan: &Plan) -> Vec<Violation> {
    let mut out = Vec::new();
    if let Err(e) = doc::check_schema(&plan.schema_version, PLAN_SCHEMA) {
        out.extend(e.violations());
    }
    out.extend(check_year(plan.year, "year"));
    if let Some(day) = plan.options.stichtag
        && day.year() != plan.year
    {
        out.push(
            Violation::new(Code::V001, "options.stichtag")
                .with("year", plan.year.to_string())
                .with_date("from", day)
                .with_date("to", day),
        );
    }
    out.extend(check_posts(&plan.funded, plan.year, "funded"));
    // first place of each id; paths are built only for duplicates
    #[derive(Clone)]
    enum Place {
        Staff(usize),
        Forwarding(String),
    }
    impl Place {
        fn path(&self) -> String {
            match self {
                Place::Staff(i) => format!("staff[{i}].id"),
                Place::Forwarding(p) => format!("{p}.id"),
            }
        }
    }
    let mut ids: HashMap<&str, Place> = HashMap::with_capacity(plan.staff.len());
    fn dup<'a>(
        ids: &mut HashMap<&'a str, Place>,
        id: &'a str,
        place: Place,
        out: &mut Vec<Violation>,
    ) {
        match ids.get(id) {
            Some(first) => out.push(
                Violation::new(Code::V003, place.path())
                    .with("id", id)
                    .with("first", first.path()),
            ),
            None => {
                ids.insert(id, place);
            }
        }
    }
    for (i, s) in plan.staff.iter().enumerate() {
        let path = || format!("staff[{i}]");
        if s.id.trim().is_empty() {
            out.push(Violation::new(Code::V021, format!("{}.id", path())));
        } else if looks_personal(&s.id) {
            out.push(Violation::new(Code::V022, format!("{}.id", path())).with("id", "…"));
        }
        dup(&mut ids, &s.id, Place::Staff(i), &mut out);
        out.extend(s.fte.check(|| format!("{}.fte", path())));
        if s.to.is_some_and(|to| to < s.from) {
            let to = s.to.unwrap_or(s.from);
            out.push(
                Violation::new(Code::V002, format!("{}.to", path()))
                    .with_date("from", s.from)
                    .with_date("to", to),
            );
        }
    }
    for (i, f) in plan.forwardings.iter().enumerate() {
        let path = format!("forwardings[{i}]");
        if !f.from.same_as(&plan.authority) {
            out.push(
                Violation::new(Code::V017, format!("{path}.from"))
                    .with("from", f.from.name.clone())
                    .with("expected", plan.authority.name.clone()),
            );
        }
        let mut stack = vec![(f, path.clone())];
        while let Some((node, p)) = stack.pop() {
            dup(&mut ids, &node.id, Place::Forwarding(p.clone()), &mut out);
            for (j, o) in node.onward.iter().enumerate().rev() {
                if stack.len() < 4096 {
                    stack.push((o, format!("{p}.onward[{j}]")));
                }
            }
        }
        check_tree(
            f,
            &path,
            plan.year,
            &mut vec![f.from.key().to_owned()],
            &mut out,
        );
    }
    // F1: per Baustein, Σ forwarded VZÄ ≤ funded VZÄ
    // (only where the funded VZÄ of the Baustein are valid: otherwise the sum means nothing)
    let funded_valid = |b: Baustein| {
        plan.funded
            .iter()
            .filter(|p| p.kind.baustein() == b)
            .all(|p| p.fte.check(String::new).is_empty())
    };
    for b in Baustein::ALL.into_iter().filter(|b| funded_valid(*b)) {
        let funded = Fte::sum(
            plan.funded
                .iter()
                .filter(|p| p.kind.baustein() == b)
                .map(|p| p.fte),
        );
        let mut running = Fte::ZERO;
        for (i, f) in plan
            .forwardings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind.baustein() == b)
        {
            let (Ok(funded), Ok(sum)) = (&funded, running.checked_add(f.fte)) else {
                break;
            };
            running = sum;
            if running > *funded {
                out.push(
                    Violation::new(Code::V004, format!("forwardings[{i}].fte"))
                        .with("baustein", b.to_string())
                        .with_fte("forwarded", running)
                        .with_fte("funded", *funded),
                );
                break;
            }
        }
    }
    if let Some(d) = &plan.distribution {
        let total = d.total.unwrap_or(Fte::ZERO);
        out.extend(
            crate::allocation::check(&d.weights, total, &d.options)
                .into_iter()
                .map(|v| v.under("distribution")),
        );
        let azr_day = |y: i32| NaiveDate::from_ymd_opt(y, 3, 31);
        if d.basis == Basis::Azr
            && azr_day(plan.year) != Some(d.stichtag)
            && azr_day(plan.year.saturating_sub(1)) != Some(d.stichtag)
        {
            out.push(
                Violation::new(Code::A019, "distribution.stichtag")
                    .with_date("stichtag", d.stichtag)
                    .with("year", plan.year.to_string()),
            );
        }
    }
    for (i, c) in plan.own_costs.iter().enumerate() {
        out.extend(
            c.actual_cost
                .check(|| format!("own_costs[{i}].actual_cost"), true),
        );
        if let Some(w) = c.workplace_cost {
            out.extend(w.check(|| format!("own_costs[{i}].workplace_cost"), true));
        }
    }
    if let Some(cases) = &plan.cases {
        out.extend(
            crate::cases::replay_document(cases)
                .all_violations()
                .into_iter()
                .map(|v| v.under("cases")),
        );
    }
    out
}

fn illustrative_paths(plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    if plan.illustrative {
        out.push(String::new());
    }
    out.extend(
        plan.funded
            .iter()
            .enumerate()
            .filter(|(_, p)| p.illustrative)
            .map(|(i, _)| format!("funded[{i}]")),
    );
    out.extend(
        plan.staff
            .iter()
            .enumerate()
            .filter(|(_, p)| p.illustrative)
            .map(|(i, _)| format!("staff[{i}]")),
    );
    let mut stack: Vec<(&Forwarding, String)> = plan
        .forwardings
        .iter()
        .enumerate()
        .map(|(i, f)| (f, format!("forwardings[{i}]")))
        .rev()
        .collect();
    while let Some((f, p)) = stack.pop() {
        if f.illustrative {
            out.push(p.clone());
        }
        for (j, o) in f.onward.iter().enumerate().rev() {
            if stack.len() < 4096 {
                stack.push((o, format!("{p}.onward[{j}]")));
            }
        }
    }
    out.extend(
        plan.own_costs
            .iter()
            .enumerate()
            .filter(|(_, c)| c.illustrative)
            .map(|(i, _)| format!("own_costs[{i}]")),
    );
    out
}

/// Evaluates a plan: checks it ([`validate`]), computes the grant, every forwarding chain,
/// the staffing table and the totals, and explains every amount. Problems never stop the
/// evaluation early: whatever can be computed is, and every violation is listed.
///
/// ```
/// use kim_core::{evaluate, EvalOptions, Params, Plan};
/// let ev = evaluate(&Plan::example(), Params::embedded(), &EvalOptions::default()).unwrap();
/// assert_eq!(ev.forwardings.len(), 2);
/// ```
pub fn evaluate(plan: &Plan, params: &Params, opts: &EvalOptions) -> Result<Evaluation> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for v in validate(plan) {
        if v.is_error() {
            errors.push(v)
        } else {
            warnings.push(v)
        }
    }
    let static_errors = errors.len();
    let mode = opts.mode.unwrap_or(plan.options.mode);
    let year_ok = !errors
        .iter()
        .any(|v| is_under(&v.path, "year") || is_under(&v.path, "schema_version"));
    let stichtag = match opts.stichtag.or(plan.options.stichtag) {
        Some(d) => d,
        None => ymd(
            plan.year
                .clamp(crate::period::YEAR_RANGE.0, crate::period::YEAR_RANGE.1),
            12,
            31,
        )?,
    };
    let used = UsedOptions {
        pro_rata: plan.options.pro_rata,
        mode,
        stichtag,
        count_workplace_cost: plan.options.count_workplace_cost,
    };

    let grant = if year_ok && !errors.iter().any(|v| is_under(&v.path, "funded")) {
        let gopts = GrantOptions {
            year: plan.year,
            pro_rata: plan.options.pro_rata,
            mode,
            trace: true,
        };
        match grant_at(params, &plan.funded, &gopts, "funded") {
            Ok(g) => {
                warnings.extend(g.warnings.iter().cloned());
                Some(g)
            }
            Err(e) => {
                errors.extend(e.violations());
                None
            }
        }
    } else {
        None
    };

    let fopts = ForwardOptions {
        year: plan.year,
        pro_rata: plan.options.pro_rata,
        count_workplace_cost: plan.options.count_workplace_cost,
    };
    let mut forwardings = Vec::new();
    for (i, f) in plan.forwardings.iter().enumerate() {
        let path = format!("forwardings[{i}]");
        if !year_ok || errors.iter().any(|v| is_under(&v.path, &path)) {
            continue;
        }
        match crate::forwarding::compute_checked(f, &path, &fopts) {
            Ok(r) => {
                for n in r.nodes() {
                    for v in &n.warnings {
                        if v.is_error() {
                            errors.push(v.clone())
                        } else {
                            warnings.push(v.clone())
                        }
                    }
                }
                forwardings.push(r);
            }
            Err(e) => errors.extend(e.violations()),
        }
    }

    // F1 for money: Σ forwarded state money per Baustein ≤ the grant for it
    if let Some(g) = &grant {
        for b in Baustein::ALL {
            let mut running = Euro::ZERO;
            for r in forwardings.iter().filter(|r| r.baustein == b) {
                running = running.checked_add(r.reimbursed)?;
                let granted = g.for_baustein(b);
                if running > granted {
                    errors.push(
                        Violation::new(Code::V005, r.path.clone())
                            .with("baustein", b.to_string())
                            .with_euro("forwarded", running)
                            .with_euro("granted", granted),
                    );
                    break;
                }
            }
        }
    }

    // Staffing needs no rates: only structural problems in its inputs block it.
    let staff_ok = !errors.iter().take(static_errors).any(|v| {
        ["staff", "funded", "forwardings", "options.stichtag"]
            .iter()
            .any(|p| is_under(&v.path, p))
    });
    let staffing = if staff_ok && year_ok {
        Some(staffing(
            &plan.authority,
            &plan.funded,
            &plan.forwardings,
            &plan.staff,
            stichtag,
        )?)
    } else {
        None
    };

    let distribution = match &plan.distribution {
        Some(d) if year_ok && !errors.iter().any(|v| is_under(&v.path, "distribution")) => {
            match distribution_of(plan, d) {
                Ok(r) => {
                    warnings.extend(r.warnings.iter().map(|v| v.clone().under("distribution")));
                    Some(r)
                }
                Err(e) => {
                    errors.extend(e.under("distribution").violations());
                    None
                }
            }
        }
        _ => None,
    };

    // Totals only when every forwarding was computed: partial sums would mislead.
    let totals = match &grant {
        Some(g) if forwardings.len() == plan.forwardings.len() => {
            Some(totals(plan, g, &forwardings)?)
        }
        _ => None,
    };

    let mut root = TraceNode::new(
        "evaluation",
        rules::EVALUATION,
        (
            format!("KIM {} – {}", plan.year, plan.authority.name),
            format!("KIM {} – {}", plan.year, plan.authority.name),
        ),
        (
            "grant, forwardings and totals below",
            "Förderung, Weiterleitungen und Summen im Einzelnen",
        ),
        TraceValue::euro("land_money", grant.as_ref().map_or(Euro::ZERO, |g| g.total)),
    );
    if let Some(g) = &grant {
        root.children.push(g.trace.root.clone());
    }
    root.children
        .extend(forwardings.iter().map(ForwardingResult::trace_tree));
    if let Some(t) = &totals {
        root.children.push(
            TraceNode::new(
                "totals",
                rules::EVALUATION,
                (
                    "State money kept by the authority",
                    "Beim Träger der Förderung verbleibende Landesmittel",
                ),
                (
                    "grant − state money forwarded (first level)",
                    "Förderung − weitergeleitete Landesmittel (erste Ebene)",
                ),
                TraceValue::euro("retained_by_authority", t.retained_by_authority),
            )
            .input(TraceValue::euro("land_money", t.land_money))
            .input(TraceValue::euro("forwarded", t.forwarded)),
        );
    }
    Ok(Evaluation {
        schema_version: EVALUATION_SCHEMA.to_owned(),
        authority: plan.authority.clone(),
        year: plan.year,
        options: used,
        illustrative: illustrative_paths(plan),
        grant,
        forwardings,
        staffing,
        totals,
        distribution,
        violations: errors,
        warnings,
        trace: Trace::new(root),
    })
}

fn totals(plan: &Plan, g: &Grant, forwardings: &[ForwardingResult]) -> Result<Totals> {
    let forwarded = Euro::sum(forwardings.iter().map(|r| r.reimbursed))?;
    let retained_by_authority = g.total.checked_sub(forwarded)?.max(Euro::ZERO);
    let nodes: Vec<&ForwardingResult> = forwardings
        .iter()
        .flat_map(ForwardingResult::nodes)
        .collect();
    let top_ups = Euro::sum(nodes.iter().map(|n| n.top_up))?;
    let mut top_ups_by_payer: Vec<PartyAmount> = Vec::new();
    let mut own_share_by_employer: Vec<EmployerShare> = Vec::new();
    for n in &nodes {
        match top_ups_by_payer
            .iter_mut()
            .find(|p| p.party.same_as(&n.from))
        {
            Some(p) => p.amount = p.amount.checked_add(n.top_up)?,
            None if !n.top_up.is_zero() => top_ups_by_payer.push(PartyAmount {
                party: n.from.clone(),
                amount: n.top_up,
            }),
            None => {}
        }
        let covered = n.retained.checked_add(n.top_up)?;
        match own_share_by_employer
            .iter_mut()
            .find(|e| e.employer.same_as(&n.to))
        {
            Some(e) => {
                e.covered = e.covered.checked_add(covered)?;
                e.own_cost = match (e.own_cost, n.own_cost) {
                    (Some(a), Some(b)) => Some(a.checked_add(b)?),
                    _ => None,
                };
                e.own_share = match (e.own_share, n.own_share) {
                    (Some(a), Some(b)) => Some(a.checked_add(b)?),
                    _ => None,
                };
                e.surplus = e.surplus.checked_add(n.over_financing)?;
            }
            None => own_share_by_employer.push(EmployerShare {
                employer: n.to.clone(),
                own_cost: n.own_cost,
                covered,
                own_share: n.own_share,
                surplus: n.over_financing,
            }),
        }
    }
    if !plan.own_costs.is_empty() {
        let mut cost = Euro::ZERO;
        let mut covered = Euro::ZERO;
        for c in &plan.own_costs {
            cost = cost.checked_add(c.actual_cost)?;
            if plan.options.count_workplace_cost {
                cost = cost.checked_add(c.workplace_cost.unwrap_or(Euro::ZERO))?;
            }
        }
        let kinds: Vec<PostKind> = plan.own_costs.iter().map(|c| c.kind).collect();
        for kind in PostKind::ALL.iter().filter(|k| kinds.contains(k)) {
            let passed = Euro::sum(
                forwardings
                    .iter()
                    .filter(|r| r.kind == *kind)
                    .map(|r| r.reimbursed),
            )?;
            covered = covered
                .checked_add(g.personnel_for(*kind)?.checked_sub(passed)?.max(Euro::ZERO))?;
        }
        let gap = cost.checked_sub(covered)?;
        own_share_by_employer.insert(
            0,
            EmployerShare {
                employer: plan.authority.clone(),
                own_cost: Some(cost),
                covered,
                own_share: Some(gap.max(Euro::ZERO)),
                surplus: Euro::ZERO.checked_sub(gap)?.max(Euro::ZERO),
            },
        );
    }
    Ok(Totals {
        land_money: g.total,
        forwarded,
        retained_by_authority,
        top_ups,
        top_ups_by_payer,
        own_share_by_employer,
    })
}

/// The VZÄ a plan's distribution splits when it names no total: the funded case-management
/// VZÄ minus those forwarded (first level) to Träger der Freien Wohlfahrtspflege.
///
/// ```
/// let total = kim_core::plan::default_distribution_total(&kim_core::Plan::example()).unwrap();
/// assert_eq!(total.to_string(), "9"); // 12 funded minus 3 forwarded to Träger
/// ```
pub fn default_distribution_total(plan: &Plan) -> Result<Fte> {
    let funded = Fte::sum(
        plan.funded
            .iter()
            .filter(|p| p.kind == PostKind::CaseManager)
            .map(|p| p.fte),
    )?;
    let to_traeger = Fte::sum(
        plan.forwardings
            .iter()
            .filter(|f| {
                f.kind == PostKind::CaseManager && f.to.kind == crate::program::PartyKind::Traeger
            })
            .map(|f| f.fte),
    )?;
    Ok(funded.checked_sub(to_traeger).unwrap_or(Fte::ZERO))
}

fn distribution_of(plan: &Plan, d: &PlanDistribution) -> Result<crate::allocation::Distribution> {
    use crate::allocation::{DistributionInput, Override, distribute_input};
    let total = match d.total {
        Some(t) => t,
        None => default_distribution_total(plan)?,
    };
    let mut overrides = d.overrides.clone();
    if d.basis == Basis::Fixed {
        // fixed shares: each weight is the unit's share in VZÄ
        let mut problems = Vec::new();
        for (i, w) in d.weights.iter().enumerate() {
            match Fte::new(w.value) {
                Ok(fte) if !overrides.iter().any(|o| o.unit == w.unit) => {
                    overrides.push(Override {
                        unit: w.unit.clone(),
                        fte,
                        reason: "fixed share (basis fixed)".to_owned(),
                    })
                }
                Ok(_) => {}
                Err(e) => problems.extend(e.under(&format!("weights[{i}].value")).violations()),
            }
        }
        if !problems.is_empty() {
            return Err(crate::Error::Invalid(problems));
        }
    }
    let input = DistributionInput {
        weights: d.weights.clone(),
        total,
        options: d.options,
        regions: d.regions.clone(),
        overrides,
    };
    distribute_input(&input)
}
