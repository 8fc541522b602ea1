"""The translation stage: picked sentences → every target language, offline.

Argos Translate packages are run directly with CTranslate2, mirroring
``argostranslate.translate.apply_packaged_translation`` but *without* its
sentence splitters (MiniSBD/Stanza download models at run time; our own
splitter already hands over whole sentences).  Each model gets all sentences
of a brief in one ``translate_batch`` call; a French→English intermediate is
computed once and reused for every target that pivots through English; loaded
models are cached per process.  Heavy imports happen inside functions so that
``summarize --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarize.errors import ModelMissingError, ModelPackageError, UsageError
from summarize.languages import is_code, unknown_code
from summarize.results import Translation

if TYPE_CHECKING:
    from summarize import store

DEVICES = ("cpu", "cuda")

#: Compute types used unless the caller asks for another: int8 is fast and
#: small on CPU; on GPU, int8 weights with float16 activations.
DEFAULT_COMPUTE_TYPES = {"cpu": "int8", "cuda": "int8_float16"}

#: Codes Argos uses that are not ISO 639 (Traditional Chinese, Brazilian Portuguese).
_ARGOS_CODES = frozenset({"zt", "pb"})


@dataclass(frozen=True)
class _Engine:
    """A loaded model: CTranslate2 translator plus the package's own tokenizer."""

    path: Path
    translator: Any
    tokenizer: Any
    target_prefix: str


def translate(
    sentences: Sequence[str],
    source: str,
    targets: Sequence[str],
    *,
    models_dir: Path | None = None,
    device: str = "cpu",
    threads: int = 1,
    beam_size: int = 4,
    compute_type: str | None = None,
) -> dict[str, Translation]:
    """Translate ``sentences`` from ``source`` into each target, one-to-one.

    Routes are direct or via English (see ``store.route``); every needed model
    is checked before anything is translated, so a missing pair fails fast with
    ``ModelMissingError`` naming the install command.  ``threads`` is
    CTranslate2's intra_threads: 1 by default, because one brief is a handful of
    sentences and more threads only add synchronisation (README, ``--threads``);
    0 lets CTranslate2 choose; ``compute_type`` overrides
    int8 (CPU) / int8_float16 (CUDA).  With no sentences, nothing is loaded.
    """
    from summarize import store

    check_options(device, threads, beam_size)
    texts = list(sentences)
    wanted = list(dict.fromkeys(targets))
    for code in (source, *wanted):
        if not is_code(code):
            raise unknown_code(code)

    needs_models = any(target != source for target in wanted)
    models = store.translation_models(store.list_models(models_dir, sizes=False)) if needs_models else {}
    routes: dict[str, list[str]] = {}
    for target in wanted:
        path = store.route(source, target, list(models))
        if path is None:
            _raise_missing(source, target, models)
        else:
            routes[target] = path

    # One translation per leg, shared between targets (fr→en feeds en→es, en→de and en itself).
    legs: dict[tuple[str, ...], list[str]] = {(source,): texts}
    results: dict[str, Translation] = {}
    kind = compute_type or DEFAULT_COMPUTE_TYPES[device]
    for target, path in routes.items():
        for i in range(1, len(path)):
            key = tuple(path[: i + 1])
            if key not in legs:
                model = models[(path[i - 1], path[i])]
                legs[key] = _translate_leg(legs[key[:-1]], model.path, device, threads, kind, beam_size)
        results[target] = Translation(target=target, route=list(path), sentences=list(legs[tuple(path)]))
    return results


def check_options(device: str = "cpu", threads: int = 1, beam_size: int = 4) -> None:
    """Refuse bad translation options before any work (the CLI and batch call it up front)."""
    if device not in DEVICES:
        raise UsageError(f"unknown device {device!r}: use cpu or cuda")
    if threads < 0:
        raise UsageError(f"threads must be 0 (automatic) or more, not {threads}")
    if beam_size < 1:
        raise UsageError(f"beam size must be 1 or more, not {beam_size}")


def _raise_missing(source: str, target: str, models: dict[tuple[str, str], store.InstalledModel]) -> None:
    """Say which code is unknown, or which pair is missing and how to install it."""
    from summarize import store

    for code in (source, target):
        if not _known_code(code, models):
            raise unknown_code(code)
    raise ModelMissingError(
        f"no translation model for {source}→{target} (direct or via English); "
        f"install one: {store.install_hint(source, target)}"
    )


