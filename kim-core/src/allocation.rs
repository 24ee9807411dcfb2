//! Distribution of posts among units (kreisangehörige Kommunen, regions) by weights
//! (AZR foreign-resident counts, population, …): exact apportionment in steps (default
//! 0.5 VZÄ), with a minimum share, recorded ties and four textbook methods (KIM-RULES §6).
//!
//! All arithmetic is on integers: weights are scaled to whole numbers, quotas are compared as
//! exact fractions, Huntington–Hill priorities by squaring (256-bit products). No floating
//! point anywhere.
//!
//! ```
//! use kim_core::allocation::{distribute, DistributeOptions, Method, Weight};
//! use kim_core::{Decimal, Fte};
//! let weights = [
//!     Weight::new("Erkelenz", Decimal::from(43_000)),
//!     Weight::new("Hückelhoven", Decimal::from(40_000)),
//!     Weight::new("Wassenberg", Decimal::from(18_000)),
//! ];
//! let a = distribute(&weights, "5".parse::<Fte>()?, &DistributeOptions::default())?;
//! let shares: Vec<String> = a.shares.iter().map(|s| s.fte.to_string()).collect();
//! assert_eq!(shares, ["2", "2", "1"]); // largest remainder, 0.5 steps
//! # Ok::<(), kim_core::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::explain::{Trace, TraceNode, TraceValue};
use crate::money::Fte;
use crate::validate::{Code, Violation};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Most units in one distribution.
pub const MAX_UNITS: usize = 10_000;
/// Most steps (total ÷ step) in one distribution.
pub const MAX_STEPS: u64 = 1_000_000;

/// An exact non-negative fraction, such as a quota in steps (`1234/567`). Kept as computed
/// and reduced to lowest terms when shown, compared or serialised (always as `"n/d"`).
///
/// ```
/// use kim_core::allocation::{distribute, DistributeOptions, Weight};
/// use kim_core::Decimal;
/// let weights = [Weight::new("Erkelenz", Decimal::from(43_000)), Weight::new("Hückelhoven", Decimal::from(40_000)),
///     Weight::new("Wassenberg", Decimal::from(18_000))];
/// let a = distribute(&weights, "5".parse().unwrap(), &DistributeOptions::default()).unwrap();
/// assert_eq!(a.shares[0].quota_steps.to_string(), "430/101"); // 10 steps × 43,000 / 101,000
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Ratio {
    num: u128,
    den: u128,
}

impl Ratio {
    /// `num / den`; `None` if `den` is zero.
    ///
    /// ```
    /// use kim_core::allocation::Ratio;
    /// assert!(Ratio::new(1, 0).is_none());
    /// assert_eq!(Ratio::new(6, 4).unwrap().to_string(), "3/2");
    /// ```
    pub fn new(num: u128, den: u128) -> Option<Ratio> {
        (den != 0).then_some(Ratio { num, den })
    }

    /// Numerator and denominator in lowest terms.
    ///
    /// ```
    /// assert_eq!(kim_core::allocation::Ratio::new(6, 4).unwrap().reduced(), (3, 2));
    /// ```
    pub fn reduced(self) -> (u128, u128) {
        let g = gcd128(self.num, self.den).max(1);
        (
            self.num.checked_div(g).unwrap_or(self.num),
            self.den.checked_div(g).unwrap_or(self.den),
        )
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Self) -> bool {
        cmp_frac(self.num, self.den, other.num, other.den) == Ordering::Equal
    }
}
impl Eq for Ratio {}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (n, d) = self.reduced();
        f.write_str(&fraction_text(n, d))
    }
}

impl std::str::FromStr for Ratio {
    type Err = Error;
    /// Reads `n/d` (or a whole number `n`).
    fn from_str(s: &str) -> Result<Ratio> {
        let (n, d) = s.split_once('/').unwrap_or((s, "1"));
        n.trim()
            .parse()
            .ok()
            .zip(d.trim().parse().ok())
            .and_then(|(n, d)| Ratio::new(n, d))
            .ok_or_else(|| {
                Violation::new(Code::P002, "")
                    .with("text", s.chars().take(40).collect::<String>())
                    .into()
            })
    }
}

impl Serialize for Ratio {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Ratio {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A unit and its weight (AZR count, population or a decimal share).
///
/// ```
/// use kim_core::allocation::Weight;
/// let w: Weight = serde_json::from_str(r#"{"unit": "Erkelenz", "value": 43000}"#).unwrap();
/// assert_eq!(w, Weight::new("Erkelenz", 43_000.into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Weight {
    /// Name of the unit (Kommune, region), unique in one distribution.
    pub unit: String,
    /// Non-negative weight; whole counts or decimals.
    #[serde(with = "crate::money::decimal_doc")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub value: Decimal,
}

impl Weight {
    /// A weight.
    ///
    /// ```
    /// let w = kim_core::allocation::Weight::new("Wassenberg", 18_000.into());
    /// assert_eq!(w.unit, "Wassenberg");
    /// ```
    pub fn new(unit: impl Into<String>, value: Decimal) -> Self {
        Weight {
            unit: unit.into(),
            value,
        }
    }
}

/// Apportionment method.
///
/// ```
/// use kim_core::allocation::Method;
/// assert_eq!(Method::default(), Method::LargestRemainder);
/// assert_eq!(serde_json::from_str::<Method>(r#""dhondt""#).unwrap(), Method::Dhondt);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Largest remainder (Hare–Niemeyer, Hamilton): floors of the quotas, then the remaining
    /// steps to the largest remainders.
    #[default]
    LargestRemainder,
    /// Sainte-Laguë (Webster): divisor method with divisors s + ½.
    SainteLague,
    /// D'Hondt (Jefferson): divisor method with divisors s + 1.
    Dhondt,
    /// Huntington–Hill: divisor method with divisors √(s(s+1)).
    HuntingtonHill,
}

impl Method {
    /// Name as used in JSON.
    ///
    /// ```
    /// assert_eq!(kim_core::allocation::Method::SainteLague.as_str(), "sainte_lague");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Method::LargestRemainder => "largest_remainder",
            Method::SainteLague => "sainte_lague",
            Method::Dhondt => "dhondt",
            Method::HuntingtonHill => "huntington_hill",
        }
    }
    /// German label.
    ///
    /// ```
    /// assert_eq!(kim_core::allocation::Method::LargestRemainder.label_de(), "Hare-Niemeyer (größte Reste)");
    /// ```
    pub fn label_de(self) -> &'static str {
        match self {
            Method::LargestRemainder => "Hare-Niemeyer (größte Reste)",
            Method::SainteLague => "Sainte-Laguë/Schepers",
            Method::Dhondt => "D'Hondt",
            Method::HuntingtonHill => "Huntington-Hill",
        }
    }
    /// English label.
    ///
    /// ```
    /// assert_eq!(kim_core::allocation::Method::Dhondt.label_en(), "D'Hondt (Jefferson)");
    /// ```
    pub fn label_en(self) -> &'static str {
        match self {
            Method::LargestRemainder => "largest remainder (Hare–Niemeyer)",
            Method::SainteLague => "Sainte-Laguë (Webster)",
            Method::Dhondt => "D'Hondt (Jefferson)",
            Method::HuntingtonHill => "Huntington–Hill",
        }
    }
}

/// How exact ties that decide a unit are broken.
///
/// ```
/// use kim_core::allocation::{distribute, DistributeOptions, TieBreak, Weight};
/// let w = [Weight::new("A", 1.into()), Weight::new("B", 1.into())];
/// let half = "0.5".parse().unwrap();
/// assert!(distribute(&w, half, &DistributeOptions::default()).is_err()); // KIM-A008: a tie decides
/// let by_order = DistributeOptions { tie_break: TieBreak::Order, ..DistributeOptions::default() };
/// assert_eq!(distribute(&w, half, &by_order).unwrap().ties[0].winners, ["A"]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TieBreak {
    /// A deciding tie is an error (`KIM-A008`) listing the tied units.
    #[default]
    Error,
    /// The unit earlier in the input wins; recorded in the result.
    Order,
    /// By lot: a seeded draw (SplitMix64 over the units sorted by name), reproducible in every
    /// face; the draw is recorded in the result.
    Lot {
        /// The seed of the draw.
        seed: u64,
    },
}

/// What happens to units whose share is above zero but below the minimum.
///
/// ```
/// use kim_core::allocation::BelowMinimum;
/// assert_eq!(BelowMinimum::default(), BelowMinimum::ReportOnly);
/// assert_eq!(serde_json::to_string(&BelowMinimum::RaiseToMinimum).unwrap(), r#""raise_to_minimum""#);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BelowMinimum {
    /// Leave the shares as computed and list the units (`below_minimum`, `KIM-A014`).
    #[default]
    ReportOnly,
    /// Exclude the smallest offending unit (by weight, then input order) and apportion again
    /// among the others; repeat until every unit with a share has at least the minimum.
    ExcludeAndReapportion,
    /// Give every unit with a positive weight the minimum first, then apportion the rest by
    /// the method on the original weights.
    RaiseToMinimum,
}

/// Options of a distribution.
///
/// ```
/// use kim_core::allocation::{DistributeOptions, Method};
/// let o = DistributeOptions::default();
/// assert_eq!((o.method, o.step.to_string()), (Method::LargestRemainder, "0.5".to_string()));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DistributeOptions {
    /// Method (default largest remainder).
    #[serde(default)]
    pub method: Method,
    /// Step in VZÄ (default 0.5).
    #[serde(default = "half")]
    pub step: Fte,
    /// Minimum share of a unit that gets anything (default 0).
    #[serde(default)]
    pub minimum: Fte,
    /// Handling of shares below the minimum (default report only).
    #[serde(default)]
    pub below_minimum: BelowMinimum,
    /// Tie policy (default error).
    #[serde(default)]
    pub tie_break: TieBreak,
    /// Explain every unit's share in `trace` (default true). Without it the trace holds only
    /// the method and totals; every share still carries its quota, priority and rank.
    #[serde(default = "yes")]
    pub trace: bool,
}

fn yes() -> bool {
    true
}

fn half() -> Fte {
    Fte::new(Decimal::new(5, 1)).unwrap_or(Fte::ONE)
}

impl Default for DistributeOptions {
    fn default() -> Self {
        DistributeOptions {
            method: Method::LargestRemainder,
            step: half(),
            minimum: Fte::ZERO,
            below_minimum: BelowMinimum::ReportOnly,
            tie_break: TieBreak::Error,
            trace: true,
        }
    }
}

