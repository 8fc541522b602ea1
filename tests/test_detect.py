"""Language detection: right, deterministic, and honest when unsure."""

from __future__ import annotations

import json
import marshal
import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarize.cli import app
from summarize.detect import (
    _load_packed,
    _profiles_version,
    cache_dir,
    check_language,
    chinese_script,
    detect_language,
    known_languages,
    parse_languages,
    profile_codes,
)
from summarize.errors import LanguageDetectionError, ModelMissingError, UnsupportedLanguageError, UsageError
from summarize.pipeline import brief


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


# The same news sentences in Traditional and in Simplified characters (written for these tests).
TRADITIONAL = (
    "台灣政府今天宣布，將在明年擴大對國際經濟合作的投資，總統表示這項計畫對國家發展非常重要。"
    "行政院長在記者會上說，政府會與民間企業密切合作，確保各項措施能夠順利推動。"
)
SIMPLIFIED = (
    "台湾政府今天宣布，将在明年扩大对国际经济合作的投资，总统表示这项计划对国家发展非常重要。"
    "行政院长在记者会上说，政府会与民间企业密切合作，确保各项措施能够顺利推动。"
)


def test_traditional_chinese_is_not_read_as_korean() -> None:
    # langdetect alone says ko 0.86 (its Korean profile holds Hanja): Korean copy always shows Hangul
    found = detect_language(TRADITIONAL)
    assert found.language == "zh"
    assert found.probability > 0.99


def test_korean_and_japanese_with_their_own_scripts_are_still_found() -> None:
    assert detect_language("한국 정부는 오늘 내년 국제 경제 협력에 대한 투자를 확대한다고 발표했다.").language == "ko"
    japanese = "日本政府は今日、来年の国際経済協力への投資を拡大すると発表した。首相は記者会見で説明した。"
    assert detect_language(japanese).language == "ja"


def test_the_chinese_script_picks_the_argos_package() -> None:
    assert chinese_script(TRADITIONAL) == "zh-tw"
    assert chinese_script(SIMPLIFIED) == "zh"
    assert chinese_script("no Chinese here") == "zh"


def test_knows_the_langdetect_languages() -> None:
    assert {"fr", "en", "es", "de", "zh-cn"} <= set(known_languages())


@pytest.mark.parametrize(("code", "norm"), [("fr", "fr"), ("FR", "fr"), ("pt_BR", "pt"), (" en ", "en")])
def test_check_language(code: str, norm: str) -> None:
    assert check_language(code) == norm


@pytest.mark.parametrize("code", ["french!", "x", "1234", "français"])
def test_check_language_rejects(code: str) -> None:
    with pytest.raises(UnsupportedLanguageError):
        check_language(code)


# --------------------------------------------------------------------------
# Detection that admits doubt

_FR = "Le président a parlé jeudi des négociations avec Moscou, qui reprendront la semaine prochaine à Genève. "
_EN = "The president spoke on Thursday about the talks with Moscow and the next round of negotiations in Geneva. "


def test_a_whole_article_is_detected_without_warning(article: str) -> None:
    assert detect_language(article).warnings == ()


def test_a_single_sentence_is_answered_with_a_warning_naming_the_language() -> None:
    # langdetect reads this Dutch sentence as Afrikaans at probability 1.0
    found = detect_language("Mooier kon niet, vond Van Moorsel.")
    assert found.language == "af" and found.probability > 0.99
    (warning,) = found.warnings
    assert "detected as af" in warning and "27 letters" in warning and "--from" in warning


_CHINESE_PARAGRAPH = (  # 97 characters: a short paragraph of news, as long as ~300 Latin letters
    "北京时间周三，中国国家统计局公布的数据显示，今年前十个月全国规模以上工业企业利润同比增长百分之三点五，"
    "增速比前九个月加快零点二个百分点。分析人士认为，经济恢复的势头正在巩固。政府表示将继续实施积极的财政政策。"
)


def test_a_paragraph_of_chinese_counts_its_characters_as_words_not_letters() -> None:
    # each ideograph counts for DENSE_LETTER_WEIGHT letters: 97 characters are not "too short"
    found = detect_language(_CHINESE_PARAGRAPH)
    assert found.language == "zh" and found.warnings == ()


