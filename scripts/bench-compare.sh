#!/usr/bin/env bash
# Runs two builds' criterion benches alternately on the same machine, for BENCHMARKS.md:
#   scripts/bench-compare.sh BEFORE_DIR AFTER_DIR [ROUNDS]     (BENCHES="store tui" for some)
# Each DIR holds the bench executables of one build (copied from target/release/deps after
# `cargo bench --no-run`: engine-*, store-*, tui-*). Prints one line per bench and run:
#   ROUND BUILD BENCH NAME NS_PER_ITER
set -euo pipefail
before=$1; after=$2; rounds=${3:-2}
cd "$(dirname "$0")/.."
for r in $(seq 1 "$rounds"); do
    for bench in ${BENCHES:-engine store tui}; do
        for side in before after; do
            dir=$before; [ "$side" = after ] && dir=$after
            exe=$(ls "$dir"/"$bench"-* | grep -v '\.d$' | head -1)
            "$exe" --bench --warm-up-time 1 --measurement-time 3 --output-format bencher 2>/dev/null |
                awk -v r="$r" -v s="$side" -v b="$bench" '/^test /{gsub(",","",$5); print r, s, b, $2, $5}'
        done
    done
done
