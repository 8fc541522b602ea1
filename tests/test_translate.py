"""The translation stage, run for real on tiny Argos packages.

``tests/fixtures/models`` holds real packages (fr→en, en→es, en→de) whose
models memorised their training sentences; ``sentences.json`` lists some of
those sentences with the exact translation the package gives for each (built
by ``tools/build_fixture_models.py``).  So these tests check exact strings.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from summarize import engines, store
from summarize.errors import (
    ConfigError,
    ModelMissingError,
    ModelPackageError,
    UnsupportedLanguageError,
    UsageError,
)
from summarize.results import Translation
from summarize.translate import cache_info, clear_cache, translate

FIXTURES = Path(__file__).parent / "fixtures" / "models"


def samples(pair: str) -> tuple[list[str], list[str]]:
    """Training sentences of a fixture package and their exact translations."""
    data = json.loads((FIXTURES / "sentences.json").read_text(encoding="utf-8"))[pair]
    return [s["source"] for s in data], [s["translation"] for s in data]


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three fixture packages installed once, the way users install files."""
    folder = tmp_path_factory.mktemp("fixture-store")
    store.install(FIXTURES, folder)
    return folder


@pytest.fixture
def models(fixture_store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(fixture_store))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # argostranslate.settings makes folders
    return fixture_store


class Spy:
    """Stands in for ctranslate2.Translator: counts loads and translate_batch calls per package."""

    real: ClassVar[Any] = None
    loads: ClassVar[Counter[str]] = Counter()
    batches: ClassVar[list[tuple[str, int]]] = []
    load_options: ClassVar[list[dict[str, Any]]] = []
    batch_options: ClassVar[list[dict[str, Any]]] = []
    #: (package, thread name) of each load and each translate_batch call
    load_threads: ClassVar[list[tuple[str, str]]] = []
    batch_threads: ClassVar[list[tuple[str, str]]] = []
    #: seconds a package's translate_batch takes on top (a real-size model's decoding time)
    slow: ClassVar[dict[str, float]] = {}

    def __init__(self, model_path: str, *args: Any, **kwargs: Any) -> None:
        self.name = Path(model_path).parent.name
        self.translator = Spy.real(model_path, *args, **kwargs)
        Spy.loads[self.name] += 1
        Spy.load_options.append(kwargs)
        Spy.load_threads.append((self.name, threading.current_thread().name))

    def translate_batch(self, tokens: list[list[str]], **kwargs: Any) -> Any:
        Spy.batches.append((self.name, len(tokens)))
        Spy.batch_options.append(kwargs)
        Spy.batch_threads.append((self.name, threading.current_thread().name))
        time.sleep(Spy.slow.get(self.name, 0.0))
        return self.translator.translate_batch(tokens, **kwargs)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Spy]]:
    """Count model loads and batches, from a cold cache."""
    import ctranslate2

    Spy.real = ctranslate2.Translator
    Spy.loads = Counter()
    Spy.batches = []
    Spy.load_options = []
    Spy.batch_options = []
    Spy.load_threads = []
    Spy.batch_threads = []
    Spy.slow = {}
    clear_cache()
    monkeypatch.setattr(ctranslate2, "Translator", Spy)
    monkeypatch.setattr(engines, "_WARMED", [True])  # count the briefs' batches only (see the warm-up's test)
    yield Spy
    clear_cache()  # leave no spies in the cache for other tests


def test_fixture_training_sentences_come_out_exactly(models: Path) -> None:
    for pair in ("fr-en", "en-es", "en-de"):
        source, target = pair.split("-")
        sentences, expected = samples(pair)
        result = translate(sentences, source, [target])
        assert result[target] == Translation(target, [source, target], expected)


def test_french_to_english_and_spanish_pivots_through_english(models: Path) -> None:
    french, english = samples("fr-en")

    result = translate(french, "fr", ["en", "es"])

    assert result["en"].route == ["fr", "en"]
    assert result["en"].sentences == english
    assert result["es"].route == ["fr", "en", "es"]
    assert result["es"].sentences == translate(english, "en", ["es"])["es"].sentences
    assert len(result["es"].sentences) == len(french)  # aligned one-to-one with the input


