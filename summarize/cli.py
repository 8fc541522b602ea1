"""The ``summarize`` command: a thin layer over the package's public API.

stdout carries only the result; messages go to stderr as one line each,
and every user error exits with the code listed in ``summarize.errors``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from summarize import __version__
from summarize import cli_options as opts
from summarize.errors import EXIT_CODES, INTERNAL, INTERRUPTED, InputNotFoundError, SummarizeError, UsageError

F = TypeVar("F", bound=Callable[..., Any])

SUBCOMMANDS = ("brief", "models", "doctor", "batch", "config")

EPILOG = """\
\b
Examples:
  cat article-fr.txt | summarize                  # three English bullets
  summarize --to en,es --format json article.txt  # JSON, two languages
  summarize --to none --words 35 article.txt      # ~35 words, source language
  summarize -n 5 --show-original article.txt      # 5 sentences, with the French
  summarize *.txt --format markdown > briefs.md   # several files

\b
Other commands:
  summarize models --help   install and list translation models (offline)
  summarize doctor          what is installed and what works offline
  summarize batch --help    folders and JSON Lines feeds, in parallel
  summarize config show     effective settings and where they come from

Exit codes: 0 ok, 2 usage, 3 empty input, 4 binary, 5 encoding, 6 too large,
7 file not found, 8 language not detected, 9 unsupported language, 10 no
model, 11 bad model package, 12 network needed (full table in the README).
"""


class _MainCommand(TyperCommand):
    """Show the brief's usage as the command's own: ``summarize [OPTIONS] [FILES]...``."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage("summarize", "[OPTIONS] [FILES]...")


class _DefaultGroup(TyperGroup):
    """``summarize FILE`` means ``summarize brief FILE``: the brief is the main job."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if (not args or args[0] not in self.commands) and args[:1] != ["--version"]:
            args = ["brief", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_DefaultGroup,
    add_completion=False,
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Turn news articles into short briefs in other languages, offline.",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def say(message: str) -> None:
    """One line on stderr, so stdout stays clean for pipes."""
    print(f"summarize: {message}", file=sys.stderr, flush=True)


def fail(error: SummarizeError) -> NoReturn:
    say(f"error: {error}")
    raise typer.Exit(error.exit_code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every failure into one line on stderr and a documented exit code."""
    try:
        yield
    except SummarizeError as error:
        fail(error)
    except KeyboardInterrupt:
        say("interrupted")
        raise typer.Exit(INTERRUPTED) from None
    except BrokenPipeError:
        # the reader (head, less) went away: not an error for a filter
        _silence_stdout()
        raise typer.Exit(0) from None
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except Exception as error:
        if os.environ.get("SUMMARIZE_DEBUG"):
            raise
        say(f"internal error: {type(error).__name__}: {error} (set SUMMARIZE_DEBUG=1 for details)")
        raise typer.Exit(INTERNAL) from None


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _version(value: bool) -> None:
    if value:
        print(f"summarize {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn news articles into short briefs in other languages, offline."""


@app.command(
    "brief",
    cls=_MainCommand,
    epilog=EPILOG,
    context_settings={"help_option_names": ["-h", "--help"]},
)
def brief_command(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="Article files (UTF-8 text). None, or -, reads stdin.", show_default=False, metavar="[FILES]..."
        ),
    ] = None,
    to: opts.To = None,
    source_lang: opts.From = None,
    sentences: opts.Sentences = None,
    ratio: opts.Ratio = None,
    words: opts.Words = None,
    algorithm: opts.Algorithm = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="bullets (default), paragraph, markdown, json.", show_default=False
        ),
    ] = None,
    show_original: Annotated[
        bool, typer.Option("--show-original", help="Pair each translated sentence with its source sentence.")
    ] = False,
    encoding: opts.Encoding = "utf-8",
    max_size: opts.MaxSize = "10MB",
    models_dir: opts.ModelsDir = None,
    device: opts.Device = "cpu",
    threads: opts.Threads = 1,
    config: opts.Config = None,
) -> None:
    """Summarise an article and translate the brief (default: into English).

    Reads stdin or the named files, detects the language, picks the key
    sentences and prints them translated. Offline: translation uses installed
    Argos Translate models (see `summarize models --help`).
    """
    with user_errors():
        from summarize.config import apply_defaults, load_settings
        from summarize.pipeline import brief
        from summarize.reading import parse_size, read_path
        from summarize.render import check_format, render
        from summarize.translate import check_options

        chosen = apply_defaults(
            load_settings(config),
            to=to,
            algorithm=algorithm,
            sentences=sentences,
            ratio=ratio,
            words=words,
            fmt=fmt,
            models_dir=models_dir,
        )
        to, algorithm, fmt, models_dir = chosen["to"], chosen["algorithm"], chosen["fmt"], chosen["models_dir"]
        sentences, ratio, words = chosen["sentences"], chosen["ratio"], chosen["words"]
        fmt = (fmt or "bullets").lower()
        check_format(fmt)
        check_options(device, threads)
        limit = parse_size(max_size)
        names = files or ["-"]
        if names == ["-"] and sys.stdin.isatty():
            raise UsageError("no input: pipe an article in, or name a file (see summarize --help)")
        options: dict[str, Any] = {
            "sentences": sentences,
            "ratio": ratio,
            "words": words,
            "algorithm": algorithm,
            "source_lang": source_lang,
            "to": "en" if to is None else to,
            "models_dir": models_dir,
            "device": device,
            "threads": threads,
        }
        several = len(names) > 1
        failure: SummarizeError | None = None
        for position, name in enumerate(names):
            try:
                document = read_path(name, encoding=encoding, max_bytes=limit)
                result = brief(document.text, name=None if name == "-" else name, **options)
            except SummarizeError as error:
                if not several or isinstance(error, UsageError):
                    raise
                say(f"error: {name}: {error}")
                failure = failure or error
                continue
            if fmt == "json" and several:
                import json

                out = json.dumps(result.to_dict(), ensure_ascii=False) + "\n"
            else:
                out = render(result, fmt, show_original=show_original)
                if several:
                    out = ("\n" if position else "") + f"==> {name} <==\n" + out
            sys.stdout.write(out)
            sys.stdout.flush()
        if failure is not None:
            raise typer.Exit(failure.exit_code)


