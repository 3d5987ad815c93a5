/*
** test_treatments.c — the treatment arms and patient factors against what
** they stand for (docs/MODEL.md, "Treatments"): prolotherapy beats no
** treatment and saline; an NSAID early after an injury costs strength, as in
** Elder et al. 2001, and much less when taken later; a steroid shot weakens
** the tissue at 3 weeks; closely spaced injections leave inflammation
** unresolved; an older patient heals more slowly.  Bad treatment input is
** refused with the file and line.
*/
#include "check.h"
#include "helpers.h"

#define STRENGTH HEALSIM_COL_STATE(HEALSIM_STRENGTH)

static double end_strength(const char *preset, const char *const *overrides, size_t n)
{
    healsim_params p = load_preset(preset, overrides, n);
    healsim_run *run = run_or_die(&p);
    double s = healsim_run_summary(run)->strength_end_pct;
    healsim_run_free(run);
    return s;
}

static double strength_at(const char *preset, const char *const *overrides, size_t n, double day)
{
    healsim_params p = load_preset(preset, overrides, n);
    healsim_run *run = run_or_die(&p);
    double s = value_at(run, STRENGTH, day);
    healsim_run_free(run);
    return s;
}

/* Prolotherapy ends stronger at one year than no treatment and than saline
** injections on the same schedule; saline (the needle alone) does a little. */
static void test_prolotherapy_beats_untreated_and_saline(void)
{
    double none = end_strength("lax-ligament-untreated.ini", NULL, 0);
    double prolo = end_strength("default.ini", NULL, 0);
    double saline = end_strength("saline-control.ini", NULL, 0);
    CHECK(prolo > none + 3, "1 year: prolotherapy %.2f %% vs no treatment %.2f %%: at least 3 points stronger",
          prolo, none);
    CHECK(prolo > saline + 3, "1 year: prolotherapy %.2f %% vs saline %.2f %%: at least 3 points stronger",
          prolo, saline);
    CHECK(saline >= none, "1 year: saline %.2f %% is not weaker than no treatment %.2f %%", saline, none);
}

/* Elder, Dahners & Weinhold 2001: celecoxib on days 1-6 after a ligament
** injury, 32 % lower load to failure at day 14.  The model's ligament wound
** (the acute cut's injury at ligament turnover) with the NSAID of
** params/prolotherapy-nsaid.ini on days 1-6 loses 20-45 % of its day-14
** strength. */
static void test_nsaid_early_after_a_wound_matches_elder(void)
{
    const char *wound[] = { "tissue.initial_strength_pct=0", "tissue.initial_injury=1",
                            "schedule.count=0" };
    const char *drug[] = { "tissue.initial_strength_pct=0", "tissue.initial_injury=1",
                           "schedule.count=0", "nsaid.relative_to=day", "nsaid.start_days=1",
                           "nsaid.duration_days=5" };
    healsim_params nsaid = load_preset("prolotherapy-nsaid.ini", drug, 6);
    healsim_params plain = load_preset("prolotherapy-nsaid.ini", wound, 3);
    CHECK(nsaid.nsaid_inhibition > 0, "the preset takes an NSAID (inhibition %g)", nsaid.nsaid_inhibition);
    plain.nsaid_inhibition = 0;
    healsim_run *a = run_or_die(&plain), *b = run_or_die(&nsaid);
    double s0 = value_at(a, STRENGTH, 14), s1 = value_at(b, STRENGTH, 14);
    double loss = 1 - s1 / s0;
    CHECK_RANGE(100 * loss, 20, 45, "day-14 strength lost to an NSAID on days 1-6, % (Elder 2001: 32 %)");
    /* the same course two weeks later, after the inflammation, costs much less */
    healsim_params late = nsaid;
    late.nsaid_start_days[0] = 14;
    healsim_run *c = run_or_die(&late);
    double late_loss = 1 - value_at(c, STRENGTH, 42) / value_at(a, STRENGTH, 42);
    double early_loss = 1 - value_at(b, STRENGTH, 42) / value_at(a, STRENGTH, 42);
    CHECK(late_loss < early_loss / 3, "day-42 strength lost: NSAID from day 14 %.1f %% vs days 1-6 %.1f %%: "
          "less than a third", 100 * late_loss, 100 * early_loss);
    healsim_run_free(a);
    healsim_run_free(b);
    healsim_run_free(c);
}

