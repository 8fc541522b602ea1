"""Hostile inputs (issue 7, sections 2 and 5): one bad line, name or stream never aborts a batch or says
"internal error"; each gets one line on stderr and its documented exit code.

Everything runs as a real process (``python -m summarize``), since what is
tested is what a shell does to it: closed or full streams, a C locale,
signals, limits on memory and file size.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from summarize.batch import BatchSpec
from summarize.errors import EXIT_CODES, OutputError

HERE = Path(__file__).parent
ARTICLE = (HERE / "data" / "article-fr.txt").read_text(encoding="utf-8")
DOCUMENTED = {code for code, _, _ in EXIT_CODES}
OUTPUT = OutputError.exit_code


def summarize(
    *args: str, stdin: Any = subprocess.PIPE, stdout: Any = subprocess.PIPE, data: bytes | None = None, **kw: Any
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args],
        input=data,
        stdin=None if data is not None else stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=120,
        **kw,
    )


def one_clean_line(proc: subprocess.CompletedProcess[bytes], code: int) -> str:
    """The process exited with ``code`` after one line on stderr, no traceback, no "internal error"."""
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == code, err
    assert code in DOCUMENTED
    assert "Traceback" not in err and "internal error" not in err
    assert err.count("\n") == 1, err
    return err


def records(text: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.decode("utf-8").splitlines()]


@pytest.fixture
def wire(tmp_path: Path) -> Path:
    folder = tmp_path / "wire"
    folder.mkdir()
    for name in ("a.txt", "z.txt"):
        (folder / name).write_text(ARTICLE, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------
# 2. One line or one file name never aborts a batch


def test_a_deeply_nested_json_line_is_one_invalid_json_record(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    deep = '{"id": 1, "text": ' + "[" * 100_000 + "}\n"
    feed.write_text(deep + json.dumps({"id": 2, "text": ARTICLE}) + "\n", encoding="utf-8")
    proc = summarize("batch", "--jsonl", str(feed), "--to", "none")
    assert proc.returncode == 14, proc.stderr
    first, second = records(proc.stdout)
    assert first["error"]["code"] == "invalid_json" and first["id"] == f"{feed}:1"
    assert second["id"] == 2 and "summary" in second
    out = tmp_path / "out.jsonl"
    proc = summarize("batch", "--jsonl", str(feed), "--to", "none", "-j2", "-o", str(out))
    assert proc.returncode == 14, proc.stderr
    assert [r.get("error", {}).get("code") for r in records(out.read_bytes())] == ["invalid_json", None]
    proc = summarize("batch", "--jsonl", str(feed), "--to", "none", "-j2", "-o", str(out), "--resume")
    assert proc.returncode == 0, proc.stderr
    assert b"2 skipped" in proc.stderr


def test_a_file_name_that_is_not_utf8_is_briefed_with_an_escaped_id(wire: Path) -> None:
    odd = os.fsencode(wire) + b"/r\xe9sum\xe9.txt"
    with open(odd, "wb") as handle:
        handle.write(ARTICLE.encode())
    proc = summarize("batch", str(wire), "--to", "none")
    assert proc.returncode == 0, proc.stderr
    ids = [r["id"] for r in records(proc.stdout)]  # strict UTF-8 decoding above: the output is valid UTF-8
    assert ids == [f"{wire}/a.txt", f"{wire}/r\\xe9sum\\xe9.txt", f"{wire}/z.txt"]
    assert records(proc.stdout)[1]["source"]["name"] == ids[1]
    proc = summarize(os.fsdecode(odd), "--to", "none", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.decode("utf-8"))["source"]["name"] == ids[1]


def _without_root_powers() -> list[str]:
    """A prefix that makes root obey file modes (as every other user does), or nothing for other users."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a folder unreadable")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]


