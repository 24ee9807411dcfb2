"""kim's exceptions. Every violation carries a stable code, a field path, a severity and
messages in English and German; ``errors()`` lists them pydantic-style."""

from __future__ import annotations

from typing import Any, Dict, List, Optional


class KimError(Exception):
    """Every error kim raises for bad input or a broken rule."""

    def __init__(self, message: str, violations: Optional[List[Dict[str, Any]]] = None) -> None:
        super().__init__(message)
        self._message = message
        self._violations: List[Dict[str, Any]] = list(violations or [])

    def errors(self) -> List[Dict[str, Any]]:
        """Every violation: ``{code, path, severity, message, message_de, params}``."""
        return [
            {
                "code": v.get("code"),
                "path": v.get("path", ""),
                "severity": v.get("severity"),
                "message": v.get("message_en"),
                "message_de": v.get("message_de"),
                "params": dict(v.get("params") or {}),
            }
            for v in self._violations
        ]

    def error_count(self) -> int:
        """Number of violations."""
        return len(self._violations)

    @property
    def code(self) -> Optional[str]:
        """Code of the first violation (``KIM-V012``)."""
        return self._violations[0].get("code") if self._violations else None

    @property
    def path(self) -> Optional[str]:
        """Field path of the first violation."""
        return self._violations[0].get("path") if self._violations else None

    def __str__(self) -> str:
        lines = [self._message]
        for e in self.errors():
            at = f" {e['path']}" if e["path"] else ""
            lines.append(f"  {e['code']}{at}: {e['message']}")
        return "\n".join(lines)

    def __reduce__(self) -> Any:
        return (self.__class__, (self._message, self._violations))


class ValidationError(KimError, ValueError):
    """Input that breaks kim's rules or document format (also a ``ValueError``)."""


class InputTypeError(KimError, TypeError):
    """A Python value that cannot be part of a kim document (``KIM-P010``): a ``set``,
    ``bytes``, an object, a ``dict`` key that is not a ``str``, a NaN or infinite ``Decimal``.
    Also a ``TypeError``."""


class FloatError(InputTypeError):
    """A ``float`` where an exact number is needed (``KIM-P004``): use ``Decimal``, ``int`` or
    ``str``. Also a ``TypeError``."""


class ParamsError(ValidationError):
    """A parameter (rate) problem: codes ``KIM-R…``."""


class AllocationError(ValidationError):
    """A distribution problem: codes ``KIM-A…``."""


class CaseError(ValidationError):
    """A case-management problem: codes ``KIM-C…``."""