models_app = typer.Typer(
    help="Install, list and remove translation models (Argos Translate packages), offline.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=(
        "\b\nExamples:\n"
        "  summarize models install translate-fr_en-1_9.argosmodel   # from a file, offline\n"
        "  summarize models install ./argos-models/                  # every package in a folder\n"
        "  summarize models install fr en                            # from the Argos index (online)\n"
        "  summarize models list\n"
        "  summarize models remove fr en"
    ),
)
app.add_typer(models_app, name="models")

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _size(size: int | None) -> str:
    if size is None:
        return "?"
    return f"{size / 1024**2:.1f} MB" if size >= 1024**2 else f"{size / 1024:.0f} KB"


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(x) for x in col) for col in zip(header, *rows, strict=False)]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip())


def _dir(models_dir: str | None) -> Path | None:
    return Path(models_dir) if models_dir else None


@models_app.command("list")
def models_list(models_dir: opts.ModelsDir = None, as_json: AsJson = False) -> None:
    """Installed models: pair, package version, size on disk, folder."""
    with user_errors():
        from summarize import store

        models = store.list_models(_dir(models_dir))
        if as_json:
            import json

            print(json.dumps([m.to_dict() for m in models], ensure_ascii=False, indent=2))
            return
        if not models:
            where = store.packages_dir(_dir(models_dir))
            say(f"no models installed in {where}; install one with: summarize models install FILE.argosmodel")
            return
        rows = [[f"{m.source}→{m.target}", m.version, _size(m.size), str(m.path)] for m in models]
        _print_table(["pair", "version", "size", "path"], rows)


