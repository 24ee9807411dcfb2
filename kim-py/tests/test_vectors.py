"""The shared conformance vectors (tests/vectors/**.json) through kim's public Python API.

Comparison rules as in every face (kim_core::conformance): ``expect`` is a subset (an expected
``null`` also matches an absent key), arrays match element by element, and numbers compare as
decimals: an expected ``"82500.00"`` equals ``Decimal("82500")``. Dates compare by ISO text.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal, InvalidOperation
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest

import kim

ROOT = Path(__file__).resolve().parents[2] / "tests" / "vectors"


def _all_cases() -> List[Tuple[str, Dict[str, Any]]]:
    out = []
    for path in sorted(ROOT.rglob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["schema"] == "kim.vectors.v1"
        for case in doc["cases"]:
            out.append((f"{path.relative_to(ROOT)}::{case['name']}", case))
    return out


ALL_CASES = _all_cases()
# a case names its faces only for an input another face cannot express (kim_core::conformance)
CASES = [(n, c) for n, c in ALL_CASES if "python" in c.get("faces", ["python"])]


class _Object:
    """An arbitrary Python object (not part of any document)."""


# special values of the vectors (kim_core::conformance::expand_specials): the shared ones and
# Python's own
_PY_SPECIALS: Dict[str, Callable[[], Any]] = {
    "nan": lambda: float("nan"),
    "infinity": lambda: float("inf"),
    "-infinity": lambda: float("-inf"),
    "py:bytes": lambda: b"1",
    "py:set": lambda: {1},
    "py:decimal-nan": lambda: Decimal("NaN"),
    "py:int-key-dict": lambda: {1: "x"},
    "py:object": _Object,
}


def _expand(v: Any) -> Any:
    if isinstance(v, list):
        return [_expand(x) for x in v]
    if not isinstance(v, dict):
        return v
    kind = v.get("$special")
    if kind is None:
        return {k: _expand(x) for k, x in v.items()}
    if kind == "string":
        return str(v.get("repeat", "x")) * int(v["count"])
    if kind == "nested":
        obj = v.get("kind") == "object"
        out: Any = {} if obj else []
        for _ in range(int(v["depth"]) - 1):
            out = {"a": out} if obj else [out]
        return out
    return _PY_SPECIALS[kind]()


def _decimal(text: str) -> Any:
    if not text or not all(c.isdigit() or c in ".-" for c in text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _match(expected: Any, actual: Any, path: str = "") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, Mapping), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            p = f"{path}.{key}" if path else key
            if key not in actual:
                assert value is None, f"{p}: missing (expected {value!r})"
                continue
            _match(value, actual[key], p)
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: expected a list, got {actual!r}"
        assert len(expected) == len(actual), f"{path}: {len(actual)} elements, expected {len(expected)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            _match(e, a, f"{path}[{i}]")
    elif isinstance(actual, Decimal) and isinstance(expected, (str, int)) and not isinstance(expected, bool):
        want = _decimal(str(expected))
        assert want is not None and want == actual, f"{path}: {actual!r} != {expected!r}"
    elif isinstance(actual, datetime.date):
        assert actual.isoformat() == expected, f"{path}: {actual.isoformat()} != {expected!r}"
    elif isinstance(expected, str) and isinstance(actual, str) and _decimal(expected) is not None and _decimal(actual) is not None:
        assert _decimal(expected) == _decimal(actual), f"{path}: {actual!r} != {expected!r}"
    else:
        assert expected == actual, f"{path}: {actual!r} != {expected!r}"


def _call(op: str, i: Dict[str, Any]) -> Any:
    """The public API function for each vector operation."""
    ops: Dict[str, Callable[[], Any]] = {
        "parse": lambda: _parse(i),
        "grant": lambda: kim.grant(i["posts"], i["options"], i.get("overrides")),
        "forward": lambda: kim.forward(i["forwarding"], i["options"]),
        "distribute": lambda: kim.distribute(i).to_dict(),
        "evaluate_plan": lambda: kim.evaluate(kim.Plan.from_dict(i["plan"]), i.get("options"), i.get("overrides")).to_dict(),
        "validate_plan": lambda: {"violations": kim.validate(i["plan"])},
        "case_replay": lambda: kim.replay_document(i) if "schema_version" in i else kim.replay(i["events"], i.get("config")),
        "report": lambda: kim.report(i["period"], i.get("plan"), i.get("cases")),
        "synthetic": lambda: _synthetic(i),
        "distribute_many": lambda: [a.to_dict() for a in kim.distribute_many(i["inputs"])],
        "replay_many": lambda: [r.to_dict() for r in kim.replay_many(i["events"], i.get("config"))],
    }
    if op not in ops:
        # an operation without a Python function: the native layer reports it (KIM-P016)
        return dict(kim._kim.run(op, i))
    return ops[op]()


def _face_path(op: str, path: str) -> str:
    """A vector's error path as the Python face gives it: a batch function takes the list
    itself, so an item's path starts with its index (`inputs[1].weights` → `[1].weights`)."""
    for op_name, field in (("distribute_many", "inputs"), ("replay_many", "events")):
        if op == op_name and path.startswith(field + "["):
            return path[len(field):]
    return path


def _synthetic(i: Dict[str, Any]) -> Dict[str, Any]:
    if set(i) - {"seed", "year", "cases", "consultations", "kommunen", "state"}:
        # keywords cannot carry an unknown field: the document goes to the native layer
        return dict(kim._kim.run("synthetic", i))
    return kim.synthetic_cases(**i)


def _parse(i: Dict[str, Any]) -> Dict[str, Any]:
    extra = set(i) - {"type", "text", "locale"}
    if extra or i.get("type") not in ("euro", "fte"):
        # unknown fields and types are document errors: the native layer reports them
        return dict(kim._kim.run("parse", i))
    if i["type"] == "euro":
        v = kim.parse_euro(i["text"], i.get("locale"))
        return {"value": v, "de": kim.format_euro(v, "de"), "en": kim.format_euro(v, "en")}
    v = kim.parse_fte(i["text"], i.get("locale"))
    return {"value": v, "de": kim.format_fte(v, "de"), "en": kim.format_fte(v, "en")}


@pytest.mark.parametrize("name,case", CASES, ids=[c[0] for c in CASES])
def test_vector(name: str, case: Dict[str, Any]) -> None:
    if "expect_error" in case:
        want = case["expect_error"]
        with pytest.raises(kim.KimError) as info:
            _call(case["op"], _expand(case["input"]))
        assert info.value.code == want["code"], info.value.errors()
        if "path" in want:
            assert info.value.path == _face_path(case["op"], want["path"]), info.value.errors()
    else:
        _match(case["expect"], _call(case["op"], _expand(case["input"])))


def test_every_vector_file_is_run() -> None:
    assert len(CASES) >= 389
    # every case is run here unless it names its faces without Python
    left_out = [n for n, c in ALL_CASES if (n, c) not in CASES]
    assert all("python" not in c["faces"] for n, c in ALL_CASES if n in left_out)
    assert len(CASES) + len(left_out) == len(ALL_CASES)
