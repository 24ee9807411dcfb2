/* tslint:disable */
/* eslint-disable */

/**
 * A violation as kim-wasm reports it: in `validatePlan`'s result and in `KimError.violations`.
 * (Results such as an `Evaluation` carry the core's `Violation` with `message_en`/`message_de`.)
 */
export interface KimViolation {
    /** Stable code, e.g. `"KIM-V012"` (docs/errors.md). */
    code: Code;
    /** Field path in kim's syntax inside the call's document (`"forwardings[0].fte"`); `""` is the whole document. */
    path: string;
    severity: Severity;
    /** The message in English, or in German when the call asked for `lang: "de"`. */
    message: string;
    /** The message in German. */
    messageDe: string;
    /** The values the messages are built from. */
    params: Record<string, string>;
}

/** The result of `validatePlan`: `ok` when no violation is an error. */
export interface PlanValidation {
    ok: boolean;
    violations: KimViolation[];
}

/** Options of `validatePlan`. */
export interface ValidateOptions {
    /** Language of `message` (default `"en"`). */
    lang?: Lang;
}

/** Options of `evaluatePlan`: the core's `EvalOptions` and the JS face's own. */
export interface EvaluateOptions extends EvalOptions {
    /** `true`: strict mode (a date without a known rate is an error); `false`: lenient. Give `strict` or `mode`, not both. */
    strict?: boolean;
    /** Language of a thrown `KimError`'s messages (default `"en"`). */
    lang?: Lang;
    /** What-if rates applied on top of the embedded parameter table. */
    overrides?: RateOverride[];
}

/** The document of `grant`. */
export interface GrantInput {
    posts: FundedPost[];
    options: GrantOptions;
    overrides?: RateOverride[];
}

/** The document of `forward`. */
export interface ForwardInput {
    forwarding: Forwarding;
    options: ForwardOptions;
}

/** The document of `report`: a period (`"2023"`, `"2023-Q2"`, `"2023-04"`, `"2023-01-01..2023-06-30"`) and a plan and/or case data. */
export interface ReportInput {
    period: string;
    plan?: Plan;
    cases?: CasesDocument;
}

/** Options of `reportHtml`. */
export interface ReportHtmlOptions {
    /** Case data (`kim.cases.v1`); default: the plan's inline `cases`. */
    cases?: CasesDocument;
    /** `"2023"`, `"2023-Q2"`, `"2023-04"` or `"2023-01-01..2023-06-30"`; default: the plan's year. */
    period?: string;
    /** Language of the page and of a thrown `KimError`'s messages (default `"de"`). */
    lang?: Lang;
}

/** The document of `synthetic` (defaults: seed 2023, year 2023, Kreis Heinsberg). */
export interface SyntheticInput {
    seed?: number;
    year?: number;
    cases?: number;
    consultations?: number;
    /** Kommunen with weights (e.g. population), in order. */
    kommunen?: { unit: string; weight: number }[];
    /** All 54 NRW authorities instead of one Kreis. */
    state?: boolean;
}

/** The result of `vocabulary()`. */
export interface KimVocabulary {
    vocabularies: Vocabulary[];
    terms: Term[];
}


/**
 * A Fallrekonstruktion: a retrospective analysis of a set of cases (Rhein-Kreis Neuss).
 */
export interface Fallrekonstruktion {
    /**
     * Id (an opaque pseudonym).
     */
    id: string;
    /**
     * Day it was held.
     */
    date: IsoDate;
    /**
     * The cases analysed.
     */
    cases: string[];
}

/**
 * A `kim.cases.v1` document.
 */
export interface CasesDocument {
    /**
     * Always `kim.cases.v1`.
     */
    schema_version: "kim.cases.v1";
    /**
     * The Kreis's configuration (defaults when absent).
     */
    config?: CaseConfig;
    /**
     * Consultations.
     */
    consultations?: Consultation[];
    /**
     * Case events, in recorded order.
     */
    events?: CaseEvent[];
    /**
     * Fallrekonstruktionen.
     */
    fallrekonstruktionen?: Fallrekonstruktion[];
}

/**
 * A body that receives, forwards or employs: Kreis, Kommune, Träger, …
 *
 * Two parties are the same when their `id`s match, or, without ids, their names.
 */
export interface Party {
    /**
     * What kind of body it is.
     */
    kind: PartyKind;
    /**
     * Official name, e.g. "DRK Kreisverband Heinsberg".
     */
    name: string;
    /**
     * Optional key (e.g. the AGS for authorities).
     */
    id?: string;
}

/**
 * A built-in code with its labels and origin.
 */
export interface BuiltinCode {
    /**
     * The code as used in JSON.
     */
    code: string;
    /**
     * German label.
     */
    label_de: string;
    /**
     * English label.
     */
    label_en: string;
    /**
     * Where it comes from.
     */
    origin: Origin;
}

/**
 * A citation: document and, where there is one, its address.
 */
export interface Source {
    /**
     * The document (title, body, date).
     */
    document: string;
    /**
     * Where to read it.
     */
    url?: string;
}

/**
 * A code list: the values of one enumerated field.
 */
export interface Vocabulary {
    /**
     * Stable name (`method`, `case_state`, `topic`, …).
     */
    name: string;
    /**
     * The Python enum class generated from it (`Method`, `CaseState`, `Topic`, …).
     */
    class: string;
    /**
     * What the list is, in English.
     */
    doc: string;
    /**
     * `true` for the case code lists a Kreis extends by configuration: the built-in codes are
     * listed, other codes are valid where the configuration adds them.
     */
    extensible: boolean;
    /**
     * The codes in their canonical order.
     */
    values: Entry[];
}

/**
 * A code of a list, built-in or configured, with its labels.
 */
export interface ListEntry {
    /**
     * The code.
     */
    code: string;
    /**
     * German label.
     */
    label_de: string;
    /**
     * English label.
     */
    label_en: string;
    /**
     * Built in (with its origin) or configured.
     */
    origin: Origin;
}

/**
 * A condition attached to a row of the transition table.
 */
export type Condition = "consent_required" | "resumes_to_previous" | "reason_required" | "revokes_case_management" | "other_purpose" | "erases_details";

/**
 * A consent record: purpose, given, revoked.
 */
export interface ConsentRecord {
    /**
     * Purpose code.
     */
    purpose: string;
    /**
     * Day it was given.
     */
    given: IsoDate;
    /**
     * Day it was revoked.
     */
    revoked?: IsoDate;
}

/**
 * A consultation (Beratung): a contact, counted even when no case follows. Persons are not
 * consultations: one appointment may serve 2–5 persons (StädteRegion Aachen).
 */
export interface Consultation {
    /**
     * Id (an opaque pseudonym).
     */
    id: string;
    /**
     * Day.
     */
    date: IsoDate;
    /**
     * Kind.
     */
    kind: ConsultationKind;
    /**
     * Persons present (at least 1).
     */
    persons: number;
    /**
     * Handlungsfelder discussed.
     */
    topics?: string[];
    /**
     * Kommune.
     */
    kommune: string;
    /**
     * The case it belongs to, if any.
     */
    case_id?: string;
}

/**
 * A dated code (a topic or Rechtskreis from `from` to `to`, open when `to` is absent).
 */
export interface Span {
    /**
     * The code.
     */
    code: string;
    /**
     * First day.
     */
    from: IsoDate;
    /**
     * Last day (absent: still active).
     */
    to?: IsoDate;
}

/**
 * A dated mark: a topic flagged as generative, or a Treppenmodell level.
 */
export interface Mark<T> {
    /**
     * The topic code or level.
     */
    value: T;
    /**
     * Day.
     */
    date: IsoDate;
}

/**
 * A filled post: one person (pseudonymous id) working `fte` VZÄ for an employer.
 * No names or other personal data: the id is an opaque pseudonym.
 */
export interface StaffedPost {
    /**
     * Pseudonymous id (no spaces or `@`).
     */
    id: string;
    /**
     * Kind of post.
     */
    kind: PostKind;
    /**
     * VZÄ worked.
     */
    fte: Fte;
    /**
     * Employer (*Anstellungsträger*).
     */
    employer: Party;
    /**
     * First day in post.
     */
    from: IsoDate;
    /**
     * Last day in post, if it ended or ends.
     */
    to?: IsoDate;
    /**
     * Marks values that are plausible examples rather than figures from a source.
     */
    illustrative?: boolean;
}

/**
 * A forwarding contract (*Weiterleitungsvertrag*): posts and state money from `from` to
 * `to`, possibly passed on further (`onward`).
 */
