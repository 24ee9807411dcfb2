//! Code lists of case management: states, event types, and the extensible lists of topics
//! (Handlungsfelder), Rechtskreise, closing reasons, consent purposes and residence statuses.
//!
//! Every built-in code has a German and an English label and says where it comes from
//! ([`Origin`]): the seed council papers, the standard DGCC case-management cycle, or an
//! assumption. A Kreis adds its own codes through [`CaseConfig`](super::CaseConfig), never
//! through code edits.

use serde::{Deserialize, Serialize};

/// Where a state, step or code comes from (KIM-RULES §7).
///
/// ```
/// use kim_core::cases::{EventType, Origin};
/// assert_eq!(EventType::Void.origin(), Origin::Assumed);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Stated in the seed council papers.
    Seeds,
    /// The standard case-management cycle (DGCC: Fallklärung, Assessment, Hilfeplanung,
    /// Leistungssteuerung with Linking/Monitoring). Evaluation is commonly taught but not in
    /// the texts read, so it is marked assumed.
    Dgcc,
    /// Assumed: commonly practised, not found in the texts read.
    Assumed,
    /// Added by the Kreis's configuration.
    Configured,
}

impl Origin {
    /// Short English label.
    ///
    /// ```
    /// use kim_core::cases::{CaseState, Origin};
    /// assert_eq!(CaseState::Assessment.origin(), Origin::Dgcc);
    /// assert_eq!(Origin::Dgcc.as_str(), "dgcc");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Seeds => "seeds",
            Origin::Dgcc => "dgcc",
            Origin::Assumed => "assumed",
            Origin::Configured => "configured",
        }
    }
}

macro_rules! state_enum {
    ($( $variant:ident, $code:literal, $de:literal, $en:literal, $origin:ident; )*) => {
        /// The state of a case. A case starts in `klaerung` when it is opened.
        ///
        /// ```
        /// use kim_core::cases::CaseState;
        /// let s: CaseState = serde_json::from_str(r#""aufgenommen""#).unwrap();
        /// assert_eq!(s, CaseState::Aufgenommen);
        /// assert_eq!(CaseState::ALL.first(), Some(&CaseState::Klaerung));
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(tsify::Tsify))]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum CaseState {
            $(
                #[doc = $en]
                $variant,
            )*
        }

        impl CaseState {
            /// Every state, in the order of the cycle.
            ///
            /// ```
            /// assert_eq!(kim_core::cases::CaseState::ALL.len(), 8);
            /// ```
            pub const ALL: &'static [CaseState] = &[$(CaseState::$variant),*];
            /// The code as used in JSON (`klaerung`, `aufgenommen`, …).
            ///
            /// ```
            /// assert_eq!(kim_core::cases::CaseState::Pausiert.as_str(), "pausiert");
            /// ```
            pub fn as_str(self) -> &'static str {
                match self { $(CaseState::$variant => $code,)* }
            }
            /// German label.
            ///
            /// ```
            /// assert_eq!(kim_core::cases::CaseState::Abgeschlossen.label_de(), "Abgeschlossen");
            /// ```
            pub fn label_de(self) -> &'static str {
                match self { $(CaseState::$variant => $de,)* }
            }
            /// English label.
            ///
            /// ```
            /// assert_eq!(kim_core::cases::CaseState::Abgeschlossen.label_en(), "Closed");
            /// ```
            pub fn label_en(self) -> &'static str {
                match self { $(CaseState::$variant => $en,)* }
            }
            /// Where the state comes from.
            ///
            /// ```
            /// use kim_core::cases::{CaseState, Origin};
            /// assert_eq!(CaseState::Klaerung.origin(), Origin::Seeds);
            /// ```
            pub fn origin(self) -> Origin {
                match self { $(CaseState::$variant => Origin::$origin,)* }
            }
        }
    };
}

