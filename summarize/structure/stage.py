"""The stage itself: paragraphs classified, the headline, standfirst, dateline and byline found, the body kept."""

from __future__ import annotations

from collections.abc import Callable

from summarize.segment import normalize
from summarize.structure.glue import _unglue
from summarize.structure.lines import (
    _byline,
    _classify,
    _dateline,
    _is_subheading,
    _looks_like_title,
    _strip_credit,
    _strip_prefixes,
)
from summarize.structure.patterns import (
    _AGENCY_AFTER,
    _BLOCK_TAG,
    _CHAR_REF,
    _CODE,
    _CONNECTORS,
    _COPYRIGHT,
    _CREDIT_ONLY,
    _DATELINE_CAPS,
    _FINAL_OK,
    _INLINE_TAG,
    _INTERTITLE_INLINE,
    _INTERTITLE_LINE,
    _LINE_BREAK_TAG,
    _LIST_MARK,
    _MARKUP_SIGN,
    _ends_sentence,
    _squash,
)
from summarize.structure.records import Copy, Furniture
from summarize.structure.wraps import _unwrap


def structure(
    text: str,
    language: str | None = None,
    *,
    keep_furniture: bool = False,
    title: str | None = None,
    byline: str | None = None,
    published: str | None = None,
    standfirst: str | None = None,
) -> Copy:
    """Split raw copy into headline, standfirst, dateline, byline, publication line, furniture and body.

    ``language`` (ISO 639-1) decides hyphenation and glued words from word lists; without it,
    it is detected when needed. ``title``, ``byline``, ``published`` and ``standfirst`` come from
    an HTML page's metadata and win over what the text suggests. With ``keep_furniture`` only
    the headline is taken out (as before this stage existed): lines are still rejoined, nothing
    else is removed.
    """
    text = _blocks(normalize(text))
    detected: list[str | None] = []

    def lang() -> str | None:
        if language:
            return language
        if not detected:
            detected.append(_guess_language(text))
        return detected[0]

    paragraphs = _unwrap(text, lang)
    parts: dict[str, str | None] = {
        "title": _squash(title) if title else None,
        "standfirst": _squash(standfirst) if standfirst else None,
        "byline": _squash(byline) if byline else None,
        "published": _squash(published) if published else None,
        "dateline": None,
    }

    # Each paragraph is body text or furniture; the title is the first paragraph that reads as one.
    items: list[tuple[str, str]] = []  # (kind, text); kind "body" for article text
    for paragraph in paragraphs:
        paragraph = _plain(paragraph).strip()
        if not paragraph:
            continue
        items.extend([("body", paragraph)] if keep_furniture else _paragraph_items(paragraph, lang))

    if keep_furniture:
        return _kept_whole(items, parts)

    _find_title(items, parts)
    _find_header_byline(items, lang)
    _find_dateline(items, parts)
    _find_subheadings(items, lang, parts["title"] is not None)
    _find_standfirst(items, parts)
    return _assemble(items, parts, paragraphs)


def _blocks(text: str) -> str:
    """Block tags left in plain copy are layout: a paragraph break each ("<p>...</p>"), a line break for "<br>".
    A line of code keeps them (it is script residue, removed whole); so does text that only names a tag."""
    if "<" not in text or not _MARKUP_SIGN.search(text):
        return text  # no tags, or tags named in the text ("La balise <p> est citée")
    lines = []
    for line in text.split("\n"):
        if "<" in line and not _CODE.search(line):
            line = _BLOCK_TAG.sub("\n\n", _LINE_BREAK_TAG.sub("\n", line))
        lines.append(line)
    return "\n".join(lines)


def _plain(paragraph: str) -> str:
    """Inline tags out and character references read; a paragraph of code keeps them (it is script residue)."""
    if "<" in paragraph and not _CODE.search(paragraph):
        paragraph = _INLINE_TAG.sub("", paragraph)
    if "&" in paragraph and _CHAR_REF.search(paragraph):
        import html

        paragraph = html.unescape(paragraph)
    return paragraph


def _assemble(items: list[tuple[str, str]], parts: dict[str, str | None], paragraphs: list[str]) -> Copy:
    """The body from the text items; the first byline, publication line and dateline as fields; the rest removed."""
    removed: list[Furniture] = []
    for kind, piece in items:
        if kind in ("body", "piece", "title", "standfirst"):
            continue
        if kind in ("byline", "published", "dateline") and parts[kind] is None:
            parts[kind] = piece
        removed.append(Furniture(kind, piece))
    # a list item's bullet is layout: it told items from sub-headings, and is not part of a sentence
    body = "\n".join(_LIST_MARK.sub("", piece) for kind, piece in items if kind in ("body", "piece"))
    if not body.strip():  # all of it looked like furniture: better the text than nothing
        return Copy(body="\n".join(paragraphs), title=parts["title"])
    return _copy(body, parts, removed)


