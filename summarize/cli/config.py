"""``summarize config``: the effective settings for cron jobs and where each comes from."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarize.cli.common import print_json, sub_app, user_errors

if TYPE_CHECKING:
    from summarize.config import Settings

config_app = sub_app("Settings for cron jobs: config file, SUMMARIZE_* variables, defaults.")


class ShowFormat(str, Enum):
    table = "table"
    json = "json"


@config_app.command("show")
def config_show(
    config: Annotated[
        str | None,
        typer.Option(
            "--config", metavar="FILE", help="Settings file. [default: $XDG_CONFIG_HOME/summarize/config.toml]"
        ),
    ] = None,
    fmt: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="Print a table or JSON.", case_sensitive=False)
    ] = ShowFormat.table,
) -> None:
    """Print the effective settings and where each comes from.

    Precedence, highest first: command-line flag, environment variable
    (SUMMARIZE_TO, ...), config file, built-in default.
    """
    with user_errors():
        from summarize.config import load_settings

        settings = load_settings(config)
        if fmt == ShowFormat.json:
            data = settings.to_dict()
            data["settings"]["models_dir"]["effective"] = effective_models_dir(settings)[0]
            print_json(data)
        else:
            sys.stdout.write(show_table(settings))


def effective_models_dir(settings: Settings) -> tuple[str, str]:
    """The folder translation models are read from, and why (Argos's own rules when unset)."""
    if settings.models_dir is not None:
        return settings.models_dir, settings.sources.get("models_dir", "default")
    try:
        from summarize.store import locate

        where = locate()
        return str(where.path), where.origin
    except Exception as exc:
        return f"(unknown: {exc})", "default"


def show_table(settings: Settings) -> str:
    """``summarize config show``: one row per setting, plain columns (fine in a pipe or a log)."""
    from summarize.config import KEYS, LENGTH_KEYS

    path = settings.config_path
    state = "read" if settings.config_file is not None else "not found"
    lines = [f"config file: {path} ({state})", ""]
    rows = [("setting", "value", "source")]
    no_length = all(getattr(settings, k) is None for k in LENGTH_KEYS)
    for key in KEYS:
        value: Any = getattr(settings, key)
        source = settings.sources.get(key, "default")
        if key == "models_dir":
            value, source = effective_models_dir(settings)
        elif key == "sentences" and no_length:
            value = "3"
        elif value is None:
            value = "-"
        rows.append((key, str(value), source))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for key, value, source in rows:
        lines.append(f"{key.ljust(widths[0])}  {value.ljust(widths[1])}  {source}")
    lines += ["", "precedence: command-line flag > environment variable > config file > default"]
    return "\n".join(lines) + "\n"
