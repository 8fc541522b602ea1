"""The translation memory: sentences already translated are never translated again.

Cron jobs re-brief the same stories as they are updated, and most sentences
come back unchanged.  This is a persistent cache in SQLite (the standard
library's ``sqlite3``) in WAL mode, so batch workers and parallel shell runs
share it safely.  An entry is keyed by

- the model: its language pair, package version and a digest of its files
  (a reinstalled or retrained package never serves old translations), and
- the decoding options (beam size, compute type, device), and
- the source sentence itself,

and stores the translation.  Each entry records when it was last used; past
``max_entries`` the least recently used are evicted.

A memory must never fail a brief: a corrupt, locked or unwritable file is
skipped with one line on stderr (once per process) and translation goes on
without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Entries kept before the least recently used are evicted (about 300 bytes each: ~60 MB).
DEFAULT_MAX_ENTRIES = 200_000

#: Seconds to wait for another process's write lock before skipping the memory for this call.
BUSY_TIMEOUT = 2.0

FILE_NAME = "translations.sqlite3"

#: Seconds after which a hit refreshes an entry's last use (finer does not change which entries LRU evicts
#: in practice, and would make every read a write).
TOUCH_AFTER = 600.0

#: Files of a package that decide what it outputs (the rest, README or metadata prose, do not).
_MODEL_FILES = ("model/model.bin", "model/config.json", "model/shared_vocabulary.json", "model/shared_vocabulary.txt")
_TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key BLOB PRIMARY KEY,
    translation TEXT NOT NULL,
    used REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entries_used ON entries (used);
CREATE TABLE IF NOT EXISTS models (
    path TEXT PRIMARY KEY,
    stamp TEXT NOT NULL,
    digest TEXT NOT NULL
);
"""

_warned: set[str] = set()
_lock = threading.Lock()


def default_path() -> Path:
    """``$SUMMARIZE_CACHE_DIR`` or ``$XDG_CACHE_HOME/summarize`` (``~/.cache/summarize``)."""
    from summarize.detect import cache_dir

    return cache_dir() / FILE_NAME


def _warn(path: Path, error: BaseException) -> None:
    """One stderr line per memory file and process: the brief goes on without the memory."""
    key = str(path)
    with _lock:
        if key in _warned:
            return
        _warned.add(key)
    reason = " ".join(str(error).split()) or type(error).__name__
    print(f"summarize: translation memory {path} skipped ({reason}); translating without it", file=sys.stderr)


@dataclass(frozen=True)
class Stats:
    """What ``summarize cache stats`` prints."""

    path: Path
    exists: bool
    entries: int
    size: int
    max_entries: int
    oldest: float | None = None
    newest: float | None = None
    problem: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "exists": self.exists,
            "entries": self.entries,
            "bytes": self.size,
            "max_entries": self.max_entries,
            "oldest_use": self.oldest,
            "newest_use": self.newest,
            "problem": self.problem,
        }


