//! `kim`: KIM plans, validation, parameters and conformance vectors from the shell.
//!
//! Exit codes: 0 ok, 1 violations found (including a missing rate in strict mode),
//! 2 bad usage or unreadable input.

/// Writes to standard output; a closed pipe (`kim … | head`) ends the output quietly instead
/// of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// Like `out!` with a newline.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

use clap::{Parser, Subcommand, ValueEnum};
use kim_core::allocation::{DistributionInput, Method, TieBreak, distribute_input};
use kim_core::cases::{CaseEvent, CasesDocument, ListKind, replay_document, transition_table};
use kim_core::reporting::{ReportPeriod, report};
use kim_core::{
    EvalOptions, Fte, Lang, Mode, Params, Plan, conformance, council, evaluate, text, validate,
};
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(
    name = "kim",
    version,
    about = "Kommunales Integrationsmanagement (KIM) NRW: grants, forwarding, staffing — exact and explained"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    De,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::De => Lang::De,
            LangArg::En => Lang::En,
        }
    }
}

/// What `kim report` prints.
#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// The report tables as text (default).
    Text,
    /// The report document (kim.report.v1).
    Json,
    /// The council report (Sachstandsbericht): HTML with inline CSS and charts, A4 for print.
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum MethodArg {
    LargestRemainder,
    SainteLague,
    Dhondt,
    HuntingtonHill,
}

impl From<MethodArg> for Method {
    fn from(m: MethodArg) -> Method {
        match m {
            MethodArg::LargestRemainder => Method::LargestRemainder,
            MethodArg::SainteLague => Method::SainteLague,
            MethodArg::Dhondt => Method::Dhondt,
            MethodArg::HuntingtonHill => Method::HuntingtonHill,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate a plan (kim.plan.v1); without FILE, the embedded example (Kreis Heinsberg 2023).
    Plan {
        /// Plan document (JSON); `-` reads standard input.
        file: Option<PathBuf>,
        /// Print the Evaluation document (kim.evaluation.v1) as JSON.
        #[arg(long)]
        json: bool,
        /// Language of the report.
        #[arg(long, value_enum, default_value = "de")]
        lang: LangArg,
        /// Append the explanation of every amount.
        #[arg(long)]
        explain: bool,
        /// Carry the last known rate forward where the table has none (marked assumed).
        #[arg(long)]
        lenient: bool,
        /// Parameter table (TOML) instead of the embedded one.
        #[arg(long)]
        params: Option<PathBuf>,
    },
    /// Check a plan and list every violation.
    Validate {
        /// Plan document (JSON); `-` reads standard input.
        file: PathBuf,
        /// Print the violations as JSON.
        #[arg(long)]
        json: bool,
        /// Language of the messages.
        #[arg(long, value_enum, default_value = "de")]
        lang: LangArg,
    },
    /// Show the parameter table with sources.
    Params {
        /// Print the table as JSON.
        #[arg(long)]
        json: bool,
        /// Language of the table.
        #[arg(long, value_enum, default_value = "de")]
        lang: LangArg,
        /// Parameter table (TOML) instead of the embedded one.
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Distribute posts among units by weights (input: weights, total, options, regions, overrides).
    Distribute {
        /// Distribution input (JSON); `-` reads standard input.
        file: PathBuf,
        /// Method (overrides the file's).
        #[arg(long, value_enum)]
        method: Option<MethodArg>,
        /// Step in VZÄ, e.g. 0.5 (overrides the file's).
        #[arg(long)]
        step: Option<String>,
        /// Minimum share in VZÄ (overrides the file's).
        #[arg(long)]
        minimum: Option<String>,
        /// Tie policy: error, order or lot:SEED (overrides the file's).
        #[arg(long)]
        tie_break: Option<String>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
        /// Language of the table.
        #[arg(long, value_enum, default_value = "de")]
        lang: LangArg,
    },
    /// Replay case histories: a kim.cases.v1 document, or a JSON array of one case's events.
    Replay {
        /// Case document or event array (JSON); `-` reads standard input.
        file: PathBuf,
        /// Print the replay (per case: final state, record, timeline, violations) as JSON.
        #[arg(long)]
        json: bool,
        /// Language of the messages.
        #[arg(long, value_enum, default_value = "de")]
        lang: LangArg,
    },
    /// Report tables (consultations, cases, staffing, money) for a period: text, JSON, or the
    /// council report (Sachstandsbericht) as HTML.
    Report {
        /// Plan document (kim.plan.v1); `-` reads standard input.
        plan: PathBuf,
        /// Case document (kim.cases.v1); default: the plan's inline `cases` or its `cases_file`.
        cases: Option<PathBuf>,
        /// Period: 2023, 2023-Q2, 2023-04 or 2023-01-01..2023-06-30 (default: the plan's year).
        #[arg(long)]
        period: Option<String>,
        /// Output: the report tables as text, the report document (kim.report.v1) as JSON, or
        /// the council report (Sachstandsbericht) as one self-contained, printable HTML page.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<FormatArg>,
        /// Print the report (kim.report.v1) as JSON (the same as --format json).
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// Language of the tables.
        #[arg(long, value_enum, default_value = "de")]
        lang: LangArg,
    },
    /// The case lifecycle: the transition table, as text, JSON or a Mermaid state diagram.
    Cases {
        /// Print the Mermaid state diagram (generated from the table).
        #[arg(long)]
        mermaid: bool,
        /// Print the table as JSON.
        #[arg(long)]
        json: bool,
        /// Print the code lists (topics, Rechtskreise, closing reasons, …) instead.
        #[arg(long)]
        codes: bool,
        /// Language of the labels.
        #[arg(long, value_enum, default_value = "de")]
        lang: LangArg,
    },
    /// Write seeded synthetic case data (kim.cases.v1, no real personal data) to standard
    /// output: a Kreis-year of Kreis Heinsberg, or with --state all 54 NRW authorities.
    Synthetic {
        /// Seed: the same seed gives the same document on every machine.
        #[arg(long, default_value_t = 2023)]
        seed: u64,
        /// Year.
        #[arg(long, default_value_t = 2023)]
        year: i32,
        /// Number of cases (Kreis-year).
        #[arg(long, default_value_t = 400)]
        cases: usize,
        /// Number of consultations (Kreis-year).
        #[arg(long, default_value_t = 2000)]
        consultations: usize,
        /// All 54 authorities of NRW, scaled by population (ignores --cases/--consultations).
        #[arg(long)]
        state: bool,
    },
    /// Run the conformance vectors in DIR (recursively).
    Vectors {
        /// Directory with kim.vectors.v1 files.
        dir: PathBuf,
    },
    /// List every error code.
    Errors {
        /// Print docs/errors.md.
        #[arg(long)]
        markdown: bool,
        /// Language of the titles.
        #[arg(long, value_enum, default_value = "de")]
        lang: LangArg,
    },
    /// Print the JSON Schema of a document kind (docs/schema/); without NAME, list the kinds.
    Schema {
        /// Document kind: kim.plan.v1, kim.cases.v1, kim.evaluation.v1, kim.trace.v1,
        /// kim.report.v1, kim.vectors.v1.
        name: Option<String>,
    },
}

/// A failure that ends the program with exit code 2 and a one-line message.
struct Fatal(String);

impl From<kim_core::Error> for Fatal {
    fn from(e: kim_core::Error) -> Self {
        Fatal(e.to_string())
    }
}

fn read(path: &Path) -> Result<String, Fatal> {
    let text = if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map(|_| s)
    } else {
        std::fs::read_to_string(path)
    };
    text.map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))
}

