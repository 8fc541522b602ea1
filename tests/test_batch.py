"""`summarize batch`: inputs, outputs, failures, resume, workers, Ctrl-C and Dask."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarize.batch import (
    Backend,
    Batch,
    BatchSpec,
    DirectorySink,
    Item,
    Job,
    JsonLinesSink,
    Report,
    discover_files,
    drive,
    feed_items,
    open_output,
    process_chunk,
    process_item,
    run_batch,
    safe_name,
)
from summarize.cli import app
from summarize.errors import InputNotFoundError, UsageError
from summarize.options import BriefOptions

HERE = Path(__file__).parent
ARTICLE = (HERE / "data" / "article-fr.txt").read_text(encoding="utf-8")
ORANGESUM = Path(__file__).resolve().parents[2] / "shared" / "data" / "orangesum" / "valid.jsonl"
FIXTURE_MODELS = HERE / "fixtures" / "models"


def articles(n: int) -> list[dict[str, Any]]:
    """n real articles as feed records (OrangeSum when it is there, else the example article)."""
    if ORANGESUM.is_file():
        with open(ORANGESUM, encoding="utf-8") as handle:
            records = [json.loads(next(handle)) for _ in range(n)]
        return [{"id": r["id"], "text": r["article"], "title": r["title"]} for r in records]
    return [{"id": f"a{i}", "text": ARTICLE, "title": None} for i in range(n)]


def feed(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def run(args: list[str], stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, ["batch", *args], input=stdin)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --------------------------------------------------------------------------
# Inputs


def test_folders_are_searched_recursively_hidden_files_skipped(tmp_path: Path) -> None:
    wire = tmp_path / "wire"
    (wire / "sub").mkdir(parents=True)
    (wire / ".git").mkdir()
    for name in ("b.txt", "a.txt", "sub/c.txt", "sub/d.md", ".git/e.txt", ".hidden.txt"):
        (wire / name).write_text(ARTICLE, encoding="utf-8")
    names = [p.relative_to(wire).as_posix() for p in discover_files([wire])]
    assert names == ["a.txt", "b.txt", "sub/c.txt", "sub/d.md"]
    assert [p.name for p in discover_files([wire], "*.txt")] == ["a.txt", "b.txt", "c.txt"]
    assert [p.name for p in discover_files([wire], exclude_files=[wire / "a.txt"], exclude_dirs=[wire / "sub"])] == [
        "b.txt"
    ]
    # named twice: listed again under its first path (the batch reports it as a duplicate); the folder adds it no more
    again = discover_files([wire / "a.txt", wire, wire / "a.txt"])
    assert [p.relative_to(wire).as_posix() for p in again] == ["a.txt", "b.txt", "sub/c.txt", "sub/d.md", "a.txt"]
    with pytest.raises(InputNotFoundError, match="nope"):
        discover_files([tmp_path / "nope"])


def test_feed_records_custom_fields_and_bad_lines() -> None:
    import io

    raw = (
        '{"key": 1, "body": "Un texte.", "head": "Titre"}\n'
        "\n"
        '{"body": "Sans identifiant."}\n'
        "pas du json\n"
        "[1, 2]\n"
        '{"key": "k5"}\n'
        '{"key": "k6", "body": ""}\n'
    )
    items = list(
        feed_items(io.BytesIO(raw.encode()), source="feed", id_field="key", text_field="body", title_field="head")
    )
    assert items[0] == Item(1, "Un texte.", title="Titre")  # an integer id stays an integer; the title is data
    assert items[1].ident == "feed:3"  # no id: the line, stable across runs
    assert [item.ident for item in items[2:]] == ["feed:4", "feed:5", "k5", "k6"]
    codes = [item.failure.code if item.failure else None for item in items]
    assert codes == [None, None, "invalid_json", "invalid_record", "invalid_record", "empty_input"]
    assert items[4].failure is not None and "'body'" in items[4].failure.message


def test_a_feed_title_is_the_headline_whatever_its_last_character(tmp_path: Path) -> None:
    """A headline ending in ? ! or : used to come back as a body sentence; now it is carried as data."""
    title = "Venise : le paquebot fou a-t-il tué ?"
    record = {"id": "v", "text": ARTICLE, "title": title}
    result = run(["--jsonl", "-", "--title-field", "title", "--to", "none", "-j", "1"], feed([record]))
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    assert brief["source"]["title"] == title
    assert all(title not in s["text"] for s in brief["summary"]["sentences"])


def test_options_refuse_bad_values_before_any_article() -> None:
    with pytest.raises(UsageError, match="choose one length"):
        BriefOptions(sentences=2, words=30)
    with pytest.raises(UsageError, match="unknown algorithm"):
        BriefOptions(algorithm="magic")
    with pytest.raises(UsageError, match="device"):
        BriefOptions(device="tpu")
    assert BriefOptions(to="en,es,en").to == ("en", "es")  # type: ignore[arg-type]
    assert BriefOptions(to="none").to == ()  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="--workers"):
        BatchSpec(jsonl="-", workers=0)
    with pytest.raises(UsageError, match="--chunk-size"):
        BatchSpec(jsonl="-", chunk_size=0)
    with pytest.raises(UsageError, match="contradict"):
        BatchSpec(jsonl="-", output="o.jsonl", resume=True, force=True)


@pytest.mark.parametrize(
    ("encode", "code", "message"),
    [
        (lambda text: gzip.compress(text.encode("utf-8")), 4, "gzip"),
        (lambda text: text.encode("utf-16"), 5, "UTF-16"),
        (lambda text: b"\x00\x01\x02binary" + text.encode("utf-8"), 4, "binary"),
    ],
)
def test_a_feed_that_is_not_utf8_json_lines_is_refused_whole_not_line_by_line(
    tmp_path: Path, encode: Any, code: int, message: str
) -> None:
    """A compressed, UTF-16 or binary feed is one error before any work, not a line of errors per byte run."""
    data = encode(feed([{"id": "a", "text": ARTICLE}]))
    path = tmp_path / "feed.jsonl"
    path.write_bytes(data)
    out = tmp_path / "briefs.jsonl"
    for args, stdin in (([str(path)], None), (["-"], data)):
        result = CliRunner().invoke(app, ["batch", "--jsonl", *args, "--to", "none", "-o", str(out)], input=stdin)
        assert result.exit_code == code, result.output
        assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
        assert not out.exists() or out.read_bytes() == b""


# --------------------------------------------------------------------------
# Outputs


def test_a_link_to_a_story_that_is_gone_fails_and_is_never_skipped_silently(tmp_path: Path) -> None:
    wire = tmp_path / "wire"
    wire.mkdir()
    (wire / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (wire / "b.txt").symlink_to(tmp_path / "moved-away.txt")
    out = tmp_path / "out.jsonl"
    result = run([str(wire), "--to", "none", "-o", str(out), "-j", "1"])
    assert result.exit_code == 14
    records = lines(out)
    assert [r.get("error", {}).get("code") for r in records] == [None, "input_not_found"]
    assert records[1]["id"].endswith("b.txt")


def test_safe_names_stay_inside_the_folder_and_never_collide(tmp_path: Path) -> None:
    ids = [
        "14658",
        "wire/a.txt",
        "wire_a.txt",
        "../../etc/passwd",
        "/etc/passwd",
        "..",
        "",
        ".hidden",
        "été",
        "x" * 300,
    ]
    names = [safe_name(i) for i in ids]
    assert names[0] == "14658.json"
    assert len(set(names)) == len(names)
    for name in names:
        assert "/" not in name and not name.startswith(".") and name.endswith(".json")
        assert len(name) < 120
    sink = DirectorySink(tmp_path)
    for ident in ids:
        sink.write(ident, json.dumps({"id": ident}))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    assert not list(tmp_path.parent.glob("passwd*"))
    guarded = DirectorySink(tmp_path, protected=[tmp_path / "14658.json"])
    assert guarded.target("14658").name == safe_name("14658", hashed=True) != "14658.json"


def test_stdin_feed_to_stdout_one_line_per_article_in_order() -> None:
    records = articles(6)
    records.insert(2, {"id": "empty", "text": "   "})
    result = run(["--jsonl", "-", "--to", "none", "-n", "2", "-j", "1"], feed(records))
    assert result.exit_code == 14, result.output  # some failed
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == [r["id"] for r in records]
    assert out[2] == {
        "id": "empty",
        "error": {"code": "empty_input", "message": "empty: input is empty (only whitespace)", "exit_code": 3},
    }
    good = [r for r in out if "error" not in r]
    assert all(len(r["summary"]["sentences"]) == 2 and "translations" not in r for r in good)
    assert set(good[0]) == {"id", "source", "summary"}
    assert "summarize: 6 done, 1 failed in " in result.stderr
    assert "errors: empty_input 1" in result.stderr


def test_all_good_exits_zero_and_files_are_ids(tmp_path: Path) -> None:
    wire = tmp_path / "wire"
    (wire / "sub").mkdir(parents=True)
    (wire / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (wire / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (wire / "notes.md").write_text("", encoding="utf-8")
    out = tmp_path / "briefs.jsonl"
    result = run([str(wire), "--glob", "*.txt", "--to", "none", "--output", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in lines(out)] == [str(wire / "a.txt"), str(wire / "sub" / "b.txt")]
    assert lines(out)[0]["source"]["name"] == str(wire / "a.txt")
    assert result.stdout == ""


def test_a_file_named_twice_gets_a_duplicate_id_line_not_silence(tmp_path: Path) -> None:
    """One line per input named: the second naming of a file (however spelled) is a duplicate of the first."""
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "briefs.jsonl"
    spelled_again = f"{tmp_path}/./a.txt"  # a Path would drop the "."
    result = run([str(article), str(article), spelled_again, "--to", "none", "-o", str(out), "-j", "1"])
    assert result.exit_code == 14, result.output
    written = lines(out)
    assert [r["id"] for r in written] == [str(article)] * 3
    assert [r.get("error", {}).get("code") for r in written] == [None, "duplicate_id", "duplicate_id"]


def test_bad_files_become_error_lines(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin.txt").write_bytes("Un été très chaud à Paris.".encode("latin-1"))
    (tmp_path / "huge.txt").write_text(ARTICLE * 5, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run([str(tmp_path), "--to", "none", "-o", str(out), "--max-size", "8KB", "-j", "1"])
    assert result.exit_code == 14
    codes = {Path(r["id"]).name: r.get("error", {}).get("code") for r in lines(out)}
    assert codes == {
        "binary.txt": "binary_input",
        "good.txt": None,
        "huge.txt": "input_too_large",
        "latin.txt": "encoding",
    }


def test_a_recursive_glob_matches_at_every_depth_as_in_a_shell(tmp_path: Path) -> None:
    """'**/*.txt' is what people type for "every .txt below": it takes the top folder's files too."""
    wire = tmp_path / "wire"
    (wire / "sub" / "deeper").mkdir(parents=True)
    for name in ("a.txt", "b.md", "sub/c.txt", "sub/deeper/d.txt"):
        (wire / name).write_text(ARTICLE, encoding="utf-8")
    expected = ["a.txt", "sub/c.txt", "sub/deeper/d.txt"]
    for pattern in ("*.txt", "**/*.txt", "**/**/*.txt", "*.txt/"):
        assert [p.relative_to(wire).as_posix() for p in discover_files([wire], pattern)] == expected, pattern
    assert [p.name for p in discover_files([wire], "sub/*.txt")] == ["c.txt"]


