//! The vocabulary: every code list of kim with its German and English labels, and the terms
//! of result fields — the one glossary the faces take their labels from.
//!
//! A face never writes its own list of codes or labels: Python generates its `str` enums from
//! [`vocabularies`] (a test keeps the generated file fresh), and the notebook, web form and
//! reports label columns through [`TERMS`]. The codes are those of the JSON documents: each is
//! taken from the type's own serde serialisation, so a renamed variant cannot drift.
//!
//! ```
//! use kim_core::vocab::{label, vocabularies};
//! use kim_core::Lang;
//!
//! let methods = vocabularies().into_iter().find(|v| v.name == "method").unwrap();
//! assert_eq!(methods.values[1].code, "sainte_lague");
//! assert_eq!(label("method", "sainte_lague", Lang::De), Some("Sainte-Laguë/Schepers"));
//! ```

use serde::Serialize;

use crate::allocation::{BelowMinimum, Method, TieBreak};
use crate::cases::{CaseState, ConsultationKind, EventType, ListKind, Outcome};
use crate::forwarding::{Basis as ForwardingBasis, FteBase, TopUpPolicy};
use crate::params::{LegalForm, Mode, Per, RateKey, Status};
use crate::period::ProRata;
use crate::plan::Basis as DistributionBasis;
use crate::program::{Baustein, PartyKind, PostKind};
use crate::validate::{Lang, Severity};

/// One code of a list with its labels.
///
/// ```
/// let methods = kim_core::vocab::vocabularies().into_iter().find(|v| v.name == "method").unwrap();
/// assert_eq!(methods.values[0].code, "largest_remainder");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Entry {
    /// The code as written in JSON (`sainte_lague`, `klaerung`, `WOHNEN`; a Baustein's number).
    pub code: String,
    /// An identifier for the code (the code itself, or for a Baustein `case_management` …):
    /// the member name of a generated enum.
    pub name: String,
    /// German label.
    pub label_de: &'static str,
    /// English label.
    pub label_en: &'static str,
}

/// A code list: the values of one enumerated field.
///
/// ```
/// let kinds = kim_core::vocab::vocabularies().into_iter().find(|v| v.name == "post_kind").unwrap();
/// assert!(!kinds.extensible && kinds.values.len() == 5);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Vocabulary {
    /// Stable name (`method`, `case_state`, `topic`, …).
    pub name: &'static str,
    /// The Python enum class generated from it (`Method`, `CaseState`, `Topic`, …).
    pub class: &'static str,
    /// What the list is, in English.
    pub doc: &'static str,
    /// `true` for the case code lists a Kreis extends by configuration: the built-in codes are
    /// listed, other codes are valid where the configuration adds them.
    pub extensible: bool,
    /// The codes in their canonical order.
    pub values: Vec<Entry>,
}

/// The code of a unit variant as serde writes it.
pub(crate) fn code_of<T: Serialize>(v: T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn entries<T: Serialize + Copy>(
    all: &[T],
    de: impl Fn(T) -> &'static str,
    en: impl Fn(T) -> &'static str,
) -> Vec<Entry> {
    all.iter()
        .map(|&v| Entry {
            name: code_of(v),
            code: code_of(v),
            label_de: de(v),
            label_en: en(v),
        })
        .collect()
}

fn list(kind: ListKind) -> Vec<Entry> {
    kind.builtin()
        .iter()
        .map(|b| Entry {
            name: b.code.to_owned(),
            code: b.code.to_owned(),
            label_de: b.label_de,
            label_en: b.label_en,
        })
        .collect()
}

fn vocab(
    name: &'static str,
    class: &'static str,
    doc: &'static str,
    values: Vec<Entry>,
) -> Vocabulary {
    Vocabulary {
        name,
        class,
        doc,
        extensible: false,
        values,
    }
}

// Labels that live only here (the enum has no label of its own in that language). The
// matches are exhaustive: a new variant does not compile until it is labelled.

fn status_en(s: Status) -> &'static str {
    match s {
        Status::Stated => "stated in a source",
        Status::Derived => "derived from a source",
        Status::Assumed => "assumed",
    }
}

