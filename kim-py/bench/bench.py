"""Benchmarks of kim's Python face, next to the same operations timed in Rust.

Times ``kim.evaluate``, ``kim.distribute`` and ``kim.replay_document`` with ``timeit`` and
prints markdown tables: operation, size, Python median, Rust median, ratio; then where the
Python time goes; then the import time of ``kim``. The Rust medians are read from criterion's
``target/criterion/face_*/<name>/new/estimates.json``, written by
``cargo bench -p kim-core --bench faces`` (``kim-py/bench/run.sh`` runs both against a release
wheel; see ``docs/benchmarks.md``, section "Python face").

The inputs are those of ``kim-core/benches/faces.rs``:

* the embedded example plan (``kim.Plan.example()``);
* the 396 NRW Gemeinden of ``kim-core/data/nrw-gemeinden.csv`` weighted by population, 400 VZÄ
  in steps of 0.5, tie-break ``order``;
* the ``kim.cases.v1`` document in ``target/bench-input/cases-2023-8560.json`` (99,970
  events). Whichever side runs first writes it from the same seeded generator: here
  ``python -m kim synthetic --seed 2023 --cases 8560 --consultations 0``; the Rust bench
  checks that the file holds exactly the document it generates.

Timing: ``timeit`` with the garbage collector enabled (as in a program), the number of calls per
sample from ``Timer.autorange`` (at least 0.2 s), the median of the samples; results are
dropped inside the timing, as in the Rust benches. No dependencies beyond the standard library
and ``kim``.

Usage: ``python kim-py/bench/bench.py [--quick] [--only evaluate|distribute|replay|import]``
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import timeit
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import kim
from kim import _kim

ROOT = Path(__file__).resolve().parents[2]
TARGET = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
INPUT_DIR = TARGET / "bench-input"
CRITERION = TARGET / "criterion"
GEMEINDEN_CSV = ROOT / "kim-core" / "data" / "nrw-gemeinden.csv"
SEED, CASES = 2023, 8560
TOTAL, STEP = Decimal("400"), Decimal("0.5")
METHODS = ("largest_remainder", "sainte_lague")


# ------------------------------------------------------------------------------------------
# timing
# ------------------------------------------------------------------------------------------


def measure(fn: Callable[[], Any], samples: int) -> float:
    """Median seconds per call of ``fn`` over ``samples`` samples, garbage collector on."""
    timer = timeit.Timer(fn, setup="gc.enable()", globals={"gc": gc})
    number, _ = timer.autorange()
    times = timer.repeat(repeat=samples, number=number)
    return statistics.median(times) / number


def rust_median(name: str) -> Optional[float]:
    """Criterion's median for ``group/bench`` in seconds, or None if it has not run."""
    path = CRITERION / name / "new" / "estimates.json"
    try:
        estimates = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return float(estimates["median"]["point_estimate"]) / 1e9


def fmt_time(seconds: Optional[float]) -> str:
    if seconds is None:
        return "—"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            value = seconds / scale
            return f"{value:.3g} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return f"{seconds * 1e9:.2g} ns"


def fmt_ratio(py: float, rust: Optional[float]) -> str:
    return "—" if rust is None else f"{py / rust:.1f}×"


# ------------------------------------------------------------------------------------------
# inputs
# ------------------------------------------------------------------------------------------


def nrw_weights() -> Dict[str, int]:
    with GEMEINDEN_CSV.open(encoding="utf-8", newline="") as f:
        weights = {row["gemeinde"]: int(row["einwohner"]) for row in csv.DictReader(f)}
    assert len(weights) == 396 and sum(weights.values()) == 17_890_489, "unexpected CSV"
    return weights


def cases_document() -> Tuple[Dict[str, Any], Path]:
    """The shared replay input, written with the CLI in the wheel if it is missing."""
    path = INPUT_DIR / f"cases-{SEED}-{CASES}.json"
    if not path.exists():
        INPUT_DIR.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "kim", "synthetic", "--seed", str(SEED),
               "--cases", str(CASES), "--consultations", "0"]
        with path.open("w", encoding="utf-8") as out:
            subprocess.run(cmd, stdout=out, check=True, cwd=TARGET)
    with path.open(encoding="utf-8") as f:
        return json.load(f), path


