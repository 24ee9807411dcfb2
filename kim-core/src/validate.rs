//! Validation results as data: [`Violation`] with a stable [`Code`], a field path, a
//! [`Severity`] and messages in English and German.
//!
//! Every code kim can report is listed once in [`Code::ALL`] with its default severity,
//! title and message templates. `docs/errors.md` is generated from this catalogue
//! (`kim errors --markdown`) and a test keeps the two in step.
//!
//! ```
//! use kim_core::{Code, Violation};
//! let v = Violation::new(Code::V012, "funded[0].fte").with("value", "-1");
//! assert_eq!(v.code.as_str(), "KIM-V012");
//! assert_eq!(v.message_en(), "Value must not be negative (got -1).");
//! assert_eq!(v.message_de(), "Der Wert darf nicht negativ sein (angegeben: -1).");
//! ```

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// How serious a [`Violation`] is.
///
/// ```
/// use kim_core::{Code, Severity};
/// assert_eq!(Code::V013.severity(), Severity::Error);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The input cannot be used as it stands; results that depend on it are missing.
    Error,
    /// The result was computed but needs attention (assumption, over-financing, …).
    Warning,
    /// For the record (e.g. an assumed parameter was used).
    Info,
}

impl Severity {
    /// English name as used in JSON.
    ///
    /// ```
    /// assert_eq!(kim_core::Severity::Warning.as_str(), "warning");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
    /// German label.
    ///
    /// ```
    /// assert_eq!(kim_core::Severity::Info.label_de(), "Hinweis");
    /// ```
    pub fn label_de(self) -> &'static str {
        match self {
            Severity::Error => "Fehler",
            Severity::Warning => "Warnung",
            Severity::Info => "Hinweis",
        }
    }
}

macro_rules! codes {
    ($( $variant:ident, $sev:ident, $title_en:literal, $title_de:literal, $en:literal, $de:literal; )*) => {
        /// A stable violation code: `KIM-` + area letter + three digits.
        ///
        /// Areas: `P` parsing of documents and numbers, `V` plan validation, `A` allocation,
        /// `C` cases, `R` parameters.
        ///
        /// ```
        /// use kim_core::Code;
        /// let c: Code = "KIM-P004".parse().unwrap();
        /// assert_eq!((c, c.title_en()), (Code::P004, "Floating-point number not accepted"));
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $(
                #[doc = $title_en]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as text, e.g. `"KIM-P001"`.
            ///
            /// ```
            /// assert_eq!(kim_core::Code::P001.as_str(), "KIM-P001");
            /// ```
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => concat!("KIM-", stringify!($variant)),)* }
            }
            /// Default severity of violations with this code.
            ///
            /// ```
            /// use kim_core::{Code, Severity};
            /// assert_eq!(Code::P001.severity(), Severity::Error);
            /// ```
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }
            /// Short English title.
            ///
            /// ```
            /// assert_eq!(kim_core::Code::P004.title_en(), "Floating-point number not accepted");
            /// ```
            pub fn title_en(self) -> &'static str {
                match self { $(Code::$variant => $title_en,)* }
            }
            /// Short German title.
            ///
            /// ```
            /// assert_eq!(kim_core::Code::P004.title_de(), "Gleitkommazahl nicht zulässig");
            /// ```
            pub fn title_de(self) -> &'static str {
                match self { $(Code::$variant => $title_de,)* }
            }
            /// English message template; `{name}` is replaced by the parameter `name`.
            ///
            /// ```
            /// assert!(kim_core::Code::P004.template_en().starts_with("{text} is a floating-point number"));
            /// ```
            pub fn template_en(self) -> &'static str {
                match self { $(Code::$variant => $en,)* }
            }
            /// German message template.
            ///
            /// ```
            /// assert!(kim_core::Code::P004.template_de().contains("Gleitkommazahl"));
            /// ```
            pub fn template_de(self) -> &'static str {
                match self { $(Code::$variant => $de,)* }
            }
        }
    };
}

