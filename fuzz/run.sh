#!/usr/bin/env bash
# Runs one fuzz target for a while, politely: lowest CPU priority, one
# process. Usage: fuzz/run.sh TARGET [SECONDS]  (default 300).
# Seed the corpora first: cargo run --release --manifest-path fuzz/Cargo.toml --bin make_seeds
# (corpora/TARGET.tar.gz, what earlier runs found, is unpacked first).
# Crashes go to fuzz/artifacts/TARGET/; the log to fuzz/logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=${2:-300}
mkdir -p "corpus/$target" logs
# What earlier runs found (save-corpus.sh), on this machine's corpus.
if [ -f "corpora/$target.tar.gz" ]; then
    tar -xzf "corpora/$target.tar.gz" -C "corpus/$target"
fi
case $target in
    loaders|records) max_len=262144 ;;
    *) max_len=65536 ;;
esac
# One process, its log in logs/TARGET.log (with -jobs, libFuzzer would
# write it to ./fuzz-0.log, which two targets run at once would share).
nice -n 19 cargo +nightly fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len="$max_len" \
    -rss_limit_mb=2048 -print_final_stats=1 > "logs/$target.log" 2>&1 || status=$?
tail -n 30 "logs/$target.log"
echo "corpus/$target: $(ls "corpus/$target" | wc -l) inputs"
exit "${status:-0}"
