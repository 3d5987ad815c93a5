/*
** figure.c — the teaching figures, drawn with cairo and pango.
**
** Every figure is a page of width_px x height_px at dpi, laid out in points
** (1/72 inch) so the PNG, SVG and PDF of a figure have the same geometry and
** the same text sizes; a PNG is the page scaled by dpi / 72.  The geometry
** (scales, ticks, where a label may go) comes from chart.c; this file turns
** it into cairo paths and pango text, with the building blocks of
** plots/draw.h, which the comparison and batch figures share.  Whether a
** style can draw at all is style_check.c's question.
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
#include <stdlib.h>
#include <string.h>

#include "draw.h"

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

void healsim_figure_style_from_config(healsim_figure_style *style, const healsim_figure_config *p)
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

/* ---- curves -------------------------------------------------------------- */

#define N_CELLS 7
static const series cell_series[N_CELLS] = {
    { HEALSIM_COL_STATE(HEALSIM_PLATELETS), C_VERMILLION, 0, HEALSIM_TEXT_PLATELETS, NULL },
    { HEALSIM_COL_STATE(HEALSIM_NEUTROPHILS), C_ORANGE, 1, HEALSIM_TEXT_NEUTROPHILS, NULL },
    { HEALSIM_COL_MACROPHAGES, C_PURPLE, 3, HEALSIM_TEXT_MACROPHAGES, NULL },
    { HEALSIM_COL_STATE(HEALSIM_TGF_BETA), C_SKY, 2, HEALSIM_TEXT_TGF_BETA, NULL },
    { HEALSIM_COL_STATE(HEALSIM_FIBROBLASTS), C_GREEN, 4, HEALSIM_TEXT_FIBROBLASTS, NULL },
    { HEALSIM_COL_STATE(HEALSIM_COLLAGEN_III), C_INK, 5, HEALSIM_TEXT_COLLAGEN_III, NULL },
    { HEALSIM_COL_STATE(HEALSIM_COLLAGEN_I), C_BLUE, 6, HEALSIM_TEXT_COLLAGEN_I, NULL },
};

static const series strength_series = { HEALSIM_COL_STATE(HEALSIM_STRENGTH), C_BLUE, 0,
                                        HEALSIM_TEXT_STRENGTH, NULL };
static const series soreness_series = { HEALSIM_COL_SORENESS, C_VERMILLION, 0, HEALSIM_TEXT_SORENESS, NULL };

/* ---- soreness ------------------------------------------------------------ */

