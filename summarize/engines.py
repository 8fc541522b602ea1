"""Loaded models: a package's CTranslate2 translator and its own tokenizer, cached per process.

A package is loaded once per process (the model file's identity is in the cache
key, so a reinstall reloads; threads loading the same model wait for one
another); ctranslate2 and argostranslate are imported only here, when a model
is first needed.  ``preload`` loads models on a background thread while the
caller does other work: CTranslate2 and SentencePiece read their files without
holding the GIL, so a load overlaps reading and ranking the article.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from summarize.errors import ModelPackageError, UsageError


@dataclass(frozen=True)
class Engine:
    """A loaded model: CTranslate2 translator plus the package's own tokenizer."""

    path: Path
    translator: Any
    tokenizer: Any
    target_prefix: str
    #: CTranslate2 replicas (``inter_threads``): groups of sentences one call can translate side by side
    workers: int = 1


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
    key = _key(path, device, threads, compute_type)
    with _lock(key):  # a model being loaded by another thread is waited for, not loaded twice
        return _load_engine(*key)


def preload(paths: Sequence[Path], device: str, threads: int, compute_type: str) -> None:
    """Start loading these models, in this order, on a background thread; return at once (``_warm``).

    CTranslate2 and the tokenizers are imported first, here: an import holds
    the GIL wherever it runs, and done on the caller's thread it does not hold
    up the load, which then runs without the GIL while the caller goes on.
    """
    keys = _keys(paths, device, threads, compute_type)
    with _LOCKS_LOCK:
        if all(key in _LOADED for key in keys):
            return
    with contextlib.suppress(Exception):  # a broken install is reported by the load that needs it
        import argostranslate.tokenizer  # noqa: F401
        import ctranslate2  # noqa: F401
    in_background(functools.partial(_warm, keys))


def warm(paths: Sequence[Path], device: str, threads: int, compute_type: str) -> None:
    """Load these models one after the other, now, never raising (``_warm``)."""
    _warm(_keys(paths, device, threads, compute_type))


def _warm(keys: list[tuple[Any, ...]]) -> None:
    """Load these models one after the other, never raising.

    One at a time, so that the first leg's model is ready as soon as possible
    (loads side by side would share the cores); a model another thread is
    loading is waited for, one already loaded costs nothing.  A model that
    fails to load is left for ``engine`` to load again and report, so errors
    and exit codes are the same as without a head start.
    """
    for key in keys:
        with _lock(key), contextlib.suppress(Exception):  # reported by the engine() call that needs the model
            _load_engine(*key)


def _warm_up(translator: Any) -> None:
    """One tiny throw-away translation after the process's first model load.

    CTranslate2's first ``translate_batch`` in a process generates its CPU
    kernels (oneDNN's JIT, ~35 ms whatever the input and the model), and every
    model after it finds them: done at load time, on a background load, it
    overlaps the article's ranking instead of delaying its translation (and
    costs a foreground load nothing, the first translation being that much
    quicker).  Only with cores to spare (``use_cores``).  A failure is left for
    the real translation to report.
    """
    with _LOCKS_LOCK:
        if _WARMED or _CORES[0] < 2:  # one core a process (batch workers): nothing to overlap
            return
        _WARMED.append(True)
    with contextlib.suppress(Exception):
        translator.translate_batch([["a"]], beam_size=1, max_decoding_length=2)


def in_background(work: Callable[[], object]) -> None:
    """Run ``work`` on a thread of its own and return at once; what it raises is dropped (head starts only).

    The thread is not a daemon: an interpreter that exits waits for a load
    under way rather than tearing CTranslate2 down in the middle of it
    (``summarize`` itself leaves with ``os._exit``). ``clear_cache`` waits for it too.
    """

    def run() -> None:
        with contextlib.suppress(Exception):
            work()

    thread = threading.Thread(target=run, name="summarize-preload")
    with _LOCKS_LOCK:
        _PRELOADS[:] = [*(t for t in _PRELOADS if t.is_alive()), thread]
    thread.start()


def _keys(paths: Sequence[Path], device: str, threads: int, compute_type: str) -> list[tuple[Any, ...]]:
    """The cache keys of these models, each once, in order."""
    return list(dict.fromkeys(_key(path, device, threads, compute_type) for path in paths))


def _key(path: Path, device: str, threads: int, compute_type: str) -> tuple[Any, ...]:
    try:
        st = (path / "model" / "model.bin").stat()
        stamp = (st.st_ino, st.st_mtime_ns)
    except OSError:
        stamp = (0, 0)
    workers = _CORES[0] if device == "cpu" and threads == 1 else 1
    return (str(path), device, threads, compute_type, workers, stamp)


