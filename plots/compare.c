/*
** compare.c — the figures of `healsim compare`: treatment arms side by side.
**
** Three figures, each from 2 to 8 runs ("arms") of the same tissue:
**
**   compare-outcome  strength over time, a curve per arm in its own colour
**                    and dash, named on the curve; under the time axis a
**                    lane of small triangles per arm marks its injections
**   compare-phases   small multiples: a panel per arm (up to 3 columns)
**                    with the four phase curves and dominant-phase bands on
**                    shared axes, one legend for the phases above them
**   compare-bars     strength at the end of each arm's span, a bar per arm
**                    with its value on top, and the common starting
**                    strength as a dashed line
**
** Arm i has the same colour in every figure.  Everything is drawn with the
** building blocks of draw.c, as the figures of one run are (figure.c).
*/
#include "healsim/figure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"

static const char *const compare_names[HEALSIM_N_COMPARE_FIGURES] = {
    "compare-outcome", "compare-phases", "compare-bars"
};

const char *healsim_compare_figure_name(healsim_compare_figure figure)
{
    return (unsigned)figure < HEALSIM_N_COMPARE_FIGURES ? compare_names[figure] : NULL;
}

/* The arms' colours and dashes, in order: the Okabe-Ito colours strongest
** first (yellow, faint on white, last), a different dash for each. */
static const int arm_colours[HEALSIM_MAX_COMPARE_ARMS] = {
    C_BLUE, C_VERMILLION, C_GREEN, C_ORANGE, C_PURPLE, C_SKY, C_INK, C_YELLOW,
};
static const int arm_dashes[HEALSIM_MAX_COMPARE_ARMS] = { 0, 1, 3, 4, 2, 5, 6, 1 };

#define STRENGTH_COLUMN HEALSIM_COL_STATE(HEALSIM_STRENGTH)

/* What a comparison page draws. */
typedef struct comparison {
    healsim_compare_figure figure;
    const healsim_compare_arm *arms;
    size_t n;
    const char *title;
    series strength[HEALSIM_MAX_COMPARE_ARMS]; /* each arm's strength curve */
    double t1;                                 /* the longest span, days */
    const char *caption;                       /* the arms' names */
} comparison;

static const char *arm_label(const healsim_compare_arm *arm)
{
    return arm->label ? arm->label : "";
}

static double last_value(const healsim_figure_data *d, int column)
{
    return fig_row_value(d, d->n_rows - 1, column);
}

/* ---- keys (fig_draw_keys) ---------------------------------------------- */

/* The key of the phase panels: the four phases and the injection marker. */
static double phase_keys(const page *pg, double x0, double x1, double y, int draw)
{
    fig_key k[HEALSIM_N_PHASES + 1];
    for (int i = 0; i < HEALSIM_N_PHASES; i++)
        k[i] = (fig_key){ .s = &fig_phase_series[i], .band = 1,
                          .text = fig_series_name(pg, &fig_phase_series[i]) };
    k[HEALSIM_N_PHASES] = (fig_key){ .text = fig_word(pg, HEALSIM_TEXT_INJECTION) };
    return fig_draw_keys(pg, k, HEALSIM_N_PHASES + 1, x0, x1, y, draw);
}

/* The key of the arms' curves. */
static double arm_keys(const page *pg, const comparison *cx, double x0, double x1, double y, int draw)
{
    fig_key k[HEALSIM_MAX_COMPARE_ARMS];
    size_t n = 0;
    for (size_t i = 0; i < cx->n; i++)
        if (fig_series_name(pg, &cx->strength[i])[0]) /* an arm without a name has no key */
            k[n++] = (fig_key){ .s = &cx->strength[i], .text = fig_series_name(pg, &cx->strength[i]) };
    return fig_draw_keys(pg, k, n, x0, x1, y, draw);
}

/* ---- compare-outcome --------------------------------------------------- */

/* Injection triangles in the lanes under the time axis: a bit smaller
** than the single-run markers, one lane per arm that has injections. */
static double lane_radius(const page *pg)
{
    return 0.55 * fig_marker_radius(pg);
}

