"""Outside French: fragment picks on NTREX documents and detection misfires on single sentences.

Two tables, from the shared data only (no reference summaries exist outside
French, so these measure failure modes, not ROUGE):

* Fragments: NTREX-128 (eng, fra, spa, deu; 123 news documents, one sentence
  a line, the first line a headline) joined three lines to a paragraph and
  briefed with each algorithm (3 sentences, language given). A picked
  sentence of fewer than 5 words is a fragment (a leftover of a false split,
  an interjection). Lower is better; 0 unless a document has nothing else.
* Detection: every UD sentence (fr + 8 languages) and NTREX line detected
  alone, and every NTREX document whole. "wrong" is a language other than the
  gold one; "silent" is wrong without a warning (``Detection.warnings``);
  "refused" is a LanguageDetectionError (asks for --from). "restricted":
  detection limited to the languages of the table (``languages=``).

Usage: python eval/eval_languages.py [--data DIR] [--algorithms a,b] [--skip-detection]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from summarize import choices, detect, rank, reading, segment  # noqa: E402
from summarize.errors import LanguageDetectionError  # noqa: E402

NTREX = {"en": "newstest2019-src.eng.txt", "fr": "newstest2019-ref.fra.txt"} | {
    "es": "newstest2019-ref.spa.txt",
    "de": "newstest2019-ref.deu.txt",
}
FRAGMENT_WORDS = 5


def ntrex_documents(data: Path, language: str) -> list[str]:
    """Each NTREX document as a headline line, then its sentences three to a paragraph."""
    ids = (data / "ntrex" / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    lines = (data / "ntrex" / NTREX[language]).read_text(encoding="utf-8").splitlines()
    docs = []
    for _, group in groupby(zip(ids, lines, strict=True), key=lambda pair: pair[0].split("\t")[0]):
        sentences = [line.strip() for _, line in group]
        body = [" ".join(sentences[i : i + 3]) for i in range(1, len(sentences), 3)]
        docs.append(sentences[0] + "\n\n" + "\n\n".join(body))
    return docs


def fragment_table(data: Path, algorithms: Sequence[str]) -> None:
    print("\n### Fragments picked (< 5 words) in 3-sentence briefs of the 123 NTREX documents\n")
    print("| algorithm | " + " | ".join(NTREX) + " |")
    print("|" + " --- |" * (len(NTREX) + 1))
    docs = {lang: [reading.split_title(segment.normalize(d)) for d in ntrex_documents(data, lang)] for lang in NTREX}
    for algorithm in algorithms:
        cells = []
        for lang, items in docs.items():
            picked = 0
            for title, body in items:
                sentences = segment.split_sentences(body, lang)
                chosen = rank.pick(sentences, language=lang, algorithm=algorithm, title=title)
                picked += sum(1 for i in chosen if rank.word_count(sentences[i], lang) < FRAGMENT_WORDS)
            cells.append(str(picked))
        print(f"| {algorithm} | " + " | ".join(cells) + " |")


def ud_sentences(data: Path) -> dict[str, list[str]]:
    found = {"fr": data / "ud-french-gsd" / "fr_gsd-ud-dev.sentences.txt"}
    for path in sorted((data / "ud-multilingual").glob("*.sentences.txt")):
        found[path.name[:2]] = path
    return {lang: [s for s in p.read_text(encoding="utf-8").splitlines() if s.strip()] for lang, p in found.items()}


def detection_row(name: str, lang: str, texts: Sequence[str], languages: Sequence[str] | None) -> str:
    wrong = silent = refused = warned = 0
    for text in texts:
        try:
            found = detect.detect_language(text, languages) if languages else detect.detect_language(text)
        except LanguageDetectionError:
            refused += 1
            continue
        has_warning = bool(getattr(found, "warnings", ()))
        warned += has_warning
        if found.language != lang:
            wrong += 1
            silent += not has_warning
    n = len(texts)

    def pct(k: int) -> str:
        return f"{100 * k / n:.1f} %" if n else "-"

    return f"| {name} | {lang} | {n} | {pct(refused)} | {pct(wrong)} | {pct(silent)} | {pct(warned)} |"


def detection_table(data: Path) -> None:
    restrictable = "languages" in detect.detect_language.__code__.co_varnames
    print("\n### Language detection: single sentences and whole documents\n")
    print("| texts | gold | n | refused | wrong | wrong, silent | warned |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    ud = ud_sentences(data)
    ntrex = {lang: (data / "ntrex" / f).read_text(encoding="utf-8").splitlines() for lang, f in NTREX.items()}
    modes: list[tuple[str, Sequence[str] | None]] = [("", None)]
    if restrictable:
        modes.append((", restricted", list(ud)))
    for suffix, languages in modes:
        for lang, sentences in ud.items():
            print(detection_row("UD sentences" + suffix, lang, sentences, languages))
        for lang, lines in ntrex.items():
            print(detection_row("NTREX lines" + suffix, lang, lines, languages))
        for lang in NTREX:
            docs = [reading.split_title(d)[1] for d in ntrex_documents(data, lang)]
            print(detection_row("NTREX documents" + suffix, lang, docs, languages))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--algorithms", default=",".join(choices.ALGORITHMS))
    parser.add_argument("--skip-detection", action="store_true")
    args = parser.parse_args(argv)
    fragment_table(args.data, [a for a in args.algorithms.split(",") if a])
    if not args.skip_detection:
        detection_table(args.data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
