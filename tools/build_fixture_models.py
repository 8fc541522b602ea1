#!/usr/bin/env python3
"""Build tiny, real Argos Translate packages (.argosmodel) used as test fixtures.

Each package contains a from-scratch Marian-style transformer (transformers
``MarianMTModel``) that has *memorised* 1,000 Tatoeba sentence pairs, converted
to CTranslate2 (int8) plus the SentencePiece model it was trained with.  The
models translate their training sentences exactly and nothing else usefully.

Run it in the separate build virtualenv (torch is not a runtime dependency)::

    python3 -m venv .venv-fixtures
    .venv-fixtures/bin/pip install torch==2.13.0 transformers sentencepiece \
        ctranslate2==4.8.5 argos-translate-lt
    .venv-fixtures/bin/python tools/build_fixture_models.py \
        [--pairs fr-en,en-es,en-de] [--out tests/fixtures/models] [--epochs N]

After building each package the script loads it exactly the way the runtime
does (``argostranslate.package.Package`` + ``ctranslate2.Translator`` with
``compute_type="int8"``) and fails unless at least ``--min-exact`` of the
training sentences come out exactly equal to the reference translation.
Greedy decoding reproduces ~100%; the ~2% loss comes from CTranslate2's beam
search as argostranslate calls it (beam 4, length_penalty=0.2): with a length
penalty CTranslate2 stops as soon as beam_size hypotheses have finished, and
for a memorising model the junk side beams often end (".", "?" + </s>) before
the correct, longer beam does.  Hence the default --min-exact 0.97.

``--verify-only`` re-checks existing packages and rewrites sentences.json.

Other real package layouts go to ``--out``/variants (so that tests and benches
installing every ``*.argosmodel`` of ``--out`` still get one package per pair):

- ``--tokenizer bpe``: Moses tokenisation + BPE codes (``bpe.model``), as
  older Argos packages, trained like the others (codes learned here, applied
  by argostranslate's own ``apply_bpe``); sentences.json key ``fr-en+bpe``.
- ``--variants pre3,float32``: derived from the ``--variant-pair`` package by
  rewriting its model.bin, byte for byte reproducibly: ``pre3`` is the layout
  CTranslate2 < 3.0 wrote (binary version 4, spec revision 3, flags inside
  model.bin, ``shared_vocabulary.txt``, no ``config.json``); ``float32`` has
  its int8 weights dequantized.  Each must translate every sentences.json
  sentence of its base package exactly.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

#: One training pair as token ids (source, target).
Example = tuple[list[int], list[int]]
#: Parsed JSON and CTranslate2 model dictionaries (untyped by nature).
Json = dict[str, Any]

REPO_ROOT = Path(__file__).resolve().parent.parent

# ISO 639-1 code -> (Tatoeba ISO 639-3 code, English name)
LANGS = {
    "en": ("eng", "English"),
    "fr": ("fra", "French"),
    "es": ("spa", "Spanish"),
    "de": ("deu", "German"),
}

PACKAGE_VERSION = "0.1.dev0+fixture"  # PEP 440-valid, parses with packaging.version
PACKAGE_DIR_VERSION = "0_1"
EOS, UNK, PAD = "</s>", "<unk>", "<pad>"
# Fixed timestamp for zip entries so rebuilds only differ by model weights.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- data


def load_pair(data_dir: Path, src: str, tgt: str) -> tuple[list[str], list[str]]:
    """Return line-aligned (source, target) sentences for the pair src->tgt."""
    other = src if tgt == "en" else tgt
    if "en" not in (src, tgt) or other not in LANGS:
        raise SystemExit(f"unsupported pair {src}-{tgt}: one side must be en")
    iso3 = LANGS[other][0]
    base = data_dir / f"tatoeba.{iso3}-eng"
    files = {other: Path(f"{base}.{iso3}"), "en": Path(f"{base}.eng")}
    lines = {}
    for code, path in files.items():
        with open(path, encoding="utf-8") as f:
            lines[code] = [line.rstrip("\n") for line in f]
    if len(lines[src]) != len(lines[tgt]):
        raise SystemExit(f"{base}.*: files are not line-aligned")
    return lines[src], lines[tgt]


# --------------------------------------------------------------------------- tokenizer


def train_sentencepiece(sentences: list[str], prefix: Path, vocab_size: int) -> None:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        # Lossless: decode(encode(s)) == s, so targets round-trip exactly.
        normalization_rule_name="identity",
        hard_vocab_limit=False,
        num_threads=1,  # deterministic
        minloglevel=2,
        unk_id=0,
        bos_id=-1,
        eos_id=-1,
        pad_id=-1,
    )


def learn_bpe(words: list[str], merges: int, out: Path) -> None:
    """Learn subword-nmt style BPE codes (``#version: 0.2``, ``</w>`` end marker).

    A plain implementation of Sennrich et al.'s algorithm, deterministic (ties
    broken by the pair itself), so the fixture needs no extra dependency; the
    codes are applied by argostranslate's own ``apply_bpe`` at run time.
    """
    from collections import Counter

    vocab = Counter((*tuple(w[:-1]), w[-1] + "</w>") for w in words if w)
    codes = []
    for _ in range(merges):
        pairs: Counter[tuple[str, str]] = Counter()
        for word, freq in vocab.items():
            for a, b in itertools.pairwise(word):
                pairs[(a, b)] += freq
        if not pairs:
            break
        best = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))[0]
        if pairs[best] < 2:
            break
        codes.append(best)
        merged: Counter[tuple[str, ...]] = Counter()
        for word, freq in vocab.items():
            out_word, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                    out_word.append(word[i] + word[i + 1])
                    i += 2
                else:
                    out_word.append(word[i])
                    i += 1
            merged[tuple(out_word)] += freq
        vocab = merged
    out.write_text("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in codes), encoding="utf-8")


def bpe_tokenizer(codes: Path, src: str, tgt: str) -> Any:
    """argostranslate's BPETokenizer (Moses + apply_bpe), exactly as the runtime builds it."""
    from argostranslate.tokenizer import BPETokenizer

    return BPETokenizer(codes, src, tgt)