fn load_params(path: Option<&Path>) -> Result<Params, Fatal> {
    match path {
        Some(p) => Params::from_toml(&read(p)?).map_err(|e| Fatal(format!("{}: {e}", p.display()))),
        None => Ok(Params::default()),
    }
}

fn load_plan(path: Option<&Path>) -> Result<Plan, Fatal> {
    match path {
        Some(p) => Plan::from_json(&read(p)?).map_err(|e| Fatal(format!("{}: {e}", p.display()))),
        None => Ok(Plan::example()),
    }
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, Fatal> {
    serde_json::to_string_pretty(v).map_err(|e| Fatal(e.to_string()))
}

fn run(cli: Cli) -> Result<u8, Fatal> {
    match cli.command {
        Command::Plan {
            file,
            json: as_json,
            lang,
            explain,
            lenient,
            params,
        } => {
            let plan = load_plan(file.as_deref())?;
            let params = load_params(params.as_deref())?;
            let opts = EvalOptions {
                mode: lenient.then_some(Mode::Lenient),
                stichtag: None,
            };
            let ev = evaluate(&plan, &params, &opts)?;
            if as_json {
                outln!("{}", json(&ev)?);
            } else {
                out!("{}", text::render_evaluation(&ev, lang.into()));
                if explain {
                    let title = match lang {
                        LangArg::De => "Erläuterung",
                        LangArg::En => "Explanation",
                    };
                    outln!("\n{title}\n{}", ev.explain(lang.into()));
                }
            }
            Ok(if ev.is_ok() { 0 } else { 1 })
        }
        Command::Validate {
            file,
            json: as_json,
            lang,
        } => {
            let plan = load_plan(Some(&file))?;
            let violations = validate(&plan);
            if as_json {
                outln!("{}", json(&violations)?);
            } else if violations.is_empty() {
                outln!(
                    "{}",
                    if matches!(lang, LangArg::De) {
                        "Keine Beanstandungen."
                    } else {
                        "No violations."
                    }
                );
            } else {
                out!("{}", text::render_violations(&violations, lang.into()));
            }
            Ok(if violations.iter().any(|v| v.is_error()) {
                1
            } else {
                0
            })
        }
        Command::Params {
            json: as_json,
            lang,
            file,
        } => {
            let params = load_params(file.as_deref())?;
            if as_json {
                outln!("{}", json(&params)?);
            } else {
                out!("{}", text::render_params(&params, lang.into()));
            }
            Ok(0)
        }
        Command::Distribute {
            file,
            method,
            step,
            minimum,
            tie_break,
            json: as_json,
            lang,
        } => {
            let text = read(&file)?;
            let mut input: DistributionInput = kim_core::doc::from_json(&text)
                .map_err(|e| Fatal(format!("{}: {e}", file.display())))?;
            if let Some(m) = method {
                input.options.method = m.into();
            }
            if let Some(s) = step {
                input.options.step = s
                    .parse::<Fte>()
                    .map_err(|e| Fatal(format!("--step: {e}")))?;
            }
            if let Some(s) = minimum {
                input.options.minimum = s
                    .parse::<Fte>()
                    .map_err(|e| Fatal(format!("--minimum: {e}")))?;
            }
            if let Some(t) = tie_break {
                input.options.tie_break = parse_tie_break(&t)?;
            }
            match distribute_input(&input) {
                Ok(d) => {
                    if as_json {
                        outln!("{}", json(&d)?);
                    } else {
                        out!("{}", text::render_distribution(&d, lang.into()));
                        if !d.warnings.is_empty() {
                            out!("{}", text::render_violations(&d.warnings, lang.into()));
                        }
                    }
                    Ok(0)
                }
                Err(e) => {
                    // the input was read but breaks a rule (tie, minimum, …): exit 1 with all problems
                    if as_json {
                        outln!("{}", json(&e.violations())?);
                    } else {
                        out!("{}", text::render_violations(&e.violations(), lang.into()));
                    }
                    Ok(1)
                }
            }
        }
        Command::Replay {
            file,
            json: as_json,
            lang,
        } => {
            let text = read(&file)?;
            let bad = |e: kim_core::Error| Fatal(format!("{}: {e}", file.display()));
            let doc = if text.trim_start().starts_with('[') {
                let events: Vec<CaseEvent> = kim_core::doc::from_json(&text).map_err(bad)?;
                CasesDocument {
                    events,
                    ..CasesDocument::default()
                }
            } else {
                CasesDocument::from_json(&text).map_err(bad)?
            };
            let r = replay_document(&doc);
            if as_json {
                outln!("{}", json(&r)?);
            } else {
                out!("{}", text::render_replay(&r, lang.into()));
            }
            Ok(if r.is_valid() { 0 } else { 1 })
        }
        Command::Report {
            plan,
            cases,
            period,
            format,
            json: as_json,
            lang,
        } => {
            let format = if as_json {
                FormatArg::Json
            } else {
                format.unwrap_or(FormatArg::Text)
            };
            let p = load_plan(Some(&plan))?;
            // CASES, else the plan's inline cases (used by the report itself), else its file
            let file = cases.or_else(|| {
                p.cases_file
                    .as_ref()
                    .filter(|_| p.cases.is_none())
                    .map(|f| {
                        plan.parent()
                            .map_or_else(|| PathBuf::from(f), |dir| dir.join(f))
                    })
            });
            let doc = match &file {
                Some(f) => Some(
                    CasesDocument::from_json(&read(f)?)
                        .map_err(|e| Fatal(format!("{}: {e}", f.display())))?,
                ),
                None => None,
            };
            let period = ReportPeriod::of_plan(&p, period.as_deref())
                .map_err(|e| Fatal(format!("--period: {e}")))?;
            let r = report(Some(&p), doc.as_ref(), &period)?;
            match format {
                FormatArg::Text => out!("{}", text::render_report(&r, lang.into())),
                FormatArg::Json => outln!("{}", json(&r)?),
                FormatArg::Html => out!(
                    "{}",
                    council::render_html(&p, doc.as_ref(), &period, lang.into())?
                ),
            }
            Ok(if r.notes.iter().any(|v| v.is_error()) {
                1
            } else {
                0
            })
        }
        Command::Cases {
            mermaid,
            json: as_json,
            codes,
            lang,
        } => {
            if codes {
                let config = kim_core::cases::CaseConfig::default();
                let lists: Vec<(ListKind, Vec<kim_core::cases::ListEntry>)> = [
                    ListKind::Topic,
                    ListKind::Rechtskreis,
                    ListKind::ClosingReason,
                    ListKind::ConsentPurpose,
                    ListKind::Status,
                ]
                .into_iter()
                .map(|k| (k, config.list(k)))
                .collect();
                if as_json {
                    outln!("{}", json(&lists)?);
                } else {
                    for (k, entries) in &lists {
                        outln!(
                            "{}",
                            if matches!(lang, LangArg::De) {
                                k.label_de()
                            } else {
                                k.as_str()
                            }
                        );
                        for e in entries {
                            let label = if matches!(lang, LangArg::De) {
                                &e.label_de
                            } else {
                                &e.label_en
                            };
                            outln!("  {:<24} {label} ({})", e.code, e.origin.as_str());
                        }
                    }
                }
            } else if mermaid {
                out!("{}", kim_core::cases::mermaid(lang.into()));
            } else if as_json {
                outln!("{}", json(&transition_table())?);
            } else {
                out!(
                    "{}",
                    text::render_transitions(&transition_table(), lang.into())
                );
            }
            Ok(0)
        }
        Command::Synthetic {
            seed,
            year,
            cases,
            consultations,
            state,
        } => {
            if !(2000..=2100).contains(&year) || cases > 1_000_000 || consultations > 5_000_000 {
                return Err(Fatal(
                    "--year must be 2000–2100, --cases at most 1000000, --consultations at most 5000000"
                        .to_owned(),
                ));
            }
            let doc = if state {
                kim_core::synthetic::state_year(seed, year)
            } else {
                let opts = kim_core::synthetic::SyntheticOptions {
                    year,
                    cases,
                    consultations,
                    ..kim_core::synthetic::SyntheticOptions::default()
                };
                kim_core::synthetic::kreis_year(seed, &opts)
            };
            outln!("{}", json(&doc)?);
            Ok(0)
        }
        Command::Vectors { dir } => vectors(&dir),
        Command::Errors { markdown, lang } => {
            if markdown {
                out!("{}", kim_core::validate::errors_markdown());
            } else {
                for c in kim_core::Code::ALL {
                    let title = if matches!(lang, LangArg::De) {
                        c.title_de()
                    } else {
                        c.title_en()
                    };
                    outln!("{}  {:<8} {title}", c.as_str(), c.severity().as_str());
                }
            }
            Ok(0)
        }
        Command::Schema { name } => {
            let docs = kim_core::schema::documents();
            match name {
                None => {
                    for d in &docs {
                        outln!("{:<20} {}", d.name, d.title);
                    }
                    Ok(0)
                }
                Some(n) => match docs.iter().find(|d| d.name == n) {
                    Some(d) => {
                        outln!("{}", json(&d.schema)?);
                        Ok(0)
                    }
                    None => Err(Fatal(format!(
                        "no document kind {n:?}; the kinds are {}",
                        docs.iter().map(|d| d.name).collect::<Vec<_>>().join(", ")
                    ))),
                },
            }
        }
    }
}

fn parse_tie_break(t: &str) -> Result<TieBreak, Fatal> {
    match t {
        "error" => Ok(TieBreak::Error),
        "order" => Ok(TieBreak::Order),
        _ => t
            .strip_prefix("lot:")
            .and_then(|seed| seed.parse::<u64>().ok())
            .map(|seed| TieBreak::Lot { seed })
            .ok_or_else(|| {
                Fatal(format!(
                    "--tie-break {t}: use error, order or lot:SEED (e.g. lot:42)"
                ))
            }),
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Fatal> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Fatal(format!("cannot read {}: {e}", dir.display())))?;
    for entry in entries {
        let path = entry.map_err(|e| Fatal(e.to_string()))?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

fn vectors(dir: &Path) -> Result<u8, Fatal> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(Fatal(format!("no vector files in {}", dir.display())));
    }
    let (mut passed, mut failed, mut skipped) = (0usize, 0usize, 0usize);
    for f in &files {
        let report =
            conformance::run_file(&read(f)?).map_err(|e| Fatal(format!("{}: {e}", f.display())))?;
        passed += report.passed;
        failed += report.failed.len();
        skipped += report.skipped;
        for (name, why) in &report.failed {
            outln!("FAIL {} :: {name}: {why}", f.display());
        }
        let other = match report.skipped {
            0 => String::new(),
            n => format!(" ({n} for other faces only)"),
        };
        outln!(
            "{}: {} passed, {} failed{other}",
            f.display(),
            report.passed,
            report.failed.len()
        );
    }
    let other = match skipped {
        0 => String::new(),
        n => format!(" ({n} for other faces only)"),
    };
    outln!("vectors: {passed} passed, {failed} failed{other}");
    Ok(if failed == 0 { 0 } else { 1 })
}

/// Runs `kim` with the given arguments (the first is the program name) and returns the exit
/// code: 0 ok, 1 violations found, 2 bad usage or input. Used by the `kim` binary and by
/// `python -m kim`.
pub fn run_args(args: Vec<String>) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(Fatal(msg)) => {
            eprintln!("kim: {}", msg.lines().next().unwrap_or_default());
            2
        }
    }
}
