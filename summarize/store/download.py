"""Links and HTTP: one GET with timeouts and an overall deadline, streamed within a size limit."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from summarize.errors import NetworkError
from summarize.reading import format_size


def is_url(value: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value))


def local_path(value: str) -> Path | None:
    """The local path a setting or link names (plain path or file:// URL), else None."""
    if value.startswith("file://"):
        from urllib.parse import unquote, urlparse

        return Path(unquote(urlparse(value).path))
    if is_url(value):
        return None
    return Path(value).expanduser()


def failure_reason(err: BaseException) -> str:
    if isinstance(err, NetworkError):
        return err.message
    reason = getattr(err, "reason", None)
    code = getattr(err, "code", None)
    if isinstance(code, int):  # urllib's HTTPError
        return f"HTTP {code} {reason or ''}".strip()
    return str(reason if reason is not None else err) or type(err).__name__


class Download:
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

    def __enter__(self) -> Download:
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
                    raise OSError(f"larger than the {format_size(limit)} limit (raise it with --max-unpacked)")
                yield chunk
        except (OSError, http.client.HTTPException) as err:
            raise self._translate(err) from None
        if self.expired:
            raise TimeoutError(f"no complete answer within the {self.overall:g} s deadline")
        if expected is not None and got < expected:
            raise OSError(f"the download stopped after {format_size(got)} of {format_size(expected)}")

    def read_all(self, limit: int) -> bytes:
        return b"".join(self.chunks(limit))


def link_order(links: Iterable[str]) -> tuple[list[str], list[str]]:
    """(links to try, https first then http then local; notes on links skipped)."""
    rank = {"https": 0, "http": 1, "file": 2}
    usable: list[tuple[int, int, str]] = []
    skipped: list[str] = []
    for i, link in enumerate(links):
        scheme = link.split("://", 1)[0].lower() if is_url(link) else "file"
        if scheme in rank:
            usable.append((rank[scheme], i, link))
        else:
            skipped.append(f"{link}: skipped ({scheme}:// links are not supported)")
    return [link for _, _, link in sorted(usable)], skipped


def download_to(link: str, dest: Path, *, timeout: float, deadline: float, overall: float, limit: int) -> None:
    """Stream one http(s) link to ``dest`` (bounded memory); raise OSError/TimeoutError on failure."""
    import shutil

    with Download(link, timeout=timeout, deadline=deadline, overall=overall) as download:
        expected = download.length
        if expected is not None:
            if expected > limit:
                raise OSError(
                    f"announces {format_size(expected)}, more than the {format_size(limit)} limit "
                    "(raise it with --max-unpacked)"
                )
            free = shutil.disk_usage(dest.parent).free
            if expected > free:
                raise OSError(f"needs {format_size(expected)}, only {format_size(free)} free in {dest.parent}")
        with open(dest, "wb") as out:
            for chunk in download.chunks(limit):
                out.write(chunk)