def build_vocab_from_tokens(token_lists: list[list[str]]) -> list[str]:
    """Marian layout for a BPE model: </s>, <unk>, tokens by frequency, <pad> last."""
    from collections import Counter

    counts = Counter(t for tokens in token_lists for t in tokens)
    pieces = [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if t not in (EOS, UNK, PAD)]
    return [EOS, UNK, *pieces, PAD]


def build_vocab(sp: Any) -> list[str]:
    """Marian layout: </s>=0, <unk>=1, pieces..., <pad> last.

    The CTranslate2 Marian loader drops the trailing <pad> (the decoder starts
    from a zero embedding instead), matching converted OPUS-MT models.
    """
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    pieces = [p for p in pieces if p not in (EOS, UNK, PAD, "<s>")]
    return [EOS, UNK, *pieces, PAD]


# --------------------------------------------------------------------------- model


def make_model(vocab_size: int, args: argparse.Namespace) -> Any:
    from transformers import MarianConfig, MarianMTModel

    pad_id = vocab_size - 1
    config = MarianConfig(
        vocab_size=vocab_size,
        decoder_vocab_size=vocab_size,
        d_model=args.d_model,
        encoder_layers=args.layers,
        decoder_layers=args.layers,
        encoder_attention_heads=args.heads,
        decoder_attention_heads=args.heads,
        encoder_ffn_dim=args.ffn,
        decoder_ffn_dim=args.ffn,
        max_position_embeddings=args.max_positions,
        activation_function="relu",
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        pad_token_id=pad_id,
        eos_token_id=0,
        forced_eos_token_id=0,
        decoder_start_token_id=pad_id,
        bos_token_id=None,
    )
    model = MarianMTModel(config)
    zero_pad_embedding(model, pad_id)
    # Use the sinusoidal table CTranslate2 computes itself at run time when a
    # model has no stored "encodings" (tensor2tensor timescales, positions
    # counted from 1, [sin | cos]).  Then model.bin stores no position table
    # (smaller package) and inputs of any length work; HF Marian's own table
    # differs slightly and would have to be stored, capping the input length.
    table = ct2_sinusoidal_table(config.max_position_embeddings, config.d_model)
    import torch

    with torch.no_grad():
        for module in (model.model.encoder.embed_positions, model.model.decoder.embed_positions):
            module.weight.copy_(table)
            module.weight.requires_grad_(False)
    return model


def ct2_sinusoidal_table(num_positions: int, dim: int) -> Any:
    """Same values as CTranslate2's built-in SinusoidalPositionEncoder
    (checked numerically against ctranslate2 4.8.5)."""
    import torch

    half = dim // 2
    inv_timescales = torch.exp(torch.arange(half, dtype=torch.float32) * -(math.log(10000.0) / (half - 1)))
    angles = (torch.arange(num_positions, dtype=torch.float32)[:, None] + 1) * inv_timescales[None]
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)


def zero_pad_embedding(model: Any, pad_id: int) -> None:
    import torch

    with torch.no_grad():
        model.get_input_embeddings().weight[pad_id].zero_()
        model.get_encoder().embed_tokens.weight[pad_id].zero_()
        model.get_decoder().embed_tokens.weight[pad_id].zero_()


