/*
** draw.c — the drawing building blocks of the figures (plots/draw.h).
**
** Moved out of figure.c so the figures of one run (figure.c), the
** comparisons of several (compare.c) and the figures of the batch commands
** (batch.c) are drawn by the same code: the same page, colours, text, axes,
** curves, labels, keys, markers and file plumbing.
**
** Determinism: no clocks, no random numbers; fonts are hinted neither in
** shape nor metrics, so text is laid out identically in every format.
*/
#include "draw.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "png_write.h"

/* ---- colours ----------------------------------------------------------- */

#define HEX(v) { ((v) >> 16 & 255) / 255.0, ((v) >> 8 & 255) / 255.0, ((v) & 255) / 255.0 }

/* Okabe & Ito (2008), "Color Universal Design": distinguishable with every
** common colour-vision deficiency. */
static const rgb oi_orange = HEX(0xE69F00), oi_sky = HEX(0x56B4E9), oi_green = HEX(0x009E73),
                 oi_yellow = HEX(0xF0E442), oi_vermillion = HEX(0xD55E00),
                 oi_purple = HEX(0xCC79A7);

rgb fig_colour(const theme *th, int c)
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
_Static_assert(sizeof dash_lengths / sizeof dash_lengths[0] == FIG_N_DASHES, "dash patterns");

const series fig_phase_series[HEALSIM_N_PHASES] = {
    { HEALSIM_COL_HEMOSTASIS, C_VERMILLION, 0, HEALSIM_TEXT_HEMOSTASIS, NULL },
    { HEALSIM_COL_INFLAMMATION, C_ORANGE, 1, HEALSIM_TEXT_INFLAMMATION, NULL },
    { HEALSIM_COL_REPAIR, C_GREEN, 3, HEALSIM_TEXT_REPAIR, NULL },
    { HEALSIM_COL_REMODELING, C_BLUE, 2, HEALSIM_TEXT_REMODELING, NULL },
};

/* ---- drawing context --------------------------------------------------- */

static const theme themes[] = {
    [HEALSIM_THEME_LIGHT] = { HEX(0xFFFFFF), HEX(0x1A1A1A), HEX(0x6B6B6B), HEX(0xE3E3E3),
                              HEX(0x000000), HEX(0x0072B2), 0.13 },
    [HEALSIM_THEME_DARK] = { HEX(0x15171C), HEX(0xECECEC), HEX(0xA8A8A8), HEX(0x33363D),
                             HEX(0xFFFFFF), HEX(0x3FA4E8), 0.20 },
};

void fig_page_begin(page *pg, cairo_t *cr, const healsim_figure_style *style,
                    const healsim_figure_data *data, double w, double h)
{
    memset(pg, 0, sizeof *pg);
    pg->cr = cr;
    pg->style = style;
    pg->data = data;
    pg->th = &themes[style->theme == HEALSIM_THEME_DARK ? HEALSIM_THEME_DARK : HEALSIM_THEME_LIGHT];
    pg->w = w;
    pg->h = h;
    pg->fs = style->font_size_pt;
    pg->line = 0.17 * pg->fs;
    pg->pango = pango_cairo_create_context(cr);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pg->pango, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(pg->pango, 72);
    pg->font = pango_font_description_new();
    pango_font_description_set_family(pg->font, style->font);
}

void fig_page_end(page *pg)
{
    pango_font_description_free(pg->font);
    g_object_unref(pg->pango);
}

void fig_set_rgb(cairo_t *cr, rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void fig_set_rgba(cairo_t *cr, rgb c, double a)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, a);
}

const char *fig_word(const page *pg, healsim_text t)
{
    return pg->style->text[t] ? pg->style->text[t] : "";
}

const char *fig_series_name(const page *pg, const series *s)
{
    return s->label ? s->label : fig_word(pg, s->name);
}

/* A layout of text at scale x the body size.  Text that is valid pango
** markup (it may use <sub>, <sup>, <i>) is drawn as markup, other text as
** it is.  The caller frees it with g_object_unref. */
PangoLayout *fig_layout(const page *pg, const char *text, double scale, int bold)
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

void fig_text_size(PangoLayout *l, double *w, double *h)
{
    int iw, ih;
    pango_layout_get_size(l, &iw, &ih);
    *w = (double)iw / PANGO_SCALE;
    *h = (double)ih / PANGO_SCALE;
}

