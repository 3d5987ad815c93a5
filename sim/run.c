/*
** run.c — one simulation: integrate the model through its injections with
** GSL odeiv2 and collect the results table, phase records and summary.
**
** The run is a sequence of segments between injuries.  In each segment the
** evolve object steps freely but stops exactly on every output time and
** checkpoint; at the end of a segment the injury is applied and the driver is
** reset, so no step ever straddles a discontinuity and multistep methods
** (msbdf) never reuse history from before an injection.
**
** Treatments change the rates at fixed times too (NSAID courses start and
** stop, steroid shots): those times are breakpoints where the solver also
** stops and restarts, without a row or a jump in the state.
**
** Every accepted step is appended to a compact history (time, phase
** activities, soreness).  Peaks, half-maximum crossings and time spent sore
** are read off that history after the integration, with a parabola through
** the three samples around a maximum, so they do not depend on the output
** grid beyond the solver tolerance.
**
** Invariants: rows are in time order; at an injection time there are two rows
** with the same time, the state before and after the injury; history samples
** carry the cycle they belong to.
*/
#include "healsim/run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>

#include "healsim/model.h"

struct healsim_run {
    healsim_params params;       /* copy of what was run */
    double *rows;                /* n_rows x HEALSIM_N_COLUMNS */
    unsigned char *dominant;     /* n_rows */
    size_t n_rows, cap_rows;
    healsim_phase_record *records; /* n_cycles x HEALSIM_N_PHASES */
    size_t n_records;
    healsim_summary summary;
};

typedef struct sample {
    double t;
    double activity[HEALSIM_N_PHASES];
    double soreness;
    int cycle; /* -1 before the first injury */
} sample;

typedef struct history {
    sample *s;
    size_t n, cap;
} history;

/* The treatments as a timeline: NSAID courses as [start, end) intervals
** and steroid shots, all in days.  Their edges are breakpoints: the solver
** stops on each one and restarts, so no step straddles a change. */
typedef struct timeline {
    double course_start[HEALSIM_MAX_INJECTIONS], course_end[HEALSIM_MAX_INJECTIONS];
    size_t n_courses;
    double shot[HEALSIM_MAX_INJECTIONS];
    size_t n_shots;
    double shot_effect; /* suppression right after one shot, 0-1 */
} timeline;

typedef struct system_context {
    const healsim_params *params;
    const timeline *tl;
    double nsaid;       /* NSAID inhibition in the current segment (constant in it) */
    size_t shots_given; /* steroid shots at or before the current segment's start */
    healsim_effects constant; /* the segment's effects when no steroid acts (they do not vary) */
    size_t n_rhs;
    size_t n_jacobian;
} system_context;

/* Steroid suppression at t from the shots given so far: each decays with
** the depot's half-life; together they saturate at max_suppression. */
static double steroid_at(const system_context *ctx, double t)
{
    const healsim_params *p = ctx->params;
    double e = 0.0;
    for (size_t i = 0; i < ctx->shots_given; i++)
        e += ctx->tl->shot_effect * exp2(-(t - ctx->tl->shot[i]) / p->steroid_half_life_days);
    return e < p->steroid_max_suppression ? e : p->steroid_max_suppression;
}

static void effects_at(const system_context *ctx, double t, healsim_effects *e)
{
    if (ctx->shots_given == 0)
        *e = ctx->constant; /* the common case, on the solver's hot path */
    else
        healsim_model_effects(ctx->params, ctx->nsaid, steroid_at(ctx, t), e);
}

/* Enter the segment that starts at t: which NSAID level and which shots. */
static void enter_segment(system_context *ctx, double t)
{
    const timeline *tl = ctx->tl;
    ctx->nsaid = 0.0;
    for (size_t i = 0; i < tl->n_courses; i++)
        if (t >= tl->course_start[i] && t < tl->course_end[i])
            ctx->nsaid = ctx->params->nsaid_inhibition;
    ctx->shots_given = 0;
    while (ctx->shots_given < tl->n_shots && tl->shot[ctx->shots_given] <= t)
        ctx->shots_given++;
    healsim_model_effects(ctx->params, ctx->nsaid, 0.0, &ctx->constant);
}

