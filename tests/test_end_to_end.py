"""From stdin to JSON through a real (tiny) translation model, as a user runs it.

The fixture models in tests/fixtures/models are real Argos packages trained on
Tatoeba sentences: they translate their training sentences exactly, so an
article made of those sentences has a known English brief.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.segment import split_sentences

FIXTURES = Path(__file__).parent / "fixtures" / "models"


def _pairs(pair: str) -> dict[str, str]:
    data = json.loads((FIXTURES / "sentences.json").read_text(encoding="utf-8"))
    return {
        item["source"]: item["translation"]
        for item in data[pair]
        if split_sentences(item["source"]) == [item["source"]]
    }


@pytest.fixture
def store(tmp_path: Path) -> dict[str, str]:
    """A fresh model store with the fixture packages installed through the CLI."""
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(tmp_path / "packages"))
    for package in ("translate-fr_en.argosmodel", "translate-en_es.argosmodel"):
        proc = subprocess.run(
            [sys.executable, "-m", "summarize", "models", "install", str(FIXTURES / package)],
            capture_output=True,
            env=env,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
    return env


def test_stdin_to_json_with_english_and_spanish(store: dict[str, str]) -> None:
    fr_en = _pairs("fr-en")
    en_es = json.loads((FIXTURES / "sentences.json").read_text(encoding="utf-8"))["en-es"]
    en_es_map = {item["source"]: item["translation"] for item in en_es}
    article = " ".join(list(fr_en)[:8])
    proc = subprocess.run(
        [sys.executable, "-m", "summarize", "--to", "en,es", "--format", "json", "--from", "fr"],
        input=article.encode(),
        capture_output=True,
        env=store,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    picked = [s["text"] for s in data["summary"]["sentences"]]
    assert len(picked) == 3
    english = data["translations"]["en"]
    assert english["route"] == ["fr", "en"]
    assert english["sentences"] == [fr_en[s] for s in picked]
    spanish = data["translations"]["es"]
    assert spanish["route"] == ["fr", "en", "es"]
    assert len(spanish["sentences"]) == 3
    for en, es in zip(english["sentences"], spanish["sentences"], strict=False):
        if en in en_es_map:  # the pivot's second leg knows this English sentence
            assert es == en_es_map[en]


def test_default_is_english_bullets(store: dict[str, str]) -> None:
    fr_en = _pairs("fr-en")
    article = " ".join(list(fr_en)[:5])
    proc = subprocess.run(
        [sys.executable, "-m", "summarize", "--from", "fr"],
        input=article.encode(),
        capture_output=True,
        env=store,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    bullets = proc.stdout.decode().splitlines()
    assert len(bullets) == 3
    assert all(line[2:] in fr_en.values() for line in bullets)


def test_missing_model_names_the_pair_and_the_command(store: dict[str, str], article: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "summarize", "--to", "de"],
        input=article.encode(),
        capture_output=True,
        env=store,
        timeout=120,
    )
    assert proc.returncode == 10
    assert proc.stdout == b""
    message = proc.stderr.decode()
    assert "fr→de" in message
    assert "summarize models install fr de" in message
    assert message.count("\n") == 1
