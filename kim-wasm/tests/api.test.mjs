// kim-wasm's JS API beyond the vectors: exact numbers only (floats and unsafe integers refused
// with code and path), KimError, validatePlan's promise never to throw for bad content, hostile
// inputs (never a wasm trap), results as plain JSON objects. Runs on the Node build (pkg/node).

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const kim = require("../pkg/node/index.js");
const { KimError } = kim;

const grantDoc = (fte) => ({ posts: [{ kind: "case_manager", fte }], options: { year: 2023 } });

/** The KimError `fn` throws (fails on anything else, a wasm trap included). */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof KimError, `not a KimError: ${e?.stack ?? e}`);
    return e;
  }
  assert.fail("no error thrown");
}

function example() {
  return kim.examplePlan();
}

test("floats are refused with KIM-P004 and the field path", () => {
  for (const f of [0.1, 1.5, NaN, Infinity, -Infinity, 2.5e-8]) {
    const e = thrown(() => kim.grant(grantDoc(f)));
    assert.equal(e.code, "KIM-P004", String(f));
    assert.equal(e.path, "posts[0].fte");
    assert.equal(e.violations[0].params.text, String(f));
  }
  const plan = example();
  plan.forwardings[0].fte = 0.1;
  const e = thrown(() => kim.evaluatePlan(plan));
  assert.equal(e.code, "KIM-P004");
  assert.equal(e.path, "forwardings[0].fte");
});

test("integers beyond Number.MAX_SAFE_INTEGER are refused with KIM-P005", () => {
  for (const n of [2 ** 53, 1e21, -(2 ** 60)]) {
    const e = thrown(() => kim.grant(grantDoc(n)));
    assert.equal(e.code, "KIM-P005", String(n));
    assert.equal(e.path, "posts[0].fte");
  }
  assert.equal(thrown(() => kim.grant(grantDoc(1e21))).violations[0].params.text, "1e+21");
});

test("a recorded time that is not local ISO (YYYY-MM-DDTHH:MM:SS) is KIM-P017 at its path", () => {
  const event = (recorded) => ({
    id: "e1", case: "c-1", event: "open", kommune: "Erkelenz", effective: "2023-03-01", recorded, actor: "s-1",
  });
  assert.equal(kim.replayCase([event("2023-03-01T09:00:00.5")]).final_state, "klaerung");
  for (const bad of ["2023-03-01 09:00:00", "2023-03-01T09:00", "2023-03-01T09:00:00Z"]) {
    const e = thrown(() => kim.replayCase([event(bad)]));
    assert.equal(e.code, "KIM-P017", bad);
    assert.equal(e.path, "events[0].recorded");
    assert.equal(e.violations[0].params.text, bad);
  }
});

test("safe integers and decimal strings are exact; -0 is 0", () => {
  assert.equal(kim.grant(grantDoc(2)).total, kim.grant(grantDoc("2")).total);
  assert.equal(kim.grant(grantDoc(-0)).total, "0.00");
  assert.equal(kim.formatEuro(55000, "de"), "55.000,00 €");
  assert.equal(kim.parseEuro("55.000,00 €", "de"), "55000.00");
  assert.equal(kim.parseFte("1,75", "de"), "1.75");
  assert.equal(kim.formatFte("1.75"), "1,75");
});

test("KimError is a real Error subclass with code, path and violations", () => {
  const e = thrown(() => kim.grant(grantDoc(0.1)));
  assert.ok(e instanceof Error);
  assert.ok(e instanceof KimError);
  assert.equal(e.name, "KimError");
  assert.equal(Object.prototype.toString.call(e), "[object Error]");
  assert.match(e.message, /^KIM-P004 at posts\[0\]\.fte: 0\.1 is a floating-point number/);
  assert.match(e.stack, /KimError: KIM-P004/);
  assert.equal(e.violations.length, 1);
  assert.deepEqual(Object.keys(e.violations[0]).sort(), ["code", "message", "messageDe", "params", "path", "severity"]);
  assert.equal(e.violations[0].severity, "error");
  assert.match(e.violations[0].messageDe, /Gleitkommazahl/);
  // the class is exported and usable by callers
  const mine = new KimError("x", "KIM-P001", "", []);
  assert.ok(mine instanceof Error && mine.name === "KimError");
});

