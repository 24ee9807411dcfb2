# kim — one command to run everything: `make test`. The main job on the example: `make demo`.
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: schema docs docs-test doc-examples demo test fmt-check clippy rust-test vectors docs-check py-setup py-test py-wheel py-enums py-bench wasm-e2e bench bench-check errors-md bad-inputs-md \
	wasm-setup wasm-build wasm-test wasm-clippy wasm-types

## The main job: evaluate the embedded example plan (Kreis Heinsberg 2023).
demo:
	$(CARGO) run -q -p kim-cli -- plan

## Everything CI checks.
test: fmt-check deny clippy rust-test vectors docs-check docs-test doc-examples fuzz-smoke py-test py-wheel wasm-test wasm-e2e
	@echo "make test: all checks passed"

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

rust-test:
	$(CARGO) test --workspace --exclude kim-py

## The shared conformance vectors through the CLI face.
vectors:
	$(CARGO) run -q -p kim-cli -- vectors tests/vectors

## JSON Schema of the documents (docs/schema/, generated from the Rust types: kim_core::schema);
## `make test` checks them fresh (kim-core/tests/schema.rs) and validates the repository's
## documents against them (kim-py/tests/test_schema.py).
schema:
	KIM_SCHEMA_WRITE=1 $(CARGO) test -q -p kim-core --features schema --test schema

docs-check:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p kim-core -q --features schema

## Every public item of kim-core has a code example: nightly rustdoc's missing_doc_code_examples
## lint, counted per file against kim-core/doc-examples-missing.txt (now empty; the counts may
## only go down).
doc-examples:
	kim-core/scripts/doc-examples.sh

## The guide as an mdBook (docs/book.toml, docs/SUMMARY.md): target/book/index.html. mdbook is
## installed by .ci/run (cargo install mdbook --version 0.5.4 --locked).
MDBOOK ?= mdbook
docs:
	$(MDBOOK) build docs

## Builds the book and runs the Rust snippets of its pages against kim-core, built in a target
## directory of its own so that rustdoc's -L finds one copy of each crate; a snippet that reads a
## file of the repository finds it under KIM_ROOT (the tests run elsewhere). The Python snippets
## and the links: kim-py/tests/test_docs.py (py-test).
docs-test:
	$(MDBOOK) build docs
	$(CARGO) build -q -p kim-core --target-dir target/mdbook
	KIM_ROOT=$(CURDIR) $(MDBOOK) test docs -L $(CURDIR)/target/mdbook/debug/deps

## Supply chain (deny.toml, docs/dependencies.md): licences, bans (duplicate versions, wildcard
## requirements) and sources (crates.io only) of the Cargo.lock graph. Offline once the crates
## are fetched; cargo-deny itself is installed by .ci/run (cargo install cargo-deny --locked).
## deny-advisories adds the RustSec advisory database, which it fetches (network), so it is not
## part of `make test`.
.PHONY: deny deny-advisories
deny:
	$(CARGO) fetch --locked -q
	$(CARGO) deny --offline --locked check licenses bans sources

deny-advisories:
	$(CARGO) deny --locked check advisories

## Fuzzing (docs/reliability.md, "Fuzzing"): every entry point of kim-core under cargo-fuzz
## (libFuzzer, nightly toolchain; both installed by .ci/run), corpora seeded from tests/vectors.
## `make fuzz` runs each target FUZZ_SECONDS, fuzz-smoke 20 s each. No sanitizer: kim-core has no
## unsafe code, and ASan would cost 2.5x the executions; debug assertions and overflow checks stay on.
.PHONY: fuzz fuzz-smoke
FUZZ_TARGETS := plan_json cases_json distribute parse_numbers
FUZZ_SECONDS ?= 600
FUZZ_DIR := $(CURDIR)/kim-core/fuzz
fuzz:
	$(PYTHON) $(FUZZ_DIR)/seed.py
	set -e; for t in $(FUZZ_TARGETS); do \
	  $(CARGO) +nightly fuzz run --fuzz-dir $(FUZZ_DIR) --sanitizer none $$t -- -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -dict=$(FUZZ_DIR)/corpus/$$t.dict -print_final_stats=1 $(FUZZ_ARGS); \
	done

## The smoke run starts from a fixed seed (FUZZ_ARGS), so that make test does not depend on luck;
## `make fuzz` explores with a new seed each time.
fuzz-smoke:
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=20 FUZZ_ARGS=-seed=1

## Python face: a venv in .venv with pinned tools, the extension built by maturin, then pytest
## (unit tests and every vector through the public API) and mypy --strict (stub and py.typed).
PYTHON ?= python3
VENV := $(CURDIR)/.venv
py-setup: $(VENV)/.installed
$(VENV)/.installed: kim-py/requirements-dev.txt
	[ -x $(VENV)/bin/python ] || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -r kim-py/requirements-dev.txt
	touch $@

