"""The ``news`` scorer's word model, cross-fitted like the word tables (used by tools/train_ranker.py).

For each distinct content word (stem) of an article, a logistic regression
predicts whether the abstract has it, from the word's WORD_INPUTS in this
article (newsfeatures.article_words); the sentence features WORDS follow from
those probabilities (newsfeatures.word_row). The French model reads the word
table's log-odds as its first input; the generic one is fitted with that input
at zero, as every other language has it.

No leakage: a model excluding the folds S is fitted on the articles of the
other folds, each reading its prior from the word table built without S and
without its own fold; an article of a fold in S reads it with the table built
without S. So the held-out fold f reads W_{f} (table without f), fold g's
training rows when f is held out read W_{f,g} (table without f and g), exactly
as the tables themselves are cross-fitted, and the shipped model W_{} is
fitted on every article (prior without its own fold) and runs on the full table.
Everything is computed once per article in Python (the inputs and, for every
table it may read, the prior), then vectorised in numpy: ~3.5 million words.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from summarize import newsfeatures, rank
from summarize.segment import split_words

#: Excluded fold sets whose table or model the cross-fitting needs: none (shipped), one, two, three folds.
Exclusion = frozenset[int]


def exclusions(folds: int) -> list[Exclusion]:
    return [frozenset(c) for size in range(4) for c in itertools.combinations(range(folds), size)]


@dataclass
class WordData:
    """Every article's distinct content words, stacked: inputs, labels, priors, and sentence membership."""

    inputs: np.ndarray  # (W, k) WORD_INPUTS without headline; prior column 0
    title_in: np.ndarray  # (W,) in_title when the headline is given
    has_title: np.ndarray  # (W,) has_title when the headline is given
    priors: np.ndarray  # (W, len(sets)) float32: the prior under each excluded set (NaN where not needed)
    labels: np.ndarray  # (W,) 1.0 if the abstract has the stem
    fold: np.ndarray  # (W,) fold of the word's article
    word_doc: np.ndarray  # (W,) index of the word's article
    pair_sentence: np.ndarray  # (M,) global sentence index of each (sentence, word) membership
    pair_word: np.ndarray  # (M,) global word index
    sentence_size: np.ndarray  # (S,) distinct stems of each sentence
    sentence_start: np.ndarray  # (D + 1,) first global sentence of each article
    sets: list[Exclusion]


def word_tables(
    docs: Sequence[object], folds: int, table: Callable[[Counter[str], Counter[str]], newsfeatures.Lexicon]
) -> dict[Exclusion, newsfeatures.Lexicon]:
    """The word table (`table` of the counts of articles having each word, and whose abstract kept it)
    built without each set of folds."""
    having = [Counter[str]() for _ in range(folds)]
    kept = [Counter[str]() for _ in range(folds)]
    for d in docs:
        having[d.fold].update(d.words)  # type: ignore[attr-defined]
        kept[d.fold].update(d.words & d.ref_words)  # type: ignore[attr-defined]
    out: dict[Exclusion, newsfeatures.Lexicon] = {}
    for excluded in exclusions(folds):
        chosen = [k for k in range(folds) if k not in excluded]
        out[excluded] = table(sum((having[k] for k in chosen), Counter()), sum((kept[k] for k in chosen), Counter()))
    return out


def collect(docs: Sequence[object], lexicons: dict[Exclusion, newsfeatures.Lexicon], sets: list[Exclusion]) -> WordData:
    """The word model's data for `docs` (train_ranker.Doc), with the prior under every table a doc may read."""
    stops = rank.news_stop_words("fr")
    inputs: list[list[float]] = []
    title_in: list[float] = []
    has_title: list[float] = []
    priors: list[list[float]] = []
    labels: list[float] = []
    fold: list[int] = []
    word_doc: list[int] = []
    pair_sentence: list[int] = []
    pair_word: list[int] = []
    sizes: list[int] = []
    starts = [0]
    for k, d in enumerate(docs):
        original = [split_words(s, "fr") for s in d.sentences]  # type: ignore[attr-defined]
        title_stems = _stems(split_words(d.title, "fr"), stops) if d.title else set()  # type: ignore[attr-defined]
        found = newsfeatures.article_words(original, stops, set())
        abstract = _stems(d.ref_words, stops)  # type: ignore[attr-defined]
        base = len(labels)
        readable = [j for j, s in enumerate(sets) if not s or d.fold in s]  # type: ignore[attr-defined]
        for stem, row, forms in zip(found.stems, found.inputs, found.forms, strict=True):
            inputs.append(row)
            title_in.append(1.0 if stem in title_stems else 0.0)
            has_title.append(1.0 if title_stems else 0.0)
            prior = [math.nan] * len(sets)
            for j in readable:
                logit, default = lexicons[sets[j]]
                prior[j] = max(logit.get(form, default) for form in forms) - default
            priors.append(prior)
            labels.append(1.0 if stem in abstract else 0.0)
        fold += [d.fold] * len(found.stems)  # type: ignore[attr-defined]
        word_doc += [k] * len(found.stems)
        for i, members in enumerate(found.members):
            pair_sentence += [starts[-1] + i] * len(members)
            pair_word += [base + m for m in members]
            sizes.append(len(members))
        starts.append(starts[-1] + len(found.members))
    return WordData(
        np.array(inputs, dtype=float).reshape(-1, len(newsfeatures.WORD_INPUTS)),
        np.array(title_in),
        np.array(has_title),
        np.array(priors, dtype=np.float32).reshape(-1, len(sets)),
        np.array(labels),
        np.array(fold, dtype=np.int64),
        np.array(word_doc, dtype=np.int64),
        np.array(pair_sentence, dtype=np.int64),
        np.array(pair_word, dtype=np.int64),
        np.array(sizes, dtype=float),
        np.array(starts, dtype=np.int64),
        sets,
    )


