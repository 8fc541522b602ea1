"""Boundaries lost by scrapers put back: "hachoirPeu avant midi", "?par franceinfoCe jour-là", "sociaux.20% des"."""

from __future__ import annotations

import re
from collections.abc import Callable

from summarize.structure.patterns import _FINAL_OK, _LOWER, _UPPER, _Lazy, _squash
from summarize.structure.records import Furniture

# The cut is before the capital each match starts with: after a lower-case letter (and before a lower-case
# letter, an apostrophe, a hyphen or a space), after two capitals or after a year (before a lower-case letter).
# Matching the capital first lets the regex engine skip every other character (seven times faster on a long
# text than matching the letter before it); two cuts are never adjacent, so consuming it loses none.
_GLUE = _Lazy(
    rf"[{_UPPER}](?:(?<=[{_LOWER}][{_UPPER}])(?=[{_LOWER}'’-]|\s)|(?<=[{_UPPER}]{{3}})(?=[{_LOWER}])"
    rf"|(?<=(?:1[89]|20)\d\d[{_UPPER}])(?=[{_LOWER}]))"
)
_TEASER = _Lazy(
    rf"(?P<par>par )(?P<src>(?:[\w'’&]+ ){{0,3}}?[\w'’&]*?(?:[{_LOWER}]|[{_UPPER}]{{2}}))(?=[{_UPPER}][{_LOWER}'’])"
)
_GLUED_ITEM = _Lazy(rf"- (?=[{_UPPER}])")  # 'secrétaires d'Etat :- Sophie Cluzel, ...- Jean'
_FIGURE = _Lazy(r"\.(?=\d)")  # a literal first: the regex engine scans for it fast
_URLISH = _Lazy(r"://|www\.|@|#|\.(?:com|fr|org|net|de|es|it|pt|co|io|gov|eu|info|be|ch)\b", re.IGNORECASE)
_ABBREVIATIONS = frozenset(
    [
        "art",
        "no",
        "nos",
        "nr",
        "fig",
        "figs",
        "vol",
        "chap",
        "pp",
        "tel",
        "tél",
        "ch",
        "sec",
        "ca",
        "env",
        "min",
        "max",
        "réf",
        "ref",
        "ed",
        "éd",
        "op",
        "p",
    ]
)
_SENTENCE_END = _Lazy(r"[.!?…]\s?[\"»”’)]*\s*")
# Script residue inside a scraped paragraph: "window.pvp_x = new Pvp(...{...});", "=11pt" (a lost style)
_INLINE_SCRIPT = _Lazy(r"(?:window\.|document\.|googletag\.|\bvar \w+ ?=)[^\n]*?(?:\}\s*\)\s*;|\)\s*;|$)")
_STYLE_RESIDUE = _Lazy(r"\s*=\d+(?:pt|px)\s*")


def _token_bounds(text: str, i: int) -> tuple[int, int]:
    s = i
    while s > 0 and (text[s - 1].isalpha() or text[s - 1] in "'’-"):
        s -= 1
    e = i
    while e < len(text) and (text[e].isalpha() or text[e] in "'’-"):
        e += 1
    return s, e


def _chunk(text: str, s: int, e: int) -> str:
    a = text.rfind(" ", 0, s) + 1
    b = text.find(" ", e)
    return text[a : b if b >= 0 else len(text)]


def _words_to_end(text: str, start: int) -> int:
    m = re.search(r"[.!?…]", text[start : start + 300])
    return len(text[start : start + (m.start() if m else 300)].split())


