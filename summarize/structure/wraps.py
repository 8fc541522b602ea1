"""Hard-wrapped lines rejoined, and words broken by a hyphen at a line end when the joined word is a word."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from summarize.structure.lines import _byline
from summarize.structure.patterns import (
    _BYLINE,
    _CAPTION_START,
    _CORRECTION,
    _FINAL_OK,
    _RELATED,
    _TERMINAL,
    _TIMESTAMP,
    _Lazy,
)


def _is_wrapped(lines: list[str]) -> tuple[bool, int]:
    """Whether line ends are a layout's, not the author's; and the wrap width.

    A text is wrapped when, among lines of 30 characters or more followed by
    another line, at least a third break a sentence: the line stops without final punctuation (or on a
    comma or a hyphen) and the next one goes on in lower case. An article set
    one paragraph a line almost never does that; a headline, a byline or a
    sub-heading is followed by a capital. Short lines are not counted: a live blog's
    timestamps would otherwise outvote its wrapped paragraphs.
    """
    lengths = sorted(len(line) for line in lines if line.strip())
    if len(lengths) < 3:
        return False, 0
    followed = breaks = 0
    for a, b in itertools.pairwise(lines):
        a, b = a.strip(), b.strip()
        if not a or not b or len(a) < 30:
            continue  # short lines (timestamps, "Share", bylines) say nothing about the layout
        followed += 1
        if (a[-1] not in _FINAL_OK or a[-1] in ",-") and b[0].islower():
            breaks += 1
    wrapped = breaks >= 2 and breaks >= followed / 3
    width = lengths[int(0.9 * (len(lengths) - 1))]
    return wrapped, width


_HYPHEN_END = _Lazy(r"([^\W\d_]+)-$")
_WORD_START = _Lazy(r"^([^\W\d_]+)")


def _rejoin_hyphen(left: str, right: str, language: str | None) -> str:
    """ "gouver-" + "nement" -> "gouvernement", but "peut-" + "être" and "Jean-" + "Pierre" keep the hyphen.

    Join when the joined word is more frequent than the rarer of its halves:
    a broken word's halves are rare or not words at all, a compound's halves
    are common words and the glued form is rare (wordfreq's lists).
    """
    if not language or right[:1].isupper():
        return f"{left}-{right}"
    from summarize.wordlists import zipf

    head = left.split("'")[-1].split("’")[-1]
    joined = zipf(head + right, language)
    if not joined:
        joined = zipf(head + right, language, large=True)
    halves = min(zipf(head, language, large=True), zipf(right, language, large=True))
    # a compound's halves are both common words; a broken word's are not ("abarata-miento")
    glue = joined >= 3.5 or joined > halves + 0.5 or (joined > 0 and halves < 3.0)
    return f"{left}{right}" if glue else f"{left}-{right}"


def _join_lines(lines: list[str], language: Callable[[], str | None]) -> str:
    out = lines[0].strip()
    for line in lines[1:]:
        line = line.strip()
        if not line:
            continue
        m_end = _HYPHEN_END.search(out)
        m_start = _WORD_START.match(line)
        if m_end and m_start and not out.endswith("--"):
            left_word, right_word = m_end.group(1), m_start.group(1)
            joined = _rejoin_hyphen(left_word, right_word, language())
            out = out[: m_end.start()] + joined + line[m_start.end() :]
        else:
            out = f"{out} {line}"
    return out


def _unwrap(text: str, language: Callable[[], str | None]) -> list[str]:
    """Paragraphs of the text: blank lines always separate; single line ends separate unless wrapped."""
    lines = text.split("\n")
    wrapped, width = _is_wrapped(lines)
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(_join_lines(current, language))
            current.clear()

    for i, line in enumerate(lines):
        line = line.strip()
        if not line:
            flush()
            continue
        current.append(line)
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if not nxt:
            continue
        continues = nxt[0].islower() and line[-1] not in _TERMINAL  # "... selon le\nministère"
        hyphen = bool(_HYPHEN_END.search(line)) and nxt[0].islower()
        if wrapped:
            long_line = len(line) >= 0.7 * width
            # a long line cut mid-sentence goes on, even into what looks like furniture ("at\n2 p.m. EDT")
            open_end = line[-1] not in _FINAL_OK
            continues = (
                continues or hyphen or line[-1] in ",;-" or (long_line and (open_end or not _is_furniture_line(nxt)))
            )
            # but a capitalised byline starts its own line: "Storm batters UK\nBy Tom Harris"
            continues = continues and not (nxt[0].isupper() and _BYLINE.match(nxt) and len(nxt) < 100)
        else:
            continues = continues or hyphen
        if continues and not paragraphs and len(current) == 1 and _byline(nxt):
            continues = False  # a headline, then a byline in lower case: "Alluvione in Emilia\ndi Giulia Bianchi"
        if not continues:
            flush()
    flush()
    return paragraphs


def _is_furniture_line(line: str) -> bool:
    """A line a wrapped paragraph never runs into: a byline, a caption, a related link, a timestamp, a note."""
    starts = _BYLINE, _CAPTION_START, _RELATED, _TIMESTAMP, _CORRECTION
    return any(pattern.match(line) for pattern in starts) and len(line) < 100
