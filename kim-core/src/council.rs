//! The council report (*Sachstandsbericht*): one self-contained HTML5 document for a Kreistag
//! or Rat — title block, funding per Baustein with the source of every rate, forwardings and
//! their financial impact, staff funded vs filled, the distribution among the Kommunen, case
//! figures per quarter and topic, and an annex with the explanation of every amount and the
//! parameter sources.
//!
//! The renderer only presents what the core computed: the plan's [`Evaluation`](crate::Evaluation)
//! and the [`Report`](crate::reporting::Report) of the period. Every amount is formatted by
//! [`Euro::format`](crate::Euro::format) and every VZÄ by [`Fte::format`](crate::Fte::format);
//! every label comes from the glossary ([`crate::vocab`]); counts below the
//! case document's threshold appear as `<k` exactly as in the report tables, and no bar is drawn
//! for them. The document has inline CSS and inline SVG charts sized in per cent of the page
//! width, loads nothing from elsewhere (no scripts, fonts or images), prints on A4, and is the
//! same byte for byte for the same input (no clock: every date comes from the input).
//!
//! ```
//! use kim_core::council::render_html;
//! use kim_core::reporting::ReportPeriod;
//! use kim_core::{Lang, Plan};
//!
//! let period: ReportPeriod = "2023".parse()?;
//! let html = render_html(&Plan::example(), None, &period, Lang::De)?;
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("1.020.000,00 €")); // the Land's grant
//! # Ok::<(), kim_core::Error>(())
//! ```

use crate::cases::CasesDocument;
use crate::error::Result;
use crate::explain::{TraceNode, TraceParam, TraceValue};
use crate::forwarding::ForwardingResult;
use crate::money::{Euro, Fte};
use crate::params::Params;
use crate::plan::{EvalOptions, Evaluation, Plan, evaluate};
use crate::reporting::{Count, Report, ReportPeriod, report_with};
use crate::text::{day, decimal, locale};
use crate::validate::{Lang, Violation};
use crate::vocab::{code_of, label, term};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

/// The council report of `plan` over `period` as an HTML document, with the embedded parameter
/// table ([`Params::embedded`]). Case figures come from `cases`, else the plan's inline cases
/// (as in [`crate::reporting::report`]).
///
/// ```
/// use kim_core::cases::CasesDocument;
/// use kim_core::council::render_html;
/// use kim_core::reporting::ReportPeriod;
/// use kim_core::{Lang, Plan};
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/examples/cases-heinsberg-2023.json");
/// let cases = CasesDocument::from_json(&std::fs::read_to_string(path).unwrap())?;
/// let period: ReportPeriod = "2023".parse()?;
/// let html = render_html(&Plan::example(), Some(&cases), &period, Lang::En)?;
/// assert!(html.contains(r#"<html lang="en">"#));
/// assert!(html.contains("Case figures"));
/// # Ok::<(), kim_core::Error>(())
/// ```
pub fn render_html(
    plan: &Plan,
    cases: Option<&CasesDocument>,
    period: &ReportPeriod,
    lang: Lang,
) -> Result<String> {
    render_html_with(plan, cases, period, lang, Params::embedded())
}

/// [`render_html`] with a parameter table: evaluates the plan and builds the report of the
/// period ([`crate::reporting::report_with`]) with `params`, then renders both.
///
/// ```
/// use kim_core::council::render_html_with;
/// use kim_core::reporting::ReportPeriod;
/// use kim_core::{Euro, Lang, Params, Plan, RateKey};
/// use chrono::NaiveDate;
///
/// // what if the case-management rate were 60,000 € in 2023?
/// let from = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
/// let params = Params::default().with_override(RateKey::CaseManager, from, None, "60000".parse::<Euro>()?)?;
/// let period: ReportPeriod = "2023".parse()?;
/// let html = render_html_with(&Plan::example(), None, &period, Lang::De, &params)?;
/// assert!(html.contains("720.000,00 €")); // 12 VZÄ × 60.000 €
/// # Ok::<(), kim_core::Error>(())
/// ```
pub fn render_html_with(
    plan: &Plan,
    cases: Option<&CasesDocument>,
    period: &ReportPeriod,
    lang: Lang,
    params: &Params,
) -> Result<String> {
    let ev = evaluate(plan, params, &EvalOptions::default())?;
    let report = report_with(Some(plan), cases, period, params)?;
    Ok(Page::new(lang, plan, &ev, &report).render())
}

