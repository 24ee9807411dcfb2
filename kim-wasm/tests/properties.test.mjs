// Property tests of kim-wasm's JS API with fast-check (issue 7, docs/reliability.md "JavaScript").
//
// Arbitrary JS values go into every export of the Node build (pkg/node). Each call must
//  * return a result (plain JSON-like data) or throw a KimError (`instanceof KimError` and
//    `instanceof Error`, a string `code` matching /^KIM-[A-Z]\d{3}$/, a string `path`) —
//    never a WebAssembly.RuntimeError (a trap), a TypeError or anything else;
//  * leave the module working (`validatePlan(examplePlan())` is still `ok`);
//  * leave the built-in prototypes as they were (no prototype pollution);
//  * end within SLOW_MS.
// validatePlan never throws for a plain-object plan (it returns violations).
//
// Hostile values (Proxies, throwing getters, deep nesting, big arrays) are generated as plain
// recipes and built inside the property, so that fast-check can print and shrink them.
//
// Reproducing a failure: fast-check prints `{ seed: S, path: "P" }` with the counterexample;
//   KIM_FC_SEED=S KIM_FC_PATH=P node --test --test-name-pattern "<test name>" kim-wasm/tests/properties.test.mjs
// KIM_FC_SEED alone replays a whole run, KIM_FC_RUNS=4 multiplies every numRuns (a longer soak).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
// the wasm layer's own test of a plan argument
import { isPlainObject } from "../js/kim.js";
import { createRequire } from "node:module";
import { isProxy } from "node:util/types";
import fc from "fast-check";

const require = createRequire(import.meta.url);
const kim = require("../pkg/node/index.js");
const { KimError } = kim;

// ---- run settings -------------------------------------------------------------------------

const SEED = process.env.KIM_FC_SEED !== undefined ? Number(process.env.KIM_FC_SEED) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
const REPLAY_PATH = process.env.KIM_FC_PATH;
const SCALE = Number(process.env.KIM_FC_RUNS ?? 1);
/** Longest accepted call (ms): far above any real call (the slowest, synthetic or a 10 MB walk, take < 0.5 s). */
const SLOW_MS = 5000;

/** fast-check parameters: the run's seed (printed on failure), numRuns scaled by KIM_FC_RUNS. */
function params(numRuns) {
  const p = { seed: SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)), includeErrorInReport: true };
  if (REPLAY_PATH !== undefined) p.path = REPLAY_PATH;
  return p;
}

// ---- the exports --------------------------------------------------------------------------

const EXPORTS = [
  "validatePlan", "evaluatePlan", "examplePlan", "grant", "forward", "distribute", "report",
  "synthetic", "transitionTable", "replayCase", "replayCases", "parseFte", "parseEuro",
  "formatEuro", "formatFte", "vocabulary", "runOp", "version",
  "evaluateMany", "replayMany", "distributeMany", "grantLines", "reportHtml",
];
const OPS = ["parse", "grant", "forward", "distribute", "evaluate_plan", "validate_plan", "case_replay", "report", "synthetic", "distribute_many", "replay_many"];

// ---- checks after every call --------------------------------------------------------------

const CODE = /^KIM-[A-Z]\d{3}$/;

/** What was thrown, for messages. */
function kindOf(e) {
  try {
    if (e instanceof WebAssembly.RuntimeError) return `a wasm trap (WebAssembly.RuntimeError: ${e.message})`;
    if (e instanceof Error) return `${e.constructor?.name ?? "Error"}: ${e.message}\n${e.stack}`;
    return `a thrown ${typeof e}: ${String(e)}`;
  } catch {
    return "an unprintable thrown value";
  }
}

function checkKimError(e, label) {
  assert.ok(e instanceof KimError, `${label}: threw ${kindOf(e)}, not a KimError`);
  assert.ok(e instanceof Error, `${label}: a KimError that is not an Error`);
  assert.equal(typeof e.code, "string", `${label}: code`);
  assert.match(e.code, CODE, `${label}: code`);
  assert.equal(typeof e.path, "string", `${label}: path`);
  assert.equal(typeof e.message, "string", `${label}: message`);
  assert.ok(Array.isArray(e.violations) && e.violations.length >= 1, `${label}: violations`);
  assert.equal(e.violations[0].code, e.code, `${label}: the first violation is the error`);
}

/** The own properties (with their values and accessors) of the built-in prototypes. */
const PROTOTYPES = [
  Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype,
  Boolean.prototype, Error.prototype, KimError.prototype,
];
function prototypeState() {
  return PROTOTYPES.map((p) => [
    Object.getPrototypeOf(p),
    Reflect.ownKeys(p).map((k) => {
      const d = Object.getOwnPropertyDescriptor(p, k);
      return [k, d.value, d.get, d.set, d.writable, d.enumerable, d.configurable];
    }),
  ]);
}
const PRISTINE = prototypeState();
function checkPrototypes(label) {
  const now = prototypeState();
  for (const [i, [proto, props]] of now.entries()) {
    const [proto0, props0] = PRISTINE[i];
    assert.equal(proto, proto0, `${label}: the prototype of a built-in prototype changed`);
    assert.equal(props.length, props0.length, `${label}: a built-in prototype gained or lost properties: ${props.map(([k]) => String(k)).filter((k) => !props0.some(([k0]) => String(k0) === k))}`);
    props.forEach((d, j) => d.forEach((x, n) => assert.ok(Object.is(x, props0[j][n]), `${label}: ${String(d[0])} of a built-in prototype changed`)));
  }
}

