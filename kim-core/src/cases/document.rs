//! The `kim.cases.v1` document: configuration, consultations, case events and
//! Fallrekonstruktionen; its checks, its replay (grouped by case), and the privacy helpers
//! (erasure after revoked consent, retention).

use super::codes::{EventType, ListKind};
use super::config::CaseConfig;
use super::event::{CaseEvent, is_code, is_pseudonym, unknown};
use super::history::{ReplayReport, replay_refs};
use crate::doc;
use crate::error::Result;
use crate::validate::{Code, Violation};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Schema name of case documents.
pub const CASES_SCHEMA: &str = "kim.cases.v1";

/// Kind of consultation (Beratung).
///
/// ```
/// use kim_core::cases::ConsultationKind;
/// assert_eq!(serde_json::from_str::<ConsultationKind>(r#""erstberatung""#).unwrap(), ConsultationKind::Erstberatung);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsultationKind {
    /// First consultation.
    Erstberatung,
    /// Follow-up consultation.
    Folgeberatung,
    /// Referral consultation: the person is referred elsewhere; no case follows.
    Verweisberatung,
}

impl ConsultationKind {
    /// Every kind.
    pub const ALL: &'static [ConsultationKind] = &[
        ConsultationKind::Erstberatung,
        ConsultationKind::Folgeberatung,
        ConsultationKind::Verweisberatung,
    ];
    /// The code as used in JSON.
    ///
    /// ```
    /// assert_eq!(kim_core::cases::ConsultationKind::Folgeberatung.as_str(), "folgeberatung");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ConsultationKind::Erstberatung => "erstberatung",
            ConsultationKind::Folgeberatung => "folgeberatung",
            ConsultationKind::Verweisberatung => "verweisberatung",
        }
    }
    /// German label.
    ///
    /// ```
    /// assert_eq!(kim_core::cases::ConsultationKind::Erstberatung.label_de(), "Erstberatung");
    /// ```
    pub fn label_de(self) -> &'static str {
        match self {
            ConsultationKind::Erstberatung => "Erstberatung",
            ConsultationKind::Folgeberatung => "Folgeberatung",
            ConsultationKind::Verweisberatung => "Verweisberatung",
        }
    }
    /// English label.
    ///
    /// ```
    /// assert_eq!(kim_core::cases::ConsultationKind::Verweisberatung.label_en(), "Referral consultation");
    /// ```
    pub fn label_en(self) -> &'static str {
        match self {
            ConsultationKind::Erstberatung => "First consultation",
            ConsultationKind::Folgeberatung => "Follow-up consultation",
            ConsultationKind::Verweisberatung => "Referral consultation",
        }
    }
}

/// A consultation (Beratung): a contact, counted even when no case follows. Persons are not
/// consultations: one appointment may serve 2–5 persons (StädteRegion Aachen).
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// let doc = kreis_year(7, &SyntheticOptions::default()); // a synthetic Kreis-year
/// let c = &doc.consultations[0];
/// assert!(c.persons >= 1 && !c.kommune.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    /// Id (an opaque pseudonym).
    pub id: String,
    /// Day.
    #[serde(with = "crate::period::date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub date: NaiveDate,
    /// Kind.
    pub kind: ConsultationKind,
    /// Persons present (at least 1).
    pub persons: u16,
    /// Handlungsfelder discussed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// Kommune.
    pub kommune: String,
    /// The case it belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
}

/// A Fallrekonstruktion: a retrospective analysis of a set of cases (Rhein-Kreis Neuss).
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// let doc = kreis_year(7, &SyntheticOptions::default()); // a synthetic Kreis-year
/// assert!(doc.fallrekonstruktionen.iter().all(|f| (3..=4).contains(&f.cases.len())));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Fallrekonstruktion {
    /// Id (an opaque pseudonym).
    pub id: String,
    /// Day it was held.
    #[serde(with = "crate::period::date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub date: NaiveDate,
    /// The cases analysed.
    pub cases: Vec<String>,
}

