"""The render stage: a Brief as bullets, a paragraph, Markdown or JSON.

Text formats print the translation when there is one (the reader's
language), the source sentences otherwise; ``show_original`` pairs each
translated sentence with the sentence it came from.
"""

from __future__ import annotations

import json
import re

from summarize.choices import FORMATS, Format, plain
from summarize.errors import UsageError
from summarize.results import Brief

__all__ = ["FORMATS", "Format", "check_format", "escape_markdown", "render"]
BULLET = "•"


def check_format(fmt: str | Format) -> str:
    """The format's name; an unknown one is refused with the list of known ones (before any work is done)."""
    name = str(plain(fmt)).strip().lower()
    if name not in FORMATS:
        raise UsageError(f"unknown format {name!r}: choose one of {', '.join(FORMATS)}")
    return name


#: Put before a sentence that a fidelity check flagged (``summarize.fidelity``).
FLAG = "⚠"


def _versions(brief: Brief) -> list[tuple[str | None, list[str], str | None]]:
    """(target language or None for the source, sentences, headline) in display order; flagged sentences marked."""
    original = [s.text for s in brief.summary.sentences]
    if not brief.translations:
        return [(None, original, brief.source.title)]
    return [
        (
            lang,
            [f"{FLAG} {s}" if i in t.flagged() else s for i, s in enumerate(t.sentences)],
            t.title or brief.source.title,
        )
        for lang, t in brief.translations.items()
    ]


def render(
    brief: Brief, fmt: str | Format = Format.bullets, *, show_original: bool = False, title: bool = False
) -> str:
    """Text for stdout, ending with a newline.

    ``title`` puts the headline (translated, in a translated brief) on the first line of
    bullets and paragraphs; Markdown always has it as the heading.
    """
    fmt = check_format(fmt)
    if fmt == "json":
        return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2) + "\n"
    original = [s.text for s in brief.summary.sentences]
    versions = _versions(brief)
    several = len(versions) > 1
    source = brief.source.language
    blocks: list[str] = []
    for lang, sentences, headline in versions:
        pairs = [
            (text, original[i] if show_original and lang not in (None, source) else None)
            for i, text in enumerate(sentences)
        ]
        if fmt == "bullets":
            lines = [f"[{lang}]"] if several else []
            if title and headline:
                lines.append(headline)
            for text, orig in pairs:
                lines.append(f"{BULLET} {text}")
                if orig is not None:
                    lines.append(f"  ({source}) {orig}")
            blocks.append("\n".join(lines))
        elif fmt == "paragraph":
            head = f"[{lang}] " if several else ""
            if title and headline:
                head += headline + "\n"
            body = " ".join(text for text, _ in pairs)
            if show_original and lang not in (None, source):
                body += f"\n({source}) " + " ".join(original)
            blocks.append(head + body)
        else:
            lines = []
            if several or headline:
                lines.append(f"## {escape_markdown(headline or 'Brief')}" + (f" ({lang})" if lang else ""))
                lines.append("")
            for text, orig in pairs:
                lines.append(f"- {escape_markdown(text)}")
                if orig is not None:
                    lines.append(f"  > *{source}:* {escape_markdown(orig)}")
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


#: Characters that are markup anywhere in a line (CommonMark, and GFM's tables and strikethrough).
_MD_INLINE = re.compile(r"([\\*_`\[\]<>~|#])")
#: What opens a block when it starts a list item's text or the heading: a nested list
#: (``- ``, ``+ ``, ``1. ``, ``2024) ``) or a thematic break (``---``).
_MD_BLOCK_START = re.compile(r"^(?:[-+](?=\s|$)|-(?=-)|(\d{1,9})([.)])(?=\s|$))")
#: A character reference (``&amp;``, ``&#39;``), which Markdown would turn into its character.
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape_markdown(text: str) -> str:
    """Escape what would turn news text into Markdown markup, so each sentence stays its own text.

    Sentences and headlines open with ``#``, ``1.``, ``+ 12 %`` or ``- 3 °C`` often enough, and a
    list item or heading that starts so would become a heading, a nested list or a rule.
    """
    text = re.sub(r"\s*[\r\n]+\s*", " ", text)
    text = _MD_ENTITY.sub(r"\\&", _MD_INLINE.sub(r"\\\1", text))
    return _MD_BLOCK_START.sub(lambda m: f"\\{m[0]}" if m[1] is None else f"{m[1]}\\{m[2]}", text)
