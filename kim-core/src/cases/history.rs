//! Bitemporal replay of a case history, and [`Case`] for applying events one at a time.
//!
//! Events come in recorded order. The state is the result of applying the accepted events in
//! valid-time order (`effective`, then recorded order on the same day), so a backdated event
//! is accepted when the history stays consistent with it in place. Superseded events drop out;
//! a `void` event drops its target without replacing it.

use super::codes::{CaseState, EventType, REVOKED_REASON};
use super::config::CaseConfig;
use super::event::{CaseEvent, check_event, is_cm_consent, is_pseudonym};
use super::table::transition;
use crate::error::{Error, Result};
use crate::validate::{Code, Severity, Violation};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A consent record: purpose, given, revoked.
///
/// ```
/// use chrono::NaiveDate;
/// use kim_core::cases::{replay, CaseEvent, EventType};
/// let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
/// let ev = |id: &str, e, m, d| CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01");
/// let events = vec![
///     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
///     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
///     ev("e3", EventType::Admit, 2, 8),
///     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
/// ];
/// let report = replay(&events);
/// let consent = &report.record.consents[0];
/// assert_eq!((consent.purpose.as_str(), consent.revoked), ("fallmanagement", None));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsentRecord {
    /// Purpose code.
    pub purpose: String,
    /// Day it was given.
    #[serde(with = "crate::period::date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub given: NaiveDate,
    /// Day it was revoked.
    #[serde(
        default,
        with = "crate::period::date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub revoked: Option<NaiveDate>,
}

/// A dated code (a topic or Rechtskreis from `from` to `to`, open when `to` is absent).
///
/// ```
/// use chrono::NaiveDate;
/// use kim_core::cases::{replay, CaseEvent, EventType};
/// let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
/// let ev = |id: &str, e, m, d| CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01");
/// let events = vec![
///     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
///     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
///     ev("e3", EventType::Admit, 2, 8),
///     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
/// ];
/// let report = replay(&events);
/// let topic = &report.record.topics[0];
/// assert_eq!((topic.code.as_str(), topic.to), ("WOHNEN", None)); // open
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// The code.
    pub code: String,
    /// First day.
    #[serde(with = "crate::period::date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub from: NaiveDate,
    /// Last day (absent: still active).
    #[serde(
        default,
        with = "crate::period::date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub to: Option<NaiveDate>,
}

/// A dated mark: a topic flagged as generative, or a Treppenmodell level.
///
/// ```
/// use chrono::NaiveDate;
/// use kim_core::cases::{replay, CaseEvent, EventType};
/// let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
/// let ev = |id: &str, e, m, d| CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01");
/// let events = vec![
///     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
///     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
///     ev("e3", EventType::Admit, 2, 8),
///     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
/// ];
/// let report = replay(&events);
/// assert!(report.record.treppe.is_empty() && report.record.flags.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Mark<T> {
    /// The topic code or level.
    pub value: T,
    /// Day.
    #[serde(with = "crate::period::date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub date: NaiveDate,
}

/// How a case was closed.
///
/// Its TypeScript declaration is written by hand in `kim_core::ts` (feature `ts`): the code
/// of tsify's derive imports wasm-bindgen's prelude, whose `Closure` would shadow this type.
///
/// ```
/// use chrono::NaiveDate;
/// use kim_core::cases::{replay, CaseEvent, EventType};
/// let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
/// let ev = |id: &str, e, m, d| CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01");
/// let events = vec![
///     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
///     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
///     ev("e3", EventType::Admit, 2, 8),
///     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
/// ];
/// let report = replay(&events);
/// assert!(report.record.closures.is_empty()); // not closed
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Closure {
    /// Day of closing.
    #[serde(with = "crate::period::date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub date: NaiveDate,
    /// Closing reason code.
    pub reason: String,
}

/// Facts recorded at admission for the target-group check (erased when consent is revoked).
///
/// ```
/// use chrono::NaiveDate;
/// use kim_core::cases::{replay, CaseEvent, EventType};
/// let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
/// let ev = |id: &str, e, m, d| CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01");
/// let events = vec![
///     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
///     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
///     ev("e3", EventType::Admit, 2, 8),
///     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
/// ];
/// let report = replay(&events);
/// assert!(report.record.admission.is_some());
/// ```
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AdmissionFacts {
    /// Residence status code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Arrival.
    #[serde(
        default,
        with = "crate::period::date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub arrival: Option<NaiveDate>,
    /// Age in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    /// Already in another Fallmanagement?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_fallmanagement: Option<bool>,
}

/// Shows whether facts are present, never their values.
impl std::fmt::Debug for AdmissionFacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AdmissionFacts { .. }")
    }
}

/// The state of one case after its events (pseudonymous: ids, codes and dates only).
///
/// ```
/// use chrono::NaiveDate;
/// use kim_core::cases::{replay, CaseEvent, EventType};
/// let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
/// let ev = |id: &str, e, m, d| CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01");
/// let events = vec![
///     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
///     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
///     ev("e3", EventType::Admit, 2, 8),
///     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
/// ];
/// let report = replay(&events);
/// let r = &report.record;
/// assert_eq!((r.id.as_str(), r.kommune.as_deref(), r.admitted), ("c-0001", Some("Heinsberg"), Some(day(2, 8))));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseRecord {
    /// Case id.
    pub id: String,
    /// Current state (absent before the case is opened).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<CaseState>,
    /// Kommune.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommune: Option<String>,
    /// Day the case was opened (first contact).
    #[serde(
        default,
        with = "crate::period::date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub opened: Option<NaiveDate>,
    /// Day of the first admission to case management.
    #[serde(
        default,
        with = "crate::period::date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub admitted: Option<NaiveDate>,
    /// Every closure, in valid-time order (more than one after a reopen).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closures: Vec<Closure>,
    /// The state a paused case resumes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_from: Option<CaseState>,
    /// Consents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consents: Vec<ConsentRecord>,
    /// Handlungsfelder with their dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Span>,
    /// Topics flagged as generative, with dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<Mark<String>>,
    /// Rechtskreise with their dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rechtskreise: Vec<Span>,
    /// Treppenmodell levels with their dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub treppe: Vec<Mark<u8>>,
    /// Facts recorded at admission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admission: Option<AdmissionFacts>,
    /// True after the case-management consent was revoked: topics, Rechtskreise, Treppenmodell
    /// and admission facts are erased; only what anonymous counts need is kept.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub erased: bool,
}

