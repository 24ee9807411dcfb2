//! Exact money ([`Euro`]) and full-time equivalents ([`Fte`], VZÄ) over
//! [`rust_decimal::Decimal`], with parsing and formatting for German and English notation.
//!
//! **Rounding rule.** Money is rounded to whole cents with commercial rounding (half away
//! from zero, *kaufmännisches Runden*) at documented points only: once per grant line, once
//! per forwarding amount (cap, reimbursement, top-up). Sums are sums of rounded amounts.
//! Products and pro-rating factors are kept exact until that point (see [`Euro::prorate`]).
//!
//! ```
//! use kim_core::{Euro, Fte, Locale};
//! let rate = Euro::parse("55.000,00 €", Locale::De)?;
//! let fte = Fte::parse("1,5", Locale::De)?;
//! let cap = rate.times_fte(fte)?;
//! assert_eq!(cap.to_string(), "82500.00");
//! assert_eq!(cap.format(Locale::De), "82.500,00 €");
//! assert_eq!(cap.format(Locale::En), "82,500.00 €");
//! // Without a locale, "55.000" could be 55 or 55,000: an error, never a guess.
//! assert_eq!(Euro::parse("55.000", Locale::Plain).unwrap_err().code().as_str(), "KIM-P003");
//! # Ok::<(), kim_core::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::period::Fraction;
use crate::validate::{Code, Violation};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Largest accepted VZÄ value in any single field (one million).
pub const MAX_FTE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
/// Largest accepted money amount in any single field (one trillion euro).
pub const MAX_EURO: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);
/// Decimal places allowed for VZÄ (0.85 occurs in practice).
pub const FTE_DECIMALS: u32 = 2;
/// Decimal places of money (cents).
pub const EURO_DECIMALS: u32 = 2;
/// Longest number text accepted by the parsers (characters).
pub const MAX_NUMBER_TEXT: usize = 64;

/// Number notation for parsing and formatting.
///
/// ```
/// use kim_core::{Fte, Locale};
/// assert_eq!(Fte::parse("1,5", Locale::De).unwrap(), Fte::parse("1.5", Locale::En).unwrap());
/// assert!(Fte::parse("1,5", Locale::Plain).is_err()); // plain notation has no comma
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Locale {
    /// Canonical machine notation: `1.5`, `55000.00`; no grouping, no currency sign.
    /// Anything that reads differently in German and English notation is rejected.
    #[default]
    Plain,
    /// German: `1,5`, `55.000,00 €`.
    De,
    /// English: `1.5`, `55,000.00 €`.
    En,
}

impl FromStr for Locale {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "plain" => Ok(Locale::Plain),
            "de" | "de-de" | "de_de" => Ok(Locale::De),
            "en" | "en-gb" | "en-us" | "en_gb" | "en_us" => Ok(Locale::En),
            _ => Err(Violation::new(Code::P014, "").with("text", clip(s)).into()),
        }
    }
}

fn clip(s: &str) -> String {
    if s.chars().count() > 40 {
        let head: String = s.chars().take(40).collect();
        format!("{head}…")
    } else {
        s.to_owned()
    }
}

fn bad(code: Code, text: &str) -> Error {
    Violation::new(code, "").with("text", clip(text)).into()
}

/// Parses a decimal in the given notation. `currency` allows a leading or trailing `€`/`EUR`.
pub(crate) fn parse_decimal(text: &str, locale: Locale, currency: bool) -> Result<Decimal> {
    // the common case first: a whole number in plain digits (weights, counts) reads the same in
    // every notation; up to 18 digits fit a u64 (a weight of 396 Gemeinden was a tenth of the
    // time of a distribution read from Python when it went through the general path)
    if (1..=18).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        let n = text.bytes().fold(0u64, |n, b| {
            n.wrapping_mul(10)
                .wrapping_add(u64::from(b.wrapping_sub(b'0')))
        });
        return Ok(Decimal::from(n));
    }
    if text.len() > MAX_NUMBER_TEXT {
        return Err(bad(Code::P005, text)
            .under("")
            .map_violation(|v| v.with("max", MAX_NUMBER_TEXT.to_string())));
    }
    let is_space = |c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}';
    let mut t = text.trim_matches(is_space);
    if t.is_empty() {
        return Err(Error::at(Code::P006, ""));
    }
    if currency {
        for suffix in ["€", "EUR"] {
            if let Some(rest) = t.strip_suffix(suffix) {
                t = rest.trim_end_matches(is_space);
                break;
            }
        }
        if let Some(rest) = t.strip_prefix('€') {
            t = rest.trim_start_matches(is_space);
        }
    }
    let (negative, body) = match t.strip_prefix('-').or_else(|| t.strip_prefix('\u{2212}')) {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(bad(Code::P002, text));
    }
    let (group, point) = match locale {
        Locale::Plain => {
            if body.contains(',') || body.matches('.').count() > 1 {
                return Err(bad(Code::P003, text));
            }
            if let Some((int, frac)) = body.split_once('.') {
                // "55.000" or "1.500": German thousands or an English decimal? Refuse to guess.
                if (1..=3).contains(&int.len()) && int != "0" && frac.len() == 3 {
                    return Err(bad(Code::P003, text));
                }
            }
            (None, '.')
        }
        Locale::De => (Some('.'), ','),
        Locale::En => (Some(','), '.'),
    };
    let mut parts = body.split(point);
    let int = parts.next().unwrap_or_default();
    let frac = parts.next();
    if parts.next().is_some() {
        return Err(bad(Code::P002, text));
    }
    let int_digits: String = match group {
        Some(g) if int.contains(g) => {
            let mut groups = int.split(g);
            let head = groups.next().unwrap_or_default();
            let ok = (1..=3).contains(&head.len())
                && !head.starts_with('0')
                && groups.all(|grp| grp.len() == 3 && grp.chars().all(|c| c.is_ascii_digit()));
            if !ok {
                return Err(Violation::new(Code::P013, "")
                    .with("text", clip(text))
                    .with("locale", if locale == Locale::De { "de" } else { "en" })
                    .into());
            }
            int.chars().filter(char::is_ascii_digit).collect()
        }
        _ => int.to_owned(),
    };
    if int_digits.is_empty() || !int_digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad(Code::P002, text));
    }
    let mut canonical = String::with_capacity(body.len().saturating_add(2));
    if negative {
        canonical.push('-');
    }
    canonical.push_str(&int_digits);
    if let Some(frac) = frac {
        if frac.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad(Code::P002, text));
        }
        canonical.push('.');
        canonical.push_str(frac);
    }
    Decimal::from_str_exact(&canonical).map_err(|_| {
        Violation::new(Code::P005, "")
            .with("text", clip(text))
            .with("max", Decimal::MAX.to_string())
            .into()
    })
}