test("German messages with lang de", () => {
  const plan = example();
  plan.year = "2023";
  const e = thrown(() => kim.evaluatePlan(plan, { lang: "de" }));
  assert.equal(e.code, "KIM-P010");
  assert.match(e.message, /^KIM-P010 bei year: Falscher Datentyp/);
  assert.equal(e.violations[0].message, e.violations[0].messageDe);
  const r = kim.validatePlan(plan, { lang: "de" });
  assert.equal(r.violations[0].message, r.violations[0].messageDe);
  const en = kim.validatePlan(plan);
  assert.notEqual(en.violations[0].message, en.violations[0].messageDe);
});

test("evaluatePlan options: strict, mode, what-if overrides, errors with their paths", () => {
  const plan = example();
  const base = kim.evaluatePlan(plan, { strict: true });
  assert.equal(base.options.mode, "strict");
  assert.equal(kim.evaluatePlan(plan, { strict: false }).options.mode, "lenient");
  const whatIf = kim.evaluatePlan(plan, {
    overrides: [{ key: "case_manager", from: "2023-01-01", to: "2023-12-31", value: "60000" }],
  });
  assert.notEqual(whatIf.grant.total, base.grant.total);
  let e = thrown(() => kim.evaluatePlan(plan, { overrides: [{ key: "case_manager", from: "2023-01-01", value: 0.5 }] }));
  assert.equal(e.code, "KIM-P004");
  assert.equal(e.path, "overrides[0].value");
  e = thrown(() => kim.evaluatePlan(plan, { mode: "fast" }));
  assert.deepEqual([e.code, e.path], ["KIM-P011", "options.mode"]);
  e = thrown(() => kim.evaluatePlan(plan, { strict: true, mode: "strict" }));
  assert.deepEqual([e.code, e.path], ["KIM-P010", "options.strict"]);
  e = thrown(() => kim.evaluatePlan(plan, { lang: "fr" }));
  assert.deepEqual([e.code, e.path], ["KIM-P011", "options.lang"]);
  e = thrown(() => kim.evaluatePlan(plan, "strict"));
  assert.deepEqual([e.code, e.path], ["KIM-P010", "options"]);
});

test("validatePlan never throws for bad content", () => {
  assert.deepEqual(kim.validatePlan(example()), { ok: true, violations: [] });
  const bad = [
    (p) => (p.funded[0].fte = 0.1),
    (p) => (p.funded[0].fte = NaN),
    (p) => (p.forwardings[0].fte = 1e21),
    (p) => (p.forwardings[0].fte = "1,75"),
    (p) => (p.forwardings[0].fte = "-1"),
    (p) => (p.year = () => 2023),
    (p) => (p.year = 2023n),
    (p) => (p.authority = new Date()),
    (p) => (p.schema_version = "kim.plan.v9"),
    (p) => (p.colour = "red"),
    (p) => (p.funded = "12"),
    (p) => (p.funded = Array(2 ** 32 - 1)),
    (p) => (p.funded[0].kind = "x".repeat(11 * 1024 * 1024)),
    (p) => (p.staff = JSON.parse('[{"__proto__": {"polluted": true}}]')),
    (p) => {
      p.cycle = p;
    },
    (p) => {
      let deep = [];
      for (let i = 0; i < 100000; i++) deep = [deep];
      p.funded = deep;
    },
    (p) => {
      p.forwardings[0] = new Proxy(p.forwardings[0], {
        get() {
          throw new Error("trap");
        },
      });
    },
  ];
  for (const [i, spoil] of bad.entries()) {
    const plan = example();
    spoil(plan);
    const r = kim.validatePlan(plan);
    assert.equal(r.ok, false, `case ${i}`);
    assert.ok(r.violations.length >= 1, `case ${i}`);
    assert.match(r.violations[0].code, /^KIM-[PV]\d{3}$/, `case ${i}`);
  }
  assert.equal({}.polluted, undefined);
  // violations are found together, with paths relative to the plan
  const plan = example();
  plan.funded[0].fte = "-1";
  plan.forwardings[0].fte = "99";
  const r = kim.validatePlan(plan);
  assert.equal(r.ok, false);
  const paths = r.violations.map((v) => `${v.code} ${v.path}`);
  assert.ok(paths.includes("KIM-V012 funded[0].fte"), paths.join("\n"));
  // only a non-object throws
  for (const notAPlan of [undefined, null, 42, "kim.plan.v1", [], () => {}]) {
    const e = thrown(() => kim.validatePlan(notAPlan));
    assert.equal(e.code, "KIM-P010");
    assert.equal(e.path, "");
  }
});

