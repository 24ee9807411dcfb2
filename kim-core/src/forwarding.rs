//! Forwarding (*Weiterleitung*) of posts and state money to Träger and Kommunen (R4–R6,
//! F1–F3): reimbursement at actual cost capped per VZÄ (or a flat amount per VZÄ), voluntary
//! top-ups from the giver's own money, the recipient's Eigenanteil, over-financing, and
//! conservation along chains (`onward`).
//!
//! Per forwarding node (all amounts pro-rated by the period's factor `f`, rounded to cents):
//!
//! * `cap = cap_per_fte × VZÄ(cap_base) × f`
//! * `actual_cost_capped`: `reimbursed = min(own cost + Σ onward reimbursed, cap)`;
//!   without an actual cost the cap is shown as the maximum (`KIM-V009`).
//! * `flat_per_fte`: `reimbursed = amount_per_fte × VZÄ × f`.
//! * `retained = reimbursed − Σ onward reimbursed` (negative: `KIM-V007`).
//! * top-up `fixed`: `top_up_per_fte × VZÄ(top_up_base) × f`;
//!   `up_to_cost`: `min(fixed amount, max(0, own cost − retained))`.
//! * `own_share` (Eigenanteil) `= own cost − retained − top_up`; a negative value is reported
//!   as `over_financing` (`KIM-V008`) and the Eigenanteil is 0.
//!
//! "Own cost" is `actual_cost`, plus `workplace_cost` when
//! [`ForwardOptions::count_workplace_cost`] is set.
//!
//! ```
//! use kim_core::{forward, Forwarding, ForwardOptions};
//! // WE1a: Kreis Heinsberg → DRK, 1.5 VZÄ, actual cost 90,000 €, cap 55,000 €/VZÄ, top-up 5,000 €/VZÄ
//! let f: Forwarding = serde_json::from_str(r#"{
//!   "id": "drk", "kind": "case_manager", "fte": "1.5",
//!   "from": {"kind": "kreis", "name": "Kreis Heinsberg"},
//!   "to": {"kind": "traeger", "name": "DRK Kreisverband Heinsberg"},
//!   "basis": {"actual_cost_capped": {"cap_per_fte": "55000"}},
//!   "actual_cost": "90000", "top_up_per_fte": "5000"
//! }"#).unwrap();
//! let r = forward(&f, &ForwardOptions::year(2023))?;
//! assert_eq!(r.reimbursed.to_string(), "82500.00");
//! assert_eq!(r.top_up.to_string(), "7500.00");
//! assert_eq!(r.own_share.unwrap().to_string(), "0.00");
//! # Ok::<(), kim_core::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::explain::{TraceNode, TraceProRata, TraceValue, rules};
use crate::money::{Euro, Fte};
use crate::period::{Fraction, Period, ProRata};
use crate::program::{Baustein, Party, PostKind};
use crate::validate::{Code, Violation};
use serde::{Deserialize, Serialize};

/// Deepest forwarding chain accepted (levels below the first forwarding).
pub const MAX_CHAIN_DEPTH: usize = 16;

/// How the state money for a forwarded post is computed.
///
/// ```
/// use kim_core::forwarding::Basis;
/// let b: Basis = serde_json::from_str(r#"{"actual_cost_capped": {"cap_per_fte": "55000"}}"#).unwrap();
/// assert!(matches!(b, Basis::ActualCostCapped { .. }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Basis {
    /// Actual personnel cost, capped per VZÄ (Heinsberg: "in Höhe der tatsächlichen
    /// entstehenden Personalkosten, max. 55.000 € je VZÄ").
    ActualCostCapped {
        /// Cap per VZÄ and year.
        cap_per_fte: Euro,
    },
    /// A flat amount per VZÄ and year, whatever the cost.
    FlatPerFte {
        /// Amount per VZÄ and year.
        amount_per_fte: Euro,
    },
}

