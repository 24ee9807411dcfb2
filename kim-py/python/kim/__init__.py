"""kim: the rules of NRW's Kommunales Integrationsmanagement (KIM), exact to the cent.

Amounts and VZÄ are ``decimal.Decimal`` (in: ``Decimal``, ``int`` or ``str``; a ``float`` is a
``TypeError``), dates are ``datetime.date``. Every rule lives in the Rust core; this package
converts and maps errors only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from . import _kim

if TYPE_CHECKING:
    from pathlib import Path
from ._kim import Case, Params
from ._records import Allocation, Evaluation, ForwardingResult, Grant, Lazy, Record, Replay, Report, Results
from ._errors import AllocationError, CaseError, FloatError, InputTypeError, KimError, ParamsError, ValidationError
from ._enums import (
    Baustein,
    BelowMinimum,
    CaseState,
    ClosingReason,
    ConsentPurpose,
    ConsultationKind,
    DistributionBasis,
    EventType,
    ForwardingBasis,
    FteBase,
    KimEnum,
    LegalForm,
    Method,
    Mode,
    Outcome,
    PartyKind,
    PostKind,
    ProRata,
    RateKey,
    RatePer,
    RateStatus,
    Rechtskreis,
    ResidenceStatus,
    Severity,
    TERMS,
    TieBreak,
    TopUpPolicy,
    Topic,
)

__all__ = [
    "Allocation",
    "AllocationError",
    "Baustein",
    "BelowMinimum",
    "Case",
    "CaseError",
    "CaseState",
    "ClosingReason",
    "ConsentPurpose",
    "ConsultationKind",
    "DistributionBasis",
    "Evaluation",
    "EventLog",
    "EventType",
    "FloatError",
    "ForwardingBasis",
    "ForwardingResult",
    "FteBase",
    "Grant",
    "InputTypeError",
    "KimEnum",
    "KimError",
    "LegalForm",
    "Method",
    "Mode",
    "Outcome",
    "Params",
    "ParamsError",
    "PartyKind",
    "Plan",
    "PostKind",
    "ProRata",
    "RateKey",
    "RatePer",
    "RateStatus",
    "Rechtskreis",
    "Record",
    "Replay",
    "Report",
    "ResidenceStatus",
    "Results",
    "Severity",
    "TERMS",
    "TieBreak",
    "TopUpPolicy",
    "Topic",
    "ValidationError",
    "distribute",
    "distribute_many",
    "evaluate",
    "evaluate_many",
    "format_euro",
    "format_fte",
    "forward",
    "grant",
    "grant_lines",
    "parse_euro",
    "parse_fte",
    "render_violations",
    "replay",
    "replay_document",
    "replay_many",
    "report",
    "report_html",
    "synthetic_cases",
    "transition_table",
    "validate",
    "version",
]

Doc = Dict[str, Any]
Number = Union[Decimal, int, str]


def version() -> str:
    """The version of kim."""
    return _kim.version()


def _parse(kind: str, text: str, locale: Optional[str]) -> Decimal:
    doc: Doc = {"type": kind, "text": text}
    if locale is not None:
        doc["locale"] = locale
    value = _kim.run("parse", doc)["value"]
    assert isinstance(value, Decimal)
    return value


def parse_fte(text: str, locale: Optional[str] = None) -> Decimal:
    """VZÄ from text: ``"1.5"``, or ``"1,5"`` with ``locale="de"``."""
    return _parse("fte", text, locale)


def parse_euro(text: str, locale: Optional[str] = None) -> Decimal:
    """An amount from text: ``"55000"``, or ``"55.000,00 €"`` with ``locale="de"``."""
    return _parse("euro", text, locale)


def format_euro(value: Number, locale: str = "de") -> str:
    """An amount in German (``"55.000,00 €"``) or English (``"€55,000.00"``) notation."""
    return _kim.format_number("euro", value, locale)


def format_fte(value: Number, locale: str = "de") -> str:
    """VZÄ in German (``"1,5"``) or English (``"1.5"``) notation."""
    return _kim.format_number("fte", value, locale)


def _plan_doc(plan: Any) -> Any:
    # anything but a Plan goes to the core as it is, which reports a wrong type with its path
    return plan.to_dict() if isinstance(plan, Plan) else plan


def _run(op: str, doc: Any, params: Optional[Params]) -> Any:
    return _kim.run(op, doc) if params is None else _kim.run_with(op, doc, params)


def grant(
    posts: Sequence[Mapping[str, Any]],
    options: Mapping[str, Any],
    overrides: Optional[Sequence[Mapping[str, Any]]] = None,
    params: Optional[Params] = None,
) -> Grant:
    """The Land's grant for funded posts (``options``: ``{"year": 2023, …}``), with the embedded
    parameter table or ``params``; ``overrides`` apply on top."""
    return Grant(_run("grant", {"posts": posts, "options": options, "overrides": overrides or []}, params))


def forward(forwarding: Mapping[str, Any], options: Mapping[str, Any]) -> ForwardingResult:
    """One forwarding (with its onward chain): reimbursement, top-up, Eigenanteil."""
    return ForwardingResult(_kim.run("forward", {"forwarding": forwarding, "options": options}))


def distribute(
    weights: Any,
    total: Optional[Number] = None,
    *,
    method: Optional[str] = None,
    step: Optional[Number] = None,
    minimum: Optional[Number] = None,
    below_minimum: Optional[str] = None,
    tie_break: Any = None,
    regions: Optional[Sequence[Mapping[str, Any]]] = None,
    overrides: Optional[Sequence[Mapping[str, Any]]] = None,
) -> Allocation:
    """Distributes ``total`` VZÄ among units by weight; returns unit → share.

    ``weights`` is a mapping unit → weight (``{"Erkelenz": 43000, …}``) or a list of
    ``{"unit", "value"}``; the options are those of ``docs/distribution.md`` (``method``:
    ``largest_remainder`` (default), ``sainte_lague``, ``dhondt``, ``huntington_hill``;
    ``step`` default 0.5; ``minimum``; ``below_minimum``; ``tie_break``: ``"error"``,
    ``"order"`` or ``{"lot": {"seed": 7}}``). A whole distribution document
    (``{"weights": […], "total": …, "options": {…}}``) is accepted as the only argument.
    """
    if total is None and isinstance(weights, Mapping) and "weights" in weights:
        return Allocation(Lazy(_kim.run_lazy("distribute", weights)))
    if isinstance(weights, Mapping):
        rows: Any = [{"unit": u, "value": v} for u, v in weights.items()]
    else:
        rows = weights
    options: Doc = {}
    for key, value in (("method", method), ("step", step), ("minimum", minimum),
                       ("below_minimum", below_minimum), ("tie_break", tie_break)):
        if value is not None:
            options[key] = value
    doc: Doc = {"weights": rows, "total": total, "options": options}
    if regions:
        doc["regions"] = regions
    if overrides:
        doc["overrides"] = overrides
    return Allocation(Lazy(_kim.run_lazy("distribute", doc)))


def evaluate(
    plan: Union["Plan", Mapping[str, Any]],
    options: Optional[Mapping[str, Any]] = None,
    overrides: Optional[Sequence[Mapping[str, Any]]] = None,
    params: Optional[Params] = None,
) -> Evaluation:
    """Evaluates a plan: grant, forwardings, staffing, totals, violations, trace.

    A :class:`Plan` is read once and kept native, so evaluating it again (what-ifs with other
    ``options``, ``overrides`` or ``params``) does not convert the document again; the result's
    fields are converted to Python when first read."""
    native = plan._native() if isinstance(plan, Plan) else _kim.NativePlan.read(plan)
    return Evaluation(Lazy(native.evaluate(options, overrides, params)))


def evaluate_many(
    plans: Iterable[Union["Plan", Mapping[str, Any]]],
    options: Optional[Mapping[str, Any]] = None,
    overrides: Optional[Sequence[Mapping[str, Any]]] = None,
    params: Optional[Params] = None,
) -> Results[Evaluation]:
    """Evaluates many plans (documents or :class:`Plan`) with the same ``options``,
    ``overrides`` and ``params`` in one call: the documents are read with the GIL held, then the
    core evaluates them without it, on several threads — other Python threads run meanwhile.
    Results in input order, as :func:`evaluate` gives each; the first plan that cannot be read
    or evaluated raises, its index first in the path (``[3].funded[0].fte``)."""
    items = [p._native() if isinstance(p, Plan) else p for p in plans]
    return Results(_kim.evaluate_many(items, options, overrides, params), Evaluation)


def replay_many(
    events: Union["EventLog", Iterable[Mapping[str, Any]]], config: Optional[Mapping[str, Any]] = None
) -> Results[Replay]:
    """Replays the events of many cases in one call (without the GIL, on several threads): one
    :class:`Replay` per case, in the order each case first appears; each case's events in input
    order, as :func:`replay` gives it. An :class:`EventLog` is read already: replaying it
    converts nothing (what-ifs with other ``config`` on the same year of events)."""
    native = events._native if isinstance(events, EventLog) else list(events)
    return Results(_kim.replay_many(native, config), Replay)


def distribute_many(inputs: Iterable[Mapping[str, Any]]) -> Results[Allocation]:
    """Distributes posts for many scenarios (documents as :func:`distribute` takes them) in one
    call, without the GIL; results in input order."""
    return Results(_kim.distribute_many(list(inputs)), Allocation)


def grant_lines(requests: Iterable[Mapping[str, Any]], params: Optional[Params] = None) -> Results[Grant]:
    """The Land's grant for many requests (``{"posts": […], "options": {"year": …}}`` each) with
    one parameter table, in one call without the GIL; results in input order."""
    return Results(_kim.grant_lines(list(requests), params), Grant)


def validate(plan: Union["Plan", Mapping[str, Any]]) -> List[Doc]:
    """Every violation of a plan (errors, warnings, notes), without computing it."""
    return list(_kim.run("validate_plan", {"plan": _plan_doc(plan)})["violations"])


def replay(events: Sequence[Mapping[str, Any]], config: Optional[Mapping[str, Any]] = None) -> Replay:
    """Replays one case's events (recorded order): final state, record, timeline, violations."""
    return Replay(_kim.run("case_replay", {"events": events, "config": config or {}}))


