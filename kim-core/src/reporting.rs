//! Reports for the council and the Land (KIM-RULES §8): named tables of typed rows —
//! consultations, case flow per quarter, closing reasons, cases by state, topic, Rechtskreis,
//! Kommune and Treppenmodell level, durations, generative topics, Fallrekonstruktionen,
//! staffing and money — over a report period, with small-cell suppression.
//!
//! Reports hold aggregates only: no case id appears in any table. Counts below the
//! configured threshold k (default 3) are shown as `"<3"` ([`Count::Suppressed`]); zero stays
//! zero. Only primary suppression is applied: a reader who knows a table's total and all but
//! one cell can still recompute a suppressed cell (see `docs/cases.md`).
//!
//! ```
//! use kim_core::cases::CasesDocument;
//! use kim_core::reporting::{report, ReportPeriod};
//! let period: ReportPeriod = "2023-Q2".parse()?;
//! let r = report(None, Some(&CasesDocument::default()), &period)?;
//! assert_eq!(r.period.from.to_string(), "2023-04-01");
//! assert!(r.consultations.is_empty());
//! # Ok::<(), kim_core::Error>(())
//! ```

use crate::cases::codes::ListKind;
use crate::cases::{
    CaseRecord, CaseState, CasesDocument, ConsultationKind, Outcome, ReplayReport, replay_document,
};
use crate::error::{Error, Result};
use crate::forwarding::ForwardingResult;
use crate::money::{Euro, Fte};
use crate::params::Params;
use crate::plan::{EvalOptions, Plan, Totals, evaluate};
use crate::program::{Baustein, Party};
use crate::staffing::Staffing;
use crate::validate::{Code, Violation};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Schema name of reports.
pub const REPORT_SCHEMA: &str = "kim.report.v1";

/// A report period: a year (`2023`), a quarter (`2023-Q2`), a month (`2023-04`) or any range
/// (`2023-01-01..2023-06-30`).
///
/// ```
/// use kim_core::reporting::ReportPeriod;
/// let q2: ReportPeriod = "2023-Q2".parse().unwrap();
/// assert_eq!((q2.from, q2.to), (chrono::NaiveDate::from_ymd_opt(2023, 4, 1).unwrap(), chrono::NaiveDate::from_ymd_opt(2023, 6, 30).unwrap()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportPeriod {
    /// The period as written.
    pub label: String,
    /// First day.
    #[serde(with = "crate::period::date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub from: NaiveDate,
    /// Last day.
    #[serde(with = "crate::period::date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub to: NaiveDate,
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 {
        (y.checked_add(1)?, 1)
    } else {
        (y, m.checked_add(1)?)
    };
    ymd(ny, nm, 1)?.pred_opt()
}

impl std::str::FromStr for ReportPeriod {
    type Err = Error;
    fn from_str(text: &str) -> Result<ReportPeriod> {
        let t = text.trim();
        let bad = || {
            Error::one(
                Violation::new(Code::C025, "period")
                    .with("text", t.chars().take(40).collect::<String>()),
            )
        };
        let year = |s: &str| {
            s.parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y) && s.len() == 4)
        };
        let (from, to) = if let Some((a, b)) = t.split_once("..") {
            let a = crate::period::date::parse(a.trim()).map_err(|_| bad())?;
            let b = crate::period::date::parse(b.trim()).map_err(|_| bad())?;
            (a, b)
        } else if let Some((y, q)) = t.split_once("-Q") {
            let y = year(y).ok_or_else(bad)?;
            let q: u32 = q
                .parse()
                .ok()
                .filter(|q| (1..=4).contains(q))
                .ok_or_else(bad)?;
            let first = q
                .checked_mul(3)
                .and_then(|x| x.checked_sub(2))
                .ok_or_else(bad)?;
            let last = q.checked_mul(3).ok_or_else(bad)?;
            (
                ymd(y, first, 1).ok_or_else(bad)?,
                month_end(y, last).ok_or_else(bad)?,
            )
        } else if let Some((y, m)) = t.split_once('-') {
            let y = year(y).ok_or_else(bad)?;
            let m: u32 = m
                .parse()
                .ok()
                .filter(|m| (1..=12).contains(m) && m_len_ok(t))
                .ok_or_else(bad)?;
            (
                ymd(y, m, 1).ok_or_else(bad)?,
                month_end(y, m).ok_or_else(bad)?,
            )
        } else {
            let y = year(t).ok_or_else(bad)?;
            (
                ymd(y, 1, 1).ok_or_else(bad)?,
                ymd(y, 12, 31).ok_or_else(bad)?,
            )
        };
        // at most a century, within 1900–2100: keeps the quarter and month tables bounded
        let years = to.year().saturating_sub(from.year());
        if to < from || years > 100 || from.year() < 1900 || to.year() > 2100 {
            return Err(bad());
        }
        Ok(ReportPeriod {
            label: t.to_owned(),
            from,
            to,
        })
    }
}

