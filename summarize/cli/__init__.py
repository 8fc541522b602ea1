"""The ``summarize`` command: a thin layer over the package's public API.

One module per command (``brief``, ``models``, ``doctor``, ``batch``,
``config``), sharing ``common`` (messages, errors, tables) and ``options``
(flags declared once). Each command parses, makes one library call and
renders. Nothing heavy is imported here: ``summarize --help`` must stay fast.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

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


def main() -> None:
    """Console-script entry point: safe streams, and a failing stdout is one line and its exit code (``--help`` too)."""
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
