#!/usr/bin/env python3
"""Build Argos Translate packages of the real size, for speed and memory benchmarks.

No real Argos model can be downloaded here, so this builds one of the same
shape as argos-train makes them (its ``config.yml``: OpenNMT-py transformer,
6 encoder + 6 decoder layers, d_model 512, 8 heads, FFN 2048, ReLU, pre-norm,
sinusoidal positions stored as OpenNMT-py stores them, separate source and
target embeddings and an output projection with bias, one shared SentencePiece
vocabulary of 32,000 pieces), converted to CTranslate2 int8 with its Python
spec API from numpy weights (no torch), and packaged as a real Argos package
folder and ``.argosmodel`` (metadata.json, sentencepiece.model, model/).

The weights are not trained but *set*: every layer holds random weights of the
real shape (so every matrix product costs what it costs in a real model), and
on top of that the model is wired to **copy its input**: the last decoder
layer's cross-attention attends from target position i to source position i
(queries and keys read only the sinusoidal position dimensions), its values
carry the source token's code, and the output projection reads that code back.
Since the source ends with ``</s>`` (``add_source_eos``), the model ends its
output exactly when the input ends: outputs have realistic lengths (the
source's), decided by the model itself, so the benchmark needs no pinned
decoding length and runs ``summarize`` unmodified.  The other layers write
only small random values into the residual stream, so they cost their full
compute without disturbing the copy.  The build checks the copy through
argostranslate's own loader and CTranslate2 (beam 4, as summarize runs it).

The same model is packaged under the pairs asked for (default fr→en, en→es,
en→de), so ``--to en,es,de`` pivots through English exactly as with real
packages: three models, each loaded by its own Translator.

    python tools/build_realsize_model.py --out build/realsize   # make realsize-model
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent

NAMES = {"en": "English", "fr": "French", "es": "Spanish", "de": "German"}
PACKAGE_VERSION = "1.0.dev0+realsize"
ZIP_DATE = (2020, 1, 1, 0, 0, 0)

# argos-train's configuration (config.yml of argosopentech/argos-train).
LAYERS = 6
D_MODEL = 512
HEADS = 8
FFN = 2048
VOCAB = 32_000
MAX_POSITIONS = 5000  # OpenNMT-py's PositionalEncoding table, stored in model.bin

# How the copy is wired (see module docstring).  Frequencies are indexed as in
# OpenNMT-py's table: dims 2k (sin) and 2k+1 (cos) hold frequency k.
POS_FREQS = range(0, 128)  # high frequencies: carry the position
CONTENT_FREQS = range(128, 256)  # low frequencies, sin dims: carry the token code
FILLER_SCALE = 0.002  # output scale of the random (filler) sublayers
# Layer norm subtracts each vector's mean and divides by its spread, which
# would make the position match depend on the position itself.  So the stored
# table is OpenNMT-py's in the position dims, zero in the content dims, and in
# the remaining (slow cos) dims a balancer that gives every position vector a
# zero sum and the same norm; the last dim is zero and every wired row reads
# "dim minus this one", so whatever mean is left drops out.
REF_DIM = D_MODEL - 1
BALANCE_DIMS = [2 * k + 1 for k in CONTENT_FREQS if 2 * k + 1 != REF_DIM]


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- tokenizer


def training_sentences(data: Path) -> Iterator[str]:
    """French news sentences (OrangeSum train) plus English, Spanish and German ones."""
    with open(data / "orangesum" / "train-5k.jsonl", encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            for field in ("title", "abstract", "article"):
                for part in re.split(r"(?<=[.!?»])\s+|\n+", item.get(field, "")):
                    if part.strip():
                        yield part.strip()
    for path in [
        data / "ntrex" / "newstest2019-src.eng.txt",
        data / "ntrex" / "newstest2019-ref.spa.txt",
        data / "ntrex" / "newstest2019-ref.deu.txt",
        *sorted((data / "ud-multilingual").glob("*.txt")),
    ]:
        if path.is_file():
            yield from (line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def train_sentencepiece(data: Path, prefix: Path) -> None:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=training_sentences(data),
        model_prefix=str(prefix),
        vocab_size=VOCAB,
        model_type="unigram",
        character_coverage=1.0,
        num_threads=1,
        minloglevel=2,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
    )


# --------------------------------------------------------------------------- model


def position_table(length: int = MAX_POSITIONS, dim: int = D_MODEL) -> Any:
    """OpenNMT-py's PositionalEncoding buffer: sin in even dims, cos in odd, from position 0."""
    import numpy as np

    position = np.arange(length, dtype=np.float32)[:, None]
    div = np.exp(np.arange(0, dim, 2, dtype=np.float32) * -(np.log(10000.0) / dim))
    table = np.zeros((length, dim), dtype=np.float32)
    table[:, 0::2] = np.sin(position * div)
    table[:, 1::2] = np.cos(position * div)
    return table


