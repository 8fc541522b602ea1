"""Split stage: sentences and words, offline, for news in the languages it claims.

Claimed languages (``claimed_languages()``): fr en es de it pt nl ru pl ro ca uk, each
with ``data/sentences-LANG.txt``.  Figures from eval/eval_segment.py (details and
the other splitters in eval/SEGMENT.md): UD French-GSD dev boundary F1 0.996
(sentencex 0.978, punkt 0.989); UD de/es/it/nl/pt/ro/ru 0.988-0.999; NTREX line-end
recall 0.997-0.999 in en/fr/es/de (sentencex 0.85-0.87).

Why this shape: sentencex (Wikimedia; Rust, ~300 languages) never splits inside what
it takes for an open quote, so a quotation of several sentences stayed one sentence
outside French.  In a claimed language every ``. ! ? …`` run is proposed and judged
by explicit rules; other languages keep sentencex's boundaries, plus the same rules
for glued ones (``AFP."Il``):

* what follows: lower case, ``,`` or a glued digit is no start (but a plain word,
  not an abbreviation, then ". il" is: lower-case starts in web and agency copy);
* what precedes: titles (``M. Dr. Sr. Dl.``), abbreviations by behaviour (prefixes
  such as ``cf. vgl.`` end a sentence only before a function word; finals such as
  ``etc. usw.`` before any capital; ``Nr. art.`` not before a digit; ``г. r. p.m.``
  after a number end it), initials and dotted acronyms unless a function word
  follows, German-style ordinals (``am 12. Spieltag``), ``km/h.`` and ``Smith’a.``;
* where quotes go: closing ones (« » ” ’, German “ ‘, a quote glued to the stop)
  stay with their sentence; straight quotes by spacing, else by parity.

The abbreviation lists are ours per language plus the Moses non-breaking prefixes
that the ``sentence-splitter`` package ships (its data only; it is never imported).
Plain ``re``; nothing downloaded; ~0.6 ms per OrangeSum article.
"""

from __future__ import annotations

import re

from summarize.boundaries import ALNUM, CLOSERS, GENERIC, INTERTITLE, TERMINAL, Paragraph, claimed_languages, rules_for
from summarize.languages import code_of as language_code
from summarize.languages import name_of as language_name

__all__ = [
    "Tokenizer",
    "claimed_languages",
    "language_code",
    "language_name",
    "normalize",
    "split_sentences",
    "split_words",
]

# --- normalisation ---------------------------------------------------------------

# each becomes a plain space (the common ones first: French copy is full of no-break spaces)
_ODD_SPACES = "\u00a0\u202f\u2009\u2007\u200a\t\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\u1680"
_INVISIBLE = "\u200b\ufeff"  # dropped
# Rarer characters, found with one search: line and page breaks that are not "\n" (pdftotext's form
# feed, U+2028/U+2029) end a line or a paragraph; control characters (terminal escapes), soft hyphens,
# word joiners and direction marks are dropped. Zero-width (non-)joiners stay: they shape Persian and
# Indic words.
_BREAKS = {"\x0b": "\n", "\x0c": "\n", "\x1c": "\n", "\x1d": "\n", "\x1e": "\n", "\x85": "\n", "\u2028": "\n"}
_BREAKS["\u2029"] = "\n\n"
_STRAY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f]")
_SPACE_RUN = re.compile(r" {2,}")
_SPACE_AT_EOL = re.compile(r" *\n *")


def normalize(text: str) -> str:
    """Make spacing uniform so rules see one kind of space; letters, quotes and dashes stay as typed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ch in _ODD_SPACES:  # one str.replace each, and only when there: a regex pass costs ~20x more
        if ch in text:
            text = text.replace(ch, " ")
    for ch in _INVISIBLE:
        if ch in text:
            text = text.replace(ch, "")
    if _STRAY.search(text):
        text = _STRAY.sub(lambda m: _BREAKS.get(m.group(), ""), text)
    if "  " in text:  # text is often normalised twice (the pipeline, then the splitters)
        text = _SPACE_RUN.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _SPACE_AT_EOL.sub("\n", text)
    return text.strip(" ")


def _sentencex_ends(text: str, lang: str) -> list[int] | None:
    """End offsets (trailing spaces dropped) of sentencex's sentences; None if it is not installed."""
    try:
        import sentencex  # ~1-8 ms, and French never needs it
    except ImportError:
        return None

    ends = []
    for item in sentencex.get_sentence_boundaries(lang, text):
        end = int(item["end_index"])
        while end > 0 and text[end - 1].isspace():
            end -= 1
        ends.append(end)
    return ends


def _split_paragraph(text: str, lang: str) -> list[str]:
    rules = rules_for(lang)
    runs, kept_cuts = _proposed_runs(text, lang, claimed=rules is not None)
    cuts = set(kept_cuts)
    titles = [m.span() for m in INTERTITLE.finditer(text)]
    for a, b in titles:
        cuts.update((a, b))  # an intertitle stands alone
    para = Paragraph(text, rules or GENERIC)
    sentence_start = 0
    passed = 0  # intertitles (sorted, apart) that end at or before the run: one walk, not a scan per run
    for s in sorted(runs):
        e = runs[s]
        while passed < len(titles) and titles[passed][1] <= s:
            sentence_start = max(sentence_start, titles[passed][1])
            passed += 1
        if passed < len(titles) and titles[passed][0] <= s:
            continue  # inside an intertitle
        if s < sentence_start:
            continue
        if text[s - 1 : s] in ("(", "[") and text[e : e + 1] in (")", "]"):
            continue  # "(...)": words left out of a quotation
        if not ALNUM.search(text, sentence_start, s):
            continue  # "(...)" or "—" alone is not a sentence: it goes with the next one
        cut = para.cut_after(e)
        if para.is_boundary(s, e, cut, sentence_start):
            cuts.add(cut)
            sentence_start = cut
    return _pieces(text, sorted(cuts))