/// A `kim.cases.v1` document.
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// let doc = kreis_year(7, &SyntheticOptions::default()); // a synthetic Kreis-year
/// assert_eq!(doc.schema_version, "kim.cases.v1");
/// assert_eq!(doc.case_ids().len(), 400);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CasesDocument {
    /// Always `kim.cases.v1`.
    #[cfg_attr(feature = "ts", tsify(type = "\"kim.cases.v1\""))]
    #[cfg_attr(feature = "schema", schemars(extend("const" = "kim.cases.v1")))]
    pub schema_version: String,
    /// The Kreis's configuration (defaults when absent).
    #[serde(default)]
    pub config: CaseConfig,
    /// Consultations.
    #[serde(default)]
    pub consultations: Vec<Consultation>,
    /// Case events, in recorded order.
    #[serde(default)]
    pub events: Vec<CaseEvent>,
    /// Fallrekonstruktionen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallrekonstruktionen: Vec<Fallrekonstruktion>,
}

impl Default for CasesDocument {
    fn default() -> Self {
        CasesDocument {
            schema_version: CASES_SCHEMA.to_owned(),
            config: CaseConfig::default(),
            consultations: Vec::new(),
            events: Vec::new(),
            fallrekonstruktionen: Vec::new(),
        }
    }
}

impl CasesDocument {
    /// Reads a document from JSON (errors with code and path; wrong `schema_version` is
    /// `KIM-P012`).
    ///
    /// ```
    /// use kim_core::cases::CasesDocument;
    /// let doc = CasesDocument::from_json(r#"{"schema_version": "kim.cases.v1", "events": []}"#).unwrap();
    /// assert!(doc.events.is_empty());
    /// assert_eq!(CasesDocument::from_json("{}").unwrap_err().code().as_str(), "KIM-P009");
    /// ```
    pub fn from_json(text: &str) -> Result<CasesDocument> {
        CasesDocument::checked(doc::from_json(text)?)
    }

    /// Reads a document from a JSON value.
    ///
    /// ```
    /// let v = serde_json::json!({"schema_version": "kim.cases.v1"});
    /// assert!(kim_core::cases::CasesDocument::from_value(v).unwrap().consultations.is_empty());
    /// ```
    pub fn from_value(value: serde_json::Value) -> Result<CasesDocument> {
        CasesDocument::read(&value)
    }

    /// [`from_value`](Self::from_value) from a borrowed value (nothing is copied that the
    /// document does not keep).
    ///
    /// ```
    /// use kim_core::cases::CasesDocument;
    /// let value = serde_json::json!({"schema_version": "kim.cases.v1", "events": []});
    /// assert!(CasesDocument::read(&value).unwrap().events.is_empty());
    /// ```
    pub fn read(value: &serde_json::Value) -> Result<CasesDocument> {
        CasesDocument::checked(doc::read(value)?)
    }

    /// The schema version and [`MAX_EVENTS_PER_CASE`](super::MAX_EVENTS_PER_CASE).
    fn checked(d: CasesDocument) -> Result<CasesDocument> {
        doc::check_schema(&d.schema_version, CASES_SCHEMA)?;
        super::check_event_limit(&d.events)?;
        Ok(d)
    }

    /// The case ids, in order of first appearance among the events.
    ///
    /// ```
    /// use kim_core::synthetic::{kreis_year, SyntheticOptions};
    /// let doc = kreis_year(7, &SyntheticOptions::default()); // a synthetic Kreis-year
    /// let ids = doc.case_ids();
    /// assert_eq!(ids.first().copied(), doc.events.first().map(|e| e.case.as_str()));
    /// ```
    pub fn case_ids(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.events
            .iter()
            .map(|e| e.case.as_str())
            .filter(|c| seen.insert(*c))
            .collect()
    }
}

