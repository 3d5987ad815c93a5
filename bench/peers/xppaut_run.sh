#!/usr/bin/env bash
# xppaut_run.sh -- run the XPPAUT peer (bench/peers/healsim.ode) in batch mode,
# turn its output into CSV, time it and check it against healsim.
#
#   xppaut_run.sh [--csv OUT]                 one run; OUT: time_days and the 11
#                                             states with healsim's column names
#   xppaut_run.sh --time N                    N whole processes (wall median and
#                                             min, mean CPU): xppaut alone,
#                                             xppaut + CSV, and
#                                             a start-up run (total=0.25) whose
#                                             difference from a whole run
#                                             estimates the solve itself
#   xppaut_run.sh --check timeseries.csv      max relative deviation of
#                                             strength_pct from a healsim CSV
#                                             (exit 1 above --check-tol, 1e-5)
#   xppaut_run.sh --sweep N [--sweep-of M] [--sweep-check sweep.csv]
#                 N processes, tissue.turnover taken evenly from the M values
#                 of `healsim sweep --vary tissue.turnover=0.2:0.8:nM`
#                 (M = N by default), one -parfile each; runs/s, and with
#                 --sweep-check the end strengths against that sweep's rows
#   --kv        key=value lines for bench/run.sh;  --ode FILE  another .ode
#
# XPPAUT has no in-process timing and no library interface: whole processes
# are all it has.  It stores results as single-precision floats, so its
# output is good to ~6e-8 relative at best.  Before running, the script checks
# that every "#ini section.key" parameter of the .ode equals params/default.ini
# and that its initial B, D and S are what the file implies.  Needs xppaut
# (Debian: xppaut) and awk.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ODE="$HERE/healsim.ode"
INI="$ROOT/params/default.ini"
mode=run csv_out="" n_time=0 check_csv="" check_tol=1e-5 n_sweep=0 sweep_of=0 sweep_check="" kv=0
while [ $# -gt 0 ]; do
    case "$1" in
        --csv) csv_out=$2; shift ;;
        --time) mode=time; n_time=$2; shift ;;
        --check) mode=check; check_csv=$2; shift ;;
        --check-tol) check_tol=$2; shift ;;
        --sweep) mode=sweep; n_sweep=$2; shift ;;
        --sweep-of) sweep_of=$2; shift ;;
        --sweep-check) sweep_check=$2; shift ;;
        --ode) ODE=$2; shift ;;
        --kv) kv=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "xppaut_run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
