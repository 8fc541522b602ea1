"""The real-size benchmark model copies its input, so its outputs end where they should.

``make bench`` times translation with packages built by
``tools/build_realsize_model.py``: argos-train's layer shape with set weights
that copy the source. Its figures only mean something if the model stops
decoding at the source's length by itself, through the real runtime path.
These tests build the same layers with the fixture's small vocabulary (a few
seconds instead of two minutes), install the package like a user and
translate through ``summarize.translate``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "models"


def builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_realsize_model", ROOT / "tools" / "build_realsize_model.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def copy_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fr→en package of the real layer shape over the fixture's SentencePiece model."""
    build = builder()
    work = tmp_path_factory.mktemp("realsize")
    with zipfile.ZipFile(FIXTURES / "translate-fr_en.argosmodel") as zf:
        (name,) = [n for n in zf.namelist() if n.endswith("/sentencepiece.model")]
        (work / "sp.model").write_bytes(zf.read(name))
    tokens = build.vocabulary(work / "sp.model")
    for special in ("<s>", "</s>"):  # the fixture's model has none; CTranslate2 needs them
        if special not in tokens:
            tokens.append(special)
    spec = build.build_spec(tokens, seed=7)
    (work / "ct2").mkdir()
    spec.save(str(work / "ct2"))
    pkg_dir = work / "pkg" / "translate-fr_en-1_0"
    build.write_package(pkg_dir, "fr", "en", work / "sp.model", work / "ct2")
    build.zip_package(pkg_dir, work / "translate-fr_en.argosmodel")
    return work / "translate-fr_en.argosmodel"


def test_the_model_has_argos_trains_shape(copy_package: Path) -> None:
    with zipfile.ZipFile(copy_package) as zf:
        config = json.loads(zf.read("translate-fr_en-1_0/model/config.json"))
        model_bin = zf.getinfo("translate-fr_en-1_0/model/model.bin").file_size
    # 6+6 layers of d_model 512 / FFN 2048 in int8 are ~44 MB, the stored
    # position table 10 MB; the rest are the three embedding matrices.
    assert model_bin > 54e6
    assert config["add_source_eos"] is True


def test_it_copies_its_input_through_summarize_translate(copy_package: Path, tmp_path: Path) -> None:
    from summarize.store import install
    from summarize.translate import clear_cache, translate

    install(copy_package, tmp_path / "store")
    sources = [item["source"] for item in json.loads((FIXTURES / "sentences.json").read_text())["fr-en"]]
    try:
        result = translate(sources, "fr", ["en"], models_dir=tmp_path / "store")
    finally:
        clear_cache()
    assert result["en"].sentences == sources
