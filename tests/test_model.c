/*
** test_model.c — unit tests of the model equations: rest, analytic
** solutions, the Jacobian against finite differences, non-negativity, and
** the injury and read-out laws.
*/
#include "check.h"
#include "helpers.h"

#include "healsim/model.h"

static void test_rest_is_rest(void)
{
    /* a tissue with no injury, no cells and any strength does not change */
    const char *set[] = { "schedule.count=0", "tissue.initial_injury=0", "tissue.initial_strength_pct=42" };
    healsim_params p = load_preset(NULL, set, 3);
    double y[HEALSIM_N_STATES], dydt[HEALSIM_N_STATES];
    healsim_model_initial_state(&p, y);
    healsim_model_rhs(&p, NULL, y, dydt);
    for (int i = 0; i < HEALSIM_N_STATES; i++)
        CHECK(dydt[i] == 0.0, "d%s/dt at rest = %g, expected exactly 0", healsim_state_name(i), dydt[i]);
    healsim_run *run = run_or_die(&p);
    for (size_t i = 0; i < healsim_run_n_rows(run); i++) {
        const double *r = healsim_run_row(run, i);
        if (r[HEALSIM_COL_STATE(HEALSIM_STRENGTH)] != 42.0 || r[HEALSIM_COL_INFLAMMATION] != 0.0) {
            CHECK(0, "row %zu (t = %g): strength %g, inflammation %g; expected 42 and 0", i, r[0],
                  r[HEALSIM_COL_STATE(HEALSIM_STRENGTH)], r[HEALSIM_COL_INFLAMMATION]);
            break;
        }
        CHECK(healsim_run_dominant_phase(run, i) == HEALSIM_PHASE_NONE, "dominant phase at rest is %s",
              healsim_phase_name(healsim_run_dominant_phase(run, i)));
    }
    healsim_run_free(run);
}

static void test_hemostasis_analytic(void)
{
    /* bleeding and platelets form a linear chain with a closed-form solution:
    ** B = B0 e^{-kc t};  P = ka B0 (e^{-kp t} - e^{-kc t}) / (kc - kp) */
    healsim_params p = load_preset("acute-skin-cut.ini", NULL, 0);
    healsim_run *run = run_or_die(&p);
    const double B0 = p.initial_injury, kc = p.clotting_rate_per_day;
    const double ka = p.platelet_activation_per_day, kp = p.platelet_clearance_per_day;
    int checked = 0;
    for (size_t i = 0; i < healsim_run_n_rows(run); i++) {
        const double *r = healsim_run_row(run, i);
        double t = r[0];
        if (t > 3.0)
            break;
        double B = B0 * exp(-kc * t);
        double P = ka * B0 * (exp(-kp * t) - exp(-kc * t)) / (kc - kp);
        CHECK_CLOSE(r[HEALSIM_COL_STATE(HEALSIM_BLEEDING)], B, 1e-4, 1e-8, "bleeding vs closed form");
        CHECK_CLOSE(r[HEALSIM_COL_STATE(HEALSIM_PLATELETS)], P, 1e-4, 1e-8, "platelets vs closed form");
        checked++;
    }
    CHECK(checked > 50, "only %d rows in the first 3 days of the log grid", checked);
    healsim_run_free(run);
}

