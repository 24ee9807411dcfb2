//! The operations of the Python benchmark (`kim-py/bench/bench.py`) timed in Rust, on the same
//! inputs, so that the cost of the Python face shows (see `docs/benchmarks.md`, section
//! "Python face").
//!
//! Run with `cargo bench -p kim-core --bench faces` (`kim-py/bench/run.sh` runs it first and
//! reads the medians from `target/criterion/face_*/…/new/estimates.json`).
//!
//! Every operation is timed at two levels:
//!
//! * **core** — the typed API a Rust caller uses, inputs built outside the loop.
//! * **document** — what every face (CLI, Python, wasm) runs: [`run_op_typed`] on a
//!   `serde_json::Value` (the input copied into typed structs, the embedded parameter table
//!   parsed, the computation); `_json` also serialises the result into a `serde_json::Value`
//!   ([`run_op`]), the Rust analogue of building the Python objects.
//!
//! The benchmarks:
//!
//! * `face_evaluate/core` — [`evaluate`] (as `evaluate/example` in `core.rs`);
//!   `core_with_example` also builds `Plan::example()`; `params_default` is
//!   `Params::default()` alone (the document path now reads it once: `Params::embedded()`); `document`,
//!   `document_json`; `document_json_with_example` serialises `Plan::example()` first.
//! * `face_distribute/<method>` for `largest_remainder` and `sainte_lague` — [`distribute`];
//!   `<method>_explained` also builds the explanation (`Allocation::trace`), which the Python
//!   result carries; `<method>_document`, `<method>_document_json` (with the explanation),
//!   `<method>_lean_document_json` (option `trace: false`).
//! * `face_replay/core` — [`replay_document`]; `document`, `document_json`.
//!
//! Inputs (the same as the Python side's):
//!
//! * `face_evaluate`: the embedded example plan (Kreis Heinsberg 2023), `Plan::example()`.
//! * `face_distribute`: 400 VZÄ in steps of 0.5 among the 396 NRW Gemeinden by population
//!   (`kim-core/data/nrw-gemeinden.csv`), tie-break `order` (as `distribute/*` in `core.rs`).
//! * `face_replay`: `synthetic::kreis_year(2023, …)` with 8,560 cases and no consultations
//!   (99,970 events), the document `kim synthetic --seed 2023 --cases 8560
//!   --consultations 0` writes. It is shared with the Python side through
//!   `target/bench-input/cases-2023-8560.json`: the bench writes the file if it is missing,
//!   and if it exists, asserts that it holds exactly the generated document.

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use kim_core::allocation::{Method, distribute};

mod common;
use kim_core::cases::{CasesDocument, replay_document};
use kim_core::conformance::{run_op, run_op_typed};
use kim_core::synthetic::{SyntheticOptions, kreis_year};
use kim_core::{EvalOptions, Params, Plan, evaluate};
use serde_json::{Value, json};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

const SEED: u64 = 2023;
/// Cases of the replay input: 8,560 cases give 99,970 events.
const CASES: usize = 8_560;

fn short(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(2));
}

/// `$CARGO_TARGET_DIR/bench-input`, or `target/bench-input` in the workspace.
fn input_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join("bench-input")
}

fn bench_evaluate(c: &mut Criterion) {
    let params = Params::default();
    let opts = EvalOptions::default();
    let plan = Plan::example();
    assert!(evaluate(&plan, &params, &opts).expect("example").is_ok());
    // what kim.evaluate(doc) hands to the native module (options and overrides empty)
    let input = json!({
        "plan": serde_json::to_value(&plan).expect("plan serialises"),
        "options": {},
        "overrides": [],
    });
    run_op_typed("evaluate_plan", &input).expect("the document evaluates");

    let mut g = c.benchmark_group("face_evaluate");
    short(&mut g);
    g.bench_function("core", |b| {
        b.iter(|| evaluate(black_box(&plan), &params, &opts))
    });
    // kim.evaluate(kim.Plan.example()) also builds the example: here from its embedded JSON
    g.bench_function("core_with_example", |b| {
        b.iter(|| evaluate(&black_box(Plan::example()), &params, &opts))
    });
    g.bench_function("params_default", |b| b.iter(Params::default));
    g.bench_function("document", |b| {
        b.iter(|| run_op_typed("evaluate_plan", black_box(&input)))
    });
    g.bench_function("document_json", |b| {
        b.iter(|| run_op("evaluate_plan", black_box(&input)))
    });
    // the example serialised first, as kim.Plan.example() builds it as Python dicts
    g.bench_function("document_json_with_example", |b| {
        b.iter(|| {
            let plan = serde_json::to_value(Plan::example()).expect("plan serialises");
            let input = json!({"plan": plan, "options": {}, "overrides": []});
            run_op("evaluate_plan", black_box(&input))
        })
    });
    g.finish();
}