const EXAMPLE = kim.examplePlan(); // never mutated
const EXAMPLE_TOTALS = JSON.stringify(kim.evaluatePlan(EXAMPLE).totals);
let calls = 0;

/** The module still works: a cheap check after every call, a whole evaluation every 100 calls. */
function checkHealthy(label) {
  let r;
  try {
    r = kim.validatePlan(EXAMPLE);
    if (++calls % 100 === 0) assert.equal(JSON.stringify(kim.evaluatePlan(kim.examplePlan()).totals), EXAMPLE_TOTALS);
  } catch (e) {
    assert.fail(`${label}: the module is broken after the call: ${kindOf(e)}`);
  }
  assert.equal(r.ok, true, `${label}: validatePlan(examplePlan()) is no longer ok`);
}

/** A result is plain data: strings, booleans, null, finite numbers, arrays, objects with Object.prototype. */
function checkPlain(v, label, path = "") {
  if (v === null || typeof v === "string" || typeof v === "boolean") return;
  if (typeof v === "number") return assert.ok(Number.isFinite(v), `${label}: ${path} is ${v}`);
  assert.equal(typeof v, "object", `${label}: ${path} is a ${typeof v}`);
  if (Array.isArray(v)) return v.forEach((x, i) => checkPlain(x, label, `${path}[${i}]`));
  assert.equal(Object.getPrototypeOf(v), Object.prototype, `${label}: ${path} is not a plain object`);
  for (const k of Object.keys(v)) checkPlain(v[k], label, `${path}.${k}`);
}

/**
 * Calls `fn` and checks the outcome: a plain result or a KimError, the module healthy, no
 * pollution, no frozen call. Returns { result } or { error }.
 */
function settle(label, fn) {
  let threw = false;
  let error;
  let result;
  const t0 = performance.now();
  try {
    result = fn();
  } catch (e) {
    threw = true;
    error = e;
  }
  const ms = performance.now() - t0;
  if (threw) checkKimError(error, label);
  else checkPlain(result, label);
  checkPrototypes(label);
  checkHealthy(label);
  assert.ok(ms < SLOW_MS, `${label}: the call took ${Math.round(ms)} ms`);
  return threw ? { error } : { result };
}

// ---- "small inputs only" for synthetic ------------------------------------------------------

/**
 * synthetic with many cases or `state: true` (all 54 authorities) takes seconds, and its
 * defaults (400 cases) 15 ms: those are covered by the vectors and the first test. Here an
 * absent argument becomes { cases: 5, consultations: 10 }, absent counts become those, counts
 * above 60 cases / 120 consultations that the core would accept are folded into that range
 * (larger ones, refused at once, are kept), and `state: true` becomes false. Only own data
 * properties of plain objects are touched (no getter or trap runs).
 */
function smallSynthetic(input) {
  if (input === undefined || input === null) return { cases: 5, consultations: 10 };
  if (typeof input !== "object" || isProxy(input)) return input;
  try {
    for (const [key, n] of [["cases", 5], ["consultations", 10]]) {
      if (!Object.getOwnPropertyDescriptor(input, key) && Object.isExtensible(input)) {
        Object.defineProperty(input, key, { value: n, enumerable: true, writable: true, configurable: true });
      }
    }
    const fold = (key, small, max) => {
      const d = Object.getOwnPropertyDescriptor(input, key);
      if (d && "value" in d && typeof d.value === "number" && Number.isSafeInteger(d.value) && d.value > small && d.value <= max) {
        Object.defineProperty(input, key, { ...d, value: d.value % (small + 1) });
      }
    };
    fold("cases", 60, 100_000);
    fold("consultations", 120, 1_000_000);
    const s = Object.getOwnPropertyDescriptor(input, "state");
    if (s && "value" in s && s.value === true) Object.defineProperty(input, "state", { ...s, value: false });
  } catch {
    // a Proxy or a frozen object: kept as it is (a Proxy's traps decide what the call sees)
  }
  return input;
}

/** Calls export `name` with `args` (after the synthetic guard). */
function callExport(name, args, label = name) {
  if (name === "synthetic") args = [smallSynthetic(args[0]), ...args.slice(1)];
  if (name === "runOp" && args[0] === "synthetic") args = [args[0], smallSynthetic(args[1]), ...args.slice(2)];
  return settle(label, () => kim[name](...args));
}

// ---- generators: plain values -------------------------------------------------------------

