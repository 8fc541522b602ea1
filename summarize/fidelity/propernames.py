"""Names: a capitalised word the target would keep, found spelled closely enough in the translation."""

from __future__ import annotations

import contextlib
import difflib
import functools
import importlib.util
import math
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

from summarize.fidelity.numerals import _WORD_RE

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