trait MapViolation {
    fn map_violation(self, f: impl Fn(Violation) -> Violation) -> Self;
}
impl MapViolation for Error {
    fn map_violation(self, f: impl Fn(Violation) -> Violation) -> Self {
        match self {
            Error::Rejected(v) => Error::one(f(*v)),
            Error::Invalid(vs) => Error::Invalid(vs.into_iter().map(f).collect()),
        }
    }
}

/// Formats a decimal with grouping and a decimal separator for the locale.
fn format_decimal(d: Decimal, locale: Locale) -> String {
    let s = d.to_string();
    let (sign, body) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.as_str()),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let (group, point) = match locale {
        Locale::Plain => return s.clone(),
        Locale::De => ('.', ','),
        Locale::En => (',', '.'),
    };
    let mut out = String::from(sign);
    let n = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n.saturating_sub(i)) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

pub(crate) fn overflow() -> Error {
    Error::at(Code::V020, "")
}

/// Checked addition of decimals (overflow is an error, code `KIM-V020`).
pub(crate) fn add(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(overflow)
}
/// Checked subtraction.
pub(crate) fn sub(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_sub(b).ok_or_else(overflow)
}
/// Checked multiplication.
pub(crate) fn mul(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(overflow)
}

/// Rounds `value × fraction` to cents, half away from zero, with exact integer arithmetic:
/// no intermediate rounding however long the decimal expansion of the fraction.
pub(crate) fn prorate_to_cents(value: Decimal, f: Fraction) -> Result<Decimal> {
    let mantissa = value.mantissa();
    let scale = value.scale();
    // cents = mantissa × num × 100 / (10^scale × den)
    let numerator = mantissa
        .checked_mul(i128::from(f.num))
        .and_then(|x| x.checked_mul(100))
        .ok_or_else(overflow)?;
    let pow = 10i128.checked_pow(scale).ok_or_else(overflow)?;
    let denominator = pow.checked_mul(i128::from(f.den)).ok_or_else(overflow)?;
    if denominator == 0 {
        return Err(overflow());
    }
    let q = numerator.checked_div(denominator).ok_or_else(overflow)?;
    let r = numerator.checked_rem(denominator).ok_or_else(overflow)?;
    // half away from zero: |2r| >= den  → move q away from zero
    let twice = r
        .checked_abs()
        .and_then(|a| a.checked_mul(2))
        .ok_or_else(overflow)?;
    let q = if twice >= denominator {
        if numerator < 0 {
            q.checked_sub(1)
        } else {
            q.checked_add(1)
        }
        .ok_or_else(overflow)?
    } else {
        q
    };
    let cents = i64::try_from(q).map_err(|_| overflow())?;
    Ok(Decimal::new(cents, EURO_DECIMALS))
}

// -----------------------------------------------------------------------------------------
// Euro
// -----------------------------------------------------------------------------------------

/// An amount of money in euro, exact to the cent.
///
/// Constructed values have at most two decimal places and are displayed with exactly two.
/// Amounts read from documents are checked by [`crate::validate()`] (more than two
/// decimals is `KIM-V013`).
///
/// ```
/// use kim_core::{Euro, Fte, Locale};
/// assert_eq!("82500".parse::<Euro>().unwrap().to_string(), "82500.00");
/// assert_eq!("82500".parse::<Euro>().unwrap().format(Locale::De), "82.500,00 €");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Euro(Decimal);

impl Euro {
    /// Zero euro.
    pub const ZERO: Euro = Euro(Decimal::from_parts(0, 0, 0, false, 2));

