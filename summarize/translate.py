"""The translation stage: picked sentences → every target language, offline.

Argos Translate packages are run directly with CTranslate2, mirroring
``argostranslate.translate.apply_packaged_translation`` but *without* its
sentence splitters (MiniSBD/Stanza download models at run time; our own
splitter already hands over whole sentences), and more faithfully: only
SentencePiece's "▁" becomes a space (Argos also turns every "_" into one), an
over-long sentence is translated in clause-sized parts and joined instead of
being cut at CTranslate2's input/output limits, and the compute type is the
package's own unless ``ARGOS_COMPUTE_TYPE`` says otherwise (as in Argos).  Each model gets all sentences
of a brief in one ``translate_batch`` call; a French→English intermediate is
computed once and reused for every target that pivots through English; loaded
models are cached per process.  Heavy imports happen inside functions so that
``summarize --help`` stays fast.
"""

from __future__ import annotations

import functools
import numbers
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from summarize.engines import (
    Engine,
    cache_info,
    clear_cache,
    cores_in_use,
    decode,
    engine,
    in_background,
    one_line,
    preload,
    use_cores,
    warm,
)
from summarize.errors import ConfigError, ModelMissingError, ModelPackageError, UsageError
from summarize.languages import is_code, unknown_code
from summarize.results import Translation

if TYPE_CHECKING:
    from summarize import store
    from summarize.memory import Memory

DEVICES = ("cpu", "cuda")

#: Part of the translation memory's key: bump it when this module's output changes for the same
#: model and options (how sentences are cut or decoded), so that remembered translations are not served.
OUTPUT_VERSION = "1"

_T = TypeVar("_T")

#: Legs of one depth run side by side (en→es and en→de after fr→en), at most this many at once.
MAX_PARALLEL_LEGS = 4

