"""Where a batch's articles come from: files and folders, or a JSON Lines feed.

The parent process reads and checks every input (size, binary, encoding,
empty) so that workers, local or remote, only ever receive text; they never
need the files. Inputs are read lazily: a 100,000-line feed never sits in
memory.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePath
from typing import IO, Any, NamedTuple

from summarize.batch.work import Failure, Item
from summarize.errors import (
    BinaryInputError,
    EncodingError,
    InputNotFoundError,
    InputTooLargeError,
    InvalidJsonError,
    InvalidRecordError,
    SummarizeError,
    UsageError,
)
from summarize.reading import DEFAULT_MAX_BYTES, display_name, wide_bom

#: Files read as HTML pages in a batch, whatever their content looks like.
HTML_SUFFIXES = (".html", ".htm")


def resolved(path: str | Path) -> Path:
    """The real path, for comparing an output with the inputs."""
    try:
        return Path(path).resolve()
    except OSError:
        return Path(os.path.abspath(path))


class Found(NamedTuple):
    """What a search of the inputs found: the files, and the folders that could not be read."""

    files: list[Path]
    unreadable: list[tuple[Path, str]]


def check_glob(pattern: str) -> str:
    """``--glob`` names files under the folders given: never an absolute path or a way out (``..``)."""
    if not pattern or PurePath(pattern).is_absolute() or ".." in PurePath(pattern).parts:
        raise UsageError(f"--glob {pattern!r}: give a pattern relative to the folders, e.g. '*.txt' or 'sub/*.txt'")
    # Patterns match from the right, at any depth ('*.txt' takes sub/a.txt): a leading '**/' adds nothing,
    # and a path match would read '**' as one folder ('**/*.txt' missed the top folder's files).
    parts = list(PurePath(pattern).parts)
    while len(parts) > 1 and parts[0] == "**":
        parts.pop(0)
    return str(PurePath(*parts)) if parts != ["**"] else "*"


def discover_files(
    paths: Sequence[str | Path],
    pattern: str = "*",
    *,
    exclude_files: Iterable[Path] = (),
    exclude_dirs: Iterable[Path] = (),
) -> list[Path]:
    """Files named, plus files under folders (recursive, matching ``pattern``), sorted (see ``scan``)."""
    return scan(paths, pattern, exclude_files=exclude_files, exclude_dirs=exclude_dirs).files


def scan(
    paths: Sequence[str | Path],
    pattern: str = "*",
    *,
    exclude_files: Iterable[Path] = (),
    exclude_dirs: Iterable[Path] = (),
) -> Found:
    """Files named, plus files under folders (recursive, matching ``pattern``), sorted; and unreadable folders.

    A file named again (``a.txt a.txt``, ``a.txt ./a.txt``, or a folder's file named too) is listed
    again under the path it was first found as, so that the batch gives it a ``duplicate_id`` line
    instead of dropping it silently; a file that two folders reach is listed once.

    Hidden files and folders (``.git``, ``.DS_Store``) are skipped under a
    folder, as are our own outputs; a named path that does not exist is an
    error before anything starts. A folder that cannot be listed (a named
    one, or one below) is not an error that stops the batch: it comes back
    in ``unreadable`` with the reason, for the batch to report.
    """
    pattern = check_glob(pattern)
    skip_files = {resolved(p) for p in exclude_files}
    skip_dirs = [resolved(p) for p in exclude_dirs]
    found: list[Path] = []
    unreadable: list[tuple[Path, str]] = []
    seen: dict[Path, Path] = {}  # real path -> the path it was first found as

    def add(path: Path, named: bool) -> None:
        real = resolved(path)
        if real in seen:
            if named:  # named again: one more input, under its first id, which the batch reports as a duplicate
                found.append(seen[real])
            return  # found again under a folder (overlapping or linked folders): one file, read once
        if not named and (real in skip_files or any(real.is_relative_to(d) for d in skip_dirs)):
            return
        seen[real] = path
        found.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in _walk(path, pattern, unreadable):
                add(child, named=False)
        elif path.exists():
            add(path, named=True)  # named on the command line: always an input, so never overwritten
        elif str(raw) == "-":
            raise UsageError("-: a batch reads stdin only as a feed (--jsonl -); one article on stdin: summarize")
        else:
            raise InputNotFoundError(f"{raw}: no such file or folder")
    return Found(found, unreadable)


def _walk(folder: Path, pattern: str, unreadable: list[tuple[Path, str]]) -> list[Path]:
    """Files under ``folder`` whose relative path matches ``pattern`` (as ``Path.rglob`` would), sorted.

    Linked folders are followed, as ``rglob`` did, each real folder once (a link loop ends).
    """

    def failed(error: OSError) -> None:
        unreadable.append((Path(error.filename or folder), error.strerror or str(error)))

    out: list[Path] = []
    visited: set[str] = set()
    for top, dirs, files in os.walk(folder, onerror=failed, followlinks=True):
        real = os.path.realpath(top)
        if real in visited:  # a symlink loop, or a folder linked twice: walked once
            dirs[:] = []
            continue
        visited.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # the same files, whatever the disk order
        base = Path(top)
        for name in files:
            child = base / name
            if name.startswith(".") or not PurePath(child.relative_to(folder)).match(pattern):
                continue
            if child.is_file() or (child.is_symlink() and not child.exists()):
                out.append(child)  # a link to a story that is gone fails as input_not_found: never skipped silently
    return sorted(out, key=str)


def unreadable_items(unreadable: Iterable[tuple[Path, str]]) -> Iterator[Item]:
    """One failed item per folder that could not be read: its files were not briefed."""
    for folder, reason in unreadable:
        ident = display_name(str(folder))
        error = InputNotFoundError(f"{ident}: folder cannot be read ({reason}); its files were not briefed")
        yield Item(ident, None, ident, failure=Failure.of(error))


def file_items(files: Iterable[Path], *, encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Read and check each file in this process; a file that cannot be read becomes a failed item."""
    from summarize.reading import read_path

    for path in files:
        ident = display_name(str(path))
        try:
            document = read_path(path, encoding=encoding, max_bytes=max_bytes)
        except SummarizeError as error:
            yield Item(ident, None, ident, failure=Failure.of(error))
            continue
        yield Item(ident, document.text, ident, html=path.suffix.lower() in HTML_SUFFIXES)


def feed_items(
    stream: IO[bytes],
    *,
    source: str = "stdin",
    id_field: str = "id",
    text_field: str = "text",
    title_field: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Item]:
    """One item per non-blank JSON Lines record, read lazily.

    A record without an id gets ``<source>:<line>``, stable across runs so that
    ``resume`` still works; a line that is not an object with a text field
    becomes a failed item with that id. The title field, when named, is
    carried as the item's headline.
    """
    for lineno, raw in _lines(stream, max_bytes * 2 + 1024):
        fallback = f"{source}:{lineno}"
        if raw is None:
            too_long = InputTooLargeError(f"line {lineno}: record is too long")
            yield Item(fallback, None, failure=Failure.of(too_long))
        elif raw.strip():
            yield _record_item(raw, lineno, fallback, id_field, text_field, title_field, max_bytes)


#: How much of a feed's start is looked at to tell a JSON Lines feed from a compressed or UTF-16 file.
FEED_PROBE = 4096


def feed_head(stream: IO[bytes]) -> bytes:
    """The feed's first bytes, left in the stream (peeked, or read and sought back)."""
    peek = getattr(stream, "peek", None)
    if peek is not None:
        return bytes(peek(FEED_PROBE)[:FEED_PROBE])
    if stream.seekable():
        where = stream.tell()
        head = stream.read(FEED_PROBE)
        stream.seek(where)
        return head
    return b""


def check_feed(head: bytes, name: str) -> None:
    """A feed is UTF-8 JSON Lines: a compressed, UTF-16/32 or binary one is refused whole, before any work,
    rather than read as thousands of broken lines."""
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"PK\x03\x04", b"\x28\xb5\x2f\xfd")):
        raise BinaryInputError(
            f"{name}: is compressed (gzip, bzip2, xz, zip or zstd); give it uncompressed, e.g. "
            f"zcat FILE | summarize batch --jsonl -"
        )
    if wide_bom(head):
        raise EncodingError(f"{name}: is UTF-16 or UTF-32; JSON Lines are UTF-8: iconv -f utf-16 -t utf-8 FILE")
    if b"\x00" in head:
        raise BinaryInputError(f"{name}: looks binary (NUL bytes), not a JSON Lines feed")