fn rate_key_en(k: RateKey) -> &'static str {
    match k {
        RateKey::Coordination => "coordination",
        RateKey::AdminAssistance => "administrative assistance",
        RateKey::CaseManager => "case management",
        RateKey::Abh => "immigration office",
        RateKey::Ebh => "naturalisation office",
        RateKey::WorkplaceSetup => "workplace equipment",
    }
}

fn legal_form_en(l: LegalForm) -> &'static str {
    match l {
        LegalForm::Zuwendung => "grant (Zuwendung)",
        LegalForm::FachbezogenePauschale => "subject-related lump sum",
    }
}

fn mode_label(m: Mode, lang: Lang) -> &'static str {
    match (m, lang) {
        (Mode::Strict, Lang::De) => "streng (Fehler brechen ab)",
        (Mode::Strict, Lang::En) => "strict (errors stop the evaluation)",
        (Mode::Lenient, Lang::De) => "nachsichtig (Fehler werden berichtet)",
        (Mode::Lenient, Lang::En) => "lenient (errors are reported)",
    }
}

fn below_minimum_label(b: BelowMinimum, lang: Lang) -> &'static str {
    match (b, lang) {
        (BelowMinimum::ReportOnly, Lang::De) => "nur melden",
        (BelowMinimum::ReportOnly, Lang::En) => "report only",
        (BelowMinimum::ExcludeAndReapportion, Lang::De) => "ausschließen und neu verteilen",
        (BelowMinimum::ExcludeAndReapportion, Lang::En) => "exclude and reapportion",
        (BelowMinimum::RaiseToMinimum, Lang::De) => "auf das Minimum anheben",
        (BelowMinimum::RaiseToMinimum, Lang::En) => "raise to the minimum",
    }
}

fn severity_en(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn top_up_label(t: TopUpPolicy, lang: Lang) -> &'static str {
    match (t, lang) {
        (TopUpPolicy::Fixed, Lang::De) => "fester Betrag",
        (TopUpPolicy::Fixed, Lang::En) => "fixed amount",
        (TopUpPolicy::UpToCost, Lang::De) => "bis zu den Kosten",
        (TopUpPolicy::UpToCost, Lang::En) => "up to the cost",
    }
}

fn fte_base_label(f: FteBase, lang: Lang) -> &'static str {
    match (f, lang) {
        (FteBase::Contracted, Lang::De) => "vereinbarte VZÄ",
        (FteBase::Contracted, Lang::En) => "contracted FTE",
        (FteBase::Filled, Lang::De) => "besetzte VZÄ",
        (FteBase::Filled, Lang::En) => "filled FTE",
    }
}

fn distribution_basis_label(b: DistributionBasis, lang: Lang) -> &'static str {
    match (b, lang) {
        (DistributionBasis::Azr, Lang::De) => "Ausländerzentralregister (AZR)",
        (DistributionBasis::Azr, Lang::En) => "foreign residents (AZR)",
        (DistributionBasis::Population, Lang::De) => "Einwohnerzahl",
        (DistributionBasis::Population, Lang::En) => "population",
        (DistributionBasis::Fixed, Lang::De) => "feste Anteile",
        (DistributionBasis::Fixed, Lang::En) => "fixed shares",
    }
}

/// A data-carrying enum's variants as codes (the JSON key or string of each variant): the
/// example values only select the variant, exhaustively.
fn forwarding_basis(b: &ForwardingBasis) -> (&'static str, &'static str, &'static str) {
    match b {
        ForwardingBasis::ActualCostCapped { .. } => (
            "actual_cost_capped",
            "tatsächliche Kosten, gedeckelt je VZÄ",
            "actual cost, capped per FTE",
        ),
        ForwardingBasis::FlatPerFte { .. } => {
            ("flat_per_fte", "Pauschale je VZÄ", "flat amount per FTE")
        }
    }
}

