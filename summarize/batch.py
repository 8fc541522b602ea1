"""Batch work: folders and JSON Lines feeds in, one JSON Lines record per article out.

What a newsroom needs from a night's run, and how this module gives it:

* One bad article never stops the batch: every failure in an article becomes
  an error record (``{"id": ..., "error": {"code", "message", "exit_code"}}``)
  and the rest go on.
* A crash or Ctrl-C loses nothing already written: records are written and
  flushed one line at a time, by this (the parent) process only; ``resume``
  reads the ids already in the output and skips them, after cutting off a
  last line half-written by a crash.
* Parallel: worker processes load langdetect profiles, the ranker and the
  translators once (:func:`warm`, cached per process) and brief chunks of
  articles; input is fed in a bounded window of chunks, so a 100,000-line
  feed never sits in memory; results come back in input order, or as they
  finish with ``ordered=False``.
* Dask: the same chunks go to a Dask cluster (``scheduler="local"`` for a
  ``LocalCluster``, or ``tcp://host:8786``); the same per-process cache means
  each Dask worker loads its models once.

The parent reads and checks the input (size, binary, encoding, empty) so that
workers, local or remote, only ever receive text; they never need the files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from summarize.errors import (
    INTERNAL,
    InputNotFoundError,
    InvalidRecordError,
    NetworkError,
    SummarizeError,
    UsageError,
)
from summarize.reading import DEFAULT_MAX_BYTES

#: An article on its way to a worker: (id, text, name for Source.name, or a failure
#: found while reading it: (code, message, exit_code)). Tuples pickle fast.
ErrorInfo = tuple[str, str, int]
Item = tuple[Any, str | None, str | None, ErrorInfo | None]
#: What comes back for one article: (id, JSON text of its record, error code or None).
Outcome = tuple[Any, str, str | None]
#: What comes back for one chunk: outcomes, worker pid, worker peak RSS in KB.
ChunkResult = tuple[list[Outcome], int, int]

#: Articles per task: enough to make inter-process traffic negligible next to
#: ~8 ms of work per article, few enough for a smooth progress bar.
DEFAULT_CHUNK_SIZE = 8
#: Chunks in flight per worker: keeps workers busy while bounding memory.
CHUNKS_PER_WORKER = 4

#: A short French article that every worker briefs once to load its models.
_WARM_TEXT = (
    "Le conseil municipal a voté mardi soir le budget de la ville pour l'année prochaine. "
    "Les investissements porteront surtout sur les écoles et les transports publics. "
    "L'opposition a dénoncé une hausse des impôts locaux jugée trop forte. "
    "Le maire a promis une réunion publique avant la fin du mois."
)


def available_cores() -> int:
    """Cores this process may use (the CPU affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


# --------------------------------------------------------------------------
# The work: one article, one chunk, on whatever process runs it


@dataclass(frozen=True)
class Job:
    """Per-article options (those of :func:`summarize.pipeline.brief`), hashable for the warm cache."""

    sentences: int | None = None
    ratio: float | None = None
    words: int | None = None
    algorithm: str | None = None
    source_lang: str | None = None
    to: tuple[str, ...] = ()
    models_dir: str | None = None
    device: str = "cpu"
    #: CTranslate2 threads per worker (0: CTranslate2's default). Throughput
    #: comes from workers, one translation thread each (CTranslate2's advice);
    #: measured on a 2-core VM with the fixture model: -j 1 ran 3.6 articles/s
    #: with 2 intra-op threads and 43 with 1, -j 2 ran 73.
    threads: int = 1
    #: Indented JSON (one file per article) instead of one compact line.
    pretty: bool = False

    def brief_options(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences,
            "ratio": self.ratio,
            "words": self.words,
            "algorithm": self.algorithm,
            "source_lang": self.source_lang,
            "to": list(self.to),
            "models_dir": self.models_dir,
            "device": self.device,
            "threads": self.threads,
        }


def make_job(
    *,
    sentences: int | None = None,
    ratio: float | None = None,
    words: int | None = None,
    algorithm: str | None = None,
    source_lang: str | None = None,
    to: str | Sequence[str] | None = None,
    models_dir: str | Path | None = None,
    device: str = "cpu",
    threads: int = 1,
    pretty: bool = False,
) -> Job:
    """Check the options once, before any article: a bad flag is a usage error, not 2,000 error records."""
    from summarize.detect import check_language
    from summarize.pipeline import _length, parse_targets
    from summarize.rank import check_algorithm
    from summarize.translate import check_options

    _length(sentences, ratio, words)
    if algorithm is not None:
        check_algorithm(algorithm.lower())
    check_options(device, threads)
    return Job(
        sentences=sentences,
        ratio=ratio,
        words=words,
        algorithm=algorithm.lower() if algorithm else None,
        source_lang=check_language(source_lang) if source_lang else None,
        to=tuple(parse_targets(to)),
        models_dir=str(models_dir) if models_dir else None,
        device=device,
        threads=threads,
        pretty=pretty,
    )


def dumps(record: dict[str, Any], pretty: bool = False) -> str:
    """One record as JSON: a compact line, or indented for a file of its own."""
    if pretty:
        return json.dumps(record, ensure_ascii=False, indent=2)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def error_record(ident: Any, code: str, message: str, exit_code: int) -> dict[str, Any]:
    """The record of an article that failed; ``exit_code`` is what ``summarize`` alone would exit with."""
    return {"id": ident, "error": {"code": code, "message": message, "exit_code": exit_code}}


def _failure(error: BaseException) -> ErrorInfo:
    if isinstance(error, SummarizeError):
        return error.code, str(error), error.exit_code
    return "internal", f"{type(error).__name__}: {error}", INTERNAL


def process_item(item: Item, job: Job) -> Outcome:
    """Brief one article; any failure in it becomes its error record, never an exception."""
    ident, text, name, failure = item
    if failure is None and text is not None:
        try:
            from summarize.pipeline import brief

            result = brief(text, name=name, **job.brief_options())
            return ident, dumps({"id": ident, **result.to_dict()}, job.pretty), None
        except Exception as error:
            failure = _failure(error)
    if failure is None:
        failure = ("internal", "no text and no error for this article", INTERNAL)
    code, message, exit_code = failure
    return ident, dumps(error_record(ident, code, message, exit_code), job.pretty), code


@functools.lru_cache(maxsize=8)
def warm(job: Job) -> None:
    """Load what every article needs, once per process (worker-side cache).

    Briefing a small French article with the job's options loads langdetect's
    profiles, the ranker and the translators for the targets; later articles
    find them in the stages' own caches. Failures here are ignored: the
    articles will report them, each in its record.
    """
    if job.to:
        tune_malloc()
    with contextlib.suppress(Exception):
        from summarize.detect import _factory

        _factory()
    with contextlib.suppress(Exception):
        from summarize.pipeline import brief

        brief(_WARM_TEXT, **job.brief_options())


def tune_malloc() -> None:
    """Let a translating worker keep the memory it frees, for the next batch.

    CTranslate2 allocates and frees large buffers on every ``translate_batch``.
    With glibc's thresholds fixed low, as Dask's nanny does for its workers
    (``MALLOC_TRIM_THRESHOLD_=65536``), each batch hands them back to the
    system and faults them in again: translation ran 3 times slower (20 -> 64
    ms an article with the fixture model). Fixed thresholds of 32 MiB (mmap)
    and 64 MiB (trim) measured 14 ms. Only in processes that translate a batch;
    a no-op where the C library has no ``mallopt``.
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        libc.mallopt(m_mmap_threshold, 32 << 20)
        libc.mallopt(m_trim_threshold, 64 << 20)


def peak_rss_kb() -> int:
    """This process's peak resident memory in KB (0 where unknown)."""
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    except (ImportError, OSError):
        return 0
    return peak // 1024 if sys.platform == "darwin" else peak


def process_chunk(items: list[Item], job: Job) -> ChunkResult:
    """A worker's task: warm once, then brief each article of the chunk."""
    warm(job)
    return [process_item(item, job) for item in items], os.getpid(), peak_rss_kb()


def _init_pool_worker(job: Job, parent: int, environ: dict[str, str]) -> None:
    """Pool initializer: Ctrl-C is the parent's to handle (no tracebacks from each worker), then warm up.

    ``environ`` is the parent's environment at the start of this batch: the
    fork server keeps the one it started with, which a long-lived library
    user (one process, several batches, ``ARGOS_PACKAGES_DIR`` changed in
    between) would otherwise see in every later batch's workers.
    """
    import signal
    import threading

    os.environ.clear()
    os.environ.update(environ)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), name="summarize-watchdog", daemon=True).start()
    warm(job)


