"""The read stage refuses what is not an article, each with its own exit code."""

from __future__ import annotations

import http.server
import io
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarize import reading
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
from summarize.reading import decode, parse_size, read_path, read_stream, split_title


def test_utf8_with_bom_and_crlf_is_clean_text() -> None:
    doc = decode("\ufeffLe président.\r\nIl a dit.\r\n".encode())
    assert doc.text == "Le président.\nIl a dit.\n"


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", "\ufeff".encode()])
def test_empty_or_whitespace_input_is_refused(data: bytes) -> None:
    with pytest.raises(EmptyInputError):
        decode(data)


def test_binary_input_is_refused() -> None:
    with pytest.raises(BinaryInputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_invalid_utf8_says_where() -> None:
    with pytest.raises(EncodingError, match=r"byte 14 \(line 2, column 6\).*--encoding"):
        decode(b"Bonjour.\nIl a \xe9t\xe9 vu.\n")


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Президент РФ провел в среду совещание с членами правительства по вопросам экономики.", "cp1251"),
        ("中国人民银行周五宣布，将一年期贷款市场报价利率下调十个基点。", "gb18030"),
    ],
)
def test_an_encoding_error_suggests_the_charset_the_bytes_read_in(text: str, codec: str) -> None:
    """Russian in Windows-1251 or Chinese in GB18030: "--encoding latin-1" would make mojibake of them."""
    with pytest.raises(EncodingError, match=f"--encoding {codec}") as info:
        decode(text.encode(codec))
    assert "latin-1" not in str(info.value)


def test_an_encoding_error_in_latin_text_still_suggests_latin1() -> None:
    with pytest.raises(EncodingError, match="--encoding latin-1"):
        decode("Le président a été élu à l'Élysée.".encode("latin-1"))


def test_encoding_override_reads_latin1() -> None:
    assert decode("Élysée".encode("latin-1"), encoding="latin-1").text == "Élysée"


def test_latin1_is_read_as_windows_1252_like_browsers_do() -> None:
    """Files from Windows said to be Latin-1 (the hint's example) keep their curly quotes, euro and dashes."""
    data = "“Le coût : 5 €” — oui.".encode("cp1252")
    for name in ("latin-1", "ISO-8859-1", "latin1"):
        assert decode(data, encoding=name).text == "“Le coût : 5 €” — oui."
    assert decode(b"\x81 caf\xe9", encoding="latin-1").text == "\x81 café"  # undefined in 1252: Latin-1's


def test_utf16_is_not_mistaken_for_binary() -> None:
    assert decode("Paris est la capitale.".encode("utf-16"), encoding="utf-16").text == "Paris est la capitale."


def test_a_saved_page_is_read_in_the_charset_it_declares() -> None:
    """A page saved from a site in Windows-1252 or Latin-1 says so in its <meta>: no --encoding needed.
    As browsers do, a declared ISO-8859-1 is read as Windows-1252 (its curly quotes and euro sign)."""
    page = '<html><head><meta charset="{}"><title>Réforme</title></head><body><p>L’État paie 5 €.</p></body></html>'
    for declared in ("windows-1252", "ISO-8859-1", "latin1"):
        data = page.format(declared).encode("cp1252")
        assert "L’État paie 5 €." in decode(data).text
    http_equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15"><p>\xa4 \xe9t\xe9</p>'
    assert "€ été" in decode(http_equiv).text
    with pytest.raises(EncodingError):  # text that only mentions a charset is no page
        decode(b'Le code dit charset="latin1" : \xe9t\xe9.')
    with pytest.raises(EncodingError):  # an explicit --encoding is obeyed
        decode(page.format("windows-1252").encode("cp1252"), encoding="ascii")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_a_utf16_file_with_a_bom_is_read_whatever_narrow_encoding_the_job_gives(codec: str) -> None:
    """A cron job set to --encoding latin-1 for Windows wire copy still reads the one file Notepad saved as
    Unicode: its byte-order mark and NUL bytes cannot be Latin-1 text."""
    data = ("\ufeff" if codec == "utf-16-be" else "") + "L’État paie 5 €."
    for encoding in ("latin-1", "cp1252", "ascii"):
        assert decode(data.encode(codec), encoding=encoding).text == "L’État paie 5 €."