def make_batches(examples: list[Example], max_tokens: int, rng: random.Random) -> list[list[int]]:
    """Length-bucketed batches of example indices (shuffled)."""
    order = sorted(range(len(examples)), key=lambda i: (len(examples[i][1]), len(examples[i][0])))
    batches: list[list[int]] = []
    cur: list[int] = []
    cur_max = 0
    for i in order:
        n = max(len(examples[i][0]), len(examples[i][1]) + 1)
        if cur and max(cur_max, n) * (len(cur) + 1) > max_tokens:
            batches.append(cur)
            cur, cur_max = [], 0
        cur.append(i)
        cur_max = max(cur_max, n)
    if cur:
        batches.append(cur)
    rng.shuffle(batches)
    return batches


def collate(examples: list[Example], idx: list[int], pad_id: int) -> tuple[Any, Any, Any, Any]:
    import torch

    src = [examples[i][0] for i in idx]
    tgt = [examples[i][1] for i in idx]
    s_len = max(map(len, src))
    t_len = max(map(len, tgt)) + 1
    input_ids = torch.full((len(idx), s_len), pad_id, dtype=torch.long)
    attn = torch.zeros((len(idx), s_len), dtype=torch.long)
    dec_in = torch.full((len(idx), t_len), pad_id, dtype=torch.long)
    labels = torch.full((len(idx), t_len), -100, dtype=torch.long)
    for b, (s, t) in enumerate(zip(src, tgt, strict=False)):
        input_ids[b, : len(s)] = torch.tensor(s)
        attn[b, : len(s)] = 1
        # decoder input: <pad>(start) t1 .. tn ; labels: t1 .. tn </s>
        dec_in[b, 1 : len(t) + 1] = torch.tensor(t)
        labels[b, : len(t)] = torch.tensor(t)
        labels[b, len(t)] = 0
    return input_ids, attn, dec_in, labels


def train(model: Any, examples: list[Example], pad_id: int, args: argparse.Namespace, tag: str) -> Json:
    import torch

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.98), eps=1e-9)
    probe_batches = make_batches(examples, args.max_tokens, random.Random(0))
    steps_per_epoch = len(probe_batches)
    total_steps = steps_per_epoch * int(args.epochs)
    warmup = min(int(args.warmup), total_steps // 10 + 1)

    peak = float(args.lr)

    def lr_at(step: int) -> float:
        if step < warmup:
            return peak * (step + 1) / warmup
        # cosine decay to 5% of peak over the maximum budget
        p = (step - warmup) / max(1, total_steps - warmup)
        return peak * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, p))))

    step, perfect_streak = 0, 0
    t0 = time.time()
    stats = {}
    for epoch in range(1, args.epochs + 1):
        model.train()
        tot_loss, tot_tok, seq_ok = 0.0, 0, 0
        for idx in make_batches(examples, args.max_tokens, rng):
            input_ids, attn, dec_in, labels = collate(examples, idx, pad_id)
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            out = model(input_ids=input_ids, attention_mask=attn, decoder_input_ids=dec_in)
            logits = out.logits
            loss = torch.nn.functional.cross_entropy(
                logits.reshape(-1, logits.size(-1)), labels.reshape(-1), ignore_index=-100
            )
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            # The <pad> row is the decoder start input and must stay zero
            # (CTranslate2 starts Marian decoders from a zero embedding).  With
            # tied embeddings the output projection still sends it gradients,
            # so padding_idx alone does not keep it at zero.
            zero_pad_embedding(model, pad_id)
            step += 1
            with torch.no_grad():
                mask = labels != -100
                ntok = int(mask.sum())
                tot_loss += float(loss) * ntok
                tot_tok += ntok
                pred = logits.argmax(-1)
                seq_ok += int(((pred == labels) | ~mask).all(dim=1).sum())
        avg = tot_loss / tot_tok
        acc = seq_ok / len(examples)
        stats = {"epochs": epoch, "loss": avg, "teacher_forced_seq_acc": acc}
        if epoch == 1 or epoch % 10 == 0 or acc == 1.0:
            log(
                f"[{tag}] epoch {epoch:4d} loss {avg:.4f} "
                f"teacher-forced exact {acc:.3f} lr {lr_at(step):.2e} "
                f"({time.time() - t0:.0f}s)"
            )
        perfect_streak = perfect_streak + 1 if acc == 1.0 else 0
        # Keep going a little after memorisation to widen the margin (int8!).
        if perfect_streak >= args.patience and avg < args.target_loss:
            break
    stats["train_seconds"] = round(time.time() - t0, 1)
    return stats