const SPECIAL_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "toJSON", "length", "0", "", "then"];
const VOCAB = kim.vocabulary().vocabularies.flatMap((v) => v.values.flatMap((x) => [x.code, x.name]));
const LONE = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** String units: any code point, sometimes a lone surrogate. */
const UNIT = fc.oneof({ weight: 12, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: LONE });
/** Field names of kim's documents and of the functions' options (a hostile value on a key that is read). */
const DOMAIN_KEYS = [
  ...new Set([
    ...pathsOf(kim.examplePlan()).flatMap((p) => p.filter((k) => typeof k === "string")),
    "overrides", "lang", "strict", "mode", "stichtag", "posts", "options", "forwarding", "weights", "total", "regions",
    "period", "plan", "cases", "events", "config", "seed", "year", "consultations", "kommunen", "state", "type", "text", "locale",
  ]),
];
const KEY = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: UNIT, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...DOMAIN_KEYS) },
);

/** fc.anything with every option on. */
const ANYTHING = fc.anything({
  key: KEY,
  maxDepth: 4,
  maxKeys: 6,
  stringUnit: UNIT,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withObjectString: true,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
});

/** Strings and numbers near the domain: decimals, dates, periods, codes, huge and odd numbers. */
const WEIRD_SCALAR = fc.oneof(
  fc.tuple(fc.bigInt({ min: -(10n ** 32n), max: 10n ** 32n }), fc.option(fc.nat(999_999))).map(([i, f]) => (f === null ? `${i}` : `${i}.${f}`)),
  fc.constantFrom(
    "0", "-0", "0.00", "0.5", "1.755", "1e3", "1E-2", " 1", "1 ", "+1", ".5", "5.", "1_000", "١", "NaN", "Infinity", "-1",
    "0.005", "1000000", "1000000.01", "1000000000000", "1000000000000.01", "79228162514264337593543950335",
    "79228162514264337593543950336", "-79228162514264337593543950335", "0.0000000000000000000000000001",
    "1,5", "1.500,00 €", "55.000,00 €", "€", "", "2023", "2023-Q2", "2023-Q0", "2023-Q5", "2023-00", "2023-13",
    "2023-01-01..2023-06-30", "2023-06-30..2023-01-01", "2023-01-01", "2023-02-29", "2024-02-29", "1900-01-01",
    "2200-12-31", "0000-01-01", "9999-12-31", "+10000-01-01", "2023-1-1", "2023-03-01T09:00:00", "2023-03-01T24:00:00",
    "kim.plan.v1", "kim.cases.v1", "kim.plan.v2",
  ),
  fc.constantFrom(...VOCAB),
  fc.constantFrom(...SPECIAL_KEYS),
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.constantFrom(0, -0, 1, 2019, 2023, 2200, 2201, 1899, 9999, 2 ** 31, -(2 ** 31), 2 ** 32, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
  fc.constantFrom(NaN, Infinity, -Infinity, 0.1, 1.5, 2 ** 53, -(2 ** 53), 1e21, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON),
  fc.double(),
  fc.string({ unit: UNIT, maxLength: 30 }),
);

// ---- generators: recipes of values built inside the property --------------------------------
//
// A recipe is plain data: { t: "lit", v } is a value as generated; every other kind is built
// by `build` (fresh for every call). fast-check prints and shrinks recipes.

/** Values that fc.anything never makes: symbols, functions, class instances, host objects. */
const EXOTIC = {
  symbol: () => Symbol("kim"),
  wellKnownSymbol: () => Symbol.iterator,
  arrow: () => () => 1,
  asyncFunction: () => async () => 1,
  generator: () => function* gen() {},
  klass: () => class A {},
  instance: () => new (class Row { fte = "1.5"; })(),
  error: () => new Error("x"),
  kimError: () => new KimError("KIM-P001 x", "KIM-P001", "", []),
  regexp: () => /x/g,
  weakMap: () => new WeakMap(),
  promise: () => Promise.resolve(1),
  arrayBuffer: () => new ArrayBuffer(8),
  dataView: () => new DataView(new ArrayBuffer(4)),
  bigInt64Array: () => new BigInt64Array(2),
  boxedSymbol: () => Object(Symbol("s")),
  boxedBigInt: () => Object(1n),
  globalThis: () => globalThis,
  math: () => Math,
  arguments: () => (function () { return arguments; })(1, 2),
  arraySubclass: () => new (class Rows extends Array {})(),
  arrayWithProps: () => Object.assign(["1.5"], { extra: 1 }),
  objectOfNullProto: () => Object.create(Object.create(null)),
  objectOfArrayProto: () => Object.create(Array.prototype),
  frozen: () => Object.freeze({ schema_version: "kim.plan.v1" }),
  withToJSON: () => ({ toJSON: () => "1.5" }),
  withSymbolKey: () => ({ [Symbol("k")]: 1, fte: "1" }),
  nonEnumerable: () => Object.defineProperty({}, "fte", { value: 0.1, enumerable: false }),
  wasmModule: () => kim,
  undefined: () => undefined,
  holeArray: () => [, 1], // eslint-disable-line no-sparse-arrays
  hugeSparse: () => new Array(2 ** 32 - 1),
  negativeZero: () => -0,
};

/** What a getter or trap throws: Errors, non-Errors, and values that are hard to print. */
const THROWN = {
  error: () => new Error("boom"),
  typeError: () => new TypeError("boom"),
  string: () => "boom",
  undefined: () => undefined,
  symbol: () => Symbol("boom"),
  numberMessage: () => Object.assign(new Error(), { message: 42 }),
  throwingMessage: () => Object.defineProperty(new Error(), "message", { get() { throw new Error("again"); } }),
  throwingToString: () => ({ toString() { throw new Error("again"); } }),
  revokedProxy: () => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; },
  stackOverflow: () => { const f = () => f(); try { f(); } catch (e) { return e; } },
};

