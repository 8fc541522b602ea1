"""Language detection: right, deterministic, and honest when unsure."""

from __future__ import annotations

import pytest

from summarize.detect import check_language, detect_language, known_languages
from summarize.errors import LanguageDetectionError, UnsupportedLanguageError


def test_detects_french_with_high_probability(article: str) -> None:
    found = detect_language(article)
    assert found.language == "fr"
    assert found.probability > 0.99


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The president said on Thursday that the talks with Moscow would continue next week.", "en"),
        ("El presidente dijo el jueves que las conversaciones con Moscú continuarían la semana próxima.", "es"),
        ("Der Präsident sagte am Donnerstag, dass die Gespräche mit Moskau nächste Woche fortgesetzt werden.", "de"),
        ("Il presidente ha detto giovedì che i colloqui con Mosca continueranno la prossima settimana.", "it"),
    ],
)
def test_other_languages(text: str, language: str) -> None:
    assert detect_language(text).language == language


def test_same_text_same_answer_every_time(article: str) -> None:
    answers = {detect_language(article) for _ in range(5)}
    assert len(answers) == 1


def test_too_short_suggests_from() -> None:
    with pytest.raises(LanguageDetectionError, match="--from"):
        detect_language("OK 12")


def test_uncertain_text_suggests_from() -> None:
    # "thank you" in eight languages: no language reaches the threshold
    with pytest.raises(LanguageDetectionError, match=r"uncertain.*--from"):
        detect_language("Merci thank you gracias danke grazie obrigado spasibo")


def test_chinese_codes_are_shortened() -> None:
    assert detect_language("中华人民共和国国务院总理今天在北京会见了来访的外国代表团。").language == "zh"


def test_knows_the_langdetect_languages() -> None:
    assert {"fr", "en", "es", "de", "zh-cn"} <= set(known_languages())


@pytest.mark.parametrize(("code", "norm"), [("fr", "fr"), ("FR", "fr"), ("pt_BR", "pt"), (" en ", "en")])
def test_check_language(code: str, norm: str) -> None:
    assert check_language(code) == norm


@pytest.mark.parametrize("code", ["french!", "x", "1234", "français"])
def test_check_language_rejects(code: str) -> None:
    with pytest.raises(UnsupportedLanguageError):
        check_language(code)
