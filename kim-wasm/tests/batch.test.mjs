// Batches (evaluateMany, replayMany, distributeMany, grantLines): one call for many items,
// results in input order equal to the single calls, errors with the item's index first in the path.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const kim = require("../pkg/node/index.js");

const plans = [2021, 2022, 2023, 2024].map((year) => ({ ...kim.examplePlan(), year }));

test("evaluateMany equals evaluatePlan per plan, in order", () => {
  const many = kim.evaluateMany(plans, { strict: false });
  assert.equal(many.length, plans.length);
  plans.forEach((p, i) => assert.deepEqual(many[i], kim.evaluatePlan(p, { strict: false })));
  assert.deepEqual(kim.evaluateMany([]), []);
});

test("a bad plan in a batch throws a KimError with its index in the path", () => {
  const bad = [...plans];
  bad[2] = { ...bad[2], funded: [{ kind: "case_manager", fte: 1.5 }] };
  assert.throws(() => kim.evaluateMany(bad), (e) => e instanceof kim.KimError && e.code === "KIM-P004" && e.path === "[2].funded[0].fte");
  assert.throws(() => kim.evaluateMany({}), (e) => e instanceof kim.KimError && e.code === "KIM-P010");
  assert.throws(() => kim.evaluateMany(plans, { mode: "sloppy" }), (e) => e instanceof kim.KimError && e.path === "options.mode");
});

test("replayMany gives one report per case, in order of first appearance", () => {
  const doc = kim.synthetic({ cases: 20, consultations: 5, seed: 9 });
  const many = kim.replayMany(doc.events);
  const order = [...new Set(doc.events.map((e) => e.case))];
  assert.deepEqual(many.map((r) => r.case), order);
  for (const r of many.slice(0, 5)) {
    assert.deepEqual(r, kim.replayCase(doc.events.filter((e) => e.case === r.case)));
  }
});

test("distributeMany and grantLines equal the single calls", () => {
  const inputs = [50, 100, 900].map((a) => ({
    weights: [{ unit: "A", value: String(a) }, { unit: "B", value: "100" }],
    total: "6",
    options: { step: "0.5" },
  }));
  assert.deepEqual(kim.distributeMany(inputs), inputs.map((i) => kim.distribute(i)));
  const requests = ["1", "2", "12"].map((fte) => ({ posts: [{ kind: "case_manager", fte }], options: { year: 2023 } }));
  assert.deepEqual(kim.grantLines(requests), requests.map((r) => kim.grant(r)));
  assert.throws(() => kim.grantLines([requests[0], { posts: [], options: {} }]), (e) => e.path === "[1].options");
});

test("a batch argument is read safely: not an array, a throwing element, too many elements", () => {
  const isKim = (code) => (e) => e instanceof kim.KimError && e.code === code;
  assert.throws(() => kim.distributeMany("x"), isKim("KIM-P010"));
  const { proxy, revoke } = Proxy.revocable([], {});
  revoke();
  assert.throws(() => kim.replayMany(proxy), isKim("KIM-P010"));
  const throwing = new Proxy([1, 2], { get: (t, k) => { if (k === "0") throw new Error("no"); return Reflect.get(t, k); } });
  assert.throws(() => kim.grantLines(throwing), isKim("KIM-P010"));
  assert.throws(() => kim.evaluateMany(new Array(2_000_000)), isKim("KIM-P015"));
  assert.equal(kim.validatePlan(kim.examplePlan()).ok, true);
});
