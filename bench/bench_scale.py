"""How time and memory grow with the article's length, per algorithm (``make bench``, the "scale" table).

Each cell is one run of ``summarize --to none -a ALGORITHM`` in its own
process (so that peak RSS is that run's), fed the article on stdin, under an
address-space limit and a CPU-time limit, so that a regression shows as a failed
cell instead of a machine out of memory. Inputs: the issue's synthetic
article (``Le chat 0 dort. Le chat 1 dort. ...``, one line) at 1k, 10k and
50k sentences, and real French news (OrangeSum train-5k articles, one after
the other as paragraphs) cut at 5 MB and 10 MB. A cell gives wall seconds,
CPU seconds (user + system: less disturbed by other people's load on a
shared machine) and peak RSS. The last column is the CPU time for 10 MB over
that for 5 MB: near 2 means linear.

Timings are noisy on a shared machine: compare runs taken in the same minute.
Run with ``PYTHONPATH=/other/tree`` to measure another copy of the code.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from _tables import table

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


def synthetic(sentences: int) -> bytes:
    """The issue's reproduction: short, near-identical sentences on one line."""
    return (" ".join(f"Le chat {i} dort." for i in range(sentences)) + "\n").encode()


def news(data: Path, size: int) -> bytes:
    """Real articles, one paragraph block each, until `size` bytes (cut at a character boundary)."""
    parts: list[bytes] = []
    total = 0
    with (data / "orangesum" / "train-5k.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)["article"].encode()
            parts.append(article)
            total += len(article) + 2
            if total >= size:
                break
    if total < size:
        raise SystemExit(f"bench: OrangeSum train-5k holds less than {size} bytes")
    return b"\n\n".join(parts)[:size].decode(errors="ignore").encode()


def run(argv: Sequence[str], stdin: bytes, limit_bytes: int, timeout: float) -> tuple[float, float, int, str]:
    """Wall time (s), CPU time (s), peak RSS (KB) and what went wrong ('' when the run succeeded)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (int(timeout), int(timeout) + 1))

    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=limit
    )
    timer = threading.Timer(timeout * 10, proc.kill)  # a backstop: the CPU limit ends a slow run first
    timer.start()
    err = b""
    try:
        assert proc.stdin is not None and proc.stderr is not None
        try:
            proc.stdin.write(stdin)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    cpu = usage.ru_utime + usage.ru_stime
    if code == 0:
        return elapsed, cpu, usage.ru_maxrss, ""
    if code in (-signal.SIGXCPU, -signal.SIGKILL) or cpu >= timeout or elapsed >= timeout * 10:
        return elapsed, cpu, usage.ru_maxrss, f"> {timeout:.0f} CPU s"
    text = err.decode(errors="replace")
    if "MemoryError" in text or "Unable to allocate" in text or "memory" in text.lower():
        return elapsed, cpu, usage.ru_maxrss, f"out of memory (limit {limit_bytes / 2**30:g} GiB)"
    last = text.strip().splitlines()[-1:] or [f"exit {code}"]
    return elapsed, cpu, usage.ru_maxrss, f"exit {code}: {last[0][:60]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--algorithms", default=None, help="comma-separated (default: all)")
    parser.add_argument("--limit-gb", type=float, default=4.0, help="address-space limit of each run")
    parser.add_argument("--timeout", type=float, default=120.0, help="CPU seconds before a run is killed")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from summarize.choices import ALGORITHMS

    algorithms = args.algorithms.split(",") if args.algorithms else list(ALGORITHMS)
    inputs: list[tuple[str, bytes]] = [
        ("1k sentences", synthetic(1_000)),
        ("10k sentences", synthetic(10_000)),
        ("50k sentences", synthetic(50_000)),
        ("5 MB news", news(args.data, 5 * MB)),
        ("10 MB news", news(args.data, 10 * MB)),
    ]
    argv = [sys.executable, "-m", "summarize", "--to", "none"]
    limit_bytes = int(args.limit_gb * 2**30)
    print(
        f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"each run under a {args.limit_gb:g} GiB address-space limit and {args.timeout:g} CPU seconds"
    )
    rows = []
    for algorithm in algorithms:
        cells: list[str] = []
        times: dict[str, float] = {}
        failed = False
        for label, text in inputs:
            if failed:
                cells.append("not run (a smaller input failed)")
                continue
            elapsed, cpu, peak, problem = run([*argv, "-a", algorithm], text, limit_bytes, args.timeout)
            if problem:
                cells.append(problem)
                failed = True
            else:
                cells.append(f"{elapsed:.1f} s ({cpu:.1f} CPU), {peak / 1024:.0f} MB")
                times[label] = cpu
        ratio = times.get("10 MB news", 0) / times["5 MB news"] if "10 MB news" in times else None
        rows.append([algorithm, *cells, f"{ratio:.2f}" if ratio else "-"])
    table(
        "Scale: wall seconds (CPU seconds) and peak RSS of one `summarize --to none -a ALGORITHM` run "
        "(goals: 10 MB ≤ 10 s and ≤ 1 GB with the default; ≤ 2 GB for all; 10 MB / 5 MB ≤ 2.2)",
        ["algorithm", *(label for label, _ in inputs), "10 MB / 5 MB"],
        rows,
    )


if __name__ == "__main__":
    main()
