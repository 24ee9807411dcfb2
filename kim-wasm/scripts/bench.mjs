// Timing of kim-wasm's calls in Node (the package in pkg/node; build it with scripts/build.sh):
// `node kim-wasm/scripts/bench.mjs`. Each figure is the median of 7 rounds of N calls.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const kim = require(process.env.KIMPKG || "../pkg/node/index.js");

/** The example plan with `rows` forwardings (copies of the first, with their own ids). */
export function planWithRows(rows) {
  const plan = kim.examplePlan();
  const first = plan.forwardings[0];
  plan.forwardings = Array.from({ length: rows }, (_, i) => ({ ...structuredClone(first), id: `row-${i}` }));
  return plan;
}

function time(name, n, fn) {
  for (let i = 0; i < Math.min(n, 50); i++) fn();
  const rounds = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    rounds.push((performance.now() - t0) / n);
  }
  rounds.sort((a, b) => a - b);
  const ms = rounds[3];
  console.log(`${name.padEnd(52)} ${ms < 1 ? (ms * 1000).toFixed(1) + " µs" : ms.toFixed(2) + " ms"}`);
}

const example = kim.examplePlan();
const plan50 = planWithRows(50);
const cases = kim.synthetic({});
console.log(`kim-wasm ${kim.version()} on Node ${process.version}`);
time("validatePlan(example)", 1000, () => kim.validatePlan(example));
time("validatePlan(50 forwarding rows)", 1000, () => kim.validatePlan(plan50));
time("evaluatePlan(example)", 200, () => kim.evaluatePlan(example));
time("evaluatePlan(50 forwarding rows)", 200, () => kim.evaluatePlan(plan50));
time("grant(12 VZÄ case management)", 1000, () => kim.grant({ posts: [{ kind: "case_manager", fte: "12" }], options: { year: 2023 } }));
time("parseFte('1,75', 'de')", 10000, () => kim.parseFte("1,75", "de"));
time("formatEuro('82500', 'de')", 10000, () => kim.formatEuro("82500", "de"));
time("examplePlan()", 1000, () => kim.examplePlan());
time("synthetic({}) (400 cases, 2000 consultations)", 20, () => kim.synthetic({}));
time("replayCases(synthetic Kreis-year)", 20, () => kim.replayCases(cases));
