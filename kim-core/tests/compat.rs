//! Frozen documents (`tests/compat/`, see its README): `kim.plan.v1` plans, `kim.cases.v1` case
//! data and `kim.trace.v1` explanations from earlier releases must keep loading and giving the
//! same results, byte for byte in their JSON.
//!
//! Each input has its expected outputs beside it (`NAME.evaluation.json`, `NAME.replay.json`,
//! `NAME.report.json`, `NAME.de.txt`, `NAME.en.txt`). They are written once, when a fixture is
//! added (`KIM_COMPAT_WRITE=1 cargo test -p kim-core --test compat` writes the missing ones and
//! never overwrites one); after that a difference is a compatibility break: see CONTRIBUTING.md.

#![allow(clippy::disallowed_methods)] // std sorts are fine in tests

use kim_core::cases::{CasesDocument, replay_document};
use kim_core::explain::Trace;
use kim_core::reporting::{ReportPeriod, report};
use kim_core::validate::Lang;
use kim_core::{EvalOptions, Params, Plan, evaluate};
use serde_json::Value;
use std::path::{Path, PathBuf};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/compat");

/// The inputs of one kind: `*.json` that are not expected outputs.
fn inputs(kind: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join(kind))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".json") && name.matches('.').count() == 1
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no fixtures in {kind}");
    out
}

/// Compares `actual` with the frozen file `input` with `suffix` instead of `.json`; a missing
/// file is written only with `KIM_COMPAT_WRITE` set.
fn frozen(input: &Path, suffix: &str, actual: &str, problems: &mut Vec<String>) {
    let stem = input.file_stem().unwrap().to_string_lossy();
    let path = input.with_file_name(format!("{stem}{suffix}"));
    let rel = path
        .strip_prefix(ROOT)
        .unwrap_or(&path)
        .display()
        .to_string();
    match std::fs::read_to_string(&path) {
        Ok(want) if want == actual => {}
        Ok(want) => {
            let line = want
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| want.lines().count().min(actual.lines().count()));
            problems.push(format!(
                "{rel}: differs from the frozen output from line {} on:\n  frozen: {}\n  now:    {}",
                line + 1,
                want.lines().nth(line).unwrap_or("(end)"),
                actual.lines().nth(line).unwrap_or("(end)")
            ));
        }
        Err(_) if std::env::var_os("KIM_COMPAT_WRITE").is_some() => {
            std::fs::write(&path, actual).unwrap();
        }
        Err(_) => problems.push(format!(
            "{rel} is missing (a new fixture: KIM_COMPAT_WRITE=1 cargo test -p kim-core --test compat)"
        )),
    }
}

fn json(v: &impl serde::Serialize) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap();
    s.push('\n');
    s
}

fn check(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "compatibility broken (CONTRIBUTING.md, \"Compatibility\"):\n{}",
        problems.join("\n")
    );
}

#[test]
fn frozen_plans_evaluate_as_before() {
    let mut problems = Vec::new();
    for input in inputs("plan.v1") {
        let plan = Plan::from_json(&std::fs::read_to_string(&input).unwrap())
            .unwrap_or_else(|e| panic!("{}: no longer loads: {e}", input.display()));
        let evaluation = evaluate(&plan, Params::embedded(), &EvalOptions::default()).unwrap();
        frozen(
            &input,
            ".evaluation.json",
            &json(&evaluation),
            &mut problems,
        );
    }
    check(problems);
}

#[test]
fn frozen_case_data_replays_and_reports_as_before() {
    let mut problems = Vec::new();
    for input in inputs("cases.v1") {
        let doc = CasesDocument::from_json(&std::fs::read_to_string(&input).unwrap())
            .unwrap_or_else(|e| panic!("{}: no longer loads: {e}", input.display()));
        frozen(
            &input,
            ".replay.json",
            &json(&replay_document(&doc)),
            &mut problems,
        );
        let year: ReportPeriod = "2023".parse().unwrap();
        let tables = report(None, Some(&doc), &year).unwrap();
        frozen(&input, ".report.json", &json(&tables), &mut problems);
    }
    check(problems);
}

#[test]
fn frozen_traces_load_and_read_as_before() {
    let mut problems = Vec::new();
    for input in inputs("trace.v1") {
        let text = std::fs::read_to_string(&input).unwrap();
        let trace: Trace = kim_core::doc::from_json(&text)
            .unwrap_or_else(|e| panic!("{}: no longer loads: {e}", input.display()));
        // nothing lost or added in reading and writing it again
        let again: Value = serde_json::to_value(&trace).unwrap();
        assert_eq!(
            again,
            serde_json::from_str::<Value>(&text).unwrap(),
            "{}",
            input.display()
        );
        frozen(&input, ".de.txt", &trace.render(Lang::De), &mut problems);
        frozen(&input, ".en.txt", &trace.render(Lang::En), &mut problems);
    }
    check(problems);
}

/// The frozen trace is the one today's evaluation of the frozen plan gives: a change of the
/// explanation shows here as well as in the plan's frozen evaluation.
#[test]
fn the_frozen_trace_is_the_frozen_plans() {
    let eval: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(ROOT).join("plan.v1/heinsberg-2023.evaluation.json"))
            .unwrap(),
    )
    .unwrap();
    let trace: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(ROOT).join("trace.v1/heinsberg-2023.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(eval["trace"], trace);
}
