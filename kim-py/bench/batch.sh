#!/usr/bin/env bash
# Cross-face batch benchmark and its budgets (docs/benchmarks.md, "Batches across the faces"):
# the same inputs through Rust (kim-core/examples/batch_bench.rs, release, parallel), Python (a
# release wheel, kim-py/bench/batch.py) and JavaScript (pkg/node, kim-wasm/scripts/batch-bench.mjs);
# prints one table and checks the budgets of the performance issue:
#   * Python evaluate_many and replay_many at 100,000 items: at most 1.5 × Rust;
#   * a distribution over the 396 NRW Gemeinden: at most 200 µs in every face.
# `batch.sh` measures and checks (make bench-check); `batch.sh --write` writes the table into
# docs/benchmarks.md (between the batch-table markers) and does not fail on the budgets (make
# bench). The table is also in target/bench-batch/table.md. JS evaluates fewer plans (one
# thread): KIM_BENCH_JS_PLANS.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
DIR="$TARGET/bench-batch"
PLANS="${KIM_BENCH_PLANS:-100000}"
EVENTS="${KIM_BENCH_EVENTS:-100000}"
JS_PLANS="${KIM_BENCH_JS_PLANS:-10000}"

"$CARGO" build -q --release -p kim-core --features parallel --example batch_bench
RUST="$("$TARGET/release/examples/batch_bench" "$DIR" "$PLANS" "$EVENTS")"
BENCH_PYTHON="$(kim-py/bench/wheel.sh)"
PY="$(cd "$TARGET" && "$BENCH_PYTHON" "$ROOT/kim-py/bench/batch.py" "$DIR" "$PLANS")"
[ -f kim-wasm/pkg/node/index.js ] || make -s wasm-build >&2
JS="$(node kim-wasm/scripts/batch-bench.mjs "$DIR" "$JS_PLANS")"

WRITE="${1:-}"
RUST="$RUST" PY="$PY" JS="$JS" WRITE="$WRITE" python3 - "$DIR" "$ROOT/docs/benchmarks.md" <<'PYEOF'
import json, os, sys
rust, py, js = (json.loads(os.environ[k]) for k in ("RUST", "PY", "JS"))
def t(s): return f"{s * 1e6:.0f} µs" if s < 1e-3 else f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.2f} s"
# (operation, size, Rust key, Python key, JS key or None)
rows = [
    ("evaluate_many (the example plan)", f"{rust['plans']:,} plans (JS {js['plans']:,})", "evaluate_many", "evaluate_many", "evaluate_many"),
    ("replay_many (synthetic Kreis-year, 400 cases)", f"{rust['kreis_events']:,} events", "replay_kreis", "replay_kreis", "replay_kreis"),
    ("replay_many (state-wide synthetic year), events read before (Python `kim.EventLog`)", f"{rust['events']:,} events", "replay_many", "replay_many", None),
    ("replay_many from event documents (Python dicts, JS objects; Rust reading each from its JSON value)", f"{rust['events']:,} events", "replay_many_documents", "replay_many_dicts", "replay_many"),
    ("distribute (396 NRW Gemeinden, 100 VZÄ in 0.5 steps)", "396 units", "distribute_396", "distribute_396", "distribute_396"),
]
lines = ["| operation | size | Rust | Python | JS | Python / Rust | JS / Rust |", "|---|---|---:|---:|---:|---:|---:|"]
for name, size, rkey, pkey, jkey in rows:
    r, p = rust[rkey], py[pkey]
    if jkey is None:
        js_cell, js_ratio = "—", "—"
    else:
        j = js[jkey] * (rust["plans"] / js["plans"]) if jkey == "evaluate_many" else js[jkey]
        note = " (scaled)" if jkey == "evaluate_many" and js["plans"] != rust["plans"] else ""
        js_cell, js_ratio = f"{t(j)}{note}", f"{j / r:.1f}"
    lines.append(f"| {name} | {size} | {t(r)} | {t(p)} | {js_cell} | {p / r:.2f} | {js_ratio} |")
lines.append("")
lines.append(f"Python reads the {rust['events']:,} event dicts into a `kim.EventLog` in {t(py['event_log_read'])} (once; the EventLog row replays it).")
table = "\n".join(lines)
print(table)
print(f"\nRust on {rust['threads']} threads; Python releases the GIL and uses the same threads; JS one thread.")
budgets = [
    ("Python evaluate_many ≤ 1.5 × Rust", py["evaluate_many"] <= 1.5 * rust["evaluate_many"] if rust["plans"] >= 100_000 else None),
    ("Python replay_many (events read before) ≤ 1.5 × Rust", py["replay_many"] <= 1.5 * rust["replay_many"] if rust["events"] >= 100_000 else None),
    ("distribute 396 units ≤ 200 µs in Rust", rust["distribute_396"] <= 200e-6),
    ("distribute 396 units ≤ 200 µs in Python", py["distribute_396"] <= 200e-6),
    ("distribute 396 units ≤ 200 µs in JS", js["distribute_396"] <= 200e-6),
]
failed = [b for b, ok in budgets if ok is False]
for b, ok in budgets:
    print(f"budget: {b}: {'ok' if ok else 'not checked (fewer than 100,000 items)' if ok is None else 'FAILED'}")
open(os.path.join(sys.argv[1], "table.md"), "w").write(table + "\n")
if os.environ["WRITE"] == "--write":
    import datetime
    doc = open(sys.argv[2], encoding="utf-8").read()
    begin, end = "<!-- batch-table:begin -->", "<!-- batch-table:end -->"
    head, rest = doc.split(begin, 1)
    _, tail = rest.split(end, 1)
    stamp = f"Measured {datetime.date.today().isoformat()}, Rust on {rust['threads']} threads."
    open(sys.argv[2], "w", encoding="utf-8").write(f"{head}{begin}\n{table}\n\n{stamp}\n{end}{tail}")
    sys.exit(0)
sys.exit(1 if failed else 0)
PYEOF
