#!/usr/bin/env bash
# test_batch.sh — healsim sweep, population, sensitivity and merge end to end:
# the files they write, byte-identical output whatever --jobs, shards that
# merge into the single run's file, failed runs as rows, Ctrl-C leaving a
# valid file, and bad input (exit 2, a message, nothing written).
#
# Usage: test_batch.sh /path/to/healsim /path/to/source
# Ends with "N passed, M failed"; exits non-zero if a check failed.
set -u

# shellcheck source=cli_harness.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/cli_harness.sh"

# Quieter than the harness: a check that holds prints nothing, one that
# fails its name and the test; healsim's output goes to out.txt and
# err.txt in the current folder, where the checks read it.
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL - %s\n' "$1"; [ -n "${2-}" ] && printf '       %s\n' "$2"; }
check() { if eval "$2"; then pass; else fail "$1" "test: $2; stderr: $(head -c 300 err.txt 2>/dev/null)"; fi; }
hs() { "$HEALSIM" "$@" >out.txt 2>err.txt; RC=$?; }
lines() { wc -l <"$1" | tr -d ' '; }
py() { python3 -c "$@"; }

# ---- sweep ---------------------------------------------------------------------
hs sweep --vary schedule.interval=1:6:1 -o sw -q
check "sweep over 6 intervals exits 0" '[ "$RC" -eq 0 ]'
check "sweep.csv: a header and 6 rows" '[ "$(lines sw/sweep.csv)" -eq 7 ]'
check "sweep.csv: run, the varied value, status, outcomes" \
    'head -1 sw/sweep.csv | grep -q "^run,schedule.interval,status,strength_end_pct,strength_gain_pct"'