export interface Forwarding {
    /**
     * Identifier, unique within a plan.
     */
    id: string;
    /**
     * Who passes the posts and money on.
     */
    from: Party;
    /**
     * Who receives them (employer of the posts it keeps).
     */
    to: Party;
    /**
     * Kind of post.
     */
    kind: PostKind;
    /**
     * Contracted VZÄ.
     */
    fte: Fte;
    /**
     * VZÄ actually filled (for `filled` bases and reports).
     */
    filled_fte?: Fte;
    /**
     * Period; the whole year when absent.
     */
    period?: Period;
    /**
     * How the state money is computed.
     */
    basis: Basis;
    /**
     * The recipient's actual personnel cost for the posts it keeps, for the period.
     */
    actual_cost?: Euro;
    /**
     * The recipient's workplace cost for those posts (counted if the option says so).
     */
    workplace_cost?: Euro;
    /**
     * Voluntary top-up from the giver's own money, per VZÄ and year.
     */
    top_up_per_fte?: Euro;
    /**
     * How the top-up is paid.
     */
    top_up_policy?: TopUpPolicy;
    /**
     * VZÄ base of the top-up.
     */
    top_up_base?: FteBase;
    /**
     * VZÄ base of the cap.
     */
    cap_base?: FteBase;
    /**
     * Other funding sources for the same cost item (EU, Bund, Land, third parties).
     * Not allowed: § 9 (4) TIntG forbids double funding (`KIM-V023`).
     */
    other_funding?: string[];
    /**
     * Passed on further (chain: Kreis → lead Kommune → partner Kommune).
     */
    onward?: Forwarding[];
    /**
     * Marks values that are plausible examples rather than figures from a source.
     */
    illustrative?: boolean;
}

/**
 * A manual share that replaces the computed one (negotiated regions, council decisions).
 */
export interface Override {
    /**
     * The unit.
     */
    unit: string;
    /**
     * Its share.
     */
    fte: Fte;
    /**
     * Why (required, e.g. "Beschluss Bürgermeisterkonferenz 12.03.2024").
     */
    reason: string;
}

/**
 * A median duration in days.
 */
export interface DurationRow {
    /**
     * `first_contact_to_admission` or `admission_to_closure`.
     */
    measure: string;
    /**
     * Cases measured.
     */
    cases: Count;
    /**
     * Median in days (absent when suppressed or no case).
     */
    median_days?: Decimal;
}

/**
 * A parameter table: dated rates and legal forms.
 */
export interface Params {
    /**
     * Rate entries, sorted by key and start date.
     */
    rates: RateEntry[];
    /**
     * Legal-form entries.
     */
    legal_forms: LegalFormEntry[];
}

/**
 * A parameter value used in a computation, with validity, status and source.
 */
export interface TraceParam {
    /**
     * Parameter key (`case_manager`, `workplace_setup`, …).
     */
    key: string;
    /**
     * Value as stated in the table.
     */
    value: string;
    /**
     * What the value is per (`fte_year`, `half_post_year`, `full_time_post_once`).
     */
    per: string;
    /**
     * First day of validity.
     */
    valid_from: string;
    /**
     * Last day of validity (absent: open).
     */
    valid_to?: string;
    /**
     * Evidence status as used (`assumed` when carried forward).
     */
    status: Status;
    /**
     * True when carried forward beyond its validity (lenient mode).
     */
    carried_forward: boolean;
    /**
     * Citation.
     */
    source: Source;
}

/**
 * A parsed number with its German and English notation.
 */
export interface Parsed {
    /**
     * The value.
     */
    value: Decimal;
    /**
     * German notation.
     */
    de: string;
    /**
     * English notation.
     */
    en: string;
}

/**
 * A rate applied to part of a line's period.
 */
export interface RateApplied {
    /**
     * The part of the period.
     */
    period: Period;
    /**
     * Amount per VZÄ and year (per full-time post for one-off money).
     */
    per_fte: Euro;
    /**
     * Pro-rating factor of this part.
     */
    factor: Fraction;
    /**
     * The parameter with its source (shared by every line that uses it).
     */
    parameter: TraceParam;
}

/**
 * A recorded tie.
 */
export interface Tie {
    /**
     * The tied units, in input order.
     */
    units: string[];
    /**
     * Steps at stake (fewer than tied units).
     */
    steps: number;
    /**
     * The units that got them.
     */
    winners: string[];
    /**
     * How it was decided: `order` or `lot`.
     */
    decided_by: string;
    /**
     * With `lot`: the seed and the drawn order of the tied units.
     */
    seed?: number;
    /**
     * With `lot`: the tied units in drawn order.
     */
    draw?: string[];
}

/**
 * A region pools units (e.g. small Kommunen with one employer municipality): posts are
 * first distributed among regions (weight = Σ of their units' weights, with the options'
 * minimum), then within each region among its units (same method and step, no minimum).
 */
export interface Region {
    /**
     * Name of the region (e.g. after its employer municipality).
     */
    name: string;
    /**
     * Units in the region. Units in no region form a region of their own.
     */
    units: string[];
}

/**
 * A report (`kim.report.v1`): named tables of typed rows.
 */
export interface Report {
    /**
     * Always `kim.report.v1`.
     */
    schema_version: "kim.report.v1";
    /**
     * The period.
     */
    period: ReportPeriod;
    /**
     * Small-cell threshold k used.
     */
    suppress_below: number;
    /**
     * Consultations per month, Kommune and kind.
     */
    consultations: ConsultationRow[];
    /**
     * Case flow per quarter.
     */
    case_flow: CaseFlowRow[];
    /**
     * Closures per quarter and reason.
     */
    closed_by_reason: ReasonRow[];
    /**
     * Cases per state at the end of the period.
     */
    cases_by_state: StateRow[];
    /**
     * Cases per topic (a topic active on some day of the period).
     */
    cases_by_topic: CodeRow[];
    /**
     * Cases per Rechtskreis (active on some day of the period).
     */
    cases_by_rechtskreis: CodeRow[];
    /**
     * Cases per Kommune.
     */
    cases_by_kommune: KommuneRow[];
    /**
     * Cases per Treppenmodell level.
     */
    treppe: TreppeRow[];
    /**
     * Median durations.
     */
    durations: DurationRow[];
    /**
     * Generative topics: flagged in at least `generative_min_cases` cases in the period
     * (counts only, never case ids).
     */
    generative_topics: CodeRow[];
    /**
     * Fallrekonstruktionen.
     */
    fallrekonstruktionen: FallrekonstruktionRow[];
    /**
     * Staffing from the plan (funded vs filled per Baustein and employer).
     */
    staffing?: Staffing;
    /**
     * Money from the plan's evaluation.
     */
    money?: Money;
    /**
     * Events rejected by the replay (not counted in the tables).
     */
    rejected_events: number;
    /**
     * Notes: problems that affect the report (plan violations, rejected events).
     */
    notes: Violation[];
}

/**
 * A report period: a year (`2023`), a quarter (`2023-Q2`), a month (`2023-04`) or any range
 * (`2023-01-01..2023-06-30`).
 */
export interface ReportPeriod {
    /**
     * The period as written.
     */
    label: string;
    /**
     * First day.
     */
    from: IsoDate;
    /**
     * Last day.
     */
    to: IsoDate;
}

/**
 * A result field with its labels (column headings of tables, charts and reports).
 */
export interface Term {
    /**
     * The field name in result documents.
     */
    key: string;
    /**
     * German label.
     */
    label_de: string;
    /**
     * English label.
     */
    label_en: string;
}

/**
 * A unit and its weight (AZR count, population or a decimal share).
 */
export interface Weight {
    /**
     * Name of the unit (Kommune, region), unique in one distribution.
     */
    unit: string;
    /**
     * Non-negative weight; whole counts or decimals.
     */
    value: Decimal;
}

/**
 * A unit's final share: computed and, where overridden, the manual value with its reason.
 */
export interface FinalShare {
    /**
     * The unit.
     */
    unit: string;
    /**
     * The region it was pooled in, if any.
     */
    region?: string;
    /**
     * The computed share.
     */
    computed: Fte;
    /**
     * The share that applies (the override, if any).
     */
    fte: Fte;
    /**
     * Reason of the override.
     */
    override_reason?: string;
}

/**
 * A value shown in a trace, as canonical text with its unit.
 */
export interface TraceValue {
    /**
     * What the value is (English identifier, e.g. `fte`).
     */
    name: string;
    /**
     * Canonical text (`82500.00`, `1.5`, `2023-01-01`).
     */
    value: string;
    /**
     * `EUR`, `VZÄ`, `date`, `factor`, `count`, `percent` or empty.
     */
    unit: string;
}

/**
 * A violation found at an event: its position in the input and the violation.
 */