fn m_len_ok(t: &str) -> bool {
    t.len() == 7
}

impl ReportPeriod {
    /// The period a report of `plan` covers: `text` (`2023`, `2023-Q2`, `2023-04`,
    /// `2023-01-01..2023-06-30`) if given, else the plan's year. The CLI, Python and JavaScript
    /// faces take their default from here.
    ///
    /// ```
    /// use kim_core::{reporting::ReportPeriod, Plan};
    /// let plan = Plan::example(); // 2023
    /// assert_eq!(ReportPeriod::of_plan(&plan, None).unwrap().label, "2023");
    /// assert_eq!(ReportPeriod::of_plan(&plan, Some("2023-Q2")).unwrap().label, "2023-Q2");
    /// assert!(ReportPeriod::of_plan(&plan, Some("Q2")).is_err());
    /// ```
    pub fn of_plan(plan: &crate::Plan, text: Option<&str>) -> Result<ReportPeriod> {
        match text {
            Some(t) => t.parse(),
            None => plan.year.to_string().parse(),
        }
    }

    /// Does the period contain `day`?
    ///
    /// ```
    /// use kim_core::reporting::ReportPeriod;
    /// assert!("2023-04".parse::<ReportPeriod>().unwrap().contains(chrono::NaiveDate::from_ymd_opt(2023, 4, 30).unwrap()));
    /// ```
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The calendar quarters overlapping the period, clipped to it (label `2023-Q2`).
    ///
    /// ```
    /// use kim_core::reporting::ReportPeriod;
    /// let qs = "2023".parse::<ReportPeriod>().unwrap().quarters();
    /// assert_eq!(qs.iter().map(|q| q.label.as_str()).collect::<Vec<_>>(), ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"]);
    /// ```
    pub fn quarters(&self) -> Vec<ReportPeriod> {
        self.buckets(3, |y, m| format!("{y}-Q{}", m.saturating_add(2) / 3))
    }

    /// The calendar months overlapping the period, clipped to it (label `2023-04`).
    ///
    /// ```
    /// use kim_core::reporting::ReportPeriod;
    /// assert_eq!("2023-Q2".parse::<ReportPeriod>().unwrap().months()[0].label, "2023-04");
    /// ```
    pub fn months(&self) -> Vec<ReportPeriod> {
        self.buckets(1, |y, m| format!("{y}-{m:02}"))
    }

    fn buckets(&self, months: u32, label: impl Fn(i32, u32) -> String) -> Vec<ReportPeriod> {
        let mut out = Vec::new();
        let (mut y, mut m) = (self.from.year(), self.from.month());
        // align to the bucket start
        m = m
            .saturating_sub(1)
            .checked_div(months)
            .and_then(|k| k.checked_mul(months))
            .map_or(1, |x| x.saturating_add(1));
        for _ in 0..1300 {
            let Some(start) = ymd(y, m, 1) else { break };
            if start > self.to {
                break;
            }
            let last_month = m.saturating_add(months).saturating_sub(1);
            let Some(end) = month_end(y, last_month) else {
                break;
            };
            out.push(ReportPeriod {
                label: label(y, m),
                from: start.max(self.from),
                to: end.min(self.to),
            });
            m = m.saturating_add(months);
            if m > 12 {
                m = m.saturating_sub(12);
                y = y.saturating_add(1);
            }
        }
        out
    }
}

/// A count in a report: exact, or suppressed because it is below the threshold (shown as
/// `"<k"`).
///
/// ```
/// use kim_core::reporting::Count;
/// assert_eq!(serde_json::to_string(&Count::of(2, 3)).unwrap(), r#""<3""#);
/// assert_eq!(serde_json::to_string(&Count::of(7, 3)).unwrap(), "7");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    /// The exact count.
    Exact(u64),
    /// 1 … k−1: suppressed, shown as `<k`.
    Suppressed(u32),
}

impl Count {
    /// Applies small-cell suppression: 1 … k−1 become `<k`; 0 stays 0.
    ///
    /// ```
    /// use kim_core::reporting::Count;
    /// assert_eq!(Count::of(0, 3), Count::Exact(0));
    /// assert_eq!(Count::of(1, 3), Count::Suppressed(3));
    /// ```
    pub fn of(n: u64, k: u32) -> Count {
        if n > 0 && n < u64::from(k) {
            Count::Suppressed(k)
        } else {
            Count::Exact(n)
        }
    }

