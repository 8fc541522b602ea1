"""The news scorer's features: one row per sentence, language-independent but for the French tables.

The French features read tables learned on OrangeSum (``tools/train_ranker.py``),
zero elsewhere. The word model (WordModel) rates each distinct content word of
the article by what it does there; WORDS sum that up per sentence, and
selection reads the same probabilities (Article.expected_f1). One linear pass:
each sentence is compared with one centroid, the first sentence and the
headline, never with every other sentence.
"""

from __future__ import annotations

import array
import bisect
import functools
import itertools
import json
import math
import operator
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from summarize.segment import split_words

#: Features every language gets, in the order of the model's inputs.
GENERIC: tuple[str, ...] = (
    "first",
    "second",
    "third",
    "inverse_position",
    "relative_position",
    "log_sentences",
    "log_words",
    "short",
    "fragment",
    "long",
    "length_gap",
    "centroid",
    "centroid_relative",
    "similarity_first",
    "similarity_title",
    "title_coverage",
    "has_title",
    "content_probability",
    "quote",
    "starts_quote",
    "question",
    "colon",
    "no_final_stop",
    "digit",
    "digits",
    "capitals",
    "log_capitals",
)
#: Extra features for French, read from word tables learned on OrangeSum; zero elsewhere.
FRENCH: tuple[str, ...] = (
    "abstract_words",
    "bigram_max",
    "bigram_gain",
    "title_abstract_words",
)
#: Cue words (summarize/data/cues-news.json): a leading pronoun or connective, a date word;
#: zero in a language without a cue table.
CUES: tuple[str, ...] = ("starts_pronoun", "starts_connective", "date_word")
#: What the word model (WordModel) says of a sentence's distinct content words: the sum of their
#: probabilities of reappearing in the abstract (expected overlap), the sentence's expected ROUGE-1 F1
#: against an abstract of ABSTRACT_STEMS content words, the best word's probability, and the mean.
WORDS: tuple[str, ...] = ("word_overlap", "word_f1", "word_max", "word_mean")
FEATURES: tuple[str, ...] = GENERIC + FRENCH + CUES + WORDS
#: The word model's inputs for one distinct content word (stem) of an article, in the order of its weights:
#: the French table's log-odds (best form, relative to the default; zero for other languages), log of its
#: occurrences, share of sentences having it, relative position of the first, whether sentence 1 / 2 and the
#: headline have it, whether there is a headline, share of its occurrences capitalised inside a sentence
#: (name-like), digits, log length, log of the article's sentences and of its content words, how many of
#: the first three sentences have it, whether the last one does, log of its first sentence's index.
WORD_INPUTS: tuple[str, ...] = (
    "prior",
    "log_count",
    "sentence_share",
    "first_position",
    "in_first",
    "in_second",
    "in_title",
    "has_title",
    "capital",
    "digit",
    "log_length",
    "log_sentences",
    "log_total",
    "early_sentences",
    "in_last",
    "log_first",
)
#: Products of inputs the model also weighs (WordModel.terms), by the names of their two factors.
WORD_PRODUCTS: tuple[tuple[str, str], ...] = (
    ("prior", "log_count"),
    ("prior", "in_first"),
    ("prior", "prior"),
    ("log_count", "log_count"),
    ("first_position", "first_position"),
    ("log_count", "first_position"),
    ("in_first", "capital"),
    ("in_title", "capital"),
)
_PRODUCTS = tuple((WORD_INPUTS.index(a), WORD_INPUTS.index(b)) for a, b in WORD_PRODUCTS)
#: Distinct content words (stems) of an abstract: the recall side of ``word_f1`` and of the coverage term of
#: selection (OrangeSum's training abstracts have 21.2 on average, median 21; the weights that use it are
#: tuned by cross-validation, so the round figure is enough).
ABSTRACT_STEMS = 20.0
#: Words in a typical news abstract: ``length_gap`` is a sentence's distance from it.
BRIEF_WORDS = 35.0
#: A word's log-odds of reappearing in the abstract when the article has it, and the default.
Lexicon = tuple[Mapping[str, float], float]
#: A sentence under this many words (a heading, a caption, « Oh, no. ») is picked only when nothing
#: else is left: it cannot stand for the article in a brief (the rule of every algorithm, rank.select).
FRAGMENT_WORDS = 5
#: Languages written without spaces between words, where a word count says nothing of a fragment.
UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})
#: An article of this many words has the French word tables copied whole (``_Whole``), not bisected.
WHOLE_TABLE_WORDS = 20_000
_QUOTES = frozenset('«»"“”„')
_FINAL = frozenset('.!?…»"”)')
_QUOTE_MARK = re.compile('[«»"“”„「」『』]')
#: Marks that close when their place does not tell (« Texte », with spaces on both sides); the others open.
_CLOSING_MARKS = frozenset("»”」』")
_LEFT_BOUND = frozenset("([{—–-/'’")
_RIGHT_BOUND = frozenset(".,;:!?…)]}—–-")
_WORD_AFTER = re.compile(r"[^\W_]")


