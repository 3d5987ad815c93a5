/*
** model.c — the healing model: eleven ODEs in time (days), their analytic
** Jacobian, the injury law and the read-outs (phases, soreness).
**
** The inflammatory core follows Cooper et al. 2015 (debris recruits
** neutrophils and monocytes; phagocytes clear debris), with an inflammatory ->
** repair macrophage switch in the spirit of Waugh & Sherratt 2006.  Repair
** follows Jin et al. 2011 and Segal et al. 2012: macrophage and platelet
** TGF-beta drives fibroblast influx and proliferation, fibroblasts lay down
** collagen III and collagen I.  The remodeling/strength law and the injection
** law are healsim's own; docs/MODEL.md justifies them.
**
** States (a.u. unless noted), with y = (B, P, D, N, M1, M2, T, F, C3, C1, S):
**
**   dB/dt  = -k_clot B
**   dP/dt  =  k_act B - k_plt P
**   dD/dt  = -(V_drain + q_N N + q_M (M1 + M2)) D / (K_clear + D)
**   dN/dt  =  r_N D / (K_N + D) - d_N N
**   dM1/dt =  r_M [N / (K_NM + N) + w_D D / (K_N + D)] - s(D) M1 - d_M1 M1
**   dM2/dt =  s(D) M1 - d_M2 M2,            s(D) = k_sw K_sw / (K_sw + D)
**   dT/dt  =  a_P P + a_M1 M1 + a_M2 M2 - d_T T
**   dF/dt  =  tau (f_rec + f_pro F) T / (K_T + T) (1 - F / F_max) - d_F F
**   dC3/dt =  tau p_3 F - k_31 C3
**   dC1/dt =  tau p_1 F + k_31 C3 - k_x C1
**   dS/dt  =  k_x C1 (S_max - S) - k_deg (N + M1) S - L S     [S in %]
**
** Treatments and the patient enter as three factors (healsim_effects): R
** multiplies the recruitment terms r_N and r_M (NSAID, steroid, age), G
** multiplies every term with tau (steroid, age), and L is a steroid's
** catabolic loss.  R = G = 1, L = 0 is the untreated reference patient:
**
**   R = a (1 - I_nsaid) (1 - E_steroid),  G = a (1 - E_steroid),
**   L = l_steroid E_steroid,  a = clamp(1 - h (age - 40) / 10, 0.2, 1.5)
**
** Invariants: every loss term is proportional to its own variable and every
** gain is non-negative for non-negative states, so the exact solution stays
** non-negative and S stays in [0, max(S(0), S_max)].  The saturating terms
** read their variable through pos() so a solver's tiny negative excursion
** cannot divide by zero; the Jacobian follows the same convention.
** With no injury (B = D = 0) and no cells, the state is at rest for any S.
*/
#include "healsim/model.h"

#include <string.h>

static const char *const state_names[HEALSIM_N_STATES] = {
    "bleeding", "platelets", "debris", "neutrophils",
    "inflammatory_macrophages", "repair_macrophages", "tgf_beta",
    "fibroblasts", "collagen_iii", "collagen_i", "strength_pct",
};

static const char *const phase_names[HEALSIM_N_PHASES + 1] = {
    "hemostasis", "inflammation", "repair", "remodeling", "none",
};

const char *healsim_state_name(healsim_state state)
{
    return (unsigned)state < HEALSIM_N_STATES ? state_names[state] : "?";
}

const char *healsim_phase_name(healsim_phase phase)
{
    return (unsigned)phase <= HEALSIM_N_PHASES ? phase_names[phase] : "?";
}

static double pos(double x) { return x > 0.0 ? x : 0.0; }

void healsim_model_initial_state(const healsim_params *params,
                                 double y[HEALSIM_N_STATES])
{
    memset(y, 0, sizeof(double) * HEALSIM_N_STATES);
    y[HEALSIM_STRENGTH] = params->initial_strength_pct;
    healsim_model_apply_injury(params->initial_injury, y);
}

double healsim_model_injection_injury(const healsim_params *params,
                                      double concentration_pct,
                                      double volume_ml)
{
    return params->needle_injury
         + params->irritant_injury_per_pct_ml * concentration_pct * volume_ml;
}

void healsim_model_apply_injury(double injury, double y[HEALSIM_N_STATES])
{
    y[HEALSIM_BLEEDING] += injury;
    y[HEALSIM_DEBRIS] += injury;
}

