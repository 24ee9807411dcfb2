//! Periods (inclusive date ranges inside one calendar year) and pro-rating.
//!
//! No source states how the Land funds a post for part of a year (KIM-RULES R3), so the
//! method is an explicit choice, recorded in every result:
//!
//! * [`ProRata::FullYear`]: no pro-rating; the flat annual amount (*Pauschale*).
//! * [`ProRata::Months`]: Σ over calendar months of (covered days ÷ days in that month), ÷ 12.
//!   01.07.–31.12. is exactly 6/12; 16.–31. January is 16/31 ÷ 12.
//! * [`ProRata::Days`]: covered days ÷ days in the year (365 or 366).
//!
//! ```
//! use kim_core::{Period, ProRata};
//! use chrono::NaiveDate;
//! let d = |m, day| NaiveDate::from_ymd_opt(2020, m, day).unwrap();
//! let second_half = Period::new(d(7, 1), d(12, 31))?;
//! assert_eq!(second_half.factor(ProRata::Months)?.to_string(), "1/2");
//! assert_eq!(second_half.factor(ProRata::Days)?.to_string(), "92/183"); // 184/366 (2020 is a leap year)
//! assert_eq!(second_half.factor(ProRata::FullYear)?.to_string(), "1");
//! # Ok::<(), kim_core::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::money::coded;
use crate::validate::{Code, Violation};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// First and last plan year kim accepts.
pub const YEAR_RANGE: (i32, i32) = (2000, 2100);

/// An exact, non-negative fraction `num / den` in lowest terms (a pro-rating factor).
///
/// ```
/// use kim_core::Fraction;
/// assert_eq!(Fraction::new(6, 12).unwrap(), Fraction::new(1, 2).unwrap());
/// assert_eq!(Fraction::new(1, 2).unwrap().to_string(), "1/2");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fraction {
    /// Numerator.
    pub num: u64,
    /// Denominator (never zero).
    pub den: u64,
}

/// Greatest common divisor (0 for 0, 0).
pub(crate) fn gcd(mut a: u64, mut b: u64) -> u64 {
    while let Some(t) = a.checked_rem(b) {
        a = b;
        b = t;
    }
    a
}

impl Fraction {
    /// The factor 1.
    pub const ONE: Fraction = Fraction { num: 1, den: 1 };

    /// `num / den` in lowest terms; `None` if `den` is zero.
    ///
    /// ```
    /// assert!(kim_core::Fraction::new(1, 0).is_none());
    /// ```
    pub fn new(num: u64, den: u64) -> Option<Fraction> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        Some(Fraction {
            num: num.checked_div(g)?,
            den: den.checked_div(g)?,
        })
    }

    /// Is it exactly 1?
    ///
    /// ```
    /// assert!(kim_core::Fraction::new(12, 12).unwrap().is_one());
    /// ```
    pub fn is_one(self) -> bool {
        self.num == self.den
    }
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

impl Serialize for Fraction {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let (n, dd) = s.split_once('/').unwrap_or((s.as_str(), "1"));
        let parse = |x: &str| x.trim().parse::<u64>().ok();
        parse(n)
            .zip(parse(dd))
            .and_then(|(n, d)| Fraction::new(n, d))
            .ok_or_else(|| {
                serde::de::Error::custom(coded(Code::P002, s.chars().take(40).collect::<String>()))
            })
    }
}

/// How a period shorter than a year is pro-rated (KIM-RULES R3; no method is backed by a source).
///
/// ```
/// use kim_core::{Period, ProRata};
/// let second_half = Period::new(chrono::NaiveDate::from_ymd_opt(2023, 7, 1).unwrap(), chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()).unwrap();
/// assert_eq!(second_half.factor(ProRata::Months).unwrap().to_string(), "1/2");
/// assert!(second_half.factor(ProRata::FullYear).unwrap().is_one());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProRata {
    /// No pro-rating: the full annual amount whatever the period (flat *Pauschale*).
    #[default]
    FullYear,
    /// Calendar months, each month weighted by its covered days.
    Months,
    /// Covered days ÷ days in the year.
    Days,
}

