"""Language detection with langdetect, deterministic and quick to start.

langdetect parses 55 JSON profiles on first use (about 0.45 s), more than
the whole budget of a CLI run. The parsed profiles are kept in a compact
sparse cache (``marshal``) in the user's cache folder and expanded lazily,
n-gram by n-gram, so later runs load them in a few milliseconds. The seed
is fixed so that the same text always gives the same answer.
"""

from __future__ import annotations

import array
import functools
import marshal
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarize.atomic import write_atomic
from summarize.errors import LanguageDetectionError
from summarize.languages import check_code as check_language

__all__ = ["Detection", "check_language", "detect_language", "known_languages"]

#: Below this many letters langdetect's guess is not worth much.
MIN_LETTERS = 20
#: Below this probability we refuse to guess and ask for ``--from``.
MIN_PROBABILITY = 0.80
#: Detection reads at most this many characters: the opening of an article
#: is as telling as the whole, and cost grows with length.
SAMPLE_CHARS = 1000

_PAIR = struct.Struct("<Bd")


@dataclass(frozen=True)
class Detection:
    language: str
    probability: float
    detected: bool = True


def cache_dir() -> Path:
    """Where summarize keeps derived data that can always be rebuilt."""
    base = os.environ.get("SUMMARIZE_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "summarize"


class _LazyProbMap(dict[str, "list[float] | int"]):
    """ngram -> per-language probabilities, unpacked from one blob on first access."""

    def __init__(self, keys: str, offsets: bytes, blob: bytes, languages: int) -> None:
        super().__init__(zip(keys.split("\n"), range(len(offsets) // 4 - 1), strict=False))
        self._offsets = array.array("I", offsets)
        self._blob = blob
        self._languages = languages

    def __getitem__(self, key: str) -> list[float]:
        value = dict.__getitem__(self, key)
        if isinstance(value, int):
            dense = [0.0] * self._languages
            chunk = self._blob[self._offsets[value] : self._offsets[value + 1]]
            for index, prob in _PAIR.iter_unpack(chunk):
                dense[index] = prob
            dict.__setitem__(self, key, dense)
            return dense
        return value


_Packed = tuple[list[str], str, bytes, bytes]


def _profiles_version() -> str:
    from importlib.metadata import version

    return version("langdetect")


def _build_packed() -> _Packed:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    keys: list[str] = []
    offsets = array.array("I", [0])
    chunks: list[bytes] = []
    size = 0
    for ngram, probs in factory.word_lang_prob_map.items():
        chunk = b"".join(_PAIR.pack(i, p) for i, p in enumerate(probs) if p)
        keys.append(ngram)
        chunks.append(chunk)
        size += len(chunk)
        offsets.append(size)
    return list(factory.langlist), "\n".join(keys), offsets.tobytes(), b"".join(chunks)


def _load_packed() -> _Packed:
    name = f"langdetect-{_profiles_version()}-v2.marshal"
    path = cache_dir() / name
    try:
        with open(path, "rb") as handle:
            packed: _Packed = marshal.load(handle)
        return packed
    except (OSError, EOFError, ValueError, TypeError):
        pass
    packed = _build_packed()
    try:  # a cache is a convenience: a read-only home must not be an error
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, marshal.dumps(packed))
    except OSError:
        pass
    return packed


@functools.lru_cache(maxsize=1)
def _factory() -> Any:
    from langdetect.detector_factory import DetectorFactory

    languages, keys, offsets, blob = _load_packed()
    factory = DetectorFactory()
    factory.langlist = languages
    factory.word_lang_prob_map = _LazyProbMap(keys, offsets, blob, len(languages))
    factory.set_seed(0)
    return factory


def known_languages() -> list[str]:
    """Codes that langdetect can name (``zh-cn`` and ``zh-tw`` included)."""
    return sorted(_factory().langlist)


def detect_language(text: str) -> Detection:
    """Name the language of ``text``, or explain why it cannot."""
    sample = text[:SAMPLE_CHARS]
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters < MIN_LETTERS:
        raise LanguageDetectionError(
            f"text too short to detect its language ({letters} letters); name it with --from, e.g. --from fr"
        )
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(sample)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException as exc:
        raise LanguageDetectionError(
            f"cannot detect the language ({exc}); name it with --from, e.g. --from fr"
        ) from None
    best = ranked[0]
    if best.prob < MIN_PROBABILITY:
        others = ", ".join(f"{c.lang} {c.prob:.2f}" for c in ranked[:3])
        raise LanguageDetectionError(f"language uncertain ({others}); name it with --from, e.g. --from {best.lang}")
    return Detection(language=_short(best.lang), probability=float(best.prob))


def _short(code: str) -> str:
    """langdetect says zh-cn/zh-tw; translation models say zh."""
    return code.split("-")[0]
