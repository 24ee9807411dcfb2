"""kim's code lists as Python enums: generated from the core, fresh, labelled, usable as input."""

from __future__ import annotations

import importlib.util
import pickle
from decimal import Decimal
from pathlib import Path

import pytest

import kim
from kim import _kim

TOOLS = Path(__file__).resolve().parents[1] / "tools" / "gen_enums.py"


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_enums", TOOLS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_file_is_fresh() -> None:
    gen = _generator()
    expected = gen.generate(_kim.vocabulary())
    actual = gen.TARGET.read_text(encoding="utf-8")
    assert actual == expected, "kim/_enums.py is stale: run `make py-enums`"


def test_every_core_vocabulary_is_an_enum_with_the_core_labels() -> None:
    vocabularies = _kim.vocabulary()["vocabularies"]
    assert len(vocabularies) >= 20
    for v in vocabularies:
        cls = getattr(kim, v["class"])
        assert [str(m.value) for m in cls] == [e["code"] for e in v["values"]], v["class"]
        for entry in v["values"]:
            member = cls(int(entry["code"])) if cls is kim.Baustein else cls(entry["code"])
            assert member.label_de == entry["label_de"]
            assert member.label_en == entry["label_en"]


def test_members_are_codes() -> None:
    assert kim.Method.SAINTE_LAGUE == "sainte_lague"
    assert str(kim.Method.SAINTE_LAGUE) == "sainte_lague"
    assert kim.Method("dhondt") is kim.Method.DHONDT
    assert kim.Method.SAINTE_LAGUE.label_de == "Sainte-Laguë/Schepers"
    assert kim.CaseState.KLAERUNG.label_de == "Klärung / Folgeberatungen"
    assert kim.Baustein.CASE_MANAGEMENT == 2
    assert kim.Baustein(3).label_de.startswith("Baustein 3")
    assert kim.Rechtskreis.SGB_II == "SGB_II"
    assert kim.Rechtskreis.ASYLBLG == "AsylbLG"
    assert kim.TERMS["own_share"] == ("Eigenanteil", "Own share")
    assert pickle.loads(pickle.dumps(kim.Severity.ERROR)) is kim.Severity.ERROR
    with pytest.raises(ValueError):
        kim.Method("hare")


def test_enums_are_accepted_as_input_and_read_back_from_results() -> None:
    a = kim.distribute({"A": 3, "B": 1}, total=Decimal("2"), step=Decimal("0.5"), method=kim.Method.SAINTE_LAGUE)
    assert kim.Method(a.allocation.method) is kim.Method.SAINTE_LAGUE
    ev = kim.evaluate(kim.Plan.example(), {"mode": kim.Mode.LENIENT})
    assert kim.Mode(ev.options.mode) is kim.Mode.LENIENT
    assert {kim.Severity(v.severity) for v in ev.warnings} <= set(kim.Severity)
    case = kim.Case("c-1")
    case.apply({"id": "e-1", "case": "c-1", "event": kim.EventType.OPEN, "effective": "2023-01-02",
                "recorded": "2023-01-02T09:00:00", "actor": "s-1", "kommune": "Erkelenz"})
    assert kim.CaseState(case.state) is kim.CaseState.KLAERUNG