state_enum! {
    Klaerung, "klaerung", "Klärung / Folgeberatungen", "Clarification / follow-up consultations", Seeds;
    Aufgenommen, "aufgenommen", "Ins Case Management aufgenommen", "Admitted to case management", Seeds;
    Assessment, "assessment", "Assessment", "Assessment", Dgcc;
    Hilfeplanung, "hilfeplanung", "Hilfeplanung", "Support planning", Dgcc;
    Umsetzung, "umsetzung", "Umsetzung (Linking/Monitoring)", "Implementation (linking/monitoring)", Dgcc;
    Evaluation, "evaluation", "Evaluation", "Evaluation", Assumed;
    Pausiert, "pausiert", "Pausiert / ruhend", "Paused", Assumed;
    Abgeschlossen, "abgeschlossen", "Abgeschlossen", "Closed", Assumed;
}

impl CaseState {
    /// Open means any state but `abgeschlossen`.
    ///
    /// ```
    /// use kim_core::cases::CaseState;
    /// assert!(CaseState::Pausiert.is_open() && !CaseState::Abgeschlossen.is_open());
    /// ```
    pub fn is_open(self) -> bool {
        self != CaseState::Abgeschlossen
    }

    /// Admitted to case management (past `klaerung`), paused or not.
    ///
    /// ```
    /// use kim_core::cases::CaseState;
    /// assert!(CaseState::Pausiert.is_admitted() && !CaseState::Klaerung.is_admitted());
    /// ```
    pub fn is_admitted(self) -> bool {
        !matches!(self, CaseState::Klaerung | CaseState::Abgeschlossen)
    }
}

impl std::fmt::Display for CaseState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! event_enum {
    ($( $variant:ident, $code:literal, $de:literal, $en:literal, $origin:ident; )*) => {
        /// What an event records. Transitions change the state; record events
        /// (topics, Rechtskreise, Treppenmodell, consent) keep it.
        ///
        /// ```
        /// use kim_core::cases::EventType;
        /// let e: EventType = serde_json::from_str(r#""add_topic""#).unwrap();
        /// assert_eq!(e, EventType::AddTopic);
        /// assert!(!e.is_transition());
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(tsify::Tsify))]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum EventType {
            $(
                #[doc = $en]
                $variant,
            )*
        }

        impl EventType {
            /// Every event type.
            ///
            /// ```
            /// use kim_core::cases::EventType;
            /// assert!(EventType::ALL.contains(&EventType::Admit));
            /// ```
            pub const ALL: &'static [EventType] = &[$(EventType::$variant),*];
            /// The code as used in JSON (`open`, `admit`, …).
            ///
            /// ```
            /// assert_eq!(kim_core::cases::EventType::FollowUp.as_str(), "follow_up");
            /// ```
            pub fn as_str(self) -> &'static str {
                match self { $(EventType::$variant => $code,)* }
            }
            /// German label.
            ///
            /// ```
            /// assert_eq!(kim_core::cases::EventType::FollowUp.label_de(), "Folgeberatung");
            /// ```
            pub fn label_de(self) -> &'static str {
                match self { $(EventType::$variant => $de,)* }
            }
            /// English label.
            ///
            /// ```
            /// assert_eq!(kim_core::cases::EventType::FollowUp.label_en(), "Follow-up consultation");
            /// ```
            pub fn label_en(self) -> &'static str {
                match self { $(EventType::$variant => $en,)* }
            }
            /// Where the step comes from.
            ///
            /// ```
            /// use kim_core::cases::{EventType, Origin};
            /// assert_eq!(EventType::Open.origin(), Origin::Seeds);
            /// ```
            pub fn origin(self) -> Origin {
                match self { $(EventType::$variant => Origin::$origin,)* }
            }
        }
    };
}

