"""The whole pipeline as one call: ``brief(text, **options)``.

The CLI is a thin layer over this function; scripts call it directly.
Each stage lives in its own module and can be used alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from summarize.results import Brief, Sentence, Source, Summary, Translation

if TYPE_CHECKING:
    from summarize.rank import Length


def _length(sentences: int | None, ratio: float | None, words: int | None) -> Length:
    """The brief's length from the three options; ``Length`` checks them (one at most, in range)."""
    from summarize.rank import Length

    return Length(sentences=sentences, ratio=ratio, words=words)


def parse_targets(to: str | Sequence[str] | None) -> list[str]:
    """``"en,es"``, ``["en", "es"]``, ``"none"`` or None to a list of codes."""
    from summarize.detect import check_language

    if to is None:
        return []
    items = to.split(",") if isinstance(to, str) else list(to)
    codes: list[str] = []
    for item in items:
        item = item.strip()
        if not item or item.lower() == "none":
            continue
        code = check_language(item)
        if code not in codes:
            codes.append(code)
    return codes


def brief(
    text: str,
    *,
    sentences: int | None = None,
    ratio: float | None = None,
    words: int | None = None,
    algorithm: str | None = None,
    source_lang: str | None = None,
    to: str | Sequence[str] | None = None,
    models_dir: str | Path | None = None,
    device: str = "cpu",
    threads: int = 1,
    name: str | None = None,
) -> Brief:
    """Summarise ``text`` and, when ``to`` names languages, translate the summary.

    Length is one of ``sentences`` (default 3), ``ratio`` or ``words``.
    ``source_lang`` skips detection. No ``to`` means no translation.
    """
    from summarize.detect import check_language, detect_language
    from summarize.errors import EmptyInputError
    from summarize.rank import DEFAULT_ALGORITHM, pick
    from summarize.reading import split_title
    from summarize.segment import normalize, split_sentences, split_words

    length = _length(sentences, ratio, words)
    algorithm = (algorithm or DEFAULT_ALGORITHM).lower()
    targets = parse_targets(to)
    text = normalize(text)
    if not text.strip():
        raise EmptyInputError("input is empty")
    title, body = split_title(text)
    if source_lang:
        language, probability, detected = check_language(source_lang), 1.0, False
    else:
        found = detect_language(body)
        language, probability, detected = found.language, found.probability, True
    parts = split_sentences(body, language)
    if not parts:
        raise EmptyInputError("input has no sentences")
    picked = pick(parts, language=language, algorithm=algorithm, length=length, title=title)
    summary = Summary(algorithm=algorithm, sentences=[Sentence(index=i, text=parts[i]) for i in picked])
    source = Source(
        language=language,
        probability=probability,
        sentences=len(parts),
        words=len(split_words(body, language)),
        title=title,
        detected=detected,
        name=name,
    )
    translations: dict[str, Translation] = {}
    if targets:
        from summarize.translate import translate

        translations = translate(
            [s.text for s in summary.sentences],
            language,
            targets,
            models_dir=Path(models_dir) if models_dir else None,
            device=device,
            threads=threads,
        )
    return Brief(source=source, summary=summary, translations=translations)
