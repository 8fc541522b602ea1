"""Default settings for cron jobs: flag > environment > config file > built-in default.

A newsroom runs ``summarize`` from cron, where typing the same flags in every
crontab line is how mistakes creep in; the defaults live in one TOML file
(``$XDG_CONFIG_HOME/summarize/config.toml``, or ``--config FILE``, or
``$SUMMARIZE_CONFIG``) and can be overridden per job by environment
variables. ``Settings.sources`` records where each value came from, so that
``summarize config show`` can answer "why is it translating into Spanish?".

The three lengths (``sentences``, ``ratio``, ``words``) are one setting: the
highest-precedence source that names any of them decides the length, so
``--sentences 5`` on the command line beats ``words = 35`` in the file instead
of clashing with it.

Only the standard library is imported here: the CLI reads settings on every
run and its start-up budget is small.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarize.choices import Algorithm, Format
from summarize.errors import ConfigError

if TYPE_CHECKING:
    from summarize.options import BriefOptions

#: Settings a config file or the environment may give, in display order.
KEYS: tuple[str, ...] = (
    "to",
    "algorithm",
    "sentences",
    "ratio",
    "words",
    "format",
    "models_dir",
    "languages",
    "keep_furniture",
    "cache",
)
LENGTH_KEYS: tuple[str, ...] = ("sentences", "ratio", "words")

#: Environment variable for each setting.
ENV_VARS: dict[str, str] = {key: f"SUMMARIZE_{key.upper()}" for key in KEYS}
#: Environment variable naming the config file.
CONFIG_ENV = "SUMMARIZE_CONFIG"
#: Argos Translate's own variable: the model folder when nothing else names one.
ARGOS_ENV = "ARGOS_PACKAGES_DIR"

DEFAULT = "default"

#: Command-line parameter names that differ from the setting's (``--format`` is ``fmt``).
_CLI_ALIASES = {"fmt": "format"}


@dataclass
class Settings:
    """Effective defaults; ``None`` means "not set: the command's own default applies"."""

    to: str = "en"
    algorithm: str = "news"
    sentences: int | None = None
    ratio: float | None = None
    words: int | None = None
    format: str = "bullets"
    models_dir: str | None = None
    #: Languages detection may answer, comma-separated; None: any.
    languages: str | None = None
    keep_furniture: bool = False
    #: the translation memory (``cache = false`` or SUMMARIZE_CACHE=0 turns it off)
    cache: bool = True
    #: setting -> "default", "env SUMMARIZE_TO", "config /path/config.toml", ...
    sources: dict[str, str] = field(default_factory=dict)
    #: The config file that was read (None when there was none).
    config_file: Path | None = None
    #: The config file that would be read, and whether it exists (for ``config show``).
    config_path: Path | None = None

    def values(self) -> dict[str, Any]:
        """The settings alone, without provenance."""
        return {key: getattr(self, key) for key in KEYS}

    def to_dict(self) -> dict[str, Any]:
        """``summarize config show --format json``."""
        return {
            "config_file": str(self.config_path) if self.config_path else None,
            "config_file_found": self.config_file is not None,
            "settings": {key: {"value": getattr(self, key), "source": self.sources.get(key, DEFAULT)} for key in KEYS},
        }


def default_config_path(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CONFIG_HOME/summarize/config.toml`` (``~/.config`` when unset)."""
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "summarize" / "config.toml"


def config_path(config_file: str | Path | None = None, env: Mapping[str, str] | None = None) -> tuple[Path, bool]:
    """The file to read and whether it was named explicitly (then it must exist)."""
    env = os.environ if env is None else env
    if config_file is not None:
        return Path(config_file).expanduser(), True
    named = env.get(CONFIG_ENV)
    if named:
        return Path(named).expanduser(), True
    return default_config_path(env), False


# --------------------------------------------------------------------------
# Checking values: the same rules for the file and the environment


