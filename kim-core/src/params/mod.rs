//! Dated parameter tables: the Land's rates per post kind, each with validity, unit,
//! source and evidence status (OpenFisca-style). The default table is embedded from
//! `kim-core/data/params.toml`.
//!
//! ```
//! use kim_core::{Params, RateKey, Mode, Euro};
//! use chrono::NaiveDate;
//! let params = Params::default();
//! let day = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
//! let rate = params.rate(RateKey::CaseManager, day, Mode::Strict)?;
//! assert_eq!(rate.per_fte_year()?.to_string(), "57000.00");
//!
//! // 2024 is not in any source: strict mode says so …
//! let later = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
//! assert_eq!(params.rate(RateKey::CaseManager, later, Mode::Strict).unwrap_err().code().as_str(), "KIM-R001");
//! // … lenient mode carries 2023 forward and marks it assumed.
//! let carried = params.rate(RateKey::CaseManager, later, Mode::Lenient)?;
//! assert!(carried.carried_forward);
//!
//! // What-if: 60,000 € from 2026 on.
//! let what_if = params.with_override(
//!     RateKey::CaseManager,
//!     NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
//!     None,
//!     "60000".parse::<Euro>()?,
//! )?;
//! let r = what_if.rate(RateKey::CaseManager, NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(), Mode::Strict)?;
//! assert_eq!(r.per_fte_year()?.to_string(), "60000.00");
//! # Ok::<(), kim_core::Error>(())
//! ```

use crate::doc;
use crate::error::{Error, Result};
use crate::money::Euro;
use crate::period::{Period, date};
use crate::program::{Baustein, PostKind};
use crate::validate::{Code, Violation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The schema version of parameter tables.
pub const PARAMS_SCHEMA: &str = "kim.params.v1";

/// The embedded default table (`kim-core/data/params.toml`).
pub const DEFAULT_PARAMS_TOML: &str = include_str!("../../data/params.toml");

/// [`DEFAULT_PARAMS_TOML`] converted to JSON at build time (`build.rs`): what
/// [`Params::default`] reads, with the JSON reader every document goes through, so that a
/// binary which never reads TOML carries no TOML parser.
const DEFAULT_PARAMS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/params.json"));

/// What a rate is for: a post kind, or the one-off workplace set-up money.
///
/// ```
/// use kim_core::RateKey;
/// assert_eq!(serde_json::from_str::<RateKey>(r#""case_manager""#).unwrap(), RateKey::CaseManager);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RateKey {
    /// Coordination post (Baustein 1).
    Coordination,
    /// Administrative assistance (Baustein 1).
    AdminAssistance,
    /// Case manager (Baustein 2).
    CaseManager,
    /// Immigration office post (Baustein 3).
    Abh,
    /// Naturalisation office post (Baustein 3).
    Ebh,
    /// One-off workplace set-up per full-time post (Baustein 1, *Sachkosten*).
    WorkplaceSetup,
}

impl From<PostKind> for RateKey {
    fn from(k: PostKind) -> Self {
        match k {
            PostKind::Coordination => RateKey::Coordination,
            PostKind::AdminAssistance => RateKey::AdminAssistance,
            PostKind::CaseManager => RateKey::CaseManager,
            PostKind::Abh => RateKey::Abh,
            PostKind::Ebh => RateKey::Ebh,
        }
    }
}

impl RateKey {
    /// Name as used in JSON and TOML.
    ///
    /// ```
    /// assert_eq!(kim_core::RateKey::WorkplaceSetup.as_str(), "workplace_setup");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RateKey::WorkplaceSetup => "workplace_setup",
            RateKey::Coordination => PostKind::Coordination.as_str(),
            RateKey::AdminAssistance => PostKind::AdminAssistance.as_str(),
            RateKey::CaseManager => PostKind::CaseManager.as_str(),
            RateKey::Abh => PostKind::Abh.as_str(),
            RateKey::Ebh => PostKind::Ebh.as_str(),
        }
    }
    /// German label.
    ///
    /// ```
    /// assert_eq!(kim_core::RateKey::WorkplaceSetup.label_de(), "Arbeitsplatzausstattung");
    /// ```
    pub fn label_de(self) -> &'static str {
        match self {
            RateKey::WorkplaceSetup => "Arbeitsplatzausstattung",
            RateKey::Coordination => PostKind::Coordination.label_de(),
            RateKey::AdminAssistance => PostKind::AdminAssistance.label_de(),
            RateKey::CaseManager => PostKind::CaseManager.label_de(),
            RateKey::Abh => PostKind::Abh.label_de(),
            RateKey::Ebh => PostKind::Ebh.label_de(),
        }
    }
}

