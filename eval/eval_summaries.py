"""ROUGE evaluation of the rank stage on OrangeSum (valid split): prints tables.

ROUGE-1/2/L F1 (x100) of each algorithm's extract against the journalists'
abstract, then the cross-validation figures ``tools/train_ranker.py`` stored
with the ``news`` model (mean and spread over the held-out folds of
OrangeSum's training split), then how ``news`` picks on NTREX documents in en/fr/es/de (no
abstracts: fragments picked, and how stable the picks are across the four
translations). Tokenizer: lower-case, then maximal runs of Unicode letters and
digits (regex ``[^\\W_]+``), so accented letters are kept (rouge-score's
default tokenizer drops non-ASCII letters); no stemming, no stop word
removal. ROUGE-L is the LCS of the two whole texts (like rouge-score's
``rougeL``). Why our own: a few lines, no dependency, and the LCS is
bit-parallel so the whole run stays in seconds.

Usage: python eval/eval_summaries.py [--data DIR] [--limit N] [--algorithms a,b] [--no-ntrex]
"""

from __future__ import annotations

import argparse
import itertools
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

from summarize import choices, news, rank, segment  # noqa: E402

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


#: (sentences, title) -> a function of the length giving the picked indices in article order
Picker = Callable[[Sequence[str], str | None], Callable[[rank.Length], list[int]]]
Table = dict[str, tuple[float, float, float, float]]


def evaluate(articles: Sequence[Article], picker: Picker, *, use_title: bool) -> tuple[Table, float]:
    """Mean (R1, R2, RL, words) per length, and ms per article of ranking and picking 3 sentences."""
    sums: dict[str, list[float]] = {name: [0.0, 0.0, 0.0, 0.0] for name, _ in LENGTHS}
    elapsed = 0.0
    for art in articles:
        title = art.title if use_title else None
        start = time.perf_counter()
        choose = picker(art.sentences, title)
        choose(LENGTHS[2][1])
        elapsed += time.perf_counter() - start
        for name, length in LENGTHS:
            idx = choose(length)
            hyp = tokens(" ".join(art.sentences[i] for i in idx))
            scores = rouge(art.ref, hyp)
            acc = sums[name]
            for k in range(3):
                acc[k] += scores[k]
            acc[3] += len(hyp)
    n = max(1, len(articles))
    table = {name: (v[0] * 100 / n, v[1] * 100 / n, v[2] * 100 / n, v[3] / n) for name, v in sums.items()}
    return table, elapsed * 1000 / n


def algorithm_picker(algorithm: str) -> Picker:
    """What ``rank.pick`` does, with the ranking done once for the four lengths."""

    def run(sentences: Sequence[str], title: str | None) -> Callable[[rank.Length], list[int]]:
        if algorithm == "news":
            return news_picker(sentences, title)
        order = rank.rank(sentences, language="fr", algorithm=algorithm, title=title)
        return lambda length: rank.select(sentences, order, length)

    return run


def news_picker(
    sentences: Sequence[str], title: str | None, generic: bool = False
) -> Callable[[rank.Length], list[int]]:
    """``rank.pick(..., algorithm="news")`` with the features computed once; `generic`: the network every
    language but French gets (the French columns zeroed), on the same French text."""
    model = news.model()
    article = news.analyse(sentences, language="fr", title=title, stops=rank.news_stop_words("fr"))
    if generic:
        tables = slice(len(news.GENERIC), len(news.GENERIC) + len(news.FRENCH))
        article.rows = [row[: tables.start] + [0.0] * len(news.FRENCH) + row[tables.stop :] for row in article.rows]
    values = news.scores(article, model.generic if generic else model.french)

    def choose(length: rank.Length) -> list[int]:
        if len(sentences) < 2:
            return list(range(len(sentences)))
        count = length.count(len(sentences))
        return news.choose(article, values, model.selection, count=count, words=length.words)

    return choose


def generic_picker(sentences: Sequence[str], title: str | None) -> Callable[[rank.Length], list[int]]:
    return news_picker(sentences, title, generic=True)


def print_table(title: str, rows: list[tuple[str, Table, float]]) -> None:
    print(f"\n### {title}\n")
    head = "| algorithm | " + " | ".join(f"{n} R1 / R2 / RL (words)" for n, _ in LENGTHS) + " | ms/article |"
    print(head)
    print("|" + " --- |" * (len(LENGTHS) + 2))
    for name, table, ms in rows:
        cells = [f"{r1:.1f} / {r2:.1f} / {rl:.1f} ({w:.0f})" for r1, r2, rl, w in (table[n] for n, _ in LENGTHS)]
        print(f"| {name} | " + " | ".join(cells) + f" | {ms:.2f} |")


