/*
** compare_outcome.c — compare-outcome: the arms' strength over time (plots/compare.h).
**
** A curve per arm in its colour and dash, named on the curve where it is
** farthest from the others, else all in one key clear of the data (the
** rule of every figure, fig_curve_set_layout); the healthy line and the scar
** band as on a single run's outcome; under the time axis a lane of small
** triangles per arm that has injections, and a key for them beside the
** time axis's title where there is room.
*/
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Injection triangles in the lanes under the time axis: a bit smaller
** than the single-run markers, one lane per arm that has injections. */
double fig_lane_radius(const page *pg)
{
    return 0.55 * fig_marker_radius(pg);
}

static double lane_pitch(const page *pg)
{
    return 1.3 * fig_lane_radius(pg);
}

static size_t n_lanes(const comparison *cx)
{
    size_t n = 0;
    for (size_t i = 0; i < cx->n; i++)
        n += cx->arms[i].data.n_injections > 0;
    return n;
}

/* How much lower than usual the time axis's tick labels go to clear the
** lanes. */
static double lanes_extra(const page *pg, size_t lanes)
{
    if (!lanes)
        return 0;
    double extent = (double)(lanes - 1) * lane_pitch(pg) + 0.9 * fig_lane_radius(pg) + 0.15 * pg->fs;
    return fmax(0, extent - fig_marker_radius(pg));
}

static void draw_injection_lanes(const page *pg, const plot *p, const comparison *cx)
{
    const double r = fig_lane_radius(pg);
    size_t lane = 0;
    for (size_t i = 0; i < cx->n; i++) {
        const healsim_figure_data *d = &cx->arms[i].data;
        if (!d->n_injections)
            continue;
        double y = p->box.y1 + (double)lane++ * lane_pitch(pg);
        for (size_t k = 0; k < d->n_injections; k++) {
            if (d->injection_days[k] > p->t1)
                continue;
            fig_triangle_path(pg->cr, fig_px(p, fmax(d->injection_days[k], p->t0)), y, r);
            fig_set_rgb(pg->cr, fig_colour(pg->th, cx->strength[i].colour));
            cairo_fill(pg->cr);
        }
    }
}

/* "▲ injection" at the right end of the time axis title's line, where it
** does not touch the title. */
static void draw_lane_key(const page *pg, const plot *p, double extra)
{
    char title[2 * HEALSIM_MAX_TEXT + 8];
    fig_time_axis_title(pg, p, title, sizeof title);
    double tw, th, kw, kh;
    fig_measure(pg, title, 1.0, 0, &tw, &th);
    const char *word = fig_word(pg, HEALSIM_TEXT_INJECTION);
    fig_measure(pg, word, 0.85, 0, &kw, &kh);
    const double r = fig_lane_radius(pg), gap = 0.35 * pg->fs;
    const double y = fig_time_title_y(pg, p, extra);
    const double x_text = p->box.x1 - kw;
    const double x_mark = x_text - gap - 0.6 * r;
    if (x_mark - 0.6 * r - pg->fs < (p->box.x0 + p->box.x1 + tw) / 2)
        return; /* no room beside the title */
    fig_triangle_path(pg->cr, x_mark, y + 0.5 * th - 0.35 * r, r);
    fig_set_rgb(pg->cr, pg->th->faint);
    cairo_fill(pg->cr);
    draw_text(pg, word, 0.85, 0, pg->th->faint, x_text, y + 0.5 * th, 0, 0.5);
}

/* The healthy line, which names and the legend keep off. */
static chart_box healthy_line_box(const plot *p)
{
    const double y = fig_py(p, 100);
    return (chart_box){ p->box.x0, y - 0.75, p->box.x1, y + 0.75 };
}

int fig_compare_outcome_page(const page *pg, const comparison *cx)
{
    chart_box r = fig_page_frame(pg, fig_word(pg, HEALSIM_TEXT_TITLE_COMPARE_OUTCOME), cx->title, cx->caption);
    const size_t lanes = n_lanes(cx);
    const double extra = lanes_extra(pg, lanes);
    r.y1 -= extra;
    double lowest = 100, lo, hi;
    for (size_t i = 0; i < cx->n; i++) {
        const healsim_figure_data *d = &cx->arms[i].data;
        for (size_t k = 0; k < d->n_rows; k++)
            lowest = fmin(lowest, fig_row_value(d, k, STRENGTH_COLUMN));
    }
    chart_strength_domain(lowest, &lo, &hi);
    plot p = fig_make_plot_span(pg, r, TIME_LINEAR, cx->t1, lo, hi, 0, 1);

    /* names on the curves, clear of the healthy line's label */
    const char *healthy = fig_word(pg, HEALSIM_TEXT_HEALTHY);
    curve_set cs = { 0 };
    cs.apart = 1;
    for (size_t i = 0; i < cx->n; i++)
        fig_curve_set_add_data(&cs, &cx->strength[i], 1.0, &cx->arms[i].data);
    chart_box obstacles[MAX_CURVES + 3]; /* the healthy line and label, names, a legend */
    size_t n_obstacles = 0;
    obstacles[n_obstacles++] = fig_reference_label_box(pg, &p, 100, healthy);
    obstacles[n_obstacles++] = healthy_line_box(&p);
    curve_labels cl;
    const double x1 = p.box.x1;
    int rc = fig_curve_set_layout(pg, &p, &cs, &cl, obstacles, n_obstacles);
    if (!rc && p.box.x1 != x1) {
        /* narrowed for a legend beside it: the healthy label moved too */
        const double legend_w = cl.legend_w, legend_x = cl.legend_x, legend_y = cl.legend_y;
        obstacles[0] = fig_reference_label_box(pg, &p, 100, healthy);
        obstacles[1] = healthy_line_box(&p);
        fig_curve_labels_place(pg, &p, &cs, &cl, obstacles, n_obstacles);
        cl.legend_w = legend_w;
        cl.legend_x = legend_x;
        cl.legend_y = legend_y;
    }
    /* the plot may have moved for the key: the healthy line with it */
    n_obstacles = 0;
    obstacles[n_obstacles++] = fig_reference_label_box(pg, &p, 100, healthy);
    obstacles[n_obstacles++] = healthy_line_box(&p);
    if (rc) {
        fig_curve_set_clear(&cs);
        return -1;
    }
    /* the scar band's name, clear of all of that */
    for (size_t i = 0; i < cs.n; i++)
        if (cl.label[i].placed)
            obstacles[n_obstacles++] = cl.label[i].box;
    if (cl.missing && !cl.keys_above)
        obstacles[n_obstacles++] = (chart_box){ cl.legend_x, cl.legend_y, cl.legend_x + cl.legend_w,
                                                cl.legend_y + cl.legend_h };
    chart_label band;
    fig_scar_label_place(pg, &p, cs.env, cs.n, obstacles, n_obstacles, &band);

    draw_y_axis(pg, &p, lo, 100, 6, fig_word(pg, HEALSIM_TEXT_AXIS_STRENGTH));
    draw_time_axis_below(pg, &p, extra);
    draw_scar_band(pg, &p);
    fig_curve_set_draw(pg, &cs);
    fig_reference_line(pg, &p, 100, healthy);
    if (band.placed)
        draw_scar_label(pg, &band);
    draw_frame(pg, &p);
    draw_injection_lanes(pg, &p, cx);
    if (lanes)
        draw_lane_key(pg, &p, extra);
    fig_curve_labels_draw(pg, &cs, &cl);
    fig_curve_set_clear(&cs);
    return 0;
}
