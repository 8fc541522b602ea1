"""ROUGE evaluation of the rank stage on OrangeSum (valid split): prints tables.

ROUGE-1/2/L F1 (x100) of each algorithm's extract against the journalists'
abstract. Tokenizer: lower-case, then maximal runs of Unicode letters and
digits (regex ``[^\\W_]+``), so accented letters are kept (rouge-score's
default tokenizer drops non-ASCII letters); no stemming, no stop word
removal. ROUGE-L is the LCS of the two whole texts (like rouge-score's
``rougeL``). Why our own: a few lines, no dependency, and the LCS is
bit-parallel so the whole run stays in seconds.

Usage: python eval/eval_summaries.py [--data DIR] [--limit N] [--algorithms a,b]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from summarize import rank, segment  # noqa: E402

TOKEN = re.compile(r"[^\W_]+")
LENGTHS: tuple[tuple[str, rank.Length], ...] = (
    ("1 sent", rank.Length(sentences=1)),
    ("2 sent", rank.Length(sentences=2)),
    ("3 sent", rank.Length(sentences=3)),
    ("35 words", rank.Length(words=35)),
)


def tokens(text: str) -> list[str]:
    """ROUGE tokens: lower-case runs of Unicode letters/digits (accents kept)."""
    return TOKEN.findall(text.lower())


def _f1(overlap: int, hyp: int, ref: int) -> float:
    if overlap == 0 or hyp == 0 or ref == 0:
        return 0.0
    p, r = overlap / hyp, overlap / ref
    return 2 * p * r / (p + r)


def rouge_n(ref: Sequence[str], hyp: Sequence[str], n: int) -> float:
    """ROUGE-N F1 with clipped n-gram counts."""
    rc = Counter(tuple(ref[i : i + n]) for i in range(len(ref) - n + 1))
    hc = Counter(tuple(hyp[i : i + n]) for i in range(len(hyp) - n + 1))
    overlap = sum(min(c, rc[g]) for g, c in hc.items())
    return _f1(overlap, sum(hc.values()), sum(rc.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence, bit-parallel (Hyyrö 2004)."""
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for i, t in enumerate(a):
        masks[t] = masks.get(t, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for t in b:
        u = v & masks.get(t, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


def rouge_l(ref: Sequence[str], hyp: Sequence[str]) -> float:
    return _f1(lcs_length(ref, hyp), len(hyp), len(ref))


def rouge(ref: Sequence[str], hyp: Sequence[str]) -> tuple[float, float, float]:
    """(ROUGE-1, ROUGE-2, ROUGE-L) F1 between token lists."""
    return rouge_n(ref, hyp, 1), rouge_n(ref, hyp, 2), rouge_l(ref, hyp)


def split_sentences(text: str, language: str = "fr") -> list[str]:
    """The pipeline's own splitter (summarize.segment), so the figures are the CLI's."""
    return segment.split_sentences(text, language)


def load(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    records = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                records.append(json.loads(line))
            if limit is not None and len(records) >= limit:
                break
    return records


#: Run the structure stage first, as the pipeline does (``--raw`` turns it off, for before/after).
STRUCTURE = True


class Article:
    """A record with its sentences and abstract tokens, prepared once."""

    __slots__ = ("ref", "sentences", "title")

    def __init__(self, record: dict[str, str]) -> None:
        text = record["article"]
        if STRUCTURE:
            from summarize.structure import structure

            text = structure(text, "fr").body
        self.sentences = split_sentences(text)
        self.title = record.get("title") or None
        self.ref = tokens(record["abstract"])


def prepare(records: Iterable[dict[str, str]]) -> list[Article]:
    return [Article(r) for r in records]


#: (sentences, title) -> every index, best first
Ranker = Callable[[Sequence[str], str | None], list[int]]


def evaluate(
    articles: Sequence[Article], ranker: Ranker, *, use_title: bool
) -> tuple[dict[str, tuple[float, float, float, float]], float]:
    """Mean (R1, R2, RL, words) per length, and ms per article of rank + pick of 3."""
    sums: dict[str, list[float]] = {name: [0.0, 0.0, 0.0, 0.0] for name, _ in LENGTHS}
    elapsed = 0.0
    for art in articles:
        title = art.title if use_title else None
        start = time.perf_counter()
        order = ranker(art.sentences, title)
        rank.select(art.sentences, order, LENGTHS[2][1])
        elapsed += time.perf_counter() - start
        for name, length in LENGTHS:
            idx = rank.select(art.sentences, order, length)
            hyp = tokens(" ".join(art.sentences[i] for i in idx))
            scores = rouge(art.ref, hyp)
            acc = sums[name]
            for k in range(3):
                acc[k] += scores[k]
            acc[3] += len(hyp)
    n = max(1, len(articles))
    table = {name: (v[0] * 100 / n, v[1] * 100 / n, v[2] * 100 / n, v[3] / n) for name, v in sums.items()}
    return table, elapsed * 1000 / n


def algorithm_ranker(algorithm: str) -> Ranker:
    def run(sentences: Sequence[str], title: str | None) -> list[int]:
        return rank.rank(sentences, language="fr", algorithm=algorithm, title=title)

    return run


def print_table(title: str, rows: list[tuple[str, dict[str, tuple[float, float, float, float]], float]]) -> None:
    print(f"\n### {title}\n")
    head = "| algorithm | " + " | ".join(f"{n} R1 / R2 / RL (words)" for n, _ in LENGTHS) + " | ms/article |"
    print(head)
    print("|" + " --- |" * (len(LENGTHS) + 2))
    for name, table, ms in rows:
        cells = [f"{r1:.1f} / {r2:.1f} / {rl:.1f} ({w:.0f})" for r1, r2, rl, w in (table[n] for n, _ in LENGTHS)]
        print(f"| {name} | " + " | ".join(cells) + f" | {ms:.2f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "data", help="folder holding orangesum/valid.jsonl"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--algorithms", default=",".join(rank.ALGORITHMS), help="comma-separated subset")
    parser.add_argument("--no-stoplists", action="store_true", help="skip the French stop list comparison")
    parser.add_argument("--raw", action="store_true", help="split the raw articles, without the structure stage")
    args = parser.parse_args(argv)
    global STRUCTURE
    STRUCTURE = not args.raw

    path = args.data / "orangesum" / "valid.jsonl"
    start = time.perf_counter()
    articles = prepare(load(path, args.limit))
    split_ms = (time.perf_counter() - start) * 1000 / max(1, len(articles))
    mean_sentences = statistics.mean(len(a.sentences) for a in articles)
    print(
        f"OrangeSum valid: {len(articles)} articles, {mean_sentences:.1f} sentences "
        f"and abstracts of {statistics.mean(len(a.ref) for a in articles):.1f} tokens on average; "
        f"sentences split by summarize.segment ({split_ms:.2f} ms/article, plus reading"
        f"{', after the structure stage' if STRUCTURE else ', raw text (--raw)'})."
    )
    print(
        "ROUGE F1 x100; tokens: lower-case runs of Unicode letters/digits, accents kept; no stemming. "
        "'35 words': Length(words=35), whole sentences in rank order. ms/article: rank + pick of 3 sentences."
    )

    algorithms = [a for a in args.algorithms.split(",") if a]
    for use_title in (False, True):
        rows = []
        for algorithm in algorithms:
            rank.rank(["Une phrase.", "Deux phrases."], algorithm=algorithm)  # warm imports and caches
            table, ms = evaluate(articles, algorithm_ranker(algorithm), use_title=use_title)
            rows.append((algorithm, table, ms))
        print_table("with the headline as title=" if use_title else "without title", rows)

    if not args.no_stoplists:
        rows = []
        for full in (False, True):
            rank._FULL_FRENCH_STOP_WORDS = full
            for algorithm in algorithms:
                if algorithm in ("lead", "news"):  # news always uses sumy's list (rank.news_stop_words)
                    continue
                table, ms = evaluate(articles, algorithm_ranker(algorithm), use_title=False)
                rows.append((f"{algorithm}, {'fuller list (691)' if full else 'sumy list (126)'}", table, ms))
        rank._FULL_FRENCH_STOP_WORDS = True
        rows.sort(key=lambda r: r[0])
        print_table("French stop words: sumy's 126 words vs the fuller list (no title)", rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
