#!/usr/bin/env bash
# bench/run.sh — healsim's benchmark suite, start to finish (about a minute).
#
#   1. builds healsim and healsim_bench if needed (cmake + make, incremental)
#   2. healsim_bench --steppers: one simulation in-process, then every stepper
#   3. the scipy peer (bench/peers/scipy_model.py): timing, and the check of
#      its strength trajectory against healsim's timeseries.csv
#   3b. the matplotlib figure peer (bench/peers/figure_matplotlib.py): the two
#      figures drawn from that CSV, and scipy solve + figures end to end, with
#      hyperfine (or a loop); skipped if $PYTHON lacks matplotlib
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
make -C "$BUILD_DIR" -j2 healsim healsim_bench healsim_bench_figures >"$RESULTS/build.log" 2>&1 \
    || { tail -40 "$RESULTS/build.log"; exit 1; }
HEALSIM="$BUILD_DIR/healsim"
BENCH="$BUILD_DIR/bench/healsim_bench"
BENCH_FIGURES="$BUILD_DIR/bench/healsim_bench_figures"
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

# --- 3b. matplotlib figure peer --------------------------------------------------
section "matplotlib figure peer (bench/peers/figure_matplotlib.py)"
FIG="$HERE/peers/figure_matplotlib.py"
: >"$RESULTS/mpl_csv.txt"; : >"$RESULTS/mpl_sim.txt"; : >"$RESULTS/mpl_cli.txt"
if ! "$PYTHON" -c "import matplotlib" 2>/dev/null; then
    echo "skipped: python3-matplotlib not installed"
else
    # the CSV of the healsim run of section 3 ($RESULTS/tight): the same rows
    # and columns as a default-tolerance run, so the same drawing work
    csv_in="$RESULTS/tight/timeseries.csv"
    mpl_ok=1 # one warm-up, then one timed process per path (--t0: start-up too)
    { "$PYTHON" "$FIG" --csv "$csv_in" --out "$RESULTS/figs_csv" >/dev/null \
        && "$PYTHON" "$FIG" --csv "$csv_in" --out "$RESULTS/figs_csv" --repeat 5 --kv \
            --t0 "$EPOCHREALTIME" >"$RESULTS/mpl_csv.txt" \
        && "$PYTHON" "$FIG" --simulate --out "$RESULTS/figs_sim" --repeat 5 --kv \
            --t0 "$EPOCHREALTIME" >"$RESULTS/mpl_sim.txt"; } \
        || { mpl_ok=0; echo "figure_matplotlib.py failed (see above); no wall times"; }
    show "$RESULTS/mpl_csv.txt"
    show "$RESULTS/mpl_sim.txt"
    [ "$mpl_ok" = 0 ] || echo "figures: $RESULTS/figs_csv, $RESULTS/figs_sim"
    fig_csv="$PYTHON $FIG --csv $csv_in --out $RESULTS/figs_csv"
    fig_sim="$PYTHON $FIG --simulate --out $RESULTS/figs_sim"
    if [ "$mpl_ok" = 0 ]; then
        :
    elif command -v hyperfine >/dev/null 2>&1; then
        hyperfine -N --warmup 1 --runs 5 --export-json "$RESULTS/hyperfine_mpl.json" \
            -n "matplotlib --csv" "$fig_csv" -n "scipy + matplotlib --simulate" "$fig_sim" \
            | sed '/^ *$/d'
        "$PYTHON" - "$RESULTS/hyperfine_mpl.json" >"$RESULTS/mpl_cli.txt" <<'EOF'
import json, sys
for mode, r in zip(("csv", "sim"), json.load(open(sys.argv[1]))["results"]):
    print(f"mpl_{mode}_wall_median_ms={1e3 * r['median']:.4f} mpl_{mode}_wall_min_ms={1e3 * r['min']:.4f} "
          f"mpl_{mode}_wall_runs={len(r['times'])} mpl_wall_tool=hyperfine")
EOF
    else
        echo "hyperfine not found: timing 5 runs of each with date +%s%N"
        for mode in csv sim; do
            cmd="$fig_csv"; [ "$mode" = sim ] && cmd="$fig_sim"
            : >"$RESULTS/mpl_${mode}_times.txt"
            for _ in $(seq 5); do
                a=$(date +%s%N); $cmd >/dev/null; b=$(date +%s%N)
                echo $(( b - a )) >>"$RESULTS/mpl_${mode}_times.txt"
            done
        done
        "$PYTHON" - "$RESULTS/mpl_csv_times.txt" "$RESULTS/mpl_sim_times.txt" >"$RESULTS/mpl_cli.txt" <<'EOF'
