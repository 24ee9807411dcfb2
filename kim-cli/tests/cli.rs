//! The `kim` binary end to end: outputs, exit codes (0 ok, 1 violations, 2 bad input) and
//! one-line error messages.

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn kim(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kim"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kim runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("kim ends")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const PLAN_2024: &str = r#"{"schema_version":"kim.plan.v1","authority":{"kind":"kreis","name":"Rhein-Kreis Neuss"},"year":2024,
  "funded":[{"kind":"case_manager","fte":"14"}]}"#;

#[test]
fn plan_without_a_file_reports_the_heinsberg_example_in_german() {
    let o = kim(&["plan"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("KIM 2023 – Kreis Heinsberg"), "{out}");
    assert!(out.contains("1.020.000,00 €"), "{out}");
    assert!(out.contains("Verteilung auf die Kommunen"), "{out}");
}

#[test]
fn plan_json_is_an_evaluation_document() {
    let o = kim(&["plan", "--json"], None);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["schema_version"], "kim.evaluation.v1");
    assert_eq!(v["grant"]["total"], "1020000.00");
}

#[test]
fn explain_and_english() {
    let o = kim(&["plan", "--lang", "en", "--explain"], None);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("Explanation"), "{out}");
    assert!(out.contains("Formula:"), "{out}");
}

#[test]
fn a_missing_rate_is_exit_1_in_strict_mode_and_carried_forward_in_lenient_mode() {
    let strict = kim(&["plan", "-"], Some(PLAN_2024));
    assert_eq!(strict.status.code(), Some(1));
    assert!(stdout(&strict).contains("KIM-R001"));
    let lenient = kim(&["plan", "--lenient", "-"], Some(PLAN_2024));
    assert_eq!(lenient.status.code(), Some(0), "{}", stdout(&lenient));
    assert!(stdout(&lenient).contains("KIM-R002"));
}

#[test]
fn unreadable_input_is_exit_2_with_one_line() {
    for (args, input) in [
        (vec!["plan", "does-not-exist.json"], None),
        (vec!["plan", "-"], Some("{\"schema_version\": ")),
        (vec!["validate", "-"], Some("{\"foo\": 1}")),
        (vec!["distribute", "-"], Some("[1, 2, 3]")),
    ] {
        let o = kim(&args, input);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("kim: "), "{err}");
    }
}

#[test]
fn bad_usage_is_exit_2() {
    assert_eq!(kim(&["plan", "--bogus"], None).status.code(), Some(2));
    assert_eq!(kim(&["frobnicate"], None).status.code(), Some(2));
    assert_eq!(kim(&["--help"], None).status.code(), Some(0));
}

#[test]
fn validate_lists_every_violation() {
    let plan = r#"{"schema_version":"kim.plan.v1","authority":{"kind":"kreis","name":"K"},"year":2023,
      "funded":[{"kind":"case_manager","fte":"-1"},{"kind":"abh","fte":"0.125"}]}"#;
    let o = kim(&["validate", "--json", "-"], Some(plan));
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let codes: Vec<&str> = v
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|x| x["code"].as_str())
        .collect();
    assert_eq!(codes, ["KIM-V012", "KIM-V013"]);
}