class _Weights:
    """Random weights of the real shape; sublayer outputs are scaled to stay small."""

    def __init__(self, seed: int):
        import numpy as np

        self.np = np
        self.rng = np.random.default_rng(seed)

    def matrix(self, rows: int, cols: int, scale: float = 1.0) -> Any:
        return (self.rng.standard_normal((rows, cols), dtype=self.np.float32) * (scale / cols**0.5)).astype("float32")

    def zeros(self, n: int) -> Any:
        return self.np.zeros(n, dtype=self.np.float32)

    def ones(self, n: int) -> Any:
        return self.np.ones(n, dtype=self.np.float32)

    def layer_norm(self, spec: Any) -> None:
        spec.gamma = self.ones(D_MODEL)
        spec.beta = self.zeros(D_MODEL)

    def linear(self, spec: Any, weight: Any) -> None:
        spec.weight = weight
        spec.bias = self.zeros(weight.shape[0])

    def ffn(self, spec: Any) -> None:
        self.layer_norm(spec.layer_norm)
        self.linear(spec.linear_0, self.matrix(FFN, D_MODEL))
        self.linear(spec.linear_1, self.matrix(D_MODEL, FFN, FILLER_SCALE))

    def self_attention(self, spec: Any) -> None:
        self.layer_norm(spec.layer_norm)
        self.linear(spec.linear[0], self.matrix(3 * D_MODEL, D_MODEL))
        self.linear(spec.linear[1], self.matrix(D_MODEL, D_MODEL, FILLER_SCALE))

    def cross_attention(self, spec: Any) -> None:
        self.layer_norm(spec.layer_norm)
        self.linear(spec.linear[0], self.matrix(D_MODEL, D_MODEL))
        self.linear(spec.linear[1], self.matrix(2 * D_MODEL, D_MODEL))
        self.linear(spec.linear[2], self.matrix(D_MODEL, D_MODEL, FILLER_SCALE))


def balanced_table() -> Any:
    """OpenNMT-py's table in the position dims; zero-sum, constant-norm everywhere (see REF_DIM)."""
    import numpy as np

    table = position_table()
    pos = [d for k in POS_FREQS for d in (2 * k, 2 * k + 1)]
    table[:, content_dims()] = 0.0
    table[:, REF_DIM] = 0.0
    n = len(BALANCE_DIMS)
    pattern = np.array([(-1.0) ** i for i in range(n - 1)] + [0.0], dtype=np.float32)
    b = -table[:, pos].sum(axis=1) / n
    target = float((n * b**2).max()) * 1.1
    a = np.sqrt((target - n * b**2) / (n - 1))
    table[:, BALANCE_DIMS] = b[:, None] + a[:, None] * pattern[None, :]
    return table


def content_dims() -> list[int]:
    return [2 * k for k in CONTENT_FREQS]