static double lane_pitch(const page *pg)
{
    return 1.3 * lane_radius(pg);
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
    double extent = (double)(lanes - 1) * lane_pitch(pg) + 0.9 * lane_radius(pg) + 0.15 * pg->fs;
    return fmax(0, extent - fig_marker_radius(pg));
}

static void draw_injection_lanes(const page *pg, const plot *p, const comparison *cx)
{
    const double r = lane_radius(pg);
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
    const double r = lane_radius(pg), gap = 0.35 * pg->fs;
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

/* Does the legend of cl (if any) lie over a curve of cs, or run out of
** the page? */
static int legend_in_the_way(const page *pg, const curve_set *cs, const curve_labels *cl)
{
    const chart_box b = { cl->legend_x, cl->legend_y, cl->legend_x + cl->legend_w,
                          cl->legend_y + cl->legend_h };
    if (b.x0 < 0 || b.x1 > pg->w)
        return 1;
    for (size_t i = 0; i < cs->n; i++)
        if (chart_envelope_hits(cs->env[i], b))
            return 1;
    return 0;
}

static int outcome_page(const page *pg, const comparison *cx)
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
    double keys_y = -1;
    if (!rc && cl.missing && legend_in_the_way(pg, &cs, &cl)) {
        /* no room for the names on the curves or beside them: every name
        ** goes into rows over the plot, which gives up their height */
        const double x0 = p.box.x0, x1_keys = r.x1 - 0.8 * pg->fs;
        keys_y = r.y0 + 0.2 * pg->fs;
        r.y0 = keys_y + arm_keys(pg, cx, x0, x1_keys, keys_y, 0);
        p = fig_make_plot_span(pg, r, TIME_LINEAR, cx->t1, lo, hi, 0, 1);
        rc = fig_curve_set_build(pg, &p, &cs);
        memset(&cl, 0, sizeof cl); /* no names in the plot, no legend */
        n_obstacles = 0;
        obstacles[n_obstacles++] = fig_reference_label_box(pg, &p, 100, healthy);
        obstacles[n_obstacles++] = healthy_line_box(&p);
    }
    if (rc) {
        fig_curve_set_clear(&cs);
        return -1;
    }
    /* the scar band's name, clear of all of that */
    for (size_t i = 0; i < cs.n; i++)
        if (cl.label[i].placed)
            obstacles[n_obstacles++] = cl.label[i].box;
    if (cl.missing)
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
    if (keys_y >= 0)
        arm_keys(pg, cx, p.box.x0, r.x1 - 0.8 * pg->fs, keys_y, 1);
    fig_curve_set_clear(&cs);
    return 0;
}

/* ---- compare-phases ---------------------------------------------------- */

/* Time ticks of the small panels: closer than on a full plot, whose
** spacing would leave a narrow panel with its two ends only. */
#define PANEL_TICK_SPACING 1.0

/* The top of the panels' activity axis: room over 100 % for a peak. */
#define PANEL_TOP 105

