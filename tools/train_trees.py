"""Gradient-boosted trees for the ``news`` scorer, on the features and folds of tools/train_ranker.py.

Same data, same cross-fitted word tables, same 5 folds of OrangeSum's training
split as the network (it reads the cache ``train_ranker.py --cache`` writes):
when fold f is held out, the trees learn on the other folds' ``nested`` rows,
stop early on an inner tenth of those training articles (never on fold f),
and are judged on fold f's ``own`` rows with the selection penalties tuned
by the same grids. The network's fold models (the ``.networks.pkl`` next to
the cache) are judged on the identical folds, so the two learners are compared
paired by fold.

Learners (LightGBM, one thread): ``lambdarank`` and ``rank_xendcg`` on graded
relevance (each sentence's ROUGE target quantised to 0..levels relative to the
article's best), or ``listnet``: the network's own listwise loss (softmax
cross-entropy against softmax(target / temperature) per article) as a custom
objective. The trees ship as JSON (summarize/data/news-model.json,
``"kind": "trees"``) and run in pure Python (summarize/newstrees.py).

Usage: python tools/train_trees.py --cache build/orangesum/news.pkl [--subset N] [--grid NAME]
[--write] [--valid]. Needs lightgbm and numpy: pip install -e ".[train]".
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "eval", ROOT / "tools"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import train_ranker as tr  # noqa: E402

from summarize import news, newstrees  # noqa: E402

#: One inner-validation article in this many (early stopping never looks at the held-out fold).
INNER = 5
PATIENCE = 100


@dataclass(frozen=True)
class Grow:
    objective: str  # lambdarank, rank_xendcg, listnet
    leaves: int = 15
    rate: float = 0.05
    min_leaf: int = 100
    rounds: int = 600  # the most; early stopping picks fewer
    target: str = "r1+r2"
    temperature: float = 0.05
    feature_fraction: float = 1.0
    levels: int = 8  # graded relevance 0..levels (lambdarank, rank_xendcg)

    def __str__(self) -> str:
        levels = f" levels={self.levels}" if self.levels != 8 else ""
        return (
            f"{self.objective} leaves={self.leaves} rate={self.rate} min_leaf={self.min_leaf} "
            f"rounds<={self.rounds} target={self.target} ff={self.feature_fraction}{levels}"
        )


def labels(y: np.ndarray, levels: int) -> np.ndarray:
    """Graded relevance 0..levels: the target relative to the article's best sentence."""
    top = float(y.max())
    if top <= 0:
        return np.zeros(len(y))
    return np.floor(levels * y / top + 1e-9)


class Lists:
    """Articles' sentences stacked, with the per-article softmax of ListNet (targets divided by a temperature)."""

    def __init__(self, targets: np.ndarray, sizes: np.ndarray, temperature: float) -> None:
        self.starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        self.segment = np.repeat(np.arange(len(sizes)), sizes)
        self.count = len(sizes)
        self.target = self.softmax(targets / temperature)

    def softmax(self, s: np.ndarray) -> np.ndarray:
        e = np.exp(s - np.maximum.reduceat(s, self.starts)[self.segment])
        out: np.ndarray = e / np.add.reduceat(e, self.starts)[self.segment]
        return out

    def objective(self, preds: np.ndarray, _: lgb.Dataset) -> tuple[np.ndarray, np.ndarray]:
        """Gradient and diagonal Hessian of the softmax cross-entropy (as a LightGBM objective)."""
        q = self.softmax(preds)
        return q - self.target, np.maximum(q * (1 - q), 1e-6)

    def loss(self, preds: np.ndarray, _: lgb.Dataset) -> tuple[str, float, bool]:
        """The mean cross-entropy per article (as a LightGBM metric: early stopping on it)."""
        q = self.softmax(preds)
        return "listnet", float(-(self.target * np.log(np.maximum(q, 1e-300))).sum() / self.count), False


