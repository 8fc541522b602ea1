"""Language detection with langdetect, deterministic and quick to start.

langdetect parses 55 JSON profiles on first use (about 0.45 s), more than
the whole budget of a CLI run. The parsed profiles are kept in a compact
sparse cache (``marshal``) in the user's cache folder and expanded lazily,
n-gram by n-gram, so later runs load them in a few milliseconds. The seed
is fixed so that the same text always gives the same answer.

Detection admits doubt: a short text (under ``SHORT_LETTERS`` letters) or a
probability under ``SURE_PROBABILITY`` still gets an answer, with a warning
that names the language found and suggests ``--from``; langdetect reads
single news sentences as a neighbour language (it → ro, nl → af, pt → es)
at probability 1.0. A newsroom that knows which languages it receives can
restrict detection to them (``languages=``, langdetect's priors).

Two rules of writing correct langdetect where its profiles mislead it:
Korean and Japanese copy always shows a script of its own (Hangul, kana), so
a text without it is not read as either (langdetect reads Traditional
Chinese news as Korean, whose profile holds Hanja); and the two Chinese
profiles (zh-cn, zh-tw) are one language, their probabilities added, with
``chinese_script`` telling the scripts apart for translation (Argos has a
package for each: zh and zt).
"""

from __future__ import annotations

import array
import functools
import marshal
import os
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from summarize.atomic import write_atomic
from summarize.errors import LanguageDetectionError, UsageError
from summarize.languages import check_code as check_language

__all__ = ["Detection", "check_language", "chinese_script", "detect_language", "known_languages"]

#: Below this many letters langdetect's guess is not worth much.
MIN_LETTERS = 20
#: Below this probability we refuse to guess and ask for ``--from``.
MIN_PROBABILITY = 0.80
#: Below this probability the guess is given with a warning.
SURE_PROBABILITY = 0.99
#: Below this many letters the guess is given with a warning, whatever its
#: probability: single sentences are misread at probability 1.0.
SHORT_LETTERS = 200
#: A Han ideograph, a kana or a Hangul syllable says about as much as three
#: Latin letters (a Chinese word is 1-2 characters, a French one 5 letters):
#: it counts that much toward ``SHORT_LETTERS``, so a paragraph of Chinese
#: is not warned about as if it were a line of French.
DENSE_LETTER_WEIGHT = 3
#: Detection reads at most this many characters: the opening of an article
#: is as telling as the whole, and cost grows with length.
SAMPLE_CHARS = 1000

_PAIR = struct.Struct("<Bd")
_T = TypeVar("_T", bound=tuple[Any, ...])  # what marshal keeps: tuples of str, bytes, numbers, lists


@dataclass(frozen=True)
class Detection:
    """The language found; ``warnings`` say when it may be wrong (short text, low probability)."""

    language: str
    probability: float
    detected: bool = True
    warnings: tuple[str, ...] = ()


def cache_dir() -> Path:
    """Where summarize keeps derived data that can always be rebuilt.

    Empty variables count as unset (``HOME=''`` must not mean ``/.cache``),
    and a relative ``XDG_CACHE_HOME`` is ignored, as the XDG spec says.
    """
    base = os.environ.get("SUMMARIZE_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "summarize"
    return _home() / ".cache" / "summarize"


def _home() -> Path:
    """``$HOME`` when set and not empty, else the account's home folder, else the temp folder."""
    home = os.environ.get("HOME")
    if home:
        return Path(home)
    try:
        import pwd

        return Path(pwd.getpwuid(os.getuid()).pw_dir)
    except (ImportError, KeyError, OSError):
        import tempfile

        return Path(tempfile.gettempdir())


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
    """Which langdetect profiles are installed: their folder's inode and modification time (a reinstall changes them).

    Not ``importlib.metadata.version("langdetect")``: that costs ~20 ms of every
    start-up (it imports the email package and scans site-packages).
    """
    from langdetect.detector_factory import PROFILES_DIRECTORY

    found = os.stat(PROFILES_DIRECTORY)
    return f"{found.st_ino:x}.{found.st_mtime_ns:x}"


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


def _valid(packed: object) -> bool:
    """A cache is used only if it has the shape `_build_packed` gives; anything else is rebuilt."""
    if not (isinstance(packed, tuple) and len(packed) == 4):
        return False
    languages, keys, offsets, blob = packed
    if not (isinstance(languages, list) and languages and all(isinstance(x, str) for x in languages)):
        return False
    if not (isinstance(keys, str) and isinstance(offsets, bytes) and isinstance(blob, bytes)):
        return False
    if len(offsets) % 4 or len(offsets) // 4 != keys.count("\n") + 2 or len(blob) % _PAIR.size:
        return False
    bounds = array.array("I", offsets)
    return bounds[0] == 0 and bounds[-1] == len(blob)


def _load_packed() -> _Packed:
    return cached(f"langdetect-{_profiles_version()}-v2.marshal", _build_packed, _valid)


def cached(name: str, build: Callable[[], _T], valid: Callable[[object], bool]) -> _T:
    """Derived data kept in ``cache_dir()`` as ``name`` (marshal): read back if ``valid``, else built and kept.

    A cache is a convenience: a missing, damaged or foreign file is rebuilt,
    and a folder that cannot be written (a read-only home) is no error.
    """
    path = cache_dir() / name
    try:
        with open(path, "rb") as handle:
            found = marshal.load(handle)
        if valid(found):
            return cast(_T, found)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, marshal.dumps(built))
    except OSError:  # write_atomic removed its temporary file
        pass
    return built


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


