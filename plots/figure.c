/*
** figure.c — the teaching figures, drawn with cairo and pango.
**
** Every figure is a page of width_px x height_px at dpi, laid out in points
** (1/72 inch) so the PNG, SVG and PDF of a figure have the same geometry and
** the same text sizes; a PNG is the page scaled by dpi / 72.  The geometry
** (scales, ticks, where a label may go) comes from chart.c; this file turns
** it into cairo paths and pango text.
**
** A page is a title block (figure title, scenario title), one or more
** panels, and a caption line.  A panel reserves room for its tick labels and
** axis titles, then draws in its plot box: background bands, reference
** lines, curves, injection markers, and finally the direct labels, placed so
** that they touch no curve and no other label.  Labels that find no room go
** into a small legend.
**
** Determinism: no clocks, no random numbers; fonts are hinted neither in
** shape nor metrics, so text is laid out identically in every format.
*/
#include "healsim/figure.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "chart.h"
#include "healsim/model.h"
#include "png_write.h"

/* ---- data -------------------------------------------------------------- */

void healsim_figure_data_init(healsim_figure_data *data, const double *rows, size_t n_rows,
                              double soreness_threshold)
{
    memset(data, 0, sizeof *data);
    data->rows = rows;
    data->n_rows = n_rows;
    data->soreness_threshold = soreness_threshold;
    data->title = data->caption = "";
    for (size_t i = 1; i < n_rows; i++) {
        if (rows[i * HEALSIM_N_COLUMNS] == rows[(i - 1) * HEALSIM_N_COLUMNS]
            && data->n_injections < HEALSIM_MAX_FIGURE_INJECTIONS)
            data->injection_days[data->n_injections++] = rows[i * HEALSIM_N_COLUMNS];
    }
}

void healsim_figure_style_from_params(healsim_figure_style *style, const healsim_params *p)
{
    style->width_px = (double)p->width_px;
    style->height_px = (double)p->height_px;
    style->dpi = p->dpi;
    style->theme = p->theme;
    style->font = p->font;
    style->font_size_pt = p->font_size_pt;
    for (int i = 0; i < HEALSIM_N_TEXTS; i++)
        style->text[i] = p->text[i];
}

static const char *const figure_names[HEALSIM_N_FIGURES] = {
    "phases", "phases-log", "cells", "outcome", "overview", "handout"
};

const char *healsim_figure_name(healsim_figure figure)
{
    return (unsigned)figure < HEALSIM_N_FIGURES ? figure_names[figure] : NULL;
}

/* ---- colours ----------------------------------------------------------- */

typedef struct rgb {
    double r, g, b;
} rgb;

#define HEX(v) { ((v) >> 16 & 255) / 255.0, ((v) >> 8 & 255) / 255.0, ((v) & 255) / 255.0 }

/* Okabe & Ito (2008), "Color Universal Design": distinguishable with every
** common colour-vision deficiency. */
static const rgb oi_orange = HEX(0xE69F00), oi_sky = HEX(0x56B4E9), oi_green = HEX(0x009E73),
                 oi_yellow = HEX(0xF0E442), oi_vermillion = HEX(0xD55E00),
                 oi_purple = HEX(0xCC79A7);

typedef struct theme {
    rgb background, ink, faint, grid, band_ink;
    rgb blue; /* the Okabe-Ito blue, lightened on dark backgrounds */
    double band_alpha;
} theme;

static const theme themes[] = {
    [HEALSIM_THEME_LIGHT] = { HEX(0xFFFFFF), HEX(0x1A1A1A), HEX(0x6B6B6B), HEX(0xE3E3E3),
                              HEX(0x000000), HEX(0x0072B2), 0.13 },
    [HEALSIM_THEME_DARK] = { HEX(0x15171C), HEX(0xECECEC), HEX(0xA8A8A8), HEX(0x33363D),
                             HEX(0xFFFFFF), HEX(0x3FA4E8), 0.20 },
};

/* A curve: its column, colour, dash pattern and name. */
typedef struct series {
    int column;
    int colour; /* index into the per-theme colour list below */
    int dash;   /* index into dashes */
    healsim_text name;
} series;

enum { C_VERMILLION, C_ORANGE, C_SKY, C_GREEN, C_YELLOW, C_BLUE, C_PURPLE, C_INK };

static rgb colour(const theme *th, int c)
{
    switch (c) {
    case C_VERMILLION: return oi_vermillion;
    case C_ORANGE: return oi_orange;
    case C_SKY: return oi_sky;
    case C_GREEN: return oi_green;
    case C_YELLOW: return oi_yellow;
    case C_BLUE: return th->blue;
    case C_PURPLE: return oi_purple;
    default: return th->ink;
    }
}

/* Dash patterns in units of the line width: solid, dashed, dotted,
** dash-dot, long dash, dash-dot-dot, short dash. */
static const double dash_patterns[][6] = {
    { 0 }, { 6, 3 }, { 1, 2.2 }, { 7, 2.5, 1, 2.5 }, { 12, 3 }, { 7, 2.5, 1, 2.5, 1, 2.5 }, { 3, 2.5 },
};
static const int dash_lengths[] = { 0, 2, 2, 4, 2, 6, 2 };

static const series phase_series[HEALSIM_N_PHASES] = {
    { HEALSIM_COL_HEMOSTASIS, C_VERMILLION, 0, HEALSIM_TEXT_HEMOSTASIS },
    { HEALSIM_COL_INFLAMMATION, C_ORANGE, 1, HEALSIM_TEXT_INFLAMMATION },
    { HEALSIM_COL_REPAIR, C_GREEN, 3, HEALSIM_TEXT_REPAIR },
    { HEALSIM_COL_REMODELING, C_BLUE, 2, HEALSIM_TEXT_REMODELING },
};

#define N_CELLS 7
static const series cell_series[N_CELLS] = {
    { HEALSIM_COL_STATE(HEALSIM_PLATELETS), C_VERMILLION, 0, HEALSIM_TEXT_PLATELETS },
    { HEALSIM_COL_STATE(HEALSIM_NEUTROPHILS), C_ORANGE, 1, HEALSIM_TEXT_NEUTROPHILS },
    { HEALSIM_COL_MACROPHAGES, C_PURPLE, 3, HEALSIM_TEXT_MACROPHAGES },
    { HEALSIM_COL_STATE(HEALSIM_TGF_BETA), C_SKY, 2, HEALSIM_TEXT_TGF_BETA },
    { HEALSIM_COL_STATE(HEALSIM_FIBROBLASTS), C_GREEN, 4, HEALSIM_TEXT_FIBROBLASTS },
    { HEALSIM_COL_STATE(HEALSIM_COLLAGEN_III), C_INK, 5, HEALSIM_TEXT_COLLAGEN_III },
    { HEALSIM_COL_STATE(HEALSIM_COLLAGEN_I), C_BLUE, 6, HEALSIM_TEXT_COLLAGEN_I },
};

static const series strength_series = { HEALSIM_COL_STATE(HEALSIM_STRENGTH), C_BLUE, 0,
                                        HEALSIM_TEXT_STRENGTH };
static const series soreness_series = { HEALSIM_COL_SORENESS, C_VERMILLION, 0, HEALSIM_TEXT_SORENESS };

/* ---- drawing context --------------------------------------------------- */

typedef struct page {
    cairo_t *cr;
    PangoContext *pango;
    PangoFontDescription *font;
    const healsim_figure_style *style;
    const healsim_figure_data *data;
    const theme *th;
    double w, h;  /* page size, points */
    double fs;    /* body font size, points */
    double line;  /* curve line width, points */
} page;

static void set_rgb(cairo_t *cr, rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void set_rgba(cairo_t *cr, rgb c, double a)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, a);
}

static const char *word(const page *pg, healsim_text t)
{
    return pg->style->text[t] ? pg->style->text[t] : "";
}