#[test]
fn distribute_the_rhein_sieg_example_and_refuse_an_undecided_tie() {
    let o = kim(
        &[
            "distribute",
            "kim-core/data/examples/rhein-sieg-population.json",
            "--lang",
            "en",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Troisdorf"));
    assert!(stdout(&o).contains("Sum: 17 VZÄ"), "{}", stdout(&o));
    let tie = r#"{"weights":[{"unit":"A","value":"1"},{"unit":"B","value":"1"}],"total":"1","options":{"step":"1"}}"#;
    let o = kim(&["distribute", "-"], Some(tie));
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("KIM-A008"));
    let o = kim(&["distribute", "--tie-break", "lot:42", "-"], Some(tie));
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Los"), "{}", stdout(&o));
    assert_eq!(
        kim(&["distribute", "--tie-break", "dice", "-"], Some(tie))
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn params_and_errors() {
    let o = kim(&["params"], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("57.000,00 €"));
    let md = kim(&["errors", "--markdown"], None);
    let on_disk =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/errors.md"))
            .expect("docs/errors.md");
    assert_eq!(stdout(&md), on_disk);
}

#[test]
fn vectors_pass_through_the_cli() {
    let o = kim(&["vectors", "tests/vectors"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains(" 0 failed"));
}

const HISTORY: &str = r#"[
 {"id":"e1","case":"c-1","event":"open","effective":"2023-02-01","recorded":"2023-02-01T09:00:00","actor":"s-01","kommune":"Erkelenz"},
 {"id":"e2","case":"c-1","event":"consent","purpose":"fallmanagement","effective":"2023-02-08","recorded":"2023-02-08T09:00:00","actor":"s-01"},
 {"id":"e3","case":"c-1","event":"admit","effective":"2023-02-08","recorded":"2023-02-08T09:05:00","actor":"s-01"},
 {"id":"e4","case":"c-1","event":"close","reason":"ziel_erreicht","effective":"2023-05-02","recorded":"2023-05-02T09:00:00","actor":"s-01"}
]"#;

#[test]
fn replay_a_history_and_refuse_personal_data() {
    let o = kim(&["replay", "-", "--lang", "en"], Some(HISTORY));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Closed"), "{}", stdout(&o));
    let o = kim(&["replay", "-", "--json"], Some(HISTORY));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["cases"][0]["final_state"], "abgeschlossen");
    // a name as actor: exit 1, the name is not repeated
    let bad = HISTORY.replace(
        r#""actor":"s-01","kommune""#,
        r#""actor":"Max Mustermann","kommune""#,
    );
    let o = kim(&["replay", "-"], Some(&bad));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("KIM-C012 events[0].actor"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("Mustermann"));
    // not JSON at all: exit 2
    let o = kim(&["replay", "-"], Some("{"));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn report_a_quarter_with_the_plan_and_cases() {
    let dir = std::env::temp_dir().join(format!("kim-cli-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let cases = dir.join("cases.json");
    std::fs::write(
        &cases,
        format!(r#"{{"schema_version":"kim.cases.v1","events":{HISTORY}}}"#),
    )
    .expect("write");
    let plan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../kim-core/data/examples/heinsberg-2023.json"
    );
    let o = kim(
        &[
            "report",
            plan,
            cases.to_str().expect("path"),
            "--period",
            "2023-Q1",
            "--json",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["period"]["to"], "2023-03-31");
    assert_eq!(v["case_flow"][0]["opened"], "<3"); // one case: suppressed
    assert_eq!(v["money"]["totals"]["forwarded"], "152500.00");
    let o = kim(
        &[
            "report",
            plan,
            cases.to_str().expect("path"),
            "--period",
            "2023-Q9",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("KIM-C025"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_as_a_council_report_in_html() {
    let plan = "kim-core/data/examples/heinsberg-2023.json";
    let cases = "kim-core/data/examples/cases-heinsberg-2023.json";
    let o = kim(&["report", plan, cases, "--format", "html"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"de\">"),
        "{html}"
    );
    for text in [
        "Sachstandsbericht",
        "Förderung je Baustein",
        "Weiterleitungen / Finanzielle Auswirkungen",
        "Personal",
        "Verteilung auf die Kommunen",
        "Fallzahlen",
        "Anhang",
        "1.020.000,00 €",
        "152.500,00 €",
        "&lt;3",
        "<svg ",
    ] {
        assert!(html.contains(text), "{text}");
    }
    assert!(!html.contains("<script") && !html.contains("src="));
    assert_eq!(
        stdout(&kim(&["report", plan, cases, "--format", "html"], None)),
        html,
        "the same bytes every time"
    );
    let o = kim(
        &["report", plan, cases, "--format", "html", "--lang", "en"],
        None,
    );
    assert!(stdout(&o).contains("<html lang=\"en\">"));
    assert!(stdout(&o).contains("Funding per building block"));
    // text stays the default; --json is --format json
    let text = kim(&["report", plan, cases], None);
    assert!(
        stdout(&text).starts_with("Bericht 2023"),
        "{}",
        stdout(&text)
    );
    assert_eq!(
        stdout(&text),
        stdout(&kim(&["report", plan, cases, "--format", "text"], None))
    );
    let json = kim(&["report", plan, cases, "--json"], None);
    assert_eq!(
        stdout(&json),
        stdout(&kim(&["report", plan, cases, "--format", "json"], None))
    );
    // both at once, or an unknown format: bad usage
    let o = kim(&["report", plan, "--json", "--format", "html"], None);
    assert_eq!(o.status.code(), Some(2));
    let o = kim(&["report", plan, "--format", "pdf"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn cases_prints_the_transition_table_and_the_diagram() {
    let o = kim(&["cases", "--mermaid"], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("stateDiagram-v2"));
    assert!(stdout(&o).contains("klaerung --> aufgenommen: admit"));
    let o = kim(&["cases", "--json"], None);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert!(rows.as_array().is_some_and(|r| r.len() > 50));
    let o = kim(&["cases", "--codes", "--lang", "en"], None);
    assert!(stdout(&o).contains("WOHNEN"));
}

#[test]
fn the_state_diagram_in_the_docs_is_the_generated_one() {
    let o = kim(&["cases", "--mermaid"], None);
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/cases.md"))
        .expect("docs/cases.md");
    assert!(
        docs.contains(&format!("```mermaid\n{}```", stdout(&o))),
        "docs/cases.md: paste the output of `kim cases --mermaid` into its mermaid block"
    );
}

#[test]
fn synthetic_data_is_seeded_and_replays_cleanly() {
    let args = [
        "synthetic",
        "--seed",
        "7",
        "--cases",
        "30",
        "--consultations",
        "60",
    ];
    let a = kim(&args, None);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(
        stdout(&a),
        stdout(&kim(&args, None)),
        "same seed, same document"
    );
    let o = kim(&["replay", "-"], Some(&stdout(&a)));
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = kim(&["synthetic", "--year", "1999"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn schema_lists_the_document_kinds_and_prints_each_schema() {
    let out = kim(&["schema"], None);
    assert!(out.status.success());
    let list = String::from_utf8(out.stdout).unwrap();
    for kind in [
        "kim.plan.v1",
        "kim.cases.v1",
        "kim.evaluation.v1",
        "kim.trace.v1",
        "kim.report.v1",
        "kim.vectors.v1",
    ] {
        assert!(list.contains(kind), "{list}");
    }
    let out = kim(&["schema", "kim.plan.v1"], None);
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["properties"]["schema_version"]["const"],
        "kim.plan.v1"
    );
    // the same text as the committed file
    let file = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/schema/kim.plan.v1.schema.json"
    ))
    .unwrap();
    assert_eq!(
        schema,
        serde_json::from_str::<serde_json::Value>(&file).unwrap()
    );
    let out = kim(&["schema", "kim.plan.v2"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the kinds are kim.plan.v1"));
}
