"""Word frequencies from the `wordfreq` package, read lazily, for decisions a rule cannot make alone.

The structure stage asks two questions a regular expression cannot answer:
is "gouvernement" a word (so "gouver-\\nnement" was broken by a line end) and
is "hachoirPeu" one word (a brand such as "YouTube") or two glued ones? Both are
answered with wordfreq's lists (Robyn Speer; Wikipedia, subtitles, news, web
text; ~40 languages), never with a guess.

Why the files are read here instead of through ``import wordfreq``: importing
it costs ~90 ms (regex, langcodes, ftfy), the small list itself ~10 ms. The
files are wordfreq's documented "cBpack" format (gzip + msgpack: a header, then
lists of words by frequency in centibels), found through the installed package
without running its code. Nothing is downloaded: a language without a list,
or wordfreq not installed, gives an empty list and the rules stay cautious.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
from pathlib import Path

__all__ = ["zipf"]


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@functools.lru_cache(maxsize=16)
def _table(language: str, size: str) -> dict[str, int]:
    """word -> centibels below 1 (0 = every token); empty when there is no list."""
    folder = _data_dir()
    path = folder / f"{size}_{language}.msgpack.gz" if folder else None
    if path is None or not path.is_file():
        return {}
    import msgpack  # a dependency of wordfreq; imports in ~2 ms

    try:
        with gzip.open(path, "rb") as handle:
            data = msgpack.load(handle, raw=False)
    except (OSError, ValueError, msgpack.exceptions.ExtraData):
        return {}
    header = data[0] if data else None
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        return {}
    return {word: index for index, bucket in enumerate(data[1:]) for word in bucket}


def zipf(word: str, language: str, *, large: bool = False) -> float:
    """Zipf frequency (log10 per billion words; 3 = once per million, 7 = "the"); 0 if unknown.

    The small list (words seen at least once per million, ~30,000) loads in ~10 ms;
    ``large`` adds the long tail (~300,000 words, ~100-400 ms) and is only asked for
    when the small list cannot decide.
    """
    word = word.lower().replace("’", "'")
    index = _table(language, "small").get(word)
    if index is None and large:
        index = _table(language, "large").get(word)
    return 0.0 if index is None else 9.0 - index / 100.0
