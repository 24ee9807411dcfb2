//! Criterion benchmarks of kim-core's public API (see `docs/benchmarks.md`).
//!
//! Run with `make bench` or `cargo bench -p kim-core --bench core`.
//!
//! * `evaluate/example` — the embedded Kreis Heinsberg 2023 plan.
//! * `evaluate/synthetic_200_posts_50_forwardings` — a deterministic synthetic plan (LCG, no
//!   randomness crate): 200 funded lines, 200 staff, 50 case-manager forwardings, some with
//!   onward chains two or three levels deep. It is asserted to evaluate without errors.
//! * `grant/1M_lines` — [`kim_core::grant`] over 1,000,000 funded lines of mixed kinds.
//! * `parse/fte_de`, `parse/euro_de` — German-notation parsing.
//! * `plan/from_json_example` — reading the embedded example plan.
//! * `distribute/<method>` — [`kim_core::allocation::distribute`] of 400 VZÄ in 0.5 steps
//!   among the 396 NRW Gemeinden by population (`kim-core/data/nrw-gemeinden.csv`), one
//!   benchmark per method, tie-break order; `distribute/<method>_explained` adds building the
//!   explanation (`Allocation::trace`, one node per unit).

use chrono::NaiveDate;
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use kim_core::allocation::{Method, distribute};

mod common;
use kim_core::plan::EXAMPLE_PLAN_JSON;
use kim_core::{
    Basis, Euro, EvalOptions, Forwarding, Fte, FteBase, FundedPost, GrantOptions, Locale, OwnCost,
    PLAN_SCHEMA, Params, Party, PartyKind, Plan, PlanOptions, PostKind, StaffedPost, TopUpPolicy,
    evaluate, grant,
};
use std::hint::black_box;
use std::time::Duration;

// -----------------------------------------------------------------------------------------
// Deterministic inputs
// -----------------------------------------------------------------------------------------

/// A 64-bit linear congruential generator (Knuth's MMIX constants): deterministic inputs
/// without a randomness crate.
struct Lcg(u64);

impl Lcg {
    fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    /// Uniform-ish in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + u64::from(self.next_u32()) % (hi - lo + 1)
    }
}

/// VZÄ from hundredths (`125` → `1.25`): never more than two decimals.
fn fte(hundredths: u64) -> Fte {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
        .parse()
        .expect("valid VZÄ")
}

/// Hundredths of a VZÄ value (inverse of [`fte`]).
fn hundredths(f: Fte) -> u64 {
    let s = f.to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = format!("{frac:0<2}");
    int.parse::<u64>().expect("integer part") * 100 + frac.parse::<u64>().expect("fraction part")
}