def test_utf16_without_a_bom_says_which_encoding_to_give() -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        with pytest.raises(BinaryInputError, match=f"--encoding {codec}"):
            decode("Le président a parlé.".encode(codec))
        assert decode("Le président a parlé.".encode(codec), encoding=codec).text == "Le président a parlé."


def test_decode_takes_bytes_and_says_so() -> None:
    with pytest.raises(TypeError, match="data must be bytes, not str"):
        decode("Le président a parlé.")  # type: ignore[arg-type]


def test_unknown_encoding_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown encoding"):
        decode(b"abc", encoding="klingon")


def test_input_over_the_limit_is_refused_without_reading_it_all() -> None:
    stream = io.BytesIO(b"a" * 5000)
    with pytest.raises(InputTooLargeError, match="limit"):
        read_stream(stream, max_bytes=1000)
    assert stream.tell() == 1001


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(InputNotFoundError, match="folder"):
        read_path(tmp_path)


def test_large_file_refused_from_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(InputTooLargeError, match="2 KB"):
        read_path(big, max_bytes=1024)


@pytest.mark.parametrize(
    ("text", "size"), [("10MB", 10 * 1024**2), ("500k", 500 * 1024), ("123", 123), ("1.5 MiB", 1572864)]
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_parse_size_rejects_nonsense() -> None:
    with pytest.raises(UsageError):
        parse_size("ten megs")


def test_a_first_line_without_final_punctuation_is_the_title() -> None:
    title, body = split_title("Venise : un paquebot sème la panique\nLe navire a heurté le quai.")
    assert title == "Venise : un paquebot sème la panique"
    assert body == "Le navire a heurté le quai."


@pytest.mark.parametrize(
    "text",
    [
        "Le navire a heurté le quai.\nDeux blessés.",  # first line is a sentence
        "Une seule ligne sans point",  # nothing after it
        "Il a dit : « non »\nPuis il est parti.",  # ends with a closing quote
    ],
)
def test_no_title(text: str) -> None:
    assert split_title(text) == (None, text)


# --- HTML pages and URLs ------------------------------------------------------------

PAGE = Path(__file__).parent / "data" / "copy" / "fr-page-lemonde.html"
NO_ARTICLE = Path(__file__).parent / "data" / "copy-no-article.html"


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body><p>x</p></body></html>",
        "  <!-- saved -->\n<html lang='fr'><head><title>t</title></head></html>",
        "<div><p>Un paragraphe.</p><p>Un autre.</p><a href='/'>lien</a></div>",
    ],
)
def test_an_html_page_is_told_by_its_content(text: str) -> None:
    assert reading.is_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "Le prix est <10 euros> selon le rapport. La balise <p> est citée dans le texte.",
        "Un article ordinaire.\nAvec deux paragraphes.",
    ],
)
def test_text_that_mentions_tags_is_not_html(text: str) -> None:
    assert not reading.is_html(text)


def test_a_saved_page_gives_its_main_text_and_metadata() -> None:
    page = reading.extract_html(PAGE.read_text(encoding="utf-8"), name=PAGE.name)
    assert page.title == "Nouvelle-Calédonie : le couvre-feu prolongé d'une semaine"
    assert page.byline == "Claire Dubois"
    assert page.published == "2024-05-27"
    assert page.standfirst is not None and page.standfirst.startswith("Le haut-commissariat")
    assert page.text.startswith("Le couvre-feu instauré en Nouvelle-Calédonie")
    for menu in ("Accueil", "Les plus lus", "Mentions légales", "dataLayer"):
        assert menu not in page.text


def test_a_page_without_an_article_is_its_own_error() -> None:
    with pytest.raises(NoArticleError, match="no article text") as info:
        reading.extract_html(NO_ARTICLE.read_text(encoding="utf-8"), name="home.html")
    assert info.value.exit_code == 16


