/*
** marks.c — what a plot carries besides its curves (plots/draw.h).
**
** The injections (faint lines behind the curves, numbered circles or
** triangles on the time axis), the bands of the dominant phase, dashed
** reference lines with their labels, and the scar plateau band of a
** strength plot with its name.  Each reads its plot's scales and the
** page's data; none changes them.
*/
#include "draw.h"

#include <math.h>
#include <string.h>

/* Faint vertical lines at the injections, behind the curves. */
void draw_injection_lines(const page *pg, const plot *p)
{
    cairo_t *cr = pg->cr;
    const double d[2] = { 2, 2 };
    cairo_set_dash(cr, d, 2, 0);
    cairo_set_line_width(cr, 0.7);
    fig_set_rgb(cr, pg->th->faint);
    for (size_t i = 0; i < pg->data->n_injections; i++) {
        double t = pg->data->injection_days[i];
        if (t < p->t0 || t > p->t1)
            continue;
        cairo_move_to(cr, fig_px(p, t), p->box.y0);
        cairo_line_to(cr, fig_px(p, t), p->box.y1);
        cairo_stroke(cr);
    }
    cairo_set_dash(cr, NULL, 0, 0);
}

void fig_triangle_path(cairo_t *cr, double x, double y, double r)
{
    cairo_new_path(cr);
    cairo_move_to(cr, x, y - 0.2 * r);
    cairo_line_to(cr, x - 0.6 * r, y + 0.9 * r);
    cairo_line_to(cr, x + 0.6 * r, y + 0.9 * r);
    cairo_close_path(cr);
}

/* Numbered circles on the time axis, one per injection.  When they are too
** close for numbers, small triangles.  An injection at time 0 on a log axis
** sits at the axis start. */
void draw_injection_markers(const page *pg, const plot *p)
{
    draw_injection_marks(pg, p, 1);
}

void draw_injection_marks(const page *pg, const plot *p, int numbers)
{
    cairo_t *cr = pg->cr;
    const healsim_figure_data *d = pg->data;
    const double r = fig_marker_radius(pg);
    double min_gap = INFINITY;
    for (size_t i = 1; i < d->n_injections; i++)
        min_gap = fmin(min_gap, fig_px(p, d->injection_days[i]) - fig_px(p, d->injection_days[i - 1]));
    const int numbered = numbers && min_gap >= 2.1 * r;
    for (size_t i = 0; i < d->n_injections; i++) {
        double t = d->injection_days[i];
        if (t > p->t1)
            continue;
        double x = fig_px(p, fmax(t, p->t0)), y = p->box.y1;
        if (numbered) {
            cairo_new_path(cr);
            cairo_arc(cr, x, y, r, 0, 2 * M_PI);
            fig_set_rgb(cr, pg->th->ink);
            cairo_fill(cr);
            char num[16];
            snprintf(num, sizeof num, "%zu", i + 1);
            draw_text_on(pg, num, 0.8, 1, pg->th->background, pg->th->ink, x, y, 0.5, 0.5);
        } else {
            fig_triangle_path(cr, x, y, r);
            fig_set_rgb(cr, pg->th->ink);
            cairo_fill(cr);
        }
    }
}

