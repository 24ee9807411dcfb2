"""kim-py/PARITY.md is true: every Python name it lists exists; missing rows are missing."""

from __future__ import annotations

import re
from pathlib import Path

import kim

PARITY = Path(__file__).resolve().parents[1] / "PARITY.md"


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