/// The replay of a whole document.
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// let doc = kreis_year(7, &SyntheticOptions::default()); // a synthetic Kreis-year
/// let r = kim_core::cases::replay_document(&doc);
/// assert_eq!(r.cases.len(), 400);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CasesReplay {
    /// One report per case, in order of first appearance.
    pub cases: Vec<ReplayReport>,
    /// Problems outside the event histories (consultations, Fallrekonstruktionen).
    pub violations: Vec<Violation>,
}

impl CasesReplay {
    /// No errors anywhere?
    ///
    /// ```
    /// use kim_core::synthetic::{kreis_year, SyntheticOptions};
    /// let doc = kreis_year(7, &SyntheticOptions::default()); // a synthetic Kreis-year
    /// assert!(kim_core::cases::replay_document(&doc).is_valid()); // synthetic histories replay cleanly
    /// ```
    pub fn is_valid(&self) -> bool {
        self.cases.iter().all(ReplayReport::is_valid)
            && !self.violations.iter().any(Violation::is_error)
    }

    /// Every violation: document-level ones, then each case's (with paths `events[i]…`).
    ///
    /// ```
    /// use kim_core::synthetic::{kreis_year, SyntheticOptions};
    /// let doc = kreis_year(7, &SyntheticOptions::default()); // a synthetic Kreis-year
    /// assert!(kim_core::cases::replay_document(&doc).all_violations().iter().all(|v| !v.is_error()));
    /// ```
    pub fn all_violations(&self) -> Vec<Violation> {
        let mut out = self.violations.clone();
        for c in &self.cases {
            out.extend(c.violations.iter().map(|v| v.violation.clone()));
        }
        out
    }

    /// The report of one case.
    ///
    /// ```
    /// use kim_core::synthetic::{kreis_year, SyntheticOptions};
    /// let doc = kreis_year(7, &SyntheticOptions::default()); // a synthetic Kreis-year
    /// let r = kim_core::cases::replay_document(&doc);
    /// let first = doc.case_ids()[0];
    /// assert_eq!(r.case(first).unwrap().case, first);
    /// ```
    pub fn case(&self, id: &str) -> Option<&ReplayReport> {
        self.cases.iter().find(|c| c.case == id)
    }
}

/// Event indices grouped by case (cases in order of first appearance, each case's events in
/// document order), as one flat array with group boundaries: no allocation per case.
pub(crate) struct Groups {
    /// Event indices, case by case.
    pub order: Vec<usize>,
    /// `order[starts[g]..starts[g + 1]]` is group `g`.
    pub starts: Vec<usize>,
}

impl Groups {
    /// The event indices of each group.
    pub fn iter(&self) -> impl Iterator<Item = &[usize]> {
        self.starts.windows(2).filter_map(|w| match w {
            [a, b] => self.order.get(*a..*b),
            _ => None,
        })
    }
}

/// Groups event indices by case (a counting sort by group number).
pub(crate) fn group_by_case(events: &[CaseEvent]) -> Groups {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut group_of = Vec::with_capacity(events.len());
    let mut counts: Vec<usize> = Vec::new();
    for e in events {
        let next = index.len();
        let g = *index.entry(e.case.as_str()).or_insert(next);
        if g == counts.len() {
            counts.push(0);
        }
        if let Some(c) = counts.get_mut(g) {
            *c = c.saturating_add(1);
        }
        group_of.push(g);
    }
    let mut starts = Vec::with_capacity(counts.len().saturating_add(1));
    let mut at = 0usize;
    starts.push(0);
    for c in &counts {
        at = at.saturating_add(*c);
        starts.push(at);
    }
    let mut next: Vec<usize> = starts.clone();
    let mut order = vec![0usize; events.len()];
    for (i, &g) in group_of.iter().enumerate() {
        if let Some(slot) = next.get_mut(g)
            && let Some(o) = order.get_mut(*slot)
        {
            *o = i;
            *slot = slot.saturating_add(1);
        }
    }
    Groups { order, starts }
}

