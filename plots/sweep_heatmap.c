/*
** sweep_heatmap.c — a sweep of two parameters: a heatmap (plots/batch.h).
**
** A cell per run on the viridis colour map (theme.c), its value in it where
** every value fits its cell, the best cell (every cell that reads as the
** best, where values are printed) outlined in ink on a halo of background,
** a failed run's cell hatched; the axes labelled at the cells' centres, and
** a colour bar with its ticks and the outcome's name on the right.
*/
#include "batch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Does run i show the best value, to the decimals of the values
** printed in a heatmap's cells?  Where they are printed, every cell that
** reads as the best is outlined, not just one of them. */
static int reads_as_best(const healsim_sweep_plot *sp, const outcome_range *o, size_t i)
{
    const double v = sp->outcome[i];
    if (isnan(v))
        return 0;
    char a[64], b[64];
    fig_format_fixed(v, fig_outcome_decimals(o), 0, a, sizeof a);
    fig_format_fixed(o->best_value, fig_outcome_decimals(o), 0, b, sizeof b);
    return strcmp(a, b) == 0;
}

/* Labels of a heatmap axis at the centres of its cells: every one, or
** every 2nd, 5th, 10th, ... where they would crowd.  first is the page
** coordinate of cell 0's centre, step the distance between centres (< 0
** going up), need the room one label takes along the axis. */
static void cell_labels(const double *values, size_t n, double first, double step, double need,
                        axis_labels *al)
{
    const size_t k = chart_label_stride(n, step, need, MAX_AXIS_LABELS);
    al->n = 0;
    for (size_t i = 0; i < n && al->n < MAX_AXIS_LABELS; i += k) {
        al->at[al->n] = first + (double)i * step;
        fig_format_value(values[i], al->text[al->n++], sizeof al->text[0]);
    }
}

/* The widest of some values as labels at 0.9 x the body size. */
static double widest_value(const page *pg, const double *values, size_t n)
{
    double widest = 0;
    /* long sweeps: the ends and a sample between them tell the width */
    const size_t stride = n > 200 ? n / 100 : 1;
    for (size_t i = 0; i < n; i += stride) {
        char t[48];
        double w, h;
        fig_format_value(values[i], t, sizeof t);
        fig_measure(pg, t, 0.9, 0, &w, &h);
        widest = fmax(widest, w);
    }
    char t[48];
    double w, h;
    fig_format_value(values[n - 1], t, sizeof t);
    fig_measure(pg, t, 0.9, 0, &w, &h);
    return fmax(widest, w);
}

/* A failed run's cell: diagonal hatching on the background. */
static void hatch(const page *pg, chart_box c)
{
    cairo_t *cr = pg->cr;
    cairo_save(cr);
    cairo_rectangle(cr, c.x0, c.y0, c.x1 - c.x0, c.y1 - c.y0);
    fig_set_rgb(cr, pg->th->background);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    const double gap = 0.45 * pg->fs, h = c.y1 - c.y0;
    cairo_new_path(cr);
    for (double x = c.x0 - h; x < c.x1; x += gap) {
        cairo_move_to(cr, x, c.y1);
        cairo_line_to(cr, x + h, c.y0);
    }
    fig_set_rgb(cr, pg->th->faint);
    cairo_set_line_width(cr, 0.07 * pg->fs);
    cairo_stroke(cr);
    cairo_restore(cr);
}