command -v xppaut >/dev/null || { echo "xppaut_run.sh: xppaut not installed" >&2; exit 3; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/xppaut-peer.XXXXXX")"
[ -n "${XPP_KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT
cp "$ODE" "$WORK/healsim.ode"
cd "$WORK" # xppaut may write next to the .ode

# --- the .ode against params/default.ini -------------------------------------------
# ini_value SECTION.KEY: the value in default.ini (comments after " ;" dropped)
ini_value() {
    awk -v want="$1" '
        /^[[:space:]]*[#;]/ { next }
        /^\[/ { sec = $0; gsub(/[][[:space:]]/, "", sec); next }
        index($0, "=") {
            line = $0; sub(/[ \t];.*$/, "", line)
            key = substr(line, 1, index(line, "=") - 1); gsub(/[[:space:]]/, "", key)
            val = substr(line, index(line, "=") + 1); gsub(/^[[:space:]]+|[[:space:]]+$/, "", val)
            if (sec "." key == want) { print val; exit }
        }' "$INI"
}
mismatch=0
while read -r key name value; do
    want=$(ini_value "$key")
    if [ -z "$want" ] || ! awk -v a="$value" -v b="$want" 'BEGIN { exit !(a + 0 == b + 0) }'; then
        echo "healsim.ode: par $name = $value, but $key = ${want:-(missing)} in $INI" >&2
        mismatch=1
    fi
done < <(awk '/^#ini / { key = $2; next }
              key != "" && /^par / { split(substr($0, 5), kv, "="); print key, kv[1], kv[2]; key = "" }' healsim.ode)
init_line=$(grep '^init ' healsim.ode)
init_of() { sed -n "s/.*[ ,]$1=\([^,]*\).*/\1/p" <<<"$init_line"; }
[ "$(ini_value schedule.start)" = 0 ] || { echo "healsim.ode assumes schedule.start = 0" >&2; mismatch=1; }
[ "$(ini_value schedule.unit)" = weeks ] || { echo "healsim.ode assumes schedule.unit = weeks" >&2; mismatch=1; }
injury=$(awk -v n="$(ini_value injection.needle_injury)" -v p="$(ini_value injection.irritant_injury_per_pct_ml)" \
    -v c="$(ini_value schedule.concentration_pct)" -v v="$(ini_value schedule.volume_ml)" \
    -v i0="$(ini_value tissue.initial_injury)" 'BEGIN { printf "%.12g", i0 + n + p * c * v }')
for var in b d; do
    awk -v a="$(init_of $var)" -v b="$injury" 'BEGIN { exit !(a - b < 1e-12 && b - a < 1e-12) }' \
        || { echo "healsim.ode: init $var = $(init_of $var), the file implies $injury" >&2; mismatch=1; }
done
awk -v a="$(init_of s)" -v b="$(ini_value tissue.initial_strength_pct)" 'BEGIN { exit !(a + 0 == b + 0) }' \
    || { echo "healsim.ode: init s = $(init_of s), the file has tissue.initial_strength_pct = $(ini_value tissue.initial_strength_pct)" >&2; mismatch=1; }
[ "$mismatch" = 0 ] || exit 1

# --- running it --------------------------------------------------------------------------
xpp() { # [PARFILE]: one batch run into $WORK/output.dat
    if [ $# -gt 0 ]; then
        xppaut healsim.ode -silent -quiet 1 -outfile "$WORK/output.dat" -parfile "$1" >/dev/null 2>&1
    else
        xppaut healsim.ode -silent -quiet 1 -outfile "$WORK/output.dat" >/dev/null 2>&1
    fi
    [ -s "$WORK/output.dat" ] || { echo "xppaut produced no output" >&2; return 1; }
}
to_csv() { # output.dat (t, 11 states, the counter k) -> CSV
    awk 'BEGIN { OFS = ","; print "time_days,bleeding,platelets,debris,neutrophils,inflammatory_macrophages,repair_macrophages,tgf_beta,fibroblasts,collagen_iii,collagen_i,strength_pct" }
         { $1 = $1; NF = 12; print }' "$WORK/output.dat" >"$1"
}
# CPU seconds (user + sys) used so far by this shell's finished children, into
# variable $1 (`times` must run in this shell, not in a $(...) subshell)
child_cpu() {
    times >"$WORK/times"
    printf -v "$1" '%s' "$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.4f", 60 * u[1] + u[2] + 60 * s[1] + s[2] }' "$WORK/times")"
}
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", 1e3 * (b - a) }'; }
stats() { sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f %.3f\n", m, v[1] }'; }
version=$(dpkg-query -W -f='XPPAUT ${Version}' xppaut 2>/dev/null || echo "XPPAUT")
# one run under a time limit first: xppaut spins forever instead of failing on
# some bad input (a missing .ode file, for one), and the timed runs below go
# without `timeout`, which would add its own process to every measurement
if command -v timeout >/dev/null 2>&1; then
    timeout 60 xppaut healsim.ode -silent -quiet 1 -outfile "$WORK/output.dat" >/dev/null 2>&1 \
        || { echo "xppaut failed or took over 60 s on $ODE" >&2; exit 1; }
fi
method=$(grep -o 'meth=[a-z0-9]*' healsim.ode | head -1); tols=$(grep -o 'toler=[^,]*, atoler=[^,]*' healsim.ode | head -1)

case "$mode" in
run)
    xpp
    if [ -n "$csv_out" ]; then to_csv "$csv_out"; fi
    tail -1 "$WORK/output.dat" | awk '{ printf "strength at day %g: %.8g\n", $1, $12 }'
    ;;
time)
    # start-up: the same file integrated for one output step only; the
    # difference from a whole run estimates the solve and the output
    sed 's/total=[0-9.e+-]*/total=0.25/' healsim.ode >start.ode
    xpp_start() { xppaut start.ode -silent -quiet 1 -outfile "$WORK/start.dat" >/dev/null 2>&1; }
    xpp_csv() { xpp && to_csv "$WORK/out.csv"; }
    xpp; xpp # warm-up (page cache)
    for what in run csv start; do # wall time of each, and CPU (user + sys) of all
        case $what in run) cmd=xpp ;; csv) cmd=xpp_csv ;; start) cmd=xpp_start ;; esac
        : >"$WORK/t_$what"
        child_cpu c0
        for _ in $(seq "$n_time"); do
            a=$EPOCHREALTIME; $cmd; b=$EPOCHREALTIME
            ms "$a" "$b" >>"$WORK/t_$what"; echo >>"$WORK/t_$what"
        done
        child_cpu c1
        awk -v a="$c0" -v b="$c1" -v n="$n_time" 'BEGIN { printf "%.3f\n", 1e3 * (b - a) / n }' >"$WORK/c_$what"
    done
    read -r run_med run_min < <(stats <"$WORK/t_run")
    read -r csv_med csv_min < <(stats <"$WORK/t_csv")
    read -r start_med start_min < <(stats <"$WORK/t_start")
    run_cpu=$(cat "$WORK/c_run") csv_cpu=$(cat "$WORK/c_csv") start_cpu=$(cat "$WORK/c_start")
    solve=$(awk -v a="$run_med" -v b="$start_med" 'BEGIN { printf "%.3f", a - b }')
    solve_cpu=$(awk -v a="$run_cpu" -v b="$start_cpu" 'BEGIN { printf "%.3f", a - b }')
    echo "$version ($method, $tols, output every 0.25 d), whole processes, $n_time runs each:"
    echo "  xppaut -silent:            median $run_med ms, min $run_min ms; CPU $run_cpu ms a run"
    echo "  xppaut -silent + CSV:      median $csv_med ms, min $csv_min ms; CPU $csv_cpu ms a run"
    echo "  start-up (total=0.25):     median $start_med ms, min $start_min ms; CPU $start_cpu ms a run"
    echo "  => solve + output about $solve ms (difference of the medians; $solve_cpu ms of CPU)"
    [ "$kv" = 0 ] || echo "xpp_run_median_ms=$run_med xpp_run_min_ms=$run_min xpp_csv_median_ms=$csv_med xpp_csv_min_ms=$csv_min xpp_start_median_ms=$start_med xpp_solve_est_ms=$solve xpp_run_cpu_ms=$run_cpu xpp_csv_cpu_ms=$csv_cpu xpp_start_cpu_ms=$start_cpu xpp_solve_est_cpu_ms=$solve_cpu xpp_runs=$n_time xpp_version=${version// /_}"
    ;;
check)
    xpp
    # healsim writes two rows at an injection (before, after); strength is
    # continuous, so the first row at each time is the one compared
    awk -v tol="$check_tol" -v name="$(basename "$check_csv")" -v kv="$kv" '
        FNR == 1 && NR == 1 { for (i = 1; i <= NF; i++) if ($i == "strength_pct") col = i; FS = ","; next }
        NR == FNR { split($0, f, ","); k = sprintf("%.6f", f[1]); if (!(k in h)) h[k] = f[col]; last = f[col]; next }
        { k = sprintf("%.6f", $1); if (!(k in h)) { missing++; next }
          d = ($12 - h[k]) / h[k]; if (d < 0) d = -d; n++
          if (d > worst) { worst = d; wt = $1; wx = $12; wh = h[k] }
          end_x = $12; end_t = $1 }
        END {
            printf "xppaut vs %s: max rel. deviation of strength_pct %.2e over %d rows (at t = %g d: xppaut %.8g, healsim %.9g); strength at day %g: xppaut %.8g, healsim %.9g\n", name, worst, n, wt, wx, wh, end_t, end_x, last
            if (missing) printf "note: %d xppaut rows have no healsim row at the same time\n", missing
            ok = (n > 1000 && worst <= tol)
            printf "check %s: max rel. deviation %.2e %s %g\n", ok ? "PASSED" : "FAILED", worst, ok ? "<=" : ">", tol
            if (kv) printf "check_xppaut_max_rel_dev=%.3e check_xppaut_rows=%d\n", worst, n
            exit !ok
        }' FS=, "$check_csv" FS=' ' "$WORK/output.dat"
    ;;
