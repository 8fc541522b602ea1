"""Evaluation of the structure stage on newsroom copy (tests/data/copy): prints tables.

Each story ``NAME.txt`` (or ``NAME.html``, a saved page) has ``NAME.json`` beside it
with its expected parts: ``title``, ``standfirst``, ``dateline``, ``byline``,
``published`` (null when the copy has none), ``furniture`` (strings that are not
article text: none may be in a picked sentence) and optionally ``body_contains``
(text the cleaned body must keep, e.g. a rejoined hyphenated word).

Printed: per-part accuracy (exact match after collapsing spaces), the share of
furniture strings left in the body, and the **furniture rate**: the share of
picked sentences (3 per story, for each algorithm) that contain furniture.
The same rate without the stage (raw text, headline split only, as before)
is printed for comparison.

Usage: python eval/eval_copy.py [--data tests/data/copy] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from summarize import rank, reading, segment  # noqa: E402
from summarize.structure import Copy, structure  # noqa: E402

PARTS = ("title", "standfirst", "dateline", "byline", "published")
ALGORITHMS = ("news", "lead", "lexrank", "textrank")


def _squash(value: str | None) -> str | None:
    return " ".join(value.split()) if value else None


def load_story(path: Path, *, keep_furniture: bool = False) -> tuple[Copy, float]:
    """The story's parts as the pipeline sees them, and the ms the stage (and extraction) took."""
    raw = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    start = time.perf_counter()
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    if reading.is_html(raw):
        page = reading.extract_html(raw, name=path.name)
        copy = structure(
            page.text,
            expected["language"],
            keep_furniture=keep_furniture,
            title=page.title,
            byline=page.byline,
            published=page.published,
            standfirst=page.standfirst,
        )
    else:
        copy = structure(raw, expected["language"], keep_furniture=keep_furniture)
    return copy, (time.perf_counter() - start) * 1000


def picks(copy: Copy, language: str, algorithm: str) -> list[str]:
    sentences = segment.split_sentences(copy.body, language)
    if not sentences:
        return []
    chosen = rank.pick(sentences, language=language, algorithm=algorithm, length=rank.Length(sentences=3),
                       title=copy.headline)  # fmt: skip
    return [sentences[i] for i in chosen]


def evaluate(folder: Path, verbose: bool) -> dict[str, Any]:
    stories = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html") and p.with_suffix(".json").exists())
    right = dict.fromkeys(PARTS, 0)
    furniture_total = furniture_left = kept_total = kept_ok = 0
    picked = {a: [0, 0] for a in ALGORITHMS}  # algorithm -> [furniture picks, picks]
    picked_raw = {a: [0, 0] for a in ALGORITHMS}
    languages: dict[str, int] = {}
    elapsed: list[float] = []
    for path in stories:
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        language = expected["language"]
        languages[language] = languages.get(language, 0) + 1
        copy, ms = load_story(path)
        elapsed.append(ms)
        raw_copy, _ = load_story(path, keep_furniture=True)
        for part in PARTS:
            got, want = _squash(getattr(copy, part)), _squash(expected.get(part))
            if got == want:
                right[part] += 1
            elif verbose:
                print(f"{path.name}: {part}: got {got!r}, want {want!r}")
        furniture = expected.get("furniture", [])
        furniture_total += len(furniture)
        for item in furniture:
            if item in copy.body:
                furniture_left += 1
                if verbose:
                    print(f"{path.name}: furniture left in the body: {item!r}")
        for item in expected.get("body_contains", []):
            kept_total += 1
            if item in copy.body:
                kept_ok += 1
            elif verbose:
                print(f"{path.name}: body lost {item!r}")
        for algorithm in ALGORITHMS:
            for table, source in ((picked, copy), (picked_raw, raw_copy)):
                for sentence in picks(source, language, algorithm):
                    bad = any(item in sentence for item in furniture)
                    table[algorithm][0] += bad
                    table[algorithm][1] += 1
                    if bad and verbose and table is picked:
                        print(f"{path.name}: {algorithm} picked furniture: {sentence[:100]!r}")
    return {
        "stories": len(stories),
        "languages": languages,
        "right": right,
        "furniture": (furniture_left, furniture_total),
        "kept": (kept_ok, kept_total),
        "picked": picked,
        "picked_raw": picked_raw,
        "ms": sorted(elapsed),
    }


