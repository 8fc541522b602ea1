"""Train the ``news`` scorer (summarize/data/news-model.json) with honest model selection.

Data: OrangeSum training articles only, in FOLDS folds (article k is in fold k % FOLDS):
the shared train-5k by default, or with ``--train build/orangesum/train.jsonl`` the whole
official training split (21,401 articles, written by tools/get_orangesum.py from a local
mirror of github.com/Tixierae/OrangeSum, CC BY-SA 4.0; its first 5,000 are train-5k).
Every setting (network size, regularisation, training target, selection
penalties) is chosen by the mean ROUGE over the held-out folds; the spread
across folds is written next to the model. The validation split is read once,
at the end, to report the chosen model (never to choose).

Learner: a listwise ranking loss (ListNet: the softmax of the scores should
match the softmax of each sentence's ROUGE against the abstract, over the
sentences of one article), for a linear scorer or a one-hidden-layer tanh
network, fitted by full-batch Adam in numpy. Run time needs neither numpy nor
this script: the weights are written as JSON and summarize/news.py evaluates
them in pure Python. Two networks: one over every feature for French, one over
the language-independent features only (the French columns zeroed) for every
other language. Each training article is seen twice, with and without its
headline, so that one network serves both.

Word tables (summarize/data/lexicon-news.json, bigrams-news.json): for each
word (word pair) of at least MIN_COUNT (PAIR_MIN_COUNT) articles, the smoothed
log-odds that the abstract repeats it when the article has it. No article's
features may see its own abstract, and no held-out fold may shape the features
a model is trained on: when fold f is held out, the training articles of fold
g read tables built from the folds other than f and g, fold f reads tables
built from all folds but f; the shipped model trains on tables built without
each article's own fold, and runs (and is validated) on tables from all the
training articles.

Word model (tools/train_words.py): a logistic regression over each distinct content
word of an article (news.WORD_INPUTS), cross-fitted the same way (its French prior
input read from the tables above); its sentence features (news.WORDS) are appended to
the rows, and its probabilities feed the coverage term of selection.

Ensembles (``--seeds 1,3,5``): each finalist is also tried as the plain average of K networks
trained from seeds 0..K-1 on the same rows, tuned by the same CV; the average ships as one
network holding every member's hidden units (see merge), so news.py runs it unchanged.
``--bag SHARE`` has each member learn on that share of the articles, ``--also HIDDEN,L2,TARGET``
adds a single-network finalist, ``--compare FILE`` writes each finalist's tuned CV and stops.

Usage: python tools/train_ranker.py [--data DIR] [--train FILE] [--limit N] [--cache FILE]
[--dry-run] [--no-valid] [--quick] [--setting HIDDEN,L2,TARGET] [--no-words]
(``make ranker``: the full training split)
Needs numpy: pip install -e ".[train]". On the full split, one core: ~7 minutes of
features and word tables (kept by ``--cache``), ~35 s a fold network of 16 units; the
whole run about an hour (see eval/SUMMARIES.md).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import math
import pickle
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "eval"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import eval_summaries as ev  # noqa: E402
import train_words  # noqa: E402

from summarize import news, rank  # noqa: E402
from summarize.segment import split_words  # noqa: E402

OUT = ROOT / "summarize" / "data" / "news-model.json"
LEXICON_OUT = ROOT / "summarize" / "data" / "lexicon-news.json"
BIGRAMS_OUT = ROOT / "summarize" / "data" / "bigrams-news.json"
FOLDS = 5
MIN_COUNT = 5
PAIR_MIN_COUNT = 10
PAIR_PRUNE = 0.3
ALPHA = 5.0
#: Lengths the model is judged on (as eval/eval_summaries.py): 1, 2, 3 sentences and 35 words.
COUNTS = (1, 2, 3)
BUDGET = 35
FRENCH_COLUMNS = np.array([f in news.FRENCH for f in news.FEATURES])
#: Features computed sentence by sentence (design); the word model's (news.WORDS, last) come from train_words.
BASE = len(news.FEATURES) - len(news.WORDS)
#: A word model that says nothing, for design() (its columns are replaced by train_words' cross-fitted ones).
SILENT = news.WordModel((0.0,) * (len(news.WORD_INPUTS) + len(news.WORD_PRODUCTS)), 0.0)

# --------------------------------------------------------------------------
# Data


@dataclass
class Doc:
    """A training or validation article, prepared once."""

    sentences: list[str]
    title: str | None
    ref: list[str]
    fold: int
    article: news.Article  # vectors and word counts (rows are filled per lexicon)
    hyp: list[list[str]]  # ROUGE tokens of each sentence
    gold: dict[str, np.ndarray]  # per-sentence ROUGE F1 against the abstract
    words: set[str] = field(default_factory=set)  # lower-case article tokens (for the tables)
    pairs: set[str] = field(default_factory=set)
    ref_words: set[str] = field(default_factory=set)
    ref_pairs: set[str] = field(default_factory=set)


def _pairs(tokens: Sequence[str]) -> set[str]:
    return {a + " " + b for a, b in itertools.pairwise(tokens)}


def prepare(records: Sequence[dict[str, str]], folds: int) -> list[Doc]:
    stops = rank.news_stop_words("fr")
    docs = []
    for k, r in enumerate(records):
        a = ev.Article(r)
        if len(a.sentences) < 2:
            continue
        hyp = [ev.tokens(s) for s in a.sentences]
        scores = np.array([ev.rouge(a.ref, h) for h in hyp])
        words = [w.lower() for w in split_words(r["article"], "fr")]
        ref = [w.lower() for w in split_words(r["abstract"], "fr")]
        docs.append(
            Doc(
                a.sentences,
                a.title,
                a.ref,
                k % folds,
                news.analyse(a.sentences, stops=stops, lexicons=(({}, 0.0), ({}, 0.0))),
                hyp,
                {"r1": scores[:, 0], "r2": scores[:, 1], "rl": scores[:, 2]},
                set(words),
                _pairs(words),
                set(ref),
                _pairs(ref),
            )
        )
    return docs


# --------------------------------------------------------------------------
# Word tables


@dataclass
class Counts:
    having: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.having + other.having, self.kept + other.kept)


def fold_counts(docs: Sequence[Doc], folds: int) -> tuple[list[Counts], list[Counts]]:
    """Word and word-pair counts of each fold: articles having each, and whose abstract kept it."""
    words = [Counts() for _ in range(folds)]
    pairs = [Counts() for _ in range(folds)]
    for d in docs:
        words[d.fold].having.update(d.words)
        words[d.fold].kept.update(d.words & d.ref_words)
        pairs[d.fold].having.update(d.pairs)
        pairs[d.fold].kept.update(d.pairs & d.ref_pairs)
    return words, pairs


def table(counts: Counts, min_count: int, digits: int, prune: float = 0.0) -> news.Lexicon:
    """Smoothed log-odds that the abstract has an item given the article has it (items of >= min_count)."""
    prior = sum(counts.kept.values()) / sum(counts.having.values())
    default = math.log(prior / (1 - prior))
    logit = {}
    for w, n in sorted(counts.having.items()):
        if n >= min_count:
            kept = counts.kept[w]
            value = round(math.log((kept + ALPHA * prior) / (n - kept + ALPHA * (1 - prior))), digits)
            if abs(value - default) >= prune:
                logit[w] = value
    return logit, round(default, 4)


def tables(words: Sequence[Counts], pairs: Sequence[Counts], folds: Iterable[int]) -> tuple[news.Lexicon, news.Lexicon]:
    chosen = list(folds)
    w = sum((words[k] for k in chosen[1:]), words[chosen[0]])
    p = sum((pairs[k] for k in chosen[1:]), pairs[chosen[0]])
    return table(w, MIN_COUNT, 2), table(p, PAIR_MIN_COUNT, 1, PAIR_PRUNE)


def design(docs: Sequence[Doc], lexicons: Callable[[Doc], tuple[news.Lexicon, news.Lexicon]]) -> list[np.ndarray]:
    """Feature rows of each article, without then with its headline (stacked), read with its tables."""
    stops = rank.news_stop_words("fr")
    out = []
    for d in docs:
        lex = lexicons(d)
        plain = news.analyse(d.sentences, stops=stops, lexicons=lex, wordmodel=SILENT).rows
        titled = news.analyse(d.sentences, stops=stops, lexicons=lex, title=d.title, wordmodel=SILENT).rows
        out.append(np.array([plain, titled], dtype=float)[..., :BASE])
    return out


# --------------------------------------------------------------------------
# Learning


@dataclass(frozen=True)
class Setting:
    hidden: int
    l2: float
    target: str
    temperature: float
    steps: int = 300
    #: networks of this setting trained from different seeds and averaged (an ensemble; see merge)
    seeds: int = 1
    #: the share of the training articles each network sees (drawn by its seed; 1: all, as before)
    bag: float = 1.0

    def __str__(self) -> str:
        steps = f" steps={self.steps}" if self.steps != 300 else ""
        seeds = f" seeds={self.seeds}" if self.seeds != 1 else ""
        bag = f" bag={self.bag}" if self.bag != 1.0 else ""
        return f"hidden={self.hidden} l2={self.l2} target={self.target} tau={self.temperature}{steps}{seeds}{bag}"


def gold(doc: Doc, target: str) -> np.ndarray:
    return sum(doc.gold[part] for part in target.split("+"))  # type: ignore[return-value]


def fit(xs: Sequence[np.ndarray], ys: Sequence[np.ndarray], setting: Setting, seed: int = 0) -> dict[str, object]:
    """ListNet on the articles' sentences; returns the network as summarize/news.py reads it.

    With ``setting.bag`` < 1, the network learns on that share of the lists only, drawn by `seed`
    (the lists come in pairs, an article without then with its headline: both are kept or left),
    standardised as on every list so that the members of an ensemble can be merged.
    """
    x = np.concatenate(xs)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    if setting.bag < 1.0:
        kept = np.repeat(np.random.default_rng([seed, 1]).random((len(xs) + 1) // 2) < setting.bag, 2)
        xs = [v for v, k in zip(xs, kept, strict=False) if k]
        ys = [v for v, k in zip(ys, kept, strict=False) if k]
        x = np.concatenate(xs)
    sizes = np.array([len(v) for v in xs])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    segment = np.repeat(np.arange(len(xs)), sizes)
    z = (x - mean) / scale
    y = np.concatenate(ys) / setting.temperature
    target = np.exp(y - np.maximum.reduceat(y, starts)[segment])
    target /= np.add.reduceat(target, starts)[segment]
    rng = np.random.default_rng(seed)
    d = z.shape[1]
    h = setting.hidden
    params = (
        [rng.normal(0, 1 / math.sqrt(d), (d, h)), np.zeros(h), rng.normal(0, 1 / math.sqrt(h), h)]
        if h
        else [np.zeros(d)]
    )
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    lr, b1, b2 = 0.02, 0.9, 0.999
    count = len(xs)
    for step in range(1, setting.steps + 1):
        if h:
            w1, b, w2 = params
            a = np.tanh(z @ w1 + b)
            s = a @ w2
        else:
            s = z @ params[0]
        q = np.exp(s - np.maximum.reduceat(s, starts)[segment])
        q /= np.add.reduceat(q, starts)[segment]
        ds = (q - target) / count
        if h:
            da = np.outer(ds, w2) * (1 - a * a)
            grads = [z.T @ da + setting.l2 * w1, da.sum(axis=0), a.T @ ds + setting.l2 * w2]
        else:
            grads = [z.T @ ds + setting.l2 * params[0]]
        for p, g, (m, v) in zip(params, grads, moments, strict=True):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= lr * (m / (1 - b1**step)) / (np.sqrt(v / (1 - b2**step)) + 1e-8)
    if h:
        w1, b, w2 = params
        hidden, bias, output = w1.T.tolist(), b.tolist(), w2.tolist()
    else:
        hidden, bias, output = [], [], params[0].tolist()
    return {
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "hidden": [[round(float(v), 6) for v in row] for row in hidden],
        "hidden_bias": [round(float(v), 6) for v in bias],
        "output": [round(float(v), 6) for v in output],
    }


def predict(network: dict[str, object], x: np.ndarray) -> np.ndarray:
    """The scores news.Network.score would give, vectorised (same arithmetic)."""
    z = (x - np.array(network["mean"])) / np.array(network["scale"])
    hidden = np.array(network["hidden"])
    output: np.ndarray = np.array(network["output"])
    if hidden.size == 0:
        linear: np.ndarray = z @ output
        return linear
    scores: np.ndarray = np.tanh(z @ hidden.T + np.array(network["hidden_bias"])) @ output
    return scores


def fit_ensemble(
    xs: Sequence[np.ndarray],
    ys: Sequence[np.ndarray],
    setting: Setting,
    fitted: Callable[[int], dict[str, object]] | None = None,
) -> dict[str, object]:
    """`setting.seeds` networks (seeds 0, 1, ...) merged into one (see merge); `fitted(seed)` may supply them."""
    single = replace(setting, seeds=1)
    networks = [fitted(seed) if fitted else fit(xs, ys, single, seed) for seed in range(setting.seeds)]
    return networks[0] if setting.seeds == 1 else merge(networks)


def merge(networks: Sequence[dict[str, object]]) -> dict[str, object]:
    """The plain average of the networks' scores, as one wider network of the same form.

    The networks were trained on the same rows, so they share the input standardisation (mean,
    scale): their average is one hidden layer holding every network's units, each output weight
    divided by their number. news.Network then runs the ensemble as it is, pure Python and numpy
    alike, and cross-validation judges exactly the arithmetic that ships.
    """
    first = networks[0]
    if any(n["mean"] != first["mean"] or n["scale"] != first["scale"] for n in networks):
        raise ValueError(
            "the networks of an ensemble must share their input standardisation "
            "(members memoised before the features changed? delete the cache's .networks-*.pkl)"
        )
    if any(not n["hidden"] for n in networks):
        raise ValueError("only networks with hidden units are merged")
    k = len(networks)
    return {
        "mean": first["mean"],
        "scale": first["scale"],
        "hidden": [row for n in networks for row in n["hidden"]],  # type: ignore[attr-defined]
        "hidden_bias": [v for n in networks for v in n["hidden_bias"]],  # type: ignore[attr-defined]
        "output": [v / k for n in networks for v in n["output"]],  # type: ignore[attr-defined]
        "members": k,
    }


# --------------------------------------------------------------------------
# Judging

Table = dict[str, tuple[float, float, float, float]]
_MEMO: dict[tuple[int, tuple[int, ...]], tuple[float, float, float]] = {}


def _rouge(doc: Doc, picked: Sequence[int]) -> tuple[float, float, float]:
    key = (id(doc), tuple(picked))
    if key not in _MEMO:
        _MEMO[key] = ev.rouge(doc.ref, [t for i in picked for t in doc.hyp[i]])
    return _MEMO[key]


def judge(
    docs: Sequence[Doc], values: Sequence[np.ndarray], selection: news.Selection, lengths: Iterable[str]
) -> Table:
    """Mean ROUGE-1/2/L F1 x100 and words, per length, of the picks under `selection`."""
    out = {}
    for name in lengths:
        total = np.zeros(4)
        for d, v in zip(docs, values, strict=True):
            vals = v.tolist()
            if name == "35 words":
                picked = news.choose(d.article, vals, selection, count=None, words=BUDGET)
            else:
                picked = news.choose(d.article, vals, selection, count=int(name[0]), words=None)
            r = _rouge(d, picked)
            total += (*r, sum(len(d.hyp[i]) for i in picked))
        total /= max(1, len(docs))
        out[name] = (total[0] * 100, total[1] * 100, total[2] * 100, total[3])
    return out


COUNT_LENGTHS = tuple(f"{n} sent" for n in COUNTS)
ALL_LENGTHS = (*COUNT_LENGTHS, "35 words")


def merit(table: Table) -> float:
    """Model selection score: mean ROUGE-1 + ROUGE-L over the lengths judged."""
    return sum(v[0] + v[2] for v in table.values()) / len(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument(
        "--train", type=Path, default=None, help="training JSON lines (default: DATA/orangesum/train-5k.jsonl)"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N training articles")
    parser.add_argument("--dry-run", action="store_true", help="do not write the model and tables")
    parser.add_argument("--quick", action="store_true", help="a small grid (to try the script)")
    parser.add_argument(
        "--no-valid", action="store_true", help="do not judge the validation split (for exploration runs)"
    )
    parser.add_argument("--cache", type=Path, default=None, help="keep the prepared data in this file (pickle)")
    parser.add_argument(
        "--no-words", action="store_true", help="the word model's features at zero (the round-6 features, to compare)"
    )
    parser.add_argument(
        "--setting",
        default=None,
        help="one network setting, HIDDEN,L2,TARGET (skips the network grid; penalties tuned)",
    )
    parser.add_argument(
        "--seeds",
        default="1",
        help="ensemble sizes tried for the chosen setting, e.g. 1,3,5: that many networks (seeds 0, 1, ...) averaged",
    )
    parser.add_argument(
        "--bag", type=float, default=1.0, help="each member of an ensemble learns on this share of the articles"
    )
    parser.add_argument(
        "--also", action="append", default=[], help="another finalist HIDDEN,L2,TARGET (single network), tuned alike"
    )
    parser.add_argument(
        "--compare",
        type=Path,
        default=None,
        help="tune every finalist, write each one's per-fold CV tables (JSON) here, and stop (no model, no valid)",
    )
    args = parser.parse_args(argv)
    clock = time.perf_counter()

    def say(text: str) -> None:
        print(f"[{time.perf_counter() - clock:6.0f} s] {text}", flush=True)

    everything = range(FOLDS)
    corpus = "OrangeSum train-5k" if args.train is None else "OrangeSum train split (github.com/Tixierae/OrangeSum)"
    if args.cache and args.cache.exists():
        with args.cache.open("rb") as f:
            docs, valid, full, own, nested, valid_rows = pickle.load(f)
        for d in (*docs, *valid):  # a cache written before the fragment rule or the cosine memo
            d.article.fragment = [w < news.FRAGMENT_WORDS for w in d.article.words]
            d.article.similar = {}
        say(f"read {args.cache}")
        if args.limit:  # a prototype on the first articles: the same folds, the cached features
            kept = {id(d) for d in docs[: args.limit]}
            nested = {
                f: [x for d, x in zip([d for d in docs if d.fold != f], nested[f], strict=True) if id(d) in kept]
                for f in everything
            }
            docs, own = docs[: args.limit], own[: args.limit]
    else:
        train_file = args.train or args.data / "orangesum" / "train-5k.jsonl"
        docs = prepare(ev.load(train_file, args.limit), FOLDS)
        valid = prepare(ev.load(args.data / "orangesum" / "valid.jsonl"), 1)
        say(f"{len(docs)} training articles in {FOLDS} folds, {len(valid)} validation articles")
        words, pairs = fold_counts(docs, FOLDS)
        outer = {f: tables(words, pairs, [k for k in everything if k != f]) for f in everything}
        inner = {
            (f, g): tables(words, pairs, [k for k in everything if k not in (f, g)])
            for f in everything
            for g in everything
            if f != g
        }
        full = tables(words, pairs, everything)
        say("word tables built")
        # rows read with the tables of the fold held out (test rows, and the shipped model's training rows)
        own = design(docs, lambda d: outer[d.fold])
        # rows of fold g as training data when fold f is held out
        nested = {
            f: design([d for d in docs if d.fold != f], functools.partial(lambda f, d: inner[(f, d.fold)], f))
            for f in everything
        }
        valid_rows = design(valid, lambda d: full)
        say("features computed")
        if args.cache:
            with args.cache.open("wb") as f:
                pickle.dump((docs, valid, full, own, nested, valid_rows), f)

    for d in docs:  # word pairs are in the tables already; their sets are the largest part of the memory
        d.pairs, d.ref_pairs = set(), set()
    own, valid_rows = [x[..., :BASE] for x in own], [x[..., :BASE] for x in valid_rows]
    nested = {f: [x[..., :BASE] for x in nested[f]] for f in everything}
    if args.no_words:
        zero = {generic: [np.zeros((*x.shape[:2], len(news.WORDS))) for x in own] for generic in (False, True)}
        wm = train_words.Built(
            {},
            zero,
            {
                g: {f: [w for d, w in zip(docs, zero[g], strict=True) if d.fold != f] for f in everything}
                for g in (False, True)
            },
            {g: [np.zeros((*x.shape[:2], len(news.WORDS))) for x in valid_rows] for g in (False, True)},
            {},
            {},
        )
    else:
        wm = train_words.build(docs, valid, FOLDS, lambda having, kept: table(Counts(having, kept), MIN_COUNT, 2), say)
        check_words(docs, wm)

    def compose(x: np.ndarray, w: np.ndarray, generic: bool) -> np.ndarray:
        """Full feature rows: the sentence features (French columns zeroed when generic), then the word model's."""
        return np.concatenate([np.where(FRENCH_COLUMNS[:BASE], 0.0, x) if generic else x, w], axis=-1)

    networks: dict[tuple[object, ...], dict[str, object]] = {}
    tag = "base" if args.no_words else "words"
    saved = args.cache.with_suffix(f".networks-{tag}-{len(docs)}.pkl") if args.cache else None
    if saved and saved.exists():
        with saved.open("rb") as f:
            networks.update(pickle.load(f))

    def network_for(setting: Setting, generic: bool, f: int, seed: int = 0) -> dict[str, object]:
        """The network trained on every fold but f (memoised: the grids below reuse it); an ensemble merged."""
        if setting.seeds > 1:
            return fit_ensemble([], [], setting, lambda s: network_for(replace(setting, seeds=1), generic, f, s))
        key = (setting, generic, f) if seed == 0 else (setting, generic, f, seed)  # seed 0: round 7's memo
        if key not in networks:
            train = [d for d in docs if d.fold != f]
            xs = [compose(x, w, generic) for x, w in zip(nested[f], wm.nested[generic][f], strict=True)]
            ys = [gold(d, setting.target) for d in train for _ in (0, 1)]
            networks[key] = fit([x[t] for x in xs for t in (0, 1)], ys, setting, seed)
            if saved:
                with saved.open("wb") as out:
                    pickle.dump(networks, out)
        return networks[key]

    def cross_validate(
        setting: Setting,
        selections: Sequence[news.Selection],
        lengths: Sequence[str],
        generic: bool = False,
        headline: bool = False,
    ) -> list[list[Table]]:
        """Per selection, per fold: the table of the held-out fold (without or with its headline)."""
        results: list[list[Table]] = [[] for _ in selections]
        for f in everything:
            network = network_for(setting, generic, f)
            test = [
                (d, compose(x, w, generic)) for d, x, w in zip(docs, own, wm.own[generic], strict=True) if d.fold == f
            ]
            for k, d in enumerate(docs):  # the word model's probabilities, for the coverage term of selection
                if d.fold == f and wm.members:
                    d.article.probability = wm.own_p[generic][k][int(headline)].tolist()
                    d.article.members = wm.members[k]
            rows = [x[int(headline)] for _, x in test]
            values = [predict(network, r) for r in rows]
            for k, selection in enumerate(selections):
                results[k].append(judge([d for d, _ in test], values, selection, lengths))
        return results

    default_selection = news.Selection(redundancy=1.0, duplicate=0.6, length_cost=0.02, slack=0.6)
    if args.setting:
        hidden, l2, target = args.setting.split(",")
        settings = [Setting(int(hidden), float(l2), target, 0.05)]
    elif args.quick:
        settings = [Setting(0, 1e-3, "r2", 0.05), Setting(16, 1e-3, "r2", 0.05)]
    else:
        settings = [
            Setting(0, 1e-3, "r2", 0.05),
            Setting(16, 1e-2, "r2", 0.05),
        ]
    scored: list[tuple[float, str, Setting]] = []

    def try_settings(candidates: Iterable[Setting]) -> Setting:
        """CV score of each network setting (default penalties); the smallest of the best so far."""
        for candidate in candidates:
            per_fold = cross_validate(candidate, [default_selection], ALL_LENGTHS)[0]
            value = statistics.mean(merit(t) for t in per_fold)
            scored.append((value, str(candidate), candidate))
            say(f"{candidate}: {value:.3f}  {describe(mean_tables(per_fold))}")
        return smallest_of_the_best(scored)

    setting = try_settings(settings)
    finalists = [setting]
    if not (args.quick or args.setting):
        setting = try_settings(replace(setting, l2=l2) for l2 in (setting.l2 / 3, setting.l2 * 3))
        # the training target: ROUGE-2 alone, or with ROUGE-1 or ROUGE-L (the lengths are judged on R1 + RL);
        # a target that favours longer sentences needs other length penalties, so each is judged tuned (below)
        finalists = [setting] + [replace(setting, target=t) for t in ("r1+r2", "r2+rl") if t != setting.target]

    def tune(setting: Setting) -> tuple[float, news.Selection]:
        """Selection penalties for sentence counts, then for the word budget; the CV score over every length."""
        count_grid = COUNT_GRID
        results = cross_validate(setting, count_grid, COUNT_LENGTHS)
        score = [statistics.mean(merit(t) for t in results[k]) for k in range(len(count_grid))]
        count_selection = count_grid[score.index(max(score))]
        show_grid(say, count_grid, results)
        if not args.no_words:  # the word model's coverage of the picks together, around the best penalties
            count_grid = [count_selection] + [
                replace(count_selection, coverage=v, redundancy=r)
                for v in (1.0, 3.0, 10.0, 30.0, 100.0)
                for r in sorted({0.0, count_selection.redundancy / 2, count_selection.redundancy})
            ]
            results = cross_validate(setting, count_grid, COUNT_LENGTHS)
            score = [statistics.mean(merit(t) for t in results[k]) for k in range(len(count_grid))]
            count_selection = count_grid[score.index(max(score))]
            show_grid(say, count_grid, results)
        budget_grid = budget_grid_for(count_selection)
        results = cross_validate(setting, budget_grid, ("35 words",))
        budget_score = [statistics.mean(merit(t) for t in results[k]) for k in range(len(budget_grid))]
        show_grid(say, budget_grid, results)
        if not args.no_words:
            best = budget_grid[budget_score.index(max(budget_score))]
            budget_grid = [best] + [
                replace(best, budget_coverage=v, budget_redundancy=r)
                for v in (1.0, 3.0, 10.0, 30.0, 100.0)
                for r in sorted({0.0, best.budget_redundancy / 2, best.budget_redundancy})
            ]
            results = cross_validate(setting, budget_grid, ("35 words",))
            budget_score = [statistics.mean(merit(t) for t in results[k]) for k in range(len(budget_grid))]
            show_grid(say, budget_grid, results)
        value = (len(COUNT_LENGTHS) * max(score) + max(budget_score)) / len(ALL_LENGTHS)
        say(f"{setting}, tuned: {value:.3f}")
        return value, budget_grid[budget_score.index(max(budget_score))]

    also = [Setting(int(h), float(r), t, 0.05) for h, r, t in (a.split(",") for a in args.also)]
    finalists = ensembles(finalists, [int(k) for k in args.seeds.split(",")], args.bag) + also
    if args.compare:
        compared: dict[str, object] = {}
        for candidate in finalists:
            _, chosen = tune(candidate)
            per_fold = cross_validate(candidate, [chosen], ALL_LENGTHS)[0]
            say(f"{candidate}: merit per fold {', '.join(f'{merit(t):.3f}' for t in per_fold)}")
            say(f"  {describe(mean_tables(per_fold))}")
            if candidate.seeds > 1:
                single = replace(candidate, seeds=1)
                show_spread(
                    say,
                    candidate,
                    functools.partial(lambda c, s, f: network_for(c, False, f, s), single),
                    [
                        [
                            compose(x, w, False)[0]
                            for d, x, w in zip(docs, own, wm.own[False], strict=True)
                            if d.fold == f
                        ]
                        for f in everything
                    ],
                )
            shipped = cross_validate(candidate, [news.model().selection], ALL_LENGTHS)[0]  # the network alone
            say(f"  under the shipped selection: merit per fold {', '.join(f'{merit(t):.3f}' for t in shipped)}")
            compared[str(candidate)] = {"selection": chosen.__dict__, "folds": per_fold, "shipped_selection": shipped}
            args.compare.write_text(json.dumps(compared, indent=1) + "\n", encoding="utf-8")
        lead = [judge_lead([d for d in docs if d.fold == f]) for f in everything]
        compared["lead"] = {"folds": lead}
        args.compare.write_text(json.dumps(compared, indent=1) + "\n", encoding="utf-8")
        return 0
    tuned = [(*tune(f), f) for f in finalists]
    top = max(value for value, _, _ in tuned)
    _, selection, setting = next(t for t in tuned if t[0] >= top - TIE)  # ties: the first (ROUGE-2)
    say(f"network chosen: {setting}; selection: {selection}")

    # the honest estimate: every length, per fold, for the French and the language-independent networks
    report: dict[str, object] = {}
    for name, generic in (("french", False), ("generic", True)):
        for headline in (False, True):
            per_fold = cross_validate(setting, [selection], ALL_LENGTHS, generic=generic, headline=headline)[0]
            key = name + ("_headline" if headline else "")
            report[key] = [{k: [round(x, 2) for x in v] for k, v in t.items()} for t in per_fold]
            say(f"cross-validation, {key}: {describe(mean_tables(per_fold))}")
    lead = [judge_lead([d for d in docs if d.fold == f]) for f in everything]
    report["lead"] = [{k: [round(x, 2) for x in v] for k, v in t.items()} for t in lead]

    # the shipped networks: every training article, each one's rows from tables built without its fold
    final: dict[str, dict[str, object]] = {}
    for name, generic in (("french", False), ("generic", True)):
        xs = [compose(x, w, generic) for x, w in zip(own, wm.own[generic], strict=True)]
        final[name] = fit_ensemble(
            [x[t] for x in xs for t in (0, 1)], [gold(d, setting.target) for d in docs for _ in (0, 1)], setting
        )
    result = {
        "features": list(news.FEATURES),
        "trained_on": f"{corpus}, {len(docs)} articles (ListNet on per-sentence ROUGE vs abstract); "
        f"chosen by {FOLDS}-fold cross-validation on the same articles",
        "training_articles": len(docs),
        "setting": str(setting),
        "french": final["french"],
        "generic": final["generic"],
        "selection": selection.__dict__,
        "words": {
            "inputs": list(news.WORD_INPUTS),
            "products": [list(pair) for pair in news.WORD_PRODUCTS],
            "french": wm.models.get((frozenset(), False)),
            "generic": wm.models.get((frozenset(), True)),
            "held_out_log_loss": {"french" if not g else "generic": v for g, v in wm.held_out.items()},
        },
        "cross_validation": report,
    }
    if not args.dry_run:
        OUT.write_text(json.dumps(result, separators=(",", ":")) + "\n", encoding="utf-8")
        write_tables(full, corpus)
        say(f"wrote {OUT.relative_to(ROOT)}, {LEXICON_OUT.relative_to(ROOT)}, {BIGRAMS_OUT.relative_to(ROOT)}")
    for name, generic in (("french", False), ("generic", True)):
        if args.no_valid:
            break
        network = final[name]
        for t in (0, 1):
            rows = [compose(x, w, generic)[t] for x, w in zip(valid_rows, wm.valid[generic], strict=True)]
            for k, d in enumerate(valid):
                d.article.probability = wm.valid_p[generic][k][t].tolist()
                d.article.members = wm.valid_members[k]
            tab = judge(valid, [predict(network, r) for r in rows], selection, ALL_LENGTHS)
            say(f"valid (reported once), {name}, {'headline' if t else 'no headline'}: {describe(tab)}")
    return 0