/// Print and screen styles: A4 with margins, 170 mm of text width, tables with repeated heads
/// and unbroken rows, charts scaled to the width.
const CSS: &str = r#"@page { size: A4; margin: 20mm 18mm 20mm 22mm; }
html { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.35; color: #111; background: #fff; }
body { margin: 0; }
main { max-width: 170mm; margin: 0 auto; padding: 8mm 0; }
header.title { border-bottom: 1.2pt solid #1f4e79; margin-bottom: 6mm; padding-bottom: 3mm; }
header.title .authority { font-size: 12pt; font-weight: bold; margin: 0; }
header.title .kind { font-size: 10pt; text-transform: uppercase; letter-spacing: 0.08em; color: #1f4e79; margin: 1mm 0; }
h1 { font-size: 16pt; margin: 2mm 0 4mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 0.5pt solid #444; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; page-break-after: avoid; }
p { margin: 1.5mm 0; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin: 2mm 0 4mm; }
table.meta { width: auto; font-size: 10pt; }
table.forwardings { font-size: 8pt; }
th { hyphens: auto; }
table.meta th { text-align: left; font-weight: normal; color: #444; padding-right: 6mm; }
thead { display: table-header-group; }
tr, figure, li { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 0.6mm 1.2mm; vertical-align: top; text-align: left; }
thead th { border-bottom: 0.8pt solid #111; }
tbody td { border-bottom: 0.3pt solid #bbb; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tr.sub td { font-style: italic; }
tr.sum td { font-weight: bold; border-top: 0.8pt solid #111; }
nav.toc ol { margin: 0; padding-left: 6mm; }
nav.toc a { color: inherit; text-decoration: none; }
.note, .footnotes, .rule { font-size: 8.5pt; color: #333; }
.footnotes { padding-left: 0; list-style: none; }
figure.chart { margin: 2mm 0 5mm; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart figcaption { font-size: 8.5pt; color: #333; }
.chart text { font-size: 18px; fill: #111; }
.s0 { fill: #1f4e79; } .s1 { fill: #9dc3e6; } .s2 { fill: #c55a11; } .s3 { fill: #7f7f7f; }
ul.trace { font-size: 8.5pt; padding-left: 5mm; }
ul.trace li { margin: 1mm 0; }
ul.trace .k { color: #444; }
.source, table.params td:last-child { overflow-wrap: anywhere; }
table.params td:nth-child(5) { white-space: nowrap; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print { main { max-width: none; padding: 0; } h2 { break-before: auto; } }
"#;

/// Width of a chart in SVG units (the figure is 100 % of the text width: 1000 units = 170 mm
/// on A4, so 18 units of text are about 9 pt).
const CHART_WIDTH: i64 = 1000;
/// The longest bar; the rest of the width holds the value.
const MAX_BAR: i64 = 800;
const LABEL_HEIGHT: i64 = 24;
const BAR_HEIGHT: i64 = 18;
const BAR_GAP: i64 = 3;
const ROW_GAP: i64 = 12;
const LEGEND_HEIGHT: i64 = 34;
const LEGEND_STEP: i64 = 250;
/// Colour classes of the series (`.s0` … in [`CSS`]).
const SERIES: [&str; 4] = ["s0", "s1", "s2", "s3"];

/// Writes `text` with the HTML special characters escaped.
fn esc(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// How a table row is set: plain, a subtotal or the total.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    Sub,
    Sum,
}

/// A table row of plain-text cells (escaped when written).
struct Row {
    kind: Kind,
    cells: Vec<String>,
}

impl Row {
    fn plain(cells: Vec<String>) -> Row {
        Row {
            kind: Kind::Plain,
            cells,
        }
    }
    fn sub(cells: Vec<String>) -> Row {
        Row {
            kind: Kind::Sub,
            cells,
        }
    }
    fn sum(cells: Vec<String>) -> Row {
        Row {
            kind: Kind::Sum,
            cells,
        }
    }
}

/// One bar of a chart: its value (none for a suppressed count: no bar) and the text beside it.
struct Bar {
    value: Option<Decimal>,
    text: String,
}

impl Bar {
    fn count(c: Count) -> Bar {
        match c {
            Count::Exact(n) => Bar {
                value: Some(Decimal::from(n)),
                text: c.to_string(),
            },
            Count::Suppressed(_) => Bar {
                value: None,
                text: c.to_string(),
            },
        }
    }
}

/// A group of bars (one per series) under a label.
struct Group {
    label: String,
    bars: Vec<Bar>,
}

/// The length of a bar for `value` when `max` is the longest (integer SVG units, rounded).
fn bar_length(value: Decimal, max: Option<Decimal>) -> i64 {
    max.and_then(|m| value.checked_mul(Decimal::from(MAX_BAR))?.checked_div(m))
        .and_then(|x| x.round().to_i64())
        .unwrap_or(0)
        .clamp(0, MAX_BAR)
}

fn units(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The parameters used anywhere in a trace, in order of first use.
fn collect_params(node: &TraceNode, out: &mut Vec<Arc<TraceParam>>) {
    for p in &node.parameters {
        if !out.contains(p) {
            out.push(p.clone());
        }
    }
    for c in &node.children {
        collect_params(c, out);
    }
}

struct Page<'a> {
    lang: Lang,
    plan: &'a Plan,
    ev: &'a Evaluation,
    report: &'a Report,
    /// Parameters used, in order of first use: footnote `[n]` is the n-th.
    sources: Vec<Arc<TraceParam>>,
    out: String,
}

impl<'a> Page<'a> {
    fn new(lang: Lang, plan: &'a Plan, ev: &'a Evaluation, report: &'a Report) -> Self {
        let mut sources = Vec::new();
        collect_params(&ev.trace.root, &mut sources);
        Page {
            lang,
            plan,
            ev,
            report,
            sources,
            out: String::with_capacity(64 * 1024),
        }
    }

    // ---- words and numbers --------------------------------------------------------------

    /// A term of the glossary.
    fn w<'k>(&self, key: &'k str) -> &'k str {
        term(key, self.lang).unwrap_or(key)
    }

    /// A glossary sentence with its `{name}` placeholders filled in.
    fn fill(&self, key: &str, vars: &[(&str, String)]) -> String {
        // inserted one by one: collecting would sort (another sort in a small binary)
        let mut map = BTreeMap::new();
        for (k, v) in vars {
            map.insert((*k).to_owned(), v.clone());
        }
        crate::validate::fill(self.w(key), &map)
    }

    /// The label of a code in a code list of the glossary (the code itself if unknown).
    fn listed(&self, list: &str, code: &str) -> String {
        label(list, code, self.lang).map_or_else(|| code.to_owned(), str::to_owned)
    }

    /// The label of an enum value in a code list of the glossary.
    fn coded<T: serde::Serialize>(&self, list: &str, value: T) -> String {
        self.listed(list, &code_of(value))
    }

    fn baustein(&self, b: crate::Baustein) -> String {
        self.listed("baustein", &b.number().to_string())
    }

    fn money(&self, e: Euro) -> String {
        e.format(locale(self.lang))
    }

    fn opt_money(&self, e: Option<Euro>) -> String {
        e.map_or_else(|| "–".to_owned(), |e| self.money(e))
    }

    fn fte(&self, f: Fte) -> String {
        f.format(locale(self.lang))
    }

    fn day(&self, d: NaiveDate) -> String {
        day(d, self.lang)
    }

    /// An ISO date from a trace as a date in the report's language.
    fn iso_day(&self, text: &str) -> String {
        crate::period::date::parse(text).map_or_else(|_| text.to_owned(), |d| self.day(d))
    }

    fn source_ref(&self, p: &TraceParam) -> String {
        self.sources
            .iter()
            .position(|q| **q == *p)
            .map_or_else(String::new, |i| format!("[{}]", i.saturating_add(1)))
    }

    // ---- HTML pieces --------------------------------------------------------------------

    fn text(&mut self, text: &str) {
        esc(&mut self.out, text);
    }

    /// A paragraph of text with a class.
    fn para(&mut self, class: &str, text: &str) {
        let _ = write!(self.out, "<p class=\"{class}\">");
        self.text(text);
        self.out.push_str("</p>\n");
    }

    fn h3(&mut self, text: &str) {
        self.out.push_str("<h3>");
        self.text(text);
        self.out.push_str("</h3>\n");
    }

    /// Opens a section: `<section id>` and its numbered heading.
    fn section(&mut self, id: &str) {
        let (key, number) = self
            .sections()
            .into_iter()
            .find(|s| s.0 == id)
            .map(|s| (s.1, s.2))
            .unwrap_or_default();
        let _ = write!(self.out, "<section id=\"{id}\">\n<h2>{number}");
        let title = self.w(key);
        self.text(title);
        self.out.push_str("</h2>\n");
    }

    /// Ends a section with a note (why it has nothing to show).
    fn end_with(&mut self, key: &str) {
        let text = self.w(key);
        self.para("note", text);
        self.end_section();
    }

    fn end_section(&mut self) {
        self.out.push_str("</section>\n");
    }

    /// A table: `cols` are (glossary key of the heading, numeric); numeric columns are
    /// right-aligned.
    fn table(&mut self, class: &str, cols: &[(&str, bool)], rows: &[Row]) {
        let num = |i: usize| cols.get(i).is_some_and(|c| c.1);
        let _ = write!(self.out, "<table class=\"{class}\">\n<thead><tr>");
        for (i, (key, _)) in cols.iter().enumerate() {
            self.out
                .push_str(if num(i) { "<th class=\"num\">" } else { "<th>" });
            let head = self.w(key);
            esc(&mut self.out, head);
            self.out.push_str("</th>");
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for r in rows {
            self.out.push_str(match r.kind {
                Kind::Plain => "<tr>",
                Kind::Sub => "<tr class=\"sub\">",
                Kind::Sum => "<tr class=\"sum\">",
            });
            for (i, c) in r.cells.iter().enumerate() {
                self.out
                    .push_str(if num(i) { "<td class=\"num\">" } else { "<td>" });
                esc(&mut self.out, c);
                self.out.push_str("</td>");
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n");
    }

    /// A horizontal bar chart as inline SVG: per group its label on a line of its own (the
    /// whole width, so long names are not cut), then one bar per series with its value.
    /// Bars are scaled to the largest value shown; a bar without a value is not drawn. `series`
    /// are glossary keys.
    fn chart(&mut self, caption: &str, series: &[&str], groups: &[Group]) {
        let max = groups
            .iter()
            .flat_map(|g| &g.bars)
            .filter_map(|b| b.value)
            .filter(|v| v.is_sign_positive() && !v.is_zero())
            .max();
        let legend = if series.len() > 1 { LEGEND_HEIGHT } else { 0 };
        let per_bar = BAR_HEIGHT.saturating_add(BAR_GAP);
        let per_group = LABEL_HEIGHT
            .saturating_add(per_bar.saturating_mul(units(series.len())))
            .saturating_add(ROW_GAP);
        let height = legend.saturating_add(per_group.saturating_mul(units(groups.len())));
        let _ = write!(
            self.out,
            "<figure class=\"chart\">\n<svg viewBox=\"0 0 {CHART_WIDTH} {height}\" \
             preserveAspectRatio=\"xMinYMin meet\" role=\"img\"><title>"
        );
        self.text(caption);
        self.out.push_str("</title>\n");
        if legend > 0 {
            for (i, (key, class)) in series.iter().zip(SERIES.iter().cycle()).enumerate() {
                let x = LEGEND_STEP.saturating_mul(units(i));
                let _ = write!(
                    self.out,
                    "<rect class=\"{class}\" x=\"{x}\" y=\"4\" width=\"16\" height=\"16\"/>\
                     <text x=\"{}\" y=\"18\">",
                    x.saturating_add(22)
                );
                let name = self.w(key);
                self.text(name);
                self.out.push_str("</text>\n");
            }
        }
        let mut y = legend;
        for g in groups {
            let _ = write!(
                self.out,
                "<text x=\"0\" y=\"{}\">",
                y.saturating_add(LABEL_HEIGHT).saturating_sub(6)
            );
            self.text(&g.label);
            self.out.push_str("</text>\n");
            y = y.saturating_add(LABEL_HEIGHT);
            for (bar, class) in g.bars.iter().zip(SERIES.iter().cycle()) {
                let len = bar.value.map_or(0, |v| bar_length(v, max));
                if len > 0 {
                    let _ = write!(
                        self.out,
                        "<rect class=\"{class}\" x=\"0\" y=\"{y}\" width=\"{len}\" height=\"{BAR_HEIGHT}\"/>"
                    );
                }
                let _ = write!(
                    self.out,
                    "<text x=\"{}\" y=\"{}\">",
                    len.saturating_add(6),
                    y.saturating_add(BAR_HEIGHT).saturating_sub(3)
                );
                self.text(&bar.text);
                self.out.push_str("</text>\n");
                y = y.saturating_add(per_bar);
            }
            y = y.saturating_add(ROW_GAP);
        }
        self.out.push_str("</svg>\n<figcaption>");
        self.text(caption);
        self.out.push_str("</figcaption>\n</figure>\n");
    }

    // ---- the document -------------------------------------------------------------------

    /// Problems worth a note: errors and warnings of the evaluation, then the report's notes,
    /// each once.
    fn notes(&self) -> Vec<&'a Violation> {
        let mut out: Vec<&Violation> = Vec::new();
        for v in self
            .ev
            .violations
            .iter()
            .chain(&self.ev.warnings)
            .chain(&self.report.notes)
        {
            if !out.contains(&v) {
                out.push(v);
            }
        }
        out
    }

    /// The sections: id, glossary key and number (none for the annex).
    fn sections(&self) -> Vec<(&'static str, &'static str, String)> {
        let mut keys = vec![
            ("funding", "section_funding"),
            ("forwardings", "section_forwardings"),
            ("staffing", "section_staffing"),
            ("distribution", "section_distribution"),
            ("cases", "section_cases"),
        ];
        if !self.notes().is_empty() {
            keys.push(("notes", "section_notes"));
        }
        let mut out: Vec<(&str, &str, String)> = keys
            .into_iter()
            .enumerate()
            .map(|(i, (id, key))| (id, key, format!("{}. ", i.saturating_add(1))))
            .collect();
        out.push(("annex", "section_annex", String::new()));
        out
    }

    fn render(mut self) -> String {
        let lang = match self.lang {
            Lang::De => "de",
            Lang::En => "en",
        };
        let title = format!(
            "{} KIM {} – {}",
            self.w("council_report"),
            self.plan.year,
            self.plan.authority.name
        );
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"kim {}\">\n<title>",
            crate::VERSION
        );
        self.text(&title);
        let _ = write!(
            self.out,
            "</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n"
        );
        self.title_block();
        self.contents();
        self.funding();
        self.forwardings();
        self.staffing();
        self.distribution();
        self.cases();
        self.notes_section();
        self.annex();
        self.out.push_str("</main>\n</body>\n</html>\n");
        self.out
    }

    fn title_block(&mut self) {
        self.out.push_str("<header class=\"title\">\n");
        let authority = self.plan.authority.name.clone();
        self.para("authority", &authority);
        let kind = self.w("council_report");
        self.para("kind", kind);
        let h1 = self.fill("council_title", &[("year", self.plan.year.to_string())]);
        self.out.push_str("<h1>");
        self.text(&h1);
        self.out.push_str("</h1>\n");
        let p = &self.report.period;
        let rows = [
            ("funding_year", self.plan.year.to_string()),
            (
                "report_period",
                format!("{} ({} – {})", p.label, self.day(p.from), self.day(p.to)),
            ),
            ("data_as_of", self.day(self.ev.options.stichtag)),
            ("created_with", format!("kim {}", crate::VERSION)),
        ];
        self.out.push_str("<table class=\"meta\">\n<tbody>\n");
        for (key, value) in rows {
            self.out.push_str("<tr><th>");
            let head = self.w(key);
            self.text(head);
            self.out.push_str("</th><td>");
            self.text(&value);
            self.out.push_str("</td></tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n");
        if !self.ev.illustrative.is_empty() {
            let note = self.w("illustrative_note");
            self.para("note", note);
        }
        self.out.push_str("</header>\n");
    }

    fn contents(&mut self) {
        self.out.push_str("<nav class=\"toc\">\n<h2>");
        let head = self.w("contents");
        self.text(head);
        self.out.push_str("</h2>\n<ol>\n");
        for (id, key, _) in self.sections() {
            let _ = write!(self.out, "<li><a href=\"#{id}\">");
            let title = self.w(key);
            self.text(title);
            self.out.push_str("</a></li>\n");
        }
        self.out.push_str("</ol>\n</nav>\n");
    }

    fn funding(&mut self) {
        self.section("funding");
        let ev = self.ev;
        let Some(g) = &ev.grant else {
            return self.end_with("not_computed");
        };
        let mut rows = Vec::new();
        for line in &g.lines {
            let mut kind = self.listed("post_kind", line.kind.as_str());
            if line.item == crate::GrantItem::WorkplaceSetup {
                kind = format!("{kind} ({})", self.w("workplace_setup"));
            }
            if line.illustrative {
                kind.push('*');
            }
            let join = |f: &dyn Fn(&crate::funding::RateApplied) -> String| {
                line.rates.iter().map(f).collect::<Vec<_>>().join(" / ")
            };
            rows.push(Row::plain(vec![
                line.baustein.number().to_string(),
                kind,
                self.fte(line.fte),
                join(&|r| self.money(r.per_fte)),
                line.factor.to_string(),
                self.money(line.amount),
                self.listed("rate_status", line.status.as_str()),
                join(&|r| self.source_ref(&r.parameter)),
            ]));
        }
        for b in &g.by_baustein {
            let form = b
                .legal_form
                .map(|f| format!(" ({})", self.coded("legal_form", f)))
                .unwrap_or_default();
            rows.push(Row::sub(vec![
                b.baustein.number().to_string(),
                format!(
                    "{}{form}",
                    self.fill(
                        "council_baustein_total",
                        &[("n", b.baustein.number().to_string())]
                    )
                ),
                self.fte(b.fte),
                String::new(),
                String::new(),
                self.money(b.amount),
                String::new(),
                String::new(),
            ]));
        }
        rows.push(Row::sum(vec![
            String::new(),
            self.w("total").to_owned(),
            String::new(),
            String::new(),
            String::new(),
            self.money(g.total),
            String::new(),
            String::new(),
        ]));
        let cols = [
            ("baustein", false),
            ("kind", false),
            ("fte", true),
            ("per_fte", true),
            ("factor", true),
            ("amount", true),
            ("status", false),
            ("source", false),
        ];
        self.table("funding", &cols, &rows);
        let rule = format!("{}: {}", self.w("rule"), g.trace.root.rule);
        self.para("rule", &rule);
        self.out.push_str("<ol class=\"footnotes\">\n");
        let notes: Vec<String> = self
            .sources
            .iter()
            .enumerate()
            .map(|(i, p)| format!("[{}] {}", i.saturating_add(1), p.source.document))
            .collect();
        for note in notes {
            self.out.push_str("<li class=\"source\">");
            self.text(&note);
            self.out.push_str("</li>\n");
        }
        if g.lines.iter().any(|l| l.illustrative) {
            let note = format!("* {}", self.w("illustrative_mark"));
            self.out.push_str("<li>");
            self.text(&note);
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ol>\n");
        self.end_section();
    }

    fn forwarding_rows(&self, r: &ForwardingResult, depth: usize, rows: &mut Vec<Row>) {
        let indent = if depth == 0 {
            String::new()
        } else {
            format!("{}↳ ", "\u{2003}".repeat(depth.saturating_sub(1)))
        };
        rows.push(Row::plain(vec![
            format!("{indent}{}", r.to.name),
            self.fte(r.fte),
            self.opt_money(r.cap),
            self.opt_money(r.own_cost),
            self.money(r.reimbursed),
            self.money(r.top_up),
            self.opt_money(r.own_share),
            self.money(r.over_financing),
        ]));
        for o in &r.onward {
            self.forwarding_rows(o, depth.saturating_add(1), rows);
        }
    }

    fn forwardings(&mut self) {
        self.section("forwardings");
        let ev = self.ev;
        if ev.forwardings.is_empty() {
            let text = self.w("no_forwardings");
            self.para("note", text);
        } else {
            let mut rows = Vec::new();
            for r in &ev.forwardings {
                self.forwarding_rows(r, 0, &mut rows);
            }
            if let Some(t) = &ev.totals {
                let empty = String::new;
                rows.push(Row::sum(vec![
                    self.w("total").to_owned(),
                    empty(),
                    empty(),
                    empty(),
                    self.money(t.forwarded),
                    self.money(t.top_ups),
                    empty(),
                    empty(),
                ]));
            }
            let cols = [
                ("recipient", false),
                ("fte", true),
                ("cap", true),
                ("own_cost", true),
                ("reimbursed", true),
                ("top_up", true),
                ("own_share", true),
                ("over_financing", true),
            ];
            self.table("forwardings", &cols, &rows);
        }
        let Some(t) = &ev.totals else {
            return self.end_with("not_computed");
        };
        let head = self.w("financial_impact");
        self.h3(head);
        let mut rows = vec![
            Row::plain(vec![
                self.w("land_money").to_owned(),
                self.money(t.land_money),
            ]),
            Row::plain(vec![
                self.w("forwarded").to_owned(),
                self.money(t.forwarded),
            ]),
            Row::plain(vec![
                self.w("retained_by_authority").to_owned(),
                self.money(t.retained_by_authority),
            ]),
            Row::plain(vec![self.w("top_ups").to_owned(), self.money(t.top_ups)]),
        ];
        for p in &t.top_ups_by_payer {
            rows.push(Row::sub(vec![
                format!(
                    "{} – {}: {}",
                    self.w("top_ups"),
                    self.w("payer"),
                    p.party.name
                ),
                self.money(p.amount),
            ]));
        }
        let cols = [("item", false), ("amount", true)];
        self.table("impact", &cols, &rows);
        if !t.own_share_by_employer.is_empty() {
            let head = self.w("own_share_by_employer");
            self.h3(head);
            let rows: Vec<Row> = t
                .own_share_by_employer
                .iter()
                .map(|e| {
                    Row::plain(vec![
                        e.employer.name.clone(),
                        self.opt_money(e.own_cost),
                        self.money(e.covered),
                        self.opt_money(e.own_share),
                        self.money(e.surplus),
                    ])
                })
                .collect();
            let cols = [
                ("employer", false),
                ("own_cost", true),
                ("covered", true),
                ("own_share", true),
                ("surplus", true),
            ];
            self.table("own-share", &cols, &rows);
        }
        self.end_section();
    }

    fn staffing(&mut self) {
        self.section("staffing");
        let ev = self.ev;
        let Some(s) = &ev.staffing else {
            return self.end_with("not_computed");
        };
        let head = self.fill("staffing_on", &[("date", self.day(s.stichtag))]);
        self.h3(&head);
        let row = |r: &crate::StaffingRow| {
            vec![
                r.baustein.number().to_string(),
                r.employer
                    .as_ref()
                    .map_or_else(|| self.w("total").to_owned(), |p| p.name.clone()),
                self.fte(r.funded),
                self.fte(r.filled),
                self.fte(r.vacancy),
                r.fill_rate_percent
                    .map(|p| format!("{} %", decimal(p, self.lang)))
                    .unwrap_or_default(),
                r.headcount.to_string(),
            ]
        };
        let mut rows: Vec<Row> = s.by_employer.iter().map(|r| Row::plain(row(r))).collect();
        rows.extend(s.by_baustein.iter().map(|r| Row::sub(row(r))));
        let cols = [
            ("baustein", false),
            ("employer", false),
            ("funded", true),
            ("filled", true),
            ("vacancy", true),
            ("fill_rate_percent", true),
            ("headcount", true),
        ];
        self.table("staffing", &cols, &rows);
        let groups: Vec<Group> = s
            .by_employer
            .iter()
            .map(|r| Group {
                label: format!(
                    "{} · {}",
                    r.employer.as_ref().map_or("", |p| p.name.as_str()),
                    self.baustein(r.baustein)
                ),
                bars: vec![
                    Bar {
                        value: Some(r.funded.value()),
                        text: self.fte(r.funded),
                    },
                    Bar {
                        value: Some(r.filled.value()),
                        text: self.fte(r.filled),
                    },
                ],
            })
            .collect();
        self.chart(&head, &["funded", "filled"], &groups);
        self.end_section();
    }

    fn distribution(&mut self) {
        self.section("distribution");
        let ev = self.ev;
        let (Some(d), Some(pd)) = (&ev.distribution, &self.plan.distribution) else {
            return self.end_with(if self.plan.distribution.is_some() {
                "not_computed"
            } else {
                "no_distribution"
            });
        };
        let a = &d.allocation;
        let sentence = self.fill(
            "distribution_sentence",
            &[
                ("total", self.fte(a.total)),
                ("method", self.coded("method", a.method)),
                ("step", self.fte(a.step)),
                ("minimum", self.fte(a.minimum)),
                ("basis", self.coded("distribution_basis", pd.basis)),
                ("date", self.day(pd.stichtag)),
            ],
        );
        self.para("method", &sentence);
        if let Some(src) = &pd.source {
            let text = format!("{}: {}", self.w("source"), source_text(src));
            self.para("note source", &text);
        }
        let dec = |x: Decimal| decimal(x, self.lang);
        let mut rows: Vec<Row> = a
            .shares
            .iter()
            .map(|s| {
                Row::plain(vec![
                    s.unit.clone(),
                    dec(s.weight),
                    dec(s.quota),
                    self.fte(s.fte),
                ])
            })
            .collect();
        rows.push(Row::sum(vec![
            self.w("total").to_owned(),
            String::new(),
            String::new(),
            self.fte(a.total),
        ]));
        let cols = [
            ("unit", false),
            ("weight", true),
            ("quota", true),
            ("share", true),
        ];
        self.table("distribution", &cols, &rows);
        for tie in &a.ties {
            let text = format!(
                "{}: {} → {} ({})",
                self.w("tie"),
                tie.units.join(", "),
                tie.winners.join(", "),
                self.listed("tie_break", &tie.decided_by)
            );
            self.para("note", &text);
        }
        if !d.regions.is_empty() || d.shares.iter().any(|s| s.override_reason.is_some()) {
            let mut rows: Vec<Row> = d
                .shares
                .iter()
                .map(|s| {
                    Row::plain(vec![
                        s.unit.clone(),
                        s.region.clone().unwrap_or_default(),
                        self.fte(s.computed),
                        self.fte(s.fte),
                        s.override_reason.clone().unwrap_or_default(),
                    ])
                })
                .collect();
            rows.push(Row::sum(vec![
                self.w("total").to_owned(),
                String::new(),
                String::new(),
                self.fte(d.sum),
                String::new(),
            ]));
            let cols = [
                ("unit", false),
                ("region", false),
                ("computed", true),
                ("share", true),
                ("reason", false),
            ];
            self.table("shares", &cols, &rows);
        }
        let groups: Vec<Group> = d
            .shares
            .iter()
            .map(|s| Group {
                label: s.unit.clone(),
                bars: vec![Bar {
                    value: Some(s.fte.value()),
                    text: format!("{} {}", self.fte(s.fte), self.w("fte")),
                }],
            })
            .collect();
        let caption = self.w("section_distribution");
        self.chart(caption, &["share"], &groups);
        self.end_section();
    }

    fn cases(&mut self) {
        self.section("cases");
        let r = self.report;
        let any = |cs: &[Count]| cs.iter().any(|c| *c != Count::Exact(0));
        let has_cases = !r.cases_by_topic.is_empty()
            || r.case_flow
                .iter()
                .any(|q| any(&[q.opened, q.admitted, q.closed, q.open_at_end]));
        if !has_cases {
            return self.end_with("no_cases");
        }
        let note = self.fill("suppression_note", &[("k", r.suppress_below.to_string())]);
        self.para("note", &note);

        let head = self.w("cases_per_quarter");
        self.h3(head);
        let flow =
            |q: &crate::reporting::CaseFlowRow| [q.opened, q.admitted, q.closed, q.open_at_end];
        let rows: Vec<Row> = r
            .case_flow
            .iter()
            .map(|q| {
                let mut cells = vec![q.quarter.clone()];
                cells.extend(flow(q).iter().map(Count::to_string));
                Row::plain(cells)
            })
            .collect();
        let series = ["opened", "admitted", "closed", "open_at_end"];
        let mut cols = vec![("quarter", false)];
        cols.extend(series.iter().map(|s| (*s, true)));
        self.table("case-flow", &cols, &rows);
        let groups: Vec<Group> = r
            .case_flow
            .iter()
            .map(|q| Group {
                label: q.quarter.clone(),
                bars: flow(q).into_iter().map(Bar::count).collect(),
            })
            .collect();
        self.chart(head, &series, &groups);

        let head = self.w("cases_by_topic");
        self.h3(head);
        let lang = self.lang;
        let topic = move |c: &crate::reporting::CodeRow| match lang {
            Lang::De => c.label_de.clone(),
            Lang::En => c.label_en.clone(),
        };
        let rows: Vec<Row> = r
            .cases_by_topic
            .iter()
            .map(|c| Row::plain(vec![topic(c), c.cases.to_string()]))
            .collect();
        let cols = [("label", false), ("cases", true)];
        self.table("topics", &cols, &rows);
        let groups: Vec<Group> = r
            .cases_by_topic
            .iter()
            .map(|c| Group {
                label: topic(c),
                bars: vec![Bar::count(c.cases)],
            })
            .collect();
        self.chart(head, &["cases"], &groups);
        self.end_section();
    }

    fn notes_section(&mut self) {
        let notes = self.notes();
        if notes.is_empty() {
            return;
        }
        self.section("notes");
        let rows: Vec<Row> = notes
            .iter()
            .map(|v| {
                Row::plain(vec![
                    v.code.to_string(),
                    v.path.clone(),
                    v.message(self.lang),
                ])
            })
            .collect();
        let cols = [("code", false), ("path", false), ("message", false)];
        self.table("notes", &cols, &rows);
        self.end_section();
    }

    fn annex(&mut self) {
        self.section("annex");
        let head = format!("A.1 {}", self.w("annex_trace"));
        self.h3(&head);
        self.out.push_str("<ul class=\"trace\">\n");
        let ev = self.ev;
        self.trace_node(&ev.trace.root);
        self.out.push_str("</ul>\n");

        let head = format!("A.2 {}", self.w("annex_params"));
        self.h3(&head);
        let rows: Vec<Row> = self
            .sources
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut status = self.listed("rate_status", p.status.as_str());
                if p.carried_forward {
                    status = format!("{status}, {}", self.w("carried_forward"));
                }
                Row::plain(vec![
                    format!("[{}]", i.saturating_add(1)),
                    self.listed("rate_key", &p.key),
                    self.param_value(p),
                    self.listed("rate_per", &p.per),
                    self.validity(p),
                    status,
                    source_text(&p.source),
                ])
            })
            .collect();
        let cols = [
            ("number", false),
            ("parameter", false),
            ("value", true),
            ("per", false),
            ("validity", false),
            ("status", false),
            ("source", false),
        ];
        self.table("params", &cols, &rows);

        if !self.plan.sources.is_empty() {
            let head = format!("A.3 {}", self.w("annex_plan_sources"));
            self.h3(&head);
            self.out.push_str("<ol class=\"source\">\n");
            let plan = self.plan;
            for s in &plan.sources {
                self.out.push_str("<li>");
                self.text(&source_text(s));
                self.out.push_str("</li>\n");
            }
            self.out.push_str("</ol>\n");
        }
        self.end_section();
    }

    fn param_value(&self, p: &TraceParam) -> String {
        TraceValue::text("value", p.value.clone(), "EUR").render(self.lang)
    }

    fn validity(&self, p: &TraceParam) -> String {
        format!(
            "{} – {}",
            self.iso_day(&p.valid_from),
            p.valid_to
                .as_deref()
                .map_or_else(|| self.w("open_ended").to_owned(), |d| self.iso_day(d))
        )
    }

    /// One step of the explanation as a list item, its parts as lines, its steps nested.
    fn trace_node(&mut self, n: &TraceNode) {
        let (title, formula) = match self.lang {
            Lang::De => (&n.title_de, &n.formula_de),
            Lang::En => (&n.title_en, &n.formula_en),
        };
        self.out.push_str("<li><span class=\"title\">");
        self.text(title);
        self.out.push_str("</span> = <strong>");
        let result = n.result.render(self.lang);
        self.text(&result);
        self.out.push_str("</strong>\n");
        let mut lines = vec![("formula", formula.to_string())];
        if !n.inputs.is_empty() {
            let inputs: Vec<String> = n
                .inputs
                .iter()
                .map(|i| format!("{} = {}", self.w(i.name.as_ref()), i.render(self.lang)))
                .collect();
            lines.push(("inputs", inputs.join("; ")));
        }
        for p in &n.parameters {
            let mut status = self.listed("rate_status", p.status.as_str());
            if p.carried_forward {
                status = format!("{status}, {}", self.w("carried_forward"));
            }
            lines.push((
                "parameter",
                format!(
                    "{} {} ({}), {}, {status} {}",
                    self.listed("rate_key", &p.key),
                    self.param_value(p),
                    self.listed("rate_per", &p.per),
                    self.validity(p),
                    self.source_ref(p)
                ),
            ));
        }
        if let Some(pr) = &n.pro_rata {
            lines.push((
                "pro_rata",
                format!(
                    "{}, {}",
                    self.listed("pro_rata", pr.method.as_str()),
                    pr.factor
                ),
            ));
        }
        if !n.rule.is_empty() {
            lines.push(("rule", n.rule.to_string()));
        }
        for (key, text) in lines {
            self.out.push_str("<div><span class=\"k\">");
            let head = self.w(key);
            self.text(head);
            self.out.push_str(":</span> ");
            self.text(&text);
            self.out.push_str("</div>\n");
        }
        if !n.children.is_empty() {
            self.out.push_str("<ul>\n");
            for c in &n.children {
                self.trace_node(c);
            }
            self.out.push_str("</ul>\n");
        }
        self.out.push_str("</li>\n");
    }
}

/// A citation as text: the document, then its address (shown, not linked: the document
/// requests nothing).
fn source_text(s: &crate::params::Source) -> String {
    match &s.url {
        Some(url) => format!("{} ({url})", s.document),
        None => s.document.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reporting::report;

    const CASES: &str = include_str!("../data/examples/cases-heinsberg-2023.json");

    fn heinsberg(lang: Lang) -> (String, Report, Evaluation) {
        let plan = Plan::example();
        let cases = CasesDocument::from_json(CASES).unwrap();
        let period: ReportPeriod = "2023".parse().unwrap();
        let html = render_html(&plan, Some(&cases), &period, lang).unwrap();
        let r = report(Some(&plan), Some(&cases), &period).unwrap();
        let ev = evaluate(&plan, &Params::default(), &EvalOptions::default()).unwrap();
        (html, r, ev)
    }

    /// The part of the document from `<section id="{id}">` to its end.
    fn section<'h>(html: &'h str, id: &str) -> &'h str {
        let start = html.find(&format!("<section id=\"{id}\">")).unwrap();
        let len = html[start..].find("</section>").unwrap();
        &html[start..start + len]
    }

    /// The contents of every element that starts with `open` (e.g. `<td class="num">`).
    fn contents<'h>(html: &'h str, open: &str, close: &str) -> Vec<&'h str> {
        html.match_indices(open)
            .map(|(i, _)| {
                let rest = &html[i + open.len()..];
                let rest = &rest[rest.find('>').map_or(0, |j| j + 1)..];
                &rest[..rest.find(close).unwrap()]
            })
            .collect()
    }

    #[test]
    fn the_heinsberg_report_has_every_section_and_the_evaluations_numbers() {
        for lang in [Lang::De, Lang::En] {
            let (html, r, ev) = heinsberg(lang);
            let code = if lang == Lang::De { "de" } else { "en" };
            assert!(html.starts_with("<!DOCTYPE html>\n"), "{html}");
            assert!(html.contains(&format!("<html lang=\"{code}\">")));
            assert!(html.contains("<meta charset=\"utf-8\">"));
            assert!(html.ends_with("</html>\n"));
            let w = |key: &str| term(key, lang).unwrap();
            for key in [
                "section_funding",
                "section_forwardings",
                "section_staffing",
                "section_distribution",
                "section_cases",
                "section_notes",
                "section_annex",
            ] {
                assert!(html.contains(&format!("{}</h2>", w(key))), "{key}");
            }
            for key in [
                "annex_trace",
                "annex_params",
                "cases_per_quarter",
                "cases_by_topic",
                "financial_impact",
            ] {
                assert!(html.contains(w(key)), "{key}");
            }
            assert!(html.contains(&format!("kim {}", crate::VERSION)));
            assert!(html.contains("Kreis Heinsberg"));
            // tables with repeated heads, and four charts (staff, Kommunen, quarters, topics)
            assert!(html.matches("<table").count() >= 10);
            assert_eq!(
                html.matches("<thead>").count(),
                html.matches("<table class=\"").count() - 1
            );
            assert_eq!(html.matches("<svg ").count(), 4);
            assert!(html.contains("@page { size: A4;"));
            assert!(html.contains("display: table-header-group"));
            assert!(html.contains("break-inside: avoid"));
            // self-contained: nothing is requested from elsewhere
            for bad in [
                "<script",
                "<link",
                "<img",
                "<iframe",
                "src=",
                "url(",
                "@import",
                "href=\"http",
                "xlink:href",
            ] {
                assert!(!html.contains(bad), "{bad}");
            }
            assert!(
                html.match_indices("href=\"")
                    .all(|(i, _)| html[i + 6..].starts_with('#'))
            );
            // the numbers as kim formats them
            let loc = locale(lang);
            let g = ev.grant.as_ref().unwrap();
            assert!(html.contains(&g.total.format(loc)));
            for b in &g.by_baustein {
                assert!(html.contains(&b.amount.format(loc)));
            }
            let money = r.money.as_ref().unwrap();
            for f in &money.forwardings {
                let row = format!(
                    "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
                    f.reimbursed.format(loc),
                    f.top_up.format(loc),
                    f.own_share.unwrap().format(loc)
                );
                assert!(html.contains(&row), "{row}");
                assert!(html.contains(&f.recipient.name));
            }
            let t = &money.totals;
            for amount in [
                t.land_money,
                t.forwarded,
                t.retained_by_authority,
                t.top_ups,
            ] {
                assert!(html.contains(&amount.format(loc)));
            }
            assert_eq!(
                t.forwarded.format(loc),
                Euro::from_cents(15_250_000).format(loc)
            );
            let s = ev.staffing.as_ref().unwrap();
            for row in &s.by_employer {
                assert!(html.contains(&format!(
                    "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                    row.funded.format(loc),
                    row.filled.format(loc)
                )));
            }
            let d = ev.distribution.as_ref().unwrap();
            for share in &d.shares {
                assert!(html.contains(&share.unit));
            }
            // the case tables row for row as in the report
            for q in &r.case_flow {
                let cells: String = [q.opened, q.admitted, q.closed, q.open_at_end]
                    .iter()
                    .map(|c| {
                        format!(
                            "<td class=\"num\">{}</td>",
                            c.to_string().replace('<', "&lt;")
                        )
                    })
                    .collect();
                assert!(
                    html.contains(&format!("<tr><td>{}</td>{cells}</tr>", q.quarter)),
                    "{}",
                    q.quarter
                );
            }
            assert!(!r.cases_by_topic.is_empty());
            // every label comes from the glossary: no key shows through (the notes are the
            // core's messages, which may name a key)
            let notes = section(&html, "notes");
            let text: String = html
                .replace(notes, "")
                .split('<')
                .filter_map(|part| part.split_once('>').map(|(_, t)| t))
                .collect::<Vec<_>>()
                .join(" ");
            for word in text.split(|c: char| c.is_whitespace() || "();,".contains(c)) {
                assert!(
                    !word.contains('_') || word.contains('=') || word.contains('/'),
                    "{word}"
                );
            }
        }
    }

    #[test]
    fn small_counts_are_never_shown_or_drawn() {
        let (html, r, _) = heinsberg(Lang::De);
        let k = u64::from(r.suppress_below);
        assert_eq!(k, 3);
        let cases = section(&html, "cases");
        let cells = contents(cases, "<td class=\"num\"", "</td>");
        let labels = contents(cases, "<text ", "</text>");
        let mut suppressed = 0;
        for value in cells.iter().chain(&labels) {
            if *value == "&lt;3" {
                suppressed += 1;
            } else if let Ok(n) = value.parse::<u64>() {
                assert!(n == 0 || n >= k, "a count below {k} is shown: {n}");
            }
        }
        // each suppressed cell once in its table and once beside its (undrawn) bar
        let in_report = r
            .case_flow
            .iter()
            .flat_map(|q| [q.opened, q.admitted, q.closed, q.open_at_end])
            .chain(r.cases_by_topic.iter().map(|c| c.cases))
            .filter(|c| matches!(c, Count::Suppressed(_)))
            .count();
        assert!(in_report > 10);
        assert_eq!(suppressed, 2 * in_report);
        // bars only for exact counts above zero
        let bars = cases.matches("<rect class=\"s").count() - 4; // four legend squares
        let exact = r
            .case_flow
            .iter()
            .flat_map(|q| [q.opened, q.admitted, q.closed, q.open_at_end])
            .chain(r.cases_by_topic.iter().map(|c| c.cases))
            .filter(|c| c.exact().is_some_and(|n| n > 0))
            .count();
        assert_eq!(bars, exact);
    }

    #[test]
    fn names_from_documents_are_escaped() {
        let mut plan = Plan::example();
        let name = r#"<script>alert("x")</script> & 'Söhne'"#;
        plan.forwardings[0].to.name = name.to_owned();
        for s in plan
            .staff
            .iter_mut()
            .filter(|s| s.employer.name == "DRK Kreisverband Heinsberg")
        {
            s.employer.name = name.to_owned();
        }
        plan.authority.name = "Kreis <Heinsberg>".to_owned();
        if let Some(d) = plan.distribution.as_mut() {
            d.weights[0].unit = "Gangelt <b>&</b>".to_owned();
        }
        let period: ReportPeriod = "2023".parse().unwrap();
        let html = render_html(&plan, None, &period, Lang::De).unwrap();
        assert!(!html.contains("<script"));
        assert!(!html.contains("<b>"));
        assert!(!html.contains("<Heinsberg>"));
        let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Söhne&#39;";
        assert!(
            html.matches(escaped).count() >= 3,
            "table, own share, staff"
        );
        assert!(html.contains("Kreis &lt;Heinsberg&gt;"));
        assert!(html.contains("Gangelt &lt;b&gt;&amp;&lt;/b&gt;"));
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let (a, _, _) = heinsberg(Lang::De);
        let (b, _, _) = heinsberg(Lang::De);
        assert_eq!(a, b);
        let (en, _, _) = heinsberg(Lang::En);
        assert_ne!(a, en);
    }

    #[test]
    fn what_cannot_be_computed_is_said_and_noted() {
        // 2024 has no rate in strict mode (KIM-R001), no cases, no distribution
        let plan = Plan::from_json(
            r#"{"schema_version":"kim.plan.v1","authority":{"kind":"kreis","name":"Rhein-Kreis Neuss"},
                "year":2024,"funded":[{"kind":"case_manager","fte":"14"}]}"#,
        )
        .unwrap();
        let period: ReportPeriod = "2024".parse().unwrap();
        let html = render_html(&plan, None, &period, Lang::En).unwrap();
        let w = |key: &str| term(key, Lang::En).unwrap();
        assert!(section(&html, "funding").contains(w("not_computed")));
        assert!(section(&html, "forwardings").contains(w("no_forwardings")));
        assert!(section(&html, "distribution").contains(w("no_distribution")));
        assert!(section(&html, "cases").contains(w("no_cases")));
        assert!(section(&html, "notes").contains("KIM-R001"));
        assert_eq!(
            html.matches("<svg ").count(),
            1,
            "staff only: 14 funded, 0 filled"
        );
    }
}
