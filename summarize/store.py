"""The translation model store, shared with Argos Translate.

Installed packages live exactly where ``argospm`` and LibreTranslate put them,
so models a newsroom already has just work, and ours are visible to them.  The
folder is resolved here with the same rules as ``argostranslate/settings.py``
*without importing it*: that module creates folders and may print to stdout
at import time, which ``summarize models list`` must not do.

Installing is atomic: a package is extracted into a unique temporary folder
inside the store (same file system), validated, then renamed into place under
a lock file, so a failed or concurrent install never leaves a half-written
package behind.  Only ``install_from_index`` and ``available`` use the network,
with a short timeout.
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


def locate() -> StoreLocation:
    """Resolve the store folder with argostranslate.settings' rules, creating nothing."""
    settings_file = argos_settings_file()
    _, problem = _load_settings(settings_file)
    default = _data_dir() / "packages"
    value, origin = _get_setting("ARGOS_PACKAGES_DIR", str(default))
    if value is None or value == "":
        raise ConfigError(f"ARGOS_PACKAGES_DIR is empty ({origin}); set it to a folder or unset it")
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
        problems=(problem,) if problem else (),
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


def package_index_url() -> str:
    """URL of the index JSON, with Argos's ``ARGOS_PACKAGE_INDEX`` setting honoured."""
    base, _ = _get_setting("ARGOS_PACKAGE_INDEX", DEFAULT_PACKAGE_INDEX)
    return (base or DEFAULT_PACKAGE_INDEX) + "index.json"


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


def route(source: str, target: str, models: Iterable[InstalledModel | tuple[str, str]]) -> list[str] | None:
    """Languages a text goes through: direct, else via English, else None.

    ``[source]`` means no translation (same language).
    """
    if source == target:
        return [source]
    pairs: set[tuple[str, str]] = set()
    for model in models:
        if isinstance(model, tuple):
            pairs.add(model)
        elif model.type == "translate":
            pairs.add(model.pair)
    if (source, target) in pairs:
        return [source, target]
    if PIVOT not in (source, target) and (source, PIVOT) in pairs and (PIVOT, target) in pairs:
        return [source, PIVOT, target]
    return None


def install_hint(source: str, target: str) -> str:
    """The exact commands that install a pair, online and offline."""
    return (
        f"summarize models install {source} {target}  "
        f"(offline: summarize models install translate-{source}_{target}-*.argosmodel)"
    )


# --------------------------------------------------------------------------
# Install / remove


@dataclass(frozen=True)
class InstallResult:
    """What an install did: the new package, and the ones it replaced (upgrades)."""

    model: InstalledModel
    replaced: tuple[InstalledModel, ...] = ()
    source_file: Path | None = None


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


def _sweep_stale(store: Path) -> None:
    """Delete work folders left by killed installs (old enough not to be in progress)."""
    import shutil

    now = time.time()
    with contextlib.suppress(OSError):
        for child in store.iterdir():
            if not child.name.startswith((TMP_PREFIX, OLD_PREFIX)):
                continue
            with contextlib.suppress(OSError):
                if now - child.lstat().st_mtime > STALE_SECONDS:
                    if child.is_dir() and not child.is_symlink():
                        shutil.rmtree(child, ignore_errors=True)
                    else:
                        child.unlink()


