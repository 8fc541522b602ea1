"""The README and `--help` agree with the code."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from summarize.cli import app
from summarize.errors import exit_code_table

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_exit_code_table_is_the_one_in_errors() -> None:
    assert exit_code_table() in README


def _options(help_text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", help_text)) - {"--help"}


def test_every_option_of_the_main_command_is_in_the_readme() -> None:
    help_text = CliRunner().invoke(app, ["--help"]).stdout
    options = _options(help_text.split("Examples:")[0])
    assert options, help_text
    missing = sorted(o for o in options if f"`{o}" not in README and f"{o} " not in README)
    assert not missing, f"options in --help but not in the README: {missing}"


def test_every_readme_option_of_the_main_command_exists() -> None:
    table = README.split("`summarize --help` lists every option")[1].split("Only one of")[0]
    help_text = CliRunner().invoke(app, ["--help"]).stdout
    for option in re.findall(r"`(?:-\w, )?(--[a-z-]+)", table):
        assert option in help_text, option


def test_readme_first_two_commands_exist_in_the_makefile() -> None:
    makefile = (Path(__file__).parents[1] / "Makefile").read_text(encoding="utf-8")
    quick = README.split("## Quick start")[1].split("```sh")[1].split("```")[0]
    commands = [line.split("#")[0].strip() for line in quick.strip().splitlines()]
    assert commands == ["make demo", "make test"]
    assert "\ndemo:" in makefile
    assert "\ntest:" in makefile
