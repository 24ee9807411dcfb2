"""kim-py/PARITY.md is true: every Python name it lists exists; missing rows are missing."""

from __future__ import annotations

import re
from pathlib import Path

import kim

PARITY = Path(__file__).resolve().parents[1] / "PARITY.md"
CORE = Path(__file__).resolve().parents[2] / "kim-core" / "src"


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in PARITY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            rows.append((cells[0], cells[1], cells[2]))
    return rows


def _resolve(name: str) -> bool:
    obj: object = kim
    for part in name.split(".")[1:]:
        if not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return True


def test_listed_python_names_exist_unless_marked_missing() -> None:
    rows = _rows()
    assert len(rows) >= 15
    for core, python, status in rows:
        names = re.findall(r"`(kim\.[A-Za-z_.]+)`", python)
        for name in names:
            if status.startswith("missing"):
                assert not _resolve(name), f"{name} exists now: update PARITY.md ({core})"
            else:
                assert _resolve(name), f"{name} is listed for {core} but does not exist"
        for method in re.findall(r"`\.([a-z_]+)`", python):
            if not status.startswith("missing"):
                assert hasattr(kim.Plan, method), f"kim.Plan.{method} is listed but missing"


def _core_entry_points() -> set[str]:
    """The core's public functions (lower-case re-exports of lib.rs, the public functions of
    vocab.rs and synthetic.rs) and the operations of conformance::run_op."""
    names: set[str] = set()
    lib = (CORE / "lib.rs").read_text(encoding="utf-8")
    for block in re.findall(r"pub use \w+::\{([^}]*)\}", lib):
        names.update(n.strip() for n in block.split(",") if n.strip()[:1].islower())
    for module in ("vocab", "synthetic"):
        text = (CORE / f"{module}.rs").read_text(encoding="utf-8")
        names.update(f"{module}::{n}" for n in re.findall(r"^pub fn (\w+)", text, re.M))
    ops = (CORE / "conformance.rs").read_text(encoding="utf-8")
    dispatch = ops[ops.index("pub fn run_op_with") :].split("\n}\n", 1)[0]
    names.update(re.findall(r'^ {8}"([a-z_]+)" => \{', dispatch, re.M))
    return names


def test_every_core_entry_point_has_a_row() -> None:
    core_column = " ".join(core for core, _, _ in _rows())
    listed = set(re.findall(r"`([A-Za-z_:]+)`", core_column))
    listed |= {n.split("::")[-1] for n in listed}
    missing = sorted(n for n in _core_entry_points() if n not in listed)
    assert len(_core_entry_points()) >= 15
    assert not missing, f"core entry points without a row in PARITY.md: {missing}"
