"""What every command shares: one line on stderr, user errors to exit codes, plain tables, sizes.

stdout carries only the result; messages go to stderr as one line each, and
every user error exits with the code its class carries (``summarize.errors``).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

import typer

from summarize.errors import INTERNAL, INTERRUPTED, SummarizeError

HELP = ["-h", "--help"]


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
    except BrokenPipeError:  # the reader (head, less) went away: not an error for a filter
        silence_stdout()
        raise typer.Exit(0) from None
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except Exception as error:
        if os.environ.get("SUMMARIZE_DEBUG"):
            raise
        say(f"internal error: {type(error).__name__}: {error} (set SUMMARIZE_DEBUG=1 for details)")
        raise typer.Exit(INTERNAL) from None


def silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Plain columns, fine in a pipe or a log."""
    widths = [max(len(x) for x in col) for col in zip(header, *rows, strict=False)]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip())


def size(value: int | None) -> str:
    """A size on disk for a table (``?`` when unknown)."""
    from summarize.reading import format_size

    return "?" if value is None else format_size(value)


def sub_app(help_text: str, epilog: str | None = None) -> typer.Typer:
    """A command group (``models``, ``config``) with the settings every group shares."""
    return typer.Typer(
        help=help_text,
        epilog=epilog,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": HELP},
    )
