"""Running the items: here, in a process pool or on Dask; records written in order or as they come; the counts.

A chunk whose worker dies is retried one article at a time, so that one
article that kills its worker fails alone.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from summarize.batch.backends import Backend, DaskBackend, PoolBackend, result
from summarize.batch.sinks import Sink
from summarize.batch.work import Failure, Item, Job, Outcome, failed, process_items
from summarize.errors import INTERNAL

#: Articles per task: enough to make inter-process traffic negligible next to
#: the work of an article, few enough for a smooth progress bar.
DEFAULT_CHUNK_SIZE = 8


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

    def count(self, outcome: Outcome) -> None:
        if outcome.error is None:
            self.done += 1
        else:
            self.failed += 1
            self.errors[outcome.error] += 1

    def summary(self) -> str:
        """The one line printed at the end of a batch."""
        parts = [f"{self.done} done", f"{self.failed} failed"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped (already in the output)")
        line = ", ".join(parts) + f" in {self.elapsed:.1f} s ({self.rate:.1f} articles/s)"
        if self.errors:
            line += "; errors: " + ", ".join(f"{code} {n}" for code, n in self.errors.most_common())
        return line + ("; interrupted" if self.interrupted else "")


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
    sink: Sink,
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
    process pool; ``scheduler`` (``local`` or an address) uses Dask (values
    as checked by ``BatchSpec``). ``skip`` says which ids are already done
    (``resume``). On Ctrl-C the workers are stopped, everything written
    stays written, and KeyboardInterrupt is raised again with
    ``report.interrupted`` set.
    """
    report = report if report is not None else Report()

    def todo() -> Iterator[Item]:
        for item in items:
            if skip is not None and skip(item.ident):
                report.skipped += 1
                continue
            yield item

    def emit(outcomes: list[Outcome]) -> None:
        for outcome in outcomes:
            sink.write(outcome.ident, outcome.record)
            report.count(outcome)
            if on_outcome is not None:
                on_outcome(outcome)

    backend: Backend | None = None
    finished = False
    try:
        if scheduler is None and workers == 1:  # here; a few articles at a time when they are translated together
            from summarize.pipeline import TRANSLATE_GROUP

            for group in _chunks(todo(), TRANSLATE_GROUP if job.options.to else 1):
                emit(process_items(group, job))
        else:
            backend = DaskBackend(scheduler, workers, job) if scheduler is not None else PoolBackend(workers, job)
            drive(backend, _chunks(todo(), chunk_size), job, ordered, emit, report)
        finished = True
    except KeyboardInterrupt:
        report.interrupted = True
        raise
    finally:
        if backend is not None:
            backend.close(cancel=not finished)
        report.finished = time.perf_counter()
    return report


def drive(
    backend: Backend,
    chunks: Iterator[list[Item]],
    job: Job,
    ordered: bool,
    emit: Callable[[list[Outcome]], None],
    report: Report,
) -> None:
    """Keep ``backend.window`` chunks in flight; hand back results in order or as they come."""

    def collect(future: Any, chunk: list[Item]) -> None:
        try:
            outcomes, pid, peak = result(future)
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


def _retry_alone(backend: Backend, chunk: list[Item], job: Job, error: BaseException) -> list[Outcome]:
    """A chunk whose worker died: find the article that kills it, brief the others."""
    outcomes: list[Outcome] = []
    for item in chunk:
        backend.recover()
        try:
            outcomes.extend(result(backend.submit([item])).outcomes)
        except KeyboardInterrupt:
            raise
        except BaseException as again:
            message = f"the worker process died on this article ({type(again).__name__}: {again or error})"
            outcomes.append(failed(item.ident, Failure("internal", message, INTERNAL), job))
    backend.recover()
    return outcomes