impl fmt::Display for RateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What one unit of a rate's value pays for.
///
/// ```
/// use kim_core::Per;
/// assert_eq!(serde_json::from_str::<Per>(r#""half_post_year""#).unwrap(), Per::HalfPostYear);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// Per VZÄ and year.
    FteYear,
    /// Per half post (0.5 VZÄ) and year.
    HalfPostYear,
    /// Once per full-time post.
    FullTimePostOnce,
}

impl Per {
    /// Name as used in JSON and TOML.
    ///
    /// ```
    /// assert_eq!(kim_core::Per::FteYear.as_str(), "fte_year");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Per::FteYear => "fte_year",
            Per::HalfPostYear => "half_post_year",
            Per::FullTimePostOnce => "full_time_post_once",
        }
    }
    /// German label.
    ///
    /// ```
    /// assert_eq!(kim_core::Per::HalfPostYear.label_de(), "je 0,5 Stelle und Jahr");
    /// ```
    pub fn label_de(self) -> &'static str {
        match self {
            Per::FteYear => "je VZÄ und Jahr",
            Per::HalfPostYear => "je 0,5 Stelle und Jahr",
            Per::FullTimePostOnce => "einmalig je Vollzeitstelle",
        }
    }
    /// English label.
    ///
    /// ```
    /// assert_eq!(kim_core::Per::HalfPostYear.label_en(), "per 0.5 post and year");
    /// ```
    pub fn label_en(self) -> &'static str {
        match self {
            Per::FteYear => "per VZÄ and year",
            Per::HalfPostYear => "per 0.5 post and year",
            Per::FullTimePostOnce => "once per full-time post",
        }
    }
}

/// Evidence status of a value (KIM-RULES conventions).
///
/// ```
/// use kim_core::{Mode, Params, RateKey};
/// let day = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
/// let used = Params::embedded().rate(RateKey::CaseManager, day, Mode::Strict).unwrap();
/// assert_eq!(used.status(), kim_core::Status::Stated);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Printed in the cited source.
    Stated,
    /// Arithmetic on stated numbers.
    Derived,
    /// In no source: a documented, replaceable choice.
    Assumed,
}

impl Status {
    /// German label.
    ///
    /// ```
    /// assert_eq!(kim_core::Status::Assumed.label_de(), "angenommen");
    /// ```
    pub fn label_de(self) -> &'static str {
        match self {
            Status::Stated => "belegt",
            Status::Derived => "abgeleitet",
            Status::Assumed => "angenommen",
        }
    }
    /// Name as used in JSON.
    ///
    /// ```
    /// assert_eq!(kim_core::Status::Assumed.as_str(), "assumed");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Stated => "stated",
            Status::Derived => "derived",
            Status::Assumed => "assumed",
        }
    }
}

/// A citation: document and, where there is one, its address.
///
/// ```
/// use kim_core::{Mode, Params, RateKey};
/// let day = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
/// let used = Params::embedded().rate(RateKey::CaseManager, day, Mode::Strict).unwrap();
/// assert!(!used.entry.source.document.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The document (title, body, date).
    pub document: String,
    /// Where to read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One dated value of the rate table.