codes! {
    // ---- P: parsing -------------------------------------------------------------------
    P001, Error, "Malformed document", "Dokument nicht lesbar",
        "The document is not valid JSON/TOML: {detail}.",
        "Das Dokument ist kein gültiges JSON/TOML: {detail}.";
    P002, Error, "Not a decimal number", "Keine Dezimalzahl",
        "\"{text}\" is not a decimal number.",
        "„{text}“ ist keine Dezimalzahl.";
    P003, Error, "Locale-specific number without a locale", "Zahlformat ohne Gebietsschema mehrdeutig",
        "\"{text}\" is ambiguous without a locale: write it as a plain decimal like \"1.5\" or \"55000.00\", or pass the locale (de or en).",
        "„{text}“ ist ohne Angabe des Zahlformats mehrdeutig: bitte als einfache Dezimalzahl wie „1.5“ oder „55000.00“ schreiben oder das Zahlformat (de oder en) angeben.";
    P004, Error, "Floating-point number not accepted", "Gleitkommazahl nicht zulässig",
        "{text} is a floating-point number; give decimals as strings (e.g. \"1.5\") or as whole numbers.",
        "{text} ist eine Gleitkommazahl; Dezimalzahlen bitte als Zeichenkette (z. B. „1.5“) oder als ganze Zahl angeben.";
    P005, Error, "Number out of range", "Zahl außerhalb des zulässigen Bereichs",
        "\"{text}\" is out of range (at most {max}).",
        "„{text}“ liegt außerhalb des zulässigen Bereichs (höchstens {max}).";
    P006, Error, "Empty value", "Leerer Wert",
        "The value is empty.",
        "Der Wert ist leer.";
    P007, Error, "Invalid date", "Ungültiges Datum",
        "\"{text}\" is not a valid calendar date (YYYY-MM-DD).",
        "„{text}“ ist kein gültiges Kalenderdatum (JJJJ-MM-TT).";
    P008, Error, "Unknown field", "Unbekanntes Feld",
        "Unknown field: {detail}.",
        "Unbekanntes Feld „{field}“ (zulässig: {expected}).";
    P009, Error, "Missing field", "Pflichtfeld fehlt",
        "Missing field: {detail}.",
        "Pflichtfeld „{field}“ fehlt.";
    P010, Error, "Wrong type", "Falscher Datentyp",
        "Wrong type: {detail}.",
        "Falscher Datentyp (Einzelheiten: {detail}).";
    P011, Error, "Unknown value", "Unbekannter Wert",
        "Unknown value: {detail}.",
        "Unbekannter Wert „{field}“ (zulässig: {expected}).";
    P012, Error, "Unsupported schema version", "Nicht unterstützte Schemaversion",
        "schema_version \"{found}\" is not supported; expected \"{expected}\".",
        "schema_version „{found}“ wird nicht unterstützt; erwartet wird „{expected}“.";
    P013, Error, "Invalid digit grouping", "Ungültige Zifferngruppierung",
        "\"{text}\" has invalid digit grouping for locale {locale}.",
        "„{text}“ hat eine für das Zahlformat {locale} ungültige Zifferngruppierung.";
    P014, Error, "Unknown locale", "Unbekanntes Zahlformat",
        "Unknown locale \"{text}\"; use de or en.",
        "Unbekanntes Zahlformat „{text}“; bitte de oder en verwenden.";
    P015, Error, "Input too large", "Eingabe zu groß",
        "The input is too large ({size} > {max} {unit}).",
        "Die Eingabe ist zu groß ({size} > {max} {unit}).";
    P016, Error, "Unknown operation", "Unbekannte Operation",
        "Unknown operation \"{text}\".",
        "Unbekannte Operation „{text}“.";
    P017, Error, "Invalid date and time", "Ungültiger Zeitpunkt",
        "\"{text}\" is not a valid local date and time (YYYY-MM-DDTHH:MM:SS).",
        "„{text}“ ist kein gültiger Zeitpunkt (JJJJ-MM-TTTHH:MM:SS).";
    // ---- V: plan validation -------------------------------------------------------------
    V001, Error, "Period outside the year", "Zeitraum außerhalb des Jahres",
        "The period {from} – {to} must lie within the year {year}.",
        "Der Zeitraum {from_de} – {to_de} muss im Jahr {year} liegen.";
    V002, Error, "Period reversed", "Zeitraum verkehrt",
        "The period starts ({from}) after it ends ({to}).",
        "Der Zeitraum beginnt ({from_de}) nach seinem Ende ({to_de}).";
    V003, Error, "Duplicate id", "Doppelte Kennung",
        "The id \"{id}\" is used more than once (first at {first}).",
        "Die Kennung „{id}“ ist mehrfach vergeben (zuerst bei {first}).";
    V004, Error, "More VZÄ forwarded than funded", "Mehr VZÄ weitergeleitet als gefördert",
        "Baustein {baustein}: {forwarded} VZÄ are forwarded but only {funded} VZÄ are funded.",
        "Baustein {baustein}: {forwarded_de} VZÄ werden weitergeleitet, gefördert sind aber nur {funded_de} VZÄ.";
    V005, Error, "More money forwarded than granted", "Mehr Landesmittel weitergeleitet als bewilligt",
        "Baustein {baustein}: {forwarded} € of state money are forwarded but the grant is {granted} €.",
        "Baustein {baustein}: {forwarded_de} € Landesmittel werden weitergeleitet, bewilligt sind aber {granted_de} €.";
    V006, Error, "Onward VZÄ exceed the VZÄ received", "Weitergeleitete VZÄ übersteigen die erhaltenen",
        "{to} passes on {onward} VZÄ but receives only {fte} VZÄ.",
        "{to} leitet {onward_de} VZÄ weiter, erhält aber nur {fte_de} VZÄ.";
    V007, Error, "Onward money exceeds the money received", "Weitergeleitete Mittel übersteigen die erhaltenen",
        "{to} passes on {onward} € but receives only {received} €.",
        "{to} leitet {onward_de} € weiter, erhält aber nur {received_de} €.";
    V008, Warning, "Over-financing", "Überfinanzierung",
        "{to} receives {surplus} € more than its costs ({cost} €).",
        "{to} erhält {surplus_de} € mehr als die Kosten ({cost_de} €).";
    V009, Warning, "Actual cost missing", "Tatsächliche Kosten fehlen",
        "No actual cost given for {to}: the cap of {cap} € is shown as the maximum reimbursement; Eigenanteil unknown.",
        "Für {to} sind keine tatsächlichen Kosten angegeben: die Obergrenze von {cap_de} € wird als Höchstbetrag gezeigt; Eigenanteil unbekannt.";
    V010, Error, "Workplace set-up money only in Baustein 1", "Arbeitsplatzausstattung nur in Baustein 1",
        "Workplace set-up money is only available for Baustein 1 posts, not for {kind}.",
        "Sachkosten für die Arbeitsplatzausstattung gibt es nur für Stellen in Baustein 1, nicht für {kind_de}.";
    V011, Warning, "Filled VZÄ exceed contracted VZÄ", "Besetzte VZÄ übersteigen vereinbarte VZÄ",
        "{filled} VZÄ are filled but only {fte} VZÄ are contracted.",
        "{filled_de} VZÄ sind besetzt, vereinbart sind aber nur {fte_de} VZÄ.";
    V012, Error, "Negative value", "Negativer Wert",
        "Value must not be negative (got {value}).",
        "Der Wert darf nicht negativ sein (angegeben: {value}).";
    V013, Error, "Too many decimal places", "Zu viele Nachkommastellen",
        "{value} has more than {max} decimal places.",
        "{value} hat mehr als {max} Nachkommastellen.";
    V014, Error, "Value too large", "Wert zu groß",
        "{value} exceeds the largest accepted value {max}.",
        "{value} übersteigt den größten zulässigen Wert {max}.";
    V015, Error, "Forwarding cycle", "Kreislauf in der Weiterleitung",
        "{party} appears twice in one forwarding chain.",
        "{party} kommt in einer Weiterleitungskette zweimal vor.";
    V016, Error, "Forwarding chain too deep", "Weiterleitungskette zu tief",
        "Forwarding chains may be at most {max} levels deep.",
        "Weiterleitungsketten dürfen höchstens {max} Ebenen tief sein.";
    V017, Error, "Forwarding does not start at its giver", "Weiterleitung beginnt nicht beim Geber",
        "This forwarding starts at {from}, but the money is held by {expected}.",
        "Diese Weiterleitung geht von {from} aus, die Mittel liegen aber bei {expected}.";
    V018, Error, "Filled VZÄ needed", "Besetzte VZÄ erforderlich",
        "The {what} is based on filled VZÄ, but filled_fte is not given.",
        "Die Berechnung ({what}) beruht auf besetzten VZÄ, filled_fte ist aber nicht angegeben.";
    V019, Error, "Year out of range", "Jahr außerhalb des Bereichs",
        "The year {year} is outside the supported range {min}–{max}.",
        "Das Jahr {year} liegt außerhalb des unterstützten Bereichs {min}–{max}.";
    V020, Error, "Arithmetic overflow", "Rechenbereich überschritten",
        "The amount for this entry is too large to compute exactly.",
        "Der Betrag für diesen Eintrag ist zu groß, um ihn exakt zu berechnen.";
    V021, Error, "Empty id", "Leere Kennung",
        "The id must not be empty.",
        "Die Kennung darf nicht leer sein.";
    V022, Error, "Personal data not allowed", "Personenbezogene Daten nicht zulässig",
        "Ids are pseudonyms: \"{id}\" looks like personal data (spaces or @ are not allowed).",
        "Kennungen sind Pseudonyme: „{id}“ sieht nach personenbezogenen Daten aus (Leerzeichen und @ sind nicht zulässig).";
    V023, Error, "Cost item funded twice", "Doppelförderung",
        "This cost item is also funded by {other}; § 9 (4) TIntG forbids double funding.",
        "Dieser Kostenposten wird auch aus {other} gefördert; § 9 Abs. 4 TIntG verbietet eine Doppelförderung.";
    V024, Error, "Post kind changes along a chain", "Stellenart wechselt in der Kette",
        "An onward forwarding of {kind} posts continues a chain of {expected} posts.",
        "Eine Weiterleitung von Stellen der Art {kind_de} setzt eine Kette von Stellen der Art {expected_de} fort.";
    // ---- A: allocation (distribution of posts) ------------------------------------------
    A001, Error, "No units", "Keine Einheiten",
        "A distribution needs at least one unit.",
        "Eine Verteilung braucht mindestens eine Einheit.";
    A002, Error, "Negative weight", "Negatives Gewicht",
        "Weights must not be negative (got {value}).",
        "Gewichte dürfen nicht negativ sein (angegeben: {value}).";
    A003, Error, "Duplicate unit", "Doppelte Einheit",
        "The unit \"{unit}\" appears more than once (first at {first}).",
        "Die Einheit „{unit}“ kommt mehrfach vor (zuerst bei {first}).";
    A004, Error, "All weights are zero", "Alle Gewichte sind null",
        "All weights are zero: there is nothing to distribute by.",
        "Alle Gewichte sind null: es gibt keinen Verteilungsschlüssel.";
    A005, Error, "Total is not a multiple of the step", "Gesamtzahl kein Vielfaches der Schrittweite",
        "{value} VZÄ cannot be distributed in steps of {step} VZÄ.",
        "{value_de} VZÄ lassen sich nicht in Schritten von {step_de} VZÄ verteilen.";
    A006, Error, "Step must be positive", "Schrittweite muss positiv sein",
        "The step must be greater than zero.",
        "Die Schrittweite muss größer als null sein.";
    A007, Error, "Minimum is not a multiple of the step", "Mindestanteil kein Vielfaches der Schrittweite",
        "The minimum {value} VZÄ is not a multiple of the step {step} VZÄ.",
        "Der Mindestanteil {value_de} VZÄ ist kein Vielfaches der Schrittweite {step_de} VZÄ.";
    A008, Error, "Tie decides a unit", "Gleichstand entscheidet über eine Einheit",
        "Exact tie between {units} for {steps} step(s); choose a tie_break (order or lot).",
        "Exakter Gleichstand zwischen {units} um {steps} Schritt(e); bitte eine Regel wählen (Reihenfolge oder Los).";
    A009, Error, "Minimum cannot be met", "Mindestanteil nicht erfüllbar",
        "{units} units at the minimum of {minimum} VZÄ need more than the {total} VZÄ to distribute.",
        "{units} Einheiten mit dem Mindestanteil von {minimum_de} VZÄ brauchen mehr als die zu verteilenden {total_de} VZÄ.";
    A010, Error, "Too large", "Zu groß",
        "Too many {what} (at most {max}).",
        "Zu viele {what} (höchstens {max}).";
    A011, Error, "Weights too large or too precise", "Gewichte zu groß oder zu genau",
        "The weights are too large or have too many decimal places to compute exactly.",
        "Die Gewichte sind zu groß oder haben zu viele Nachkommastellen für eine exakte Rechnung.";
    A012, Error, "Empty unit name", "Leerer Name der Einheit",
        "Every unit needs a name.",
        "Jede Einheit braucht einen Namen.";
    A013, Info, "Quota rule broken", "Quotenregel verletzt",
        "The share of {unit} lies outside its quota rounded down and up (method {method}).",
        "Der Anteil von {unit} liegt außerhalb seiner ab- und aufgerundeten Quote (Verfahren {method}).";
    A014, Warning, "Share below minimum", "Anteil unter dem Mindestanteil",
        "{unit} gets a share below the minimum of {minimum} VZÄ.",
        "{unit} erhält einen Anteil unter dem Mindestanteil von {minimum_de} VZÄ.";
    A015, Warning, "Overrides change the total", "Festlegungen ändern die Summe",
        "With the overrides the shares add up to {sum} VZÄ, not {total} VZÄ.",
        "Mit den Festlegungen ergeben die Anteile zusammen {sum_de} VZÄ statt {total_de} VZÄ.";
    A016, Error, "Override without a reason", "Festlegung ohne Begründung",
        "The manual share of {unit} needs a reason.",
        "Die festgelegte Verteilung für {unit} braucht eine Begründung.";
    A017, Error, "Unknown unit", "Unbekannte Einheit",
        "\"{unit}\" is not one of the weighted units.",
        "„{unit}“ gehört nicht zu den gewichteten Einheiten.";
    A018, Error, "Unit in two regions", "Einheit in zwei Regionen",
        "\"{unit}\" is already in the region {first}.",
        "„{unit}“ gehört bereits zur Region {first}.";
    A019, Warning, "AZR Stichtag is not 31.03.", "AZR-Stichtag ist nicht der 31.03.",
        "AZR weights are usually taken on 31.03. of the plan year or the year before (Rhein-Kreis Neuss); this plan uses {stichtag}.",
        "AZR-Daten werden üblicherweise zum 31.03. des Planjahres oder des Vorjahres genommen (Rhein-Kreis Neuss); dieser Plan verwendet den {stichtag_de}.";
    // ---- C: cases ----------------------------------------------------------------------
    C001, Error, "Case not opened", "Fall nicht eröffnet",
        "{event} on {effective} comes before the case was opened: no open event on or before that day.",
        "{event} am {effective_de} liegt vor der Eröffnung des Falls: kein open-Ereignis an oder vor diesem Tag.";
    C002, Error, "Transition not allowed", "Übergang nicht zulässig",
        "{event} is not allowed in state {state} (see the transition table: kim cases).",
        "{event_de} ist im Zustand „{state_de}“ nicht zulässig (siehe Übergangstabelle: kim cases).";
    C003, Error, "Admission without consent", "Aufnahme ohne Einwilligung",
        "Admission on {effective} requires a consent to case management (purpose fallmanagement) given on or before that day and not revoked.",
        "Die Aufnahme am {effective_de} erfordert eine Einwilligung in das Case Management (Zweck fallmanagement), erteilt an oder vor diesem Tag und nicht widerrufen.";
    C004, Error, "Case closed twice", "Fall doppelt abgeschlossen",
        "The case was already closed on {closed}; reopen it before closing it again.",
        "Der Fall wurde bereits am {closed_de} abgeschlossen; vor einem erneuten Abschluss muss er wiedereröffnet werden.";
    C005, Error, "Effective date after recording", "Wirksamkeit nach Erfassung",
        "The event takes effect on {effective} but was recorded on {recorded}: nothing can be recorded before it happens.",
        "Das Ereignis wird am {effective_de} wirksam, wurde aber am {recorded_de} erfasst: nichts kann vor seinem Eintreten erfasst werden.";
    C006, Error, "Recorded out of order", "Erfassungsreihenfolge verletzt",
        "Events come in recorded order: {recorded} is earlier than the previous event's {previous}.",
        "Ereignisse sind in Erfassungsreihenfolge anzugeben: {recorded} liegt vor {previous} des vorigen Ereignisses.";
    C007, Error, "Event of another case", "Ereignis eines anderen Falls",
        "This history is for case {expected}; the event belongs to another case.",
        "Dieser Verlauf gehört zum Fall {expected}; das Ereignis gehört zu einem anderen Fall.";
    C008, Error, "Case opened twice", "Fall doppelt eröffnet",
        "The case was already opened on {opened}.",
        "Der Fall wurde bereits am {opened_de} eröffnet.";
    C009, Error, "Unknown code", "Unbekannter Code",
        "Not a known {list} code ({length} characters; the value is not repeated here): use one of the list (kim cases --codes) or add it to the configuration (config.{field}).",
        "Kein bekannter Code für {list_de} ({length} Zeichen; der Wert wird hier nicht wiederholt): einen Code der Liste verwenden (kim cases --codes) oder in der Konfiguration ergänzen (config.{field}).";
    C010, Error, "Missing field for the event", "Pflichtangabe zum Ereignis fehlt",
        "Event {event} needs the field {field}.",
        "Das Ereignis {event} braucht das Feld {field}.";
    C011, Error, "Field not used by the event", "Feld beim Ereignis nicht vorgesehen",
        "Event {event} does not take the field {field}: remove it (events carry codes only, no free text or personal data).",
        "Das Ereignis {event} nimmt das Feld {field} nicht auf: bitte entfernen (Ereignisse enthalten nur Codes, keinen Freitext und keine personenbezogenen Daten).";
    C012, Error, "Not a pseudonym", "Kein Pseudonym",
        "{field} must be an opaque pseudonym of 1–64 letters, digits, '.', '_', ':' or '-' (got {length} characters; the value is not repeated here).",
        "{field} muss ein Pseudonym aus 1–64 Buchstaben, Ziffern, '.', '_', ':' oder '-' sein (angegeben: {length} Zeichen; der Wert wird hier nicht wiederholt).";
    C013, Error, "Unknown superseded event", "Ersetztes Ereignis unbekannt",
        "supersedes must name an earlier, accepted event of this case (not a rejected, superseded or void one).",
        "supersedes muss ein früher erfasstes, angenommenes Ereignis dieses Falls nennen (kein abgelehntes, ersetztes oder storniertes).";
    C014, Error, "Rechtskreiswechsel from the wrong Rechtskreis", "Rechtskreiswechsel aus falschem Rechtskreis",
        "The case's current Rechtskreis is {current}, not {from}.",
        "Der aktuelle Rechtskreis des Falls ist {current}, nicht {from}.";
    C015, Warning, "Gap between Rechtskreise", "Lücke zwischen Rechtskreisen",
        "{from} ended on {ended} and {to} starts on {start}: {days} day(s) without a Rechtskreis (KIM aims at a seamless transition).",
        "{from} endete am {ended_de}, {to} beginnt am {start_de}: {days} Tag(e) ohne Rechtskreis (KIM zielt auf einen lückenlosen Übergang).";
    C016, Error, "Treppenmodell level out of range", "Stufe im Treppenmodell außerhalb des Bereichs",
        "Level {level} is outside 1–{max}.",
        "Stufe {level} liegt außerhalb von 1–{max}.";
    C017, Warning, "Target-group predicate not met", "Zielgruppenkriterium nicht erfüllt",
        "At admission: {reason}. The admission stands; check the target group.",
        "Bei der Aufnahme: {reason_de}. Die Aufnahme bleibt bestehen; bitte die Zielgruppe prüfen.";
    C018, Error, "Consultation without persons", "Beratung ohne Personen",
        "A consultation has at least one person.",
        "Eine Beratung hat mindestens eine Person.";
    C019, Error, "Referral consultation with a case", "Verweisberatung mit Fall",
        "A Verweisberatung refers the person elsewhere and opens no case: remove case_id or change the kind.",
        "Eine Verweisberatung verweist an andere Stellen und eröffnet keinen Fall: case_id entfernen oder die Art ändern.";
    C020, Error, "Too many Fallrekonstruktionen", "Zu viele Fallrekonstruktionen",
        "{year}: {count} Fallrekonstruktionen, at most {max} per year are configured.",
        "{year}: {count} Fallrekonstruktionen, höchstens {max} je Jahr sind konfiguriert.";
    C021, Error, "Fallrekonstruktion set size", "Größe der Fallrekonstruktion",
        "A Fallrekonstruktion analyses {min}–{max} cases; this one has {count}.",
        "Eine Fallrekonstruktion umfasst {min}–{max} Fälle; diese hat {count}.";
    C022, Warning, "Unknown case", "Unbekannter Fall",
        "No events of case {case} in this document.",
        "Zum Fall {case} enthält dieses Dokument keine Ereignisse.";
    C023, Error, "Duplicate id", "Doppelte Kennung",
        "The id was already used at {first}.",
        "Die Kennung wurde bereits bei {first} verwendet.";
    C024, Error, "Consent not given", "Keine Einwilligung vorhanden",
        "Consent for purpose {purpose} cannot be revoked: none is in force on that day.",
        "Die Einwilligung für den Zweck {purpose} kann nicht widerrufen werden: an diesem Tag besteht keine.";
    C025, Error, "Invalid report period", "Ungültiger Berichtszeitraum",
        "\"{text}\" is not a report period: use 2023, 2023-Q2, 2023-04 or 2023-01-01..2023-06-30.",
        "„{text}“ ist kein Berichtszeitraum: zulässig sind 2023, 2023-Q2, 2023-04 oder 2023-01-01..2023-06-30.";
    C026, Error, "Cases not loaded", "Falldaten nicht geladen",
        "The plan refers to case data in {file}; load it and pass it to the report (CLI: kim report PLAN CASES).",
        "Der Plan verweist auf Falldaten in {file}; diese laden und an den Bericht übergeben (CLI: kim report PLAN CASES).";
    C027, Error, "Not a code", "Kein Code",
        "{field} takes a short code or name of at most {max} characters, not free text.",
        "{field} nimmt einen kurzen Code oder Namen mit höchstens {max} Zeichen auf, keinen Freitext.";
    C028, Warning, "Topic not active", "Handlungsfeld nicht aktiv",
        "Topic {topic}: already active = {active}; the event changes nothing.",
        "Handlungsfeld {topic}: bereits aktiv = {active}; das Ereignis ändert nichts.";
    C029, Error, "Rechtskreis already set", "Rechtskreis bereits festgehalten",
        "The case has Rechtskreis {current} since {since}; record a change with rechtskreiswechsel.",
        "Der Fall hat seit dem {since_de} den Rechtskreis {current}; ein Wechsel wird mit rechtskreiswechsel erfasst.";
    C030, Info, "Events left out of the report", "Ereignisse im Bericht nicht berücksichtigt",
        "{count} event(s) were rejected by the replay and are not counted (kim replay lists them).",
        "{count} Ereignis(se) wurden beim Nachvollziehen abgelehnt und nicht gezählt (kim replay listet sie auf).";
    C031, Error, "Backdated event contradicts the history", "Rückdatiertes Ereignis widerspricht dem Verlauf",
        "With this event in place (effective {effective}), {other} would no longer be valid ({other_code}): record events in the order they happened, or correct the later ones first.",
        "Mit diesem Ereignis (wirksam am {effective_de}) wäre {other} nicht mehr gültig ({other_code}): Ereignisse in der Reihenfolge ihres Eintretens erfassen oder zuerst die späteren korrigieren.";
    C032, Error, "Invalid end of the Rechtskreis left", "Ungültiges Ende des bisherigen Rechtskreises",
        "from_ended {ended} must lie between the start of {from} ({since}) and the day before the change ({start}).",
        "from_ended {ended_de} muss zwischen dem Beginn von {from} ({since_de}) und dem Tag vor dem Wechsel ({start_de}) liegen.";
    // ---- R: parameters -----------------------------------------------------------------
    R001, Error, "Rate missing", "Fördersatz fehlt",
        "No rate for {key} on {date}: the parameter table has no value valid on that date.",
        "Kein Fördersatz für {key_de} am {date_de}: die Parametertabelle enthält keinen an diesem Tag gültigen Wert.";
    R002, Warning, "Rate carried forward", "Fördersatz fortgeschrieben",
        "No rate for {key} on {date}; the last known rate ({value} €, valid until {last_valid_to}) is carried forward and marked assumed.",
        "Kein Fördersatz für {key_de} am {date_de}; der zuletzt bekannte Satz ({value_de} €, gültig bis {last_valid_to_de}) wird fortgeschrieben und als angenommen gekennzeichnet.";
    R003, Error, "Rate changes within a flat period", "Fördersatz ändert sich im Zeitraum",
        "The rate for {key} changes within {from} – {to}; with pro-rating full_year the amount is undefined: choose months or days.",
        "Der Fördersatz für {key_de} ändert sich im Zeitraum {from_de} – {to_de}; ohne anteilige Berechnung (full_year) ist der Betrag unbestimmt: bitte months oder days wählen.";
    R004, Info, "Assumed parameter used", "Angenommener Parameter verwendet",
        "The rate for {key} from {valid_from} ({value} €) is assumed, not stated in a source: {note}",
        "Der Fördersatz für {key_de} ab {valid_from_de} ({value_de} €) ist angenommen, nicht durch eine Quelle belegt; die Begründung steht in der Parametertabelle (kim params).";
    R005, Error, "Overlapping parameter validity", "Überlappende Gültigkeit",
        "Two values for {key} are valid on {date}.",
        "Für {key_de} sind am {date_de} zwei Werte gültig.";
    R006, Error, "Invalid parameter entry", "Ungültiger Parametereintrag",
        "Invalid parameter entry: {detail}.",
        "Ungültiger Parametereintrag: {detail}.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or(())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|()| serde::de::Error::custom(format!("unknown violation code {s}")))
    }
}

