"""Tests of the ``news`` scorer (summarize.news): features, the shipped model, MMR and the word-budget knapsack."""

from __future__ import annotations

import json
import math
import os
from dataclasses import replace
from pathlib import Path

import pytest

from summarize import news, newsfeatures, rank
from summarize.rank import Length, pick
from summarize.segment import split_sentences, split_words

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "summarize" / "data"

#: The example article (tests/data/article-fr.txt), split by the pipeline's own splitter.
ARTICLE = split_sentences((ROOT / "tests" / "data" / "article-fr.txt").read_text(encoding="utf-8"))
TITLE = "Trump et Poutine au téléphone"
ENGLISH = [
    "Venice cruise ship crash",
    "The cruise ship lost control as it entered the port of Venice on Sunday morning.",
    "It struck the quay and a smaller tourist boat before it came to a stop.",
    "Four people were injured, two of them lightly.",
    "Witnesses filmed tourists running away from the ship along the quay.",
]


def column(name: str) -> int:
    return news.FEATURES.index(name)


def test_one_row_of_every_feature_per_sentence() -> None:
    article = news.analyse(ARTICLE, title=TITLE, stops=rank.news_stop_words("fr"))
    assert len(article.rows) == len(article.vectors) == len(article.words) == len(ARTICLE)
    assert all(len(row) == len(news.FEATURES) for row in article.rows)
    assert article.words == [rank.word_count(s) for s in ARTICLE]
    assert [row[column("first")] for row in article.rows] == [1.0] + [0.0] * (len(ARTICLE) - 1)
    assert all(row[column("has_title")] == 1.0 for row in article.rows)
    # shares a word with the headline (« Trump », « Poutine », « téléphone »), or not
    coverage = [row[column("title_coverage")] > 0.0 for row in article.rows]
    assert coverage == [any(w in s for w in ("Trump", "Poutine", "téléphone")) for s in ARTICLE]
    quotes = [row[column("quote")] for row in article.rows]
    assert quotes == [1.0 if "«" in s else 0.0 for s in ARTICLE]


def test_french_tables_are_read_only_for_french() -> None:
    words = ({"poutine": 3.0}, -1.0)
    pairs = ({"vladimir poutine": 2.0}, -2.0)
    rows = news.analyse(ARTICLE, lexicons=(words, pairs)).rows
    # relative to the table's default, so a sentence of words the table does not know counts zero
    for text, row in zip(ARTICLE, rows, strict=True):
        named = "Vladimir Poutine" in text
        assert (row[column("abstract_words")] > 0.0) == ("Poutine" in text)
        assert row[column("bigram_max")] == (4.0 if named else 0.0)
    english = news.analyse(ENGLISH, language="en", lexicons=(words, pairs)).rows
    tables = [column(name) for name in news.FRENCH]
    assert all(row[i] == 0.0 for row in english for i in tables)


def test_other_languages_get_the_network_without_french_features() -> None:
    model = news.model()
    assert model.network("fr") is model.french
    assert model.network("en") is model.generic is model.network("de")
    # the generic network gives no weight to the French columns: they are zero when it is trained
    # it was trained with the French table columns at zero, as every other language has them
    english = news.analyse(ENGLISH, language="en", stops=rank.news_stop_words("en"))
    assert {row[column("abstract_words")] for row in english.rows} == {0.0}


def test_headline_like_fragments_are_not_picked() -> None:
    # a short line without a full stop (a headline, a caption) is a poor brief
    assert 0 not in pick(ENGLISH, language="en", length=Length(sentences=2))


@pytest.mark.parametrize(
    ("sentence", "tail"),
    [
        ("Mais l'accident m'a permis de prendre du recul ».", True),  # French, spaced guillemets
        ('Não vamos parar".', True),  # straight quotes, closed after a word
        ("Das war ein Fehler“.", True),  # German „…“ closes with “
        ("Det var fel”.", True),  # Swedish ”…”
        ("Es ist vorbei«.", True),  # German »…«
        ('Não vamos parar", afirmou o governante.', False),  # the tail says who spoke: it reads alone
        ("Das war ein Fehler“, sagte die Ministerin.", False),
        ("「物価を注視する」と述べた。", False),  # a whole quotation, opened here
        ("« Il est cynique », a-t-il dit.", False),
        ('"We will not stop," the governor said.', False),
        ("„Wir machen weiter“, sagte sie.", False),
        ("»Wir machen weiter«, sagte sie.", False),
        ("Le ministre a parlé de l'«affaire» hier.", False),
        ("Il n'a rien dit.", False),
    ],
)
def test_an_unattributed_tail_of_a_quotation_is_told_by_its_first_mark(sentence: str, tail: bool) -> None:
    assert news.continues_quotation(sentence) is tail


