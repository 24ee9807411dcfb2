//! A Kreis's configuration of case management: extra codes, Treppenmodell labels, target-group
//! predicates, the generative-topic threshold, Fallrekonstruktion limits and small-cell
//! suppression. Every field has a documented default; the sources leave these open
//! (KIM-RULES §9 items 9 and 10).

use super::codes::{BuiltinCode, ListKind, Origin};
use serde::{Deserialize, Serialize};

/// An extra code added by a Kreis, with labels.
///
/// ```
/// use kim_core::cases::{CaseConfig, CodeLabel, ListKind};
/// let config = CaseConfig { topics: vec![CodeLabel { code: "DIGITAL".into(), label_de: "Digitale Teilhabe".into(), label_en: None }], ..CaseConfig::default() };
/// assert!(config.knows(ListKind::Topic, "DIGITAL"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CodeLabel {
    /// The code as used in events (`A-Z`, `a-z`, digits, `_` and `-`).
    pub code: String,
    /// German label.
    pub label_de: String,
    /// English label (defaults to the German one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
}

/// Target-group predicates, checked at admission. A failing predicate is a warning
/// (`KIM-C017`) with its reason, never a silent block.
///
/// ```
/// use kim_core::cases::Eligibility;
/// let e: Eligibility = serde_json::from_str(r#"{"min_age": 18}"#).unwrap();
/// assert!(!e.is_empty() && Eligibility::default().is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// Admissible residence statuses (empty: any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<String>,
    /// At most this many years between arrival and admission (Märkischer Kreis: 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_years_since_arrival: Option<u32>,
    /// Youngest admissible age in years (Köln: 18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u8>,
    /// Oldest admissible age in years (Köln: 27).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u8>,
    /// Only people without another Fallmanagement (Märkischer Kreis, Neuss).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_other_fallmanagement: bool,
}

impl Eligibility {
    /// True when no predicate is set.
    ///
    /// ```
    /// assert!(kim_core::cases::CaseConfig::default().eligibility.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self == &Eligibility::default()
    }
}

/// Limits for Fallrekonstruktionen (Neuss: "jährlich bis zu vier Fallrekonstruktionen von drei
/// bis vier Fällen").
///
/// ```
/// let limits = kim_core::cases::CaseConfig::default().fallrekonstruktion;
/// assert_eq!((limits.max_per_year, limits.min_cases, limits.max_cases), (4, 3, 4));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FallrekonstruktionLimits {
    /// Most sets per calendar year (default 4).
    #[serde(default = "four")]
    pub max_per_year: u32,
    /// Fewest cases per set (default 3).
    #[serde(default = "three")]
    pub min_cases: u32,
    /// Most cases per set (default 4).
    #[serde(default = "four")]
    pub max_cases: u32,
}

fn three() -> u32 {
    3
}
fn four() -> u32 {
    4
}
fn five() -> u32 {
    5
}
fn five_u8() -> u8 {
    5
}

impl Default for FallrekonstruktionLimits {
    fn default() -> Self {
        FallrekonstruktionLimits {
            max_per_year: 4,
            min_cases: 3,
            max_cases: 4,
        }
    }
}

/// Case-management configuration of one Kreis (part of a `kim.cases.v1` document).
///
/// ```
/// let config = kim_core::cases::CaseConfig::default();
/// assert_eq!((config.suppress_below, config.treppe_levels), (3, 5));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseConfig {
    /// Extra Handlungsfelder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<CodeLabel>,
    /// Extra Rechtskreise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rechtskreise: Vec<CodeLabel>,
    /// Extra closing reasons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closing_reasons: Vec<CodeLabel>,
    /// Extra consent purposes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consent_purposes: Vec<CodeLabel>,
    /// Extra residence statuses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<CodeLabel>,
    /// Number of Treppenmodell levels (default 5, Kreis Coesfeld).
    #[serde(default = "five_u8")]
    pub treppe_levels: u8,
    /// Labels of the Treppenmodell levels. The step names are not published: by default the
    /// levels are called "Stufe 1" … "Stufe 5".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub treppe_labels: Vec<String>,
    /// A topic is reported as generative when flagged in at least this many cases in the
    /// report period (default 5).
    #[serde(default = "five")]
    pub generative_min_cases: u32,
    /// Fallrekonstruktion limits.
    #[serde(default)]
    pub fallrekonstruktion: FallrekonstruktionLimits,
    /// Target-group predicates checked at admission.
    #[serde(default, skip_serializing_if = "Eligibility::is_empty")]
    pub eligibility: Eligibility,
    /// Counts below this value are shown as `<k` in reports (default 3; 0 or 1 disables).
    #[serde(default = "three")]
    pub suppress_below: u32,
}