static const gsl_odeiv2_step_type *step_type(healsim_method method)
{
    switch (method) {
    case HEALSIM_METHOD_RK2: return gsl_odeiv2_step_rk2;
    case HEALSIM_METHOD_RK4: return gsl_odeiv2_step_rk4;
    case HEALSIM_METHOD_RKF45: return gsl_odeiv2_step_rkf45;
    case HEALSIM_METHOD_RKCK: return gsl_odeiv2_step_rkck;
    case HEALSIM_METHOD_RK8PD: return gsl_odeiv2_step_rk8pd;
    case HEALSIM_METHOD_RK1IMP: return gsl_odeiv2_step_rk1imp;
    case HEALSIM_METHOD_RK2IMP: return gsl_odeiv2_step_rk2imp;
    case HEALSIM_METHOD_RK4IMP: return gsl_odeiv2_step_rk4imp;
    case HEALSIM_METHOD_MSADAMS: return gsl_odeiv2_step_msadams;
    case HEALSIM_METHOD_MSBDF: return gsl_odeiv2_step_msbdf;
    case HEALSIM_N_METHODS: break;
    }
    return NULL;
}

static int system_rhs(double t, const double y[], double dydt[], void *data)
{
    system_context *ctx = data;
    ctx->n_rhs++;
    for (int i = 0; i < HEALSIM_N_STATES; i++)
        if (!isfinite(y[i]))
            return GSL_EBADFUNC;
    healsim_effects e;
    effects_at(ctx, t, &e);
    healsim_model_rhs(ctx->params, &e, y, dydt);
    return GSL_SUCCESS;
}

static int system_jacobian(double t, const double y[], double *dfdy, double dfdt[], void *data)
{
    system_context *ctx = data;
    ctx->n_jacobian++;
    healsim_effects e;
    effects_at(ctx, t, &e);
    healsim_model_jacobian(ctx->params, &e, y, dfdy);
    for (int i = 0; i < HEALSIM_N_STATES; i++)
        dfdt[i] = 0.0;
    if (ctx->shots_given > 0) {
        /* a steroid's effect decays within the segment: df/dt by a difference */
        double f0[HEALSIM_N_STATES], f1[HEALSIM_N_STATES];
        const double dt = 1e-6 * ctx->params->steroid_half_life_days;
        healsim_effects e1;
        effects_at(ctx, t + dt, &e1);
        healsim_model_rhs(ctx->params, &e, y, f0);
        healsim_model_rhs(ctx->params, &e1, y, f1);
        for (int i = 0; i < HEALSIM_N_STATES; i++)
            dfdt[i] = (f1[i] - f0[i]) / dt;
    }
    return GSL_SUCCESS;
}

static const char *const derived_names[] = {
    "macrophages", "soreness", "hemostasis", "inflammation", "repair", "remodeling",
};

const char *healsim_column_name(int column)
{
    if (column == HEALSIM_COL_TIME)
        return "time_days";
    if (column >= 1 && column <= HEALSIM_N_STATES)
        return healsim_state_name((healsim_state)(column - 1));
    if (column >= HEALSIM_COL_MACROPHAGES && column < HEALSIM_N_COLUMNS)
        return derived_names[column - HEALSIM_COL_MACROPHAGES];
    return "?";
}

/* Room for at least n rows in run, so pushing them moves no memory. */
static int reserve_rows(healsim_run *run, size_t n)
{
    if (n <= run->cap_rows)
        return HEALSIM_OK;
    double *rows = realloc(run->rows, n * HEALSIM_N_COLUMNS * sizeof *rows);
    if (!rows)
        return HEALSIM_ERR_NOMEM;
    run->rows = rows;
    unsigned char *dom = realloc(run->dominant, n);
    if (!dom)
        return HEALSIM_ERR_NOMEM;
    run->dominant = dom;
    run->cap_rows = n;
    return HEALSIM_OK;
}

static int push_row(healsim_run *run, const healsim_params *p, double t, const double y[])
{
    int status;
    if (run->n_rows == run->cap_rows
        && (status = reserve_rows(run, run->cap_rows ? run->cap_rows * 2 : 1024)))
        return status;
    double *row = run->rows + run->n_rows * HEALSIM_N_COLUMNS;
    double activity[HEALSIM_N_PHASES];
    healsim_model_phases(p, y, activity);
    row[HEALSIM_COL_TIME] = t;
    for (int i = 0; i < HEALSIM_N_STATES; i++)
        row[HEALSIM_COL_STATE(i)] = y[i];
    row[HEALSIM_COL_MACROPHAGES] = y[HEALSIM_INFLAMMATORY_MACROPHAGES] + y[HEALSIM_REPAIR_MACROPHAGES];
    row[HEALSIM_COL_SORENESS] = healsim_model_soreness(p, y);
    for (int i = 0; i < HEALSIM_N_PHASES; i++)
        row[HEALSIM_COL_HEMOSTASIS + i] = activity[i];
    run->dominant[run->n_rows] = (unsigned char)healsim_model_dominant_phase(activity);
    run->n_rows++;
    return HEALSIM_OK;
}