def test_the_tail_of_a_quotation_begun_earlier_is_picked_only_when_nothing_else_is_left() -> None:
    # a quote of three sentences is split like any text: its last one alone is somebody's words cut loose
    sentences = [
        "Le Premier ministre a répondu mardi aux questions des députés sur la réforme des retraites.",
        "« Vos questions se suivent et se ressemblent, j'essaierai donc de répondre dans la même veine.",
        "Les Français jugeront la réforme des retraites en mai prochain, comme il se doit ».",
        "La réforme des retraites doit être votée au Parlement avant la fin du mois de juin.",
    ]
    assert [news.continues_quotation(s) for s in sentences] == [False, False, True, False]
    article = news.analyse(sentences, language="fr", stops=rank.news_stop_words("fr"))
    assert article.fragment == [False, False, True, False]
    for algorithm in ("news", "lexrank", "luhn"):
        assert 2 not in pick(sentences, language="fr", algorithm=algorithm, length=Length(sentences=2))
    # every algorithm's order passes through the same rule
    assert rank.select(sentences, [2, 0, 1, 3], Length(sentences=1)) == [0]
    assert rank.select(sentences[2:3], [0], Length(sentences=1)) == [0]  # nothing else: taken


def test_shipped_model_matches_the_features_and_is_small() -> None:
    data = json.loads((DATA / "news-model.json").read_text(encoding="utf-8"))
    assert data["features"] == list(news.FEATURES)
    for name in ("french", "generic"):  # a network, boosted trees or a blend of both: each scores one row a sentence
        assert math.isfinite(news.scorer(data[name]).score([0.0] * len(news.FEATURES)))
    shipped = sum(
        (DATA / name).stat().st_size for name in ("news-model.json", "lexicon-news.json", "bigrams-news.json")
    )
    assert shipped <= 5_000_000
    # every fold of the cross-validation is stored with the model
    assert len(data["cross_validation"]["french"]) == len(data["cross_validation"]["lead"]) >= 5


def test_a_linear_network_scores_standardised_features() -> None:
    network = news.Network(mean=(1.0, 0.0), scale=(2.0, 1.0), hidden=(), hidden_bias=(), output=(1.0, -1.0))
    assert network.score([3.0, 0.5]) == 1.0 - 0.5
    hidden = news.Network(mean=(0.0,), scale=(1.0,), hidden=((2.0,),), hidden_bias=(0.5,), output=(3.0,))
    assert hidden.score([1.0]) == pytest.approx(3.0 * math.tanh(2.5))


def test_a_network_whose_unit_lacks_a_weight_is_refused() -> None:
    # Network.score multiplies each unit's weights with the inputs pairwise: a short row would be cut silently
    data = {
        "mean": [0.0, 0.0],
        "scale": [1.0, 1.0],
        "hidden": [[1.0, 2.0], [3.0]],
        "hidden_bias": [0, 0],
        "output": [1, 1],
    }
    with pytest.raises(ValueError, match="one weight per input"):
        news.Network.from_json(data)


def _article(words: list[int], vectors: list[dict[str, float]]) -> news.Article:
    return news.Article(rows=[[] for _ in words], vectors=vectors, words=words, fragment=[w < 5 for w in words])


