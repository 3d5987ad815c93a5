#!/usr/bin/env bash
# Install what healsim needs from Debian 12 packages, and nothing from anywhere
# else.  Safe to run again: when everything is present it changes nothing and
# needs no network.  Run as root (or with sudo available).
#
# Why each package is here:
#   build-essential, cmake, pkg-config  compiler and build system
#   libgsl-dev       GNU Scientific Library: the ODE steppers (odeiv2)
#   libinih-dev      inih: parses the INI parameter files
#   libjansson-dev   jansson: writes summary.json
#   libcairo2-dev    cairo: draws the figures to PNG, SVG and PDF
#   libpango1.0-dev  pango: figure text (font selection, UTF-8, Greek, markup)
#   libpng-dev       libpng: fast PNG encoding of the figures
#   fonts-dejavu-core  DejaVu Sans, the figures' font, so they look the same everywhere
#   python3          the CLI tests read the CSV/JSON outputs back with it
#   clang            the fuzz targets (libFuzzer) and the sanitizer build in .ci/run
#   libclang-rt-14-dev  clang's runtime libraries (libFuzzer, the sanitizers): clang
#                    only recommends it, and --no-install-recommends skips it
#   help2man         writes the man pages (healsim.1, one per command) from --help
#   valgrind         the CLI tests under memcheck (no leak, no invalid access)
#   librsvg2-bin, poppler-utils, libxml2-utils
#                    the figure tests check SVGs render (rsvg-convert), PDFs
#                    open (pdfinfo) and SVGs are well-formed XML (xmllint)
# With --bench, also what bench/run.sh compares healsim with:
#   python3-numpy, python3-scipy, python3-matplotlib  the Python peers in bench/peers/
#   time             /usr/bin/time, for the batch benchmark's peak memory
#   r-base-core, r-cran-desolve  the R peer (deSolve lsoda) in bench/peers/
#   xppaut           the XPPAUT peer (batch mode) in bench/peers/
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libgsl-dev libinih-dev libjansson-dev
  libcairo2-dev libpango1.0-dev libpng-dev fonts-dejavu-core
  python3 librsvg2-bin poppler-utils libxml2-utils
  clang libclang-rt-14-dev help2man valgrind
)
for arg in "$@"; do
  case "$arg" in
    --bench) packages+=(python3-numpy python3-scipy python3-matplotlib time r-base-core r-cran-desolve xppaut) ;;
    *) echo "usage: scripts/setup-debian.sh [--bench]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup: all ${#packages[@]} Debian packages are installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "setup: need root to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
