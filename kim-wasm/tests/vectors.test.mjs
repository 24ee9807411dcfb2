// Every shared conformance vector (tests/vectors/**/*.json, schema kim.vectors.v1) through
// kim-wasm's public JS API (the Node build in pkg/node), with the comparison rules of every face
// (kim_core::conformance, kim-py/tests/test_vectors.py):
//  * `expect` is a subset: every key it names must be present and equal; an expected null also
//    matches an absent key. Arrays have the same length and match element by element.
//  * Decimals compare as decimals: "82500.00" equals "82500" (and an expected number equals
//    the decimal string of the same value).
//  * `expect_error` names the code and, if given, the path of the (first) error.
// Each operation goes to its typed function (grant, forward, distribute, evaluatePlan,
// validatePlan, replayCase, replayCases, report, synthetic, parseFte/parseEuro); runOp only
// takes the documents the typed functions cannot express (listed in `viaRunOp`). No case is
// skipped: a case this runner cannot run fails.
//
// Paths: the JS face names a plan's fields relative to the plan (validatePlan, evaluatePlan),
// where the operation document nests it under "plan"; `planPath` maps the vector's path.
// Everything else has the operation document's paths (`options.mode`, `overrides[0].value`).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const kim = require("../pkg/node/index.js");
const { KimError } = kim;

const ROOT = new URL("../../tests/vectors/", import.meta.url).pathname;

function vectorFiles(dir = ROOT) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? vectorFiles(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : []))
    .sort();
}

const ALL_CASES = [];
for (const file of vectorFiles()) {
  const doc = JSON.parse(readFileSync(file, "utf8"));
  assert.equal(doc.schema, "kim.vectors.v1", file);
  for (const c of doc.cases) ALL_CASES.push({ id: `${relative(ROOT, file)}::${c.name}`, case: c });
}
// a case names its faces only for an input another face cannot express (kim_core::conformance)
const CASES = ALL_CASES.filter(({ case: c }) => (c.faces ?? ["js"]).includes("js"));

// special values of the vectors (kim_core::conformance::expand_specials): the shared ones and
// JavaScript's own
const JS_SPECIALS = {
  nan: () => NaN,
  infinity: () => Infinity,
  "-infinity": () => -Infinity,
  "js:undefined": () => undefined,
  "js:bigint": () => 10n,
  "js:2**53": () => 2 ** 53,
  "js:date": () => new Date("2023-03-31T00:00:00Z"),
  "js:function": () => () => 1,
  "js:lone-surrogate": () => "\ud800",
  "js:map": () => new Map([["year", 2023]]),
};

