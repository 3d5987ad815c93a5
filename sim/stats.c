/*
** stats.c — what the results of a batch say: the sensitivity coefficients
** and their ranking (healsim sensitivity), and the strength quantiles of a
** population (healsim population).  See healsim/batch.h.
**
** Both work on numbers the caller collected from the rows of
** healsim_batch_execute, so a batch of any size is summarised in memory
** that does not grow with it: the sensitivity needs one outcome a run
** (2 runs a parameter), the population a histogram a checkpoint.
*/
#include "healsim/batch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- sensitivity ----------------------------------------------------------- */

int healsim_sensitivity_coefficients(const double *outcomes, size_t n_parameters,
                                     double *coefficients)
{
    if (!(outcomes[0] > 0) || !isfinite(outcomes[0]))
        return HEALSIM_ERR_INPUT;
    for (size_t j = 0; j < n_parameters; j++) {
        double down = outcomes[2 * j + 1], up = outcomes[2 * j + 2];
        double s = (log(up) - log(down)) / (2 * HEALSIM_SENSITIVITY_STEP);
        coefficients[j] = isfinite(s) ? s : NAN;
    }
    return HEALSIM_OK;
}

/* Does a come before b: a larger |value|, a number before a NaN. */
static int ranks_before(double a, double b)
{
    if (isnan(a))
        return 0;
    return isnan(b) || fabs(a) > fabs(b);
}

void healsim_sensitivity_rank(const double *coefficients, size_t n, size_t *order)
{
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    /* insertion sort: stable, and n is a few dozen parameters */
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && ranks_before(coefficients[order[k]], coefficients[order[k - 1]]); k--) {
            size_t t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
}

int healsim_sensitivity_csv(const healsim_batch *batch, const double *outcomes,
                            const double *coefficients, const char *outcome_name, FILE *out)
{
    fprintf(out, "parameter,value,%s_down,%s_up,sensitivity\n", outcome_name, outcome_name);
    const size_t n = healsim_batch_n_parameters(batch);
    for (size_t j = 0; j < n; j++) {
        double value;
        const char *name = healsim_batch_parameter(batch, j, &value);
        fprintf(out, "%s,%.9g,%.9g,%.9g,", name, value, outcomes[2 * j + 1], outcomes[2 * j + 2]);
        if (isfinite(coefficients[j]))
            fprintf(out, "%.6g", coefficients[j]);
        fputc('\n', out);
    }
    return ferror(out) ? HEALSIM_ERR_IO : HEALSIM_OK;
}

/* ---- sweep ------------------------------------------------------------------- */

int healsim_batch_axis_log_spaced(const healsim_batch *batch, size_t k)
{
    size_t n = 0;
    const double *v = healsim_batch_axis(batch, k, &n);
    if (!v || n < 3 || !(v[0] > 0))
        return 0;
    double ratio = v[1] / v[0];
    if (fabs(ratio - 1) < 1e-9)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (fabs(v[i] / v[i - 1] / ratio - 1) > 1e-6)
            return 0;
    return 1;
}

int healsim_batch_outcome_lower_is_better(const char *name)
{
    return strcmp(name, "days_sore") == 0 || strcmp(name, "peak_soreness") == 0;
}

/* ---- population ------------------------------------------------------------ */

struct healsim_population_stats {
    size_t n_times;  /* checkpoints */
    size_t count;    /* patients added */
    unsigned *bins;  /* n_times x HEALSIM_STRENGTH_BINS counts */
};

int healsim_population_stats_alloc(size_t n_times, healsim_population_stats **out)
{
    *out = NULL;
    healsim_population_stats *s = calloc(1, sizeof *s);
    if (!s)
        return HEALSIM_ERR_NOMEM;
    s->n_times = n_times;
    s->bins = calloc(n_times ? n_times * HEALSIM_STRENGTH_BINS : 1, sizeof *s->bins);
    if (!s->bins) {
        free(s);
        return HEALSIM_ERR_NOMEM;
    }
    *out = s;
    return HEALSIM_OK;
}

void healsim_population_stats_free(healsim_population_stats *s)
{
    if (!s)
        return;
    free(s->bins);
    free(s);
}

void healsim_population_stats_add(healsim_population_stats *s, const healsim_summary *summary)
{
    for (size_t k = 0; k < s->n_times && k < summary->n_checkpoints; k++) {
        double v = summary->strength_at_checkpoint_pct[k];
        long bin = lround(v / 100.0 * (HEALSIM_STRENGTH_BINS - 1));
        bin = bin < 0 ? 0 : bin >= HEALSIM_STRENGTH_BINS ? HEALSIM_STRENGTH_BINS - 1 : bin;
        s->bins[k * HEALSIM_STRENGTH_BINS + (size_t)bin]++;
    }
    s->count++;
}

size_t healsim_population_stats_count(const healsim_population_stats *s) { return s->count; }

double healsim_population_stats_quantile(const healsim_population_stats *s, size_t k, double q)
{
    if (s->count == 0 || k >= s->n_times)
        return NAN;
    const unsigned *h = &s->bins[k * HEALSIM_STRENGTH_BINS];
    double target = q * (double)(s->count - 1), seen = 0;
    for (size_t bin = 0; bin < HEALSIM_STRENGTH_BINS; bin++) {
        if (seen + h[bin] > target)
            return 100.0 * (double)bin / (HEALSIM_STRENGTH_BINS - 1);
        seen += h[bin];
    }
    return 100.0;
}