import statistics, sys
for mode, path in zip(("csv", "sim"), sys.argv[1:]):
    t = [int(x) / 1e6 for x in open(path)]
    print(f"{mode}: median {statistics.median(t):.1f} ms, min {min(t):.1f} ms of {len(t)} runs")
    print(f"mpl_{mode}_wall_median_ms={statistics.median(t):.4f} mpl_{mode}_wall_min_ms={min(t):.4f} "
          f"mpl_{mode}_wall_runs={len(t)} mpl_wall_tool=loop")
EOF
    fi
    show "$RESULTS/mpl_cli.txt"
fi

# --- 4. the whole CLI run ------------------------------------------------------
# Three whole processes: without figures (simulation and data files), with the
# matplotlib peer's figure set (phases and outcome, PNG + SVG: the same work
# as section 3b), and the default run with every default figure.
section "whole run: healsim run -o $RUN_OUT --quiet [--no-figures | --figures phases,outcome]"
cli_names=(nofig peerset default)
cli_cmds=("$HEALSIM run -o $RUN_OUT --quiet --no-figures"
          "$HEALSIM run -o $RUN_OUT --quiet --figures phases,outcome"
          "$HEALSIM run -o $RUN_OUT --quiet")
: >"$RESULTS/cli.txt"
for i in 0 1 2; do
    name=${cli_names[$i]} cmd=${cli_cmds[$i]}
    echo "$name: $cmd"
    if command -v hyperfine >/dev/null 2>&1; then
        hyperfine -N --warmup 3 --min-runs 30 --export-json "$RESULTS/hyperfine_$name.json" "$cmd" \
            | sed '/^ *$/d'
        "$PYTHON" - "$RESULTS/hyperfine_$name.json" "$name" >>"$RESULTS/cli.txt" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
n = sys.argv[2]
print(f"cli_{n}_median_ms={1e3 * r['median']:.4f} cli_{n}_min_ms={1e3 * r['min']:.4f} "
      f"cli_{n}_runs={len(r['times'])} cli_tool=hyperfine")
EOF
    else
        for _ in 1 2 3; do $cmd; done
        : >"$RESULTS/cli_times_$name.txt"
        for _ in $(seq 30); do
            a=$(date +%s%N); $cmd; b=$(date +%s%N)
            echo $(( b - a )) >>"$RESULTS/cli_times_$name.txt"
        done
        "$PYTHON" - "$RESULTS/cli_times_$name.txt" "$name" >>"$RESULTS/cli.txt" <<'EOF'
import statistics, sys
t = [int(x) / 1e6 for x in open(sys.argv[1])]
n = sys.argv[2]
print(f"  median {statistics.median(t):.1f} ms, min {min(t):.1f} ms of {len(t)} runs (date +%s%N loop)")
print(f"cli_{n}_median_ms={statistics.median(t):.4f} cli_{n}_min_ms={min(t):.4f} "
      f"cli_{n}_runs={len(t)} cli_tool=loop")
EOF
    fi
done
show "$RESULTS/cli.txt"

# --- 4b. each figure in each format, in-process ------------------------------
section "healsim_bench_figures: each figure and format, drawn and encoded in-process"
"$BENCH_FIGURES" --kv >"$RESULTS/figures.txt"
show "$RESULTS/figures.txt"

# --- 5. the table ---------------------------------------------------------------
section "summary ($(date +%F), $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1))"
RUN_OUT="$RUN_OUT" "$PYTHON" - "$RESULTS"/bench.txt "$RESULTS"/scipy.txt "$RESULTS"/cli.txt \
    "$RESULTS"/check.txt "$RESULTS"/mpl_csv.txt "$RESULTS"/mpl_sim.txt "$RESULTS"/mpl_cli.txt \
    "$RESULTS"/figures.txt <<'EOF'
import glob, os, re, sys
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
    (f"healsim run --no-figures, whole process ({kv.get('cli_tool', '?')})",
     f("cli_nofig_median_ms"), f("cli_nofig_min_ms")),
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
sim, cli = f("rows_median_us") / 1e3, f("cli_nofig_median_ms")
cli_default, cli_peer = f("cli_default_median_ms"), f("cli_peerset_median_ms")
print("targets: one simulation well under 1 ms: "
      f"{'met' if sim < 1 else 'NOT met'} ({sim:.3f} ms with {meth}, rows kept; "
      f"{f('best_stepper_us') / 1e3:.3f} ms with {best})")
