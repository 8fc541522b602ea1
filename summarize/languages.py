"""Language codes and names: the one check of a code and the one table of names.

Codes are ISO 639 (``fr``; ``fr-FR`` and ``fr_FR`` are read as ``fr``);
names are the ones sumy's stemmers and stop lists and NLTK use
(``french``). Standard library only.
"""

from __future__ import annotations

import re

from summarize.errors import UnsupportedLanguageError

#: ISO 639-1 code -> language name (sumy/NLTK spelling).
NAMES: dict[str, str] = {
    "fr": "french", "en": "english", "es": "spanish", "de": "german", "it": "italian",
    "pt": "portuguese", "nl": "dutch", "sv": "swedish", "da": "danish", "no": "norwegian",
    "nb": "norwegian", "fi": "finnish", "ru": "russian", "pl": "polish", "cs": "czech",
    "sk": "slovak", "el": "greek", "tr": "turkish", "hu": "hungarian", "ro": "romanian",
    "uk": "ukrainian", "ar": "arabic", "he": "hebrew", "zh": "chinese", "ja": "japanese",
    "ko": "korean", "th": "thai", "ca": "catalan", "et": "estonian", "sl": "slovene",
}  # fmt: skip
#: The languages sumy's stemmers and stop lists are asked about (the others get none).
SUMY_LANGUAGES: dict[str, str] = {code: name for code, name in NAMES.items() if code not in ("ca", "et", "sl")}

_CODES = {name: code for code, name in NAMES.items()} | {"norwegian": "no", "slovenian": "sl"}
_ISO3 = {"fra": "fr", "fre": "fr", "eng": "en", "spa": "es", "deu": "de", "ger": "de", "ita": "it"}
#: ISO 639 and Argos codes, with a region or script (``fr``, ``zh-Hant``, ``pt_BR``, ``pb``).
_CODE_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def is_code(code: str) -> bool:
    """Whether ``code`` looks like an ISO 639 / Argos code (``fr``, ``zh-Hant``, ``pb``)."""
    return bool(_CODE_RE.match(code))


def unknown_code(code: str) -> UnsupportedLanguageError:
    """The error for a code that is not a language (one wording everywhere)."""
    return UnsupportedLanguageError(f"unknown language code {code!r}: use an ISO 639 code such as fr, en, es, de")


def check_code(code: str) -> str:
    """A language code given by a user (``--from``, ``--to``), normalised to its base: ``fr_FR`` -> ``fr``."""
    norm = code.strip().lower().replace("_", "-")
    if not norm.isascii() or not (2 <= len(norm.split("-")[0]) <= 3) or not norm.replace("-", "").isalpha():
        raise unknown_code(code)
    return norm.split("-")[0]


def code_of(language: str) -> str:
    """ISO 639-1 code for a code or a language name ("french" -> "fr")."""
    key = language.strip().lower().replace("_", "-").split("-")[0]
    return _CODES.get(key) or _ISO3.get(key) or key


def name_of(language: str) -> str:
    """The language's name ("fr" -> "french"), as sumy's stemmers and stop words expect."""
    return NAMES.get(code_of(language), language.strip().lower())
