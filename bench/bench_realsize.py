"""Speed and memory with Argos packages of the real size (``make bench``).

The packages come from ``tools/build_realsize_model.py`` (``make
realsize-model``): argos-train's shape (6+6 layers, d_model 512, 8 heads, FFN
2048, SentencePiece 32k), int8, with set weights that copy their input, so
every output is as long as its source and decoding costs what it costs with a
real model of that shape. The same model is installed as fr→en, en→es and
en→de, so ``--to en,es,de`` pivots through English with three loaded models.

Reported: package size, load time, whole-process ``summarize --to en`` and
``--to en,es,de`` on the example article against a bare script that only
loads CTranslate2 + SentencePiece and translates the same sentences (in one
call on one thread, and split over the cores as ``summarize`` splits a leg
that translates alone), the translation stage against raw ``translate_batch``
on the same loaded model, and ``summarize batch --to en`` with 2 workers
(articles/s, peak RSS per worker). Every figure is min / median / max of
several runs; the machine is shared, so the load average is printed with
each table.

summarize's modules are compiled to bytecode first, as ``pip install`` does:
a development venv under ``PYTHONDONTWRITEBYTECODE=1`` would otherwise
compile them again in every process (~50 ms), which no installed copy does.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _tables import table

from bench import ARTICLE, BIN, ROOT, isolated_env, run_process, stats

PAIRS = (("fr", "en"), ("en", "es"), ("en", "de"))

# A bare process that does only what translation needs: import, load, encode,
# translate (summarize's settings: beam 4, length penalty 0.2, 1 thread a call),
# decode; the first leg's output (English) feeds every further leg, as in summarize.
# With "split" > 1, the first leg's sentences go in that many calls side by side
# (as many replicas, longest sentences spread first), as summarize does with a leg alone;
# later legs run side by side, one thread each.
RAW_SCRIPT = """
import json, sys
from concurrent.futures import ThreadPoolExecutor
import ctranslate2, sentencepiece
job = json.loads(sys.argv[1])
def run(folder, texts, split):
    sp = sentencepiece.SentencePieceProcessor(model_file=folder + "/sentencepiece.model")
    tr = ctranslate2.Translator(folder + "/model", device="cpu", compute_type="int8", inter_threads=split,
                                intra_threads=1)
    tokens = [sp.encode(t, out_type=str) for t in texts]
    groups, sizes = [[] for _ in range(split)], [0] * split
    for i in sorted(range(len(tokens)), key=lambda i: -len(tokens[i])):
        g = sizes.index(min(sizes)); groups[g].append(i); sizes[g] += len(tokens[i])
    def call(group):
        return tr.translate_batch([tokens[i] for i in group], beam_size=4, num_hypotheses=1,
                                  length_penalty=0.2, replace_unknowns=True)
    out = [None] * len(tokens)
    with ThreadPoolExecutor(split) as pool:
        for group, results in zip(groups, pool.map(call, [sorted(g) for g in groups])):
            for i, r in zip(sorted(group), results):
                out[i] = sp.decode(r.hypotheses[0])
    return out
english = run(job["first"], job["sentences"], job["split"])
with ThreadPoolExecutor(max(1, len(job["then"]))) as pool:
    later = list(pool.map(lambda leg: run(leg, english, 1), job["then"]))
