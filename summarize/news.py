"""The ``news`` scorer: which sentences of a news article make its brief.

A small model learned offline on OrangeSum's training split (``tools/train_ranker.py``,
every setting chosen by cross-validation on train, never on the reported
validation split) scores each sentence from features that do not depend on
the language: position, length, similarity to the headline, to the document
centroid and to the first sentence, numbers, capitalised name-like words,
quotes, punctuation. For French, a few extra features read tables learned on
OrangeSum (how often a word or word pair of the article reappears in its
abstract) and French discourse words; other languages use a second model
trained without them, so nothing French leaks into an English ranking.
A word model (newsfeatures.WordModel, a logistic regression) gives each
distinct content word of the article its probability of reappearing in the
abstract, from what the word does in this article (how often, how early,
in the headline, name-like) and, in French, the word table; the sentence
features WORDS sum it up per sentence.

Selection then keeps the brief free of repetition and within its length:
for a sentence count, maximal marginal relevance against the sentences
already picked (a sentence too close to one of them is never taken); for a
word budget, a small knapsack over the best candidates. Both add the
expected ROUGE-1 F1 of the picked sentences' words together (coverage: a
likely word already covered adds nothing).

Everything here is pure Python and near-linear in the article's size: the
similarity features compare each sentence with one centroid, the first
sentence and the headline, and novelty compares a candidate with the few
sentences already picked, never all pairs.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from summarize.newsfeatures import (
    ABSTRACT_STEMS,
    BRIEF_WORDS,
    CUES,
    FEATURES,
    FRAGMENT_WORDS,
    FRENCH,
    GENERIC,
    UNSPACED,
    WORD_INPUTS,
    WORD_PRODUCTS,
    WORDS,
    Article,
    Cues,
    Lexicon,
    WordModel,
    _read_json,
    abstract_lexicon,
    analyse,
    bigram_lexicon,
    continues_quotation,
    cosine,
    cues,
    word_model,
)
from summarize.newstrees import Trees

#: The scorer's names, its features' included (they live in summarize.newsfeatures).
__all__ = [
    "ABSTRACT_STEMS",
    "BRIEF_WORDS",
    "CUES",
    "FEATURES",
    "FRAGMENT_WORDS",
    "FRENCH",
    "GENERIC",
    "KNAPSACK_CANDIDATES",
    "KNAPSACK_SIZE",
    "MMR_LIMIT",
    "NUMPY_ROWS",
    "UNSPACED",
    "WORDS",
    "WORD_INPUTS",
    "WORD_PRODUCTS",
    "Article",
    "Blend",
    "Cues",
    "Lexicon",
    "Model",
    "Network",
    "Scorer",
    "Selection",
    "Trees",
    "WordModel",
    "abstract_lexicon",
    "analyse",
    "bigram_lexicon",
    "choose",
    "continues_quotation",
    "cosine",
    "cues",
    "knapsack",
    "mmr_order",
    "model",
    "order",
    "pick",
    "score_sentences",
    "scorer",
    "scores",
    "word_model",
]

#: How many best-scored sentences the word-budget knapsack looks at, and how many it may take.
KNAPSACK_CANDIDATES = 8
KNAPSACK_SIZE = 3
#: From this many sentences the network scores them with numpy (imported then only): the same scores
#: (to 1e-9, tested), ~1.4 s of a 10 MB article's ~15 s saved, start-up untouched.
NUMPY_ROWS = 2000


# --------------------------------------------------------------------------
# The model


class Scorer(Protocol):
    """A learned sentence scorer: a Network or boosted Trees (summarize.newstrees), as the model file says."""

    def score(self, row: Sequence[float]) -> float: ...


@dataclass(frozen=True)
class Network:
    """A one-hidden-layer perceptron (tanh), or a linear scorer when it has no hidden units.

    Inputs are standardised with the training means and scales; the
    output is a score, higher for a sentence more like the abstract.
    """

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    hidden: tuple[tuple[float, ...], ...]  # one row of input weights per hidden unit
    hidden_bias: tuple[float, ...]
    output: tuple[float, ...]  # weight of each hidden unit, or of each input when linear

    def score(self, row: Sequence[float]) -> float:
        x = [(v - m) / s for v, m, s in zip(row, self.mean, self.scale, strict=True)]
        if not self.hidden:
            return sum(w * v for w, v in zip(self.output, x, strict=True))
        total = 0.0
        # sum(map(mul)) adds the same products in the same order as a generator, at half its cost
        # (every unit's row has one weight per input: from_json checks it)
        for weights, bias, out in zip(self.hidden, self.hidden_bias, self.output, strict=True):
            total += out * math.tanh(bias + sum(map(operator.mul, weights, x)))
        return total

    def score_many(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """Every row's score in a few numpy products: a huge article's sentences (see ``NUMPY_ROWS``)."""
        import numpy as np

        x = (np.asarray(rows, dtype=np.float64) - np.asarray(self.mean)) / np.asarray(self.scale)
        if not self.hidden:
            return [float(v) for v in x @ np.asarray(self.output)]
        hidden = np.tanh(x @ np.asarray(self.hidden).T + np.asarray(self.hidden_bias))
        return [float(v) for v in hidden @ np.asarray(self.output)]

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Network:
        def floats(key: str) -> tuple[float, ...]:
            values = data[key]
            assert isinstance(values, list)
            return tuple(float(v) for v in values)

        hidden = data["hidden"]
        assert isinstance(hidden, list)
        network = cls(
            floats("mean"),
            floats("scale"),
            tuple(tuple(float(v) for v in row) for row in hidden),
            floats("hidden_bias"),
            floats("output"),
        )
        if any(len(row) != len(network.mean) for row in network.hidden):
            raise ValueError("a hidden unit of the network has not one weight per input")
        return network


@dataclass(frozen=True)
class Selection:
    """How sentences are chosen from the scores (learned with the model, by cross-validation).

    For a sentence count: ``redundancy``, the penalty per unit of cosine
    similarity to the closest sentence already picked; ``duplicate``, a
    similarity at which a sentence is never taken next to one already picked
    (it says the same thing); ``length_cost``, a penalty per word after the
    first pick. For a word budget, the knapsack's own ``budget_redundancy``
    (per pair) and ``budget_length_cost`` (per word), and ``slack``: how far
    over the budget (a fraction of it) a single sentence may go.
    ``coverage`` and ``budget_coverage`` add the expected ROUGE-1 F1 of the
    union of the picked sentences' words (from the word model) to the value.
    """

    redundancy: float = 1.0
    duplicate: float = 0.6
    length_cost: float = 0.02
    budget_redundancy: float = 1.0
    budget_length_cost: float = 0.02
    slack: float = 0.0
    #: weight of the expected ROUGE-1 F1 of the picked sentences' words together (Article.expected_f1):
    #: a word already covered adds nothing, so coverage rewards what is new; for counts, and for the budget
    coverage: float = 0.0
    budget_coverage: float = 0.0


@dataclass(frozen=True)
class Model:
    """The shipped scorer: a model for French (all features) and one for other languages."""

    french: Scorer
    generic: Scorer
    selection: Selection

    def network(self, language: str) -> Scorer:
        return self.french if language == "fr" else self.generic


@functools.lru_cache(maxsize=1)
def model() -> Model:
    """The model shipped as summarize/data/news-model.json (written by tools/train_ranker.py)."""
    data = _read_json("news-model.json")
    if data["features"] != list(FEATURES):
        raise RuntimeError("summarize/data/news-model.json does not match news.FEATURES")
    french, generic, selection = data["french"], data["generic"], data["selection"]
    assert isinstance(french, dict) and isinstance(generic, dict) and isinstance(selection, dict)
    return Model(scorer(french), scorer(generic), Selection(**selection))


@dataclass(frozen=True)
class Blend:
    """A weighted sum of scorers (a network and trees: their errors differ, so the sum ranks better than either)."""

    parts: tuple[tuple[float, Scorer], ...]

    def score(self, row: Sequence[float]) -> float:
        return sum(weight * part.score(row) for weight, part in self.parts)


def scorer(data: Mapping[str, object]) -> Scorer:
    """The scorer a model file describes by its ``"kind"``: boosted trees, a blend of scorers, else a network."""
    kind = data.get("kind", "network")
    if kind == "trees":
        return Trees.from_json(data)
    if kind == "blend":
        parts = data["parts"]
        assert isinstance(parts, list)
        return Blend(tuple((float(weight), scorer(part)) for weight, part in parts))
    if kind != "network":
        raise ValueError(f"unknown scorer kind {kind!r}")
    return Network.from_json(data)


def scores(article: Article, network: Scorer) -> list[float]:
    """Pure Python for a news article; numpy's products past ``NUMPY_ROWS`` sentences (a 10 MB input: 70,000)."""
    if isinstance(network, Network) and len(article.rows) >= NUMPY_ROWS:
        return network.score_many(article.rows)
    return [network.score(row) for row in article.rows]


