#!/usr/bin/python3
"""The whole-process scipy peer for bench/run.sh's "peers" section: what a
Python user would run instead of `healsim run`: one simulation of the default
scenario with bench/peers/scipy_model.py (solve_ivp, LSODA, default rtol/atol,
output every output.step_days), the trajectory written as CSV, and optionally
one PNG figure, the phases figure of bench/peers/figure_matplotlib.py (the
same figure as `healsim run --figures phases --format png`, 1600 x 1000 px).

  scipy_run.py --csv OUT.csv                 simulate + CSV
  scipy_run.py --csv OUT.csv --png OUT.png   simulate + CSV + the phases figure

The CSV has time_days and the 11 states with healsim's column names (as the
R and XPPAUT peers write); the read-outs the figure needs (phase activities,
dominant phase) are computed in memory as figure_matplotlib.py does.  Needs
numpy and scipy, and matplotlib for --png (Debian: python3-scipy,
python3-matplotlib; run with /usr/bin/python3).
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402

import scipy_model as sm  # noqa: E402

COLUMNS = ("time_days", "bleeding", "platelets", "debris", "neutrophils",
           "inflammatory_macrophages", "repair_macrophages", "tgf_beta", "fibroblasts",
           "collagen_iii", "collagen_i", "strength_pct")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--csv", metavar="OUT", required=True, help="trajectory CSV to write")
    ap.add_argument("--png", metavar="FIG", help="also draw the phases figure as PNG")
    ap.add_argument("--method", default="LSODA", help="solve_ivp method (default LSODA)")
    ap.add_argument("--ini", default=sm.DEFAULT_INI, help="parameter file (default params/default.ini)")
    args = ap.parse_args()

    model = sm.Model(args.ini)
    segments, _, _, _ = model.simulate(args.method, model.rtol, model.atol)
    t = np.concatenate([seg[2][0] for seg in segments])
    y = np.concatenate([seg[2][1] for seg in segments], axis=1)
    np.savetxt(args.csv, np.column_stack((t, y.T)), fmt="%.9g", delimiter=",",
               header=",".join(COLUMNS), comments="")

    if args.png:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import figure_matplotlib as fm

        p = model.p

        def half(x, key):  # h(x, K) = x+ / (K + x+), MODEL.md section 5
            xp = np.maximum(x, 0.0)
            return xp / (float(p[key]) + xp)

        act = {
            "hemostasis": half(y[sm.P], "phases.hemostasis_half_activity"),
            "inflammation": half(y[sm.N] + y[sm.M1], "phases.inflammation_half_activity"),
            "repair": half(y[sm.F], "phases.repair_half_activity"),
            "remodeling": half(y[sm.C1], "phases.remodeling_half_activity"),
        }
        # dominant phase: the largest activity, "none" when all are below 0.05
        stack = np.vstack([act[ph] for ph in fm.PHASES])
        best = np.where(stack.max(axis=0) >= 0.05, stack.argmax(axis=0), len(fm.PHASES))
        names = list(fm.PHASES) + ["none"]
        data = {"time_days": t, "strength_pct": y[sm.S], **act,
                "dominant_phase": [names[k] for k in best]}
        fig = fm.figure_phases(plt, data, [te for te, _ in model.events], p.get("top.title"))
        fig.savefig(args.png, format="png", dpi=fm.DPI)
        plt.close(fig)
    return 0


if __name__ == "__main__":
    sys.exit(main())
