"""What if the Land raised the case-management rate? (Kreis Heinsberg 2023)

Evaluates the embedded example plan twice: with the parameter table as shipped (57,000 € per
VZÄ and year for case management in 2023) and with a what-if rate, then prints the Land grant
per Baustein and the exact difference. Amounts stay ``decimal.Decimal`` throughout.

Run from the repository root::

    python kim-py/examples/what_if_rate.py            # 60,000 € per VZÄ
    python kim-py/examples/what_if_rate.py --rate 58500
"""

from __future__ import annotations

import argparse
import datetime
from decimal import Decimal
from typing import Dict, List, Optional

import kim

YEAR = 2023
KEY = "case_manager"  # the rate key of Baustein 2, see kim.Params.default().to_dict()["rates"]


def by_baustein(ev: kim.Evaluation) -> Dict[int, Decimal]:
    """The Land grant per Baustein (1–3)."""
    return {int(b["baustein"]): b["amount"] for b in ev.grant.by_baustein}


def euro(text: str) -> Decimal:
    """An amount from the command line: ``60000``, ``60000.00`` or German ``60.000,00``."""
    return kim.parse_euro(text, "de" if "," in text else None)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rate", type=euro, default=Decimal("60000"),
                        help="what-if rate in € per VZÄ and year (default 60000)")
    args = parser.parse_args(argv)
    rate: Decimal = args.rate

    plan = kim.Plan.example()
    base = kim.evaluate(plan)
    shipped = kim.Params.default().rate(KEY, datetime.date(YEAR, 1, 1))

    # Two equivalent ways to ask "what if": a Params object with the override …
    params = kim.Params.default().with_override(
        KEY, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31), rate)
    what_if = kim.evaluate(plan, params=params)
    # … or the override as data, next to the plan
    same = kim.evaluate(plan, overrides=[
        {"key": KEY, "from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31", "value": rate}])
    assert what_if.grant.total == same.grant.total

    print(f"{plan!r}: {KEY} {kim.format_euro(shipped['value'])} → {kim.format_euro(rate)} je VZÄ")
    before, after = by_baustein(base), by_baustein(what_if)
    print(f"{'Baustein':<10}{'shipped':>18}{'what-if':>18}{'difference':>16}")
    for b in sorted(before):
        print(f"{b:<10}{kim.format_euro(before[b]):>18}{kim.format_euro(after[b]):>18}"
              f"{kim.format_euro(after[b] - before[b]):>16}")
    diff: Decimal = what_if.grant.total - base.grant.total
    print(f"{'total':<10}{kim.format_euro(base.grant.total):>18}"
          f"{kim.format_euro(what_if.grant.total):>18}{kim.format_euro(diff):>16}")
    print(f"difference = {diff!r}")

    # the grant is linear in the rate: the difference is the case-management VZÄ × the rise
    fte = sum((line.fte for line in base.grant.lines if line.kind == KEY), Decimal(0))
    assert diff == fte * (rate - shipped["value"]), (diff, fte)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
