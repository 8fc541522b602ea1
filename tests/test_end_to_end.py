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
    chains = json.loads((FIXTURES / "sentences.json").read_text(encoding="utf-8"))["fr-en-es"]
    chains = [c for c in chains if split_sentences(c["source"]) == [c["source"]]]
    article = " ".join(c["source"] for c in chains[:8])
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
    by_source = {c["source"]: c for c in chains}
    # exact translations: no fidelity flag
    assert data["translations"]["en"] == {
        "route": ["fr", "en"],
        "sentences": [by_source[s]["pivot"] for s in picked],
        "checks": [],
    }
    assert data["translations"]["es"] == {
        "route": ["fr", "en", "es"],
        "sentences": [by_source[s]["translation"] for s in picked],
        "checks": [],
    }


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