    /// An amount with at most two decimal places and at most [`MAX_EURO`] in size.
    ///
    /// ```
    /// use kim_core::{Decimal, Euro};
    /// assert!(Euro::new(Decimal::new(12345, 2)).is_ok()); // 123.45
    /// assert_eq!(Euro::new(Decimal::new(12345, 3)).unwrap_err().code().as_str(), "KIM-V013");
    /// ```
    pub fn new(amount: Decimal) -> Result<Euro> {
        check_scale(amount, EURO_DECIMALS)?;
        if amount.abs() > MAX_EURO {
            return Err(Violation::new(Code::V014, "")
                .with("value", amount.to_string())
                .with("max", MAX_EURO.to_string())
                .into());
        }
        Ok(Euro::cents_scale(amount))
    }

    /// An amount from whole cents.
    ///
    /// ```
    /// assert_eq!(kim_core::Euro::from_cents(750).to_string(), "7.50");
    /// ```
    pub fn from_cents(cents: i64) -> Euro {
        Euro(Decimal::new(cents, EURO_DECIMALS))
    }

    /// Rounds any decimal to cents, half away from zero (the documented rounding rule).
    ///
    /// ```
    /// use kim_core::{Decimal, Euro};
    /// assert_eq!(Euro::round(Decimal::new(1005, 3)).to_string(), "1.01");
    /// assert_eq!(Euro::round(Decimal::new(-1005, 3)).to_string(), "-1.01");
    /// ```
    pub fn round(amount: Decimal) -> Euro {
        Euro::cents_scale(
            amount.round_dp_with_strategy(EURO_DECIMALS, RoundingStrategy::MidpointAwayFromZero),
        )
    }

    /// Two decimal places: more are added, trailing zeros beyond two dropped (`1.500` is `1.50`,
    /// exactly); a value with more significant places keeps them, for validation to report.
    fn cents_scale(mut d: Decimal) -> Euro {
        if d.scale() > EURO_DECIMALS && d.normalize().scale() <= EURO_DECIMALS {
            d = d.normalize();
        }
        if d.scale() < EURO_DECIMALS {
            d.rescale(EURO_DECIMALS);
        }
        Euro(d)
    }

    /// Parses text in the given notation (`"55.000,00 €"` with [`Locale::De`]).
    ///
    /// ```
    /// use kim_core::{Euro, Locale};
    /// assert_eq!(Euro::parse("55.000,00 €", Locale::De).unwrap().to_string(), "55000.00");
    /// ```
    pub fn parse(text: &str, locale: Locale) -> Result<Euro> {
        let d = parse_decimal(text, locale, true)?;
        Euro::new(d)
    }

    /// Formats in the given notation: `82.500,00 €` (de), `82,500.00 €` (en), `82500.00` (plain).
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert_eq!("82500".parse::<Euro>().unwrap().format(Locale::En), "82,500.00 €");
    /// ```
    pub fn format(self, locale: Locale) -> String {
        let s = format_decimal(self.0, locale);
        match locale {
            Locale::Plain => s,
            _ => format!("{s} €"),
        }
    }

    /// The exact decimal value.
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert_eq!("1.5".parse::<Euro>().unwrap().amount().to_string(), "1.50");
    /// ```
    pub fn amount(self) -> Decimal {
        self.0
    }

    /// `self + other`; overflow is an error.
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert_eq!("1.50".parse::<Euro>().unwrap().checked_add("2".parse::<Euro>().unwrap()).unwrap().to_string(), "3.50");
    /// ```
    pub fn checked_add(self, other: Euro) -> Result<Euro> {
        Ok(Euro::cents_scale(add(self.0, other.0)?))
    }

    /// `self − other`; overflow is an error.
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert_eq!("1".parse::<Euro>().unwrap().checked_sub("2.5".parse::<Euro>().unwrap()).unwrap().to_string(), "-1.50");
    /// ```
    pub fn checked_sub(self, other: Euro) -> Result<Euro> {
        Ok(Euro::cents_scale(sub(self.0, other.0)?))
    }

    /// `self × fte`, rounded to cents.
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert_eq!("57000".parse::<Euro>().unwrap().times_fte("1.5".parse::<Fte>().unwrap()).unwrap().to_string(), "85500.00");
    /// ```
    pub fn times_fte(self, fte: Fte) -> Result<Euro> {
        self.prorate(fte, Fraction::ONE)
    }

    /// `self × fte × fraction`, computed exactly and rounded once to cents.
    ///
    /// ```
    /// use kim_core::{Euro, Fraction, Fte};
    /// let half_year = Fraction::new(1, 2).unwrap();
    /// assert_eq!("57000".parse::<Euro>().unwrap().prorate("1".parse::<Fte>().unwrap(), half_year).unwrap().to_string(), "28500.00");
    /// ```
    pub fn prorate(self, fte: Fte, fraction: Fraction) -> Result<Euro> {
        let product = mul(self.0, fte.0)?;
        Ok(Euro::cents_scale(prorate_to_cents(product, fraction)?))
    }

    /// The smaller of two amounts.
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert_eq!("3".parse::<Euro>().unwrap().min("2".parse::<Euro>().unwrap()), "2".parse::<Euro>().unwrap());
    /// ```
    pub fn min(self, other: Euro) -> Euro {
        if other.0 < self.0 { other } else { self }
    }

