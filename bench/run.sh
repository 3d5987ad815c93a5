#!/usr/bin/env bash
# bench/run.sh — healsim's benchmark suite, start to finish (about a minute).
#
#   1. builds healsim and healsim_bench if needed (cmake + make, incremental)
#   2. healsim_bench --steppers: one simulation in-process, then every stepper
#   3. the scipy peer (bench/peers/scipy_model.py): timing, and the check of
#      its strength trajectory against healsim's timeseries.csv
#   4. the whole `healsim run -o /tmp/x --quiet` with hyperfine (or a loop)
#   5. a table of the times with the scipy/healsim ratios
#
# Environment: BUILD_DIR (default <repo>/build; if configuring it fails, a
# private build in ${TMPDIR:-/tmp}/healsim-bench-build with tests off),
# PYTHON (default /usr/bin/python3, which has numpy and scipy), RUN_OUT
# (default /tmp/x), RESULTS (where the raw outputs go, default a temp dir).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
PYTHON="${PYTHON:-/usr/bin/python3}"
RUN_OUT="${RUN_OUT:-/tmp/x}"
RESULTS="${RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/healsim-bench.XXXXXX")}"
mkdir -p "$RESULTS"

section() { printf '\n=== %s ===\n' "$*"; }
show() { grep -Ev '^[A-Za-z0-9_]+=' "$1" || true; } # the text without the key=value lines

# --- 1. build -----------------------------------------------------------------
section "build ($BUILD_DIR)"
if ! cmake -S "$ROOT" -B "$BUILD_DIR" >"$RESULTS/configure.log" 2>&1; then
    echo "configuring $BUILD_DIR failed (see $RESULTS/configure.log);"
    BUILD_DIR="${TMPDIR:-/tmp}/healsim-bench-build"
    echo "falling back to a private build without tests in $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" -DBUILD_TESTING=OFF >"$RESULTS/configure.log" 2>&1 \
        || { cat "$RESULTS/configure.log"; exit 1; }
fi
make -C "$BUILD_DIR" -j2 healsim healsim_bench >"$RESULTS/build.log" 2>&1 \
    || { tail -40 "$RESULTS/build.log"; exit 1; }
HEALSIM="$BUILD_DIR/healsim"
BENCH="$BUILD_DIR/bench/healsim_bench"
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")"
echo "built $HEALSIM and $BENCH (CMAKE_BUILD_TYPE=${build_type:-none})"

# --- 2. in-process benchmark and steppers -------------------------------------
section "healsim_bench --steppers"
"$BENCH" --steppers --kv >"$RESULTS/bench.txt"
show "$RESULTS/bench.txt"

# --- 3. scipy peer --------------------------------------------------------------
section "scipy peer (bench/peers/scipy_model.py)"
"$PYTHON" "$HERE/peers/scipy_model.py" --kv >"$RESULTS/scipy.txt"
show "$RESULTS/scipy.txt"

section "check: scipy vs healsim timeseries.csv at tight tolerances"
"$HEALSIM" run -o "$RESULTS/tight" --quiet --rtol 1e-10 --atol 1e-13
check_rc=0
"$PYTHON" "$HERE/peers/scipy_model.py" --check "$RESULTS/tight/timeseries.csv" --kv \
    >"$RESULTS/check.txt" || check_rc=$?
show "$RESULTS/check.txt"

# --- 4. the whole CLI run ------------------------------------------------------
section "whole run: healsim run -o $RUN_OUT --quiet"
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 5 --min-runs 100 --export-json "$RESULTS/hyperfine.json" \
        "$HEALSIM run -o $RUN_OUT --quiet" | sed '/^ *$/d'
    "$PYTHON" - "$RESULTS/hyperfine.json" >"$RESULTS/cli.txt" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"cli_median_ms={1e3 * r['median']:.4f} cli_mean_ms={1e3 * r['mean']:.4f} "
      f"cli_min_ms={1e3 * r['min']:.4f} cli_runs={len(r['times'])} cli_tool=hyperfine")
