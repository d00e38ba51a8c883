#!/usr/bin/env bash
# Fuzzes rasd's readers and the API's query parsing for a fixed budget.
#
#   tools/fuzz.sh [CASES]     (default 20000 cases per target)
#
# The engine is proptest (it runs on the stable toolchain): inputs are
# mutations of the saved corpus in crates/input/tests/corpus/ and arbitrary
# text; the API target sends every documented parameter extreme and
# arbitrary values. A failure is minimised and saved as a regression case
# (crates/input/tests/it/fuzz.proptest-regressions), replayed by every
# later `cargo test`. Figures go in docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
CASES="${1:-20000}"
export RASD_FUZZ_CASES="$CASES"
start=$(date +%s)
echo "== readers (HTML, feeds, JSON Lines, text, numbers, dates): $CASES cases"
cargo test --release --locked -p rasd-input --test it fuzz -- --test-threads 1
mid=$(date +%s)
echo "== API query parsing: $CASES requests"
cargo test --release --locked -p rasd-server --test it any_parameter_value -- --test-threads 1
end=$(date +%s)
echo "fuzz: $CASES cases per target, readers $((mid - start)) s, API $((end - mid)) s, no failure"