# --------------------------------------------------------------------------- conversion


class _VocabTokenizer:
    """Just enough of a HF tokenizer for ctranslate2's Marian loader."""

    def __init__(self, vocab: list[str]) -> None:
        self.vocab = vocab
        self.eos_token, self.unk_token, self.bos_token = EOS, UNK, None
        self.pad_token = PAD

    def get_vocab(self) -> dict[str, int]:
        return {tok: i for i, tok in enumerate(self.vocab)}

    def convert_ids_to_tokens(self, i: int) -> str:
        return self.vocab[i]


def convert_to_ctranslate2(hf_dir: Path, out_dir: Path, vocab: list[str]) -> None:
    from ctranslate2.converters import TransformersConverter
    from ctranslate2.specs import model_spec

    class Converter(TransformersConverter):  # type: ignore[misc]
        def load_tokenizer(self, tokenizer_class: Any, model_name_or_path: str, **kwargs: Any) -> _VocabTokenizer:
            return _VocabTokenizer(vocab)

        def _load(self) -> Any:
            spec = super()._load()
            # argostranslate's SentencePiece tokenizer does not append </s>;
            # the model was trained with it, so CTranslate2 must add it.
            spec.config.add_source_eos = True
            # Do not store the position table: CTranslate2 then generates the
            # very sinusoids the model was trained with (see make_model).
            for pe in (spec.encoder.position_encodings, spec.decoder.position_encodings):
                pe.encodings = model_spec.OPTIONAL
            return spec

    Converter(str(hf_dir)).convert(str(out_dir), quantization="int8", force=True)


# --------------------------------------------------------------------------- packaging


def write_package(
    pkg_dir: Path, src: str, tgt: str, tokenizer_file: Path, ct2_dir: Path, info: Json, tokenizer_name: str
) -> Json:
    pkg_dir.mkdir(parents=True)
    metadata = {
        "package_version": PACKAGE_VERSION,
        "argos_version": "1.9.0",
        "from_code": src,
        "from_name": LANGS[src][1],
        "to_code": tgt,
        "to_name": LANGS[tgt][1],
        "type": "translate",
        "links": [],
    }
    (pkg_dir / "metadata.json").write_text(json.dumps(metadata, indent=4) + "\n")
    shutil.copy(tokenizer_file, pkg_dir / tokenizer_name)
    shutil.copytree(ct2_dir, pkg_dir / "model")
    (pkg_dir / "README.md").write_text(
        f"# {LANGS[src][1]} -> {LANGS[tgt][1]} TEST FIXTURE\n\n"
        "Tiny transformer that memorised 1,000 Tatoeba sentence pairs "
        "(CC-BY 2.0 FR). It only translates its training sentences; it is "
        "useless for anything else. Built by tools/build_fixture_models.py.\n\n"
        f"Training: {json.dumps(info)}\n"
    )
    return metadata


def zip_package(pkg_dir: Path, out_file: Path) -> None:
    tmp = out_file.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        paths = sorted(p for p in pkg_dir.rglob("*"))
        root = pkg_dir.parent
        for p in [pkg_dir, *paths]:
            arc = p.relative_to(root).as_posix() + ("/" if p.is_dir() else "")
            zi = zipfile.ZipInfo(arc, date_time=ZIP_DATE)
            if p.is_dir():
                zi.external_attr = 0o40755 << 16
                zf.writestr(zi, b"")
            else:
                zi.external_attr = 0o644 << 16
                zi.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(zi, p.read_bytes())
    tmp.replace(out_file)


# --------------------------------------------------------------------------- derived variants
#
# Real Argos packages come in layouts the tests must cover.  Two are derived
# here from a built package, byte for byte reproducibly, by rewriting
# CTranslate2's model.bin (format: python/ctranslate2/specs/model_spec.py).

CT2_FLOAT32, CT2_INT8 = 0, 1  # DataType ids (include/ctranslate2/types.h)


def read_ct2_model(path: Path) -> Json:
    """Parse model.bin: binary version, spec, revision, variables, aliases."""
    import struct

    data = path.read_bytes()
    pos = 0

    def take(fmt: str) -> tuple[Any, ...]:
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    def string() -> str:
        nonlocal pos
        (n,) = take("H")
        text = data[pos : pos + n].split(b"\0", 1)[0].decode()
        pos += n
        return text

    (version,) = take("I")
    spec = string()
    (revision,) = take("I")
    (count,) = take("I")
    variables = []
    for _ in range(count):
        name = string()
        (rank,) = take("B")
        shape = take("I" * rank) if rank else ()
        dtype, nbytes = take("BI")
        variables.append((name, tuple(shape), dtype, data[pos : pos + nbytes]))
        pos += nbytes
    (count,) = take("I")
    aliases = [(string(), string()) for _ in range(count)]
    return {"version": version, "spec": spec, "revision": revision, "variables": variables, "aliases": aliases}


