"""The model store: where it is, installing (atomically, safely), listing, removing.

Packages here are built by the tests: small zips shaped like real Argos
packages (one top-level folder with metadata.json, model/, a tokenizer).  The
store is never loaded by CTranslate2 in this file; see test_translate.py.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import multiprocessing
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from summarize import store
from summarize.doctor import doctor
from summarize.errors import ConfigError, ModelMissingError, ModelPackageError, NetworkError
from summarize.store.download import link_order

FIXTURE_MODELS = Path(__file__).parent / "fixtures" / "models"


@functools.lru_cache(maxsize=8)
def fixture_files(variant: str = "") -> dict[str, bytes]:
    """The files of a real fixture package (tiny CTranslate2 model), by path inside its folder."""
    name = "translate-fr_en" + (f"-{variant}" if variant else "") + ".argosmodel"
    with zipfile.ZipFile(FIXTURE_MODELS / ("variants/" if variant else "") / name) as zf:
        return {
            info.filename.split("/", 1)[1]: zf.read(info)
            for info in zf.infolist()
            if not info.is_dir() and info.filename.split("/", 1)[1] not in ("metadata.json", "README.md")
        }


@pytest.fixture
def models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty store, selected the way users do: ARGOS_PACKAGES_DIR."""
    folder = tmp_path / "store"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # argostranslate.settings makes folders
    return folder


def make_package(
    folder: Path,
    source: str = "fr",
    target: str = "en",
    version: str = "1.0",
    *,
    variant: str = "",
    top: str | None = None,
    drop: tuple[str, ...] = (),
    metadata: str | None = None,
    extra: dict[str, bytes] | None = None,
    name: str | None = None,
) -> Path:
    """Write ``translate-{source}_{target}-{version}.argosmodel`` as argospm packages are laid out.

    The model inside is a real one (a fixture package's files, by ``variant``),
    whatever pair the metadata names: installs check that CTranslate2 loads it.
    """
    top = top or f"translate-{source}_{target}-{version.replace('.', '_')}"
    meta = {
        "package_version": version,
        "argos_version": "1.0",
        "from_code": source,
        "from_name": source.upper(),
        "to_code": target,
        "to_name": target.upper(),
        "type": "translate",
    }
    files: dict[str, bytes] = {
        "metadata.json": (metadata if metadata is not None else json.dumps(meta)).encode(),
        "README.md": b"test package\n",
        **fixture_files(variant),
    }
    files.update(extra or {})
    path = folder / (name or f"{top}.argosmodel")
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{top}/", "")
        for member, data in files.items():
            if member not in drop:
                zf.writestr(f"{top}/{member}", data)
    return path


def store_entries(folder: Path) -> list[str]:
    """Everything in the store but our lock file: failed installs must leave no trace."""
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir() if p.name != store.LOCK_NAME)


# --------------------------------------------------------------------------
# Where the store is: the same folder as argospm and LibreTranslate


def test_store_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "from-env"))
    assert store.packages_dir() == tmp_path / "from-env"
    assert "environment" in store.locate().origin


def test_a_store_that_is_a_file_is_a_configuration_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "packages").write_text("not a folder")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    with pytest.raises(ConfigError, match="a file, not a folder"):
        store.locate()


def test_store_dir_from_argos_settings_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    settings = tmp_path / "config" / "argos-translate" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"ARGOS_PACKAGES_DIR": str(tmp_path / "from-json")}))
    assert store.packages_dir() == tmp_path / "from-json"
    assert str(settings) in store.locate().origin


def test_store_dir_defaults_to_xdg_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert store.packages_dir() == tmp_path / "data" / "argos-translate" / "packages"


def test_store_dir_without_xdg_is_under_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "SNAP"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert store.packages_dir() == tmp_path / ".local" / "share" / "argos-translate" / "packages"


def test_store_dir_inside_a_snap_uses_snap_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SNAP", str(tmp_path / "snap"))
    monkeypatch.setenv("SNAP_USER_DATA", str(tmp_path / "snapdata"))
    bundled = tmp_path / "snap" / "snap_custom" / "packages"
    bundled.mkdir(parents=True)
    assert store.packages_dir() == tmp_path / "snapdata" / ".local" / "share" / "argos-translate" / "packages"
    assert store.package_dirs()[1:] == [bundled]


def test_environment_wins_over_settings_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    settings = tmp_path / "config" / "argos-translate" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"ARGOS_PACKAGES_DIR": "/somewhere/else"}))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "env"))
    assert store.packages_dir() == tmp_path / "env"


def test_bad_settings_json_is_ignored_like_argos_does_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    settings = tmp_path / "config" / "argos-translate" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("{not json")
    location = store.locate()
    assert location.path == tmp_path / "data" / "argos-translate" / "packages"
    assert any("settings.json" in p for p in location.problems)
    assert capsys.readouterr().out == ""  # Argos prints here; we must not (stdout carries the brief)


