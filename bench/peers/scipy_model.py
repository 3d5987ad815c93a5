#!/usr/bin/python3
"""scipy peer of healsim: the same model, the same schedule, solved with
scipy.integrate.solve_ivp, to put healsim's speed and results in context.

The equations are transcribed from the header comment of sim/model.c (the
pos() convention included) and every value is read from params/default.ini
with configparser, so a change to the default file changes both programs.
Like healsim, the integration stops exactly at every injection, applies the
injury (bleeding and debris += injury) and restarts the solver from scratch,
and reports the states on the same output grid (t_eval, every
output.step_days).

Modes:
  scipy_model.py                 time one simulation (median of repeats) with
                                 LSODA and with BDF + analytic Jacobian at the
                                 default rtol/atol, print strength at day 365
  scipy_model.py --check CSV     compare strength_pct with healsim's
                                 timeseries.csv at tight tolerances
                                 (exit 1 if the max relative deviation
                                 exceeds --check-tol, default 1e-5)

Add --kv for key=value lines (bench/run.sh reads them).  Needs numpy and
scipy (Debian: python3-scipy; run with /usr/bin/python3).
"""
import argparse
import configparser
import csv
import math
import os
import statistics
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_INI = os.path.normpath(os.path.join(HERE, "..", "..", "params", "default.ini"))

N_STATES = 11
B, P, D, N, M1, M2, T, F, C3, C1, S = range(N_STATES)


def load_params(path):
    """Read a healsim INI file (the default, no based_on) into a dict of
    section.key -> text.  Keys before the first section go to 'top'."""
    cp = configparser.ConfigParser(
        interpolation=None,              # values contain '%'
        inline_comment_prefixes=(";",),  # only after whitespace: " ;"
        comment_prefixes=("#", ";"),
        strict=True,
    )
    with open(path, encoding="utf-8") as f:
        cp.read_string("[top]\n" + f.read(), source=path)
    return {f"{sec}.{key}": val.strip() for sec in cp.sections() for key, val in cp[sec].items()}


def num(p, name):
    return float(p[name])


def num_list(p, name):
    return [float(x) for x in p[name].split(",") if x.strip()]


def schedule(p):
    """Injection times (days) and injuries, as sim/run.c make_events."""
    unit = 7.0 if p["schedule.unit"].strip() == "weeks" else 1.0
    if "schedule.times" in p:
        times = num_list(p, "schedule.times")
    else:
        count = int(p.get("schedule.count", "0"))
        start, interval = num(p, "schedule.start"), num(p, "schedule.interval")
        times = [start + i * interval for i in range(count)]
    conc = num_list(p, "schedule.concentration_pct")
    vol = num_list(p, "schedule.volume_ml")
    needle, per = num(p, "injection.needle_injury"), num(p, "injection.irritant_injury_per_pct_ml")
    events = []
    for i, t in enumerate(times):
        c = conc[0] if len(conc) == 1 else conc[i]
        v = vol[0] if len(vol) == 1 else vol[i]
        events.append((t * unit, needle + per * c * v))
    return events


def output_grid(p):
    """Output times as sim/run.c make_grid."""
    span = num(p, "schedule.span_days")
    g = [0.0]
    if p.get("output.grid", "linear") == "linear":
        step = num(p, "output.step_days")
        i = 1
        while i * step < span * (1 - 1e-12):
            g.append(i * step)
            i += 1
    else:
        ppd = int(p["output.points_per_decade"])
        k = 0
        while (t := (1 / 1440) * 10 ** (k / ppd)) < span * (1 - 1e-12):
            g.append(t)
            k += 1
    g.append(span)
    return np.array(g)


