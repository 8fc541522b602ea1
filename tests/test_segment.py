"""summarize.segment: how French news copy is cut into sentences and words.

The sentence cases live in tests/data/boundaries-fr.txt (one readable case per
tricky boundary); the tests below cover words, normalisation, other languages and
the sumy Tokenizer protocol, with no NLTK data on disk.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from summarize.segment import (
    Tokenizer,
    claimed_languages,
    language_code,
    language_name,
    normalize,
    split_sentences,
    split_words,
)

BOUNDARIES = Path(__file__).parent / "data" / "boundaries-fr.txt"
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BoundaryCase:
    name: str
    text: str
    expected: list[str]


_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\([rnt])")


def _unescape(line: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else {"r": "\r", "n": "\n", "t": "\t"}[m[2]], line)


def load_boundary_cases(path: Path = BOUNDARIES) -> list[BoundaryCase]:
    """Parse the regression file: '## name', '> input line' (one per paragraph), '= sentence'."""
    cases: list[BoundaryCase] = []
    name, text, expected = "", [], []  # type: tuple[str, list[str], list[str]]

    def flush() -> None:
        if name:
            assert text and expected, f"case {name!r} needs '>' and '=' lines"
            cases.append(BoundaryCase(name, "\n".join(text), expected[:]))

    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("## "):
            flush()
            name, text, expected = raw[3:].strip(), [], []
        elif raw.startswith("> ") or raw == ">":
            text.append(_unescape(raw[2:]))
        elif raw.startswith("= "):
            expected.append(_unescape(raw[2:]))
    flush()
    return cases


CASES = load_boundary_cases()
PROBES = Path(__file__).parent / "data" / "probes"
PROBE_CASES = [
    (path.stem, case) for path in sorted(PROBES.glob("*.txt")) for case in load_boundary_cases(path)
]  # fmt: skip


def test_regression_file_is_substantial() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES), "case names must be unique"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_boundary_case(case: BoundaryCase) -> None:
    assert split_sentences(case.text) == case.expected


@pytest.mark.parametrize(("language", "case"), PROBE_CASES, ids=[f"{lang}: {c.name}" for lang, c in PROBE_CASES])
def test_probe_case(language: str, case: BoundaryCase) -> None:
    """tests/data/probes/LANG.txt: the hard cases of each claimed language (issue 11)."""
    assert split_sentences(case.text, language) == case.expected


def test_every_claimed_language_has_15_probes() -> None:
    claimed = claimed_languages()
    assert {"fr", "en", "es", "de", "it", "pt", "nl", "ru", "pl", "ro", "ca"} <= set(claimed)
    for language in claimed:
        assert sum(lang == language for lang, _ in PROBE_CASES) >= 15, language


# --- sentences: properties that hold for any input -----------------------------


def test_sentences_are_stripped_non_empty_and_keep_all_text() -> None:
    text = "  Premier.   Second !\n\n\n  « Troisième » ?  "
    sentences = split_sentences(text)
    assert sentences == ["Premier.", "Second !", "« Troisième » ?"]
    assert all(s == s.strip() and s for s in sentences)


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n \u00a0 ") == []


def test_text_without_final_punctuation() -> None:
    assert split_sentences("Un titre sans point") == ["Un titre sans point"]


def test_every_newline_is_a_boundary() -> None:
    assert split_sentences("Une ligne\nune autre ligne") == ["Une ligne", "une autre ligne"]


def test_no_character_is_lost_or_changed_apart_from_spaces() -> None:
    text = "L’« oasis » — dit-il… coûte 2,5 %.Puis M. Dupont (PS) répond ?! Non."
    assert "".join(split_sentences(text)).replace(" ", "") == text.replace(" ", "")


# --- normalisation -------------------------------------------------------------


def test_normalize_spaces() -> None:
    assert normalize("a\u00a0:\u202fb\u2009c  d\r\ne \r\n f") == "a : b c d\ne\nf"


def test_page_breaks_and_unicode_line_separators_end_lines() -> None:
    """pdftotext ends each page with a form feed; Word and some feeds use U+2028/U+2029."""
    assert normalize("fin de page.\x0cPage suivante.") == "fin de page.\nPage suivante."
    assert normalize("un\u2028deux\u2029trois\x85quatre\x0bcinq") == "un\ndeux\n\ntrois\nquatre\ncinq"


def test_invisible_and_control_characters_are_dropped() -> None:
    """Soft hyphens (German sites' &shy;), word joiners, direction marks and terminal escapes are not text:
    left in, they split words for the ranker and the translator, and reach the reader's terminal."""
    assert normalize("Bundes\u00adtag und Heizungs\u00adgesetz") == "Bundestag und Heizungsgesetz"
    assert normalize("\u202eevil\u202c \u200fسلام\u200e x\u2060y") == "evil سلام xy"
    assert normalize("\x1b[31mrouge\x1b[0m\x07 fin\x00") == "[31mrouge[0m fin"
    assert normalize("a\u3000b\u2003c\u205fd") == "a b c d"
    assert normalize("क्\u200dष \u200c") == "क्\u200dष \u200c"  # joiners shape Indic and Persian words: kept


def test_normalize_keeps_typography() -> None:
    text = "« L’État » — déjà… Ça coûte 2,5 €."
    assert normalize(text) == text


def test_nbsp_inside_french_quotes_gives_plain_spaces() -> None:
    assert split_sentences("«\u00a0Oui\u00a0!\u00a0» Il part.") == ["« Oui ! »", "Il part."]


# --- words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("l'État", ["l'", "État"]),
        ("L’État", ["L'", "État"]),  # typographic apostrophe
        ("qu'il", ["qu'", "il"]),
        ("jusqu'à", ["jusqu'", "à"]),
        ("lorsqu'elle puisqu'on", ["lorsqu'", "elle", "puisqu'", "on"]),
        ("d'abord c'est n'importe", ["d'", "abord", "c'", "est", "n'", "importe"]),
        ("aujourd'hui", ["aujourd'hui"]),
        ("Aujourd’hui", ["Aujourd'hui"]),
        ("quelqu'un presqu'île", ["quelqu'un", "presqu'île"]),
        ("le porte-parole", ["le", "porte-parole"]),
        ("a-t-il dit", ["a-t-il", "dit"]),
        ("Jean-Michel Blanquer", ["Jean-Michel", "Blanquer"]),
        ("Covid-19", ["Covid-19"]),
        ("2,5 % et 2.600 passagers", ["2,5", "et", "2.600", "passagers"]),
        ("le 1er mai à 10h30", ["le", "1er", "mai", "à", "10h30"]),
        ("« Non ! » — dit-il… (encore).", ["Non", "dit-il", "encore"]),
    ],
)
def test_split_words(text: str, words: list[str]) -> None:
    assert split_words(text) == words