def test_empty_store_setting_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", "")
    with pytest.raises(ConfigError, match="ARGOS_PACKAGES_DIR"):
        store.packages_dir()


def test_listing_creates_nothing(models: Path) -> None:
    assert store.list_models() == []
    assert not models.exists()


# --------------------------------------------------------------------------
# Install, list, remove


def test_install_from_file_then_list(models: Path, tmp_path: Path) -> None:
    package = make_package(tmp_path / "downloads", "fr", "en", "1.9")
    before = package.read_bytes()

    [result] = store.install(package)

    assert result.model.pair == ("fr", "en")
    assert result.model.version == "1.9"
    assert result.model.path == models / "translate-fr_en-1_9"  # the zip's folder name, as argospm does
    assert result.replaced == ()
    [listed] = store.list_models()
    assert (listed.source, listed.target, listed.version, listed.path) == ("fr", "en", "1.9", result.model.path)
    assert listed.size is not None and listed.size > len(fixture_files()["model/model.bin"])
    assert package.read_bytes() == before  # the user's file is neither moved nor changed
    assert store_entries(models) == ["translate-fr_en-1_9"]


def test_installed_packages_are_seen_by_argos_translate(models: Path, tmp_path: Path) -> None:
    from argostranslate.package import get_installed_packages

    store.install(make_package(tmp_path, "fr", "en"))
    [argos_view] = get_installed_packages(path=[models])
    assert (argos_view.from_code, argos_view.to_code) == ("fr", "en")


def test_packages_installed_by_argospm_are_listed(models: Path, tmp_path: Path) -> None:
    # argospm simply extracts the zip into the store.
    with zipfile.ZipFile(make_package(tmp_path, "en", "de", "1.0")) as zf:
        zf.extractall(models)
    assert [m.pair for m in store.list_models()] == [("en", "de")]


def test_upgrade_replaces_the_older_version_of_the_pair(models: Path, tmp_path: Path) -> None:
    store.install(make_package(tmp_path / "a", "fr", "en", "1.0"))
    store.install(make_package(tmp_path / "a", "en", "es", "1.0"))

    [result] = store.install(make_package(tmp_path / "b", "fr", "en", "1.1"))

    assert [m.version for m in result.replaced] == ["1.0"]
    assert store_entries(models) == ["translate-en_es-1_0", "translate-fr_en-1_1"]


def test_reinstalling_the_same_package_is_harmless(models: Path, tmp_path: Path) -> None:
    package = make_package(tmp_path, "fr", "en", "1.0")
    store.install(package)
    [again] = store.install(package)
    assert [m.version for m in again.replaced] == ["1.0"]
    assert store_entries(models) == ["translate-fr_en-1_0"]


def test_install_every_package_of_a_folder(models: Path, tmp_path: Path) -> None:
    folder = tmp_path / "usb-stick"
    for source, target in [("fr", "en"), ("en", "es"), ("en", "de")]:
        make_package(folder, source, target)
    (folder / "notes.txt").write_text("not a package")

    results = store.install(folder)

    assert sorted(r.model.pair for r in results) == [("en", "de"), ("en", "es"), ("fr", "en")]
    assert len(store.list_models()) == 3


def test_a_folder_with_one_bad_package_installs_the_others_and_says_so(models: Path, tmp_path: Path) -> None:
    folder = tmp_path / "usb-stick"
    make_package(folder, "fr", "en")
    (folder / "translate-en_es-1_0.argosmodel").write_bytes(b"garbage")
    with pytest.raises(ModelPackageError, match=r"1 of 2 packages failed .*translate-en_es-1_0.argosmodel"):
        store.install(folder)
    assert [m.pair for m in store.list_models()] == [("fr", "en")]


def test_a_folder_without_packages_is_an_error(models: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelPackageError, match=r"no \*\.argosmodel files"):
        store.install(tmp_path)


def test_remove_a_pair(models: Path, tmp_path: Path) -> None:
    store.install(make_package(tmp_path, "fr", "en"))
    store.install(make_package(tmp_path, "en", "es"))

    removed = store.remove("fr", "en")

    assert [m.pair for m in removed] == [("fr", "en")]
    assert [m.pair for m in store.list_models()] == [("en", "es")]
    assert store_entries(models) == ["translate-en_es-1_0"]


def test_removing_a_pair_that_is_not_installed_says_so(models: Path) -> None:
    with pytest.raises(ModelMissingError, match="no model for fr→de is installed"):
        store.remove("fr", "de")


# --------------------------------------------------------------------------
# Bad packages: refused with one clear line, store unchanged


def _unsafe_zip(path: Path, name: str, *, symlink: bool = False) -> Path:
    """A valid-looking package plus one hostile entry."""
    make_package(path.parent, top="translate-fr_en-1_0")
    src = path.parent / "translate-fr_en-1_0.argosmodel"
    with zipfile.ZipFile(src) as good, zipfile.ZipFile(path, "w") as bad:
        for info in good.infolist():
            bad.writestr(info, good.read(info))
        entry = zipfile.ZipInfo(name)
        if symlink:
            entry.create_system = 3
            entry.external_attr = (stat.S_IFLNK | 0o777) << 16
            bad.writestr(entry, "/etc/passwd")
        else:
            bad.writestr(entry, "pwned")
    return path


