"""The translation model store, shared with Argos Translate.

Installed packages live exactly where ``argospm`` and LibreTranslate put them,
so models a newsroom already has just work, and ours are visible to them.  The
folder is resolved here with the same rules as ``argostranslate/settings.py``
*without importing it*: that module creates folders and may print to stdout
at import time, which ``summarize models list`` must not do.

Installing is atomic: a package is extracted into a unique temporary folder in
a hidden sibling of the store (same file system: ``staging_dir``), checked
(sizes before extracting, then that CTranslate2 loads the model), then renamed
into place under a lock file.  The store itself only ever holds complete
packages, because argostranslate and LibreTranslate load every sub-folder of
it.  Only ``install_from_index``, ``read_index`` and ``available`` may use the
network, with timeouts and an overall deadline; a mirror folder or file works
with no network at all.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import zipfile

from summarize.errors import ConfigError, ModelMissingError, ModelPackageError, NetworkError
from summarize.languages import is_code as is_language_code

#: Language used as a pivot when no direct model exists (as Argos does).
PIVOT = "en"

#: Argos Translate's default package index (settings.py: ``package_index``).
DEFAULT_PACKAGE_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"

#: Seconds to wait for the package index or a download before giving up.
DEFAULT_TIMEOUT = 10.0

#: Prefixes of our own work folders inside the store (hidden: skipped by listings).
TMP_PREFIX = ".tmp-"
OLD_PREFIX = ".old-"
LOCK_NAME = ".summarize.lock"

#: The staging folder is a hidden sibling of the store: ``.packages-staging``.
STAGING_SUFFIX = "-staging"

#: Leftover work folders older than this (from a killed install) are swept.
STALE_SECONDS = 3600.0

# --------------------------------------------------------------------------
# Where the store is


@dataclass(frozen=True)
class StoreLocation:
    """The resolved store folder, and why it is that one (for ``summarize doctor``)."""

    path: Path
    origin: str
    settings_file: Path
    extra_dirs: tuple[Path, ...] = ()
    problems: tuple[str, ...] = ()


def _home() -> Path:
    """Argos's notion of home: ``$SNAP_USER_DATA`` inside a snap."""
    if "SNAP" in os.environ:
        return Path(os.environ["SNAP_USER_DATA"])
    return Path.home()


def argos_settings_file() -> Path:
    """Argos Translate's settings file, which may name the store."""
    config_dir = Path(os.getenv("XDG_CONFIG_HOME", default=str(_home() / ".config")))
    return config_dir / "argos-translate" / "settings.json"


def _data_dir() -> Path:
    data = Path(os.getenv("XDG_DATA_HOME", default=str(_home() / ".local" / "share")))
    return data / "argos-translate"