/// One unit's share.
///
/// ```
/// use kim_core::allocation::{distribute, DistributeOptions, Weight};
/// use kim_core::Decimal;
/// let weights = [Weight::new("Erkelenz", Decimal::from(43_000)), Weight::new("Hückelhoven", Decimal::from(40_000)),
///     Weight::new("Wassenberg", Decimal::from(18_000))];
/// let a = distribute(&weights, "5".parse().unwrap(), &DistributeOptions::default()).unwrap();
/// let s = &a.shares[1];
/// assert_eq!((s.unit.as_str(), s.fte.to_string(), s.steps, s.rank), ("Hückelhoven", "2".into(), 4, 1));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Share {
    /// The unit.
    pub unit: String,
    /// Its weight.
    #[serde(with = "crate::money::decimal_doc")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub weight: Decimal,
    /// Exact quota in VZÄ (total × weight ÷ Σ weights), rounded to 4 decimals for display.
    #[serde(with = "crate::money::decimal_doc")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    pub quota: Decimal,
    /// The exact quota in steps as a fraction (`1234/567`).
    pub quota_steps: Ratio,
    /// The share in VZÄ.
    pub fte: Fte,
    /// The share in steps.
    pub steps: u64,
    /// Largest remainder: the quota's remainder in steps; divisor methods: the quotient for the
    /// unit's next step (weight ÷ divisor). Rounded to 4 decimals; absent for an unlimited claim
    /// (Huntington–Hill, a unit with no step yet).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::money::decimal_doc::option"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub priority: Option<Decimal>,
    /// Rank of `priority` among units with a positive weight (1 = highest; equal values share a rank).
    pub rank: u32,
    /// ⌊quota⌋ ≤ steps ≤ ⌈quota⌉ (in steps)?
    pub within_quota: bool,
    /// Excluded from the apportionment (below minimum, policy `exclude_and_reapportion`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub excluded: bool,
}

/// A recorded tie.
///
/// ```
/// use kim_core::allocation::{distribute, DistributeOptions, TieBreak, Weight};
/// let w = [Weight::new("A", 1.into()), Weight::new("B", 1.into())];
/// let lot = DistributeOptions { tie_break: TieBreak::Lot { seed: 42 }, ..DistributeOptions::default() };
/// let tie = &distribute(&w, "0.5".parse().unwrap(), &lot).unwrap().ties[0];
/// assert_eq!((tie.units.len(), tie.steps, tie.seed), (2, 1, Some(42)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Tie {
    /// The tied units, in input order.
    pub units: Vec<String>,
    /// Steps at stake (fewer than tied units).
    pub steps: u64,
    /// The units that got them.
    pub winners: Vec<String>,
    /// How it was decided: `order` or `lot`.
    pub decided_by: String,
    /// With `lot`: the seed and the drawn order of the tied units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// With `lot`: the tied units in drawn order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub draw: Vec<String>,
}

/// What decided the marginal steps of an allocation.
///
/// ```
/// use kim_core::allocation::{distribute, DistributeOptions, Weight};
/// use kim_core::Decimal;
/// let weights = [Weight::new("Erkelenz", Decimal::from(43_000)), Weight::new("Hückelhoven", Decimal::from(40_000)),
///     Weight::new("Wassenberg", Decimal::from(18_000))];
/// let a = distribute(&weights, "5".parse().unwrap(), &DistributeOptions::default()).unwrap();
/// // 10 steps, 8 given as whole quotas: the remainders decide the last 2
/// assert_eq!(a.marginal, kim_core::allocation::Marginal::RemainingSteps(2));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Marginal {
    /// Largest remainder: the steps left after every unit got the floor of its quota; they
    /// went to the largest remainders.
    RemainingSteps(u64),
    /// Divisor methods: the quotient at which the last step went (rounded to 4 places;
    /// Huntington–Hill to about 8 significant digits of the root).
    #[serde(with = "crate::money::decimal_doc")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::DecimalText"))]
    LastQuotient(Decimal),
}

/// The result of a distribution.
///
/// The explanation is built on request by [`Allocation::trace`] (and when the allocation is
/// serialised, as `trace`), so a distribution costs no text formatting unless it is read.
///
/// ```
/// use kim_core::allocation::{distribute, DistributeOptions, Weight};
/// use kim_core::Decimal;
/// let weights = [Weight::new("Erkelenz", Decimal::from(43_000)), Weight::new("Hückelhoven", Decimal::from(40_000)),
///     Weight::new("Wassenberg", Decimal::from(18_000))];
/// let a = distribute(&weights, "5".parse().unwrap(), &DistributeOptions::default()).unwrap();
/// assert!(a.sum_ok && a.ties.is_empty());
/// assert_eq!(a.total.to_string(), "5");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    /// Method used.
    pub method: Method,
    /// Step used.
    pub step: Fte,
    /// Minimum used.
    pub minimum: Fte,
    /// Minimum policy used.
    pub below_minimum_policy: BelowMinimum,
    /// Tie policy used.
    pub tie_break: TieBreak,
    /// Total distributed.
    pub total: Fte,
    /// Total in steps.
    pub steps: u64,
    /// Shares in input order.
    pub shares: Vec<Share>,
    /// Ties that decided a unit.
    pub ties: Vec<Tie>,
    /// Units whose share is above zero but below the minimum (policy `report_only`), or that
    /// were excluded for it.
    pub below_minimum: Vec<String>,
    /// Units whose share breaks the quota rule.
    pub quota_violations: Vec<String>,
    /// Σ shares == total?
    pub sum_ok: bool,
    /// Warnings (`KIM-A014` below minimum, `KIM-A013` quota rule broken).
    pub warnings: Vec<Violation>,
    /// What decided the marginal steps.
    pub marginal: Marginal,
    /// Explain every unit in [`Allocation::trace`] (the option `trace`).
    #[serde(skip, default = "yes")]
    explain_units: bool,
    /// The serialised trace, ignored when read back (it is rebuilt from the data).
    #[serde(default, rename = "trace")]
    #[cfg_attr(feature = "ts", tsify(type = "Trace"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::explain::Trace"))]
    _trace: IgnoredTrace,
}

/// Accepts and drops a serialised trace.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct IgnoredTrace;

impl<'de> Deserialize<'de> for IgnoredTrace {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| IgnoredTrace)
    }
}

impl Serialize for Allocation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Allocation", 15)?;
        st.serialize_field("method", &self.method)?;
        st.serialize_field("step", &self.step)?;
        st.serialize_field("minimum", &self.minimum)?;
        st.serialize_field("below_minimum_policy", &self.below_minimum_policy)?;
        st.serialize_field("tie_break", &self.tie_break)?;
        st.serialize_field("total", &self.total)?;
        st.serialize_field("steps", &self.steps)?;
        st.serialize_field("shares", &self.shares)?;
        st.serialize_field("ties", &self.ties)?;
        st.serialize_field("below_minimum", &self.below_minimum)?;
        st.serialize_field("quota_violations", &self.quota_violations)?;
        st.serialize_field("sum_ok", &self.sum_ok)?;
        st.serialize_field("warnings", &self.warnings)?;
        st.serialize_field("marginal", &self.marginal)?;
        st.serialize_field("trace", &self.trace())?;
        st.end()
    }
}

impl Allocation {
    /// The explanation (`kim.trace.v1`): the method and its formula in words, and — unless
    /// the option `trace` was `false` — one node per unit with its weight, quota, priority,
    /// rank and share, in German and English. Built from the allocation on each call.
    ///
    /// ```
    /// use kim_core::allocation::{distribute, DistributeOptions, Weight};
    /// use kim_core::Decimal;
    /// let weights = [Weight::new("Erkelenz", Decimal::from(43_000)), Weight::new("Hückelhoven", Decimal::from(40_000)),
    ///     Weight::new("Wassenberg", Decimal::from(18_000))];
    /// let a = distribute(&weights, "5".parse().unwrap(), &DistributeOptions::default()).unwrap();
    /// assert!(a.trace().render(kim_core::Lang::De).contains("Erkelenz"));
    /// ```
    pub fn trace(&self) -> Trace {
        allocation_trace(self)
    }

    /// The share of a unit, if it is in the allocation.
    ///
    /// ```
    /// use kim_core::allocation::{distribute, DistributeOptions, Weight};
    /// use kim_core::Decimal;
    /// let weights = [Weight::new("Erkelenz", Decimal::from(43_000)), Weight::new("Hückelhoven", Decimal::from(40_000)),
    ///     Weight::new("Wassenberg", Decimal::from(18_000))];
    /// let a = distribute(&weights, "5".parse().unwrap(), &DistributeOptions::default()).unwrap();
    /// assert_eq!(a.get("Wassenberg").map(|f| f.to_string()), Some("1".into()));
    /// assert_eq!(a.get("Köln"), None);
    /// ```
    pub fn get(&self, unit: &str) -> Option<Fte> {
        self.shares.iter().find(|s| s.unit == unit).map(|s| s.fte)
    }
}

// ------------------------------------------------------------------------------------------
// exact helpers
// ------------------------------------------------------------------------------------------

fn too_big(path: &str) -> Error {
    Error::at(Code::A011, path)
}

/// Scales decimal weights to integers with a common scale.
fn integer_weights(weights: &[Weight]) -> Result<Vec<u128>> {
    let normal: Vec<Decimal> = weights
        .iter()
        .map(|w| {
            // integer counts (the usual weights) are already normal
            if w.value.scale() == 0 {
                w.value
            } else {
                w.value.normalize()
            }
        })
        .collect();
    let scale = normal.iter().map(|d| d.scale()).max().unwrap_or(0);
    let mut out = Vec::with_capacity(weights.len());
    for (i, &d) in normal.iter().enumerate() {
        let up = scale
            .checked_sub(d.scale())
            .ok_or_else(|| too_big("weights"))?;
        let m =
            u128::try_from(d.mantissa()).map_err(|_| too_big(&format!("weights[{i}].value")))?;
        let factor = 10u128
            .checked_pow(up)
            .ok_or_else(|| too_big(&format!("weights[{i}].value")))?;
        out.push(
            m.checked_mul(factor)
                .ok_or_else(|| too_big(&format!("weights[{i}].value")))?,
        );
    }
    Ok(out)
}

/// a ÷ b and a mod b (b > 0), in 64 bits when both fit: 128-bit division is much slower.
fn div_rem(a: u128, b: u128) -> (u128, u128) {
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(x), Ok(y)) => (
            u128::from(x.checked_div(y).unwrap_or(0)),
            u128::from(x.checked_rem(y).unwrap_or(0)),
        ),
        _ => (a.checked_div(b).unwrap_or(0), a.checked_rem(b).unwrap_or(0)),
    }
}