def make_model(p):
    """Right-hand side and analytic Jacobian of sim/model.c, as closures over
    plain floats (faster than numpy for 11 scalars)."""
    k_clot = num(p, "hemostasis.clotting_rate_per_day")
    k_act = num(p, "hemostasis.platelet_activation_per_day")
    k_plt = num(p, "hemostasis.platelet_clearance_per_day")
    V_drain = num(p, "inflammation.debris_drainage_per_day")
    K_clear = num(p, "inflammation.debris_clearance_saturation")
    q_N = num(p, "inflammation.neutrophil_phagocytosis_per_day")
    q_M = num(p, "inflammation.macrophage_phagocytosis_per_day")
    r_N = num(p, "inflammation.neutrophil_recruitment_per_day")
    K_N = num(p, "inflammation.neutrophil_recruitment_saturation")
    d_N = num(p, "inflammation.neutrophil_death_per_day")
    r_M = num(p, "inflammation.monocyte_recruitment_per_day")
    K_NM = num(p, "inflammation.monocyte_neutrophil_saturation")
    w_D = num(p, "inflammation.monocyte_debris_weight")
    k_sw = num(p, "inflammation.macrophage_switch_per_day")
    K_sw = num(p, "inflammation.macrophage_switch_debris_inhibition")
    d_M1 = num(p, "inflammation.inflammatory_macrophage_removal_per_day")
    d_M2 = num(p, "inflammation.repair_macrophage_removal_per_day")
    a_P = num(p, "repair.tgf_beta_from_platelets_per_day")
    a_M1 = num(p, "repair.tgf_beta_from_inflammatory_macrophages_per_day")
    a_M2 = num(p, "repair.tgf_beta_from_repair_macrophages_per_day")
    d_T = num(p, "repair.tgf_beta_decay_per_day")
    f_rec = num(p, "repair.fibroblast_recruitment_per_day")
    f_pro = num(p, "repair.fibroblast_proliferation_per_day")
    K_T = num(p, "repair.fibroblast_tgf_beta_saturation")
    F_max = num(p, "repair.fibroblast_capacity")
    d_F = num(p, "repair.fibroblast_removal_per_day")
    p_3 = num(p, "repair.collagen_iii_synthesis_per_day")
    p_1 = num(p, "repair.collagen_i_synthesis_per_day")
    k_31 = num(p, "remodeling.collagen_iii_replacement_per_day")
    k_x = num(p, "remodeling.crosslinking_per_day")
    S_max = num(p, "remodeling.strength_ceiling_pct")
    k_deg = num(p, "remodeling.matrix_degradation_per_day")
    tau = num(p, "tissue.turnover")

    def rhs(t, y):
        b, pl, d, n, m1, m2, tg, f, c3, c1, s = y
        dp = d if d > 0.0 else 0.0
        np_ = n if n > 0.0 else 0.0
        tp = tg if tg > 0.0 else 0.0
        debris_signal = dp / (K_N + dp)
        sw = k_sw * K_sw / (K_sw + dp)
        return np.array((
            -k_clot * b,
            k_act * b - k_plt * pl,
            -(V_drain + q_N * n + q_M * (m1 + m2)) * d / (K_clear + dp),
            r_N * debris_signal - d_N * n,
            r_M * (np_ / (K_NM + np_) + w_D * debris_signal) - sw * m1 - d_M1 * m1,
            sw * m1 - d_M2 * m2,
            a_P * pl + a_M1 * m1 + a_M2 * m2 - d_T * tg,
            tau * (f_rec + f_pro * f) * tp / (K_T + tp) * (1.0 - f / F_max) - d_F * f,
            tau * p_3 * f - k_31 * c3,
            tau * p_1 * f + k_31 * c3 - k_x * c1,
            k_x * c1 * (S_max - s) - k_deg * (n + m1) * s,
        ))

    def jac(t, y):
        b, pl, d, n, m1, m2, tg, f, c3, c1, s = y
        on_d, on_n, on_t = d > 0.0, n > 0.0, tg > 0.0
        dp = d if on_d else 0.0
        np_ = n if on_n else 0.0
        tp = tg if on_t else 0.0
        J = np.zeros((N_STATES, N_STATES))
        J[B, B] = -k_clot
        J[P, B] = k_act
        J[P, P] = -k_plt
        cap = V_drain + q_N * n + q_M * (m1 + m2)
        sat = d / (K_clear + dp)
        dsat = (K_clear + dp - (d if on_d else 0.0)) / (K_clear + dp) ** 2
        J[D, D] = -cap * dsat
        J[D, N] = -q_N * sat
        J[D, M1] = -q_M * sat
        J[D, M2] = -q_M * sat
        dsig = K_N / (K_N + dp) ** 2 if on_d else 0.0
        J[N, D] = r_N * dsig
        J[N, N] = -d_N
        sw = k_sw * K_sw / (K_sw + dp)
        dsw = -k_sw * K_sw / (K_sw + dp) ** 2 if on_d else 0.0
        J[M1, N] = r_M * K_NM / (K_NM + np_) ** 2 if on_n else 0.0
        J[M1, D] = r_M * w_D * dsig - dsw * m1
        J[M1, M1] = -sw - d_M1
        J[M2, D] = dsw * m1
        J[M2, M1] = sw
        J[M2, M2] = -d_M2
        J[T, P] = a_P
        J[T, M1] = a_M1
        J[T, M2] = a_M2
        J[T, T] = -d_T
        sig_t = tp / (K_T + tp)
        dsig_t = K_T / (K_T + tp) ** 2 if on_t else 0.0
        influx = f_rec + f_pro * f
        room = 1.0 - f / F_max
        J[F, T] = tau * influx * dsig_t * room
        J[F, F] = tau * sig_t * (f_pro * room - influx / F_max) - d_F
        J[C3, F] = tau * p_3
        J[C3, C3] = -k_31
        J[C1, F] = tau * p_1
        J[C1, C3] = k_31
        J[C1, C1] = -k_x
        J[S, C1] = k_x * (S_max - s)
        J[S, N] = -k_deg * s
        J[S, M1] = -k_deg * s
        J[S, S] = -k_x * c1 - k_deg * (n + m1)
        return J

    return rhs, jac