def print_cross_validation() -> None:
    """The per-fold figures tools/train_ranker.py stored with the shipped model: mean ± sd [min–max]."""
    data = json.loads((ROOT / "summarize" / "data" / "news-model.json").read_text(encoding="utf-8"))
    report = data["cross_validation"]
    folds = len(report["lead"])
    articles = data.get("training_articles", 5000)
    print(
        f"\n### Cross-validation on {articles:,} OrangeSum training articles "
        f"({folds} folds; R1 / RL, mean ± sd [min–max] over the folds)\n"
    )
    print(f"Network: {data['setting']}; selection: {data['selection']}.\n")
    print("| model | " + " | ".join(n for n, _ in LENGTHS) + " |")
    print("|" + " --- |" * (len(LENGTHS) + 1))
    names = {
        "french": "news (French network), no headline",
        "french_headline": "news (French network), headline",
        "generic": "news (language-independent network), no headline",
        "generic_headline": "news (language-independent network), headline",
        "lead": "lead",
    }
    for key, label in names.items():
        cells = []
        for length, _ in LENGTHS:
            parts = []
            for k in (0, 2):
                values = [fold[length][k] for fold in report[key]]
                spread = statistics.stdev(values) if len(values) > 1 else 0.0
                parts.append(f"{statistics.mean(values):.2f} ± {spread:.2f} [{min(values):.1f}–{max(values):.1f}]")
            cells.append(" / ".join(parts))
        print(f"| {label} | " + " | ".join(cells) + " |")
    gaps = [
        (f[0]["3 sent"][0] - f[1]["3 sent"][0], f[0]["3 sent"][2] - f[1]["3 sent"][2])
        for f in zip(report["french"], report["lead"], strict=True)
    ]
    print(
        "\n3 sentences, news (no headline) minus Lead-3, per fold: "
        + ", ".join(f"{r1:+.2f} / {rl:+.2f}" for r1, rl in gaps)
        + f" (R1 / RL; mean {statistics.mean(g[0] for g in gaps):+.2f} / {statistics.mean(g[1] for g in gaps):+.2f})"
    )


NTREX = {"en": "newstest2019-src.eng.txt", "fr": "newstest2019-ref.fra.txt"} | {
    "es": "newstest2019-ref.spa.txt",
    "de": "newstest2019-ref.deu.txt",
}


def ntrex_documents(folder: Path) -> dict[str, list[list[str]]]:
    """Per language, the documents (lists of lines), line-aligned across languages."""
    ids = [line.split("\t")[0] for line in (folder / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()]
    out = {}
    for language, name in NTREX.items():
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        out[language] = [[lines[i] for i, _ in group] for _, group in itertools.groupby(enumerate(ids), lambda p: p[1])]
    return out


def ntrex_stability(folder: Path, algorithm: str = "news") -> dict[str, float]:
    """Share of picked lines under 5 words per language, and the mean Jaccard of the picked line numbers
    between each pair of translations of a document (3 lines picked, no headline given)."""
    docs = ntrex_documents(folder)
    fragments: dict[str, list[int]] = {language: [0, 0] for language in docs}
    jaccard = []
    for k in range(len(docs["en"])):
        picks = {}
        for language, documents in docs.items():
            lines = documents[k]
            picks[language] = set(rank.pick(lines, language=language, algorithm=algorithm))
            fragments[language][0] += sum(1 for i in picks[language] if rank.word_count(lines[i], language) < 5)
            fragments[language][1] += len(picks[language])
        for a, b in itertools.combinations(picks.values(), 2):
            jaccard.append(len(a & b) / len(a | b))
    out = {f"fragments {language}": 100 * f / max(1, n) for language, (f, n) in fragments.items()}
    out["jaccard"] = statistics.mean(jaccard)
    return out


def print_ntrex(folder: Path) -> None:
    print(f"\n### NTREX: {len(ntrex_documents(folder)['en'])} documents in en/fr/es/de, 3 lines picked\n")
    print("Fragments: % of picked lines under 5 words. Stability: mean Jaccard of the picked line numbers")
    print("over the 6 pairs of translations of each document (1 = the same lines in every language).\n")
    print("| algorithm | fragments en | fr | es | de | stability (Jaccard) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for algorithm in ("news", "lead", "lexrank"):
        r = ntrex_stability(folder, algorithm)
        cells = " | ".join(f"{r['fragments ' + language]:.1f}" for language in NTREX)
        print(f"| {algorithm} | {cells} | {r['jaccard']:.3f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "data", help="folder holding orangesum/valid.jsonl"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--algorithms", default=",".join(choices.ALGORITHMS), help="comma-separated subset")
    parser.add_argument("--raw", action="store_true", help="split the raw articles, without the structure stage")
    parser.add_argument("--no-ntrex", action="store_true", help="skip the NTREX stability table")
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
        "'35 words': Length(words=35). ms/article: picking 3 sentences (features, scores, selection)."
    )

    algorithms = [a for a in args.algorithms.split(",") if a]
    for use_title in (False, True):
        rows = []
        for algorithm in algorithms:
            rank.rank(["Une phrase.", "Deux phrases."], algorithm=algorithm)  # warm imports and caches
            table, ms = evaluate(articles, algorithm_picker(algorithm), use_title=use_title)
            rows.append((algorithm, table, ms))
            if algorithm == "news":
                table, ms = evaluate(articles, generic_picker, use_title=use_title)
                rows.append(("news, language-independent network", table, ms))
        print_table("with the headline as title=" if use_title else "without title", rows)
    print_cross_validation()
    if not args.no_ntrex:
        print_ntrex(args.data / "ntrex")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