static int push_sample(history *h, const healsim_params *p, double t, const double y[], int cycle)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 512;
        sample *s = realloc(h->s, cap * sizeof *s);
        if (!s)
            return HEALSIM_ERR_NOMEM;
        h->s = s;
        h->cap = cap;
    }
    sample *s = &h->s[h->n++];
    s->t = t;
    healsim_model_phases(p, y, s->activity);
    s->soreness = healsim_model_soreness(p, y);
    s->cycle = cycle;
    return HEALSIM_OK;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* After every injury a linear grid also gets log-spaced times from one
** minute to this many days, so the first hours and days of each cascade —
** hemostasis lasts hours, inflammation days — are drawn and written, not
** stepped over. */
#define REFINE_DAYS 10.0

/* Output times: the grid, with the span as its last point.  A linear grid
** is refined after every injury (injury_times, REFINE_DAYS).  Sorted, no
** duplicates. */
static double *make_grid(const healsim_params *p, const double *injury_times, size_t n_injuries,
                         size_t *n_out)
{
    const double first = 1.0 / 1440.0; /* one minute */
    const double ppd = (double)p->points_per_decade;
    size_t cap;
    if (p->grid == HEALSIM_GRID_LINEAR)
        cap = (size_t)ceil(p->span_days / p->step_days) + 2
              + n_injuries * ((size_t)ceil(log10(REFINE_DAYS / first) * ppd) + 1);
    else
        cap = (size_t)ceil(log10(p->span_days / first) * ppd) + 3;
    double *g = malloc(cap * sizeof *g);
    if (!g)
        return NULL;
    size_t n = 0;
    g[n++] = 0.0;
    if (p->grid == HEALSIM_GRID_LINEAR) {
        for (size_t i = 1;; i++) {
            /* multiply, never accumulate, so 300 and 301 points land where asked */
            double t = (double)i * p->step_days;
            if (t >= p->span_days * (1.0 - 1e-12))
                break;
            g[n++] = t;
        }
        /* the offsets after an injury are the same for every injury */
        size_t n_offsets = 0;
        double *offsets = malloc(((size_t)ceil(log10(REFINE_DAYS / first) * ppd) + 1) * sizeof *offsets);
        if (!offsets) {
            free(g);
            return NULL;
        }
        for (size_t k = 0;; k++) {
            double dt = first * pow(10.0, (double)k / ppd);
            if (dt >= REFINE_DAYS)
                break;
            offsets[n_offsets++] = dt;
        }
        for (size_t j = 0; j < n_injuries; j++) {
            for (size_t k = 0; k < n_offsets; k++) {
                double t = injury_times[j] + offsets[k];
                if (t >= p->span_days * (1.0 - 1e-12))
                    break;
                g[n++] = t;
            }
        }
        free(offsets);
        qsort(g, n, sizeof *g, compare_double);
        size_t m = 1;
        for (size_t i = 1; i < n; i++)
            if (g[i] != g[m - 1])
                g[m++] = g[i];
        n = m;
    } else {
        for (size_t k = 0;; k++) {
            double t = first * pow(10.0, (double)k / ppd);
            if (t >= p->span_days * (1.0 - 1e-12))
                break;
            g[n++] = t;
        }
    }
    g[n++] = p->span_days;
    *n_out = n;
    return g;
}