/* Linear interpolation of the time where soreness crosses the threshold
** between rows a and b. */
static double crossing(const healsim_figure_data *d, size_t a, size_t b)
{
    double ta = fig_row_value(d, a, HEALSIM_COL_TIME), tb = fig_row_value(d, b, HEALSIM_COL_TIME);
    double sa = fig_row_value(d, a, HEALSIM_COL_SORENESS), sb = fig_row_value(d, b, HEALSIM_COL_SORENESS);
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
    while (k < d->n_rows && fig_row_value(d, k, HEALSIM_COL_TIME) < start)
        k++;
    k++; /* skip the row before the injury */
    for (; k < d->n_rows && fig_row_value(d, k, HEALSIM_COL_TIME) < end; k++) {
        int sore = fig_row_value(d, k, HEALSIM_COL_SORENESS) >= thr;
        int before = fig_row_value(d, k - 1, HEALSIM_COL_SORENESS) >= thr;
        if (sore && !found) {
            *from = before || fig_row_value(d, k - 1, HEALSIM_COL_TIME) < start
                        ? fig_row_value(d, k, HEALSIM_COL_TIME)
                        : crossing(d, k - 1, k);
            found = 1;
        }
        if (sore)
            *to = fig_row_value(d, k, HEALSIM_COL_TIME);
        else if (before && found && fig_row_value(d, k - 1, HEALSIM_COL_TIME) >= *from)
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
    /* the name of the strip, right-aligned in the left margin, raised
    ** clear of the y axis's top tick label where a short plot brings it up */
    const char *name = fig_word(pg, HEALSIM_TEXT_SORE);
    double nw, nh;
    fig_measure(pg, name, 0.85, 1, &nw, &nh);
    chart_box nb = { p->box.x0 - 0.35 * pg->fs - nw, y_bar - nh / 2, p->box.x0 - 0.35 * pg->fs, y_bar + nh / 2 };
    chart_box below[8];
    const size_t n_below = fig_layout_obstacles(pg, nb, below, 8);
    double top = nb.y1;
    for (size_t k = 0; k < n_below; k++)
        top = fmin(top, below[k].y0);
    used[n_used++] = draw_text(pg, name, 0.85, 1, fig_text_colour(pg->th, C_VERMILLION), nb.x1, top, 1, 1);
    for (size_t i = 0; i < d->n_injections; i++) {
        double from, to;
        if (!sore_window(d, i, &from, &to) || from > p->t1)
            continue;
        double x0 = fig_px(p, fmax(from, p->t0)), x1 = fig_px(p, fmin(to, p->t1));
        if (x1 - x0 < 1.5)
            x1 = x0 + 1.5;
        cairo_rectangle(cr, x0, y_bar - 0.18 * h, x1 - x0, 0.36 * h);
        fig_set_rgb(cr, fig_colour(pg->th, C_VERMILLION));
        cairo_fill(cr);
        char text[32];
        snprintf(text, sizeof text, "%.1f d", to - d->injection_days[i]);
        double tw, th;
        fig_measure(pg, text, 0.75, 0, &tw, &th);
        chart_box b = { x1 + 0.2 * pg->fs, y_bar - th / 2, x1 + 0.2 * pg->fs + tw, y_bar + th / 2 };
        int clear = b.x1 <= p->box.x1;
        for (size_t k = 0; clear && k < n_used; k++)
            clear = !chart_box_overlap(b, used[k]);
        if (i + 1 < d->n_injections && b.x1 > fig_px(p, d->injection_days[i + 1]))
            clear = 0;
        if (clear)
            used[n_used++] = draw_text(pg, text, 0.75, 0, pg->th->faint, b.x0, b.y0, 0, 0);
    }
}

/* ---- panels ------------------------------------------------------------ */

/* Does the plot show a single injury cascade (no injections, or one)? */
static int single_injury(const page *pg)
{
    return pg->data->n_injections <= 1;
}

/* Axes with a sentence in place of curves. */
static int empty_panel(const page *pg, chart_box r, time_kind time, double yhi, healsim_text y_title)
{
    plot p = fig_make_plot(pg, r, time, 0, yhi, 0, 1);
    draw_y_axis(pg, &p, 0, 100, 6, fig_word(pg, y_title));
    draw_time_axis(pg, &p);
    draw_frame(pg, &p);
    draw_plot_note(pg, &p, fig_word(pg, HEALSIM_TEXT_NO_INJURY), 0);
    return 0;
}

/* A panel of curves over time: phase activities or cells.  The background
** (bands, axes) is drawn once the layout, legend included, is settled. */
static int curves_panel(const page *pg, chart_box r, time_kind time, curve_set *cs, double yhi,
                        healsim_text y_title, int phase_bands)
{
    if (!fig_any_response(pg->data))
        return empty_panel(pg, r, time, yhi, y_title);
    const int strip = phase_bands && pg->data->n_injections > 0;
    plot p = fig_make_plot(pg, r, time, 0, yhi, strip ? sore_strip_height(pg) : 0, 1);
    curve_labels cl;
    int rc = fig_curve_set_layout(pg, &p, cs, &cl, NULL, 0);
    if (strip && cl.keys_above)
        cl.keys_y -= sore_strip_height(pg); /* the strip stays on the plot, under the key */
    if (!rc) {
        if (phase_bands)
            draw_phase_bands(pg, &p);
        draw_y_axis(pg, &p, 0, 100, 6, fig_word(pg, y_title));
        draw_time_axis(pg, &p);
        draw_injection_lines(pg, &p);
        fig_curve_set_draw(pg, cs);
        draw_frame(pg, &p);
        draw_injection_markers(pg, &p);
        if (strip)
            draw_sore_strip(pg, &p);
        fig_curve_labels_draw(pg, cs, &cl);
    }
    fig_curve_set_clear(cs);
    return rc;
}

static int phases_panel(const page *pg, chart_box r, time_kind time)
{
    curve_set cs = { 0 };
    for (int k = 0; k < HEALSIM_N_PHASES; k++)
        fig_curve_set_add(&cs, &fig_phase_series[k], 100.0); /* activities 0-1 as % */
    return curves_panel(pg, r, time, &cs, 122, HEALSIM_TEXT_AXIS_ACTIVITY, 1); /* room for names */
}

static int cells_panel(const page *pg, chart_box r)
{
    curve_set cs = { 0 };
    for (int k = 0; k < N_CELLS; k++) {
        double peak = fig_column_peak(pg->data, cell_series[k].column);
        fig_curve_set_add(&cs, &cell_series[k], peak > 0 ? 100.0 / peak : 0.0);
    }
    /* one injury: the cascade reads best on a log axis */
    return curves_panel(pg, r, single_injury(pg) ? TIME_LOG : TIME_LINEAR, &cs, 122,
                        HEALSIM_TEXT_AXIS_PCT_PEAK, 0);
}

/* Strength of each session, read off the rows: before the session, and
** just before the next one (or at the end). */
static void session_gain(const healsim_figure_data *d, size_t i, double *t0, double *t1, double *gain)
{
    const int col = strength_series.column;
    *t0 = d->injection_days[i];
    *t1 = i + 1 < d->n_injections ? d->injection_days[i + 1] : fig_span_days(d);
    double s0 = NAN, s1 = NAN;
    for (size_t k = 0; k < d->n_rows; k++) {
        double t = fig_row_value(d, k, HEALSIM_COL_TIME);
        if (isnan(s0) && t >= *t0)
            s0 = fig_row_value(d, k, col);
        if (t <= *t1)
            s1 = fig_row_value(d, k, col);
        if (t == *t1 && i + 1 < d->n_injections)
            break; /* the row just before the next injury */
    }
    *gain = s1 - s0;
}

static int strength_plot(const page *pg, chart_box r, int time_title)
{
    const healsim_figure_data *d = pg->data;
    double lo = 100, hi;
    for (size_t i = 0; i < d->n_rows; i++)
        lo = fmin(lo, fig_row_value(d, i, strength_series.column));
    chart_strength_domain(lo, &lo, &hi);
    plot p = fig_make_plot(pg, r, TIME_LINEAR, lo, hi, 0, time_title);
    curve_set cs = { 0 };
    fig_curve_set_add(&cs, &strength_series, 1.0);
    if (fig_curve_set_build(pg, &p, &cs)) {
        fig_curve_set_clear(&cs);
        return -1;
    }
    draw_y_axis(pg, &p, lo, 100, 6, fig_word(pg, HEALSIM_TEXT_AXIS_STRENGTH));
    draw_time_axis(pg, &p);
    draw_scar_band(pg, &p);
    draw_injection_lines(pg, &p);
    fig_curve_set_draw(pg, &cs);
    chart_box obstacles[2];
    size_t n_obstacles = 0;
    obstacles[n_obstacles++] = fig_reference_line(pg, &p, 100, fig_word(pg, HEALSIM_TEXT_HEALTHY));
    chart_label band;
    fig_scar_label_place(pg, &p, cs.env, 1, obstacles, n_obstacles, &band);
    if (band.placed)
        obstacles[n_obstacles++] = draw_scar_label(pg, &band);
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
        fig_measure(pg, texts[i], 0.8, 0, &gains[i].w, &gains[i].h);
        gains[i].curve = 0;
        gains[i].want_x = fig_px(&p, t0 + fmin(t1 - t0, 21.0) * 0.5);
    }
    fig_place_labels(pg, gains, n, p.box, cs.env, 1, obstacles, n_obstacles);
    for (size_t i = 0; i < n; i++) {
        double cx = (gains[i].box.x0 + gains[i].box.x1) / 2;
        double limit = i + 1 < n ? fig_px(&p, d->injection_days[i + 1]) : p.box.x1;
        if (gains[i].placed && cx >= fig_px(&p, d->injection_days[i]) && cx <= limit)
            draw_text(pg, texts[i], 0.8, 0, fig_text_colour(pg->th, strength_series.colour), gains[i].box.x0,
                      gains[i].box.y0, 0, 0);
    }
    curve_labels cl;
    fig_curve_labels_place(pg, &p, &cs, &cl, obstacles, n_obstacles);
    /* one curve: where its name finds no room, the axis title names it,
    ** and a key would only cover something */
    cl.missing = 0;
    fig_curve_labels_draw(pg, &cs, &cl);
    fig_curve_set_clear(&cs);
    return 0;
}

