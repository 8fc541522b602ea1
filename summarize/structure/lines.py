"""What a line is: a byline, a dateline, a credit, a caption, a sub-heading, or article text."""

from __future__ import annotations

import re

from summarize.structure.patterns import (
    _BOILERPLATE,
    _BOILERPLATE_LINE,
    _BYLINE,
    _BYLINE_TAIL,
    _CALL,
    _CAPTION_START,
    _CJK_CREDIT,
    _CONNECTORS,
    _CONTRIBUTED,
    _COPYRIGHT,
    _CORRECTION,
    _CREDIT_END,
    _CREDIT_INLINE,
    _CREDIT_LABEL_TAIL,
    _CREDIT_ONLY,
    _CREDIT_TAIL,
    _DATE_SHAPE,
    _DATE_TOKEN,
    _DATELINE_AGENCY,
    _DATELINE_ALONE,
    _DATELINE_CAPS,
    _DATELINE_CJK,
    _DATELINE_OTHER,
    _DATELINE_SLASHED,
    _EDITOR_TAG,
    _FINAL_OK,
    _GREETING,
    _INTERTITLE_LINE,
    _LABEL,
    _LABEL_ONLY,
    _MORE_AT,
    _NEWSLETTER,
    _PAGE_MARK,
    _PARENS,
    _PLACE_BEFORE_DATE,
    _PUBLISHED,
    _RELATED,
    _REPORTING,
    _SCRIPT,
    _SOCIAL,
    _SOCIAL_FOLLOW,
    _SOCIAL_ONLY,
    _SOURCE_LINE,
    _TIMESTAMP,
    _WIRE_CREDIT,
)
from summarize.structure.records import Furniture


def _byline(line: str) -> tuple[str, str | None] | None:
    """'Par Sophie Marchand, envoyée spéciale à Kiev' -> (byline, published or None)."""
    if len(line) > 160 or not _BYLINE.match(line) or _REPORTING.match(line):
        return None  # (a byline with a publication line after it still starts with its marker)
    published = None
    m_pub = re.search(
        r"\s*[-–—|,•]?\s*(?:Publiée?|Mise? à jour|Updated|Published|Posted|Aktualisiert|Veröffentlicht|Actualizad[oa]|"
        r"Publicad[oa]|Atualizad[oa]|Aggiornato|Pubblicato|le \d{1,2}(?:er)?[ /.](?:\d{1,2}|[a-zéû]+))\b.*$",
        line,
        re.IGNORECASE,
    )
    core = line
    if m_pub and m_pub.start() > 0:
        published = line[m_pub.start() :].strip(" -–—|,•")
        core = line[: m_pub.start()].strip()
    m = _BYLINE.match(core)
    if not m:
        return None
    who = _BYLINE_TAIL.sub("", m.group("who")).strip(" .,;")
    words = [w for w in re.split(r"[\s,]+", who) if any(ch.isalnum() for ch in w)]
    if not words or len(words) > 10 or core.rstrip()[-1] in "?!:;":
        return None
    names = [w for w in words if w.lower() not in _CONNECTORS]
    if not names or not any(ch.isupper() or ch.isdigit() for ch in names[0]):  # "Sophie", "g1", "eBay"
        lower_ok = who.lower().startswith(("la rédaction", "notre ", "our ", "la redacción", "la redazione"))
        if not lower_ok:
            return None
    capital = sum(1 for w in names if w[:1].isupper() or w[:1] == "@")
    if capital < max(1, 0.6 * len(names)):
        return None
    return core.strip(), published


def _date_only(line: str) -> bool:
    """'12 mars 2024 à 14h32', 'March 12, 2024 2:32 PM ET', 'Montag, 12.03.2024, 14:32 Uhr'."""
    if len(line) > 70 or sum(ch.isdigit() for ch in line) < 4 or not _DATE_SHAPE.search(line):
        return False
    line = _PLACE_BEFORE_DATE.sub("", line)  # "Madrid - 18 abr 2024 - 05:30 CEST"
    return not _DATE_TOKEN.sub(" ", line).strip(" .,")


def _classify(line: str) -> str | None:
    """The furniture kind of a whole paragraph, or None for article text."""
    n_words = len(line.split()) if len(line) < 700 else 1000  # a long paragraph is text or script
    if _code_like(line) and _SCRIPT.search(line):
        return "script"
    if n_words > 60:
        return None
    return _kind_of_label(line, n_words) or _kind_of_call(line, n_words)


def _kind_of_label(line: str, n_words: int) -> str | None:
    """Links, datelines, captions, credits, publication lines, timestamps (first match wins)."""
    if n_words <= 40 and _RELATED.match(line) and (_LABEL.match(line) is None or n_words <= 20):
        return "related"
    if n_words <= 10 and _DATELINE_ALONE.match(line):
        return "dateline"
    if _CAPTION_START.match(line) or (line[-1] in ")]" and _CREDIT_END.search(line[-120:])):
        return "caption"
    if n_words <= 12 and (
        _CREDIT_ONLY.match(line) or _EDITOR_TAG.match(line) or _SOURCE_LINE.match(line) or _CJK_CREDIT.match(line)
    ):
        return "credit"
    if n_words <= 40 and ((line[0] in "([" and _WIRE_CREDIT.match(line)) or _REPORTING.match(line)):
        return "credit"
    if n_words <= 60 and "/" in line and _CREDIT_TAIL.search(line[-100:]):
        return "caption"
    if n_words <= 40 and _CREDIT_LABEL_TAIL.search(line[-80:]):
        return "caption"
    if n_words <= 25 and _COPYRIGHT.search(line) and not _ends_sentence_plain(line):
        return "credit"
    if n_words <= 30 and _PUBLISHED.match(line):
        return "published"
    if _LABEL_ONLY.match(line) or (_TIMESTAMP.match(line) and _TIMESTAMP.sub("", line, count=1).strip() == ""):
        return "timestamp"
    if _date_only(line):
        return "published"
    return None


