#!/usr/bin/env bash
# test_figures_cli.sh — the figures of the healsim command end to end:
# `healsim run` figure options, `healsim plot`, and their errors.
#
# Usage: test_figures_cli.sh /path/to/healsim /path/to/source
#
# Every case runs in its own folder under a temporary directory.  Files are
# checked with the tools a user would open them with: xmllint and
# rsvg-convert (SVG), pdfinfo and pdftotext (PDF), and python3 for the PNG
# header and pixels.  Figures are drawn small (400 x 250 px at 60 dpi, a
# 480 x 300 pt page) wherever the size does not matter.  The script ends
# with "N passed, M failed" and exits non-zero if any check failed.
set -u

# shellcheck source=cli_harness.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/cli_harness.sh"

check_different_file() { # what a b
    if [ -s "$2" ] && [ -s "$3" ] && ! cmp -s "$2" "$3"; then
        pass "$1"
    else
        fail "$1" "'$2' and '$3' both non-empty and different" \
            "$(ls -la "$2" "$3" 2>&1 | tr '\n' ' ') $(cmp "$2" "$3" 2>&1 | head -1)"
    fi
}

check_cmd() { # what command args...  (passes when the command exits 0)
    local what=$1 msg
    shift
    if msg=$("$@" 2>&1); then
        pass "$what"
    else
        fail "$what" "'$*' exits 0" "exit $?: $(printf '%s' "$msg" | head -c 600)"
    fi
}

listing() { # the names in a folder, sorted, on one line
    ls -A "$1" 2>/dev/null | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}

sorted_words() { # the words given, sorted, on one line
    printf '%s\n' "$@" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}

# "WxH" from a PNG's IHDR chunk.
PY_PNG_SIZE='
import struct, sys
try:
    with open(sys.argv[1], "rb") as f:
        head = f.read(24)
except OSError as e:
    sys.exit("cannot read %s: %s" % (sys.argv[1], e.strerror))
if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
    sys.exit("%s is not a PNG (starts %r)" % (sys.argv[1], head[:16]))
print("%dx%d" % struct.unpack(">II", head[16:24]))
'
png_size() { python3 -c "$PY_PNG_SIZE" "$1" 2>&1; }

# The top left pixel of an 8-bit RGB or RGBA PNG as "rrggbb".  Whatever
# the row filter, every predictor of the first pixel of the first row is 0,
# so its bytes follow the filter byte unchanged.
PY_PNG_CORNER='
import struct, sys, zlib
try:
    data = open(sys.argv[1], "rb").read()
except OSError as e:
    sys.exit("cannot read %s: %s" % (sys.argv[1], e.strerror))
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("not a PNG")
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    pos += 12 + n
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
w, h, depth, colour = ihdr
if depth != 8 or colour not in (2, 6):
    sys.exit("bit depth %d, colour type %d: not 8-bit RGB(A)" % (depth, colour))
raw = zlib.decompressobj().decompress(idat, 16)
print("%02x%02x%02x" % tuple(raw[1:4]))
'
png_corner() { python3 -c "$PY_PNG_CORNER" "$1" 2>&1; }

check_dark() { # what rrggbb  (every channel below 0x40)
    if [[ "$2" =~ ^[0-3][0-9a-f][0-3][0-9a-f][0-3][0-9a-f]$ ]]; then
        pass "$1"
    else
        fail "$1" "a dark colour (every channel < 0x40)" "$2"
    fi
}

SMALL=(--width 400 --height 250 --dpi 60)
PRESETS="default acute-skin-cut ligament-prolotherapy knee-oa-rabago lax-ligament-untreated"
DATA_FILES="params.resolved.ini phases.csv summary.json timeseries.csv"
FIGURES="phases phases-log cells outcome overview"
FIGURE_FILES=""
for f in $FIGURES; do
    FIGURE_FILES="$FIGURE_FILES $f.png $f.svg $f.pdf"
done
FIGURE_FILES="$FIGURE_FILES handout.pdf"

# ---- the tools this script reads the files with ---------------------------

for tool in python3 xmllint rsvg-convert pdfinfo pdftotext; do
    if command -v "$tool" >/dev/null 2>&1; then
        pass "$tool is installed"
    else
        fail "$tool is installed" "$tool on PATH (scripts/setup-debian.sh)" "not found"
    fi
done

# ---- every preset, every figure, every format -------------------------------

