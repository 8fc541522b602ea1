"""Whether a punctuation run ends a sentence: each claimed language's rules, and the judge that applies them.

The rules are read from ``data/sentences-LANG.txt`` plus the Moses non-breaking
prefixes that ``sentence-splitter`` ships (data only, never imported);
``segment`` proposes the runs and cuts where ``Paragraph.is_boundary`` says.
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
import os
import re

# --- sentence rules --------------------------------------------------------------

TERMINAL = re.compile(r"[.!?…]+")
_OPENERS = "«“\"„‚'([{¿¡—–‘•►▶■›‹"  # may start a sentence before its first word
CLOSERS = "»”)]}’"  # may follow the final punctuation and belong to the sentence
_LOWER_START = re.compile(r"[^\W\d_]")
ALNUM = re.compile(r"[^\W_]")
_NOT_A_START = ",;:.!?…%/" + CLOSERS
_VOWEL = re.compile("[aeiouyàâäéèêëîïôöùûüáíóúåæøœаеёиоуыэюяіїєąęó]")
_TOKEN_TAIL = re.compile(r"[^'’\"«»“”(\[{—–•/]*$")  # the word before the full stop: l'AFP, "M, -M
_CUT_MARK = re.compile(r"[(\[](?:\.\.\.|…)[)\]] ?")  # "(...)" marks a cut in a quotation
_GLUED_CAPS = re.compile(r"[^\W\d_]{2,}\b")
# AFP intertitles glued into the copy: 'annonce.- Appel à attendre -Dès le décès'. The dash comes first
# and is looked behind (after the start or a final mark): the regex engine then skips to each dash, 20x faster.
INTERTITLE = re.compile(r"-(?<![^.!?…\"»]-) [^-\n]{1,80}? -(?=[^\W\d_]|[«\"“])")
_WORD_AHEAD = re.compile(r"[^\W\d_]+['’]?")
_LETTERS = re.compile(r"[^\W\d_]+")
_DOMAIN_NEXT = re.compile(r"[\w-]+\.(?:[a-z]{2,6})\b")
_DOUBLED = re.compile(r"([A-ZÀ-ÖØ-Þ])\1")  # a capital written twice: EE, UU, FF, AA
_DOTTED = re.compile(r"(?:[^\W\d_]{1,4}\.-?)+[^\W\d_]{1,4}(?:-[^\W\d_]{1,4})?")  # S.N.C.F  J.-C  c.-à-d  z.B
_GLUED_CLOSERS = "“‘'"  # close when glued to the full stop and followed by a space
_NUMBER_BEFORE = re.compile(r"(?:\d|\b[IVXLC]+)\s*$")  # "2020 г." "XIX в." (the token before)
_ENUMERATOR = re.compile(r"\W*(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,5}|[^\W\d_])")  # "1." "IV." "a." alone


@functools.cache
def _time_zones() -> frozenset[str]:
    """Time zone abbreviations (EDT, GMT, CEST, JST) as the system's IANA time zone data names them, and the
    generic US zones news copy writes after a time (ET, PT): "at 2 p.m. EDT, was" goes on. ~70 ms, once."""
    import datetime
    import zoneinfo

    names = {"ET", "CT", "MT", "PT"}
    for zone in zoneinfo.available_timezones():
        try:
            tz = zoneinfo.ZoneInfo(zone)
        except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
            continue
        for month in (1, 7):
            name = datetime.datetime(2024, month, 15, tzinfo=tz).tzname()
            if name and name.isalpha() and name.isupper():
                names.add(name)
    return frozenset(names)


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --- per-language data -------------------------------------------------------------
#
# Each claimed language has summarize/data/sentences-LANG.txt (hand-written, reasons in
# summarize/data/README.md): titles, abbreviations by how they behave before the next
# word, and the function words that start sentences.  The Moses non-breaking prefix
# lists shipped by the `sentence-splitter` package (maintained, 24 languages) add
# coverage as plain prefixes; the package is never imported, only its data read.

_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
_KEYS = (
    "titles", "prefixes", "finals", "numeric", "after_number", "starters", "after_acronym", "closers", "openers",
    "ordinals",
)  # fmt: skip


class _Rules:
    """How a full stop behaves after a word, in one language.

    titles: a name follows (Dr. Müller): never a boundary.
    prefixes: something follows (vgl., cf.): a boundary only before a sentence starter.
    finals: may end a sentence (etc., usw.): a boundary before a capital, not before a digit.
    numeric: a number follows (Nr. 5, art. 3): no boundary before a digit, else as finals.
    after_number: after a number it is a unit or a year (2020 г., 2019 r., 5 p.m.): a boundary
        before a capital; elsewhere a prefix (г. Москва).
    starters: function words that begin sentences and are no one's name.
    closers: quote marks that close a quotation in this language besides » ” ’ (German “ ‘ «).
    openers: quote marks that open one besides « “ „ (German »Text«).
    ordinals: "am 12. Spieltag": a number with a full stop is an ordinal unless a starter follows.
    """

    titles: frozenset[str]
    titles_lower: frozenset[str]
    prefixes: frozenset[str]
    finals: frozenset[str]
    numeric: frozenset[str]
    after_number: frozenset[str]
    starters: frozenset[str]
    after_acronym: frozenset[str]
    closers: str
    openers: str
    ordinals: bool

    __slots__ = ("after_acronym", "after_number", "closers", "finals", "numeric", "openers", "ordinals", "prefixes",
                 "starters", "titles", "titles_lower")  # fmt: skip

    def __init__(self, **fields: object) -> None:  # a plain class: dataclasses would cost ~15 ms of import
        for name in self.__slots__:
            setattr(self, name, fields[name])


def _read_sections(path: str) -> dict[str, list[str]]:
    """'key: words' lines; indented lines continue the key above; '#' starts a comment."""
    out: dict[str, list[str]] = {}
    key = ""
    with open(path, encoding="utf-8") as file:
        lines = file.read().splitlines()
    for raw in lines:
        line = raw.split(" #", 1)[0].rstrip() if not raw.startswith("#") else ""
        if not line.strip():
            continue
        if not line[0].isspace() and ":" in line:
            key, _, line = line.partition(":")
            key = key.strip()
            if key not in _KEYS:
                raise ValueError(f"{os.path.basename(path)}: unknown key {key!r}")
        out.setdefault(key, []).extend(line.split())
    return out


def _moses_prefixes(lang: str) -> tuple[set[str], set[str]]:
    """(prefixes, numeric-only) from sentence-splitter's Moses lists, read without importing it."""
    try:
        spec = importlib.util.find_spec("sentence_splitter")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return set(), set()
    path = os.path.join(os.path.dirname(spec.origin), "non_breaking_prefixes", f"{lang}.txt")
    if not os.path.isfile(path):
        return set(), set()
    prefixes: set[str] = set()
    numeric: set[str] = set()
    with open(path, encoding="utf-8") as file:
        lines = file.read().splitlines()
    for raw in lines:
        line = raw.lstrip("\ufeff").strip()
        if not line or line.startswith("#"):
            continue
        word, _, flag = line.partition("#")
        word = word.strip()
        # One letters, Roman numerals and numbers have rules of their own (initials, ordinals).
        if " " in word or len(word) < 2 or word.isdigit() or (word.isupper() and "." not in word):
            continue
        numeric_only = "NUMERIC_ONLY" in flag or word.lower() in _NUMERIC_ONLY
        (numeric if numeric_only else prefixes).add(word.lower())
    return prefixes, numeric


