"""Fidelity flags: say when a machine translation may be wrong.

Machine translation drops, changes and invents figures and names, and it
loops ("eacheach", the same phrase three times) on text it cannot handle.
Each check compares one translated sentence with its *source* sentence (the
original, not a pivot) and returns ``Check`` records; nothing here edits a
translation.  Every rule leans towards silence: a false alarm costs the
reader's trust, so an ambiguous case is let through.

- figures: every number of the source is in the translation, read with any
  of the conventions fr/es/de ("1.134", "3,5") or en ("1,134", "3.5") allow,
  number words ("trois mille" = 3,000) and scale words ("1,5 million" =
  1,500,000) understood; a figure the source lacks is "figure_added".
- names: a capitalised word inside the source sentence counts as a name when
  `wordfreq` says it is about as common in the target language as in the
  source (Tom, Paris, Kremlin) or rare in the source (Ouchakov); words much
  more common in the source language (Maison, Dieu, Monday) are common words a
  translator translates.  A name is found when a translated word spells it
  closely enough (Mary/Maria, Poutine/Putin, Moscou/Moscow).
- shape: quotation marks, length ratio, n-gram loops, untranslated copy.

``wordfreq`` is imported lazily; without it (or for a language it does not
know) the name check is skipped, never guessed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import functools
import importlib.util
import json
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summarize.memory import Memory
    from summarize.results import Translation

#: Every kind a check may have, most serious first (README, "Fidelity flags").
KINDS = ("figure_missing", "figure_added", "name_missing", "loop", "untranslated", "length", "quotes")


@dataclass(frozen=True)
class Check:
    """One flag on one translated sentence (``sentence`` is its 0-based position in the brief)."""

    sentence: int
    kind: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "kind": self.kind, "detail": self.detail}


# --------------------------------------------------------------------------
# Figures

#: Digits with optional grouping: "1 500 000" (space, no-break or narrow no-break), "1.134,5", "3,5", "2026".
_NUMBER_RE = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d]|[.,]\d{3})(?:,\d+)?|\d+(?:[.,]\d+)*")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SEP_RE = re.compile(r"[.,]")
_TIME_RE = re.compile(r"\s?(?:h\b|h\d|:\d|[ap]\.?m\b|uhr\b)", re.IGNORECASE)
#: Roman numerals of centuries and reigns ("XIXe siècle", "siglo XIX", "Louis XIV"): matched, never flagged.
_ROMAN_RE = re.compile(r"\b([IVXLC]{2,}|[IVX])(?:e|er|ème|es)?\b")

#: Scale words after a figure ("1,5 milliard") in the four languages we have word lists for.
_SCALES: dict[str, tuple[float, ...]] = {
    **dict.fromkeys(("thousand", "thousands", "mille", "millier", "milliers", "mil", "tausend", "k"), (1e3,)),
    **dict.fromkeys(
        ("million", "millions", "millón", "millones", "millon", "mio", "millionen", "m", "mn"),
        (1e6,),
    ),
    **dict.fromkeys(("milliard", "milliards", "milliarde", "milliarden", "mrd", "bn"), (1e9,)),
    # "billion" is 10^9 in English and 10^12 in French, Spanish ("billón") and German.
    **dict.fromkeys(("billion", "billions", "billones", "billón", "billionen"), (1e9, 1e12)),
}


def _counted(units: str, teens: str, tens: str, **extra: int) -> dict[str, int]:
    """Number words from three space-separated lists: 0–12, 13–20, and 30, 40, … (as far as given)."""
    words = {w: i for i, w in enumerate(units.split())}
    words.update({w: 13 + i for i, w in enumerate(teens.split())})
    words.update({w: 30 + 10 * i for i, w in enumerate(tens.split())})
    words.update(extra)
    return words


#: Number words (0–20, tens, hundred) so that "trois mille" and "3,000" agree.
_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": _counted(
        "zero one two three four five six seven eight nine ten eleven twelve",
        "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty",
        "thirty forty fifty sixty seventy eighty ninety",
        hundred=100,
        dozen=12,
    ),
    "fr": _counted(
        "zéro un deux trois quatre cinq six sept huit neuf dix onze douze",
        "treize quatorze quinze seize dix-sept dix-huit dix-neuf vingt",
        "trente quarante cinquante soixante",
        une=1,
        cent=100,
        cents=100,
        douzaine=12,
        demie=30,  # "deux heures et demie" = 2:30
        quart=15,
    ),
    "es": _counted(
        "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce",
        "trece catorce quince dieciséis diecisiete dieciocho diecinueve veinte",
        "treinta cuarenta cincuenta sesenta setenta ochenta noventa",
        un=1,
        una=1,
        cien=100,
        ciento=100,
        docena=12,
        media=30,  # "las dos y media" = 2:30
        cuarto=15,
    ),
    "de": _counted(
        "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf",
        "dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig",
        "dreißig vierzig fünfzig sechzig siebzig achtzig neunzig",
        ein=1,
        eine=1,
        einen=1,
        hundert=100,
        dutzend=12,
    ),
}


@dataclass(frozen=True)
class Figure:
    """A number as written (``text``) and every value its spelling allows."""

    text: str
    values: frozenset[float]


def _key(value: float) -> float:
    return round(value, 6)


def _readings(token: str) -> set[float]:
    """Values a digit string may mean: "1.134" is 1134 (fr/es/de) or 1.134 (en); "3,5" is 3.5."""
    token = re.sub(r"[ \u00a0\u202f]", "", token)
    seps = _SEP_RE.findall(token)
    if not seps:
        return {float(token)}
    groups = _SEP_RE.split(token)
    values: set[float] = set()
    kinds = set(seps)
    if len(kinds) == 1:
        if 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
            values.add(float("".join(groups)))  # thousands grouping
        if len(seps) == 1:
            values.add(float(f"{groups[0]}.{groups[1]}"))  # decimal mark
    else:
        decimal = seps[-1]
        thousands = (kinds - {decimal}).pop()
        if seps.count(decimal) == 1:
            whole, frac = token.rsplit(decimal, 1)
            parts = whole.split(thousands)
            if 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
                values.add(float("".join(parts) + "." + frac))
    return values


def figures(text: str, lang: str = "") -> list[Figure]:
    """Numbers in ``text``: digit strings (every reading), scaled by a following word, and number words."""
    found: list[Figure] = []
    for match in _NUMBER_RE.finditer(text):
        raw = match.group()
        values = _readings(raw)
        if not values:  # "1.5.2020": a date or a code; its parts are the figures
            found.extend(Figure(part, frozenset({float(part)})) for part in _SEP_RE.split(raw) if part)
            continue
        after = text[match.end() : match.end() + 16]
        word = re.match(r"\s*([^\W\d_]+)", after)
        scaled = set(values)
        if word and word.group(1).lower() in _SCALES:
            scaled |= {v * s for v in values for s in _SCALES[word.group(1).lower()]}
        if _TIME_RE.match(after):  # a time: "4.40 am" is "4:40", "14h30" may be "2:30 pm"
            scaled |= {float(part) for part in _SEP_RE.split(raw) if part}
            scaled |= {v - 12 for v in list(scaled) if 13 <= v <= 23}
            if re.match(r"\s?p\.?m\b", after, re.IGNORECASE):
                scaled |= {v + 12 for v in list(scaled) if 1 <= v <= 11}
        found.append(Figure(raw, frozenset(_key(v) for v in scaled)))
    found.extend(_word_figures(text, lang))
    found.extend(Figure(m.group(), frozenset({float(_roman(m.group(1)))})) for m in _ROMAN_RE.finditer(text))
    return found


def _roman(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(numeral):
        value = values[ch]
        total += -value if i + 1 < len(numeral) and values[numeral[i + 1]] > value else value
    return total


def _word_figures(text: str, lang: str) -> list[Figure]:
    """Runs of number words ("trois mille", "two hundred"), valued like digits."""
    units = _NUMBER_WORDS.get(lang)
    if not units:
        return []
    out: list[Figure] = []
    run: list[str] = []
    total = current = 0.0
    seen = False

    def flush() -> None:
        nonlocal total, current, seen, run
        if seen:
            out.append(Figure(" ".join(run), frozenset({_key(total + current)})))
        total = current = 0.0
        seen = False
        run = []

    for word in _WORD_RE.findall(text):
        low = word.lower()
        if low in units and units[low] == 100:
            current = max(current, 1.0) * 100
        elif low in units:
            current += units[low]
        elif low in _SCALES and seen:
            total += max(current, 1.0) * _SCALES[low][0]
            current = 0.0
        else:
            flush()
            continue
        seen = True
        run.append(word)
    flush()
    return out


def _flaggable(fig: Figure) -> bool:
    """Digit figures only (number words and numerals just help matching), and not "00" of "4:00"."""
    return fig.text[:1].isdigit() and fig.values != {0.0}


def check_figures(source: str, translation: str, source_lang: str = "", target_lang: str = "") -> list[tuple[str, str]]:
    """(kind, detail) for each source figure not in the translation, and each new one there."""
    src = figures(source, source_lang)
    tgt = figures(translation, target_lang)
    left_src, left_tgt = _unmatched(src, tgt)
    problems = [("figure_missing", fig.text) for fig in left_src if _flaggable(fig)]
    problems += [("figure_added", fig.text) for fig in left_tgt if _flaggable(fig)]
    return problems


def _unmatched(src: list[Figure], tgt: list[Figure]) -> tuple[list[Figure], list[Figure]]:
    """Pair figures one-to-one (a figure written twice must be there twice): digits with
    digits first, then with number words; what is left on each side has no partner."""
    left_src, left_tgt = list(src), list(tgt)
    for digits_only in (True, False):
        for fig in list(left_src):
            for other in left_tgt:
                if digits_only and not (fig.text[:1].isdigit() and other.text[:1].isdigit()):
                    continue
                if fig.values & other.values:
                    left_src.remove(fig)
                    left_tgt.remove(other)
                    break
    return left_src, left_tgt


# --------------------------------------------------------------------------
# Names

#: A word written in a language that capitalises every noun (German) is no name by its capital.
_NOUN_CAPITALS = frozenset({"de", "lb"})

#: How much more common (wordfreq Zipf units) a word may be in the source language than in
#: the target and still count as a shared name (Paris: fr 5.7, en 4.8).
NAME_MARGIN = 1.0

#: Below this Zipf frequency in the source language, a capitalised inner word is a name (Ouchakov).
RARE = 2.5

#: In German (nouns capitalised), only words rarer than this in the source can be names.
NOUN_LANGUAGE_RARE = 3.5

#: How closely a translated word starting with the same letter must spell a name (difflib ratio:
#: Mary/Maria 0.67, Poutine/Putin 0.83); any word at 0.8 or more counts too.
_SIMILAR = 0.6
_OPENERS = "\"'«“„‘‚‹([{¿¡—–-:;"


#: wordfreq's list: "large" knows rarer words but takes 0.45 s to load per language, "small" 0.03 s.
WORDLIST = "large"


@functools.lru_cache(maxsize=1)
def _wordfreq_data() -> Path | None:
    """wordfreq's data folder, found without importing wordfreq (its import and a list's load take ~0.8 s)."""
    try:
        spec = importlib.util.find_spec("wordfreq")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "data"
    return folder if folder.is_dir() else None


@functools.lru_cache(maxsize=32)
def _knows(lang: str) -> bool:
    data = _wordfreq_data()
    return data is not None and (data / f"{WORDLIST}_{lang}.msgpack.gz").is_file()


@functools.lru_cache(maxsize=32)
def _table(lang: str) -> Any:
    """A read-only SQLite copy of wordfreq's list for ``lang`` (word → Zipf), made once in the cache folder.

    Reading wordfreq's own file costs ~0.45 s a language on every run; an indexed
    lookup of the few capitalised words of a brief costs microseconds.  The copy's
    name carries the source file's size and time, so a wordfreq upgrade makes a new
    one.  Without a writable cache folder, wordfreq's dictionary is used directly.
    """
    import sqlite3

    from summarize.detect import cache_dir

    data = _wordfreq_data()
    assert data is not None
    source = data / f"{WORDLIST}_{lang}.msgpack.gz"
    stat = source.stat()
    path = cache_dir() / f"wordfreq-{WORDLIST}-{lang}-{stat.st_size}-{int(stat.st_mtime)}.sqlite3"
    try:
        if not path.exists():
            _build_table(path, lang)
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error):
        import wordfreq

        return wordfreq.get_frequency_dict(lang, WORDLIST)


def _build_table(path: Path, lang: str) -> None:
    import math
    import sqlite3
    import tempfile

    import wordfreq

    freqs = wordfreq.get_frequency_dict(lang, WORDLIST)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".sqlite3")
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        conn.execute("CREATE TABLE zipf (word TEXT PRIMARY KEY, zipf REAL NOT NULL) WITHOUT ROWID")
        rows = ((w, round(math.log10(f) + 9, 2)) for w, f in freqs.items() if f > 0)
        conn.executemany("INSERT OR IGNORE INTO zipf VALUES (?, ?)", rows)
        conn.commit()
        conn.close()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@functools.lru_cache(maxsize=65536)
def _zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency of ``word`` (0 when unknown): NFC, case-folded, as wordfreq keys its lists."""
    table = _table(lang)
    key = unicodedata.normalize("NFC", word).casefold()
    if isinstance(table, dict):
        freq = table.get(key, 0.0)
        return round(math.log10(freq) + 9, 2) if freq > 0 else 0.0
    row = table.execute("SELECT zipf FROM zipf WHERE word = ?", (key,)).fetchone()
    return float(row[0]) if row else 0.0