def replay_document(cases: Mapping[str, Any]) -> Record:
    """Replays a whole ``kim.cases.v1`` document, case by case."""
    return Record(_kim.run("case_replay", cases))


def report(
    period: str,
    plan: Union["Plan", Mapping[str, Any], None] = None,
    cases: Optional[Mapping[str, Any]] = None,
) -> Report:
    """Report tables for a period (``"2023"``, ``"2023-Q2"``, ``"2023-04"``, ``"a..b"``)."""
    doc: Doc = {"period": period}
    if plan is not None:
        doc["plan"] = _plan_doc(plan)
    if cases is not None:
        doc["cases"] = cases
    return Report(_kim.run("report", doc))


def report_html(
    plan: Union["Plan", Mapping[str, Any]],
    cases: Optional[Mapping[str, Any]] = None,
    *,
    period: Optional[str] = None,
    lang: str = "de",
) -> str:
    """The council report (Sachstandsbericht) of a plan as one self-contained HTML page.

    Funding per Baustein with the source of each rate, forwardings and their financial impact,
    staff funded vs filled, the distribution among the Kommunen, case figures per quarter and
    topic (small counts suppressed), the explanation and the parameter sources, as tables and
    SVG charts; printable on A4, nothing loaded from elsewhere. ``cases`` is a ``kim.cases.v1``
    document (default: the plan's inline cases), ``period`` as in :func:`report` (default: the
    plan's year), ``lang`` ``"de"`` or ``"en"``.
    """
    native = plan._native() if isinstance(plan, Plan) else _kim.NativePlan.read(plan)
    return _kim.report_html(native, cases, period, lang)