def _check_members(zf: zipfile.ZipFile, label: str) -> tuple[str, int]:
    """Refuse unsafe or non-package archives before extracting; return (folder, size)."""
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
    if len(tops) != 1:
        raise ModelPackageError(f"{label}: not an Argos package: expected one top-level folder, found {len(tops)}")
    top = tops.pop()
    if top.startswith("."):
        raise ModelPackageError(f"{label}: not an Argos package: hidden top-level folder {top!r}")
    for required in ("metadata.json", "model/model.bin", "model/config.json"):
        if required not in names:
            raise ModelPackageError(f"{label}: not an Argos package: no {required} in {top}/")
    if "sentencepiece.model" not in names and "bpe.model" not in names:
        raise ModelPackageError(
            f"{label}: not an Argos package: no tokenizer (sentencepiece.model or bpe.model) in {top}/"
        )
    return top, total


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
    try:
        with open(folder / "model" / "config.json", encoding="utf-8") as f:
            json.load(f)
    except (OSError, ValueError) as err:
        raise ModelPackageError(f"{label}: model/config.json is not valid JSON ({err})") from None
    if (folder / "model" / "model.bin").stat().st_size == 0:
        raise ModelPackageError(f"{label}: model/model.bin is empty")
    sp_model = folder / "sentencepiece.model"
    if sp_model.is_file():
        import sentencepiece

        try:
            sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
        except Exception as err:
            raise ModelPackageError(f"{label}: sentencepiece.model does not load ({err})") from None
    elif not (folder / "bpe.model").is_file() or (folder / "bpe.model").stat().st_size == 0:
        raise ModelPackageError(f"{label}: no usable tokenizer (sentencepiece.model or bpe.model)")
    return meta


def install_file(path: Path, models_dir: Path | None = None, *, display_name: str | None = None) -> InstallResult:
    """Install one ``.argosmodel`` file atomically; the file itself is left untouched.

    A package for the same pair (any version) is replaced.  Raises
    ``ModelPackageError`` for an unsafe, corrupt or non-package file, leaving
    the store as it was.
    """
    import shutil
    import tempfile
    import zipfile
    import zlib

    path = Path(path)
    label = display_name or str(path)
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
        top, total = _check_members(zf, label)
        free = shutil.disk_usage(store).free
        if total > free:
            raise ModelPackageError(f"{label}: needs {total} bytes, only {free} free in {store}")
        work = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=store))
        try:
            try:
                zf.extractall(work)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as err:
                raise ModelPackageError(f"{label}: corrupt archive ({err})") from None
            except OSError as err:
                raise ModelPackageError(f"{label}: cannot extract into {store} ({err.strerror or err})") from None
            new = work / top
            meta = _validate_folder(new, label)
            return _move_into_place(store, new, meta, path)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _move_into_place(store: Path, new: Path, meta: dict[str, Any], source_file: Path) -> InstallResult:
    """Under the lock: move same-pair packages aside, rename the new one in, drop the old."""
    import shutil
    import tempfile

    final = store / new.name
    replaced: list[InstalledModel] = []
    aside: list[Path] = []
    with _store_lock(store):
        _sweep_stale(store)
        # Listing under the lock: another install may have just renamed its package in.
        for child in sorted(store.iterdir()):
            if child.name.startswith(".") or not child.is_dir():
                continue
            try:
                other = read_metadata(child)
            except ValueError:
                other = None
            same_pair = (
                other is not None
                and (other["from_code"], other["to_code"]) == (meta["from_code"], meta["to_code"])
                and other.get("type", "translate") == "translate"
            )
            if same_pair or child == final:
                if other is not None:
                    replaced.append(_model_from_folder(child, other))
                old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=store))
                child.rename(old / child.name)
                aside.append(old)
        try:
            new.rename(final)
        except OSError:
            # Put the old packages back so the store is as it was.
            for old in aside:
                for moved in old.iterdir():
                    with contextlib.suppress(OSError):
                        moved.rename(store / moved.name)
            raise
        finally:
            for old in aside:
                shutil.rmtree(old, ignore_errors=True)
    return InstallResult(_model_from_folder(final, meta, _disk_size(final)), tuple(replaced), source_file)


def install(path: Path, models_dir: Path | None = None) -> list[InstallResult]:
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
                results.append(install_file(file, models_dir))
            except ModelPackageError as err:
                failures.append(str(err))
        if failures:
            raise ModelPackageError(
                f"{len(failures)} of {len(files)} packages failed (the others are installed): {failures[0]}"
            )
        return results
    if not path.exists():
        raise ModelPackageError(f"{path}: no such file or folder")
    return [install_file(path, models_dir)]


