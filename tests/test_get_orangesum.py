"""tools/get_orangesum.py: the training split of a (here: tiny, local) OrangeSum git repository as JSON lines.

The real mirror is not needed: each test builds a repository of the same layout.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("get_orangesum", ROOT / "tools" / "get_orangesum.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _doc(article: str, heading: str, title: str) -> str:
    return json.dumps({"article": article, "heading": heading, "title": title, "date": "2019-01-01"}, indent=4)


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    """A bare repository with OrangeSum's layout: 3 training ids, 1 validation id."""
    work = tmp_path / "work"
    (work / "splits_heading_as_summary").mkdir(parents=True)
    (work / "data" / "docs" / "parsed").mkdir(parents=True)
    (work / "splits_heading_as_summary" / "train.txt").write_text("7.json\n3.json\n5.json\n")
    (work / "splits_heading_as_summary" / "valid.txt").write_text("9.json\n")
    docs = {
        "7": _doc("Le maire a parlé.  Il a dit oui.", "Le maire dit oui.", "Oui"),
        "3": _doc("Un article  Déjà VU en validation.", "Résumé.", "Titre"),
        "5": _doc("Un texte sans résumé.", "", "Rien"),
        "9": _doc("Ne doit jamais être lu.", "Valid.", "Valid"),
    }
    for name, text in docs.items():
        (work / "data" / "docs" / "parsed" / f"{name}.json").write_text(text, encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(work)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "data"], check=True)
    bare = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True)
    return bare


def test_writes_the_training_split_in_the_shared_format(mirror: Path, tmp_path: Path) -> None:
    valid = tmp_path / "valid.jsonl"
    valid.write_text(json.dumps({"id": "x", "article": "un article déjà vu EN validation."}) + "\n")
    out = tmp_path / "out" / "train.jsonl"
    assert _tool().main(["--mirror", str(mirror), "--valid", str(valid), "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # id 3 repeats a validation article (case and spacing aside), id 5 has no abstract: both dropped
    assert records == [
        {"id": "7", "title": "Oui", "abstract": "Le maire dit oui.", "article": "Le maire a parlé.  Il a dit oui."}
    ]


def test_a_missing_mirror_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    valid = tmp_path / "valid.jsonl"
    valid.write_text("")
    code = _tool().main(["--mirror", str(tmp_path / "absent"), "--valid", str(valid), "--out", str(tmp_path / "o")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no OrangeSum git mirror" in err
    assert not (tmp_path / "o").exists()
