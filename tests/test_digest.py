"""The digest page: one self-contained HTML page of a night's briefs.

Article text is untrusted: whatever a story contains must come out as text,
never as markup.  The page has no script and loads nothing.
"""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from summarize import digest
from summarize.errors import InputNotFoundError, UsageError
from summarize.results import Brief, Sentence, Source, Summary, Translation


def record(
    ident: str,
    sentences: list[str],
    translated: list[str] | None = None,
    *,
    lang: str = "fr",
    title: str | None = None,
    checks: list[dict[str, Any]] | None = None,
    probability: float = 1.0,
    **extra: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ident,
        "source": {
            "language": lang,
            "probability": probability,
            "detected": True,
            "title": title,
            "name": f"{ident}.txt",
        },
        "summary": {"algorithm": "news", "sentences": [{"index": i, "text": s} for i, s in enumerate(sentences)]},
        **extra,
    }
    if translated is not None:
        data["translations"] = {"en": {"route": [lang, "en"], "sentences": translated, "checks": checks or []}}
    return data


class Tags(HTMLParser):
    """Every start tag and attribute the browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


HOSTILE = [
    '<script>alert("x")</script> Le maire a parlé.',
    'Un titre" onmouseover="alert(1)" x=" suite.',
    "<img src=x onerror=alert(1)> et <a href='javascript:alert(1)'>lien</a>.",
]


def test_hostile_article_text_comes_out_inert() -> None:
    page = digest.render_html(
        digest.build([record("a1", HOSTILE, HOSTILE, title='<script>alert("t")</script>" onmouseover="x')])
    )
    found = tags(page)
    assert not [t for t, _ in found if t in ("script", "img", "iframe", "object", "embed")]
    assert not [a for _, attrs in found for a, _ in attrs if a.startswith("on")]
    assert not [v for _, attrs in found for _, v in attrs if v and "javascript:" in v]
    assert "&lt;script&gt;alert(" in page
    assert "&#34; onmouseover=&#34;" in page or "&quot; onmouseover=&quot;" in page


def test_the_page_is_self_contained() -> None:
    page = digest.render_html(digest.build([record("a1", ["Une phrase."], ["A sentence."])]))
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert "http://" not in page and "https://" not in page
    assert "<style>" in page and 'name="viewport"' in page
    assert "default-src 'none'" in page  # even an injected resource would not load


def test_briefs_are_grouped_by_source_language_with_counts() -> None:
    records = [
        record("fr1", ["Un."], ["One."]),
        record("de1", ["Eins."], ["One."], lang="de"),
        record("fr2", ["Deux."], ["Two."]),
        {"id": "bad", "error": {"code": "empty_input", "message": "input is empty", "exit_code": 3}},
        None,
    ]
    d = digest.build(records)
    assert [(lang, [e.ident for e in entries]) for lang, entries in d.groups()] == [
        ("fr", ["fr1", "fr2"]),
        ("de", ["de1"]),
    ]
    assert d.counts() == {"briefs": 3, "flagged": 0, "warnings": 0, "failed": 2, "languages": 2}
    page = digest.render_html(d)
    assert "bad: empty_input — input is empty" in page
    assert "1 unreadable line in the input" in page


@pytest.mark.parametrize(
    ("order", "expected"),
    [("input", ["b", "a", "c"]), ("source", ["a", "b", "c"]), ("time", ["a", "c", "b"])],
)
def test_the_editor_chooses_the_order(order: str, expected: list[str]) -> None:
    records = [
        record("b", ["B."], ["B."], time="2026-11-26T06:00"),
        record("a", ["A."], ["A."], time="2026-11-26T01:00"),
        record("c", ["C."], ["C."], time="2026-11-26T03:00"),
    ]
    assert [e.ident for e in digest.build(records, order=order).entries] == expected


def test_an_unknown_order_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown digest order"):
        digest.build([], order="random")


def test_flags_and_detection_warnings_are_highlighted() -> None:
    checks = [{"sentence": 1, "kind": "figure_missing", "detail": "42"}]
    d = digest.build([record("a", ["Un.", "42 morts."], ["One.", "Dead."], checks=checks, probability=0.6)])
    entry = d.entries[0]
    assert entry.flagged and entry.bullets[1].flags == ("figure_missing: 42",)
    assert entry.warnings == ("language detected as fr with 60% confidence only",)
    page = digest.render_html(d)
    assert '<li class="flagged">⚠ Dead.<span class="flag">figure_missing: 42</span></li>' in page
    assert d.counts()["flagged"] == 1 and d.counts()["warnings"] == 1


def test_records_without_checks_are_checked_when_the_page_is_made() -> None:
    data = record("a", ["Le bilan est de 42 morts."], ["The toll is heavy."])
    del data["translations"]["en"]["checks"]
    assert digest.build([data]).entries[0].bullets[0].flags == ("figure_missing: 42",)


def test_source_sentences_are_on_demand_and_the_headline_is_the_title() -> None:
    page = digest.render_html(digest.build([record("a", ["Il pleut."], ["It rains."], title="Météo")]))
    assert "<h3>Météo</h3>" in page
    assert re.search(r"<details><summary>source sentences \(fr\)</summary>\s*<ul>\s*<li>Il pleut\.</li>", page)


def test_a_brief_without_translation_shows_its_own_sentences() -> None:
    entry = digest.build([record("a", ["Il pleut."])]).entries[0]
    assert entry.target is None and [b.text for b in entry.bullets] == ["Il pleut."]


def test_briefs_from_the_library_make_a_page(tmp_path: Path) -> None:
    brief = Brief(
        Source("fr", 1.0, 1, 2, title="Titre"),
        Summary("news", [Sentence(0, "Il pleut.")]),
        {"en": Translation("en", ["fr", "en"], ["It rains."])},
    )
    out = tmp_path / "digest.html"
    digest.write(digest.from_briefs([brief]), out)
    assert "It rains." in out.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_missing_input_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match=r"nope\.jsonl"):
        list(digest.read_records(tmp_path / "nope.jsonl"))


def test_a_jsonl_file_with_a_broken_line_still_makes_a_page(tmp_path: Path) -> None:
    feed = tmp_path / "briefs.jsonl"
    feed.write_text(json.dumps(record("a", ["Un."], ["One."])) + "\n{broken\n[1, 2]\n", encoding="utf-8")
    d = digest.build(digest.read_records(feed))
    assert len(d.entries) == 1 and d.unreadable == 2


def test_fifteen_hundred_briefs_fit_the_budget(tmp_path: Path) -> None:
    """The issue's budget: 1,500 briefs in ≤ 2 s and ≤ 3 MB (generous on a shared machine)."""
    sentence = "Le gouvernement a annoncé mardi une réforme des retraites contestée par les syndicats, à Paris."
    records = [
        record(str(i), [sentence] * 3, [sentence.replace("Le", "The")] * 3, title=f"Titre {i}") for i in range(1500)
    ]
    out = tmp_path / "digest.html"
    start = time.perf_counter()
    digest.write(records, out)
    assert time.perf_counter() - start < 2.0
    assert out.stat().st_size < 3_000_000
