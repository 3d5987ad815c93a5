/*
** sweep_line.c — a sweep of one parameter: the outcome as a line (plots/batch.h).
**
** A point per run on a line through them, broken where a run failed (a
** cross on the axis there), the best run ringed with its value over it.
** The x ticks stand at the swept values themselves where they are few,
** round and have room, else on round numbers of a linear or log axis.
*/
#include "batch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Is v shown exactly (to 1e-9) by fig_format_value? */
static int round_value(double v)
{
    char digits[48];
    snprintf(digits, sizeof digits, "%.4g", v);
    return fabs(strtod(digits, NULL) - v) <= 1e-9 * fmax(1e-300, fabs(v));
}

/* Where the x ticks of a line sweep go: at the values themselves when
** they are few, round and have room, else on round numbers. */
static void line_x_labels(const page *pg, const healsim_sweep_plot *sp, const chart_scale *x,
                          axis_labels *al)
{
    const size_t n = sp->n[0];
    const double *v = sp->values[0];
    double widest = 0;
    int round = n <= 16;
    for (size_t i = 0; i < n && round; i++) {
        char t[48];
        double w, h;
        fig_format_value(v[i], t, sizeof t);
        fig_measure(pg, t, 0.9, 0, &w, &h);
        widest = fmax(widest, w);
        round = round_value(v[i]);
    }
    double closest = INFINITY;
    for (size_t i = 1; i < n && round; i++)
        closest = fmin(closest, chart_scale_map(x, v[i]) - chart_scale_map(x, v[i - 1]));
    al->n = 0;
    if (round && closest >= widest + 0.8 * pg->fs) {
        for (size_t i = 0; i < n; i++) {
            al->at[al->n] = chart_scale_map(x, v[i]);
            fig_format_value(v[i], al->text[al->n++], sizeof al->text[0]);
        }
        return;
    }
    double lw, lh;
    fig_measure(pg, "0.0000", 0.9, 0, &lw, &lh);
    const size_t max = (size_t)fmax(2, fmin(MAX_AXIS_LABELS, floor(fabs(x->r1 - x->r0) / (1.6 * lw))));
    double ticks[MAX_AXIS_LABELS];
    size_t nt = x->log ? chart_log_ticks(v[0], v[n - 1], max, ticks, MAX_AXIS_LABELS)
                       : chart_ticks(v[0], v[n - 1], max > CHART_MAX_TICKS ? CHART_MAX_TICKS : max, ticks, NULL);
    if (nt < 2) { /* no round number between them: the two ends */
        ticks[0] = v[0];
        ticks[1] = v[n - 1];
        nt = 2;
    }
    for (size_t i = 0; i < nt; i++) {
        al->at[al->n] = chart_scale_map(x, ticks[i]);
        fig_format_value(ticks[i], al->text[al->n++], sizeof al->text[0]);
    }
}

