//! Inputs shared by the benchmarks (`core.rs`, `faces.rs`), so that both time the same thing.

use kim_core::Fte;
use kim_core::allocation::{DistributeOptions, Method, TieBreak, Weight, distribute};

/// The 396 NRW Gemeinden weighted by population, 400 VZÄ, and the options of `method`: steps
/// of 0.5, ties by input order. Checked once: the shares sum to 400 VZÄ (800 steps).
pub fn nrw_distribution(method: Method) -> (Vec<Weight>, Fte, DistributeOptions) {
    let weights = kim_core::data::population_weights("");
    assert_eq!(weights.len(), 396, "NRW has 396 Gemeinden");
    let total: Fte = "400".parse().expect("VZÄ");
    let opts = DistributeOptions {
        method,
        step: "0.5".parse().expect("VZÄ"),
        tie_break: TieBreak::Order,
        ..DistributeOptions::default()
    };
    let a = distribute(&weights, total, &opts).expect("NRW distributes");
    assert!(
        a.sum_ok && a.steps == 800,
        "{method:?}: shares do not sum to 400 VZÄ"
    );
    (weights, total, opts)
}