static int soreness_plot(const page *pg, chart_box r)
{
    plot p = fig_make_plot(pg, r, TIME_LINEAR, 0, 10.5, 0, 1);
    curve_set cs = { 0 };
    fig_curve_set_add(&cs, &soreness_series, 1.0);
    if (fig_curve_set_build(pg, &p, &cs)) {
        fig_curve_set_clear(&cs);
        return -1;
    }
    draw_y_axis(pg, &p, 0, 10, 3, fig_word(pg, HEALSIM_TEXT_AXIS_SORENESS));
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
        fig_set_rgba(cr, fig_colour(pg->th, C_VERMILLION), 0.25);
        cairo_fill(cr);
    }
    fig_stroke_curve(pg, xs, ys, n, fig_colour(pg->th, C_VERMILLION), 0, pg->line * 0.8);
    fig_layout_curve(pg, xs, ys, n);
    char text[HEALSIM_MAX_TEXT + 32];
    snprintf(text, sizeof text, "%s ≥ %g", fig_word(pg, HEALSIM_TEXT_SORE), pg->data->soreness_threshold);
    fig_reference_line(pg, &p, pg->data->soreness_threshold, text);
    draw_frame(pg, &p);
    draw_injection_markers(pg, &p);
    fig_curve_set_clear(&cs);
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
    return panel(pg, f, fig_page_frame(pg, fig_word(pg, figure_titles[f]), pg->data->title, pg->data->caption));
}

