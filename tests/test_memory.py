"""The translation memory: a sentence translated once is served from SQLite next time.

Keyed by model (pair, version, digest of its files), decoding options and
source sentence; least recently used entries go first past the cap; a
corrupt or locked file never fails a translation, it is skipped with one
line on stderr.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarize import memory
from summarize.memory import Memory

FIXTURES = Path(__file__).parent / "fixtures" / "models"


@pytest.fixture(autouse=True)
def _fresh_warnings() -> None:
    memory._warned.clear()


class Counting:
    """A stand-in translator that says what it was asked (to see what the memory saved)."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> list[str]:
        self.calls.append(list(texts))
        return [t.upper() for t in texts]


def test_known_sentences_are_not_translated_again(tmp_path: Path) -> None:
    translate = Counting()
    with Memory(tmp_path / "m.sqlite3") as mem:
        assert mem.translate(["un", "deux"], "fr-en@1#abc", "beam_size=4", translate) == ["UN", "DEUX"]
        assert mem.translate(["deux", "trois", "un"], "fr-en@1#abc", "beam_size=4", translate) == [
            "DEUX",
            "TROIS",
            "UN",
        ]
    assert translate.calls == [["un", "deux"], ["trois"]]


def test_the_memory_persists_between_processes(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    with Memory(path) as mem:
        mem.store("m", "o", [("Bonjour.", "Hello.")])
    with Memory(path) as mem:
        assert mem.lookup("m", "o", ["Bonjour.", "Salut."]) == {0: "Hello."}
        assert (mem.hits, mem.misses) == (1, 1)


@pytest.mark.parametrize(("model", "options"), [("fr-en@2#abc", "beam_size=4"), ("fr-en@1#abc", "beam_size=1")])
def test_another_model_or_other_options_miss(tmp_path: Path, model: str, options: str) -> None:
    with Memory(tmp_path / "m.sqlite3") as mem:
        mem.store("fr-en@1#abc", "beam_size=4", [("Bonjour.", "Hello.")])
        assert mem.lookup(model, options, ["Bonjour."]) == {}


def test_model_key_changes_when_the_model_files_change(tmp_path: Path) -> None:
    from summarize import store

    store.install(FIXTURES / "translate-fr_en.argosmodel", tmp_path / "store")
    (folder,) = [p for p in (tmp_path / "store").iterdir() if p.name.startswith("translate-")]
    with Memory(tmp_path / "m.sqlite3") as mem:
        first = mem.model_key(folder)
        assert first.startswith("fr-en@0.1.dev0+fixture#")
        assert mem.model_key(folder) == first
        with open(folder / "model" / "config.json", "a", encoding="utf-8") as handle:
            handle.write("\n")
        assert mem.model_key(folder) != first


def test_least_recently_used_entries_are_evicted_past_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "TOUCH_AFTER", 0.0)
    with Memory(tmp_path / "m.sqlite3", max_entries=3) as mem:
        for word in "abc":
            mem.store("m", "o", [(word, word.upper())])
            time.sleep(0.01)
        assert mem.lookup("m", "o", ["a"]) == {0: "A"}  # a is now the most recently used
        mem.store("m", "o", [("d", "D")])
        assert mem.lookup("m", "o", ["a", "b", "c", "d"]) == {0: "A", 2: "C", 3: "D"}
        assert mem.stats().entries == 3


def test_a_corrupt_file_is_skipped_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "m.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    translate = Counting()
    with Memory(path) as mem:
        assert mem.translate(["un"], "m", "o", translate) == ["UN"]
        assert mem.translate(["un"], "m", "o", translate) == ["UN"]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "translation memory" in err and "skipped" in err
    assert translate.calls == [["un"], ["un"]]