fn tie_break(t: &TieBreak) -> (&'static str, &'static str, &'static str) {
    match t {
        TieBreak::Error => ("error", "Fehler melden", "report an error"),
        TieBreak::Order => ("order", "Reihenfolge der Eingabe", "input order"),
        TieBreak::Lot { .. } => ("lot", "Los (mit Startwert)", "lot (seeded)"),
    }
}

fn coded<T>(all: &[T], f: impl Fn(&T) -> (&'static str, &'static str, &'static str)) -> Vec<Entry> {
    all.iter()
        .map(|v| {
            let (code, label_de, label_en) = f(v);
            Entry {
                code: code.to_owned(),
                name: code.to_owned(),
                label_de,
                label_en,
            }
        })
        .collect()
}

fn outcome_label(o: Outcome, lang: Lang) -> &'static str {
    match (o, lang) {
        (Outcome::Applied, Lang::De) => "angewendet",
        (Outcome::Applied, Lang::En) => "applied",
        (Outcome::Rejected, Lang::De) => "abgelehnt",
        (Outcome::Rejected, Lang::En) => "rejected",
        (Outcome::Superseded, Lang::De) => "ersetzt",
        (Outcome::Superseded, Lang::En) => "superseded",
        (Outcome::Voided, Lang::De) => "aufgehoben",
        (Outcome::Voided, Lang::En) => "voided",
    }
}