def continues_quotation(text: str) -> bool:
    """Whether the sentence's first quotation mark closes a quotation, opened in an earlier sentence.

    A quote of several sentences is split like any text, and its last
    sentence alone (« …prendre du recul ».) reads as the tail of nobody's
    words: like a fragment, it is picked only when nothing else is left.
    A tail with words after its mark (…parar", afirmou o governante.)
    says who spoke and reads alone. A mark's direction comes from its place (after a
    word and before a space or punctuation it closes: German „Text“, »Text«,
    Swedish ”Text”), and from the mark itself when both sides are open or
    both bound (French « Texte »).
    """
    found = _QUOTE_MARK.search(text)
    if found is None:
        return False
    at = found.start()
    mark = found.group()
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    left = before.isspace() or before in _LEFT_BOUND
    right = after.isspace() or after in _RIGHT_BOUND
    closes = right if left != right else mark in _CLOSING_MARKS
    # words after the mark say who spoke (…jugeront » a fini Manuel Valls.): that tail reads on its own
    return closes and not _WORD_AFTER.search(text, found.end())


#: Runs of the scripts that languages written without spaces use (from U+0E00: Thai, Lao, Tibetan,
#: Myanmar, Khmer, kana, Han), and runs of others ("iPhone" in "iPhone销量").
_SCRIPT_RUNS = re.compile("[\u0e00-\U0010ffff]+|[^\u0e00-\U0010ffff]+")


def feature_words(text: str, language: str) -> list[str]:
    """The words the features compare: ``split_words``, except in a language written without spaces
    (UNSPACED), where a token of its own script, a whole clause, becomes its overlapping character pairs
    ("央行降息" -> 央行 行降 降息), as bigram indexing does for Chinese and Japanese: most of their words are
    two characters, and a pair of the title or another sentence then matches."""
    words = split_words(text, language)
    if language not in UNSPACED:
        return words
    out: list[str] = []
    for word in words:
        for run in (word,) if word.isascii() else _SCRIPT_RUNS.findall(word):
            if len(run) > 2 and run[0] >= "\u0e00":
                out.extend(run[k : k + 2] for k in range(len(run) - 1))
            else:
                out.append(run)
    return out


def _stem(word: str) -> str:
    """Cheap stemming: drop a plural s/x, keep the first 7 letters (good enough to match word forms)."""
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    return word[:7]


