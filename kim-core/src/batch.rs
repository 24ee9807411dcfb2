//! Batches: many plans, case histories, distributions or grants in one call, for what-if
//! scenarios over all authorities and years, a state-wide year of case histories, or a form that
//! revalidates many rows. A face crosses its boundary once per batch instead of once per item.
//!
//! Every function returns one result per item, **in input order**, whatever runs in parallel:
//! with the `parallel` feature (on for the CLI and Python, off for WebAssembly) the items are
//! split into as many contiguous chunks as the machine has threads (at most [`MAX_THREADS`]) and
//! computed with scoped threads; without it, one after the other. The results are the same
//! either way — each item is computed exactly as the single-item function computes it.
//!
//! ```
//! use kim_core::batch::{evaluate_many, replay_many};
//! use kim_core::{EvalOptions, Params, Plan};
//! use kim_core::synthetic::{SyntheticOptions, kreis_year};
//!
//! let mut later = Plan::example();
//! later.year = 2024;
//! let results = evaluate_many(&[Plan::example(), later], Params::embedded(), &EvalOptions::default());
//! assert_eq!(results.len(), 2);
//! let total = results[0].as_ref().unwrap().grant.as_ref().unwrap().total;
//! assert_eq!(total.to_string(), "1020000.00");
//!
//! let doc = kreis_year(7, &SyntheticOptions { cases: 20, consultations: 10, ..SyntheticOptions::default() });
//! let reports = replay_many(&doc.events, &doc.config);
//! assert_eq!(reports.len(), doc.case_ids().len());
//! assert_eq!(reports[0].case, doc.case_ids()[0]);
//! ```

use crate::allocation::{Distribution, DistributionInput, distribute_input};
use crate::cases::{CaseConfig, CaseEvent, ReplayReport, replay_with};
use crate::error::Result;
use crate::funding::{Grant, GrantOptions, grant};
use crate::params::Params;
use crate::plan::{EvalOptions, Evaluation, Plan, evaluate};
use crate::program::FundedPost;

/// Most threads one batch uses.
pub const MAX_THREADS: usize = 16;

/// Evaluates every plan with the same parameters and options ([`evaluate`] per plan).
///
/// ```
/// use kim_core::batch::evaluate_many;
/// use kim_core::{EvalOptions, Params, Plan};
/// let results = evaluate_many(&[Plan::example(), Plan::empty(2023)], Params::embedded(), &EvalOptions::default());
/// assert_eq!(results.len(), 2); // in input order
/// assert_eq!(results[0].as_ref().unwrap().grant.as_ref().unwrap().total.to_string(), "1020000.00");
/// ```
pub fn evaluate_many(
    plans: &[Plan],
    params: &Params,
    options: &EvalOptions,
) -> Vec<Result<Evaluation>> {
    par_map(plans, |p| evaluate(p, params, options))
}

/// Replays the events of many cases: grouped by case id in the order each case first appears,
/// each case's events in input order ([`replay_with`] per case).
///
/// ```
/// use kim_core::batch::replay_many;
/// use kim_core::cases::CaseConfig;
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// let doc = kreis_year(7, &SyntheticOptions::default());
/// let reports = replay_many(&doc.events, &CaseConfig::default());
/// assert_eq!(reports.len(), doc.case_ids().len()); // one per case, in order of first appearance
/// ```
pub fn replay_many(events: &[CaseEvent], config: &CaseConfig) -> Vec<ReplayReport> {
    let groups = group_by_case(events);
    par_map(&groups, |g| {
        if g.len() > crate::cases::MAX_EVENTS_PER_CASE {
            // the report of the limit, as `replay_with` gives it
            let own: Vec<CaseEvent> = g.iter().map(|e| (*e).clone()).collect();
            return replay_with(&own, config);
        }
        let positions: Vec<usize> = (0..g.len()).collect();
        crate::cases::history::replay_refs(g, &positions, config)
    })
}

/// Distributes posts for every scenario ([`distribute_input`] per input).
///
/// ```
/// use kim_core::batch::distribute_many;
/// use kim_core::doc::read;
/// use serde_json::json;
///
/// let scenario = |a: &str| read(&json!({"weights": [{"unit": "A", "value": a},
///     {"unit": "B", "value": "1"}], "total": "4", "options": {"step": "1"}})).unwrap();
/// let out = distribute_many(&[scenario("3"), scenario("1")]);
/// let a = |i: usize| out[i].as_ref().unwrap().shares[0].fte.to_string();
/// assert_eq!((a(0), a(1)), ("3".to_owned(), "2".to_owned()));
/// ```
pub fn distribute_many(inputs: &[DistributionInput]) -> Vec<Result<Distribution>> {
    par_map(inputs, distribute_input)
}

