// Privacy across the JS face (docs/privacy.md): after the consent to case management is revoked,
// nothing kim-wasm returns about the case — the replay as JSON or as inspected by Node, its
// messages in both languages — shows the case's topics, Rechtskreis or admission facts.

import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const kim = require("../pkg/node/index.js");

const DETAILS = ["GESUNDHEIT", "AsylbLG", "aufenthaltserlaubnis"];

const ev = (i, event, extra = {}) => {
  const day = `2023-03-${String(i).padStart(2, "0")}`;
  return { id: `e${i}`, case: "c-7", event, effective: day, recorded: `${day}T09:00:00`, actor: "s-1", ...extra };
};

const history = [
  ev(1, "open", { kommune: "Wegberg" }),
  ev(2, "consent", { purpose: "fallmanagement" }),
  ev(3, "admit", { status: "aufenthaltserlaubnis", age: 34 }),
  ev(4, "add_topic", { topic: "GESUNDHEIT" }),
  ev(5, "set_rechtskreis", { rechtskreis: "AsylbLG" }),
  ev(6, "revoke_consent", { purpose: "fallmanagement" }),
];

function clean(what, text) {
  for (const d of DETAILS) assert.ok(!text.includes(d), `${what} shows ${d}: ${text.slice(0, 300)}`);
}

test("a replay after the revocation shows no topics, Rechtskreis or admission facts", () => {
  const replay = kim.replayCase([...history, ev(7, "add_topic", { topic: "GESUNDHEIT" })]);
  assert.equal(replay.record.erased, true);
  assert.ok(replay.violations.length > 0, "the late add_topic is refused");
  clean("JSON of the replay", JSON.stringify(replay));
  clean("inspect of the replay", inspect(replay, { depth: null }));
  clean("String of the replay", String(replay));
  for (const v of replay.violations) clean("a message", `${v.message_en} ${v.message_de}`);
});

test("a cases document replayed after the revocation shows no details", () => {
  const doc = { schema_version: "kim.cases.v1", events: history };
  clean("JSON of the document replay", JSON.stringify(kim.replayCases(doc)));
});
