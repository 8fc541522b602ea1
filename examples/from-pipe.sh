#!/bin/sh
# summarize as a filter: pull the article text out of a JSON feed with jq (or
# any other command), brief it in English and Spanish, keep only the English
# sentences for a chat message.
#   sh examples/from-pipe.sh feed.jsonl
set -eu
feed="${1:?usage: from-pipe.sh FEED.jsonl}"
head -n 1 "$feed" | jq -r '.text' \
    | summarize --to en,es --format json \
    | jq -r '.translations.en.sentences[]'
