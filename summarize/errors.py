"""Every user-facing failure, each with the exit code the CLI returns for it.

One module so that the README's table, the CLI and scripts that catch these
errors all agree; the CLI prints ``str(error)`` as one line on stderr.
"""

from __future__ import annotations

OK = 0
INTERNAL = 1
USAGE = 2


class SummarizeError(Exception):
    """Base class: a user error with a one-line message and an exit code."""

    exit_code: int = INTERNAL
    code: str = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(SummarizeError):
    """Options that contradict each other or are out of range."""

    exit_code = USAGE
    code = "usage"


class EmptyInputError(SummarizeError):
    exit_code = 3
    code = "empty_input"


class BinaryInputError(SummarizeError):
    exit_code = 4
    code = "binary_input"


class EncodingError(SummarizeError):
    exit_code = 5
    code = "encoding"


class InputTooLargeError(SummarizeError):
    exit_code = 6
    code = "input_too_large"


class InputNotFoundError(SummarizeError):
    """A named file or folder that does not exist or cannot be read."""

    exit_code = 7
    code = "input_not_found"


class LanguageDetectionError(SummarizeError):
    """The text is too short or too mixed to name its language with confidence."""

    exit_code = 8
    code = "language_detection"


class UnsupportedLanguageError(SummarizeError):
    exit_code = 9
    code = "unsupported_language"


class ModelMissingError(SummarizeError):
    """No installed model (direct or by pivot) for a language pair."""

    exit_code = 10
    code = "model_missing"


class ModelPackageError(SummarizeError):
    """A model package that is corrupt, unsafe or not an Argos package."""

    exit_code = 11
    code = "model_package"


class NetworkError(SummarizeError):
    """Something needed the network (package index) and it was not there."""

    exit_code = 12
    code = "network"


class ConfigError(SummarizeError):
    exit_code = 13
    code = "config"


class BatchFailuresError(SummarizeError):
    """A batch finished, but some articles failed (their errors are in the output)."""

    exit_code = 14
    code = "batch_failures"


class InvalidRecordError(SummarizeError):
    """A feed line that is not a JSON object with a text field (one record, not the batch)."""

    exit_code = 15
    code = "invalid_record"


INTERRUPTED = 130

#: Exit codes, for the README table and ``summarize --help``.
EXIT_CODES: list[tuple[int, str, str]] = [
    (OK, "ok", "success"),
    (INTERNAL, "error", "unexpected internal error (a bug: please report it)"),
    (USAGE, UsageError.code, "bad command-line usage or contradictory options"),
    (EmptyInputError.exit_code, EmptyInputError.code, "input is empty or whitespace only"),
    (BinaryInputError.exit_code, BinaryInputError.code, "input looks binary (NUL bytes)"),
    (EncodingError.exit_code, EncodingError.code, "input is not valid in the encoding (UTF-8 by default)"),
    (InputTooLargeError.exit_code, InputTooLargeError.code, "input is larger than --max-size"),
    (InputNotFoundError.exit_code, InputNotFoundError.code, "a named file or folder cannot be read"),
    (
        LanguageDetectionError.exit_code,
        LanguageDetectionError.code,
        "language could not be detected with confidence (use --from)",
    ),
    (UnsupportedLanguageError.exit_code, UnsupportedLanguageError.code, "language code unknown or not supported"),
    (
        ModelMissingError.exit_code,
        ModelMissingError.code,
        "no installed translation model for a pair (direct or via English)",
    ),
    (ModelPackageError.exit_code, ModelPackageError.code, "model package is corrupt, unsafe or not an Argos package"),
    (NetworkError.exit_code, NetworkError.code, "the network was needed (package index) and is unavailable"),
    (ConfigError.exit_code, ConfigError.code, "configuration file or environment variable is invalid"),
    (BatchFailuresError.exit_code, BatchFailuresError.code, "batch finished but some articles failed"),
    (
        InvalidRecordError.exit_code,
        InvalidRecordError.code,
        "(batch, per record) a feed line is not a JSON object with the text field",
    ),
    (INTERRUPTED, "interrupted", "interrupted (Ctrl-C)"),
]