def copy_attention(spec: Any, w: _Weights, sharpness: float, gain: float) -> None:
    """Cross-attention from target position i to source position i, carrying the token code.

    Head h compares 32 of the high position frequencies (its queries and keys
    are the sin/cos dims of those frequencies, scaled by ``sharpness``); its
    value is a 16-dim slice of the source token's code, which the output
    matrix writes back, times ``gain``, into the same content dims.
    """
    head_dim = D_MODEL // HEADS
    positions = list(POS_FREQS)
    per_head = head_dim // 2
    content = content_dims()
    slice_size = len(content) // HEADS
    query = w.matrix(D_MODEL, D_MODEL, 0.001)
    keys = w.matrix(D_MODEL, D_MODEL, 0.001)
    values = w.matrix(D_MODEL, D_MODEL, 0.001)
    out = w.matrix(D_MODEL, D_MODEL, 0.001)
    for h in range(HEADS):
        freqs = positions[h % 4 :: 4][:per_head]
        for m, k in enumerate(freqs):
            for j, dim in enumerate((2 * k, 2 * k + 1)):
                row = h * head_dim + 2 * m + j
                query[row, :] = 0.0
                keys[row, :] = 0.0
                query[row, dim] = keys[row, dim] = sharpness
                query[row, REF_DIM] = keys[row, REF_DIM] = -sharpness
        for m in range(slice_size):
            row = h * head_dim + m
            dim = content[h * slice_size + m]
            values[row, :] = 0.0
            values[row, dim] = 1.0
            values[row, REF_DIM] = -1.0
            out[dim, :] = 0.0
    for h in range(HEADS):
        for m in range(slice_size):
            out[content[h * slice_size + m], h * head_dim + m] = gain
    w.layer_norm(spec.layer_norm)
    w.linear(spec.linear[0], query)
    w.linear(spec.linear[1], w.np.concatenate([keys, values]))
    w.linear(spec.linear[2], out)