class Model:
    def __init__(self, ini=DEFAULT_INI):
        self.p = load_params(ini)
        self.rhs, self.jac = make_model(self.p)
        self.events = schedule(self.p)
        self.span = num(self.p, "schedule.span_days")
        self.grid = output_grid(self.p)
        self.rtol = num(self.p, "solver.rtol")
        self.atol = num(self.p, "solver.atol")
        y0 = np.zeros(N_STATES)
        y0[S] = num(self.p, "tissue.initial_strength_pct")
        y0[B] += num(self.p, "tissue.initial_injury")
        y0[D] += num(self.p, "tissue.initial_injury")
        self.y0 = y0

    def simulate(self, method, rtol, atol, dense=False):
        """Integrate through the schedule.  Returns (segments, y_end, nfev,
        njev) where segments is a list of (t0, t1, solution): with dense=True
        the solution is the OdeSolution (for evaluation anywhere), else the
        (t, y) arrays on the output grid inside the segment."""
        use_jac = method in ("BDF", "Radau")
        bounds = [t for t, _ in self.events] + [self.span]
        injuries = [inj for _, inj in self.events] + [None]
        y = self.y0.copy()
        t = 0.0
        segments, nfev, njev = [], 0, 0
        for t_end, injury in zip(bounds, injuries):
            if t_end > t:
                inside = np.union1d(self.grid[(self.grid >= t) & (self.grid <= t_end)], [t_end])
                sol = solve_ivp(self.rhs, (t, t_end), y, method=method, rtol=rtol, atol=atol,
                                jac=self.jac if use_jac else None,
                                t_eval=None if dense else inside, dense_output=dense)
                if sol.status != 0:
                    raise RuntimeError(f"{method} failed at t = {t}: {sol.message}")
                nfev += sol.nfev
                njev += sol.njev
                segments.append((t, t_end, sol.sol if dense else (sol.t, sol.y)))
                y = sol.y[:, -1].copy() if not dense else sol.sol(t_end)
                t = t_end
            if injury is not None:  # the injection: bleeding and debris jump
                y[B] += injury
                y[D] += injury
        return segments, y, nfev, njev

    def strength_at(self, segments, times):
        """Strength at each time from dense segments (continuous across an
        injection, since the injury does not touch S)."""
        out = np.empty(len(times))
        for i, t in enumerate(times):
            for t0, t1, sol in segments:
                if t0 <= t <= t1:
                    out[i] = sol(t)[S]
                    break
            else:
                out[i] = segments[0][2](t)[S] if t <= segments[0][0] else math.nan
        return out


def time_method(model, method, rtol, atol, repeats, budget_s):
    times = []
    start = time.perf_counter()
    result = None
    while len(times) < repeats or (time.perf_counter() - start < budget_s and len(times) < 50):
        a = time.perf_counter()
        result = model.simulate(method, rtol, atol)
        times.append(time.perf_counter() - a)
    return times, result


