//! Bitemporal replay of a case history, and [`Case`] for applying events one at a time.
//!
//! Events come in recorded order. The state is the result of applying the accepted events in
//! valid-time order (`effective`, then recorded order on the same day), so a backdated event
//! is accepted when the history stays consistent with it in place. Superseded events drop out;
//! a `void` event drops its target without replacing it.

use super::codes::{CaseState, EventType, REVOKED_REASON};
use super::config::CaseConfig;
use super::event::{CaseEvent, check_event, is_cm_consent};
use super::table::transition;
use crate::error::{Error, Result};
use crate::validate::{Code, Severity, Violation};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A consent record: purpose, given, revoked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentRecord {
    /// Purpose code.
    pub purpose: String,
    /// Day it was given.
    #[serde(with = "crate::period::date")]
    pub given: NaiveDate,
    /// Day it was revoked.
    #[serde(
        default,
        with = "crate::period::date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub revoked: Option<NaiveDate>,
}

/// A dated code (a topic or Rechtskreis from `from` to `to`, open when `to` is absent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// The code.
    pub code: String,
    /// First day.
    #[serde(with = "crate::period::date")]
    pub from: NaiveDate,
    /// Last day (absent: still active).
    #[serde(
        default,
        with = "crate::period::date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub to: Option<NaiveDate>,
}

/// A dated mark: a topic flagged as generative, or a Treppenmodell level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mark<T> {
    /// The topic code or level.
    pub value: T,
    /// Day.
    #[serde(with = "crate::period::date")]
    pub date: NaiveDate,
}

/// How a case was closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    /// Day of closing.
    #[serde(with = "crate::period::date")]
    pub date: NaiveDate,
    /// Closing reason code.
    pub reason: String,
}

/// Facts recorded at admission for the target-group check (erased when consent is revoked).
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    pub opened: Option<NaiveDate>,
    /// Day of the first admission to case management.
    #[serde(
        default,
        with = "crate::period::date::option",
        skip_serializing_if = "Option::is_none"
    )]
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
    pub fn closed(&self) -> Option<&Closure> {
        match self.state {
            Some(CaseState::Abgeschlossen) => self.closures.last(),
            _ => None,
        }
    }

    /// Is there a consent for `purpose` given on or before `day` and not revoked by then?
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    /// Position of the event in the input (recorded order).
    pub index: usize,
    /// Event type.
    pub event: EventType,
    /// Valid time.
    #[serde(with = "crate::period::date")]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventViolation {
    /// Position of the event in the input (recorded order).
    pub index: usize,
    /// The violation (path `events[index]…`).
    #[serde(flatten)]
    pub violation: Violation,
}

/// The result of [`replay`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    pub fn is_valid(&self) -> bool {
        !self.violations.iter().any(|v| v.violation.is_error())
    }

    /// Only the errors.
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
pub fn replay_with(events: &[CaseEvent], config: &CaseConfig) -> ReplayReport {
    let refs: Vec<&CaseEvent> = events.iter().collect();
    let positions: Vec<usize> = (0..events.len()).collect();
    replay_refs(&refs, &positions, config)
}