function expand(v) {
  if (Array.isArray(v)) return v.map(expand);
  if (v === null || typeof v !== "object") return v;
  const kind = v.$special;
  if (kind === undefined) {
    // JSON.parse made every key an own property (also "__proto__"): keep it so
    const out = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: expand(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  if (kind === "string") return String(v.repeat ?? "x").repeat(v.count);
  if (kind === "nested") {
    let out = v.kind === "object" ? {} : [];
    for (let i = 1; i < v.depth; i++) out = v.kind === "object" ? { a: out } : [out];
    return out;
  }
  const make = JS_SPECIALS[kind];
  if (!make) throw new Error(`unknown special value ${kind}`);
  return make();
}

// ---- comparison -------------------------------------------------------------------------

/** A plain decimal string ("-12.50") normalised ("-12.5"), or null. */
function decimal(v) {
  if (typeof v === "number" && Number.isSafeInteger(v)) v = String(v);
  if (typeof v !== "string" || v === "" || !/^-?[0-9.]+$/.test(v)) return null;
  const m = /^(-?)([0-9]*)(?:\.([0-9]*))?$/.exec(v);
  if (!m) return null;
  const int = m[2].replace(/^0+/, "") || "0";
  const frac = (m[3] ?? "").replace(/0+$/, "");
  const body = frac ? `${int}.${frac}` : int;
  return body === "0" ? "0" : `${m[1]}${body}`;
}

function match(expected, actual, path = "") {
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    assert.ok(
      actual !== null && typeof actual === "object" && !Array.isArray(actual),
      `${path}: expected an object, got ${JSON.stringify(actual)}`,
    );
    for (const [k, v] of Object.entries(expected)) {
      const p = path ? `${path}.${k}` : k;
      if (!Object.hasOwn(actual, k)) {
        assert.equal(v, null, `${p}: missing (expected ${JSON.stringify(v)})`);
        continue;
      }
      match(v, actual[k], p);
    }
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(
      actual.length,
      expected.length,
      `${path}: expected ${expected.length} elements, got ${actual.length}`,
    );
    expected.forEach((e, i) => match(e, actual[i], `${path}[${i}]`));
    return;
  }
  const de = decimal(expected);
  const da = decimal(actual);
  if (de !== null && da !== null && (typeof actual === "string" || typeof expected === "string")) {
    assert.equal(da, de, `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    return;
  }
  assert.deepEqual(actual, expected, `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

// ---- the public API per operation ---------------------------------------------------------

const only = (obj, keys) =>
  obj !== null && typeof obj === "object" && !Array.isArray(obj) && Object.keys(obj).every((k) => keys.includes(k));

/** A vector path of the plan operations as the JS face names it. */
function planPath(p) {
  if (p === "plan") return "";
  if (p.startsWith("plan.") || p.startsWith("plan[")) return p.slice(p[4] === "." ? 5 : 4);
  return p;
}

const same = (p) => p;

/** A batch function takes the list itself: an item's path starts with its index
 * (`inputs[1].weights` → `[1].weights`). */
const itemPath = (field) => (p) => (p.startsWith(field + "[") ? p.slice(field.length) : p);

/**
 * Why a document goes to runOp: the typed functions cannot express it (an unknown field or
 * value of the JS face's own arguments); null when the typed function takes it.
 */
function viaRunOp(op, i) {
  switch (op) {
    case "parse":
      if (!only(i, ["type", "text", "locale"])) return "a parse document with other fields";
      if (i.type !== "euro" && i.type !== "fte") return "a parse type other than euro or fte";
      return null;
    case "evaluate_plan":
      if (!only(i, ["plan", "options", "overrides"])) return "an evaluate_plan document with other fields";
      // evaluatePlan's options take mode and stichtag; lang and strict are the JS face's own
      if (i.options !== undefined && !only(i.options, ["mode", "stichtag"])) {
        return "evaluate_plan options beyond mode and stichtag";
      }
      return null;
    case "validate_plan":
      return only(i, ["plan"]) ? null : "a validate_plan document with other fields";
    case "case_replay":
      if (i !== null && typeof i === "object" && "schema_version" in i) return null;
      return only(i, ["events", "config"]) ? null : "a replay document with other fields";
    case "grant":
    case "forward":
    case "distribute":
    case "report":
    case "synthetic":
      return null;
    case "distribute_many":
      return only(i, ["inputs"]) ? null : "a distribute_many document with other fields";
    case "replay_many":
      return only(i, ["events", "config"]) ? null : "a replay_many document with other fields";
    default:
      return "an operation without a JS function";
  }
}

/** Calls the typed function for a vector: { run, path } (path maps a vector path to JS). */
function call(op, i) {
  switch (op) {
    case "parse": {
      const [parse, format] = i.type === "euro" ? [kim.parseEuro, kim.formatEuro] : [kim.parseFte, kim.formatFte];
      return {
        path: same,
        run: () => {
          const value = parse(i.text, i.locale);
          return { value, de: format(value, "de"), en: format(value, "en") };
        },
      };
    }
    case "grant":
      return { path: same, run: () => kim.grant(i) };
    case "forward":
      return { path: same, run: () => kim.forward(i) };
    case "distribute":
      return { path: same, run: () => kim.distribute(i) };
    case "evaluate_plan": {
      const options = { ...(i.options ?? {}) };
      if (i.overrides !== undefined) options.overrides = i.overrides;
      return { path: planPath, run: () => kim.evaluatePlan(i.plan, options) };
    }
    case "validate_plan":
      return { path: planPath, run: () => kim.validatePlan(i.plan), validation: true };
    case "case_replay":
      if ("schema_version" in i) return { path: same, run: () => kim.replayCases(i) };
      return { path: same, run: () => kim.replayCase(i.events, i.config) };
    case "report":
      return { path: same, run: () => kim.report(i) };
    case "synthetic":
      return { path: same, run: () => kim.synthetic(i) };
    case "distribute_many":
      return { path: itemPath("inputs"), run: () => kim.distributeMany(i.inputs) };
    case "replay_many":
      return { path: itemPath("events"), run: () => kim.replayMany(i.events, i.config) };
    default:
      throw new Error(`no JS function for the operation ${op}`);
  }
}

function runCase(c) {
  const input = expand(c.input);
  const why = viaRunOp(c.op, input);
  const { run, path, validation } = why
    ? { run: () => kim.runOp(c.op, input), path: same }
    : call(c.op, input);
  if (c.expect_error) {
    const want = c.expect_error;
    let err;
    let result;
    try {
      result = run();
    } catch (e) {
      err = e;
    }
    if (err === undefined && validation) {
      // validatePlan never throws for bad content: the problem is its first violation
      assert.equal(result.ok, false, `expected ${want.code}, got ok`);
      const [first] = result.violations;
      assert.equal(first.code, want.code, JSON.stringify(result.violations));
      if (want.path !== undefined) assert.equal(first.path, path(want.path), JSON.stringify(first));
      return;
    }
    if (err === undefined) {
      assert.fail(`expected ${want.code}, got a result: ${String(JSON.stringify(result)).slice(0, 300)}`);
    }
    assert.ok(err instanceof KimError, `not a KimError: ${err}`);
    assert.equal(err.code, want.code, err.message);
    if (want.path !== undefined) assert.equal(err.path, path(want.path), err.message);
    return;
  }
  assert.ok(c.expect !== undefined, "case has neither expect nor expect_error");
  match(c.expect, run());
}

for (const { id, case: c } of CASES) {
  test(id, () => runCase(c));
}

test("every vector file is run", () => {
  assert.ok(CASES.length >= 389, `only ${CASES.length} cases`);
  // every case is run here unless it names its faces without JavaScript
  const leftOut = ALL_CASES.filter((c) => !CASES.includes(c));
  assert.ok(leftOut.every(({ case: c }) => Array.isArray(c.faces) && !c.faces.includes("js")));
  const viaGeneric = CASES.filter(({ case: c }) => viaRunOp(c.op, c.input));
  // the generic entry is for documents the typed API cannot express, a handful at most
  assert.ok(viaGeneric.length <= 10, viaGeneric.map((c) => c.id).join("\n"));
});
