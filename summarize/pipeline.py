"""The whole pipeline as one call: ``brief(text, options, **overrides)``.

The CLI is a thin layer over this function; scripts call it directly.
Each stage lives in its own module and can be used alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from summarize.options import BriefOptions, parse_targets
from summarize.results import Brief, Sentence, Source, Summary, Translation

if TYPE_CHECKING:
    from summarize.structure import Copy

__all__ = ["BriefOptions", "brief", "parse_targets", "read_copy", "translate_briefs"]


def _options(options: BriefOptions | None, overrides: dict[str, Any]) -> BriefOptions:
    """The call's options: ``options`` (a BriefOptions or None) with keyword ``overrides`` applied."""
    if not isinstance(options, (BriefOptions, type(None))):
        raise TypeError(
            f"options must be a BriefOptions or None, not {type(options).__name__}; "
            "give single settings as keywords: brief(text, sentences=3, to=['en'])"
        )
    return (options or BriefOptions()).but(**overrides)


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
    from summarize.errors import EmptyInputError
    from summarize.rank import pick, word_count
    from summarize.segment import split_sentences

    options = _options(options, overrides)
    _prefetch(options.source_lang, options)
    copy = read_copy(
        text,
        language=options.source_lang,
        input_format=options.input_format,
        keep_furniture=options.keep_furniture,
        title=title,
        name=name,
    )
    body = copy.body
    if not any(ch.isalnum() for ch in body):  # before detection, which would call it too short; stops at the first
        raise EmptyInputError("input has no words (only punctuation or symbols)")
    language, probability, detected, doubts = _language(body, options)
    if detected:
        _prefetch(language, options)
    parts = split_sentences(body, language)
    if not parts:
        raise EmptyInputError("input has no sentences")
    picked = pick(parts, language=language, algorithm=options.algorithm, length=options.length, title=copy.headline)
    summary = Summary(algorithm=options.algorithm, sentences=[Sentence(index=i, text=parts[i]) for i in picked])
    source = Source(
        language=language,
        probability=probability,
        sentences=len(parts),
        words=word_count(body, language),  # as --words counts: a Han or kana character is one
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
    made = Brief(source=source, summary=summary)
    return replace(made, translations=_translations(made, options))


def _language(body: str, options: BriefOptions) -> tuple[str, float, bool, tuple[str, ...]]:
    """(language, probability, detected, doubts): the one given, else the one detected among ``languages``."""
    if options.source_lang:
        return options.source_lang, 1.0, False, ()
    from summarize.detect import detect_language

    found = detect_language(body, options.languages)
    return found.language, found.probability, True, found.warnings


def _prefetch(language: str | None, options: BriefOptions) -> None:
    """Start loading the translation models on a background thread, to load while the article is read and ranked.

    Called first with the language given (or None: ``translate.prefetch`` then
    guesses it from the store), then with the detected one: a model already
    loading is not loaded twice. Only with cores to spare (``translate.use_cores``,
    as the ``summarize`` command says). Even with the translation memory on: a
    brief is mostly new sentences, and a model loaded for nothing costs the other core.
    """
    if options.to:
        from summarize.translate import prefetch

        prefetch(
            language,
            list(options.to),
            models_dir=options.models_path,
            device=options.device,
            threads=options.threads,
            surely=not options.cache,
        )


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
    from summarize.reading import check_input_format, check_not_feed, extract_html, is_html
    from summarize.segment import normalize
    from summarize.structure import structure

    fmt = check_input_format(input_format)
    if not isinstance(text, str):  # bytes have an encoding to be read in: summarize.decode says how
        raise TypeError(f"text must be str, not {type(text).__name__}; read bytes with summarize.decode(data).text")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be str or None, not {type(title).__name__}")
    if not text.strip():
        raise EmptyInputError("input is empty")
    given = normalize(title).strip() or None if title is not None else None
    if fmt != "text":
        check_not_feed(text, name=name or "-")
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


#: Briefs per translation call in ``translate_briefs``. With real-size models
#: (bench_realsize), 3 cuts the CPU per article by a third against one call each
#: and keeps a batch worker's peak memory under 300 MB; 4 gives 304 MB, 8 gives 378 MB.
TRANSLATE_GROUP = 3


def translate_briefs(
    briefs: Sequence[Brief], options: BriefOptions | None = None, *, group: int | None = None, **overrides: Any
) -> list[Brief | Exception]:
    """Translate briefs made without targets (``brief(text, to=())``) into ``options.to``, several per model call.

    Gives what ``brief`` with the targets would give, brief for brief, for
    about two thirds of the CPU: briefs in the same language are translated
    ``group`` at a time (default ``TRANSLATE_GROUP``) in one call per model.
    CTranslate2 pads a call's sentences to its longest, and a longer padding
    can change the last bits of the numbers, so now and then one sentence
    comes out worded differently than when its article is translated alone
    (seen with the tiny fixture models, not with the real-size benchmark packages; README).
    When a call fails, each of its briefs is translated alone, so one bad
    article fails alone: its item is then the exception ``brief`` would have raised.
    """
    options = _options(options, overrides)
    size = max(1, group if group is not None else TRANSLATE_GROUP)
    out: list[Brief | Exception] = list(briefs)
    if not options.to:
        return out
    by_language: dict[str, list[int]] = {}
    for n, item in enumerate(briefs):
        by_language.setdefault(item.source.language, []).append(n)
    for numbers in by_language.values():
        for start in range(0, len(numbers), size):
            chosen = numbers[start : start + size]
            done: list[dict[str, Translation] | Exception]
            try:
                done = list(_translate_together([briefs[n] for n in chosen], options))
            except Exception:
                done = []
                for n in chosen:
                    try:
                        done.append(_translations(briefs[n], options))
                    except Exception as error:
                        done.append(error)
            for n, result in zip(chosen, done, strict=True):
                out[n] = result if isinstance(result, Exception) else replace(briefs[n], translations=result)
    return out


def _translate_together(briefs: list[Brief], options: BriefOptions) -> list[dict[str, Translation]]:
    """One ``translate`` call for the headlines and summaries of briefs in one language, split back per brief."""
    texts: list[str] = []
    spans: list[tuple[int, int]] = []
    for item in briefs:
        own = _texts(item.summary, item.source.title)
        spans.append((len(texts), len(own)))
        texts.extend(own)
    results = _translate(texts, briefs[0].source, options)
    return [
        _finish(
            {lang: replace(t, sentences=t.sentences[start : start + count]) for lang, t in results.items()},
            item,
            options,
        )
        for item, (start, count) in zip(briefs, spans, strict=True)
    ]


def _texts(summary: Summary, title: str | None) -> list[str]:
    """What is translated for one brief: the headline first, then the summary's sentences."""
    texts = [s.text for s in summary.sentences]
    return [title, *texts] if title else texts


def _finish(results: dict[str, Translation], made: Brief, options: BriefOptions) -> dict[str, Translation]:
    """Take the headline (first) out of each translation's sentences and add the fidelity flags
    (remembered when the translation memory is on)."""
    from summarize.fidelity import checked

    if made.source.title:
        results = {
            lang: Translation(target=t.target, route=t.route, sentences=t.sentences[1:], title=t.sentences[0])
            for lang, t in results.items()
        }
    texts = [s.text for s in made.summary.sentences]
    return {lang: checked(t, texts, made.source.language, _memory(options)) for lang, t in results.items()}


def _memory(options: BriefOptions) -> Any:
    """The process's translation memory, or None when ``options.cache`` is off."""
    if not options.cache:
        return None
    from summarize.memory import shared

    return shared()


def _translations(made: Brief, options: BriefOptions) -> dict[str, Translation]:
    """The summary's sentences and the headline, translated in one call (the headline goes first), each
    translation with its fidelity flags (both remembered when the translation memory is on)."""
    if not options.to:
        return {}
    return _finish(_translate(_texts(made.summary, made.source.title), made.source, options), made, options)


def _translate(texts: list[str], source: Source, options: BriefOptions) -> dict[str, Translation]:
    """``translate.translate`` with the options; a missing model for a detected language says so."""
    from summarize.errors import ModelMissingError
    from summarize.translate import translate

    try:
        return translate(
            texts,
            source.language,
            list(options.to),
            models_dir=options.models_path,
            device=options.device,
            threads=options.threads,
            memory=_memory(options),
        )
    except ModelMissingError as exc:
        if not source.detected:
            raise
        # the detection may be what is wrong (Dutch read as Afrikaans): say so
        raise ModelMissingError(
            f"{exc} ({source.language} is the detected language, probability {source.probability:.2f}; "
            "if the text is in another language, name it with --from)"
        ) from None
