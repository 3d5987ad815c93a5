#!/usr/bin/env bash
# The docs describe the code: every parameter of the resolved default set
# appears in a table row with its default value — model keys in
# docs/MODEL.md, [figure] keys in docs/FIGURES.md — and every CSV column of
# timeseries.csv is named in docs/MODEL.md.
set -u
healsim=$1
src=$2
model="$src/docs/MODEL.md"
figures="$src/docs/FIGURES.md"
pass=0
fail=0
section=""
while IFS= read -r line; do
  case "$line" in
    "#"* | "") continue ;;
    "["*"]") section=${line#[}; section=${section%]}; continue ;;
  esac
  key=${line%% = *}
  value=${line#* = }
  [ "$key" = "title" ] && continue
  name="${section:+$section.}$key"
  doc=$model
  [ "$section" = "figure" ] && doc=$figures
  if grep -qF "| \`$name\` | $value |" "$doc"; then
    pass=$((pass + 1))
  else
    echo "FAIL: ${doc#"$src"/} has no row '| \`$name\` | $value |' (the default is $name = $value)"
    fail=$((fail + 1))
  fi
done < <("$healsim" params --resolved)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$healsim" run -o - > "$tmp/ts.csv"
for column in $(head -1 "$tmp/ts.csv" | tr ',' ' '); do
  if grep -qF "\`$column\`" "$model"; then
    pass=$((pass + 1))
  else
    echo "FAIL: CSV column '$column' is not named in docs/MODEL.md"
    fail=$((fail + 1))
  fi
done
# The version is defined once (CMakeLists.txt); the command, CITATION.cff and
# the newest CHANGELOG.md entry say the same.
version=$("$healsim" --version | awk '{print $2}')
cmake_version=$(sed -n 's/^project(healsim VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
citation_version=$(sed -n 's/^version: *//p' "$src/CITATION.cff")
changelog_version=$(sed -n 's/^## \([0-9][0-9.]*\) .*/\1/p' "$src/CHANGELOG.md" | head -n 1)
for pair in "CMakeLists.txt:$cmake_version" "CITATION.cff:$citation_version" "CHANGELOG.md:$changelog_version"; do
  if [ "${pair#*:}" = "$version" ]; then
    pass=$((pass + 1))
  else
    echo "FAIL: ${pair%%:*} gives version '${pair#*:}', healsim --version says '$version'"
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