/* A layout of text at scale x the body size.  Text that is valid pango
** markup (it may use <sub>, <sup>, <i>) is drawn as markup, other text as
** it is.  The caller frees it with g_object_unref. */
static PangoLayout *layout(const page *pg, const char *text, double scale, int bold)
{
    PangoLayout *l = pango_layout_new(pg->pango);
    PangoFontDescription *fd = pango_font_description_copy_static(pg->font);
    pango_font_description_set_size(fd, (gint)lround(pg->fs * scale * PANGO_SCALE)); /* points; the context is at 72 dpi */
    if (bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (strchr(text, '<') && pango_parse_markup(text, -1, 0, NULL, NULL, NULL, NULL)) {
        /* <sup> and <sub> as plain size and rise: pango 1.50 sizes them from
        ** the font's OS/2 script metrics, which comes out far too large with
        ** DejaVu; this gives the same result on every pango */
        char rise_up[96], rise_down[96];
        snprintf(rise_up, sizeof rise_up, "<span size=\"smaller\" rise=\"%ld\">",
                 lround(0.4 * pg->fs * scale * PANGO_SCALE));
        snprintf(rise_down, sizeof rise_down, "<span size=\"smaller\" rise=\"%ld\">",
                 -lround(0.15 * pg->fs * scale * PANGO_SCALE));
        GString *m = g_string_new(text);
        g_string_replace(m, "<sup>", rise_up, 0);
        g_string_replace(m, "<sub>", rise_down, 0);
        g_string_replace(m, "</sup>", "</span>", 0);
        g_string_replace(m, "</sub>", "</span>", 0);
        pango_layout_set_markup(l, m->str, -1);
        g_string_free(m, TRUE);
    } else {
        pango_layout_set_text(l, text, -1);
    }
    return l;
}

static void text_size(PangoLayout *l, double *w, double *h)
{
    int iw, ih;
    pango_layout_get_size(l, &iw, &ih);
    *w = (double)iw / PANGO_SCALE;
    *h = (double)ih / PANGO_SCALE;
}

/* Draw text with its box's point (ax, ay) at (x, y); ax, ay in 0..1 (0 =
** left/top, 0.5 = centre).  Returns the box drawn. */
static chart_box draw_text(const page *pg, const char *text, double scale, int bold, rgb c,
                           double x, double y, double ax, double ay)
{
    PangoLayout *l = layout(pg, text, scale, bold);
    double w, h;
    text_size(l, &w, &h);
    chart_box b = { x - ax * w, y - ay * h, x - ax * w + w, y - ay * h + h };
    set_rgb(pg->cr, c);
    cairo_move_to(pg->cr, b.x0, b.y0);
    pango_cairo_show_layout(pg->cr, l);
    g_object_unref(l);
    return b;
}

static void measure(const page *pg, const char *text, double scale, int bold, double *w, double *h)
{
    PangoLayout *l = layout(pg, text, scale, bold);
    text_size(l, w, h);
    g_object_unref(l);
}

/* Text turned a quarter left (a y-axis title), centred on (x, y), cut
** with an ellipsis beyond length. */
static void draw_text_vertical(const page *pg, const char *text, double scale, rgb c, double x,
                               double y, double length)
{
    PangoLayout *l = layout(pg, text, scale, 0);
    pango_layout_set_width(l, (int)(length * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    double w, h;
    text_size(l, &w, &h);
    cairo_save(pg->cr);
    cairo_translate(pg->cr, x, y);
    cairo_rotate(pg->cr, -M_PI / 2);
    cairo_move_to(pg->cr, -w / 2, -h / 2);
    set_rgb(pg->cr, c);
    pango_cairo_update_layout(pg->cr, l);
    pango_cairo_show_layout(pg->cr, l);
    cairo_restore(pg->cr);
    g_object_unref(l);
}

static void set_dash(cairo_t *cr, int dash, double width)
{
    double d[6];
    for (int i = 0; i < dash_lengths[dash]; i++)
        d[i] = dash_patterns[dash][i] * width;
    cairo_set_dash(cr, d, dash_lengths[dash], 0);
}

/* ---- axes -------------------------------------------------------------- */

typedef enum { TIME_LINEAR, TIME_LOG } time_kind;

/* A panel's plot box and its scales. */
typedef struct plot {
    chart_box box;
    chart_scale x, y;
    time_kind time;
    int time_title; /* draw the time axis title */
    double t0, t1; /* time domain, days */
} plot;

static double row_value(const healsim_figure_data *d, size_t i, int column)
{
    return d->rows[i * HEALSIM_N_COLUMNS + column];
}

static double span_days(const healsim_figure_data *d)
{
    return d->n_rows ? row_value(d, d->n_rows - 1, HEALSIM_COL_TIME) : 1.0;
}

/* The earliest time shown on a log axis: one hour. */
#define LOG_T0 (1.0 / 24.0)

static double marker_radius(const page *pg)
{
    return 0.62 * pg->fs;
}

/* From the y axis line to its tick labels: clear of an injection marker
** sitting on the corner. */
static double tick_gap(const page *pg)
{
    return 0.25 * pg->fs + marker_radius(pg);
}

/* Margins a panel needs around its plot box for tick labels and titles. */
static void axis_margins(const page *pg, int time_title, double *left, double *bottom)
{
    double w, h;
    measure(pg, "100", 0.9, 0, &w, &h);
    *left = w + tick_gap(pg) + 1.2 * h + 0.5 * pg->fs;
    *bottom = 0.55 * pg->fs + h + (time_title ? 0.35 * pg->fs + 1.2 * h : 0);
}


/* Lay out a plot in panel rect r with a time x axis and y domain [ylo, yhi]. */
static plot make_plot(const page *pg, chart_box r, time_kind time, double ylo, double yhi,
                      double top_extra, int time_title)
{
    double left, bottom;
    axis_margins(pg, time_title, &left, &bottom);
    plot p;
    p.time = time;
    p.time_title = time_title;
    p.box.x0 = r.x0 + left;
    p.box.x1 = r.x1 - 0.8 * pg->fs;
    p.box.y0 = r.y0 + 0.4 * pg->fs + top_extra;
    p.box.y1 = r.y1 - bottom - marker_radius(pg) * 0.6;
    p.t1 = span_days(pg->data);
    p.t0 = time == TIME_LOG ? LOG_T0 : 0.0;
    if (time == TIME_LOG && p.t1 <= p.t0 * 10)
        p.t1 = p.t0 * 10;
    p.x = (chart_scale){ p.t0, p.t1, p.box.x0, p.box.x1, time == TIME_LOG };
    p.y = (chart_scale){ ylo, yhi, p.box.y1, p.box.y0, 0 };
    return p;
}

static double px(const plot *p, double t)
{
    return chart_scale_map(&p->x, t);
}

static double py(const plot *p, double v)
{
    return chart_scale_map(&p->y, v);
}

static void format_tick(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%g", fabs(v) < 1e-12 ? 0.0 : v);
}

/* Y axis: ticks, light grid lines, labels and the rotated title. */
static void draw_y_axis(const page *pg, const plot *p, double lo, double hi, size_t max_ticks,
                        const char *title)
{
    cairo_t *cr = pg->cr;
    double ticks[CHART_MAX_TICKS];
    size_t n = chart_ticks(lo, hi, max_ticks, ticks, NULL);
    cairo_set_line_width(cr, 0.5);
    cairo_set_dash(cr, NULL, 0, 0);
    double label_w = 0;
    for (size_t i = 0; i < n; i++) {
        double y = py(p, ticks[i]);
        set_rgb(cr, pg->th->grid);
        cairo_move_to(cr, p->box.x0, y);
        cairo_line_to(cr, p->box.x1, y);
        cairo_stroke(cr);
        char buf[32];
        format_tick(ticks[i], buf, sizeof buf);
        chart_box b = draw_text(pg, buf, 0.9, 0, pg->th->faint, p->box.x0 - tick_gap(pg), y, 1, 0.5);
        label_w = fmax(label_w, b.x1 - b.x0);
    }
    double tw, th;
    measure(pg, title, 1.0, 0, &tw, &th);
    double fit = fmin(1.0, (p->box.y1 - p->box.y0) / tw); /* a long title on a short axis */
    draw_text_vertical(pg, title, fmax(fit, 0.6), pg->th->ink,
                       p->box.x0 - tick_gap(pg) - label_w - 0.3 * pg->fs - th / 2,
                       (p->box.y0 + p->box.y1) / 2, (p->box.y1 - p->box.y0));
}

/* The time axis under the plot: ticks, labels, title.  Injection markers sit
** on the axis line, so tick labels start below them. */
static void draw_time_axis(const page *pg, const plot *p)
{
    cairo_t *cr = pg->cr;
    const double y = p->box.y1;
    const double label_y = y + marker_radius(pg) + 0.2 * pg->fs;
    double ticks[CHART_MAX_TICKS];
    char labels[CHART_MAX_TICKS][32];
    size_t n;
    char title[2 * HEALSIM_MAX_TEXT + 8];
    double width = p->box.x1 - p->box.x0;
    double lw, lh;
    measure(pg, "00 wk", 0.9, 0, &lw, &lh);
    size_t max_ticks = (size_t)fmax(2, floor(width / (2.2 * lw)));
    if (p->time == TIME_LOG) {
        const char *names[CHART_MAX_TICKS];
        n = chart_log_time_ticks(p->t0, p->t1, max_ticks, ticks, names);
        for (size_t i = 0; i < n; i++)
            snprintf(labels[i], sizeof labels[i], "%s", names[i]);
        snprintf(title, sizeof title, "%s", word(pg, HEALSIM_TEXT_AXIS_LOG_TIME));
    } else {
        chart_time_axis axis;
        chart_time_axis_make(p->t1, max_ticks, &axis);
        n = axis.n;
        for (size_t i = 0; i < n; i++) {
            ticks[i] = axis.ticks_days[i];
            format_tick(axis.values[i], labels[i], sizeof labels[i]);
        }
        healsim_text unit = axis.unit == CHART_DAYS    ? HEALSIM_TEXT_DAYS
                            : axis.unit == CHART_WEEKS ? HEALSIM_TEXT_WEEKS
                                                       : HEALSIM_TEXT_MONTHS;
        snprintf(title, sizeof title, "%s (%s)", word(pg, HEALSIM_TEXT_AXIS_TIME), word(pg, unit));
    }
    cairo_set_dash(cr, NULL, 0, 0);
    for (size_t i = 0; i < n; i++) {
        double x = px(p, ticks[i]);
        set_rgb(cr, pg->th->grid);
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, x, p->box.y0);
        cairo_line_to(cr, x, y);
        cairo_stroke(cr);
        /* the last label may not run off the page: it ends at the tick instead */
        double tw, th;
        measure(pg, labels[i], 0.9, 0, &tw, &th);
        double ax = x + tw / 2 > pg->w - 0.2 * pg->fs ? 1.0 : 0.5;
        draw_text(pg, labels[i], 0.9, 0, pg->th->faint, x, label_y, ax, 0);
    }
    if (p->time_title)
        draw_text(pg, title, 1.0, 0, pg->th->ink, (p->box.x0 + p->box.x1) / 2,
                  label_y + lh + 0.25 * pg->fs, 0.5, 0);
}

static void draw_frame(const page *pg, const plot *p)
{
    cairo_t *cr = pg->cr;
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_width(cr, 0.9);
    set_rgb(cr, pg->th->faint);
    cairo_move_to(cr, p->box.x0, p->box.y0);
    cairo_line_to(cr, p->box.x0, p->box.y1);
    cairo_line_to(cr, p->box.x1, p->box.y1);
    cairo_stroke(cr);
}

/* ---- curves ------------------------------------------------------------ */

/* Page points of a column scaled by factor, over the rows the plot shows.
** Returns the count; xs and ys have room for n_rows. */
static size_t curve_points(const page *pg, const plot *p, int column, double factor, double *xs,
                           double *ys)
{
    const healsim_figure_data *d = pg->data;
    size_t n = 0;
    for (size_t i = 0; i < d->n_rows; i++) {
        double t = row_value(d, i, HEALSIM_COL_TIME);
        if (t < p->t0 || t > p->t1)
            continue;
        xs[n] = px(p, t);
        ys[n] = py(p, row_value(d, i, column) * factor);
        n++;
    }
    /* a twentieth of a point (a seventh of a pixel at 200 dpi) is below
    ** what any output shows */
    return chart_simplify(xs, ys, n, 0.05);
}

static double column_peak(const healsim_figure_data *d, int column)
{
    double peak = 0;
    for (size_t i = 0; i < d->n_rows; i++)
        peak = fmax(peak, row_value(d, i, column));
    return peak;
}

static void stroke_curve(const page *pg, const double *xs, const double *ys, size_t n, rgb c,
                         int dash, double width)
{
    cairo_t *cr = pg->cr;
    if (n == 0)
        return;
    cairo_new_path(cr);
    cairo_move_to(cr, xs[0], ys[0]);
    for (size_t i = 1; i < n; i++)
        cairo_line_to(cr, xs[i], ys[i]);
    set_rgb(cr, c);
    cairo_set_line_width(cr, width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, dash == 2 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
    set_dash(cr, dash, width);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

/* The curves of one plot as page geometry: points, envelopes, where each
** peaks.  Built before anything is drawn, so the labels can be placed —
** and the plot narrowed for a legend — first. */
#define MAX_CURVES 8
typedef struct curve_set {
    size_t n;
    const series *s[MAX_CURVES];
    double factor[MAX_CURVES];
    double *xs[MAX_CURVES], *ys[MAX_CURVES];
    size_t n_points[MAX_CURVES];
    chart_envelope *env[MAX_CURVES];
    double peak_x[MAX_CURVES];
} curve_set;

static void curve_set_clear(curve_set *cs)
{
    for (size_t i = 0; i < cs->n; i++) {
        chart_envelope_free(cs->env[i]);
        free(cs->xs[i]);
        free(cs->ys[i]);
        cs->env[i] = NULL;
        cs->xs[i] = cs->ys[i] = NULL;
    }
}

/* (Re)compute the geometry of every curve of cs in plot p.  Returns 0, or
** -1 when out of memory. */
static int curve_set_build(const page *pg, const plot *p, curve_set *cs)
{
    curve_set_clear(cs);
    const size_t rows = pg->data->n_rows;
    for (size_t k = 0; k < cs->n; k++) {
        double *xs = cs->xs[k] = malloc(rows * sizeof *xs);
        double *ys = cs->ys[k] = malloc(rows * sizeof *ys);
        if (!xs || !ys)
            return -1;
        size_t n = cs->n_points[k] = curve_points(pg, p, cs->s[k]->column, cs->factor[k], xs, ys);
        chart_envelope *e = cs->env[k] = chart_envelope_alloc(xs, ys, n, p->box.x0, p->box.x1, 1.0);
        if (!e)
            return -1;
        /* a stroked line is wider than its centre line */
        for (size_t c = 0; c < e->n; c++) {
            e->lo[c] -= pg->line;
            e->hi[c] += pg->line;
        }
        /* the first time it comes within 2 % of its highest point: with
        ** repeated injections, the first cycle's peak */
        double top = INFINITY;
        for (size_t i = 0; i < n; i++)
            top = fmin(top, ys[i]);
        const double near = 0.02 * (p->box.y1 - p->box.y0);
        size_t best = 0;
        while (best + 1 < n && ys[best] > top + near)
            best++;
        cs->peak_x[k] = n ? xs[best] : p->box.x0;
    }
    return 0;
}

static void curve_set_add(curve_set *cs, const series *s, double factor)
{
    cs->s[cs->n] = s;
    cs->factor[cs->n] = factor;
    cs->xs[cs->n] = cs->ys[cs->n] = NULL;
    cs->env[cs->n] = NULL;
    cs->n++;
}

static void curve_set_draw(const page *pg, const curve_set *cs)
{
    for (size_t k = 0; k < cs->n; k++)
        stroke_curve(pg, cs->xs[k], cs->ys[k], cs->n_points[k], colour(pg->th, cs->s[k]->colour),
                     cs->s[k]->dash, pg->line);
}

/* The direct labels of a curve set and, for the names that found no room
** beside their curve, a legend. */
typedef struct curve_labels {
    chart_label label[MAX_CURVES];
    size_t missing;           /* labels that go into the legend */
    double legend_w, legend_h; /* its size */
    double legend_x, legend_y; /* its top left corner */
} curve_labels;

static const double legend_sample = 3.0; /* line sample length, in body font sizes */

static double label_pad(const page *pg)
{
    return 0.5 * pg->fs;
}

/* Place the labels of cs in plot p away from obstacles; count what is left
** for a legend and how big that legend is. */
static void curve_labels_place(const page *pg, const plot *p, const curve_set *cs, curve_labels *cl,
                               const chart_box *obstacles, size_t n_obstacles)
{
    cl->missing = 0;
    cl->legend_w = cl->legend_h = 0;
    for (size_t i = 0; i < cs->n; i++) {
        chart_label *l = &cl->label[i];
        measure(pg, word(pg, cs->s[i]->name), 1.0, 1, &l->w, &l->h);
        l->w += label_pad(pg); /* names side by side keep a space between them */
        l->curve = (int)i;
        l->want_x = cs->peak_x[i];
        l->want_y = 0;
        l->max_offset = 0.3 * (p->box.x1 - p->box.x0); /* farther off, it names nothing */
    }
    chart_labels_place(cl->label, cs->n, p->box, (chart_envelope *const *)cs->env, cs->n, obstacles,
                       n_obstacles);
    const double pad = 0.4 * pg->fs;
    for (size_t i = 0; i < cs->n; i++) {
        if (cl->label[i].placed)
            continue;
        cl->missing++;
        cl->legend_w = fmax(cl->legend_w, cl->label[i].w + legend_sample * pg->fs + 3 * pad);
        cl->legend_h += cl->label[i].h;
    }
    cl->legend_h += 2 * pad;
}

/* Draw the placed labels, and the legend where the layout put it. */
static void curve_labels_draw(const page *pg, const curve_set *cs, const curve_labels *cl)
{
    double x = cl->legend_x, y = cl->legend_y;
    for (size_t i = 0; i < cs->n; i++)
        if (cl->label[i].placed)
            draw_text(pg, word(pg, cs->s[i]->name), 1.0, 1, colour(pg->th, cs->s[i]->colour),
                      cl->label[i].box.x0 + label_pad(pg) / 2, cl->label[i].box.y0, 0, 0);
    if (!cl->missing)
        return;
    const double pad = 0.4 * pg->fs;
    /* a ground under the legend, for when it has to sit over curves */
    cairo_rectangle(pg->cr, x, y, cl->legend_w, cl->legend_h);
    set_rgba(pg->cr, pg->th->background, 0.88);
    cairo_fill(pg->cr);
    y += pad;
    for (size_t i = 0; i < cs->n; i++) {
        if (cl->label[i].placed)
            continue;
        double mid = y + cl->label[i].h / 2;
        double xs[2] = { x + pad, x + pad + legend_sample * pg->fs }, ys[2] = { mid, mid };
        stroke_curve(pg, xs, ys, 2, colour(pg->th, cs->s[i]->colour), cs->s[i]->dash, pg->line);
        draw_text(pg, word(pg, cs->s[i]->name), 1.0, 1, colour(pg->th, cs->s[i]->colour), xs[1] + pad, y,
                  0, 0);
        y += cl->label[i].h;
    }
}

/* Lay out the curves of cs in p: build and place the labels.  Names that
** do not fit go into a legend: along the top of the plot where it is clear
** of curves and labels, or else beside the plot, which is narrowed for it
** and laid out again.  Returns 0 or -1 when out of memory. */
static int curve_set_layout(const page *pg, plot *p, curve_set *cs, curve_labels *cl,
                            const chart_box *obstacles, size_t n_obstacles)
{
    if (curve_set_build(pg, p, cs))
        return -1;
    curve_labels_place(pg, p, cs, cl, obstacles, n_obstacles);
    if (!cl->missing)
        return 0;
    chart_box clear[MAX_CURVES + 8];
    size_t n_clear = 0;
    for (size_t i = 0; i < n_obstacles && n_clear < 8; i++)
        clear[n_clear++] = obstacles[i];
    for (size_t i = 0; i < cs->n; i++)
        if (cl->label[i].placed)
            clear[n_clear++] = cl->label[i].box;
    const double gap = 0.25 * cl->legend_h; /* the placer's gap above a free label's anchor */
    chart_label legend = { cl->legend_w, cl->legend_h, -1, p->box.x1 - cl->legend_w / 2,
                           p->box.y0 + 0.2 * pg->fs + cl->legend_h + gap, 0, 0, { 0, 0, 0, 0 } };
    chart_labels_place(&legend, 1, p->box, (chart_envelope *const *)cs->env, cs->n, clear, n_clear);
    if (legend.placed) {
        cl->legend_x = legend.box.x0;
        cl->legend_y = legend.box.y0;
        return 0;
    }
    double legend_w = cl->legend_w;
    if (legend_w + 0.5 * pg->fs > 0.4 * (p->box.x1 - p->box.x0)) {
        /* too narrow to give up room: every name goes into one legend over
        ** the plot's top right corner, so no name sits under it */
        const double pad = 0.4 * pg->fs;
        cl->missing = cs->n;
        cl->legend_w = cl->legend_h = 0;
        for (size_t i = 0; i < cs->n; i++) {
            cl->label[i].placed = 0;
            cl->legend_w = fmax(cl->legend_w, cl->label[i].w + legend_sample * pg->fs + 3 * pad);
            cl->legend_h += cl->label[i].h;
        }
        cl->legend_h += 2 * pad;
        cl->legend_x = p->box.x1 - cl->legend_w;
        cl->legend_y = p->box.y0;
        return 0;
    }
    p->box.x1 -= legend_w + 0.5 * pg->fs;
    p->x.r1 = p->box.x1;
    if (curve_set_build(pg, p, cs))
        return -1;
    curve_labels_place(pg, p, cs, cl, obstacles, n_obstacles);
    cl->legend_w = legend_w;
    cl->legend_x = p->box.x1 + 0.5 * pg->fs;
    cl->legend_y = p->box.y0;
    return 0;
}

/* ---- injections and soreness ------------------------------------------- */

/* Faint vertical lines at the injections, behind the curves. */
static void draw_injection_lines(const page *pg, const plot *p)
{
    cairo_t *cr = pg->cr;
    const double d[2] = { 2, 2 };
    cairo_set_dash(cr, d, 2, 0);
    cairo_set_line_width(cr, 0.7);
    set_rgb(cr, pg->th->faint);
    for (size_t i = 0; i < pg->data->n_injections; i++) {
        double t = pg->data->injection_days[i];
        if (t < p->t0 || t > p->t1)
            continue;
        cairo_move_to(cr, px(p, t), p->box.y0);
        cairo_line_to(cr, px(p, t), p->box.y1);
        cairo_stroke(cr);
    }
    cairo_set_dash(cr, NULL, 0, 0);
}

/* Numbered circles on the time axis, one per injection.  When they are too
** close for numbers, small triangles.  An injection at time 0 on a log axis
** sits at the axis start. */
static void draw_injection_markers(const page *pg, const plot *p)
{
    cairo_t *cr = pg->cr;
    const healsim_figure_data *d = pg->data;
    const double r = marker_radius(pg);
    double min_gap = INFINITY;
    for (size_t i = 1; i < d->n_injections; i++)
        min_gap = fmin(min_gap, px(p, d->injection_days[i]) - px(p, d->injection_days[i - 1]));
    const int numbered = min_gap >= 2.1 * r;
    for (size_t i = 0; i < d->n_injections; i++) {
        double t = d->injection_days[i];
        if (t > p->t1)
            continue;
        double x = px(p, fmax(t, p->t0)), y = p->box.y1;
        if (numbered) {
            cairo_new_path(cr);
            cairo_arc(cr, x, y, r, 0, 2 * M_PI);
            set_rgb(cr, pg->th->ink);
            cairo_fill(cr);
            char num[16];
            snprintf(num, sizeof num, "%zu", i + 1);
            draw_text(pg, num, 0.8, 1, pg->th->background, x, y, 0.5, 0.5);
        } else {
            cairo_new_path(cr);
            cairo_move_to(cr, x, y - 0.2 * r);
            cairo_line_to(cr, x - 0.6 * r, y + 0.9 * r);
            cairo_line_to(cr, x + 0.6 * r, y + 0.9 * r);
            cairo_close_path(cr);
            set_rgb(cr, pg->th->ink);
            cairo_fill(cr);
        }
    }
}

/* Linear interpolation of the time where soreness crosses the threshold
** between rows a and b. */
static double crossing(const healsim_figure_data *d, size_t a, size_t b)
{
    double ta = row_value(d, a, HEALSIM_COL_TIME), tb = row_value(d, b, HEALSIM_COL_TIME);
    double sa = row_value(d, a, HEALSIM_COL_SORENESS), sb = row_value(d, b, HEALSIM_COL_SORENESS);
    return sb == sa ? tb : ta + (tb - ta) * (d->soreness_threshold - sa) / (sb - sa);
}

/* The time after injection i during which soreness is at or above the
** threshold, before the next injection: [*from, *to], with the crossings
** interpolated between rows.  0 if never. */
static int sore_window(const healsim_figure_data *d, size_t i, double *from, double *to)
{
    const double start = d->injection_days[i];
    const double end = i + 1 < d->n_injections ? d->injection_days[i + 1] : INFINITY;
    const double thr = d->soreness_threshold;
    int found = 0;
    *from = *to = start;
    size_t k = 0;
    while (k < d->n_rows && row_value(d, k, HEALSIM_COL_TIME) < start)
        k++;
    k++; /* skip the row before the injury */
    for (; k < d->n_rows && row_value(d, k, HEALSIM_COL_TIME) < end; k++) {
        int sore = row_value(d, k, HEALSIM_COL_SORENESS) >= thr;
        int before = row_value(d, k - 1, HEALSIM_COL_SORENESS) >= thr;
        if (sore && !found) {
            *from = before || row_value(d, k - 1, HEALSIM_COL_TIME) < start ? row_value(d, k, HEALSIM_COL_TIME)
                                                                             : crossing(d, k - 1, k);
            found = 1;
        }
        if (sore)
            *to = row_value(d, k, HEALSIM_COL_TIME);
        else if (before && found && row_value(d, k - 1, HEALSIM_COL_TIME) >= *from)
            *to = crossing(d, k - 1, k);
    }
    return found;
}

/* A strip above the plot: a bar for each injection's sore window with its
** length in days where there is room.  Returns the strip height used. */
static double sore_strip_height(const page *pg)
{
    return 1.5 * pg->fs;
}

static void draw_sore_strip(const page *pg, const plot *p)
{
    cairo_t *cr = pg->cr;
    const healsim_figure_data *d = pg->data;
    const double h = sore_strip_height(pg);
    const double y_bar = p->box.y0 - 0.5 * h;
    chart_box used[HEALSIM_MAX_FIGURE_INJECTIONS + 1];
    size_t n_used = 0;
    /* the name of the strip, right-aligned in the left margin */
    used[n_used++] = draw_text(pg, word(pg, HEALSIM_TEXT_SORE), 0.85, 1, oi_vermillion,
                               p->box.x0 - 0.35 * pg->fs, y_bar, 1, 0.5);
    for (size_t i = 0; i < d->n_injections; i++) {
        double from, to;
        if (!sore_window(d, i, &from, &to) || from > p->t1)
            continue;
        double x0 = px(p, fmax(from, p->t0)), x1 = px(p, fmin(to, p->t1));
        if (x1 - x0 < 1.5)
            x1 = x0 + 1.5;
        cairo_rectangle(cr, x0, y_bar - 0.18 * h, x1 - x0, 0.36 * h);
        set_rgb(cr, oi_vermillion);
        cairo_fill(cr);
        char text[32];
        snprintf(text, sizeof text, "%.1f d", to - d->injection_days[i]);
        double tw, th;
        measure(pg, text, 0.75, 0, &tw, &th);
        chart_box b = { x1 + 0.2 * pg->fs, y_bar - th / 2, x1 + 0.2 * pg->fs + tw, y_bar + th / 2 };
        int clear = b.x1 <= p->box.x1;
        for (size_t k = 0; clear && k < n_used; k++)
            clear = !chart_box_overlap(b, used[k]);
        if (i + 1 < d->n_injections && b.x1 > px(p, d->injection_days[i + 1]))
            clear = 0;
        if (clear)
            used[n_used++] = draw_text(pg, text, 0.75, 0, pg->th->faint, b.x0, b.y0, 0, 0);
    }
}

/* ---- panels ------------------------------------------------------------ */

/* Shaded bands behind the plot where each phase dominates, faded at their
** ends so a boundary reads as a transition, not an edge. */
static void draw_phase_bands(const page *pg, const plot *p)
{
    cairo_t *cr = pg->cr;
    const healsim_figure_data *d = pg->data;
    const double fade = 0.02 * (p->box.x1 - p->box.x0);
    size_t i = 0;
    while (i < d->n_rows) {
        double act[HEALSIM_N_PHASES];
        for (int k = 0; k < HEALSIM_N_PHASES; k++)
            act[k] = row_value(d, i, phase_series[k].column);
        healsim_phase ph = healsim_model_dominant_phase(act);
        size_t j = i + 1;
        while (j < d->n_rows) {
            for (int k = 0; k < HEALSIM_N_PHASES; k++)
                act[k] = row_value(d, j, phase_series[k].column);
            if (healsim_model_dominant_phase(act) != ph)
                break;
            j++;
        }
        /* the band runs from row i to the first row of the next band */
        double t0 = row_value(d, i, HEALSIM_COL_TIME);
        double t1 = row_value(d, j < d->n_rows ? j : d->n_rows - 1, HEALSIM_COL_TIME);
        i = j;
        if (ph == HEALSIM_PHASE_NONE || t1 <= p->t0 || t0 >= p->t1)
            continue;
        double x0 = px(p, fmax(t0, p->t0)), x1 = px(p, fmin(t1, p->t1));
        if (x1 - x0 < 0.5)
            continue;
        double f = fmin(fade, (x1 - x0) / 3) / (x1 - x0);
        cairo_pattern_t *g = cairo_pattern_create_linear(x0, 0, x1, 0);
        rgb c = colour(pg->th, phase_series[ph].colour);
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

/* Does the plot show a single injury cascade (no injections, or one)? */
static int single_injury(const page *pg)
{
    return pg->data->n_injections <= 1;
}

/* Did anything heal?  Not when the scenario injures nothing: every phase
** activity stays at zero. */
static int any_response(const healsim_figure_data *d)
{
    for (int k = 0; k < HEALSIM_N_PHASES; k++)
        if (column_peak(d, phase_series[k].column) >= 1e-3)
            return 1;
    return 0;
}

/* Axes with a sentence in place of curves. */
static int empty_panel(const page *pg, chart_box r, time_kind time, double yhi, healsim_text y_title)
{
    plot p = make_plot(pg, r, time, 0, yhi, 0, 1);
    draw_y_axis(pg, &p, 0, 100, 6, word(pg, y_title));
    draw_time_axis(pg, &p);
    draw_frame(pg, &p);
    PangoLayout *l = layout(pg, word(pg, HEALSIM_TEXT_NO_INJURY), 1.0, 0);
    pango_layout_set_width(l, (int)(0.8 * (p.box.x1 - p.box.x0) * PANGO_SCALE));
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    double w, h;
    text_size(l, &w, &h);
    set_rgb(pg->cr, pg->th->faint);
    cairo_move_to(pg->cr, (p.box.x0 + p.box.x1 - w) / 2, (p.box.y0 + p.box.y1 - h) / 2);
    pango_cairo_show_layout(pg->cr, l);
    g_object_unref(l);
    return 0;
}

/* A panel of curves over time: phase activities or cells.  The background
** (bands, axes) is drawn once the layout, legend included, is settled. */
static int curves_panel(const page *pg, chart_box r, time_kind time, curve_set *cs, double yhi,
                        healsim_text y_title, int phase_bands)
{
    if (!any_response(pg->data))
        return empty_panel(pg, r, time, yhi, y_title);
    const int strip = phase_bands && pg->data->n_injections > 0;
    plot p = make_plot(pg, r, time, 0, yhi, strip ? sore_strip_height(pg) : 0, 1);
    curve_labels cl;
    int rc = curve_set_layout(pg, &p, cs, &cl, NULL, 0);
    if (!rc) {
        if (phase_bands)
            draw_phase_bands(pg, &p);
        draw_y_axis(pg, &p, 0, 100, 6, word(pg, y_title));
        draw_time_axis(pg, &p);
        draw_injection_lines(pg, &p);
        curve_set_draw(pg, cs);
        draw_frame(pg, &p);
        draw_injection_markers(pg, &p);
        if (strip)
            draw_sore_strip(pg, &p);
        curve_labels_draw(pg, cs, &cl);
    }
    curve_set_clear(cs);
    return rc;
}

static int phases_panel(const page *pg, chart_box r, time_kind time)
{
    curve_set cs = { 0 };
    for (int k = 0; k < HEALSIM_N_PHASES; k++)
        curve_set_add(&cs, &phase_series[k], 100.0); /* activities 0-1 as % */
    return curves_panel(pg, r, time, &cs, 122, HEALSIM_TEXT_AXIS_ACTIVITY, 1); /* room for names */
}

static int cells_panel(const page *pg, chart_box r)
{
    curve_set cs = { 0 };
    for (int k = 0; k < N_CELLS; k++) {
        double peak = column_peak(pg->data, cell_series[k].column);
        curve_set_add(&cs, &cell_series[k], peak > 0 ? 100.0 / peak : 0.0);
    }
    /* one injury: the cascade reads best on a log axis */
    return curves_panel(pg, r, single_injury(pg) ? TIME_LOG : TIME_LINEAR, &cs, 122,
                        HEALSIM_TEXT_AXIS_PCT_PEAK, 0);
}

/* A dashed horizontal reference line with a label at its right end. */
static chart_box reference_line(const page *pg, const plot *p, double v, const char *text)
{
    cairo_t *cr = pg->cr;
    const double d[2] = { 5, 3 };
    double y = py(p, v);
    cairo_set_dash(cr, d, 2, 0);
    cairo_set_line_width(cr, 1.0);
    set_rgb(cr, pg->th->faint);
    cairo_move_to(cr, p->box.x0, y);
    cairo_line_to(cr, p->box.x1, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    return draw_text(pg, text, 0.85, 0, pg->th->faint, p->box.x1 - 0.3 * pg->fs, y - 0.15 * pg->fs, 1, 1);
}

/* Strength of each session, read off the rows: before the session, and
** just before the next one (or at the end). */
static void session_gain(const healsim_figure_data *d, size_t i, double *t0, double *t1, double *gain)
{
    const int col = strength_series.column;
    *t0 = d->injection_days[i];
    *t1 = i + 1 < d->n_injections ? d->injection_days[i + 1] : span_days(d);
    double s0 = NAN, s1 = NAN;
    for (size_t k = 0; k < d->n_rows; k++) {
        double t = row_value(d, k, HEALSIM_COL_TIME);
        if (isnan(s0) && t >= *t0)
            s0 = row_value(d, k, col);
        if (t <= *t1)
            s1 = row_value(d, k, col);
        if (t == *t1 && i + 1 < d->n_injections)
            break; /* the row just before the next injury */
    }
    *gain = s1 - s0;
}

static int strength_plot(const page *pg, chart_box r, int time_title)
{
    const healsim_figure_data *d = pg->data;
    double lo = 100;
    for (size_t i = 0; i < d->n_rows; i++)
        lo = fmin(lo, row_value(d, i, strength_series.column));
    lo = fmax(0, floor((fmin(lo, 70) - 5) / 10) * 10);
    plot p = make_plot(pg, r, TIME_LINEAR, lo, 106, 0, time_title);
    curve_set cs = { 0 };
    curve_set_add(&cs, &strength_series, 1.0);
    if (curve_set_build(pg, &p, &cs)) {
        curve_set_clear(&cs);
        return -1;
    }
    draw_y_axis(pg, &p, lo, 100, 6, word(pg, HEALSIM_TEXT_AXIS_STRENGTH));
    draw_time_axis(pg, &p);
    cairo_t *cr = pg->cr;
    /* the scar plateau band */
    cairo_rectangle(cr, p.box.x0, py(&p, 80), p.box.x1 - p.box.x0, py(&p, 70) - py(&p, 80));
    set_rgba(cr, pg->th->band_ink, 0.07);
    cairo_fill(cr);
    draw_injection_lines(pg, &p);
    curve_set_draw(pg, &cs);
    chart_box obstacles[2];
    size_t n_obstacles = 0;
    obstacles[n_obstacles++] = reference_line(pg, &p, 100, word(pg, HEALSIM_TEXT_HEALTHY));
    /* the band's name: inside the band where the curve leaves room, else
    ** just above or below it */
    chart_label band = { 0 };
    measure(pg, word(pg, HEALSIM_TEXT_SCAR), 0.85, 0, &band.w, &band.h);
    band.curve = -1;
    band.want_x = p.box.x1 - band.w / 2 - 0.3 * pg->fs;
    band.want_y = py(&p, 75) + band.h / 2 + 0.25 * band.h; /* centred in the band when above */
    chart_labels_place(&band, 1, p.box, cs.env, 1, obstacles, n_obstacles);
    if (band.placed)
        obstacles[n_obstacles++] = draw_text(pg, word(pg, HEALSIM_TEXT_SCAR), 0.85, 0, pg->th->faint,
                                             band.box.x0, band.box.y0, 0, 0);
    draw_frame(pg, &p);
    draw_injection_markers(pg, &p);
    /* each session's net gain, written over its step; only near the step,
    ** since a number that wandered off would mislead */
    chart_label gains[HEALSIM_MAX_FIGURE_INJECTIONS];
    char texts[HEALSIM_MAX_FIGURE_INJECTIONS][24];
    size_t n = d->n_injections;
    for (size_t i = 0; i < n; i++) {
        double t0, t1, gain;
        session_gain(d, i, &t0, &t1, &gain);
        snprintf(texts[i], sizeof texts[i], "%+.1f", gain);
        memset(&gains[i], 0, sizeof gains[i]);
        measure(pg, texts[i], 0.8, 0, &gains[i].w, &gains[i].h);
        gains[i].curve = 0;
        gains[i].want_x = px(&p, t0 + fmin(t1 - t0, 21.0) * 0.5);
    }
    chart_labels_place(gains, n, p.box, cs.env, 1, obstacles, n_obstacles);
    for (size_t i = 0; i < n; i++) {
        double cx = (gains[i].box.x0 + gains[i].box.x1) / 2;
        double limit = i + 1 < n ? px(&p, d->injection_days[i + 1]) : p.box.x1;
        if (gains[i].placed && cx >= px(&p, d->injection_days[i]) && cx <= limit)
            draw_text(pg, texts[i], 0.8, 0, colour(pg->th, strength_series.colour), gains[i].box.x0,
                      gains[i].box.y0, 0, 0);
    }
    curve_labels cl;
    curve_labels_place(pg, &p, &cs, &cl, obstacles, n_obstacles);
    cl.legend_x = p.box.x1 - cl.legend_w; /* one name: if it has no room, the corner */
    cl.legend_y = p.box.y0;
    curve_labels_draw(pg, &cs, &cl);
    curve_set_clear(&cs);
    return 0;
}

static int soreness_plot(const page *pg, chart_box r)
{
    plot p = make_plot(pg, r, TIME_LINEAR, 0, 10.5, 0, 1);
    curve_set cs = { 0 };
    curve_set_add(&cs, &soreness_series, 1.0);
    if (curve_set_build(pg, &p, &cs)) {
        curve_set_clear(&cs);
        return -1;
    }
    draw_y_axis(pg, &p, 0, 10, 3, word(pg, HEALSIM_TEXT_AXIS_SORENESS));
    draw_time_axis(pg, &p);
    draw_injection_lines(pg, &p);
    cairo_t *cr = pg->cr;
    const double *xs = cs.xs[0], *ys = cs.ys[0];
    size_t n = cs.n_points[0];
    if (n) {
        cairo_new_path(cr);
        cairo_move_to(cr, xs[0], p.box.y1);
        for (size_t i = 0; i < n; i++)
            cairo_line_to(cr, xs[i], ys[i]);
        cairo_line_to(cr, xs[n - 1], p.box.y1);
        cairo_close_path(cr);
        set_rgba(cr, oi_vermillion, 0.25);
        cairo_fill(cr);
    }
    stroke_curve(pg, xs, ys, n, oi_vermillion, 0, pg->line * 0.8);
    char text[HEALSIM_MAX_TEXT + 32];
    snprintf(text, sizeof text, "%s ≥ %g", word(pg, HEALSIM_TEXT_SORE), pg->data->soreness_threshold);
    reference_line(pg, &p, pg->data->soreness_threshold, text);
    draw_frame(pg, &p);
    draw_injection_markers(pg, &p);
    curve_set_clear(&cs);
    return 0;
}

static int outcome_panel(const page *pg, chart_box r)
{
    /* one time axis title, under the soreness plot, serves both */
    double split = r.y0 + (r.y1 - r.y0) * 0.64;
    chart_box top = { r.x0, r.y0, r.x1, split }, bottom = { r.x0, split, r.x1, r.y1 };
    int rc = strength_plot(pg, top, 0);
    if (!rc)
        rc = soreness_plot(pg, bottom);
    return rc;
}

/* ---- pages ------------------------------------------------------------- */

/* Title block: figure title (bold), scenario title below it.  Returns the
** y where the content starts. */
static double title_block(const page *pg, const char *title, const char *subtitle)
{
    const double margin = 0.9 * pg->fs;
    double y = margin;
    if (title && title[0]) {
        /* a long title shrinks to the page width, down to body size, then is cut */
        double w, h;
        measure(pg, title, 1.35, 1, &w, &h);
        double room = pg->w - 2 * margin;
        PangoLayout *l = layout(pg, title, fmax(1.0, 1.35 * fmin(1.0, room / w)), 1);
        pango_layout_set_width(l, (int)(room * PANGO_SCALE));
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        text_size(l, &w, &h);
        set_rgb(pg->cr, pg->th->ink);
        cairo_move_to(pg->cr, margin, y);
        pango_cairo_show_layout(pg->cr, l);
        g_object_unref(l);
        y += h;
    }
    if (subtitle && subtitle[0]) {
        chart_box b = draw_text(pg, subtitle, 0.95, 0, pg->th->faint, margin, y + 0.1 * pg->fs, 0, 0);
        y = b.y1;
    }
    return y + 0.4 * pg->fs;
}

/* Caption line at the foot of the page; returns the y where it starts. */
static double caption_line(const page *pg, const char *caption)
{
    if (!caption || !caption[0])
        return pg->h - 0.5 * pg->fs;
    const double room = pg->w - 1.8 * pg->fs;
    double cw, ch;
    measure(pg, caption, 0.85, 0, &cw, &ch);
    PangoLayout *l = layout(pg, caption, fmax(0.65, 0.85 * fmin(1.0, room / cw)), 0);
    pango_layout_set_width(l, (int)(room * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    double w, h;
    text_size(l, &w, &h);
    double y = pg->h - 0.6 * pg->fs - h;
    set_rgb(pg->cr, pg->th->faint);
    cairo_move_to(pg->cr, 0.9 * pg->fs, y);
    pango_cairo_show_layout(pg->cr, l);
    g_object_unref(l);
    return y;
}

static void background(const page *pg)
{
    set_rgb(pg->cr, pg->th->background);
    cairo_paint(pg->cr);
}

static chart_box content_box(const page *pg, double top, double bottom)
{
    return (chart_box){ 0.5 * pg->fs, top, pg->w - 0.4 * pg->fs, bottom - 0.3 * pg->fs };
}

static int panel(const page *pg, healsim_figure f, chart_box r)
{
    switch (f) {
    case HEALSIM_FIGURE_PHASES: return phases_panel(pg, r, TIME_LINEAR);
    case HEALSIM_FIGURE_PHASES_LOG: return phases_panel(pg, r, TIME_LOG);
    case HEALSIM_FIGURE_CELLS: return cells_panel(pg, r);
    case HEALSIM_FIGURE_OUTCOME: return outcome_panel(pg, r);
    default: return 0;
    }
}

static const healsim_text figure_titles[] = {
    [HEALSIM_FIGURE_PHASES] = HEALSIM_TEXT_TITLE_PHASES,
    [HEALSIM_FIGURE_PHASES_LOG] = HEALSIM_TEXT_TITLE_PHASES_LOG,
    [HEALSIM_FIGURE_CELLS] = HEALSIM_TEXT_TITLE_CELLS,
    [HEALSIM_FIGURE_OUTCOME] = HEALSIM_TEXT_TITLE_OUTCOME,
};

/* A single-panel figure: its title, the scenario, the panel, the caption. */
static int single_page(const page *pg, healsim_figure f)
{
    background(pg);
    double top = title_block(pg, word(pg, figure_titles[f]), pg->data->title);
    double bottom = caption_line(pg, pg->data->caption);
    return panel(pg, f, content_box(pg, top, bottom));
}

/* Panels A-C on one page: phases and cells side by side, strength below,
** in slightly smaller type so three panels fit a slide. */
static int overview_page(const page *pg)
{
    background(pg);
    double top = title_block(pg, pg->data->title, NULL);
    double bottom = caption_line(pg, pg->data->caption);
    page small = *pg;
    small.fs = 0.85 * pg->fs;
    chart_box all = content_box(pg, top, bottom);
    double mid_x = (all.x0 + all.x1) / 2, mid_y = all.y0 + (all.y1 - all.y0) * 0.56;
    struct {
        healsim_figure f;
        chart_box r;
        const char *tag;
        healsim_text title;
    } panels[3] = {
        { HEALSIM_FIGURE_PHASES, { all.x0, all.y0, mid_x - 0.5 * pg->fs, mid_y }, "A",
          HEALSIM_TEXT_TITLE_PHASES },
        { HEALSIM_FIGURE_CELLS, { mid_x + 0.5 * pg->fs, all.y0, all.x1, mid_y }, "B",
          HEALSIM_TEXT_TITLE_CELLS },
        { HEALSIM_FIGURE_OUTCOME, { all.x0, mid_y + 0.4 * pg->fs, all.x1, all.y1 }, "C",
          HEALSIM_TEXT_AXIS_STRENGTH },
    };
    for (int i = 0; i < 3; i++) {
        /* the panel letter and its title on one line above the panel */
        chart_box b = draw_text(&small, panels[i].tag, 1.3, 1, pg->th->ink, panels[i].r.x0 + 0.2 * pg->fs,
                                panels[i].r.y0, 0, 0);
        draw_text(&small, word(pg, panels[i].title), 1.0, 1, pg->th->faint, b.x1 + 0.5 * small.fs,
                  b.y1, 0, 1);
        chart_box r = panels[i].r;
        r.y0 = b.y1;
        /* a single injury reads best on a log axis, here as in panel B */
        int rc = panels[i].f == HEALSIM_FIGURE_OUTCOME ? strength_plot(&small, r, 1)
                 : panels[i].f == HEALSIM_FIGURE_PHASES && single_injury(pg)
                     ? phases_panel(&small, r, TIME_LOG)
                     : panel(&small, panels[i].f, r);
        if (rc)
            return rc;
    }
    return 0;
}

/* The handout's last page: the parameters that differ from the default. */
static void changed_page(const page *pg)
{
    background(pg);
    double y = title_block(pg, word(pg, HEALSIM_TEXT_CHANGED), pg->data->title);
    const healsim_figure_data *d = pg->data;
    const char *text = d->changed && d->changed[0] ? d->changed : "—";
    PangoLayout *l = pango_layout_new(pg->pango);
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans Mono");
    pango_font_description_set_absolute_size(fd, pg->fs * 0.85 * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(l, text, -1);
    pango_layout_set_width(l, (int)((pg->w - 2 * pg->fs) * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    set_rgb(pg->cr, pg->th->ink);
    cairo_move_to(pg->cr, 0.9 * pg->fs, y + 0.5 * pg->fs);
    pango_cairo_show_layout(pg->cr, l);
    g_object_unref(l);
    caption_line(pg, d->caption);
}

/* ---- surfaces and formats ---------------------------------------------- */

static int fail(healsim_diag *diag, int status, const char *fmt, ...)
{
    va_list ap;
    memset(diag, 0, sizeof *diag);
    va_start(ap, fmt);
    vsnprintf(diag->message, sizeof diag->message, fmt, ap);
    va_end(ap);
    return status;
}

/* The smallest page, in body font sizes, that holds a figure's text: the
** overview's half-width panels need their tick labels, axis titles and a
** plot between them. */
#define MIN_PAGE_W_FS 32.0
#define MIN_PAGE_H_FS 20.0

int healsim_figure_check_size(const healsim_figure_style *style, healsim_diag *diag)
{
    if (!(style->width_px >= 16 && style->height_px >= 16 && style->dpi > 0
          && style->width_px * style->height_px <= 64e6 && style->font_size_pt > 0))
        return fail(diag, HEALSIM_ERR_INPUT, "figure size must be 16 px or more a side and at most "
                    "64 million pixels");
    const double w_pt = style->width_px * 72 / style->dpi, h_pt = style->height_px * 72 / style->dpi;
    const double need_w = MIN_PAGE_W_FS * style->font_size_pt, need_h = MIN_PAGE_H_FS * style->font_size_pt;
    if (w_pt < need_w || h_pt < need_h)
        return fail(diag, HEALSIM_ERR_INPUT,
                    "a %.0f x %.0f px figure at %g dpi is %.0f x %.0f pt, too small for %g pt text: "
                    "it needs at least %.0f x %.0f pt (%.0f x %.0f px at %g dpi); enlarge it, or "
                    "lower figure.dpi or figure.font_size",
                    style->width_px, style->height_px, style->dpi, w_pt, h_pt, style->font_size_pt,
                    need_w, need_h, ceil(need_w * style->dpi / 72), ceil(need_h * style->dpi / 72),
                    style->dpi);
    return HEALSIM_OK;
}

int healsim_figure_check_font(const healsim_figure_style *style, healsim_diag *diag)
{
    PangoFontMap *map = pango_cairo_font_map_get_default();
    PangoContext *ctx = pango_font_map_create_context(map);
    PangoFontDescription *want = pango_font_description_new();
    pango_font_description_set_family(want, style->font);
    pango_font_description_set_absolute_size(want, 12 * PANGO_SCALE);
    PangoFont *font = pango_font_map_load_font(map, ctx, want);
    int ok = 0;
    if (font) {
        PangoFontDescription *got = pango_font_describe(font);
        const char *family = pango_font_description_get_family(got);
        ok = family && strcasecmp(family, style->font) == 0;
        pango_font_description_free(got);
        g_object_unref(font);
    }
    pango_font_description_free(want);
    g_object_unref(ctx);
    if (!ok)
        return fail(diag, HEALSIM_ERR_INPUT,
                    "font '%s' is not installed (fc-list lists the installed families; "
                    "scripts/setup-debian.sh installs DejaVu Sans)", style->font);
    return HEALSIM_OK;
}

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Draw figure f on the pages of cr. */
static int draw(cairo_t *cr, healsim_figure f, const healsim_figure_data *data,
                const healsim_figure_style *style, double w, double h)
{
    page pg = { 0 };
    pg.cr = cr;
    pg.style = style;
    pg.data = data;
    pg.th = &themes[style->theme == HEALSIM_THEME_DARK ? HEALSIM_THEME_DARK : HEALSIM_THEME_LIGHT];
    pg.w = w;
    pg.h = h;
    pg.fs = style->font_size_pt;
    pg.line = 0.17 * pg.fs;
    pg.pango = pango_cairo_create_context(cr);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pg.pango, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(pg.pango, 72);
    pg.font = pango_font_description_new();
    pango_font_description_set_family(pg.font, style->font);
    int rc = HEALSIM_OK;
    if (f == HEALSIM_FIGURE_OVERVIEW) {
        rc = overview_page(&pg);
    } else if (f == HEALSIM_FIGURE_HANDOUT) {
        for (int k = 0; k < HEALSIM_FIGURE_HANDOUT && !rc; k++) {
            rc = k == HEALSIM_FIGURE_OVERVIEW ? overview_page(&pg) : single_page(&pg, (healsim_figure)k);
            cairo_show_page(cr);
        }
        if (!rc) {
            changed_page(&pg);
            cairo_show_page(cr);
        }
    } else {
        rc = single_page(&pg, f);
    }
    if (rc)
        rc = HEALSIM_ERR_NOMEM;
    pango_font_description_free(pg.font);
    g_object_unref(pg.pango);
    return rc;
}

/* Draw one figure into a fresh surface writing to out. */
static int render_stream(healsim_figure f, unsigned format, const healsim_figure_data *data,
                         const healsim_figure_style *style, FILE *out, healsim_diag *diag)
{
    if ((unsigned)f >= HEALSIM_N_FIGURES)
        return fail(diag, HEALSIM_ERR_INPUT, "unknown figure");
    if (format != HEALSIM_FORMAT_PNG && format != HEALSIM_FORMAT_SVG && format != HEALSIM_FORMAT_PDF)
        return fail(diag, HEALSIM_ERR_INPUT, "unknown figure format");
    if (f == HEALSIM_FIGURE_HANDOUT && format != HEALSIM_FORMAT_PDF)
        return fail(diag, HEALSIM_ERR_INPUT, "the handout is a PDF only");
    int bad_size = healsim_figure_check_size(style, diag);
    if (bad_size)
        return bad_size;
    if (data->n_rows < 2)
        return fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: the results have fewer than two rows");
    const double scale = style->dpi / 72.0;
    const double w = style->width_px / scale, h = style->height_px / scale;
    cairo_surface_t *surface;
    if (format == HEALSIM_FORMAT_PNG)
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)lround(style->width_px),
                                             (int)lround(style->height_px));
    else if (format == HEALSIM_FORMAT_SVG)
        surface = cairo_svg_surface_create_for_stream(write_stream, out, w, h);
    else
        surface = cairo_pdf_surface_create_for_stream(write_stream, out, w, h);
    if (format == HEALSIM_FORMAT_PDF) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "healsim");
        /* no clock in the file: an empty date replaces cairo's current time */
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "");
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                       data->title && data->title[0] ? data->title : "healsim");
    }
    cairo_t *cr = cairo_create(surface);
    if (format == HEALSIM_FORMAT_PNG)
        cairo_scale(cr, scale, scale);
    int rc = draw(cr, f, data, style, w, h);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    if (!rc && !cs && format == HEALSIM_FORMAT_PNG) {
        cairo_surface_flush(surface);
        rc = healsim_png_write(surface, out);
        if (rc)
            fail(diag, rc, "cannot write the PNG");
    }
    cairo_surface_finish(surface);
    if (!rc && !cs)
        cs = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (rc == HEALSIM_ERR_NOMEM)
        return fail(diag, rc, "out of memory while drawing");
    if (rc)
        return rc;
    if (cs == CAIRO_STATUS_WRITE_ERROR)
        return fail(diag, HEALSIM_ERR_IO, "cannot write the figure");
    if (cs)
        return fail(diag, cs == CAIRO_STATUS_NO_MEMORY ? HEALSIM_ERR_NOMEM : HEALSIM_ERR_IO,
                    "drawing failed: %s", cairo_status_to_string(cs));
    return ferror(out) ? fail(diag, HEALSIM_ERR_IO, "cannot write the figure") : HEALSIM_OK;
}

/* cairo names an SVG's root group after a process-wide surface counter
** ("surface176"), which would make the bytes depend on what was drawn
** before.  Every figure gets "surface1". */
static void normalize_svg(char *svg, size_t *size)
{
    static const char key[] = "id=\"surface";
    char *at = strstr(svg, key);
    if (!at)
        return;
    char *digits = at + sizeof key - 1, *end = digits;
    while (*end >= '0' && *end <= '9')
        end++;
    if (end == digits)
        return;
    *digits = '1';
    memmove(digits + 1, end, (size_t)(svg + *size - end) + 1);
    *size -= (size_t)(end - digits) - 1;
}

static void render_file(healsim_figure_file *file, const healsim_figure_data *data,
                        const healsim_figure_style *style)
{
    file->bytes = NULL;
    file->size = 0;
    memset(&file->diag, 0, sizeof file->diag);
    FILE *mem = open_memstream(&file->bytes, &file->size);
    if (!mem) {
        file->status = fail(&file->diag, HEALSIM_ERR_NOMEM, "out of memory while drawing");
        return;
    }
    file->status = render_stream(file->figure, file->format, data, style, mem, &file->diag);
    if (fclose(mem) != 0 && file->status == HEALSIM_OK)
        file->status = fail(&file->diag, HEALSIM_ERR_NOMEM, "out of memory while drawing");
    if (file->status == HEALSIM_OK && file->format == HEALSIM_FORMAT_SVG)
        normalize_svg(file->bytes, &file->size);
    if (file->status != HEALSIM_OK) {
        if (!file->diag.file[0]) /* name the figure the message is about */
            snprintf(file->diag.file, sizeof file->diag.file, "%s.%s",
                     healsim_figure_name(file->figure) ? healsim_figure_name(file->figure) : "figure",
                     file->format == HEALSIM_FORMAT_PNG   ? "png"
                     : file->format == HEALSIM_FORMAT_SVG ? "svg"
                                                          : "pdf");
        free(file->bytes);
        file->bytes = NULL;
        file->size = 0;
    }
}

int healsim_figure_render(healsim_figure f, unsigned format, const healsim_figure_data *data,
                          const healsim_figure_style *style, FILE *out, healsim_diag *diag)
{
    healsim_figure_file file = { .figure = f, .format = format };
    render_file(&file, data, style);
    if (file.status != HEALSIM_OK) {
        *diag = file.diag;
        return file.status;
    }
    int rc = fwrite(file.bytes, 1, file.size, out) == file.size ? HEALSIM_OK
             : fail(diag, HEALSIM_ERR_IO, "cannot write the figure");
    free(file.bytes);
    return rc;
}

/* ---- many figures at once ---------------------------------------------- */

typedef struct pool {
    healsim_figure_file *files;
    size_t *order; /* dearest first, so no thread is left with a long one at the end */
    size_t n, next;
    const healsim_figure_data *data;
    const healsim_figure_style *style;
    pthread_mutex_t lock;
} pool;

static void *worker(void *arg)
{
    pool *pl = arg;
    for (;;) {
        pthread_mutex_lock(&pl->lock);
        size_t i = pl->next++;
        pthread_mutex_unlock(&pl->lock);
        if (i >= pl->n)
            return NULL;
        render_file(&pl->files[pl->order[i]], pl->data, pl->style);
    }
}

int healsim_figure_render_files(healsim_figure_file *files, size_t n, const healsim_figure_data *data,
                                const healsim_figure_style *style, unsigned threads,
                                healsim_diag *diag)
{
    /* measured costs (bench/bench_figures.c): the handout, then PNG, PDF, SVG */
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!order)
        return fail(diag, HEALSIM_ERR_NOMEM, "out of memory while drawing");
    size_t k = 0;
    for (int pass = 0; pass < 4; pass++) {
        for (size_t i = 0; i < n; i++) {
            int rank = files[i].figure == HEALSIM_FIGURE_HANDOUT ? 0
                       : files[i].format == HEALSIM_FORMAT_PNG   ? 1
                       : files[i].format == HEALSIM_FORMAT_PDF   ? 2
                                                                 : 3;
            if (rank == pass)
                order[k++] = i;
        }
    }
    pool pl = { files, order, n, 0, data, style, PTHREAD_MUTEX_INITIALIZER };
    pthread_t tid[HEALSIM_MAX_FIGURE_THREADS];
    unsigned started = 0;
    if (threads > HEALSIM_MAX_FIGURE_THREADS)
        threads = HEALSIM_MAX_FIGURE_THREADS;
    if (threads > n)
        threads = (unsigned)n;
    /* the calling thread works too; helpers that fail to start are not needed */
    while (started + 1 < threads && pthread_create(&tid[started], NULL, worker, &pl) == 0)
        started++;
    worker(&pl);
    for (unsigned t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&pl.lock);
    free(order);
    /* the first failure in file order, whatever order the threads ran in */
    for (size_t i = 0; i < n; i++) {
        if (files[i].status != HEALSIM_OK) {
            *diag = files[i].diag;
            for (size_t j = 0; j < n; j++) {
                free(files[j].bytes);
                files[j].bytes = NULL;
                files[j].size = 0;
            }
            return files[i].status;
        }
    }
    return HEALSIM_OK;
}