# ------------------------------------------------------------------------------------------
# benchmarks
# ------------------------------------------------------------------------------------------

# operation, size, Python, Rust (typed API), Rust (document path: JSON value in and out)
Row = Tuple[str, str, float, Optional[float], Optional[float]]
Detail = List[Tuple[str, str, Optional[str]]]


def bench_evaluate(samples: int, detail: Detail) -> List[Row]:
    doc = kim.Plan.example()
    ev = kim.evaluate(doc)
    assert not ev["violations"], "the example plan has violations"
    size = f"example plan, {len(doc.to_json().encode()):,} bytes JSON"
    rows: List[Row] = [
        ("`kim.evaluate(kim.Plan.example())`", size,
         measure(lambda: kim.evaluate(kim.Plan.example()), samples),
         rust_median("face_evaluate/core_with_example"),
         rust_median("face_evaluate/document_json_with_example")),
    ]
    total = measure(lambda: kim.evaluate(doc), samples)
    rust = rust_median("face_evaluate/core")
    json_out = rust_median("face_evaluate/document_json")
    rows.append(("`kim.evaluate(plan)`, `plan = kim.Plan.example()` beforehand (read once, kept "
                 "native; result fields convert when read)", size, total, rust, json_out))
    totals = measure(lambda: kim.evaluate(doc).totals.land_money, samples)
    rows.append(("… and reading `ev.totals.land_money`", size, totals, rust, json_out))
    whole = measure(lambda: kim.evaluate(doc).to_dict(), max(samples // 4, 5))
    rows.append(("… and converting the whole result (`ev.to_dict()`)", size, whole, rust, json_out))
    plain = doc.to_dict()
    from_dict = measure(lambda: kim.evaluate(plain), samples)
    rows.append(("`kim.evaluate(d)` of a plain dict `d` (read on every call)", size, from_dict,
                 rust_median("face_evaluate/document"), json_out))

    # where the time goes: the document operation in one piece (dict in, dicts out)
    native_input = {"plan": plain, "options": {}, "overrides": []}
    native = measure(lambda: _kim.run("evaluate_plan", native_input), samples)
    to_rust = convert_in(native_input, samples)
    example = measure(kim.Plan.example, samples)
    document = rust_median("face_evaluate/document")
    params = rust_median("face_evaluate/params_default")
    detail += [
        ("evaluate", "`kim.evaluate(plan)` (plan read once)", fmt_time(total)),
        ("evaluate", "`_kim.run(\"evaluate_plan\", …)`: dict in, whole result out", fmt_time(native)),
        ("evaluate", "… of which Python → `serde_json::Value` (probe)", fmt_time(to_rust)),
        ("evaluate", "… of which the Rust document path (`run_op_typed`)", fmt_time(document)),
        ("evaluate", "… … of which `Params::default()` (TOML parse; `run_op` now uses the "
         "table read once, `Params::embedded()`)", fmt_time(params)),
        ("evaluate", "… … of which `evaluate` itself", fmt_time(rust)),
        ("evaluate", "… … of which reading the document (copy, `Plan` from the value)",
         diff(document, params, rust)),
        ("evaluate", "… of which the result → Python objects (rest)",
         rest(native, to_rust, document)),
        ("evaluate", "for comparison: the result → `serde_json::Value` in Rust",
         diff(json_out, document)),
        ("evaluate", "`kim.Plan.example()` (read natively)", fmt_time(example)),
    ]
    return rows


def bench_distribute(samples: int, detail: Detail) -> List[Row]:
    weights = nrw_weights()
    rows_doc = [{"unit": u, "value": v} for u, v in weights.items()]
    size = f"{len(weights)} units, {TOTAL} VZÄ, step {STEP}"
    rows: List[Row] = []
    for method in METHODS:
        a = kim.distribute(weights, TOTAL, method=method, step=STEP, tie_break="order")
        assert sum(a.values(), Decimal(0)) == TOTAL, "shares do not sum to the total"

        def call(m: str = method) -> Any:
            return kim.distribute(weights, TOTAL, method=m, step=STEP, tie_break="order")

        lean: Dict[str, Any] = {
            "weights": rows_doc, "total": TOTAL,
            "options": {"method": method, "step": STEP, "tie_break": "order", "trace": False}}

        def call_lean(d: Dict[str, Any] = lean) -> Any:
            return kim.distribute(d)

        total = measure(call, samples)
        explained = rust_median(f"face_distribute/{method}_explained")
        json_out = rust_median(f"face_distribute/{method}_document_json")
        rows.append((f"`kim.distribute(weights, 400, method=\"{method}\", …)`", size, total,
                     explained, json_out))
        rows.append(("the same as one document with `\"trace\": False`", size,
                     measure(call_lean, samples),
                     rust_median(f"face_distribute/{method}"),
                     rust_median(f"face_distribute/{method}_lean_document_json")))
        if method == "largest_remainder":
            native_input = {"weights": rows_doc, "total": TOTAL,
                            "options": {"method": method, "step": STEP, "tie_break": "order"}}
            native = measure(lambda: _kim.run("distribute", native_input), samples)
            to_rust = convert_in(native_input, samples)
            document = rust_median(f"face_distribute/{method}_document")
            core = rust_median(f"face_distribute/{method}")
            detail += [
                ("distribute", "`kim.distribute(…)`, largest remainder, total", fmt_time(total)),
                ("distribute", "Python layer (weights → rows, `Allocation`)",
                 diff(total, native)),
                ("distribute", "`_kim.run(\"distribute\", …)`", fmt_time(native)),
                ("distribute", "… of which Python → `serde_json::Value` (probe)",
                 fmt_time(to_rust)),
                ("distribute", "… of which the Rust document path (`run_op_typed`)",
                 fmt_time(document)),
                ("distribute", "… … of which `distribute` itself", fmt_time(core)),
                ("distribute", "… of which the result → Python objects, with building the "
                 "explanation (rest)", rest(native, to_rust, document)),
                ("distribute", "… … of which building the explanation in Rust",
                 diff(explained, core)),
                ("distribute", "for comparison: the result → `serde_json::Value` in Rust, "
                 "with the explanation", diff(json_out, document)),
            ]
    return rows


def bench_replay(samples: int, detail: Detail) -> List[Row]:
    doc, path = cases_document()
    n_events = len(doc["events"])
    r = kim.replay_document(doc)
    errors = [v for c in r["cases"] for v in c["violations"] if v["severity"] == "error"]
    assert not r["violations"] and not errors, "the synthetic events replay with errors"
    size = f"{len(r['cases']):,} cases, {n_events:,} events ({path.stat().st_size / 1e6:.1f} MB JSON)"
    del r
    total = measure(lambda: kim.replay_document(doc), samples)
    rust = rust_median("face_replay/core")
    native = measure(lambda: _kim.run("case_replay", doc), samples)
    to_rust = convert_in(doc, samples)
    document = rust_median("face_replay/document")
    json_out = rust_median("face_replay/document_json")
    detail += [
        ("replay", "`kim.replay_document(doc)`, total", fmt_time(total)),
        ("replay", "Python layer (`Record`)", diff(total, native)),
        ("replay", "`_kim.run(\"case_replay\", doc)`", fmt_time(native)),
        ("replay", "… of which Python → `serde_json::Value` (probe)", fmt_time(to_rust)),
        ("replay", "… of which the Rust document path (`run_op_typed`)", fmt_time(document)),
        ("replay", "… … of which `replay_document` itself (core bench)", fmt_time(rust)),
        ("replay", "… … of which the rest: reading the document (copy, typed events), and "
         "a slower replay on them", diff(document, rust)),
        ("replay", "… of which the result → Python objects (rest)",
         rest(native, to_rust, document)),
        ("replay", "for comparison: the result → `serde_json::Value` in Rust",
         diff(json_out, document)),
    ]
    return [("`kim.replay_document(doc)`", size, total, rust, json_out)]


def convert_in(doc: Any, samples: int) -> float:
    """Python → ``serde_json::Value`` conversion of ``doc``, probed through an unknown
    operation: the native module converts the whole input, then the core refuses the
    operation (``KIM-P016``). The cost of raising is measured on ``None`` and subtracted."""

    def probe(value: Any) -> Callable[[], None]:
        def call() -> None:
            try:
                _kim.run("bench-probe", value)
            except kim.KimError:
                pass
        return call

    return max(0.0, measure(probe(doc), samples) - measure(probe(None), samples))


def rest(native: float, to_rust: float, document: Optional[float]) -> Optional[str]:
    return diff(native, to_rust, document)


def diff(a: Optional[float], *minus: Optional[float]) -> Optional[str]:
    """``a`` minus the others, formatted; "≈ 0" when noise makes it negative."""
    if a is None or any(m is None for m in minus):
        return None
    d = a - sum(m for m in minus if m is not None)
    return fmt_time(d) if d > 0 else f"≈ 0 (noise: {fmt_time(-d)} below)"


# ------------------------------------------------------------------------------------------
# import time
# ------------------------------------------------------------------------------------------


def import_time(runs: int) -> Tuple[float, List[float]]:
    """Median cumulative import time of ``kim`` in seconds (``python -X importtime -c "import
    kim"``, a fresh interpreter per run, run from outside the source tree)."""
    pattern = re.compile(r"^import time:\s+\d+\s+\|\s+(\d+)\s+\|\s*kim$", re.M)
    values = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import kim"],
                             capture_output=True, text=True, check=True, cwd=TARGET)
        m = pattern.search(out.stderr)
        assert m, "no import time line for kim"
        values.append(int(m.group(1)) / 1e6)
    return statistics.median(values), values


# ------------------------------------------------------------------------------------------
# main
# ------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer samples (a smoke run)")
    ap.add_argument("--only", choices=("evaluate", "distribute", "replay", "import"),
                    action="append", help="run only these (repeatable)")
    args = ap.parse_args()
    only = set(args.only or ("evaluate", "distribute", "replay", "import"))
    samples = 3 if args.quick else 15
    replay_samples = 3 if args.quick else 7

    print(f"kim {kim.version()} from {Path(kim.__file__).parent}")
    print(f"Python {platform.python_version()} ({platform.python_implementation()}), "
          f"{platform.machine()}, Rust medians from {CRITERION}")
    if rust_median("face_evaluate/core") is None:
        print("(no Rust medians yet: run `cargo bench -p kim-core --bench faces`)")
    print()

    rows: List[Row] = []
    detail: Detail = []
    if "evaluate" in only:
        rows += bench_evaluate(samples, detail)
    if "distribute" in only:
        rows += bench_distribute(samples, detail)
    if "replay" in only:
        rows += bench_replay(replay_samples, detail)

    if rows:
        print("| Operation | Size | Python median | Rust median | Ratio "
              "| Rust median, document path | Ratio |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for op, size, py, rust, doc in rows:
            print(f"| {op} | {size} | {fmt_time(py)} | {fmt_time(rust)} | {fmt_ratio(py, rust)} "
                  f"| {fmt_time(doc)} | {fmt_ratio(py, doc)} |")
        print()
        print("Rust median: the typed API (kim-core's functions on typed inputs). Document path: "
              "`conformance::run_op` on a `serde_json::Value`, the result serialised to a "
              "`serde_json::Value` (what every face does, without Python).")
        print()
        print("Where the Python time goes (medians; \"rest\" = native call − conversion in − "
              "Rust document path):")
        print()
        print("| Operation | Part | Median |")
        print("|---|---|---:|")
        for op, part, t in detail:
            print(f"| {op} | {part} | {t if t is not None else '—'} |")
        print()

    if "import" in only:
        med, values = import_time(10)
        shown = ", ".join(f"{v * 1e3:.1f}" for v in sorted(values))
        print(f"Import time of kim (python -X importtime -c \"import kim\", cumulative, 10 runs): "
              f"median {med * 1e3:.1f} ms (sorted, ms: {shown}); target < 50 ms: "
              f"{'met' if med < 0.050 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