const lit = (arb) => arb.map((v) => ({ t: "lit", v }));

/** Recipes of leaf values (no nesting of recipes). */
const LEAF = fc.oneof(
  { weight: 4, arbitrary: lit(ANYTHING) },
  { weight: 3, arbitrary: lit(WEIRD_SCALAR) },
  { weight: 2, arbitrary: lit(fc.jsonValue({ maxDepth: 3 })) },
  { weight: 2, arbitrary: fc.constantFrom(...Object.keys(EXOTIC)).map((k) => ({ t: "exotic", k })) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("surrogate"), before: fc.string({ maxLength: 5 }), lone: LONE, after: fc.string({ maxLength: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("long"), n: fc.integer({ min: 1_000, max: 100_000 }), ch: fc.constantFrom("x", "9", "ä", "😀", "\"", "\\", "\u0000") }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("bigArray"), n: fc.integer({ min: 1_000, max: 30_000 }), item: fc.constantFrom(null, 1, "1", "x", true, {}, [], 0.5) }).map((r) => ({ ...r, item: { t: "lit", v: r.item } })) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("manyKeys"), n: fc.integer({ min: 1_000, max: 5_000 }) }) },
);

/** Recipes of nested and hostile values around other recipes. */
const RECIPE = fc.letrec((tie) => ({
  recipe: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: LEAF },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("deep"), depth: fc.integer({ min: 50, max: 300 }), shape: fc.constantFrom("array", "object", "mixed"), leaf: LEAF }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("object"), entries: fc.array(fc.tuple(KEY, tie("recipe")), { maxLength: 4 }), via: fc.constantFrom("define", "json", "nullProto") }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("array"), items: fc.array(tie("recipe"), { maxLength: 4 }) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        t: fc.constant("hostile"),
        k: fc.constantFrom("getterThrows", "flipGetter", "proxyGetThrows", "proxyOwnKeysThrows", "proxyDescriptorThrows", "proxyProtoThrows", "proxyHasThrows", "revoked", "proxyArray", "proxyLies"),
        key: KEY,
        thrown: fc.constantFrom(...Object.keys(THROWN)),
        inner: tie("recipe"),
      }),
    },
  ),
})).recipe;

/** Builds a value from a recipe (a fresh one on every call). */
function build(r) {
  switch (r.t) {
    case "lit":
      return r.v;
    case "exotic":
      return EXOTIC[r.k]();
    case "surrogate":
      return r.before + r.lone + r.after;
    case "long":
      return r.ch.repeat(r.n);
    case "bigArray":
      return new Array(r.n).fill(build(r.item));
    case "manyKeys": {
      const o = {};
      for (let i = 0; i < r.n; i++) o[`k${i}`] = i;
      return o;
    }
    case "deep": {
      let v = build(r.leaf);
      for (let i = 0; i < r.depth; i++) {
        const asArray = r.shape === "array" || (r.shape === "mixed" && i % 2 === 0);
        v = asArray ? [v] : { onward: v };
      }
      return v;
    }
    case "object": {
      if (r.via === "json") {
        // JSON.parse makes "__proto__" an own key; values that JSON cannot hold are set afterwards
        const o = JSON.parse(`{${r.entries.map(([k], i) => `${JSON.stringify(k)}:${i}`).join(",")}}`);
        r.entries.forEach(([k, v]) => Object.defineProperty(o, k, { value: build(v), enumerable: true, writable: true, configurable: true }));
        return o;
      }
      const o = r.via === "nullProto" ? Object.create(null) : {};
      for (const [k, v] of r.entries) Object.defineProperty(o, k, { value: build(v), enumerable: true, writable: true, configurable: true });
      return o;
    }
    case "array":
      return r.items.map(build);
    case "hostile":
      return hostile(r);
    default:
      throw new Error(`unknown recipe ${r.t}`);
  }
}

/** Array.isArray that does not throw (it does for a revoked Proxy). */
function isArraySafe(v) {
  try {
    return Array.isArray(v);
  } catch {
    return false;
  }
}

