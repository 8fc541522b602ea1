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

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "language": self.language,
            "probability": round(self.probability, 4),
            "sentences": self.sentences,
            "words": self.words,
            "detected": self.detected,
            "title": self.title,
            "warnings": list(self.warnings),
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

    def to_dict(self) -> dict[str, Any]:
        return {"route": list(self.route), "sentences": list(self.sentences)}


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
