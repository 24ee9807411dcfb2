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
use std::collections::HashMap;
use std::sync::Arc;

/// Options of a grant computation. Every result records the options used.
///
/// ```
/// use kim_core::{grant, FundedPost, GrantOptions, Params, PostKind};
/// let posts = [FundedPost::new(PostKind::CaseManager, "2".parse().unwrap())];
/// let g = grant(Params::embedded(), &posts, &GrantOptions::year(2023)).unwrap();
/// assert_eq!((g.year, g.mode), (2023, kim_core::Mode::Strict));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// Explain every line in `trace` (default true). Without it the trace holds only the
    /// total, which makes bulk computations (a million lines) about three times faster;
    /// every line still carries its rates, factor, status and sources.
    #[serde(default = "yes")]
    pub trace: bool,
}

fn yes() -> bool {
    true
}

impl GrantOptions {
    /// Defaults for a year: no pro-rating, strict parameters.
    ///
    /// ```
    /// use kim_core::{GrantOptions, Mode, ProRata};
    /// let o = GrantOptions::year(2023);
    /// assert_eq!((o.pro_rata, o.mode), (ProRata::FullYear, Mode::Strict));
    /// ```
    pub fn year(year: i32) -> Self {
        GrantOptions {
            year,
            pro_rata: ProRata::FullYear,
            mode: Mode::Strict,
            trace: true,
        }
    }
}

/// What a grant line pays for.
///
/// ```
/// use kim_core::{grant, FundedPost, GrantOptions, Params, PostKind};
/// let posts = [FundedPost::new(PostKind::CaseManager, "2".parse().unwrap())];
/// let g = grant(Params::embedded(), &posts, &GrantOptions::year(2023)).unwrap();
/// assert_eq!(g.lines[0].item, kim_core::GrantItem::Personnel);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum GrantItem {
    /// Personnel cost (*Personalkosten*).
    Personnel,
    /// One-off workplace set-up (*Arbeitsplatzausstattung*, Baustein 1).
    WorkplaceSetup,
}

/// A rate applied to part of a line's period.
///
/// ```
/// use kim_core::{grant, FundedPost, GrantOptions, Params, PostKind};
/// let posts = [FundedPost::new(PostKind::CaseManager, "2".parse().unwrap())];
/// let g = grant(Params::embedded(), &posts, &GrantOptions::year(2023)).unwrap();
/// let applied = &g.lines[0].rates[0];
/// assert_eq!(applied.per_fte.to_string(), "57000.00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RateApplied {
    /// The part of the period.
    pub period: Period,
    /// Amount per VZÄ and year (per full-time post for one-off money).
    pub per_fte: Euro,
    /// Pro-rating factor of this part.
    pub factor: Fraction,
    /// The parameter with its source (shared by every line that uses it).
    pub parameter: Arc<TraceParam>,
}

/// One line of a grant.
///
/// ```
/// use kim_core::{grant, FundedPost, GrantOptions, Params, PostKind};
/// let posts = [FundedPost::new(PostKind::CaseManager, "2".parse().unwrap())];
/// let g = grant(Params::embedded(), &posts, &GrantOptions::year(2023)).unwrap();
/// assert_eq!(g.lines[0].amount.to_string(), "114000.00"); // 2 × 57,000 €
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// Rates applied (more than one when the rate changes within the period); shared by
    /// every line with the same kind and period.
    pub rates: Arc<[RateApplied]>,
    /// Amount, rounded to cents.
    pub amount: Euro,
    /// Weakest evidence status of the rates used.
    pub status: Status,
    /// The input was marked illustrative.
    #[serde(default)]
    pub illustrative: bool,
}

