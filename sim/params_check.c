/*
** params_check.c — is a parameter set one that can be simulated?  The checks
** that span fields: the schedule increasing and inside the simulated span,
** list lengths matching the number of injections, courses that do not
** overlap; and of a figure configuration, a page that fits in memory.
** First every single value is checked against its row of the table (range,
** choices, list capacity, finite numbers): the loader checked them as it
** read them, but a set edited by hand gets here unchecked, and a set that
** passes healsim_params_check must simulate.
**
** A problem is reported at the value the user set: when the loader passes
** the origins of the values, the diag names the file, line and column (or
** the override) of the faulty one; for a conflict between two values, the
** one set most directly (an override, then a file, then the default).
** The first problem found is the one reported.
*/
#include "params_internal.h"

#include <string.h>

/* How directly the user set a value: 2 an override, 1 a file of theirs,
** 0 the built-in default. */
static int origin_rank(const healsimi_origin *o)
{
    if (o->override)
        return 2;
    return o->file && strcmp(o->file, HEALSIMI_BUILT_IN_NAME) != 0 ? 1 : 0;
}

/* Report the problem at where the value of sec.key was set (when `where` is
** known) and return HEALSIM_ERR_INPUT from the calling check. */
#define AT(sec, key, ...)                                                                    \
    do {                                                                                     \
        int r_ = healsimi_param_find(sec, key);                                              \
        const healsimi_origin *o_ = where && r_ >= 0 ? &where[r_] : NULL;                    \
        healsim_diag_set(diag, o_ && o_->file ? o_->file : "parameters", o_ ? o_->line : 0,  \
                         o_ ? o_->column : 0, __VA_ARGS__);                                  \
        diag->override = o_ ? o_->override : 0;                                              \
        return HEALSIM_ERR_INPUT;                                                            \
    } while (0)
/* A conflict between two keys is reported where the user set one of them:
** an override before a file, a file before the built-in default; on a tie,
** the first key. */
#define AT_EITHER(sec, key, sec2, key2, ...)                                                 \
    do {                                                                                     \
        int r1_ = healsimi_param_find(sec, key), r2_ = healsimi_param_find(sec2, key2);      \
        if (where && r1_ >= 0 && r2_ >= 0 && origin_rank(&where[r2_]) > origin_rank(&where[r1_])) \
            AT(sec2, key2, __VA_ARGS__);                                                     \
        AT(sec, key, __VA_ARGS__);                                                           \
    } while (0)

/* Every value of one record (the scenario rows, or the [figure] rows) as
** its row of the table allows: what the loader guarantees, checked again
** for a set filled or edited by hand. */
#define CHECK_ROWS(record, figure_rows)                                                      \
    do {                                                                                     \
        for (size_t i_ = 0; i_ < healsimi_param_count; i_++) {                               \
            const param_info *pi_ = &healsimi_param_table[i_];                                \
            char why_[512];                                                                  \
            if (pi_->figure == (figure_rows) && ((figure_rows) || healsimi_param_active(p, i_)) \
                && healsimi_value_check(record, pi_, why_, sizeof why_))                     \
                AT(pi_->section, pi_->key, "%s", why_);                                      \
        }                                                                                    \
    } while (0)