/// a × b as a 256-bit number (hi, lo).
#[inline]
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    let mask = u128::from(u64::MAX);
    let (a1, a0) = (a >> 64, a & mask);
    let (b1, b0) = (b >> 64, b & mask);
    let p00 = a0.wrapping_mul(b0);
    let p01 = a0.wrapping_mul(b1);
    let p10 = a1.wrapping_mul(b0);
    let p11 = a1.wrapping_mul(b1);
    let mid = (p00 >> 64)
        .wrapping_add(p01 & mask)
        .wrapping_add(p10 & mask);
    let lo = (p00 & mask) | (mid << 64);
    let hi = p11
        .wrapping_add(p01 >> 64)
        .wrapping_add(p10 >> 64)
        .wrapping_add(mid >> 64);
    (hi, lo)
}

/// Compares a/b with c/d exactly (b, d > 0), by cross-multiplying in 256 bits.
#[inline]
fn cmp_frac(a: u128, b: u128, c: u128, d: u128) -> Ordering {
    let small = u128::from(u64::MAX);
    if a <= small && b <= small && c <= small && d <= small {
        // both products fit in 128 bits
        return a.wrapping_mul(d).cmp(&c.wrapping_mul(b));
    }
    mul_wide(a, d).cmp(&mul_wide(c, b))
}

/// A step as the integer fraction mantissa / 10^scale.
fn step_fraction(step: Fte) -> (u128, u128) {
    let s = step.value().normalize();
    (
        u128::try_from(s.mantissa()).unwrap_or(0),
        10u128.checked_pow(s.scale()).unwrap_or(1),
    )
}

/// The quota in VZÄ, `num/den` steps × step (given as `step_fraction`), rounded once (half
/// away from zero) to 4 places.
fn quota_fte(num: u128, den: u128, step: Fte, (m, p): (u128, u128)) -> Decimal {
    match (num.checked_mul(m), den.checked_mul(p)) {
        (Some(n), Some(d)) => frac_decimal(n, d),
        _ => frac_decimal(num, den)
            .checked_mul(step.value())
            .unwrap_or_default()
            .round_dp(4)
            .normalize(),
    }
}

/// w ÷ √d (Huntington–Hill quotient) for display, to about 8 significant digits of the root.
fn hh_quotient(w: u128, d: u128) -> Decimal {
    hh_quotient_with(w, d, hh_root(d))
}

/// √d × 10^8, floored; `None` when d × 10^16 does not fit.
fn hh_root(d: u128) -> Option<u128> {
    d.checked_mul(10_000_000_000_000_000).map(isqrt)
}

/// [`hh_quotient`] with the root from [`hh_root`] (the root depends on the steps only, so a
/// caller can reuse it across units).
fn hh_quotient_with(w: u128, d: u128, root: Option<u128>) -> Decimal {
    match (w.checked_mul(100_000_000), root) {
        (Some(n), Some(r)) => frac_decimal(n, r.max(1)),
        _ => frac_decimal(w, isqrt(d).max(1)),
    }
}

fn frac_decimal(mut num: u128, mut den: u128) -> Decimal {
    if let (Ok(n), Ok(d)) = (u64::try_from(num), u64::try_from(den)) {
        return frac_decimal64(n, d);
    }
    // beyond Decimal's range, scale both down (display only: the shares are exact)
    while num > (1u128 << 95) || den > (1u128 << 95) {
        num >>= 1;
        den >>= 1;
    }
    // q + r/den, the fraction rounded half away from zero to 4 places, in integers
    let (Some(q), Some(r)) = (num.checked_div(den), num.checked_rem(den)) else {
        return Decimal::ZERO;
    };
    let frac = r
        .checked_mul(20_000)
        .and_then(|x| x.checked_add(den))
        .and_then(|x| x.checked_div(den.saturating_mul(2)))
        .unwrap_or(0);
    q.checked_mul(10_000)
        .and_then(|x| x.checked_add(frac))
        .and_then(|x| i128::try_from(x).ok())
        .and_then(|x| Decimal::try_from_i128_with_scale(x, 4).ok())
        .map_or(Decimal::ZERO, |d| d.normalize())
}

/// [`frac_decimal`] for 64-bit operands (the usual case): 128-bit division is much slower.
fn frac_decimal64(num: u64, den: u64) -> Decimal {
    let (Some(q), Some(r)) = (num.checked_div(den), num.checked_rem(den)) else {
        return Decimal::ZERO;
    };
    let (r, den) = (u128::from(r), u128::from(den));
    // r < den < 2^64, so r·20000 + den fits in 128 bits; the quotient is below 10^4 + 1
    let frac = r
        .wrapping_mul(20_000)
        .wrapping_add(den)
        .checked_div(den.wrapping_mul(2))
        .unwrap_or(0);
    let m = u128::from(q).wrapping_mul(10_000).wrapping_add(frac);
    match u64::try_from(m) {
        Ok(m) => scaled(m, 4),
        Err(_) => i128::try_from(m)
            .ok()
            .and_then(|x| Decimal::try_from_i128_with_scale(x, 4).ok())
            .map_or(Decimal::ZERO, |d| d.normalize()),
    }
}

/// m × 10^−scale without trailing zeros (what `normalize` gives, in 64-bit arithmetic).
fn scaled(mut m: u64, mut scale: u32) -> Decimal {
    while scale > 0 && m.is_multiple_of(10) {
        m /= 10;
        scale = scale.saturating_sub(1);
    }
    Decimal::from_i128_with_scale(i128::from(m), scale)
}

/// Steps certainly awarded by a divisor method (see `apportion`): for each unit the number of
/// steps whose priority is strictly above the bound D0, found from an estimate and checked
/// exactly. All zeros when no bound applies.
fn jump_start(
    method: Method,
    w: &[u128],
    live: &dyn Fn(usize) -> bool,
    total_w: u128,
    h: u64,
) -> Vec<u64> {
    let n = w.len() as u128;
    let hh = u128::from(h);
    // D0 in the same form as the method's priorities
    // (D'Hondt W/h; Sainte-Laguë W/(h − n/2); Huntington–Hill W/(h − n))
    let d0 = match method {
        Method::Dhondt if hh > 0 => Some((total_w, hh)),
        Method::SainteLague if hh.saturating_mul(2) > n => total_w
            .checked_mul(2)
            .map(|x| (x, hh.saturating_mul(2).saturating_sub(n))),
        Method::HuntingtonHill if hh > n => {
            let m = hh.saturating_sub(n);
            m.checked_mul(m).map(|mm| (total_w, mm))
        }
        _ => None,
    };
    let Some(d0) = d0 else {
        return vec![0; w.len()];
    };
    let estimate = match method {
        Method::SainteLague => (
            hh.saturating_mul(2).saturating_sub(n),
            total_w.saturating_mul(2),
        ),
        Method::HuntingtonHill => (hh.saturating_sub(n), total_w),
        _ => (hh, total_w),
    };
    steps_above(method, w, live, h, d0, estimate)
}

/// For each live unit, the number of steps whose priority lies strictly above `d0`, found
/// from the estimate ⌊w × num ÷ den⌋ and corrected exactly (a step or two). All zeros when
/// the estimate is far off (which should not happen).
fn steps_above(
    method: Method,
    w: &[u128],
    live: &dyn Fn(usize) -> bool,
    h: u64,
    d0: (u128, u128),
    (num, den): (u128, u128),
) -> Vec<u64> {
    let above = |wi: u128, k: u64| {
        cmp_priority(method, divisor_priority(method, wi, k), Some(d0)) == Ordering::Greater
    };
    let mut out = vec![0u64; w.len()];
    for (i, slot) in out.iter_mut().enumerate() {
        let wi = w.get(i).copied().unwrap_or(0);
        if !live(i) || wi == 0 {
            continue;
        }
        // estimate, then exact corrections
        let mut e = wi
            .checked_mul(num)
            .and_then(|x| u64::try_from(div_rem(x, den).0).ok())
            .unwrap_or(0)
            .min(h);
        let mut guard = 0u32;
        while e > 0 && !above(wi, e.saturating_sub(1)) && guard < 64 {
            e = e.saturating_sub(1);
            guard = guard.saturating_add(1);
        }
        while e < h && above(wi, e) && guard < 128 {
            e = e.saturating_add(1);
            guard = guard.saturating_add(1);
        }
        if guard >= 64 {
            return vec![0; w.len()]; // estimate far off (should not happen): no jump start
        }
        *slot = e;
    }
    out
}

/// The priority of a unit's next step in a divisor method, as a fraction num/den.
/// Huntington–Hill priorities are squared (w² / (s(s+1))); `None` means infinite (s = 0).
#[inline]
fn divisor_priority(method: Method, w: u128, s: u64) -> Option<(u128, u128)> {
    let s = u128::from(s);
    match method {
        Method::Dhondt => Some((w, s.saturating_add(1))),
        Method::SainteLague => Some((w.saturating_mul(2), s.saturating_mul(2).saturating_add(1))),
        Method::HuntingtonHill if s == 0 => None,
        // (w, s(s+1)): compared as w² ÷ s(s+1) by `cmp_priority`, exactly
        Method::HuntingtonHill => Some((w, s.saturating_mul(s.saturating_add(1)))),
        Method::LargestRemainder => None,
    }
}

#[inline]
fn cmp_priority(method: Method, a: Option<(u128, u128)>, b: Option<(u128, u128)>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some((an, ad)), Some((bn, bd))) if method == Method::HuntingtonHill => {
            cmp_hh(an, ad, bn, bd)
        }
        (Some((an, ad)), Some((bn, bd))) => cmp_frac(an, ad, bn, bd),
    }
}

/// Multiplies little-endian 64-bit limbs (schoolbook; the result has 8 limbs, enough for
/// w² × d with w < 2^128 and d < 2^128).
fn mul_limbs(a: &[u64], b: &[u64]) -> [u64; 8] {
    let mut out = [0u64; 8];
    for (i, &x) in a.iter().enumerate() {
        let mut carry: u128 = 0;
        for (j, &y) in b.iter().enumerate() {
            let Some(slot) = out.get_mut(i.saturating_add(j)) else {
                continue;
            };
            let t = u128::from(x)
                .wrapping_mul(u128::from(y))
                .wrapping_add(u128::from(*slot))
                .wrapping_add(carry);
            *slot = t as u64;
            carry = t >> 64;
        }
        let mut k = i.saturating_add(b.len());
        while carry > 0 {
            let Some(slot) = out.get_mut(k) else { break };
            let t = u128::from(*slot).wrapping_add(carry);
            *slot = t as u64;
            carry = t >> 64;
            k = k.saturating_add(1);
        }
    }
    out
}

