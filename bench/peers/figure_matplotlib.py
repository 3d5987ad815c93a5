#!/usr/bin/python3
"""matplotlib peer of healsim's figures: the two figures a user would
otherwise make with Python + matplotlib from the same timeseries.csv, timed
piece by piece, to put healsim's own (cairo) figures in context.

Figures (Agg backend, 8 x 5 in at 200 dpi = 1600 x 1000 px, constrained
layout, each saved as PNG and as SVG into --out DIR):

  phases.{png,svg}   the four phase activities (hemostasis, inflammation,
                     repair, remodeling; the CSV's 0-1 shown as %, as healsim
                     does) against time in days, with a
                     shaded band along the top for the dominant phase,
                     vertical lines at the injections, a direct label at each
                     curve's peak, Okabe-Ito colours and distinct dashes
  outcome.{png,svg}  two stacked panels: strength_pct with a line at 100 %
                     (healthy) and the 70-80 % scar-plateau band; soreness
                     0-10 with the threshold line (2 by default)

Input, one of:
  --csv FILE    a healsim timeseries.csv, read with the csv module (the
                default; --reader numpy or pandas to compare).  Injections
                are the repeated time values (healsim writes the row before
                and the row after each injection).
  --simulate    no CSV: simulate the default scenario in-process with
                bench/peers/scipy_model.py (scipy solve_ivp, LSODA by
                default) and compute the read-outs (phase activities,
                soreness, dominant phase) as sim/model.c does.  This is the
                end-to-end Python path: scipy solve + matplotlib figures.
                Its rows are scipy_model's output grid (every
                output.step_days plus the injections), so a short peak
                (hemostasis lasts hours) is sampled more coarsely than in a
                healsim CSV with extra rows after each injection.

Timing (printed as a short summary; --kv appends key=value lines in
seconds, prefixed mpl_csv_ or mpl_sim_, for bench/run.sh): imports
(numpy, matplotlib with pyplot and Agg, the scipy model), read or simulate,
and per figure the building of the figure (artists, labels) and the
draw + save of each format.  The first round is what one invocation pays
(font loading and the first text layout land in it); --repeat N draws N
rounds and also reports medians.  total_s runs from the first line of this
file (after the interpreter's start-up); pass --t0 "$EPOCHREALTIME" (bash 5)
to add startup_s, the time from the caller's clock reading to that first
line (interpreter start-up and site imports), and total_from_t0_s.  On Linux
proc_age_at_top_s is the same start-up measured from the kernel's process
start time (10 ms resolution, and it starts at the fork, before exec).

Needs numpy and matplotlib (and scipy for --simulate); run with the Debian
/usr/bin/python3 (python3-matplotlib, python3-scipy).

  figure_matplotlib.py --csv /tmp/o/timeseries.csv --out /tmp/figs
  figure_matplotlib.py --simulate --out /tmp/figs --kv --repeat 5
"""
import time

_T_TOP = time.perf_counter()
_WALL_TOP = time.time()
try:
    _BOOT_TOP = time.clock_gettime(time.CLOCK_BOOTTIME)
except (AttributeError, OSError):
    _BOOT_TOP = None

import argparse
import csv
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

PHASES = ("hemostasis", "inflammation", "repair", "remodeling")
# Okabe-Ito: vermillion, reddish purple, bluish green, blue
COLOURS = {"hemostasis": "#D55E00", "inflammation": "#CC79A7",
           "repair": "#009E73", "remodeling": "#0072B2"}
DASHES = {"hemostasis": (0, ()), "inflammation": (0, (6, 2)),
          "repair": (0, (6, 2, 1.5, 2)), "remodeling": (0, (1.5, 1.5))}
INK = "#000000"
GREY = "#777777"
WIDTH_IN, HEIGHT_IN, DPI = 8.0, 5.0, 200


