#!/usr/bin/env python3
"""sweep_interval.py: which injection schedule gives the strongest tissue
after a year?  Drives `healsim sweep` from Python (standard library only).

A worked example of scripting healsim's batch commands from Python:

  1. one healsim command runs the scenario for every interval between
     sessions from 1 to 8 weeks and, with --count, for every number of
     sessions too (every combination: 8 x 4 = 32 runs for --count 3:6:1):
         healsim sweep --vary schedule.interval=1:8:1 [--vary schedule.count=3:6:1] -o DIR -q
  2. DIR/sweep.csv (one row per run) is read with csv.DictReader, by
     column name;
  3. it prints the end strength as a table (interval down, number of sessions
     across) and the best schedule.

    python3 examples/sweep_interval.py
    python3 examples/sweep_interval.py --count 3:6:1
    python3 examples/sweep_interval.py --healsim build/healsim -o my-sweep params/older-patient.ini

healsim is --healsim PATH, else $HEALSIM, else `healsim` on PATH, else
../build/healsim next to this script.  Exit status 0 when a best schedule was
found; non-zero when healsim failed or sweep.csv is missing, empty or has no
successful run.  The answer is a property of the model and its teaching
parameters, not clinical advice (see docs/MODEL.md).
"""
import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def find_healsim(given):
    """--healsim, else $HEALSIM, else healsim on PATH, else ../build/healsim."""
    for candidate, what in ((given, "--healsim"), (os.environ.get("HEALSIM"), "$HEALSIM")):
        if candidate:
            if not (os.path.isfile(candidate) and os.access(candidate, os.X_OK)):
                sys.exit(f"sweep_interval.py: {what} {candidate} is not an executable")
            return candidate
    on_path = shutil.which("healsim")
    if on_path:
        return on_path
    fallback = os.path.normpath(os.path.join(HERE, "..", "build", "healsim"))
    if os.access(fallback, os.X_OK):
        return fallback
    sys.exit("sweep_interval.py: healsim is not on PATH and ../build/healsim does not exist; "
             "pass --healsim PATH or set HEALSIM")


def schedule_settings(healsim, file_args):
    """schedule.unit and schedule.span_days of the scenario, from
    `healsim params --resolved` (weeks and 365 in the default)."""
    cmd = [healsim, "params", *file_args, "--resolved"]
    try:
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    except subprocess.CalledProcessError as e:
        sys.exit(f"sweep_interval.py: {' '.join(cmd)} failed (exit status {e.returncode})")
    section, found = "", {}
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[schedule]" and "=" in line:
            key, value = (part.strip() for part in line.split("=", 1))
            found[key] = value
    return found.get("unit", "weeks"), found.get("span_days", "?")


def run_sweep(healsim, file_args, interval, count, out_dir):
    """Run the sweep; return the path of sweep.csv.  Exit status 1 from healsim
    means some runs failed: their rows are in the file with a status and a
    message, so the others are still used."""
    cmd = [healsim, "sweep", *file_args, "--vary", f"schedule.interval={interval}"]
    if count:
        cmd += ["--vary", f"schedule.count={count}"]
    cmd += ["-o", out_dir, "-q"]
    try:
        subprocess.run(cmd, check=True)
    except subprocess.CalledProcessError as e:
        if e.returncode != 1:
            sys.exit(f"sweep_interval.py: {' '.join(cmd)} failed (exit status {e.returncode})")
        print("note: some runs failed; see the status and message columns of sweep.csv",
              file=sys.stderr)
    path = os.path.join(out_dir, "sweep.csv")
    if not os.path.isfile(path):
        sys.exit(f"sweep_interval.py: {path} is missing")
    if os.path.getsize(path) == 0:
        sys.exit(f"sweep_interval.py: {path} is empty")
    return path


def fmt(value):
    """A value from the CSV as a short label: 4 rather than 4.0."""
    return f"{float(value):g}"


def main():
    ap = argparse.ArgumentParser(
        description="Sweep the interval between sessions (and optionally their number) "
                    "with healsim and print the best schedule.")
    ap.add_argument("file", nargs="?", help="parameter file (default: the built-in default)")
    ap.add_argument("--healsim", metavar="PATH", help="the healsim program")
    ap.add_argument("--interval", default="1:8:1", metavar="SPEC",
                    help="values of schedule.interval (default 1:8:1; any healsim SPEC)")
    ap.add_argument("--count", metavar="SPEC",
                    help="also vary the number of sessions, e.g. 3:6:1")
    ap.add_argument("-o", "--output", metavar="DIR",
                    help="keep sweep.csv and the figure here (default: a temporary folder)")
    args = ap.parse_args()

    healsim = find_healsim(args.healsim)
    file_args = [args.file] if args.file else []
    with tempfile.TemporaryDirectory(prefix="sweep-interval.") as tmp:
        out_dir = args.output or tmp
        path = run_sweep(healsim, file_args, args.interval, args.count, out_dir)
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    unit, span = schedule_settings(healsim, file_args)
    when = {"365": "at 1 year", "730": "at 2 years"}.get(span, f"at day {span}")

    if not rows:
        sys.exit("sweep_interval.py: sweep.csv has a header but no runs")
    needed = {"schedule.interval", "status", "strength_end_pct"} | ({"schedule.count"} if args.count else set())
    missing = needed - set(rows[0])
    if missing:
        sys.exit(f"sweep_interval.py: sweep.csv lacks the columns {', '.join(sorted(missing))}")

    ok = [r for r in rows if r["status"] == "ok"]
    short = "wk" if unit == "weeks" else "d"

    # the table: strength at the end, % of healthy ("-" for a failed run)
    intervals = list(dict.fromkeys(fmt(r["schedule.interval"]) for r in rows))
    counts = list(dict.fromkeys(fmt(r["schedule.count"]) for r in rows)) if args.count else [None]
    cell = {(fmt(r["schedule.interval"]), fmt(r["schedule.count"]) if args.count else None):
            f"{float(r['strength_end_pct']):.1f}" if r["status"] == "ok" else "-" for r in rows}
    print(f"strength at the end ({when}), % of healthy")
    if args.count:
        print(f"{'interval':>10} | " + " ".join(f"{c + ' sess.':>9}" for c in counts))
    else:
        print(f"{'interval':>10} | {'strength':>9}")
    for i in intervals:
        print(f"{i + ' ' + short:>10} | " + " ".join(f"{cell.get((i, c), '?'):>9}" for c in counts))

    if not ok:
        sys.exit("sweep_interval.py: no run succeeded")
    best = max(ok, key=lambda r: float(r["strength_end_pct"]))  # the first of equals
    n = fmt(best["schedule.interval"])
    u = unit[:-1] if n == "1" and unit.endswith("s") else unit
    sessions = f"{fmt(best['n_injections'])} sessions, " if "n_injections" in best else ""
    print(f"best: {sessions}every {n} {u} -> {float(best['strength_end_pct']):.1f} % of healthy "
          f"{when} ({len(ok)} of {len(rows)} runs ok)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
