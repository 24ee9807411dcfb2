"""kim's Python face: exact types in and out, exceptions, pickling, plans with case files."""

from __future__ import annotations

import datetime
import json
import pickle
from decimal import Decimal
from pathlib import Path

import pytest

import kim

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "kim-core" / "data" / "examples" / "heinsberg-2023.json"
CASES = ROOT / "kim-core" / "data" / "examples" / "cases-heinsberg-2023.json"

DRK = {
    "id": "drk",
    "kind": "case_manager",
    "fte": "1.5",
    "from": {"kind": "kreis", "name": "Kreis Heinsberg"},
    "to": {"kind": "traeger", "name": "DRK"},
    "basis": {"actual_cost_capped": {"cap_per_fte": Decimal("55000")}},
    "actual_cost": 90000,
    "top_up_per_fte": "5000",
}


def test_amounts_are_decimals_and_dates_are_dates() -> None:
    r = kim.forward(DRK, {"year": 2023})
    assert r["reimbursed"] == Decimal("82500.00") and type(r["reimbursed"]) is Decimal
    assert str(r["top_up"]) == "7500.00"
    assert r["period"]["from"] == datetime.date(2023, 1, 1)
    assert kim.parse_fte("1,5", "de") == Decimal("1.5")
    assert kim.format_euro(Decimal("82500"), "de") == "82.500,00 €"


def test_a_float_is_a_type_error_with_code_and_path() -> None:
    with pytest.raises(TypeError, match="Decimal") as info:
        kim.distribute({"weights": [{"unit": "A", "value": 1.5}], "total": "1"})
    assert isinstance(info.value, kim.KimError)
    assert isinstance(info.value, kim.FloatError)
    assert info.value.code == "KIM-P004" and info.value.path == "weights[0].value"


def test_validation_errors_are_value_errors_with_every_problem() -> None:
    bad = dict(DRK, fte="-1", top_up_per_fte="-5")
    with pytest.raises(ValueError) as info:
        kim.forward(bad, {"year": 2023})
    e = info.value
    assert isinstance(e, kim.ValidationError)
    errors = e.errors()
    assert e.error_count() == len(errors) >= 2
    assert {x["path"] for x in errors} >= {"forwarding.fte", "forwarding.top_up_per_fte"}
    first = errors[0]
    assert set(first) == {"code", "path", "severity", "message", "message_de", "params"}
    assert first["code"].startswith("KIM-") and first["message_de"]
    assert "KIM-" in str(e)


def test_exceptions_pickle_and_keep_their_errors() -> None:
    with pytest.raises(kim.AllocationError) as info:
        kim.distribute({"weights": [{"unit": "A", "value": "0"}], "total": "1"})
    back = pickle.loads(pickle.dumps(info.value))
    assert type(back) is kim.AllocationError
    assert back.errors() == info.value.errors()
    assert back.code == "KIM-A004"


def test_plan_load_resolves_a_cases_file_and_reports(tmp_path: Path) -> None:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["cases_file"] = "cases.json"
    (tmp_path / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "cases.json").write_text(CASES.read_text(encoding="utf-8"), encoding="utf-8")
    plan = kim.Plan.load(tmp_path / "plan.json")
    assert "cases" in plan.to_dict() and "cases_file" not in plan.to_dict()
    assert [v for v in plan.validate() if v["severity"] == "error"] == []
    r = kim.report("2023-Q2", plan)
    assert r["period"]["to"] == datetime.date(2023, 6, 30)
    assert r["money"]["totals"]["forwarded"] == Decimal("152500.00")
    assert all(isinstance(row["cases"], (int, str)) for row in r["cases_by_topic"])
    ev = plan.evaluate()
    assert ev["totals"]["forwarded"] == Decimal("152500.00")
    assert kim.Plan.from_json(plan.to_json()).to_dict() == json.loads(plan.to_json())


