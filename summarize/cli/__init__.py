"""The ``summarize`` command: a thin layer over the package's public API.

One module per command (``brief``, ``models``, ``doctor``, ``batch``,
``config``), sharing ``common`` (messages, errors, tables) and ``options``
(flags declared once). Each command parses, makes one library call and
renders. Nothing heavy is imported here: ``summarize --help`` must stay fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from summarize import __version__
from summarize.cli import batch, brief, cache, config, digest, doctor, models
from summarize.cli.common import HELP, say, setup_streams, silence_stdout
from summarize.errors import SummarizeError

__all__ = ["app", "main"]

#: Click's exception classes, whichever click Typer uses (its own copy since 0.28).
_CLICK_ERROR: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
_USAGE_ERROR: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


class _MainCommand(TyperCommand):
    """Show the brief's usage as the command's own: ``summarize [OPTIONS] [FILES]...``."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage("summarize", "[OPTIONS] [FILES]...")


class _DefaultGroup(TyperGroup):
    """``summarize FILE`` means ``summarize brief FILE``; a bad flag is one line on stderr."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if (not args or args[0] not in self.commands) and args[:1] != ["--version"]:
            args = ["brief", *args]
        _FAST_EXIT[0] = args[:1] == ["brief"]
        return super().parse_args(ctx, args)

    def main(  # type: ignore[override]
        self, args: Any = None, prog_name: str | None = None, standalone_mode: bool = True, **extra: Any
    ) -> Any:
        if not standalone_mode:
            return super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        try:
            code = super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        except _CLICK_ERROR as error:
            hint = " (see summarize --help)" if isinstance(error, _USAGE_ERROR) else ""
            say(f"error: {error.format_message()}{hint}")  # type: ignore[attr-defined]
            sys.exit(error.exit_code)  # type: ignore[attr-defined]
        except typer.Abort:
            say("interrupted")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=_DefaultGroup,
    add_completion=False,
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Turn news articles into short briefs in other languages, offline.",
    context_settings={"help_option_names": HELP, "max_content_width": 100},
)


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


app.command("brief", cls=_MainCommand, epilog=brief.EPILOG, context_settings={"help_option_names": HELP})(
    brief.brief_command
)
app.add_typer(models.models_app, name="models")
app.command("doctor")(doctor.doctor_command)
app.command("batch", epilog=batch.EPILOG, context_settings={"help_option_names": HELP})(batch.batch_command)
app.add_typer(config.config_app, name="config")
app.command("digest", epilog=digest.EPILOG, context_settings={"help_option_names": HELP})(digest.digest_command)
app.add_typer(cache.cache_app, name="cache")


#: Whether the command run is ``brief``, whose process has nothing left to do once its output is out.
_FAST_EXIT = [False]


def main() -> None:
    """Console-script entry point; a brief leaves without the interpreter's teardown (``_leave``)."""
    try:
        _main()
    except SystemExit as done:
        if not _FAST_EXIT[0]:
            raise
        _leave(done.code)
    if _FAST_EXIT[0]:
        _leave(0)


def _leave(code: Any) -> NoReturn:
    """Exit with ``code`` (as ``sys.exit`` would) right after flushing, skipping the interpreter's teardown.

    Tearing down a brief's process (freeing a loaded model, langdetect's
    profiles, the ranker's tables) takes ~30 ms that nobody waits for usefully.
    Nothing is lost: stdout and stderr are flushed here, the translation
    memory's writes are committed (SQLite's WAL is durable at COMMIT), and a
    model still loading in the background (a brief served from the memory) is
    simply dropped.  Only for ``brief``: ``batch`` has worker processes to see off.
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message")
        with contextlib.suppress(Exception):
            print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)


def _main() -> None:
    """Safe streams, and a failing stdout is one line and its exit code (``--help`` too)."""
    setup_streams()
    try:
        try:
            app(prog_name="summarize")
        finally:
            sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        sys.exit(0)
    except SummarizeError as error:  # an OutputError met outside a command (--help, --version)
        silence_stdout()
        say(f"error: {error}")
        sys.exit(error.exit_code)


if __name__ == "__main__":
    main()