fn bench_distribute(c: &mut Criterion) {
    let mut g = c.benchmark_group("face_distribute");
    short(&mut g);
    g.throughput(Throughput::Elements(396));
    for method in [Method::LargestRemainder, Method::SainteLague] {
        let (weights, total, opts) = common::nrw_distribution(method);
        let rows: Vec<Value> = weights
            .iter()
            .map(|w| json!({"unit": w.unit, "value": w.value.to_string().parse::<u64>().expect("population")}))
            .collect();
        // what kim.distribute(weights, Decimal("400"), method=…, step=Decimal("0.5"),
        // tie_break="order") hands to the native module
        let input = json!({
            "weights": rows,
            "total": "400",
            "options": {"method": method.as_str(), "step": "0.5", "tie_break": "order"},
        });
        run_op_typed("distribute", &input).expect("the document distributes");
        // the same without the per-unit explanation (option `trace: false`)
        let mut lean = input.clone();
        lean["options"]["trace"] = Value::Bool(false);
        let name = method.as_str();
        g.bench_function(name, |b| {
            b.iter(|| distribute(black_box(&weights), total, &opts))
        });
        g.bench_function(format!("{name}_explained"), |b| {
            b.iter(|| distribute(black_box(&weights), total, &opts).map(|a| a.trace()))
        });
        // typed result: the explanation is built only when it is serialised
        g.bench_function(format!("{name}_document"), |b| {
            b.iter(|| run_op_typed("distribute", black_box(&input)))
        });
        g.bench_function(format!("{name}_document_json"), |b| {
            b.iter(|| run_op("distribute", black_box(&input)))
        });
        g.bench_function(format!("{name}_lean_document_json"), |b| {
            b.iter(|| run_op("distribute", black_box(&lean)))
        });
    }
    g.finish();
}

/// The replay input, shared with the Python side through a file (see the module docs).
fn replay_input() -> (CasesDocument, Value) {
    let opts = SyntheticOptions {
        cases: CASES,
        consultations: 0,
        ..SyntheticOptions::default()
    };
    let generated = kreis_year(SEED, &opts);
    let path = input_dir().join(format!("cases-{SEED}-{CASES}.json"));
    // read as a JSON value, as the faces do (`CasesDocument::from_json` refuses text above
    // 10 MiB; the pretty-printed file has about 20 MB)
    let value: Value = match std::fs::read_to_string(&path) {
        Ok(text) => {
            let value: Value = serde_json::from_str(&text).expect("the shared input is JSON");
            let read = CasesDocument::from_value(value.clone()).expect("the shared input reads");
            assert!(
                read == generated,
                "{} is not kreis_year({SEED}, {CASES} cases, 0 consultations): delete it",
                path.display()
            );
            value
        }
        Err(_) => {
            let text = serde_json::to_string_pretty(&generated).expect("serialises");
            std::fs::create_dir_all(input_dir()).expect("target/bench-input");
            std::fs::write(&path, &text).expect("writes the shared input");
            serde_json::from_str(&text).expect("JSON")
        }
    };
    let r = replay_document(&generated);
    assert!(r.is_valid(), "synthetic events replay with errors");
    eprintln!(
        "replay input {}: {} cases, {} events",
        path.display(),
        r.cases.len(),
        generated.events.len()
    );
    (generated, value)
}

fn bench_replay(c: &mut Criterion) {
    let (doc, value) = replay_input();
    let mut g = c.benchmark_group("face_replay");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Elements(doc.events.len() as u64));
    g.bench_function("core", |b| b.iter(|| replay_document(black_box(&doc))));
    g.bench_function("document", |b| {
        b.iter(|| run_op_typed("case_replay", black_box(&value)))
    });
    g.bench_function("document_json", |b| {
        b.iter(|| run_op("case_replay", black_box(&value)))
    });
    g.finish();
}

criterion_group!(benches, bench_evaluate, bench_distribute, bench_replay);
criterion_main!(benches);