def test_the_english_intermediate_is_computed_once_and_batched(models: Path, spy: type[Spy]) -> None:
    french, _ = samples("fr-en")

    translate(french, "fr", ["es", "de", "en"])

    # One call per model, each with the whole brief: fr→en once feeds en→es and en→de.
    n = len(french)
    assert sorted(spy.batches) == sorted(
        [("translate-fr_en-0_1", n), ("translate-en_es-0_1", n), ("translate-en_de-0_1", n)]
    )


def test_loaded_models_are_reused_between_calls(models: Path, spy: type[Spy]) -> None:
    french, english = samples("fr-en")
    translate(french, "fr", ["en"])
    again = translate(french[:1], "fr", ["en"])

    assert spy.loads == Counter({"translate-fr_en-0_1": 1})  # not reloaded
    assert cache_info().hits >= 1
    assert again["en"].sentences == english[:1]


def test_other_devices_and_thread_counts_get_their_own_translator(models: Path, spy: type[Spy]) -> None:
    french, english = samples("fr-en")
    translate(french[:1], "fr", ["en"], threads=1)
    assert translate(french[:1], "fr", ["en"], threads=2)["en"].sentences == english[:1]
    assert spy.loads == Counter({"translate-fr_en-0_1": 2})


def test_same_language_is_returned_unchanged_without_a_model(tmp_path: Path, spy: type[Spy]) -> None:
    result = translate(["Bonjour."], "fr", ["fr"], models_dir=tmp_path)
    assert result == {"fr": Translation("fr", ["fr"], ["Bonjour."])}
    assert spy.loads == Counter()


def test_no_sentences_loads_nothing(models: Path, spy: type[Spy]) -> None:
    result = translate([], "fr", ["en", "es"])
    assert result == {"en": Translation("en", ["fr", "en"], []), "es": Translation("es", ["fr", "en", "es"], [])}
    assert spy.loads == Counter()


def test_blank_sentences_stay_in_place(models: Path) -> None:
    french, english = samples("fr-en")
    result = translate([french[0], "  ", french[1]], "fr", ["en"])
    assert result["en"].sentences == [english[0], "  ", english[1]]


def test_a_missing_pair_names_the_install_commands(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError) as caught:
        translate(["Bonjour."], "fr", ["es"], models_dir=tmp_path)
    assert str(caught.value) == (
        "no translation model for fr→es (direct or via English); install one: "
        "summarize models install fr es  (offline: summarize models install translate-fr_es-*.argosmodel)"
    )


def test_chinese_in_traditional_characters_asks_for_the_zt_package(tmp_path: Path) -> None:
    traditional = "台灣政府今天宣布，將在明年擴大對國際經濟合作的投資。"
    simplified = "台湾政府今天宣布，将在明年扩大对国际经济合作的投资。"
    with pytest.raises(ModelMissingError, match=r"install zt en .*translate-zt_en-"):
        translate([traditional], "zh", ["en"], models_dir=tmp_path)
    with pytest.raises(ModelMissingError, match=r"install zh en .*translate-zh_en-"):
        translate([simplified], "zh", ["en"], models_dir=tmp_path)
    # Chinese wanted: nothing to translate, whichever the script
    assert translate([traditional], "zh", ["zh"], models_dir=tmp_path)["zh"].sentences == [traditional]


def test_a_missing_pair_fails_before_anything_is_translated(models: Path, spy: type[Spy]) -> None:
    with pytest.raises(ModelMissingError, match="fr→it"):
        translate(["Bonjour."], "fr", ["en", "it"])
    assert spy.batches == []


@pytest.mark.parametrize("code", ["xx", "french", "e n", ""])
def test_unknown_language_codes_are_refused(models: Path, code: str) -> None:
    with pytest.raises(UnsupportedLanguageError, match="unknown language code"):
        translate(["Bonjour."], "fr", [code])


def test_targets_may_be_written_as_for_the_command_line(models: Path) -> None:
    """``"en"`` or ``"en,es"``, as ``--to`` takes them, not the letters e and n."""
    sentences, expected = samples("fr-en")
    assert translate(sentences[:2], "fr", "en")["en"].sentences == expected[:2]
    assert list(translate(sentences[:2], "fr", "en,es")) == ["en", "es"]