/* Shaded bands behind the plot where each phase dominates, faded at their
** ends so a boundary reads as a transition, not an edge. */
void draw_phase_bands(const page *pg, const plot *p)
{
    cairo_t *cr = pg->cr;
    const healsim_figure_data *d = pg->data;
    const double fade = 0.02 * (p->box.x1 - p->box.x0);
    size_t i = 0;
    while (i < d->n_rows) {
        double act[HEALSIM_N_PHASES];
        for (int k = 0; k < HEALSIM_N_PHASES; k++)
            act[k] = fig_row_value(d, i, fig_phase_series[k].column);
        healsim_phase ph = healsim_model_dominant_phase(act);
        size_t j = i + 1;
        while (j < d->n_rows) {
            for (int k = 0; k < HEALSIM_N_PHASES; k++)
                act[k] = fig_row_value(d, j, fig_phase_series[k].column);
            if (healsim_model_dominant_phase(act) != ph)
                break;
            j++;
        }
        /* the band runs from row i to the first row of the next band */
        double t0 = fig_row_value(d, i, HEALSIM_COL_TIME);
        double t1 = fig_row_value(d, j < d->n_rows ? j : d->n_rows - 1, HEALSIM_COL_TIME);
        i = j;
        if (ph == HEALSIM_PHASE_NONE || t1 <= p->t0 || t0 >= p->t1)
            continue;
        double x0 = fig_px(p, fmax(t0, p->t0)), x1 = fig_px(p, fmin(t1, p->t1));
        if (x1 - x0 < 0.5)
            continue;
        double f = fmin(fade, (x1 - x0) / 3) / (x1 - x0);
        cairo_pattern_t *g = cairo_pattern_create_linear(x0, 0, x1, 0);
        rgb c = fig_colour(pg->th, fig_phase_series[ph].colour);
        double a = pg->th->band_alpha;
        cairo_pattern_add_color_stop_rgba(g, 0, c.r, c.g, c.b, 0);
        cairo_pattern_add_color_stop_rgba(g, f, c.r, c.g, c.b, a);
        cairo_pattern_add_color_stop_rgba(g, 1 - f, c.r, c.g, c.b, a);
        cairo_pattern_add_color_stop_rgba(g, 1, c.r, c.g, c.b, 0);
        cairo_rectangle(cr, x0, p->box.y0, x1 - x0, p->box.y1 - p->box.y0);
        cairo_set_source(cr, g);
        cairo_fill(cr);
        cairo_pattern_destroy(g);
    }
}

/* A dashed horizontal reference line with a label at its right end. */
void draw_reference_dash(const page *pg, const plot *p, double v)
{
    cairo_t *cr = pg->cr;
    const double d[2] = { 5, 3 };
    double y = fig_py(p, v);
    cairo_set_dash(cr, d, 2, 0);
    cairo_set_line_width(cr, 1.0);
    fig_set_rgb(cr, pg->th->faint);
    cairo_move_to(cr, p->box.x0, y);
    cairo_line_to(cr, p->box.x1, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

chart_box fig_reference_line(const page *pg, const plot *p, double v, const char *text)
{
    draw_reference_dash(pg, p, v);
    double y = fig_py(p, v);
    return draw_text(pg, text, 0.85, 0, pg->th->faint, p->box.x1 - 0.3 * pg->fs, y - 0.15 * pg->fs, 1, 1);
}

chart_box fig_reference_label_box(const page *pg, const plot *p, double v, const char *text)
{
    double w, h;
    fig_measure(pg, text, 0.85, 0, &w, &h);
    double x = p->box.x1 - 0.3 * pg->fs, y = fig_py(p, v) - 0.15 * pg->fs;
    return (chart_box){ x - w, y - h, x, y };
}

void draw_scar_band(const page *pg, const plot *p)
{
    cairo_t *cr = pg->cr;
    cairo_rectangle(cr, p->box.x0, fig_py(p, 80), p->box.x1 - p->box.x0, fig_py(p, 70) - fig_py(p, 80));
    fig_set_rgba(cr, pg->th->band_ink, 0.07);
    cairo_fill(cr);
}

/* The band's name: inside the band where the curves leave room, else just
** above or below it. */
void fig_scar_label_place(const page *pg, const plot *p, chart_envelope *const *curves,
                          size_t n_curves, const chart_box *obstacles, size_t n_obstacles,
                          chart_label *band)
{
    memset(band, 0, sizeof *band);
    fig_measure(pg, fig_word(pg, HEALSIM_TEXT_SCAR), 0.85, 0, &band->w, &band->h);
    band->curve = -1;
    band->want_x = p->box.x1 - band->w / 2 - 0.3 * pg->fs;
    band->want_y = fig_py(p, 75) + band->h / 2 + 0.25 * band->h; /* centred in the band when above */
    fig_place_labels(pg, band, 1, p->box, curves, n_curves, obstacles, n_obstacles);
}

chart_box draw_scar_label(const page *pg, const chart_label *band)
{
    return draw_text(pg, fig_word(pg, HEALSIM_TEXT_SCAR), 0.85, 0, pg->th->faint, band->box.x0,
                     band->box.y0, 0, 0);
}
