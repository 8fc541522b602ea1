"""The `summarize` command, as a user meets it: stdin in, a brief out, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarize.cli import app

runner = CliRunner()


def run(args: list[str], stdin: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, args, input=stdin, catch_exceptions=False)


def test_three_bullets_from_stdin_in_the_source_language(article: str) -> None:
    result = run(["--to", "none"], article)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("• ") for line in lines)
    assert all(line[2:] in article for line in lines)


def test_json_contract(article_path: Path) -> None:
    result = run(["--to", "none", "--format", "json", str(article_path)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["source"]["language"] == "fr"
    assert data["source"]["probability"] > 0.9
    assert data["source"]["sentences"] >= 10
    assert data["source"]["words"] > 300
    picked = data["summary"]["sentences"]
    assert len(picked) == 3
    assert [s["index"] for s in picked] == sorted({s["index"] for s in picked})
    assert data["summary"]["algorithm"]


def test_length_options(article: str) -> None:
    five = json.loads(run(["--to", "none", "-f", "json", "-n", "5"], article).stdout)
    assert len(five["summary"]["sentences"]) == 5
    budget = json.loads(run(["--to", "none", "-f", "json", "--words", "40"], article).stdout)
    assert 1 <= len(budget["summary"]["sentences"]) <= 2
    ratio = json.loads(run(["--to", "none", "-f", "json", "--ratio", "0.5"], article).stdout)
    assert (
        len(ratio["summary"]["sentences"]) == round(ratio["source"]["sentences"] * 0.5)
        or abs(len(ratio["summary"]["sentences"]) - ratio["source"]["sentences"] * 0.5) <= 1
    )


def test_two_lengths_at_once_is_a_usage_error(article: str) -> None:
    result = run(["--to", "none", "-n", "2", "--words", "30"], article)
    assert result.exit_code == 2
    assert "not both" in result.stderr


@pytest.mark.parametrize("fmt", ["bullets", "paragraph", "markdown", "json"])
def test_every_format(article: str, fmt: str) -> None:
    result = run(["--to", "none", "--format", fmt], article)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()


def test_from_skips_detection(article: str) -> None:
    data = json.loads(run(["--to", "none", "--from", "fr", "-f", "json"], article).stdout)
    assert data["source"]["detected"] is False
    assert data["source"]["probability"] == 1.0


def test_headline_is_used_but_never_printed(article: str) -> None:
    title = "Trump et Poutine se parlent de nouveau"
    data = json.loads(run(["--to", "none", "-f", "json"], f"{title}\n{article}").stdout)
    assert data["source"]["title"] == title
    assert all(title not in s["text"] for s in data["summary"]["sentences"])


def test_several_files_json_lines(article_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "b.txt"
    other.write_text(article_path.read_text(encoding="utf-8"), encoding="utf-8")
    result = run(["--to", "none", "-f", "json", str(article_path), str(other)])
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert [json.loads(line)["source"]["name"] for line in lines] == [str(article_path), str(other)]


@pytest.mark.parametrize("text", ["...\n", "!!! ??? — «»\n", "🎉🎉🎉\n"])
@pytest.mark.parametrize("named", [True, False])
def test_input_without_a_word_is_empty_input_named_language_or_not(text: str, named: bool) -> None:
    result = run((["--from", "en"] if named else []) + ["--to", "none"], stdin=text)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "no words" in result.stderr


def test_one_bad_file_among_several_is_reported_and_the_rest_done(article_path: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run(["--to", "none", str(empty), str(article_path)])
    assert result.exit_code == 3
    assert "empty.txt" in result.stderr
    assert result.stdout.count("• ") == 3


def test_each_failing_file_among_several_is_named_once(article_path: Path, tmp_path: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_text("Oui.", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = run(["--to", "none", str(missing), str(short), str(article_path)])
    assert result.exit_code == 7
    lines = result.stderr.splitlines()
    assert lines[0] == f"summarize: error: {missing}: no such file"
    assert lines[1].startswith(f"summarize: error: {short}: text too short")
    assert len(lines) == 2


@pytest.mark.parametrize(
    ("stdin", "args", "code", "message"),
    [
        (b"", [], 3, "empty"),
        (b"  \n \n", [], 3, "empty"),
        (b"PK\x03\x04\x00\x00binary", [], 4, "binary"),
        (b"Le pr\xe9sident a parl\xe9 jeudi.", [], 5, "--encoding"),
        (b"x" * 2048, ["--max-size", "1KB"], 6, "--max-size"),
        (b"OK.", [], 8, "--from"),
        ("Le président a parlé.".encode(), ["--from", "12"], 2, "unknown language code"),
        ("Le président a parlé.".encode(), ["--from", "zz"], 2, "unknown language code 'zz'"),
        ("Le président a parlé.".encode(), ["--to", ""], 2, "no target language"),
        ("Le président a parlé.".encode(), ["--to", "none,en"], 2, "choose none or the codes"),
        ("Le président a parlé.".encode(), ["--max-size", "0"], 2, "too small"),
        ("Le président a parlé.".encode(), ["--format", "html"], 2, "'html' is not one of 'bullets'"),
        ("Le président a parlé.".encode(), ["--algorithm", "magic"], 2, "'magic' is not one of 'news'"),
        ("Le président a parlé.".encode(), ["-n", "many"], 2, "'many' is not a valid int"),
        ("Le président a parlé.".encode(), ["-n", "0"], 2, "--sentences"),
    ],
)
def test_bad_input_gives_one_line_and_its_exit_code(stdin: bytes, args: list[str], code: int, message: str) -> None:
    result = run(["--to", "none", *args], stdin)  # a later --to replaces this one
    assert result.exit_code == code
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_markdown_of_several_files_keeps_their_names_as_text(article: str, tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    paths = [tmp_path / "*urgent*.txt", tmp_path / "<b>draft.txt"]
    for path in paths:
        path.write_text(article, encoding="utf-8")
    result = run(["--to", "none", "--format", "markdown", *map(str, paths)])
    html = MarkdownIt("commonmark").render(result.stdout)
    assert result.exit_code == 0 and "<em>" not in html and "<b>" not in html
    assert "*urgent*.txt" in html and "&lt;b&gt;draft.txt" in html


def test_a_models_dir_flag_with_a_tilde_is_in_the_home_folder(
    article: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """cron's /bin/sh leaves '--models-dir=~/argos' as written: the flag reads '~' as the config file and
    SUMMARIZE_MODELS_DIR do, for a brief, a batch and the models commands alike."""
    from summarize import store

    monkeypatch.setenv("HOME", str(tmp_path))
    store.install(Path(__file__).parent / "fixtures" / "models" / "translate-fr_en.argosmodel", tmp_path / "argos")
    result = run(["--models-dir=~/argos", "--to", "en", "--from", "fr"], article)
    assert result.exit_code == 0, result.stderr
    batch = runner.invoke(
        app,
        ["batch", "--jsonl", "-", "--models-dir=~/argos", "--to", "en", "-j", "1"],
        input=json.dumps({"id": "a", "text": article}) + "\n",
    )
    assert batch.exit_code == 0 and '"en"' in batch.stdout, batch.stderr
    listed = runner.invoke(app, ["models", "list", "--models-dir=~/argos"])
    assert listed.exit_code == 0 and "fr→en" in listed.stdout


def test_stdin_named_twice_is_a_usage_error_before_any_brief(article_path: Path, article: str) -> None:
    """stdin can be read once: a second ``-`` would be an empty article, reported as exit 3."""
    result = run(["--to", "none", "-", str(article_path), "-"], article)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "stdin" in result.stderr, result.stderr


def test_missing_file_is_exit_7(tmp_path: Path) -> None:
    result = run(["--to", "none", str(tmp_path / "nope.txt")])
    assert result.exit_code == 7
    assert "no such file" in result.stderr


def test_latin1_with_encoding_flag() -> None:
    text = "Le président de la République a reçu jeudi les représentants des syndicats à l'Élysée."
    result = run(["--to", "none", "--encoding", "latin-1"], text.encode("latin-1"))
    assert result.exit_code == 0, result.stderr
    assert "président" in result.stdout


def test_short_article_gives_all_its_sentences() -> None:
    text = "Le président a parlé jeudi soir à la télévision. Il a annoncé des mesures pour les retraités."
    data = json.loads(run(["--to", "none", "-f", "json", "-n", "5"], text).stdout)
    assert len(data["summary"]["sentences"]) == 2


def test_same_input_byte_identical_output(article: str) -> None:
    outputs = {run(["--to", "none", "-f", "json"], article).stdout for _ in range(3)}
    assert len(outputs) == 1


def test_help_explains_every_option_with_an_example() -> None:
    result = run(["--help"])
    assert result.exit_code == 0
    for option in [
        "--to",
        "--from",
        "--sentences",
        "--ratio",
        "--words",
        "--algorithm",
        "--format",
        "--show-original",
        "--encoding",
        "--max-size",
        "--models-dir",
        "--device",
        "--threads",
    ]:
        assert option in result.stdout
    assert "cat article-fr.txt | summarize" in result.stdout


def test_version() -> None:
    result = run(["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("summarize ")


def _subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SUMMARIZE_DEBUG", None)
    return env


def test_real_process_reads_stdin_and_keeps_stdout_clean(article: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "summarize", "--to", "none", "--format", "json"],
        input=article.encode(),
        capture_output=True,
        env=_subprocess_env(),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["source"]["language"] == "fr"
    assert proc.stderr == b""


def test_real_process_bad_input_no_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "summarize"],
        input=b"\x00\x01\x02",
        capture_output=True,
        env=_subprocess_env(),
        timeout=60,
    )
    assert proc.returncode == 4
    assert proc.stdout == b""
    assert proc.stderr.decode().count("\n") == 1
    assert b"Traceback" not in proc.stderr


def test_real_process_output_larger_than_a_pipe_arrives_whole(article_path: Path) -> None:
    """A brief's process leaves without the interpreter's teardown (``cli._leave``), after flushing everything."""
    files = [str(article_path)] * 100  # ~1 KB of JSON each: more than a pipe holds
    proc = subprocess.run(
        [sys.executable, "-m", "summarize", "--to", "none", "--format", "json", *files],
        capture_output=True,
        env=_subprocess_env(),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode().splitlines()
    assert len(proc.stdout) > 65536 and len(lines) == 100
    assert all(json.loads(line)["source"]["language"] == "fr" for line in lines)


def test_real_process_closed_pipe_is_not_an_error(article: str) -> None:
    proc = subprocess.run(
        f"{sys.executable} -m summarize --to none -n 10 | head -n 1",
        shell=True,
        input=article.encode(),
        capture_output=True,
        env=_subprocess_env(),
        timeout=60,
    )
    assert proc.returncode == 0
    assert b"Traceback" not in proc.stderr


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Le Monde - Actualités</title><link>https://www.lemonde.fr/</link>
<item><title>Le gouvernement présente son budget</title><link>https://www.lemonde.fr/a.html</link>
<description>Le gouvernement a présenté mercredi son projet de budget pour 2024.</description></item>
<item><title>Grève dans les transports</title><link>https://www.lemonde.fr/b.html</link>
<description>Les syndicats appellent à la grève jeudi dans les transports publics.</description></item>
</channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Feed</title>
<entry><title>Robots run amok</title><id>urn:uuid:1</id>
<summary>Some text about robots that run amok in the city of Berlin today.</summary></entry>
</feed>
"""