    /// The larger of two amounts.
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert_eq!("3".parse::<Euro>().unwrap().max("2".parse::<Euro>().unwrap()), "3".parse::<Euro>().unwrap());
    /// ```
    pub fn max(self, other: Euro) -> Euro {
        if other.0 > self.0 { other } else { self }
    }

    /// Is the amount below zero?
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert!("-0.01".parse::<Euro>().unwrap().is_negative());
    /// ```
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Is the amount zero?
    ///
    /// ```
    /// assert!(kim_core::Euro::ZERO.is_zero());
    /// ```
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Sum of amounts; overflow is an error.
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert_eq!(Euro::sum(["1".parse::<Euro>().unwrap(), "2.25".parse::<Euro>().unwrap()]).unwrap().to_string(), "3.25");
    /// ```
    pub fn sum<I: IntoIterator<Item = Euro>>(items: I) -> Result<Euro> {
        items.into_iter().try_fold(Euro::ZERO, Euro::checked_add)
    }

    /// Checks a document value: at most two decimals, within range, optionally non-negative.
    /// The path is built only when there is a problem.
    pub(crate) fn check(self, path: impl FnOnce() -> String, non_negative: bool) -> Vec<Violation> {
        check_value(self.0, path, non_negative, EURO_DECIMALS, MAX_EURO)
    }
}

impl fmt::Display for Euro {
    /// Plain notation with exactly two decimals: `82500.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.scale() <= EURO_DECIMALS {
            let mut d = self.0;
            d.rescale(EURO_DECIMALS);
            // whole cents as integers: much faster than Decimal's own formatting
            let cents = d.mantissa();
            let sign = if cents < 0 { "-" } else { "" };
            let abs = cents.unsigned_abs();
            write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

impl FromStr for Euro {
    type Err = Error;
    fn from_str(s: &str) -> Result<Euro> {
        Euro::parse(s, Locale::Plain)
    }
}

// -----------------------------------------------------------------------------------------
// Fte
// -----------------------------------------------------------------------------------------

/// Full-time equivalents (*Vollzeitäquivalente*, VZÄ): non-negative, at most two decimal places.
///
/// ```
/// use kim_core::{Fte, Locale};
/// assert_eq!(Fte::parse("0,85", Locale::De)?.to_string(), "0.85");
/// assert_eq!(Fte::parse("0.125", Locale::Plain).unwrap_err().code().as_str(), "KIM-V013");
/// assert_eq!(Fte::parse("-1", Locale::Plain).unwrap_err().code().as_str(), "KIM-V012");
/// # Ok::<(), kim_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fte(Decimal);

impl Fte {
    /// Zero VZÄ.
    pub const ZERO: Fte = Fte(Decimal::ZERO);
    /// One full-time post.
    pub const ONE: Fte = Fte(Decimal::ONE);

    /// A VZÄ value: ≥ 0, at most two decimals, at most [`MAX_FTE`].
    ///
    /// ```
    /// use kim_core::{Decimal, Fte};
    /// assert!(Fte::new(Decimal::new(75, 2)).is_ok()); // 0.75
    /// assert_eq!(Fte::new(Decimal::new(-1, 0)).unwrap_err().code().as_str(), "KIM-V012");
    /// ```
    pub fn new(value: Decimal) -> Result<Fte> {
        let problems = check_value(value, String::new, true, FTE_DECIMALS, MAX_FTE);
        match problems.into_iter().next() {
            Some(v) => Err(v.into()),
            None => Ok(Fte(value.normalize())),
        }
    }

    /// A value the caller has already checked (e.g. a multiple of a valid step below a valid total).
    pub(crate) fn from_checked(value: Decimal) -> Fte {
        Fte(value.normalize())
    }

    /// Parses text in the given notation (`"1,5"` with [`Locale::De`]).
    ///
    /// ```
    /// use kim_core::{Fte, Locale};
    /// assert_eq!(Fte::parse("1,5", Locale::De).unwrap().to_string(), "1.5");
    /// ```
    pub fn parse(text: &str, locale: Locale) -> Result<Fte> {
        Fte::new(parse_decimal(text, locale, false)?)
    }

    /// Formats without trailing zeros: `1,5` (de), `1.5` (en and plain).
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert_eq!("1.50".parse::<Fte>().unwrap().format(Locale::De), "1,5");
    /// ```
    pub fn format(self, locale: Locale) -> String {
        format_decimal(self.0.normalize(), locale)
    }

    /// The exact decimal value.
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert_eq!("1.5".parse::<Fte>().unwrap().value().to_string(), "1.5");
    /// ```
    pub fn value(self) -> Decimal {
        self.0
    }

    /// `self + other`; overflow is an error.
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert_eq!("1.5".parse::<Fte>().unwrap().checked_add("0.5".parse::<Fte>().unwrap()).unwrap(), "2".parse::<Fte>().unwrap());
    /// ```
    pub fn checked_add(self, other: Fte) -> Result<Fte> {
        Ok(Fte(add(self.0, other.0)?.normalize()))
    }

