#!/usr/bin/env bash
# sweep-interval.sh — which interval between sessions gives the strongest
# tissue after a year?
#
# A worked example of scripting healsim's batch commands from the shell:
#
#   1. one command runs the scenario eight times, once for every interval
#      between injection sessions from 1 to 8 weeks (everything else as in the
#      scenario: by default five sessions of 15 % dextrose, one year):
#          healsim sweep --vary schedule.interval=1:8:1 -o DIR -q
#   2. DIR/sweep.csv has one row per run; the script finds the columns by name
#      in the header (awk), so it keeps working if columns are added;
#   3. it prints the end strength for each interval and the best one:
#          best: every 1 week -> 70.3 % of healthy at 1 year
#
# The answer is a property of the model and its teaching parameters, not
# clinical advice (see docs/MODEL.md).
#
# Usage: examples/sweep-interval.sh [-o DIR] [FILE]
#   FILE    a parameter file (default: healsim's built-in default scenario)
#   -o DIR  keep the outputs (sweep.csv and the sweep figure) in DIR; without
#           it they go to a temporary folder that is removed at the end
# healsim is $HEALSIM if set, else `healsim` on PATH, else ../build/healsim
# next to this script.  Exit status 0 when a best interval was found, non-zero
# when healsim failed or sweep.csv is missing, empty or has no successful run.
set -euo pipefail

die() { echo "sweep-interval.sh: $*" >&2; exit 1; }

out="" file=()
while [ $# -gt 0 ]; do
    case "$1" in
        -o) [ $# -ge 2 ] || die "-o needs a folder"; out="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $1 (usage: sweep-interval.sh [-o DIR] [FILE])" ;;
        *) file=("$1"); shift ;;
    esac
done

# --- find healsim ---------------------------------------------------------------
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -n "${HEALSIM:-}" ]; then
    healsim="$HEALSIM"
elif command -v healsim >/dev/null 2>&1; then
    healsim="$(command -v healsim)"
else
    healsim="$here/../build/healsim"
fi
if [ ! -x "$healsim" ]; then
    if [ -n "${HEALSIM:-}" ]; then die "HEALSIM=$HEALSIM is not an executable"; fi
    die "healsim is not on PATH and $healsim does not exist; set HEALSIM=/path/to/healsim"
fi

if [ -z "$out" ]; then
    out="$(mktemp -d "${TMPDIR:-/tmp}/sweep-interval.XXXXXX")"
    trap 'rm -rf "$out"' EXIT
fi

# --- 1. the sweep -----------------------------------------------------------------
# Exit status 1 means some runs failed (their rows say why); the others are
# still in the file, so go on with those.  Anything else is an error.
rc=0
"$healsim" sweep "${file[@]}" --vary schedule.interval=1:8:1 -o "$out" -q || rc=$?
case $rc in
    0) ;;
    1) echo "note: some runs failed; see the status and message columns of $out/sweep.csv" >&2 ;;
    *) die "healsim sweep failed (exit status $rc)" ;;
esac

csv="$out/sweep.csv"
[ -f "$csv" ] || die "$csv is missing"
[ -s "$csv" ] || die "$csv is empty"
[ "$(wc -l <"$csv")" -ge 2 ] || die "$csv has a header but no runs"

# The unit of the interval and the simulated span, for the sentence (weeks and
# 365 days in the default; a FILE may change them).
read -r unit span < <("$healsim" params "${file[@]}" --resolved | awk -F' *= *' '
    /^\[/ { sec = $0; next }
    sec == "[schedule]" && $1 == "unit" { unit = $2 }
    sec == "[schedule]" && $1 == "span_days" { span = $2 }
    END { print (unit == "" ? "weeks" : unit), (span == "" ? "?" : span) }') || true
unit="${unit:-weeks}"
case "$span" in
    365) when="at 1 year" ;;
    730) when="at 2 years" ;;
    *) when="at day ${span:-?}" ;;
esac

# --- 2 and 3. read sweep.csv, print the table and the best ------------------------
# Columns by name.  Only the last column (message) can hold commas, so
# splitting on commas is safe for every column used here.
awk -F',' -v unit="$unit" -v when="$when" '
    NR == 1 {
        for (i = 1; i <= NF; i++) col[$i] = i
        if (!("schedule.interval" in col) || !("status" in col) || !("strength_end_pct" in col)) {
            print "sweep-interval.sh: sweep.csv lacks the expected columns" > "/dev/stderr"; bad = 1; exit 1
        }
        ci = col["schedule.interval"]; cs = col["status"]; ce = col["strength_end_pct"]
        printf "%-10s %-13s %s\n", "interval", "status", "strength at the end (% of healthy)"
        next
    }
    {
        rows++
        printf "%-10s %-13s %s\n", $ci " " (unit == "weeks" ? "wk" : "d"), $cs, ($cs == "ok" ? sprintf("%.1f", $ce) : "-")
        if ($cs != "ok") next
        ok++
        if (!found || $ce + 0 > best + 0) { found = 1; best = $ce; besti = $ci }
    }
    END {
        if (bad) exit 1
        if (!rows) { print "sweep-interval.sh: no runs in sweep.csv" > "/dev/stderr"; exit 1 }
        if (!found) { print "sweep-interval.sh: no run succeeded" > "/dev/stderr"; exit 1 }
        u = unit
        if (besti + 0 == 1) sub(/s$/, "", u)  # 1 week, 2 weeks
        printf "best: every %s %s -> %.1f %% of healthy %s (%d of %d runs ok)\n", besti, u, best, when, ok, rows
    }' "$csv"