test("hostile inputs give KimError, never a trap, and the module keeps working", () => {
  const hostile = [
    () => kim.grant(undefined),
    () => kim.grant(Symbol("x")),
    () => kim.grant({ posts: [{ kind: "case_manager", fte: "1" }], options: { year: 2023, extra: 1n } }),
    () => kim.distribute({ weights: Array.from({ length: 20001 }, (_, i) => ({ unit: `u${i}`, value: 1 })), total: "1" }),
    () => kim.forward(JSON.parse('{"__proto__": null}')),
    () => kim.replayCase("not events"),
    () => kim.replayCase([{ event: "open" }], 5),
    () => kim.report({ period: "x".repeat(10 * 1024 * 1024) }),
    () => kim.parseFte("9".repeat(10_000_000)),
    () => kim.parseEuro(123.4),
    () => kim.formatEuro({}),
    () => kim.runOp(42, {}),
    () => kim.synthetic({ cases: 1e9 }),
    () => kim.evaluatePlan(example(), { strict: "yes" }),
  ];
  for (const [i, fn] of hostile.entries()) {
    const e = thrown(fn);
    assert.match(e.code, /^KIM-[PVAC]\d{3}$/, `case ${i}: ${e.message}`);
  }
  // a forwarding chain nested as deep as the converter allows: an answer, not a stack overflow
  const plan = example();
  let f = plan.forwardings[0];
  for (let i = 0; i < 70; i++) {
    const next = { ...structuredClone(plan.forwardings[0]), id: `chain-${i}`, onward: [] };
    f.onward = [next];
    f = next;
  }
  const r = kim.validatePlan(plan);
  assert.equal(r.ok, false);
  assert.ok(kim.evaluatePlan(example()).grant.total, "the module still works");
});

/** Every object in a result is a plain object with Object.prototype (or an array). */
function assertPlain(v, path = "") {
  if (v === null || typeof v !== "object") return;
  if (Array.isArray(v)) return v.forEach((x, i) => assertPlain(x, `${path}[${i}]`));
  assert.equal(Object.getPrototypeOf(v), Object.prototype, path);
  for (const k of Object.keys(v)) assertPlain(v[k], `${path}.${k}`);
}

test("no input key reaches a prototype of a result", () => {
  const r = kim.validatePlan(JSON.parse('{"__proto__": {"x": 1}, "schema_version": "kim.plan.v1"}'));
  assert.equal(r.violations[0].code, "KIM-P008");
  assert.equal(r.violations[0].path, "__proto__");
  assertPlain(r);
  const d = kim.distribute({ weights: [{ unit: "__proto__", value: 2 }, { unit: "constructor", value: 1 }], total: "3", options: { step: "1" } });
  assertPlain(d);
  assert.deepEqual(
    d.shares.map((s) => s.unit),
    ["__proto__", "constructor"],
  );
  assertPlain(kim.evaluatePlan(kim.examplePlan()));
  assert.equal({}.x, undefined);
});

