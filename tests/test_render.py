"""The render stage: the same brief as bullets, a paragraph, Markdown or JSON."""

from __future__ import annotations

import json

import pytest

from summarize.errors import UsageError
from summarize.render import render
from summarize.results import Brief, Sentence, Source, Summary, Translation


def make_brief(translated: bool = True, title: str | None = None) -> Brief:
    source = Source(language="fr", probability=0.99, sentences=14, words=412, title=title)
    summary = Summary(
        algorithm="lexrank",
        sentences=[Sentence(0, "Le navire a heurté le quai."), Sentence(4, "Quatre personnes ont été blessées.")],
    )
    translations = (
        {
            "en": Translation("en", ["fr", "en"], ["The ship hit the quay.", "Four people were injured."]),
            "es": Translation("es", ["fr", "en", "es"], ["El barco chocó.", "Cuatro heridos."]),
        }
        if translated
        else {}
    )
    return Brief(source=source, summary=summary, translations=translations)


def test_json_is_the_documented_contract() -> None:
    data = json.loads(render(make_brief(), "json"))
    assert data["source"]["language"] == "fr"
    assert data["source"]["probability"] == 0.99
    assert data["source"]["sentences"] == 14
    assert data["source"]["words"] == 412
    assert data["summary"] == {
        "algorithm": "lexrank",
        "sentences": [
            {"index": 0, "text": "Le navire a heurté le quai."},
            {"index": 4, "text": "Quatre personnes ont été blessées."},
        ],
    }
    assert data["translations"]["es"] == {
        "route": ["fr", "en", "es"],
        "sentences": ["El barco chocó.", "Cuatro heridos."],
        "checks": [],
    }


def flagged_brief() -> Brief:
    from summarize.fidelity import Check

    brief = make_brief()
    en = Translation(
        "en", ["fr", "en"], ["The ship hit the quay.", "People were injured."], [Check(1, "figure_missing", "4")]
    )
    return Brief(brief.source, brief.summary, {"en": en})


def test_json_lists_fidelity_flags_per_language() -> None:
    data = json.loads(render(flagged_brief(), "json"))
    assert data["translations"]["en"]["checks"] == [{"sentence": 1, "kind": "figure_missing", "detail": "4"}]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("bullets", "• The ship hit the quay.\n• ⚠ People were injured.\n"),
        ("paragraph", "The ship hit the quay. ⚠ People were injured.\n"),
        ("markdown", "- The ship hit the quay.\n- ⚠ People were injured.\n"),
    ],
)
def test_text_formats_mark_a_flagged_sentence(fmt: str, expected: str) -> None:
    assert render(flagged_brief(), fmt) == expected


def test_json_keeps_accents_readable() -> None:
    assert "blessées" in render(make_brief(translated=False), "json")


def test_json_without_translation_has_no_translations_key() -> None:
    assert "translations" not in json.loads(render(make_brief(translated=False), "json"))


def test_bullets_of_the_source_when_not_translated() -> None:
    assert (
        render(make_brief(translated=False)) == "• Le navire a heurté le quai.\n• Quatre personnes ont été blessées.\n"
    )


def test_bullets_print_each_target_under_its_code() -> None:
    assert render(make_brief(), "bullets") == (
        "[en]\n• The ship hit the quay.\n• Four people were injured.\n\n[es]\n• El barco chocó.\n• Cuatro heridos.\n"
    )


def test_show_original_pairs_each_sentence_with_its_source() -> None:
    brief = make_brief()
    brief.translations.pop("es")
    assert render(brief, "bullets", show_original=True) == (
        "• The ship hit the quay.\n  (fr) Le navire a heurté le quai.\n"
        "• Four people were injured.\n  (fr) Quatre personnes ont été blessées.\n"
    )


def test_paragraph() -> None:
    assert render(make_brief(translated=False), "paragraph") == (
        "Le navire a heurté le quai. Quatre personnes ont été blessées.\n"
    )


def test_markdown_uses_the_title_and_escapes_markup() -> None:
    brief = make_brief(translated=False, title="Venise : un *paquebot* fou")
    assert render(brief, "markdown") == (
        "## Venise : un \\*paquebot\\* fou\n\n- Le navire a heurté le quai.\n- Quatre personnes ont été blessées.\n"
    )


def test_format_names_are_read_as_the_command_line_reads_them() -> None:
    """--format JSON works, and so does render(brief, "JSON"), as algorithm names do."""
    assert render(make_brief(), "JSON") == render(make_brief(), "json")
    assert render(make_brief(), " Markdown ") == render(make_brief(), "markdown")


def test_unknown_format() -> None:
    with pytest.raises(UsageError, match="bullets, paragraph, markdown, json"):
        render(make_brief(), "html")


#: Sentences that open with what Markdown reads as block markup (a heading, a list, a code
#: fence, a rule), or hold inline markup, as news text and its translations sometimes do.
MARKUP_SENTENCES = [
    "# Le hashtag du jour a fait le tour des réseaux sociaux.",
    "#MeToo a changé la façon dont les rédactions couvrent ces affaires.",
    "1. Les manifestations ont rassemblé des milliers de personnes.",
    "2024) Une année record pour les exportations de vin.",
    "+ 12 % : la hausse des prix de l'énergie sur un an.",
    "- 3 °C attendus cette nuit dans les Alpes.",
    "~~~ Une ligne de tildes ouvrait ce communiqué.",
    "Le mot ~~barré~~ reste lisible.",
    "---",
    "| Le gouvernement | affirme que la réforme est nécessaire.",
    "AT&amp;T et H&M ont publié leurs résultats.",
    "Le prix * la quantité _ le taux, selon [le rapport] <officiel> `brut`.",
]


def test_markdown_keeps_every_sentence_as_the_text_of_one_list_item() -> None:
    from html import escape

    from markdown_it import MarkdownIt

    summary = Summary(algorithm="news", sentences=[Sentence(i, s) for i, s in enumerate(MARKUP_SENTENCES)])
    headline = "# Réforme | les syndicats #"
    brief = Brief(Source(language="fr", probability=1.0, sentences=12, words=99, title=headline), summary, {})

    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(render(brief, "markdown"))

    def text(s: str) -> str:
        return escape(s, quote=False).replace('"', "&quot;")

    items = "".join(f"<li>{text(s)}</li>\n" for s in MARKUP_SENTENCES)
    assert html == f"<h2>{text(headline)}</h2>\n<ul>\n{items}</ul>\n"