/// How a voluntary top-up is paid (KIM-RULES R5 leaves it open).
///
/// ```
/// use kim_core::TopUpPolicy;
/// assert_eq!(TopUpPolicy::default(), TopUpPolicy::Fixed);
/// assert_eq!(serde_json::to_string(&TopUpPolicy::UpToCost).unwrap(), r#""up_to_cost""#);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TopUpPolicy {
    /// Always `top_up_per_fte × VZÄ` ("unreduced").
    #[default]
    Fixed,
    /// Only what the own cost exceeds the retained reimbursement, at most the fixed amount.
    UpToCost,
}

/// Which VZÄ a cap or top-up is computed on.
///
/// ```
/// use kim_core::FteBase;
/// assert_eq!(FteBase::default(), FteBase::Contracted);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FteBase {
    /// The contracted VZÄ (`fte`).
    #[default]
    Contracted,
    /// The filled VZÄ (`filled_fte`).
    Filled,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A forwarding contract (*Weiterleitungsvertrag*): posts and state money from `from` to
/// `to`, possibly passed on further (`onward`).
///
/// ```
/// use kim_core::{forward, ForwardOptions, Forwarding};
/// let f: Forwarding = serde_json::from_str(r#"{"id": "drk", "kind": "case_manager", "fte": "1.5",
///   "from": {"kind": "kreis", "name": "Kreis Heinsberg"}, "to": {"kind": "traeger", "name": "DRK"},
///   "basis": {"actual_cost_capped": {"cap_per_fte": "55000"}}, "actual_cost": "90000",
///   "top_up_per_fte": "5000"}"#).unwrap();
/// let r = forward(&f, &ForwardOptions::year(2023)).unwrap();
/// assert_eq!((f.fte.to_string(), r.reimbursed.to_string()), ("1.5".into(), "82500.00".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Forwarding {
    /// Identifier, unique within a plan.
    pub id: String,
    /// Who passes the posts and money on.
    pub from: Party,
    /// Who receives them (employer of the posts it keeps).
    pub to: Party,
    /// Kind of post.
    pub kind: PostKind,
    /// Contracted VZÄ.
    pub fte: Fte,
    /// VZÄ actually filled (for `filled` bases and reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filled_fte: Option<Fte>,
    /// Period; the whole year when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// How the state money is computed.
    pub basis: Basis,
    /// The recipient's actual personnel cost for the posts it keeps, for the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_cost: Option<Euro>,
    /// The recipient's workplace cost for those posts (counted if the option says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workplace_cost: Option<Euro>,
    /// Voluntary top-up from the giver's own money, per VZÄ and year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_up_per_fte: Option<Euro>,
    /// How the top-up is paid.
    #[serde(default, skip_serializing_if = "is_default")]
    pub top_up_policy: TopUpPolicy,
    /// VZÄ base of the top-up.
    #[serde(default, skip_serializing_if = "is_default")]
    pub top_up_base: FteBase,
    /// VZÄ base of the cap.
    #[serde(default, skip_serializing_if = "is_default")]
    pub cap_base: FteBase,
    /// Other funding sources for the same cost item (EU, Bund, Land, third parties).
    /// Not allowed: § 9 (4) TIntG forbids double funding (`KIM-V023`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_funding: Vec<String>,
    /// Passed on further (chain: Kreis → lead Kommune → partner Kommune).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub onward: Vec<Forwarding>,
    /// Marks values that are plausible examples rather than figures from a source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

/// Options of a forwarding computation.
///
/// ```
/// use kim_core::{forward, ForwardOptions, Forwarding};
/// let f: Forwarding = serde_json::from_str(r#"{"id": "drk", "kind": "case_manager", "fte": "1.5",
///   "from": {"kind": "kreis", "name": "Kreis Heinsberg"}, "to": {"kind": "traeger", "name": "DRK"},
///   "basis": {"actual_cost_capped": {"cap_per_fte": "55000"}}, "actual_cost": "90000",
///   "top_up_per_fte": "5000"}"#).unwrap();
/// let r = forward(&f, &ForwardOptions::year(2023)).unwrap();
/// assert_eq!(r.period, kim_core::Period::year(2023).unwrap());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ForwardOptions {
    /// The year (forwardings without a period cover all of it).
    pub year: i32,
    /// Pro-rating of part-year periods (default `full_year`).
    #[serde(default)]
    pub pro_rata: ProRata,
    /// Count `workplace_cost` as part of the recipient's own cost (default: no, personnel only).
    #[serde(default)]
    pub count_workplace_cost: bool,
}