def run_timing(model, args):
    methods = args.methods.split(",")
    print(f"scipy {__import__('scipy').__version__}, numpy {np.__version__}: one simulation of "
          f"the default scenario at rtol {model.rtol:g}, atol {model.atol:g}, "
          f"{len(model.events)} injections, {model.span:g} days, t_eval every "
          f"{model.p.get('output.step_days')} days")
    print(f"{'method':<8} {'repeats':>7} {'median_ms':>10} {'min_ms':>9} {'nfev':>7} {'njev':>5} "
          f"{'strength_365':>13}")
    for method in methods:
        model.simulate(method, model.rtol, model.atol)  # warm-up
        times, (segments, y_end, nfev, njev) = time_method(
            model, method, model.rtol, model.atol, args.repeats, args.seconds)
        med, mn = statistics.median(times), min(times)
        print(f"{method:<8} {len(times):>7} {1e3 * med:>10.2f} {1e3 * mn:>9.2f} {nfev:>7} "
              f"{njev:>5} {y_end[S]:>13.7f}")
        if args.kv:
            print(f"scipy_{method}_median_ms={1e3 * med:.4f} scipy_{method}_min_ms={1e3 * mn:.4f} "
                  f"scipy_{method}_nfev={nfev} scipy_{method}_njev={njev} "
                  f"scipy_{method}_strength_end={y_end[S]:.9g}")
    return 0


def read_csv(path):
    t, s = [], []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            t.append(float(row["time_days"]))
            s.append(float(row["strength_pct"]))
    return np.array(t), np.array(s)


def run_check(model, args):
    t, s_healsim = read_csv(args.check)
    expected_rows = len(model.grid) - sum(1 for te, _ in model.events if te in set(model.grid)) \
        + 2 * len(model.events)
    worst_all = 0.0
    for method in args.methods.split(","):
        segments, y_end, _, _ = model.simulate(method, args.check_rtol, args.check_atol, dense=True)
        s_py = model.strength_at(segments, t)
        dev = np.abs(s_py - s_healsim) / np.abs(s_healsim)
        i = int(np.argmax(dev))
        worst = float(dev[i])
        worst_all = max(worst_all, worst)
        print(f"{method:<6} rtol {args.check_rtol:g} atol {args.check_atol:g}: max rel. deviation "
              f"of strength_pct from {os.path.basename(args.check)} = {worst:.2e} "
              f"(at t = {t[i]:g} d: scipy {s_py[i]:.9g}, healsim {s_healsim[i]:.9g}); "
              f"strength at day {model.span:g}: scipy {y_end[S]:.9g}, healsim {s_healsim[-1]:.9g}")
        if args.kv:
            print(f"check_{method}_max_rel_dev={worst:.3e}")
    if len(t) != expected_rows:
        print(f"note: {len(t)} rows in the CSV, {expected_rows} expected from the grid and schedule")
    ok = worst_all <= args.check_tol
    print(f"check {'PASSED' if ok else 'FAILED'}: max rel. deviation {worst_all:.2e} "
          f"{'<=' if ok else '>'} {args.check_tol:g} over {len(t)} rows")
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ini", default=DEFAULT_INI, help="parameter file (default: params/default.ini)")
    ap.add_argument("--methods", default="LSODA,BDF", help="solve_ivp methods, comma-separated")
    ap.add_argument("--repeats", type=int, default=5, help="timed repeats at least (default 5)")
    ap.add_argument("--seconds", type=float, default=2.0,
                    help="keep repeating (up to 50) until this much time is spent (default 2)")
    ap.add_argument("--check", metavar="CSV", help="healsim timeseries.csv to compare with")
    ap.add_argument("--check-rtol", type=float, default=1e-10)
    ap.add_argument("--check-atol", type=float, default=1e-13)
    ap.add_argument("--check-tol", type=float, default=1e-5)
    ap.add_argument("--kv", action="store_true", help="print key=value lines for scripts")
    args = ap.parse_args()
    model = Model(args.ini)
    return run_check(model, args) if args.check else run_timing(model, args)


if __name__ == "__main__":
    sys.exit(main())
