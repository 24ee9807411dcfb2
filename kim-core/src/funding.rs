//! The Land's grant to an authority (R1–R3, R7): per line `rate × VZÄ × pro-rata factor`,
//! rounded once to cents; totals per Baustein and overall; Baustein-1 workplace set-up
//! money as a separate one-off line.
//!
//! ```
//! use kim_core::{grant, FundedPost, GrantOptions, Params, PostKind, Fte};
//! let posts = [FundedPost::new(PostKind::CaseManager, "12".parse::<Fte>()?)];
//! let g = grant(&Params::default(), &posts, &GrantOptions::year(2023))?;
//! assert_eq!(g.total.to_string(), "684000.00"); // 12 × 57,000 € (Coesfeld 2023)
//! println!("{}", g.trace.render(kim_core::Lang::De));
//! # Ok::<(), kim_core::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::explain::{Trace, TraceNode, TraceParam, TraceProRata, TraceValue, rules};
use crate::money::{Euro, Fte, add, mul, overflow, prorate_to_cents};
use crate::params::{LegalForm, Mode, Params, RateKey, Status};
use crate::period::{Fraction, Period, ProRata, YEAR_RANGE, gcd};
use crate::program::{Baustein, FundedPost, PostKind};
use crate::validate::{Code, Violation};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Options of a grant computation. Every result records the options used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantOptions {
    /// The grant year (posts without a period cover all of it).
    pub year: i32,
    /// Pro-rating of part-year periods (default `full_year`).
    #[serde(default)]
    pub pro_rata: ProRata,
    /// Strict or lenient parameter lookup (default strict).
    #[serde(default)]
    pub mode: Mode,
}

impl GrantOptions {
    /// Defaults for a year: no pro-rating, strict parameters.
    pub fn year(year: i32) -> Self {
        GrantOptions {
            year,
            pro_rata: ProRata::FullYear,
            mode: Mode::Strict,
        }
    }
}

/// What a grant line pays for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantItem {
    /// Personnel cost (*Personalkosten*).
    Personnel,
    /// One-off workplace set-up (*Arbeitsplatzausstattung*, Baustein 1).
    WorkplaceSetup,
}

/// A rate applied to part of a line's period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateApplied {
    /// The part of the period.
    pub period: Period,
    /// Amount per VZÄ and year (per full-time post for one-off money).
    pub per_fte: Euro,
    /// Pro-rating factor of this part.
    pub factor: Fraction,
    /// The parameter with its source.
    pub parameter: TraceParam,
}

/// One line of a grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantLine {
    /// Index of the funded post in the input.
    pub index: usize,
    /// Personnel or workplace set-up.
    pub item: GrantItem,
    /// Kind of post.
    pub kind: PostKind,
    /// Building block.
    pub baustein: Baustein,
    /// Funded VZÄ.
    pub fte: Fte,
    /// Funded period.
    pub period: Period,
    /// Pro-rating factor of the whole line.
    pub factor: Fraction,
    /// Rates applied (more than one when the rate changes within the period).
    pub rates: Vec<RateApplied>,
    /// Amount, rounded to cents.
    pub amount: Euro,
    /// Weakest evidence status of the rates used.
    pub status: Status,
    /// The input was marked illustrative.
    #[serde(default)]
    pub illustrative: bool,
}

/// Total per building block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BausteinTotal {
    /// Building block.
    pub baustein: Baustein,
    /// Funded VZÄ (personnel lines).
    pub fte: Fte,
    /// Personnel money.
    pub personnel: Euro,
    /// Workplace set-up money.
    pub workplace_setup: Euro,
    /// Sum.
    pub amount: Euro,
    /// Legal form of the money in that year, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_form: Option<LegalForm>,
}

