"""Hypothesis strategies for kim's documents, for property tests of code that uses kim.

Every strategy draws plain JSON-compatible values — ``dict``, ``list``, ``str``, ``int``,
``bool``, ``None`` — with decimals as strings (``"1.5"``, ``"55000.00"``) and dates as ISO
text, so a drawn document can go to ``kim`` as it is, to :func:`json.dumps`, or to another face
of kim (the ``kim`` command, the JavaScript package).

* :func:`fte_strings`, :func:`euro_strings`: VZÄ in 0.5 steps with at most two decimal places,
  euro amounts with exactly two.
* :func:`plans`: valid ``kim.plan.v1`` documents (authority, year, funded posts, forwardings
  with bases and costs, staff, own costs, optionally a distribution among Kommunen) that
  evaluate without a violation. :func:`near_valid_plans`: a valid plan with one mutation from
  :data:`PLAN_MUTATIONS` (a float instead of a decimal string, a negative or 3-decimal VZÄ, an
  unknown field or value, a wrong ``schema_version``, a removed required field, more VZÄ
  forwarded than funded, …), each of which kim must report. :func:`plan_mutations` draws the
  mutation's name with the plan.
* :func:`case_events`: one well-formed ``kim.cases.v1`` event; :func:`case_histories`: the
  events of one case in a plausible order (the case lifecycle, consent before admission,
  increasing dates); :func:`near_valid_case_histories` and :func:`case_history_mutations`: a
  history with one mutation from :data:`CASE_MUTATIONS`; :func:`cases_documents`: a whole
  ``kim.cases.v1`` document (several cases interleaved in recorded order, consultations).
* :func:`distribution_inputs`: inputs of ``kim.distribute`` (weights, total, options, and
  optionally regions and overrides) that distribute without an error.
* :func:`json_values`: arbitrary JSON values, for robustness tests.

Example (a runnable test; hypothesis is an optional dependency: ``pip install 'kim[testing]'``)::

    from hypothesis import given, settings
    import kim
    from kim.testing import strategies as ks

    @settings(max_examples=20, deadline=None)
    @given(ks.plans())
    def test_a_valid_plan_has_no_violations(plan):
        assert kim.evaluate(plan).violations == []

    @settings(max_examples=20, deadline=None)
    @given(ks.near_valid_plans())
    def test_kim_reports_every_near_valid_plan(plan):
        try:
            assert kim.evaluate(plan).violations
        except kim.KimError as e:
            assert e.errors()[0]["code"].startswith("KIM-")

    test_a_valid_plan_has_no_violations()
    test_kim_reports_every_near_valid_plan()
"""

from __future__ import annotations

import copy
import datetime
import functools
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple, Union

try:
    from hypothesis import strategies as st
except ImportError as _missing:  # pragma: no cover - exercised by a test in a subprocess
    raise ImportError(
        "kim.testing.strategies needs hypothesis, an optional dependency of kim: install it "
        "with pip install 'kim[testing]' (or pip install 'hypothesis>=6.100')"
    ) from _missing

from .. import Doc, Number, _kim
from .._errors import KimError
from .._enums import (
    ClosingReason,
    ConsentPurpose,
    EventType,
    Method,
    PostKind,
    ProRata,
    Rechtskreis,
    ResidenceStatus,
    Topic,
)

__all__ = [
    "CASE_MUTATIONS",
    "PLAN_MUTATIONS",
    "case_events",
    "case_histories",
    "case_history_mutations",
    "cases_documents",
    "distribution_inputs",
    "euro_strings",
    "fte_strings",
    "json_values",
    "near_valid_case_histories",
    "near_valid_plans",
    "plan_mutations",
    "plans",
]

SearchStrategy = st.SearchStrategy

PLAN_SCHEMA = "kim.plan.v1"
CASES_SCHEMA = "kim.cases.v1"

POST_KINDS: Tuple[str, ...] = tuple(k.value for k in PostKind)
BAUSTEIN: Dict[str, int] = {
    "coordination": 1,
    "admin_assistance": 1,
    "case_manager": 2,
    "abh": 3,
    "ebh": 3,
}

# Kreis Heinsberg and its ten Kommunen (as in the embedded example), and providers.
KOMMUNEN: Tuple[str, ...] = (
    "Erkelenz",
    "Gangelt",
    "Geilenkirchen",
    "Heinsberg",
    "Hückelhoven",
    "Selfkant",
    "Übach-Palenberg",
    "Waldfeucht",
    "Wassenberg",
    "Wegberg",
)
AUTHORITIES: Tuple[Tuple[str, str, str], ...] = (
    ("kreis", "Kreis Heinsberg", "05370"),
    ("kreis", "Rhein-Sieg-Kreis", "05382"),
    ("kreis", "Kreis Coesfeld", "05558"),
    ("kreis", "Rhein-Kreis Neuss", "05162"),
    ("kreisfreie_stadt", "Stadt Köln", "05315"),
    ("kreisfreie_stadt", "Stadt Bielefeld", "05711"),
)
TRAEGER: Tuple[str, ...] = (
    "DRK Kreisverband",
    "Diakonisches Werk",
    "Caritasverband",
    "AWO Kreisverband",
    "Der Paritätische",
    "Internationaler Bund",
)


# ------------------------------------------------------------------------------------------
# numbers and dates
# ------------------------------------------------------------------------------------------


