"""The digest page: a night's briefs as one self-contained HTML page for the editor.

Input is what ``summarize batch`` writes (JSON lines, one brief or error
record a line) or ``Brief`` objects; output is one page with inline CSS, no
script and no network: counts at the top, briefs grouped by source language
and ordered as asked (input order, source name, time), each with its
headline, the translated bullets, the source sentences on demand
(``<details>``), detection warnings and fidelity flags highlighted.

Article text is untrusted input: the page is rendered by Jinja2 with
autoescaping on, so ``<script>`` or ``" onmouseover=`` in a story comes out
as text.  Jinja2 is imported only when a page is written.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import IO, Any

from summarize.errors import InputNotFoundError, OutputError, UsageError

#: How the briefs inside a language group are ordered.
ORDERS = ("input", "source", "time")

#: Below this detection probability a brief carries a warning on the page.
LOW_CONFIDENCE = 0.9

#: Record fields that may carry the article's time (feed records pass them through).
TIME_FIELDS = ("time", "published", "date")

TEMPLATE = "digest.html.j2"


@dataclass(frozen=True)
class Bullet:
    """One sentence of a brief: the text shown, its source, and its flags (``kind: detail``)."""

    text: str
    source: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One brief on the page."""

    position: int
    ident: str
    name: str
    language: str
    target: str | None
    headline: str
    bullets: tuple[Bullet, ...]
    warnings: tuple[str, ...] = ()
    time: str | None = None
    #: The headline as the article gave it, when the one shown is a translation.
    source_title: str | None = None

    @property
    def flagged(self) -> bool:
        return any(b.flags for b in self.bullets)


@dataclass(frozen=True)
class Failure:
    """A record that failed in the batch (shown at the end, so that nothing is silently lost)."""

    ident: str
    code: str
    message: str


@dataclass
class Digest:
    """Everything the template needs."""

    entries: list[Entry] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    unreadable: int = 0
    title: str = "Digest"
    generated: str = ""

    def groups(self) -> list[tuple[str, list[Entry]]]:
        """(source language, entries), the largest group first, then by code."""
        by_lang: dict[str, list[Entry]] = {}
        for entry in self.entries:
            by_lang.setdefault(entry.language, []).append(entry)
        return sorted(by_lang.items(), key=lambda item: (-len(item[1]), item[0]))

    def counts(self) -> dict[str, int]:
        return {
            "briefs": len(self.entries),
            "flagged": sum(e.flagged for e in self.entries),
            "warnings": sum(bool(e.warnings) for e in self.entries),
            "failed": len(self.failures) + self.unreadable,
            "languages": len({e.language for e in self.entries}),
        }


def read_records(path: Path) -> Iterator[dict[str, Any] | None]:
    """Records of a JSON-lines file (``-``: stdin); None for a line that is not a JSON object (counted, not fatal)."""
    if str(path) == "-":
        if sys.stdin is None:
            raise InputNotFoundError("stdin is closed: pipe the briefs in, or name the file")
        handle: IO[str] = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    else:
        try:
            handle = open(path, encoding="utf-8", errors="replace")  # noqa: SIM115 - closed below
        except OSError as err:
            raise InputNotFoundError(f"cannot read {path}: {err.strerror or err}") from None
    with handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                yield None
                continue
            yield record if isinstance(record, dict) else None


