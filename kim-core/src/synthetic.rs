//! Seeded synthetic case data for examples, benchmarks and notebooks (no real personal data).
//!
//! Everything here is deterministic: the same seed gives the same document on every platform
//! (a SplitMix64 generator, [`Rng`], no external crate, no clock). The data look like a
//! Kreis's year of Kommunales Integrationsmanagement:
//!
//! * **Consultations** ([`Consultation`]): Erst-, Folge- and Verweisberatungen; most serve one
//!   person, some 2–5 (family appointments, as in the StädteRegion Aachen). Consultations of a
//!   case carry its id and topics; the rest (one-off contacts, referrals) carry none.
//! * **Cases**: opened at a first consultation (about a fifth in the year before, carried
//!   over), with follow-up consultations in `klaerung`; about three in five are admitted after
//!   a consent to case management, the others are closed from `klaerung` with a reason
//!   (`kein_kontakt`, `nicht_berechtigt`, …) or still being clarified at the end of the year.
//!   Admitted cases go through assessment, support planning, implementation and evaluation
//!   (replanning or reassessing), record topics (WOHNEN, ARBEIT, SPRACHE, AUFENTHALT, …), a
//!   Rechtskreis (often AsylbLG, later a Rechtskreiswechsel to SGB II, now and then with a
//!   gap: warning `KIM-C015`), Treppenmodell levels, pauses and resumptions, closures with
//!   various reasons, a few revoked consents (which close the case and erase its details), a
//!   few reopened cases, and topics flagged as generative (enough for the report's
//!   `generative_topics`).
//! * **Fallrekonstruktionen**: two to four sets of 3–4 admitted cases per year.
//!
//! Entry points: [`kreis_year`] (one Kreis, [`SyntheticOptions`]), [`state_year`] (the 54
//! authorities of NRW in one document, [`nrw_authorities`]), [`events`] (exactly N events per
//! case, for benchmarks) and [`history`] (one case).
//!
//! Every history replays **without errors** (warnings can occur): within a case the effective
//! days are strictly increasing and every event is recorded on or after its effective day;
//! the document's events are in recorded order (timestamps non-decreasing). Ids are
//! pseudonyms: cases `c-0001`, events `e-0001-03` (case 1, third event), staff `s-07`,
//! consultations `b-0001`, Fallrekonstruktionen `fr-1`.
//!
//! ```
//! use kim_core::cases::replay_document;
//! use kim_core::reporting::{report, ReportPeriod};
//! use kim_core::synthetic::{kreis_year, SyntheticOptions};
//!
//! let opts = SyntheticOptions::default(); // Kreis Heinsberg, 2023, 2,000 consultations, 400 cases
//! let doc = kreis_year(42, &opts);
//! assert_eq!(doc.consultations.len(), 2000);
//! assert_eq!(doc.case_ids().len(), 400);
//! assert_eq!(doc, kreis_year(42, &opts)); // seeded: the same every time
//! assert!(replay_document(&doc).is_valid());
//!
//! let r = report(None, Some(&doc), &"2023".parse::<ReportPeriod>()?)?;
//! assert_eq!(r.rejected_events, 0);
//! assert_eq!(r.cases_by_kommune.len(), 10);
//! # Ok::<(), kim_core::Error>(())
//! ```

use crate::cases::{
    CaseConfig, CaseEvent, CaseState, CasesDocument, Consultation, ConsultationKind, EventType,
    Fallrekonstruktion,
};
use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, TimeDelta};

// -----------------------------------------------------------------------------------------
// PRNG
// -----------------------------------------------------------------------------------------

/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast, seedable generator with the same
/// output on every platform. Not for cryptography.
///
/// ```
/// use kim_core::synthetic::Rng;
/// let mut a = Rng::new(7);
/// let mut b = Rng::new(7);
/// assert_eq!(a.next_u64(), b.next_u64());
/// assert!(a.below(10) < 10);
/// assert!((3..=5).contains(&a.range(3, 5)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator seeded with `seed`.
    ///
    /// ```
    /// use kim_core::synthetic::Rng;
    /// assert_eq!(Rng::new(7).next_u64(), Rng::new(7).next_u64()); // the same seed, the same numbers
    /// ```
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// An independent generator for stream `k` (e.g. one per case), derived from this one's
    /// seed without advancing it.
    ///
    /// ```
    /// use kim_core::synthetic::Rng;
    /// let root = Rng::new(7);
    /// assert_ne!(root.fork(1).next_u64(), root.fork(2).next_u64());
    /// ```
    pub fn fork(&self, k: u64) -> Rng {
        let mut r = Rng::new(
            self.state
                ^ k.wrapping_add(1)
                    .wrapping_mul(0xD1B5_4A32_D192_ED03)
                    .rotate_left(17),
        );
        r.next_u64();
        r
    }

    /// The next 64 random bits.
    ///
    /// ```
    /// let mut rng = kim_core::synthetic::Rng::new(1);
    /// assert_ne!(rng.next_u64(), rng.next_u64());
    /// ```
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ z.wrapping_shr(30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ z.wrapping_shr(27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ z.wrapping_shr(31)
    }

    /// Uniform in `0..n` (0 when `n` is 0), by multiply-shift.
    ///
    /// ```
    /// let mut rng = kim_core::synthetic::Rng::new(1);
    /// assert!(rng.below(6) < 6 && rng.below(0) == 0);
    /// ```
    pub fn below(&mut self, n: u64) -> u64 {
        let wide = u128::from(self.next_u64()).wrapping_mul(u128::from(n));
        u64::try_from(wide.wrapping_shr(64)).unwrap_or(0)
    }

    /// Uniform in `lo..=hi` (`lo` when `hi < lo`).
    ///
    /// ```
    /// let mut rng = kim_core::synthetic::Rng::new(1);
    /// assert!((3..=5).contains(&rng.range(3, 5)));
    /// ```
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        let span = hi.saturating_sub(lo).saturating_add(1);
        lo.saturating_add(self.below(span))
    }

    /// True with probability `per_mille` / 1000.
    ///
    /// ```
    /// let mut rng = kim_core::synthetic::Rng::new(1);
    /// assert!(!rng.chance(0) && rng.chance(1000));
    /// ```
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// Uniform index into a slice of length `len` (0 when empty).
    fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }

    /// A uniformly chosen element.
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let i = self.index(items.len());
        items.get(i)
    }

    /// An element chosen by weight.
    fn weighted<'a, T>(&mut self, items: &'a [(T, u64)]) -> Option<&'a T> {
        let total = items.iter().fold(0u64, |s, (_, w)| s.saturating_add(*w));
        let mut x = self.below(total);
        for (item, w) in items {
            if x < *w {
                return Some(item);
            }
            x = x.saturating_sub(*w);
        }
        items.last().map(|(item, _)| item)
    }

    /// Shuffles a slice in place (Fisher–Yates).
    fn shuffle<T>(&mut self, items: &mut [T]) {
        let mut i = items.len();
        while i > 1 {
            let j = self.index(i);
            i = i.saturating_sub(1);
            items.swap(i, j);
        }
    }
}

