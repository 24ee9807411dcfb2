"""Smoke test against the installed wheel (run from outside the source tree by `make py-wheel`):
catches packaging mistakes such as a missing stub or py.typed."""

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import kim

pkg = Path(kim.__file__).parent
assert "site-packages" in str(pkg), f"not the installed wheel: {pkg}"
for name in ("_kim.pyi", "py.typed", "__main__.py", "_errors.py", "_records.py", "_enums.py", "_html.py"):
    assert (pkg / name).exists(), f"{name} missing from the wheel"
total = kim.evaluate(kim.Plan.example()).grant.total
assert isinstance(total, Decimal) and total == Decimal("1020000.00"), total
assert kim.Method.SAINTE_LAGUE.label_de == "Sainte-Laguë/Schepers"
assert "Landesmittel" in kim.evaluate(kim.Plan.example())._repr_html_()
out = subprocess.run([sys.executable, "-m", "kim", "cases", "--mermaid"], capture_output=True, text=True)
assert out.returncode == 0 and out.stdout.startswith("stateDiagram-v2"), out.stderr
print(f"wheel smoke test passed: kim {kim.version()} from {pkg}")
