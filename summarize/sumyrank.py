"""The sumy algorithms as ratings by position (LexRank, TextRank, LSA, Luhn, SumBasic; KL computed incrementally).

sumy hands back only the sentences it chose; the ratings it computes are caught
and read back in document order, so every algorithm can rank every sentence.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from summarize.segment import Tokenizer, split_words
from summarize.stopwords import stop_words, sumy_stemmer

_SUMY_CLASSES: dict[str, tuple[str, str]] = {
    "lexrank": ("sumy.summarizers.lex_rank", "LexRankSummarizer"),
    "textrank": ("sumy.summarizers.text_rank", "TextRankSummarizer"),
    "lsa": ("sumy.summarizers.lsa", "LsaSummarizer"),
    "luhn": ("sumy.summarizers.luhn", "LuhnSummarizer"),
    "kl": ("sumy.summarizers.kl", "KLSummarizer"),
    "sumbasic": ("sumy.summarizers.sum_basic", "SumBasicSummarizer"),
}


def sumy_scores(sentences: Sequence[str], algorithm: str, language: str, title: str | None) -> list[float]:
    """Rating of each sentence by a sumy summarizer, read back by position.

    sumy only hands back the chosen sentence objects, and equal texts
    compare equal; instead we catch the ratings it passes to
    ``_get_best_sentences`` and evaluate them in document order.
    """
    if algorithm == "kl":
        return kl_scores(sentences, language)
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


#: Most near-tied candidates a KL round settles with sumy's exact sum (see `kl_scores`).
_KL_RECHECKS = 16


def kl_scores(sentences: Sequence[str], language: str) -> list[float]:
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
    content = [[w for w in (x.lower() for x in ws) if w not in stops] for ws in words]
    candidates = [Counter(ws) for ws in content]
    lengths = [sum(c.values()) for c in candidates]
    summary = _KLSummary(freq)
    remaining = list(range(len(sentences)))
    ratings: dict[str, float] = {}
    keys = [text.strip() for text in sentences]
    while remaining:
        values = [summary.divergence(candidates[i], lengths[i]) for i in remaining]
        chosen = remaining.pop(_settle(values, [content[i] for i in remaining], summary.words, freq))
        ratings[keys[chosen]] = -len(ratings)
        summary.add(words[chosen])
    return [float(ratings[key]) for key in keys]


class _KLSummary:
    """The summary so far, with its part of the KL sum kept up to date (a candidate then costs its own words)."""

    def __init__(self, freq: Mapping[str, float]) -> None:
        self.freq = freq
        self.log_freq = {w: math.log(d) for w, d in freq.items()}
        self.counts: Counter[str] = Counter()
        self.words: list[str] = []
        self.base = 0.0  # sum over the summary's words w of freq(w) * (log freq(w) - log count(w))
        self.mass = 0.0  # sum of freq(w) over the summary's words

    def divergence(self, candidate: Mapping[str, int], length: int) -> float:
        """KL divergence of the article's distribution from the summary joined with the candidate."""
        total = length + len(self.words)
        if total == 0:
            return 0.0
        value, weight = self.base, self.mass
        for w, c in candidate.items():
            d = self.freq.get(w)
            if not d:
                continue
            s = self.counts.get(w, 0)
            if s:
                value += d * (math.log(s) - math.log(s + c))
            else:
                value += d * (self.log_freq[w] - math.log(c))
                weight += d
        return value + math.log(total) * weight

    def add(self, words: Sequence[str]) -> None:
        self.words.extend(words)
        for w, c in Counter(words).items():
            d = self.freq.get(w)
            s = self.counts[w]
            self.counts[w] = s + c
            if d:
                if s:
                    self.base += d * (math.log(s) - math.log(s + c))
                else:
                    self.base += d * (self.log_freq[w] - math.log(c))
                    self.mass += d


def _settle(
    values: Sequence[float], contents: Sequence[list[str]], summary: Sequence[str], freq: Mapping[str, float]
) -> int:
    """The position of the lowest value, near-ties settled as sumy settles them.

    Near-ties (often exact in theory) fall whichever way rounding takes them: a few
    are settled with sumy's own sum, term by term in its order, to pick what sumy
    picks; when there are many (a list of look-alike sentences), the first, as
    exact ties go.
    """
    low = min(values)
    near: dict[tuple[str, ...], int] = {}  # equal word lists give equal sums: one each
    for at, value in enumerate(values):
        if value <= low + 1e-9 * max(1.0, abs(low)):
            near.setdefault(tuple(contents[at]), at)
    best_at = next(iter(near.values()))
    if 1 < len(near) <= _KL_RECHECKS:
        exact = {at: _sumy_kl(key, summary, freq) for key, at in near.items()}
        best_at = min(exact, key=lambda at: (exact[at], at))
    return best_at


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
