#!/bin/sh
# A folder of wire copy to a folder of English Markdown briefs, one per article.
# Bad articles are reported on stderr and skipped; the others are still briefed.
#   sh examples/brief-folder.sh wire/ briefs/
set -u
src="${1:?usage: brief-folder.sh SOURCE_DIR OUT_DIR}"
out="${2:?usage: brief-folder.sh SOURCE_DIR OUT_DIR}"
mkdir -p "$out"
failed=0
for article in "$src"/*.txt; do
    [ -e "$article" ] || continue
    name=$(basename "$article" .txt)
    if summarize --format markdown "$article" > "$out/$name.md.tmp"; then
        mv "$out/$name.md.tmp" "$out/$name.md"
    else
        rm -f "$out/$name.md.tmp"
        failed=$((failed + 1))
    fi
done
[ "$failed" -eq 0 ] || echo "brief-folder: $failed article(s) failed" >&2
