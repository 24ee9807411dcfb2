"""The examples: each script in kim-py/examples runs from the repository root and prints what it
says; the 10-minute tour of docs/python.md runs as one session; the example notebook is committed
without outputs (nbmake executes it, see docs/python.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "kim-py" / "examples"
NOTEBOOK = EXAMPLES / "kreis-heinsberg-2023.ipynb"
DOCS = ROOT / "docs" / "python.md"


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )


@pytest.mark.parametrize(
    ("script", "args", "expected"),
    [
        ("what_if_rate.py", [], ["1.020.000,00 €", "1.056.000,00 €", "difference = Decimal('36000.00')"]),
        ("what_if_rate.py", ["--rate", "58.500,00"], ["difference = Decimal('18000.00')"]),
        ("distribute_kreis.py", [], ["Heinsberg (05370)", "Übach-Palenberg", "both methods give the same shares",
                                     "Zensus 2022 (Tabelle 1000A-0000)"]),
        ("distribute_kreis.py", ["--kreis", "05382", "--total", "17"],
         ["Rhein-Sieg-Kreis (05382)", "the two methods differ for: Bad Honnef, Siegburg"]),
        ("case_report.py", [], ["2023-12", "exact count in the synthetic data: ", "2023-Q4"]),
    ],
)
def test_example_script_runs(script: str, args: List[str], expected: List[str]) -> None:
    done = run(script, *args)
    assert done.returncode == 0, done.stderr
    for text in expected:
        assert text in done.stdout, (text, done.stdout)


def test_every_example_script_is_tested() -> None:
    tested = {"what_if_rate.py", "distribute_kreis.py", "case_report.py"}
    assert {p.name for p in EXAMPLES.glob("*.py")} == tested


def test_a_bad_argument_is_a_usage_error() -> None:
    done = run("what_if_rate.py", "--rate", "lots")
    assert done.returncode == 2 and "invalid euro value" in done.stderr


def test_notebook_is_committed_without_outputs() -> None:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4 and nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, "the notebook has no code cells"
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None, cell["source"][:1]


def tour_blocks() -> List[str]:
    text = DOCS.read_text(encoding="utf-8")
    tour = text.split("## A 10-minute tour", 1)[1].split("\n## ", 1)[0]
    return [b.split("```", 1)[0] for b in tour.split("```python\n")[1:]]


def test_the_tour_in_the_docs_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("matplotlib")  # step 5 draws a chart; kim itself does not need it
    # the tour runs in the repository root; here in a scratch folder that links the data, so
    # that its chart (staffing.png) is not written into the tree
    (tmp_path / "kim-core").symlink_to(ROOT / "kim-core", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    blocks = tour_blocks()
    assert len(blocks) == 6
    session: Dict[str, Any] = {}
    for number, block in enumerate(blocks, 1):
        exec(compile(block, f"{DOCS}, tour block {number}", "exec"), session)
    assert session["what_if"].grant.total - session["ev"].grant.total == Decimal("36000.00")
    assert (tmp_path / "staffing.png").stat().st_size > 0