/// One grant request of [`grant_lines`]: funded posts and the options of their year.
///
/// ```
/// use kim_core::batch::{grant_lines, GrantRequest};
/// let r: GrantRequest = serde_json::from_str(r#"{"posts": [{"kind": "case_manager", "fte": "2"}], "options": {"year": 2023}}"#).unwrap();
/// let out = grant_lines(&[r], kim_core::Params::embedded());
/// assert_eq!(out[0].as_ref().unwrap().total.to_string(), "114000.00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GrantRequest {
    /// The funded posts.
    pub posts: Vec<FundedPost>,
    /// Year, pro-rating, mode.
    pub options: GrantOptions,
}

/// The Land's grant for every request with the same parameter table ([`grant`] per request).
///
/// ```
/// use kim_core::batch::{GrantRequest, grant_lines};
/// use kim_core::doc::read;
/// use kim_core::Params;
/// use serde_json::json;
///
/// let request = |fte: &str| -> GrantRequest {
///     read(&json!({"posts": [{"kind": "case_manager", "fte": fte}], "options": {"year": 2023}})).unwrap()
/// };
/// let grants = grant_lines(&[request("1"), request("12")], Params::embedded());
/// assert_eq!(grants[1].as_ref().unwrap().total.to_string(), "684000.00");
/// ```
pub fn grant_lines(requests: &[GrantRequest], params: &Params) -> Vec<Result<Grant>> {
    par_map(requests, |r| grant(params, &r.posts, &r.options))
}

/// The events of each case (borrowed, not copied), cases in order of first appearance.
fn group_by_case(events: &[CaseEvent]) -> Vec<Vec<&CaseEvent>> {
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut groups: Vec<Vec<&CaseEvent>> = Vec::new();
    for e in events {
        let i = *index.entry(e.case.as_str()).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len().saturating_sub(1)
        });
        if let Some(g) = groups.get_mut(i) {
            g.push(e);
        }
    }
    groups
}

/// `f` over `items`, results in input order; in parallel with the `parallel` feature.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .min(MAX_THREADS);
        if threads > 1 && items.len() > 1 {
            let chunk = items.len().div_ceil(threads);
            let f = &f;
            return std::thread::scope(|s| {
                let handles: Vec<_> = items
                    .chunks(chunk)
                    .map(|c| s.spawn(move || c.iter().map(f).collect::<Vec<R>>()))
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                    .collect()
            });
        }
    }
    items.iter().map(f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{SyntheticOptions, kreis_year};

    #[test]
    fn batches_equal_single_calls_in_input_order() {
        let plans: Vec<Plan> = (2021..=2025)
            .map(|year| {
                let mut p = Plan::example();
                p.year = year;
                p
            })
            .collect();
        let opts = EvalOptions::default();
        let many = evaluate_many(&plans, Params::embedded(), &opts);
        for (p, r) in plans.iter().zip(&many) {
            let one = evaluate(p, Params::embedded(), &opts);
            assert_eq!(format!("{r:?}"), format!("{one:?}"));
        }
        let doc = kreis_year(
            3,
            &SyntheticOptions {
                cases: 40,
                consultations: 10,
                ..SyntheticOptions::default()
            },
        );
        let reports = replay_many(&doc.events, &doc.config);
        let ids: Vec<&str> = reports.iter().map(|r| r.case.as_str()).collect();
        assert_eq!(ids, doc.case_ids());
        let whole = crate::cases::replay_document(&doc);
        for (a, b) in reports.iter().zip(&whole.cases) {
            assert_eq!(a.final_state, b.final_state);
            assert_eq!(a.record, b.record);
        }
    }

    #[test]
    fn par_map_keeps_order_for_any_length() {
        for n in [0usize, 1, 2, 3, 17, 100] {
            let items: Vec<usize> = (0..n).collect();
            assert_eq!(
                par_map(&items, |x| x * 2),
                items.iter().map(|x| x * 2).collect::<Vec<_>>()
            );
        }
    }
}
