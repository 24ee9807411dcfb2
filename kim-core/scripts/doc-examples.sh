#!/usr/bin/env bash
# Public items of kim-core without a code example of their own, counted per file with nightly
# rustdoc's lint `missing_doc_code_examples`, against the committed counts in
# kim-core/doc-examples-missing.txt. The counts may only go down: a new public item comes with an
# example. `doc-examples.sh` checks (make test: make doc-examples); `doc-examples.sh --write`
# rewrites the file after examples were added. Needs the nightly toolchain (.ci/run installs it
# for the fuzz targets).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
FILE=kim-core/doc-examples-missing.txt
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
# a target directory of its own, with kim-core's documentation removed first: rustdoc must run
# (not be skipped as fresh) to report the lint
cargo clean -q -p kim-core --target-dir target/doc-examples 2>/dev/null || true
cargo +nightly rustdoc -q -p kim-core --features schema --target-dir target/doc-examples -- \
  -Z unstable-options -Zcrate-attr="feature(rustdoc_missing_doc_code_examples)" \
  -W rustdoc::missing-doc-code-examples >"$OUT" 2>&1 || { cat "$OUT" >&2; exit 2; }
NOW="$( { grep -A1 'missing code example' "$OUT" || true; } | { grep -- '-->' || true; } \
  | awk '{print $2}' | sed 's/:.*//' | sort | uniq -c | awk '{print $2, $1}')"
TOTAL="$(echo "$NOW" | awk '{s += $2} END {print s + 0}')"
if [ "${1:-}" = "--write" ]; then
  { echo "# Public items of kim-core without a code example of their own, per file (kim-core/scripts/doc-examples.sh)."
    echo "# The counts may only go down. Total: $TOTAL"
    [ -z "$NOW" ] || echo "$NOW"; } >"$FILE"
  echo "wrote $FILE: $TOTAL items without an example"
  exit 0
fi
python3 - "$FILE" "$TOTAL" <<PYEOF
import sys
path, total = sys.argv[1], int(sys.argv[2])
now = dict(l.split() for l in """$NOW""".strip().splitlines() if l.strip())
was = dict(l.split() for l in open(path, encoding="utf-8") if l.strip() and not l.startswith("#"))
grew = [f"{f}: {was.get(f, '0')} -> {n}" for f, n in sorted(now.items()) if int(n) > int(was.get(f, 0))]
fell = [f"{f}: {n} -> {now.get(f, '0')}" for f, n in sorted(was.items()) if int(now.get(f, 0)) < int(n)]
if grew:
    print("public items without a code example were added (give each an example):", *grew, sep="\n  ")
    sys.exit(1)
if fell:
    print("fewer items without an example than recorded: run kim-core/scripts/doc-examples.sh --write", *fell, sep="\n  ")
    sys.exit(1)
print(f"doc examples: {total} public items of kim-core still without an example (no new ones)")
PYEOF