/// Replays every case of a document and checks consultations and Fallrekonstruktionen.
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// let doc = kreis_year(7, &SyntheticOptions::default()); // a synthetic Kreis-year
/// let r = kim_core::cases::replay_document(&doc);
/// assert!(r.violations.is_empty());
/// ```
pub fn replay_document(d: &CasesDocument) -> CasesReplay {
    let groups = group_by_case(&d.events);
    let mut refs: Vec<&CaseEvent> = Vec::new();
    let cases: Vec<ReplayReport> = groups
        .iter()
        .map(|ix| {
            refs.clear();
            refs.extend(ix.iter().filter_map(|&i| d.events.get(i)));
            replay_refs(&refs, ix, &d.config)
        })
        .collect();
    let mut violations = Vec::new();
    if let Err(e) = doc::check_schema(&d.schema_version, CASES_SCHEMA) {
        violations.extend(e.violations());
    }
    for (field, list) in [
        ("topics", &d.config.topics),
        ("rechtskreise", &d.config.rechtskreise),
        ("closing_reasons", &d.config.closing_reasons),
        ("consent_purposes", &d.config.consent_purposes),
        ("statuses", &d.config.statuses),
    ] {
        for (i, c) in list.iter().enumerate() {
            if !is_code(&c.code) {
                violations.push(
                    Violation::new(Code::C027, format!("config.{field}[{i}].code"))
                        .with("field", "code")
                        .with("max", super::event::MAX_CODE_LEN.to_string()),
                );
            }
        }
    }
    // the case ids, one per case (from the groups), only when something refers to cases
    let known: std::collections::HashSet<&str> =
        if d.consultations.is_empty() && d.fallrekonstruktionen.is_empty() {
            std::collections::HashSet::new()
        } else {
            cases.iter().map(|c| c.case.as_str()).collect()
        };
    violations.extend(check_consultations(&d.consultations, &d.config, &known));
    violations.extend(check_fallrekonstruktionen(
        &d.fallrekonstruktionen,
        &d.config,
        &known,
    ));
    CasesReplay { cases, violations }
}

fn check_consultations(
    list: &[Consultation],
    config: &CaseConfig,
    known: &std::collections::HashSet<&str>,
) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(list.len());
    for (i, c) in list.iter().enumerate() {
        let at = |f: &str| format!("consultations[{i}].{f}");
        if !is_pseudonym(&c.id) {
            out.push(
                Violation::new(Code::C012, at("id"))
                    .with("field", "id")
                    .with("length", c.id.chars().count().to_string()),
            );
        }
        if let Some(first) = seen.insert(c.id.as_str(), i) {
            out.push(
                Violation::new(Code::C023, at("id"))
                    .with("first", format!("consultations[{first}]")),
            );
        }
        if c.persons == 0 {
            out.push(Violation::new(Code::C018, at("persons")));
        }
        for (k, t) in c.topics.iter().enumerate() {
            if !config.knows(ListKind::Topic, t) {
                out.push(unknown(ListKind::Topic, t, at(&format!("topics[{k}]"))));
            }
        }
        if c.kommune.trim().is_empty() || c.kommune.chars().count() > 80 {
            out.push(
                Violation::new(Code::C027, at("kommune"))
                    .with("field", "kommune")
                    .with("max", "80"),
            );
        }
        match (&c.case_id, c.kind) {
            (Some(_), ConsultationKind::Verweisberatung) => {
                out.push(Violation::new(Code::C019, at("case_id")));
            }
            (Some(id), _) if !is_pseudonym(id) => out.push(
                Violation::new(Code::C012, at("case_id"))
                    .with("field", "case_id")
                    .with("length", id.chars().count().to_string()),
            ),
            (Some(id), _) if !known.contains(id.as_str()) => {
                out.push(Violation::new(Code::C022, at("case_id")).with("case", id.clone()));
            }
            _ => {}
        }
    }
    out
}