/// Every code list, in a fixed order.
///
/// ```
/// assert!(kim_core::vocab::vocabularies().iter().any(|v| v.name == "case_state"));
/// ```
pub fn vocabularies() -> Vec<Vocabulary> {
    let baustein = Baustein::ALL
        .iter()
        .map(|b| Entry {
            name: match b {
                Baustein::Coordination => "coordination",
                Baustein::CaseManagement => "case_management",
                Baustein::Offices => "offices",
            }
            .to_owned(),
            code: b.number().to_string(),
            label_de: b.label_de(),
            label_en: b.label_en(),
        })
        .collect();
    let mut out = vec![
        vocab(
            "baustein",
            "Baustein",
            "A building block of KIM (written as its number 1, 2 or 3).",
            baustein,
        ),
        vocab(
            "post_kind",
            "PostKind",
            "The kind of a funded post.",
            entries(&PostKind::ALL, PostKind::label_de, PostKind::label_en),
        ),
        vocab(
            "rate_key",
            "RateKey",
            "A rate of the parameter table.",
            entries(
                &[
                    RateKey::Coordination,
                    RateKey::AdminAssistance,
                    RateKey::CaseManager,
                    RateKey::Abh,
                    RateKey::Ebh,
                    RateKey::WorkplaceSetup,
                ],
                RateKey::label_de,
                rate_key_en,
            ),
        ),
        vocab(
            "rate_per",
            "RatePer",
            "What a rate is paid per.",
            entries(
                &[Per::FteYear, Per::HalfPostYear, Per::FullTimePostOnce],
                Per::label_de,
                Per::label_en,
            ),
        ),
        vocab(
            "rate_status",
            "RateStatus",
            "How a parameter value is backed by its source.",
            entries(
                &[Status::Stated, Status::Derived, Status::Assumed],
                Status::label_de,
                status_en,
            ),
        ),
        vocab(
            "legal_form",
            "LegalForm",
            "The legal form of the Land's money.",
            entries(
                &[LegalForm::Zuwendung, LegalForm::FachbezogenePauschale],
                LegalForm::label_de,
                legal_form_en,
            ),
        ),
        vocab(
            "mode",
            "Mode",
            "How an evaluation treats errors.",
            entries(
                &[Mode::Strict, Mode::Lenient],
                |m| mode_label(m, Lang::De),
                |m| mode_label(m, Lang::En),
            ),
        ),
        vocab(
            "pro_rata",
            "ProRata",
            "How a part of the year is counted.",
            entries(
                &[ProRata::FullYear, ProRata::Months, ProRata::Days],
                ProRata::label_de,
                ProRata::label_en,
            ),
        ),
        vocab(
            "party_kind",
            "PartyKind",
            "The kind of a body (payer, employer, recipient).",
            entries(
                &[
                    PartyKind::Land,
                    PartyKind::Kreis,
                    PartyKind::KreisfreieStadt,
                    PartyKind::Kommune,
                    PartyKind::Traeger,
                ],
                PartyKind::label_de,
                PartyKind::label_en,
            ),
        ),
        vocab(
            "top_up_policy",
            "TopUpPolicy",
            "How a top-up (Aufstockung) is paid.",
            entries(
                &[TopUpPolicy::Fixed, TopUpPolicy::UpToCost],
                |t| top_up_label(t, Lang::De),
                |t| top_up_label(t, Lang::En),
            ),
        ),
        vocab(
            "fte_base",
            "FteBase",
            "Which VZÄ a cap per VZÄ is multiplied with.",
            entries(
                &[FteBase::Contracted, FteBase::Filled],
                |f| fte_base_label(f, Lang::De),
                |f| fte_base_label(f, Lang::En),
            ),
        ),
        vocab(
            "method",
            "Method",
            "A method of distributing posts among Kommunen.",
            entries(
                &[
                    Method::LargestRemainder,
                    Method::SainteLague,
                    Method::Dhondt,
                    Method::HuntingtonHill,
                ],
                Method::label_de,
                Method::label_en,
            ),
        ),
        vocab(
            "distribution_basis",
            "DistributionBasis",
            "What the weights of a plan's distribution are.",
            entries(
                &[
                    DistributionBasis::Azr,
                    DistributionBasis::Population,
                    DistributionBasis::Fixed,
                ],
                |b| distribution_basis_label(b, Lang::De),
                |b| distribution_basis_label(b, Lang::En),
            ),
        ),
        vocab(
            "forwarding_basis",
            "ForwardingBasis",
            "How a forwarding reimburses (the key of its `basis` object).",
            coded(
                &[
                    ForwardingBasis::ActualCostCapped {
                        cap_per_fte: Default::default(),
                    },
                    ForwardingBasis::FlatPerFte {
                        amount_per_fte: Default::default(),
                    },
                ],
                forwarding_basis,
            ),
        ),
        vocab(
            "tie_break",
            "TieBreak",
            "How a tie for the last step of a distribution is decided (`lot` takes a seed).",
            coded(
                &[TieBreak::Error, TieBreak::Order, TieBreak::Lot { seed: 0 }],
                tie_break,
            ),
        ),
        vocab(
            "below_minimum",
            "BelowMinimum",
            "What happens to a unit whose share is below the minimum.",
            entries(
                &[
                    BelowMinimum::ReportOnly,
                    BelowMinimum::ExcludeAndReapportion,
                    BelowMinimum::RaiseToMinimum,
                ],
                |b| below_minimum_label(b, Lang::De),
                |b| below_minimum_label(b, Lang::En),
            ),
        ),
        vocab(
            "severity",
            "Severity",
            "How serious a violation is.",
            entries(
                &[Severity::Error, Severity::Warning, Severity::Info],
                Severity::label_de,
                severity_en,
            ),
        ),
        vocab(
            "case_state",
            "CaseState",
            "The state of a case.",
            entries(CaseState::ALL, CaseState::label_de, CaseState::label_en),
        ),
        vocab(
            "event_type",
            "EventType",
            "What a case event records.",
            entries(EventType::ALL, EventType::label_de, EventType::label_en),
        ),
        vocab(
            "outcome",
            "Outcome",
            "What became of an event in a replay.",
            entries(
                &[
                    Outcome::Applied,
                    Outcome::Rejected,
                    Outcome::Superseded,
                    Outcome::Voided,
                ],
                |o| outcome_label(o, Lang::De),
                |o| outcome_label(o, Lang::En),
            ),
        ),
        vocab(
            "consultation_kind",
            "ConsultationKind",
            "The kind of a consultation.",
            entries(
                ConsultationKind::ALL,
                ConsultationKind::label_de,
                ConsultationKind::label_en,
            ),
        ),
    ];
    for (kind, name, class, doc) in [
        (
            ListKind::Topic,
            "topic",
            "Topic",
            "A Handlungsfeld (topic) of a case.",
        ),
        (
            ListKind::Rechtskreis,
            "rechtskreis",
            "Rechtskreis",
            "The legal framework (Rechtskreis) of a person's benefits.",
        ),
        (
            ListKind::ClosingReason,
            "closing_reason",
            "ClosingReason",
            "Why a case was closed.",
        ),
        (
            ListKind::ConsentPurpose,
            "consent_purpose",
            "ConsentPurpose",
            "What a consent is given for.",
        ),
        (
            ListKind::Status,
            "residence_status",
            "ResidenceStatus",
            "A residence status.",
        ),
    ] {
        out.push(Vocabulary {
            extensible: true,
            ..vocab(name, class, doc, list(kind))
        });
    }
    out
}