def detect_language(text: str, languages: Sequence[str] | None = None) -> Detection:
    """Name the language of ``text``, or explain why it cannot.

    ``languages`` (ISO 639-1 codes, e.g. ``["fr", "en", "es"]``) restricts the
    answer to those: langdetect starts from a prior that is zero for every
    other language. The answer carries warnings when it may be wrong.
    """
    sample = text[:SAMPLE_CHARS]
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters < MIN_LETTERS:
        raise LanguageDetectionError(
            f"text too short to detect its language ({letters} letters); name it with --from, e.g. --from fr"
        )
    from langdetect.lang_detect_exception import LangDetectException

    candidates = profile_codes(languages) if languages else None
    try:
        ranked = _ranked(sample, candidates)
        absent = _absent_scripts(sample)
        if any(code in absent for code, _ in ranked[:3]):  # e.g. Traditional Chinese read as Korean
            kept = [c for c in (candidates or _profile_names()) if _short(c) not in absent]
            ranked = _ranked(sample, kept) if kept else ranked
    except LangDetectException as exc:
        raise LanguageDetectionError(
            f"cannot detect the language ({exc}); name it with --from, e.g. --from fr"
        ) from None
    code, prob = ranked[0]
    others = ", ".join(f"{c} {p:.2f}" for c, p in ranked[:3])
    if prob < MIN_PROBABILITY:
        raise LanguageDetectionError(f"language uncertain ({others}); name it with --from, e.g. --from {code}")
    warnings: list[str] = []
    if prob < SURE_PROBABILITY:
        warnings.append(
            f"language detected as {code} with probability {prob:.2f} only ({others}); "
            "if that is wrong, name the language with --from"
        )
    elif _weighted_letters(sample, letters) < SHORT_LETTERS:
        warnings.append(
            f"language detected as {code} (probability {prob:.2f}) from only {letters} letters, "
            "which is often wrong; if that is wrong, name the language with --from"
        )
    if candidates and not warnings:
        warnings.extend(_outside(sample, code, candidates))
    return Detection(language=code, probability=prob, warnings=tuple(warnings))


def _outside(sample: str, code: str, candidates: Sequence[str]) -> list[str]:
    """A long text restricted to languages it is not in still gets one of them, often at probability 1.0
    (French news read among de and es is Spanish): say what it reads as without the restriction."""
    free, prob = _ranked(sample, None)[0]
    expected = sorted({_short(c) for c in candidates})
    if free == code or free in expected or prob < SURE_PROBABILITY:
        return []
    return [
        f"the text reads as {free} (probability {prob:.2f}), not one of the expected languages "
        f"({', '.join(expected)}); detected as {code} among them; if that is wrong, name the language with --from"
    ]


def chinese_script(text: str) -> str:
    """``zh-tw`` for Chinese in Traditional characters, else ``zh``: Argos packages differ (zt, zh).

    langdetect's two Chinese profiles tell the scripts apart well once nothing
    else competes (priors on those two only).
    """
    sample = text[:SAMPLE_CHARS]
    if not any(_HAN_FIRST <= ch <= _HAN_LAST for ch in sample):
        return "zh"
    from langdetect.lang_detect_exception import LangDetectException

    try:
        return "zh-tw" if _probabilities(sample, ["zh-cn", "zh-tw"])[0].lang == "zh-tw" else "zh"
    except LangDetectException:
        return "zh"