def _dec(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _places(d: Decimal) -> int:
    exponent = d.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _text(d: Decimal, places: int) -> str:
    return format(d.quantize(Decimal(1).scaleb(-places)), "f")


def fte_strings(
    min_value: Number = 0,
    max_value: Number = 20,
    *,
    step: Number = "0.5",
    places: Optional[int] = None,
) -> SearchStrategy[str]:
    """VZÄ as decimal strings: multiples of ``step`` (default 0.5) between ``min_value`` and
    ``max_value``, written with at most two decimal places (``"1.5"``, ``"1.50"``, ``"12"``),
    or with exactly ``places``.

    >>> from kim.testing.strategies import fte_strings
    >>> from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
    >>> Decimal(fte_strings(max_value=3).example()) % Decimal("0.5") == 0
    True
    """
    lo, hi, s = _dec(min_value), _dec(max_value), _dec(step)
    if s <= 0:
        raise ValueError("step must be positive")
    first = (lo / s).to_integral_value(rounding=ROUND_CEILING)
    last = (hi / s).to_integral_value(rounding=ROUND_FLOOR)
    if first > last:
        raise ValueError(f"no multiple of {s} between {lo} and {hi}")

    @st.composite
    def draw_fte(draw: st.DrawFn) -> str:
        d = draw(st.integers(min_value=int(first), max_value=int(last))) * s
        need = _places(d)
        if places is not None:
            return _text(d, max(places, need))
        return _text(d, draw(st.integers(min_value=need, max_value=max(need, 2))))

    return draw_fte()


def euro_strings(min_value: Number = 0, max_value: Number = 1_000_000) -> SearchStrategy[str]:
    """Euro amounts as decimal strings with exactly two decimal places (``"55000.00"``).

    >>> from kim.testing.strategies import euro_strings
    >>> euro_strings(max_value=100).example().count(".")
    1
    """
    lo = int(_dec(min_value).scaleb(2).to_integral_value(rounding=ROUND_CEILING))
    hi = int(_dec(max_value).scaleb(2).to_integral_value(rounding=ROUND_FLOOR))
    return st.integers(min_value=lo, max_value=hi).map(lambda c: format(Decimal(c).scaleb(-2), "f"))


def _iso(d: datetime.date) -> str:
    return d.isoformat()


def _dates_in(draw: st.DrawFn, year: int) -> datetime.date:
    return draw(st.dates(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))


def _pseudonym(prefix: str) -> SearchStrategy[str]:
    return st.integers(min_value=1, max_value=9999).map(lambda n: f"{prefix}-{n:04d}")


# ------------------------------------------------------------------------------------------
# rates of the embedded parameter table (which kinds a year can fund, and the caps that keep a
# forwarding within the grant)
# ------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _params() -> _kim.Params:
    return _kim.Params.default()


@functools.lru_cache(maxsize=None)
def _rate(kind: str, year: int, lenient: bool) -> Optional[Decimal]:
    """The rate for ``kind`` throughout ``year`` (the same on 1 January, 1 July and 31 December),
    else None."""
    values = []
    for day in (datetime.date(year, 1, 1), datetime.date(year, 7, 1), datetime.date(year, 12, 31)):
        try:
            values.append(_params().rate(kind, day, lenient)["value"])
        except KimError:  # KIM-R001: no rate on that day
            return None
    return values[0] if len(set(values)) == 1 else None


def _kinds(year: int, lenient: bool) -> List[str]:
    return [k for k in POST_KINDS if _rate(k, year, lenient) is not None]


# ------------------------------------------------------------------------------------------
# plans
# ------------------------------------------------------------------------------------------


@st.composite
def _party(draw: st.DrawFn, kinds: Sequence[str] = ("traeger", "kommune")) -> Doc:
    kind = draw(st.sampled_from(list(kinds)))
    if kind == "traeger":
        name = f"{draw(st.sampled_from(TRAEGER))} {draw(st.sampled_from(KOMMUNEN))}"
    else:
        name = f"Stadt {draw(st.sampled_from(KOMMUNEN))}"
    party: Doc = {"kind": kind, "name": name}
    if draw(st.booleans()):
        party["id"] = draw(_pseudonym("T" if kind == "traeger" else "K"))
    return party


@st.composite
def _distribution(draw: st.DrawFn, year: int, default_total: Decimal) -> Doc:
    basis = draw(st.sampled_from(["population", "azr", "fixed"]))
    units = draw(st.lists(st.sampled_from(KOMMUNEN), min_size=1, max_size=len(KOMMUNEN), unique=True))
    if basis == "fixed":
        # fixed shares: each weight is the unit's share in VZÄ
        values = [draw(fte_strings(0, 6)) for _ in units]
        if all(Decimal(v) == 0 for v in values):
            values[0] = draw(fte_strings("0.5", 6))
    else:
        values = [str(draw(st.integers(min_value=0, max_value=120_000))) for _ in units]
        if all(Decimal(v) == 0 for v in values):
            values[0] = str(draw(st.integers(min_value=1, max_value=120_000)))
    if basis == "azr":
        stichtag = datetime.date(year - draw(st.integers(min_value=0, max_value=1)), 3, 31)
    else:
        stichtag = draw(st.dates(datetime.date(year - 2, 1, 1), datetime.date(year, 12, 31)))
    doc: Doc = {
        "stichtag": _iso(stichtag),
        "basis": basis,
        "weights": [{"unit": u, "value": v} for u, v in zip(units, values)],
    }
    total = default_total
    if draw(st.booleans()):
        total = Decimal(draw(fte_strings(0, 30)))
        doc["total"] = _text(total, _places(total))
    options: Doc = {}
    if draw(st.booleans()):
        options["method"] = draw(st.sampled_from([m.value for m in Method]))
    options["tie_break"] = draw(
        st.sampled_from(["order", "lot"]).map(
            lambda t: t if t == "order" else {"lot": {"seed": 7}}
        )
    )
    if basis != "fixed" and draw(st.booleans()) and Decimal("0.5") * len(units) <= total:
        options["minimum"] = "0.5"
        options["below_minimum"] = draw(
            st.sampled_from(["report_only", "exclude_and_reapportion", "raise_to_minimum"])
        )
    doc["options"] = options
    if draw(st.booleans()):
        doc["source"] = {"document": "Zensus 2022, Einwohner je Gemeinde (illustrative)"}
    return doc


@st.composite
def plans(
    draw: st.DrawFn,
    *,
    years: Sequence[int] = (2021, 2022, 2023, 2024, 2025),
    distribution: Optional[bool] = None,
    max_funded: int = 5,
    max_forwardings: int = 4,
    max_staff: int = 6,
) -> Doc:
    """Valid ``kim.plan.v1`` documents, built like the embedded example
    (``kim.Plan.example()``, Kreis Heinsberg 2023): an authority, a year, funded posts, staff,
    forwardings to Träger or Kommunen (``actual_cost_capped`` or ``flat_per_fte`` with costs
    and top-ups as decimal strings), own costs and, if ``distribution`` is not False, sometimes
    a distribution among Kommunen.

    Every plan evaluates without a violation with the embedded parameter table: years without
    rates for all their posts use ``mode: lenient`` (warnings only), each forwarding stays
    within the VZÄ funded for its kind, and caps and flat amounts within the rate.

    >>> import kim
    >>> from kim.testing.strategies import plans
    >>> kim.evaluate(plans().example()).violations
    []
    """
    usable = [y for y in years if _kinds(y, False) or _kinds(y, True)]
    if not usable:
        raise ValueError(f"no year in {list(years)} has rates in the embedded parameter table")
    year = draw(st.sampled_from(usable))
    strict, lenient = _kinds(year, False), _kinds(year, True)
    mode = draw(st.sampled_from(["strict", "lenient"])) if strict else "lenient"
    kinds = strict if mode == "strict" else lenient

    akind, aname, aid = draw(st.sampled_from(AUTHORITIES))
    authority: Doc = {"kind": akind, "name": aname}
    if draw(st.booleans()):
        authority["id"] = aid

    plan: Doc = {"schema_version": PLAN_SCHEMA, "authority": authority, "year": year}
    if draw(st.booleans()):
        plan["illustrative"] = True
    if draw(st.booleans()):
        plan["sources"] = [{"document": f"{aname}, Vorlage {year - 1} (illustrative)"}]

    options: Doc = {"mode": mode}
    if draw(st.booleans()):
        options["pro_rata"] = draw(st.sampled_from([p.value for p in ProRata]))
    if draw(st.booleans()):
        options["stichtag"] = _iso(_dates_in(draw, year))
    if draw(st.booleans()):
        options["count_workplace_cost"] = draw(st.booleans())
    if mode == "strict" and draw(st.booleans()):
        del options["mode"]  # strict is the default
    plan["options"] = options

    funded_kinds = draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=max_funded))
    funded: List[Doc] = []
    remaining: Dict[str, Decimal] = {}
    for kind in funded_kinds:
        fte = draw(fte_strings("0.5", 12))
        post: Doc = {"kind": kind, "fte": fte}
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            post["illustrative"] = True
        funded.append(post)
        remaining[kind] = remaining.get(kind, Decimal(0)) + Decimal(fte)
    plan["funded"] = funded

    staff: List[Doc] = []
    for i in range(draw(st.integers(min_value=0, max_value=max_staff))):
        employer = authority if draw(st.booleans()) else draw(_party())
        start = draw(st.dates(datetime.date(year - 3, 1, 1), datetime.date(year, 12, 31)))
        person: Doc = {
            "id": f"S-{i + 1:03d}",
            "kind": draw(st.sampled_from(funded_kinds)),
            "fte": draw(fte_strings("0.05", 1, step="0.05")),
            "employer": copy.deepcopy(employer),
            "from": _iso(start),
        }
        if draw(st.booleans()):
            person["to"] = _iso(draw(st.dates(start, datetime.date(year + 1, 12, 31))))
        staff.append(person)
    if draw(st.booleans()) or staff:
        plan["staff"] = staff

    forwardings: List[Doc] = []
    for i in range(draw(st.integers(min_value=0, max_value=max_forwardings))):
        open_kinds = [k for k, left in remaining.items() if left >= Decimal("0.5")]
        if not open_kinds:
            break
        kind = draw(st.sampled_from(sorted(open_kinds)))
        fte = draw(fte_strings("0.5", remaining[kind]))
        remaining[kind] -= Decimal(fte)
        rate = _rate(kind, year, mode == "lenient") or Decimal(0)
        f: Doc = {
            "id": f"weiterleitung-{i + 1}",
            "from": copy.deepcopy(authority),
            "to": draw(_party()),
            "kind": kind,
            "fte": fte,
        }
        cap = draw(euro_strings(0, rate))
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            f["basis"] = {"flat_per_fte": {"amount_per_fte": cap}}
        else:
            f["basis"] = {"actual_cost_capped": {"cap_per_fte": cap}}
        if draw(st.integers(min_value=0, max_value=4)) > 0:
            f["actual_cost"] = draw(euro_strings(0, Decimal(fte) * 90_000))
        if draw(st.booleans()):
            f["top_up_per_fte"] = draw(euro_strings(0, 10_000))
            if draw(st.booleans()):
                f["top_up_policy"] = draw(st.sampled_from(["fixed", "up_to_cost"]))
        if draw(st.booleans()):
            f["filled_fte"] = draw(fte_strings(0, Decimal(fte), step="0.05"))
            if draw(st.booleans()):
                f["top_up_base"] = draw(st.sampled_from(["contracted", "filled"]))
            if draw(st.booleans()):
                f["cap_base"] = draw(st.sampled_from(["contracted", "filled"]))
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            a, b = sorted([_dates_in(draw, year), _dates_in(draw, year)])
            f["period"] = {"from": _iso(a), "to": _iso(b)}
        if draw(st.booleans()):
            f["illustrative"] = True
        forwardings.append(f)
    if draw(st.booleans()) or forwardings:
        plan["forwardings"] = forwardings

    if draw(st.booleans()):
        plan["own_costs"] = [
            {"kind": k, "actual_cost": draw(euro_strings(0, 2_000_000))}
            for k in draw(st.lists(st.sampled_from(funded_kinds), min_size=1, max_size=3, unique=True))
        ]

    if distribution is not False and (distribution or draw(st.booleans())):
        cm = sum((Decimal(p["fte"]) for p in funded if p["kind"] == "case_manager"), Decimal(0))
        to_traeger = sum(
            (Decimal(f["fte"]) for f in forwardings
             if f["kind"] == "case_manager" and f["to"]["kind"] == "traeger"),
            Decimal(0),
        )
        plan["distribution"] = draw(_distribution(year, max(cm - to_traeger, Decimal(0))))
    return plan