function hostile(r) {
  const boom = () => {
    throw THROWN[r.thrown]();
  };
  const inner = build(r.inner);
  const target = inner !== null && (typeof inner === "object" || typeof inner === "function") ? inner : { [r.key]: inner };
  switch (r.k) {
    case "getterThrows":
      return Object.defineProperty({ fte: "1" }, r.key, { get: boom, enumerable: true, configurable: true });
    case "flipGetter": {
      // a different value on every read: what a check saw is not what is written
      let n = 0;
      return Object.defineProperty({}, r.key, { get: () => (n++ % 2 === 0 ? "1.5" : inner), enumerable: true, configurable: true });
    }
    case "proxyGetThrows":
      return new Proxy(target, { get: boom });
    case "proxyOwnKeysThrows":
      return new Proxy(target, { ownKeys: boom });
    case "proxyDescriptorThrows":
      return new Proxy(target, { getOwnPropertyDescriptor: boom });
    case "proxyProtoThrows":
      return new Proxy(target, { getPrototypeOf: boom });
    case "proxyHasThrows":
      return new Proxy(target, { has: boom });
    case "revoked": {
      const p = Proxy.revocable(target, {});
      p.revoke();
      return p.proxy;
    }
    case "proxyArray":
      return new Proxy(isArraySafe(inner) ? inner : [inner], {});
    case "proxyLies":
      // claims keys it does not have and a huge length
      return new Proxy(isArraySafe(inner) ? inner : target, {
        get: (t, k) => (k === "length" ? 2 ** 31 : Reflect.get(t, k)),
        ownKeys: (t) => [...Reflect.ownKeys(t)],
      });
    default:
      throw new Error(`unknown hostile ${r.k}`);
  }
}

// ---- near-valid documents: the vectors' inputs and the example plan, mutated ----------------

const VECTORS = new URL("../../tests/vectors/", import.meta.url).pathname;
function vectorFiles(dir = VECTORS) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? vectorFiles(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : []))
    .sort();
}
const BASES = [
  { name: "example plan (evaluate)", op: "evaluate_plan", input: { plan: kim.examplePlan() } },
  { name: "example plan (validate)", op: "validate_plan", input: { plan: kim.examplePlan() } },
  ...vectorFiles().flatMap((f) =>
    JSON.parse(readFileSync(f, "utf8")).cases.map((c) => ({ name: c.name, op: c.op, input: c.input })),
  ),
];

/** Every path into a JSON document, as arrays of keys and indices ([] is the whole document). */
function pathsOf(doc, at = [], out = []) {
  out.push(at);
  if (Array.isArray(doc)) doc.forEach((v, i) => pathsOf(v, [...at, i], out));
  else if (doc !== null && typeof doc === "object") for (const k of Object.keys(doc)) pathsOf(doc[k], [...at, k], out);
  return out;
}
const BASE_PATHS = BASES.map((b) => pathsOf(b.input));
/** The bases whose every number is a safe integer (some vectors hold floats on purpose). */
const exact = (v) => (typeof v === "number" ? Number.isSafeInteger(v) : v === null || typeof v !== "object" || Object.values(v).every(exact));
const EXACT_BASES = BASES.flatMap((b, i) => (exact(b.input) ? [i] : []));

/** kim's path syntax: forwardings[0].onward[1].fte */
const pathText = (p) => p.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");

const MUTATION = fc.record({
  at: fc.nat(),
  op: fc.constantFrom("set", "set", "set", "delete", "addKey", "push", "copy"),
  key: KEY,
  value: RECIPE,
  from: fc.nat(),
});
const NEAR_VALID = fc.record({
  base: fc.nat(BASES.length - 1),
  mutations: fc.array(MUTATION, { minLength: 1, maxLength: 3 }),
  typed: fc.boolean(),
});

/** Applies mutations to a fresh copy of a base document; a mutation that cannot apply is skipped. */
function mutate(baseIndex, mutations) {
  const paths = BASE_PATHS[baseIndex];
  const holder = { doc: structuredClone(BASES[baseIndex].input) };
  // only real arrays and plain objects are entered, and only through data properties: no
  // getter or trap of an earlier mutation runs here
  const plain = (v) => {
    try {
      return v !== null && typeof v === "object" && !isProxy(v) && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype);
    } catch {
      return false;
    }
  };
  const resolve = (p) => {
    let v = holder;
    for (const k of ["doc", ...p]) {
      if (!plain(v)) return undefined;
      const d = Object.getOwnPropertyDescriptor(v, k);
      if (!d || !("value" in d)) return undefined;
      v = d.value;
    }
    return v;
  };
  const clone = (v) => {
    try {
      return structuredClone(v);
    } catch {
      return v; // a function, a symbol, a Proxy: shared instead of copied
    }
  };
  for (const m of mutations) {
    const path = paths[m.at % paths.length];
    const parentOf = path.length === 0 ? holder : resolve(path.slice(0, -1));
    const key = path.length === 0 ? "doc" : path[path.length - 1];
    const target = resolve(path);
    if (!plain(parentOf)) continue;
    try {
      switch (m.op) {
        case "set":
          parentOf[key] = build(m.value);
          break;
        case "delete":
          if (Array.isArray(parentOf)) parentOf.splice(Number(key), 1);
          else delete parentOf[key];
          break;
        case "addKey":
          if (plain(target) && !Array.isArray(target)) {
            Object.defineProperty(target, m.key, { value: build(m.value), enumerable: true, writable: true, configurable: true });
          }
          break;
        case "push":
          if (plain(target) && Array.isArray(target)) target.push(target.length > 0 && m.from % 2 === 0 ? clone(resolve([...path, m.from % target.length])) : build(m.value));
          break;
        case "copy": {
          // a subtree from elsewhere in the same document: the right shape in the wrong place
          const other = resolve(paths[m.from % paths.length]);
          if (other !== undefined) parentOf[key] = clone(other);
          break;
        }
      }
    } catch {
      // a frozen or sealed object from an earlier mutation: this mutation is skipped
    }
  }
  return holder.doc;
}

