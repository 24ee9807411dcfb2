//! Criterion benchmarks of case management and reporting (see `docs/benchmarks.md`, section
//! "Cases"), on seeded synthetic data from `kim_core::synthetic`.
//!
//! Run with `cargo bench -p kim-core --bench cases`.
//!
//! * `replay/1M_events_grouped` — [`replay_document`] over 1,000,000 events: 100,000 cases
//!   × 10 events, each case's events together. Target: ≥ 2 M events/s on one core.
//! * `replay/1M_events_per_case` — the same, one [`replay_with`] per case (without the
//!   document's grouping and reference checks).
//! * `replay/1M_events_interleaved` — [`replay_document`] over the same events interleaved
//!   in recorded order across all 100,000 cases (as `synthetic::events` returns them): each
//!   case's events lie far apart in memory.
//! * `report/100k_cases_year` — [`report`] over a synthetic Kreis-year of 100,000 cases and
//!   500,000 consultations for the period `2023` (includes the replay of its events).
//! * `kreis_year/replay_document`, `kreis_year/report` — one default Kreis-year (Heinsberg:
//!   2,000 consultations, 400 cases).
//!
//! The replay inputs and the Kreis-year are asserted to replay without errors before they are
//! timed; inputs are built only for the benchmarks a filter selects. The whole file runs in
//! under two minutes (criterion warns that the 1M and 100k benchmarks need longer than their
//! measurement time: they are set to take one iteration per sample).

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use kim_core::cases::{CaseEvent, CasesDocument, replay_document, replay_with};
use kim_core::reporting::{ReportPeriod, report};
use kim_core::synthetic::{SyntheticOptions, events, kreis_year};
use std::cell::OnceCell;
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

const SEED: u64 = 2023;

fn year() -> ReportPeriod {
    "2023".parse().expect("period")
}

/// The events reordered case by case (stable: each case keeps its recorded order), cloned.
fn group_by_case(events: &[CaseEvent]) -> Vec<CaseEvent> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<Vec<&CaseEvent>> = Vec::new();
    for e in events {
        let g = *index.entry(e.case.as_str()).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(e);
    }
    groups.into_iter().flatten().cloned().collect()
}

/// 100,000 cases × 10 events, checked to replay without errors: grouped by case (each
/// case's events together, cloned in that order so their strings lie together too), and
/// interleaved in recorded order across cases as `synthetic::events` returns them.
fn million_events() -> (CasesDocument, CasesDocument) {
    let interleaved = CasesDocument {
        events: events(SEED, 100_000, 10),
        ..CasesDocument::default()
    };
    assert_eq!(interleaved.events.len(), 1_000_000);
    let r = replay_document(&interleaved);
    assert_eq!(r.cases.len(), 100_000);
    assert!(r.is_valid(), "synthetic events replay with errors");
    drop(r);
    let grouped = CasesDocument {
        events: group_by_case(&interleaved.events),
        ..CasesDocument::default()
    };
    assert!(replay_document(&grouped).is_valid());
    (grouped, interleaved)
}

/// A Kreis-year of 100,000 cases and 500,000 consultations (valid by construction: the
/// generator's tests replay Kreis-years without errors; a check here would cost a report).
fn hundred_thousand_cases() -> CasesDocument {
    let opts = SyntheticOptions {
        cases: 100_000,
        consultations: 500_000,
        ..SyntheticOptions::default()
    };
    let doc = kreis_year(SEED, &opts);
    assert_eq!(doc.consultations.len(), 500_000);
    eprintln!(
        "report input: {} cases, {} events, {} consultations",
        opts.cases,
        doc.events.len(),
        doc.consultations.len()
    );
    doc
}

// Inputs are built on first use (`OnceCell`), so a filtered run builds only what it times.

fn bench_replay(c: &mut Criterion) {
    let input = OnceCell::new();
    let mut g = c.benchmark_group("replay");
    // 0.3–1.4 s per iteration. Flat sampling with ten samples; the measurement times are
    // set just below ten iterations, so that criterion runs one iteration per sample (it
    // warns that it needs longer, and takes the time it needs).
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(4));
    g.throughput(Throughput::Elements(1_000_000));
    g.bench_function("1M_events_grouped", |b| {
        let (grouped, _) = input.get_or_init(million_events);
        b.iter(|| replay_document(black_box(grouped)))
    });
    g.bench_function("1M_events_per_case", |b| {
        let (grouped, _) = input.get_or_init(million_events);
        b.iter(|| {
            grouped
                .events
                .chunk_by(|a, b| a.case == b.case)
                .map(|events| replay_with(black_box(events), &grouped.config))
                .collect::<Vec<_>>()
        })
    });
    g.bench_function("1M_events_interleaved", |b| {
        let (_, interleaved) = input.get_or_init(million_events);
        b.iter(|| replay_document(black_box(interleaved)))
    });
    g.finish();
}

fn bench_report(c: &mut Criterion) {
    let input = OnceCell::new();
    let period = year();
    let mut g = c.benchmark_group("report");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    // about 2.6 s per iteration: one iteration per sample (see `bench_replay`)
    g.measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Elements(100_000));
    g.bench_function("100k_cases_year", |b| {
        let doc = input.get_or_init(hundred_thousand_cases);
        b.iter(|| report(None, Some(black_box(doc)), &period))
    });
    g.finish();
}

fn bench_kreis_year(c: &mut Criterion) {
    let doc = kreis_year(SEED, &SyntheticOptions::default());
    let period = year();
    assert!(replay_document(&doc).is_valid());
    let mut g = c.benchmark_group("kreis_year");
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Elements(doc.events.len() as u64));
    g.bench_function("replay_document", |b| {
        b.iter(|| replay_document(black_box(&doc)))
    });
    g.bench_function("report", |b| {
        b.iter(|| report(None, Some(black_box(&doc)), &period))
    });
    g.finish();
}

criterion_group!(benches, bench_replay, bench_report, bench_kreis_year);
criterion_main!(benches);
