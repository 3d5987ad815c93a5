/*
** sweep.c — the figure of `healsim sweep` (plots/batch.h).
**
** A sweep varies one parameter or two over increasing values and gives an
** outcome per run, NaN where a run failed.  This file checks such a sweep,
** finds its best run (the highest outcome, or the lowest where lower is
** better; the first of equal ones), words it in the caption, and draws the
** sweep's page: a line for one parameter (sweep_line.c), a heatmap for two
** (sweep_heatmap.c).
*/
#include "batch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* "1 week", "10 %", "3" (no unit). */
static void format_with_unit(double v, const char *unit, char *buf, size_t size)
{
    char value[48];
    fig_format_value(v, value, sizeof value);
    snprintf(buf, size, unit[0] ? "%s %s" : "%s", value, unit);
}

/* Number of runs of a sweep (after check_sweep). */
static size_t sweep_runs(const healsim_sweep_plot *sp)
{
    return sp->n_axes == 1 ? sp->n[0] : sp->n[0] * sp->n[1];
}

/* An axis's name and count (first) or its values (then), once the
** sweep's size is known to be sane. */
static int check_axis(const healsim_sweep_plot *sp, size_t a, int values, healsim_diag *diag)
{
    const char *name = fig_str(sp->axis_name[a]);
    const size_t min = sp->n_axes == 1 ? 2 : 1;
    if (!values) {
        if (!name[0])
            return fig_fail(diag, HEALSIM_ERR_INPUT, "sweep axis %zu has no parameter name", a + 1);
        if (sp->n[a] < min || !sp->values[a])
            return fig_fail(diag, HEALSIM_ERR_INPUT, "sweep axis %zu ('%s'): %s %zu value%s, needs at least %zu",
                            a + 1, name, sp->values[a] ? "has" : "has no values (NULL) for", sp->n[a],
                            sp->n[a] == 1 ? "" : "s", min);
        if (sp->n[a] > HEALSIM_MAX_SWEEP_RUNS)
            return fig_fail(diag, HEALSIM_ERR_INPUT, "sweep axis %zu ('%s'): %zu values, at most %d", a + 1,
                            name, sp->n[a], HEALSIM_MAX_SWEEP_RUNS);
        return HEALSIM_OK;
    }
    for (size_t i = 0; i < sp->n[a]; i++) {
        const double v = sp->values[a][i];
        if (!isfinite(v))
            return fig_fail(diag, HEALSIM_ERR_INPUT, "sweep axis %zu ('%s'): value %zu is not a number",
                            a + 1, name, i + 1);
        if (sp->log_axis[a] && !(v > 0))
            return fig_fail(diag, HEALSIM_ERR_INPUT,
                            "sweep axis %zu ('%s'): value %zu is %g, and a log axis needs values > 0",
                            a + 1, name, i + 1, v);
        if (i > 0 && !(v > sp->values[a][i - 1]))
            return fig_fail(diag, HEALSIM_ERR_INPUT,
                            "sweep axis %zu ('%s'): values must increase, but value %zu (%g) follows %g",
                            a + 1, name, i + 1, v, sp->values[a][i - 1]);
    }
    return HEALSIM_OK;
}

static int check_sweep(const healsim_sweep_plot *sp, healsim_diag *diag)
{
    if (!sp)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: no sweep (NULL)");
    if (sp->n_axes != 1 && sp->n_axes != 2)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "a sweep varies 1 or 2 parameters, not %zu", sp->n_axes);
    for (int values = 0; values < 2; values++) {
        for (size_t a = 0; a < sp->n_axes; a++) {
            int rc = check_axis(sp, a, values, diag);
            if (rc)
                return rc;
        }
        if (!values && sp->n_axes == 2 && sp->n[0] * sp->n[1] > HEALSIM_MAX_SWEEP_RUNS)
            return fig_fail(diag, HEALSIM_ERR_INPUT, "a sweep of %zu x %zu runs is more than %d", sp->n[0],
                            sp->n[1], HEALSIM_MAX_SWEEP_RUNS);
    }
    if (!sp->outcome)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: the sweep has no outcome (NULL)");
    size_t finite = 0;
    for (size_t i = 0; i < sweep_runs(sp); i++) {
        if (isinf(sp->outcome[i]))
            return fig_fail(diag, HEALSIM_ERR_INPUT, "the outcome of run %zu is infinite", i + 1);
        finite += !isnan(sp->outcome[i]);
    }
    if (!finite)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: every run of the sweep failed (NaN)");
    return HEALSIM_OK;
}

