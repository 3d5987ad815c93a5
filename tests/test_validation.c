/*
** test_validation.c — the model against the quantitative anchors of the
** docs/MODEL.md (section Validation), with the default parameters.
** Each check names the anchor it stands for.
*/
#include "check.h"
#include "helpers.h"

#define COL(s) HEALSIM_COL_STATE(s)

static void test_acute_wound_sequence(void)
{
    const char *fine[] = { "output.grid=linear", "output.step_days=0.01" };
    healsim_params p = load_preset("acute-skin-cut.ini", fine, 2);
    healsim_run *run = run_or_die(&p);
    double v;
    CHECK_RANGE(peak_time(run, COL(HEALSIM_NEUTROPHILS), 0, 365, &v), 1.0, 2.0,
                "neutrophil peak, days (anchor: 24-48 h)");
    CHECK_RANGE(peak_time(run, HEALSIM_COL_MACROPHAGES, 0, 365, &v), 3.0, 5.0,
                "macrophage peak, days (anchor: day 3-5)");
    CHECK_RANGE(peak_time(run, COL(HEALSIM_FIBROBLASTS), 0, 365, &v), 5.0, 14.0,
                "fibroblast peak, days (anchor: dominant in week 1-2)");
    double c3, c1;
    peak_time(run, COL(HEALSIM_COLLAGEN_III), 0, 365, &c3);
    peak_time(run, COL(HEALSIM_COLLAGEN_I), 0, 365, &c1);
    double t3 = first_time_at_or_above(run, COL(HEALSIM_COLLAGEN_III), 0.5 * c3, 0, 365);
    double t1 = first_time_at_or_above(run, COL(HEALSIM_COLLAGEN_I), 0.5 * c1, 0, 365);
    CHECK(t3 < t1, "collagen III reaches half its peak at day %.2f, collagen I at day %.2f: III must come first", t3, t1);
    double s7 = value_at(run, COL(HEALSIM_STRENGTH), 7);
    CHECK_RANGE(s7, 0.0, 20.0, "strength at 1 week, % (anchor: ~10 % at 1 week)");
    double s28 = value_at(run, COL(HEALSIM_STRENGTH), 28);
    double s91 = value_at(run, COL(HEALSIM_STRENGTH), 91);
    double s182 = value_at(run, COL(HEALSIM_STRENGTH), 182);
    double s365 = value_at(run, COL(HEALSIM_STRENGTH), 365);
    CHECK(s28 - s7 > s91 - s28, "fast rise for ~4 weeks then slower: gain week 1-4 %.1f vs week 4-13 %.1f", s28 - s7, s91 - s28);
    CHECK_RANGE(s182, 70.0, 80.0, "strength at 6 months, % (anchor: plateau 70-80 %)");
    CHECK_RANGE(s365, 70.0, 80.0, "strength at 1 year, % (anchor: plateau 70-80 %)");
    CHECK(fabs(s365 - s182) < 1.0, "plateau reached within months: 6 months %.2f %%, 1 year %.2f %%", s182, s365);
    /* the stages come in order: hemostasis, inflammation, repair, remodeling */
    const healsim_phase_record *r = healsim_run_phase_records(run);
    CHECK(healsim_run_n_phase_records(run) == HEALSIM_N_PHASES, "one cycle, got %zu records",
          healsim_run_n_phase_records(run));
    for (int ph = 1; ph < HEALSIM_N_PHASES; ph++)
        CHECK(r[ph].peak_days > r[ph - 1].peak_days, "%s peaks (day %.2f) after %s (day %.2f)",
              healsim_phase_name(ph), r[ph].peak_days, healsim_phase_name(ph - 1), r[ph - 1].peak_days);
    CHECK(r[HEALSIM_PHASE_HEMOSTASIS].end_days < 1.5, "hemostasis ends (half-max) at day %.2f, expected within ~1 day",
          r[HEALSIM_PHASE_HEMOSTASIS].end_days);
    healsim_run_free(run);
}

static void test_dextrose_inflammation_resolves_by_72h(void)
{
    /* Jensen et al. 2008: inflammation present at 6 h and 24 h, resolved by 72 h */
    const char *one[] = { "schedule.count=1", "output.step_days=0.01" };
    healsim_params p = load_preset(NULL, one, 2);
    healsim_run *run = run_or_die(&p);
    double peak;
    peak_time(run, HEALSIM_COL_INFLAMMATION, 0, 10, &peak);
    double at6h = value_at(run, HEALSIM_COL_INFLAMMATION, 0.25);
    double at24h = value_at(run, HEALSIM_COL_INFLAMMATION, 1.0);
    double at72h = value_at(run, HEALSIM_COL_INFLAMMATION, 3.0);
    CHECK(at6h > 0.5 * peak, "inflammation present at 6 h: %.3f of peak %.3f", at6h, peak);
    CHECK(at24h > 0.5 * peak, "inflammation present at 24 h: %.3f of peak %.3f", at24h, peak);
    /* the activity is a saturating read-out, so also check the cells themselves */
    double cells_peak;
    peak_time(run, COL(HEALSIM_NEUTROPHILS), 0, 10, &cells_peak);
    double n72 = value_at(run, COL(HEALSIM_NEUTROPHILS), 3.0) + value_at(run, COL(HEALSIM_INFLAMMATORY_MACROPHAGES), 3.0);
    double i_peak = 0;
    for (size_t i = 0; i < healsim_run_n_rows(run); i++) {
        const double *r = healsim_run_row(run, i);
        double cells = r[COL(HEALSIM_NEUTROPHILS)] + r[COL(HEALSIM_INFLAMMATORY_MACROPHAGES)];
        if (r[0] < 10 && cells > i_peak)
            i_peak = cells;
    }
    CHECK(n72 <= 0.25 * i_peak, "inflammatory cells at 72 h are %.1f %% of their peak; mostly resolved means <= 25 %%",
          100 * n72 / i_peak);
    CHECK(at72h <= 0.5 * peak, "inflammation activity at 72 h %.3f vs peak %.3f", at72h, peak);
    /* post-injection soreness settles within 12-96 h (anchor) */
    const healsim_summary *s = healsim_run_summary(run);
    CHECK_RANGE(s->injections[0].sore_days, 0.5, 4.0, "days sore after one injection (anchor: 12-96 h)");
    healsim_run_free(run);
}

