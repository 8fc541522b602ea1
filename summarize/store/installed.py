"""What is installed: the packages in the store, their versions, and the route a text takes through them."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from summarize.store.paths import OLD_PREFIX, TMP_PREFIX, package_dirs

#: Language used as a pivot when no direct model exists (as Argos does).
PIVOT = "en"


@dataclass(frozen=True)
class InstalledModel:
    """An installed Argos package (one folder in the store)."""

    source: str
    target: str
    version: str
    path: Path
    name: str
    type: str = "translate"
    argos_version: str = ""
    size: int | None = None

    @property
    def pair(self) -> tuple[str, str]:
        return (self.source, self.target)

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self, ("source", "target", "version", "name", "type", "path", "size"))


def json_fields(record: object, names: tuple[str, ...]) -> dict[str, Any]:
    """The named attributes as JSON values, in that order (paths as strings, tuples as lists)."""
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(record, name)
        out[name] = str(value) if isinstance(value, Path) else list(value) if isinstance(value, tuple) else value
    return out


@dataclass(frozen=True)
class _Scan:
    models: tuple[InstalledModel, ...]
    problems: tuple[str, ...]


def read_metadata(folder: Path) -> dict[str, Any]:
    """metadata.json of a package folder; raise ValueError with a reason if unusable."""
    meta_path = folder / "metadata.json"
    try:
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
    except FileNotFoundError:
        raise ValueError("no metadata.json") from None
    except (OSError, ValueError) as err:
        raise ValueError(f"metadata.json is not valid JSON ({err})") from None
    except RecursionError:
        raise ValueError("metadata.json is not valid JSON (nested too deeply)") from None
    if not isinstance(meta, dict):
        raise ValueError("metadata.json is not a JSON object")
    for key in ("from_code", "to_code"):
        if not isinstance(meta.get(key), str) or not meta[key]:
            raise ValueError(f"metadata.json has no {key}")
    return meta


def model_from_folder(folder: Path, meta: dict[str, Any], size: int | None = None) -> InstalledModel:
    return InstalledModel(
        source=meta["from_code"],
        target=meta["to_code"],
        version=str(meta.get("package_version", "")),
        path=folder,
        name=folder.name,
        type=str(meta.get("type", "translate")),
        argos_version=str(meta.get("argos_version", "")),
        size=size,
    )


@lru_cache(maxsize=32)
def _scan_dir_cached(directory: str, _stamp: tuple[int, int]) -> _Scan:
    """Scan one store folder; cached on the folder's mtime (installs rename into it)."""
    models: list[InstalledModel] = []
    problems: list[str] = []
    root = Path(directory)
    try:
        children = sorted(root.iterdir())
    except OSError as err:
        return _Scan((), (f"{root}: cannot list ({err.strerror or err})",))
    for child in children:
        if child.name.startswith((TMP_PREFIX, OLD_PREFIX)) and child.is_dir():
            problems.append(f"{child}: leftover from an interrupted install (safe to delete)")
            continue
        if child.name.startswith(".") or not child.is_dir():
            continue
        try:
            meta = read_metadata(child)
        except ValueError as err:
            problems.append(f"{child}: not a usable package ({err})")
            continue
        models.append(model_from_folder(child, meta))
    return _Scan(tuple(models), tuple(problems))


def scan_folder(directory: Path) -> _Scan:
    """The packages in one store folder and the problems met (cached until the folder changes)."""
    try:
        st = directory.stat()
    except FileNotFoundError:
        return _Scan((), ())
    except OSError as err:
        return _Scan((), (f"{directory}: cannot read ({err.strerror or err})",))
    return _scan_dir_cached(str(directory), (st.st_mtime_ns, st.st_ino))


