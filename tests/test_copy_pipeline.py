"""Newsroom copy through the whole brief: parts in the JSON, furniture never picked, the headline translated."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarize import store
from summarize.errors import NoArticleError
from summarize.pipeline import brief
from summarize.render import render

FIXTURES = Path(__file__).parent / "fixtures" / "models"
COPY = Path(__file__).parent / "data" / "copy"

WIRE = (COPY / "fr-wire-retraites.txt").read_text(encoding="utf-8")
FURNITURE = ("Par Sophie", "Lire aussi", "LUDOVIC MARIN", "Une conférence de financement", "PARIS (AFP)", "Publié le")


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fixture-store")
    store.install(FIXTURES, folder)
    return folder


def training(pair: str) -> dict[str, str]:
    data = json.loads((FIXTURES / "sentences.json").read_text(encoding="utf-8"))[pair]
    return {item["source"]: item["translation"] for item in data}


def test_a_wire_story_brief_reports_its_parts_and_picks_no_furniture() -> None:
    result = brief(WIRE, to="none", sentences=5)
    data = result.to_dict()["source"]
    assert data["title"] == "Retraites : le gouvernement renonce à reculer l'âge légal"
    assert data["standfirst"].startswith("Après six semaines de grève")
    assert (data["dateline"], data["byline"]) == ("PARIS (AFP) -", "Par Sophie Marchand")
    assert data["published"] == "Publié le 12/03/2024 à 14h02, mis à jour à 15h10"
    assert {"kind": "related", "text": "Lire aussi : Retraites, ce que contient vraiment le projet de loi"} in data[
        "removed"
    ]
    for sentence in result.summary.sentences:
        assert not any(item in sentence.text for item in FURNITURE), sentence.text


def test_keep_furniture_leaves_the_copy_as_it_came_but_the_headline() -> None:
    result = brief(WIRE, to="none", sentences=20, keep_furniture=True)
    texts = [s.text for s in result.summary.sentences]
    assert result.source.title == "Retraites : le gouvernement renonce à reculer l'âge légal"
    assert result.source.removed == []
    assert "Par Sophie Marchand" in texts
    assert any(t.startswith("PARIS (AFP) -") for t in texts)


def test_an_html_page_is_read_for_its_article_and_its_headline_is_translated(
    fixture_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pairs = training("fr-en")
    sentences = list(pairs)
    headline = sentences[1]
    body = " ".join(sentences[2:8])
    page = (
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
        f"<title>{headline}</title><meta name='author' content='Claire Dubois'></head><body>"
        "<nav><a href='/'>Accueil</a> <a href='/monde'>Monde</a></nav>"
        f"<article><h1>{headline}</h1><p>{body}</p><p>Lire aussi : un autre article sans rapport</p></article>"
        "<footer>© Le Quotidien 2024 - Tous droits réservés</footer></body></html>"
    )
    result = brief(page, to="en", source_lang="fr", models_dir=fixture_store, sentences=2)
    assert result.source.title == headline
    assert result.source.byline == "Claire Dubois"
    english = result.translations["en"]
    assert english.title == pairs[headline]
    assert english.sentences == [pairs[s.text] for s in result.summary.sentences]
    assert result.to_dict()["translations"]["en"]["title"] == pairs[headline]
    assert render(result, "bullets", title=True).splitlines()[0] == pairs[headline]
    assert render(result, "markdown").splitlines()[0] == f"## {pairs[headline]} (en)"


def test_input_format_text_reads_a_page_as_it_is() -> None:
    page = (COPY / "fr-page-lemonde.html").read_text(encoding="utf-8")
    as_text = brief(page, to="none", source_lang="fr", input_format="text")
    assert as_text.source.title != "Nouvelle-Calédonie : le couvre-feu prolongé d'une semaine"
    as_html = brief(page, to="none", source_lang="fr")
    assert as_html.source.title == "Nouvelle-Calédonie : le couvre-feu prolongé d'une semaine"
    assert as_html.source.published == "2024-05-27"


def test_block_tags_in_plain_text_are_paragraph_breaks_not_brief_text() -> None:
    """A CMS export read as text: "<p>" and "<div>" are layout; the sentences inside are news, kept whole."""
    text = (
        "Budget 2025 : le gouvernement présente son plan\n"
        "<p>Le gouvernement a présenté mardi son projet de budget pour 2025, avec 60 milliards d'euros "
        "d'économies.</p><p>Les <b>députés</b> examineront le texte à partir du 21 octobre.</p>\n"
        '<div class="chapo">Le déficit doit revenir à 5 % du PIB l\'an prochain, selon Bercy.</div>'
    )
    result = brief(text, to="none", source_lang="fr", input_format="text", sentences=3)
    assert result.source.title == "Budget 2025 : le gouvernement présente son plan"
    assert result.source.removed == []
    assert [s.text for s in result.summary.sentences] == [
        "Le gouvernement a présenté mardi son projet de budget pour 2025, avec 60 milliards d'euros d'économies.",
        "Les députés examineront le texte à partir du 21 octobre.",
        "Le déficit doit revenir à 5 % du PIB l'an prochain, selon Bercy.",
    ]


def test_a_page_without_an_article_is_refused() -> None:
    page = (COPY.parent / "copy-no-article.html").read_text(encoding="utf-8")
    with pytest.raises(NoArticleError):
        brief(page, to="none")


def test_title_on_the_first_line_of_bullets_and_paragraphs() -> None:
    result = brief(WIRE, to="none", sentences=2)
    title = "Retraites : le gouvernement renonce à reculer l'âge légal"
    assert render(result, "bullets", title=True).splitlines()[0] == title
    assert render(result, "paragraph", title=True).splitlines()[0] == title
    assert title not in render(result, "bullets")
    assert render(result, "markdown").splitlines()[0] == f"## {title}"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "summarize", *args], input=stdin, capture_output=True, timeout=120)


def test_the_command_line_prints_the_headline_with_title() -> None:
    proc = run("--to", "none", "-n", "2", "--title", str(COPY / "fr-wire-retraites.txt"))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode().splitlines()
    assert lines[0] == "Retraites : le gouvernement renonce à reculer l'âge légal"
    assert all(line.startswith("• ") for line in lines[1:])


def test_the_command_line_keeps_furniture_when_asked() -> None:
    clean = run("--to", "none", "-n", "20", "--format", "json", str(COPY / "fr-wire-retraites.txt"))
    kept = run("--to", "none", "-n", "20", "--format", "json", "--keep-furniture", str(COPY / "fr-wire-retraites.txt"))
    clean_texts = [s["text"] for s in json.loads(clean.stdout)["summary"]["sentences"]]
    kept_texts = [s["text"] for s in json.loads(kept.stdout)["summary"]["sentences"]]
    assert "Par Sophie Marchand" in kept_texts and "Par Sophie Marchand" not in clean_texts
    assert json.loads(kept.stdout)["source"]["removed"] == []


def test_the_command_line_refuses_a_page_without_article_with_exit_16() -> None:
    proc = run("--to", "none", str(COPY.parent / "copy-no-article.html"))
    assert proc.returncode == 16
    assert proc.stdout == b""
    assert b"no article text" in proc.stderr


def test_input_format_is_checked_on_the_command_line() -> None:
    proc = run("--to", "none", "--input-format", "pdf", str(COPY / "fr-wire-retraites.txt"))
    assert proc.returncode == 2
    assert b"auto, text, html" in proc.stderr


def test_a_batch_reads_html_files_and_feed_records_with_an_html_field(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_bytes((COPY / "fr-page-lemonde.html").read_bytes())
    (folder / "wire.txt").write_bytes((COPY / "en-reuters-fed.txt").read_bytes())
    proc = run("batch", str(folder), "--to", "none", "-j", "1")
    assert proc.returncode == 0, proc.stderr
    records = {Path(r["id"]).name: r for r in map(json.loads, proc.stdout.decode().splitlines())}
    assert records["page.html"]["source"]["title"] == "Nouvelle-Calédonie : le couvre-feu prolongé d'une semaine"
    assert records["page.html"]["source"]["byline"] == "Claire Dubois"
    assert records["wire.txt"]["source"]["dateline"] == "WASHINGTON (Reuters) -"

    feed = tmp_path / "feed.jsonl"
    page = (COPY / "es-page-diario.html").read_text(encoding="utf-8")
    text = (COPY / "de-dpa-bahn.txt").read_text(encoding="utf-8")
    feed.write_text(
        json.dumps({"id": "page", "html": page})
        + "\n"
        + json.dumps({"id": "wire", "text": text, "title": "Bahnstreik"}),
        encoding="utf-8",
    )
    proc = run("batch", "--jsonl", str(feed), "--title-field", "title", "--to", "none", "-j", "1")
    assert proc.returncode == 0, proc.stderr
    records = {r["id"]: r for r in map(json.loads, proc.stdout.decode().splitlines())}
    assert records["page"]["source"]["dateline"] == "SEVILLA, 25 jul (EFE).-"
    assert records["wire"]["source"]["title"] == "Bahnstreik"
    assert {"kind": "headline", "text": "Bahnstreik legt Fernverkehr weitgehend lahm"} in records["wire"]["source"][
        "removed"
    ]
    assert all("Bahnstreik legt" not in s["text"] for s in records["wire"]["summary"]["sentences"])


def test_keep_furniture_comes_from_the_environment_too() -> None:
    env_run = subprocess.run(
        [sys.executable, "-m", "summarize", "--to", "none", "--format", "json", str(COPY / "fr-wire-retraites.txt")],
        capture_output=True,
        timeout=120,
        env={**os.environ, "SUMMARIZE_KEEP_FURNITURE": "true"},
    )
    assert env_run.returncode == 0, env_run.stderr
    assert json.loads(env_run.stdout)["source"]["removed"] == []