outcome_range fig_sweep_range(const healsim_sweep_plot *sp)
{
    outcome_range o = { INFINITY, -INFINITY, 0, NAN, 0 };
    size_t lowest = 0, highest = 0;
    for (size_t i = 0; i < sweep_runs(sp); i++) {
        const double v = sp->outcome[i];
        if (isnan(v)) {
            o.failed = 1;
            continue;
        }
        if (v > o.hi) {
            o.hi = v;
            highest = i;
        }
        if (v < o.lo) {
            o.lo = v;
            lowest = i;
        }
    }
    o.best = sp->lower_is_better ? lowest : highest;
    o.best_value = sp->lower_is_better ? o.lo : o.hi;
    return o;
}

/* "max", or "min" where lower is better */
const char *fig_best_word(const healsim_sweep_plot *sp)
{
    return sp->lower_is_better ? WORD_MIN : WORD_MAX;
}

/* Decimals of the outcome's values: three significant digits of the largest. */
int fig_outcome_decimals(const outcome_range *o)
{
    return fig_decimals_for(fmax(fabs(o->lo), fabs(o->hi)), 3);
}

/* The caption: where the best run is, and what a failed run looks like. */
static void sweep_caption(const healsim_sweep_plot *sp, const outcome_range *o, char *buf, size_t size)
{
    char value[48], at[2][160];
    fig_format_fixed(sp->outcome[o->best], fig_outcome_decimals(o), 0, value, sizeof value);
    size_t idx[2] = { o->best, 0 };
    if (sp->n_axes == 2) {
        idx[0] = o->best / sp->n[1];
        idx[1] = o->best % sp->n[1];
    }
    for (size_t a = 0; a < sp->n_axes; a++) {
        char v[96];
        format_with_unit(sp->values[a][idx[a]], fig_str(sp->axis_unit[a]), v, sizeof v);
        snprintf(at[a], sizeof at[a], "%s = %s", fig_str(sp->axis_name[a]), v);
    }
    const char *failed = !o->failed ? "" : sp->n_axes == 1 ? " · " WORD_FAILED_POINT : " · " WORD_FAILED_CELL;
    if (sp->n_axes == 1)
        snprintf(buf, size, "%s %s " WORD_AT " %s%s", fig_best_word(sp), value, at[0], failed);
    else
        snprintf(buf, size, "%s %s " WORD_AT " %s, %s%s", fig_best_word(sp), value, at[0], at[1], failed);
}

/* One parameter: a line; two: a heatmap. */
static int sweep_page(const page *pg, const void *figure, const char *caption)
{
    const healsim_sweep_plot *sp = figure;
    return sp->n_axes == 1 ? fig_sweep_line_page(pg, sp, caption) : fig_sweep_heatmap_page(pg, sp, caption);
}

int healsim_sweep_render(unsigned format, const healsim_sweep_plot *sp, const healsim_figure_style *style,
                         FILE *out, healsim_diag *diag)
{
    memset(diag, 0, sizeof *diag);
    int rc = fig_check_format(format, style, diag);
    if (rc == HEALSIM_OK)
        rc = check_sweep(sp, diag);
    if (rc == HEALSIM_OK) {
        const outcome_range o = fig_sweep_range(sp);
        char caption[4 * HEALSIM_MAX_TEXT + 256];
        sweep_caption(sp, &o, caption, sizeof caption);
        rc = fig_batch_render(format, "sweep", sweep_page, sp, caption, fig_str(sp->title), NULL, style, out, diag);
    }
    return fig_name_failure(rc, "sweep", format, diag);
}
