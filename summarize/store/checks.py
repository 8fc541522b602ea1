"""Checks on a package before it may enter the store: safe archive members, sizes, a model that loads.

Sizes are refused before anything is extracted; garbage in ``model.bin`` is
refused before CTranslate2 is asked to allocate what the garbage claims.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import zipfile

from summarize.errors import ModelPackageError
from summarize.languages import is_code as is_language_code
from summarize.reading import format_size
from summarize.store.installed import read_metadata

#: Absolute cap on what one package may unpack to (the largest Argos packages are ~0.5 GB).
MAX_UNPACKED_BYTES = 4 * 1024**3

#: Cap on uncompressed/compressed size: model weights barely compress (real packages: ~1.1-1.5),
#: a zero-filled zip bomb compresses ~1000x.  Applied to any member, and to the whole archive,
#: once they unpack to more than RATIO_FLOOR (small text files compress well and are harmless).
MAX_RATIO = 20.0
RATIO_FLOOR = 16 * 1024**2


@dataclass(frozen=True)
class Limits:
    """How big a package may be; ``summarize models install --max-unpacked/--max-ratio`` raise them."""

    max_unpacked: int = MAX_UNPACKED_BYTES
    max_ratio: float = MAX_RATIO


_VOCABULARY_RE = re.compile(r"^model/(shared|source|target)_vocabulary\.(json|txt)$")


def check_members(zf: zipfile.ZipFile, label: str, archive_size: int, limits: Limits) -> tuple[str, int]:
    """Refuse unsafe, oversized or non-package archives before extracting; return (folder, size)."""
    infos = zf.infolist()
    if not infos:
        raise ModelPackageError(f"{label}: not an Argos package (the archive is empty)")
    tops: set[str] = set()
    names: set[str] = set()
    total = 0
    for info in infos:
        parts = _member_parts(info, label, limits)
        if not parts:
            continue
        if len(parts) == 1 and not info.is_dir():
            raise ModelPackageError(
                f"{label}: not an Argos package: {parts[0]!r} is outside the package folder "
                "(expected one top-level folder)"
            )
        tops.add(parts[0])
        names.add("/".join(parts[1:]))
        total += info.file_size
    _check_total(total, archive_size, label, limits)
    return _check_layout(tops, names, label), total


def _member_parts(info: zipfile.ZipInfo, label: str, limits: Limits) -> list[str]:
    """One member's path parts, once it is known to be safe: inside the folder, no link, no bomb."""
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise ModelPackageError(f"{label}: unsafe archive: absolute path {info.filename!r}")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ModelPackageError(f"{label}: unsafe archive: {info.filename!r} escapes the package folder")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise ModelPackageError(f"{label}: unsafe archive: {info.filename!r} is a symbolic link")
    if info.flag_bits & 0x1:
        raise ModelPackageError(f"{label}: encrypted archive entry {info.filename!r} is not supported")
    if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        raise ModelPackageError(
            f"{label}: refused before extracting: {info.filename!r} unpacks to {format_size(info.file_size)} from "
            f"{format_size(info.compress_size)} (more than {limits.max_ratio:g}x, a zip bomb?; "
            "raise the limit with --max-ratio)"
        )
    return parts


def _check_total(total: int, archive_size: int, label: str, limits: Limits) -> None:
    """The whole archive's unpacked size: under the cap, and not a bomb."""
    if total > limits.max_unpacked:
        raise ModelPackageError(
            f"{label}: refused before extracting: it unpacks to {format_size(total)}, more than the "
            f"{format_size(limits.max_unpacked)} limit (raise it with --max-unpacked)"
        )
    if total > RATIO_FLOOR and total > limits.max_ratio * max(archive_size, 1):
        raise ModelPackageError(
            f"{label}: refused before extracting: it unpacks to {format_size(total)} from {format_size(archive_size)} "
            f"(more than {limits.max_ratio:g}x, a zip bomb?; raise the limit with --max-ratio)"
        )


def _check_layout(tops: set[str], names: set[str], label: str) -> str:
    """One visible top-level folder holding metadata, a model, a vocabulary and a tokenizer; return it."""
    if len(tops) != 1:
        raise ModelPackageError(f"{label}: not an Argos package: expected one top-level folder, found {len(tops)}")
    top = next(iter(tops))
    if top.startswith("."):
        raise ModelPackageError(f"{label}: not an Argos package: hidden top-level folder {top!r}")
    # model/config.json only exists since CTranslate2 3.0 (Nov 2022): older packages have none.
    for required in ("metadata.json", "model/model.bin"):
        if required not in names:
            raise ModelPackageError(f"{label}: not an Argos package: no {required} in {top}/")
    if not any(_VOCABULARY_RE.match(n) for n in names):
        raise ModelPackageError(
            f"{label}: not an Argos package: no vocabulary (model/shared_vocabulary.json or .txt) in {top}/"
        )
    if "sentencepiece.model" not in names and "bpe.model" not in names:
        raise ModelPackageError(
            f"{label}: not an Argos package: no tokenizer (sentencepiece.model or bpe.model) in {top}/"
        )
    return top