// -----------------------------------------------------------------------------------------
// Options and code weights
// -----------------------------------------------------------------------------------------

/// The 10 Gemeinden of Kreis Heinsberg with their Zensus 2022 population
/// (`kim-core/data/nrw-gemeinden.csv`), the default Kommunen.
pub const HEINSBERG: &[(&str, u64)] = &[
    ("Erkelenz", 44_216),
    ("Gangelt", 12_849),
    ("Geilenkirchen", 28_139),
    ("Heinsberg", 42_593),
    ("Hückelhoven", 40_659),
    ("Selfkant", 10_461),
    ("Übach-Palenberg", 23_748),
    ("Waldfeucht", 9_021),
    ("Wassenberg", 19_191),
    ("Wegberg", 28_098),
];

/// Population of Kreis Heinsberg (the sum of [`HEINSBERG`]): [`state_year`] scales each
/// authority's cases and consultations from the default Kreis-year by population.
pub const HEINSBERG_POPULATION: u64 = 258_975;

/// What [`kreis_year`] generates.
///
/// ```
/// let o = kim_core::synthetic::SyntheticOptions::default();
/// assert_eq!((o.cases, o.consultations), (400, 2000));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntheticOptions {
    /// The year. About a fifth of the cases were opened in the year before (carried over);
    /// no event is effective after 31 December.
    pub year: i32,
    /// The Kommunen with their weights (e.g. population); cases and consultations are spread
    /// over them by weight. Default: the 10 Gemeinden of Kreis Heinsberg ([`HEINSBERG`]).
    pub kommunen: Vec<(String, u64)>,
    /// Number of consultations (exact). Default 2,000.
    pub consultations: usize,
    /// Number of cases (exact). Default 400.
    pub cases: usize,
    /// Prefix for case, staff, consultation and Fallrekonstruktion ids (e.g. `05370.` when
    /// documents of several authorities are merged); must keep ids pseudonyms (ASCII letters,
    /// digits, `.`, `_`, `:`, `-`). Default empty.
    pub prefix: String,
}

impl Default for SyntheticOptions {
    fn default() -> Self {
        SyntheticOptions {
            year: 2023,
            kommunen: HEINSBERG.iter().map(|&(k, w)| (k.to_owned(), w)).collect(),
            consultations: 2000,
            cases: 400,
            prefix: String::new(),
        }
    }
}

/// Handlungsfelder by how often they come up.
const TOPIC_WEIGHTS: &[(&str, u64)] = &[
    ("WOHNEN", 20),
    ("ARBEIT", 18),
    ("SPRACHE", 16),
    ("AUFENTHALT", 14),
    ("LEISTUNGEN", 9),
    ("BEHOERDEN", 8),
    ("BILDUNG", 7),
    ("GESUNDHEIT", 6),
    ("ANERKENNUNG", 5),
    ("FAMILIE", 5),
    ("FAMILIENNACHZUG", 4),
    ("TEILHABE", 4),
    ("ORIENTIERUNG", 4),
    ("EINBUERGERUNG", 2),
];

/// Topics staff flag as generative (a structural problem seen in several cases).
const GENERATIVE: &[(&str, u64)] = &[("WOHNEN", 5), ("ANERKENNUNG", 3), ("SPRACHE", 2)];

/// The Rechtskreis recorded first.
const RECHTSKREIS_WEIGHTS: &[(&str, u64)] = &[
    ("AsylbLG", 45),
    ("SGB_II", 33),
    ("SGB_XII", 5),
    ("SGB_VIII", 5),
    ("SGB_III", 5),
    ("AufenthG", 7),
];

/// Closing reasons of cases never admitted.
const CLARIFY_REASONS: &[(&str, u64)] = &[
    ("kein_kontakt", 40),
    ("nicht_berechtigt", 25),
    ("uebergabe", 15),
    ("verzogen", 10),
    ("sonstiges", 10),
];

/// Closing reasons of admitted cases that end before their goal.
const EARLY_REASONS: &[(&str, u64)] = &[
    ("kein_kontakt", 35),
    ("verzogen", 25),
    ("uebergabe", 30),
    ("sonstiges", 10),
];

const REOPEN_REASONS: &[&str] = &["erneuter_bedarf", "rueckkehr", "neue_lage"];
const PAUSE_REASONS: &[&str] = &[
    "krankheit",
    "elternzeit",
    "sprachkurs",
    "auslandsaufenthalt",
];

// -----------------------------------------------------------------------------------------
// Dates
// -----------------------------------------------------------------------------------------

fn jan1(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default()
}

fn dec31(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default()
}

fn plus(d: NaiveDate, days: u64) -> Option<NaiveDate> {
    d.checked_add_days(Days::new(days))
}

fn minus(d: NaiveDate, days: u64) -> Option<NaiveDate> {
    d.checked_sub_days(Days::new(days))
}

fn days_between(a: NaiveDate, b: NaiveDate) -> u64 {
    u64::try_from(b.signed_duration_since(a).num_days()).unwrap_or(0)
}

/// A uniformly chosen day in `from..=to`.
fn day_in(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    plus(from, rng.below(days_between(from, to).saturating_add(1))).unwrap_or(from)
}

// -----------------------------------------------------------------------------------------
// One case
// -----------------------------------------------------------------------------------------

/// Where a history stops.
#[derive(Clone, Copy, Debug)]
enum Until {
    /// No event after this day (a Kreis-year: 31 December).
    Day(NaiveDate),
    /// Exactly this many events (closed cases are reopened to keep going).
    Events(usize),
}

/// A consultation of a case, before ids are given.
struct Linked {
    date: NaiveDate,
    kind: ConsultationKind,
    topics: Vec<&'static str>,
}

