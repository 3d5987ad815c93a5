/*
** compare_phases.c — compare-phases: a small panel per arm (plots/compare.h).
**
** Small multiples: each arm's four phase curves and dominant-phase bands on
** shared axes, in a grid of up to three columns (chart_grid_shape); tick
** labels only on the left column and under each column's last panel, one
** time title and one activity title for the grid, and one key for the
** phases over it.  Injection markers as large as on a single run's figures,
** smaller where they would touch.
*/
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
    fig_measure(&apg, fig_arm_label(arm), 1.0, 1, &nw, &nh);
    PangoLayout *l = fig_layout(&apg, fig_arm_label(arm), fmax(0.8, fmin(1.0, (b.x1 - b.x0) / fmax(nw, 1))), 1);
    pango_layout_set_width(l, (int)((b.x1 - b.x0) * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    double w, h;
    fig_text_size(l, &w, &h);
    fig_show_layout(&apg, l, b.x0, b.y0 - h - 0.15 * apg.fs, apg.th->ink, apg.th->background);
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

int fig_compare_phases_page(const page *pg, const comparison *cx)
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
    const double marker = fmax(fig_lane_radius(&small), fmin(fig_marker_radius(&small),
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
