#!/usr/bin/env bash
# Runs one fuzz target for a while, politely: lowest CPU priority, one job,
# one worker. Usage: fuzz/run.sh TARGET [SECONDS]  (default 300).
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
nice -n 19 cargo +nightly fuzz run "$target" "corpus/$target" -- \
    -jobs=1 -workers=1 -max_total_time="$seconds" -max_len="$max_len" \
    -rss_limit_mb=2048 -print_final_stats=1 2>&1 | tee "logs/$target.log" | tail -n 30
# libFuzzer with -jobs writes the worker's output to fuzz-0.log.
if [ -f fuzz-0.log ]; then mv fuzz-0.log "logs/$target.worker.log"; fi
echo "corpus/$target: $(ls "corpus/$target" | wc -l) inputs"
