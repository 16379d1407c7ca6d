#!/usr/bin/env bash
# Renders the example deduper's HTML report of the seeds in headless Chromium
# (Debian's `chromium` package) and checks what the browser made of it:
# one cluster with source 000 and reprints 001 and 003, its row in the table
# of contents, its reuse map (a strip per reprint), copied / edited / added
# / omitted rows collapsed in a <details>, word edits, the unmatched 002 and
# 004; that a hostile id and text (HTML tags in a JSONL record) stay text;
# and, on a generated day of 10,000 articles, that the report is split into
# pages of at most 50 clusters and 8 MB, its table of contents listing
# every cluster and every link leading to a page that is there.
#
# Usage: scripts/check_html.sh [OUT_DIR]   (CHROMIUM=/path/to/chromium to override)
# Leaves in OUT_DIR: seeds.html, seeds.png (1400x2000 screenshot), map.png
# (the reuse map), dom.html; day/ (the 10k report), toc.png (its contents).
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $CHROMIUM ]]; then
    echo "check_html: $CHROMIUM not found; install it with: apt-get install -y chromium" >&2
    exit 1
fi
out=${1:-$(mktemp -d)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

browser() {
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" "$@" 2>>"$out/chromium.log"
}

failures=0
# expect COUNT-TEST PATTERN FILE WHAT: COUNT-TEST is e.g. "-eq 1" or "-ge 1".
expect() {
    local n
    n=$({ grep -o -- "$2" "$3" || true; } | wc -l)
    # shellcheck disable=SC2086 # $1 is an operator and a number
    if [ "$n" $1 ]; then
        echo "ok   $4 ($n)"
    else
        echo "FAIL $4: found $n of '$2', expected $1" >&2
        failures=$((failures + 1))
    fi
}

cargo run --release --quiet --example dedup -- --quiet --html "$out/seeds.html" seeds >/dev/null
browser --window-size=1400,2000 --screenshot="$out/seeds.png" "file://$out/seeds.html"
browser --dump-dom "file://$out/seeds.html" >"$out/dom.html"

dom=$out/dom.html
expect "-eq 1" '<section class="cluster"' "$dom" "one cluster"
expect "-eq 1" 'data-source="000_[^"]*"' "$dom" "source 000"
expect "-eq 2" '<article class="reprint"' "$dom" "two reprints"
expect "-eq 1" '<article class="reprint"[^>]*data-id="001_' "$dom" "reprint 001"
expect "-eq 1" '<article class="reprint"[^>]*data-id="003_' "$dom" "reprint 003"
expect "-ge 1" '<tr class="copied"' "$dom" "copied paragraphs"
expect "-ge 1" '<tr class="edited"' "$dom" "edited paragraphs"
expect "-ge 1" '<tr class="added"' "$dom" "added paragraphs"
expect "-ge 1" '<tr class="omitted"' "$dom" "omitted source paragraphs"
expect "-ge 1" '<del>' "$dom" "dropped words"
expect "-ge 1" '<ins>' "$dom" "inserted words"
expect "-eq 1" '<li class="doc-id" data-id="002_' "$dom" "unmatched 002"
expect "-eq 1" '<li class="doc-id" data-id="004_' "$dom" "unmatched 004"
expect "-eq 0" '<script' "$dom" "no script"
expect "-eq 1" '<tr class="toc-row"' "$dom" "a row in the contents"
expect "-eq 2" '<div class="strip"' "$dom" "a reuse-map strip per reprint"
expect "-ge 20" '<i class="k"></i>\|<i class="e"></i>' "$dom" "kept or edited cells"
expect "-ge 20" '<i class="d"></i>' "$dom" "dropped cells"
expect "-eq 2" '<details class="diff"' "$dom" "diffs collapsed"
browser --window-size=1400,700 --screenshot="$out/map.png" "file://$out/seeds.html#cluster-1"
if [[ $(head -c 8 "$out/seeds.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] &&
    (($(wc -c <"$out/seeds.png") > 20000)); then
    echo "ok   screenshot $out/seeds.png"
else
    echo "FAIL screenshot $out/seeds.png missing or blank" >&2
    failures=$((failures + 1))
fi

# Hostile input: tags in ids and texts must come out as text.
words=$(printf 'w%s ' $(seq 1 60))
{
    printf '{"id":"<script>alert(1)</script>","text":"<b>bold</b> %s"}\n' "$words"
    printf '{"id":"<img src=x onerror=alert(2)>","text":"<i>it</i> %s more"}\n' "$words"
} >"$out/hostile.jsonl"
cargo run --release --quiet --example dedup -- --quiet --html "$out/hostile.html" "$out/hostile.jsonl" >/dev/null
browser --dump-dom "file://$out/hostile.html" >"$out/hostile-dom.html"
hostile=$out/hostile-dom.html
expect "-eq 1" '<section class="cluster"' "$hostile" "hostile: one cluster"
expect "-eq 0" '<script' "$hostile" "hostile: no script element"
expect "-eq 0" '<img' "$hostile" "hostile: no img element"
expect "-eq 0" '<b>bold' "$hostile" "hostile: no b element"
expect "-ge 1" '&lt;script&gt;alert(1)&lt;/script&gt;' "$hostile" "hostile: id shown as text"

# A day of 10,000 generated articles: pages, contents, links, sizes.
day=$out/day
mkdir -p "$day"
cargo run --release --quiet --example gen_corpus -- --docs 10000 --seed 11 --out "$out/day.jsonl" >/dev/null
cargo run --release --quiet --example dedup -- --quiet --html "$day/day.html" "$out/day.jsonl" >/dev/null
browser --window-size=1400,1000 --screenshot="$out/toc.png" "file://$day/day.html"
pages=$(find "$day" -name 'day*.html' | wc -l)
clusters=$(cat "$day"/day*.html | grep -o '<section class="cluster"' | wc -l)
expect "-eq $clusters" '<tr class="toc-row"' "$day/day.html" "every cluster in the contents"
if ((clusters > 500 && pages == (clusters + 49) / 50)); then
    echo "ok   $clusters clusters on $pages pages of 50"
else
    echo "FAIL $clusters clusters on $pages pages, expected pages of 50" >&2
    failures=$((failures + 1))
fi
largest=$(find "$day" -name 'day*.html' -printf '%s\n' | sort -n | tail -1)
if ((largest <= 8 * 1024 * 1024)); then
    echo "ok   the largest page is $largest bytes"
else
    echo "FAIL the largest page is $largest bytes, over 8 MiB" >&2
    failures=$((failures + 1))
fi
missing=0
for target in $(grep -o 'href="day[^"#]*' "$day/day.html" | sed 's/href="//' | sort -u); do
    [[ -f $day/$target ]] || missing=$((missing + 1))
done
if ((missing == 0)); then
    echo "ok   every link of the contents leads to a page"
else
    echo "FAIL $missing pages linked from the contents are missing" >&2
    failures=$((failures + 1))
fi

if ((failures > 0)); then
    echo "check_html: $failures check(s) failed; see $out" >&2
    exit 1
fi
echo "check_html: all checks passed; page, screenshot and DOM in $out"
