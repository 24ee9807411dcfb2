// The JavaScript column of the cross-face batch benchmark (kim-py/bench/batch.sh): the same
// inputs and measures as kim-core/examples/batch_bench.rs, through the Node package (pkg/node,
// a release build: make wasm-build). Prints JSON: seconds per operation.
//
//   node kim-wasm/scripts/batch-bench.mjs DIR PLANS
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const kim = require("../pkg/node/index.js");
const [dir, plansArg] = process.argv.slice(2);
const plans = Number(plansArg);

const seconds = (fn) => {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
};
const bestOf = (runs, fn) => Math.min(...Array.from({ length: runs }, () => seconds(fn)));
const medianOf = (runs, fn) => {
  const all = Array.from({ length: runs }, () => seconds(fn)).sort((a, b) => a - b);
  return all[Math.floor(runs / 2)];
};

const events = JSON.parse(readFileSync(join(dir, "events.json"), "utf8"));
const dist = JSON.parse(readFileSync(join(dir, "distribute-396.json"), "utf8"));
const kreis = JSON.parse(readFileSync(join(dir, "kreis-events.json"), "utf8"));
const many = Array.from({ length: plans }, () => kim.examplePlan());
// the single distribution first, as in the Rust and Python columns (see batch_bench.rs)
const distribute = medianOf(2001, () => kim.distribute(dist));
console.log(JSON.stringify({
  distribute_396: distribute,
  evaluate_many: bestOf(3, () => kim.evaluateMany(many)),
  replay_many: bestOf(3, () => kim.replayMany(events)),
  replay_kreis: medianOf(21, () => kim.replayMany(kreis)),
  plans,
  events: events.length,
}));