impl CaseRecord {
    /// A case not yet opened.
    ///
    /// ```
    /// let r = kim_core::cases::CaseRecord::new("c-0001");
    /// assert!(r.state.is_none() && r.opened.is_none());
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        CaseRecord {
            id: id.into(),
            state: None,
            kommune: None,
            opened: None,
            admitted: None,
            closures: Vec::new(),
            paused_from: None,
            consents: Vec::new(),
            topics: Vec::new(),
            flags: Vec::new(),
            rechtskreise: Vec::new(),
            treppe: Vec::new(),
            admission: None,
            erased: false,
        }
    }

    /// The last closure, if the case is closed now.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use kim_core::cases::{replay, CaseEvent, EventType};
    /// let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
    /// let ev = |id: &str, e, m, d| CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01");
    /// let events = vec![
    ///     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
    ///     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
    ///     ev("e3", EventType::Admit, 2, 8),
    ///     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
    /// ];
    /// let report = replay(&events);
    /// assert!(report.record.closed().is_none());
    /// ```
    pub fn closed(&self) -> Option<&Closure> {
        match self.state {
            Some(CaseState::Abgeschlossen) => self.closures.last(),
            _ => None,
        }
    }

    /// Is there a consent for `purpose` given on or before `day` and not revoked by then?
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use kim_core::cases::{replay, CaseEvent, EventType};
    /// let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
    /// let ev = |id: &str, e, m, d| CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01");
    /// let events = vec![
    ///     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
    ///     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
    ///     ev("e3", EventType::Admit, 2, 8),
    ///     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
    /// ];
    /// let report = replay(&events);
    /// assert!(report.record.has_consent("fallmanagement", day(3, 1)));
    /// assert!(!report.record.has_consent("fallmanagement", day(2, 1))); // not yet given
    /// ```
    pub fn has_consent(&self, purpose: &str, day: NaiveDate) -> bool {
        self.consents
            .iter()
            .any(|c| c.purpose == purpose && c.given <= day && c.revoked.is_none_or(|r| r > day))
    }

    fn current_rechtskreis(&self) -> Option<&Span> {
        self.rechtskreise.iter().rev().find(|s| s.to.is_none())
    }

    fn erase(&mut self) {
        self.topics.clear();
        self.flags.clear();
        self.rechtskreise.clear();
        self.treppe.clear();
        self.admission = None;
        self.erased = true;
    }
}

/// What happened to an event in the replay.
///
/// ```
/// use chrono::NaiveDate;
/// use kim_core::cases::{replay, CaseEvent, EventType};
/// let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
/// let ev = |id: &str, e, m, d| CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01");
/// let events = vec![
///     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
///     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
///     ev("e3", EventType::Admit, 2, 8),
///     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
/// ];
/// let report = replay(&events);
/// assert!(report.timeline.iter().all(|t| t.outcome == kim_core::cases::Outcome::Applied));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Applied.
    Applied,
    /// Rejected: see the violations with its index.
    Rejected,
    /// Replaced by a later correction.
    Superseded,
    /// A `void` correction (applied by dropping its target).
    Voided,
}

/// One line of a case's timeline (valid-time order).
///
/// ```
/// use chrono::NaiveDate;
/// use kim_core::cases::{replay, CaseEvent, EventType};
/// let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
/// let ev = |id: &str, e, m, d| CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01");
/// let events = vec![
///     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
///     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
///     ev("e3", EventType::Admit, 2, 8),
///     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
/// ];
/// let report = replay(&events);
/// let admit = &report.timeline[2];
/// assert_eq!((admit.event, admit.to), (EventType::Admit, Some(kim_core::cases::CaseState::Aufgenommen)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    /// Position of the event in the input (recorded order).
    pub index: usize,
    /// Event type.
    pub event: EventType,
    /// Valid time.
    #[serde(with = "crate::period::date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub effective: NaiveDate,
    /// State before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<CaseState>,
    /// State after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<CaseState>,
    /// What happened to it.
    pub outcome: Outcome,
}

/// A violation found at an event: its position in the input and the violation.
///
/// ```
/// use kim_core::cases::{replay, CaseEvent, EventType};
/// let day = chrono::NaiveDate::from_ymd_opt(2023, 2, 1).unwrap();
/// let admit = CaseEvent::new("e1", "c-0001", EventType::Admit, day, day.and_hms_opt(9, 0, 0).unwrap(), "s-01");
/// let report = replay(&[admit]); // admitted before it was opened
/// assert_eq!(report.violations[0].index, 0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EventViolation {
    /// Position of the event in the input (recorded order).
    pub index: usize,
    /// The violation (path `events[index]…`).
    #[serde(flatten)]
    pub violation: Violation,
}

/// The result of [`replay`].
///
/// ```
/// use chrono::NaiveDate;
/// use kim_core::cases::{replay, CaseEvent, EventType};
/// let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
/// let ev = |id: &str, e, m, d| CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01");
/// let events = vec![
///     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
///     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
///     ev("e3", EventType::Admit, 2, 8),
///     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
/// ];
/// let report = replay(&events);
/// assert_eq!((report.case.as_str(), report.timeline.len()), ("c-0001", 4));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReplayReport {
    /// Case id (of the first event).
    pub case: String,
    /// State after the accepted events (absent if the case was never opened).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_state: Option<CaseState>,
    /// The case after the accepted events.
    pub record: CaseRecord,
    /// Every event in valid-time order with the state before and after.
    pub timeline: Vec<TimelineEntry>,
    /// Every problem, with the index of its event; errors mean the event was rejected.
    pub violations: Vec<EventViolation>,
}

impl ReplayReport {
    /// Were all events accepted without errors?
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use kim_core::cases::{replay, CaseEvent, EventType};
    /// let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
    /// let ev = |id: &str, e, m, d| CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01");
    /// let events = vec![
    ///     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
    ///     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
    ///     ev("e3", EventType::Admit, 2, 8),
    ///     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
    /// ];
    /// let report = replay(&events);
    /// assert!(report.is_valid());
    /// ```
    pub fn is_valid(&self) -> bool {
        !self.violations.iter().any(|v| v.violation.is_error())
    }

