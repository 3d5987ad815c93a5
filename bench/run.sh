#!/usr/bin/env bash
# bench/run.sh — healsim's benchmark suite, start to finish (about 8 minutes;
# about one with BATCH=0 PEERS=0).
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
#   6. batch runs: `healsim sweep` of 100, 10 000 and 100 000 runs with --jobs 1
#      and 2 (runs/s, peak RSS via /usr/bin/time) against a Python loop of the
#      scipy model (bench/peers/scipy_sweep.py), and a table against the
#      targets (about 3.5 minutes; BATCH=0 skips it)
#   7. peers: the same scenario in R + deSolve (bench/peers/desolve_model.R)
#      and XPPAUT (bench/peers/healsim.ode, xppaut_run.sh) next to healsim and
#      scipy: agreement with a tight healsim run (PASS/FAIL), one simulation
#      in-process, whole "run + CSV" and "run + CSV + one PNG" processes, and a
#      1000-run sweep on one core; a table of ratios to healsim (about 3
#      minutes; PEERS=0 skips it; a tool not installed is skipped)
#
# Environment: BUILD_DIR (default <repo>/build; if configuring it fails, a
# private build in ${TMPDIR:-/tmp}/healsim-bench-build with tests off),
# PYTHON (default /usr/bin/python3, which has numpy and scipy), RUN_OUT
# (default /tmp/x), RESULTS (where the raw outputs go, default a temp dir),
# BATCH (0: skip section 6), BATCH_SIZES (default "100 10000 100000"),
# SCIPY_BATCH_N (runs of the scipy loop, default 100), PEERS (0: skip section
# 7), PEER_SWEEP_N (runs of each sweep in section 7, default 1000),
# XPP_SWEEP_N (XPPAUT processes of those, default 100), PEER_RUNS (timed
# whole processes per command in section 7, default 10).
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

# --- 6. batch runs: throughput and memory --------------------------------------
# `healsim sweep` over N values of tissue.turnover (0.2 .. 0.8), N = 100, 10 000
# and 100 000 ($BATCH_SIZES), with --jobs 1 and --jobs 2: whole processes, so
# start-up, writing sweep.csv and drawing the sweep figure are included.  Wall
# time from $EPOCHREALTIME, peak memory (max RSS) and CPU time from
# /usr/bin/time.  The peer: bench/peers/scipy_sweep.py, the same sweep as a
# Python loop of solve_ivp LSODA (summary outcomes only), timed for
# $SCIPY_BATCH_N runs on one core and extrapolated; its end strengths are
# checked run by run against the healsim sweep of the same values (the one of
# N = $SCIPY_BATCH_N, if that N is in $BATCH_SIZES).  About 3.5 minutes on 2
# cores, nearly all of it the 100 000-run sweeps.  BATCH=0 skips this section.
batch_rc=0
if [ "${BATCH:-1}" = 0 ]; then
    section "batch runs: skipped (BATCH=0)"
else
section "batch runs: healsim sweep --vary tissue.turnover=0.2:0.8:nN, --jobs 1 and 2; scipy loop"
TIMECMD=/usr/bin/time
if [ ! -x "$TIMECMD" ]; then
    echo "no /usr/bin/time (Debian package 'time': scripts/setup-debian.sh --bench): no peak memory"
    TIMECMD=""
