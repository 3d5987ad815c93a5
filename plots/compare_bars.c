/*
** compare_bars.c — compare-bars: each arm's strength at the end (plots/compare.h).
**
** A bar per arm in its colour with its value on top (on a patch of ground,
** so the starting line does not run through it), the arm's name under it
** wrapped at spaces in the largest type in which every name fits, and the
** common starting strength as a dashed line, named right of the plot.
*/
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double last_value(const healsim_figure_data *d, int column)
{
    return fig_row_value(d, d->n_rows - 1, column);
}

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
            PangoLayout *l = bar_label(pg, fig_arm_label(&cx->arms[i]), width, scale);
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

int fig_compare_bars_page(const page *pg, const comparison *cx)
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
        labels[i] = bar_label(pg, fig_arm_label(&cx->arms[i]), label_w, label_scale);
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
        fig_show_layout(pg, labels[i], x - label_w / 2, p.box.y1 + 0.4 * pg->fs, pg->th->ink, pg->th->background);
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
