#!/bin/sh
# The README's first command: an English brief of a French article.
# Uses an installed fr->en model, or installs one from the Argos package index
# when a network is there; offline with no model, prints the French brief and
# says on stderr how to get the model. (The bare `summarize` never falls back.)
set -u
article="${1:-examples/article-fr.txt}"

summarize --from fr --to en "$article" 2>/dev/null && exit 0
status=$?
if [ "$status" -ne 10 ]; then   # 10: no translation model for the pair
    summarize --from fr --to en "$article"   # show the real error
    exit $?
fi
echo "summarize: no fr->en model installed; trying the Argos package index..." >&2
if summarize models install fr en >&2; then
    exec summarize --from fr --to en "$article"
fi
echo "summarize: offline and no fr->en model: showing the French brief. Get the model with" >&2
echo "  summarize models install fr en   (online), or copy translate-fr_en-*.argosmodel here and" >&2
echo "  summarize models install translate-fr_en-1_9.argosmodel" >&2
exec summarize --from fr --to none "$article"
