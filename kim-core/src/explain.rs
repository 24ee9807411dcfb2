//! Explanations: every amount kim computes carries a [`TraceNode`] — the rule, the formula in
//! words (German and English), the inputs, the parameter values with their sources and
//! status, the pro-rating used, and the result. Trees of nodes form a [`Trace`]
//! (schema `kim.trace.v1`), identical JSON in every face, and render as text with
//! [`Trace::render`].

use crate::money::{Euro, Fte, Locale};
use crate::params::{RateUsed, Source, Status};
use crate::period::{Fraction, ProRata, date_de};
use crate::validate::Lang;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::Arc;

/// Text in a trace: fixed wording is borrowed, names and numbers are owned.
pub type Text = Cow<'static, str>;

/// Schema name of traces.
pub const TRACE_SCHEMA: &str = "kim.trace.v1";

/// A value shown in a trace, as canonical text with its unit.
///
/// ```
/// let v = kim_core::TraceValue::euro("cap", "82500".parse().unwrap());
/// assert_eq!((v.value.as_str(), &*v.unit), ("82500.00", "EUR"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TraceValue {
    /// What the value is (English identifier, e.g. `fte`).
    #[cfg_attr(feature = "ts", tsify(type = "string"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: Text,
    /// Canonical text (`82500.00`, `1.5`, `2023-01-01`).
    pub value: String,
    /// `EUR`, `VZÄ`, `date`, `factor`, `count`, `percent` or empty.
    #[cfg_attr(feature = "ts", tsify(type = "string"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub unit: Text,
}

impl TraceValue {
    /// A money value.
    ///
    /// ```
    /// assert_eq!(kim_core::TraceValue::euro("cap", "55000".parse().unwrap()).value, "55000.00");
    /// ```
    pub fn euro(name: &'static str, v: Euro) -> Self {
        TraceValue {
            name: Cow::Borrowed(name),
            value: v.to_string(),
            unit: Cow::Borrowed("EUR"),
        }
    }
    /// A VZÄ value.
    ///
    /// ```
    /// assert_eq!(kim_core::TraceValue::fte("fte", "1.50".parse().unwrap()).value, "1.5");
    /// ```
    pub fn fte(name: &'static str, v: Fte) -> Self {
        TraceValue {
            name: Cow::Borrowed(name),
            value: v.to_string(),
            unit: Cow::Borrowed("VZÄ"),
        }
    }
    /// Any other value.
    ///
    /// ```
    /// let v = kim_core::TraceValue::text("year", "2023", "");
    /// assert_eq!(v.value, "2023");
    /// ```
    pub fn text(name: &'static str, v: impl Into<String>, unit: &'static str) -> Self {
        TraceValue {
            name: Cow::Borrowed(name),
            value: v.into(),
            unit: Cow::Borrowed(unit),
        }
    }

    /// The value as text in `lang` (money and VZÄ in its notation, German dates).
    pub(crate) fn render(&self, lang: Lang) -> String {
        let locale = match lang {
            Lang::De => Locale::De,
            Lang::En => Locale::En,
        };
        match self.unit.as_ref() {
            "EUR" => self
                .value
                .parse::<Euro>()
                .map_or_else(|_| format!("{} €", self.value), |e| e.format(locale)),
            "VZÄ" => self.value.parse::<Fte>().map_or_else(
                |_| format!("{} VZÄ", self.value),
                |f| format!("{} VZÄ", f.format(locale)),
            ),
            // kim's own date reader, not chrono's parser (a large part of a small binary)
            "date" if lang == Lang::De => {
                crate::period::date::parse(&self.value).map_or_else(|_| self.value.clone(), date_de)
            }
            "percent" => format!(
                "{} %",
                if lang == Lang::De {
                    self.value.replace('.', ",")
                } else {
                    self.value.clone()
                }
            ),
            _ => self.value.clone(),
        }
    }
}