newcase presets
for p in $PRESETS; do
    hs run "$SRC/params/$p.ini" -o "$p" --format png,svg,pdf "${SMALL[@]}" -q
    check_rc "$p: run --format png,svg,pdf --width 400 --height 250 --dpi 60" 0
    check_eq "$p: the folder holds the 4 data files, 5 figures x 3 formats and handout.pdf" \
        "$(sorted_words $DATA_FILES $FIGURE_FILES)" "$(listing "$p")"
    for f in $FIGURES; do
        check_cmd "$p/$f.svg: xmllint --noout" xmllint --noout "$p/$f.svg"
        rm -f "$CAP/rsvg.png"
        check_cmd "$p/$f.svg: rsvg-convert renders it" rsvg-convert -o "$CAP/rsvg.png" "$p/$f.svg"
        check_eq "$p/$f.svg: rsvg-convert's PNG is a PNG" "PNG" "$(head -c 4 "$CAP/rsvg.png" | tail -c 3)"
        check_cmd "$p/$f.pdf: pdfinfo opens it" pdfinfo "$p/$f.pdf"
        check_eq "$p/$f.png: 400x250 px" "400x250" "$(png_size "$p/$f.png")"
    done
    info=$(pdfinfo "$p/handout.pdf" 2>&1)
    check_match "$p/handout.pdf: Pages: 6 (5 figures and the parameters page)" "$info" '^Pages: +6$'
    check_match "$p/phases.pdf: 480 x 300 pt (400 px x 72 / 60 dpi)" "$(pdfinfo "$p/phases.pdf" 2>&1)" \
        '^Page size: +480 x 300 pts'
    check_match "$p/phases.svg: 480 x 300 pt" "$(head -c 600 "$p/phases.svg")" \
        '<svg [^>]*width="480(pt)?" height="300(pt)?"'
done

# ---- size units ---------------------------------------------------------------

newcase units
hs run -o pt --figures phases --format png,pdf --width 720pt --height 360pt --dpi 100 -q
check_rc "--width 720pt --height 360pt --dpi 100" 0
check_eq "720pt x 360pt at 100 dpi is a 1000x500 px PNG" "1000x500" "$(png_size pt/phases.png)"
check_match "720pt x 360pt: the PDF page is 720 x 360 pt" "$(pdfinfo pt/phases.pdf 2>&1)" \
    '^Page size: +720 x 360 pts'
hs run -o in --figures phases --format png --width 8in --height 5in --dpi 50 -q
check_rc "--width 8in --height 5in --dpi 50" 0
check_eq "8in x 5in at 50 dpi is a 400x250 px PNG" "400x250" "$(png_size in/phases.png)"
hs run -o in-first --figures phases --format png --dpi 50 --width 8in --height 250px -q
check_rc "--dpi 50 --width 8in --height 250px (dpi first)" 0
check_eq "8in at 50 dpi given before --width, 250px: 400x250 px" "400x250" "$(png_size in-first/phases.png)"

# ---- which figures ------------------------------------------------------------

newcase select
hs run -o none --no-figures -q
check_rc "--no-figures" 0
check_eq "--no-figures writes only the 4 data files" "$(sorted_words $DATA_FILES)" "$(listing none)"
hs run -o ov --figures overview --format pdf "${SMALL[@]}" -q
check_rc "--figures overview --format pdf" 0
check_eq "--figures overview --format pdf writes overview.pdf and the data files" \
    "$(sorted_words $DATA_FILES overview.pdf)" "$(listing ov)"
hs run -o ho --figures handout --format png "${SMALL[@]}" -q
check_rc "--figures handout --format png" 0
check_eq "the handout is a PDF whatever --format says" "$(sorted_words $DATA_FILES handout.pdf)" \
    "$(listing ho)"

# ---- small pages at the default 200 dpi ---------------------------------------

# 800 x 500 px at 200 dpi is a 4 x 2.5 inch figure, too small for 11 pt
# text: refused before anything is simulated or written, with the size it
# needs; 1000 x 625 px (5 x 3.1 in) draws every figure, the overview too.
newcase small
hs run -o p800 --width 800 --height 500
check_rc "800x500 px at 200 dpi" 2
check_match "800x500 px at 200 dpi: refused as too small, saying what it needs" "$(stderr_text)" \
    '^figure\.width/height: error: .*too small for 11 pt text: it needs at least'
check_absent "800x500 px at 200 dpi: no output folder created" p800
hs run -o p1000 --format png --width 1000 --height 625 -q
check_rc "1000x625 px at 200 dpi" 0
check_eq "1000x625 px at 200 dpi: overview.png is 1000x625" "1000x625" "$(png_size p1000/overview.png)"
hs run -o p400 --format png --width 400 --height 250 --dpi 60 -q
check_rc "400x250 px at 60 dpi (the same 11 pt text on a 6.7 x 4.2 in page)" 0
check_not_contains "no 'out of memory' for any size" "$(stderr_text)" "out of memory"