def _malformed(record: dict[str, Any]) -> bool:
    """Not a batch record: neither an error nor a summary, or parts of the wrong type (a hand-edited file)."""
    if isinstance(record.get("error"), dict):
        return False
    summary, source, translations = record.get("summary"), record.get("source") or {}, record.get("translations") or {}
    if not isinstance(summary, dict) or not isinstance(summary.get("sentences", []), list):
        return True
    if not isinstance(source, dict) or not isinstance(translations, dict):
        return True
    return not all(
        isinstance(t, dict) and isinstance(t.get("sentences", []), list) and isinstance(t.get("checks") or [], list)
        for t in translations.values()
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def entry_from_record(record: dict[str, Any], position: int, target: str | None = None) -> Entry | Failure:
    """An ``Entry`` (or a ``Failure``) from one batch record; ``target`` picks the translation shown."""
    ident = _text(record.get("id", position + 1))
    error = record.get("error")
    if isinstance(error, dict):
        return Failure(ident, _text(error.get("code", "error")), _text(error.get("message", "")))
    source = record.get("source") or {}
    summary = record.get("summary") or {}
    originals = [_text(s.get("text")) for s in summary.get("sentences", []) if isinstance(s, dict)]
    translations = record.get("translations") or {}
    lang = target if target in translations else next(iter(translations), None)
    shown = originals
    flags: dict[int, list[str]] = {}
    title = _text(source.get("title")) or None
    if lang is not None:
        chosen = translations[lang]
        shown = [_text(s) for s in chosen.get("sentences", [])]
        title = _text(chosen.get("title")) or title
        checks = chosen.get("checks")
        if checks is None:  # output of a summarize without fidelity flags: check now
            from summarize import fidelity

            language = _text(source.get("language"))
            checks = (
                [c.to_dict() for c in fidelity.check(originals, shown, language, lang)]
                if len(shown) == len(originals)
                else []
            )
        for check in checks:
            if isinstance(check, dict) and isinstance(check.get("sentence"), int):
                flags.setdefault(check["sentence"], []).append(f"{check.get('kind')}: {check.get('detail')}")
    bullets = tuple(
        Bullet(text, originals[i] if i < len(originals) else "", tuple(flags.get(i, ())))
        for i, text in enumerate(shown)
    )
    warnings = [_text(w) for w in source.get("warnings") or [] if w]  # the detection's own doubts
    probability = source.get("probability")
    low = isinstance(probability, (int, float)) and probability < LOW_CONFIDENCE
    if not warnings and source.get("detected", True) and low:
        warnings.append(f"language detected as {source.get('language')} with {probability:.0%} confidence only")
    if target and translations and lang != target:
        warnings.append(f"no {target} translation (shown: {lang})")
    time = next((_text(record[k]) for k in TIME_FIELDS if record.get(k)), None)
    headline = title or (shown[0] if shown else ident)
    original = _text(source.get("title")) or None
    return Entry(
        position=position,
        ident=ident,
        name=_text(source.get("name")) or ident,
        language=_text(source.get("language")) or "?",
        target=lang,
        headline=headline,
        bullets=bullets,
        warnings=tuple(warnings),
        time=time,
        source_title=original if original != headline else None,
    )


def build(
    records: Iterable[dict[str, Any] | None], *, order: str = "input", target: str | None = None, title: str = "Digest"
) -> Digest:
    """Collect records into a ``Digest`` (None stands for an unreadable line)."""
    if order not in ORDERS:
        raise UsageError(f"unknown digest order {order!r}: choose one of {', '.join(ORDERS)}")
    digest = Digest(title=title, generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    for position, record in enumerate(records):
        if record is None or _malformed(record):
            digest.unreadable += 1
            continue
        item = entry_from_record(record, position, target)
        if isinstance(item, Failure):
            digest.failures.append(item)
        else:
            digest.entries.append(item)
    if order == "source":
        digest.entries.sort(key=lambda e: (e.name.casefold(), e.position))
    elif order == "time":
        digest.entries.sort(key=lambda e: (e.time is None, e.time or "", e.position))
    return digest


def render_html(digest: Digest) -> str:
    """The page as a string (autoescaped: article text can never become markup)."""
    try:
        import jinja2
    except ImportError:  # pragma: no cover - a declared dependency
        raise UsageError("the digest needs Jinja2: pip install jinja2") from None
    source = resources.files("summarize").joinpath("data").joinpath(TEMPLATE).read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    return env.from_string(source).render(digest=digest, counts=digest.counts(), groups=digest.groups())


def write(
    records: Iterable[dict[str, Any] | None],
    output: Path,
    *,
    order: str = "input",
    target: str | None = None,
    title: str = "Digest",
) -> Digest:
    """Build and write the page atomically (a reader never sees half a page)."""
    check_output(output)
    digest = build(records, order=order, target=target, title=title)
    page = render_html(digest)
    tmp = output.with_name(f".{output.name}.tmp")
    try:
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(output)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {output}: {err.strerror or err}") from None
    return digest


#: The line that marks a page as a digest page (the template's own, in every version so far):
#: a saved news page is HTML too, and may be one of the batch's articles.
PAGE_MARK = b"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
_PAGE_PROBE = 1024


def check_output(output: Path, flag: str = "-o") -> None:
    """A page replaces the last page, never anything else (the briefs, an article, a saved news page): a usage error.

    ``flag`` is the option that named ``output``, for the message (``--digest`` in a batch).
    """
    try:
        with open(output, "rb") as handle:
            head = handle.read(_PAGE_PROBE)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return
    except OSError:
        return  # unreadable: writing it will say why
    if head.strip() and PAGE_MARK not in head:
        raise UsageError(f"{output}: exists and is not a digest page; refusing to overwrite it (choose another {flag})")


def check_page_path(output: Path, flag: str = "--digest") -> None:
    """Before a batch: a page path that could never be written (a folder, a missing folder) is a usage
    error now, not an output error once the night's work is done; then :func:`check_output`."""
    if output.is_dir():
        raise UsageError(f"{flag} {output}: is a folder; name the page's file, e.g. {output / 'digest.html'}")
    if not output.parent.is_dir():
        raise UsageError(f"{flag} {output}: folder {output.parent} does not exist")
    check_output(output, flag)


def from_briefs(briefs: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Records from ``Brief`` objects, for library users who never wrote JSON lines."""
    for brief in briefs:
        yield brief.to_dict()


def summary_line(digest: Digest, output: Path) -> str:
    """The one stderr line the CLI prints after writing a page."""
    counts = digest.counts()
    extra = ", ".join(f"{counts[k]} {k}" for k in ("flagged", "failed") if counts[k])
    return f"digest: {counts['briefs']} briefs → {output}" + (f" ({extra})" if extra else "")


__all__ = ["ORDERS", "Digest", "Entry", "build", "from_briefs", "read_records", "render_html", "write"]
