/*
** healsim/run.h — simulate one parameter set and read the results.
**
** A run integrates the model with GSL's odeiv2 from time 0 to span_days.
** Injections are discontinuities: the solver integrates exactly to each one,
** the injury is applied, and the solver restarts from a clean state.  The
** results are a table of rows (the output grid, plus a row just before and
** just after every injection), per-cycle phase records and a summary.
**
** Note for library users: GSL's default error handler aborts the process.
** Call gsl_set_error_handler_off() once in main() before the first run; the
** library then reports every solver failure as HEALSIM_ERR_SOLVER.
*/
#ifndef HEALSIM_RUN_H
#define HEALSIM_RUN_H

#include "healsim/model.h"
#include "healsim/params.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Columns of a results row.  States come first, in healsim_state order,
** after the time; then derived quantities. */
#define HEALSIM_COL_TIME 0
#define HEALSIM_COL_STATE(s) (1 + (int)(s))
enum {
    HEALSIM_COL_MACROPHAGES = 1 + HEALSIM_N_STATES, /* inflammatory + repair */
    HEALSIM_COL_SORENESS,                           /* 0-10 */
    HEALSIM_COL_HEMOSTASIS,                         /* phase activities, 0-1 */
    HEALSIM_COL_INFLAMMATION,
    HEALSIM_COL_REPAIR,
    HEALSIM_COL_REMODELING,
    HEALSIM_N_COLUMNS
};

/* Name of a column as written in timeseries.csv ("time_days", "strength_pct"). */
const char *healsim_column_name(int column);

/* Flags for healsim_simulate. */
#define HEALSIM_RUN_NO_ROWS 1u /* keep the summary only (batch runs) */

/* One injection as it was applied. */
typedef struct healsim_injection {
    double time_days;          /* when */
    double concentration_pct;  /* irritant concentration */
    double volume_ml;          /* volume injected */
    double injury;             /* injury size it caused, a.u. */
    double peak_inflammation;  /* highest inflammation activity (0-1) before the next injection */
    double peak_inflammation_days; /* when it happened, days after this injection */
    double peak_soreness;      /* highest soreness (0-10) before the next injection */
    double sore_days;          /* time with soreness >= threshold before the next injection */
    double strength_before_pct; /* strength just before the injection */
} healsim_injection;

/* One phase within one cycle (the time from an injury to the next one). */
typedef struct healsim_phase_record {
    int cycle;            /* 0 = the first injury of the run */
    healsim_phase phase;
    double cycle_start_days;
    double onset_days;    /* first time the activity is >= half its cycle peak */
    double peak_days;     /* time of the cycle peak */
    double peak_value;    /* activity at the peak, 0-1 */
    double end_days;      /* last time in the cycle the activity is >= half its peak */
} healsim_phase_record;

typedef struct healsim_summary {
    double strength_initial_pct;
    double strength_end_pct;
    double strength_min_pct;
    double strength_max_pct;
    size_t n_checkpoints;
    double checkpoint_days[HEALSIM_MAX_CHECKPOINTS];
    double strength_at_checkpoint_pct[HEALSIM_MAX_CHECKPOINTS];
    double days_sore;       /* total time with soreness >= threshold */
    double peak_soreness;   /* 0-10 */
    size_t n_injections;
    healsim_injection injections[HEALSIM_MAX_INJECTIONS];
    size_t n_steps;         /* accepted solver steps */
    size_t n_rhs;           /* right-hand side evaluations */
    size_t n_jacobian;      /* Jacobian evaluations */
} healsim_summary;

typedef struct healsim_run healsim_run;

/* Simulate params.  On HEALSIM_OK, *out is a run to free with
** healsim_run_free.  On failure *out is NULL and *diag says what went wrong;
** a solver failure (HEALSIM_ERR_SOLVER) names the simulated time.  params
** is checked first with healsim_params_check (a loaded set always passes):
** HEALSIM_ERR_INPUT with its diagnostic if it does not. */
int healsim_simulate(const healsim_params *params, unsigned flags,
                     healsim_run **out, healsim_diag *diag);

/* The days of params' injections, from its schedule alone (no simulation):
** what a run applies, in time order, into days[] (room for
** HEALSIM_MAX_INJECTIONS).  Returns their number.  params must have passed
** healsim_params_check. */
size_t healsim_schedule_injection_days(const healsim_params *params, double *days);

/* Free a run; NULL is a no-op. */
void healsim_run_free(healsim_run *run);

/* Rows of the results table (0 with HEALSIM_RUN_NO_ROWS). */
size_t healsim_run_n_rows(const healsim_run *run);

/* Row i: HEALSIM_N_COLUMNS values, owned by the run. */
const double *healsim_run_row(const healsim_run *run, size_t i);

/* Dominant phase of row i. */
healsim_phase healsim_run_dominant_phase(const healsim_run *run, size_t i);

/* The summary, owned by the run. */
const healsim_summary *healsim_run_summary(const healsim_run *run);

/* Phase records, n_cycles x HEALSIM_N_PHASES, owned by the run. */
size_t healsim_run_n_phase_records(const healsim_run *run);
const healsim_phase_record *healsim_run_phase_records(const healsim_run *run);

/* The parameter set the run was made from (a copy owned by the run). */
const healsim_params *healsim_run_params(const healsim_run *run);

#ifdef __cplusplus
}
#endif
#endif