def test_existing_output_is_never_clobbered_by_accident(tmp_path: Path) -> None:
    out = tmp_path / "briefs.jsonl"
    out.write_text('{"id": "x"}\n', encoding="utf-8")
    result = run(["--jsonl", "-", "--to", "none", "-o", str(out)], feed(articles(1)))
    assert result.exit_code == 2
    assert "--resume" in result.stderr and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == '{"id": "x"}\n'
    result = run(["--jsonl", "-", "--to", "none", "-o", str(out), "--force", "-j", "1"], feed(articles(1)))
    assert result.exit_code == 0
    assert len(lines(out)) == 1 and lines(out)[0]["id"] != "x"


def test_inputs_are_never_overwritten(tmp_path: Path) -> None:
    source = tmp_path / "feed.jsonl"
    source.write_text(feed(articles(1)), encoding="utf-8")
    before = source.read_bytes()
    for flags in ([], ["--force"], ["--resume"]):
        result = run(["--jsonl", str(source), "-o", str(source), "--to", "none", *flags])
        assert result.exit_code == 2, result.output
        assert "is one of the inputs" in result.stderr
    assert source.read_bytes() == before
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run([str(tmp_path / "a.txt"), "-o", str(tmp_path / "a.txt"), "--force", "--to", "none"])
    assert result.exit_code == 2
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == ARTICLE


