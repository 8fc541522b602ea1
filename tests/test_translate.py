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
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from summarize import store
from summarize.errors import ModelMissingError, ModelPackageError, UnsupportedLanguageError, UsageError
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

    def __init__(self, model_path: str, *args: Any, **kwargs: Any) -> None:
        self.name = Path(model_path).parent.name
        self.translator = Spy.real(model_path, *args, **kwargs)
        Spy.loads[self.name] += 1

    def translate_batch(self, tokens: list[list[str]], **kwargs: Any) -> Any:
        Spy.batches.append((self.name, len(tokens)))
        return self.translator.translate_batch(tokens, **kwargs)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Spy]]:
    """Count model loads and batches, from a cold cache."""
    import ctranslate2

    Spy.real = ctranslate2.Translator
    Spy.loads = Counter()
    Spy.batches = []
    clear_cache()
    monkeypatch.setattr(ctranslate2, "Translator", Spy)
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


def test_a_missing_pair_fails_before_anything_is_translated(models: Path, spy: type[Spy]) -> None:
    with pytest.raises(ModelMissingError, match="fr→it"):
        translate(["Bonjour."], "fr", ["en", "it"])
    assert spy.batches == []


@pytest.mark.parametrize("code", ["xx", "french", "e n", ""])
def test_unknown_language_codes_are_refused(models: Path, code: str) -> None:
    with pytest.raises(UnsupportedLanguageError, match="unknown language code"):
        translate(["Bonjour."], "fr", [code])


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