fn euro(cents: u64) -> Euro {
    Euro::from_cents(i64::try_from(cents).expect("cents fit i64"))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Party names are unique per plan: a running counter.
struct Names(u32);

impl Names {
    fn party(&mut self, rng: &mut Lcg) -> Party {
        self.0 += 1;
        let n = self.0;
        match rng.range(0, 2) {
            0 => Party::new(PartyKind::Traeger, format!("Träger {n:03}")),
            1 => Party::new(PartyKind::Kommune, format!("Kommune {n:03}")),
            _ => Party {
                kind: PartyKind::Kommune,
                name: format!("Stadt {n:03}"),
                id: Some(format!("05370{n:03}")),
            },
        }
    }
}

/// One forwarding node of `fte_h` hundredths VZÄ from `from`, with `levels` onward levels below it.
fn forwarding_node(
    rng: &mut Lcg,
    names: &mut Names,
    id: &str,
    from: Party,
    fte_h: u64,
    levels: u32,
    recipients: &mut Vec<Party>,
) -> Forwarding {
    let to = names.party(rng);
    recipients.push(to.clone());
    let mut onward = Vec::new();
    if levels > 0 {
        // One child with 50–90 % of the VZÄ; sometimes a sibling with 10 % more (sum ≤ 100 %).
        let share = rng.range(50, 90);
        let first = (fte_h * share / 100).max(1);
        onward.push(forwarding_node(
            rng,
            names,
            &format!("{id}.1"),
            to.clone(),
            first,
            levels - 1,
            recipients,
        ));
        let rest = fte_h - first;
        if rng.range(0, 2) == 0 && rest >= 10 {
            let second = (fte_h / 10).min(rest).max(1);
            onward.push(forwarding_node(
                rng,
                names,
                &format!("{id}.2"),
                to.clone(),
                second,
                0,
                recipients,
            ));
        }
    }
    let onward_h: u64 = onward.iter().map(|o| hundredths(o.fte)).sum();
    assert!(onward_h <= fte_h, "onward VZÄ exceed the parent in {id}");
    let kept_h = fte_h - onward_h;
    // Own cost: 40,000–70,000 € per kept VZÄ (so both below and above the 55,000 € cap);
    // every tenth node has no known cost (warning KIM-V009, not an error).
    let actual_cost = (rng.range(0, 9) != 0).then(|| euro(rng.range(40_000, 70_000) * kept_h));
    let top_up = rng.range(0, 2);
    let filled_h = fte_h.saturating_sub(rng.range(0, 20)).max(1);
    Forwarding {
        id: id.to_owned(),
        from,
        to,
        kind: PostKind::CaseManager,
        fte: fte(fte_h),
        // filled ≤ contracted; used only as the top-up base (a filled cap base below the
        // contracted VZÄ could make the onward money exceed the parent's cap: KIM-V007).
        filled_fte: Some(fte(filled_h)),
        period: None,
        basis: Basis::ActualCostCapped {
            cap_per_fte: euro(5_500_000),
        },
        actual_cost,
        workplace_cost: None,
        top_up_per_fte: (top_up != 0).then(|| euro(500_000)),
        top_up_policy: if top_up == 2 {
            TopUpPolicy::UpToCost
        } else {
            TopUpPolicy::Fixed
        },
        top_up_base: if top_up == 2 {
            FteBase::Filled
        } else {
            FteBase::Contracted
        },
        cap_base: FteBase::Contracted,
        other_funding: Vec::new(),
        onward,
        illustrative: false,
    }
}

/// A deterministic synthetic plan for 2023: 200 funded lines (all five kinds), 200 staff
/// entries and 50 case-manager forwardings, every third with an onward chain of two or three
/// levels. Forwarded VZÄ never exceed what was received or funded.
fn synthetic_plan() -> Plan {
    let mut rng = Lcg(0x4b49_4d2d_3230_3233); // "KIM-2023"
    let authority = Party {
        kind: PartyKind::Kreis,
        name: "Kreis Synthetisch".to_owned(),
        id: Some("05999".to_owned()),
    };

    // 200 funded lines, 40 of each kind. Case-manager lines get 1.50–3.00 VZÄ, so Baustein 2
    // holds at least 60 VZÄ; the other kinds 0.25–2.00 VZÄ.
    let funded: Vec<FundedPost> = (0..200)
        .map(|i| {
            let kind = PostKind::ALL[i % 5];
            let h = if kind == PostKind::CaseManager {
                rng.range(150, 300)
            } else {
                rng.range(25, 200)
            };
            FundedPost::new(kind, fte(h))
        })
        .collect();
    let funded_cm_h: u64 = funded
        .iter()
        .filter(|p| p.kind == PostKind::CaseManager)
        .map(|p| hundredths(p.fte))
        .sum();

    // 50 first-level forwardings of 0.50–1.20 VZÄ each (≤ 60 VZÄ in all).
    let mut names = Names(0);
    let mut recipients = Vec::new();
    let mut forwardings = Vec::with_capacity(50);
    let mut forwarded_h = 0;
    for i in 0..50 {
        let h = rng.range(50, 120).min(funded_cm_h - forwarded_h);
        forwarded_h += h;
        let levels = if i % 3 == 0 {
            2 + (i / 3) as u32 % 2
        } else {
            0
        };
        forwardings.push(forwarding_node(
            &mut rng,
            &mut names,
            &format!("fw-{i:02}"),
            authority.clone(),
            h,
            levels,
            &mut recipients,
        ));
    }
    assert!(
        forwarded_h <= funded_cm_h,
        "forwarded VZÄ exceed funded case-manager VZÄ"
    );

    // 200 staff: every kind; half the case managers work for forwarding recipients.
    let staff: Vec<StaffedPost> = (0..200)
        .map(|j| {
            let kind = PostKind::ALL[j % 5];
            let employer = if kind == PostKind::CaseManager && j % 2 == 1 {
                recipients[j % recipients.len()].clone()
            } else {
                authority.clone()
            };
            let from = day(2020, 7, 1) + chrono::Days::new(rng.range(0, 1200));
            let to = (j % 7 == 0).then(|| from + chrono::Days::new(rng.range(100, 900)));
            StaffedPost {
                id: format!("SYN-{j:03}"),
                kind,
                fte: fte(rng.range(25, 100)),
                employer,
                from,
                to,
                illustrative: false,
            }
        })
        .collect();

    Plan {
        schema_version: PLAN_SCHEMA.to_owned(),
        authority,
        year: 2023,
        illustrative: true,
        sources: Vec::new(),
        options: PlanOptions::default(),
        funded,
        staff,
        forwardings,
        own_costs: vec![
            OwnCost {
                kind: PostKind::CaseManager,
                actual_cost: euro(150_000_000),
                workplace_cost: None,
                illustrative: true,
            },
            OwnCost {
                kind: PostKind::Coordination,
                actual_cost: euro(200_000_000),
                workplace_cost: None,
                illustrative: true,
            },
        ],
        ..Plan::empty(2023)
    }
}

fn count_nodes(f: &Forwarding) -> usize {
    1 + f.onward.iter().map(count_nodes).sum::<usize>()
}

fn depth(f: &Forwarding) -> usize {
    f.onward.iter().map(|o| 1 + depth(o)).max().unwrap_or(0)
}

/// 1,000,000 whole-year lines cycling through the five kinds, 0.01–3.00 VZÄ.
fn million_lines() -> Vec<FundedPost> {
    let mut rng = Lcg(1);
    (0..1_000_000)
        .map(|i| FundedPost::new(PostKind::ALL[i % 5], fte(rng.range(1, 300))))
        .collect()
}

// -----------------------------------------------------------------------------------------
// Benchmarks
// -----------------------------------------------------------------------------------------

/// Shorter warm-up and measurement than criterion's 3 s + 5 s, so the suite stays within
/// about three minutes; sub-millisecond routines still get thousands of iterations.
fn short(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
}

fn bench_evaluate(c: &mut Criterion) {
    let params = Params::default(); // parses the embedded TOML once, outside the loop
    let opts = EvalOptions::default();
    let example = Plan::example();
    let ev = evaluate(&example, &params, &opts).expect("example evaluates");
    assert!(
        ev.is_ok(),
        "example plan has violations: {:#?}",
        ev.violations
    );

    let synthetic = synthetic_plan();
    let ev = evaluate(&synthetic, &params, &opts).expect("synthetic plan evaluates");
    if !ev.is_ok() {
        let list: Vec<String> = ev.violations.iter().map(ToString::to_string).collect();
        panic!(
            "synthetic plan has {} violations:\n{}",
            list.len(),
            list.join("\n")
        );
    }
    assert!(ev.grant.is_some() && ev.staffing.is_some() && ev.totals.is_some());
    let nodes: usize = synthetic.forwardings.iter().map(count_nodes).sum();
    let deepest = synthetic.forwardings.iter().map(depth).max().unwrap_or(0);
    eprintln!(
        "synthetic plan: {} funded lines, {} staff, {} forwardings ({} nodes, deepest onward chain {} levels), {} warnings",
        synthetic.funded.len(),
        synthetic.staff.len(),
        synthetic.forwardings.len(),
        nodes,
        deepest,
        ev.warnings.len()
    );

    let mut g = c.benchmark_group("evaluate");
    short(&mut g);
    g.bench_function("example", |b| {
        b.iter(|| evaluate(black_box(&example), &params, &opts))
    });
    g.bench_function("synthetic_200_posts_50_forwardings", |b| {
        b.iter(|| evaluate(black_box(&synthetic), &params, &opts))
    });
    g.finish();
}

fn bench_grant(c: &mut Criterion) {
    let params = Params::default();
    let opts = GrantOptions::year(2023);
    let posts = million_lines();
    let mut g = c.benchmark_group("grant");
    // A 1M-line grant takes about a second with per-line traces: flat sampling with ten
    // samples of one or two iterations each keeps the group near 20 s.
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(15));
    g.throughput(Throughput::Elements(posts.len() as u64));
    // The result is dropped inside the timed loop, as a caller's would be.
    g.bench_function("1M_lines", |b| {
        b.iter(|| grant(&params, black_box(&posts), &opts))
    });
    let no_trace = GrantOptions {
        trace: false,
        ..opts
    };
    g.bench_function("1M_lines_no_trace", |b| {
        b.iter(|| grant(&params, black_box(&posts), &no_trace))
    });
    g.finish();
}