print(f"         whole healsim run without figures under 20 ms: {'met' if cli < 20 else 'NOT met'} ({cli:.2f} ms)")
print(f"         whole healsim run with its default figures under 100 ms: "
      f"{'met' if cli_default < 100 else 'NOT met'} ({cli_default:.1f} ms)")
print(f"         >= 100x scipy in-process: {'met' if lsoda / sim >= 100 else 'NOT met'} "
      f"({lsoda / sim:.0f}x LSODA, {bdf / sim:.0f}x BDF with {meth}; "
      f"{lsoda / (f('best_stepper_us') / 1e3):.0f}x LSODA with {best})")
print(f"scipy vs healsim strength_pct at tight tolerances: max rel. deviation "
      f"{max(f('check_LSODA_max_rel_dev'), f('check_BDF_max_rel_dev')):.1e}")
print()
if "mpl_csv_wall_median_ms" not in kv and "mpl_csv_total_s" not in kv:
    print("matplotlib figure peer: skipped or failed (no timings)")
    sys.exit(0)
n_figs = len(glob.glob(os.path.join(os.environ.get("RUN_OUT", "/nonexistent"), "*.png"))
             + glob.glob(os.path.join(os.environ.get("RUN_OUT", "/nonexistent"), "*.svg")))
print(f"figures: matplotlib {kv.get('mpl_matplotlib_version', '?')} peer, 2 figures (phases, outcome) "
      f"x PNG + SVG = 4 files, 1600x1000 px; healsim with the same set: "
      f"healsim run --figures phases,outcome ({cli_peer:.1f} ms)")
ms = lambda k: 1e3 * f(k)  # the figure script reports seconds
hs = lambda *ks: sum(f(k) for k in ks)  # healsim_bench_figures reports ms
nan = float("nan")
rows = [  # (what, median ms, min ms, the healsim time it compares with)
    (f"matplotlib from the CSV, whole process ({kv.get('mpl_wall_tool', '?')})",
     f("mpl_csv_wall_median_ms"), f("mpl_csv_wall_min_ms"), cli_peer),
    (f"scipy + matplotlib --simulate, whole ({kv.get('mpl_wall_tool', '?')})",
     f("mpl_sim_wall_median_ms"), f("mpl_sim_wall_min_ms"), cli_peer),
    ("  phases: build + save PNG + save SVG (in-process)",
     ms("mpl_csv_phases_build_median_s") + ms("mpl_csv_phases_png_median_s")
     + ms("mpl_csv_phases_svg_median_s"), nan, hs("figure_phases_png_ms", "figure_phases_svg_ms")),
    ("  outcome: build + save PNG + save SVG (in-process)",
     ms("mpl_csv_outcome_build_median_s") + ms("mpl_csv_outcome_png_median_s")
     + ms("mpl_csv_outcome_svg_median_s"), nan, hs("figure_outcome_png_ms", "figure_outcome_svg_ms")),
    ("  --csv: interpreter start-up (single run)", ms("mpl_csv_startup_s"), nan, nan),
    ("  --csv: import numpy", ms("mpl_csv_import_numpy_s"), nan, nan),
    ("  --csv: import matplotlib + pyplot (Agg)", ms("mpl_csv_import_matplotlib_s"), nan, nan),
    ("  --csv: read timeseries.csv (csv module)", ms("mpl_csv_read_s"), nan, nan),
    ("  --simulate: import scipy_model (scipy)", ms("mpl_sim_import_scipy_model_s"), nan, nan),
    (f"  --simulate: solve ({kv.get('mpl_sim_reader', '?')}) + read-outs",
     ms("mpl_sim_simulate_s"), nan, nan),
]
print(f"{'wall time of':<56} {'median_ms':>9} {'min_ms':>8} {'healsim_ms':>10} {'ratio':>7}")
for name, med, mn, ref in rows:
    mns = f"{mn:8.1f}" if mn == mn else f"{'-':>8}"
    refs = f"{ref:10.1f}" if ref == ref else f"{'-':>10}"
    ratio = f"{med / ref:6.1f}x" if ref == ref else f"{'-':>7}"
    print(f"{name:<56} {med:>9.1f} {mns} {refs} {ratio}")
e2e = f("mpl_sim_wall_median_ms") / cli_peer
print(f"target: >= 10x the matplotlib path end to end: {'met' if e2e >= 10 else 'NOT met'} ({e2e:.1f}x)")
print("(the figure script's own times are from one process with --repeat 5: imports and "
      "read once, drawing medians of 5)")
EOF
echo
echo "raw outputs: $RESULTS"
exit "$check_rc"