impl Default for CaseConfig {
    fn default() -> Self {
        CaseConfig {
            topics: Vec::new(),
            rechtskreise: Vec::new(),
            closing_reasons: Vec::new(),
            consent_purposes: Vec::new(),
            statuses: Vec::new(),
            treppe_levels: 5,
            treppe_labels: Vec::new(),
            generative_min_cases: 5,
            fallrekonstruktion: FallrekonstruktionLimits::default(),
            eligibility: Eligibility::default(),
            suppress_below: 3,
        }
    }
}

/// A code of a list, built-in or configured, with its labels.
///
/// ```
/// use kim_core::cases::{CaseConfig, ListKind};
/// let config = CaseConfig::default();
/// let first = &config.list(ListKind::ConsentPurpose)[0];
/// assert_eq!(first.origin, kim_core::cases::Origin::Assumed);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ListEntry {
    /// The code.
    pub code: String,
    /// German label.
    pub label_de: String,
    /// English label.
    pub label_en: String,
    /// Built in (with its origin) or configured.
    pub origin: Origin,
}

impl CaseConfig {
    fn extras(&self, list: ListKind) -> &[CodeLabel] {
        match list {
            ListKind::Topic => &self.topics,
            ListKind::Rechtskreis => &self.rechtskreise,
            ListKind::ClosingReason => &self.closing_reasons,
            ListKind::ConsentPurpose => &self.consent_purposes,
            ListKind::Status => &self.statuses,
            ListKind::Kommune => &[],
        }
    }

    /// Is `code` in the list (built in or configured)?
    ///
    /// ```
    /// use kim_core::cases::{CaseConfig, ListKind};
    /// let config = CaseConfig::default();
    /// assert!(config.knows(ListKind::Topic, "WOHNEN") && !config.knows(ListKind::Topic, "NOPE"));
    /// ```
    pub fn knows(&self, list: ListKind, code: &str) -> bool {
        list.builtin().iter().any(|b| b.code == code)
            || self.extras(list).iter().any(|e| e.code == code)
    }

    /// Every code of a list: the built-in ones, then the configured ones.
    ///
    /// ```
    /// use kim_core::cases::{CaseConfig, ListKind};
    /// let config = CaseConfig::default();
    /// assert!(config.list(ListKind::Topic).iter().any(|e| e.code == "WOHNEN"));
    /// ```
    pub fn list(&self, list: ListKind) -> Vec<ListEntry> {
        let builtin = list.builtin().iter().map(|b: &BuiltinCode| ListEntry {
            code: b.code.to_owned(),
            label_de: b.label_de.to_owned(),
            label_en: b.label_en.to_owned(),
            origin: b.origin,
        });
        let extra = self.extras(list).iter().map(|e| ListEntry {
            code: e.code.clone(),
            label_de: e.label_de.clone(),
            label_en: e.label_en.clone().unwrap_or_else(|| e.label_de.clone()),
            origin: Origin::Configured,
        });
        builtin.chain(extra).collect()
    }

    /// The German label of a code (the code itself when unknown).
    ///
    /// ```
    /// use kim_core::cases::{CaseConfig, ListKind};
    /// let config = CaseConfig::default();
    /// assert_eq!(config.label_de(ListKind::Topic, "NOPE"), "NOPE"); // unknown: the code itself
    /// ```
    pub fn label_de(&self, list: ListKind, code: &str) -> String {
        self.label(list, code, |e| e.label_de.clone())
    }

    /// The English label of a code (the code itself when unknown).
    ///
    /// ```
    /// use kim_core::cases::{CaseConfig, ListKind};
    /// let config = CaseConfig::default();
    /// assert_ne!(config.label_en(ListKind::Topic, "WOHNEN"), "WOHNEN");
    /// ```
    pub fn label_en(&self, list: ListKind, code: &str) -> String {
        self.label(list, code, |e| e.label_en.clone())
    }

    fn label(&self, list: ListKind, code: &str, pick: impl Fn(&ListEntry) -> String) -> String {
        self.list(list)
            .iter()
            .find(|e| e.code == code)
            .map_or_else(|| code.to_owned(), pick)
    }

    /// The label of a Treppenmodell level (1-based): configured, or "Stufe n".
    ///
    /// ```
    /// assert_eq!(kim_core::cases::CaseConfig::default().treppe_label(2), "Stufe 2");
    /// ```
    pub fn treppe_label(&self, level: u8) -> String {
        usize::from(level)
            .checked_sub(1)
            .and_then(|i| self.treppe_labels.get(i))
            .cloned()
            .unwrap_or_else(|| format!("Stufe {level}"))
    }
}
