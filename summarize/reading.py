"""The read stage: bytes from stdin or files to clean text, or a clear refusal.

Everything a user can hand us that is not an article (nothing, a binary,
another encoding, a runaway log) is refused here with its own exit code,
before any model is loaded.
"""

from __future__ import annotations

import codecs
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from summarize.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputNotFoundError,
    InputTooLargeError,
    NetworkError,
    NoArticleError,
    UsageError,
)

#: Default --max-size: far beyond any article, small enough to stop a log file.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: The largest --max-size accepted: beyond it, a size is a typo, not an article.
MAX_SIZE_LIMIT = 1024**3
#: Byte-order marks that say the text is UTF-16 or UTF-32 (longest first: UTF-32 LE starts like UTF-16 LE).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """An input article as text; ``name`` is the file path, or ``-`` for stdin."""

    text: str
    name: str = "-"


def parse_size(value: str, limit: int | None = None) -> int:
    """Read sizes such as ``10MB``, ``500k`` or ``1048576`` (bytes), up to ``limit`` when given."""
    match = _SIZE.match(value)
    if not match:
        raise UsageError(f"invalid size {value!r}: use bytes or a unit, e.g. 500KB, 10MB")
    number, unit = float(match.group(1)), match.group(2).lower()
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]
    if not number * factor <= (limit if limit is not None else float("inf")):  # also inf, from 400 digits
        most = f": at most {format_size(limit)}" if limit is not None else ""
        raise UsageError(f"size {value!r} is too large{most}")
    if int(number * factor) < 1:  # a limit of nothing would refuse every input, each with its own error
        raise UsageError(f"size {value!r} is too small: at least 1 byte, e.g. 500KB, 10MB")
    return int(number * factor)


def check_encoding(encoding: str) -> str:
    """The codec's name, or a usage error for an unknown codec or one that is not a text encoding (rot13, base64)."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError, TypeError):
        raise UsageError(f"unknown encoding {encoding!r} (try utf-8, latin-1, cp1252)") from None
    if not getattr(info, "_is_text_encoding", True):
        raise UsageError(f"{encoding!r} is not a text encoding (try utf-8, latin-1, cp1252)")
    return info.name


def display_name(name: str) -> str:
    """A file name as valid UTF-8 text: bytes that are not UTF-8 are written ``\\xNN`` (ids, ``source.name``).

    POSIX file names are bytes; Python decodes the undecodable ones to lone
    surrogates, which no UTF-8 output can carry.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def wide_bom(data: bytes) -> str | None:
    """The codec ("utf-16", "utf-32") whose byte order mark ``data`` starts with, if any."""
    return next((codec for mark, codec in _WIDE_BOMS if data.startswith(mark)), None)


def input_label(name: str) -> str:
    """What an input's errors begin with: its file name, or "stdin" for ``-``."""
    return "stdin" if name == "-" else name