void healsim_model_effects(const healsim_params *p, double nsaid, double steroid,
                           healsim_effects *e)
{
    double age = 1.0 - p->healing_loss_per_decade * (p->age_years - 40.0) / 10.0;
    age = age < 0.2 ? 0.2 : age > 1.5 ? 1.5 : age;
    e->recruitment = age * (1.0 - nsaid) * (1.0 - steroid);
    e->repair = age * (1.0 - steroid);
    e->matrix_loss_per_day = p->steroid_matrix_loss_per_day * steroid;
}

static const healsim_effects no_effects = { 1.0, 1.0, 0.0 };

void healsim_model_rhs(const healsim_params *p, const healsim_effects *e,
                       const double y[HEALSIM_N_STATES],
                       double dydt[HEALSIM_N_STATES])
{
    if (!e)
        e = &no_effects;
    const double B = y[HEALSIM_BLEEDING], P = y[HEALSIM_PLATELETS];
    const double D = y[HEALSIM_DEBRIS], N = y[HEALSIM_NEUTROPHILS];
    const double M1 = y[HEALSIM_INFLAMMATORY_MACROPHAGES];
    const double M2 = y[HEALSIM_REPAIR_MACROPHAGES];
    const double T = y[HEALSIM_TGF_BETA], F = y[HEALSIM_FIBROBLASTS];
    const double C3 = y[HEALSIM_COLLAGEN_III], C1 = y[HEALSIM_COLLAGEN_I];
    const double S = y[HEALSIM_STRENGTH];
    const double Dp = pos(D), Np = pos(N), Tp = pos(T);
    const double tau = p->turnover * e->repair;
    const double R = e->recruitment;

    const double clearance = (p->debris_drainage_per_day
                              + p->neutrophil_phagocytosis_per_day * N
                              + p->macrophage_phagocytosis_per_day * (M1 + M2))
                           * D / (p->debris_clearance_saturation + Dp);
    const double debris_signal = Dp / (p->neutrophil_recruitment_saturation + Dp);
    const double switch_rate = p->macrophage_switch_per_day
                             * p->macrophage_switch_debris_inhibition
                             / (p->macrophage_switch_debris_inhibition + Dp);
    const double tgf_signal = Tp / (p->fibroblast_tgf_beta_saturation + Tp);

    dydt[HEALSIM_BLEEDING] = -p->clotting_rate_per_day * B;
    dydt[HEALSIM_PLATELETS] = p->platelet_activation_per_day * B
                            - p->platelet_clearance_per_day * P;
    dydt[HEALSIM_DEBRIS] = -clearance;
    dydt[HEALSIM_NEUTROPHILS] = R * p->neutrophil_recruitment_per_day * debris_signal
                              - p->neutrophil_death_per_day * N;
    dydt[HEALSIM_INFLAMMATORY_MACROPHAGES] =
        R * p->monocyte_recruitment_per_day
            * (Np / (p->monocyte_neutrophil_saturation + Np)
               + p->monocyte_debris_weight * debris_signal)
        - switch_rate * M1 - p->inflammatory_macrophage_removal_per_day * M1;
    dydt[HEALSIM_REPAIR_MACROPHAGES] = switch_rate * M1
                                     - p->repair_macrophage_removal_per_day * M2;
    dydt[HEALSIM_TGF_BETA] = p->tgf_beta_from_platelets_per_day * P
                           + p->tgf_beta_from_inflammatory_macrophages_per_day * M1
                           + p->tgf_beta_from_repair_macrophages_per_day * M2
                           - p->tgf_beta_decay_per_day * T;
    dydt[HEALSIM_FIBROBLASTS] =
        tau * (p->fibroblast_recruitment_per_day + p->fibroblast_proliferation_per_day * F)
            * tgf_signal * (1.0 - F / p->fibroblast_capacity)
        - p->fibroblast_removal_per_day * F;
    dydt[HEALSIM_COLLAGEN_III] = tau * p->collagen_iii_synthesis_per_day * F
                               - p->collagen_iii_replacement_per_day * C3;
    dydt[HEALSIM_COLLAGEN_I] = tau * p->collagen_i_synthesis_per_day * F
                             + p->collagen_iii_replacement_per_day * C3
                             - p->crosslinking_per_day * C1;
    dydt[HEALSIM_STRENGTH] = p->crosslinking_per_day * C1 * (p->strength_ceiling_pct - S)
                           - p->matrix_degradation_per_day * (N + M1) * S
                           - e->matrix_loss_per_day * S;
}

