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

import contextlib
import gc
import numbers
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from summarize import news
from summarize.choices import ALGORITHMS, DEFAULT_ALGORITHM
from summarize.detect import HAN_KANA_SPANS
from summarize.errors import UsageError
from summarize.segment import split_words
from summarize.stopwords import news_stop_words, stop_words, sumy_stemmer
from summarize.sumyrank import sumy_scores

#: The ranking stage's names, the word lists' included (they live in summarize.stopwords).
__all__ = [
    "CANDIDATES",
    "DEFAULT_SENTENCES",
    "FRAGMENT_WORDS",
    "Length",
    "check_algorithm",
    "news_stop_words",
    "pick",
    "rank",
    "select",
    "stop_words",
    "sumy_stemmer",
    "word_count",
]

#: Sentences in a brief when no length is given.
DEFAULT_SENTENCES = 3
#: Most sentences that the quadratic parts of ranking consider (see the module docstring).
CANDIDATES = 200

_WORD = re.compile(r"[^\W_]+")


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
        for name in ("sentences", "words"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, numbers.Integral)):
                raise UsageError(f"{name} (--{name}) must be a whole number of at least 1, not {value!r}")
            if value is not None and value < 1:
                raise UsageError(f"{name} (--{name}) must be at least 1, not {value}")
        if self.ratio is not None and (isinstance(self.ratio, bool) or not isinstance(self.ratio, numbers.Real)):
            raise UsageError(f"ratio (--ratio) must be a number greater than 0 and at most 1, not {self.ratio!r}")
        if self.ratio is not None and not (0.0 < self.ratio <= 1.0):
            raise UsageError(f"ratio (--ratio) must be greater than 0 and at most 1, not {self.ratio}")

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
    with _collector_paused():
        distinct = _distinct(sentences)
        if len(distinct) < len(sentences):  # a repeated text adds nothing: each is ranked once, at its first place
            once = [sentences[i] for i in distinct]
            return [distinct[k] for k in _pick(once, language, algorithm, length, title)]
        return _pick(sentences, language, algorithm, length, title)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a ranking runs (reference counting still frees).

    Ranking a long article builds millions of small lists, sets and dicts
    that all live until it ends, and each time the collector's oldest
    generation has grown by a quarter it walks every one of them: for a
    10 MB input, six full passes and 1.7 of its 11 seconds. Ranking makes
    no cycles worth collecting early; the collector resumes after. Left
    alone when it is already off (a nested call, or the caller's choice).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _pick(sentences: Sequence[str], language: str, algorithm: str, length: Length, title: str | None) -> list[int]:
    """``pick`` of sentences that are all distinct."""
    # news's own knapsack counts its tokens; a clause of Chinese is one: its order, and the budget counted here
    by_character = length.words is not None and language in _UNSPACED
    if algorithm == "news" and len(sentences) > 1 and not by_character:
        count = length.count(len(sentences))
        stops = news_stop_words(language)
        return news.pick(sentences, language=language, title=title, stops=stops, count=count, words=length.words)
    order = rank(sentences, language=language, algorithm=algorithm, title=title)
    return select(sentences, order, length, language=language)


def _distinct(sentences: Sequence[str]) -> list[int]:
    """The index of each text's first occurrence (spacing and case aside), in article order."""
    seen: set[str] = set()
    first = []
    for i, sentence in enumerate(sentences):
        key = _text_key(sentence)
        if key not in seen:
            seen.add(key)
            first.append(i)
    return first


def _text_key(sentence: str) -> str:
    """What makes two sentences the same text for a brief: spacing and case aside."""
    return " ".join(sentence.split()).casefold()


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
    with _collector_paused():
        return _rank(sentences, language, algorithm, title)


def _rank(sentences: Sequence[str], language: str, algorithm: str, title: str | None) -> list[int]:
    """``rank`` of a known algorithm."""
    n = len(sentences)
    if n <= 1 or algorithm == "lead":
        return list(range(n))
    if algorithm == "news":
        return news.order(sentences, language=language, title=title, stops=news_stop_words(language))
    if n <= CANDIDATES:
        scores = sumy_scores(sentences, algorithm, language, title)
        return sorted(range(n), key=lambda i: (-scores[i], i))
    cheap = news.score_sentences(sentences, language=language, title=title, stops=news_stop_words(language))
    by_cheap = sorted(range(n), key=lambda i: (-cheap[i], i))
    chosen = sorted(by_cheap[:CANDIDATES])
    scores = sumy_scores([sentences[i] for i in chosen], algorithm, language, title)
    head = sorted(range(len(chosen)), key=lambda k: (-scores[k], k))
    return [chosen[k] for k in head] + by_cheap[CANDIDATES:]


def select(sentences: Sequence[str], order: Sequence[int], length: Length, *, language: str = "fr") -> list[int]:
    """Take sentences from `order` (best first) until `length` is met; article order out.

    A sentence whose text repeats one already taken is passed over: it adds
    nothing to a brief. A fragment (fewer than ``FRAGMENT_WORDS`` words: a
    leftover of a false split, an interjection, a two-word question), or the
    last sentence of a quotation begun in an earlier one, is
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
        key = _text_key(sentences[i])
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
    """`order` with its fragments moved to the end (or left out when `drop` and anything else exists).

    The tail of a quotation begun in an earlier sentence (news.continues_quotation) counts as one.
    """
    # 15 spaced tokens hold 5 words unless 10 are bare punctuation: count words only below that
    short = {
        i
        for i in order
        if (i > 0 and news.continues_quotation(sentences[i]))
        or (
            language not in _UNSPACED
            and len(sentences[i].split()) < 3 * FRAGMENT_WORDS
            and word_count(sentences[i], language) < FRAGMENT_WORDS
        )
    }
    whole = [i for i in order if i not in short]
    if not whole or not short:
        return list(order)
    return whole if drop else whole + [i for i in order if i in short]


def word_count(text: str, language: str = "fr") -> int:
    """Words in `text` as the brief's word budget counts them: in Chinese and Japanese, written without
    spaces, each Han or kana character is one (as word processors count them), other words as split."""
    if language in _UNSPACED and _CJK_CHAR.search(text):
        return len(_CJK_CHAR.findall(text)) + len(split_words(_CJK_CHAR.sub(" ", text), language))
    return len(split_words(text, language))


_CJK_CHAR = re.compile("[" + "".join(f"{first}-{last}" for first, last in HAN_KANA_SPANS) + "]")