/// One finding about an input: stable code, field path, severity and messages in English
/// and German. Paths use the document's field names: `forwardings[0].onward[1].fte`; the
/// whole document is the empty path.
///
/// The messages are rendered from the code's templates and `params` when they are read
/// ([`Violation::message_en`], [`Violation::message_de`]) and when the violation is
/// serialised, where they appear as the fields `message_en` and `message_de`.
///
/// ```
/// use kim_core::{Code, Violation};
/// let v = Violation::new(Code::V012, "funded[0].fte").with("value", "-1");
/// let json = serde_json::to_value(&v).unwrap();
/// assert_eq!(json["message_de"], "Der Wert darf nicht negativ sein (angegeben: -1).");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Stable code, e.g. `KIM-V012`.
    pub code: Code,
    /// Field path inside the input document.
    pub path: String,
    /// How serious it is.
    pub severity: Severity,
    /// The values the messages are built from.
    pub params: BTreeMap<String, String>,
}

/// The serialised form of a [`Violation`]: messages included.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ViolationDoc<P> {
    code: Code,
    path: String,
    severity: Severity,
    message_en: String,
    message_de: String,
    params: P,
}

impl Serialize for Violation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ViolationDoc {
            code: self.code,
            path: self.path.clone(),
            severity: self.severity,
            message_en: self.message_en(),
            message_de: self.message_de(),
            params: &self.params,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Violation {
    /// Reads a serialised violation; the messages are re-rendered from code and params.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let doc = ViolationDoc::<BTreeMap<String, String>>::deserialize(d)?;
        Ok(Violation {
            code: doc.code,
            path: doc.path,
            severity: doc.severity,
            params: doc.params,
        })
    }
}