def test_an_article_in_an_input_folder_is_never_taken_for_the_output(tmp_path: Path) -> None:
    """Only a batch's own output inside an input folder is left out of the inputs; an article there,
    named directly or through a link, stays an input, so --force and --resume never write over it."""
    wire = tmp_path / "wire"
    wire.mkdir()
    for name in ("a.txt", "b.txt"):
        (wire / name).write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to(wire / "b.txt")
    for out in (wire / "a.txt", tmp_path / "link.jsonl"):
        for flags in (["--force"], ["--resume"]):
            result = run([str(wire), "--to", "none", "-o", str(out), "-j", "1", *flags])
            assert result.exit_code == 2, (out, flags, result.output)
            assert "is one of the inputs" in result.stderr
    assert all((wire / name).read_text(encoding="utf-8") == ARTICLE for name in ("a.txt", "b.txt"))


def test_resume_refuses_a_file_that_is_not_a_batch_output(tmp_path: Path) -> None:
    """--resume appends and may cut a half-written last line: never to a file that holds no record."""
    notes = tmp_path / "notes.txt"
    notes.write_text("Call the desk at 6.\nNo newline at the end", encoding="utf-8")
    before = notes.read_bytes()
    result = run(["--jsonl", "-", "--to", "none", "-o", str(notes), "-j", "1", "--resume"], feed(articles(1)))
    assert result.exit_code == 2, result.output
    assert "not a summarize batch output" in result.stderr
    assert notes.read_bytes() == before