impl ForwardOptions {
    /// Defaults for a year.
    ///
    /// ```
    /// use kim_core::{ForwardOptions, ProRata};
    /// assert_eq!(ForwardOptions::year(2023).pro_rata, ProRata::FullYear);
    /// ```
    pub fn year(year: i32) -> Self {
        ForwardOptions {
            year,
            pro_rata: ProRata::FullYear,
            count_workplace_cost: false,
        }
    }
}

/// The money of one forwarding node, with its onward nodes.
///
/// ```
/// use kim_core::{forward, ForwardOptions, Forwarding};
/// let f: Forwarding = serde_json::from_str(r#"{"id": "drk", "kind": "case_manager", "fte": "1.5",
///   "from": {"kind": "kreis", "name": "Kreis Heinsberg"}, "to": {"kind": "traeger", "name": "DRK"},
///   "basis": {"actual_cost_capped": {"cap_per_fte": "55000"}}, "actual_cost": "90000",
///   "top_up_per_fte": "5000"}"#).unwrap();
/// let r = forward(&f, &ForwardOptions::year(2023)).unwrap();
/// assert_eq!((r.reimbursed.to_string(), r.top_up.to_string()), ("82500.00".into(), "7500.00".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ForwardingResult {
    /// Identifier from the input.
    pub id: String,
    /// Path of the input node (`forwardings[0].onward[1]`).
    pub path: String,
    /// Giver.
    pub from: Party,
    /// Recipient.
    pub to: Party,
    /// Kind of post.
    pub kind: PostKind,
    /// Building block.
    pub baustein: Baustein,
    /// Contracted VZÄ.
    pub fte: Fte,
    /// VZÄ the recipient keeps (`fte` − Σ onward VZÄ).
    pub kept_fte: Fte,
    /// Filled VZÄ, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filled_fte: Option<Fte>,
    /// Period.
    pub period: Period,
    /// Pro-rating used.
    pub pro_rata: ProRata,
    /// Pro-rating factor.
    pub factor: Fraction,
    /// Basis of the state money.
    pub basis: Basis,
    /// Cap (for `actual_cost_capped`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Euro>,
    /// Own cost considered (actual cost, plus workplace cost if counted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_cost: Option<Euro>,
    /// State money the recipient receives (incl. what it passes on).
    pub reimbursed: Euro,
    /// State money passed on (Σ onward reimbursed).
    pub onward_reimbursed: Euro,
    /// State money the recipient keeps.
    pub retained: Euro,
    /// Voluntary top-up paid by the giver from its own money.
    pub top_up: Euro,
    /// Top-up policy used.
    pub top_up_policy: TopUpPolicy,
    /// Eigenanteil: own cost not covered (absent when the cost is unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_share: Option<Euro>,
    /// Money received beyond the own cost.
    pub over_financing: Euro,
    /// True when the reimbursement is the cap because the actual cost is unknown.
    pub estimated: bool,
    /// Onward nodes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub onward: Vec<ForwardingResult>,
    /// Warnings about this node.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Violation>,
    /// Explanation of this node's amounts.
    pub trace: TraceNode,
}

impl ForwardingResult {
    /// The explanation of this node and, nested below it, of all onward nodes.
    ///
    /// ```
    /// use kim_core::{forward, ForwardOptions, Forwarding};
    /// let f: Forwarding = serde_json::from_str(r#"{"id": "drk", "kind": "case_manager", "fte": "1.5",
    ///   "from": {"kind": "kreis", "name": "Kreis Heinsberg"}, "to": {"kind": "traeger", "name": "DRK"},
    ///   "basis": {"actual_cost_capped": {"cap_per_fte": "55000"}}, "actual_cost": "90000",
    ///   "top_up_per_fte": "5000"}"#).unwrap();
    /// let r = forward(&f, &ForwardOptions::year(2023)).unwrap();
    /// assert_eq!(r.trace_tree().id, r.trace.id); // the node itself, no onward nodes below it
    /// ```
    pub fn trace_tree(&self) -> TraceNode {
        let mut node = self.trace.clone();
        node.children
            .extend(self.onward.iter().map(ForwardingResult::trace_tree));
        node
    }