def _span_start(text: str, end: int) -> int:
    """Start of the run of text that ends at ``end``, after the last sentence end before it."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, end):
        start = m.end()
    return start


#: Languages that write every noun with a capital: there, a capital after a name is no sign of a new sentence.
_NOUNS_CAPITALISED = frozenset({"de", "lb"})


def _opens_sentences(word: str, language: str) -> bool:
    """A function word that begins sentences in the language ("Die", "Laut"), as its sentence rules list them."""
    from summarize.boundaries import rules_for

    rules = rules_for(language)
    head = re.split(r"['’]", word)[0]
    return rules is not None and (word in rules.starters or head in rules.starters or f"{head}'" in rules.starters)


def _written_again(text: str, s: int, e: int) -> bool:
    """Whether the word text[s:e] stands elsewhere in ``text`` as a word of its own: a lost boundary
    ("FranceLa") joins two words once, by accident; a name made of two (EgyptAir) comes back."""
    word = text[s:e]
    at = text.find(word)
    while at >= 0:
        after = text[at + len(word) : at + len(word) + 1]
        if at != s and not text[at - 1 : at].isalnum() and not (after.islower() or after.isdigit()):
            return True  # its own word, or glued to a capital in turn ("EgyptAirLe vol")
        at = text.find(word, at + 1)
    return False


def _is_glued(text: str, i: int, lang: Callable[[], str | None]) -> bool:
    """Is the lower->Upper join at ``i`` two glued sentences ("hachoirPeu") rather than one word ("YouTube")?"""
    s, e = _token_bounds(text, i)
    apostrophe = max(text.rfind("'", s, i), text.rfind("’", s, i))
    w = apostrophe + 1 if 0 <= apostrophe - s <= 2 else s  # "d'EgyptAir": the word after l', d', qu'
    if text[w].islower():
        s = w  # "l'iPhone", "d'eBay": the names iPhone and eBay, not a heading's last word "l'i"
    left, right = text[s:i], text[i:e]
    if text[i - 1].isdigit():  # "dans les années 1980Mgr Cattenoz a précisé"
        return not _URLISH.search(_chunk(text, i - 4, e)) and _words_to_end(text, i) >= 3
    if _URLISH.search(_chunk(text, s, e)) or len(left) < 2:
        return False  # a URL, a handle; iPhone, eBay
    end = next((j for j in range(i + 2, e) if text[j].isupper() and text[j - 1].islower()), e)
    if _written_again(text, w, end):
        return False  # a name the article writes again, whole: EgyptAir, ByteDance, easyJet
    head = re.split(r"['’-]", right)[0]
    if left.isupper() and right[:1].isupper() and right[1:] == "s":
        return False  # an acronym's plural: MWPs, NGOs, CEOs
    if len(head) == 1 and (right.endswith("-") or text[e : e + 1].isdigit()):
        return False  # a code or a name with a capital inside: SARS-CoV-2, B52
    from summarize.wordlists import zipf

    language = lang() or "fr"
    word = text[w:end].replace("’", "'")
    if zipf(word, language) or (language != "en" and zipf(word, "en")):
        return False  # a known word: YouTube, LinkedIn, McDonald's
    span = text[_span_start(text, s) : i]
    right_freq = zipf(head, language) if head != right or "'" not in right else 7.0
    if left[0].islower():  # a heading's last word, not "inOui" or "iPhone"
        return len(left) >= 3 and (right_freq >= 5.0 or _words_to_end(text, i) >= 2)
    if left.isupper():  # "UNE ATTAQUE AU HACHOIRPeu", "par BFMTVLes"
        return right_freq >= 3.0 or _words_to_end(text, i) >= 2
    if len(left) <= 3:
        return False  # McCann, DeGeneres, TikTok
    # "aux États-UnisCes" (a heading) or "AstraZeneca", "FireEye" (a name). Before a comma, a sentence
    # opens with a common word ("MarseilleMardi, le préfet"); a name goes on ("MoveOn, «", "BlackRock, le"),
    # and a wrong cut would drop the start of its sentence as a heading.
    if text[e : e + 1] == "," and (len(head) < 3 or right_freq < 4.6):
        return False
    if language in _NOUNS_CAPITALISED and not _opens_sentences(right, language):
        return False  # German "BlackRock", "SoftBank": a noun has a capital there, a sentence's start is no clue
    return len(span.split()) >= 2 and ("," not in span or right_freq >= 6.0) and right_freq >= 3.6


def _unglue(paragraph: str, lang: Callable[[], str | None]) -> tuple[list[str], list[Furniture]]:
    """Put back the boundaries a scraper lost; returns the pieces and what was taken out."""
    removed: list[Furniture] = []
    text = paragraph
    if "=" in text and ("window." in text or "document." in text or "googletag" in text or "var " in text):
        for m in _INLINE_SCRIPT.finditer(text):
            removed.append(Furniture("script", m.group(0).strip()))
        text = _INLINE_SCRIPT.sub("\n", text)
    if "pt" in text and "=" in text:
        text = _STYLE_RESIDUE.sub("\n", text)

    if "par " in text:
        text = _cut_teasers(text, lang, removed)
    if "- " in text:
        text = _cut_glued_items(text)
    if "." in text:
        text = _FIGURE.sub(lambda m: ". " if _figure_boundary(text, m.start()) else ".", text)
    if _GLUE.search(text):
        cuts = [m.start() for m in _GLUE.finditer(text) if _is_glued(text, m.start(), lang)]
        if cuts:
            parts = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=False)]
            text = "\n".join(parts)
    out: list[str] = []
    for piece in text.split("\n"):
        piece = piece.strip()
        if not piece:
            continue
        if "\n" in text and piece is not text:
            head, heading = _trailing_heading(piece)
            if heading:
                removed.append(Furniture("subheading", heading))
                piece = head
        if piece:
            out.append(piece)
    return out, removed


def _cut_teasers(text: str, lang: Callable[[], str | None], removed: list[Furniture]) -> str:
    """Take out "Related story?par franceinfo" teasers glued into the text (added to ``removed``)."""
    pieces = []
    last = 0
    for m in _TEASER.finditer(text):
        if not m.start() or text[m.start() - 1].isspace() or not _looks_glued_source(m.group("src")):
            continue  # "?par franceinfo": glued to what comes before
        end = m.start("par")
        start = _teaser_start(text[last:end], lang()) + last
        pieces.append(text[last:start])
        removed.append(Furniture("related", _squash(text[start:end] + " par " + m.group("src"))))
        last = m.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "\n".join(p for p in pieces if p.strip())


def _looks_glued_source(src: str) -> bool:
    """'franceinfo', 'Non Stop People', 'BFMTV', "L'Obs": a few words, the first a name."""
    words = src.split()
    return 1 <= len(words) <= 4 and (
        words[0][0].isupper() or words[0][0].isdigit() or (words[0].islower() and len(words) == 1)
    )


def _teaser_start(before: str, language: str | None) -> int:
    """The video teaser's title is the last sentence before "par <source>"."""
    from summarize.segment import split_sentences

    if not before.strip():
        return 0
    last = split_sentences(before, language or "fr")
    if not last:
        return 0
    found = before.rfind(last[-1])
    return found if found >= 0 else 0