event_enum! {
    Open, "open", "Erstberatung: Fall eröffnet", "First consultation: case opened", Seeds;
    FollowUp, "follow_up", "Folgeberatung", "Follow-up consultation", Seeds;
    Consent, "consent", "Einwilligung erteilt", "Consent given", Assumed;
    RevokeConsent, "revoke_consent", "Einwilligung widerrufen", "Consent revoked", Assumed;
    Admit, "admit", "Aufnahme ins Case Management", "Admission to case management", Seeds;
    StartAssessment, "start_assessment", "Assessment beginnen", "Start assessment", Dgcc;
    Plan, "plan", "Hilfeplan erstellen", "Draw up the support plan", Dgcc;
    Implement, "implement", "Umsetzung: Linking/Monitoring", "Implement: linking/monitoring", Dgcc;
    Evaluate, "evaluate", "Evaluation", "Evaluate", Assumed;
    Replan, "replan", "Hilfeplan anpassen", "Revise the support plan", Dgcc;
    Reassess, "reassess", "Erneutes Assessment", "Reassess", Dgcc;
    Pause, "pause", "Pausieren", "Pause", Assumed;
    Resume, "resume", "Fortsetzen", "Resume", Assumed;
    Close, "close", "Abschließen", "Close", Assumed;
    Reopen, "reopen", "Wiedereröffnen", "Reopen", Assumed;
    AddTopic, "add_topic", "Handlungsfeld hinzufügen", "Add a topic", Seeds;
    RemoveTopic, "remove_topic", "Handlungsfeld beenden", "End a topic", Seeds;
    FlagTopic, "flag_topic", "Als generatives Thema melden", "Flag as a generative topic", Seeds;
    SetRechtskreis, "set_rechtskreis", "Rechtskreis festhalten", "Record the Rechtskreis", Seeds;
    Rechtskreiswechsel, "rechtskreiswechsel", "Rechtskreiswechsel", "Change of Rechtskreis", Seeds;
    SetTreppe, "set_treppe", "Stufe im Treppenmodell", "Treppenmodell level", Seeds;
    Void, "void", "Stornieren (Korrektur)", "Void (correction)", Assumed;
}

impl EventType {
    /// Does this event change the state (as opposed to recording details)?
    ///
    /// ```
    /// use kim_core::cases::EventType;
    /// assert!(EventType::Admit.is_transition() && !EventType::Consent.is_transition());
    /// ```
    pub fn is_transition(self) -> bool {
        matches!(
            self,
            EventType::Open
                | EventType::Admit
                | EventType::StartAssessment
                | EventType::Plan
                | EventType::Implement
                | EventType::Evaluate
                | EventType::Replan
                | EventType::Reassess
                | EventType::Pause
                | EventType::Resume
                | EventType::Close
                | EventType::Reopen
                | EventType::RevokeConsent
        )
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which code list a code belongs to.
///
/// ```
/// use kim_core::cases::ListKind;
/// assert_eq!(serde_json::from_str::<ListKind>(r#""closing_reason""#).unwrap(), ListKind::ClosingReason);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// Handlungsfelder (topics).
    Topic,
    /// Rechtskreise (legal domains).
    Rechtskreis,
    /// Closing reasons.
    ClosingReason,
    /// Purposes of consent.
    ConsentPurpose,
    /// Residence statuses (for target-group predicates).
    Status,
    /// Kommunen are free text in the Kreis's spelling: not a fixed list.
    Kommune,
}

impl ListKind {
    /// English name as used in messages.
    ///
    /// ```
    /// assert_eq!(kim_core::cases::ListKind::Topic.as_str(), "topic");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Topic => "topic",
            ListKind::Rechtskreis => "rechtskreis",
            ListKind::ClosingReason => "closing reason",
            ListKind::ConsentPurpose => "consent purpose",
            ListKind::Status => "status",
            ListKind::Kommune => "kommune",
        }
    }
    /// German name.
    ///
    /// ```
    /// assert_eq!(kim_core::cases::ListKind::Topic.label_de(), "Handlungsfeld");
    /// ```
    pub fn label_de(self) -> &'static str {
        match self {
            ListKind::Topic => "Handlungsfeld",
            ListKind::Rechtskreis => "Rechtskreis",
            ListKind::ClosingReason => "Abschlussgrund",
            ListKind::ConsentPurpose => "Einwilligungszweck",
            ListKind::Status => "Aufenthaltsstatus",
            ListKind::Kommune => "Kommune",
        }
    }
    /// The built-in codes of the list.
    ///
    /// ```
    /// use kim_core::cases::ListKind;
    /// assert!(ListKind::ConsentPurpose.builtin().iter().any(|c| c.code == "fallmanagement"));
    /// ```
    pub fn builtin(self) -> &'static [BuiltinCode] {
        match self {
            ListKind::Topic => TOPICS,
            ListKind::Rechtskreis => RECHTSKREISE,
            ListKind::ClosingReason => CLOSING_REASONS,
            ListKind::ConsentPurpose => CONSENT_PURPOSES,
            ListKind::Status => STATUSES,
            ListKind::Kommune => &[],
        }
    }
}

