"""Distribute a Kreis's case-management posts among its Kommunen by population.

Reads the real Zensus 2022 population of every Gemeinde of one Kreis from
``kim-core/data/nrw-gemeinden.csv`` (default: Kreis Heinsberg, 05370), distributes the posts by
largest remainder (Hare–Niemeyer) and by Sainte-Laguë, and prints both side by side with the
exact quota. Shares are ``decimal.Decimal`` VZÄ in steps (default 0.5).

Run from the repository root::

    python kim-py/examples/distribute_kreis.py                    # 12 VZÄ, Kreis Heinsberg
    python kim-py/examples/distribute_kreis.py --kreis 05382 --total 17

Datenquelle: Statistische Ämter des Bundes und der Länder, Zensus 2022 (Tabelle 1000A-0000),
Datenlizenz Deutschland – Namensnennung – Version 2.0 (www.govdata.de/dl-de/by-2-0); eigene
Auswahl und Umformung.
"""

from __future__ import annotations

import argparse
import csv
from decimal import Decimal
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import kim

CSV = Path(__file__).resolve().parents[2] / "kim-core" / "data" / "nrw-gemeinden.csv"
ATTRIBUTION = (
    "Datenquelle: Statistische Ämter des Bundes und der Länder, Zensus 2022 (Tabelle 1000A-0000), "
    "Datenlizenz Deutschland – Namensnennung – Version 2.0 (www.govdata.de/dl-de/by-2-0); "
    "eigene Auswahl und Umformung."
)


def population(kreis_ags: str, path: Path = CSV) -> Tuple[str, Dict[str, int]]:
    """The Kreis name and Gemeinde → Einwohner (Zensus 2022) of one Kreis, in AGS order.

    The official suffix ``", Stadt"`` is dropped from the names (``"Heinsberg, Stadt"`` →
    ``"Heinsberg"``); everything else is as published."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["kreis_ags"] == kreis_ags]
    if not rows:
        raise SystemExit(f"no Gemeinde with kreis_ags {kreis_ags!r} in {path}")
    weights = {r["gemeinde"].removesuffix(", Stadt"): int(r["einwohner"]) for r in rows}
    return rows[0]["kreis"], weights


def vza(text: str) -> Decimal:
    """VZÄ from the command line: ``12``, ``0.5`` or German ``0,5``."""
    return kim.parse_fte(text, "de" if "," in text else None)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--kreis", default="05370", help="5-digit kreis_ags (default 05370)")
    parser.add_argument("--total", type=vza, default=Decimal("12"), help="VZÄ (default 12)")
    parser.add_argument("--step", type=vza, default=Decimal("0.5"), help="step (default 0.5)")
    args = parser.parse_args(argv)

    kreis, weights = population(args.kreis)
    lr = kim.distribute(weights, total=args.total, step=args.step,
                        method=kim.Method.LARGEST_REMAINDER)
    sl = kim.distribute(weights, total=args.total, step=args.step, method=kim.Method.SAINTE_LAGUE)
    # the exact Hare quota (total ÷ step × weight ÷ Σ weights, in VZÄ), shown to 4 places
    quota = {row["unit"]: Decimal(row["quota"]).quantize(Decimal("0.0001"))
             for row in lr.to_records()}

    print(f"{kreis} ({args.kreis}): {kim.format_fte(args.total)} VZÄ in steps of "
          f"{kim.format_fte(args.step)} VZÄ among {len(weights)} Kommunen by population")
    w = max(len(u) for u in weights) + 2
    print(f"{'Kommune':<{w}}{'Einwohner':>10}{'quota':>9}{'largest rem.':>14}{'Sainte-Laguë':>14}")
    for unit, people in weights.items():
        mark = "  ≠" if lr[unit] != sl[unit] else ""
        print(f"{unit:<{w}}{people:>10}{kim.format_fte(quota[unit]):>9}"
              f"{kim.format_fte(lr[unit]):>14}{kim.format_fte(sl[unit]):>14}{mark}")
    print(f"{'Summe':<{w}}{sum(weights.values()):>10}{'':>9}"
          f"{kim.format_fte(sum(lr.values())):>14}{kim.format_fte(sum(sl.values())):>14}")
    differ = [u for u in weights if lr[u] != sl[u]]
    print("the two methods differ for: " + ", ".join(differ) if differ
          else "both methods give the same shares")
    print(ATTRIBUTION)

    assert sum(lr.values()) == sum(sl.values()) == args.total
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
