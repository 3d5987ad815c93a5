#!/usr/bin/env bash
# test_cli.sh — the healsim command end to end.
#
# Usage: test_cli.sh /path/to/healsim /path/to/source
#
# Every case runs in its own folder under a temporary directory; outputs are
# read back with python3 (csv and json modules).  Each check prints what it
# checked; a failure also prints the expected and the actual value.  The script
# ends with "N passed, M failed" and exits non-zero if any check failed.
set -u

# shellcheck source=cli_harness.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/cli_harness.sh"
# the version, as CMakeLists.txt defines it (once)
VERSION=$(sed -n 's/^project(healsim VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")

check_py() { # what python-script args...  (script prints problems, exits non-zero)
    local what=$1 script=$2
    shift 2
    local msg
    if msg=$(python3 -c "$script" "$@" 2>&1); then
        pass "$what"
    else
        fail "$what" "python check passes" "$msg"
    fi
}

PY_CSV='
import csv, sys
path = sys.argv[1]
with open(path, newline="") as f:
    rows = list(csv.reader(f))
problems = []
if not rows:
    sys.exit(path + " is empty")
head = rows[0]
if not head or head[0] != "time_days":
    problems.append("header starts with %r, not time_days" % (head[:1],))
for col in ["platelets", "neutrophils", "macrophages", "fibroblasts", "collagen_iii",
            "collagen_i", "strength_pct", "soreness", "hemostasis", "inflammation",
            "repair", "remodeling", "dominant_phase"]:
    if col not in head:
        problems.append("header lacks column " + col)
if len(rows) < 100:
    problems.append("only %d rows" % len(rows))
bad = [i for i, r in enumerate(rows) if len(r) != len(head)]
if bad:
    problems.append("rows with %s columns instead of %d, first at row %d"
                    % (len(rows[bad[0]]), len(head), bad[0] + 1))
else:
    t = [float(r[0]) for r in rows[1:]]
    if t[0] != 0 or any(b < a for a, b in zip(t, t[1:])):
        problems.append("time_days does not start at 0 and never decrease")
    if abs(t[-1] - 365) > 1e-9:
        problems.append("last time %g, expected 365" % t[-1])
    i = head.index("strength_pct")
    s = [float(r[i]) for r in rows[1:]]
    if not all(0 <= v <= 100 for v in s):
        problems.append("strength_pct outside [0, 100]")
    d = head.index("dominant_phase")
    phases = {r[d] for r in rows[1:]}
    if not phases <= {"none", "hemostasis", "inflammation", "repair", "remodeling"}:
        problems.append("unexpected dominant_phase values %s" % sorted(phases))
if problems:
    sys.exit("\n".join(problems))
'

PY_PHASES='
import csv, sys
with open(sys.argv[1], newline="") as f:
    rows = list(csv.DictReader(f))
if not rows:
    sys.exit("phases.csv has no rows")
need = {"cycle", "phase", "onset_days", "peak_days", "end_days"}
if not need <= set(rows[0]):
    sys.exit("phases.csv header lacks %s" % sorted(need - set(rows[0])))
names = {r["phase"] for r in rows}
if names != {"hemostasis", "inflammation", "repair", "remodeling"}:
    sys.exit("phases %s" % sorted(names))
'

PY_SUMMARY='
import json, sys
with open(sys.argv[1]) as f:
    s = json.load(f)
problems = []
for key in ["healsim_version", "outcome", "injections", "parameters"]:
    if key not in s:
        problems.append("summary lacks " + key)
if not problems:
    if s["healsim_version"] != sys.argv[2]:
        problems.append("healsim_version %r, expected %s" % (s["healsim_version"], sys.argv[2]))
    v = s["outcome"].get("strength_end_pct")
    if not isinstance(v, (int, float)) or not 0 < v <= 100:
        problems.append("outcome.strength_end_pct %r" % (v,))
    if not isinstance(s["injections"], list) or len(s["injections"]) != 5:
        problems.append("injections: %r entries, expected 5" % (len(s["injections"]),))
    if not isinstance(s["parameters"], dict) or not s["parameters"]:
        problems.append("parameters is not a non-empty object")
if problems:
    sys.exit("\n".join(problems))
'

# ---- healsim run with no arguments --------------------------------------

newcase default
hs run
check_rc "run with no arguments" 0
for f in timeseries.csv phases.csv summary.json params.resolved.ini; do
    check_file "run writes out/$f" "out/$f"
done
check_eq "out/ holds exactly the four outputs and the default figures (no temporary files left)" \
    "cells.png cells.svg handout.pdf outcome.png outcome.svg overview.png overview.svg params.resolved.ini phases-log.png phases-log.svg phases.csv phases.png phases.svg summary.json timeseries.csv" \
    "$(ls -A out 2>/dev/null | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
check_contains "run reports what it wrote" "$(stdout_text)" "wrote out/: timeseries.csv"
check_py "timeseries.csv: header and rows" "$PY_CSV" out/timeseries.csv
check_py "phases.csv: four phases" "$PY_PHASES" out/phases.csv
check_py "summary.json: version, outcome, 5 injections, parameters" "$PY_SUMMARY" out/summary.json "$VERSION"

# ---- -o - writes the CSV to stdout only ---------------------------------

newcase stdout
hs run -o -
check_rc "run -o -" 0
check_eq "run -o - prints the CSV header first" "time_days" "$(head -c 9 "$CAP/out")"
cp "$CAP/out" stdout.csv
check_same_file "run -o - prints exactly out/timeseries.csv" stdout.csv "$T/default/out/timeseries.csv"
check_absent "run -o - creates no out/ folder" out
check_absent "run -o - creates no folder named '-'" ./-

# ---- params.resolved.ini repeats the run exactly ------------------------

newcase resolved
hs run "$T/default/out/params.resolved.ini" -o again
check_rc "run params.resolved.ini" 0
check_same_file "re-running params.resolved.ini gives a byte-identical timeseries.csv" \
    again/timeseries.csv "$T/default/out/timeseries.csv"
check_same_file "re-running params.resolved.ini gives the same params.resolved.ini" \
    again/params.resolved.ini "$T/default/out/params.resolved.ini"
# the same for a preset with an explicit schedule and a based_on chain
hs run "$SRC/params/knee-oa-rabago.ini" -o knee
check_rc "run params/knee-oa-rabago.ini" 0
hs run knee/params.resolved.ini -o knee2
check_rc "run knee/params.resolved.ini" 0
check_same_file "knee-oa-rabago: resolved file reproduces timeseries.csv" \
    knee/timeseries.csv knee2/timeseries.csv
# `params --resolved` is what run writes
hs params --resolved
check_rc "params --resolved" 0
check_same_file "params --resolved equals run's params.resolved.ini" \
    "$CAP/out" "$T/default/out/params.resolved.ini"

# ---- a bad parameter file -----------------------------------------------

newcase badfile
printf '[schedule]\ninterval = 2x\n' >bad.ini
hs run bad.ini
check_rc "run with a bad parameter file" 2
check_match "bad file: stderr has file:line:col: error:" "$(stderr_text)" \
    '^[^:]+:[0-9]+:[0-9]+: error: '
check_match "bad file: stderr points at bad.ini:2:12" "$(stderr_text)" \
    "^bad\\.ini:2:12: error: .*trailing text 'x'"
check_absent "bad file: no out/ folder created" out
check_eq "bad file: nothing written to stdout" "" "$(stdout_text)"
hs run bad.ini -o elsewhere/deep
check_rc "bad file with -o elsewhere/deep" 2
check_absent "bad file: no output folder created for -o" elsewhere
check_eq "bad file: the case folder holds only bad.ini" "bad.ini" "$(ls -A)"

hs run missing.ini
check_rc "run with a missing file" 2
check_contains "missing file: message names it" "$(stderr_text)" "cannot open 'missing.ini'"
check_absent "missing file: no out/ folder created" out

# ---- usage errors ---------------------------------------------------------

newcase usage
hs run --bogus
check_rc "unknown option" 2
check_contains "unknown option: message" "$(stderr_text)" "unknown option '--bogus'"
hs frobnicate
check_rc "unknown command" 2
check_contains "unknown command: message" "$(stderr_text)" "unknown command 'frobnicate'"
hs run --set schedule.intervall=2
check_rc "--set with an unknown key" 2
check_contains "--set unknown key: message" "$(stderr_text)" \
    "--set: error: 'schedule.intervall': unknown key 'intervall' in [schedule]; did you mean 'interval'?"
hs run --set schedule.interval
check_rc "--set without '='" 2
# a conflict between two keys points where the user set one of them
hs run --set schedule.span_days=100 -o -
check_rc "--set schedule.span_days=100 (before the 5th injection)" 2
check_match "a span shorter than the schedule is reported at the --set that shortened it" "$(stderr_text)" \
    "^--set: error: injection 5 falls on day 112, not before the end of the simulated span \\(span_days = 100\\)"
printf '[schedule]\nspan_days = 60\n' >short-span.ini
hs run short-span.ini -o -
check_rc "a file with span_days = 60" 2
check_match "... reported at the file's span_days line, not the built-in default's count" "$(stderr_text)" \
    "^short-span\\.ini:2:13: error: injection 5 falls on day 112"
rm short-span.ini
hs run --set interval=3 -o -
check_rc "--set interval=3 (no section)" 2
check_contains "--set without a section: says so, and names the section that has the key" "$(stderr_text)" \
    "--set: error: 'interval' is not a parameter: write section.key=value (healsim params lists them); did you mean 'schedule.interval'?"
hs run --set title=Knee -o - -q
check_rc "--set title=Knee (the one key outside a section) still works" 0
hs run --set schedule.interval=abc
check_rc "--set with a bad value" 2
check_contains "--set bad value: message" "$(stderr_text)" "'abc' is not a number"
hs run -o
check_rc "-o without a value" 2
hs run --rtol 1e-6x -o -
check_rc "--rtol with trailing text" 2
check_match "--rtol with trailing text: reported under --rtol" "$(stderr_text)" "^--rtol: error: 'solver.rtol=1e-6x': "
hs run --set schedule.count=3 --method euler -o -
check_rc "--method euler after a --set" 2
check_match "--method euler: reported under --method, not --set" "$(stderr_text)" "^--method: error: 'solver.method=euler': "
hs params --set schedule.count=-1
check_rc "params --set schedule.count=-1" 2
check_match "params --set: a bad value is reported under --set" "$(stderr_text)" "^--set: error: 'schedule.count=-1': "
# a long bad value must be rejected too, exactly as --set solver.rtol=... is
long_rtol="0.000001$(printf '0%.0s' {1..120})x"
hs run --set "solver.rtol=$long_rtol" -o -
check_rc "--set solver.rtol=<long value with trailing text>" 2
hs run --rtol "$long_rtol" -o -
check_rc "--rtol <long value with trailing text>" 2
hs run a.ini b.ini
check_rc "two parameter files" 2
hs params --bogus
check_rc "params: unknown option" 2
hs params -o x
check_rc "params: -o is not a params option" 2
hs
check_rc "no command" 2
check_contains "no command: usage on stderr" "$(stderr_text)" "Usage"
check_eq "usage errors: the case folder stays empty" "" "$(ls -A)"

# ---- an output folder that cannot be written ------------------------------

newcase unwritable
printf 'not a folder\n' >somefile
before=$(tree_state .)
hs run -o somefile/sub
check_rc "output folder under a regular file" 2
check_contains "unwritable output: message names the path" "$(stderr_text)" "somefile"
check_match "unwritable output: message says why" "$(stderr_text)" \
    'error: .*(cannot create output folder|not a folder|Not a directory)'
check_eq "unwritable output: nothing left behind" "$before" "$(tree_state .)"
hs run -o somefile
check_rc "output path is a regular file" 2
check_contains "output path is a file: message" "$(stderr_text)" "not a folder"
check_eq "output path is a file: file untouched, nothing left behind" "$before" "$(tree_state .)"

# ---- a solver failure -----------------------------------------------------

newcase solver
hs run --set solver.max_steps=10
check_rc "solver failure (max_steps = 10)" 1
check_contains "solver failure: message" "$(stderr_text)" "failed at t ="
check_absent "solver failure: no out/ folder created" out
# the output rows are not the solver's steps: a grid of 36 500 rows runs
# under a step limit of 500 (it did not when every row counted)
hs run --set output.step_days=0.01 --set solver.max_steps=500 -o -
check_rc "36 500 output rows under solver.max_steps = 500" 0
check_eq "... and every row is written" 37342 "$(wc -l <"$CAP/out" | tr -d ' ')"

# ---- help and version -----------------------------------------------------

newcase help
hs --help
check_rc "--help" 0
check_contains "--help prints Usage" "$(stdout_text)" "Usage: healsim COMMAND"
hs run --help
check_rc "run --help" 0
check_contains "run --help prints Usage" "$(stdout_text)" "Usage: healsim run"
hs params --help
check_rc "params --help" 0
check_contains "params --help prints Usage" "$(stdout_text)" "Usage: healsim params"
hs help run
check_rc "help run" 0
check_contains "help run prints run's Usage" "$(stdout_text)" "Usage: healsim run"
hs --version
check_rc "--version" 0
check_eq "--version output" "healsim $VERSION" "$(stdout_text)"
check_eq "help and version: the case folder stays empty" "" "$(ls -A)"

# ---- the conventions every command follows ----------------------------------
# One parser for every command: --opt=value and --opt value, bundled short
# options, -- ending the options; an option that does not apply to a
# command is an error, never ignored; a usage error points to the
# command's own help; --help names the installed docs.

newcase conventions
hs run --no-figures -q -o spaced --set schedule.count=2
check_rc "run --set VALUE" 0
hs run --no-figures -q --output=joined --set=schedule.count=2
check_rc "run --output=DIR --set=VALUE" 0
check_same_file "--opt=value and --opt value run the same" joined/timeseries.csv spaced/timeseries.csv
hs run --no-figures -qo bundled --set schedule.count=2
check_rc "run -qo DIR (bundled short options)" 0
check_same_file "... the same run" bundled/timeseries.csv spaced/timeseries.csv
cp "$SRC/params/default.ini" ./-dash.ini
hs run --no-figures -q -o dashed -- -dash.ini
check_rc "run -- -dash.ini: -- ends the options" 0
check_file "... and the operand after it is the file" dashed/timeseries.csv
POSIXLY_CORRECT=1 "$HEALSIM" run "$SRC/params/default.ini" --no-figures -q -o posix >"$CAP/out" 2>"$CAP/err"
RC=$?
check_rc "options after the file, even with POSIXLY_CORRECT set" 0
check_file "... are still options" posix/timeseries.csv
for command in "plot spaced" "params" "sweep --vary=schedule.interval=2,4" "population --n=3" "sensitivity"; do
    # shellcheck disable=SC2086  # the command and its arguments, split on purpose
    hs $command --set=figure.theme=dark --nonsense=1
    check_contains "$command: --opt=value is parsed (an unknown one is named)" "$(stderr_text)" \
        "unknown option '--nonsense'"
done
hs sweep --vary=schedule.interval=2,4 --set=tissue.turnover=0.5 -qo sweep-eq --table=json --no-figures
check_rc "sweep --vary=SPEC --set=VALUE --table=json -qo DIR" 0
check_file "... writes its JSON Lines" sweep-eq/sweep.jsonl
check_absent "... and --no-figures draws no figure" sweep-eq/sweep.png
hs sweep --vary schedule.interval=2,4 -q -j 2 -o sweep-sp --table json --no-figures --set tissue.turnover=0.5
check_same_file "sweep: --opt=value and --opt value give the same rows" sweep-eq/sweep.jsonl sweep-sp/sweep.jsonl
hs sweep --vary=schedule.interval=2,4 --shard 1/1 -qo sweep-shard
hs merge -qo merged sweep-shard
check_rc "merge -qo DIR SHARD" 0
# options that do not apply are errors, with the command's help
for bad in "merge -o m sweep-eq --set a.b=1:--set" "merge -o m sweep-eq --seed 3:--seed" \
           "merge -o m sweep-eq --format png:--format" "merge -o m sweep-eq -j 2:-j" \
           "compare --figures phases:--figures" "sweep --vary schedule.interval=2,4 --seed 1:--seed" \
           "population --outcome days_sore:--outcome" "sensitivity --vary tissue.turnover=1,2:--vary" \
           "sensitivity --shard 1/2:--shard" "params --output x:--output" "plot spaced --method rk45:--method" \
           "run --labels a,b:--labels" "run --table csv:--table"; do
    args=${bad%:*} option=${bad##*:} command=${bad%% *}
    # shellcheck disable=SC2086
    hs $args
    check_rc "$args: an option that does not apply" 2
    check_contains "... is named, with the command" "$(stderr_text)" \
        "option '$option' does not apply to healsim $command"
    check_contains "... and the command's help" "$(stderr_text)" "Try 'healsim $command --help'."
done
check_absent "inapplicable options write nothing" m
# compare --no-figures writes compare.csv only
hs compare --no-figures -q -o cmp-csv
check_rc "compare --no-figures" 0
check_eq "compare --no-figures writes compare.csv only" "compare.csv" "$(ls cmp-csv)"
# help
hs help bogus
check_rc "help of an unknown command" 2
check_contains "... names it" "$(stderr_text)" "unknown command 'bogus'"
for command in run plot compare sweep population sensitivity merge params help; do
    hs "$command" --help
    check_rc "$command --help" 0
    check_contains "$command --help names the installed docs" "$(stdout_text)" "share/doc/healsim"
    hs help "$command"
    check_rc "help $command" 0
done
hs run --output
check_rc "an option without its value" 2
check_contains "... says so" "$(stderr_text)" "option '--output' needs a value"
check_contains "... with the command's help" "$(stderr_text)" "Try 'healsim run --help'."

# ---- healsim presets -------------------------------------------------------

newcase presets
hs presets
check_rc "presets" 0
check_match "presets lists ligament-prolotherapy with its title" "$(stdout_text)" \
    '^ligament-prolotherapy +Lax ligament, dextrose prolotherapy'
check_eq "presets: a line for every file of params/" "$(ls "$SRC"/params/*.ini | wc -l | tr -d ' ')" \
    "$(stdout_text | wc -l | tr -d ' ')"
hs presets extra
check_rc "presets takes no operand" 2
check_contains "... and says so" "$(stderr_text)" "presets takes no arguments ('extra')"
hs presets --set a.b=1
check_rc "presets takes no --set" 2
hs run ligament-prolotherapy --no-figures -q -o by-name
check_rc "run a preset by name from a folder without it" 0
check_file "... writes its folder" by-name/timeseries.csv
for command in presets; do
    hs "$command" --help
    check_contains "$command --help names the installed docs" "$(stdout_text)" "share/doc/healsim"
done

# ---- long paths: refused with a message, never cut --------------------------

newcase long-paths
long=$PWD
while [ ${#long} -lt 560 ]; do long=$long/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; done
mkdir -p "$long" && cp "$SRC/params/default.ini" "$long/p.ini" && cp "$SRC/params/compare-default.txt" "$long/list.txt"
hs run "$long/p.ini" --no-figures -q -o lp
check_rc "a parameter file at a path of ${#long} characters" 2
check_contains "... is refused as too long, not read from a cut path" "$(stderr_text)" "path is longer than 511 characters"
hs compare "$long/list.txt" --no-figures -q -o lc
check_rc "a compare list at a path of ${#long} characters" 2
check_contains "... is refused as too long" "$(stderr_text)" "the list's path is longer than 511 characters"
out=$PWD
while [ ${#out} -lt 4085 ]; do out=$out/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb; done
out=${out:0:4085}
hs run --no-figures -q -o "$out"
check_rc "an output folder at a path of ${#out} characters (near PATH_MAX)" 2
check_contains "... says the name is too long" "$(stderr_text)" "too long"

# ---- healsim params ---------------------------------------------------------

newcase params
hs params
check_rc "params" 0
table=$(stdout_text)
for key in title tissue.turnover schedule.interval schedule.times schedule.count \
    hemostasis.clotting_rate_per_day inflammation.macrophage_switch_per_day \
    repair.collagen_i_synthesis_per_day remodeling.strength_ceiling_pct \
    phases.soreness_half_max solver.method solver.max_steps output.checkpoints_days; do
    check_match "params lists $key" "$table" "^$key( |$)"
done
# every key of the resolved default file appears in the table
missing=$("$HEALSIM" params --resolved | python3 -c '
import sys
table = {line.split()[0] for line in open(sys.argv[1]) if line.strip()}
section, missing = "", []
for line in sys.stdin:
    line = line.strip()
    if not line or line[0] in "#;":
        continue
    if line.startswith("["):
        section = line.strip("[]")
        continue
    key = line.split("=", 1)[0].strip()
    name = section + "." + key if section else key
    if name not in table:
        missing.append(name)
print(" ".join(missing))
' "$CAP/out")
check_eq "params lists every key of the resolved default" "" "$missing"
hs params --resolved "$SRC/params/ligament-prolotherapy.ini"
check_rc "params --resolved params/ligament-prolotherapy.ini" 0
check_match "ligament-prolotherapy resolves interval = 2" "$(stdout_text)" '^interval = 2$'
check_match "ligament-prolotherapy resolves count = 4" "$(stdout_text)" '^count = 4$'
check_match "ligament-prolotherapy keeps the default turnover" "$(stdout_text)" '^turnover = 0\.45$'
hs params --resolved --set schedule.interval=3 "$SRC/params/ligament-prolotherapy.ini"
check_match "params --set wins over the file" "$(stdout_text)" '^interval = 3$'
hs params bad.ini
check_rc "params with a missing file" 2

# ---- a complete output folder survives a later failed run ----------------

newcase keep
hs run -o keep -q
check_rc "run -q into keep/" 0
check_eq "run -q prints nothing" "" "$(stdout_text)"
echo "marker" >keep/marker.txt
before=$(tree_state keep)
printf '[tissue]\nturnover = nan\n' >bad.ini
hs run bad.ini -o keep
check_rc "failing load into an existing output folder" 2
check_match "failing load: file:line:col diagnostic" "$(stderr_text)" '^bad\.ini:2:12: error: '
check_eq "existing output folder untouched after a failed load" "$before" "$(tree_state keep)"
hs run --set solver.max_steps=10 -o keep
check_rc "failing solver run into an existing output folder" 1
check_eq "existing output folder untouched after a solver failure" "$before" "$(tree_state keep)"

# ---------------------------------------------------------------------------
# The figure code is a module (healsim-figures.so) the command opens only to
# draw: a run without figures does not load cairo and pango, and a missing or
# broken module is an error that writes nothing, not a crash.

newcase module
LD_DEBUG=libs "$HEALSIM" run --no-figures -q -o plain >"$CAP/out" 2>"$CAP/err"
RC=$?
check_rc "run --no-figures under LD_DEBUG=libs" 0
check_not_contains "run --no-figures does not open the figure module" "$(stderr_text)" "healsim-figures.so"
check_not_contains "run --no-figures does not load cairo" "$(stderr_text)" "libcairo"
LD_DEBUG=libs "$HEALSIM" run --figures phases --format svg -q -o drawn >"$CAP/out" 2>"$CAP/err"
RC=$?
check_rc "run --figures phases under LD_DEBUG=libs" 0
check_contains "run with a figure opens the figure module" "$(stderr_text)" "healsim-figures.so"
check_contains "run with a figure loads cairo" "$(stderr_text)" "libcairo"
# The module is looked for beside the core library (lib/healsim/ next to
# libhealsim.so): a copy of the library in another tree, found first
# through LD_LIBRARY_PATH, looks in that tree.
mkdir -p copy/lib/healsim
cp "$(dirname "$HEALSIM")"/lib/libhealsim.so.* copy/lib/
echo "not a shared object" >copy/lib/healsim/healsim-figures.so
LD_LIBRARY_PATH="$T/module/copy/lib" "$HEALSIM" run -q -o broken >"$CAP/out" 2>"$CAP/err"
RC=$?
check_rc "run beside a broken figure module" 2
check_contains "a broken module is named, with the way out" "$(stderr_text)" \
    "healsim: error: cannot load the figure code (healsim-figures.so): "
check_contains "... and the fix" "$(stderr_text)" "rebuild healsim (cmake --build build), or use --no-figures"
check_absent "a broken module leaves no output folder" broken
HEALSIM_FIGURES_MODULE="$T/module/copy/lib/healsim/healsim-figures.so" "$HEALSIM" run -q -o broken2 \
    >"$CAP/out" 2>"$CAP/err"
RC=$?
check_rc "HEALSIM_FIGURES_MODULE names the module to open" 2
check_contains "... a broken one is an error" "$(stderr_text)" "cannot load the figure code (healsim-figures.so): "
check_absent "... that writes nothing" broken2
rm copy/lib/healsim/healsim-figures.so
LD_LIBRARY_PATH="$T/module/copy/lib" "$HEALSIM" run -q -o missing >"$CAP/out" 2>"$CAP/err"
RC=$?
check_rc "run with no figure module" 2
check_contains "a missing module is named where it was looked for" "$(stderr_text)" \
    "cannot load the figure code (healsim-figures.so): no $T/module/copy/lib/healsim/healsim-figures.so"
check_absent "a missing module leaves no output folder" missing
LD_LIBRARY_PATH="$T/module/copy/lib" "$HEALSIM" run --no-figures -q -o nofig >"$CAP/out" 2>"$CAP/err"
RC=$?
check_rc "run --no-figures needs no figure module" 0
check_same_file "... and writes the same timeseries.csv" nofig/timeseries.csv plain/timeseries.csv

# ---------------------------------------------------------------------------

summary
