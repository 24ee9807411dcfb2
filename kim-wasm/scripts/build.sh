#!/usr/bin/env bash
# Builds kim-wasm's two packages from the workspace:
#   pkg/web   ESM for browsers and bundlers (wasm-bindgen --target web), publishable (package.json)
#   pkg/node  CommonJS for Node (wasm-bindgen --target nodejs), used by the tests
# Steps: cargo build (profile wasm-release) → wasm-bindgen → wasm-opt -Oz (npm binaryen 132, never
# Debian's binaryen: its wasm-opt breaks wasm-bindgen output) → entry points and package.json.
# Needs: the wasm32-unknown-unknown target, wasm-bindgen-cli of Cargo.lock's version and
# `npm ci --prefix kim-wasm` (all three: `make wasm-setup`).
# `build.sh --dev`: the dev profile and no wasm-opt (seconds instead of minutes; large module).
set -euo pipefail
dev=false
case "${1:-}" in
  --dev) dev=true ;;
  "") ;;
  *) echo "usage: $0 [--dev]" >&2; exit 2 ;;
esac
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

cargo="${CARGO:-cargo}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
profile=wasm-release
profile_dir=wasm-release
if $dev; then profile=dev; profile_dir=debug; fi
wasm_opt="$here/node_modules/.bin/wasm-opt"

want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" || true
if [ "$have" != "$want" ]; then
  echo "build.sh: wasm-bindgen $want is needed (found: ${have:-none}); run make wasm-setup" >&2
  exit 1
fi
if [ ! -x "$wasm_opt" ]; then
  echo "build.sh: $wasm_opt is missing; run make wasm-setup (npm ci --prefix kim-wasm)" >&2
  exit 1
fi

echo "== cargo build -p kim-wasm --target wasm32-unknown-unknown --profile $profile"
"$cargo" build -q -p kim-wasm --target wasm32-unknown-unknown --profile "$profile"
wasm="$target_dir/wasm32-unknown-unknown/$profile_dir/kim_wasm.wasm"

version="$("$cargo" metadata --no-deps --format-version 1 |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name==="kim-wasm");process.stdout.write(p.version)})')"

for t in web node; do
  out="$here/pkg/$t"
  rm -rf "$out"
  mkdir -p "$out"
  bindgen_target=$([ "$t" = web ] && echo web || echo nodejs)
  wasm-bindgen --target "$bindgen_target" --out-dir "$out" "$wasm"
  # The declarations' JSDoc comes from the Rust doc comments; their Rust code examples (fenced
  # blocks, with the blank comment line before them) mean nothing to a TypeScript reader.
  node - "$out/kim_wasm.d.ts" <<'JS'
