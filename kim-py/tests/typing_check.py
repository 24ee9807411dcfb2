"""Checked with `mypy --strict` (py.typed + stubs). Lines ending in `# type: ignore[...]` are
errors mypy must report: with `warn_unused_ignores` (part of --strict) an ignore that is not
needed fails the check, so each one asserts an expected type error."""

from datetime import date
from decimal import Decimal
from typing import Any, Dict, List

import kim

fte: Decimal = kim.parse_fte("1,5", "de")
text: str = kim.format_euro(Decimal("55000"), "de")
rows: List[Dict[str, Any]] = kim.transition_table()
plan: kim.Plan = kim.Plan.example()
ev: kim.Evaluation = plan.evaluate()
total: object = ev.grant.total
explained: str = ev.explain("en")
tables: List[str] = ev.tables()
records: List[Dict[str, Any]] = ev.to_records("staffing")
errors: int = kim.ValidationError("x").error_count()
share: Decimal = kim.distribute({"A": 3, "B": 1}, total=Decimal("2"), method=kim.Method.SAINTE_LAGUE)["A"]
label: str = kim.CaseState.KLAERUNG.label_de
number: int = kim.Baustein.CASE_MANAGEMENT
heading: str = kim.TERMS["own_share"][0]
cases: Dict[str, Any] = kim.synthetic_cases(seed=1, cases=3, consultations=5)
page: str = kim.report_html(kim.Plan.example(), period="2023", lang="en")
params: kim.Params = kim.Params.default().with_override("case_manager", date(2026, 1, 1), None, Decimal("60000"))

# expected errors: floats are not money, codes are not numbers, results are read-only
kim.parse_fte(1.5)  # type: ignore[arg-type]
kim.distribute({"A": 1}, total=1.5)  # type: ignore[arg-type]
kim.format_euro(0.1)  # type: ignore[arg-type]
wrong: int = kim.format_fte(Decimal("1"))  # type: ignore[assignment]
kim.Method.SAINTE_LAGUE.label_fr  # type: ignore[attr-defined]
kim.synthetic_cases(seed="1")  # type: ignore[arg-type]
kim.Plan.example().evaluate(options=5)  # type: ignore[arg-type]
kim.report(2023)  # type: ignore[arg-type]
kim.report_html(kim.Plan.example(), None, "2023")  # type: ignore[call-arg]