fi
SCIPY_BATCH_N="${SCIPY_BATCH_N:-100}"
: >"$RESULTS/batch.txt"
# CPU seconds of the whole machine from /proc/stat: busy (user, nice, system,
# irq, softirq) and steal (taken by the hypervisor for other VMs).  Busy time
# less healsim's own is what other processes used during a measurement.
cpu_snapshot() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.2f %.2f\n", ($2 + $3 + $4 + $7 + $8) / hz, $9 / hz }' /proc/stat; }
batch_one() { # N JOBS REPEAT: time one sweep process, append key=value lines
    local n=$1 j=$2 rep=$3 out="$RESULTS/batch-$1-j$2" force=() rc=0 a b c0 c1
    [ "$n" -gt 100000 ] && force=(--force)
    rm -rf "$out"
    local cmd=("$HEALSIM" sweep --vary "tissue.turnover=0.2:0.8:n$n" --jobs "$j" -o "$out" -q "${force[@]}")
    c0=$(cpu_snapshot); a=$EPOCHREALTIME
    if [ -n "$TIMECMD" ]; then
        "$TIMECMD" -f "maxrss_kb=%M user_s=%U sys_s=%S" -o "$RESULTS/time-$n-j$j.txt" "${cmd[@]}" || rc=$?
    else
        "${cmd[@]}" || rc=$?; echo "maxrss_kb=nan user_s=nan sys_s=nan" >"$RESULTS/time-$n-j$j.txt"
    fi
    b=$EPOCHREALTIME; c1=$(cpu_snapshot)
    local rows; rows=$(( $(wc -l <"$out/sweep.csv" 2>/dev/null || echo 0) - 1 ))
    if [ "$rc" != 0 ] || [ "$rows" != "$n" ]; then
        echo "  N=$n --jobs $j: exit status $rc, $rows rows in sweep.csv (expected $n)"; batch_rc=1
    fi
    local wall; wall=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f", b - a }')
    local t; t=$(grep -o 'maxrss_kb=[^ ]* user_s=[^ ]* sys_s=[^ ]*' "$RESULTS/time-$n-j$j.txt" | tail -1)
    local other; other=$(awk -v c0="$c0" -v c1="$c1" -v t="$t" 'BEGIN {
        split(c0, x, " "); split(c1, y, " "); split(t, z, /[ =]/)
        o = y[1] - x[1] - z[4] - z[6]; if (o < 0) o = 0
        if (z[4] == "nan") printf "others_cpu_s=nan steal_s=%.2f", y[2] - x[2]  # own CPU unknown
        else printf "others_cpu_s=%.2f steal_s=%.2f", o, y[2] - x[2] }')
    echo "batch_n=$n jobs=$j rep=$rep wall_s=$wall $t $other" | tee -a "$RESULTS/batch.txt" \
        | awk '{ split($4, w, "="); split($2, j, "="); split($1, n, "=");
                 printf "  N=%-6s --jobs %s  %8.2f s  %9.0f runs/s  %s %s %s %s %s\n", n[2], j[2], w[2], n[2] / w[2], $5, $6, $7, $8, $9 }'
}
for n in ${BATCH_SIZES:-100 10000 100000}; do
    reps=1; [ "$n" -le 1000 ] && reps=3 # small batches: median of 3 (they last ~0.1 s)
    for j in 1 2; do
        for r in $(seq "$reps"); do batch_one "$n" "$j" "$r"; done
        [ "$n" = "$SCIPY_BATCH_N" ] && [ "$j" = 1 ] && continue # kept for the scipy check
        rm -rf "$RESULTS/batch-$n-j$j"
    done
done

echo "scipy loop: $SCIPY_BATCH_N runs of bench/peers/scipy_sweep.py (LSODA), the same turnover values"
check_csv=()
[ -f "$RESULTS/batch-$SCIPY_BATCH_N-j1/sweep.csv" ] && check_csv=(--check "$RESULTS/batch-$SCIPY_BATCH_N-j1/sweep.csv")
"$PYTHON" "$HERE/peers/scipy_sweep.py" --n "$SCIPY_BATCH_N" --vary turnover "${check_csv[@]}" --kv \
    >"$RESULTS/scipy_batch.txt" || batch_rc=$?
show "$RESULTS/scipy_batch.txt"
rm -rf "$RESULTS/batch-$SCIPY_BATCH_N-j1"

section "batch summary ($(date +%F), $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1))"
"$PYTHON" - "$RESULTS/batch.txt" "$RESULTS/scipy_batch.txt" <<'EOF' || batch_rc=1
import re, statistics, sys
runs = {}  # (n, jobs) -> list of dicts
for line in open(sys.argv[1]):
    kv = dict(re.findall(r"(\w+)=(\S+)", line))
    runs.setdefault((int(kv["batch_n"]), int(kv["jobs"])), []).append(kv)
scipy = {}
for line in open(sys.argv[2]):
    scipy.update(re.findall(r"(\w+)=(\S+)", line))
nan = float("nan")
sc = float(scipy.get("scipy_sweep_runs_per_s", nan))

def stat(n, j, key):
    """The median over the repeats of one (n, jobs)."""
    v = [float(r[key]) for r in runs.get((n, j), []) if r.get(key) not in (None, "nan")]
    return statistics.median(v) if v else nan

