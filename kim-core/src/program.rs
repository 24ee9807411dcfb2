//! The programme's building blocks: [`Baustein`], [`PostKind`], [`Party`], funded and
//! staffed posts. English names in code and JSON, German labels via `label_de()`.
//!
//! ```
//! use kim_core::{Baustein, PostKind};
//! assert_eq!(PostKind::CaseManager.baustein(), Baustein::CaseManagement);
//! assert_eq!(PostKind::AdminAssistance.label_de(), "Verwaltungsassistenz");
//! assert_eq!(Baustein::CaseManagement.number(), 2);
//! ```

use crate::money::{Euro, Fte};
use crate::period::{Period, date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A building block (*Baustein*) of KIM. Serialised as its number 1, 2 or 3.
///
/// ```
/// use kim_core::Baustein;
/// assert_eq!(serde_json::to_string(&Baustein::CaseManagement).unwrap(), "2");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Baustein {
    /// 1 — strategic coordination (*Koordination*, incl. *Verwaltungsassistenz*).
    Coordination,
    /// 2 — individual case management (*Case Management*).
    CaseManagement,
    /// 3 — extra posts in the immigration and naturalisation offices (*ABH/EBH*).
    Offices,
}

impl Baustein {
    /// All building blocks in order.
    pub const ALL: [Baustein; 3] = [
        Baustein::Coordination,
        Baustein::CaseManagement,
        Baustein::Offices,
    ];

    /// The number 1, 2 or 3.
    ///
    /// ```
    /// assert_eq!(kim_core::Baustein::Offices.number(), 3);
    /// ```
    pub fn number(self) -> u8 {
        match self {
            Baustein::Coordination => 1,
            Baustein::CaseManagement => 2,
            Baustein::Offices => 3,
        }
    }
    /// The building block with this number.
    ///
    /// ```
    /// use kim_core::Baustein;
    /// assert_eq!(Baustein::from_number(1), Some(Baustein::Coordination));
    /// assert_eq!(Baustein::from_number(4), None);
    /// ```
    pub fn from_number(n: u64) -> Option<Baustein> {
        match n {
            1 => Some(Baustein::Coordination),
            2 => Some(Baustein::CaseManagement),
            3 => Some(Baustein::Offices),
            _ => None,
        }
    }
    /// German label.
    ///
    /// ```
    /// assert_eq!(kim_core::Baustein::CaseManagement.label_de(), "Baustein 2 – Case Management");
    /// ```
    pub fn label_de(self) -> &'static str {
        match self {
            Baustein::Coordination => "Baustein 1 – Koordination",
            Baustein::CaseManagement => "Baustein 2 – Case Management",
            Baustein::Offices => "Baustein 3 – Ausländer- und Einbürgerungsbehörden",
        }
    }
    /// English label.
    ///
    /// ```
    /// assert_eq!(kim_core::Baustein::CaseManagement.label_en(), "Building block 2 – case management");
    /// ```
    pub fn label_en(self) -> &'static str {
        match self {
            Baustein::Coordination => "Building block 1 – coordination",
            Baustein::CaseManagement => "Building block 2 – case management",
            Baustein::Offices => "Building block 3 – immigration and naturalisation offices",
        }
    }
}

impl fmt::Display for Baustein {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number())
    }
}

impl Serialize for Baustein {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.number())
    }
}

impl<'de> Deserialize<'de> for Baustein {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = u64::deserialize(d)?;
        Baustein::from_number(n).ok_or_else(|| {
            serde::de::Error::custom(crate::money::coded(
                crate::Code::P011,
                format!("Baustein {n}; expected 1, 2 or 3"),
            ))
        })
    }
}

/// The kind of a post; each belongs to one [`Baustein`].
///
/// ```
/// use kim_core::PostKind;
/// assert_eq!(serde_json::from_str::<PostKind>(r#""case_manager""#).unwrap(), PostKind::CaseManager);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    /// Coordination post (*Koordinationsstelle*), Baustein 1.
    Coordination,
    /// Administrative assistance (*Verwaltungsassistenz*), Baustein 1.
    AdminAssistance,
    /// Case manager (*Case Management*), Baustein 2.
    CaseManager,
    /// Immigration office post (*Ausländerbehörde*), Baustein 3.
    Abh,
    /// Naturalisation office post (*Einbürgerungsbehörde*), Baustein 3.
    Ebh,
}