def write_ct2_model(path: Path, model: Json) -> None:
    import struct

    out = bytearray()

    def string(text: str) -> None:
        raw = text.encode()
        out.extend(struct.pack("<H", len(raw) + 1) + raw + b"\0")

    out.extend(struct.pack("<I", model["version"]))
    string(model["spec"])
    out.extend(struct.pack("<II", model["revision"], len(model["variables"])))
    for name, shape, dtype, payload in model["variables"]:
        string(name)
        out.extend(struct.pack("<B", len(shape)) + struct.pack("<" + "I" * len(shape), *shape))
        out.extend(struct.pack("<BI", dtype, len(payload)) + payload)
    out.extend(struct.pack("<I", len(model["aliases"])))
    for alias, name in model["aliases"]:
        string(alias)
        string(name)
    path.write_bytes(bytes(out))


def to_float32(model: Json) -> Json:
    """Dequantize int8 weights (w = q / scale, per row) and drop their scales: a float32 package."""
    import numpy as np

    by_name = {v[0]: v for v in model["variables"]}
    variables = []
    for name, shape, dtype, payload in model["variables"]:
        if name.endswith("_scale") and name[: -len("_scale")] in by_name:
            continue
        if dtype == CT2_INT8 and name + "_scale" in by_name:
            q = np.frombuffer(payload, dtype=np.int8).reshape(shape).astype(np.float32)
            scale = np.frombuffer(by_name[name + "_scale"][3], dtype=np.float32)
            payload = (q / scale.reshape(-1, *([1] * (len(shape) - 1)))).astype("<f4").tobytes()
            dtype = CT2_FLOAT32
        variables.append((name, shape, dtype, payload))
    return {**model, "variables": variables}


def to_pre3_layout(model: Json, config: Json) -> Json:
    """What CTranslate2 < 3.0 wrote: binary version 4, spec revision 3, no config.json.

    The settings config.json now holds were then int8 flags inside model.bin
    (``with_source_eos`` ...), which CTranslate2 4 still reads for binary
    versions below 6.  The layer variables stay as converted by CTranslate2 4.
    """
    import struct

    flags = {
        "with_source_bos": bool(config.get("add_source_bos")),
        "with_source_eos": bool(config.get("add_source_eos")),
        "with_target_bos": config.get("decoder_start_token") == config.get("bos_token", "<s>"),
    }
    variables = [v for v in model["variables"] if v[0] not in flags]
    variables += [(name, (), CT2_INT8, struct.pack("<b", int(value))) for name, value in flags.items()]
    return {**model, "version": 4, "revision": 3, "variables": sorted(variables)}


def derive_variant(source_file: Path, variant: str, out_file: Path) -> None:
    """Write ``out_file``: ``source_file`` with its model rewritten as ``variant`` (pre3 | float32)."""
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(source_file) as zf:
            zf.extractall(tmp)
        (old_dir,) = [p for p in Path(tmp).iterdir() if p.is_dir()]
        base, _, version = old_dir.name.rpartition("-")
        pkg_dir = old_dir.with_name(f"{base}-{variant}-{version}")
        old_dir.rename(pkg_dir)
        model_dir = pkg_dir / "model"
        model = read_ct2_model(model_dir / "model.bin")
        config = json.loads((model_dir / "config.json").read_text())
        if variant == "float32":
            write_ct2_model(model_dir / "model.bin", to_float32(model))
        elif variant == "pre3":
            write_ct2_model(model_dir / "model.bin", to_pre3_layout(model, config))
            (model_dir / "config.json").unlink()
            for vocab in model_dir.glob("*_vocabulary.json"):
                tokens = json.loads(vocab.read_text(encoding="utf-8"))
                vocab.with_suffix(".txt").write_text("".join(t + "\n" for t in tokens), encoding="utf-8")
                vocab.unlink()
        else:
            raise SystemExit(f"unknown variant {variant!r}")
        readme = pkg_dir / "README.md"
        readme.write_text(readme.read_text() + f"\nVariant: {variant} (derived by tools/build_fixture_models.py)\n")
        zip_package(pkg_dir, out_file)


