"""Read-only results: mappings with attribute access (``ev.grant.total``), a short ``repr``,
``to_dict()``, and for results with an explanation ``explain()`` and ``trace()``."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence, TypeVar, Union, overload

from . import _kim
from ._enums import Method


_T = TypeVar("_T")


def _deepcopy(value: _T) -> _T:
    """A deep copy (the copy module imported on first use: import time)."""
    import copy

    return copy.deepcopy(value)


if TYPE_CHECKING:
    from . import _html
else:

    class _LazyHtml:
        """The HTML renderer of the notebook views, imported when first used (import time)."""

        def __getattr__(self, name: str) -> Any:
            from . import _html as module

            return getattr(module, name)

    _html = _LazyHtml()


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


class Lazy(Mapping[str, Any]):
    """A result document whose fields stay native until read: each top-level field is converted
    to Python objects on first access and kept. Behaves as a read-only mapping."""

    __slots__ = ("_native", "_names", "_cache")

    def __init__(self, native: Any) -> None:
        self._native = native
        # the field names are asked for on first need: a batch of results wraps each without
        # paying for them
        self._names: Optional[List[str]] = None
        self._cache: Dict[str, Any] = {}

    @property
    def _keys(self) -> List[str]:
        if self._names is None:
            self._names = self._native.keys()
        return self._names

    def __getitem__(self, key: str) -> Any:
        try:
            return self._cache[key]
        except KeyError:
            pass
        # the native result raises KeyError for a field it does not have
        value = self._cache[key] = self._native.field(key)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def fresh(self) -> Dict[str, Any]:
        """The whole document as new Python objects (nothing shared with the cache)."""
        return dict(self._native.to_py())


class Results(Sequence[_T]):
    """The results of a batch (:func:`kim.replay_many`, …), in input order. A read-only
    sequence: each result is made when first read, so a batch of 10,000 replays returns
    without building 10,000 Python objects. Compares equal to a list of the same results."""

    __slots__ = ("_batch", "_wrap", "_items")

    def __init__(self, batch: Any, wrap: Callable[[Lazy], _T]) -> None:
        self._batch = batch
        self._wrap = wrap
        self._items: List[Optional[_T]] = [None] * len(batch)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> _T: ...

    @overload
    def __getitem__(self, index: slice) -> List[_T]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[_T, List[_T]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        item = self._items[index]  # IndexError beyond the ends
        if item is None:
            item = self._items[index] = self._wrap(Lazy(self._batch[index]))
        return item

    def __iter__(self) -> Iterator[_T]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Results, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def to_list(self) -> List[_T]:
        """All results as a list."""
        return list(self)

    def __repr__(self) -> str:
        kind = self._wrap.__name__ if isinstance(self._wrap, type) else "result"
        return f"Results({len(self)} × {kind})"


def _document(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    # a Lazy result stays lazy; anything else is copied into a plain dict
    return doc if isinstance(doc, Lazy) else dict(doc)


class Record(Mapping[str, Any]):
    """A read-only result document: ``r["total"]`` or ``r.total``; nested documents are
    records too. Amounts are ``Decimal``, dates ``date``."""

    __slots__ = ("_doc",)

    # fields whose documents have a richer result class than Record (set below the classes)
    _FIELDS: Dict[str, Callable[[Mapping[str, Any]], Any]] = {}

    def __init__(self, doc: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_doc", _document(doc))

    def _field(self, key: str) -> Any:
        value = self._doc[key]
        wrap = type(self)._FIELDS.get(key)
        return wrap(value) if wrap is not None and isinstance(value, dict) else _wrap(value)

    def __getitem__(self, key: str) -> Any:
        return self._field(key)

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__") or key == "_doc":
            raise AttributeError(key)
        try:
            return self._field(key)
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no field {key!r}") from None

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __reduce__(self) -> Any:
        # pickling and copying rebuild the (read-only) result from its document
        return (type(self), (dict(self._doc),))

    def __iter__(self) -> Iterator[str]:
        return iter(self._doc)

    def __len__(self) -> int:
        return len(self._doc)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return dict(self._doc) == dict(other._doc)
        if isinstance(other, Mapping):
            return dict(self._doc) == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> Dict[str, Any]:
        """A deep copy as plain dicts and lists."""
        if isinstance(self._doc, Lazy):
            return self._doc.fresh()
        return _deepcopy(dict(self._doc))

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
        return _deepcopy(self._doc["trace"])

    def explain(self, lang: str = "de") -> str:
        """The explanation as text, German (default) or English."""
        return _kim.render_trace(self._doc["trace"], lang)


def _name(party: Any) -> Any:
    return party.get("name") if isinstance(party, Mapping) else None


def _kind(party: Any) -> Any:
    return party.get("kind") if isinstance(party, Mapping) else None


def _grant_rows(doc: Mapping[str, Any]) -> List[Dict[str, Any]]:
    rows = []
    for line in doc["grant"]["lines"]:
        rates = line.get("rates") or []
        rows.append({
            "index": line.get("index"),
            "item": line.get("item"),
            "kind": line.get("kind"),
            "baustein": line.get("baustein"),
            "fte": line.get("fte"),
            "period_from": line.get("period", {}).get("from"),
            "period_to": line.get("period", {}).get("to"),
            "factor": line.get("factor"),
            # one rate for the whole period, or several (the trace explains the split)
            "per_fte": rates[0].get("per_fte") if len(rates) == 1 else None,
            "amount": line.get("amount"),
            "status": line.get("status"),
            "illustrative": line.get("illustrative"),
        })
    return rows


def _forwarding_rows(doc: Mapping[str, Any]) -> List[Dict[str, Any]]:
    keys = ("kind", "baustein", "fte", "cap", "own_cost", "reimbursed", "onward_reimbursed",
            "retained", "top_up", "own_share", "over_financing", "estimated")
    rows = []
    for f in doc["forwardings"]:
        row = {"id": f.get("id"), "payer": _name(f.get("from")), "recipient": _name(f.get("to")),
               "recipient_kind": _kind(f.get("to"))}
        row.update({k: f.get(k) for k in keys})
        rows.append(row)
    return rows


def _employer_rows(items: List[Dict[str, Any]], party: str = "employer") -> List[Dict[str, Any]]:
    rows = []
    for item in items:
        row = {party: _name(item.get(party)), f"{party}_kind": _kind(item.get(party))}
        row.update({k: v for k, v in item.items() if k != party})
        rows.append(row)
    return rows


def _violation_rows(doc: Mapping[str, Any]) -> List[Dict[str, Any]]:
    keys = ("code", "severity", "path", "message_de", "message_en")
    return [{k: v.get(k) for k in keys} for v in list(doc["violations"]) + list(doc["warnings"])]


_EVALUATION_TABLES: Dict[str, Callable[[Mapping[str, Any]], List[Dict[str, Any]]]] = {
    "grant": _grant_rows,
    "by_baustein": lambda d: [dict(r) for r in d["grant"]["by_baustein"]],
    "forwardings": _forwarding_rows,
    # staffing and totals are absent when a lenient evaluation found errors
    "staffing": lambda d: _employer_rows(d.get("staffing", {}).get("by_employer", [])),
    "own_share": lambda d: _employer_rows(d.get("totals", {}).get("own_share_by_employer", [])),
    "top_ups": lambda d: _employer_rows(d.get("totals", {}).get("top_ups_by_payer", []), "party"),
    "distribution": lambda d: Allocation(d["distribution"]).to_records() if d.get("distribution") else [],
    "violations": _violation_rows,
}


class Evaluation(Explained):
    """A plan's evaluation: ``grant``, ``forwardings``, ``staffing``, ``totals``,
    ``violations``, ``warnings``, ``trace``; as tables through :meth:`tables`,
    :meth:`to_records` and :meth:`to_pandas`."""

    __slots__ = ()

    def tables(self) -> List[str]:
        """The names of the tables: ``grant`` (one row per grant line), ``by_baustein``,
        ``forwardings``, ``staffing`` (funded vs filled per employer), ``own_share``,
        ``top_ups``, ``distribution`` (empty without one) and ``violations`` (with warnings)."""
        return list(_EVALUATION_TABLES)

    def to_records(self, table: str) -> List[Dict[str, Any]]:
        """The rows of one table as flat dicts (parties as ``…`` name and ``…_kind``)."""
        try:
            rows = _EVALUATION_TABLES[table]
        except KeyError:
            raise KeyError(f"no table {table!r}; the tables are {', '.join(self.tables())}") from None
        return _deepcopy(rows(self._doc))

    def to_pandas(self, table: str) -> Any:
        """One table as a pandas DataFrame (``Decimal`` cells stay ``Decimal``; pandas is optional)."""
        return _frame(self.to_records(table))

    def _repr_html_(self) -> str:
        d = self._doc
        authority = d.get("authority", {}).get("name", "")
        parts = [_html.title(f"{authority} {d.get('year', '')}: Auswertung")]
        totals = d.get("totals")
        if totals is not None:
            parts.append(_html.table(
                [totals],
                [("land_money", "euro"), ("forwarded", "euro"),
                 ("retained_by_authority", "euro"), ("top_ups", "euro")],
            ))
        else:
            parts.append(_html.table([{"land_money": d["grant"]["total"]}], [("land_money", "euro")]))
        if d["forwardings"]:
            parts.append(_html.title("Weiterleitungen"))
            parts.append(_html.table(
                _forwarding_rows(d),
                [("recipient", "text"), ("kind", "text"), ("fte", "fte"), ("cap", "euro"),
                 ("own_cost", "euro"), ("reimbursed", "euro"), ("top_up", "euro"),
                 ("own_share", "euro")],
            ))
        parts.append(_html.violations(list(d["violations"]) + list(d["warnings"])))
        return "".join(parts)


class Grant(Explained):
    """The Land's grant: ``total``, ``lines``, ``by_baustein``, ``trace``."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        rows = [dict(r) for r in self._doc["by_baustein"]]
        rows.append({"baustein": "Summe", "amount": self._doc["total"]})
        return _html.title("Landesförderung") + _html.table(
            rows,
            [("baustein", "text"), ("fte", "fte"), ("personnel", "euro"),
             ("workplace_setup", "euro"), ("amount", "euro")],
        ) + _html.violations(list(self._doc.get("warnings", [])))


