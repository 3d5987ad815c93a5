#!/usr/bin/env bash
# test_symbols.sh — libhealsim.so exports exactly the API of include/healsim/.
#
#   test_symbols.sh LIBHEALSIM_SO FIGURE_MODULE_SO FIGURE_LIBRARY_A SOURCE_DIR
#
# Every symbol the shared library exports starts with healsim_ and is
# declared in a public header; every function a public header declares is
# defined — by libhealsim.so, or, for the drawing functions of figure.h, by
# the figure library (a declaration without a definition would fail only
# when a program calls it); nothing private (healsimi_, file-local helpers)
# leaks.  The figure module exports its one table and nothing of the
# libraries linked into it.
set -u
lib=$1
module=$2
plots=$3
src=$4
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; echo "       expected: $2"; echo "       actual:   $3"; }

exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sed 's/@.*//' | sort -u)
[ -n "$exported" ] || { echo "FAIL - cannot read the exports of $lib"; exit 1; }
headers=$(cat "$src"/include/healsim/*.h "$src"/include/healsim/version.h.in)
# identifiers of the headers, comments removed
identifiers=$(sed -e 's|/\*.*\*/||g' -e '/\/\*/,/\*\//d' <<<"$headers" | grep -oE '\bhealsim_[A-Za-z0-9_]+' | sort -u)
# functions declared at file scope: a line that starts with a type and names healsim_x(
declared=$(sed -e 's|/\*.*\*/||g' -e '/\/\*/,/\*\//d' <<<"$headers" \
    | grep -E '^[A-Za-z].*\bhealsim_[a-z0-9_]+\(' | grep -vE '^(typedef|#)' \
    | grep -oE '\bhealsim_[a-z0-9_]+\(' | tr -d '(' | sort -u)

bad_prefix=$(grep -v '^healsim_' <<<"$exported")
check_empty() { # what list expected
    if [ -z "$2" ]; then pass "$1"; else fail "$1" "$3" "$(tr '\n' ' ' <<<"$2")"; fi
}
check_empty "every exported symbol starts with healsim_" "$bad_prefix" "none other"
undeclared=$(comm -23 <(grep '^healsim_' <<<"$exported") <(echo "$identifiers"))
check_empty "every exported symbol is declared in include/healsim/" "$undeclared" "none undeclared"
drawing=$(nm --defined-only "$plots" 2>/dev/null | awk '$2 ~ /^[TDR]$/ {print $3}' | grep '^healsim_' | sort -u)
[ -n "$drawing" ] || { echo "FAIL - cannot read the symbols of $plots"; exit 1; }
missing=$(comm -13 <(sort -u <<<"$exported"$'\n'"$drawing") <(echo "$declared"))
check_empty "every function include/healsim/ declares is defined" "$missing" "none missing"
count=$(wc -l <<<"$exported")
if [ "$count" -ge 40 ]; then pass "the API has $count symbols"; else fail "the API is exported" "40 or more symbols" "$count"; fi

# (AddressSanitizer adds an __odr_asan.NAME marker beside each exported object)
module_exports=$(nm -D --defined-only "$module" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sed 's/@.*//' \
    | grep -v '^__odr_asan\.' | sort -u)
module_count=$(grep -c . <<<"$module_exports")
if [ "$module_count" -eq 1 ]; then
    pass "the figure module exports one symbol ($module_exports)"
else
    fail "the figure module exports one symbol" "its table" "$(tr '\n' ' ' <<<"$module_exports")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