py-test: py-setup
	VIRTUAL_ENV=$(VENV) $(VENV)/bin/maturin develop -q -m kim-py/Cargo.toml
	$(VENV)/bin/pytest -q kim-py/tests
	$(VENV)/bin/pytest -q --nbmake kim-py/examples/kreis-heinsberg-2023.ipynb
	$(VENV)/bin/mypy --strict kim-py/examples/*.py
	$(VENV)/bin/mypy --strict kim-py/tests/typing_check.py kim-py/python/kim
	$(VENV)/bin/python -m mypy.stubtest kim._kim

## Python face benchmarks: a release wheel in target/bench-venv against the same operations in
## Rust (kim-py/bench/run.sh; results in docs/benchmarks.md, "Python face"). About 5 min.
py-bench: py-setup
	kim-py/bench/run.sh

## Regenerate kim-py/python/kim/_enums.py from the core's vocabulary (kim-core/src/vocab.rs).
py-enums: py-setup
	VIRTUAL_ENV=$(VENV) $(VENV)/bin/maturin develop -q -m kim-py/Cargo.toml
	$(VENV)/bin/python kim-py/tools/gen_enums.py

## The release wheel, installed into a fresh venv and smoke-tested from outside the tree.
SMOKE := $(CURDIR)/target/wheel-smoke
py-wheel: py-setup
	rm -rf $(SMOKE)
	$(VENV)/bin/maturin build -q --release -m kim-py/Cargo.toml --out $(SMOKE)/dist
	$(PYTHON) -m venv $(SMOKE)/venv
	$(SMOKE)/venv/bin/pip install -q --no-index $(SMOKE)/dist/*.whl
	cd $(SMOKE) && $(SMOKE)/venv/bin/python $(CURDIR)/kim-py/tests/smoke_wheel.py

## Benchmarks: criterion (Rust), then the batch table across Rust, Python and JS written into
## docs/benchmarks.md (kim-py/bench/batch.sh --write); how to read them: docs/benchmarks.md.
bench:
	$(CARGO) bench -p kim-core --bench core
	CARGO="$(CARGO)" kim-py/bench/batch.sh --write

## Batches across the faces (docs/benchmarks.md, "Batches across the faces"): the same inputs
## through Rust, Python (a release wheel) and JS; prints one table and checks the budgets
## (Python batch ≤ 1.5 × Rust at 100,000 items; 396 units distributed in ≤ 200 µs). A few minutes.
bench-check:
	CARGO="$(CARGO)" kim-py/bench/batch.sh

## Regenerate docs/bad-inputs.md from the bad-input vectors (tests/vectors/bad-inputs/).
bad-inputs-md:
	KIM_BLESS=1 $(CARGO) test -q -p kim-core --lib docs_bad_inputs_md_is_fresh

## Regenerate docs/errors.md from the code catalogue.
errors-md:
	$(CARGO) run -q -p kim-cli -- errors --markdown > docs/errors.md

## WebAssembly face (kim-wasm): wasm-bindgen over kim-core, built into kim-wasm/pkg/web (ESM,
## publishable) and kim-wasm/pkg/node (CommonJS) by kim-wasm/scripts/build.sh; see kim-wasm/README.md.
## Setup: the wasm32 target, wasm-bindgen-cli of Cargo.lock's wasm-bindgen version (cargo install
## without --locked: the CLI's own lockfile pins a crate the registry here lacks), and the pinned npm
## dev tools (binaryen's wasm-opt, tsc, playwright-core, fast-check) from kim-wasm/package-lock.json.
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3 }' Cargo.lock)
WASM_NPM := kim-wasm/node_modules/.installed
wasm-setup: $(WASM_NPM)
	rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	  $(CARGO) install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION); \
	fi
$(WASM_NPM): kim-wasm/package.json kim-wasm/package-lock.json
	npm ci --prefix kim-wasm --no-audit --no-fund
	touch $@

## Release build (profile wasm-release) → wasm-bindgen → wasm-opt -Oz, both packages.
wasm-build: wasm-setup
	CARGO="$(CARGO)" kim-wasm/scripts/build.sh

## Binding-layer tests under Node (wasm-bindgen-test), every shared vector and the API tests through
## the JS package (node --test), the TypeScript consumer (tsc --strict, with lines that must fail),
## the freshness of the committed declarations and the size budget.
## The demo web form (kim-wasm/www) in headless Chromium (playwright-core from kim-wasm's dev
## tools; /usr/bin/chromium, installed by .ci/run): screenshots in target/e2e/.
wasm-e2e: wasm-build
	node kim-wasm/e2e/run.mjs

wasm-test: wasm-build wasm-clippy
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner $(CARGO) test --target wasm32-unknown-unknown -p kim-wasm
	node --test kim-wasm/tests/*.test.mjs
	kim-wasm/node_modules/.bin/tsc --strict --noEmit -p kim-wasm/tests/ts
	kim-wasm/scripts/check-types.sh
	kim-wasm/scripts/check-size.sh

wasm-clippy: wasm-setup
	$(CARGO) clippy -p kim-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings

## After a deliberate change of an exported type: refresh the committed declarations.
wasm-types: wasm-build
	cp kim-wasm/pkg/web/kim_wasm.d.ts kim-wasm/types/kim_wasm.d.ts
