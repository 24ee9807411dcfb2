"""A year's report from synthetic case data: consultations per month and the case flow.

``kim.synthetic_cases`` makes a seeded, invented ``kim.cases.v1`` document (a Kreis-year of
Kreis Heinsberg; no real personal data); ``kim.report`` turns it into the report tables. Small
counts are suppressed in the tables (``"<3"``, i.e. 1 or 2), so a monthly total that adds up
suppressed cells is a range: this script prints its lower and upper bound.

Run from the repository root::

    python kim-py/examples/case_report.py
    python kim-py/examples/case_report.py --seed 7
"""

from __future__ import annotations

import argparse
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import kim

Bounds = Tuple[int, int]


def bounds(count: Any, below: int) -> Bounds:
    """(lowest, highest) value of a report count: an ``int``, or ``"<3"`` when suppressed (with
    ``below`` 3: 1 or 2; a count of 0 has no row)."""
    if isinstance(count, int):
        return count, count
    if count == f"<{below}":
        return 1, below - 1
    raise ValueError(f"unexpected report count {count!r}")


def per_month(rows: Sequence[Mapping[str, Any]], below: int) -> Dict[str, Bounds]:
    """Consultations per month (summed over Kommunen and kinds) as (lower, upper) bounds."""
    months: Dict[str, Bounds] = {}
    for row in rows:
        lo, hi = bounds(row["consultations"], below)
        old_lo, old_hi = months.get(row["month"], (0, 0))
        months[row["month"]] = (old_lo + lo, old_hi + hi)
    return dict(sorted(months.items()))


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=2023, help="seed (default 2023)")
    parser.add_argument("--year", type=int, default=2023, help="year (default 2023)")
    args = parser.parse_args(argv)

    cases = kim.synthetic_cases(args.seed, args.year)
    report = kim.report(str(args.year), cases=cases)
    print(f"synthetic cases, seed {args.seed}: {len(cases['consultations'])} consultations; "
          f"report {report.period.label} ({report.period['from']} – {report.period.to}), "
          f"counts below {report.suppress_below} suppressed")

    monthly = per_month(report.to_records("consultations"), int(report.suppress_below))
    print(f"{'Monat':<9}{'Beratungen':>12}")
    for month, (lo, hi) in monthly.items():
        print(f"{month:<9}{lo if lo == hi else f'{lo}–{hi}':>12}")
    lo_sum, hi_sum = sum(lo for lo, _ in monthly.values()), sum(hi for _, hi in monthly.values())
    print(f"{'Summe':<9}{f'{lo_sum}–{hi_sum}':>12}")

    # the synthetic document is invented, so it may be compared with the (suppressed) report
    exact = sum(1 for c in cases["consultations"] if c["date"].year == args.year)
    assert lo_sum <= exact <= hi_sum, (lo_sum, exact, hi_sum)
    print(f"exact count in the synthetic data: {exact}")

    print(f"{'Quartal':<9}{'neu':>6}{'aufgen.':>9}{'beendet':>9}{'offen':>7}")
    for q in report.to_records("case_flow"):
        print(f"{q['quarter']:<9}{q['opened']!s:>6}{q['admitted']!s:>9}{q['closed']!s:>9}"
              f"{q['open_at_end']!s:>7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