impl Violation {
    /// A violation with the code's default severity and no parameters.
    ///
    /// ```
    /// use kim_core::{Code, Violation};
    /// let v = Violation::new(Code::V012, "funded[0].fte");
    /// assert!(v.is_error() && v.params.is_empty());
    /// ```
    pub fn new(code: Code, path: impl Into<String>) -> Self {
        Violation {
            code,
            path: path.into(),
            severity: code.severity(),
            params: BTreeMap::new(),
        }
    }

    /// Adds a message parameter.
    ///
    /// ```
    /// use kim_core::{Code, Violation};
    /// let v = Violation::new(Code::V012, "funded[0].fte").with("value", "-1");
    /// assert_eq!(v.message_en(), "Value must not be negative (got -1).");
    /// ```
    #[must_use]
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.params.insert(key.to_owned(), value.into());
        self
    }

    /// The message in English.
    ///
    /// ```
    /// use kim_core::{Code, Violation};
    /// assert!(Violation::new(Code::A004, "weights").message_en().len() > 10);
    /// ```
    pub fn message_en(&self) -> String {
        fill(self.code.template_en(), &self.params)
    }

    /// The message in German.
    ///
    /// ```
    /// use kim_core::{Code, Violation};
    /// let v = Violation::new(Code::V012, "x").with("value", "-1");
    /// assert_eq!(v.message_de(), "Der Wert darf nicht negativ sein (angegeben: -1).");
    /// ```
    pub fn message_de(&self) -> String {
        fill(self.code.template_de(), &self.params)
    }

    /// Adds an amount as `key` (plain, `82500.00`) and `key_de` (German, `82.500,00`).
    ///
    /// ```
    /// use kim_core::{Code, Violation};
    /// let v = Violation::new(Code::V012, "x").with_euro("value", "82500".parse().unwrap());
    /// assert_eq!((v.params["value"].as_str(), v.params["value_de"].as_str()), ("82500.00", "82.500,00"));
    /// ```
    #[must_use]
    pub fn with_euro(self, key: &str, v: crate::Euro) -> Self {
        let de = v.format(crate::Locale::De);
        let de = de.strip_suffix(" €").unwrap_or(&de).to_owned();
        self.with(key, v.to_string()).with(&format!("{key}_de"), de)
    }

    /// Adds VZÄ as `key` (plain, `1.5`) and `key_de` (German, `1,5`).
    ///
    /// ```
    /// use kim_core::{Code, Violation};
    /// let v = Violation::new(Code::V012, "x").with_fte("value", "1.5".parse().unwrap());
    /// assert_eq!(v.params["value_de"], "1,5");
    /// ```
    #[must_use]
    pub fn with_fte(self, key: &str, v: crate::Fte) -> Self {
        self.with(key, v.to_string())
            .with(&format!("{key}_de"), v.format(crate::Locale::De))
    }

    /// Adds a date as `key` (ISO, `2023-12-31`) and `key_de` (German, `31.12.2023`).
    ///
    /// ```
    /// use kim_core::{Code, Violation};
    /// let day = chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    /// assert_eq!(Violation::new(Code::V012, "x").with_date("d", day).params["d_de"], "31.12.2023");
    /// ```
    #[must_use]
    pub fn with_date(self, key: &str, d: chrono::NaiveDate) -> Self {
        self.with(key, d.to_string())
            .with(&format!("{key}_de"), crate::period::date_de(d))
    }

    /// Overrides the severity.
    ///
    /// ```
    /// use kim_core::{Code, Severity, Violation};
    /// let v = Violation::new(Code::V012, "x").with_severity(Severity::Warning);
    /// assert!(!v.is_error());
    /// ```
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Prefixes the path (`prefix` + `.` + path, or `prefix` + `[i]…`).
    ///
    /// ```
    /// use kim_core::{Code, Violation};
    /// assert_eq!(Violation::new(Code::V012, "fte").under("funded[0]").path, "funded[0].fte");
    /// assert_eq!(Violation::new(Code::V012, "[2]").under("funded").path, "funded[2]");
    /// ```
    #[must_use]
    pub fn under(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self
    }

    /// The message in the given language.
    ///
    /// ```
    /// use kim_core::{Code, Lang, Violation};
    /// let v = Violation::new(Code::V012, "x").with("value", "-1");
    /// assert_eq!(v.message(Lang::De), v.message_de());
    /// ```
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::De => self.message_de(),
            Lang::En => self.message_en(),
        }
    }

    /// Is this an error (as opposed to a warning or a note)?
    ///
    /// ```
    /// use kim_core::{Code, Violation};
    /// assert!(Violation::new(Code::P001, "").is_error());
    /// ```
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code, self.message_en())
        } else {
            write!(f, "{} at {}: {}", self.code, self.path, self.message_en())
        }
    }
}