    /// The exact value, if not suppressed.
    ///
    /// ```
    /// use kim_core::reporting::Count;
    /// assert_eq!((Count::of(5, 3).exact(), Count::of(2, 3).exact()), (Some(5), None));
    /// ```
    pub fn exact(self) -> Option<u64> {
        match self {
            Count::Exact(n) => Some(n),
            Count::Suppressed(_) => None,
        }
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count::Exact(n) => write!(f, "{n}"),
            Count::Suppressed(k) => write!(f, "<{k}"),
        }
    }
}

impl Serialize for Count {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Count::Exact(n) => s.serialize_u64(*n),
            Count::Suppressed(_) => s.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(u64),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n) => Ok(Count::Exact(n)),
            Raw::S(s) => s
                .strip_prefix('<')
                .and_then(|k| k.parse().ok())
                .map(Count::Suppressed)
                .ok_or_else(|| serde::de::Error::custom("a count is a number or \"<k\"")),
        }
    }
}

/// Consultations per month, Kommune and kind.
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// use kim_core::reporting::{report, ReportPeriod};
/// let cases = kreis_year(7, &SyntheticOptions::default());
/// let r = report(None, Some(&cases), &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
/// assert!(r.consultations.iter().all(|row| row.month.starts_with("2023-")));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsultationRow {
    /// Month (`2023-04`).
    pub month: String,
    /// Kommune.
    pub kommune: String,
    /// Kind.
    pub kind: ConsultationKind,
    /// Number of consultations.
    pub consultations: Count,
    /// Persons reached (sum over the consultations).
    pub persons: Count,
}

/// Case flow per quarter.
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// use kim_core::reporting::{report, ReportPeriod};
/// let cases = kreis_year(7, &SyntheticOptions::default());
/// let r = report(None, Some(&cases), &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
/// assert_eq!(r.case_flow.len(), 4); // one row per quarter
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseFlowRow {
    /// Quarter (`2023-Q2`), clipped to the period.
    pub quarter: String,
    /// Cases opened (first contact).
    pub opened: Count,
    /// Cases admitted to case management (first admission).
    pub admitted: Count,
    /// Closures.
    pub closed: Count,
    /// Cases open at the end of the quarter (Stichtag).
    pub open_at_end: Count,
}

/// Closures per quarter and reason.
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// use kim_core::reporting::{report, ReportPeriod};
/// let cases = kreis_year(7, &SyntheticOptions::default());
/// let r = report(None, Some(&cases), &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
/// assert!(r.closed_by_reason.iter().all(|row| !row.label_de.is_empty()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReasonRow {
    /// Quarter.
    pub quarter: String,
    /// Closing reason code.
    pub reason: String,
    /// German label.
    pub label_de: String,
    /// English label.
    pub label_en: String,
    /// Closures.
    pub cases: Count,
}

/// Cases per code (topic, Rechtskreis, generative topic).
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// use kim_core::reporting::{report, ReportPeriod};
/// let cases = kreis_year(7, &SyntheticOptions::default());
/// let r = report(None, Some(&cases), &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
/// assert!(r.cases_by_topic.iter().all(|row| !row.code.is_empty()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CodeRow {
    /// The code.
    pub code: String,
    /// German label.
    pub label_de: String,
    /// English label.
    pub label_en: String,
    /// Cases.
    pub cases: Count,
}

/// Cases per state at the end of the period.
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// use kim_core::reporting::{report, ReportPeriod};
/// let cases = kreis_year(7, &SyntheticOptions::default());
/// let r = report(None, Some(&cases), &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
/// assert!(!r.cases_by_state.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StateRow {
    /// The state.
    pub state: CaseState,
    /// Cases.
    pub cases: Count,
}

/// Cases per Kommune.
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// use kim_core::reporting::{report, ReportPeriod};
/// let cases = kreis_year(7, &SyntheticOptions::default());
/// let r = report(None, Some(&cases), &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
/// assert!(r.cases_by_kommune.iter().all(|row| !row.kommune.is_empty()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct KommuneRow {
    /// Kommune.
    pub kommune: String,
    /// Cases open on some day of the period.
    pub active: Count,
    /// Admitted in the period.
    pub admitted: Count,
    /// Closed in the period.
    pub closed: Count,
}