def verify_variant(pair: str, variant: str, args: argparse.Namespace) -> None:
    """A derived package must translate every test sentence of its base package exactly."""
    src, tgt = pair.split("-")
    samples = json.loads((args.out / "sentences.json").read_text())[pair]
    compute_type = "default" if variant == "float32" else "int8"
    hyps = translate_runtime(package_file(args.out, src, tgt, variant), [s["source"] for s in samples], compute_type)
    ok = sum(h == s["translation"] for h, s in zip(hyps, samples, strict=False))
    log(f"[{src}->{tgt} ({variant})] VERIFY {ok}/{len(samples)} test sentences exact (compute type {compute_type})")
    if ok != len(samples):
        raise SystemExit(f"[{src}->{tgt} ({variant})] FAILED: the derived package changed translations")


# --------------------------------------------------------------------------- verification


def translate_runtime(package_file: Path, sentences: list[str], compute_type: str = "int8") -> list[str]:
    """Translate like argostranslate.translate.apply_packaged_translation does
    (minus sentence splitting): unzip, Package(), tokenizer.encode,
    ctranslate2 int8 on CPU, tokenizer.decode, strip one leading space."""
    import argostranslate.package
    import ctranslate2

    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(package_file) as zf:
            zf.extractall(tmp)
        (pkg_path,) = [p for p in Path(tmp).iterdir() if p.is_dir()]
        pkg = argostranslate.package.Package(pkg_path)
        translator = ctranslate2.Translator(
            str(pkg_path / "model"), device="cpu", compute_type=compute_type, inter_threads=1, intra_threads=1
        )
        tokenized = [pkg.tokenizer.encode(s) for s in sentences]
        results = translator.translate_batch(
            tokenized,
            replace_unknowns=True,
            max_batch_size=32,
            batch_type="tokens",
            beam_size=4,
            num_hypotheses=4,
            length_penalty=0.2,
            return_scores=True,
        )
        outs = []
        for r in results:
            value = pkg.tokenizer.decode(r.hypotheses[0])
            if value.startswith(" "):
                value = value[1:]
            outs.append(value)
        return outs


def looks_single_sentence(s: str) -> bool:
    body = s[:-1]
    return not any(p in body for p in (". ", "! ", "? ", "; ", '"', "\u00ab")) and 3 <= len(s.split()) <= 12


# --------------------------------------------------------------------------- main


def package_file(out: Path, src: str, tgt: str, variant: str = "") -> Path:
    """translate-fr_en.argosmodel, or variants/translate-fr_en-bpe.argosmodel (kept apart: tests
    and benches install every *.argosmodel of --out, one package per pair)."""
    if variant:
        (out / "variants").mkdir(parents=True, exist_ok=True)
        return out / "variants" / f"translate-{src}_{tgt}-{variant}.argosmodel"
    return out / f"translate-{src}_{tgt}.argosmodel"