/// Output language for messages and reports.
///
/// ```
/// use kim_core::Lang;
/// assert_eq!(Lang::default(), Lang::De);
/// assert_eq!(serde_json::to_string(&Lang::En).unwrap(), r#""en""#);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Deutsch (the default: the users are German authorities).
    #[default]
    De,
    /// English.
    En,
}

impl std::str::FromStr for Lang {
    type Err = crate::Error;

    /// `"de"` or `"en"`, as in JSON documents; anything else is `KIM-P011` (unknown value).
    ///
    /// ```
    /// use kim_core::Lang;
    /// assert_eq!("en".parse::<Lang>().unwrap(), Lang::En);
    /// assert_eq!("fr".parse::<Lang>().unwrap_err().code().as_str(), "KIM-P011");
    /// ```
    fn from_str(code: &str) -> Result<Lang, crate::Error> {
        crate::doc::read(&serde_json::Value::String(code.to_owned()))
    }
}

/// Joins a path prefix and a relative path in kim's path syntax (`plan` + `funded[0]` →
/// `plan.funded[0]`, `funded` + `[0]` → `funded[0]`; an empty side gives the other).
///
/// ```
/// use kim_core::validate::join_path;
///
/// assert_eq!(join_path("plan", "funded[0].fte"), "plan.funded[0].fte");
/// assert_eq!(join_path("funded", "[0]"), "funded[0]");
/// assert_eq!(join_path("", "year"), "year");
/// ```
pub fn join_path(prefix: &str, rest: &str) -> String {
    if prefix.is_empty() {
        rest.to_owned()
    } else if rest.is_empty() {
        prefix.to_owned()
    } else if rest.starts_with('[') {
        format!("{prefix}{rest}")
    } else {
        format!("{prefix}.{rest}")
    }
}