/// Total per building block.
///
/// ```
/// use kim_core::{grant, FundedPost, GrantOptions, Params, PostKind};
/// let posts = [FundedPost::new(PostKind::CaseManager, "2".parse().unwrap())];
/// let g = grant(Params::embedded(), &posts, &GrantOptions::year(2023)).unwrap();
/// let b = &g.by_baustein[0];
/// assert_eq!((b.baustein, b.amount.to_string()), (kim_core::Baustein::CaseManagement, "114000.00".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
///
/// ```
/// use kim_core::{grant, FundedPost, GrantOptions, Params, PostKind};
/// let posts = [FundedPost::new(PostKind::CaseManager, "2".parse().unwrap())];
/// let g = grant(Params::embedded(), &posts, &GrantOptions::year(2023)).unwrap();
/// assert_eq!(g.total.to_string(), "114000.00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    ///
    /// ```
    /// use kim_core::{grant, FundedPost, GrantOptions, Params, PostKind};
    /// let posts = [FundedPost::new(PostKind::CaseManager, "2".parse().unwrap())];
    /// let g = grant(Params::embedded(), &posts, &GrantOptions::year(2023)).unwrap();
    /// assert_eq!(g.personnel_for(PostKind::CaseManager).unwrap(), g.total);
    /// assert!(g.personnel_for(PostKind::Coordination).unwrap().is_zero());
    /// ```
    pub fn personnel_for(&self, kind: PostKind) -> Result<Euro> {
        Euro::sum(
            self.lines
                .iter()
                .filter(|l| l.kind == kind && l.item == GrantItem::Personnel)
                .map(|l| l.amount),
        )
    }

    /// Money for a building block (all lines).
    ///
    /// ```
    /// use kim_core::{grant, FundedPost, GrantOptions, Params, PostKind};
    /// let posts = [FundedPost::new(PostKind::CaseManager, "2".parse().unwrap())];
    /// let g = grant(Params::embedded(), &posts, &GrantOptions::year(2023)).unwrap();
    /// assert_eq!(g.for_baustein(kim_core::Baustein::CaseManagement), g.total);
    /// ```
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
        // paths are built only for the rare line with a problem
        let path = || format!("{prefix}[{i}]");
        out.extend(p.fte.check(|| format!("{}.fte", path())));
        if let Some(period) = p.period {
            out.extend(
                period
                    .check_in_year("", year)
                    .into_iter()
                    .map(|v| v.under(&format!("{}.period", path()))),
            );
        }
        if let Some(cost) = p.workplace_setup_cost {
            let cpath = format!("{}.workplace_setup_cost", path());
            out.extend(cost.check(|| cpath.clone(), true));
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
///
/// ```
/// use kim_core::{grant, FundedPost, GrantOptions, Params, PostKind};
/// let posts = [FundedPost::new(PostKind::CaseManager, "2".parse().unwrap())];
/// let g = grant(Params::embedded(), &posts, &GrantOptions::year(2023)).unwrap();
/// assert_eq!(g.total.to_string(), "114000.00");
/// let bad = [FundedPost::new(PostKind::CaseManager, "2".parse().unwrap())];
/// let e = grant(Params::embedded(), &bad, &GrantOptions::year(1999)).unwrap_err();
/// assert_eq!(e.path(), "options.year");
/// ```
pub fn grant(params: &Params, posts: &[FundedPost], opts: &GrantOptions) -> Result<Grant> {
    grant_at(params, posts, opts, "posts")
}

pub(crate) fn grant_at(
    params: &Params,
    posts: &[FundedPost],
    opts: &GrantOptions,
    prefix: &str,
) -> Result<Grant> {
    let mut problems = check_year(opts.year, "options.year");
    problems.extend(check_posts(posts, opts.year, prefix));
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let year_period = Period::year(opts.year)?;
    let mut ctx = Ctx {
        params,
        opts,
        year: year_period,
        rated: HashMap::new(),
    };
    let mut warnings = Vec::new();
    let mut lines = Vec::with_capacity(posts.len());
    let mut errors = Vec::new();
    for (i, post) in posts.iter().enumerate() {
        match personnel_line(&mut ctx, post, i, prefix, &mut warnings) {
            Ok(line) => lines.push(line),
            Err(e) => errors.extend(e.under(&format!("{prefix}[{i}]")).violations()),
        }
        if let Some(cost) = post.workplace_setup_cost {
            let path = format!("{prefix}[{i}]");
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
    // one pass over the lines for the totals per Baustein
    let mut sums = [(Fte::ZERO, Euro::ZERO, Euro::ZERO, false); 3];
    for l in &lines {
        let slot = match l.baustein {
            Baustein::Coordination => &mut sums[0],
            Baustein::CaseManagement => &mut sums[1],
            Baustein::Offices => &mut sums[2],
        };
        slot.3 = true;
        match l.item {
            GrantItem::Personnel => {
                slot.0 = slot.0.checked_add(l.fte)?;
                slot.1 = slot.1.checked_add(l.amount)?;
            }
            GrantItem::WorkplaceSetup => slot.2 = slot.2.checked_add(l.amount)?,
        }
    }
    let mut by_baustein = Vec::new();
    for (b, (fte, personnel, workplace_setup, used)) in Baustein::ALL.into_iter().zip(sums) {
        if used {
            by_baustein.push(BausteinTotal {
                baustein: b,
                fte,
                personnel,
                workplace_setup,
                amount: personnel.checked_add(workplace_setup)?,
                legal_form: params.legal_form(b, year_period.from).map(|e| e.form),
            });
        }
    }
    let mut root = TraceNode::new(
        "grant",
        rules::GRANT,
        (
            format!("Land grant {}", opts.year),
            format!("Landesförderung {}", opts.year),
        ),
        ("sum of all grant lines", "Summe aller Förderzeilen"),
        TraceValue::euro("total", total),
    );
    root.children = lines
        .iter()
        .take(if opts.trace { usize::MAX } else { 0 })
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
    /// Rates per (kind, period), looked up once per grant call.
    rated: HashMap<(RateKey, Period), Result<Rated>>,
}

/// The rates of one (kind, period), with their factors, computed once per grant call.
#[derive(Clone)]
struct Rated {
    rates: Arc<[RateApplied]>,
    factor: Fraction,
    status: Status,
}

/// Looks up the rates for a kind and period; warnings (assumed or carried-forward rates) are
/// reported once, at the first line that uses the rate.
fn rated(
    ctx: &mut Ctx<'_>,
    key: RateKey,
    period: Period,
    path: impl Fn() -> String,
    warnings: &mut Vec<Violation>,
) -> Result<Rated> {
    if let Some(r) = ctx.rated.get(&(key, period)) {
        return r.clone();
    }
    let opts = ctx.opts;
    let mut w = Vec::new();
    let result = (|| {
        let segments = ctx.params.segments(key, period, opts.mode, &mut w)?;
        if opts.pro_rata == ProRata::FullYear && segments.len() > 1 {
            return Err(Violation::new(Code::R003, "period")
                .with("key", key.as_str())
                .with("key_de", key.label_de())
                .with_date("from", period.from)
                .with_date("to", period.to)
                .into());
        }
        let mut rates = Vec::with_capacity(segments.len());
        for seg in &segments {
            rates.push(RateApplied {
                period: seg.period,
                per_fte: seg.rate.per_fte_year()?,
                factor: seg.period.factor(opts.pro_rata)?,
                parameter: Arc::new(TraceParam::from(&seg.rate)),
            });
        }
        Ok(Rated {
            rates: rates.into(),
            factor: period.factor(opts.pro_rata)?,
            status: segments
                .iter()
                .map(|s| s.rate.status())
                .max()
                .unwrap_or(Status::Stated),
        })
    })();
    if result.is_ok() && !w.is_empty() {
        let at = path();
        warnings.extend(w.into_iter().map(|v| v.under(&at)));
    }
    ctx.rated.insert((key, period), result.clone());
    result
}

fn personnel_line(
    ctx: &mut Ctx<'_>,
    post: &FundedPost,
    index: usize,
    prefix: &str,
    warnings: &mut Vec<Violation>,
) -> Result<GrantLine> {
    let period = post.period.unwrap_or(ctx.year);
    let r = rated(
        ctx,
        RateKey::from(post.kind),
        period,
        || format!("{prefix}[{index}]"),
        warnings,
    )?;
    let amount = match &*r.rates {
        [one] => Euro::round(prorate_to_cents(
            mul(one.per_fte.amount(), post.fte.value())?,
            one.factor,
        )?),
        many => {
            let mut parts = Vec::with_capacity(many.len());
            for seg in many {
                parts.push((mul(seg.per_fte.amount(), post.fte.value())?, seg.factor));
            }
            sum_prorated(&parts)?
        }
    };
    Ok(GrantLine {
        index,
        item: GrantItem::Personnel,
        kind: post.kind,
        baustein: post.kind.baustein(),
        fte: post.fte,
        period,
        factor: r.factor,
        rates: r.rates,
        amount,
        status: r.status,
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
            parameter: Arc::new(TraceParam::from(&seg.rate)),
        }]
        .into(),
        amount: cost.min(cap),
        status: seg.rate.status(),
        illustrative: post.illustrative,
    })
}

/// Titles of personnel lines (fixed text: no allocation per line).
fn personnel_title(kind: PostKind) -> (&'static str, &'static str) {
    match kind {
        PostKind::Coordination => (
            "Personnel grant, coordination (Baustein 1)",
            "Personalkostenförderung Koordination (Baustein 1)",
        ),
        PostKind::AdminAssistance => (
            "Personnel grant, administrative assistance (Baustein 1)",
            "Personalkostenförderung Verwaltungsassistenz (Baustein 1)",
        ),
        PostKind::CaseManager => (
            "Personnel grant, case management (Baustein 2)",
            "Personalkostenförderung Case Management (Baustein 2)",
        ),
        PostKind::Abh => (
            "Personnel grant, immigration office (Baustein 3)",
            "Personalkostenförderung Ausländerbehörde (Baustein 3)",
        ),
        PostKind::Ebh => (
            "Personnel grant, naturalisation office (Baustein 3)",
            "Personalkostenförderung Einbürgerungsbehörde (Baustein 3)",
        ),
    }
}

fn line_trace(l: &GrantLine, pos: usize, method: ProRata) -> TraceNode {
    let id = format!("grant.lines[{pos}]");
    let mut node = match l.item {
        GrantItem::Personnel => TraceNode::new(
            id,
            rules::GRANT,
            personnel_title(l.kind),
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
                format!("Workplace set-up, {} (one-off)", l.kind.label_en()),
                format!("Arbeitsplatzausstattung {} (einmalig)", l.kind.label_de()),
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
