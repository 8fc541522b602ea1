"""Shorter versions of a sentence, by dropping spans that punctuation sets apart.

A word budget (``--words``) is filled with whole sentences; a sentence that
carries an aside (an apposition between commas, a bracket, a dash-set
remark, an opening circumstance, a trailing comment) spends words the brief
could spend elsewhere. This module proposes the shorter versions;
``tools/compress_study.py`` measures whether a knapsack that may take them
makes a better brief (round 9 of eval/SUMMARIES.md: about +0.27 ROUGE-1 at
35 words, under the +0.3 bar, and a third of the changed briefs read badly:
punctuation cannot tell an aside from a main clause; not shipped, so it lives
in tools/, not in the package).

The spans are found by punctuation alone, so the rules hold in any language
that sets asides apart with commas, brackets and dashes. A span is never
dropped when it could carry the facts: a digit (a number, a date), a quotation
mark, a negation, an attribution ("selon X", "a-t-il déclaré", "according
to"), a condition or a concession ("si", "if", "unless", "malgré"), or inside
a quotation; those guards are short lists of cue words in a few languages
(``GUARDS``), a safety net, not what finds the spans (a number written in
words, or a verb of saying missing from the lists, is not caught). A version keeps at least
``MIN_WORDS`` words and its final punctuation, and starts with a capital when
the sentence did.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

#: The kinds of span, in the order they are tried.
KINDS: tuple[str, ...] = ("brackets", "dashes", "aside", "opening", "tail")
#: A shorter version keeps at least this many words (FRAGMENT_WORDS of the news scorer is 5).
MIN_WORDS = 6
#: The longest comma-set aside or opening dropped, in words (longer ones are likely a clause of the facts).
MAX_ASIDE = 12
MAX_OPENING = 5
#: A trailing span is dropped only when at least this many words stay before it.
MIN_HEAD = 8


def _cue_words(*lines: str) -> frozenset[str]:
    return frozenset(word for line in lines for word in line.split())


#: Cue words that keep a span: negation, attribution of a claim, condition and concession, in French,
#: English, Spanish, German, Italian and Portuguese. Lower case, matched as whole words.
GUARDS: frozenset[str] = _cue_words(
    # negation
    "ne n pas jamais rien aucun aucune ni non sans guère "
    "not no never nor none without nothing cannot "
    "nunca nada ningún ninguna ninguno sin tampoco "
    "nicht kein keine keinen keinem keiner keines nie niemals ohne weder nichts "
    "mai nessun nessuna nessuno senza niente nulla "
    "não nem nenhum nenhuma sem "
    # attribution of a claim or a quote
    "selon déclaré déclare affirmé affirme annoncé annonce expliqué explique indiqué indique estimé estime "
    "précisé précise assuré assure ajouté ajoute souligné souligne confié confie raconté raconte rapporté "
    "rapporte dit dixit prévenu prévient martelé martèle insisté insiste reconnu reconnaît admis admet "
    "according said says told stated claimed claims reported reports added explained warned insisted "
    "según dijo afirmó declaró explicó señaló aseguró indicó añadió "
    "laut zufolge sagte sagt erklärte erklärt betonte berichtete meinte "
    "secondo detto dichiarato affermato spiegato "
    "segundo disse afirmou declarou explicou "
    # condition, concession, exception
    "si s sauf malgré quoique pourtant "
    "if unless although though despite except "
    "aunque salvo pese excepto "
    "wenn falls obwohl außer trotz "
    "sebbene nonostante tranne "
    "embora apesar exceto",
)
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
#: A French inverted subject after a verb of saying ("a-t-il déclaré", "estime-t-elle"): an attribution.
_INVERSION = re.compile(r"-t-(?:il|elle|on|ils|elles)\b|\w-(?:il|elle|ils|elles)\b", re.IGNORECASE)
_QUOTES = frozenset('«»"“”„‹›')
_FINAL = ".!?…"
#: A comma that separates (followed by a space), not a decimal comma.
_COMMA = re.compile(r",\s")
_BRACKETS = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")
_DASHES = re.compile(r"\s[–—]\s[^–—]+?\s[–—](?=\s)")
#: Coordination that follows the last item of an enumeration ("A, B et C"): a comma span before it is an item.
_COORDINATION = _cue_words("et ou and or y o e und oder")


@dataclass(frozen=True)
class Cut:
    """A span of the sentence (character offsets) that a shorter version leaves out, and its kind."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Version:
    """A shorter version of a sentence: its text and the cuts that made it (kinds in KINDS)."""

    text: str
    cuts: tuple[Cut, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(sorted({cut.kind for cut in self.cuts}))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _quoted(sentence: str, position: int) -> bool:
    """Whether `position` lies inside a quotation (a quote is never shortened)."""
    before = sentence[:position]
    return before.count("«") > before.count("»") or before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _safe(span: str) -> bool:
    """Whether a span can go without changing the facts: no digit, quote, negation, attribution, condition."""
    if any(ch.isdigit() for ch in span) or any(ch in _QUOTES for ch in span):
        return False
    if _INVERSION.search(span) or "d'après" in span.lower() or "d’après" in span.lower():
        return False
    words = _words(span.replace("’", "'").replace("'", " "))
    return GUARDS.isdisjoint(words) and not any(part in GUARDS for w in words for part in w.split("-"))


def cuts(sentence: str) -> list[Cut]:
    """Every span a shorter version of `sentence` may leave out (none inside a quotation)."""
    return [cut for cut in _cuts(sentence) if not _quoted(sentence, cut.start)]


def _cuts(sentence: str) -> list[Cut]:
    found: list[Cut] = []
    for match in _BRACKETS.finditer(sentence):
        if _safe(match.group()):
            found.append(Cut(match.start(), match.end(), "brackets"))
    for match in _DASHES.finditer(sentence):
        if _safe(match.group()):
            found.append(Cut(match.start(), match.end(), "dashes"))
    body = sentence.rstrip()
    final = len(body) - len(body.rstrip(_FINAL))  # the closing punctuation stays
    end = len(body) - final
    commas = [m.start() for m in _COMMA.finditer(sentence) if m.start() < end and not _inside(found, m.start())]
    if not commas:
        return found
    spans = list(itertools.pairwise([-1, *commas, end]))  # the comma-separated parts, as (comma before, comma after)
    lengths = [len(_words(sentence[a + 1 : b])) for a, b in spans]
    aside = False
    for k in range(1, len(spans) - 1):  # an aside: between two commas ("X, apposition, verb …")
        a, b = spans[k]
        span, size = sentence[a:b], lengths[k]
        names = all(w[:1].isupper() for w in sentence[a + 1 : b].split())  # a list of names, not an aside
        after = _words(sentence[b + 1 : b + 40])[:1]
        enumeration = size <= 3 and (
            names or lengths[k - 1] <= 3 or lengths[k + 1] <= 3 or bool(set(after) & _COORDINATION)
        )
        # "opening, main clause, tail" has the same commas: an aside is shorter than what follows it
        if 2 <= size <= min(MAX_ASIDE, lengths[k + 1]) and not enumeration and _safe(span):
            # "subject, apposition, verb" loses both commas; "X, Y, aside, Z" keeps the one that closes Y
            found.append(Cut(a, b + 1, "aside") if k == 1 else Cut(a, b, "aside"))
            aside = aside or k == 1
    a, b = spans[0]
    opening = sentence[: b + 1]
    # "X, Y, Z" may be "subject, apposition, verb": the opening goes only before a clause too long to be an aside
    clause = len(spans) == 2 or lengths[1] > MAX_ASIDE
    if (
        clause
        and not aside
        and 1 <= lengths[0] <= MAX_OPENING
        and _safe(opening)
        and sum(lengths[1:]) >= max(MIN_WORDS, 2 * lengths[0])
    ):
        found.append(Cut(0, b + 2, "opening"))
    for parts in (1, 2):  # a tail: the last part, or the last two, after a head long enough to stand alone
        if len(spans) <= parts:
            break
        a, b = spans[-parts][0], spans[-1][1]
        tail, size = sentence[a:b], sum(lengths[-parts:])
        if lengths[-1] >= 3 and sum(lengths[:-parts]) >= max(MIN_HEAD, size) and _safe(tail):
            found.append(Cut(a, b, "tail"))
    return found


def _inside(cuts: list[Cut], position: int) -> bool:
    return any(cut.start <= position < cut.end for cut in cuts)


def apply(sentence: str, chosen: tuple[Cut, ...]) -> str:
    """The sentence without the chosen spans: spaces tidied, a capital restored, the final stop kept."""
    kept: list[str] = []
    position = 0
    for cut in sorted(chosen, key=lambda c: c.start):
        if cut.start < position:  # overlapping cuts: the first one wins
            continue
        kept.append(sentence[position : cut.start])
        kept.append(" " if cut.kind in ("aside", "dashes") else "")
        position = cut.end
    kept.append(sentence[position:])
    text = re.sub(r"\s+([,.;:!?…])", r"\1", re.sub(r"\s{2,}", " ", "".join(kept))).strip()
    if sentence[:1].isupper() and text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


def versions(sentence: str, *, limit: int = 8) -> list[Version]:
    """Shorter versions of `sentence`: each cut alone, then every cut together, then pairs, up to `limit`.

    A version under MIN_WORDS words is left out; so is one equal to another.
    """
    found = cuts(sentence)
    if not found:
        return []
    chosen: list[tuple[Cut, ...]] = [(cut,) for cut in found]
    if len(found) > 1:
        chosen.append(tuple(found))
        chosen += [pair for pair in itertools.combinations(found, 2) if len(found) > 2]
    out: list[Version] = []
    seen = {sentence.strip()}
    for group in chosen:
        text = apply(sentence, group)
        if text in seen or len(_words(text)) < MIN_WORDS:
            continue
        seen.add(text)
        out.append(Version(text, group))
        if len(out) >= limit:
            break
    return out
