"""The ``news`` scorer: which sentences of a news article make its brief.

A small model learned offline on OrangeSum train-5k (``tools/train_ranker.py``,
every setting chosen by cross-validation on train, never on the reported
validation split) scores each sentence from features that do not depend on
the language: position, length, similarity to the headline, to the document
centroid and to the first sentence, numbers, capitalised name-like words,
quotes, punctuation. For French, a few extra features read tables learned on
OrangeSum (how often a word or word pair of the article reappears in its
abstract) and French discourse words; other languages use a second model
trained without them, so nothing French leaks into an English ranking.

Selection then keeps the brief free of repetition and within its length:
for a sentence count, maximal marginal relevance against the sentences
already picked (a sentence too close to one of them is never taken); for a
word budget, a small knapsack over the best candidates.

Everything here is pure Python and near-linear in the article's size: the
similarity features compare each sentence with one centroid, the first
sentence and the headline, and novelty compares a candidate with the few
sentences already picked, never all pairs.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from summarize.segment import split_words

#: Features every language gets, in the order of the model's inputs.
GENERIC: tuple[str, ...] = (
    "first",
    "second",
    "third",
    "inverse_position",
    "relative_position",
    "log_sentences",
    "log_words",
    "short",
    "fragment",
    "long",
    "length_gap",
    "centroid",
    "centroid_relative",
    "similarity_first",
    "similarity_title",
    "title_coverage",
    "has_title",
    "content_probability",
    "quote",
    "starts_quote",
    "question",
    "colon",
    "no_final_stop",
    "digit",
    "digits",
    "capitals",
    "log_capitals",
)
#: Extra features for French, read from word tables learned on OrangeSum; zero elsewhere.
FRENCH: tuple[str, ...] = (
    "abstract_words",
    "bigram_max",
    "bigram_gain",
    "title_abstract_words",
)
#: Cue words (summarize/data/cues-news.json): a leading pronoun or connective, a date word;
#: zero in a language without a cue table.
CUES: tuple[str, ...] = ("starts_pronoun", "starts_connective", "date_word")
FEATURES: tuple[str, ...] = GENERIC + FRENCH + CUES
#: Words in a typical news abstract: ``length_gap`` is a sentence's distance from it.
BRIEF_WORDS = 35.0
#: A word's log-odds of reappearing in the abstract when the article has it, and the default.
Lexicon = tuple[Mapping[str, float], float]
#: A sentence under this many words (a heading, a caption, « Oh, no. ») is picked only when nothing
#: else is left: it cannot stand for the article in a brief (the rule of every algorithm, rank.select).
FRAGMENT_WORDS = 5
#: Languages written without spaces between words, where a word count says nothing of a fragment.
UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})
#: How many best-scored sentences the word-budget knapsack looks at, and how many it may take.
KNAPSACK_CANDIDATES = 8
KNAPSACK_SIZE = 3

_QUOTES = frozenset('«»"“”„')
_FINAL = frozenset('.!?…»"”)')


def _stem(word: str) -> str:
    """Cheap stemming: drop a plural s/x, keep the first 7 letters (good enough to match word forms)."""
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    return word[:7]


def _read_json(name: str) -> dict[str, object]:
    text = resources.files("summarize").joinpath(f"data/{name}").read_text(encoding="utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def _table(name: str) -> Lexicon:
    data = _read_json(name)
    logit = data["logit"]
    default = data["default"]
    assert isinstance(logit, dict) and isinstance(default, (int, float))
    return logit, float(default)


@functools.lru_cache(maxsize=1)
def abstract_lexicon() -> Lexicon:
    """Word -> log-odds that an OrangeSum abstract repeats the word when its article has it.

    Shipped as summarize/data/lexicon-news.json (words of at least 5 train-5k
    articles). Why: the words journalists carry over into an abstract (names,
    « a », « été », dates) tell a summary-like sentence better than any
    in-article statistic.
    """
    return _table("lexicon-news.json")


@functools.lru_cache(maxsize=1)
def bigram_lexicon() -> Lexicon:
    """The same for adjacent word pairs (« a été », « selon le »), pruned (summarize/data/bigrams-news.json)."""
    return _table("bigrams-news.json")


@dataclass(frozen=True)
class Cues:
    """A language's words behind ``starts_pronoun``, ``starts_connective`` and ``date_word``."""

    pronouns: frozenset[str]
    connectives: frozenset[str]
    date_words: frozenset[str]


@functools.lru_cache(maxsize=32)
def cues(language: str) -> Cues:
    """The cue words for `language` (summarize/data/cues-news.json); empty sets, so features at 0, without a table.

    French is the table the networks were learned with; the other tables
    (en, es, de, it, pt, nl, ru, pl, ro, ca, uk) translate it: closed-class
    words, weekdays and months, which mean the same thing in a news story.
    """
    table = _read_json("cues-news.json")["languages"]
    assert isinstance(table, dict)
    entry = table.get(language, {})
    return Cues(*(frozenset(entry.get(k, ())) for k in ("pronouns", "connectives", "date_words")))


