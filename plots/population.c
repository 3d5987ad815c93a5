/*
** population.c — the figure of `healsim population` (plots/batch.h).
**
** Strength over time of many virtual patients as quantiles at each time:
** the median as a line over the middle 50 % and 90 % bands (the theme's
** blue mixed into the ground, darker for the narrower band), a key naming
** the three over the plot, the healthy line and the injections, whose
** markers and lines come from marks.c as on a single run's figures.
*/
#include "batch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int check_population(const healsim_population_plot *pp, healsim_diag *diag)
{
    if (!pp)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: no population (NULL)");
    if (pp->n_times < 2 || !pp->days)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: the population has %zu time%s, needs at least 2",
                        pp->days ? pp->n_times : 0, pp->days && pp->n_times == 1 ? "" : "s");
    const double *q[5] = { pp->q05, pp->q25, pp->q50, pp->q75, pp->q95 };
    static const char *const qname[5] = { "q05", "q25", "q50", "q75", "q95" };
    for (int k = 0; k < 5; k++)
        if (!q[k])
            return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: quantile %s is missing (NULL)", qname[k]);
    for (size_t i = 0; i < pp->n_times; i++) {
        const double t = pp->days[i];
        if (!isfinite(t) || t < 0)
            return fig_fail(diag, HEALSIM_ERR_INPUT, "time %zu is %g days: times must be numbers >= 0", i + 1, t);
        if (i > 0 && !(t > pp->days[i - 1]))
            return fig_fail(diag, HEALSIM_ERR_INPUT,
                            "times must increase, but time %zu (%g days) follows %g (one row per time)", i + 1,
                            t, pp->days[i - 1]);
        for (int k = 0; k < 5; k++) {
            if (!isfinite(q[k][i]))
                return fig_fail(diag, HEALSIM_ERR_INPUT, "%s at time %zu (%g days) is not a number", qname[k],
                                i + 1, t);
            if (k > 0 && q[k][i] < q[k - 1][i] - 1e-9 * fmax(1, fabs(q[k][i])))
                return fig_fail(diag, HEALSIM_ERR_INPUT,
                                "the quantiles at time %zu (%g days) are out of order: %s = %g is below %s = %g",
                                i + 1, t, qname[k], q[k][i], qname[k - 1], q[k - 1][i]);
        }
    }
    if (pp->n_patients == 0)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "a population of 0 patients");
    if (pp->n_injections > HEALSIM_MAX_FIGURE_INJECTIONS)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "%zu injections, at most %d", pp->n_injections,
                        HEALSIM_MAX_FIGURE_INJECTIONS);
    if (pp->n_injections && !pp->injection_days)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "%zu injections without their days (NULL)", pp->n_injections);
    for (size_t i = 0; i < pp->n_injections; i++) {
        const double t = pp->injection_days[i];
        if (!isfinite(t) || t < 0 || (i > 0 && t < pp->injection_days[i - 1]))
            return fig_fail(diag, HEALSIM_ERR_INPUT,
                            "injection %zu is on day %g: injection days must be numbers >= 0, in order", i + 1, t);
    }
    return HEALSIM_OK;
}

/* The bands: the theme's blue mixed into the background, so the middle
** 50 % (drawn over the 90 %) is the darker, and the key shows exactly
** what the plot does. */
static rgb band_colour(const page *pg, int fifty)
{
    const int dark = pg->style->theme == HEALSIM_THEME_DARK;
    return fig_mix(pg->th->background, fig_colour(pg->th, C_BLUE), fifty ? (dark ? 0.5 : 0.42) : (dark ? 0.27 : 0.18));
}

/* Fill the band between two quantiles. */
static void fill_band(const page *pg, const plot *p, const healsim_population_plot *pp, const double *lo,
                      const double *hi, rgb c)
{
    cairo_t *cr = pg->cr;
    cairo_new_path(cr);
    for (size_t i = 0; i < pp->n_times; i++)
        cairo_line_to(cr, fig_px(p, pp->days[i]), fig_py(p, lo[i]));
    for (size_t i = pp->n_times; i-- > 0;)
        cairo_line_to(cr, fig_px(p, pp->days[i]), fig_py(p, hi[i]));
    cairo_close_path(cr);
    fig_set_rgb(cr, c);
    cairo_fill(cr);
}