def _stems(words: Sequence[str] | set[str], stops: frozenset[str]) -> set[str]:
    low = {w.lower() for w in words}
    return {newsfeatures._stem(w) for w in low if w not in stops and len(w) > 1}


def design(data: WordData, excluded: Exclusion, headline: bool, generic: bool) -> np.ndarray:
    """WORD_INPUTS of every word, its prior read from the table without `excluded` (zero when generic)."""
    x: np.ndarray = data.inputs.copy()
    if headline:
        x[:, newsfeatures.WORD_INPUTS.index("in_title")] = data.title_in
        x[:, newsfeatures.WORD_INPUTS.index("has_title")] = data.has_title
    if not generic:
        x[:, 0] = data.priors[:, data.sets.index(excluded)]
    return x


def training_rows(data: WordData, excluded: Exclusion, generic: bool, folds: int) -> tuple[np.ndarray, np.ndarray]:
    """The words the model without `excluded` learns from: articles of the other folds, each article once
    (with its headline for even articles, without for odd: both kinds, at half the cost), each reading its
    prior from the table without `excluded` and its own fold."""
    keep = ~np.isin(data.fold, list(excluded))
    x = data.inputs[keep].copy()
    titled = (data.word_doc[keep] % 2) == 0
    x[titled, newsfeatures.WORD_INPUTS.index("in_title")] = data.title_in[keep][titled]
    x[titled, newsfeatures.WORD_INPUTS.index("has_title")] = data.has_title[keep][titled]
    if not generic:
        columns = np.array([data.sets.index(excluded | {f}) for f in range(folds)])
        x[:, 0] = data.priors[keep][np.arange(int(keep.sum())), columns[data.fold[keep]]]
    else:
        x[:, 0] = 0.0
    return x, data.labels[keep]


def terms(x: np.ndarray) -> np.ndarray:
    """newsfeatures.WordModel.terms, vectorised: the inputs, then their products."""
    products = [x[:, a] * x[:, b] for a, b in newsfeatures._PRODUCTS]
    return np.hstack([x, np.stack(products, axis=1)]) if products else x


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-4, steps: int = 12) -> dict[str, object]:
    """Logistic regression by Newton's method on standardised terms; weights returned on the raw terms."""
    x = terms(x)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) / len(y) + penalty * w
        hess = (z * (p * (1 - p))[:, None]).T @ z / len(y) + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    raw = w[:-1] / scale
    bias = w[-1] - float(raw @ mean)
    return {"weights": [round(float(v), 6) for v in raw], "bias": round(float(bias), 6)}


def probabilities(model: dict[str, object], x: np.ndarray) -> np.ndarray:
    """What newsfeatures.WordModel.probability gives, vectorised."""
    z = terms(x) @ np.array(model["weights"]) + float(model["bias"])  # type: ignore[arg-type]
    out: np.ndarray = np.where(z > -50.0, 1.0 / (1.0 + np.exp(-np.maximum(z, -50.0))), 0.0)
    return out


def sentence_features(data: WordData, p: np.ndarray) -> np.ndarray:
    """WORDS of every sentence (newsfeatures.word_row, vectorised): (S, 4)."""
    count = len(data.sentence_size)
    weights = p[data.pair_word]
    total = np.bincount(data.pair_sentence, weights=weights, minlength=count)
    best = np.zeros(count)
    np.maximum.at(best, data.pair_sentence, weights)
    size = data.sentence_size
    safe = np.maximum(size, 1.0)
    out = np.stack([total, 2.0 * total / (size + newsfeatures.ABSTRACT_STEMS), best, total / safe], axis=1)
    out[size == 0] = 0.0
    return out