def _load_settings(settings_file: Path) -> tuple[dict[str, Any], str | None]:
    """Read settings.json like Argos does (a bad file counts as empty), plus the problem."""
    if not settings_file.exists():
        return {}, None
    try:
        with open(settings_file, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as err:
        return {}, f"{settings_file} is unreadable and ignored ({err})"
    if not isinstance(data, dict):
        return {}, f"{settings_file} does not contain a JSON object (Argos Translate will fail on it)"
    return data, None


def _get_setting(key: str, default: str | None = None) -> tuple[str | None, str]:
    """Environment first, then settings.json, then the default; returns (value, origin)."""
    settings_file = argos_settings_file()
    from_env = os.getenv(key)
    if from_env is not None:
        return from_env, f"{key} environment variable"
    settings, _ = _load_settings(settings_file)
    from_file = settings.get(key)
    if from_file is not None:
        return str(from_file), f"{key} in {settings_file}"
    return default, "default"


def get_setting(key: str) -> tuple[str | None, str]:
    """An Argos setting (environment, then Argos's settings.json) and where it came from."""
    return _get_setting(key)


def locate() -> StoreLocation:
    """Resolve the store folder with argostranslate.settings' rules, creating nothing."""
    settings_file = argos_settings_file()
    _, problem = _load_settings(settings_file)
    default = _data_dir() / "packages"
    value, origin = _get_setting("ARGOS_PACKAGES_DIR", str(default))
    if value is None or value == "":
        raise ConfigError(f"ARGOS_PACKAGES_DIR is empty ({origin}); set it to a folder or unset it")
    problems = [problem] if problem else []
    if value.startswith("~"):
        # argostranslate does Path(value) without expanduser: a folder literally named "~".
        problems.append(
            f"ARGOS_PACKAGES_DIR ({origin}) starts with '~': summarize uses {Path(value).expanduser()}, but "
            f"argostranslate and LibreTranslate do not expand '~' and use ./{value} relative to their working "
            "folder; write the full path"
        )
    if origin == "default":
        origin = "default ($XDG_DATA_HOME/argos-translate/packages)"
    extra: list[Path] = []
    if "SNAP" in os.environ:
        snap_custom = Path(os.environ["SNAP"]) / "snap_custom"
        if (snap_custom / "packages").is_dir():
            extra.append(snap_custom / "packages")
        content = snap_custom / "content_snap_packages"
        if content.is_dir():
            extra.extend(sorted(p for p in content.iterdir() if p.is_dir()))
    return StoreLocation(
        path=Path(value).expanduser(),
        origin=origin,
        settings_file=settings_file,
        extra_dirs=tuple(extra),
        problems=tuple(problems),
    )


def packages_dir(models_dir: Path | None = None) -> Path:
    """The folder installs go to: ``models_dir`` if given, else the shared Argos store."""
    return Path(models_dir) if models_dir is not None else locate().path


def package_dirs(models_dir: Path | None = None) -> list[Path]:
    """Every folder searched for models (the store, plus snap-bundled ones like Argos)."""
    if models_dir is not None:
        return [Path(models_dir)]
    loc = locate()
    return [loc.path, *loc.extra_dirs]


# --------------------------------------------------------------------------
# What is installed


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
        return {
            "source": self.source,
            "target": self.target,
            "version": self.version,
            "name": self.name,
            "type": self.type,
            "path": str(self.path),
            "size": self.size,
        }


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


def _model_from_folder(folder: Path, meta: dict[str, Any], size: int | None = None) -> InstalledModel:
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
        models.append(_model_from_folder(child, meta))
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


def _disk_size(folder: Path) -> int:
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
    return sorted(found, key=lambda m: (m.source, m.target, _version_key(m.version), m.name))


def _with_size(model: InstalledModel) -> InstalledModel:
    return InstalledModel(
        model.source,
        model.target,
        model.version,
        model.path,
        model.name,
        model.type,
        model.argos_version,
        _disk_size(model.path),
    )


def _version_key(version: str) -> tuple[Any, ...]:
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
        if current is None or _version_key(model.version) > _version_key(current.version):
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
    """The exact commands that install a pair, online and offline."""
    return (
        f"summarize models install {source} {target}  "
        f"(offline: summarize models install translate-{source}_{target}-*.argosmodel)"
    )


# --------------------------------------------------------------------------
# Install / remove


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


@dataclass(frozen=True)
class InstallResult:
    """What an install did: the new package, and the ones it replaced (upgrades)."""

    model: InstalledModel
    replaced: tuple[InstalledModel, ...] = ()
    source_file: Path | None = None
    notes: tuple[str, ...] = ()

    @property
    def action(self) -> str:
        """installed, upgraded, reinstalled or downgraded (for the one line the CLI prints)."""
        if not self.replaced:
            return "installed"
        new = _version_key(self.model.version)
        old = max(_version_key(m.version) for m in self.replaced)
        return "upgraded" if new > old else "reinstalled" if new == old else "downgraded"


@dataclass(frozen=True)
class _Expect:
    """What a download from the index must be (its entry's pair and version)."""

    source: str
    target: str
    version: str


@contextlib.contextmanager
def _store_lock(store: Path) -> Iterator[None]:
    """Exclusive lock on the store (flock on POSIX, msvcrt on Windows), so concurrent installs rename in turn."""
    from filelock import FileLock

    with FileLock(store / LOCK_NAME):
        yield


def _ensure_store(store: Path) -> None:
    try:
        store.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ConfigError(f"cannot create the model store {store}: {err.strerror or err}") from None
    if not os.access(store, os.W_OK | os.X_OK):
        raise ConfigError(f"the model store {store} is not writable (set ARGOS_PACKAGES_DIR to another folder)")


def staging_dir(store: Path) -> Path:
    """Where installs and removals do their work: a hidden sibling of the store.

    argostranslate (and LibreTranslate) load *every* sub-folder of the store as a
    package, so nothing but complete packages may ever appear there.  A sibling
    is on the same file system (renames stay atomic); when the parent is
    read-only or another file system, work folders fall back to hidden
    ``.tmp-*`` folders inside the store, as before.
    """
    resolved = store.resolve()
    if not resolved.name:  # the file system's root has no sibling
        return store
    sibling = resolved.parent / f".{resolved.name}{STAGING_SUFFIX}"
    try:
        sibling.mkdir(exist_ok=True)
        if sibling.stat().st_dev == store.stat().st_dev and os.access(sibling, os.W_OK | os.X_OK):
            return sibling
    except OSError:
        pass
    return store


def _sweep_stale(*folders: Path) -> None:
    """Delete work folders left by killed installs (old enough not to be in progress)."""
    import shutil

    now = time.time()
    for folder in folders:
        with contextlib.suppress(OSError):
            for child in folder.iterdir():
                if not child.name.startswith((TMP_PREFIX, OLD_PREFIX)):
                    continue
                with contextlib.suppress(OSError):
                    if now - child.lstat().st_mtime > STALE_SECONDS:
                        if child.is_dir() and not child.is_symlink():
                            shutil.rmtree(child, ignore_errors=True)
                        else:
                            child.unlink()


_VOCABULARY_RE = re.compile(r"^model/(shared|source|target)_vocabulary\.(json|txt)$")


def _check_members(zf: zipfile.ZipFile, label: str, archive_size: int, limits: Limits) -> tuple[str, int]:
    """Refuse unsafe, oversized or non-package archives before extracting; return (folder, size)."""
    infos = zf.infolist()
    if not infos:
        raise ModelPackageError(f"{label}: not an Argos package (the archive is empty)")
    tops: set[str] = set()
    names: set[str] = set()
    total = 0
    for info in infos:
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
                f"{label}: refused before extracting: {info.filename!r} unpacks to {_human(info.file_size)} from "
                f"{_human(info.compress_size)} (more than {limits.max_ratio:g}x, a zip bomb?; "
                "raise the limit with --max-ratio)"
            )
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
    if total > limits.max_unpacked:
        raise ModelPackageError(
            f"{label}: refused before extracting: it unpacks to {_human(total)}, more than the "
            f"{_human(limits.max_unpacked)} limit (raise it with --max-unpacked)"
        )
    if total > RATIO_FLOOR and total > limits.max_ratio * max(archive_size, 1):
        raise ModelPackageError(
            f"{label}: refused before extracting: it unpacks to {_human(total)} from {_human(archive_size)} "
            f"(more than {limits.max_ratio:g}x, a zip bomb?; raise the limit with --max-ratio)"
        )
    if len(tops) != 1:
        raise ModelPackageError(f"{label}: not an Argos package: expected one top-level folder, found {len(tops)}")
    top = tops.pop()
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
    return top, total


