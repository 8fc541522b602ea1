"""Learn the weights of the ``news`` sentence scorer (summarize/data/ranker-news.json).

Learn on OrangeSum train-5k, choose on valid: for each sentence the target
is its own ROUGE against the journalists' abstract (same tokenizer as
eval/eval_summaries.py); a linear scorer over ``rank.features`` is fitted
with a pairwise logistic loss (within each article, the better sentence
should score higher), one model for articles with a headline and one
without. Candidates (targets x regularisation x selection penalties) are
compared on valid by the mean ROUGE-1 + ROUGE-L F1 over 1, 2, 3 sentences and
the 35-word budget; the best is written, with its own redundancy penalty and
per-word cost for each of the two models. Deterministic: no sampling, fixed iteration count.

Also builds the word table behind the ``abstract_words`` feature
(summarize/data/lexicon-news.json): for each word of at least MIN_COUNT
train-5k articles, the smoothed log-odds that the abstract repeats it. The
training features use tables cross-fitted on FOLDS folds of train-5k (each
fold's table is built from the other folds, so no article sees its own
abstract); valid and the runtime use the table from all of train-5k. The
same for adjacent word pairs (summarize/data/bigrams-news.json, features
``bigram_max`` and ``bigram_gain``): pairs of at least PAIR_MIN_COUNT
articles, kept only when their log-odds is PAIR_PRUNE or more away from the
default (which keeps the file under 400 KB).

Usage: python tools/train_ranker.py [--data DIR] [--limit N] [--dry-run]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "eval"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import eval_summaries as ev  # noqa: E402

from summarize import rank  # noqa: E402
from summarize.segment import split_words  # noqa: E402

L2 = (1e-2, 1e-1)
REDUNDANCY = (1.0, 2.0, 5.0)
LENGTH_COST = (0.05, 0.08, 0.12, 0.2, 0.3)
OUT = ROOT / "summarize" / "data" / "ranker-news.json"
LEXICON_OUT = ROOT / "summarize" / "data" / "lexicon-news.json"
BIGRAMS_OUT = ROOT / "summarize" / "data" / "bigrams-news.json"
MIN_COUNT = 5
#: Word pairs: seen in at least this many articles, and kept only when their
#: log-odds (1 decimal) is at least PAIR_PRUNE away from the default.
PAIR_MIN_COUNT = 10
PAIR_PRUNE = 0.3
FOLDS = 5
ALPHA = 5.0
Target = Callable[[Sequence[str], Sequence[str]], float]
TARGETS: dict[str, Target] = {
    "r2": lambda ref, hyp: ev.rouge_n(ref, hyp, 2),
}


def build_lexicon(records: Sequence[dict[str, str]]) -> tuple[dict[str, float], float]:
    """Word -> smoothed log-odds that the abstract has the word given the article has it."""
    having: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    for r in records:
        article = {w.lower() for w in split_words(r["article"], "fr")}
        abstract = {w.lower() for w in split_words(r["abstract"], "fr")}
        having.update(article)
        kept.update(article & abstract)
    prior = sum(kept.values()) / sum(having.values())
    logit = {
        w: round(math.log((kept[w] + ALPHA * prior) / (n - kept[w] + ALPHA * (1 - prior))), 2)
        for w, n in sorted(having.items())
        if n >= MIN_COUNT
    }
    return logit, round(math.log(prior / (1 - prior)), 4)


def _pairs(text: str) -> set[str]:
    words = [w.lower() for w in split_words(text, "fr")]
    return {a + " " + b for a, b in itertools.pairwise(words)}


def build_bigram_lexicon(records: Sequence[dict[str, str]]) -> tuple[dict[str, float], float]:
    """Word pair -> smoothed log-odds that the abstract has the pair given the article has it (pruned)."""
    having: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    for r in records:
        article, abstract = _pairs(r["article"]), _pairs(r["abstract"])
        having.update(article)
        kept.update(article & abstract)
    prior = sum(kept.values()) / sum(having.values())
    default = math.log(prior / (1 - prior))
    logit = {}
    for w, n in sorted(having.items()):
        if n >= PAIR_MIN_COUNT:
            value = round(math.log((kept[w] + ALPHA * prior) / (n - kept[w] + ALPHA * (1 - prior))), 1)
            if abs(value - default) >= PAIR_PRUNE:
                logit[w] = value
    return logit, round(default, 4)


def design(
    articles: Sequence[ev.Article],
    use_title: bool,
    lexicons: Sequence[tuple[rank.Lexicon, rank.Lexicon]],
) -> tuple[list[np.ndarray], list[list[list[float]]]]:
    """Feature matrix and similarity matrix per article (`lexicons`: word and pair tables, one per article)."""
    xs, sims = [], []
    for a, (lexicon, bigrams) in zip(articles, lexicons, strict=True):
        rows, sim = rank.features_and_similarity(
            a.sentences, title=a.title if use_title else None, lexicon=lexicon, bigrams=bigrams
        )
        xs.append(np.array(rows, dtype=float))
        sims.append(sim)
    return xs, sims


def targets(articles: Sequence[ev.Article], target: Target) -> list[np.ndarray]:
    return [np.array([target(a.ref, ev.tokens(s)) for s in a.sentences]) for a in articles]


def pairs(xs: Sequence[np.ndarray], ys: Sequence[np.ndarray], margin: float = 0.02) -> tuple[np.ndarray, np.ndarray]:
    """Differences x_i - x_j for pairs where sentence i beats j, with the gap as weight."""
    diffs, weights = [], []
    for x, y in zip(xs, ys, strict=True):
        gap = y[:, None] - y[None, :]
        i, j = np.nonzero(gap > margin)
        if len(i):
            diffs.append(x[i] - x[j])
            weights.append(gap[i, j])
    return np.concatenate(diffs), np.concatenate(weights)


def fit_pairwise(d: np.ndarray, w: np.ndarray, l2: float, steps: int = 300) -> np.ndarray:
    """Weighted logistic loss on pair differences, Newton's method (deterministic)."""
    scale = d.std(axis=0)
    scale[scale == 0] = 1.0
    z = d / scale
    beta = np.zeros(z.shape[1])
    w = w / w.mean()
    for _ in range(steps):
        m = z @ beta
        p = 1.0 / (1.0 + np.exp(-m))
        grad = -(z.T @ (w * (1 - p))) / len(z) + l2 * beta
        hess = (z.T * (w * p * (1 - p))) @ z / len(z) + l2 * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    return beta / scale