fn limbs(x: u128) -> [u64; 2] {
    [x as u64, (x >> 64) as u64]
}

/// Compares wa² ÷ da with wb² ÷ db exactly: wa²·db against wb²·da in 512 bits.
#[inline]
fn cmp_hh(wa: u128, da: u128, wb: u128, db: u128) -> Ordering {
    let (tiny, small) = (u128::from(u32::MAX), u128::from(u64::MAX));
    if wa <= tiny && wb <= tiny && da <= small && db <= small {
        // w² < 2^64 and d < 2^64: w²·d fits in 128 bits
        return (wa.wrapping_mul(wa).wrapping_mul(db)).cmp(&wb.wrapping_mul(wb).wrapping_mul(da));
    }
    if wa <= small && wb <= small {
        // w² fits in 128 bits: w²·d in 256
        return mul_wide(wa.wrapping_mul(wa), db).cmp(&mul_wide(wb.wrapping_mul(wb), da));
    }
    let (ha, la) = mul_wide(wa, wa);
    let (hb, lb) = mul_wide(wb, wb);
    let sq = |h: u128, l: u128| [l as u64, (l >> 64) as u64, h as u64, (h >> 64) as u64];
    let left = mul_limbs(&sq(ha, la), &limbs(db));
    let right = mul_limbs(&sq(hb, lb), &limbs(da));
    left.iter().rev().cmp(right.iter().rev())
}

/// SplitMix64: a tiny, well-known generator, so a lot drawn here can be redone by hand or in
/// any language.
struct SplitMix64(u64);
impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Tie-break keys per unit (lower wins): input order, or a seeded permutation of the units
/// sorted by name (so the draw does not depend on input order).
fn tie_keys(weights: &[Weight], tie: TieBreak) -> Vec<u64> {
    let n = weights.len();
    let mut keys: Vec<u64> = (0..n as u64).collect();
    if let TieBreak::Lot { seed } = tie {
        let mut by_name: Vec<usize> = (0..n).collect();
        crate::order::sort_by(&mut by_name, |&a, &b| {
            weights
                .get(a)
                .map(|w| &w.unit)
                .cmp(&weights.get(b).map(|w| &w.unit))
        });
        let mut rng = SplitMix64(seed);
        // Fisher–Yates
        for i in (1..n).rev() {
            let j = rng
                .next()
                .checked_rem((i as u64).saturating_add(1))
                .and_then(|j| usize::try_from(j).ok())
                .unwrap_or(0);
            by_name.swap(i, j);
        }
        for (rank, &unit) in by_name.iter().enumerate() {
            if let Some(k) = keys.get_mut(unit) {
                *k = rank as u64;
            }
        }
    }
    keys
}

// ------------------------------------------------------------------------------------------
// the core apportionment in steps
// ------------------------------------------------------------------------------------------

struct Outcome {
    steps: Vec<u64>,
    /// Units tied at the boundary (index list) and how many steps went to them there.
    tie: Option<(Vec<usize>, u64, Vec<usize>)>,
}

/// Apportions `h` steps among units with integer weights `w` (zero weights get nothing;
/// `active` masks excluded units).
fn apportion(method: Method, w: &[u128], active: &[bool], h: u64, keys: &[u64]) -> Result<Outcome> {
    let n = w.len();
    let live =
        |i: usize| active.get(i).copied().unwrap_or(false) && w.get(i).copied().unwrap_or(0) > 0;
    let total_w: u128 = (0..n)
        .filter(|&i| live(i))
        .try_fold(0u128, |acc, i| {
            acc.checked_add(w.get(i).copied().unwrap_or(0))
        })
        .ok_or_else(|| too_big("weights"))?;
    if total_w == 0 {
        return Err(Error::at(Code::A004, "weights"));
    }
    let mut steps = vec![0u64; n];
    let hh = u128::from(h);
    if method == Method::LargestRemainder {
        let mut rem: Vec<(usize, u128)> = Vec::with_capacity(n);
        let mut given: u64 = 0;
        for i in (0..n).filter(|&i| live(i)) {
            let num = hh
                .checked_mul(w.get(i).copied().unwrap_or(0))
                .ok_or_else(|| too_big("weights"))?;
            let (fl, r) = div_rem(num, total_w);
            let fl = u64::try_from(fl).map_err(|_| too_big("total"))?;
            if let Some(s) = steps.get_mut(i) {
                *s = fl;
            }
            given = given.saturating_add(fl);
            rem.push((i, r));
        }
        let left = usize::try_from(h.saturating_sub(given)).unwrap_or(0);
        // largest remainder first (!r = u128::MAX − r), then the lower tie-break key (distinct)
        let mut keyed: Vec<(u128, u64, usize)> = rem
            .iter()
            .map(|&(i, r)| (!r, keys.get(i).copied().unwrap_or(u64::MAX), i))
            .collect();
        crate::order::sort_keyed(&mut keyed);
        let rem: Vec<(usize, u128)> = keyed.into_iter().map(|(r, _, i)| (i, !r)).collect();
        for (i, _) in rem.iter().take(left) {
            if let Some(s) = steps.get_mut(*i) {
                *s = s.saturating_add(1);
            }
        }
        // a tie decides a unit if the last remainder given equals the first not given
        let tie = match (left.checked_sub(1).and_then(|k| rem.get(k)), rem.get(left)) {
            (Some(&(_, last)), Some(&(_, next))) if last == next && left > 0 => {
                let mut tied: Vec<usize> = rem
                    .iter()
                    .filter(|(_, r)| *r == last)
                    .map(|(i, _)| *i)
                    .collect();
                crate::order::sort(&mut tied); // input order, as for divisor methods
                let winners: Vec<usize> = rem
                    .iter()
                    .take(left)
                    .filter(|(_, r)| *r == last)
                    .map(|(i, _)| *i)
                    .collect();
                Some((tied, winners.len() as u64, winners))
            }
            _ => None,
        };
        return Ok(Outcome { steps, tie });
    }
    // divisor methods: a max-heap of next-step priorities
    #[derive(PartialEq, Eq)]
    struct Entry {
        prio: Option<(u128, u128)>,
        key: u64,
        unit: usize,
        method: Method,
    }
    impl Ord for Entry {
        fn cmp(&self, other: &Self) -> Ordering {
            cmp_priority(self.method, self.prio, other.prio).then_with(|| other.key.cmp(&self.key))
        }
    }
    impl PartialOrd for Entry {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }
    // Jump start: every step whose priority lies strictly above a bound D0 on the final
    // threshold is certainly awarded, so those are given at once and the heap deals the rest
    // (D'Hondt D0 = W/h; Sainte-Laguë W/(h − n/2); Huntington–Hill W/(h − n)).
    let start = jump_start(method, w, &live, total_w, h);
    let given: u64 = start.iter().fold(0u64, |a, &x| a.saturating_add(x));
    let (start, given) = if given < h {
        (start, given)
    } else {
        (vec![0; n], 0)
    };
    let mut entries = Vec::with_capacity(n);
    for i in (0..n).filter(|&i| live(i)) {
        let s0 = start.get(i).copied().unwrap_or(0);
        if let Some(s) = steps.get_mut(i) {
            *s = s0;
        }
        entries.push(Entry {
            prio: divisor_priority(method, w.get(i).copied().unwrap_or(0), s0),
            key: keys.get(i).copied().unwrap_or(0),
            unit: i,
            method,
        });
    }
    // heapify in O(n) rather than n pushes
    let mut heap = BinaryHeap::from(entries);
    let mut last_prio = None;
    let mut awarded_at_last: Vec<usize> = Vec::new();
    for _ in given..h {
        let Some(top) = heap.pop() else { break };
        if last_prio.is_none()
            || cmp_priority(method, last_prio.flatten(), top.prio) != Ordering::Equal
        {
            awarded_at_last.clear();
        }
        awarded_at_last.push(top.unit);
        last_prio = Some(top.prio);
        let s = steps.get_mut(top.unit).ok_or_else(|| too_big("weights"))?;
        *s = s.saturating_add(1);
        heap.push(Entry {
            prio: divisor_priority(top.method, w.get(top.unit).copied().unwrap_or(0), *s),
            key: top.key,
            unit: top.unit,
            method: top.method,
        });
    }
    let tie = match (last_prio, heap.peek()) {
        (Some(lp), Some(next)) if cmp_priority(method, lp, next.prio) == Ordering::Equal => {
            let mut tied = awarded_at_last.clone();
            let mut rest: Vec<usize> = heap
                .iter()
                .filter(|e| cmp_priority(method, lp, e.prio) == Ordering::Equal)
                .map(|e| e.unit)
                .collect();
            tied.append(&mut rest);
            crate::order::sort(&mut tied);
            tied.dedup();
            Some((tied, awarded_at_last.len() as u64, awarded_at_last))
        }
        _ => None,
    };
    Ok(Outcome { steps, tie })
}

/// `KIM-A008`: a tie among `tied` (indices) decides `steps` step(s).
fn tie_error(weights: &[Weight], tied: &[usize], steps: u64) -> Error {
    let names: Vec<&str> = tied
        .iter()
        .filter_map(|&i| weights.get(i).map(|x| x.unit.as_str()))
        .collect();
    Violation::new(Code::A008, "weights")
        .with("units", names.join(", "))
        .with("steps", steps.to_string())
        .into()
}

fn fte_from_steps(steps: u64, step: Fte) -> Result<Fte> {
    let v = step
        .value()
        .checked_mul(Decimal::from(steps))
        .ok_or_else(|| too_big("total"))?;
    // steps × step ≤ total, which was checked: no need to check again
    Ok(Fte::from_checked(v))
}

fn steps_of(value: Fte, step: Fte, path: &str, code: Code) -> Result<u64> {
    let q = value
        .value()
        .checked_div(step.value())
        .ok_or_else(|| too_big(path))?
        .normalize();
    if q.scale() != 0 {
        return Err(Violation::new(code, path)
            .with_fte("value", value)
            .with_fte("step", step)
            .into());
    }
    u64::try_from(q.mantissa()).map_err(|_| too_big(path))
}

