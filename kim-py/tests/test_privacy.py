"""Privacy across the Python face (docs/privacy.md): after the consent to case management is
revoked, nothing kim returns or prints about the case — repr, str, the record, the replay as a
dict, the messages of refused events — shows its topics, Rechtskreis or admission facts."""

from __future__ import annotations

from typing import Any, Dict, List

import kim

DETAILS = ("GESUNDHEIT", "AsylbLG", "aufenthaltserlaubnis")


def _ev(i: int, event: str, **kw: Any) -> Dict[str, Any]:
    day = f"2023-03-{i:02d}"
    return {"id": f"e{i}", "case": "c-7", "event": event, "effective": day, "recorded": f"{day}T09:00:00", "actor": "s-1", **kw}


def _history() -> List[Dict[str, Any]]:
    return [
        _ev(1, "open", kommune="Wegberg"),
        _ev(2, "consent", purpose="fallmanagement"),
        _ev(3, "admit", status="aufenthaltserlaubnis", age=34),
        _ev(4, "add_topic", topic="GESUNDHEIT"),
        _ev(5, "set_rechtskreis", rechtskreis="AsylbLG"),
        _ev(6, "revoke_consent", purpose="fallmanagement"),
    ]


def _clean(what: str, text: str) -> None:
    for detail in DETAILS:
        assert detail not in text, f"{what} shows {detail}: {text}"


def test_replay_after_revocation_shows_no_details() -> None:
    late = _ev(7, "add_topic", topic="GESUNDHEIT")
    replay = kim.replay(_history() + [late])
    assert replay["record"]["erased"] is True
    assert replay["violations"], "the late add_topic is refused"
    _clean("repr of the replay", repr(replay))
    _clean("str of the replay", str(replay))
    _clean("the replay as a dict", str(replay.to_dict()))
    # a replay's violations carry the event's index besides the violation
    plain = [{k: v for k, v in x.items() if k != "index"} for x in replay["violations"]]
    _clean("the messages", kim.render_violations(plain, "de"))


def test_case_after_revocation_shows_no_details() -> None:
    case = kim.Case("c-7")
    for e in _history():
        case.apply(e)
    _clean("repr of the case", repr(case))
    _clean("the case record", repr(case.record()))
    try:
        case.apply(_ev(7, "add_topic", topic="GESUNDHEIT"))
    except kim.KimError as e:
        _clean("the error", str(e))
        _clean("the error's entries", repr(e.errors()))
    else:  # pragma: no cover - the event must be refused
        raise AssertionError("add_topic after the revocation was accepted")