def _ranked(sample: str, candidates: Sequence[str] | None) -> list[tuple[str, float]]:
    """langdetect's answer as (ISO 639-1 code, probability), best first, zh-cn and zh-tw added up as zh."""
    summed: dict[str, float] = {}
    for found in _probabilities(sample, candidates):
        summed[_short(found.lang)] = summed.get(_short(found.lang), 0.0) + float(found.prob)
    return sorted(summed.items(), key=lambda item: -item[1])


def _probabilities(sample: str, candidates: Sequence[str] | None) -> list[Any]:
    """langdetect's languages and probabilities for ``sample``, best first, among ``candidates`` (priors) if given."""
    detector = _factory().create()
    if candidates:
        detector.set_prior_map(dict.fromkeys(candidates, 1.0))
    detector.append(sample)
    return list(detector.get_probabilities())


#: Scripts that copy in these languages always shows (Korean: Hangul; Japanese: kana), as code-point ranges.
_OWN_SCRIPTS: dict[str, tuple[tuple[str, str], ...]] = {
    "ko": (("\u1100", "\u11ff"), ("\u3130", "\u318f"), ("\uac00", "\ud7af")),
    "ja": (("\u3040", "\u30ff"),),
}
_HAN_FIRST, _HAN_LAST = "\u4e00", "\u9fff"


#: Kana and Han (the unified ideographs, extension A, the compatibility block): Japanese and Chinese
#: characters that each stand for a syllable or a word (rank.word_count counts each as one).
HAN_KANA_SPANS = (*_OWN_SCRIPTS["ja"], ("\u3400", "\u4dbf"), (_HAN_FIRST, _HAN_LAST), ("\uf900", "\ufaff"))
#: Scripts whose characters stand for syllables or words, not sounds (DENSE_LETTER_WEIGHT): Hangul too.
_DENSE_SPANS = (*_OWN_SCRIPTS["ko"], *HAN_KANA_SPANS)


def _weighted_letters(sample: str, letters: int) -> int:
    """``letters`` (those of ``sample``) with each dense-script character counting ``DENSE_LETTER_WEIGHT`` times."""
    dense = sum(1 for ch in sample if any(first <= ch <= last for first, last in _DENSE_SPANS))
    return letters + (DENSE_LETTER_WEIGHT - 1) * dense


def _absent_scripts(sample: str) -> set[str]:
    """Languages of ``_OWN_SCRIPTS`` whose script ``sample`` does not show at all."""
    return {
        code
        for code, spans in _OWN_SCRIPTS.items()
        if not any(first <= ch <= last for ch in sample for first, last in spans)
    }


def parse_languages(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"fr,en,es"`` or ``["fr", "en"]`` (the --languages option, the config's ``languages``) to checked codes.

    Empty or None means no restriction. An unknown code is a usage error,
    raised before any input is read.
    """
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = tuple(dict.fromkeys(c.strip().lower().replace("_", "-") for c in items if c.strip()))
    profile_codes(codes)
    return codes


def profile_codes(languages: Sequence[str]) -> list[str]:
    """langdetect's codes for ISO 639-1 codes (``zh`` is zh-cn and zh-tw, ``nb`` is ``no``).

    Refuses a code that langdetect cannot recognise, with the list of those it can.
    """
    known = _profile_names()
    codes: list[str] = []
    for language in languages:
        norm = language.strip().lower().replace("_", "-")
        norm = _PROFILE_ALIASES.get(norm, norm)
        matches = [k for k in known if k == norm] or [k for k in known if _short(k) == _short(norm)]
        if not norm or not matches:
            shown = ", ".join(sorted({_short(k) for k in known}))
            raise UsageError(f"language detection cannot recognise {language.strip()!r}; it knows {shown}")
        codes.extend(m for m in matches if m not in codes)
    return codes


@functools.lru_cache(maxsize=1)
def _profile_names() -> tuple[str, ...]:
    """langdetect's language codes, from its profile file names: no profile is parsed (a usage check stays fast)."""
    import importlib.util

    spec = importlib.util.find_spec("langdetect")
    folders = list(spec.submodule_search_locations or []) if spec else []
    names = [n for folder in folders for n in os.listdir(Path(folder) / "profiles")] if folders else []
    return tuple(sorted(names)) or tuple(_factory().langlist)


#: ISO 639-1 codes that langdetect spells otherwise.
_PROFILE_ALIASES = {"nb": "no", "iw": "he"}


def _short(code: str) -> str:
    """langdetect says zh-cn/zh-tw; translation models say zh."""
    return code.split("-")[0]
