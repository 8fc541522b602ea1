"""summarize: short briefs of news articles in other languages, fully offline.

    >>> from summarize import BriefOptions, brief
    >>> text = open("article-fr.txt").read()
    >>> result = brief(text, sentences=3, to=["en"])
    >>> result.to_dict()["translations"]["en"]["sentences"]
    >>> options = BriefOptions(words=35, to=("en", "es"))   # checked once, reused
    >>> brief(text, options, title="Venise : le paquebot fou a-t-il tué ?")

Names are imported on first use so that ``import summarize`` (and the CLI's
start-up) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "brief": "summarize.pipeline",
    "BriefOptions": "summarize.options",
    "parse_targets": "summarize.options",
    "Brief": "summarize.results",
    "Source": "summarize.results",
    "Summary": "summarize.results",
    "Sentence": "summarize.results",
    "Translation": "summarize.results",
    "SummarizeError": "summarize.errors",
    "Document": "summarize.reading",
    "read_path": "summarize.reading",
    "decode": "summarize.reading",
    "extract_html": "summarize.reading",
    "fetch_url": "summarize.reading",
    "Copy": "summarize.structure",
    "Furniture": "summarize.structure",
    "read_copy": "summarize.pipeline",
    "translate_briefs": "summarize.pipeline",
    "detect_language": "summarize.detect",
    "split_sentences": "summarize.segment",
    "split_words": "summarize.segment",
    "Tokenizer": "summarize.segment",
    "pick": "summarize.rank",
    "Length": "summarize.rank",
    "ALGORITHMS": "summarize.choices",
    "FORMATS": "summarize.choices",
    "Algorithm": "summarize.choices",
    "Format": "summarize.choices",
    "translate": "summarize.translate",
    "render": "summarize.render",
}

#: The public names (tests/test_layout.py checks this against _EXPORTS).
__all__ = [
    "ALGORITHMS",
    "FORMATS",
    "Algorithm",
    "Brief",
    "BriefOptions",
    "Copy",
    "Document",
    "Format",
    "Furniture",
    "Length",
    "Sentence",
    "Source",
    "SummarizeError",
    "Summary",
    "Tokenizer",
    "Translation",
    "__version__",
    "brief",
    "decode",
    "detect_language",
    "extract_html",
    "fetch_url",
    "parse_targets",
    "pick",
    "read_copy",
    "read_path",
    "render",
    "split_sentences",
    "split_words",
    "translate",
    "translate_briefs",
]

if TYPE_CHECKING:
    from summarize.choices import ALGORITHMS, FORMATS, Algorithm, Format
    from summarize.detect import detect_language
    from summarize.errors import SummarizeError
    from summarize.options import BriefOptions, parse_targets
    from summarize.pipeline import brief, read_copy, translate_briefs
    from summarize.rank import Length, pick
    from summarize.reading import Document, decode, extract_html, fetch_url, read_path
    from summarize.render import render
    from summarize.results import Brief, Sentence, Source, Summary, Translation
    from summarize.segment import Tokenizer, split_sentences, split_words
    from summarize.structure import Copy, Furniture
    from summarize.translate import translate


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'summarize' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
