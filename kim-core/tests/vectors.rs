//! Rust face of the conformance vectors (`tests/vectors/**.json`, schema `kim.vectors.v1`).
//!
//! Every vector file is sent unchanged through `kim_core::conformance::run_file`, which runs each
//! case through kim-core's public API and compares the result as data. A case that fails is
//! printed as `file: case: reason`; the test fails if any case fails.
//!
//! The runner also checks the files themselves: schema and area, unique case names within a
//! file, known operations, exactly one of `expect` / `expect_error`, and the minimum coverage
//! (at least 60 cases, at least 20 of them `expect_error`).
//!
//! Set `KIM_VECTORS_SHOW=1` to print the actual output (without traces) of every failed case.
#![allow(clippy::disallowed_methods)] // tests may use the standard sorts (kim-core/clippy.toml)

use kim_core::conformance::{VECTORS_SCHEMA, run_file, run_op};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Operations of the vector format (DESIGN.md, "Conformance vectors"). An operation this face
/// cannot run is reported by `run_file` as a failed case, never skipped.
const KNOWN_OPS: &[&str] = &[
    "grant",
    "forward",
    "distribute",
    "evaluate_plan",
    "validate_plan",
    "case_replay",
    "report",
    "parse",
    "synthetic",
    "distribute_many",
    "replay_many",
];

const MIN_CASES: usize = 60;
const MIN_ERROR_CASES: usize = 20;

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("vectors")
}

fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("cannot read an entry of {}: {e}", dir.display()))
            .path();
        if path.is_dir() {
            collect_json(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Removes `trace` members so that shown outputs stay readable.
fn without_traces(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(k, _)| k.as_str() != "trace")
                .map(|(k, v)| (k.clone(), without_traces(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_traces).collect()),
        other => other.clone(),
    }
}

/// Checks the shape of a vector file that `run_file` does not check; returns problems as text
/// and counts cases and error cases.
fn check_file_shape(
    rel: &str,
    doc: &Value,
    area_dir: Option<&str>,
    cases: &mut usize,
    errors: &mut usize,
) -> Vec<String> {
    let mut problems = Vec::new();
    if doc.get("schema").and_then(Value::as_str) != Some(VECTORS_SCHEMA) {
        problems.push(format!("{rel}: schema must be {VECTORS_SCHEMA:?}"));
    }
    let area = doc.get("area").and_then(Value::as_str).unwrap_or_default();
    if area.is_empty() {
        problems.push(format!("{rel}: area missing"));
    } else if let Some(dir) = area_dir
        && dir != area
    {
        problems.push(format!(
            "{rel}: area {area:?} does not match its directory {dir:?}"
        ));
    }
    if doc
        .get("source")
        .and_then(Value::as_str)
        .is_none_or(|s| s.trim().is_empty())
    {
        problems.push(format!("{rel}: source missing"));
    }
    let Some(list) = doc.get("cases").and_then(Value::as_array) else {
        problems.push(format!("{rel}: cases missing"));
        return problems;
    };
    if list.is_empty() {
        problems.push(format!("{rel}: no cases"));
    }
    let mut names = BTreeSet::new();
    for (i, case) in list.iter().enumerate() {
        let name = case.get("name").and_then(Value::as_str).unwrap_or_default();
        let label = if name.is_empty() {
            format!("cases[{i}]")
        } else {
            name.to_owned()
        };
        if name.trim().is_empty() {
            problems.push(format!("{rel}: {label}: name missing"));
        } else if !names.insert(name.to_owned()) {
            problems.push(format!("{rel}: {label}: duplicate case name"));
        }
        let op = case.get("op").and_then(Value::as_str).unwrap_or_default();
        // an unknown operation only in a case about unknown operations (KIM-P016)
        let about_unknown_op =
            case.pointer("/expect_error/code").and_then(Value::as_str) == Some("KIM-P016");
        if !KNOWN_OPS.contains(&op) && !about_unknown_op {
            problems.push(format!(
                "{rel}: {label}: unknown op {op:?} (known: {})",
                KNOWN_OPS.join(", ")
            ));
        }
        match (case.get("expect"), case.get("expect_error")) {
            (Some(_), None) => {}
            (None, Some(e)) => {
                *errors += 1;
                if e.get("code")
                    .and_then(Value::as_str)
                    .is_none_or(|c| !c.starts_with("KIM-"))
                {
                    problems.push(format!("{rel}: {label}: expect_error needs a KIM- code"));
                }
            }
            _ => problems.push(format!(
                "{rel}: {label}: needs exactly one of expect and expect_error"
            )),
        }
        *cases += 1;
    }
    problems
}

#[test]
fn conformance_vectors() {
    let root = vectors_dir();
    let mut files = Vec::new();
    collect_json(&root, &mut files);
    files.sort();
    assert!(
        !files.is_empty(),
        "no vector files under {}",
        root.display()
    );

    let show = std::env::var_os("KIM_VECTORS_SHOW").is_some();
    let mut cases = 0usize;
    let mut error_cases = 0usize;
    let mut passed = 0usize;
    let mut problems: Vec<String> = Vec::new();
    let mut failures: Vec<String> = Vec::new();

    for path in &files {
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string();
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"));
        let doc: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{rel}: not JSON: {e}"));
                continue;
            }
        };
        let area_dir = path
            .parent()
            .filter(|p| *p != root.as_path())
            .and_then(Path::file_name)
            .and_then(|n| n.to_str());
        problems.extend(check_file_shape(
            &rel,
            &doc,
            area_dir,
            &mut cases,
            &mut error_cases,
        ));

        let report = match run_file(&text) {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("{rel}: unreadable vector file: {e}"));
                continue;
            }
        };
        passed += report.passed;
        for (name, reason) in &report.failed {
            let line = format!("{rel}: {name}: {reason}");
            println!("FAIL {line}");
            if show {
                let case = doc.get("cases").and_then(Value::as_array).and_then(|l| {
                    l.iter()
                        .find(|c| c.get("name").and_then(Value::as_str) == Some(name.as_str()))
                });
                if let Some(case) = case {
                    let op = case.get("op").and_then(Value::as_str).unwrap_or_default();
                    let input = case.get("input").cloned().unwrap_or(Value::Null);
                    match run_op(op, &input) {
                        Ok(v) => println!(
                            "     actual: {}",
                            serde_json::to_string_pretty(&without_traces(&v)).unwrap_or_default()
                        ),
                        Err(e) => {
                            println!("     actual error: {} at {:?}: {e}", e.code(), e.path())
                        }
                    }
                }
            }
            failures.push(line);
        }
    }

    println!(
        "vectors: {} files, {cases} cases ({error_cases} expect_error), {passed} passed, {} failed",
        files.len(),
        failures.len()
    );
    for p in &problems {
        println!("BAD  {p}");
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) with the vector files:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} vector case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        cases >= MIN_CASES,
        "only {cases} vector cases; at least {MIN_CASES} are required"
    );
    assert!(
        error_cases >= MIN_ERROR_CASES,
        "only {error_cases} expect_error cases; at least {MIN_ERROR_CASES} are required"
    );
}