def decode(data: bytes, *, name: str = "-", encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Check and decode raw input; CRLF becomes LF and a BOM is dropped."""
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"data must be bytes, not {type(data).__name__}: text needs no decoding (brief(text))")
    where = input_label(name)
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"{where}: input is larger than the {format_size(max_bytes)} limit; raise it with --max-size"
        )
    encoding = check_encoding(encoding)
    wide = encoding.startswith(("utf-16", "utf-32"))
    bom = wide_bom(data)
    # the BOM says how it is written, unless another encoding is named and the bytes could be in it
    # (a UTF-16 or UTF-32 text has NUL bytes, which no narrow encoding's text has)
    if not wide and bom and (encoding in ("utf-8", "utf-8-sig") or b"\x00" in data):
        encoding, wide = bom, True
    if not wide and b"\x00" in data:
        raise BinaryInputError(f"{where}: input looks binary (NUL bytes), not text{_utf16_hint(data)}")
    codec = codecs.lookup(encoding).name
    try:
        # Latin-1 is read as browsers read it: its bytes 0x80-0x9F are Windows-1252's “ ” € —, not controls
        text = _decode_first(data, _charsets("cp1252") if codec == "iso8859-1" else (encoding,))
    except UnicodeDecodeError as exc:
        # a saved page not in UTF-8 says how it is written; only the default encoding gives way to it
        declared = _declared_charset(data) if codec == "utf-8" else None
        try:
            text = _decode_first(data, _charsets(declared))
        except UnicodeDecodeError:
            raise _encoding_error(where, encoding, data, exc) from None
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInputError(f"{where}: input is empty" + (" (only whitespace)" if text else ""))
    return Document(text=text, name=name)


def _decode_first(data: bytes, charsets: tuple[str, ...]) -> str:
    """The text in the first of ``charsets`` that reads ``data``; the last one's error if none does."""
    error: UnicodeDecodeError | None = None
    for charset in charsets:
        try:
            return data.decode(charset)
        except UnicodeDecodeError as exc:
            error = exc
    raise error or UnicodeDecodeError("utf-8", data, 0, 0, "no charset to try")


def _encoding_error(where: str, encoding: str, data: bytes, exc: UnicodeDecodeError) -> EncodingError:
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    return EncodingError(
        f"{where}: not valid {encoding} at byte {exc.start} (line {line}, column {column}); "
        f"give the right one with --encoding, e.g. --encoding {_likely_charset(data)}"
    )


_COMMON_CHARSETS = frozenset(
    [
        "cp1251",
        "koi8_r",
        "cp1250",
        "cp1253",
        "cp1254",
        "cp1255",
        "cp1256",
        "gb18030",
        "gb2312",
        "big5",
        "cp932",
        "shift_jis",
        "euc_jp",
        "euc_kr",
        "cp949",
        "iso8859_5",
        "iso8859_7",
        "iso8859_8",
        "iso8859_6",
    ]
)


def _likely_charset(data: bytes) -> str:
    """The legacy charset a text outside the Latin alphabet reads in (cp1251, gb18030, cp932), as
    charset-normalizer guesses it; else latin-1. Its guesses for short Latin text are poor (mac_latin2
    for French), and latin-1 would make mojibake of Russian or Chinese."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return "latin-1"
    matches = list(from_bytes(data[:20000]))
    # among near-equal guesses, the charsets newsroom files are written in (not mac_cyrillic)
    best = next((m for m in matches if m.encoding in _COMMON_CHARSETS), matches[0] if matches else None)
    letters = [ch for ch in str(best) if ch.isalpha()] if best is not None else []
    if best is None or sum(ch > "\u024f" for ch in letters) < 0.5 * len(letters):
        return "latin-1"
    return str(best.encoding)


def _utf16_hint(data: bytes) -> str:
    """UTF-16 without a byte-order mark looks binary: say so when every other byte is NUL (Latin text)."""
    sample = data[:400]
    even, odd = sample[0::2], sample[1::2]
    for codec, zeros, letters in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if len(zeros) >= 2 and zeros.count(0) >= 0.8 * len(zeros) and letters.count(0) == 0:
            return f"; if it is UTF-16 without a byte-order mark, give --encoding {codec}"
    return ""


_DECLARED = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)|^\s*<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)", re.IGNORECASE
)


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> (or an XML declaration), if Python knows it."""
    m = _DECLARED.search(data[:8192])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return "cp1252" if codec in ("iso8859-1", "ascii") else codec  # as browsers read them


def _charsets(declared: str | None) -> tuple[str, ...]:
    """What to try for a declared charset; Windows-1252 leaves five bytes undefined, which Latin-1 reads."""
    if declared is None or declared == "utf-8":
        return ()
    return (declared, "latin-1") if declared == "cp1252" else (declared,)


def read_stream(
    stream: BinaryIO, *, name: str = "-", encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read at most one byte past the limit, so a huge pipe is refused without filling memory.

    Read in blocks: ``read(max_bytes + 1)`` would allocate the whole limit
    up front, even for a 2 KB file.
    """
    blocks: list[bytes] = []
    left = max_bytes + 1
    while left > 0:
        block = stream.read(min(left, 1 << 20))
        if not block:
            break
        blocks.append(block)
        left -= len(block)
    return decode(b"".join(blocks), name=name, encoding=encoding, max_bytes=max_bytes)


def read_path(path: str | Path, *, encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a file, stdin for ``-``, or a web page for an ``http(s)://`` address (:func:`fetch_url`)."""
    name = str(path)
    if name == "-":
        if sys.stdin is None:  # started with stdin closed (<&-)
            raise InputNotFoundError("stdin is closed: pipe an article in, or name a file")
        return read_stream(sys.stdin.buffer, encoding=encoding, max_bytes=max_bytes)
    if isinstance(path, str) and is_url(path):
        return fetch_url(
            path, max_bytes=max_bytes, encoding=None if encoding.lower() in ("utf-8", "utf8") else encoding
        )
    p = Path(path)
    if p.is_dir():
        raise InputNotFoundError(f"{name}: is a folder; name the files, or use `summarize batch {name}`")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputTooLargeError(
                f"{name}: input is {format_size(size)}, over the {format_size(max_bytes)} limit;"
                " raise it with --max-size"
            )
        with open(p, "rb") as handle:
            return read_stream(handle, name=name, encoding=encoding, max_bytes=max_bytes)
    except FileNotFoundError:
        raise InputNotFoundError(f"{name}: no such file") from None
    except PermissionError:
        raise InputNotFoundError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise InputNotFoundError(f"{name}: is a folder") from None
    except OSError as exc:
        raise InputNotFoundError(f"{name}: cannot read ({exc.strerror})") from None


_FINAL = '.!?…:;»"”)]'


def split_title(text: str) -> tuple[str | None, str]:
    """A first line without final punctuation, followed by more text, is the headline.

    The headline helps ranking but is never printed as a summary sentence.
    """
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first:
        return None, text
    if first[-1] in _FINAL or len(first.split()) > 30:
        return None, text
    return first, rest


# --- HTML pages -------------------------------------------------------------------

#: What ``--input-format`` accepts; ``auto`` looks at the content.
INPUT_FORMATS = ("auto", "text", "html")
_HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE | re.DOTALL
)
_HTML_TAG = re.compile(r"</(?:p|div|article|section|span|a|h[1-6]|li|body|html|head|title)>", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    """What an HTML page holds: the article's main text and what its metadata says."""

    text: str
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    standfirst: str | None = None
    site: str | None = None


def is_html(text: str) -> bool:
    """An HTML page, told by its content: a doctype or <html>/<body> at the start, or many closing tags."""
    head = text[:2000]
    if _HTML_START.match(head):
        return True
    return head.lstrip().startswith("<") and len(_HTML_TAG.findall(text[:20000])) >= 3


_FEED_ROOT = re.compile(
    r"\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?[^>]*\?>\s*|<!doctype[^>]*>\s*)*<(rss|feed|rdf:rdf)[\s>]",
    re.IGNORECASE | re.DOTALL,
)
_FEED_KINDS = {"rss": "an RSS feed", "feed": "an Atom feed", "rdf:rdf": "an RSS feed"}


def check_not_feed(text: str, *, name: str = "-") -> None:
    """Refuse an RSS or Atom feed (told by its root element): it lists articles and is none of them.

    Its tags were briefed as sentences, or it was read as an HTML page with no article text.
    """
    found = _FEED_ROOT.match(text[:4000])
    if found:
        where = input_label(name)
        raise NoArticleError(
            f"{where}: this is {_FEED_KINDS[found.group(1).lower()]}, a list of articles, not an article: "
            "brief its items one by one (e.g. as JSON Lines records with summarize batch --jsonl)"
        )


def check_input_format(value: str) -> str:
    """Refuse an unknown ``--input-format`` with the list of known ones."""
    fmt = value.strip().lower()
    if fmt not in INPUT_FORMATS:
        raise UsageError(f"unknown input format {value!r}: choose one of {', '.join(INPUT_FORMATS)}")
    return fmt


def extract_html(html: str, *, name: str = "-") -> Page:
    """Main text, title, author, date and description of a saved page, with trafilatura; nothing is fetched.

    trafilatura (~130 ms to import) is imported here only, so a plain-text brief never pays for it.
    A page with no article body (a home page, a login wall, an error page) is a
    :class:`NoArticleError`, not an empty brief.
    """
    import logging

    try:
        import trafilatura
        from trafilatura.settings import set_date_params
    except ImportError:
        raise UsageError(
            "reading HTML needs trafilatura, which is not installed: pip install 'summarize[html]' "
            "(or give the article as text, --input-format text)"
        ) from None

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its warnings are not ours to print
    where = input_label(name)
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
            # the date the page declares (meta, <time>, the URL), never one guessed from its text: an extensive
            # search reads "© 2024" in a footer as 2024-01-01
            date_extraction_params=set_date_params(False),
        )
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
        raise NoArticleError(f"{where}: cannot read the HTML page ({type(exc).__name__})") from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    prose = sum(len(line.split()) for line in text.splitlines() if len(line.split()) >= 8)
    if prose < 15:  # menus and lists of headlines are short lines; an article has paragraphs
        raise NoArticleError(f"{where}: the HTML page has no article text (a home page, a list or a login wall?)")
    title = _clean_meta(getattr(doc, "title", None))
    site = _clean_meta(getattr(doc, "sitename", None))
    if title and site:
        title = re.sub(rf"\s*[|\-–—:]\s*{re.escape(site)}\s*$", "", title).strip() or title
    return Page(
        text=text,
        title=title,
        byline=_clean_meta(getattr(doc, "author", None)),
        published=_clean_meta(getattr(doc, "date", None)),
        standfirst=_clean_meta(getattr(doc, "description", None)),
        site=site,
    )


def _clean_meta(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


# --- URLs --------------------------------------------------------------------------

#: Seconds to wait for a page, connection and each read.
FETCH_TIMEOUT = 15.0


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def fetch_url(
    url: str, *, timeout: float = FETCH_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None
) -> Document:
    """Fetch a page with the standard library (no JavaScript, no cookies), within a timeout and a size cap.

    Offline, or when the server does not answer, it is a :class:`NetworkError` (exit 12). Only
    ``http(s)://`` addresses are fetched: a malformed one, or another scheme (``file:``, ``ftp:``,
    which urllib would also open), is a :class:`UsageError` (exit 2).
    """
    import http.client
    import urllib.error
    import urllib.request

    if not is_url(url):
        raise UsageError(f"{url}: not a web address (only http:// and https:// pages are fetched)")
    headers = {"User-Agent": "summarize (offline news brief)", "Accept": "text/html, text/plain;q=0.9, */*;q=0.1"}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise InputTooLargeError(
                    f"{url}: page is {format_size(int(length))}, over the {format_size(max_bytes)} limit; "
                    "raise it with --max-size"
                )
            data = response.read(max_bytes + 1)
            charset = encoding or response.headers.get_content_charset() or _declared_charset(data) or "utf-8"
    except urllib.error.HTTPError as exc:
        raise NetworkError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise NetworkError(f"{url}: cannot fetch the page ({reason}); offline? save it and pass the file") from None
    except (ValueError, http.client.InvalidURL) as exc:  # a malformed address, as urllib and http.client say
        raise UsageError(f"{url}: not a valid http(s) address ({exc})") from None
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    return decode(data, name=url, encoding=charset, max_bytes=max_bytes)


def format_size(size: int) -> str:
    """``10 MB``, ``1.5 KB``, ``512 bytes``: the one way sizes are shown (messages, ``models list``)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"