def test_a_locked_file_is_skipped_not_waited_for_forever(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.sqlite3"
    with Memory(path) as mem:
        mem.store("m", "o", [("x", "X")])
    monkeypatch.setattr(memory, "BUSY_TIMEOUT", 0.1)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Memory(path) as mem:
            assert mem.translate(["un"], "m", "o", Counting()) == ["UN"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "skipped" in capsys.readouterr().err


def test_parallel_processes_share_the_file(tmp_path: Path) -> None:
    """WAL mode: four writers at once, nothing lost, no error."""
    path = tmp_path / "m.sqlite3"
    code = (
        "import sys; from summarize.memory import Memory\n"
        "m = Memory(sys.argv[1]); n = sys.argv[2]\n"
        "for i in range(50): m.store('m', 'o', [(f'{n}-{i}', 'x')])\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(path), str(n)], stderr=subprocess.PIPE) for n in range(4)
    ]
    errors = [p.communicate()[1] for p in procs]
    assert all(p.returncode == 0 for p in procs) and not any(errors)
    assert Memory(path).stats().entries == 200


def test_threads_share_one_memory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The legs of a brief (en→es, en→de) translate side by side through the process's one memory."""
    from concurrent.futures import ThreadPoolExecutor

    def leg(n: int) -> list[str]:
        sources = [f"phrase {n}-{i}" for i in range(40)]
        out: list[str] = []
        for start in range(0, 40, 4):  # many small calls: lookups and commits of the threads interleave
            out += mem.translate(sources[start : start + 4], f"model-{n % 2}", "o", Counting())
        return out

    with Memory(tmp_path / "m.sqlite3") as mem, ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(leg, range(8)))
        assert results == [[f"PHRASE {n}-{i}" for i in range(40)] for n in range(8)]
        assert mem.misses == 8 * 40 and mem.hits == 0
        assert mem.lookup("model-1", "o", ["phrase 7-39"]) == {0: "PHRASE 7-39"}
    assert capsys.readouterr().err == ""  # never skipped: no "translation memory ... skipped" line
    assert Memory(tmp_path / "m.sqlite3").stats().entries == 8 * 40


def test_stats_and_clear(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    mem = Memory(path)
    assert not mem.stats().exists
    mem.store("m", "o", [("a", "A"), ("b", "B")])
    stats = mem.stats()
    assert stats.exists and stats.entries == 2 and stats.size > 0
    assert stats.to_dict()["entries"] == 2
    assert mem.clear() > 0
    assert not path.exists() and mem.stats().entries == 0


def test_clear_removes_a_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    path.write_bytes(b"garbage" * 10)
    assert Memory(path).stats().problem
    Memory(path).clear()
    assert not path.exists()


def test_the_default_file_lives_in_the_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path))
    assert memory.default_path() == tmp_path / memory.FILE_NAME


def test_options_key_is_stable() -> None:
    assert memory.options_key(compute_type="int8", beam_size=4) == memory.options_key(beam_size=4, compute_type="int8")


def test_an_unwritable_folder_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert Memory(blocker / "sub" / "m.sqlite3").translate(["un"], "m", "o", Counting()) == ["UN"]
    assert "skipped" in capsys.readouterr().err
    shutil.rmtree(tmp_path, ignore_errors=True)


# --- through the pipeline and the command line ------------------------------


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from summarize import store

    folder = tmp_path_factory.mktemp("memory-store")
    store.install(FIXTURES, folder)
    return folder


ARTICLE = "Le 12 mars, 250 élus ont voté à Strasbourg. Tom est à Boston maintenant. Il pleut sur la ville depuis hier."


def test_a_repeated_brief_translates_nothing_and_gives_the_same_bytes(
    fixture_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import summarize.translate
    from summarize.pipeline import brief

    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path))
    first = brief(ARTICLE, source_lang="fr", to="en,de", models_dir=str(fixture_store))
    with monkeypatch.context() as patched:  # every sentence must come from the memory
        patched.setattr(summarize.translate, "_translate_leg", _no_translation)
        again = brief(ARTICLE, source_lang="fr", to="en,de", models_dir=str(fixture_store))
    uncached = brief(ARTICLE, source_lang="fr", to="en,de", models_dir=str(fixture_store), cache=False)
    assert first.to_dict() == again.to_dict() == uncached.to_dict()
    assert again.translations["de"].checks  # flags are remembered too


