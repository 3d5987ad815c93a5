/*
** test_numerics.c — the results do not depend, beyond the tolerance, on the
** stepper or on the output grid; runs are deterministic; injections are
** applied exactly at their times.
*/
#include "check.h"
#include "helpers.h"

static void compare_summaries(const healsim_summary *a, const healsim_summary *b, double rel,
                              const char *label)
{
    char what[160];
    snprintf(what, sizeof what, "%s: strength at end", label);
    CHECK_CLOSE(a->strength_end_pct, b->strength_end_pct, rel, 1e-6, what);
    for (size_t i = 0; i < a->n_checkpoints; i++) {
        snprintf(what, sizeof what, "%s: strength at day %g", label, a->checkpoint_days[i]);
        CHECK_CLOSE(a->strength_at_checkpoint_pct[i], b->strength_at_checkpoint_pct[i], rel, 1e-6, what);
    }
    CHECK(a->n_injections == b->n_injections, "%s: %zu vs %zu injections", label, a->n_injections, b->n_injections);
    for (size_t i = 0; i < a->n_injections; i++) {
        snprintf(what, sizeof what, "%s: injection %zu peak inflammation", label, i + 1);
        CHECK_CLOSE(a->injections[i].peak_inflammation, b->injections[i].peak_inflammation, 100 * rel, 1e-6, what);
        snprintf(what, sizeof what, "%s: injection %zu peak time (days)", label, i + 1);
        CHECK_CLOSE(a->injections[i].peak_inflammation_days, b->injections[i].peak_inflammation_days, 0, 0.02, what);
        snprintf(what, sizeof what, "%s: injection %zu days sore", label, i + 1);
        CHECK_CLOSE(a->injections[i].sore_days, b->injections[i].sore_days, 0, 0.01, what);
    }
}

static void test_every_stepper_agrees(void)
{
    const char *ref_set[] = { "solver.method=msbdf", "solver.rtol=1e-10", "solver.atol=1e-13" };
    healsim_params ref_p = load_preset(NULL, ref_set, 3);
    healsim_run *ref = run_or_die(&ref_p);
    for (int m = 0; m < HEALSIM_N_METHODS; m++) {
        healsim_params p = load_preset(NULL, NULL, 0);
        p.method = (healsim_method)m;
        healsim_run *run;
        healsim_diag d;
        int status = healsim_simulate(&p, 0, &run, &d);
        CHECK(status == HEALSIM_OK, "stepper %s failed: %s", healsim_method_name(p.method), d.message);
        if (status)
            continue;
        char label[64];
        snprintf(label, sizeof label, "stepper %s vs tight msbdf", healsim_method_name(p.method));
        compare_summaries(healsim_run_summary(run), healsim_run_summary(ref), 1e-4, label);
        /* the whole strength trajectory, row by row (same grid) */
        double worst = 0;
        for (size_t i = 0; i < healsim_run_n_rows(run) && i < healsim_run_n_rows(ref); i++) {
            double x = healsim_run_row(run, i)[HEALSIM_COL_STATE(HEALSIM_STRENGTH)];
            double y = healsim_run_row(ref, i)[HEALSIM_COL_STATE(HEALSIM_STRENGTH)];
            if (fabs(x - y) / y > worst)
                worst = fabs(x - y) / y;
        }
        CHECK(worst < 1e-4, "%s: strength trajectory deviates by %.3g relative (limit 1e-4)", label, worst);
        healsim_run_free(run);
    }
    healsim_run_free(ref);
}