# The mutations of near_valid_plans: each makes a valid plan invalid in one place.
PLAN_MUTATIONS: Tuple[str, ...] = (
    "float_fte",
    "float_amount",
    "bool_number",
    "negative_fte",
    "three_decimal_fte",
    "negative_amount",
    "three_decimal_amount",
    "not_a_number",
    "locale_number",
    "empty_number",
    "overlong_number",
    "huge_number",
    "unknown_field",
    "unknown_enum",
    "wrong_type",
    "wrong_schema_version",
    "removed_required_field",
    "forwarding_exceeds_funded",
    "flat_amount_exceeds_grant",
    "forwarding_to_itself",
    "forwarding_from_another",
    "duplicate_id",
    "empty_id",
    "personal_id",
    "invalid_date",
    "stichtag_outside_year",
    "period_reversed",
    "year_out_of_range",
    "workplace_cost_outside_baustein_1",
    "filled_base_without_filled_fte",
    "distribution_all_zero",
)


def _forwarding(draw: st.DrawFn, plan: Doc) -> Doc:
    """A forwarding of the plan (one is added if it has none)."""
    fs = plan.setdefault("forwardings", [])
    if not fs:
        kind = plan["funded"][0]["kind"]
        fs.append({
            "id": "weiterleitung-x",
            "from": copy.deepcopy(plan["authority"]),
            "to": {"kind": "traeger", "name": "DRK Kreisverband Erkelenz"},
            "kind": kind,
            "fte": "0.5",
            "basis": {"actual_cost_capped": {"cap_per_fte": "1000.00"}},
        })
    f: Doc = fs[draw(st.integers(min_value=0, max_value=len(fs) - 1))]
    return f


def _funded(draw: st.DrawFn, plan: Doc) -> Doc:
    posts: List[Doc] = plan["funded"]
    return posts[draw(st.integers(min_value=0, max_value=len(posts) - 1))]


