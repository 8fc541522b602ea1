"""Write OrangeSum's full training split (abstract task) as JSON lines, for tools/train_ranker.py.

Source: the public repository github.com/Tixierae/OrangeSum (CC BY-SA 4.0; Kamal Eddine,
Tixier, Vazirgiannis, "BARThez: a Skilled Pretrained French Sequence-to-Sequence Model",
2020), read from a local bare git mirror (no network). The official split of the abstract
task is ``splits_heading_as_summary/train.txt`` (21,401 ids); each id's
``data/docs/parsed/ID.json`` holds ``article``, ``heading`` (the abstract) and ``title``.

Only the TRAIN split is written, in the shared format of ``train-5k.jsonl`` (one object a
line: ``id``, ``title``, ``abstract``, ``article``, texts verbatim: the shared file is the
first 5,000 ids of the same list with byte-identical texts), in the split's order, so
article k of both files is the same and lands in the same cross-validation fold. The
validation and test ids are never read. As a safety net, a training document whose
article (whitespace-normalised, lower-case) equals one in the shared ``valid.jsonl`` is
dropped, as is one with an empty article or abstract; the counts are printed.

Usage: python tools/get_orangesum.py [--mirror DIR] [--valid FILE] [--out FILE]
(``make ranker-data``; writes the git-ignored build/orangesum/train.jsonl). Exit 2 with one
line on stderr when the mirror is absent.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIRROR = Path("/work/.mirror/Tixierae+OrangeSum/repo")
SPLIT = "splits_heading_as_summary/train.txt"


def normalise(text: str) -> str:
    """What counts as the same article: case and whitespace aside."""
    return " ".join(text.lower().split())


def read_blobs(mirror: Path, paths: list[str]) -> list[bytes]:
    """The files at HEAD, in order, through one `git cat-file --batch` (36k files in seconds)."""
    request = "".join(f"HEAD:{p}\n" for p in paths).encode()
    out = subprocess.run(
        ["git", "-C", str(mirror), "cat-file", "--batch"], input=request, capture_output=True, check=True
    ).stdout
    blobs, pos = [], 0
    for path in paths:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if len(header) < 3 or header[1] != b"blob":
            raise SystemExit(f"get_orangesum: {path} is missing from the mirror")
        size = int(header[2])
        blobs.append(out[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1
    return blobs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mirror", type=Path, default=MIRROR, help="bare git mirror of Tixierae/OrangeSum")
    parser.add_argument("--valid", type=Path, default=ROOT.parent / "shared" / "data" / "orangesum" / "valid.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "orangesum" / "train.jsonl")
    args = parser.parse_args(argv)
    if not (args.mirror / "HEAD").is_file():
        print(f"get_orangesum: no OrangeSum git mirror at {args.mirror} (see the docstring)", file=sys.stderr)
        return 2
    if not args.valid.is_file():
        print(f"get_orangesum: no {args.valid} to check the training split against", file=sys.stderr)
        return 2
    names = read_blobs(args.mirror, [SPLIT])[0].decode().split()
    ids = [n.removesuffix(".json") for n in names]
    docs = [json.loads(b) for b in read_blobs(args.mirror, [f"data/docs/parsed/{i}.json" for i in ids])]
    with args.valid.open(encoding="utf-8") as f:
        valid = {normalise(json.loads(line)["article"]) for line in f}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    kept = overlap = empty = 0
    with args.out.open("w", encoding="utf-8") as out:
        for i, d in zip(ids, docs, strict=True):
            if not d.get("article", "").strip() or not d.get("heading", "").strip():
                empty += 1
            elif normalise(d["article"]) in valid:
                overlap += 1
            else:
                record = {"id": i, "title": d.get("title", ""), "abstract": d["heading"], "article": d["article"]}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                kept += 1
    print(
        f"{len(ids)} training ids: wrote {kept} to {args.out}; dropped {overlap} whose article is in "
        f"{args.valid.name}, {empty} with an empty article or abstract"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
