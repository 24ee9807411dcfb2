//! Bad inputs through every public entry point: none may panic, each gives a stable code and
//! field path, and every message is complete (German and English, no unfilled `{placeholder}`).
//!
//! Table-driven: one row per input. Rows run one by one under `catch_unwind`, and all
//! mismatches are reported together.

use kim_core::{
    Code, EvalOptions, ForwardOptions, Forwarding, Fte, FundedPost, GrantOptions, Locale, Mode,
    Params, Plan, Violation, evaluate, forward, grant, validate,
};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Where a row's input goes.
#[derive(Clone, Copy, Debug)]
enum Entry {
    /// `Plan::from_json(text)`.
    PlanFromJson,
    /// `Plan::from_json(text)` (must succeed), then `evaluate` with the default table: the
    /// evaluation's violations (or the error).
    Evaluate,
    /// `Plan::from_json(text)` (must succeed), then `validate`: its error-severity violations.
    Validate,
    /// `kim_core::doc::from_json::<Plan>(text)` (no schema check), then `validate`.
    ValidateUnchecked,
    /// `doc::from_json::<Vec<FundedPost>>(text)` (must succeed), then `grant` for the year and mode.
    Grant(i32, Mode),
    /// `doc::from_json::<Forwarding>(text)` (must succeed), then `forward` for the year.
    Forward(i32),
    /// `Params::from_toml(text)`.
    ParamsToml,
    /// `Euro::parse(text, locale)`.
    Euro(Locale),
    /// `Fte::parse(text, locale)`.
    Fte(Locale),
    /// `text.parse::<Locale>()`.
    Locale,
    /// `kim_core::doc::from_json::<serde_json::Value>(text)`.
    DocValue,
    /// `kim_core::doc::from_json::<Forwarding>(text)`.
    DocForwarding,
}

struct Row {
    name: &'static str,
    entry: Entry,
    input: String,
    code: &'static str,
    path: String,
}

fn row(
    name: &'static str,
    entry: Entry,
    input: impl Into<String>,
    code: &'static str,
    path: impl Into<String>,
) -> Row {
    Row {
        name,
        entry,
        input: input.into(),
        code,
        path: path.into(),
    }
}

/// Runs one input; `Ok(violations)` are the errors reported (empty: the input was accepted).
fn run(entry: Entry, input: &str) -> Result<Vec<Violation>, String> {
    let errors = |vs: Vec<Violation>| {
        vs.into_iter()
            .filter(Violation::is_error)
            .collect::<Vec<_>>()
    };
    Ok(match entry {
        Entry::PlanFromJson => Plan::from_json(input)
            .err()
            .map(|e| e.violations())
            .unwrap_or_default(),
        Entry::Evaluate => {
            let plan = Plan::from_json(input).map_err(|e| format!("setup: plan rejected: {e}"))?;
            match evaluate(&plan, &Params::default(), &EvalOptions::default()) {
                Ok(ev) => ev.violations,
                Err(e) => e.violations(),
            }
        }
        Entry::Validate => {
            let plan = Plan::from_json(input).map_err(|e| format!("setup: plan rejected: {e}"))?;
            errors(validate(&plan))
        }
        Entry::ValidateUnchecked => {
            let plan: Plan = kim_core::doc::from_json(input)
                .map_err(|e| format!("setup: plan rejected: {e}"))?;
            errors(validate(&plan))
        }
        Entry::Grant(year, mode) => {
            let posts: Vec<FundedPost> = kim_core::doc::from_json(input)
                .map_err(|e| format!("setup: posts rejected: {e}"))?;
            let opts = GrantOptions {
                year,
                pro_rata: kim_core::ProRata::FullYear,
                mode,
                trace: true,
            };
            grant(&Params::default(), &posts, &opts)
                .err()
                .map(|e| e.violations())
                .unwrap_or_default()
        }
        Entry::Forward(year) => {
            let f: Forwarding = kim_core::doc::from_json(input)
                .map_err(|e| format!("setup: forwarding rejected: {e}"))?;
            forward(&f, &ForwardOptions::year(year))
                .err()
                .map(|e| e.violations())
                .unwrap_or_default()
        }
        Entry::ParamsToml => Params::from_toml(input)
            .err()
            .map(|e| e.violations())
            .unwrap_or_default(),
        Entry::Euro(l) => kim_core::Euro::parse(input, l)
            .err()
            .map(|e| e.violations())
            .unwrap_or_default(),
        Entry::Fte(l) => Fte::parse(input, l)
            .err()
            .map(|e| e.violations())
            .unwrap_or_default(),
        Entry::Locale => input
            .parse::<Locale>()
            .err()
            .map(|e| e.violations())
            .unwrap_or_default(),
        Entry::DocValue => kim_core::doc::from_json::<serde_json::Value>(input)
            .err()
            .map(|e| e.violations())
            .unwrap_or_default(),
        Entry::DocForwarding => kim_core::doc::from_json::<Forwarding>(input)
            .err()
            .map(|e| e.violations())
            .unwrap_or_default(),
    })
}

