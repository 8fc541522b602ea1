"""Where chunks run: a local process pool (with its watchdog), or a Dask cluster.

Both keep ``window`` chunks in flight; workers load their models once per
process (``work.warm``) whatever the number of tasks.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import Any

from summarize.batch.work import ChunkResult, Item, Job, process_chunk, warm
from summarize.errors import NetworkError, UsageError

#: Chunks in flight per worker: keeps workers busy while bounding memory.
CHUNKS_PER_WORKER = 4


class Backend:
    """Somewhere to run chunks: submit, wait, and stop."""

    window: int = 1

    def submit(self, chunk: list[Item]) -> Any:
        raise NotImplementedError

    def wait_any(self, futures: set[Any]) -> tuple[set[Any], set[Any]]:
        raise NotImplementedError

    def recover(self) -> None:
        """After a task failed: make sure later submissions work (e.g. a fresh pool)."""

    def close(self, cancel: bool = False) -> None:
        pass


class PoolBackend(Backend):
    """Local worker processes.

    Start method: ``forkserver``, not ``fork`` nor ``spawn``. Forking the
    parent directly would copy whatever threads and locks it holds at that
    moment (the progress bar's refresh thread, CTranslate2's OpenMP pool if a
    library user translated before) and can deadlock; ``spawn`` is safe but
    starts each worker as a fresh interpreter that re-imports everything. The
    fork server is a clean single-threaded process that has already imported
    the pipeline's modules, so workers fork from it quickly and safely.
    """

    def __init__(self, workers: int, job: Job) -> None:
        import multiprocessing

        self.workers = workers
        self.job = job
        self.window = workers * CHUNKS_PER_WORKER
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        self.context = multiprocessing.get_context(method)
        if method == "forkserver":
            self.context.set_forkserver_preload(
                [
                    "summarize.pipeline",
                    "summarize.detect",
                    "summarize.segment",
                    "summarize.rank",
                    "summarize.batch.work",
                ]
            )
        self.executor = self._start()

    def _start(self) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self.context,
            initializer=init_pool_worker,
            initargs=(self.job, os.getpid(), dict(os.environ)),
        )

    def submit(self, chunk: list[Item]) -> Any:
        return self.executor.submit(process_chunk, chunk, self.job)

    def wait_any(self, futures: set[Any]) -> tuple[set[Any], set[Any]]:
        from concurrent.futures import FIRST_COMPLETED, wait

        done, pending = wait(futures, return_when=FIRST_COMPLETED)
        return set(done), set(pending)

    def recover(self) -> None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            self.executor.submit(os.getpid).result()
        except BrokenProcessPool:
            self.close(cancel=True)
            self.executor = self._start()

    def close(self, cancel: bool = False) -> None:
        if cancel:
            processes = list((getattr(self.executor, "_processes", None) or {}).values())
            # Taken before shutdown, which forgets it: left running, the pool's manager thread closes
            # its wake-up pipe while Python 3.11's exit hook writes to it ("Bad file descriptor" at exit).
            manager = getattr(self.executor, "_executor_manager_thread", None)
            self.executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                with contextlib.suppress(Exception):
                    process.terminate()
            if manager is not None:
                manager.join(timeout=10)
        else:
            self.executor.shutdown(wait=True)


def init_pool_worker(job: Job, parent: int, environ: dict[str, str]) -> None:
    """Pool initializer: Ctrl-C and SIGHUP are the parent's to handle (no tracebacks from each worker), then warm up.

    ``environ`` is the parent's environment at the start of this batch: the
    fork server keeps the one it started with, which a long-lived library
    user (one process, several batches, ``ARGOS_PACKAGES_DIR`` changed in
    between) would otherwise see in every later batch's workers.
    """
    import signal
    import threading

    os.environ.clear()
    os.environ.update(environ)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # a closed terminal: the parent stops the batch (SIGTERM stays)
    threading.Thread(target=exit_with_parent, args=(parent,), name="summarize-watchdog", daemon=True).start()
    warm(job)


def exit_with_parent(parent: int, interval: float = 0.5) -> None:
    """A worker whose batch was killed (kill -9, out of memory) exits too instead of lingering.

    Pool workers hold both ends of their task pipe, so they never see the
    parent go away on their own.
    """
    while _alive(parent):
        time.sleep(interval)
    os._exit(1)


def _alive(pid: int) -> bool:
    """True while ``pid`` runs: a zombie (dead, not yet reaped by its shell) counts as gone."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # PermissionError: someone else's process took the pid
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):  # no /proc: trust kill()
        return True
    return state not in (b"Z", b"X")


def dask() -> Any:
    """The ``distributed`` module, or a usage error that says how to install it."""
    try:
        import distributed
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'summarize[dask]'") from None
    return distributed


class DaskBackend(Backend):
    """A Dask cluster: ``local`` (a LocalCluster of worker processes) or a scheduler's address."""

    def __init__(self, scheduler: str, workers: int, job: Job) -> None:
        distributed = dask()
        self.distributed = distributed
        self.cluster: Any = None
        if scheduler == "local":
            import logging

            self.cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = distributed.Client(self.cluster)
        else:
            try:
                self.client = distributed.Client(scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise NetworkError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        threads = sum(self.client.nthreads().values()) or 1
        self.window = threads * CHUNKS_PER_WORKER
        self.job = job
        with contextlib.suppress(Exception):  # loads models on every worker, in parallel
            self.client.run(warm, job)

    def submit(self, chunk: list[Item]) -> Any:
        return self.client.submit(process_chunk, chunk, self.job, pure=False)

    def wait_any(self, futures: set[Any]) -> tuple[set[Any], set[Any]]:
        done, pending = self.distributed.wait(list(futures), return_when="FIRST_COMPLETED")
        return set(done), set(pending)

    def close(self, cancel: bool = False) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()


def result(future: Any) -> ChunkResult:
    """A finished chunk's result (Dask hands back plain tuples)."""
    return ChunkResult(*future.result())