int healsimi_params_check_at(const healsim_params *p, const healsimi_origin *where, healsim_diag *diag)
{
    if (p->schedule_form != HEALSIM_SCHEDULE_REGULAR && p->schedule_form != HEALSIM_SCHEDULE_TIMES)
        AT("schedule", "times", "schedule_form = %d is neither HEALSIM_SCHEDULE_REGULAR (start, interval, "
           "count) nor HEALSIM_SCHEDULE_TIMES (times)", (int)p->schedule_form);
    CHECK_ROWS(p, 0);
    const double unit_days = p->schedule_unit == HEALSIM_UNIT_WEEKS ? 7.0 : 1.0;
    size_t n;
    if (p->schedule_form == HEALSIM_SCHEDULE_TIMES) {
        n = p->n_times;
        if (n == 0)
            AT("schedule", "times", "times is empty; list at least one injection time, "
                                    "or set count = 0 for no injections");
        for (size_t i = 0; i < n; i++) {
            if (i > 0 && !(p->times[i] > p->times[i - 1]))
                AT("schedule", "times", "injection times must increase: %g comes after %g",
                   p->times[i], p->times[i - 1]);
            if (p->times[i] * unit_days >= p->span_days)
                AT_EITHER("schedule", "times", "schedule", "span_days",
                   "injection at %g %s (day %g) is not before the end of the "
                   "simulated span (span_days = %g)", p->times[i],
                   p->schedule_unit == HEALSIM_UNIT_WEEKS ? "weeks" : "days",
                   p->times[i] * unit_days, p->span_days);
        }
    } else {
        n = p->count;
        if (n > 1 && !(p->interval > 0))
            AT("schedule", "interval", "interval must be above 0 when count is %zu", n);
        if (n > 0) {
            double last = (p->start + (double)(n - 1) * p->interval) * unit_days;
            if (last >= p->span_days)
                AT_EITHER("schedule", "count", "schedule", "span_days",
                   "injection %zu falls on day %g, not before the end of the "
                   "simulated span (span_days = %g)", n, last, p->span_days);
        }
    }
    if (n > 0) {
        if (p->n_concentration != 1 && p->n_concentration != n)
            AT("schedule", "concentration_pct", "concentration_pct has %zu values; give one, or one "
               "per injection (%zu)", p->n_concentration, n);
        if (p->n_volume != 1 && p->n_volume != n)
            AT("schedule", "volume_ml", "volume_ml has %zu values; give one, or one per injection (%zu)",
               p->n_volume, n);
    }
    if (p->n_concentration == 0)
        AT("schedule", "concentration_pct", "concentration_pct is empty");
    if (p->n_volume == 0)
        AT("schedule", "volume_ml", "volume_ml is empty");
    for (size_t i = 0; i < p->n_checkpoints; i++)
        if (p->checkpoints_days[i] > p->span_days)
            AT_EITHER("output", "checkpoints_days", "schedule", "span_days",
               "checkpoint at day %g is after the end of the simulated "
               "span (span_days = %g)", p->checkpoints_days[i], p->span_days);
    if (p->grid == HEALSIM_GRID_LINEAR && p->span_days / p->step_days > 2e6)
        AT("output", "step_days", "step_days = %g gives more than 2 million rows over %g days; "
           "use a larger step", p->step_days, p->span_days);
    if (p->nsaid_relative_to == HEALSIM_NSAID_AFTER_INJECTION && p->n_nsaid_start != 1)
        AT("nsaid", "start_days", "start_days has %zu values; with relative_to = injection give one: "
           "the day after each injection its course starts", p->n_nsaid_start);
    for (size_t i = 0; i < p->n_nsaid_start; i++) {
        if (p->nsaid_relative_to == HEALSIM_NSAID_ON_DAYS && i > 0
            && !(p->nsaid_start_days[i] >= p->nsaid_start_days[i - 1] + p->nsaid_duration_days))
            AT("nsaid", "start_days", "NSAID courses must not overlap: the course on day %g starts before "
               "the one on day %g ends (duration_days = %g)", p->nsaid_start_days[i],
               p->nsaid_start_days[i - 1], p->nsaid_duration_days);
        if (p->nsaid_relative_to == HEALSIM_NSAID_ON_DAYS && p->nsaid_start_days[i] >= p->span_days)
            AT_EITHER("nsaid", "start_days", "schedule", "span_days",
               "an NSAID course on day %g starts after the simulated span "
               "(span_days = %g)", p->nsaid_start_days[i], p->span_days);
    }
    for (size_t i = 0; i < p->n_steroid_times; i++) {
        if (i > 0 && !(p->steroid_times_days[i] > p->steroid_times_days[i - 1]))
            AT("steroid", "times_days", "steroid shot days must increase: %g comes after %g",
               p->steroid_times_days[i], p->steroid_times_days[i - 1]);
        if (p->steroid_times_days[i] >= p->span_days)
            AT_EITHER("steroid", "times_days", "schedule", "span_days",
               "a steroid shot on day %g is not before the end of the simulated "
               "span (span_days = %g)", p->steroid_times_days[i], p->span_days);
    }
    if (p->initial_injury > 0 && p->initial_strength_pct > p->strength_ceiling_pct
        && p->initial_injury >= 1)
        AT("tissue", "initial_strength_pct", "a full wound (initial_injury >= 1) cannot start "
           "stronger than the scar ceiling (%g %%)", p->strength_ceiling_pct);
    return HEALSIM_OK;
}

int healsimi_figure_check_at(const healsim_figure_config *f, const healsimi_origin *where, healsim_diag *diag)
{
    const healsim_params *p = NULL; /* CHECK_ROWS asks it only for scenario rows */
    (void)p;
    CHECK_ROWS(f, 1);
    if ((double)f->width_px * (double)f->height_px > 64e6)
        AT("figure", "height", "a %zu x %zu pixel figure is larger than 64 million pixels; "
           "lower width or height (or dpi)", f->width_px, f->height_px);
    return HEALSIM_OK;
}

#undef AT
#undef AT_EITHER
#undef CHECK_ROWS

int healsim_params_check(const healsim_params *params, healsim_diag *diag)
{
    return healsimi_params_check_at(params, NULL, diag);
}

int healsim_figure_config_check(const healsim_figure_config *figure, healsim_diag *diag)
{
    return healsimi_figure_check_at(figure, NULL, diag);
}

