//! The case lifecycle as data: one function (`transition`) holds the rules; the table, the
//! allowed next steps and the Mermaid diagram are generated from it.

use super::codes::{CaseState, EventType, Origin};
use crate::validate::Lang;
use serde::{Deserialize, Serialize};

/// States a case can be paused from (open and not paused).
const ACTIVE: [CaseState; 6] = [
    CaseState::Klaerung,
    CaseState::Aufgenommen,
    CaseState::Assessment,
    CaseState::Hilfeplanung,
    CaseState::Umsetzung,
    CaseState::Evaluation,
];

/// The state after `event` in state `from`, or `None` if not allowed. `paused_from` is where
/// a paused case resumes to; `cm_purpose` says whether a consent event concerns the consent
/// to case management (revoking it closes the case).
pub(crate) fn transition(
    from: CaseState,
    event: EventType,
    paused_from: Option<CaseState>,
    cm_purpose: bool,
) -> Option<CaseState> {
    use CaseState as S;
    use EventType as E;
    let open = from.is_open();
    let active = ACTIVE.contains(&from);
    match (from, event) {
        (S::Klaerung, E::FollowUp) => Some(S::Klaerung),
        (S::Klaerung, E::Admit) => Some(S::Aufgenommen),
        (S::Aufgenommen, E::StartAssessment) => Some(S::Assessment),
        (S::Assessment, E::Plan) => Some(S::Hilfeplanung),
        (S::Hilfeplanung, E::Implement) => Some(S::Umsetzung),
        (S::Umsetzung, E::Evaluate) => Some(S::Evaluation),
        (S::Evaluation, E::Replan) => Some(S::Hilfeplanung),
        (S::Evaluation, E::Reassess) => Some(S::Assessment),
        (_, E::Pause) if active => Some(S::Pausiert),
        (S::Pausiert, E::Resume) => paused_from.filter(|p| ACTIVE.contains(p)),
        (_, E::Close) if open => Some(S::Abgeschlossen),
        (S::Abgeschlossen, E::Reopen) => Some(S::Klaerung),
        (_, E::RevokeConsent) if cm_purpose && open => Some(S::Abgeschlossen),
        (_, E::RevokeConsent) => Some(from),
        (
            _,
            E::Consent
            | E::AddTopic
            | E::RemoveTopic
            | E::FlagTopic
            | E::SetRechtskreis
            | E::Rechtskreiswechsel
            | E::SetTreppe,
        ) if open => Some(from),
        _ => None,
    }
}

/// A condition attached to a row of the transition table.
///
/// ```
/// use kim_core::cases::{transition_table, Condition, EventType};
/// let admit = transition_table().into_iter().find(|t| t.event == EventType::Admit).unwrap();
/// assert_eq!(admit.condition, Some(Condition::ConsentRequired));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Admission needs a valid consent to case management.
    ConsentRequired,
    /// A paused case resumes only to the state it left.
    ResumesToPrevious,
    /// The event needs a reason code.
    ReasonRequired,
    /// Revoking the consent to case management closes the case and erases its details.
    RevokesCaseManagement,
    /// Revoking another consent keeps the state.
    OtherPurpose,
    /// Revoking the consent after closure erases the details; the case stays closed.
    ErasesDetails,
}

impl Condition {
    /// English text.
    ///
    /// ```
    /// assert!(kim_core::cases::Condition::ConsentRequired.label_en().starts_with("requires a valid consent"));
    /// ```
    pub fn label_en(self) -> &'static str {
        match self {
            Condition::ConsentRequired => {
                "requires a valid consent to case management (purpose fallmanagement)"
            }
            Condition::ResumesToPrevious => "only to the state the case was paused from",
            Condition::ReasonRequired => "requires a reason code",
            Condition::RevokesCaseManagement => {
                "purpose fallmanagement: closes the case and erases its details"
            }
            Condition::OtherPurpose => "other purposes: the state stays",
            Condition::ErasesDetails => "erases the details; the case stays closed",
        }
    }
    /// German text.
    ///
    /// ```
    /// assert!(kim_core::cases::Condition::ConsentRequired.label_de().starts_with("erfordert eine gültige Einwilligung"));
    /// ```
    pub fn label_de(self) -> &'static str {
        match self {
            Condition::ConsentRequired => {
                "erfordert eine gültige Einwilligung in das Case Management (Zweck fallmanagement)"
            }
            Condition::ResumesToPrevious => "nur in den Zustand, aus dem pausiert wurde",
            Condition::ReasonRequired => "erfordert einen Grund (Code)",
            Condition::RevokesCaseManagement => {
                "Zweck fallmanagement: schließt den Fall und löscht die Details"
            }
            Condition::OtherPurpose => "andere Zwecke: der Zustand bleibt",
            Condition::ErasesDetails => "löscht die Details; der Fall bleibt abgeschlossen",
        }
    }
}

/// One allowed (from, event, to) row.
///
/// ```
/// use kim_core::cases::{transition_table, CaseState, EventType};
/// let open = transition_table().into_iter().find(|t| t.event == EventType::Open).unwrap();
/// assert_eq!((open.from, open.to), (None, CaseState::Klaerung));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// State before (absent: a case not yet opened).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<CaseState>,
    /// The event.
    pub event: EventType,
    /// State after.
    pub to: CaseState,
    /// A record event (keeps the state: topics, Rechtskreise, Treppenmodell, consent).
    pub record: bool,
    /// Condition, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// German label of the event.
    pub label_de: String,
    /// English label of the event.
    pub label_en: String,
    /// Where the step comes from.
    pub origin: Origin,
}

