"""Hashes of the briefs on the shared data: a speed-up must leave every one of them unchanged.

Run it on the old code and on the new (``PYTHONPATH=/other/tree`` runs another
copy) and compare the lines: each section's hash covers the JSON of every
brief it made (picked positions, counts, headline, furniture), the sentence
split of each article, and the news scorer's scores of its sentences (their
exact ``repr``), so a change anywhere from reading to selection shows.

Sections: OrangeSum valid (news and lead at 1 and 3 sentences and at 35
words; the sumy algorithms at 3 sentences on the first ``--sumy`` articles),
the NTREX documents in en/fr/es/de, the UD sentence files joined as text, and
the 10 MB news input of ``bench_scale.py`` through the CLI (``-f json``) with
every algorithm named by ``--big``.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from bench_scale import MB, news

ROOT = Path(__file__).resolve().parents[1]
#: A brief's length, as ``brief``'s keyword arguments.
Length = dict[str, Any]
LENGTHS: tuple[Length, ...] = ({"sentences": 1}, {"sentences": 3}, {"words": 35})
NTREX = {"en": "newstest2019-src.eng.txt", "fr": "newstest2019-ref.fra.txt", "es": "newstest2019-ref.spa.txt"}
NTREX["de"] = "newstest2019-ref.deu.txt"


def orangesum(data: Path) -> list[tuple[str, str]]:
    """(title, article) of each OrangeSum validation article."""
    with (data / "orangesum" / "valid.jsonl").open(encoding="utf-8") as lines:
        return [(row["title"], row["article"]) for row in map(json.loads, lines)]


def ntrex(data: Path) -> Iterator[str]:
    """Each NTREX document (its lines, in order) in each of the four languages."""
    ids = (data / "ntrex" / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    for name in NTREX.values():
        lines = (data / "ntrex" / name).read_text(encoding="utf-8").splitlines()
        docs: dict[str, list[str]] = {}
        for doc, line in zip(ids, lines, strict=True):
            docs.setdefault(doc, []).append(line)
        yield from (" ".join(doc) for doc in docs.values())


def ud(data: Path) -> Iterator[str]:
    """Each UD sentence file joined into one text (sentences with a space between)."""
    for path in sorted((data / "ud-multilingual").glob("*.sentences.txt")):
        yield " ".join(path.read_text(encoding="utf-8").split("\n"))


def briefs(texts: Iterable[tuple[str | None, str]], algorithms: Iterable[str], lengths: Iterable[Length]) -> str:
    """One hash over every brief's JSON, each text's sentences and its news scores."""
    from summarize import brief
    from summarize.errors import SummarizeError
    from summarize.news import score_sentences
    from summarize.pipeline import read_copy
    from summarize.rank import news_stop_words
    from summarize.segment import split_sentences

    digest = hashlib.sha256()
    algorithms, lengths = list(algorithms), list(lengths)
    for title, text in texts:
        for algorithm in algorithms:
            for length in lengths:
                try:
                    made = json.dumps(brief(text, title=title, algorithm=algorithm, **length).to_dict())
                except SummarizeError as error:
                    made = f"error {type(error).__name__}: {error}"
                digest.update(made.encode() + b"\n")
        if "news" in algorithms:
            copy = read_copy(text, title=title)
            language = brief(text, title=title, algorithm="lead", sentences=1).source.language
            parts = split_sentences(copy.body, language)
            scores = score_sentences(parts, language=language, title=copy.headline, stops=news_stop_words(language))
            digest.update(json.dumps([parts, [repr(s) for s in scores]]).encode() + b"\n")
    return digest.hexdigest()


def cli(text: bytes, algorithm: str) -> str:
    """The hash of ``summarize --to none -f json -a ALGORITHM``'s stdout on ``text`` (and its exit code)."""
    argv = [sys.executable, "-m", "summarize", "--to", "none", "-f", "json", "-a", algorithm]
    done = subprocess.run(argv, input=text, capture_output=True, check=False)
    return hashlib.sha256(done.stdout + f"\nexit {done.returncode}".encode()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--sumy", type=int, default=100, help="OrangeSum articles ranked by each sumy algorithm")
    parser.add_argument("--big", default="news,lead,lexrank", help="algorithms run on the 10 MB input ('' for none)")
    args = parser.parse_args()
    from summarize.choices import ALGORITHMS

    valid = orangesum(args.data)
    sumy = [a for a in ALGORITHMS if a not in ("news", "lead")]
    sections: dict[str, Callable[[], str]] = {
        "orangesum news+lead": lambda: briefs(valid, ["news", "lead"], LENGTHS),
        f"orangesum[:{args.sumy}] sumy": lambda: briefs(valid[: args.sumy], sumy, [{"sentences": 3}]),
        "ntrex news+lead": lambda: briefs(((None, t) for t in ntrex(args.data)), ["news", "lead"], LENGTHS),
        "ud news+lead": lambda: briefs(((None, t) for t in ud(args.data)), ["news", "lead"], LENGTHS),
    }
    big = news(args.data, 10 * MB)
    for algorithm in filter(None, args.big.split(",")):
        sections[f"10 MB cli {algorithm}"] = functools.partial(cli, big, algorithm)
    for name, run in sections.items():
        start = time.perf_counter()
        print(f"{name}: {run()}  ({time.perf_counter() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