/// Checks the input and returns every problem at once.
pub(crate) fn check(weights: &[Weight], total: Fte, opts: &DistributeOptions) -> Vec<Violation> {
    let mut out = Vec::new();
    if weights.is_empty() {
        out.push(Violation::new(Code::A001, "weights"));
    }
    if weights.len() > MAX_UNITS {
        out.push(
            Violation::new(Code::A010, "weights")
                .with("max", MAX_UNITS.to_string())
                .with("what", "units"),
        );
    }
    let mut seen = std::collections::HashMap::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        if w.unit.trim().is_empty() {
            out.push(Violation::new(Code::A012, format!("weights[{i}].unit")));
        }
        if let Some(first) = seen.insert(w.unit.as_str(), i) {
            out.push(
                Violation::new(Code::A003, format!("weights[{i}].unit"))
                    .with("unit", w.unit.clone())
                    .with("first", format!("weights[{first}]")),
            );
        }
        if w.value.is_sign_negative() && !w.value.is_zero() {
            out.push(
                Violation::new(Code::A002, format!("weights[{i}].value"))
                    .with("value", w.value.to_string()),
            );
        }
    }
    out.extend(total.check(|| "total".to_owned()));
    out.extend(opts.step.check(|| "options.step".to_owned()));
    out.extend(opts.minimum.check(|| "options.minimum".to_owned()));
    if opts.step.is_zero() {
        out.push(Violation::new(Code::A006, "options.step"));
    }
    out
}

/// Distributes `total` VZÄ among the units by their weights. See the module docs and
/// `docs/distribution.md` for the methods and policies.
///
/// ```
/// use kim_core::allocation::{distribute, DistributeOptions, Weight};
/// use kim_core::Decimal;
/// let weights = [Weight::new("Erkelenz", Decimal::from(43_000)), Weight::new("Hückelhoven", Decimal::from(40_000)),
///     Weight::new("Wassenberg", Decimal::from(18_000))];
/// let a = distribute(&weights, "5".parse().unwrap(), &DistributeOptions::default()).unwrap();
/// let shares: Vec<String> = a.shares.iter().map(|s| s.fte.to_string()).collect();
/// assert_eq!(shares, ["2", "2", "1"]);
/// ```
pub fn distribute(weights: &[Weight], total: Fte, opts: &DistributeOptions) -> Result<Allocation> {
    let problems = check(weights, total, opts);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let h = steps_of(total, opts.step, "total", Code::A005)?;
    if h > MAX_STEPS {
        return Err(Violation::new(Code::A010, "total")
            .with("max", MAX_STEPS.to_string())
            .with("what", "steps")
            .into());
    }
    let m = steps_of(opts.minimum, opts.step, "options.minimum", Code::A007)?;
    let w = integer_weights(weights)?;
    if w.iter().all(|&x| x == 0) {
        return Err(Error::at(Code::A004, "weights"));
    }

    let keys = tie_keys(weights, opts.tie_break);
    let n = weights.len();
    let mut active = vec![true; n];
    let mut excluded_units = Vec::new();
    let outcome = match opts.below_minimum {
        BelowMinimum::RaiseToMinimum if m > 0 => {
            let eligible: Vec<usize> = (0..n)
                .filter(|&i| w.get(i).copied().unwrap_or(0) > 0)
                .collect();
            let base = m
                .checked_mul(eligible.len() as u64)
                .ok_or_else(|| too_big("options.minimum"))?;
            let rest = h.checked_sub(base).ok_or_else(|| {
                Error::one(
                    Violation::new(Code::A009, "options.minimum")
                        .with_fte("minimum", opts.minimum)
                        .with("units", eligible.len().to_string())
                        .with_fte("total", total),
                )
            })?;
            let mut o = if rest > 0 {
                apportion(opts.method, &w, &active, rest, &keys)?
            } else {
                Outcome {
                    steps: vec![0; n],
                    tie: None,
                }
            };
            for &i in &eligible {
                if let Some(s) = o.steps.get_mut(i) {
                    *s = s.saturating_add(m);
                }
            }
            o
        }
        BelowMinimum::ExcludeAndReapportion if m > 0 => loop {
            // excluding every unit means the minimum cannot be met at all
            let o = apportion(opts.method, &w, &active, h, &keys).map_err(|e| {
                if e.code() == Code::A004 && !excluded_units.is_empty() {
                    Error::one(
                        Violation::new(Code::A009, "options.minimum")
                            .with_fte("minimum", opts.minimum)
                            .with("units", excluded_units.len().to_string())
                            .with_fte("total", total),
                    )
                } else {
                    e
                }
            })?;
            // the smallest offender goes first; equal smallest weights are a tie, decided
            // by the tie policy like any other
            if let (Some((tied, _, _)), TieBreak::Error) = (&o.tie, opts.tie_break) {
                // an intermediate round decided by a tie would make the result depend on input order
                if (0..n).any(|i| o.steps.get(i).is_some_and(|&s| s > 0 && s < m)) {
                    return Err(tie_error(weights, tied, 1));
                }
            }
            let offenders: Vec<usize> = (0..n)
                .filter(|&i| o.steps.get(i).is_some_and(|&s| s > 0 && s < m))
                .collect();
            let smallest = offenders.iter().filter_map(|&i| w.get(i).copied()).min();
            let tied: Vec<usize> = offenders
                .iter()
                .copied()
                .filter(|&i| w.get(i).copied() == smallest)
                .collect();
            if tied.len() > 1 && opts.tie_break == TieBreak::Error {
                return Err(tie_error(weights, &tied, 0));
            }
            let offender = tied
                .iter()
                .copied()
                .min_by_key(|&i| keys.get(i).copied().unwrap_or(0));
            match offender {
                Some(i) => {
                    if let Some(a) = active.get_mut(i) {
                        *a = false;
                    }
                    excluded_units.push(i);
                }
                None => break o,
            }
        },
        _ => apportion(opts.method, &w, &active, h, &keys)?,
    };
    // ties
    let mut ties = Vec::new();
    if let Some((tied, at_stake, winners)) = &outcome.tie {
        let names = |ix: &[usize]| {
            ix.iter()
                .filter_map(|&i| weights.get(i).map(|w| w.unit.clone()))
                .collect::<Vec<_>>()
        };
        match opts.tie_break {
            TieBreak::Error => return Err(tie_error(weights, tied, *at_stake)),
            TieBreak::Order => ties.push(Tie {
                units: names(tied),
                steps: *at_stake,
                winners: names(winners),
                decided_by: "order".to_owned(),
                seed: None,
                draw: Vec::new(),
            }),
            TieBreak::Lot { seed } => {
                let mut drawn = tied.clone();
                crate::order::sort_by_key(&mut drawn, |&i| keys.get(i).copied().unwrap_or(0));
                ties.push(Tie {
                    units: names(tied),
                    steps: *at_stake,
                    winners: names(winners),
                    decided_by: "lot".to_owned(),
                    seed: Some(seed),
                    draw: names(&drawn),
                });
            }
        }
    }
    build(
        weights,
        &w,
        total,
        h,
        m,
        opts,
        outcome,
        &active,
        &excluded_units,
        ties,
    )
}

#[allow(clippy::too_many_arguments)]
fn build(
    weights: &[Weight],
    w: &[u128],
    total: Fte,
    h: u64,
    m: u64,
    opts: &DistributeOptions,
    outcome: Outcome,
    active: &[bool],
    excluded_units: &[usize],
    ties: Vec<Tie>,
) -> Result<Allocation> {
    let total_w: u128 = w
        .iter()
        .try_fold(0u128, |a, &x| a.checked_add(x))
        .ok_or_else(|| too_big("weights"))?;
    let hh = u128::from(h);
    let step_frac = step_fraction(opts.step);
    let mut roots: std::collections::HashMap<u128, Option<u128>> = std::collections::HashMap::new();
    let mut shares = Vec::with_capacity(weights.len());
    let mut priorities: Vec<Option<(u128, u128)>> = Vec::with_capacity(weights.len());
    let mut quota_violations = Vec::new();
    let mut below = Vec::new();
    let mut floors: u64 = 0;
    for (i, (weight, &wi)) in weights.iter().zip(w).enumerate() {
        let steps = outcome.steps.get(i).copied().unwrap_or(0);
        let num = hh.checked_mul(wi).ok_or_else(|| too_big("weights"))?;
        let (fl, rem) = div_rem(num, total_w);
        let ceil = if rem == 0 { fl } else { fl.saturating_add(1) };
        if !excluded_units.contains(&i) {
            floors = floors.saturating_add(u64::try_from(fl).unwrap_or(0));
        }
        let within = u128::from(steps) >= fl && u128::from(steps) <= ceil;
        if !within {
            quota_violations.push(weight.unit.clone());
        }
        if steps > 0 && steps < m {
            below.push(weight.unit.clone());
        }
        let prio = if wi == 0 || !active.get(i).copied().unwrap_or(false) {
            Some((0, 1))
        } else if opts.method == Method::LargestRemainder {
            Some((rem, total_w))
        } else {
            divisor_priority(opts.method, wi, steps)
        };
        priorities.push(prio);
        let priority = match (opts.method, prio) {
            (Method::HuntingtonHill, Some((n2, d2))) if n2 > 0 => {
                // most units hold the same few step counts: one root per count
                let root = *roots.entry(d2).or_insert_with(|| hh_root(d2));
                Some(hh_quotient_with(wi, d2, root))
            }
            (_, Some((num, den))) => Some(frac_decimal(num, den)),
            (_, None) => None,
        };
        shares.push(Share {
            unit: weight.unit.clone(),
            weight: weight.value,
            quota: quota_fte(num, total_w, opts.step, step_frac),
            quota_steps: Ratio { num, den: total_w },
            fte: fte_from_steps(steps, opts.step)?,
            steps,
            priority,
            rank: 0,
            within_quota: within,
            excluded: excluded_units.contains(&i),
        });
    }
    // ranks by priority (1 = highest; equal priorities share a rank): one sort, then the
    // number of positive-weight units with a strictly higher priority
    let prio_of = |i: usize| {
        if w.get(i).copied().unwrap_or(0) == 0 {
            Some((0, 1))
        } else {
            priorities.get(i).copied().flatten()
        }
    };
    let prio: Vec<Option<(u128, u128)>> = (0..shares.len()).map(prio_of).collect();
    let at = |i: usize| prio.get(i).copied().flatten();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    if opts.method == Method::LargestRemainder {
        // all remainders share the denominator Σ weights: compare numerators (descending,
        // equal ones in input order)
        let mut keyed: Vec<(u128, u64, usize)> = order
            .iter()
            .map(|&i| (!at(i).map_or(0, |p| p.0), 0, i))
            .collect();
        crate::order::sort_keyed(&mut keyed);
        order = keyed.into_iter().map(|(_, _, i)| i).collect();
    } else {
        crate::order::sort_by(&mut order, |&a, &b| cmp_priority(opts.method, at(b), at(a)));
    }
    // walk the sorted order once: a unit with the same priority as the one before it is in
    // the same group (same rank); a new group's rank is 1 + the positive-weight units before it
    let mut higher: usize = 0;
    let mut in_group: usize = 0;
    let mut rank: u32 = 1;
    let mut previous: Option<usize> = None;
    for &x in &order {
        let same = previous
            .is_some_and(|p| cmp_priority(opts.method, prio_of(x), prio_of(p)) == Ordering::Equal);
        if !same {
            higher = higher.saturating_add(in_group);
            in_group = 0;
            rank = u32::try_from(higher.saturating_add(1)).unwrap_or(u32::MAX);
        }
        if let Some(s) = shares.get_mut(x) {
            s.rank = rank;
        }
        if w.get(x).copied().unwrap_or(0) > 0 {
            in_group = in_group.saturating_add(1);
        }
        previous = Some(x);
    }
    let sum: u64 = shares
        .iter()
        .map(|s| s.steps)
        .fold(0u64, u64::saturating_add);
    let mut warnings = Vec::new();
    if opts.below_minimum == BelowMinimum::ReportOnly {
        for u in &below {
            warnings.push(
                Violation::new(Code::A014, "weights")
                    .with("unit", u.clone())
                    .with_fte("minimum", opts.minimum),
            );
        }
    }
    for u in &quota_violations {
        warnings.push(
            Violation::new(Code::A013, "weights")
                .with("unit", u.clone())
                .with("method", opts.method.as_str()),
        );
    }
    let mut below_minimum = below;
    below_minimum.extend(
        excluded_units
            .iter()
            .filter_map(|&i| weights.get(i).map(|w| w.unit.clone())),
    );
    // what decided the marginal step: the remaining steps after the floors (largest
    // remainder) or the quotient at which the last step went (divisor methods)
    let threshold = shares
        .iter()
        .zip(w)
        .filter(|(s, _)| s.steps > 0 && !s.excluded)
        .filter_map(|(s, &wi)| {
            divisor_priority(opts.method, wi, s.steps.saturating_sub(1)).map(|p| (p, wi, s.steps))
        })
        .min_by(|a, b| cmp_priority(opts.method, Some(a.0), Some(b.0)))
        .map(|((n, d), wi, steps)| match opts.method {
            Method::HuntingtonHill => hh_quotient(
                wi,
                u128::from(steps).saturating_mul(u128::from(steps.saturating_sub(1))),
            ),
            _ => frac_decimal(n, d),
        });
    let marginal = match opts.method {
        Method::LargestRemainder => Marginal::RemainingSteps(h.saturating_sub(floors)),
        _ => Marginal::LastQuotient(threshold.unwrap_or_default()),
    };
    Ok(Allocation {
        method: opts.method,
        step: opts.step,
        minimum: opts.minimum,
        below_minimum_policy: opts.below_minimum,
        tie_break: opts.tie_break,
        total,
        steps: h,
        shares,
        ties,
        below_minimum,
        quota_violations,
        sum_ok: sum == h,
        warnings,
        marginal,
        explain_units: opts.trace,
        _trace: IgnoredTrace,
    })
}