def _proposed_runs(text: str, lang: str, *, claimed: bool) -> tuple[dict[int, int], list[int]]:
    """(start -> end of each punctuation run to judge, cuts to keep as they are).

    Claimed languages: every run.  Others: glued runs, and sentencex's boundaries
    (those our rules do not know, 。 ؟, kept); without sentencex, every run.
    """
    runs: dict[int, int] = {}
    for m in TERMINAL.finditer(text):
        s, e = m.span()
        if claimed or (e < len(text) and not text[e].isspace()):
            runs[s] = e
    kept_cuts: list[int] = []
    library = None if claimed else _sentencex_ends(text, lang)
    if not claimed and library is None:  # without sentencex, judge every run with the generic rules
        runs.update((m.start(), m.end()) for m in TERMINAL.finditer(text))
    for end in library or ():
        if end >= len(text):
            continue
        j = end
        while j > 0 and text[j - 1] in CLOSERS + '"':
            j -= 1
        i = j  # the punctuation run ending at j, read backwards (not a search through text[:j])
        while i > 0 and text[i - 1] in ".!?…":
            i -= 1
        if i < j:
            runs[i] = j
        elif not (text[end - 1] in _CJK_CLOSERS and "\u3041" <= text[end] <= "\u309f"):
            kept_cuts.append(end)  # a boundary our rules do not know (。 ؟ …): trust it (not 「…。」と述べた)
    return runs, kept_cuts


#: Closing brackets of Chinese and Japanese quotations; hiragana after one (と, って) goes on the sentence.
_CJK_CLOSERS = "」』）〉》】"


def _pieces(text: str, cuts: list[int]) -> list[str]:
    """The sentences between the cuts; a piece with no letter or digit ("—", "(...)") joins the next one."""
    out: list[str] = []
    pending = ""
    prev = 0
    for cut in [*cuts, len(text)]:
        piece = text[prev:cut].strip()
        prev = cut
        if not piece:
            continue
        piece = f"{pending} {piece}" if pending else piece
        if ALNUM.search(piece):
            out.append(piece)
            pending = ""
        else:
            pending = piece
    if pending:
        if out:
            out[-1] = f"{out[-1]} {pending}"
        else:
            out.append(pending)
    return out


def split_sentences(text: str, language: str = "fr") -> list[str]:
    """Sentences of `text` in order, stripped, none empty. Paragraph breaks (newlines) are always boundaries."""
    lang = language_code(language)
    out: list[str] = []
    for paragraph in normalize(text).split("\n"):
        if paragraph.strip():
            out.extend(_split_paragraph(paragraph.strip(), lang))
    return out


# --- words -----------------------------------------------------------------------

_ELISIONS = {
    "fr": r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)'",
    "it": r"(?:[ldcmnst]|dell|dall|nell|sull|all|coll|quest|quell|un|bell|sant|cent)'",
}
_FR_WHOLE = r"aujourd'hui|prud'hom\w*|presqu'îles?|quelqu'une?s?|entr'\w+"
_NUMBER = r"\d+(?:[.,]\d+)*(?:[^\W\d_]+\d*)?"  # 2,5  2.600  1er  10h30
_WORD = r"[^\W\d_][^\W_]*(?:[-'][^\W_]+)*"  # porte-parole, a-t-il, O'Brien, Covid-19
_WORD_RES: dict[str, re.Pattern[str]] = {}


def _word_re(lang: str) -> re.Pattern[str]:
    if lang not in _WORD_RES:
        _WORD_RES[lang] = re.compile(_word_pattern(lang), re.IGNORECASE)
    return _WORD_RES[lang]


def _word_pattern(lang: str, *, guards: bool = True) -> str:
    """Whole words and elisions with an apostrophe first (French, Italian), then numbers and words.

    The guards are lookaheads that only skip what cannot match, so the tokens
    are the same without them (a test checks it): every token starts with a
    letter or digit, every apostrophe form with 1 to 7 letters and an
    apostrophe. They save a third of the time of splitting a long text.
    """
    special = []
    if lang == "fr":
        special.append(_FR_WHOLE)
    if lang in _ELISIONS:
        special.append(_ELISIONS[lang] + r"(?=[^\W\d_])")
    if not guards:
        return "|".join([*special, _NUMBER, _WORD])
    first = [r"(?=[^\W\d_]{1,7}')(?:" + "|".join(special) + ")"] if special else []
    return r"(?=[^\W_])(?:" + "|".join([*first, _NUMBER, _WORD]) + ")"


def split_words(text: str, language: str = "fr") -> list[str]:
    """Word tokens for ranking (no punctuation tokens)."""
    text = normalize(text).replace("’", "'").replace("ʼ", "'")
    return _word_re(language_code(language)).findall(text)


# --- sumy ------------------------------------------------------------------------


class Tokenizer:
    """What sumy's parsers call instead of its NLTK-backed tokenizer (which needs punkt data)."""

    def __init__(self, language: str = "fr") -> None:
        self._code = language_code(language)
        self.language: str = language_name(language)

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph, self._code))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(split_words(sentence, self._code))