#: "auto" runs each package in the type it was converted to (CTranslate2's
#: "default"), as argostranslate does when ARGOS_COMPUTE_TYPE is unset or auto.
COMPUTE_TYPES = (
    "auto",
    "default",
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
DEFAULT_COMPUTE_TYPE = "auto"

#: Argos's default beam (settings.py: ARGOS_BEAM_SIZE).
DEFAULT_BEAM_SIZE = 4

#: Longest input (in the package's tokens) translated in one piece; longer
#: sentences are cut at clause boundaries.  CTranslate2 silently truncates
#: inputs at 1024 tokens, and Argos models were trained on sentences well
#: under 200 tokens.
MAX_SOURCE_TOKENS = 150

#: Boundaries an over-long sentence is cut at, strongest first.  Glued
#: sentences (scraped text) are translated one by one, like Argos's own
#: sentencizer would; weaker boundaries group clauses up to the limit.
_BOUNDARIES: tuple[tuple[re.Pattern[str], bool], ...] = (
    (re.compile(r"(?<=[.!?…。！？])\s+"), False),
    (re.compile(r"(?<=[;:])\s+"), True),
    (re.compile(r"(?<=[,،、，])\s+"), True),
    (re.compile(r"\s+(?=[–—-]\s)"), True),
    (re.compile(r"\s+"), True),
)

#: Targets written without spaces between sentences.
_NO_SPACE_TARGETS = frozenset({"zh", "zt", "ja", "th", "lo", "km", "my"})

#: Codes Argos uses that are not ISO 639 (Traditional Chinese, Brazilian Portuguese).
_ARGOS_CODES = frozenset({"zt", "pb"})


def translate(
    sentences: Sequence[str],
    source: str,
    targets: str | Sequence[str],
    *,
    models_dir: Path | None = None,
    device: str = "cpu",
    threads: int = 1,
    beam_size: int | None = None,
    compute_type: str | None = None,
    memory: Memory | None = None,
) -> dict[str, Translation]:
    """Translate ``sentences`` from ``source`` into each target, one-to-one.

    Routes are direct or via English (see ``store.route``); every needed model
    is checked before anything is translated, so a missing pair fails fast with
    ``ModelMissingError`` naming the install command.  ``threads`` is
    CTranslate2's intra_threads: 1 by default, because one brief is a handful of
    sentences and more threads only add synchronisation (README, ``--threads``);
    0 lets CTranslate2 choose.  ``beam_size`` and ``compute_type`` default to
    ARGOS_BEAM_SIZE / ARGOS_COMPUTE_TYPE (environment or Argos's settings.json),
    else 4 and "auto" (the package's own type).  Language codes are matched to
    packages with ``store.model_codes`` (no→nb, zh-tw→zt, pt↔pb, zh↔zt); Chinese written in
    Traditional characters goes to a zt package (``detect.chinese_script``).
    With no sentences, nothing is loaded.
    ``memory`` (a ``summarize.memory.Memory``) serves sentences it already knows
    and learns the others; a model is loaded only if some sentence is new.
    ``targets`` may also be one string, as ``--to`` takes it (``"en"``, ``"en,es"``).
    """
    if isinstance(sentences, str):
        raise TypeError("sentences must be a list of sentences, not one str: translate([text], source, targets)")
    if isinstance(targets, str):  # as --to takes them (not options.parse_targets: options imports this module)
        targets = [code for code in (part.strip() for part in targets.split(",")) if code and code.lower() != "none"]
    beam_size = beam_size if beam_size is not None else beam_size_setting()[0]
    kind = compute_type_setting(compute_type)[0]
    check_options(device, threads, beam_size)
    texts = list(sentences)
    routes, steps = _plan(_script(source, texts), targets, models_dir)
    if memory is None and any(text.strip() for text in texts):
        # The later legs' models (en→es, en→de) load on the other core while fr→en translates;
        # the first legs' load on the threads that translate them, which need them at once.
        preload(_in_order({key: path for key, path in steps.items() if len(key) > 2}), device, threads, kind)
    legs: dict[tuple[str, ...], list[str]] = {(path[0],): texts for path in routes.values()}
    # Legs of one depth (en→es, en→de after fr→en) are independent: run them side by side;
    # a leg alone (fr→en) may split its sentences over the cores (engines.use_cores).
    for depth in sorted({len(key) for key in steps}):
        level = [key for key in steps if len(key) == depth]
        calls = [
            functools.partial(
                _remembered_leg,
                memory,
                legs[key[:-1]],
                steps[key],
                functools.partial(
                    _translate_leg,
                    path=steps[key],
                    device=device,
                    threads=threads,
                    compute_type=kind,
                    beam_size=beam_size,
                    target=key[-1],
                    alone=len(level) == 1,
                ),
                {"beam_size": beam_size, "compute_type": kind, "device": device},
            )
            for key in level
        ]
        legs.update(zip(level, _parallel(calls), strict=True))
    return {
        target: Translation(target=target, route=list(path), sentences=list(legs[tuple(path)]))
        for target, path in routes.items()
    }


def prefetch(
    source: str | None,
    targets: Sequence[str],
    *,
    models_dir: Path | None = None,
    device: str = "cpu",
    threads: int = 1,
    compute_type: str | None = None,
    surely: bool = True,
) -> None:
    """Start loading, on a background thread, the models ``translate`` will need for ``source`` → ``targets``.

    ``brief`` calls it before reading the article, so that the loads overlap
    reading, language detection and ranking (CTranslate2 and SentencePiece
    load without the GIL); ``translate`` then finds the models loaded, or
    waits for the load under way.  With ``source`` None (not known yet), the
    source is guessed from the store: the one language, other than the
    targets, that the installed models translate into every target (a
    newsroom with fr→en, en→es and en→de installed briefs French copy);
    with none or several, nothing is loaded.  Only in a process that has
    cores to spare (``use_cores``, as the ``summarize`` command says): a
    batch worker, one per core, would gain nothing (and a model loaded on
    another thread lands in that thread's malloc arena).  When
    the models will ``surely`` be needed (no translation memory), the store
    is listed and the libraries imported here, on the caller's thread: that
    work holds the GIL wherever it runs, and done first it lets the load
    start at once (~20 ms sooner).  Otherwise the memory may serve every
    sentence, and all of it runs on the background thread, where it delays
    such a brief least (~15 ms against ~50 ms).  Only a head start: a bad
    setting, a missing or broken model is reported by ``translate`` exactly
    as without it.
    """
    wanted = list(targets)
    if cores_in_use() < 2 or (source is not None and all(target == source for target in wanted)):
        return

    def plan() -> list[Path]:
        check_options(device, threads)
        start = source if source is not None else _likely_source(wanted, models_dir)
        return [] if start is None else _in_order(_plan(start, wanted, models_dir)[1])

    if surely:
        try:
            kind = compute_type_setting(compute_type)[0]
            paths = plan()
        except Exception:  # translate reports it
            return
        preload(paths, device, threads, kind)
    else:
        in_background(lambda: warm(plan(), device, threads, compute_type_setting(compute_type)[0]))


def _likely_source(targets: list[str], models_dir: Path | None) -> str | None:
    """The one language, other than the targets, that the installed models route into every target."""
    from summarize import store

    pairs = list(store.translation_models(store.list_models(models_dir, sizes=False)))
    sources = {source for source, _ in pairs} - set(targets)
    fits = [code for code in sources if all(store.route(code, target, pairs) for target in targets)]
    return fits[0] if len(fits) == 1 else None


def _in_order(steps: dict[tuple[str, ...], Path]) -> list[Path]:
    """The legs' models, first legs first (the order they are needed in)."""
    return [steps[key] for key in sorted(steps, key=len)]


def _script(source: str, texts: Sequence[str]) -> str:
    """Chinese in Traditional characters is ``zh-tw`` (Argos zt), in Simplified ``zh``: the packages differ."""
    from summarize import store

    if store.argos_code(source).lower() != "zh":  # zh, zh-cn, zh-Hans
        return source
    from summarize.detect import chinese_script

    return chinese_script(" ".join(texts))


def _plan(
    source: str, targets: Sequence[str], models_dir: Path | None
) -> tuple[dict[str, list[str]], dict[tuple[str, ...], Path]]:
    """Each target's route, and each leg of them (keyed by its route so far) with its model's folder.

    A route starts at the package's code for the source (no → nb), so legs are keyed by it;
    fr→en is one leg however many targets pivot through English.
    """
    from summarize import store

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
            _raise_missing(source, target, models, models_dir)
        else:
            routes[target] = path
    steps: dict[tuple[str, ...], Path] = {}
    for path in routes.values():
        for i in range(1, len(path)):
            steps.setdefault(tuple(path[: i + 1]), models[(path[i - 1], path[i])].path)
    return routes, steps


def _parallel(calls: Sequence[Callable[[], _T]]) -> list[_T]:
    """Run ``calls`` on a few threads (CTranslate2 and model loading release the GIL); results in order.

    The first failing call, in order, raises its error, as running them one by one would.
    """
    if len(calls) < 2:
        return [call() for call in calls]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(len(calls), MAX_PARALLEL_LEGS)) as pool:
        futures = [pool.submit(call) for call in calls]
        return [future.result() for future in futures]