def orangesum_long_picks(path: Path) -> None:
    """Picked sentences over 80 words on OrangeSum valid (3 per article), before and after the stage."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"\nOrangeSum valid ({len(records)} scraped articles): picked sentences over 80 words (3 per article).\n")
    print("| algorithm | raw text | with the structure stage |")
    print("| --- | --- | --- |")
    bodies = [structure(r["article"], "fr").body for r in records]
    start = time.perf_counter()
    for r in records:
        structure(r["article"], "fr")
    stage_ms = (time.perf_counter() - start) * 1000 / max(1, len(records))
    for algorithm in ("news", "lead", "lexrank"):
        counts = []
        for texts in ([r["article"] for r in records], bodies):
            long = 0
            for text, record in zip(texts, records, strict=True):
                sentences = segment.split_sentences(text, "fr")
                chosen = rank.pick(sentences, language="fr", algorithm=algorithm, length=rank.Length(sentences=3),
                                   title=record.get("title"))  # fmt: skip
                long += sum(len(sentences[i].split()) > 80 for i in chosen)
            counts.append(long)
        print(f"| {algorithm} | {counts[0]} | {counts[1]} |")
    print(f"\nStructure stage on OrangeSum: {stage_ms:.2f} ms per article (in-process, word lists loaded).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data" / "copy", help="folder of stories")
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    parser.add_argument(
        "--orangesum", type=Path, default=ROOT.parent / "shared" / "data" / "orangesum" / "valid.jsonl",
        help="OrangeSum valid split, for the long-sentence check (skipped when missing)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    result = evaluate(args.data, args.verbose)
    n = result["stories"]
    langs = ", ".join(f"{k} {v}" for k, v in sorted(result["languages"].items()))
    print(f"\n### Newsroom copy: {n} stories ({langs})\n")
    print("| part | right | accuracy |")
    print("| --- | --- | --- |")
    for part in PARTS:
        print(f"| {part} | {result['right'][part]}/{n} | {result['right'][part] / max(1, n):.0%} |")
    left, total = result["furniture"]
    print(f"| furniture strings left in the body | {left}/{total} | {left / max(1, total):.1%} |")
    ok, kept = result["kept"]
    print(f"| body text kept (rejoined words, glued sentences) | {ok}/{kept} | {ok / max(1, kept):.0%} |")
    print("\nFurniture rate: share of picked sentences (3 per story) that contain furniture.\n")
    print("| algorithm | with the structure stage | raw copy (headline only, as before) |")
    print("| --- | --- | --- |")
    for algorithm in ALGORITHMS:
        bad, all_ = result["picked"][algorithm]
        bad_raw, all_raw = result["picked_raw"][algorithm]
        with_stage = f"{bad}/{all_} ({bad / max(1, all_):.1%})"
        without = f"{bad_raw}/{all_raw} ({bad_raw / max(1, all_raw):.1%})"
        print(f"| {algorithm} | {with_stage} | {without} |")
    ms = result["ms"]
    if ms:
        print(f"\nStage time per story (HTML: with extraction): median {ms[len(ms) // 2]:.1f} ms, max {ms[-1]:.1f} ms.")
    pages = [p.read_text(encoding="utf-8") for p in sorted(args.data.glob("*.html"))]
    if pages:
        passes = []
        for _ in range(3):  # the first import of trafilatura is paid above
            start = time.perf_counter()
            for page in pages:
                reading.extract_html(page)
            passes.append((time.perf_counter() - start) * 1000 / len(pages))
        print(f"HTML extraction (trafilatura, warm): {min(passes):.1f} ms a page (best of 3 passes over {len(pages)}).")
    if args.orangesum.exists():
        orangesum_long_picks(args.orangesum)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