/// Placeholders `{name}` in a message template.
fn placeholders(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) => {
                out.push(after[..j].to_owned());
                rest = &after[j + 1..];
            }
            None => break,
        }
    }
    out
}

/// Problems with a violation's messages: empty, or a `{placeholder}` left unfilled.
fn message_problems(v: &Violation) -> Vec<String> {
    let mut out = Vec::new();
    for (lang, msg, template) in [
        ("en", &v.message_en(), v.code.template_en()),
        ("de", &v.message_de(), v.code.template_de()),
    ] {
        if msg.trim().is_empty() {
            out.push(format!("{} at {:?}: empty message_{lang}", v.code, v.path));
        }
        let before = out.len();
        for name in placeholders(template) {
            if !v.params.contains_key(&name) || msg.contains(&format!("{{{name}}}")) {
                out.push(format!(
                    "{} at {:?}: message_{lang} leaves {{{name}}} unfilled: {msg:?}",
                    v.code, v.path
                ));
            }
        }
        // any other brace must come from a parameter value (user text), not the template
        let from_params = v.params.values().any(|p| p.contains('{'));
        if out.len() == before && msg.contains('{') && !from_params {
            out.push(format!(
                "{} at {:?}: message_{lang} contains '{{': {msg:?}",
                v.code, v.path
            ));
        }
    }
    out
}

/// Three-word phrases of a template (placeholders removed) that occur more often in the
/// rendered message than in the template: the sign of a message rendered into its own
/// `{text}` parameter.
fn repeated_phrases(template: &str, msg: &str) -> Vec<String> {
    let mut literal = String::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        literal.push_str(&rest[..i]);
        literal.push(' ');
        rest = rest[i..].find('}').map_or("", |j| &rest[i + j + 1..]);
    }
    literal.push_str(rest);
    let words: Vec<&str> = literal.split_whitespace().collect();
    let mut out = Vec::new();
    for w in words.windows(3) {
        let phrase = w.join(" ");
        if msg.matches(phrase.as_str()).count() > literal.matches(phrase.as_str()).count().max(1)
            && !out.contains(&phrase)
        {
            out.push(phrase);
        }
    }
    out
}

// -----------------------------------------------------------------------------------------
// inputs
// -----------------------------------------------------------------------------------------

const KREIS: &str = r#"{ "kind": "kreis", "name": "Kreis Test", "id": "05999" }"#;

/// A plan document with the given funded, staff and forwardings arrays (JSON text).
fn plan(year: i32, funded: &str, staff: &str, forwardings: &str) -> String {
    format!(
        r#"{{ "schema_version": "kim.plan.v1", "authority": {KREIS}, "year": {year},
             "funded": {funded}, "staff": {staff}, "forwardings": {forwardings} }}"#
    )
}

/// A funded-posts plan for 2023.
fn funded(posts: &str) -> String {
    plan(2023, posts, "[]", "[]")
}

/// A forwarding (JSON object text) from `from` to `to` with `fte` and onward nodes.
fn fwd(id: &str, from: &str, to: &str, fte: &str, onward: &[String]) -> String {
    format!(
        r#"{{ "id": "{id}", "from": {{ "kind": "kommune", "name": "{from}" }}, "to": {{ "kind": "traeger", "name": "{to}" }},
             "kind": "case_manager", "fte": "{fte}", "basis": {{ "flat_per_fte": {{ "amount_per_fte": "1000" }} }},
             "onward": [{}] }}"#,
        onward.join(",")
    )
}

