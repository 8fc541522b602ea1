"""Loaded models: a package's CTranslate2 translator and its own tokenizer, cached per process.

A package is loaded once per process (the model file's identity is in the cache
key, so a reinstall reloads; threads loading the same model wait for one
another); ctranslate2 and argostranslate are imported only here, when a model
is first needed.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarize.errors import ModelPackageError, UsageError


@dataclass(frozen=True)
class Engine:
    """A loaded model: CTranslate2 translator plus the package's own tokenizer."""

    path: Path
    translator: Any
    tokenizer: Any
    target_prefix: str


def decode(engine: Engine, tokens: list[str]) -> str:
    """Detokenize like Argos, but keep underscores: only SentencePiece's "▁" is a space.

    argostranslate's SentencePieceTokenizer.decode also replaces every "_",
    turning ``mon_rapport_2024.pdf`` or ``@jean_dupont`` into spaced words.
    """
    processor = getattr(engine.tokenizer, "lazy_processor", None)
    if processor is not None:
        value: str = processor().decode_pieces(tokens).replace("▁", " ")
    else:
        value = engine.tokenizer.decode(tokens)
    if engine.target_prefix and value.startswith(engine.target_prefix):
        value = value[len(engine.target_prefix) :]
    if value.startswith(" "):
        value = value[1:]
    return value


def engine(path: Path, device: str, threads: int, compute_type: str) -> Engine:
    """Cached engine; the model file's identity is in the key so reinstalls reload."""
    try:
        st = (path / "model" / "model.bin").stat()
        stamp = (st.st_ino, st.st_mtime_ns)
    except OSError:
        stamp = (0, 0)
    key = (str(path), device, threads, compute_type, stamp)
    with _LOCKS_LOCK:
        lock = _LOCKS.setdefault(key, threading.Lock())
    with lock:  # a model being loaded by another thread is waited for, not loaded twice
        return _load_engine(*key)


_LOCKS: dict[tuple[Any, ...], threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


@functools.lru_cache(maxsize=16)
def _load_engine(path: str, device: str, threads: int, compute_type: str, _stamp: tuple[int, int]) -> Engine:
    """Load the package's tokenizer and CTranslate2 model once per process."""
    folder = Path(path)
    tokenizer, target_prefix = _load_tokenizer(folder)
    import ctranslate2

    if device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
        raise UsageError("device cuda: CTranslate2 sees no CUDA device; use --device cpu")
    try:
        translator = ctranslate2.Translator(
            str(folder / "model"),
            device=device,
            compute_type="default" if compute_type == "auto" else compute_type,
            inter_threads=1,
            intra_threads=threads,
        )
    except Exception as err:  # garbage weights raise anything from RuntimeError to IndexError
        raise ModelPackageError(f"cannot load the translation model in {folder}: {one_line(err)}") from None
    return Engine(folder, translator, tokenizer, target_prefix)


def _load_tokenizer(folder: Path) -> tuple[Any, str]:
    """The package's tokenizer, loaded now (not lazily), and its target prefix.

    ``argostranslate.package.Package`` is what Argos itself uses; importing it
    runs argostranslate.settings, which may print to stdout (we send that to
    stderr) or fail on a read-only home — then the same tokenizer classes are
    built directly, exactly as ``Package.__init__`` chooses them.
    """
    try:
        Package = _package_class()
    except Exception:
        Package = None
    try:
        if Package is not None:
            pkg = Package(folder)
            tokenizer = getattr(pkg, "tokenizer", None)
            prefix = str(pkg.target_prefix or "")
            from_code, to_code = pkg.from_code, pkg.to_code
        else:
            from summarize import store

            meta = store.read_metadata(folder)
            tokenizer, prefix = None, str(meta.get("target_prefix", "") or "")
            from_code, to_code = meta["from_code"], meta["to_code"]
        if tokenizer is None:
            tokenizer = _direct_tokenizer(folder, from_code, to_code)
        # Load the processor now: a later reinstall may delete these files.
        if hasattr(tokenizer, "lazy_processor"):
            tokenizer.lazy_processor()
        elif hasattr(tokenizer, "lazy_load"):
            tokenizer.lazy_load()
    except ModelPackageError:
        raise
    except Exception as err:
        raise ModelPackageError(f"cannot load the translation package {folder}: {one_line(err)}") from None
    return tokenizer, prefix


def _package_class() -> Any:
    """argostranslate's ``Package``, first imported with stdout sent to stderr.

    ``redirect_stdout`` swaps the process-wide ``sys.stdout``: threads loading
    models side by side would restore each other's swap (leaving stdout on
    stderr), so the import is done once, under a lock.
    """
    with _IMPORT_LOCK:
        if "argostranslate.package" not in sys.modules:
            with contextlib.redirect_stdout(sys.stderr):
                import argostranslate.package  # noqa: F401
        from argostranslate.package import Package
    return Package


_IMPORT_LOCK = threading.Lock()


def _direct_tokenizer(folder: Path, from_code: str, to_code: str) -> Any:
    from argostranslate.tokenizer import BPETokenizer, SentencePieceTokenizer

    if (folder / "sentencepiece.model").exists():
        return SentencePieceTokenizer(folder / "sentencepiece.model")
    if (folder / "bpe.model").exists():
        return BPETokenizer(folder / "bpe.model", from_code, to_code)
    raise ModelPackageError(f"cannot load the translation package {folder}: no sentencepiece.model or bpe.model")


def one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text or type(err).__name__


def clear_cache() -> None:
    """Forget loaded models (tests; long-running processes after an upgrade)."""
    _load_engine.cache_clear()


def cache_info() -> Any:
    """lru_cache statistics of loaded models (hits mean no reload)."""
    return _load_engine.cache_info()