def _inner_capitalised(sentence: str) -> list[str]:
    """Capitalised words that do not start the sentence, a quote or a clause after a colon."""
    words: list[str] = []
    previous_end = -1
    for match in _WORD_RE.finditer(sentence):
        word = match.group()
        before = sentence[max(previous_end, 0) : match.start()].strip()
        initial = previous_end < 0 or (before and before[-1] in _OPENERS + ".!?…")
        previous_end = match.end()
        if initial or not word[0].isupper() or len(word) < 2 or word.isupper():
            continue  # acronyms are left alone: many are translated (OTAN/NATO, UE/EU)
        if sentence[match.end() : match.end() + 1] == "." and len(word) <= 4:
            continue  # a title or abbreviation: Rev., Sr., Sens.
        words.extend(part for part in re.split(r"[-'’]", word) if part[:1].isupper() and len(part) >= 2)
    return words


def names(sentence: str, source_lang: str, target_lang: str) -> list[str]:
    """Capitalised words of ``sentence`` that a translation into ``target_lang`` would keep."""
    if not (_knows(source_lang) and _knows(target_lang)):
        return []
    all_words = _WORD_RE.findall(sentence)
    if len(all_words) >= 4 and sum(w[:1].isupper() for w in all_words) >= 0.6 * len(all_words):
        return []  # a headline in Title Case: capitals say nothing
    lowered = {w.lower() for w in all_words if w[:1].islower()}
    out: list[str] = []
    for word in _inner_capitalised(sentence):
        if word.lower() in lowered or word in out:
            continue  # also written in lower case here: a common word
        in_source, in_target = _zipf(word, source_lang), _zipf(word, target_lang)
        shared = in_target >= in_source - NAME_MARGIN and in_target > 0
        rare = in_source < RARE
        if source_lang in _NOUN_CAPITALS:  # every noun has a capital: only rare words shared with the target
            shared, rare = shared and in_source < NOUN_LANGUAGE_RARE, False
        if shared or rare:
            out.append(word)
    return out


