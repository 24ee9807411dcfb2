#!/usr/bin/env bash
# Python-face benchmarks against a RELEASE build (docs/benchmarks.md, "Python face"):
#   1. a release wheel, built with the dev venv's maturin, into target/bench-wheel;
#   2. a separate venv target/bench-venv with only that wheel (the dev venv .venv, where
#      `maturin develop` installs a debug build, is left alone);
#   3. the Rust side: cargo bench -p kim-core --bench faces (criterion medians in
#      target/criterion/face_*; writes the shared replay input target/bench-input/ if missing);
#   4. kim-py/bench/bench.py with the bench venv's python: the markdown tables and the import
#      time.
# Arguments go to bench.py (e.g. --quick, --only evaluate). KIM_BENCH_SKIP_RUST=1 skips step 3
# (the table then uses the criterion medians of an earlier run, if any).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
BENCH_PYTHON="$(kim-py/bench/wheel.sh)"

if [ "${KIM_BENCH_SKIP_RUST:-0}" != 1 ]; then
    "$CARGO" bench -p kim-core --bench faces
fi

# from outside the source tree, so that `import kim` finds the installed wheel only
cd "$TARGET"
exec "$BENCH_PYTHON" "$ROOT/kim-py/bench/bench.py" "$@"
