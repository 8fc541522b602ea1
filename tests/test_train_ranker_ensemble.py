"""tools/train_ranker.py: an ensemble of networks ships as one network that scores their average.

Tiny synthetic ranking data (40 articles of 6 sentences); numpy is a training dependency only.
"""

from __future__ import annotations

import importlib
import random
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from summarize import news

np = pytest.importorskip("numpy")
ROOT = Path(__file__).resolve().parent.parent
INPUTS = 5


@pytest.fixture(scope="module")
def tr() -> ModuleType:
    """The tool as its script sees itself: tools/ on the path (train_words is imported from beside it)."""
    if str(ROOT / "tools") not in sys.path:
        sys.path.insert(0, str(ROOT / "tools"))
    return importlib.import_module("train_ranker")


@pytest.fixture(scope="module")
def data() -> tuple[list[Any], list[Any]]:
    """Articles whose best sentence is early and has a high second input (what the networks learn)."""
    rng = np.random.default_rng(3)
    xs, ys = [], []
    for _ in range(40):
        x = rng.normal(size=(6, INPUTS))
        x[:, 0] = np.arange(6)
        xs.append(x)
        ys.append(np.clip(0.3 - 0.05 * x[:, 0] + 0.1 * x[:, 1] + rng.normal(0, 0.02, 6), 0, 1))
    return xs, ys


def test_an_ensemble_is_one_network_scoring_the_mean_of_its_members(tr: ModuleType, data: Any) -> None:
    xs, ys = data
    setting = tr.Setting(hidden=4, l2=0.01, target="r1", temperature=0.05, steps=40, seeds=3)
    members = [tr.fit(xs, ys, tr.Setting(4, 0.01, "r1", 0.05, steps=40), seed) for seed in range(3)]
    assert members[0]["hidden"] != members[1]["hidden"]  # other seeds, other networks: something to average
    merged = tr.fit_ensemble(xs, ys, setting)
    assert merged["members"] == 3 and len(merged["hidden"]) == 3 * 4
    rows = np.concatenate(xs)
    mean = np.mean([tr.predict(m, rows) for m in members], axis=0)
    assert np.allclose(tr.predict(merged, rows), mean, atol=1e-9, rtol=0)  # what cross-validation judged
    network = news.scorer(merged)  # what ships: news.py reads it as any network
    assert isinstance(network, news.Network)
    assert all(abs(network.score(r) - m) < 1e-9 for r, m in zip(rows.tolist(), mean, strict=True))


def test_an_ensemble_scores_a_huge_article_with_numpy_to_the_same_values(tr: ModuleType, data: Any) -> None:
    xs, ys = data
    network = news.scorer(tr.fit_ensemble(xs, ys, tr.Setting(4, 0.01, "r1", 0.05, steps=20, seeds=2)))
    assert isinstance(network, news.Network)
    rng = random.Random(5)
    rows = [[rng.uniform(-2.0, 6.0) for _ in range(INPUTS)] for _ in range(news.NUMPY_ROWS)]
    article = news.Article(rows=rows, vectors=[{} for _ in rows], words=[10] * len(rows), fragment=[False] * len(rows))
    batch = news.scores(article, network)  # past NUMPY_ROWS: numpy's products
    assert all(abs(a - network.score(r)) < 1e-9 for a, r in zip(batch, rows, strict=True))


def test_one_seed_is_the_single_network_unchanged(tr: ModuleType, data: Any) -> None:
    xs, ys = data
    single = tr.Setting(4, 0.01, "r1", 0.05, steps=20)
    assert tr.fit_ensemble(xs, ys, single) == tr.fit(xs, ys, single, 0)
    assert "seeds" not in str(single) and "seeds=3" in str(tr.ensembles([single], [1, 3])[1])


def test_networks_read_with_other_standardisations_are_not_merged(tr: ModuleType, data: Any) -> None:
    xs, ys = data
    setting = tr.Setting(4, 0.01, "r1", 0.05, steps=5)
    other = tr.fit([x * 2.0 for x in xs], ys, setting, 1)
    with pytest.raises(ValueError, match="standardisation"):
        tr.merge([tr.fit(xs, ys, setting, 0), other])


def test_bagged_members_learn_on_other_articles_but_merge(tr: ModuleType, data: Any) -> None:
    xs, ys = data
    bagged = tr.Setting(4, 0.01, "r1", 0.05, steps=20, bag=0.5)
    first, second = (tr.fit(xs, ys, bagged, seed) for seed in (0, 1))
    assert first["mean"] == tr.fit(xs, ys, replace(bagged, bag=1.0), 0)["mean"]  # standardised on every list
    assert first["hidden"] != tr.fit(xs, ys, replace(bagged, bag=1.0), 0)["hidden"]  # but learned on half
    assert tr.predict(tr.merge([first, second]), np.concatenate(xs)).shape == (40 * 6,)
    assert "bag=0.5" in str(tr.ensembles([bagged], [1, 3], 0.5)[1]) and tr.ensembles([bagged], [1], 0.5)[0].bag == 1.0