    /// `self − other`, or `None` when the result would be negative.
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert_eq!("2".parse::<Fte>().unwrap().checked_sub("0.5".parse::<Fte>().unwrap()), Some("1.5".parse::<Fte>().unwrap()));
    /// assert_eq!("1".parse::<Fte>().unwrap().checked_sub("2".parse::<Fte>().unwrap()), None);
    /// ```
    pub fn checked_sub(self, other: Fte) -> Option<Fte> {
        let d = self.0.checked_sub(other.0)?;
        (!d.is_sign_negative() || d.is_zero()).then(|| Fte(d.normalize()))
    }

    /// Sum of VZÄ values; overflow is an error.
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert_eq!(Fte::sum(["1.5".parse::<Fte>().unwrap(), "0.5".parse::<Fte>().unwrap()]).unwrap(), "2".parse::<Fte>().unwrap());
    /// ```
    pub fn sum<I: IntoIterator<Item = Fte>>(items: I) -> Result<Fte> {
        items.into_iter().try_fold(Fte::ZERO, Fte::checked_add)
    }

    /// The smaller of two values.
    ///
    /// ```
    /// use kim_core::{Euro, Fte, Locale};
    /// assert_eq!("1".parse::<Fte>().unwrap().min("0.5".parse::<Fte>().unwrap()), "0.5".parse::<Fte>().unwrap());
    /// ```
    pub fn min(self, other: Fte) -> Fte {
        if other.0 < self.0 { other } else { self }
    }

    /// Is it zero?
    ///
    /// ```
    /// assert!(kim_core::Fte::ZERO.is_zero());
    /// ```
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Checks a document value (see [`Fte::new`]) and reports every problem with `path`.
    /// The path is built only when there is a problem.
    pub(crate) fn check(self, path: impl FnOnce() -> String) -> Vec<Violation> {
        check_value(self.0, path, true, FTE_DECIMALS, MAX_FTE)
    }
}

impl fmt::Display for Fte {
    /// Plain notation without trailing zeros: `1.5`, `12`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0.normalize();
        match d.scale() {
            0 => write!(f, "{}", d.mantissa()),
            1 | 2 if !d.is_sign_negative() => {
                let m = d.mantissa().unsigned_abs();
                if d.scale() == 1 {
                    write!(f, "{}.{}", m / 10, m % 10)
                } else {
                    write!(f, "{}.{:02}", m / 100, m % 100)
                }
            }
            _ => write!(f, "{d}"),
        }
    }
}

impl FromStr for Fte {
    type Err = Error;
    fn from_str(s: &str) -> Result<Fte> {
        Fte::parse(s, Locale::Plain)
    }
}

fn check_scale(d: Decimal, max: u32) -> Result<()> {
    if d.normalize().scale() > max {
        return Err(Violation::new(Code::V013, "")
            .with("value", d.to_string())
            .with("max", max.to_string())
            .into());
    }
    Ok(())
}

fn check_value(
    d: Decimal,
    path: impl FnOnce() -> String,
    non_negative: bool,
    decimals: u32,
    max: Decimal,
) -> Vec<Violation> {
    let mut out = Vec::new();
    if non_negative && d.is_sign_negative() && !d.is_zero() {
        out.push(Violation::new(Code::V012, "").with("value", d.to_string()));
    }
    if d.normalize().scale() > decimals {
        out.push(
            Violation::new(Code::V013, "")
                .with("value", d.to_string())
                .with("max", decimals.to_string()),
        );
    }
    if d.abs() > max {
        out.push(
            Violation::new(Code::V014, "")
                .with("value", d.to_string())
                .with("max", max.to_string()),
        );
    }
    if !out.is_empty() {
        let at = path();
        for v in &mut out {
            v.path.clone_from(&at);
        }
    }
    out
}

// -----------------------------------------------------------------------------------------
// serde: decimals travel as strings; whole JSON numbers are accepted, floats are not.
// -----------------------------------------------------------------------------------------

/// Prefix that carries a stable code through serde's string errors.
pub(crate) fn coded(code: Code, detail: impl fmt::Display) -> String {
    format!("{}: {detail}", code.as_str())
}

/// Separates a `KIM-P005` detail from the bound it breaks in a [`coded`] message
/// (`doc::classify` splits them again into the `text` and `max` parameters).
pub(crate) const MAX_MARK: &str = " \u{1f}max ";

/// [`coded`] for `KIM-P005`: the number as text and the bound it breaks.
pub(crate) fn coded_out_of_range(text: impl fmt::Display, max: impl fmt::Display) -> String {
    coded(Code::P005, format_args!("{text}{MAX_MARK}{max}"))
}

/// The bound of a whole number written as a float: 2⁵³ − 1, the largest integer every face
/// carries exactly.
const MAX_SAFE_TEXT: &str = "9007199254740991";

/// [`coded`] for a float ([`float_code`]): `KIM-P004`, or `KIM-P005` with its bound.
fn coded_float(v: f64) -> String {
    match float_code(v) {
        Code::P005 => coded_out_of_range(float_text(v), MAX_SAFE_TEXT),
        code => coded(code, float_text(v)),
    }
}