static void test_each_injection_restarts_the_sequence(void)
{
    healsim_params p = load_preset(NULL, NULL, 0);
    healsim_run *run = run_or_die(&p);
    const healsim_summary *s = healsim_run_summary(run);
    size_t n = healsim_run_n_phase_records(run) / HEALSIM_N_PHASES;
    CHECK(n == s->n_injections && n == 5, "%zu cycles for %zu injections", n, s->n_injections);
    const healsim_phase_record *r = healsim_run_phase_records(run);
    for (size_t c = 0; c < n; c++) {
        const healsim_phase_record *cy = r + c * HEALSIM_N_PHASES;
        for (int ph = 0; ph < HEALSIM_N_PHASES; ph++)
            CHECK(cy[ph].peak_value >= 0.3, "cycle %zu: %s peak activity %.3f, expected a visible restart (>= 0.3)",
                  c, healsim_phase_name(ph), cy[ph].peak_value);
        for (int ph = 1; ph < HEALSIM_N_PHASES - 1; ph++)
            CHECK(cy[ph].peak_days > cy[ph - 1].peak_days, "cycle %zu: %s (day %.2f) after %s (day %.2f)", c,
                  healsim_phase_name(ph), cy[ph].peak_days, healsim_phase_name(ph - 1), cy[ph - 1].peak_days);
        /* inflammation is quiet just before each injection and flares after it */
        double t = s->injections[c].time_days;
        double before = c ? value_at(run, HEALSIM_COL_INFLAMMATION, t - 0.01) : 0;
        CHECK(before < 0.2 * cy[HEALSIM_PHASE_INFLAMMATION].peak_value,
              "cycle %zu: inflammation %.3f just before the injection vs peak %.3f", c, before,
              cy[HEALSIM_PHASE_INFLAMMATION].peak_value);
    }
    healsim_run_free(run);
}

static double strength_at_one_year(const char *count, const char *interval)
{
    const char *set[] = { count, interval };
    healsim_params p = load_preset(NULL, set, 2);
    healsim_run *run = run_or_die(&p);
    double s = healsim_run_summary(run)->strength_end_pct;
    healsim_run_free(run);
    return s;
}

static void test_series_beats_single_beats_none(void)
{
    double none = strength_at_one_year("schedule.count=0", "schedule.interval=4");
    double single = strength_at_one_year("schedule.count=1", "schedule.interval=4");
    CHECK_CLOSE(none, 60.0, 1e-9, 0, "untreated lax ligament keeps its strength");
    CHECK(single > none + 1.0, "one injection (%.2f %%) is stronger at 1 year than none (%.2f %%)", single, none);
    const char *counts[] = { "schedule.count=3", "schedule.count=4", "schedule.count=5", "schedule.count=6" };
    const char *intervals[] = { "schedule.interval=2", "schedule.interval=4" };
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 2; k++) {
            double series = strength_at_one_year(counts[i], intervals[k]);
            CHECK(series > single + 2.0, "%s, %s weeks: %.2f %% at 1 year, vs single %.2f %% and none %.2f %%",
                  counts[i], intervals[k], series, single, none);
            CHECK(series <= 78.0, "%s: %.2f %% stays below the scar ceiling", counts[i], series);
        }
    healsim_params pre = load_preset("ligament-prolotherapy.ini", NULL, 0);
    healsim_run *run = run_or_die(&pre);
    CHECK(healsim_run_summary(run)->strength_end_pct > single + 2.0, "ligament-prolotherapy.ini %.2f %% vs single %.2f %%",
          healsim_run_summary(run)->strength_end_pct, single);
    healsim_run_free(run);
}

static void test_macrophages_between_sessions(void)
{
    /* in a Cooper-type core about half the macrophage peak remains
    ** after 7 days, ~8 % after 14 days and ~2 % after 28 days */
    const char *one[] = { "schedule.count=1", "output.step_days=0.01" };
    healsim_params p = load_preset(NULL, one, 2);
    healsim_run *run = run_or_die(&p);
    double peak;
    peak_time(run, HEALSIM_COL_MACROPHAGES, 0, 7, &peak);
    double f7 = value_at(run, HEALSIM_COL_MACROPHAGES, 7) / peak;
    double f14 = value_at(run, HEALSIM_COL_MACROPHAGES, 14) / peak;
    double f28 = value_at(run, HEALSIM_COL_MACROPHAGES, 28) / peak;
    CHECK_RANGE(f7, 0.3, 0.7, "macrophages left 7 days after an injection, fraction of peak (anchor: ~0.5)");
    CHECK_RANGE(f14, 0.03, 0.15, "macrophages left after 14 days (anchor: ~0.08)");
    CHECK_RANGE(f28, 0.0, 0.05, "macrophages left after 28 days (anchor: ~0.02)");
    healsim_run_free(run);
}

int main(void)
{
    gsl_set_error_handler_off();
    test_acute_wound_sequence();
    test_dextrose_inflammation_resolves_by_72h();
    test_each_injection_restarts_the_sequence();
    test_series_beats_single_beats_none();
    test_macrophages_between_sessions();
    return check_report("test_validation");
}