const fs = require("fs");
const file = process.argv[2];
const out = [];
let fenced = false;
for (const line of fs.readFileSync(file, "utf8").split("\n")) {
  if (/^\s*\* ```/.test(line)) {
    if (!fenced && out.length && /^\s*\*\s*$/.test(out[out.length - 1])) out.pop();
    fenced = !fenced;
    continue;
  }
  if (!fenced) out.push(line);
}
fs.writeFileSync(file, out.join("\n"));
JS
done

if ! $dev; then
echo "== wasm-opt -Oz (binaryen $("$wasm_opt" --version | awk '{print $3}'))"
"$wasm_opt" -Oz "$here/pkg/web/kim_wasm_bg.wasm" -o "$here/pkg/web/kim_wasm_bg.wasm" &
web_opt=$!
"$wasm_opt" -Oz "$here/pkg/node/kim_wasm_bg.wasm" -o "$here/pkg/node/kim_wasm_bg.wasm" &
node_opt=$!
wait "$web_opt"
wait "$node_opt"
fi

# The JS half of the binding (KimError and the value readers) is a wasm-bindgen snippet; the
# entry points re-export the generated module together with KimError.
snippet_of() { (cd "$1" && ls snippets/*/js/kim.js); }

web="$here/pkg/web"
snip="$(snippet_of "$web")"
cat > "$web/index.js" <<EOF
// kim-wasm: the generated bindings (kim_wasm.js) and the KimError class.
export * from "./kim_wasm.js";
export { default } from "./kim_wasm.js";
export { KimError } from "./$snip";
EOF
sed -e 's|@FROM@|./kim_wasm.js|g' "$here/js/index.d.ts.in" > "$web/index.d.ts"
printf '%s\n' 'export { default } from "./kim_wasm.js";' >> "$web/index.d.ts"
cp "$here/README.md" "$web/README.md"
node - "$web/package.json" "$version" <<'EOF'
const [file, version] = process.argv.slice(2);
const pkg = {
  name: "kim-wasm",
  version,
  description:
    "NRW Kommunales Integrationsmanagement (KIM) rules in the browser: grants, forwarding, distribution of posts, case replay, plan validation with field paths — exact decimals, WebAssembly",
  license: "MIT OR Apache-2.0",
  repository: { type: "git", url: "https://example.invalid/kim" },
  keywords: ["kim", "nrw", "integrationsmanagement", "wasm", "validation"],
  type: "module",
  main: "./index.js",
  module: "./index.js",
  types: "./index.d.ts",
  exports: {
    ".": { types: "./index.d.ts", default: "./index.js" },
    "./kim_wasm_bg.wasm": "./kim_wasm_bg.wasm",
    "./package.json": "./package.json",
  },
  files: [
    "index.js",
    "index.d.ts",
    "kim_wasm.js",
    "kim_wasm.d.ts",
    "kim_wasm_bg.wasm",
    "kim_wasm_bg.wasm.d.ts",
    "snippets/",
    "README.md",
  ],
  sideEffects: ["./snippets/*"],
};
require("fs").writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
EOF

node_pkg="$here/pkg/node"
snip="$(snippet_of "$node_pkg")"
cat > "$node_pkg/index.js" <<EOF
// kim-wasm for Node (CommonJS): the generated bindings (kim_wasm.js) and the KimError class.
"use strict";
const kim = require("./kim_wasm.js");
const { KimError } = require("./$snip");
module.exports = { ...kim, KimError };
EOF
sed -e 's|@FROM@|./kim_wasm|g' "$here/js/index.d.ts.in" > "$node_pkg/index.d.ts"
# kim_wasm.js (CommonJS) require()s the snippet: give it the CommonJS form of js/kim.js, so that
# the package loads on every supported Node (require() of an ES module needs Node >= 20.19)
node - "$here/js/kim.js" "$node_pkg/$snip" <<'JS'
const fs = require("fs");
const [src, dst] = process.argv.slice(2);
const text = fs.readFileSync(src, "utf8");
const names = [...text.matchAll(/^export (?:class|function) (\w+)/gm)].map((m) => m[1]);
const body = text.replace(/^export (class|function) /gm, "$1 ");
if (/^\s*(export|import)\b/m.test(body)) {
  throw new Error("js/kim.js: only `export class` and `export function` can be converted");
}
fs.writeFileSync(
  dst,
  `// CommonJS form of kim-wasm/js/kim.js (written by scripts/build.sh)\n"use strict";\n${body}\nmodule.exports = { ${names.join(", ")} };\n`,
);
JS
node - "$node_pkg/package.json" "$version" <<'EOF'
const [file, version] = process.argv.slice(2);
const pkg = {
  name: "kim-wasm-node",
  version,
  private: true,
  description: "kim-wasm built for Node (CommonJS); the tests use it",
  license: "MIT OR Apache-2.0",
  type: "commonjs",
  main: "./index.js",
  types: "./index.d.ts",
  engines: { node: ">=18" },
};
require("fs").writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
EOF

# smoke test: both entry points load and answer
node -e 'const k = require(process.argv[1]); if (!k.version() || typeof k.KimError !== "function") process.exit(1)' "$node_pkg/index.js"
node --input-type=module -e '
  import { readFileSync } from "node:fs";
  const k = await import(process.argv[1] + "/index.js");
  k.initSync({ module: readFileSync(process.argv[1] + "/kim_wasm_bg.wasm") });
  if (!k.version() || !(new k.KimError("x", "KIM-P001", "", []) instanceof Error)) process.exit(1);
' "$web"

raw=$(wc -c < "$web/kim_wasm_bg.wasm")
gz=$(gzip -9 -c "$web/kim_wasm_bg.wasm" | wc -c)
echo "kim-wasm $version: pkg/web and pkg/node; kim_wasm_bg.wasm $raw bytes, $gz bytes gzipped (-9)"