def check_words(docs: Sequence[Doc], wm: train_words.Built) -> None:
    """The vectorised word features equal what news.analyse computes at run time (a few articles)."""
    stops = rank.news_stop_words("fr")
    for k, d in enumerate(docs[:20]):
        excluded = frozenset({d.fold})
        model = news.WordModel.from_json(wm.models[(excluded, False)])
        for t, title in enumerate((None, d.title)):
            lex: tuple[news.Lexicon, news.Lexicon] = (wm.lexicons[excluded], ({}, 0.0))
            rows = np.array(news.analyse(d.sentences, stops=stops, lexicons=lex, title=title, wordmodel=model).rows)
            if not np.allclose(rows[:, BASE:], wm.own[False][k][t], atol=1e-9):
                raise AssertionError(f"article {k}: word features differ from news.analyse")


#: The selection penalties tried for sentence counts (tools/train_trees.py tunes its trees on the same grids).
COUNT_GRID = [
    news.Selection(redundancy=r, duplicate=dup, length_cost=c)
    for r in (2.0, 4.0, 6.0, 8.0)
    for dup in (0.3, 0.4, 0.5)
    for c in (0.02, 0.05, 0.08, 0.12, 0.16)
]


def budget_grid_for(count_selection: news.Selection) -> list[news.Selection]:
    """The word-budget penalties tried with the chosen sentence-count penalties."""
    return [
        replace(count_selection, budget_redundancy=r, budget_length_cost=c, slack=s)
        for r in (0.5, 1.0, 2.0, 4.0)
        for c in (0.0, 0.02)
        for s in (0.6, 0.8, 1.0)  # a product rule, not a CV choice: one sentence never exceeds twice the budget
    ]


