#!/usr/bin/env bash
# Fuzzes rasd's readers, the API's query parsing and the CLI's options for
# a fixed budget.
#
#   tools/fuzz.sh [SECONDS] [CASES] [TARGET...]
#       SECONDS  AFL++ time per target (default 300; 0: the properties only)
#       CASES    proptest cases per property (default 500)
#       TARGET   AFL++ targets to run (default: all of fuzz/src/bin)
#
# Coverage-guided: with cargo-afl installed (`cargo install cargo-afl`, which
# builds AFL++ for the stable toolchain), each target of fuzz/ (text,
# phrases, html, feed, jsonl, query) is built with AFL++'s instrumentation
# and fuzzed for SECONDS from the seeds in crates/input/tests/corpus/ and
# fuzz/seeds/. Crashes and hangs are left in fuzz/out/TARGET/default/ and
# make the script fail; each one found is to become a regression test.
# Without cargo-afl the script says so and runs the readers' proptest
# fuzzing (mutations of the same corpus) with CASES cases instead.
#
# Then, in both cases, the properties that spawn the real binary or call
# the router: every CLI option and every API parameter with extreme and
# arbitrary values (CASES each). Figures go in docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-300}"
CASES="${2:-500}"
shift $(($# < 2 ? $# : 2))
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(text phrases html feed jsonl query)
fi
export RASD_FUZZ_CASES="$CASES"
failed=0
mkdir -p fuzz/out

# The seeds of a target: the corpus files it reads, and its own.
seeds() {
    local dir="fuzz/out/seeds/$1" corpus=crates/input/tests/corpus
    rm -rf "$dir" && mkdir -p "$dir"
    case "$1" in
        text) cp "$corpus"/* "$dir" ;;
        phrases) cp fuzz/seeds/phrases/* "$dir" ;;
        html) cp "$corpus/page.html" "$dir" ;;
        feed) cp "$corpus/feed.xml" "$corpus/atom.xml" "$dir" ;;
        jsonl) cp "$corpus/records.jsonl" "$dir" ;;
        query) cp fuzz/seeds/query/* "$dir" ;;
        *) echo "unknown target $1" >&2 && exit 2 ;;
    esac
    echo "$dir"
}

stat_of() { sed -n "s/^$1 *: //p" "$2"; }

# The properties every run checks: every API parameter and every CLI
# option with extreme and arbitrary values (debug builds: overflow checks
# on, and the workspace's own build is reused).
props=(any_parameter_value any_option_value)
if [ "$SECONDS_PER_TARGET" = 0 ]; then
    echo "== no AFL++ run (0 s per target): the properties only"
elif cargo afl --version >/dev/null 2>&1; then
    echo "== AFL++ ($(cargo afl --version 2>/dev/null | head -1)), ${SECONDS_PER_TARGET} s per target: ${TARGETS[*]}"
    (cd fuzz && cargo afl build --release --locked --features api)
    # A shared machine: no CPU pinning, no frequency check, no UI; a core
    # pattern that pipes elsewhere still lets AFL++ see crashes.
    export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
    for t in "${TARGETS[@]}"; do
        out="fuzz/out/$t"
        in=$(seeds "$t")
        rm -rf "$out"
        # -t: an input that takes over a second is a hang worth keeping.
        cargo afl fuzz -V "$SECONDS_PER_TARGET" -t 1000 -i "$in" -o "$out" \
            -- "fuzz/target/release/$t" >"fuzz/out/$t.log" 2>&1 || true
        stats="$out/default/fuzzer_stats"
        if [ ! -f "$stats" ]; then
            echo "$t: AFL++ did not start; see fuzz/out/$t.log" && failed=1 && continue
        fi
        crashes=$(stat_of saved_crashes "$stats")
        hangs=$(stat_of saved_hangs "$stats")
        echo "$t: $(stat_of execs_done "$stats") execs ($(stat_of execs_per_sec "$stats")/s)," \
            "corpus $(stat_of corpus_count "$stats"), edges $(stat_of edges_found "$stats")" \
            "of $(stat_of total_edges "$stats"), crashes $crashes, hangs $hangs"
        if [ "$crashes" != 0 ] || [ "$hangs" != 0 ]; then
            ls "$out/default/crashes" "$out/default/hangs"
            failed=1
        fi
    done
else
    echo "== cargo-afl is not installed: no coverage-guided fuzzing." \
        "Falling back to proptest over the saved corpus ($CASES cases)."
    props+=(no_reader_panics)
fi

echo "== properties, $CASES cases each: ${props[*]}"
cargo test --workspace --locked --test it -- "${props[@]}"
if [ "$failed" != 0 ]; then
    echo "fuzz: failures above" && exit 1
fi
echo "fuzz: no failure"