fn check_fallrekonstruktionen(
    list: &[Fallrekonstruktion],
    config: &CaseConfig,
    known: &std::collections::HashSet<&str>,
) -> Vec<Violation> {
    let limits = config.fallrekonstruktion;
    let mut out = Vec::new();
    let mut per_year: HashMap<i32, u32> = HashMap::new();
    for (i, f) in list.iter().enumerate() {
        let at = |x: &str| format!("fallrekonstruktionen[{i}]{x}");
        if !is_pseudonym(&f.id) {
            out.push(
                Violation::new(Code::C012, at(".id"))
                    .with("field", "id")
                    .with("length", f.id.chars().count().to_string()),
            );
        }
        let count = per_year.entry(f.date.year()).or_insert(0);
        *count = count.saturating_add(1);
        if *count > limits.max_per_year {
            out.push(
                Violation::new(Code::C020, at(""))
                    .with("year", f.date.year().to_string())
                    .with("count", count.to_string())
                    .with("max", limits.max_per_year.to_string()),
            );
        }
        let n = u32::try_from(f.cases.len()).unwrap_or(u32::MAX);
        if n < limits.min_cases || n > limits.max_cases {
            out.push(
                Violation::new(Code::C021, at(".cases"))
                    .with("count", n.to_string())
                    .with("min", limits.min_cases.to_string())
                    .with("max", limits.max_cases.to_string()),
            );
        }
        for (k, c) in f.cases.iter().enumerate() {
            let path = at(&format!(".cases[{k}]"));
            if !is_pseudonym(c) {
                out.push(
                    Violation::new(Code::C012, path)
                        .with("field", "cases")
                        .with("length", c.chars().count().to_string()),
                );
            } else if let Some(first) = f.cases.iter().take(k).position(|x| x == c) {
                out.push(
                    Violation::new(Code::C023, path).with("first", at(&format!(".cases[{first}]"))),
                );
            } else if !known.contains(c.as_str()) {
                out.push(Violation::new(Code::C022, path).with("case", c.clone()));
            }
        }
    }
    out
}

/// What [`erase_revoked`] and [`purge_before`] removed (counts only).
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// let doc = kreis_year(7, &SyntheticOptions::default()); // a synthetic Kreis-year
/// let mut doc = doc;
/// let purged = kim_core::cases::purge_before(&mut doc, chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
/// assert!(purged.cases > 0); // cases closed before 2023 are gone
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Purged {
    /// Cases affected.
    pub cases: u64,
    /// Events removed.
    pub events: u64,
    /// Admission events whose target-group facts were cleared.
    pub facts_cleared: u64,
    /// Consultations removed or cleared of their topics.
    pub consultations: u64,
    /// Fallrekonstruktionen removed.
    pub fallrekonstruktionen: u64,
}

fn is_detail(e: EventType) -> bool {
    matches!(
        e,
        EventType::AddTopic
            | EventType::RemoveTopic
            | EventType::FlagTopic
            | EventType::SetRechtskreis
            | EventType::Rechtskreiswechsel
            | EventType::SetTreppe
    )
}

