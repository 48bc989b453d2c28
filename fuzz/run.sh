#!/usr/bin/env bash
# `make fuzz`: builds the fuzz preset (clang, libFuzzer + ASan + UBSan) and runs each target for
# FUZZ_SECONDS (default 60), one at a time at low priority. New inputs collect in
# build/fuzz/corpus/<target>/ (the repository's fuzz/corpus/<target>/ and fuzz/regressions/<target>/
# are read, never written);
# a crash stops that target and is left in build/fuzz/crashes/<target>/.
# `fuzz/run.sh merge`: minimises the repository corpus with what the runs found (-merge=1).
# FUZZ_TARGETS (space-separated) runs a subset. Prints executions per target; exits 1 on a crash.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_EACH=${FUZZ_SECONDS:-60}
# The list in fuzz/fuzz.cmake, comments dropped first (they hold parentheses).
TARGETS=${FUZZ_TARGETS:-$(sed -E 's/#.*//' fuzz/fuzz.cmake | sed -n '/^set(PLUMBLINE_FUZZ_TARGETS/,/)/p' |
  sed -E 's/set\(PLUMBLINE_FUZZ_TARGETS//; s/\)//' | tr -s ' \n' ' ')}
export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=1
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
cmake --preset fuzz >/dev/null && cmake --build --preset fuzz || exit 1
# Third-party leaks (libvips' and GLib's caches), as in the sanitizer runs.
export LSAN_OPTIONS=suppressions=$ROOT/tests/sanitizers/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

if [ "${1:-}" = merge ]; then
  for t in $TARGETS; do
    mkdir -p "build/fuzz/corpus/$t"
    rm -rf "fuzz/corpus/$t.merged" && mkdir -p "fuzz/corpus/$t.merged"
    "build/fuzz/fuzz_$t" -merge=1 "fuzz/corpus/$t.merged" "fuzz/corpus/$t" "build/fuzz/corpus/$t" \
      2>&1 | grep -E 'MERGE-OUTER: [0-9]+ new files'
    rm -rf "fuzz/corpus/$t" && mv "fuzz/corpus/$t.merged" "fuzz/corpus/$t"
    echo "$t: $(ls "fuzz/corpus/$t" | wc -l) inputs in fuzz/corpus/$t"
  done
  exit 0
fi

failed=0
for t in $TARGETS; do
  mkdir -p "build/fuzz/corpus/$t" "build/fuzz/crashes/$t"
  log="build/fuzz/$t.log"
  dirs=("build/fuzz/corpus/$t" "fuzz/corpus/$t")
  [ -d "fuzz/regressions/$t" ] && dirs+=("fuzz/regressions/$t")
  nice -n 10 "build/fuzz/fuzz_$t" -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
    -artifact_prefix="build/fuzz/crashes/$t/" "${dirs[@]}" >"$log" 2>&1
  rc=$?
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
  if [ $rc -eq 0 ]; then
    printf '%-18s %12s executions in %s s, no crash\n' "$t" "${runs:-?}" "$SECONDS_EACH"
  else
    failed=1
    printf '%-18s CRASHED (exit %d); log %s, input in build/fuzz/crashes/%s/\n' "$t" $rc "$log" "$t"
    grep -E 'ERROR|fuzz check failed|SUMMARY' "$log" | head -5 | sed 's/^/    /'
  fi
done
exit $failed