def test_json_floats_in_a_plan_are_refused() -> None:
    with pytest.raises(kim.FloatError) as info:
        kim.Plan.from_json('{"year": 2023, "funded": [{"fte": 1.5}]}')
    assert info.value.code == "KIM-P004"


def test_case_lifecycle_and_replay() -> None:
    rows = kim.transition_table()
    assert any(r.get("from") == "klaerung" and r["event"] == "admit" for r in rows)
    events = [
        {"id": "e1", "case": "c-1", "event": "open", "kommune": "Erkelenz",
         "effective": datetime.date(2023, 3, 1), "recorded": datetime.datetime(2023, 3, 1, 9), "actor": "s-1"},
        {"id": "e2", "case": "c-1", "event": "admit",
         "effective": "2023-03-02", "recorded": "2023-03-02T09:00:00", "actor": "s-1"},
    ]
    r = kim.replay(events)
    assert r["final_state"] == "klaerung"
    assert [(v["index"], v["code"]) for v in r["violations"]] == [(1, "KIM-C003")]


@pytest.mark.parametrize(
    "recorded",
    [
        "2023-03-01 09:00:00",  # a space, not T
        "2023-03-01T09:00",  # no seconds
        datetime.datetime(2023, 3, 1, 9, tzinfo=datetime.timezone.utc),  # a zone: "+00:00"
    ],
)
def test_a_recorded_time_that_is_not_local_iso_is_kim_p017(recorded: object) -> None:
    event = {"id": "e1", "case": "c-1", "event": "open", "effective": "2023-03-01",
             "recorded": recorded, "actor": "s-1"}
    with pytest.raises(kim.KimError) as info:
        kim.replay([event])
    assert info.value.code == "KIM-P017"
    assert info.value.errors()[0]["path"] == "events[0].recorded"


@pytest.mark.parametrize(
    "hostile",
    [
        None, [], "x", 10**40, {"weights": [{"unit": "A", "value": 10**40}], "total": "1"},
        {"weights": [{"unit": "A", "value": Decimal("NaN")}], "total": "1"},
        {"weights": [{"unit": "A", "value": object()}], "total": "1"},
        {1: 2}, {"weights": [[[[[]]]]]},
    ],
)
def test_hostile_input_gives_a_python_exception_never_a_crash(hostile: object) -> None:
    with pytest.raises((kim.KimError, TypeError)):
        kim.distribute(hostile)  # type: ignore[arg-type]


def test_readme_python_example_runs() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(block, "README.md", "exec"), {})


def test_params_rate_with_source_and_what_if() -> None:
    p = kim.Params.default()
    r = p.rate("case_manager", datetime.date(2023, 6, 1))
    assert isinstance(r["value"], Decimal) and r["status"] in ("stated", "derived", "assumed")
    assert r["source"]
    with pytest.raises(kim.ParamsError) as info:
        p.rate("case_manager", datetime.date(2031, 1, 1))
    assert info.value.code == "KIM-R001"
    assert p.rate("case_manager", "2031-01-01", lenient=True)["status"] == "assumed"
    plan = kim.Plan.load(EXAMPLE)
    base = kim.evaluate(plan)["totals"]["land_money"]
    more = p.with_override("case_manager", datetime.date(2023, 1, 1), None, Decimal("60000"))
    assert kim.evaluate(plan, params=more)["totals"]["land_money"] > base
    assert "rates" in p.to_dict() or p.to_dict()


def test_results_are_read_only_records_that_explain_themselves() -> None:
    ev = kim.evaluate(kim.Plan.example())
    assert ev.grant.total == ev["grant"]["total"] and type(ev.grant.total) is Decimal
    with pytest.raises(AttributeError):
        ev.grant = None  # type: ignore[misc]
    assert "Evaluation(" in repr(ev) and len(repr(ev)) < 200
    text = ev.explain("en")
    assert "€" in text or "EUR" in text
    assert ev.trace()["schema"] == "kim.trace.v1"
    assert isinstance(ev.to_dict()["grant"], dict)
    r = kim.forward(DRK, {"year": 2023})
    assert "55" in r.explain("de")
    d = kim.distribute({"weights": [{"unit": "A", "value": 3}, {"unit": "B", "value": 1}],
                        "total": Decimal("2.5"), "options": {"minimum": "0.5"}})
    assert sum(s.fte for s in d.shares) == Decimal("2.5") == d.sum
    assert d["A"] == Decimal("2") and "A" in d.explain("en")