/* Refine the maximum at history index i with a parabola through i-1, i, i+1. */
static void refine_peak(const sample *s, size_t lo, size_t hi, size_t i, int phase,
                        double *t_peak, double *v_peak)
{
    *t_peak = s[i].t;
    *v_peak = phase >= 0 ? s[i].activity[phase] : s[i].soreness;
    if (i <= lo || i + 1 >= hi)
        return;
    double t0 = s[i - 1].t, t1 = s[i].t, t2 = s[i + 1].t;
    double v0 = phase >= 0 ? s[i - 1].activity[phase] : s[i - 1].soreness;
    double v1 = *v_peak;
    double v2 = phase >= 0 ? s[i + 1].activity[phase] : s[i + 1].soreness;
    if (!(t0 < t1 && t1 < t2))
        return;
    double d01 = (v1 - v0) / (t1 - t0), d12 = (v2 - v1) / (t2 - t1);
    double a = (d12 - d01) / (t2 - t0);
    if (!(a < 0))
        return;
    double b = d01 - a * (t0 + t1);
    double tv = -b / (2 * a);
    if (tv <= t0 || tv >= t2)
        return;
    /* the interpolating parabola in Newton form, at its vertex */
    double vv = v0 + d01 * (tv - t0) + a * (tv - t0) * (tv - t1);
    if (vv > *v_peak) {
        *t_peak = tv;
        *v_peak = vv;
    }
}

static double crossing(double t0, double v0, double t1, double v1, double level)
{
    if (v1 == v0)
        return t1;
    return t0 + (level - v0) * (t1 - t0) / (v1 - v0);
}

/* Time with value >= level within history samples [lo, hi). */
static double time_above(const sample *s, size_t lo, size_t hi, double level)
{
    double total = 0.0;
    for (size_t i = lo + 1; i < hi; i++) {
        double t0 = s[i - 1].t, t1 = s[i].t, v0 = s[i - 1].soreness, v1 = s[i].soreness;
        if (t1 <= t0)
            continue;
        if (v0 >= level && v1 >= level)
            total += t1 - t0;
        else if (v0 >= level)
            total += crossing(t0, v0, t1, v1, level) - t0;
        else if (v1 >= level)
            total += t1 - crossing(t0, v0, t1, v1, level);
    }
    return total;
}

static void analyse_cycle(const sample *s, size_t lo, size_t hi, int cycle, double start,
                          healsim_phase_record *out)
{
    for (int ph = 0; ph < HEALSIM_N_PHASES; ph++) {
        healsim_phase_record *r = &out[ph];
        r->cycle = cycle;
        r->phase = (healsim_phase)ph;
        r->cycle_start_days = start;
        size_t best = lo;
        for (size_t i = lo; i < hi; i++)
            if (s[i].activity[ph] > s[best].activity[ph])
                best = i;
        refine_peak(s, lo, hi, best, ph, &r->peak_days, &r->peak_value);
        double half = 0.5 * r->peak_value;
        r->onset_days = s[lo].t;
        r->end_days = s[hi - 1].t;
        if (r->peak_value <= 0.0)
            continue;
        for (size_t i = lo; i < hi; i++) {
            if (s[i].activity[ph] >= half) {
                r->onset_days = i > lo ? crossing(s[i - 1].t, s[i - 1].activity[ph], s[i].t,
                                                  s[i].activity[ph], half)
                                       : s[i].t;
                break;
            }
        }
        for (size_t i = hi; i-- > lo;) {
            if (s[i].activity[ph] >= half) {
                r->end_days = i + 1 < hi ? crossing(s[i].t, s[i].activity[ph], s[i + 1].t,
                                                    s[i + 1].activity[ph], half)
                                         : s[i].t;
                break;
            }
        }
    }
}

typedef struct event {
    double t;
    double injury;
    double concentration_pct;
    double volume_ml;
} event;

/* The treatment timeline of params and its breakpoints (sorted, unique,
** inside (0, span)) into brk; returns their count. */
static size_t make_timeline(const healsim_params *p, const event *ev, size_t n_events, timeline *tl,
                            double *brk)
{
    memset(tl, 0, sizeof *tl);
    if (p->nsaid_inhibition > 0) {
        size_t n = p->nsaid_relative_to == HEALSIM_NSAID_AFTER_INJECTION ? n_events : p->n_nsaid_start;
        for (size_t i = 0; i < n; i++) {
            double start = p->nsaid_relative_to == HEALSIM_NSAID_AFTER_INJECTION
                               ? ev[i].t + p->nsaid_start_days[0]
                               : p->nsaid_start_days[i];
            double end = start + p->nsaid_duration_days;
            /* courses after injections close together may touch: merge them */
            if (tl->n_courses > 0 && start <= tl->course_end[tl->n_courses - 1]) {
                if (end > tl->course_end[tl->n_courses - 1])
                    tl->course_end[tl->n_courses - 1] = end;
                continue;
            }
            tl->course_start[tl->n_courses] = start;
            tl->course_end[tl->n_courses] = end;
            tl->n_courses++;
        }
    }
    if (p->steroid_dose_mg > 0 && p->steroid_max_suppression > 0) {
        tl->n_shots = p->n_steroid_times;
        memcpy(tl->shot, p->steroid_times_days, tl->n_shots * sizeof *tl->shot);
        tl->shot_effect = p->steroid_max_suppression * p->steroid_dose_mg
                        / (p->steroid_dose_mg + p->steroid_half_maximal_dose_mg);
    }
    size_t n = 0;
    for (size_t i = 0; i < tl->n_courses; i++) {
        brk[n++] = tl->course_start[i];
        brk[n++] = tl->course_end[i];
    }
    for (size_t i = 0; i < tl->n_shots; i++)
        brk[n++] = tl->shot[i];
    qsort(brk, n, sizeof *brk, compare_double);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (brk[i] > 0 && brk[i] < p->span_days && (m == 0 || brk[i] != brk[m - 1]))
            brk[m++] = brk[i];
    return m;
}