/// Cases per Treppenmodell level (the latest level by the end of the period).
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// use kim_core::reporting::{report, ReportPeriod};
/// let cases = kreis_year(7, &SyntheticOptions::default());
/// let r = report(None, Some(&cases), &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
/// assert!(r.treppe.iter().all(|row| (1..=5).contains(&row.level)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TreppeRow {
    /// Level.
    pub level: u8,
    /// Label (configured, or "Stufe n").
    pub label: String,
    /// Cases.
    pub cases: Count,
}

/// A median duration in days.
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// use kim_core::reporting::{report, ReportPeriod};
/// let cases = kreis_year(7, &SyntheticOptions::default());
/// let r = report(None, Some(&cases), &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
/// assert!(!r.durations.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DurationRow {
    /// `first_contact_to_admission` or `admission_to_closure`.
    pub measure: String,
    /// Cases measured.
    pub cases: Count,
    /// Median in days (absent when suppressed or no case).
    #[serde(
        default,
        with = "crate::money::decimal_doc::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub median_days: Option<Decimal>,
}

/// Fallrekonstruktionen per year.
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// use kim_core::reporting::{report, ReportPeriod};
/// let cases = kreis_year(7, &SyntheticOptions::default());
/// let r = report(None, Some(&cases), &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
/// assert!(r.fallrekonstruktionen.iter().all(|row| row.year == 2023));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FallrekonstruktionRow {
    /// Year.
    pub year: i32,
    /// Sets held in the period.
    pub sets: u64,
    /// Cases analysed.
    pub cases: Count,
}

/// Money per forwarding (from the plan's evaluation).
///
/// ```
/// use kim_core::reporting::{report, ReportPeriod};
/// let r = report(Some(&kim_core::Plan::example()), None, &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
/// let money = r.money.unwrap();
/// assert_eq!(money.forwardings[0].reimbursed.to_string(), "82500.00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MoneyRow {
    /// Where in the plan (`forwardings[0]`).
    pub path: String,
    /// Recipient.
    pub recipient: Party,
    /// Baustein.
    pub baustein: Baustein,
    /// VZÄ forwarded.
    pub fte: Fte,
    /// Reimbursed from state money.
    pub reimbursed: Euro,
    /// Voluntary top-up.
    pub top_up: Euro,
    /// Eigenanteil of the recipient, where actual cost is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_share: Option<Euro>,
}

/// Money: the totals and one row per forwarding.
///
/// ```
/// use kim_core::reporting::{report, ReportPeriod};
/// let r = report(Some(&kim_core::Plan::example()), None, &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
/// assert_eq!(r.money.unwrap().totals.forwarded.to_string(), "152500.00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// Totals.
    pub totals: Totals,
    /// Per forwarding (chains flattened, in document order).
    pub forwardings: Vec<MoneyRow>,
}

/// A report (`kim.report.v1`): named tables of typed rows.
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// use kim_core::reporting::{report, ReportPeriod};
/// let cases = kreis_year(7, &SyntheticOptions::default());
/// let r = report(None, Some(&cases), &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
/// assert_eq!((r.schema_version.as_str(), r.suppress_below), ("kim.report.v1", 3));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Always `kim.report.v1`.
    #[cfg_attr(feature = "ts", tsify(type = "\"kim.report.v1\""))]
    #[cfg_attr(feature = "schema", schemars(extend("const" = "kim.report.v1")))]
    pub schema_version: String,
    /// The period.
    pub period: ReportPeriod,
    /// Small-cell threshold k used.
    pub suppress_below: u32,
    /// Consultations per month, Kommune and kind.
    pub consultations: Vec<ConsultationRow>,
    /// Case flow per quarter.
    pub case_flow: Vec<CaseFlowRow>,
    /// Closures per quarter and reason.
    pub closed_by_reason: Vec<ReasonRow>,
    /// Cases per state at the end of the period.
    pub cases_by_state: Vec<StateRow>,
    /// Cases per topic (a topic active on some day of the period).
    pub cases_by_topic: Vec<CodeRow>,
    /// Cases per Rechtskreis (active on some day of the period).
    pub cases_by_rechtskreis: Vec<CodeRow>,
    /// Cases per Kommune.
    pub cases_by_kommune: Vec<KommuneRow>,
    /// Cases per Treppenmodell level.
    pub treppe: Vec<TreppeRow>,
    /// Median durations.
    pub durations: Vec<DurationRow>,
    /// Generative topics: flagged in at least `generative_min_cases` cases in the period
    /// (counts only, never case ids).
    pub generative_topics: Vec<CodeRow>,
    /// Fallrekonstruktionen.
    pub fallrekonstruktionen: Vec<FallrekonstruktionRow>,
    /// Staffing from the plan (funded vs filled per Baustein and employer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staffing: Option<Staffing>,
    /// Money from the plan's evaluation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub money: Option<Money>,
    /// Events rejected by the replay (not counted in the tables).
    pub rejected_events: u64,
    /// Notes: problems that affect the report (plan violations, rejected events).
    pub notes: Vec<Violation>,
}

