/*
** test_extreme.c — extreme but valid input: the model either runs or fails
** cleanly, never hangs and never gives NaN or Inf.
**
** The base is the longest scenario the ranges allow: 10 years (span_days =
** 3650, the maximum) with 50 injections every 70 days.  On it the test runs:
**   - every stepper at the tolerance limits (rtol 1e-12 and 1e-2, atol
**     1e-15 and 1e-2, each combination);
**   - every number-valued parameter of the model (the table of
**     `healsim params`, sim/param_table.c) at the minimum and at the
**     maximum of its range, one at a time; lists (concentration, volume,
**     NSAID and steroid days, checkpoints) at one value at each end;
**   - combined extremes: the largest possible injury, every rate at its
**     maximum, every rate at its minimum, the strongest drugs, the oldest
**     and youngest patient, the densest output grids, 100 injections.
** A value the base scenario cannot hold (an injection start of 100000
** days, a 0.001-day step over 10 years) is tried on the default scenario;
** if that rejects it too the set is not valid input and it is skipped (and
** listed).
**
** Each case must succeed with finite numbers in the summary, the rows and
** the phase records, or fail with HEALSIM_ERR_SOLVER and a message that
** names the simulated time: a step limit of solver.max_steps = 200000 caps
** the work, so nothing hangs.  Each case must take under 20 s; the test
** prints every solver failure and the slowest cases.
*/
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "check.h"
#include "helpers.h"
#include "param_table.h"

#define MAX_STEPS "200000"
#define CASE_SECONDS 20.0

static int n_cases, n_ok, n_solver_failed, n_skipped;
static double total_seconds;
static struct {
    double seconds;
    char what[160];
} slowest[5];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void note_time(const char *what, double seconds)
{
    total_seconds += seconds;
    for (int i = 0; i < 5; i++) {
        if (seconds > slowest[i].seconds) {
            memmove(&slowest[i + 1], &slowest[i], (size_t)(4 - i) * sizeof slowest[0]);
            slowest[i].seconds = seconds;
            snprintf(slowest[i].what, sizeof slowest[i].what, "%s", what);
            break;
        }
    }
}

/* The first non-finite number of the summary, or NULL. */
static const char *summary_not_finite(const healsim_summary *s)
{
    static char name[64];
    if (!isfinite(s->strength_initial_pct)) return "strength_initial_pct";
    if (!isfinite(s->strength_end_pct)) return "strength_end_pct";
    if (!isfinite(s->strength_min_pct)) return "strength_min_pct";
    if (!isfinite(s->strength_max_pct)) return "strength_max_pct";
    if (!isfinite(s->days_sore)) return "days_sore";
    if (!isfinite(s->peak_soreness)) return "peak_soreness";
    for (size_t i = 0; i < s->n_checkpoints; i++)
        if (!isfinite(s->strength_at_checkpoint_pct[i])) {
            snprintf(name, sizeof name, "strength at checkpoint %zu", i + 1);
            return name;
        }
    for (size_t i = 0; i < s->n_injections; i++) {
        const healsim_injection *in = &s->injections[i];
        const double v[] = { in->time_days, in->concentration_pct, in->volume_ml, in->injury,
                             in->peak_inflammation, in->peak_inflammation_days, in->peak_soreness,
                             in->sore_days, in->strength_before_pct };
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
            if (!isfinite(v[k])) {
                snprintf(name, sizeof name, "injection %zu, field %zu", i + 1, k);
                return name;
            }
    }
    return NULL;
}