EOF
else
    echo "hyperfine not found: timing 50 runs with date +%s%N"
    for _ in 1 2 3; do "$HEALSIM" run -o "$RUN_OUT" --quiet; done
    : >"$RESULTS/cli_times.txt"
    for _ in $(seq 50); do
        a=$(date +%s%N); "$HEALSIM" run -o "$RUN_OUT" --quiet; b=$(date +%s%N)
        echo $(( b - a )) >>"$RESULTS/cli_times.txt"
    done
    "$PYTHON" - "$RESULTS/cli_times.txt" >"$RESULTS/cli.txt" <<'EOF'
import statistics, sys
t = [int(x) / 1e6 for x in open(sys.argv[1])]
print(f"cli_median_ms={statistics.median(t):.4f} cli_mean_ms={statistics.mean(t):.4f} "
      f"cli_min_ms={min(t):.4f} cli_runs={len(t)} cli_tool=loop")
EOF
fi

# --- 5. the table ---------------------------------------------------------------
section "summary ($(date +%F), $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1))"
"$PYTHON" - "$RESULTS"/bench.txt "$RESULTS"/scipy.txt "$RESULTS"/cli.txt "$RESULTS"/check.txt <<'EOF'
import re, sys
kv = {}
for path in sys.argv[1:]:
    for line in open(path):
        for k, v in re.findall(r"(\w+)=(\S+)", line):
            kv[k] = v
f = lambda k: float(kv[k]) if k in kv else float("nan")
best = kv.get("best_stepper", "?")
meth = kv.get("method", "?")  # the default stepper
rows = [  # (what, median ms, min ms)
    (f"healsim one simulation, rows kept ({meth})",
     f("rows_median_us") / 1e3, f("rows_min_us") / 1e3),
    (f"healsim one simulation, HEALSIM_RUN_NO_ROWS ({meth})",
     f("no_rows_median_us") / 1e3, f("no_rows_min_us") / 1e3),
    (f"healsim one simulation, rows kept ({best}, fastest ok)",
     f("best_stepper_us") / 1e3, float("nan")),
    (f"healsim run -o DIR --quiet, whole process ({kv.get('cli_tool', '?')})",
     f("cli_median_ms"), f("cli_min_ms")),
    ("scipy solve_ivp LSODA, one simulation",
     f("scipy_LSODA_median_ms"), f("scipy_LSODA_min_ms")),
    ("scipy solve_ivp BDF + analytic Jacobian",
     f("scipy_BDF_median_ms"), f("scipy_BDF_min_ms")),
]
lsoda, bdf = f("scipy_LSODA_median_ms"), f("scipy_BDF_median_ms")
print(f"{'wall time of':<56} {'median_ms':>9} {'min_ms':>8} {'LSODA/this':>10} {'BDF/this':>9}")
for name, ms, mn in rows:
    mns = f"{mn:8.3f}" if mn == mn else f"{'-':>8}"
    print(f"{name:<56} {ms:>9.3f} {mns} {lsoda / ms:>9.1f}x {bdf / ms:>8.1f}x")
print("(ratios are of medians)")
print()
sim, cli = f("rows_median_us") / 1e3, f("cli_median_ms")
print("targets: one simulation well under 1 ms: "
      f"{'met' if sim < 1 else 'NOT met'} ({sim:.3f} ms with {meth}, rows kept; "
      f"{f('best_stepper_us') / 1e3:.3f} ms with {best})")
print(f"         whole healsim run under 20 ms: {'met' if cli < 20 else 'NOT met'} ({cli:.2f} ms)")
print(f"         >= 100x scipy in-process: {'met' if lsoda / sim >= 100 else 'NOT met'} "
      f"({lsoda / sim:.0f}x LSODA, {bdf / sim:.0f}x BDF with {meth}; "
      f"{lsoda / (f('best_stepper_us') / 1e3):.0f}x LSODA with {best})")
print(f"scipy vs healsim strength_pct at tight tolerances: max rel. deviation "
      f"{max(f('check_LSODA_max_rel_dev'), f('check_BDF_max_rel_dev')):.1e}")
EOF
echo
echo "raw outputs: $RESULTS"
exit "$check_rc"
