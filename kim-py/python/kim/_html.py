"""Compact HTML tables for notebooks (``_repr_html_``): headings from the core's glossary
(``_enums.TERMS``), numbers in German notation, errors in red. Presentation only."""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from . import _kim
from ._enums import TERMS

# (field, kind): kind "euro" and "fte" are formatted by the core, anything else as text
Column = Tuple[str, str]

STYLE = "border-collapse:collapse;font-size:90%"
CELL = "padding:2px 8px;border-bottom:1px solid #ddd"
ERROR = "color:#b00020"
MUTED = "color:#666"


def heading(key: str) -> str:
    """The German heading of a result field (the field name when it is not a glossary term)."""
    return TERMS.get(key, (key, key))[0]


def cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal) and kind in ("euro", "fte"):
        return html.escape(_kim.format_number(kind, value, "de"))
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return html.escape(str(value))


def table(rows: Iterable[Dict[str, Any]], columns: Sequence[Column], limit: Optional[int] = None) -> str:
    """An HTML table of ``rows`` with the given columns (at most ``limit`` rows, then "…")."""
    rows = list(rows)
    shown = rows if limit is None else rows[:limit]
    head = "".join(
        f'<th style="{CELL};text-align:{"right" if k in ("euro", "fte", "int") else "left"}">'
        f"{html.escape(heading(key))}</th>"
        for key, k in columns
    )
    body = []
    for row in shown:
        tds = "".join(
            f'<td style="{CELL};text-align:{"right" if k in ("euro", "fte", "int") else "left"}">'
            f"{cell(row.get(key), k)}</td>"
            for key, k in columns
        )
        body.append(f"<tr>{tds}</tr>")
    if len(shown) < len(rows):
        body.append(
            f'<tr><td colspan="{len(columns)}" style="{CELL};{MUTED}">'
            f"… {len(rows) - len(shown)} weitere Zeilen</td></tr>"
        )
    return f'<table style="{STYLE}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def violations(items: List[Dict[str, Any]]) -> str:
    """Violations as a list: errors in red, warnings and notes muted."""
    if not items:
        return ""
    lis = []
    for v in items:
        style = ERROR if v.get("severity") == "error" else MUTED
        text = f'{v.get("code", "")} {v.get("path", "")}: {v.get("message_de", "")}'
        lis.append(f'<li style="{style}">{html.escape(text)}</li>')
    return f'<ul style="margin:4px 0;font-size:90%">{"".join(lis)}</ul>'


def title(text: str) -> str:
    return f'<div style="font-weight:bold;margin:6px 0 2px">{html.escape(text)}</div>'
