#!/usr/bin/env bash
# docs/MODEL.md describes the code: every parameter `healsim params` lists
# appears in its table with the same default value, and every CSV column of
# timeseries.csv is named in it.
set -u
healsim=$1
src=$2
model="$src/docs/MODEL.md"
pass=0
fail=0
while IFS= read -r line; do
  name=$(printf '%s' "$line" | cut -c1-48 | sed 's/ *$//')
  value=$(printf '%s' "$line" | cut -c50-63 | sed 's/ *$//')
  [ "$name" = "title" ] && continue
  if grep -qF "| \`$name\` | $value |" "$model"; then
    pass=$((pass + 1))
  else
    echo "FAIL: docs/MODEL.md has no row '| \`$name\` | $value |' (healsim params says $name = $value)"
    fail=$((fail + 1))
  fi
done < <("$healsim" params | tail -n +2)
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
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