def proc_age_at_top():
    """Seconds from the kernel's start time of this process to the top of
    this file, or None (not Linux).  Resolution 1/CLK_TCK (10 ms)."""
    if _BOOT_TOP is None:
        return None
    try:
        with open("/proc/self/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat(5); fields[0] is field 3
        return _BOOT_TOP - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


# --- input ----------------------------------------------------------------------

def read_csv_module(path, np):
    """Read the columns the figures need with the csv module."""
    with open(path, newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        want = ["time_days", "strength_pct", "soreness", *PHASES]
        idx = [header.index(c) for c in want]
        i_dom = header.index("dominant_phase")
        cols = [[] for _ in want]
        dominant = []
        for row in rows:
            for c, i in zip(cols, idx):
                c.append(float(row[i]))
            dominant.append(row[i_dom])
    data = {name: np.array(c) for name, c in zip(want, cols)}
    data["dominant_phase"] = dominant
    return data


def read_numpy(path, np):
    """Read with numpy.loadtxt (floats) plus one pass for the phase names."""
    with open(path) as f:
        header = f.readline().rstrip("\n").split(",")
    want = ["time_days", "strength_pct", "soreness", *PHASES]
    idx = [header.index(c) for c in want]
    arr = np.loadtxt(path, delimiter=",", skiprows=1, usecols=idx, ndmin=2)
    data = {name: arr[:, k].copy() for k, name in enumerate(want)}
    dom = np.loadtxt(path, delimiter=",", skiprows=1, usecols=header.index("dominant_phase"),
                     dtype=str, ndmin=1)
    data["dominant_phase"] = list(dom)
    return data


def read_pandas(path, np):
    import pandas as pd
    df = pd.read_csv(path)
    data = {c: df[c].to_numpy(dtype=float)
            for c in ("time_days", "strength_pct", "soreness", *PHASES)}
    data["dominant_phase"] = df["dominant_phase"].tolist()
    return data


READERS = {"csv": read_csv_module, "numpy": read_numpy, "pandas": read_pandas}


def injections_from_times(t):
    """Injection times: the time values that occur twice in a row."""
    return sorted({float(a) for a, b in zip(t[:-1], t[1:]) if a == b})


def title_near_csv(path):
    """The scenario title from params.resolved.ini next to the CSV, if any."""
    ini = os.path.join(os.path.dirname(os.path.abspath(path)), "params.resolved.ini")
    try:
        with open(ini, encoding="utf-8") as f:
            for line in f:
                if line.startswith("["):
                    break
                key, sep, value = line.partition("=")
                if sep and key.strip() == "title":
                    return value.split(" ;")[0].strip()
    except OSError:
        pass
    return None


def simulate(method, np, ini=None):
    """The default scenario with bench/peers/scipy_model.py, plus the
    read-outs of sim/model.c.  Returns (data, injection times, title,
    soreness threshold, import seconds, solve seconds)."""
    a = time.perf_counter()
    sys.path.insert(0, HERE)
    import scipy_model as sm
    t_import = time.perf_counter() - a

    a = time.perf_counter()
    model = sm.Model(ini or sm.DEFAULT_INI)
    segments, _, _, _ = model.simulate(method, model.rtol, model.atol)
    t = np.concatenate([seg[2][0] for seg in segments])
    y = np.concatenate([seg[2][1] for seg in segments], axis=1)
    p = model.p

    def half(x, key):  # half_saturation() of sim/model.c, with pos()
        xp = np.maximum(x, 0.0)
        return xp / (float(p[key]) + xp)

    inflam_cells = y[sm.N] + y[sm.M1]
    act = {
        "hemostasis": half(y[sm.P], "phases.hemostasis_half_activity"),
        "inflammation": half(inflam_cells, "phases.inflammation_half_activity"),
        "repair": half(y[sm.F], "phases.repair_half_activity"),
        "remodeling": half(y[sm.C1], "phases.remodeling_half_activity"),
    }
    # healsim_model_dominant_phase: the largest activity >= 0.05, later phase on ties
    stack = np.vstack([act[ph] for ph in PHASES])
    best = np.full(t.size, -1)
    best_value = np.full(t.size, 0.05)
    for i in range(len(PHASES)):
        take = stack[i] >= best_value
        best[take] = i
        best_value[take] = stack[i][take]
    names = list(PHASES) + ["none"]
    data = {"time_days": t, "strength_pct": y[sm.S],
            "soreness": 10.0 * half(inflam_cells, "phases.soreness_half_max"),
            **act, "dominant_phase": [names[k] for k in best]}
    t_solve = time.perf_counter() - a
    threshold = float(p.get("output.soreness_threshold", "2"))
    return (data, [te for te, _ in model.events], p.get("top.title"), threshold,
            t_import, t_solve)


# --- figures ---------------------------------------------------------------------

def runs_of(labels, t):
    """(start, end, label) for each run of equal labels; a run ends where the
    next one starts."""
    out = []
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            end = t[i] if i < len(t) else t[-1]
            out.append((t[start], end, labels[start]))
            start = i
    return out


def injection_lines(ax, injections):
    for ti in injections:
        ax.axvline(ti, color=GREY, lw=0.8, ls=(0, (4, 3)), zorder=1)


def place_peak_labels(fig, ax, peaks):
    """Direct labels above each curve's peak, with a leader line; a label
    whose text would overlap one already placed moves up (then below the
    peak) until it is free."""
    from matplotlib.text import Text  # already loaded by pyplot
    renderer = fig.canvas.get_renderer()
    placed = []
    for name, tp, yp in sorted(peaks, key=lambda r: -r[2]):
        for dy_pts in (12, 26, 40, 54, 68, 82, -24, -38, -52):
            ann = ax.annotate(
                f"{name.capitalize()}, peak {yp:.0f} % (day {tp:.3g})", xy=(tp, yp),
                xytext=(6, dy_pts), textcoords="offset points", fontsize=8,
                color=COLOURS[name], ha="left", va="bottom" if dy_pts > 0 else "top",
                zorder=4, bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.85),
                arrowprops=dict(arrowstyle="-", color=COLOURS[name], lw=0.7,
                                          shrinkA=0, shrinkB=1,
                                          relpos=(0, 0) if dy_pts > 0 else (0, 1)))
            # the text alone (Annotation.get_window_extent includes the leader),
            # where the offset puts it
            ann.update_positions(renderer)
            box = Text.get_window_extent(ann, renderer).expanded(1.02, 1.2)
            if not any(box.overlaps(b) for b in placed):
                break
            ann.remove()
        else:  # nowhere free: keep the first place
            ann = ax.annotate(f"{name.capitalize()}, peak {yp:.0f} %", xy=(tp, yp),
                              xytext=(6, 12), textcoords="offset points", fontsize=8,
                              color=COLOURS[name], zorder=4)
            ann.update_positions(renderer)
            box = Text.get_window_extent(ann, renderer)
        placed.append(box)


def figure_phases(plt, data, injections, title):
    t = data["time_days"]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
    # dominant phase: a band along the top of the axes (axes-fraction y)
    for t0, t1, ph in runs_of(data["dominant_phase"], t):
        if ph in COLOURS and t1 > t0:
            ax.axvspan(t0, t1, ymin=0.93, ymax=1.0, color=COLOURS[ph], alpha=0.45, lw=0,
                       zorder=0)
    ax.text(0.995, 0.965, "dominant phase", transform=ax.transAxes, ha="right",
            va="center", fontsize=7, color=INK, zorder=5)
    injection_lines(ax, injections)
    peaks = []
    for ph in PHASES:
        y = 100.0 * data[ph]  # the CSV's 0-1 activity as %
        ax.plot(t, y, color=COLOURS[ph], ls=DASHES[ph], lw=1.4, zorder=3)
        i = int(y.argmax())
        peaks.append((ph, float(t[i]), float(y[i])))
    ax.set_xlim(t[0], t[-1])
    ax.set_ylim(0, 116)
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.set_xlabel("time (days)")
    ax.set_ylabel("phase activity (% of maximum)")
    ax.set_title(f"Healing phases — {title}" if title else "Healing phases", fontsize=11)
    ax.text(0.995, 0.89, "dashed grey lines: injections", transform=ax.transAxes,
            ha="right", va="center", fontsize=7, color=GREY)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    place_peak_labels(fig, ax, peaks)
    return fig


def figure_outcome(plt, data, injections, title, sore_threshold):
    t = data["time_days"]
    fig, (a1, a2) = plt.subplots(2, 1, sharex=True, figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI,
                                 layout="constrained", gridspec_kw={"height_ratios": (3, 2)})
    s = data["strength_pct"]
    a1.axhspan(70, 80, color="#E69F00", alpha=0.25, lw=0, zorder=0)
    a1.axhline(100, color=INK, lw=0.9, ls=(0, (5, 3)), zorder=1)
    injection_lines(a1, injections)
    a1.plot(t, s, color="#0072B2", lw=1.6, zorder=3)
    lo = min(50.0, 10.0 * (float(s.min()) // 10))
    a1.set_ylim(lo, 105)
    a1.text(t[-1], 100, "healthy 100 %", ha="right", va="bottom", fontsize=8)
    a1.text(t[-1], 80, "scar plateau 70–80 %", ha="right", va="bottom", fontsize=8,
            color="#8a5d00")
    a1.annotate(f"{s[-1]:.1f} %", xy=(t[-1], s[-1]), xytext=(-4, -12),
                textcoords="offset points", ha="right", fontsize=8, color="#0072B2")
    a1.set_ylabel("strength (% of healthy)")
    a1.set_title(f"Outcome — {title}" if title else "Outcome", fontsize=11)

    sore = data["soreness"]
    injection_lines(a2, injections)
    a2.axhline(sore_threshold, color="#D55E00", lw=0.9, ls=(0, (5, 3)), zorder=1)
    a2.plot(t, sore, color="#CC79A7", lw=1.4, zorder=3)
    a2.text(t[-1], sore_threshold, f"sore ≥ {sore_threshold:g}", ha="right", va="bottom",
            fontsize=8, color="#D55E00")
    a2.set_ylim(0, 10)
    a2.set_yticks([0, 2, 4, 6, 8, 10])
    a2.set_ylabel("soreness (0–10)")
    a2.set_xlabel("time (days)")
    a2.set_xlim(t[0], t[-1])
    for ax in (a1, a2):
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return fig


def draw_round(plt, data, injections, title, sore_threshold, out_dir):
    """Build and save both figures once; returns {key: seconds}."""
    times = {}
    for name in ("phases", "outcome"):
        a = time.perf_counter()
        if name == "phases":
            fig = figure_phases(plt, data, injections, title)
        else:
            fig = figure_outcome(plt, data, injections, title, sore_threshold)
        times[f"{name}_build_s"] = time.perf_counter() - a
        for fmt in ("png", "svg"):
            a = time.perf_counter()
            fig.savefig(os.path.join(out_dir, f"{name}.{fmt}"), format=fmt, dpi=DPI)
            times[f"{name}_{fmt}_s"] = time.perf_counter() - a
        a = time.perf_counter()
        plt.close(fig)
        times[f"{name}_close_s"] = time.perf_counter() - a
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--csv", metavar="FILE", help="healsim timeseries.csv to plot")
    src.add_argument("--simulate", action="store_true",
                     help="simulate the default scenario with scipy_model.py instead")
    ap.add_argument("--out", metavar="DIR", required=True, help="where the PNG and SVG files go")
    ap.add_argument("--reader", choices=sorted(READERS), default="csv",
                    help="how to read --csv (default: the csv module; with pandas, "
                         "its import counts in read_s)")
    ap.add_argument("--method", default="LSODA", help="solve_ivp method for --simulate")
    ap.add_argument("--title", help="figure title (default: the scenario title if known)")
    ap.add_argument("--sore-threshold", type=float,
                    help="soreness threshold line (default: the scenario's, else 2)")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="draw and save both figures N times, report medians too")
    ap.add_argument("--t0", metavar="SECONDS",
                    help="the caller's wall clock just before starting this process "
                         "(bash: \"$EPOCHREALTIME\"), to report the start-up time")
    ap.add_argument("--kv", action="store_true",
                    help="append key=value lines (seconds) for scripts")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be >= 1")

    kv = {}
    a = time.perf_counter()
    import numpy as np
    kv["import_numpy_s"] = time.perf_counter() - a

    a = time.perf_counter()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    kv["import_matplotlib_s"] = time.perf_counter() - a

    if args.simulate:
        data, injections, title, threshold, t_imp, t_sim = simulate(args.method, np)
        kv["import_scipy_model_s"] = t_imp
        kv["simulate_s"] = t_sim
        mode = "sim"
    else:
        a = time.perf_counter()
        data = READERS[args.reader](args.csv, np)
        injections = injections_from_times(data["time_days"])
        kv["read_s"] = time.perf_counter() - a
        title, threshold = title_near_csv(args.csv), 2.0
        mode = "csv"
    title = args.title if args.title is not None else title
    threshold = args.sore_threshold if args.sore_threshold is not None else threshold

    os.makedirs(args.out, exist_ok=True)
    rounds = [draw_round(plt, data, injections, title, threshold, args.out)
              for _ in range(args.repeat)]
    kv.update(rounds[0])
    if args.repeat > 1:
        for key in rounds[0]:
            kv[key[:-2] + "_median_s"] = statistics.median(r[key] for r in rounds)
    t_end = time.perf_counter()
    kv["total_s"] = t_end - _T_TOP
    if args.t0:
        t0 = float(args.t0.replace(",", "."))
        kv["startup_s"] = _WALL_TOP - t0
        kv["total_from_t0_s"] = kv["startup_s"] + kv["total_s"]
    age = proc_age_at_top()
    if age is not None:
        kv["proc_age_at_top_s"] = age

    rows = len(data["time_days"])
    src_text = (f"{args.csv} ({args.reader} reader)" if mode == "csv"
                else f"scipy_model.py simulation ({args.method})")
    print(f"matplotlib {matplotlib.__version__}: {rows} rows from {src_text}, "
          f"{len(injections)} injections; wrote phases and outcome as PNG "
          f"({int(WIDTH_IN * DPI)}x{int(HEIGHT_IN * DPI)}) and SVG to {args.out}")
    ms = lambda k: f"{1e3 * kv[k]:8.1f}"
    line = f"  import numpy {ms('import_numpy_s')} ms, matplotlib+pyplot {ms('import_matplotlib_s')} ms"
    if mode == "sim":
        line += (f", scipy_model {ms('import_scipy_model_s')} ms; "
                 f"simulate {ms('simulate_s')} ms")
    else:
        line += f"; read {ms('read_s')} ms"
    print(line)
    for name in ("phases", "outcome"):
        med = "_median" if args.repeat > 1 else ""
        print(f"  {name:<8} build {ms(f'{name}_build{med}_s')} ms, "
              f"PNG {ms(f'{name}_png{med}_s')} ms, SVG {ms(f'{name}_svg{med}_s')} ms"
              + (f"  (median of {args.repeat}; first round: "
                 f"{1e3 * (kv[name + '_build_s'] + kv[name + '_png_s'] + kv[name + '_svg_s']):.1f} ms)"
                 if args.repeat > 1 else ""))
    tail = f"  total {1e3 * kv['total_s']:.1f} ms from the first line of the script"
    if "startup_s" in kv:
        tail += f", + {1e3 * kv['startup_s']:.1f} ms interpreter start-up"
    elif "proc_age_at_top_s" in kv:
        tail += f" (+ ~{1e3 * kv['proc_age_at_top_s']:.0f} ms start-up, /proc, 10 ms resolution)"
    print(tail)
    if args.kv:
        print(f"mpl_{mode}_rows={rows} mpl_{mode}_repeat={args.repeat} "
              f"mpl_{mode}_reader={args.reader if mode == 'csv' else args.method} "
              f"mpl_matplotlib_version={matplotlib.__version__} "
              f"mpl_{mode}_injections={len(injections)}")
        for key, value in kv.items():
            print(f"mpl_{mode}_{key}={value:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
