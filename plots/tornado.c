/*
** tornado.c — the figure of `healsim sensitivity`: a tornado chart (plots/batch.h).
**
** A bar per parameter, its normalized sensitivity, sorted by size with the
** largest at the top; negative bars (vermillion) left of the zero line,
** positive (blue) right of it; values at the bars' ends, parameter names at
** the left, wrapped at their parts ("section." over "key") or set smaller,
** and cut in the middle where even that is too long.
*/
#include "batch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int check_tornado(const healsim_tornado_plot *tp, healsim_diag *diag)
{
    if (!tp)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: no sensitivities (NULL)");
    if (tp->n < 1 || tp->n > HEALSIM_MAX_TORNADO_BARS)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "a tornado chart has 1 to %d bars, not %zu",
                        HEALSIM_MAX_TORNADO_BARS, tp->n);
    if (!tp->names || !tp->values)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: the sensitivities have no %s (NULL)",
                        tp->names ? "values" : "names");
    for (size_t i = 0; i < tp->n; i++) {
        const double v = tp->values[i];
        if (!isfinite(v))
            return fig_fail(diag, HEALSIM_ERR_INPUT, "the sensitivity of '%s' is not a number", fig_str(tp->names[i]));
        if (i > 0 && fabs(v) > fabs(tp->values[i - 1]) * (1 + 1e-12))
            return fig_fail(diag, HEALSIM_ERR_INPUT,
                            "the sensitivities must be sorted by size, largest first, but '%s' (%g) follows "
                            "'%s' (%g)", fig_str(tp->names[i]), v, fig_str(tp->names[i - 1]), tp->values[i - 1]);
    }
    return HEALSIM_OK;
}

/* A parameter's name with a break allowed (a zero-width space) after its
** '.', and with underscores after each '_' too, so a long name wraps at
** its parts.  Free with g_free. */
static char *breakable(const char *name, int underscores)
{
    GString *s = g_string_new(NULL);
    for (const char *c = name; *c; c++) {
        g_string_append_c(s, *c);
        if ((*c == '.' || (underscores && *c == '_')) && c[1])
            g_string_append(s, "\xE2\x80\x8B"); /* U+200B ZERO WIDTH SPACE */
    }
    return g_string_free(s, FALSE);
}

/* The name as it is set in a column width wide: broken after the section
** ("inflammation." over "neutrophil_recruitment_per_day") where the key
** fits a line, else at underscores too.  Free with g_free. */
static char *name_for_column(const page *pg, const char *name, double scale, double width)
{
    double w, h;
    fig_measure(pg, name, scale, 0, &w, &h);
    const char *dot = strchr(name, '.');
    if (w <= width || !dot)
        return breakable(name, w > width);
    fig_measure(pg, dot + 1, scale, 0, &w, &h);
    return breakable(name, w > width);
}

