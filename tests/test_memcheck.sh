#!/usr/bin/env bash
# test_memcheck.sh — the healsim command under valgrind's memcheck: no
# invalid read or write, no use of uninitialised memory, no definite leak.
#
# Usage: test_memcheck.sh /path/to/healsim /path/to/source
#
# A representative set of commands — run (data only, every figure format,
# to stdout), plot, compare, params, sweep with --jobs 1 and 2 and
# --timeseries, shards and merge, population, and the error paths (an
# unknown key, a missing file, a bad file, a solver failure, an output
# folder that cannot be written, a bad --vary) — each runs under
#
#     valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
#
# and must exit with its own status (0, 1 or 2; valgrind's 99 means an
# error or a definite leak) and report "ERROR SUMMARY: 0 errors".  Figures
# are small (480 x 300 px at 72 dpi) to keep the time down.
# tests/valgrind.supp hides only the font caches fontconfig allocates for
# pango, which live until the process ends; healsim's own allocations are
# never suppressed.  Commands run two at a time (HEALSIM_MEMCHECK_JOBS);
# on a failure the valgrind log is printed.
set -u

# shellcheck source=cli_harness.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/cli_harness.sh"

VALGRIND=${VALGRIND:-valgrind} # CTest passes the one CMake found
if ! command -v "$VALGRIND" >/dev/null 2>&1; then
    echo "valgrind not found" >&2
    exit 2
fi
JOBS=${HEALSIM_MEMCHECK_JOBS:-2}
VG=("$VALGRIND" --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --num-callers=30 --suppressions="$SRC/tests/valgrind.supp")
FIGS=(--width 480 --height 300 --dpi 72)
SETFIGS=(--set figure.width=480 --set figure.height=300 --set figure.dpi=72)
mkdir -p "$T/logs"

# The cases: name, expected exit status, arguments.  Each runs in its own
# folder $T/NAME.
names=() expected=() args=()
add() { # name expected_rc healsim-args...
    names+=("$1")
    expected+=("$2")
    local a
    shift 2
    printf -v a '%q ' "$@"
    args+=("$a")
}

# Run case i under valgrind; its status goes to logs/NAME.rc.
run_case() { # i
    local i=$1 name=${names[$1]}
    mkdir -p "$T/$name"
    (
        cd "$T/$name" || exit 2
        eval "set -- ${args[$i]}"
        "${VG[@]}" --log-file="$T/logs/$name.vg" "$HEALSIM" "$@" >"$T/logs/$name.out" 2>"$T/logs/$name.err"
        echo $? >"$T/logs/$name.rc"
    )
}

# Run cases [first, last) JOBS at a time, then check each.
run_cases() { # first last
    local i running=0
    for ((i = $1; i < $2; i++)); do
        run_case "$i" &
        running=$((running + 1))
        if [ "$running" -ge "$JOBS" ]; then
            wait -n
            running=$((running - 1))
        fi
    done
    wait
    for ((i = $1; i < $2; i++)); do
        check_case "$i"
    done
}

check_case() { # i
    local name=${names[$1]} want=${expected[$1]} rc summary
    rc=$(cat "$T/logs/$name.rc" 2>/dev/null || echo "none")
    summary=$(grep -o 'ERROR SUMMARY: [0-9]* errors' "$T/logs/$name.vg" | tail -1)
    if [ "$rc" == "$want" ] && [ "$summary" == "ERROR SUMMARY: 0 errors" ]; then
        pass "$name: exit status $want, no memory error, no definite leak"
    else
        fail "$name (healsim ${args[$1]})" "exit status $want and ERROR SUMMARY: 0 errors" \
            "exit status $rc, ${summary:-no summary}"
        echo "------- stderr of healsim:"
        head -c 2000 "$T/logs/$name.err"
        echo "------- valgrind log (errors and definite leaks):"
        grep -v -E '^==[0-9]+== *(Memcheck|Copyright|Using Valgrind|Command|Parent PID)' "$T/logs/$name.vg" \
            | head -150
        echo "-------"
    fi
}

# ---- phase 1: commands that need nothing -------------------------------------