int fig_sweep_heatmap_page(const page *pg, const healsim_sweep_plot *sp, const char *caption)
{
    cairo_t *cr = pg->cr;
    const chart_box r = fig_page_frame(pg, fig_word(pg, HEALSIM_TEXT_TITLE_SWEEP), fig_str(sp->title), caption);
    const outcome_range o = fig_sweep_range(sp);
    const size_t nx = sp->n[0], ny = sp->n[1];

    /* the colour bar's domain: the outcomes, or round a single value */
    double lo, hi;
    chart_domain(o.lo, o.hi, 0, 0.5, &lo, &hi);
    const double lh = fig_line_height(pg, 0.9), th = fig_line_height(pg, 1.0);
    double bar_ticks[CHART_MAX_TICKS], bar_w = 0;
    char bar_text[CHART_MAX_TICKS][32];
    const size_t n_bar = chart_ticks(lo, hi, 8, bar_ticks, NULL);
    for (size_t i = 0; i < n_bar; i++) {
        double w, h;
        fig_format_tick(bar_ticks[i], bar_text[i], sizeof bar_text[i]);
        fig_measure(pg, bar_text[i], 0.9, 0, &w, &h);
        bar_w = fmax(bar_w, w);
    }
    /* right: gap, colour bar, its tick labels, its title; left: the y
    ** axis's labels and title; bottom: the x axis's */
    const double strip = 1.1 * pg->fs, tick_gap = 0.35 * pg->fs;
    const double right = 1.4 * pg->fs + strip + tick_gap + bar_w + 0.45 * pg->fs + th + 0.2 * pg->fs;
    const double left = 0.3 * pg->fs + th + 0.4 * pg->fs + widest_value(pg, sp->values[1], ny) + 0.35 * pg->fs;
    const chart_box grid = { r.x0 + left, r.y0 + 0.4 * pg->fs, r.x1 - right, r.y1 - fig_x_axis_height(pg) };
    const double cw = (grid.x1 - grid.x0) / (double)nx, ch = (grid.y1 - grid.y0) / (double)ny;
    fig_layout_plot(pg, grid);

    /* the values in the cells: the largest type, down from 0.9 x the body
    ** size to 0.6, in which every value fits its cell; none if none does */
    const int decimals = fig_outcome_decimals(&o);
    double value_scale = 0;
    {
        char a[48], b[48];
        fig_format_fixed(o.lo, decimals, 0, a, sizeof a);
        fig_format_fixed(o.hi, decimals, 0, b, sizeof b);
        for (double s = 0.9; s >= 0.6 - 1e-9 && value_scale == 0; s -= 0.05) {
            double wa, wb, h;
            fig_measure(pg, a, s, 1, &wa, &h);
            fig_measure(pg, b, s, 1, &wb, &h);
            if (fmax(wa, wb) + 0.4 * pg->fs <= cw && h + 0.1 * pg->fs <= ch)
                value_scale = s;
        }
    }
    /* cells a hairline apart where they are large; edge to edge (a little
    ** overlap, so no seam shows) where they are small */
    const double gap = cw >= 1.5 * pg->fs && ch >= 1.0 * pg->fs ? 0.06 * pg->fs : 0;
    const double overlap = gap > 0 ? 0 : 0.25;
    for (size_t i0 = 0; i0 < nx; i0++) {
        for (size_t i1 = 0; i1 < ny; i1++) {
            const double v = sp->outcome[i0 * ny + i1];
            const chart_box c = chart_cell_box(grid, nx, ny, i0, i1, gap);
            if (isnan(v)) {
                hatch(pg, c);
                continue;
            }
            const rgb colour = fig_colour_map((v - lo) / (hi - lo));
            cairo_rectangle(cr, c.x0, c.y0 - (i1 + 1 < ny ? overlap : 0), c.x1 - c.x0 + (i0 + 1 < nx ? overlap : 0),
                            c.y1 - c.y0 + (i1 + 1 < ny ? overlap : 0));
            fig_set_rgb(cr, colour);
            cairo_fill(cr);
            if (value_scale > 0) {
                char t[48];
                fig_format_fixed(v, decimals, 0, t, sizeof t);
                draw_text_on(pg, t, value_scale, reads_as_best(sp, &o, i0 * ny + i1), fig_text_on(colour),
                             colour, (c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2, 0.5, 0.5);
            }
        }
    }
    /* the best cell outlined (every cell that reads as the best, where
    ** values are printed): a line of ink in a halo of background, seen
    ** against any cell */
    const double line = fmin(0.16 * pg->fs, 0.3 * fmin(cw, ch) + 0.5);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < nx * ny; i++) {
            if (value_scale > 0 ? !reads_as_best(sp, &o, i) : i != o.best)
                continue;
            const chart_box c = chart_cell_box(grid, nx, ny, i / ny, i % ny, 0);
            cairo_rectangle(cr, c.x0, c.y0, cw, ch);
            fig_set_rgb(cr, pass == 0 ? pg->th->background : pg->th->ink);
            cairo_set_line_width(cr, pass == 0 ? 2.2 * line : line);
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
            cairo_stroke(cr);
        }
    }

    /* axes: x across the bottom, y up the left, labels at the cells' centres */
    axis_labels al;
    char title[2 * HEALSIM_MAX_TEXT + 16];
    cell_labels(sp->values[0], nx, grid.x0 + cw / 2, cw, widest_value(pg, sp->values[0], nx) + 0.6 * pg->fs,
                &al);
    fig_value_axis_title(fig_str(sp->axis_name[0]), fig_str(sp->axis_unit[0]), title, sizeof title);
    fig_draw_x_labels(pg, grid, &al, title, 0);
    cell_labels(sp->values[1], ny, grid.y1 - ch / 2, -ch, 1.15 * lh, &al);
    for (size_t i = 0; i < al.n; i++)
        draw_text(pg, al.text[i], 0.9, 0, pg->th->faint, grid.x0 - 0.35 * pg->fs, al.at[i], 1, 0.5);
    fig_value_axis_title(fig_str(sp->axis_name[1]), fig_str(sp->axis_unit[1]), title, sizeof title);
    {
        double w, h;
        fig_measure(pg, title, 1.0, 0, &w, &h);
        const double length = grid.y1 - grid.y0;
        draw_text_vertical(pg, title, fmax(0.6, fmin(1.0, length / fmax(w, 1))), pg->th->ink,
                           r.x0 + 0.3 * pg->fs + th / 2, (grid.y0 + grid.y1) / 2, length);
    }

    /* the colour bar: the map from lo (bottom) to hi (top), its ticks,
    ** labels and title (the outcome) */
    const double bx0 = grid.x1 + 1.4 * pg->fs, bx1 = bx0 + strip;
    cairo_pattern_t *g = cairo_pattern_create_linear(0, grid.y1, 0, grid.y0);
    for (size_t i = 0; i < FIG_COLOUR_MAP_ANCHORS; i++) {
        const rgb c = fig_colour_map_anchor(i);
        cairo_pattern_add_color_stop_rgb(g, (double)i / (FIG_COLOUR_MAP_ANCHORS - 1), c.r, c.g, c.b);
    }
    cairo_rectangle(cr, bx0, grid.y0, strip, grid.y1 - grid.y0);
    cairo_set_source(cr, g);
    cairo_fill(cr);
    cairo_pattern_destroy(g);
    cairo_set_line_width(cr, 0.8);
    for (size_t i = 0; i < n_bar; i++) {
        const double y = grid.y1 - (bar_ticks[i] - lo) / (hi - lo) * (grid.y1 - grid.y0);
        fig_set_rgb(cr, pg->th->faint);
        cairo_move_to(cr, bx1, y);
        cairo_line_to(cr, bx1 + 0.25 * pg->fs, y);
        cairo_stroke(cr);
        draw_text(pg, bar_text[i], 0.9, 0, pg->th->faint, bx1 + tick_gap, y, 0, 0.5);
    }
    {
        const char *name = fig_str(sp->outcome_name);
        double w, h;
        fig_measure(pg, name, 1.0, 0, &w, &h);
        const double length = grid.y1 - grid.y0;
        draw_text_vertical(pg, name, fmax(0.6, fmin(1.0, length / fmax(w, 1))), pg->th->ink,
                           bx1 + tick_gap + bar_w + 0.45 * pg->fs + th / 2, (grid.y0 + grid.y1) / 2, length);
    }
    return 0;
}