def test_words_keep_case() -> None:
    assert split_words("La SNCF") == ["La", "SNCF"]  # lower-casing is sumy's job


def test_words_other_languages() -> None:
    assert split_words("Don't stop O'Brien's car.", "en") == ["Don't", "stop", "O'Brien's", "car"]
    assert split_words("dell'anno l'Italia", "it") == ["dell'", "anno", "l'", "Italia"]


def test_the_intertitle_pattern_finds_what_its_plain_form_finds() -> None:
    """INTERTITLE looks behind its dash (fast); the plain form looks behind first: the same spans."""
    from random import Random

    from summarize.boundaries import INTERTITLE

    plain = re.compile(r"(?<![^.!?…\"»])- [^-\n]{1,80}? -(?=[^\W\d_]|[«\"“])")
    random = Random(5)
    texts = ["annonce.- Appel à attendre -Dès le décès", "- Titre -Le texte. x- Non -Oui »- Oui -«Dit"]
    pieces = ["a", "Dès", ".", "!", "…", '"', "»", "«", "x", "5", "- ", " -", "-", " ", "\n", "—"]
    texts += ["".join(random.choices(pieces, k=random.randint(1, 16))) for _ in range(20000)]
    for text in texts:
        assert [m.span() for m in INTERTITLE.finditer(text)] == [m.span() for m in plain.finditer(text)], text