impl ProRata {
    /// Name as used in JSON.
    ///
    /// ```
    /// assert_eq!(kim_core::ProRata::Months.as_str(), "months");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ProRata::FullYear => "full_year",
            ProRata::Months => "months",
            ProRata::Days => "days",
        }
    }
    /// German label.
    ///
    /// ```
    /// assert_eq!(kim_core::ProRata::Months.label_de(), "monatsgenau anteilig");
    /// ```
    pub fn label_de(self) -> &'static str {
        match self {
            ProRata::FullYear => "ganzjährig (keine anteilige Berechnung)",
            ProRata::Months => "monatsgenau anteilig",
            ProRata::Days => "taggenau anteilig",
        }
    }
    /// English label.
    ///
    /// ```
    /// assert_eq!(kim_core::ProRata::Months.label_en(), "pro rata by months");
    /// ```
    pub fn label_en(self) -> &'static str {
        match self {
            ProRata::FullYear => "full year (no pro-rating)",
            ProRata::Months => "pro rata by months",
            ProRata::Days => "pro rata by days",
        }
    }
}

/// An inclusive date range `from ..= to`.
///
/// ```
/// use kim_core::Period;
/// let p: Period = serde_json::from_str(r#"{"from": "2023-07-01", "to": "2023-12-31"}"#).unwrap();
/// assert_eq!(p.days(), 184);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day (inclusive).
    #[serde(with = "date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub from: NaiveDate,
    /// Last day (inclusive).
    #[serde(with = "date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub to: NaiveDate,
}

pub(crate) fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        Violation::new(Code::V019, "")
            .with("year", y.to_string())
            .with("min", YEAR_RANGE.0.to_string())
            .with("max", YEAR_RANGE.1.to_string())
            .into()
    })
}

/// German date notation `31.12.2023`.
///
/// ```
/// assert_eq!(kim_core::period::date_de(chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()), "31.12.2023");
/// ```
pub fn date_de(d: NaiveDate) -> String {
    // by hand, not chrono's format strings: their machinery is a large part of a small binary
    format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year())
}

impl Period {
    /// A period; `from` after `to` is `KIM-V002`.
    ///
    /// ```
    /// use kim_core::Period;
    /// assert_eq!(Period::new(chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(), chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()).unwrap_err().code().as_str(), "KIM-V002");
    /// ```
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period> {
        let p = Period { from, to };
        match p.check("").into_iter().next() {
            Some(v) => Err(Error::one(v)),
            None => Ok(p),
        }
    }

    /// The calendar year `year` (01.01.–31.12.).
    ///
    /// ```
    /// assert_eq!(kim_core::Period::year(2024).unwrap().days(), 366);
    /// ```
    pub fn year(year: i32) -> Result<Period> {
        Ok(Period {
            from: ymd(year, 1, 1)?,
            to: ymd(year, 12, 31)?,
        })
    }

    /// Number of days, both ends included (0 if reversed).
    ///
    /// ```
    /// assert_eq!(kim_core::Period::year(2023).unwrap().days(), 365);
    /// ```
    pub fn days(self) -> u64 {
        u64::try_from(self.to.signed_duration_since(self.from).num_days())
            .map_or(0, |d| d.saturating_add(1))
    }

