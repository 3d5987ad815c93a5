/*
** helpers.h — small shared helpers for healsim's C tests: load a preset with
** overrides, run it, and read columns back.
*/
#ifndef HEALSIM_TEST_HELPERS_H
#define HEALSIM_TEST_HELPERS_H

#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "healsim/output.h"
#include "healsim/params.h"
#include "healsim/run.h"

/* Load params/NAME (NULL = built-in default) with overrides; exits on error,
** since a test cannot go on without its scenario. */
static inline healsim_params load_preset(const char *name, const char *const *overrides, size_t n)
{
    char path[1024];
    const char *src = getenv("HEALSIM_SOURCE_DIR");
    if (name)
        snprintf(path, sizeof path, "%s/params/%s", src ? src : ".", name);
    healsim_params p;
    healsim_diag d;
    if (healsim_params_load(name ? path : NULL, overrides, n, &p, NULL, &d)) {
        fprintf(stderr, "cannot load %s: %s:%d:%d: %s\n", name ? path : "default", d.file,
                d.line, d.column, d.message);
        exit(2);
    }
    return p;
}

/* The [figure] section of params/NAME (NULL = built-in default); exits on
** error like load_preset. */
static inline healsim_figure_config load_preset_figure(const char *name)
{
    char path[1024];
    const char *src = getenv("HEALSIM_SOURCE_DIR");
    if (name)
        snprintf(path, sizeof path, "%s/params/%s", src ? src : ".", name);
    healsim_params p;
    healsim_figure_config f;
    healsim_diag d;
    if (healsim_params_load(name ? path : NULL, NULL, 0, &p, &f, &d)) {
        fprintf(stderr, "cannot load %s: %s:%d:%d: %s\n", name ? path : "default", d.file,
                d.line, d.column, d.message);
        exit(2);
    }
    return f;
}

static inline healsim_run *run_or_die(const healsim_params *p)
{
    healsim_run *run;
    healsim_diag d;
    if (healsim_simulate(p, 0, &run, &d)) {
        fprintf(stderr, "run failed: %s\n", d.message);
        exit(2);
    }
    return run;
}

/* Time of the largest value of column c within [t0, t1]. */
static inline double peak_time(const healsim_run *run, int c, double t0, double t1, double *value)
{
    double best = -1, best_t = 0;
    for (size_t i = 0; i < healsim_run_n_rows(run); i++) {
        const double *r = healsim_run_row(run, i);
        if (r[0] < t0 || r[0] > t1)
            continue;
        if (r[c] > best) {
            best = r[c];
            best_t = r[0];
        }
    }
    if (value)
        *value = best;
    return best_t;
}

/* Value of column c at time t, linearly interpolated between rows (after
** the last row at t when there are two, i.e. just after an injection). */
static inline double value_at(const healsim_run *run, int c, double t)
{
    size_t n = healsim_run_n_rows(run);
    for (size_t i = 1; i < n; i++) {
        const double *a = healsim_run_row(run, i - 1), *b = healsim_run_row(run, i);
        if (b[0] >= t && a[0] <= t) {
            if (b[0] == a[0])
                continue;
            return a[c] + (b[c] - a[c]) * (t - a[0]) / (b[0] - a[0]);
        }
    }
    return healsim_run_row(run, n - 1)[c];
}

/* First time column c reaches `level` within [t0, t1]; -1 if never. */
static inline double first_time_at_or_above(const healsim_run *run, int c, double level, double t0, double t1)
{
    for (size_t i = 0; i < healsim_run_n_rows(run); i++) {
        const double *r = healsim_run_row(run, i);
        if (r[0] >= t0 && r[0] <= t1 && r[c] >= level)
            return r[0];
    }
    return -1;
}

#endif