    /// Only the errors.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use kim_core::cases::{replay, CaseEvent, EventType};
    /// let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
    /// let ev = |id: &str, e, m, d| CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01");
    /// let events = vec![
    ///     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
    ///     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
    ///     ev("e3", EventType::Admit, 2, 8),
    ///     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
    /// ];
    /// let report = replay(&events);
    /// assert_eq!(report.errors().count(), 0);
    /// ```
    pub fn errors(&self) -> impl Iterator<Item = &EventViolation> {
        self.violations.iter().filter(|v| v.violation.is_error())
    }
}

/// Replays one case's events (in recorded order) with the default configuration.
///
/// ```
/// use kim_core::cases::{replay, CaseEvent, CaseState, EventType};
/// use chrono::NaiveDate;
/// let d = |m, day| NaiveDate::from_ymd_opt(2023, m, day).unwrap();
/// let at = |m, day| d(m, day).and_hms_opt(9, 0, 0).unwrap();
/// let ev = |id: &str, e, m, day| CaseEvent::new(id, "c-17", e, d(m, day), at(m, day), "s-04");
/// let events = vec![
///     CaseEvent { kommune: Some("Erkelenz".into()), ..ev("e1", EventType::Open, 3, 1) },
///     ev("e2", EventType::FollowUp, 3, 8),
///     ev("e3", EventType::Admit, 3, 15), // no consent yet: rejected
/// ];
/// let report = replay(&events);
/// assert_eq!(report.final_state, Some(CaseState::Klaerung));
/// assert_eq!(report.violations[0].index, 2);
/// assert_eq!(report.violations[0].violation.code.as_str(), "KIM-C003");
/// ```
pub fn replay(events: &[CaseEvent]) -> ReplayReport {
    replay_with(events, &CaseConfig::default())
}

/// [`replay`] with a Kreis's configuration.
///
/// More than [`MAX_EVENTS_PER_CASE`] events for one case: nothing is replayed and the report
/// holds one `KIM-P015` at the first event beyond the limit (readers of documents refuse such
/// input before, see [`check_event_limit`]).
///
/// ```
/// use chrono::NaiveDate;
/// use kim_core::cases::{replay, CaseEvent, EventType};
/// let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
/// let ev = |id: &str, e, m, d| CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01");
/// let events = vec![
///     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
///     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
///     ev("e3", EventType::Admit, 2, 8),
///     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
/// ];
/// let report = replay(&events);
/// let same = kim_core::cases::replay_with(&events, &kim_core::cases::CaseConfig::default());
/// assert_eq!(same, report);
/// ```
pub fn replay_with(events: &[CaseEvent], config: &CaseConfig) -> ReplayReport {
    if let Some((index, n)) = first_beyond_limit(events) {
        return ReplayReport {
            violations: vec![EventViolation {
                index,
                violation: too_many_events(format!("events[{index}]"), n),
            }],
            ..replay_refs(&[], &[], config)
        };
    }
    let refs: Vec<&CaseEvent> = events.iter().collect();
    let positions: Vec<usize> = (0..events.len()).collect();
    replay_refs(&refs, &positions, config)
}

/// Most events one case may have (in a document, in a replay, in a [`Case`]): a case with
/// weekly events for twenty years has about a thousand. Beyond it: `KIM-P015`.
pub const MAX_EVENTS_PER_CASE: usize = 10_000;

fn too_many_events(path: String, count: usize) -> Violation {
    Violation::new(Code::P015, path)
        .with("size", count.to_string())
        .with("max", MAX_EVENTS_PER_CASE.to_string())
        .with("unit", "events of one case")
}

/// Checks [`MAX_EVENTS_PER_CASE`] over events of any number of cases: the first event beyond
/// the limit for its case, as `KIM-P015` with its path (`events[10000]`).
///
/// ```
/// use kim_core::cases::{check_event_limit, CaseEvent, EventType, MAX_EVENTS_PER_CASE};
/// use chrono::NaiveDate;
/// let day = NaiveDate::from_ymd_opt(2023, 2, 1).unwrap();
/// let ev = |i: usize| CaseEvent::new(&format!("e{i}"), "c-1", EventType::AddTopic, day, day.and_hms_opt(9, 0, 0).unwrap(), "s-1");
/// let events: Vec<CaseEvent> = (0..=MAX_EVENTS_PER_CASE).map(ev).collect();
/// assert!(check_event_limit(&events[..MAX_EVENTS_PER_CASE]).is_ok());
/// let v = check_event_limit(&events).unwrap_err();
/// assert_eq!((v.code.as_str(), v.path.as_str()), ("KIM-P015", "events[10000]"));
/// ```
pub fn check_event_limit(events: &[CaseEvent]) -> std::result::Result<(), Violation> {
    match first_beyond_limit(events) {
        Some((i, n)) => Err(too_many_events(format!("events[{i}]"), n)),
        None => Ok(()),
    }
}

/// The first event beyond [`MAX_EVENTS_PER_CASE`] for its case: its index and its count.
fn first_beyond_limit(events: &[CaseEvent]) -> Option<(usize, usize)> {
    if events.len() <= MAX_EVENTS_PER_CASE {
        return None;
    }
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    events.iter().enumerate().find_map(|(i, e)| {
        let n = counts.entry(e.case.as_str()).or_insert(0);
        *n = n.saturating_add(1);
        (*n > MAX_EVENTS_PER_CASE).then_some((i, *n))
    })
}

/// The checks of one event against the events recorded before it (ids, case, order), plus
/// the checks of the event on its own. `first` is the position of an earlier event with the
/// same id, `previous` the event recorded just before.
fn precheck(
    e: &CaseEvent,
    p: usize,
    case: &str,
    first: Option<usize>,
    previous: Option<&CaseEvent>,
    config: &CaseConfig,
) -> Vec<Violation> {
    let at = || format!("events[{p}]");
    let mut found = check_event(e, config, &at);
    if e.case != case {
        // a case id that is no pseudonym is not repeated (it gets KIM-C012 itself)
        let expected = if is_pseudonym(case) { case } else { "…" };
        found.push(
            Violation::new(Code::C007, format!("events[{p}].case")).with("expected", expected),
        );
    }
    if let Some(first) = first {
        found.push(
            Violation::new(Code::C023, format!("events[{p}].id"))
                .with("first", format!("events[{first}]")),
        );
    }
    if let Some(prev) = previous
        && e.recorded < prev.recorded
    {
        found.push(
            Violation::new(Code::C006, format!("events[{p}].recorded"))
                .with("recorded", e.recorded.to_string())
                .with("previous", prev.recorded.to_string()),
        );
    }
    found
}