static void test_output_grid_does_not_change_results(void)
{
    /* daily, hourly, and 300 vs 301 points over the year */
    const char *daily[] = { "output.step_days=1" };
    const char *hourly[] = { "output.step_days=0.041666666666666664" };
    const char *p300[] = { "output.step_days=1.2166666666666666" };  /* 365/300 */
    const char *p301[] = { "output.step_days=1.2126245847176080" };  /* 365/301 */
    healsim_params pd = load_preset(NULL, daily, 1), ph = load_preset(NULL, hourly, 1);
    healsim_params p3 = load_preset(NULL, p300, 1), p4 = load_preset(NULL, p301, 1);
    healsim_run *rd = run_or_die(&pd), *rh = run_or_die(&ph), *r3 = run_or_die(&p3), *r4 = run_or_die(&p4);
    compare_summaries(healsim_run_summary(rh), healsim_run_summary(rd), 1e-4, "hourly vs daily grid");
    compare_summaries(healsim_run_summary(r3), healsim_run_summary(r4), 1e-4, "300 vs 301 points");
    /* rows at whole days exist in both the daily and the hourly grid */
    size_t j = 0, compared = 0;
    double worst = 0;
    for (size_t i = 0; i < healsim_run_n_rows(rd); i++) {
        const double *a = healsim_run_row(rd, i);
        int twice = (i > 0 && healsim_run_row(rd, i - 1)[0] == a[0])
                 || (i + 1 < healsim_run_n_rows(rd) && healsim_run_row(rd, i + 1)[0] == a[0]);
        if (twice)
            continue; /* an injection: its before/after rows are checked elsewhere */
        while (j < healsim_run_n_rows(rh) && healsim_run_row(rh, j)[0] < a[0])
            j++;
        if (j >= healsim_run_n_rows(rh) || healsim_run_row(rh, j)[0] != a[0])
            continue;
        const double *b = healsim_run_row(rh, j);
        for (int c = 1; c < HEALSIM_N_COLUMNS; c++) {
            double scale = fmax(fabs(b[c]), 1e-3);
            if (fabs(a[c] - b[c]) / scale > worst)
                worst = fabs(a[c] - b[c]) / scale;
        }
        compared++;
    }
    CHECK(compared >= 360, "only %zu common rows between daily and hourly grids", compared);
    CHECK(worst < 1e-3, "largest difference at common times, relative to max(|value|, 1e-3): %.3g", worst);
    healsim_run_free(rd);
    healsim_run_free(rh);
    healsim_run_free(r3);
    healsim_run_free(r4);
}

static void test_deterministic(void)
{
    healsim_params p = load_preset("knee-oa-rabago.ini", NULL, 0);
    healsim_run *a = run_or_die(&p), *b = run_or_die(&p);
    CHECK(healsim_run_n_rows(a) == healsim_run_n_rows(b), "row counts %zu vs %zu", healsim_run_n_rows(a),
          healsim_run_n_rows(b));
    CHECK(memcmp(healsim_run_row(a, 0), healsim_run_row(b, 0),
                 healsim_run_n_rows(a) * HEALSIM_N_COLUMNS * sizeof(double)) == 0,
          "two runs of the same parameters differ");
    healsim_run_free(a);
    healsim_run_free(b);
}

static void test_injections_are_exact_discontinuities(void)
{
    healsim_params p = load_preset("knee-oa-rabago.ini", NULL, 0);
    healsim_run *run = run_or_die(&p);
    const healsim_summary *s = healsim_run_summary(run);
    for (size_t k = 0; k < s->n_injections; k++) {
        double t = s->injections[k].time_days;
        CHECK_CLOSE(t, 7.0 * (1 + 4.0 * (double)k), 0, 0, "injection time (weeks 1, 5, 9, 13, 17)");
        size_t found = 0;
        for (size_t i = 1; i < healsim_run_n_rows(run); i++) {
            const double *a = healsim_run_row(run, i - 1), *b = healsim_run_row(run, i);
            if (a[0] == t && b[0] == t) {
                found++;
                double jump = b[HEALSIM_COL_STATE(HEALSIM_DEBRIS)] - a[HEALSIM_COL_STATE(HEALSIM_DEBRIS)];
                CHECK_CLOSE(jump, s->injections[k].injury, 1e-12, 1e-15, "debris jump at the injection");
                CHECK(a[HEALSIM_COL_STATE(HEALSIM_STRENGTH)] == b[HEALSIM_COL_STATE(HEALSIM_STRENGTH)],
                      "strength is continuous across the injection");
            }
        }
        CHECK(found == 1, "injection %zu at day %g: %zu before/after row pairs, expected 1", k + 1, t, found);
    }
    healsim_run_free(run);
}

int main(void)
{
    gsl_set_error_handler_off();
    test_every_stepper_agrees();
    test_output_grid_does_not_change_results();
    test_deterministic();
    test_injections_are_exact_discontinuities();
    return check_report("test_numerics");
}