def check_options(device: str = "cpu", threads: int = 1, beam_size: int | None = None) -> None:
    """Refuse bad translation options before any work (the CLI and batch call it up front)."""
    if device not in DEVICES:
        raise UsageError(f"unknown device {device!r}: use cpu or cuda")
    if isinstance(threads, bool) or not isinstance(threads, numbers.Integral):
        raise UsageError(f"threads must be a whole number, 0 (automatic) or more, not {threads!r}")
    if threads < 0:
        raise UsageError(f"threads must be 0 (automatic) or more, not {threads}")
    if beam_size is not None and beam_size < 1:
        raise UsageError(f"beam size must be 1 or more, not {beam_size}")


def compute_type_setting(explicit: str | None = None) -> tuple[str, str]:
    """(compute type, where it came from): ``explicit``, else ARGOS_COMPUTE_TYPE, else "auto"."""
    from summarize import store

    if explicit is not None:
        value, origin = explicit, "option"
    else:
        found, origin = store.get_setting("ARGOS_COMPUTE_TYPE")
        value = found if found else DEFAULT_COMPUTE_TYPE
    value = value.strip().lower()
    if value not in COMPUTE_TYPES:
        message = f"unknown compute type {value!r} ({origin}): use one of {', '.join(COMPUTE_TYPES)}"
        raise UsageError(message) if explicit is not None else ConfigError(message)
    return value, origin


