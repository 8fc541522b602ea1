"""Would shorter sentences (tools/compress_rules.py) make a better word-budget brief? A paired study on train.

For each OrangeSum *training* article (never valid), the shipped ``news``
model scores the sentences; the 35-word brief is then chosen three ways and
scored by ROUGE against the abstract (eval/eval_summaries.py's tokens):

* **baseline**: ``news.choose`` as shipped (knapsack over the best
  KNAPSACK_CANDIDATES whole sentences, then the MMR fill);
* **rule**: the same knapsack, whose items are the candidates *and* their
  shorter versions (at most one item per sentence), each valued as its
  sentence (the network's score) less ``penalty`` per shortened item, with
  the expected-F1 coverage computed on the words the version keeps and the
  budget counted on them; which kinds of cut are allowed and the penalty are
  chosen on four folds, judged on the fifth (paired with the baseline);
* **oracles** (upper bounds, reading the abstract): (a) the baseline's picks,
  each replaced by the version of it (or itself) that gives the best ROUGE-1,
  in turn; (b) the best ROUGE-1 of any set the knapsack may consider, with and
  without the shorter versions.

The shipped model was trained on the training split, so every absolute figure
here is optimistic; the paired differences of a selection-stage change are
what the study reads.

Usage: python tools/compress_study.py [--data FILE] [--limit N] [--folds 5] [--budget 35] [--show N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
for extra in (ROOT / "eval", ROOT / "tools"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import compress_rules as compress  # noqa: E402
from eval_summaries import Article as Record  # noqa: E402
from eval_summaries import load, rouge_l, rouge_n, tokens  # noqa: E402

from summarize import news, rank  # noqa: E402
from summarize.newsfeatures import article_tokens  # noqa: E402
from summarize.segment import split_words  # noqa: E402

#: Kinds of cut a rule may use (each set is a candidate of the cross-validation).
KIND_SETS: tuple[tuple[str, ...], ...] = (
    ("brackets", "dashes"),
    ("brackets", "dashes", "tail"),
    ("brackets", "dashes", "aside", "opening"),
    compress.KINDS,
)
#: Value of a shortened item less this (negative: a bonus), per shortened item.
PENALTIES: tuple[float, ...] = (-0.1, -0.05, 0.0, 0.05, 0.1, 0.2)
#: A shortened item is valued as its sentence ("parent"), or by the network on its own text ("network":
#: the row of the version in the article where it replaces its sentence).
VALUATIONS: tuple[str, ...] = ("parent", "network")
#: A cost per word of the set (the shipped budget_length_cost is 0).
LENGTH_COSTS: tuple[float, ...] = (0.0, 0.01)
#: The weight of the expected-F1 coverage (the shipped budget_coverage is 10).
COVERAGES: tuple[float, ...] = (10.0, 20.0)
Config = tuple[tuple[str, ...], float, str, float, float]
_BIT = {kind: 1 << k for k, kind in enumerate(compress.KINDS)}


@dataclass
class Item:
    """A candidate of the knapsack: a sentence or one shorter version of it."""

    parent: int
    text: str
    words: int
    members: frozenset[int]
    kinds: int  # bit mask of the cut kinds (0: the whole sentence)
    value: float  # the network's score of this text where it stands (a sentence's own score when whole)


def items_of(
    sentences: Sequence[str], article: news.Article, values: Sequence[float], candidates: Sequence[int]
) -> list[Item]:
    """The candidates and their shorter versions, with their words, content-word members and scores."""
    stops = rank.news_stop_words("fr")
    network = news.model().french
    made = article_tokens([split_words(s, "fr") for s in sentences], stops)
    index = {stem: k for k, stem in enumerate(sorted(made.count))}
    out = []
    for i in candidates:
        out.append(Item(i, sentences[i], article.words[i], frozenset(article.members[i]), 0, values[i]))
        for version in compress.versions(sentences[i]):
            words = [w.lower() for w in split_words(version.text, "fr")]
            members = frozenset(index[made.stem_of[w]] for w in words if w in made.stem_of)
            mask = sum(_BIT[kind] for kind in version.kinds)
            replaced = [*sentences[:i], version.text, *sentences[i + 1 :]]
            row = news.analyse(replaced, language="fr", stops=stops).rows[i]
            out.append(Item(i, version.text, len(words), members, mask, network.score(row)))
    return out


def expected_f1(article: news.Article, members: frozenset[int]) -> float:
    return 2.0 * sum(article.probability[k] for k in sorted(members)) / (len(members) + news.ABSTRACT_STEMS)


@dataclass
class Subset:
    items: tuple[int, ...]
    parent: float  # the value of news.knapsack without coverage, shortened items valued as their sentence
    network: float  # the same, shortened items valued by the network's score of their own text
    coverage: float  # the expected F1 of the set's words
    words: int
    shortened: int
    kinds: int

    def value(self, penalty: float, valuation: str, length_cost: float, coverage: float = 10.0) -> float:
        base = self.parent if valuation == "parent" else self.network
        return base + coverage * self.coverage - penalty * self.shortened - length_cost * self.words


def subsets(article: news.Article, values: Sequence[float], items: list[Item], budget: int) -> list[Subset]:
    """Every set of at most KNAPSACK_SIZE items of distinct sentences that fits, valued as news.knapsack does."""
    selection = news.model().selection
    top = max(values[item.parent] for item in items)
    out = []
    for size in range(1, news.KNAPSACK_SIZE + 1):
        limit = budget * (1.0 + selection.slack) if size == 1 else budget
        for group in itertools.combinations(range(len(items)), size):
            chosen = [items[k] for k in group]
            parents = [item.parent for item in chosen]
            if len(set(parents)) < size:
                continue
            words = sum(item.words for item in chosen)
            if words > limit:
                continue
            value = -selection.budget_length_cost * words
            covered = expected_f1(article, frozenset().union(*(i.members for i in chosen)))
            for a, b in itertools.combinations(sorted(parents), 2):
                similar = article.similarity(a, b)
                if similar >= selection.duplicate:
                    value = -math.inf
                value -= selection.budget_redundancy * similar
            kinds = 0
            for item in chosen:
                kinds |= item.kinds
            parent = value + sum(1.0 + values[p] - top for p in parents)
            network = value + sum(1.0 + i.value - top for i in chosen)
            shortened = sum(1 for i in chosen if i.kinds)
            out.append(Subset(group, parent, network, covered, words, shortened, kinds))
    return out


def fill(
    article: news.Article, values: Sequence[float], items: list[Item], group: tuple[int, ...], budget: int
) -> list[tuple[int, str]]:
    """The brief as (sentence index, text), in article order, with news.choose's MMR fill after a full knapsack."""
    picked = [(items[k].parent, items[k].text) for k in group]
    if len(group) == news.KNAPSACK_SIZE:
        left = budget - sum(items[k].words for k in group)
        taken = {p for p, _ in picked}
        for i in news.mmr_order(article, values, news.model().selection, 2 * news.KNAPSACK_CANDIDATES):
            if i not in taken and article.words[i] <= left and not article.fragment[i]:
                picked.append((i, ""))
                taken.add(i)
                left -= article.words[i]
    return sorted(picked)