/// A float as text for messages (`0.1`, `1e+21`, `NaN`; as JavaScript writes them), written by serde_json's shortest
/// round-trip formatter: the standard library's float formatting (16 KiB of WebAssembly) is
/// never compiled in, as kim computes nothing in floats and only names a refused one.
#[inline(never)]
pub(crate) fn float_text(v: f64) -> String {
    match serde_json::Number::from_f64(v) {
        Some(n) => n.to_string(),
        None if v.is_nan() => "NaN".to_owned(),
        None if v.is_sign_positive() => "inf".to_owned(),
        None => "-inf".to_owned(),
    }
}

/// Newtype name under which kim serialises every decimal (amounts, VZÄ, weights, quotas).
/// JSON and TOML see only the string inside; a binding's serializer can recognise the name
/// and produce its native decimal type (Python `decimal.Decimal`).
pub const DECIMAL_MARK: &str = "$kim::decimal";

/// Newtype name under which kim serialises every date (`2023-12-31`), like [`DECIMAL_MARK`].
pub const DATE_MARK: &str = "$kim::date";

/// A value written as its `Display` text.
pub(crate) struct AsText<T>(pub T);

impl<T: fmt::Display> Serialize for AsText<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// Serialises `v` as text under the newtype name `mark`.
pub(crate) fn marked<S: serde::Serializer, T: fmt::Display>(
    s: S,
    mark: &'static str,
    v: T,
) -> Result<S::Ok, S::Error> {
    s.serialize_newtype_struct(mark, &AsText(v))
}

/// Serialises decimal text (such as a rate as stated in the table) under [`DECIMAL_MARK`].
/// The text of an exact decimal for a document: plain notation (no exponent), never taken for
/// German digit grouping: `1.500` is written `1.5` and `1.884` is written `1.8840`, which
/// [`Locale::Plain`] reads without the ambiguity error `KIM-P003`; every other value keeps its
/// text. Bindings use it for native decimals (Python `Decimal`).
///
/// ```
/// use kim_core::{Decimal, Euro, Locale};
/// use kim_core::money::document_text;
///
/// let d: Decimal = "1.500".parse().unwrap();
/// assert_eq!(document_text(d), "1.5");
/// assert_eq!(document_text("1.884".parse().unwrap()), "1.8840");
/// assert_eq!(Euro::parse(&document_text(d), Locale::Plain).unwrap().amount(), d);
/// assert_eq!(document_text("55000.00".parse().unwrap()), "55000.00");
/// ```
pub fn document_text(d: Decimal) -> String {
    let text = d.to_string();
    let body = text.trim_start_matches('-');
    match body.split_once('.') {
        Some((int, frac)) if (1..=3).contains(&int.len()) && int != "0" && frac.len() == 3 => {
            let short = d.normalize().to_string();
            if short.len() < text.len() {
                short
            } else {
                format!("{text}0")
            }
        }
        _ => text,
    }
}

pub(crate) fn decimal_text<S: serde::Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
    marked(s, DECIMAL_MARK, v)
}

/// serde for a plain `Decimal` in documents: written as a string, read from a string or a
/// whole JSON number; floats are refused (`KIM-P004`) like for [`Fte`] and [`Euro`].
pub(crate) mod decimal_doc {
    use super::{DECIMAL_MARK, Decimal, DecimalVisitor, marked};
    pub(crate) fn serialize<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        marked(s, DECIMAL_MARK, d)
    }
    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(DecimalVisitor)
    }

    /// The same for `Option<Decimal>` (`null` or absent is `None`).
    pub(crate) mod option {
        use super::super::{DECIMAL_MARK, Decimal, DecimalVisitor, marked};
        use serde::Deserialize as _;
        pub(crate) fn serialize<S: serde::Serializer>(
            d: &Option<Decimal>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => marked(s, DECIMAL_MARK, d),
                None => s.serialize_none(),
            }
        }
        pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
            d: D,
        ) -> Result<Option<Decimal>, D::Error> {
            struct Wrap(Decimal);
            impl<'de> serde::Deserialize<'de> for Wrap {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    d.deserialize_any(DecimalVisitor).map(Wrap)
                }
            }
            Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
        }
    }
}

struct DecimalVisitor;

impl serde::de::Visitor<'_> for DecimalVisitor {
    type Value = Decimal;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number as a string, e.g. \"1.5\"")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
        // The payload after the code is the offending text; doc::classify turns it into
        // the violation's `text` parameter.
        parse_decimal(v, Locale::Plain, false).map_err(|e| {
            let max = e
                .violations()
                .first()
                .and_then(|v| v.params.get("max").cloned());
            E::custom(match (e.code(), max) {
                (Code::P005, Some(max)) => coded_out_of_range(clip(v), max),
                (code, _) => coded(code, clip(v)),
            })
        })
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Decimal, E> {
        Decimal::try_from_i128_with_scale(v, 0)
            .map_err(|_| E::custom(coded_out_of_range(v, Decimal::MAX)))
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Decimal, E> {
        i128::try_from(v)
            .ok()
            .and_then(|v| Decimal::try_from_i128_with_scale(v, 0).ok())
            .ok_or_else(|| E::custom(coded_out_of_range(v, Decimal::MAX)))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
        Err(E::custom(coded_float(v)))
    }
}

