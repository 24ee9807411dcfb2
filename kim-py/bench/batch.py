"""The Python column of the cross-face batch benchmark (kim-py/bench/batch.sh): the same inputs
and measures as kim-core/examples/batch_bench.rs, through the public API of an installed
release wheel. Prints JSON: seconds per operation.

    python batch.py DIR PLANS
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, Callable, List

import kim


def times(runs: int, fn: Callable[[], Any]) -> List[float]:
    """Seconds of each of `runs` calls, sorted."""
    out: List[float] = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return sorted(out)


def main() -> None:
    folder, plans = Path(sys.argv[1]), int(sys.argv[2])
    events = json.loads((folder / "events.json").read_text(encoding="utf-8"))
    dist = json.loads((folder / "distribute-396.json").read_text(encoding="utf-8"))
    kreis = json.loads((folder / "kreis-events.json").read_text(encoding="utf-8"))
    many = [kim.Plan.example()] * plans
    log = kim.EventLog(events)
    # the single distribution first, as in the Rust and JS columns (see batch_bench.rs)
    distribute = times(2001, lambda: kim.distribute(dist))[1000]
    print(json.dumps({
        "distribute_396": distribute,
        "evaluate_many": times(3, lambda: kim.evaluate_many(many))[0],
        # events read once (kim.EventLog), as Rust holds them: the batch call itself
        "replay_many": times(3, lambda: kim.replay_many(log))[0],
        # from the dicts, reading included
        "replay_many_dicts": times(3, lambda: kim.replay_many(events))[0],
        # reading the dicts into a kim.EventLog alone
        "event_log_read": times(3, lambda: kim.EventLog(events))[0],
        "replay_kreis": times(21, lambda: kim.replay_many(kreis))[10],
        "plans": plans,
        "events": len(events),
    }))


if __name__ == "__main__":
    main()