/// The label of `code` in the list `vocabulary`, if both are known.
///
/// ```
/// use kim_core::{vocab::label, Lang};
/// assert_eq!(label("post_kind", "case_manager", Lang::De), Some("Case Management"));
/// assert_eq!(label("post_kind", "nope", Lang::De), None);
/// ```
pub fn label(vocabulary: &str, code: &str, lang: Lang) -> Option<&'static str> {
    vocabularies()
        .into_iter()
        .find(|v| v.name == vocabulary)?
        .values
        .into_iter()
        .find(|e| e.code == code)
        .map(|e| match lang {
            Lang::De => e.label_de,
            Lang::En => e.label_en,
        })
}

/// A result field with its labels (column headings of tables, charts and reports).
///
/// ```
/// let t = kim_core::vocab::TERMS.iter().find(|t| t.key == "total").unwrap();
/// assert_eq!((t.label_de, t.label_en), ("Summe", "Total"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Term {
    /// The field name in result documents.
    pub key: &'static str,
    /// German label.
    pub label_de: &'static str,
    /// English label.
    pub label_en: &'static str,
}

const fn t(key: &'static str, label_de: &'static str, label_en: &'static str) -> Term {
    Term {
        key,
        label_de,
        label_en,
    }
}

/// The terms of result fields, for headings (see docs/concepts.md for their meaning).
pub const TERMS: &[Term] = &[
    t("land_money", "Landesmittel", "Land money"),
    t("forwarded", "Weitergeleitet", "Forwarded"),
    t(
        "retained_by_authority",
        "Beim Kreis verbleibend",
        "Retained by the authority",
    ),
    t("top_ups", "Aufstockungen", "Top-ups"),
    t("top_up", "Aufstockung", "Top-up"),
    t("own_share", "Eigenanteil", "Own share"),
    t("own_cost", "Eigene Kosten", "Own cost"),
    t("covered", "Gedeckt", "Covered"),
    t("surplus", "Überdeckung", "Surplus"),
    t("reimbursed", "Erstattung", "Reimbursed"),
    t("retained", "Verbleibend", "Retained"),
    t("cap", "Obergrenze", "Cap"),
    t("over_financing", "Überfinanzierung", "Over-financing"),
    t("recipient", "Empfänger", "Recipient"),
    t("employer", "Anstellungsträger", "Employer"),
    t("employer_kind", "Art des Trägers", "Kind of employer"),
    t("payer", "Zahler", "Payer"),
    t("baustein", "Baustein", "Building block"),
    t("kind", "Stellenart", "Kind of post"),
    t("fte", "VZÄ", "FTE"),
    t("funded", "Gefördert (VZÄ)", "Funded (FTE)"),
    t("filled", "Besetzt (VZÄ)", "Filled (FTE)"),
    t("vacancy", "Unbesetzt (VZÄ)", "Vacant (FTE)"),
    t("fill_rate_percent", "Besetzungsquote (%)", "Fill rate (%)"),
    t("headcount", "Köpfe", "Headcount"),
    t("amount", "Betrag", "Amount"),
    t("total", "Summe", "Total"),
    t("personnel", "Personalkosten", "Personnel"),
    t(
        "workplace_setup",
        "Arbeitsplatzausstattung",
        "Workplace equipment",
    ),
    t("legal_form", "Rechtsform", "Legal form"),
    t("period_from", "Von", "From"),
    t("period_to", "Bis", "To"),
    t("factor", "Anteil des Jahres", "Share of the year"),
    t("per_fte", "Satz je VZÄ", "Rate per FTE"),
    t("status", "Beleg", "Status"),
    t("item", "Posten", "Item"),
    t("unit", "Kommune", "Unit"),
    t("weight", "Gewicht", "Weight"),
    t("quota", "Quote", "Quota"),
    t("priority", "Priorität", "Priority"),
    t("rank", "Rang", "Rank"),
    t("computed", "Berechnet", "Computed"),
    t("code", "Code", "Code"),
    t("severity", "Schwere", "Severity"),
    t("path", "Feld", "Field"),
    t("message", "Meldung", "Message"),
    t("id", "Kennung", "Id"),
    t("estimated", "Geschätzt", "Estimated"),
    t("depth", "Ebene", "Level"),
    t("parent", "Über", "Via"),
    // explanation inputs (trace values are named by these keys)
    t("amount_per_fte", "Pauschale je VZÄ", "Flat amount per FTE"),
    t("cap_per_fte", "Obergrenze je VZÄ", "Cap per FTE"),
    t("top_up_per_fte", "Aufstockung je VZÄ", "Top-up per FTE"),
    t("base_fte", "Bemessungsgrundlage (VZÄ)", "FTE base"),
    t("minimum", "Mindestanteil", "Minimum share"),
    t("step", "Schrittweite", "Step"),
    t("from", "Von", "From"),
    t("to", "Bis", "To"),
    t("value", "Wert", "Value"),
    // council report (kim_core::council): headings, columns and sentences; `{name}` is filled in
    t("council_report", "Sachstandsbericht", "Progress report"),
    t(
        "council_title",
        "Sachstand zur Umsetzung des Kommunalen Integrationsmanagements (KIM) {year}",
        "Progress report on the Kommunales Integrationsmanagement (KIM) {year}",
    ),
    t("funding_year", "Förderjahr", "Funding year"),
    t("report_period", "Berichtszeitraum", "Report period"),
    t(
        "data_as_of",
        "Datenstand (Stichtag)",
        "Data as of (reference date)",
    ),
    t("created_with", "Erstellt mit", "Created with"),
    t("contents", "Inhalt", "Contents"),
    t(
        "illustrative_note",
        "Die Angaben enthalten veranschaulichende Werte, die nicht aus einer Quelle stammen (*).",
        "The figures include illustrative values that do not come from a source (*).",
    ),
    t(
        "section_funding",
        "Förderung je Baustein",
        "Funding per building block",
    ),
    t(
        "section_forwardings",
        "Weiterleitungen / Finanzielle Auswirkungen",
        "Forwardings / financial impact",
    ),
    t("section_staffing", "Personal", "Staff"),
    t(
        "section_distribution",
        "Verteilung auf die Kommunen",
        "Distribution among the Kommunen",
    ),
    t("section_cases", "Fallzahlen", "Case figures"),
    t("section_notes", "Hinweise", "Notes"),
    t("section_annex", "Anhang", "Annex"),
    t(
        "annex_trace",
        "Erläuterung der Berechnung",
        "Explanation of the computation",
    ),
    t(
        "annex_params",
        "Parameter und Quellen",
        "Parameters and sources",
    ),
    t(
        "annex_plan_sources",
        "Quellen der Planangaben",
        "Sources of the plan's figures",
    ),
    t(
        "financial_impact",
        "Finanzielle Auswirkungen",
        "Financial impact",
    ),
    t(
        "own_share_by_employer",
        "Eigenanteil je Anstellungsträger",
        "Own share per employer",
    ),
    t("staffing_on", "Besetzung am {date}", "Staffing on {date}"),
    t("cases_per_quarter", "Fälle je Quartal", "Cases per quarter"),
    t(
        "cases_by_topic",
        "Fälle nach Handlungsfeld",
        "Cases by topic",
    ),
    t(
        "not_computed",
        "Nicht berechnet – siehe Hinweise.",
        "Not computed – see notes.",
    ),
    t(
        "no_forwardings",
        "Keine Weiterleitungen.",
        "No forwardings.",
    ),
    t(
        "no_distribution",
        "Der Plan enthält keine Verteilung auf die Kommunen.",
        "The plan has no distribution among the Kommunen.",
    ),
    t(
        "no_cases",
        "Keine Falldaten im Berichtszeitraum.",
        "No case data in the report period.",
    ),
    t(
        "council_baustein_total",
        "Summe Baustein {n}",
        "Total for building block {n}",
    ),
    t(
        "distribution_sentence",
        "Verteilt werden {total} VZÄ nach dem Verfahren {method} in Schritten von {step} VZÄ (Mindestanteil {minimum} VZÄ). Grundlage der Gewichte: {basis}, Stand {date}.",
        "{total} FTE are distributed by the method {method} in steps of {step} FTE (minimum share {minimum} FTE). The weights are: {basis}, as of {date}.",
    ),
    t(
        "suppression_note",
        "Zum Schutz der Betroffenen werden Fallzahlen ab 1 und unter {k} als „<{k}“ ausgewiesen; für sie wird kein Balken gezeichnet.",
        "To protect the persons concerned, case counts of at least 1 and below {k} are shown as “<{k}”; no bar is drawn for them.",
    ),
    t(
        "illustrative_mark",
        "veranschaulichender Wert, nicht aus einer Quelle",
        "illustrative value, not from a source",
    ),
    t("tie", "Gleichstand", "Tie"),
    t("quarter", "Quartal", "Quarter"),
    t("opened", "Eröffnet", "Opened"),
    t("admitted", "Aufgenommen", "Admitted"),
    t("closed", "Abgeschlossen", "Closed"),
    t("open_at_end", "Offen am Ende", "Open at the end"),
    t("cases", "Fälle", "Cases"),
    t("label", "Bezeichnung", "Label"),
    t("share", "Anteil (VZÄ)", "Share (FTE)"),
    t("region", "Region", "Region"),
    t("reason", "Begründung", "Reason"),
    t("number", "Nr.", "No."),
    t("parameter", "Parameter", "Parameter"),
    t("per", "je", "per"),
    t("validity", "Gültigkeit", "Validity"),
    t("open_ended", "offen", "open"),
    t("carried_forward", "fortgeschrieben", "carried forward"),
    t("source", "Quelle", "Source"),
    t("note", "Anmerkung", "Note"),
    t("rule", "Regel", "Rule"),
    t("formula", "Formel", "Formula"),
    t("inputs", "Eingaben", "Inputs"),
    t("pro_rata", "Anteilige Berechnung", "Pro-rating"),
];

