"""Throughput of ``summarize batch`` on the OrangeSum validation feed (``make bench``).

The 1,500 articles of ``orangesum/valid.jsonl`` (text field ``article``) go
through the batch runner exactly as ``summarize batch --jsonl FILE
--text-field article -o OUT`` runs them: summary only with 1 and 2 worker
processes and on a 2-worker Dask LocalCluster, then translated into English
by the fixture model when tests/fixtures/models has it. Times are wall-clock
for the whole run, worker start-up included; peak memory is per worker
process. Another busy process on a 2-core machine halves these figures: the
load average is printed first.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

from _tables import table

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "models"


def one_run(
    feed: Path, out: Path, *, workers: int, scheduler: str | None, to: str, limit: int | None
) -> dict[str, float]:
    """One batch over the feed; returns articles/s, counts and peak RSS per worker (MB)."""
    from summarize.batch import Batch, BatchSpec, Job
    from summarize.batch.work import peak_rss_kb
    from summarize.options import BriefOptions, parse_targets

    source = feed
    if limit is not None:
        source = out.with_suffix(".feed.jsonl")
        with open(feed, encoding="utf-8") as handle, open(source, "w", encoding="utf-8") as cut:
            for _, line in zip(range(limit), handle, strict=False):
                cut.write(line)
    spec = BatchSpec(
        jsonl=str(source), text_field="article", output=str(out), force=True, workers=workers, scheduler=scheduler
    )
    batch = Batch(spec, Job(BriefOptions(to=tuple(parse_targets(to)), cache=False)))
    with batch:
        report = batch.run()
    peaks = list(report.peak_rss_kb.values()) or [peak_rss_kb()]
    return {
        "rate": report.rate,
        "elapsed": report.elapsed,
        "done": report.done,
        "failed": report.failed,
        "peak_mb": max(peaks) / 1024,
        "workers_seen": len(report.peak_rss_kb) or 1,
    }


def bench(
    feed: Path, to: str, cases: list[tuple[str, int, str | None]], runs: int, limit: int | None
) -> list[list[str]]:
    rows = []
    base: float | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for label, workers, scheduler in cases:
            results = [
                one_run(feed, Path(tmp) / "out.jsonl", workers=workers, scheduler=scheduler, to=to, limit=limit)
                for _ in range(runs)
            ]
            best = max(results, key=lambda r: r["rate"])
            rates = [r["rate"] for r in results]
            base = base or best["rate"]
            rows.append(
                [
                    label,
                    f"{best['done']:.0f} / {best['failed']:.0f}",
                    f"{best['elapsed']:.1f}",
                    f"{max(rates):.1f}" + (f" (median {statistics.median(rates):.1f})" if runs > 1 else ""),
                    f"×{best['rate'] / base:.2f}",
                    f"{best['peak_mb']:.0f}",
                ]
            )
    return rows


def install_fixtures(store: Path) -> bool:
    models = sorted(FIXTURES.glob("*.argosmodel"))
    if not any("fr" in m.name and "en" in m.name for m in models):
        print("bench: no fixture fr→en model in tests/fixtures/models: translation skipped", file=sys.stderr)
        return False
    from summarize.store import install

    for model in models:
        install(model, store)
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--runs", type=int, default=1, help="runs per case (best is shown)")
    parser.add_argument("--limit", type=int, default=None, help="articles (default: all 1,500)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster case")
    args = parser.parse_args()
    feed = args.data / "orangesum" / "valid.jsonl"
    if not feed.is_file():
        raise SystemExit(f"bench: {feed} not found (give --data)")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, load {load}")
    cases: list[tuple[str, int, str | None]] = [("1 worker (in-process)", 1, None), ("2 worker processes", 2, None)]
    try:
        import distributed  # noqa: F401

        if not args.no_dask:
            cases.append(("Dask LocalCluster, 2 workers", 2, "local"))
    except ImportError:
        print("bench: dask not installed (pip install 'summarize[dask]'): Dask case skipped", file=sys.stderr)
    header = ["runner", "done / failed", "seconds", "articles/s", "vs 1 worker", "peak MB per worker"]
    n = args.limit or "1,500"
    rows = bench(feed, "none", cases, args.runs, args.limit)
    table(f"summarize batch, {n} OrangeSum articles, summary only (goal ≥ 60 articles/s with 2 workers)", header, rows)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ARGOS_PACKAGES_DIR"] = str(Path(tmp) / "packages")
        if install_fixtures(Path(tmp) / "packages"):
            rows = bench(feed, "en", cases, args.runs, args.limit)
            table(f"summarize batch --to en (fixture fr→en model), {n} OrangeSum articles", header, rows)


if __name__ == "__main__":
    main()