#: Spellings that differ between transliterations (Iouri/Yuri, Ouchakov/Ushakov, Tchekhov/Chekhov).
_TRANSLITERATION = (
    ("tch", "ch"),
    ("ou", "u"),
    ("sch", "sh"),
    ("ch", "sh"),
    ("y", "i"),
    ("j", "i"),
    ("k", "c"),
    ("ph", "f"),
)


def _fold(word: str) -> str:
    """Lower case, no accents, one spelling for sounds transliterations spell differently."""
    text = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))
    for old, new in _TRANSLITERATION:
        text = text.replace(old, new)
    return text


def _spelled(name: str, words: Iterable[str]) -> bool:
    """True when a word spells ``name`` closely: equal, one a prefix of the other, or similar."""
    target = _fold(name)
    for word in words:
        other = _fold(word)
        if other == target:
            return True
        if min(len(other), len(target)) >= 4 and (other.startswith(target) or target.startswith(other)):
            return True
        if len(target) >= 4 and target in other:  # inside a compound: Korea / nordkoreanischen
            return True
        ratio = difflib.SequenceMatcher(None, target, other).ratio()
        if ratio >= 0.8 or (ratio >= _SIMILAR and other[:1] == target[:1]):
            return True
    return False


def check_names(source: str, translation: str, source_lang: str, target_lang: str) -> list[str]:
    """Names of the source that no word of the translation spells."""
    words = [p for w in _WORD_RE.findall(translation) for p in re.split(r"[-'’]", w) if p]
    return [name for name in names(source, source_lang, target_lang) if not _spelled(name, words)]