def _check_to(value: Any) -> str:
    if isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            raise ValueError('a list of language codes, e.g. ["en", "es"]')
        value = ",".join(value)
    if not isinstance(value, str) or not value.replace(",", "").strip():
        raise ValueError('language codes, e.g. "en,es" or "none"')
    from summarize.options import parse_targets

    try:
        codes = parse_targets(value)
    except Exception as exc:  # UnsupportedLanguageError
        raise ValueError(f'language codes, e.g. "en,es" or "none" ({exc})') from None
    return ",".join(codes) if codes else "none"


def _check_languages(value: Any) -> str:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ",".join(value)
    if not isinstance(value, str):
        raise ValueError('language codes, e.g. "fr,en,es" or ["fr", "en", "es"]')
    from summarize.detect import parse_languages
    from summarize.errors import UsageError

    try:
        return ",".join(parse_languages(value))
    except UsageError as exc:
        raise ValueError(f"language codes that detection knows ({exc})") from None


def _check_choice(kind: type[Enum], what: str) -> Callable[[Any], str]:
    """A check for one of an enum's names (``Algorithm``, ``Format``), any case."""
    names = [member.value for member in kind]

    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"{what} name")
        name = value.strip().lower()
        if name not in names:
            raise ValueError(f"one of {', '.join(names)} (got {value!r})")
        return name

    return check


def _number(value: Any, kind: type[int] | type[float], accept: Callable[[Any], bool], expected: str) -> Any:
    """A number from TOML or from an environment variable's text, checked by ``accept``."""
    if isinstance(value, str):
        try:
            value = kind(value.strip())
        except ValueError:
            raise ValueError(f"{expected} (got {value!r})") from None
    if isinstance(value, bool) or not isinstance(value, int | float) or not accept(value):
        raise ValueError(f"{expected} (got {value!r})")
    return kind(value)


def _check_positive_int(value: Any) -> int:
    whole: int = _number(value, int, lambda n: isinstance(n, int) and n >= 1, "a whole number of at least 1")
    return whole


def _check_ratio(value: Any) -> float:
    ratio: float = _number(value, float, lambda r: 0 < r <= 1, "a number in (0, 1], e.g. 0.2")
    return ratio