def _record_item(
    raw: bytes, lineno: int, fallback: str, id_field: str, text_field: str, title_field: str | None, max_bytes: int
) -> Item:
    from summarize.reading import decode

    try:
        record = json.loads(raw)
    except ValueError as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        return _invalid(fallback, f"line {lineno}: not valid JSON ({reason})", InvalidJsonError)
    except RecursionError:
        return _invalid(fallback, f"line {lineno}: JSON nested too deeply to read", InvalidJsonError)
    if not isinstance(record, dict):
        return _invalid(fallback, f"line {lineno}: not a JSON object")
    ident = record.get(id_field)
    if ident is None or ident == "":
        ident = fallback
    elif isinstance(ident, bool) or not isinstance(ident, str | int):
        try:
            ident = json.dumps(ident, ensure_ascii=False)
        except (RecursionError, ValueError):
            return _invalid(fallback, f"line {lineno}: the {id_field!r} field is nested too deeply")
    text = record.get(text_field)
    html = text is None and isinstance(record.get("html"), str)
    if html:
        text = record["html"]  # a saved page: read with trafilatura, like a .html file
    if not isinstance(text, str):
        what = "has no" if text is None else "has a non-text"
        return _invalid(ident, f"line {lineno}: record {what} {text_field!r} field (see --text-field)")
    title = record.get(title_field) if title_field else None
    for field, value in (("html" if html else text_field, text), (title_field, title)):
        where = _lone_surrogate(value)
        if where is not None:
            return _invalid(
                ident,
                f"line {lineno}: the {field!r} field holds a lone surrogate ({where[1]} at character {where[0]}), "
                "half of an escaped UTF-16 pair, which is no character; fix the record (a cut emoji?)",
            )
    try:
        document = decode(text.encode("utf-8"), name=str(ident), max_bytes=max_bytes)
    except SummarizeError as error:
        return Item(ident, None, failure=Failure.of(error))
    headline = title.strip() if isinstance(title, str) and title.strip() else None
    return Item(ident, document.text, title=headline, html=html)


def _lone_surrogate(value: Any) -> tuple[int, str] | None:
    """Where a JSON string holds "\\ud83d" without its pair (json.loads joins real pairs): (character, escape)."""
    if not isinstance(value, str):
        return None
    found = re.search("[\ud800-\udfff]", value)
    return (found.start() + 1, f"\\u{ord(found.group()):04x}") if found else None


def _invalid(ident: Any, message: str, kind: type[InvalidRecordError] = InvalidRecordError) -> Item:
    return Item(ident, None, failure=Failure.of(kind(message)))


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines; a line longer than ``limit`` is skipped whole and reported as None."""
    lineno = 0
    while True:
        line = stream.readline(limit)
        if not line:
            return
        lineno += 1
        if len(line) >= limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(limit)
            yield lineno, None
            continue
        yield lineno, line


def count_lines(path: Path) -> int:
    """Non-blank lines of a feed, counted in big binary blocks (for a progress bar's total)."""
    count = 0
    last = b"\n"
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


def record_key(ident: Any) -> str:
    """Ids compare as JSON values: a feed's 42 and "42" are two articles, as the records written say."""
    return json.dumps(ident, ensure_ascii=False)
