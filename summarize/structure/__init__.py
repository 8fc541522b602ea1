"""The structure stage: copy as it arrives in a newsroom, turned into its parts.

Between reading and splitting. Wire stories, pages pasted from a browser, PDF
and e-mail text carry more than the article: a headline and a standfirst, a
dateline (``PARIS (AFP) -``), a byline, publication lines, photo captions and
credits, "Read more" links, newsletter calls, sub-headings, live-blog
timestamps, script residue. Left in, the ranker picks them as "sentences".
This stage takes them out, and says what it took (``Copy.removed``) so that
nothing is dropped silently.

It also repairs the text itself: hard-wrapped lines are rejoined (a text is
wrapped when its line ends break sentences), a word broken by a hyphen at a line
end is rejoined when the joined word is a word of the language (wordfreq's
lists, :mod:`summarize.wordlists`), and boundaries lost by scrapers are put
back ("hachoirPeu avant midi", "?par franceinfoCe jour-là", "sociaux.20% des").

The rules are line and paragraph patterns in French, English, Spanish, German,
Italian and Portuguese, written against 67 stories of tests/data/copy (26 of them
first run blind) and checked for false removals on clean news (NTREX, OrangeSum);
plain ``re``, patterns compiled on first use, ~0.8 ms an OrangeSum article.
``records`` holds what it returns, ``patterns`` the vocabulary, ``wraps``,
``glue`` and ``lines`` the repairs and the line classes, ``stage`` the stage.
"""

from __future__ import annotations

from summarize.structure.records import Copy, Furniture
from summarize.structure.stage import structure

__all__ = ["Copy", "Furniture", "structure"]