def _kind_of_call(line: str, n_words: int) -> str | None:
    """Newsletter and social calls, page marks, boilerplate, sub-headings (first match wins)."""
    if (
        n_words <= 40
        and _NEWSLETTER.search(line)
        and (_CALL.match(line) or not _long_prose(line) or len(_NEWSLETTER.findall(line)) >= 2)
        and not _reports_on_a_newsletter(line)
    ):
        return "newsletter"
    if n_words <= 25 and _CONTRIBUTED.search(line):
        return "credit"
    if n_words <= 40 and _CORRECTION.match(line):
        return "boilerplate"
    if n_words <= 30 and _MORE_AT.match(line):
        return "related"
    if not any(ch.isalnum() for ch in line):
        return "boilerplate"
    if n_words <= 12 and _PAGE_MARK.search(line):
        return "page"
    if n_words <= 8 and _GREETING.match(line):
        return "boilerplate"
    if (n_words <= 15 and (_SOCIAL_ONLY.match(line) or _SOCIAL.search(line))) or (
        n_words <= 30 and _SOCIAL_FOLLOW.search(line)
    ):
        return "social"
    if n_words <= 20 and _BOILERPLATE.search(line) and not _long_prose(line):
        return "boilerplate"
    if n_words <= 3 and _BOILERPLATE_LINE.match(line):
        return "boilerplate"
    if _INTERTITLE_LINE.match(line):
        return "subheading"
    return None


def _reports_on_a_newsletter(line: str) -> bool:
    """A statement that names a newsletter once, with no call to sign up, is news about it:
    "De krant verstuurt haar nieuwsbrief nu naar 200.000 lezers." """
    found = _NEWSLETTER.findall(line)
    return (
        len(found) == 1
        and found[0].lower() in ("newsletter", "nieuwsbrief")
        and not _CALL.match(line)
        and len(line.split()) >= 7
        and line[:1].isupper()
        and line.rstrip().endswith(".")
        and ":" not in line
    )


def _ends_sentence_plain(line: str) -> bool:
    return line.rstrip()[-1:] in ".!?…" and len(line.split()) > 12


def _long_prose(line: str) -> bool:
    """A sentence that mentions cookies or a newsletter is still news ("Le site a vendu 3 millions d'abonnements.")."""
    return len(line.split()) > 14 and line.rstrip()[-1:] in '.!?…»"' and "?" not in line[-3:]


def _code_like(line: str) -> bool:
    symbols = sum(line.count(c) for c in "{}();=<>[]")
    return symbols >= 4 and symbols >= 0.02 * len(line)


def _strip_prefixes(line: str) -> tuple[str, list[Furniture]]:
    """Live-blog timestamps and labels before the text: '14h32 - ', 'DIRECT. ', 'VIDÉO - '."""
    removed: list[Furniture] = []
    for _ in range(3):
        m = _TIMESTAMP.match(line)
        kind = "timestamp"
        if not m:
            m = _LABEL.match(line)
            kind = "label"
        if not m or m.end() >= len(line):
            break
        removed.append(Furniture(kind, line[: m.end()].strip(" -–—:|•.")))
        line = line[m.end() :].lstrip()
    return line, removed


def _dateline(line: str, first: bool) -> re.Match[str] | None:
    m = _DATELINE_AGENCY.match(line)
    if m:
        return m
    if first:
        m = _DATELINE_OTHER.match(line) or _DATELINE_SLASHED.match(line) or _DATELINE_CAPS.match(line)
        m = m or _DATELINE_CJK.match(line)
        if m and sum(ch.isalpha() for ch in m.group(0)) >= 3:
            return m
    return None


def _strip_credit(line: str) -> tuple[str, list[Furniture]]:
    """Photo credits inside a paragraph: '... (Photo : X / AFP)'."""
    if "(" not in line:
        return line, []
    found = [m for m in _PARENS.finditer(line) if _CREDIT_INLINE.fullmatch(m.group(0))]
    for m in reversed(found):
        line = line[: m.start()] + line[m.end() :]
    return line.strip(), [Furniture("credit", m.group(0).strip()) for m in found]


def _looks_like_title(line: str) -> bool:
    """A headline: short, one or two sentences, no final full stop (», ", ?, ! or ) may end it)."""
    words = line.split()
    if not words or len(words) > 30 or len(line) > 220 or line[0] in "-–•*·▪►=":
        return False
    last = line.rstrip()[-1]
    if last in ".;,:。，；：" and not line.endswith("..."):
        return False
    return len(re.findall(r"[.!?…](?:\s|$)", line)) <= 2


def _is_subheading(line: str) -> bool:
    """Between paragraphs, a short line without final punctuation is a sub-heading; a list item is not."""
    words = line.split()
    if not words or len(words) > 14 or len(line) > 110:
        return False
    if line[0] in "-–•*·▪►" and not _INTERTITLE_LINE.match(line):
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "«\"“'"):
        return False
    return line.rstrip()[-1] not in _FINAL_OK + ","
