/*
** healsim/batch.h — many runs of one parameter set with some values varied:
** sweeps over a grid, virtual patient populations, and the runs of a
** sensitivity analysis; run in parallel with results in a fixed order.
**
** USAGE
**
**     healsim_batch *b;
**     healsim_batch_alloc(&base, HEALSIM_BATCH_SWEEP, 0, &b, &diag);
**     healsim_batch_vary(b, "schedule.interval=1:8:1", &diag);
**     healsim_batch_row_header(b, HEALSIM_BATCH_CSV, stdout);
**     healsim_batch_execute(b, 0, healsim_batch_n_runs(b), jobs, on_row, ctx, &stop);
**     healsim_batch_free(b);
**
** Run i's parameters depend on i alone (a sweep's grid point; a patient's
** draws come from a GSL generator seeded from the seed and i), so any slice
** of the runs, on any number of threads or machines, gives the same rows.
*/
#ifndef HEALSIM_BATCH_H
#define HEALSIM_BATCH_H

#include <signal.h>
#include <stdio.h>

#include "healsim/params.h"
#include "healsim/run.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HEALSIM_MAX_VARY 8             /* most parameters one batch varies */
#define HEALSIM_BATCH_DEFAULT_MAX_RUNS 100000 /* more needs force */
#define HEALSIM_BATCH_MAX_RUNS 1000000000UL

typedef enum healsim_batch_kind {
    HEALSIM_BATCH_SWEEP = 0,   /* every combination of the varied values */
    HEALSIM_BATCH_POPULATION,  /* n patients, each value drawn from its distribution */
    HEALSIM_BATCH_SENSITIVITY  /* the base run, then each parameter a little down and up */
} healsim_batch_kind;

typedef enum healsim_batch_format {
    HEALSIM_BATCH_CSV = 0,     /* a header line, then one line per run */
    HEALSIM_BATCH_JSONL = 1    /* one JSON object per run and line (JSON Lines) */
} healsim_batch_format;

typedef struct healsim_batch healsim_batch;

/* A batch over base.  population: the number of patients (kind
** POPULATION), and seed their generator's seed.  Returns HEALSIM_OK with
** *out to free with healsim_batch_free, or an error with *diag. */
int healsim_batch_alloc(const healsim_params *base, healsim_batch_kind kind, size_t population,
                        unsigned long seed, healsim_batch **out, healsim_diag *diag);
void healsim_batch_free(healsim_batch *batch);

/* Add a varied parameter, "section.key=SPEC".  Sweeps take start:stop:step,
** start:stop:nN, start:stop:nNlog or a list a,b,c; populations take
** lognormal:cv=X (median: the base value), normal:MEAN:SD, uniform:A:B,
** all truncated to the parameter's valid range.  Every value a sweep will
** use is checked here.  Returns HEALSIM_OK or HEALSIM_ERR_INPUT with *diag
** (file "--vary"). */
int healsim_batch_vary(healsim_batch *batch, const char *arg, healsim_diag *diag);

/* A population with no --vary: the parameters that differ most between
** people, with their documented spreads (docs/BATCH.md). */
int healsim_batch_vary_defaults(healsim_batch *batch, healsim_diag *diag);

/* Sensitivity: the outcome whose sensitivities are computed, by name
** (healsim_batch_outcome_names).  Returns HEALSIM_OK or HEALSIM_ERR_INPUT. */
int healsim_batch_set_outcome(healsim_batch *batch, const char *name, healsim_diag *diag);
extern const char *const healsim_batch_outcome_names[]; /* NULL-terminated */

size_t healsim_batch_n_runs(const healsim_batch *batch);

/* The days at which each run's strength is reported (a population: every
** two weeks), owned by the batch; their count in *n. */
const double *healsim_batch_checkpoints(const healsim_batch *batch, size_t *n);
size_t healsim_batch_n_vary(const healsim_batch *batch);

/* The unit of varied parameter i ("1/day", "weeks", ""), for axis titles. */
const char *healsim_batch_vary_unit(const healsim_batch *batch, size_t i);

/* A sweep: the values of varied parameter k, owned by the batch, count in *n. */
const double *healsim_batch_axis(const healsim_batch *batch, size_t k, size_t *n);

/* Sensitivity: the number of parameters perturbed, and parameter j's name
** ("section.key") and base value.  Runs 2j+1 and 2j+2 are j down and up
** by a factor exp(HEALSIM_SENSITIVITY_STEP). */
#define HEALSIM_SENSITIVITY_STEP 0.01
size_t healsim_batch_n_parameters(const healsim_batch *batch);
const char *healsim_batch_parameter(const healsim_batch *batch, size_t j, double *base_value);
const char *healsim_batch_vary_name(const healsim_batch *batch, size_t i);

/* The values of the varied parameters of run i (sweep grid point, drawn
** patient, or for sensitivity the perturbed parameter) into values[]. */
void healsim_batch_values(const healsim_batch *batch, size_t i, double *values);

/* The full parameter set of run i (for keeping its time series).  Returns
** HEALSIM_OK, or HEALSIM_ERR_INPUT with *diag when its values are invalid. */
int healsim_batch_params(const healsim_batch *batch, size_t i, healsim_params *params,
                         healsim_diag *diag);

