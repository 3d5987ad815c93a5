#!/usr/bin/env bash
# test_compare.sh — `healsim compare` end to end: the default five arms,
# arms from the command line with --labels, what compare.csv holds, and
# every kind of bad input (exit 2, a message naming the file and line or
# the argument, nothing written).
#
# Usage: test_compare.sh /path/to/healsim /path/to/source
# Ends with "N passed, M failed"; exits non-zero if a check failed.
set -u

# shellcheck source=cli_harness.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/cli_harness.sh"

# Quieter than the harness: a check that holds prints nothing, one that
# fails its name and the test; healsim's output goes to out.txt and
# err.txt in the current folder, where the checks read it.
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL - %s\n' "$1"; [ -n "${2-}" ] && printf '       %s\n' "$2"; }
check() { if eval "$2"; then pass; else fail "$1" "test: $2"; fi; }
hs() { "$HEALSIM" "$@" >out.txt 2>err.txt; RC=$?; }
csv_field() { # csv_field FILE LABEL COLUMN -> the value
    python3 - "$@" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(next(r[sys.argv[3]] for r in rows if r["label"] == sys.argv[2]))
EOF
}
gt() { python3 -c "import sys; sys.exit(0 if float('$1') > float('$2') else 1)"; }

# ---- the default comparison ---------------------------------------------------
hs compare
check "compare with no arguments exits 0" '[ "$RC" -eq 0 ]'
expected="compare-bars.png compare-bars.svg compare-outcome.png compare-outcome.svg compare-phases.png compare-phases.svg compare.csv"
got=$(ls -A compare 2>/dev/null | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
check "compare/ holds the CSV and three figures in PNG and SVG, nothing else" '[ "$got" = "$expected" ]'
check "compare.csv has a header and five arms" '[ "$(wc -l <compare/compare.csv)" -eq 6 ]'
labels=$(python3 -c "import csv; print('|'.join(r['label'] for r in csv.DictReader(open('compare/compare.csv'))))")
check "the arms are the default list's, in order" \
    '[ "$labels" = "No treatment|Prolotherapy|Prolotherapy + NSAID|Saline|Steroid" ]'
none=$(csv_field compare/compare.csv "No treatment" strength_1yr_pct)
prolo=$(csv_field compare/compare.csv "Prolotherapy" strength_1yr_pct)
nsaid=$(csv_field compare/compare.csv "Prolotherapy + NSAID" strength_1yr_pct)
saline=$(csv_field compare/compare.csv "Saline" strength_1yr_pct)
steroid6=$(csv_field compare/compare.csv "Steroid" strength_6wk_pct)
none6=$(csv_field compare/compare.csv "No treatment" strength_6wk_pct)
check "1 year: prolotherapy ($prolo) beats no treatment ($none)" 'gt "$prolo" "$none"'
check "1 year: prolotherapy ($prolo) beats saline ($saline)" 'gt "$prolo" "$saline"'
check "1 year: the NSAID ($nsaid) costs prolotherapy ($prolo) some of its gain" 'gt "$prolo" "$nsaid"'
check "6 weeks: the steroid arm ($steroid6) is weaker than no treatment ($none6)" 'gt "$none6" "$steroid6"'
each=$(csv_field compare/compare.csv "Prolotherapy" peak_inflammation_each)
check "peak inflammation of each of the 5 injections, ';'-separated ($each)" \
    '[ "$(echo "$each" | tr ";" "\n" | wc -l)" -eq 5 ]'
check "no treatment has no injections and no soreness" \
    '[ "$(csv_field compare/compare.csv "No treatment" n_injections)" = 0 ] && [ "$(csv_field compare/compare.csv "No treatment" days_sore)" = 0 ]'
for f in compare/*.svg; do
    check "$f is well-formed XML" 'xmllint --noout "$f" 2>/dev/null'
done
check "the default run names its list" 'grep -q "compare-default.txt" out.txt'

# ---- arms from the command line, labels, formats ---------------------------------
hs compare "$SRC/params/default.ini" "$SRC/params/older-patient.ini" --labels "age 40,age 70" \
    -o ages --format pdf -q
check "two files with --labels exit 0" '[ "$RC" -eq 0 ]'
check "--format pdf writes the three figures as PDF" \
    '[ -f ages/compare-outcome.pdf ] && [ -f ages/compare-phases.pdf ] && [ -f ages/compare-bars.pdf ] && [ ! -f ages/compare-bars.png ]'
young=$(csv_field ages/compare.csv "age 40" strength_3mo_pct)
old=$(csv_field ages/compare.csv "age 70" strength_3mo_pct)
check "3 months: age 70 ($old) heals slower than age 40 ($young)" 'gt "$young" "$old"'
hs compare "$SRC/params/default.ini" "$SRC/params/saline-control.ini" -o titles -q
check "without labels each arm is named by its title" \
    'python3 -c "import csv,sys; r=list(csv.DictReader(open(\"titles/compare.csv\"))); sys.exit(0 if r[1][\"label\"].startswith(\"Lax ligament, saline\") else 1)"'
hs compare "$SRC/params/default.ini" "$SRC/params/lax-ligament-untreated.ini" --labels "p,n" \
    --set patient.age_years=70 -o set -q
check "--set patient.age_years=70 applies to the arms: the first ends as older-patient.ini does" \
    '[ "$RC" -eq 0 ] && [ "$(csv_field set/compare.csv p strength_end_pct)" = "$(csv_field ages/compare.csv "age 70" strength_end_pct)" ]'
hs compare "$SRC/params/default.ini" "$SRC/params/saline-control.ini" -o same1 -q
hs compare "$SRC/params/default.ini" "$SRC/params/saline-control.ini" -o same2 -q
for f in same1/*; do
    check "$(basename "$f") is the same bytes in two runs" 'cmp -s "$f" "same2/$(basename "$f")"'
done

# ---- bad input: exit 2, a message, nothing written ---------------------------------
bad() { # bad NAME EXPECTED-MESSAGE-REGEX ARGS...
    local name=$1 regex=$2
    shift 2
    hs compare -o bad-out "$@"
    check "$name: exit 2" '[ "$RC" -eq 2 ]'
    check "$name: says what is wrong ($(head -1 err.txt))" 'grep -Eq "$regex" err.txt'
    check "$name: nothing written" '[ ! -e bad-out ]'
}
bad "one arm" "at least two arms" "$SRC/params/default.ini"
printf '%s/params/default.ini  A\n%s/params/saline-control.ini  A\n' "$SRC" "$SRC" >dup.txt
bad "duplicate labels" "dup\.txt:2: error: the label 'A' is used by two arms" dup.txt
printf 'based_on = %s/params/default.ini\n[schedule]\nspan_days = 180\n[output]\ncheckpoints_days = 42\n' "$SRC" >short.ini
bad "arms of different spans" "simulates 180 days and .* 365: arms must share one span" \
    "$SRC/params/default.ini" short.ini --labels "year,half"
bad "a missing arm file" "nope\.ini.*(cannot|No such)" "$SRC/params/default.ini" nope.ini
bad "a missing list" "cannot read the list of arms" nolist.txt
bad "labels for the wrong number of arms" "^--labels: error: 3 labels for 2 arms" \
    "$SRC/params/default.ini" "$SRC/params/saline-control.ini" --labels "a,b,c"
printf '[nsaid]\ninhibition = 0.5\nstart_days = -2\n' >neg.ini
bad "an NSAID course before day 0" "neg\.ini:3:.*out of range" "$SRC/params/default.ini" neg.ini
printf '[steroid]\ntimes_days = 10\ndose_mg = 900\n' >dose.ini
bad "a steroid dose out of range" "dose\.ini:3:.*out of range" "$SRC/params/default.ini" dose.ini
bad "an unknown option" "unknown option" "$SRC/params/default.ini" "$SRC/params/saline-control.ini" --bogus
bad "stdout as the output" "writes a folder" "$SRC/params/default.ini" "$SRC/params/saline-control.ini" -o -
bad "--figures (compare draws its own three)" "option '--figures' does not apply to healsim compare" \
    "$SRC/params/default.ini" "$SRC/params/saline-control.ini" --figures phases
bad "--table (a batch option)" "option '--table' does not apply to healsim compare" \
    "$SRC/params/default.ini" "$SRC/params/saline-control.ini" --table csv

# --no-figures: compare.csv alone, the same table; --opt=value as --opt value
hs compare "$SRC/params/default.ini" "$SRC/params/saline-control.ini" --labels=a,b --output=csv-only \
    --no-figures -q
check "compare --no-figures --labels=a,b --output=DIR exits 0" '[ "$RC" -eq 0 ]'
check "... and writes compare.csv alone" '[ "$(ls csv-only)" = "compare.csv" ]'
hs compare "$SRC/params/default.ini" "$SRC/params/saline-control.ini" --labels a,b -qo drawn --format svg
check "compare -qo DIR --format svg exits 0" '[ "$RC" -eq 0 ]'
check "... draws the svg figures only" \
    '[ "$(ls drawn | tr "\n" " ")" = "compare-bars.svg compare-outcome.svg compare-phases.svg compare.csv " ]'
check "... and the same compare.csv as without figures" 'cmp -s drawn/compare.csv csv-only/compare.csv'

summary
