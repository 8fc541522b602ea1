"""Shape: quotation marks, length ratio, n-gram loops, untranslated copy."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from summarize.fidelity.numerals import _WORD_RE
from summarize.fidelity.propernames import _knows, _zipf

_DOUBLE_QUOTES = '"«»“”„‟〝〞＂'
#: A single quotation mark that opens a quote (British style 'see'), not an apostrophe.
_SINGLE_OPEN_RE = re.compile(r"(?:^|(?<=[\s(]))['‘‚‹]\w")

#: Characters a language writes per English character, measured on NTREX-128 (first half of the
#: lines; eval/eval_fidelity.py --calibrate prints them).  Unknown languages count as 1.
LENGTH_FACTORS: dict[str, float] = {"en": 1.0, "fr": 1.17, "es": 1.14, "de": 1.18}

#: Bounds of translated/source length around the pair's expected ratio (same calibration, widened).
LENGTH_BOUNDS = (0.4, 2.1)

#: Sentences shorter than this (characters) are too short for the length ratio to say anything.
MIN_LENGTH = 40


def _tokens(text: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(text)]


#: Zipf frequency from which a doubled word is a real word (bonbon 3.5, couscous 2.6; thethe 1.4).
KNOWN_WORD = 2.5


def loops(text: str, lang: str = "", source: str = "") -> list[str]:
    """Repetitions a fluent writer does not make: "eacheach", "very very very", "of the of the".

    A word doubled inside itself counts unless wordfreq knows it (bonbon,
    couscous) or the source has it; a phrase repeated back to back (a word
    three times in a row, two short words three times, longer phrases twice)
    counts unless the source repeats itself back to back too ("seule est
    seule", "Lies, lies"); a phrase of three or four words counts when it
    comes back more often than any phrase of the source does.
    """
    words = _tokens(text)
    source_words = _tokens(source)
    found: list[str] = []
    for word in words:
        half = len(word) // 2
        doubled = len(word) >= 6 and len(word) % 2 == 0 and word[:half] == word[half:]
        if doubled and word not in source_words and not (_knows(lang) and _zipf(word, lang) >= KNOWN_WORD):
            found.append(word)
    if not _back_to_back(source_words, need_one=2, need_short=2):
        found.extend(_back_to_back(words, need_one=3, need_short=3))
    for n in (3, 4):
        grams = Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
        in_source = Counter(tuple(source_words[i : i + n]) for i in range(len(source_words) - n + 1))
        most = max(in_source.values(), default=1)
        found.extend(" ".join(g) for g, count in grams.items() if count >= 3 and count > most)
    return _shortest_units(list(dict.fromkeys(found)))


def _shortest_units(grams: list[str]) -> list[str]:
    """One report per loop: "people people" is left out when "people" is there, and "plan of the"
    when "the plan of" (the same loop read from another word) is."""
    keep: list[str] = []
    for gram in grams:
        words = gram.split()
        units = (other.split() for other in grams if other != gram)
        if any(len(words) % len(u) == 0 and words == u * (len(words) // len(u)) for u in units):
            continue
        rotations = {" ".join(words[i:] + words[:i]) for i in range(len(words))}
        if not rotations & set(keep):
            keep.append(gram)
    return keep


def _back_to_back(words: list[str], need_one: int, need_short: int) -> list[str]:
    """N-grams repeated back to back: a short word ``need_one`` times (a longer one twice), two
    short words ``need_short`` times ("de las de las" is Spanish), longer phrases twice."""
    found: list[str] = []
    for n in range(1, 7):
        for i in range(len(words) - n + 1):
            gram = words[i : i + n]
            if n == 1:
                need = 2 if len(gram[0]) >= 4 else need_one  # "immer immer", but "that that", "die die"
            else:
                need = need_short if n == 2 and max(map(len, gram)) <= 3 else 2
            if i + n * need > len(words):
                continue
            if all(words[i + k * n : i + (k + 1) * n] == gram for k in range(1, need)):
                found.append(" ".join(gram))
    return found


def check_quotes(source: str, translation: str) -> str | None:
    """A problem with double quotation marks: unbalanced where the source is balanced, or all dropped."""
    src = sum(source.count(q) for q in _DOUBLE_QUOTES)
    tgt = sum(translation.count(q) for q in _DOUBLE_QUOTES)
    if src % 2 == 0 and tgt % 2 == 1:
        return f"{tgt} quotation marks (source: {src})"
    if src >= 2 and tgt == 0 and not _SINGLE_OPEN_RE.search(translation):
        return f"quotation marks dropped (source: {src})"
    return None


def length_ratio(source: str, translation: str, source_lang: str, target_lang: str) -> float:
    """The translation's length over the length the pair normally gives (1.0 = as expected)."""
    expected = LENGTH_FACTORS.get(target_lang, 1.0) / LENGTH_FACTORS.get(source_lang, 1.0)
    return (len(translation.strip()) / max(len(source.strip()), 1)) / expected


def untranslated(source: str, translation: str, source_lang: str, target_lang: str) -> bool:
    """The translation is the source copied through: same plain words, four or more of them."""
    if source_lang == target_lang:
        return False
    src = [w for w in _WORD_RE.findall(source) if w[:1].islower()]
    tgt = [w for w in _WORD_RE.findall(translation) if w[:1].islower()]
    if len(src) < 4 or not tgt:
        return False
    copied = sum(1 for w in tgt if w in set(src)) / len(tgt)
    return copied >= 0.8 and abs(len(tgt) - len(src)) <= max(1, len(src) // 5)