/// The runner must be able to fail: a wrong expectation, a wrong error code or a wrong error
/// path is reported, a right one is not.
#[test]
fn runner_detects_mismatches() {
    let file = |cases: &str| {
        format!(
            r#"{{"schema": "kim.vectors.v1", "area": "parse", "source": "self-test", "cases": [{cases}]}}"#
        )
    };
    let ok = file(
        r#"{"name": "ok", "op": "parse", "input": {"type": "fte", "text": "1,5", "locale": "de"}, "expect": {"value": "1.50"}}"#,
    );
    let r = run_file(&ok).unwrap();
    assert_eq!((r.passed, r.failed.len()), (1, 0), "{:?}", r.failed);

    let wrong_value = file(
        r#"{"name": "wrong", "op": "parse", "input": {"type": "fte", "text": "1,5", "locale": "de"}, "expect": {"value": "15"}}"#,
    );
    assert_eq!(run_file(&wrong_value).unwrap().failed.len(), 1);

    let wrong_code = file(
        r#"{"name": "code", "op": "parse", "input": {"type": "fte", "text": "1,5"}, "expect_error": {"code": "KIM-P002", "path": "text"}}"#,
    );
    assert_eq!(run_file(&wrong_code).unwrap().failed.len(), 1);

    let wrong_path = file(
        r#"{"name": "path", "op": "parse", "input": {"type": "fte", "text": "1,5"}, "expect_error": {"code": "KIM-P003", "path": "locale"}}"#,
    );
    assert_eq!(run_file(&wrong_path).unwrap().failed.len(), 1);

    let error_expected_but_ok = file(
        r#"{"name": "noerr", "op": "parse", "input": {"type": "fte", "text": "1.5"}, "expect_error": {"code": "KIM-P003"}}"#,
    );
    assert_eq!(run_file(&error_expected_but_ok).unwrap().failed.len(), 1);

    let array_length = file(
        r#"{"name": "len", "op": "validate_plan", "input": {"plan": {"schema_version": "kim.plan.v1", "authority": {"kind": "kreis", "name": "K"}, "year": 2023}}, "expect": {"violations": [{}]}}"#,
    );
    assert_eq!(run_file(&array_length).unwrap().failed.len(), 1);
}