def _check_dir(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a folder path")
    path = Path(value).expanduser()
    if path.exists() and not path.is_dir():  # a missing folder is fine: installing creates it
        raise ValueError(f"a folder path ({value} is a file)")
    return str(path)


def _check_bool(value: Any) -> bool:
    """true/false in TOML; true/false, yes/no, 1/0 in the environment."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "1", "on", "false", "no", "0", "off"):
        return value.strip().lower() in ("true", "yes", "1", "on")
    raise ValueError(f"true or false (got {value!r})")


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "to": _check_to,
    "algorithm": _check_choice(Algorithm, "algorithm"),
    "sentences": _check_positive_int,
    "ratio": _check_ratio,
    "words": _check_positive_int,
    "format": _check_choice(Format, "format"),
    "models_dir": _check_dir,
    "languages": _check_languages,
    "keep_furniture": _check_bool,
    "cache": _check_bool,
}


def check_value(key: str, value: Any) -> Any:
    """Validate and normalise one setting; ``ValueError`` says what was expected."""
    return _CHECKS[key](value)


# --------------------------------------------------------------------------
# Reading the sources


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: tomllib's ancestor, if installed
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            raise ConfigError(f"config {path}: reading TOML needs Python 3.11+ or `pip install tomli`") from None
    try:
        with open(path, "rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config {path}: not UTF-8 text (byte {exc.start}); TOML files are UTF-8") from None
    except RecursionError:
        raise ConfigError(f"config {path}: invalid TOML: nested too deeply") from None
    except IsADirectoryError:
        raise ConfigError(f"config {path}: is a folder, not a TOML file") from None
    except OSError as exc:
        raise ConfigError(f"config {path}: cannot read ({exc.strerror})") from None
    return data


def _from_file(path: Path) -> dict[str, Any]:
    """Checked settings from a TOML file: top-level keys, ``models-dir`` or ``models_dir``."""
    data = _load_toml(path)
    out: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = raw_key.replace("-", "_")
        if key not in _CHECKS:
            raise ConfigError(f"config {path}: unknown key {raw_key!r}; known keys: {', '.join(KEYS)}")
        try:
            out[key] = check_value(key, value)
        except ValueError as exc:
            raise ConfigError(f"config {path}: key {raw_key!r}: expected {exc}") from None
    _one_length(out, f"config {path}")
    return out


def _from_env(env: Mapping[str, str]) -> dict[str, tuple[Any, str]]:
    """Checked settings from ``SUMMARIZE_*`` variables (empty ones count as unset)."""
    out: dict[str, tuple[Any, str]] = {}
    for key, name in ENV_VARS.items():
        raw = env.get(name)
        if raw is None or not raw.strip():
            continue
        try:
            out[key] = (check_value(key, raw), f"env {name}")
        except ValueError as exc:
            raise ConfigError(f"environment variable {name}={raw!r}: expected {exc}") from None
    _one_length({k: v for k, (v, _) in out.items()}, "environment")
    return out


def _one_length(values: Mapping[str, Any], where: str) -> None:
    given = [k for k in LENGTH_KEYS if values.get(k) is not None]
    if len(given) > 1:
        raise ConfigError(f"{where}: {given[0]} and {given[1]} both set; choose one length")


def load_settings(config_file: str | Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Effective settings: environment > config file > built-in default (flags come later).

    ``config_file`` is ``--config``; without it ``$SUMMARIZE_CONFIG``, then the
    user's config folder (a missing default file is fine, a named one is not).
    """
    env = os.environ if env is None else env
    settings = Settings()
    settings.sources = dict.fromkeys(KEYS, DEFAULT)
    path, explicit = config_path(config_file, env)
    settings.config_path = path
    from_file: dict[str, Any] = {}
    if path.is_file() or explicit:
        if not path.exists():
            origin = "--config" if config_file is not None else CONFIG_ENV
            raise ConfigError(f"config {path}: no such file (named by {origin})")
        from_file = _from_file(path)
        settings.config_file = path
    layered: dict[str, tuple[Any, str]] = {}
    argos = env.get(ARGOS_ENV)
    if argos:
        try:
            layered["models_dir"] = (_check_dir(argos), f"env {ARGOS_ENV}")
        except ValueError as exc:
            raise ConfigError(f"environment variable {ARGOS_ENV}={argos!r}: expected {exc}") from None
    for key, value in from_file.items():
        layered[key] = (value, f"config {path}")
    from_env = _from_env(env)
    _merge_lengths(layered, from_env)
    layered.update(from_env)
    for key, (value, source) in layered.items():
        setattr(settings, key, value)
        settings.sources[key] = source
    return settings


def _merge_lengths(lower: dict[str, tuple[Any, str]], higher: Mapping[str, Any]) -> None:
    """A length from a higher source replaces every length from a lower one."""
    if any(k in higher for k in LENGTH_KEYS):
        for key in LENGTH_KEYS:
            lower.pop(key, None)


def apply_defaults(settings: Settings, **cli_values: Any) -> dict[str, Any]:
    """Fill the command line's unset (None) values from ``settings``.

    Takes the command's own parameter names (``to``, ``algorithm``,
    ``sentences``, ``ratio``, ``words``, ``fmt`` or ``format``, ``models_dir``);
    other names pass through untouched. A length given on the command line
    replaces the settings' length as a whole.
    """
    out = dict(cli_values)
    cli_length = any(cli_values.get(k) is not None for k in LENGTH_KEYS)
    for name, value in cli_values.items():
        key = _CLI_ALIASES.get(name, name)
        if key not in KEYS or value is not None:
            continue
        if key in LENGTH_KEYS and cli_length:
            continue
        out[name] = getattr(settings, key)
    return out


def resolve_options(
    config_file: str | Path | None = None, env: Mapping[str, str] | None = None, **flags: Any
) -> tuple[BriefOptions, Settings]:
    """The brief's options from flags > environment > config file > defaults, checked.

    The one place where ``summarize`` and ``summarize batch`` build their
    options; ``flags`` are ``BriefOptions`` fields, None when not given.
    The settings come back too (the format, ``config show``).
    """
    from summarize.options import BriefOptions

    settings = load_settings(config_file, env)
    return BriefOptions(**apply_defaults(settings, **flags)), settings
