#!/usr/bin/env bash
# A short run of every fuzz target, for CI: SECONDS each (default 30),
# from the seeds and the corpora kept in corpora/ (run.sh unpacks them).
# Needs nightly Rust and cargo-fuzz; a crash fails the run, its input in
# artifacts/TARGET/ and the log in logs/TARGET.log.
# Usage: fuzz/ci.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-30}
cargo run --quiet --release --bin make_seeds
failed=()
# Every target, by its file in fuzz_targets/ (a new one is run too).
for file in fuzz_targets/*.rs; do
    target=$(basename "$file" .rs)
    echo "== $target, $seconds s"
    if ! ./run.sh "$target" "$seconds" > /dev/null; then
        failed+=("$target")
        tail -n 60 "logs/$target.log"
    fi
    grep -E '^Done' "logs/$target.log" || true
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found a crash in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
