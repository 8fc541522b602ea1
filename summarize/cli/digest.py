"""``summarize digest``: a night's briefs (batch output) as one HTML page."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer

from summarize.cli.common import say, user_errors
from summarize.errors import UsageError

Order = Annotated[
    str,
    typer.Option("--order", metavar="ORDER", help="Order inside each language: input, source (name) or time."),
]
Lang = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="Translation to show. [default: each brief's first]",
        show_default=False,
    ),
]
Title = Annotated[str, typer.Option("--title", metavar="TEXT", help="The page's title.")]

EPILOG = """\
\b
Examples:
  summarize batch wire/ --to en -o briefs.jsonl && summarize digest briefs.jsonl -o digest.html
  summarize batch wire/ --to en -o briefs.jsonl --digest digest.html   # the same in one go
  summarize digest briefs.jsonl -o digest.html --order source --lang en
"""


def digest_command(
    briefs: Annotated[str, typer.Argument(metavar="BRIEFS.jsonl", help="Batch output (JSON Lines; - for stdin).")],
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE", help="The HTML page to write.")],
    order: Order = "input",
    lang: Lang = None,
    title: Title = "Digest",
) -> None:
    """Write one self-contained HTML page (no script, no network) of a batch's briefs.

    Grouped by source language, with counts at the top, each brief's headline
    and bullets, the source sentences on demand, detection warnings and
    fidelity flags highlighted, failed articles listed at the end.
    """
    with user_errors():
        if briefs == "-" and sys.stdin is not None and sys.stdin.isatty():
            raise UsageError(
                "-: no input; pipe the briefs in (summarize batch ... | summarize digest - -o digest.html)"
            )
        from summarize.digest import check_page_path

        check_page_path(Path(output), "-o")  # before reading the briefs
        write_digest(Path(briefs), Path(output), order=order, lang=lang, title=title)


def write_digest(
    briefs: Path, output: Path, *, order: str = "input", lang: str | None = None, title: str = "Digest"
) -> None:
    """The library call behind ``digest`` and ``batch --digest``, with its one stderr line."""
    from summarize import digest

    write_digest_records(digest.read_records(briefs), output, order=order, lang=lang, title=title)


def write_digest_records(
    records: Iterable[dict[str, Any] | None],
    output: Path,
    *,
    order: str = "input",
    lang: str | None = None,
    title: str = "Digest",
) -> None:
    """Records already in memory (``batch --digest`` writing to stdout)."""
    from summarize import digest

    page = digest.write(records, output, order=order, target=lang, title=title)
    say(digest.summary_line(page, output))