/// Applies `order` (indices into `events`, valid-time order) to a fresh record; the first
/// rejection stops it with the event's index and the violation.
fn run(
    case: &str,
    events: &[&CaseEvent],
    order: &[usize],
    pos: &dyn Fn(usize) -> usize,
    config: &CaseConfig,
) -> std::result::Result<CaseRecord, (usize, Violation)> {
    let mut record = CaseRecord::new(case);
    for &k in order {
        if let Some(e) = events.get(k) {
            step(&mut record, e, config, pos(k)).map_err(|v| (k, v))?;
        }
    }
    Ok(record)
}

/// Replays events given by reference, reporting each at `positions[i]` (its index in a larger
/// document).
///
/// Events are taken in recorded order. One in valid-time order (not before the latest
/// accepted one) is applied at once; a backdated event or a correction is accepted only if
/// the accepted history, re-run in valid-time order with it in place, stays free of errors —
/// otherwise it is rejected (`KIM-C031` when it would break a later event), and the history
/// stays as it was.
pub(crate) fn replay_refs(
    events: &[&CaseEvent],
    positions: &[usize],
    config: &CaseConfig,
) -> ReplayReport {
    let n = events.len();
    let pos = |i: usize| positions.get(i).copied().unwrap_or(i);
    let case = events.first().map(|e| e.case.clone()).unwrap_or_default();
    // a case id that is no pseudonym (KIM-C012) is not repeated in the output either
    let shown = if is_pseudonym(&case) {
        case.clone()
    } else {
        "…".to_owned()
    };
    let mut violations: Vec<EventViolation> = Vec::new();
    let mut outcome = vec![Outcome::Rejected; n];
    let mut acc: Vec<usize> = Vec::with_capacity(n);
    let mut record = CaseRecord::new(shown.clone());
    let mut max_eff: Option<NaiveDate> = None;
    let mut timeline: Vec<TimelineEntry> = Vec::with_capacity(n);
    let mut warnings: Vec<EventViolation> = Vec::new();
    let mut slow = false;
    let mut last_seen: Option<NaiveDate> = None;
    let small = n <= 32;
    let hashes: Vec<u64> = if small {
        events.iter().map(|e| fingerprint(&e.id)).collect()
    } else {
        Vec::new()
    };
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, e) in events.iter().enumerate() {
        let p = pos(i);
        let earlier = |id: &str| {
            if small {
                // compare short fingerprints first: ids of one case lie apart in memory
                let h = fingerprint(id);
                hashes
                    .iter()
                    .take(i)
                    .zip(events.iter())
                    .position(|(&x, e)| x == h && e.id == id)
            } else {
                seen.get(id).copied()
            }
        };
        let first = earlier(&e.id).map(pos);
        let mut found = precheck(
            e,
            p,
            &case,
            first,
            i.checked_sub(1).and_then(|k| events.get(k)).copied(),
            config,
        );
        // a correction names an accepted earlier event
        let target = match &e.supersedes {
            Some(t) => match earlier(t) {
                Some(k) if outcome.get(k) == Some(&Outcome::Applied) => Some(k),
                _ => {
                    found.push(
                        Violation::new(Code::C013, format!("events[{p}].supersedes"))
                            .with("target", "…"),
                    );
                    None
                }
            },
            None => None,
        };
        if !small && first.is_none() {
            seen.insert(e.id.as_str(), i);
        }
        let rejected = found.iter().any(Violation::is_error);
        violations.extend(found.into_iter().map(|violation| EventViolation {
            index: p,
            violation,
        }));
        let before = record.state;
        if last_seen.is_some_and(|m| e.effective < m) {
            slow = true; // out of valid-time order: the timeline is rebuilt at the end
        }
        last_seen = last_seen.max(Some(e.effective));
        if rejected {
            timeline.push(entry(p, e, before, before, Outcome::Rejected));
            continue;
        }
        let in_order = target.is_none()
            && e.event != EventType::Void
            && max_eff.is_none_or(|m| e.effective >= m);
        if in_order {
            match step(&mut record, e, config, p) {
                Ok(w) => {
                    warnings.extend(w.into_iter().map(|violation| EventViolation {
                        index: p,
                        violation,
                    }));
                    acc.push(i);
                    max_eff = Some(e.effective);
                    if let Some(o) = outcome.get_mut(i) {
                        *o = Outcome::Applied;
                    }
                    timeline.push(entry(p, e, before, record.state, Outcome::Applied));
                }
                Err(violation) => {
                    violations.push(EventViolation {
                        index: p,
                        violation,
                    });
                    timeline.push(entry(p, e, before, before, Outcome::Rejected));
                }
            }
            continue;
        }
        // backdated or a correction: re-run the accepted history with it in place
        slow = true;
        let mut candidate: Vec<usize> =
            acc.iter().copied().filter(|&k| Some(k) != target).collect();
        if e.event != EventType::Void {
            let key = |k: usize| (events.get(k).map(|x| x.effective), k);
            let at = candidate.partition_point(|&k| key(k) < key(i));
            candidate.insert(at, i);
        }
        let pos_ref = &pos;
        match run(&shown, events, &candidate, pos_ref, config) {
            Ok(r) => {
                record = r;
                acc = candidate;
                max_eff = acc
                    .iter()
                    .filter_map(|&k| events.get(k))
                    .map(|x| x.effective)
                    .max();
                if let Some(o) = outcome.get_mut(i) {
                    *o = if e.event == EventType::Void {
                        Outcome::Voided
                    } else {
                        Outcome::Applied
                    };
                }
                if let Some(t) = target
                    && let Some(o) = outcome.get_mut(t)
                {
                    *o = Outcome::Superseded;
                }
            }
            Err((k, v)) if k == i => violations.push(EventViolation {
                index: p,
                violation: v,
            }),
            Err((k, v)) => violations.push(EventViolation {
                index: p,
                violation: Violation::new(Code::C031, format!("events[{p}]"))
                    .with_date("effective", e.effective)
                    .with("other", format!("events[{}]", pos(k)))
                    .with("other_code", v.code.as_str()),
            }),
        }
    }
    if slow {
        // the final history in valid-time order, with every event in its place
        let mut all: Vec<usize> = (0..n).collect();
        crate::order::sort_by_key(&mut all, |&k| (events.get(k).map(|x| x.effective), k));
        let mut r = CaseRecord::new(shown.clone());
        timeline.clear();
        warnings.clear();
        for k in all {
            let Some(e) = events.get(k) else { continue };
            let o = outcome.get(k).copied().unwrap_or(Outcome::Rejected);
            let before = r.state;
            if o == Outcome::Applied {
                // accepted events re-run without errors (checked when they were accepted)
                if let Ok(w) = step(&mut r, e, config, pos(k)) {
                    warnings.extend(w.into_iter().map(|violation| EventViolation {
                        index: pos(k),
                        violation,
                    }));
                }
            }
            timeline.push(entry(pos(k), e, before, r.state, o));
        }
        record = r;
    }
    violations.extend(warnings);
    crate::order::sort_by_key(&mut violations, |v| v.index);
    ReplayReport {
        case: shown,
        final_state: record.state,
        record,
        timeline,
        violations,
    }
}