/// `n/d` as text; 64-bit formatting where the numbers fit (much faster than 128-bit).
fn fraction_text(n: u128, d: u128) -> String {
    fn push_digits(out: &mut String, mut x: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i = i.saturating_sub(1);
            if let Some(b) = buf.get_mut(i) {
                *b = b'0'.saturating_add((x % 10) as u8);
            }
            x /= 10;
            if x == 0 || i == 0 {
                break;
            }
        }
        out.extend(buf.iter().skip(i).map(|&b| char::from(b)));
    }
    match (u64::try_from(n), u64::try_from(d)) {
        (Ok(n), Ok(d)) => {
            let mut out = String::with_capacity(24);
            push_digits(&mut out, n);
            out.push('/');
            push_digits(&mut out, d);
            out
        }
        _ => format!("{n}/{d}"),
    }
}

/// Greatest common divisor: Euclid in 64 bits when both fit, else binary (Stein's) gcd with
/// shifts and subtractions only — 128-bit division is slow.
fn gcd128(mut a: u128, mut b: u128) -> u128 {
    if a == 0 || b == 0 {
        return a | b;
    }
    if let (Ok(x), Ok(y)) = (u64::try_from(a), u64::try_from(b)) {
        return u128::from(crate::period::gcd(x, y));
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    while b != 0 {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b = b.saturating_sub(a);
    }
    a << shift
}

/// Integer square root (floor), for displaying Huntington–Hill divisors.
fn isqrt(n: u128) -> u128 {
    if n < 2 {
        return n;
    }
    // Newton's method from a power of two at or above √n: a handful of divisions
    let bits = 128u32.saturating_sub(n.leading_zeros());
    let mut x = 1u128 << bits.div_ceil(2).min(127);
    let mut y = x.saturating_add(n.checked_div(x).unwrap_or(0)) >> 1;
    while y < x {
        x = y;
        y = x.saturating_add(n.checked_div(x).unwrap_or(0)) >> 1;
    }
    x
}

/// A decimal as text with the given decimal point; integer formatting for the usual values
/// (Decimal's own Display is slow, and this runs for every unit of every explanation).
fn dtext(d: Decimal, point: char) -> String {
    let scale = d.scale();
    match (i64::try_from(d.mantissa()), scale) {
        (Ok(m), 0) => m.to_string(),
        (Ok(m), 1..=8) => {
            let p = 10i64.checked_pow(scale).unwrap_or(1);
            let (int, frac) = (
                m.checked_div(p).unwrap_or(0),
                m.checked_rem(p).unwrap_or(0).unsigned_abs(),
            );
            let sign = if m < 0 && int == 0 { "-" } else { "" };
            let mut out = format!("{sign}{int}{point}{frac:0width$}", width = scale as usize);
            while out.ends_with('0') {
                out.pop();
            }
            if out.ends_with(point) {
                out.pop();
            }
            out
        }
        _ => d.to_string().replace('.', &point.to_string()),
    }
}

fn share_formula(s: &Share, a: &Allocation) -> (String, String) {
    let step = a.step;
    // the reduced fraction once for both languages (a gcd each time it is shown)
    let quota_steps = s.quota_steps.to_string();
    let de = |d: Decimal| dtext(d, ',');
    let prio_en = s
        .priority
        .map_or_else(|| "unlimited (no step yet)".to_owned(), |p| dtext(p, '.'));
    let prio_de = s
        .priority
        .map_or_else(|| "unbegrenzt (noch kein Schritt)".to_owned(), de);
    match a.marginal {
        _ if s.excluded => (
            format!(
                "excluded: its share was below the minimum of {} VZÄ, so the posts were apportioned again without it",
                a.minimum
            ),
            format!(
                "ausgeschlossen: der Anteil lag unter dem Mindestanteil von {} VZÄ, die Stellen wurden ohne diese Einheit neu verteilt",
                a.minimum.format(crate::Locale::De)
            ),
        ),
        Marginal::RemainingSteps(left) => (
            format!(
                "quota {} VZÄ = {} steps of {} VZÄ; the floor gives whole steps, the remainder {} is rank {}, and the {left} remaining step(s) went to the {left} largest remainders; share {} steps = {} VZÄ",
                dtext(s.quota, '.'),
                quota_steps,
                step,
                prio_en,
                s.rank,
                s.steps,
                s.fte
            ),
            format!(
                "Quote {} VZÄ = {} Schritte zu {} VZÄ; abgerundet ergeben sich ganze Schritte, der Rest {} steht auf Rang {}, und die {left} übrigen Schritte gingen an die {left} größten Reste; Anteil {} Schritte = {} VZÄ",
                de(s.quota),
                quota_steps,
                step.format(crate::Locale::De),
                prio_de,
                s.rank,
                s.steps,
                s.fte.format(crate::Locale::De)
            ),
        ),
        Marginal::LastQuotient(t) => (
            format!(
                "each step went to the highest quotient weight ÷ divisor; the last step went at quotient {}; this unit's next quotient is {} (rank {}); share {} steps = {} VZÄ",
                dtext(t, '.'),
                prio_en,
                s.rank,
                s.steps,
                s.fte
            ),
            format!(
                "jeder Schritt ging an den höchsten Quotienten Gewicht ÷ Divisor; der letzte Schritt ging beim Quotienten {}; der nächste Quotient dieser Einheit ist {} (Rang {}); Anteil {} Schritte = {} VZÄ",
                de(t),
                prio_de,
                s.rank,
                s.steps,
                s.fte.format(crate::Locale::De)
            ),
        ),
    }
}

fn allocation_trace(a: &Allocation) -> Trace {
    let (formula_en, formula_de) = match a.method {
        Method::LargestRemainder => (
            "quota = total ÷ step × weight ÷ Σ weights; each unit gets ⌊quota⌋ steps, the remaining steps go to the largest remainders",
            "Quote = Gesamt ÷ Schritt × Gewicht ÷ Σ Gewichte; jede Einheit erhält ⌊Quote⌋ Schritte, die übrigen Schritte gehen an die größten Reste",
        ),
        Method::SainteLague => (
            "steps are awarded one by one to the highest quotient weight ÷ (s + ½), s = steps held",
            "Schritte werden einzeln an den höchsten Quotienten Gewicht ÷ (s + ½) vergeben, s = bereits erhaltene Schritte",
        ),
        Method::Dhondt => (
            "steps are awarded one by one to the highest quotient weight ÷ (s + 1), s = steps held",
            "Schritte werden einzeln an den höchsten Quotienten Gewicht ÷ (s + 1) vergeben, s = bereits erhaltene Schritte",
        ),
        Method::HuntingtonHill => (
            "steps are awarded one by one to the highest quotient weight ÷ √(s(s+1)) (compared exactly by squaring), s = steps held",
            "Schritte werden einzeln an den höchsten Quotienten Gewicht ÷ √(s(s+1)) vergeben (exakt durch Quadrieren verglichen), s = bereits erhaltene Schritte",
        ),
    };
    let mut root = TraceNode::new(
        "allocation",
        "KIM-RULES §6 distribution among kreisangehörige Kommunen",
        (
            format!("Distribution by {}", a.method.label_en()),
            format!("Verteilung nach {}", a.method.label_de()),
        ),
        (formula_en, formula_de),
        TraceValue::fte("total", a.total),
    )
    .input(TraceValue::fte("step", a.step))
    .input(TraceValue::fte("minimum", a.minimum));
    root.children = a
        .shares
        .iter()
        .take(if a.explain_units { usize::MAX } else { 0 })
        .enumerate()
        .map(|(i, s)| {
            TraceNode::new(
                format!("allocation.shares[{i}]"),
                "KIM-RULES §6",
                (
                    format!("Share of {}", s.unit),
                    format!("Anteil von {}", s.unit),
                ),
                share_formula(s, a),
                TraceValue::fte("fte", s.fte),
            )
            .input(TraceValue::text("weight", dtext(s.weight, '.'), ""))
            .input(TraceValue::text("quota", dtext(s.quota, '.'), "VZÄ"))
            .input(TraceValue::text(
                "priority",
                s.priority
                    .map_or_else(|| "unlimited".to_owned(), |p| dtext(p, '.')),
                "",
            ))
            .input(TraceValue::text("rank", s.rank.to_string(), "count"))
        })
        .collect();
    Trace::new(root)
}

// ------------------------------------------------------------------------------------------
// regions (pooling) and manual overrides
// ------------------------------------------------------------------------------------------

/// A region pools units (e.g. small Kommunen with one employer municipality): posts are
/// first distributed among regions (weight = Σ of their units' weights, with the options'
/// minimum), then within each region among its units (same method and step, no minimum).
///
/// ```
/// use kim_core::allocation::Region;
/// let r: Region = serde_json::from_str(r#"{"name": "Nord", "units": ["Gangelt", "Selfkant"]}"#).unwrap();
/// assert_eq!(r.units.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Name of the region (e.g. after its employer municipality).
    pub name: String,
    /// Units in the region. Units in no region form a region of their own.
    pub units: Vec<String>,
}

