"""``summarize batch``: folders and JSON Lines feeds, in parallel, resumable."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarize.cli import options as opts
from summarize.cli.common import say, user_errors
from summarize.errors import (
    HANGUP,
    INTERRUPTED,
    OK,
    TERMINATED,
    USAGE,
    BatchFailuresError,
    OutputError,
    SuspectTranslationError,
    UsageError,
)

if TYPE_CHECKING:
    from summarize.batch import Batch, Outcome

EPILOG = f"""\
\b
Examples:
  summarize batch wire/ --to en --output briefs.jsonl          # a folder, resumable
  summarize batch wire/ --to en --output briefs.jsonl --resume # carry on after a crash
  cat feed.jsonl | summarize batch --jsonl - --to en,es > briefs.jsonl
  summarize batch --jsonl valid.jsonl --text-field article --to none -o briefs.jsonl
  summarize batch wire/ --glob '*.txt' --output-dir briefs/    # one JSON file per article
  summarize batch wire/ --scheduler tcp://dask-host:8786 -o briefs.jsonl

\b
Each output line is the brief's JSON plus "id" (the file path or the feed's id),
or {{"id": ..., "error": {{"code", "message", "exit_code"}}}} for an article that
failed. Exit codes: {OK} all done, {BatchFailuresError.exit_code} some articles failed (see their error
lines), {SuspectTranslationError.exit_code} (--strict) a translation was flagged, {USAGE} usage,
{OutputError.exit_code} output cannot be written (disk full), {INTERRUPTED} interrupted,
{HANGUP}/{TERMINATED} ended by SIGHUP/SIGTERM (what was written is kept: use --resume).
"""


def batch_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Article files and folders (searched recursively).", show_default=False, metavar="[PATHS]..."
        ),
    ] = None,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl",
            metavar="FILE",
            help="A JSON Lines feed, one article per object (- for stdin).",
            show_default=False,
        ),
    ] = None,
    glob: Annotated[
        str, typer.Option("--glob", metavar="PATTERN", help="Files to take in folders, e.g. '*.txt'.")
    ] = "*",
    id_field: Annotated[
        str, typer.Option("--id-field", metavar="NAME", help="Feed field with the article's id.")
    ] = "id",
    text_field: Annotated[
        str, typer.Option("--text-field", metavar="NAME", help="Feed field with the article's text.")
    ] = "text",
    title_field: Annotated[
        str | None,
        typer.Option(
            "--title-field", metavar="NAME", help="Feed field with a headline (helps ranking).", show_default=False
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="JSON Lines output. [default: stdout]", show_default=False),
    ] = None,
    output_dir: Annotated[
        str | None,
        typer.Option("--output-dir", metavar="DIR", help="One <id>.json file per article instead.", show_default=False),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip the articles already in the output and append the rest.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output instead of refusing.")] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-j", metavar="N", help="Worker processes. [default: the cores available]", show_default=False
        ),
    ] = None,
    unordered: Annotated[
        bool, typer.Option("--unordered", help="Write results as they finish, not in input order.")
    ] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDR",
            help="Run on Dask: tcp://host:8786, or local for a LocalCluster (pip install 'summarize[dask]').",
            show_default=False,
        ),
    ] = None,
    chunk_size: Annotated[
        int, typer.Option("--chunk-size", metavar="N", help="Articles per task sent to a worker.")
    ] = 8,
    to: opts.To = None,
    source_lang: opts.From = None,
    languages: opts.Languages = None,
    sentences: opts.Sentences = None,
    ratio: opts.Ratio = None,
    words: opts.Words = None,
    algorithm: opts.AlgorithmOption = None,
    models_dir: opts.ModelsDir = None,
    device: opts.Device = "cpu",
    threads: opts.Threads = 1,
    keep_furniture: opts.KeepFurniture = None,
    input_format: opts.InputFormat = None,
    cache: opts.Cache = None,
    strict: opts.Strict = False,
    digest: Annotated[
        str | None,
        typer.Option(
            "--digest",
            metavar="FILE",
            help="Also write the briefs as one HTML page (see summarize digest).",
            show_default=False,
        ),
    ] = None,
    encoding: opts.Encoding = "utf-8",
    max_size: opts.MaxSize = "10MB",
    config: opts.Config = None,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="Progress bar on stderr. [default: when stderr is a terminal]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Brief many articles: files, folders or a JSON Lines feed, in parallel.

    Writes one JSON line per article, flushed as it goes. One article that
    fails gets an error line and the batch goes on; --resume carries on after
    a crash or Ctrl-C. Defaults come from the config file and SUMMARIZE_*
    variables (see `summarize config show`).
    """
    flags = dict(locals())
    with user_errors():
        from summarize.batch import Batch, BatchSpec, Job
        from summarize.reading import MAX_SIZE_LIMIT, parse_size

        options, _ = opts.resolve(config, flags)
        if jsonl == "-" and sys.stdin is not None and sys.stdin.isatty():
            raise UsageError("--jsonl -: no input; pipe a feed in (cat feed.jsonl | summarize batch --jsonl -)")
        spec = BatchSpec(
            paths=paths or (),
            jsonl=jsonl,
            glob=glob,
            id_field=id_field,
            text_field=text_field,
            title_field=title_field,
            encoding=encoding,
            max_bytes=parse_size(max_size, MAX_SIZE_LIMIT),
            output=output,
            output_dir=output_dir,
            resume=resume,
            force=force,
            workers=workers,
            ordered=not unordered,
            scheduler=scheduler,
            chunk_size=chunk_size,
        )
        show = sys.stderr.isatty() if progress is None else progress
        if digest:  # refused before the work, not after it
            from summarize.digest import check_page_path

            if output not in (None, "-") and Path(digest).resolve() == Path(output).resolve():
                raise UsageError(f"--digest {digest}: is the --output file; choose another name for the page")
            check_page_path(Path(digest))
        run(Batch(spec, Job(options)), show, strict=strict, digest=Path(digest) if digest else None)


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP: the batch stops as on Ctrl-C (workers stopped, output kept), exit 128 + signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = 128 + signum


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM (systemd, docker stop, kill) and SIGHUP (a closed terminal) end the batch as cleanly as Ctrl-C."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise Stopped(signum)

    previous = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def run(batch: Batch, progress: bool, *, strict: bool = False, digest: Path | None = None) -> None:
    """Open, run and close the batch; the summary line on stderr; the exit code says how it went."""
    spec = batch.spec
    watch = _Flags(keep=digest is not None and spec.output in (None, "-"))
    if spec.workers is not None and spec.workers > spec.worker_limit and spec.scheduler in (None, "local"):
        say(f"warning: --workers {spec.workers} is more than this machine can use; using {spec.worker_limit}")
    with stop_on_signals():
        batch.open()
        try:
            if batch.total == 0 and spec.jsonl is None and not batch.report.skipped:
                where = ", ".join(map(str, spec.paths))
                say(f"no files match {spec.glob!r} under {where}: nothing to do")
            with progress_bar(batch.total, progress) as advance:
                report = batch.run(on_outcome=watch.after(advance))
        except KeyboardInterrupt as stop:
            batch.close()
            say(batch.report.summary())
            raise typer.Exit(getattr(stop, "exit_code", INTERRUPTED)) from None
        except OutputError as error:
            batch.close()
            say(f"error: {error}")
            say(batch.report.summary())
            raise typer.Exit(error.exit_code) from None
        finally:
            batch.close()
    say(report.summary())
    if watch.flagged:
        plural = "s" if watch.flagged != 1 else ""
        say(f"⚠ {watch.flagged} brief{plural} with fidelity flags (see translations.*.checks)")
    if digest is not None:
        from summarize.cli.digest import write_digest, write_digest_records

        if watch.records is None:
            write_digest(Path(str(batch.spec.output)), digest)
        else:
            write_digest_records(watch.records, digest)
    if report.failed:
        raise typer.Exit(BatchFailuresError.exit_code)
    if strict and watch.flagged:
        raise typer.Exit(SuspectTranslationError.exit_code)