/// The Land's grant for a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    /// Year.
    pub year: i32,
    /// Pro-rating used.
    pub pro_rata: ProRata,
    /// Parameter mode used.
    pub mode: Mode,
    /// Total of all lines.
    pub total: Euro,
    /// Totals per building block (only blocks with lines).
    pub by_baustein: Vec<BausteinTotal>,
    /// The lines.
    pub lines: Vec<GrantLine>,
    /// Warnings and notes (carried-forward or assumed rates).
    pub warnings: Vec<Violation>,
    /// Explanation.
    pub trace: Trace,
}

impl Grant {
    /// Money for a post kind (personnel lines only).
    pub fn personnel_for(&self, kind: PostKind) -> Result<Euro> {
        Euro::sum(
            self.lines
                .iter()
                .filter(|l| l.kind == kind && l.item == GrantItem::Personnel)
                .map(|l| l.amount),
        )
    }

    /// Money for a building block (all lines).
    pub fn for_baustein(&self, b: Baustein) -> Euro {
        self.by_baustein
            .iter()
            .find(|t| t.baustein == b)
            .map_or(Euro::ZERO, |t| t.amount)
    }
}

pub(crate) fn check_year(year: i32, path: &str) -> Vec<Violation> {
    if (YEAR_RANGE.0..=YEAR_RANGE.1).contains(&year) {
        Vec::new()
    } else {
        vec![
            Violation::new(Code::V019, path)
                .with("year", year.to_string())
                .with("min", YEAR_RANGE.0.to_string())
                .with("max", YEAR_RANGE.1.to_string()),
        ]
    }
}

/// Checks funded posts without computing: VZÄ, periods, workplace money only for Baustein 1.
pub(crate) fn check_posts(posts: &[FundedPost], year: i32, prefix: &str) -> Vec<Violation> {
    let mut out = Vec::new();
    for (i, p) in posts.iter().enumerate() {
        let path = format!("{prefix}[{i}]");
        out.extend(p.fte.check(&format!("{path}.fte")));
        if let Some(period) = p.period {
            out.extend(period.check_in_year(&format!("{path}.period"), year));
        }
        if let Some(cost) = p.workplace_setup_cost {
            let cpath = format!("{path}.workplace_setup_cost");
            out.extend(cost.check(&cpath, true));
            if p.kind.baustein() != Baustein::Coordination {
                out.push(
                    Violation::new(Code::V010, cpath)
                        .with("kind", p.kind.as_str())
                        .with("kind_de", p.kind.label_de()),
                );
            }
        }
    }
    out
}

/// Sums `value_i × fraction_i` exactly and rounds once to cents.
fn sum_prorated(parts: &[(Decimal, Fraction)]) -> Result<Euro> {
    let lcm = parts.iter().try_fold(1u64, |acc, (_, f)| {
        let g = gcd(acc, f.den).max(1);
        acc.checked_div(g)?.checked_mul(f.den)
    });
    let lcm = lcm.ok_or_else(overflow)?;
    let mut numerator = Decimal::ZERO;
    for (value, f) in parts {
        let scale = lcm
            .checked_div(f.den)
            .and_then(|s| s.checked_mul(f.num))
            .ok_or_else(overflow)?;
        numerator = add(numerator, mul(*value, Decimal::from(scale))?)?;
    }
    let denominator = Fraction::new(1, lcm).ok_or_else(overflow)?;
    Ok(Euro::round(prorate_to_cents(numerator, denominator)?))
}

/// Computes the Land's grant for funded posts. Paths in errors start with `posts`.
pub fn grant(params: &Params, posts: &[FundedPost], opts: &GrantOptions) -> Result<Grant> {
    grant_at(params, posts, opts, "posts")
}

