#!/usr/bin/env bash
# Make the gallery in docs/figures/: the figures of every preset in params/,
# as the README and docs/figures/README.md show them.  Run it after a change
# that alters the figures, look at the result, and commit it.
#
#   scripts/make-gallery.sh [BUILD_DIR]     (default: build; built if needed)
#
# The gallery holds, for every preset, its overview; for the default
# scenario also the four single figures; and the three figures of
# `healsim compare` with no arguments (the five treatment arms).  They are PNGs of 1200 x 750 px at
# 150 dpi: the same layout as the default 1600 x 1000 at 200 dpi, smaller
# files.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" >/dev/null
cmake --build "$build" -j2 --target healsim >/dev/null
healsim="$build/healsim"
out="$root/docs/figures"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
size=(--width 1200 --height 750 --dpi 150 --format png)
# the batch commands take the same settings as [figure] keys (their --format is csv|json)
batch_size=(--set figure.width=1200 --set figure.height=750 --set figure.dpi=150 --set figure.formats=png)

rm -f "$out"/*.png
{
    echo "# Gallery"
    echo
    echo "Made by \`scripts/make-gallery.sh\` from the presets in \`params/\`, at"
    echo "1200 × 750 px (the default is 1600 × 1000). Every preset's overview, then"
    echo "the single figures of the default scenario."
    echo
} >"$tmp/README.md"
for file in "$root"/params/*.ini; do
    name="$(basename "$file" .ini)"
    "$healsim" run "$file" -o "$tmp/$name" --quiet "${size[@]}" --figures overview
    cp "$tmp/$name/overview.png" "$out/$name-overview.png"
    title="$(sed -n 's/^title = //p' "$tmp/$name/params.resolved.ini")"
    printf '## %s\n\n`healsim run params/%s.ini`\n\n![%s](%s-overview.png)\n\n' \
        "$title" "$name" "$title" "$name" >>"$tmp/README.md"
done
"$healsim" run -o "$tmp/default-single" --quiet "${size[@]}" \
    --figures phases,phases-log,cells,outcome
printf '## The single figures of the default scenario\n\n' >>"$tmp/README.md"
for fig in phases phases-log cells outcome; do
    cp "$tmp/default-single/$fig.png" "$out/default-$fig.png"
    printf '### %s\n\n![%s](default-%s.png)\n\n' "$fig" "$fig" "$fig" >>"$tmp/README.md"
done
"$healsim" compare -o "$tmp/compare" --quiet "${size[@]}"
printf '## healsim compare: the five arms of params/compare-default.txt\n\n' >>"$tmp/README.md"
for fig in compare-outcome compare-phases compare-bars; do
    cp "$tmp/compare/$fig.png" "$out/$fig.png"
    printf '### %s\n\n![%s](%s.png)\n\n' "$fig" "$fig" "$fig" >>"$tmp/README.md"
done
"$healsim" sweep --vary schedule.interval=1:8:1 --vary schedule.count=2:6:1 -o "$tmp/sweep" --quiet "${batch_size[@]}"
"$healsim" population --n 1000 --seed 42 -o "$tmp/population" --quiet "${batch_size[@]}"
"$healsim" sensitivity -o "$tmp/sensitivity" --quiet "${batch_size[@]}"
printf '## Batch runs\n\n' >>"$tmp/README.md"
for fig in sweep population sensitivity; do
    cp "$tmp/$fig/$fig.png" "$out/$fig.png"
    printf '### healsim %s\n\n![%s](%s.png)\n\n' "$fig" "$fig" "$fig" >>"$tmp/README.md"
done
cp "$tmp/README.md" "$out/README.md"
echo "gallery: $(ls "$out"/*.png | wc -l) figures in docs/figures/ ($(du -sh "$out" | cut -f1))"