check "the sweep figure is drawn (1 parameter: a line)" '[ -s sw/sweep.png ] && [ -s sw/sweep.svg ]'
check "every run ok" '[ "$(grep -c ",ok," sw/sweep.csv)" -eq 6 ]'
best=$(py "
import csv
rows = list(csv.DictReader(open('sw/sweep.csv')))
print(max(rows, key=lambda r: float(r['strength_end_pct']))['schedule.interval'])")
check "some interval is best ($best weeks)" '[ -n "$best" ]'
hs sweep --vary schedule.interval=1:8:1 --vary schedule.count=3:6:1 -o sw2 -q
check "2-D sweep: 32 runs and a heatmap" '[ "$RC" -eq 0 ] && [ "$(lines sw2/sweep.csv)" -eq 33 ] && [ -s sw2/sweep.png ]'
hs sweep --vary schedule.count=1:6:1 --outcome days_sore --set figure.formats=pdf -o sw-sore -q
check "sweep of days_sore: fewer sore days are better, so the least is marked 'min', not the most 'max'" \
    '[ "$RC" -eq 0 ] && pdftotext sw-sore/sweep.pdf - | grep -q "^min 1.9" && ! pdftotext sw-sore/sweep.pdf - | grep -q "^max "'
check "sweep of days_sore: the caption names the run with the fewest (1 injection)" \
    'pdftotext sw-sore/sweep.pdf - | tr "\n" " " | grep -q "min 1.9 at schedule.count = 1"'
hs sweep --vary schedule.count=1:6:1 --set figure.formats=pdf -o sw-strength -q
check "sweep of strength: the most is marked 'max' (6 injections)" \
    'pdftotext sw-strength/sweep.pdf - | tr "\n" " " | grep -q "max 69.5 at schedule.count = 6"'
hs sweep --vary tissue.turnover=0.1:1:n5log -o swlog -q
check "start:stop:nNlog: 5 log-spaced values" \
    'py "import csv; v=[float(r[\"tissue.turnover\"]) for r in csv.DictReader(open(\"swlog/sweep.csv\"))]; assert len(v)==5 and abs(v[2]-0.316227766)<1e-6"'
hs sweep --vary schedule.concentration_pct=10,15,25 -o swlist -q
check "a list a,b,c (and a list-valued parameter)" '[ "$RC" -eq 0 ] && [ "$(lines swlist/sweep.csv)" -eq 4 ]'

# --jobs: the same bytes
hs sweep --vary schedule.interval=1:8:1 --vary tissue.turnover=0.3:0.6:0.1 -o j1 -q --jobs 1
hs sweep --vary schedule.interval=1:8:1 --vary tissue.turnover=0.3:0.6:0.1 -o j2 -q --jobs 2
check "sweep --jobs 1 and --jobs 2: identical sweep.csv" 'cmp -s j1/sweep.csv j2/sweep.csv'
check "sweep --jobs 1 and --jobs 2: identical figure" 'cmp -s j1/sweep.svg j2/sweep.svg'

# -o - and --table json
hs sweep --vary schedule.interval=2,4 -o - -q
check "-o - streams the CSV to stdout" '[ "$(wc -l <out.txt)" -eq 3 ] && head -1 out.txt | grep -q "^run,"'
hs sweep --vary schedule.interval=2,4 -o js --table json -q
check "--table json writes JSON Lines, one object per run" \
    'py "import json; r=[json.loads(l) for l in open(\"js/sweep.jsonl\")]; assert len(r)==2 and r[1][\"run\"]==1 and r[1][\"schedule.interval\"]==4 and r[0][\"status\"]==\"ok\""'

# --timeseries
hs sweep --vary schedule.interval=2,4 -o ts --timeseries -q
check "--timeseries keeps each run's time series" '[ -s ts/runs/run-0.csv ] && [ -s ts/runs/run-1.csv ]'

# failed runs are rows; the batch goes on; exit 1
hs sweep --vary solver.max_steps=20,1000000 -o fl -q
check "a failing run: exit 1" '[ "$RC" -eq 1 ]'
check "the failing run is a row with its status and message" \
    'grep -q "^0,20,solver_failed,.*step limit" fl/sweep.csv && grep -q "^1,1000000,ok," fl/sweep.csv'

# ---- population ------------------------------------------------------------------
hs population --n 40 --seed 7 -o po -q --jobs 1
check "population of 40 exits 0" '[ "$RC" -eq 0 ]'
check "population.csv: a header and 40 rows" '[ "$(lines po/population.csv)" -eq 41 ]'
check "the default varied parameters are drawn" 'head -1 po/population.csv | grep -q "tissue.turnover" && head -1 po/population.csv | grep -q "patient.age_years"'
check "strength every two weeks" 'head -1 po/population.csv | grep -q "strength_d14_pct.*strength_d364_pct"'
check "the population figure is drawn" '[ -s po/population.png ] && [ -s po/population.svg ]'
hs population --n 40 --seed 7 -o po2 -q --jobs 2
check "population --jobs 1 and --jobs 2: identical population.csv" 'cmp -s po/population.csv po2/population.csv'
check "population --jobs 1 and --jobs 2: identical figure" 'cmp -s po/population.png po2/population.png'
hs population --n 40 --seed 8 -o po3 -q
check "another seed, other patients" '! cmp -s po/population.csv po3/population.csv'
hs population --n 30 --seed 3 --vary tissue.turnover=normal:0.45:0.1 --vary patient.age_years=uniform:30:60 -o pv -q
check "--vary with normal and uniform draws inside their ranges" \
    'py "import csv; r=list(csv.DictReader(open(\"pv/population.csv\"))); assert all(30<=float(x[\"patient.age_years\"])<=60 and 0.01<=float(x[\"tissue.turnover\"])<=5 for x in r) and len(r)==30"'

# a list in any order: the table keeps the order, the figure is the ordered sweep's
hs sweep --vary schedule.interval=3,1,2 --vary schedule.count=5,2 -o sw-unordered -q
check "a sweep over lists out of order exits 0 and draws its figure (exit $RC)" '[ "$RC" -eq 0 ] && [ -s sw-unordered/sweep.png ]'
hs sweep --vary schedule.interval=1,2,3 --vary schedule.count=2,5 -o sw-ordered -q
check "... the same figure as the lists in order" 'cmp -s sw-unordered/sweep.png sw-ordered/sweep.png && cmp -s sw-unordered/sweep.svg sw-ordered/sweep.svg'
check "... and its rows in the order given" \
    'py "import csv; r=list(csv.DictReader(open(\"sw-unordered/sweep.csv\"))); assert [float(x[\"schedule.interval\"]) for x in r[::2]] == [3, 1, 2], r"'
bad_dup() { hs sweep --vary schedule.interval=1,2,1 -o sw-dup -q; }
bad_dup
check "a value listed twice is refused before any run" '[ "$RC" -eq 2 ] && grep -q "1 is listed twice" err.txt && [ ! -e sw-dup ]'

# One definition of solver.max_steps: a run and a batch run of the same
# parameters take the same steps, so they pass or fail at the same limit and
# give the same numbers
least_steps() { # the smallest max_steps with which "$@" MAX succeeds
    local lo=10 hi=100000 mid
    while [ $((hi - lo)) -gt 1 ]; do
        mid=$(((lo + hi) / 2))
        if "$@" "$mid"; then hi=$mid; else lo=$mid; fi
    done
    echo "$hi"
}
run_ok() { "$HEALSIM" run --no-figures -q -o ms-run --set "solver.max_steps=$1" >/dev/null 2>&1; }
sweep_ok() {
    "$HEALSIM" sweep --vary solver.rtol=1e-6 --no-figures -q -o ms-sweep --set "solver.max_steps=$1" >/dev/null 2>&1 &&
        grep -q ',ok,' ms-sweep/sweep.csv
}
run_least=$(least_steps run_ok)
sweep_least=$(least_steps sweep_ok)
check "the least max_steps that succeeds is the same for run ($run_least) and sweep ($sweep_least)" \
    '[ "$run_least" -eq "$sweep_least" ]'
"$HEALSIM" run --no-figures -q -o ms-run && "$HEALSIM" sweep --vary solver.rtol=1e-6 --no-figures -q -o ms-sweep
check "a sweep run gives the run's end strength to all 9 digits" \
    'py "
import csv, json
a = json.load(open(\"ms-run/summary.json\"))[\"outcome\"][\"strength_end_pct\"]
b = float(list(csv.DictReader(open(\"ms-sweep/sweep.csv\")))[0][\"strength_end_pct\"])
assert float(\"%.9g\" % a) == b, (a, b)"'

# ---- shards and merge --------------------------------------------------------------
for i in 1 2 3; do hs population --n 50 --seed 5 --shard "$i/3" -o "sh$i" -q; done
check "a shard writes no figure (it is part of a whole)" '[ ! -e sh1/population.png ]'
hs population --n 50 --seed 5 -o whole -q
hs merge -o merged sh3 sh1 sh2 -q
check "merge of 3 population shards (in any order) exits 0" '[ "$RC" -eq 0 ]'
check "merged population.csv equals the single run's, byte for byte" 'cmp -s merged/population.csv whole/population.csv'
for i in 1 2; do hs sweep --vary schedule.interval=1:7:1 --shard "$i/2" -o ss$i -q; done
hs sweep --vary schedule.interval=1:7:1 -o swhole -q
hs merge -o smerged ss1/sweep.csv ss2/sweep.csv -q
check "merged sweep.csv equals the single run's" 'cmp -s smerged/sweep.csv swhole/sweep.csv'
hs population --vary tissue.turnover=normal:0.02:1e6 --n 2 -o pop-out-of-range -q
check "a patient whose draws all miss the range: exit 1, row 'invalid', the message names the parameter" \
    '[ "$RC" -eq 1 ] && [ "$(grep -c ",invalid,.*tissue.turnover: no value inside its range \[0.01, 5\] in 1000 draws" pop-out-of-range/population.csv)" -eq 2 ]'
hs sweep --vary tissue.turnover=0.1:1:n100000 --vary inflammation.neutrophil_death_per_day=0.5:1:n100000 --force -o too-many -q
check "a sweep of 1e10 runs is refused before it starts, without suggesting --force" \
    '[ "$RC" -eq 2 ] && grep -q "more than 1000000000 runs, even with --force; use fewer values" err.txt && [ ! -e too-many ]'
hs sweep --vary schedule.count=0:2:0.5 -o half-count -q
check "--vary of a count through 0.5: the value shown once, not repeated with 17 digits" \
    '[ "$RC" -eq 2 ] && grep -qx -- "--vary: error: schedule.count = 0.5: count must be a whole number, not .0.5." err.txt'
hs merge -o merge sh1 sh2 sh3 -q
check "merge -o merge (a folder named like the command) works" '[ "$RC" -eq 0 ] && cmp -s merge/population.csv whole/population.csv'
hs merge -o bad-merge sh1 no-such-shard -q
check "merge of a shard that does not exist: exit 2, names it and says what failed" \
    '[ "$RC" -eq 2 ] && grep -q "^no-such-shard: error: cannot read the shard: No such file or directory" err.txt && [ ! -e bad-merge ]'
hs merge -o bad-merge sh1 sh3 -q
check "merge with a shard missing: exit 2, says which runs" '[ "$RC" -eq 2 ] && grep -q "missing" err.txt && [ ! -e bad-merge ]'
hs merge -o bad-merge sh1 sh1 sh2 sh3 -q
check "merge with a shard twice: exit 2" '[ "$RC" -eq 2 ] && grep -q "shard 1 of 3 is given twice" err.txt'
hs merge -o bad-merge sh1 ss1 -q
check "merge of shards of different batches: exit 2" '[ "$RC" -eq 2 ] && grep -q "not of the same batch" err.txt && [ ! -e bad-merge ]'

# Shards prove themselves (shard.json): each case fails on its own, writes nothing
check "a shard writes its record beside its table" \
    'py "import json; r=json.load(open(\"sh2/shard.json\")); assert (r[\"shard\"], r[\"shards\"], r[\"runs_in_batch\"], r[\"rows\"]) == (2, 3, 50, r[\"end_run\"] - r[\"first_run\"]) and r[\"first_run\"] == 16, r"'
hs population --n 50 --seed 6 --shard 3/3 -o other-seed -q
hs merge -o bad-merge sh1 sh2 other-seed -q
check "a shard of another seed (same runs, same header) is refused" \
    '[ "$RC" -eq 2 ] && grep -q "^other-seed: error: not of the same batch" err.txt && [ ! -e bad-merge ]'
tamper() { # name edit: copy sh2 to a folder of its own and edit its table with python
    rm -rf "t-$1" && cp -r sh2 "t-$1"
    py "p = 't-$1/population.csv'; b = open(p, 'rb').read(); $2; open(p, 'wb').write(b)"
    hs merge -o bad-merge sh1 "t-$1" sh3 -q
}
tamper cut 'b = b[:-10]'
check "a table cut off after it was written is refused" \
    '[ "$RC" -eq 2 ] && grep -q "t-cut/population.csv: error: not the table its record describes" err.txt && [ ! -e bad-merge ]'
tamper no-newline 'b = b[:-1]'
check "a table without its final newline is refused" '[ "$RC" -eq 2 ] && grep -q "cut off or changed" err.txt'
tamper edited 'b = b.replace(b",ok,", b",OK,", 1)'
check "an edited row is refused" '[ "$RC" -eq 2 ] && grep -q "cut off or changed" err.txt && [ ! -e bad-merge ]'
rm -rf t-record && cp -r sh2 t-record && echo '{"healsim_shard": 1}' >t-record/shard.json
hs merge -o bad-merge sh1 t-record sh3 -q
check "a record without its fields is refused, naming the field" \
    '[ "$RC" -eq 2 ] && grep -q "shard.json: error: .healsim_version. is missing" err.txt'
rm -rf t-norecord && cp -r sh2 t-norecord && rm t-norecord/shard.json
hs merge -o bad-merge sh1 t-norecord sh3 -q
check "a table without its record is refused" '[ "$RC" -eq 2 ] && grep -q "no shard.json beside the table" err.txt'

# --allow-partial: what there is, and merge.json says what is missing
hs merge -o partial sh1 sh3 --allow-partial -q
check "--allow-partial joins the shards there" \
    '[ "$RC" -eq 0 ] && py "
import csv, json
rows = list(csv.DictReader(open(\"partial/population.csv\")))
whole = list(csv.DictReader(open(\"whole/population.csv\")))
m = json.load(open(\"partial/merge.json\"))
assert m[\"complete\"] is False and m[\"missing_runs\"] == [[16, 33]], m
assert rows == whole[:16] + whole[33:], len(rows)"'

# an interrupted shard publishes its prefix, and merge knows it is short
"$HEALSIM" population --n 30000 --seed 1 --jobs 2 --shard 2/2 -o shard-intr -q >out.txt 2>err.txt &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
hs merge -o bad-merge shard-intr -q
check "an interrupted shard is refused, saying how far it got" \
    '[ "$RC" -eq 2 ] && grep -q "shard 2 of 2 was interrupted after" err.txt && [ ! -e bad-merge ]'
hs merge -o partial-intr shard-intr --allow-partial -q
check "... and merged with --allow-partial, the missing runs recorded" \
    '[ "$RC" -eq 0 ] && py "
import json; m = json.load(open(\"partial-intr/merge.json\"))
assert m[\"complete\"] is False and m[\"missing_runs\"][0] == [0, 15000] and m[\"missing_runs\"][-1][1] == 30000, m"'

# ---- sensitivity ----------------------------------------------------------------------
hs sensitivity -o se -q
check "sensitivity exits 0" '[ "$RC" -eq 0 ]'
check "sensitivity.csv: a row per parameter, with its sensitivity" \
    'py "import csv; r=list(csv.DictReader(open(\"se/sensitivity.csv\"))); assert len(r) > 30 and any(abs(float(x[\"sensitivity\"])) > 0.1 for x in r)"'
check "the tornado chart is drawn" '[ -s se/sensitivity.png ]'
check "crosslinking matters for the strength gain" \
    'py "import csv; r={x[\"parameter\"]: float(x[\"sensitivity\"]) for x in csv.DictReader(open(\"se/sensitivity.csv\"))}; assert abs(r[\"remodeling.strength_ceiling_pct\"]) > 0.5"'
mkdir se-stdout
(cd se-stdout && "$HEALSIM" sensitivity -o - -q >../se-stdout.csv 2>../se-stdout.err)
RC=$?
check "sensitivity -o -: exit 0" '[ "$RC" -eq 0 ]'
check "sensitivity -o -: the table on stdout is sensitivity.csv" 'cmp se-stdout.csv se/sensitivity.csv'
check "sensitivity -o -: no folder named '-', nothing written" '[ -z "$(ls -A se-stdout)" ]'
hs sensitivity "$SRC/params/lax-ligament-untreated.ini" -o se-bad -q
check "sensitivity of a gain that is 0: exit 2 with advice" '[ "$RC" -eq 2 ] && grep -q "outcome" err.txt'

# ---- Ctrl-C ---------------------------------------------------------------------------
"$HEALSIM" population --n 30000 --seed 1 --jobs 2 -o intr -q >out.txt 2>err.txt &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
RC=$?
check "Ctrl-C: exit 130" '[ "$RC" -eq 130 ]'
check "Ctrl-C: population.csv holds the runs that finished, complete and in order" \
    'py "
import csv
r = list(csv.DictReader(open(\"intr/population.csv\")))
assert 0 < len(r) < 30000, len(r)
assert [int(x[\"run\"]) for x in r] == list(range(len(r)))
assert all(x[\"status\"] == \"ok\" and x[\"strength_end_pct\"] for x in r)"'
check "Ctrl-C: says how many runs it kept" 'grep -q "interrupted (SIGINT) after" err.txt'
check "no progress bar when stderr is not a terminal" '! grep -q "runs, " err.txt'

# SIGTERM (what Slurm sends at a time limit) and SIGHUP stop a batch as Ctrl-C does
for sig in TERM HUP; do
    "$HEALSIM" population --n 30000 --seed 1 --jobs 2 -o "intr-$sig" -q >out.txt 2>err.txt &
    pid=$!
    sleep 1
    kill "-$sig" "$pid"
    wait "$pid"
    RC=$?
    expected=$((128 + $(kill -l "$sig")))
    check "SIG$sig: exit $expected (got $RC)" '[ "$RC" -eq "$expected" ]'
    check "SIG$sig: population.csv holds the runs that finished" \
        'py "
import csv
r = list(csv.DictReader(open(\"intr-$sig/population.csv\")))
assert 0 < len(r) < 30000, len(r)
assert [int(x[\"run\"]) for x in r] == list(range(len(r)))"'
    check "SIG$sig: no temporary left" '[ -z "$(ls -A "intr-$sig" | grep -v "^population.csv$")" ]'
    check "SIG$sig: names the signal" 'grep -q "interrupted (SIG$sig) after" err.txt'
done

# sensitivity stopped: says that it wrote nothing, and writes nothing (a
# slow stepper and a long span make its ~80 runs take about 15 s)
"$HEALSIM" sensitivity --jobs 1 -o se-intr -q --method rk2 --rtol 1e-12 --atol 1e-15 \
    --set schedule.span_days=3650 >out.txt 2>err.txt &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
RC=$?
if [ "$RC" -eq 0 ]; then
    echo "skip - sensitivity finished before the signal"
else
    check "sensitivity stopped: exit 143 (got $RC)" '[ "$RC" -eq 143 ]'
    check "sensitivity stopped: says nothing was written" 'grep -q "nothing written" err.txt'
    check "sensitivity stopped: no sensitivity.csv" '[ ! -e se-intr/sensitivity.csv ]'
fi

# ---- bad input: exit 2, a message, nothing written ------------------------------------
bad() { # bad NAME REGEX ARGS...
    local name=$1 regex=$2
    shift 2
    hs "$@" -o bad-out
    check "$name: exit 2" '[ "$RC" -eq 2 ]'
    check "$name: says what is wrong ($(head -1 err.txt))" 'grep -Eq "$regex" err.txt'
    check "$name: nothing written" '[ ! -e bad-out ]'
}
bad "an unknown key in --vary" "unknown|did you mean" sweep --vary schedule.intervl=1:3:1
bad "a zero step" "step must be above 0" sweep --vary schedule.interval=1:3:0
bad "a negative step" "step must be above 0" sweep --vary schedule.interval=1:3:-1
bad "a step that never reaches stop" "never reach 10" sweep --vary schedule.interval=1:10:4
bad "a value out of range" "out of range" sweep --vary tissue.turnover=0:1:0.5
bad "too many runs without --force" "add --force" sweep --vary tissue.turnover=0.1:1:n400 --vary schedule.interval=1:4:n400
bad "a distribution with invalid arguments" "standard deviation" population --vary tissue.turnover=normal:0.4:-1
bad "an unknown distribution" "unknown distribution" population --vary tissue.turnover=gamma:1:2
bad "a uniform range outside the valid one" "not inside the valid range" population --vary patient.age_years=uniform:50:200
bad "--shard 3/2" "shard takes I/N" sweep --vary schedule.interval=1:3:1 --shard 3/2
bad "sweep with nothing to vary" "at least one --vary" sweep
bad "an unknown outcome" "unknown outcome" sensitivity --outcome strength
hs sweep --vary schedule.interval=1:3:1 -o /proc/forbidden/x -q
check "an unwritable output folder: exit 2 naming it" '[ "$RC" -eq 2 ] && grep -q "/proc/forbidden" err.txt'

summary