/// The label of a result field, if it is a known term.
///
/// ```
/// use kim_core::vocab::{TERMS, term};
/// use kim_core::Lang;
///
/// assert_eq!(term("own_share", Lang::De), Some("Eigenanteil"));
/// assert_eq!(term("own_share", Lang::En), Some("Own share"));
/// assert!(TERMS.iter().any(|t| t.key == "land_money"));
/// ```
pub fn term(key: &str, lang: Lang) -> Option<&'static str> {
    TERMS.iter().find(|t| t.key == key).map(|t| match lang {
        Lang::De => t.label_de,
        Lang::En => t.label_en,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_round_trip_through_serde_and_are_unique() {
        for v in vocabularies() {
            let mut seen = HashSet::new();
            assert!(!v.values.is_empty(), "{} is empty", v.name);
            for e in &v.values {
                assert!(!e.code.is_empty(), "{}: empty code", v.name);
                assert!(seen.insert(e.code.clone()), "{}: {} twice", v.name, e.code);
                assert!(!e.label_de.is_empty() && !e.label_en.is_empty());
            }
        }
        // every code deserialises back into its type
        let check = |name: &str, f: &dyn Fn(&str) -> bool| {
            let v = vocabularies().into_iter().find(|v| v.name == name).unwrap();
            for e in v.values {
                assert!(f(&e.code), "{name}: {} does not parse", e.code);
            }
        };
        let s = |c: &str| serde_json::Value::String(c.to_owned());
        check("method", &|c| {
            serde_json::from_value::<Method>(s(c)).is_ok()
        });
        check("case_state", &|c| {
            serde_json::from_value::<CaseState>(s(c)).is_ok()
        });
        check("severity", &|c| {
            serde_json::from_value::<Severity>(s(c)).is_ok()
        });
        check("post_kind", &|c| {
            serde_json::from_value::<PostKind>(s(c)).is_ok()
        });
        check("outcome", &|c| {
            serde_json::from_value::<Outcome>(s(c)).is_ok()
        });
    }

    #[test]
    fn codes_of_data_carrying_variants_are_their_json_keys() {
        // the code of each variant is what serde writes: the string, or the object's one key
        let key = |v: serde_json::Value| match v {
            serde_json::Value::String(s) => s,
            serde_json::Value::Object(m) => m.keys().next().cloned().unwrap(),
            other => panic!("{other}"),
        };
        let fb = [
            ForwardingBasis::ActualCostCapped {
                cap_per_fte: Default::default(),
            },
            ForwardingBasis::FlatPerFte {
                amount_per_fte: Default::default(),
            },
        ];
        for b in &fb {
            assert_eq!(key(serde_json::to_value(b).unwrap()), forwarding_basis(b).0);
        }
        for t in [TieBreak::Error, TieBreak::Order, TieBreak::Lot { seed: 3 }] {
            assert_eq!(key(serde_json::to_value(t).unwrap()), tie_break(&t).0);
        }
        assert_eq!(
            label("distribution_basis", "azr", Lang::De),
            Some("Ausländerzentralregister (AZR)")
        );
        assert_eq!(label("tie_break", "lot", Lang::En), Some("lot (seeded)"));
    }

    #[test]
    fn names_and_classes_are_unique() {
        let all = vocabularies();
        let names: HashSet<_> = all.iter().map(|v| v.name).collect();
        let classes: HashSet<_> = all.iter().map(|v| v.class).collect();
        assert_eq!(names.len(), all.len());
        assert_eq!(classes.len(), all.len());
        let keys: HashSet<_> = TERMS.iter().map(|t| t.key).collect();
        assert_eq!(keys.len(), TERMS.len());
    }

    #[test]
    fn labels_and_terms() {
        assert_eq!(
            label("baustein", "2", Lang::De),
            Some("Baustein 2 – Case Management")
        );
        assert_eq!(
            label("case_state", "klaerung", Lang::En),
            Some("Clarification / follow-up consultations")
        );
        assert_eq!(
            label("topic", "WOHNEN", Lang::De),
            Some("Wohnen/Wohnungssuche")
        );
        assert_eq!(label("method", "nope", Lang::De), None);
        assert_eq!(label("nope", "x", Lang::De), None);
        assert_eq!(term("own_share", Lang::De), Some("Eigenanteil"));
        assert_eq!(term("nope", Lang::En), None);
    }
}