def _paragraph_items(paragraph: str, lang: Callable[[], str | None]) -> list[tuple[str, str]]:
    """One paragraph as (kind, text) items: furniture, or article text cut where it was glued."""
    if _INTERTITLE_LINE.match(paragraph):
        return [("subheading", paragraph.strip("-–— "))]
    by = _byline(paragraph)
    if by:
        return [("byline", by[0])] + ([("published", by[1])] if by[1] else [])
    kind = _classify(paragraph)
    if kind:
        return [(kind, paragraph)]
    items: list[tuple[str, str]] = []
    line, prefixes = _strip_prefixes(paragraph)
    items.extend((f.kind, f.text) for f in prefixes)
    line, credits = _strip_credit(line)
    items.extend((f.kind, f.text) for f in credits)
    if not line:
        return items
    # AFP intertitles glued into the text: 'annonce.- Appel au calme -Dès le décès'
    last = 0
    for m in _INTERTITLE_INLINE.finditer(line):
        title_text = m.group("t").strip()
        if line[m.start() - 1] in '"»”' and not title_text[0].isupper():
            continue  # '"Ciutadans" - le parti dont il ... - n'est': an aside between dashes
        items.extend(_unglue_items(line[last : m.start()].strip(), lang))
        items.append(("subheading", title_text))
        last = m.end()
    if last:
        items.extend(_unglue_items(line[last:].strip(), lang))
    else:
        items.extend(_unglue_items(line, lang))
    return items


def _kept_whole(items: list[tuple[str, str]], parts: dict[str, str | None]) -> Copy:
    """``keep_furniture``: only a headline comes out; the rest is the body."""
    body_items = [(k if k != "piece" else "body", t) for k, t in items]
    if parts["title"] is None and len(body_items) > 1 and _looks_like_title(body_items[0][1]):
        parts["title"] = body_items[0][1]
        body_items = body_items[1:]
    return _copy("\n".join(t for _, t in body_items), parts, [])


def _copy(body: str, parts: dict[str, str | None], removed: list[Furniture]) -> Copy:
    return Copy(
        body=body,
        title=parts["title"],
        standfirst=parts["standfirst"],
        dateline=parts["dateline"],
        byline=parts["byline"],
        published=parts["published"],
        removed=removed,
    )


def _unglue_items(piece: str, lang: Callable[[], str | None]) -> list[tuple[str, str]]:
    if not piece:
        return []
    pieces, found = _unglue(piece, lang)
    out: list[tuple[str, str]] = [(f.kind, f.text) for f in found if f.kind != "subheading"]
    headings = [f.text for f in found if f.kind == "subheading"]
    # keep the order: a glued heading sits between the piece before and the piece after it
    whole = len(pieces) == 1 and not found
    for p in pieces:
        out.append(("body" if whole else "piece", p))
        if headings:
            out.append(("subheading", headings.pop(0)))
    out.extend(("subheading", h) for h in headings)
    return out


def _find_title(items: list[tuple[str, str]], parts: dict[str, str | None]) -> None:
    """The headline is the first body paragraph that reads as one, with a body after it."""
    given = parts["title"]
    if given:
        for k, (kind, text) in enumerate(items):
            if kind == "body":
                line = _squash(text)
                if line == given:
                    items[k] = ("title", text)
                elif _looks_like_title(line) and (given.lower() in line.lower() or line.lower() in given.lower()):
                    items[k] = ("headline", text)  # the copy's own headline, given in another form
                break
        return
    bodies = [k for k, (kind, _) in enumerate(items) if kind in ("body", "piece")]
    if len(bodies) < 2 or items[bodies[0]][0] != "body":
        return
    first = bodies[0]
    text = items[first][1]
    if _dateline(text, first=True) or not _looks_like_title(text):
        return
    second = bodies[1]
    # A kicker ("Politique", "EXCLUSIF") above the headline: two title-like lines, the first very short.
    if (
        len(text.split()) <= 3
        and text[-1] not in _FINAL_OK + "?!"
        and len(bodies) >= 3
        and _looks_like_title(items[second][1])
        and len(items[second][1].split()) > len(text.split())
    ):
        items[first] = ("kicker", text)
        first, text = second, items[second][1]
    parts["title"] = text
    items[first] = ("title", text)


