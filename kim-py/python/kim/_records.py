"""Read-only results: mappings with attribute access (``ev.grant.total``), a short ``repr``,
``to_dict()``, and for results with an explanation ``explain()`` and ``trace()``."""

from __future__ import annotations

import copy
import importlib
from typing import Any, Dict, Iterator, List, Mapping

from . import _kim


def _frame(rows: List[Dict[str, Any]]) -> Any:
    """A pandas DataFrame of rows (``Decimal`` and ``date`` cells kept as objects)."""
    try:
        pandas = importlib.import_module("pandas")  # optional dependency, imported on use
    except ImportError:
        raise ImportError(
            "kim: to_pandas() needs pandas (pip install pandas); "
            "the same rows are available without it from to_records()"
        ) from None
    return pandas.DataFrame.from_records(rows)


def _wrap(value: Any) -> Any:
    if isinstance(value, dict):
        return Record(value)
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


class Record(Mapping[str, Any]):
    """A read-only result document: ``r["total"]`` or ``r.total``; nested documents are
    records too. Amounts are ``Decimal``, dates ``date``."""

    __slots__ = ("_doc",)

    def __init__(self, doc: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_doc", dict(doc))

    def __getitem__(self, key: str) -> Any:
        return _wrap(self._doc[key])

    def __getattr__(self, key: str) -> Any:
        try:
            return _wrap(self._doc[key])
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no field {key!r}") from None

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __iter__(self) -> Iterator[str]:
        return iter(self._doc)

    def __len__(self) -> int:
        return len(self._doc)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return bool(self._doc == other._doc)
        if isinstance(other, Mapping):
            return bool(self._doc == dict(other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> Dict[str, Any]:
        """A deep copy as plain dicts and lists."""
        return copy.deepcopy(self._doc)

    def __repr__(self) -> str:
        shown = []
        for key in list(self._doc)[:4]:
            value = self._doc[key]
            if isinstance(value, (dict, list)):
                shown.append(f"{key}=…")
            else:
                shown.append(f"{key}={value!r}")
        more = ", …" if len(self._doc) > 4 else ""
        return f"{type(self).__name__}({', '.join(shown)}{more})"


class Explained(Record):
    """A result that explains itself: ``explain()`` (text) and ``trace()`` (kim.trace.v1)."""

    __slots__ = ()

    def trace(self) -> Dict[str, Any]:
        """The explanation as a ``kim.trace.v1`` document (or trace node)."""
        return copy.deepcopy(self._doc["trace"])

    def explain(self, lang: str = "de") -> str:
        """The explanation as text, German (default) or English."""
        return _kim.render_trace(self._doc["trace"], lang)


class Evaluation(Explained):
    """A plan's evaluation: ``grant``, ``forwardings``, ``staffing``, ``totals``,
    ``violations``, ``warnings``, ``trace``."""

    __slots__ = ()


class Grant(Explained):
    """The Land's grant: ``total``, ``lines``, ``by_baustein``, ``trace``."""

    __slots__ = ()


class ForwardingResult(Explained):
    """One forwarding: ``reimbursed``, ``top_up``, ``own_share``, ``onward``, ``trace``."""

    __slots__ = ()


class Allocation(Mapping[str, Any]):
    """A distribution as a mapping unit → share (``Decimal`` VZÄ, in input order, overrides
    applied), with the details as attributes: ``allocation`` (quotas, priorities, ranks, ties),
    ``regions``, ``shares``, ``sum``, ``warnings``; ``explain()`` and ``trace()``."""

    __slots__ = ("_doc",)

    def __init__(self, doc: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_doc", dict(doc))

    def __getitem__(self, unit: str) -> Any:
        for s in self._doc["shares"]:
            if s["unit"] == unit:
                return s["fte"]
        raise KeyError(unit)

    def __iter__(self) -> Iterator[str]:
        return (s["unit"] for s in self._doc["shares"])

    def __len__(self) -> int:
        return len(self._doc["shares"])

    def __getattr__(self, key: str) -> Any:
        try:
            return _wrap(self._doc[key])
        except KeyError:
            raise AttributeError(f"Allocation has no field {key!r}") from None

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("Allocation is read-only")

    def to_dict(self) -> Dict[str, Any]:
        """The whole result (``kim.distribution`` document) as plain dicts and lists."""
        return copy.deepcopy(self._doc)

    def trace(self) -> Dict[str, Any]:
        """The explanation as a ``kim.trace.v1`` document."""
        return copy.deepcopy(self._doc["allocation"]["trace"])

    def explain(self, lang: str = "de") -> str:
        """How each share came about, German (default) or English."""
        return _kim.render_trace(self._doc["allocation"]["trace"], lang)

    def to_records(self) -> List[Dict[str, Any]]:
        """One row per unit: ``unit``, ``region``, ``computed``, ``fte``, ``override_reason``,
        and the computed ``weight``, ``quota``, ``priority``, ``rank`` where the unit was
        apportioned directly."""
        detail = {s["unit"]: s for s in self._doc["allocation"]["shares"]}
        rows = []
        for s in self._doc["shares"]:
            row = dict(s)
            d = detail.get(s["unit"])
            if d is not None:
                for key in ("weight", "quota", "priority", "rank"):
                    row[key] = d.get(key)
            rows.append(copy.deepcopy(row))
        return rows

    def to_pandas(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (pandas is optional)."""
        return _frame(self.to_records())

    def __repr__(self) -> str:
        items = list(self.items())
        shown = ", ".join(f"{u!r}: {v!r}" for u, v in items[:4])
        more = ", …" if len(items) > 4 else ""
        return f"Allocation({{{shown}{more}}})"


class Report(Record):
    """Report tables (``consultations``, ``case_flow``, …, ``staffing``, ``money``)."""

    __slots__ = ()

    def tables(self) -> List[str]:
        """The names of the tables (lists of rows)."""
        return [k for k, v in self._doc.items() if isinstance(v, list) and k != "notes"]

    def to_records(self, table: str) -> List[Dict[str, Any]]:
        """The rows of one table as plain dicts (counts: ``int``, or ``"<3"`` when suppressed)."""
        if table not in self.tables():
            raise KeyError(f"no table {table!r}; the tables are {', '.join(self.tables())}")
        return copy.deepcopy(list(self._doc[table]))

    def to_pandas(self, table: str) -> Any:
        """One table as a pandas DataFrame (pandas is optional)."""
        return _frame(self.to_records(table))


class Replay(Record):
    """A case replay: ``final_state``, ``record``, ``timeline``, ``violations``."""

    __slots__ = ()