/// Walks one case through its lifecycle, tracking what the replay will see so that every
/// event is allowed.
struct Walker {
    rng: Rng,
    case: String,
    event_prefix: String,
    actor: String,
    staff_prefix: String,
    staff: u64,
    kommune: String,
    until: Until,
    day: NaiveDate,
    recorded: Option<NaiveDateTime>,
    events: Vec<CaseEvent>,
    linked: Vec<Linked>,
    state: CaseState,
    topics: Vec<&'static str>,
    rechtskreis: Option<(&'static str, NaiveDate)>,
    treppe: u8,
    cm_consent: bool,
    data_consent: bool,
    revoked: bool,
    admitted: bool,
}

/// What a case looks like after its walk.
struct Walked {
    events: Vec<CaseEvent>,
    linked: Vec<Linked>,
    kommune: String,
    admitted: bool,
}

/// Everything a walk needs to start.
struct Start<'a> {
    case: String,
    number: usize,
    kommune: String,
    staff_prefix: &'a str,
    staff: u64,
    opened: NaiveDate,
    until: Until,
}

impl Walker {
    fn new(rng: Rng, s: Start<'_>) -> Self {
        let mut w = Walker {
            rng,
            case: s.case,
            event_prefix: format!("e-{:04}-", s.number),
            actor: String::new(),
            staff_prefix: s.staff_prefix.to_owned(),
            staff: s.staff.max(1),
            kommune: s.kommune,
            until: s.until,
            day: s.opened,
            recorded: None,
            events: Vec::new(),
            linked: Vec::new(),
            state: CaseState::Klaerung,
            topics: Vec::new(),
            rechtskreis: None,
            treppe: 0,
            cm_consent: false,
            data_consent: false,
            revoked: false,
            admitted: false,
        };
        w.actor = w.staff_id();
        w
    }

    fn run(mut self) -> Walked {
        let _ = self.walk();
        Walked {
            events: self.events,
            linked: self.linked,
            kommune: self.kommune,
            admitted: self.admitted,
        }
    }

    fn staff_id(&mut self) -> String {
        let n = self.rng.range(1, self.staff);
        format!("{}s-{n:02}", self.staff_prefix)
    }

    fn events_mode(&self) -> bool {
        matches!(self.until, Until::Events(_))
    }

    /// Appends an event `lo..=hi` days (at least one) after the previous one, recorded on
    /// its day or a little later; `None` when the horizon or the event count is reached.
    fn emit(&mut self, event: EventType, lo: u64, hi: u64) -> Option<&mut CaseEvent> {
        if let Until::Events(n) = self.until
            && self.events.len() >= n
        {
            return None;
        }
        let day = if self.events.is_empty() {
            self.day
        } else {
            plus(self.day, self.rng.range(lo.max(1), hi.max(lo).max(1)))?
        };
        if let Until::Day(end) = self.until
            && day > end
        {
            return None;
        }
        let recorded = self.recorded_for(day)?;
        let seq = self.events.len().saturating_add(1);
        // now and then a colleague stands in
        let actor = if self.rng.chance(80) {
            self.staff_id()
        } else {
            self.actor.clone()
        };
        self.day = day;
        self.recorded = Some(recorded);
        self.events.push(CaseEvent::new(
            format!("{}{seq:02}", self.event_prefix),
            self.case.clone(),
            event,
            day,
            recorded,
            actor,
        ));
        self.events.last_mut()
    }

    /// Office hours on the day, sometimes entered days later; never before the previous
    /// event of the case.
    fn recorded_for(&mut self, day: NaiveDate) -> Option<NaiveDateTime> {
        let delay = match self.rng.below(100) {
            0..=79 => 0,
            80..=94 => self.rng.range(1, 3),
            _ => self.rng.range(4, 10),
        };
        let minutes = i64::try_from(self.rng.range(8 * 60, 17 * 60 + 30)).unwrap_or(480);
        let at = plus(day, delay)?
            .and_hms_opt(0, 0, 0)?
            .checked_add_signed(TimeDelta::minutes(minutes))?;
        match self.recorded {
            Some(prev) if at <= prev => {
                let m = i64::try_from(self.rng.range(1, 20)).unwrap_or(1);
                prev.checked_add_signed(TimeDelta::minutes(m))
            }
            _ => Some(at),
        }
    }

    /// A consultation of this case on the current day.
    fn consult(&mut self, kind: ConsultationKind) {
        let mut topics: Vec<&'static str> = self.topics.iter().take(3).copied().collect();
        if topics.is_empty()
            && let Some(t) = self.rng.weighted(TOPIC_WEIGHTS)
        {
            topics.push(t);
        }
        self.linked.push(Linked {
            date: self.day,
            kind,
            topics,
        });
    }