fn staff(id: &str) -> String {
    format!(
        r#"{{ "id": "{id}", "kind": "case_manager", "fte": "1", "employer": {KREIS}, "from": "2023-01-01" }}"#
    )
}

const RATE: &str = r#"
[[rate]]
key = "case_manager"
valid_from = "2021-01-01"
valid_to = "2021-12-31"
value = "55000.00"
per = "fte_year"
status = "stated"
source = { document = "x" }
"#;

fn rows() -> Vec<Row> {
    use Entry::*;
    let de = kim_core::Locale::De;
    let en = kim_core::Locale::En;
    let plain = kim_core::Locale::Plain;
    let ok_plan = funded(r#"[{ "kind": "case_manager", "fte": "1" }]"#);
    vec![
        // ---- malformed JSON ------------------------------------------------------------------
        row("truncated JSON", PlanFromJson, &ok_plan[..ok_plan.len() / 2], "KIM-P001", ""),
        row("trailing garbage", PlanFromJson, format!("{ok_plan} xyz"), "KIM-P001", ""),
        row("two documents", PlanFromJson, format!("{ok_plan}{ok_plan}"), "KIM-P001", ""),
        // A plan is an object. serde also reads structs from arrays (fields by position); a
        // plan document must not be accepted in that form (see `plan as positional array`).
        row("not an object: array", PlanFromJson, "[1, 2, 3]", "KIM-P010", ""),
        row("plan as positional array", PlanFromJson, r#"["kim.plan.v1", { "kind": "kreis", "name": "K" }, 2023]"#, "KIM-P010", ""),
        row("not an object: string", PlanFromJson, "\"kim.plan.v1\"", "KIM-P010", ""),
        row("empty document", PlanFromJson, "", "KIM-P001", ""),
        row("null document", PlanFromJson, "null", "KIM-P010", ""),
        // ---- wrong types ---------------------------------------------------------------------
        row("fte as object", PlanFromJson, funded(r#"[{ "kind": "case_manager", "fte": { "value": "1" } }]"#), "KIM-P010", "funded[0].fte"),
        row("fte as bool", PlanFromJson, funded(r#"[{ "kind": "case_manager", "fte": true }]"#), "KIM-P010", "funded[0].fte"),
        row("year as string", PlanFromJson, ok_plan.replace("\"year\": 2023", "\"year\": \"2023\""), "KIM-P010", "year"),
        row("funded as object", PlanFromJson, plan(2023, "{}", "[]", "[]"), "KIM-P010", "funded"),
        // ---- numbers in plan documents --------------------------------------------------------
        row("negative VZÄ", Validate, funded(r#"[{ "kind": "case_manager", "fte": "-1" }]"#), "KIM-V012", "funded[0].fte"),
        row("3-decimal VZÄ", Validate, funded(r#"[{ "kind": "case_manager", "fte": "0.125" }]"#), "KIM-V013", "funded[0].fte"),
        row("JSON float VZÄ", PlanFromJson, funded(r#"[{ "kind": "case_manager", "fte": 1.5 }]"#), "KIM-P004", "funded[0].fte"),
        row(
            "JSON float money",
            PlanFromJson,
            plan(2023, "[]", "[]", "[]").replace("\"funded\"", r#""own_costs": [{ "kind": "case_manager", "actual_cost": 55000.5 }], "funded""#),
            "KIM-P004",
            "own_costs[0].actual_cost",
        ),
        row("JSON exponent number", PlanFromJson, funded(r#"[{ "kind": "case_manager", "fte": 1e5 }]"#), "KIM-P004", "funded[0].fte"),
        row("\"NaN\" VZÄ", PlanFromJson, funded(r#"[{ "kind": "case_manager", "fte": "NaN" }]"#), "KIM-P002", "funded[0].fte"),
        row("\"Infinity\" VZÄ", PlanFromJson, funded(r#"[{ "kind": "case_manager", "fte": "Infinity" }]"#), "KIM-P002", "funded[0].fte"),
        row("\"1e5\" VZÄ", PlanFromJson, funded(r#"[{ "kind": "case_manager", "fte": "1e5" }]"#), "KIM-P002", "funded[0].fte"),
        row(
            "10^30 as a string",
            PlanFromJson,
            funded(r#"[{ "kind": "case_manager", "fte": "1000000000000000000000000000000" }]"#),
            "KIM-P005",
            "funded[0].fte",
        ),
        row(
            "10^30 as a JSON integer",
            PlanFromJson,
            funded(r#"[{ "kind": "case_manager", "fte": 1000000000000000000000000000000 }]"#),
            // serde_json reads integers beyond u64 as floats; a whole number is out of range (KIM-P005)
            "KIM-P005",
            "funded[0].fte",
        ),
        row(
            "2·10^12 € in a plan",
            Validate,
            plan(2023, "[]", "[]", "[]").replace("\"funded\"", r#""own_costs": [{ "kind": "case_manager", "actual_cost": "2000000000000" }], "funded""#),
            "KIM-V014",
            "own_costs[0].actual_cost",
        ),
        row("empty string VZÄ", PlanFromJson, funded(r#"[{ "kind": "case_manager", "fte": "" }]"#), "KIM-P006", "funded[0].fte"),
        row(
            "empty string euro",
            PlanFromJson,
            funded(r#"[{ "kind": "coordination", "fte": "1", "workplace_setup_cost": "  " }]"#),
            "KIM-P006",
            "funded[0].workplace_setup_cost",
        ),
        row("\"1,5\" in a plan", PlanFromJson, funded(r#"[{ "kind": "case_manager", "fte": "1,5" }]"#), "KIM-P003", "funded[0].fte"),
        row("\"55.000\" in a plan", PlanFromJson, funded(r#"[{ "kind": "case_manager", "fte": "55.000" }]"#), "KIM-P003", "funded[0].fte"),
        // ---- unknown fields, values, versions -------------------------------------------------
        // unknown fields: the path names the unknown field itself
        row("unknown top-level field", PlanFromJson, ok_plan.replace("\"year\"", "\"yaer\": 1, \"year\""), "KIM-P008", "yaer"),
        row("unknown nested field", PlanFromJson, funded(r#"[{ "kind": "case_manager", "fte": "1", "ftee": "2" }]"#), "KIM-P008", "funded[0].ftee"),
        row("unknown field in authority", PlanFromJson, ok_plan.replace("\"id\": \"05999\"", "\"id\": \"05999\", \"ags\": \"1\""), "KIM-P008", "authority.ags"),
        row("wrong schema_version", PlanFromJson, ok_plan.replace("kim.plan.v1", "kim.plan.v2"), "KIM-P012", "schema_version"),
        row("wrong schema_version (validate)", ValidateUnchecked, ok_plan.replace("kim.plan.v1", "v0"), "KIM-P012", "schema_version"),
        row("unknown post kind", PlanFromJson, funded(r#"[{ "kind": "social_worker", "fte": "1" }]"#), "KIM-P011", "funded[0].kind"),
        row("unknown party kind", PlanFromJson, ok_plan.replace("\"kind\": \"kreis\"", "\"kind\": \"bezirk\""), "KIM-P011", "authority.kind"),
        row("unknown pro_rata", PlanFromJson, ok_plan.replace("\"funded\"", "\"options\": { \"pro_rata\": \"weeks\" }, \"funded\""), "KIM-P011", "options.pro_rata"),
        row("truncated object as a value", DocValue, "{", "KIM-P001", ""),
        // ---- missing fields -----------------------------------------------------------------
        row("missing fte", PlanFromJson, funded(r#"[{ "kind": "case_manager" }]"#), "KIM-P009", "funded[0]"),
        row("missing schema_version", PlanFromJson, ok_plan.replace("\"schema_version\": \"kim.plan.v1\",", ""), "KIM-P009", ""),
        row("missing party name", PlanFromJson, ok_plan.replace("\"name\": \"Kreis Test\",", ""), "KIM-P009", "authority"),
        // ---- dates and periods ----------------------------------------------------------------
        row(
            "2023-02-30",
            PlanFromJson,
            funded(r#"[{ "kind": "case_manager", "fte": "1", "period": { "from": "2023-02-30", "to": "2023-03-31" } }]"#),
            "KIM-P007",
            "funded[0].period.from",
        ),
        row(
            "2023-13-01",
            PlanFromJson,
            funded(r#"[{ "kind": "case_manager", "fte": "1", "period": { "from": "2023-01-01", "to": "2023-13-01" } }]"#),
            "KIM-P007",
            "funded[0].period.to",
        ),
        row(
            "2023-1-1",
            PlanFromJson,
            funded(r#"[{ "kind": "case_manager", "fte": "1", "period": { "from": "2023-1-1", "to": "2023-12-31" } }]"#),
            "KIM-P007",
            "funded[0].period.from",
        ),
        row(
            "period crossing years",
            Validate,
            funded(r#"[{ "kind": "case_manager", "fte": "1", "period": { "from": "2023-07-01", "to": "2024-06-30" } }]"#),
            "KIM-V001",
            "funded[0].period",
        ),
        row(
            "reversed period",
            Validate,
            funded(r#"[{ "kind": "case_manager", "fte": "1", "period": { "from": "2023-07-01", "to": "2023-03-01" } }]"#),
            "KIM-V002",
            "funded[0].period",
        ),
        row("year out of range", Validate, plan(1999, "[]", "[]", "[]"), "KIM-V019", "year"),
        // ---- plan structure --------------------------------------------------------------------
        row("duplicate staff ids", Validate, plan(2023, "[]", &format!("[{}, {}]", staff("CM-1"), staff("CM-1")), "[]"), "KIM-V003", "staff[1].id"),
        row(
            "forwarding cycle",
            Forward(2023),
            fwd("a", "K", "T1", "2", &[fwd("b", "T1", "T2", "1", &[fwd("c", "T2", "T1", "1", &[])])]),
            "KIM-V015",
            "forwarding.onward[0].onward[0].to",
        ),
        row(
            "conservation breach at depth 3",
            Forward(2023),
            fwd("a", "K", "T1", "3", &[fwd("b", "T1", "T2", "2", &[fwd("c", "T2", "T3", "1", &[fwd("d", "T3", "T4", "1.5", &[])])])]),
            "KIM-V006",
            "forwarding.onward[0].onward[0].onward[0].fte",
        ),
        row(
            "conservation breach at depth 3 in a plan",
            Validate,
            plan(
                2023,
                r#"[{ "kind": "case_manager", "fte": "5" }]"#,
                "[]",
                &format!(
                    "[{}]",
                    fwd("a", "Kreis Test", "T1", "3", &[fwd("b", "T1", "T2", "2", &[fwd("c", "T2", "T3", "1", &[fwd("d", "T3", "T4", "1.5", &[])])])])
                        .replace(r#""from": { "kind": "kommune", "name": "Kreis Test" }"#, &format!("\"from\": {KREIS}"))
                ),
            ),
            "KIM-V006",
            "forwardings[0].onward[0].onward[0].onward[0].fte",
        ),
        row("2024 grant in strict mode", Grant(2024, Mode::Strict), r#"[{ "kind": "case_manager", "fte": "1" }]"#, "KIM-R001", "posts[0]"),
        row("2024 plan in strict mode", Evaluate, plan(2024, r#"[{ "kind": "case_manager", "fte": "1" }]"#, "[]", "[]"), "KIM-R001", "funded[0]"),
        row("negative VZÄ in a grant", Grant(2023, Mode::Strict), r#"[{ "kind": "case_manager", "fte": "-0.5" }]"#, "KIM-V012", "posts[0].fte"),
        row("grant year 1900", Grant(1900, Mode::Lenient), "[]", "KIM-V019", "options.year"),
        row(
            "workplace money outside Baustein 1",
            Grant(2023, Mode::Strict),
            r#"[{ "kind": "case_manager", "fte": "1", "workplace_setup_cost": "100" }]"#,
            "KIM-V010",
            "posts[0].workplace_setup_cost",
        ),
        // ---- parameter tables --------------------------------------------------------------------
        row("params TOML syntax", ParamsToml, "schema_version = ", "KIM-P001", ""),
        row("params overlapping validity", ParamsToml, format!("schema_version = \"kim.params.v1\"\n{RATE}{}", RATE.replace("2021-12-31", "2022-12-31")), "KIM-R005", "rate[1].valid_from"),
        row("params unknown key", ParamsToml, format!("schema_version = \"kim.params.v1\"\n{}", RATE.replace("\"case_manager\"", "\"social_worker\"")), "KIM-P011", "rate[0].key"),
        row("params unknown field", ParamsToml, format!("schema_version = \"kim.params.v1\"\n{}", RATE.replace("status =", "statuss = \"x\"\nstatus =")), "KIM-P008", "rate[0].statuss"),
        row("params wrong schema", ParamsToml, format!("schema_version = \"kim.params.v0\"\n{RATE}"), "KIM-P012", "schema_version"),
        row("params float value", ParamsToml, format!("schema_version = \"kim.params.v1\"\n{}", RATE.replace("\"55000.00\"", "55000.5")), "KIM-P004", "rate[0].value"),
        // ---- numbers as text ---------------------------------------------------------------------
        row("Euro de: English decimal point", Euro(de), "1.5", "KIM-P013", ""),
        row("Euro en: German decimal comma", Euro(en), "1,5", "KIM-P013", ""),
        row("Euro de: two decimal commas", Euro(de), "1,2,3", "KIM-P002", ""),
        row("Euro de: letters", Euro(de), "zwölf €", "KIM-P002", ""),
        row("Euro en: empty", Euro(en), "", "KIM-P006", ""),
        row("Euro plain: ambiguous", Euro(plain), "55.000", "KIM-P003", ""),
        row("Euro plain: NaN", Euro(plain), "NaN", "KIM-P002", ""),
        row("Euro plain: Infinity", Euro(plain), "Infinity", "KIM-P002", ""),
        row("Euro plain: 1e5", Euro(plain), "1e5", "KIM-P002", ""),
        row("Euro plain: 10^30", Euro(plain), "1000000000000000000000000000000", "KIM-P005", ""),
        row("Euro plain: 2·10^12", Euro(plain), "2000000000000", "KIM-V014", ""),
        row("Euro de: 2·10^12", Euro(de), "2.000.000.000.000,00 €", "KIM-V014", ""),
        row("Euro plain: 3 decimals", Euro(plain), "0.125", "KIM-V013", ""),
        row("Euro: very long text", Euro(de), "1".repeat(200), "KIM-P005", ""),
        row("Fte de: bad grouping", Fte(de), "1.00.000", "KIM-P013", ""),
        row("Fte en: bad grouping", Fte(en), "1,00,000", "KIM-P013", ""),
        row("Fte de: negative", Fte(de), "-0,5", "KIM-V012", ""),
        row("Fte en: 3 decimals", Fte(en), "0.125", "KIM-V013", ""),
        row("Fte de: empty", Fte(de), "   ", "KIM-P006", ""),
        row("Fte plain: German comma", Fte(plain), "1,5", "KIM-P003", ""),
        row("Fte de: too large", Fte(de), "2.000.000", "KIM-V014", ""),
        row("Fte en: currency sign", Fte(en), "1.5 €", "KIM-P002", ""),
        row("Locale fr", Entry::Locale, "fr", "KIM-P014", ""),
        row("Locale de-AT", Entry::Locale, "de-AT", "KIM-P014", ""),
        // ---- size and depth ------------------------------------------------------------------
        row(
            "10 MB+ document",
            PlanFromJson,
            format!(r#"{{"schema_version": "{}"}}"#, "x".repeat(kim_core::doc::MAX_DOCUMENT_BYTES)),
            "KIM-P015",
            "",
        ),
        row("10 MB+ params table", ParamsToml, format!("schema_version = \"{}\"", "x".repeat(kim_core::doc::MAX_DOCUMENT_BYTES)), "KIM-P015", ""),
        // nesting beyond MAX_DEPTH (100 levels) is refused where it starts, before serde_json's
        // own recursion limit (128): the path is that of the 101st array or object
        row("100k '[' as a value", DocValue, "[".repeat(100_000), "KIM-P015", "[0]".repeat(100)),
        row("100k '{' as a value", DocValue, "{\"a\":".repeat(100_000), "KIM-P015", vec!["a"; 100].join(".")),
        row("100k '[' as a plan", PlanFromJson, "[".repeat(100_000), "KIM-P015", "[0]".repeat(100)),
        row("100k '[' in a plan field", PlanFromJson, ok_plan.replace("\"staff\": []", &format!("\"staff\": {}", "[".repeat(100_000))), "KIM-P015", format!("staff{}", "[0]".repeat(99))),
        // each onward level is two (the array and the forwarding); the 101st level is the basis
        row("deep onward chain in JSON", DocForwarding, deep_chain(20_000), "KIM-P015", format!("{}basis.flat_per_fte", "onward[0].".repeat(49))),
        row("100k '[' in TOML", ParamsToml, format!("a = {}", "[".repeat(100_000)), "KIM-P001", ""),
        row("100k inline tables in TOML", ParamsToml, format!("a = {}", "{b=".repeat(100_000)), "KIM-P001", ""),
        row("onward chain 40 levels deep", Forward(2023), deep_chain_closed(40), "KIM-V016", CHAIN_17),
    ]
}

/// `forwarding` followed by 17 `.onward[0]` and `.onward`: where a chain gets too deep.
const CHAIN_17: &str = "forwarding.onward[0].onward[0].onward[0].onward[0].onward[0].onward[0].onward[0].onward[0].onward[0].onward[0].onward[0].onward[0].onward[0].onward[0].onward[0].onward[0].onward[0].onward";

/// An unterminated chain of `depth` onward levels.
fn deep_chain(depth: usize) -> String {
    let head = r#"{"id":"x","from":{"kind":"kreis","name":"K"},"to":{"kind":"traeger","name":"T"},"kind":"case_manager","fte":"1","basis":{"flat_per_fte":{"amount_per_fte":"1"}},"onward":["#;
    head.repeat(depth)
}

/// A well-formed chain of `depth` onward levels with distinct parties.
fn deep_chain_closed(depth: usize) -> String {
    let mut s = String::new();
    for i in 0..=depth {
        s.push_str(&format!(
            r#"{{"id":"n{i}","from":{{"kind":"kommune","name":"P{i}"}},"to":{{"kind":"traeger","name":"P{}"}},"kind":"case_manager","fte":"1","basis":{{"flat_per_fte":{{"amount_per_fte":"1"}}}},"onward":["#,
            i + 1
        ));
    }
    for _ in 0..=depth {
        s.push_str("]}");
    }
    s
}

#[test]
fn bad_inputs_give_stable_codes_and_paths() {
    let rows = rows();
    let mut failures = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for r in &rows {
        assert!(names.insert(r.name), "duplicate row name {}", r.name);
        assert!(
            r.code.parse::<Code>().is_ok(),
            "row {}: {} is not a catalogued code",
            r.name,
            r.code
        );
        let outcome = catch_unwind(AssertUnwindSafe(|| run(r.entry, &r.input)));
        let vs = match outcome {
            Err(_) => {
                failures.push(format!("[{}] PANIC ({:?})", r.name, r.entry));
                continue;
            }
            Ok(Err(setup)) => {
                failures.push(format!("[{}] {setup}", r.name));
                continue;
            }
            Ok(Ok(vs)) => vs,
        };
        let Some(first) = vs.first() else {
            failures.push(format!(
                "[{}] accepted, expected {} at {:?}",
                r.name, r.code, r.path
            ));
            continue;
        };
        if first.code.as_str() != r.code || first.path != r.path {
            let all: Vec<String> = vs
                .iter()
                .map(|v| format!("{} at {:?}", v.code, v.path))
                .collect();
            failures.push(format!(
                "[{}] expected {} at {:?}, got {} at {:?} (all: {}) — {}",
                r.name,
                r.code,
                r.path,
                first.code,
                first.path,
                all.join(", "),
                first.message_en()
            ));
        }
        for v in &vs {
            failures.extend(
                message_problems(v)
                    .into_iter()
                    .map(|p| format!("[{}] {p}", r.name)),
            );
        }
        // the same input gives the same answer (stable)
        let again = catch_unwind(AssertUnwindSafe(|| run(r.entry, &r.input)));
        if !matches!(&again, Ok(Ok(v2)) if *v2 == vs) {
            failures.push(format!("[{}] second run differs", r.name));
        }
    }
    assert!(rows.len() >= 30, "only {} rows", rows.len());
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// Messages read once: a parse error raised inside a document must not put the whole inner
/// message into the `{text}` of the outer one (`""NaN" is not a decimal number." is not a
/// decimal number.`), and the German message must not carry an English sentence.
#[test]
fn messages_do_not_repeat_themselves() {
    let mut failures = Vec::new();
    for r in rows() {
        let Ok(Ok(vs)) = catch_unwind(AssertUnwindSafe(|| run(r.entry, &r.input))) else {
            continue;
        };
        for v in &vs {
            let en = repeated_phrases(v.code.template_en(), &v.message_en());
            let de = repeated_phrases(v.code.template_de(), &v.message_de());
            if !en.is_empty() || !de.is_empty() {
                failures.push(format!(
                    "[{}] {} at {:?}: {:?} / {:?}",
                    r.name,
                    v.code,
                    v.path,
                    v.message_en(),
                    v.message_de()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} garbled messages:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Three different mistakes in one plan: all are reported by one `evaluate` call.
#[test]
fn evaluate_reports_every_mistake_at_once() {
    let text = plan(
        2023,
        r#"[{ "kind": "case_manager", "fte": "-1" },
            { "kind": "case_manager", "fte": "1", "period": { "from": "2022-12-01", "to": "2023-03-31" } }]"#,
        &format!("[{}, {}]", staff("CM-7"), staff("CM-7")),
        "[]",
    );
    let plan = Plan::from_json(&text).expect("plan reads");
    let ev = evaluate(&plan, &Params::default(), &EvalOptions::default()).expect("evaluation runs");
    let found: Vec<(&str, &str)> = ev
        .violations
        .iter()
        .map(|v| (v.code.as_str(), v.path.as_str()))
        .collect();
    for expected in [
        ("KIM-V012", "funded[0].fte"),
        ("KIM-V001", "funded[1].period"),
        ("KIM-V003", "staff[1].id"),
    ] {
        assert!(
            found.contains(&expected),
            "{expected:?} missing from {found:?}"
        );
    }
    assert_eq!(found.len(), 3, "exactly the three mistakes: {found:?}");
    for v in &ev.violations {
        assert!(v.is_error());
        assert_eq!(message_problems(v), Vec::<String>::new());
    }
    // the same three from validate, in document order
    let from_validate: Vec<(String, String)> = validate(&plan)
        .iter()
        .filter(|v| v.is_error())
        .map(|v| (v.code.as_str().to_owned(), v.path.clone()))
        .collect();
    assert_eq!(
        from_validate,
        [
            ("KIM-V012", "funded[0].fte"),
            ("KIM-V001", "funded[1].period"),
            ("KIM-V003", "staff[1].id")
        ]
        .map(|(c, p)| (c.to_owned(), p.to_owned()))
    );
    // no grant (funded posts are wrong), no staffing (staff are wrong)
    assert!(ev.grant.is_none());
    assert!(ev.staffing.is_none());
}

/// Every catalogued code renders complete messages when given the parameters its template names.
#[test]
fn catalogue_templates_have_both_languages() {
    for c in Code::ALL {
        assert!(
            !c.template_en().trim().is_empty(),
            "{c}: empty English template"
        );
        assert!(
            !c.template_de().trim().is_empty(),
            "{c}: empty German template"
        );
        let mut v = Violation::new(*c, "x");
        for name in placeholders(c.template_en())
            .into_iter()
            .chain(placeholders(c.template_de()))
        {
            v = v.with(&name, "1");
        }
        assert!(
            !v.message_en().contains('{') && !v.message_de().contains('{'),
            "{c}: {} / {}",
            v.message_en(),
            v.message_de()
        );
        // the heuristic of `messages_do_not_repeat_themselves` holds for every template
        assert_eq!(
            repeated_phrases(c.template_en(), &v.message_en()),
            Vec::<String>::new(),
            "{c}"
        );
        assert_eq!(
            repeated_phrases(c.template_de(), &v.message_de()),
            Vec::<String>::new(),
            "{c}"
        );
    }
}
