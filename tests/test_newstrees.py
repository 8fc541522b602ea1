"""Boosted trees for the ``news`` scorer (summarize.newstrees): the JSON format, and agreement with LightGBM."""

from __future__ import annotations

import random

import pytest

from summarize import news
from summarize.newstrees import Tree, Trees, from_lightgbm

#: x0 <= 0.5 -> leaf 0 (1.0); else x1 <= 2 -> leaf 1 (2.0), else leaf 2 (3.0).
SMALL = {"feature": [0, 1], "threshold": [0.5, 2.0], "left": [-1, -2], "right": [1, -3], "leaf": [1.0, 2.0, 3.0]}
#: A tree that never split: one leaf for every row.
STUMP = {"feature": [], "threshold": [], "left": [], "right": [], "leaf": [-0.25]}


def test_a_row_goes_left_when_its_feature_is_at_most_the_threshold() -> None:
    tree = Tree.from_json(SMALL)
    assert tree.value([0.5, 9.0]) == 1.0  # at the threshold: left
    assert tree.value([0.6, 2.0]) == 2.0
    assert tree.value([0.6, 2.1]) == 3.0
    assert Tree.from_json(STUMP).value([0.0, 0.0]) == -0.25


def test_the_ensemble_scores_the_sum_of_its_leaves() -> None:
    trees = Trees.from_json({"kind": "trees", "inputs": 2, "trees": [SMALL, STUMP, SMALL]})
    assert trees.score([1.0, 3.0]) == 3.0 - 0.25 + 3.0
    with pytest.raises(ValueError, match="2 features"):
        trees.score([1.0])


def test_the_model_file_says_which_scorer_it_holds() -> None:
    data = {"kind": "trees", "inputs": 2, "trees": [SMALL]}
    assert isinstance(news.scorer(data), Trees)
    network = {"mean": [0.0], "scale": [1.0], "hidden": [], "hidden_bias": [], "output": [2.0]}
    assert isinstance(news.scorer(network), news.Network)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"leaf": [1.0, 2.0]}, "one leaf more"),
        ({"right": [1, -2]}, "exactly once"),
        ({"left": [-1, 0]}, "exactly once"),
    ],
)
def test_malformed_trees_are_refused(change: dict[str, list[float]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Tree.from_json(SMALL | change)


def test_a_tree_may_not_split_on_a_missing_feature() -> None:
    with pytest.raises(ValueError, match="feature"):
        Trees.from_json({"kind": "trees", "inputs": 1, "trees": [SMALL]})


def test_pure_python_trees_equal_lightgbm_predictions() -> None:
    """Train a small ranker on synthetic articles; the exported JSON scores every row as LightGBM does."""
    lgb = pytest.importorskip("lightgbm")
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(3)
    sizes = rng.integers(3, 12, size=120)
    x = rng.normal(size=(int(sizes.sum()), 5))
    x[:, 3] = rng.integers(0, 3, size=len(x))  # a discrete feature: many rows sit exactly on a threshold
    relevance = np.clip(np.round(x[:, 0] - 0.5 * x[:, 1] + 0.3 * x[:, 3] + rng.normal(0, 0.5, len(x))), 0, 4)
    params = {"objective": "lambdarank", "num_leaves": 7, "min_data_in_leaf": 5, "verbosity": -1, "num_threads": 1}
    booster = lgb.train(params, lgb.Dataset(x, relevance, group=sizes), num_boost_round=30)
    trees = Trees.from_json(from_lightgbm(booster.dump_model(), digits=17))
    assert len(trees.trees) == 30
    thresholds = [t for tree in trees.trees for t in tree.threshold]
    edge = np.array([[random.Random(k).choice(thresholds) for _ in range(5)] for k in range(50)])
    rows = np.concatenate([x, edge])
    expected = booster.predict(rows, raw_score=True)
    assert [trees.score(row) for row in rows.tolist()] == pytest.approx(expected.tolist(), abs=1e-9)
    # scaled leaves scale the score (the trainer puts trees on the network's scale)
    half = Trees.from_json(from_lightgbm(booster.dump_model(), scale=0.5, digits=17))
    assert half.score(rows[0].tolist()) == pytest.approx(0.5 * expected[0], abs=1e-9)


def test_a_blend_weighs_its_scorers() -> None:
    network = {"mean": [0.0, 0.0], "scale": [1.0, 1.0], "hidden": [], "hidden_bias": [], "output": [2.0, 0.0]}
    trees = {"kind": "trees", "inputs": 2, "trees": [SMALL]}
    blend = news.scorer({"kind": "blend", "parts": [[0.25, network], [0.75, trees]]})
    assert isinstance(blend, news.Blend)
    assert blend.score([1.0, 3.0]) == 0.25 * 2.0 + 0.75 * 3.0
    with pytest.raises(ValueError, match="kind"):
        news.scorer({"kind": "forest"})
