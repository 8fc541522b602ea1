"""Fidelity flags: a translated sentence checked against its source.

Good translations (the fixture models' training sentences, written the way
each language writes figures) must give no flag; translations that drop or
change a figure, drop a name, loop or copy the source must be flagged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarize import fidelity
from summarize.fidelity import Check, check, check_sentence
from summarize.results import Brief, Sentence, Source, Summary, Translation

FIXTURES = Path(__file__).parent / "fixtures" / "models"


def kinds(source: str, translation: str, src: str = "fr", tgt: str = "en") -> list[str]:
    return [c.kind for c in check_sentence(0, source, translation, src, tgt)]


def fixture_pairs() -> list[tuple[str, str, str, str]]:
    data = json.loads((FIXTURES / "sentences.json").read_text(encoding="utf-8"))
    pairs = []
    for key, items in data.items():
        langs = key.split("+")[0].split("-")  # "fr-en+bpe": the BPE package's fr-en
        for item in items:
            pairs.append((item["source"], item["translation"], langs[0], langs[-1]))
            if "pivot" in item:
                pairs += [
                    (item["source"], item["pivot"], langs[0], "en"),
                    (item["pivot"], item["translation"], "en", langs[-1]),
                ]
    return pairs


@pytest.mark.parametrize("pair", fixture_pairs(), ids=lambda p: f"{p[2]}>{p[3]}:{p[0][:30]}")
def test_the_fixture_models_exact_sentences_give_no_flag(pair: tuple[str, str, str, str]) -> None:
    assert check_sentence(0, *pair) == []


# --- figures -------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "translation", "src", "tgt"),
    [
        ("Le billet coûte 1.134 euros.", "The ticket costs 1,134 euros.", "fr", "en"),
        ("Les prix ont augmenté de 3,5 % en 2023.", "Prices rose by 3.5% in 2023.", "fr", "en"),
        ("Il y avait 1 500 000 manifestants.", "There were 1.5 million protesters.", "fr", "en"),
        ("Rendez-vous à 14h30.", "See you at 2:30 pm.", "fr", "en"),
        ("Die Inflation lag bei 2,4 Prozent.", "Inflation was 2.4 percent.", "de", "en"),
        ("The fund holds $1,250.5 million.", "El fondo tiene 1.250,5 millones de dólares.", "en", "es"),
        (
            "Cette montagne a une hauteur de trois mille mètres.",
            "This mountain has an altitude of 3,000 meters.",
            "fr",
            "en",
        ),
        (
            "Au XIXe siècle, la ville comptait 800 habitants.",
            "In the 19th century, the town had 800 inhabitants.",
            "fr",
            "en",
        ),
    ],
)
def test_figures_written_with_each_languages_conventions_agree(
    source: str, translation: str, src: str, tgt: str
) -> None:
    assert fidelity.check_figures(source, translation, src, tgt) == []


def test_a_changed_figure_is_missing_and_added() -> None:
    problems = fidelity.check_figures("Le chômage atteint 7,3 %.", "Unemployment reached 7.8%.", "fr", "en")
    assert problems == [("figure_missing", "7,3"), ("figure_added", "7.8")]


def test_a_dropped_figure_is_missing() -> None:
    assert kinds("Le bilan est de 42 morts.", "The toll is heavy dead.") == ["figure_missing"]


def test_a_decimal_read_as_thousands_is_caught() -> None:
    assert "figure_missing" in kinds("La croissance est de 3,5 %.", "Growth is 35%.")


def test_a_figure_written_twice_must_be_there_twice() -> None:
    source = "72 % des élèves en mandarin et 72 % en espagnol."
    assert kinds(source, "72% of pupils in Mandarin and 74% in Spanish.") == ["figure_missing", "figure_added"]


# --- names ---------------------------------------------------------------


def test_a_dropped_name_is_flagged() -> None:
    assert kinds("Hier, Tom est allé à Boston.", "Yesterday, Tom went there.") == ["name_missing"]


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("Selon Iouri Ouchakov, le Kremlin a répondu.", "According to Yuri Ushakov, the Kremlin replied."),
        ("Hier, Vladimir Poutine était à Moscou.", "Yesterday Vladimir Putin was in Moscow."),
        ("Au commencement, Dieu créa le ciel et la terre.", "In the beginning God created the heaven and the earth."),
        ("La Maison Blanche a répondu au Moyen-Orient.", "The White House responded to the Middle East."),
    ],
)
def test_transliterated_names_and_capitalised_common_words_are_not_flagged(source: str, translation: str) -> None:
    assert fidelity.check_names(source, translation, "fr", "en") == []


def test_german_nouns_are_not_names() -> None:
    assert fidelity.names("Das Kind spielt im Haus mit dem Land.", "de", "en") == []


def test_headlines_in_title_case_are_left_alone() -> None:
    assert fidelity.names("Indonesia Tsunami and Quake Devastate an Island", "en", "fr") == []


# --- shape ---------------------------------------------------------------


def test_the_example_articles_eacheach_is_a_loop() -> None:
    assert kinds("Lucy a perdu beaucoup d'autres personnes.", "Lucy a lost of eacheach other people.") == ["loop"]


@pytest.mark.parametrize(
    "translation",
    ["He said that that the the the plan failed.", "The plan of the plan of the plan failed.", "He is is is gone."],
)
def test_repeated_ngrams_are_loops(translation: str) -> None:
    assert "loop" in kinds("Il a dit que le plan avait échoué.", translation)


def test_a_repetition_the_source_makes_is_no_loop() -> None:
    assert kinds("« Des mensonges, des mensonges » a dit Waters.", '"Lies, lies," Waters said.') == []


def test_real_doubled_words_are_no_loop() -> None:
    assert fidelity.loops("Il mange un bonbon et du couscous.", "fr") == []


def test_a_copied_sentence_is_untranslated() -> None:
    source = "Le gouvernement a annoncé une nouvelle réforme des retraites."
    assert kinds(source, source) == ["untranslated"]


def test_a_far_too_short_translation_is_flagged() -> None:
    source = "Le gouvernement a annoncé mardi une nouvelle réforme des retraites très contestée par les syndicats."
    assert kinds(source, "Reform.") == ["length"]


def test_an_empty_translation_is_flagged() -> None:
    assert kinds("Il pleut.", " ") == ["length"]


def test_unbalanced_quotes_are_flagged() -> None:
    assert kinds("Il a dit « non » hier soir.", 'He said "no last night.') == ["quotes"]


def test_british_single_quotes_keep_the_quote() -> None:
    assert kinds("Il faut « déceler » les cellules.", "They must 'see' the cells.") == []


# --- briefs --------------------------------------------------------------


def test_a_brief_gets_checks_per_target_language_with_sentence_positions() -> None:
    brief = Brief(
        source=Source(language="fr", probability=1.0, sentences=2, words=12),
        summary=Summary(
            "news", [Sentence(0, "Il est constamment à court d'argent."), Sentence(3, "Le bilan est de 42 morts.")]
        ),
        translations={"en": Translation("en", ["fr", "en"], ["He's always short of money.", "The toll is heavy."])},
    )
    assert fidelity.check_brief(brief) == {"en": [Check(1, "figure_missing", "42")]}
    assert Check(1, "figure_missing", "42").to_dict() == {"sentence": 1, "kind": "figure_missing", "detail": "42"}


def test_same_language_needs_no_check() -> None:
    assert check(["Le bilan est de 42 morts."], ["Le bilan est lourd."], "fr", "fr") == []


def test_describe_counts_kinds() -> None:
    checks = [Check(0, "loop", "x"), Check(1, "figure_missing", "3"), Check(1, "loop", "y")]
    assert fidelity.describe(checks) == "3 flags (figure_missing 1, loop 2)"


# --- the fixture models on sentences they never saw ------------------------


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from summarize import store

    folder = tmp_path_factory.mktemp("fidelity-store")
    store.install(FIXTURES, folder)
    return folder


def test_the_fixture_models_wrong_outputs_are_caught(fixture_store: Path) -> None:
    """Unseen sentences come out as nonsense: figures and names vanish, and the flags say so."""
    from summarize.translate import translate

    sources = [
        "Le 12 mars, 250 élus ont voté.",
        "La production a baissé de 3,5 % en 2023.",
        "Tom est à Boston maintenant.",
    ]
    out = translate(sources, "fr", ["de"], models_dir=fixture_store)["de"]
    found = {(c.sentence, c.kind) for c in check(sources, out.sentences, "fr", "de")}
    assert {(0, "figure_missing"), (1, "figure_missing"), (2, "name_missing")} <= found


# --- the command line ------------------------------------------------------


def _cli(args: list[str], store: Path, monkeypatch: pytest.MonkeyPatch, stdin: str | None = None):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from summarize.cli import app

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(store))
    return CliRunner().invoke(app, args, input=stdin, catch_exceptions=False)


UNSEEN = "Le 12 mars, 250 élus ont voté à Strasbourg. Tom est à Boston maintenant. Il pleut sur la ville depuis hier."


def test_json_carries_the_checks_and_text_marks_the_sentence(
    fixture_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _cli(["--from", "fr", "--to", "de", "-f", "json", "-n", "3"], fixture_store, monkeypatch, UNSEEN)
    assert result.exit_code == 0
    checks = json.loads(result.stdout)["translations"]["de"]["checks"]
    assert {"sentence": 0, "kind": "figure_missing", "detail": "12"} in checks
    bullets = _cli(["--from", "fr", "--to", "de", "-n", "3"], fixture_store, monkeypatch, UNSEEN)
    assert bullets.stdout.splitlines()[0].startswith("• ⚠ ")
    flagged_lines = [line for line in bullets.stderr.splitlines() if "⚠" in line]
    assert len(flagged_lines) == 1 and "in de" in flagged_lines[0] and "figure_missing" in flagged_lines[0]


def test_strict_exits_17_but_still_prints_the_brief(fixture_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _cli(["--from", "fr", "--to", "de", "--strict"], fixture_store, monkeypatch, UNSEEN)
    assert result.exit_code == 17
    assert result.stdout.startswith("• ")
    assert "suspect" not in result.stdout


def test_strict_is_quiet_when_nothing_is_flagged(fixture_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exact = " ".join(p[0] for p in fixture_pairs() if p[2] == "fr" and p[3] == "en")
    result = _cli(["--from", "fr", "--to", "en", "--strict", "-n", "2"], fixture_store, monkeypatch, exact)
    assert result.exit_code == 0, result.stderr
    assert "⚠" not in result.stdout + result.stderr


def test_batch_strict_exits_17_for_flags_and_14_when_articles_also_failed(
    fixture_store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    wire = tmp_path / "wire"
    wire.mkdir()
    (wire / "unseen.txt").write_text(UNSEEN, encoding="utf-8")
    flagged = _cli(
        ["batch", str(wire), "--from", "fr", "--to", "de", "--strict", "-o", str(tmp_path / "a.jsonl"), "-j", "1"],
        fixture_store,
        monkeypatch,
    )
    assert flagged.exit_code == 17
    (wire / "empty.txt").write_text("", encoding="utf-8")  # fails: empty input
    failed = _cli(
        ["batch", str(wire), "--from", "fr", "--to", "de", "--strict", "-o", str(tmp_path / "b.jsonl"), "-j", "1"],
        fixture_store,
        monkeypatch,
    )
    assert failed.exit_code == 14  # the failures win over the flags, as README says
    assert len((tmp_path / "b.jsonl").read_text(encoding="utf-8").splitlines()) == 2  # both outcomes written


def test_the_word_lists_are_read_from_a_copy_without_importing_wordfreq(tmp_path: Path) -> None:
    """wordfreq's lists take ~0.45 s a language to load: after the first run, an indexed copy answers."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; from summarize import fidelity\n"
        "flags = fidelity.check(['Hier, Tom est allé à Boston.'], ['Yesterday, Tom went there.'], 'fr', 'en')\n"
        "print([c.kind for c in flags], 'wordfreq' in sys.modules)\n"
    )
    env = {**os.environ, "SUMMARIZE_CACHE_DIR": str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True) for _ in "12"
    ]
    assert [r.stdout.strip() for r in runs] == ["['name_missing'] True", "['name_missing'] False"]
    assert sorted(p.name.split("-")[2] for p in tmp_path.glob("wordfreq-*.sqlite3")) == ["en", "fr"]