/// Reports over `period` from a plan (staffing, money), case data (the tables of cases), or
/// both, with the default parameter table. Case data comes from `cases` or else the plan's
/// inline `cases`; a plan that only names a `cases_file` needs the loaded document
/// (`KIM-C026`).
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// use kim_core::reporting::{report, ReportPeriod};
/// let cases = kreis_year(7, &SyntheticOptions::default());
/// let r = report(None, Some(&cases), &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
/// assert!(r.staffing.is_none() && r.money.is_none()); // no plan: case tables only
/// ```
pub fn report(
    plan: Option<&Plan>,
    cases: Option<&CasesDocument>,
    period: &ReportPeriod,
) -> Result<Report> {
    report_with(plan, cases, period, &Params::default())
}

/// [`report`] with a parameter table.
///
/// ```
/// use kim_core::reporting::{report_with, ReportPeriod};
/// let r = report_with(Some(&kim_core::Plan::example()), None, &"2023".parse::<ReportPeriod>().unwrap(), kim_core::Params::embedded()).unwrap();
/// assert!(r.staffing.is_some());
/// ```
pub fn report_with(
    plan: Option<&Plan>,
    cases: Option<&CasesDocument>,
    period: &ReportPeriod,
    params: &Params,
) -> Result<Report> {
    let cases = match (cases, plan) {
        (Some(c), _) => Some(c),
        (None, Some(p)) => match (&p.cases, &p.cases_file) {
            (Some(c), _) => Some(c),
            (None, Some(file)) => {
                return Err(Violation::new(Code::C026, "cases_file")
                    .with("file", file.clone())
                    .into());
            }
            (None, None) => None,
        },
        (None, None) => None,
    };
    let default_doc = CasesDocument::default();
    let doc = cases.unwrap_or(&default_doc);
    let k = doc.config.suppress_below;
    let replayed = replay_document(doc);
    let mut notes: Vec<Violation> = replayed
        .violations
        .iter()
        .filter(|v| v.is_error())
        .cloned()
        .map(|v| v.under("cases"))
        .collect();
    let rejected_events = replayed
        .cases
        .iter()
        .flat_map(|c| &c.timeline)
        .filter(|t| t.outcome == Outcome::Rejected)
        .count() as u64;
    let views: Vec<View<'_>> = replayed.cases.iter().map(View::new).collect();
    let mut first_contact: HashMap<&str, NaiveDate> = HashMap::new();
    for c in &doc.consultations {
        if let Some(id) = &c.case_id {
            let e = first_contact.entry(id.as_str()).or_insert(c.date);
            *e = (*e).min(c.date);
        }
    }
    let label = |list: ListKind, code: &str| {
        (
            doc.config.label_de(list, code),
            doc.config.label_en(list, code),
        )
    };

    // consultations
    let mut cons: BTreeMap<(String, String, ConsultationKind), (u64, u64)> = BTreeMap::new();
    for c in doc.consultations.iter().filter(|c| period.contains(c.date)) {
        let key = (
            format!("{}-{:02}", c.date.year(), c.date.month()),
            c.kommune.clone(),
            c.kind,
        );
        let e = cons.entry(key).or_insert((0, 0));
        e.0 = e.0.saturating_add(1);
        e.1 = e.1.saturating_add(u64::from(c.persons));
    }
    let consultations = cons
        .into_iter()
        .map(|((month, kommune, kind), (n, p))| ConsultationRow {
            month,
            kommune,
            kind,
            consultations: Count::of(n, k),
            persons: Count::of(p, k),
        })
        .collect();

    // case flow and closures per quarter
    let mut case_flow = Vec::new();
    let mut closed_by_reason = Vec::new();
    for q in period.quarters() {
        let count =
            |f: &dyn Fn(&View<'_>) -> u64| views.iter().map(f).fold(0u64, u64::saturating_add);
        case_flow.push(CaseFlowRow {
            quarter: q.label.clone(),
            opened: Count::of(
                count(&|v| u64::from(v.r.opened.is_some_and(|d| q.contains(d)))),
                k,
            ),
            admitted: Count::of(
                count(&|v| u64::from(v.r.admitted.is_some_and(|d| q.contains(d)))),
                k,
            ),
            closed: Count::of(
                count(&|v| v.r.closures.iter().filter(|c| q.contains(c.date)).count() as u64),
                k,
            ),
            open_at_end: Count::of(
                count(&|v| u64::from(v.state_at(q.to).is_some_and(CaseState::is_open))),
                k,
            ),
        });
        let mut reasons: BTreeMap<&str, u64> = BTreeMap::new();
        for v in &views {
            for c in v.r.closures.iter().filter(|c| q.contains(c.date)) {
                let e = reasons.entry(c.reason.as_str()).or_insert(0);
                *e = e.saturating_add(1);
            }
        }
        for (reason, n) in reasons {
            closed_by_reason.push(ReasonRow {
                quarter: q.label.clone(),
                reason: reason.to_owned(),
                label_de: label(ListKind::ClosingReason, reason).0,
                label_en: label(ListKind::ClosingReason, reason).1,
                cases: Count::of(n, k),
            });
        }
    }

    // states at the end
    let mut states: BTreeMap<CaseState, u64> = BTreeMap::new();
    for v in &views {
        if let Some(s) = v.state_at(period.to) {
            let e = states.entry(s).or_insert(0);
            *e = e.saturating_add(1);
        }
    }
    let cases_by_state = states
        .into_iter()
        .map(|(state, n)| StateRow {
            state,
            cases: Count::of(n, k),
        })
        .collect();

    // topics and Rechtskreise active in the period
    let spans = |pick: &dyn Fn(&CaseRecord) -> &Vec<crate::cases::Span>, list: ListKind| {
        let mut m: BTreeMap<&str, u64> = BTreeMap::new();
        for v in &views {
            let mut seen: Vec<&str> = Vec::new();
            for s in pick(v.r) {
                // the span within the period, and the case open on one of its days
                let from = s.from.max(period.from);
                let to = s.to.map_or(period.to, |t| t.min(period.to));
                if from <= to && v.open_between(from, to) && !seen.contains(&s.code.as_str()) {
                    seen.push(s.code.as_str());
                    let e = m.entry(s.code.as_str()).or_insert(0);
                    *e = e.saturating_add(1);
                }
            }
        }
        m.into_iter()
            .map(|(code, n)| {
                let (de, en) = label(list, code);
                CodeRow {
                    code: code.to_owned(),
                    label_de: de,
                    label_en: en,
                    cases: Count::of(n, k),
                }
            })
            .collect::<Vec<_>>()
    };
    let cases_by_topic = spans(&|r| &r.topics, ListKind::Topic);
    let cases_by_rechtskreis = spans(&|r| &r.rechtskreise, ListKind::Rechtskreis);

    // Kommunen
    let mut kom: BTreeMap<&str, (u64, u64, u64)> = BTreeMap::new();
    for v in &views {
        let Some(name) = v.r.kommune.as_deref() else {
            continue;
        };
        let e = kom.entry(name).or_insert((0, 0, 0));
        e.0 = e.0.saturating_add(u64::from(v.active_in(period)));
        e.1 =
            e.1.saturating_add(u64::from(v.r.admitted.is_some_and(|d| period.contains(d))));
        e.2 = e.2.saturating_add(
            v.r.closures
                .iter()
                .filter(|c| period.contains(c.date))
                .count() as u64,
        );
    }
    let cases_by_kommune = kom
        .into_iter()
        .filter(|(_, (a, ad, cl))| *a > 0 || *ad > 0 || *cl > 0)
        .map(|(kommune, (a, ad, cl))| KommuneRow {
            kommune: kommune.to_owned(),
            active: Count::of(a, k),
            admitted: Count::of(ad, k),
            closed: Count::of(cl, k),
        })
        .collect();

    // Treppenmodell: latest level by the end, among cases active in the period
    let mut levels: BTreeMap<u8, u64> = BTreeMap::new();
    for v in views.iter().filter(|v| v.active_in(period)) {
        if let Some(m) = v.r.treppe.iter().rfind(|m| m.date <= period.to) {
            let e = levels.entry(m.value).or_insert(0);
            *e = e.saturating_add(1);
        }
    }
    let treppe = levels
        .into_iter()
        .map(|(level, n)| TreppeRow {
            level,
            label: doc.config.treppe_label(level),
            cases: Count::of(n, k),
        })
        .collect();

    // durations
    let mut to_admission = Vec::new();
    let mut to_closure = Vec::new();
    for v in &views {
        if let Some(adm) = v.r.admitted.filter(|d| period.contains(*d)) {
            let first = [v.r.opened, first_contact.get(v.r.id.as_str()).copied()]
                .into_iter()
                .flatten()
                .min();
            if let Some(f) = first {
                to_admission.push(adm.signed_duration_since(f).num_days());
            }
        }
        if let (Some(adm), Some(c)) = (
            v.r.admitted,
            v.r.closures.iter().rfind(|c| period.contains(c.date)),
        ) && c.date >= adm
        {
            to_closure.push(c.date.signed_duration_since(adm).num_days());
        }
    }
    let durations = vec![
        duration("first_contact_to_admission", to_admission, k),
        duration("admission_to_closure", to_closure, k),
    ];

    // generative topics
    let mut flagged: BTreeMap<&str, u64> = BTreeMap::new();
    for v in &views {
        let mut seen: Vec<&str> = Vec::new();
        for f in v.r.flags.iter().filter(|f| period.contains(f.date)) {
            if !seen.contains(&f.value.as_str()) {
                seen.push(f.value.as_str());
                let e = flagged.entry(f.value.as_str()).or_insert(0);
                *e = e.saturating_add(1);
            }
        }
    }
    let min = u64::from(doc.config.generative_min_cases);
    let mut generative_topics: Vec<CodeRow> = flagged
        .into_iter()
        .filter(|(_, n)| *n >= min)
        .map(|(code, n)| {
            let (de, en) = label(ListKind::Topic, code);
            CodeRow {
                code: code.to_owned(),
                label_de: de,
                label_en: en,
                cases: Count::of(n, k),
            }
        })
        .collect();
    crate::order::sort_by_key(&mut generative_topics, |r| {
        std::cmp::Reverse(r.cases.exact())
    });

    // Fallrekonstruktionen
    let mut fr: BTreeMap<i32, (u64, u64)> = BTreeMap::new();
    for f in doc
        .fallrekonstruktionen
        .iter()
        .filter(|f| period.contains(f.date))
    {
        let e = fr.entry(f.date.year()).or_insert((0, 0));
        e.0 = e.0.saturating_add(1);
        e.1 = e.1.saturating_add(f.cases.len() as u64);
    }
    let fallrekonstruktionen = fr
        .into_iter()
        .map(|(year, (sets, n))| FallrekonstruktionRow {
            year,
            sets,
            cases: Count::of(n, k),
        })
        .collect();

    // staffing and money from the plan
    let (staffing, money) = match plan {
        Some(p) => {
            let ev = evaluate(p, params, &EvalOptions::default())?;
            notes.extend(ev.violations.iter().cloned());
            let money = ev.totals.clone().map(|totals| {
                let mut rows = Vec::new();
                flatten(&ev.forwardings, &mut rows);
                Money {
                    totals,
                    forwardings: rows,
                }
            });
            (ev.staffing.clone(), money)
        }
        None => (None, None),
    };
    if rejected_events > 0 {
        notes.push(
            Violation::new(Code::C030, "cases.events").with("count", rejected_events.to_string()),
        );
    }
    Ok(Report {
        schema_version: REPORT_SCHEMA.to_owned(),
        period: period.clone(),
        suppress_below: k,
        consultations,
        case_flow,
        closed_by_reason,
        cases_by_state,
        cases_by_topic,
        cases_by_rechtskreis,
        cases_by_kommune,
        treppe,
        durations,
        generative_topics,
        fallrekonstruktionen,
        staffing,
        money,
        rejected_events,
        notes,
    })
}

fn flatten(list: &[ForwardingResult], out: &mut Vec<MoneyRow>) {
    for f in list {
        out.push(MoneyRow {
            path: f.path.clone(),
            recipient: f.to.clone(),
            baustein: f.baustein,
            fte: f.fte,
            reimbursed: f.reimbursed,
            top_up: f.top_up,
            own_share: f.own_share,
        });
        flatten(&f.onward, out);
    }
}

fn duration(measure: &str, mut days: Vec<i64>, k: u32) -> DurationRow {
    let n = days.len() as u64;
    let cases = Count::of(n, k);
    crate::order::sort(&mut days);
    let mid = days.len() / 2;
    let median = if days.is_empty() || cases.exact().is_none() {
        None
    } else if days.len() % 2 == 1 {
        days.get(mid).map(|&d| Decimal::from(d))
    } else {
        match (mid.checked_sub(1).and_then(|i| days.get(i)), days.get(mid)) {
            (Some(&a), Some(&b)) => Decimal::from(a)
                .checked_add(Decimal::from(b))
                .and_then(|s| s.checked_div(Decimal::TWO))
                .map(|d| d.normalize()),
            _ => None,
        }
    };
    DurationRow {
        measure: measure.to_owned(),
        cases,
        median_days: median,
    }
}

/// A replayed case with its applied transitions, for date queries.
struct View<'a> {
    r: &'a CaseRecord,
    /// (effective, state after) of applied events, in valid-time order.
    states: Vec<(NaiveDate, Option<CaseState>)>,
}