def _exit_with_parent(parent: int, interval: float = 0.5) -> None:
    """A worker whose batch was killed (kill -9, out of memory) exits too instead of lingering.

    Pool workers hold both ends of their task pipe, so they never see the
    parent go away on their own.
    """
    while _alive(parent):
        time.sleep(interval)
    os._exit(1)


def _alive(pid: int) -> bool:
    """True while ``pid`` runs: a zombie (dead, not yet reaped by its shell) counts as gone."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # PermissionError: someone else's process took the pid
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):  # no /proc: trust kill()
        return True
    return state not in (b"Z", b"X")


# --------------------------------------------------------------------------
# Inputs: files and folders, or JSON Lines


def discover_files(
    paths: Sequence[str | Path],
    pattern: str = "*",
    *,
    exclude_files: Iterable[Path] = (),
    exclude_dirs: Iterable[Path] = (),
) -> list[Path]:
    """Files named, plus files under folders (recursive, matching ``pattern``), sorted.

    Hidden files and folders (``.git``, ``.DS_Store``) are skipped under a
    folder, as are our own outputs; a named path that does not exist is an
    error before anything starts.
    """
    skip_files = {_resolved(p) for p in exclude_files}
    skip_dirs = [_resolved(p) for p in exclude_dirs]
    found: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path, named: bool) -> None:
        real = _resolved(path)
        if real in seen:
            return
        if not named and (real in skip_files or any(real.is_relative_to(d) for d in skip_dirs)):
            return
        seen.add(real)
        found.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob(pattern), key=str):
                if not any(part.startswith(".") for part in child.relative_to(path).parts) and child.is_file():
                    add(child, named=False)
        elif path.exists():
            add(path, named=True)  # named on the command line: always an input, so never overwritten
        else:
            raise InputNotFoundError(f"{raw}: no such file or folder")
    return found


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(os.path.abspath(path))


def file_items(files: Iterable[Path], *, encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Read and check each file in this process; a file that cannot be read becomes a failed item."""
    from summarize.reading import read_path

    for path in files:
        ident = str(path)
        try:
            document = read_path(path, encoding=encoding, max_bytes=max_bytes)
        except SummarizeError as error:
            yield ident, None, ident, _failure(error)
            continue
        yield ident, document.text, ident, None


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
    becomes a failed item with that id.
    """
    from summarize.reading import decode

    for lineno, raw in _lines(stream, max_bytes * 2 + 1024):
        fallback = f"{source}:{lineno}"
        if raw is None:
            yield fallback, None, None, ("input_too_large", f"line {lineno}: record is too long", 6)
            continue
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            yield fallback, None, None, _invalid(f"line {lineno}: not valid JSON ({reason})")
            continue
        if not isinstance(record, dict):
            yield fallback, None, None, _invalid(f"line {lineno}: not a JSON object")
            continue
        ident = record.get(id_field)
        if ident is None or ident == "":
            ident = fallback
        elif isinstance(ident, bool) or not isinstance(ident, str | int):
            ident = json.dumps(ident, ensure_ascii=False)
        text = record.get(text_field)
        if not isinstance(text, str):
            what = "has no" if text is None else "has a non-text"
            yield ident, None, None, _invalid(f"line {lineno}: record {what} {text_field!r} field (see --text-field)")
            continue
        title = record.get(title_field) if title_field else None
        if isinstance(title, str) and title.strip():
            text = f"{title.strip()}\n{text}"
        try:
            document = decode(text.encode("utf-8", "surrogatepass"), name=str(ident), max_bytes=max_bytes)
        except SummarizeError as error:
            yield ident, None, None, _failure(error)
            continue
        yield ident, document.text, None, None


def _invalid(message: str) -> ErrorInfo:
    return InvalidRecordError.code, message, InvalidRecordError.exit_code


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
    """Ids compare as text: a feed's 42 and "42" are the same article."""
    return ident if isinstance(ident, str) else json.dumps(ident, ensure_ascii=False)