def _amount_field(draw: st.DrawFn, plan: Doc) -> Tuple[Doc, str]:
    """A dict and key of an amount in the plan: a cap or flat amount, a cost, a top-up."""
    f = _forwarding(draw, plan)
    choices: List[Tuple[Doc, str]] = [(v, k) for v in f["basis"].values() for k in v]
    choices += [(f, k) for k in ("actual_cost", "top_up_per_fte") if k in f]
    return draw(st.sampled_from(choices))


def _number_field(draw: st.DrawFn, plan: Doc) -> Tuple[Doc, str]:
    """A dict and key of a VZÄ or an amount."""
    if draw(st.booleans()):
        return _funded(draw, plan), "fte"
    return _amount_field(draw, plan)


def _mutate_plan(draw: st.DrawFn, plan: Doc, name: str) -> None:
    if name == "float_fte":
        post = _funded(draw, plan)
        post["fte"] = float(post["fte"]) + draw(st.sampled_from([0.0, 0.1, 0.25]))
    elif name == "float_amount":
        d, k = _amount_field(draw, plan)
        d[k] = float(d[k])
    elif name == "bool_number":
        d, k = _number_field(draw, plan)
        d[k] = draw(st.booleans())
    elif name == "negative_fte":
        post = _funded(draw, plan)
        post["fte"] = "-" + draw(fte_strings("0.5", 5))
    elif name == "three_decimal_fte":
        post = _funded(draw, plan)
        post["fte"] = str(Decimal(post["fte"]) + Decimal(draw(st.sampled_from(["0.001", "0.125", "0.005"]))))
    elif name == "negative_amount":
        d, k = _amount_field(draw, plan)
        d[k] = "-" + draw(euro_strings("0.01", 100_000))
    elif name == "three_decimal_amount":
        d, k = _amount_field(draw, plan)
        d[k] = draw(euro_strings(0, 50_000)) + draw(st.sampled_from(["1", "5", "9"]))
    elif name == "not_a_number":
        d, k = _number_field(draw, plan)
        d[k] = draw(st.sampled_from(["eins", "1.5.0", "1e3", "0x10", "½", "NaN", "--1", "1 5"]))
    elif name == "locale_number":
        d, k = _number_field(draw, plan)
        d[k] = draw(st.sampled_from(["1,5", "55.000,00", "55,000.00", "1.000"]))
    elif name == "empty_number":
        d, k = _number_field(draw, plan)
        d[k] = draw(st.sampled_from(["", " "]))
    elif name == "overlong_number":
        d, k = _number_field(draw, plan)
        d[k] = "1." + "0" * draw(st.integers(min_value=70, max_value=500))
    elif name == "huge_number":
        d, k = _number_field(draw, plan)
        d[k] = draw(st.sampled_from(["1" + "0" * 30, "99999999999999999999999999999", "10000000000000"]))
        if k == "fte":
            d[k] = draw(st.sampled_from(["1000001", "1" + "0" * 30]))
    elif name == "unknown_field":
        targets: List[Doc] = [plan, plan["authority"], _funded(draw, plan), plan.get("options", plan)]
        if plan.get("forwardings"):
            targets.append(_forwarding(draw, plan))
        target = draw(st.sampled_from(targets))
        key = draw(st.sampled_from(["ftee", "Year", "comment", "name_", "extra", "betrag"]))
        target[key] = draw(st.sampled_from(["1", 1, None, [], {}]))
    elif name == "unknown_enum":
        where = draw(st.sampled_from(["post", "authority", "pro_rata", "mode", "basis"]))
        if where == "post":
            _funded(draw, plan)["kind"] = draw(st.sampled_from(["case_manger", "Case_Manager", "cm", ""]))
        elif where == "authority":
            plan["authority"]["kind"] = draw(st.sampled_from(["landkreis", "Kreis", "stadt"]))
        elif where in ("pro_rata", "mode"):
            plan.setdefault("options", {})[where] = draw(st.sampled_from(["weekly", "sloppy", "FULL_YEAR"]))
        else:
            f = _forwarding(draw, plan)
            f["basis"] = {"actual_cost": dict(next(iter(f["basis"].values())))}
    elif name == "wrong_type":
        where = draw(st.sampled_from(["year", "funded", "authority", "post", "illustrative"]))
        if where == "year":
            plan["year"] = draw(st.sampled_from([str(plan["year"]), None, [plan["year"]]]))
        elif where == "funded":
            plan["funded"] = {"kind": "case_manager", "fte": "1"}
        elif where == "authority":
            plan["authority"] = plan["authority"]["name"]
        elif where == "post":
            plan["funded"][0] = [plan["funded"][0]["kind"], plan["funded"][0]["fte"]]
        else:
            plan["illustrative"] = "yes"
    elif name == "wrong_schema_version":
        plan["schema_version"] = draw(
            st.sampled_from(["kim.plan.v2", "kim.plan.v0", "", "KIM.PLAN.V1", "kim.cases.v1", "x" * 1000])
        )
    elif name == "removed_required_field":
        where = draw(st.sampled_from(["schema_version", "authority", "year", "post", "name", "forwarding"]))
        if where in ("schema_version", "authority", "year"):
            del plan[where]
        elif where == "post":
            del _funded(draw, plan)[draw(st.sampled_from(["kind", "fte"]))]
        elif where == "name":
            del plan["authority"]["name"]
        else:
            del _forwarding(draw, plan)[draw(st.sampled_from(["id", "from", "to", "kind", "fte", "basis"]))]
    elif name == "forwarding_exceeds_funded":
        f = _forwarding(draw, plan)
        funded = sum(
            (Decimal(p["fte"]) for p in plan["funded"] if BAUSTEIN[p["kind"]] == BAUSTEIN[f["kind"]]),
            Decimal(0),
        )
        f["fte"] = str(funded + Decimal(draw(fte_strings("0.5", 5))))
    elif name == "flat_amount_exceeds_grant":
        f = _forwarding(draw, plan)
        # more than any grant of a plan from plans() (at most 60 VZÄ at a rate below 100,000 €)
        f["basis"] = {"flat_per_fte": {"amount_per_fte": draw(euro_strings(20_000_000, 900_000_000))}}
    elif name == "forwarding_to_itself":
        _forwarding(draw, plan)["to"] = copy.deepcopy(plan["authority"])
    elif name == "forwarding_from_another":
        f = _forwarding(draw, plan)
        f["from"] = {"kind": "kreis", "name": "Kreis Anderswo", "id": "05999"}
    elif name == "duplicate_id":
        f = _forwarding(draw, plan)
        staff = plan.get("staff") or []
        if staff and draw(st.booleans()):
            staff.append(dict(staff[0]))
        else:
            plan["forwardings"].append(copy.deepcopy(f))
    elif name in ("empty_id", "personal_id"):
        bad = "" if name == "empty_id" else draw(st.sampled_from(["Max Mustermann", "a@b.de", "Anna M"]))
        staff = plan.get("staff") or []
        if staff and draw(st.booleans()):
            staff[0]["id"] = bad
        elif name == "empty_id":
            _forwarding(draw, plan)["id"] = draw(st.sampled_from(["", "   "]))
        else:
            plan["staff"] = staff + [{
                "id": bad, "kind": plan["funded"][0]["kind"], "fte": "1",
                "employer": copy.deepcopy(plan["authority"]), "from": f"{plan['year']}-01-01",
            }]
    elif name == "invalid_date":
        plan.setdefault("options", {})["stichtag"] = draw(
            st.sampled_from([f"{plan['year']}-02-30", f"{plan['year']}-13-01", "01.01.2023", "2023-1-1", "heute"])
        )
    elif name == "stichtag_outside_year":
        plan.setdefault("options", {})["stichtag"] = f"{plan['year'] + draw(st.sampled_from([-1, 1]))}-06-30"
    elif name == "period_reversed":
        y = plan["year"]
        _forwarding(draw, plan)["period"] = {"from": f"{y}-10-01", "to": f"{y}-03-31"}
    elif name == "year_out_of_range":
        plan["year"] = draw(st.sampled_from([0, 1800, 1999, 2101, 9999, -2023, 2**31 - 1]))
    elif name == "workplace_cost_outside_baustein_1":
        plan["funded"].append({"kind": draw(st.sampled_from(["case_manager", "abh", "ebh"])), "fte": "1",
                               "workplace_setup_cost": "1000.00"})
    elif name == "filled_base_without_filled_fte":
        f = _forwarding(draw, plan)
        f.pop("filled_fte", None)
        f["basis"] = {"actual_cost_capped": {"cap_per_fte": "1000.00"}}
        f["cap_base"] = "filled"
    elif name == "distribution_all_zero":
        dist: Optional[Doc] = plan.get("distribution")
        if dist is None or dist["basis"] == "fixed":
            dist = plan["distribution"] = {"stichtag": f"{plan['year']}-01-01", "basis": "population",
                                           "weights": [], "total": "1"}
        dist["weights"] = [{"unit": u, "value": "0"} for u in KOMMUNEN[: draw(st.integers(1, 4))]]
    else:  # pragma: no cover - guarded by plan_mutations
        raise ValueError(f"unknown plan mutation {name!r}")


