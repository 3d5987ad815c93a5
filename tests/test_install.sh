#!/usr/bin/env bash
# test_install.sh — healsim installs, and the installed tree works wherever
# it is moved.
#
#   test_install.sh HEALSIM_BINARY SOURCE_DIR BUILD_DIR MAN(ON|OFF) SANITIZE(ON|OFF)
#
# `cmake --install BUILD_DIR --prefix` a temporary folder, then move that
# folder elsewhere, so that anything found through a path compiled in at
# build or install time is no longer there.  From an unrelated empty
# folder, the moved tree must:
#   - run the default scenario with every figure (the figure module is found
#     relative to the library, the library relative to the command);
#   - run `compare` with no arguments (the built-in arm list) and a preset
#     by name, and a preset copied into the empty folder;
#   - build and run a C program against it with pkg-config and with
#     find_package(healsim), which prints the same strength as the command;
#   - carry its man pages (one per command of `healsim --help`), bash
#     completion that completes, the headers and the docs;
# and no installed binary may name the build or source folder in its
# RUNPATH or read-only data.
BUILD=$(cd "${3:?usage: test_install.sh HEALSIM SOURCE_DIR BUILD_DIR [MAN] [SANITIZE]}" && pwd) || exit 2
. "$(dirname "${BASH_SOURCE[0]}")/cli_harness.sh" "$1" "$2"
MAN=${4:-ON}
SANITIZE=${5:-OFF}

cmake --install "$BUILD" --prefix "$T/stage" >"$CAP/install.log" 2>&1
RC=$?
check_rc "cmake --install --prefix" 0
if [ "$RC" -ne 0 ]; then tail -n 20 "$CAP/install.log"; summary; exit 1; fi
mv "$T/stage" "$T/moved"
P=$T/moved
mkdir "$T/empty"
cd "$T/empty" || exit 2

# ---- the layout ------------------------------------------------------------------
libdir=$(cd "$P" && find . -name 'libhealsim.so' -printf '%h\n' | sed 's|^\./||' | head -n 1)
check_eq "libhealsim.so is installed under lib" "lib" "${libdir%%/*}"
for f in bin/healsim "$libdir/libhealsim.a" "$libdir/healsim/healsim-figures.so" \
    "$libdir/pkgconfig/healsim.pc" "$libdir/cmake/healsim/healsimConfig.cmake" \
    "$libdir/cmake/healsim/healsimConfigVersion.cmake" \
    include/healsim/params.h include/healsim/run.h include/healsim/version.h \
    share/healsim/params/default.ini share/healsim/params/compare-default.txt \
    share/bash-completion/completions/healsim \
    share/doc/healsim/README.md share/doc/healsim/LICENSE share/doc/healsim/CHANGELOG.md \
    share/doc/healsim/docs/MODEL.md; do
    if [ -e "$P/$f" ]; then pass "installed: $f"; else fail "installed: $f" "a file" "missing"; fi
done
for preset in "$SRC"/params/*; do
    name=${preset##*/}
    if cmp -s "$preset" "$P/share/healsim/params/$name"; then
        pass "preset installed unchanged: $name"
    else
        fail "preset installed unchanged: $name" "same bytes as params/$name" "different or missing"
    fi
done
soname=$(readelf -d "$P/$libdir/libhealsim.so" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
check_contains "libhealsim.so has a SONAME libhealsim.so.N" "$soname" "libhealsim.so."
if [ -e "$P/$libdir/$soname" ]; then pass "the SONAME file $soname exists"; else fail "the SONAME file exists" "$soname" "missing"; fi

# ---- nothing names the build or the source folder -------------------------------------
for f in bin/healsim "$libdir/$soname" "$libdir/healsim/healsim-figures.so"; do
    runpath=$(readelf -d "$P/$f" | sed -n 's/.*R\(UN\)\?PATH.*\[\(.*\)\].*/\2/p')
    case "$runpath" in
        ""|'$ORIGIN'*) pass "$f: RUNPATH is relative ('$runpath')" ;;
        *) fail "$f: RUNPATH is relative to \$ORIGIN" "\$ORIGIN/..." "$runpath" ;;
    esac
    rodata=$(readelf -p .rodata "$P/$f" 2>/dev/null)
    # The sanitizers record each instrumented source file's name for their
    # reports; those names locate nothing at run time.  Any other path
    # (a folder to read presets or modules from) still fails.
    [ "$SANITIZE" = ON ] && rodata=$(grep -vE '\]  /[^ ]+\.[ch]$' <<<"$rodata")
    for dir in "$BUILD" "$SRC"; do
        if grep -qF "$dir" <<<"$rodata"; then
            fail "$f: no compiled-in path to $dir" "absent from .rodata" "$(grep -F "$dir" <<<"$rodata" | head -n 2)"
        else
            pass "$f: no compiled-in path to ${dir##*/}"
        fi
    done
done

# ---- the moved command, from an empty folder ----------------------------------------
H=$P/bin/healsim
run() { "$H" "$@" >"$CAP/out" 2>"$CAP/err"; RC=$?; }
run --version
check_rc "moved healsim --version" 0
run run -o out
check_rc "moved healsim run (every default figure)" 0
for f in timeseries.csv summary.json overview.png phases.svg handout.pdf; do
    if [ -s "out/$f" ]; then pass "moved run wrote $f"; else fail "moved run wrote $f" "a file" "missing ($(stderr_text | head -c 300))"; fi
done
run compare -o cmp
check_rc "moved healsim compare with no arguments (built-in arms)" 0
if [ -s cmp/compare.csv ]; then
    check_eq "compare ran the five arms of compare-default.txt" 6 "$(wc -l <cmp/compare.csv)"
else
    fail "compare wrote compare.csv" "a file" "missing"