def _human(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"  # pragma: no cover


def _extract(zf: zipfile.ZipFile, work: Path, limits: Limits) -> None:
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
        raise ModelPackageError(f"{label}: the model does not load in CTranslate2 ({_short(err)})") from None


def _validate_folder(folder: Path, label: str) -> dict[str, Any]:
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
            raise ModelPackageError(f"{label}: model/config.json is not valid JSON ({_short(err)})") from None
    if (folder / "model" / "model.bin").stat().st_size == 0:
        raise ModelPackageError(f"{label}: model/model.bin is empty")
    sp_model = folder / "sentencepiece.model"
    if sp_model.is_file():
        import sentencepiece

        try:
            sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
        except Exception as err:
            raise ModelPackageError(f"{label}: sentencepiece.model does not load ({_short(err)})") from None
    elif not (folder / "bpe.model").is_file() or (folder / "bpe.model").stat().st_size == 0:
        raise ModelPackageError(f"{label}: no usable tokenizer (sentencepiece.model or bpe.model)")
    _check_model_loads(folder, label)
    return meta


def _short(err: BaseException) -> str:
    text = " ".join(str(err).split())
    if isinstance(err, RecursionError):
        return "nested too deeply"
    return (text[:200] + "…") if len(text) > 200 else (text or type(err).__name__)


def install_file(
    path: Path,
    models_dir: Path | None = None,
    *,
    display_name: str | None = None,
    limits: Limits | None = None,
    force: bool = False,
    expect: _Expect | None = None,
) -> InstallResult:
    """Install one ``.argosmodel`` file atomically; the file itself is left untouched.

    A package for the same pair is replaced if it is not newer (a downgrade
    needs ``force``).  Raises ``ModelPackageError`` for an unsafe, oversized,
    corrupt or non-package file, or one whose model does not load, leaving the
    store as it was.  Work happens in ``staging_dir``, never inside the store.
    """
    import shutil
    import tempfile
    import zipfile
    import zlib

    path = Path(path)
    label = display_name or str(path)
    limits = limits or Limits()
    if not path.is_file():
        raise ModelPackageError(f"{label}: no such file")
    store = packages_dir(models_dir)
    _ensure_store(store)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError) as err:
        raise ModelPackageError(f"{label}: not a valid .argosmodel (zip) file: truncated or corrupt ({err})") from None
    except OSError as err:
        raise ModelPackageError(f"{label}: cannot read ({err.strerror or err})") from None
    with zf:
        top, total = _check_members(zf, label, path.stat().st_size, limits)
        staging = staging_dir(store)
        free = shutil.disk_usage(staging).free
        if total > free:
            raise ModelPackageError(f"{label}: needs {_human(total)}, only {_human(free)} free in {staging}")
        work = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=staging))
        try:
            try:
                _extract(zf, work, limits)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as err:
                raise ModelPackageError(f"{label}: corrupt archive ({err})") from None
            except OSError as err:
                raise ModelPackageError(f"{label}: cannot extract into {staging} ({err.strerror or err})") from None
            new = work / top
            meta = _validate_folder(new, label)
            if expect is not None:
                _check_expected(meta, expect, label)
            return _move_into_place(store, staging, new, meta, path, force=force, label=label)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _check_expected(meta: dict[str, Any], expect: _Expect, label: str) -> None:
    """A download must be the pair (and version) its index entry announced."""
    got = (meta["from_code"], meta["to_code"])
    if got != (expect.source, expect.target):
        raise ModelPackageError(
            f"{label}: asked for {expect.source}→{expect.target} but the download is a {got[0]}→{got[1]} "
            "package; refused, the store is unchanged"
        )
    version = str(meta.get("package_version", ""))
    if expect.version and version != expect.version:
        raise ModelPackageError(
            f"{label}: the index announces {expect.source}→{expect.target} {expect.version} but the download is "
            f"version {version or '(none)'}; refused, the store is unchanged"
        )


