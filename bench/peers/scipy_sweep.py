#!/usr/bin/env python3
"""The batch peer: N one-year simulations of the default scenario in a Python
loop with scipy, one value varied from run to run, summary outcomes only.

It is what a user without healsim's batch commands would write: the model of
scipy_model.py (the same equations and params/default.ini), one
scipy.integrate.solve_ivp call per segment between injections, and only the
strength at the checkpoints (output.checkpoints_days) and at the end kept:
no output grid and no dense output.  bench/run.sh compares its rate with
`healsim sweep --vary tissue.turnover=0.2:0.8:nN`.

  scipy_sweep.py --n 100                    # turnover 0.2 .. 0.8, N evenly spaced values
  scipy_sweep.py --n 64 --vary interval     # schedule.interval 1, 2, .., 8 weeks, cyclically
  scipy_sweep.py --n 100 --check sweep.csv  # also compare strength_end_pct run by run
                                            # with a healsim sweep of the same values

Prints the rate (runs per second, one process, one core) and, with --kv,
key=value lines for bench/run.sh.  With --check, exits 1 if the largest
relative deviation of strength_end_pct exceeds --check-tol.  Needs numpy and
scipy (Debian: python3-scipy; run with /usr/bin/python3).
"""
import argparse
import csv
import os
import statistics
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scipy_model as sm  # noqa: E402  (the model, the INI reader, the schedule)


def run_values(n, vary):
    """The value of the varied parameter in each run."""
    if vary == "turnover":  # as `healsim sweep --vary tissue.turnover=0.2:0.8:nN`
        return [0.2 + 0.6 * i / (n - 1) if n > 1 else 0.2 for i in range(n)]
    return [float(1 + i % 8) for i in range(n)]  # interval: 1..8 weeks, cyclically


KEYS = {"turnover": "tissue.turnover", "interval": "schedule.interval"}


def simulate(p, method, checkpoints):
    """One run of the parameter dict p: the strength at each checkpoint (days)
    and at the end of the span.  Integration restarts at every injection, as
    healsim's driver does; t_eval holds only the segment's checkpoints and its
    end, so no output grid is kept."""
    rhs, jac = sm.make_model(p)
    events = sm.schedule(p)
    span = sm.num(p, "schedule.span_days")
    rtol, atol = sm.num(p, "solver.rtol"), sm.num(p, "solver.atol")
    y = np.zeros(sm.N_STATES)
    y[sm.S] = sm.num(p, "tissue.initial_strength_pct")
    y[sm.B] += sm.num(p, "tissue.initial_injury")
    y[sm.D] += sm.num(p, "tissue.initial_injury")
    use_jac = method in ("BDF", "Radau")
    bounds = [t for t, _ in events if t < span] + [span]
    injuries = [inj for t, inj in events if t < span] + [None]
    at = {}
    t = 0.0
    for t_end, injury in zip(bounds, injuries):
        if t_end > t:
            inside = [c for c in checkpoints if t < c < t_end] + [t_end]
            sol = solve_ivp(rhs, (t, t_end), y, method=method, rtol=rtol, atol=atol,
                            jac=jac if use_jac else None, t_eval=inside)
            if sol.status != 0:
                raise RuntimeError(f"{method} failed at t = {t}: {sol.message}")
            for c, s in zip(sol.t, sol.y[sm.S]):
                at[float(c)] = float(s)
            y = sol.y[:, -1].copy()  # t_eval ends at t_end: the state there
            t = t_end
        if injury is not None:
            y[sm.B] += injury
            y[sm.D] += injury
    return y[sm.S], at


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100, help="number of runs (default 100)")
    ap.add_argument("--vary", choices=sorted(KEYS), default="turnover",
                    help="turnover: 0.2..0.8 in N even steps (default); "
                         "interval: 1..8 weeks, cyclically")
    ap.add_argument("--method", default="LSODA", help="solve_ivp method (default LSODA)")
    ap.add_argument("--ini", default=sm.DEFAULT_INI, help="parameter file (default params/default.ini)")
    ap.add_argument("--check", metavar="CSV",
                    help="a healsim sweep.csv of the same values: compare strength_end_pct")
    ap.add_argument("--check-tol", type=float, default=1e-4,
                    help="largest relative deviation allowed by --check (default 1e-4)")
    ap.add_argument("--kv", action="store_true", help="print key=value lines for scripts")
    args = ap.parse_args()
    if args.n < 1:
        ap.error("--n must be at least 1")

    base = sm.load_params(args.ini)
    checkpoints = [c for c in (float(x) for x in base.get("output.checkpoints_days", "").split(",")
                               if x.strip())]
    key = KEYS[args.vary]
    values = run_values(args.n, args.vary)

    simulate(dict(base), args.method, checkpoints)  # warm-up: imports, first-call costs
    ends, per_run = [], []
    t0 = time.perf_counter()
    for v in values:
        a = time.perf_counter()
        p = dict(base)
        p[key] = repr(v)
        s_end, _ = simulate(p, args.method, checkpoints)
        ends.append(s_end)
        per_run.append(time.perf_counter() - a)
    total = time.perf_counter() - t0
    rate = args.n / total
    print(f"scipy {__import__('scipy').__version__} solve_ivp {args.method}, {args.n} runs varying "
          f"{key} ({values[0]:g} .. {values[-1]:g}): {total:.2f} s, {rate:.1f} runs/s, "
          f"median {1e3 * statistics.median(per_run):.1f} ms a run; "
          f"strength_end {min(ends):.3f} .. {max(ends):.3f} %")
    if args.kv:
        print(f"scipy_sweep_n={args.n} scipy_sweep_total_s={total:.4f} "
              f"scipy_sweep_runs_per_s={rate:.4f} "
              f"scipy_sweep_median_ms={1e3 * statistics.median(per_run):.4f} "
              f"scipy_sweep_method={args.method} scipy_sweep_vary={key}")

    if not args.check:
        return 0
    with open(args.check, newline="") as f:
        rows = list(csv.DictReader(f))
    worst, worst_i, compared = 0.0, -1, 0
    for i, row in enumerate(rows[:args.n]):
        if row.get("status") != "ok":
            continue
        if abs(float(row[key]) - values[i]) > 1e-9 * max(1.0, abs(values[i])):
            print(f"check: run {i} of {args.check} has {key} = {row[key]}, "
                  f"this loop {values[i]:g}: not the same values")
            return 1
        dev = abs(ends[i] - float(row["strength_end_pct"])) / abs(float(row["strength_end_pct"]))
        compared += 1
        if dev > worst:
            worst, worst_i = dev, i
    ok = compared > 0 and worst <= args.check_tol
    where = (f" (run {worst_i}: scipy {ends[worst_i]:.7f}, healsim "
             f"{float(rows[worst_i]['strength_end_pct']):.7f})") if worst_i >= 0 else ""
    print(f"check {'PASSED' if ok else 'FAILED'}: strength_end_pct of {compared} runs, "
          f"max rel. deviation from {os.path.basename(args.check)} {worst:.1e}{where}")
    if args.kv:
        print(f"scipy_sweep_check_max_rel_dev={worst:.3e} scipy_sweep_check_runs={compared}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
