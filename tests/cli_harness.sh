# shellcheck shell=bash
# cli_harness.sh — the shared harness of healsim's CLI tests (test_cli.sh,
# test_figures_cli.sh, test_batch.sh, test_compare.sh), sourced by them:
#
#     . "$(dirname "${BASH_SOURCE[0]}")/cli_harness.sh"
#
# It takes the script's arguments (HEALSIM_BINARY SOURCE_DIR) and sets
# HEALSIM and SRC (absolute paths); makes a temporary directory T, named
# after the script (healsim-test-cli.XXXXXX for test_cli.sh) and removed on
# exit, with CAP=$T/.capture for the output of the last command, and cd's
# into T.  Each check prints what it checked ("ok   - ..." or "FAIL - ..."
# with the expected and the actual value) and counts into passed and failed;
# the script ends with `summary`, which prints "N passed, M failed" and
# returns non-zero if any check failed.  A script may define its own pass,
# fail or hs after sourcing it (test_batch.sh and test_compare.sh keep
# quiet passes and their output in out.txt and err.txt); summary counts
# passed and failed all the same.

if [ $# -ne 2 ]; then
    echo "usage: $0 HEALSIM_BINARY SOURCE_DIR" >&2
    exit 2
fi
HEALSIM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
# shellcheck disable=SC2034 # SRC is for the scripts that source this
SRC=$(cd "$2" && pwd)
if [ ! -x "$HEALSIM" ]; then
    echo "not executable: $HEALSIM" >&2
    exit 2
fi

harness_name=${0##*/}
harness_name=${harness_name%.sh}
T=$(mktemp -d "${TMPDIR:-/tmp}/healsim-${harness_name//_/-}.XXXXXX") || exit 2
# chmod first: a case may leave a read-only folder behind
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
CAP=$T/.capture # stdout/stderr of the last command, kept out of the case folders
mkdir -p "$CAP"
cd "$T" || exit 2

passed=0
failed=0

pass() {
    passed=$((passed + 1))
    echo "ok   - $1"
}

fail() { # what expected actual
    failed=$((failed + 1))
    echo "FAIL - $1"
    echo "       expected: $2"
    echo "       actual:   $3"
}

summary() { # the last line of the output; the script's exit status
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# Run healsim; sets RC, and $CAP/out, $CAP/err hold stdout and stderr.
hs() {
    "$HEALSIM" "$@" >"$CAP/out" 2>"$CAP/err"
    RC=$?
}
stdout_text() { cat "$CAP/out"; }
stderr_text() { cat "$CAP/err"; }

check_eq() { # what expected actual
    if [ "$2" == "$3" ]; then pass "$1"; else fail "$1" "$2" "$3"; fi
}

check_rc() { # what expected_rc  (uses RC; shows stderr on failure)
    if [ "$RC" -eq "$2" ]; then
        pass "$1: exit status $2"
    else
        fail "$1: exit status" "$2" "$RC (stderr: $(head -c 600 "$CAP/err"))"
    fi
}

check_contains() { # what haystack needle
    if [[ "$2" == *"$3"* ]]; then
        pass "$1"
    else
        fail "$1" "text containing '$3'" "$(printf '%s' "$2" | head -c 600)"
    fi
}

check_not_contains() { # what haystack needle
    if [[ "$2" != *"$3"* ]]; then
        pass "$1"
    else
        fail "$1" "text without '$3'" "$(printf '%s' "$2" | head -c 600)"
    fi
}

check_match() { # what text extended-regex (any line)
    if printf '%s\n' "$2" | grep -Eq -- "$3"; then
        pass "$1"
    else
        fail "$1" "a line matching /$3/" "$(printf '%s' "$2" | head -c 600)"
    fi
}

check_absent() { # what path
    if [ ! -e "$2" ]; then
        pass "$1"
    else
        fail "$1" "no '$2'" "'$2' exists: $(ls -la "$2" 2>&1 | head -5)"
    fi
}

check_file() { # what path
    if [ -f "$2" ] && [ -s "$2" ]; then
        pass "$1"
    else
        fail "$1" "a non-empty file '$2'" "$(ls -la "$2" 2>&1)"
    fi
}

check_same_file() { # what a b
    if cmp -s "$2" "$3"; then
        pass "$1"
    else
        fail "$1" "'$2' and '$3' byte-identical" "$(cmp "$2" "$3" 2>&1 | head -3)"
    fi
}

newcase() { # fresh empty folder for one case, and cd into it
    mkdir -p "$T/$1" && cd "$T/$1" || exit 2
}

tree_state() { # listing and checksums of everything under a folder
    [ -d "$1" ] || { echo "no folder $1"; return; }
    (cd "$1" && find . -print | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z \
        | xargs -0 -r sha256sum)
}