    /// Does the period contain the date?
    ///
    /// ```
    /// assert!(kim_core::Period::year(2023).unwrap().contains(chrono::NaiveDate::from_ymd_opt(2023, 6, 30).unwrap()));
    /// ```
    pub fn contains(self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// The overlap of two periods, if any.
    ///
    /// ```
    /// use kim_core::Period;
    /// let h2 = Period::new(chrono::NaiveDate::from_ymd_opt(2023, 7, 1).unwrap(), chrono::NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()).unwrap();
    /// assert_eq!(Period::year(2023).unwrap().intersect(h2).unwrap().days(), 184);
    /// ```
    pub fn intersect(self, other: Period) -> Option<Period> {
        let from = self.from.max(other.from);
        let to = self.to.min(other.to);
        (from <= to).then_some(Period { from, to })
    }

    /// Problems with this period: reversed (`KIM-V002`).
    pub(crate) fn check(self, path: &str) -> Vec<Violation> {
        if self.from > self.to {
            vec![self.tag(Violation::new(Code::V002, path))]
        } else {
            Vec::new()
        }
    }

    /// Problems with this period as part of plan year `year`: reversed or outside the year.
    pub(crate) fn check_in_year(self, path: &str, year: i32) -> Vec<Violation> {
        let mut out = self.check(path);
        if self.from.year() != year || self.to.year() != year {
            out.push(self.tag(Violation::new(Code::V001, path).with("year", year.to_string())));
        }
        out
    }

    fn tag(self, v: Violation) -> Violation {
        v.with_date("from", self.from).with_date("to", self.to)
    }

    /// The pro-rating factor of this period within its calendar year.
    ///
    /// The period must lie inside one calendar year (`KIM-V001`) and not be reversed (`KIM-V002`).
    ///
    /// ```
    /// use kim_core::{Period, ProRata};
    /// let q4 = Period::new(chrono::NaiveDate::from_ymd_opt(2023, 10, 1).unwrap(), chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()).unwrap();
    /// assert_eq!(q4.factor(ProRata::Days).unwrap().to_string(), "92/365");
    /// ```
    pub fn factor(self, method: ProRata) -> Result<Fraction> {
        if let Some(v) = self.check("").into_iter().next() {
            return Err(v.into());
        }
        let year = self.from.year();
        if self.to.year() != year {
            return Err(self
                .tag(Violation::new(Code::V001, "").with("year", year.to_string()))
                .into());
        }
        let bad = || Error::at(Code::V020, "");
        match method {
            ProRata::FullYear => Ok(Fraction::ONE),
            ProRata::Days => {
                let year_days = Period::year(year)?.days();
                Fraction::new(self.days(), year_days).ok_or_else(bad)
            }
            ProRata::Months => {
                // common denominator: 12 × lcm of the month lengths of this year
                let lengths: Vec<u64> = (1..=12).map(|m| month_len(year, m)).collect();
                let lcm = lengths.iter().try_fold(1u64, |acc, &l| {
                    acc.checked_mul(l)?.checked_div(gcd(acc, l).max(1))
                });
                let lcm = lcm.ok_or_else(bad)?;
                let mut num: u64 = 0;
                for (m, len) in (1u32..=12).zip(lengths.iter().copied()) {
                    let month = Period {
                        from: ymd(year, m, 1)?,
                        to: ymd(year, m, u32::try_from(len).map_err(|_| bad())?)?,
                    };
                    if let Some(part) = self.intersect(month) {
                        let weight = lcm.checked_div(len).ok_or_else(bad)?;
                        num = part
                            .days()
                            .checked_mul(weight)
                            .and_then(|x| x.checked_add(num))
                            .ok_or_else(bad)?;
                    }
                }
                Fraction::new(num, lcm.checked_mul(12).ok_or_else(bad)?).ok_or_else(bad)
            }
        }
    }
}

fn month_len(year: i32, month: u32) -> u64 {
    match month {
        2 if NaiveDate::from_ymd_opt(year, 2, 29).is_some() => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// serde for dates as `YYYY-MM-DD` with stable error codes (`KIM-P007`).
/// Reads an ISO date (`2023-12-31`); anything else is `KIM-P007`.
///
/// ```
/// use kim_core::period::parse_date;
/// assert!(parse_date("2023-02-28").is_ok());
/// assert_eq!(parse_date("2023-02-30").unwrap_err().code().as_str(), "KIM-P007");
/// ```
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    date::parse(text).map_err(|_| {
        Violation::new(Code::P007, "")
            .with("text", text.chars().take(40).collect::<String>())
            .into()
    })
}

/// Reads a string and parses it where it lies, without copying it into a `String` first (a
/// date and a time stamp per case event were three allocations each). A value that is not a
/// string is refused as `String`'s reader refuses it (`expected a string`).
pub(crate) fn from_str_with<'de, D: serde::Deserializer<'de>, T>(
    d: D,
    parse: fn(&str) -> std::result::Result<T, String>,
) -> std::result::Result<T, D::Error> {
    struct Text<T>(fn(&str) -> std::result::Result<T, String>);
    impl<T> serde::de::Visitor<'_> for Text<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<T, E> {
            (self.0)(v).map_err(E::custom)
        }
    }
    d.deserialize_str(Text(parse))
}