/* In the prolotherapy series: the NSAID in the first week after each
** injection removes a large part of the gain; the same course started two
** weeks after each injection removes much less. */
static void test_nsaid_timing_in_prolotherapy(void)
{
    double none = end_strength("lax-ligament-untreated.ini", NULL, 0);
    double prolo = end_strength("default.ini", NULL, 0);
    double early = end_strength("prolotherapy-nsaid.ini", NULL, 0);
    const char *later[] = { "nsaid.start_days=14" };
    double late = end_strength("prolotherapy-nsaid.ini", later, 1);
    double gain = prolo - none;
    double early_cost = (prolo - early) / gain, late_cost = (prolo - late) / gain;
    CHECK(early_cost > 0.3, "NSAID days 0-7 after each injection: 1-year gain %.2f vs %.2f points, %.0f %% "
          "of it lost (expected more than 30 %%)", early - none, gain, 100 * early_cost);
    CHECK(late_cost < early_cost / 3, "NSAID days 14-21 after each injection loses %.1f %% of the gain, days "
          "0-7 %.1f %%: less than a third", 100 * late_cost, 100 * early_cost);
}

/* Wiggins et al. 1994/1995 and Noyes et al. 1977: a steroid shot leaves the
** tissue weaker at 10 days and 3 weeks, and still weaker months later. */
static void test_steroid_weakens(void)
{
    double none21 = strength_at("lax-ligament-untreated.ini", NULL, 0, 21);
    double ster10 = strength_at("steroid-injection.ini", NULL, 0, 10);
    double ster21 = strength_at("steroid-injection.ini", NULL, 0, 21);
    double ster105 = strength_at("steroid-injection.ini", NULL, 0, 105);
    CHECK(ster10 < none21, "day 10: steroid %.2f %% vs no treatment %.2f %%: weaker", ster10, none21);
    CHECK(ster21 < none21 - 1, "day 21: steroid %.2f %% vs no treatment %.2f %%: weaker by over a point",
          ster21, none21);
    double loss = 1 - ster105 / none21;
    CHECK_RANGE(100 * loss, 5, 25, "strength lost at 15 weeks, % (Noyes 1977: 9-20 %)");
    /* a bigger dose costs more */
    const char *high[] = { "steroid.dose_mg=120" };
    double high105 = strength_at("steroid-injection.ini", high, 1, 105);
    CHECK(high105 < ster105, "15 weeks: 120 mg %.2f %% below 40 mg %.2f %%", high105, ster105);
}

/* Injections a week apart come while the last one's macrophages are still
** there; four weeks apart, inflammation has resolved. */
static void test_spacing_and_resolution(void)
{
    const char *weekly[] = { "schedule.unit=days", "schedule.interval=7", "schedule.count=3" };
    const char *monthly[] = { "schedule.unit=days", "schedule.interval=28", "schedule.count=3" };
    healsim_params pw = load_preset("default.ini", weekly, 3), pm = load_preset("default.ini", monthly, 3);
    healsim_run *w = run_or_die(&pw), *m = run_or_die(&pm);
    double peak;
    peak_time(w, HEALSIM_COL_MACROPHAGES, 0, 7, &peak);
    double before_w = value_at(w, HEALSIM_COL_MACROPHAGES, 7 - 1e-6);
    double before_m = value_at(m, HEALSIM_COL_MACROPHAGES, 28 - 1e-6);
    CHECK(before_w > 0.2 * peak, "7 days apart: macrophages at the 2nd injection %.4g, %.0f %% of the first "
          "peak %.4g (expected over 20 %%: unresolved)", before_w, 100 * before_w / peak, peak);
    CHECK(before_m < 0.02 * peak, "28 days apart: macrophages at the 2nd injection %.4g, %.1f %% of the "
          "first peak (expected under 2 %%: resolved)", before_m, 100 * before_m / peak);
    healsim_run_free(w);
    healsim_run_free(m);
}

