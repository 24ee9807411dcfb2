"""The guide is correct because it is executed: the Python snippets of its pages run (each page
as one session, in order, from the repository root), and every relative link between the pages —
to a file, and to a heading's anchor — resolves. docs/python.md's tour has its own test
(test_examples.py)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Dict, List, Set, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

# pages whose Python snippets run here (python.md: test_examples.py runs its tour)
SNIPPET_PAGES = ["handbuch.md", "handbook.md", "schema/README.md", "reliability.md"]

FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)


def _blocks(page: Path, lang: str) -> List[str]:
    return [body for kind, body in FENCE.findall(page.read_text(encoding="utf-8")) if kind == lang]


@pytest.mark.parametrize("name", SNIPPET_PAGES)
def test_the_python_snippets_of_a_page_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    page = DOCS / name
    if not page.exists():
        pytest.skip(f"{name} is not written yet")
    blocks = _blocks(page, "python")
    assert blocks, f"{name} has no python snippets"
    monkeypatch.chdir(ROOT)
    session: Dict[str, object] = {"__name__": f"docs:{name}"}
    for i, block in enumerate(blocks):
        try:
            exec(compile(block, f"{name} (python block {i + 1})", "exec"), session)
        except Exception as e:  # noqa: BLE001 - report which block failed
            raise AssertionError(f"{name}: python block {i + 1} failed: {e!r}\n{block}") from e


def _slug(heading: str) -> str:
    """The anchor GitHub and mdBook give a heading: lower case, punctuation dropped, spaces as
    hyphens (letters with accents kept)."""
    text = re.sub(r"`|\*\*|\*|_(?=\w)|(?<=\w)_", "", heading.strip())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link in a heading: its text
    text = unicodedata.normalize("NFC", text).lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def _anchors(page: Path) -> Set[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    seen: Dict[str, int] = {}
    out: Set[str] = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.M):
        slug = _slug(heading)
        n = seen.get(slug, 0)
        out.add(slug if n == 0 else f"{slug}-{n}")
        seen[slug] = n + 1
    out.update(re.findall(r'<a (?:name|id)="([^"]+)"', text))
    return out


def _pages() -> List[Path]:
    return sorted(DOCS.rglob("*.md")) + [ROOT / "README.md"] + sorted((ROOT / "kim-wasm").glob("*.md")) + sorted(
        (ROOT / "kim-py").glob("*.md")
    )


LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _links(page: Path) -> List[Tuple[int, str]]:
    text = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), page.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)  # links in inline code are examples
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        out.extend((n, target) for target in LINK.findall(line))
    return out


def test_every_relative_link_resolves() -> None:
    broken: List[str] = []
    checked = 0
    for page in _pages():
        for line, target in _links(page):
            if re.match(r"^[a-z]+:", target) or target.startswith("//"):
                continue  # an absolute URL (not fetched: no network in tests)
            path, _, anchor = target.partition("#")
            dest = page if not path else (page.parent / path).resolve()
            checked += 1
            where = f"{page.relative_to(ROOT)}:{line}: {target}"
            if not dest.exists():
                broken.append(f"{where} (no such file)")
            elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
                broken.append(f"{where} (no heading with this anchor)")
    assert checked > 100
    assert broken == []


def test_the_book_lists_every_page_of_the_guide() -> None:
    summary = (DOCS / "SUMMARY.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"\]\(([^)]+\.md)\)", summary))
    pages = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md") if p.name != "SUMMARY.md"}
    assert pages - listed == set(), "pages of docs/ missing from docs/SUMMARY.md"
    assert listed - pages == set(), "SUMMARY.md names pages that do not exist"


def test_the_link_checker_finds_a_broken_link_and_a_missing_anchor(tmp_path: Path) -> None:
    page = tmp_path / "a.md"
    (tmp_path / "b.md").write_text("# Die Förderung je Baustein\n\n## Sources `R1`\n", encoding="utf-8")
    page.write_text("[x](b.md#die-förderung-je-baustein) [y](b.md#sources-r1) [z](c.md) [w](b.md#nope)\n", encoding="utf-8")
    found = {t: ((page.parent / t.partition("#")[0]).exists(), t.partition("#")[2]) for _, t in _links(page)}
    anchors = _anchors(tmp_path / "b.md")
    assert anchors == {"die-förderung-je-baustein", "sources-r1"}
    assert found["c.md"][0] is False
    assert found["b.md#nope"][1] not in anchors