/* One arm's panel: its name over a plot of its phases in box b (the plot
** box itself).  The y tick labels go left of it when y_labels, the time
** tick labels under it when time_labels: the panels share their axes. */
static int phase_panel(const page *pg, const healsim_compare_arm *arm, chart_box b, double t1,
                       int y_labels, int time_labels, double marker)
{
    page apg = *pg;
    apg.data = &arm->data;
    plot p;
    memset(&p, 0, sizeof p);
    p.box = b;
    p.time = TIME_LINEAR;
    p.t1 = t1;
    p.x = (chart_scale){ 0, t1, b.x0, b.x1, 0 };
    p.y = (chart_scale){ 0, PANEL_TOP, b.y1, b.y0, 0 };
    /* the arm's name above the plot, in smaller type or cut where it is
    ** wider than the plot */
    double nw, nh;
    fig_measure(&apg, arm_label(arm), 1.0, 1, &nw, &nh);
    PangoLayout *l = fig_layout(&apg, arm_label(arm), fmax(0.8, fmin(1.0, (b.x1 - b.x0) / fmax(nw, 1))), 1);
    pango_layout_set_width(l, (int)((b.x1 - b.x0) * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    double w, h;
    fig_text_size(l, &w, &h);
    fig_set_rgb(apg.cr, apg.th->ink);
    cairo_move_to(apg.cr, b.x0, b.y0 - h - 0.15 * apg.fs);
    pango_cairo_show_layout(apg.cr, l);
    g_object_unref(l);

    const int injured = fig_any_response(&arm->data);
    curve_set cs = { 0 };
    for (int k = 0; k < HEALSIM_N_PHASES && injured; k++)
        fig_curve_set_add(&cs, &fig_phase_series[k], 100.0); /* activities 0-1 as % */
    if (fig_curve_set_build(&apg, &p, &cs)) {
        fig_curve_set_clear(&cs);
        return -1;
    }
    if (injured)
        draw_phase_bands(&apg, &p);
    double lw, lh;
    fig_measure(&apg, "100", 0.9, 0, &lw, &lh);
    const size_t max_ticks = (size_t)fmax(2, fmin(6, floor((b.y1 - b.y0) / (1.5 * lh)) + 1));
    if (y_labels)
        draw_y_axis(&apg, &p, 0, 100, max_ticks, NULL);
    else
        draw_y_grid(&apg, &p, 0, 100, max_ticks);
    if (time_labels)
        draw_time_axis_spaced(&apg, &p, 0, PANEL_TICK_SPACING);
    else
        draw_time_grid(&apg, &p, PANEL_TICK_SPACING);
    draw_injection_lines(&apg, &p);
    fig_curve_set_draw(&apg, &cs);
    draw_frame(&apg, &p);
    if (!injured)
        draw_plot_note(&apg, &p, fig_word(&apg, HEALSIM_TEXT_NO_INJURY), 1);
    /* triangles of radius marker, as in the key */
    page mpg = apg;
    mpg.fs = marker / fig_marker_radius(&apg) * apg.fs;
    draw_injection_marks(&mpg, &p, 0);
    fig_curve_set_clear(&cs);
    return 0;
}

static int phases_page(const page *pg, const comparison *cx)
{
    chart_box all = fig_page_frame(pg, fig_word(pg, HEALSIM_TEXT_TITLE_COMPARE_PHASES), cx->title, cx->caption);
    /* panels in smaller type, as on the overview */
    page small = *pg;
    small.fs = 0.85 * pg->fs;
    small.line = 0.17 * small.fs;
    all.y0 += phase_keys(&small, all.x0, all.x1, all.y0, 1) + 0.4 * pg->fs;

    size_t cols, rows;
    chart_grid_shape(cx->n, &cols, &rows);
    double tw, th;
    fig_measure(&small, "100", 0.9, 0, &tw, &th);
    const double y_title_w = 1.2 * th + 0.2 * small.fs;   /* the shared activity title */
    const double tick_w = tw + fig_tick_gap(&small);      /* y tick labels, left column */
    const double name_h = 1.25 * th + 0.15 * small.fs;    /* each arm's name */
    const double under = fig_marker_radius(&small) + 0.2 * small.fs + th; /* time tick labels */
    const double time_title_h = 0.3 * small.fs + 1.2 * th;
    const double gap_x = 2.0 * small.fs, gap_y = 0.6 * small.fs;
    const chart_box grid = { all.x0 + y_title_w + tick_w, all.y0, all.x1 - 0.6 * pg->fs,
                             all.y1 - time_title_h - under };
    const double plot_w = (grid.x1 - grid.x0 - (double)(cols - 1) * gap_x) / (double)cols;
    const double plot_h = (grid.y1 - grid.y0 - (double)rows * name_h - (double)(rows - 1) * gap_y)
                          / (double)rows;
    /* injection markers as large as on a single run's figures, smaller
    ** (down to the outcome's lanes) where that would make them touch */
    double gap_days = INFINITY;
    for (size_t i = 0; i < cx->n; i++) {
        const healsim_figure_data *d = &cx->arms[i].data;
        for (size_t k = 1; k < d->n_injections; k++)
            gap_days = fmin(gap_days, d->injection_days[k] - d->injection_days[k - 1]);
    }
    const double marker = fmax(lane_radius(&small), fmin(fig_marker_radius(&small),
                                                         gap_days * plot_w / cx->t1 / 1.5));
    for (size_t i = 0; i < cx->n; i++) {
        const size_t c = i % cols, row = i / cols;
        const double x0 = grid.x0 + (double)c * (plot_w + gap_x);
        const double y0 = grid.y0 + (double)row * (name_h + plot_h + gap_y) + name_h;
        const chart_box b = { x0, y0, x0 + plot_w, y0 + plot_h };
        /* tick labels on the left column and under each column's last panel */
        if (phase_panel(&small, &cx->arms[i], b, cx->t1, c == 0, i + cols >= cx->n, marker))
            return -1;
    }
    /* the shared titles: time under the grid, activity along its left */
    plot shared;
    memset(&shared, 0, sizeof shared);
    shared.box = (chart_box){ grid.x0, grid.y0, grid.x0 + plot_w, grid.y1 };
    shared.t1 = cx->t1;
    shared.x = (chart_scale){ 0, cx->t1, grid.x0, grid.x0 + plot_w, 0 };
    char title[2 * HEALSIM_MAX_TEXT + 8];
    fig_time_axis_title(&small, &shared, title, sizeof title);
    draw_text(pg, title, 0.9, 0, pg->th->ink, (grid.x0 + grid.x1) / 2, grid.y1 + under + 0.3 * small.fs,
              0.5, 0);
    const char *activity = fig_word(pg, HEALSIM_TEXT_AXIS_ACTIVITY);
    double aw, ah;
    fig_measure(pg, activity, 0.9, 0, &aw, &ah);
    const double length = grid.y1 - grid.y0;
    draw_text_vertical(pg, activity, fmax(0.6, fmin(0.9, 0.9 * length / aw)), pg->th->ink,
                       all.x0 + y_title_w / 2, (grid.y0 + grid.y1) / 2, length);
    return 0;
}

/* ---- compare-bars ------------------------------------------------------ */

/* Does l fit its width: no line wider, no line broken inside a word? */
static int fits_its_width(PangoLayout *l)
{
    const char *text = pango_layout_get_text(l);
    const int width = pango_layout_get_width(l);
    for (GSList *it = pango_layout_get_lines_readonly(l); it; it = it->next) {
        PangoLayoutLine *line = it->data;
        PangoRectangle ink, logical;
        pango_layout_line_get_extents(line, &ink, &logical);
        if (logical.width > width)
            return 0;
        if (line->start_index > 0 && !g_ascii_isspace(text[line->start_index - 1]))
            return 0;
    }
    return 1;
}

/* An arm's name under its bar at scale x the body size: centred, wrapped
** to width at spaces; below 0.65, broken anywhere and cut after three
** lines.  Free with g_object_unref. */
static PangoLayout *bar_label(const page *pg, const char *text, double width, double scale)
{
    PangoLayout *l = fig_layout(pg, text, scale, 0);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    if (scale < 0.65) {
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_height(l, -3);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    } else {
        pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    }
    return l;
}

/* The size of the names under the bars: the largest, down from 0.9 x the
** body size, at which every name fits its width in three lines at most
** without breaking a word. */
static double bar_label_scale(const page *pg, const comparison *cx, double width)
{
    double scale = 0.9;
    for (size_t i = 0; i < cx->n; i++) {
        for (; scale >= 0.65; scale -= 0.1) {
            PangoLayout *l = bar_label(pg, arm_label(&cx->arms[i]), width, scale);
            int fits = pango_layout_get_line_count(l) <= 3 && fits_its_width(l);
            g_object_unref(l);
            if (fits)
                break;
        }
    }
    return scale;
}

/* A bar's value centred over (x, y), on a patch of background so the
** starting-strength line does not run through it. */
static void draw_value(const page *pg, const char *text, double scale, double x, double y)
{
    double w, h;
    fig_measure(pg, text, scale, 1, &w, &h);
    const double pad = 0.15 * pg->fs;
    cairo_rectangle(pg->cr, x - w / 2 - pad, y - h, w + 2 * pad, h);
    fig_set_rgb(pg->cr, pg->th->background);
    cairo_fill(pg->cr);
    draw_text(pg, text, scale, 1, pg->th->ink, x, y, 0.5, 1);
}

static int bars_page(const page *pg, const comparison *cx)
{
    chart_box r = fig_page_frame(pg, fig_word(pg, HEALSIM_TEXT_TITLE_COMPARE_BARS), cx->title, cx->caption);

    double end[HEALSIM_MAX_COMPARE_ARMS], vmax = 100;
    int same_start = 1;
    const double start = fig_row_value(&cx->arms[0].data, 0, STRENGTH_COLUMN);
    for (size_t i = 0; i < cx->n; i++) {
        end[i] = last_value(&cx->arms[i].data, STRENGTH_COLUMN);
        vmax = fmax(vmax, end[i]);
        same_start &= fabs(fig_row_value(&cx->arms[i].data, 0, STRENGTH_COLUMN) - start) < 0.05;
    }
    char start_value[32] = "";
    double start_w = 0;
    if (same_start) {
        /* "at the start" over the value, right of the plot at the line's end */
        double w1, w2, h;
        snprintf(start_value, sizeof start_value, "%.1f %%", start);
        fig_measure(pg, fig_word(pg, HEALSIM_TEXT_START), 0.85, 0, &w1, &h);
        fig_measure(pg, start_value, 0.85, 0, &w2, &h);
        start_w = fmax(w1, w2);
    }

    double left, unused;
    fig_axis_margins(pg, 0, &left, &unused);
    plot p;
    memset(&p, 0, sizeof p);
    p.box.x0 = r.x0 + left;
    p.box.x1 = r.x1 - (same_start ? start_w + 0.6 * pg->fs : 0.8 * pg->fs);
    const double slot = (p.box.x1 - p.box.x0) / (double)cx->n;
    const double label_w = 0.94 * slot;
    PangoLayout *labels[HEALSIM_MAX_COMPARE_ARMS];
    double labels_h = 0;
    const double label_scale = bar_label_scale(pg, cx, label_w);
    for (size_t i = 0; i < cx->n; i++) {
        double w, h;
        labels[i] = bar_label(pg, arm_label(&cx->arms[i]), label_w, label_scale);
        fig_text_size(labels[i], &w, &h);
        labels_h = fmax(labels_h, h);
    }
    /* room over the highest bar for its value */
    double vw, vh;
    fig_measure(pg, "100.0 %", 0.9, 1, &vw, &vh);
    p.box.y0 = r.y0 + 0.6 * pg->fs;
    p.box.y1 = r.y1 - labels_h - 0.5 * pg->fs;
    const double room = (vh + 0.3 * pg->fs) / fmax(1, p.box.y1 - p.box.y0);
    p.y = (chart_scale){ 0, vmax / fmax(0.5, 1 - room), p.box.y1, p.box.y0, 0 };

    draw_y_axis(pg, &p, 0, 100, 6, fig_word(pg, HEALSIM_TEXT_AXIS_END_STRENGTH));
    const double bar_w = fmin(0.62 * slot, 6 * pg->fs);
    const double value_scale = fmin(0.9, 0.9 * 0.98 * slot / vw);
    for (size_t i = 0; i < cx->n; i++) {
        const double x = p.box.x0 + ((double)i + 0.5) * slot, y = fig_py(&p, fmax(0, end[i]));
        cairo_rectangle(pg->cr, x - bar_w / 2, y, bar_w, p.box.y1 - y);
        fig_set_rgb(pg->cr, fig_colour(pg->th, cx->strength[i].colour));
        cairo_fill(pg->cr);
        /* a centred layout's lines are centred in its width */
        fig_set_rgb(pg->cr, pg->th->ink);
        cairo_move_to(pg->cr, x - label_w / 2, p.box.y1 + 0.4 * pg->fs);
        pango_cairo_show_layout(pg->cr, labels[i]);
        g_object_unref(labels[i]);
    }
    if (same_start) {
        /* over the bars, under their values */
        draw_reference_dash(pg, &p, start);
        const double y = fig_py(&p, start), x = p.box.x1 + 0.3 * pg->fs;
        draw_text(pg, fig_word(pg, HEALSIM_TEXT_START), 0.85, 0, pg->th->faint, x, y, 0, 1);
        draw_text(pg, start_value, 0.85, 0, pg->th->faint, x, y, 0, 0);
    }
    for (size_t i = 0; i < cx->n; i++) {
        char value[32];
        snprintf(value, sizeof value, "%.1f %%", end[i]);
        draw_value(pg, value, fmax(0.6, value_scale), p.box.x0 + ((double)i + 0.5) * slot,
                   fig_py(&p, fmax(0, end[i])) - 0.25 * pg->fs);
    }
    draw_frame(pg, &p);
    return 0;
}

/* ---- rendering --------------------------------------------------------- */

static int comparison_pages(const page *pg, const void *ctx)
{
    const comparison *cx = ctx;
    switch (cx->figure) {
    case HEALSIM_COMPARE_OUTCOME: return outcome_page(pg, cx);
    case HEALSIM_COMPARE_PHASES: return phases_page(pg, cx);
    default: return bars_page(pg, cx);
    }
}

static int check_request(healsim_compare_figure figure, unsigned format,
                         const healsim_compare_arm *arms, size_t n_arms,
                         const healsim_figure_style *style, healsim_diag *diag)
{
    if ((unsigned)figure >= HEALSIM_N_COMPARE_FIGURES)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "unknown comparison figure");
    if (format != HEALSIM_FORMAT_PNG && format != HEALSIM_FORMAT_SVG && format != HEALSIM_FORMAT_PDF)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "unknown figure format");
    int bad_size = healsim_figure_check_size(style, diag);
    if (bad_size)
        return bad_size;
    if (!arms || n_arms < HEALSIM_MIN_COMPARE_ARMS || n_arms > HEALSIM_MAX_COMPARE_ARMS)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "a comparison has %d to %d arms, not %zu",
                        HEALSIM_MIN_COMPARE_ARMS, HEALSIM_MAX_COMPARE_ARMS, arms ? n_arms : 0);
    for (size_t i = 0; i < n_arms; i++)
        if (!arms[i].data.rows || arms[i].data.n_rows < 2)
            return fig_fail(diag, HEALSIM_ERR_INPUT,
                            "nothing to draw for arm %zu ('%s'): its results have fewer than two rows",
                            i + 1, arm_label(&arms[i]));
    return HEALSIM_OK;
}