def test_one_string_of_sentences_is_refused_not_translated_letter_by_letter(models: Path) -> None:
    with pytest.raises(TypeError, match=r"a list of sentences"):
        translate("Bonjour.", "fr", ["en"])


def test_bad_options_are_usage_errors(models: Path) -> None:
    with pytest.raises(UsageError, match="device"):
        translate(["Bonjour."], "fr", ["en"], device="tpu")
    with pytest.raises(UsageError, match="threads"):
        translate(["Bonjour."], "fr", ["en"], threads=-1)


def test_a_broken_installed_package_names_its_folder(fixture_store: Path, tmp_path: Path) -> None:
    broken = tmp_path / "store"
    shutil.copytree(fixture_store, broken)
    model_bin = broken / "translate-fr_en-0_1" / "model" / "model.bin"
    model_bin.write_bytes(b"this is not a CTranslate2 model")

    with pytest.raises(ModelPackageError, match=r"cannot load .*translate-fr_en-0_1"):
        translate(["Bonjour."], "fr", ["en"], models_dir=broken)


def test_a_package_with_a_broken_tokenizer_names_its_folder(fixture_store: Path, tmp_path: Path) -> None:
    broken = tmp_path / "store"
    shutil.copytree(fixture_store, broken)
    (broken / "translate-fr_en-0_1" / "sentencepiece.model").write_bytes(b"garbage")

    with pytest.raises(ModelPackageError, match=r"cannot load .*translate-fr_en-0_1"):
        translate(["Bonjour."], "fr", ["en"], models_dir=broken)


