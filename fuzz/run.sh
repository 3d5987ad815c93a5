#!/usr/bin/env bash
# fuzz/run.sh SECONDS [TARGET...] — fuzz healsim with libFuzzer (docs/FUZZING.md).
#
# Builds the fuzz targets in build-fuzz/ (configured with clang the first
# time), then runs each TARGET (default: params cli) for SECONDS, all at once
# (one process a target), starting from the seed corpus fuzz/corpus/TARGET/
# and every input of tests/fuzz-regressions/TARGET/.  Inputs that find new
# code are kept in build-fuzz/fuzz-work/TARGET/, so a later run goes on from
# there.  SECONDS = 0 only replays the corpus and the regressions once.
#
# Any crash, leak, timeout (-timeout=5 s an input) or out-of-memory input is
# copied into tests/fuzz-regressions/TARGET/ and the script exits 1: commit
# that file with the fix; the test test_fuzz_regressions_TARGET replays it in
# every build from then on.  Exit 0: nothing found.
#
# Environment: HEALSIM_FUZZ_BUILD (build folder, default build-fuzz),
# HEALSIM_FUZZ_FLAGS (extra libFuzzer flags, e.g. "-jobs=4 -workers=4").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

usage() { echo "usage: fuzz/run.sh SECONDS [params|cli]..." >&2; exit 2; }
[ $# -ge 1 ] || usage
seconds=$1
shift
[[ $seconds =~ ^[0-9]+$ ]] || usage
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(params cli batch)
for t in "${targets[@]}"; do
  [ "$t" = params ] || [ "$t" = cli ] || [ "$t" = batch ] || usage
done

build=${HEALSIM_FUZZ_BUILD:-$root/build-fuzz}
case $build in /*) ;; *) build=$root/$build ;; esac
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang cmake -S "$root" -B "$build" -DHEALSIM_FUZZ=ON -DBUILD_TESTING=OFF -DHEALSIM_BENCH=OFF
fi
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz_}"

export LSAN_OPTIONS="suppressions=$root/fuzz/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_stack_use_after_return=1:strict_string_checks=1}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

if [ "$seconds" -eq 0 ]; then
  budget=(-runs=0)
else
  budget=(-max_total_time="$seconds")
fi

declare -A pids
for t in "${targets[@]}"; do
  work=$build/fuzz-work/$t
  artifacts=$build/fuzz-artifacts/$t
  mkdir -p "$work" "$build/fuzz-logs" "$root/tests/fuzz-regressions/$t"
  rm -rf "$artifacts"
  mkdir -p "$artifacts"
  # shellcheck disable=SC2086
  "$build/fuzz/fuzz_$t" "${budget[@]}" -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
    -close_fd_mask=3 -print_final_stats=1 -dict="$root/fuzz/$t.dict" \
    -artifact_prefix="$artifacts/" ${HEALSIM_FUZZ_FLAGS:-} \
    "$work" "$root/fuzz/corpus/$t" "$root/tests/fuzz-regressions/$t" \
    </dev/null >"$build/fuzz-logs/$t.log" 2>&1 &
  pids[$t]=$!
done

failed=0
for t in "${targets[@]}"; do
  status=0
  wait "${pids[$t]}" || status=$?
  log=$build/fuzz-logs/$t.log
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
  cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -n 1 || true)
  echo "fuzz_$t: ${runs:-?} inputs run (peak RSS ${rss:-?} MB; ${cov:-no coverage line}); log $log"
  found=0
  for f in "$build/fuzz-artifacts/$t"/*; do
    [ -f "$f" ] || continue
    found=1
    cp "$f" "$root/tests/fuzz-regressions/$t/"
    echo "fuzz_$t: FOUND $(basename "$f") -> tests/fuzz-regressions/$t/$(basename "$f")" >&2
    echo "--- fuzz_$t $(basename "$f") replayed:" >&2
    timeout 60 "$build/fuzz/fuzz_$t" -timeout=5 -rss_limit_mb=2048 "$f" 2>&1 | grep -a -v -e '^INFO:' | tail -n 40 >&2 || true
  done
  if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
    failed=1
    echo "fuzz_$t: failed (exit $status); the end of its log:" >&2
    grep -a -v -e '^INFO:' -e '^#[0-9]' "$log" | tail -n 60 >&2 || true
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz/run.sh: a fuzz target failed. Reproduce with build-fuzz/fuzz/fuzz_TARGET FILE, fix healsim," >&2
  echo "and commit the file in tests/fuzz-regressions/ with the fix (docs/FUZZING.md)." >&2
fi
exit "$failed"
