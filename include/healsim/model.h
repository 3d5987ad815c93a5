/*
** healsim/model.h — the healing model: state variables, right-hand side,
** Jacobian, injury law and the quantities read off the states.
**
** Pure functions of a parameter set and a state; no files, no solver.
** The equations are in sim/model.c and, in the same form, in docs/MODEL.md.
*/
#ifndef HEALSIM_MODEL_H
#define HEALSIM_MODEL_H

#include "healsim/params.h"

#ifdef __cplusplus
extern "C" {
#endif

/* State variables, in the order of the state vector.  All are in arbitrary
** units (a.u.) except strength, in % of healthy tissue. */
typedef enum healsim_state {
    HEALSIM_BLEEDING = 0,            /* bleeding / exposed matrix signal */
    HEALSIM_PLATELETS,               /* activated platelets in the clot */
    HEALSIM_DEBRIS,                  /* injury signal: debris and damage products */
    HEALSIM_NEUTROPHILS,
    HEALSIM_INFLAMMATORY_MACROPHAGES, /* M1-like */
    HEALSIM_REPAIR_MACROPHAGES,      /* M2-like */
    HEALSIM_TGF_BETA,                /* growth factor signal */
    HEALSIM_FIBROBLASTS,             /* activated repair fibroblasts */
    HEALSIM_COLLAGEN_III,            /* new provisional collagen */
    HEALSIM_COLLAGEN_I,              /* new collagen I not yet cross-linked */
    HEALSIM_STRENGTH,                /* strength of the site, % of healthy */
    HEALSIM_N_STATES
} healsim_state;

/* The four stages of healing, as activities in 0..1. */
typedef enum healsim_phase {
    HEALSIM_PHASE_HEMOSTASIS = 0,
    HEALSIM_PHASE_INFLAMMATION,
    HEALSIM_PHASE_REPAIR,
    HEALSIM_PHASE_REMODELING,
    HEALSIM_N_PHASES,
    HEALSIM_PHASE_NONE = HEALSIM_N_PHASES /* dominant phase when all are below 0.05 */
} healsim_phase;

/* Name of a state ("neutrophils") or phase ("repair", "none"), as used in
** the CSV headers and docs/MODEL.md.  Never NULL for a valid index. */
const char *healsim_state_name(healsim_state state);
const char *healsim_phase_name(healsim_phase phase);

/* The initial state of the tissue described by params ([tissue]). */
void healsim_model_initial_state(const healsim_params *params,
                                 double y[HEALSIM_N_STATES]);

/* How treatments and the patient change the rates at one moment: factors
** on groups of terms of the equations (docs/MODEL.md, "Treatments"). */
typedef struct healsim_effects {
    double recruitment; /* on neutrophil and monocyte recruitment (NSAID, steroid, age) */
    double repair;      /* on fibroblast influx and proliferation and collagen synthesis (steroid, age) */
    double matrix_loss_per_day; /* strength lost per day, as a fraction of S (steroid) */
} healsim_effects;

/* The effects of an NSAID at inhibition `nsaid` (0-1; 0 = not taken) and
** a steroid at suppression `steroid` (0-1; 0 = none), for the patient of
** params ([patient]). */
void healsim_model_effects(const healsim_params *params, double nsaid, double steroid,
                           healsim_effects *effects);

/* dy/dt at state y under effects (NULL: no treatment and the reference
** patient, every factor 1).  The model is autonomous between injections
** and treatment changes, so time enters only through the effects. */
void healsim_model_rhs(const healsim_params *params, const healsim_effects *effects,
                       const double y[HEALSIM_N_STATES],
                       double dydt[HEALSIM_N_STATES]);

/* Analytic Jacobian d(dy/dt)/dy, row-major: jac[i * HEALSIM_N_STATES + j]. */
void healsim_model_jacobian(const healsim_params *params, const healsim_effects *effects,
                            const double y[HEALSIM_N_STATES],
                            double jac[HEALSIM_N_STATES * HEALSIM_N_STATES]);

/* Injury size (a.u.) of one injection of the given irritant concentration (%)
** and volume (mL). */
double healsim_model_injection_injury(const healsim_params *params,
                                      double concentration_pct,
                                      double volume_ml);

/* Apply an injury of the given size to the state: it adds to the bleeding
** and debris signals, which restarts the cascade. */
void healsim_model_apply_injury(double injury, double y[HEALSIM_N_STATES]);

/* Phase activities (0..1) at state y. */
void healsim_model_phases(const healsim_params *params,
                          const double y[HEALSIM_N_STATES],
                          double activity[HEALSIM_N_PHASES]);

/* The phase with the largest activity, or HEALSIM_PHASE_NONE if none
** reaches 0.05. */
healsim_phase healsim_model_dominant_phase(const double activity[HEALSIM_N_PHASES]);

/* Soreness on a 0-10 scale at state y. */
double healsim_model_soreness(const healsim_params *params,
                              const double y[HEALSIM_N_STATES]);

#ifdef __cplusplus
}
#endif
#endif