# ---- healsim plot ---------------------------------------------------------------

newcase plot
hs run "$SRC/params/knee-oa-rabago.ini" -o D --format png,svg,pdf "${SMALL[@]}" -q
check_rc "plot: run knee-oa-rabago into D" 0
mkdir -p orig && cp D/* orig/
rm -f D/*.png
hs plot D -q
check_rc "plot D after deleting its PNGs" 0
for f in $FIGURES; do
    check_same_file "plot D redraws $f.png byte-identical to the run's" D/$f.png orig/$f.png
    check_same_file "plot D redraws $f.svg byte-identical to the run's" D/$f.svg orig/$f.svg
    check_same_file "plot D redraws $f.pdf byte-identical to the run's" D/$f.pdf orig/$f.pdf
done
check_same_file "plot D redraws handout.pdf byte-identical to the run's" D/handout.pdf orig/handout.pdf
for f in $DATA_FILES; do
    check_same_file "plot D leaves $f as it was" D/$f orig/$f
done
check_eq "plot D leaves no other file in D" "$(listing orig)" "$(listing D)"

before=$(tree_state D)
hs plot D -o E --theme dark -q
check_rc "plot D -o E --theme dark" 0
check_eq "plot -o E writes only the figures into E" "$(sorted_words $FIGURE_FILES)" "$(listing E)"
check_eq "plot -o E leaves D as it was" "$before" "$(tree_state D)"
check_dark "plot --theme dark: the corner of E/phases.png is dark" "$(png_corner E/phases.png)"
check_eq "the run's light phases.png has a white corner" "ffffff" "$(png_corner D/phases.png)"
check_eq "plot --theme dark keeps the size: E/overview.png is 400x250" "400x250" "$(png_size E/overview.png)"

hs plot D --set tissue.turnover=1
check_rc "plot D --set tissue.turnover=1" 2
check_contains "plot --set of a model key: the message says only figure.* can be set" "$(stderr_text)" \
    "only figure.* can be set"
check_eq "plot --set of a model key leaves D as it was" "$before" "$(tree_state D)"

hs plot /nonexistent
check_rc "plot /nonexistent" 2
check_contains "plot /nonexistent: names the folder" "$(stderr_text)" "/nonexistent"
check_contains "plot /nonexistent: says it is not an output folder" "$(stderr_text)" \
    "not an output folder"

mkdir -p C && cp orig/* C/
# line 10 of timeseries.csv: its second value becomes "abc"
sed -i '10s/^\([^,]*\),[^,]*,/\1,abc,/' C/timeseries.csv
check_match "plot: the corrupted line 10 holds abc" "$(sed -n 10p C/timeseries.csv)" '^[^,]+,abc,'
before_c=$(tree_state C)
hs plot C
check_rc "plot of a folder with a corrupted timeseries.csv" 2
check_match "corrupted timeseries.csv: the message names the file and line 10" "$(stderr_text)" \
    '^C/timeseries\.csv:10(:[0-9]+)?: error: '
check_eq "corrupted timeseries.csv: the folder is left as it was" "$before_c" "$(tree_state C)"

hs plot D --format gif
check_rc "plot D --format gif" 2
check_contains "plot --format gif: message" "$(stderr_text)" "'gif' is not one of: png, svg, pdf"
check_eq "plot --format gif leaves D as it was" "$before" "$(tree_state D)"
hs plot D -o F --font "No Such Font"
check_rc "plot D -o F --font 'No Such Font'" 2
check_contains "plot --font: message names the font" "$(stderr_text)" "font 'No Such Font' is not installed"
check_absent "plot --font: no folder F created" F
check_match "plot --font: the message names the option, not D/params.resolved.ini" "$(stderr_text)" \
    "^--font: error: "

# ---- determinism ------------------------------------------------------------------

newcase determinism
hs run -o r1 --format png,svg,pdf "${SMALL[@]}" -q
check_rc "determinism: first run" 0
hs run -o r2 --format png,svg,pdf "${SMALL[@]}" -q
check_rc "determinism: second run" 0
for f in $FIGURE_FILES; do
    check_same_file "two runs give a byte-identical $f" r1/$f r2/$f
done

# ---- bad figure options: exit 2, a message, nothing written ---------------------

# A complete folder that failed runs must leave as it was.
newcase bad
hs run -o keep --figures phases --format png "${SMALL[@]}" -q
check_rc "bad options: a complete folder keep/ to leave alone" 0
keep_before=$(tree_state keep)
nbad=0

bad_option() { # what needle args...  (run with args into a new folder and into keep/)
    local what=$1 needle=$2
    shift 2
    nbad=$((nbad + 1))
    hs run -o "new$nbad" "$@"
    check_rc "$what" 2
    check_contains "$what: the message names the problem" "$(stderr_text)" "$needle"
    check_absent "$what: no output folder created" "new$nbad"
    check_eq "$what: nothing on stdout" "" "$(stdout_text)"
    hs run -o keep "$@"
    check_rc "$what, into an existing folder" 2
    check_eq "$what: the existing folder is left as it was" "$keep_before" "$(tree_state keep)"
}

bad_option "--format gif" "'gif' is not one of: png, svg, pdf" --format gif
check_match "--format gif: reported under --format, with the parameter it sets" "$(stderr_text)" \
    "^--format: error: 'figure.formats=gif': "
bad_option "--dpi 0" "dpi = 0 is out of range" --dpi 0
check_match "--dpi 0: reported under --dpi" "$(stderr_text)" "^--dpi: error: 'figure.dpi=0': "
bad_option "--theme sepia" "sepia" --theme sepia
check_match "--theme sepia: reported under --theme" "$(stderr_text)" "^--theme: error: 'figure.theme=sepia': "
bad_option "--set figure.formats=gif" "'gif' is not one of: png, svg, pdf" --set figure.formats=gif
check_match "--set figure.formats=gif: reported under --set" "$(stderr_text)" \
    "^--set: error: 'figure.formats=gif': "
bad_option "--font 'No Such Font' after --set" "is not installed" --set figure.dpi=100 --font "No Such Font"
check_match "--font after a --set: reported under --font" "$(stderr_text)" "^--font: error: font 'No Such Font'"
bad_option "--format png,gif" "'gif' is not one of: png, svg, pdf" --format png,gif
bad_option "--width 0" "width = 0 is out of range [64, 20000]" --width 0
bad_option "--height 0" "height = 0 is out of range [64, 20000]" --height 0
bad_option "--width 20000 --height 20000" "larger than 64 million pixels" --width 20000 --height 20000
bad_option "--width abc" "'abc' is not a size" --width abc
bad_option "--height 12x" "'12x' is not a size" --height 12x
bad_option "--dpi 0" "dpi = 0 is out of range" --dpi 0
bad_option "--theme neon" "'neon' is not one of: light, dark" --theme neon
bad_option "--font 'No Such Font'" "font 'No Such Font' is not installed" --font "No Such Font"
bad_option "--figures phasez" "'phasez' is not one of" --figures phasez

# an output folder that cannot be created
printf 'not a folder\n' >somefile
if [ "$(id -u)" -eq 0 ]; then
    # root writes anywhere: a path under a regular file cannot be a folder
    target=somefile/out
else
    mkdir -p locked && chmod 0555 locked
    target=locked/out
fi
here_before=$(tree_state .)
hs run -o "$target" --format png,svg,pdf "${SMALL[@]}"
check_rc "unwritable output folder $target" 2
check_contains "unwritable output folder: the message names it" "$(stderr_text)" "$target"
check_eq "unwritable output folder: nothing left behind" "$here_before" "$(tree_state .)"
[ -d locked ] && chmod 0755 locked

# [figure] errors in a parameter file name the file and line
printf '# figures\n[figure]\nformats = png, gif\n' >formats.ini
hs run formats.ini -o new-formats
check_rc "[figure] formats = png, gif in a file" 2
check_match "[figure] formats = png, gif: file:line of the value" "$(stderr_text)" \
    "^formats\\.ini:3(:[0-9]+)?: error: .*'gif' is not one of: png, svg, pdf"
check_absent "[figure] formats = png, gif: no output folder created" new-formats
printf '[figure]\nwidth = 400\nheight = 250x\n' >height.ini
hs run height.ini -o new-height
check_rc "[figure] height = 250x in a file" 2
check_match "[figure] height = 250x: file:line" "$(stderr_text)" '^height\.ini:3(:[0-9]+)?: error: '
check_absent "[figure] height = 250x: no output folder created" new-height
printf '[figure]\ntheme = dark\nfont = No Such Font\n' >font.ini
hs run font.ini -o new-font
check_rc "[figure] font = No Such Font in a file" 2
check_match "[figure] font = No Such Font: file:line of the value" "$(stderr_text)" \
    "^font\\.ini:3(:[0-9]+)?: error: .*No Such Font"
check_absent "[figure] font = No Such Font: no output folder created" new-font
# ...and a font given on the command line is blamed on the option, not on
# a parameter file that sets no font
hs run "$SRC/params/acute-skin-cut.ini" --font "No Such Font" -o new-font2
check_rc "run acute-skin-cut.ini --font 'No Such Font'" 2
check_match "--font with a parameter file: the message names the option, not the file" "$(stderr_text)" \
    "^(figure\\.font|--font|--set)[^ ]*: error: .*No Such Font"
check_absent "--font with a parameter file: no output folder created" new-font2
check_eq "bad options: keep/ is still as it was" "$keep_before" "$(tree_state keep)"

# ---- a relabelled figure --------------------------------------------------------

# Only the hemostasis label changes: the figures that show it differ from the
# default's, the outcome (which does not show it) stays byte-identical, and
# the PDF's text holds the new word where the old one was.
newcase relabel
printf 'based_on = %s/params/default.ini\n[figure]\nlabel_hemostasis = Hämostase\n' "$SRC" >relabel.ini
hs params relabel.ini --resolved
check_rc "params relabel.ini --resolved" 0
check_match "params --resolved shows the new label" "$(stdout_text)" '^label_hemostasis = Hämostase$'
hs run relabel.ini -o de --format png,pdf "${SMALL[@]}" -q
check_rc "run relabel.ini" 0
hs run "$SRC/params/default.ini" -o en --format png,pdf "${SMALL[@]}" -q
check_rc "run default.ini with the same figure options" 0
check_different_file "relabelled phases.png differs from the default's" de/phases.png en/phases.png
check_different_file "relabelled phases-log.png differs from the default's" de/phases-log.png en/phases-log.png
check_same_file "relabelled outcome.png (no hemostasis label) equals the default's" de/outcome.png \
    en/outcome.png
de_text=$(pdftotext de/phases-log.pdf - 2>&1)
en_text=$(pdftotext en/phases-log.pdf - 2>&1)
check_contains "the default phases-log.pdf says Hemostasis" "$en_text" "Hemostasis"
check_contains "the relabelled phases-log.pdf says Hämostase" "$de_text" "Hämostase"
check_not_contains "the relabelled phases-log.pdf no longer says Hemostasis" "$de_text" "Hemostasis"
check_contains "the relabelled handout lists figure.label_hemostasis as changed" \
    "$(pdftotext de/handout.pdf - 2>&1)" "label_hemostasis"

# Pango markup in a label: sub- and superscripts are drawn, not shown as tags;
# text that is not valid markup is shown as written
printf 'based_on = %s/params/default.ini\n[figure]\nlabel_collagen_iii = Col<sup>III</sup>\nlabel_collagen_i = A & B\n' \
    "$SRC" >markup.ini
hs run markup.ini -o mk --figures cells --format pdf "${SMALL[@]}" -q
check_rc "run markup.ini (a <sup> label and a bare '&')" 0
mk_text=$(pdftotext mk/cells.pdf - 2>&1)
check_contains "the <sup> label is drawn as its text" "$mk_text" "Col"
check_not_contains "the <sup> tag itself is not drawn" "$mk_text" "<sup>"
# (spaces as pdftotext guesses them from the glyph positions, which depend on where the name is set)
check_contains "a label that is not valid markup is drawn as written" "$(tr -d ' ' <<<"$mk_text")" "A&B"

# --format means the figures' formats for every command, the batch ones too,
# in both spellings; the figure options are parsed by one parser
hs sweep --vary schedule.interval=2,4 -qo sw-svg --format=svg "${SMALL[@]}" --set schedule.count=2
check_rc "sweep --format=svg" 0
check_eq "sweep --format=svg draws sweep.svg alone" "sweep.csv sweep.svg" "$(ls sw-svg | tr '\n' ' ' | sed 's/ $//')"
hs sweep --vary schedule.interval=2,4 -q -o sw-pdf --format pdf --theme dark "${SMALL[@]}" --set schedule.count=2
check_rc "sweep --format pdf --theme dark" 0
check_file "... draws sweep.pdf" sw-pdf/sweep.pdf
hs run -q --output=eq --figures=phases --format=svg --width=400 --height=250 --dpi=60
check_rc "run --figures=phases --format=svg --width=400 ..." 0
hs run -q -o sp --figures phases --format svg "${SMALL[@]}"
check_same_file "run: --opt=value draws the same figure as --opt value" eq/phases.svg sp/phases.svg

# ---------------------------------------------------------------------------

summary
