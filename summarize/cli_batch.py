"""``summarize batch`` and ``summarize config``: the Typer layer over batch.py and config.py.

Registered by cli.py (``app.command("batch")(batch_command)`` and
``app.add_typer(config_app, name="config")``). ``say`` and ``user_errors``
come from cli.py inside the functions, because cli.py imports this module.
Nothing heavy is imported at module level: ``summarize --help`` must stay fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarize import cli_options as opts

if TYPE_CHECKING:
    from summarize.batch import Outcome
    from summarize.config import Settings

BATCH_EPILOG = """\
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
or {"id": ..., "error": {"code", "message", "exit_code"}} for an article that
failed. Exit codes: 0 all done, 14 some articles failed (see their error
lines), 2 usage, 130 interrupted (what was written is kept: use --resume).
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
    sentences: opts.Sentences = None,
    ratio: opts.Ratio = None,
    words: opts.Words = None,
    algorithm: opts.Algorithm = None,
    models_dir: opts.ModelsDir = None,
    device: opts.Device = "cpu",
    threads: opts.Threads = 1,
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
    from summarize.cli import say, user_errors
    from summarize.errors import INTERRUPTED, BatchFailuresError, UsageError

    with user_errors():
        from summarize.batch import Batch, BatchSpec, make_job
        from summarize.config import apply_defaults, load_settings
        from summarize.reading import parse_size

        settings = load_settings(config)
        values = apply_defaults(
            settings, to=to, sentences=sentences, ratio=ratio, words=words, algorithm=algorithm, models_dir=models_dir
        )
        job = make_job(source_lang=source_lang, device=device, threads=threads, **values)
        if jsonl == "-" and sys.stdin.isatty():
            raise UsageError("--jsonl -: no input; pipe a feed in (cat feed.jsonl | summarize batch --jsonl -)")
        spec = BatchSpec(
            paths=paths or (),
            jsonl=jsonl,
            glob=glob,
            id_field=id_field,
            text_field=text_field,
            title_field=title_field,
            encoding=encoding,
            max_bytes=parse_size(max_size),
            output=output,
            output_dir=output_dir,
            resume=resume,
            force=force,
            workers=workers,
            ordered=not unordered,
            scheduler=scheduler,
            chunk_size=chunk_size,
        )
        batch = Batch(spec, job)
        batch.open()
        try:
            if batch.total == 0 and spec.jsonl is None and not batch.report.skipped:
                say(f"no files match {glob!r} under {', '.join(map(str, spec.paths))}: nothing to do")
            show = sys.stderr.isatty() if progress is None else progress
            with _progress_bar(batch.total, show) as advance:
                report = batch.run(on_outcome=advance)
        except KeyboardInterrupt:
            batch.close()
            say(batch.report.summary())
            raise typer.Exit(INTERRUPTED) from None
        finally:
            batch.close()
        say(report.summary())
        if report.failed:
            raise typer.Exit(BatchFailuresError.exit_code)


@contextmanager
def _progress_bar(total: int | None, enabled: bool) -> Iterator[Callable[[Outcome], None] | None]:
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
            failed += outcome[2] is not None
            bar.update(task, advance=1, failed=failed)

        yield advance


# --------------------------------------------------------------------------
# summarize config

config_app = typer.Typer(
    help="Settings for cron jobs: config file, SUMMARIZE_* variables, defaults.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@config_app.command("show")
def config_show(
    config: Annotated[
        str | None,
        typer.Option(
            "--config", metavar="FILE", help="Settings file. [default: $XDG_CONFIG_HOME/summarize/config.toml]"
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="table or json.")] = "table",
) -> None:
    """Print the effective settings and where each comes from.

    Precedence, highest first: command-line flag, environment variable
    (SUMMARIZE_TO, ...), config file, built-in default.
    """
    from summarize.cli import user_errors
    from summarize.errors import UsageError

    with user_errors():
        from summarize.config import load_settings

        if fmt not in ("table", "json"):
            raise UsageError(f"unknown format {fmt!r}: choose table or json")
        settings = load_settings(config)
        if fmt == "json":
            data = settings.to_dict()
            data["settings"]["models_dir"]["effective"] = _effective_models_dir(settings)[0]
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(show_table(settings))


def _effective_models_dir(settings: Settings) -> tuple[str, str]:
    """The folder translation models are read from, and why (Argos's own rules when unset)."""
    if settings.models_dir is not None:
        return settings.models_dir, settings.sources.get("models_dir", "default")
    try:
        from summarize.store import locate

        where = locate()
        return str(where.path), where.origin
    except Exception as exc:
        return f"(unknown: {exc})", "default"


def show_table(settings: Settings) -> str:
    """``summarize config show``: one row per setting, plain columns (fine in a pipe or a log)."""
    from summarize.config import KEYS, LENGTH_KEYS

    path = settings.config_path
    state = "read" if settings.config_file is not None else "not found"
    lines = [f"config file: {path} ({state})", ""]
    rows = [("setting", "value", "source")]
    no_length = all(getattr(settings, k) is None for k in LENGTH_KEYS)
    for key in KEYS:
        value: Any = getattr(settings, key)
        source = settings.sources.get(key, "default")
        if key == "models_dir":
            value, source = _effective_models_dir(settings)
        elif key == "sentences" and no_length:
            value = "3"
        elif value is None:
            value = "-"
        rows.append((key, str(value), source))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for key, value, source in rows:
        lines.append(f"{key.ljust(widths[0])}  {value.ljust(widths[1])}  {source}")
    lines += ["", "precedence: command-line flag > environment variable > config file > default"]
    return "\n".join(lines) + "\n"
