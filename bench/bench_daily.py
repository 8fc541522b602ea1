"""Benchmarks of the daily-newsroom features: the translation memory and the digest page.

Run from the repo root:  .venv/bin/python bench/bench_daily.py [--data ../shared/data] [--models DIR]

- Memory: a repeated brief (`summarize --to en ARTICLE`, a new process each time)
  with the memory cold (--no-cache), warm, and `--to none` as the floor of
  everything that is not translation; a batch re-run over already-seen
  articles on 2 workers; cached output byte-identical to uncached.
- Digest: a page of 1,500 briefs (OrangeSum validation: each article's title
  and first three sentences, with a same-size "translation") written by
  `summarize.digest.write`: seconds and megabytes (goal ≤ 2 s, ≤ 3 MB).

Models: `--models DIR` (e.g. the real-size packages of `make realsize-model`);
by default the fixture packages in tests/fixtures/models, installed into a
temporary store.  Timings are wall-clock on whatever machine runs this: on a
shared machine they are noisy, so each figure is the median of several runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from _tables import table  # noqa: E402

SUMMARIZE = [sys.executable, "-m", "summarize"]


def _run(args: list[str], env: dict[str, str], stdin: bytes | None = None) -> tuple[float, bytes, bytes]:
    start = time.perf_counter()
    proc = subprocess.run([*SUMMARIZE, *args], input=stdin, capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 14):
        raise SystemExit(f"summarize {' '.join(args)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return elapsed, proc.stdout, proc.stderr


def _median(args: list[str], env: dict[str, str], runs: int) -> float:
    return statistics.median(_run(args, env)[0] for _ in range(runs))


def bench_memory(data: Path, env: dict[str, str], articles: int, runs: int) -> None:
    article = str(data / "examples" / "trump-poutine-fr.txt")
    _run(["--to", "en", article], env)  # warms the memory (and langdetect's cache)
    cold = _median(["--no-cache", "--to", "en", article], env, runs)
    warm = _median(["--to", "en", article], env, runs)
    floor = _median(["--to", "none", article], env, runs)
    same = _run(["--to", "en", article], env)[1] == _run(["--no-cache", "--to", "en", article], env)[1]
    table(
        f"Repeated brief `summarize --to en` (new process each time, median of {runs})",
        ["run", "wall s"],
        [
            ["memory off (--no-cache): load model, decode", f"{cold:.2f}"],
            ["memory warm: no model load, no decoding", f"{warm:.2f}"],
            ["`--to none` (the floor: no translation at all)", f"{floor:.2f}"],
            ["cached output byte-identical to uncached", "yes" if same else "NO"],
        ],
    )

    with tempfile.TemporaryDirectory(prefix="bench-daily-") as tmp:
        feed = Path(tmp) / "feed.jsonl"
        lines = (data / "orangesum" / "valid.jsonl").read_text(encoding="utf-8").splitlines()[:articles]
        feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
        common = ["batch", "--jsonl", str(feed), "--text-field", "article", "--title-field", "title", "-j", "2"]
        outs = {name: Path(tmp) / f"{name}.jsonl" for name in ("first", "again", "off", "none")}
        env_fresh = {**env, "SUMMARIZE_CACHE_DIR": str(Path(tmp) / "cache")}
        _run(["--to", "none", str(data / "examples" / "trump-poutine-fr.txt")], env_fresh)  # langdetect cache
        rows = []
        for name, extra in (
            ("first", ["--to", "en"]),
            ("again", ["--to", "en"]),
            ("off", ["--to", "en", "--no-cache"]),
            ("none", ["--to", "none"]),
        ):
            wall, _, _ = _run([*common, *extra, "-o", str(outs[name]), "--force"], env_fresh)
            rows.append([name, " ".join(extra), f"{wall:.1f}", f"{articles / wall:.1f}"])
        same = outs["first"].read_bytes() == outs["again"].read_bytes() == outs["off"].read_bytes()
        labels = {
            "first": "first run (memory empty)",
            "again": "re-run, already seen",
            "off": "memory off",
            "none": "no translation",
        }
        table(
            f"Batch of {articles} OrangeSum articles, 2 workers (wall clock incl. start-up)",
            ["run", "flags", "wall s", "articles/s"],
            [[labels[r[0]], *r[1:]] for r in rows] + [["outputs byte-identical", "", "yes" if same else "NO", ""]],
        )


def digest_records(data: Path, count: int) -> list[dict[str, object]]:
    """Brief-shaped records from OrangeSum: title, first three sentences, a same-size translation."""
    from summarize.segment import split_sentences

    records: list[dict[str, object]] = []
    for line in (data / "orangesum" / "valid.jsonl").read_text(encoding="utf-8").splitlines()[:count]:
        item = json.loads(line)
        sentences = split_sentences(item["article"], "fr")[:3]
        records.append(
            {
                "id": item["id"],
                "source": {"language": "fr", "probability": 0.99, "detected": True, "title": item["title"]},
                "summary": {
                    "algorithm": "news",
                    "sentences": [{"index": i, "text": s} for i, s in enumerate(sentences)],
                },
                "translations": {"en": {"route": ["fr", "en"], "sentences": sentences, "checks": []}},
            }
        )
    return records


def bench_digest(data: Path, runs: int) -> None:
    from summarize import digest

    records = digest_records(data, 1500)
    with tempfile.TemporaryDirectory(prefix="bench-digest-") as tmp:
        out = Path(tmp) / "digest.html"
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            digest.write(records, out)
            times.append(time.perf_counter() - start)
        size = out.stat().st_size
    table(
        f"Digest page of {len(records)} briefs (median of {runs})",
        ["measure", "value", "goal"],
        [["write time", f"{statistics.median(times):.2f} s", "≤ 2 s"], ["page size", f"{size / 1e6:.2f} MB", "≤ 3 MB"]],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--models", type=Path, help="a model store or a folder of .argosmodel files")
    parser.add_argument("--articles", type=int, default=300, help="articles in the batch re-run")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bench_digest(args.data, args.runs)
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        env = {
            **os.environ,
            "SUMMARIZE_CACHE_DIR": str(Path(tmp) / "cache"),
            "ARGOS_PACKAGES_DIR": str(Path(tmp) / "store"),
        }
        models = args.models or REPO / "tests" / "fixtures" / "models"
        if any(models.glob("*.argosmodel")):
            _run(["models", "install", str(models)], env)
        else:
            env["ARGOS_PACKAGES_DIR"] = str(models)
        print(f"\nmodels: {models}")
        bench_memory(args.data, env, args.articles, args.runs)


if __name__ == "__main__":
    main()
