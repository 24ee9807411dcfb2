#!/usr/bin/env bash
# Size budget of the optimised module (pkg/web/kim_wasm_bg.wasm, after wasm-opt -Oz): fails when
# gzip -9 of it is above the budget. Prints the real sizes either way. Build first:
# scripts/build.sh (not --dev).
#
# The budget is a regression guard at the measured size (309 KiB gzipped with opt-level "s",
# chosen for speed; 501 KiB for the first build) plus about 5 %: 325 KiB; raised to 350 KiB for
# the council report (reportHtml: 322 → 345 KiB measured, docs/benchmarks.md). The
# target of 200 KiB (and 120 KiB later) is NOT met (see docs/benchmarks.md, "WebAssembly face");
# KIM_WASM_BUDGET_GZ=204800 shows the distance to it.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
wasm="$here/pkg/web/kim_wasm_bg.wasm"
budget="${KIM_WASM_BUDGET_GZ:-358400}"
[ -f "$wasm" ] || { echo "check-size: $wasm is missing; run kim-wasm/scripts/build.sh" >&2; exit 1; }
raw=$(wc -c < "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
echo "kim_wasm_bg.wasm: $raw bytes raw ($(kib "$raw")), $gz bytes gzipped -9 ($(kib "$gz")); budget $budget bytes gzipped ($(kib "$budget"))"
if [ "$gz" -gt "$budget" ]; then
  echo "check-size: FAIL: the gzipped module is $((gz - budget)) bytes over the budget" >&2
  exit 1
fi
echo "check-size: ok"
