"""``summarize doctor``: what is installed, which ``--to`` targets work, and whether the runtime loads.

It probes the model store, CTranslate2 (and CUDA) and package versions,
without the network and without creating anything.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarize.store import (
    InstalledModel,
    StoreLocation,
    all_routes,
    argos_settings_file,
    list_models,
    locate,
    scan_folder,
)


@dataclass(frozen=True)
class DoctorReport:
    """Everything ``summarize doctor`` says about translation, JSON-ready via to_dict()."""

    store_dir: Path
    store_origin: str
    store_exists: bool
    store_writable: bool
    extra_dirs: list[Path]
    models: list[InstalledModel]
    routes: dict[str, dict[str, list[str]]]
    problems: list[str]
    network_notes: list[str]
    versions: dict[str, str | None]
    cuda_devices: int | None
    settings_file: Path = field(default_factory=Path)
    #: compute type and beam as translation will use them, each with where it came from
    decoding: dict[str, str | int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "store": {
                "dir": str(self.store_dir),
                "origin": self.store_origin,
                "exists": self.store_exists,
                "writable": self.store_writable,
                "extra_dirs": [str(p) for p in self.extra_dirs],
                "settings_file": str(self.settings_file),
            },
            "models": [m.to_dict() for m in self.models],
            "routes": self.routes,
            "problems": list(self.problems),
            "network": {"notes": list(self.network_notes)},
            "versions": dict(self.versions),
            "cuda_devices": self.cuda_devices,
            "decoding": dict(self.decoding),
        }


def _writable(path: Path) -> bool:
    """Whether installs could write here (the folder, or its nearest existing parent)."""
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            return False
        probe = probe.parent
    return probe.is_dir() and os.access(probe, os.W_OK | os.X_OK)


def _dist_version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _model_bin_problem(package: Path) -> str | None:
    """Why the package's weights cannot load (a cheap walk of model.bin's headers), or None."""
    from summarize.store import check_model_bin

    try:
        check_model_bin(package / "model" / "model.bin")
    except (OSError, ValueError, UnicodeDecodeError) as err:
        return f"the model does not load: {err}"
    return None


def _decoding(problems: list[str]) -> dict[str, str | int]:
    """The compute type and beam translation will use (ARGOS_COMPUTE_TYPE, ARGOS_BEAM_SIZE)."""
    from summarize.errors import SummarizeError
    from summarize.translate import beam_size_setting, compute_type_setting

    found: dict[str, str | int] = {}
    try:
        found["compute_type"], found["compute_type_origin"] = compute_type_setting()
    except SummarizeError as err:
        problems.append(str(err))
    try:
        found["beam_size"], found["beam_size_origin"] = beam_size_setting()
    except SummarizeError as err:
        problems.append(str(err))
    return found


def doctor(models_dir: Path | None = None) -> DoctorReport:
    """Inspect the store and runtime without network and without creating anything."""
    loc = locate() if models_dir is None else StoreLocation(Path(models_dir), "--models-dir", argos_settings_file())
    problems = list(loc.problems)
    dirs = [loc.path, *loc.extra_dirs]
    for directory in dirs:
        problems.extend(scan_folder(directory).problems)
    models = list_models(models_dir)
    for model in models:
        if model.type == "translate":
            if not (model.path / "model" / "model.bin").is_file():
                problems.append(f"{model.path}: model/model.bin is missing")
            elif (problem := _model_bin_problem(model.path)) is not None:
                problems.append(f"{model.path}: {problem}")
            if not (model.path / "sentencepiece.model").is_file() and not (model.path / "bpe.model").is_file():
                problems.append(f"{model.path}: no tokenizer (sentencepiece.model or bpe.model)")
    cuda: int | None
    try:
        import ctranslate2

        cuda = int(ctranslate2.get_cuda_device_count())
    except Exception as err:
        problems.append(f"ctranslate2 does not load ({err})")
        cuda = None
    notes = [
        "sentences are split by summarize itself: Argos's MiniSBD/Stanza sentence models are never used or downloaded",
        "the package index is only contacted by `summarize models install PAIR` and `summarize models available`",
    ]
    return DoctorReport(
        store_dir=loc.path,
        store_origin=loc.origin,
        store_exists=loc.path.is_dir(),
        store_writable=_writable(loc.path),
        extra_dirs=list(loc.extra_dirs),
        models=models,
        routes=all_routes(models),
        problems=problems,
        network_notes=notes,
        versions={
            "argos-translate-lt": _dist_version("argos-translate-lt"),
            "ctranslate2": _dist_version("ctranslate2"),
            "sentencepiece": _dist_version("sentencepiece"),
        },
        cuda_devices=cuda,
        settings_file=loc.settings_file,
        decoding=_decoding(problems),
    )