def test_unreadable_folders_are_reported_and_the_exit_code_says_so(wire: Path, tmp_path: Path) -> None:
    locked = wire / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(ARTICLE, encoding="utf-8")
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "c.txt").write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    alone.chmod(0)
    try:
        command = [*_without_root_powers(), sys.executable, "-m", "summarize", "batch", "--to", "none"]
        proc = subprocess.run([*command, str(wire)], capture_output=True, timeout=120)
        assert proc.returncode == 14, proc.stderr
        out = records(proc.stdout)
        assert out[0] == {
            "id": str(locked),
            "error": {
                "code": "input_not_found",
                "message": f"{locked}: folder cannot be read (Permission denied); its files were not briefed",
                "exit_code": 7,
            },
        }
        assert [r["id"] for r in out[1:]] == [f"{wire}/a.txt", f"{wire}/z.txt"]
        proc = subprocess.run([*command, str(alone)], capture_output=True, timeout=120)
        assert proc.returncode == 14, proc.stderr
        assert b"nothing to do" not in proc.stderr
        assert [r["error"]["code"] for r in records(proc.stdout)] == ["input_not_found"]
    finally:
        locked.chmod(0o755)
        alone.chmod(0o755)


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--to", "xx"], "unknown language code 'xx'"),
        (["--encoding", "bogus"], "unknown encoding 'bogus'"),
        (["--encoding", "rot13"], "'rot13' is not a text encoding"),
        (["--encoding", "base64"], "'base64' is not a text encoding"),
        (["--max-size", "100G"], "too large"),
        (["--max-size", "99999999999999999999999G"], "too large"),
        (["--max-size", "0"], "too small"),
        (["--glob", "/etc/*"], "relative to the folders"),
        (["--glob", "../*"], "relative to the folders"),
        (["--threads", "100000"], "--threads 100000 is too many"),
    ],
)
def test_a_bad_batch_flag_is_one_usage_error_before_any_article(wire: Path, flags: list[str], message: str) -> None:
    proc = summarize("batch", str(wire), *flags)
    assert message in one_clean_line(proc, 2)
    assert proc.stdout == b""


def test_too_many_workers_are_capped_with_a_warning(wire: Path) -> None:
    spec = BatchSpec(paths=[wire], workers=1000)
    assert spec.worker_count == spec.worker_limit == 4 * len(os.sched_getaffinity(0))
    assert BatchSpec(paths=[wire], workers=2).worker_count == 2
    proc = summarize("batch", str(wire / "a.txt"), "--to", "none", "-j", "1000")
    assert proc.returncode == 0, proc.stderr
    warning, summary = proc.stderr.decode().splitlines()
    assert warning == f"summarize: warning: --workers 1000 is more than this machine can use; using {spec.worker_limit}"
    assert summary.startswith("summarize: 1 done")


