"""Words for ranking: stop words per language (sumy's lists, stopwords-iso's, the news scorer's) and sumy's stemmers.

Every list is lower case and read once per language; a language with no list
gets none (never another language's), and no stemmer is better than a crash.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import resources

from summarize.languages import SUMY_LANGUAGES


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
