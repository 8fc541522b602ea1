"""Where a batch's records go: one JSON Lines file (or stdout), or one file per article.

A crash loses nothing already written: each record is written whole and
flushed at once, by the parent process only. ``resume`` reads the ids
already written, after cutting off a last line half-written by a crash.
Two batches never write the same output at once (a lock), and an output is
never one of the inputs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, Protocol

from summarize.atomic import write_atomic
from summarize.batch.inputs import record_key, resolved
from summarize.errors import OutputError, UsageError


class Sink(Protocol):
    """Somewhere records go, one per article."""

    def write(self, ident: Any, text: str) -> None: ...

    def done(self, ident: Any) -> bool: ...

    def key(self, ident: Any) -> str:
        """What two records must not share: their id (JSON Lines) or their file (one per article)."""
        ...

    def close(self) -> None: ...


class JsonLinesSink:
    """Records as lines, each written whole and flushed at once: a crash loses nothing written."""

    def __init__(self, stream: IO[bytes], path: Path | None = None, *, owned: bool = False, lock: Any = None) -> None:
        self.stream = stream
        self.path = path
        self.owned = owned
        self.lock = lock

    def write(self, ident: Any, text: str) -> None:
        data = text.encode("utf-8", "backslashreplace") + b"\n"  # a lone surrogate in a feed's id stays \udXXX
        try:
            self.stream.write(data)
            self.stream.flush()
        except OSError as exc:
            where = f"--output {self.path}" if self.path is not None else "stdout"
            raise OutputError(f"{where}: cannot write ({exc.strerror})") from None

    def done(self, ident: Any) -> bool:
        return False

    def key(self, ident: Any) -> str:
        return record_key(ident)

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.stream.flush()
        if self.path is not None:
            with contextlib.suppress(OSError, ValueError):
                os.fsync(self.stream.fileno())
        if self.owned:
            with contextlib.suppress(OSError, ValueError):
                self.stream.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def open_output(
    path: str | Path | None, *, resume: bool = False, force: bool = False, protected: Iterable[Path] = ()
) -> tuple[JsonLinesSink, Counter[str]]:
    """Open the JSON Lines output and return it with the ids already done and their counts (for ``resume``).

    An existing non-empty file is never clobbered by accident: ``resume``
    appends to it, ``force`` starts it again, neither is a usage error. The
    file is locked so that two cron runs cannot interleave their lines, and
    it may never be one of the inputs. (``BatchSpec`` checks that ``resume``
    and ``force`` are not both given, and that ``resume`` has a file.)
    """
    if path is None or str(path) == "-":
        return JsonLinesSink(sys.stdout.buffer), Counter()
    path = Path(path)
    _check_output_file(path, protected)
    lock = _lock(path)
    try:
        handle = open(path, "a+b")  # noqa: SIM115 - closed by the sink
    except OSError as exc:
        lock.release()
        raise UsageError(f"--output {path}: cannot open ({exc.strerror})") from None
    try:
        done = _prepare(handle, path, resume=resume, force=force)
    except BaseException:
        handle.close()
        lock.release()
        raise
    return JsonLinesSink(handle, path, owned=True, lock=lock), done


def _check_output_file(path: Path, protected: Iterable[Path]) -> None:
    if path.is_dir():
        raise UsageError(f"--output {path}: is a folder (use --output-dir for one file per article)")
    if any(resolved(path) == resolved(p) for p in protected):
        raise UsageError(f"--output {path}: is one of the inputs; refusing to overwrite it")
    if path.parent and not path.parent.exists():
        raise UsageError(f"--output {path}: folder {path.parent} does not exist")


def _lock(path: Path) -> Any:
    """A lock beside the output (``.NAME.lock``, hidden, so never read back as an input)."""
    from filelock import FileLock, Timeout

    lock = FileLock(path.with_name(f".{path.name}.lock"), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise UsageError(f"--output {path}: another summarize batch is writing it") from None
    except OSError as exc:
        raise UsageError(f"--output {path}: cannot lock ({exc.strerror})") from None
    return lock


def is_batch_output(path: Path) -> bool:
    """Whether ``path`` is missing, empty or holds a batch's records: what ``--resume`` may append to
    and what a batch may leave out of its inputs. An article never has a line that is a JSON object
    with an ``id``; a first record cut by a crash still starts like one."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_OUTPUT_PROBE)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if not head.strip():
        return True
    lines = head.splitlines()
    if len(head) == _OUTPUT_PROBE and len(lines) > 1:
        lines.pop()  # cut by the probe
    return lines[0].lstrip().startswith(b'{"id":') or any(_record_id(line) is not None for line in lines)