@dataclass
class Article:
    """An article's sentences as the scorer sees them: feature rows and TF-IDF vectors for novelty."""

    rows: list[list[float]]
    vectors: list[dict[str, float]]
    words: list[int]
    #: a fragment (see FRAGMENT_WORDS) is taken only when nothing else is left
    fragment: list[bool]


def _vectors(content: list[list[str]]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors (IDF over the article's own sentences)."""
    n = len(content)
    df: Counter[str] = Counter()
    for c in content:
        df.update(set(c))
    out = []
    for c in content:
        vec = {w: tf * math.log((n + 1) / (df[w] + 0.5)) for w, tf in Counter(c).items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out.append({w: v / norm for w, v in vec.items()})
    return out


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two unit-length sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def analyse(
    sentences: Sequence[str],
    *,
    language: str = "fr",
    title: str | None = None,
    stops: frozenset[str] = frozenset(),
    lexicons: tuple[Lexicon, Lexicon] | None = None,
) -> Article:
    """Feature rows (see FEATURES) and novelty vectors of the sentences, in one linear pass.

    `lexicons`: the word and word-pair tables for the French features (the
    shipped ones by default; training passes tables built without the
    article's own abstract). Other languages get zeros there.
    """
    french = language == "fr"
    if french:
        (logit, default), (pair_logit, pair_default) = lexicons or (abstract_lexicon(), bigram_lexicon())
    cue = cues(language)
    n = len(sentences)
    tokens = [[w.lower() for w in split_words(s, language)] for s in sentences]
    content = [[_stem(w) for w in ws if w not in stops and len(w) > 1] for ws in tokens]
    vectors = _vectors(content)

    centroid: Counter[str] = Counter()
    for vec in vectors:
        centroid.update(vec)
    centroid_norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    to_centroid = [cosine(vec, centroid) / centroid_norm for vec in vectors]
    top_centroid = max(to_centroid, default=0.0) or 1.0

    title_words: set[str] = set()
    title_stems: set[str] = set()
    title_vec: dict[str, float] = {}
    if title:
        title_words = {w.lower() for w in split_words(title, language)}
        title_stems = {_stem(w) for w in title_words if w not in stops and len(w) > 1}
        title_vec = dict.fromkeys(title_stems, 1.0 / math.sqrt(len(title_stems) or 1))

    total = sum(len(c) for c in content) or 1
    frequency: Counter[str] = Counter()
    for c in content:
        frequency.update(c)

    rows: list[list[float]] = []
    for i, text in enumerate(sentences):
        words = tokens[i]
        size = len(words)
        spaced = text.split()
        stripped = text.rstrip()
        capitals = sum(1 for w in spaced[1:] if w[:1].isupper())
        row = [
            1.0 if i == 0 else 0.0,
            1.0 if i == 1 else 0.0,
            1.0 if i == 2 else 0.0,
            1.0 / (i + 1),
            i / (n - 1) if n > 1 else 0.0,
            math.log(n),
            math.log1p(size),
            1.0 if size < 8 else 0.0,
            1.0 if size < 5 else 0.0,
            1.0 if size > 45 else 0.0,
            abs(size - BRIEF_WORDS) / BRIEF_WORDS,
            to_centroid[i],
            to_centroid[i] / top_centroid,
            1.0 if i == 0 else cosine(vectors[0], vectors[i]),
            cosine(title_vec, vectors[i]) if title_vec else 0.0,
            len(set(content[i]) & title_stems) / len(title_stems) if title_stems else 0.0,
            1.0 if title_vec else 0.0,
            sum(frequency[w] for w in content[i]) / total / len(content[i]) * 10.0 if content[i] else 0.0,
            1.0 if any(ch in _QUOTES for ch in text) else 0.0,
            1.0 if text.lstrip()[:1] in _QUOTES else 0.0,
            1.0 if stripped.endswith("?") else 0.0,
            1.0 if ":" in text else 0.0,
            0.0 if stripped[-1:] in _FINAL else 1.0,
            1.0 if any(ch.isdigit() for ch in text) else 0.0,
            sum(1 for ch in text if ch.isdigit()) / max(1, len(text)) * 10.0,
            capitals / max(1, len(spaced) - 1),
            math.log1p(capitals),
        ]
        if french:
            pairs = [pair_logit.get(a + " " + b, pair_default) for a, b in itertools.pairwise(words)]
            shared = set(words) & title_words
            row += [
                sum(logit.get(w, default) for w in words) / size - default if size else 0.0,
                (max(pairs) if pairs else pair_default) - pair_default,
                sum(v - pair_default for v in pairs if v > pair_default) / 10.0,
                sum(max(0.0, logit.get(w, default) - default) for w in shared) / 5.0,
            ]
        else:
            row += [0.0] * len(FRENCH)
        first = words[0] if words else ""
        row += [
            1.0 if first in cue.pronouns else 0.0,
            1.0 if first in cue.connectives else 0.0,
            1.0 if any(w in cue.date_words for w in words) else 0.0,
        ]
        rows.append(row)
    sizes = [len(ws) for ws in tokens]
    fragment = [language not in UNSPACED and size < FRAGMENT_WORDS for size in sizes]
    return Article(rows, vectors, sizes, fragment)


# --------------------------------------------------------------------------
# The model


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
        for weights, bias, out in zip(self.hidden, self.hidden_bias, self.output, strict=True):
            total += out * math.tanh(bias + sum(w * v for w, v in zip(weights, x, strict=True)))
        return total

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Network:
        def floats(key: str) -> tuple[float, ...]:
            values = data[key]
            assert isinstance(values, list)
            return tuple(float(v) for v in values)

        hidden = data["hidden"]
        assert isinstance(hidden, list)
        return cls(
            floats("mean"),
            floats("scale"),
            tuple(tuple(float(v) for v in row) for row in hidden),
            floats("hidden_bias"),
            floats("output"),
        )


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
    """

    redundancy: float = 1.0
    duplicate: float = 0.6
    length_cost: float = 0.02
    budget_redundancy: float = 1.0
    budget_length_cost: float = 0.02
    slack: float = 0.0


@dataclass(frozen=True)
class Model:
    """The shipped scorer: a network for French (all features) and one for other languages."""

    french: Network
    generic: Network
    selection: Selection

    def network(self, language: str) -> Network:
        return self.french if language == "fr" else self.generic


@functools.lru_cache(maxsize=1)
def model() -> Model:
    """The model shipped as summarize/data/news-model.json (written by tools/train_ranker.py)."""
    data = _read_json("news-model.json")
    if data["features"] != list(FEATURES):
        raise RuntimeError("summarize/data/news-model.json does not match news.FEATURES")
    french, generic, selection = data["french"], data["generic"], data["selection"]
    assert isinstance(french, dict) and isinstance(generic, dict) and isinstance(selection, dict)
    return Model(Network.from_json(french), Network.from_json(generic), Selection(**selection))


def scores(article: Article, network: Network) -> list[float]:
    return [network.score(row) for row in article.rows]


def score_sentences(
    sentences: Sequence[str], *, language: str = "fr", title: str | None = None, stops: frozenset[str] = frozenset()
) -> list[float]:
    """The learned score of every sentence, without novelty: the cheap, linear ranking of a long article."""
    article = analyse(sentences, language=language, title=title, stops=stops)
    return scores(article, model().network(language))


# --------------------------------------------------------------------------
# Selection


def mmr_order(article: Article, values: Sequence[float], selection: Selection, limit: int | None = None) -> list[int]:
    """Every index, best first: the first `limit` by score less redundancy and length cost, then by score.

    Each step compares the candidates with the one sentence just picked
    (O(n) per step), so the cost is O(n × limit), never all pairs. A sentence
    whose similarity to one already picked reaches ``duplicate``, or shorter
    than FRAGMENT_WORDS, is put after all the others.
    """
    n = len(values)
    limit = n if limit is None else min(n, limit)
    remaining = set(range(n))
    closest = [0.0] * n
    order: list[int] = []
    while remaining and len(order) < limit:
        if order:
            best = max(
                remaining,
                key=lambda i: (
                    closest[i] < selection.duplicate and not article.fragment[i],
                    values[i] - selection.redundancy * closest[i] - selection.length_cost * article.words[i],
                    -i,
                ),
            )
        else:
            best = max(remaining, key=lambda i: (not article.fragment[i], values[i], -i))
        order.append(best)
        remaining.discard(best)
        vec = article.vectors[best]
        for i in remaining:
            sim = cosine(vec, article.vectors[i])
            if sim > closest[i]:
                closest[i] = sim
    order += sorted(remaining, key=lambda i: (closest[i] >= selection.duplicate or article.fragment[i], -values[i], i))
    return order


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
    similar = {(a, b): cosine(article.vectors[a], article.vectors[b]) for a, b in itertools.combinations(candidates, 2)}
    best: tuple[float, list[int]] = (-math.inf, [candidates[0]])
    for size in range(1, KNAPSACK_SIZE + 1):
        limit = budget * (1.0 + selection.slack) if size == 1 else budget
        for subset in itertools.combinations(candidates, size):
            words = sum(article.words[i] for i in subset)
            if words > limit:
                continue
            value = sum(gain[i] for i in subset) - selection.budget_length_cost * words
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
        return sorted(mmr_order(article, values, selection, count)[: count or 0])
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
    shipped = model()
    article = analyse(sentences, language=language, title=title, stops=stops)
    return mmr_order(article, scores(article, shipped.network(language)), shipped.selection, MMR_LIMIT)


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
    shipped = model()
    article = analyse(sentences, language=language, title=title, stops=stops)
    return choose(article, scores(article, shipped.network(language)), shipped.selection, count=count, words=words)