def rate(n, j):
    return n / stat(n, j, "wall_s")

def mb(kb):
    return f"{kb / 1024:.1f}" if kb == kb else "-"

sizes = sorted({n for n, _ in runs})
print(f"{'runs':>7} | {'runs/s':>8} {'runs/s':>8} {'2 vs 1':>6} | {'x scipy per core':>16} | "
      f"{'CPU ms/run':>10} {'CPU ms/run':>10} | {'peak RSS MB':>11} {'peak RSS MB':>11} | "
      f"{'others, cores':>13}")
print(f"{'':>7} | {'jobs 1':>8} {'jobs 2':>8} {'':>6} | {'jobs 1  jobs 2/2':>16} | "
      f"{'jobs 1':>10} {'jobs 2':>10} | {'jobs 1':>11} {'jobs 2':>11} | {'jobs 1/2':>13}")
for n in sizes:
    r1, r2 = rate(n, 1), rate(n, 2)
    cpu = lambda j: 1e3 * (stat(n, j, "user_s") + stat(n, j, "sys_s")) / n
    # cores used by other processes or stolen by the hypervisor while it ran
    busy = lambda j: (stat(n, j, "others_cpu_s") + stat(n, j, "steal_s")) / stat(n, j, "wall_s")
    print(f"{n:>7} | {r1:>8.0f} {r2:>8.0f} {r2 / r1:>5.2f}x | {r1 / sc:>6.0f}x {r2 / 2 / sc:>7.0f}x | "
          f"{cpu(1):>10.3f} {cpu(2):>10.3f} | {mb(stat(n, 1, 'maxrss_kb')):>11} "
          f"{mb(stat(n, 2, 'maxrss_kb')):>11} | {busy(1):>6.2f}/{busy(2):.2f}")
print("(medians of the repeats; 'others': CPU used by other processes plus hypervisor steal, "
      "in cores, during the measurement)")
print(f"scipy loop (solve_ivp {scipy.get('scipy_sweep_method', '?')}, one process): {sc:.1f} runs/s "
      f"({scipy.get('scipy_sweep_n', '?')} runs timed; 100000 runs would take {100000 / sc / 3600:.1f} h)")
if "scipy_sweep_check_max_rel_dev" in scipy:
    print(f"scipy vs healsim strength_end_pct, run by run: max rel. deviation "
          f"{float(scipy['scipy_sweep_check_max_rel_dev']):.1e} over {scipy['scipy_sweep_check_runs']} runs")
big, small = max(sizes), min(sizes)
per_core = rate(big, 1) / sc
scaling = rate(big, 2) / rate(big, 1)
rss = [stat(n, j, "maxrss_kb") for n in sizes for j in (1, 2)]
grow = max(stat(big, j, "maxrss_kb") / stat(small, j, "maxrss_kb") for j in (1, 2))
print()
print(f"targets: >= 100x the scipy loop per core ({big} runs, --jobs 1): "
      f"{'met' if per_core >= 100 else 'NOT met'} ({per_core:.0f}x)")
print(f"         near-linear scaling on 2 cores (--jobs 2 >= 1.8x --jobs 1 at {big} runs): "
      f"{'met' if scaling >= 1.8 else 'NOT met'} ({scaling:.2f}x)")
if grow == grow:
    print(f"         peak memory does not grow with the runs ({big} vs {small} runs within 10 %): "
          f"{'met' if grow <= 1.10 else 'NOT met'} "
          f"({mb(min(rss))}-{mb(max(rss))} MB; x{grow:.2f} from {small} to {big} runs)")
else:
    print("         peak memory does not grow with the runs: not measured (no /usr/bin/time)")
EOF
fi

