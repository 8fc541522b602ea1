"""`brief(text, options, **overrides)`: one options object, checked once, and the headline as data."""

from __future__ import annotations

import pickle

import pytest

from summarize.errors import UnsupportedLanguageError, UsageError
from summarize.options import BriefOptions
from summarize.pipeline import brief

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
    ],
)
def test_bad_options_fail_when_built(values: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        BriefOptions(**values)  # type: ignore[arg-type]


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
