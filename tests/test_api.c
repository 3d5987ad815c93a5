/*
** test_api.c — the parameter API as a program embedding healsim uses it:
** fill a healsim_params by loading the default, edit fields by hand, check.
**
** Facts checked: a set that passes healsim_params_check simulates
** (healsim_simulate succeeds) in both schedule forms; every kind of bad
** hand edit — an unknown enum value, NaN or infinity, a value out of range,
** a list longer than its array, an unknown schedule form, an unterminated
** text — fails the check with a message that names the key as
** section.key, and healsim_simulate refuses it the same way instead of
** crashing in the solver.  The same holds for healsim_figure_config.
** It includes only healsim/healsim.h, the umbrella header.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "check.h"
#include "healsim/healsim.h" /* the umbrella header: every public header compiles together */

static healsim_params base;
static healsim_figure_config base_figure;

/* The edited set p fails the check and the run with a message naming key. */
static void expect_refused(const char *what, const healsim_params *p, const char *key)
{
    healsim_diag d;
    int status = healsim_params_check(p, &d);
    CHECK(status == HEALSIM_ERR_INPUT, "[%s] check returned %d, expected HEALSIM_ERR_INPUT", what, status);
    CHECK(strstr(d.message, key) != NULL, "[%s] message '%s' does not name %s", what, d.message, key);
    healsim_run *run = NULL;
    status = healsim_simulate(p, HEALSIM_RUN_NO_ROWS, &run, &d);
    CHECK(status == HEALSIM_ERR_INPUT && run == NULL, "[%s] healsim_simulate returned %d, expected %d",
          what, status, HEALSIM_ERR_INPUT);
    CHECK(strstr(d.message, key) != NULL, "[%s] run message '%s' does not name %s", what, d.message, key);
    healsim_run_free(run);
}

/* The edited set p passes the check and simulates. */
static void expect_simulates(const char *what, const healsim_params *p, size_t n_injections)
{
    healsim_diag d;
    int status = healsim_params_check(p, &d);
    CHECK(status == HEALSIM_OK, "[%s] check: %d, %s", what, status, d.message);
    healsim_run *run = NULL;
    status = healsim_simulate(p, 0, &run, &d);
    CHECK(status == HEALSIM_OK && run != NULL, "[%s] healsim_simulate: %d, %s", what, status, d.message);
    if (run) {
        const healsim_summary *s = healsim_run_summary(run);
        CHECK(s->n_injections == n_injections, "[%s] %zu injections, expected %zu", what, s->n_injections,
              n_injections);
        CHECK(isfinite(s->strength_end_pct), "[%s] end strength %g", what, s->strength_end_pct);
    }
    healsim_run_free(run);
}

static void test_bad_edits(void)
{
    healsim_params p;

    p = base;
    p.method = (healsim_method)42;
    expect_refused("method = 42", &p, "solver.method");
    p = base;
    p.method = (healsim_method)-1;
    expect_refused("method = -1", &p, "solver.method");
    p = base;
    p.grid = (healsim_grid)7;
    expect_refused("grid = 7", &p, "output.grid");
    p = base;
    p.schedule_unit = (healsim_time_unit)3;
    expect_refused("unit = 3", &p, "schedule.unit");
    p = base;
    p.nsaid_relative_to = (healsim_nsaid_timing)9;
    expect_refused("nsaid timing = 9", &p, "nsaid.relative_to");

    p = base;
    p.rtol = NAN;
    expect_refused("rtol = NaN", &p, "solver.rtol");
    p = base;
    p.atol = INFINITY;
    expect_refused("atol = inf", &p, "solver.atol");
    p = base;
    p.span_days = -INFINITY;
    expect_refused("span_days = -inf", &p, "schedule.span_days");
    p = base;
    p.volume_ml[0] = NAN;
    expect_refused("volume_ml[0] = NaN", &p, "schedule.volume_ml");

    p = base;
    p.rtol = 0.5;
    expect_refused("rtol = 0.5 (out of range)", &p, "solver.rtol");
    p = base;
    p.turnover = 0;
    expect_refused("turnover = 0 (out of range)", &p, "tissue.turnover");
    p = base;
    p.max_steps = 1;
    expect_refused("max_steps = 1 (out of range)", &p, "solver.max_steps");
    p = base;
    p.concentration_pct[0] = 90;
    expect_refused("concentration 90 % (out of range)", &p, "schedule.concentration_pct");

    p = base;
    p.schedule_form = HEALSIM_SCHEDULE_TIMES;
    p.n_times = HEALSIM_MAX_INJECTIONS + 1;
    expect_refused("n_times over the array", &p, "schedule.times");
    p = base;
    p.n_checkpoints = HEALSIM_MAX_CHECKPOINTS + 1;
    expect_refused("n_checkpoints over the array", &p, "output.checkpoints_days");
    p = base;
    p.count = HEALSIM_MAX_INJECTIONS + 1;
    expect_refused("count over the array", &p, "schedule.count");
    p = base;
    p.n_volume = HEALSIM_MAX_INJECTIONS + 5;
    expect_refused("n_volume over the array", &p, "schedule.volume_ml");

    p = base;
    p.schedule_form = (healsim_schedule_form)5;
    expect_refused("schedule form 5", &p, "schedule_form");
    p = base;
    memset(p.title, 'x', sizeof p.title);
    expect_refused("title without its NUL", &p, "title");
    p = base;
    snprintf(p.title, sizeof p.title, "two\nlines");
    expect_refused("title with a newline", &p, "title");
}