def test_output_inside_the_input_folder_is_not_read_back(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "briefs.jsonl"
    assert run([str(tmp_path), "--to", "none", "-o", str(out), "-j", "1"]).exit_code == 0
    assert run([str(tmp_path), "--to", "none", "-o", str(out), "-j", "1", "--resume"]).exit_code == 0
    assert [Path(r["id"]).name for r in lines(out)] == ["a.txt"]


def test_usage_errors_before_starting(tmp_path: Path) -> None:
    cases = [
        ([], "nothing to do"),
        ([str(tmp_path / "missing")], "no such file or folder"),
        (["--jsonl", str(tmp_path / "missing.jsonl")], "no such file"),
        (["--jsonl", str(tmp_path)], "is a folder"),
        (["-"], "--jsonl -"),  # stdin is a feed, never a path
        (["--jsonl", "-", "--resume"], "--resume needs --output"),
        (["--jsonl", "-", "-o", str(tmp_path / "o"), "--output-dir", str(tmp_path / "d")], "not both"),
        (["--jsonl", "-", "--workers", "0"], "--workers"),
        (["--jsonl", "-", "--ratio", "2"], "--ratio"),
        (["--jsonl", "-", "--sentences", "2", "--words", "5"], "choose one length"),
        (["--jsonl", "-", "-o", str(tmp_path / "o"), "--resume", "--force"], "contradict"),
    ]
    for args, message in cases:
        result = run([*args, "--to", "none"], "")
        assert result.exit_code in (2, 7), (args, result.output)
        assert message in result.stderr, (args, result.stderr)
    assert not (tmp_path / "o").exists() or (tmp_path / "o").stat().st_size == 0


def test_settings_from_environment_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZE_TO", "none")
    monkeypatch.setenv("SUMMARIZE_SENTENCES", "1")
    result = run(["--jsonl", "-", "-j", "1"], feed(articles(2)))
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(len(r["summary"]["sentences"]) == 1 for r in out)
    monkeypatch.setenv("SUMMARIZE_SENTENCES", "lots")
    result = run(["--jsonl", "-", "-j", "1"], feed(articles(1)))
    assert result.exit_code == 13


# --------------------------------------------------------------------------
# Resume


def test_resume_skips_done_ids_and_cuts_a_half_written_line(tmp_path: Path) -> None:
    records = articles(5)
    source = tmp_path / "feed.jsonl"
    source.write_text(feed(records), encoding="utf-8")
    out = tmp_path / "briefs.jsonl"
    assert run(["--jsonl", str(source), "--to", "none", "-o", str(out), "-j", "1"]).exit_code == 0
    complete = out.read_text(encoding="utf-8").splitlines(keepends=True)
    # a crash after two lines, in the middle of the third
    out.write_text("".join(complete[:2]) + complete[2][:40], encoding="utf-8")
    result = run(["--jsonl", str(source), "--to", "none", "-o", str(out), "-j", "1", "--resume"])
    assert result.exit_code == 0, result.output
    assert "3 done, 0 failed, 2 skipped (already in the output)" in result.stderr
    assert out.read_text(encoding="utf-8") == "".join(complete)


def test_resume_keeps_a_whole_last_line_without_newline_and_odd_lines(tmp_path: Path) -> None:
    records = articles(3)
    out = tmp_path / "briefs.jsonl"
    kept = "not json, written by hand\n" + json.dumps({"id": records[0]["id"], "note": "done elsewhere"})
    out.write_text(kept, encoding="utf-8")
    result = run(["--jsonl", "-", "--to", "none", "-o", str(out), "-j", "1", "--resume"], feed(records))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith(kept + "\n")
    assert [json.loads(line)["id"] for line in text.splitlines()[1:]] == [r["id"] for r in records]


def test_files_in_an_output_folder_are_readable_as_the_umask_allows(tmp_path: Path) -> None:
    """One file per article is shared like any other output (a web server, a colleague), not private."""
    old = os.umask(0o022)
    try:
        result = run(
            ["--jsonl", "-", "--to", "none", "--output-dir", str(tmp_path / "briefs"), "-j", "1"], feed(articles(1))
        )
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert [f.stat().st_mode & 0o777 for f in (tmp_path / "briefs").iterdir()] == [0o644]


def test_output_dir_one_file_per_article_and_resume(tmp_path: Path) -> None:
    records = [*articles(3), {"id": "../escape", "text": ""}]
    folder = tmp_path / "briefs"
    result = run(["--jsonl", "-", "--to", "none", "--output-dir", str(folder), "-j", "1"], feed(records))
    assert result.exit_code == 14
    files = sorted(folder.iterdir())
    assert len(files) == 4 and all(f.suffix == ".json" and f.parent == folder for f in files)
    first = json.loads((folder / safe_name(records[0]["id"])).read_text(encoding="utf-8"))
    assert first["id"] == records[0]["id"] and "summary" in first
    escaped = json.loads((folder / safe_name("../escape")).read_text(encoding="utf-8"))
    assert escaped["error"]["code"] == "empty_input"
    assert not (tmp_path / "escape.json").exists()
    result = run(["--jsonl", "-", "--to", "none", "--output-dir", str(folder)], feed(records))
    assert result.exit_code == 2 and "--resume" in result.stderr
    (folder / safe_name(records[1]["id"])).unlink()
    result = run(["--jsonl", "-", "--to", "none", "--output-dir", str(folder), "--resume", "-j", "1"], feed(records))
    assert result.exit_code == 0, result.output
    assert "1 done, 0 failed, 3 skipped" in result.stderr
    assert len(list(folder.iterdir())) == 4


def test_two_batches_cannot_write_the_same_file(tmp_path: Path) -> None:
    out = tmp_path / "briefs.jsonl"
    sink, _ = open_output(out)
    try:
        with pytest.raises(UsageError, match="another summarize batch"):
            open_output(out, resume=True)
    finally:
        sink.close()


# --------------------------------------------------------------------------
# Workers


def feed_file(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "feed.jsonl"
    path.write_text(feed(articles(n)), encoding="utf-8")
    return path


def run_library(path: Path, out: Path, **spec: Any) -> tuple[list[dict[str, Any]], Any]:
    batch = Batch(BatchSpec(jsonl=str(path), output=str(out), force=True, **spec), Job())
    with batch:
        report = batch.run()
    return lines(out), report


def test_two_workers_give_the_same_lines_in_the_same_order(tmp_path: Path) -> None:
    source = feed_file(tmp_path, 24)
    one, _ = run_library(source, tmp_path / "one.jsonl", workers=1)
    two, report = run_library(source, tmp_path / "two.jsonl", workers=2, chunk_size=3)
    assert two == one
    assert report.done == 24 and len(report.peak_rss_kb) == 2  # two worker processes did the work
    loose, _ = run_library(source, tmp_path / "loose.jsonl", workers=2, chunk_size=2, ordered=False)
    assert sorted(loose, key=lambda r: r["id"]) == sorted(one, key=lambda r: r["id"])


class _FlakyBackend(Backend):
    """Runs chunks here; a chunk holding the poison id 'dies' as a crashed worker would."""

    window = 2

    def __init__(self) -> None:
        self.recovered = 0

    def submit(self, chunk: list[Item]) -> Future[Any]:
        future: Future[Any] = Future()
        if any(item.ident == "poison" for item in chunk):
            future.set_exception(RuntimeError("worker died"))
        else:
            future.set_result(process_chunk(chunk, Job()))
        return future

    def wait_any(self, futures: set[Any]) -> tuple[set[Any], set[Any]]:
        return set(futures), set()

    def recover(self) -> None:
        self.recovered += 1


@pytest.mark.parametrize("ordered", [True, False])
def test_a_worker_that_dies_costs_only_its_article(ordered: bool) -> None:
    items = [Item(f"a{i}", ARTICLE) for i in range(5)]
    items.insert(3, Item("poison", ARTICLE))
    chunks = iter([items[0:2], items[2:4], items[4:6]])
    written: list[tuple[Any, str | None]] = []
    report = Report()
    backend = _FlakyBackend()
    drive(backend, chunks, Job(), ordered, lambda outs: written.extend((o.ident, o.error) for o in outs), report)
    assert sorted(written, key=str) == sorted([(f"a{i}", None) for i in range(5)] + [("poison", "internal")], key=str)
    if ordered:
        assert [w[0] for w in written] == [item.ident for item in items]
    assert backend.recovered >= 1


def test_run_batch_counts_and_skips(tmp_path: Path) -> None:
    items = [Item("a", ARTICLE), Item("b", ""), Item("c", ARTICLE)]
    with open(tmp_path / "out.jsonl", "wb") as handle:
        report = run_batch(items, Job(), JsonLinesSink(handle), skip=lambda ident: ident == "c")
    assert (report.done, report.failed, report.skipped) == (1, 1, 1)
    assert report.errors == {"empty_input": 1}
    assert "1 done, 1 failed, 1 skipped (already in the output) in " in report.summary()


def test_ctrl_c_keeps_what_was_written_and_resume_finishes(tmp_path: Path) -> None:
    source = feed_file(tmp_path, 400)
    out = tmp_path / "briefs.jsonl"
    argv = [sys.executable, "-m", "summarize", "batch", "--jsonl", str(source), "--to", "none", "-o", str(out)]
    # The first half of the feed comes through a pipe that stays open, so the
    # batch is still running, whatever the machine's speed, when Ctrl-C comes.
    piped = [*argv[:5], "-", *argv[6:]]
    proc = subprocess.Popen(
        [*piped, "-j", "2"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a shell's background job ignores SIGINT, and children inherit that: give Ctrl-C back its meaning
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdin is not None
    proc.stdin.write(feed(articles(200)))
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while (not out.exists() or out.stat().st_size < 5000) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    done = lines(out)  # every line written is whole
    assert 0 < len(done) < 400
    finished = subprocess.run([*argv, "-j", "1", "--resume"], capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert f"{400 - len(done)} done, 0 failed, {len(done)} skipped" in finished.stderr
    ids = [r["id"] for r in lines(out)]
    assert sorted(ids) == sorted(r["id"] for r in articles(400))


def test_dask_local_cluster_gives_the_same_lines(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    source = feed_file(tmp_path, 20)
    one, _ = run_library(source, tmp_path / "one.jsonl", workers=1)
    dask, report = run_library(source, tmp_path / "dask.jsonl", workers=2, scheduler="local", chunk_size=4)
    assert dask == one
    assert report.done == 20 and len(report.peak_rss_kb) == 2
    loose, _ = run_library(source, tmp_path / "loose.jsonl", workers=2, scheduler="local", ordered=False)
    assert sorted(r["id"] for r in loose) == sorted(r["id"] for r in one)


def test_scheduler_without_dask_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = run(["--jsonl", "-", "--to", "none", "--scheduler", "local"], feed(articles(1)))
    assert result.exit_code == 2
    assert "pip install 'summarize[dask]'" in result.stderr


def test_progress_bar_when_asked(tmp_path: Path) -> None:
    result = run(["--jsonl", "-", "--to", "none", "-j", "1", "--progress"], feed(articles(3)))
    assert result.exit_code == 0, result.output
    assert "3 done, 0 failed" in result.stderr.splitlines()[-1]
    quiet = run(["--jsonl", "-", "--to", "none", "-j", "1"], feed(articles(3)))
    assert quiet.stderr.count("\n") == 1  # not a terminal: only the summary line


# --------------------------------------------------------------------------
# Translation, with the tiny fixture models when they are there


def test_batch_translates_with_two_workers(tmp_path: Path) -> None:
    from summarize.store import install

    store = Path(os.environ["ARGOS_PACKAGES_DIR"])
    for model in FIXTURE_MODELS.glob("*.argosmodel"):
        install(model, store)
    source = feed_file(tmp_path, 6)
    out = tmp_path / "briefs.jsonl"
    result = run(["--jsonl", str(source), "--to", "en", "-o", str(out), "-j", "2", "-n", "2"])
    assert result.exit_code == 0, result.output
    for record in lines(out):
        english = record["translations"]["en"]
        assert english["route"] == ["fr", "en"]
        assert len(english["sentences"]) == len(record["summary"]["sentences"]) == 2


def test_workers_see_the_store_of_this_batch_not_of_an_earlier_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fork server outlives a batch: a second batch in the same process, with another store, must use its own."""
    from summarize.store import install

    source = feed_file(tmp_path, 4)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "empty-store"))
    first, _ = run_library(source, tmp_path / "first.jsonl", workers=2)
    assert all("summary" in record for record in first)
    store = tmp_path / "store"
    install(FIXTURE_MODELS / "translate-fr_en.argosmodel", store)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(store))
    out = tmp_path / "second.jsonl"
    with Batch(BatchSpec(jsonl=str(source), output=str(out), workers=2), Job(BriefOptions(to=("en",)))) as batch:
        report = batch.run()
    assert report.failed == 0, lines(out)
    assert all(record["translations"]["en"]["route"] == ["fr", "en"] for record in lines(out))


def training_articles() -> list[Item]:
    """Articles made of the fixture's training sentences (translated exactly), with and without a
    headline, an English one, an empty one and a German one (no de→en model)."""
    pairs = json.loads((FIXTURE_MODELS / "sentences.json").read_text(encoding="utf-8"))
    french = [p["source"] for key in ("fr-en", "fr-en-es", "fr-en-de") for p in pairs[key]]
    english = [p["source"] for p in pairs["en-es"]]
    items = [
        Item(f"fr{n}", " ".join(french[n : n + 6]), title=french[n + 6] if n % 2 else None) for n in range(0, 21, 3)
    ]
    items.insert(2, Item("en", " ".join(english[:6])))
    items.insert(4, Item("empty", "   "))
    german = "Der Stadtrat hat am Dienstagabend den Haushalt beschlossen. Die Schulen bekommen neue Computer."
    items.insert(6, Item("de", german * 2))
    return items


def test_a_chunk_translated_together_gives_the_records_of_articles_briefed_alone(tmp_path: Path) -> None:
    from summarize.store import install

    store = Path(os.environ["ARGOS_PACKAGES_DIR"])
    for model in FIXTURE_MODELS.glob("*.argosmodel"):
        install(model, store)
    items = training_articles()
    job = Job(BriefOptions(to=("en", "es"), sentences=3, languages=("fr", "en", "de"), cache=False))

    together = process_chunk(items, job).outcomes
    alone = [process_item(item, job) for item in items]

    assert together == alone  # byte for byte, failures included
    errors = {outcome.ident: outcome.error for outcome in together}
    assert errors["empty"] == "empty_input" and errors["de"] == "model_missing"
    briefed = [ident for ident, error in errors.items() if error is None]
    assert briefed == [item.ident for item in items if item.ident[:2] in {"fr", "en"}]


@pytest.mark.parametrize(
    ("record", "field", "escape"),
    [
        ('{"id": 1, "text": "Le gouvernement a pr\\u00e9sent\\u00e9 son budget. \\ud83d Les d\\u00e9put\\u00e9s '
         'votent."}', "text", "\\ud83d"),
        ('{"id": 1, "text": "Le gouvernement a pr\\u00e9sent\\u00e9 son budget. Les d\\u00e9put\\u00e9s '
         'votent.", "title": "Budget \\udc00 2025"}', "title", "\\udc00"),
    ],
)  # fmt: skip
def test_a_lone_surrogate_in_a_feed_record_is_named_not_taken_for_bad_utf8(
    record: str, field: str, escape: str
) -> None:
    """JSON may escape half a UTF-16 pair ("\\ud83d", a cut emoji): no character, and no --encoding can mend it."""
    result = run(["--jsonl", "-", "--to", "none", "--title-field", "title"], stdin=record + "\n")
    assert result.exit_code == 14
    error = json.loads(result.stdout.splitlines()[0])["error"]
    assert error["code"] == "invalid_record"
    assert f"the {field!r} field holds a lone surrogate ({escape} at character" in error["message"]
    assert "--encoding" not in error["message"]
