"""Where the store is: Argos Translate's folder rules and settings, read without importing argostranslate.

``argostranslate/settings.py`` creates folders and may print to stdout at
import time, which ``summarize models list`` must not do: its rules are
repeated here, creating nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarize.errors import ConfigError

#: Prefixes of our own work folders inside the store (hidden: skipped by listings).
#: Prefixes of our own work folders inside the store (hidden: skipped by listings).
TMP_PREFIX = ".tmp-"
OLD_PREFIX = ".old-"


@dataclass(frozen=True)
class StoreLocation:
    """The resolved store folder, and why it is that one (for ``summarize doctor``)."""

    path: Path
    origin: str
    settings_file: Path
    extra_dirs: tuple[Path, ...] = ()
    problems: tuple[str, ...] = ()


def _home() -> Path:
    """Argos's notion of home: ``$SNAP_USER_DATA`` inside a snap."""
    if "SNAP" in os.environ:
        return Path(os.environ["SNAP_USER_DATA"])
    return Path.home()


def argos_settings_file() -> Path:
    """Argos Translate's settings file, which may name the store."""
    config_dir = Path(os.getenv("XDG_CONFIG_HOME", default=str(_home() / ".config")))
    return config_dir / "argos-translate" / "settings.json"


def data_dir() -> Path:
    data = Path(os.getenv("XDG_DATA_HOME", default=str(_home() / ".local" / "share")))
    return data / "argos-translate"


def _load_settings(settings_file: Path) -> tuple[dict[str, Any], str | None]:
    """Read settings.json like Argos does (a bad file counts as empty), plus the problem."""
    if not settings_file.exists():
        return {}, None
    try:
        with open(settings_file, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as err:
        return {}, f"{settings_file} is unreadable and ignored ({err})"
    if not isinstance(data, dict):
        return {}, f"{settings_file} does not contain a JSON object (Argos Translate will fail on it)"
    return data, None


def get_setting(key: str, default: str | None = None) -> tuple[str | None, str]:
    """An Argos setting: environment first, then Argos's settings.json, then ``default``; and where it came from."""
    settings_file = argos_settings_file()
    from_env = os.getenv(key)
    if from_env is not None:
        return from_env, f"{key} environment variable"
    settings, _ = _load_settings(settings_file)
    from_file = settings.get(key)
    if from_file is not None:
        return str(from_file), f"{key} in {settings_file}"
    return default, "default"


def locate() -> StoreLocation:
    """Resolve the store folder with argostranslate.settings' rules, creating nothing."""
    settings_file = argos_settings_file()
    _, problem = _load_settings(settings_file)
    default = data_dir() / "packages"
    value, origin = get_setting("ARGOS_PACKAGES_DIR", str(default))
    if value is None or value == "":
        raise ConfigError(f"ARGOS_PACKAGES_DIR is empty ({origin}); set it to a folder or unset it")
    if Path(value).expanduser().exists() and not Path(value).expanduser().is_dir():
        raise ConfigError(f"ARGOS_PACKAGES_DIR ({origin}) is {value}, a file, not a folder; set it to a folder")
    problems = [problem] if problem else []
    if value.startswith("~"):
        # argostranslate does Path(value) without expanduser: a folder literally named "~".
        problems.append(
            f"ARGOS_PACKAGES_DIR ({origin}) starts with '~': summarize uses {Path(value).expanduser()}, but "
            f"argostranslate and LibreTranslate do not expand '~' and use ./{value} relative to their working "
            "folder; write the full path"
        )
    if origin == "default":
        origin = "default ($XDG_DATA_HOME/argos-translate/packages)"
    extra: list[Path] = []
    if "SNAP" in os.environ:
        snap_custom = Path(os.environ["SNAP"]) / "snap_custom"
        if (snap_custom / "packages").is_dir():
            extra.append(snap_custom / "packages")
        content = snap_custom / "content_snap_packages"
        if content.is_dir():
            extra.extend(sorted(p for p in content.iterdir() if p.is_dir()))
    return StoreLocation(
        path=Path(value).expanduser(),
        origin=origin,
        settings_file=settings_file,
        extra_dirs=tuple(extra),
        problems=tuple(problems),
    )


def packages_dir(models_dir: Path | None = None) -> Path:
    """The folder installs go to: ``models_dir`` if given, else the shared Argos store."""
    return Path(models_dir) if models_dir is not None else locate().path


def package_dirs(models_dir: Path | None = None) -> list[Path]:
    """Every folder searched for models (the store, plus snap-bundled ones like Argos)."""
    if models_dir is not None:
        return [Path(models_dir)]
    loc = locate()
    return [loc.path, *loc.extra_dirs]


def argos_cached_index() -> Path:
    """argostranslate's copy of the index (``update_package_index`` writes it)."""
    return data_dir() / "index.json"