/* Both schedule forms, filled by hand; only the fields of the form in
** use count. */
static void test_schedule_forms(void)
{
    healsim_params p = base;
    p.schedule_form = HEALSIM_SCHEDULE_REGULAR;
    p.schedule_unit = HEALSIM_UNIT_DAYS;
    p.start = 10;
    p.interval = 20;
    p.count = 3;
    p.n_concentration = 1;
    p.n_volume = 1;
    p.n_times = 0; /* not read in this form */
    expect_simulates("regular: 3 injections every 20 days", &p, 3);

    p.schedule_form = HEALSIM_SCHEDULE_TIMES;
    p.times[0] = 5;
    p.times[1] = 12;
    p.n_times = 2;
    p.count = 0; /* not read in this form */
    expect_simulates("times: days 5 and 12", &p, 2);

    /* each form is checked on its own terms */
    p.times[1] = 3;
    expect_refused("times out of order", &p, "times");
    p.n_times = 0;
    expect_refused("times form with no times", &p, "times");
    p = base;
    p.schedule_form = HEALSIM_SCHEDULE_REGULAR;
    p.start = 400;
    p.count = 1;
    expect_refused("regular injection after the span", &p, "span_days");
    p = base;
    p.schedule_form = HEALSIM_SCHEDULE_REGULAR;
    p.count = 0;
    expect_simulates("regular with no injections", &p, 0);
}

static void test_figure_edits(void)
{
    healsim_diag d;
    healsim_figure_config f = base_figure;
    CHECK(healsim_figure_config_check(&f, &d) == HEALSIM_OK, "built-in figure: %s", d.message);
    f.theme = (healsim_theme)9;
    CHECK(healsim_figure_config_check(&f, &d) == HEALSIM_ERR_INPUT && strstr(d.message, "figure.theme"),
          "theme = 9: '%s'", d.message);
    f = base_figure;
    f.dpi = NAN;
    CHECK(healsim_figure_config_check(&f, &d) == HEALSIM_ERR_INPUT && strstr(d.message, "figure.dpi"),
          "dpi = NaN: '%s'", d.message);
    f = base_figure;
    f.formats = 0;
    CHECK(healsim_figure_config_check(&f, &d) == HEALSIM_ERR_INPUT && strstr(d.message, "figure.formats"),
          "no formats: '%s'", d.message);
    f = base_figure;
    f.figures = 1u << 20;
    CHECK(healsim_figure_config_check(&f, &d) == HEALSIM_ERR_INPUT && strstr(d.message, "figure.figures"),
          "an unknown figure bit: '%s'", d.message);
    f = base_figure;
    f.width_px = 10;
    CHECK(healsim_figure_config_check(&f, &d) == HEALSIM_ERR_INPUT && strstr(d.message, "figure.width"),
          "width 10: '%s'", d.message);
}

int main(void)
{
    gsl_set_error_handler_off();
    healsim_diag d;
    if (healsim_params_load(NULL, NULL, 0, &base, &base_figure, &d) != HEALSIM_OK) {
        fprintf(stderr, "cannot load the default: %s\n", d.message);
        return 2;
    }
    expect_simulates("the default as loaded", &base, base.count);
    test_bad_edits();
    test_schedule_forms();
    test_figure_edits();
    return check_report("test_api");
}