#: Words of the Moses lists' "English, but global" block that are abbreviations only before a number:
#: "No. 5", but "Dijo que no. Juan llegó." (Moses's own English list marks "No" so).
_NUMERIC_ONLY = frozenset({"no"})


_RULES: dict[str, _Rules | None] = {}


def rules_for(lang: str) -> _Rules | None:
    """The rules of a claimed language (cached), or None: then sentencex proposes the boundaries."""
    if lang not in _RULES:
        path = os.path.join(_DATA, f"sentences-{lang}.txt")
        if not os.path.isfile(path):
            _RULES[lang] = None
            return None
        common = _read_sections(os.path.join(_DATA, "sentences-all.txt"))
        own = _read_sections(path)

        def words(key: str, lower: bool = False) -> frozenset[str]:
            found = common.get(key, []) + own.get(key, [])
            return frozenset(w.lower() for w in found) if lower else frozenset(found)

        moses, moses_numeric = _moses_prefixes(lang)
        finals, numeric, after_number = words("finals", True), words("numeric", True), words("after_number", True)
        titles = words("titles")
        prefixes = (words("prefixes", True) | moses) - finals - numeric - after_number - {t.lower() for t in titles}
        _RULES[lang] = _Rules(
            titles=titles,
            titles_lower=frozenset(t.lower() for t in titles if len(t) > 1),
            prefixes=prefixes,
            finals=finals,
            numeric=numeric | (moses_numeric - prefixes - finals),
            after_number=after_number,
            starters=words("starters"),
            after_acronym=words("after_acronym"),
            closers="".join(own.get("closers", [])),
            openers="".join(own.get("openers", [])),
            ordinals=own.get("ordinals", ["no"]) == ["yes"],
        )
    return _RULES[lang]