def beam_size_setting() -> tuple[int, str]:
    """(beam size, where it came from): ARGOS_BEAM_SIZE, else Argos's default of 4."""
    from summarize import store

    found, origin = store.get_setting("ARGOS_BEAM_SIZE")
    if not found:
        return DEFAULT_BEAM_SIZE, "default"
    try:
        value = int(found)
    except ValueError:
        value = 0
    if not 1 <= value <= 64:
        raise ConfigError(f"ARGOS_BEAM_SIZE ({origin}) must be a whole number from 1 to 64, not {found!r}")
    return value, origin


def split_long(text: str, count: Any, limit: int = MAX_SOURCE_TOKENS) -> list[str]:
    """Cut ``text`` into parts of at most ``limit`` tokens (``count(part)``) at clause boundaries.

    Nothing is dropped: joining the parts with single spaces gives ``text``
    back (up to runs of whitespace).  A single word longer than the limit
    stays whole (CTranslate2 is then told not to truncate).
    """
    if count(text) <= limit:
        return [text]
    for pattern, group in _BOUNDARIES:
        parts = [p for p in pattern.split(text.strip()) if p]
        if len(parts) < 2:
            continue
        out: list[str] = []
        if not group:
            for part in parts:
                out.extend(split_long(part, count, limit))
            return out
        current, size = "", 0
        for part in parts:
            n = count(part)
            if current and size + n > limit:
                out.extend(split_long(current, count, limit))
                current, size = part, n
            else:
                current, size = (f"{current} {part}" if current else part), size + n
        out.extend(split_long(current, count, limit))
        return out
    return [text]


def _raise_missing(
    source: str, target: str, models: dict[tuple[str, str], store.InstalledModel], models_dir: Path | None = None
) -> None:
    """Say which code is unknown, or which pair is missing and how to install it.

    Broken folders in the store (unreadable metadata.json ...) are skipped
    when models are listed; the message says so, since one may be the model
    the user thinks is installed.
    """
    from summarize import store

    for code in (source, target):
        if not _known_code(code, models):
            raise unknown_code(code)
    broken = sum(
        1
        for folder in store.package_dirs(models_dir)
        for problem in store.scan_folder(folder).problems
        if "not a usable package" in problem
    )
    note = f"; {broken} folder(s) in the store are not usable packages (see summarize doctor)" if broken else ""
    raise ModelMissingError(
        f"no translation model for {source}→{target} (direct or via English); "
        f"install one: {store.install_hint(source, target)}{note}"
    )


def _known_code(code: str, models: dict[tuple[str, str], store.InstalledModel]) -> bool:
    """A code is known if a package uses it, Argos defines it, or ISO 639 lists it."""
    from summarize import store

    if code in _ARGOS_CODES or any(c in pair for pair in models for c in store.model_codes(code)):
        return True
    try:
        import pycountry
    except ImportError:  # without the table, trust the syntax check
        return True
    base = code.split("-")[0].split("_")[0]
    lookup = {"alpha_2": base} if len(base) == 2 else {"alpha_3": base}
    return pycountry.languages.get(**lookup) is not None


def _remembered_leg(
    memory: Memory | None,
    texts: list[str],
    path: Path,
    leg: Callable[[list[str]], list[str]],
    decoding: dict[str, Any],
) -> list[str]:
    """``leg`` (``_translate_leg`` on the model in ``path``) through the translation memory, if any.

    Entries are keyed by the model's files and the ``decoding`` options.
    """
    if memory is None:
        return leg(texts)
    from summarize.memory import options_key

    options = options_key(**decoding, length_penalty=0.2, code=OUTPUT_VERSION)
    return memory.translate(texts, memory.model_key(path), options, leg)