# --------------------------------------------------------------------------
# Shape

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


# --------------------------------------------------------------------------
# All checks


def check_sentence(index: int, source: str, translation: str, source_lang: str, target_lang: str) -> list[Check]:
    """Every flag for one translated sentence, in ``KINDS`` order."""
    if not source.strip():
        return []
    if not translation.strip():
        return [Check(index, "length", "empty translation")]
    out = [Check(index, kind, detail) for kind, detail in check_figures(source, translation, source_lang, target_lang)]
    out.extend(
        Check(index, "name_missing", name) for name in check_names(source, translation, source_lang, target_lang)
    )
    out.extend(Check(index, "loop", gram) for gram in loops(translation, target_lang, source))
    if untranslated(source, translation, source_lang, target_lang):
        out.append(Check(index, "untranslated", f"copied from {source_lang}"))
    elif len(source.strip()) >= MIN_LENGTH:
        ratio = length_ratio(source, translation, source_lang, target_lang)
        low, high = LENGTH_BOUNDS
        if not low <= ratio <= high:
            out.append(Check(index, "length", f"{ratio:.2f}× the usual length"))
    quotes = check_quotes(source, translation)
    if quotes:
        out.append(Check(index, "quotes", quotes))
    return out


def check(sources: Sequence[str], translations: Sequence[str], source_lang: str, target_lang: str) -> list[Check]:
    """Flags for a list of translated sentences aligned one-to-one with their sources."""
    if source_lang == target_lang:
        return []
    out: list[Check] = []
    for i, (source, translation) in enumerate(zip(sources, translations, strict=True)):
        out.extend(check_sentence(i, source, translation, source_lang, target_lang))
    return out


