"""The README's reference tables, generated from the code by cog (``make docs``; ``make lint`` checks them).

Options and commands come from the Typer definitions, exit codes from
``summarize.errors``, the layout from the package's modules and their
docstrings, so the README cannot drift from the code.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import typer
import typer.main

from summarize.cli import app

#: The package's modules, in the order data flows through them; ``layout()``
#: refuses a module that is missing here, so a new module must be placed.
LAYOUT: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "the pipeline, stage by stage",
        (
            "reading",
            "structure",
            "detect",
            "segment",
            "boundaries",
            "rank",
            "sumyrank",
            "stopwords",
            "news",
            "newsfeatures",
            "newstrees",
            "translate",
            "engines",
            "fidelity",
            "render",
        ),
    ),
    ("what joins the stages", ("pipeline", "options", "results", "choices", "languages", "wordlists", "errors")),
    ("around the pipeline", ("config", "store", "memory", "doctor", "atomic", "batch", "digest", "cli")),
)
#: The modules of each sub-package, in the same order.
SUBPACKAGES: dict[str, tuple[str, ...]] = {
    "structure": ("records", "patterns", "wraps", "glue", "lines", "stage"),
    "fidelity": ("numerals", "propernames", "shape"),
    "store": ("paths", "installed", "checks", "installer", "download", "index"),
    "batch": ("inputs", "work", "backends", "sinks", "dispatch", "runner"),
    "cli": ("common", "options", "brief", "batch", "digest", "models", "cache", "doctor", "config", "reference"),
}
PACKAGE = Path(__file__).parents[1]


def _command(path: tuple[str, ...]) -> Any:
    command: Any = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    return command


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def option_table(*path: str) -> str:
    """``| option | meaning |`` for a command (``()`` is ``summarize`` itself, ``("batch",)`` the batch)."""
    command = _command(path or ("brief",))
    context = typer.Context(command, info_name="summarize")
    rows = ["| option | meaning |", "|---|---|"]
    for param in command.params:
        record = param.get_help_record(context)
        if record is not None and param.name != "help":
            rows.append(f"| `{_cell(record[0])}` | {_cell(record[1])} |")
    return "\n".join(rows)


def command_table() -> str:
    """``| command | what it does |`` for every command but the main one."""
    rows = ["| command | what it does |", "|---|---|"]
    root = typer.main.get_command(app)
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        if name == "brief":
            continue
        subs = getattr(command, "commands", None) or {"": command}
        for sub, leaf in subs.items():
            words = " ".join(w for w in ("summarize", name, sub) if w)
            arguments = " ".join(
                p.make_metavar(typer.Context(leaf)) for p in leaf.params if p.param_type_name == "argument"
            )
            options = any(p.param_type_name == "option" for p in leaf.params)
            usage = f"{words} {arguments}".strip() + (" [OPTIONS]" if options else "")
            summary = (leaf.help or "").strip().split("\n\n")[0]
            rows.append(f"| `{_cell(usage)}` | {_cell(summary)} |")
    return "\n".join(rows)


def _first_line(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return doc.strip().split("\n")[0]


def _modules(folder: Path) -> set[str]:
    files = {p.stem for p in folder.glob("*.py")} - {"__init__", "__main__"}
    return files | {p.name for p in folder.iterdir() if (p / "__init__.py").is_file()}


def _check_placed(folder: Path, placed: list[str]) -> None:
    missing = sorted(_modules(folder) - set(placed))
    if missing:
        where = "LAYOUT" if folder == PACKAGE else f"SUBPACKAGES[{folder.name!r}]"
        raise ValueError(f"place these modules in summarize.cli.reference.{where}: {', '.join(missing)}")


def layout() -> str:
    """The package's modules in data-flow order, each with the first line of its docstring."""
    _check_placed(PACKAGE, [name for _, names in LAYOUT for name in names])
    lines = []
    for title, names in LAYOUT:
        lines += ["", f"{title[0].upper()}{title[1:]}:", ""]
        for name in names:
            if name not in SUBPACKAGES:
                lines.append(f"- `{name}.py`: {_first_line(PACKAGE / f'{name}.py')}")
                continue
            folder = PACKAGE / name
            _check_placed(folder, list(SUBPACKAGES[name]))
            lines.append(f"- `{name}/`: {_first_line(folder / '__init__.py')}")
            lines += [f"  - `{sub}.py`: {_first_line(folder / f'{sub}.py')}" for sub in SUBPACKAGES[name]]
    return "\n".join(lines[1:])