def build_spec(
    tokens: list[str], seed: int, sharpness: float = 10.0, gain: float = 20.0, logit_scale: float = 0.1
) -> Any:
    """The argos-train-shaped CTranslate2 spec, wired to copy (see the module docstring)."""
    import numpy as np
    from ctranslate2.specs import TransformerSpec, common_spec

    w = _Weights(seed)
    vocab = len(tokens)
    content = content_dims()
    # Balanced ±1 codes (as many +1 as -1): every token vector has zero sum and the same norm.
    half = np.array([1.0, -1.0], dtype=np.float32).repeat(len(content) // 2)
    codes = np.stack([w.rng.permutation(half) for _ in range(vocab)])
    scale = D_MODEL**-0.5  # CTranslate2 multiplies embeddings by sqrt(d_model), as OpenNMT-py does

    source_emb = w.matrix(vocab, D_MODEL, 0.05 * scale * D_MODEL**0.5)
    source_emb[:, content] = codes * scale
    target_emb = w.matrix(vocab, D_MODEL, 0.05 * scale * D_MODEL**0.5)
    for emb in (source_emb, target_emb):
        emb[:, REF_DIM] = 0.0
    projection = w.matrix(vocab, D_MODEL, 0.01)
    projection[:, content] = codes * logit_scale

    spec = TransformerSpec.from_config((LAYERS, LAYERS), HEADS, pre_norm=True, activation=common_spec.Activation.RELU)
    table = balanced_table()
    spec.encoder.embeddings[0].weight = source_emb
    spec.encoder.position_encodings.encodings = table
    w.layer_norm(spec.encoder.layer_norm)
    for layer in spec.encoder.layer:
        w.self_attention(layer.self_attention)
        w.ffn(layer.ffn)
    spec.decoder.embeddings.weight = target_emb
    spec.decoder.position_encodings.encodings = table.copy()
    w.layer_norm(spec.decoder.layer_norm)
    for i, layer in enumerate(spec.decoder.layer):
        w.self_attention(layer.self_attention)
        if i == LAYERS - 1:
            copy_attention(layer.attention, w, sharpness, gain)
        else:
            w.cross_attention(layer.attention)
        w.ffn(layer.ffn)
    w.linear(spec.decoder.projection, projection)

    spec.config.decoder_start_token = "<s>"
    # The copy ends on the source's </s>.  Real Argos models do not add it;
    # it costs one source token.
    spec.config.add_source_eos = True
    spec.register_source_vocabulary(tokens)
    spec.register_target_vocabulary(tokens)
    spec.validate()
    spec.optimize(quantization="int8")
    return spec


def vocabulary(sp_model: Path) -> list[str]:
    """The SentencePiece pieces in id order (<unk>, <s>, </s> first): 32,000 tokens."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


# --------------------------------------------------------------------------- packaging


def write_package(pkg_dir: Path, src: str, tgt: str, sp_model: Path, ct2_dir: Path) -> None:
    """An Argos package folder as argos-train writes it."""
    pkg_dir.mkdir(parents=True)
    metadata = {
        "package_version": PACKAGE_VERSION,
        "argos_version": "1.9.0",
        "from_code": src,
        "from_name": NAMES[src],
        "to_code": tgt,
        "to_name": NAMES[tgt],
        "type": "translate",
        "links": [],
    }
    (pkg_dir / "metadata.json").write_text(json.dumps(metadata, indent=4) + "\n")
    shutil.copy(sp_model, pkg_dir / "sentencepiece.model")
    shutil.copytree(ct2_dir, pkg_dir / "model")
    (pkg_dir / "README.md").write_text(
        f"# {NAMES[src]} -> {NAMES[tgt]} REAL-SIZE BENCHMARK MODEL\n\n"
        "argos-train's shape (6+6 layers, d_model 512, 8 heads, FFN 2048, SentencePiece 32k), "
        "int8, with set (not trained) weights: it copies its input, so its outputs have "
        "realistic lengths. Not a translator. Built by tools/build_realsize_model.py.\n"
    )


def zip_package(pkg_dir: Path, out_file: Path) -> None:
    tmp = out_file.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        root = pkg_dir.parent
        for path in [pkg_dir, *sorted(pkg_dir.rglob("*"))]:
            arc = path.relative_to(root).as_posix() + ("/" if path.is_dir() else "")
            info = zipfile.ZipInfo(arc, date_time=ZIP_DATE)
            info.external_attr = (0o40755 if path.is_dir() else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, b"" if path.is_dir() else path.read_bytes())
    tmp.replace(out_file)


# --------------------------------------------------------------------------- verification


def verify(pkg_dir: Path, sentences: list[str], min_exact: float) -> float:
    """Load the package the way argostranslate does and check that it copies (beam 4)."""
    import argostranslate.package
    import ctranslate2

    pkg = argostranslate.package.Package(pkg_dir)
    translator = ctranslate2.Translator(str(pkg_dir / "model"), compute_type="int8", intra_threads=1)
    tokens = [pkg.tokenizer.encode(s) for s in sentences]
    results = translator.translate_batch(tokens, beam_size=4, length_penalty=0.2, replace_unknowns=True)
    exact = sum(r.hypotheses[0] == t for r, t in zip(results, tokens, strict=True)) / len(tokens)
    lengths = [(len(t), len(r.hypotheses[0])) for r, t in zip(results, tokens, strict=True)]
    log(f"verify: {exact:.0%} of {len(tokens)} sentences copied exactly; (source, output) tokens: {lengths}")
    if exact < min_exact:
        raise SystemExit(f"build_realsize_model: only {exact:.0%} copied exactly (want {min_exact:.0%})")
    return exact


def example_sentences() -> list[str]:
    text = (REPO_ROOT / "examples" / "article-fr.txt").read_text(encoding="utf-8")
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "build" / "realsize")
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "data")
    parser.add_argument("--pairs", default="fr-en,en-es,en-de", help="pair names to package the model under")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--min-exact", type=float, default=0.9, help="share of example sentences copied exactly")
    args = parser.parse_args(argv)

    pairs = [tuple(p.strip().split("-")) for p in args.pairs.split(",") if p.strip()]
    for pair in pairs:
        if len(pair) != 2 or not all(code in NAMES for code in pair):
            raise SystemExit(f"build_realsize_model: unsupported pair {'-'.join(pair)} (codes: {', '.join(NAMES)})")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="realsize-", dir=args.out) as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        train_sentencepiece(args.data, work / "sp")
        log(f"sentencepiece: {VOCAB} pieces in {time.perf_counter() - start:.0f} s")
        start = time.perf_counter()
        spec = build_spec(vocabulary(work / "sp.model"), args.seed)
        (work / "ct2").mkdir()
        spec.save(str(work / "ct2"))
        del spec
        log(f"model: built and saved in {time.perf_counter() - start:.0f} s")
        first: Path | None = None
        for src, tgt in pairs:
            name = f"translate-{src}_{tgt}"
            pkg_dir = work / "pkg" / f"{name}-1_0"
            write_package(pkg_dir, src, tgt, work / "sp.model", work / "ct2")
            if first is None:
                verify(pkg_dir, example_sentences(), args.min_exact)
                first = pkg_dir
            out_file = args.out / f"{name}.argosmodel"
            zip_package(pkg_dir, out_file)
            log(f"wrote {out_file} ({out_file.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
