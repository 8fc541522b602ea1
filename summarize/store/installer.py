"""Installing and removing packages, atomically: staged in a hidden sibling folder, renamed in under a lock.

argostranslate and LibreTranslate load every sub-folder of the store, so the
store only ever holds complete packages.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarize.errors import ConfigError, ModelMissingError, ModelPackageError
from summarize.reading import format_size
from summarize.store.checks import Limits, check_members, extract, validate_folder
from summarize.store.installed import (
    InstalledModel,
    disk_size,
    model_from_folder,
    read_metadata,
    scan_folder,
    version_key,
)
from summarize.store.paths import OLD_PREFIX, TMP_PREFIX, packages_dir

LOCK_NAME = ".summarize.lock"

#: The staging folder is a hidden sibling of the store: ``.packages-staging``.
STAGING_SUFFIX = "-staging"

#: Leftover work folders older than this (from a killed install) are swept.
STALE_SECONDS = 3600.0


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
        new = version_key(self.model.version)
        old = max(version_key(m.version) for m in self.replaced)
        return "upgraded" if new > old else "reinstalled" if new == old else "downgraded"


@dataclass(frozen=True)
class Expect:
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


def ensure_store(store: Path) -> None:
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


def install_file(
    path: Path,
    models_dir: Path | None = None,
    *,
    display_name: str | None = None,
    limits: Limits | None = None,
    force: bool = False,
    expect: Expect | None = None,
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
    ensure_store(store)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError) as err:
        raise ModelPackageError(f"{label}: not a valid .argosmodel (zip) file: truncated or corrupt ({err})") from None
    except OSError as err:
        raise ModelPackageError(f"{label}: cannot read ({err.strerror or err})") from None
    with zf:
        top, total = check_members(zf, label, path.stat().st_size, limits)
        staging = staging_dir(store)
        free = shutil.disk_usage(staging).free
        if total > free:
            raise ModelPackageError(f"{label}: needs {format_size(total)}, only {format_size(free)} free in {staging}")
        work = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=staging))
        try:
            try:
                extract(zf, work, limits)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as err:
                raise ModelPackageError(f"{label}: corrupt archive ({err})") from None
            except OSError as err:
                raise ModelPackageError(f"{label}: cannot extract into {staging} ({err.strerror or err})") from None
            new = work / top
            meta = validate_folder(new, label)
            if expect is not None:
                _check_expected(meta, expect, label)
            return _move_into_place(store, staging, new, meta, path, force=force, label=label)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _check_expected(meta: dict[str, Any], expect: Expect, label: str) -> None:
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
        victims = _replaced_by(store, final, meta)
        for _child, other in victims:
            old_version = str(other.get("package_version", "")) if other else ""
            if other and not force and version_key(old_version) > version_key(new_version):
                raise ModelPackageError(
                    f"{label}: {meta['from_code']}→{meta['to_code']} {old_version} is installed, newer than "
                    f"{new_version or '(no version)'}; refused (use --force to downgrade)"
                )
        for child, other in victims:
            if other is not None:
                replaced.append(model_from_folder(child, other))
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
    return InstallResult(model_from_folder(final, meta, disk_size(final)), tuple(replaced), source_file)


def _replaced_by(store: Path, final: Path, meta: dict[str, Any]) -> list[tuple[Path, dict[str, Any] | None]]:
    """The folders a new package replaces: its pair's packages, and whatever holds its folder name."""
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
    return victims


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
