// The ES module package (pkg/web, what browsers and bundlers import) type-checks too: the default
// export initialises the module, KimError comes from the package entry.
import init, { KimError, evaluatePlan, examplePlan, initSync, validatePlan, type Evaluation } from "../../pkg/web/index.js";

await init();
initSync({ module: new Uint8Array() });
const ev: Evaluation = evaluatePlan(examplePlan());
const { ok } = validatePlan(examplePlan(), { lang: "de" });
try {
  evaluatePlan(examplePlan(), { strict: true });
} catch (e) {
  if (e instanceof KimError) console.log(e.code, e.path, e.violations.length);
}
// @ts-expect-error validatePlan needs the plan
validatePlan();
void [ev, ok];
