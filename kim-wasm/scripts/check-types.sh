#!/usr/bin/env bash
# The committed TypeScript declarations (kim-wasm/types/kim_wasm.d.ts) must equal the ones the
# build just generated (pkg/web/kim_wasm.d.ts: wasm-bindgen's, with kim-core's tsify types).
# After a deliberate change of an exported type: `make wasm-types` and commit the file.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
fresh="$here/pkg/web/kim_wasm.d.ts"
committed="$here/types/kim_wasm.d.ts"
[ -f "$fresh" ] || { echo "check-types: $fresh is missing; run kim-wasm/scripts/build.sh" >&2; exit 1; }
if ! out="$(diff -u "$committed" "$fresh" 2>&1)"; then
  printf '%s\n' "$out" | head -n 80
  echo "check-types: FAIL: kim-wasm/types/kim_wasm.d.ts differs from the generated declarations; run make wasm-types and commit it" >&2
  exit 1
fi
echo "check-types: kim-wasm/types/kim_wasm.d.ts is up to date ($(wc -l < "$committed") lines)"
