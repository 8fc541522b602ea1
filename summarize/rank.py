"""Rank the article's sentences and pick the ones that make the brief.

Algorithms: ``lead`` (the first sentences, the news baseline), sumy's
``lexrank``, ``textrank``, ``lsa``, ``luhn``, ``kl`` and ``sumbasic``, and
``news`` (the default): a small linear scorer learned from OrangeSum
(``tools/train_ranker.py``) over 28 features (position, length and distance
from 35 words, overlap with the headline, centrality, capitalised-word and
digit density, how likely the sentence's words and adjacent word pairs are
to reappear in an abstract according to word and word-pair tables learned
on train-5k, how abstract-prone its headline words are, a leading pronoun,
connective or quote, a date word, ...), then greedy selection with a
redundancy penalty and a per-word cost; weights and penalties are learned
separately for articles with and without a headline and shipped as JSON in
``summarize/data`` (weights, the two tables, and sumy's 126-word French stop
list, which ``news`` uses instead of the fuller one). The default was chosen
by the ROUGE evaluation in ``eval/SUMMARIES.md``.

Why ``news`` is pure Python: importing sumy pulls in nltk (about 0.6 s),
more than a whole CLI run may take, so sumy and numpy are imported lazily
and only by the sumy algorithms; ``lead`` and ``news`` import neither.

sumy is fed a document built from our own sentences (it never re-splits, and
its default tokenizer, which needs NLTK punkt data, is never used); its
ratings are read back by position so that duplicate sentence texts map back
to the right indices.

Why the work stays near-linear in the article's length: similarities are
computed only for the pairs asked for (never an n×n matrix), the news
scorer's centrality comes from one sum of normalised vectors, and the parts
that compare every sentence with every other (the redundancy-aware order,
and every sumy algorithm: LexRank's and TextRank's graphs, LSA's matrix, the
greedy KL and SumBasic, Luhn's scan of its significant words) see at most
``CANDIDATES`` sentences: in a longer text, the ``CANDIDATES`` best by the
news scorer's own score (without its redundancy penalty), the rest ranked
after them by that score. No OrangeSum article comes near the cap (the
longest has 124 sentences), so their briefs are as without it.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from summarize.choices import ALGORITHMS, DEFAULT_ALGORITHM
from summarize.errors import UsageError
from summarize.languages import SUMY_LANGUAGES
from summarize.segment import Tokenizer, split_words

#: Sentences in a brief when no length is given.
DEFAULT_SENTENCES = 3
#: Most sentences that the quadratic parts of ranking consider (see the module docstring).
CANDIDATES = 200

#: Use the fuller French stop list shipped in summarize/data (True) or sumy's
#: own 126 words (False); a switch for the evaluation, measured in SUMMARIES.md.
_FULL_FRENCH_STOP_WORDS = True

_WORD = re.compile(r"[^\W_]+")
_SUMY_CLASSES: dict[str, tuple[str, str]] = {
    "lexrank": ("sumy.summarizers.lex_rank", "LexRankSummarizer"),
    "textrank": ("sumy.summarizers.text_rank", "TextRankSummarizer"),
    "lsa": ("sumy.summarizers.lsa", "LsaSummarizer"),
    "luhn": ("sumy.summarizers.luhn", "LuhnSummarizer"),
    "kl": ("sumy.summarizers.kl", "KLSummarizer"),
    "sumbasic": ("sumy.summarizers.sum_basic", "SumBasicSummarizer"),
}


@dataclass(frozen=True)
class Length:
    """How long the brief is: at most one of the three may be set.

    ``sentences``: that many sentences (3 when nothing is set).
    ``ratio``: that fraction of the article's sentences, rounded to the
    nearest, at least 1.
    ``words``: a budget filled with whole sentences in rank order, never a
    cut sentence. The best-ranked sentence is always taken, even when it
    alone is longer than the budget (a brief is never empty); after it, each
    sentence in rank order is added if it fits in what is left of the
    budget, and skipped if not.
    """

    sentences: int | None = None
    ratio: float | None = None
    words: int | None = None

    def __post_init__(self) -> None:
        given = [name for name in ("sentences", "ratio", "words") if getattr(self, name) is not None]
        if len(given) > 1:
            raise UsageError(f"choose one length: {given[0]} (--{given[0]}) or {given[1]} (--{given[1]}), not both")
        if self.sentences is not None and (isinstance(self.sentences, bool) or self.sentences < 1):
            raise UsageError(f"sentences (--sentences) must be at least 1, not {self.sentences}")
        if self.ratio is not None and not (0.0 < self.ratio <= 1.0):
            raise UsageError(f"ratio (--ratio) must be greater than 0 and at most 1, not {self.ratio}")
        if self.words is not None and (isinstance(self.words, bool) or self.words < 1):
            raise UsageError(f"words (--words) must be at least 1, not {self.words}")

    def count(self, total: int) -> int | None:
        """Sentences to pick from an article of ``total``; None for a word budget."""
        if self.words is not None:
            return None
        if self.ratio is not None:
            return max(1, int(self.ratio * total + 0.5))
        return self.sentences if self.sentences is not None else DEFAULT_SENTENCES


def pick(
    sentences: Sequence[str],
    *,
    language: str = "fr",
    algorithm: str = DEFAULT_ALGORITHM,
    length: Length = Length(),
    title: str | None = None,
) -> list[int]:
    """Indices (0-based into `sentences`) of the picked sentences, in article order, no duplicates.

    An article shorter than asked gives all its sentences. `title` (the
    headline, when the article has one) is used for ranking, never returned.
    """
    order = rank(sentences, language=language, algorithm=algorithm, title=title)
    return select(sentences, order, length, language=language)


def check_algorithm(algorithm: str) -> None:
    """Refuse an unknown algorithm name (lower case, as in ALGORITHMS) with the list of known ones."""
    if algorithm not in ALGORITHMS:
        raise UsageError(f"unknown algorithm {algorithm!r}: choose one of {', '.join(ALGORITHMS)}")


def rank(
    sentences: Sequence[str],
    *,
    language: str = "fr",
    algorithm: str = DEFAULT_ALGORITHM,
    title: str | None = None,
) -> list[int]:
    """Every index of `sentences`, best first (ties go to the earlier sentence)."""
    check_algorithm(algorithm)
    n = len(sentences)
    if n <= 1 or algorithm == "lead":
        return list(range(n))
    if algorithm == "news":
        return news_order(sentences, language=language, title=title)
    if n <= CANDIDATES:
        scores = _sumy_scores(sentences, algorithm, language, title)
        return sorted(range(n), key=lambda i: (-scores[i], i))
    cheap = news_scores(sentences, language=language, title=title)
    by_cheap = sorted(range(n), key=lambda i: (-cheap[i], i))
    chosen = sorted(by_cheap[:CANDIDATES])
    scores = _sumy_scores([sentences[i] for i in chosen], algorithm, language, title)
    head = sorted(range(len(chosen)), key=lambda k: (-scores[k], k))
    return [chosen[k] for k in head] + by_cheap[CANDIDATES:]


def select(sentences: Sequence[str], order: Sequence[int], length: Length, *, language: str = "fr") -> list[int]:
    """Take sentences from `order` (best first) until `length` is met; article order out.

    A sentence whose text repeats one already taken is passed over: it adds
    nothing to a brief. A fragment (fewer than ``FRAGMENT_WORDS`` words: a
    leftover of a false split, an interjection, a two-word question) is
    taken only when the article has nothing else: after every longer
    sentence for a sentence count, and for a word budget only if no longer
    sentence was taken.
    """
    n = len(sentences)
    count = length.count(n)
    if count is not None and count >= n:
        return list(range(n))
    order = _fragments_last(sentences, order, language, drop=count is None)
    picked: list[int] = []
    seen: set[str] = set()
    budget = length.words
    for i in order:
        key = " ".join(sentences[i].split()).casefold()
        if key in seen:
            continue
        if budget is not None:
            size = word_count(sentences[i], language)
            if picked and size > budget:
                continue
            budget -= size
            picked.append(i)
            if budget <= 0:
                break
        else:
            picked.append(i)
            if len(picked) >= (count or 0):
                break
        seen.add(key)
    return sorted(picked)


#: A sentence of fewer words is a fragment, picked only when the article has nothing else.
FRAGMENT_WORDS = 5
#: Languages written without spaces between words, where a word count says nothing of a fragment.
_UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})


def _fragments_last(sentences: Sequence[str], order: Sequence[int], language: str, *, drop: bool) -> list[int]:
    """`order` with its fragments moved to the end (or left out when `drop` and anything else exists)."""
    if language in _UNSPACED:
        return list(order)
    # 15 spaced tokens hold 5 words unless 10 are bare punctuation: count words only below that
    short = {
        i
        for i in order
        if len(sentences[i].split()) < 3 * FRAGMENT_WORDS and word_count(sentences[i], language) < FRAGMENT_WORDS
    }
    whole = [i for i in order if i not in short]
    if not whole or not short:
        return list(order)
    return whole if drop else whole + [i for i in order if i in short]


def word_count(text: str, language: str = "fr") -> int:
    """Words in `text` as the brief's word budget counts them."""
    return len(_words(text, language))


