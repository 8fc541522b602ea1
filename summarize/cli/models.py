"""``summarize models``: install, list and remove translation models (Argos packages)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarize.cli import options as opts
from summarize.cli.common import print_json, print_table, say, size, sub_app, user_errors
from summarize.errors import InputNotFoundError, UsageError
from summarize.languages import is_code as is_language_code

models_app = sub_app(
    "Install, list and remove translation models (Argos Translate packages), offline.",
    epilog=(
        "\b\nExamples:\n"
        "  summarize models install translate-fr_en-1_9.argosmodel   # from a file, offline\n"
        "  summarize models install ./argos-models/                  # every package in a folder\n"
        "  summarize models install fr en                            # from the Argos index (online)\n"
        "  summarize models install fr en --index /mnt/mirror/       # from a mirror folder, offline\n"
        "  summarize models list\n"
        "  summarize models remove fr en"
    ),
)


def _dir(models_dir: str | None) -> Path | None:
    return Path(models_dir) if models_dir else None


Index = Annotated[
    str | None,
    typer.Option(
        "--index",
        metavar="URL|PATH",
        help="Package index: a URL, an index.json file, a file:// URL, or a mirror folder holding index.json "
        "and the packages. [default: $ARGOS_PACKAGE_INDEX, else the Argos index online]",
        show_default=False,
    ),
]


@models_app.command("list")
def models_list(models_dir: opts.ModelsDir = None, as_json: opts.AsJson = False) -> None:
    """Installed models: pair, package version, size on disk, folder."""
    with user_errors():
        from summarize import store

        models = store.list_models(_dir(models_dir))
        if as_json:
            print_json([m.to_dict() for m in models])
        elif not models:
            where = store.packages_dir(_dir(models_dir))
            say(f"no models installed in {where}; install one with: summarize models install FILE.argosmodel")
        else:
            rows = [[f"{m.source}→{m.target}", m.version, size(m.size), str(m.path)] for m in models]
            print_table(["pair", "version", "size", "path"], rows)


@models_app.command("install")
def models_install(
    what: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE|DIR|SRC TGT",
            help="A .argosmodel file, a folder of them, or two language codes (from the package index).",
        ),
    ],
    models_dir: opts.ModelsDir = None,
    index: Index = None,
    force: Annotated[
        bool, typer.Option("--force", help="Install even if an installed package for the pair is newer.")
    ] = False,
    max_unpacked: Annotated[
        str,
        typer.Option("--max-unpacked", metavar="SIZE", help="Refuse packages that unpack to more (zip bombs)."),
    ] = "4G",
    max_ratio: Annotated[
        float,
        typer.Option(
            "--max-ratio",
            metavar="N",
            help="Refuse packages whose files unpack to more than N times their compressed size (past 16 MB).",
        ),
    ] = 20.0,
) -> None:
    """Install models from files (offline) or from a package index (the Argos index online, or a mirror)."""
    with user_errors():
        from summarize import store
        from summarize.reading import parse_size

        if max_ratio < 1:
            raise UsageError(f"--max-ratio must be 1 or more, not {max_ratio:g}")
        limits = store.Limits(max_unpacked=parse_size(max_unpacked), max_ratio=max_ratio)
        if len(what) == 2 and not any(Path(w).exists() for w in what) and all(is_language_code(w) for w in what):
            results = [
                store.install_from_index(what[0], what[1], _dir(models_dir), index=index, limits=limits, force=force)
            ]
        else:
            for name in what:
                if not Path(name).exists():
                    raise InputNotFoundError(f"{name}: no such file or folder (or give two language codes: fr en)")
            results = [
                r for name in what for r in store.install(Path(name), _dir(models_dir), limits=limits, force=force)
            ]
        for result in results:
            for note in result.notes:
                say(f"note: {note}")
            m = result.model
            say(f"{result.action} {m.source}→{m.target} {m.version} in {m.path}")


@models_app.command("remove")
def models_remove(
    source: Annotated[str, typer.Argument(metavar="SRC", help="Source language, e.g. fr.")],
    target: Annotated[str, typer.Argument(metavar="TGT", help="Target language, e.g. en.")],
    models_dir: opts.ModelsDir = None,
) -> None:
    """Remove the installed model for a pair."""
    with user_errors():
        from summarize import store

        for m in store.remove(source, target, _dir(models_dir)):
            say(f"removed {m.source}→{m.target} {m.version} from {m.path}")


@models_app.command("available")
def models_available(index: Index = None, as_json: opts.AsJson = False) -> None:
    """Models in the package index (the Argos index online, or a mirror)."""
    with user_errors():
        from summarize import store

        found = store.read_index(index)
        for note in found.notes:
            say(f"note: {note}")
        models = found.models
        if as_json:
            print_json([m.to_dict() for m in models])
            return
        print_table(
            ["pair", "version", "languages", "package"],
            [[f"{m.source}→{m.target}", m.version, f"{m.source_name} → {m.target_name}", m.name] for m in models],
        )
