"""Settings for cron jobs: flag > environment > config file > default, and `summarize config show`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarize.cli import app
from summarize.config import KEYS, Settings, apply_defaults, default_config_path, load_settings
from summarize.errors import ConfigError


def write_config(folder: Path, text: str) -> Path:
    path = folder / "summarize" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """An environment with only a config folder: nothing set."""
    return {"XDG_CONFIG_HOME": str(tmp_path / "config")}


def test_defaults_when_nothing_is_set(home: dict[str, str]) -> None:
    from summarize.choices import DEFAULT_ALGORITHM
    from summarize.render import FORMATS

    settings = load_settings(env=home)
    assert settings.values() == {
        "to": "en",
        "algorithm": DEFAULT_ALGORITHM,
        "sentences": None,
        "ratio": None,
        "words": None,
        "format": FORMATS[0],
        "models_dir": None,
        "languages": None,
        "keep_furniture": False,
        "cache": True,
    }
    assert set(settings.sources.values()) == {"default"}
    assert settings.config_file is None
    assert settings.config_path == Path(home["XDG_CONFIG_HOME"]) / "summarize" / "config.toml"


def test_config_file_in_the_users_config_folder(home: dict[str, str]) -> None:
    path = write_config(
        Path(home["XDG_CONFIG_HOME"]),
        'to = ["en", "es"]\nalgorithm = "Lead"\nwords = 35\nformat = "json"\nmodels-dir = "/srv/models"\n',
    )
    settings = load_settings(env=home)
    assert settings.to == "en,es"
    assert settings.algorithm == "lead"
    assert settings.words == 35
    assert settings.format == "json"
    assert settings.models_dir == "/srv/models"
    assert settings.sources["to"] == f"config {path}"
    assert settings.sources["sentences"] == "default"
    assert settings.config_file == path


def test_environment_beats_file_and_flag_beats_environment(home: dict[str, str]) -> None:
    write_config(Path(home["XDG_CONFIG_HOME"]), 'to = "es"\nalgorithm = "lead"\n')
    env = {**home, "SUMMARIZE_TO": "de", "SUMMARIZE_FORMAT": "markdown"}
    settings = load_settings(env=env)
    assert (settings.to, settings.sources["to"]) == ("de", "env SUMMARIZE_TO")
    assert settings.algorithm == "lead"
    assert settings.format == "markdown"
    filled = apply_defaults(settings, to="fr", algorithm=None, fmt=None, sentences=None, ratio=None, words=None)
    assert filled == {
        "to": "fr",
        "algorithm": "lead",
        "fmt": "markdown",
        "sentences": None,
        "ratio": None,
        "words": None,
    }


def test_a_length_is_one_setting(home: dict[str, str]) -> None:
    write_config(Path(home["XDG_CONFIG_HOME"]), "words = 35\n")
    settings = load_settings(env={**home, "SUMMARIZE_SENTENCES": "5"})
    assert (settings.sentences, settings.words) == (5, None)
    assert settings.sources["sentences"] == "env SUMMARIZE_SENTENCES"
    assert settings.sources["words"] == "default"
    # a length on the command line replaces the settings' length, it does not clash with it
    assert apply_defaults(settings, sentences=None, ratio=0.2, words=None) == {
        "sentences": None,
        "ratio": 0.2,
        "words": None,
    }
    assert apply_defaults(settings, sentences=None, ratio=None, words=None)["sentences"] == 5


def test_model_folder_argos_variable_is_the_lowest_source(home: dict[str, str], tmp_path: Path) -> None:
    env = {**home, "ARGOS_PACKAGES_DIR": str(tmp_path / "argos")}
    assert load_settings(env=env).models_dir == str(tmp_path / "argos")
    assert load_settings(env=env).sources["models_dir"] == "env ARGOS_PACKAGES_DIR"
    write_config(Path(home["XDG_CONFIG_HOME"]), f'models_dir = "{tmp_path / "file"}"\n')
    assert load_settings(env=env).models_dir == str(tmp_path / "file")
    env["SUMMARIZE_MODELS_DIR"] = str(tmp_path / "env")
    assert load_settings(env=env).models_dir == str(tmp_path / "env")


def test_a_model_folder_that_is_a_file_is_refused_where_it_was_set(home: dict[str, str], tmp_path: Path) -> None:
    a_file = tmp_path / "packages"
    a_file.write_text("not a folder")
    for name in ("ARGOS_PACKAGES_DIR", "SUMMARIZE_MODELS_DIR"):
        with pytest.raises(ConfigError, match=f"{name}=.*is a file"):
            load_settings(env={**home, name: str(a_file)})
    result = CliRunner().invoke(app, ["--models-dir", str(a_file), "--to", "en"], input="Un texte.\n")
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.output


def test_named_config_file_wins_over_the_default_one(home: dict[str, str], tmp_path: Path) -> None:
    write_config(Path(home["XDG_CONFIG_HOME"]), 'to = "es"\n')
    other = tmp_path / "cron.toml"
    other.write_text('to = "de"\n', encoding="utf-8")
    assert load_settings(other, env=home).to == "de"
    assert load_settings(env={**home, "SUMMARIZE_CONFIG": str(other)}).to == "de"
    assert load_settings(env=home).to == "es"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("to = [", "invalid TOML"),
        ('langs = "en"', "unknown key 'langs'"),
        ("sentences = 0", "key 'sentences'"),
        ("ratio = 1.5", "key 'ratio'"),
        ('algorithm = "magic"', "key 'algorithm': expected one of news, lead"),
        ('format = "pdf"', "key 'format': expected one of bullets, paragraph, markdown, json (got 'pdf')"),
        ('to = "english!"', "key 'to'"),
        ('to = ""', "key 'to': expected language codes"),  # "none" says no translation; empty says nothing
        ("sentences = 3\nwords = 20", "choose one length"),
    ],
)
def test_bad_config_file_names_file_and_key(home: dict[str, str], text: str, words: str) -> None:
    path = write_config(Path(home["XDG_CONFIG_HOME"]), text + "\n")
    with pytest.raises(ConfigError) as info:
        load_settings(env=home)
    assert str(path) in str(info.value)
    assert words in str(info.value)
    assert info.value.exit_code == 13


def test_bad_environment_variable_is_named(home: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match="SUMMARIZE_SENTENCES='three'"):
        load_settings(env={**home, "SUMMARIZE_SENTENCES": "three"})
    with pytest.raises(ConfigError, match="choose one length"):
        load_settings(env={**home, "SUMMARIZE_SENTENCES": "3", "SUMMARIZE_WORDS": "30"})
    assert load_settings(env={**home, "SUMMARIZE_TO": ""}).to == "en"  # empty means unset


def test_named_config_file_must_exist(home: dict[str, str], tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_settings(tmp_path / "missing.toml", env=home)
    with pytest.raises(ConfigError, match="SUMMARIZE_CONFIG"):
        load_settings(env={**home, "SUMMARIZE_CONFIG": str(tmp_path / "missing.toml")})


def test_default_path_follows_xdg(tmp_path: Path) -> None:
    assert default_config_path({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "summarize" / "config.toml"
    assert default_config_path({}) == Path.home() / ".config" / "summarize" / "config.toml"


def test_every_setting_has_an_environment_variable() -> None:
    from summarize.config import ENV_VARS

    assert set(ENV_VARS) == set(KEYS)
    assert ENV_VARS["models_dir"] == "SUMMARIZE_MODELS_DIR"
    assert all(hasattr(Settings(), key) for key in KEYS)


# --------------------------------------------------------------------------
# summarize config show


def test_config_show_table_says_where_each_value_comes_from(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = write_config(tmp_path / "config", 'to = "es"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("SUMMARIZE_WORDS", "40")
    result = CliRunner().invoke(app, ["config", "show"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"config file: {path} (read)"
    rows = {line.split()[0]: line.split(None, 2)[1:] for line in lines[3:] if line and line.split()[0] in KEYS}
    assert rows["to"] == ["es", f"config {path}"]
    assert rows["words"] == ["40", "env SUMMARIZE_WORDS"]
    assert rows["algorithm"][1] == "default"
    assert rows["models_dir"][1] == "env ARGOS_PACKAGES_DIR"  # set by conftest
    assert "precedence: command-line flag > environment variable > config file > default" in result.stdout


def test_config_show_json(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    other = tmp_path / "cron.toml"
    other.write_text("sentences = 2\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["config", "show", "--config", str(other), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["config_file"] == str(other)
    assert data["config_file_found"] is True
    assert data["settings"]["sentences"] == {"value": 2, "source": f"config {other}"}
    assert data["settings"]["models_dir"]["effective"]


def test_config_show_bad_file_exits_13(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("sentences = 'many'\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["config", "show", "--config", str(bad)])
    assert result.exit_code == 13
    assert "summarize: error: config" in result.stderr
    assert "'sentences'" in result.stderr


def test_the_translation_memory_is_a_setting(home: dict[str, str], tmp_path: Path) -> None:
    assert load_settings(env={**home, "SUMMARIZE_CACHE": "off"}).cache is False
    path = tmp_path / "c.toml"
    path.write_text("cache = false\n", encoding="utf-8")
    assert load_settings(path, env=home).cache is False
    path.write_text('cache = "sometimes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="true or false"):
        load_settings(path, env=home)