@pytest.mark.parametrize("language", ["fr", "it", "en"])
def test_the_word_pattern_guards_only_skip_what_cannot_match(language: str) -> None:
    """The lookaheads that speed the word pattern up give the same tokens as the plain alternation."""
    from random import Random

    from summarize.segment import _word_pattern

    guarded = re.compile(_word_pattern(language), re.IGNORECASE)
    plain = re.compile(_word_pattern(language, guards=False), re.IGNORECASE)
    # what the guards assume: whatever a letter of the forms with an apostrophe matches (ſ for s, K for k)
    # is a letter, and a letter or digit is a word character
    everything = "".join(map(chr, range(0x110000)))
    letters = set("".join(re.findall(r"[a-z]", plain.pattern)))
    folded = {ch for letter in letters for ch in re.findall(letter, everything, re.IGNORECASE)}
    assert all(re.fullmatch(r"[^\W\d_]", ch, re.IGNORECASE) for ch in folded)
    # and on text: the French article, every form in odd cases, and random strings of tricky characters
    article = (Path(__file__).parent / "data" / "article-fr.txt").read_text(encoding="utf-8")
    forms = " ".join(f"{w}'île {w.upper()}'Île {w.title()}'île" for w in re.findall(r"[a-zî]+", plain.pattern))
    random = Random(7)
    alphabet = "aeilnqstuzAEQSK'’-_ 0123456789²éîÉſKİßд,."
    texts = [article, forms, forms.replace("s", "ſ")]
    texts += ["".join(random.choices(alphabet, k=40)) for _ in range(3000)]
    for text in texts:
        assert guarded.findall(text) == plain.findall(text), text


# --- other languages: generic rules on top of sentencex --------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("en", "J. K. Rowling wrote it. The U.S. Army left.Then rain.",
         ["J. K. Rowling wrote it.", "The U.S. Army left.", "Then rain."]),
        ("de", "Er kam z.B. am 3. Mai. Dann ging er.", ["Er kam z.B. am 3. Mai.", "Dann ging er."]),
        ("es", "El Sr. García llegó. ¿Vienes? Sí.", ["El Sr. García llegó.", "¿Vienes?", "Sí."]),
        ("it", "Il sig. Rossi è qui. Bene.", ["Il sig. Rossi è qui.", "Bene."]),
    ],
)  # fmt: skip
def test_other_languages(language: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, language) == expected


def test_a_japanese_quotation_followed_by_its_particle_goes_on() -> None:
    """「…。」と述べた: the quoted sentence ends inside the brackets, but と ("said that") continues the
    sentence around it; hiragana never opens one."""
    text = "植田総裁は「物価を注視する。」と述べた。市場は反応した！円は下落した？"
    expected = ["植田総裁は「物価を注視する。」と述べた。", "市場は反応した！", "円は下落した？"]
    assert split_sentences(text, "ja") == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "В 1812 г. Наполеон вошел в Москву."),
        ("ru", "До 1990 г. Москва была столицей СССР."),
        ("uk", "У 2019 р. Україна отримала кредит."),
        ("pl", "W 2019 r. Polska przyjęła nowe prawo."),
        ("en", "At 5 p.m. Smith arrived at the station."),
    ],
)
def test_a_preposition_a_number_and_its_unit_are_no_sentence(language: str, text: str) -> None:
    """After a number, "г." (year), "r." or "p.m." before a capital usually ends a sentence ("родился в 1950 г.
    Москва ..."); but "В 1812 г." alone, a preposition and a date, cannot be one."""
    assert split_sentences(f"{text} Это так.", language) == [text, "Это так."]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Доклад подготовлен к 1 дек. 2019 г."),
        ("ru", "Выборы прошли 17 сент. 2023 г."),
        ("uk", "Звіт підготовлено до 1 груд. 2019 р."),
    ],
)
def test_an_abbreviated_month_before_a_year_is_no_boundary(language: str, text: str) -> None:
    """Abbreviated month names (Unicode CLDR's, "дек.", "груд.") are followed by the year, not a sentence."""
    assert split_sentences(f"{text} Он опубликован.", language) == [text, "Он опубликован."]