/// A parameter value used in a computation, with validity, status and source.
///
/// ```
/// use kim_core::{grant, FundedPost, GrantOptions, Params, PostKind};
/// let g = grant(Params::embedded(), &[FundedPost::new(PostKind::CaseManager, "1".parse().unwrap())], &GrantOptions::year(2023)).unwrap();
/// let param = &g.lines[0].rates[0].parameter;
/// assert_eq!((param.key.as_str(), param.value.as_str()), ("case_manager", "57000.00"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TraceParam {
    /// Parameter key (`case_manager`, `workplace_setup`, …).
    pub key: String,
    /// Value as stated in the table.
    #[serde(serialize_with = "crate::money::decimal_text")]
    pub value: String,
    /// What the value is per (`fte_year`, `half_post_year`, `full_time_post_once`).
    pub per: String,
    /// First day of validity.
    pub valid_from: String,
    /// Last day of validity (absent: open).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    /// Evidence status as used (`assumed` when carried forward).
    pub status: Status,
    /// True when carried forward beyond its validity (lenient mode).
    pub carried_forward: bool,
    /// Citation.
    pub source: Source,
}

impl From<&RateUsed<'_>> for TraceParam {
    fn from(r: &RateUsed<'_>) -> Self {
        TraceParam {
            key: r.entry.key.as_str().to_owned(),
            value: r.entry.value.to_string(),
            per: r.entry.per.as_str().to_owned(),
            valid_from: r.entry.valid_from.to_string(),
            valid_to: r.entry.valid_to.map(|d| d.to_string()),
            status: r.status(),
            carried_forward: r.carried_forward,
            source: r.entry.source.clone(),
        }
    }
}

/// The pro-rating applied to an amount.
///
/// ```
/// use kim_core::{grant, FundedPost, GrantOptions, Params, PostKind, ProRata};
/// let opts = GrantOptions { pro_rata: ProRata::Months, ..GrantOptions::year(2023) };
/// let g = grant(Params::embedded(), &[FundedPost::new(PostKind::CaseManager, "1".parse().unwrap())], &opts).unwrap();
/// assert!(g.trace.render(kim_core::Lang::En).contains("57,000.00"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TraceProRata {
    /// Method.
    pub method: ProRata,
    /// Factor (`1`, `1/2`, `184/365`).
    pub factor: Fraction,
}

/// One step of an explanation.
///
/// ```
/// use kim_core::{Lang, Trace, TraceNode, TraceValue};
/// let node = TraceNode::new("total", "R1", ("Total", "Summe"), ("a + b", "a + b"), TraceValue::euro("total", "3".parse().unwrap()))
///     .input(TraceValue::euro("a", "1".parse().unwrap()));
/// assert_eq!(node.inputs.len(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TraceNode {
    /// Where the amount is in the result document (`grant.lines[0]`, `forwardings[1]`).
    pub id: String,
    /// Rule identifiers with their source (`KIM-RULES R4 (Kreis Heinsberg, Vorlage 0210/2022)`).
    #[cfg_attr(feature = "ts", tsify(type = "string"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub rule: Text,
    /// Title in English.
    #[cfg_attr(feature = "ts", tsify(type = "string"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub title_en: Text,
    /// Title in German.
    #[cfg_attr(feature = "ts", tsify(type = "string"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub title_de: Text,
    /// The formula in English words.
    #[cfg_attr(feature = "ts", tsify(type = "string"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub formula_en: Text,
    /// The formula in German words.
    #[cfg_attr(feature = "ts", tsify(type = "string"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub formula_de: Text,
    /// The inputs.
    pub inputs: Vec<TraceValue>,
    /// Parameter values used, with sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Arc<TraceParam>>,
    /// Pro-rating, where applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pro_rata: Option<TraceProRata>,
    /// The result.
    pub result: TraceValue,
    /// Steps this one is made of.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<TraceNode>,
}