def _translate_leg(
    texts: list[str],
    path: Path,
    device: str,
    threads: int,
    compute_type: str,
    beam_size: int,
    target: str = "",
    alone: bool = False,
) -> list[str]:
    """One model, one ``translate_batch`` call for all non-blank sentences (long ones in parts).

    A leg running ``alone`` on a model with several replicas (``engines.use_cores``) makes one call
    per replica instead, each with a group of the sentences, side by side.
    """
    todo = [i for i, text in enumerate(texts) if text.strip()]
    out = list(texts)
    if not todo:
        return out
    loaded = engine(path, device, threads, compute_type)
    try:
        pieces: list[list[str]] = []
        tokens: list[list[str]] = []
        for i in todo:
            whole = loaded.tokenizer.encode(texts[i])
            if len(whole) <= MAX_SOURCE_TOKENS:  # the usual case: tokenized once
                pieces.append([texts[i]])
                tokens.append(whole)
                continue
            parts = split_long(texts[i], lambda part: len(loaded.tokenizer.encode(part)))
            pieces.append(parts)
            tokens.extend(loaded.tokenizer.encode(part) for part in parts)
    except Exception as err:
        raise ModelPackageError(f"the tokenizer of {path} failed: {one_line(err)}") from None
    groups = _groups(tokens, loaded.workers if alone else 1)
    try:
        results = _parallel(
            [functools.partial(_decode_batch, loaded, [tokens[i] for i in g], beam_size) for g in groups]
        )
    except Exception as err:
        raise ModelPackageError(f"translation model {path} failed: {one_line(err)}") from None
    ordered = [""] * len(tokens)
    for group, result in zip(groups, results, strict=True):
        for i, text in zip(group, result, strict=True):
            ordered[i] = text
    decoded = iter(ordered)
    glue = "" if target.split("-")[0] in _NO_SPACE_TARGETS else " "
    for i, parts in zip(todo, pieces, strict=True):
        out[i] = glue.join(next(decoded) for _ in parts)
    return out


def _decode_batch(loaded: Engine, tokens: list[list[str]], beam_size: int) -> list[str]:
    """One ``translate_batch`` call, with Argos's decoding options, detokenized."""
    prefix = [[loaded.target_prefix]] * len(tokens) if loaded.target_prefix else None
    longest = max(len(t) for t in tokens)
    batches = loaded.translator.translate_batch(
        tokens,
        target_prefix=prefix,
        replace_unknowns=True,
        beam_size=beam_size,
        num_hypotheses=1,
        length_penalty=0.2,
        # Never cut: no input truncation, and room for an output much longer than the input.
        max_input_length=0,
        max_decoding_length=3 * longest + 16,
    )
    return [decode(loaded, batch.hypotheses[0]) for batch in batches]


def _groups(tokens: list[list[str]], count: int) -> list[list[int]]:
    """The sentences' positions in at most ``count`` groups of about the same number of tokens.

    Longest first, each to the lightest group so far: the groups then decode
    in about the same time, and sentences of like length share a batch (less
    padding).  With ``count`` 1, one group in the original order.
    """
    count = max(1, min(count, len(tokens)))
    groups: list[list[int]] = [[] for _ in range(count)]
    sizes = [0] * count
    for i in sorted(range(len(tokens)), key=lambda i: -len(tokens[i])):
        lightest = min(range(count), key=sizes.__getitem__)
        groups[lightest].append(i)
        sizes[lightest] += len(tokens[i])
    return [sorted(group) for group in groups]


__all__ = [
    "COMPUTE_TYPES",
    "DEVICES",
    "beam_size_setting",
    "cache_info",
    "clear_cache",
    "compute_type_setting",
    "prefetch",
    "split_long",
    "translate",
    "use_cores",
]