static size_t make_events(const healsim_params *p, event *ev)
{
    const double unit = p->schedule_unit == HEALSIM_UNIT_WEEKS ? 7.0 : 1.0;
    const int listed = p->schedule_form == HEALSIM_SCHEDULE_TIMES;
    size_t n = listed ? p->n_times : p->count;
    for (size_t i = 0; i < n; i++) {
        double t = listed ? p->times[i] : p->start + (double)i * p->interval;
        ev[i].t = t * unit;
        ev[i].concentration_pct = p->concentration_pct[p->n_concentration == 1 ? 0 : i];
        ev[i].volume_ml = p->volume_ml[p->n_volume == 1 ? 0 : i];
        ev[i].injury = healsim_model_injection_injury(p, ev[i].concentration_pct, ev[i].volume_ml);
    }
    return n;
}

size_t healsim_schedule_injection_days(const healsim_params *params, double *days)
{
    event ev[HEALSIM_MAX_INJECTIONS];
    size_t n = make_events(params, ev);
    for (size_t i = 0; i < n; i++)
        days[i] = ev[i].t;
    return n;
}

static int solver_fail(healsim_diag *diag, const healsim_params *p, double t, const char *what)
{
    healsim_diag_set(diag, p->title[0] ? p->title : "simulation", 0, 0,
                     "solver %s failed at t = %.6g days: %s", healsim_method_name(p->method), t, what);
    return HEALSIM_ERR_SOLVER;
}

