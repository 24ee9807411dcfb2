"""Evaluation tables, notebook display (_repr_html_), synthetic data, pickling of results."""

from __future__ import annotations

import copy
import datetime
import pickle
from decimal import Decimal

import pytest

import kim


@pytest.fixture(scope="module")
def ev() -> kim.Evaluation:
    return kim.evaluate(kim.Plan.example())


def test_evaluation_tables_are_flat_and_exact(ev: kim.Evaluation) -> None:
    assert ev.tables() == ["grant", "by_baustein", "forwardings", "staffing", "own_share",
                           "top_ups", "distribution", "violations"]
    grant = ev.to_records("grant")
    assert sum(r["amount"] for r in grant) == ev.grant.total == Decimal("1020000.00")
    assert all(isinstance(r["period_from"], datetime.date) for r in grant)
    staffing = ev.to_records("staffing")
    assert {r["employer"] for r in staffing} >= {"Kreis Heinsberg", "DRK Kreisverband Heinsberg"}
    assert all(r["funded"] - r["filled"] == r["vacancy"] for r in staffing)
    fw = ev.to_records("forwardings")
    assert [r["recipient"] for r in fw][0] == "DRK Kreisverband Heinsberg"
    assert fw[0]["reimbursed"] == Decimal("82500.00") and fw[0]["top_up"] == Decimal("7500.00")
    dist = ev.to_records("distribution")
    assert sum(r["fte"] for r in dist) == Decimal("9")
    assert {r["severity"] for r in ev.to_records("violations")} <= {"error", "warning", "info"}
    # rows are copies: changing one does not change the result
    grant[0]["amount"] = Decimal("0")
    assert ev.to_records("grant")[0]["amount"] != Decimal("0")
    with pytest.raises(KeyError, match="the tables are grant"):
        ev.to_records("nope")


def test_rich_fields(ev: kim.Evaluation) -> None:
    assert isinstance(ev.grant, kim.Grant) and isinstance(ev["grant"], kim.Grant)
    assert isinstance(ev.distribution, kim.Allocation)
    assert "Beitrag" not in ev.grant.explain("de")[:0]  # explain works on the nested grant
    assert ev.grant.explain("en").startswith("Land grant")


def test_html_for_notebooks(ev: kim.Evaluation) -> None:
    html = ev._repr_html_()
    assert "<table" in html and "Landesmittel" in html and "1.020.000,00 €" in html
    assert "DRK Kreisverband Heinsberg" in html and "Eigenanteil" in html
    assert "KIM-R004" in html  # notes listed
    bad = kim.evaluate({**kim.Plan.example().to_dict(), "funded": [
        {"kind": "case_manager", "fte": "1.75", "period": {"from": "2023-01-01", "to": "2023-12-31"}}]},
        {"mode": "lenient"})
    red = bad._repr_html_()
    assert "color:#b00020" in red, "errors are shown in red"
    assert "Hare-Niemeyer" in ev.distribution._repr_html_()
    assert "Landesförderung" in ev.grant._repr_html_()
    report = kim.report("2023", cases=kim.synthetic_cases(cases=40, consultations=120))
    assert "<table" in report._repr_html_()
    # text is escaped
    plan = kim.Plan.example().to_dict()
    plan["forwardings"][0]["to"]["name"] = "<script>x</script>"
    assert "<script>" not in kim.evaluate(plan)._repr_html_()


def test_results_pickle_and_copy(ev: kim.Evaluation) -> None:
    again = pickle.loads(pickle.dumps(ev))
    assert isinstance(again, kim.Evaluation) and again == ev
    assert again.explain() == ev.explain()
    assert copy.deepcopy(ev.totals) == ev.totals
    alloc = pickle.loads(pickle.dumps(ev.distribution))
    assert dict(alloc) == dict(ev.distribution)


def test_synthetic_cases_are_seeded_and_replay() -> None:
    a = kim.synthetic_cases(seed=5, cases=30, consultations=90)
    assert a == kim.synthetic_cases(seed=5, cases=30, consultations=90)
    assert a != kim.synthetic_cases(seed=6, cases=30, consultations=90)
    assert a["schema_version"] == "kim.cases.v1" and len(a["consultations"]) == 90
    own = kim.synthetic_cases(cases=5, consultations=10, kommunen={"Musterstadt": 1, "Beispielort": 3})
    assert {c["kommune"] for c in own["consultations"]} <= {"Musterstadt", "Beispielort"}
    replayed = kim.replay_document(a)
    assert len(replayed["cases"]) == 30
    with pytest.raises(kim.ValidationError) as info:
        kim.synthetic_cases(cases=10**6)
    assert info.value.code == "KIM-P005" and info.value.path == "cases"


def test_native_decimals_are_never_taken_for_german_grouping() -> None:
    # Decimal("1.500") is one and a half, not 1500: the binding writes it unambiguously
    assert kim.format_euro(Decimal("1.500")) == "1,50 €"
    assert kim.format_fte(Decimal("1.884")) == "1,884"
    assert kim.format_euro(Decimal("1E+3")) == "1.000,00 €"
    a = kim.distribute({"A": Decimal("1.500"), "B": Decimal("0.500")}, total=Decimal("2.000"), step=Decimal("0.500"))
    assert dict(a) == {"A": Decimal("1.5"), "B": Decimal("0.5")}
    # text stays the user's text: "1.500" in a str is still refused as ambiguous
    with pytest.raises(kim.KimError) as info:
        kim.parse_euro("1.500")
    assert info.value.code == "KIM-P003"


def test_lazy_evaluation_equals_the_document_operation() -> None:
    # kim.evaluate keeps the plan and the result native; its fields convert when read and
    # equal what the document operation returns in one piece
    plan = kim.Plan.example()
    ev = kim.evaluate(plan, {"mode": "lenient"})
    eager = kim._kim.run("evaluate_plan", {"plan": plan.to_dict(), "options": {"mode": "lenient"}})
    assert list(ev) == list(eager)
    assert ev.to_dict() == eager
    assert kim.Plan.from_dict(plan.to_dict()).evaluate().to_dict() == kim.evaluate(plan).to_dict()
    # the plan is read once: a bad document fails when first evaluated, with the path under "plan"
    bad = kim.Plan.from_dict({**plan.to_dict(), "year": "zweitausend"})
    for _ in range(2):
        with pytest.raises(kim.ValidationError) as info:
            bad.evaluate()
        assert info.value.path == "plan.year"
    with pytest.raises(kim.FloatError) as fl:
        kim.evaluate({**plan.to_dict(), "year": 2023.0})
    assert fl.value.path == "plan.year"
    with pytest.raises(kim.ValidationError) as opt:
        plan.evaluate({"mode": "sloppy"})
    assert opt.value.path == "options.mode"
