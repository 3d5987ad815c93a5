#!/usr/bin/env bash
# test_kill.sh — an output folder is one transaction: healsim killed with
# SIGKILL at any moment leaves the folder as it was or complete, never a
# mix, and two commands writing one folder at once leave one whole set.
#
# Usage: test_kill.sh /path/to/healsim /path/to/source
#
# `healsim run -o D` and `healsim sweep ... -o D` are started again and again
# and killed with SIGKILL (no handler runs, no cleanup) after increasing
# delays, some timed from the moment the staging folder appears
# (.D.staging-PID beside D), so the kill lands while files are being
# written.  The run makes a 9.5 MB timeseries.csv (10 years at a 0.1-day
# step) so its write takes a while.  After each kill the whole tree of D
# must be absent, the old complete set, or the new complete set —
# byte-identical to a reference folder (sim/output_folder.c).  A kill may
# leave the killed process's staging folder beside D, nothing else; the
# next write beside it removes it, and leaves a live process's alone.
#
# HEALSIM_KILL_SEED fixes the random delays (default: a fixed seed);
# HEALSIM_KILL_ROUNDS the number of kills of a fresh run and of a sweep
# (default 10; half as many in the other cases).
set -u

# shellcheck source=cli_harness.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/cli_harness.sh"

RANDOM=${HEALSIM_KILL_SEED:-20240611}
ROUNDS=${HEALSIM_KILL_ROUNDS:-10}
HALF=$(((ROUNDS + 1) / 2))
echo "# seed ${HEALSIM_KILL_SEED:-20240611}, $ROUNDS kills of a run and of a sweep, $HALF in the other cases"

# Big, valid output: 36 500 rows (step 0.1 day over 3650 days).
BIG=(--set schedule.span_days=3650 --set output.step_days=0.1)
# Small figures, every format, so the figure files are in the set too.
SMALL_FIGS=(--set figure.dpi=72 --set figure.width=480 --set figure.height=300)
SWEEP=(sweep --vary schedule.interval=1:8:1 --vary schedule.count=3:6:1 --timeseries --jobs 2 -q
       "${SMALL_FIGS[@]}")

now() { echo "${EPOCHREALTIME/[.,]/}"; } # microseconds
staging_of() { echo "$(dirname "$1")/.$(basename "$1").staging-$2"; }

# Start healsim in the background (PID in $PID), wait until its staging
# folder beside $1 appears (or it exits), sleep $2 seconds and SIGKILL it.
# Sets KRC (137 killed, else healsim's status) and WRITING (1 if the
# staging folder was there right before the kill).
kill_while_writing() { # dir delay healsim-args...
    local dir=$1 delay=$2
    shift 2
    "$HEALSIM" "$@" >/dev/null 2>"$CAP/killed.err" &
    PID=$!
    until [ -d "$(staging_of "$dir" "$PID")" ] || ! kill -0 "$PID" 2>/dev/null; do :; done
    sleep "$delay"
    WRITING=0
    [ -d "$(staging_of "$dir" "$PID")" ] && WRITING=1
    kill -KILL "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
    KRC=$?
}

# The same, timed from the start instead.
kill_after() { # delay healsim-args...
    local delay=$1
    shift
    "$HEALSIM" "$@" >/dev/null 2>"$CAP/killed.err" &
    PID=$!
    sleep "$delay"
    kill -KILL "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
    KRC=$?
}

# What folder $1 is after a kill: "absent", "old", "new" (the whole tree
# equal to reference $2 or $3), or "MIXED". Also lists anything beside the
# folder other than the killed process's staging folder.
state_of() { # dir old-ref new-ref
    local dir=$1 state
    if [ ! -e "$dir" ]; then
        state=absent
    elif [ "$(tree_state "$dir")" == "$(tree_state "$3")" ]; then
        state=new
    elif [ -n "$2" ] && [ "$(tree_state "$dir")" == "$(tree_state "$2")" ]; then
        state=old
    else
        state=MIXED
    fi
    local beside
    beside=$(cd "$(dirname "$dir")" && find . -maxdepth 1 -name ".$(basename "$dir").*" ! -name ".$(basename "$dir").staging-$PID")
    [ -n "$beside" ] && state+=" and left $beside"
    echo "$state"
}

