//! Case events: one flat, append-only record per thing that happened, bitemporal
//! (`effective` = when it happened, `recorded` = when it was entered), with a pseudonymous
//! actor and only codes as payload. The per-event checks that need no history live here.

use super::codes::{CM_CONSENT, EventType, ListKind};
use super::config::CaseConfig;
use crate::validate::{Code, Violation};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// One event of a case history (document `kim.cases.v1`, field `events`).
///
/// Which payload fields an event takes depends on `event` (see [`EventType`] and
/// `docs/cases.md`); a field an event does not take is an error (`KIM-C011`), so nothing can
/// be smuggled in. There is no field for names, birth dates, addresses or free text.
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
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseEvent {
    /// Event id, unique within the case (an opaque pseudonym).
    pub id: String,
    /// Case id (an opaque pseudonym).
    pub case: String,
    /// What happened.
    pub event: EventType,
    /// The day it happened (valid time).
    #[serde(with = "crate::period::date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub effective: NaiveDate,
    /// When it was entered (transaction time, local time without zone, e.g. `2023-04-03T09:15:00`).
    #[serde(with = "crate::period::datetime")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDateTime"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDateTime"))]
    pub recorded: NaiveDateTime,
    /// Pseudonymous staff id.
    pub actor: String,
    /// Reason code: the closing reason for `close`, the reason for `reopen`, optional otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Id of an earlier event this one replaces (corrections are new events, never edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    /// `open`: the Kommune the person lives in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommune: Option<String>,
    /// `add_topic`, `remove_topic`, `flag_topic`: a Handlungsfeld code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// `set_rechtskreis`: a Rechtskreis code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rechtskreis: Option<String>,
    /// `rechtskreiswechsel`: the Rechtskreis left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// `rechtskreiswechsel`: the Rechtskreis entered (from `effective`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `rechtskreiswechsel`: last day of the Rechtskreis left (default: the day before
    /// `effective`). A later start of the new one is a gap (`KIM-C015`).
    #[serde(
        default,
        with = "crate::period::date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub from_ended: Option<NaiveDate>,
    /// `set_treppe`: Treppenmodell level (1 … `treppe_levels`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// `consent`, `revoke_consent`: the purpose code (`fallmanagement`, `datenweitergabe`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// `admit`: residence status code, for the target-group check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `admit`: arrival in Germany (a month is enough: use the first day), for the
    /// target-group check.
    #[serde(
        default,
        with = "crate::period::date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub arrival: Option<NaiveDate>,
    /// `admit`: age in whole years (never a birth date), for the target-group check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    /// `admit`: is the person already in another Fallmanagement?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_fallmanagement: Option<bool>,
}

/// Shows ids, codes and dates only: arrival and age are left out.
impl std::fmt::Debug for CaseEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaseEvent")
            .field("id", &self.id)
            .field("case", &self.case)
            .field("event", &self.event)
            .field("effective", &self.effective)
            .field("recorded", &self.recorded)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Display for CaseEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {} ({})",
            self.case, self.id, self.event, self.effective
        )
    }
}

impl CaseEvent {
    /// An event with no payload; add fields with struct update syntax or the setters.
    ///
    /// ```
    /// use kim_core::cases::{CaseEvent, EventType};
    /// let day = chrono::NaiveDate::from_ymd_opt(2023, 2, 1).unwrap();
    /// let e = CaseEvent::new("e1", "c-0001", EventType::Open, day, day.and_hms_opt(9, 0, 0).unwrap(), "s-01");
    /// assert!(e.kommune.is_none() && e.topic.is_none());
    /// ```
    pub fn new(
        id: impl Into<String>,
        case: impl Into<String>,
        event: EventType,
        effective: NaiveDate,
        recorded: NaiveDateTime,
        actor: impl Into<String>,
    ) -> Self {
        CaseEvent {
            id: id.into(),
            case: case.into(),
            event,
            effective,
            recorded,
            actor: actor.into(),
            reason: None,
            supersedes: None,
            kommune: None,
            topic: None,
            rechtskreis: None,
            from: None,
            to: None,
            from_ended: None,
            level: None,
            purpose: None,
            status: None,
            arrival: None,
            age: None,
            other_fallmanagement: None,
        }
    }
}

/// Longest id.
pub const MAX_ID_LEN: usize = 64;
/// Longest code (topics, reasons, …).
pub const MAX_CODE_LEN: usize = 40;

/// Is `id` an opaque pseudonym: 1–64 ASCII letters, digits, `.`, `_`, `:` or `-`?
///
/// ```
/// use kim_core::cases::is_pseudonym;
/// assert!(is_pseudonym("05370.c-0042") && !is_pseudonym("Max Mustermann"));
/// ```
pub fn is_pseudonym(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
}

/// Is `code` a short code: 1–40 ASCII letters, digits, `_` or `-`?
///
/// ```
/// use kim_core::cases::event::is_code;
/// assert!(is_code("WOHNEN") && !is_code("wohnen und leben"));
/// ```
pub fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= MAX_CODE_LEN
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
}