#: Bytes of an existing output read to tell a batch's records from anything else.
_OUTPUT_PROBE = 1 << 20


def _prepare(handle: IO[bytes], path: Path, *, resume: bool, force: bool) -> Counter[str]:
    """Ids already done (resume), an emptied file (force), or a refusal; then the end of the file."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    done: Counter[str] = Counter()
    if size and resume and not is_batch_output(path):
        raise UsageError(
            f"--output {path}: is not a summarize batch output (no record in it); "
            "--resume only appends to one: choose another --output"
        )
    if size and resume:
        done = _repair_and_read_ids(handle)
    elif size and force:
        handle.truncate(0)
    elif size:
        raise UsageError(
            f"--output {path} already exists: add --resume to carry on where it stopped, or --force to start again"
        )
    handle.seek(0, os.SEEK_END)
    return done


def _repair_and_read_ids(handle: IO[bytes]) -> Counter[str]:
    """Ids of the complete records, each with how many records it has (a duplicate's error record counts);
    a half-written last line (a crash) is cut off, nothing else is touched."""
    handle.seek(0)
    done: Counter[str] = Counter()
    good_end = 0
    for raw in handle:
        if not raw.endswith(b"\n"):
            ident = _record_id(raw)
            if ident is None:  # the remains of a crash mid-line: retried
                handle.truncate(good_end)
            else:  # a whole record that only lacks its newline
                done[ident] += 1
                handle.seek(0, os.SEEK_END)
                handle.write(b"\n")
            break
        good_end += len(raw)
        ident = _record_id(raw)
        if ident is not None:
            done[ident] += 1
    return done


def _record_id(raw: bytes) -> str | None:
    try:
        record = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if isinstance(record, dict) and "id" in record:
        return record_key(record["id"])
    return None


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(ident: Any, suffix: str = ".json", *, hashed: bool = False) -> str:
    """A file name for an id: ASCII letters, digits, ``._-``; never hidden, never a path.

    An id that had to change (``wire/a.txt``, ``été``, a very long one) gets a
    short hash of the original, so that two ids never share a file.
    """
    text = ident if isinstance(ident, str) else record_key(ident)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _UNSAFE.sub("_", ascii_text).strip("._-")[:80].rstrip("._-")
    if hashed or not slug or slug != text or len(text) > 80:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        slug = f"{slug or 'article'}-{digest}"
    return slug + suffix


class DirectorySink:
    """One ``<safe-name>.json`` per article inside ``folder``, each written atomically (temp file + rename)."""

    def __init__(self, folder: Path, protected: Iterable[Path] = (), *, resume: bool = False) -> None:
        self.folder = folder
        self.resume = resume
        self.real = resolved(folder)
        self.protected = {resolved(p) for p in protected}
        #: files written by this run: a later record with the same file name never replaces the first
        self.written: set[Path] = set()

    def target(self, ident: Any) -> Path:
        path = self.folder / safe_name(ident)
        if resolved(path) in self.protected:  # an input file has that name: never overwrite it
            path = self.folder / safe_name(ident, hashed=True)
        if resolved(path).parent != self.real:  # cannot happen with safe_name; belt and braces
            raise UsageError(f"refusing to write outside {self.folder}: {ident!r}")
        return path

    def done(self, ident: Any) -> bool:
        return self.target(ident).exists()

    def key(self, ident: Any) -> str:
        return safe_name(ident)

    def write(self, ident: Any, text: str) -> None:
        target = self.target(ident)
        if target in self.written or (self.resume and target.exists()):
            return  # a duplicate's error record: the first article keeps its file (resumed or not)
        try:
            write_atomic(target, text.encode("utf-8", "backslashreplace") + b"\n")
        except OSError as exc:
            raise OutputError(f"--output-dir {self.folder}: cannot write {target.name} ({exc.strerror})") from None
        self.written.add(target)

    def close(self) -> None:
        with contextlib.suppress(OSError, AttributeError):
            fd = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def open_output_dir(
    folder: str | Path, *, resume: bool = False, force: bool = False, protected: Iterable[Path] = ()
) -> DirectorySink:
    """Create ``folder`` if needed; refuse to mix with an earlier run's files unless told how."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output-dir {folder}: exists and is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--output-dir {folder}: cannot create ({exc.strerror})") from None
    if not resume and not force and any(folder.glob("*.json")):
        raise UsageError(
            f"--output-dir {folder} already has briefs: add --resume to skip those, or --force to overwrite them"
        )
    return DirectorySink(folder, protected, resume=resume)