# Delay i of n: from 0 to 0.9 x the window, increasing.
delay_of() { # i n window_us
    local us=$(($3 * 9 * ($1 - 1) / (10 * $2) + RANDOM % 2000))
    printf '%d.%06d' $((us / 1000000)) $((us % 1000000))
}

# Kill healsim `rounds` times writing into fresh copies of `prev` (or into a
# fresh folder if prev is empty) and check each folder's state.
kill_rounds() { # what rounds prev ref window args...
    local what=$1 rounds=$2 prev=$3 ref=$4 window=$5 i d state problems="" counts=""
    shift 5
    declare -A seen=()
    local writing=0
    for i in $(seq 1 "$rounds"); do
        d="$T/$what-$i"
        [ -n "$prev" ] && cp -r "$prev" "$d"
        if [ $((i % 2)) -eq 0 ]; then
            kill_while_writing "$d" "$(delay_of "$i" "$rounds" "$window")" "$@" -o "$d"
        else
            kill_after "$(delay_of "$i" "$rounds" "$window")" "$@" -o "$d"
            WRITING=0
        fi
        [ "$KRC" -eq 137 ] && [ "$WRITING" -eq 1 ] && writing=$((writing + 1))
        if [ "$KRC" -ne 137 ] && [ "$KRC" -ne 0 ]; then
            problems+="kill $i: healsim exited $KRC: $(head -c 300 "$CAP/killed.err")"$'\n'
        fi
        state=$(state_of "$d" "$prev" "$ref")
        case "$state" in
            absent|old|new) seen[$state]=$((${seen[$state]:-0} + 1)) ;;
            *) problems+="kill $i (status $KRC): the folder is $state"$'\n' ;;
        esac
    done
    for state in absent old new; do counts+=" $state ${seen[$state]:-0}"; done
    check_eq "$what: after every kill the folder is absent, the old set or the new set, whole" "" "$problems"
    echo "#    $what:$counts; $writing kills landed while the staging folder was being written"
    WRITING_KILLS=$writing
}

# ---- references ----------------------------------------------------------

mkdir -p "$T/ref"
RUN=(run "${BIG[@]}" "${SMALL_FIGS[@]}" --format "png,svg,pdf" -q)
RUN_NOFIG=(run "${BIG[@]}" --no-figures -q)
t0=$(now)
hs "${RUN_NOFIG[@]}" -o "$T/ref/run-nofig"
t1=$(now)
check_rc "reference run (10 years, 0.1-day step, no figures)" 0
hs "${RUN[@]}" -o "$T/ref/run"
check_rc "reference run with every figure in every format" 0
hs "${RUN_NOFIG[@]}" --set schedule.interval=3 -o "$T/ref/run-prev"
check_rc "reference run, 3-week interval (the previous output)" 0
t2=$(now)
hs "${SWEEP[@]}" -o "$T/ref/sweep"
t3=$(now)
check_rc "reference sweep (32 runs, --timeseries, --jobs 2)" 0
hs "${SWEEP[@]}" --set schedule.volume_ml=3 -o "$T/ref/sweep-prev"
check_rc "reference sweep, 3 mL (the previous output)" 0
check_eq "reference run writes timeseries.csv, phases.csv, summary.json, params.resolved.ini" \
    "params.resolved.ini phases.csv summary.json timeseries.csv" "$(cd "$T/ref/run-nofig" && echo *)"
check_eq "a finished write leaves nothing beside its folder" "" \
    "$(cd "$T/ref" && find . -maxdepth 1 -name '.*' ! -name .)"
RUN_US=$((t1 - t0))
SWEEP_US=$((t3 - t2))
echo "# an uninterrupted run takes $((RUN_US / 1000)) ms, a sweep $((SWEEP_US / 1000)) ms"

# ---- kills ---------------------------------------------------------------------

kill_rounds run "$ROUNDS" "" "$T/ref/run-nofig" "$RUN_US" "${RUN_NOFIG[@]}"
if [ "$WRITING_KILLS" -ge 1 ]; then
    pass "run: at least one kill landed while the folder was being written ($WRITING_KILLS)"