class ForwardingResult(Explained):
    """One forwarding: ``reimbursed``, ``top_up``, ``own_share``, ``onward``, ``trace``."""

    __slots__ = ()


class Allocation(Mapping[str, Any]):
    """A distribution as a mapping unit → share (``Decimal`` VZÄ, in input order, overrides
    applied), with the details as attributes: ``allocation`` (quotas, priorities, ranks, ties),
    ``regions``, ``shares``, ``sum``, ``warnings``; ``explain()`` and ``trace()``."""

    __slots__ = ("_doc",)

    def __init__(self, doc: Mapping[str, Any]) -> None:
        # a native result stays native until a field is read (kim.distribute returns before
        # its shares and explanation are converted)
        object.__setattr__(self, "_doc", _document(doc))

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

    def __reduce__(self) -> Any:
        # pickling and copying rebuild the (read-only) result from its document
        return (type(self), (dict(self._doc),))

    def to_dict(self) -> Dict[str, Any]:
        """The whole result (``kim.distribution`` document) as plain dicts and lists."""
        if isinstance(self._doc, Lazy):
            return self._doc.fresh()
        return _deepcopy(dict(self._doc))

    def trace(self) -> Dict[str, Any]:
        """The explanation as a ``kim.trace.v1`` document."""
        return _deepcopy(self._doc["allocation"]["trace"])

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
            rows.append(_deepcopy(row))
        return rows

    def to_pandas(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (pandas is optional)."""
        return _frame(self.to_records())

    def _repr_html_(self) -> str:
        a = self._doc["allocation"]
        method = Method(a["method"]).label_de
        return _html.title(f"Verteilung von {_kim.format_number('fte', a['total'], 'de')} VZÄ ({method})") + _html.table(
            self.to_records(),
            [("unit", "text"), ("weight", "text"), ("quota", "fte"), ("fte", "fte")],
        ) + _html.violations(list(self._doc.get("warnings", [])))

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
        return _deepcopy(list(self._doc[table]))

    def to_pandas(self, table: str) -> Any:
        """One table as a pandas DataFrame (pandas is optional)."""
        return _frame(self.to_records(table))

    def _repr_html_(self) -> str:
        parts = []
        for name in self.tables():
            rows = self.to_records(name)
            if rows:
                columns = [(k, "fte" if k == "fte" else "text") for k in rows[0]]
                parts.append(_html.title(name) + _html.table(rows, columns, limit=12))
        return "".join(parts)


class Replay(Record):
    """A case replay: ``final_state``, ``record``, ``timeline``, ``violations``."""

    __slots__ = ()


Evaluation._FIELDS = {"grant": Grant, "distribution": Allocation}