    fn new_topic(&mut self) -> Option<&'static str> {
        for _ in 0..8 {
            let t = *self.rng.weighted(TOPIC_WEIGHTS)?;
            if !self.topics.contains(&t) {
                return Some(t);
            }
        }
        None
    }

    fn add_topic(&mut self, lo: u64, hi: u64) -> Option<()> {
        let Some(t) = self.new_topic() else {
            return Some(());
        };
        self.emit(EventType::AddTopic, lo, hi)?.topic = Some(t.to_owned());
        self.topics.push(t);
        Some(())
    }

    fn set_rechtskreis(&mut self, lo: u64, hi: u64) -> Option<()> {
        if self.rechtskreis.is_some() {
            return Some(());
        }
        let rk = *self.rng.weighted(RECHTSKREIS_WEIGHTS)?;
        let e = self.emit(EventType::SetRechtskreis, lo, hi)?;
        e.rechtskreis = Some(rk.to_owned());
        let day = e.effective;
        self.rechtskreis = Some((rk, day));
        Some(())
    }

    fn close(&mut self, reason: &str, lo: u64, hi: u64) -> Option<()> {
        self.emit(EventType::Close, lo, hi)?.reason = Some(reason.to_owned());
        self.state = CaseState::Abgeschlossen;
        Some(())
    }

    /// The whole history: open, clarify, manage, maybe reopen.
    fn walk(&mut self) -> Option<()> {
        let kommune = self.kommune.clone();
        self.emit(EventType::Open, 0, 0)?.kommune = Some(kommune);
        self.state = CaseState::Klaerung;
        self.consult(ConsultationKind::Erstberatung);
        loop {
            self.clarify()?;
            if self.state.is_admitted() {
                self.manage()?;
            }
            // closed: most cases stay closed
            let again = self.events_mode() || (!self.revoked && self.rng.chance(40));
            if !again {
                return Some(());
            }
            let reason = *self.rng.pick(REOPEN_REASONS)?;
            self.emit(EventType::Reopen, 30, 200)?.reason = Some(reason.to_owned());
            self.state = CaseState::Klaerung;
            self.consult(ConsultationKind::Erstberatung);
        }
    }

    /// `klaerung`: topics, follow-ups, then admission (after consent), closure, or still
    /// clarifying at the horizon.
    fn clarify(&mut self) -> Option<()> {
        let first = self.topics.is_empty();
        let n_topics = if first { self.rng.range(1, 2) } else { 0 };
        for _ in 0..n_topics {
            self.add_topic(1, 7)?;
        }
        if self.rng.chance(500) {
            self.set_rechtskreis(1, 10)?;
        }
        // 0 admitted, 1 closed, 2 still clarifying
        let fate = if self.events_mode() {
            *self.rng.weighted(&[(0u8, 85), (1, 15)])?
        } else {
            *self.rng.weighted(&[(0u8, 66), (1, 24), (2, 10)])?
        };
        let follow_ups = self.rng.range(0, 3);
        for _ in 0..follow_ups {
            self.emit(EventType::FollowUp, 7, 35)?;
            self.consult(ConsultationKind::Folgeberatung);
        }
        match fate {
            0 => {
                if !self.cm_consent {
                    self.emit(EventType::Consent, 1, 14)?.purpose = Some("fallmanagement".into());
                    self.cm_consent = true;
                    self.revoked = false;
                }
                if !self.data_consent && self.rng.chance(300) {
                    self.emit(EventType::Consent, 1, 3)?.purpose = Some("datenweitergabe".into());
                    self.data_consent = true;
                }
                let facts = self.rng.chance(850);
                let (status, arrival, age, other) = self.admission_facts();
                let e = self.emit(EventType::Admit, 1, 21)?;
                if facts {
                    e.status = Some(status.to_owned());
                    e.arrival = arrival;
                    e.age = Some(age);
                    e.other_fallmanagement = other;
                }
                self.state = CaseState::Aufgenommen;
                self.admitted = true;
                Some(())
            }
            1 => {
                let reason = *self.rng.weighted(CLARIFY_REASONS)?;
                self.close(reason, 7, 60)
            }
            _ => loop {
                self.emit(EventType::FollowUp, 14, 60)?;
                self.consult(ConsultationKind::Folgeberatung);
            },
        }
    }

    /// Status, arrival (first of a month), age and other Fallmanagement for the admission.
    fn admission_facts(&mut self) -> (&'static str, Option<NaiveDate>, u8, Option<bool>) {
        let asyl = self.rechtskreis.is_some_and(|(rk, _)| rk == "AsylbLG");
        let statuses: &[(&'static str, u64)] = if asyl {
            &[("gestattung", 60), ("duldung", 40)]
        } else {
            &[
                ("aufenthaltserlaubnis", 50),
                ("eu", 20),
                ("niederlassungserlaubnis", 10),
                ("duldung", 10),
                ("sonstiges", 10),
            ]
        };
        let status = self.rng.weighted(statuses).copied().unwrap_or("sonstiges");
        let back = u32::try_from(self.rng.range(2, 96)).unwrap_or(12);
        let arrival = self
            .day
            .with_day(1)
            .and_then(|d| d.checked_sub_months(Months::new(back)));
        let age = u8::try_from(self.rng.range(16, 67)).unwrap_or(30);
        let other = match self.rng.below(100) {
            0..=89 => Some(false),
            90..=94 => Some(true),
            _ => None,
        };
        (status, arrival, age, other)
    }

    /// From admission to closure: assessment, plan, implementation, cycles of monitoring and
    /// evaluation, with pauses, early closures and revoked consents.
    fn manage(&mut self) -> Option<()> {
        if self.rng.chance(800) {
            let level = u8::try_from(self.rng.range(1, 2)).unwrap_or(1);
            self.emit(EventType::SetTreppe, 1, 7)?.level = Some(level);
            self.treppe = level;
        }
        if self.rng.chance(750) {
            self.set_rechtskreis(1, 7)?;
        }
        self.emit(EventType::StartAssessment, 3, 21)?;
        self.state = CaseState::Assessment;
        if self.rng.chance(500) {
            self.add_topic(1, 10)?;
        }
        self.emit(EventType::Plan, 7, 30)?;
        self.state = CaseState::Hilfeplanung;
        self.emit(EventType::Implement, 3, 14)?;
        self.state = CaseState::Umsetzung;
        loop {
            let n = self.rng.range(1, 3);
            for _ in 0..n {
                self.monitor()?;
            }
            let r = self.rng.below(1000);
            if r < 20 {
                // consent to case management revoked: closed, details erased
                self.emit(EventType::RevokeConsent, 3, 30)?.purpose = Some("fallmanagement".into());
                self.state = CaseState::Abgeschlossen;
                self.topics.clear();
                self.rechtskreis = None;
                self.treppe = 0;
                // leaving case management ends every consent of the case
                self.cm_consent = false;
                self.data_consent = false;
                self.revoked = true;
                return Some(());
            }
            if r < 100 {
                let reason = self.rng.chance(500).then(|| self.rng.pick(PAUSE_REASONS));
                let e = self.emit(EventType::Pause, 3, 20)?;
                if let Some(Some(reason)) = reason {
                    e.reason = Some((*reason).to_owned());
                }
                self.state = CaseState::Pausiert;
                if self.rng.chance(250) {
                    return self.close("kein_kontakt", 30, 120);
                }
                self.emit(EventType::Resume, 14, 90)?;
                self.state = CaseState::Umsetzung;
                continue;
            }
            if r < 180 {
                let reason = *self.rng.weighted(EARLY_REASONS)?;
                return self.close(reason, 7, 60);
            }
            self.emit(EventType::Evaluate, 20, 90)?;
            self.state = CaseState::Evaluation;
            match self.rng.below(100) {
                0..=44 => return self.close("ziel_erreicht", 1, 14),
                45..=79 => {
                    self.emit(EventType::Replan, 1, 10)?;
                    self.state = CaseState::Hilfeplanung;
                }
                _ => {
                    self.emit(EventType::Reassess, 1, 10)?;
                    self.state = CaseState::Assessment;
                    self.emit(EventType::Plan, 7, 30)?;
                    self.state = CaseState::Hilfeplanung;
                }
            }
            self.emit(EventType::Implement, 3, 14)?;
            self.state = CaseState::Umsetzung;
        }
    }

    /// One record event during implementation, sometimes with a consultation.
    fn monitor(&mut self) -> Option<()> {
        let (lo, hi) = (5, 40);
        let asyl = self.rechtskreis.filter(|(rk, _)| *rk == "AsylbLG");
        let what = self.rng.below(100);
        match what {
            0..=24 => self.add_topic(lo, hi)?,
            25..=36 if self.topics.len() > 1 => {
                let i = self.rng.index(self.topics.len());
                if i < self.topics.len() {
                    let t = self.topics.remove(i);
                    self.emit(EventType::RemoveTopic, lo, hi)?.topic = Some(t.to_owned());
                }
            }
            37..=51 if asyl.is_some() => {
                let to = *self.rng.weighted(&[("SGB_II", 85u64), ("SGB_XII", 15)])?;
                let gap = self.rng.chance(120).then(|| self.rng.range(3, 20));
                let since = asyl.map_or(self.day, |(_, d)| d);
                let e = self.emit(EventType::Rechtskreiswechsel, lo, hi)?;
                e.from = Some("AsylbLG".into());
                e.to = Some(to.to_owned());
                let day = e.effective;
                if let Some(g) = gap {
                    // benefits of the new Rechtskreis start late: warning KIM-C015
                    e.from_ended = minus(day, g).map(|d| d.max(since));
                }
                self.rechtskreis = Some((to, day));
            }
            52..=57 => {
                let t = *self.rng.weighted(GENERATIVE)?;
                self.emit(EventType::FlagTopic, lo, hi)?.topic = Some(t.to_owned());
            }
            58..=59 if self.data_consent => {
                self.emit(EventType::RevokeConsent, lo, hi)?.purpose =
                    Some("datenweitergabe".into());
                self.data_consent = false;
            }
            60..=64 if self.rechtskreis.is_none() => self.set_rechtskreis(lo, hi)?,
            _ => {
                let level = match self.treppe {
                    0 => 1,
                    5.. => 4,
                    l if self.rng.chance(850) => l.saturating_add(1),
                    l => l.saturating_sub(1).max(1),
                };
                let level = level.min(5);
                self.emit(EventType::SetTreppe, lo, hi)?.level = Some(level);
                self.treppe = level;
            }
        }
        if self.rng.chance(350) {
            self.consult(ConsultationKind::Folgeberatung);
        }
        Some(())
    }
}