def test_mmr_never_picks_two_sentences_saying_the_same_thing() -> None:
    same = {"paquebot": 0.8, "venise": 0.6}
    article = _article([20, 20, 20], [same, dict(same), {"quai": 1.0}])
    selection = news.Selection(redundancy=0.0, duplicate=0.6, length_cost=0.0)
    # the second sentence scores higher than the third but repeats the first
    assert news.choose(article, [3.0, 2.9, 1.0], selection, count=2, words=None) == [0, 2]
    assert news.mmr_order(article, [3.0, 2.9, 1.0], selection) == [0, 2, 1]
    # a brief of two needs only the first two: the rest is not ranked
    assert news.mmr_order(article, [3.0, 2.9, 1.0], selection, 2, rest=False) == [0, 2]


def test_knapsack_fills_the_budget_instead_of_overshooting() -> None:
    vectors: list[dict[str, float]] = [{"a": 1.0}, {"b": 1.0}, {"c": 1.0}, {"d": 1.0}]
    article = _article([30, 18, 16, 40], vectors)
    selection = news.Selection(budget_redundancy=0.0, budget_length_cost=0.0, slack=0.0)
    # greedy in score order would take 30 words and nothing else fits; two good sentences of 34 do
    assert news.choose(article, [2.0, 1.8, 1.7, 0.0], selection, count=None, words=35) == [1, 2]
    # a single sentence may go over the budget by the slack, several never
    over = news.Selection(budget_redundancy=0.0, budget_length_cost=0.0, slack=0.2)
    assert news.choose(article, [2.0, 0.0, 0.0, 2.5], over, count=None, words=35) == [3]
    assert news.choose(article, [2.0, 0.0, 0.0, 2.5], selection, count=None, words=35) != [3]
    # nothing fits: the best sentence alone, never an empty brief
    assert news.choose(article, [2.0, 1.8, 1.7, 0.0], selection, count=None, words=5) == [0]


def test_novelty_compares_with_the_picked_sentences_only(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = news.cosine

    def counting(a: dict[str, float], b: dict[str, float]) -> float:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(news, "cosine", counting)  # selection
    monkeypatch.setattr(newsfeatures, "cosine", counting)  # the features
    sentences = [f"Phrase numéro {i} sur le sujet {i % 7} avec le mot {i % 11}." for i in range(400)]
    order = rank.rank(sentences)
    assert sorted(order) == list(range(400))
    # the centroid and the first sentence for the features, then MMR_LIMIT passes: far from 400 x 400
    assert calls <= (2 + news.MMR_LIMIT) * len(sentences)


def test_scores_do_not_depend_on_the_hash_seed() -> None:
    """Sums run in a fixed order, so a brief is the same in every process (sets iterate by hash)."""
    import subprocess
    import sys

    code = (
        "import pathlib\n"
        "from summarize import news, rank\n"
        "from summarize.segment import split_sentences\n"
        "text = pathlib.Path('tests/data/article-fr.txt').read_text(encoding='utf-8')\n"
        "title = 'Trump et Poutine au téléphone : un échange franc sur l’Ukraine et les livraisons d’armes'\n"
        "s = split_sentences(text, 'fr')\n"
        "print(repr(news.score_sentences(s, title=title, stops=rank.news_stop_words('fr'))))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).parent.parent,
            capture_output=True,
            text=True,
        ).stdout
        for seed in ("1", "2", "3", "4", "5")
    }
    assert len(outputs) == 1 and next(iter(outputs)).startswith("[")


def test_word_tables_load_from_a_compact_copy_in_the_cache_with_the_same_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Parsing 80,000 word pairs from JSON costs every French brief ~30 ms; the copy a few ms.
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path))
    from_json, default = newsfeatures._parsed("bigrams-news.json")
    first, first_default = newsfeatures._table("bigrams-news.json")  # parses the JSON, writes the copy
    (copy,) = tmp_path.glob("bigrams-news-*.marshal")
    again, again_default = newsfeatures._table("bigrams-news.json")  # reads the copy
    assert isinstance(again, newsfeatures._SortedTable)
    assert first_default == again_default == default
    assert dict(again) == dict(first) == from_json
    assert again.get("zz-not-a-pair zz", -1.0) == -1.0
    copy.write_bytes(b"damaged")  # a damaged copy is ignored (and rewritten)
    assert dict(newsfeatures._table("bigrams-news.json")[0]) == from_json
    other = tmp_path / "bigrams-news-0-0.marshal"  # another install's copy, sharing the cache folder
    other.write_bytes(b"another install's copy")
    copy.unlink()
    newsfeatures._table("bigrams-news.json")
    assert sorted(p.name for p in tmp_path.glob("bigrams-news-*.marshal")) == sorted([copy.name, other.name])
    assert other.read_bytes() == b"another install's copy"