/* Run p: success with finite results, or a solver failure with a message. */
static void expect_runs_or_fails_cleanly(const char *what, const healsim_params *p)
{
    n_cases++;
    healsim_run *run = NULL;
    healsim_diag d;
    double t0 = now_s();
    int status = healsim_simulate(p, 0, &run, &d);
    double seconds = now_s() - t0;
    note_time(what, seconds);
    CHECK(seconds < CASE_SECONDS, "%s: took %.1f s (limit %.0f s)", what, seconds, CASE_SECONDS);
    if (status == HEALSIM_OK) {
        n_ok++;
        const healsim_summary *s = healsim_run_summary(run);
        const char *bad = summary_not_finite(s);
        CHECK(bad == NULL, "%s: summary %s is not finite", what, bad ? bad : "");
        size_t bad_row = SIZE_MAX;
        int bad_col = -1;
        for (size_t i = 0; i < healsim_run_n_rows(run) && bad_row == SIZE_MAX; i++)
            for (int c = 0; c < HEALSIM_N_COLUMNS; c++)
                if (!isfinite(healsim_run_row(run, i)[c])) {
                    bad_row = i;
                    bad_col = c;
                    break;
                }
        CHECK(bad_row == SIZE_MAX, "%s: row %zu, column %s is not finite", what, bad_row,
              bad_col >= 0 ? healsim_column_name(bad_col) : "");
        const healsim_phase_record *r = healsim_run_phase_records(run);
        size_t bad_record = SIZE_MAX;
        for (size_t i = 0; i < healsim_run_n_phase_records(run); i++)
            if (!isfinite(r[i].onset_days) || !isfinite(r[i].peak_days) || !isfinite(r[i].peak_value)
                || !isfinite(r[i].end_days)) {
                bad_record = i;
                break;
            }
        CHECK(bad_record == SIZE_MAX, "%s: phase record %zu is not finite", what, bad_record);
        healsim_run_free(run);
    } else {
        n_solver_failed++;
        CHECK(status == HEALSIM_ERR_SOLVER, "%s: status %d, expected HEALSIM_OK or HEALSIM_ERR_SOLVER (%s)",
              what, status, d.message);
        CHECK(d.message[0] != '\0', "%s: a failure without a message", what);
        CHECK_CONTAINS(d.message, "failed at t =");
        CHECK(run == NULL, "%s: a failed run hands back a run", what);
        printf("  solver failure (allowed) %-58s %s\n", what, d.message);
    }
}

/* 10 years, 50 injections every 70 days, a checkpoint every year or so. */
static healsim_params extreme_base(void)
{
    static const char *const o[] = {
        "schedule.span_days=3650", "schedule.unit=days", "schedule.start=0", "schedule.interval=70",
        "schedule.count=50", ("solver.max_steps=" MAX_STEPS),
        "output.checkpoints_days=42, 91, 182, 365, 730, 1825, 3650",
    };
    return load_preset(NULL, o, sizeof o / sizeof o[0]);
}

static healsim_params default_base(void)
{
    static const char *const o[] = { ("solver.max_steps=" MAX_STEPS) };
    return load_preset(NULL, o, 1);
}

/* Set name=value on p, die if the value is refused: it is within range. */
static void set_or_die(healsim_params *p, const char *name, const char *value)
{
    healsim_diag d;
    if (healsim_params_set(p, NULL, name, value, &d) != HEALSIM_OK) {
        fprintf(stderr, "%s=%s refused: %s\n", name, value, d.message);
        exit(2);
    }
}

/* name=value on the extreme base, or on the default if the base cannot
** hold it; run it if either is a valid set. */
static void edge_case(const char *name, const char *value)
{
    char what[160];
    healsim_diag d;
    healsim_params p = extreme_base();
    set_or_die(&p, name, value);
    const char *on = "10 years";
    if (healsim_params_check(&p, &d) != HEALSIM_OK) {
        p = default_base();
        set_or_die(&p, name, value);
        on = "default";
        if (healsim_params_check(&p, &d) != HEALSIM_OK) {
            n_skipped++;
            printf("  not a valid set (skipped)  %s=%s: %s\n", name, value, d.message);
            return;
        }
    }
    snprintf(what, sizeof what, "%s=%s (%s)", name, value, on);
    expect_runs_or_fails_cleanly(what, &p);
}

/* Sections whose numbers change the simulation (not how it is drawn). */
static int simulated_section(const char *section)
{
    return strcmp(section, "figure") != 0;
}

