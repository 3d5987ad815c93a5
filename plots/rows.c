/*
** rows.c — reading a run's rows for a figure (plots/draw.h).
**
** A run's results are rows of HEALSIM_N_COLUMNS numbers, time (days) first;
** these are the few questions the figures ask of them.  No drawing here.
*/
#include "draw.h"

#include <math.h>

double fig_row_value(const healsim_figure_data *d, size_t i, int column)
{
    return d->rows[i * HEALSIM_N_COLUMNS + column];
}

double fig_span_days(const healsim_figure_data *d)
{
    return d->n_rows ? fig_row_value(d, d->n_rows - 1, HEALSIM_COL_TIME) : 1.0;
}

double fig_column_peak(const healsim_figure_data *d, int column)
{
    double peak = 0;
    for (size_t i = 0; i < d->n_rows; i++)
        peak = fmax(peak, fig_row_value(d, i, column));
    return peak;
}

/* Did anything heal?  Not when the scenario injures nothing: every phase
** activity stays at zero. */
int fig_any_response(const healsim_figure_data *d)
{
    for (int k = 0; k < HEALSIM_N_PHASES; k++)
        if (fig_column_peak(d, fig_phase_series[k].column) >= 1e-3)
            return 1;
    return 0;
}