fi
run run ligament-prolotherapy -o by-name --no-figures
check_rc "a preset by name: healsim run ligament-prolotherapy" 0
cp "$P/share/healsim/params/ligament-prolotherapy.ini" mine.ini
run run mine.ini -o copied --no-figures
check_rc "a preset copied into an empty folder runs unchanged" 0
if [ -s by-name/summary.json ] && [ -s copied/summary.json ]; then
    check_eq "the copied preset and the preset by name give the same timeseries" \
        "$(md5sum <by-name/timeseries.csv)" "$(md5sum <copied/timeseries.csv)"
fi

# ---- man pages and completion ---------------------------------------------------------
commands=$("$H" --help | awk '/^Commands:/{on=1; next} on && /^$/{exit} on && /^  [a-z]/{print $1}' | grep -vx help)
check_contains "healsim --help lists the commands" "$commands" "run"
if [ "$MAN" = ON ]; then
    for page in healsim $(printf 'healsim-%s ' $commands); do
        if grep -q '^\.TH' "$P/share/man/man1/$page.1" 2>/dev/null; then
            pass "man page $page.1"
        else
            fail "man page $page.1" "share/man/man1/$page.1" "missing"
        fi
    done
fi
complete_words() { # the words bash completion offers for the command line "$@"
    # shellcheck disable=SC1091
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
             _healsim; printf "%s\n" "${COMPREPLY[@]}"' _ "$P/share/bash-completion/completions/healsim" "$@"
}
check_contains "completion: a command" "$(complete_words "$H" ru)" "run"
check_contains "completion: an option of run" "$(complete_words "$H" run --th)" "--theme"
check_contains "completion: a parameter for --set" "$(complete_words "$H" run --set schedule.int)" "schedule.interval="
check_contains "completion: a theme" "$(complete_words "$H" run --theme d)" "dark"

# ---- a C program against the moved tree ------------------------------------------------
cat >strength.c <<'EOF'
/* The strength at the end of the default scenario, through the installed API. */
#include <stdio.h>
#include <gsl/gsl_errno.h>
#include "healsim/healsim.h"

int main(void)
{
    gsl_set_error_handler_off();
    healsim_params p;
    healsim_diag d;
    if (healsim_params_load(NULL, NULL, 0, &p, NULL, &d) != HEALSIM_OK)
        return 2;
    healsim_run *run;
    if (healsim_simulate(&p, 0, &run, &d) != HEALSIM_OK)
        return 1;
    printf("%.9g\n", healsim_run_summary(run)->strength_end_pct);
    healsim_run_free(run);
    return 0;
}
EOF
expected=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["outcome"]["strength_end_pct"])' out/summary.json 2>/dev/null)
check_close() { # what expected actual: equal to 1e-7 (summary.json keeps 10 digits)
    if python3 -c 'import sys; e, a = float(sys.argv[1]), float(sys.argv[2]); sys.exit(abs(e - a) > 1e-7 * max(1, abs(e)))' "$2" "$3" 2>/dev/null; then
        pass "$1 ($3)"
    else
        fail "$1 (tolerance 1e-7)" "$2" "$3"
    fi
}
sanitize_flags=""
[ "$SANITIZE" = ON ] && sanitize_flags="-fsanitize=address,undefined"
export PKG_CONFIG_PATH="$P/$libdir/pkgconfig"
# shellcheck disable=SC2046,SC2086
cc -std=c17 -Wall -Werror $sanitize_flags strength.c -o strength-pc $(pkg-config --cflags --libs healsim) \
    -Wl,-rpath,"$P/$libdir" >"$CAP/cc.log" 2>&1
RC=$?
check_rc "a C program builds with pkg-config --cflags --libs healsim (log: $(tail -n 3 "$CAP/cc.log" | tr '\n' ' '))" 0
check_eq "pkg-config --modversion healsim is the command's version" \
    "$("$H" --version | awk '{print $2}')" "$(pkg-config --modversion healsim)"
check_close "the pkg-config program prints the command's end strength" "$expected" "$(./strength-pc 2>&1)"

# The README's own example ("From C"), as a reader would copy it.
awk '/^### From C/ {f = 1} f && /^```c$/ {c = 1; next} c && /^```$/ {exit} c' "$SRC/README.md" >readme.c
# shellcheck disable=SC2046,SC2086
cc -std=c17 -Wall -Werror $sanitize_flags readme.c -o readme-pc $(pkg-config --cflags --libs healsim) \
    -Wl,-rpath,"$P/$libdir" >"$CAP/cc-readme.log" 2>&1
RC=$?
check_rc "the README's C example builds with pkg-config (log: $(tail -n 3 "$CAP/cc-readme.log" | tr '\n' ' '))" 0
check_match "... and prints the strength after a year" "$(./readme-pc 2>&1)" '^strength after a year: [0-9]+\.[0-9] %$'

mkdir cmake-project
cp strength.c cmake-project/
cat >cmake-project/CMakeLists.txt <<'EOF'
cmake_minimum_required(VERSION 3.18)
project(strength C)
find_package(healsim 0.2 REQUIRED)
add_executable(strength strength.c)
target_link_libraries(strength PRIVATE healsim::healsim)
EOF
cmake -S cmake-project -B cmake-build -DCMAKE_PREFIX_PATH="$P" -DCMAKE_C_FLAGS="$sanitize_flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$sanitize_flags" >"$CAP/cmake.log" 2>&1 &&
    cmake --build cmake-build >>"$CAP/cmake.log" 2>&1
RC=$?
check_rc "a C program builds with find_package(healsim) and healsim::healsim (log: $(tail -n 3 "$CAP/cmake.log" | tr '\n' ' '))" 0
check_close "the find_package program prints the command's end strength" "$expected" "$(./cmake-build/strength 2>&1)"

summary