@st.composite
def plan_mutations(
    draw: st.DrawFn,
    mutations: Optional[Sequence[str]] = None,
    base: Optional[SearchStrategy[Doc]] = None,
) -> Tuple[str, Doc]:
    """``(mutation, plan)``: a valid plan (from ``base``, default :func:`plans`) with one
    mutation drawn from ``mutations`` (default all of :data:`PLAN_MUTATIONS`)."""
    names = list(mutations) if mutations is not None else list(PLAN_MUTATIONS)
    unknown = set(names) - set(PLAN_MUTATIONS)
    if unknown or not names:
        raise ValueError(f"unknown plan mutations {sorted(unknown)}; choose from PLAN_MUTATIONS")
    plan = copy.deepcopy(draw(base if base is not None else plans()))
    name = draw(st.sampled_from(names))
    _mutate_plan(draw, plan, name)
    return name, plan


def near_valid_plans(
    mutations: Optional[Sequence[str]] = None, base: Optional[SearchStrategy[Doc]] = None
) -> SearchStrategy[Doc]:
    """Near-valid plans: a valid plan with one mutation from :data:`PLAN_MUTATIONS` (a float
    instead of a decimal string, a negative or 3-decimal VZÄ, an unknown field or enum value, a
    wrong ``schema_version``, an over-long number, a removed required field, a forwarding larger
    than funded, …). kim must report each: ``kim.evaluate`` raises a ``kim.KimError`` or returns
    at least one violation.

    >>> import kim
    >>> from kim.testing.strategies import near_valid_plans
    >>> plan = near_valid_plans(["negative_fte"]).example()
    >>> [v["code"] for v in kim.evaluate(plan).violations][:1]
    ['KIM-V012']
    """
    return plan_mutations(mutations, base).map(lambda named: named[1])


# ------------------------------------------------------------------------------------------
# cases
# ------------------------------------------------------------------------------------------

_PHASES = {
    "aufgenommen": ("start_assessment",),
    "assessment": ("plan",),
    "hilfeplanung": ("implement",),
    "umsetzung": ("evaluate",),
    "evaluation": ("replan", "reassess"),
}
_NEXT = {
    "admit": "aufgenommen",
    "start_assessment": "assessment",
    "plan": "hilfeplanung",
    "implement": "umsetzung",
    "evaluate": "evaluation",
    "replan": "hilfeplanung",
    "reassess": "assessment",
}


@st.composite
def case_events(
    draw: st.DrawFn, case_id: Optional[str] = None, events: Optional[Sequence[str]] = None
) -> Doc:
    """One well-formed ``kim.cases.v1`` event of one of ``events`` (default: every event type)
    with exactly the payload fields it takes (codes from kim's lists, pseudonymous ids,
    ``effective`` on or before ``recorded``). Alone it need not fit a history (an ``admit``
    without consent is still reported by a replay); use :func:`case_histories` for whole,
    plausible histories.

    >>> import kim
    >>> from kim.testing.strategies import case_events
    >>> case = kim.Case("c-1")
    >>> case.apply(case_events("c-1", events=["open"]).example())
    []
    >>> case.state
    'klaerung'
    """
    event = draw(st.sampled_from(list(events) if events else [e.value for e in EventType]))
    day = draw(st.dates(datetime.date(2021, 1, 1), datetime.date(2025, 12, 31)))
    recorded = datetime.datetime.combine(day, datetime.time(8)) + datetime.timedelta(
        minutes=draw(st.integers(min_value=0, max_value=600))
    )
    e: Doc = {
        "id": draw(_pseudonym("e")),
        "case": case_id if case_id is not None else draw(_pseudonym("c")),
        "event": event,
        "effective": _iso(day),
        "recorded": recorded.isoformat(timespec="seconds"),
        "actor": draw(_pseudonym("s")),
    }
    e.update(draw(_payload(event)))
    return e


