/*
** bench_run.c — healsim_bench: how fast is one simulation of the default
** scenario, and which GSL stepper is the best choice for it.
**
** Default mode times healsim_simulate + healsim_run_free on the built-in
** default parameters (one year, five injections, msbdf, rtol 1e-6, atol 1e-9)
** many times in-process, with the results table kept (as `healsim run` does)
** and with HEALSIM_RUN_NO_ROWS (summary only, as a batch caller would), and
** prints the median and minimum wall time of one simulation together with the
** solver work (accepted steps, RHS and Jacobian evaluations).
**
** With --steppers it also runs every stepper of healsim_method at the default
** tolerances and compares its strength_pct column and strength_end_pct with a
** tight-tolerance reference (rk8pd at rtol 1e-11, atol 1e-14, cross-checked
** against msbdf at the same tolerances).  A stepper that fails or hits the
** step limit is reported as such; the benchmark carries on.
**
** Timing is CLOCK_MONOTONIC around each simulation after one warm-up run;
** every measurement is repeated until both a minimum count and a time budget
** are reached (or a fixed --repeats N), so the whole thing stays short.
**
** --kv appends machine-readable "key=value" lines (used by bench/run.sh).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>

#include "healsim/model.h"
#include "healsim/params.h"
#include "healsim/run.h"

#include "bench_util.h"

typedef struct timing {
    double median_s;
    double min_s;
    size_t n;           /* repeats measured */
    int status;         /* HEALSIM_OK or the failure of the warm-up run */
    healsim_diag diag;  /* when status != HEALSIM_OK */
    double fail_s;      /* time until the failure was reported */
    healsim_summary summary; /* of the last run */
    size_t n_rows;
} timing;

typedef struct budget {
    size_t min_repeats;
    size_t max_repeats;
    double seconds;     /* keep repeating until this much time is spent */
    double slow_s;      /* a warm-up slower than this is the only measurement */
} budget;

