//! Funded vs filled posts at a Stichtag, per Baustein and employer: vacancy, fill rate and
//! headcount (persons are counted separately from VZÄ: Heinsberg 2022 had nine persons on
//! 6.15 VZÄ).
//!
//! Funded VZÄ per employer: the authority holds what the Land funds minus what it forwards;
//! each recipient holds what it receives minus what it passes on.

use crate::error::Result;
use crate::forwarding::Forwarding;
use crate::money::{Fte, mul};
use crate::program::{Baustein, FundedPost, Party, StaffedPost};
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// One row of the staffing table.
///
/// ```
/// let plan = kim_core::Plan::example();
/// let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
/// let s = kim_core::staffing(&plan.authority, &plan.funded, &plan.forwardings, &plan.staff, day).unwrap();
/// let cm = s.by_baustein.iter().find(|r| r.baustein == kim_core::Baustein::CaseManagement).unwrap();
/// assert!(cm.filled <= cm.funded);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffingRow {
    /// Building block.
    pub baustein: Baustein,
    /// Employer; absent in the total row of a Baustein.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<Party>,
    /// Funded VZÄ held by the employer at the Stichtag.
    pub funded: Fte,
    /// Filled VZÄ at the Stichtag.
    pub filled: Fte,
    /// Funded but not filled (0 when over-filled).
    pub vacancy: Fte,
    /// Filled ÷ funded × 100, rounded half away from zero to two decimals (absent if nothing is funded).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::money::decimal_doc::option"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::DecimalText>")
    )]
    pub fill_rate_percent: Option<Decimal>,
    /// Persons in post at the Stichtag.
    pub headcount: u32,
}

/// Funded vs filled at a Stichtag.
///
/// ```
/// let plan = kim_core::Plan::example();
/// let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
/// let s = kim_core::staffing(&plan.authority, &plan.funded, &plan.forwardings, &plan.staff, day).unwrap();
/// assert_eq!(s.stichtag, day);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Staffing {
    /// The reference date.
    #[serde(with = "crate::period::date")]
    #[cfg_attr(feature = "ts", tsify(type = "IsoDate"))]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::IsoDate"))]
    pub stichtag: NaiveDate,
    /// One row per Baustein and employer.
    pub by_employer: Vec<StaffingRow>,
    /// One total row per Baustein.
    pub by_baustein: Vec<StaffingRow>,
}

fn active(period: Option<crate::period::Period>, day: NaiveDate) -> bool {
    period.is_none_or(|p| p.contains(day))
}

struct Acc {
    baustein: Baustein,
    employer: Party,
    funded: Fte,
    filled: Fte,
    headcount: u32,
}

fn row(
    b: Baustein,
    employer: Option<Party>,
    funded: Fte,
    filled: Fte,
    headcount: u32,
) -> Result<StaffingRow> {
    let fill_rate_percent = if funded.is_zero() {
        None
    } else {
        let ratio = mul(filled.value(), Decimal::ONE_HUNDRED)?
            .checked_div(funded.value())
            .ok_or_else(crate::money::overflow)?;
        Some(
            ratio
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
                .normalize(),
        )
    };
    Ok(StaffingRow {
        baustein: b,
        employer,
        funded,
        filled,
        vacancy: funded.checked_sub(filled).unwrap_or(Fte::ZERO),
        fill_rate_percent,
        headcount,
    })
}

/// Computes the staffing table at `stichtag`.
///
/// ```
/// let plan = kim_core::Plan::example();
/// let s = kim_core::staffing(&plan.authority, &plan.funded, &plan.forwardings, &plan.staff, chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()).unwrap();
/// assert!(!s.by_employer.is_empty());
/// ```
pub fn staffing(
    authority: &Party,
    funded: &[FundedPost],
    forwardings: &[Forwarding],
    staff: &[StaffedPost],
    stichtag: NaiveDate,
) -> Result<Staffing> {
    let mut acc: Vec<Acc> = Vec::new();
    fn slot<'a>(acc: &'a mut Vec<Acc>, b: Baustein, p: &Party) -> Option<&'a mut Acc> {
        if !acc.iter().any(|a| a.baustein == b && a.employer.same_as(p)) {
            acc.push(Acc {
                baustein: b,
                employer: p.clone(),
                funded: Fte::ZERO,
                filled: Fte::ZERO,
                headcount: 0,
            });
        }
        acc.iter_mut()
            .find(|a| a.baustein == b && a.employer.same_as(p))
    }
    for b in Baustein::ALL {
        let total = Fte::sum(
            funded
                .iter()
                .filter(|f| f.kind.baustein() == b && active(f.period, stichtag))
                .map(|f| f.fte),
        )?;
        let passed = Fte::sum(
            forwardings
                .iter()
                .filter(|f| f.kind.baustein() == b && active(f.period, stichtag))
                .map(|f| f.fte),
        )?;
        if !total.is_zero()
            && let Some(a) = slot(&mut acc, b, authority)
        {
            a.funded = total.checked_sub(passed).unwrap_or(Fte::ZERO);
        }
    }
    let mut stack: Vec<&Forwarding> = forwardings.iter().rev().collect();
    while let Some(f) = stack.pop() {
        if !active(f.period, stichtag) {
            continue;
        }
        let onward = Fte::sum(
            f.onward
                .iter()
                .filter(|o| active(o.period, stichtag))
                .map(|o| o.fte),
        )?;
        if let Some(a) = slot(&mut acc, f.kind.baustein(), &f.to) {
            a.funded = a
                .funded
                .checked_add(f.fte.checked_sub(onward).unwrap_or(Fte::ZERO))?;
        }
        stack.extend(f.onward.iter().rev());
    }
    for s in staff.iter().filter(|s| s.active_on(stichtag)) {
        if let Some(a) = slot(&mut acc, s.kind.baustein(), &s.employer) {
            a.filled = a.filled.checked_add(s.fte)?;
            a.headcount = a.headcount.saturating_add(1);
        }
    }
    crate::order::sort_by_key(&mut acc, |a| (a.baustein, !a.employer.same_as(authority)));
    let mut by_employer = Vec::with_capacity(acc.len());
    for a in &acc {
        by_employer.push(row(
            a.baustein,
            Some(a.employer.clone()),
            a.funded,
            a.filled,
            a.headcount,
        )?);
    }
    let mut by_baustein = Vec::new();
    for b in Baustein::ALL {
        let of_b: Vec<&Acc> = acc.iter().filter(|a| a.baustein == b).collect();
        if of_b.is_empty() {
            continue;
        }
        by_baustein.push(row(
            b,
            None,
            Fte::sum(of_b.iter().map(|a| a.funded))?,
            Fte::sum(of_b.iter().map(|a| a.filled))?,
            of_b.iter().fold(0u32, |n, a| n.saturating_add(a.headcount)),
        )?);
    }
    Ok(Staffing {
        stichtag,
        by_employer,
        by_baustein,
    })
}
