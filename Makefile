# kim — one command to run everything: `make test`. The main job on the example: `make demo`.
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: demo test fmt-check clippy rust-test vectors docs-check bench errors-md

## The main job: evaluate the embedded example plan (Kreis Heinsberg 2023).
demo:
	$(CARGO) run -q -p kim-cli -- plan

## Everything CI checks.
test: fmt-check clippy rust-test vectors docs-check
	@echo "make test: all checks passed"

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

rust-test:
	$(CARGO) test --workspace

## The shared conformance vectors through the CLI face.
vectors:
	$(CARGO) run -q -p kim-cli -- vectors tests/vectors

docs-check:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p kim-core -q

## Benchmarks (criterion); results and how to read them: docs/benchmarks.md.
bench:
	$(CARGO) bench -p kim-core --bench core

## Regenerate docs/errors.md from the code catalogue.
errors-md:
	$(CARGO) run -q -p kim-cli -- errors --markdown > docs/errors.md
