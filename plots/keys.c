/*
** keys.c — keys: a row of samples and their names (plots/draw.h).
**
** A key explains marks that are not named on the plot: a curve's line
** sample, a band's swatch, the injection triangle.  Entries are set side by
** side in centred rows as wide as the room given, a name wider than a row
** cut with an ellipsis; fig_draw_keys can measure without drawing, so a
** page can keep room for its key before it draws the plot under it.
*/
#include "draw.h"

#include <math.h>

/* A key's text from x, centred on mid, cut with an ellipsis beyond width. */
static void draw_key_text(const page *pg, const fig_key *k, double width, rgb c, double x, double mid)
{
    PangoLayout *l = fig_layout(pg, k->text, 0.9, k->s && !k->band);
    pango_layout_set_width(l, (int)ceil(width * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    double w, h;
    fig_text_size(l, &w, &h);
    fig_show_layout(pg, l, x, mid - h / 2, c, pg->th->background);
    g_object_unref(l);
}

double fig_draw_keys(const page *pg, fig_key *k, size_t n, double x0, double x1, double y, int draw)
{
    const double sample = 2.2 * pg->fs, pad = 0.35 * pg->fs, space = 1.1 * pg->fs;
    const double r = fig_marker_radius(pg);
    double text_w[FIG_MAX_KEYS], key_w[FIG_MAX_KEYS], key_h[FIG_MAX_KEYS];
    if (n > FIG_MAX_KEYS)
        n = FIG_MAX_KEYS;
    for (size_t i = 0; i < n; i++) {
        const double mark = (k[i].s || k[i].fill ? sample : 1.4 * r) + pad;
        fig_measure(pg, k[i].text, 0.9, k[i].s && !k[i].band, &text_w[i], &k[i].h);
        text_w[i] = fmin(text_w[i], fmax(pg->fs, x1 - x0 - mark)); /* a name wider than a row is cut */
        k[i].w = text_w[i] + mark;
        key_w[i] = k[i].w;
        key_h[i] = k[i].h;
    }
    double height = 0;
    size_t first = 0;
    while (first < n) {
        /* as many entries as fit on this row (at least one) */
        double row_w, row_h;
        const size_t end = chart_row_end(key_w, key_h, first, n, space, x1 - x0, &row_w, &row_h);
        double x = fmax(x0, (x0 + x1 - row_w) / 2), mid = y + height + row_h / 2;
        if (draw)
            fig_layout_key(pg, (chart_box){ x, y + height, x + row_w, y + height + row_h });
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
                draw_key_text(pg, &k[i], text_w[i], k[i].band ? pg->th->ink : fig_text_colour(pg->th, k[i].s->colour),
                              x + sample + pad, mid);
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