/// Erases, in the stored document, the details of every case whose consent to case
/// management was revoked: its topic, Rechtskreis and Treppenmodell events are removed, the
/// target-group facts of its admissions cleared, and the topics of its consultations
/// dropped. What anonymous counts need (opening, admission, closure with reason, Kommune)
/// stays. Replaying the result gives the same states.
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// let doc = kreis_year(7, &SyntheticOptions::default()); // a synthetic Kreis-year
/// let mut doc = doc;
/// let _ = kim_core::cases::erase_revoked(&mut doc);
/// assert!(kim_core::cases::replay_document(&doc).is_valid());
/// ```
pub fn erase_revoked(d: &mut CasesDocument) -> Purged {
    let replayed = replay_document(d);
    // per erased case, the last revocation of its consent to case management: details up to
    // that day go; details recorded after a reopening with a new consent stay
    let revoked: HashMap<String, NaiveDate> = replayed
        .cases
        .iter()
        .filter(|c| c.record.erased)
        .filter_map(|c| {
            c.record
                .consents
                .iter()
                .filter(|x| x.purpose == super::codes::CM_CONSENT)
                .filter_map(|x| x.revoked)
                .max()
                .map(|d| (c.case.clone(), d))
        })
        .collect();
    let erased_until = |case: &str, day: NaiveDate| revoked.get(case).is_some_and(|r| day <= *r);
    let mut purged = Purged {
        cases: revoked.len() as u64,
        ..Purged::default()
    };
    let before = d.events.len();
    // the detail events go, and with them every correction aimed at one of them
    let mut gone: std::collections::HashSet<(String, String)> = d
        .events
        .iter()
        .filter(|e| is_detail(e.event) && erased_until(&e.case, e.effective))
        .map(|e| (e.case.clone(), e.id.clone()))
        .collect();
    loop {
        let more: Vec<(String, String)> = d
            .events
            .iter()
            .filter(|e| {
                e.supersedes
                    .as_ref()
                    .is_some_and(|t| gone.contains(&(e.case.clone(), t.clone())))
                    && !gone.contains(&(e.case.clone(), e.id.clone()))
            })
            .map(|e| (e.case.clone(), e.id.clone()))
            .collect();
        if more.is_empty() {
            break;
        }
        gone.extend(more);
    }
    d.events
        .retain(|e| !gone.contains(&(e.case.clone(), e.id.clone())));
    purged.events = before.saturating_sub(d.events.len()) as u64;
    for e in d
        .events
        .iter_mut()
        .filter(|e| erased_until(&e.case, e.effective))
    {
        if e.event == EventType::Admit
            && (e.status.is_some()
                || e.arrival.is_some()
                || e.age.is_some()
                || e.other_fallmanagement.is_some())
        {
            e.status = None;
            e.arrival = None;
            e.age = None;
            e.other_fallmanagement = None;
            purged.facts_cleared = purged.facts_cleared.saturating_add(1);
        }
    }
    for c in d.consultations.iter_mut() {
        if c.case_id
            .as_ref()
            .is_some_and(|id| erased_until(id, c.date))
            && !c.topics.is_empty()
        {
            c.topics.clear();
            purged.consultations = purged.consultations.saturating_add(1);
        }
    }
    purged
}

/// Retention: removes every case closed before `cutoff` (all its events), consultations dated
/// before `cutoff` unless they belong to a case that stays, and Fallrekonstruktionen dated
/// before `cutoff`. Open cases and cases closed on or after the cutoff stay whole. Reports for periods before the cutoff then count fewer cases: run them
/// before purging.
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// let doc = kreis_year(7, &SyntheticOptions::default()); // a synthetic Kreis-year
/// let mut doc = doc;
/// let before = doc.events.len();
/// let purged = kim_core::cases::purge_before(&mut doc, chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
/// assert_eq!(doc.events.len() as u64 + purged.events, before as u64);
/// ```
pub fn purge_before(d: &mut CasesDocument, cutoff: NaiveDate) -> Purged {
    let replayed = replay_document(d);
    let gone: std::collections::HashSet<String> = replayed
        .cases
        .iter()
        .filter(|c| c.record.closed().is_some_and(|x| x.date < cutoff))
        .map(|c| c.case.clone())
        .collect();
    let mut purged = Purged {
        cases: gone.len() as u64,
        ..Purged::default()
    };
    let known: std::collections::HashSet<String> =
        d.events.iter().map(|e| e.case.clone()).collect();
    let known_cases: std::collections::HashSet<&str> = known.iter().map(String::as_str).collect();
    let before = d.events.len();
    d.events.retain(|e| !gone.contains(&e.case));
    purged.events = before.saturating_sub(d.events.len()) as u64;
    let before = d.consultations.len();
    // consultations of cases that stay are kept with them
    d.consultations.retain(|c| {
        c.date >= cutoff
            || c.case_id
                .as_ref()
                .is_some_and(|id| !gone.contains(id) && known_cases.contains(id.as_str()))
    });
    purged.consultations = before.saturating_sub(d.consultations.len()) as u64;
    let before = d.fallrekonstruktionen.len();
    d.fallrekonstruktionen.retain(|f| f.date >= cutoff);
    purged.fallrekonstruktionen = before.saturating_sub(d.fallrekonstruktionen.len()) as u64;
    purged
}