fn row(
    from: Option<CaseState>,
    event: EventType,
    to: CaseState,
    condition: Option<Condition>,
) -> Transition {
    Transition {
        from,
        event,
        to,
        record: from == Some(to),
        condition,
        label_de: event.label_de().to_owned(),
        label_en: event.label_en().to_owned(),
        origin: event.origin(),
    }
}

/// Every allowed (from, event, to) row, generated from the rules: forms and notebooks show
/// the allowed next steps from it without re-implementing them.
///
/// ```
/// use kim_core::cases::{transition_table, CaseState, EventType};
/// let rows = transition_table();
/// assert!(rows.iter().any(|r| r.from == Some(CaseState::Klaerung)
///     && r.event == EventType::Admit && r.to == CaseState::Aufgenommen));
/// // nothing leaves a closed case but reopen (and revoking consent, which keeps it closed)
/// assert!(rows.iter().filter(|r| r.from == Some(CaseState::Abgeschlossen))
///     .all(|r| r.event == EventType::Reopen || r.to == CaseState::Abgeschlossen));
/// ```
pub fn transition_table() -> Vec<Transition> {
    let mut rows = vec![row(None, EventType::Open, CaseState::Klaerung, None)];
    for &from in CaseState::ALL {
        for &event in EventType::ALL {
            match event {
                EventType::Resume => {
                    for &back in &ACTIVE {
                        if let Some(to) = transition(from, event, Some(back), false) {
                            rows.push(row(
                                Some(from),
                                event,
                                to,
                                Some(Condition::ResumesToPrevious),
                            ));
                        }
                    }
                }
                EventType::RevokeConsent => {
                    if let Some(to) = transition(from, event, None, true) {
                        let c = if from.is_open() {
                            Condition::RevokesCaseManagement
                        } else {
                            Condition::ErasesDetails
                        };
                        rows.push(row(Some(from), event, to, Some(c)));
                    }
                    if let Some(to) = transition(from, event, None, false) {
                        rows.push(row(Some(from), event, to, Some(Condition::OtherPurpose)));
                    }
                }
                _ => {
                    if let Some(to) = transition(from, event, None, false) {
                        let condition = match event {
                            EventType::Admit => Some(Condition::ConsentRequired),
                            EventType::Close | EventType::Reopen => Some(Condition::ReasonRequired),
                            _ => None,
                        };
                        rows.push(row(Some(from), event, to, condition));
                    }
                }
            }
        }
    }
    rows
}

/// The rows allowed now for a case in `state` (absent: not yet opened), paused from
/// `paused_from`.
///
/// ```
/// use kim_core::cases::{next_steps, CaseState, EventType};
/// let steps = next_steps(Some(CaseState::Klaerung), None);
/// assert!(steps.iter().any(|t| t.event == EventType::Admit));
/// ```
pub fn next_steps(state: Option<CaseState>, paused_from: Option<CaseState>) -> Vec<Transition> {
    transition_table()
        .into_iter()
        .filter(|r| r.from == state)
        .filter(|r| r.event != EventType::Resume || Some(r.to) == paused_from)
        .collect()
}

/// The state diagram as Mermaid (`stateDiagram-v2`), generated from [`transition_table`]:
/// one arrow per (from, to) pair with its events; record events, which keep the state, are
/// listed in a note.
///
/// ```
/// let diagram = kim_core::cases::mermaid(kim_core::Lang::De);
/// assert!(diagram.starts_with("stateDiagram"));
/// ```
pub fn mermaid(lang: Lang) -> String {
    use std::fmt::Write as _;
    let de = lang == Lang::De;
    let mut out = String::from("stateDiagram-v2\n");
    for &s in CaseState::ALL {
        let _ = writeln!(
            out,
            "    state \"{}\" as {}",
            if de { s.label_de() } else { s.label_en() },
            s.as_str()
        );
    }
    let mut edges: Vec<(String, String, Vec<&'static str>)> = Vec::new();
    for r in transition_table() {
        // state-keeping rows go to the note, except follow_up, which only `klaerung` allows
        if r.from == Some(r.to) && r.event != EventType::FollowUp {
            continue;
        }
        let from = r
            .from
            .map_or_else(|| "[*]".to_owned(), |f| f.as_str().to_owned());
        let to = r.to.as_str().to_owned();
        match edges.iter_mut().find(|(f, t, _)| *f == from && *t == to) {
            Some((_, _, events)) => {
                if !events.contains(&r.event.as_str()) {
                    events.push(r.event.as_str());
                }
            }
            None => edges.push((from, to, vec![r.event.as_str()])),
        }
    }
    for (from, to, events) in &edges {
        let _ = writeln!(out, "    {from} --> {to}: {}", events.join(" / "));
    }
    let _ = writeln!(out, "    abgeschlossen --> [*]");
    let records: Vec<&str> = EventType::ALL
        .iter()
        .filter(|e| !e.is_transition() && !matches!(e, EventType::Void | EventType::FollowUp))
        .map(|e| e.as_str())
        .collect();
    let _ = writeln!(
        out,
        "    note right of umsetzung\n        {}: {}\n    end note",
        if de {
            "in jedem offenen Zustand, ohne Zustandswechsel"
        } else {
            "in every open state, state unchanged"
        },
        records.join(", ")
    );
    out
}
