"""What a brief is asked for: one frozen, self-checking ``BriefOptions``.

``pipeline.brief`` takes it, batch workers receive it (it pickles and hashes,
so each worker warms up once per set of options), and both CLI commands
build it once from flags, environment and config file
(``config.resolve_options``). Every check runs when it is built, so a bad
flag is one usage error before any article is read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarize.choices import DEFAULT_ALGORITHM, plain
from summarize.languages import check_code

if TYPE_CHECKING:
    from summarize.rank import Length

LENGTHS = ("sentences", "ratio", "words")
#: ``threads`` at most this many times the cores: beyond it CTranslate2's
#: OpenMP runtime fails (libgomp errors, a segfault at 100,000).
THREADS_PER_CORE = 4


def max_threads() -> int:
    """The largest ``threads`` accepted on this machine."""
    import os

    return THREADS_PER_CORE * (os.cpu_count() or 1)


def check_target(code: str) -> str:
    """A target or a given source must be a language: ISO 639 (via pycountry) or an Argos code, not just two letters."""
    from summarize.languages import NAMES, unknown_code

    if code in NAMES:
        return code
    from summarize.translate import _known_code

    if not _known_code(code, {}):
        raise unknown_code(code)
    return code


def parse_targets(to: str | Sequence[str] | None) -> list[str]:
    """``"en,es"``, ``["en", "es"]``, ``"none"`` or None to a list of codes.

    A string that names nothing (``""``, ``","``) is a usage error: it is a script's empty
    variable (``--to "$LANGS"``), and an untranslated brief would pass for a translated one.
    """
    if to is None:
        return []
    if isinstance(to, str) and not to.replace(",", "").strip():
        from summarize.errors import UsageError

        raise UsageError(f"no target language in --to {to!r}: name codes (en,es) or none")
    items = [item.strip() for item in (to.split(",") if isinstance(to, str) else list(to))]
    if len(items) > 1 and any(item.lower() == "none" for item in items):
        from summarize.errors import UsageError

        raise UsageError(f"--to {','.join(items)!r} names none and languages: choose none or the codes")
    codes: list[str] = []
    for item in items:
        if not item or item.lower() == "none":
            continue
        code = check_target(check_code(item))
        if code not in codes:
            codes.append(code)
    return codes


@dataclass(frozen=True)
class BriefOptions:
    """The options of one brief, checked and normalised when built.

    Length is one of ``sentences`` (3 when none is set), ``ratio`` or
    ``words``. ``source_lang`` skips detection. ``to`` becomes a tuple of
    target codes (``"en,es"``, a list, ``"none"`` and None are accepted);
    no target means no translation.
    """

    sentences: int | None = None
    ratio: float | None = None
    words: int | None = None
    algorithm: str = DEFAULT_ALGORITHM
    source_lang: str | None = None
    to: tuple[str, ...] = ()
    models_dir: str | None = None
    device: str = "cpu"
    #: CTranslate2 threads (0: its default); one per batch worker is fastest (README, "Parallel").
    threads: int = 1
    #: Languages detection may answer (``"fr,en"`` or a list); empty: any that langdetect knows.
    languages: tuple[str, ...] = ()
    #: "auto" (an HTML page is told by its content), "text" or "html".
    input_format: str = "auto"
    #: Leave bylines, datelines, captions and other page furniture in the text (only the headline goes).
    keep_furniture: bool = False
    #: Use the translation memory (``summarize.memory``): known sentences are not translated again.
    cache: bool = True

    def __post_init__(self) -> None:
        from summarize.detect import parse_languages
        from summarize.rank import check_algorithm
        from summarize.reading import check_input_format
        from summarize.translate import check_options

        self.length  # noqa: B018 - building the Length checks the three options
        algorithm = str(plain(self.algorithm) or DEFAULT_ALGORITHM).lower()
        check_algorithm(algorithm)
        device = str(plain(self.device))
        check_options(device, self.threads)
        if self.threads > max_threads():
            from summarize.errors import UsageError

            limit = max_threads()
            raise UsageError(f"--threads {self.threads} is too many: at most {limit} ({THREADS_PER_CORE} per core)")
        if self.models_dir and Path(self.models_dir).exists() and not Path(self.models_dir).is_dir():
            from summarize.errors import UsageError

            raise UsageError(f"--models-dir {self.models_dir} is a file, not a folder of translation models")
        normalised = {
            "input_format": check_input_format(str(plain(self.input_format or "auto"))),
            "keep_furniture": bool(self.keep_furniture),
            "algorithm": algorithm,
            "device": device,
            "source_lang": check_target(check_code(self.source_lang)) if self.source_lang else None,
            "to": tuple(parse_targets(self.to)),
            "models_dir": str(self.models_dir) if self.models_dir else None,
            "languages": parse_languages(self.languages),
        }
        for name, value in normalised.items():
            object.__setattr__(self, name, value)

    @property
    def length(self) -> Length:
        """The brief's length for ``rank.pick``."""
        from summarize.rank import Length

        return Length(sentences=self.sentences, ratio=self.ratio, words=self.words)

    @property
    def models_path(self) -> Path | None:
        return Path(self.models_dir) if self.models_dir else None

    def but(self, **changes: Any) -> BriefOptions:
        """A copy with ``changes`` applied and checked; a None change is no change,
        and a length replaces the current length as a whole."""
        changes = {key: value for key, value in changes.items() if value is not None}
        if not changes:
            return self
        if any(key in LENGTHS for key in changes):
            changes = {**dict.fromkeys(LENGTHS), **changes}
        return dataclasses.replace(self, **changes)