/* Draw text with its box's point (ax, ay) at (x, y); ax, ay in 0..1 (0 =
** left/top, 0.5 = centre).  Returns the box drawn. */
chart_box draw_text(const page *pg, const char *text, double scale, int bold, rgb c,
                    double x, double y, double ax, double ay)
{
    PangoLayout *l = fig_layout(pg, text, scale, bold);
    double w, h;
    fig_text_size(l, &w, &h);
    chart_box b = { x - ax * w, y - ay * h, x - ax * w + w, y - ay * h + h };
    fig_set_rgb(pg->cr, c);
    cairo_move_to(pg->cr, b.x0, b.y0);
    pango_cairo_show_layout(pg->cr, l);
    g_object_unref(l);
    return b;
}

void fig_measure(const page *pg, const char *text, double scale, int bold, double *w, double *h)
{
    PangoLayout *l = fig_layout(pg, text, scale, bold);
    fig_text_size(l, w, h);
    g_object_unref(l);
}

/* Text turned a quarter left (a y-axis title), centred on (x, y), cut
** with an ellipsis beyond length. */
void draw_text_vertical(const page *pg, const char *text, double scale, rgb c, double x,
                        double y, double length)
{
    PangoLayout *l = fig_layout(pg, text, scale, 0);
    pango_layout_set_width(l, (int)(length * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    double w, h;
    fig_text_size(l, &w, &h);
    cairo_save(pg->cr);
    cairo_translate(pg->cr, x, y);
    cairo_rotate(pg->cr, -M_PI / 2);
    cairo_move_to(pg->cr, -w / 2, -h / 2);
    fig_set_rgb(pg->cr, c);
    pango_cairo_update_layout(pg->cr, l);
    pango_cairo_show_layout(pg->cr, l);
    cairo_restore(pg->cr);
    g_object_unref(l);
}

void fig_set_dash(cairo_t *cr, int dash, double width)
{
    double d[6];
    for (int i = 0; i < dash_lengths[dash]; i++)
        d[i] = dash_patterns[dash][i] * width;
    cairo_set_dash(cr, d, dash_lengths[dash], 0);
}

/* ---- axes -------------------------------------------------------------- */


double fig_row_value(const healsim_figure_data *d, size_t i, int column)
{
    return d->rows[i * HEALSIM_N_COLUMNS + column];
}

double fig_span_days(const healsim_figure_data *d)
{
    return d->n_rows ? fig_row_value(d, d->n_rows - 1, HEALSIM_COL_TIME) : 1.0;
}

#define LOG_T0 (1.0 / 24.0)

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
        if (!labels)
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
        draw_text(pg, title, 1.0, 0, pg->th->ink, (p->box.x0 + p->box.x1) / 2,
                  fig_time_title_y(pg, p, extra), 0.5, 0);
}

void draw_frame(const page *pg, const plot *p)
{
    cairo_t *cr = pg->cr;
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
    fig_set_rgb(pg->cr, pg->th->faint);
    cairo_move_to(pg->cr, (p->box.x0 + p->box.x1 - w) / 2, (p->box.y0 + p->box.y1 - h) / 2);
    pango_cairo_show_layout(pg->cr, l);
    g_object_unref(l);
}

/* ---- curves ------------------------------------------------------------ */

/* Page points of a column scaled by factor, over the rows the plot shows.
** Returns the count; xs and ys have room for n_rows. */
static size_t curve_points(const healsim_figure_data *d, const plot *p, int column, double factor,
                           double *xs, double *ys)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n_rows; i++) {
        double t = fig_row_value(d, i, HEALSIM_COL_TIME);
        if (t < p->t0 || t > p->t1)
            continue;
        xs[n] = fig_px(p, t);
        ys[n] = fig_py(p, fig_row_value(d, i, column) * factor);
        n++;
    }
    /* a twentieth of a point (a seventh of a pixel at 200 dpi) is below
    ** what any output shows */
    return chart_simplify(xs, ys, n, 0.05);
}

double fig_column_peak(const healsim_figure_data *d, int column)
{
    double peak = 0;
    for (size_t i = 0; i < d->n_rows; i++)
        peak = fmax(peak, fig_row_value(d, i, column));
    return peak;
}

