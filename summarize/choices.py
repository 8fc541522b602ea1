"""The closed sets of names a user picks from: ranking algorithms and output formats.

Enums, so that Typer validates them and lists them in ``--help``, and the
config file and the library check against the same names. Standard library
only: the CLI imports this at start-up.
"""

from __future__ import annotations

from enum import Enum


class Algorithm(str, Enum):
    """Ranking algorithms, the default first (chosen by the ROUGE evaluation, eval/SUMMARIES.md)."""

    news = "news"
    lead = "lead"
    lexrank = "lexrank"
    textrank = "textrank"
    lsa = "lsa"
    luhn = "luhn"
    kl = "kl"
    sumbasic = "sumbasic"


class Format(str, Enum):
    """Output formats of ``summarize``, the default first."""

    bullets = "bullets"
    paragraph = "paragraph"
    markdown = "markdown"
    json = "json"


#: Every algorithm ``rank.pick`` knows, the default first.
ALGORITHMS: tuple[str, ...] = tuple(a.value for a in Algorithm)
#: Beats lead at 1, 2, 3 sentences and at a 35-word budget, with or without a headline.
DEFAULT_ALGORITHM: str = Algorithm.news.value
#: Every output format, the default first.
FORMATS: tuple[str, ...] = tuple(f.value for f in Format)


def plain(value: object) -> object:
    """An enum member's value, anything else as is (Typer hands over enum members)."""
    return value.value if isinstance(value, Enum) else value
