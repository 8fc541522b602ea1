"""Shared fixtures: the example article, an isolated cache and model store."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent
DATA = HERE / "data"
FIXTURE_MODELS = HERE / "fixtures" / "models"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the user's model store, cache or config."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home / "packages"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(_shared_cache(tmp_path_factory)))
    monkeypatch.delenv("SUMMARIZE_DEBUG", raising=False)
    for name in list(__import__("os").environ):
        if name.startswith("SUMMARIZE_") and name not in ("SUMMARIZE_CACHE_DIR",):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _one_core_per_translation_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library's default, whatever a test before ran: ``summarize`` run in-process
    (CliRunner) lets a translation use every core (``engines.use_cores``)."""
    from summarize import engines

    monkeypatch.setattr(engines, "_CORES", [1])


_CACHE: list[Path] = []


def _shared_cache(factory: pytest.TempPathFactory) -> Path:
    """One langdetect cache for the whole session: building it costs half a second."""
    if not _CACHE:
        _CACHE.append(factory.mktemp("cache"))
    return _CACHE[0]


@pytest.fixture
def article() -> str:
    return (DATA / "article-fr.txt").read_text(encoding="utf-8")


@pytest.fixture
def article_path() -> Path:
    return DATA / "article-fr.txt"