    /// This node and all nodes below it, depth first.
    ///
    /// ```
    /// use kim_core::{forward, ForwardOptions, Forwarding};
    /// let f: Forwarding = serde_json::from_str(r#"{"id": "drk", "kind": "case_manager", "fte": "1.5",
    ///   "from": {"kind": "kreis", "name": "Kreis Heinsberg"}, "to": {"kind": "traeger", "name": "DRK"},
    ///   "basis": {"actual_cost_capped": {"cap_per_fte": "55000"}}, "actual_cost": "90000",
    ///   "top_up_per_fte": "5000"}"#).unwrap();
    /// let r = forward(&f, &ForwardOptions::year(2023)).unwrap();
    /// assert_eq!(r.nodes().len(), 1);
    /// ```
    pub fn nodes(&self) -> Vec<&ForwardingResult> {
        let mut out = vec![self];
        for c in &self.onward {
            out.extend(c.nodes());
        }
        out
    }
}

/// Checks a forwarding tree without computing money: values, periods, chain structure.
pub(crate) fn check_tree(
    f: &Forwarding,
    path: &str,
    year: i32,
    ancestors: &mut Vec<String>,
    out: &mut Vec<Violation>,
) {
    let p = |field: &str| format!("{path}.{field}");
    if f.id.trim().is_empty() {
        out.push(Violation::new(Code::V021, p("id")));
    }
    out.extend(f.fte.check(|| p("fte")));
    if let Some(filled) = f.filled_fte {
        out.extend(filled.check(|| p("filled_fte")));
        if filled > f.fte {
            out.push(
                Violation::new(Code::V011, p("filled_fte"))
                    .with_fte("filled", filled)
                    .with_fte("fte", f.fte),
            );
        }
    }
    if let Some(period) = f.period {
        out.extend(period.check_in_year(&p("period"), year));
    }
    match f.basis {
        Basis::ActualCostCapped { cap_per_fte } => {
            out.extend(cap_per_fte.check(|| p("basis.actual_cost_capped.cap_per_fte"), true))
        }
        Basis::FlatPerFte { amount_per_fte } => {
            out.extend(amount_per_fte.check(|| p("basis.flat_per_fte.amount_per_fte"), true))
        }
    }
    for (field, v) in [
        ("actual_cost", f.actual_cost),
        ("workplace_cost", f.workplace_cost),
        ("top_up_per_fte", f.top_up_per_fte),
    ] {
        if let Some(v) = v {
            out.extend(v.check(|| p(field), true));
        }
    }
    let needs_filled = [
        (
            f.top_up_base == FteBase::Filled && f.top_up_per_fte.is_some(),
            "top-up",
        ),
        (
            f.cap_base == FteBase::Filled && matches!(f.basis, Basis::ActualCostCapped { .. }),
            "cap",
        ),
    ];
    for (needed, what) in needs_filled {
        if needed && f.filled_fte.is_none() {
            out.push(Violation::new(Code::V018, p("filled_fte")).with("what", what));
        }
    }
    if let Some(other) = f.other_funding.first() {
        out.push(Violation::new(Code::V023, p("other_funding")).with("other", other.clone()));
    }
    if ancestors.iter().any(|a| a == f.to.key()) || f.from.same_as(&f.to) {
        out.push(Violation::new(Code::V015, p("to")).with("party", f.to.name.clone()));
        return; // do not follow a cycle
    }
    if ancestors.len() > MAX_CHAIN_DEPTH.saturating_add(1) {
        out.push(Violation::new(Code::V016, p("onward")).with("max", MAX_CHAIN_DEPTH.to_string()));
        return;
    }
    // F1 at this node: point at the onward forwarding whose VZÄ push the sum over
    if f.fte.check(String::new).is_empty() {
        let mut sum = Fte::ZERO;
        for (j, o) in f.onward.iter().enumerate() {
            match sum.checked_add(o.fte) {
                Ok(s) => sum = s,
                Err(e) => {
                    out.extend(e.under(&p(&format!("onward[{j}].fte"))).violations());
                    break;
                }
            }
            if sum > f.fte {
                out.push(
                    Violation::new(Code::V006, p(&format!("onward[{j}].fte")))
                        .with("to", f.to.name.clone())
                        .with_fte("onward", sum)
                        .with_fte("fte", f.fte),
                );
                break;
            }
        }
    }
    ancestors.push(f.to.key().to_owned());
    for (j, o) in f.onward.iter().enumerate() {
        let child = format!("{path}.onward[{j}]");
        if !o.from.same_as(&f.to) {
            out.push(
                Violation::new(Code::V017, format!("{child}.from"))
                    .with("from", o.from.name.clone())
                    .with("expected", f.to.name.clone()),
            );
        }
        if o.kind != f.kind {
            out.push(
                Violation::new(Code::V024, format!("{child}.kind"))
                    .with("kind", o.kind.as_str())
                    .with("kind_de", o.kind.label_de())
                    .with("expected", f.kind.as_str())
                    .with("expected_de", f.kind.label_de()),
            );
        }
        check_tree(o, &child, year, ancestors, out);
    }
    ancestors.pop();
}

