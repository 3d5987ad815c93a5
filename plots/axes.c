/*
** axes.c — plots and their axes (plots/draw.h).
**
** A plot is a box on the page and two scales: time (days, linear or
** logarithmic) across, a value up.  fig_make_plot takes a panel's rect and
** keeps off it the room the tick labels and axis titles need, so every plot
** of a page lines up the same way; the ticks themselves come from chart.c
** (round values, natural time units), and this file draws the grid lines,
** the tick labels, the titles and the frame.
**
** Invariant: the y axis's tick labels stand fig_tick_gap from the axis line
** and the time axis's below an injection marker's room, so the markers that
** sit on the axes (plots/marks.c) never cover a label.
*/
#include "draw.h"

#include <math.h>

double fig_marker_radius(const page *pg)
{
    return 0.62 * pg->fs;
}

/* From the y axis line to its tick labels: clear of an injection marker
** sitting on the corner. */
double fig_tick_gap(const page *pg)
{
    return 0.25 * pg->fs + fig_marker_radius(pg);
}

/* Margins a panel needs around its plot box for tick labels and titles. */
void fig_axis_margins(const page *pg, int time_title, double *left, double *bottom)
{
    double w, h;
    fig_measure(pg, "100", 0.9, 0, &w, &h);
    *left = w + fig_tick_gap(pg) + 1.2 * h + 0.5 * pg->fs;
    *bottom = 0.55 * pg->fs + h + (time_title ? 0.35 * pg->fs + 1.2 * h : 0);
}

/* Lay out a plot in panel rect r with a time x axis and y domain [ylo, yhi]. */
plot fig_make_plot(const page *pg, chart_box r, time_kind time, double ylo, double yhi,
                   double top_extra, int time_title)
{
    return fig_make_plot_span(pg, r, time, fig_span_days(pg->data), ylo, yhi, top_extra, time_title);
}

plot fig_make_plot_span(const page *pg, chart_box r, time_kind time, double t1, double ylo,
                        double yhi, double top_extra, int time_title)
{
    double left, bottom;
    fig_axis_margins(pg, time_title, &left, &bottom);
    plot p;
    p.time = time;
    p.time_title = time_title;
    p.box.x0 = r.x0 + left;
    p.box.x1 = r.x1 - 0.8 * pg->fs;
    p.box.y0 = r.y0 + 0.4 * pg->fs + top_extra;
    p.box.y1 = r.y1 - bottom - fig_marker_radius(pg) * 0.6;
    p.t1 = t1;
    p.t0 = time == TIME_LOG ? LOG_T0 : 0.0;
    if (time == TIME_LOG && p.t1 <= p.t0 * 10)
        p.t1 = p.t0 * 10;
    p.x = (chart_scale){ p.t0, p.t1, p.box.x0, p.box.x1, time == TIME_LOG };
    p.y = (chart_scale){ ylo, yhi, p.box.y1, p.box.y0, 0 };
    return p;
}

double fig_px(const plot *p, double t)
{
    return chart_scale_map(&p->x, t);
}

double fig_py(const plot *p, double v)
{
    return chart_scale_map(&p->y, v);
}

void fig_format_tick(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%g", fabs(v) < 1e-12 ? 0.0 : v);
}

