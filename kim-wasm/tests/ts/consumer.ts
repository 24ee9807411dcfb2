// A TypeScript consumer of kim-wasm, type-checked with `tsc --strict --noEmit` against the
// generated declarations (pkg/node/index.d.ts → kim_wasm.d.ts, types from the Rust types via
// tsify). Lines marked @ts-expect-error must NOT type-check: tsc fails if one of them does.

import {
  KimError,
  distribute,
  evaluatePlan,
  examplePlan,
  formatEuro,
  formatFte,
  forward,
  grant,
  parseEuro,
  parseFte,
  replayCase,
  replayCases,
  report,
  reportHtml,
  runOp,
  synthetic,
  transitionTable,
  validatePlan,
  version,
  vocabulary,
  type CaseEvent,
  type CasesDocument,
  type CasesReplay,
  type Distribution,
  type Euro,
  type Evaluation,
  type ForwardingResult,
  type Fte,
  type Grant,
  type KimViolation,
  type Plan,
  type PlanValidation,
  type ReplayReport,
  type Report,
  type Transition,
  type Violation,
} from "../../pkg/node/index.js";

const plan: Plan = examplePlan();

// form validation: every problem with its field path, German messages
const check: PlanValidation = validatePlan(plan, { lang: "de" });
const ok: boolean = check.ok;
for (const v of check.violations) {
  const field: string = v.path;
  const text: string = v.message;
  const german: string = v.messageDe;
  const severity: "error" | "warning" | "info" = v.severity;
  const params: Record<string, string> = v.params;
  void [field, text, german, severity, params];
}
// a half-filled form is still something validatePlan takes
validatePlan({ schema_version: "kim.plan.v1", year: 2023 });

const ev: Evaluation = evaluatePlan(plan, { strict: true, lang: "en" });
const total: Euro | undefined = ev.grant?.total;
const coreViolations: Violation[] = ev.violations;
const english: string | undefined = coreViolations[0]?.message_en;
evaluatePlan(plan, { mode: "lenient", stichtag: "2023-06-30" });
evaluatePlan(plan);

const g: Grant = grant({ posts: [{ kind: "case_manager", fte: "1.5" }], options: { year: 2023 } });
const gTotal: Euro = g.total;
const f: ForwardingResult = forward({
  forwarding: plan.forwardings![0]!,
  options: { year: 2023 },
});
const reimbursed: Euro = f.reimbursed;
const d: Distribution = distribute({
  weights: [
    { unit: "Erkelenz", value: "43000" },
    { unit: "Hückelhoven", value: "40000" },
  ],
  total: "2",
});
const fte: Fte = parseFte("1,75", "de");
const euro: Euro = parseEuro("55.000,00 €", "de");
const shown: string = formatEuro(euro, "de") + formatFte(fte) + formatEuro(55000);
const table: Transition[] = transitionTable();
const events: CaseEvent[] = [];
const replay: ReplayReport = replayCase(events);
const cases: CasesDocument = synthetic({ seed: 7, cases: 10 });
const all: CasesReplay = replayCases(cases);
const r: Report = report({ period: "2023-Q2", cases, plan });
const page: string = reportHtml(plan, { cases, period: "2023", lang: "de" });
const anything: unknown = runOp("parse", { type: "fte", text: "1.5" });
const v: string = version();
const labels = vocabulary().vocabularies.length;

try {
  evaluatePlan(plan);
} catch (e) {
  if (e instanceof KimError) {
    const code: string = e.code;
    const path: string = e.path;
    const all: KimViolation[] = e.violations;
    const isError: Error = e;
    void [code, path, all, isError];
  }
}

void [ok, total, english, gTotal, reimbursed, d, shown, table, replay, all, r, anything, v, labels];

// ---- lines that must fail to type-check ----------------------------------------------------

// @ts-expect-error a plan is an object, not its schema name
evaluatePlan("kim.plan.v1");
// @ts-expect-error lang is "de" or "en"
validatePlan(plan, { lang: "fr" });
// @ts-expect-error unknown option
evaluatePlan(plan, { strictly: true });
// @ts-expect-error decimals in results are strings, never numbers
const asNumber: number = ev.totals!.land;
// @ts-expect-error VZÄ are decimal strings: a float is no Fte
grant({ posts: [{ kind: "case_manager", fte: 1.5 }], options: { year: 2023 } });
// @ts-expect-error post kinds are a closed list
grant({ posts: [{ kind: "streetwork", fte: "1" }], options: { year: 2023 } });
// @ts-expect-error the grant needs its options (year)
grant({ posts: [] });
// @ts-expect-error parseFte takes text
parseFte(1.5);
// @ts-expect-error locales are "plain", "de" or "en"
formatEuro("1", "fr");
// @ts-expect-error messageDe is a string
const n: number = check.violations[0]!.messageDe;
// @ts-expect-error a KimError's code is read-only
new KimError("x", "KIM-P001", "", []).code = "KIM-P002";
// @ts-expect-error codes are KIM-…
new KimError("x", "P001", "", []);

void [asNumber, n];