def score_sentences(
    sentences: Sequence[str], *, language: str = "fr", title: str | None = None, stops: frozenset[str] = frozenset()
) -> list[float]:
    """The learned score of every sentence, without novelty: the cheap, linear ranking of a long article."""
    return _scored(sentences, language, title, stops)[1]


def _scored(
    sentences: Sequence[str], language: str, title: str | None, stops: frozenset[str]
) -> tuple[Article, list[float]]:
    """The article's features and the shipped network's score of each sentence (one pass, shared by every entry)."""
    article = analyse(sentences, language=language, title=title, stops=stops)
    return article, scores(article, model().network(language))


# --------------------------------------------------------------------------
# Selection


def mmr_order(
    article: Article, values: Sequence[float], selection: Selection, limit: int | None = None, *, rest: bool = True
) -> list[int]:
    """Every index, best first: the first `limit` by score less redundancy and length cost, then by score.

    Each step compares the candidates with the one sentence just picked
    (O(n) per step), so the cost is O(n × limit), never all pairs. A sentence
    whose similarity to one already picked reaches ``duplicate``, or shorter
    than FRAGMENT_WORDS, is put after all the others. ``rest=False``: only
    the first `limit` (a pass over every sentence saved; 70,000 in a 10 MB input).
    """
    n = len(values)
    limit = n if limit is None else min(n, limit)
    remaining = set(range(n))
    closest = [0.0] * n
    order: list[int] = []
    cover = _Coverage(article) if selection.coverage and article.members else None
    gain = [0.0] * n  # what each candidate's new words add (coverage), recomputed after each pick
    while remaining and len(order) < limit:
        if cover:
            for i in remaining:
                gain[i] = selection.coverage * cover.gain(i)
        if order:
            best = max(
                remaining,
                key=lambda i: (
                    closest[i] < selection.duplicate and not article.fragment[i],
                    values[i] + gain[i] - selection.redundancy * closest[i] - selection.length_cost * article.words[i],
                    -i,
                ),
            )
        else:
            best = max(remaining, key=lambda i: (not article.fragment[i], values[i] + gain[i], -i))
        if cover:
            cover.add(best)
        order.append(best)
        remaining.discard(best)
        if not rest and len(order) == limit:
            return order
        for i in remaining:
            sim = article.similarity(best, i)
            if sim > closest[i]:
                closest[i] = sim
    order += sorted(remaining, key=lambda i: (closest[i] >= selection.duplicate or article.fragment[i], -values[i], i))
    return order