static void test_jacobian_matches_finite_differences(void)
{
    healsim_params p = load_preset("acute-skin-cut.ini", NULL, 0);
    p.matrix_degradation_per_day = 0.05; /* make every term count */
    healsim_run *run = run_or_die(&p);
    const double times[] = { 0.01, 0.3, 1.0, 3.0, 8.0, 20.0, 60.0 };
    for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
        double y[HEALSIM_N_STATES];
        for (int i = 0; i < HEALSIM_N_STATES; i++)
            y[i] = value_at(run, HEALSIM_COL_STATE(i), times[k]);
        double jac[HEALSIM_N_STATES * HEALSIM_N_STATES];
        for (int i = 0; i < HEALSIM_N_STATES; i++)
            y[i] = fmax(y[i], 0.0); /* physical states; the solver may leave -1e-15 */
        healsim_model_jacobian(&p, NULL, y, jac);
        for (int j = 0; j < HEALSIM_N_STATES; j++) {
            double h = 1e-6 * fmax(fabs(y[j]), 1e-3);
            double yp[HEALSIM_N_STATES], ym[HEALSIM_N_STATES], fp[HEALSIM_N_STATES], fm[HEALSIM_N_STATES];
            memcpy(yp, y, sizeof y);
            memcpy(ym, y, sizeof y);
            yp[j] += h;
            /* central difference, or forward from a state at the 0 boundary
            ** (the Jacobian gives the right derivative there) */
            if (y[j] >= h)
                ym[j] -= h;
            healsim_model_rhs(&p, NULL, yp, fp);
            healsim_model_rhs(&p, NULL, ym, fm);
            for (int i = 0; i < HEALSIM_N_STATES; i++) {
                double fd = (fp[i] - fm[i]) / (yp[j] - ym[j]);
                double an = jac[i * HEALSIM_N_STATES + j];
                char what[128];
                snprintf(what, sizeof what, "t=%g d(d%s)/d(%s)", times[k], healsim_state_name(i),
                         healsim_state_name(j));
                CHECK_CLOSE(an, fd, y[j] >= h ? 1e-5 : 1e-3, 1e-7 * (1 + fabs(fd)), what);
            }
        }
    }
    healsim_run_free(run);
}

static void test_non_negative(void)
{
    /* default, acute wound and an oversized injection series */
    const char *big[] = { "schedule.concentration_pct=75", "schedule.volume_ml=50" };
    healsim_params sets[3] = { load_preset(NULL, NULL, 0), load_preset("acute-skin-cut.ini", NULL, 0),
                               load_preset(NULL, big, 2) };
    for (int s = 0; s < 3; s++) {
        healsim_run *run = run_or_die(&sets[s]);
        double worst = 0;
        for (size_t i = 0; i < healsim_run_n_rows(run); i++) {
            const double *r = healsim_run_row(run, i);
            for (int c = 1; c < HEALSIM_N_COLUMNS; c++)
                if (r[c] < worst)
                    worst = r[c];
        }
        CHECK(worst >= -10 * sets[s].atol, "scenario %d: most negative value %g below -10*atol", s, worst);
        healsim_run_free(run);
    }
}

static void test_injury_law_and_readouts(void)
{
    healsim_params p = load_preset(NULL, NULL, 0);
    double injury = healsim_model_injection_injury(&p, 15, 2);
    CHECK_CLOSE(injury, p.needle_injury + p.irritant_injury_per_pct_ml * 30, 1e-15, 0, "injury of 15 % x 2 mL");
    CHECK_CLOSE(healsim_model_injection_injury(&p, 0, 2), p.needle_injury, 0, 0, "saline: needle only");
    double y[HEALSIM_N_STATES] = { 0 };
    y[HEALSIM_PLATELETS] = p.hemostasis_half_activity;
    y[HEALSIM_NEUTROPHILS] = p.inflammation_half_activity;
    y[HEALSIM_FIBROBLASTS] = p.repair_half_activity;
    y[HEALSIM_COLLAGEN_I] = p.remodeling_half_activity;
    double a[HEALSIM_N_PHASES];
    healsim_model_phases(&p, y, a);
    for (int i = 0; i < HEALSIM_N_PHASES; i++)
        CHECK_CLOSE(a[i], 0.5, 1e-12, 0, healsim_phase_name(i));
    y[HEALSIM_NEUTROPHILS] = p.soreness_half_max;
    CHECK_CLOSE(healsim_model_soreness(&p, y), 5.0, 1e-12, 0, "soreness at its half-maximum");
    double act[HEALSIM_N_PHASES] = { 0.1, 0.7, 0.3, 0.2 };
    CHECK(healsim_model_dominant_phase(act) == HEALSIM_PHASE_INFLAMMATION, "dominant of {0.1,0.7,0.3,0.2}");
    double quiet[HEALSIM_N_PHASES] = { 0.01, 0.02, 0.0, 0.04 };
    CHECK(healsim_model_dominant_phase(quiet) == HEALSIM_PHASE_NONE, "all below 0.05 is none");
}

int main(void)
{
    gsl_set_error_handler_off();
    test_rest_is_rest();
    test_hemostasis_analytic();
    test_jacobian_matches_finite_differences();
    test_non_negative();
    test_injury_law_and_readouts();
    return check_report("test_model");
}