/** Own data property of a plain object, without running getters or traps (undefined otherwise). */
function field(o, k) {
  try {
    if (o === null || typeof o !== "object" || Array.isArray(o) || Object.getPrototypeOf(o) !== Object.prototype) return undefined;
    const d = Object.getOwnPropertyDescriptor(o, k);
    return d && "value" in d ? d.value : undefined;
  } catch {
    return undefined;
  }
}

/** The typed function for an operation's document, as in vectors.test.mjs: [name, args], or null. */
function typedCall(op, i) {
  switch (op) {
    case "parse": {
      const euro = field(i, "type") === "euro";
      return [euro ? "parseEuro" : "parseFte", [field(i, "text"), field(i, "locale")]];
    }
    case "grant":
      return ["grant", [i]];
    case "forward":
      return ["forward", [i]];
    case "distribute":
      return ["distribute", [i]];
    case "report":
      return ["report", [i]];
    case "synthetic":
      return ["synthetic", [i]];
    case "evaluate_plan": {
      const options = field(i, "options");
      const overrides = field(i, "overrides");
      if (overrides === undefined) return ["evaluatePlan", [field(i, "plan"), options]];
      if (options === undefined) return ["evaluatePlan", [field(i, "plan"), { overrides }]];
      // both: the overrides join the options (a copy only of a plain object without getters)
      try {
        const plainData = !isProxy(options) && Object.getPrototypeOf(options) === Object.prototype &&
          Object.values(Object.getOwnPropertyDescriptors(options)).every((d) => "value" in d);
        return plainData && !Object.hasOwn(options, "overrides") ? ["evaluatePlan", [field(i, "plan"), { ...options, overrides }]] : null;
      } catch {
        return null;
      }
    }
    case "validate_plan":
      return ["validatePlan", [field(i, "plan")]];
    case "case_replay":
      if (field(i, "schema_version") !== undefined) return ["replayCases", [i]];
      return ["replayCase", [field(i, "events"), field(i, "config")]];
    default:
      return null;
  }
}

// ---- the properties -----------------------------------------------------------------------

test(`fast-check seed ${SEED} (KIM_FC_SEED=${SEED} replays this run)`, () => {
  // every export is covered below; a new export fails here until it is added to EXPORTS
  const exported = Object.keys(kim).filter((k) => typeof kim[k] === "function" && k !== "KimError").sort();
  assert.deepEqual(exported, [...EXPORTS].sort());
  // once without arguments each (synthetic's defaults, 400 cases, are too slow for every run)
  for (const name of EXPORTS) settle(`${name}()`, () => kim[name]());
});

test("arbitrary JS values into every export: a result or a KimError, never a trap", () => {
  fc.assert(
    fc.property(fc.constantFrom(...EXPORTS), fc.array(RECIPE, { maxLength: 3 }), fc.constantFrom(undefined, ...OPS), (name, recipes, op) => {
      const args = recipes.map(build);
      // runOp: half of the calls name a real operation, so that the document reaches it
      if (name === "runOp" && op !== undefined) args[0] = op;
      callExport(name, args, `${name}(${recipes.length} args)`);
    }),
    params(1500),
  );
});

test("JSON values into every export (fc.jsonValue)", () => {
  fc.assert(
    fc.property(fc.constantFrom(...EXPORTS), fc.array(fc.jsonValue({ maxDepth: 6 }), { maxLength: 3 }), fc.constantFrom(undefined, ...OPS), (name, args, op) => {
      if (name === "runOp" && op !== undefined) args = [op, ...args.slice(1)];
      callExport(name, args);
    }),
    params(800),
  );
});

test("near-valid documents (every vector's input and the example plan, 1–3 fields replaced) into their functions and runOp", () => {
  fc.assert(
    fc.property(NEAR_VALID, ({ base, mutations, typed }) => {
      const { op, name } = BASES[base];
      const doc = mutate(base, mutations);
      const call = typed ? typedCall(op, doc) : null;
      const [fn, args] = call ?? ["runOp", [op, doc]];
      const out = callExport(fn, args, `${fn} on "${name}"`);
      // validatePlan never throws for a plain-object plan
      if (out && fn === "validatePlan" && isPlainObject(args[0])) {
        assert.ok(out.result, `validatePlan threw for a plain object: ${out.error?.message}`);
      }
    }),
    params(1500),
  );
});