fn bench_parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    short(&mut g);
    g.bench_function("fte_de", |b| {
        b.iter(|| Fte::parse(black_box("1,75"), Locale::De))
    });
    g.bench_function("euro_de", |b| {
        b.iter(|| Euro::parse(black_box("55.000,00 €"), Locale::De))
    });
    g.finish();
}

fn bench_plan(c: &mut Criterion) {
    let mut g = c.benchmark_group("plan");
    short(&mut g);
    g.bench_function("from_json_example", |b| {
        b.iter(|| Plan::from_json(black_box(EXAMPLE_PLAN_JSON)))
    });
    g.finish();
}

fn bench_distribute(c: &mut Criterion) {
    let mut g = c.benchmark_group("distribute");
    short(&mut g);
    g.throughput(Throughput::Elements(396));
    for method in [
        Method::LargestRemainder,
        Method::SainteLague,
        Method::Dhondt,
        Method::HuntingtonHill,
    ] {
        let (weights, total, opts) = common::nrw_distribution(method);
        // The Allocation is dropped inside the timed loop. Its explanation is built on
        // request: `<method>_explained` adds `Allocation::trace()` (one node per unit, DE/EN).
        g.bench_function(method.as_str(), |b| {
            b.iter(|| distribute(black_box(&weights), total, &opts))
        });
        g.bench_function(format!("{}_explained", method.as_str()), |b| {
            b.iter(|| distribute(black_box(&weights), total, &opts).map(|a| a.trace()))
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_evaluate,
    bench_grant,
    bench_parse,
    bench_plan,
    bench_distribute
);
criterion_main!(benches);