/// A built-in code with its labels and origin.
///
/// ```
/// let wohnen = kim_core::cases::codes::TOPICS.iter().find(|c| c.code == "WOHNEN").unwrap();
/// assert!(!wohnen.label_de.is_empty());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BuiltinCode {
    /// The code as used in JSON.
    pub code: &'static str,
    /// German label.
    pub label_de: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// Where it comes from.
    pub origin: Origin,
}

const fn c(
    code: &'static str,
    label_de: &'static str,
    label_en: &'static str,
    origin: Origin,
) -> BuiltinCode {
    BuiltinCode {
        code,
        label_de,
        label_en,
        origin,
    }
}

/// Handlungsfelder compiled from the seeds and KIM sources (KIM-RULES §7).
pub const TOPICS: &[BuiltinCode] = &[
    c("WOHNEN", "Wohnen/Wohnungssuche", "Housing", Origin::Seeds),
    c(
        "AUFENTHALT",
        "Aufenthalt/aufenthaltsrechtliche Fragen",
        "Residence law",
        Origin::Seeds,
    ),
    c(
        "FAMILIENNACHZUG",
        "Familienzusammenführung",
        "Family reunification",
        Origin::Seeds,
    ),
    c(
        "ARBEIT",
        "Erwerbstätigkeit/Arbeits- und Ausbildungssuche",
        "Work and training",
        Origin::Seeds,
    ),
    c(
        "SPRACHE",
        "Deutschkurse/Spracherwerb",
        "Language courses",
        Origin::Seeds,
    ),
    c(
        "BILDUNG",
        "Bildung/Schulbesuch/Seiteneinstieg",
        "Education and school",
        Origin::Seeds,
    ),
    c(
        "ANERKENNUNG",
        "Anerkennung von Abschlüssen",
        "Recognition of qualifications",
        Origin::Seeds,
    ),
    c("GESUNDHEIT", "Gesundheit", "Health", Origin::Seeds),
    c(
        "TEILHABE",
        "Soziale Teilhabe",
        "Social participation",
        Origin::Seeds,
    ),
    c("FAMILIE", "Familie", "Family", Origin::Seeds),
    c(
        "BEHOERDEN",
        "Umgang mit Behörden",
        "Dealing with authorities",
        Origin::Seeds,
    ),
    c(
        "LEISTUNGEN",
        "Leistungsbezug/Rechtskreiswechsel",
        "Benefits / change of Rechtskreis",
        Origin::Seeds,
    ),
    c(
        "ORIENTIERUNG",
        "Erstorientierung",
        "Initial orientation",
        Origin::Seeds,
    ),
    c(
        "EINBUERGERUNG",
        "Einbürgerung",
        "Naturalisation",
        Origin::Seeds,
    ),
];