pub(crate) fn fill(template: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let (before, after) = rest.split_at(start);
        out.push_str(before);
        match after.find('}') {
            Some(end) => {
                let name = after.get(1..end).unwrap_or_default();
                match params.get(name) {
                    Some(value) => out.push_str(value),
                    None => out.push_str(after.get(..=end).unwrap_or_default()),
                }
                rest = after.get(end.saturating_add(1)..).unwrap_or_default();
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Renders the error catalogue as the Markdown page `docs/errors.md`.
///
/// ```
/// let page = kim_core::validate::errors_markdown();
/// assert!(page.contains("`KIM-P004`"));
/// ```
pub fn errors_markdown() -> String {
    let mut s = String::from(
        "# Error and violation codes\n\n\
         <!-- Generated by `kim errors --markdown` from kim-core/src/validate.rs; a test keeps it fresh. -->\n\n\
         Every finding kim reports is a `Violation { code, path, severity, message_en, message_de, params }`.\n\
         Codes are stable: `KIM-` + area letter + three digits. Areas: **P** parsing of documents and numbers,\n\
         **V** plan validation, **A** allocation (distribution), **C** cases, **R** parameters (rates). `{name}` in a message is filled from `params`;\n\
         German messages use `name_de` parameters (German number and date notation) where numbers appear.\n\n\
         | Code | Severity | Title (EN) | Titel (DE) | Message (EN) | Meldung (DE) |\n\
         |---|---|---|---|---|---|\n",
    );
    for c in Code::ALL {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            c.as_str(),
            c.severity().as_str(),
            c.title_en(),
            c.title_de(),
            c.template_en().replace('|', "\\|"),
            c.template_de().replace('|', "\\|"),
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "duplicate {s}");
            assert_eq!(s.len(), 8);
            assert!(s.starts_with("KIM-"));
            assert!(matches!(s.as_bytes()[4], b'P' | b'V' | b'R' | b'A' | b'C'));
            assert_eq!(s.parse::<Code>(), Ok(*c));
        }
    }

    #[test]
    fn templates_fill_and_keep_unknown_placeholders() {
        let v = Violation::new(Code::R001, "funded[0]")
            .with("key", "case_manager")
            .with("date", "2024-01-01");
        assert_eq!(
            v.message_en(),
            "No rate for case_manager on 2024-01-01: the parameter table has no value valid on that date."
        );
        assert!(v.message_de().contains("{key_de}"));
        assert_eq!(
            v.to_string(),
            format!("KIM-R001 at funded[0]: {}", v.message_en())
        );
    }

    #[test]
    fn paths_join() {
        assert_eq!(join_path("", "fte"), "fte");
        assert_eq!(join_path("forwardings[0]", "fte"), "forwardings[0].fte");
        assert_eq!(join_path("forwardings", "[0].fte"), "forwardings[0].fte");
        assert_eq!(join_path("a", ""), "a");
    }

    #[test]
    fn docs_errors_md_is_fresh() {
        crate::check_fresh(
            "errors.md",
            &errors_markdown(),
            "`KIM_BLESS=1 cargo test -p kim-core docs_errors_md_is_fresh` or `kim errors --markdown > docs/errors.md`",
        );
    }

    #[test]
    fn every_code_used_in_source_is_catalogued_and_every_catalogued_code_is_used() {
        let src_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut used = std::collections::BTreeSet::new();
        let mut stack = vec![std::path::PathBuf::from(src_dir)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let p = entry.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "rs") && !p.ends_with("validate.rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    for (i, _) in text.match_indices("Code::") {
                        let tail = &text[i + 6..];
                        let name: String = tail
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric())
                            .collect();
                        if name.len() == 4 {
                            used.insert(name);
                        }
                    }
                }
            }
        }
        for c in Code::ALL {
            let short = &c.as_str()[4..];
            assert!(
                used.contains(short),
                "{} is catalogued but never raised",
                c.as_str()
            );
        }
        for u in &used {
            assert!(
                Code::ALL.iter().any(|c| &c.as_str()[4..] == u),
                "Code::{u} used but not catalogued"
            );
        }
    }
}