static int population_page(const page *pg, const void *figure, const char *caption)
{
    const healsim_population_plot *pp = figure;
    chart_box r = fig_page_frame(pg, fig_word(pg, HEALSIM_TEXT_TITLE_POPULATION), fig_str(pp->title), caption);

    /* the key over the plot: the median's line, the two bands' swatches */
    static const series median = { 0, C_BLUE, 0, HEALSIM_TEXT_MEDIAN, NULL };
    fig_key keys[3] = {
        { .s = &median, .text = fig_word(pg, HEALSIM_TEXT_MEDIAN) },
        { .fill = 1, .fill_colour = band_colour(pg, 1), .text = fig_word(pg, HEALSIM_TEXT_BAND50) },
        { .fill = 1, .fill_colour = band_colour(pg, 0), .text = fig_word(pg, HEALSIM_TEXT_BAND90) },
    };
    double left, unused;
    fig_axis_margins(pg, 1, &left, &unused);
    const double keys_x0 = r.x0 + left, keys_x1 = r.x1 - 0.8 * pg->fs, keys_y = r.y0 + 0.2 * pg->fs;
    r.y0 = keys_y + fig_draw_keys(pg, keys, 3, keys_x0, keys_x1, keys_y, 0) + 0.2 * pg->fs;

    double lowest = INFINITY, highest = -INFINITY;
    for (size_t i = 0; i < pp->n_times; i++) {
        lowest = fmin(lowest, pp->q05[i]);
        highest = fmax(highest, pp->q95[i]);
    }
    double lo, hi;
    chart_strength_domain(lowest, &lo, &hi);
    const double y_top = fmax(100, ceil(highest / 10) * 10); /* a population stronger than healthy */
    hi = fmax(hi, y_top + 6);
    plot p = fig_make_plot_span(pg, r, TIME_LINEAR, pp->days[pp->n_times - 1], lo, hi, 0, 1);

    draw_y_axis(pg, &p, lo, y_top, 6, fig_word(pg, HEALSIM_TEXT_AXIS_STRENGTH));
    draw_time_axis(pg, &p);
    fill_band(pg, &p, pp, pp->q05, pp->q95, band_colour(pg, 0));
    fill_band(pg, &p, pp, pp->q25, pp->q75, band_colour(pg, 1));
    draw_injection_lines(pg, &p);
    double *xs = malloc(pp->n_times * sizeof *xs), *ys = malloc(pp->n_times * sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return -1;
    }
    for (size_t i = 0; i < pp->n_times; i++) {
        xs[i] = fig_px(&p, pp->days[i]);
        ys[i] = fig_py(&p, pp->q50[i]);
    }
    const size_t n = chart_simplify(xs, ys, pp->n_times, 0.05);
    fig_stroke_curve(pg, xs, ys, n, fig_colour(pg->th, C_BLUE), 0, pg->line);
    free(xs);
    free(ys);
    fig_reference_line(pg, &p, 100, fig_word(pg, HEALSIM_TEXT_HEALTHY));
    draw_frame(pg, &p);
    draw_injection_markers(pg, &p);
    fig_draw_keys(pg, keys, 3, keys_x0, keys_x1, keys_y, 1);
    return 0;
}

int healsim_population_render(unsigned format, const healsim_population_plot *pp,
                              const healsim_figure_style *style, FILE *out, healsim_diag *diag)
{
    memset(diag, 0, sizeof *diag);
    int rc = fig_check_format(format, style, diag);
    if (rc == HEALSIM_OK)
        rc = check_population(pp, diag);
    if (rc == HEALSIM_OK) {
        /* the injections, for the markers and lines of marks.c */
        healsim_figure_data data;
        healsim_figure_data_init(&data, NULL, 0, 0);
        data.n_injections = pp->n_injections;
        for (size_t i = 0; i < pp->n_injections; i++)
            data.injection_days[i] = pp->injection_days[i];
        char caption[64];
        snprintf(caption, sizeof caption, "%zu %s", pp->n_patients,
                 pp->n_patients == 1 ? WORD_PATIENT : WORD_PATIENTS);
        rc = fig_batch_render(format, "population", population_page, pp, caption, fig_str(pp->title), &data, style, out, diag);
    }
    return fig_name_failure(rc, "population", format, diag);
}