def test_a_single_line_of_chinese_is_still_warned_about() -> None:
    found = detect_language("中华人民共和国国务院总理今天在北京会见了来访的外国代表团。")
    (warning,) = found.warnings
    assert "detected as zh" in warning and "--from" in warning


def test_a_long_text_below_099_is_answered_with_a_warning_giving_the_odds() -> None:
    found = detect_language(_FR * 2 + _EN * 2)  # 320 letters, half French, half English
    assert found.language == "fr" and 0.80 <= found.probability < 0.99
    (warning,) = found.warnings
    assert "detected as fr with probability 0.86" in warning and "en 0.14" in warning and "--from" in warning


def test_a_long_clear_text_has_no_warning() -> None:
    assert detect_language(_FR * 4 + _EN * 2).warnings == ()


@pytest.mark.parametrize(
    ("text", "unrestricted", "languages", "language"),
    [
        ("Mooier kon niet, vond Van Moorsel.", "af", ["nl", "fr", "en"], "nl"),
        ("Карл XIV Юхан умер 8 марта 1844 года.", "bg", ["ru", "en"], "ru"),
        ("Todo gira a su alrededor.", "pt", ["fr", "es", "en"], "es"),
    ],
)
def test_restricting_detection_to_the_expected_languages(
    text: str, unrestricted: str, languages: list[str], language: str
) -> None:
    assert detect_language(text).language == unrestricted
    assert detect_language(text, languages).language == language


def test_a_long_text_in_none_of_the_expected_languages_is_answered_with_a_warning() -> None:
    """Restricted to es and de, French news comes out as Spanish at probability 1.0: say what it reads as."""
    found = detect_language(_FR * 4, ["de", "es"])
    assert found.language == "es"
    assert len(found.warnings) == 1
    assert "reads as fr" in found.warnings[0] and "de, es" in found.warnings[0] and "--from" in found.warnings[0]
    assert detect_language(_FR * 4, ["fr", "es"]).warnings == ()


def test_restricted_detection_still_refuses_a_text_in_none_of_them() -> None:
    with pytest.raises(LanguageDetectionError, match="uncertain"):
        detect_language(
            "Il presidente ha detto giovedì che i colloqui con Mosca continueranno la prossima settimana.", ["fr", "en"]
        )


def test_restriction_accepts_iso_codes_that_langdetect_spells_otherwise() -> None:
    assert profile_codes(["nb", "zh", "pt-BR", " EN "]) == ["no", "zh-cn", "zh-tw", "pt", "en"]


def test_restriction_to_an_unknown_language_is_a_usage_error_listing_the_known_ones() -> None:
    with pytest.raises(UsageError, match=r"cannot recognise 'xx'.*\bfr\b"):
        detect_language("Le président a parlé jeudi des négociations avec Moscou.", ["fr", "xx"])


# --------------------------------------------------------------------------
# The profile cache (a convenience: it never breaks or litters a run)


def _cache_path(folder: Path) -> Path:
    return folder / f"langdetect-{_profiles_version()}-v2.marshal"


def test_an_empty_home_is_treated_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SUMMARIZE_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", "")
    assert cache_dir() == Path(pwd.getpwuid(os.getuid()).pw_dir) / ".cache" / "summarize"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # the XDG spec says: ignore it
    assert cache_dir().is_absolute()


def test_a_cache_of_the_wrong_shape_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path))
    good = _load_packed()
    wrongs = [
        marshal.dumps({"a": 1}),
        marshal.dumps((["fr"], "", b"", b"")),
        marshal.dumps((["fr"], "ab", b"\0" * 12, b"\1" * 9)),
        marshal.dumps(([], "", b"", b"")),
    ]
    for wrong in wrongs:
        _cache_path(tmp_path).write_bytes(wrong)
        assert _load_packed() == good
        assert marshal.loads(_cache_path(tmp_path).read_bytes()) == good


def test_a_folder_in_place_of_the_cache_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path))
    _cache_path(tmp_path).mkdir()
    assert _load_packed()[0]
    assert [p.name for p in tmp_path.iterdir()] == [_cache_path(tmp_path).name]