export interface EventViolation extends Violation {
    /**
     * Position of the event in the input (recorded order).
     */
    index: number;
}

/**
 * A what-if override of one rate, as used in vector inputs.
 */
export interface RateOverride {
    /**
     * Rate key.
     */
    key: RateKey;
    /**
     * First day.
     */
    from: IsoDate;
    /**
     * Last day (open when absent).
     */
    to?: IsoDate | null;
    /**
     * Amount per VZÄ and year.
     */
    value: Euro;
}

/**
 * A whole explanation tree (schema `kim.trace.v1`).
 */
export interface Trace {
    /**
     * Always `kim.trace.v1`.
     */
    schema: "kim.trace.v1";
    /**
     * The top step.
     */
    root: TraceNode;
}

/**
 * An amount per party.
 */
export interface PartyAmount {
    /**
     * The party.
     */
    party: Party;
    /**
     * The amount.
     */
    amount: Euro;
}

/**
 * An exact decimal number as text in plain notation: `"1.5"`, `"43000"`, `"-3"`, `"82500.00"`
 * (`.` as the decimal point, no grouping, no exponent, no currency sign). kim writes every
 * decimal as such a string. Documents may also give a whole JSON number (a safe integer,
 * `43000`); a JSON number with a fraction is refused (`KIM-P004`), and so is text that reads
 * differently in German and English notation, such as `"1.500"` (`KIM-P003`).
 */
export type Decimal = string;

/**
 * An amount in euro: a {@link Decimal}, written with exactly two decimal places
 * (`"82500.00"`, `"-0.05"`). More than two places are reported (`KIM-V013`).
 */
export type Euro = string;

/**
 * Full-time equivalents (VZÄ): a {@link Decimal}, written without trailing zeros
 * (`"1.5"`, `"12"`, `"0.85"`). Negative values and more than two decimal places are reported.
 */
export type Fte = string;

/** A calendar day as `YYYY-MM-DD` (`"2023-12-31"`), read in exactly this form. */
export type IsoDate = string;

/**
 * A local date and time without zone, ISO 8601 (`"2023-04-03T09:15:00"`; fractional seconds
 * when there are any).
 */
export type IsoDateTime = string;

/**
 * An exact fraction in lowest terms, a pro-rating factor: `"1/2"`, `"92/183"`, or a whole
 * number `"1"`. Read as `"n/d"` or `"n"`.
 */
export type Fraction = string;

/**
 * An exact non-negative fraction (a quota in steps), always written `"n/d"` in lowest terms
 * (`"1234/567"`, `"5/1"`). Read as `"n/d"` or `"n"`.
 */
export type Ratio = string;

/**
 * A building block (Baustein) as its number: 1 coordination (incl. Verwaltungsassistenz),
 * 2 case management, 3 immigration and naturalisation offices (ABH/EBH).
 */
export type Baustein = 1 | 2 | 3;

/**
 * A count in a report: the exact number, or `"<k"` when it is 1 … k−1 and k is the
 * small-cell threshold (`"<3"`); zero stays `0`.
 */
export type Count = number | `<${number}`;

/**
 * A stable violation code: `KIM-`, an area letter (`P` parsing, `V` plan validation,
 * `A` allocation, `C` cases, `R` parameters) and three digits, e.g. `"KIM-V012"`. Only codes
 * of kim's catalogue are read (`kim errors` lists them).
 */
export type Code = `KIM-${string}`;

/**
 * One finding about an input: stable code, field path, severity and messages in English and
 * German. When read, the messages are rendered again from `code` and `params`.
 */
export interface Violation {
    /** Stable code, e.g. `KIM-V012`. */
    code: Code;
    /**
     * Field path inside the input document, with the document's field names:
     * `forwardings[0].onward[1].fte`; the whole document is `""`.
     */
    path: string;
    /** How serious it is. */
    severity: Severity;
    /** The message in English. */
    message_en: string;
    /** The message in German. */
    message_de: string;
    /** The values the messages are built from (by name). */
    params: Record<string, string>;
}

/** How a case was closed. */
export interface Closure {
    /** Day of closing. */
    date: IsoDate;
    /** Closing reason code. */
    reason: string;
}


/**
 * An extra code added by a Kreis, with labels.
 */
export interface CodeLabel {
    /**
     * The code as used in events (`A-Z`, `a-z`, digits, `_` and `-`).
     */
    code: string;
    /**
     * German label.
     */
    label_de: string;
    /**
     * English label (defaults to the German one).
     */
    label_en?: string;
}

/**
 * An inclusive date range `from ..= to`.
 */
export interface Period {
    /**
     * First day (inclusive).
     */
    from: IsoDate;
    /**
     * Last day (inclusive).
     */
    to: IsoDate;
}

/**
 * Apportionment method.
 */
export type Method = "largest_remainder" | "sainte_lague" | "dhondt" | "huntington_hill";

/**
 * Case flow per quarter.
 */
export interface CaseFlowRow {
    /**
     * Quarter (`2023-Q2`), clipped to the period.
     */
    quarter: string;
    /**
     * Cases opened (first contact).
     */
    opened: Count;
    /**
     * Cases admitted to case management (first admission).
     */
    admitted: Count;
    /**
     * Closures.
     */
    closed: Count;
    /**
     * Cases open at the end of the quarter (Stichtag).
     */
    open_at_end: Count;
}

/**
 * Case-management configuration of one Kreis (part of a `kim.cases.v1` document).
 */
export interface CaseConfig {
    /**
     * Extra Handlungsfelder.
     */
    topics?: CodeLabel[];
    /**
     * Extra Rechtskreise.
     */
    rechtskreise?: CodeLabel[];
    /**
     * Extra closing reasons.
     */
    closing_reasons?: CodeLabel[];
    /**
     * Extra consent purposes.
     */
    consent_purposes?: CodeLabel[];
    /**
     * Extra residence statuses.
     */
    statuses?: CodeLabel[];
    /**
     * Number of Treppenmodell levels (default 5, Kreis Coesfeld).
     */
    treppe_levels?: number;
    /**
     * Labels of the Treppenmodell levels. The step names are not published: by default the
     * levels are called "Stufe 1" … "Stufe 5".
     */
    treppe_labels?: string[];
    /**
     * A topic is reported as generative when flagged in at least this many cases in the
     * report period (default 5).
     */
    generative_min_cases?: number;
    /**
     * Fallrekonstruktion limits.
     */
    fallrekonstruktion?: FallrekonstruktionLimits;
    /**
     * Target-group predicates checked at admission.
     */
    eligibility?: Eligibility;
    /**
     * Counts below this value are shown as `<k` in reports (default 3; 0 or 1 disables).
     */
    suppress_below?: number;
}

/**
 * Cases per Kommune.
 */
export interface KommuneRow {
    /**
     * Kommune.
     */
    kommune: string;
    /**
     * Cases open on some day of the period.
     */
    active: Count;
    /**
     * Admitted in the period.
     */
    admitted: Count;
    /**
     * Closed in the period.
     */
    closed: Count;
}

/**
 * Cases per Treppenmodell level (the latest level by the end of the period).
 */
export interface TreppeRow {
    /**
     * Level.
     */
    level: number;
    /**
     * Label (configured, or "Stufe n").
     */
    label: string;
    /**
     * Cases.
     */
    cases: Count;
}

/**
 * Cases per code (topic, Rechtskreis, generative topic).
 */
export interface CodeRow {
    /**
     * The code.
     */
    code: string;
    /**
     * German label.
     */
    label_de: string;
    /**
     * English label.
     */
    label_en: string;
    /**
     * Cases.
     */
    cases: Count;
}

/**
 * Cases per state at the end of the period.
 */
export interface StateRow {
    /**
     * The state.
     */
    state: CaseState;
    /**
     * Cases.
     */
    cases: Count;
}

/**
 * Choices a plan makes where the sources are silent.
 */
export interface PlanOptions {
    /**
     * Pro-rating of part-year periods (default `full_year`).
     */
    pro_rata?: ProRata;
    /**
     * Parameter lookup (default `strict`).
     */
    mode?: Mode;
    /**
     * Reference date of the staffing table (default 31.12. of the plan year).
     */
    stichtag?: IsoDate;
    /**
     * Count workplace costs in the Eigenanteil (default: personnel cost only).
     */
    count_workplace_cost?: boolean;
}

/**
 * Closures per quarter and reason.
 */
export interface ReasonRow {
    /**
     * Quarter.
     */
    quarter: string;
    /**
     * Closing reason code.
     */
    reason: string;
    /**
     * German label.
     */
    label_de: string;
    /**
     * English label.
     */
    label_en: string;
    /**
     * Closures.
     */
    cases: Count;
}