class _Coverage:
    """The words the picked sentences cover, and what each candidate's new words add to the expected F1."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.covered: set[int] = set()
        self.total = 0.0
        self.value = 0.0

    def _with(self, i: int) -> tuple[float, int]:
        new = [k for k in self.article.members[i] if k not in self.covered]
        return self.total + sum(map(self.article.probability.__getitem__, new)), len(self.covered) + len(new)

    def gain(self, i: int) -> float:
        total, size = self._with(i)
        return 2.0 * total / (size + ABSTRACT_STEMS) - self.value

    def add(self, i: int) -> None:
        self.total, size = self._with(i)
        self.covered.update(self.article.members[i])
        self.value = 2.0 * self.total / (size + ABSTRACT_STEMS)


def knapsack(article: Article, values: Sequence[float], budget: int, selection: Selection) -> list[int]:
    """The set of at most KNAPSACK_SIZE of the best candidates that fits the word budget with the best value.

    Value of a set: the sum of its sentences' scores (shifted so the best
    sentence is worth 1) less the redundancy penalty for each pair and the
    length cost per word. A single sentence may exceed the budget by
    ``slack`` × budget, a set of several never does; when nothing fits, the
    best sentence alone (a brief is never empty).
    """
    n = len(values)
    whole = [i for i in range(n) if not article.fragment[i]] or list(range(n))
    candidates = sorted(whole, key=lambda i: (-values[i], i))[:KNAPSACK_CANDIDATES]
    top = values[candidates[0]]
    gain = {i: 1.0 + values[i] - top for i in candidates}
    similar = {(a, b): article.similarity(a, b) for a, b in itertools.combinations(candidates, 2)}
    best: tuple[float, list[int]] = (-math.inf, [candidates[0]])
    for size in range(1, KNAPSACK_SIZE + 1):
        limit = budget * (1.0 + selection.slack) if size == 1 else budget
        for subset in itertools.combinations(candidates, size):
            words = sum(article.words[i] for i in subset)
            if words > limit:
                continue
            value = sum(gain[i] for i in subset) - selection.budget_length_cost * words
            if selection.budget_coverage and article.members:
                value += selection.budget_coverage * article.expected_f1(subset)
            for pair in itertools.combinations(subset, 2):
                if similar[pair] >= selection.duplicate:
                    value = -math.inf
                value -= selection.budget_redundancy * similar[pair]
            if value > best[0]:
                best = (value, list(subset))
    return sorted(best[1])


def choose(
    article: Article, values: Sequence[float], selection: Selection, *, count: int | None, words: int | None
) -> list[int]:
    """Indices of the brief in article order: `count` sentences by MMR, or a `words` budget by knapsack.

    With a budget, the knapsack picks the core of the brief; when it took
    its maximum and words are left, the next sentences in MMR order that
    fit are added.
    """
    n = len(values)
    if words is None:
        return sorted(mmr_order(article, values, selection, count, rest=False)[: count or 0])
    if sum(article.words) <= words:
        return list(range(n))
    picked = knapsack(article, values, words, selection)
    if len(picked) == KNAPSACK_SIZE:
        left = words - sum(article.words[i] for i in picked)
        for i in mmr_order(article, values, selection, 2 * KNAPSACK_CANDIDATES):
            if i not in picked and article.words[i] <= left and not article.fragment[i]:
                picked.append(i)
                left -= article.words[i]
    return sorted(picked)


#: Sentences ranked by MMR before the rest follow by score alone (keeps ranking O(n × MMR_LIMIT)).
MMR_LIMIT = 16


def order(
    sentences: Sequence[str], *, language: str = "fr", title: str | None = None, stops: frozenset[str] = frozenset()
) -> list[int]:
    """Every index, best first: the learned score with novelty against the sentences ranked before."""
    article, values = _scored(sentences, language, title, stops)
    return mmr_order(article, values, model().selection, MMR_LIMIT)


def pick(
    sentences: Sequence[str],
    *,
    language: str = "fr",
    title: str | None = None,
    stops: frozenset[str] = frozenset(),
    count: int | None = None,
    words: int | None = None,
) -> list[int]:
    """The brief's indices in article order: `count` sentences, or as many as a `words` budget holds."""
    if not sentences:
        return []
    article, values = _scored(sentences, language, title, stops)
    return choose(article, values, model().selection, count=count, words=words)
