// The README's "JavaScript in ten lines" runs as written, against the ES module package
// (pkg/web): only the package name is pointed at the built folder and init() is handed the
// module bytes (Node's fetch cannot read file: URLs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pkg = join(root, "kim-wasm", "pkg", "web");

test("README: JavaScript in ten lines", async () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.split("## JavaScript in ten lines")[1];
  assert.ok(section, "README has the section");
  const block = section.split("```js\n")[1].split("```")[0];
  assert.ok(block.split("\n").filter(Boolean).length <= 10, "ten lines at most");
  const wasm = JSON.stringify(join(pkg, "kim_wasm_bg.wasm"));
  const source = block
    .replace('from "kim-wasm"', `from ${JSON.stringify(pathToFileURL(join(pkg, "index.js")).href)}`)
    .replace("await init();", `await init({ module_or_path: (await import("node:fs")).readFileSync(${wasm}) });`);
  assert.notEqual(source, block);
  const file = join(mkdtempSync(join(tmpdir(), "kim-readme-")), "readme.mjs");
  writeFileSync(file, source);
  const lines = [];
  const log = console.log;
  console.log = (...args) => lines.push(args.join(" "));
  try {
    await import(pathToFileURL(file).href);
  } finally {
    console.log = log;
  }
  assert.deepEqual(lines, ["152.500,00 €", "true KIM-P004 year"]);
});