// -----------------------------------------------------------------------------------------
// Documents
// -----------------------------------------------------------------------------------------

/// Consultations of one Kreis-year: the cases' own (thinned when there are more than
/// three quarters of `target`), then one-off Erstberatungen, Folgeberatungen without a case
/// and Verweisberatungen up to `target`, sorted by day with ids `b-0001`, ….
fn consultations(
    rng: &mut Rng,
    target: usize,
    mut linked: Vec<(Linked, String, String)>,
    opts: &SyntheticOptions,
) -> Vec<Consultation> {
    let keep = target.saturating_sub(target.checked_div(4).unwrap_or(0));
    if linked.len() > keep {
        rng.shuffle(&mut linked);
        linked.truncate(keep);
    }
    let (from, to) = (jan1(opts.year), dec31(opts.year));
    let mut out: Vec<(NaiveDate, Consultation)> = Vec::with_capacity(target);
    let persons = |rng: &mut Rng| -> u16 {
        *rng.weighted(&[(1u16, 800), (2, 80), (3, 60), (4, 40), (5, 20)])
            .unwrap_or(&1)
    };
    for (l, case, kommune) in linked {
        let p = persons(rng);
        out.push((
            l.date,
            Consultation {
                id: String::new(),
                date: l.date,
                kind: l.kind,
                persons: p,
                topics: l.topics.iter().map(|t| (*t).to_owned()).collect(),
                kommune,
                case_id: Some(case),
            },
        ));
    }
    while out.len() < target {
        let kind = *rng
            .weighted(&[
                (ConsultationKind::Verweisberatung, 50),
                (ConsultationKind::Erstberatung, 35),
                (ConsultationKind::Folgeberatung, 15),
            ])
            .unwrap_or(&ConsultationKind::Erstberatung);
        let n_topics = if kind == ConsultationKind::Verweisberatung {
            1
        } else {
            rng.range(1, 2)
        };
        let mut topics: Vec<String> = Vec::new();
        for _ in 0..n_topics {
            if let Some(t) = rng.weighted(TOPIC_WEIGHTS)
                && !topics.iter().any(|x| x == t)
            {
                topics.push((*t).to_owned());
            }
        }
        let date = day_in(rng, from, to);
        let kommune = kommune_of(rng, opts);
        let p = persons(rng);
        out.push((
            date,
            Consultation {
                id: String::new(),
                date,
                kind,
                persons: p,
                topics,
                kommune,
                case_id: None,
            },
        ));
    }
    crate::order::sort_by_key(&mut out, |(d, _)| *d);
    out.into_iter()
        .enumerate()
        .map(|(i, (_, mut c))| {
            c.id = format!("{}b-{:04}", opts.prefix, i.saturating_add(1));
            c
        })
        .collect()
}

fn kommune_of(rng: &mut Rng, opts: &SyntheticOptions) -> String {
    let weights: Vec<(&str, u64)> = opts
        .kommunen
        .iter()
        .map(|(k, w)| (k.as_str(), (*w).max(1)))
        .collect();
    rng.weighted(&weights)
        .map_or_else(|| "Kommune".to_owned(), |k| (*k).to_owned())
}

/// Two to four Fallrekonstruktionen of 3–4 admitted cases each, in the year.
fn fallrekonstruktionen(
    rng: &mut Rng,
    admitted: &[String],
    opts: &SyntheticOptions,
) -> Vec<Fallrekonstruktion> {
    if admitted.len() < 8 {
        return Vec::new();
    }
    let sets = rng.range(2, 4);
    let mut out: Vec<Fallrekonstruktion> = (0..sets)
        .map(|_| {
            let size = usize::try_from(rng.range(3, 4)).unwrap_or(3);
            let mut pool: Vec<&String> = admitted.iter().collect();
            rng.shuffle(&mut pool);
            Fallrekonstruktion {
                id: String::new(),
                date: day_in(rng, jan1(opts.year), dec31(opts.year)),
                cases: pool.into_iter().take(size).cloned().collect(),
            }
        })
        .collect();
    crate::order::sort_by_key(&mut out, |f| f.date);
    for (i, f) in out.iter_mut().enumerate() {
        f.id = format!("{}fr-{}", opts.prefix, i.saturating_add(1));
    }
    out
}

