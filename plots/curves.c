/*
** curves.c — curves and their names (plots/draw.h).
**
** A curve set holds the curves of one plot as page geometry (points,
** simplified; their envelope; where each would be named) built before
** anything is drawn, so the names can be placed first: beside their curve,
** clear of every other curve and label (chart_labels_place), and those that
** find no room in a legend, which may narrow the plot and build it again.
** The set owns the arrays it builds until fig_curve_set_clear.
*/
#include "draw.h"

#include <math.h>
#include <stdlib.h>

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

/* Where each curve of cs is farthest from the others: a gap of a few
** lines of text is as good as any wider one. */
static void label_apart(const page *pg, curve_set *cs)
{
    for (size_t k = 0; k < cs->n; k++)
        cs->peak_x[k] = chart_envelope_apart_x(cs->env, cs->n, k, 2.5 * pg->fs, cs->peak_x[k]);
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
        /* named where it first comes within 2 % of its highest point */
        const size_t best = chart_first_peak(ys, n, 0.02 * (p->box.y1 - p->box.y0));
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
        fig_layout_curve(pg, cs->xs[k], cs->ys[k], cs->n_points[k]);
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
    cl->keys_above = 0;
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
    fig_place_labels(pg, cl->label, cs->n, p->box, (chart_envelope *const *)cs->env, cs->n, obstacles,
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

static double key_rows(const page *pg, const curve_set *cs, double x0, double x1, double y, int draw);

/* Draw the placed labels, and the legend where the layout put it. */
void fig_curve_labels_draw(const page *pg, const curve_set *cs, const curve_labels *cl)
{
    double x = cl->legend_x, y = cl->legend_y;
    if (cl->keys_above)
        key_rows(pg, cs, cl->keys_x0, cl->keys_x1, cl->keys_y, 1);
    for (size_t i = 0; i < cs->n; i++)
        if (cl->label[i].placed)
            draw_text(pg, fig_series_name(pg, cs->s[i]), 1.0, 1, fig_text_colour(pg->th, cs->s[i]->colour),
                      cl->label[i].box.x0 + label_pad(pg) / 2, cl->label[i].box.y0, 0, 0);
    if (!cl->missing)
        return;
    const double pad = 0.4 * pg->fs;
    fig_layout_key(pg, (chart_box){ x, y, x + cl->legend_w, y + cl->legend_h });
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
        draw_text(pg, fig_series_name(pg, cs->s[i]), 1.0, 1, fig_text_colour(pg->th, cs->s[i]->colour),
                  xs[1] + pad, y, 0, 0);
        y += cl->label[i].h;
    }
}

/* Every name of cs into the legend, none on its curve. */
static void all_in_legend(const page *pg, const curve_set *cs, curve_labels *cl)
{
    const double pad = 0.4 * pg->fs;
    cl->missing = 0;
    cl->legend_w = cl->legend_h = 0;
    for (size_t i = 0; i < cs->n; i++) {
        cl->label[i].placed = 0;
        if (!fig_series_name(pg, cs->s[i])[0])
            continue; /* a curve without a name has no entry */
        cl->missing++;
        cl->legend_w = fmax(cl->legend_w, cl->label[i].w + FIG_LEGEND_SAMPLE * pg->fs + 3 * pad);
        cl->legend_h += cl->label[i].h;
    }
    cl->legend_h += 2 * pad;
}

/* The rows of keys naming the curves of cs, x0 to x1 from y: their height;
** drawn when draw is set. */
static double key_rows(const page *pg, const curve_set *cs, double x0, double x1, double y, int draw)
{
    fig_key k[MAX_CURVES];
    size_t n = 0;
    for (size_t i = 0; i < cs->n; i++)
        if (fig_series_name(pg, cs->s[i])[0])
            k[n++] = (fig_key){ .s = cs->s[i], .text = fig_series_name(pg, cs->s[i]) };
    return fig_draw_keys(pg, k, n, x0, x1, y, draw);
}

/* Lay out the curves of cs in p: build and place the labels, and where
** one finds no room, put every name into one key clear of the data. */
int fig_curve_set_layout(const page *pg, plot *p, curve_set *cs, curve_labels *cl,
                         const chart_box *obstacles, size_t n_obstacles)
{
    memset(cl, 0, sizeof *cl);
    if (fig_curve_set_build(pg, p, cs))
        return -1;
    fig_curve_labels_place(pg, p, cs, cl, obstacles, n_obstacles);
    if (!cl->missing)
        return 0;
    all_in_legend(pg, cs, cl);
    /* in the plot: a region clear of curves, the caller's obstacles and
    ** the text drawn so far, tried from the top right down */
    for (int row = 0; row < 4; row++) {
        const double gap = 0.25 * cl->legend_h; /* the placer's gap above a free label's anchor */
        chart_label legend = { cl->legend_w, cl->legend_h, -1, p->box.x1 - cl->legend_w / 2,
                               p->box.y0 + 0.2 * pg->fs + cl->legend_h + gap
                                   + row * 0.25 * (p->box.y1 - p->box.y0 - cl->legend_h),
                               0, 0, { 0, 0, 0, 0 } };
        fig_place_labels(pg, &legend, 1, p->box, (chart_envelope *const *)cs->env, cs->n, obstacles,
                         n_obstacles);
        if (legend.placed) {
            cl->legend_x = legend.box.x0;
            cl->legend_y = legend.box.y0;
            return 0;
        }
    }
    const double legend_w = cl->legend_w, legend_h = cl->legend_h;
    if (legend_w + 0.5 * pg->fs <= 0.4 * (p->box.x1 - p->box.x0) && legend_h <= p->box.y1 - p->box.y0) {
        /* beside the plot, which gives up the room */
        p->box.x1 -= legend_w + 0.5 * pg->fs;
        p->x.r1 = p->box.x1;
        if (fig_curve_set_build(pg, p, cs))
            return -1;
        all_in_legend(pg, cs, cl);
        cl->legend_x = p->box.x1 + 0.5 * pg->fs;
        cl->legend_y = p->box.y0;
        return 0;
    }
    /* above the plot, which is lowered for the rows */
    cl->missing = 0;
    cl->keys_above = 1;
    cl->keys_x0 = p->box.x0;
    cl->keys_x1 = p->box.x1;
    cl->keys_y = p->box.y0;
    const double rows = key_rows(pg, cs, cl->keys_x0, cl->keys_x1, cl->keys_y, 0) + 0.3 * pg->fs;
    p->box.y0 += rows;
    p->y.r1 = p->box.y0;
    return fig_curve_set_build(pg, p, cs);
}
