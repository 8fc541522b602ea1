"""Evaluate the fidelity flags: false alarms on good translations, catches on corrupted ones.

Run from the repo root:  .venv/bin/python eval/eval_fidelity.py [--data ../shared/data]
                         .venv/bin/python eval/eval_fidelity.py --calibrate   (length constants)

Good translations (every flag there is a false alarm):
- the fixture models' exact sentences (tests/fixtures/models/sentences.json; goal 0);
- Tatoeba's 3 × 1,000 reference pairs, both directions;
- NTREX-128 human translations en→fr/es/de and back.  The length constants were
  chosen on the first half of its lines (``--calibrate``); only the second half
  is reported.

Corrupted translations (every one should be flagged with its kind; goal ≥ 95 %),
made from the good pairs of the reported half whose clean translation has no flag
of that kind: a figure's digit changed, a figure dropped, a kept name dropped, a
word doubled ("eacheach"), a phrase repeated three times.  Deterministic (seeded).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from _tables import table  # noqa: E402

from summarize import fidelity  # noqa: E402
from summarize.fidelity.numerals import _NUMBER_RE  # noqa: E402
from summarize.fidelity.propernames import _inner_capitalised  # noqa: E402

Pair = tuple[str, str, str, str]  # source, translation, source language, target language

_NTREX = {"en": "newstest2019-src.eng.txt", "fr": "newstest2019-ref.fra.txt", "es": "newstest2019-ref.spa.txt"}
_NTREX["de"] = "newstest2019-ref.deu.txt"
_TATOEBA = {"fr": "fra", "es": "spa", "de": "deu"}


def fixture_pairs() -> list[Pair]:
    data = json.loads((REPO / "tests/fixtures/models/sentences.json").read_text(encoding="utf-8"))
    pairs: list[Pair] = []
    for key, items in data.items():
        langs = key.split("+")[0].split("-")  # "fr-en+bpe": the BPE package's fr-en
        for item in items:
            pairs.append((item["source"], item["translation"], langs[0], langs[-1]))
            if "pivot" in item:
                pairs.append((item["source"], item["pivot"], langs[0], "en"))
                pairs.append((item["pivot"], item["translation"], "en", langs[-1]))
    return pairs


def tatoeba_pairs(data: Path) -> list[Pair]:
    pairs: list[Pair] = []
    for lang, code in _TATOEBA.items():
        base = data / "tatoeba" / f"tatoeba.{code}-eng"
        other = Path(f"{base}.{code}").read_text(encoding="utf-8").splitlines()
        eng = Path(f"{base}.eng").read_text(encoding="utf-8").splitlines()
        for a, b in zip(other, eng, strict=True):
            pairs += [(a, b, lang, "en"), (b, a, "en", lang)]
    return pairs


def ntrex_pairs(data: Path, half: int) -> list[Pair]:
    """NTREX pairs of one half of the lines (0: calibration, 1: reported)."""
    lines = {lang: (data / "ntrex" / name).read_text(encoding="utf-8").splitlines() for lang, name in _NTREX.items()}
    cut = len(lines["en"]) // 2
    rows = range(cut) if half == 0 else range(cut, len(lines["en"]))
    pairs: list[Pair] = []
    for lang in ("fr", "es", "de"):
        for i in rows:
            pairs += [(lines["en"][i], lines[lang][i], "en", lang), (lines[lang][i], lines["en"][i], lang, "en")]
    return pairs


def flags(pair: Pair) -> list[fidelity.Check]:
    return fidelity.check_sentence(0, *pair)


def false_alarms(name: str, pairs: list[Pair]) -> list[str]:
    flagged = [(pair, flags(pair)) for pair in pairs]
    bad = [(p, f) for p, f in flagged if f]
    kinds = Counter(c.kind for _, f in bad for c in f)
    detail = ", ".join(f"{k} {n}" for k, n in kinds.most_common()) or "-"
    return [name, str(len(pairs)), str(len(bad)), f"{100 * len(bad) / max(len(pairs), 1):.2f} %", detail]


# --------------------------------------------------------------------------
# Corruptions


def _true_figures(pair: Pair) -> list[re.Match[str]]:
    """Figures of the translation that render a figure of the source (not a unit conversion)."""
    values = {v for f in fidelity.figures(pair[0], pair[2]) for v in f.values}
    return [
        m
        for m in _NUMBER_RE.finditer(pair[1])
        if any(f.values & values for f in fidelity.figures(m.group(), pair[3])) and m.group().strip("0.,")
    ]


def _change_figure(pair: Pair, rng: random.Random) -> str | None:
    figs = [d for m in _true_figures(pair) for d in re.finditer(r"\d+", pair[1][: m.end()]) if d.start() >= m.start()]
    if not figs:
        return None
    m = rng.choice(figs)
    digits = list(m.group())
    k = rng.randrange(len(digits))
    digits[k] = str((int(digits[k]) + rng.randint(1, 8)) % 10)
    if digits[0] == "0" and len(digits) > 1:
        digits[0] = "1"
    return pair[1][: m.start()] + "".join(digits) + pair[1][m.end() :]


def _drop_figure(pair: Pair, rng: random.Random) -> str | None:
    figs = _true_figures(pair)
    if not figs:
        return None
    m = rng.choice(figs)
    return re.sub(r"\s{2,}", " ", pair[1][: m.start()] + pair[1][m.end() :]).strip()


def _drop_name(pair: Pair, rng: random.Random) -> str | None:
    """Drop a capitalised inner word of the source that the translation kept verbatim."""
    kept = [w for w in _inner_capitalised(pair[0]) if re.search(rf"\b{re.escape(w)}\b", pair[1])]
    if not kept:
        return None
    word = rng.choice(kept)
    return re.sub(r"\s{2,}", " ", re.sub(rf"\b{re.escape(word)}\b", "", pair[1])).strip()


def _double_word(pair: Pair, rng: random.Random) -> str | None:
    words = [m for m in re.finditer(r"\b[a-zäöüßéèàáíóúñç]{3,}\b", pair[1])]
    if not words:
        return None
    m = rng.choice(words)
    return pair[1][: m.start()] + m.group() * 2 + pair[1][m.end() :]


def _repeat_phrase(pair: Pair, rng: random.Random) -> str | None:
    words = pair[1].rstrip(".!?").split()
    if len(words) < 4:
        return None
    n = rng.choice((2, 3))
    i = rng.randrange(len(words) - n + 1)
    phrase = words[i : i + n]
    return " ".join([*words[: i + n], *phrase, *phrase, *words[i + n :]]) + "."


CORRUPTIONS: dict[str, tuple[Callable[[Pair, random.Random], str | None], tuple[str, ...]]] = {
    "figure changed": (_change_figure, ("figure_missing", "figure_added")),
    "figure dropped": (_drop_figure, ("figure_missing",)),
    "name dropped": (_drop_name, ("name_missing",)),
    "word doubled (eacheach)": (_double_word, ("loop",)),
    "phrase repeated": (_repeat_phrase, ("loop",)),
}


def corrupted(pairs: list[Pair], seed: int = 13) -> Iterator[tuple[str, Pair, tuple[str, ...]]]:
    rng = random.Random(seed)
    for pair in pairs:
        clean = {c.kind for c in flags(pair)}
        for label, (make, kinds) in CORRUPTIONS.items():
            if clean & set(kinds):
                continue
            bad = make(pair, rng)
            if bad is not None and bad != pair[1]:
                yield label, (pair[0], bad, pair[2], pair[3]), kinds


def catch_rates(pairs: list[Pair]) -> list[list[str]]:
    seen: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    for label, pair, kinds in corrupted(pairs):
        seen[label] += 1
        if any(c.kind in kinds for c in flags(pair)):
            caught[label] += 1
    rows = [
        [label, str(seen[label]), str(caught[label]), f"{100 * caught[label] / max(seen[label], 1):.1f} %"]
        for label in CORRUPTIONS
    ]
    total, hit = sum(seen.values()), sum(caught.values())
    rows.append(["all", str(total), str(hit), f"{100 * hit / max(total, 1):.1f} %"])
    return rows


def calibrate(data: Path) -> None:
    """Length factors (chars per English char) and ratio bounds from NTREX's first half."""
    pairs = [p for p in ntrex_pairs(data, 0) if p[2] == "en"]
    factors = {"en": 1.0}
    for lang in ("fr", "es", "de"):
        factors[lang] = round(statistics.median(len(t) / len(s) for s, t, _, tl in pairs if tl == lang), 2)
    print("LENGTH_FACTORS =", factors)
    both = ntrex_pairs(data, 0)
    ratios = sorted(
        math.log(fidelity.length_ratio(s, t, sl, tl)) for s, t, sl, tl in both if len(s) >= fidelity.MIN_LENGTH
    )
    lo, hi = ratios[int(0.001 * len(ratios))], ratios[int(0.999 * len(ratios)) - 1]
    print(f"0.1 %/99.9 % of the ratio: {math.exp(lo):.2f} .. {math.exp(hi):.2f} (bounds are these widened by 25 %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--calibrate", action="store_true", help="print the length constants (NTREX first half)")
    args = parser.parse_args()
    if args.calibrate:
        calibrate(args.data)
        return
    fixture = fixture_pairs()
    tatoeba = tatoeba_pairs(args.data)
    ntrex = ntrex_pairs(args.data, 1)
    table(
        "False alarms on good translations (a flagged sentence is a false alarm)",
        ["set", "pairs", "flagged", "rate", "kinds"],
        [
            false_alarms("fixture-exact sentences (goal 0)", fixture),
            false_alarms("Tatoeba references", tatoeba),
            false_alarms("NTREX human, reported half", ntrex),
        ],
    )
    table(
        "Catch rate on corrupted translations (NTREX reported half + Tatoeba; goal ≥ 95 %)",
        ["corruption", "sentences", "caught", "rate"],
        catch_rates(ntrex + tatoeba),
    )


if __name__ == "__main__":
    main()