def test_a_full_disk_leaves_no_temporary_file(tmp_path: Path) -> None:
    # a 64 KB file-size limit makes writing the 2.6 MB cache fail as a full disk does (EFBIG)
    code = (
        "import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536)); "
        "from summarize.detect import detect_language; "
        "print(detect_language('Le chat dort sur le canapé du salon.').language)"
    )
    env = {**os.environ, "SUMMARIZE_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "fr"), done.stderr
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------
# In the brief: warnings reach the result, and a missing model blames detection


_DUTCH = "Mooier kon niet, vond Van Moorsel."


def test_the_brief_carries_detection_warnings_in_its_source() -> None:
    source = brief(_DUTCH, to="none").source
    assert source.language == "af" and source.warnings and "--from" in source.warnings[0]
    assert source.to_dict()["warnings"] == list(source.warnings)


def test_the_brief_has_no_warning_for_a_clear_article_or_a_named_language(article: str) -> None:
    assert brief(article, to="none").source.to_dict()["warnings"] == []
    assert brief(_DUTCH, to="none", source_lang="nl").source.warnings == ()


def test_the_brief_restricts_detection_to_the_expected_languages() -> None:
    assert brief(_DUTCH, to="none", languages=["nl", "fr", "en"]).source.language == "nl"


def test_a_missing_model_after_detection_names_the_detected_language_and_its_probability(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match=r"af→en.*af is the detected language, probability 1\.00.*--from"):
        brief(_DUTCH, to="en", models_dir=tmp_path)
    with pytest.raises(ModelMissingError) as named:
        brief(_DUTCH, to="en", models_dir=tmp_path, source_lang="nl")
    assert "detected" not in str(named.value)


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        (None, ()),
        ("", ()),
        ("fr,en, ES", ("fr", "en", "es")),
        (["fr", "fr", "nb"], ("fr", "nb")),
        ("zh-TW", ("zh-tw",)),
    ],
)
def test_parse_languages(value: str | list[str] | None, codes: tuple[str, ...]) -> None:
    assert parse_languages(value) == codes


def test_parse_languages_refuses_an_unknown_code_up_front() -> None:
    with pytest.raises(UsageError, match="'klingon'"):
        parse_languages("fr,klingon")


# --------------------------------------------------------------------------
# On the command line: warnings on stderr, --languages, the config key

cli = CliRunner()


def _run(args: list[str], stdin: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return cli.invoke(app, args, input=stdin, env=env, catch_exceptions=False)


def test_the_cli_warns_on_stderr_and_keeps_stdout_clean() -> None:
    result = _run(["--to", "none"], _DUTCH + "\n")
    assert result.exit_code == 0
    assert result.stdout == f"• {_DUTCH}\n"
    assert result.stderr.startswith("summarize: warning: language detected as af") and "--from" in result.stderr


def test_the_cli_says_nothing_for_a_clear_article(article: str) -> None:
    assert _run(["--to", "none"], article).stderr == ""


def test_languages_option_restricts_detection() -> None:
    result = _run(["--to", "none", "--format", "json", "--languages", "nl,fr,en"], _DUTCH)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"]["language"] == "nl"


def test_languages_option_with_an_unknown_code_is_a_usage_error() -> None:
    result = _run(["--to", "none", "--languages", "nl,xx"], _DUTCH)
    assert result.exit_code == 2
    assert "'xx'" in result.stderr and result.stdout == ""


def test_languages_from_the_config_file_and_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('languages = ["nl", "en"]\n', encoding="utf-8")
    from_file = _run(["--config", str(config), "--to", "none", "-f", "json"], _DUTCH)
    assert json.loads(from_file.stdout)["source"]["language"] == "nl"
    from_env = _run(["--to", "none", "-f", "json"], _DUTCH, env={"SUMMARIZE_LANGUAGES": "nl,fr"})
    assert json.loads(from_env.stdout)["source"]["language"] == "nl"
    config.write_text('languages = ["nl", "klingon"]\n', encoding="utf-8")
    bad = _run(["--config", str(config), "--to", "none"], _DUTCH)
    assert bad.exit_code == 13 and "'languages'" in bad.stderr and "'klingon'" in bad.stderr


def test_the_cli_missing_model_error_blames_a_doubtful_detection(tmp_path: Path) -> None:
    result = _run(["--to", "en", "--models-dir", str(tmp_path)], _DUTCH)
    assert result.exit_code == 10
    assert "af is the detected language, probability 1.00" in result.stderr