@pytest.mark.parametrize(
    ("entry", "symlink", "message"),
    [
        ("translate-fr_en-1_0/../../evil", False, "escapes the package folder"),
        ("../evil", False, "escapes the package folder"),
        ("/tmp/evil", False, "absolute path"),
        ("translate-fr_en-1_0/model/link", True, "symbolic link"),
    ],
)
def test_unsafe_archives_are_refused(models: Path, tmp_path: Path, entry: str, symlink: bool, message: str) -> None:
    package = _unsafe_zip(tmp_path / "pkgs" / "evil.argosmodel", entry, symlink=symlink)
    with pytest.raises(ModelPackageError, match=message):
        store.install(package)
    assert store_entries(models) == []
    assert not (tmp_path / "evil").exists()


def test_truncated_archive_is_refused(models: Path, tmp_path: Path) -> None:
    package = make_package(tmp_path, "fr", "en")
    package.write_bytes(package.read_bytes()[: package.stat().st_size // 2])
    with pytest.raises(ModelPackageError, match="truncated or corrupt"):
        store.install(package)
    assert store_entries(models) == []


def test_corrupt_data_inside_the_archive_is_refused(models: Path, tmp_path: Path) -> None:
    package = make_package(tmp_path, "fr", "en", extra={"model/model.bin": b"A" * 5000})
    data = package.read_bytes()
    package.write_bytes(data.replace(b"A" * 100, b"B" * 100, 1))  # stored data no longer matches its CRC
    with pytest.raises(ModelPackageError, match="corrupt"):
        store.install(package)
    assert store_entries(models) == []


def test_a_file_that_is_not_a_zip_is_refused(models: Path, tmp_path: Path) -> None:
    package = tmp_path / "translate-fr_en-1_0.argosmodel"
    package.write_text("<html>404 not found</html>")
    with pytest.raises(ModelPackageError, match=r"not a valid \.argosmodel"):
        store.install(package)
    assert store_entries(models) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"drop": ("metadata.json",)}, "no metadata.json"),
        ({"drop": ("model/model.bin",)}, "no model/model.bin"),
        ({"drop": ("model/shared_vocabulary.json",)}, "no vocabulary"),
        ({"drop": ("sentencepiece.model",)}, "no tokenizer"),
        ({"metadata": "{this is not json"}, "metadata.json is not valid JSON"),
        ({"metadata": '{"from_code": "fr"}'}, "metadata.json has no to_code"),
        ({"metadata": '{"from_code": "fr", "to_code": "en", "type": "sbd"}'}, "not a translation package"),
        ({"extra": {"sentencepiece.model": b"not a model"}}, "sentencepiece.model does not load"),
        ({"top": ".hidden"}, "hidden top-level folder"),
    ],
)
def test_zips_that_are_not_argos_packages_are_refused(
    models: Path, tmp_path: Path, kwargs: dict[str, object], message: str
) -> None:
    package = make_package(tmp_path, "fr", "en", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ModelPackageError, match=message):
        store.install(package)
    assert store_entries(models) == []


def test_files_outside_one_top_level_folder_are_refused(models: Path, tmp_path: Path) -> None:
    package = tmp_path / "flat.argosmodel"
    with zipfile.ZipFile(package, "w") as zf:
        zf.writestr("metadata.json", "{}")
    with pytest.raises(ModelPackageError, match="expected one top-level folder"):
        store.install(package)
    assert store_entries(models) == []


def test_a_failed_upgrade_keeps_the_installed_version(models: Path, tmp_path: Path) -> None:
    store.install(make_package(tmp_path / "a", "fr", "en", "1.0"))
    with pytest.raises(ModelPackageError):
        store.install(make_package(tmp_path / "b", "fr", "en", "2.0", metadata="{broken"))
    assert [m.version for m in store.list_models()] == ["1.0"]
    assert store_entries(models) == ["translate-fr_en-1_0"]


def test_leftovers_of_a_killed_install_are_reported_then_swept(models: Path, tmp_path: Path) -> None:
    store.install(make_package(tmp_path, "fr", "en"))
    leftover = models / ".tmp-killed"
    leftover.mkdir()
    assert any(".tmp-killed" in p for p in doctor().problems)
    old = time.time() - 2 * store.STALE_SECONDS
    os.utime(leftover, (old, old))
    store.install(make_package(tmp_path, "en", "es"))
    assert not leftover.exists()


# --------------------------------------------------------------------------
# Concurrent installs


