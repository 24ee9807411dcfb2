"""``python -m kim``: the same commands as the ``kim`` binary, for users with only the wheel."""

import sys

from . import _kim


def main() -> int:
    """Runs the command line with ``sys.argv`` and returns its exit code."""
    sys.stdout.flush()
    return _kim.cli(["kim", *sys.argv[1:]])


if __name__ == "__main__":
    raise SystemExit(main())
