"""The read stage refuses what is not an article, each with its own exit code."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from summarize.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputNotFoundError,
    InputTooLargeError,
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


def test_encoding_override_reads_latin1() -> None:
    assert decode("Élysée".encode("latin-1"), encoding="latin-1").text == "Élysée"


def test_utf16_is_not_mistaken_for_binary() -> None:
    assert decode("Paris est la capitale.".encode("utf-16"), encoding="utf-16").text == "Paris est la capitale."


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