/**
 * Consultations per month, Kommune and kind.
 */
export interface ConsultationRow {
    /**
     * Month (`2023-04`).
     */
    month: string;
    /**
     * Kommune.
     */
    kommune: string;
    /**
     * Kind.
     */
    kind: ConsultationKind;
    /**
     * Number of consultations.
     */
    consultations: Count;
    /**
     * Persons reached (sum over the consultations).
     */
    persons: Count;
}

/**
 * Eigenanteil of one employer.
 */
export interface EmployerShare {
    /**
     * The employer.
     */
    employer: Party;
    /**
     * Own cost (absent when unknown).
     */
    own_cost?: Euro;
    /**
     * State money kept plus top-ups received.
     */
    covered: Euro;
    /**
     * Eigenanteil (absent when the cost is unknown).
     */
    own_share?: Euro;
    /**
     * Money beyond the own cost.
     */
    surplus: Euro;
}

/**
 * Everything a distribution needs: weights, total, options, regions and overrides.
 */
export interface DistributionInput {
    /**
     * Units and weights.
     */
    weights: Weight[];
    /**
     * VZÄ to distribute.
     */
    total: Fte;
    /**
     * Method, step, minimum and policies.
     */
    options?: DistributeOptions;
    /**
     * Optional pooling of units into regions.
     */
    regions?: Region[];
    /**
     * Optional manual shares.
     */
    overrides?: Override[];
}

/**
 * Evidence status of a value (KIM-RULES conventions).
 */
export type Status = "stated" | "derived" | "assumed";

/**
 * Facts recorded at admission for the target-group check (erased when consent is revoked).
 */
export interface AdmissionFacts {
    /**
     * Residence status code.
     */
    status?: string;
    /**
     * Arrival.
     */
    arrival?: IsoDate;
    /**
     * Age in years.
     */
    age?: number;
    /**
     * Already in another Fallmanagement?
     */
    other_fallmanagement?: boolean;
}

/**
 * Fallrekonstruktionen per year.
 */
export interface FallrekonstruktionRow {
    /**
     * Year.
     */
    year: number;
    /**
     * Sets held in the period.
     */
    sets: number;
    /**
     * Cases analysed.
     */
    cases: Count;
}

/**
 * Funded vs filled at a Stichtag.
 */
export interface Staffing {
    /**
     * The reference date.
     */
    stichtag: IsoDate;
    /**
     * One row per Baustein and employer.
     */
    by_employer: StaffingRow[];
    /**
     * One total row per Baustein.
     */
    by_baustein: StaffingRow[];
}

/**
 * How a period shorter than a year is pro-rated (KIM-RULES R3; no method is backed by a source).
 */
export type ProRata = "full_year" | "months" | "days";

/**
 * How a voluntary top-up is paid (KIM-RULES R5 leaves it open).
 */
export type TopUpPolicy = "fixed" | "up_to_cost";

/**
 * How exact ties that decide a unit are broken.
 */
export type TieBreak = "error" | "order" | { lot: { seed: number } };

/**
 * How serious a [`Violation`] is.
 */
export type Severity = "error" | "warning" | "info";

/**
 * How the state money for a forwarded post is computed.
 */
export type Basis = { actual_cost_capped: { cap_per_fte: Euro } } | { flat_per_fte: { amount_per_fte: Euro } };

/**
 * Kind of consultation (Beratung).
 */
export type ConsultationKind = "erstberatung" | "folgeberatung" | "verweisberatung";

/**
 * Limits for Fallrekonstruktionen (Neuss: "jährlich bis zu vier Fallrekonstruktionen von drei
 * bis vier Fällen").
 */
export interface FallrekonstruktionLimits {
    /**
     * Most sets per calendar year (default 4).
     */
    max_per_year?: number;
    /**
     * Fewest cases per set (default 3).
     */
    min_cases?: number;
    /**
     * Most cases per set (default 4).
     */
    max_cases?: number;
}

/**
 * Money per forwarding (from the plan's evaluation).
 */
export interface MoneyRow {
    /**
     * Where in the plan (`forwardings[0]`).
     */
    path: string;
    /**
     * Recipient.
     */
    recipient: Party;
    /**
     * Baustein.
     */
    baustein: Baustein;
    /**
     * VZÄ forwarded.
     */
    fte: Fte;
    /**
     * Reimbursed from state money.
     */
    reimbursed: Euro;
    /**
     * Voluntary top-up.
     */
    top_up: Euro;
    /**
     * Eigenanteil of the recipient, where actual cost is known.
     */
    own_share?: Euro;
}

/**
 * Money totals of a plan.
 */
export interface Totals {
    /**
     * State money received by the authority (the grant).
     */
    land_money: Euro;
    /**
     * State money forwarded by the authority (first level of all chains).
     */
    forwarded: Euro;
    /**
     * State money the authority keeps.
     */
    retained_by_authority: Euro;
    /**
     * Voluntary top-ups paid, all levels.
     */
    top_ups: Euro;
    /**
     * Top-ups per payer.
     */
    top_ups_by_payer: PartyAmount[];
    /**
     * Eigenanteil per employer (recipients of forwardings; the authority when `own_costs` are given).
     */
    own_share_by_employer: EmployerShare[];
}

/**
 * Money: the totals and one row per forwarding.
 */
export interface Money {
    /**
     * Totals.
     */
    totals: Totals;
    /**
     * Per forwarding (chains flattened, in document order).
     */
    forwardings: MoneyRow[];
}

/**
 * Number notation for parsing and formatting.
 */
export type Locale = "plain" | "de" | "en";

/**
 * One Gemeinde.
 */
export interface Gemeinde {
    /**
     * Amtlicher Gemeindeschlüssel (8 digits).
     */
    ags: string;
    /**
     * Official name, with suffixes such as ", Stadt".
     */
    name: string;
    /**
     * Key of the Kreis or kreisfreie Stadt (5 digits).
     */
    kreis_ags: string;
    /**
     * Name of the Kreis or kreisfreie Stadt.
     */
    kreis: string;
    /**
     * Zensus 2022 population.
     */
    population: number;
    /**
     * Reference date of the population (2022-05-15).
     */
    population_date: string;
}

/**
 * One allowed (from, event, to) row.
 */
export interface Transition {
    /**
     * State before (absent: a case not yet opened).
     */
    from?: CaseState;
    /**
     * The event.
     */
    event: EventType;
    /**
     * State after.
     */
    to: CaseState;
    /**
     * A record event (keeps the state: topics, Rechtskreise, Treppenmodell, consent).
     */
    record: boolean;
    /**
     * Condition, if any.
     */
    condition?: Condition;
    /**
     * German label of the event.
     */
    label_de: string;
    /**
     * English label of the event.
     */
    label_en: string;
    /**
     * Where the step comes from.
     */
    origin: Origin;
}

/**
 * One authority's KIM year: funded posts, staff, forwardings and own costs.
 */
export interface Plan {
    /**
     * Always `kim.plan.v1`.
     */
    schema_version: "kim.plan.v1";
    /**
     * The Kreis or kreisfreie Stadt that receives the grant.
     */
    authority: Party;
    /**
     * The year.
     */
    year: number;
    /**
     * The document contains illustrative (not sourced) values.
     */
    illustrative?: boolean;
    /**
     * Where the plan's figures come from.
     */
    sources?: Source[];
    /**
     * Choices where the sources are silent.
     */
    options?: PlanOptions;
    /**
     * Posts the Land funds.
     */
    funded?: FundedPost[];
    /**
     * Filled posts (pseudonymous).
     */
    staff?: StaffedPost[];
    /**
     * Forwarding contracts.
     */
    forwardings?: Forwarding[];
    /**
     * The authority's own costs per post kind.
     */
    own_costs?: OwnCost[];
    /**
     * How the case-management posts are split among the kreisangehörige Kommunen.
     */
    distribution?: PlanDistribution;
    /**
     * Case data for reports: inline (`kim.cases.v1`) …
     */
    cases?: CasesDocument;
    /**
     * … or a reference to a separate `kim.cases.v1` file, relative to the plan (loaded by
     * the CLI and the Python `Plan.load`; the core reads no files).
     */
    cases_file?: string;
}

/**
 * One code of a list with its labels.
 */
export interface Entry {
    /**
     * The code as written in JSON (`sainte_lague`, `klaerung`, `WOHNEN`; a Baustein's number).
     */
    code: string;
    /**
     * An identifier for the code (the code itself, or for a Baustein `case_management` …):
     * the member name of a generated enum.
     */
    name: string;
    /**
     * German label.
     */
    label_de: string;
    /**
     * English label.
     */
    label_en: string;
}