impl TraceNode {
    /// A node without inputs, parameters or children.
    ///
    /// ```
    /// use kim_core::{Lang, Trace, TraceNode, TraceValue};
    /// let node = TraceNode::new("total", "R1", ("Total", "Summe"), ("a + b", "a + b"), TraceValue::euro("total", "3".parse().unwrap()))
    ///     .input(TraceValue::euro("a", "1".parse().unwrap()));
    /// assert!(node.children.is_empty() && node.parameters.is_empty());
    /// ```
    pub fn new(
        id: impl Into<String>,
        rule: &'static str,
        title: (impl Into<Text>, impl Into<Text>),
        formula: (impl Into<Text>, impl Into<Text>),
        result: TraceValue,
    ) -> Self {
        TraceNode {
            id: id.into(),
            rule: Cow::Borrowed(rule),
            title_en: title.0.into(),
            title_de: title.1.into(),
            formula_en: formula.0.into(),
            formula_de: formula.1.into(),
            inputs: Vec::new(),
            parameters: Vec::new(),
            pro_rata: None,
            result,
            children: Vec::new(),
        }
    }

    /// Adds an input.
    ///
    /// ```
    /// use kim_core::{Lang, Trace, TraceNode, TraceValue};
    /// let node = TraceNode::new("total", "R1", ("Total", "Summe"), ("a + b", "a + b"), TraceValue::euro("total", "3".parse().unwrap()))
    ///     .input(TraceValue::euro("a", "1".parse().unwrap()));
    /// assert_eq!(node.inputs[0].value, "1.00");
    /// ```
    #[must_use]
    pub fn input(mut self, v: TraceValue) -> Self {
        self.inputs.push(v);
        self
    }

    /// Finds a node by id in this subtree.
    ///
    /// ```
    /// use kim_core::{Lang, Trace, TraceNode, TraceValue};
    /// let node = TraceNode::new("total", "R1", ("Total", "Summe"), ("a + b", "a + b"), TraceValue::euro("total", "3".parse().unwrap()))
    ///     .input(TraceValue::euro("a", "1".parse().unwrap()));
    /// assert!(node.find("total").is_some() && node.find("other").is_none());
    /// ```
    pub fn find(&self, id: &str) -> Option<&TraceNode> {
        if self.id == id {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(id))
    }

    fn render_into(&self, out: &mut String, depth: usize, lang: Lang) {
        let pad = "  ".repeat(depth);
        let (title, formula) = match lang {
            Lang::De => (&self.title_de, &self.formula_de),
            Lang::En => (&self.title_en, &self.formula_en),
        };
        let _ = writeln!(out, "{pad}{title} = {}", self.result.render(lang));
        let (l_formula, l_inputs, l_rule, l_params, l_pro, l_src) = match lang {
            Lang::De => (
                "Formel",
                "Eingaben",
                "Regel",
                "Parameter",
                "Anteil",
                "Quelle",
            ),
            Lang::En => (
                "Formula",
                "Inputs",
                "Rule",
                "Parameter",
                "Pro rata",
                "Source",
            ),
        };
        let _ = writeln!(out, "{pad}  {l_formula}: {formula}");
        if !self.inputs.is_empty() {
            let items: Vec<String> = self
                .inputs
                .iter()
                .map(|i| format!("{} = {}", i.name, i.render(lang)))
                .collect();
            let _ = writeln!(out, "{pad}  {l_inputs}: {}", items.join("; "));
        }
        for p in &self.parameters {
            let value = TraceValue::text("value", p.value.clone(), "EUR").render(lang);
            let to = p.valid_to.clone().unwrap_or_else(|| "…".to_owned());
            let status = match lang {
                Lang::De => p.status.label_de(),
                Lang::En => p.status.as_str(),
            };
            let carried = match (p.carried_forward, lang) {
                (true, Lang::De) => ", fortgeschrieben",
                (true, Lang::En) => ", carried forward",
                _ => "",
            };
            let _ = writeln!(
                out,
                "{pad}  {l_params}: {} {value} ({}), {} – {to} [{status}{carried}]",
                p.key, p.per, p.valid_from
            );
            let url = p
                .source
                .url
                .as_deref()
                .map(|u| format!(" <{u}>"))
                .unwrap_or_default();
            let _ = writeln!(out, "{pad}    {l_src}: {}{url}", p.source.document);
        }
        if let Some(pr) = &self.pro_rata {
            let label = match lang {
                Lang::De => pr.method.label_de(),
                Lang::En => pr.method.label_en(),
            };
            let _ = writeln!(out, "{pad}  {l_pro}: {label}, {}", pr.factor);
        }
        if !self.rule.is_empty() {
            let _ = writeln!(out, "{pad}  {l_rule}: {}", self.rule);
        }
        for c in &self.children {
            c.render_into(out, depth.saturating_add(1), lang);
        }
    }
}