test("validatePlan never throws for a plain object: it returns violations", () => {
  const planLike = fc.oneof(
    NEAR_VALID.map(({ mutations }) => ({ make: "example", mutations })),
    fc.record({ make: fc.constant("object"), entries: fc.array(fc.tuple(fc.oneof(KEY, fc.constantFrom("schema_version", "year", "authority", "funded", "forwardings", "staff", "options", "distribution")), RECIPE), { maxLength: 6 }), via: fc.constantFrom("define", "json", "nullProto") }),
  );
  fc.assert(
    fc.property(planLike, fc.constantFrom(undefined, null, {}, { lang: "de" }, { lang: "en" }), (r, options) => {
      const doc = r.make === "example" ? field(mutate(0, r.mutations), "plan") : build({ t: "object", entries: r.entries, via: r.via });
      if (!isPlainObject(doc)) return; // a mutation replaced the whole plan
      const out = settle("validatePlan(plain object)", () => kim.validatePlan(doc, options ?? undefined));
      assert.ok(out.result, `threw ${out.error?.code} ${out.error?.message}`);
      const { ok, violations } = out.result;
      assert.equal(typeof ok, "boolean");
      assert.ok(Array.isArray(violations));
      for (const v of violations) {
        assert.match(v.code, CODE);
        assert.equal(typeof v.path, "string");
        assert.ok(["error", "warning", "note"].includes(v.severity), v.severity);
        assert.equal(typeof v.message, "string");
        assert.equal(typeof v.messageDe, "string");
      }
      assert.equal(ok, !violations.some((v) => v.severity === "error"), "ok is: no violation is an error");
    }),
    params(800),
  );
});

test("a refused JS value anywhere in the example plan is reported with its code at its path", () => {
  const plan = kim.examplePlan();
  const paths = pathsOf(plan).filter((p) => p.length > 0);
  const refused = fc.oneof(
    fc.double().filter((d) => !Number.isInteger(d)).map((v) => ({ v, code: "KIM-P004" })),
    fc.oneof(fc.double({ min: 2 ** 53, max: Number.MAX_VALUE, noNaN: true }), fc.constantFrom(-(2 ** 53), -1e300)).filter((d) => Number.isInteger(d) && !Number.isSafeInteger(d)).map((v) => ({ v, code: "KIM-P005" })),
    fc.record({ t: fc.constant("surrogate"), before: fc.string({ maxLength: 5 }), lone: LONE, after: fc.string({ maxLength: 5 }) }).map((r) => ({ r, code: "KIM-P010" })),
    fc.constantFrom("symbol", "arrow", "instance", "regexp", "boxedBigInt", "holeArray", "undefined").map((k) => ({ r: { t: "exotic", k }, code: "KIM-P010", skipUndefined: k === "undefined" })),
    fc.bigInt().map((v) => ({ v, code: "KIM-P010" })),
    fc.date().map((v) => ({ v, code: "KIM-P010" })),
  );
  fc.assert(
    fc.property(fc.nat(paths.length - 1), refused, (i, { v, r, code, skipUndefined }) => {
      const path = paths[i];
      const doc = kim.examplePlan();
      let parent = doc;
      for (const k of path.slice(0, -1)) parent = parent[k];
      const last = path[path.length - 1];
      if (skipUndefined && !Array.isArray(parent)) return; // an undefined property is absent
      parent[last] = r ? build(r) : v;
      const where = r?.k === "holeArray" ? `${pathText(path)}[0]` : pathText(path);
      const vr = settle("validatePlan", () => kim.validatePlan(doc)).result;
      assert.deepEqual(vr.violations.map((x) => [x.code, x.path]), [[code, where]]);
      const { error } = settle("evaluatePlan", () => kim.evaluatePlan(doc));
      assert.ok(error, "evaluatePlan accepted a refused value");
      assert.deepEqual([error.code, error.path], [code, where]);
    }),
    params(400),
  );
});

test("nesting 50–300 deep at any path of a document: KIM-P015 beyond 100 levels, never a stack overflow", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...EXACT_BASES),
      fc.nat(),
      fc.integer({ min: 50, max: 300 }),
      fc.constantFrom("array", "object", "mixed"),
      fc.boolean(),
      (base, at, depth, shape, typed) => {
        const paths = BASE_PATHS[base];
        const path = paths[at % paths.length];
        const deep = { t: "deep", depth, shape, leaf: { t: "lit", v: "1" } };
        const doc = path.length === 0 ? build(deep) : mutate(base, [{ at: at % paths.length, op: "set", key: "", value: deep, from: 0 }]);
        const { op } = BASES[base];
        const [fn, args] = (typed ? typedCall(op, doc) : null) ?? ["runOp", [op, doc]];
        const out = callExport(fn, args, `${fn} with ${depth} levels at ${pathText(path)}`);
        if (!out || fn !== "runOp") return;
        // runOp reads the whole document first: the walk refuses the innermost array or object
        // at depth 100 (the document is depth 0), the only value it can refuse in this input
        const tooDeep = path.length + depth > 100;
        assert.equal(out.error?.code === "KIM-P015", tooDeep, `${path.length} + ${depth} levels: ${out.error?.code} ${out.error?.path}`);
      },
    ),
    params(300),
  );
});