pub(crate) mod date {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub(crate) fn parse(s: &str) -> std::result::Result<NaiveDate, String> {
        let ok = s.len() == 10
            && s.as_bytes().get(4) == Some(&b'-')
            && s.as_bytes().get(7) == Some(&b'-');
        // YYYY-MM-DD, digits only, a real calendar day (by hand: see `date_de`)
        let number = |r: std::ops::Range<usize>| {
            s.get(r)
                .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|t| t.parse::<u32>().ok())
        };
        let d = match (ok, number(0..4), number(5..7), number(8..10)) {
            (true, Some(y), Some(m), Some(d)) => i32::try_from(y)
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, m, d)),
            _ => None,
        };
        d.ok_or_else(|| coded(Code::P007, s.chars().take(40).collect::<String>()))
    }

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> std::result::Result<S::Ok, S::Error> {
        crate::money::marked(s, crate::money::DATE_MARK, d)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<NaiveDate, D::Error> {
        from_str_with(d, parse)
    }

    /// The same for `Option<NaiveDate>` (`null` or absent is `None`).
    pub mod option {
        use super::*;
        pub fn serialize<S: Serializer>(
            d: &Option<NaiveDate>,
            s: S,
        ) -> std::result::Result<S::Ok, S::Error> {
            match d {
                Some(d) => crate::money::marked(s, crate::money::DATE_MARK, d),
                None => s.serialize_none(),
            }
        }
        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> std::result::Result<Option<NaiveDate>, D::Error> {
            match Option::<String>::deserialize(d)? {
                Some(s) => parse(&s).map(Some).map_err(serde::de::Error::custom),
                None => Ok(None),
            }
        }
    }
}

/// serde for local date-times as `YYYY-MM-DDTHH:MM:SS` with an optional fraction of a second
/// (`.5`, up to nine digits), without a zone; anything else is `KIM-P017`. Written back the
/// same way (a fraction in 3, 6 or 9 digits when there is one).
pub(crate) mod datetime {
    use super::*;
    use chrono::{NaiveDateTime, NaiveTime, Timelike};
    use serde::{Deserializer, Serializer};