/// A Kreis's year of case management: `opts.consultations` consultations, `opts.cases`
/// cases with their histories, and Fallrekonstruktionen, under the default configuration.
///
/// About a fifth of the cases were opened in the year before (carried over); no event is
/// effective after 31 December of `opts.year`. The events are in recorded order and every
/// history replays without errors (see the [module documentation](self)).
///
/// ```
/// use kim_core::synthetic::{kreis_year, SyntheticOptions};
/// let doc = kreis_year(7, &SyntheticOptions::default());
/// assert_eq!(doc, kreis_year(7, &SyntheticOptions::default())); // seeded: the same document
/// assert!(kim_core::cases::replay_document(&doc).is_valid());
/// ```
pub fn kreis_year(seed: u64, opts: &SyntheticOptions) -> CasesDocument {
    let root = Rng::new(seed);
    let mut rng = root.fork(u64::MAX);
    let (from, to) = (jan1(opts.year), dec31(opts.year));
    let carried_from = minus(from, 270).unwrap_or(from);
    let last_open = minus(to, 14).unwrap_or(to);
    let staff = (opts.cases as u64)
        .checked_div(50)
        .unwrap_or(0)
        .saturating_add(2);
    let staff_prefix = opts.prefix.clone();
    let mut events: Vec<CaseEvent> = Vec::new();
    let mut linked: Vec<(Linked, String, String)> = Vec::new();
    let mut admitted: Vec<String> = Vec::new();
    for k in 0..opts.cases {
        let mut case_rng = root.fork(k as u64);
        let number = k.saturating_add(1);
        let case = format!("{}c-{number:04}", opts.prefix);
        let opened = if case_rng.chance(200) {
            day_in(&mut case_rng, carried_from, minus(from, 1).unwrap_or(from))
        } else {
            day_in(&mut case_rng, from, last_open)
        };
        let kommune = kommune_of(&mut case_rng, opts);
        let walked = Walker::new(
            case_rng,
            Start {
                case: case.clone(),
                number,
                kommune,
                staff_prefix: &staff_prefix,
                staff,
                opened,
                until: Until::Day(to),
            },
        )
        .run();
        if walked.admitted {
            admitted.push(case.clone());
        }
        linked.extend(
            walked
                .linked
                .into_iter()
                .map(|l| (l, case.clone(), walked.kommune.clone())),
        );
        events.extend(walked.events);
    }
    // the document is in recorded order (stable: a case's own order is kept)
    crate::order::sort_by_key(&mut events, |e| e.recorded);
    let consultations = consultations(&mut rng, opts.consultations, linked, opts);
    let fallrekonstruktionen = fallrekonstruktionen(&mut rng, &admitted, opts);
    CasesDocument {
        consultations,
        events,
        fallrekonstruktionen,
        ..CasesDocument::default()
    }
}

/// Events of `cases` cases with exactly `events_per_case` valid events each (for
/// benchmarks: 100,000 × 10 gives a million events), in recorded order across cases.
///
/// Cases open on a day of 2023 and keep going (closed cases are reopened) until they have
/// their events; every case replays without errors.
///
/// ```
/// use kim_core::cases::{replay_document, CasesDocument};
/// let events = kim_core::synthetic::events(1, 50, 12);
/// assert_eq!(events.len(), 600);
/// let doc = CasesDocument { events, ..CasesDocument::default() };
/// assert!(replay_document(&doc).is_valid());
/// ```
pub fn events(seed: u64, cases: usize, events_per_case: usize) -> Vec<CaseEvent> {
    let root = Rng::new(seed);
    let staff = (cases as u64)
        .checked_div(50)
        .unwrap_or(0)
        .saturating_add(2);
    let mut out: Vec<CaseEvent> = Vec::with_capacity(cases.saturating_mul(events_per_case));
    for k in 0..cases {
        let number = k.saturating_add(1);
        let case = format!("c-{number:04}");
        out.extend(history_of(
            root.fork(k as u64),
            case,
            number,
            None,
            staff,
            events_per_case,
        ));
    }
    crate::order::sort_by_key(&mut out, |e| e.recorded);
    out
}

/// One case's history of exactly `events` valid events (fewer only if the dates run out),
/// opened on `opened` (default: a day of 2023 chosen by the seed), in recorded order.
///
/// ```
/// use kim_core::cases::replay;
/// let h = kim_core::synthetic::history(3, "c-0042", None, 25);
/// assert_eq!(h.len(), 25);
/// assert!(replay(&h).is_valid());
/// ```
pub fn history(seed: u64, case: &str, opened: Option<NaiveDate>, events: usize) -> Vec<CaseEvent> {
    history_of(Rng::new(seed), case.to_owned(), 1, opened, 4, events)
}

fn history_of(
    mut rng: Rng,
    case: String,
    number: usize,
    opened: Option<NaiveDate>,
    staff: u64,
    events: usize,
) -> Vec<CaseEvent> {
    let opened = opened.unwrap_or_else(|| day_in(&mut rng, jan1(2023), dec31(2023)));
    let kommune = rng
        .weighted(HEINSBERG)
        .map_or("Heinsberg", |k| *k)
        .to_owned();
    Walker::new(
        rng,
        Start {
            case,
            number,
            kommune,
            staff_prefix: "",
            staff,
            opened,
            until: Until::Events(events),
        },
    )
    .run()
    .events
}

/// A Kreis or kreisfreie Stadt of NRW with its Gemeinden (from [`crate::data::gemeinden`]).
///
/// ```
/// let heinsberg = kim_core::synthetic::nrw_authorities().into_iter().find(|a| a.key == "05370").unwrap();
/// assert!(heinsberg.population() > 250_000);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authority {
    /// Five-digit key of the Kreis (`05370`); the city of Aachen, which runs its own KIM
    /// inside the StädteRegion, has `05313` (its former key).
    pub key: String,
    /// Name (`Heinsberg`, `Düsseldorf, Stadt`).
    pub name: String,
    /// Gemeinden (names without suffixes such as ", Stadt") with their population.
    pub kommunen: Vec<(String, u64)>,
}