///
/// ```
/// use kim_core::{Mode, Params, RateKey};
/// let day = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
/// let entry = Params::embedded().rate(RateKey::CaseManager, day, Mode::Strict).unwrap().entry;
/// assert_eq!((entry.key, entry.value.to_string()), (RateKey::CaseManager, "57000.00".to_string()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RateEntry {
    /// What the rate is for.
    pub key: RateKey,
    /// First day of validity.
    #[serde(with = "date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub valid_from: NaiveDate,
    /// Last day of validity; open when absent.
    #[serde(
        default,
        with = "date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub valid_to: Option<NaiveDate>,
    /// Amount in euro per `per`.
    pub value: Euro,
    /// What one `value` pays for.
    pub per: Per,
    /// Evidence status.
    pub status: Status,
    /// Where the value comes from.
    pub source: Source,
    /// Why the value is as it is (assumptions, derivations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl RateEntry {
    /// Is the entry valid on `day`?
    ///
    /// ```
    /// use kim_core::{Mode, Params, RateKey};
    /// let day = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// let entry = Params::embedded().rate(RateKey::CaseManager, day, Mode::Strict).unwrap().entry;
    /// assert!(entry.covers(day));
    /// ```
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }

    /// The amount per VZÄ and year (or per full-time post for one-off values):
    /// a `half_post_year` value is doubled (R2: linear in VZÄ).
    ///
    /// ```
    /// use kim_core::{Mode, Params, RateKey};
    /// let day = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// let entry = Params::embedded().rate(RateKey::AdminAssistance, day, Mode::Strict).unwrap().entry;
    /// assert_eq!(entry.per_fte_year().unwrap().to_string(), "45000.00"); // 22,500 € per half post
    /// ```
    pub fn per_fte_year(&self) -> Result<Euro> {
        match self.per {
            Per::FteYear | Per::FullTimePostOnce => Ok(self.value),
            Per::HalfPostYear => self.value.checked_add(self.value),
        }
    }
}

/// The legal form of the money for a Baustein in a period.
///
/// ```
/// use kim_core::{Baustein, LegalForm, Params};
/// let day = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
/// let entry = Params::embedded().legal_form(Baustein::CaseManagement, day).unwrap();
/// assert_eq!(entry.form, LegalForm::FachbezogenePauschale);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LegalForm {
    /// *Zuwendung* under § 44 LHO and a Richtlinie.
    Zuwendung,
    /// *Fachbezogene Pauschale* (flat subject-specific lump sum).
    FachbezogenePauschale,
}

impl LegalForm {
    /// German label.
    ///
    /// ```
    /// assert_eq!(kim_core::LegalForm::Zuwendung.label_de(), "Zuwendung");
    /// ```
    pub fn label_de(self) -> &'static str {
        match self {
            LegalForm::Zuwendung => "Zuwendung",
            LegalForm::FachbezogenePauschale => "fachbezogene Pauschale",
        }
    }
}

/// One dated legal-form entry.
///
/// ```
/// use kim_core::{Baustein, Params};
/// let day = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
/// let entry = Params::embedded().legal_form(Baustein::Coordination, day).unwrap();
/// assert!(entry.valid_from <= day);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LegalFormEntry {
    /// The building block.
    pub baustein: Baustein,
    /// First day of validity.
    #[serde(with = "date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub valid_from: NaiveDate,
    /// Last day of validity; open when absent.
    #[serde(
        default,
        with = "date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub valid_to: Option<NaiveDate>,
    /// The form.
    pub form: LegalForm,
    /// Evidence status.
    pub status: Status,
    /// Where it is stated.
    pub source: Source,
}

/// Strict or lenient parameter lookup.
///
/// ```
/// use kim_core::{Mode, Params, RateKey};
/// let later = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(); // no rate in the table
/// assert!(Params::embedded().rate(RateKey::CaseManager, later, Mode::Strict).is_err());
/// assert!(Params::embedded().rate(RateKey::CaseManager, later, Mode::Lenient).unwrap().carried_forward);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// A date outside every known validity is an error (`KIM-R001`).
    #[default]
    Strict,
    /// The last known value is carried forward; the result is marked assumed (`KIM-R002`).
    Lenient,
}

/// A rate as used for a date: the entry and whether it was carried forward.
///
/// ```
/// use kim_core::{Mode, Params, RateKey};
/// let day = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
/// let used = Params::embedded().rate(RateKey::CaseManager, day, Mode::Strict).unwrap();
/// assert!(!used.carried_forward);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RateUsed<'a> {
    /// The table entry.
    pub entry: &'a RateEntry,
    /// True when the entry is not valid on the date and was carried forward (lenient mode).
    pub carried_forward: bool,
}