    pub(crate) fn parse(s: &str) -> std::result::Result<NaiveDateTime, String> {
        let bad = || coded(Code::P017, s.chars().take(40).collect::<String>());
        let (day, time) = s.split_once('T').ok_or_else(bad)?;
        let day = date::parse(day).map_err(|_| bad())?;
        let (hms, fraction) = match time.split_once('.') {
            Some((hms, f)) => (hms, Some(f)),
            None => (time, None),
        };
        let two = |r: std::ops::Range<usize>| {
            hms.get(r)
                .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|t| t.parse::<u32>().ok())
        };
        let colons = hms.len() == 8
            && hms.as_bytes().get(2) == Some(&b':')
            && hms.as_bytes().get(5) == Some(&b':');
        let nano = match fraction {
            None => Some(0),
            Some(f) if (1..=9).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
                // "5" is 500,000,000 ns: pad to nine digits
                format!("{f:0<9}").parse::<u32>().ok()
            }
            Some(_) => None,
        };
        let time = match (colons, two(0..2), two(3..5), two(6..8), nano) {
            // seconds 0–59: no leap seconds in case data
            (true, Some(h), Some(m), Some(sec), Some(n)) if sec < 60 => {
                NaiveTime::from_hms_nano_opt(h, m, sec, n)
            }
            _ => None,
        };
        time.map(|t| day.and_time(t)).ok_or_else(bad)
    }

    pub(crate) fn format(d: &NaiveDateTime) -> String {
        let n = d.nanosecond();
        let fraction = if n == 0 {
            String::new()
        } else if n.is_multiple_of(1_000_000) {
            format!(".{:03}", n / 1_000_000)
        } else if n.is_multiple_of(1_000) {
            format!(".{:06}", n / 1_000)
        } else {
            format!(".{n:09}")
        };
        format!(
            "{}T{:02}:{:02}:{:02}{fraction}",
            d.date(),
            d.hour(),
            d.minute(),
            d.second()
        )
    }

    pub fn serialize<S: Serializer>(
        d: &NaiveDateTime,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&format(d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<NaiveDateTime, D::Error> {
        from_str_with(d, parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: &str, b: &str) -> Period {
        Period {
            from: a.parse().unwrap(),
            to: b.parse().unwrap(),
        }
    }

    #[test]
    fn months_method() {
        assert_eq!(
            p("2020-07-01", "2020-12-31")
                .factor(ProRata::Months)
                .unwrap(),
            Fraction::new(1, 2).unwrap()
        );
        assert_eq!(
            p("2023-01-01", "2023-12-31")
                .factor(ProRata::Months)
                .unwrap(),
            Fraction::ONE
        );
        assert_eq!(
            p("2023-02-01", "2023-02-28")
                .factor(ProRata::Months)
                .unwrap(),
            Fraction::new(1, 12).unwrap()
        );
        assert_eq!(
            p("2023-01-16", "2023-01-31")
                .factor(ProRata::Months)
                .unwrap(),
            Fraction::new(16, 31 * 12).unwrap()
        );
    }

    #[test]
    fn days_method() {
        assert_eq!(
            p("2023-01-01", "2023-12-31").factor(ProRata::Days).unwrap(),
            Fraction::ONE
        );
        assert_eq!(
            p("2023-07-01", "2023-12-31").factor(ProRata::Days).unwrap(),
            Fraction::new(184, 365).unwrap()
        );
        assert_eq!(
            p("2024-02-29", "2024-02-29").factor(ProRata::Days).unwrap(),
            Fraction::new(1, 366).unwrap()
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            p("2023-12-01", "2024-01-31")
                .factor(ProRata::Days)
                .unwrap_err()
                .code(),
            Code::V001
        );
        assert_eq!(
            p("2023-12-01", "2023-01-31")
                .factor(ProRata::Days)
                .unwrap_err()
                .code(),
            Code::V002
        );
        let err = serde_json::from_str::<Period>(r#"{"from":"2023-02-30","to":"2023-03-01"}"#)
            .unwrap_err();
        assert!(err.to_string().starts_with("KIM-P007"), "{err}");
        let err =
            serde_json::from_str::<Period>(r#"{"from":"2023-2-3","to":"2023-03-01"}"#).unwrap_err();
        assert!(err.to_string().starts_with("KIM-P007"), "{err}");
    }

    #[test]
    fn datetimes_are_read_strictly_and_written_back_the_same_way() {
        for (text, back) in [
            ("2023-03-07T15:00:00", "2023-03-07T15:00:00"),
            ("2023-03-07T15:00:00.5", "2023-03-07T15:00:00.500"),
            ("2023-03-07T15:00:00.000250", "2023-03-07T15:00:00.000250"),
            (
                "2023-03-07T15:00:00.123456789",
                "2023-03-07T15:00:00.123456789",
            ),
            ("2024-02-29T23:59:59", "2024-02-29T23:59:59"),
        ] {
            let d = datetime::parse(text).unwrap();
            assert_eq!(datetime::format(&d), back);
            assert_eq!(d, back.parse::<chrono::NaiveDateTime>().unwrap());
        }
        for bad in [
            "2023-03-07 15:00:00",
            "2023-03-07t15:00:00",
            "2023-3-7T15:00:00",
            "2023-03-07T15:00",
            "2023-03-07T24:00:00",
            "2023-03-07T15:00:60",
            "2023-02-29T15:00:00",
            "2023-03-07T15:00:00.",
            "2023-03-07T15:00:00.1234567890",
            "2023-03-07T15:00:00Z",
            "2023-03-07T+5:00:00",
            "",
        ] {
            let e = datetime::parse(bad).unwrap_err();
            assert!(e.starts_with("KIM-P017"), "{bad}: {e}");
        }
    }
}