# --------------------------------------------------------------------------
# Outputs: one JSON Lines file (or stdout), or one file per article


class JsonLinesSink:
    """Records as lines, each written whole and flushed at once: a crash loses nothing written."""

    def __init__(self, stream: IO[bytes], path: Path | None = None, *, owned: bool = False) -> None:
        self.stream = stream
        self.path = path
        self.owned = owned

    def write(self, ident: Any, text: str) -> None:
        self.stream.write(text.encode("utf-8") + b"\n")
        self.stream.flush()

    def done(self, ident: Any) -> bool:
        return False

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.stream.flush()
        if self.path is not None:
            with contextlib.suppress(OSError, ValueError):
                os.fsync(self.stream.fileno())
        if self.owned:
            with contextlib.suppress(OSError, ValueError):
                self.stream.close()


def open_output(
    path: str | Path | None,
    *,
    resume: bool = False,
    force: bool = False,
    protected: Iterable[Path] = (),
) -> tuple[JsonLinesSink, set[str]]:
    """Open the JSON Lines output and return it with the ids already done (for ``resume``).

    An existing non-empty file is never clobbered by accident: ``resume``
    appends to it, ``force`` starts it again, neither is a usage error. The
    file is locked so that two cron runs cannot interleave their lines, and
    it may never be one of the inputs.
    """
    if path is None or str(path) == "-":
        if resume:
            raise UsageError("--resume needs --output FILE or --output-dir DIR (it reads what is already there)")
        return JsonLinesSink(sys.stdout.buffer), set()
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"--output {path}: is a folder (use --output-dir for one file per article)")
    if resume and force:
        raise UsageError("--resume and --force contradict each other: choose one")
    real = _resolved(path)
    if any(real == _resolved(p) for p in protected):
        raise UsageError(f"--output {path}: is one of the inputs; refusing to overwrite it")
    if path.parent and not path.parent.exists():
        raise UsageError(f"--output {path}: folder {path.parent} does not exist")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise UsageError(f"--output {path}: cannot open ({exc.strerror})") from None
    handle = os.fdopen(fd, "r+b")
    try:
        _lock(handle, path)
        size = os.fstat(fd).st_size
        done: set[str] = set()
        if size and resume:
            done = _repair_and_read_ids(handle)
        elif size and force:
            handle.truncate(0)
        elif size:
            raise UsageError(
                f"--output {path} already exists: add --resume to carry on where it stopped, or --force to start again"
            )
        handle.seek(0, os.SEEK_END)
    except BaseException:
        handle.close()
        raise
    return JsonLinesSink(handle, path, owned=True), done