/**
 * One dated legal-form entry.
 */
export interface LegalFormEntry {
    /**
     * The building block.
     */
    baustein: Baustein;
    /**
     * First day of validity.
     */
    valid_from: IsoDate;
    /**
     * Last day of validity; open when absent.
     */
    valid_to?: IsoDate;
    /**
     * The form.
     */
    form: LegalForm;
    /**
     * Evidence status.
     */
    status: Status;
    /**
     * Where it is stated.
     */
    source: Source;
}

/**
 * One dated value of the rate table.
 */
export interface RateEntry {
    /**
     * What the rate is for.
     */
    key: RateKey;
    /**
     * First day of validity.
     */
    valid_from: IsoDate;
    /**
     * Last day of validity; open when absent.
     */
    valid_to?: IsoDate;
    /**
     * Amount in euro per `per`.
     */
    value: Euro;
    /**
     * What one `value` pays for.
     */
    per: Per;
    /**
     * Evidence status.
     */
    status: Status;
    /**
     * Where the value comes from.
     */
    source: Source;
    /**
     * Why the value is as it is (assumptions, derivations).
     */
    note?: string;
}

/**
 * One event of a case history (document `kim.cases.v1`, field `events`).
 *
 * Which payload fields an event takes depends on `event` (see [`EventType`] and
 * `docs/cases.md`); a field an event does not take is an error (`KIM-C011`), so nothing can
 * be smuggled in. There is no field for names, birth dates, addresses or free text.
 */
export interface CaseEvent {
    /**
     * Event id, unique within the case (an opaque pseudonym).
     */
    id: string;
    /**
     * Case id (an opaque pseudonym).
     */
    case: string;
    /**
     * What happened.
     */
    event: EventType;
    /**
     * The day it happened (valid time).
     */
    effective: IsoDate;
    /**
     * When it was entered (transaction time, local time without zone, e.g. `2023-04-03T09:15:00`).
     */
    recorded: IsoDateTime;
    /**
     * Pseudonymous staff id.
     */
    actor: string;
    /**
     * Reason code: the closing reason for `close`, the reason for `reopen`, optional otherwise.
     */
    reason?: string;
    /**
     * Id of an earlier event this one replaces (corrections are new events, never edits).
     */
    supersedes?: string;
    /**
     * `open`: the Kommune the person lives in.
     */
    kommune?: string;
    /**
     * `add_topic`, `remove_topic`, `flag_topic`: a Handlungsfeld code.
     */
    topic?: string;
    /**
     * `set_rechtskreis`: a Rechtskreis code.
     */
    rechtskreis?: string;
    /**
     * `rechtskreiswechsel`: the Rechtskreis left.
     */
    from?: string;
    /**
     * `rechtskreiswechsel`: the Rechtskreis entered (from `effective`).
     */
    to?: string;
    /**
     * `rechtskreiswechsel`: last day of the Rechtskreis left (default: the day before
     * `effective`). A later start of the new one is a gap (`KIM-C015`).
     */
    from_ended?: IsoDate;
    /**
     * `set_treppe`: Treppenmodell level (1 … `treppe_levels`).
     */
    level?: number;
    /**
     * `consent`, `revoke_consent`: the purpose code (`fallmanagement`, `datenweitergabe`, …).
     */
    purpose?: string;
    /**
     * `admit`: residence status code, for the target-group check.
     */
    status?: string;
    /**
     * `admit`: arrival in Germany (a month is enough: use the first day), for the
     * target-group check.
     */
    arrival?: IsoDate;
    /**
     * `admit`: age in whole years (never a birth date), for the target-group check.
     */
    age?: number;
    /**
     * `admit`: is the person already in another Fallmanagement?
     */
    other_fallmanagement?: boolean;
}

/**
 * One grant request of [`grant_lines`]: funded posts and the options of their year.
 */
export interface GrantRequest {
    /**
     * The funded posts.
     */
    posts: FundedPost[];
    /**
     * Year, pro-rating, mode.
     */
    options: GrantOptions;
}

/**
 * One line of a case's timeline (valid-time order).
 */
export interface TimelineEntry {
    /**
     * Position of the event in the input (recorded order).
     */
    index: number;
    /**
     * Event type.
     */
    event: EventType;
    /**
     * Valid time.
     */
    effective: IsoDate;
    /**
     * State before.
     */
    from?: CaseState;
    /**
     * State after.
     */
    to?: CaseState;
    /**
     * What happened to it.
     */
    outcome: Outcome;
}

/**
 * One line of a grant.
 */
export interface GrantLine {
    /**
     * Index of the funded post in the input.
     */
    index: number;
    /**
     * Personnel or workplace set-up.
     */
    item: GrantItem;
    /**
     * Kind of post.
     */
    kind: PostKind;
    /**
     * Building block.
     */
    baustein: Baustein;
    /**
     * Funded VZÄ.
     */
    fte: Fte;
    /**
     * Funded period.
     */
    period: Period;
    /**
     * Pro-rating factor of the whole line.
     */
    factor: Fraction;
    /**
     * Rates applied (more than one when the rate changes within the period); shared by
     * every line with the same kind and period.
     */
    rates: RateApplied[];
    /**
     * Amount, rounded to cents.
     */
    amount: Euro;
    /**
     * Weakest evidence status of the rates used.
     */
    status: Status;
    /**
     * The input was marked illustrative.
     */
    illustrative?: boolean;
}

/**
 * One region's part of a two-level distribution.
 */
export interface RegionShare {
    /**
     * The region.
     */
    name: string;
    /**
     * Its share (from the first level).
     */
    fte: Fte;
    /**
     * The distribution within the region (absent when the region's share is zero).
     */
    within?: Allocation;
}

/**
 * One row of the staffing table.
 */
export interface StaffingRow {
    /**
     * Building block.
     */
    baustein: Baustein;
    /**
     * Employer; absent in the total row of a Baustein.
     */
    employer?: Party;
    /**
     * Funded VZÄ held by the employer at the Stichtag.
     */
    funded: Fte;
    /**
     * Filled VZÄ at the Stichtag.
     */
    filled: Fte;
    /**
     * Funded but not filled (0 when over-filled).
     */
    vacancy: Fte;
    /**
     * Filled ÷ funded × 100, rounded half away from zero to two decimals (absent if nothing is funded).
     */
    fill_rate_percent?: Decimal;
    /**
     * Persons in post at the Stichtag.
     */
    headcount: number;
}

/**
 * One step of an explanation.
 */
export interface TraceNode {
    /**
     * Where the amount is in the result document (`grant.lines[0]`, `forwardings[1]`).
     */
    id: string;
    /**
     * Rule identifiers with their source (`KIM-RULES R4 (Kreis Heinsberg, Vorlage 0210/2022)`).
     */
    rule: string;
    /**
     * Title in English.
     */
    title_en: string;
    /**
     * Title in German.
     */
    title_de: string;
    /**
     * The formula in English words.
     */
    formula_en: string;
    /**
     * The formula in German words.
     */
    formula_de: string;
    /**
     * The inputs.
     */
    inputs: TraceValue[];
    /**
     * Parameter values used, with sources.
     */
    parameters?: TraceParam[];
    /**
     * Pro-rating, where applied.
     */
    pro_rata?: TraceProRata;
    /**
     * The result.
     */
    result: TraceValue;
    /**
     * Steps this one is made of.
     */
    children?: TraceNode[];
}

/**
 * One unit's share.
 */
export interface Share {
    /**
     * The unit.
     */
    unit: string;
    /**
     * Its weight.
     */
    weight: Decimal;
    /**
     * Exact quota in VZÄ (total × weight ÷ Σ weights), rounded to 4 decimals for display.
     */
    quota: Decimal;
    /**
     * The exact quota in steps as a fraction (`1234/567`).
     */
    quota_steps: Ratio;
    /**
     * The share in VZÄ.
     */
    fte: Fte;
    /**
     * The share in steps.
     */
    steps: number;
    /**
     * Largest remainder: the quota's remainder in steps; divisor methods: the quotient for the
     * unit's next step (weight ÷ divisor). Rounded to 4 decimals; absent for an unlimited claim
     * (Huntington–Hill, a unit with no step yet).
     */
    priority?: Decimal;
    /**
     * Rank of `priority` among units with a positive weight (1 = highest; equal values share a rank).
     */
    rank: number;
    /**
     * ⌊quota⌋ ≤ steps ≤ ⌈quota⌉ (in steps)?
     */
    within_quota: boolean;
    /**
     * Excluded from the apportionment (below minimum, policy `exclude_and_reapportion`).
     */
    excluded?: boolean;
}