def disk_size(folder: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def list_models(models_dir: Path | None = None, *, sizes: bool = True) -> list[InstalledModel]:
    """Installed packages (all types), sorted by pair; ``sizes`` walks folders for disk use.

    Folders that are not usable packages are skipped here (``doctor`` reports them).
    """
    found: list[InstalledModel] = []
    for directory in package_dirs(models_dir):
        found.extend(scan_folder(directory).models)
    if sizes:
        found = [_with_size(m) for m in found]
    return sorted(found, key=lambda m: (m.source, m.target, version_key(m.version), m.name))


def _with_size(model: InstalledModel) -> InstalledModel:
    return InstalledModel(
        model.source,
        model.target,
        model.version,
        model.path,
        model.name,
        model.type,
        model.argos_version,
        disk_size(model.path),
    )


def version_key(version: str) -> tuple[Any, ...]:
    """Sort key for package versions ("1.9" < "1.10"); odd strings sort first."""
    try:
        from packaging.version import InvalidVersion, Version
    except ImportError:  # pragma: no cover - packaging comes with argos-translate-lt
        parts = re.findall(r"\d+", version)
        return (1, tuple(int(p) for p in parts))
    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def translation_models(models: Iterable[InstalledModel]) -> dict[tuple[str, str], InstalledModel]:
    """The model used for each pair: translate packages only, newest version wins."""
    best: dict[tuple[str, str], InstalledModel] = {}
    for model in models:
        if model.type != "translate":
            continue
        current = best.get(model.pair)
        if current is None or version_key(model.version) > version_key(current.version):
            best[model.pair] = model
    return best


#: Codes (langdetect's, or regional tags) that the Argos index spells otherwise.
ARGOS_CODES = {"no": "nb", "zh-tw": "zt", "zh-hant": "zt", "zh-cn": "zh", "zh-hans": "zh", "pt-br": "pb"}

#: When no package uses a code, the same language under another code, as LibreTranslate falls back.
FALLBACK_CODES = {"pt": "pb", "pb": "pt", "zh": "zt", "zt": "zh", "nb": "no"}


def argos_code(code: str) -> str:
    """The Argos index's code for ``code``: ``no`` → ``nb``, ``zh-tw`` → ``zt`` (others unchanged)."""
    norm = code.strip().replace("_", "-")
    return ARGOS_CODES.get(norm.lower(), norm)


def model_codes(code: str) -> list[str]:
    """Package codes to try for a language, in order: its Argos code, then the fallback."""
    first = argos_code(code)
    codes = [first]
    fallback = FALLBACK_CODES.get(first)
    if fallback and fallback not in codes:
        codes.append(fallback)
    if code not in codes:
        codes.append(code)
    return codes


def route(source: str, target: str, models: Iterable[InstalledModel | tuple[str, str]]) -> list[str] | None:
    """Package codes a text goes through: direct, else via English, else None.

    ``[source]`` means no translation (same language).  Codes are matched with
    ``model_codes``, so the route names the packages' codes (``no`` → ``nb``).
    """
    if source == target:
        return [source]
    pairs: set[tuple[str, str]] = set()
    for model in models:
        if isinstance(model, tuple):
            pairs.add(model)
        elif model.type == "translate":
            pairs.add(model.pair)
    combos = [(s, t) for s in model_codes(source) for t in model_codes(target)]
    for s, t in combos:
        if (s, t) in pairs:
            return [s, t]
    for s, t in combos:
        if s == t:  # pt and pb, zh and zt: the same language to Argos and LibreTranslate
            return [s]
    for s, t in combos:
        if PIVOT not in (s, t) and (s, PIVOT) in pairs and (PIVOT, t) in pairs:
            return [s, PIVOT, t]
    return None


def install_hint(source: str, target: str) -> str:
    """The exact commands that install a pair, online and offline, in the index's codes (zh-tw → zt)."""
    source, target = argos_code(source), argos_code(target)
    return (
        f"summarize models install {source} {target}  "
        f"(offline: summarize models install translate-{source}_{target}-*.argosmodel)"
    )


def all_routes(models: Iterable[InstalledModel]) -> dict[str, dict[str, list[str]]]:
    """For each installed source language, the targets reachable and how."""
    pairs = list(translation_models(models))
    sources = sorted({s for s, _ in pairs})
    targets = sorted({t for _, t in pairs})
    table: dict[str, dict[str, list[str]]] = {}
    for src in sources:
        reachable = {}
        for tgt in targets:
            if tgt == src:
                continue
            path = route(src, tgt, pairs)
            if path is not None:
                reachable[tgt] = path
        table[src] = reachable
    return table