def test_threads_installing_at_once_leave_a_consistent_store(models: Path, tmp_path: Path) -> None:
    packages = [make_package(tmp_path / str(i), "fr", "en", f"1.{i}") for i in range(4)]
    packages += [make_package(tmp_path / "x", "en", "es"), make_package(tmp_path / "y", "en", "de")]
    errors: list[BaseException] = []

    def run(package: Path) -> None:
        try:
            store.install(package)
        except ModelPackageError as err:
            if "use --force to downgrade" not in str(err):  # an older version arriving last is refused
                errors.append(err)
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=run, args=(p,)) for p in packages * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    installed = store.list_models()
    assert sorted(m.pair for m in installed) == [("en", "de"), ("en", "es"), ("fr", "en")]  # one per pair
    assert [m.version for m in installed if m.pair == ("fr", "en")] == ["1.3"]  # the newest wins
    assert all(name.startswith("translate-") for name in store_entries(models))


def _install_in_child(package: str, store_dir: str) -> None:
    os.environ["ARGOS_PACKAGES_DIR"] = store_dir
    try:
        store.install(Path(package))
    except ModelPackageError as err:
        if "use --force to downgrade" not in str(err):
            raise


def test_processes_installing_at_once_leave_a_consistent_store(models: Path, tmp_path: Path) -> None:
    packages = [make_package(tmp_path / str(i), "fr", "en", f"1.{i}") for i in range(3)]
    packages.append(make_package(tmp_path / "x", "en", "es"))
    context = multiprocessing.get_context("fork")  # POSIX: the lock is fcntl.flock
    children = [context.Process(target=_install_in_child, args=(str(p), str(models))) for p in packages * 2]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=60)
    assert [child.exitcode for child in children] == [0] * len(children)
    assert sorted((m.pair, m.version) for m in store.list_models()) == [(("en", "es"), "1.0"), (("fr", "en"), "1.2")]
    assert len(store_entries(models)) == 2


# --------------------------------------------------------------------------
# Routes


def test_routes_are_direct_else_via_english() -> None:
    pairs = [("fr", "en"), ("en", "es"), ("fr", "it")]
    assert store.route("fr", "en", pairs) == ["fr", "en"]
    assert store.route("fr", "it", pairs) == ["fr", "it"]
    assert store.route("fr", "es", pairs) == ["fr", "en", "es"]
    assert store.route("fr", "de", pairs) is None
    assert store.route("es", "fr", pairs) is None
    assert store.route("fr", "fr", []) == ["fr"]  # same language: nothing to translate


def test_doctor_reports_store_routes_and_runtime(models: Path, tmp_path: Path) -> None:
    for source, target in [("fr", "en"), ("en", "es")]:
        store.install(make_package(tmp_path, source, target))

    report = doctor().to_dict()

    assert report["store"]["dir"] == str(models)
    assert report["store"]["writable"] is True
    assert report["routes"]["fr"] == {"en": ["fr", "en"], "es": ["fr", "en", "es"]}
    assert report["network"]["notes"]
    assert report["versions"]["ctranslate2"]
    assert isinstance(report["cuda_devices"], int)
    assert report["problems"] == []
    json.dumps(report)  # JSON-ready for `summarize doctor --json`


# --------------------------------------------------------------------------
# The package index (network)