# --- 7. peers: R deSolve and XPPAUT ----------------------------------------------
# The default scenario in the tools people use instead of healsim: R with
# deSolve (peers/desolve_model.R, lsoda) and XPPAUT (peers/healsim.ode through
# peers/xppaut_run.sh), next to healsim and the scipy peer.  Both peers are
# written from docs/MODEL.md and params/default.ini, not from the C code, so
# their agreement with healsim also checks the doc.  Per tool: agreement with
# `healsim run --rtol 1e-10 --atol 1e-13` (the run of section 3; limit 1e-5
# relative on strength_pct); one simulation in-process (healsim: section 2's
# healsim_bench rows/no_rows; scipy: section 3; R: timed in R; XPPAUT: whole
# processes only, so the CPU of a whole run less that of a start-up run);
# whole processes "run + CSV" and "run + CSV + one PNG" (median wall time of
# $PEER_RUNS after a warm-up, from $EPOCHREALTIME, and their mean CPU); and a sweep of $PEER_SWEEP_N runs over
# tissue.turnover 0.2..0.8 on one core (XPPAUT: $XPP_SWEEP_N processes of the
# same values, extrapolated), each peer's end strengths checked run by run
# against healsim's sweep.csv.  A tool that is not installed is skipped.
# About 3 minutes, most of it the scipy and R sweeps.  PEERS=0 skips it.
peer_rc=0
if [ "${PEERS:-1}" = 0 ]; then
    section "peers: R deSolve and XPPAUT: skipped (PEERS=0)"
else
section "peers: R deSolve and XPPAUT"
peers_t0=$EPOCHREALTIME
PEER_SWEEP_N="${PEER_SWEEP_N:-1000}"
XPP_SWEEP_N="${XPP_SWEEP_N:-100}"
PEER_RUNS="${PEER_RUNS:-10}"
PP="$RESULTS/peers"
mkdir -p "$PP"
: >"$PP/kv.txt"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
echo "peers_load_start=$(cut -d' ' -f1 /proc/loadavg)" >>"$PP/kv.txt"
have_r=0 have_xpp=0 have_mpl=0
if command -v Rscript >/dev/null 2>&1 \
    && Rscript -e 'quit(status = !requireNamespace("deSolve", quietly = TRUE))' >/dev/null 2>&1; then
    have_r=1
    echo "R: $(Rscript -e 'cat(R.version.string, ", deSolve ", format(packageVersion("deSolve")), sep = "")' 2>/dev/null)"
else
    echo "R deSolve: skipped (Rscript or the deSolve package not installed: apt-get install r-base-core r-cran-desolve)"
fi
if command -v xppaut >/dev/null 2>&1; then
    have_xpp=1
    echo "XPPAUT: $(dpkg-query -W -f='${Version}' xppaut 2>/dev/null || echo '?'), $(grep -o 'meth=[a-z0-9]*, toler=[^,]*, atoler=[^,]*' "$HERE/peers/healsim.ode")"
else
    echo "XPPAUT: skipped (xppaut not installed: apt-get install xppaut)"
fi
"$PYTHON" -c "import matplotlib" 2>/dev/null && have_mpl=1
echo "scipy: $("$PYTHON" -c 'import scipy, numpy; print("scipy", scipy.__version__, "numpy", numpy.__version__)' 2>/dev/null || echo 'not available')"

# agreement with healsim at tight tolerances (the CSV of section 3)
tight="$RESULTS/tight/timeseries.csv"
[ -f "$tight" ] || "$HEALSIM" run -o "$RESULTS/tight" --quiet --rtol 1e-10 --atol 1e-13 --no-figures
echo
echo "agreement with healsim run --rtol 1e-10 --atol 1e-13 (max relative deviation of strength_pct):"
show "$RESULTS/check.txt" | grep '^check ' | sed 's/^/  scipy: /' || true
if [ "$have_r" = 1 ]; then
    Rscript "$HERE/peers/desolve_model.R" --check "$tight" --kv >"$PP/check_r.txt" 2>&1 || peer_rc=1
    show "$PP/check_r.txt" | sed 's/^/  R: /'
fi
if [ "$have_xpp" = 1 ]; then
    "$HERE/peers/xppaut_run.sh" --check "$tight" --kv >"$PP/check_xpp.txt" 2>&1 || peer_rc=1
    show "$PP/check_xpp.txt" | sed 's/^/  XPPAUT: /'
fi

# one simulation in-process (R); XPPAUT's whole processes and start-up
if [ "$have_r" = 1 ]; then
    echo
    Rscript "$HERE/peers/desolve_model.R" --time --repeats 30 --kv >"$PP/time_r.txt" 2>&1 || peer_rc=1
    show "$PP/time_r.txt"