@pytest.mark.parametrize(
    ("feed", "kind"), [(RSS, "an RSS feed"), (ATOM, "an Atom feed"), (RSS.split("\n", 1)[1], "an RSS feed")]
)
def test_a_news_feed_is_refused_as_a_feed_not_briefed_as_text_or_called_an_html_page(feed: str, kind: str) -> None:
    """A feed lists articles; it is none. Its tags were briefed as sentences (exit 0), or it was called an
    "HTML page" with no article text: the message says what it is and how to brief its items."""
    result = run(["--to", "none"], feed)
    assert result.exit_code == 16
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert kind in result.stderr and "HTML page" not in result.stderr and "batch --jsonl" in result.stderr


def test_input_format_text_still_reads_a_feed_as_it_is() -> None:
    result = run(["--to", "none", "--from", "fr", "--input-format", "text", "-n", "1"], RSS)
    assert result.exit_code == 0


@pytest.mark.parametrize(
    "args",
    [["--to", "none"], ["batch", "--jsonl", "-", "--to", "none"], ["digest", "-", "-o", "digest.html"]],
)
def test_a_terminal_on_stdin_is_no_input_not_a_wait(args: list[str], tmp_path: Path) -> None:
    """Typed at a prompt with nothing piped in, every command that reads stdin says so instead of waiting."""
    import pty

    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "summarize", *args],
            stdin=follower,
            capture_output=True,
            env=_subprocess_env(),
            cwd=tmp_path,
            timeout=60,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.count(b"\n") == 1 and b"pipe" in proc.stderr, proc.stderr
    assert not (tmp_path / "digest.html").exists()


def test_help_names_every_other_command() -> None:
    """``summarize --help`` is where a desk finds the other commands: none is left out."""
    import typer.main

    commands = set(typer.main.get_command(app).commands) - {"brief"}  # type: ignore[attr-defined]
    help_text = run(["--help"]).stdout
    assert {name for name in commands if f"summarize {name}" not in help_text} == set()
