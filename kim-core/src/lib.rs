//! # kim-core
//!
//! The rules of North Rhine-Westphalia's *Kommunales Integrationsmanagement* (KIM, § 9 TIntG)
//! as one exact library: the Land's grant per VZÄ and Baustein ([`grant`]), forwarding of
//! posts and money to Träger and Kommunen with caps, top-ups and Eigenanteil ([`forward`]),
//! funded vs filled posts ([`staffing()`]), and whole-year plans ([`evaluate`], [`validate()`]).
//!
//! Principles: money and VZÄ are exact decimals ([`Euro`], [`Fte`]); every parameter is dated
//! and cited ([`Params`]); every amount explains itself ([`Trace`], schema `kim.trace.v1`);
//! every problem is a [`Violation`] with a stable code, a field path and German and English
//! messages; no I/O, no clock, no panics.
//!
//! ```
//! use kim_core::{evaluate, EvalOptions, Lang, Params, Plan};
//!
//! let plan = Plan::example(); // Kreis Heinsberg 2023
//! let ev = evaluate(&plan, &Params::default(), &EvalOptions::default())?;
//! let grant = ev.grant.as_ref().unwrap();
//! assert_eq!(grant.total.to_string(), "1020000.00");
//! for f in &ev.forwardings {
//!     println!("{}: {} € + {} € top-up", f.to, f.reimbursed, f.top_up);
//! }
//! println!("{}", ev.explain(Lang::En));
//! # Ok::<(), kim_core::Error>(())
//! ```
//!
//! # A tour
//!
//! * **Numbers.** [`Euro`] and [`Fte`] (VZÄ) are exact decimals, parsed and written in German
//!   and English notation ([`money`]); no float crosses any border (a JSON float is `KIM-P004`).
//! * **Parameters.** The Land's rates per VZÄ and year, each dated and with its legal source
//!   ([`params`], [`Params::embedded`]); overrides for what-ifs ([`Params::with_override`]).
//! * **The grant.** [`grant`] for posts and periods, pro-rated by [`ProRata`] ([`funding`]).
//! * **Forwarding.** [`forward`]: posts and money passed on to Träger and Kommunen, reimbursed
//!   at actual cost up to a cap, with top-ups and the recipient's Eigenanteil ([`forwarding`]).
//! * **Distribution.** [`allocation::distribute`] and [`allocation::distribute_input`]: posts
//!   split among Kommunen by weights in steps (largest remainder, Sainte-Laguë, D'Hondt,
//!   Huntington–Hill), with minimums, ties, regions and overrides ([`allocation`]).
//! * **Plans.** A [`Plan`] (`kim.plan.v1`) is one authority's year; [`evaluate`] computes all of
//!   it and [`validate()`] lists every problem without computing ([`plan`], [`staffing()`]).
//! * **Cases.** Events replayed into states and records, consent and erasure, the lifecycle as a
//!   table ([`cases`]); reports with small cells suppressed ([`reporting`]).
//! * **Explanations.** Every amount carries a [`Trace`] (`kim.trace.v1`) that renders as German
//!   or English text ([`explain`], [`text`]).
//! * **Errors.** Every problem is a [`Violation`]: a stable [`Code`], the field's path, a
//!   [`Severity`], German and English messages ([`mod@validate`], [`error`]).
//! * **Documents.** Strict JSON readers with codes and paths, and limits ([`doc`]); the glossary
//!   of every code list ([`vocab`]); the shared conformance vectors ([`conformance`]).
//! * **Many at once.** [`batch`]: plans, case histories, distributions and grant lines in one
//!   call (on several threads with the feature `parallel`).
//!
//! Features: `parallel` (batches on threads), `synthetic` (seeded synthetic case data, on by
//! default), `schema` (JSON Schema of the documents, `kim_core::schema`), `ts` (TypeScript
//! declarations, for the wasm face). The guide: `docs/rust.md` and the book built by
//! `make docs`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::disallowed_methods,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]
#![cfg_attr(test, allow(clippy::disallowed_methods))]

pub mod allocation;
pub mod batch;
pub mod cases;
pub mod conformance;
/// Council reports (*Sachstandsbericht*) as one self-contained, printable HTML document:
/// [`council::render_html`].
pub mod council;
pub mod data;
pub mod doc;
pub mod error;
pub mod explain;
pub mod forwarding;
pub mod funding;
pub mod money;
mod order;
pub mod params;
pub mod period;
pub mod plan;
pub mod program;
pub mod reporting;
#[cfg(feature = "schema")]
pub mod schema;
pub mod staffing;
#[cfg(feature = "synthetic")]
pub mod synthetic;
pub mod text;
#[cfg(feature = "ts")]
pub mod ts;
pub mod validate;
pub mod vocab;

pub use error::{Error, Result};
pub use explain::{TRACE_SCHEMA, Trace, TraceNode, TraceParam, TraceValue};
pub use forwarding::{
    Basis, ForwardOptions, Forwarding, ForwardingResult, FteBase, TopUpPolicy, forward,
};
pub use funding::{BausteinTotal, Grant, GrantItem, GrantLine, GrantOptions, grant};
pub use money::{Euro, Fte, Locale};
pub use params::{LegalForm, Mode, Params, Per, RateEntry, RateKey, RateUsed, Source, Status};
pub use period::{Fraction, Period, ProRata};
pub use plan::{
    EVALUATION_SCHEMA, EvalOptions, Evaluation, OwnCost, PLAN_SCHEMA, Plan, PlanOptions, Totals,
    evaluate, validate,
};
pub use program::{Baustein, FundedPost, Party, PartyKind, PostKind, StaffedPost};
/// The exact decimal type used for weights and amounts (re-exported from `rust_decimal`).
pub use rust_decimal::Decimal;
pub use staffing::{Staffing, StaffingRow, staffing};
pub use validate::{Code, Lang, Severity, Violation};

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The crate version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A generated page under `docs/` must equal what the code generates now: with `KIM_BLESS` set it
/// is rewritten, otherwise the test fails and says how to refresh it (`how`).
#[cfg(test)]
pub(crate) fn check_fresh(doc: &str, generated: &str, how: &str) {
    let path = format!("{}/../docs/{doc}", env!("CARGO_MANIFEST_DIR"));
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    if on_disk != generated {
        if std::env::var_os("KIM_BLESS").is_some() {
            std::fs::write(&path, generated).unwrap();
        } else {
            panic!("docs/{doc} is stale: run {how}");
        }
    }
}