/// Rechtskreise (legal domains).
pub const RECHTSKREISE: &[BuiltinCode] = &[
    c(
        "AsylbLG",
        "Asylbewerberleistungsgesetz",
        "Asylum Seekers' Benefits Act",
        Origin::Seeds,
    ),
    c(
        "SGB_II",
        "SGB II (Bürgergeld)",
        "SGB II (citizen's income)",
        Origin::Seeds,
    ),
    c(
        "SGB_III",
        "SGB III (Arbeitsförderung)",
        "SGB III (employment promotion)",
        Origin::Seeds,
    ),
    c(
        "SGB_VIII",
        "SGB VIII (Kinder- und Jugendhilfe)",
        "SGB VIII (child and youth welfare)",
        Origin::Seeds,
    ),
    c(
        "SGB_XII",
        "SGB XII (Sozialhilfe)",
        "SGB XII (social assistance)",
        Origin::Assumed,
    ),
    c(
        "AufenthG",
        "Aufenthaltsgesetz",
        "Residence Act",
        Origin::Seeds,
    ),
    c(
        "StAG",
        "Staatsangehörigkeitsgesetz",
        "Nationality Act",
        Origin::Assumed,
    ),
];

/// Closing reasons (no source names them: assumed, extensible).
pub const CLOSING_REASONS: &[BuiltinCode] = &[
    c(
        "ziel_erreicht",
        "Ziel erreicht",
        "Goal reached",
        Origin::Assumed,
    ),
    c(
        "uebergabe",
        "An anderes Fallmanagement übergeben",
        "Handed over to another Fallmanagement",
        Origin::Assumed,
    ),
    c(
        "kein_kontakt",
        "Zurückgezogen / kein Kontakt",
        "Withdrew / no contact",
        Origin::Assumed,
    ),
    c("verzogen", "Verzogen", "Moved away", Origin::Assumed),
    c(
        "nicht_berechtigt",
        "Nicht zur Zielgruppe gehörig",
        "Not eligible",
        Origin::Assumed,
    ),
    c(
        "einwilligung_widerrufen",
        "Einwilligung widerrufen",
        "Consent revoked",
        Origin::Assumed,
    ),
    c("sonstiges", "Sonstiges", "Other", Origin::Assumed),
];

/// Purposes of consent. `fallmanagement` is the consent that admission requires.
pub const CONSENT_PURPOSES: &[BuiltinCode] = &[
    c(
        "fallmanagement",
        "Teilnahme am Case Management",
        "Taking part in case management",
        Origin::Assumed,
    ),
    c(
        "datenweitergabe",
        "Weitergabe von Daten an beteiligte Stellen",
        "Sharing data with the agencies involved",
        Origin::Assumed,
    ),
];

/// The consent purpose admission requires; revoking it closes the case and erases details.
pub const CM_CONSENT: &str = "fallmanagement";

/// The closing reason recorded when the case-management consent is revoked.
pub const REVOKED_REASON: &str = "einwilligung_widerrufen";

/// Residence statuses for target-group predicates (§ 9 (1) TIntG names refugees, tolerated
/// and newly immigrated people).
pub const STATUSES: &[BuiltinCode] = &[
    c(
        "gestattung",
        "Aufenthaltsgestattung (Asylverfahren)",
        "Permission to stay (asylum procedure)",
        Origin::Seeds,
    ),
    c("duldung", "Duldung", "Toleration (Duldung)", Origin::Seeds),
    c(
        "aufenthaltserlaubnis",
        "Aufenthaltserlaubnis",
        "Residence permit",
        Origin::Seeds,
    ),
    c(
        "niederlassungserlaubnis",
        "Niederlassungserlaubnis",
        "Settlement permit",
        Origin::Assumed,
    ),
    c("eu", "EU-Freizügigkeit", "EU free movement", Origin::Seeds),
    c(
        "sonstiges",
        "Sonstiger Status",
        "Other status",
        Origin::Assumed,
    ),
];
