#!/bin/sh
# The README's first command: an English brief of a French article.
# Uses an installed fr->en model, or installs one from the Argos package index
# when a network is there; offline with no model, prints the French brief and
# one line on stderr saying how to get the model. (The bare `summarize` never
# falls back like this: no model, no brief, exit code 10.)
set -u
article="${1:-examples/article-fr.txt}"

summarize --from fr --to en "$article" 2>/dev/null && exit 0
status=$?
if [ "$status" -ne 10 ]; then   # anything but "no model for the pair": show the real error
    exec summarize --from fr --to en "$article"
fi
if summarize models install fr en 2>/dev/null; then   # online: fetch it from the Argos index
    exec summarize --from fr --to en "$article"
fi
echo "summarize: no fr->en model here and no network to fetch one: French brief below; to get English, run 'summarize models install fr en' online, or copy translate-fr_en-*.argosmodel here and run 'summarize models install FILE.argosmodel'" >&2
exec summarize --from fr --to none "$article"