@st.composite
def _payload(draw: st.DrawFn, event: str) -> Doc:
    topics = [t.value for t in Topic]
    kreise = [r.value for r in Rechtskreis]
    if event == "open":
        return {"kommune": draw(st.sampled_from(KOMMUNEN))}
    if event in ("consent", "revoke_consent"):
        return {"purpose": draw(st.sampled_from([p.value for p in ConsentPurpose]))}
    if event == "admit":
        out: Doc = {}
        if draw(st.booleans()):
            out["status"] = draw(st.sampled_from([s.value for s in ResidenceStatus]))
        if draw(st.booleans()):
            out["age"] = draw(st.integers(min_value=16, max_value=80))
        return out
    if event in ("add_topic", "remove_topic", "flag_topic"):
        return {"topic": draw(st.sampled_from(topics))}
    if event == "set_rechtskreis":
        return {"rechtskreis": draw(st.sampled_from(kreise))}
    if event == "rechtskreiswechsel":
        a, b = draw(st.lists(st.sampled_from(kreise), min_size=2, max_size=2, unique=True))
        return {"from": a, "to": b}
    if event == "set_treppe":
        return {"level": draw(st.integers(min_value=1, max_value=5))}
    if event == "close":
        return {"reason": draw(st.sampled_from([r.value for r in ClosingReason]))}
    if event == "reopen":
        return {"reason": "erneuter_bedarf"}
    if event == "void":
        return {"supersedes": draw(_pseudonym("e"))}
    return {}


@st.composite
def case_histories(
    draw: st.DrawFn,
    case_id: Optional[str] = None,
    *,
    min_events: int = 1,
    max_events: int = 25,
    start: datetime.date = datetime.date(2023, 1, 2),
) -> List[Doc]:
    """The events of one case in a plausible order: ``open`` first, then a walk through the
    case lifecycle (``kim cases``): consent to Fallmanagement before ``admit``, assessment,
    Hilfeplanung, Umsetzung, Evaluation, pauses that resume where they left, closing with a
    reason and reopening, topics, Rechtskreis and Treppenmodell records, consent revoked.
    Effective dates never go back, ``recorded`` is strictly increasing and on the effective day.
    A replay of such a history has no error.

    >>> import kim
    >>> from kim.testing.strategies import case_histories
    >>> r = kim.replay(case_histories().example())
    >>> [v for v in r.violations if v["severity"] == "error"]
    []
    """
    case = case_id if case_id is not None else draw(_pseudonym("c"))
    n = draw(st.integers(min_value=max(1, min_events), max_value=max(1, min_events, max_events)))
    day = draw(st.dates(start, start + datetime.timedelta(days=300)))
    actor = draw(_pseudonym("s"))
    topics = [t.value for t in Topic]
    kreise = [r.value for r in Rechtskreis]
    events: List[Doc] = []
    state: Optional[str] = None
    paused_from = "klaerung"
    consents: Set[str] = set()
    active: List[str] = []
    rechtskreis: Optional[Tuple[str, datetime.date]] = None

    def add(event: str, **payload: Any) -> None:
        i = len(events)
        recorded = datetime.datetime.combine(day, datetime.time(8)) + datetime.timedelta(minutes=i)
        e: Doc = {
            "id": f"{case}-e{i + 1:02d}",
            "case": case,
            "event": event,
            "effective": _iso(day),
            "recorded": recorded.isoformat(timespec="seconds"),
            "actor": actor,
        }
        e.update({k: v for k, v in payload.items() if v is not None})
        events.append(e)

    add("open", kommune=draw(st.sampled_from(KOMMUNEN)))
    state = "klaerung"
    while len(events) < n:
        day = day + datetime.timedelta(days=draw(st.integers(min_value=0, max_value=21)))
        options: List[str] = []
        if state == "abgeschlossen":
            options += ["reopen"]
        else:
            options += ["close", "set_treppe", "add_topic"]
            if state != "pausiert":
                options += ["pause"]
            if state == "klaerung":
                options += ["follow_up"]
                if "fallmanagement" in consents:
                    options += ["admit"]
            if state == "pausiert":
                options += ["resume"]
            options += list(_PHASES.get(state or "", ()))
            if len(consents) < 2:
                options += ["consent"]
            if consents:
                options += ["revoke_consent"]
            if active:
                options += ["remove_topic", "flag_topic"]
            options += ["set_rechtskreis"] if rechtskreis is None else ["rechtskreiswechsel"]
        event = draw(st.sampled_from(options))
        if event in _NEXT:
            payload: Doc = {}
            if event == "admit":
                payload = draw(_payload("admit"))
            add(event, **payload)
            state = _NEXT[event]
        elif event == "follow_up":
            add(event)
        elif event == "pause":
            paused_from = state or "klaerung"
            add(event, reason=draw(st.sampled_from([None, "abwesend", "krankheit"])))
            state = "pausiert"
        elif event == "resume":
            add(event)
            state = paused_from
        elif event == "close":
            add(event, reason=draw(st.sampled_from([r.value for r in ClosingReason])))
            state = "abgeschlossen"
        elif event == "reopen":
            add(event, reason="erneuter_bedarf")
            state = "klaerung"
        elif event == "consent":
            purpose = draw(st.sampled_from(sorted({p.value for p in ConsentPurpose} - consents)))
            add(event, purpose=purpose)
            consents.add(purpose)
        elif event == "revoke_consent":
            purpose = draw(st.sampled_from(sorted(consents)))
            add(event, purpose=purpose)
            consents.discard(purpose)
            if purpose == "fallmanagement":
                # leaving case management ends every consent, closes the case and erases its
                # details (topics, Rechtskreis, …) in the replayed record
                consents.clear()
                active.clear()
                rechtskreis = None
                state = "abgeschlossen"
        elif event == "add_topic":
            choices = [t for t in topics if t not in active]
            if not choices:
                continue
            topic = draw(st.sampled_from(choices))
            add(event, topic=topic)
            active.append(topic)
        elif event in ("remove_topic", "flag_topic"):
            topic = draw(st.sampled_from(active))
            add(event, topic=topic)
            if event == "remove_topic":
                active.remove(topic)
        elif event == "set_rechtskreis":
            rk = draw(st.sampled_from(kreise))
            add(event, rechtskreis=rk)
            rechtskreis = (rk, day)
        elif event == "rechtskreiswechsel" and rechtskreis is not None:
            if day <= rechtskreis[1]:
                day = rechtskreis[1] + datetime.timedelta(days=1)
            to = draw(st.sampled_from([k for k in kreise if k != rechtskreis[0]]))
            add(event, **{"from": rechtskreis[0], "to": to})
            rechtskreis = (to, day)
        elif event == "set_treppe":
            add(event, level=draw(st.integers(min_value=1, max_value=5)))
    return events


CASE_MUTATIONS: Tuple[str, ...] = (
    "recorded_out_of_order",
    "effective_after_recorded",
    "admit_without_consent",
    "transition_not_allowed",
    "unknown_code",
    "missing_field",
    "extra_payload_field",
    "unknown_field",
    "not_a_pseudonym",
    "opened_twice",
    "closed_twice",
    "treppe_out_of_range",
    "float_level",
    "unknown_event",
    "invalid_date",
    "invalid_datetime",
    "wrong_type",
    "revoke_without_consent",
    "void_unknown_event",
)