/* Y axis: ticks, light grid lines, labels and the rotated title. */
static void y_axis(const page *pg, const plot *p, double lo, double hi, size_t max_ticks,
                   const char *title, int labels)
{
    cairo_t *cr = pg->cr;
    double ticks[CHART_MAX_TICKS];
    /* no more ticks than labels fit, a line and a half apart, on a short axis */
    double lw, lh;
    fig_measure(pg, "100", 0.9, 0, &lw, &lh);
    const double room = fabs(fig_py(p, lo) - fig_py(p, hi));
    max_ticks = (size_t)fmax(2, fmin((double)max_ticks, floor(room / (1.4 * lh)) + 1));
    size_t n = chart_ticks(lo, hi, max_ticks, ticks, NULL);
    cairo_set_line_width(cr, 0.5);
    cairo_set_dash(cr, NULL, 0, 0);
    double label_w = 0;
    for (size_t i = 0; i < n; i++) {
        double y = fig_py(p, ticks[i]);
        fig_set_rgb(cr, pg->th->grid);
        cairo_move_to(cr, p->box.x0, y);
        cairo_line_to(cr, p->box.x1, y);
        cairo_stroke(cr);
        /* an axis shorter than two labels: the top one alone */
        if (!labels || (n == 2 && i == 0 && room < 1.05 * lh))
            continue;
        char buf[32];
        fig_format_tick(ticks[i], buf, sizeof buf);
        chart_box b = draw_text(pg, buf, 0.9, 0, pg->th->faint, p->box.x0 - fig_tick_gap(pg), y, 1, 0.5);
        label_w = fmax(label_w, b.x1 - b.x0);
    }
    if (!title)
        return;
    double tw, th;
    fig_measure(pg, title, 1.0, 0, &tw, &th);
    double fit = fmin(1.0, (p->box.y1 - p->box.y0) / tw); /* a long title on a short axis */
    draw_text_vertical(pg, title, fmax(fit, 0.6), pg->th->ink,
                       p->box.x0 - fig_tick_gap(pg) - label_w - 0.3 * pg->fs - th / 2,
                       (p->box.y0 + p->box.y1) / 2, (p->box.y1 - p->box.y0));
}

void draw_y_axis(const page *pg, const plot *p, double lo, double hi, size_t max_ticks,
                 const char *title)
{
    y_axis(pg, p, lo, hi, max_ticks, title, 1);
}

void draw_y_grid(const page *pg, const plot *p, double lo, double hi, size_t max_ticks)
{
    y_axis(pg, p, lo, hi, max_ticks, NULL, 0);
}

/* The ticks of p's time axis, their labels and the axis title; returns
** the count. */
static size_t time_axis_ticks(const page *pg, const plot *p, double spacing,
                              double ticks[CHART_MAX_TICKS], char labels[CHART_MAX_TICKS][32],
                              char *title, size_t title_size)
{
    size_t n;
    double width = p->box.x1 - p->box.x0;
    double lw, lh;
    fig_measure(pg, "00 wk", 0.9, 0, &lw, &lh);
    size_t max_ticks = (size_t)fmax(2, floor(width / (spacing * lw)));
    if (p->time == TIME_LOG) {
        const char *names[CHART_MAX_TICKS];
        n = chart_log_time_ticks(p->t0, p->t1, max_ticks, ticks, names);
        for (size_t i = 0; i < n; i++)
            snprintf(labels[i], sizeof labels[i], "%s", names[i]);
        snprintf(title, title_size, "%s", fig_word(pg, HEALSIM_TEXT_AXIS_LOG_TIME));
    } else {
        chart_time_axis axis;
        chart_time_axis_make(p->t1, max_ticks, &axis);
        n = axis.n;
        for (size_t i = 0; i < n; i++) {
            ticks[i] = axis.ticks_days[i];
            fig_format_tick(axis.values[i], labels[i], sizeof labels[i]);
        }
        healsim_text unit = axis.unit == CHART_DAYS    ? HEALSIM_TEXT_DAYS
                            : axis.unit == CHART_WEEKS ? HEALSIM_TEXT_WEEKS
                                                       : HEALSIM_TEXT_MONTHS;
        snprintf(title, title_size, "%s (%s)", fig_word(pg, HEALSIM_TEXT_AXIS_TIME), fig_word(pg, unit));
    }
    return n;
}

void fig_time_axis_title(const page *pg, const plot *p, char *title, size_t size)
{
    double ticks[CHART_MAX_TICKS];
    char labels[CHART_MAX_TICKS][32];
    time_axis_ticks(pg, p, 2.2, ticks, labels, title, size);
}

/* The time axis under the plot: ticks, labels, title.  Injection markers sit
** on the axis line, so tick labels start below them. */
static void time_axis(const page *pg, const plot *p, double extra, double spacing, int with_labels);