/* An older patient heals more slowly with the same schedule; age 40 is the
** reference and changes nothing. */
static void test_age_slows_healing(void)
{
    const char *young[] = { "patient.age_years=25" }, *old[] = { "patient.age_years=70" },
               *ref[] = { "patient.age_years=40" };
    double s_young = strength_at("default.ini", young, 1, 91), s_old = strength_at("default.ini", old, 1, 91);
    CHECK(s_old < s_young - 1, "3 months: age 70 %.2f %% vs age 25 %.2f %%: slower by over a point", s_old,
          s_young);
    double e_young = end_strength("default.ini", young, 1), e_old = end_strength("default.ini", old, 1);
    CHECK(e_old < e_young, "1 year: age 70 %.2f %% vs age 25 %.2f %%", e_old, e_young);
    double e_ref = end_strength("default.ini", ref, 1), e_def = end_strength("default.ini", NULL, 0);
    CHECK_CLOSE(e_ref, e_def, 0, 1e-12, "age 40 is the default's result");
    /* older-patient.ini is this scenario */
    double preset = end_strength("older-patient.ini", NULL, 0);
    CHECK_CLOSE(preset, e_old, 0, 1e-12, "older-patient.ini ends where age 70 does");
}

/* Treatments off is the untreated model exactly: an NSAID of inhibition 0
** or a steroid of dose 0 changes nothing. */
static void test_zero_doses_change_nothing(void)
{
    const char *zero[] = { "nsaid.inhibition=0", "steroid.times_days=0, 30", "steroid.dose_mg=0" };
    double a = end_strength("default.ini", NULL, 0), b = end_strength("default.ini", zero, 3);
    CHECK_CLOSE(b, a, 1e-9, 0, "zero NSAID and steroid doses");
}

/* Bad treatment input is refused at load with where it is. */
static void test_bad_treatment_input(void)
{
    static const struct {
        const char *text;
        const char *says;
        int line;
    } cases[] = {
        { "[nsaid]\ninhibition = 0.5\nstart_days = -1\n", "out of range", 3 },
        { "[nsaid]\nduration_days = -3\n", "out of range", 2 },
        { "[nsaid]\ninhibition = 1.5\n", "out of range", 2 },
        { "[nsaid]\nrelative_to = injection\nstart_days = 0, 7\n", "give one", 3 },
        { "[nsaid]\nrelative_to = day\nstart_days = 0, 3\nduration_days = 7\n", "overlap", 3 },
        { "[steroid]\ntimes_days = 30, 10\n", "increase", 2 },
        { "[steroid]\ntimes_days = 400\n", "span", 2 },
        { "[steroid]\ndose_mg = 500\n", "out of range", 2 },
        { "[steroid]\ntimes_days =\n", "none", 2 },
        { "[patient]\nage_years = 140\n", "out of range", 2 },
        { "[nsiad]\ninhibition = 0.5\n", "nsaid", 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[] = "/tmp/healsim-test-treatment-XXXXXX";
        int fd = mkstemp(path);
        if (fd < 0) {
            CHECK(0, "cannot make a temporary file");
            return;
        }
        FILE *f = fdopen(fd, "w");
        fputs(cases[i].text, f);
        fclose(f);
        healsim_params p;
        healsim_diag d;
        int rc = healsim_params_load(path, NULL, 0, &p, NULL, &d);
        CHECK(rc == HEALSIM_ERR_INPUT, "case %zu (%s): status %d, expected HEALSIM_ERR_INPUT", i, cases[i].says, rc);
        CHECK(d.line == cases[i].line, "case %zu: line %d, expected %d (%s)", i, d.line, cases[i].line, d.message);
        CHECK(strstr(d.message, cases[i].says) != NULL, "case %zu: message '%s' says '%s'", i, d.message,
              cases[i].says);
        CHECK(strcmp(d.file, path) == 0, "case %zu: names file '%s'", i, d.file);
        remove(path);
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    test_prolotherapy_beats_untreated_and_saline();
    test_nsaid_early_after_a_wound_matches_elder();
    test_nsaid_timing_in_prolotherapy();
    test_steroid_weakens();
    test_spacing_and_resolution();
    test_age_slows_healing();
    test_zero_doses_change_nothing();
    test_bad_treatment_input();
    return check_report("test_treatments");
}