add run-data 0 run --no-figures -o out -q
add run-figures 0 run "${FIGS[@]}" --format png,svg,pdf -o out -q
add run-stdout 0 run "$SRC/params/knee-oa-rabago.ini" -o -
add run-treatments 0 run "$SRC/params/prolotherapy-nsaid.ini" --no-figures -o out -q
add run-steroid 0 run "$SRC/params/steroid-injection.ini" --method msbdf --no-figures -o out -q
add compare 0 compare "${FIGS[@]}" -o cmp -q
add params 0 params
add params-resolved 0 params --resolved "$SRC/params/ligament-prolotherapy.ini"
add params-markdown 0 params --markdown
add sweep-jobs1 0 sweep --vary schedule.interval=2:4:1 --jobs 1 "${SETFIGS[@]}" -o sw1 -q
add sweep-jobs2 0 sweep --vary schedule.interval=2:4:1 --vary schedule.count=3:4:1 --jobs 2 --timeseries \
    "${SETFIGS[@]}" -o sw2 -q
add sweep-json 0 sweep --vary tissue.turnover=0.2:0.8:n3 --table json --jobs 2 -o -
add sweep-shard1 0 sweep --vary schedule.interval=2:5:1 --shard 1/2 --jobs 2 -o shard1 -q
add sweep-shard2 0 sweep --vary schedule.interval=2:5:1 --shard 2/2 --jobs 1 -o shard2 -q
add population 0 population --n 5 --seed 7 --jobs 2 "${SETFIGS[@]}" -o pop -q
add sweep-some-fail 1 sweep --vary solver.max_steps=10,1000000 --jobs 2 -o - -q
# error paths
add bad-key 2 run --set schedule.intervall=2 -o out
add missing-file 2 run missing.ini -o out
add bad-value 2 run --set tissue.turnover=abc -o out
add bad-vary 2 sweep --vary schedule.interval=4:2:1 -o sw
add bad-labels 2 compare "$SRC/params/default.ini" "$SRC/params/older-patient.ini" --labels "one" -o cmp
add solver-fails 1 run --set solver.max_steps=10 -o out
add compare-solver-fails 1 compare "$SRC/params/default.ini" "$SRC/params/older-patient.ini" \
    --set solver.max_steps=10 -o cmp
add unknown-command 2 frobnicate
add plot-not-output 2 plot "$SRC/params"

# a bad parameter file and an output folder under a regular file
mkdir -p "$T/bad-file" "$T/unwritable"
printf '[schedule]\ninterval = 2x\n' >"$T/bad-file/bad.ini"
printf 'not a folder\n' >"$T/unwritable/somefile"
add bad-file 2 run bad.ini -o out
add unwritable 2 run --no-figures -o somefile/sub
phase1=${#names[@]}

start=$(date +%s)
run_cases 0 "$phase1"

# ---- phase 2: commands that read what phase 1 wrote ------------------------

add plot 0 plot "$T/run-data/out" "${FIGS[@]}" --format png,svg -q
add plot-other-folder 0 plot "$T/run-figures/out" "${FIGS[@]}" --theme dark -o redrawn -q
add merge 0 merge -o merged "$T/sweep-shard1/shard1" "$T/sweep-shard2/shard2" -q
add merge-missing-shard 2 merge -o merged "$T/sweep-shard2/shard2"
add run-resolved 0 run "$T/run-data/out/params.resolved.ini" --no-figures -o again -q
run_cases "$phase1" "${#names[@]}"
echo "# ${#names[@]} commands under valgrind in $(($(date +%s) - start)) s, $JOBS at a time"

# the commands did their work (not only ran clean)
check_file "run wrote timeseries.csv" "$T/run-data/out/timeseries.csv"
check_file "run drew the handout" "$T/run-figures/out/handout.pdf"
check_file "compare wrote compare.csv" "$T/compare/cmp/compare.csv"
check_file "sweep --jobs 2 wrote a time series per run" "$T/sweep-jobs2/sw2/runs/run-3.csv"
check_file "population drew its figure" "$T/population/pop/population.png"
check_file "plot redrew into another folder" "$T/plot-other-folder/redrawn/phases.svg"
check_same_file "merge joins the shards into the sweep a single run writes" \
    "$T/merge/merged/sweep.csv" <(cd "$T" && "$HEALSIM" sweep --vary schedule.interval=2:5:1 -o - 2>/dev/null)
check_same_file "a resolved file under valgrind repeats the run" \
    "$T/run-resolved/again/timeseries.csv" "$T/run-data/out/timeseries.csv"

summary