/**
 * Options of a distribution.
 */
export interface DistributeOptions {
    /**
     * Method (default largest remainder).
     */
    method?: Method;
    /**
     * Step in VZÄ (default 0.5).
     */
    step?: Fte;
    /**
     * Minimum share of a unit that gets anything (default 0).
     */
    minimum?: Fte;
    /**
     * Handling of shares below the minimum (default report only).
     */
    below_minimum?: BelowMinimum;
    /**
     * Tie policy (default error).
     */
    tie_break?: TieBreak;
    /**
     * Explain every unit's share in `trace` (default true). Without it the trace holds only
     * the method and totals; every share still carries its quota, priority and rank.
     */
    trace?: boolean;
}

/**
 * Options of a forwarding computation.
 */
export interface ForwardOptions {
    /**
     * The year (forwardings without a period cover all of it).
     */
    year: number;
    /**
     * Pro-rating of part-year periods (default `full_year`).
     */
    pro_rata?: ProRata;
    /**
     * Count `workplace_cost` as part of the recipient's own cost (default: no, personnel only).
     */
    count_workplace_cost?: boolean;
}

/**
 * Options of a grant computation. Every result records the options used.
 */
export interface GrantOptions {
    /**
     * The grant year (posts without a period cover all of it).
     */
    year: number;
    /**
     * Pro-rating of part-year periods (default `full_year`).
     */
    pro_rata?: ProRata;
    /**
     * Strict or lenient parameter lookup (default strict).
     */
    mode?: Mode;
    /**
     * Explain every line in `trace` (default true). Without it the trace holds only the
     * total, which makes bulk computations (a million lines) about three times faster;
     * every line still carries its rates, factor, status and sources.
     */
    trace?: boolean;
}

/**
 * Options of an evaluation that override the plan's own.
 */
export interface EvalOptions {
    /**
     * Override the plan's parameter mode (e.g. `--lenient` on the command line).
     */
    mode?: Mode;
    /**
     * Override the plan's Stichtag.
     */
    stichtag?: IsoDate;
}

/**
 * Output language for messages and reports.
 */
export type Lang = "de" | "en";

/**
 * Posts the Land funds for an authority: a kind, VZÄ and optionally a part of the year.
 */
export interface FundedPost {
    /**
     * Kind of post.
     */
    kind: PostKind;
    /**
     * Funded VZÄ.
     */
    fte: Fte;
    /**
     * Funded period; the whole year when absent.
     */
    period?: Period;
    /**
     * One-off workplace set-up cost claimed for these posts (Baustein 1 only; capped per
     * full-time post by the parameter `workplace_setup`).
     */
    workplace_setup_cost?: Euro;
    /**
     * Marks values that are plausible examples rather than figures from a source.
     */
    illustrative?: boolean;
}

/**
 * Strict or lenient parameter lookup.
 */
export type Mode = "strict" | "lenient";

/**
 * Target-group predicates, checked at admission. A failing predicate is a warning
 * (`KIM-C017`) with its reason, never a silent block.
 */
export interface Eligibility {
    /**
     * Admissible residence statuses (empty: any).
     */
    statuses?: string[];
    /**
     * At most this many years between arrival and admission (Märkischer Kreis: 3).
     */
    max_years_since_arrival?: number;
    /**
     * Youngest admissible age in years (Köln: 18).
     */
    min_age?: number;
    /**
     * Oldest admissible age in years (Köln: 27).
     */
    max_age?: number;
    /**
     * Only people without another Fallmanagement (Märkischer Kreis, Neuss).
     */
    no_other_fallmanagement?: boolean;
}

/**
 * The Land's grant for a year.
 */
export interface Grant {
    /**
     * Year.
     */
    year: number;
    /**
     * Pro-rating used.
     */
    pro_rata: ProRata;
    /**
     * Parameter mode used.
     */
    mode: Mode;
    /**
     * Total of all lines.
     */
    total: Euro;
    /**
     * Totals per building block (only blocks with lines).
     */
    by_baustein: BausteinTotal[];
    /**
     * The lines.
     */
    lines: GrantLine[];
    /**
     * Warnings and notes (carried-forward or assumed rates).
     */
    warnings: Violation[];
    /**
     * Explanation.
     */
    trace: Trace;
}

/**
 * The authority's own cost for the posts of a kind it keeps (for its Eigenanteil).
 */
export interface OwnCost {
    /**
     * Kind of post.
     */
    kind: PostKind;
    /**
     * Actual personnel cost in the year.
     */
    actual_cost: Euro;
    /**
     * Workplace cost (counted if the plan option says so).
     */
    workplace_cost?: Euro;
    /**
     * Marks values that are plausible examples rather than figures from a source.
     */
    illustrative?: boolean;
}

/**
 * The distribution of a plan's case-management posts among the Kommunen.
 */
export interface PlanDistribution {
    /**
     * Reference date of the weights.
     */
    stichtag: IsoDate;
    /**
     * What the weights are.
     */
    basis: DistributionBasis;
    /**
     * Where the weights come from.
     */
    source?: Source;
    /**
     * Units and weights.
     */
    weights: Weight[];
    /**
     * VZÄ to distribute; default: the funded case-management VZÄ minus those forwarded to Träger.
     */
    total?: Fte;
    /**
     * Method, step, minimum and policies.
     */
    options?: DistributeOptions;
    /**
     * Pooling into regions.
     */
    regions?: Region[];
    /**
     * Manual shares with reasons.
     */
    overrides?: Override[];
}

/**
 * The kind of a post; each belongs to one [`Baustein`].
 */
export type PostKind = "coordination" | "admin_assistance" | "case_manager" | "abh" | "ebh";

/**
 * The legal form of the money for a Baustein in a period.
 */
export type LegalForm = "zuwendung" | "fachbezogene_pauschale";

/**
 * The money of one forwarding node, with its onward nodes.
 */
export interface ForwardingResult {
    /**
     * Identifier from the input.
     */
    id: string;
    /**
     * Path of the input node (`forwardings[0].onward[1]`).
     */
    path: string;
    /**
     * Giver.
     */
    from: Party;
    /**
     * Recipient.
     */
    to: Party;
    /**
     * Kind of post.
     */
    kind: PostKind;
    /**
     * Building block.
     */
    baustein: Baustein;
    /**
     * Contracted VZÄ.
     */
    fte: Fte;
    /**
     * VZÄ the recipient keeps (`fte` − Σ onward VZÄ).
     */
    kept_fte: Fte;
    /**
     * Filled VZÄ, if given.
     */
    filled_fte?: Fte;
    /**
     * Period.
     */
    period: Period;
    /**
     * Pro-rating used.
     */
    pro_rata: ProRata;
    /**
     * Pro-rating factor.
     */
    factor: Fraction;
    /**
     * Basis of the state money.
     */
    basis: Basis;
    /**
     * Cap (for `actual_cost_capped`).
     */
    cap?: Euro;
    /**
     * Own cost considered (actual cost, plus workplace cost if counted).
     */
    own_cost?: Euro;
    /**
     * State money the recipient receives (incl. what it passes on).
     */
    reimbursed: Euro;
    /**
     * State money passed on (Σ onward reimbursed).
     */
    onward_reimbursed: Euro;
    /**
     * State money the recipient keeps.
     */
    retained: Euro;
    /**
     * Voluntary top-up paid by the giver from its own money.
     */
    top_up: Euro;
    /**
     * Top-up policy used.
     */
    top_up_policy: TopUpPolicy;
    /**
     * Eigenanteil: own cost not covered (absent when the cost is unknown).
     */
    own_share?: Euro;
    /**
     * Money received beyond the own cost.
     */
    over_financing: Euro;
    /**
     * True when the reimbursement is the cap because the actual cost is unknown.
     */
    estimated: boolean;
    /**
     * Onward nodes.
     */
    onward?: ForwardingResult[];
    /**
     * Warnings about this node.
     */
    warnings?: Violation[];
    /**
     * Explanation of this node's amounts.
     */
    trace: TraceNode;
}

/**
 * The options an evaluation actually used.
 */
export interface UsedOptions {
    /**
     * Pro-rating.
     */
    pro_rata: ProRata;
    /**
     * Parameter mode.
     */
    mode: Mode;
    /**
     * Staffing Stichtag.
     */
    stichtag: IsoDate;
    /**
     * Workplace cost counted in the Eigenanteil.
     */
    count_workplace_cost: boolean;
}

/**
 * The pro-rating applied to an amount.
 */
export interface TraceProRata {
    /**
     * Method.
     */
    method: ProRata;
    /**
     * Factor (`1`, `1/2`, `184/365`).
     */
    factor: Fraction;
}