def synthetic_cases(
    seed: int = 2023,
    year: int = 2023,
    *,
    cases: Optional[int] = None,
    consultations: Optional[int] = None,
    kommunen: Union[Mapping[str, int], Sequence[Mapping[str, Any]], None] = None,
    state: bool = False,
) -> Doc:
    """Seeded synthetic case data: a ``kim.cases.v1`` document (invented, pseudonymous).

    A Kreis-year of Kreis Heinsberg by default (400 cases, 2,000 consultations); ``kommunen``
    (unit → weight, e.g. population) spreads them over other Kommunen; ``state=True`` gives all
    54 NRW authorities. The same seed gives the same document in every face.
    """
    doc: Doc = {"seed": seed, "year": year, "state": state}
    if cases is not None:
        doc["cases"] = cases
    if consultations is not None:
        doc["consultations"] = consultations
    if isinstance(kommunen, Mapping):
        doc["kommunen"] = [{"unit": k, "weight": w} for k, w in kommunen.items()]
    elif kommunen is not None:
        doc["kommunen"] = list(kommunen)
    return dict(_kim.run("synthetic", doc))


def transition_table() -> List[Doc]:
    """The allowed (from, event, to) rows of the case lifecycle, with labels."""
    return list(_kim.transition_table())


def render_violations(violations: Sequence[Mapping[str, Any]], lang: str = "de") -> str:
    """Violations as text, German (default) or English."""
    return _kim.render_violations(list(violations), lang)


