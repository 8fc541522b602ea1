"""Speed and memory of summarize, printed as tables (``make bench``).

Whole-process timings run the installed ``summarize`` command as a user
would; in-process timings call the Python API. Every figure is min / median
/ max over several runs, on whatever machine this runs on (it prints which).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from _tables import table

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "article-fr.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "models"
BIN = Path(sys.executable).parent


def isolated_env(tmp: str) -> dict[str, str]:
    """A model store of our own in `tmp`, for this process and its children, and the translation memory off.

    The memory off: these rows measure decoding, not memory hits (bench_daily measures those).
    """
    os.environ["ARGOS_PACKAGES_DIR"] = str(Path(tmp) / "packages")
    os.environ["SUMMARIZE_CACHE"] = "0"
    return dict(os.environ, PATH=f"{BIN}:{os.environ['PATH']}")


def run_process(argv: Sequence[str], stdin: bytes, env: dict[str, str]) -> tuple[float, int, int]:
    """Wall time (s), peak RSS (KB) and exit code of one run of a command."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert proc.stdin is not None
    proc.stdin.write(stdin)
    proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 and proc.stderr is not None:
        sys.stderr.write(proc.stderr.read().decode(errors="replace"))
    return elapsed, usage.ru_maxrss, proc.returncode


def stats(values: Sequence[float], scale: float = 1.0, fmt: str = "{:.3f}") -> str:
    vals = [v * scale for v in values]
    return " / ".join(fmt.format(v) for v in (min(vals), statistics.median(vals), max(vals)))


def bench_processes(runs: int, env: dict[str, str], store_ready: bool) -> None:
    exe = str(BIN / "summarize")
    article = ARTICLE.read_bytes()
    cases: list[tuple[str, list[str], bytes, str]] = [
        ("summarize --help", [exe, "--help"], b"", "≤ 0.15 s"),
        ("summarize --to none < article", [exe, "--to", "none"], article, "≤ 0.6 s"),
    ]
    if store_ready:
        cases.append(("summarize --to en < article (fixture fr→en)", [exe, "--to", "en"], article, "≤ 0.8 s"))
    rows = []
    for label, argv, stdin, goal in cases:
        run_process(argv, stdin, env)  # warm the OS file cache and summarize's own cache
        times, peaks = [], []
        for _ in range(runs):
            elapsed, peak, code = run_process(argv, stdin, env)
            if code != 0:
                raise SystemExit(f"bench: {label} exited {code}")
            times.append(elapsed)
            peaks.append(peak)
        rows.append([label, stats(times), f"{statistics.median(peaks) / 1024:.0f}", goal])
    table(f"Whole process, {runs} runs each", ["command", "seconds min / median / max", "peak RSS MB", "goal"], rows)


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def bench_api(data: Path, repeat: int, limit: int | None) -> None:
    from summarize import brief

    lines = (data / "orangesum" / "valid.jsonl").read_text(encoding="utf-8").splitlines()
    articles = [json.loads(line)["article"] for line in lines][:limit]
    brief(articles[0], to=None)  # load profiles and caches once, as a long-lived process would

    def run_all() -> None:
        for text in articles:
            try:
                brief(text)
            except Exception as exc:
                print(f"bench: article failed: {exc}", file=sys.stderr)

    times = timed(run_all, repeat)
    per = [t / len(articles) for t in times]
    table(
        f"Python API, {len(articles)} OrangeSum articles in one process, {repeat} runs",
        ["what", "ms per article min / median / max", "goal"],
        [["brief(text), default options, no translation", stats(per, 1000, "{:.2f}"), "≤ 10 ms"]],
    )


def install_fixtures(store: Path, env: dict[str, str]) -> bool:
    models = sorted(FIXTURES.glob("*.argosmodel"))
    if not models:
        print("bench: no fixture models in tests/fixtures/models: translation skipped", file=sys.stderr)
        return False
    for model in models:
        subprocess.run(
            [str(BIN / "summarize"), "models", "install", str(model)], env=env, check=True, capture_output=True
        )
    return True


def bench_translation(repeat: int) -> None:
    """Our translation stage against raw CTranslate2 on the same sentences and the same loaded model.

    Both sides use one Translator object (a second copy of the model would
    have its own thread pool, and the two pools disturb each other), and
    they take turns going first, so that only our own work is measured.
    """
    from summarize.engines import engine as load_engine
    from summarize.store import list_models
    from summarize.translate import compute_type_setting, translate

    sentences_file = FIXTURES / "sentences.json"
    examples = json.loads(sentences_file.read_text(encoding="utf-8"))
    source = [item["source"] for item in examples["fr-en"]][:8]
    model = next(m for m in list_models() if m.pair == ("fr", "en"))
    threads = 1  # translate()'s default
    translate(source, "fr", ["en"], threads=threads)  # load once: both sides measured warm
    engine = load_engine(model.path, "cpu", threads, compute_type_setting()[0])

    def raw() -> None:
        tokens = [engine.tokenizer.encode(s) for s in source]
        out = engine.translator.translate_batch(tokens, beam_size=4, length_penalty=0.2, replace_unknowns=True)
        [engine.tokenizer.decode(r.hypotheses[0]) for r in out]

    def ours() -> None:
        translate(source, "fr", ["en"], threads=threads)

    raw_t: list[float] = []
    ours_t: list[float] = []
    for i in range(repeat):  # interleave, alternating who goes first, so that drift hits both alike
        if i % 2:
            raw_t += timed(raw, 1)
            ours_t += timed(ours, 1)
        else:
            ours_t += timed(ours, 1)
            raw_t += timed(raw, 1)
    overhead = statistics.median(ours_t) / statistics.median(raw_t) - 1
    best = min(ours_t) / min(raw_t) - 1
    table(
        f"Translation stage vs raw CTranslate2, {len(source)} sentences, fixture fr→en, {repeat} runs",
        ["what", "ms min / median / max"],
        [
            ["raw: encode + translate_batch + decode", stats(raw_t, 1000, "{:.2f}")],
            ["summarize.translate.translate", stats(ours_t, 1000, "{:.2f}")],
            ["overhead, median / min", f"{overhead * 100:+.1f} % / {best * 100:+.1f} % (goal ≤ 10 %)"],
        ],
    )


def venv_size() -> None:
    """Size of a fresh runtime install (no dev extras), the way a user gets it."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(ROOT)], check=True)
        out = subprocess.run(["du", "-sm", str(venv)], check=True, capture_output=True, text=True).stdout
        size = int(out.split()[0])
        biggest = subprocess.run(
            f"du -sm {venv}/lib/python*/site-packages/* | sort -rn | head -6",
            shell=True,
            capture_output=True,
            text=True,
        ).stdout.split("\n")
        rows = [["whole venv", f"{size} MB"]] + [
            [Path(p).name, f"{mb} MB"] for mb, p in (r.split("\t") for r in biggest if r)
        ]
        table("Fresh runtime venv (pip install .)", ["what", "size"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--limit", type=int, default=None, help="articles for the API bench (default all)")
    parser.add_argument("--venv-size", action="store_true", help="also build a fresh venv and measure it (slow)")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        env = isolated_env(tmp)
        ready = install_fixtures(Path(tmp), env)
        bench_processes(args.runs, env, ready)
        bench_api(args.data, max(3, args.runs // 3), args.limit)
        if ready:
            bench_translation(args.runs * 5)
    if args.venv_size:
        venv_size()


if __name__ == "__main__":
    main()