def _lock(handle: IO[bytes], path: Path) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise UsageError(f"--output {path}: another summarize batch is writing it") from None
    except OSError:  # file systems without locks: carry on
        pass


def _repair_and_read_ids(handle: IO[bytes]) -> set[str]:
    """Ids of the complete records; a half-written last line (a crash) is cut off, nothing else is touched."""
    handle.seek(0)
    done: set[str] = set()
    good_end = 0
    for raw in handle:
        if not raw.endswith(b"\n"):
            ident = _record_id(raw)
            if ident is None:  # the remains of a crash mid-line: retried below
                handle.truncate(good_end)
            else:  # a whole record that only lacks its newline
                done.add(ident)
                handle.seek(0, os.SEEK_END)
                handle.write(b"\n")
            break
        good_end += len(raw)
        ident = _record_id(raw)
        if ident is not None:
            done.add(ident)
    return done


def _record_id(raw: bytes) -> str | None:
    try:
        record = json.loads(raw)
    except ValueError:
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
    text = record_key(ident)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _UNSAFE.sub("_", ascii_text).strip("._-")[:80].rstrip("._-")
    if hashed or not slug or slug != text or len(text) > 80:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        slug = f"{slug or 'article'}-{digest}"
    return slug + suffix


class DirectorySink:
    """One ``<safe-name>.json`` per article inside ``folder``, each written atomically (temp file + rename)."""

    def __init__(self, folder: Path, protected: Iterable[Path] = ()) -> None:
        self.folder = folder
        self.real = _resolved(folder)
        self.protected = {_resolved(p) for p in protected}

    def target(self, ident: Any) -> Path:
        path = self.folder / safe_name(ident)
        if _resolved(path) in self.protected:  # an input file has that name: never overwrite it
            path = self.folder / safe_name(ident, hashed=True)
        if _resolved(path).parent != self.real:  # cannot happen with safe_name; belt and braces
            raise UsageError(f"refusing to write outside {self.folder}: {ident!r}")
        return path

    def done(self, ident: Any) -> bool:
        return self.target(ident).exists()

    def write(self, ident: Any, text: str) -> None:
        path = self.target(ident)
        tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
        try:
            with open(tmp, "wb") as handle:
                handle.write(text.encode("utf-8") + b"\n")
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise

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
    if resume and force:
        raise UsageError("--resume and --force contradict each other: choose one")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--output-dir {folder}: cannot create ({exc.strerror})") from None
    if not resume and not force and any(folder.glob("*.json")):
        raise UsageError(
            f"--output-dir {folder} already has briefs: add --resume to skip those, or --force to overwrite them"
        )
    return DirectorySink(folder, protected)


