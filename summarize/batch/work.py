"""The work of a batch: one article, one chunk, on whatever process runs it.

Everything here runs in workers (the process itself with ``-j 1``, pool
processes, or Dask workers) and travels between processes, so the types are
small ``NamedTuple``s that pickle fast.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from summarize.errors import INTERNAL, SummarizeError
from summarize.options import BriefOptions

if TYPE_CHECKING:
    from summarize.results import Brief


class Failure(NamedTuple):
    """Why an article failed: the error's code, one-line message and the exit code ``summarize`` would give."""

    code: str
    message: str
    exit_code: int

    @classmethod
    def of(cls, error: BaseException) -> Failure:
        if isinstance(error, SummarizeError):
            return cls(error.code, str(error), error.exit_code)
        return cls("internal", f"{type(error).__name__}: {error}", INTERNAL)


class Item(NamedTuple):
    """An article on its way to a worker: its text and headline, or the failure met while reading it."""

    ident: Any
    text: str | None
    #: reported as ``source.name`` (the file path; None for a feed record)
    name: str | None = None
    #: the feed's headline, carried as data (never glued into the text)
    title: str | None = None
    failure: Failure | None = None
    #: an HTML page (a .html/.htm file, a feed record's ``html`` field): read with trafilatura
    html: bool = False


class Outcome(NamedTuple):
    """What comes back for one article: its record as JSON text, and its error code when it failed."""

    ident: Any
    record: str
    error: str | None


class ChunkResult(NamedTuple):
    """What comes back for one chunk, with the worker's pid and peak resident memory (KB)."""

    outcomes: list[Outcome]
    pid: int
    peak_rss_kb: int


@dataclass(frozen=True)
class Job:
    """What every worker does to each article: the brief's options, and how records are written."""

    options: BriefOptions = field(default_factory=BriefOptions)
    #: Indented JSON (one file per article) instead of one compact line.
    pretty: bool = False


#: A short French article that every worker briefs once to load its models.
WARM_TEXT = (
    "Le conseil municipal a voté mardi soir le budget de la ville pour l'année prochaine. "
    "Les investissements porteront surtout sur les écoles et les transports publics. "
    "L'opposition a dénoncé une hausse des impôts locaux jugée trop forte. "
    "Le maire a promis une réunion publique avant la fin du mois."
)


def dumps(record: dict[str, Any], pretty: bool = False) -> str:
    """One record as JSON: a compact line, or indented for a file of its own."""
    if pretty:
        return json.dumps(record, ensure_ascii=False, indent=2)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def error_record(ident: Any, failure: Failure) -> dict[str, Any]:
    """The record of an article that failed; ``exit_code`` is what ``summarize`` alone would exit with."""
    return {"id": ident, "error": failure._asdict()}


def failed(ident: Any, failure: Failure, job: Job) -> Outcome:
    return Outcome(ident, dumps(error_record(ident, failure), job.pretty), failure.code)


def process_item(item: Item, job: Job) -> Outcome:
    """Brief one article; any failure in it becomes its error record, never an exception."""
    result = _brief(item, job.options)
    return _outcome(item, result, job)


def process_chunk(items: list[Item], job: Job) -> ChunkResult:
    """A worker's task: warm once, then brief the chunk's articles.

    With targets, the articles are summarised first and translated together
    (``translate_briefs``: a few per model call, a third less CPU per article);
    the records are those of briefing each alone (up to CTranslate2's padding
    numerics, see ``translate_briefs``).
    """
    warm(job)
    return ChunkResult(process_items(items, job), os.getpid(), peak_rss_kb())


def process_items(items: list[Item], job: Job) -> list[Outcome]:
    """Brief these articles, translated together (see ``process_chunk``); every failure stays in its record."""
    if not job.options.to or len(items) < 2:
        return [process_item(item, job) for item in items]
    from summarize.pipeline import translate_briefs
    from summarize.results import Brief

    results = [_brief(item, job.options.but(to=())) for item in items]
    ready = [n for n, result in enumerate(results) if isinstance(result, Brief)]
    translated = translate_briefs([result for result in results if isinstance(result, Brief)], job.options)
    for n, result in zip(ready, translated, strict=True):
        results[n] = result if isinstance(result, Brief) else Failure.of(result)
    return [_outcome(item, result, job) for item, result in zip(items, results, strict=True)]


def _brief(item: Item, options: BriefOptions) -> Brief | Failure:
    """The article's brief, or why it failed (reading it, or any stage)."""
    if item.failure is not None:
        return item.failure
    if item.text is None:
        return Failure("internal", "no text and no error for this article", INTERNAL)
    try:
        from summarize.pipeline import brief

        fmt = "html" if item.html else None
        return brief(item.text, options, title=item.title, name=item.name, input_format=fmt)
    except Exception as error:
        return Failure.of(error)


def _outcome(item: Item, result: Brief | Failure, job: Job) -> Outcome:
    if isinstance(result, Failure):
        return failed(item.ident, result, job)
    return Outcome(item.ident, dumps({"id": item.ident, **result.to_dict()}, job.pretty), None)


@functools.lru_cache(maxsize=8)
def warm(job: Job) -> None:
    """Load what every article needs, once per process (worker-side cache).

    Briefing a small French article with the job's options loads langdetect's
    profiles, the ranker and the translators for the targets; later articles
    find them in the stages' own caches. Failures here are ignored: the
    articles will report them, each in its record.
    """
    if job.options.to:
        tune_malloc()
    with contextlib.suppress(Exception):
        from summarize.detect import known_languages

        known_languages()
    with contextlib.suppress(Exception):
        from summarize.pipeline import brief

        brief(WARM_TEXT, job.options)


def tune_malloc() -> None:
    """Let a translating worker keep the memory it frees, for the next batch.

    CTranslate2 allocates and frees large buffers on every ``translate_batch``.
    With glibc's thresholds fixed low, as Dask's nanny does for its workers
    (``MALLOC_TRIM_THRESHOLD_=65536``), each batch hands them back to the
    system and faults them in again, and translation runs several times
    slower (figures in the README, "Parallel"). Fixed thresholds of 32 MiB
    (mmap) and 64 MiB (trim) avoid it. Only in processes that translate a
    batch; a no-op where the C library has no ``mallopt``.
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


def available_cores() -> int:
    """Cores this process may use (the CPU affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1