print(json.dumps([english] + later))
"""


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def install(models: Path, env: dict[str, str]) -> dict[tuple[str, str], Path]:
    """Install the packages with ``summarize models install``; their installed folders by pair."""
    from summarize.store import list_models

    files = [models / f"translate-{src}_{tgt}.argosmodel" for src, tgt in PAIRS]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise SystemExit(f"bench_realsize: {', '.join(missing)} not in {models}: run `make realsize-model` first")
    for file in files:
        subprocess.run(
            [str(BIN / "summarize"), "models", "install", str(file)], env=env, check=True, capture_output=True
        )
    return {m.pair: m.path for m in list_models() if m.pair in PAIRS}


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def bench_package(models: Path, installed: dict[tuple[str, str], Path], runs: int) -> None:
    from summarize.engines import engine as load_engine
    from summarize.translate import clear_cache, compute_type_setting

    folder = installed[("fr", "en")]
    times = []
    for _ in range(runs):
        clear_cache()
        start = time.perf_counter()
        load_engine(folder, "cpu", 1, compute_type_setting()[0])
        times.append(time.perf_counter() - start)
    clear_cache()
    config = json.loads((folder / "model" / "config.json").read_text())
    rows = [
        [".argosmodel file", f"{(models / 'translate-fr_en.argosmodel').stat().st_size / 1e6:.1f} MB"],
        ["installed folder", f"{du_mb(folder):.1f} MB"],
        ["model/model.bin (int8)", f"{(folder / 'model' / 'model.bin').stat().st_size / 1e6:.1f} MB"],
        ["vocabulary", f"{len(json.loads((folder / 'model' / 'shared_vocabulary.json').read_text())):,} pieces"],
        ["add_source_eos (copy model only)", str(config.get("add_source_eos"))],
        [f"load: tokenizer + Translator, s min / median / max ({runs} runs, warm file cache)", stats(times)],
    ]
    table(f"Real-size package (fr→en), load {load()}", ["what", "value"], rows)


def picked_sentences() -> list[str]:
    from summarize import brief

    result = brief(ARTICLE.read_text(encoding="utf-8"), to=None)
    return [s.text for s in result.summary.sentences]


def run_cpu(argv: list[str], stdin: bytes, env: dict[str, str]) -> tuple[float, float, int]:
    """Wall time (s), CPU time (user + sys, s) and peak RSS (KB) of one run; fails on a non-zero exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed, peak, code = run_process(argv, stdin, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code != 0:
        raise SystemExit(f"bench_realsize: {' '.join(argv[:3])} exited {code}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), peak


def bench_processes(
    installed: dict[tuple[str, str], Path], sentences: list[str], runs: int, env: dict[str, str]
) -> None:
    """Whole ``summarize`` runs and a bare CTranslate2 script on the same sentences, taking turns.

    CPU time is printed next to wall time: on a shared machine the wall time
    mostly measures the other users, CPU time much less so (one thread each).
    """
    exe = str(BIN / "summarize")
    article = ARTICLE.read_bytes()
    fr_en, en_es, en_de = (str(installed[p]) for p in PAIRS)

    cores = min(len(sentences), os.cpu_count() or 1)

    def bare(then: list[str], split: int = 1) -> list[str]:
        job = {"sentences": sentences, "first": fr_en, "then": then, "split": split}
        return [sys.executable, "-c", RAW_SCRIPT, json.dumps(job)]

    cases = [
        ("summarize --to none < article", [exe, "--to", "none"], article, ""),
        ("summarize --to en < article", [exe, "--to", "en"], article, "≤ 0.5 s"),
        ("bare script: load fr→en + translate (1 call, 1 thread)", bare([]), b"", ""),
        (f"bare script: load fr→en + translate in {cores} calls side by side", bare([], cores), b"", ""),
        ("summarize --to en,es,de < article (pivot)", [exe, "--to", "en,es,de"], article, "≤ 1.2 s"),
        ("bare script: load 3 models + translate (pivot, es ∥ de)", bare([en_es, en_de]), b"", ""),
    ]
    for _, argv, stdin, _ in cases:
        run_process(argv, stdin, env)  # warm the file cache
    measured: list[list[tuple[float, float, int]]] = [[] for _ in cases]
    for i in range(runs):  # round robin, alternating the direction, so that drift hits every case alike
        order = list(range(len(cases)))
        for k in order if i % 2 == 0 else order[::-1]:
            measured[k].append(run_cpu(cases[k][1], cases[k][2], env))
    rows = []
    for (label, _, _, goal), runs_of in zip(cases, measured, strict=True):
        walls, cpus, peaks = zip(*runs_of, strict=True)
        rows.append(
            [label, stats(walls), f"{statistics.median(cpus):.3f}", f"{statistics.median(peaks) / 1024:.0f}", goal]
        )
    cpu = [statistics.median(r[1] for r in runs_of) for runs_of in measured]
    table(
        f"Whole process, example article ({len(sentences)} sentences picked), {runs} runs each, load {load()}",
        ["command", "wall s min / median / max", "CPU s median", "peak RSS MB", "goal (wall, median)"],
        rows,
    )
    print(
        f"translation's share of `summarize --to en` (CPU, --to en minus --to none): {cpu[1] - cpu[0]:.3f} s; "
        f"the bare script: {cpu[2]:.3f} s (Python + imports + load + translate); `summarize` loads its "
        f"models in the background while it reads and ranks, and splits a leg that translates alone over "
        f"the cores (CPU time above wall time)"
    )


def bench_stage(installed: dict[tuple[str, str], Path], sentences: list[str], runs: int) -> None:
    """The translation stage against raw translate_batch, same loaded model, taking turns (as bench.py)."""
    from summarize.engines import engine as load_engine
    from summarize.translate import compute_type_setting, translate

    translate(sentences, "fr", ["en"])  # load once: both sides measured warm
    # The very Translator translate() uses (a second copy would have its own thread pool).
    engine = load_engine(installed[("fr", "en")], "cpu", 1, compute_type_setting()[0])

    def raw() -> None:
        tokens = [engine.tokenizer.encode(s) for s in sentences]
        out = engine.translator.translate_batch(tokens, beam_size=4, length_penalty=0.2, replace_unknowns=True)
        [engine.tokenizer.decode(r.hypotheses[0]) for r in out]

    def ours() -> None:
        translate(sentences, "fr", ["en"])

    times: dict[str, list[tuple[float, float]]] = {"raw": [], "ours": []}
    for i in range(runs):  # take turns, alternating who goes first, so that drift hits both alike
        for name, fn in [("raw", raw), ("ours", ours)][:: 1 if i % 2 else -1]:
            wall, cpu = time.perf_counter(), time.process_time()
            fn()
            times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    tokens = [len(engine.tokenizer.encode(s)) for s in sentences]
    rows = []
    for name, label in (("raw", "raw: encode + translate_batch + decode"), ("ours", "summarize.translate.translate")):
        walls, cpus = zip(*times[name], strict=True)
        rows.append([label, stats(walls, 1000, "{:.1f}"), stats(cpus, 1000, "{:.1f}")])
    ratios = []
    for k in (0, 1):
        ours_k = [t[k] for t in times["ours"]]
        raw_k = [t[k] for t in times["raw"]]
        ratios.append(
            f"{(statistics.median(ours_k) / statistics.median(raw_k) - 1) * 100:+.1f} % / "
            f"{(min(ours_k) / min(raw_k) - 1) * 100:+.1f} %"
        )
    rows.append(["overhead, median / min (goal ≤ 5 %)", *ratios])
    table(
        f"Translation stage vs raw CTranslate2, fr→en, {len(sentences)} sentences "
        f"({sum(tokens)} tokens in, as many out), {runs} runs, load {load()}",
        ["what", "wall ms min / median / max", "CPU ms min / median / max"],
        rows,
    )


def bench_batch(data: Path, articles: int, runs: int) -> None:
    from bench_batch import one_run

    feed = data / "orangesum" / "valid.jsonl"
    rows = []
    cpu_per_article = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 2):
            results = []
            for _ in range(runs):
                cpu = time.process_time()
                results.append(
                    one_run(feed, Path(tmp) / "out.jsonl", workers=workers, scheduler=None, to="en", limit=articles)
                )
                if workers == 1:  # in-process: this process's CPU time is the batch's
                    cpu_per_article = (time.process_time() - cpu) / articles
            rates = [r["rate"] for r in results]
            rows.append(
                [
                    f"{workers} worker{'s' if workers > 1 else ''}",
                    f"{results[0]['done']:.0f} / {results[0]['failed']:.0f}",
                    stats(rates, 1, "{:.1f}"),
                    f"{max(r['peak_mb'] for r in results):.0f}",
                    "≥ 6 articles/s, ≤ 300 MB" if workers == 2 else "",
                ]
            )
    table(
        f"summarize batch --to en, {articles} OrangeSum articles, {runs} run(s), load {load()}",
        ["runner", "done / failed", "articles/s min / median / max", "peak RSS MB per worker", "goal"],
        rows,
    )
    print(
        f"CPU per article (1 worker, in-process): {cpu_per_article * 1000:.0f} ms, "
        f"so 2 idle cores would give at most {2 / cpu_per_article:.1f} articles/s"
    )


def bench_grouping(data: Path, articles: int) -> None:
    """CPU per article when several briefs share one ``translate`` call (what batch chunks could do)."""
    from summarize import brief
    from summarize.translate import translate

    lines = (data / "orangesum" / "valid.jsonl").read_text(encoding="utf-8").splitlines()[:articles]
    briefs = [[s.text for s in brief(json.loads(line)["article"], to=None).summary.sentences] for line in lines]
    translate(briefs[0], "fr", ["en"])  # loaded once, as in a worker
    rows = []
    for group in (1, 4, 8):
        cpu, wall = time.process_time(), time.perf_counter()
        for i in range(0, len(briefs), group):
            translate([s for b in briefs[i : i + group] for s in b], "fr", ["en"])
        per_cpu = (time.process_time() - cpu) / len(briefs)
        per_wall = (time.perf_counter() - wall) / len(briefs)
        rows.append(
            [f"{group} brief{'s' if group > 1 else ''} a call", f"{per_wall * 1000:.0f}", f"{per_cpu * 1000:.0f}"]
        )
    table(
        f"fr→en of {len(briefs)} OrangeSum briefs, several per translate() call, load {load()}",
        ["grouping", "wall ms an article", "CPU ms an article"],
        rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--models", type=Path, default=ROOT / "build" / "realsize")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--articles", type=int, default=120, help="OrangeSum articles for the batch case")
    parser.add_argument("--batch-runs", type=int, default=2)
    parser.add_argument("--no-batch", action="store_true")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}; shared: load average is printed with each table; summarize's modules "
        "compiled to bytecode first (as pip install does)"
    )
    compileall.compile_dir(ROOT / "summarize", quiet=1)  # as pip install does (module docstring)
    with tempfile.TemporaryDirectory() as tmp:
        env = isolated_env(tmp)
        installed = install(args.models, env)
        bench_package(args.models, installed, args.runs)
        sentences = picked_sentences()
        bench_processes(installed, sentences, args.runs, env)
        bench_stage(installed, sentences, args.runs * 3)
        if not args.no_batch:
            bench_batch(args.data, args.articles, args.batch_runs)
            bench_grouping(args.data, 48)


if __name__ == "__main__":
    main()