impl<'a> View<'a> {
    fn new(c: &'a ReplayReport) -> Self {
        View {
            r: &c.record,
            states: c
                .timeline
                .iter()
                .filter(|t| t.outcome == Outcome::Applied)
                .map(|t| (t.effective, t.to))
                .collect(),
        }
    }

    /// State at the end of `day`.
    fn state_at(&self, day: NaiveDate) -> Option<CaseState> {
        self.states
            .iter()
            .take_while(|(d, _)| *d <= day)
            .last()
            .and_then(|(_, s)| *s)
    }

    /// Open on some day of the period?
    fn active_in(&self, p: &ReportPeriod) -> bool {
        self.open_between(p.from, p.to)
    }

    /// Open on some day from `from` to `to`: open when the first day began, or open after
    /// an event on one of the days.
    fn open_between(&self, from: NaiveDate, to: NaiveDate) -> bool {
        let start_open = from
            .pred_opt()
            .and_then(|d| self.state_at(d))
            .is_some_and(CaseState::is_open);
        start_open
            || self
                .states
                .iter()
                .any(|(d, s)| *d >= from && *d <= to && s.is_some_and(|s| s.is_open()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_split_into_quarters_and_months() {
        let p: ReportPeriod = "2023-Q2".parse().unwrap();
        assert_eq!(
            (p.from, p.to),
            (ymd(2023, 4, 1).unwrap(), ymd(2023, 6, 30).unwrap())
        );
        let months: Vec<String> = p.months().into_iter().map(|m| m.label).collect();
        assert_eq!(months, ["2023-04", "2023-05", "2023-06"]);
        let custom: ReportPeriod = "2023-02-15..2023-07-10".parse().unwrap();
        let q: Vec<(String, NaiveDate, NaiveDate)> = custom
            .quarters()
            .into_iter()
            .map(|q| (q.label, q.from, q.to))
            .collect();
        assert_eq!(q.len(), 3);
        assert_eq!(
            q[0],
            (
                "2023-Q1".into(),
                ymd(2023, 2, 15).unwrap(),
                ymd(2023, 3, 31).unwrap()
            )
        );
        assert_eq!(
            q[2],
            (
                "2023-Q3".into(),
                ymd(2023, 7, 1).unwrap(),
                ymd(2023, 7, 10).unwrap()
            )
        );
        let century: ReportPeriod = "2000-01-01..2100-12-31".parse().unwrap();
        assert_eq!(century.months().len(), 101 * 12);
        let feb: ReportPeriod = "2024-02".parse().unwrap();
        assert_eq!(feb.to, ymd(2024, 2, 29).unwrap());
        assert_eq!(
            "2023".parse::<ReportPeriod>().unwrap().to,
            ymd(2023, 12, 31).unwrap()
        );
        for bad in [
            "2023-Q5",
            "23",
            "2023-13",
            "2023-1",
            "2023-06-30..2023-01-01",
            "Q2",
            "1600-01-01..2023-12-31",
        ] {
            let e = bad.parse::<ReportPeriod>().unwrap_err();
            assert_eq!(e.code(), Code::C025, "{bad}");
        }
    }

    #[test]
    fn small_counts_are_suppressed_and_read_back() {
        assert_eq!(Count::of(0, 3), Count::Exact(0));
        assert_eq!(Count::of(2, 3), Count::Suppressed(3));
        assert_eq!(Count::of(3, 3), Count::Exact(3));
        assert_eq!(Count::of(1, 1), Count::Exact(1));
        assert_eq!(serde_json::to_string(&Count::of(2, 3)).unwrap(), "\"<3\"");
        let back: Count = serde_json::from_str("\"<5\"").unwrap();
        assert_eq!(back, Count::Suppressed(5));
        assert!(serde_json::from_str::<Count>("\"x\"").is_err());
    }

    #[test]
    fn medians_of_even_counts_are_exact_halves() {
        let r = duration("m", vec![10, 3, 4, 7], 3);
        assert_eq!(r.median_days, Some(Decimal::new(55, 1)));
        assert_eq!(duration("m", vec![1, 2], 3).median_days, None); // suppressed
        assert_eq!(
            duration("m", vec![5, 1, 9], 3).median_days,
            Some(Decimal::from(5))
        );
    }
}