def log_loss(model: dict[str, object], x: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(probabilities(model, x), 1e-9, 1 - 1e-9)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def per_doc(data: WordData, features: np.ndarray, k: int) -> np.ndarray:
    return features[data.sentence_start[k] : data.sentence_start[k + 1]]


def rows(
    data: WordData, model: dict[str, object], excluded: Exclusion, generic: bool, docs: Sequence[int]
) -> dict[int, tuple[np.ndarray, list[np.ndarray]]]:
    """WORDS of the sentences of `docs` (indices), without then with the headline: (2, n, 4) each; and the
    probability of each of the article's words, without then with the headline."""
    both = []
    words = []
    starts = np.searchsorted(data.word_doc, np.arange(len(data.sentence_start)))
    for headline in (False, True):
        p = probabilities(model, design(data, excluded, headline, generic))
        both.append(sentence_features(data, p))
        words.append(p)
    return {
        k: (np.stack([per_doc(data, f, k) for f in both]), [p[starts[k] : starts[k + 1]] for p in words]) for k in docs
    }


def members(data: WordData) -> list[list[list[int]]]:
    """Each article's sentences' words (indices into the article's words), as Article.members."""
    starts = np.searchsorted(data.word_doc, np.arange(len(data.sentence_start)))
    by_sentence = np.split(data.pair_word, np.cumsum(data.sentence_size.astype(np.int64))[:-1])
    out = []
    for k in range(len(data.sentence_start) - 1):
        out.append([(m - starts[k]).tolist() for m in by_sentence[data.sentence_start[k] : data.sentence_start[k + 1]]])
    return out


@dataclass
class Built:
    """The word model's part of training: models by (excluded folds, generic), sentence features by role."""

    models: dict[tuple[Exclusion, bool], dict[str, object]]
    own: dict[bool, list[np.ndarray]]  # by generic: each training article's WORDS under W_{its fold}
    nested: dict[bool, dict[int, list[np.ndarray]]]  # by generic, held-out fold f: articles not in f
    valid: dict[bool, list[np.ndarray]]
    held_out: dict[bool, list[float]]  # log loss of W_{f} on fold f's words (no headline)
    lexicons: dict[Exclusion, newsfeatures.Lexicon]
    #: by generic: each article's word probabilities (without, with headline), as own and valid rows read them
    own_p: dict[bool, list[list[np.ndarray]]] = field(default_factory=dict)
    valid_p: dict[bool, list[list[np.ndarray]]] = field(default_factory=dict)
    members: list[list[list[int]]] = field(default_factory=list)
    valid_members: list[list[list[int]]] = field(default_factory=list)


def build(
    docs: Sequence[object],
    valid: Sequence[object],
    folds: int,
    table: Callable[[Counter[str], Counter[str]], newsfeatures.Lexicon],
    say: Callable[[str], None],
) -> Built:
    sets = exclusions(folds)
    lexicons = word_tables(docs, folds, table)
    data = collect(docs, lexicons, sets)
    say(f"word model data: {len(data.labels)} words ({data.labels.mean():.3f} in the abstract)")
    valid_data = collect(valid, {frozenset(): lexicons[frozenset()]}, [frozenset()])
    models: dict[tuple[Exclusion, bool], dict[str, object]] = {}
    fold_of = [d.fold for d in docs]  # type: ignore[attr-defined]
    built = Built(models, {}, {}, {}, {}, lexicons)
    for generic in (False, True):
        for excluded in sets:
            if len(excluded) <= 2:
                models[(excluded, generic)] = fit(*training_rows(data, excluded, generic, folds))
        held = []
        for f in range(folds):
            mask = data.fold == f
            x = design(data, frozenset({f}), False, generic)[mask]
            held.append(log_loss(models[(frozenset({f}), generic)], x, data.labels[mask]))
        built.held_out[generic] = held
        say(
            f"word model{' (generic)' if generic else ''}: held-out log loss {np.mean(held):.4f} "
            f"by fold {np.round(held, 4).tolist()}; "
            f"shipped weights {models[(frozenset(), generic)]}"
        )
        own: dict[int, tuple[np.ndarray, list[np.ndarray]]] = {}
        for f in range(folds):
            chosen = [k for k, g in enumerate(fold_of) if g == f]
            own.update(rows(data, models[(frozenset({f}), generic)], frozenset({f}), generic, chosen))
        built.own[generic] = [own[k][0] for k in range(len(docs))]
        built.own_p[generic] = [own[k][1] for k in range(len(docs))]
        del own
        built.nested[generic] = {}
        pair_rows: dict[tuple[int, int], np.ndarray] = {}
        for f, g in itertools.combinations(range(folds), 2):
            pair = frozenset({f, g})
            chosen = [k for k, h in enumerate(fold_of) if h in pair]
            for k, (value, _) in rows(data, models[(pair, generic)], pair, generic, chosen).items():
                pair_rows[(min(f, g) if fold_of[k] == max(f, g) else max(f, g), k)] = value
        for f in range(folds):
            built.nested[generic][f] = [pair_rows[(f, k)] for k, h in enumerate(fold_of) if h != f]
        del pair_rows
        found = rows(valid_data, models[(frozenset(), generic)], frozenset(), generic, range(len(valid)))
        built.valid[generic] = [found[k][0] for k in range(len(valid))]
        built.valid_p[generic] = [found[k][1] for k in range(len(valid))]
    built.members = members(data)
    built.valid_members = members(valid_data)
    return built