def test_input_format_is_checked() -> None:
    assert reading.check_input_format(" HTML ") == "html"
    with pytest.raises(UsageError, match="auto, text, html"):
        reading.check_input_format("pdf")


@pytest.fixture
def server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving the saved page, a big file and a 404."""
    body = PAGE.read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/article.html":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif self.path == "/big":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"a" * 5000)
            else:
                self.send_error(404, "Not Found")

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_url_is_fetched_with_the_standard_library(server: str) -> None:
    doc = reading.fetch_url(f"{server}/article.html", timeout=5)
    assert doc.name == f"{server}/article.html"
    assert reading.is_html(doc.text) and "Nouvelle-Calédonie" in doc.text


def test_a_fetched_page_over_the_size_cap_is_refused(server: str) -> None:
    with pytest.raises(InputTooLargeError):
        reading.fetch_url(f"{server}/big", timeout=5, max_bytes=1000)


def test_a_missing_page_is_a_network_error(server: str) -> None:
    with pytest.raises(NetworkError, match="404") as info:
        reading.fetch_url(f"{server}/missing", timeout=5)
    assert info.value.exit_code == 12


def test_no_server_means_exit_12() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(NetworkError, match="cannot fetch") as info:
        reading.fetch_url(f"http://127.0.0.1:{port}/x", timeout=2)
    assert info.value.exit_code == 12


@pytest.mark.parametrize(
    "address",
    ["http://exa mple.com/", "http://[::1/article", "file:///etc/hostname", "ftp://example.com/a.txt", "article"],
)
def test_fetch_url_takes_only_a_well_formed_web_address(address: str) -> None:
    """A script hands addresses from anywhere: a malformed one, or a local file in disguise, is a usage error."""
    with pytest.raises(UsageError, match="http") as info:
        reading.fetch_url(address, timeout=2)
    assert info.value.exit_code == 2


@pytest.mark.parametrize("address", ["http://exa mple.com/", "http://[::1/article"])
def test_a_malformed_address_on_the_command_line_is_one_usage_line(address: str) -> None:
    from typer.testing import CliRunner

    from summarize.cli import app

    result = CliRunner().invoke(app, ["--to", "none", address])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "internal error" not in result.stderr, result.stderr


def test_read_path_fetches_an_address(server: str) -> None:
    doc = reading.read_path(f"{server}/article.html")
    assert "Nouvelle-Calédonie" in doc.text


def test_the_command_line_briefs_a_page_by_its_address(server: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "summarize", "--to", "none", "--format", "json", f"{server}/article.html"],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    source = json.loads(proc.stdout)["source"]
    assert source["title"] == "Nouvelle-Calédonie : le couvre-feu prolongé d'une semaine"
    assert source["byline"] == "Claire Dubois"


def test_the_command_line_says_offline_with_exit_12() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.run(
        [sys.executable, "-m", "summarize", "--to", "none", f"http://127.0.0.1:{port}/x"],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 12
    assert proc.stdout == b""
    assert len(proc.stderr.decode().strip().splitlines()) == 1


def test_without_trafilatura_an_html_page_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as in a venv without the html extra
    with pytest.raises(UsageError, match=r"summarize\[html\]"):
        reading.extract_html(PAGE.read_text(encoding="utf-8"))


def test_a_page_without_a_declared_date_has_no_published_date() -> None:
    """A year in the footer ("© 2024") is no publication date: reading it as 2024-01-01 would be made up."""
    sentence = "Le conseil municipal a voté mardi soir un budget en hausse de trois pour cent pour l'année prochaine."
    body = "".join(f"<p>{sentence} Paragraphe {i}.</p>" for i in range(4))
    html = (
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Un titre</title></head><body>"
        f"<article><h1>Un titre</h1>{body}</article><footer><p>© Le Journal 2024. Tous droits réservés.</p></footer>"
        "</body></html>"
    )
    assert reading.extract_html(html).published is None