void draw_time_axis(const page *pg, const plot *p)
{
    draw_time_axis_spaced(pg, p, 0, 2.2);
}

/* Top of the time axis's tick labels. */
static double tick_label_y(const page *pg, const plot *p, double extra)
{
    return p->box.y1 + fig_marker_radius(pg) + 0.2 * pg->fs + extra;
}

double fig_time_title_y(const page *pg, const plot *p, double extra)
{
    double lw, lh;
    fig_measure(pg, "00 wk", 0.9, 0, &lw, &lh);
    return tick_label_y(pg, p, extra) + lh + 0.25 * pg->fs;
}

void draw_time_axis_below(const page *pg, const plot *p, double extra)
{
    draw_time_axis_spaced(pg, p, extra, 2.2);
}

void draw_time_axis_spaced(const page *pg, const plot *p, double extra, double spacing)
{
    time_axis(pg, p, extra, spacing, 1);
}

void draw_time_grid(const page *pg, const plot *p, double spacing)
{
    time_axis(pg, p, 0, spacing, 0);
}

static void time_axis(const page *pg, const plot *p, double extra, double spacing, int with_labels)
{
    cairo_t *cr = pg->cr;
    const double y = p->box.y1;
    const double label_y = tick_label_y(pg, p, extra);
    double ticks[CHART_MAX_TICKS];
    char labels[CHART_MAX_TICKS][32];
    char title[2 * HEALSIM_MAX_TEXT + 8];
    size_t n = time_axis_ticks(pg, p, spacing, ticks, labels, title, sizeof title);
    cairo_set_dash(cr, NULL, 0, 0);
    for (size_t i = 0; i < n; i++) {
        double x = fig_px(p, ticks[i]);
        fig_set_rgb(cr, pg->th->grid);
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, x, p->box.y0);
        cairo_line_to(cr, x, y);
        cairo_stroke(cr);
        if (!with_labels)
            continue;
        /* the last label may not run off the page: it ends at the tick instead */
        double tw, th;
        fig_measure(pg, labels[i], 0.9, 0, &tw, &th);
        double ax = x + tw / 2 > pg->w - 0.2 * pg->fs ? 1.0 : 0.5;
        draw_text(pg, labels[i], 0.9, 0, pg->th->faint, x, label_y, ax, 0);
    }
    if (p->time_title && with_labels)
        draw_text_fit(pg, title, 1.0, 0, pg->th->ink, (p->box.x0 + p->box.x1) / 2,
                      fig_time_title_y(pg, p, extra), 0.5, 0, p->box.x1 - p->box.x0 + 2 * pg->fs);
}

void draw_frame(const page *pg, const plot *p)
{
    cairo_t *cr = pg->cr;
    fig_layout_plot(pg, p->box);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_width(cr, 0.9);
    fig_set_rgb(cr, pg->th->faint);
    cairo_move_to(cr, p->box.x0, p->box.y0);
    cairo_line_to(cr, p->box.x0, p->box.y1);
    cairo_line_to(cr, p->box.x1, p->box.y1);
    cairo_stroke(cr);
}

void draw_plot_note(const page *pg, const plot *p, const char *text, int fit)
{
    PangoLayout *l = NULL;
    double w, h;
    for (double scale = 1.0;; scale -= 0.1) {
        l = fig_layout(pg, text, scale, 0);
        pango_layout_set_width(l, (int)(0.8 * (p->box.x1 - p->box.x0) * PANGO_SCALE));
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
        fig_text_size(l, &w, &h);
        if (!fit || h <= p->box.y1 - p->box.y0)
            break;
        if (scale < 0.65) { /* still too tall: cut */
            pango_layout_set_height(l, (int)((p->box.y1 - p->box.y0) * PANGO_SCALE));
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
            fig_text_size(l, &w, &h);
            break;
        }
        g_object_unref(l);
    }
    fig_show_layout(pg, l, (p->box.x0 + p->box.x1 - w) / 2, (p->box.y0 + p->box.y1 - h) / 2, pg->th->faint,
                    pg->th->background);
    g_object_unref(l);
}