def _move_into_place(
    store: Path,
    staging: Path,
    new: Path,
    meta: dict[str, Any],
    source_file: Path,
    *,
    force: bool = False,
    label: str = "",
) -> InstallResult:
    """Under the lock: move same-pair packages out to staging, rename the new one in, drop the old."""
    import shutil
    import tempfile

    final = store / new.name
    new_version = str(meta.get("package_version", ""))
    replaced: list[InstalledModel] = []
    aside: list[tuple[Path, Path]] = []
    with _store_lock(store):
        _sweep_stale(staging, store)
        # Listing under the lock: another install may have just renamed its package in.
        victims: list[tuple[Path, dict[str, Any] | None]] = []
        for child in sorted(store.iterdir()):
            if child.name.startswith(".") or not child.is_dir():
                continue
            try:
                other: dict[str, Any] | None = read_metadata(child)
            except ValueError:
                other = None
            same_pair = (
                other is not None
                and (other["from_code"], other["to_code"]) == (meta["from_code"], meta["to_code"])
                and other.get("type", "translate") == "translate"
            )
            if same_pair or child == final:
                victims.append((child, other))
        for _child, other in victims:
            old_version = str(other.get("package_version", "")) if other else ""
            if other and not force and _version_key(old_version) > _version_key(new_version):
                raise ModelPackageError(
                    f"{label}: {meta['from_code']}→{meta['to_code']} {old_version} is installed, newer than "
                    f"{new_version or '(no version)'}; refused (use --force to downgrade)"
                )
        for child, other in victims:
            if other is not None:
                replaced.append(_model_from_folder(child, other))
            old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=staging))
            child.rename(old / child.name)
            aside.append((old, child))
        try:
            new.rename(final)
        except OSError as err:
            # Put the old packages back so the store is as it was.
            for old, child in aside:
                with contextlib.suppress(OSError):
                    (old / child.name).rename(child)
            raise ModelPackageError(f"{label}: cannot move the package into {store} ({err.strerror or err})") from None
        finally:
            for old, _ in aside:
                shutil.rmtree(old, ignore_errors=True)
    return InstallResult(_model_from_folder(final, meta, _disk_size(final)), tuple(replaced), source_file)