def ensembles(finalists: Sequence[Setting], sizes: Sequence[int], bag: float = 1.0) -> list[Setting]:
    """Each finalist as an ensemble of each size (1: the single network, as before), its members bagged."""
    return [replace(f, seeds=k, bag=bag if k > 1 else 1.0) for f in finalists for k in sizes]


def show_spread(
    say: Callable[[str], None],
    setting: Setting,
    member: Callable[[int, int], dict[str, object]],
    rows: Sequence[Sequence[np.ndarray]],
) -> None:
    """Why the members' raw scores are averaged: their within-article spread (sd) and their correlation."""
    for f, fold_rows in enumerate(rows):
        values = [[predict(member(s, f), r) for r in fold_rows] for s in range(setting.seeds)]
        spread = [statistics.mean(float(np.std(v)) for v in vs) for vs in values]
        centred = [np.concatenate([v - v.mean() for v in vs]) for vs in values]
        corr = np.corrcoef(np.array(centred))
        off = corr[~np.eye(len(corr), dtype=bool)]
        say(
            f"  fold {f}: within-article sd of each member {', '.join(f'{v:.3f}' for v in spread)}; "
            f"correlation {off.min():.4f}-{off.max():.4f}"
        )


#: CV scores this close are a tie (the fold spread is ~0.5): the smaller network wins, it runs faster.
TIE = 0.01