@models_app.command("install")
def models_install(
    what: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE|DIR|SRC TGT",
            help="A .argosmodel file, a folder of them, or two language codes (from the Argos index, online).",
        ),
    ],
    models_dir: opts.ModelsDir = None,
) -> None:
    """Install models from files (offline) or from the Argos package index (online)."""
    with user_errors():
        from summarize import store

        if len(what) == 2 and not any(Path(w).exists() for w in what) and all(store.is_language_code(w) for w in what):
            results = [store.install_from_index(what[0], what[1], _dir(models_dir))]
        else:
            for name in what:
                if not Path(name).exists():
                    raise InputNotFoundError(f"{name}: no such file or folder (or give two language codes: fr en)")
            results = [r for name in what for r in store.install(Path(name), _dir(models_dir))]
        for result in results:
            m = result.model
            verb = "upgraded" if result.replaced else "installed"
            say(f"{verb} {m.source}→{m.target} {m.version} in {m.path}")


@models_app.command("remove")
def models_remove(
    source: Annotated[str, typer.Argument(metavar="SRC", help="Source language, e.g. fr.")],
    target: Annotated[str, typer.Argument(metavar="TGT", help="Target language, e.g. en.")],
    models_dir: opts.ModelsDir = None,
) -> None:
    """Remove the installed model for a pair."""
    with user_errors():
        from summarize import store

        for m in store.remove(source, target, _dir(models_dir)):
            say(f"removed {m.source}→{m.target} {m.version} from {m.path}")


@models_app.command("available")
def models_available(as_json: AsJson = False) -> None:
    """Models in the Argos package index (needs the network)."""
    with user_errors():
        from summarize import store

        models = store.available()
        if as_json:
            import json

            print(json.dumps([m.to_dict() for m in models], ensure_ascii=False, indent=2))
            return
        _print_table(
            ["pair", "version", "languages", "package"],
            [[f"{m.source}→{m.target}", m.version, f"{m.source_name} → {m.target_name}", m.name] for m in models],
        )


@app.command("doctor")
def doctor_command(models_dir: opts.ModelsDir = None, as_json: AsJson = False) -> None:
    """What is installed, which --to targets work from which sources, and what would need the network."""
    with user_errors():
        from summarize import store

        report = store.doctor(_dir(models_dir))
        if as_json:
            import json

            print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
            return
        state = "writable" if report.store_writable else ("read-only" if report.store_exists else "not created yet")
        print(f"model store: {report.store_dir} ({report.store_origin}; {state})")
        for extra in report.extra_dirs:
            print(f"also read:   {extra}")
        print(f"models:      {len(report.models)} installed")
        for m in report.models:
            print(f"  {m.source}→{m.target}  {m.version}  {_size(m.size)}  {m.path}")
        print("translation routes (--to):")
        if not report.routes:
            print("  none: only --to none, or a target equal to the source, works")
        for source, targets in sorted(report.routes.items()):
            parts = [
                f"{t} ({'direct' if len(r) == 2 else 'via ' + '→'.join(r[1:-1])})" for t, r in sorted(targets.items())
            ]
            print(f"  from {source}: " + ", ".join(parts))
        print("network:     " + ("needed: " if report.network_needed else "not needed on the default path"))
        for note in report.network_notes:
            print(f"  {note}")
        versions = ", ".join(f"{k} {v}" for k, v in report.versions.items() if v)
        print(f"versions:    {versions}; CUDA devices: {report.cuda_devices}")
        for problem in report.problems:
            print(f"problem:     {problem}")


from summarize.cli_batch import BATCH_EPILOG, batch_command, config_app  # noqa: E402 - needs say/user_errors

app.command("batch", epilog=BATCH_EPILOG, context_settings={"help_option_names": ["-h", "--help"]})(batch_command)
app.add_typer(config_app, name="config")


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="summarize")
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)


def exit_code_table() -> str:
    """The README's exit-code table, generated from summarize.errors."""
    rows = ["| code | name | meaning |", "|---:|---|---|"]
    rows += [f"| {code} | `{name}` | {meaning} |" for code, name, meaning in EXIT_CODES]
    return "\n".join(rows)


if __name__ == "__main__":
    main()
