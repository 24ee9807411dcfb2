#!/usr/bin/env python3
"""Seeds the fuzz corpora from the conformance vectors (tests/vectors, kim.vectors.v1).

Writes each matching vector input (up to 64 KiB) as JSON text into corpus/<target>/ (file
name: its SHA-1, as libFuzzer names its own finds) and a libFuzzer dictionary
corpus/<target>.dict with the vectors' field names and short string values (kinds, codes,
dates). Standard library only; run from anywhere: `python3 kim-core/fuzz/seed.py`.
"""

import hashlib
import json
import pathlib

FUZZ = pathlib.Path(__file__).resolve().parent
VECTORS = FUZZ.parent.parent / "tests" / "vectors"
# Larger inputs (the limit checks of tests/vectors/bad-inputs) would only slow the fuzzers.
MAX_SEED_BYTES = 64 * 1024

# Signs, separators and currency marks the number parsers know (kim-core/src/money.rs).
NUMBER_WORDS = {"€", " €", "EUR", "\u00a0", "\u202f", "\u2212", "-", "+", ".000", ",000", ",5"}


def seeds(op, inp):
    """(target, text) pairs for one vector case."""
    if op in ("evaluate_plan", "validate_plan"):
        if "plan" in inp:
            yield "plan_json", inp["plan"]
        yield "plan_json", inp  # the whole input, with options and overrides
    elif op in ("grant", "forward"):
        yield "plan_json", inp
    elif op in ("case_replay", "report"):
        yield "cases_json", inp
    elif op == "distribute":
        yield "distribute", inp
    elif op == "parse":
        yield "parse_numbers", inp.get("text")


def words(value, out):
    """Collects object keys and short strings of a JSON value."""
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(json.dumps(k))
            words(v, out)
    elif isinstance(value, list):
        for v in value:
            words(v, out)
    elif isinstance(value, str) and len(value) <= 24:
        out.add(json.dumps(value, ensure_ascii=False))


def dict_line(token):
    """A libFuzzer dictionary entry: printable ASCII as is, other bytes as \\xNN."""
    body = "".join(
        chr(b) if 0x20 <= b < 0x7F and b not in b'\\"' else f"\\x{b:02x}" for b in token.encode()
    )
    return f'"{body}"'


def main():
    corpus = FUZZ / "corpus"
    found = {}
    for path in sorted(VECTORS.rglob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            for target, inp in seeds(case["op"], case["input"]):
                text = inp if target == "parse_numbers" else json.dumps(inp, ensure_ascii=False)
                if not isinstance(text, str) or len(text.encode()) > MAX_SEED_BYTES:
                    continue
                found.setdefault(target, set()).add(text)
    for target, texts in sorted(found.items()):
        out = corpus / target
        out.mkdir(parents=True, exist_ok=True)
        tokens = set()
        for text in texts:
            data = text.encode()
            (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
            if target != "parse_numbers":
                words(json.loads(text), tokens)
        if target == "parse_numbers":
            tokens = NUMBER_WORDS
        (corpus / f"{target}.dict").write_text(
            "".join(dict_line(t) + "\n" for t in sorted(tokens)), encoding="utf-8"
        )
        print(f"seed.py: {len(texts)} inputs, {len(tokens)} dictionary words -> {out}")


if __name__ == "__main__":
    main()