void healsim_model_jacobian(const healsim_params *p, const healsim_effects *e,
                            const double y[HEALSIM_N_STATES],
                            double jac[HEALSIM_N_STATES * HEALSIM_N_STATES])
{
    if (!e)
        e = &no_effects;
    const double D = y[HEALSIM_DEBRIS], N = y[HEALSIM_NEUTROPHILS];
    const double M1 = y[HEALSIM_INFLAMMATORY_MACROPHAGES];
    const double M2 = y[HEALSIM_REPAIR_MACROPHAGES];
    const double T = y[HEALSIM_TGF_BETA], F = y[HEALSIM_FIBROBLASTS];
    const double C1 = y[HEALSIM_COLLAGEN_I], S = y[HEALSIM_STRENGTH];
    const double Dp = pos(D), Np = pos(N), Tp = pos(T);
    const double tau = p->turnover * e->repair;
    const double R = e->recruitment;
    /* right derivatives at the kink of pos(): at 0 the state can only grow */
    const double on_D = D >= 0.0 ? 1.0 : 0.0;
    const double on_N = N >= 0.0 ? 1.0 : 0.0;
    const double on_T = T >= 0.0 ? 1.0 : 0.0;

    memset(jac, 0, sizeof(double) * HEALSIM_N_STATES * HEALSIM_N_STATES);
#define J(i, j) jac[(i) * HEALSIM_N_STATES + (j)]

    J(HEALSIM_BLEEDING, HEALSIM_BLEEDING) = -p->clotting_rate_per_day;
    J(HEALSIM_PLATELETS, HEALSIM_BLEEDING) = p->platelet_activation_per_day;
    J(HEALSIM_PLATELETS, HEALSIM_PLATELETS) = -p->platelet_clearance_per_day;

    /* debris: -A(N, M) * D / (K + D+) */
    const double K = p->debris_clearance_saturation;
    const double capacity = p->debris_drainage_per_day
                          + p->neutrophil_phagocytosis_per_day * N
                          + p->macrophage_phagocytosis_per_day * (M1 + M2);
    const double sat = D / (K + Dp);
    /* d/dD [D / (K + D+)] = (K + D+ - D * on_D) / (K + D+)^2 */
    const double dsat = (K + Dp - D * on_D) / ((K + Dp) * (K + Dp));
    J(HEALSIM_DEBRIS, HEALSIM_DEBRIS) = -capacity * dsat;
    J(HEALSIM_DEBRIS, HEALSIM_NEUTROPHILS) = -p->neutrophil_phagocytosis_per_day * sat;
    J(HEALSIM_DEBRIS, HEALSIM_INFLAMMATORY_MACROPHAGES) = -p->macrophage_phagocytosis_per_day * sat;
    J(HEALSIM_DEBRIS, HEALSIM_REPAIR_MACROPHAGES) = -p->macrophage_phagocytosis_per_day * sat;

    const double KN = p->neutrophil_recruitment_saturation;
    const double ddebris_signal = on_D * KN / ((KN + Dp) * (KN + Dp));
    J(HEALSIM_NEUTROPHILS, HEALSIM_DEBRIS) = R * p->neutrophil_recruitment_per_day * ddebris_signal;
    J(HEALSIM_NEUTROPHILS, HEALSIM_NEUTROPHILS) = -p->neutrophil_death_per_day;

    const double Ksw = p->macrophage_switch_debris_inhibition;
    const double switch_rate = p->macrophage_switch_per_day * Ksw / (Ksw + Dp);
    const double dswitch = -on_D * p->macrophage_switch_per_day * Ksw / ((Ksw + Dp) * (Ksw + Dp));
    const double KNM = p->monocyte_neutrophil_saturation;
    J(HEALSIM_INFLAMMATORY_MACROPHAGES, HEALSIM_NEUTROPHILS) =
        on_N * R * p->monocyte_recruitment_per_day * KNM / ((KNM + Np) * (KNM + Np));
    J(HEALSIM_INFLAMMATORY_MACROPHAGES, HEALSIM_DEBRIS) =
        R * p->monocyte_recruitment_per_day * p->monocyte_debris_weight * ddebris_signal
        - dswitch * M1;
    J(HEALSIM_INFLAMMATORY_MACROPHAGES, HEALSIM_INFLAMMATORY_MACROPHAGES) =
        -switch_rate - p->inflammatory_macrophage_removal_per_day;
    J(HEALSIM_REPAIR_MACROPHAGES, HEALSIM_DEBRIS) = dswitch * M1;
    J(HEALSIM_REPAIR_MACROPHAGES, HEALSIM_INFLAMMATORY_MACROPHAGES) = switch_rate;
    J(HEALSIM_REPAIR_MACROPHAGES, HEALSIM_REPAIR_MACROPHAGES) = -p->repair_macrophage_removal_per_day;

    J(HEALSIM_TGF_BETA, HEALSIM_PLATELETS) = p->tgf_beta_from_platelets_per_day;
    J(HEALSIM_TGF_BETA, HEALSIM_INFLAMMATORY_MACROPHAGES) = p->tgf_beta_from_inflammatory_macrophages_per_day;
    J(HEALSIM_TGF_BETA, HEALSIM_REPAIR_MACROPHAGES) = p->tgf_beta_from_repair_macrophages_per_day;
    J(HEALSIM_TGF_BETA, HEALSIM_TGF_BETA) = -p->tgf_beta_decay_per_day;

    const double KT = p->fibroblast_tgf_beta_saturation;
    const double tgf_signal = Tp / (KT + Tp);
    const double dtgf_signal = on_T * KT / ((KT + Tp) * (KT + Tp));
    const double influx = p->fibroblast_recruitment_per_day + p->fibroblast_proliferation_per_day * F;
    const double room = 1.0 - F / p->fibroblast_capacity;
    J(HEALSIM_FIBROBLASTS, HEALSIM_TGF_BETA) = tau * influx * dtgf_signal * room;
    J(HEALSIM_FIBROBLASTS, HEALSIM_FIBROBLASTS) =
        tau * tgf_signal * (p->fibroblast_proliferation_per_day * room - influx / p->fibroblast_capacity)
        - p->fibroblast_removal_per_day;

    J(HEALSIM_COLLAGEN_III, HEALSIM_FIBROBLASTS) = tau * p->collagen_iii_synthesis_per_day;
    J(HEALSIM_COLLAGEN_III, HEALSIM_COLLAGEN_III) = -p->collagen_iii_replacement_per_day;
    J(HEALSIM_COLLAGEN_I, HEALSIM_FIBROBLASTS) = tau * p->collagen_i_synthesis_per_day;
    J(HEALSIM_COLLAGEN_I, HEALSIM_COLLAGEN_III) = p->collagen_iii_replacement_per_day;
    J(HEALSIM_COLLAGEN_I, HEALSIM_COLLAGEN_I) = -p->crosslinking_per_day;

    J(HEALSIM_STRENGTH, HEALSIM_COLLAGEN_I) = p->crosslinking_per_day * (p->strength_ceiling_pct - S);
    J(HEALSIM_STRENGTH, HEALSIM_NEUTROPHILS) = -p->matrix_degradation_per_day * S;
    J(HEALSIM_STRENGTH, HEALSIM_INFLAMMATORY_MACROPHAGES) = -p->matrix_degradation_per_day * S;
    J(HEALSIM_STRENGTH, HEALSIM_STRENGTH) =
        -p->crosslinking_per_day * C1 - p->matrix_degradation_per_day * (N + M1) - e->matrix_loss_per_day;
#undef J
}