def test_distribute_with_keywords_is_a_mapping_of_shares() -> None:
    a = kim.distribute({"Erkelenz": 43000, "Hückelhoven": 40000, "Wassenberg": 18000},
                       total=Decimal("2.5"), step=Decimal("0.5"), minimum=Decimal("0.5"),
                       method="largest_remainder")
    assert list(a) == ["Erkelenz", "Hückelhoven", "Wassenberg"]
    assert all(type(v) is Decimal for v in a.values())
    assert sum(a.values()) == Decimal("2.5")
    assert a.allocation.method == "largest_remainder"
    assert "Allocation({" in repr(a)
    with pytest.raises(kim.AllocationError) as info:
        kim.distribute({"A": 1, "B": 1}, total=Decimal("0.5"))  # a tie decides: error by default
    assert info.value.code == "KIM-A008"
    lot = kim.distribute({"A": 1, "B": 1}, total=Decimal("0.5"), tie_break={"lot": {"seed": 42}})
    assert sorted(lot.values()) == [Decimal("0"), Decimal("0.5")]


def test_python_dash_m_kim_runs_the_cli(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "kim", "plan", "--lang", "en"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "Heinsberg" in out.stdout
    bad = subprocess.run([sys.executable, "-m", "kim", "report", str(EXAMPLE), "--period", "2023-Q9"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "KIM-C025" in bad.stderr


def test_a_case_applied_event_by_event_matches_the_replay() -> None:
    case = kim.Case("c-1")
    assert case.state is None
    assert [r["event"] for r in case.next_steps()] == ["open"]
    events = [
        {"id": "e1", "case": "c-1", "event": "open", "kommune": "Wegberg",
         "effective": datetime.date(2023, 3, 1), "recorded": "2023-03-01T09:00:00", "actor": "s-1"},
        {"id": "e2", "case": "c-1", "event": "consent", "purpose": "fallmanagement",
         "effective": "2023-03-02", "recorded": "2023-03-02T09:00:00", "actor": "s-1"},
        {"id": "e3", "case": "c-1", "event": "admit",
         "effective": "2023-03-02", "recorded": "2023-03-02T09:05:00", "actor": "s-1"},
    ]
    for e in events:
        assert case.apply(e) == []
    assert case.state == "aufgenommen"
    with pytest.raises(kim.CaseError) as info:
        case.apply(dict(events[2], id="e4", recorded="2023-03-03T09:00:00", event="plan"))
    assert info.value.code == "KIM-C002" and case.state == "aufgenommen"
    assert case.record() == kim.replay(events).record
    assert "start_assessment" in [r["event"] for r in case.next_steps()]
    assert repr(case) == "Case(\"c-1\", state=aufgenommen)"


def test_tables_as_records_and_pandas_optional() -> None:
    doc = json.loads(CASES.read_text(encoding="utf-8"))
    r = kim.report("2023-Q2", cases=doc)
    assert "consultations" in r.tables() and "notes" not in r.tables()
    rows = r.to_records("case_flow")
    assert rows[0]["quarter"] == "2023-Q2" and isinstance(rows[0], dict)
    with pytest.raises(KeyError, match="the tables are"):
        r.to_records("nope")
    a = kim.distribute({"A": 3, "B": 1}, total=Decimal("2"))
    recs = a.to_records()
    assert [x["unit"] for x in recs] == ["A", "B"] and recs[0]["quota"] == Decimal("1.5")
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pip install pandas"):
            a.to_pandas()
    else:
        frame = a.to_pandas()
        assert isinstance(frame["fte"][0], Decimal)