fi
if [ "$have_xpp" = 1 ]; then
    echo
    "$HERE/peers/xppaut_run.sh" --time 30 --kv >"$PP/time_xpp.txt" 2>&1 || peer_rc=1
    show "$PP/time_xpp.txt"
fi

# whole processes: run + CSV, run + CSV + one PNG
# CPU seconds (user + sys) of this shell's finished children so far, into
# variable $1 (`times` must run in this shell, not in a $(...) subshell)
peer_cpu() {
    times >"$PP/times.txt"
    printf -v "$1" '%s' "$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/)
        printf "%.4f", 60 * u[1] + u[2] + 60 * s[1] + s[2] }' "$PP/times.txt")"
}
peer_wall() { # NAME CMD...: one warm-up, then $PEER_RUNS timed runs; appends NAME_*=
    local name=$1 a b c0 c1 stamps=""; shift
    if ! "$@" >"$PP/wall_$name.log" 2>&1; then
        echo "  $name: failed: $* (see $PP/wall_$name.log)"; peer_rc=1; return 0
    fi
    peer_cpu c0
    for _ in $(seq "$PEER_RUNS"); do
        a=$EPOCHREALTIME; "$@" >/dev/null 2>&1; b=$EPOCHREALTIME
        stamps+="$a $b"$'\n'
    done
    peer_cpu c1
    printf '%s' "$stamps" | awk '{ printf "%.3f\n", 1e3 * ($2 - $1) }' | sort -g >"$PP/wall_$name.txt"
    awk -v n="$name" -v kv="$PP/kv.txt" -v c0="$c0" -v c1="$c1" '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        cpu = 1e3 * (c1 - c0) / NR
        printf "  %-12s median %9.1f ms   min %9.1f ms   CPU %8.1f ms a run   (%d runs)\n", n, m, v[1], cpu, NR
        printf "%s_wall_median_ms=%.3f %s_wall_min_ms=%.3f %s_cpu_ms=%.3f\n", n, m, n, v[1], n, cpu >> kv }' \
        "$PP/wall_$name.txt"
}
echo
echo "whole processes, wall time and CPU (user + sys; one warm-up, then $PEER_RUNS runs each):"
peer_wall healsim_csv "$HEALSIM" run -o "$PP/h_csv" --quiet --no-figures
peer_wall healsim_png "$HEALSIM" run -o "$PP/h_png" --quiet --figures phases --format png
peer_wall scipy_csv "$PYTHON" "$HERE/peers/scipy_run.py" --csv "$PP/scipy.csv"
if [ "$have_mpl" = 1 ]; then
    peer_wall scipy_png "$PYTHON" "$HERE/peers/scipy_run.py" --csv "$PP/scipy.csv" --png "$PP/scipy.png"
else
    echo "  scipy_png: skipped (no matplotlib for $PYTHON)"
fi
if [ "$have_r" = 1 ]; then
    peer_wall r_csv Rscript "$HERE/peers/desolve_model.R" --csv "$PP/r.csv"
    peer_wall r_png Rscript "$HERE/peers/desolve_model.R" --csv "$PP/r.csv" --png "$PP/r.png"
fi
[ "$have_xpp" = 0 ] || echo "  XPPAUT: from xppaut_run.sh --time above (xppaut + CSV; it draws no figures in batch mode)"

# sweeps on one core
echo
echo "sweeps of $PEER_SWEEP_N runs, tissue.turnover 0.2 .. 0.8, one core:"
: >"$PP/sweep_h.txt"
for _ in 1 2 3; do
    rm -rf "$PP/sweep"
    a=$EPOCHREALTIME
    "$HEALSIM" sweep --vary "tissue.turnover=0.2:0.8:n$PEER_SWEEP_N" --jobs 1 -o "$PP/sweep" -q || peer_rc=1
    b=$EPOCHREALTIME
    awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f\n", b - a }' >>"$PP/sweep_h.txt"
done
sort -g "$PP/sweep_h.txt" | awk -v n="$PEER_SWEEP_N" -v kv="$PP/kv.txt" 'NR == 2 {
    printf "  healsim sweep --jobs 1: %.2f s, %.0f runs/s (median of 3 whole processes, sweep.csv and figure included)\n", $1, n / $1
    printf "healsim_sweep_s=%.4f healsim_sweep_runs_per_s=%.4f\n", $1, n / $1 >> kv }'