pub(crate) fn grant_at(
    params: &Params,
    posts: &[FundedPost],
    opts: &GrantOptions,
    prefix: &str,
) -> Result<Grant> {
    let mut problems = check_year(opts.year, "year");
    problems.extend(check_posts(posts, opts.year, prefix));
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let year_period = Period::year(opts.year)?;
    let ctx = Ctx {
        params,
        opts,
        year: year_period,
    };
    let mut warnings = Vec::new();
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for (i, post) in posts.iter().enumerate() {
        let path = format!("{prefix}[{i}]");
        match personnel_line(&ctx, post, i, &path, &mut warnings) {
            Ok(line) => lines.push(line),
            Err(e) => errors.extend(e.under(&path).violations()),
        }
        if let Some(cost) = post.workplace_setup_cost {
            match workplace_line(&ctx, post, i, &path, cost, &mut warnings) {
                Ok(line) => lines.push(line),
                Err(e) => errors.extend(
                    e.under(&format!("{path}.workplace_setup_cost"))
                        .violations(),
                ),
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let total = Euro::sum(lines.iter().map(|l| l.amount))?;
    let mut by_baustein = Vec::new();
    for b in Baustein::ALL {
        let of_b: Vec<&GrantLine> = lines.iter().filter(|l| l.baustein == b).collect();
        if of_b.is_empty() {
            continue;
        }
        let personnel = Euro::sum(
            of_b.iter()
                .filter(|l| l.item == GrantItem::Personnel)
                .map(|l| l.amount),
        )?;
        let workplace_setup = Euro::sum(
            of_b.iter()
                .filter(|l| l.item == GrantItem::WorkplaceSetup)
                .map(|l| l.amount),
        )?;
        by_baustein.push(BausteinTotal {
            baustein: b,
            fte: Fte::sum(
                of_b.iter()
                    .filter(|l| l.item == GrantItem::Personnel)
                    .map(|l| l.fte),
            )?,
            personnel,
            workplace_setup,
            amount: personnel.checked_add(workplace_setup)?,
            legal_form: params.legal_form(b, year_period.from).map(|e| e.form),
        });
    }
    let mut root = TraceNode::new(
        "grant",
        rules::GRANT,
        (
            &format!("Land grant {}", opts.year),
            &format!("Landesförderung {}", opts.year),
        ),
        ("sum of all grant lines", "Summe aller Förderzeilen"),
        TraceValue::euro("total", total),
    );
    root.children = lines
        .iter()
        .enumerate()
        .map(|(pos, l)| line_trace(l, pos, opts.pro_rata))
        .collect();
    Ok(Grant {
        year: opts.year,
        pro_rata: opts.pro_rata,
        mode: opts.mode,
        total,
        by_baustein,
        lines,
        warnings,
        trace: Trace::new(root),
    })
}

/// What every line of one grant computation shares.
struct Ctx<'a> {
    params: &'a Params,
    opts: &'a GrantOptions,
    year: Period,
}

fn personnel_line(
    ctx: &Ctx<'_>,
    post: &FundedPost,
    index: usize,
    path: &str,
    warnings: &mut Vec<Violation>,
) -> Result<GrantLine> {
    let (params, opts, year) = (ctx.params, ctx.opts, ctx.year);
    let period = post.period.unwrap_or(year);
    let key = RateKey::from(post.kind);
    let mut w = Vec::new();
    let segments = params.segments(key, period, opts.mode, &mut w)?;
    if opts.pro_rata == ProRata::FullYear && segments.len() > 1 {
        return Err(Violation::new(Code::R003, "period")
            .with("key", key.as_str())
            .with("key_de", key.label_de())
            .with("from", period.from.to_string())
            .with("to", period.to.to_string())
            .with("from_de", crate::period::date_de(period.from))
            .with("to_de", crate::period::date_de(period.to))
            .into());
    }
    warnings.extend(w.into_iter().map(|v| v.under(path)));
    let mut rates = Vec::with_capacity(segments.len());
    let mut parts = Vec::with_capacity(segments.len());
    for seg in &segments {
        let factor = seg.period.factor(opts.pro_rata)?;
        let per_fte = seg.rate.per_fte_year()?;
        parts.push((mul(per_fte.amount(), post.fte.value())?, factor));
        rates.push(RateApplied {
            period: seg.period,
            per_fte,
            factor,
            parameter: TraceParam::from(&seg.rate),
        });
    }
    let amount = sum_prorated(&parts)?;
    let factor = period.factor(opts.pro_rata)?;
    let status = segments
        .iter()
        .map(|s| s.rate.status())
        .max()
        .unwrap_or(Status::Stated);
    Ok(GrantLine {
        index,
        item: GrantItem::Personnel,
        kind: post.kind,
        baustein: post.kind.baustein(),
        fte: post.fte,
        period,
        factor,
        rates,
        amount,
        status,
        illustrative: post.illustrative,
    })
}

fn workplace_line(
    ctx: &Ctx<'_>,
    post: &FundedPost,
    index: usize,
    path: &str,
    cost: Euro,
    warnings: &mut Vec<Violation>,
) -> Result<GrantLine> {
    let (params, opts, year) = (ctx.params, ctx.opts, ctx.year);
    let period = post.period.unwrap_or(year);
    let mut w = Vec::new();
    let segments = params.segments(
        RateKey::WorkplaceSetup,
        Period {
            from: period.from,
            to: period.from,
        },
        opts.mode,
        &mut w,
    )?;
    let seg = segments.first().ok_or_else(|| Error::at(Code::R001, ""))?;
    warnings.extend(
        w.into_iter()
            .map(|v| v.under(&format!("{path}.workplace_setup_cost"))),
    );
    let per_fte = seg.rate.per_fte_year()?;
    let cap = per_fte.times_fte(post.fte)?;
    Ok(GrantLine {
        index,
        item: GrantItem::WorkplaceSetup,
        kind: post.kind,
        baustein: post.kind.baustein(),
        fte: post.fte,
        period,
        factor: Fraction::ONE,
        rates: vec![RateApplied {
            period: seg.period,
            per_fte,
            factor: Fraction::ONE,
            parameter: TraceParam::from(&seg.rate),
        }],
        amount: cost.min(cap),
        status: seg.rate.status(),
        illustrative: post.illustrative,
    })
}

fn line_trace(l: &GrantLine, pos: usize, method: ProRata) -> TraceNode {
    let id = format!("grant.lines[{pos}]");
    let mut node = match l.item {
        GrantItem::Personnel => TraceNode::new(
            id,
            rules::GRANT,
            (
                &format!("Personnel grant, {} (Baustein {})", l.kind.label_en(), l.baustein),
                &format!("Personalkostenförderung {} (Baustein {})", l.kind.label_de(), l.baustein),
            ),
            (
                "rate per VZÄ and year × VZÄ × pro-rata factor, summed over rate periods, rounded once to cents (half away from zero)",
                "Fördersatz je VZÄ und Jahr × VZÄ × Anteil, summiert über die Geltungszeiträume, einmal kaufmännisch auf Cent gerundet",
            ),
            TraceValue::euro("amount", l.amount),
        ),
        GrantItem::WorkplaceSetup => TraceNode::new(
            id,
            rules::WORKPLACE,
            (
                &format!("Workplace set-up, {} (one-off)", l.kind.label_en()),
                &format!("Arbeitsplatzausstattung {} (einmalig)", l.kind.label_de()),
            ),
            ("min(claimed cost, amount per full-time post × VZÄ)", "min(beantragte Kosten, Betrag je Vollzeitstelle × VZÄ)"),
            TraceValue::euro("amount", l.amount),
        ),
    }
    .input(TraceValue::fte("fte", l.fte))
    .input(TraceValue::text("from", l.period.from.to_string(), "date"))
    .input(TraceValue::text("to", l.period.to.to_string(), "date"));
    node.parameters = l.rates.iter().map(|r| r.parameter.clone()).collect();
    if l.item == GrantItem::Personnel {
        node.pro_rata = l.rates.first().map(|_| TraceProRata {
            method,
            factor: l.factor,
        });
    }
    node
}