#: Bumped when the rules change, so that remembered flags of older rules are not served.
RULES_VERSION = "1"


def checked(
    translation: Translation, sources: Sequence[str], source_lang: str, memory: Memory | None = None
) -> Translation:
    """``translation`` with its ``checks`` filled in; with a memory, each sentence's flags are remembered
    (a repeated brief then needs neither a model nor the word lists)."""
    target = translation.target
    if source_lang == target:
        return translation
    pairs = list(zip(sources, translation.sentences, strict=True))
    if memory is None:
        flags = check(sources, translation.sentences, source_lang, target)
    else:

        def compute(keys: list[str]) -> list[str]:
            out = []
            for key in keys:
                source, text = key.split("\0", 1)
                out.append(
                    json.dumps([[c.kind, c.detail] for c in check_sentence(0, source, text, source_lang, target)])
                )
            return out

        found = memory.translate(
            [f"{s}\0{t}" for s, t in pairs], f"fidelity/{RULES_VERSION}", f"{source_lang}>{target}", compute
        )
        flags = [Check(i, kind, detail) for i, value in enumerate(found) for kind, detail in json.loads(value)]
    return dataclasses.replace(translation, checks=flags)


def check_brief(brief: Any) -> dict[str, list[Check]]:
    """Flags of every translation of a ``Brief``, checked against the summary's source sentences."""
    sources = [s.text for s in brief.summary.sentences]
    lang = brief.source.language
    return {
        target: check(sources, translation.sentences, lang, target)
        for target, translation in brief.translations.items()
    }


def describe(checks: Sequence[Check]) -> str:
    """A short human summary: "2 flags (figure_missing 1, loop 1)"."""
    counts = Counter(c.kind for c in checks)
    kinds = ", ".join(f"{kind} {counts[kind]}" for kind in KINDS if counts[kind])
    return f"{len(checks)} flag{'s' if len(checks) != 1 else ''} ({kinds})"


__all__ = ["KINDS", "Check", "check", "check_brief", "check_sentence", "describe", "figures", "loops", "names"]