def _after(e: Doc, event: str, payload: Optional[Doc] = None, seconds: int = 1) -> Doc:
    """An event of the same case right after ``e`` (same day, ``seconds`` later)."""
    recorded = datetime.datetime.fromisoformat(e["recorded"]) + datetime.timedelta(seconds=seconds)
    out: Doc = {
        "id": f"{e['case']}-x{seconds:02d}",
        "case": e["case"],
        "event": event,
        "effective": e["effective"],
        "recorded": recorded.isoformat(timespec="seconds"),
        "actor": e["actor"],
    }
    out.update(payload or {})
    return out


def _mutate_history(draw: st.DrawFn, events: List[Doc], name: str) -> None:
    i = draw(st.integers(min_value=0, max_value=len(events) - 1))
    e = events[i]
    if name == "recorded_out_of_order":
        if len(events) < 2:
            events.append(_after(e, "follow_up"))
        j = draw(st.integers(min_value=1, max_value=len(events) - 1))
        earlier = datetime.datetime.fromisoformat(events[j - 1]["recorded"]) - datetime.timedelta(minutes=1)
        events[j]["recorded"] = earlier.isoformat(timespec="seconds")
        events[j]["effective"] = min(events[j]["effective"], earlier.date().isoformat())
    elif name == "effective_after_recorded":
        day = datetime.date.fromisoformat(e["recorded"][:10]) + datetime.timedelta(days=draw(st.integers(1, 30)))
        e["effective"] = _iso(day)
    elif name == "admit_without_consent":
        events.insert(1, _after(events[0], "admit"))
    elif name == "transition_not_allowed":
        event = draw(st.sampled_from(["implement", "evaluate", "replan", "resume", "reopen"]))
        payload = {"reason": "erneuter_bedarf"} if event == "reopen" else {}
        events.insert(1, _after(events[0], event, payload))
    elif name == "unknown_code":
        kind = draw(st.sampled_from(["topic", "rechtskreis", "purpose", "reason"]))
        event = {"topic": "add_topic", "rechtskreis": "set_rechtskreis", "purpose": "consent", "reason": "close"}[kind]
        events.insert(1, _after(events[0], event, {kind: draw(st.sampled_from(["WOHNUNG", "SGB_IX", "marketing", "ok"]))}))
    elif name == "missing_field":
        if draw(st.booleans()):
            del events[0]["kommune"]
        else:
            del e[draw(st.sampled_from(["id", "case", "event", "effective", "recorded", "actor"]))]
    elif name == "extra_payload_field":
        events.insert(1, _after(events[0], "follow_up", {"topic": "WOHNEN"}))
    elif name == "unknown_field":
        e[draw(st.sampled_from(["name", "geburtsdatum", "notiz", "Event"]))] = "x"
    elif name == "not_a_pseudonym":
        e[draw(st.sampled_from(["actor", "id"]))] = draw(st.sampled_from(["Max Mustermann", "a@b.de", "", "x" * 65]))
    elif name == "opened_twice":
        events.append(_after(events[-1], "open", {"kommune": "Erkelenz"}))
    elif name == "closed_twice":
        events.append(_after(events[-1], "close", {"reason": "sonstiges"}))
        events.append(_after(events[-1], "close", {"reason": "sonstiges"}))
    elif name == "treppe_out_of_range":
        events.append(_after(events[-1], "set_treppe", {"level": draw(st.sampled_from([0, 6, 255]))}))
    elif name == "float_level":
        events.append(_after(events[-1], "set_treppe", {"level": 2.0}))
    elif name == "unknown_event":
        e["event"] = draw(st.sampled_from(["teleport", "Open", "close_case", ""]))
    elif name == "invalid_date":
        e["effective"] = draw(st.sampled_from(["2023-02-30", "2023-13-01", "01.03.2023", ""]))
    elif name == "invalid_datetime":
        e["recorded"] = draw(st.sampled_from([e["recorded"].replace("T", " "), e["recorded"][:16], e["recorded"] + "Z", "2023-03-01"]))
    elif name == "wrong_type":
        events.insert(1, _after(events[0], "set_treppe", {"level": draw(st.sampled_from(["2", None, [2], -1, 256]))}))
    elif name == "revoke_without_consent":
        events.insert(1, _after(events[0], "revoke_consent", {"purpose": "datenweitergabe"}))
    elif name == "void_unknown_event":
        events.append(_after(events[-1], "void", {"supersedes": "e-does-not-exist"}))
    else:  # pragma: no cover - guarded by case_history_mutations
        raise ValueError(f"unknown case mutation {name!r}")


@st.composite
def case_history_mutations(
    draw: st.DrawFn, mutations: Optional[Sequence[str]] = None
) -> Tuple[str, List[Doc]]:
    """``(mutation, events)``: a history from :func:`case_histories` with one mutation drawn
    from ``mutations`` (default all of :data:`CASE_MUTATIONS`)."""
    names = list(mutations) if mutations is not None else list(CASE_MUTATIONS)
    unknown = set(names) - set(CASE_MUTATIONS)
    if unknown or not names:
        raise ValueError(f"unknown case mutations {sorted(unknown)}; choose from CASE_MUTATIONS")
    events = copy.deepcopy(draw(case_histories(max_events=12)))
    name = draw(st.sampled_from(names))
    _mutate_history(draw, events, name)
    return name, events


def near_valid_case_histories(mutations: Optional[Sequence[str]] = None) -> SearchStrategy[List[Doc]]:
    """Near-valid histories of one case: a plausible history with one mutation from
    :data:`CASE_MUTATIONS` (recorded out of order, admission without consent, a transition the
    lifecycle does not allow, an unknown code or field, a name instead of a pseudonym, opened
    twice, an invalid date, …). ``kim.replay`` raises a ``kim.KimError`` or reports at least one
    error.

    >>> import kim
    >>> from kim.testing.strategies import near_valid_case_histories
    >>> r = kim.replay(near_valid_case_histories(["admit_without_consent"]).example())
    >>> any(v["code"] == "KIM-C003" for v in r.violations)
    True
    """
    return case_history_mutations(mutations).map(lambda named: named[1])