def test_duplicate_ids_first_wins_and_a_resumed_run_writes_what_a_fresh_one_does(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": 7, "text": ARTICLE}, {"id": "7", "text": ARTICLE}, {"id": 7, "text": "Autre article. Très court."}]
    rows.append({"id": 8, "text": ARTICLE})
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    fresh = tmp_path / "fresh.jsonl"
    proc = summarize("batch", "--jsonl", str(feed), "--to", "none", "-o", str(fresh))
    assert proc.returncode == 14, proc.stderr
    written = records(fresh.read_bytes())
    assert [r["id"] for r in written] == [7, "7", 7, 8]  # 7 and "7" are two ids
    assert [r.get("error", {}).get("code") for r in written] == [None, None, "duplicate_id", None]
    for cut in range(len(rows)):  # a crash after each record, then --resume
        resumed = tmp_path / f"resumed-{cut}.jsonl"
        resumed.write_bytes(b"".join(line + b"\n" for line in fresh.read_bytes().splitlines()[:cut]))
        proc = summarize("batch", "--jsonl", str(feed), "--to", "none", "-o", str(resumed), "--resume")
        assert proc.returncode in (0, 14), proc.stderr
        assert records(resumed.read_bytes()) == records(fresh.read_bytes()), cut


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_end_a_batch_like_ctrl_c(tmp_path: Path, signum: int, code: int) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": i, "text": ARTICLE}) + "\n" for i in range(400)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "summarize", "batch", "--jsonl", str(feed), "--to", "none"]
    # Half the feed through a pipe that stays open: the batch is still running when the signal comes.
    piped = [*command[:5], "-", *command[6:]]
    proc = subprocess.Popen([*piped, "-j2", "-o", str(out)], stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin is not None
    proc.stdin.write("".join(json.dumps({"id": i, "text": ARTICLE}) + "\n" for i in range(200)).encode())
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while (not out.exists() or out.stat().st_size == 0) and time.monotonic() < deadline:
        time.sleep(0.1)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    text = err.decode()
    assert proc.returncode == code, text
    assert "Traceback" not in text and "leaked semaphore" not in text and "internal error" not in text
    assert text.splitlines()[-1].endswith("; interrupted")
    done = len(records(out.read_bytes()))
    assert 0 < done < 400
    resumed = summarize(*command[3:], "-o", str(out), "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert sorted(r["id"] for r in records(out.read_bytes())) == list(range(400))


# --------------------------------------------------------------------------
# 5. No "internal error, please report it"


def _limit_file_size(size: int) -> Any:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_a_full_disk_in_an_output_folder_is_the_output_error_with_the_summary_line(wire: Path, tmp_path: Path) -> None:
    out = tmp_path / "briefs"
    proc = summarize("batch", str(wire), "--to", "none", "--output-dir", str(out), preexec_fn=_limit_file_size(1_000))
    err = proc.stderr.decode()
    assert proc.returncode == OUTPUT, err
    error, summary = err.splitlines()
    assert error.startswith(f"summarize: error: --output-dir {out}: cannot write ") and "(File too large)" in error
    assert summary.startswith("summarize: 0 done, 0 failed")
    assert not [p for p in out.iterdir() if p.name.startswith(".tmp-")]  # no temporary file left behind


def test_a_full_disk_during_a_batch_is_the_output_error_with_the_summary_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": i, "text": ARTICLE}) + "\n" for i in range(20)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = summarize("batch", "--jsonl", str(feed), "--to", "none", "-o", str(out), preexec_fn=_limit_file_size(4_000))
    err = proc.stderr.decode()
    assert proc.returncode == OUTPUT, err
    assert "Traceback" not in err and "internal error" not in err
    error, summary = err.splitlines()
    assert error == f"summarize: error: --output {out}: cannot write (File too large)"
    assert summary.startswith("summarize: ") and " done, " in summary
    proc = summarize("batch", "--jsonl", str(feed), "--to", "none", "-o", str(out), "--resume")
    assert proc.returncode == 0, proc.stderr
    assert sorted(r["id"] for r in records(out.read_bytes())) == list(range(20))


needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")


@needs_dev_full
@pytest.mark.parametrize(
    "args",
    [
        ["A", "--to", "none"],
        ["A", "--to", "none", "--format", "json"],
        ["A", "A", "--to", "none"],
        ["batch", "A", "--to", "none"],
        ["doctor"],
        ["config", "show"],
        ["--help"],
        ["batch", "--help"],
        ["--version"],
    ],
)
def test_a_full_stdout_is_one_line_and_the_output_exit_code(article_path: Path, args: list[str]) -> None:
    args = [str(article_path) if a == "A" else a for a in args]
    with open("/dev/full", "wb") as full:
        proc = summarize(*args, stdout=full)
    if args[0] == "batch" and args[1] != "--help":  # the batch also says how far it got
        assert proc.returncode == OUTPUT and proc.stderr.decode().count("\n") == 2, proc.stderr
        return
    assert "No space left on device" in one_clean_line(proc, OUTPUT)


@needs_dev_full
def test_models_list_to_a_full_stdout_is_the_output_error() -> None:
    with open("/dev/full", "wb") as full:
        proc = summarize("models", "list", "--json", stdout=full)
    assert "No space left on device" in one_clean_line(proc, OUTPUT)


def test_closed_stdout_and_stdin_are_one_line_each(article_path: Path) -> None:
    proc = subprocess.run(
        f"{sys.executable} -m summarize {article_path} --to none >&-", shell=True, stderr=subprocess.PIPE, timeout=120
    )
    assert "stdout is closed" in one_clean_line(proc, OUTPUT)
    proc = subprocess.run(
        f"{sys.executable} -m summarize --version >&-", shell=True, stderr=subprocess.PIPE, timeout=120
    )
    assert "stdout is closed" in one_clean_line(proc, OUTPUT)
    proc = subprocess.run(
        f"{sys.executable} -m summarize --to none <&-", shell=True, stderr=subprocess.PIPE, timeout=120
    )
    assert "stdin is closed" in one_clean_line(proc, 7)


def test_the_c_locale_still_gets_utf8_bullets(article_path: Path) -> None:
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    proc = summarize(str(article_path), "--to", "none", env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8").startswith("• Donald Trump")


def test_a_config_file_that_is_not_utf8_is_a_config_error(tmp_path: Path, article_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_bytes(b'to = "\xe9s"\n')
    proc = summarize("--config", str(config), str(article_path))
    assert f"config {config}: not UTF-8" in one_clean_line(proc, 13)


def test_an_unknown_target_language_from_the_environment_or_the_file_names_where(
    tmp_path: Path, article_path: Path
) -> None:
    proc = summarize(str(article_path), env={**os.environ, "SUMMARIZE_TO": "xx"})
    assert "environment variable SUMMARIZE_TO='xx'" in one_clean_line(proc, 13)
    config = tmp_path / "config.toml"
    config.write_text('to = "xx"\n', encoding="utf-8")
    proc = summarize("--config", str(config), str(article_path))
    assert f"config {config}: key 'to'" in one_clean_line(proc, 13)
    proc = summarize("--to", "xx", str(article_path))
    assert "unknown language code 'xx'" in one_clean_line(proc, 2)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "article.txt"
    data = ARTICLE.encode(encoding)
    path.write_bytes(data if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "\ufeff".encode(encoding) + data)
    proc = summarize(str(path), "--to", "none")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().startswith("• Donald Trump")


def test_threads_beyond_the_machine_are_a_usage_error(article_path: Path) -> None:
    proc = summarize(str(article_path), "--to", "none", "--threads", "100000")
    assert "--threads 100000 is too many" in one_clean_line(proc, 2)


def _limit_memory(size: int) -> Any:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return limit


def test_a_large_max_size_does_not_allocate_it(article_path: Path) -> None:
    """Under a 700 MB address-space limit, --max-size 1G on a small file works (it used to allocate 1 GB)."""
    proc = summarize(str(article_path), "--to", "none", "--max-size", "1G", preexec_fn=_limit_memory(700 << 20))
    assert proc.returncode == 0, proc.stderr
    data = ARTICLE.encode()
    proc = summarize("--to", "none", "--max-size", "1G", data=data, preexec_fn=_limit_memory(700 << 20))
    assert proc.returncode == 0, proc.stderr
    limited = _limit_memory(700 << 20)
    proc = summarize("batch", str(article_path), "--to", "none", "-j1", "--max-size", "1G", preexec_fn=limited)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("size", ["100G", "2G", "99999999999999999999999G", "9" * 400])
def test_absurd_sizes_are_usage_errors(article_path: Path, size: str) -> None:
    proc = summarize(str(article_path), "--to", "none", "--max-size", size)
    assert "too large" in one_clean_line(proc, 2)


def test_duplicate_ids_in_an_output_folder_keep_the_first_article_fresh_or_resumed(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [
        {"id": "a", "text": ARTICLE},
        {"id": "a", "text": "Autre article. Très court."},
        {"id": "b", "text": ARTICLE},
    ]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    fresh = tmp_path / "fresh"
    proc = summarize("batch", "--jsonl", str(feed), "--to", "none", "--output-dir", str(fresh))
    assert proc.returncode == 14 and b"duplicate_id 1" in proc.stderr, proc.stderr
    assert sorted(p.name for p in fresh.iterdir()) == ["a.json", "b.json"]
    assert "summary" in json.loads((fresh / "a.json").read_text(encoding="utf-8"))  # the first article's brief
    resumed = tmp_path / "resumed"
    resumed.mkdir()
    shutil.copy(fresh / "a.json", resumed / "a.json")  # a crash after the first article
    proc = summarize("batch", "--jsonl", str(feed), "--to", "none", "--output-dir", str(resumed), "--resume")
    assert proc.returncode == 0 and b"2 skipped" in proc.stderr, proc.stderr  # a's file stands for both records
    for name in ("a.json", "b.json"):
        assert (resumed / name).read_bytes() == (fresh / name).read_bytes()


def test_linked_folders_are_followed_once_and_a_link_loop_ends(wire: Path) -> None:
    from summarize.batch import scan

    (wire / "sub").mkdir()
    (wire / "sub" / "c.txt").write_text(ARTICLE, encoding="utf-8")
    (wire / "sub" / "loop").symlink_to("..")
    (wire / "again").symlink_to("sub")
    found = scan([wire], "*.txt")
    assert [p.relative_to(wire).as_posix() for p in found.files] == ["a.txt", "again/c.txt", "z.txt"]
    assert found.unreadable == []


def test_a_feed_id_with_a_lone_surrogate_is_written_as_valid_utf8_and_resumed(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "\\ud800x", "text": ' + json.dumps(ARTICLE) + "}\n" + json.dumps({"id": 2, "text": ARTICLE}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    proc = summarize("batch", "--jsonl", str(feed), "--to", "none", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in records(out.read_bytes())] == ["\ud800x", 2]  # the JSON escape, as the feed gave it
    assert b'"id":"\\ud800x"' in out.read_bytes()
    proc = summarize("batch", "--jsonl", str(feed), "--to", "none", "-o", str(out), "--resume")
    assert proc.returncode == 0 and b"2 skipped" in proc.stderr, proc.stderr


def test_a_cancelled_pool_waits_for_its_manager_thread() -> None:
    # Python 3.11's exit hook writes to the pool's wake-up pipe: a manager thread still running
    # then closes it under the hook ("Bad file descriptor" traceback after a full disk or a signal).
    from summarize.batch.backends import PoolBackend
    from summarize.batch.work import Job
    from summarize.options import BriefOptions

    backend = PoolBackend(1, Job(BriefOptions(to=())))
    assert backend.executor.submit(os.getpid).result(timeout=60) != os.getpid()
    manager = backend.executor._executor_manager_thread
    assert manager is not None and manager.is_alive()
    backend.close(cancel=True)
    assert not manager.is_alive()
