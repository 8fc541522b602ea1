"""What the structure stage returns: the copy's parts, and the furniture taken out of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Furniture:
    """A piece of the copy that is not article text; ``kind`` says what it is."""

    kind: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Copy:
    """The parts of an article; ``body`` is what the splitter and the ranker see."""

    body: str
    title: str | None = None
    standfirst: str | None = None
    dateline: str | None = None
    byline: str | None = None
    published: str | None = None
    removed: list[Furniture] = field(default_factory=list)

    @property
    def subheadings(self) -> list[str]:
        return [f.text for f in self.removed if f.kind == "subheading"]

    @property
    def headline(self) -> str | None:
        """What the ranker reads as the headline: the title and the standfirst together."""
        parts = [p for p in (self.title, self.standfirst) if p]
        return " ".join(parts) if parts else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "standfirst": self.standfirst,
            "dateline": self.dateline,
            "byline": self.byline,
            "published": self.published,
            "removed": [f.to_dict() for f in self.removed],
        }