def extract(zf: zipfile.ZipFile, work: Path, limits: Limits) -> None:
    """Extract member by member, never writing more than the cap (zipfile checks each CRC)."""
    written = 0
    for info in zf.infolist():
        parts = [p for p in info.filename.replace("\\", "/").split("/") if p not in ("", ".")]
        if not parts:
            continue
        dest = work.joinpath(*parts)
        if info.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(info) as src, open(dest, "wb") as out:
            while chunk := src.read(1 << 20):
                written += len(chunk)
                if written > limits.max_unpacked:
                    raise ModelPackageError(f"{info.filename}: unpacks to more than its declared size")
                out.write(chunk)


_CT2_ITEM_SIZE = {0: 4, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 6: 1, 7: 1, 8: 1}


def check_model_bin(path: Path) -> None:
    """Walk model.bin's headers (cheap, no allocation): every tensor must fit in the file.

    Garbage (random bytes, zeros, a truncated download) is refused here with a
    reason, before CTranslate2 is asked to allocate what the garbage claims.
    Format: CTranslate2's python/ctranslate2/specs/model_spec.py, binary versions 1-6.
    """
    import struct

    size = path.stat().st_size
    with open(path, "rb") as f:

        def take(fmt: str) -> tuple[Any, ...]:
            raw = f.read(struct.calcsize("<" + fmt))
            if len(raw) != struct.calcsize("<" + fmt):
                raise ValueError("model.bin is truncated")
            return struct.unpack("<" + fmt, raw)

        def string() -> str:
            (n,) = take("H")
            raw = f.read(n)
            if len(raw) != n or not raw.endswith(b"\0"):
                raise ValueError("model.bin has a malformed name")
            return raw[:-1].decode("utf-8")

        (version,) = take("I")
        if not 1 <= version <= 6:
            raise ValueError(f"model.bin has an unknown binary version {version} (not a CTranslate2 model?)")
        if version >= 2:
            spec = string()
            if not spec.isidentifier():
                raise ValueError(f"model.bin names an unknown model type {spec[:40]!r}")
            take("I")
        (count,) = take("I")
        if count == 0 or count > 1_000_000:
            raise ValueError(f"model.bin claims {count} tensors")
        for _ in range(count):
            name = string()
            (rank,) = take("B")
            dims = take("I" * rank) if rank else ()
            elements = 1
            for dim in dims:
                elements *= dim
            if version >= 4:
                dtype, nbytes = take("BI")
                item = _CT2_ITEM_SIZE.get(dtype)
                if item is None:
                    raise ValueError(f"model.bin: tensor {name!r} has an unknown type {dtype}")
            else:
                item, count_items = take("BI")
                nbytes = item * count_items
            if nbytes != elements * item or f.tell() + nbytes > size:
                raise ValueError(f"model.bin: tensor {name!r} does not fit in the file (corrupt or truncated)")
            f.seek(nbytes, os.SEEK_CUR)


def _check_model_loads(folder: Path, label: str) -> None:
    """CTranslate2 must load the model and decode one step, or the package is refused (exit 11)."""
    try:
        check_model_bin(folder / "model" / "model.bin")
    except (OSError, ValueError, UnicodeDecodeError) as err:
        raise ModelPackageError(f"{label}: the model does not load: {err}") from None
    try:
        import ctranslate2

        translator = ctranslate2.Translator(str(folder / "model"), device="cpu", inter_threads=1, intra_threads=1)
        translator.translate_batch([["▁"]], beam_size=1, max_decoding_length=2)
    except Exception as err:
        raise ModelPackageError(f"{label}: the model does not load in CTranslate2 ({short_error(err)})") from None


def validate_folder(folder: Path, label: str) -> dict[str, Any]:
    """Check an extracted package really is usable; return its metadata."""
    try:
        meta = read_metadata(folder)
    except ValueError as err:
        raise ModelPackageError(f"{label}: not an Argos package: {err}") from None
    if meta.get("type", "translate") != "translate":
        raise ModelPackageError(f"{label}: not a translation package (type {meta.get('type')!r})")
    for key in ("from_code", "to_code"):
        if not is_language_code(meta[key]):
            raise ModelPackageError(f"{label}: metadata.json has an invalid {key} {meta[key]!r}")
    config = folder / "model" / "config.json"
    if config.exists():  # absent in packages converted before CTranslate2 3.0
        try:
            with open(config, encoding="utf-8") as f:
                json.load(f)
        except (OSError, ValueError, RecursionError) as err:
            raise ModelPackageError(f"{label}: model/config.json is not valid JSON ({short_error(err)})") from None
    if (folder / "model" / "model.bin").stat().st_size == 0:
        raise ModelPackageError(f"{label}: model/model.bin is empty")
    sp_model = folder / "sentencepiece.model"
    if sp_model.is_file():
        import sentencepiece

        try:
            sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
        except Exception as err:
            raise ModelPackageError(f"{label}: sentencepiece.model does not load ({short_error(err)})") from None
    elif not (folder / "bpe.model").is_file() or (folder / "bpe.model").stat().st_size == 0:
        raise ModelPackageError(f"{label}: no usable tokenizer (sentencepiece.model or bpe.model)")
    _check_model_loads(folder, label)
    return meta


def short_error(err: BaseException) -> str:
    text = " ".join(str(err).split())
    if isinstance(err, RecursionError):
        return "nested too deeply"
    return (text[:200] + "…") if len(text) > 200 else (text or type(err).__name__)
