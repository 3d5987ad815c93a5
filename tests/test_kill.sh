#!/usr/bin/env bash
# test_kill.sh — "nothing lost": healsim killed with SIGKILL at any moment
# never leaves a truncated or wrong file under its final name.
#
# Usage: test_kill.sh /path/to/healsim /path/to/source
#
# `healsim run -o D` and `healsim sweep ... -o D` are started again and again
# and killed with SIGKILL (no handler runs, no cleanup) after increasing
# delays, most of them timed from the moment the first temporary file
# appears, so the kill lands while files are being written.  The run makes
# a 9.5 MB timeseries.csv (10 years at a 0.1-day step) so its write takes a
# while.  After each kill, every file in D must be either absent or complete:
# byte-identical to the same file of an uninterrupted reference run.
#
# What a SIGKILL may leave behind: healsim writes each file as
# D/.NAME.tmp-PID and renames it into place only when every file of the
# folder is complete (sim/output.c, healsim_output_atomic), so a kill can
# leave those temporaries — and nothing else.  The test allows exactly those
# of the killed process, checks that a temporary of a streamed summary
# (sweep.csv) holds whole rows, a prefix of the final file, and checks that
# the next write into the folder removes them: healsim removes the
# temporaries of processes that no longer run before it writes a folder.
#
# A previous complete output survives a killed re-run: the folder holds
# either the old files or the new ones, never a truncated one.  (A kill in
# the microseconds between the renames of two files can leave some files
# new and some old, each complete; the test counts that case and says so.)
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

# Start healsim with the given arguments in the background (PID in $PID),
# wait until a temporary file of it appears in $1 (or it exits), then sleep
# $2 seconds and SIGKILL it.  Sets KRC: 137 killed, else healsim's status
# (it finished before the kill), and WRITING: 1 if temporaries were there
# right before the kill.
kill_while_writing() { # dir delay healsim-args...
    local dir=$1 delay=$2
    shift 2
    "$HEALSIM" "$@" >/dev/null 2>"$CAP/killed.err" &
    PID=$!
    until compgen -G "$dir/.*.tmp-$PID" >/dev/null || compgen -G "$dir/runs/.*.tmp-$PID" >/dev/null \
        || ! kill -0 "$PID" 2>/dev/null; do :; done
    sleep "$delay"
    WRITING=0
    if compgen -G "$dir/.*.tmp-$PID" >/dev/null || compgen -G "$dir/runs/.*.tmp-$PID" >/dev/null; then
        WRITING=1
    fi
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
    WRITING=0
    kill -KILL "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
    KRC=$?
}