impl RateUsed<'_> {
    /// Status of the value as used: `assumed` when carried forward.
    ///
    /// ```
    /// use kim_core::{Mode, Params, RateKey};
    /// let later = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    /// let used = Params::embedded().rate(RateKey::CaseManager, later, Mode::Lenient).unwrap();
    /// assert_eq!(used.status(), kim_core::Status::Assumed);
    /// ```
    pub fn status(&self) -> Status {
        if self.carried_forward {
            Status::Assumed
        } else {
            self.entry.status
        }
    }
    /// The amount per VZÄ and year.
    ///
    /// ```
    /// use kim_core::{Mode, Params, RateKey};
    /// let day = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// let used = Params::embedded().rate(RateKey::CaseManager, day, Mode::Strict).unwrap();
    /// assert_eq!(used.per_fte_year().unwrap().to_string(), "57000.00");
    /// ```
    pub fn per_fte_year(&self) -> Result<Euro> {
        self.entry.per_fte_year()
    }
}

/// A part of a period during which one rate applies.
///
/// ```
/// use kim_core::{Mode, Params, Period, RateKey};
/// let mut warnings = Vec::new();
/// let parts = Params::embedded().segments(RateKey::CaseManager, Period::year(2023).unwrap(), Mode::Strict, &mut warnings).unwrap();
/// assert_eq!(parts[0].period, Period::year(2023).unwrap());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateSegment<'a> {
    /// The part of the period.
    pub period: Period,
    /// The rate that applies.
    pub rate: RateUsed<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParamsFile {
    schema_version: String,
    #[serde(default)]
    rate: Vec<RateEntry>,
    #[serde(default)]
    legal_form: Vec<LegalFormEntry>,
}

/// A parameter table: dated rates and legal forms.
///
/// ```
/// use kim_core::{Mode, Params, RateKey};
/// let day = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
/// assert_eq!(Params::embedded().rate(RateKey::CaseManager, day, Mode::Strict).unwrap().entry.value.to_string(), "57000.00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Params {
    /// Rate entries, sorted by key and start date.
    pub rates: Vec<RateEntry>,
    /// Legal-form entries.
    pub legal_forms: Vec<LegalFormEntry>,
}

impl Default for Params {
    /// The embedded table (`kim-core/data/params.toml`). A unit test guarantees it loads;
    /// should it ever fail, the result is an empty table (every lookup then says `KIM-R001`).
    fn default() -> Self {
        Params::from_file(doc::from_json(DEFAULT_PARAMS_JSON)).unwrap_or(Params {
            rates: Vec::new(),
            legal_forms: Vec::new(),
        })
    }
}