/// Computes a forwarding tree. The tree is checked first; any error-severity problem makes
/// the call fail with all problems listed (paths start with `forwarding`).
///
/// ```
/// use kim_core::{forward, ForwardOptions, Forwarding};
/// let f: Forwarding = serde_json::from_str(r#"{"id": "drk", "kind": "case_manager", "fte": "1.5",
///   "from": {"kind": "kreis", "name": "Kreis Heinsberg"}, "to": {"kind": "traeger", "name": "DRK"},
///   "basis": {"actual_cost_capped": {"cap_per_fte": "55000"}}, "actual_cost": "90000",
///   "top_up_per_fte": "5000"}"#).unwrap();
/// let r = forward(&f, &ForwardOptions::year(2023)).unwrap();
/// assert_eq!(r.reimbursed.to_string(), "82500.00"); // 1.5 × the cap of 55,000 €, below the cost
/// ```
pub fn forward(f: &Forwarding, opts: &ForwardOptions) -> Result<ForwardingResult> {
    forward_at(f, opts, "forwarding")
}

pub(crate) fn forward_at(
    f: &Forwarding,
    opts: &ForwardOptions,
    path: &str,
) -> Result<ForwardingResult> {
    let mut problems = crate::funding::check_year(opts.year, "options.year");
    check_tree(
        f,
        path,
        opts.year,
        &mut vec![f.from.key().to_owned()],
        &mut problems,
    );
    if problems.iter().any(Violation::is_error) {
        return Err(Error::Invalid(
            problems.into_iter().filter(Violation::is_error).collect(),
        ));
    }
    let mut result = compute(f, path, opts)?;
    result.warnings.splice(0..0, problems);
    let errors: Vec<Violation> = result
        .nodes()
        .iter()
        .flat_map(|n| n.warnings.iter())
        .filter(|v| v.is_error())
        .cloned()
        .collect();
    if errors.is_empty() {
        Ok(result)
    } else {
        Err(Error::Invalid(errors))
    }
}

fn base_fte(f: &Forwarding, base: FteBase) -> Fte {
    match base {
        FteBase::Contracted => f.fte,
        FteBase::Filled => f.filled_fte.unwrap_or(f.fte),
    }
}

/// Computes a tree that [`check_tree`] found free of errors.
pub(crate) fn compute_checked(
    f: &Forwarding,
    path: &str,
    opts: &ForwardOptions,
) -> Result<ForwardingResult> {
    compute(f, path, opts)
}

