"""Rank the article's sentences and pick the ones that make the brief.

Algorithms: ``lead`` (the first sentences, the news baseline), sumy's
``lexrank``, ``textrank``, ``lsa``, ``luhn``, ``kl`` and ``sumbasic``, and
``news`` (the default): the scorer of ``summarize/news.py``, learned on
OrangeSum (``tools/train_ranker.py``, every setting chosen by
cross-validation on train) over language-independent features plus French
word tables, then MMR (a sentence count) or a knapsack (a word budget) so
that the brief neither repeats itself nor overshoots. It uses sumy's
126-word stop list for French (shipped copy). The default was chosen by the
ROUGE evaluation in ``eval/SUMMARIES.md``.

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
import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from summarize import news
from summarize.choices import ALGORITHMS, DEFAULT_ALGORITHM
from summarize.errors import UsageError
from summarize.languages import SUMY_LANGUAGES
from summarize.segment import Tokenizer, split_words

#: Sentences in a brief when no length is given.
DEFAULT_SENTENCES = 3
#: Most sentences that the quadratic parts of ranking consider (see the module docstring).
CANDIDATES = 200

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
    ``words``: a budget filled with whole sentences, never a cut sentence;
    two or more sentences never exceed it, but a brief is never empty, so
    one sentence longer than the budget may be taken alone. ``news`` picks
    the best-valued set of its top candidates that fits (a knapsack); the
    other algorithms take the best-ranked sentence, then each sentence in
    rank order that fits in what is left.
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
    check_algorithm(algorithm)
    if algorithm == "news" and len(sentences) > 1:
        count = length.count(len(sentences))
        stops = news_stop_words(language)
        return news.pick(sentences, language=language, title=title, stops=stops, count=count, words=length.words)
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
        return news.order(sentences, language=language, title=title, stops=news_stop_words(language))
    if n <= CANDIDATES:
        scores = _sumy_scores(sentences, algorithm, language, title)
        return sorted(range(n), key=lambda i: (-scores[i], i))
    cheap = news.score_sentences(sentences, language=language, title=title, stops=news_stop_words(language))
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
FRAGMENT_WORDS = news.FRAGMENT_WORDS
#: Languages written without spaces between words, where a word count says nothing of a fragment.
_UNSPACED = news.UNSPACED


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

    unstemmed: Callable[[str], str] = null_stemmer
    name = SUMY_LANGUAGES.get(language)
    if name is None:
        return unstemmed
    try:
        stemmer: Callable[[str], str] = Stemmer(name)
        stemmer("news")
    except (LookupError, ValueError, ImportError):
        return unstemmed
    return stemmer


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
    summarizer.stop_words = stop_words(language)
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
    stops = stop_words(language)
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
