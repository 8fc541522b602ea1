"""The whole pipeline as one call: ``brief(text, options, **overrides)``.

The CLI is a thin layer over this function; scripts call it directly.
Each stage lives in its own module and can be used alone.
"""

from __future__ import annotations

from typing import Any

from summarize.options import BriefOptions, parse_targets
from summarize.results import Brief, Sentence, Source, Summary, Translation

__all__ = ["BriefOptions", "brief", "parse_targets"]


def brief(
    text: str,
    options: BriefOptions | None = None,
    *,
    title: str | None = None,
    name: str | None = None,
    **overrides: Any,
) -> Brief:
    """Summarise ``text`` and, when the options name target languages, translate the summary.

    ``options`` is a :class:`BriefOptions`; keyword ``overrides`` (``sentences=``,
    ``to=``, ``algorithm=``, ...: its field names) change it for this call.
    ``title`` is the article's headline when it is known (a feed's title
    field): it helps ranking and is never a summary sentence. Without it, a
    first line without final punctuation is taken as the headline.
    ``name`` is reported as ``source.name``.
    """
    from summarize.detect import detect_language
    from summarize.errors import EmptyInputError
    from summarize.rank import pick
    from summarize.reading import split_title
    from summarize.segment import normalize, split_sentences, split_words

    options = (options or BriefOptions()).but(**overrides)
    text = normalize(text)
    if not text.strip():
        raise EmptyInputError("input is empty")
    if title is not None:
        title, body = normalize(title).strip() or None, text
    else:
        title, body = split_title(text)
    doubts: tuple[str, ...] = ()
    if options.source_lang:
        language, probability, detected = options.source_lang, 1.0, False
    else:
        found = detect_language(body, options.languages)
        language, probability, detected, doubts = found.language, found.probability, True, found.warnings
    parts = split_sentences(body, language)
    if not parts:
        raise EmptyInputError("input has no sentences")
    picked = pick(parts, language=language, algorithm=options.algorithm, length=options.length, title=title)
    summary = Summary(algorithm=options.algorithm, sentences=[Sentence(index=i, text=parts[i]) for i in picked])
    source = Source(
        language=language,
        probability=probability,
        sentences=len(parts),
        words=len(split_words(body, language)),
        title=title,
        detected=detected,
        name=name,
        warnings=doubts,
    )
    return Brief(source=source, summary=summary, translations=_translations(summary, source, options))


def _translations(summary: Summary, source: Source, options: BriefOptions) -> dict[str, Translation]:
    if not options.to:
        return {}
    from summarize.errors import ModelMissingError
    from summarize.translate import translate

    try:
        return translate(
            [s.text for s in summary.sentences],
            source.language,
            list(options.to),
            models_dir=options.models_path,
            device=options.device,
            threads=options.threads,
        )
    except ModelMissingError as exc:
        if not source.detected:
            raise
        # the detection may be what is wrong (Dutch read as Afrikaans): say so
        raise ModelMissingError(
            f"{exc} ({source.language} is the detected language, probability {source.probability:.2f}; "
            "if the text is in another language, name it with --from)"
        ) from None