def score_valid(
    articles: Sequence[ev.Article],
    xs: Sequence[np.ndarray],
    sims: Sequence[list[list[float]]],
    beta: np.ndarray,
    redundancy: float,
    length_cost: float,
) -> dict[str, tuple[float, float, float, float]]:
    def ranker_for(index: dict[int, tuple[np.ndarray, list[list[float]]]]) -> ev.Ranker:
        def run(sentences: Sequence[str], title: str | None) -> list[int]:
            x, sim = index[id(sentences)]
            sizes = list(np.expm1(x[:, rank.FEATURES.index("log_words")]))
            return rank.mmr_order(list(x @ beta), sim, redundancy, sizes, length_cost)

        return run

    index = {id(a.sentences): (x, sim) for a, x, sim in zip(articles, xs, sims, strict=True)}
    table, _ = ev.evaluate(articles, ranker_for(index), use_title=False)
    return table


def summary(table: dict[str, tuple[float, float, float, float]]) -> float:
    return sum(v[0] + v[2] for v in table.values()) / len(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=None, help="only the first N training articles")
    parser.add_argument("--dry-run", action="store_true", help="do not write the weights")
    args = parser.parse_args(argv)

    records = ev.load(args.data / "orangesum" / "train-5k.jsonl", args.limit)
    valid = ev.prepare(ev.load(args.data / "orangesum" / "valid.jsonl"))
    full_lexicon = build_lexicon(records)
    full_bigrams = build_bigram_lexicon(records)
    fold_lexicons = []
    for fold in range(FOLDS):
        rest = [r for k, r in enumerate(records) if k % FOLDS != fold]
        fold_lexicons.append((build_lexicon(rest), build_bigram_lexicon(rest)))
    pairs_ = [(a, fold_lexicons[k % FOLDS]) for k, a in enumerate(ev.prepare(records))]
    pairs_ = [(a, lexicon) for a, lexicon in pairs_ if len(a.sentences) > 1]
    train = [a for a, _ in pairs_]
    train_lexicons = [lexicon for _, lexicon in pairs_]
    valid_lexicons = [(full_lexicon, full_bigrams)] * len(valid)
    result: dict[str, object] = {"features": list(rank.FEATURES)}
    redundancies: list[tuple[float, float]] = []
    for use_title in (True, False):
        key = "title" if use_title else "no_title"
        xs_train, _ = design(train, use_title, train_lexicons)
        xs_valid, sims_valid = design(valid, use_title, valid_lexicons)
        best: tuple[float, str, np.ndarray, tuple[float, float]] | None = None
        for target_name, target in TARGETS.items():
            ys = targets(train, target)
            d, w = pairs(xs_train, ys)
            for l2 in L2:
                beta = fit_pairwise(d, w, l2)
                for redundancy in REDUNDANCY:
                    for length_cost in LENGTH_COST:
                        table = score_valid(valid, xs_valid, sims_valid, beta, redundancy, length_cost)
                        value = summary(table)
                        cells = "  ".join(
                            f"{n}: {v[0]:.2f}/{v[1]:.2f}/{v[2]:.2f} ({v[3]:.0f})" for n, v in table.items()
                        )
                        name = f"{target_name}, l2={l2}, redundancy={redundancy}, length_cost={length_cost}"
                        print(f"[{key}] {name}: {value:.3f}  {cells}", flush=True)
                        if best is None or value > best[0]:
                            best = (value, name, beta, (redundancy, length_cost))
        assert best is not None
        print(f"[{key}] chosen: {best[1]}")
        print("  " + ", ".join(f"{f}={b:+.3f}" for f, b in zip(rank.FEATURES, best[2], strict=True)))
        result[key] = [round(float(b), 6) for b in best[2]]
        result[f"{key}_chosen"] = best[1]
        redundancies.append(best[3])
    # the penalties chosen with a headline, then without
    result["redundancy"], result["length_cost"] = redundancies[0]
    result["no_title_redundancy"], result["no_title_length_cost"] = redundancies[1]
    result["trained_on"] = "OrangeSum train-5k (pairwise logistic on per-sentence ROUGE vs abstract); chosen on valid"
    if not args.dry_run:
        lexicon = {
            "source": "OrangeSum train-5k: log-odds that the abstract has a word given the article has it",
            "min_count": MIN_COUNT,
            "alpha": ALPHA,
            "default": full_lexicon[1],
            "logit": full_lexicon[0],
        }
        LEXICON_OUT.write_text(json.dumps(lexicon, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        pairs_table = {
            "source": "OrangeSum train-5k: log-odds that the abstract has a word pair given the article has it",
            "min_count": PAIR_MIN_COUNT,
            "prune": PAIR_PRUNE,
            "alpha": ALPHA,
            "default": full_bigrams[1],
            "logit": full_bigrams[0],
        }
        BIGRAMS_OUT.write_text(
            json.dumps(pairs_table, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
        )
        OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
