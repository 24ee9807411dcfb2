//! Case management (KIM-RULES §7): consultations and cases as separate records, the case
//! lifecycle as data ([`transition_table`]), bitemporal append-only histories ([`replay`],
//! [`Case::apply`]), topics (Handlungsfelder) and Rechtskreise, the system level
//! (Treppenmodell, generative topics, Fallrekonstruktionen), target-group predicates, and
//! privacy by design: pseudonymous ids, codes instead of free text, erasure after a revoked
//! consent ([`erase_revoked`]) and retention ([`purge_before`]).
//!
//! ```
//! use kim_core::cases::{replay, CaseEvent, CaseState, EventType};
//! use chrono::NaiveDate;
//! let day = |m, d| NaiveDate::from_ymd_opt(2023, m, d).unwrap();
//! let ev = |id: &str, e, m, d| {
//!     CaseEvent::new(id, "c-0001", e, day(m, d), day(m, d).and_hms_opt(10, 0, 0).unwrap(), "s-01")
//! };
//! let events = vec![
//!     CaseEvent { kommune: Some("Heinsberg".into()), ..ev("e1", EventType::Open, 2, 1) },
//!     CaseEvent { purpose: Some("fallmanagement".into()), ..ev("e2", EventType::Consent, 2, 8) },
//!     ev("e3", EventType::Admit, 2, 8),
//!     CaseEvent { topic: Some("WOHNEN".into()), ..ev("e4", EventType::AddTopic, 2, 9) },
//!     ev("e5", EventType::StartAssessment, 2, 15),
//! ];
//! let report = replay(&events);
//! assert!(report.is_valid());
//! assert_eq!(report.final_state, Some(CaseState::Assessment));
//! assert_eq!(report.record.topics[0].code, "WOHNEN");
//! ```

pub mod codes;
pub mod config;
pub mod document;
pub mod event;
pub mod history;
pub mod table;

pub use codes::{CaseState, EventType, ListKind, Origin};
pub use config::{CaseConfig, CodeLabel, Eligibility, FallrekonstruktionLimits, ListEntry};
pub use document::{
    CASES_SCHEMA, CasesDocument, CasesReplay, Consultation, ConsultationKind, Fallrekonstruktion,
    Purged, erase_revoked, purge_before, replay_document,
};
pub use event::{CaseEvent, is_pseudonym};
pub use history::{
    Case, CaseRecord, Closure, ConsentRecord, EventViolation, MAX_EVENTS_PER_CASE, Outcome,
    ReplayReport, Span, TimelineEntry, check_event_limit, replay, replay_with,
};
pub use table::{Condition, Transition, mermaid, next_steps, transition_table};
