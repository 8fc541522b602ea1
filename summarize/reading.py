"""The read stage: bytes from stdin or files to clean text, or a clear refusal.

Everything a user can hand us that is not an article (nothing, a binary,
another encoding, a runaway log) is refused here with its own exit code,
before any model is loaded.
"""

from __future__ import annotations

import codecs
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from summarize.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputNotFoundError,
    InputTooLargeError,
    UsageError,
)

#: Default --max-size: far beyond any article, small enough to stop a log file.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: The largest --max-size accepted: beyond it, a size is a typo, not an article.
MAX_SIZE_LIMIT = 1024**3
#: Byte-order marks that say the text is UTF-16 or UTF-32 (longest first: UTF-32 LE starts like UTF-16 LE).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """An input article as text; ``name`` is the file path, or ``-`` for stdin."""

    text: str
    name: str = "-"


def parse_size(value: str, limit: int | None = None) -> int:
    """Read sizes such as ``10MB``, ``500k`` or ``1048576`` (bytes), up to ``limit`` when given."""
    match = _SIZE.match(value)
    if not match:
        raise UsageError(f"invalid size {value!r}: use bytes or a unit, e.g. 500KB, 10MB")
    number, unit = float(match.group(1)), match.group(2).lower()
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]
    if not number * factor <= (limit if limit is not None else float("inf")):  # also inf, from 400 digits
        most = f": at most {format_size(limit)}" if limit is not None else ""
        raise UsageError(f"size {value!r} is too large{most}")
    return int(number * factor)


def check_encoding(encoding: str) -> str:
    """The codec's name, or a usage error for an unknown codec or one that is not a text encoding (rot13, base64)."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError, TypeError):
        raise UsageError(f"unknown encoding {encoding!r} (try utf-8, latin-1, cp1252)") from None
    if not getattr(info, "_is_text_encoding", True):
        raise UsageError(f"{encoding!r} is not a text encoding (try utf-8, latin-1, cp1252)")
    return info.name


def display_name(name: str) -> str:
    """A file name as valid UTF-8 text: bytes that are not UTF-8 are written ``\\xNN`` (ids, ``source.name``).

    POSIX file names are bytes; Python decodes the undecodable ones to lone
    surrogates, which no UTF-8 output can carry.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def decode(data: bytes, *, name: str = "-", encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Check and decode raw input; CRLF becomes LF and a BOM is dropped."""
    where = "stdin" if name == "-" else name
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"{where}: input is larger than the {format_size(max_bytes)} limit; raise it with --max-size"
        )
    encoding = check_encoding(encoding)
    wide = encoding.startswith(("utf-16", "utf-32"))
    bom = next((codec for mark, codec in _WIDE_BOMS if data.startswith(mark)), None)
    if not wide and bom and encoding in ("utf-8", "utf-8-sig"):  # the BOM says how it is written
        encoding, wide = bom, True
    if not wide and b"\x00" in data:
        raise BinaryInputError(f"{where}: input looks binary (NUL bytes), not text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise EncodingError(
            f"{where}: not valid {encoding} at byte {exc.start} (line {line}, column {column}); "
            "give the right one with --encoding, e.g. --encoding latin-1"
        ) from None
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInputError(f"{where}: input is empty" + (" (only whitespace)" if text else ""))
    return Document(text=text, name=name)


def read_stream(
    stream: BinaryIO, *, name: str = "-", encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read at most one byte past the limit, so a huge pipe is refused without filling memory.

    Read in blocks: ``read(max_bytes + 1)`` would allocate the whole limit
    up front, even for a 2 KB file.
    """
    blocks: list[bytes] = []
    left = max_bytes + 1
    while left > 0:
        block = stream.read(min(left, 1 << 20))
        if not block:
            break
        blocks.append(block)
        left -= len(block)
    return decode(b"".join(blocks), name=name, encoding=encoding, max_bytes=max_bytes)


def read_path(path: str | Path, *, encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a file, or stdin for ``-``."""
    name = str(path)
    if name == "-":
        if sys.stdin is None:  # started with stdin closed (<&-)
            raise InputNotFoundError("stdin is closed: pipe an article in, or name a file")
        return read_stream(sys.stdin.buffer, encoding=encoding, max_bytes=max_bytes)
    p = Path(path)
    if p.is_dir():
        raise InputNotFoundError(f"{name}: is a folder; name the files, or use `summarize batch {name}`")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputTooLargeError(
                f"{name}: input is {format_size(size)}, over the {format_size(max_bytes)} limit;"
                " raise it with --max-size"
            )
        with open(p, "rb") as handle:
            return read_stream(handle, name=name, encoding=encoding, max_bytes=max_bytes)
    except FileNotFoundError:
        raise InputNotFoundError(f"{name}: no such file") from None
    except PermissionError:
        raise InputNotFoundError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise InputNotFoundError(f"{name}: is a folder") from None
    except OSError as exc:
        raise InputNotFoundError(f"{name}: cannot read ({exc.strerror})") from None


_FINAL = '.!?…:;»"”)]'


def split_title(text: str) -> tuple[str | None, str]:
    """A first line without final punctuation, followed by more text, is the headline.

    The headline helps ranking but is never printed as a summary sentence.
    """
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first:
        return None, text
    if first[-1] in _FINAL or len(first.split()) > 30:
        return None, text
    return first, rest


def format_size(size: int) -> str:
    """``10 MB``, ``1.5 KB``, ``512 bytes``: the one way sizes are shown (messages, ``models list``)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"