def remove(source: str, target: str, models_dir: Path | None = None) -> list[InstalledModel]:
    """Remove every package for ``source→target`` from the store; return what was removed."""
    import shutil
    import tempfile

    store = packages_dir(models_dir)
    victims = [m for m in scan_folder(store).models if m.pair == (source, target) and m.type == "translate"]
    if not victims:
        raise ModelMissingError(f"no model for {source}→{target} is installed in {store}")
    removed: list[InstalledModel] = []
    with _store_lock(store):
        for model in victims:
            old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=store))
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
# The package index (network)


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


def _offline_message(what: str, url: str, err: object, source: str = "fr", target: str = "en") -> str:
    return (
        f"{what} needs the network, and {url} is unreachable ({err}); to install offline, copy "
        f"translate-{source}_{target}-*.argosmodel to this machine and run: summarize models install FILE.argosmodel"
    )


def _fetch(url: str, timeout: float) -> bytes:
    """GET ``url`` (http/https only) with a timeout; OSError subclasses on failure."""
    import urllib.request

    if not url.startswith(("http://", "https://")):
        raise OSError(f"unsupported URL {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": "ArgosTranslate"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        data: bytes = response.read()
    return data


def available(*, timeout: float = DEFAULT_TIMEOUT, source: str = "fr", target: str = "en") -> list[AvailableModel]:
    """Translation packages in the Argos index (newest version per pair); needs the network.

    ``source``/``target`` only shape the offline hint in the ``NetworkError``.
    """
    url = package_index_url()
    try:
        raw = _fetch(url, timeout)
    except (OSError, ValueError) as err:
        raise NetworkError(_offline_message("the package index", url, _reason(err), source, target)) from None
    try:
        index = json.loads(raw)
        if not isinstance(index, list):
            raise ValueError("not a JSON list")
    except ValueError as err:
        raise NetworkError(f"the package index at {url} is not valid JSON ({err})") from None
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
            links=tuple(str(link) for link in links),
            name=f"translate-{src}_{tgt}",
            source_name=str(entry.get("from_name", "")),
            target_name=str(entry.get("to_name", "")),
            argos_version=str(entry.get("argos_version", "")),
        )
        current = best.get((src, tgt))
        if current is None or _version_key(model.version) > _version_key(current.version):
            best[(src, tgt)] = model
    return sorted(best.values(), key=lambda m: (m.source, m.target))


def _reason(err: BaseException) -> str:
    reason = getattr(err, "reason", None)
    return str(reason if reason is not None else err) or type(err).__name__


def install_from_index(
    source: str, target: str, models_dir: Path | None = None, *, timeout: float = DEFAULT_TIMEOUT
) -> InstallResult:
    """Download ``source→target`` from the Argos index and install it (needs the network)."""
    import tempfile

    index = available(timeout=timeout, source=source, target=target)
    by_pair = {(a.source, a.target): a for a in index}
    entry = by_pair.get((source, target))
    if entry is None:
        hint = ""
        if (source, PIVOT) in by_pair and (PIVOT, target) in by_pair:
            hint = (
                f"; translate via English instead: summarize models install {source} {PIVOT} "
                f"&& summarize models install {PIVOT} {target}"
            )
        raise ModelMissingError(f"the Argos package index has no {source}→{target} model{hint}")
    store = packages_dir(models_dir)
    _ensure_store(store)
    errors: list[str] = []
    data: bytes | None = None
    for link in entry.links:
        try:
            data = _fetch(link, timeout)
            break
        except (OSError, ValueError) as err:
            errors.append(f"{link}: {_reason(err)}")
    if data is None:
        reason = "; ".join(errors) or "the index lists no link"
        raise NetworkError(
            _offline_message(f"downloading {source}→{target}", "the download link", reason, source, target)
        )
    # Written inside the store (same file system), then installed like a user's file.
    fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".argosmodel", dir=store)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        return install_file(tmp, models_dir, display_name=f"{entry.name} ({entry.links[0]})")
    finally:
        tmp.unlink(missing_ok=True)


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