def test_translation_never_uses_the_network(models: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the translation stage tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    clear_cache()
    french, english = samples("fr-en")
    assert translate(french, "fr", ["en"])["en"].sentences == english


def test_nothing_is_printed_on_stdout(models: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clear_cache()
    french, _ = samples("fr-en")
    translate(french, "fr", ["es"])
    assert capsys.readouterr().out == ""  # stdout carries the brief


# --------------------------------------------------------------------------
# Real package layouts: every variant the build script makes translates exactly


def install_variant(variant: str, folder: Path) -> Path:
    """One fixture variant (tests/fixtures/models/variants) installed alone."""
    store.install(FIXTURES / "variants" / f"translate-fr_en-{variant}.argosmodel", folder)
    return folder


def test_a_package_converted_before_ctranslate2_3_translates_exactly(tmp_path: Path) -> None:
    folder = install_variant("pre3", tmp_path / "store")
    [package] = [p for p in folder.iterdir() if p.is_dir()]
    assert not (package / "model" / "config.json").exists()  # the pre-3.0 layout
    assert (package / "model" / "shared_vocabulary.txt").exists()
    french, english = samples("fr-en")
    assert translate(french, "fr", ["en"], models_dir=folder)["en"].sentences == english


def test_a_float32_package_runs_in_its_own_type_by_default(tmp_path: Path, spy: type[Spy]) -> None:
    folder = install_variant("float32", tmp_path / "store")
    french, english = samples("fr-en")
    assert translate(french, "fr", ["en"], models_dir=folder)["en"].sentences == english
    assert spy.load_options[-1]["compute_type"] == "default"  # not quantised to int8 behind the user's back


@pytest.mark.skipif(
    not (FIXTURES / "variants" / "translate-fr_en-bpe.argosmodel").exists(), reason="BPE fixture not built"
)
def test_a_bpe_package_translates_exactly(tmp_path: Path) -> None:
    folder = install_variant("bpe", tmp_path / "store")
    french, english = samples("fr-en+bpe")
    assert translate(french, "fr", ["en"], models_dir=folder)["en"].sentences == english


# --------------------------------------------------------------------------
# Faithful decoding


def test_underscores_survive_decoding_only_sentencepiece_spaces_become_spaces(models: Path) -> None:
    from argostranslate.tokenizer import SentencePieceTokenizer

    from summarize.engines import decode, engine

    loaded = engine(models / "translate-fr_en-0_1", "cpu", 1, "auto")
    for text in ["mon_rapport_2024.pdf", "écrire à jean_dupont@example.org", "@la_redaction a dit"]:
        pieces = loaded.tokenizer.encode(text)
        assert decode(loaded, pieces) == text
    argos = SentencePieceTokenizer(models / "translate-fr_en-0_1" / "sentencepiece.model")
    assert argos.decode(loaded.tokenizer.encode("mon_rapport_2024.pdf")).strip() == "mon rapport 2024.pdf"


def test_a_sentence_of_over_300_words_is_translated_whole(models: Path, spy: type[Spy]) -> None:
    french, english = samples("fr-en")
    glued = " ".join(french * 5)  # scraped text glued into one "sentence"
    assert len(glued.split()) > 300

    [result] = translate([glued], "fr", ["en"])["en"].sentences

    assert result == " ".join(english * 5)  # nothing dropped, nothing cut
    assert spy.batch_options[-1]["max_input_length"] == 0  # CTranslate2 must not truncate either


def test_long_sentences_are_cut_at_clause_boundaries_and_nothing_is_lost() -> None:
    from summarize.translate import split_long

    clause = "le conseil municipal a voté le budget de la ville pour l'année prochaine"
    text = ", ".join([clause] * 40) + "; " + ", ".join([clause] * 10) + "."
    words = text.split()
    assert len(words) > 500

    parts = split_long(text, lambda part: len(part.split()), limit=60)

    assert " ".join(parts) == text
    assert all(len(p.split()) <= 60 for p in parts)
    assert all(p.endswith((",", ";", ".")) for p in parts)  # cut after punctuation, never mid-clause
    assert split_long("short sentence.", lambda part: len(part.split()), limit=60) == ["short sentence."]
    one_word = "x" * 500
    assert split_long(one_word, len, limit=60) == [one_word]  # cannot be cut: kept whole


# --------------------------------------------------------------------------
# Argos's settings: ARGOS_COMPUTE_TYPE and ARGOS_BEAM_SIZE


def test_argos_compute_type_and_beam_size_are_honoured(
    models: Path, spy: type[Spy], monkeypatch: pytest.MonkeyPatch
) -> None:
    french, english = samples("fr-en")
    translate(french[:1], "fr", ["en"])
    assert spy.load_options[-1]["compute_type"] == "default"  # "auto": the package's own type
    assert spy.batch_options[-1]["beam_size"] == 4

    monkeypatch.setenv("ARGOS_COMPUTE_TYPE", "int8")
    monkeypatch.setenv("ARGOS_BEAM_SIZE", "1")
    assert translate(french[:1], "fr", ["en"])["en"].sentences == english[:1]
    assert spy.load_options[-1]["compute_type"] == "int8"
    assert spy.batch_options[-1]["beam_size"] == 1

    assert translate(french[:1], "fr", ["en"], compute_type="float32", beam_size=2)["en"].sentences == english[:1]
    assert spy.load_options[-1]["compute_type"] == "float32"  # explicit options win
    assert spy.batch_options[-1]["beam_size"] == 2


@pytest.mark.parametrize(("name", "value"), [("ARGOS_COMPUTE_TYPE", "int3"), ("ARGOS_BEAM_SIZE", "wide")])
def test_bad_argos_settings_are_config_errors_naming_them(
    models: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        translate(["Bonjour."], "fr", ["en"])


# --------------------------------------------------------------------------
# Language codes as detectors name them, packages as the Argos index names them


def test_route_maps_norwegian_and_traditional_chinese_and_falls_back_like_libretranslate() -> None:
    pairs = [("nb", "en"), ("en", "zt"), ("pb", "en"), ("en", "pt")]
    assert store.route("no", "en", pairs) == ["nb", "en"]
    assert store.route("en", "zh-tw", pairs) == ["en", "zt"]
    assert store.route("en", "zh", pairs) == ["en", "zt"]  # zh → zt when only zt exists
    assert store.route("pt", "en", pairs) == ["pb", "en"]  # pt → pb
    assert store.route("en", "pb", pairs) == ["en", "pt"]  # pb → pt
    assert store.route("no", "zh-tw", pairs) == ["nb", "en", "zt"]
    assert store.route("en", "zh", [("en", "zh"), ("en", "zt")]) == ["en", "zh"]  # exact code first


def test_norwegian_text_uses_the_nb_package(fixture_store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    shutil.copytree(fixture_store / "translate-fr_en-0_1", folder / "translate-nb_en-0_1")
    meta_file = folder / "translate-nb_en-0_1" / "metadata.json"
    meta_file.write_text(json.dumps({**json.loads(meta_file.read_text()), "from_code": "nb"}))  # fr→en weights
    french, english = samples("fr-en")
    result = translate(french, "no", ["en"], models_dir=folder)
    assert result["en"].route == ["nb", "en"]
    assert result["en"].sentences == english


# --------------------------------------------------------------------------
# Every load error at run time is a model error (exit 11)


@pytest.mark.parametrize("garbage", [b"\0" * 4096, bytes(range(256)) * 16, b""])
def test_garbage_weights_at_run_time_are_model_errors(fixture_store: Path, tmp_path: Path, garbage: bytes) -> None:
    broken = tmp_path / "store"
    shutil.copytree(fixture_store, broken)
    (broken / "translate-fr_en-0_1" / "model" / "model.bin").write_bytes(garbage)
    with pytest.raises(ModelPackageError) as caught:
        translate(["Bonjour."], "fr", ["en"], models_dir=broken)
    assert caught.value.exit_code == 11


def test_a_package_with_unreadable_metadata_is_named_in_the_missing_model_error(
    fixture_store: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "store"
    shutil.copytree(fixture_store / "translate-fr_en-0_1", broken / "translate-fr_en-0_1")
    (broken / "translate-fr_en-0_1" / "metadata.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ModelMissingError, match=r"1 folder\(s\) in the store are not usable packages"):
        translate(["Bonjour."], "fr", ["en"], models_dir=broken)


def test_legs_after_english_run_side_by_side_with_the_same_results(
    models: Path, spy: type[Spy], monkeypatch: pytest.MonkeyPatch
) -> None:
    import summarize.translate

    french, _ = samples("fr-en")
    side_by_side = translate(french, "fr", ["es", "de", "en"])
    monkeypatch.setattr(summarize.translate, "MAX_PARALLEL_LEGS", 1)
    one_by_one = translate(french, "fr", ["es", "de", "en"])

    assert side_by_side == one_by_one
    assert list(side_by_side) == ["es", "de", "en"]  # in the order asked
    assert spy.loads == Counter({"translate-fr_en-0_1": 1, "translate-en_es-0_1": 1, "translate-en_de-0_1": 1})


def test_legs_through_a_memory_run_side_by_side_too(models: Path, spy: type[Spy], tmp_path: Path) -> None:
    from summarize.memory import Memory

    french, _ = samples("fr-en")
    plain = translate(french, "fr", ["es", "de"])
    clear_cache()
    spy.batch_threads = []
    with Memory(tmp_path / "m.sqlite3") as mem:
        remembered = translate(french, "fr", ["es", "de"], memory=mem)

    assert remembered == plain
    threads = dict(spy.batch_threads)
    assert threads["translate-fr_en-0_1"] == "MainThread"
    assert threads["translate-en_es-0_1"] != "MainThread" and threads["translate-en_de-0_1"] != "MainThread"
    assert threads["translate-en_es-0_1"] != threads["translate-en_de-0_1"]


def test_a_leg_alone_splits_its_sentences_over_the_cores_with_the_same_results(
    models: Path, spy: type[Spy], monkeypatch: pytest.MonkeyPatch
) -> None:
    french, english = samples("fr-en")
    one_call = translate(french, "fr", ["es", "de", "en"])
    engines.use_cores(2)  # as the summarize command does (clear_cache: models get 2 replicas)
    clear_cache()
    spy.batches, spy.load_options = [], []
    split = translate(french, "fr", ["es", "de", "en"])

    assert split == one_call
    assert split["en"].sentences == english
    assert {options["inter_threads"] for options in spy.load_options} == {2}
    calls = Counter(name for name, _ in spy.batches)
    assert calls["translate-fr_en-0_1"] == 2  # alone at its depth: two groups side by side
    assert calls["translate-en_es-0_1"] == calls["translate-en_de-0_1"] == 1  # es ∥ de already fill the cores
    fr_en = sorted(n for name, n in spy.batches if name == "translate-fr_en-0_1")
    assert sum(fr_en) == len(french) and fr_en[1] - fr_en[0] <= len(french) // 2 + 1


def test_sentences_are_grouped_longest_first_into_even_groups() -> None:
    from summarize.translate import _groups

    tokens = [["x"] * n for n in (28, 41, 28)]
    assert _groups(tokens, 2) == [[1], [0, 2]]  # 41 | 28 + 28
    assert _groups(tokens, 1) == [[0, 1, 2]]
    assert _groups(tokens[:1], 4) == [[0]]  # never an empty group
    assert sorted(i for group in _groups([["x"] * n for n in range(1, 30)], 3) for i in group) == list(range(29))


def test_use_cores_leaves_threads_and_gpus_alone(fixture_store: Path) -> None:
    engines.use_cores(4)
    folder = fixture_store / "translate-fr_en-0_1"
    assert engines._key(folder, "cpu", 1, "auto")[4] == 4
    assert engines._key(folder, "cpu", 2, "auto")[4] == 1  # --threads chosen: one replica, as before
    assert engines._key(folder, "cuda", 1, "auto")[4] == 1  # a replica on a GPU is a copy of the weights
    engines.use_cores()
    assert engines._key(folder, "cpu", 1, "auto")[4] >= 1


# --------------------------------------------------------------------------
# Head starts: models load in the background while the article is read and ranked


def test_prefetch_loads_the_route_in_the_background_first_leg_first(models: Path, spy: type[Spy]) -> None:
    from summarize.engines import join_background
    from summarize.translate import prefetch

    prefetch("fr", ["es", "de"])  # the library's default: no core to spare, no head start
    join_background()
    assert spy.loads == Counter()
    engines.use_cores(2)  # as the summarize command does
    prefetch("fr", ["es", "de"], surely=False)  # all of it on the background thread (a memory may serve all)
    join_background()
    assert [name for name, _ in spy.load_threads] == [
        "translate-fr_en-0_1",
        "translate-en_es-0_1",
        "translate-en_de-0_1",
    ]
    assert {thread for _, thread in spy.load_threads} == {"summarize-preload"}

    french, _ = samples("fr-en")
    translate(french, "fr", ["es", "de"])
    assert spy.loads == Counter({"translate-fr_en-0_1": 1, "translate-en_es-0_1": 1, "translate-en_de-0_1": 1})


def test_translate_loads_the_later_legs_while_the_first_one_translates(models: Path, spy: type[Spy]) -> None:
    french, _ = samples("fr-en")
    spy.slow = {"translate-fr_en-0_1": 0.3}
    translate(french, "fr", ["es"])
    loaders = dict(spy.load_threads)
    assert loaders["translate-fr_en-0_1"] == "MainThread"  # needed at once: loaded where it translates
    assert loaders["translate-en_es-0_1"] == "summarize-preload"
    assert spy.loads == Counter({"translate-fr_en-0_1": 1, "translate-en_es-0_1": 1})


def test_prefetch_guesses_the_source_only_when_the_store_allows_one(fixture_store: Path, tmp_path: Path) -> None:
    from summarize.translate import _likely_source

    assert _likely_source(["en"], fixture_store) == "fr"  # fr→en, en→es, en→de installed
    assert _likely_source(["en", "es", "de"], fixture_store) == "fr"  # en is a target: only fr is left
    assert _likely_source(["es"], fixture_store) is None  # French (via English) or English
    assert _likely_source(["it"], fixture_store) is None
    both = tmp_path / "store"
    shutil.copytree(fixture_store, both)
    shutil.copytree(fixture_store / "translate-fr_en-0_1", both / "translate-de_en-0_1")
    meta_file = both / "translate-de_en-0_1" / "metadata.json"
    meta_file.write_text(json.dumps({**json.loads(meta_file.read_text()), "from_code": "de"}))
    assert _likely_source(["en"], both) is None  # French or German copy: wait for the detection


def test_brief_asks_for_its_models_before_reading_then_for_the_detected_language(
    models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import summarize.translate
    from summarize.pipeline import brief
    from summarize.translate import prefetch as real

    asked: list[str | None] = []

    def record(source: str | None, targets: Any, **options: Any) -> None:
        asked.append(source)
        real(source, targets, **options)

    monkeypatch.setattr(summarize.translate, "prefetch", record)
    text = " ".join(samples("fr-en")[0])
    brief(text, to="en", cache=False)
    assert asked == [None, "fr"]  # guessed from the store first, then the detected language
    asked.clear()
    brief(text, to="en", source_lang="fr", cache=False)
    assert asked == ["fr"]
    asked.clear()
    brief(text, to="none", cache=False)
    assert asked == []


@pytest.mark.parametrize("garbage", [b"\0" * 4096, b""])
def test_a_broken_model_fails_the_same_with_a_head_start(fixture_store: Path, tmp_path: Path, garbage: bytes) -> None:
    from summarize.engines import join_background
    from summarize.translate import prefetch

    broken = tmp_path / "store"
    shutil.copytree(fixture_store, broken)
    (broken / "translate-en_es-0_1" / "model" / "model.bin").write_bytes(garbage)
    engines.use_cores(2)
    clear_cache()
    with pytest.raises(ModelPackageError) as without:
        translate(["Bonjour."], "fr", ["es"], models_dir=broken)
    clear_cache()
    prefetch("fr", ["es"], models_dir=broken)
    join_background()  # the background load failed, silently
    with pytest.raises(ModelPackageError) as after:
        translate(["Bonjour."], "fr", ["es"], models_dir=broken)
    assert str(after.value) == str(without.value) and after.value.exit_code == 11


@pytest.mark.parametrize("memory", ["--cache", "--no-cache"])
def test_the_command_reports_a_broken_model_once_with_its_exit_code(
    fixture_store: Path, tmp_path: Path, memory: str
) -> None:
    """``summarize`` loads in the background (the source guessed from the store): the error is still one line, 11."""
    import os
    import subprocess
    import sys

    broken = tmp_path / "store"
    shutil.copytree(fixture_store / "translate-fr_en-0_1", broken / "translate-fr_en-0_1")
    (broken / "translate-fr_en-0_1" / "model" / "model.bin").write_bytes(b"\0" * 4096)
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(broken), "SUMMARIZE_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-m", "summarize", "--to", "en", memory],
        input=" ".join(samples("fr-en")[0]),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 11 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "cannot load the translation model" in proc.stderr


def test_a_head_start_never_raises_nor_prints(
    fixture_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from summarize.engines import join_background
    from summarize.translate import prefetch

    failures: list[Any] = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    engines.use_cores(2)
    prefetch("fr", ["it"], models_dir=fixture_store)  # no such model
    prefetch("xx", ["en"], models_dir=fixture_store)  # no such language
    prefetch(None, ["en"], models_dir=fixture_store, device="tpu")  # bad option
    prefetch("fr", ["it"], models_dir=fixture_store, surely=False)  # the same on the background thread
    prefetch(None, ["en"], models_dir=fixture_store, device="tpu", surely=False)
    monkeypatch.setenv("ARGOS_COMPUTE_TYPE", "int3")
    prefetch("fr", ["en"], models_dir=fixture_store)  # bad setting
    prefetch("fr", ["en"], models_dir=fixture_store, surely=False)
    join_background()
    assert failures == [] and capsys.readouterr() == ("", "")
    with pytest.raises(ConfigError):  # translate reports it, as without a head start
        translate(["Bonjour."], "fr", ["en"], models_dir=fixture_store)
    monkeypatch.delenv("ARGOS_COMPUTE_TYPE")
    with pytest.raises(ModelMissingError):
        translate(["Bonjour."], "fr", ["it"], models_dir=fixture_store)


def test_the_first_load_of_a_process_warms_ctranslate2_up_once(
    models: Path, spy: type[Spy], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engines, "_WARMED", [])
    engines.use_cores(2)  # as the summarize command does (not in batch workers: nothing to overlap)
    french, english = samples("fr-en")
    translate(french, "fr", ["es"])
    warm_ups = [options for options in spy.batch_options if options.get("max_decoding_length") == 2]
    assert len(warm_ups) == 1  # one tiny translation for the whole process, not one per model
    assert spy.batches[0][1] == 1  # before any brief's batch, on whichever model loaded first
    assert translate(french, "fr", ["en"])["en"].sentences == english  # the models are unharmed