else
    fail "run: at least one kill lands while the folder is being written" ">= 1" "$WRITING_KILLS"
fi
kill_rounds run-figures "$HALF" "" "$T/ref/run" "$RUN_US" "${RUN[@]}"
kill_rounds run-again "$HALF" "$T/ref/run-prev" "$T/ref/run-nofig" "$RUN_US" "${RUN_NOFIG[@]}"
kill_rounds sweep "$ROUNDS" "" "$T/ref/sweep" "$SWEEP_US" "${SWEEP[@]}"
kill_rounds sweep-again "$HALF" "$T/ref/sweep-prev" "$T/ref/sweep" "$SWEEP_US" "${SWEEP[@]}"

# ---- the next write cleans up after a killed one ---------------------------

d="$T/clean"
kill_while_writing "$d" 0.05 "${RUN_NOFIG[@]}" -o "$d"
killed=$PID
hs "${RUN_NOFIG[@]}" -o "$d"
check_rc "a run beside the staging folder a killed run left" 0
check_eq "... removes it and writes the complete set" "$(tree_state "$T/ref/run-nofig")" "$(tree_state "$d")"
check_absent "... no staging folder of the killed process is left" "$(staging_of "$d" "$killed")"
# a live process's staging folder is left alone
sleep 30 &
live=$!
mkdir "$(staging_of "$d" "$live")"
hs "${RUN_NOFIG[@]}" -o "$d"
check_rc "a run beside the staging folder of a process that still runs" 0
check_eq "... leaves that folder alone" "kept" "$([ -d "$(staging_of "$d" "$live")" ] && echo kept)"
kill "$live" 2>/dev/null
wait "$live" 2>/dev/null
rmdir "$(staging_of "$d" "$live")"

# ---- a folder holding what healsim did not write is refused, untouched ------

d="$T/users"
cp -r "$T/ref/run-prev" "$d"
echo "a file of the user's" >"$d/notes.txt"
before=$(tree_state "$d")
hs "${RUN_NOFIG[@]}" -o "$d"
check_rc "a run into a folder that holds a user's file" 2
check_contains "... says which file and why" "$(stderr_text)" "holds 'notes.txt', which healsim did not write"
check_eq "... and leaves the folder as it was" "$before" "$(tree_state "$d")"
mkdir -p "$T/inside"
(cd "$T/inside" && "$HEALSIM" "${RUN_NOFIG[@]}" -o . >"$CAP/out" 2>"$CAP/err")
RC=$?
check_rc "-o . (the current folder) is refused" 2
(cd "$T/inside" && "$HEALSIM" "${RUN_NOFIG[@]}" -o "$T/inside" >"$CAP/out" 2>"$CAP/err")
RC=$?
check_rc "-o naming the current folder by its path is refused" 2
check_contains "... saying why" "$(stderr_text)" "cannot be the current folder"

# ---- two commands writing one folder at once: one whole set wins ------------

problems="" wins=""
for i in $(seq 1 "$HALF"); do
    d="$T/race-$i"
    "$HEALSIM" "${RUN_NOFIG[@]}" -o "$d" >/dev/null 2>"$CAP/a.err" &
    a=$!
    "$HEALSIM" "${RUN_NOFIG[@]}" --set schedule.interval=3 -o "$d" >/dev/null 2>"$CAP/b.err" &
    b=$!
    wait "$a"
    ra=$?
    wait "$b"
    rb=$?
    [ "$ra" -eq 0 ] && [ "$rb" -eq 0 ] || problems+="round $i: exit $ra and $rb"$'\n'
    PID=0
    state=$(state_of "$d" "$T/ref/run-prev" "$T/ref/run-nofig")
    case "$state" in
        old) wins+=" 3-weekly" ;;
        new) wins+=" 4-weekly" ;;
        *) problems+="round $i: the folder is $state"$'\n' ;;
    esac
done
check_eq "concurrent writers: the folder is always one whole set" "" "$problems"
echo "#    the whole set that won, round by round:$wins"

summary