impl Authority {
    /// Zensus 2022 population.
    ///
    /// ```
    /// let all = kim_core::synthetic::nrw_authorities();
    /// assert!(all.iter().map(|a| a.population()).sum::<u64>() > 17_000_000);
    /// ```
    pub fn population(&self) -> u64 {
        self.kommunen
            .iter()
            .fold(0u64, |s, (_, p)| s.saturating_add(*p))
    }

    /// The options for this authority's synthetic year: cases and consultations scaled from
    /// the default Kreis-year (Heinsberg: 400 cases, 2,000 consultations) by population, at
    /// least 40 cases; ids prefixed with `<key>.`.
    ///
    /// ```
    /// let a = &kim_core::synthetic::nrw_authorities()[0];
    /// assert!(a.options(2023).cases >= 40);
    /// ```
    pub fn options(&self, year: i32) -> SyntheticOptions {
        let cases = self
            .population()
            .saturating_mul(400)
            .saturating_add(HEINSBERG_POPULATION / 2)
            .checked_div(HEINSBERG_POPULATION)
            .unwrap_or(0)
            .max(40);
        let cases = usize::try_from(cases).unwrap_or(40);
        SyntheticOptions {
            year,
            kommunen: self.kommunen.clone(),
            consultations: cases.saturating_mul(5),
            cases,
            prefix: format!("{}.", self.key),
        }
    }
}

/// The 54 authorities that run KIM in NRW: the 53 Kreise and kreisfreie Städte of the
/// embedded Gemeinde data, with the city of Aachen apart from the StädteRegion.
///
/// ```
/// assert_eq!(kim_core::synthetic::nrw_authorities().len(), 54);
/// ```
pub fn nrw_authorities() -> Vec<Authority> {
    let mut out: Vec<Authority> = Vec::new();
    for g in crate::data::gemeinden() {
        let short = g
            .name
            .split_once(", ")
            .map_or(g.name.as_str(), |(n, _)| n)
            .to_owned();
        let (key, name) = if g.ags == "05334002" {
            ("05313".to_owned(), g.name.clone())
        } else {
            (g.kreis_ags.clone(), g.kreis.clone())
        };
        match out.iter_mut().find(|a| a.key == key) {
            Some(a) => a.kommunen.push((short, g.population)),
            None => out.push(Authority {
                key,
                name,
                kommunen: vec![(short, g.population)],
            }),
        }
    }
    crate::order::sort_by(&mut out, |a, b| a.key.cmp(&b.key));
    out
}

