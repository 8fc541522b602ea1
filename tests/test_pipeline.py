"""`brief(text, options, **overrides)`: one options object, checked once, and the headline as data."""

from __future__ import annotations

import importlib
import pickle

import pytest

from summarize.errors import UnsupportedLanguageError, UsageError
from summarize.options import BriefOptions
from summarize.pipeline import brief, translate_briefs

QUESTION = "Venise : le paquebot fou a-t-il tué ?"


def test_options_are_normalised_when_built() -> None:
    options = BriefOptions(algorithm="LexRank", to="en, es,en", source_lang="fr_FR", models_dir="/srv/m")  # type: ignore[arg-type]
    assert (options.algorithm, options.to, options.source_lang) == ("lexrank", ("en", "es"), "fr")
    assert BriefOptions(to=None).to == ()  # type: ignore[arg-type]
    assert options == BriefOptions(algorithm="lexrank", to=("en", "es"), source_lang="fr", models_dir="/srv/m")


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        ({"sentences": 0}, UsageError, "at least 1"),
        ({"ratio": 1.5}, UsageError, "ratio"),
        ({"words": 10, "ratio": 0.2}, UsageError, "choose one length"),
        ({"algorithm": "magic"}, UsageError, "unknown algorithm 'magic'"),
        ({"threads": -1}, UsageError, "threads"),
        ({"to": "e1"}, UnsupportedLanguageError, "unknown language code 'e1'"),
        # an empty list of targets is a script's unset variable (--to "$LANGS"), not a wish for none
        ({"to": ""}, UsageError, "no target language"),
        ({"to": " , "}, UsageError, "no target language"),
        # the source is checked like a target, even when nothing is translated
        ({"source_lang": "zz"}, UnsupportedLanguageError, "unknown language code 'zz'"),
        ({"source_lang": "zz", "to": "none"}, UnsupportedLanguageError, "unknown language code 'zz'"),
        # a script's values come from anywhere (a form, a JSON config): wrong types are usage errors too
        ({"sentences": "3"}, UsageError, r"sentences \(--sentences\) must be a whole number"),
        ({"sentences": 2.5}, UsageError, "whole number"),
        ({"sentences": True}, UsageError, "whole number"),
        ({"words": "35"}, UsageError, r"words \(--words\) must be a whole number"),
        ({"ratio": "0.2"}, UsageError, r"ratio \(--ratio\) must be a number"),
        ({"threads": "2"}, UsageError, "threads must be a whole number"),
    ],
)
def test_bad_options_fail_when_built(values: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        BriefOptions(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("options", [3, {"words": 35}, "news"])
def test_options_that_are_not_brief_options_say_to_use_keywords(options: object) -> None:
    """``brief(text, 3)`` or ``brief(text, {"words": 35})``: the second argument is a BriefOptions."""
    with pytest.raises(TypeError, match=r"options must be a BriefOptions or None.*keywords"):
        brief("Le président a parlé.", options)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"options must be a BriefOptions or None.*keywords"):
        translate_briefs([], options)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [None, "Le président a parlé.".encode(), 42])
def test_text_that_is_not_a_string_says_what_to_give(text: object) -> None:
    with pytest.raises(TypeError, match="text must be str"):
        brief(text, sentences=1)  # type: ignore[arg-type]


def test_options_travel_to_workers_and_key_their_caches() -> None:
    options = BriefOptions(words=35, to=("en",))
    assert pickle.loads(pickle.dumps(options)) == options
    assert len({options, BriefOptions(words=35, to=("en",))}) == 1


def test_overrides_change_one_call_and_a_length_replaces_the_length(article: str) -> None:
    options = BriefOptions(words=35, source_lang="fr")
    assert options.but(sentences=2) == BriefOptions(sentences=2, source_lang="fr")
    assert options.but(sentences=None) is options
    by_options = brief(article, options.but(sentences=2))
    assert brief(article, options, sentences=2) == by_options
    assert brief(article, sentences=2, source_lang="fr") == by_options
    assert len(by_options.summary.sentences) == 2


