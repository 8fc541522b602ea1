"""The digest page: one self-contained HTML page of a night's briefs.

Article text is untrusted: whatever a story contains must come out as text,
never as markup.  The page has no script and loads nothing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
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


# --- the command line ------------------------------------------------------


def test_digest_command_writes_the_page(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from summarize.cli import app

    briefs = tmp_path / "briefs.jsonl"
    briefs.write_text(
        "\n".join(json.dumps(record(str(i), ["Un."], ["One."])) for i in range(3)) + "\n", encoding="utf-8"
    )
    out = tmp_path / "digest.html"
    result = CliRunner().invoke(app, ["digest", str(briefs), "-o", str(out), "--order", "source"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and "digest: 3 briefs" in result.stderr
    assert out.read_text(encoding="utf-8").count("<article>") == 3
    bad = CliRunner().invoke(app, ["digest", str(tmp_path / "none.jsonl"), "-o", str(out)])
    assert bad.exit_code == 7 and bad.stderr.count("\n") == 1


def test_batch_writes_a_digest_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from summarize.cli import app

    feed = tmp_path / "feed.jsonl"
    articles = ["Le maire a parlé hier soir. Il a annoncé un nouveau parc. Les travaux commencent lundi.", ""]
    feed.write_text("\n".join(json.dumps({"id": f"a{i}", "text": t}) for i, t in enumerate(articles)) + "\n")
    page = tmp_path / "digest.html"
    args = ["batch", "--jsonl", str(feed), "--to", "none", "--from", "fr", "-j", "1", "--digest", str(page)]
    result = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 14  # the empty article failed; the page lists it
    html = page.read_text(encoding="utf-8")
    assert "Il a annoncé un nouveau parc." in html and "a1: empty_input" in html
    to_stdout = CliRunner().invoke(app, [*args, "--digest", str(tmp_path / "d2.html")])
    assert to_stdout.stdout.count('"id"') == 2
    assert "a1: empty_input" in (tmp_path / "d2.html").read_text(encoding="utf-8")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _console(page: Path) -> list[str]:
    """Console messages headless Chromium logs while loading ``page`` (blocked loads, script errors)."""
    assert CHROMIUM is not None
    proc = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-500:]
    return [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_a_browser_loads_the_page_without_a_console_message(tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text(
        '<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'"></head>'
        "<body><script>console.error('x')</script></body></html>",
        encoding="utf-8",
    )
    assert _console(control)  # the way of looking does see a blocked script
    page = tmp_path / "digest.html"
    digest.write([record("a", HOSTILE, HOSTILE, title=HOSTILE[1])], page)
    assert _console(page) == []


def test_the_headline_is_translated_and_shown(tmp_path: Path) -> None:
    from summarize import store
    from summarize.pipeline import brief

    folder = tmp_path / "store"
    store.install(Path(__file__).parent / "fixtures" / "models" / "translate-fr_en.argosmodel", folder)
    body = "Il est constamment à court d'argent. Nous sommes de votre avis. Il tend à la paresse."
    result = brief(body, title="Tom est à Boston maintenant.", source_lang="fr", to="en", models_dir=str(folder))
    assert result.translations["en"].title == "Tom is in Boston now."
    assert result.translations["en"].sentences == [
        "He's always short of money.",
        "We agree with you.",
        "He is inclined to be lazy.",
    ]
    page = digest.render_html(digest.build(digest.from_briefs([result])))
    assert "<h3>Tom is in Boston now.</h3>" in page


def test_the_detections_own_warnings_are_shown() -> None:
    data = record("a", ["Un."], ["One."], probability=0.7)
    data["source"]["warnings"] = ["language detected from a short text (12 words): use --from if it is wrong"]
    entry = digest.build([data]).entries[0]
    assert entry.warnings == ("language detected from a short text (12 words): use --from if it is wrong",)


def test_a_translated_headline_keeps_the_original_on_demand() -> None:
    data = record("a", ["Il pleut."], ["It rains."], title="Météo")
    data["translations"]["en"]["title"] = "Weather"
    page = digest.render_html(digest.build([data]))
    assert "<h3>Weather</h3>" in page and "<p><b>Météo</b></p>" in page


def test_an_unwritable_page_is_an_output_error(tmp_path: Path) -> None:
    from summarize.errors import OutputError

    with pytest.raises(OutputError, match="cannot write"):
        digest.write([record("a", ["Un."])], tmp_path / "no-such-folder" / "digest.html")


@pytest.mark.parametrize(
    "line",
    [
        {"id": 1},  # neither a brief nor an error
        {"id": 2, "source": "fr", "summary": {"sentences": []}},
        {"id": 3, "summary": {"sentences": "Un."}},
        {"id": 4, "summary": {"sentences": [{"text": "Un."}]}, "translations": {"en": "One."}},
        {"id": 5, "summary": {"sentences": [{"text": "Un."}]}, "translations": ["en"]},
        {"id": 6, "error": "bad"},
    ],
)
def test_a_record_of_the_wrong_shape_is_counted_unreadable_not_a_crash(line: dict[str, Any]) -> None:
    d = digest.build([record("a", ["Un."], ["One."]), line])
    assert len(d.entries) == 1 and d.unreadable == 1


def test_the_page_never_overwrites_its_briefs_or_a_file_that_is_not_a_page(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from summarize.cli import app

    briefs = tmp_path / "briefs.jsonl"
    briefs.write_text(json.dumps(record("a", ["Un."], ["One."])) + "\n", encoding="utf-8")
    notes = tmp_path / "article.txt"
    notes.write_text("Le maire a parlé.\n", encoding="utf-8")
    for target in (briefs, notes):
        before = target.read_bytes()
        result = CliRunner().invoke(app, ["digest", str(briefs), "-o", str(target)])
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
        assert target.read_bytes() == before
    page = tmp_path / "digest.html"
    for _ in range(2):  # a page is written, then written again by the next night's run
        assert CliRunner().invoke(app, ["digest", str(briefs), "-o", str(page)]).exit_code == 0
    assert CliRunner().invoke(app, ["digest", "-", "-o", str(page)], input=briefs.read_text()).exit_code == 0
    assert "One." in page.read_text(encoding="utf-8")


def test_batch_refuses_a_digest_over_its_output_or_an_article_before_any_work(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from summarize.cli import app

    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": "Le maire a parlé hier soir. Il a annoncé un parc."}) + "\n")
    article = tmp_path / "article.txt"
    article.write_text("Le maire a parlé.\n", encoding="utf-8")
    out = tmp_path / "briefs.jsonl"
    base = ["batch", "--jsonl", str(feed), "--to", "none", "--from", "fr", "-j", "1", "-o", str(out)]
    for page in (out, article):
        result = CliRunner().invoke(app, [*base, "--digest", str(page)])
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
        assert not out.exists()
    assert article.read_text(encoding="utf-8") == "Le maire a parlé.\n"


SAVED_PAGE = Path(__file__).parent / "data" / "copy" / "en-page-bbc.html"


def test_a_saved_news_page_is_an_article_not_a_digest_page_to_replace(tmp_path: Path) -> None:
    """Being HTML is not enough: only a page this command wrote is replaced."""
    from typer.testing import CliRunner

    from summarize.cli import app

    briefs = tmp_path / "briefs.jsonl"
    briefs.write_text(json.dumps(record("a", ["Un."], ["One."])) + "\n", encoding="utf-8")
    page = tmp_path / "story.html"
    shutil.copy(SAVED_PAGE, page)
    result = CliRunner().invoke(app, ["digest", str(briefs), "-o", str(page)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "not a digest page" in result.stderr and "-o" in result.stderr
    assert page.read_bytes() == SAVED_PAGE.read_bytes()


def test_batch_never_writes_its_digest_over_one_of_its_html_pages(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from summarize.cli import app

    pages = tmp_path / "pages"
    pages.mkdir()
    page = pages / "story.html"
    shutil.copy(SAVED_PAGE, page)
    out = tmp_path / "briefs.jsonl"
    args = ["batch", str(pages), "--to", "none", "-j", "1", "-o", str(out), "--digest", str(page)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "--digest" in result.stderr and "-o)" not in result.stderr
    assert page.read_bytes() == SAVED_PAGE.read_bytes() and not out.exists()


def test_a_digest_path_that_cannot_be_a_page_is_refused_before_the_batch(tmp_path: Path) -> None:
    """A folder, or a file in a folder that is not there: said before the night's work, not after it (exit 2)."""
    from typer.testing import CliRunner

    from summarize.cli import app

    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": "Le maire a parlé hier soir. Il a annoncé un parc."}) + "\n")
    out = tmp_path / "briefs.jsonl"
    base = ["batch", "--jsonl", str(feed), "--to", "none", "--from", "fr", "-j", "1", "-o", str(out)]
    for page, message in ((tmp_path, "is a folder"), (tmp_path / "missing" / "d.html", "does not exist")):
        result = CliRunner().invoke(app, [*base, "--digest", str(page)])
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
        assert message in result.stderr and "--digest" in result.stderr
        assert not out.exists()


def test_the_digest_command_refuses_a_folder_for_its_page(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from summarize.cli import app

    briefs = tmp_path / "briefs.jsonl"
    briefs.write_text(json.dumps(record("a", ["Un."], ["One."])) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["digest", str(briefs), "-o", str(tmp_path)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "is a folder" in result.stderr
