/*
** frame.c — the frame of a page: ground, title block, caption (plots/draw.h).
**
** Every figure's page is the same house layout: the theme's ground, the
** figure's title (bold) over the scenario's, a caption line at the foot,
** and the room between them for the panels.  A long title, subtitle or
** caption shrinks to the page's width, down to a floor, then takes a
** second line, and only beyond two lines is cut with an ellipsis: nothing
** runs off the page.  fig_page_frame draws all of it
** in that order, so every page of every figure starts the same way.
*/
#include "draw.h"

#include <math.h>

/* A line of the frame at (x, y), at most width wide: in smaller type
** (down to min_scale) where it is wider, then on two lines, broken
** between words, and only then cut with an ellipsis.  Returns its height. */
static double frame_text(const page *pg, const char *text, double scale, double min_scale, int bold,
                         rgb c, double x, double y, double width)
{
    double w, h;
    fig_measure(pg, text, scale, bold, &w, &h);
    PangoLayout *l = fig_layout(pg, text, fmax(min_scale, scale * fmin(1.0, width / fmax(w, 1))), bold);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    pango_layout_set_height(l, -2);
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    fig_text_size(l, &w, &h);
    fig_show_layout(pg, l, x, y, c, pg->th->background);
    g_object_unref(l);
    return h;
}

/* Title block: figure title (bold), scenario title below it.  Returns the
** y where the content starts. */
static double title_block(const page *pg, const char *title, const char *subtitle)
{
    const double margin = 0.9 * pg->fs, room = pg->w - 2 * margin;
    double y = margin;
    if (title && title[0])
        y += frame_text(pg, title, 1.35, 1.0, 1, pg->th->ink, margin, y, room);
    if (subtitle && subtitle[0])
        y += 0.1 * pg->fs + frame_text(pg, subtitle, 0.95, 0.8, 0, pg->th->faint, margin, y + 0.1 * pg->fs, room);
    return y + 0.4 * pg->fs;
}

/* Caption line at the foot of the page; returns the y where it starts. */
double fig_caption_line(const page *pg, const char *caption)
{
    if (!caption || !caption[0])
        return pg->h - 0.5 * pg->fs;
    const double room = pg->w - 1.8 * pg->fs;
    double cw, ch;
    fig_measure(pg, caption, 0.85, 0, &cw, &ch);
    PangoLayout *l = fig_layout(pg, caption, fmax(0.65, 0.85 * fmin(1.0, room / cw)), 0);
    pango_layout_set_width(l, (int)(room * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    pango_layout_set_height(l, -2);
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    double w, h;
    fig_text_size(l, &w, &h);
    double y = pg->h - 0.6 * pg->fs - h;
    fig_show_layout(pg, l, 0.9 * pg->fs, y, pg->th->faint, pg->th->background);
    g_object_unref(l);
    return y;
}

static void paint_ground(const page *pg)
{
    fig_set_rgb(pg->cr, pg->th->background);
    cairo_paint(pg->cr);
}

static chart_box content_box(const page *pg, double top, double bottom)
{
    return (chart_box){ 0.5 * pg->fs, top, pg->w - 0.4 * pg->fs, bottom - 0.3 * pg->fs };
}

chart_box fig_page_frame(const page *pg, const char *title, const char *subtitle, const char *caption)
{
    paint_ground(pg);
    const double top = title_block(pg, title, subtitle);
    const double bottom = fig_caption_line(pg, caption);
    return content_box(pg, top, bottom);
}