static int tornado_page(const page *pg, const void *figure, const char *caption)
{
    const healsim_tornado_plot *tp = figure;
    cairo_t *cr = pg->cr;
    const chart_box r = fig_page_frame(pg, fig_word(pg, HEALSIM_TEXT_TITLE_SENSITIVITY), fig_str(tp->title), caption);
    const size_t n = tp->n;
    const double y0 = r.y0 + 0.3 * pg->fs, y1 = r.y1 - fig_x_axis_height(pg);
    const double pitch = (y1 - y0) / (double)n;

    /* names and values in type that fits a bar's pitch, 0.9 x the body size
    ** at most */
    const double text_scale = fmax(0.5, fmin(0.9, 0.9 * pitch / fig_line_height(pg, 1.0)));
    const double name_line = fig_line_height(pg, text_scale);
    const int lines = (int)fmax(1, floor(0.98 * pitch / name_line));
    char *names[HEALSIM_MAX_TORNADO_BARS];
    double name_w = 0;
    for (size_t i = 0; i < n; i++) {
        double w, h;
        fig_measure(pg, fig_str(tp->names[i]), text_scale, 0, &w, &h);
        name_w = fmax(name_w, w);
    }
    /* names longer than their column wrap at their parts where a bar has
    ** room for two lines, else are set smaller (down to 0.6 x the body
    ** size) and, if still too long, cut in the middle, which keeps the
    ** section and the end of the key */
    const double name_room = 0.46 * (r.x1 - r.x0);
    const double name_min = fmin(text_scale, 0.6);
    double name_scale = text_scale;
    /* glyph advances are rounded, so widths do not shrink quite in
    ** proportion: a few steps down to where the widest fits */
    for (int step = 0; step < 8 && name_w > name_room && lines == 1 && name_scale > name_min; step++) {
        name_scale = fmax(name_min, name_scale * (name_room - 0.1 * pg->fs) / name_w);
        name_w = 0;
        for (size_t i = 0; i < n; i++) {
            double w, h;
            fig_measure(pg, fig_str(tp->names[i]), name_scale, 0, &w, &h);
            name_w = fmax(name_w, w);
        }
    }
    name_w = fmin(name_w, name_room);
    for (size_t i = 0; i < n; i++)
        names[i] = name_for_column(pg, fig_str(tp->names[i]), name_scale, name_w);

    /* values at the bars' ends: room for them left of the lowest and right
    ** of the highest */
    double vlo = 0, vhi = 0, room_left = 0, room_right = 0;
    char values[HEALSIM_MAX_TORNADO_BARS][48];
    const double value_gap = 0.3 * pg->fs;
    for (size_t i = 0; i < n; i++) {
        /* two significant digits each, so a small sensitivity does not
        ** read as 0.0 */
        const double v = tp->values[i];
        double w, h;
        fig_format_fixed(v, v == 0 ? 0 : fig_decimals_for(fabs(v), 2), 1, values[i], sizeof values[i]);
        fig_measure(pg, values[i], text_scale, 0, &w, &h);
        if (v < 0)
            room_left = fmax(room_left, w + value_gap);
        else
            room_right = fmax(room_right, w + value_gap);
        vlo = fmin(vlo, v);
        vhi = fmax(vhi, v);
    }
    if (vhi - vlo <= 0) { /* every value 0 */
        vlo = -1;
        vhi = 1;
    }
    plot p;
    memset(&p, 0, sizeof p);
    p.box = (chart_box){ r.x0 + 0.6 * pg->fs + name_w + 0.6 * pg->fs, y0, r.x1 - 0.8 * pg->fs, y1 };
    const double width = p.box.x1 - p.box.x0;
    p.x = chart_scale_with_room(vlo, vhi, p.box.x0, p.box.x1, room_left, room_right);

    /* the axis: grid lines and labels at round values, and its title */
    double lw, lh;
    fig_measure(pg, MINUS "0.00", 0.9, 0, &lw, &lh);
    double ticks[CHART_MAX_TICKS];
    const size_t max_ticks = (size_t)fmax(2, fmin(CHART_MAX_TICKS, floor(width / (1.6 * lw))));
    axis_labels al;
    al.n = chart_ticks(p.x.d0, p.x.d1, max_ticks, ticks, NULL);
    for (size_t i = 0; i < al.n; i++) {
        al.at[i] = chart_scale_map(&p.x, ticks[i]);
        fig_format_value(ticks[i], al.text[i], sizeof al.text[i]);
    }
    fig_draw_x_labels(pg, p.box, &al, fig_word(pg, HEALSIM_TEXT_AXIS_SENSITIVITY), 1);
    fig_layout_plot(pg, p.box);

    /* the bars, their values and names */
    const double x_zero = chart_scale_map(&p.x, 0);
    const double bar_h = fmin(0.68 * pitch, 1.8 * pg->fs);
    for (size_t i = 0; i < n; i++) {
        const double v = tp->values[i], yc = y0 + ((double)i + 0.5) * pitch;
        const double x = chart_scale_map(&p.x, v);
        cairo_rectangle(cr, fmin(x, x_zero), yc - bar_h / 2, fabs(x - x_zero), bar_h);
        fig_set_rgb(cr, fig_colour(pg->th, v < 0 ? C_VERMILLION : C_BLUE));
        cairo_fill(cr);
        draw_text(pg, values[i], text_scale, 0, pg->th->ink, v < 0 ? x - value_gap : x + value_gap, yc,
                  v < 0 ? 1 : 0, 0.5);
        PangoLayout *l = fig_layout(pg, names[i], name_scale, 0);
        pango_layout_set_width(l, (int)(name_w * PANGO_SCALE));
        pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_height(l, -lines);
        pango_layout_set_ellipsize(l, lines == 1 ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_END);
        double w, h;
        fig_text_size(l, &w, &h);
        fig_show_layout(pg, l, p.box.x0 - 0.6 * pg->fs - name_w, yc - h / 2, pg->th->ink, pg->th->background);
        g_object_unref(l);
        g_free(names[i]);
    }
    /* the zero line over the bars' roots, and the axis line */
    cairo_set_line_width(cr, 1.0);
    fig_set_rgb(cr, pg->th->ink);
    cairo_move_to(cr, x_zero, p.box.y0);
    cairo_line_to(cr, x_zero, p.box.y1);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.9);
    fig_set_rgb(cr, pg->th->faint);
    cairo_move_to(cr, p.box.x0, p.box.y1);
    cairo_line_to(cr, p.box.x1, p.box.y1);
    cairo_stroke(cr);
    return 0;
}

int healsim_tornado_render(unsigned format, const healsim_tornado_plot *tp, const healsim_figure_style *style,
                           FILE *out, healsim_diag *diag)
{
    memset(diag, 0, sizeof *diag);
    int rc = fig_check_format(format, style, diag);
    if (rc == HEALSIM_OK)
        rc = check_tornado(tp, diag);
    if (rc == HEALSIM_OK) {
        const char *outcome = fig_str(tp->outcome_name)[0] ? tp->outcome_name : WORD_OUTCOME;
        char caption[3 * HEALSIM_MAX_TEXT + 256];
        int at = snprintf(caption, sizeof caption, WORD_SENSITIVITY_OF " %s: ", outcome);
        snprintf(caption + at, sizeof caption - (size_t)at, WORD_SENSITIVITY_MEANS, outcome);
        rc = fig_batch_render(format, "sensitivity", tornado_page, tp, caption, fig_str(tp->title), NULL, style, out, diag);
    }
    return fig_name_failure(rc, "sensitivity", format, diag);
}