def claimed_languages() -> list[str]:
    """Languages whose sentence rules ship with summarize (others get sentencex plus generic rules)."""
    names = (name[len("sentences-") : -len(".txt")] for name in os.listdir(_DATA) if name.startswith("sentences-"))
    return sorted(name for name in names if name != "all")


GENERIC = _Rules(
    titles=_set("Mr Mrs Ms Dr Prof St"),
    titles_lower=_set("mr mrs ms dr prof st"),
    prefixes=frozenset(),
    finals=_set("etc"),
    numeric=_set("no nr"),
    after_number=frozenset(),
    starters=_set("The This He She It They We I But And In"),
    after_acronym=frozenset(),
    closers="",
    openers="",
    ordinals=False,
)


def _is_word(text: str, k: int) -> bool:
    """A word starts at k, not an all-caps code ("JPG", "UN"): "Selon", "L'", "A b", "Затем"."""
    m = _LETTERS.match(text, k)
    if m is None:
        return False
    word, after = m.group(0), text[m.end() : m.end() + 1]
    return any(ch.islower() for ch in word[1:]) or (len(word) == 1 and (after in "'’" or after.isspace()))


def _starts_sentence(word: str, rules: _Rules, after_acronym: bool) -> bool:
    """A function word that begins a sentence and is no one's name."""
    word = word.replace("’", "'")
    head = word.split("'")[0] + "'" if "'" in word else word
    if word in rules.starters or head in rules.starters:
        return True
    return after_acronym and (word in rules.after_acronym or head in rules.after_acronym)