int healsim_simulate(const healsim_params *params, unsigned flags, healsim_run **out,
                     healsim_diag *diag)
{
    *out = NULL;
    memset(diag, 0, sizeof *diag);
    /* a set edited by hand may hold what no solver survives (method 42, rtol NaN) */
    int checked = healsim_params_check(params, diag);
    if (checked != HEALSIM_OK)
        return checked;
    healsim_run *run = calloc(1, sizeof *run);
    if (!run)
        return HEALSIM_ERR_NOMEM;
    run->params = *params;
    const healsim_params *p = &run->params;
    const int keep_rows = !(flags & HEALSIM_RUN_NO_ROWS);

    event ev[HEALSIM_MAX_INJECTIONS];
    size_t n_events = make_events(p, ev);

    double injury_times[HEALSIM_MAX_INJECTIONS + 1];
    size_t n_injuries = 0;
    if (p->initial_injury > 0)
        injury_times[n_injuries++] = 0.0;
    for (size_t k = 0; k < n_events; k++)
        injury_times[n_injuries++] = ev[k].t;
    size_t n_grid = 0;
    /* the solver stops at every output time whether or not the rows are
    ** kept: a run without rows (a batch) takes the very same steps, so it
    ** gives the same numbers and meets solver.max_steps exactly as one with */
    double *grid = make_grid(p, injury_times, n_injuries, &n_grid);
    double checkpoints[HEALSIM_MAX_CHECKPOINTS];
    size_t n_checkpoints = p->n_checkpoints;
    memcpy(checkpoints, p->checkpoints_days, n_checkpoints * sizeof *checkpoints);
    qsort(checkpoints, n_checkpoints, sizeof *checkpoints, compare_double);
    history hist = { 0 };
    timeline tl;
    double breakpoints[3 * HEALSIM_MAX_INJECTIONS];
    size_t n_breakpoints = make_timeline(p, ev, n_events, &tl, breakpoints);
    system_context ctx = { p, &tl, 0.0, 0, { 1.0, 1.0, 0.0 }, 0, 0 };
    enter_segment(&ctx, 0.0);
    gsl_odeiv2_system sys = { system_rhs, system_jacobian, HEALSIM_N_STATES, &ctx };
    const double h_start = 1e-4;
    gsl_odeiv2_driver *driver = gsl_odeiv2_driver_alloc_standard_new(
        &sys, step_type(p->method), h_start, p->atol, p->rtol, 1.0, 0.0);
    int status = HEALSIM_OK;
    if (!grid || !driver) {
        status = HEALSIM_ERR_NOMEM;
        goto done;
    }
    /* a row at every grid time, and one either side of every injection */
    if (keep_rows && (status = reserve_rows(run, n_grid + 2 * n_events + 1)))
        goto done;

    healsim_summary *sum = &run->summary;
    double y[HEALSIM_N_STATES];
    healsim_model_initial_state(p, y);
    sum->strength_initial_pct = y[HEALSIM_STRENGTH];
    sum->strength_min_pct = sum->strength_max_pct = y[HEALSIM_STRENGTH];
    sum->n_checkpoints = n_checkpoints;
    memcpy(sum->checkpoint_days, checkpoints, n_checkpoints * sizeof *checkpoints);

    int cycle = p->initial_injury > 0 ? 0 : -1;
    const int first_injection_cycle = cycle + 1;
    double t = 0.0;
    size_t next_grid = 0, next_checkpoint = 0, next_breakpoint = 0, steps = 0;
    if ((status = push_sample(&hist, p, t, y, cycle)))
        goto done;

    for (size_t k = 0; k <= n_events; k++) {
        const double t_end = k < n_events ? ev[k].t : p->span_days;
        gsl_odeiv2_driver_reset_hstart(driver, fmin(h_start, fmax(t_end - t, 1e-12)));
        double h = driver->h;
        for (;;) {
            /* emit everything that sits at the current time before stepping */
            while (next_grid < n_grid && grid[next_grid] <= t) {
                if (keep_rows && grid[next_grid] == t && !(k < n_events && t == t_end)
                    && (status = push_row(run, p, t, y)))
                    goto done;
                next_grid++;
            }
            while (next_checkpoint < n_checkpoints && checkpoints[next_checkpoint] <= t) {
                sum->strength_at_checkpoint_pct[next_checkpoint] = y[HEALSIM_STRENGTH];
                next_checkpoint++;
            }
            if (next_breakpoint < n_breakpoints && breakpoints[next_breakpoint] <= t) {
                /* a treatment starts or stops: new rates, and a clean restart */
                while (next_breakpoint < n_breakpoints && breakpoints[next_breakpoint] <= t)
                    next_breakpoint++;
                enter_segment(&ctx, t);
                gsl_odeiv2_driver_reset(driver);
            }
            if (t >= t_end)
                break;
            double target = t_end;
            if (next_breakpoint < n_breakpoints && breakpoints[next_breakpoint] < target)
                target = breakpoints[next_breakpoint];
            if (next_grid < n_grid && grid[next_grid] < target)
                target = grid[next_grid];
            if (next_checkpoint < n_checkpoints && checkpoints[next_checkpoint] < target)
                target = checkpoints[next_checkpoint];
            int rc = gsl_odeiv2_evolve_apply(driver->e, driver->c, driver->s, &sys, &t, target, &h, y);
            if (rc != GSL_SUCCESS) {
                status = solver_fail(diag, p, t, rc == GSL_EBADFUNC ? "the state became NaN or infinite"
                                                                   : gsl_strerror(rc));
                goto done;
            }
            /* every output row and checkpoint can cost a step of its own:
            ** those are bounded by the grid, so they do not count */
            if (++steps > p->max_steps + n_grid + n_checkpoints) {
                char what[128];
                snprintf(what, sizeof what, "step limit reached (solver.max_steps = %zu)", p->max_steps);
                status = solver_fail(diag, p, t, what);
                goto done;
            }
            if (y[HEALSIM_STRENGTH] < sum->strength_min_pct) sum->strength_min_pct = y[HEALSIM_STRENGTH];
            if (y[HEALSIM_STRENGTH] > sum->strength_max_pct) sum->strength_max_pct = y[HEALSIM_STRENGTH];
            if ((status = push_sample(&hist, p, t, y, cycle)))
                goto done;
        }
        if (k == n_events)
            break;
        /* the injection: a row before, the jump, a row after, and a clean restart */
        if (keep_rows && (status = push_row(run, p, t, y)))
            goto done;
        sum->injections[k].strength_before_pct = y[HEALSIM_STRENGTH];
        healsim_model_apply_injury(ev[k].injury, y);
        cycle = first_injection_cycle + (int)k;
        if (keep_rows && (status = push_row(run, p, t, y)))
            goto done;
        if ((status = push_sample(&hist, p, t, y, cycle)))
            goto done;
        /* a clean restart: no step size, error estimate or multistep
        ** history from before the discontinuity survives it */
        gsl_odeiv2_driver_reset(driver);
    }
    sum->strength_end_pct = y[HEALSIM_STRENGTH];
    sum->n_steps = steps;
    sum->n_rhs = ctx.n_rhs;
    sum->n_jacobian = ctx.n_jacobian;

    /* read the history: cycles, peaks, soreness */
    int n_cycles = cycle + 1;
    run->n_records = (size_t)n_cycles * HEALSIM_N_PHASES;
    if (n_cycles > 0) {
        run->records = calloc(run->n_records, sizeof *run->records);
        if (!run->records) {
            status = HEALSIM_ERR_NOMEM;
            goto done;
        }
    }
    sum->days_sore = time_above(hist.s, 0, hist.n, p->soreness_threshold);
    sum->peak_soreness = 0.0;
    for (size_t i = 0; i < hist.n; i++)
        if (hist.s[i].soreness > sum->peak_soreness)
            sum->peak_soreness = hist.s[i].soreness;
    sum->n_injections = n_events;
    size_t lo = 0;
    while (lo < hist.n && hist.s[lo].cycle < 0)
        lo++;
    for (int c = 0; c < n_cycles; c++) {
        size_t hi = lo;
        while (hi < hist.n && hist.s[hi].cycle == c)
            hi++;
        double start = hist.s[lo].t;
        analyse_cycle(hist.s, lo, hi, c, start, run->records + (size_t)c * HEALSIM_N_PHASES);
        int j = c - first_injection_cycle;
        if (j >= 0 && (size_t)j < n_events) {
            healsim_injection *inj = &sum->injections[j];
            inj->time_days = ev[j].t;
            inj->concentration_pct = ev[j].concentration_pct;
            inj->volume_ml = ev[j].volume_ml;
            inj->injury = ev[j].injury;
            const healsim_phase_record *r = run->records + (size_t)c * HEALSIM_N_PHASES + HEALSIM_PHASE_INFLAMMATION;
            inj->peak_inflammation = r->peak_value;
            inj->peak_inflammation_days = r->peak_days - start;
            size_t best = lo;
            for (size_t i = lo; i < hi; i++)
                if (hist.s[i].soreness > hist.s[best].soreness)
                    best = i;
            double tp;
            refine_peak(hist.s, lo, hi, best, -1, &tp, &inj->peak_soreness);
            inj->sore_days = time_above(hist.s, lo, hi, p->soreness_threshold);
        }
        lo = hi;
    }

done:
    free(grid);
    free(hist.s);
    if (driver)
        gsl_odeiv2_driver_free(driver);
    if (status != HEALSIM_OK) {
        if (diag->message[0] == '\0')
            healsim_diag_set(diag, NULL, 0, 0, "out of memory");
        healsim_run_free(run);
        return status;
    }
    *out = run;
    return HEALSIM_OK;
}

void healsim_run_free(healsim_run *run)
{
    if (!run)
        return;
    free(run->rows);
    free(run->dominant);
    free(run->records);
    free(run);
}

size_t healsim_run_n_rows(const healsim_run *run) { return run->n_rows; }

const double *healsim_run_row(const healsim_run *run, size_t i)
{
    return run->rows + i * HEALSIM_N_COLUMNS;
}

healsim_phase healsim_run_dominant_phase(const healsim_run *run, size_t i)
{
    return (healsim_phase)run->dominant[i];
}

const healsim_summary *healsim_run_summary(const healsim_run *run) { return &run->summary; }

size_t healsim_run_n_phase_records(const healsim_run *run) { return run->n_records; }

const healsim_phase_record *healsim_run_phase_records(const healsim_run *run)
{
    return run->records;
}

const healsim_params *healsim_run_params(const healsim_run *run) { return &run->params; }