def test_word_tables_need_no_writable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(blocker / "cache"))
    table, _ = newsfeatures._table("lexicon-news.json")
    assert dict(table) == newsfeatures._parsed("lexicon-news.json")[0]


# --------------------------------------------------------------------------
# The word model: which of the article's words the abstract will repeat


def _probabilities(sentences: list[str], language: str = "fr", title: str | None = None) -> dict[str, float]:
    stops = rank.news_stop_words(language)
    words = newsfeatures.article_words(
        [split_words(s, language) for s in sentences],
        stops,
        {newsfeatures._stem(w.lower()) for w in split_words(title or "", language)} - stops,
    )
    if language == "fr":  # as news.analyse: the French table's log-odds of each word
        newsfeatures.with_prior(words, newsfeatures.abstract_lexicon())
    model = newsfeatures.word_model(language == "fr")
    return {stem: model.probability(x) for stem, x in zip(words.stems, words.inputs, strict=True)}


def test_a_word_repeated_early_is_likelier_in_the_abstract_than_one_said_once_late() -> None:
    sentences = [
        "Le paquebot a heurté le quai de Venise dimanche matin.",
        "Le paquebot transportait plus de deux mille passagers.",
        "Les autorités ont ouvert une enquête sur le paquebot.",
        "Des touristes filmaient la scène depuis une terrasse voisine.",
    ]
    p = _probabilities(sentences)
    # « paquebot »: three times, from the first sentence on; « terrasse »: once, in the last
    assert p["paquebo"] > p["terrass"]
    # the same word said once, early rather than late
    early = _probabilities(["Un incendie a ravagé l'entrepôt.", *sentences[1:]])
    late = _probabilities([*sentences[:3], "Un incendie a ravagé l'entrepôt."])
    assert early["incendi"] > late["incendi"]
    # and in the headline rather than not
    fire = ["Un incendie a ravagé l'entrepôt.", *sentences[1:]]
    assert _probabilities(fire, title="Venise : un incendie")["incendi"] > _probabilities(fire)["incendi"]


def test_the_word_model_weighs_its_inputs_and_a_few_products_of_them() -> None:
    inputs = [float(k + 1) for k in range(len(news.WORD_INPUTS))]
    terms = news.WordModel.terms(inputs)
    assert terms[: len(inputs)] == inputs
    named = dict(zip(news.WORD_INPUTS, inputs, strict=True))
    assert terms[len(inputs) :] == [named[a] * named[b] for a, b in news.WORD_PRODUCTS]
    model = news.WordModel((*(0.0 for _ in terms[:-1]), 0.1), -3.0)  # the last product alone
    last = news.WORD_PRODUCTS[-1]
    assert model.probability(inputs) == pytest.approx(1 / (1 + math.exp(3.0 - 0.1 * named[last[0]] * named[last[1]])))


def test_word_features_follow_the_word_probabilities_of_each_sentence() -> None:
    probability = [0.9, 0.1, 0.5]
    # expected overlap, expected ROUGE-1 F1 against an abstract of ABSTRACT_STEMS words, best, mean
    assert newsfeatures.word_row(probability, [0, 2]) == pytest.approx(
        [1.4, 2.8 / (2 + newsfeatures.ABSTRACT_STEMS), 0.9, 0.7]
    )
    assert newsfeatures.word_row(probability, []) == [0.0] * len(news.WORDS)
    article = news.analyse(ARTICLE, title=TITLE, stops=rank.news_stop_words("fr"))
    overlap = [row[column("word_overlap")] for row in article.rows]
    assert all(v > 0.0 for v in overlap) and len(set(overlap)) > 1