def _read_json(name: str) -> dict[str, object]:
    text = resources.files("summarize").joinpath(f"data/{name}").read_text(encoding="utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def _table(name: str) -> Lexicon:
    """A shipped word table, read from its compact copy in the user's cache (``detect.cached``).

    Parsing the JSON into a dict costs ~30 ms for the two French tables
    (80,000 word pairs), on the path of every French brief; the copy (sorted
    keys in one string, values as doubles) loads in a few ms. It is keyed by
    the JSON file's size and time, so a new release rebuilds it; other copies
    are left alone: two installs sharing a cache folder (their files' times
    differ) would otherwise delete each other's at every run.
    """
    source = Path(__file__).with_name("data") / name
    try:
        found = source.stat()
    except OSError:  # not a plain file (a zipped install): no copy
        return _parsed(name)
    from summarize.detect import cached

    stamp = f"{found.st_size:x}-{found.st_mtime_ns:x}"
    keys, values, default = cached(f"{source.stem}-{stamp}.marshal", functools.partial(_packed, name), _valid_packed)
    return _SortedTable(keys.split("\0") if keys else [], array.array("d", values)), default


#: A word table as ``_table`` keeps it: sorted keys joined by NUL, their values as doubles, the default.
_Packed = tuple[str, bytes, float]


def _packed(name: str) -> _Packed:
    logit, default = _parsed(name)
    ordered = sorted(logit)
    return "\0".join(ordered), array.array("d", (logit[k] for k in ordered)).tobytes(), default


def _valid_packed(packed: object) -> bool:
    """A copy is used only if it has the shape ``_packed`` gives, one value a key; anything else is rebuilt."""
    if not (isinstance(packed, tuple) and len(packed) == 3):
        return False
    keys, values, default = packed
    if not (isinstance(keys, str) and isinstance(values, bytes) and isinstance(default, float)):
        return False
    return len(values) == 8 * (keys.count("\0") + 1 if keys else 0)


def _parsed(name: str) -> Lexicon:
    data = _read_json(name)
    logit = data["logit"]
    default = data["default"]
    assert isinstance(logit, dict) and isinstance(default, (int, float))
    return logit, float(default)


class _SortedTable(Mapping[str, float]):
    """A word table as sorted keys and their values, looked up by bisection: no dict to build."""

    __slots__ = ("_keys", "_values")

    def __init__(self, keys: list[str], values: Sequence[float]) -> None:
        self._keys = keys
        self._values = values

    def __getitem__(self, key: str) -> float:
        value: float | None = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        i = bisect.bisect_left(self._keys, key)
        return self._values[i] if i < len(self._keys) and self._keys[i] == key else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def pairs(self) -> Iterator[tuple[str, float]]:
        """(key, value) in key order, without a lookup each (what ``items()`` would do)."""
        return zip(self._keys, self._values, strict=True)

    def __len__(self) -> int:
        return len(self._keys)


@functools.lru_cache(maxsize=1)
def abstract_lexicon() -> Lexicon:
    """Word -> log-odds that an OrangeSum abstract repeats the word when its article has it.

    Shipped as summarize/data/lexicon-news.json (words of at least 5 OrangeSum training
    articles). Why: the words journalists carry over into an abstract (names,
    « a », « été », dates) tell a summary-like sentence better than any
    in-article statistic.
    """
    return _table("lexicon-news.json")


@functools.lru_cache(maxsize=1)
def bigram_lexicon() -> Lexicon:
    """The same for adjacent word pairs (« a été », « selon le »), pruned (summarize/data/bigrams-news.json)."""
    return _table("bigrams-news.json")


@dataclass(frozen=True)
class Cues:
    """A language's words behind ``starts_pronoun``, ``starts_connective`` and ``date_word``."""

    pronouns: frozenset[str]
    connectives: frozenset[str]
    date_words: frozenset[str]


@functools.lru_cache(maxsize=32)
def cues(language: str) -> Cues:
    """The cue words for `language` (summarize/data/cues-news.json); empty sets, so features at 0, without a table.

    French is the table the networks were learned with; the other tables
    (en, es, de, it, pt, nl, ru, pl, ro, ca, uk) translate it: closed-class
    words, weekdays and months, which mean the same thing in a news story.
    """
    table = _read_json("cues-news.json")["languages"]
    assert isinstance(table, dict)
    entry = table.get(language, {})
    return Cues(*(frozenset(entry.get(k, ())) for k in ("pronouns", "connectives", "date_words")))


@dataclass(frozen=True)
class WordModel:
    """A logistic regression: p(a content word of the article reappears in its abstract), from WORD_INPUTS.

    Learned on OrangeSum (``tools/train_ranker.py``); the French one reads the
    word table's log-odds as its first input, the generic one was trained
    without it (its weight is zero), so it serves every language.
    """

    weights: tuple[float, ...]  # one per input (WORD_INPUTS), then one per product (WORD_PRODUCTS)
    bias: float

    def probability(self, inputs: Sequence[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, self.terms(inputs), strict=True))
        return 1.0 / (1.0 + math.exp(-z)) if z > -50.0 else 0.0

    @staticmethod
    def terms(inputs: Sequence[float]) -> list[float]:
        """The inputs, then their products (WORD_PRODUCTS): a few interactions a linear model cannot see."""
        return [*inputs, *(inputs[a] * inputs[b] for a, b in _PRODUCTS)]

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> WordModel:
        weights, bias = data["weights"], data["bias"]
        assert isinstance(weights, list) and isinstance(bias, (int, float))
        return cls(tuple(float(v) for v in weights), float(bias))


@functools.lru_cache(maxsize=2)
def word_model(french: bool) -> WordModel:
    """The shipped word model (in summarize/data/news-model.json): with the French table's prior, or generic."""
    section = _read_json("news-model.json").get("words")
    assert isinstance(section, dict), "summarize/data/news-model.json has no word model"
    if section.get("inputs") != list(WORD_INPUTS) or section.get("products") != [list(p) for p in WORD_PRODUCTS]:
        raise RuntimeError("summarize/data/news-model.json's word model does not match newsfeatures.WORD_INPUTS")
    data = section["french" if french else "generic"]
    assert isinstance(data, dict)
    return WordModel.from_json(data)


@dataclass
class ArticleWords:
    """An article's distinct content words (stems, sorted) and what the word model reads of each."""

    stems: list[str]
    #: WORD_INPUTS of each stem; the prior (first) is 0 until ``with_prior``
    inputs: list[list[float]]
    #: the lower-case forms of each stem met in the article (sorted), to look the prior up
    forms: list[list[str]]
    #: each sentence's distinct stems, as sorted indices into ``stems``
    members: list[list[int]]


@dataclass
class Tokens:
    """Sentences' words as the features read them, made once an article (``article_tokens``)."""

    #: as written
    original: list[list[str]]
    #: in lower case
    lowered: list[list[str]]
    #: the stem of each distinct lower-case content word (not a stop word, longer than one letter)
    stem_of: dict[str, str]
    #: each sentence's content words, stemmed, in order
    content: list[list[str]]
    #: each stem's occurrences in the article
    count: Counter[str]
    #: each sentence's distinct stems
    stems: list[set[str]]
    #: how many sentences have each stem (the IDF's document frequency, the word model's sentence share)
    having: Counter[str]


def article_tokens(original: list[list[str]], stops: frozenset[str]) -> Tokens:
    """Lower-case and stem the sentences' words; each distinct word is lowered and stemmed once, not once a use."""
    lower = {w: w.lower() for w in set(itertools.chain.from_iterable(original))}
    lowered = [list(map(lower.__getitem__, ws)) for ws in original]
    stem_of = {w: _stem(w) for w in set(lower.values()) if w not in stops and len(w) > 1}
    # a stem is never empty (its word has two letters or more): filter(None) drops only the other words
    content = [list(filter(None, map(stem_of.get, ws))) for ws in lowered]
    stems = [set(c) for c in content]
    count, having = Counter(itertools.chain.from_iterable(content)), Counter(itertools.chain.from_iterable(stems))
    return Tokens(original, lowered, stem_of, content, count, stems, having)


def article_words(
    words: Sequence[Sequence[str]] | Tokens, stops: frozenset[str], title_stems: set[str]
) -> ArticleWords:
    """The word model's inputs for every distinct content word of the sentences' `words` (original case).

    `words` may be the ``article_tokens`` already made of them (``analyse`` has them).
    """
    made = words if isinstance(words, Tokens) else article_tokens([list(ws) for ws in words], stops)
    n = len(made.original)
    stem_of, count = made.stem_of, made.count
    sentence_stems = made.stems
    capital: Counter[str] = Counter()
    for ws, lows in zip(made.original, made.lowered, strict=True):
        capital.update(
            [stem_of[low] for word, low in zip(ws[1:], lows[1:], strict=True) if word[:1].isupper() and low in stem_of]
        )
    forms: dict[str, set[str]] = {}
    for low, stem in stem_of.items():
        forms.setdefault(stem, set()).add(low)
    having = made.having
    # each stem's first sentence: read backwards, the earliest sentence is the one written last
    backwards = sentence_stems[::-1]
    numbers = map(itertools.repeat, range(n - 1, -1, -1), map(len, backwards))
    first = dict(zip(itertools.chain.from_iterable(backwards), itertools.chain.from_iterable(numbers), strict=True))
    stems = sorted(count)
    index = {stem: k for k, stem in enumerate(stems)}
    titled = 1.0 if title_stems else 0.0
    log_sentences = math.log(n) if n else 0.0
    log_total = math.log1p(sum(count.values()))
    early = sentence_stems[:3]
    inputs = [
        [
            0.0,
            math.log1p(count[stem]),
            having[stem] / n,
            first[stem] / (n - 1) if n > 1 else 0.0,
            1.0 if first[stem] == 0 else 0.0,
            1.0 if n > 1 and stem in sentence_stems[1] else 0.0,
            1.0 if stem in title_stems else 0.0,
            titled,
            capital[stem] / count[stem],
            1.0 if any(map(str.isdigit, stem)) else 0.0,
            math.log(max(map(len, forms[stem]))),
            log_sentences,
            log_total,
            float(sum(map(operator.contains, early, itertools.repeat(stem)))),
            1.0 if stem in sentence_stems[-1] else 0.0,
            math.log1p(first[stem]),
        ]
        for stem in stems
    ]
    members = [sorted(map(index.__getitem__, seen)) for seen in sentence_stems]
    return ArticleWords(stems, inputs, [sorted(forms[stem]) for stem in stems], members)


def with_prior(words: ArticleWords, lexicon: Lexicon) -> ArticleWords:
    """Fill the prior input: the best log-odds of the stem's forms in the word table, relative to its default."""
    logit, default = lexicon
    for row, forms in zip(words.inputs, words.forms, strict=True):
        row[0] = max(logit.get(form, default) for form in forms) - default
    return words


def word_row(probability: Sequence[float], members: Sequence[int]) -> list[float]:
    """WORDS of one sentence from the probabilities of the article's stems and the sentence's members."""
    if not members:
        return [0.0] * len(WORDS)
    total = sum(map(probability.__getitem__, members))
    return [
        total,
        2.0 * total / (len(members) + ABSTRACT_STEMS),
        max(probability[k] for k in members),
        total / len(members),
    ]


@dataclass
class Article:
    """An article's sentences as the scorer sees them: feature rows and TF-IDF vectors for novelty."""

    rows: list[list[float]]
    vectors: list[dict[str, float]]
    words: list[int]
    #: a fragment (see FRAGMENT_WORDS) is taken only when nothing else is left
    fragment: list[bool]
    #: cosines already computed, by pair of indices (training judges many selections on one article)
    similar: dict[tuple[int, int], float] = field(default_factory=dict, repr=False, compare=False)
    #: the word model's probability of each distinct content word, and each sentence's words (indices into it)
    probability: list[float] = field(default_factory=list, repr=False, compare=False)
    members: list[list[int]] = field(default_factory=list, repr=False, compare=False)

    def expected_f1(self, picked: Sequence[int]) -> float:
        """Expected ROUGE-1 F1 (content words) of the union of the sentences' words: each word counted once."""
        union = sorted({k for i in picked for k in self.members[i]}) if self.members else []
        return 2.0 * sum(self.probability[k] for k in union) / (len(union) + ABSTRACT_STEMS)

    def similarity(self, a: int, b: int) -> float:
        """Cosine of sentences a and b, computed once."""
        key = (a, b) if a < b else (b, a)
        value = self.similar.get(key)
        if value is None:
            value = self.similar[key] = cosine(self.vectors[a], self.vectors[b])
        return value


def _vectors(content: list[list[str]], df: Mapping[str, int]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors (IDF over the article's own sentences: ``df``, how many have each word)."""
    n = len(content)
    idf = {w: math.log((n + 1) / (d + 0.5)) for w, d in df.items()}
    out = []
    for c in content:
        vec = {w: tf * idf[w] for w, tf in Counter(c).items()}
        norm = math.sqrt(sum(map(operator.mul, vec.values(), vec.values()))) or 1.0
        out.append({w: v / norm for w, v in vec.items()})
    return out


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two unit-length sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    # the same products added in the same order as a generator over a.items(), at half its cost
    total: float = sum(map(operator.mul, a.values(), map(b.get, a, itertools.repeat(0.0))))
    return total


def analyse(
    sentences: Sequence[str],
    *,
    language: str = "fr",
    title: str | None = None,
    stops: frozenset[str] = frozenset(),
    lexicons: tuple[Lexicon, Lexicon] | None = None,
    wordmodel: WordModel | None = None,
) -> Article:
    """Feature rows (see FEATURES) and novelty vectors of the sentences, in one linear pass.

    `lexicons`: the word and word-pair tables for the French features (the
    shipped ones by default; training passes tables built without the
    article's own abstract). Other languages get zeros there. `wordmodel`: the
    word model (the shipped one for the language by default).
    """
    french = language == "fr"
    tables = (lexicons or (abstract_lexicon(), bigram_lexicon())) if french else None
    cue = cues(language)
    made = article_tokens([feature_words(s, language) for s in sentences], stops)
    content = made.content
    context = _context(content, made.count, _vectors(content, made.having), title, language, stops)
    found = article_words(made, stops, context.title_stems)
    if tables:
        with_prior(found, tables[0])
    model = wordmodel or word_model(french)
    probability = [model.probability(x) for x in found.inputs]
    lookup: type[_Table] = _Whole if sum(map(len, made.lowered)) >= WHOLE_TABLE_WORDS else _Looked
    looked = (lookup(tables[0]), lookup(tables[1])) if tables else None
    rows: list[list[float]] = []
    for i, text in enumerate(sentences):
        words = made.lowered[i]
        row = _generic_row(context, i, text, len(words))
        row += _french_row(words, context.title_words, looked) if looked else [0.0] * len(FRENCH)
        first = words[0] if words else ""
        row += [
            1.0 if first in cue.pronouns else 0.0,
            1.0 if first in cue.connectives else 0.0,
            0.0 if cue.date_words.isdisjoint(words) else 1.0,
        ]
        row += word_row(probability, found.members[i])
        rows.append(row)
    vectors = context.vectors
    sizes = [len(ws) for ws in made.lowered]
    fragment = [
        (language not in UNSPACED and size < FRAGMENT_WORDS) or (i > 0 and continues_quotation(text))
        for i, (size, text) in enumerate(zip(sizes, sentences, strict=True))
    ]
    return Article(rows, vectors, sizes, fragment, probability=probability, members=found.members)


@dataclass
class _Context:
    """What every sentence's row is measured against: the article's vectors, centroid, headline, words."""

    content: list[list[str]]
    vectors: list[dict[str, float]]
    to_centroid: list[float]
    top_centroid: float
    title_words: set[str]
    title_stems: set[str]
    title_vec: dict[str, float]
    frequency: Counter[str]
    total: int


def _context(
    content: list[list[str]],
    frequency: Counter[str],
    vectors: list[dict[str, float]],
    title: str | None,
    language: str,
    stops: frozenset[str],
) -> _Context:
    # the vectors' sum, word by word in sentence order: what Counter.update adds, without a call per sentence
    centroid: dict[str, float] = {}
    add = centroid.get
    for vec in vectors:
        for word, value in vec.items():
            centroid[word] = value + add(word, 0)
    centroid_norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    to_centroid = [cosine(vec, centroid) / centroid_norm for vec in vectors]
    title_words: set[str] = set()
    title_stems: set[str] = set()
    title_vec: dict[str, float] = {}
    if title:
        title_words = {w.lower() for w in feature_words(title, language)}
        title_stems = {_stem(w) for w in title_words if w not in stops and len(w) > 1}
        title_vec = dict.fromkeys(sorted(title_stems), 1.0 / math.sqrt(len(title_stems) or 1))
    return _Context(
        content=content,
        vectors=vectors,
        to_centroid=to_centroid,
        top_centroid=max(to_centroid, default=0.0) or 1.0,
        title_words=title_words,
        title_stems=title_stems,
        title_vec=title_vec,
        frequency=frequency,
        total=sum(len(c) for c in content) or 1,
    )


def _generic_row(context: _Context, i: int, text: str, size: int) -> list[float]:
    """The language-independent features of sentence i (GENERIC, in order)."""
    n = len(context.vectors)
    vectors, content, title_stems = context.vectors, context.content, context.title_stems
    spaced = text.split()
    stripped = text.rstrip()
    capitals = sum(map(str.isupper, map(operator.itemgetter(0), spaced[1:])))  # str.split() gives no empty word
    digits = sum(map(str.isdigit, text))
    frequency = sum(map(context.frequency.__getitem__, content[i]))
    return [
        1.0 if i == 0 else 0.0,
        1.0 if i == 1 else 0.0,
        1.0 if i == 2 else 0.0,
        1.0 / (i + 1),
        i / (n - 1) if n > 1 else 0.0,
        math.log(n),
        math.log1p(size),
        1.0 if size < 8 else 0.0,
        1.0 if size < 5 else 0.0,
        1.0 if size > 45 else 0.0,
        abs(size - BRIEF_WORDS) / BRIEF_WORDS,
        context.to_centroid[i],
        context.to_centroid[i] / context.top_centroid,
        1.0 if i == 0 else cosine(vectors[0], vectors[i]),
        cosine(context.title_vec, vectors[i]) if context.title_vec else 0.0,
        len(set(content[i]) & title_stems) / len(title_stems) if title_stems else 0.0,
        1.0 if context.title_vec else 0.0,
        frequency / context.total / len(content[i]) * 10.0 if content[i] else 0.0,
        0.0 if _QUOTES.isdisjoint(text) else 1.0,
        1.0 if text.lstrip()[:1] in _QUOTES else 0.0,
        1.0 if stripped.endswith("?") else 0.0,
        1.0 if ":" in text else 0.0,
        0.0 if stripped[-1:] in _FINAL else 1.0,
        1.0 if digits else 0.0,
        digits / max(1, len(text)) * 10.0,
        capitals / max(1, len(spaced) - 1),
        math.log1p(capitals),
    ]


class _Looked(dict[str, float]):
    """A word table's values for one article's words and pairs, each looked up once: they repeat, and a
    lookup in the shipped tables is a bisection."""

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__()
        self.table, self.default = lexicon

    def __missing__(self, key: str) -> float:
        value: float = self.table.get(key, self.default)
        self[key] = value
        return value

    def look(self, keys: Iterable[str]) -> Iterator[float]:
        """The value of each key, in order."""
        return map(self.__getitem__, keys)


class _Whole:
    """A word table copied whole into a dict (~20 ms for the two shipped ones), for a long article
    (WHOLE_TABLE_WORDS): its tens of thousands of distinct words and pairs would each cost ``_Looked``
    a bisection, and a dict of the table alone is smaller than one that also keeps every miss."""

    def __init__(self, lexicon: Lexicon) -> None:
        table, self.default = lexicon
        self.table = dict(table.pairs() if isinstance(table, _SortedTable) else table.items())

    def look(self, keys: Iterable[str]) -> Iterator[float]:
        """The value of each key, in order (the default for a key not in the table)."""
        return map(self.table.get, keys, itertools.repeat(self.default))


_Table = _Looked | _Whole


def _french_row(words: list[str], title_words: set[str], tables: tuple[_Table, _Table]) -> list[float]:
    """The French table features (FRENCH, in order): how abstract-like the sentence's words and pairs are."""
    logit, pair_logit = tables
    default, pair_default = logit.default, pair_logit.default
    size = len(words)
    pairs = list(pair_logit.look(map(" ".join, itertools.pairwise(words))))
    shared = title_words.intersection(words)
    return [
        sum(logit.look(words)) / size - default if size else 0.0,
        (max(pairs) if pairs else pair_default) - pair_default,
        # the pairs above the default, less the default (v - d, in order), without a Python call each
        sum(map(pair_default.__rsub__, filter(pair_default.__lt__, pairs))) / 10.0,
        sum(max(0.0, v - default) for v in logit.look(sorted(shared))) / 5.0,
    ]
