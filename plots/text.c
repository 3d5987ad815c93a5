/*
** text.c — the page a figure is drawn on, and its text (plots/draw.h).
**
** fig_page_begin binds a cairo context to a pango context, the theme and
** the body font of a style; every piece of text a figure shows is then a
** pango layout made by fig_layout, measured and drawn from here, so text is
** sized the same way everywhere.  The context is at 72 dpi, so font sizes
** are points, the page's unit.
**
** Determinism: fonts are hinted neither in shape nor metrics, so text is
** laid out identically in every format and at every scale.
*/
#include "draw.h"

#include <math.h>
#include <string.h>

void fig_page_begin(page *pg, cairo_t *cr, const healsim_figure_style *style,
                    const healsim_figure_data *data, double w, double h)
{
    memset(pg, 0, sizeof *pg);
    pg->cr = cr;
    pg->style = style;
    pg->data = data;
    pg->th = fig_theme(style->theme);
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

/* No text is smaller than 7 pt, or than 7/8 of the body where the body is
** under 8 pt: the small print of a figure (captions, tick labels, gains),
** 0.65 to 0.9 of the body, stays legible in a journal column. */
double fig_min_text_pt(const page *pg)
{
    return fmin(7.0, 0.875 * pg->style->font_size_pt);
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
    /* points (the context is at 72 dpi), never under the floor */
    pango_font_description_set_size(fd, (gint)lround(fmax(pg->fs * scale, fig_min_text_pt(pg)) * PANGO_SCALE));
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
    return draw_text_on(pg, text, scale, bold, c, pg->th->background, x, y, ax, ay);
}

chart_box draw_text_on(const page *pg, const char *text, double scale, int bold, rgb c, rgb background,
                       double x, double y, double ax, double ay)
{
    PangoLayout *l = fig_layout(pg, text, scale, bold);
    double w, h;
    fig_text_size(l, &w, &h);
    chart_box b = { x - ax * w, y - ay * h, x - ax * w + w, y - ay * h + h };
    fig_show_layout(pg, l, b.x0, b.y0, c, background);
    g_object_unref(l);
    return b;
}

/* Text with its box's point (ax, ay) at (x, y), in smaller type (down to
** 0.75 of scale) where it is wider than width, and cut with an ellipsis
** where even that is too wide; kept on the page. */
void draw_text_fit(const page *pg, const char *text, double scale, int bold, rgb c,
                          double x, double y, double ax, double ay, double width)
{
    double w, h;
    fig_measure(pg, text, scale, bold, &w, &h);
    PangoLayout *l = fig_layout(pg, text, scale * fmax(0.75, fmin(1.0, width / fmax(w, 1))), bold);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    PangoRectangle logical;
    pango_layout_get_extents(l, NULL, &logical);
    w = (double)logical.width / PANGO_SCALE; /* the text's, not the layout's width */
    h = (double)logical.height / PANGO_SCALE;
    const double margin = 0.9 * pg->fs;
    const double left = fmax(margin, fmin(x - ax * w, pg->w - margin - w));
    fig_show_layout(pg, l, left - (double)logical.x / PANGO_SCALE, y - ay * h, c, pg->th->background);
    g_object_unref(l);
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
    /* the box on the page: the layout's, turned */
    fig_layout_text(pg, pango_layout_get_text(l), (chart_box){ x - h / 2, y - w / 2, x + h / 2, y + w / 2 }, c,
                    pg->th->background, pango_layout_is_ellipsized(l));
    g_object_unref(l);
}
