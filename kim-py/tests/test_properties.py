"""Properties across the FFI (hypothesis): shares sum to the total in steps; a capped
reimbursement never exceeds the cap."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import kim

units = st.dictionaries(
    st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True),
    st.integers(min_value=0, max_value=10**9),
    min_size=1,
    max_size=30,
).filter(lambda w: any(w.values()))


@settings(max_examples=150, deadline=None)
@given(
    weights=units,
    steps=st.integers(min_value=0, max_value=400),
    method=st.sampled_from(["largest_remainder", "sainte_lague", "dhondt", "huntington_hill"]),
)
def test_shares_sum_to_the_total_in_steps(weights: dict[str, int], steps: int, method: str) -> None:
    total = Decimal(steps) * Decimal("0.5")
    a = kim.distribute(weights, total=total, method=method, tie_break="order")
    assert sum(a.values()) == total
    assert all(v % Decimal("0.5") == 0 and v >= 0 for v in a.values())
    assert list(a) == list(weights)


money = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=150, deadline=None)
@given(fte=st.integers(min_value=1, max_value=40), cap=money, cost=money, top_up=money)
def test_a_capped_reimbursement_never_exceeds_the_cap(
    fte: int, cap: Decimal, cost: Decimal, top_up: Decimal
) -> None:
    vzae = Decimal(fte) / 4
    r = kim.forward(
        {
            "id": "t",
            "kind": "case_manager",
            "fte": vzae,
            "from": {"kind": "kreis", "name": "K"},
            "to": {"kind": "traeger", "name": "T"},
            "basis": {"actual_cost_capped": {"cap_per_fte": cap}},
            "actual_cost": cost,
            "top_up_per_fte": top_up,
        },
        {"year": 2023},
    )
    # kim rounds once, half away from zero (docs/rules.md N2)
    assert r.reimbursed <= (vzae * cap).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert r.reimbursed <= cost
    assert type(r.reimbursed) is Decimal