sweep)
    [ "$sweep_of" -gt 0 ] || sweep_of=$n_sweep
    [ "$n_sweep" -ge 1 ] && [ "$n_sweep" -le "$sweep_of" ] || { echo "--sweep N needs 1 <= N <= --sweep-of M" >&2; exit 2; }
    # a full parameter file (XPPAUT's -parfile wants every parameter, in order)
    awk '/^par / { split(substr($0, 5), kv, "="); n++; name[n] = kv[1]; val[n] = kv[2] }
         END { print n " Number params"; for (i = 1; i <= n; i++) print val[i], name[i] }' healsim.ode >"$WORK/base.par"
    grep -q ' turn$' "$WORK/base.par" || { echo "no par turn in the .ode" >&2; exit 1; }
    : >"$WORK/ends"
    xpp # warm-up
    t0=$EPOCHREALTIME
    for j in $(seq 0 $((n_sweep - 1))); do
        # run index i of the M-value grid, evenly spread over it
        i=$(( n_sweep > 1 ? (j * (sweep_of - 1) + (n_sweep - 1) / 2) / (n_sweep - 1) : 0 ))
        v=$(awk -v i="$i" -v m="$sweep_of" 'BEGIN { printf "%.17g", (m > 1 ? 0.2 + 0.6 * i / (m - 1) : 0.2) }')
        awk -v v="$v" '$2 == "turn" { $1 = v } { print }' "$WORK/base.par" >"$WORK/run.par"
        xpp "$WORK/run.par"
        echo "$i $v $(tail -1 "$WORK/output.dat" | awk '{ print $12 }')" >>"$WORK/ends"
    done
    t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" -v n="$n_sweep" -v m="$sweep_of" -v ver="$version" -v kv="$kv" '
        { if (NR == 1 || $3 < lo) lo = $3; if (NR == 1 || $3 > hi) hi = $3 }
        END { s = b - a
              printf "%s, %d processes (turnover from the %d-value grid 0.2 .. 0.8): %.2f s, %.1f runs/s, %.1f ms a run; strength_end %.3f .. %.3f %%\n", ver, n, m, s, n / s, 1e3 * s / n, lo, hi
              if (kv) printf "xpp_sweep_n=%d xpp_sweep_total_s=%.4f xpp_sweep_runs_per_s=%.4f\n", n, s, n / s }' "$WORK/ends"
    if [ -n "$sweep_check" ]; then
        awk -v kv="$kv" -v name="$(basename "$sweep_check")" '
            NR == FNR { if (FNR == 1) { for (c = 1; c <= NF; c++) { if ($c == "tissue.turnover") ct = c; if ($c == "strength_end_pct") cs = c; if ($c == "status") cst = c }; next }
                        h[FNR - 2] = $cs; hv[FNR - 2] = $ct; st[FNR - 2] = $cst; next }
            { i = $1; if (!(i in h) || st[i] != "ok" || (hv[i] - $2 > 1e-9 || $2 - hv[i] > 1e-9)) { bad++; next }
              d = ($3 - h[i]) / h[i]; if (d < 0) d = -d; n++; if (d > worst) { worst = d; wi = i } }
            END { ok = (bad == 0 && n > 0 && worst <= 1e-4)
                  printf "sweep check %s: strength_end_pct of %d runs, max rel. deviation from %s %.1e%s\n", ok ? "PASSED" : "FAILED", n, name, worst, bad ? " (" bad " runs not matched)" : ""
                  if (kv) printf "xpp_sweep_check_max_rel_dev=%.3e xpp_sweep_check_runs=%d\n", worst, n
                  exit !ok }' FS=, "$sweep_check" FS=' ' "$WORK/ends"
    fi
    ;;
esac
