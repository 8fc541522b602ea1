"""Plain dataclasses that carry a brief between the stages of the pipeline.

``Brief.to_dict()`` is the JSON contract that scripts rely on: fields may be
added, never renamed (see README, "JSON output").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article; ``index`` is its 0-based position in the body."""

    index: int
    text: str


@dataclass(frozen=True)
class Source:
    """What the pipeline learnt about the input article."""

    language: str
    probability: float
    sentences: int
    words: int
    title: str | None = None
    detected: bool = True
    name: str | None = None
    #: Doubts about the input, e.g. a language detected from a short text (always in JSON, maybe empty).
    warnings: tuple[str, ...] = ()
    standfirst: str | None = None
    dateline: str | None = None
    byline: str | None = None
    published: str | None = None
    #: What the structure stage took out of the body: ``{"kind": ..., "text": ...}`` each.
    removed: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "language": self.language,
            "probability": round(self.probability, 4),
            "sentences": self.sentences,
            "words": self.words,
            "detected": self.detected,
            "title": self.title,
            "warnings": list(self.warnings),
            "standfirst": self.standfirst,
            "dateline": self.dateline,
            "byline": self.byline,
            "published": self.published,
            "removed": [dict(item) for item in self.removed],
        }
        if self.name is not None:
            data["name"] = self.name
        return data


@dataclass(frozen=True)
class Summary:
    """The picked sentences, in article order."""

    algorithm: str
    sentences: list[Sentence]

    def to_dict(self) -> dict[str, Any]:
        return {
            "algorithm": self.algorithm,
            "sentences": [{"index": s.index, "text": s.text} for s in self.sentences],
        }


@dataclass(frozen=True)
class Translation:
    """One target language; ``sentences`` align one-to-one with the summary's."""

    target: str
    route: list[str]
    sentences: list[str]
    #: Fidelity flags (``summarize.fidelity.Check``), each naming its sentence.
    checks: list[Any] = field(default_factory=list)
    #: The article's headline in this language (when it had one and it was translated).
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "route": list(self.route),
            "sentences": list(self.sentences),
            "checks": [c.to_dict() for c in self.checks],
        }
        if self.title is not None:
            data["title"] = self.title
        return data

    def flagged(self) -> set[int]:
        """Positions of the sentences that carry a fidelity flag."""
        return {c.sentence for c in self.checks}


@dataclass(frozen=True)
class Brief:
    """The result of the whole pipeline for one article."""

    source: Source
    summary: Summary
    translations: dict[str, Translation] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source.to_dict(),
            "summary": self.summary.to_dict(),
        }
        if self.translations:
            data["translations"] = {k: v.to_dict() for k, v in self.translations.items()}
        return data

    def checks(self) -> dict[str, list[Any]]:
        """Fidelity flags by target language, only the languages that have some."""
        return {lang: t.checks for lang, t in self.translations.items() if t.checks}