class Memory:
    """A translation memory file; every method degrades to "no memory" on a database error.

    One connection, shared by the threads of a process under a lock (legs of a
    brief, en→es and en→de, translate side by side); the lock is never held
    while a translation runs.
    """

    def __init__(self, path: Path | None = None, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.max_entries = max_entries
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._broken = False
        self.hits = 0
        self.misses = 0
        self._keys: dict[str, tuple[str, str]] = {}  # folder -> (stamp, model key), this process

    # -- connection ---------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        if self._broken:
            return None
        if self._conn is not None:
            return self._conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as err:
            self._fail(err)
            return None
        self._conn = conn
        return conn

    def _fail(self, error: BaseException) -> None:
        self._broken = True
        _warn(self.path, error)
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- keys ---------------------------------------------------------------

    def model_key(self, model_dir: Path) -> str:
        """Pair, version and a digest of the package's files, remembered per (path, size, mtime).

        The digest of a new package (~0.1 s for 75 MB) is computed outside the lock.
        """
        folder = Path(model_dir)
        files = [folder / name for name in (*_MODEL_FILES, *_TOKENIZER_FILES) if (folder / name).exists()]
        found = [(f, f.stat()) for f in files]
        stamp = json.dumps([(str(f), st.st_size, st.st_mtime_ns, st.st_ino) for f, st in found])
        meta = _metadata(folder)
        with self._lock:
            known = self._keys.get(str(folder))
            if known is not None and known[0] == stamp:
                return known[1]
            digest = self._known_digest(folder, stamp)
        if digest is None:
            digest = _digest_files(files)
            with self._lock:
                conn = self._connect()
                if conn is not None:
                    try:
                        conn.execute(
                            "INSERT OR REPLACE INTO models (path, stamp, digest) VALUES (?, ?, ?)",
                            (str(folder), stamp, digest),
                        )
                    except sqlite3.Error as err:
                        self._fail(err)
        key = f"{meta.get('from_code')}-{meta.get('to_code')}@{meta.get('package_version')}#{digest}"
        with self._lock:
            self._keys[str(folder)] = (stamp, key)
        return key

    def _known_digest(self, folder: Path, stamp: str) -> str | None:
        conn = self._connect()
        if conn is None:
            return None
        try:
            row = conn.execute("SELECT stamp, digest FROM models WHERE path = ?", (str(folder),)).fetchone()
        except sqlite3.Error as err:
            self._fail(err)
            return None
        return str(row[1]) if row is not None and row[0] == stamp else None

    # -- lookups ------------------------------------------------------------

    def lookup(self, model: str, options: str, sources: Sequence[str]) -> dict[int, str]:
        """Translations already known, by position in ``sources``; marks them as just used."""
        with self._lock:
            return self._lookup(model, options, sources)

    def _lookup(self, model: str, options: str, sources: Sequence[str]) -> dict[int, str]:
        conn = self._connect()
        if conn is None or not sources:
            return {}
        keys = [_key(model, options, s) for s in sources]
        found: dict[bytes, str] = {}
        stale: list[bytes] = []
        now = time.time()
        try:
            for start in range(0, len(keys), 500):
                chunk = list(dict.fromkeys(keys[start : start + 500]))
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(f"SELECT key, translation, used FROM entries WHERE key IN ({marks})", chunk)
                for key, text, used in rows:
                    found[bytes(key)] = text
                    if used < now - TOUCH_AFTER:
                        stale.append(bytes(key))
            if stale:  # a write only when the use time is old: most re-runs only read
                with _transaction(conn):
                    conn.executemany("UPDATE entries SET used = ? WHERE key = ?", [(now, k) for k in stale])
        except sqlite3.Error as err:
            self._fail(err)
            return {}
        hits = {i: found[k] for i, k in enumerate(keys) if k in found}
        self.hits += len(hits)
        self.misses += len(sources) - len(hits)
        return hits

    def store(self, model: str, options: str, pairs: Sequence[tuple[str, str]]) -> None:
        """Remember translations, then evict the least recently used past ``max_entries``."""
        with self._lock:
            self._store(model, options, pairs)

    def _store(self, model: str, options: str, pairs: Sequence[tuple[str, str]]) -> None:
        conn = self._connect()
        if conn is None or not pairs:
            return
        now = time.time()
        try:
            with _transaction(conn):
                conn.executemany(
                    "INSERT OR REPLACE INTO entries (key, translation, used) VALUES (?, ?, ?)",
                    [(_key(model, options, s), t, now) for s, t in pairs],
                )
            self._evict(conn)
        except sqlite3.Error as err:
            self._fail(err)

    def _evict(self, conn: sqlite3.Connection) -> None:
        (count,) = conn.execute("SELECT count(*) FROM entries").fetchone()
        extra = count - self.max_entries
        if extra > 0:
            with _transaction(conn):
                conn.execute(
                    "DELETE FROM entries WHERE key IN (SELECT key FROM entries ORDER BY used LIMIT ?)", (extra,)
                )

    def translate(
        self, sources: Sequence[str], model: str, options: str, translate: Callable[[list[str]], list[str]]
    ) -> list[str]:
        """``translate(sources)`` through the memory: only sentences it does not know are translated."""
        known = self.lookup(model, options, sources)
        todo = [i for i in range(len(sources)) if i not in known]
        out = [known.get(i, "") for i in range(len(sources))]
        if todo:
            fresh = translate([sources[i] for i in todo])
            for i, text in zip(todo, fresh, strict=True):
                out[i] = text
            self.store(model, options, [(sources[i], out[i]) for i in todo])
        return out

    # -- maintenance --------------------------------------------------------

    def stats(self) -> Stats:
        size = sum(p.stat().st_size for p in _files(self.path) if p.exists())
        if not self.path.exists():
            return Stats(self.path, False, 0, 0, self.max_entries)
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
            try:
                count, oldest, newest = conn.execute("SELECT count(*), min(used), max(used) FROM entries").fetchone()
            finally:
                conn.close()
        except sqlite3.Error as err:
            return Stats(self.path, True, 0, size, self.max_entries, problem=" ".join(str(err).split()))
        return Stats(self.path, True, int(count), size, self.max_entries, oldest, newest)

    def clear(self) -> int:
        """Delete the memory's files (works on a corrupt file too); returns the bytes freed."""
        with self._lock:
            self.close()
            freed = 0
            for file in _files(self.path):
                with contextlib.suppress(FileNotFoundError):
                    freed += file.stat().st_size
                    file.unlink()
            self._broken = False
            return freed


_shared: list[Memory] = []


def shared() -> Memory:
    """This process's memory at ``default_path()`` (one connection per process; batch workers each have theirs)."""
    path = default_path()
    with _lock:
        if not _shared or _shared[0].path != path:
            if _shared:
                _shared.pop().close()
            _shared.append(Memory(path))
        return _shared[0]


def _files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _key(model: str, options: str, source: str) -> bytes:
    return hashlib.blake2b(f"{model}\0{options}\0{source}".encode(), digest_size=16).digest()


def _metadata(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _digest_files(files: Sequence[Path]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for file in files:
        digest.update(file.name.encode() + b"\0")
        with open(file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def options_key(**options: Any) -> str:
    """Decoding options as one stable string (``beam_size=4;compute_type=int8;…``)."""
    return ";".join(f"{k}={options[k]}" for k in sorted(options))


__all__ = ["DEFAULT_MAX_ENTRIES", "Memory", "Stats", "default_path", "options_key", "shared"]
