"""Batch work: folders and JSON Lines feeds in, one JSON Lines record per article out.

What a newsroom needs from a night's run, and where this package gives it:

* ``inputs``: files and folders, or a JSON Lines feed, read and checked in
  the parent process, lazily (workers only ever receive text).
* ``work``: one article or one chunk, on whatever process runs it; every
  failure in an article becomes its error record
  (``{"id": ..., "error": {"code", "message", "exit_code"}}``), never an
  exception, and the rest go on.
* ``sinks``: JSON Lines (or stdout) or one file per article, written whole
  and flushed record by record, locked, repaired and read back on resume.
* ``backends``: a local process pool (workers exit with their parent) or a
  Dask cluster; each worker loads its models once.
* ``runner``: ``BatchSpec`` (checked once), ``Batch`` (open, run, close),
  ``run_batch`` and its ``Report``.
"""

from __future__ import annotations

from summarize.batch.backends import Backend, DaskBackend, PoolBackend
from summarize.batch.dispatch import DEFAULT_CHUNK_SIZE, Report, drive, run_batch
from summarize.batch.inputs import Found, count_lines, discover_files, feed_items, file_items, record_key, scan
from summarize.batch.runner import Batch, BatchSpec
from summarize.batch.sinks import DirectorySink, JsonLinesSink, Sink, open_output, open_output_dir, safe_name
from summarize.batch.work import (
    ChunkResult,
    Failure,
    Item,
    Job,
    Outcome,
    available_cores,
    process_chunk,
    process_item,
    process_items,
    warm,
)

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "Backend",
    "Batch",
    "BatchSpec",
    "ChunkResult",
    "DaskBackend",
    "DirectorySink",
    "Failure",
    "Found",
    "Item",
    "Job",
    "JsonLinesSink",
    "Outcome",
    "PoolBackend",
    "Report",
    "Sink",
    "available_cores",
    "count_lines",
    "discover_files",
    "drive",
    "feed_items",
    "file_items",
    "open_output",
    "open_output_dir",
    "process_chunk",
    "process_item",
    "process_items",
    "record_key",
    "run_batch",
    "safe_name",
    "scan",
    "warm",
]