# --- languages and the sumy Tokenizer protocol -----------------------------------


@pytest.mark.parametrize(
    ("given", "code", "name"),
    [("fr", "fr", "french"), ("french", "fr", "french"), ("French", "fr", "french"), ("fr-FR", "fr", "french"),
     ("en", "en", "english"), ("german", "de", "german"), ("fra", "fr", "french")],
)  # fmt: skip
def test_language_names(given: str, code: str, name: str) -> None:
    assert language_code(given) == code
    assert language_name(given) == name


@pytest.mark.parametrize("language", ["fr", "french"])
def test_tokenizer_protocol(language: str) -> None:
    tokenizer = Tokenizer(language)
    assert tokenizer.language == "french"  # what sumy's Stemmer and get_stop_words take
    assert tokenizer.to_sentences("M. Dupont arrive.Il parle.") == ("M. Dupont arrive.", "Il parle.")
    assert tokenizer.to_words("Aujourd'hui, l'État parle.") == ("Aujourd'hui", "l'", "État", "parle")


_SUMY_SCRIPT = """
import nltk.data


def no_data(*args, **kwargs):
    raise LookupError("NLTK data was asked for")


nltk.data.find = nltk.data.load = no_data  # any use of NLTK data fails loudly
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words
from summarize.segment import Tokenizer

text = open({path!r}, encoding="utf-8").read()
tokenizer = Tokenizer("fr")
document = PlaintextParser.from_string(text, tokenizer).document
summarizer = LexRankSummarizer(Stemmer(tokenizer.language))
summarizer.stop_words = get_stop_words(tokenizer.language)
best = summarizer(document, 2)
assert len(document.sentences) >= 5, document.sentences
assert len(best) == 2
print("OK", len(document.sentences))
"""


def test_sumy_uses_tokenizer_without_nltk_data(tmp_path: Path) -> None:
    """In a fresh interpreter whose NLTK_DATA is empty, so cached data cannot hide a download."""
    article = tmp_path / "article.txt"
    article.write_text(
        "Le bateau a percuté un quai à Venise.Selon le quotidien, la course serait due aux courants. "
        "M. Brugnaro, maire de la ville, a réagi. « C'est inacceptable ! » a-t-il dit.\n"
        "Quatre personnes ont été blessées. Deux ont été hospitalisées. L'enquête est ouverte.",
        encoding="utf-8",
    )
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env = dict(os.environ, NLTK_DATA=str(empty), HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", _SUMY_SCRIPT.format(path=str(article))],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "OK 7" in result.stdout


def test_import_is_cheap() -> None:
    """The CLI imports this stage; it must not drag NLTK or anything big in."""
    code = (
        "import sys, summarize.segment as s; s.split_sentences('A. B.'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'nltk', 'sumy', 'punkt', 'pysbd', 'syntok'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_other_languages_without_sentencex(monkeypatch: pytest.MonkeyPatch) -> None:
    """sentencex only serves non-French text; if it is missing the generic rules still split."""
    monkeypatch.setitem(sys.modules, "sentencex", None)  # makes `import sentencex` raise ImportError
    assert split_sentences("Mr. Smith met Dr. Jones. They talked.", "en") == [
        "Mr. Smith met Dr. Jones.",
        "They talked.",
    ]
    assert split_sentences("M. Dupont parle. Il part.") == ["M. Dupont parle.", "Il part."]


def test_probes_hold_without_the_moses_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """sentence-splitter only adds coverage: our own lists carry every probe."""
    from summarize import boundaries

    monkeypatch.setattr(boundaries, "_moses_prefixes", lambda lang: (set(), set()))
    monkeypatch.setattr(boundaries, "_RULES", {})
    failed = [f"{lang}: {c.name}" for lang, c in PROBE_CASES if split_sentences(c.text, lang) != c.expected]
    assert failed == []


def test_unclaimed_language_still_splits() -> None:
    """Swedish has no rules file: sentencex proposes, the generic rules judge."""
    assert "sv" not in claimed_languages()
    assert split_sentences("Han kom hem. Sedan åt han.", "sv") == ["Han kom hem.", "Sedan åt han."]