def test_a_given_title_is_the_headline_whatever_its_last_character(article: str) -> None:
    given = brief(article, title=f"  {QUESTION} ")
    assert given.source.title == QUESTION
    assert all(QUESTION not in s.text for s in given.summary.sentences)
    assert given.source.sentences == brief(article).source.sentences


def test_without_a_title_a_short_first_line_ending_in_a_question_mark_is_the_headline(article: str) -> None:
    """Issue 10: a headline may end in », ", ?, ! or ) (the structure stage); it is never a summary sentence."""
    guessed = brief(f"{QUESTION}\n{article}")
    assert guessed.source.title == QUESTION
    assert guessed.source.sentences == brief(article).source.sentences


# --------------------------------------------------------------------------
# translate_briefs: several briefs per model call, each as brief() gives it


@pytest.fixture
def fixture_models(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The fixture packages installed; French training sentences they translate exactly."""
    import json
    from pathlib import Path

    from summarize.store import install

    models = Path(__file__).parent / "fixtures" / "models"
    store = tmp_path_factory.mktemp("store")
    for model in models.glob("*.argosmodel"):
        install(model, store)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(store))
    pairs = json.loads((models / "sentences.json").read_text(encoding="utf-8"))
    return [p["source"] for key in ("fr-en", "fr-en-es", "fr-en-de") for p in pairs[key]]


def test_briefs_translated_together_are_the_briefs_translated_alone(
    fixture_models: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the module (``summarize.translate`` is also the package's lazy name for the function)
    translate_module = importlib.import_module("summarize.translate")
    from summarize.pipeline import translate_briefs

    texts = [" ".join(fixture_models[n : n + 5]) for n in range(0, 25, 5)]
    options = BriefOptions(
        to=("en", "de"), sentences=2, source_lang="fr", cache=False
    )  # no memory: every call translates
    bare = [brief(t, options, to=(), title=f"{t[:20]} ?") for t in texts]
    calls: list[int] = []
    real = translate_module.translate

    def counting(sentences: list[str], *args: object, **kwargs: object) -> object:
        calls.append(len(sentences))
        return real(sentences, *args, **kwargs)

    monkeypatch.setattr(translate_module, "translate", counting)
    together = translate_briefs(bare, options, group=2)

    assert calls == [6, 6, 3]  # two briefs (headline + 2 sentences each) per call
    monkeypatch.setattr(translate_module, "translate", real)
    assert together == [brief(t, options, title=f"{t[:20]} ?") for t in texts]


def test_one_failing_brief_fails_alone(fixture_models: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A sentence the model chokes on (here: made to) costs only its own brief."""
    # the module (``summarize.translate`` is also the package's lazy name for the function)
    translate_module = importlib.import_module("summarize.translate")
    from summarize.errors import ModelPackageError
    from summarize.pipeline import translate_briefs

    real = translate_module.translate

    def choking(sentences: list[str], *args: object, **kwargs: object) -> object:
        if any("Zorglub" in s for s in sentences):
            raise ModelPackageError("translation model failed: Zorglub")
        return real(sentences, *args, **kwargs)

    monkeypatch.setattr(translate_module, "translate", choking)
    options = BriefOptions(to=("en",), sentences=2, source_lang="fr", cache=False)
    texts = [" ".join(fixture_models[n : n + 4]) for n in (0, 4, 8)]
    titles = [None, "Zorglub a parlé", None]

    got = translate_briefs([brief(t, options, to=(), title=h) for t, h in zip(texts, titles, strict=True)], options)

    assert isinstance(got[1], ModelPackageError)
    assert [got[0], got[2]] == [brief(texts[0], options), brief(texts[2], options)]


def test_without_targets_briefs_come_back_as_they_are(article: str) -> None:
    from summarize.pipeline import translate_briefs

    made = brief(article, sentences=2)
    assert translate_briefs([made], BriefOptions()) == [made]


def test_a_chinese_articles_size_counts_characters_as_its_word_budget_does() -> None:
    """source.words counts as --words does: each Han or kana character one word (split_words gives a
    whole clause as one "word" there: this article was 4 words long)."""
    text = "中国人民银行周五宣布降息。分析人士认为，降息将有助于支持经济增长。上海股市当天小幅上涨。"
    result = brief(text, to="none", source_lang="zh")
    assert result.source.words == 40