/// FNV-1a over the bytes of an id: a cheap fingerprint for duplicate checks.
fn fingerprint(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn entry(
    index: usize,
    e: &CaseEvent,
    from: Option<CaseState>,
    to: Option<CaseState>,
    outcome: Outcome,
) -> TimelineEntry {
    TimelineEntry {
        index,
        event: e.event,
        effective: e.effective,
        from,
        to,
        outcome,
    }
}

/// Applies one event to a case in valid-time order: checks first, changes only when allowed.
/// Returns the warnings, or the violation that rejects the event.
fn step(
    record: &mut CaseRecord,
    e: &CaseEvent,
    config: &CaseConfig,
    p: usize,
) -> std::result::Result<Vec<Violation>, Violation> {
    let at = || format!("events[{p}]");
    let state = match (record.state, e.event) {
        (None, EventType::Open) => None,
        (None, _) => {
            return Err(Violation::new(Code::C001, at())
                .with("event", e.event.as_str())
                .with_date("effective", e.effective));
        }
        (Some(_), EventType::Open) => {
            return Err(Violation::new(Code::C008, at())
                .with_date("opened", record.opened.unwrap_or(e.effective)));
        }
        (Some(s), _) => Some(s),
    };
    let mut warnings = Vec::new();
    let not_allowed = |s: CaseState| {
        Violation::new(Code::C002, format!("events[{p}].event"))
            .with("event", e.event.as_str())
            .with("event_de", e.event.label_de())
            .with("state", s.as_str())
            .with("state_de", s.label_de())
    };
    // the transition table decides which (state, event) pairs are allowed
    let next = match state {
        None => Some(CaseState::Klaerung),
        Some(s) => match transition(
            s,
            e.event,
            record.paused_from,
            is_cm_consent(e.purpose.as_deref()),
        ) {
            Some(to) => Some(to),
            None if s == CaseState::Abgeschlossen && e.event == EventType::Close => {
                let closed = record.closures.last().map_or(e.effective, |c| c.date);
                return Err(Violation::new(Code::C004, at()).with_date("closed", closed));
            }
            None => return Err(not_allowed(s)),
        },
    };
    // event-specific checks, before anything changes
    match e.event {
        EventType::Admit => {
            if !record.has_consent(super::codes::CM_CONSENT, e.effective) {
                return Err(Violation::new(Code::C003, at()).with_date("effective", e.effective));
            }
            // a re-admission without facts is checked against those recorded before
            let given = AdmissionFacts {
                status: e.status.clone(),
                arrival: e.arrival,
                age: e.age,
                other_fallmanagement: e.other_fallmanagement,
            };
            let facts = match &record.admission {
                Some(old) if given == AdmissionFacts::default() => old.clone(),
                _ => given,
            };
            warnings.extend(eligibility(&facts, e.effective, config, p));
        }
        EventType::RevokeConsent => {
            let purpose = e.purpose.as_deref().unwrap_or_default();
            if !record.has_consent(purpose, e.effective) {
                return Err(Violation::new(Code::C024, format!("events[{p}].purpose"))
                    .with("purpose", purpose));
            }
        }
        EventType::Rechtskreiswechsel => {
            let from = e.from.as_deref().unwrap_or_default();
            let current = record.current_rechtskreis();
            if current.is_none_or(|c| c.code != from) {
                return Err(Violation::new(Code::C014, format!("events[{p}].from"))
                    .with("from", from)
                    .with(
                        "current",
                        current.map_or_else(|| "–".to_owned(), |c| c.code.clone()),
                    ));
            }
            let ended = e
                .from_ended
                .or_else(|| e.effective.pred_opt())
                .unwrap_or(e.effective);
            if let Some(c) = current
                && (ended >= e.effective || ended < c.from)
            {
                return Err(
                    Violation::new(Code::C032, format!("events[{p}].from_ended"))
                        .with("from", from)
                        .with_date("ended", ended)
                        .with_date("since", c.from)
                        .with_date("start", e.effective.pred_opt().unwrap_or(e.effective)),
                );
            }
        }
        EventType::SetRechtskreis => {
            if let Some(c) = record.current_rechtskreis() {
                return Err(
                    Violation::new(Code::C029, format!("events[{p}].rechtskreis"))
                        .with("current", c.code.clone())
                        .with_date("since", c.from),
                );
            }
        }
        _ => {}
    }
    // apply
    let day = e.effective;
    match e.event {
        EventType::Open => {
            record.opened = Some(day);
            record.kommune.clone_from(&e.kommune);
        }
        EventType::Consent => {
            let purpose = e.purpose.clone().unwrap_or_default();
            if !record.has_consent(&purpose, day) {
                record.consents.push(ConsentRecord {
                    purpose,
                    given: day,
                    revoked: None,
                });
            }
        }
        EventType::RevokeConsent => {
            let purpose = e.purpose.as_deref().unwrap_or_default();
            // leaving case management ends every consent given for the case
            let all = is_cm_consent(e.purpose.as_deref());
            for c in record
                .consents
                .iter_mut()
                .filter(|c| (all || c.purpose == purpose) && c.revoked.is_none())
            {
                c.revoked = Some(day);
            }
            if is_cm_consent(e.purpose.as_deref()) {
                // the details go; an open case is closed (a closed one stays closed)
                record.erase();
                if state.is_some_and(CaseState::is_open) {
                    record.closures.push(Closure {
                        date: day,
                        reason: REVOKED_REASON.to_owned(),
                    });
                    record.paused_from = None;
                }
            }
        }
        EventType::Admit => {
            if record.admitted.is_none() {
                record.admitted = Some(day);
            }
            let facts = AdmissionFacts {
                status: e.status.clone(),
                arrival: e.arrival,
                age: e.age,
                other_fallmanagement: e.other_fallmanagement,
            };
            // a re-admission without facts keeps those recorded before
            if record.admission.is_none() || facts != AdmissionFacts::default() {
                record.admission = Some(facts);
            }
        }
        EventType::Pause => record.paused_from = state,
        EventType::Resume => record.paused_from = None,
        EventType::Close => {
            record.paused_from = None;
            record.closures.push(Closure {
                date: day,
                reason: e.reason.clone().unwrap_or_default(),
            });
        }
        EventType::Reopen => record.paused_from = None,
        EventType::AddTopic | EventType::RemoveTopic => {
            let topic = e.topic.as_deref().unwrap_or_default();
            let active = record
                .topics
                .iter_mut()
                .rev()
                .find(|s| s.code == topic && s.to.is_none());
            match (e.event, active) {
                (EventType::AddTopic, None) => record.topics.push(Span {
                    code: topic.to_owned(),
                    from: day,
                    to: None,
                }),
                (EventType::RemoveTopic, Some(span)) => span.to = Some(day),
                _ => warnings.push(
                    Violation::new(Code::C028, format!("events[{p}].topic"))
                        .with("topic", topic)
                        .with(
                            "active",
                            if e.event == EventType::AddTopic {
                                "yes"
                            } else {
                                "no"
                            },
                        ),
                ),
            }
        }
        EventType::FlagTopic => record.flags.push(Mark {
            value: e.topic.clone().unwrap_or_default(),
            date: day,
        }),
        EventType::SetRechtskreis => record.rechtskreise.push(Span {
            code: e.rechtskreis.clone().unwrap_or_default(),
            from: day,
            to: None,
        }),
        EventType::Rechtskreiswechsel => {
            let ended = e
                .from_ended
                .unwrap_or_else(|| day.pred_opt().unwrap_or(day));
            if let Some(span) = record
                .rechtskreise
                .iter_mut()
                .rev()
                .find(|s| s.to.is_none())
            {
                span.to = Some(ended.max(span.from));
            }
            let gap = day
                .signed_duration_since(ended)
                .num_days()
                .saturating_sub(1);
            if gap > 0 {
                warnings.push(
                    Violation::new(Code::C015, format!("events[{p}].from_ended"))
                        .with("from", e.from.clone().unwrap_or_default())
                        .with("to", e.to.clone().unwrap_or_default())
                        .with_date("ended", ended)
                        .with_date("start", day)
                        .with("days", gap.to_string()),
                );
            }
            record.rechtskreise.push(Span {
                code: e.to.clone().unwrap_or_default(),
                from: day,
                to: None,
            });
        }
        EventType::SetTreppe => record.treppe.push(Mark {
            value: e.level.unwrap_or(1),
            date: day,
        }),
        _ => {}
    }
    record.state = next;
    Ok(warnings)
}

/// The target-group predicates at admission: one warning per predicate not met or not
/// checkable.
fn eligibility(
    e: &AdmissionFacts,
    effective: NaiveDate,
    config: &CaseConfig,
    p: usize,
) -> Vec<Violation> {
    let rules = &config.eligibility;
    let mut out = Vec::new();
    let warn = |what: &str, de: &str| {
        Violation::new(Code::C017, format!("events[{p}]"))
            .with("reason", what)
            .with("reason_de", de)
            .with_severity(Severity::Warning)
    };
    if !rules.statuses.is_empty() {
        match &e.status {
            None => out.push(warn(
                "residence status not recorded",
                "Aufenthaltsstatus nicht erfasst",
            )),
            Some(s) if !rules.statuses.contains(s) => out.push(warn(
                &format!("status {s} is not in the target group"),
                &format!("Status {s} gehört nicht zur Zielgruppe"),
            )),
            _ => {}
        }
    }
    if let Some(years) = rules.max_years_since_arrival {
        match e.arrival {
            None => out.push(warn("arrival not recorded", "Einreise nicht erfasst")),
            Some(a) => {
                let limit = years
                    .checked_mul(12)
                    .and_then(|m| a.checked_add_months(Months::new(m)));
                if limit.is_none_or(|l| l < effective) {
                    out.push(warn(
                        &format!("arrival more than {years} years before admission"),
                        &format!("Einreise mehr als {years} Jahre vor der Aufnahme"),
                    ));
                }
            }
        }
    }
    if rules.min_age.is_some() || rules.max_age.is_some() {
        match e.age {
            None => out.push(warn("age not recorded", "Alter nicht erfasst")),
            Some(age) => {
                if rules.min_age.is_some_and(|m| age < m) || rules.max_age.is_some_and(|m| age > m)
                {
                    let range = format!(
                        "{}–{}",
                        rules.min_age.map_or_else(String::new, |m| m.to_string()),
                        rules.max_age.map_or_else(String::new, |m| m.to_string())
                    );
                    out.push(warn(
                        &format!("age outside {range}"),
                        &format!("Alter außerhalb {range}"),
                    ));
                }
            }
        }
    }
    if rules.no_other_fallmanagement {
        match e.other_fallmanagement {
            None => out.push(warn(
                "other Fallmanagement not recorded",
                "Anderes Fallmanagement nicht erfasst",
            )),
            Some(true) => out.push(warn(
                "already in another Fallmanagement",
                "bereits in einem anderen Fallmanagement",
            )),
            Some(false) => {}
        }
    }
    out
}

/// One case, built event by event ([`Case::apply`]); the same rules as [`replay`].
///
/// ```
/// use kim_core::cases::{Case, CaseEvent, CaseState, EventType};
/// let day = chrono::NaiveDate::from_ymd_opt(2023, 2, 1).unwrap();
/// let mut case = Case::new("c-0001");
/// let open = CaseEvent { kommune: Some("Heinsberg".into()), ..CaseEvent::new("e1", "c-0001", EventType::Open, day, day.and_hms_opt(9, 0, 0).unwrap(), "s-01") };
/// case.apply(open).unwrap();
/// assert_eq!(case.state(), Some(CaseState::Klaerung));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    record: CaseRecord,
    events: Vec<CaseEvent>,
    last_effective: Option<NaiveDate>,
    config: CaseConfig,
}