#: The rule whose changed briefs ``--show`` prints (round 9's best on train-5k).
SHOWN: tuple[tuple[str, ...], float, str, float, float] = (compress.KINDS, 0.0, "network", 0.0, 10.0)
Example = tuple[list[str], list[str], float, float]


def study(record: dict[str, str], configs: list[Config], budget: int) -> tuple[dict[str, Any], Example | None]:
    """One article's figures: the baseline, each rule's brief, both oracles; and SHOWN's brief if it differs."""
    model = news.model()
    art = Record(record)
    sentences = art.sentences
    article = news.analyse(sentences, language="fr", stops=rank.news_stop_words("fr"))
    values = news.scores(article, model.french)

    def score(brief: list[tuple[int, str]]) -> tuple[float, float, int]:
        hyp = tokens(" ".join(text or sentences[i] for i, text in brief))
        return 100 * rouge_n(art.ref, hyp, 1), 100 * rouge_l(art.ref, hyp), len(hyp)

    shipped = news.choose(article, values, model.selection, count=None, words=budget)
    base = score([(i, "") for i in shipped])
    unchanged = {"base": base, "rule": [base] * len(configs), "oracle_picks": base[0], "oracle": [0.0, 0.0]}
    if sum(article.words) <= budget:  # the whole article: nothing to choose
        return unchanged, None
    whole = [i for i in range(len(values)) if not article.fragment[i]] or list(range(len(values)))
    candidates = sorted(whole, key=lambda i: (-values[i], i))[: news.KNAPSACK_CANDIDATES]
    items = items_of(sentences, article, values, candidates)
    found = subsets(article, values, items, budget)
    if not found:
        return unchanged, None
    plain = max((s for s in found if s.kinds == 0), key=lambda s: s.value(0.0, "parent", 0.0))
    assert [p for p, _ in fill(article, values, items, plain.items, budget)] == shipped, "not news.choose's brief"
    results = []
    cache: dict[tuple[int, ...], tuple[float, float, int]] = {}
    chosen: dict[Config, Subset] = {}
    for config in configs:
        allowed = sum(_BIT[k] for k in config[0])
        best = chosen[config] = max(
            (s for s in found if s.kinds & ~allowed == 0),
            key=lambda s: s.value(config[1], config[2], config[3], config[4]),
        )
        if best.items not in cache:
            cache[best.items] = score(fill(article, values, items, best.items, budget))
        results.append(cache[best.items])
    # oracle (a): the baseline's picks, each replaced in turn by its best version
    brief = [(i, "") for i in shipped]
    best_r1 = base[0]
    for slot, (i, _) in enumerate(list(brief)):
        for text in (item.text for item in items if item.parent == i and item.kinds):
            trial = [*brief[:slot], (i, text), *brief[slot + 1 :]]
            r1 = score(trial)[0]
            if r1 > best_r1:
                best_r1, brief = r1, trial
    row = {"base": base, "rule": results, "oracle_picks": best_r1, "oracle": oracle(art.ref, items, found)}
    example = None
    if SHOWN in chosen and chosen[SHOWN].shortened:
        after = fill(article, values, items, chosen[SHOWN].items, budget)
        example = (
            [sentences[i] for i in shipped],
            [t or sentences[i] for i, t in after],
            base[0],
            results[configs.index(SHOWN)][0],
        )
    return row, example