@st.composite
def cases_documents(
    draw: st.DrawFn,
    *,
    max_cases: int = 3,
    histories: Optional[SearchStrategy[List[Doc]]] = None,
    consultations: bool = True,
) -> Doc:
    """Whole ``kim.cases.v1`` documents: the histories of up to ``max_cases`` cases (from
    ``histories``, default :func:`case_histories`) interleaved in recorded order, and
    consultations (Erst-, Folge- and Verweisberatungen) that refer to them.

    >>> import kim
    >>> from kim.testing.strategies import cases_documents
    >>> kim.replay_document(cases_documents().example())["violations"]
    []
    """
    n = draw(st.integers(min_value=1, max_value=max(1, max_cases)))
    cases: List[List[Doc]] = []
    for i in range(n):
        history = draw(histories if histories is not None else case_histories(f"c-{i + 1:04d}", max_events=10))
        cases.append(history)
    events = sorted(
        (e for history in cases for e in history),
        key=lambda e: str(e.get("recorded", "")) if isinstance(e, dict) else "",
    )
    doc: Doc = {"schema_version": CASES_SCHEMA, "consultations": [], "events": events}
    if consultations:
        case_ids = sorted({str(h[0].get("case")) for h in cases if h and isinstance(h[0], dict)})
        for j in range(draw(st.integers(min_value=0, max_value=6))):
            kind = draw(st.sampled_from(["erstberatung", "folgeberatung", "verweisberatung"]))
            c: Doc = {
                "id": f"k-{j + 1:04d}",
                "date": _iso(draw(st.dates(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)))),
                "kind": kind,
                "persons": draw(st.integers(min_value=1, max_value=6)),
                "kommune": draw(st.sampled_from(KOMMUNEN)),
            }
            if draw(st.booleans()):
                c["topics"] = draw(st.lists(st.sampled_from([t.value for t in Topic]), max_size=3, unique=True))
            if kind != "verweisberatung" and case_ids and draw(st.booleans()):
                c["case_id"] = draw(st.sampled_from(case_ids))
            doc["consultations"].append(c)
    return doc


# ------------------------------------------------------------------------------------------
# distribution
# ------------------------------------------------------------------------------------------


@st.composite
def distribution_inputs(
    draw: st.DrawFn,
    *,
    max_units: int = 12,
    regions: Optional[bool] = None,
    overrides: Optional[bool] = None,
) -> Doc:
    """Inputs of ``kim.distribute`` (the ``distribute`` document: ``weights``, ``total``,
    ``options`` and optionally ``regions`` and ``overrides``) that distribute without an
    error: weights as decimal strings (at least one positive), a total in steps of the step
    (0.5 by default), a minimum only where it can be met, ties decided by ``order`` or ``lot``.

    >>> import kim
    >>> from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
    >>> from kim.testing.strategies import distribution_inputs
    >>> doc = distribution_inputs(overrides=False).example()
    >>> sum(kim.distribute(doc).values()) == Decimal(doc["total"])
    True
    """
    names = st.sampled_from(KOMMUNEN) | st.integers(min_value=1, max_value=999).map(lambda i: f"Gemeinde {i}")
    units = draw(st.lists(names, min_size=1, max_size=max(1, max_units), unique=True))
    values = [
        draw(st.integers(min_value=0, max_value=500_000).map(str) | euro_strings(0, 1_000)) for _ in units
    ]
    if all(Decimal(v) == 0 for v in values):
        values[draw(st.integers(min_value=0, max_value=len(units) - 1))] = "1"
    step = Decimal(draw(st.sampled_from(["0.5", "0.5", "1", "0.25"])))
    total = step * draw(st.integers(min_value=0, max_value=8 * len(units)))
    options: Doc = {"step": _text(step, _places(step))}
    if draw(st.booleans()):
        options["method"] = draw(st.sampled_from([m.value for m in Method]))
    options["tie_break"] = draw(st.sampled_from(["order", "lot"]).map(
        lambda t: t if t == "order" else {"lot": {"seed": 2023}}
    ))
    if draw(st.booleans()) and step * len(units) <= total:
        options["minimum"] = _text(step, _places(step))
        options["below_minimum"] = draw(
            st.sampled_from(["report_only", "exclude_and_reapportion", "raise_to_minimum"])
        )
    doc: Doc = {
        "weights": [{"unit": u, "value": v} for u, v in zip(units, values)],
        "total": _text(total, _places(total)),
        "options": options,
    }
    if (regions or (regions is None and draw(st.booleans()))) and len(units) >= 2:
        pooled = draw(st.lists(st.sampled_from(units), min_size=2, max_size=len(units), unique=True))
        cut = draw(st.integers(min_value=1, max_value=len(pooled)))
        doc["regions"] = [r for r in (
            {"name": "Region Nord", "units": pooled[:cut]},
            {"name": "Region Süd", "units": pooled[cut:]},
        ) if r["units"]]
    if overrides or (overrides is None and draw(st.integers(min_value=0, max_value=3)) == 0):
        unit = draw(st.sampled_from(units))
        share = step * draw(st.integers(min_value=0, max_value=4))
        doc["overrides"] = [{"unit": unit, "fte": _text(share, _places(share)),
                             "reason": "Beschluss Bürgermeisterkonferenz (illustrative)"}]
    return doc


# ------------------------------------------------------------------------------------------
# arbitrary JSON
# ------------------------------------------------------------------------------------------

# Field names and values of kim's documents: arbitrary JSON built from them reaches further
# into the readers than random text.
_KEYS = (
    "schema_version", "authority", "year", "funded", "kind", "fte", "staff", "forwardings", "id",
    "from", "to", "basis", "actual_cost_capped", "cap_per_fte", "actual_cost", "options",
    "distribution", "weights", "unit", "value", "total", "events", "case", "event", "effective",
    "recorded", "actor", "period", "name", "posts", "forwarding", "plan", "cases", "type", "text",
)
_WORDS = (
    "kim.plan.v1", "kim.cases.v1", "case_manager", "coordination", "kreis", "traeger", "open",
    "admit", "2023-01-01", "2023-01-01T09:00:00", "1.5", "55000.00", "-1", "0", "euro", "fte",
    "de", "en", "order", "lot", "population", "2023", "2023-Q2",
)


def json_values(*, max_leaves: int = 40, floats: bool = False, kim_words: bool = True) -> SearchStrategy[Any]:
    """Arbitrary JSON values (``None``, bools, integers within 64 bits, text, lists and objects,
    nested), with object keys and strings often taken from kim's documents when ``kim_words``;
    ``floats`` adds finite floats (which kim refuses, ``KIM-P004``).

    >>> import kim
    >>> from kim.testing.strategies import json_values
    >>> try:
    ...     _ = kim.validate(json_values().example())
    ... except kim.KimError:
    ...     pass
    """
    text = st.text(max_size=30)
    keys = st.sampled_from(_KEYS) | text if kim_words else text
    strings = st.sampled_from(_WORDS) | text if kim_words else text
    leaves: SearchStrategy[Any] = (
        st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | strings
    )
    if floats:
        leaves = leaves | st.floats(allow_nan=False, allow_infinity=False)

    def extend(children: SearchStrategy[Any]) -> SearchStrategy[Any]:
        return st.lists(children, max_size=6) | st.dictionaries(keys, children, max_size=6)

    return st.recursive(leaves, extend, max_leaves=max_leaves)
