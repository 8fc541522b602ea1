"""tools/compress_rules.py: shorter versions of a sentence, found by punctuation, that never drop the facts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest


def _load() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "tools" / "compress_rules.py"
    spec = importlib.util.spec_from_file_location("compress_rules", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["compress_rules"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


compress = _load()


def texts(sentence: str) -> dict[tuple[str, ...], str]:
    return {version.kinds: version.text for version in compress.versions(sentence)}


@pytest.mark.parametrize(
    ("sentence", "kind", "expected"),
    [
        # an apposition between the first two commas, in four languages
        (
            "Emmanuel Macron, président de la République, a annoncé mardi une réforme des retraites.",
            "aside",
            "Emmanuel Macron a annoncé mardi une réforme des retraites.",
        ),
        (
            "The company, a former state monopoly, has cut its forecast for the whole year.",
            "aside",
            "The company has cut its forecast for the whole year.",
        ),
        (
            "El ministro, antiguo banquero de la capital, presentó su dimisión ante el parlamento.",
            "aside",
            "El ministro presentó su dimisión ante el parlamento.",
        ),
        (
            "Die Kanzlerin, die am Morgen angereist war, traf sich mit den Vertretern der Gewerkschaften.",
            "aside",
            "Die Kanzlerin traf sich mit den Vertretern der Gewerkschaften.",
        ),
        # a bracket and a dash-set remark
        (
            "Le Rassemblement national (ex-FN) a dénoncé une manœuvre politique de la majorité.",
            "brackets",
            "Le Rassemblement national a dénoncé une manœuvre politique de la majorité.",
        ),
        (
            "The minister – a former banker – resigned on Tuesday after a long scandal.",
            "dashes",
            "The minister resigned on Tuesday after a long scandal.",
        ),
        # a short opening circumstance: the rest starts with a capital
        (
            "Mardi soir, les pompiers sont intervenus dans un immeuble de la rue de Rivoli.",
            "opening",
            "Les pompiers sont intervenus dans un immeuble de la rue de Rivoli.",
        ),
        (
            "El martes por la noche, los bomberos intervinieron en un edificio del centro histórico de la ciudad.",
            "opening",
            "Los bomberos intervinieron en un edificio del centro histórico de la ciudad.",
        ),
        # a trailing participle after a head long enough to stand alone; the final stop stays
        (
            "La police a interpellé trois hommes dans la soirée de mercredi à Marseille, "
            "provoquant la colère de leurs proches.",
            "tail",
            "La police a interpellé trois hommes dans la soirée de mercredi à Marseille.",
        ),
        (
            "The storm flooded hundreds of homes along the coast on Sunday night, "
            "leaving thousands of families in the dark!",
            "tail",
            "The storm flooded hundreds of homes along the coast on Sunday night!",
        ),
    ],
)
def test_each_kind_of_cut_in_several_languages(sentence: str, kind: str, expected: str) -> None:
    assert texts(sentence)[(kind,)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # numbers and dates stay
        "Le chômage (9,1 % de la population active) a baissé au troisième trimestre selon les chiffres publiés.",
        "En 2019, la France avait connu un épisode de sécheresse exceptionnel dans tout le pays.",
        # negation stays
        "L'homme, qui n'avait jamais été condamné, a été interpellé par la police dans la soirée.",
        "The suspect, who had not been charged before, was arrested by the police on Monday.",
        # attribution of a claim stays
        "Selon la préfecture, les manifestants étaient plus nombreux que lors de la dernière journée.",
        "The economy will shrink next year in most of the large countries, according to the central bank.",
        "La situation est sous contrôle dans l'ensemble du département, a-t-il déclaré devant la presse.",
        "Die Lage hat sich in der Nacht deutlich entspannt, sagte ein Sprecher der Polizei.",
        # a condition stays
        "Si la pluie continue, les secours devront évacuer les habitants des quartiers les plus bas.",
        # a quotation stays
        "Le président a promis des mesures rapides, « dès la semaine prochaine » pour les agriculteurs touchés.",
    ],
)
def test_spans_that_carry_the_facts_are_never_cut(sentence: str) -> None:
    for version in compress.versions(sentence):
        for cut in version.cuts:
            span = sentence[cut.start : cut.end]
            assert not any(ch.isdigit() for ch in span), version
            assert not {"n'avait", "not", "selon", "according", "a-t-il", "sagte", "si", "«"} & set(
                span.lower().split()
            )


def test_an_enumeration_is_not_an_aside() -> None:
    sentence = "Les villes de Paris, Lyon, Marseille et Nice sont concernées par cette mesure du gouvernement."
    assert all("aside" not in version.kinds for version in compress.versions(sentence))


def test_a_main_clause_between_an_opening_and_a_tail_stays() -> None:
    # "opening, main clause, tail" has the commas of "subject, apposition, verb": the middle is longer than what follows
    sentence = "Dans la soirée, les pompiers ont évacué tous les habitants de l'immeuble voisin, par précaution."
    assert all("aside" not in version.kinds for version in compress.versions(sentence))


def test_a_subject_before_an_apposition_is_not_an_opening() -> None:
    sentence = "Le nourrisson, qui était malade depuis des semaines, est mort à l'hôpital de Londres."
    kinds = {version.kinds for version in compress.versions(sentence)}
    assert ("aside",) in kinds and ("opening",) not in kinds


def test_versions_keep_enough_words_and_differ_from_the_sentence() -> None:
    sentence = "Hier, à Lyon, un incendie a détruit un entrepôt, faisant deux blessés légers parmi les employés."
    found = compress.versions(sentence)
    assert found
    for version in found:
        assert version.text != sentence
        assert len(version.text.split()) >= compress.MIN_WORDS
        assert version.text.endswith(".")
        assert version.text[0].isupper()


def test_a_quotation_is_never_shortened() -> None:
    sentence = 'La loi vise à interdire "la trahison, la sécession, la sédition et la subversion" à Hong Kong.'
    assert compress.versions(sentence) == []


def test_a_later_aside_keeps_the_comma_that_closes_the_one_before() -> None:
    sentence = (
        "L'avion, qui appartenait à l'aéroclub de Torres Vedras, dans le centre du pays, "
        "avait été prêté à l'école d'aviation de Cascais pour la saison."
    )
    texts = [version.text for version in compress.versions(sentence)]
    assert (
        "L'avion, qui appartenait à l'aéroclub de Torres Vedras, avait été prêté à l'école d'aviation de Cascais "
        "pour la saison." in texts
    )


def test_a_sentence_without_asides_has_no_shorter_version() -> None:
    assert compress.versions("Le conseil municipal a voté le budget de la ville pour l'année prochaine.") == []
    assert compress.versions("") == []