/// Largest integer every face carries exactly: 2⁵³ − 1 (JavaScript's `Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// The code for a floating-point number anywhere in a document, the same in every face:
/// `KIM-P005` (out of range) for a whole number beyond ±(2⁵³ − 1) — `1e21`, or an integer too
/// long for 64 bits that a JSON parser read as a float — else `KIM-P004` (floats are not
/// accepted: `0.1`, `2.0`, NaN, infinity).
///
/// ```
/// use kim_core::money::float_code;
/// assert_eq!(float_code(1.5).as_str(), "KIM-P004");
/// assert_eq!(float_code(2.0).as_str(), "KIM-P004");
/// assert_eq!(float_code(f64::NAN).as_str(), "KIM-P004");
/// assert_eq!(float_code(1e21).as_str(), "KIM-P005");
/// assert_eq!(float_code(-9007199254740992.0).as_str(), "KIM-P005");
/// ```
pub fn float_code(v: f64) -> Code {
    if v.is_finite() && v.fract() == 0.0 && v.abs() > MAX_SAFE_INTEGER {
        Code::P005
    } else {
        Code::P004
    }
}

/// The violation for a floating-point number at `path`, exactly as the document reader reports
/// it ([`float_code`]; the number as JavaScript writes it; for `KIM-P005` the bound 2⁵³ − 1):
/// for a face whose converter meets the float (or a number a JSON reader can only take as a
/// float, such as a Python `int` beyond 64 bits) before the reader does.
///
/// ```
/// use kim_core::money::float_violation;
/// let v = float_violation("funded[0].fte", 1e20);
/// assert_eq!((v.code.as_str(), v.params["text"].as_str()), ("KIM-P005", "1e+20"));
/// assert_eq!(float_violation("x", 0.1).code.as_str(), "KIM-P004");
/// ```
pub fn float_violation(path: &str, v: f64) -> Violation {
    let code = float_code(v);
    let out = Violation::new(code, path).with("text", float_text(v));
    match code {
        Code::P005 => out.with("max", MAX_SAFE_TEXT),
        _ => out,
    }
}

