"""tools/train_words.py: the news word model is cross-fitted, so no held-out fold shapes its own features.

Tiny synthetic corpus (30 articles in 5 folds); numpy is a training dependency only.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from summarize import news, rank
from summarize.segment import split_words

np = pytest.importorskip("numpy")
ROOT = Path(__file__).resolve().parent.parent
FOLDS = 5
PLACES = ["Venise", "Lyon", "Marseille", "Nantes", "Lille", "Brest"]
THINGS = ["paquebot", "incendie", "grève", "tempête", "élection", "procès"]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_words", ROOT / "tools" / "train_words.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_words"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@dataclass
class Doc:
    """What train_words reads of train_ranker.Doc."""

    sentences: list[str]
    title: str | None
    fold: int
    words: set[str]
    ref_words: set[str]


def _corpus(abstract_of: dict[int, str] | None = None) -> list[Doc]:
    docs = []
    for k in range(30):
        place, thing, other = PLACES[k % 6], THINGS[k % 6], THINGS[(k + 2) % 6]
        sentences = [
            f"Un {thing} a touché {place} dimanche matin, selon la préfecture.",
            f"Le {thing} a surpris les habitants du centre de {place}.",
            f"Les secours sont arrivés vers {k + 7} heures et ont évacué le quartier.",
            f"Un autre {other} avait eu lieu l'an dernier dans la région.",
        ]
        abstract = (abstract_of or {}).get(k, f"{place} : un {thing} surprend les habitants dimanche.")
        text = " ".join(sentences)
        docs.append(
            Doc(
                sentences,
                f"{thing} à {place}",
                k % FOLDS,
                {w.lower() for w in split_words(text, "fr")},
                {w.lower() for w in split_words(abstract, "fr")},
            )
        )
    return docs


def _table(having: Counter[str], kept: Counter[str]) -> news.Lexicon:
    prior = sum(kept.values()) / sum(having.values())
    return {w: math.log((kept[w] + prior) / (n - kept[w] + 1 - prior)) for w, n in having.items()}, math.log(
        prior / (1 - prior)
    )


def _build(tool: ModuleType, docs: list[Doc]) -> Any:
    return tool.build(docs, docs[:2], FOLDS, _table, lambda _: None)


def test_a_held_out_fold_never_shapes_its_own_word_features() -> None:
    tool = _tool()
    built = _build(tool, _corpus())
    # fold 0's abstracts say something else entirely: its own features (and fold g's training rows
    # when fold 0 is held out) may not move, every other fold's training rows may
    changed = _build(tool, _corpus({k: "Rien à voir : météo clémente à Paris." for k in range(0, 30, FOLDS)}))
    for k in range(0, 30, FOLDS):
        assert np.array_equal(built.own[False][k], changed.own[False][k])
        assert np.array_equal(built.own[True][k], changed.own[True][k])
    for a, b in zip(built.nested[False][0], changed.nested[False][0], strict=True):
        assert np.array_equal(a, b)
    moved = [not np.array_equal(a, b) for a, b in zip(built.nested[False][1], changed.nested[False][1], strict=True)]
    assert any(moved)
    # the shipped model is fitted on every fold, so it moves too
    assert built.models[(frozenset(), False)] != changed.models[(frozenset(), False)]


def test_word_features_of_training_equal_those_of_run_time() -> None:
    tool = _tool()
    docs = _corpus()
    built = _build(tool, docs)
    stops = rank.news_stop_words("fr")
    for k, d in enumerate(docs[:6]):
        excluded = frozenset({d.fold})
        model = news.WordModel.from_json(built.models[(excluded, False)])
        lexicons: tuple[news.Lexicon, news.Lexicon] = (built.lexicons[excluded], ({}, 0.0))
        for t, title in enumerate((None, d.title)):
            rows = news.analyse(d.sentences, stops=stops, lexicons=lexicons, title=title, wordmodel=model).rows
            assert np.allclose(np.array(rows)[:, -len(news.WORDS) :], built.own[False][k][t])
    # the generic model never weighs the French prior
    assert built.models[(frozenset(), True)]["weights"][0] == 0.0