/// A manual share that replaces the computed one (negotiated regions, council decisions).
///
/// ```
/// use kim_core::allocation::{distribute_input, DistributionInput};
/// let input: DistributionInput = serde_json::from_str(r#"{"total": "3", "weights": [
///   {"unit": "Erkelenz", "value": "43000"}, {"unit": "Hückelhoven", "value": "40000"},
///   {"unit": "Wassenberg", "value": "18000"}],
///   "overrides": [{"unit": "Wassenberg", "fte": "1", "reason": "council decision"}]}"#).unwrap();
/// let d = distribute_input(&input).unwrap();
/// assert_eq!(d.shares[2].override_reason.as_deref(), Some("council decision"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// The unit.
    pub unit: String,
    /// Its share.
    pub fte: Fte,
    /// Why (required, e.g. "Beschluss Bürgermeisterkonferenz 12.03.2024").
    pub reason: String,
}

/// Everything a distribution needs: weights, total, options, regions and overrides.
///
/// ```
/// use kim_core::allocation::{distribute_input, DistributionInput};
/// let input: DistributionInput = serde_json::from_str(r#"{"total": "3", "weights": [
///   {"unit": "Erkelenz", "value": "43000"}, {"unit": "Hückelhoven", "value": "40000"},
///   {"unit": "Wassenberg", "value": "18000"}],
///   "overrides": [{"unit": "Wassenberg", "fte": "1", "reason": "council decision"}]}"#).unwrap();
/// let d = distribute_input(&input).unwrap();
/// assert_eq!(input.options.step.to_string(), "0.5"); // the default step
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DistributionInput {
    /// Units and weights.
    pub weights: Vec<Weight>,
    /// VZÄ to distribute.
    pub total: Fte,
    /// Method, step, minimum and policies.
    #[serde(default)]
    pub options: DistributeOptions,
    /// Optional pooling of units into regions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Region>,
    /// Optional manual shares.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
}

/// One region's part of a two-level distribution.
///
/// ```
/// use kim_core::allocation::{distribute_input, DistributionInput};
/// let input: DistributionInput = serde_json::from_str(r#"{"total": "2", "weights": [{"unit": "A", "value": "1"},
///   {"unit": "B", "value": "1"}, {"unit": "C", "value": "2"}], "regions": [{"name": "AB", "units": ["A", "B"]}]}"#).unwrap();
/// let d = distribute_input(&input).unwrap();
/// assert_eq!((d.regions[0].name.as_str(), d.regions[0].fte.to_string()), ("AB", "1".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RegionShare {
    /// The region.
    pub name: String,
    /// Its share (from the first level).
    pub fte: Fte,
    /// The distribution within the region (absent when the region's share is zero).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<Allocation>,
}

/// A unit's final share: computed and, where overridden, the manual value with its reason.
///
/// ```
/// use kim_core::allocation::{distribute_input, DistributionInput};
/// let input: DistributionInput = serde_json::from_str(r#"{"total": "3", "weights": [
///   {"unit": "Erkelenz", "value": "43000"}, {"unit": "Hückelhoven", "value": "40000"},
///   {"unit": "Wassenberg", "value": "18000"}],
///   "overrides": [{"unit": "Wassenberg", "fte": "1", "reason": "council decision"}]}"#).unwrap();
/// let d = distribute_input(&input).unwrap();
/// let w = &d.shares[2];
/// assert_eq!((w.computed.to_string(), w.fte.to_string()), ("0.5".into(), "1".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FinalShare {
    /// The unit.
    pub unit: String,
    /// The region it was pooled in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The computed share.
    pub computed: Fte,
    /// The share that applies (the override, if any).
    pub fte: Fte,
    /// Reason of the override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
}

/// The result of [`distribute_input`]: the computed allocation (among units, or among
/// regions when regions are given), the allocations within regions, and the final shares
/// with overrides side by side.
///
/// ```
/// use kim_core::allocation::{distribute_input, DistributionInput};
/// let input: DistributionInput = serde_json::from_str(r#"{"total": "3", "weights": [
///   {"unit": "Erkelenz", "value": "43000"}, {"unit": "Hückelhoven", "value": "40000"},
///   {"unit": "Wassenberg", "value": "18000"}],
///   "overrides": [{"unit": "Wassenberg", "fte": "1", "reason": "council decision"}]}"#).unwrap();
/// let d = distribute_input(&input).unwrap();
/// assert_eq!(d.sum.to_string(), "3.5"); // the override makes it more than the total
/// assert_eq!(d.warnings.last().unwrap().code.as_str(), "KIM-A015");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// The first-level allocation (units, or regions).
    pub allocation: Allocation,
    /// Per region, when regions are given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<RegionShare>,
    /// Final share per unit, in input order.
    pub shares: Vec<FinalShare>,
    /// Σ final shares.
    pub sum: Fte,
    /// Warnings (overrides that change the total, shares below minimum, …).
    pub warnings: Vec<Violation>,
}