impl PostKind {
    /// All post kinds.
    pub const ALL: [PostKind; 5] = [
        PostKind::Coordination,
        PostKind::AdminAssistance,
        PostKind::CaseManager,
        PostKind::Abh,
        PostKind::Ebh,
    ];

    /// The building block the post belongs to.
    ///
    /// ```
    /// use kim_core::{Baustein, PostKind};
    /// assert_eq!(PostKind::AdminAssistance.baustein(), Baustein::Coordination);
    /// ```
    pub fn baustein(self) -> Baustein {
        match self {
            PostKind::Coordination | PostKind::AdminAssistance => Baustein::Coordination,
            PostKind::CaseManager => Baustein::CaseManagement,
            PostKind::Abh | PostKind::Ebh => Baustein::Offices,
        }
    }
    /// Name as used in JSON.
    ///
    /// ```
    /// assert_eq!(kim_core::PostKind::CaseManager.as_str(), "case_manager");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PostKind::Coordination => "coordination",
            PostKind::AdminAssistance => "admin_assistance",
            PostKind::CaseManager => "case_manager",
            PostKind::Abh => "abh",
            PostKind::Ebh => "ebh",
        }
    }
    /// German label.
    ///
    /// ```
    /// assert_eq!(kim_core::PostKind::CaseManager.label_de(), "Case Management");
    /// ```
    pub fn label_de(self) -> &'static str {
        match self {
            PostKind::Coordination => "Koordination",
            PostKind::AdminAssistance => "Verwaltungsassistenz",
            PostKind::CaseManager => "Case Management",
            PostKind::Abh => "Ausländerbehörde",
            PostKind::Ebh => "Einbürgerungsbehörde",
        }
    }
    /// English label.
    ///
    /// ```
    /// assert_eq!(kim_core::PostKind::CaseManager.label_en(), "case management");
    /// ```
    pub fn label_en(self) -> &'static str {
        match self {
            PostKind::Coordination => "coordination",
            PostKind::AdminAssistance => "administrative assistance",
            PostKind::CaseManager => "case management",
            PostKind::Abh => "immigration office",
            PostKind::Ebh => "naturalisation office",
        }
    }
}

impl fmt::Display for PostKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of body a [`Party`] is.
///
/// ```
/// use kim_core::PartyKind;
/// assert_eq!(serde_json::from_str::<PartyKind>(r#""traeger""#).unwrap(), PartyKind::Traeger);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// The Land NRW (grantor).
    Land,
    /// A Kreis (or the StädteRegion Aachen).
    Kreis,
    /// A kreisfreie Stadt.
    KreisfreieStadt,
    /// A kreisangehörige Kommune (municipality within a Kreis).
    Kommune,
    /// A Träger der Freien Wohlfahrtspflege (welfare organisation).
    Traeger,
}

impl PartyKind {
    /// German label.
    ///
    /// ```
    /// assert_eq!(kim_core::PartyKind::Traeger.label_de(), "Träger der Freien Wohlfahrtspflege");
    /// ```
    pub fn label_de(self) -> &'static str {
        match self {
            PartyKind::Land => "Land",
            PartyKind::Kreis => "Kreis",
            PartyKind::KreisfreieStadt => "kreisfreie Stadt",
            PartyKind::Kommune => "kreisangehörige Kommune",
            PartyKind::Traeger => "Träger der Freien Wohlfahrtspflege",
        }
    }
    /// English label.
    ///
    /// ```
    /// assert!(!kim_core::PartyKind::Traeger.label_en().is_empty());
    /// ```
    pub fn label_en(self) -> &'static str {
        match self {
            PartyKind::Land => "Land",
            PartyKind::Kreis => "district",
            PartyKind::KreisfreieStadt => "independent city",
            PartyKind::Kommune => "municipality",
            PartyKind::Traeger => "welfare organisation",
        }
    }
}