int healsim_compare_render(healsim_compare_figure figure, unsigned format,
                           const healsim_compare_arm *arms, size_t n_arms, const char *title,
                           const healsim_figure_style *style, FILE *out, healsim_diag *diag)
{
    memset(diag, 0, sizeof *diag);
    int rc = check_request(figure, format, arms, n_arms, style, diag);
    if (rc == HEALSIM_OK) {
        comparison cx = { figure, arms, n_arms, title ? title : "", { { 0 } }, 0, NULL };
        GString *caption = g_string_new(NULL);
        for (size_t i = 0; i < n_arms; i++) {
            cx.strength[i] = (series){ STRENGTH_COLUMN, arm_colours[i], arm_dashes[i],
                                       HEALSIM_TEXT_STRENGTH, arm_label(&arms[i]) };
            cx.t1 = fmax(cx.t1, fig_span_days(&arms[i].data));
        }
        if (!(cx.t1 > 0))
            cx.t1 = 1; /* every row at time 0: a day, for a time axis that has a length */
        for (size_t i = 0; i < n_arms; i++) {
            if (arm_label(&arms[i])[0]) {
                g_string_append(caption, caption->len ? " · " : "");
                g_string_append(caption, arm_label(&arms[i]));
            }
        }
        cx.caption = caption->str;
        rc = fig_render_file(format, style, NULL, cx.title[0] ? cx.title : "healsim", comparison_pages,
                             &cx, out, diag);
        g_string_free(caption, TRUE);
    }
    const char *name = healsim_compare_figure_name(figure); /* the figure the message is about */
    return fig_name_failure(rc, name ? name : "compare", format, diag);
}
