"""The package index (the Argos index online, or a mirror URL, file or folder) and installing from it.

Only this module may use the network, with timeouts and an overall deadline;
a mirror folder or file works with no network at all.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarize.errors import ConfigError, ModelMissingError, NetworkError
from summarize.store.checks import Limits, short_error
from summarize.store.download import Download, download_to, failure_reason, is_url, link_order, local_path
from summarize.store.installed import PIVOT, json_fields, version_key
from summarize.store.installer import Expect, InstallResult, ensure_store, install_file, staging_dir
from summarize.store.paths import TMP_PREFIX, argos_cached_index, get_setting, packages_dir

#: Argos Translate's default package index (settings.py: ``package_index``).
DEFAULT_PACKAGE_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"

#: Seconds to wait for the package index or a download before giving up.
DEFAULT_TIMEOUT = 10.0

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
        return json_fields(self, ("source", "target", "version", "name", "source_name", "target_name", "links"))


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


def index_location(index: str | None = None) -> tuple[str, str]:
    """(location of index.json, where that setting came from): ``index``, else ARGOS_PACKAGE_INDEX.

    Like Argos, a URL setting is a base to which ``index.json`` is appended
    (a URL ending in ``.json`` is used as is).  A local path may be the index
    file itself or a folder holding ``index.json``; ``file://`` URLs too.
    """
    if index:
        value, origin = index, "--index"
    else:
        found, origin = get_setting("ARGOS_PACKAGE_INDEX", DEFAULT_PACKAGE_INDEX)
        value = found or DEFAULT_PACKAGE_INDEX
    local = local_path(value)
    if local is not None:
        return str(local / "index.json" if local.is_dir() else local), origin
    if value.endswith(".json"):
        return value, origin
    return (value if value.endswith("/") else value + "/") + "index.json", origin


def package_index_url(index: str | None = None) -> str:
    """Location of the index JSON, with Argos's ``ARGOS_PACKAGE_INDEX`` setting honoured."""
    return index_location(index)[0]


def _read_bytes(location: str, timeout: float) -> bytes:
    """The index's bytes from a local file or an http(s) URL; OSError subclasses on failure."""
    local = local_path(location)
    if local is not None:
        with open(local, "rb") as f:
            return f.read(64 * 1024**2)
    if not location.startswith(("http://", "https://")):
        raise OSError(f"unsupported URL scheme in {location!r} (use https://, a file path or file://)")
    with Download(location, timeout=timeout, deadline=max(timeout * 3, 30.0)) as download:
        return download.read_all(64 * 1024**2)


def _parse_index(raw: bytes, location: str) -> list[AvailableModel]:
    try:
        index = json.loads(raw)
        if not isinstance(index, list):
            raise ValueError("not a JSON list")
    except (ValueError, RecursionError) as err:
        raise NetworkError(f"the package index at {location} is not valid JSON ({short_error(err)})") from None
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
        if current is None or version_key(model.version) > version_key(current.version):
            best[(src, tgt)] = model
    return sorted(best.values(), key=lambda m: (m.source, m.target))


def _resolve_link(link: str, index_location: str) -> str:
    """Relative links are relative to the index itself (a mirror folder, or a URL)."""
    if is_url(link) or link.startswith("/"):
        return link
    local = local_path(index_location)
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
                    f"{location} is unreachable ({failure_reason(err)}); "
                    f"using argostranslate's cached index {cached} ({when})"
                )
                return PackageIndex(tuple(_parse_index(raw, str(cached))), str(cached), (note,))
        raise NetworkError(
            _offline_message("the package index", location, failure_reason(err), source, target)
        ) from None
    return PackageIndex(tuple(_parse_index(raw, location)), location)


def available(
    index: str | None = None, *, timeout: float = DEFAULT_TIMEOUT, source: str = "fr", target: str = "en"
) -> list[AvailableModel]:
    """Translation packages in the index (newest version per pair); see ``read_index``."""
    return list(read_index(index, timeout=timeout, source=source, target=target).models)


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
    limits = limits or Limits()
    found = read_index(index, timeout=timeout, source=source, target=target)
    entry = _entry(found, source, target)
    store = packages_dir(models_dir)
    ensure_store(store)
    expect = Expect(source, target, entry.version)

    def put(path: Path, link: str) -> InstallResult:
        result = install_file(path, models_dir, display_name=f"{entry.name} ({link})", limits=limits,
                              force=force, expect=expect)  # fmt: skip
        return _with_notes(result, found.notes)

    links, errors = link_order(entry.links)
    started = time.monotonic()
    for link in links:
        local = local_path(link)
        if local is not None:
            if local.is_file():
                return put(local, link)
            errors.append(f"{link}: no such file")
            continue
        attempts = _downloads(link, staging_dir(store), timeout=timeout, deadline=deadline, started=started,
                              limit=limits.max_unpacked, errors=errors)  # fmt: skip
        with contextlib.closing(attempts):
            for downloaded in attempts:
                return put(downloaded, link)
    reason = "; ".join(errors) or "the index lists no link"
    raise NetworkError(
        f"downloading {source}→{target} {entry.version} failed: {reason}. " + _offline_tail(source, target)
    )


def _entry(found: PackageIndex, source: str, target: str) -> AvailableModel:
    """The index's entry for the pair, or ModelMissingError (suggesting the way through English)."""
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
    return entry


def _downloads(
    link: str, staging: Path, *, timeout: float, deadline: float, started: float, limit: int, errors: list[str]
) -> Generator[Path, None, None]:
    """Try one http(s) link (one retry for a transient failure): yield the downloaded file, deleted on close.

    Failures are added to ``errors``; a permanent one (HTTP 401/403/404/410, the deadline) is not retried.
    """
    import tempfile

    for attempt in range(TRIES_PER_LINK):
        remaining = deadline - (time.monotonic() - started)
        if remaining <= 0:
            errors.append(f"{link}: not tried, the {deadline:g} s deadline had passed")
            return
        fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".argosmodel", dir=staging)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            try:
                download_to(link, tmp, timeout=timeout, deadline=remaining, overall=deadline, limit=limit)
            except (OSError, ValueError) as err:
                permanent = getattr(err, "code", None) in (401, 403, 404, 410) or isinstance(err, TimeoutError)
                errors.append(f"{link}: {failure_reason(err)}" + ("" if attempt or permanent else " (retrying)"))
                if permanent:
                    return
                continue
            yield tmp
            return
        finally:
            tmp.unlink(missing_ok=True)


def _offline_tail(source: str, target: str) -> str:
    return (
        f"To install offline, copy translate-{source}_{target}-*.argosmodel to this machine and run: "
        "summarize models install FILE.argosmodel"
    )


def _with_notes(result: InstallResult, notes: tuple[str, ...]) -> InstallResult:
    if not notes:
        return result
    return InstallResult(result.model, result.replaced, result.source_file, result.notes + notes)