void fig_stroke_curve(const page *pg, const double *xs, const double *ys, size_t n, rgb c,
                      int dash, double width)
{
    cairo_t *cr = pg->cr;
    if (n == 0)
        return;
    cairo_new_path(cr);
    cairo_move_to(cr, xs[0], ys[0]);
    for (size_t i = 1; i < n; i++)
        cairo_line_to(cr, xs[i], ys[i]);
    fig_set_rgb(cr, c);
    cairo_set_line_width(cr, width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, dash == 2 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
    fig_set_dash(cr, dash, width);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

/* The curves of one plot as page geometry: points, envelopes, where each
** peaks.  Built before anything is drawn, so the labels can be placed —
** and the plot narrowed for a legend — first. */
void fig_curve_set_clear(curve_set *cs)
{
    for (size_t i = 0; i < cs->n; i++) {
        chart_envelope_free(cs->env[i]);
        free(cs->xs[i]);
        free(cs->ys[i]);
        cs->env[i] = NULL;
        cs->xs[i] = cs->ys[i] = NULL;
    }
}

/* Where each curve of cs is farthest from the others, by envelope column:
** the gap to the nearest other curve, counted up to a few lines of text
** (wider gaps are all as good), the right-most column of the widest. */
static void label_apart(const page *pg, curve_set *cs)
{
    const double enough = 2.5 * pg->fs;
    for (size_t k = 0; k < cs->n; k++) {
        const chart_envelope *e = cs->env[k];
        double best = -1;
        for (size_t c = 0; c < e->n; c++) {
            if (isnan(e->lo[c]))
                continue;
            double gap = enough;
            for (size_t j = 0; j < cs->n; j++) {
                const chart_envelope *o = cs->env[j];
                if (j == k || c >= o->n || isnan(o->lo[c]))
                    continue;
                gap = fmin(gap, fmax(0, fmax(o->lo[c] - e->hi[c], e->lo[c] - o->hi[c])));
            }
            if (gap >= best) {
                best = gap;
                cs->peak_x[k] = e->x0 + ((double)c + 0.5) * e->dx;
            }
        }
    }
}

/* (Re)compute the geometry of every curve of cs in plot p.  Returns 0, or
** -1 when out of memory. */
int fig_curve_set_build(const page *pg, const plot *p, curve_set *cs)
{
    fig_curve_set_clear(cs);
    for (size_t k = 0; k < cs->n; k++) {
        const healsim_figure_data *d = cs->data[k] ? cs->data[k] : pg->data;
        const size_t rows = d->n_rows;
        double *xs = cs->xs[k] = malloc(rows * sizeof *xs);
        double *ys = cs->ys[k] = malloc(rows * sizeof *ys);
        if (!xs || !ys)
            return -1;
        size_t n = cs->n_points[k] = curve_points(d, p, cs->s[k]->column, cs->factor[k], xs, ys);
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
    if (cs->apart)
        label_apart(pg, cs);
    return 0;
}

void fig_curve_set_add(curve_set *cs, const series *s, double factor)
{
    fig_curve_set_add_data(cs, s, factor, NULL);
}

void fig_curve_set_add_data(curve_set *cs, const series *s, double factor,
                            const healsim_figure_data *data)
{
    cs->s[cs->n] = s;
    cs->factor[cs->n] = factor;
    cs->data[cs->n] = data;
    cs->xs[cs->n] = cs->ys[cs->n] = NULL;
    cs->env[cs->n] = NULL;
    cs->n++;
}

void fig_curve_set_draw(const page *pg, const curve_set *cs)
{
    for (size_t k = 0; k < cs->n; k++)
        fig_stroke_curve(pg, cs->xs[k], cs->ys[k], cs->n_points[k], fig_colour(pg->th, cs->s[k]->colour),
                         cs->s[k]->dash, pg->line);
}

/* The direct labels of a curve set and, for the names that found no room
** beside their curve, a legend. */

static double label_pad(const page *pg)
{
    return 0.5 * pg->fs;
}

/* Place the labels of cs in plot p away from obstacles; count what is left
** for a legend and how big that legend is. */
void fig_curve_labels_place(const page *pg, const plot *p, const curve_set *cs, curve_labels *cl,
                            const chart_box *obstacles, size_t n_obstacles)
{
    cl->missing = 0;
    cl->legend_w = cl->legend_h = 0;
    for (size_t i = 0; i < cs->n; i++) {
        chart_label *l = &cl->label[i];
        fig_measure(pg, fig_series_name(pg, cs->s[i]), 1.0, 1, &l->w, &l->h);
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
        cl->legend_w = fmax(cl->legend_w, cl->label[i].w + FIG_LEGEND_SAMPLE * pg->fs + 3 * pad);
        cl->legend_h += cl->label[i].h;
    }
    cl->legend_h += 2 * pad;
}

/* Draw the placed labels, and the legend where the layout put it. */
void fig_curve_labels_draw(const page *pg, const curve_set *cs, const curve_labels *cl)
{
    double x = cl->legend_x, y = cl->legend_y;
    for (size_t i = 0; i < cs->n; i++)
        if (cl->label[i].placed)
            draw_text(pg, fig_series_name(pg, cs->s[i]), 1.0, 1, fig_colour(pg->th, cs->s[i]->colour),
                      cl->label[i].box.x0 + label_pad(pg) / 2, cl->label[i].box.y0, 0, 0);
    if (!cl->missing)
        return;
    const double pad = 0.4 * pg->fs;
    /* a ground under the legend, for when it has to sit over curves */
    cairo_rectangle(pg->cr, x, y, cl->legend_w, cl->legend_h);
    fig_set_rgba(pg->cr, pg->th->background, 0.88);
    cairo_fill(pg->cr);
    y += pad;
    for (size_t i = 0; i < cs->n; i++) {
        if (cl->label[i].placed)
            continue;
        double mid = y + cl->label[i].h / 2;
        double xs[2] = { x + pad, x + pad + FIG_LEGEND_SAMPLE * pg->fs }, ys[2] = { mid, mid };
        fig_stroke_curve(pg, xs, ys, 2, fig_colour(pg->th, cs->s[i]->colour), cs->s[i]->dash, pg->line);
        draw_text(pg, fig_series_name(pg, cs->s[i]), 1.0, 1, fig_colour(pg->th, cs->s[i]->colour),
                  xs[1] + pad, y, 0, 0);
        y += cl->label[i].h;
    }
}

/* Lay out the curves of cs in p: build and place the labels.  Names that
** do not fit go into a legend: along the top of the plot where it is clear
** of curves and labels, or else beside the plot, which is narrowed for it
** and laid out again.  Returns 0 or -1 when out of memory. */
int fig_curve_set_layout(const page *pg, plot *p, curve_set *cs, curve_labels *cl,
                         const chart_box *obstacles, size_t n_obstacles)
{
    if (fig_curve_set_build(pg, p, cs))
        return -1;
    fig_curve_labels_place(pg, p, cs, cl, obstacles, n_obstacles);
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
            cl->legend_w = fmax(cl->legend_w, cl->label[i].w + FIG_LEGEND_SAMPLE * pg->fs + 3 * pad);
            cl->legend_h += cl->label[i].h;
        }
        cl->legend_h += 2 * pad;
        cl->legend_x = p->box.x1 - cl->legend_w;
        cl->legend_y = p->box.y0;
        return 0;
    }
    p->box.x1 -= legend_w + 0.5 * pg->fs;
    p->x.r1 = p->box.x1;
    if (fig_curve_set_build(pg, p, cs))
        return -1;
    fig_curve_labels_place(pg, p, cs, cl, obstacles, n_obstacles);
    cl->legend_w = legend_w;
    cl->legend_x = p->box.x1 + 0.5 * pg->fs;
    cl->legend_y = p->box.y0;
    return 0;
}

/* ---- injections and soreness ------------------------------------------- */

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
            draw_text(pg, num, 0.8, 1, pg->th->background, x, y, 0.5, 0.5);
        } else {
            fig_triangle_path(cr, x, y, r);
            fig_set_rgb(cr, pg->th->ink);
            cairo_fill(cr);
        }
    }
}