impl Case {
    /// A new, not yet opened case with the default configuration.
    ///
    /// ```
    /// let case = kim_core::cases::Case::new("c-0001");
    /// assert!(case.state().is_none() && case.events().is_empty());
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        Case::with_config(id, CaseConfig::default())
    }

    /// A new case with a Kreis's configuration.
    ///
    /// ```
    /// use kim_core::cases::{Case, CaseConfig};
    /// let case = Case::with_config("c-0001", CaseConfig { suppress_below: 5, ..CaseConfig::default() });
    /// assert!(case.state().is_none());
    /// ```
    pub fn with_config(id: impl Into<String>, config: CaseConfig) -> Self {
        Case {
            record: CaseRecord::new(id),
            events: Vec::new(),
            last_effective: None,
            config,
        }
    }

    /// The case as it stands.
    ///
    /// ```
    /// let case = kim_core::cases::Case::new("c-0001");
    /// assert_eq!(case.record().id, "c-0001");
    /// ```
    pub fn record(&self) -> &CaseRecord {
        &self.record
    }

    /// Current state (absent before `open`).
    ///
    /// ```
    /// assert_eq!(kim_core::cases::Case::new("c-1").state(), None);
    /// ```
    pub fn state(&self) -> Option<CaseState> {
        self.record.state
    }

    /// The accepted events, in recorded order.
    ///
    /// ```
    /// assert!(kim_core::cases::Case::new("c-1").events().is_empty());
    /// ```
    pub fn events(&self) -> &[CaseEvent] {
        &self.events
    }

    /// The transitions allowed now (rows of [`transition_table`](super::transition_table)
    /// whose `from` is the current state; resuming only to the state the case left).
    ///
    /// ```
    /// use kim_core::cases::{Case, EventType};
    /// let steps = Case::new("c-1").next_steps();
    /// assert!(steps.iter().any(|t| t.event == EventType::Open)); // only opening is possible
    /// ```
    pub fn next_steps(&self) -> Vec<super::table::Transition> {
        super::table::next_steps(self.record.state, self.record.paused_from)
    }

    /// Applies one event (the next in recorded order). On success returns the warnings; on
    /// error the case is unchanged and the error lists every problem with the event.
    ///
    /// The same rules as [`replay`]: an event in valid-time order applies directly; a
    /// backdated event or a correction is accepted when the whole history re-runs without
    /// errors with it in place.
    ///
    /// ```
    /// use kim_core::cases::{Case, CaseEvent, EventType};
    /// let day = chrono::NaiveDate::from_ymd_opt(2023, 2, 1).unwrap();
    /// let mut case = Case::new("c-0001");
    /// let admit = CaseEvent::new("e1", "c-0001", EventType::Admit, day, day.and_hms_opt(9, 0, 0).unwrap(), "s-01");
    /// assert!(case.apply(admit).is_err()); // not opened yet: refused, the case unchanged
    /// assert!(case.events().is_empty());
    /// ```
    pub fn apply(&mut self, event: CaseEvent) -> Result<Vec<Violation>> {
        let p = self.events.len();
        if p >= MAX_EVENTS_PER_CASE {
            return Err(too_many_events(format!("events[{p}]"), p.saturating_add(1)).into());
        }
        let first = self.events.iter().position(|x| x.id == event.id);
        let problems = precheck(
            &event,
            p,
            &self.record.id,
            first,
            self.events.last(),
            &self.config,
        );
        if problems.iter().any(Violation::is_error) {
            return Err(Error::Invalid(problems));
        }
        let in_order = self.last_effective.is_none_or(|l| event.effective >= l)
            && event.supersedes.is_none()
            && event.event != EventType::Void;
        if in_order {
            let mut next = self.record.clone();
            return match step(&mut next, &event, &self.config, p) {
                Ok(warnings) => {
                    self.record = next;
                    self.last_effective = Some(event.effective);
                    self.events.push(event);
                    Ok(problems.into_iter().chain(warnings).collect())
                }
                Err(v) => Err(Error::Invalid(problems.into_iter().chain([v]).collect())),
            };
        }
        let mut all = self.events.clone();
        all.push(event);
        let after = replay_with(&all, &self.config);
        let at_p: Vec<Violation> = after
            .violations
            .iter()
            .filter(|v| v.index == p)
            .map(|v| v.violation.clone())
            .collect();
        let accepted = after
            .timeline
            .iter()
            .any(|t| t.index == p && matches!(t.outcome, Outcome::Applied | Outcome::Voided));
        if !accepted {
            return Err(Error::Invalid(at_p));
        }
        self.last_effective = after
            .timeline
            .iter()
            .filter(|t| t.outcome == Outcome::Applied)
            .map(|t| t.effective)
            .max();
        self.events = all;
        self.record = after.record;
        Ok(at_p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, m, day).unwrap()
    }

    fn ev(id: &str, e: EventType, m: u32, day: u32) -> CaseEvent {
        CaseEvent::new(
            id,
            "c-1",
            e,
            d(m, day),
            d(12, 31).and_hms_opt(9, 0, 0).unwrap(),
            "s-1",
        )
    }

    /// An opened case followed by follow-ups: `n` events in all.
    fn long_history(n: usize) -> Vec<CaseEvent> {
        let mut out = vec![CaseEvent {
            kommune: Some("Erkelenz".into()),
            ..ev("e0", EventType::Open, 1, 2)
        }];
        out.extend((1..n).map(|i| ev(&format!("e{i}"), EventType::FollowUp, 2, 1)));
        out
    }

    #[test]
    fn events_per_case_at_and_beyond_the_limit() {
        let at = long_history(MAX_EVENTS_PER_CASE);
        let report = replay(&at);
        assert!(report.is_valid(), "{:?}", report.violations.first());
        assert_eq!(report.timeline.len(), MAX_EVENTS_PER_CASE);
        let beyond = long_history(MAX_EVENTS_PER_CASE + 1);
        let report = replay(&beyond);
        assert!(report.timeline.is_empty());
        let v = &report.violations[0];
        assert_eq!(
            (v.index, v.violation.code.as_str()),
            (MAX_EVENTS_PER_CASE, "KIM-P015")
        );
        assert_eq!(v.violation.path, format!("events[{MAX_EVENTS_PER_CASE}]"));
        // other cases' events do not count
        let mut two = long_history(MAX_EVENTS_PER_CASE);
        two.push(CaseEvent {
            case: "c-2".into(),
            ..ev("x", EventType::Open, 1, 3)
        });
        assert!(check_event_limit(&two).is_ok());
        // a case taking events one by one stops at the limit
        let mut case = Case::new("c-1");
        for e in at {
            case.apply(e).unwrap();
        }
        let extra = ev("e-last", EventType::FollowUp, 2, 2);
        let e = case.apply(extra).unwrap_err();
        assert_eq!(e.violations()[0].code.as_str(), "KIM-P015");
    }

    fn admitted() -> Vec<CaseEvent> {
        vec![
            CaseEvent {
                kommune: Some("Erkelenz".into()),
                ..ev("e1", EventType::Open, 2, 1)
            },
            CaseEvent {
                purpose: Some("fallmanagement".into()),
                ..ev("e2", EventType::Consent, 2, 2)
            },
            ev("e3", EventType::Admit, 2, 3),
            CaseEvent {
                topic: Some("WOHNEN".into()),
                ..ev("e4", EventType::AddTopic, 2, 4)
            },
        ]
    }

    #[test]
    fn backdated_events_apply_in_valid_time_order() {
        let mut events = admitted();
        // recorded last, effective before the admission: consistent, so accepted
        events.push(ev("e5", EventType::FollowUp, 2, 2));
        let r = replay(&events);
        assert!(r.is_valid(), "{:?}", r.violations);
        assert_eq!(r.final_state, Some(CaseState::Aufgenommen));
        let order: Vec<usize> = r.timeline.iter().map(|t| t.index).collect();
        assert_eq!(order, [0, 1, 4, 2, 3]);
        // a backdated event that contradicts the history is rejected at its index
        let mut bad = admitted();
        bad.push(ev("e5", EventType::StartAssessment, 2, 2));
        let r = replay(&bad);
        assert_eq!(r.final_state, Some(CaseState::Aufgenommen));
        assert_eq!(r.violations.len(), 1);
        assert_eq!(r.violations[0].index, 4);
        assert_eq!(r.violations[0].violation.code, Code::C002);
    }

    #[test]
    fn case_apply_rejects_without_changing_the_case() {
        let mut case = Case::new("c-1");
        for e in admitted() {
            case.apply(e).unwrap();
        }
        let before = case.clone();
        let err = case.apply(ev("e5", EventType::Plan, 3, 1)).unwrap_err();
        assert_eq!(err.code(), Code::C002);
        assert_eq!(case, before);
        // backdated and consistent: accepted, and the same as a replay
        case.apply(ev("e5", EventType::FollowUp, 2, 2)).unwrap();
        let mut all = admitted();
        all.push(ev("e5", EventType::FollowUp, 2, 2));
        assert_eq!(case.record(), &replay(&all).record);
        let steps: Vec<EventType> = case.next_steps().iter().map(|t| t.event).collect();
        assert!(steps.contains(&EventType::StartAssessment));
        assert!(!steps.contains(&EventType::Admit));
    }

    #[test]
    fn revoking_the_case_management_consent_closes_and_erases() {
        let mut events = admitted();
        events.push(CaseEvent {
            purpose: Some("fallmanagement".into()),
            ..ev("e5", EventType::RevokeConsent, 3, 1)
        });
        // details recorded after the revocation are refused: the case is closed
        events.push(CaseEvent {
            topic: Some("ARBEIT".into()),
            ..ev("e6", EventType::AddTopic, 3, 2)
        });
        let r = replay(&events);
        assert_eq!(r.final_state, Some(CaseState::Abgeschlossen));
        assert!(r.record.erased && r.record.topics.is_empty());
        assert_eq!(r.record.closures[0].reason, REVOKED_REASON);
        assert_eq!(r.violations.len(), 1);
        assert_eq!(r.violations[0].index, 5);
        // Debug shows no admission facts
        let text = format!(
            "{:?}",
            CaseEvent {
                age: Some(77),
                ..ev("x", EventType::Admit, 1, 1)
            }
        );
        assert!(!text.contains("77"), "{text}");
    }

    #[test]
    fn pause_resumes_to_the_state_it_left_and_closing_twice_is_refused() {
        let mut events = admitted();
        events.push(ev("e5", EventType::Pause, 3, 1));
        events.push(ev("e6", EventType::Resume, 3, 2));
        events.push(CaseEvent {
            reason: Some("ziel_erreicht".into()),
            ..ev("e7", EventType::Close, 3, 3)
        });
        events.push(CaseEvent {
            reason: Some("verzogen".into()),
            ..ev("e8", EventType::Close, 3, 4)
        });
        let r = replay(&events);
        let states: Vec<Option<CaseState>> = r.timeline.iter().map(|t| t.to).collect();
        assert_eq!(states[4], Some(CaseState::Pausiert));
        assert_eq!(states[5], Some(CaseState::Aufgenommen));
        assert_eq!(r.violations[0].violation.code, Code::C004);
        assert_eq!(r.violations[0].index, 7);
    }

    #[test]
    fn the_timeline_is_in_valid_time_order_even_around_rejections() {
        let at = |m: u32, day: u32, h: u32| d(m, day).and_hms_opt(h, 0, 0).unwrap();
        let events = vec![
            CaseEvent {
                kommune: Some("Hückelhoven".into()),
                recorded: at(3, 1, 9),
                ..ev("e1", EventType::Open, 3, 1)
            },
            CaseEvent {
                recorded: at(3, 8, 9),
                ..ev("e2", EventType::FollowUp, 3, 8)
            },
            CaseEvent {
                recorded: at(3, 15, 11),
                ..ev("e3", EventType::Admit, 3, 15) // no consent on record yet: rejected
            },
            CaseEvent {
                purpose: Some("fallmanagement".into()),
                recorded: at(3, 20, 8),
                ..ev("e4", EventType::Consent, 3, 8)
            },
        ];
        let r = replay(&events);
        let order: Vec<usize> = r.timeline.iter().map(|t| t.index).collect();
        assert_eq!(order, [0, 1, 3, 2]);
        assert_eq!(r.violations[0].violation.code, Code::C003);
        // a case id that is no pseudonym is not repeated by KIM-C007
        let named = vec![
            CaseEvent {
                case: "Max Mustermann".into(),
                kommune: Some("Wegberg".into()),
                ..ev("e1", EventType::Open, 3, 1)
            },
            ev("e2", EventType::FollowUp, 3, 2),
        ];
        let r = replay(&named);
        let text = serde_json::to_string(&r.violations).unwrap();
        assert!(!text.contains("Mustermann"), "{text}");
    }
}