def oracle(ref: list[str], items: list[Item], found: list[Subset]) -> list[float]:
    """Oracle (b): the best ROUGE-1 of any set considered, of whole sentences only and with the versions."""
    ref_counts = Counter(ref)
    item_counts = [Counter(tokens(item.text)) for item in items]
    best = [0.0, 0.0]
    for s in found:
        hyp: Counter[str] = Counter()
        for k in s.items:
            hyp.update(item_counts[k])
        size = sum(hyp.values())
        overlap = sum(min(c, ref_counts[w]) for w, c in hyp.items())
        f1 = 200.0 * overlap / (size + len(ref)) if size else 0.0
        best[1] = max(best[1], f1)
        if s.kinds == 0:
            best[0] = max(best[0], f1)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "orangesum" / "train-5k.jsonl")
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--budget", type=int, default=35)
    parser.add_argument("--show", type=int, default=0, help="print this many random briefs that SHOWN changes")
    parser.add_argument("--out", type=Path, default=None, help="write the per-article figures (JSON)")
    args = parser.parse_args(argv)
    configs = list(itertools.product(KIND_SETS, PENALTIES, VALUATIONS, LENGTH_COSTS, COVERAGES))
    rows = []
    examples = []
    start = time.perf_counter()
    for number, record in enumerate(load(args.data, args.limit)):
        row, example = study(record, configs, args.budget)
        rows.append(row)
        if example:
            examples.append(example)
        if (number + 1) % 1000 == 0:
            print(f"{number + 1} articles, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    report(rows, configs, args.folds)
    print(f"\n{len(examples)} of {len(rows)} briefs changed by {SHOWN}")
    for before, after, r1, r1_after in random.Random(9).sample(examples, min(args.show, len(examples))):
        print(f"\n- before ({r1:.1f}): {' '.join(before)}\n- after ({r1_after:.1f}): {' '.join(after)}")
    if args.out:
        args.out.write_text(json.dumps({"configs": configs, "rows": rows}), encoding="utf-8")
    return 0


def report(rows: list[dict[str, Any]], configs: list[Config], folds: int) -> None:
    n = len(rows)
    fold_of = [k * folds // n for k in range(n)]  # contiguous blocks of the file
    print(f"{n} articles, {folds} folds of contiguous blocks\n")
    base = [r["base"] for r in rows]
    print(
        f"baseline: R1 {statistics.mean(b[0] for b in base):.2f}, RL {statistics.mean(b[1] for b in base):.2f}, "
        f"{statistics.mean(b[2] for b in base):.1f} tokens"
    )
    print(
        f"oracle (a), the baseline's picks each replaced by its best version: R1 "
        f"{statistics.mean(r['oracle_picks'] for r in rows):.2f}"
    )
    with_oracle = [r for r in rows if r["oracle"][0]]
    print(
        f"oracle (b), best set the knapsack may consider ({len(with_oracle)} articles): whole sentences "
        f"{statistics.mean(r['oracle'][0] for r in with_oracle):.2f}, with shorter versions "
        f"{statistics.mean(r['oracle'][1] for r in with_oracle):.2f}\n"
    )
    print("| kinds | penalty | valuation | length cost | coverage | R1 − baseline | RL − baseline | tokens |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for c, (kinds, penalty, valuation, length_cost, coverage) in enumerate(configs):
        d1 = statistics.mean(r["rule"][c][0] - r["base"][0] for r in rows)
        dl = statistics.mean(r["rule"][c][1] - r["base"][1] for r in rows)
        size = statistics.mean(r["rule"][c][2] for r in rows)
        print(
            f"| {'+'.join(kinds)} | {penalty:g} | {valuation} | {length_cost:g} | {coverage:g} "
            f"| {d1:+.3f} | {dl:+.3f} | {size:.1f} |"
        )
    print("\nChosen on the other folds, judged on each (R1 / RL, rule − baseline):\n")
    print("| fold | articles | chosen | baseline R1 / RL | rule R1 / RL | R1 − baseline | RL − baseline |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    gains = []
    for f in range(folds):
        train = [r for r, g in zip(rows, fold_of, strict=True) if g != f]
        test = [r for r, g in zip(rows, fold_of, strict=True) if g == f]
        c = max(range(len(configs)), key=lambda c: statistics.mean(r["rule"][c][0] for r in train))
        b1 = statistics.mean(r["base"][0] for r in test)
        bl = statistics.mean(r["base"][1] for r in test)
        r1 = statistics.mean(r["rule"][c][0] for r in test)
        rl = statistics.mean(r["rule"][c][1] for r in test)
        gains.append(r1 - b1)
        kinds, penalty, valuation, length_cost, coverage = configs[c]
        print(
            f"| {f} | {len(test)} | {'+'.join(kinds)}, {penalty:g}, {valuation}, {length_cost:g}, {coverage:g} "
            f"| {b1:.2f} / {bl:.2f} | {r1:.2f} / {rl:.2f} | {r1 - b1:+.3f} | {rl - bl:+.3f} |"
        )
    print(f"\nmean R1 gain {statistics.mean(gains):+.3f} ± {statistics.stdev(gains):.3f}; min {min(gains):+.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
