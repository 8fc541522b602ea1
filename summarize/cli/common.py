"""What every command shares: one line on stderr, user errors to exit codes, plain tables, sizes.

stdout carries only the result; messages go to stderr as one line each, and
every user error exits with the code its class carries (``summarize.errors``).
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

import typer

from summarize.errors import INTERNAL, INTERRUPTED, OutputError, SummarizeError

HELP = ["-h", "--help"]


def say(message: str) -> None:
    """One line on stderr, so stdout stays clean for pipes (nothing, if stderr is closed or full)."""
    with contextlib.suppress(OSError, AttributeError, ValueError):
        print(f"summarize: {message}", file=sys.stderr, flush=True)


class _Stdout(io.RawIOBase):
    """File descriptor 1, where a failed write is an ``OutputError`` (one line, its exit code), not a traceback.

    After the first failure, later writes (the interpreter's last flush) are
    dropped, so the error is reported once. A reader that went away
    (``EPIPE``: ``| head``) stays a ``BrokenPipeError``, which is not an error.
    """

    def __init__(self, closed: bool) -> None:
        super().__init__()
        self.fd_closed = closed
        self.failed = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.failed:
            return len(data)
        if self.fd_closed:
            self.failed = True
            raise OutputError("cannot write the result: stdout is closed")
        try:
            return os.write(1, data)
        except OSError as exc:
            self.failed = True
            if exc.errno == errno.EPIPE:
                raise BrokenPipeError(exc.errno, exc.strerror) from None
            raise OutputError(f"cannot write the result to stdout ({exc.strerror})") from None


def setup_streams() -> None:
    """Make the standard streams safe whatever the caller did (``summarize`` run as a command only).

    stdout is UTF-8 whatever the locale (``LC_ALL=C``), and lone surrogates
    (undecodable file names) are escaped; a closed descriptor 0, 1 or 2 is
    taken by ``/dev/null`` so that no file we open lands there, and a closed
    stdin or stdout is then reported when used.
    """
    closed = {}
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
            closed[fd] = False
        except OSError:
            closed[fd] = True
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:  # the lowest free descriptor: this one
                os.dup2(null, fd)
                os.close(null)
    if closed[0]:
        sys.stdin = None
    if closed[2] or sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the process's life
    elif isinstance(sys.stderr, io.TextIOWrapper):
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.reconfigure(encoding="utf-8", errors="backslashreplace")
    line = not closed[1] and os.isatty(1)
    buffered = io.BufferedWriter(_Stdout(closed[1]))
    sys.stdout = io.TextIOWrapper(buffered, encoding="utf-8", errors="backslashreplace", line_buffering=line)


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
    raw = getattr(getattr(sys.stdout, "buffer", None), "raw", None)
    if isinstance(raw, _Stdout):  # drop what is still buffered: it can never be written
        raw.failed = True
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