# Check folder $1 after a kill of $PID against the reference folders given
# (each file must equal the same file of one of them).  Prints what is
# wrong, one line each; prints nothing when all is well.  Sets OLD_FILES,
# NEW_FILES (files equal to the first / last reference only) and TEMPS.
check_folder() { # dir ref...
    local dir=$1
    shift
    local refs=("$@") f rel base ok r
    OLD_FILES=0 NEW_FILES=0 TEMPS=0
    [ -d "$dir" ] || return 0
    while IFS= read -r -d '' f; do
        rel=${f#"$dir"/}
        base=${rel##*/}
        if [[ $base =~ ^\.(.+)\.tmp-([0-9]+)$ ]]; then
            if [ "${BASH_REMATCH[2]}" != "$PID" ]; then
                echo "$rel: a temporary of another process ($PID was killed)"
                continue
            fi
            TEMPS=$((TEMPS + 1))
            # a streamed summary's temporary holds whole rows: a prefix of the final file
            local final=${rel%/*}
            [ "$final" == "$rel" ] && final=""
            final=${final:+$final/}${BASH_REMATCH[1]}
            if [[ $final == *.csv ]] && [ -s "$f" ]; then
                local size
                size=$(stat -c %s "$f")
                if ! cmp -s -n "$size" "$f" "${refs[-1]}/$final"; then
                    echo "$rel: not a prefix of the complete $final"
                elif [[ $final == sweep.csv ]] && [ -n "$(tail -c 1 "$f")" ]; then
                    echo "$rel: ends inside a row"
                fi
            fi
            continue
        fi
        ok=""
        for r in "${refs[@]}"; do
            if [ -f "$r/$rel" ] && cmp -s "$f" "$r/$rel"; then
                ok=$r
                break
            fi
        done
        if [ -z "$ok" ]; then
            if [ -f "${refs[-1]}/$rel" ]; then
                echo "$rel: differs from the complete file ($(stat -c %s "$f") bytes, complete: $(stat -c %s "${refs[-1]}/$rel"))"
            else
                echo "$rel: not a file healsim writes"
            fi
        elif [ "${#refs[@]}" -gt 1 ]; then
            # with an old and a new reference, count which one it is
            if cmp -s "$f" "${refs[0]}/$rel" && ! cmp -s "$f" "${refs[-1]}/$rel"; then
                OLD_FILES=$((OLD_FILES + 1))
            elif ! cmp -s "$f" "${refs[0]}/$rel"; then
                NEW_FILES=$((NEW_FILES + 1))
            fi
        fi
    done < <(find "$dir" -type f -print0)
}

# Delay i of n: from 0 to 0.9 x the window, increasing.
delay_of() { # i n window_us
    local us=$(($3 * 9 * ($1 - 1) / (10 * $2) + RANDOM % 2000))
    printf '%d.%06d' $((us / 1000000)) $((us % 1000000))
}

summary_of_kills() { # what killed_writing killed_otherwise finished
    check_eq "$1: every kill left only complete files and the killed process's temporaries" "" "$problems"
    echo "#    $2 kills with temporaries being written, $3 with none (before or after writing)," \
        "$4 finished before the kill"
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
# the previous output of the re-run case: another scenario into the same folder
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
RUN_US=$((t1 - t0))
SWEEP_US=$((t3 - t2))
echo "# an uninterrupted run takes $((RUN_US / 1000)) ms, a sweep $((SWEEP_US / 1000)) ms"

# The write window: from the first temporary to the end of the process.
measure_window() { # dir healsim-args...
    local dir=$1
    shift
    "$HEALSIM" "$@" >/dev/null 2>&1 &
    local pid=$! start end
    until compgen -G "$dir/.*.tmp-$pid" >/dev/null || ! kill -0 "$pid" 2>/dev/null; do :; done
    start=$(now)
    wait "$pid"
    end=$(now)
    echo $((end - start))
}
W_RUN=$(measure_window "$T/w1" "${RUN_NOFIG[@]}" -o "$T/w1")
W_FIG=$(measure_window "$T/w2" "${RUN[@]}" -o "$T/w2")
echo "# writing the folder takes $((W_RUN / 1000)) ms (no figures), $((W_FIG / 1000)) ms (figures)"

# ---- run: killed while writing into a fresh folder --------------------------

problems="" writing=0 before=0 finished=0
for i in $(seq 1 "$ROUNDS"); do
    d="$T/run-$i"
    if [ $((i % 3)) -eq 0 ]; then
        delay=$(delay_of "$i" "$ROUNDS" "$W_FIG")
        kill_while_writing "$d" "$delay" "${RUN[@]}" -o "$d"
        ref="$T/ref/run"
    else
        delay=$(delay_of "$i" "$ROUNDS" "$W_RUN")
        kill_while_writing "$d" "$delay" "${RUN_NOFIG[@]}" -o "$d"
        ref="$T/ref/run-nofig"
    fi
    if [ "$KRC" -ne 137 ] && [ "$KRC" -ne 0 ]; then
        problems+="kill $i: healsim exited $KRC: $(head -c 300 "$CAP/killed.err")"$'\n'
    fi
    [ "$KRC" -eq 0 ] && finished=$((finished + 1))
    [ "$KRC" -eq 137 ] && [ "$WRITING" -eq 1 ] && writing=$((writing + 1))
    [ "$KRC" -eq 137 ] && [ "$WRITING" -eq 0 ] && before=$((before + 1))
    check_folder "$d" "$ref" >"$CAP/msg"
    msg=$(cat "$CAP/msg")
    [ -n "$msg" ] && problems+="kill $i (after ${delay}s):"$'\n'"$msg"$'\n'
done
summary_of_kills "run killed while writing a fresh folder" "$writing" "$before" "$finished"
if [ "$writing" -ge 1 ]; then
    pass "run: at least one kill landed while files were being written ($writing of $ROUNDS)"
else
    fail "run: at least one kill lands while files are being written" ">= 1" "$writing"
fi

# kills timed from the start: during the simulation, drawing or writing
problems="" writing=0 before=0 finished=0
for i in $(seq 1 "$HALF"); do
    d="$T/early-$i"
    kill_after "$(delay_of "$i" "$HALF" "$RUN_US")" "${RUN_NOFIG[@]}" -o "$d"
    [ "$KRC" -eq 0 ] && finished=$((finished + 1))
    [ "$KRC" -eq 137 ] && before=$((before + 1))
    check_folder "$d" "$T/ref/run-nofig" >"$CAP/msg"
    msg=$(cat "$CAP/msg")
    [ -n "$msg" ] && problems+="kill $i:"$'\n'"$msg"$'\n'
done
summary_of_kills "run killed at increasing times from its start" 0 "$before" "$finished"

# ---- the next write cleans up after a killed one ---------------------------

d="$T/run-1"
leftover=$(find "$d" -name '.*.tmp-*' | wc -l)
hs "${RUN_NOFIG[@]}" -o "$d"
check_rc "a run into a folder a killed run left temporaries in ($leftover)" 0
check_eq "the next run removes the temporaries of the killed one and writes complete files" \
    "$(tree_state "$T/ref/run-nofig")" "$(tree_state "$d")"
# a live writer's temporaries are left alone: a process that still runs
mkdir -p "$T/live"
sleep 30 &
live=$!
printf 'partial' >"$T/live/.timeseries.csv.tmp-$live"
hs "${RUN_NOFIG[@]}" -o "$T/live"
check_rc "a run into a folder where another process is writing" 0
check_file "the temporary of a process that still runs is kept" "$T/live/.timeseries.csv.tmp-$live"
kill "$live" 2>/dev/null
wait "$live" 2>/dev/null
# a file that merely looks like a temporary is not ours to remove
printf 'mine' >"$T/live/.notes.tmp-x1"
printf 'mine' >"$T/live/notes.tmp-1"
hs "${RUN_NOFIG[@]}" -o "$T/live"
check_file "a file named .NAME.tmp-<not a number> is kept" "$T/live/.notes.tmp-x1"
check_file "a file named NAME.tmp-N (no leading dot) is kept" "$T/live/notes.tmp-1"

# ---- run: a previous complete output survives a killed re-run ----------------

problems="" writing=0 before=0 finished=0 unchanged=0 replaced=0 mixed=0
for i in $(seq 1 "$HALF"); do
    d="$T/again-$i"
    cp -r "$T/ref/run-prev" "$d"
    echo "a file of the user's" >"$d/notes.txt"
    kill_while_writing "$d" "$(delay_of "$i" "$HALF" "$W_RUN")" "${RUN_NOFIG[@]}" -o "$d"
    [ "$KRC" -eq 0 ] && finished=$((finished + 1))
    [ "$KRC" -eq 137 ] && [ "$WRITING" -eq 1 ] && writing=$((writing + 1))
    if ! cmp -s "$d/notes.txt" <(echo "a file of the user's"); then
        problems+="kill $i: notes.txt changed"$'\n'
    fi
    rm -f "$d/notes.txt"
    check_folder "$d" "$T/ref/run-prev" "$T/ref/run-nofig" >"$CAP/msg"
    msg=$(cat "$CAP/msg")
    [ -n "$msg" ] && problems+="kill $i:"$'\n'"$msg"$'\n'
    n=$(find "$d" -type f ! -name '.*.tmp-*' | wc -l)
    if [ "$n" -ne 4 ]; then
        problems+="kill $i: $n of the 4 files in the folder"$'\n'
    fi
    if [ "$NEW_FILES" -eq 0 ]; then unchanged=$((unchanged + 1));
    elif [ "$OLD_FILES" -eq 0 ]; then replaced=$((replaced + 1));
    else mixed=$((mixed + 1)); fi
done
check_eq "previous output: after every killed re-run each file is the old or the new complete file" "" "$problems"
echo "#    $writing kills while writing, $finished re-runs finished first;" \
    "folder unchanged $unchanged times, replaced $replaced, old and new files mixed $mixed"
if [ "$mixed" -gt 0 ]; then
    echo "#    (mixed: the kill fell between two renames; every file was still complete)"
fi
if [ "$unchanged" -ge 1 ]; then
    pass "previous output: a re-run killed before its renames leaves the folder unchanged ($unchanged times)"
else
    fail "previous output: some re-run killed before its renames leaves the folder unchanged" ">= 1" "0"
fi

# ---- sweep: killed while streaming rows and time series --------------------

problems="" writing=0 before=0 finished=0
for i in $(seq 1 "$ROUNDS"); do
    d="$T/sweep-$i"
    if [ $((i % 2)) -eq 0 ]; then
        kill_while_writing "$d" "$(delay_of "$i" "$ROUNDS" "$SWEEP_US")" "${SWEEP[@]}" -o "$d"
    else
        kill_after "$(delay_of "$i" "$ROUNDS" "$SWEEP_US")" "${SWEEP[@]}" -o "$d"
        [ -n "$(find "$d" -name '.*.tmp-*' 2>/dev/null)" ] && WRITING=1
    fi
    if [ "$KRC" -ne 137 ] && [ "$KRC" -ne 0 ]; then
        problems+="kill $i: healsim exited $KRC: $(head -c 300 "$CAP/killed.err")"$'\n'
    fi
    [ "$KRC" -eq 0 ] && finished=$((finished + 1))
    [ "$KRC" -eq 137 ] && [ "$WRITING" -eq 1 ] && writing=$((writing + 1))
    [ "$KRC" -eq 137 ] && [ "$WRITING" -eq 0 ] && before=$((before + 1))
    check_folder "$d" "$T/ref/sweep" >"$CAP/msg"
    msg=$(cat "$CAP/msg")
    [ -n "$msg" ] && problems+="kill $i:"$'\n'"$msg"$'\n'
done
summary_of_kills "sweep --timeseries killed at increasing times" "$writing" "$before" "$finished"

# a previous sweep survives a killed one (its runs/ files are replaced one by
# one as runs finish; sweep.csv and the figure only when the sweep ends);
# the next sweep cleans up
problems="" unchanged=0
for i in $(seq 1 "$HALF"); do
    d="$T/sweep-again-$i"
    cp -r "$T/ref/sweep-prev" "$d"
    kill_after "$(delay_of "$i" "$HALF" "$SWEEP_US")" "${SWEEP[@]}" -o "$d"
    check_folder "$d" "$T/ref/sweep-prev" "$T/ref/sweep" >"$CAP/msg"
    msg=$(cat "$CAP/msg")
    [ -n "$msg" ] && problems+="kill $i:"$'\n'"$msg"$'\n'
    cmp -s "$d/sweep.csv" "$T/ref/sweep-prev/sweep.csv" && unchanged=$((unchanged + 1))
done
check_eq "previous sweep: after every killed re-run each file is the old or the new complete file" "" "$problems"
echo "#    the previous sweep.csv was kept by $unchanged of $HALF killed re-runs"
d="$T/sweep-2"
hs "${SWEEP[@]}" -o "$d"
check_rc "a sweep into a folder a killed sweep left temporaries in" 0
check_eq "the next sweep removes the killed one's temporaries (also in runs/) and writes complete files" \
    "$(tree_state "$T/ref/sweep")" "$(tree_state "$d")"

summary
