"""kim.report_html: the core's council report (Sachstandsbericht), converted and nothing more."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import kim

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "kim-core" / "data" / "examples" / "heinsberg-2023.json"
CASES = ROOT / "kim-core" / "data" / "examples" / "cases-heinsberg-2023.json"


def _cases() -> dict[str, object]:
    return dict(json.loads(CASES.read_text(encoding="utf-8")))


def test_the_heinsberg_report_in_german_and_english() -> None:
    plan = kim.Plan.load(EXAMPLE)
    de = kim.report_html(plan, _cases())
    assert de.startswith("<!DOCTYPE html>\n<html lang=\"de\">")
    for text in ("Förderung je Baustein", "Fallzahlen", "Anhang", "1.020.000,00 €", "&lt;3", "<svg "):
        assert text in de, text
    assert "<script" not in de and "src=" not in de
    en = kim.report_html(plan, _cases(), period="2023-Q2", lang="en")
    assert "<html lang=\"en\">" in en and "2023-Q2" in en and "Funding per building block" in en
    # the same bytes for the same input, from a Plan, its dict or the embedded example
    assert kim.report_html(plan.to_dict(), _cases()) == de
    assert kim.report_html(kim.Plan.example(), _cases()) == de


def test_the_same_page_as_the_command_line() -> None:
    cli = subprocess.run(
        [sys.executable, "-m", "kim", "report", str(EXAMPLE), str(CASES), "--format", "html"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout == kim.report_html(kim.Plan.load(EXAMPLE), _cases())


def test_errors_carry_code_and_path() -> None:
    with pytest.raises(kim.KimError) as info:
        kim.report_html(kim.Plan.example(), period="2023-Q5")
    assert info.value.code == "KIM-C025"
    with pytest.raises(kim.KimError) as info:
        kim.report_html(kim.Plan.example(), {"schema_version": "kim.cases.v1", "nope": 1})
    assert (info.value.path or "").startswith("cases")
    with pytest.raises(kim.KimError) as info:
        kim.report_html({"schema_version": "kim.plan.v1", "year": 2023})
    assert (info.value.path or "").startswith("plan")