/// Replays events given by reference, reporting each at `positions[i]` (its index in a larger
/// document).
pub(crate) fn replay_refs(
    events: &[&CaseEvent],
    positions: &[usize],
    config: &CaseConfig,
) -> ReplayReport {
    let n = events.len();
    let pos = |i: usize| positions.get(i).copied().unwrap_or(i);
    let case = events.first().map(|e| e.case.clone()).unwrap_or_default();
    let mut violations: Vec<EventViolation> = Vec::new();
    let mut ok = vec![true; n];
    let mut outcome = vec![Outcome::Applied; n];
    // 1. each event on its own, in recorded order
    let small = n <= 32;
    let mut seen: std::collections::HashMap<&str, usize> = if small {
        std::collections::HashMap::new()
    } else {
        std::collections::HashMap::with_capacity(n)
    };
    let mut superseded_by: Vec<(usize, usize)> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let p = pos(i);
        let at = || format!("events[{p}]");
        let mut found = check_event(e, config, &at);
        if e.case != case {
            found.push(
                Violation::new(Code::C007, format!("events[{p}].case"))
                    .with("expected", case.clone()),
            );
        }
        let earlier = if small {
            events.iter().take(i).position(|x| x.id == e.id)
        } else {
            seen.get(e.id.as_str()).copied()
        };
        if let Some(first) = earlier {
            found.push(
                Violation::new(Code::C023, format!("events[{p}].id"))
                    .with("first", format!("events[{}]", pos(first))),
            );
        } else if !small {
            seen.insert(e.id.as_str(), i);
        }
        if let Some(prev) = i.checked_sub(1).and_then(|k| events.get(k))
            && e.recorded < prev.recorded
        {
            found.push(
                Violation::new(Code::C006, format!("events[{p}].recorded"))
                    .with("recorded", e.recorded.to_string())
                    .with("previous", prev.recorded.to_string()),
            );
        }
        if let Some(target) = &e.supersedes {
            let t = if small {
                events.iter().take(i).position(|x| &x.id == target)
            } else {
                seen.get(target.as_str()).copied().filter(|&t| t < i)
            };
            match t {
                Some(t) => superseded_by.push((t, i)),
                None => found.push(
                    Violation::new(Code::C013, format!("events[{p}].supersedes"))
                        .with("target", "…"),
                ),
            }
        }
        if found.iter().any(Violation::is_error) {
            if let Some(slot) = ok.get_mut(i) {
                *slot = false;
            }
            if let Some(slot) = outcome.get_mut(i) {
                *slot = Outcome::Rejected;
            }
            // a rejected correction supersedes nothing
            superseded_by.retain(|&(_, by)| by != i);
        }
        violations.extend(found.into_iter().map(|violation| EventViolation {
            index: p,
            violation,
        }));
    }
    for &(target, by) in &superseded_by {
        if ok.get(by).copied().unwrap_or(false) {
            if let Some(slot) = ok.get_mut(target) {
                *slot = false;
            }
            if let Some(slot) = outcome.get_mut(target) {
                *slot = Outcome::Superseded;
            }
        }
    }
    for (i, e) in events.iter().enumerate() {
        if e.event == EventType::Void && ok.get(i).copied().unwrap_or(false) {
            if let Some(slot) = ok.get_mut(i) {
                *slot = false;
            }
            if let Some(slot) = outcome.get_mut(i) {
                *slot = Outcome::Voided;
            }
        }
    }
    // 2. valid-time order: effective, then recorded order
    let mut order: Vec<usize> = (0..n).collect();
    let sorted = events
        .windows(2)
        .all(|w| matches!(w, [a, b] if a.effective <= b.effective));
    if !sorted {
        order.sort_by_key(|&i| (events.get(i).map(|e| e.effective), i));
    }
    // 3. the state machine
    let mut record = CaseRecord::new(case.clone());
    let mut timeline = Vec::with_capacity(n);
    for &i in &order {
        let Some(e) = events.get(i) else { continue };
        let p = pos(i);
        let before = record.state;
        let mut result = Outcome::Rejected;
        if ok.get(i).copied().unwrap_or(false) {
            match step(&mut record, e, config, p) {
                Ok(warnings) => {
                    result = Outcome::Applied;
                    violations.extend(warnings.into_iter().map(|violation| EventViolation {
                        index: p,
                        violation,
                    }));
                }
                Err(v) => violations.push(EventViolation {
                    index: p,
                    violation: v,
                }),
            }
        } else {
            result = outcome.get(i).copied().unwrap_or(Outcome::Rejected);
        }
        timeline.push(TimelineEntry {
            index: p,
            event: e.event,
            effective: e.effective,
            from: before,
            to: record.state,
            outcome: result,
        });
    }
    violations.sort_by_key(|v| v.index);
    ReplayReport {
        case,
        final_state: record.state,
        record,
        timeline,
        violations,
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
            warnings.extend(eligibility(e, config, p));
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
            for c in record
                .consents
                .iter_mut()
                .filter(|c| c.purpose == purpose && c.revoked.is_none())
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
                }
            }
        }
        EventType::Admit => {
            if record.admitted.is_none() {
                record.admitted = Some(day);
            }
            record.admission = Some(AdmissionFacts {
                status: e.status.clone(),
                arrival: e.arrival,
                age: e.age,
                other_fallmanagement: e.other_fallmanagement,
            });
        }
        EventType::Pause => record.paused_from = state,
        EventType::Resume => record.paused_from = None,
        EventType::Close => record.closures.push(Closure {
            date: day,
            reason: e.reason.clone().unwrap_or_default(),
        }),
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
            let gap = (day - ended).num_days().saturating_sub(1);
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
fn eligibility(e: &CaseEvent, config: &CaseConfig, p: usize) -> Vec<Violation> {
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
                if limit.is_none_or(|l| l < e.effective) {
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    record: CaseRecord,
    events: Vec<CaseEvent>,
    last_effective: Option<NaiveDate>,
    config: CaseConfig,
}

impl Case {
    /// A new, not yet opened case with the default configuration.
    pub fn new(id: impl Into<String>) -> Self {
        Case::with_config(id, CaseConfig::default())
    }

    /// A new case with a Kreis's configuration.
    pub fn with_config(id: impl Into<String>, config: CaseConfig) -> Self {
        Case {
            record: CaseRecord::new(id),
            events: Vec::new(),
            last_effective: None,
            config,
        }
    }

    /// The case as it stands.
    pub fn record(&self) -> &CaseRecord {
        &self.record
    }

    /// Current state (absent before `open`).
    pub fn state(&self) -> Option<CaseState> {
        self.record.state
    }

    /// The accepted events, in recorded order.
    pub fn events(&self) -> &[CaseEvent] {
        &self.events
    }

    /// The transitions allowed now (rows of [`transition_table`](super::transition_table)
    /// whose `from` is the current state; resuming only to the state the case left).
    pub fn next_steps(&self) -> Vec<super::table::Transition> {
        super::table::next_steps(self.record.state, self.record.paused_from)
    }

    /// Applies one event (the next in recorded order). On success returns the warnings; on
    /// error the case is unchanged and the error lists every problem with the event.
    ///
    /// Events in valid-time order apply directly; a backdated event (or a correction) is
    /// accepted when the whole history replays without new errors with it in place.
    pub fn apply(&mut self, event: CaseEvent) -> Result<Vec<Violation>> {
        let p = self.events.len();
        let at = || format!("events[{p}]");
        let mut problems = check_event(&event, &self.config, &at);
        if event.case != self.record.id {
            problems.push(
                Violation::new(Code::C007, format!("events[{p}].case"))
                    .with("expected", self.record.id.clone()),
            );
        }
        if let Some(first) = self.events.iter().position(|x| x.id == event.id) {
            problems.push(
                Violation::new(Code::C023, format!("events[{p}].id"))
                    .with("first", format!("events[{first}]")),
            );
        }
        if let Some(prev) = self.events.last()
            && event.recorded < prev.recorded
        {
            problems.push(
                Violation::new(Code::C006, format!("events[{p}].recorded"))
                    .with("recorded", event.recorded.to_string())
                    .with("previous", prev.recorded.to_string()),
            );
        }
        if problems.iter().any(Violation::is_error) {
            return Err(Error::Invalid(problems));
        }
        let in_order = self.last_effective.is_none_or(|l| event.effective >= l)
            && event.supersedes.is_none()
            && event.event != EventType::Void;
        if in_order {
            let mut next = self.record.clone();
            match step(&mut next, &event, &self.config, p) {
                Ok(warnings) => {
                    problems.extend(warnings);
                    self.record = next;
                    self.last_effective = Some(event.effective);
                    self.events.push(event);
                    Ok(problems)
                }
                Err(v) => {
                    problems.push(v);
                    Err(Error::Invalid(problems))
                }
            }
        } else {
            let before = replay_with(&self.events, &self.config);
            let mut all = self.events.clone();
            all.push(event);
            let after = replay_with(&all, &self.config);
            let new_errors: Vec<Violation> = after
                .violations
                .iter()
                .filter(|v| v.violation.is_error() && !before.violations.contains(v))
                .map(|v| v.violation.clone())
                .collect();
            if !new_errors.is_empty() {
                return Err(Error::Invalid(new_errors));
            }
            let warnings: Vec<Violation> = after
                .violations
                .iter()
                .filter(|v| v.index == p)
                .map(|v| v.violation.clone())
                .collect();
            self.last_effective = all.iter().map(|e| e.effective).max();
            self.events = all;
            self.record = after.record;
            Ok(warnings)
        }
    }
}
