#!/usr/bin/env bash
# Keeps what fuzzing found for the next machine: minimizes the corpus of
# TARGET (libFuzzer's merge: the fewest inputs giving its coverage) and
# writes it to corpora/TARGET.tar.gz, which run.sh unpacks before a run.
# Usage: fuzz/save-corpus.sh TARGET
set -euo pipefail
cd "$(dirname "$0")"
target=$1
[ -d "corpus/$target" ] || { echo "no corpus/$target to save" >&2; exit 2; }
minimized=$(mktemp -d)
trap 'rm -rf "$minimized"' EXIT
case $target in
    loaders|records) max_len=262144 ;;
    *) max_len=65536 ;;
esac
nice -n 19 cargo +nightly fuzz cmin "$target" "corpus/$target" -- \
    -max_len="$max_len" -rss_limit_mb=2048 >/dev/null 2>&1
cp corpus/"$target"/* "$minimized"/
mkdir -p corpora
# Sorted names, no owners or times: the same corpus gives the same bytes.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \
    -C "$minimized" -cf - . | gzip -n -9 > "corpora/$target.tar.gz"
echo "corpora/$target.tar.gz: $(ls "$minimized" | wc -l) inputs, $(du -h "corpora/$target.tar.gz" | cut -f1)"