class Paragraph:
    """One paragraph and the rules that decide whether a punctuation run ends a sentence."""

    def __init__(self, text: str, rules: _Rules) -> None:
        self.text = text
        self.rules = rules
        self.closers = "".join(ch for ch in CLOSERS + rules.closers if ch not in rules.openers)
        self.openers = _OPENERS + rules.openers
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
        the French space in "fin. »"); opening ones go with the next sentence.  A
        quote mark glued to the full stop and followed by a space closes in every
        language ('.“ Er' in German, ".' He" in English).
        """
        text, n, i = self.text, len(self.text), end
        while i < n:
            j = i + 1 if text[i] == " " and i + 1 < n else i
            ch = text[j]
            closes = ch in self.closers or (ch == '"' and self._quote_closes(j)) or ch in ".!?…"
            if closes or (j == i and ch in _GLUED_CLOSERS and (j + 1 >= n or not ALNUM.match(text, j + 1))):
                i = j + 1
            else:
                break
        while i < n and text[i] == " ":
            i += 1
        return i

    def _plain_word(self, bare: str) -> bool:
        """A word of 4+ letters (lower case or a name) with a vowel that no list knows: no abbreviation."""
        rules = self.rules
        lower = bare.lower()
        return (
            len(bare) >= 4
            and bare.isalpha()
            and (bare.islower() or bare.istitle())
            and _VOWEL.search(lower) is not None
            and not any(lower in words for words in (rules.prefixes, rules.finals, rules.numeric, rules.after_number))
            and lower not in rules.titles_lower
        )

    def is_boundary(self, start: int, end: int, cut: int, sentence_start: int) -> bool:
        """Does the punctuation text[start:end] end a sentence, the next one starting at cut?"""
        text = self.text
        if cut >= len(text):
            return False
        glued = cut == end or not any(ch == " " for ch in text[end:cut])
        closed = cut > end and any(not ch.isspace() and ch not in ".!?…" for ch in text[end:cut])
        k, cut_mark = self._first_word(cut)
        if k >= len(text):
            return False
        punct = text[start:end]
        token = text[max(text.rfind(" ", sentence_start, start) + 1, sentence_start) : start]
        verdict = self._by_what_follows(k, end, punct, token, glued, closed or cut_mark)
        if verdict is not None:
            return verdict
        if glued and self._glued_goes_on(start, end, k, token):
            return False
        if punct != ".":
            return True  # ! ? … and "..." end sentences before a capital or a digit
        tail = _TOKEN_TAIL.search(token)
        bare = tail.group(0).lstrip("-") if tail else ""  # l'AFP -> AFP, "M -> M, -M -> M
        if closed or not bare:
            return True  # "ex.)", "prétexte".", ")." : an abbreviation cannot be inside here
        if _DOUBLED.fullmatch(bare) and _DOUBLED.match(text, k) and text[k + 2 : k + 3] == ".":
            return False  # "EE. UU.", "FF. AA.": a plural abbreviation in two parts (Spanish, Catalan)
        return self._after_full_stop(bare, token, self._word_at(k), text[sentence_start:start], text[k], glued)

    def _first_word(self, cut: int) -> tuple[int, bool]:
        """Where the next word starts, past opening quotes, dashes, bullets and "(...)"; and whether "(...)" was met."""
        text, k, n = self.text, cut, len(self.text)
        cut_mark = False
        while k < n:
            mark = _CUT_MARK.match(text, k)
            if mark:
                k, cut_mark = mark.end(), True
            elif text[k] in self.openers or text[k] == " " or (text[k] == "-" and text[k + 1 : k + 2] == " "):
                k += 1
            elif text[k : k + 2] == ",,":  # Dutch low quote typed as two commas
                k += 2
            else:
                break
        return k, cut_mark

    def _word_at(self, k: int) -> str:
        """The word at k; an initial keeps its full stop ("A. Smith"), never the starter "A"."""
        word_m = _WORD_AHEAD.match(self.text, k)
        word = word_m.group(0) if word_m else self.text[k]
        return word + "." if len(word) == 1 and self.text[k + 1 : k + 2] == "." else word

    def _by_what_follows(self, k: int, end: int, punct: str, token: str, glued: bool, closed: bool) -> bool | None:
        """The verdict the next character gives on its own (lower case, a comma, a symbol), else None."""
        text, nxt = self.text, self.text[k]
        if nxt.isdigit():
            # 2.600, 3.5, v1.2 (but 'fermer."250 cas' is two sentences)
            return False if glued and k == end else None
        if (nxt in _NOT_A_START and nxt not in self.rules.openers) or text[k : k + 3] == "-- ":
            return False  # « C'est fini ! », dit-il ; etc.) ; 13 чел. / км2
        if not _LOWER_START.match(nxt):
            return not glued  # a symbol (€, #, @): trust the space
        if nxt.islower():
            # « Bon ? » dit-il ; etc. et ; J.-C. par ; but "... last night. you know": a plain
            # word (not a known abbreviation) then a full stop and a space ends the sentence.
            return punct == "." and not (glued or closed) and self._plain_word(token)
        return None

    def _glued_goes_on(self, start: int, end: int, k: int, token: str) -> bool:
        """With no space after the stop: a file name, a code, a URL or a domain goes on."""
        text, rules = self.text, self.rules
        caps = _GLUED_CAPS.match(text, k)
        after_word = text[start - 1 : start].islower() or text[start - 1 : start] in '"»”)'
        headline = caps is not None and caps.group(0).isupper() and after_word  # 'associations.EDF ne'
        title = (caps is not None and caps.group(0) in rules.titles) or text[k : k + 2] == "M."
        if not text[k].isdigit() and not _is_word(text, k) and not headline and not title:
            return True  # 10.JPG, l'ISS.UN
        if k == end and (token.startswith("www.") or "://" in token or "@" in token):
            return True  # a URL goes on: www.Lemonde.fr
        return k == end and _DOMAIN_NEXT.match(text, k) is not None  # Franceinfo.Fr, Lemonde.Fr

    def _after_full_stop(self, bare: str, token: str, word: str, before: str, nxt: str, glued: bool) -> bool:
        """A full stop after the word ``bare``, before a capital or a digit: titles, abbreviations, initials."""
        rules = self.rules
        if _ENUMERATOR.fullmatch(before.strip()):
            return False  # "1. Le" at the start of a list item
        lower = "" if bare.isupper() and len(bare) > 1 else bare.lower()  # "CA." is an acronym, not "ca."
        if bare in rules.titles or (len(bare) > 1 and bare.lower() in rules.titles_lower):
            return False  # "Dr. Müller", "il sig. Rossi" (but "3 m. Il" is metres, not "M. Il")
        unit = len(bare) == 1 and bare.islower() and not glued  # "a las 10.30 h. Asistirán", "400 m. Es": no initial
        if (lower in rules.after_number or unit) and _NUMBER_BEFORE.search(before, 0, len(before) - len(token)):
            # "в 2020 г. Затем", "w 2019 r. Potem", "at 1 p.m. However"; but "В 1812 г. Наполеон": a
            # preposition (or nothing), a number and its unit are no sentence; "at 2 p.m. EDT, was": a time zone
            return not nxt.isdigit() and len(before.split()) > 3 and not (word.isupper() and word in _time_zones())
        if nxt.isdigit():
            known = any(lower in words for words in (rules.prefixes, rules.finals, rules.numeric, rules.after_number))
            return not (known or (len(bare) == 1 and bare.isalpha()) or _DOTTED.fullmatch(bare) is not None)
        initial = len(bare) == 1 and bare.isupper()  # "Т. Г. Шевченко", whatever "т." abbreviates
        if not initial and (lower in rules.finals or lower in rules.numeric):
            return True  # "usw. Die", "Nr. Sie": a capital after them starts a sentence
        if bare.isdigit():  # "am 12. Spieltag" is an ordinal where they are written so
            return not rules.ordinals or len(bare) > 3 or _starts_sentence(word, rules, after_acronym=False)
        if len(bare) == 1 and bare.isalpha():
            if len(token) > 1 and (token[-2] == "/" or (token[-2] in "'’" and token[-3:-2].isalpha())):
                return True  # "km/h." and "Smith’a." are no initials
            return _starts_sentence(word, rules, after_acronym=False)  # J. K. Rowling ; Louis I. Il
        if _DOTTED.fullmatch(bare):
            return _starts_sentence(word, rules, after_acronym=True)  # S.N.C.F. ; 52 av. J.-C. Il
        if lower in rules.prefixes or lower in rules.after_number:  # cf. Le Monde; but glued 'pour vol.Les deux'
            return glued or _starts_sentence(word, rules, after_acronym=False)
        return True