def install(
    path: Path, models_dir: Path | None = None, *, limits: Limits | None = None, force: bool = False
) -> list[InstallResult]:
    """Install a ``.argosmodel`` file, or every ``*.argosmodel`` in a folder (offline).

    With a folder, the good packages are installed even if some are bad; then
    ``ModelPackageError`` names the first failure and how many failed.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix == ".argosmodel" and p.is_file())
        if not files:
            raise ModelPackageError(f"{path}: no *.argosmodel files in this folder")
        results: list[InstallResult] = []
        failures: list[str] = []
        for file in files:
            try:
                results.append(install_file(file, models_dir, limits=limits, force=force))
            except ModelPackageError as err:
                failures.append(str(err))
        if failures:
            raise ModelPackageError(
                f"{len(failures)} of {len(files)} packages failed (the others are installed): {failures[0]}"
            )
        return results
    if not path.exists():
        raise ModelPackageError(f"{path}: no such file or folder")
    return [install_file(path, models_dir, limits=limits, force=force)]


def remove(source: str, target: str, models_dir: Path | None = None) -> list[InstalledModel]:
    """Remove every package for ``source→target`` from the store; return what was removed.

    Each package is first renamed out of the store (atomic), then deleted, so
    argostranslate never sees a half-deleted package.
    """
    import shutil
    import tempfile

    store = packages_dir(models_dir)
    victims = [m for m in scan_folder(store).models if m.pair == (source, target) and m.type == "translate"]
    if not victims:
        raise ModelMissingError(f"no model for {source}→{target} is installed in {store}")
    removed: list[InstalledModel] = []
    staging = staging_dir(store)
    with _store_lock(store):
        for model in victims:
            old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=staging))
            try:
                model.path.rename(old / model.name)
            except FileNotFoundError:
                # Removed concurrently: the outcome the user asked for.
                shutil.rmtree(old, ignore_errors=True)
                continue
            except OSError as err:
                shutil.rmtree(old, ignore_errors=True)
                raise ConfigError(f"cannot remove {model.path}: {err.strerror or err}") from None
            shutil.rmtree(old, ignore_errors=True)
            removed.append(model)
    return removed


# --------------------------------------------------------------------------
# The package index: the Argos index online, or a mirror (URL, file, folder)


#: Overall time a package download may take (slow links: ~200 MB at 300 KB/s fits).
DEFAULT_DEADLINE = 900.0

#: Tries per download link (one retry for a transient failure).
TRIES_PER_LINK = 2


@dataclass(frozen=True)
class AvailableModel:
    """A translation package listed in the Argos package index."""

    source: str
    target: str
    version: str
    links: tuple[str, ...]
    name: str
    source_name: str = ""
    target_name: str = ""
    argos_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "version": self.version,
            "name": self.name,
            "source_name": self.source_name,
            "target_name": self.target_name,
            "links": list(self.links),
        }


@dataclass(frozen=True)
class PackageIndex:
    """The index as read: its packages, where it came from, and notes for stderr."""

    models: tuple[AvailableModel, ...]
    location: str
    notes: tuple[str, ...] = ()


def _offline_message(what: str, url: str, err: object, source: str = "fr", target: str = "en") -> str:
    return (
        f"{what} needs the network, and {url} is unreachable ({err}); to install offline, copy "
        f"translate-{source}_{target}-*.argosmodel to this machine and run: summarize models install FILE.argosmodel "
        "(or point --index / ARGOS_PACKAGE_INDEX at a mirror folder)"
    )


def _is_url(value: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value))


def _local_path(value: str) -> Path | None:
    """The local path a setting or link names (plain path or file:// URL), else None."""
    if value.startswith("file://"):
        from urllib.parse import unquote, urlparse

        return Path(unquote(urlparse(value).path))
    if _is_url(value):
        return None
    return Path(value).expanduser()


def index_location(index: str | None = None) -> tuple[str, str]:
    """(location of index.json, where that setting came from): ``index``, else ARGOS_PACKAGE_INDEX.

    Like Argos, a URL setting is a base to which ``index.json`` is appended
    (a URL ending in ``.json`` is used as is).  A local path may be the index
    file itself or a folder holding ``index.json``; ``file://`` URLs too.
    """
    if index:
        value, origin = index, "--index"
    else:
        found, origin = _get_setting("ARGOS_PACKAGE_INDEX", DEFAULT_PACKAGE_INDEX)
        value = found or DEFAULT_PACKAGE_INDEX
    local = _local_path(value)
    if local is not None:
        return str(local / "index.json" if local.is_dir() else local), origin
    if value.endswith(".json"):
        return value, origin
    return (value if value.endswith("/") else value + "/") + "index.json", origin


def package_index_url(index: str | None = None) -> str:
    """Location of the index JSON, with Argos's ``ARGOS_PACKAGE_INDEX`` setting honoured."""
    return index_location(index)[0]


def argos_cached_index() -> Path:
    """argostranslate's copy of the index (``update_package_index`` writes it)."""
    return _data_dir() / "index.json"


def _read_bytes(location: str, timeout: float) -> bytes:
    """The index's bytes from a local file or an http(s) URL; OSError subclasses on failure."""
    local = _local_path(location)
    if local is not None:
        with open(local, "rb") as f:
            return f.read(64 * 1024**2)
    if not location.startswith(("http://", "https://")):
        raise OSError(f"unsupported URL scheme in {location!r} (use https://, a file path or file://)")
    with _Download(location, timeout=timeout, deadline=max(timeout * 3, 30.0)) as download:
        return download.read_all(64 * 1024**2)


def _parse_index(raw: bytes, location: str) -> list[AvailableModel]:
    try:
        index = json.loads(raw)
        if not isinstance(index, list):
            raise ValueError("not a JSON list")
    except (ValueError, RecursionError) as err:
        raise NetworkError(f"the package index at {location} is not valid JSON ({_short(err)})") from None
    best: dict[tuple[str, str], AvailableModel] = {}
    for entry in index:
        if not isinstance(entry, dict) or entry.get("type", "translate") != "translate":
            continue
        src, tgt = entry.get("from_code"), entry.get("to_code")
        links = entry.get("links") or []
        if not isinstance(src, str) or not isinstance(tgt, str) or not isinstance(links, list):
            continue
        model = AvailableModel(
            source=src,
            target=tgt,
            version=str(entry.get("package_version", "")),
            links=tuple(_resolve_link(str(link), location) for link in links),
            name=f"translate-{src}_{tgt}",
            source_name=str(entry.get("from_name", "")),
            target_name=str(entry.get("to_name", "")),
            argos_version=str(entry.get("argos_version", "")),
        )
        current = best.get((src, tgt))
        if current is None or _version_key(model.version) > _version_key(current.version):
            best[(src, tgt)] = model
    return sorted(best.values(), key=lambda m: (m.source, m.target))


def _resolve_link(link: str, index_location: str) -> str:
    """Relative links are relative to the index itself (a mirror folder, or a URL)."""
    if _is_url(link) or link.startswith("/"):
        return link
    local = _local_path(index_location)
    if local is not None:
        return str(local.parent / link)
    from urllib.parse import urljoin

    return urljoin(index_location, link)


def read_index(
    index: str | None = None, *, timeout: float = DEFAULT_TIMEOUT, source: str = "fr", target: str = "en"
) -> PackageIndex:
    """The package index, from ``index``/ARGOS_PACKAGE_INDEX or the Argos default.

    With no index configured and the network down, argostranslate's cached
    ``index.json`` is used instead, with a note saying so.  ``source``/``target``
    only shape the offline hint in the ``NetworkError``.
    """
    location, origin = index_location(index)
    try:
        raw = _read_bytes(location, timeout)
    except FileNotFoundError:
        raise ConfigError(f"no package index at {location} ({origin}): expected index.json there") from None
    except (OSError, ValueError, NetworkError) as err:
        cached = argos_cached_index()
        if origin == "default" and cached.is_file():
            try:
                raw = cached.read_bytes()
            except OSError:
                pass
            else:
                when = time.strftime("%Y-%m-%d", time.localtime(cached.stat().st_mtime))
                note = (
                    f"{location} is unreachable ({_reason(err)}); using argostranslate's cached index {cached} ({when})"
                )
                return PackageIndex(tuple(_parse_index(raw, str(cached))), str(cached), (note,))
        raise NetworkError(_offline_message("the package index", location, _reason(err), source, target)) from None
    return PackageIndex(tuple(_parse_index(raw, location)), location)


def available(
    index: str | None = None, *, timeout: float = DEFAULT_TIMEOUT, source: str = "fr", target: str = "en"
) -> list[AvailableModel]:
    """Translation packages in the index (newest version per pair); see ``read_index``."""
    return list(read_index(index, timeout=timeout, source=source, target=target).models)


def _reason(err: BaseException) -> str:
    if isinstance(err, NetworkError):
        return err.message
    reason = getattr(err, "reason", None)
    code = getattr(err, "code", None)
    if isinstance(code, int):  # urllib's HTTPError
        return f"HTTP {code} {reason or ''}".strip()
    return str(reason if reason is not None else err) or type(err).__name__


class _Download:
    """One HTTP GET with connect/read timeouts and an overall deadline.

    urllib's timeout bounds each socket operation only: a server sending one
    byte every few seconds would hold a download forever.  A watchdog thread
    shuts the connection's socket down at the deadline, which makes any
    blocked read fail at once.
    """

    def __init__(self, url: str, *, timeout: float, deadline: float, overall: float | None = None) -> None:
        self.url = url
        self.timeout = timeout
        self.deadline = deadline
        self.overall = overall if overall is not None else deadline  # the deadline as the user set it
        self.expired = False
        self._sockets: list[Any] = []
        self._response: Any = None
        self._timer: Any = None

    def __enter__(self) -> _Download:
        import http.client
        import threading
        import urllib.request

        sockets = self._sockets

        def track(cls: Any) -> Any:
            # urllib drops the connection's socket reference once the headers are in
            # (the response keeps reading from it): record the socket when it connects.
            def make(*args: Any, **kwargs: Any) -> Any:
                conn = cls(*args, **kwargs)
                connect = conn.connect

                def connect_and_track() -> None:
                    connect()
                    sockets.append(conn.sock)

                conn.connect = connect_and_track
                return conn

            return make

        class Http(urllib.request.HTTPHandler):
            def http_open(self, req: Any) -> Any:
                return self.do_open(track(http.client.HTTPConnection), req)

        class Https(urllib.request.HTTPSHandler):
            def https_open(self, req: Any) -> Any:
                return self.do_open(track(http.client.HTTPSConnection), req, context=self._context)  # type: ignore[attr-defined]

        self._timer = threading.Timer(self.deadline, self._expire)
        self._timer.daemon = True
        self._timer.start()
        opener = urllib.request.build_opener(Http, Https)
        request = urllib.request.Request(self.url, headers={"User-Agent": "ArgosTranslate"})
        try:
            self._response = opener.open(request, timeout=self.timeout)
        except BaseException as err:
            self.__exit__(None, None, None)
            raise self._translate(err) from None
        return self

    def _expire(self) -> None:
        import socket

        self.expired = True
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _translate(self, err: BaseException) -> BaseException:
        if self.expired:
            return TimeoutError(f"no complete answer within the {self.overall:g} s deadline")
        return err

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._response is not None:
            with contextlib.suppress(Exception):
                self._response.close()

    @property
    def length(self) -> int | None:
        value = self._response.headers.get("Content-Length")
        try:
            return int(value) if value is not None else None
        except ValueError:
            return None

    def chunks(self, limit: int) -> Iterator[bytes]:
        """The body in chunks as they arrive; OSError past ``limit`` bytes, short bodies, the deadline."""
        import http.client

        got = 0
        expected = self.length
        try:
            while True:
                chunk = self._response.read1(1 << 20)
                if not chunk:
                    break
                got += len(chunk)
                if got > limit:
                    raise OSError(f"larger than the {_human(limit)} limit (raise it with --max-unpacked)")
                yield chunk
        except (OSError, http.client.HTTPException) as err:
            raise self._translate(err) from None
        if self.expired:
            raise TimeoutError(f"no complete answer within the {self.overall:g} s deadline")
        if expected is not None and got < expected:
            raise OSError(f"the download stopped after {_human(got)} of {_human(expected)}")

    def read_all(self, limit: int) -> bytes:
        return b"".join(self.chunks(limit))


def _link_order(links: Iterable[str]) -> tuple[list[str], list[str]]:
    """(links to try, https first then http then local; notes on links skipped)."""
    rank = {"https": 0, "http": 1, "file": 2}
    usable: list[tuple[int, int, str]] = []
    skipped: list[str] = []
    for i, link in enumerate(links):
        scheme = link.split("://", 1)[0].lower() if _is_url(link) else "file"
        if scheme in rank:
            usable.append((rank[scheme], i, link))
        else:
            skipped.append(f"{link}: skipped ({scheme}:// links are not supported)")
    return [link for _, _, link in sorted(usable)], skipped


def _download_to(link: str, dest: Path, *, timeout: float, deadline: float, overall: float, limit: int) -> None:
    """Stream one http(s) link to ``dest`` (bounded memory); raise OSError/TimeoutError on failure."""
    import shutil

    with _Download(link, timeout=timeout, deadline=deadline, overall=overall) as download:
        expected = download.length
        if expected is not None:
            if expected > limit:
                raise OSError(
                    f"announces {_human(expected)}, more than the {_human(limit)} limit (raise it with --max-unpacked)"
                )
            free = shutil.disk_usage(dest.parent).free
            if expected > free:
                raise OSError(f"needs {_human(expected)}, only {_human(free)} free in {dest.parent}")
        with open(dest, "wb") as out:
            for chunk in download.chunks(limit):
                out.write(chunk)


def install_from_index(
    source: str,
    target: str,
    models_dir: Path | None = None,
    *,
    index: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
    limits: Limits | None = None,
    force: bool = False,
) -> InstallResult:
    """Download ``source→target`` from the index (or a mirror) and install it.

    The download streams to the staging folder (bounded memory), each link
    tried in turn (https first, IPFS skipped, one retry), within ``timeout``
    per network operation and ``deadline`` overall; the package must be the
    pair and version its index entry announces.
    """
    import tempfile

    limits = limits or Limits()
    found = read_index(index, timeout=timeout, source=source, target=target)
    by_pair = {(a.source, a.target): a for a in found.models}
    entry = by_pair.get((source, target))
    if entry is None:
        hint = ""
        if (source, PIVOT) in by_pair and (PIVOT, target) in by_pair:
            hint = (
                f"; translate via English instead: summarize models install {source} {PIVOT} "
                f"&& summarize models install {PIVOT} {target}"
            )
        raise ModelMissingError(f"the package index ({found.location}) has no {source}→{target} model{hint}")
    store = packages_dir(models_dir)
    _ensure_store(store)
    expect = _Expect(source, target, entry.version)
    links, errors = _link_order(entry.links)
    started = time.monotonic()
    for link in links:
        local = _local_path(link)
        if local is not None:
            if local.is_file():
                result = install_file(local, models_dir, display_name=f"{entry.name} ({link})", limits=limits,
                                      force=force, expect=expect)  # fmt: skip
                return _with_notes(result, found.notes)
            errors.append(f"{link}: no such file")
            continue
        staging = staging_dir(store)
        for attempt in range(TRIES_PER_LINK):
            remaining = deadline - (time.monotonic() - started)
            if remaining <= 0:
                errors.append(f"{link}: not tried, the {deadline:g} s deadline had passed")
                break
            fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".argosmodel", dir=staging)
            os.close(fd)
            tmp = Path(tmp_name)
            try:
                try:
                    _download_to(
                        link, tmp, timeout=timeout, deadline=remaining, overall=deadline, limit=limits.max_unpacked
                    )
                except (OSError, ValueError) as err:
                    permanent = getattr(err, "code", None) in (401, 403, 404, 410) or isinstance(err, TimeoutError)
                    errors.append(f"{link}: {_reason(err)}" + ("" if attempt or permanent else " (retrying)"))
                    if permanent:
                        break
                    continue
                result = install_file(tmp, models_dir, display_name=f"{entry.name} ({link})", limits=limits,
                                      force=force, expect=expect)  # fmt: skip
                return _with_notes(result, found.notes)
            finally:
                tmp.unlink(missing_ok=True)
    reason = "; ".join(errors) or "the index lists no link"
    raise NetworkError(
        f"downloading {source}→{target} {entry.version} failed: {reason}. " + _offline_tail(source, target)
    )


def _offline_tail(source: str, target: str) -> str:
    return (
        f"To install offline, copy translate-{source}_{target}-*.argosmodel to this machine and run: "
        "summarize models install FILE.argosmodel"
    )


def _with_notes(result: InstallResult, notes: tuple[str, ...]) -> InstallResult:
    if not notes:
        return result
    return InstallResult(result.model, result.replaced, result.source_file, result.notes + notes)


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