impl Params {
    /// The embedded table, read once per process and shared: the same table as
    /// [`Params::default`] without parsing the TOML again on every call.
    ///
    /// ```
    /// use kim_core::Params;
    ///
    /// assert_eq!(*Params::embedded(), Params::default());
    /// assert!(std::ptr::eq(Params::embedded(), Params::embedded()));
    /// ```
    pub fn embedded() -> &'static Params {
        static EMBEDDED: std::sync::OnceLock<Params> = std::sync::OnceLock::new();
        EMBEDDED.get_or_init(Params::default)
    }

    /// Reads a table from TOML (format: `kim-core/data/params.toml`). Checks every entry and
    /// that no two values of the same key are valid on the same day.
    ///
    /// ```
    /// use kim_core::{Mode, Params, RateKey};
    /// let table = Params::from_toml(r#"
    /// schema_version = "kim.params.v1"
    /// [[rate]]
    /// key = "case_manager"
    /// valid_from = "2030-01-01"
    /// value = "60000.00"
    /// per = "fte_year"
    /// status = "assumed"
    /// source = { document = "a what-if table" }
    /// "#).unwrap();
    /// let day = chrono::NaiveDate::from_ymd_opt(2030, 6, 1).unwrap();
    /// assert_eq!(table.rate(RateKey::CaseManager, day, Mode::Strict).unwrap().entry.value.to_string(), "60000.00");
    /// ```
    pub fn from_toml(text: &str) -> Result<Params> {
        Params::from_file(doc::from_toml(text))
    }

    /// Checks a read parameter file (schema version, every entry) and sorts it.
    fn from_file(file: Result<ParamsFile>) -> Result<Params> {
        let file = file?;
        doc::check_schema(&file.schema_version, PARAMS_SCHEMA)?;
        // checked in file order, so paths like rate[3] point at the file's fourth entry
        let mut params = Params {
            rates: file.rate,
            legal_forms: file.legal_form,
        };
        let problems = params.check();
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        crate::order::sort_by_key(&mut params.rates, |e| (e.key, e.valid_from));
        Ok(params)
    }

    fn check(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        for (i, e) in self.rates.iter().enumerate() {
            let path = format!("rate[{i}]");
            if e.valid_to.is_some_and(|to| to < e.valid_from) {
                out.push(
                    Violation::new(Code::R006, format!("{path}.valid_to"))
                        .with("detail", "valid_to before valid_from"),
                );
            }
            for v in e.value.check(|| format!("{path}.value"), true) {
                out.push(Violation::new(Code::R006, v.path.clone()).with("detail", v.message_en()));
            }
            if e.key == RateKey::WorkplaceSetup && e.per != Per::FullTimePostOnce {
                out.push(
                    Violation::new(Code::R006, format!("{path}.per"))
                        .with("detail", "workplace_setup is paid once per full-time post"),
                );
            }
            if e.key != RateKey::WorkplaceSetup && e.per == Per::FullTimePostOnce {
                out.push(
                    Violation::new(Code::R006, format!("{path}.per"))
                        .with("detail", "post rates are paid per year"),
                );
            }
        }
        let mut order: Vec<usize> = (0..self.rates.len()).collect();
        crate::order::sort_by_key(&mut order, |&i| {
            self.rates.get(i).map(|e| (e.key, e.valid_from))
        });
        for pair in order.windows(2) {
            if let [i, j] = pair
                && let (Some(a), Some(b)) = (self.rates.get(*i), self.rates.get(*j))
                && a.key == b.key
                && a.valid_to.is_none_or(|to| to >= b.valid_from)
            {
                out.push(
                    Violation::new(Code::R005, format!("rate[{j}].valid_from"))
                        .with("key", b.key.as_str())
                        .with("key_de", b.key.label_de())
                        .with_date("date", b.valid_from),
                );
            }
        }
        out
    }

    /// Replaces the value of `key` from `from` to `to` (open end: `None`) by `value`
    /// (status `assumed`, source "what-if override"); overlapping entries are cut back.
    ///
    /// ```
    /// use kim_core::{Mode, Params, RateKey};
    /// let day = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// let what_if = Params::embedded().with_override(RateKey::CaseManager, day, None, "60000".parse().unwrap()).unwrap();
    /// let used = what_if.rate(RateKey::CaseManager, day, Mode::Strict).unwrap();
    /// assert_eq!((used.entry.value.to_string(), used.status()), ("60000.00".into(), kim_core::Status::Assumed));
    /// ```
    pub fn with_override(
        &self,
        key: RateKey,
        from: NaiveDate,
        to: Option<NaiveDate>,
        value: Euro,
    ) -> Result<Params> {
        if to.is_some_and(|t| t < from) {
            return Err(Violation::new(Code::V002, "valid_to")
                .with("from", from.to_string())
                .with("to", to.map(|t| t.to_string()).unwrap_or_default())
                .into());
        }
        if let Some(v) = value.check(|| "value".to_owned(), true).into_iter().next() {
            return Err(v.into());
        }
        let per = if key == RateKey::WorkplaceSetup {
            Per::FullTimePostOnce
        } else {
            Per::FteYear
        };
        let mut rates = Vec::with_capacity(self.rates.len().saturating_add(2));
        for e in &self.rates {
            let overlaps = e.key == key
                && e.valid_to.is_none_or(|t| t >= from)
                && to.is_none_or(|t| e.valid_from <= t);
            if !overlaps {
                rates.push(e.clone());
                continue;
            }
            if e.valid_from < from {
                let mut before = e.clone();
                before.valid_to = from.pred_opt();
                rates.push(before);
            }
            if let Some(t) = to
                && e.valid_to.is_none_or(|et| et > t)
            {
                let mut after = e.clone();
                after.valid_from = t.succ_opt().unwrap_or(t);
                rates.push(after);
            }
        }
        rates.push(RateEntry {
            key,
            valid_from: from,
            valid_to: to,
            value,
            per,
            status: Status::Assumed,
            source: Source {
                document: "what-if override".to_owned(),
                url: None,
            },
            note: Some("Value set by the user for a what-if calculation.".to_owned()),
        });
        crate::order::sort_by_key(&mut rates, |e| (e.key, e.valid_from));
        Ok(Params {
            rates,
            legal_forms: self.legal_forms.clone(),
        })
    }

    fn entries(&self, key: RateKey) -> impl Iterator<Item = &RateEntry> {
        self.rates.iter().filter(move |e| e.key == key)
    }

    fn missing(key: RateKey, day: NaiveDate) -> Error {
        Violation::new(Code::R001, "")
            .with("key", key.as_str())
            .with("key_de", key.label_de())
            .with_date("date", day)
            .into()
    }

    /// The rate for `key` on `day`. Strict: `KIM-R001` when no entry is valid on that day.
    /// Lenient: the latest entry that ended before `day` is carried forward.
    ///
    /// ```
    /// use kim_core::{Mode, Params, RateKey};
    /// let day = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// let used = Params::embedded().rate(RateKey::CaseManager, day, Mode::Strict).unwrap();
    /// assert_eq!(used.per_fte_year().unwrap().to_string(), "57000.00");
    /// ```
    pub fn rate(&self, key: RateKey, day: NaiveDate, mode: Mode) -> Result<RateUsed<'_>> {
        if let Some(e) = self.entries(key).find(|e| e.covers(day)) {
            return Ok(RateUsed {
                entry: e,
                carried_forward: false,
            });
        }
        match mode {
            Mode::Strict => Err(Params::missing(key, day)),
            Mode::Lenient => self
                .entries(key)
                .filter(|e| e.valid_to.is_some_and(|t| t < day))
                .max_by_key(|e| e.valid_to)
                .map(|e| RateUsed {
                    entry: e,
                    carried_forward: true,
                })
                .ok_or_else(|| Params::missing(key, day)),
        }
    }

    /// Splits `period` into parts with one rate each. Warnings (`KIM-R002` carried forward,
    /// `KIM-R004` assumed value) are appended to `warnings`.
    ///
    /// ```
    /// use kim_core::{Mode, Params, Period, RateKey};
    /// let mut warnings = Vec::new();
    /// let parts = Params::embedded().segments(RateKey::CaseManager, Period::year(2023).unwrap(), Mode::Strict, &mut warnings).unwrap();
    /// assert_eq!(parts.len(), 1); // one rate all year
    /// ```
    pub fn segments(
        &self,
        key: RateKey,
        period: Period,
        mode: Mode,
        warnings: &mut Vec<Violation>,
    ) -> Result<Vec<RateSegment<'_>>> {
        let mut out: Vec<RateSegment<'_>> = Vec::new();
        let mut day = period.from;
        loop {
            let rate = self.rate(key, day, mode)?;
            let end = if rate.carried_forward {
                // until the day before the next entry starts, or the end of the period
                self.entries(key)
                    .filter(|e| e.valid_from > day)
                    .map(|e| e.valid_from)
                    .min()
                    .and_then(|d| d.pred_opt())
                    .map_or(period.to, |d| d.min(period.to))
            } else {
                rate.entry.valid_to.map_or(period.to, |t| t.min(period.to))
            };
            if rate.carried_forward {
                let last = rate.entry.valid_to.unwrap_or(rate.entry.valid_from);
                warnings.push(
                    Violation::new(Code::R002, "")
                        .with("key", key.as_str())
                        .with("key_de", key.label_de())
                        .with_date("date", day)
                        .with_euro("value", rate.entry.value)
                        .with_date("last_valid_to", last),
                );
            } else if rate.entry.status == Status::Assumed {
                warnings.push(
                    Violation::new(Code::R004, "")
                        .with("key", key.as_str())
                        .with("key_de", key.label_de())
                        .with_date("valid_from", rate.entry.valid_from)
                        .with_euro("value", rate.entry.value)
                        .with(
                            "note",
                            rate.entry
                                .note
                                .clone()
                                .unwrap_or_else(|| rate.entry.source.document.clone()),
                        ),
                );
            }
            out.push(RateSegment {
                period: Period { from: day, to: end },
                rate,
            });
            if end >= period.to {
                break;
            }
            match end.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        Ok(out)
    }

    /// The legal form of Baustein money on `day`, if the table knows it.
    ///
    /// ```
    /// use kim_core::{Baustein, LegalForm, Params};
    /// let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    /// assert_eq!(Params::embedded().legal_form(Baustein::CaseManagement, day).unwrap().form, LegalForm::Zuwendung);
    /// ```
    pub fn legal_form(&self, baustein: Baustein, day: NaiveDate) -> Option<&LegalFormEntry> {
        self.legal_forms.iter().find(|e| {
            e.baustein == baustein && e.valid_from <= day && e.valid_to.is_none_or(|t| day <= t)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn embedded_table_loads() {
        let p = Params::from_toml(DEFAULT_PARAMS_TOML).unwrap();
        assert!(p.rates.len() >= 12);
        assert_eq!(p, Params::default());
        for e in &p.rates {
            assert!(!e.source.document.is_empty());
            if e.status == Status::Assumed {
                assert!(
                    e.note.is_some() || e.source.document.contains("assumed"),
                    "{e:?}"
                );
            }
        }
    }

    #[test]
    fn strict_and_lenient() {
        let p = Params::default();
        assert_eq!(
            p.rate(RateKey::CaseManager, d("2021-07-01"), Mode::Strict)
                .unwrap()
                .per_fte_year()
                .unwrap()
                .to_string(),
            "55000.00"
        );
        assert_eq!(
            p.rate(RateKey::Abh, d("2020-08-01"), Mode::Strict)
                .unwrap()
                .per_fte_year()
                .unwrap()
                .to_string(),
            "50000.00"
        );
        let err = p
            .rate(RateKey::CaseManager, d("2024-03-31"), Mode::Strict)
            .unwrap_err();
        assert_eq!(err.code(), Code::R001);
        assert!(err.to_string().contains("case_manager"));
        assert!(err.to_string().contains("2024-03-31"));
        let r = p
            .rate(RateKey::CaseManager, d("2024-03-31"), Mode::Lenient)
            .unwrap();
        assert!(r.carried_forward);
        assert_eq!(r.status(), Status::Assumed);
        assert_eq!(r.entry.valid_from, d("2023-01-01"));
        // nothing before the first entry to carry forward
        assert_eq!(
            p.rate(RateKey::CaseManager, d("2019-01-01"), Mode::Lenient)
                .unwrap_err()
                .code(),
            Code::R001
        );
    }

    #[test]
    fn segments_split_at_rate_changes() {
        let p = Params::default()
            .with_override(
                RateKey::CaseManager,
                d("2023-07-01"),
                Some(d("2023-12-31")),
                Euro::from_cents(6_000_000),
            )
            .unwrap();
        let mut w = Vec::new();
        let segs = p
            .segments(
                RateKey::CaseManager,
                Period::year(2023).unwrap(),
                Mode::Strict,
                &mut w,
            )
            .unwrap();
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].period.to, d("2023-06-30"));
        assert_eq!(segs[1].rate.entry.value.to_string(), "60000.00");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code, Code::R004);
    }

    #[test]
    fn bad_tables_are_rejected_with_paths() {
        let overlapping = r#"
schema_version = "kim.params.v1"
[[rate]]
key = "case_manager"
valid_from = "2021-01-01"
value = "1"
per = "fte_year"
status = "stated"
source = { document = "x" }
[[rate]]
key = "case_manager"
valid_from = "2022-01-01"
value = "1"
per = "fte_year"
status = "stated"
source = { document = "x" }
"#;
        assert_eq!(
            Params::from_toml(overlapping).unwrap_err().code(),
            Code::R005
        );
        let unknown = "schema_version = \"kim.params.v1\"\n[[rate]]\nkey = \"x\"\n";
        let err = Params::from_toml(unknown).unwrap_err();
        assert_eq!(err.code(), Code::P011, "{err}");
        assert_eq!(err.path(), "rate[0].key");
        assert_eq!(
            Params::from_toml("schema_version = \"v0\"")
                .unwrap_err()
                .code(),
            Code::P012
        );
        assert_eq!(
            Params::from_toml("schema_version = ").unwrap_err().code(),
            Code::P001
        );
        assert_eq!(
            Params::from_toml("schema_version = \"kim.params.v1\"\nbogus = 1")
                .unwrap_err()
                .code(),
            Code::P008
        );
    }
}