fn compute(f: &Forwarding, path: &str, opts: &ForwardOptions) -> Result<ForwardingResult> {
    let period = f.period.map_or_else(|| Period::year(opts.year), Ok)?;
    let factor = period
        .factor(opts.pro_rata)
        .map_err(|e| e.under(&format!("{path}.period")))?;
    let onward = f
        .onward
        .iter()
        .enumerate()
        .map(|(j, o)| compute(o, &format!("{path}.onward[{j}]"), opts))
        .collect::<Result<Vec<_>>>()?;
    let at = |e: Error| e.under(path);
    let onward_reimbursed = Euro::sum(onward.iter().map(|o| o.reimbursed)).map_err(at)?;
    let onward_fte = Fte::sum(onward.iter().map(|o| o.fte)).map_err(at)?;
    let kept_fte = f.fte.checked_sub(onward_fte).unwrap_or(Fte::ZERO);
    let own_cost = match (f.actual_cost, f.workplace_cost, opts.count_workplace_cost) {
        (Some(c), Some(w), true) => Some(c.checked_add(w).map_err(at)?),
        (Some(c), _, _) => Some(c),
        (None, _, _) => None,
    };
    let mut warnings = Vec::new();
    let mut node = TraceNode::new(
        path,
        rules::FORWARD,
        (
            format!("State money forwarded to {}", f.to.name),
            format!("Weitergeleitete Landesmittel an {}", f.to.name),
        ),
        ("", ""),
        TraceValue::euro("reimbursed", Euro::ZERO),
    )
    .input(TraceValue::fte("fte", f.fte))
    .input(TraceValue::text("from", period.from.to_string(), "date"))
    .input(TraceValue::text("to", period.to.to_string(), "date"));
    node.pro_rata = Some(TraceProRata {
        method: opts.pro_rata,
        factor,
    });
    let (cap, reimbursed, estimated) = match f.basis {
        Basis::ActualCostCapped { cap_per_fte } => {
            let cap_fte = base_fte(f, f.cap_base);
            let cap = cap_per_fte.prorate(cap_fte, factor).map_err(at)?;
            node = node
                .input(TraceValue::euro("cap_per_fte", cap_per_fte))
                .input(TraceValue::euro("cap", cap));
            match own_cost {
                Some(cost) => {
                    let need = cost.checked_add(onward_reimbursed).map_err(at)?;
                    node = node.input(TraceValue::euro("own_cost", cost));
                    node.formula_en =
                        "min(own cost + money passed on, cap per VZÄ × VZÄ × pro-rata factor)"
                            .into();
                    node.formula_de = "min(eigene Kosten + weitergeleitete Mittel, Obergrenze je VZÄ × VZÄ × Anteil)".into();
                    (Some(cap), need.min(cap), false)
                }
                None => {
                    warnings.push(
                        Violation::new(Code::V009, path)
                            .with("to", f.to.name.clone())
                            .with_euro("cap", cap),
                    );
                    node.formula_en =
                        "cap per VZÄ × VZÄ × pro-rata factor (actual cost unknown: maximum shown)"
                            .into();
                    node.formula_de = "Obergrenze je VZÄ × VZÄ × Anteil (tatsächliche Kosten unbekannt: Höchstbetrag)".into();
                    (Some(cap), cap, true)
                }
            }
        }
        Basis::FlatPerFte { amount_per_fte } => {
            node = node.input(TraceValue::euro("amount_per_fte", amount_per_fte));
            node.formula_en = "flat amount per VZÄ × VZÄ × pro-rata factor".into();
            node.formula_de = "Pauschale je VZÄ × VZÄ × Anteil".into();
            (
                None,
                amount_per_fte.prorate(f.fte, factor).map_err(at)?,
                false,
            )
        }
    };
    node.result = TraceValue::euro("reimbursed", reimbursed);
    let retained = reimbursed.checked_sub(onward_reimbursed).map_err(at)?;
    if retained.is_negative() {
        // the onward forwarding whose money pushes the sum over what this node receives
        let mut running = Euro::ZERO;
        let mut culprit = 0usize;
        for (j, o) in onward.iter().enumerate() {
            running = running.checked_add(o.reimbursed).map_err(at)?;
            culprit = j;
            if running > reimbursed {
                break;
            }
        }
        warnings.push(
            Violation::new(Code::V007, format!("{path}.onward[{culprit}]"))
                .with("to", f.to.name.clone())
                .with_euro("onward", onward_reimbursed)
                .with_euro("received", reimbursed),
        );
    }
    let retained = retained.max(Euro::ZERO);
    let fixed_top_up = match f.top_up_per_fte {
        Some(t) => t.prorate(base_fte(f, f.top_up_base), factor).map_err(at)?,
        None => Euro::ZERO,
    };
    let top_up = match (f.top_up_policy, own_cost) {
        (TopUpPolicy::UpToCost, Some(cost)) => {
            fixed_top_up.min(cost.checked_sub(retained).map_err(at)?.max(Euro::ZERO))
        }
        _ => fixed_top_up,
    };
    let mut top_node = TraceNode::new(
        format!("{path}.top_up"),
        rules::TOP_UP,
        (
            format!("Top-up to {}", f.to.name),
            format!("Freiwilliger Zuschuss an {}", f.to.name),
        ),
        match f.top_up_policy {
            TopUpPolicy::Fixed => (
                "top-up per VZÄ × VZÄ × pro-rata factor (policy fixed)",
                "Zuschuss je VZÄ × VZÄ × Anteil (Regel: fest)",
            ),
            TopUpPolicy::UpToCost => (
                "min(top-up per VZÄ × VZÄ × pro-rata factor, max(0, own cost − retained state money)) (policy up_to_cost)",
                "min(Zuschuss je VZÄ × VZÄ × Anteil, max(0, eigene Kosten − verbleibende Landesmittel)) (Regel: bis zu den Kosten)",
            ),
        },
        TraceValue::euro("top_up", top_up),
    );
    if let Some(t) = f.top_up_per_fte {
        top_node = top_node
            .input(TraceValue::euro("top_up_per_fte", t))
            .input(TraceValue::fte("base_fte", base_fte(f, f.top_up_base)));
    }
    let (own_share, over_financing) = match own_cost {
        Some(cost) => {
            let gap = cost
                .checked_sub(retained)
                .and_then(|g| g.checked_sub(top_up))
                .map_err(at)?;
            if gap.is_negative() {
                let surplus = Euro::ZERO.checked_sub(gap).map_err(at)?;
                warnings.push(
                    Violation::new(Code::V008, path)
                        .with("to", f.to.name.clone())
                        .with_euro("surplus", surplus)
                        .with_euro("cost", cost),
                );
                (Some(Euro::ZERO), surplus)
            } else {
                (Some(gap), Euro::ZERO)
            }
        }
        None => (None, Euro::ZERO),
    };
    let share_node = TraceNode::new(
        format!("{path}.own_share"),
        rules::OWN_SHARE,
        (format!("Eigenanteil of {}", f.to.name), format!("Eigenanteil von {}", f.to.name)),
        (
            "own cost − retained state money − top-up; a negative result is over-financing and the Eigenanteil is 0",
            "eigene Kosten − verbleibende Landesmittel − Zuschuss; ein negatives Ergebnis ist Überfinanzierung, der Eigenanteil ist dann 0",
        ),
        match own_share {
            Some(s) => TraceValue::euro("own_share", s),
            None => TraceValue::text("own_share", "unknown", ""),
        },
    )
    .input(TraceValue::euro("retained", retained))
    .input(TraceValue::euro("top_up", top_up));
    node.children = vec![top_node, share_node];
    Ok(ForwardingResult {
        id: f.id.clone(),
        path: path.to_owned(),
        from: f.from.clone(),
        to: f.to.clone(),
        kind: f.kind,
        baustein: f.kind.baustein(),
        fte: f.fte,
        kept_fte,
        filled_fte: f.filled_fte,
        period,
        pro_rata: opts.pro_rata,
        factor,
        basis: f.basis,
        cap,
        own_cost,
        reimbursed,
        onward_reimbursed,
        retained,
        top_up,
        top_up_policy: f.top_up_policy,
        own_share,
        over_financing,
        estimated,
        onward,
        warnings,
        trace: node,
    })
}