def test_index_offline_fails_fast_with_an_offline_recipe(models: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")  # nothing listens there
    started = time.monotonic()
    with pytest.raises(NetworkError) as caught:
        store.install_from_index("fr", "en", timeout=5)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert "\n" not in message
    assert "translate-fr_en-*.argosmodel" in message
    assert "summarize models install FILE.argosmodel" in message
    assert store_entries(models) == []
    with pytest.raises(NetworkError):
        store.available(timeout=5)


@pytest.fixture
def local_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A package index served from 127.0.0.1 (tests never touch a real host)."""
    served = tmp_path / "served"
    make_package(served, "fr", "en", "1.9")
    make_package(served, "en", "es", "1.0")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(served), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    index = [
        {"type": "translate", "from_code": "fr", "to_code": "en", "package_version": "1.8",
         "links": [base + "missing.argosmodel"]},
        {"type": "translate", "from_code": "fr", "to_code": "en", "package_version": "1.9",
         "links": [base + "translate-fr_en-1_9.argosmodel"]},
        {"type": "translate", "from_code": "en", "to_code": "es", "package_version": "1.0",
         "links": [base + "translate-en_es-1_0.argosmodel"]},
        {"type": "sbd", "from_code": "fr", "package_version": "1.0", "links": []},
    ]  # fmt: skip
    (served / "index.json").write_text(json.dumps(index))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def test_available_lists_the_newest_translation_package_per_pair(local_index: str) -> None:
    listed = {(m.source, m.target): m.version for m in store.available()}
    assert listed == {("fr", "en"): "1.9", ("en", "es"): "1.0"}


def test_install_a_pair_from_the_index(models: Path, local_index: str) -> None:
    result = store.install_from_index("fr", "en")
    assert (result.model.pair, result.model.version) == (("fr", "en"), "1.9")
    assert store_entries(models) == ["translate-fr_en-1_9"]  # the download is not left behind


def test_a_pair_missing_from_the_index_suggests_the_english_pivot(models: Path, local_index: str) -> None:
    with pytest.raises(ModelMissingError, match="summarize models install fr en && summarize models install en es"):
        store.install_from_index("fr", "es")


# --------------------------------------------------------------------------
# Hostile or broken servers: a real HTTP server on 127.0.0.1 in a thread

Route = Callable[[http.server.BaseHTTPRequestHandler], None]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict[str, Route]]]:
    """An HTTP server whose answer per path is a function; ARGOS_PACKAGE_INDEX points at it."""
    routes: dict[str, Route] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            with contextlib.suppress(OSError):  # the client may hang up on purpose
                route(self)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base, routes
    httpd.shutdown()
    httpd.server_close()


def send(body: bytes, length: int | None = None, status: int = 200) -> Route:
    def route(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Length", str(len(body) if length is None else length))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def index_of(base: str, *entries: tuple[str, str, str, str]) -> bytes:
    """index.json with (from, to, version, link) entries."""
    return json.dumps(
        [
            {"type": "translate", "from_code": s, "to_code": t, "package_version": v, "links": [base + link]}
            for s, t, v, link in entries
        ]
    ).encode()


def test_a_trickling_server_hits_the_deadline_with_a_network_error(
    models: Path, server: tuple[str, dict[str, Route]]
) -> None:
    base, routes = server
    routes["/index.json"] = send(index_of(base, ("fr", "en", "1.0", "pkg.argosmodel")))

    def trickle(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        for _ in range(200):  # one byte every 0.1 s: never idle long enough for the read timeout
            handler.wfile.write(b"P")
            handler.wfile.flush()
            time.sleep(0.1)

    routes["/pkg.argosmodel"] = trickle
    started = time.monotonic()
    with pytest.raises(NetworkError, match=r"2 s deadline") as caught:
        store.install_from_index("fr", "en", timeout=1, deadline=2)
    assert time.monotonic() - started < 6
    assert caught.value.exit_code == 12
    assert store_entries(models) == []


#: Child process: address space capped at 600 MB, so reading a 3 GB body into memory fails.
INSTALL_UNDER_A_MEMORY_CAP = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (600 * 1024**2, 600 * 1024**2))
from summarize import store
from summarize.errors import NetworkError
try:
    store.install_from_index("fr", "en", timeout=5, deadline=60)
except NetworkError as err:
    print(err)
    sys.exit(12)
except MemoryError:
    sys.exit(99)
"""


def test_a_3gb_download_is_streamed_to_disk_in_bounded_memory(
    models: Path, server: tuple[str, dict[str, Route]], tmp_path: Path
) -> None:
    base, routes = server
    routes["/index.json"] = send(index_of(base, ("fr", "en", "1.0", "big.argosmodel")))
    sent = 64 * 1024**2

    def claim_3gb(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(3 * 1024**3))
        handler.end_headers()
        block = b"\0" * (1024**2)
        for _ in range(sent // len(block)):
            handler.wfile.write(block)
        # ... then the server dies: the download is incomplete.

    routes["/big.argosmodel"] = claim_3gb
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(models), "ARGOS_PACKAGE_INDEX": base}
    child = subprocess.run(
        [sys.executable, "-c", INSTALL_UNDER_A_MEMORY_CAP], env=env, capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 12, child.stderr  # a clear network error, not MemoryError (99)
    assert "stopped after 64 MB of 3 GB" in child.stdout
    assert store_entries(models) == []
    assert not list(store.staging_dir(models).iterdir())  # the partial download is removed


def test_a_download_of_the_wrong_pair_is_refused_and_the_store_is_unchanged(
    models: Path, server: tuple[str, dict[str, Route]], tmp_path: Path
) -> None:
    base, routes = server
    store.install(make_package(tmp_path / "have", "fr", "en", "1.0"))
    wrong = make_package(tmp_path / "served", "fr", "en", "1.1").read_bytes()  # what the server really has
    routes["/index.json"] = send(index_of(base, ("fr", "pt", "1.1", "fr_pt.argosmodel")))
    routes["/fr_pt.argosmodel"] = send(wrong)

    with pytest.raises(ModelPackageError, match=r"asked for fr→pt but the download is a fr→en package") as caught:
        store.install_from_index("fr", "pt")

    assert caught.value.exit_code == 11
    assert [(m.pair, m.version) for m in store.list_models()] == [(("fr", "en"), "1.0")]
    assert store_entries(models) == ["translate-fr_en-1_0"]


def test_a_download_of_another_version_than_announced_is_refused(
    models: Path, server: tuple[str, dict[str, Route]], tmp_path: Path
) -> None:
    base, routes = server
    routes["/index.json"] = send(index_of(base, ("fr", "en", "2.0", "p.argosmodel")))
    routes["/p.argosmodel"] = send(make_package(tmp_path / "served", "fr", "en", "1.0").read_bytes())
    with pytest.raises(ModelPackageError, match=r"announces fr→en 2\.0 but the download is version 1\.0"):
        store.install_from_index("fr", "en")
    assert store_entries(models) == []


def test_links_are_tried_https_first_ipfs_skipped_with_one_retry_and_every_failure_named(
    models: Path, server: tuple[str, dict[str, Route]], tmp_path: Path
) -> None:
    base, routes = server
    calls: list[str] = []

    def flaky(handler: http.server.BaseHTTPRequestHandler) -> None:
        calls.append(handler.path)
        handler.send_error(503)

    routes["/flaky.argosmodel"] = flaky
    entry = {
        "type": "translate", "from_code": "fr", "to_code": "en", "package_version": "1.0",
        "links": ["ipfs://QmSomething", base + "gone.argosmodel", base + "flaky.argosmodel"],
    }  # fmt: skip
    routes["/index.json"] = send(json.dumps([entry]).encode())

    with pytest.raises(NetworkError) as caught:
        store.install_from_index("fr", "en")

    message = str(caught.value)
    assert "ipfs://QmSomething: skipped" in message
    assert f"{base}gone.argosmodel: HTTP 404 Not Found;" in message
    assert f"{base}flaky.argosmodel: HTTP 503 Service Unavailable (retrying)" in message
    assert calls == ["/flaky.argosmodel"] * 2  # one retry after the 503, none after the 404
    assert link_order(["ipfs://a", "http://b", "https://c", "/d"])[0] == ["https://c", "http://b", "/d"]


# --------------------------------------------------------------------------
# Mirrors and air-gapped installs: a folder, a file, a file:// URL


def make_mirror(folder: Path) -> Path:
    """A newsroom mirror: index.json beside the packages, with relative links."""
    make_package(folder / "packages", "fr", "en", "1.9")
    make_package(folder / "packages", "en", "es", "1.0")
    index = [
        {"type": "translate", "from_code": "fr", "to_code": "en", "package_version": "1.9",
         "from_name": "French", "to_name": "English", "links": ["packages/translate-fr_en-1_9.argosmodel"]},
        {"type": "translate", "from_code": "en", "to_code": "es", "package_version": "1.0",
         "links": ["ipfs://Qm", "packages/translate-en_es-1_0.argosmodel"]},
    ]  # fmt: skip
    (folder / "index.json").write_text(json.dumps(index))
    return folder


def no_network(monkeypatch: pytest.MonkeyPatch, error: type[Exception] = AssertionError) -> None:
    """Sockets cannot connect: AssertionError proves nothing tried, OSError plays a network that is down."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise error("tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("form", ["folder", "index file", "file:// URL"])
def test_a_mirror_folder_installs_with_no_network(
    models: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    mirror = make_mirror(tmp_path / "mirror")
    value = {"folder": str(mirror), "index file": str(mirror / "index.json"), "file:// URL": mirror.as_uri()}[form]
    no_network(monkeypatch)

    listed = {(m.source, m.target): m.version for m in store.available(value)}
    fr_en = store.install_from_index("fr", "en", index=value)
    en_es = store.install_from_index("en", "es", index=value)  # the ipfs link is skipped

    assert listed == {("fr", "en"): "1.9", ("en", "es"): "1.0"}
    assert (fr_en.model.pair, fr_en.model.version, en_es.model.pair) == (("fr", "en"), "1.9", ("en", "es"))
    assert store_entries(models) == ["translate-en_es-1_0", "translate-fr_en-1_9"]


def test_argos_package_index_may_name_a_mirror_folder(
    models: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", str(make_mirror(tmp_path / "mirror")))
    no_network(monkeypatch)
    assert store.install_from_index("fr", "en").model.version == "1.9"


def test_a_mirror_without_index_json_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no package index at .*index\.json \(--index\)"):
        store.available(str(tmp_path))


def test_offline_without_a_configured_index_uses_argos_cached_index_with_a_note(
    models: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ARGOS_PACKAGE_INDEX", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    mirror = make_mirror(tmp_path / "mirror")
    cached = tmp_path / "data" / "argos-translate" / "index.json"  # what argospm update wrote
    cached.parent.mkdir(parents=True)
    entries = json.loads((mirror / "index.json").read_text())
    for entry in entries:
        entry["links"] = [str(mirror / link) for link in entry["links"] if not link.startswith("ipfs")]
    cached.write_text(json.dumps(entries))
    no_network(monkeypatch, OSError)  # the default index on GitHub is unreachable

    index = store.read_index(timeout=1)

    assert {(m.source, m.target) for m in index.models} == {("fr", "en"), ("en", "es")}
    assert len(index.notes) == 1 and "using argostranslate's cached index" in index.notes[0]
    result = store.install_from_index("fr", "en", timeout=1)
    assert result.model.version == "1.9"
    assert any("cached index" in note for note in result.notes)


# --------------------------------------------------------------------------
# Downgrades


def test_a_downgrade_is_refused_without_force(models: Path, tmp_path: Path) -> None:
    store.install(make_package(tmp_path / "new", "fr", "en", "1.9"))
    older = make_package(tmp_path / "old", "fr", "en", "1.0")

    with pytest.raises(ModelPackageError, match=r"fr→en 1\.9 is installed, newer than 1\.0.*--force"):
        store.install(older)
    assert [m.version for m in store.list_models()] == ["1.9"]

    [result] = store.install(older, force=True)
    assert (result.action, [m.version for m in store.list_models()]) == ("downgraded", ["1.0"])
    [again] = store.install(older)
    assert again.action == "reinstalled"
    assert store.install(make_package(tmp_path / "new2", "fr", "en", "2.0"))[0].action == "upgraded"


# --------------------------------------------------------------------------
# Zip bombs and garbage models


def test_a_zip_bomb_is_refused_before_extracting(models: Path, tmp_path: Path) -> None:
    bomb = make_package(tmp_path, "fr", "en")
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo("translate-fr_en-1_0/model/extra.bin")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as out:
            block = b"\0" * (1024**2)
            for _ in range(256):  # 256 MB of zeros, ~250 KB compressed
                out.write(block)
    assert bomb.stat().st_size < 5 * 1024**2

    with pytest.raises(ModelPackageError, match=r"refused before extracting: .*extra\.bin.*more than 20x"):
        store.install(bomb)
    assert store_entries(models) == []
    assert not list(store.staging_dir(models).iterdir())  # nothing was written


def test_the_absolute_size_cap_is_documented_and_can_be_raised(models: Path, tmp_path: Path) -> None:
    package = make_package(tmp_path, "fr", "en")
    with pytest.raises(ModelPackageError, match=r"unpacks to .*more than the 1 MB limit \(raise it with"):
        store.install(package, limits=store.Limits(max_unpacked=1024**2))
    assert store.install(package, limits=store.Limits(max_unpacked=10 * 1024**2))
    assert store.MAX_UNPACKED_BYTES == 4 * 1024**3 and store.MAX_RATIO == 20


@pytest.mark.parametrize(
    ("model_bin", "reason"),
    [
        (b"\0" * 65536, "unknown binary version 0"),
        (os.urandom(65536), "does not load"),
        (fixture_files()["model/model.bin"][:300_000], "does not fit in the file"),
    ],
    ids=["zeros", "random bytes", "truncated"],
)
def test_a_model_that_does_not_load_is_refused_at_install(
    models: Path, tmp_path: Path, model_bin: bytes, reason: str
) -> None:
    package = make_package(tmp_path, "fr", "en", extra={"model/model.bin": model_bin})
    with pytest.raises(ModelPackageError, match=reason) as caught:
        store.install(package)
    assert caught.value.exit_code == 11
    assert store_entries(models) == []


def test_a_deeply_nested_metadata_json_is_a_package_error(models: Path, tmp_path: Path) -> None:
    package = make_package(tmp_path, "fr", "en", metadata="[" * 100_000 + "]" * 100_000)
    with pytest.raises(ModelPackageError, match=r"metadata\.json") as caught:
        store.install(package)
    assert caught.value.exit_code == 11


# --------------------------------------------------------------------------
# Old layouts and sharing the store with argostranslate


@pytest.mark.parametrize("variant", ["pre3", "float32", "bpe"])
def test_every_fixture_layout_installs(models: Path, tmp_path: Path, variant: str) -> None:
    [result] = store.install(FIXTURE_MODELS / "variants" / f"translate-fr_en-{variant}.argosmodel")
    assert result.model.pair == ("fr", "en")


def test_a_pre_3_package_without_config_json_installs(models: Path, tmp_path: Path) -> None:
    package = make_package(tmp_path, "en", "de", variant="pre3")
    with zipfile.ZipFile(package) as zf:
        names = zf.namelist()
    assert not any(n.endswith("config.json") for n in names) and any(n.endswith("vocabulary.txt") for n in names)
    [result] = store.install(package)
    assert (result.model.path / "model" / "shared_vocabulary.txt").is_file()


def test_argostranslate_reads_the_store_while_an_install_is_killed(models: Path, tmp_path: Path) -> None:
    from argostranslate.package import get_installed_packages

    store.install(make_package(tmp_path / "a", "en", "es"))
    # A package big enough that extracting and checking it takes a moment.
    big = make_package(tmp_path / "b", "fr", "en", extra={"model/padding.bin": os.urandom(48 * 1024**2)})
    staging = store.staging_dir(models)
    seen: list[list[str]] = []

    code = f"from pathlib import Path; from summarize import store; store.install(Path({str(big)!r}))"
    child = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "ARGOS_PACKAGES_DIR": str(models)})
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(store.TMP_PREFIX) for p in staging.iterdir()):
        assert time.monotonic() < deadline and child.poll() is None, "the install never started extracting"
        time.sleep(0.002)
    os.kill(child.pid, signal.SIGSTOP)  # hold it mid-extraction (48 MB take far longer than the poll)
    for _ in range(20):  # argostranslate (and LibreTranslate) list the store during the install
        seen.append(sorted(p.from_code + "→" + p.to_code for p in get_installed_packages(path=[models])))
    os.kill(child.pid, signal.SIGKILL)  # kill -9
    child.wait()

    assert all(listing == ["en→es"] for listing in seen)
    assert [p.to_code for p in get_installed_packages(path=[models])] == ["es"]
    assert store_entries(models) == ["translate-en_es-1_0"]
    leftovers = [p for p in staging.iterdir() if p.name.startswith(store.TMP_PREFIX)]
    assert leftovers  # the killed install's work folder is outside the store ...
    old = time.time() - 2 * store.STALE_SECONDS
    for leftover in leftovers:
        os.utime(leftover, (old, old))
    store.install(make_package(tmp_path / "c", "en", "de"))
    assert not any(p.name.startswith(store.TMP_PREFIX) for p in staging.iterdir())  # ... and swept later


def test_a_tilde_in_settings_json_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    settings = tmp_path / "config" / "argos-translate" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"ARGOS_PACKAGES_DIR": "~/models"}))
    location = store.locate()
    assert location.path == Path("~/models").expanduser()
    assert any("argostranslate" in p and "'~'" in p for p in location.problems)


# --------------------------------------------------------------------------
# The commands: one line on stderr, the documented exit code


def summarize_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_models_install_from_a_mirror_folder_then_a_refused_downgrade_then_force(models: Path, tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path / "mirror")
    newer = make_package(tmp_path / "newer", "fr", "en", "2.0")

    listed = summarize_cli("models", "available", "--index", str(mirror))
    first = summarize_cli("models", "install", "fr", "en", "--index", str(mirror))
    upgrade = summarize_cli("models", "install", str(newer))
    downgrade = summarize_cli("models", "install", "fr", "en", "--index", str(mirror))
    forced = summarize_cli("models", "install", "fr", "en", "--index", str(mirror), "--force")

    assert listed.returncode == 0 and "fr→en" in listed.stdout and "1.9" in listed.stdout
    assert (first.returncode, first.stdout) == (0, "")
    assert first.stderr.startswith("summarize: installed fr→en 1.9 in ")
    assert upgrade.stderr.startswith("summarize: upgraded fr→en 2.0 in ")
    assert downgrade.returncode == 11
    assert downgrade.stderr.count("\n") == 1 and "use --force to downgrade" in downgrade.stderr
    assert forced.returncode == 0 and forced.stderr.startswith("summarize: downgraded fr→en 1.9 in ")


def test_models_install_refuses_a_zip_bomb_unless_the_limits_are_raised(models: Path, tmp_path: Path) -> None:
    package = make_package(tmp_path, "fr", "en")
    capped = summarize_cli("models", "install", str(package), "--max-unpacked", "1MB")
    raised = summarize_cli("models", "install", str(package), "--max-unpacked", "10MB")
    bad_ratio = summarize_cli("models", "install", str(package), "--max-ratio", "0.5")
    assert capped.returncode == 11 and "more than the 1 MB limit" in capped.stderr
    assert raised.returncode == 0
    assert bad_ratio.returncode == 2


def test_models_install_offline_is_exit_12(models: Path) -> None:
    result = summarize_cli("models", "install", "fr", "en", "--index", "http://127.0.0.1:9/")
    assert result.returncode == 12
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_garbage_model_at_run_time_is_exit_11(models: Path, tmp_path: Path) -> None:
    store.install(make_package(tmp_path, "fr", "en"))
    [package] = [p for p in models.iterdir() if p.is_dir()]
    (package / "model" / "model.bin").write_bytes(b"\0" * 4096)

    doctor = summarize_cli("doctor")
    brief = subprocess.run(
        [sys.executable, "-m", "summarize", "--from", "fr", "--to", "en"],
        input="Le conseil a voté le budget. Les travaux commencent en mai. La ville paie.",
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert "the model does not load" in doctor.stdout  # doctor no longer says the route works unremarked
    assert brief.returncode == 11 and brief.stdout == ""
    assert brief.stderr.count("\n") == 1


def test_doctor_reports_the_compute_type_and_beam(models: Path) -> None:
    plain = json.loads(summarize_cli("doctor", "--json").stdout)
    tuned = json.loads(summarize_cli("doctor", "--json", env={"ARGOS_COMPUTE_TYPE": "int8"}).stdout)
    broken = summarize_cli("doctor", env={"ARGOS_COMPUTE_TYPE": "int3"})
    assert plain["decoding"]["compute_type"] == "auto" and plain["decoding"]["beam_size"] == 4
    assert tuned["decoding"]["compute_type"] == "int8"
    assert "ARGOS_COMPUTE_TYPE" in tuned["decoding"]["compute_type_origin"]
    assert "problem:     unknown compute type 'int3'" in broken.stdout