class _Flags:
    """Counts the briefs that carry fidelity flags as outcomes arrive (and keeps the records for a digest)."""

    def __init__(self, keep: bool) -> None:
        self.flagged = 0
        self.records: list[dict[str, Any] | None] | None = [] if keep else None

    def after(self, then: Callable[[Outcome], None] | None) -> Callable[[Outcome], None]:
        def seen(outcome: Outcome) -> None:
            if '"checks"' in outcome.record or self.records is not None:
                try:
                    record = json.loads(outcome.record)
                except ValueError:
                    record = None
                if isinstance(record, dict) and any(
                    t.get("checks") for t in (record.get("translations") or {}).values() if isinstance(t, dict)
                ):
                    self.flagged += 1
                if self.records is not None:
                    self.records.append(record if isinstance(record, dict) else None)
            if then is not None:
                then(outcome)

        return seen


@contextmanager
def progress_bar(total: int | None, enabled: bool) -> Iterator[Callable[[Outcome], None] | None]:
    """A rich progress bar on stderr (articles/s, ETA, failures), gone when the batch ends."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text("  -  articles/s" if speed is None else f"{speed:5.1f} articles/s")

    columns = [
        TextColumn("briefing"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[failed]} failed"),
    ]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("batch", total=total, failed=0)
        failed = 0

        def advance(outcome: Outcome) -> None:
            nonlocal failed
            failed += outcome.error is not None
            bar.update(task, advance=1, failed=failed)

        yield advance