test("reportHtml: the council report as one HTML string; errors with their paths", () => {
  const cases = kim.synthetic({ seed: 7, cases: 20, consultations: 40 });
  const de = kim.reportHtml(example(), { cases });
  assert.equal(typeof de, "string");
  assert.ok(de.startsWith('<!DOCTYPE html>\n<html lang="de">'));
  for (const text of ["Förderung je Baustein", "Fallzahlen", "Anhang", "1.020.000,00 €", "<svg "]) {
    assert.ok(de.includes(text), text);
  }
  assert.ok(!de.includes("<script") && !de.includes("src="));
  assert.equal(kim.reportHtml(example(), { cases }), de, "the same bytes for the same input");
  const en = kim.reportHtml(example(), { cases, period: "2023-Q2", lang: "en" });
  assert.ok(en.includes('<html lang="en">') && en.includes("Funding per building block"));
  assert.equal(thrown(() => kim.reportHtml(example(), { period: "2023-Q5" })).path, "options.period");
  assert.equal(thrown(() => kim.reportHtml(example(), { nope: 1 })).path, "options.nope");
  const bad = thrown(() => kim.reportHtml(example(), { cases: { schema_version: "kim.cases.v1", events: [{}] } }));
  assert.ok(bad.path.startsWith("options.cases"), bad.path);
  const plan = example();
  plan.forwardings[0].fte = 0.5;
  assert.equal(thrown(() => kim.reportHtml(plan)).path, "forwardings[0].fte");
});

test("results are plain JSON objects with decimals as strings", () => {
  const ev = kim.evaluatePlan(example());
  assert.equal(Object.getPrototypeOf(ev), Object.prototype);
  assert.equal(ev.schema_version, "kim.evaluation.v1");
  assert.equal(ev.grant.total, "1020000.00");
  assert.deepEqual(JSON.parse(JSON.stringify(ev)), ev);
  // the same document the generic entry (and the CLI's --json) gives
  assert.deepEqual(kim.runOp("evaluate_plan", { plan: example() }), ev);
  assert.deepEqual(kim.runOp("validate_plan", { plan: example() }), { violations: [] });
  const table = kim.transitionTable();
  assert.ok(Array.isArray(table) && table.length > 0);
  const vocab = kim.vocabulary();
  assert.ok(vocab.vocabularies.length > 0 && vocab.terms.length > 0);
  assert.equal(kim.version(), require("../pkg/node/package.json").version);
  const cases = kim.synthetic({ seed: 7, cases: 20, consultations: 40 });
  assert.equal(cases.schema_version, "kim.cases.v1");
  assert.deepEqual(kim.synthetic({ seed: 7, cases: 20, consultations: 40 }), cases);
  const replay = kim.replayCases(cases);
  assert.ok(replay && typeof replay === "object");
  const report = kim.report({ period: "2023", cases });
  assert.ok(report && typeof report === "object");
});

test("a toJSON method on a built-in prototype is never called (the walk takes over)", () => {
  let calls = 0;
  Object.prototype.toJSON = function () {
    calls += 1;
    return { schema_version: "kim.plan.v1" };
  };
  try {
    const plan = kim.examplePlan();
    const r = kim.validatePlan(plan);
    assert.equal(calls, 0);
    assert.equal(r.ok, true);
    assert.equal(kim.evaluatePlan(plan).totals.land_money, "1020000.00");
  } finally {
    delete Object.prototype.toJSON;
  }
});

test("the fast and the slow conversion agree: a refused value keeps its path", () => {
  const plan = kim.examplePlan();
  plan.forwardings[1].fte = 0.5;
  assert.throws(() => kim.evaluatePlan(plan), (e) => e.code === "KIM-P004" && e.path === "forwardings[1].fte");
  const ok = kim.examplePlan();
  assert.deepEqual(kim.evaluatePlan(ok).totals, kim.evaluatePlan(JSON.parse(JSON.stringify(ok))).totals);
});
