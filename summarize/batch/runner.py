"""The whole batch, as the CLI (or a script) runs it: ``BatchSpec`` → ``Batch`` → ``Report``.

``BatchSpec`` checks the options once, when built; ``Batch.open`` finds the
inputs, opens the output and starts reading, so that every usage error comes
before the first article; ``Batch.run`` hands the articles to ``run_batch``,
which runs them here (``-j 1``), in a process pool or on Dask.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from summarize.batch.backends import dask
from summarize.batch.dispatch import DEFAULT_CHUNK_SIZE, Report, run_batch
from summarize.batch.inputs import (
    FEED_PROBE,
    check_feed,
    check_glob,
    count_lines,
    feed_head,
    feed_items,
    file_items,
    resolved,
    scan,
    unreadable_items,
)
from summarize.batch.sinks import Sink, is_batch_output, open_output, open_output_dir
from summarize.batch.work import Failure, Item, Job, Outcome, available_cores
from summarize.errors import DuplicateIdError, InputNotFoundError, UsageError
from summarize.reading import DEFAULT_MAX_BYTES, MAX_SIZE_LIMIT, check_encoding, display_name, format_size

#: ``--workers`` at most this many per core: more only adds memory and switching (160 processes on 2 cores: 6 GB,
#: three times slower).
WORKERS_PER_CORE = 4


@dataclass(frozen=True)
class BatchSpec:
    """Where articles come from and where records go; checked once, when built.

    ``job`` (a ``Job``) says what to do with each article.
    """

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

    def __post_init__(self) -> None:
        if self.paths and self.jsonl is not None:
            raise UsageError("give files and folders, or --jsonl, not both")
        if not self.paths and self.jsonl is None:
            raise UsageError("nothing to do: name files or folders, or a feed with --jsonl FILE (- for stdin)")
        if self.output is not None and self.output_dir is not None:
            raise UsageError("choose --output or --output-dir, not both")
        if self.resume and self.force:
            raise UsageError("--resume and --force contradict each other: choose one")
        if self.resume and self.output in (None, "-") and self.output_dir is None:
            raise UsageError("--resume needs --output FILE or --output-dir DIR (it reads what is already there)")
        if self.workers is not None and self.workers < 1:
            raise UsageError(f"--workers must be at least 1 (got {self.workers})")
        if self.chunk_size < 1:
            raise UsageError(f"--chunk-size must be at least 1 (got {self.chunk_size})")
        if not 0 < self.max_bytes <= MAX_SIZE_LIMIT:
            raise UsageError(f"--max-size must be between 1 byte and {format_size(MAX_SIZE_LIMIT)}")
        check_encoding(self.encoding)
        if not self.jsonl:
            check_glob(self.glob)

    @property
    def worker_limit(self) -> int:
        """The most local workers worth starting here (``WORKERS_PER_CORE`` per core)."""
        return WORKERS_PER_CORE * available_cores()

    @property
    def worker_count(self) -> int:
        """``workers``, capped at ``worker_limit`` (the CLI says so); the cores available by default."""
        return min(self.workers, self.worker_limit) if self.workers is not None else available_cores()

    @property
    def out_file(self) -> Path | None:
        return Path(self.output) if self.output not in (None, "-") else None

    @property
    def out_dir(self) -> Path | None:
        return Path(self.output_dir) if self.output_dir is not None else None


class Batch:
    """Checks everything that can be checked before the first article, then runs.

    ``open()`` raises the usage errors (missing input, output already there);
    ``total`` is then known when it can be (files, a feed file) for a
    progress bar; ``run()`` does the work.
    """

    def __init__(self, spec: BatchSpec, job: Job) -> None:
        self.spec = spec
        self.job = replace(job, pretty=True) if spec.output_dir is not None else job
        self.report = Report()
        self.total: int | None = None
        self.sink: Sink | None = None
        self._items: Iterable[Item] = ()
        self._done: Counter[str] = Counter()
        self._stream: IO[bytes] | None = None
        self._unreadable: list[tuple[Path, str]] = []

    def open(self) -> Batch:
        """Find the inputs, open the output, start reading: every usage error comes from here."""
        if self.spec.scheduler is not None:
            dask()
        files, protected = self._find_inputs()
        self._open_output(protected)
        try:
            self._start_reading(files)
        except BaseException:
            self.close()
            raise
        return self

    def _find_inputs(self) -> tuple[list[Path], list[Path]]:
        """The files to read (none for a feed) and every input an output must never overwrite."""
        spec = self.spec
        if spec.jsonl is not None:
            if spec.jsonl == "-":
                if sys.stdin is not None:
                    check_feed(feed_head(sys.stdin.buffer), "--jsonl -")
                return [], []
            if Path(spec.jsonl).is_dir():
                raise InputNotFoundError(
                    f"--jsonl {spec.jsonl}: is a folder; --jsonl takes a feed file (a folder's files: "
                    f"summarize batch {spec.jsonl})"
                )
            if not Path(spec.jsonl).is_file():
                raise InputNotFoundError(f"--jsonl {spec.jsonl}: no such file")
            with open(spec.jsonl, "rb") as handle:
                check_feed(handle.read(FEED_PROBE), f"--jsonl {spec.jsonl}")
            return [], [Path(spec.jsonl)]
        out_file, out_dir = spec.out_file, spec.out_dir
        found = scan(
            spec.paths,
            spec.glob,
            # our own output in an input folder is no article; an article there stays an input
            exclude_files=[out_file] if out_file and is_batch_output(out_file) else [],
            exclude_dirs=[out_dir] if out_dir else [],
        )
        files, self._unreadable = found
        if out_dir is not None and any(Path(raw).is_dir() and resolved(raw) == resolved(out_dir) for raw in spec.paths):
            raise UsageError(f"--output-dir {out_dir}: is an input folder; choose another folder")
        return files, list(files)

    def _open_output(self, protected: list[Path]) -> None:
        spec = self.spec
        if spec.output_dir is not None:
            self.sink = open_output_dir(spec.output_dir, resume=spec.resume, force=spec.force, protected=protected)
        else:
            self.sink, self._done = open_output(spec.output, resume=spec.resume, force=spec.force, protected=protected)

    def _start_reading(self, files: list[Path]) -> None:
        spec = self.spec
        if spec.jsonl is None:
            if spec.resume:  # skipped before reading: a resumed folder costs nothing for what is done
                before = len(files)
                files = [f for f in files if not self._skip(display_name(str(f)))]
                self.report.skipped += before - len(files)
            self.total = len(files) + len(self._unreadable)
            items = itertools.chain(
                unreadable_items(self._unreadable), file_items(files, encoding=spec.encoding, max_bytes=spec.max_bytes)
            )
            self._items = self._unique(items)
            return
        if spec.jsonl == "-":
            if sys.stdin is None:
                raise InputNotFoundError("--jsonl -: stdin is closed")
            self._stream = sys.stdin.buffer
        else:
            self._stream = open(spec.jsonl, "rb")  # noqa: SIM115 - closed in close()
            self.total = max(0, count_lines(Path(spec.jsonl)) - sum(self._done.values()))
        self._items = self._unique(
            feed_items(
                self._stream,
                source="stdin" if spec.jsonl == "-" else spec.jsonl,
                id_field=spec.id_field,
                text_field=spec.text_field,
                title_field=spec.title_field,
                max_bytes=spec.max_bytes,
            )
        )

    def _unique(self, items: Iterable[Item]) -> Iterator[Item]:
        """The first record with an id is the article; a later one gets a ``duplicate_id`` error record.

        Ids are compared as JSON values (``7`` and ``"7"`` differ); with
        ``--output-dir``, two ids that would share a file count as the same.
        Decided in input order, whether or not the first was skipped by
        ``--resume``, so a resumed run ends with the records a fresh run writes.
        """
        seen: set[str] = set()
        for item in items:
            key = self.sink.key(item.ident) if self.sink is not None else repr(item.ident)
            if key in seen:
                error = DuplicateIdError(f"id {item.ident!r} was already used by an earlier record; not briefed")
                item = item._replace(text=None, failure=Failure.of(error))
            seen.add(key)
            yield item

    def _skip(self, ident: Any) -> bool:
        """``--resume``: skip as many records of an id as the output already has (a duplicate's error counts)."""
        if not self.spec.resume or self.sink is None:
            return False
        if self._done:
            key = self.sink.key(ident)
            if self._done[key] > 0:
                self._done[key] -= 1
                return True
            return False
        return self.sink.done(ident)

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
            workers=self.spec.worker_count,
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