# --------------------------------------------------------------------------
# Running: in this process, in a process pool, or on Dask


@dataclass
class Report:
    """Counts so far; complete when ``run`` returns (or raises KeyboardInterrupt)."""

    done: int = 0
    failed: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.perf_counter)
    finished: float | None = None
    interrupted: bool = False
    errors: Counter[str] = field(default_factory=Counter)
    #: worker pid -> peak resident memory (KB) seen in its replies
    peak_rss_kb: dict[int, int] = field(default_factory=dict)

    @property
    def elapsed(self) -> float:
        return (self.finished or time.perf_counter()) - self.started

    @property
    def rate(self) -> float:
        """Articles per second (done and failed: both cost work)."""
        return (self.done + self.failed) / self.elapsed if self.elapsed > 0 else 0.0

    def summary(self) -> str:
        """The one line printed at the end of a batch."""
        parts = [f"{self.done} done", f"{self.failed} failed"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped (already in the output)")
        line = ", ".join(parts) + f" in {self.elapsed:.1f} s ({self.rate:.1f} articles/s)"
        if self.errors:
            line += "; errors: " + ", ".join(f"{code} {n}" for code, n in self.errors.most_common())
        return line + ("; interrupted" if self.interrupted else "")


class _Backend:
    """Somewhere to run chunks: submit, wait, and stop."""

    window: int = 1

    def submit(self, chunk: list[Item]) -> Any:
        raise NotImplementedError

    def wait_any(self, futures: set[Any]) -> tuple[set[Any], set[Any]]:
        raise NotImplementedError

    def recover(self) -> None:
        """After a task failed: make sure later submissions work (e.g. a fresh pool)."""

    def close(self, cancel: bool = False) -> None:
        pass


class _PoolBackend(_Backend):
    """Local worker processes.

    Start method: ``forkserver``, not ``fork`` nor ``spawn``. Forking the
    parent directly would copy whatever threads and locks it holds at that
    moment (the progress bar's refresh thread, CTranslate2's OpenMP pool if a
    library user translated before) and can deadlock; ``spawn`` is safe but
    starts each worker as a fresh interpreter that re-imports everything. The
    fork server is a clean single-threaded process that has already imported
    the pipeline's modules, so workers fork from it quickly and safely.
    """

    def __init__(self, workers: int, job: Job) -> None:
        import multiprocessing

        self.workers = workers
        self.job = job
        self.window = workers * CHUNKS_PER_WORKER
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        self.context = multiprocessing.get_context(method)
        if method == "forkserver":
            self.context.set_forkserver_preload(
                ["summarize.pipeline", "summarize.detect", "summarize.segment", "summarize.rank", "summarize.batch"]
            )
        self.executor = self._start()

    def _start(self) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self.context,
            initializer=_init_pool_worker,
            initargs=(self.job, os.getpid(), dict(os.environ)),
        )

    def submit(self, chunk: list[Item]) -> Any:
        return self.executor.submit(process_chunk, chunk, self.job)

    def wait_any(self, futures: set[Any]) -> tuple[set[Any], set[Any]]:
        from concurrent.futures import FIRST_COMPLETED, wait

        done, pending = wait(futures, return_when=FIRST_COMPLETED)
        return set(done), set(pending)

    def recover(self) -> None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            self.executor.submit(os.getpid).result()
        except BrokenProcessPool:
            self.close(cancel=True)
            self.executor = self._start()

    def close(self, cancel: bool = False) -> None:
        if cancel:
            processes = list(getattr(self.executor, "_processes", {}).values())
            self.executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                with contextlib.suppress(Exception):
                    process.terminate()
        else:
            self.executor.shutdown(wait=True)


