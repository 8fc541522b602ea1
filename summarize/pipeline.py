"""The whole pipeline as one call: ``brief(text, options, **overrides)``.

The CLI is a thin layer over this function; scripts call it directly.
Each stage lives in its own module and can be used alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from summarize.options import BriefOptions, parse_targets
from summarize.results import Brief, Sentence, Source, Summary, Translation

if TYPE_CHECKING:
    from summarize.structure import Copy

__all__ = ["BriefOptions", "brief", "parse_targets", "read_copy"]


def brief(
    text: str,
    options: BriefOptions | None = None,
    *,
    title: str | None = None,
    name: str | None = None,
    **overrides: Any,
) -> Brief:
    """Summarise ``text`` and, when the options name target languages, translate the summary and the headline.

    ``options`` is a :class:`BriefOptions`; keyword ``overrides`` (``sentences=``,
    ``to=``, ``algorithm=``, ...: its field names) change it for this call.
    ``text`` may be an HTML page (``input_format`` "auto" tells it by its content,
    "html" or "text" force it). The structure stage takes the headline, standfirst,
    dateline, byline and furniture out of the body (``keep_furniture`` leaves all
    but the headline in). ``title`` is the article's headline when it is known
    (a feed's title field): it helps ranking and is never a summary sentence.
    ``name`` is reported as ``source.name``.
    """
    from summarize.detect import detect_language
    from summarize.errors import EmptyInputError
    from summarize.rank import pick
    from summarize.segment import split_sentences, split_words

    options = (options or BriefOptions()).but(**overrides)
    copy = read_copy(
        text,
        language=options.source_lang,
        input_format=options.input_format,
        keep_furniture=options.keep_furniture,
        title=title,
        name=name,
    )
    body = copy.body
    doubts: tuple[str, ...] = ()
    if options.source_lang:
        language, probability, detected = options.source_lang, 1.0, False
    else:
        found = detect_language(body, options.languages)
        language, probability, detected, doubts = found.language, found.probability, True, found.warnings
    parts = split_sentences(body, language)
    if not parts:
        raise EmptyInputError("input has no sentences")
    picked = pick(parts, language=language, algorithm=options.algorithm, length=options.length, title=copy.headline)
    summary = Summary(algorithm=options.algorithm, sentences=[Sentence(index=i, text=parts[i]) for i in picked])
    source = Source(
        language=language,
        probability=probability,
        sentences=len(parts),
        words=len(split_words(body, language)),
        title=copy.title,
        detected=detected,
        name=name,
        warnings=doubts,
        standfirst=copy.standfirst,
        dateline=copy.dateline,
        byline=copy.byline,
        published=copy.published,
        removed=[item.to_dict() for item in copy.removed],
    )
    return Brief(source=source, summary=summary, translations=_translations(summary, copy.title, source, options))


def read_copy(
    text: str,
    *,
    language: str | None = None,
    input_format: str = "auto",
    keep_furniture: bool = False,
    title: str | None = None,
    name: str | None = None,
) -> Copy:
    """The read and structure stages on raw input: an HTML page's article, or copy as pasted, in its parts.

    A given ``title`` (a feed's) wins over the page's and the text's.
    """
    from summarize.errors import EmptyInputError
    from summarize.reading import check_input_format, extract_html, is_html
    from summarize.segment import normalize
    from summarize.structure import structure

    fmt = check_input_format(input_format)
    if not text.strip():
        raise EmptyInputError("input is empty")
    given = normalize(title).strip() or None if title is not None else None
    if fmt == "html" or (fmt == "auto" and is_html(text)):
        page = extract_html(text, name=name or "-")
        copy = structure(
            page.text,
            language,
            keep_furniture=keep_furniture,
            title=given or page.title,
            byline=page.byline,
            published=page.published,
            standfirst=page.standfirst,
        )
    else:
        copy = structure(text, language, keep_furniture=keep_furniture, title=given)
    if not copy.body.strip():
        raise EmptyInputError("input is empty")
    return copy


def _translations(summary: Summary, title: str | None, source: Source, options: BriefOptions) -> dict[str, Translation]:
    """The summary's sentences and the headline, translated in one call (the headline goes first), each
    translation with its fidelity flags (both remembered when the translation memory is on)."""
    if not options.to:
        return {}
    from summarize.errors import ModelMissingError
    from summarize.fidelity import checked
    from summarize.memory import shared
    from summarize.translate import translate

    memory = shared() if options.cache else None
    texts = [s.text for s in summary.sentences]
    try:
        results = translate(
            [title, *texts] if title else texts,
            source.language,
            list(options.to),
            models_dir=options.models_path,
            device=options.device,
            threads=options.threads,
            memory=memory,
        )
    except ModelMissingError as exc:
        if not source.detected:
            raise
        # the detection may be what is wrong (Dutch read as Afrikaans): say so
        raise ModelMissingError(
            f"{exc} ({source.language} is the detected language, probability {source.probability:.2f}; "
            "if the text is in another language, name it with --from)"
        ) from None
    if title:
        results = {
            lang: Translation(target=t.target, route=t.route, sentences=t.sentences[1:], title=t.sentences[0])
            for lang, t in results.items()
        }
    return {lang: checked(t, texts, source.language, memory) for lang, t in results.items()}
