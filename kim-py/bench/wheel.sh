#!/usr/bin/env bash
# A release wheel of kim-py in its own venv (target/bench-venv), for benchmarks: the dev venv
# (.venv, where `maturin develop` installs a debug build) is left alone. Prints the venv's python.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
PYTHON="${PYTHON:-python3}"
WHEELS="$TARGET/bench-wheel"
VENV="$TARGET/bench-venv"
[ -x .venv/bin/maturin ] || make py-setup >&2
rm -rf "$WHEELS"
.venv/bin/maturin build -q --release -m kim-py/Cargo.toml --out "$WHEELS" >&2
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install -q --no-index --force-reinstall "$WHEELS"/*.whl >&2
echo "$VENV/bin/python"