/// Payload fields, by name, and whether the event sets them.
fn payload(e: &CaseEvent) -> [(&'static str, bool); 12] {
    [
        ("kommune", e.kommune.is_some()),
        ("topic", e.topic.is_some()),
        ("rechtskreis", e.rechtskreis.is_some()),
        ("from", e.from.is_some()),
        ("to", e.to.is_some()),
        ("from_ended", e.from_ended.is_some()),
        ("level", e.level.is_some()),
        ("purpose", e.purpose.is_some()),
        ("status", e.status.is_some()),
        ("arrival", e.arrival.is_some()),
        ("age", e.age.is_some()),
        ("other_fallmanagement", e.other_fallmanagement.is_some()),
    ]
}

/// The payload fields an event type requires and those it may take.
fn fields(event: EventType) -> (&'static [&'static str], &'static [&'static str]) {
    match event {
        EventType::Open => (&["kommune"], &[]),
        EventType::Consent | EventType::RevokeConsent => (&["purpose"], &[]),
        EventType::Admit => (&[], &["status", "arrival", "age", "other_fallmanagement"]),
        EventType::AddTopic | EventType::RemoveTopic | EventType::FlagTopic => (&["topic"], &[]),
        EventType::SetRechtskreis => (&["rechtskreis"], &[]),
        EventType::Rechtskreiswechsel => (&["from", "to"], &["from_ended"]),
        EventType::SetTreppe => (&["level"], &[]),
        _ => (&[], &[]),
    }
}

/// Checks one event on its own (ids, fields, codes, dates), with paths under `at`
/// (e.g. `events[3]`). Errors reject the event.
pub(crate) fn check_event(
    e: &CaseEvent,
    config: &CaseConfig,
    at: &dyn Fn() -> String,
) -> Vec<Violation> {
    let mut out = Vec::new();
    let field = |name: &str| format!("{}.{name}", at());
    for (name, value) in [("id", &e.id), ("case", &e.case), ("actor", &e.actor)] {
        if !is_pseudonym(value) {
            out.push(
                Violation::new(Code::C012, field(name))
                    .with("field", name)
                    .with("length", value.chars().count().to_string()),
            );
        }
    }
    if e.effective > e.recorded.date() {
        out.push(
            Violation::new(Code::C005, field("effective"))
                .with_date("effective", e.effective)
                .with_date("recorded", e.recorded.date()),
        );
    }
    let (required, optional) = fields(e.event);
    for (name, set) in payload(e) {
        if set && !required.contains(&name) && !optional.contains(&name) {
            out.push(
                Violation::new(Code::C011, field(name))
                    .with("event", e.event.as_str())
                    .with("field", name),
            );
        }
        if !set && required.contains(&name) {
            out.push(
                Violation::new(Code::C010, field(name))
                    .with("event", e.event.as_str())
                    .with("field", name),
            );
        }
    }
    let code = |out: &mut Vec<Violation>, list: ListKind, name: &str, value: &Option<String>| {
        if let Some(v) = value
            && !config.knows(list, v)
        {
            out.push(unknown(list, v, field(name)));
        }
    };
    code(&mut out, ListKind::Topic, "topic", &e.topic);
    code(
        &mut out,
        ListKind::Rechtskreis,
        "rechtskreis",
        &e.rechtskreis,
    );
    code(&mut out, ListKind::Rechtskreis, "from", &e.from);
    code(&mut out, ListKind::Rechtskreis, "to", &e.to);
    code(&mut out, ListKind::ConsentPurpose, "purpose", &e.purpose);
    code(&mut out, ListKind::Status, "status", &e.status);
    if let Some(k) = &e.kommune
        && (k.trim().is_empty() || k.chars().count() > 80)
    {
        out.push(
            Violation::new(Code::C027, field("kommune"))
                .with("field", "kommune")
                .with("max", "80"),
        );
    }
    match (&e.reason, e.event) {
        (None, EventType::Close | EventType::Reopen) => out.push(
            Violation::new(Code::C010, field("reason"))
                .with("event", e.event.as_str())
                .with("field", "reason"),
        ),
        (Some(r), EventType::Close) if !config.knows(ListKind::ClosingReason, r) => {
            out.push(unknown(ListKind::ClosingReason, r, field("reason")));
        }
        (Some(r), _) if !is_code(r) => out.push(
            Violation::new(Code::C027, field("reason"))
                .with("field", "reason")
                .with("max", MAX_CODE_LEN.to_string()),
        ),
        _ => {}
    }
    if let Some(level) = e.level
        && (level == 0 || level > config.treppe_levels)
    {
        out.push(
            Violation::new(Code::C016, field("level"))
                .with("level", level.to_string())
                .with("max", config.treppe_levels.to_string()),
        );
    }
    if e.event == EventType::Void && e.supersedes.is_none() {
        out.push(
            Violation::new(Code::C010, field("supersedes"))
                .with("event", e.event.as_str())
                .with("field", "supersedes"),
        );
    }
    if let Some(s) = &e.supersedes
        && !is_pseudonym(s)
    {
        out.push(
            Violation::new(Code::C012, field("supersedes"))
                .with("field", "supersedes")
                .with("length", s.chars().count().to_string()),
        );
    }
    out
}

/// `KIM-C009` for a code not in its list.
pub(crate) fn unknown(list: ListKind, code: &str, path: String) -> Violation {
    let config_field = match list {
        ListKind::Topic => "topics",
        ListKind::Rechtskreis => "rechtskreise",
        ListKind::ClosingReason => "closing_reasons",
        ListKind::ConsentPurpose => "consent_purposes",
        ListKind::Status => "statuses",
        ListKind::Kommune => "kommunen",
    };
    // the value is not repeated: a name typed into a code field must not reach logs
    Violation::new(Code::C009, path)
        .with("list", list.as_str())
        .with("list_de", list.label_de())
        .with("length", code.chars().count().to_string())
        .with("field", config_field)
}

/// Is this the consent that admission requires?
pub(crate) fn is_cm_consent(purpose: Option<&str>) -> bool {
    purpose == Some(CM_CONSENT)
}