/// A whole explanation tree (schema `kim.trace.v1`).
///
/// ```
/// use kim_core::{Lang, Trace, TraceNode, TraceValue};
/// let node = TraceNode::new("total", "R1", ("Total", "Summe"), ("a + b", "a + b"), TraceValue::euro("total", "3".parse().unwrap()))
///     .input(TraceValue::euro("a", "1".parse().unwrap()));
/// let trace = Trace::new(node);
/// assert_eq!(trace.schema, "kim.trace.v1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Trace {
    /// Always `kim.trace.v1`.
    #[cfg_attr(feature = "ts", tsify(type = "\"kim.trace.v1\""))]
    #[cfg_attr(feature = "schema", schemars(extend("const" = "kim.trace.v1")))]
    pub schema: String,
    /// The top step.
    pub root: TraceNode,
}

impl Trace {
    /// Wraps a node as a trace.
    ///
    /// ```
    /// use kim_core::{Lang, Trace, TraceNode, TraceValue};
    /// let node = TraceNode::new("total", "R1", ("Total", "Summe"), ("a + b", "a + b"), TraceValue::euro("total", "3".parse().unwrap()))
    ///     .input(TraceValue::euro("a", "1".parse().unwrap()));
    /// assert_eq!(Trace::new(node).root.id, "total");
    /// ```
    pub fn new(root: TraceNode) -> Self {
        Trace {
            schema: TRACE_SCHEMA.to_owned(),
            root,
        }
    }

    /// Renders the explanation as indented text in the given language.
    ///
    /// ```
    /// use kim_core::{Lang, Trace, TraceNode, TraceValue};
    /// let node = TraceNode::new("total", "R1", ("Total", "Summe"), ("a + b", "a + b"), TraceValue::euro("total", "3".parse().unwrap()))
    ///     .input(TraceValue::euro("a", "1".parse().unwrap()));
    /// let text = Trace::new(node).render(Lang::De);
    /// assert!(text.contains("Summe"));
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.root.render_into(&mut out, 0, lang);
        out
    }

    /// Finds the explanation of one amount by its id (e.g. `forwardings[0]`).
    ///
    /// ```
    /// use kim_core::{evaluate, EvalOptions, Params, Plan};
    /// let ev = evaluate(&Plan::example(), Params::embedded(), &EvalOptions::default()).unwrap();
    /// assert!(ev.trace.find("forwardings[0]").is_some());
    /// ```
    pub fn find(&self, id: &str) -> Option<&TraceNode> {
        self.root.find(id)
    }
}

/// Rule references used in traces (see docs/rules.md).
pub(crate) mod rules {
    pub const GRANT: &str = "KIM-RULES R1 rate table, R2 linear in VZÄ, R3 pro-rating; § 9 TIntG";
    pub const WORKPLACE: &str = "KIM-RULES R7 Sachkosten Baustein 1 (Bezirksregierung Arnsberg)";
    pub const FORWARD: &str = "KIM-RULES R4 cap at actual personnel cost (Kreis Heinsberg, Vorlage 0210/2022), F1 conservation, F2 chains";
    pub const TOP_UP: &str =
        "KIM-RULES R5 voluntary top-up from Kreismitteln (Kreis Heinsberg, Vorlage 0210/2022)";
    pub const OWN_SHARE: &str = "KIM-RULES R6 Eigenanteil = actual cost − reimbursements";
    pub const EVALUATION: &str = "kim plan evaluation (docs/rules.md)";
}