/* A failed run on a line: a cross just above the x axis. */
static void draw_cross(const page *pg, double x, double y, double r)
{
    cairo_t *cr = pg->cr;
    cairo_new_path(cr);
    cairo_move_to(cr, x - r, y - r);
    cairo_line_to(cr, x + r, y + r);
    cairo_move_to(cr, x - r, y + r);
    cairo_line_to(cr, x + r, y - r);
    fig_set_rgb(cr, fig_colour(pg->th, C_VERMILLION));
    cairo_set_line_width(cr, 0.16 * pg->fs);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_stroke(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
}

int fig_sweep_line_page(const page *pg, const healsim_sweep_plot *sp, const char *caption)
{
    cairo_t *cr = pg->cr;
    const chart_box r = fig_page_frame(pg, fig_word(pg, HEALSIM_TEXT_TITLE_SWEEP), fig_str(sp->title), caption);
    const outcome_range o = fig_sweep_range(sp);
    const size_t n = sp->n[0];
    const double *v = sp->values[0];

    /* the outcome's domain: the values with a margin, and room over the
    ** highest for its label */
    double lo, data_top;
    chart_domain(o.lo, o.hi, 0.08, 0.08, &lo, &data_top);
    const double label_h = fig_line_height(pg, 0.9);

    /* the left margin holds the widest tick label and the title */
    double ticks[CHART_MAX_TICKS], widest = 0;
    const size_t nt = chart_ticks(lo, data_top, 6, ticks, NULL);
    for (size_t i = 0; i < nt; i++) {
        char t[32];
        double w, h;
        fig_format_tick(ticks[i], t, sizeof t);
        fig_measure(pg, t, 0.9, 0, &w, &h);
        widest = fmax(widest, w);
    }
    char x_title[2 * HEALSIM_MAX_TEXT + 16];
    fig_value_axis_title(fig_str(sp->axis_name[0]), fig_str(sp->axis_unit[0]), x_title, sizeof x_title);
    plot p;
    memset(&p, 0, sizeof p);
    p.box.x0 = r.x0 + 0.3 * pg->fs + fig_line_height(pg, 1.0) + 0.3 * pg->fs + widest + fig_tick_gap(pg);
    p.box.x1 = r.x1 - 1.2 * pg->fs;
    p.box.y0 = r.y0 + 0.4 * pg->fs;
    p.box.y1 = r.y1 - fig_x_axis_height(pg);
    const double plot_h = p.box.y1 - p.box.y0;
    const double room = fmin(0.4 * plot_h, 1.1 * pg->fs + label_h); /* ring and label over the best */
    const double hi = chart_headroom(lo, data_top, plot_h, room);
    p.y = (chart_scale){ lo, hi, p.box.y1, p.box.y0, 0 };
    /* x: the values with a little room at both ends for their points */
    p.x = chart_padded_scale(v[0], v[n - 1], sp->log_axis[0], 0.04, p.box.x0, p.box.x1);

    const size_t max_ticks = (size_t)fmax(2, fmin(8, floor(plot_h / (2.2 * label_h)) + 1));
    draw_y_axis(pg, &p, lo, hi, max_ticks, fig_str(sp->outcome_name));
    axis_labels al;
    line_x_labels(pg, sp, &p.x, &al);
    fig_draw_x_labels(pg, p.box, &al, x_title, 1);

    /* the line, broken where a run failed */
    double *xs = malloc(n * sizeof *xs), *ys = malloc(n * sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return -1;
    }
    double closest = INFINITY;
    for (size_t i = 0; i < n; i++) {
        xs[i] = chart_scale_map(&p.x, v[i]);
        ys[i] = chart_scale_map(&p.y, sp->outcome[i]);
        if (i)
            closest = fmin(closest, xs[i] - xs[i - 1]);
    }
    const rgb blue = fig_colour(pg->th, C_BLUE);
    for (size_t i = 0; i < n;) {
        while (i < n && isnan(sp->outcome[i]))
            i++;
        size_t j = i;
        while (j < n && !isnan(sp->outcome[j]))
            j++;
        if (j > i) {
            /* a long sweep's line, simplified like every curve: its path
            ** (and the file) stays small however many runs there are */
            double *sx = malloc((j - i) * sizeof *sx), *sy = malloc((j - i) * sizeof *sy);
            if (sx && sy) {
                memcpy(sx, xs + i, (j - i) * sizeof *sx);
                memcpy(sy, ys + i, (j - i) * sizeof *sy);
                size_t m = chart_simplify(sx, sy, j - i, 0.05);
                fig_stroke_curve(pg, sx, sy, m, blue, 0, pg->line);
                fig_layout_curve(pg, sx, sy, m);
            }
            free(sx);
            free(sy);
        }
        i = j;
    }
    /* a point per run, smaller where they crowd; none where they would
    ** merge into the line anyway (thousands of runs) */
    const double radius = fmax(0.1 * pg->fs, fmin(0.36 * pg->fs, closest / 3));
    const double cross = fmax(0.2 * pg->fs, fmin(0.4 * pg->fs, closest / 3));
    const int dots = closest >= 0.2 * pg->fs;
    for (size_t i = 0; i < n && dots; i++) {
        if (isnan(sp->outcome[i]))
            continue;
        cairo_new_path(cr);
        cairo_arc(cr, xs[i], ys[i], radius, 0, 2 * M_PI);
        fig_set_rgb(cr, blue);
        cairo_fill(cr);
    }
    draw_frame(pg, &p);
    /* a failed run: a cross on the axis, where its point would stand */
    for (size_t i = 0; i < n; i++)
        if (isnan(sp->outcome[i]))
            draw_cross(pg, xs[i], p.box.y1, cross);

    /* the best run: ringed, its value over it */
    const double ring = radius + 0.32 * pg->fs;
    char value[64], text[96];
    fig_format_fixed(sp->outcome[o.best], fig_outcome_decimals(&o), 0, value, sizeof value);
    snprintf(text, sizeof text, "%s %s", fig_best_word(sp), value);
    {
        /* the first of equal bests, the run the caption names */
        const size_t i = o.best;
        cairo_new_path(cr);
        cairo_arc(cr, xs[i], ys[i], ring, 0, 2 * M_PI);
        fig_set_rgb(cr, fig_colour(pg->th, C_VERMILLION));
        cairo_set_line_width(cr, 0.14 * pg->fs);
        cairo_stroke(cr);
        double w, h;
        fig_measure(pg, text, 0.9, 1, &w, &h);
        const double x = fmin(fmax(xs[i], p.box.x0 + w / 2 + 0.2 * pg->fs), p.box.x1 - w / 2);
        draw_text(pg, text, 0.9, 1, pg->th->ink, x, ys[i] - ring - 0.15 * pg->fs, 0.5, 1);
    }
    free(xs);
    free(ys);
    return 0;
}
