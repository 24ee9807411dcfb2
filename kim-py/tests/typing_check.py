"""Checked with `mypy --strict`: the package is typed (py.typed + stubs)."""

from decimal import Decimal
from typing import List

import kim

fte: Decimal = kim.parse_fte("1,5", "de")
text: str = kim.format_euro(Decimal("55000"), "de")
rows: List[dict] = kim.transition_table()  # type: ignore[type-arg]
plan: kim.Plan = kim.Plan.example()
ev: kim.Evaluation = plan.evaluate()
total: object = ev.grant.total
explained: str = ev.explain("en")
errors: int = kim.ValidationError("x").error_count()