/// Is `code` usable as a code in configuration (for `CodeLabel::code`)?
///
/// ```
/// use kim_core::cases::document::valid_code;
/// assert!(valid_code("DIGITAL_TEILHABE") && !valid_code("Digitale Teilhabe"));
/// ```
pub fn valid_code(code: &str) -> bool {
    is_code(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: &str, e: EventType, day: u32) -> CaseEvent {
        let d = NaiveDate::from_ymd_opt(2023, 3, day).unwrap();
        CaseEvent::new(id, "c-1", e, d, d.and_hms_opt(12, 0, 0).unwrap(), "s-1")
    }

    fn revoked_case() -> CasesDocument {
        let events = vec![
            CaseEvent {
                kommune: Some("Wegberg".into()),
                ..ev("e1", EventType::Open, 1)
            },
            CaseEvent {
                purpose: Some("fallmanagement".into()),
                ..ev("e2", EventType::Consent, 2)
            },
            CaseEvent {
                age: Some(30),
                status: Some("duldung".into()),
                ..ev("e3", EventType::Admit, 3)
            },
            CaseEvent {
                topic: Some("WOHNEN".into()),
                ..ev("e4", EventType::AddTopic, 4)
            },
            CaseEvent {
                level: Some(2),
                ..ev("e5", EventType::SetTreppe, 5)
            },
            CaseEvent {
                supersedes: Some("e5".into()),
                ..ev("e6", EventType::Void, 6)
            },
            CaseEvent {
                purpose: Some("fallmanagement".into()),
                ..ev("e7", EventType::RevokeConsent, 7)
            },
        ];
        CasesDocument {
            events,
            consultations: vec![Consultation {
                id: "k-1".into(),
                date: NaiveDate::from_ymd_opt(2023, 3, 1).unwrap(),
                kind: ConsultationKind::Erstberatung,
                persons: 2,
                topics: vec!["WOHNEN".into()],
                kommune: "Wegberg".into(),
                case_id: Some("c-1".into()),
            }],
            ..CasesDocument::default()
        }
    }

    #[test]
    fn erasure_keeps_the_document_valid_and_the_counts() {
        let mut d = revoked_case();
        let before = replay_document(&d);
        assert!(before.is_valid(), "{:?}", before.all_violations());
        let purged = erase_revoked(&mut d);
        assert_eq!(purged.cases, 1);
        assert_eq!(purged.events, 3); // topic, Treppenmodell level and the void aimed at it
        assert_eq!(purged.facts_cleared, 1);
        assert!(d.consultations[0].topics.is_empty());
        let after = replay_document(&d);
        assert!(after.is_valid(), "{:?}", after.all_violations());
        assert_eq!(after.cases[0].record, before.cases[0].record);
    }

    #[test]
    fn retention_drops_cases_closed_before_the_cutoff() {
        let mut d = revoked_case();
        let kept = purge_before(&mut d, NaiveDate::from_ymd_opt(2023, 3, 7).unwrap());
        assert_eq!(kept.cases, 0); // closed on the cutoff day: kept
        let gone = purge_before(&mut d, NaiveDate::from_ymd_opt(2023, 3, 8).unwrap());
        assert_eq!((gone.cases, gone.events, gone.consultations), (1, 7, 1));
        assert!(d.events.is_empty() && d.consultations.is_empty());
    }
}