/* One finished run. */
typedef struct healsim_batch_result {
    size_t index;
    int status;                        /* HEALSIM_OK, HEALSIM_ERR_SOLVER or HEALSIM_ERR_INPUT */
    char message[256];                 /* why it failed */
    double values[HEALSIM_MAX_VARY];   /* the varied values (sensitivity: see healsim_batch_values) */
    healsim_summary summary;           /* valid when status is HEALSIM_OK */
} healsim_batch_result;

/* Called on the calling thread for every run of [first, last), in index
** order, as soon as it and every run before it have finished. */
typedef void (*healsim_batch_row_fn)(const healsim_batch_result *result, void *data);

/* Run [first, last) on `jobs` threads (the calling one included; 0 = the
** processors).  Stops handing out runs once *stop is non-zero (a signal
** handler may set it) and returns after the rows already running: the
** rows given to on_row are always a complete prefix.  Returns the number
** of rows given. */
size_t healsim_batch_execute(healsim_batch *batch, size_t first, size_t last, unsigned jobs,
                             healsim_batch_row_fn on_row, void *data,
                             volatile sig_atomic_t *stop);

/* The summary file: a header (CSV only) and one line per result. */
void healsim_batch_row_header(const healsim_batch *batch, healsim_batch_format format, FILE *out);
void healsim_batch_row_write(const healsim_batch *batch, const healsim_batch_result *result,
                             healsim_batch_format format, FILE *out);

/* The outcome of a result by name ("strength_end_pct"); NaN if the run failed. */
double healsim_batch_outcome(const healsim_batch_result *result, const char *name);


/* ---- what a batch's results say (sim/stats.c) ------------------------------ */

/* Sensitivity: the normalized sensitivities d ln(outcome) / d ln(parameter)
** of the n_parameters parameters (healsim_batch_n_parameters) by central
** differences, from the outcome of every run in run order (run 0 the base,
** runs 2j+1 and 2j+2 parameter j down and up).  coefficients[j] is NaN
** where a perturbed run failed or its outcome is not above 0.  Returns
** HEALSIM_OK, or HEALSIM_ERR_INPUT when the base outcome is not a finite
** number above 0 (no relative change can be taken from it); then
** coefficients is untouched. */
int healsim_sensitivity_coefficients(const double *outcomes, size_t n_parameters,
                                     double *coefficients);

/* The order of n coefficients by |value|, largest first, into order[]
** (a permutation of 0..n-1); equal values, and NaNs (last), keep their
** parameter order. */
void healsim_sensitivity_rank(const double *coefficients, size_t n, size_t *order);

/* sensitivity.csv: a header "parameter,value,OUTCOME_down,OUTCOME_up,sensitivity"
** and a line per parameter, values as %.9g, coefficients as %.6g (empty
** when NaN).  Returns HEALSIM_OK or HEALSIM_ERR_IO if the stream failed. */
int healsim_sensitivity_csv(const healsim_batch *batch, const double *outcomes,
                            const double *coefficients, const char *outcome_name, FILE *out);

/* A sweep: are the values of varied parameter k spaced evenly in log (at
** least three, all above 0, a constant ratio other than 1), as
** start:stop:nNlog makes them?  Then a figure draws that axis log.
** Returns 1 or 0. */
int healsim_batch_axis_log_spaced(const healsim_batch *batch, size_t k);

/* Is a lower value of the outcome (healsim_batch_outcome_names) better for
** the patient (days_sore, peak_soreness)?  Returns 1 or 0 (also for an
** unknown name). */
int healsim_batch_outcome_lower_is_better(const char *name);

/* A population's strength over time, kept as a histogram per checkpoint
** (strength 0-100 % in HEALSIM_STRENGTH_BINS bins, 0.05 % wide), so memory
** does not grow with the number of patients and quantiles are exact to
** the bin width. */
#define HEALSIM_STRENGTH_BINS 2001
typedef struct healsim_population_stats healsim_population_stats;

/* Statistics over n_times checkpoints.  Returns HEALSIM_OK with *out to
** free with healsim_population_stats_free, or HEALSIM_ERR_NOMEM (*out NULL). */
int healsim_population_stats_alloc(size_t n_times, healsim_population_stats **out);
void healsim_population_stats_free(healsim_population_stats *stats); /* NULL: no-op */

/* Count one patient's strength at each checkpoint (the first n_times of
** summary->strength_at_checkpoint_pct; values outside 0-100 count in the
** end bins). */
void healsim_population_stats_add(healsim_population_stats *stats, const healsim_summary *summary);

/* Patients counted. */
size_t healsim_population_stats_count(const healsim_population_stats *stats);

/* Quantile q (0-1) of the strength at checkpoint k, % of healthy: the
** lower edge of the bin holding the value of rank q x (count - 1).  NaN
** when no patient was counted or k is out of range. */
double healsim_population_stats_quantile(const healsim_population_stats *stats, size_t k, double q);

#ifdef __cplusplus
}
#endif
#endif