def _known_code(code: str, models: dict[tuple[str, str], store.InstalledModel]) -> bool:
    """A code is known if a package uses it, Argos defines it, or ISO 639 lists it."""
    if code in _ARGOS_CODES or any(code in pair for pair in models):
        return True
    try:
        import pycountry
    except ImportError:  # without the table, trust the syntax check
        return True
    base = code.split("-")[0].split("_")[0]
    lookup = {"alpha_2": base} if len(base) == 2 else {"alpha_3": base}
    return pycountry.languages.get(**lookup) is not None


def _translate_leg(
    texts: list[str], path: Path, device: str, threads: int, compute_type: str, beam_size: int
) -> list[str]:
    """One model, one ``translate_batch`` call for all non-blank sentences."""
    todo = [i for i, text in enumerate(texts) if text.strip()]
    out = list(texts)
    if not todo:
        return out
    engine = _engine(path, device, threads, compute_type)
    tokens = [engine.tokenizer.encode(texts[i]) for i in todo]
    prefix = [[engine.target_prefix]] * len(tokens) if engine.target_prefix else None
    try:
        batches = engine.translator.translate_batch(
            tokens,
            target_prefix=prefix,
            replace_unknowns=True,
            beam_size=beam_size,
            num_hypotheses=1,
            length_penalty=0.2,
        )
    except (RuntimeError, ValueError) as err:
        raise ModelPackageError(f"translation model {path} failed: {err}") from None
    for i, batch in zip(todo, batches, strict=True):
        out[i] = _decode(engine, batch.hypotheses[0])
    return out


def _decode(engine: _Engine, tokens: list[str]) -> str:
    """Detokenize like Argos: drop the target prefix and the tokenizer's leading space."""
    value: str = engine.tokenizer.decode(tokens)
    if engine.target_prefix and value.startswith(engine.target_prefix):
        value = value[len(engine.target_prefix) :]
    if value.startswith(" "):
        value = value[1:]
    return value


def _engine(path: Path, device: str, threads: int, compute_type: str) -> _Engine:
    """Cached engine; the model file's identity is in the key so reinstalls reload."""
    try:
        st = (path / "model" / "model.bin").stat()
        stamp = (st.st_ino, st.st_mtime_ns)
    except OSError:
        stamp = (0, 0)
    return _load_engine(str(path), device, threads, compute_type, stamp)


@functools.lru_cache(maxsize=16)
def _load_engine(path: str, device: str, threads: int, compute_type: str, _stamp: tuple[int, int]) -> _Engine:
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
            compute_type=compute_type,
            inter_threads=1,
            intra_threads=threads,
        )
    except (RuntimeError, ValueError, OSError) as err:
        raise ModelPackageError(f"cannot load the translation model in {folder}: {_one_line(err)}") from None
    return _Engine(folder, translator, tokenizer, target_prefix)


def _load_tokenizer(folder: Path) -> tuple[Any, str]:
    """The package's tokenizer, loaded now (not lazily), and its target prefix.

    ``argostranslate.package.Package`` is what Argos itself uses; importing it
    runs argostranslate.settings, which may print to stdout (we send that to
    stderr) or fail on a read-only home — then the same tokenizer classes are
    built directly, exactly as ``Package.__init__`` chooses them.
    """
    try:
        with contextlib.redirect_stdout(sys.stderr):
            from argostranslate.package import Package
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
        raise ModelPackageError(f"cannot load the translation package {folder}: {_one_line(err)}") from None
    return tokenizer, prefix


def _direct_tokenizer(folder: Path, from_code: str, to_code: str) -> Any:
    from argostranslate.tokenizer import BPETokenizer, SentencePieceTokenizer

    if (folder / "sentencepiece.model").exists():
        return SentencePieceTokenizer(folder / "sentencepiece.model")
    if (folder / "bpe.model").exists():
        return BPETokenizer(folder / "bpe.model", from_code, to_code)
    raise ModelPackageError(f"cannot load the translation package {folder}: no sentencepiece.model or bpe.model")


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text or type(err).__name__


def clear_cache() -> None:
    """Forget loaded models (tests; long-running processes after an upgrade)."""
    _load_engine.cache_clear()


def cache_info() -> Any:
    """lru_cache statistics of loaded models (hits mean no reload)."""
    return _load_engine.cache_info()


__all__ = ["DEFAULT_COMPUTE_TYPES", "DEVICES", "cache_info", "clear_cache", "translate"]