/* ---- keys -------------------------------------------------------------- */

/* A key's text from x, centred on mid, cut with an ellipsis beyond width. */
static void draw_key_text(const page *pg, const fig_key *k, double width, rgb c, double x, double mid)
{
    PangoLayout *l = fig_layout(pg, k->text, 0.9, k->s && !k->band);
    pango_layout_set_width(l, (int)ceil(width * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    double w, h;
    fig_text_size(l, &w, &h);
    fig_set_rgb(pg->cr, c);
    cairo_move_to(pg->cr, x, mid - h / 2);
    pango_cairo_show_layout(pg->cr, l);
    g_object_unref(l);
}

double fig_draw_keys(const page *pg, fig_key *k, size_t n, double x0, double x1, double y, int draw)
{
    const double sample = 2.2 * pg->fs, pad = 0.35 * pg->fs, space = 1.1 * pg->fs;
    const double r = fig_marker_radius(pg);
    double text_w[FIG_MAX_KEYS];
    if (n > FIG_MAX_KEYS)
        n = FIG_MAX_KEYS;
    for (size_t i = 0; i < n; i++) {
        const double mark = (k[i].s || k[i].fill ? sample : 1.4 * r) + pad;
        fig_measure(pg, k[i].text, 0.9, k[i].s && !k[i].band, &text_w[i], &k[i].h);
        text_w[i] = fmin(text_w[i], fmax(pg->fs, x1 - x0 - mark)); /* a name wider than a row is cut */
        k[i].w = text_w[i] + mark;
    }
    double height = 0;
    size_t first = 0;
    while (first < n) {
        /* as many entries as fit on this row (at least one) */
        double row_w = k[first].w, row_h = k[first].h;
        size_t end = first + 1;
        while (end < n && row_w + space + k[end].w <= x1 - x0) {
            row_w += space + k[end].w;
            row_h = fmax(row_h, k[end].h);
            end++;
        }
        double x = fmax(x0, (x0 + x1 - row_w) / 2), mid = y + height + row_h / 2;
        for (size_t i = first; draw && i < end; i++) {
            if (k[i].fill) {
                cairo_rectangle(pg->cr, x, mid - 0.45 * row_h, sample, 0.9 * row_h);
                fig_set_rgb(pg->cr, k[i].fill_colour);
                cairo_fill(pg->cr);
                draw_key_text(pg, &k[i], text_w[i], pg->th->ink, x + sample + pad, mid);
            } else if (k[i].s) {
                rgb c = fig_colour(pg->th, k[i].s->colour);
                if (k[i].band) {
                    cairo_rectangle(pg->cr, x, mid - 0.45 * row_h, sample, 0.9 * row_h);
                    fig_set_rgba(pg->cr, c, pg->th->band_alpha);
                    cairo_fill(pg->cr);
                }
                double xs[2] = { x + 0.1 * sample, x + 0.9 * sample }, ys[2] = { mid, mid };
                fig_stroke_curve(pg, xs, ys, 2, c, k[i].s->dash, pg->line);
                draw_key_text(pg, &k[i], text_w[i], k[i].band ? pg->th->ink : c, x + sample + pad, mid);
            } else {
                fig_triangle_path(pg->cr, x + 0.7 * r, mid - 0.35 * r, r);
                fig_set_rgb(pg->cr, pg->th->ink);
                cairo_fill(pg->cr);
                draw_key_text(pg, &k[i], text_w[i], pg->th->ink, x + 1.4 * r + pad, mid);
            }
            x += k[i].w + space;
        }
        height += row_h;
        first = end;
    }
    return height;
}

/* ---- marks in a plot ----------------------------------------------------- */

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


/* Did anything heal?  Not when the scenario injures nothing: every phase
** activity stays at zero. */
int fig_any_response(const healsim_figure_data *d)
{
    for (int k = 0; k < HEALSIM_N_PHASES; k++)
        if (fig_column_peak(d, fig_phase_series[k].column) >= 1e-3)
            return 1;
    return 0;
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
    chart_labels_place(band, 1, p->box, curves, n_curves, obstacles, n_obstacles);
}

chart_box draw_scar_label(const page *pg, const chart_label *band)
{
    return draw_text(pg, fig_word(pg, HEALSIM_TEXT_SCAR), 0.85, 0, pg->th->faint, band->box.x0,
                     band->box.y0, 0, 0);
}

void fig_strength_domain(double lowest, double *lo, double *hi)
{
    *lo = fmax(0, floor((fmin(lowest, 70) - 5) / 10) * 10);
    *hi = 106;
}

/* ---- pages ------------------------------------------------------------- */

/* Title block: figure title (bold), scenario title below it.  Returns the
** y where the content starts. */
double fig_title_block(const page *pg, const char *title, const char *subtitle)
{
    const double margin = 0.9 * pg->fs;
    double y = margin;
    if (title && title[0]) {
        /* a long title shrinks to the page width, down to body size, then is cut */
        double w, h;
        fig_measure(pg, title, 1.35, 1, &w, &h);
        double room = pg->w - 2 * margin;
        PangoLayout *l = fig_layout(pg, title, fmax(1.0, 1.35 * fmin(1.0, room / w)), 1);
        pango_layout_set_width(l, (int)(room * PANGO_SCALE));
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        fig_text_size(l, &w, &h);
        fig_set_rgb(pg->cr, pg->th->ink);
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
double fig_caption_line(const page *pg, const char *caption)
{
    if (!caption || !caption[0])
        return pg->h - 0.5 * pg->fs;
    const double room = pg->w - 1.8 * pg->fs;
    double cw, ch;
    fig_measure(pg, caption, 0.85, 0, &cw, &ch);
    PangoLayout *l = fig_layout(pg, caption, fmax(0.65, 0.85 * fmin(1.0, room / cw)), 0);
    pango_layout_set_width(l, (int)(room * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    double w, h;
    fig_text_size(l, &w, &h);
    double y = pg->h - 0.6 * pg->fs - h;
    fig_set_rgb(pg->cr, pg->th->faint);
    cairo_move_to(pg->cr, 0.9 * pg->fs, y);
    pango_cairo_show_layout(pg->cr, l);
    g_object_unref(l);
    return y;
}

void fig_background(const page *pg)
{
    fig_set_rgb(pg->cr, pg->th->background);
    cairo_paint(pg->cr);
}

chart_box fig_content_box(const page *pg, double top, double bottom)
{
    return (chart_box){ 0.5 * pg->fs, top, pg->w - 0.4 * pg->fs, bottom - 0.3 * pg->fs };
}

/* ---- surfaces and formats ---------------------------------------------- */

int fig_fail(healsim_diag *diag, int status, const char *fmt, ...)
{
    va_list ap;
    memset(diag, 0, sizeof *diag);
    va_start(ap, fmt);
    vsnprintf(diag->message, sizeof diag->message, fmt, ap);
    va_end(ap);
    return status;
}

const char *fig_format_ext(unsigned format)
{
    return format == HEALSIM_FORMAT_PNG ? "png" : format == HEALSIM_FORMAT_SVG ? "svg" : "pdf";
}

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Draw the pages on a fresh page set-up; a failure is out of memory. */
static int draw(cairo_t *cr, const healsim_figure_data *data, const healsim_figure_style *style,
                double w, double h, fig_pages_fn pages, const void *ctx)
{
    page pg;
    fig_page_begin(&pg, cr, style, data, w, h);
    int rc = pages(&pg, ctx) ? HEALSIM_ERR_NOMEM : HEALSIM_OK;
    fig_page_end(&pg);
    return rc;
}

/* Draw the pages into a fresh surface writing to out. */
static int render_stream(unsigned format, const healsim_figure_style *style,
                         const healsim_figure_data *data, const char *pdf_title, fig_pages_fn pages,
                         const void *ctx, FILE *out, healsim_diag *diag)
{
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
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, pdf_title);
    }
    cairo_t *cr = cairo_create(surface);
    if (format == HEALSIM_FORMAT_PNG)
        cairo_scale(cr, scale, scale);
    int rc = draw(cr, data, style, w, h, pages, ctx);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    if (!rc && !cs && format == HEALSIM_FORMAT_PNG) {
        cairo_surface_flush(surface);
        rc = healsim_png_write(surface, out);
        if (rc)
            fig_fail(diag, rc, "cannot write the PNG");
    }
    cairo_surface_finish(surface);
    if (!rc && !cs)
        cs = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (rc == HEALSIM_ERR_NOMEM)
        return fig_fail(diag, rc, "out of memory while drawing");
    if (rc)
        return rc;
    if (cs == CAIRO_STATUS_WRITE_ERROR)
        return fig_fail(diag, HEALSIM_ERR_IO, "cannot write the figure");
    if (cs)
        return fig_fail(diag, cs == CAIRO_STATUS_NO_MEMORY ? HEALSIM_ERR_NOMEM : HEALSIM_ERR_IO,
                        "drawing failed: %s", cairo_status_to_string(cs));
    return ferror(out) ? fig_fail(diag, HEALSIM_ERR_IO, "cannot write the figure") : HEALSIM_OK;
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

int fig_render_memory(unsigned format, const healsim_figure_style *style,
                      const healsim_figure_data *data, const char *pdf_title, fig_pages_fn pages,
                      const void *ctx, char **bytes, size_t *size, healsim_diag *diag)
{
    *bytes = NULL;
    *size = 0;
    memset(diag, 0, sizeof *diag);
    FILE *mem = open_memstream(bytes, size);
    if (!mem)
        return fig_fail(diag, HEALSIM_ERR_NOMEM, "out of memory while drawing");
    int rc = render_stream(format, style, data, pdf_title, pages, ctx, mem, diag);
    if (fclose(mem) != 0 && rc == HEALSIM_OK)
        rc = fig_fail(diag, HEALSIM_ERR_NOMEM, "out of memory while drawing");
    if (rc == HEALSIM_OK && format == HEALSIM_FORMAT_SVG)
        normalize_svg(*bytes, size);
    if (rc != HEALSIM_OK) {
        free(*bytes);
        *bytes = NULL;
        *size = 0;
    }
    return rc;
}