// Documents carry the text that reads back to the same value (`document_text`): an amount or VZÄ
// with three decimals (refused by validation, `KIM-V013`) is written `1.2340`, as `1.234` would be
// taken for German digit grouping (`KIM-P003`) — found by fuzzing (plan_json round trip).
impl Serialize for Euro {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        marked(s, DECIMAL_MARK, document_text(self.0))
    }
}
impl<'de> Deserialize<'de> for Euro {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalVisitor).map(Euro::cents_scale)
    }
}
impl Serialize for Fte {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        marked(s, DECIMAL_MARK, document_text(self.0.normalize()))
    }
}
impl<'de> Deserialize<'de> for Fte {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalVisitor).map(Fte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The whole-number fast path reads what the general path reads, leading zeros too.
        #[test]
        fn whole_numbers_read_as_the_general_path_reads(text in "[0-9]{1,20}") {
            let exact = Decimal::from_str_exact(&text).unwrap();
            for locale in [Locale::Plain, Locale::De, Locale::En] {
                let d = parse_decimal(&text, locale, false).unwrap();
                proptest::prop_assert_eq!((d, d.scale()), (exact, exact.scale()));
            }
        }
    }

    /// Found by fuzzing (kim-core/fuzz/regressions/plan_json-1.json): a value with three
    /// decimals was written `5.002`, which reads as ambiguous (`KIM-P003`); documents now carry
    /// text that reads back.
    #[test]
    fn three_decimals_are_written_so_that_they_read_back() {
        for text in ["005.0020", "1.2340", "-1.5000", "1000.123", "12", "1.50"] {
            let fte: Fte = crate::doc::from_json(&format!("\"{text}\"")).unwrap();
            let again: Fte = crate::doc::from_json(&serde_json::to_string(&fte).unwrap()).unwrap();
            assert_eq!(again, fte, "{text}");
            let euro: Euro = crate::doc::from_json(&format!("\"{text}\"")).unwrap();
            let written = serde_json::to_string(&euro).unwrap();
            let again: Euro = crate::doc::from_json(&written).unwrap();
            assert_eq!(again, euro, "{text} as {written}");
        }
        assert_eq!(
            serde_json::to_string(&Fte::new(Decimal::new(15, 1)).unwrap()).unwrap(),
            "\"1.5\""
        );
    }

    fn e(s: &str, l: Locale) -> String {
        Euro::parse(s, l)
            .map(|x| x.to_string())
            .unwrap_or_else(|e| e.code().as_str().to_owned())
    }

    #[test]
    fn a_refused_float_is_named_in_its_shortest_form() {
        assert_eq!(float_text(0.1), "0.1");
        assert_eq!(float_text(1.5), "1.5");
        assert_eq!(float_text(-2.25), "-2.25");
        assert_eq!(float_text(1e21), "1e+21"); // as JavaScript writes it
        assert_eq!(float_text(f64::NAN), "NaN");
        assert_eq!(float_text(f64::INFINITY), "inf");
        assert_eq!(float_text(f64::NEG_INFINITY), "-inf");
        let e = crate::doc::from_json::<Fte>("0.1").unwrap_err();
        assert_eq!(e.code(), Code::P004);
        assert!(
            e.to_string().contains("0.1 is a floating-point number"),
            "{e}"
        );
    }

    #[test]
    fn parses_german_english_and_plain() {
        assert_eq!(e("55.000,00 €", Locale::De), "55000.00");
        assert_eq!(e("55.000", Locale::De), "55000.00");
        assert_eq!(e("1,5", Locale::De), "1.50");
        assert_eq!(e("55,000.00 €", Locale::En), "55000.00");
        assert_eq!(e("€ 55,000", Locale::En), "55000.00");
        assert_eq!(e("55000", Locale::Plain), "55000.00");
        assert_eq!(e("0.125", Locale::Plain), "KIM-V013");
        assert_eq!(e("55.000", Locale::Plain), "KIM-P003");
        assert_eq!(e("1.500", Locale::Plain), "KIM-P003");
        assert_eq!(e("1,5", Locale::Plain), "KIM-P003");
        assert_eq!(e("1.5", Locale::De), "KIM-P013");
        assert_eq!(e("1.00.000", Locale::De), "KIM-P013");
        assert_eq!(e("", Locale::De), "KIM-P006");
        assert_eq!(e("   ", Locale::Plain), "KIM-P006");
        assert_eq!(e("NaN", Locale::Plain), "KIM-P002");
        assert_eq!(e("1e5", Locale::Plain), "KIM-P002");
        assert_eq!(e(".5", Locale::Plain), "KIM-P002");
        assert_eq!(e("5.", Locale::Plain), "KIM-P002");
        assert_eq!(
            e("1000000000000000000000000000000", Locale::Plain),
            "KIM-P005"
        );
        assert_eq!(e("2000000000000", Locale::Plain), "KIM-V014");
        assert_eq!(e("-12,50 €", Locale::De), "-12.50");
    }

    #[test]
    fn formats_with_exactly_two_decimals() {
        let x = Euro::parse("82500", Locale::Plain).unwrap();
        assert_eq!(x.to_string(), "82500.00");
        assert_eq!(x.format(Locale::De), "82.500,00 €");
        assert_eq!(x.format(Locale::En), "82,500.00 €");
        assert_eq!(Euro::from_cents(-5).format(Locale::De), "-0,05 €");
        assert_eq!(Euro::ZERO.to_string(), "0.00");
        assert_eq!(
            Euro::from_cents(123_456_789).format(Locale::De),
            "1.234.567,89 €"
        );
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(Euro::round(Decimal::new(12345, 3)).to_string(), "12.35");
        assert_eq!(Euro::round(Decimal::new(-12345, 3)).to_string(), "-12.35");
        assert_eq!(Euro::round(Decimal::new(12344, 3)).to_string(), "12.34");
        // 0.005 × … exactly at the midpoint after pro-rating
        let f = Fraction::new(1, 2).unwrap();
        assert_eq!(
            Euro::from_cents(1)
                .prorate(Fte::ONE, f)
                .unwrap()
                .to_string(),
            "0.01"
        );
        assert_eq!(
            Euro::from_cents(-1)
                .prorate(Fte::ONE, f)
                .unwrap()
                .to_string(),
            "-0.01"
        );
        let third = Fraction::new(1, 3).unwrap();
        assert_eq!(
            Euro::from_cents(100)
                .prorate(Fte::ONE, third)
                .unwrap()
                .to_string(),
            "0.33"
        );
        assert_eq!(
            Euro::from_cents(200)
                .prorate(Fte::ONE, third)
                .unwrap()
                .to_string(),
            "0.67"
        );
    }

    #[test]
    fn fte_rules() {
        assert_eq!(Fte::parse("0,85", Locale::De).unwrap().to_string(), "0.85");
        assert_eq!(
            Fte::parse("12.00", Locale::Plain).unwrap().to_string(),
            "12"
        );
        assert_eq!(
            Fte::parse("1,75", Locale::De).unwrap().format(Locale::De),
            "1,75"
        );
        assert_eq!(
            Fte::parse("-0.5", Locale::Plain).unwrap_err().code(),
            Code::V012
        );
        assert_eq!(
            Fte::parse("2000000", Locale::Plain).unwrap_err().code(),
            Code::V014
        );
        assert!(
            Fte::ONE
                .checked_sub(Fte::parse("1.5", Locale::Plain).unwrap())
                .is_none()
        );
    }

    #[test]
    fn serde_accepts_strings_and_integers_but_not_floats() {
        let x: Fte = serde_json::from_str("\"1.5\"").unwrap();
        assert_eq!(x.to_string(), "1.5");
        let y: Euro = serde_json::from_str("55000").unwrap();
        assert_eq!(serde_json::to_string(&y).unwrap(), "\"55000.00\"");
        let err = serde_json::from_str::<Fte>("1.5").unwrap_err().to_string();
        assert!(err.starts_with("KIM-P004"), "{err}");
        let err = serde_json::from_str::<Fte>("\"1,5\"")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("KIM-P003"), "{err}");
    }

    #[test]
    fn locale_from_str() {
        assert_eq!("de".parse::<Locale>().unwrap(), Locale::De);
        assert_eq!("EN".parse::<Locale>().unwrap(), Locale::En);
        assert_eq!("fr".parse::<Locale>().unwrap_err().code(), Code::P014);
    }
}
