"""``summarize cache``: the translation memory's size, and emptying it."""

from __future__ import annotations

from summarize.cli import options as opts
from summarize.cli.common import print_json, print_table, say, size, sub_app, user_errors

cache_app = sub_app(
    "The translation memory: sentences translated before are served from it (--no-cache, config key cache).",
    epilog="\b\nExamples:\n  summarize cache stats\n  summarize cache clear",
)


@cache_app.command("stats")
def cache_stats(as_json: opts.AsJson = False) -> None:
    """Where the memory is, how many translations it holds, its size on disk."""
    with user_errors():
        import time

        from summarize.memory import Memory

        stats = Memory().stats()
        if as_json:
            print_json(stats.to_dict())
            return

        def when(stamp: float | None) -> str:
            return "-" if stamp is None else time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp))

        rows = [
            ["path", str(stats.path)],
            ["entries", f"{stats.entries} (cap {stats.max_entries}, least recently used evicted first)"],
            ["size", size(stats.size)],
            ["oldest use", when(stats.oldest)],
            ["newest use", when(stats.newest)],
        ]
        print_table(["memory", "value"], rows)
        if stats.problem:
            say(f"the memory file cannot be read ({stats.problem}); `summarize cache clear` removes it")


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete the memory (also a corrupt one); the next briefs translate again."""
    with user_errors():
        from summarize.memory import Memory

        memory = Memory()
        freed = memory.clear()
        say(f"cleared the translation memory {memory.path} ({size(freed)})")