/* Panels A-C on one page: phases and cells side by side, strength below,
** in slightly smaller type so three panels fit a slide; on a page too
** narrow for two plots side by side (a journal column, a portrait page),
** the three one under the other. */
static int overview_page(const page *pg)
{
    chart_box all = fig_page_frame(pg, pg->data->title, NULL, pg->data->caption);
    page small = *pg;
    small.fs = 0.85 * pg->fs;
    double mid_x = (all.x0 + all.x1) / 2, mid_y = all.y0 + (all.y1 - all.y0) * 0.56;
    const int stacked = pg->w < 40 * pg->fs || pg->h > pg->w;
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
    if (stacked) {
        const double third = (all.y1 - all.y0) / 3;
        for (int i = 0; i < 3; i++)
            panels[i].r = (chart_box){ all.x0, all.y0 + i * third + (i ? 0.3 * pg->fs : 0), all.x1,
                                       all.y0 + (i + 1) * third };
    }
    for (int i = 0; i < 3; i++) {
        /* the panel letter and its title on one line above the panel */
        chart_box b = draw_text(&small, panels[i].tag, 1.3, 1, pg->th->ink, panels[i].r.x0 + 0.2 * pg->fs,
                                panels[i].r.y0, 0, 0);
        draw_text(&small, fig_word(pg, panels[i].title), 1.0, 1, pg->th->faint, b.x1 + 0.5 * small.fs,
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
    /* the caption is drawn last, after the list, as it always was */
    double y = fig_page_frame(pg, fig_word(pg, HEALSIM_TEXT_CHANGED), pg->data->title, NULL).y0;
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
    fig_show_layout(pg, l, 0.9 * pg->fs, y + 0.5 * pg->fs, pg->th->ink, pg->th->background);
    g_object_unref(l);
    fig_caption_line(pg, d->caption);
}

/* ---- files ---------------------------------------------------------------- */

/* The pages of figure *ctx (a healsim_figure). */
static int figure_pages(const page *pg, const void *ctx)
{
    const healsim_figure f = *(const healsim_figure *)ctx;
    cairo_t *cr = pg->cr;
    int rc = 0;
    if (f == HEALSIM_FIGURE_OVERVIEW) {
        rc = overview_page(pg);
    } else if (f == HEALSIM_FIGURE_HANDOUT) {
        for (int k = 0; k < HEALSIM_FIGURE_HANDOUT && !rc; k++) {
            rc = k == HEALSIM_FIGURE_OVERVIEW ? overview_page(pg) : single_page(pg, (healsim_figure)k);
            cairo_show_page(cr);
            fig_layout_next_page(pg);
        }
        if (!rc) {
            changed_page(pg);
            cairo_show_page(cr);
        }
    } else {
        rc = single_page(pg, f);
    }
    return rc;
}

/* Check a request for one figure file; HEALSIM_OK or HEALSIM_ERR_INPUT. */
static int check_request(healsim_figure f, unsigned format, const healsim_figure_data *data,
                         const healsim_figure_style *style, healsim_diag *diag)
{
    if ((unsigned)f >= HEALSIM_N_FIGURES)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "unknown figure");
    if (format != HEALSIM_FORMAT_PNG && format != HEALSIM_FORMAT_SVG && format != HEALSIM_FORMAT_PDF)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "unknown figure format");
    if (f == HEALSIM_FIGURE_HANDOUT && format != HEALSIM_FORMAT_PDF)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "the handout is a PDF only");
    int bad_size = healsim_figure_check_size(style, diag);
    if (bad_size)
        return bad_size;
    if (data->n_rows < 2)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: the results have fewer than two rows");
    return HEALSIM_OK;
}

static void render_file(healsim_figure_file *file, const healsim_figure_data *data,
                        const healsim_figure_style *style)
{
    file->bytes = NULL;
    file->size = 0;
    memset(&file->diag, 0, sizeof file->diag);
    file->status = check_request(file->figure, file->format, data, style, &file->diag);
    if (file->status == HEALSIM_OK)
        file->status = fig_render_memory(file->format, style, data, healsim_figure_name(file->figure),
                                         data->title && data->title[0] ? data->title : "healsim",
                                         figure_pages, &file->figure, &file->bytes, &file->size,
                                         &file->diag);
    const char *name = healsim_figure_name(file->figure); /* the figure the message is about */
    fig_name_failure(file->status, name ? name : "figure", file->format, &file->diag);
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
             : fig_fail(diag, HEALSIM_ERR_IO, "cannot write the figure");
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
        return fig_fail(diag, HEALSIM_ERR_NOMEM, "out of memory while drawing");
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