/// Distributes with regions and overrides (see [`DistributionInput`]).
///
/// ```
/// use kim_core::allocation::{distribute_input, DistributionInput};
/// let input: DistributionInput = serde_json::from_str(r#"{"total": "3", "weights": [
///   {"unit": "Erkelenz", "value": "43000"}, {"unit": "Hückelhoven", "value": "40000"},
///   {"unit": "Wassenberg", "value": "18000"}],
///   "overrides": [{"unit": "Wassenberg", "fte": "1", "reason": "council decision"}]}"#).unwrap();
/// let d = distribute_input(&input).unwrap();
/// let shares: Vec<String> = d.shares.iter().map(|s| s.fte.to_string()).collect();
/// assert_eq!(shares, ["1.5", "1", "1"]);
/// ```
pub fn distribute_input(input: &DistributionInput) -> Result<Distribution> {
    let mut problems = Vec::new();
    let unit_index = |u: &str| input.weights.iter().position(|w| w.unit == u);
    let mut region_of: Vec<Option<usize>> = vec![None; input.weights.len()];
    for (r, region) in input.regions.iter().enumerate() {
        if region.name.trim().is_empty() {
            problems.push(Violation::new(Code::A012, format!("regions[{r}].name")));
        }
        for (k, u) in region.units.iter().enumerate() {
            match unit_index(u) {
                None => problems.push(
                    Violation::new(Code::A017, format!("regions[{r}].units[{k}]"))
                        .with("unit", u.clone()),
                ),
                Some(i) => match region_of.get_mut(i) {
                    Some(slot @ None) => *slot = Some(r),
                    Some(Some(first)) => problems.push(
                        Violation::new(Code::A018, format!("regions[{r}].units[{k}]"))
                            .with("unit", u.clone())
                            .with(
                                "first",
                                input
                                    .regions
                                    .get(*first)
                                    .map(|x| x.name.clone())
                                    .unwrap_or_default(),
                            ),
                    ),
                    None => {}
                },
            }
        }
    }
    for (k, o) in input.overrides.iter().enumerate() {
        if let Some(first) = input
            .overrides
            .iter()
            .take(k)
            .position(|x| x.unit == o.unit)
        {
            problems.push(
                Violation::new(Code::A003, format!("overrides[{k}].unit"))
                    .with("unit", o.unit.clone())
                    .with("first", format!("overrides[{first}]")),
            );
        }
        if unit_index(&o.unit).is_none() {
            problems.push(
                Violation::new(Code::A017, format!("overrides[{k}].unit"))
                    .with("unit", o.unit.clone()),
            );
        }
        if o.reason.trim().is_empty() {
            problems.push(
                Violation::new(Code::A016, format!("overrides[{k}].reason"))
                    .with("unit", o.unit.clone()),
            );
        }
        problems.extend(o.fte.check(|| format!("overrides[{k}].fte")));
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let mut warnings = Vec::new();
    let mut computed: Vec<(Option<String>, Fte)> = Vec::with_capacity(input.weights.len());
    let (allocation, regions) = if input.regions.is_empty() {
        let a = distribute(&input.weights, input.total, &input.options)?;
        computed.extend(a.shares.iter().map(|s| (None, s.fte)));
        (a, Vec::new())
    } else {
        // pooled weights: named regions, then units in no region as their own region
        // (name, members, a named region?)
        let mut pools: Vec<(String, Vec<usize>, bool)> = input
            .regions
            .iter()
            .enumerate()
            .map(|(r, reg)| {
                let members = (0..input.weights.len())
                    .filter(|&i| region_of.get(i).copied().flatten() == Some(r))
                    .collect();
                (reg.name.clone(), members, true)
            })
            .collect();
        for (i, w) in input.weights.iter().enumerate() {
            if region_of.get(i).copied().flatten().is_none() {
                pools.push((w.unit.clone(), vec![i], false));
            }
        }
        let mut pooled = Vec::with_capacity(pools.len());
        for (name, members, _) in &pools {
            let sum = members
                .iter()
                .filter_map(|&i| input.weights.get(i).map(|w| w.value))
                .try_fold(Decimal::ZERO, |a, b| a.checked_add(b))
                .ok_or_else(|| too_big("weights"))?;
            pooled.push(Weight::new(name.clone(), sum));
        }
        let top =
            distribute(&pooled, input.total, &input.options).map_err(|e| e.under("regions"))?;
        computed.resize(input.weights.len(), (None, Fte::ZERO));
        let mut region_shares = Vec::new();
        for ((name, members, is_named), share) in pools.iter().zip(&top.shares) {
            let is_named = *is_named;
            let within = if share.fte.is_zero() || members.is_empty() {
                for &i in members {
                    if let Some(c) = computed.get_mut(i) {
                        *c = (is_named.then(|| name.clone()), Fte::ZERO);
                    }
                }
                None
            } else {
                let ws: Vec<Weight> = members
                    .iter()
                    .filter_map(|&i| input.weights.get(i).cloned())
                    .collect();
                let opts = DistributeOptions {
                    minimum: Fte::ZERO,
                    below_minimum: BelowMinimum::ReportOnly,
                    ..input.options
                };
                let a = if ws.iter().all(|w| w.value.is_zero()) {
                    return Err(Error::at(Code::A004, "regions"));
                } else {
                    distribute(&ws, share.fte, &opts)
                        .map_err(|e| e.under(&format!("regions.{name}")))?
                };
                for (&i, s) in members.iter().zip(&a.shares) {
                    if let Some(c) = computed.get_mut(i) {
                        *c = (is_named.then(|| name.clone()), s.fte);
                    }
                }
                warnings.extend(a.warnings.iter().cloned());
                Some(a)
            };
            if is_named {
                region_shares.push(RegionShare {
                    name: name.clone(),
                    fte: share.fte,
                    within,
                });
            }
        }
        (top, region_shares)
    };
    warnings.splice(0..0, allocation.warnings.iter().cloned());
    let mut shares = Vec::with_capacity(input.weights.len());
    for (w, (region, c)) in input.weights.iter().zip(computed) {
        let o = input.overrides.iter().find(|o| o.unit == w.unit);
        shares.push(FinalShare {
            unit: w.unit.clone(),
            region,
            computed: c,
            fte: o.map_or(c, |o| o.fte),
            override_reason: o.map(|o| o.reason.clone()),
        });
    }
    let sum = Fte::sum(shares.iter().map(|s| s.fte))?;
    if sum != input.total {
        warnings.push(
            Violation::new(Code::A015, "overrides")
                .with_fte("sum", sum)
                .with_fte("total", input.total),
        );
    }
    Ok(Distribution {
        allocation,
        regions,
        shares,
        sum,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(v: &[(&str, i64)]) -> Vec<Weight> {
        v.iter()
            .map(|(u, x)| Weight::new(*u, Decimal::from(*x)))
            .collect()
    }
    fn fte(s: &str) -> Fte {
        s.parse().unwrap()
    }
    fn run(v: &[(&str, i64)], total: &str, method: Method, step: &str) -> Vec<u64> {
        let opts = DistributeOptions {
            method,
            step: fte(step),
            ..DistributeOptions::default()
        };
        distribute(&ws(v), fte(total), &opts)
            .unwrap()
            .shares
            .iter()
            .map(|s| s.steps)
            .collect()
    }

    #[test]
    fn textbook_methods_differ() {
        // Classic example: 10 seats, votes 5000, 3000, 1500, 500 (step 1)
        let v = [("A", 5300), ("B", 3100), ("C", 1100), ("D", 500)];
        assert_eq!(run(&v, "10", Method::LargestRemainder, "1"), [5, 3, 1, 1]);
        assert_eq!(run(&v, "10", Method::Dhondt, "1"), [6, 3, 1, 0]);
        assert_eq!(run(&v, "10", Method::SainteLague, "1"), [5, 3, 1, 1]);
        assert_eq!(run(&v, "10", Method::HuntingtonHill, "1"), [5, 3, 1, 1]);
    }

    #[test]
    fn alabama_paradox_for_largest_remainder() {
        // Hamilton's classic: 10 → 11 seats, C loses a seat
        let v = [("A", 6), ("B", 6), ("C", 2)];
        assert_eq!(run(&v, "10", Method::LargestRemainder, "1"), [4, 4, 2]);
        assert_eq!(run(&v, "11", Method::LargestRemainder, "1"), [5, 5, 1]);
    }

    #[test]
    fn ties_are_detected_and_broken() {
        let v = ws(&[("A", 1), ("B", 1)]);
        let err = distribute(
            &v,
            fte("1"),
            &DistributeOptions {
                step: fte("1"),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(err.code(), Code::A008);
        let a = distribute(
            &v,
            fte("1"),
            &DistributeOptions {
                step: fte("1"),
                tie_break: TieBreak::Order,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(a.shares.iter().map(|s| s.steps).collect::<Vec<_>>(), [1, 0]);
        assert_eq!(a.ties.len(), 1);
        let lot = |seed| {
            distribute(
                &v,
                fte("1"),
                &DistributeOptions {
                    step: fte("1"),
                    tie_break: TieBreak::Lot { seed },
                    ..Default::default()
                },
            )
            .unwrap()
        };
        assert_eq!(lot(7), lot(7));
        for m in [Method::Dhondt, Method::SainteLague, Method::HuntingtonHill] {
            let err = distribute(
                &v,
                fte("1"),
                &DistributeOptions {
                    step: fte("1"),
                    method: m,
                    ..Default::default()
                },
            )
            .unwrap_err();
            assert_eq!(err.code(), Code::A008, "{m:?}");
        }
    }

    #[test]
    fn gcd_and_huntington_hill_comparison() {
        assert_eq!(gcd128(12, 18), 6);
        assert_eq!(gcd128(0, 7), 7);
        assert_eq!(gcd128(1 << 100, 3 << 90), 1 << 90);
        // fast path and wide path agree: 3²/2 > 2²/1
        assert_eq!(cmp_hh(3, 2, 2, 1), Ordering::Greater);
        let big = 1u128 << 70;
        assert_eq!(cmp_hh(big * 3, 2, big * 2, 1), Ordering::Greater);
        assert_eq!(cmp_hh(big, 4, big / 2, 1), Ordering::Equal);
    }

    #[test]
    fn wide_multiplication_is_exact() {
        assert_eq!(mul_wide(u128::MAX, 2), (1, u128::MAX - 1));
        assert_eq!(mul_wide(1 << 100, 1 << 100), (1 << 72, 0));
        assert_eq!(cmp_frac(1, 3, 2, 6), Ordering::Equal);
        assert_eq!(isqrt(99), 9);
        assert_eq!(isqrt(100), 10);
    }

    #[test]
    fn regions_pool_then_split_and_overrides_stand_beside_the_computed_share() {
        let input = DistributionInput {
            weights: ws(&[("A", 600), ("B", 300), ("C", 60), ("D", 40)]),
            total: fte("5"),
            options: DistributeOptions {
                tie_break: TieBreak::Order,
                ..DistributeOptions::default()
            },
            regions: vec![Region {
                name: "Süd".into(),
                units: vec!["C".into(), "D".into()],
            }],
            overrides: vec![Override {
                unit: "B".into(),
                fte: fte("1"),
                reason: "Beschluss".into(),
            }],
        };
        let d = distribute_input(&input).unwrap();
        // first level: A 3, B 1.5, Süd 0.5 (quotas 3, 1.5, 0.5 in VZÄ)
        assert_eq!(d.regions.len(), 1);
        assert_eq!(d.regions[0].fte, fte("0.5"));
        let by = |u: &str| d.shares.iter().find(|s| s.unit == u).unwrap().clone();
        assert_eq!(by("A").fte, fte("3"));
        assert_eq!(by("B").computed, fte("1.5"));
        assert_eq!(by("B").fte, fte("1"));
        assert_eq!(by("B").override_reason.as_deref(), Some("Beschluss"));
        assert_eq!(by("C").region.as_deref(), Some("Süd"));
        assert_eq!(by("C").fte, fte("0.5"));
        assert_eq!(by("D").fte, fte("0"));
        assert_eq!(d.sum, fte("4.5"));
        assert_eq!(d.warnings.last().unwrap().code, Code::A015);
    }

    #[test]
    fn explanations_let_a_reader_recompute_the_share() {
        let a = distribute(
            &ws(&[("A", 5300), ("B", 3100), ("C", 1100), ("D", 500)]),
            fte("10"),
            &DistributeOptions {
                step: fte("1"),
                ..Default::default()
            },
        )
        .unwrap();
        let text = a.trace().render(crate::Lang::De);
        assert!(text.contains("Anteil von D"), "{text}");
        assert!(
            text.contains("die 1 übrigen Schritte gingen an die 1 größten Reste"),
            "{text}"
        );
        let d = distribute(
            &ws(&[("A", 5300), ("B", 3100), ("C", 1100), ("D", 500)]),
            fte("10"),
            &DistributeOptions {
                step: fte("1"),
                method: Method::Dhondt,
                ..Default::default()
            },
        )
        .unwrap();
        let text = d.trace().render(crate::Lang::En);
        assert!(
            text.contains("the last step went at quotient 883.3333"),
            "{text}"
        );
    }

    #[test]
    fn the_trace_is_built_on_request_and_serialised_with_the_allocation() {
        let weights = ws(&[("A", 5300), ("B", 3100), ("C", 1100), ("D", 500)]);
        let opts = DistributeOptions {
            step: fte("1"),
            ..Default::default()
        };
        let a = distribute(&weights, fte("10"), &opts).unwrap();
        assert_eq!(a.marginal, Marginal::RemainingSteps(1));
        assert_eq!(a.trace().root.children.len(), 4);
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(
            json["marginal"],
            serde_json::json!({ "remaining_steps": 1 })
        );
        assert_eq!(
            json["trace"]["root"]["children"][3]["id"],
            "allocation.shares[3]"
        );
        assert_eq!(json["shares"][3]["quota_steps"], "1/2"); // 10 × 500 ÷ 10000, reduced
        // read back: the trace is rebuilt from the data, not trusted from the input
        let back: Allocation = serde_json::from_value(json).unwrap();
        assert_eq!(back, a);
        assert_eq!(back.trace(), a.trace());
        // without per-unit explanations: only the method and totals
        let lean = distribute(
            &weights,
            fte("10"),
            &DistributeOptions {
                trace: false,
                ..opts
            },
        )
        .unwrap();
        assert!(lean.trace().root.children.is_empty());
        assert_eq!(lean.shares, a.shares);
    }

    #[test]
    fn ratios_compare_by_value_and_show_in_lowest_terms() {
        let r = Ratio::new(10, 4).unwrap();
        assert_eq!(r.reduced(), (5, 2));
        assert_eq!(r.to_string(), "5/2");
        assert_eq!(r, "5/2".parse::<Ratio>().unwrap());
        assert_eq!("3".parse::<Ratio>().unwrap().to_string(), "3/1");
        assert!(Ratio::new(1, 0).is_none());
        let e = "1/0".parse::<Ratio>().unwrap_err();
        assert_eq!(e.code(), Code::P002);
        assert!(serde_json::from_str::<Ratio>("\"x/2\"").is_err());
    }
}