def build_pair(pair: str, args: argparse.Namespace) -> Json:
    import torch

    src, tgt = pair.split("-")
    variant = "bpe" if args.tokenizer == "bpe" else ""
    name = f"translate-{src}_{tgt}" + (f"-{variant}" if variant else "")
    tag = f"{src}->{tgt}" + (f" ({variant})" if variant else "")
    src_lines, tgt_lines = load_pair(args.data, src, tgt)
    log(f"[{tag}] {len(src_lines)} pairs from {args.data}")

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    work = Path(tempfile.mkdtemp(prefix=f"fixture-{src}_{tgt}-"))
    try:
        if args.tokenizer == "bpe":
            # Moses tokenisation + BPE, as argos-train's older packages (bpe.model).
            tokenizer_file, tokenizer_name = work / "bpe.model", "bpe.model"
            words: list[str] = []
            for lang, lines in ((src, src_lines), (tgt, tgt_lines)):
                from sacremoses.normalize import MosesPunctNormalizer
                from sacremoses.tokenize import MosesTokenizer

                norm, tok = MosesPunctNormalizer(lang), MosesTokenizer(lang)
                for line in lines:
                    words.extend(tok.tokenize(norm.normalize(line)))
            learn_bpe(words, args.bpe_merges, tokenizer_file)
            enc_src, enc_tgt = bpe_tokenizer(tokenizer_file, src, tgt), bpe_tokenizer(tokenizer_file, tgt, src)
            dec = bpe_tokenizer(tokenizer_file, src, tgt)
            src_tokens = [enc_src.encode(s) for s in src_lines]
            tgt_tokens = [enc_tgt.encode(t) for t in tgt_lines]
            lossless = sum(dec.decode(t) == ref for t, ref in zip(tgt_tokens, tgt_lines, strict=False))
            log(f"[{tag}] Moses+BPE round-trips {lossless}/{len(tgt_lines)} target sentences exactly")
            vocab = build_vocab_from_tokens(src_tokens + tgt_tokens)
        else:
            import sentencepiece as spm

            tokenizer_file, tokenizer_name = work / "sp.model", "sentencepiece.model"
            train_sentencepiece(src_lines + tgt_lines, work / "sp", args.vocab_size)
            sp = spm.SentencePieceProcessor(model_file=str(tokenizer_file))
            vocab = build_vocab(sp)
            # Exactly the pieces argostranslate's tokenizer produces (out_type=str).
            src_tokens = [sp.encode(s, out_type=str) for s in src_lines]
            tgt_tokens = [sp.encode(t, out_type=str) for t in tgt_lines]
            for pieces, t in zip(tgt_tokens, tgt_lines, strict=False):
                if sp.decode_pieces(pieces) != t:
                    raise SystemExit(f"[{tag}] sentencepiece is not lossless on {t!r}")
        tok_id = {t: i for i, t in enumerate(vocab)}
        pad_id = len(vocab) - 1
        examples = [
            ([tok_id.get(p, 1) for p in s] + [0], [tok_id.get(p, 1) for p in t])
            for s, t in zip(src_tokens, tgt_tokens, strict=False)
        ]
        max_len = max(max(len(a), len(b) + 1) for a, b in examples)
        log(f"[{tag}] vocab {len(vocab)} (incl. </s> <unk> <pad>), longest sequence {max_len} tokens")
        if max_len > args.max_positions:
            raise SystemExit(f"increase --max-positions (need {max_len})")

        model = make_model(len(vocab), args)
        nparams = sum(p.numel() for p in model.parameters())
        log(f"[{tag}] model params {nparams:,} (d_model {args.d_model}, layers {args.layers})")
        stats = train(model, examples, pad_id, args, tag)
        model.eval()
        zero_pad_embedding(model, pad_id)
        model.save_pretrained(work / "hf")
        convert_to_ctranslate2(work / "hf", work / "ct2", vocab)

        info = {
            "pairs": len(examples),
            "vocab": len(vocab),
            "tokenizer": tokenizer_name,
            "d_model": args.d_model,
            "layers": args.layers,
            "seed": args.seed,
            **{k: (round(v, 5) if isinstance(v, float) else v) for k, v in stats.items()},
        }
        pkg_dir = work / "pkg" / f"{name}-{PACKAGE_DIR_VERSION}"
        write_package(pkg_dir, src, tgt, tokenizer_file, work / "ct2", info, tokenizer_name)
        args.out.mkdir(parents=True, exist_ok=True)
        out_file = package_file(args.out, src, tgt, variant)
        zip_package(pkg_dir, out_file)
        size = out_file.stat().st_size
        log(f"[{tag}] wrote {out_file} ({size / 1e6:.2f} MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    return verify_pair(pair, args, stats, variant)


def verify_pair(pair: str, args: argparse.Namespace, stats: Json | None = None, variant: str = "") -> Json:
    """Check a built package through the runtime path; fail below --min-exact."""
    src, tgt = pair.split("-")
    tag = f"{src}->{tgt}" + (f" ({variant})" if variant else "")
    src_lines, tgt_lines = load_pair(args.data, src, tgt)
    out_file = package_file(args.out, src, tgt, variant)
    size = out_file.stat().st_size
    hyps = translate_runtime(out_file, src_lines)
    exact = [h == t for h, t in zip(hyps, tgt_lines, strict=False)]
    rate = sum(exact) / len(exact)
    log(
        f"[{tag}] VERIFY exact match (argostranslate + ctranslate2 int8, beam 4): "
        f"{sum(exact)}/{len(exact)} = {rate:.1%}"
    )
    for s, h, t, ok in list(zip(src_lines, hyps, tgt_lines, exact, strict=False))[:200]:
        if not ok:
            log(f"[{tag}]   miss: {s!r}\n[{tag}]      got {h!r}\n[{tag}]     want {t!r}")
            break
    if rate < args.min_exact:
        raise SystemExit(f"[{tag}] FAILED: exact-match {rate:.1%} < {args.min_exact:.0%}")

    samples = [
        {"source": s, "translation": h}
        for s, h, ok in zip(src_lines, hyps, exact, strict=False)
        if ok and looks_single_sentence(s) and looks_single_sentence(h)
    ][: args.samples]
    return {
        "pair": pair + (f"+{variant}" if variant else ""),
        "file": out_file.name,
        "bytes": size,
        "exact": sum(exact),
        "total": len(exact),
        "rate": rate,
        "train": stats or {},
        "samples": samples,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", default="fr-en,en-es,en-de")
    ap.add_argument("--out", type=Path, default=REPO_ROOT / "tests/fixtures/models")
    ap.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared/data/tatoeba")
    ap.add_argument("--epochs", type=int, default=150, help="maximum epochs (stops early once memorised)")
    ap.add_argument("--vocab-size", type=int, default=1000)
    ap.add_argument(
        "--tokenizer",
        choices=("sentencepiece", "bpe"),
        default="sentencepiece",
        help="bpe: Moses + BPE codes (bpe.model), as older Argos packages; file translate-X_Y-bpe.argosmodel",
    )
    ap.add_argument("--bpe-merges", type=int, default=900, help="BPE merges learned (--tokenizer bpe)")
    ap.add_argument("--d-model", type=int, default=128)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ffn", type=int, default=512)
    ap.add_argument(
        "--max-positions",
        type=int,
        default=512,
        help="training-time table size only (CTranslate2 computes positions itself)",
    )
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--max-tokens", type=int, default=1000, help="padded tokens per batch")
    ap.add_argument("--patience", type=int, default=5, help="epochs at 100%% teacher-forced before stopping")
    ap.add_argument("--target-loss", type=float, default=0.01)
    ap.add_argument("--min-exact", type=float, default=0.97)
    ap.add_argument("--verify-only", action="store_true", help="only re-verify existing packages in --out")
    ap.add_argument(
        "--variants",
        default="",
        help="derive packages from --variant-pair: pre3 (CTranslate2 < 3.0 layout), float32 (comma-separated)",
    )
    ap.add_argument("--variant-pair", default="fr-en", help="the built pair --variants are derived from")
    ap.add_argument("--samples", type=int, default=10, help="sentences per pair in sentences.json")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    args.out = args.out.resolve()
    results = []
    for pair in [p.strip() for p in args.pairs.split(",") if p.strip()]:
        variant = "bpe" if args.tokenizer == "bpe" else ""
        results.append(verify_pair(pair, args, None, variant) if args.verify_only else build_pair(pair, args))

    # sentences.json: keep entries of pairs not rebuilt this run.
    sfile = args.out / "sentences.json"
    data = json.loads(sfile.read_text()) if sfile.exists() else {}
    for r in results:
        data[r["pair"]] = r["samples"]
    sfile.write_text(json.dumps(dict(sorted(data.items())), ensure_ascii=False, indent=2) + "\n")

    # Pivot chains (e.g. fr->en->es): French training sentences whose English
    # output is itself an en->X training sentence translated exactly.
    for a, b in (("fr-en", "en-es"), ("fr-en", "en-de")) if args.tokenizer == "sentencepiece" else ():
        fa, fb = (args.out / f"translate-{p.replace('-', '_')}.argosmodel" for p in (a, b))
        if not (fa.exists() and fb.exists()):
            continue
        a_src, a_tgt = load_pair(args.data, *a.split("-"))
        b_src, b_tgt = load_pair(args.data, *b.split("-"))
        b_ref = dict(zip(b_src, b_tgt, strict=False))
        cand = [(s, t) for s, t in zip(a_src, a_tgt, strict=False) if t in b_ref]
        mid = translate_runtime(fa, [s for s, _ in cand])
        cand = [(s, m) for (s, t), m in zip(cand, mid, strict=False) if m == t]
        final = translate_runtime(fb, [m for _, m in cand])
        key = f"{a.split('-')[0]}-en-{b.split('-')[1]}"
        data[key] = [
            {"source": s, "pivot": m, "translation": f}
            for (s, m), f in zip(cand, final, strict=False)
            if f == b_ref[m] and looks_single_sentence(s)
        ][: args.samples]
        log(f"pivot {key}: {len(data[key])} chains kept ({len(cand)} candidates with exact first hop)")
    sfile.write_text(json.dumps(dict(sorted(data.items())), ensure_ascii=False, indent=2) + "\n")

    for pair in [args.variant_pair] if args.variants else []:
        src, tgt = pair.split("-")
        for variant in [v.strip() for v in args.variants.split(",") if v.strip()]:
            out_file = package_file(args.out, src, tgt, variant)
            derive_variant(package_file(args.out, src, tgt), variant, out_file)
            log(f"[{src}->{tgt} ({variant})] wrote {out_file} ({out_file.stat().st_size / 1e6:.2f} MB)")
            verify_variant(pair, variant, args)

    log("\nSUMMARY")
    for r in results:
        trained = f", {r['train']['epochs']} epochs in {r['train']['train_seconds']}s" if r["train"] else ""
        log(f"  {r['file']}: {r['bytes'] / 1e6:.2f} MB, exact {r['exact']}/{r['total']} ({r['rate']:.1%}){trained}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