def test_translating_remembered_sentences_loads_no_model(fixture_store: Path, tmp_path: Path) -> None:
    """``translate`` through a memory loads a model only for new sentences (``brief`` starts loading them
    before it knows: a brief is mostly new sentences)."""
    from summarize.translate import cache_info, clear_cache, translate

    sentences = ARTICLE.split(". ")
    with Memory(tmp_path / "m.sqlite3") as mem:
        first = translate(sentences, "fr", ["en", "de"], models_dir=fixture_store, memory=mem)
        clear_cache()
        again = translate(sentences, "fr", ["en", "de"], models_dir=fixture_store, memory=mem)
    assert cache_info().currsize == 0
    assert again == first


def _no_translation(*args: object, **kwargs: object) -> list[str]:
    raise AssertionError("a remembered sentence was translated again")


def test_no_cache_leaves_no_memory_file(fixture_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarize.pipeline import brief

    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path))
    brief(ARTICLE, source_lang="fr", to="en", models_dir=str(fixture_store), cache=False)
    assert not (tmp_path / memory.FILE_NAME).exists()


def test_cache_commands(fixture_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from summarize.cli import app

    runner = CliRunner()
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(fixture_store))
    assert runner.invoke(app, ["--from", "fr", "--to", "en"], input=ARTICLE).exit_code == 0
    stats = runner.invoke(app, ["cache", "stats", "--json"])
    assert stats.exit_code == 0 and json.loads(stats.stdout)["entries"] == 6  # 3 translations + 3 sentences' flags
    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0 and "cleared the translation memory" in cleared.stderr
    assert json.loads(runner.invoke(app, ["cache", "stats", "--json"]).stdout)["exists"] is False
    runner.invoke(app, ["--from", "fr", "--to", "en", "--no-cache"], input=ARTICLE)
    assert not (tmp_path / memory.FILE_NAME).exists()


def test_real_processes_keep_what_they_learnt(fixture_store: Path, tmp_path: Path) -> None:
    """``summarize`` leaves without closing the memory (``cli._leave``): its commits are there for the next run."""
    env = {**os.environ, "SUMMARIZE_CACHE_DIR": str(tmp_path), "ARGOS_PACKAGES_DIR": str(fixture_store)}
    env.pop("SUMMARIZE_CACHE", None)
    command = [sys.executable, "-m", "summarize", "--from", "fr", "--to", "en,de", "--format", "json"]
    first = subprocess.run(command, input=ARTICLE, capture_output=True, text=True, env=env, timeout=120)
    assert first.returncode == 0, first.stderr
    assert Memory(tmp_path / memory.FILE_NAME).stats().entries == 12  # fr→en, en→de and the en, de flags of 3 sentences
    again = subprocess.run(command, input=ARTICLE, capture_output=True, text=True, env=env, timeout=120)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(first.stdout)
    assert Memory(tmp_path / memory.FILE_NAME).stats().entries == 12  # all served, nothing new


def test_a_corrupt_memory_never_fails_a_brief(
    fixture_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from summarize.cli import app

    (tmp_path / memory.FILE_NAME).write_bytes(b"not sqlite" * 50)
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(fixture_store))
    result = CliRunner().invoke(app, ["--from", "fr", "--to", "en"], input=ARTICLE)
    assert result.exit_code == 0 and result.stdout.startswith("• ")
    assert sum("translation memory" in line for line in result.stderr.splitlines()) == 1


def test_a_recent_hit_is_a_read_only(tmp_path: Path) -> None:
    """Re-runs only read: a hit rewrites the entry's use time only when it is older than TOUCH_AFTER."""
    path = tmp_path / "m.sqlite3"
    with Memory(path) as mem:
        mem.store("m", "o", [("a", "A")])
        before = mem.stats().newest
        assert mem.lookup("m", "o", ["a"]) == {0: "A"}
        assert mem.stats().newest == before
