# Sourced by the benchmark scripts of kim-py/bench: strict mode, the repository root as the
# working directory, and the cargo command and target directory they share.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
CARGO="${CARGO:-cargo}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