class EventLog:
    """Case events (dicts as :func:`replay` takes them, any number of cases) read once and kept
    native: :func:`replay_many` on it converts nothing, so replaying a state-wide year again
    with another ``config`` costs the replay only. Reading checks each event's shape (errors
    name the index first, ``[3].effective``) and the events-per-case limit; the case rules are
    checked by the replay.

    >>> log = kim.EventLog(kim.synthetic_cases(seed=1)["events"])
    >>> len(log), len(kim.replay_many(log))
    (4815, 400)
    """

    __slots__ = ("_native",)

    def __init__(self, events: Iterable[Mapping[str, Any]]) -> None:
        self._native = _kim.NativeEvents.read(list(events))

    def __len__(self) -> int:
        return len(self._native)

    def to_list(self) -> List[Doc]:
        """The events as dicts (``date`` and ``datetime`` values), in input order."""
        return list(self._native.to_py())

    def __repr__(self) -> str:
        return f"EventLog({len(self)} events)"


class Plan:
    """A ``kim.plan.v1`` document (one authority, one year)."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self._dict: Optional[Doc] = dict(doc)
        self._read: Optional[_kim.NativePlan] = None

    @property
    def _doc(self) -> Doc:
        # the document as a dict; a plan made natively (Plan.example()) converts on first use
        if self._dict is None:
            assert self._read is not None
            self._dict = dict(self._read.to_py())
        return self._dict

    def _native(self) -> _kim.NativePlan:
        # read once, on first use (errors are reported then, with paths under "plan")
        if self._read is None:
            self._read = _kim.NativePlan.read(self._doc)
        return self._read

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> "Plan":
        """A plan from a dict (checked when evaluated or validated)."""
        return cls(doc)

    @classmethod
    def example(cls) -> "Plan":
        """The embedded example: Kreis Heinsberg 2023, built from its council papers."""
        plan = cls.__new__(cls)
        plan._dict, plan._read = None, _kim.NativePlan.example()
        return plan

    @classmethod
    def from_json(cls, text: str) -> "Plan":
        """A plan from JSON text. Numbers stay exact: JSON floats are refused."""
        import json

        return cls(json.loads(text, parse_float=_no_float, parse_constant=_no_float))

    @classmethod
    def load(cls, path: Union[str, Path]) -> "Plan":
        """A plan from a file; a ``cases_file`` next to it is loaded into ``cases``."""
        from pathlib import Path

        p = Path(path)
        plan = cls.from_json(p.read_text(encoding="utf-8"))
        ref = plan._doc.get("cases_file")
        if ref and "cases" not in plan._doc:
            text = (p.parent / ref).read_text(encoding="utf-8")
            import json

            plan._doc["cases"] = json.loads(text, parse_float=_no_float, parse_constant=_no_float)
            del plan._doc["cases_file"]
        return plan

    def to_dict(self) -> Doc:
        """The document as a new dict (a deep copy: editing it leaves the plan as it is)."""
        import copy

        return copy.deepcopy(self._doc)

    def to_json(self) -> str:
        """The document as JSON (decimals as strings)."""
        import json

        return json.dumps(self._doc, default=_json_default, ensure_ascii=False, indent=2)

    def evaluate(
        self,
        options: Optional[Mapping[str, Any]] = None,
        overrides: Optional[Sequence[Mapping[str, Any]]] = None,
        params: Optional[Params] = None,
    ) -> Evaluation:
        """Evaluates the plan (see :func:`evaluate`)."""
        return evaluate(self, options, overrides, params)

    def validate(self) -> List[Doc]:
        """Every violation (see :func:`validate`)."""
        return validate(self)

    def __repr__(self) -> str:
        authority = self._doc.get("authority", {}).get("name", "?")
        return f"Plan({authority!r}, {self._doc.get('year')!r})"


def _no_float(text: str) -> Any:
    # the native converter refuses a float with KIM-P004 (kim.FloatError, message from the core)
    _kim.run("parse", float(text))
    raise AssertionError("unreachable: a float passed the exact-number check")


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