static double median_of(double *v, size_t n)
{
    qsort(v, n, sizeof *v, compare_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Time one simulation of p.  The first run is the warm-up; it also decides
** whether the parameter set can be simulated at all, and is handed back in
** *warmup (NULL on failure; the caller frees it).  A warm-up slower than
** b.slow_s counts as the single measurement. */
static void time_runs(const healsim_params *p, unsigned flags, budget b, timing *out,
                      healsim_run **warmup)
{
    memset(out, 0, sizeof *out);
    healsim_run *run = NULL;
    *warmup = NULL;
    double t0 = now_s();
    out->status = healsim_simulate(p, flags, &run, &out->diag);
    double first = now_s() - t0;
    if (out->status != HEALSIM_OK) {
        out->fail_s = first;
        return;
    }
    out->summary = *healsim_run_summary(run);
    out->n_rows = healsim_run_n_rows(run);
    *warmup = run;

    if (first >= b.slow_s) {
        out->median_s = out->min_s = first;
        out->n = 1;
        return;
    }
    double *times = malloc(b.max_repeats * sizeof *times);
    if (!times) {
        fprintf(stderr, "healsim_bench: out of memory\n");
        exit(1);
    }
    size_t n = 0;
    double start = now_s();
    while (n < b.max_repeats && (n < b.min_repeats || now_s() - start < b.seconds)) {
        healsim_diag diag;
        double a = now_s();
        int status = healsim_simulate(p, flags, &run, &diag);
        double e = now_s() - a;
        if (status != HEALSIM_OK) { /* deterministic: cannot happen after a good warm-up */
            fprintf(stderr, "healsim_bench: run failed on repeat %zu: %s\n", n, diag.message);
            exit(1);
        }
        healsim_run_free(run);
        times[n++] = e;
    }
    out->n = n;
    out->min_s = times[0];
    for (size_t i = 1; i < n; i++)
        if (times[i] < out->min_s)
            out->min_s = times[i];
    out->median_s = median_of(times, n);
    free(times);
}

static void set_or_die(healsim_params *p, const char *name, const char *value)
{
    healsim_diag diag;
    if (healsim_params_set(p, NULL, name, value, &diag) != HEALSIM_OK) {
        fprintf(stderr, "healsim_bench: cannot set %s=%s: %s\n", name, value, diag.message);
        exit(2);
    }
    if (healsim_params_check(p, &diag) != HEALSIM_OK) {
        fprintf(stderr, "healsim_bench: %s=%s: %s\n", name, value, diag.message);
        exit(2);
    }
}

/* A run with rows kept at the given method and tolerances, or NULL (printed). */
static healsim_run *run_with(const healsim_params *base, const char *method, const char *rtol,
                             const char *atol, healsim_diag *diag)
{
    healsim_params p = *base;
    set_or_die(&p, "solver.method", method);
    set_or_die(&p, "solver.rtol", rtol);
    set_or_die(&p, "solver.atol", atol);
    healsim_run *run = NULL;
    if (healsim_simulate(&p, 0, &run, diag) != HEALSIM_OK)
        return NULL;
    return run;
}

/* Max relative deviation of the strength column of a from ref; -1 if the
** tables do not line up (different row count or row times). */
static double strength_deviation(const healsim_run *a, const healsim_run *ref)
{
    size_t n = healsim_run_n_rows(a);
    if (n != healsim_run_n_rows(ref) || n == 0)
        return -1.0;
    const int col = HEALSIM_COL_STATE(HEALSIM_STRENGTH);
    double worst = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double *ra = healsim_run_row(a, i), *rr = healsim_run_row(ref, i);
        if (ra[HEALSIM_COL_TIME] != rr[HEALSIM_COL_TIME])
            return -1.0;
        double scale = fabs(rr[col]) > 1e-300 ? fabs(rr[col]) : 1.0;
        double d = fabs(ra[col] - rr[col]) / scale;
        if (!(d <= worst)) /* also catches NaN */
            worst = d;
    }
    return worst;
}

static double rel(double a, double b)
{
    return fabs(a - b) / (fabs(b) > 1e-300 ? fabs(b) : 1.0);
}

/* GSL's bsimp is not a healsim method (include/healsim/params.h says why).
** Check it directly, with healsim's model functions and the same driver, tolerances and
** restart at each injection as sim/run.c (without the output grid), so a
** GSL where it works would show up here.  Prints one line. */
static int bsimp_rhs(double t, const double y[], double dydt[], void *data)
{
    (void)t;
    healsim_model_rhs(data, NULL, y, dydt);
    return GSL_SUCCESS;
}

static int bsimp_jac(double t, const double y[], double *dfdy, double dfdt[], void *data)
{
    (void)t;
    healsim_model_jacobian(data, NULL, y, dfdy);
    for (int i = 0; i < HEALSIM_N_STATES; i++)
        dfdt[i] = 0.0;
    return GSL_SUCCESS;
}

static void check_bsimp(const healsim_params *p, double strength_ref)
{
    healsim_params q = *p; /* non-const for the system's data pointer */
    gsl_odeiv2_system sys = { bsimp_rhs, bsimp_jac, HEALSIM_N_STATES, &q };
    const double h_start = 1e-4;
    gsl_odeiv2_driver *d = gsl_odeiv2_driver_alloc_standard_new(
        &sys, gsl_odeiv2_step_bsimp, h_start, q.atol, q.rtol, 1.0, 0.0);
    double y[HEALSIM_N_STATES];
    healsim_model_initial_state(&q, y);
    const double unit = q.schedule_unit == HEALSIM_UNIT_WEEKS ? 7.0 : 1.0;
    const int listed = q.schedule_form == HEALSIM_SCHEDULE_TIMES;
    const size_t n_ev = listed ? q.n_times : q.count;
    double t = 0.0;
    size_t steps = 0;
    double t0 = now_s();
    for (size_t k = 0; k <= n_ev; k++) {
        double t_end = k < n_ev ? unit * (listed ? q.times[k] : q.start + (double)k * q.interval)
                                : q.span_days;
        gsl_odeiv2_driver_reset_hstart(d, fmin(h_start, fmax(t_end - t, 1e-12)));
        double h = d->h;
        while (t < t_end) {
            double before[HEALSIM_N_STATES];
            memcpy(before, y, sizeof y);
            double t_before = t;
            int rc = gsl_odeiv2_evolve_apply(d->e, d->c, d->s, &sys, &t, t_end, &h, y);
            steps++;
            if (rc != GSL_SUCCESS) {
                printf("bsimp (GSL directly, not offered by healsim): FAILED at t = %.17g days "
                       "after %zu steps (%s, last h %.3g); platelets were %.3g, debris %.3g\n",
                       t_before, steps, gsl_strerror(rc), h, before[HEALSIM_PLATELETS],
                       before[HEALSIM_DEBRIS]);
                gsl_odeiv2_driver_free(d);
                return;
            }
        }
        if (k < n_ev)
            healsim_model_apply_injury(
                healsim_model_injection_injury(&q, q.concentration_pct[q.n_concentration == 1 ? 0 : k],
                                               q.volume_ml[q.n_volume == 1 ? 0 : k]),
                y);
        gsl_odeiv2_driver_reset(d);
    }
    printf("bsimp (GSL directly, not offered by healsim): ok, %zu steps, %.1f us, strength_end "
           "rel. dev. %.2e\n",
           steps, 1e6 * (now_s() - t0), rel(y[HEALSIM_STRENGTH], strength_ref));
    gsl_odeiv2_driver_free(d);
}

static void usage(FILE *f)
{
    fputs("Usage: healsim_bench [--steppers] [--repeats N] [--seconds S] [--kv]\n"
          "\n"
          "Times one simulation of the built-in default scenario in-process.\n"
          "  --steppers     also compare every GSL stepper against a tight reference\n"
          "  --only-steppers  skip the main timing (implies --steppers)\n"
          "  --repeats N    exactly N timed repeats per main measurement\n"
          "                 (default: at least 200 and at least --seconds)\n"
          "  --seconds S    time budget per main measurement (default 1.0)\n"
          "  --tol X        agreement asked of a stepper, relative (default 1e-4)\n"
          "  --kv           append key=value lines for scripts\n",
          f);
}

int main(int argc, char **argv)
{
    int steppers = 0, main_timing = 1, kv = 0;
    size_t repeats = 0;
    double seconds = 1.0, tol = 1e-4;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--steppers") == 0) {
            steppers = 1;
        } else if (strcmp(argv[i], "--only-steppers") == 0) {
            steppers = 1;
            main_timing = 0;
        } else if (strcmp(argv[i], "--kv") == 0) {
            kv = 1;
        } else if (strcmp(argv[i], "--repeats") == 0 && i + 1 < argc) {
            long v = strtol(argv[++i], NULL, 10);
            if (v < 1) {
                usage(stderr);
                return 2;
            }
            repeats = (size_t)v;
        } else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            seconds = strtod(argv[++i], NULL);
        } else if (strcmp(argv[i], "--tol") == 0 && i + 1 < argc) {
            tol = strtod(argv[++i], NULL);
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }

    gsl_set_error_handler_off();
    healsim_params params;
    healsim_diag diag;
    if (healsim_params_load(NULL, NULL, 0, &params, NULL, &diag) != HEALSIM_OK) {
        fprintf(stderr, "healsim_bench: cannot load the default parameters: %s\n", diag.message);
        return 2;
    }

    if (main_timing) {
        budget b = { repeats ? repeats : 200, repeats ? repeats : 1000000,
                     repeats ? 0.0 : seconds, INFINITY };
        timing rows, norows;
        healsim_run *w1, *w2;
        time_runs(&params, 0, b, &rows, &w1);
        time_runs(&params, HEALSIM_RUN_NO_ROWS, b, &norows, &w2);
        healsim_run_free(w1);
        healsim_run_free(w2);
        if (rows.status != HEALSIM_OK || norows.status != HEALSIM_OK) {
            fprintf(stderr, "healsim_bench: the default scenario failed: %s\n",
                    rows.status != HEALSIM_OK ? rows.diag.message : norows.diag.message);
            return 1;
        }
        printf("One simulation of the default scenario (%s, %g days, %zu injections),\n"
               "method %s, rtol %g, atol %g; wall time of healsim_simulate + healsim_run_free\n\n",
               params.title, params.span_days, rows.summary.n_injections,
               healsim_method_name(params.method), params.rtol, params.atol);
        printf("%-8s %8s %10s %10s %7s %7s %6s %6s %13s\n", "mode", "repeats", "median_us",
               "min_us", "steps", "rhs", "jac", "rows", "strength_end");
        const timing *t[2] = { &rows, &norows };
        const char *label[2] = { "rows", "no_rows" };
        for (int k = 0; k < 2; k++)
            printf("%-8s %8zu %10.1f %10.1f %7zu %7zu %6zu %6zu %13.7f\n", label[k], t[k]->n,
                   1e6 * t[k]->median_s, 1e6 * t[k]->min_s, t[k]->summary.n_steps,
                   t[k]->summary.n_rhs, t[k]->summary.n_jacobian, t[k]->n_rows,
                   t[k]->summary.strength_end_pct);
        printf("\n");
        if (kv) {
            for (int k = 0; k < 2; k++)
                printf("%s_median_us=%.3f %s_min_us=%.3f %s_repeats=%zu %s_steps=%zu "
                       "%s_rhs=%zu %s_jac=%zu\n",
                       label[k], 1e6 * t[k]->median_s, label[k], 1e6 * t[k]->min_s, label[k],
                       t[k]->n, label[k], t[k]->summary.n_steps, label[k], t[k]->summary.n_rhs,
                       label[k], t[k]->summary.n_jacobian);
            printf("method=%s strength_end_pct=%.9g\n\n", healsim_method_name(params.method),
                   rows.summary.strength_end_pct);
        }
    }

    if (!steppers)
        return 0;

    /* The reference: rk8pd at tight tolerances, cross-checked with msbdf. */
    const char *ref_rtol = "1e-11", *ref_atol = "1e-14";
    healsim_diag d_rk, d_bdf;
    healsim_run *ref_rk = run_with(&params, "rk8pd", ref_rtol, ref_atol, &d_rk);
    healsim_run *ref_bdf = run_with(&params, "msbdf", ref_rtol, ref_atol, &d_bdf);
    healsim_run *ref = ref_rk ? ref_rk : ref_bdf;
    const char *ref_name = ref_rk ? "rk8pd" : "msbdf";
    if (!ref) {
        fprintf(stderr, "healsim_bench: no reference: rk8pd: %s; msbdf: %s\n", d_rk.message,
                d_bdf.message);
        return 1;
    }
    const healsim_summary *rs = healsim_run_summary(ref);
    printf("Every stepper at rtol %g, atol %g, against %s at rtol %s, atol %s\n"
           "(reference strength_end_pct %.9f, %zu rows).\n",
           params.rtol, params.atol, ref_name, ref_rtol, ref_atol, rs->strength_end_pct,
           healsim_run_n_rows(ref));
    if (!ref_rk)
        printf("  note: rk8pd reference failed (%s); using msbdf.\n", d_rk.message);
    if (ref_rk && ref_bdf)
        printf("Reference cross-check, msbdf vs rk8pd at the same tight tolerances: max rel.\n"
               "deviation of strength_pct %.2e, of strength_end_pct %.2e.\n",
               strength_deviation(ref_bdf, ref_rk),
               rel(healsim_run_summary(ref_bdf)->strength_end_pct, rs->strength_end_pct));
    else if (!ref_bdf)
        printf("  note: msbdf at the tight tolerances failed: %s\n", d_bdf.message);
    printf("\n%-8s %10s %7s %7s %6s %10s %6s %9s %9s  %s\n", "stepper", "rows_us", "steps",
           "rhs", "jac", "norows_us", "steps", "dev_traj", "dev_end", "verdict");

    budget sb = { 3, 2000, 0.4, 0.1 };
    const char *best = NULL, *best_nr = NULL;
    double best_time = INFINITY, best_nr_time = INFINITY;
    for (int m = 0; m < HEALSIM_N_METHODS; m++) {
        const char *name = healsim_method_name((healsim_method)m);
        healsim_params p = params;
        set_or_die(&p, "solver.method", name);
        timing t, tn;
        healsim_run *run, *run_nr;
        time_runs(&p, 0, sb, &t, &run);
        if (t.status != HEALSIM_OK) {
            printf("%-8s %10s  FAILED after %.1f us: %s\n", name, "-", 1e6 * t.fail_s,
                   t.diag.message);
            if (kv)
                printf("stepper_%s_failed=1\n", name);
            continue;
        }
        time_runs(&p, HEALSIM_RUN_NO_ROWS, sb, &tn, &run_nr);
        double dev = strength_deviation(run, ref);
        double dev_end = rel(t.summary.strength_end_pct, rs->strength_end_pct);
        double dev_end_nr = tn.status == HEALSIM_OK
                                ? rel(tn.summary.strength_end_pct, rs->strength_end_pct)
                                : INFINITY;
        healsim_run_free(run);
        healsim_run_free(run_nr);
        int ok = dev >= 0.0 && dev <= tol && dev_end <= tol;
        int ok_nr = dev_end_nr <= tol;
        char devs[32], nrs[32], nrsteps[32];
        if (dev >= 0.0)
            snprintf(devs, sizeof devs, "%.2e", dev);
        else
            snprintf(devs, sizeof devs, "n/a");
        if (tn.status == HEALSIM_OK) {
            snprintf(nrs, sizeof nrs, "%.1f", 1e6 * tn.median_s);
            snprintf(nrsteps, sizeof nrsteps, "%zu", tn.summary.n_steps);
        } else {
            snprintf(nrs, sizeof nrs, "FAILED");
            snprintf(nrsteps, sizeof nrsteps, "-");
        }
        printf("%-8s %10.1f %7zu %7zu %6zu %10s %6s %9s %9.2e  %s%s\n", name, 1e6 * t.median_s,
               t.summary.n_steps, t.summary.n_rhs, t.summary.n_jacobian, nrs, nrsteps, devs,
               dev_end, ok ? "ok" : "outside tolerance",
               t.n == 1 ? " (slow: timed once)" : "");
        if (tn.status != HEALSIM_OK)
            printf("         no_rows run failed: %s\n", tn.diag.message);
        if (kv)
            printf("stepper_%s_rows_us=%.3f stepper_%s_steps=%zu stepper_%s_rhs=%zu "
                   "stepper_%s_jac=%zu stepper_%s_norows_us=%.3f stepper_%s_dev=%.3e "
                   "stepper_%s_dev_end=%.3e\n",
                   name, 1e6 * t.median_s, name, t.summary.n_steps, name, t.summary.n_rhs, name,
                   t.summary.n_jacobian, name, tn.status == HEALSIM_OK ? 1e6 * tn.median_s : -1.0,
                   name, dev, name, dev_end);
        if (ok && t.median_s < best_time) {
            best_time = t.median_s;
            best = name;
        }
        if (ok_nr && tn.median_s < best_nr_time) {
            best_nr_time = tn.median_s;
            best_nr = name;
        }
    }
    check_bsimp(&params, rs->strength_end_pct);
    printf("\n");
    if (best)
        printf("Fastest stepper within %.0e of the reference, rows kept: %s (%.1f us per run).\n",
               tol, best, 1e6 * best_time);
    else
        printf("No stepper is within %.0e of the reference at the default tolerances.\n", tol);
    if (best_nr)
        printf("Fastest with HEALSIM_RUN_NO_ROWS (strength_end within %.0e): %s (%.1f us).\n", tol,
               best_nr, 1e6 * best_nr_time);
    if (kv && best)
        printf("best_stepper=%s best_stepper_us=%.3f\n", best, 1e6 * best_time);
    if (kv && best_nr)
        printf("best_stepper_norows=%s best_stepper_norows_us=%.3f\n", best_nr, 1e6 * best_nr_time);
    healsim_run_free(ref_rk);
    healsim_run_free(ref_bdf);
    return 0;
}