test("a forwarding chain as deep as the reader allows reaches the core: an answer, not a trap", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 55 }), fc.boolean(), (levels, evaluate) => {
      const plan = kim.examplePlan();
      const template = structuredClone(plan.forwardings[0]);
      let f = plan.forwardings[0];
      for (let i = 0; i < levels; i++) {
        const next = { ...structuredClone(template), id: `chain-${i}`, from: structuredClone(f.to), to: { kind: "traeger", name: `T${i}` } };
        f.onward = [next];
        f = next;
      }
      const out = settle(`chain of ${levels}`, () => (evaluate ? kim.evaluatePlan(plan) : kim.validatePlan(plan)));
      const codes = out.error ? [out.error.code] : (out.result.violations ?? []).map((v) => v.code);
      // level n's basis.actual_cost_capped is at depth 2n + 4: from 48 levels on the walk refuses it
      assert.equal(codes.includes("KIM-P015"), levels >= 48, `${levels} levels: ${codes}`);
    }),
    params(60),
  );
});

test("strings of 11 MB (once per export): KIM-P015, in time", () => {
  const huge = "9".repeat(11 * 1024 * 1024);
  for (const name of EXPORTS) {
    // a batch is an array (a string is KIM-P010 there): the limit holds per item
    const batch = ["evaluateMany", "replayMany", "distributeMany", "grantLines"].includes(name);
    const args = name === "runOp" ? ["grant", { posts: [{ kind: huge, fte: "1" }], options: { year: 2023 } }] : batch ? [[huge], [huge]] : [huge, huge];
    const out = callExport(name, args, `${name}(11 MB)`);
    if (["examplePlan", "transitionTable", "vocabulary", "version"].includes(name)) continue; // no arguments
    assert.ok(out.error, `${name} accepted 11 MB`);
    assert.equal(out.error.code, "KIM-P015", `${name}: ${out.error.message.slice(0, 200)}`);
  }
  const plan = kim.examplePlan();
  plan.authority = huge;
  assert.equal(settle("validatePlan(11 MB field)", () => kim.validatePlan(plan)).result.violations[0].code, "KIM-P015");
  const many = kim.examplePlan();
  many.staff = Array.from({ length: 12 }, () => "x".repeat(1024 * 1024));
  assert.equal(settle("evaluatePlan(12 × 1 MB)", () => kim.evaluatePlan(many)).error?.code, "KIM-P015");
});

test("keys __proto__, constructor and prototype never reach a prototype", () => {
  const keyed = fc.record({
    key: fc.constantFrom("__proto__", "constructor", "prototype"),
    base: fc.nat(BASES.length - 1),
    at: fc.nat(),
    via: fc.constantFrom("json", "define"),
    value: fc.oneof(lit(fc.jsonValue({ maxDepth: 2 })), lit(fc.constantFrom({ polluted: true }, { toString: "x" }, { schema_version: "kim.plan.v1" }))),
    typed: fc.boolean(),
  });
  fc.assert(
    fc.property(keyed, ({ key, base, at, via, value, typed }) => {
      const paths = BASE_PATHS[base];
      const obj = build({ t: "object", entries: [[key, value]], via });
      const doc = mutate(base, [{ at, op: "set", key: "", value: { t: "lit", v: obj }, from: 0 }, { at, op: "addKey", key, value, from: 0 }]);
      const { op } = BASES[base];
      const [fn, args] = (typed ? typedCall(op, doc) : null) ?? ["runOp", [op, doc]];
      callExport(fn, args, `${fn} with an own key ${key} near ${pathText(paths[at % paths.length])}`);
      assert.equal({}.polluted, undefined);
    }),
    params(300),
  );
});

// Regression (found by these properties): isPlainObject threw through the wasm frames for a
// revoked Proxy — a raw TypeError instead of a KimError, and a leaked wasm stack that made every
// call trap after about a thousand such calls.
test("a revoked Proxy or a throwing getPrototypeOf trap as plan or options is a KimError", () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const protoThrows = new Proxy({}, { getPrototypeOf() { throw new Error("trap"); } });
  for (const [label, fn] of [
    ["validatePlan(revoked)", () => kim.validatePlan(proxy)],
    ["validatePlan(getPrototypeOf throws)", () => kim.validatePlan(protoThrows)],
    ["evaluatePlan(plan, revoked)", () => kim.evaluatePlan(kim.examplePlan(), proxy)],
  ]) {
    let thrown;
    try {
      fn();
    } catch (e) {
      thrown = e;
    }
    checkKimError(thrown, label);
  }
  // and the module keeps working after many such calls
  for (let i = 0; i < 2000; i++) {
    try {
      kim.validatePlan(proxy);
    } catch {
      // a KimError, checked above
    }
  }
  assert.equal(kim.validatePlan(kim.examplePlan()).ok, true);
});