/// A year of all of NRW: the [`kreis_year`] of each of the 54 authorities
/// ([`nrw_authorities`], sizes from [`Authority::options`]: about 27,600 cases and 138,000
/// consultations), merged into one document with ids prefixed per authority (`05370.c-0001`)
/// and events in recorded order. The merged document allows four Fallrekonstruktionen a
/// year per authority (`config.fallrekonstruktion.max_per_year` = 216).
///
/// ```
/// let doc = kim_core::synthetic::state_year(2023, 2023); // about 27,600 cases: a second or two
/// assert_eq!(doc.schema_version, "kim.cases.v1");
/// ```
pub fn state_year(seed: u64, year: i32) -> CasesDocument {
    let root = Rng::new(seed);
    let authorities = nrw_authorities();
    let mut doc = CasesDocument::default();
    for (i, a) in authorities.iter().enumerate() {
        let part = kreis_year(root.fork(i as u64).next_u64(), &a.options(year));
        doc.consultations.extend(part.consultations);
        doc.events.extend(part.events);
        doc.fallrekonstruktionen.extend(part.fallrekonstruktionen);
    }
    crate::order::sort_by_key(&mut doc.events, |e| e.recorded);
    crate::order::sort_by_key(&mut doc.consultations, |c| c.date);
    crate::order::sort_by_key(&mut doc.fallrekonstruktionen, |f| f.date);
    let per_year = u32::try_from(authorities.len())
        .unwrap_or(u32::MAX)
        .saturating_mul(4);
    doc.config = CaseConfig {
        fallrekonstruktion: crate::cases::FallrekonstruktionLimits {
            max_per_year: per_year,
            ..crate::cases::FallrekonstruktionLimits::default()
        },
        ..CaseConfig::default()
    };
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::{Case, replay, replay_document};
    use crate::reporting::{ReportPeriod, report};
    use std::collections::HashMap;

    fn small() -> SyntheticOptions {
        SyntheticOptions {
            consultations: 300,
            cases: 60,
            ..SyntheticOptions::default()
        }
    }

    #[test]
    fn the_generator_is_splitmix64() {
        // reference values of SplitMix64 seeded with 1234567
        let mut r = Rng::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
        assert_eq!(r.next_u64(), 9_817_491_932_198_370_423);
        let mut r = Rng::new(9);
        for _ in 0..1000 {
            assert!(r.below(7) < 7);
            assert!((2..=4).contains(&r.range(2, 4)));
        }
        assert_eq!(r.below(0), 0);
    }

    #[test]
    fn the_same_seed_gives_the_same_document() {
        let a = kreis_year(11, &small());
        assert_eq!(a, kreis_year(11, &small()));
        assert_ne!(a, kreis_year(12, &small()));
        assert_eq!(events(5, 20, 7), events(5, 20, 7));
        assert_eq!(history(5, "c-1", None, 30), history(5, "c-1", None, 30));
    }

    #[test]
    fn a_kreis_year_has_the_sizes_asked_for_and_replays_without_errors() {
        let opts = SyntheticOptions::default();
        for seed in [0, 1, 2023, u64::MAX] {
            let doc = kreis_year(seed, &opts);
            assert_eq!(doc.consultations.len(), 2000);
            assert_eq!(doc.case_ids().len(), 400);
            let r = replay_document(&doc);
            let errors: Vec<_> = r
                .all_violations()
                .into_iter()
                .filter(|v| v.is_error())
                .collect();
            assert!(errors.is_empty(), "seed {seed}: {errors:?}");
            assert!(
                doc.events
                    .windows(2)
                    .all(|w| matches!(w, [a, b] if a.recorded <= b.recorded))
            );
            let last = dec31(2023);
            assert!(doc.events.iter().all(|e| e.effective <= last));
            assert!(doc.fallrekonstruktionen.len() <= 4);
            assert!(doc.fallrekonstruktionen.len() >= 2);
        }
    }

    #[test]
    fn effective_days_are_strictly_increasing_within_a_case() {
        let doc = kreis_year(3, &SyntheticOptions::default());
        let mut last: HashMap<&str, NaiveDate> = HashMap::new();
        for e in &doc.events {
            if let Some(prev) = last.insert(e.case.as_str(), e.effective) {
                assert!(prev < e.effective, "{e}");
            }
            assert!(e.effective <= e.recorded.date());
            assert!(crate::cases::is_pseudonym(&e.id));
        }
    }

    #[test]
    fn a_kreis_year_is_realistic() {
        let doc = kreis_year(2023, &SyntheticOptions::default());
        let r = replay_document(&doc);
        let count = |t: EventType| doc.events.iter().filter(|e| e.event == t).count();
        for t in [
            EventType::Open,
            EventType::FollowUp,
            EventType::Consent,
            EventType::Admit,
            EventType::StartAssessment,
            EventType::Plan,
            EventType::Implement,
            EventType::Evaluate,
            EventType::Replan,
            EventType::Reassess,
            EventType::Pause,
            EventType::Resume,
            EventType::Close,
            EventType::AddTopic,
            EventType::RemoveTopic,
            EventType::FlagTopic,
            EventType::SetRechtskreis,
            EventType::Rechtskreiswechsel,
            EventType::SetTreppe,
            EventType::RevokeConsent,
        ] {
            assert!(count(t) > 0, "no {t}");
        }
        assert_eq!(count(EventType::Open), 400);
        // some never admitted, closed from klaerung with a reason
        let closed_unadmitted = r
            .cases
            .iter()
            .filter(|c| c.record.admitted.is_none() && c.record.closed().is_some())
            .count();
        assert!(closed_unadmitted > 20, "{closed_unadmitted}");
        let admitted = r
            .cases
            .iter()
            .filter(|c| c.record.admitted.is_some())
            .count();
        assert!((200..=320).contains(&admitted), "{admitted}");
        assert!(r.cases.iter().any(|c| c.record.erased));
        // several closing reasons
        let mut reasons: Vec<&str> = r
            .cases
            .iter()
            .flat_map(|c| c.record.closures.iter().map(|x| x.reason.as_str()))
            .collect();
        reasons.sort_unstable();
        reasons.dedup();
        assert!(reasons.len() >= 5, "{reasons:?}");
        // consultations: all three kinds, some with several persons, Verweisberatung without case
        for k in ConsultationKind::ALL {
            assert!(doc.consultations.iter().any(|c| c.kind == *k));
        }
        assert!(doc.consultations.iter().any(|c| c.persons >= 3));
        assert!(
            doc.consultations
                .iter()
                .all(|c| (1..=5).contains(&c.persons))
        );
        assert!(
            doc.consultations
                .iter()
                .filter(|c| c.kind == ConsultationKind::Verweisberatung)
                .all(|c| c.case_id.is_none())
        );
        // the report has generative topics and no rejected events
        let rep = report(None, Some(&doc), &"2023".parse::<ReportPeriod>().unwrap()).unwrap();
        assert_eq!(rep.rejected_events, 0);
        assert!(!rep.generative_topics.is_empty());
        assert!(!rep.cases_by_rechtskreis.is_empty());
        assert!(!rep.treppe.is_empty());
        assert_eq!(rep.cases_by_kommune.len(), 10);
    }

    #[test]
    fn benchmark_events_have_the_exact_count_and_replay_without_errors() {
        let ev = events(9, 300, 10);
        assert_eq!(ev.len(), 3000);
        assert!(
            ev.windows(2)
                .all(|w| matches!(w, [a, b] if a.recorded <= b.recorded))
        );
        let doc = CasesDocument {
            events: ev,
            ..CasesDocument::default()
        };
        let r = replay_document(&doc);
        assert_eq!(r.cases.len(), 300);
        assert!(r.cases.iter().all(|c| c.timeline.len() == 10));
        assert!(r.is_valid());
        for n in [1, 2, 5, 40, 200] {
            let h = history(n as u64, "c-7", None, n);
            assert_eq!(h.len(), n);
            assert!(replay(&h).is_valid());
        }
    }

    #[test]
    fn histories_apply_event_by_event() {
        for seed in 0..30 {
            let h = history(seed, "c-0009", None, 40);
            let mut case = Case::new("c-0009");
            for e in h.iter().cloned() {
                case.apply(e).unwrap();
            }
            assert_eq!(case.record(), &replay(&h).record);
        }
    }

    #[test]
    fn heinsberg_matches_the_embedded_data() {
        let a = nrw_authorities();
        assert_eq!(a.len(), 54);
        let hs = a.iter().find(|a| a.key == "05370").unwrap();
        let names: Vec<(&str, u64)> = hs.kommunen.iter().map(|(k, p)| (k.as_str(), *p)).collect();
        assert_eq!(names, HEINSBERG.to_vec());
        assert_eq!(hs.population(), HEINSBERG_POPULATION);
        let o = hs.options(2023);
        assert_eq!((o.cases, o.consultations), (400, 2000));
        let aachen = a.iter().find(|a| a.key == "05313").unwrap();
        assert_eq!(aachen.kommunen.len(), 1);
        let region = a.iter().find(|a| a.key == "05334").unwrap();
        assert_eq!(region.kommunen.len(), 9);
        let total: u64 = a.iter().map(Authority::population).sum();
        assert_eq!(total, 17_890_489);
    }

    #[test]
    fn a_state_year_prefixes_ids_per_authority() {
        let doc = state_year(1, 2023);
        let authorities = nrw_authorities();
        let cases: usize = authorities.iter().map(|a| a.options(2023).cases).sum();
        assert_eq!(doc.case_ids().len(), cases);
        assert!((25_000..30_000).contains(&cases), "{cases}");
        assert_eq!(doc.consultations.len(), cases * 5);
        for a in &authorities {
            let prefix = format!("{}.c-", a.key);
            assert!(
                doc.events.iter().any(|e| e.case.starts_with(&prefix)),
                "{}",
                a.key
            );
        }
        assert!(
            doc.events
                .windows(2)
                .all(|w| matches!(w, [a, b] if a.recorded <= b.recorded))
        );
    }
}