/// A body that receives, forwards or employs: Kreis, Kommune, Träger, …
///
/// Two parties are the same when their `id`s match, or, without ids, their names.
///
/// ```
/// use kim_core::{Party, PartyKind};
/// let drk: Party = serde_json::from_str(r#"{"kind": "traeger", "name": "DRK"}"#).unwrap();
/// assert!(drk.same_as(&Party::new(PartyKind::Traeger, "DRK")));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// What kind of body it is.
    pub kind: PartyKind,
    /// Official name, e.g. "DRK Kreisverband Heinsberg".
    pub name: String,
    /// Optional key (e.g. the AGS for authorities).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Party {
    /// A party without an id.
    ///
    /// ```
    /// let p = kim_core::Party::new(kim_core::PartyKind::Kommune, "Stadt Erkelenz");
    /// assert_eq!((p.key(), p.id.is_none()), ("Stadt Erkelenz", true));
    /// ```
    pub fn new(kind: PartyKind, name: impl Into<String>) -> Party {
        Party {
            kind,
            name: name.into(),
            id: None,
        }
    }

    /// The identity used to compare parties: the id if any, else the name.
    ///
    /// ```
    /// let kreis = kim_core::Plan::example().authority;
    /// assert_eq!(kreis.key(), "05370"); // the id (Gemeindeschlüssel), not the name
    /// ```
    pub fn key(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.name)
    }

    /// Same body?
    ///
    /// ```
    /// use kim_core::{Party, PartyKind};
    /// assert!(!Party::new(PartyKind::Traeger, "DRK").same_as(&Party::new(PartyKind::Traeger, "Caritas")));
    /// ```
    pub fn same_as(&self, other: &Party) -> bool {
        self.key() == other.key()
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Posts the Land funds for an authority: a kind, VZÄ and optionally a part of the year.
///
/// ```
/// use kim_core::{FundedPost, PostKind};
/// let p: FundedPost = serde_json::from_str(r#"{"kind": "coordination", "fte": "3.5"}"#).unwrap();
/// assert_eq!(p, FundedPost::new(PostKind::Coordination, "3.5".parse().unwrap()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FundedPost {
    /// Kind of post.
    pub kind: PostKind,
    /// Funded VZÄ.
    pub fte: Fte,
    /// Funded period; the whole year when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// One-off workplace set-up cost claimed for these posts (Baustein 1 only; capped per
    /// full-time post by the parameter `workplace_setup`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workplace_setup_cost: Option<Euro>,
    /// Marks values that are plausible examples rather than figures from a source.
    #[serde(default, skip_serializing_if = "is_false")]
    pub illustrative: bool,
}

impl FundedPost {
    /// Funded posts of a kind for the whole year.
    ///
    /// ```
    /// let p = kim_core::FundedPost::new(kim_core::PostKind::CaseManager, "12".parse().unwrap());
    /// assert_eq!(p.fte.to_string(), "12");
    /// ```
    pub fn new(kind: PostKind, fte: Fte) -> FundedPost {
        FundedPost {
            kind,
            fte,
            period: None,
            workplace_setup_cost: None,
            illustrative: false,
        }
    }
}

/// A filled post: one person (pseudonymous id) working `fte` VZÄ for an employer.
/// No names or other personal data: the id is an opaque pseudonym.
///
/// ```
/// let post = &kim_core::Plan::example().staff[0];
/// assert_eq!((post.id.as_str(), post.fte.to_string()), ("HS-CM-01", "1".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffedPost {
    /// Pseudonymous id (no spaces or `@`).
    pub id: String,
    /// Kind of post.
    pub kind: PostKind,
    /// VZÄ worked.
    pub fte: Fte,
    /// Employer (*Anstellungsträger*).
    pub employer: Party,
    /// First day in post.
    #[serde(with = "date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub from: NaiveDate,
    /// Last day in post, if it ended or ends.
    #[serde(
        default,
        with = "date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub to: Option<NaiveDate>,
    /// Marks values that are plausible examples rather than figures from a source.
    #[serde(default, skip_serializing_if = "is_false")]
    pub illustrative: bool,
}

impl StaffedPost {
    /// Is the post filled on `day`?
    ///
    /// ```
    /// let post = &kim_core::Plan::example().staff[0]; // from 01.07.2022
    /// assert!(post.active_on(chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()));
    /// assert!(!post.active_on(chrono::NaiveDate::from_ymd_opt(2022, 6, 30).unwrap()));
    /// ```
    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}