/* Every rate (key ending _per_day) of the model sections at its minimum or
** maximum. */
static void set_all_rates(healsim_params *p, int at_max)
{
    for (size_t i = 0; i < healsimi_param_count; i++) {
        const param_info *pi = &healsimi_param_table[i];
        size_t len = strlen(pi->key);
        if (pi->kind != PARAM_REAL || len < 8 || strcmp(pi->key + len - 8, "_per_day") != 0)
            continue;
        char name[160], value[40];
        snprintf(name, sizeof name, "%s.%s", pi->section, pi->key);
        snprintf(value, sizeof value, "%.17g", at_max ? pi->max : pi->min);
        set_or_die(p, name, value);
    }
}

static void combined(const char *what, const char *const *sets, size_t n, int rates)
{
    healsim_params p = extreme_base();
    if (rates)
        set_all_rates(&p, rates > 0);
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(sets[i], '=');
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(eq - sets[i]), sets[i]);
        set_or_die(&p, name, eq + 1);
    }
    healsim_diag d;
    if (healsim_params_check(&p, &d) != HEALSIM_OK) {
        CHECK(0, "%s: the combined set is not valid: %s", what, d.message);
        return;
    }
    expect_runs_or_fails_cleanly(what, &p);
}

int main(void)
{
    gsl_set_error_handler_off();
    double started = now_s();

    /* ---- the base itself runs ------------------------------------------- */
    {
        healsim_params p = extreme_base();
        healsim_run *run = NULL;
        healsim_diag d;
        int status = healsim_simulate(&p, 0, &run, &d);
        CHECK(status == HEALSIM_OK, "10 years, 50 injections, default solver: %s", d.message);
        if (run) {
            const healsim_summary *s = healsim_run_summary(run);
            CHECK(s->n_injections == 50, "50 injections applied, got %zu", s->n_injections);
            CHECK(summary_not_finite(s) == NULL, "10-year base: summary finite");
            CHECK_RANGE(s->strength_end_pct, 0, 100, "10-year base: strength at the end");
            CHECK_CLOSE(healsim_run_row(run, healsim_run_n_rows(run) - 1)[0], 3650, 0, 0,
                        "10-year base: last row at day 3650");
            printf("10 years, 50 injections: %zu rows, %zu steps, strength %.1f -> %.1f %%\n",
                   healsim_run_n_rows(run), s->n_steps, s->strength_initial_pct, s->strength_end_pct);
            healsim_run_free(run);
        }
    }

    /* ---- every stepper at the tolerance limits ------------------------- */
    printf("steppers at the tolerance limits:\n");
    static const char *const methods[] = { "rk2", "rk4", "rkf45", "rkck", "rk8pd", "rk1imp",
                                           "rk2imp", "rk4imp", "msadams", "msbdf" };
    static const char *const rtols[] = { "1e-12", "1e-2" };
    static const char *const atols[] = { "1e-15", "1e-2" };
    for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++)
        for (size_t r = 0; r < 2; r++)
            for (size_t a = 0; a < 2; a++) {
                healsim_params p = extreme_base();
                set_or_die(&p, "solver.method", methods[m]);
                set_or_die(&p, "solver.rtol", rtols[r]);
                set_or_die(&p, "solver.atol", atols[a]);
                char what[160];
                snprintf(what, sizeof what, "%s rtol=%s atol=%s", methods[m], rtols[r], atols[a]);
                expect_runs_or_fails_cleanly(what, &p);
            }

    /* ---- every number of the model at each end of its range --------------- */
    printf("every parameter at the ends of its range:\n");
    for (size_t i = 0; i < healsimi_param_count; i++) {
        const param_info *pi = &healsimi_param_table[i];
        if (!simulated_section(pi->section))
            continue;
        if (strcmp(pi->section, "solver") == 0 && strcmp(pi->key, "max_steps") != 0)
            continue; /* the tolerances are above, with every stepper */
        if (pi->kind != PARAM_REAL && pi->kind != PARAM_COUNT && pi->kind != PARAM_LIST)
            continue;
        if (strcmp(pi->key, "times") == 0)
            continue; /* the explicit schedule: the combined cases below */
        char name[160];
        snprintf(name, sizeof name, "%s.%s", pi->section, pi->key);
        for (int end = 0; end < 2; end++) {
            char value[40];
            snprintf(value, sizeof value, "%.17g", end ? pi->max : pi->min);
            edge_case(name, value);
        }
    }

    /* ---- combined extremes --------------------------------------------- */
    printf("combined extremes:\n");
    {
        static const char *const injury[] = {
            "schedule.concentration_pct=75", "schedule.volume_ml=50",
            "injection.irritant_injury_per_pct_ml=1", "injection.needle_injury=10",
            "tissue.initial_injury=10", "tissue.initial_strength_pct=0",
        };
        combined("the largest injury, 50 times", injury, sizeof injury / sizeof injury[0], 0);
        combined("every rate at its maximum", NULL, 0, +1);
        combined("every rate at its minimum", NULL, 0, -1);
        combined("every rate at its maximum, largest injury", injury, sizeof injury / sizeof injury[0], +1);
        combined("every rate at its minimum, largest injury", injury, sizeof injury / sizeof injury[0], -1);
        static const char *const stiff[] = { "solver.method=msbdf" };
        combined("every rate at its maximum, msbdf", stiff, 1, +1);
        static const char *const drugs[] = {
            "nsaid.inhibition=0.95", "nsaid.duration_days=365", "nsaid.start_days=0",
            "steroid.times_days=0, 70, 140, 210, 280, 350, 700, 1400, 2800, 3600",
            "steroid.dose_mg=200", "steroid.half_maximal_dose_mg=0.1", "steroid.max_suppression=1",
            "steroid.half_life_days=100", "steroid.matrix_loss_per_day=1",
        };
        combined("the strongest NSAID and steroid", drugs, sizeof drugs / sizeof drugs[0], 0);
        static const char *const old[] = { "patient.age_years=110", "patient.healing_loss_per_decade=0.5" };
        combined("a 110-year-old healing slowest", old, 2, 0);
        static const char *const young[] = { "patient.age_years=0", "patient.healing_loss_per_decade=0.5" };
        combined("a newborn healing fastest", young, 2, 0);
        static const char *const hundred[] = { "schedule.count=100", "schedule.interval=36" };
        combined("100 injections, 36 days apart", hundred, 2, 0);
        static const char *const packed[] = {
            "schedule.times=0, 0.001, 0.002, 0.003, 0.004, 1, 2, 3, 3649.9, 3649.99",
        };
        combined("injections a minute apart and at the very end", packed, 1, 0);
        static const char *const dense[] = { "output.step_days=0.002" };
        combined("1.8 million rows (0.002-day step over 10 years)", dense, 1, 0);
        static const char *const logdense[] = { "output.grid=log", "output.points_per_decade=1000" };
        combined("log grid, 1000 points a decade", logdense, 2, 0);
        static const char *const linear_dense[] = { "output.points_per_decade=1000" };
        combined("linear grid refined with 1000 points a decade after 50 injuries", linear_dense, 1, 0);
        static const char *const tight[] = { "solver.method=rk8pd", "solver.rtol=1e-12", "solver.atol=1e-15",
                                             "tissue.turnover=5" };
        combined("rk8pd at the tightest tolerances, fastest turnover", tight, 4, 0);
        static const char *const loose[] = { "solver.method=rk2", "solver.rtol=1e-2", "solver.atol=1e-2",
                                             "schedule.concentration_pct=75", "schedule.volume_ml=50" };
        combined("rk2 at the loosest tolerances, large injuries", loose, 5, 0);
    }

    printf("%d cases: %d ran, %d failed in the solver (allowed), %d not valid sets (skipped); "
           "%.1f s in runs, %.1f s in all\n",
           n_cases, n_ok, n_solver_failed, n_skipped, total_seconds, now_s() - started);
    printf("slowest:\n");
    for (int i = 0; i < 5 && slowest[i].what[0]; i++)
        printf("  %6.2f s  %s\n", slowest[i].seconds, slowest[i].what);
    return check_report("test_extreme");
}