def test_the_word_model_reads_the_french_table_only_in_french() -> None:
    model = news.model()
    assert newsfeatures.word_model(True).weights[0] != 0.0
    # trained with the prior at zero, as every other language has it
    assert newsfeatures.word_model(False).weights[0] == 0.0
    assert model is news.model()
    english = news.analyse(ENGLISH, language="en", stops=rank.news_stop_words("en"))
    assert any(row[column("word_overlap")] > 0.0 for row in english.rows)
    p = _probabilities(ENGLISH, language="en")
    # « ship »: in three sentences from the first on; « witnesses »: once, in the last
    assert p["ship"] > p["witness"]


def test_coverage_counts_each_likely_word_once_so_a_repeat_adds_nothing() -> None:
    # sentence 1 repeats sentence 0's words; sentence 2 brings two likely words of its own
    vectors: list[dict[str, float]] = [{"a": 1.0}, {"b": 1.0}, {"c": 1.0}]  # no cosine redundancy at all
    article = news.Article(
        rows=[[], [], []],
        vectors=vectors,
        words=[12, 12, 12],
        fragment=[False] * 3,
        probability=[0.9, 0.8, 0.7, 0.6],
        members=[[0, 1], [0, 1], [2, 3]],
    )
    assert article.expected_f1([0, 1]) == article.expected_f1([0]) < article.expected_f1([0, 2])
    values = [2.0, 1.9, 1.8]
    plain = news.Selection(redundancy=0.0, length_cost=0.0, duplicate=1.1)
    covering = replace(plain, coverage=10.0)
    assert news.choose(article, values, plain, count=2, words=None) == [0, 1]
    assert news.choose(article, values, covering, count=2, words=None) == [0, 2]
    # the word budget's knapsack, the same
    budget = news.Selection(budget_redundancy=0.0, budget_length_cost=0.0, duplicate=1.1)
    assert news.choose(article, values, budget, count=None, words=25) == [0, 1]
    assert news.choose(article, values, replace(budget, budget_coverage=10.0), count=None, words=25) == [0, 2]


def test_a_huge_article_is_scored_with_numpy_to_the_same_values() -> None:
    # past news.NUMPY_ROWS sentences the network runs as numpy products: the same scores, faster
    import random

    network = news.model().network("fr")
    assert isinstance(network, news.Network)
    rng = random.Random(7)
    rows = [[rng.uniform(-1.0, 3.0) for _ in network.mean] for _ in range(300)]
    batch = network.score_many(rows)
    assert all(abs(a - network.score(r)) < 1e-9 for a, r in zip(batch, rows, strict=True))
    linear = news.Network(network.mean, network.scale, (), (), tuple(rng.uniform(-1, 1) for _ in network.mean))
    assert all(abs(a - linear.score(r)) < 1e-9 for a, r in zip(linear.score_many(rows), rows, strict=True))


CHINESE_TITLE = "中国央行宣布降息以支持经济增长"
CHINESE = [
    "中国人民银行周五宣布，将一年期贷款市场报价利率下调十个基点。",
    "这是今年以来央行第二次降息。",
    "分析人士认为，降息将有助于支持经济增长，缓解企业融资压力。",
    "上海股市当天小幅上涨。",
    "天气预报说北京明天有雨。",
]


def test_chinese_and_japanese_words_are_pairs_of_characters() -> None:
    """Without spaces, split_words gives a whole clause as one "word"; the features read overlapping pairs
    of characters instead (most Chinese words are two characters), other words as split."""
    assert newsfeatures.feature_words("央行降息，iPhone销量", "zh") == ["央行", "行降", "降息", "iPhone", "销量"]
    assert newsfeatures.feature_words("東京は晴れ", "ja") == ["東京", "京は", "は晴", "晴れ"]
    sentence = "Le président a parlé à Paris."
    assert newsfeatures.feature_words(sentence, "fr") == split_words(sentence, "fr")


def test_chinese_sentences_share_words_with_the_headline_and_each_other() -> None:
    """With clauses as words, no sentence shared a word with the headline or another sentence: every
    headline and centroid feature was zero in Chinese."""
    article = news.analyse(CHINESE, language="zh", title=CHINESE_TITLE, stops=rank.news_stop_words("zh"))
    coverage = [row[column("title_coverage")] for row in article.rows]
    assert coverage[2] > coverage[4] == 0.0  # "经济增长" is in the headline; the weather is not
    assert article.similarity(1, 2) > 0.0  # both speak of 降息
