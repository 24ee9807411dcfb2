"""The JSON Schema files of docs/schema/ (generated from the Rust types, kim_core::schema) against
the documents of the repository: every example and frozen document, every vector file, and the
plans, case data and events inside the vector inputs validate; kim's own results validate
against the result schemas; and documents that kim refuses for their shape (an unknown or
missing field, a wrong type, an unknown code) are refused by the schema too."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "docs" / "schema"


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _def(name: str, definition: str) -> Draft202012Validator:
    """A validator for one definition of a document's schema (`CaseEvent` of kim.cases.v1)."""
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    sub = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return Draft202012Validator(sub, format_checker=Draft202012Validator.FORMAT_CHECKER)


PLAN, CASES = _validator("kim.plan.v1"), _validator("kim.cases.v1")
EVALUATION, TRACE = _validator("kim.evaluation.v1"), _validator("kim.trace.v1")
REPORT, VECTORS = _validator("kim.report.v1"), _validator("kim.vectors.v1")
EVENT = _def("kim.cases.v1", "CaseEvent")


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _problems(validator: Draft202012Validator, doc: Any) -> List[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)][:3]


def test_every_schema_file_is_a_valid_draft_2020_12_schema() -> None:
    names = sorted(p.name for p in SCHEMAS.glob("*.schema.json"))
    assert names == [f"kim.{n}.v1.schema.json" for n in ("cases", "evaluation", "plan", "report", "trace", "vectors")]


@pytest.mark.parametrize(
    "path,validator",
    [(p, PLAN) for p in sorted((ROOT / "tests" / "compat" / "plan.v1").glob("*.json")) if p.name.count(".") == 1]
    + [(p, EVALUATION) for p in sorted((ROOT / "tests" / "compat" / "plan.v1").glob("*.evaluation.json"))]
    + [(p, CASES) for p in sorted((ROOT / "tests" / "compat" / "cases.v1").glob("*.json")) if p.name.count(".") == 1]
    + [(p, REPORT) for p in sorted((ROOT / "tests" / "compat" / "cases.v1").glob("*.report.json"))]
    + [(ROOT / "tests" / "compat" / "trace.v1" / "heinsberg-2023.json", TRACE)]
    + [(ROOT / "kim-core" / "data" / "examples" / "heinsberg-2023.json", PLAN)]
    + [(ROOT / "kim-core" / "data" / "examples" / "cases-heinsberg-2023.json", CASES)],
    ids=lambda v: v.name if isinstance(v, Path) else "",
)
def test_the_repository_documents_validate(path: Path, validator: Draft202012Validator) -> None:
    assert _problems(validator, _load(path)) == []


def _vector_cases() -> Iterator[Tuple[str, Dict[str, Any]]]:
    for f in sorted((ROOT / "tests" / "vectors").rglob("*.json")):
        for case in _load(f)["cases"]:
            yield f"{f.parent.name}/{f.stem}: {case['name']}", case


def test_every_vector_file_validates() -> None:
    files = sorted((ROOT / "tests" / "vectors").rglob("*.json"))
    assert len(files) >= 30
    bad = {str(f.relative_to(ROOT)): _problems(VECTORS, _load(f)) for f in files}
    assert {k: v for k, v in bad.items() if v} == {}


def _documents_in(case: Dict[str, Any]) -> Iterator[Tuple[str, Draft202012Validator, Any]]:
    """The plans, case documents and events in a vector's input."""
    inp = case["input"]
    if not isinstance(inp, dict):
        return
    if case["op"] in ("evaluate_plan", "validate_plan", "report") and "plan" in inp:
        yield "plan", PLAN, inp["plan"]
    if case["op"] == "report" and "cases" in inp:
        yield "cases", CASES, inp["cases"]
    if case["op"] == "case_replay":
        if "schema_version" in inp:
            yield "cases", CASES, inp
        elif isinstance(inp.get("events"), list):
            for i, event in enumerate(inp["events"]):
                yield f"events[{i}]", EVENT, event


def test_documents_in_accepted_vector_inputs_validate() -> None:
    checked, failures = 0, []
    for name, case in _vector_cases():
        if "expect_error" in case or "$special" in json.dumps(case["input"]):
            continue
        for where, validator, doc in _documents_in(case):
            checked += 1
            problems = _problems(validator, doc)
            if problems:
                failures.append(f"{name} ({where}): {problems}")
    assert checked >= 150
    assert failures == []


# codes for a document's shape, which a schema can see too
SHAPE = {"KIM-P008", "KIM-P009", "KIM-P010", "KIM-P011", "KIM-P012"}


def test_documents_kim_refuses_for_their_shape_are_refused_by_the_schema() -> None:
    refused, missed = 0, []
    for name, case in _vector_cases():
        err = case.get("expect_error") or {}
        if err.get("code") not in SHAPE or "$special" in json.dumps(case["input"]):
            continue
        path = err.get("path", "")
        for where, validator, doc in _documents_in(case):
            # the document the error is about (the path starts with its place in the input)
            if not (path == where or path.startswith((where + ".", where + "["))):
                continue
            if validator.is_valid(doc):
                missed.append(f"{name}: {err['code']} at {path}")
            else:
                refused += 1
    assert refused >= 10
    assert missed == []


def _cli_json(*args: str) -> Any:
    out = subprocess.run([sys.executable, "-m", "kim", *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_kims_own_results_validate() -> None:
    example = str(ROOT / "kim-core" / "data" / "examples" / "heinsberg-2023.json")
    evaluation = _cli_json("plan", example, "--json")
    assert _problems(EVALUATION, evaluation) == []
    assert _problems(TRACE, evaluation["trace"]) == []
    report = _cli_json("report", example, "--json")
    assert _problems(REPORT, report) == []


def test_the_schema_is_strict_where_kim_is() -> None:
    plan = _load(ROOT / "kim-core" / "data" / "examples" / "heinsberg-2023.json")
    assert PLAN.is_valid(plan)
    assert not PLAN.is_valid(dict(plan, colour="blue"))  # unknown field: KIM-P008
    assert not PLAN.is_valid(dict(plan, schema_version="kim.plan.v2"))  # KIM-P012
    assert not PLAN.is_valid(dict(plan, year="2023"))  # wrong type: KIM-P010
    post = dict(plan["funded"][0], fte=1.5)  # a float: kim says KIM-P004
    assert not PLAN.is_valid(dict(plan, funded=[post]))
    assert PLAN.is_valid(dict(plan, funded=[dict(post, fte=2)]))  # a whole number is a decimal
