"""Every user-facing failure, each with the exit code the CLI returns for it.

Each class carries its ``exit_code``, its ``code`` (the name in batch error
records) and its ``meaning``; ``EXIT_CODES``, the exit-code lines of
``--help`` and the README's table are all derived from them. The CLI prints
``str(error)`` as one line on stderr.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

OK = 0
INTERNAL = 1
USAGE = 2
INTERRUPTED = 130
#: 128 + the signal's number, as a shell reports a process killed by it.
HANGUP = 129
TERMINATED = 143


class SummarizeError(Exception):
    """Base class: a user error with a one-line message and an exit code."""

    exit_code: int = INTERNAL
    code: str = "error"
    meaning: str = "unexpected internal error (a bug: please report it)"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(SummarizeError):
    """Options that contradict each other or are out of range."""

    exit_code = USAGE
    code = "usage"
    meaning = "bad command-line usage or contradictory options"


class EmptyInputError(SummarizeError):
    exit_code = 3
    code = "empty_input"
    meaning = "input is empty, whitespace only, or has no word"


class BinaryInputError(SummarizeError):
    exit_code = 4
    code = "binary_input"
    meaning = "input looks binary (NUL bytes)"


class EncodingError(SummarizeError):
    exit_code = 5
    code = "encoding"
    meaning = "input is not valid in the encoding (UTF-8 by default)"


class InputTooLargeError(SummarizeError):
    exit_code = 6
    code = "input_too_large"
    meaning = "input is larger than --max-size"


class InputNotFoundError(SummarizeError):
    """A named file or folder that does not exist or cannot be read."""

    exit_code = 7
    code = "input_not_found"
    meaning = "a named file or folder cannot be read"


class LanguageDetectionError(SummarizeError):
    """The text is too short or too mixed to name its language with confidence."""

    exit_code = 8
    code = "language_detection"
    meaning = "language could not be detected with confidence (use --from)"


class UnsupportedLanguageError(SummarizeError):
    exit_code = 9
    code = "unsupported_language"
    meaning = "language code unknown or not supported"


class ModelMissingError(SummarizeError):
    """No installed model (direct or by pivot) for a language pair."""

    exit_code = 10
    code = "model_missing"
    meaning = "no installed translation model for a pair (direct or via English)"


class ModelPackageError(SummarizeError):
    """A model package that is corrupt, unsafe or not an Argos package."""

    exit_code = 11
    code = "model_package"
    meaning = "model package is corrupt, unsafe or not an Argos package"


class NetworkError(SummarizeError):
    """Something needed the network (package index) and it was not there."""

    exit_code = 12
    code = "network"
    meaning = "the network was needed (package index) and is unavailable"


class ConfigError(SummarizeError):
    exit_code = 13
    code = "config"
    meaning = "configuration file or environment variable is invalid"


class BatchFailuresError(SummarizeError):
    """A batch finished, but some articles failed (their errors are in the output)."""

    exit_code = 14
    code = "batch_failures"
    meaning = "batch finished but some articles failed"


class InvalidRecordError(SummarizeError):
    """A feed line that is not a JSON object with a text field (one record, not the batch)."""

    exit_code = 15
    code = "invalid_record"
    meaning = "(batch, per record) a feed line is not a JSON object with the text field, or holds a lone surrogate"


class InvalidJsonError(InvalidRecordError):
    """A feed line that is not JSON at all (or nested too deeply to read): one record, not the batch."""

    code = "invalid_json"
    meaning = "(batch, per record) a feed line is not valid JSON, or is nested too deeply"


class OutputError(SummarizeError):
    """The result could not be written: stdout or the output file is full, closed or failing."""

    exit_code = 18
    code = "output"
    meaning = "the output cannot be written (disk full, stdout closed or failing)"


class DuplicateIdError(SummarizeError):
    """A feed record whose id an earlier record of the batch already has (the first one wins)."""

    exit_code = 19
    code = "duplicate_id"
    meaning = "(batch, per record) an earlier record of the batch has the same id; not briefed"


class NoArticleError(SummarizeError):
    """An HTML page whose main text could not be found (a home page, a list, a login wall), or a news feed."""

    exit_code = 16
    code = "no_article"
    meaning = "an HTML page has no article text to summarise, or the input is an RSS/Atom feed"


class SuspectTranslationError(SummarizeError):
    """``--strict``: a brief was written, but a fidelity check flagged its translation."""

    exit_code = 17
    code = "suspect_translation"
    meaning = "(--strict) a translation was flagged by a fidelity check (the brief is still printed)"


def _error_classes(base: type[SummarizeError] = SummarizeError) -> Iterator[type[SummarizeError]]:
    yield base
    for sub in base.__subclasses__():
        yield from _error_classes(sub)


#: (exit code, name, meaning) of every outcome, in exit-code order: the README
#: table and ``--help`` are generated from it.
EXIT_CODES: list[tuple[int, str, str]] = sorted(
    [
        (OK, "ok", "success"),
        *((cls.exit_code, cls.code, cls.meaning) for cls in _error_classes()),
        (HANGUP, "hangup", "(batch) ended by SIGHUP; what was written is kept (use --resume)"),
        (INTERRUPTED, "interrupted", "interrupted (Ctrl-C)"),
        (TERMINATED, "terminated", "(batch) ended by SIGTERM; what was written is kept (use --resume)"),
    ]
)


def exit_code_table() -> str:
    """The README's exit-code table (Markdown)."""
    rows = ["| code | name | meaning |", "|---:|---|---|"]
    rows += [f"| {code} | `{name}` | {meaning} |" for code, name, meaning in EXIT_CODES]
    return "\n".join(rows)


def exit_code_line(codes: Iterable[int] | None = None) -> str:
    """``0 ok, 2 usage, 3 empty_input, ...``: the exit codes named in ``--help``."""
    wanted = None if codes is None else set(codes)
    return ", ".join(f"{code} {name}" for code, name, _ in EXIT_CODES if wanted is None or code in wanted)