def smallest_of_the_best(scored: Sequence[tuple[float, str, Setting]]) -> Setting:
    top = max(value for value, _, _ in scored)
    return min((s for value, _, s in scored if value >= top - TIE), key=lambda s: (s.hidden, -s.l2))


def show_grid(say: Callable[[str], None], grid: Sequence[news.Selection], results: list[list[Table]]) -> None:
    """The five best settings of a selection grid and their CV score (how flat the top is)."""
    ranked = sorted(range(len(grid)), key=lambda k: -statistics.mean(merit(t) for t in results[k]))
    for k in ranked[:5]:
        say(f"  {statistics.mean(merit(t) for t in results[k]):.3f}  {grid[k]}")


def judge_lead(docs: Sequence[Doc]) -> Table:
    out = {}
    for name in ALL_LENGTHS:
        total = np.zeros(4)
        for d in docs:
            order = list(range(len(d.sentences)))
            length = rank.Length(words=BUDGET) if name == "35 words" else rank.Length(sentences=int(name[0]))
            picked = rank.select(d.sentences, order, length)
            total += (*_rouge(d, picked), sum(len(d.hyp[i]) for i in picked))
        total /= max(1, len(docs))
        out[name] = (total[0] * 100, total[1] * 100, total[2] * 100, total[3])
    return out


def mean_tables(tables_: Sequence[Table]) -> Table:
    keys = tables_[0].keys()
    return {k: tuple(statistics.mean(t[k][i] for t in tables_) for i in range(4)) for k in keys}  # type: ignore[misc]


def describe(table: Table) -> str:
    return "  ".join(f"{k}: {v[0]:.2f}/{v[1]:.2f}/{v[2]:.2f} ({v[3]:.0f})" for k, v in table.items())


def write_tables(full: tuple[news.Lexicon, news.Lexicon], corpus: str) -> None:
    (words, default), (pairs, pair_default) = full
    source = corpus + ": log-odds that the abstract has a {} given the article has it"
    lexicon = {"source": source.format("word"), "min_count": MIN_COUNT, "alpha": ALPHA, "default": default}
    LEXICON_OUT.write_text(
        json.dumps(lexicon | {"logit": words}, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    bigrams = {"source": source.format("word pair"), "min_count": PAIR_MIN_COUNT, "prune": PAIR_PRUNE}
    BIGRAMS_OUT.write_text(
        json.dumps(
            bigrams | {"alpha": ALPHA, "default": pair_default, "logit": pairs},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    raise SystemExit(main())
