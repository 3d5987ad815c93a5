#!/usr/bin/env bash
# test_layout.sh — every figure of every preset, at every size preset, in
# both themes, has a layout a reader can read: no two text boxes overlap,
# every text box is on the page, no key lies over a curve, and every text
# reaches 4.5:1 contrast against what is under it.
#
# The figures are drawn by the real command with HEALSIM_LAYOUT_DUMP, so
# each writes NAME.layout.json (plots/layout.c), which tests/check_layout.py
# reads.  PNG only, at 30 dpi: the layout is in points, the same in every
# format and at every dpi (test_figures checks the formats match).  Besides
# the run figures, the comparison figures of three presets and the batch
# figures (sweep line and heatmap, population, sensitivity) of the default.
#
# Usage: test_layout.sh HEALSIM SOURCE_DIR
set -u
healsim=$1
source_dir=$2
check="python3 $source_dir/tests/check_layout.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
cases=0

# draw WHAT CMD ARGS...: run healsim with the layout dump into a fresh
# folder, then check every dump.
draw() {
    local what=$1
    shift
    local n=$((cases += 1))
    local dump="$work/dump$n" out="$work/out$n"
    mkdir -p "$dump"
    HEALSIM_LAYOUT_DUMP="$dump" "$healsim" "$@" -q -o "$out" --format png --dpi 30 >"$work/log" 2>&1
    local rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "FAIL $what: healsim $* exited $rc:"
        cat "$work/log"
        failed=$((failed + 1))
        return
    fi
    if ! $check "$what" "$dump"; then
        echo "FAIL $what (healsim $*)"
        failed=$((failed + 1))
    fi
    rm -rf "$dump" "$out"
}

presets=$("$healsim" presets | awk '{print $1}')
[ -n "$presets" ] || { echo "FAIL: healsim presets lists nothing"; exit 1; }
sizes="slide column a4 letter"
themes="light dark"

for preset in $presets; do
    for size in $sizes; do
        for theme in $themes; do
            draw "$preset $size $theme" run "$preset" --size "$size" --theme "$theme"
        done
    done
done

for size in $sizes; do
    for theme in $themes; do
        draw "compare $size $theme" compare lax-ligament-untreated default steroid-injection \
            --size "$size" --theme "$theme"
        draw "sweep $size $theme" sweep default --vary schedule.interval=1:6:n6 --jobs 2 \
            --size "$size" --theme "$theme"
        draw "heatmap $size $theme" sweep default --vary schedule.interval=2:6:n3 \
            --vary schedule.concentration_pct=5:25:n3 --jobs 2 --size "$size" --theme "$theme"
        draw "population $size $theme" population default --n 12 --seed 1 --jobs 2 \
            --size "$size" --theme "$theme"
        draw "sensitivity $size $theme" sensitivity default --jobs 2 --size "$size" --theme "$theme"
    done
done

echo "test_layout: $cases cases, $failed failed"
[ "$failed" -eq 0 ]