def _dask() -> Any:
    try:
        import distributed
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'summarize[dask]'") from None
    return distributed


class _DaskBackend(_Backend):
    """A Dask cluster: ``local`` (a LocalCluster of worker processes) or a scheduler's address."""

    def __init__(self, scheduler: str, workers: int, job: Job) -> None:
        import logging

        distributed = _dask()
        self.distributed = distributed
        self.cluster: Any = None
        if scheduler == "local":
            self.cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = distributed.Client(self.cluster)
        else:
            try:
                self.client = distributed.Client(scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise NetworkError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        threads = sum(self.client.nthreads().values()) or 1
        self.window = threads * CHUNKS_PER_WORKER
        self.job = job
        with contextlib.suppress(Exception):  # loads models on every worker, in parallel
            self.client.run(warm, job)

    def submit(self, chunk: list[Item]) -> Any:
        return self.client.submit(process_chunk, chunk, self.job, pure=False)

    def wait_any(self, futures: set[Any]) -> tuple[set[Any], set[Any]]:
        done, pending = self.distributed.wait(list(futures), return_when="FIRST_COMPLETED")
        return set(done), set(pending)

    def close(self, cancel: bool = False) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_batch(
    items: Iterable[Item],
    job: Job,
    sink: JsonLinesSink | DirectorySink,
    *,
    workers: int = 1,
    ordered: bool = True,
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    skip: Callable[[Any], bool] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    report: Report | None = None,
) -> Report:
    """Brief every item into ``sink`` and return the counts.

    ``workers`` 1 without a scheduler runs here, in this process; more uses a
    process pool; ``scheduler`` (``local`` or an address) uses Dask. ``skip``
    says which ids are already done (``resume``). On Ctrl-C the workers are
    stopped, everything written stays written, and KeyboardInterrupt is
    raised again with ``report.interrupted`` set.
    """
    report = report if report is not None else Report()
    if chunk_size < 1:
        raise UsageError(f"--chunk-size must be at least 1 (got {chunk_size})")
    if workers < 1:
        raise UsageError(f"--workers must be at least 1 (got {workers})")

    def todo() -> Iterator[Item]:
        for item in items:
            if skip is not None and skip(item[0]):
                report.skipped += 1
                continue
            yield item

    def emit(outcomes: list[Outcome]) -> None:
        for outcome in outcomes:
            sink.write(outcome[0], outcome[1])
            if outcome[2] is None:
                report.done += 1
            else:
                report.failed += 1
                report.errors[outcome[2]] += 1
            if on_outcome is not None:
                on_outcome(outcome)

    backend: _Backend | None = None
    finished = False
    try:
        if scheduler is None and workers == 1:
            for item in todo():
                emit([process_item(item, job)])
        else:
            backend = _DaskBackend(scheduler, workers, job) if scheduler is not None else _PoolBackend(workers, job)
            _drive(backend, _chunks(todo(), chunk_size), job, ordered, emit, report)
        finished = True
    except KeyboardInterrupt:
        report.interrupted = True
        raise
    finally:
        if backend is not None:
            backend.close(cancel=not finished)
        report.finished = time.perf_counter()
    return report


def _drive(
    backend: _Backend,
    chunks: Iterator[list[Item]],
    job: Job,
    ordered: bool,
    emit: Callable[[list[Outcome]], None],
    report: Report,
) -> None:
    """Keep ``backend.window`` chunks in flight; hand back results in order or as they come."""

    def collect(future: Any, chunk: list[Item]) -> None:
        try:
            outcomes, pid, peak = future.result()
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # a worker died (segfault, out of memory): retry one by one
            outcomes = _retry_alone(backend, chunk, job, error)
        else:
            report.peak_rss_kb[pid] = max(peak, report.peak_rss_kb.get(pid, 0))
        emit(outcomes)

    if ordered:
        queue: deque[tuple[Any, list[Item]]] = deque()
        for chunk in chunks:
            queue.append((backend.submit(chunk), chunk))
            while len(queue) >= backend.window:
                collect(*queue.popleft())
        while queue:
            collect(*queue.popleft())
        return
    pending: dict[Any, list[Item]] = {}

    def reap() -> None:
        done, _ = backend.wait_any(set(pending))
        for future in done:
            collect(future, pending.pop(future))

    for chunk in chunks:
        pending[backend.submit(chunk)] = chunk
        while len(pending) >= backend.window:
            reap()
    while pending:
        reap()


def _retry_alone(backend: _Backend, chunk: list[Item], job: Job, error: BaseException) -> list[Outcome]:
    """A chunk whose worker died: find the article that kills it, brief the others."""
    outcomes: list[Outcome] = []
    for item in chunk:
        backend.recover()
        try:
            result, _, _ = backend.submit([item]).result()
            outcomes.extend(result)
        except KeyboardInterrupt:
            raise
        except BaseException as again:
            message = f"the worker process died on this article ({type(again).__name__}: {again or error})"
            outcomes.append(
                (item[0], dumps(error_record(item[0], "internal", message, INTERNAL), job.pretty), "internal")
            )
    backend.recover()
    return outcomes


# --------------------------------------------------------------------------
# The whole batch, as the CLI (or a script) runs it


@dataclass
class BatchSpec:
    """Where articles come from and where records go; ``job`` says what to do with each."""

    paths: Sequence[str | Path] = ()
    jsonl: str | None = None
    glob: str = "*"
    id_field: str = "id"
    text_field: str = "text"
    title_field: str | None = None
    encoding: str = "utf-8"
    max_bytes: int = DEFAULT_MAX_BYTES
    output: str | None = None
    output_dir: str | None = None
    resume: bool = False
    force: bool = False
    workers: int | None = None
    ordered: bool = True
    scheduler: str | None = None
    chunk_size: int = DEFAULT_CHUNK_SIZE


class Batch:
    """Checks everything that can be checked before the first article, then runs.

    ``open()`` raises the usage errors (missing input, output already there,
    contradicting options); ``total`` is then known when it can be (files,
    a feed file) for a progress bar; ``run()`` does the work.
    """

    def __init__(self, spec: BatchSpec, job: Job) -> None:
        self.spec = spec
        self.job = job
        self.report = Report()
        self.total: int | None = None
        self.sink: JsonLinesSink | DirectorySink | None = None
        self._items: Iterable[Item] = ()
        self._done: set[str] = set()
        self._stream: IO[bytes] | None = None

    @property
    def workers(self) -> int:
        return self.spec.workers if self.spec.workers is not None else available_cores()

    def open(self) -> Batch:
        spec = self.spec
        if spec.paths and spec.jsonl is not None:
            raise UsageError("give files and folders, or --jsonl, not both")
        if not spec.paths and spec.jsonl is None:
            raise UsageError("nothing to do: name files or folders, or a feed with --jsonl FILE (- for stdin)")
        if spec.output is not None and spec.output_dir is not None:
            raise UsageError("choose --output or --output-dir, not both")
        if spec.workers is not None and spec.workers < 1:
            raise UsageError(f"--workers must be at least 1 (got {spec.workers})")
        if spec.chunk_size < 1:
            raise UsageError(f"--chunk-size must be at least 1 (got {spec.chunk_size})")
        if spec.scheduler is not None:
            _dask()
        changes: dict[str, Any] = {}
        if spec.output_dir is not None:
            changes["pretty"] = True
        if changes:
            self.job = dataclasses.replace(self.job, **changes)

        protected: list[Path] = []
        files: list[Path] = []
        out_file = Path(spec.output) if spec.output not in (None, "-") else None
        out_dir = Path(spec.output_dir) if spec.output_dir is not None else None
        if spec.jsonl is not None and spec.jsonl != "-":
            feed = Path(spec.jsonl)
            if not feed.is_file():
                raise InputNotFoundError(f"--jsonl {spec.jsonl}: no such file")
            protected.append(feed)
        elif spec.paths:
            files = discover_files(
                spec.paths,
                spec.glob,
                exclude_files=[out_file] if out_file else [],
                exclude_dirs=[out_dir] if out_dir else [],
            )
            protected.extend(files)
            if out_dir is not None:
                real = _resolved(out_dir)
                for raw in spec.paths:
                    if Path(raw).is_dir() and _resolved(Path(raw)) == real:
                        raise UsageError(f"--output-dir {out_dir}: is an input folder; choose another folder")
        if spec.output_dir is not None:
            self.sink = open_output_dir(spec.output_dir, resume=spec.resume, force=spec.force, protected=protected)
        else:
            self.sink, self._done = open_output(spec.output, resume=spec.resume, force=spec.force, protected=protected)
        try:
            if spec.jsonl is not None:
                if spec.jsonl == "-":
                    self._stream = sys.stdin.buffer
                else:
                    self._stream = open(spec.jsonl, "rb")  # noqa: SIM115 - closed in close()
                    self.total = max(0, count_lines(Path(spec.jsonl)) - len(self._done))
                self._items = feed_items(
                    self._stream,
                    source="stdin" if spec.jsonl == "-" else spec.jsonl,
                    id_field=spec.id_field,
                    text_field=spec.text_field,
                    title_field=spec.title_field,
                    max_bytes=spec.max_bytes,
                )
            else:
                if spec.resume:
                    before = len(files)
                    files = [f for f in files if not self._skip(str(f))]
                    self.report.skipped += before - len(files)
                self.total = len(files)
                self._items = file_items(files, encoding=spec.encoding, max_bytes=spec.max_bytes)
        except BaseException:
            self.close()
            raise
        return self

    def _skip(self, ident: Any) -> bool:
        if not self.spec.resume:
            return False
        if self.sink is not None and self.sink.done(ident):
            return True
        return record_key(ident) in self._done

    def run(self, on_outcome: Callable[[Outcome], None] | None = None) -> Report:
        """Brief everything; KeyboardInterrupt comes through after the workers are stopped."""
        if self.sink is None:
            self.open()
        assert self.sink is not None
        self.report.started = time.perf_counter()
        return run_batch(
            self._items,
            self.job,
            self.sink,
            workers=self.workers,
            ordered=self.spec.ordered,
            scheduler=self.spec.scheduler,
            chunk_size=self.spec.chunk_size,
            skip=self._skip if self.spec.resume else None,
            on_outcome=on_outcome,
            report=self.report,
        )

    def close(self) -> None:
        """Flush and sync the output, close the feed; safe to call twice."""
        if self.sink is not None:
            self.sink.close()
            self.sink = None
        if self._stream is not None and self._stream is not sys.stdin.buffer:
            self._stream.close()
        self._stream = None

    def __enter__(self) -> Batch:
        return self.open() if self.sink is None else self

    def __exit__(self, *exc: object) -> None:
        self.close()
