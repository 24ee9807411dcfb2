//! The Rust column of the cross-face batch benchmark (`make bench-check`, `kim-py/bench/batch.sh`):
//! writes the shared inputs into DIR (once) and prints the core's times as JSON.
//!
//! `cargo run --release -p kim-core --features parallel --example batch_bench -- DIR PLANS EVENTS`
//!
//! Inputs, the same for every face: PLANS copies of the embedded example plan (`evaluate_many`);
//! the first EVENTS events of the seeded state-wide synthetic year (`replay_many`, file
//! `events.json`); the events of the seeded synthetic Kreis-year (400 cases, `kreis-events.json`); the 396 NRW Gemeinden weighted by population, 100 VZÄ in 0.5 steps
//! (`distribute`, file `distribute-396.json`). Times in seconds: the best of 3 runs for the
//! batches, the median of 2,001 runs for the distribution and of 21 for the Kreis-year.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![allow(clippy::disallowed_methods)] // a benchmark, not the core

use kim_core::allocation::{DistributionInput, distribute_input};
use kim_core::batch::{evaluate_many, replay_many};
use kim_core::cases::{CaseConfig, CaseEvent};
use kim_core::{EvalOptions, Params, Plan};
use std::path::PathBuf;
use std::time::Instant;

fn times<R>(runs: usize, f: impl Fn() -> R) -> Vec<f64> {
    let mut out: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64()
        })
        .collect();
    out.sort_by(f64::total_cmp);
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(&args[1]);
    let plans: usize = args[2].parse().unwrap();
    let events: usize = args[3].parse().unwrap();
    std::fs::create_dir_all(&dir).unwrap();

    let events_path = dir.join("events.json");
    if !events_path.exists() {
        let year = kim_core::synthetic::state_year(2023, 2023);
        let first: Vec<&CaseEvent> = year.events.iter().take(events).collect();
        std::fs::write(&events_path, serde_json::to_string(&first).unwrap()).unwrap();
    }
    let kreis_path = dir.join("kreis-events.json");
    if !kreis_path.exists() {
        let year = kim_core::synthetic::kreis_year(
            2023,
            &kim_core::synthetic::SyntheticOptions::default(),
        );
        std::fs::write(&kreis_path, serde_json::to_string(&year.events).unwrap()).unwrap();
    }
    let dist_path = dir.join("distribute-396.json");
    if !dist_path.exists() {
        let weights: Vec<serde_json::Value> = kim_core::data::gemeinden()
            .iter()
            .map(|g| serde_json::json!({"unit": g.ags, "value": g.population.to_string()}))
            .collect();
        let doc =
            serde_json::json!({"weights": weights, "total": "100", "options": {"step": "0.5"}});
        std::fs::write(&dist_path, doc.to_string()).unwrap();
    }

    // more than one document's 10 MiB: a batch is limited per item, so the file is read as a list
    let items: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&events_path).unwrap()).unwrap();
    let events: Vec<CaseEvent> = items
        .iter()
        .map(|v| kim_core::doc::read(v).unwrap())
        .collect();
    let kreis: Vec<CaseEvent> =
        kim_core::doc::from_json(&std::fs::read_to_string(&kreis_path).unwrap()).unwrap();
    let dist: DistributionInput =
        kim_core::doc::from_json(&std::fs::read_to_string(&dist_path).unwrap()).unwrap();
    let many = vec![Plan::example(); plans];
    let opts = EvalOptions::default();

    // the single distribution first, before the big batches leave the heap fragmented (a
    // call after them measured up to 15 % slower, in every face)
    let distribute = times(2001, || distribute_input(&dist).unwrap())[1000];
    let evaluate = times(3, || evaluate_many(&many, Params::embedded(), &opts))[0];
    let replay = times(3, || replay_many(&events, &CaseConfig::default()))[0];
    // the same from the documents, as a face starts: each event read from its JSON value
    let replay_documents = times(3, || {
        let read: Vec<CaseEvent> = items
            .iter()
            .map(|v| kim_core::doc::read(v).unwrap())
            .collect();
        replay_many(&read, &CaseConfig::default())
    })[0];
    let replay_kreis = times(21, || replay_many(&kreis, &CaseConfig::default()))[10];
    println!(
        "{}",
        serde_json::json!({
            "evaluate_many": evaluate, "replay_many": replay, "replay_many_documents": replay_documents,
            "distribute_396": distribute, "replay_kreis": replay_kreis, "kreis_events": kreis.len(),
            "plans": plans, "events": events.len(),
            "threads": std::thread::available_parallelism().map_or(1, |n| n.get()),
        })
    );
}