/**
 * The replay of a whole document.
 */
export interface CasesReplay {
    /**
     * One report per case, in order of first appearance.
     */
    cases: ReplayReport[];
    /**
     * Problems outside the event histories (consultations, Fallrekonstruktionen).
     */
    violations: Violation[];
}

/**
 * The result of [`distribute_input`]: the computed allocation (among units, or among
 * regions when regions are given), the allocations within regions, and the final shares
 * with overrides side by side.
 */
export interface Distribution {
    /**
     * The first-level allocation (units, or regions).
     */
    allocation: Allocation;
    /**
     * Per region, when regions are given.
     */
    regions?: RegionShare[];
    /**
     * Final share per unit, in input order.
     */
    shares: FinalShare[];
    /**
     * Σ final shares.
     */
    sum: Fte;
    /**
     * Warnings (overrides that change the total, shares below minimum, …).
     */
    warnings: Violation[];
}

/**
 * The result of [`replay`].
 */
export interface ReplayReport {
    /**
     * Case id (of the first event).
     */
    case: string;
    /**
     * State after the accepted events (absent if the case was never opened).
     */
    final_state?: CaseState;
    /**
     * The case after the accepted events.
     */
    record: CaseRecord;
    /**
     * Every event in valid-time order with the state before and after.
     */
    timeline: TimelineEntry[];
    /**
     * Every problem, with the index of its event; errors mean the event was rejected.
     */
    violations: EventViolation[];
}

/**
 * The result of a distribution.
 *
 * The explanation is built on request by [`Allocation::trace`] (and when the allocation is
 * serialised, as `trace`), so a distribution costs no text formatting unless it is read.
 */
export interface Allocation {
    /**
     * Method used.
     */
    method: Method;
    /**
     * Step used.
     */
    step: Fte;
    /**
     * Minimum used.
     */
    minimum: Fte;
    /**
     * Minimum policy used.
     */
    below_minimum_policy: BelowMinimum;
    /**
     * Tie policy used.
     */
    tie_break: TieBreak;
    /**
     * Total distributed.
     */
    total: Fte;
    /**
     * Total in steps.
     */
    steps: number;
    /**
     * Shares in input order.
     */
    shares: Share[];
    /**
     * Ties that decided a unit.
     */
    ties: Tie[];
    /**
     * Units whose share is above zero but below the minimum (policy `report_only`), or that
     * were excluded for it.
     */
    below_minimum: string[];
    /**
     * Units whose share breaks the quota rule.
     */
    quota_violations: string[];
    /**
     * Σ shares == total?
     */
    sum_ok: boolean;
    /**
     * Warnings (`KIM-A014` below minimum, `KIM-A013` quota rule broken).
     */
    warnings: Violation[];
    /**
     * What decided the marginal steps.
     */
    marginal: Marginal;
    /**
     * The serialised trace, ignored when read back (it is rebuilt from the data).
     */
    trace?: Trace;
}

/**
 * The result of an operation, typed: serialises exactly like [`run_op`]'s JSON, and keeps
 * kim's decimal and date marks for bindings that produce native types.
 */
export type OperationOutput = Parsed | Grant | ForwardingResult | Distribution | Evaluation | { violations: Violation[] } | ReplayReport | CasesReplay | Report | CasesDocument | OperationOutput[];

/**
 * The result of evaluating a plan.
 */
export interface Evaluation {
    /**
     * Always `kim.evaluation.v1`.
     */
    schema_version: "kim.evaluation.v1";
    /**
     * The authority.
     */
    authority: Party;
    /**
     * The year.
     */
    year: number;
    /**
     * Options used.
     */
    options: UsedOptions;
    /**
     * Paths of inputs marked illustrative (`""` = the whole document).
     */
    illustrative: string[];
    /**
     * The Land's grant (absent when it cannot be computed, see `violations`).
     */
    grant?: Grant;
    /**
     * Forwarding results, one per forwarding in the plan that could be computed.
     */
    forwardings: ForwardingResult[];
    /**
     * Funded vs filled at the Stichtag.
     */
    staffing?: Staffing;
    /**
     * Money totals (absent without a grant).
     */
    totals?: Totals;
    /**
     * The split of posts among the Kommunen, if the plan has a distribution.
     */
    distribution?: Distribution;
    /**
     * Errors: all of them, in document order.
     */
    violations: Violation[];
    /**
     * Warnings and notes.
     */
    warnings: Violation[];
    /**
     * Explanation of every amount.
     */
    trace: Trace;
}

/**
 * The state of a case. A case starts in `klaerung` when it is opened.
 */
export type CaseState = "klaerung" | "aufgenommen" | "assessment" | "hilfeplanung" | "umsetzung" | "evaluation" | "pausiert" | "abgeschlossen";

/**
 * The state of one case after its events (pseudonymous: ids, codes and dates only).
 */
export interface CaseRecord {
    /**
     * Case id.
     */
    id: string;
    /**
     * Current state (absent before the case is opened).
     */
    state?: CaseState;
    /**
     * Kommune.
     */
    kommune?: string;
    /**
     * Day the case was opened (first contact).
     */
    opened?: IsoDate;
    /**
     * Day of the first admission to case management.
     */
    admitted?: IsoDate;
    /**
     * Every closure, in valid-time order (more than one after a reopen).
     */
    closures?: Closure[];
    /**
     * The state a paused case resumes to.
     */
    paused_from?: CaseState;
    /**
     * Consents.
     */
    consents?: ConsentRecord[];
    /**
     * Handlungsfelder with their dates.
     */
    topics?: Span[];
    /**
     * Topics flagged as generative, with dates.
     */
    flags?: Mark<string>[];
    /**
     * Rechtskreise with their dates.
     */
    rechtskreise?: Span[];
    /**
     * Treppenmodell levels with their dates.
     */
    treppe?: Mark<number>[];
    /**
     * Facts recorded at admission.
     */
    admission?: AdmissionFacts;
    /**
     * True after the case-management consent was revoked: topics, Rechtskreise, Treppenmodell
     * and admission facts are erased; only what anonymous counts need is kept.
     */
    erased?: boolean;
}

/**
 * Total per building block.
 */
export interface BausteinTotal {
    /**
     * Building block.
     */
    baustein: Baustein;
    /**
     * Funded VZÄ (personnel lines).
     */
    fte: Fte;
    /**
     * Personnel money.
     */
    personnel: Euro;
    /**
     * Workplace set-up money.
     */
    workplace_setup: Euro;
    /**
     * Sum.
     */
    amount: Euro;
    /**
     * Legal form of the money in that year, if known.
     */
    legal_form?: LegalForm;
}

/**
 * What [`erase_revoked`] and [`purge_before`] removed (counts only).
 */
export interface Purged {
    /**
     * Cases affected.
     */
    cases: number;
    /**
     * Events removed.
     */
    events: number;
    /**
     * Admission events whose target-group facts were cleared.
     */
    facts_cleared: number;
    /**
     * Consultations removed or cleared of their topics.
     */
    consultations: number;
    /**
     * Fallrekonstruktionen removed.
     */
    fallrekonstruktionen: number;
}

/**
 * What a grant line pays for.
 */
export type GrantItem = "personnel" | "workplace_setup";

/**
 * What a rate is for: a post kind, or the one-off workplace set-up money.
 */
export type RateKey = "coordination" | "admin_assistance" | "case_manager" | "abh" | "ebh" | "workplace_setup";

/**
 * What an event records. Transitions change the state; record events
 * (topics, Rechtskreise, Treppenmodell, consent) keep it.
 */
export type EventType = "open" | "follow_up" | "consent" | "revoke_consent" | "admit" | "start_assessment" | "plan" | "implement" | "evaluate" | "replan" | "reassess" | "pause" | "resume" | "close" | "reopen" | "add_topic" | "remove_topic" | "flag_topic" | "set_rechtskreis" | "rechtskreiswechsel" | "set_treppe" | "void";

/**
 * What decided the marginal steps of an allocation.
 */
export type Marginal = { remaining_steps: number } | { last_quotient: Decimal };

/**
 * What happened to an event in the replay.
 */
export type Outcome = "applied" | "rejected" | "superseded" | "voided";

/**
 * What happens to units whose share is above zero but below the minimum.
 */
export type BelowMinimum = "report_only" | "exclude_and_reapportion" | "raise_to_minimum";

/**
 * What kind of body a [`Party`] is.
 */
export type PartyKind = "land" | "kreis" | "kreisfreie_stadt" | "kommune" | "traeger";

/**
 * What one unit of a rate's value pays for.
 */
