//! Plain-text reports in German or English: the evaluation of a plan, the parameter table and
//! lists of violations. Every face (CLI, Python `print`, …) uses these renderers, so the same
//! plan reads the same everywhere.

use crate::forwarding::ForwardingResult;
use crate::money::{Euro, Fte, Locale};
use crate::params::Params;
use crate::period::date_de;
use crate::plan::Evaluation;
use crate::staffing::StaffingRow;
use crate::validate::{Lang, Violation};
use chrono::NaiveDate;
use std::fmt::Write as _;

pub(crate) fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::De => Locale::De,
        Lang::En => Locale::En,
    }
}

fn t<'a>(lang: Lang, de: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::De => de,
        Lang::En => en,
    }
}

pub(crate) fn day(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::De => date_de(d),
        Lang::En => d.to_string(),
    }
}

/// A decimal in the notation of `lang`: `0,6642` (de), `0.6642` (en); no grouping.
pub(crate) fn decimal(x: rust_decimal::Decimal, lang: Lang) -> String {
    let s = x.to_string();
    match lang {
        Lang::De => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A text table with left-aligned text and right-aligned numbers.
struct Table {
    head: Vec<String>,
    right: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(cols: &[(&str, bool)]) -> Self {
        Table {
            head: cols.iter().map(|c| c.0.to_owned()).collect(),
            right: cols.iter().map(|c| c.1).collect(),
            rows: Vec::new(),
        }
    }
    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
    fn render(&self, out: &mut String) {
        let n = self.head.len();
        let mut widths: Vec<usize> = self.head.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |cells: &[String], out: &mut String| {
            let mut s = String::from(" ");
            for (i, c) in cells.iter().enumerate().take(n) {
                let w = widths.get(i).copied().unwrap_or(0);
                let pad = " ".repeat(w.saturating_sub(c.chars().count()));
                if self.right.get(i).copied().unwrap_or(false) {
                    let _ = write!(s, " {pad}{c}");
                } else {
                    let _ = write!(s, " {c}{pad}");
                }
            }
            let _ = writeln!(out, "{}", s.trim_end());
        };
        if self.head.iter().any(|h| !h.is_empty()) {
            line(&self.head, out);
            let total: usize = widths.iter().map(|w| w.saturating_add(1)).sum();
            let _ = writeln!(out, "  {}", "-".repeat(total.saturating_sub(1)));
        }
        for r in &self.rows {
            line(r, out);
        }
    }
}

/// Renders a list of violations, one per line: `KIM-V008 forwardings[1]: message`.
///
/// ```
/// use kim_core::{Code, Lang, Violation};
/// let text = kim_core::text::render_violations(&[Violation::new(Code::A004, "weights")], Lang::De);
/// assert!(text.contains("KIM-A004") && text.contains("weights"));
/// ```
pub fn render_violations(vs: &[Violation], lang: Lang) -> String {
    let mut out = String::new();
    for v in vs {
        let path = if v.path.is_empty() {
            String::new()
        } else {
            format!(" {}", v.path)
        };
        let _ = writeln!(out, "  {}{path}: {}", v.code, v.message(lang));
    }
    out
}

fn money(e: Euro, lang: Lang) -> String {
    e.format(locale(lang))
}

fn fte(f: Fte, lang: Lang) -> String {
    f.format(locale(lang))
}

/// Renders an evaluation as a readable report.
///
/// ```
/// use kim_core::{evaluate, EvalOptions, Lang, Params, Plan};
/// let ev = evaluate(&Plan::example(), Params::embedded(), &EvalOptions::default()).unwrap();
/// assert!(kim_core::text::render_evaluation(&ev, Lang::De).contains("1.020.000,00"));
/// ```
pub fn render_evaluation(ev: &Evaluation, lang: Lang) -> String {
    let mut out = String::new();
    let l = lang;
    let _ = writeln!(out, "KIM {} – {}", ev.year, ev.authority.name);
    let mode = match ev.options.mode {
        crate::Mode::Strict => t(
            l,
            "streng (fehlende Sätze sind Fehler)",
            "strict (missing rates are errors)",
        ),
        crate::Mode::Lenient => t(
            l,
            "nachsichtig (letzter bekannter Satz wird fortgeschrieben)",
            "lenient (last known rate carried forward)",
        ),
    };
    let pro_rata = match l {
        Lang::De => ev.options.pro_rata.label_de(),
        Lang::En => ev.options.pro_rata.label_en(),
    };
    let _ = writeln!(
        out,
        "{}: {mode}; {}: {pro_rata}; {}: {}",
        t(l, "Parameter", "Parameters"),
        t(l, "Anteilige Berechnung", "Pro-rating"),
        t(l, "Stichtag", "Reference date"),
        day(ev.options.stichtag, l)
    );
    if !ev.illustrative.is_empty() {
        let _ = writeln!(
            out,
            "{} {}",
            t(
                l,
                "Hinweis: enthält veranschaulichende Werte, die nicht aus einer Quelle stammen:",
                "Note: contains illustrative values that do not come from a source:"
            ),
            ev.illustrative
                .iter()
                .map(|p| if p.is_empty() {
                    "(Dokument)".to_owned()
                } else {
                    p.clone()
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    let _ = writeln!(out, "\n1. {}", t(l, "Landesförderung", "Land grant"));
    match &ev.grant {
        Some(g) => {
            let mut tab = Table::new(&[
                ("Baustein", false),
                (t(l, "Stellenart", "Post kind"), false),
                ("VZÄ", true),
                (t(l, "Satz", "Rate"), true),
                (t(l, "Anteil", "Factor"), true),
                (t(l, "Betrag", "Amount"), true),
                ("Status", false),
            ]);
            for line in &g.lines {
                let kind = match (l, line.item) {
                    (Lang::De, crate::GrantItem::Personnel) => line.kind.label_de().to_owned(),
                    (Lang::En, crate::GrantItem::Personnel) => line.kind.label_en().to_owned(),
                    (Lang::De, crate::GrantItem::WorkplaceSetup) => {
                        format!("{} (Arbeitsplatz)", line.kind.label_de())
                    }
                    (Lang::En, crate::GrantItem::WorkplaceSetup) => {
                        format!("{} (workplace)", line.kind.label_en())
                    }
                };
                let rate = line
                    .rates
                    .iter()
                    .map(|r| money(r.per_fte, l))
                    .collect::<Vec<_>>()
                    .join(" / ");
                let status = match l {
                    Lang::De => line.status.label_de(),
                    Lang::En => line.status.as_str(),
                };
                let mark = if line.illustrative { "*" } else { "" };
                tab.row(vec![
                    line.baustein.to_string(),
                    format!("{kind}{mark}"),
                    fte(line.fte, l),
                    rate,
                    line.factor.to_string(),
                    money(line.amount, l),
                    status.to_owned(),
                ]);
            }
            for b in &g.by_baustein {
                let form = b
                    .legal_form
                    .map(|f| format!(" ({})", f.label_de()))
                    .unwrap_or_default();
                tab.row(vec![
                    b.baustein.to_string(),
                    format!("{}{form}", t(l, "Summe Baustein", "Total block")),
                    fte(b.fte, l),
                    String::new(),
                    String::new(),
                    money(b.amount, l),
                    String::new(),
                ]);
            }
            tab.row(vec![
                String::new(),
                t(l, "Summe", "Total").to_owned(),
                String::new(),
                String::new(),
                String::new(),
                money(g.total, l),
                String::new(),
            ]);
            tab.render(&mut out);
        }
        None => {
            let _ = writeln!(
                out,
                "  {}",
                t(
                    l,
                    "nicht berechnet – siehe Fehler",
                    "not computed – see errors"
                )
            );
        }
    }

    if !ev.forwardings.is_empty() {
        let _ = writeln!(out, "\n2. {}", t(l, "Weiterleitungen", "Forwardings"));
        let mut tab = Table::new(&[
            (t(l, "Empfänger", "Recipient"), false),
            ("VZÄ", true),
            (t(l, "Obergrenze", "Cap"), true),
            (t(l, "Kosten", "Cost"), true),
            (t(l, "Landesmittel", "State money"), true),
            (t(l, "Zuschuss", "Top-up"), true),
            (t(l, "Eigenanteil", "Own share"), true),
            (t(l, "Überfinanzierung", "Over-financing"), true),
        ]);
        fn add(tab: &mut Table, r: &ForwardingResult, depth: usize, l: Lang) {
            let indent = "  ".repeat(depth);
            tab.row(vec![
                format!("{indent}{}", r.to.name),
                fte(r.fte, l),
                r.cap.map(|c| money(c, l)).unwrap_or_default(),
                r.own_cost
                    .map(|c| money(c, l))
                    .unwrap_or_else(|| t(l, "unbekannt", "unknown").to_owned()),
                money(r.reimbursed, l),
                money(r.top_up, l),
                r.own_share
                    .map(|c| money(c, l))
                    .unwrap_or_else(|| "–".to_owned()),
                money(r.over_financing, l),
            ]);
            for o in &r.onward {
                add(tab, o, depth.saturating_add(1), l);
            }
        }
        for r in &ev.forwardings {
            add(&mut tab, r, 0, l);
        }
        tab.render(&mut out);
    }

    if let Some(tot) = &ev.totals {
        let _ = writeln!(out, "\n3. {}", t(l, "Summen", "Totals"));
        let rows = [
            (
                t(l, "Landesmittel erhalten", "State money received"),
                tot.land_money,
            ),
            (
                t(l, "davon weitergeleitet", "of which forwarded"),
                tot.forwarded,
            ),
            (
                t(
                    l,
                    "verbleiben beim Träger der Förderung",
                    "kept by the authority",
                ),
                tot.retained_by_authority,
            ),
            (
                t(
                    l,
                    "freiwillige Zuschüsse (eigene Mittel)",
                    "voluntary top-ups (own money)",
                ),
                tot.top_ups,
            ),
        ];
        let mut tab = Table::new(&[("", false), ("", true)]);
        for (label, v) in rows {
            tab.row(vec![label.to_owned(), money(v, l)]);
        }
        for e in &tot.own_share_by_employer {
            let v = e
                .own_share
                .map(|s| money(s, l))
                .unwrap_or_else(|| t(l, "unbekannt", "unknown").to_owned());
            tab.row(vec![
                format!("{} {}", t(l, "Eigenanteil", "Own share"), e.employer.name),
                v,
            ]);
            if !e.surplus.is_zero() {
                tab.row(vec![
                    format!(
                        "{} {}",
                        t(l, "Mittel über den Kosten bei", "money beyond costs at"),
                        e.employer.name
                    ),
                    money(e.surplus, l),
                ]);
            }
        }
        tab.render(&mut out);
    }

    if let Some(s) = &ev.staffing {
        let _ = writeln!(
            out,
            "\n4. {} {}",
            t(l, "Besetzung am", "Staffing on"),
            day(s.stichtag, l)
        );
        let mut tab = Table::new(&[
            ("Baustein", false),
            (t(l, "Anstellungsträger", "Employer"), false),
            (t(l, "gefördert", "funded"), true),
            (t(l, "besetzt", "filled"), true),
            (t(l, "vakant", "vacant"), true),
            (t(l, "Quote", "Rate"), true),
            (t(l, "Personen", "Persons"), true),
        ]);
        let row = |r: &StaffingRow| {
            vec![
                r.baustein.to_string(),
                r.employer
                    .as_ref()
                    .map_or_else(|| t(l, "gesamt", "total").to_owned(), |p| p.name.clone()),
                fte(r.funded, l),
                fte(r.filled, l),
                fte(r.vacancy, l),
                r.fill_rate_percent
                    .map(|p| {
                        let s = p.to_string();
                        format!(
                            "{} %",
                            if l == Lang::De {
                                s.replace('.', ",")
                            } else {
                                s
                            }
                        )
                    })
                    .unwrap_or_default(),
                r.headcount.to_string(),
            ]
        };
        for r in &s.by_employer {
            tab.row(row(r));
        }
        for r in &s.by_baustein {
            tab.row(row(r));
        }
        tab.render(&mut out);
    }

    if let Some(d) = &ev.distribution {
        let _ = writeln!(
            out,
            "\n5. {}",
            t(
                l,
                "Verteilung auf die Kommunen",
                "Distribution among the Kommunen"
            )
        );
        out.push_str(&render_distribution(d, lang));
    }

    if !ev.warnings.is_empty() {
        let _ = writeln!(
            out,
            "\n{} ({})",
            t(l, "Warnungen und Hinweise", "Warnings and notes"),
            ev.warnings.len()
        );
        out.push_str(&render_violations(&ev.warnings, l));
    }
    if !ev.violations.is_empty() {
        let _ = writeln!(
            out,
            "\n{} ({})",
            t(l, "Fehler", "Errors"),
            ev.violations.len()
        );
        out.push_str(&render_violations(&ev.violations, l));
    } else {
        let _ = writeln!(out, "\n{}", t(l, "Keine Fehler.", "No errors."));
    }
    out
}

/// Renders the parameter table with sources.
///
/// ```
/// let text = kim_core::text::render_params(kim_core::Params::embedded(), kim_core::Lang::De);
/// assert!(text.contains("57.000,00"));
/// ```
pub fn render_params(params: &Params, lang: Lang) -> String {
    let l = lang;
    let mut out = String::new();
    let mut tab = Table::new(&[
        (t(l, "Schlüssel", "Key"), false),
        (t(l, "gültig ab", "valid from"), false),
        (t(l, "gültig bis", "valid to"), false),
        (t(l, "Wert", "Value"), true),
        (t(l, "je", "per"), false),
        ("Status", false),
    ]);
    for e in &params.rates {
        let per = match l {
            Lang::De => e.per.label_de(),
            Lang::En => e.per.label_en(),
        };
        let status = match l {
            Lang::De => e.status.label_de(),
            Lang::En => e.status.as_str(),
        };
        tab.row(vec![
            e.key.as_str().to_owned(),
            day(e.valid_from, l),
            e.valid_to
                .map_or_else(|| t(l, "offen", "open").to_owned(), |d| day(d, l)),
            money(e.value, l),
            per.to_owned(),
            status.to_owned(),
        ]);
    }
    tab.render(&mut out);
    let _ = writeln!(out, "\n{}", t(l, "Quellen", "Sources"));
    for (i, e) in params.rates.iter().enumerate() {
        let url = e
            .source
            .url
            .as_deref()
            .map(|u| format!(" <{u}>"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  [{}] {} {}: {}{url}",
            i.saturating_add(1),
            e.key,
            day(e.valid_from, l),
            e.source.document
        );
        if let Some(n) = &e.note {
            let _ = writeln!(out, "      {}: {n}", t(l, "Anmerkung", "Note"));
        }
    }
    out
}

/// Renders a distribution: method, step and minimum, then one row per unit with weight,
/// quota, share, remainder or quotient, rank and notes; regions and overrides side by side.
///
/// ```
/// use kim_core::allocation::{distribute_input, DistributionInput};
/// let input: DistributionInput = serde_json::from_str(r#"{"total": "1", "weights": [{"unit": "A", "value": "1"}, {"unit": "B", "value": "1"}]}"#).unwrap();
/// let text = kim_core::text::render_distribution(&distribute_input(&input).unwrap(), kim_core::Lang::En);
/// assert!(text.contains("A") && text.contains("0.5"));
/// ```
pub fn render_distribution(d: &crate::allocation::Distribution, lang: Lang) -> String {
    use crate::allocation::Method;
    let l = lang;
    let a = &d.allocation;
    let mut out = String::new();
    let method = match l {
        Lang::De => a.method.label_de(),
        Lang::En => a.method.label_en(),
    };
    let _ = writeln!(
        out,
        "  {}: {method}; {}: {} VZÄ; {}: {} VZÄ; {}: {} VZÄ",
        t(l, "Verfahren", "Method"),
        t(l, "zu verteilen", "to distribute"),
        fte(a.total, l),
        t(l, "Schrittweite", "step"),
        fte(a.step, l),
        t(l, "Mindestanteil", "minimum"),
        fte(a.minimum, l),
    );
    let prio = match a.method {
        Method::LargestRemainder => t(l, "Rest (Schritte)", "remainder (steps)"),
        _ => t(l, "nächster Quotient", "next quotient"),
    };
    let with_regions = !d.regions.is_empty();
    let mut tab = Table::new(&[
        (t(l, "Einheit", "Unit"), false),
        (t(l, "Gewicht", "Weight"), true),
        (t(l, "Quote (VZÄ)", "Quota (VZÄ)"), true),
        (t(l, "Anteil", "Share"), true),
        (prio, true),
        (t(l, "Rang", "Rank"), true),
        (t(l, "Hinweise", "Notes"), false),
    ]);
    let dec = |x: rust_decimal::Decimal| {
        let s = x.to_string();
        if l == Lang::De {
            s.replace('.', ",")
        } else {
            s
        }
    };
    for s in &a.shares {
        let mut notes = Vec::new();
        if !s.within_quota {
            notes.push(t(l, "außerhalb der Quote", "outside quota").to_owned());
        }
        if s.excluded {
            notes.push(
                t(
                    l,
                    "ausgeschlossen (unter Mindestanteil)",
                    "excluded (below minimum)",
                )
                .to_owned(),
            );
        } else if a.below_minimum.contains(&s.unit) {
            notes.push(t(l, "unter Mindestanteil", "below minimum").to_owned());
        }
        if a.ties.iter().any(|x| x.units.contains(&s.unit)) {
            notes.push(t(l, "Gleichstand", "tie").to_owned());
        }
        tab.row(vec![
            s.unit.clone(),
            dec(s.weight),
            dec(s.quota),
            fte(s.fte, l),
            s.priority.map_or_else(|| "∞".to_owned(), dec),
            s.rank.to_string(),
            notes.join(", "),
        ]);
    }
    tab.render(&mut out);
    for tie in &a.ties {
        let how = match (tie.decided_by.as_str(), l) {
            ("lot", Lang::De) => format!(
                "durch Los (Startwert {}; gezogen: {})",
                tie.seed.unwrap_or(0),
                tie.draw.join(", ")
            ),
            ("lot", Lang::En) => format!(
                "by lot (seed {}; drawn: {})",
                tie.seed.unwrap_or(0),
                tie.draw.join(", ")
            ),
            (_, Lang::De) => "nach der Reihenfolge der Eingabe".to_owned(),
            (_, Lang::En) => "by input order".to_owned(),
        };
        let _ = writeln!(
            out,
            "  {}: {} → {} {how}",
            t(l, "Gleichstand", "Tie"),
            tie.units.join(", "),
            tie.winners.join(", ")
        );
    }
    if with_regions || d.shares.iter().any(|s| s.override_reason.is_some()) {
        let _ = writeln!(
            out,
            "\n  {}",
            t(l, "Anteile je Kommune", "Shares per Kommune")
        );
        let mut tab = Table::new(&[
            (t(l, "Kommune", "Kommune"), false),
            ("Region", false),
            (t(l, "berechnet", "computed"), true),
            (t(l, "festgelegt", "applies"), true),
            (t(l, "Begründung", "Reason"), false),
        ]);
        for s in &d.shares {
            tab.row(vec![
                s.unit.clone(),
                s.region.clone().unwrap_or_default(),
                fte(s.computed, l),
                fte(s.fte, l),
                s.override_reason.clone().unwrap_or_default(),
            ]);
        }
        tab.render(&mut out);
    }
    let _ = writeln!(out, "  {}: {} VZÄ", t(l, "Summe", "Sum"), fte(d.sum, l));
    out
}

/// The transition table as text: from, event, to, condition.
///
/// ```
/// let text = kim_core::text::render_transitions(&kim_core::cases::transition_table(), kim_core::Lang::En);
/// assert!(text.contains("admit"));
/// ```
pub fn render_transitions(rows: &[crate::cases::Transition], lang: Lang) -> String {
    let l = lang;
    let mut out = String::new();
    let mut tab = Table::new(&[
        (t(l, "Von", "From"), false),
        (t(l, "Ereignis", "Event"), false),
        (t(l, "Nach", "To"), false),
        (t(l, "Art", "Kind"), false),
        (t(l, "Bedingung", "Condition"), false),
        (t(l, "Herkunft", "Origin"), false),
    ]);
    for r in rows {
        let state = |s: crate::cases::CaseState| match l {
            Lang::De => s.label_de().to_owned(),
            Lang::En => s.label_en().to_owned(),
        };
        tab.row(vec![
            r.from
                .map_or_else(|| t(l, "(neu)", "(new)").to_owned(), state),
            format!("{} ({})", r.event.as_str(), t(l, &r.label_de, &r.label_en)),
            state(r.to),
            t(
                l,
                if r.record { "Erfassung" } else { "Übergang" },
                if r.record { "record" } else { "transition" },
            )
            .to_owned(),
            r.condition
                .map_or_else(String::new, |c| t(l, c.label_de(), c.label_en()).to_owned()),
            r.origin.as_str().to_owned(),
        ]);
    }
    tab.render(&mut out);
    out
}

/// A replayed case document as text: one line per case (state, events, problems), then
/// every violation with its event index.
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// let r = kim_core::cases::replay_document(&kreis_year(7, &SyntheticOptions::default()));
/// assert!(!kim_core::text::render_replay(&r, kim_core::Lang::De).is_empty());
/// ```
pub fn render_replay(r: &crate::cases::CasesReplay, lang: Lang) -> String {
    let l = lang;
    let mut out = String::new();
    let mut tab = Table::new(&[
        (t(l, "Fall", "Case"), false),
        (t(l, "Zustand", "State"), false),
        (t(l, "Ereignisse", "Events"), true),
        (t(l, "abgelehnt", "rejected"), true),
        (t(l, "Hinweise", "Notes"), true),
    ]);
    for c in &r.cases {
        let rejected = c
            .timeline
            .iter()
            .filter(|e| e.outcome == crate::cases::Outcome::Rejected)
            .count();
        let state = c.final_state.map_or_else(
            || "–".to_owned(),
            |s| t(l, s.label_de(), s.label_en()).to_owned(),
        );
        tab.row(vec![
            c.case.clone(),
            state,
            c.timeline.len().to_string(),
            rejected.to_string(),
            c.violations.len().to_string(),
        ]);
    }
    tab.render(&mut out);
    let all = r.all_violations();
    if all.is_empty() {
        let _ = writeln!(
            out,
            "\n  {}",
            t(l, "Keine Beanstandungen.", "No violations.")
        );
    } else {
        let _ = writeln!(out);
        out.push_str(&render_violations(&all, l));
    }
    out
}

/// A report as text: one block per table.
///
/// ```
/// use kim_core::reporting::{report, ReportPeriod};
/// let r = report(Some(&kim_core::Plan::example()), None, &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
/// assert!(!kim_core::text::render_report(&r, kim_core::Lang::En).is_empty());
/// ```
pub fn render_report(r: &crate::reporting::Report, lang: Lang) -> String {
    let l = lang;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} ({} – {}); {} < {}",
        t(l, "Bericht", "Report"),
        r.period.label,
        day(r.period.from, l),
        day(r.period.to, l),
        t(l, "kleine Zahlen unterdrückt", "small counts suppressed"),
        r.suppress_below
    );
    let block = |out: &mut String, title: &str, tab: Table| {
        if tab.rows.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n{title}");
        tab.render(out);
    };
    let mut tab = Table::new(&[
        (t(l, "Monat", "Month"), false),
        (t(l, "Kommune", "Kommune"), false),
        (t(l, "Art", "Kind"), false),
        (t(l, "Beratungen", "Consultations"), true),
        (t(l, "Personen", "Persons"), true),
    ]);
    for row in &r.consultations {
        tab.row(vec![
            row.month.clone(),
            row.kommune.clone(),
            t(l, row.kind.label_de(), row.kind.label_en()).to_owned(),
            row.consultations.to_string(),
            row.persons.to_string(),
        ]);
    }
    block(&mut out, t(l, "Beratungen", "Consultations"), tab);
    let mut tab = Table::new(&[
        (t(l, "Quartal", "Quarter"), false),
        (t(l, "eröffnet", "opened"), true),
        (t(l, "aufgenommen", "admitted"), true),
        (t(l, "abgeschlossen", "closed"), true),
        (t(l, "offen am Ende", "open at end"), true),
    ]);
    for row in &r.case_flow {
        tab.row(vec![
            row.quarter.clone(),
            row.opened.to_string(),
            row.admitted.to_string(),
            row.closed.to_string(),
            row.open_at_end.to_string(),
        ]);
    }
    block(&mut out, t(l, "Fälle je Quartal", "Cases per quarter"), tab);
    let mut tab = Table::new(&[
        (t(l, "Quartal", "Quarter"), false),
        (t(l, "Abschlussgrund", "Closing reason"), false),
        (t(l, "Fälle", "Cases"), true),
    ]);
    for row in &r.closed_by_reason {
        tab.row(vec![
            row.quarter.clone(),
            t(l, &row.label_de, &row.label_en).to_owned(),
            row.cases.to_string(),
        ]);
    }
    block(
        &mut out,
        t(l, "Abschlüsse nach Grund", "Closures by reason"),
        tab,
    );
    let mut tab = Table::new(&[
        (t(l, "Zustand", "State"), false),
        (t(l, "Fälle", "Cases"), true),
    ]);
    for row in &r.cases_by_state {
        tab.row(vec![
            t(l, row.state.label_de(), row.state.label_en()).to_owned(),
            row.cases.to_string(),
        ]);
    }
    block(
        &mut out,
        t(l, "Fälle nach Zustand am Ende", "Cases by state at the end"),
        tab,
    );
    for (title_de, title_en, rows) in [
        (
            "Fälle nach Handlungsfeld",
            "Cases by topic",
            &r.cases_by_topic,
        ),
        (
            "Fälle nach Rechtskreis",
            "Cases by Rechtskreis",
            &r.cases_by_rechtskreis,
        ),
        (
            "Generative Themen",
            "Generative topics",
            &r.generative_topics,
        ),
    ] {
        let mut tab = Table::new(&[
            (t(l, "Code", "Code"), false),
            (t(l, "Bezeichnung", "Label"), false),
            (t(l, "Fälle", "Cases"), true),
        ]);
        for row in rows {
            tab.row(vec![
                row.code.clone(),
                t(l, &row.label_de, &row.label_en).to_owned(),
                row.cases.to_string(),
            ]);
        }
        block(&mut out, t(l, title_de, title_en), tab);
    }
    let mut tab = Table::new(&[
        (t(l, "Kommune", "Kommune"), false),
        (t(l, "aktiv", "active"), true),
        (t(l, "aufgenommen", "admitted"), true),
        (t(l, "abgeschlossen", "closed"), true),
    ]);
    for row in &r.cases_by_kommune {
        tab.row(vec![
            row.kommune.clone(),
            row.active.to_string(),
            row.admitted.to_string(),
            row.closed.to_string(),
        ]);
    }
    block(
        &mut out,
        t(l, "Fälle nach Kommune", "Cases by Kommune"),
        tab,
    );
    let mut tab = Table::new(&[
        (t(l, "Stufe", "Level"), true),
        (t(l, "Bezeichnung", "Label"), false),
        (t(l, "Fälle", "Cases"), true),
    ]);
    for row in &r.treppe {
        tab.row(vec![
            row.level.to_string(),
            row.label.clone(),
            row.cases.to_string(),
        ]);
    }
    block(&mut out, t(l, "Treppenmodell", "Treppenmodell"), tab);
    let mut tab = Table::new(&[
        (t(l, "Dauer", "Duration"), false),
        (t(l, "Fälle", "Cases"), true),
        (t(l, "Median (Tage)", "Median (days)"), true),
    ]);
    for row in &r.durations {
        let what = match row.measure.as_str() {
            "first_contact_to_admission" => {
                t(l, "Erstkontakt bis Aufnahme", "First contact to admission")
            }
            _ => t(l, "Aufnahme bis Abschluss", "Admission to closure"),
        };
        tab.row(vec![
            what.to_owned(),
            row.cases.to_string(),
            row.median_days.map_or_else(
                || "–".to_owned(),
                |d| {
                    let s = d.to_string();
                    if l == Lang::De {
                        s.replace('.', ",")
                    } else {
                        s
                    }
                },
            ),
        ]);
    }
    block(&mut out, t(l, "Dauern", "Durations"), tab);
    let mut tab = Table::new(&[
        (t(l, "Jahr", "Year"), true),
        (t(l, "Fallrekonstruktionen", "Case reconstructions"), true),
        (t(l, "Fälle", "Cases"), true),
    ]);
    for row in &r.fallrekonstruktionen {
        tab.row(vec![
            row.year.to_string(),
            row.sets.to_string(),
            row.cases.to_string(),
        ]);
    }
    block(
        &mut out,
        t(l, "Fallrekonstruktionen", "Case reconstructions"),
        tab,
    );
    if let Some(s) = &r.staffing {
        let mut tab = Table::new(&[
            (t(l, "Baustein", "Building block"), false),
            (t(l, "gefördert", "funded"), true),
            (t(l, "besetzt", "filled"), true),
            (t(l, "Köpfe", "Headcount"), true),
        ]);
        for row in &s.by_baustein {
            tab.row(vec![
                row.baustein.to_string(),
                fte(row.funded, l),
                fte(row.filled, l),
                row.headcount.to_string(),
            ]);
        }
        block(
            &mut out,
            &format!(
                "{} {}",
                t(l, "Personal am", "Staffing on"),
                day(s.stichtag, l)
            ),
            tab,
        );
    }
    if let Some(m) = &r.money {
        let mut tab = Table::new(&[
            (t(l, "Empfänger", "Recipient"), false),
            ("VZÄ", true),
            (t(l, "Erstattung", "Reimbursed"), true),
            (t(l, "Zuschuss", "Top-up"), true),
            (t(l, "Eigenanteil", "Own share"), true),
        ]);
        for row in &m.forwardings {
            tab.row(vec![
                row.recipient.name.clone(),
                fte(row.fte, l),
                money(row.reimbursed, l),
                money(row.top_up, l),
                row.own_share
                    .map_or_else(|| "–".to_owned(), |e| money(e, l)),
            ]);
        }
        block(
            &mut out,
            &format!(
                "{}: {} {}, {} {}",
                t(l, "Finanzen", "Money"),
                t(l, "Landesmittel", "state money"),
                money(m.totals.land_money, l),
                t(l, "weitergeleitet", "forwarded"),
                money(m.totals.forwarded, l)
            ),
            tab,
        );
    }
    if !r.notes.is_empty() {
        let _ = writeln!(out, "\n{}", t(l, "Hinweise", "Notes"));
        out.push_str(&render_violations(&r.notes, l));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EvalOptions, Plan, evaluate};

    #[test]
    fn example_report_reads_well_in_both_languages() {
        let ev = evaluate(
            &Plan::example(),
            &Params::default(),
            &EvalOptions::default(),
        )
        .unwrap();
        let de = render_evaluation(&ev, Lang::De);
        assert!(de.contains("KIM 2023 – Kreis Heinsberg"), "{de}");
        assert!(de.contains("1.020.000,00 €"), "{de}");
        assert!(de.contains("Landesförderung"));
        assert!(de.contains("DRK Kreisverband Heinsberg"));
        let en = render_evaluation(&ev, Lang::En);
        assert!(en.contains("1,020,000.00 €"), "{en}");
        assert!(en.contains("Land grant"));
        let p = render_params(&Params::default(), Lang::De);
        assert!(p.contains("57.000,00 €"));
        assert!(p.contains("https://"));
    }
}
