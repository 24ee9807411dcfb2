# kim — one command to run everything: `make test`. The main job on the example: `make demo`.
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: demo test fmt-check clippy rust-test vectors docs-check py-setup py-test py-wheel py-enums bench errors-md

## The main job: evaluate the embedded example plan (Kreis Heinsberg 2023).
demo:
	$(CARGO) run -q -p kim-cli -- plan

## Everything CI checks.
test: fmt-check clippy rust-test vectors docs-check py-test py-wheel
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

docs-check:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p kim-core -q

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

## Benchmarks (criterion); results and how to read them: docs/benchmarks.md.
bench:
	$(CARGO) bench -p kim-core --bench core

## Regenerate docs/errors.md from the code catalogue.
errors-md:
	$(CARGO) run -q -p kim-cli -- errors --markdown > docs/errors.md