export type Per = "fte_year" | "half_post_year" | "full_time_post_once";

/**
 * What the weights of a distribution are.
 */
export type DistributionBasis = "azr" | "population" | "fixed";

/**
 * Where a state, step or code comes from (KIM-RULES §7).
 */
export type Origin = "seeds" | "dgcc" | "assumed" | "configured";

/**
 * Which VZÄ a cap or top-up is computed on.
 */
export type FteBase = "contracted" | "filled";

/**
 * Which code list a code belongs to.
 */
export type ListKind = "topic" | "rechtskreis" | "closing_reason" | "consent_purpose" | "status" | "kommune";


/**
 * Distributes posts among units by weights (`{ weights, total, options?, regions?,
 * overrides? }`).
 */
export function distribute(input: DistributionInput): Distribution;

/**
 * Distributes posts for many scenarios (`distribute` documents) in one call, in order.
 */
export function distributeMany(inputs: DistributionInput[]): Distribution[];

/**
 * Evaluates many plans with the same options (as `evaluatePlan` takes them) in one call:
 * one `Evaluation` per plan, in order. The first plan that cannot be read or evaluated throws a
 * `KimError` with its index first in the path (`[3].funded[0].fte`).
 */
export function evaluateMany(plans: Plan[], options?: EvaluateOptions): Evaluation[];

/**
 * Evaluates a plan: grant, forwardings, staffing, totals, violations and the trace
 * (an `Evaluation`, schema `kim.evaluation.v1`).
 *
 * `options`: `strict` (`true`: a date without a known rate is an error; `false`: the last
 * known rate is carried forward and marked assumed; default: the plan's own mode), `mode`
 * (the same as `"strict"`/`"lenient"`; give one of the two), `stichtag`, `overrides`
 * (what-if rates `{ key, from, to, value }`), `lang` (`"en"` default or `"de"`: the language
 * of a thrown `KimError`'s messages). A plan that breaks rules is evaluated as far as it can
 * be; its violations are in the result. Throws a `KimError` for unreadable input: paths as in
 * the `evaluate_plan` document with the plan at the root (`funded[0].fte`, `options.mode`,
 * `overrides[0].value`).
 */
export function evaluatePlan(doc: Plan, options?: EvaluateOptions): Evaluation;

/**
 * The embedded example plan: Kreis Heinsberg 2023, built from its council papers.
 */
export function examplePlan(): Plan;

/**
 * An amount (decimal string or safe integer) in German (`"82.500,00 €"`, the default),
 * English (`"82,500.00 €"`) or plain (`"82500.00"`) notation.
 */
export function formatEuro(value: Euro | number, locale?: Locale): string;

/**
 * VZÄ (decimal string or safe integer) in German (`"1,5"`, the default), English (`"1.5"`)
 * or plain notation.
 */
export function formatFte(value: Fte | number, locale?: Locale): string;

/**
 * One forwarding with its onward chain: reimbursement, top-up, Eigenanteil
 * (`{ forwarding, options: { year, … } }`).
 */
export function forward(input: ForwardInput): ForwardingResult;

/**
 * The Land's grant for funded posts: `{ posts, options: { year, … }, overrides? }`.
 */
export function grant(input: GrantInput): Grant;

/**
 * The Land's grant for many requests (`{ posts, options }` each) in one call, in order.
 */
export function grantLines(requests: GrantRequest[]): Grant[];

/**
 * An amount from text: `"55000"`, or `"55.000,00 €"` with locale `"de"`. Returns the amount
 * as a decimal string with two places (`"55000.00"`).
 */
export function parseEuro(text: string, locale?: Locale): Euro;

/**
 * VZÄ from text: `"1.5"`, or `"1,5"` with locale `"de"`. Returns the exact value as a
 * decimal string. Without a locale, text that reads differently in German and English
 * (`"1,5"`, `"1.500"`) is refused (`KIM-P003`), never guessed.
 */
export function parseFte(text: string, locale?: Locale): Fte;

/**
 * Replays one case's events in recorded order: final state, record, timeline, violations.
 * `config` is a Kreis's case configuration (optional).
 */
export function replayCase(events: CaseEvent[], config?: CaseConfig): ReplayReport;

/**
 * Replays a whole `kim.cases.v1` document, case by case.
 */
export function replayCases(doc: CasesDocument): CasesReplay;

/**
 * Replays the events of many cases in one call: one `ReplayReport` per case, in the order each
 * case first appears (`config`: a Kreis's case configuration, optional).
 */
export function replayMany(events: CaseEvent[], config?: CaseConfig): ReplayReport[];

/**
 * Report tables for a period (`{ period: "2023" | "2023-Q2" | "2023-04" | "a..b", plan?,
 * cases? }`).
 */
export function report(input: ReportInput): Report;

/**
 * The council report (Sachstandsbericht) of a plan as one self-contained HTML page, a string
 * (`kim_core::council::render_html`): funding per Baustein with the source of each rate,
 * forwardings and their financial impact, staff, the distribution among the Kommunen, case
 * figures per quarter and topic (small counts suppressed), the explanation and the parameter
 * sources; inline CSS and SVG, printable on A4, nothing loaded from elsewhere.
 *
 * `options`: `cases` (a `kim.cases.v1` document; default: the plan's inline cases), `period`
 * (default: the plan's year), `lang` (`"de"` default or `"en"`: the language of the page and of
 * a thrown `KimError`'s messages). Throws a `KimError` for unreadable input: paths with the
 * plan at the root (`funded[0].fte`) and `options.cases.…`, `options.period`.
 */
export function reportHtml(doc: Plan, options?: ReportHtmlOptions): string;

/**
 * Runs one operation of the shared conformance vectors on its document (`parse`, `grant`,
 * `forward`, `distribute`, `evaluate_plan`, `validate_plan`, `case_replay`, `report`,
 * `synthetic`, `distribute_many`, `replay_many`), exactly as `kim vectors` does. For documents the typed functions cannot
 * express; prefer those.
 */
export function runOp(name: string, input: unknown): OperationOutput;

/**
 * Seeded synthetic case data, a `kim.cases.v1` document (`{ seed?, year?, cases?,
 * consultations?, kommunen?, state? }`); the same seed gives the same document in every face.
 */
export function synthetic(input?: SyntheticInput): CasesDocument;

/**
 * The allowed transitions of the case lifecycle (from, event, to), with labels.
 */
export function transitionTable(): Transition[];

/**
 * Checks a plan document and lists every problem, for form validation on every keystroke.
 *
 * Never throws for bad content: unreadable fields (a float, an unknown field, a wrong type,
 * `KIM-P…`) and broken rules (`KIM-V…`) all come back as violations with the field path
 * relative to the plan (`forwardings[0].fte`). `ok` is true when no violation is an error
 * (warnings and notes may remain). Throws a `KimError` only when `doc` is not a plain object
 * or `options` are wrong. `options.lang`: `"en"` (default) or `"de"`, the language of
 * `message` (`messageDe` is always German).
 */
export function validatePlan(doc: Plan | Record<string, unknown>, options?: ValidateOptions): PlanValidation;

/**
 * The version of kim (the Cargo package version).
 */
export function version(): string;

/**
 * Every code list with German and English labels, and the terms of result fields.
 */
export function vocabulary(): KimVocabulary;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly distribute: (a: any) => [number, number, number];
    readonly distributeMany: (a: any) => [number, number, number];
    readonly evaluateMany: (a: any, b: number) => [number, number, number];
    readonly evaluatePlan: (a: any, b: number) => [number, number, number];
    readonly examplePlan: () => [number, number, number];
    readonly formatEuro: (a: any, b: number) => [number, number, number, number];
    readonly formatFte: (a: any, b: number) => [number, number, number, number];
    readonly forward: (a: any) => [number, number, number];
    readonly grant: (a: any) => [number, number, number];
    readonly grantLines: (a: any) => [number, number, number];
    readonly parseEuro: (a: any, b: number) => [number, number, number];
    readonly parseFte: (a: any, b: number) => [number, number, number];
    readonly replayCase: (a: any, b: number) => [number, number, number];
    readonly replayCases: (a: any) => [number, number, number];
    readonly replayMany: (a: any, b: number) => [number, number, number];
    readonly report: (a: any) => [number, number, number];
    readonly reportHtml: (a: any, b: number) => [number, number, number, number];
    readonly runOp: (a: any, b: any) => [number, number, number];
    readonly synthetic: (a: number) => [number, number, number];
    readonly transitionTable: () => [number, number, number];
    readonly validatePlan: (a: any, b: number) => [number, number, number];
    readonly version: () => [number, number];
    readonly vocabulary: () => [number, number, number];
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