"$PYTHON" "$HERE/peers/scipy_sweep.py" --n "$PEER_SWEEP_N" --check "$PP/sweep/sweep.csv" --kv \
    >"$PP/sweep_scipy.txt" 2>&1 || peer_rc=1
show "$PP/sweep_scipy.txt" | sed 's/^/  /'
if [ "$have_r" = 1 ]; then
    Rscript "$HERE/peers/desolve_model.R" --sweep "$PEER_SWEEP_N" --sweep-check "$PP/sweep/sweep.csv" --kv \
        >"$PP/sweep_r.txt" 2>&1 || peer_rc=1
    show "$PP/sweep_r.txt" | sed 's/^/  /'
fi
if [ "$have_xpp" = 1 ]; then
    "$HERE/peers/xppaut_run.sh" --sweep "$XPP_SWEEP_N" --sweep-of "$PEER_SWEEP_N" \
        --sweep-check "$PP/sweep/sweep.csv" --kv >"$PP/sweep_xpp.txt" 2>&1 || peer_rc=1
    show "$PP/sweep_xpp.txt" | sed 's/^/  /'
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); the section took $(awk -v a="$peers_t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s"
echo "peers_load_end=$(cut -d' ' -f1 /proc/loadavg)" >>"$PP/kv.txt"

section "peers summary ($(date +%F), $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1))"
PEER_SWEEP_N="$PEER_SWEEP_N" XPP_SWEEP_N="$XPP_SWEEP_N" "$PYTHON" - "$RESULTS/bench.txt" \
    "$RESULTS/scipy.txt" "$RESULTS/check.txt" "$PP"/*.txt <<'EOF' || peer_rc=1
import os, re, sys
kv = {}
for path in sys.argv[1:]:
    for line in open(path, errors="replace"):
        for k, v in re.findall(r"(\w+)=(\S+)", line):
            kv[k] = v
nan = float("nan")
f = lambda k: float(kv[k]) if k in kv else nan
ok = lambda x: x == x
N, NX = int(os.environ["PEER_SWEEP_N"]), int(os.environ["XPP_SWEEP_N"])

# agreement
print("agreement with healsim run --rtol 1e-10 --atol 1e-13, max relative deviation of strength_pct (limit 1e-5):")
agree = [("scipy solve_ivp LSODA / BDF", max(f("check_LSODA_max_rel_dev"), f("check_BDF_max_rel_dev")), ""),
         ("R deSolve lsoda (with and without Jacobian)", f("check_desolve_max_rel_dev"), ""),
         ("XPPAUT cvode", f("check_xppaut_max_rel_dev"), "(its output is single precision)")]
all_pass = True
for name, dev, note in agree:
    if not ok(dev):
        print(f"  {name:<44} {'-':>8}  not run"); continue
    p = dev <= 1e-5
    all_pass &= p
    print(f"  {name:<44} {dev:8.1e}  {'PASS' if p else 'FAIL'} {note}")
sweep_dev = [("scipy", f("scipy_sweep_check_max_rel_dev"), kv.get("scipy_sweep_check_runs")),
             ("R", f("desolve_sweep_check_max_rel_dev"), kv.get("desolve_sweep_check_runs")),
             ("XPPAUT", f("xpp_sweep_check_max_rel_dev"), kv.get("xpp_sweep_check_runs"))]
print("  sweep end strengths vs healsim's sweep.csv, run by run: "
      + ", ".join(f"{n} {d:.1e} ({r} runs)" for n, d, r in sweep_dev if ok(d)))

# R: the faster lsoda variant
r_name = min(("lsoda", "lsoda_jac"), key=lambda m: f(f"desolve_{m}_median_ms") if ok(f(f"desolve_{m}_median_ms")) else 1e99)
meth = kv.get("method", "?")
rows = [  # (what, unit, healsim, scipy, R, XPPAUT, note for XPPAUT)
    (f"one simulation in-process, 0.25-d grid (healsim: rows, {meth})", "ms",
     f("rows_median_us") / 1e3, f("scipy_LSODA_median_ms"), f(f"desolve_{r_name}_median_ms"),
     f("xpp_solve_est_cpu_ms"), "~"),
    ("one simulation in-process, summary only (healsim: no_rows) [1]", "ms",
     f("no_rows_median_us") / 1e3, f("scipy_sweep_median_ms"), f("desolve_sweep_median_ms"), nan, ""),
    ("run + CSV, whole process", "ms",
     f("healsim_csv_wall_median_ms"), f("scipy_csv_wall_median_ms"), f("r_csv_wall_median_ms"),
     f("xpp_csv_median_ms"), ""),
    ("run + CSV + one PNG figure, whole process", "ms",
     f("healsim_png_wall_median_ms"), f("scipy_png_wall_median_ms"), f("r_png_wall_median_ms"), nan, ""),
    ("  CPU (user + sys) of run + CSV", "ms",
     f("healsim_csv_cpu_ms"), f("scipy_csv_cpu_ms"), f("r_csv_cpu_ms"), f("xpp_csv_cpu_ms"), ""),
    ("  CPU (user + sys) of run + CSV + one PNG", "ms",
     f("healsim_png_cpu_ms"), f("scipy_png_cpu_ms"), f("r_png_cpu_ms"), nan, ""),
    (f"sweep of {N} runs, one core (XPPAUT: {NX} processes)", "runs/s",
     f("healsim_sweep_runs_per_s"), f("scipy_sweep_runs_per_s"), f("desolve_sweep_runs_per_s"),
     f("xpp_sweep_runs_per_s"), ""),
]

def cell(v, unit, ref, prefix=""):
    if not ok(v):
        return "n/a"
    s = f"{prefix}{v:.0f}/s" if unit == "runs/s" else (f"{prefix}{v:.2f} ms" if v < 10 else f"{prefix}{v:.0f} ms")
    if ref is None:
        return s
    ratio = ref / v if unit == "runs/s" else v / ref
    return f"{s} ({ratio:.1f}x)" if ratio < 10 else f"{s} ({ratio:.0f}x)"

print()
print("times (medians; ratios: the tool's time / healsim's, or healsim's runs/s / the tool's):")
w = 62
print(f"{'':<{w}} {'healsim':>10} {'scipy':>18} {'R deSolve':>18} {'XPPAUT':>18}")
fastest = True
for what, unit, h, s, r, x, xnote in rows:
    print(f"{what[:w]:<{w}} {cell(h, unit, None):>10} {cell(s, unit, h):>18} {cell(r, unit, h):>18} "
          f"{cell(x, unit, h, xnote):>18}")
    for v in (s, r, x):
        if ok(v) and ok(h) and "CPU" not in what:
            fastest &= (v < h) if unit == "runs/s" else (v > h)
if ok(f(f"desolve_{r_name}_median_ms")):
    print(f"R in-process: {r_name} (the faster of lsoda without and with the analytic Jacobian).")
if ok(f("xpp_run_cpu_ms")):
    print("XPPAUT has no in-process timing: ~ is the CPU of a whole run less that of a start-up run")
    print(f"({f('xpp_run_cpu_ms'):.1f} - {f('xpp_start_cpu_ms'):.1f} ms); it draws no figures in batch mode.")
print("[1] scipy and R: the median run of their sweep loops (no output grid, checkpoints only).")
print("The CPU rows are for reading the wall times on a busy machine; 'fastest' uses the wall times.")
print()
sc = f("scipy_LSODA_median_ms") / (f("rows_median_us") / 1e3)
sc_nr = f("scipy_sweep_median_ms") / (f("no_rows_median_us") / 1e3)
print(f"targets: healsim fastest in every row: {'met' if fastest else 'NOT met'}")
print(f"         >= 100x scipy in-process: {'met' if sc >= 100 else 'NOT met'} "
      f"({sc:.0f}x with the 0.25-d grid, {sc_nr:.0f}x summary only)")
not_run = [name.split()[0] for name, dev, _ in agree if not ok(dev)]
print(f"         all peers agree with healsim within 1e-5: {'met' if all_pass else 'NOT met'}"
      + (f" (not run: {', '.join(not_run)})" if not_run else ""))
sys.exit(0 if all_pass else 1)
EOF
fi

echo
echo "raw outputs: $RESULTS"
[ "$check_rc" != 0 ] || check_rc=$batch_rc
[ "$check_rc" != 0 ] || check_rc=$peer_rc
exit "$check_rc"
