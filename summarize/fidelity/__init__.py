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

import dataclasses
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summarize.memory import Memory
    from summarize.results import Translation

from summarize.fidelity.numerals import Figure, check_figures, figures
from summarize.fidelity.propernames import check_names, names
from summarize.fidelity.shape import LENGTH_BOUNDS, MIN_LENGTH, check_quotes, length_ratio, loops, untranslated

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


__all__ = [
    "KINDS",
    "MIN_LENGTH",
    "Check",
    "Figure",
    "check",
    "check_brief",
    "check_figures",
    "check_names",
    "check_quotes",
    "check_sentence",
    "describe",
    "figures",
    "length_ratio",
    "loops",
    "names",
    "untranslated",
]