def _find_dateline(items: list[tuple[str, str]], parts: dict[str, str | None]) -> None:
    seen_body = False
    for k, (kind, text) in enumerate(items):
        if kind not in ("body", "piece"):
            continue
        m = _dateline(text, first=not seen_body)
        seen_body = True
        if m:
            rest = text[m.end() :].strip()
            if not rest:
                continue
            found = m.group(0)
            # ANSA: "(ANSA) - ROMA, 15 OTT - Il governo"; RIA, TASS: "МОСКВА, 12 мар — РИА Новости. Госдума"
            more = _AGENCY_AFTER.match(rest) if m.re is _DATELINE_CAPS.compiled else _DATELINE_CAPS.match(rest)
            if more and rest[more.end() :].strip():
                found, rest = f"{found.strip()} {more.group(0)}", rest[more.end() :].strip()
            if parts["dateline"] is None:
                parts["dateline"] = found.strip()
            items[k] = (kind, rest)
            items.insert(k, ("dateline", found.strip()))
            return


def _find_subheadings(items: list[tuple[str, str]], language: Callable[[], str | None], titled: bool) -> None:
    """Short unpunctuated lines between body paragraphs; a last one is a signature.

    Under a headline, such lines before the text begins are page furniture ("Radio France", "Madrid").
    """
    bodies = [k for k, (kind, _) in enumerate(items) if kind in ("body", "piece")]
    for n, k in enumerate(bodies):
        text = items[k][1]
        if items[k][0] != "body" or not _is_subheading(text):
            continue
        if n == 0:
            if titled and len(bodies) > 1 and len(text.split()) <= 4:
                items[k] = ("label", text)
            continue
        if n == len(bodies) - 1:
            names = text.split()
            has_byline = any(kind == "byline" for kind, _ in items)
            if 2 <= len(names) <= 5 and not has_byline and _name_like(text, language):
                items[k] = ("byline", text)
            elif len(names) <= 5:
                items[k] = ("boilerplate", text)
            continue
        items[k] = ("subheading", text)


def _name_like(line: str, language: Callable[[], str | None] | None = None) -> bool:
    """'Sam Jones in Barcelona', 'Anna Schmidt und Jan Weber': names, a connector, a place; no sentence.

    With a language, a capitalised function word ("Zur App", "Die Woche") is no name: names are
    rarer than Zipf 5.5 in wordfreq's lists.
    """
    if len(line) > 120:
        return False
    line = line.rstrip()
    if line.endswith(".") and not line.endswith(".."):
        line = line[:-1]  # "Ouest-France Marie Le Goff."
    words = [w for w in line.replace(",", " ").split() if any(ch.isalnum() for ch in w)]  # "Agencias | Madrid"
    if not 2 <= len(words) <= 8 or line[-1] in _FINAL_OK:
        return False
    capital = [w for w in words if w[:1].isupper()]
    if not (words[0][:1].isupper() and all(w[:1].isupper() or w.lower() in _CONNECTORS for w in words)):
        return False
    code = language() if language else None
    if code:
        from summarize.wordlists import zipf

        if zipf(words[0], code) >= 5.5:  # "Zur App", "Die Woche"; but "Marie Le Goff"
            return False
    return len(capital) >= 2


def _find_header_byline(items: list[tuple[str, str]], language: Callable[[], str | None]) -> None:
    """An author line without 'By' near the top, after the headline or the standfirst: 'Sam Jones in Barcelona'."""
    if any(kind == "byline" for kind, _ in items):
        return
    seen = 0
    for k, (kind, text) in enumerate(items):
        if kind == "piece" or seen >= 2:
            return
        titled = any(kind == "title" for kind, _ in items[:k])
        if kind == "credit" and titled and _CREDIT_ONLY.match(text) and not _COPYRIGHT.search(text):
            items[k] = ("byline", text)  # "Le Monde avec AFP", "Lusa" in the author's place
            return
        if kind != "body":
            continue
        if _name_like(text, language):
            items[k] = ("byline", text)
            return
        seen += 1


def _find_standfirst(items: list[tuple[str, str]], parts: dict[str, str | None]) -> None:
    """A first paragraph set apart: followed by the dateline, byline or a caption before the body starts."""
    if parts["standfirst"]:
        # A page's description. When it repeats the first paragraph word for word, the site filled it
        # from the lead (many do): that paragraph stays in the body, or the brief would lose its lead.
        return
    bodies = [k for k, (kind, _) in enumerate(items) if kind == "body"]
    if len(bodies) < 2:
        return
    first, second = bodies[0], bodies[1]
    text = items[first][1]
    if len(text.split()) > 80 or not _ends_sentence(text):
        return
    between = {kind for kind, _ in items[first + 1 : second]}
    before = {kind for kind, _ in items[:first]}
    if "dateline" in before:
        return
    if between & {"dateline", "byline", "published", "caption", "credit"}:
        parts["standfirst"] = text
        items[first] = ("standfirst", text)


def _guess_language(text: str) -> str | None:
    """The language, for word lists only; None when it cannot be told (the rules then stay cautious)."""
    from summarize.detect import detect_language
    from summarize.errors import LanguageDetectionError

    try:
        return detect_language(text).language
    except LanguageDetectionError:
        return None
