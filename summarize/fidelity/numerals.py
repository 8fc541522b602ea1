"""Figures: each number of the source in the translation, read as fr/es/de or en write it; number words too."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


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