def use_cores(cores: int | None = None) -> None:
    """Let one translation call use up to ``cores`` CPU cores (None: this machine's), for models loaded from now on.

    For a process that briefs one article at a time (the ``summarize``
    command, or a script): a model then gets that many CTranslate2 replicas
    (on the CPU they share the weights: no more memory), a leg that translates
    alone splits its sentences into as many groups, translated side by side
    (``translate``), and ``brief`` loads its models in the background while it
    reads the article (``translate.prefetch``).  The library's default of 1
    leaves the cores to the caller (batch workers run one per core).  The
    split only with one thread per call (``threads`` 1, the default) and on
    the CPU.
    """
    import os

    if cores is None:
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cores = os.cpu_count() or 1
    _CORES[0] = max(1, cores)


def cores_in_use() -> int:
    """What ``use_cores`` set: 1 (one thread per translation call, no background loads) unless a command said."""
    return _CORES[0]


#: What ``use_cores`` set.
_CORES = [1]


def _lock(key: tuple[Any, ...]) -> threading.Lock:
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(key, threading.Lock())


_LOCKS: dict[tuple[Any, ...], threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()
#: Keys loaded at least once (``preload`` skips them); background loads started, for ``clear_cache``.
_LOADED: set[tuple[Any, ...]] = set()
_PRELOADS: list[threading.Thread] = []
_WARMED: list[bool] = []


@functools.lru_cache(maxsize=16)
def _load_engine(
    path: str, device: str, threads: int, compute_type: str, workers: int, _stamp: tuple[int, int]
) -> Engine:
    """Load the package's tokenizer and CTranslate2 model once per process, side by side.

    With cores to spare (``use_cores``), the tokenizer loads on a thread of its
    own while CTranslate2 loads the model (both read their files without the
    GIL); a tokenizer error is reported first, as when they load one after the other.
    """
    folder = Path(path)
    tokenizer: list[tuple[Any, str] | Exception] = []

    def load_tokenizer() -> None:
        try:
            tokenizer.append(_load_tokenizer(folder))
        except Exception as err:  # re-raised below, on the caller's thread
            tokenizer.append(err)

    side = threading.Thread(target=load_tokenizer, name="summarize-tokenizer")
    if _CORES[0] > 1:
        side.start()
    else:  # one core a process (batch workers): nothing to overlap, no second thread
        side.run()
    try:
        translator: Any = _load_translator(folder, device, threads, compute_type, workers)
    except (ModelPackageError, UsageError) as err:
        translator = err
    if side.is_alive():
        side.join()
    for result in (tokenizer[0], translator):
        if isinstance(result, Exception):
            raise result
    processor, target_prefix = cast(tuple[Any, str], tokenizer[0])
    with _LOCKS_LOCK:
        _LOADED.add((path, device, threads, compute_type, workers, _stamp))
    return Engine(folder, translator, processor, target_prefix, workers)


def _load_translator(folder: Path, device: str, threads: int, compute_type: str, workers: int) -> Any:
    """The package's CTranslate2 model, warmed up if it is the process's first (``_warm_up``)."""
    import ctranslate2

    if device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
        raise UsageError("device cuda: CTranslate2 sees no CUDA device; use --device cpu")
    try:
        translator = ctranslate2.Translator(
            str(folder / "model"),
            device=device,
            compute_type="default" if compute_type == "auto" else compute_type,
            inter_threads=workers,
            intra_threads=threads,
        )
    except Exception as err:  # garbage weights raise anything from RuntimeError to IndexError
        raise ModelPackageError(f"cannot load the translation model in {folder}: {one_line(err)}") from None
    _warm_up(translator)
    return translator


def _load_tokenizer(folder: Path) -> tuple[Any, str]:
    """The package's tokenizer, loaded now (not lazily), and its target prefix.

    argostranslate's own tokenizer classes, chosen exactly as
    ``argostranslate.package.Package.__init__`` chooses them (SentencePiece if
    the package has ``sentencepiece.model``, else Moses + BPE), but without
    importing ``argostranslate.package``: that runs argostranslate.settings,
    which makes folders in the home, may print to stdout and imports the
    network stack (~10 ms of start-up) for nothing a translation needs.
    """
    from summarize import store

    try:
        meta = store.read_metadata(folder)
        tokenizer = _direct_tokenizer(folder, meta["from_code"], meta["to_code"])
        # Load the processor now: a later reinstall may delete these files.
        if hasattr(tokenizer, "lazy_processor"):
            tokenizer.lazy_processor()
        elif hasattr(tokenizer, "lazy_load"):
            tokenizer.lazy_load()
    except ModelPackageError:
        raise
    except Exception as err:
        raise ModelPackageError(f"cannot load the translation package {folder}: {one_line(err)}") from None
    return tokenizer, str(meta.get("target_prefix", "") or "")


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


def join_background() -> None:
    """Wait for the background loads under way (``preload``) to end."""
    with _LOCKS_LOCK:
        running, _PRELOADS[:] = list(_PRELOADS), []
    for thread in running:
        thread.join()


def clear_cache() -> None:
    """Forget loaded models (tests; long-running processes after an upgrade), after any background load ends."""
    join_background()
    _load_engine.cache_clear()
    with _LOCKS_LOCK:
        _LOADED.clear()


def cache_info() -> Any:
    """lru_cache statistics of loaded models (hits mean no reload)."""
    return _load_engine.cache_info()
