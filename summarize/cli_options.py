"""Options shared by ``summarize`` and ``summarize batch``, declared once.

The same flag means the same thing in both commands; only its default may
come from the config file (``summarize config show``).
"""

from __future__ import annotations

from typing import Annotated

import typer

To = Annotated[
    str | None,
    typer.Option(
        "--to",
        "-t",
        metavar="LANGS",
        help="Target languages, comma-separated (en,es,de), or none. [default: en]",
        show_default=False,
    ),
]
From = Annotated[
    str | None,
    typer.Option("--from", "-s", metavar="LANG", help="Source language (fr); skips detection.", show_default=False),
]
Sentences = Annotated[
    int | None,
    typer.Option("--sentences", "-n", metavar="N", help="Sentences in a brief. [default: 3]", show_default=False),
]
Ratio = Annotated[
    float | None,
    typer.Option("--ratio", metavar="R", help="Share of the article's sentences, e.g. 0.2.", show_default=False),
]
Words = Annotated[
    int | None,
    typer.Option(
        "--words", "-w", metavar="N", help="Word budget, filled with whole sentences (never cut).", show_default=False
    ),
]
Algorithm = Annotated[
    str | None,
    typer.Option(
        "--algorithm",
        "-a",
        metavar="NAME",
        help="news (default), lead, lexrank, textrank, lsa, luhn, kl, sumbasic.",
        show_default=False,
    ),
]
ModelsDir = Annotated[
    str | None,
    typer.Option(
        "--models-dir",
        metavar="DIR",
        help="Translation model store. [default: $ARGOS_PACKAGES_DIR or Argos Translate's]",
        show_default=False,
    ),
]
Device = Annotated[str, typer.Option("--device", metavar="DEVICE", help="cpu or cuda.")]
Threads = Annotated[
    int,
    typer.Option(
        "--threads", metavar="N", help="CPU threads for translation, per worker in a batch (0: CTranslate2's default)."
    ),
]
Encoding = Annotated[str, typer.Option("--encoding", metavar="ENC", help="Input encoding.")]
MaxSize = Annotated[str, typer.Option("--max-size", metavar="SIZE", help="Refuse inputs larger than this.")]
Config = Annotated[
    str | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Settings file. [default: $SUMMARIZE_CONFIG or ~/.config/summarize/config.toml]",
        show_default=False,
    ),
]