static double half_saturation(double x, double half)
{
    const double xp = pos(x);
    return xp / (half + xp);
}

void healsim_model_phases(const healsim_params *p,
                          const double y[HEALSIM_N_STATES],
                          double activity[HEALSIM_N_PHASES])
{
    activity[HEALSIM_PHASE_HEMOSTASIS] =
        half_saturation(y[HEALSIM_PLATELETS], p->hemostasis_half_activity);
    activity[HEALSIM_PHASE_INFLAMMATION] =
        half_saturation(y[HEALSIM_NEUTROPHILS] + y[HEALSIM_INFLAMMATORY_MACROPHAGES],
                        p->inflammation_half_activity);
    activity[HEALSIM_PHASE_REPAIR] =
        half_saturation(y[HEALSIM_FIBROBLASTS], p->repair_half_activity);
    activity[HEALSIM_PHASE_REMODELING] =
        half_saturation(y[HEALSIM_COLLAGEN_I], p->remodeling_half_activity);
}

healsim_phase healsim_model_dominant_phase(const double activity[HEALSIM_N_PHASES])
{
    healsim_phase best = HEALSIM_PHASE_NONE;
    double best_value = 0.05;
    for (int i = 0; i < HEALSIM_N_PHASES; i++) {
        if (activity[i] >= best_value) {
            best_value = activity[i];
            best = (healsim_phase)i;
        }
    }
    return best;
}

double healsim_model_soreness(const healsim_params *p,
                              const double y[HEALSIM_N_STATES])
{
    return 10.0 * half_saturation(y[HEALSIM_NEUTROPHILS] + y[HEALSIM_INFLAMMATORY_MACROPHAGES],
                                  p->soreness_half_max);
}