# --------------------------------------------------------------------------
# Words, stop words, stemming


def _words(text: str, language: str) -> list[str]:
    """Word tokens of the segmenter (letters and digits, elisions like « l' » kept whole)."""
    return split_words(text, language)


@functools.lru_cache(maxsize=64)
def stop_words(language: str, full: bool = True) -> frozenset[str]:
    """Lower-case stop words for an ISO 639-1 code; empty when none are known.

    Two lists per language, as measured for French (eval/SUMMARIES.md): the
    fuller stopwords-iso list (`full`, for sumy's algorithms, which rank
    better with it) and a short one (for ``news``, retrained with it).
    French: both shipped in summarize/data (stopwords-iso's 691 words, sumy's
    126). Other languages: the ``stopwordsiso`` package (every language the
    splitter knows but Thai) and sumy's list where it has one (en, es, de,
    it, pt, pl, el...), each standing in for the other when missing.
    """
    if language == "fr":
        shipped = "data/stopwords-fr.txt" if full else "data/stopwords-fr-sumy.txt"
        text = resources.files("summarize").joinpath(shipped).read_text(encoding="utf-8")
        words = {w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")}
    elif full:
        words = _iso_stop_words(language) or _sumy_stop_words(language)
    else:
        words = _sumy_stop_words(language) or _iso_stop_words(language)
    # Romanian is written with ș ț or, in older text and lists, with ş ţ: stop both
    words |= {w.translate(_COMMA_BELOW) for w in words} | {w.translate(_CEDILLA) for w in words}
    # the segmenter keeps elisions whole (« l' », « qu' »): stop them too
    return frozenset(words | {w + "'" for w in words if w.isalpha()})


_COMMA_BELOW = str.maketrans("şţŞŢ", "șțȘȚ")
_CEDILLA = str.maketrans("șțȘȚ", "şţŞŢ")


def _sumy_stop_words(language: str) -> set[str]:
    name = SUMY_LANGUAGES.get(language)
    if name is None:
        return set()
    try:
        data = resources.files("sumy").joinpath(f"data/stopwords/{name}.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return set()
    return {w.strip().lower() for w in data.splitlines() if w.strip()}


def _iso_stop_words(language: str) -> set[str]:
    """The stopwords-iso list (PyPI ``stopwordsiso``, ~57 languages); Norwegian Bokmål is its ``no``."""
    try:
        import stopwordsiso
    except ImportError:  # a dependency, but stop words are not worth a crash
        return set()
    return {w.strip().lower() for w in stopwordsiso.stopwords({"nb": "no"}.get(language, language)) if w.strip()}


def _current_stop_words(language: str) -> frozenset[str]:
    return stop_words(language, _FULL_FRENCH_STOP_WORDS)


def news_stop_words(language: str) -> frozenset[str]:
    """The ``news`` scorer's stop words: sumy's short list, also for French.

    Why not the fuller list: retrained with each, the short one gives ``news``
    +0.5 ROUGE-1 at 35 words without a headline (eval/SUMMARIES.md). The
    fuller list also stops number words (« cinq », « mille ») and words
    such as « dernier », « nouveau », « contre » that carry news content.
    """
    return stop_words(language, False)


@functools.lru_cache(maxsize=32)
def sumy_stemmer(language: str) -> Callable[[str], str]:
    """sumy's stemmer for the language (nltk's Snowball, no data needed), else lower-casing.

    No stemmer is better than a crash: sumy raises LookupError for a language
    it has none for, ValueError when one needs a package that is not
    installed (Polish: pystempel when built, Greek: greek_stemmer when first
    called, hence the trial word).
    """
    from sumy.nlp.stemmers import Stemmer, null_stemmer

    name = SUMY_LANGUAGES.get(language)
    if name is None:
        return null_stemmer
    try:
        stemmer = Stemmer(name)
        stemmer("news")
    except (LookupError, ValueError, ImportError):
        return null_stemmer
    return stemmer


def _light_stem(word: str) -> str:
    """Cheap stemming for the news scorer: drop a plural s/x, keep the first 7 letters.

    Prefix truncation is nearly as good as Snowball for matching word forms
    across sentences, costs nothing and needs no import.
    """
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    return word[:7]


# --------------------------------------------------------------------------
# sumy algorithms


def _sumy_scores(sentences: Sequence[str], algorithm: str, language: str, title: str | None) -> list[float]:
    """Rating of each sentence by a sumy summarizer, read back by position.

    sumy only hands back the chosen sentence objects, and equal texts
    compare equal; instead we catch the ratings it passes to
    ``_get_best_sentences`` and evaluate them in document order.
    """
    if algorithm == "kl":
        return _kl_scores(sentences, language)
    import importlib

    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tokenizer = Tokenizer(language)
    items = [Sentence(text, tokenizer) for text in sentences]
    if title and title.strip():
        items.insert(0, Sentence(title, tokenizer, is_heading=True))
    document = ObjectDocumentModel([Paragraph(items)])

    module_name, class_name = _SUMY_CLASSES[algorithm]
    summarizer = getattr(importlib.import_module(module_name), class_name)(sumy_stemmer(language))
    summarizer.stop_words = _current_stop_words(language)
    if algorithm == "lsa":
        _steady_lsa(summarizer)
    captured: list[float] = [0.0] * len(sentences)

    def capture(doc_sentences: Sequence[Any], _count: Any, rating: Any, *args: Any, **kwargs: Any) -> tuple[()]:
        for position, sentence in enumerate(doc_sentences):
            value = rating[sentence] if isinstance(rating, dict) else rating(sentence, *args, **kwargs)
            captured[position] = float(value)
        return ()

    summarizer._get_best_sentences = capture
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # LSA warns on tiny documents; ratings are still usable
        summarizer(document, len(sentences))
    return [v if math.isfinite(v) else 0.0 for v in captured]


def _steady_lsa(summarizer: Any) -> None:
    """Make sumy's LSA give the same ratings in every process, and fill its matrix without a Python loop.

    sumy numbers the words in the order of a frozenset, which changes with
    Python's string hashing from one process to the next; the SVD's rounding
    follows, and near-equal sentences swapped places between two runs (157
    of 3,000 OrangeSum briefs). Sorted words give one order. Its term
    frequency step visits every cell of the words × sentences matrix in
    Python; the same arithmetic on whole arrays gives the same numbers.
    """
    import numpy

    def create_dictionary(document: Any) -> dict[str, int]:
        words = (summarizer.normalize_word(w) for w in document.words)
        unique = sorted({summarizer.stem_word(w) for w in words if w not in summarizer.stop_words})
        return {w: i for i, w in enumerate(unique)}

    def compute_term_frequency(matrix: Any, smooth: float = 0.4) -> Any:
        maxima = numpy.max(matrix, axis=0)
        scaled = smooth + (1.0 - smooth) * (matrix / numpy.where(maxima != 0, maxima, 1.0))
        return numpy.where(maxima != 0, scaled, matrix)

    summarizer._create_dictionary = create_dictionary
    summarizer._compute_term_frequency = compute_term_frequency


#: Most near-tied candidates a KL round settles with sumy's exact sum (see `_kl_scores`).
_KL_RECHECKS = 16


def _kl_scores(sentences: Sequence[str], language: str) -> list[float]:
    """sumy's ``KLSummarizer`` ratings, computed incrementally: quadratic where sumy's is cubic.

    The same greedy order as sumy's (which we measured cubic: 17 s for 200
    sentences): each round adds the sentence whose words, joined with the
    summary so far, leave the smallest KL divergence from the article's
    word distribution; the first added rates highest. sumy sums over every
    word of the summary for every candidate; here the summary's part of the
    sum is kept up to date, and a candidate costs only its own words. sumy's
    particulars are kept: the article's distribution drops stop words before
    lower-casing, a candidate's words after; the summary's words are taken
    as they are; equal texts share the rating given last (sumy keys its
    ratings by text).
    """
    stops = _current_stop_words(language)
    words = [split_words(text.strip(), language) for text in sentences]
    doc = Counter(w.lower() for ws in words for w in ws if w not in stops)
    size = sum(doc.values())
    freq = {w: c / size for w, c in doc.items()}
    log_freq = {w: math.log(d) for w, d in freq.items()}
    content = [[w for w in (x.lower() for x in ws) if w not in stops] for ws in words]
    candidates = [Counter(ws) for ws in content]
    lengths = [sum(c.values()) for c in candidates]
    summary: Counter[str] = Counter()
    summary_size = 0
    base = 0.0  # sum over the summary's words w of freq(w) * (log freq(w) - log count(w))
    mass = 0.0  # sum of freq(w) over the summary's words
    remaining = list(range(len(sentences)))
    ratings: dict[str, float] = {}
    keys = [text.strip() for text in sentences]
    summary_words: list[str] = []
    while remaining:
        values: list[float] = []
        for i in remaining:
            total = lengths[i] + summary_size
            if total == 0:
                value = 0.0
            else:
                value, weight = base, mass
                for w, c in candidates[i].items():
                    d = freq.get(w)
                    if not d:
                        continue
                    s = summary.get(w, 0)
                    if s:
                        value += d * (math.log(s) - math.log(s + c))
                    else:
                        value += d * (log_freq[w] - math.log(c))
                        weight += d
                value += math.log(total) * weight
            values.append(value)
        # Near-ties (often exact in theory) fall whichever way rounding takes them: settle a
        # few with sumy's own sum, term by term in its order, to pick what sumy picks; when
        # there are many (a list of look-alike sentences), the first, as exact ties go.
        low = min(values)
        near: dict[tuple[str, ...], int] = {}  # equal word lists give equal sums: one each
        for at, value in enumerate(values):
            if value <= low + 1e-9 * max(1.0, abs(low)):
                near.setdefault(tuple(content[remaining[at]]), at)
        best_at = next(iter(near.values()))
        if 1 < len(near) <= _KL_RECHECKS:
            exact = {at: _sumy_kl(key, summary_words, freq) for key, at in near.items()}
            best_at = min(exact, key=lambda at: (exact[at], at))
        chosen = remaining.pop(best_at)
        summary_words.extend(words[chosen])
        ratings[keys[chosen]] = -len(ratings)
        for w, c in Counter(words[chosen]).items():
            d = freq.get(w)
            s = summary[w]
            summary[w] = s + c
            if d:
                if s:
                    base += d * (math.log(s) - math.log(s + c))
                else:
                    base += d * (log_freq[w] - math.log(c))
                    mass += d
        summary_size += len(words[chosen])
    return [float(ratings[key]) for key in keys]


def _sumy_kl(candidate: Sequence[str], summary: Sequence[str], freq: Mapping[str, float]) -> float:
    """sumy's KL divergence of one candidate joined with the summary, with sumy's very arithmetic."""
    joint = dict(Counter(candidate))
    for w, c in Counter(summary).items():
        joint[w] = joint.get(w, 0) + c
    total = float(len(candidate) + len(summary))
    value = 0.0
    for w, c in joint.items():
        d = freq.get(w)
        if d:
            value += d * math.log(d / (c / total))
    return value


# --------------------------------------------------------------------------
# news: the learned scorer

#: Names of the news scorer's features, in the order of the weights in
#: summarize/data/ranker-news.json (tools/train_ranker.py writes both).
FEATURES: tuple[str, ...] = (
    "first",
    "second",
    "third",
    "inverse_position",
    "relative_position",
    "log_words",
    "short",
    "long",
    "centrality",
    "similarity_first",
    "similarity_title",
    "title_coverage",
    "content_probability",
    "quote",
    "question",
    "colon",
    "digit",
    "length_gap",
    "capitals",
    "digits",
    "abstract_words",
    "starts_pronoun",
    "starts_connective",
    "starts_quote",
    "date_word",
    "bigram_max",
    "bigram_gain",
    "title_abstract_words",
)
#: Words in a typical OrangeSum abstract: ``length_gap`` is a sentence's distance from it.
_BRIEF_WORDS = 35.0
_LOG_WORDS = FEATURES.index("log_words")
#: A word's log-odds of reappearing in the abstract when the article has it, and the
#: log-odds for a word not in the table (see `abstract_lexicon`).
Lexicon = tuple[Mapping[str, float], float]


@dataclass(frozen=True)
class Cues:
    """A language's words behind ``starts_pronoun``, ``starts_connective`` and ``date_word``."""

    pronouns: frozenset[str]
    connectives: frozenset[str]
    date_words: frozenset[str]


@functools.lru_cache(maxsize=32)
def news_cues(language: str) -> Cues:
    """The cue words for `language` (summarize/data/cues-news.json); empty sets, so features at 0, without a table.

    French is the table the weights were learned with; the other tables
    (en, es, de, it, pt, nl, ru, pl, ro, ca, uk) translate it: closed-class
    words, weekdays and months, which mean the same thing in a news story.
    """
    text = resources.files("summarize").joinpath("data/cues-news.json").read_text(encoding="utf-8")
    table = json.loads(text)["languages"].get(language, {})
    return Cues(*(frozenset(table.get(k, ())) for k in ("pronouns", "connectives", "date_words")))


def _for_language(table: Lexicon, language: str) -> Lexicon:
    """A table learned on French news is noise elsewhere (English « a » is not French « a »): outside
    French every word gets the default, so the features it feeds are the same for every sentence."""
    return table if language == "fr" else ({}, table[1])


@functools.lru_cache(maxsize=1)
def abstract_lexicon() -> Lexicon:
    """The shipped word table (summarize/data/lexicon-news.json, built by tools/train_ranker.py).

    For each word (lower-cased segmenter token, stop words included) seen in
    at least a few OrangeSum train-5k articles: the smoothed log-odds that an
    article's abstract repeats the word when the article has it. Why: the
    words journalists carry over into an abstract (names, « a », « été »,
    dates) tell a summary-like sentence better than any in-article statistic.
    """
    text = resources.files("summarize").joinpath("data/lexicon-news.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return data["logit"], float(data["default"])


@functools.lru_cache(maxsize=1)
def bigram_lexicon() -> Lexicon:
    """The shipped word-pair table (summarize/data/bigrams-news.json, built by tools/train_ranker.py).

    Like `abstract_lexicon` for two adjacent tokens (key « w1 w2 »): the
    smoothed log-odds that the abstract repeats the pair, for pairs of at
    least 10 train-5k articles whose log-odds differ from the default by 0.3
    or more. Why: a sentence holding a phrase abstracts tend to carry over
    (« a été », a name, « selon le ») is more summary-like than its single
    words tell.
    """
    text = resources.files("summarize").joinpath("data/bigrams-news.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return data["logit"], float(data["default"])


def features(sentences: Sequence[str], *, language: str = "fr", title: str | None = None) -> list[list[float]]:
    """One feature vector per sentence (see FEATURES), pure Python."""
    return features_and_similarity(sentences, language=language, title=title)[0]


def _cosine(vec: Mapping[str, float], norm: float, other: Mapping[str, float], other_norm: float) -> float:
    """Cosine of two sparse vectors (their norms given), summed over the smaller one."""
    if len(vec) > len(other):
        vec, other = other, vec
    return sum(v * other.get(w, 0.0) for w, v in vec.items()) / (norm * other_norm)


class Similarity:
    """TF-IDF cosine similarity of two sentences, computed when asked: ``similarity[i][j]`` or ``pair(i, j)``.

    Why not a matrix: n×n is quadratic in time and memory (a 10 MB article
    has ~70,000 sentences), and ranking only needs one row and the pairs
    among a few candidates. A sentence's similarity to itself is 0.
    """

    def __init__(self, vectors: Sequence[Mapping[str, float]], norms: Sequence[float]) -> None:
        self._vectors = vectors
        self._norms = norms

    def __len__(self) -> int:
        return len(self._vectors)

    def pair(self, i: int, j: int) -> float:
        if i == j:
            return 0.0
        if i > j:  # the same sum in the same order whichever way it is asked
            i, j = j, i
        return _cosine(self._vectors[i], self._norms[i], self._vectors[j], self._norms[j])

    def __getitem__(self, i: int) -> _SimilarityRow:
        return _SimilarityRow(self, i)


class _SimilarityRow:
    """One row of a `Similarity`, for code that indexes it like a matrix."""

    def __init__(self, similarity: Similarity, i: int) -> None:
        self._similarity = similarity
        self._i = i

    def __len__(self) -> int:
        return len(self._similarity)

    def __getitem__(self, j: int) -> float:
        return self._similarity.pair(self._i, j)


def _centrality(vectors: Sequence[Mapping[str, float]], norms: Sequence[float]) -> list[float]:
    """Mean cosine of each sentence with all the others, in one pass over the words.

    The sum of sentence i's cosines is its unit vector times the sum of the
    others' unit vectors, so one running total of all unit vectors does for
    every sentence (linear, where summing the rows of a matrix is quadratic).
    """
    n = len(vectors)
    if n < 2:
        return [0.0] * n
    total: dict[str, float] = {}
    for vec, norm in zip(vectors, norms, strict=True):
        for w, v in vec.items():
            total[w] = total.get(w, 0.0) + v / norm
    out = []
    for vec, norm in zip(vectors, norms, strict=True):
        out.append(sum(v / norm * (total[w] - v / norm) for w, v in vec.items()) / (n - 1))
    return out


def features_and_similarity(
    sentences: Sequence[str],
    *,
    language: str = "fr",
    title: str | None = None,
    lexicon: Lexicon | None = None,
    bigrams: Lexicon | None = None,
) -> tuple[list[list[float]], Similarity]:
    """Feature vectors and the TF-IDF cosine similarity of the sentences (computed when asked).

    `lexicon`, `bigrams`: the word and word-pair tables behind ``abstract_words``
    and ``bigram_*`` (the shipped ones by default; training passes tables built
    without the article's own abstract).
    """
    logit, default = lexicon if lexicon is not None else _for_language(abstract_lexicon(), language)
    pair_logit, pair_default = bigrams if bigrams is not None else _for_language(bigram_lexicon(), language)
    cues = news_cues(language)
    stops = news_stop_words(language)
    n = len(sentences)
    tokens = [[w.lower() for w in _words(s, language)] for s in sentences]
    content = [[_light_stem(w) for w in ws if w not in stops and len(w) > 1] for ws in tokens]
    counts = [Counter(c) for c in content]

    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    idf = {w: math.log((n + 1) / (d + 0.5)) for w, d in df.items()}
    vectors = [{w: tf * idf[w] for w, tf in c.items()} for c in counts]
    norms = [math.sqrt(sum(v * v for v in vec.values())) or 1.0 for vec in vectors]
    similarity = Similarity(vectors, norms)
    centrality = _centrality(vectors, norms)
    top = max(centrality) or 1.0

    title_set: set[str] = set()
    title_vec: dict[str, float] = {}
    title_words: set[str] = set()
    if title:
        title_words = {w.lower() for w in _words(title, language)}
        title_set = {_light_stem(w) for w in title_words if w not in stops and len(w) > 1}
        title_vec = {w: idf.get(w, math.log(n + 1)) for w in title_set}
    title_norm = math.sqrt(sum(v * v for v in title_vec.values())) or 1.0

    total = sum(len(c) for c in content) or 1
    occurrences: Counter[str] = Counter()  # one pass (summing each word over every sentence is quadratic)
    for c in counts:
        occurrences.update(c)
    doc_prob = {w: occurrences[w] / total for w in df}

    rows: list[list[float]] = []
    for i, text in enumerate(sentences):
        size = len(tokens[i])
        stems = set(content[i])
        spaced = text.split()
        first_word = tokens[i][0] if tokens[i] else ""
        pairs = [pair_logit.get(a + " " + b, pair_default) for a, b in itertools.pairwise(tokens[i])]
        shared = set(tokens[i]) & title_words
        rows.append(
            [
                1.0 if i == 0 else 0.0,
                1.0 if i == 1 else 0.0,
                1.0 if i == 2 else 0.0,
                1.0 / (i + 1),
                i / (n - 1) if n > 1 else 0.0,
                math.log1p(size),
                1.0 if size < 8 else 0.0,
                1.0 if size > 45 else 0.0,
                centrality[i] / top,
                1.0 if i == 0 else similarity.pair(0, i),
                _cosine(vectors[i], norms[i], title_vec, title_norm) if title_vec else 0.0,
                len(stems & title_set) / len(title_set) if title_set else 0.0,
                sum(doc_prob[w] for w in content[i]) / len(content[i]) * 10.0 if content[i] else 0.0,
                1.0 if any(q in text for q in '«»"“”') else 0.0,
                1.0 if text.rstrip().endswith("?") else 0.0,
                1.0 if ":" in text else 0.0,
                1.0 if any(ch.isdigit() for ch in text) else 0.0,
                abs(size - _BRIEF_WORDS) / _BRIEF_WORDS,
                sum(1 for w in spaced[1:] if w[:1].isupper()) / max(1, len(spaced) - 1),
                sum(1 for ch in text if ch.isdigit()) / max(1, len(text)) * 10.0,
                sum(logit.get(w, default) for w in tokens[i]) / size if size else default,
                1.0 if first_word in cues.pronouns else 0.0,
                1.0 if first_word in cues.connectives else 0.0,
                1.0 if text.lstrip()[:1] in '«"“' else 0.0,
                1.0 if any(w in cues.date_words for w in tokens[i]) else 0.0,
                max(pairs) if pairs else pair_default,
                sum(v - pair_default for v in pairs if v > pair_default) / 10.0,
                sum(max(0.0, logit.get(w, default) - default) for w in shared) / 5.0,
            ]
        )
    return rows, similarity


@dataclass(frozen=True)
class NewsModel:
    """Weights of the news scorer and how much it avoids repeating itself (with, without a headline)."""

    title: tuple[float, ...]
    no_title: tuple[float, ...]
    redundancy: float
    length_cost: float
    no_title_redundancy: float
    no_title_length_cost: float


@functools.lru_cache(maxsize=1)
def news_model() -> NewsModel:
    """The shipped model: one weight vector for articles with a headline, one without."""
    text = resources.files("summarize").joinpath("data/ranker-news.json").read_text(encoding="utf-8")
    data = json.loads(text)
    if list(data["features"]) != list(FEATURES):
        raise RuntimeError("summarize/data/ranker-news.json does not match rank.FEATURES")
    redundancy = float(data.get("redundancy", 0.0))
    length_cost = float(data.get("length_cost", 0.0))
    return NewsModel(
        tuple(data["title"]),
        tuple(data["no_title"]),
        redundancy,
        length_cost,
        float(data.get("no_title_redundancy", redundancy)),
        float(data.get("no_title_length_cost", length_cost)),
    )


def news_scores(
    sentences: Sequence[str],
    *,
    language: str = "fr",
    title: str | None = None,
    model: NewsModel | None = None,
) -> list[float]:
    """The learned score of each sentence, without the redundancy penalty (linear in the article).

    What ranks the sentences of a long article beyond ``CANDIDATES``, for every algorithm.
    """
    return _news_scored(sentences, language, title, model)[0]


def _news_scored(
    sentences: Sequence[str], language: str, title: str | None, model: NewsModel | None
) -> tuple[list[float], list[list[float]], Similarity, bool]:
    """Scores, feature rows, similarity and whether the headline counts (it needs a word)."""
    model = model or news_model()
    has_title = bool(title and _WORD.search(title))
    weights = model.title if has_title else model.no_title
    rows, similarity = features_and_similarity(sentences, language=language, title=title if has_title else None)
    scores = [sum(w * x for w, x in zip(weights, row, strict=True)) for row in rows]
    return scores, rows, similarity, has_title


def news_order(
    sentences: Sequence[str],
    *,
    language: str = "fr",
    title: str | None = None,
    model: NewsModel | None = None,
) -> list[int]:
    """Every index, best first: the learned score, less a penalty for resembling a sentence already ranked.

    Why the penalty (maximal marginal relevance): the best-scored sentences
    of an article often say the same thing, and a brief should not.
    """
    model = model or news_model()
    scores, rows, similarity, has_title = _news_scored(sentences, language, title, model)
    sizes = [math.expm1(row[_LOG_WORDS]) for row in rows]
    if has_title:
        return mmr_order(scores, similarity, model.redundancy, sizes, model.length_cost)
    return mmr_order(scores, similarity, model.no_title_redundancy, sizes, model.no_title_length_cost)


#: What `mmr_order` reads similarities from: a `Similarity` or any n×n matrix.
SimilarityLike = Similarity | Sequence[Sequence[float]]


def mmr_order(
    scores: Sequence[float],
    similarity: SimilarityLike,
    redundancy: float,
    sizes: Sequence[float] = (),
    length_cost: float = 0.0,
    limit: int | None = CANDIDATES,
) -> list[int]:
    """Greedy order: score, less `redundancy` times the highest similarity to those before,
    less `length_cost` per word after the first pick.

    Why the length cost: once the best sentence is in, every further word
    dilutes the brief (ROUGE F1 against a 35-word abstract says the same),
    so later picks should earn their length.

    Only the `limit` best-scored sentences are ordered so (the greedy step
    compares each pick with every candidate left: quadratic); the rest
    follow by score alone. None orders all.
    """
    n = len(scores)
    rest: list[int] = []
    if limit is not None and n > limit:
        by_score = sorted(range(n), key=lambda i: (-scores[i], i))
        remaining, rest = sorted(by_score[:limit]), by_score[limit:]
    else:
        remaining = list(range(n))
    closest = [0.0] * n
    cost = [length_cost * s for s in sizes] if sizes else [0.0] * n
    order: list[int] = []
    while remaining:
        if order:
            best = max(remaining, key=lambda i: (scores[i] - redundancy * closest[i] - cost[i], -i))
        else:
            best = max(remaining, key=lambda i: (scores[i], -i))
        order.append(best)
        remaining.remove(best)
        row = similarity[best]
        for i in remaining:
            value = row[i]
            if value > closest[i]:
                closest[i] = value
    return order + rest