def dataset(
    xs: Sequence[np.ndarray], ys: Sequence[np.ndarray], levels: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    x = np.concatenate(xs)
    y = np.concatenate(ys)
    graded = np.concatenate([labels(v, levels) for v in ys])
    return x, y, graded, np.array([len(v) for v in xs])


def train(
    xs: Sequence[np.ndarray], ys: Sequence[np.ndarray], grow: Grow, rounds: int | None = None, versions: int = 2
) -> lgb.Booster:
    """Trees on these articles' rows (`versions` consecutive lists per article: without and with its headline);
    without `rounds`, early stopping on every INNER-th article (both its versions)."""
    if rounds is None:
        inner = [(k // versions) % INNER == 0 for k in range(len(xs))]
        fit_part = [k for k, held in enumerate(inner) if not held]
        stop_part = [k for k, held in enumerate(inner) if held]
    else:
        fit_part, stop_part = list(range(len(xs))), []
    x, y, graded, sizes = dataset([xs[k] for k in fit_part], [ys[k] for k in fit_part], grow.levels)
    params: dict[str, object] = {
        "num_leaves": grow.leaves,
        "learning_rate": grow.rate,
        "min_data_in_leaf": grow.min_leaf,
        "feature_fraction": grow.feature_fraction,
        "feature_fraction_seed": 1,
        "num_threads": 1,
        "deterministic": True,
        "force_row_wise": True,
        "verbosity": -1,
        "seed": 1,
        "metric": "ndcg",
        "eval_at": [3],
    }
    if grow.objective == "listnet":
        params["objective"] = Lists(y, sizes, grow.temperature).objective
        params["metric"] = "None"
    else:
        params["objective"] = grow.objective
    train_set = lgb.Dataset(x, graded, group=sizes, free_raw_data=True)
    callbacks: list[Callable[..., Any]] = []
    valid_sets = []
    feval = None
    if stop_part:
        vx, vy, vgraded, vsizes = dataset([xs[k] for k in stop_part], [ys[k] for k in stop_part], grow.levels)
        valid_sets = [lgb.Dataset(vx, vgraded, group=vsizes, reference=train_set)]
        callbacks = [lgb.early_stopping(PATIENCE, first_metric_only=True, verbose=False)]
        if grow.objective == "listnet":  # stop on the loss itself: smoother than NDCG of graded labels
            feval = Lists(vy, vsizes, grow.temperature).loss
    booster = lgb.train(
        params,
        train_set,
        num_boost_round=rounds or grow.rounds,
        valid_sets=valid_sets,
        callbacks=callbacks,
        feval=feval,
    )
    return booster


def predict_lists(booster: lgb.Booster, xs: Sequence[np.ndarray]) -> list[np.ndarray]:
    """The trees' raw scores of each article's rows (one call to LightGBM for them all)."""
    scores = np.asarray(booster.predict(np.concatenate(xs), raw_score=True), dtype=float)
    return np.split(scores, np.cumsum([len(x) for x in xs])[:-1])


def export(booster: lgb.Booster, scale: float = 1.0) -> dict[str, object]:
    """The trees as summarize/newstrees.py reads them (leaf values multiplied by `scale`)."""
    dump = booster.dump_model(num_iteration=booster.best_iteration or None)
    return newstrees.from_lightgbm(dump, scale)


class Unpickler(pickle.Unpickler):
    """train_ranker.py's cache, written when it ran as __main__."""

    def find_class(self, module: str, name: str) -> Any:
        return super().find_class("train_ranker" if module == "__main__" else module, name)


GRIDS = {
    "smoke": [Grow("listnet", leaves=7, rate=0.2, min_leaf=200, rounds=50)],
    "rates": [
        Grow("lambdarank", leaves=15, rate=0.03, min_leaf=200, rounds=3000),
        Grow("lambdarank", leaves=15, rate=0.03, min_leaf=200, rounds=3000, levels=4),
        Grow("lambdarank", leaves=15, rate=0.03, min_leaf=200, rounds=3000, levels=16),
        Grow("listnet", leaves=15, rate=0.03, min_leaf=200, rounds=3000),
        Grow("lambdarank", leaves=31, rate=0.03, min_leaf=400, rounds=3000),
        Grow("lambdarank", leaves=7, rate=0.03, min_leaf=100, rounds=3000),
    ],
    "wider": [
        Grow("lambdarank", leaves=31, rate=0.03, min_leaf=1000, rounds=3000),
        Grow("lambdarank", leaves=63, rate=0.03, min_leaf=400, rounds=3000),
        Grow("lambdarank", leaves=31, rate=0.03, min_leaf=400, rounds=3000, feature_fraction=0.7),
        Grow("lambdarank", leaves=31, rate=0.03, min_leaf=400, rounds=3000, levels=4),
        Grow("lambdarank", leaves=31, rate=0.03, min_leaf=400, rounds=3000, target="r1+r2+rl"),
    ],
    "best": [Grow("lambdarank", leaves=31, rate=0.03, min_leaf=400, rounds=3000, levels=4)],
    "final": [],  # filled below: rates + wider
    "objectives": [
        Grow("listnet", leaves=15, rate=0.1, min_leaf=200, rounds=1000),
        Grow("lambdarank", leaves=15, rate=0.1, min_leaf=200, rounds=1000),
        Grow("rank_xendcg", leaves=15, rate=0.1, min_leaf=200, rounds=1000),
        Grow("listnet", leaves=31, rate=0.1, min_leaf=200, rounds=1000),
        Grow("lambdarank", leaves=31, rate=0.1, min_leaf=200, rounds=1000),
        Grow("listnet", leaves=7, rate=0.1, min_leaf=200, rounds=1000),
    ],
}


class Folds:
    """The prepared training data, its folds, the network's fold models, and the trees' (memoised on disk)."""

    def __init__(
        self,
        cache: Path,
        networks: Path,
        baseline: Path,
        subset: int | None,
        say: Callable[[str], None],
        words: bool = False,
    ) -> None:
        with cache.open("rb") as file:
            self.docs, self.valid, _, self.own, nested, self.valid_rows = Unpickler(file).load()
        for d in (*self.docs, *self.valid):  # as train_ranker.py: a cache from before the fragment rule or the memo
            d.article.fragment = [w < news.FRAGMENT_WORDS for w in d.article.words]
            d.article.similar = {}
        self.words = words
        if words:
            nested = self.add_words(nested, say)
        self.networks_file = networks
        self.networks: dict[tuple[tr.Setting, bool, int], dict[str, object]] = {}
        if networks.exists():
            with networks.open("rb") as file:
                self.networks = Unpickler(file).load()
        self.memo_file = cache.with_suffix(".trees.pkl")
        self.memo: dict[tuple[str, bool, int], tuple[str, int]] = {}
        if self.memo_file.exists():
            with self.memo_file.open("rb") as file:
                self.memo.update(pickle.load(file))
        say(f"read {cache}: {len(self.docs)} articles")
        self.subset = subset
        keep = len(self.docs) if subset is None else subset
        self.folds = range(tr.FOLDS)
        self.train_rows = {}
        for f in self.folds:
            train_docs = [(k, d) for k, d in enumerate(self.docs) if d.fold != f]
            self.train_rows[f] = [(d, x) for (k, d), x in zip(train_docs, nested[f], strict=True) if k < keep]
        self.tests = {
            f: [(d, x) for k, (d, x) in enumerate(zip(self.docs, self.own, strict=True)) if d.fold == f and k < keep]
            for f in self.folds
        }
        self.shipped = json.loads(baseline.read_text(encoding="utf-8"))
        self.network_selection = news.Selection(**self.shipped["selection"])

    def add_words(self, nested: dict[int, list[np.ndarray]], say: Callable[[str], None]) -> dict[int, list[np.ndarray]]:
        """Main's word model (tools/train_words.py, cross-fitted as the tables) appended to the French rows, and
        its probabilities on each article for the coverage term of selection (French model only)."""
        import train_words

        for d in self.docs:  # as train_ranker.py: the word pairs are the largest part of the memory
            d.pairs, d.ref_pairs = set(), set()
        wm = train_words.build(
            self.docs,
            self.valid,
            tr.FOLDS,
            lambda having, kept: tr.table(tr.Counts(having, kept), tr.MIN_COUNT, 2),
            say,
        )
        self.own = [
            np.concatenate([x[..., : tr.BASE], w], axis=-1) for x, w in zip(self.own, wm.own[False], strict=True)
        ]
        for k, d in enumerate(self.docs):
            d.article.probability = wm.own_p[False][k][0].tolist()
            d.article.members = wm.members[k]
        return {
            f: [
                np.concatenate([x[..., : tr.BASE], w], axis=-1)
                for x, w in zip(nested[f], wm.nested[False][f], strict=True)
            ]
            for f in range(tr.FOLDS)
        }

    def key(self, grow: Grow, generic: bool, f: int) -> tuple[str, bool, int]:
        return (f"{grow} subset={self.subset}" + (" words" if self.words else ""), generic, f)

    def network(self, generic: bool, f: int) -> dict[str, object]:
        """The network of fold f (trained here when the networks file does not have it)."""
        key = (NETWORK, generic, f)
        if key not in self.networks:
            xs = [columns(x[t], generic) for _, x in self.train_rows[f] for t in (0, 1)]
            ys = [tr.gold(d, NETWORK.target) for d, _ in self.train_rows[f] for _ in (0, 1)]
            self.networks[key] = tr.fit(xs, ys, NETWORK)
            part = self.networks_file.with_suffix(f".{os.getpid()}")
            with part.open("wb") as out:
                pickle.dump(self.networks, out)
            part.replace(self.networks_file)
        return self.networks[key]

    def booster(self, grow: Grow, generic: bool, f: int) -> lgb.Booster:
        """Trees learned on every fold but f (memoised in the .trees.pkl next to the cache)."""
        key = self.key(grow, generic, f)
        if key not in self.memo:
            xs = [columns(x[t], generic) for _, x in self.train_rows[f] for t in (0, 1)]
            ys = [tr.gold(d, grow.target) for d, _ in self.train_rows[f] for _ in (0, 1)]
            booster = train(xs, ys, grow)
            self.memo[key] = (booster.model_to_string(num_iteration=booster.best_iteration), booster.best_iteration)
            part = self.memo_file.with_suffix(f".{os.getpid()}")
            with part.open("wb") as out:  # then renamed: two runs may share the memo
                pickle.dump(self.memo, out)
            part.replace(self.memo_file)
        return lgb.Booster(model_str=self.memo[key][0])

    def rounds(self, grow: Grow) -> list[int]:
        return [self.memo[self.key(grow, False, f)][1] for f in self.folds]

    def network_values(self, generic: bool, headline: bool) -> dict[int, list[np.ndarray]]:
        """The round-6 network's held-out scores (the network of each fold)."""
        network = {f: self.network(generic, f) for f in self.folds}
        return {
            f: [tr.predict(network[f], columns(x[int(headline)], generic)) for _, x in self.tests[f]]
            for f in self.folds
        }

    def tree_values(self, grow: Grow, generic: bool, headline: bool) -> dict[int, list[np.ndarray]]:
        """Held-out scores, put on the network's scale (the same mean within-article spread without headline),
        so that the selection penalties mean the same."""
        values, plain = {}, {}
        for f in self.folds:
            booster = self.booster(grow, generic, f)
            tests = self.tests[f]
            plain[f] = predict_lists(booster, [columns(x[0], generic) for _, x in tests])
            values[f] = predict_lists(booster, [columns(x[int(headline)], generic) for _, x in tests])
        ratio = spread(self.network_values(generic, False)) / spread(plain)
        return {f: [v * ratio for v in values[f]] for f in self.folds}

    def values(self, grow: Grow, share: float, generic: bool, headline: bool) -> dict[int, list[np.ndarray]]:
        """Held-out scores of `share` × the network + (1 − share) × the trees (on the network's scale)."""
        trees = self.tree_values(grow, generic, headline)
        if not share:
            return trees
        network = self.network_values(generic, headline)
        return {f: [share * a + (1 - share) * b for a, b in zip(network[f], trees[f], strict=True)] for f in self.folds}

    def judge(
        self, values: dict[int, list[np.ndarray]], selection: news.Selection, lengths: Sequence[str] = tr.ALL_LENGTHS
    ) -> list[tr.Table]:
        return [tr.judge([d for d, _ in self.tests[f]], values[f], selection, lengths) for f in self.folds]

    def tune(self, values: dict[int, list[np.ndarray]]) -> news.Selection:
        """The selection penalties for these scores, on train_ranker.py's grids (counts, then the word budget)."""

        def best(grid: Sequence[news.Selection], lengths: Sequence[str]) -> news.Selection:
            score = [statistics.mean(tr.merit(t) for t in self.judge(values, s, lengths)) for s in grid]
            return grid[score.index(max(score))]

        return best(tr.budget_grid_for(best(tr.COUNT_GRID, tr.COUNT_LENGTHS)), ("35 words",))


#: The round-6 network (its fold models are in the cache's .networks.pkl).
NETWORK = tr.Setting(16, 0.01, "r1+r2", 0.05)


def columns(x: np.ndarray, generic: bool) -> np.ndarray:
    """The rows the language-independent model sees: the French columns zeroed."""
    return np.where(tr.FRENCH_COLUMNS[: x.shape[-1]], 0.0, x) if generic else x


def spread(values: dict[int, list[np.ndarray]]) -> float:
    """Mean within-article standard deviation of the scores."""
    return statistics.mean(float(np.std(v)) for fold in values.values() for v in fold)


GRIDS["final"] = GRIDS["rates"] + GRIDS["wider"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cache", type=Path, required=True, help="the prepared data of train_ranker.py --cache")
    parser.add_argument("--networks", type=Path, default=None, help="the network's fold models (CACHE.networks.pkl)")
    parser.add_argument(
        "--baseline",
        type=Path,
        default=tr.OUT,
        help="the model file of those networks (its selection penalties; its networks for a blend)",
    )
    parser.add_argument(
        "--words", action="store_true", help="add main's word model to the French rows (French model, no tuning)"
    )
    parser.add_argument("--subset", type=int, default=None, help="only the first N training articles")
    parser.add_argument("--grid", default="objectives", choices=sorted(GRIDS))
    parser.add_argument("--tune", action="store_true", help="tune the selection penalties for the best trees")
    parser.add_argument(
        "--blend", type=float, default=0.0, help="tune and ship SHARE x the network + (1 - SHARE) x the trees"
    )
    parser.add_argument("--write", action="store_true", help="write news-model.json when the trees beat the network")
    parser.add_argument("--valid", action="store_true", help="judge the validation split once (the report)")
    parser.add_argument(
        "--nested", action="store_true", help="choose trees and blend share on 4 folds, judge on the 5th"
    )
    parser.add_argument("--candidate", action="store_true", help="train the final model, keep it next to the cache")
    args = parser.parse_args(argv)
    clock = time.perf_counter()

    def say(text: str) -> None:
        print(f"[{time.perf_counter() - clock:6.0f} s] {text}", flush=True)

    networks = args.networks or args.cache.with_suffix(".networks-words.pkl" if args.words else ".networks.pkl")
    data = Folds(args.cache, networks, args.baseline, args.subset, say, words=args.words)

    def show(name: str, per_fold: list[tr.Table], against: list[tr.Table] | None = None) -> float:
        value = statistics.mean(tr.merit(t) for t in per_fold)
        say(f"{name}: {value:.3f}  {tr.describe(tr.mean_tables(per_fold))}")
        if against is not None:
            say(f"  paired by fold, minus the network: {paired(per_fold, against)}")
        return value

    network = data.judge(data.network_values(False, False), data.network_selection)
    show("network (the baseline model's penalties)", network)
    scored = []
    for grow in GRIDS[args.grid]:
        per_fold = data.judge(data.tree_values(grow, False, False), data.network_selection)
        scored.append((show(f"{grow} (rounds {data.rounds(grow)})", per_fold, network), grow))
    best = max(scored, key=lambda t: t[0])[1]
    say(f"best trees under the network's penalties: {best}")
    blends(data, best, show, network)
    if args.nested:
        nested_choice(data, GRIDS[args.grid], network, say)
    if not args.tune:
        return 0
    selection = data.tune(data.values(best, args.blend, False, False))
    say(f"penalties for the trees (network share {args.blend}): {selection}")
    trees = data.judge(data.values(best, args.blend, False, False), selection)
    show(f"{best}, network share {args.blend}, tuned", trees, network)
    report = cross_validation(data, best, args.blend, selection, show, say)
    wins = statistics.mean(tr.merit(t) for t in trees) > statistics.mean(tr.merit(t) for t in network)
    if args.write or args.valid or args.candidate:
        candidate = args.cache.with_name(f"news-model.{best.objective}.blend{args.blend}.json")
        ship(data, best, args.blend, selection, report, candidate, say, write=args.write and wins, valid=args.valid)
    if args.write and not wins:
        say("the trees do not beat the network on CV: news-model.json left as it is")
    return 0


Show = Callable[..., float]


def blends(data: Folds, best: Grow, show: Show, network: list[tr.Table]) -> None:
    """Network and trees averaged (both on the network's scale), under the network's penalties."""
    a, b = data.network_values(False, False), data.tree_values(best, False, False)
    for share in (0.3, 0.5, 0.7):
        blend = {f: [share * x + (1 - share) * y for x, y in zip(a[f], b[f], strict=True)] for f in data.folds}
        show(f"blend: {share} network + {1 - share:.1f} trees", data.judge(blend, data.network_selection), network)


def nested_choice(data: Folds, grid: Sequence[Grow], network: list[tr.Table], say: Callable[[str], None]) -> None:
    """The winner's curse out: for each fold, the trees and network share that score best on the other four
    folds (under the network's penalties), judged on that fold against the network."""
    merits = {
        (grow, share): [tr.merit(t) for t in data.judge(data.values(grow, share, False, False), data.network_selection)]
        for grow in grid
        for share in (0.0, 0.3, 0.5, 0.7)
    }
    base = [tr.merit(t) for t in network]
    gains = []
    for f in data.folds:
        others = [g for g in data.folds if g != f]
        choice = max(merits, key=lambda k: statistics.mean(merits[k][g] for g in others))
        gains.append(merits[choice][f] - base[f])
        say(f"  fold {f}: chosen on the others {choice[0]}, network share {choice[1]}: {gains[-1]:+.3f}")
    mean, sd = statistics.mean(gains), statistics.stdev(gains)
    say(f"nested choice, gain over the network on the held-out fold: {mean:+.3f} ± {sd:.3f}")


def cross_validation(
    data: Folds, best: Grow, share: float, selection: news.Selection, show: Show, say: Callable[[str], None]
) -> dict[str, object]:
    """The honest estimate, stored with the model: every length, per fold, French and language-independent
    trees, without and with the headline; each paired by fold with the network."""
    report: dict[str, object] = {}
    for name, generic in (("french", False), ("generic", True)):
        for headline in (False, True):
            per_fold = data.judge(data.values(best, share, generic, headline), selection)
            against = data.judge(data.network_values(generic, headline), data.network_selection)
            key = name + ("_headline" if headline else "")
            show(f"cross-validation, {key}", per_fold, against)
            report[key] = [{k: [round(x, 2) for x in v] for k, v in t.items()} for t in per_fold]
            if key == "french":
                for t, m in zip(per_fold, against, strict=True):
                    say("  fold: " + "  ".join(f"{k} {t[k][0] - m[k][0]:+.2f}/{t[k][2] - m[k][2]:+.2f}" for k in t))
                lead = [tr.judge_lead([d for d, _ in data.tests[f]]) for f in data.folds]
                report["lead"] = [{k: [round(x, 2) for x in v] for k, v in t.items()} for t in lead]
                margins = [
                    (t["3 sent"][0] - m["3 sent"][0], t["3 sent"][2] - m["3 sent"][2])
                    for t, m in zip(per_fold, lead, strict=True)
                ]
                say(
                    "  3 sentences minus Lead-3 per fold (R1/RL): "
                    + ", ".join(f"{a:+.2f}/{b:+.2f}" for a, b in margins)
                )
    return report


def ship(
    data: Folds,
    best: Grow,
    share: float,
    selection: news.Selection,
    report: dict[str, object],
    candidate: Path,
    say: Callable[[str], None],
    write: bool,
    valid: bool,
) -> None:
    """The shipped trees: every training article (rows from tables built without its fold), the mean number of
    rounds early stopping chose on the folds; written when they won on CV; judged once on validation."""
    rounds = round(statistics.mean(data.rounds(best)))
    final: dict[str, dict[str, object]] = {}
    for name, generic in (("french", False), ("generic", True)):
        xs = [columns(x[t], generic) for x in data.own for t in (0, 1)]
        ys = [tr.gold(d, best.target) for d in data.docs for _ in (0, 1)]
        booster = train(xs, ys, best, rounds=rounds)
        raw = {0: predict_lists(booster, xs[::2])}
        reference = {0: [tr.predict(data.shipped[name], x) for x in xs[::2]]}
        final[name] = export(booster, spread(reference) / spread(raw))
        say(f"{name} trees: {rounds} rounds, {len(json.dumps(final[name])) / 1000:.0f} KB")
        if share:
            final[name] = {"kind": "blend", "parts": [[share, data.shipped[name]], [1 - share, final[name]]]}
    learner = f"LightGBM {best.objective} trees" + (
        f" ({1 - share:.2f}) and the ListNet network ({share:.2f})" if share else ""
    )
    inputs = len(data.own[0][0][0])
    if write and inputs != len(news.FEATURES):
        say(f"the cache has {inputs} features, news.FEATURES {len(news.FEATURES)}: {tr.OUT.name} left as it is")
        write = False
    result = {
        "features": list(news.FEATURES[:inputs]),
        "trained_on": data.shipped["trained_on"].replace("ListNet", learner),
        "training_articles": len(data.docs),
        "setting": f"{best} rounds={rounds}" + (f", blended with the network ({share})" if share else ""),
        "french": final["french"],
        "generic": final["generic"],
        "selection": selection.__dict__,
        "cross_validation": report,
    }
    # the candidate is always kept next to the cache (to time it, or run eval_summaries on it); shipped if it won
    for path in (candidate, tr.OUT) if write else (candidate,):
        path.write_text(json.dumps(result, separators=(",", ":")) + "\n", encoding="utf-8")
        say(f"wrote {path}")
    for name, generic in (("french", False), ("generic", True)):
        if not valid:
            break
        model = news.scorer(final[name])
        for t in (0, 1):
            values = [np.array([model.score(r) for r in columns(x[t], generic).tolist()]) for x in data.valid_rows]
            table = tr.judge(data.valid, values, selection, tr.ALL_LENGTHS)
            say(f"valid (reported once), trees {name}, {'headline' if t else 'no headline'}: {tr.describe(table)}")


def paired(per_fold: Sequence[tr.Table], against: Sequence[tr.Table]) -> str:
    """Per length, the mean ± sd over folds of the R1 and RL differences; and of the CV score (merit)."""

    def diff(values: Sequence[float]) -> str:
        return f"{statistics.mean(values):+.2f}±{statistics.stdev(values):.2f}"

    out = []
    for k in per_fold[0]:
        r1 = [a[k][0] - b[k][0] for a, b in zip(per_fold, against, strict=True)]
        rl = [a[k][2] - b[k][2] for a, b in zip(per_fold, against, strict=True)]
        out.append(f"{k} {diff(r1)}/{diff(rl)}")
    merit = [tr.merit(a) - tr.merit(b) for a, b in zip(per_fold, against, strict=True)]
    return f"merit {statistics.mean(merit):+.3f}±{statistics.stdev(merit):.3f}  " + "  ".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