def _cut_glued_items(text: str) -> str:
    """Each glued list item on a line of its own; one dash after a letter is a compound with a stray
    space ("Trinité-et- Tobago", "Warren- Wählerschaft"), not a list."""
    items = [m.start() for m in _GLUED_ITEM.finditer(text) if _glued_item(text, m.start())]
    if len(items) == 1 and text[items[0] - 1].isalpha():
        return text
    for dash in reversed(items):
        text = f"{text[:dash]}\n- {text[dash + 2 :]}"
    return text


def _glued_item(text: str, dash: int) -> bool:
    """'secrétaires d'Etat :- Sophie Cluzel, ...- Jean-Baptiste': a list item glued to the text before it."""
    before = text[dash - 1 : dash]
    return bool(before) and (before.isalpha() or before in ")]:")


def _figure_boundary(text: str, dot: int) -> bool:
    """'sociaux.20% des' is two sentences; 'www.site20.fr', 'art.3', 'v1.2' are not."""
    if not text[max(0, dot - 2) : dot].isalpha() or dot < 2:
        return False
    s, _ = _token_bounds(text, dot)
    word = text[s:dot]
    chunk = _chunk(text, s, dot + 1)
    if _URLISH.search(chunk) or word.lower() in _ABBREVIATIONS or len(word) < 2:
        return False
    return not re.match(r"\d+\.[^\W\d_]", text[dot + 1 : dot + 12])  # '.3.fr'


def _trailing_heading(piece: str) -> tuple[str, str | None]:
    """A piece that ended where a lost sub-heading began: 'adjoint.Une attaque au hachoir' -> heading."""
    if piece[-1] in _FINAL_OK or piece[-1] in ",":
        return piece, None
    start = _span_start(piece, len(piece))
    heading = piece[start:].strip()
    heading = heading.lstrip("•►▶■▪ ")
    if (
        not heading
        or not (heading[0].isupper() or heading[0].isdigit() or heading[0] in "«\"“'")
        or len(heading.split()) > 20
        or ("," in heading and len(heading.split()) > 12)
    ):
        return piece, None
    if start == 0 and heading == piece.strip():
        return "", heading
    return piece[:start].strip(), heading
