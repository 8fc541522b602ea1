"""``summarize [FILES]...``: the main job, one brief per article."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarize.cli import options as opts
from summarize.cli.common import say, user_errors
from summarize.errors import (
    EXIT_CODES,
    BatchFailuresError,
    InvalidRecordError,
    SummarizeError,
    SuspectTranslationError,
    UsageError,
    exit_code_line,
)

if TYPE_CHECKING:
    from summarize.options import BriefOptions

_BATCH_ONLY = (BatchFailuresError.exit_code, InvalidRecordError.exit_code)

EPILOG = f"""\
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
  summarize digest --help   a batch's briefs as one HTML page
  summarize config show     effective settings and where they come from
  summarize cache stats     the translation memory (summarize cache clear empties it)

Exit codes: {exit_code_line(code for code, _, _ in EXIT_CODES if code not in _BATCH_ONLY)} (full table in the README).
"""


def brief_command(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="Article files (UTF-8 text; BOM and CRLF are fine). None, or -, reads stdin.",
            show_default=False,
            metavar="[FILES]...",
        ),
    ] = None,
    to: opts.To = None,
    source_lang: opts.From = None,
    languages: opts.Languages = None,
    sentences: opts.Sentences = None,
    ratio: opts.Ratio = None,
    words: opts.Words = None,
    algorithm: opts.AlgorithmOption = None,
    fmt: opts.FormatOption = None,
    show_original: Annotated[
        bool, typer.Option("--show-original", help="Pair each translated sentence with its source sentence.")
    ] = False,
    title: Annotated[
        bool,
        typer.Option("--title", help="Print the headline (translated) first, in bullets and paragraph."),
    ] = False,
    keep_furniture: opts.KeepFurniture = None,
    input_format: opts.InputFormat = None,
    encoding: opts.Encoding = "utf-8",
    max_size: opts.MaxSize = "10MB",
    models_dir: opts.ModelsDir = None,
    device: opts.Device = "cpu",
    threads: opts.Threads = 1,
    cache: opts.Cache = None,
    strict: opts.Strict = False,
    config: opts.Config = None,
) -> None:
    """Summarise an article and translate the brief (default: into English).

    Reads stdin or the named files, detects the language, picks the key
    sentences and prints them translated. Offline: translation uses installed
    Argos Translate models (see `summarize models --help`).
    """
    flags = dict(locals())
    with user_errors():
        from summarize.engines import use_cores
        from summarize.reading import MAX_SIZE_LIMIT, check_encoding, parse_size
        from summarize.render import check_format

        use_cores()  # one article at a time: a translation may use every core

        options, settings = opts.resolve(config, flags)
        output = check_format(fmt or settings.format)
        limit = parse_size(max_size, MAX_SIZE_LIMIT)
        check_encoding(encoding)
        names = files or ["-"]
        if names.count("-") > 1:
            raise UsageError("- (stdin) is named more than once: stdin can be read only once")
        if names == ["-"] and sys.stdin is not None and sys.stdin.isatty():
            raise UsageError("no input: pipe an article in, or name a file (see summarize --help)")
        failure = brief_files(
            names,
            options,
            output,
            show_original=show_original,
            encoding=encoding,
            limit=limit,
            title=title,
            strict=strict,
        )
        if failure is not None:
            raise typer.Exit(failure.exit_code)


def brief_files(
    names: list[str],
    options: BriefOptions,
    fmt: str,
    *,
    show_original: bool,
    encoding: str,
    limit: int,
    title: bool = False,
    strict: bool = False,
) -> SummarizeError | None:
    """Brief and print each article; with several, a bad one is reported and the rest go on (the first failure back).

    A brief whose translation a fidelity check flagged gets one line on stderr; with ``strict`` that is a failure too.
    """
    from summarize.pipeline import brief
    from summarize.reading import display_name, input_label, read_path
    from summarize.render import escape_markdown, render

    several = len(names) > 1
    failure: SummarizeError | None = None
    for position, name in enumerate(names):
        try:
            document = read_path(name, encoding=encoding, max_bytes=limit)
            result = brief(document.text, options, name=None if name == "-" else display_name(name))
        except SummarizeError as error:
            if not several or isinstance(error, UsageError):
                raise
            where = input_label(name)  # the read stage's errors name the file already
            say(f"error: {error}" if str(error).startswith(f"{where}: ") else f"error: {where}: {error}")
            failure = failure or error
            continue
        for warning in result.source.warnings:  # doubts about the detected language
            say(f"warning: {name}: {warning}" if several else f"warning: {warning}")
        if fmt == "json" and several:
            import json

            out = json.dumps(result.to_dict(), ensure_ascii=False) + "\n"
        else:
            out = render(result, fmt, show_original=show_original, title=title)
            if several:
                shown = display_name(name)
                shown = escape_markdown(shown) if fmt == "markdown" else shown  # a name is text, not markup
                out = ("\n" if position else "") + f"==> {shown} <==\n" + out
        sys.stdout.write(out)
        sys.stdout.flush()
        flags = result.checks()
        if flags:
            say(f"⚠ {'stdin' if name == '-' else name}: {fidelity_line(flags)}")
            if strict and failure is None:
                failure = SuspectTranslationError(f"{name}: a translation was flagged (--strict)")
    return failure


def fidelity_line(flags: dict[str, list[Any]]) -> str:
    """``2 flags (figure_missing 1, loop 1) in en``: what the stderr line says of a brief's flags."""
    from summarize.fidelity import describe

    return "; ".join(f"{describe(checks)} in {lang}" for lang, checks in flags.items())
