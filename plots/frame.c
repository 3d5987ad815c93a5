/*
** frame.c — the frame of a page: ground, title block, caption (plots/draw.h).
**
** Every figure's page is the same house layout: the theme's ground, the
** figure's title (bold) over the scenario's, a caption line at the foot,
** and the room between them for the panels.  A long title or caption
** shrinks to the page's width, down to a floor, then is cut with an
** ellipsis: nothing runs off the page.  fig_page_frame draws all of it
** in that order, so every page of every figure starts the same way.
*/
#include "draw.h"

#include <math.h>

/* Title block: figure title (bold), scenario title below it.  Returns the
** y where the content starts. */
static double title_block(const page *pg, const char *title, const char *subtitle)
{
    const double margin = 0.9 * pg->fs;
    double y = margin;
    if (title && title[0]) {
        /* a long title shrinks to the page width, down to body size, then is cut */
        double w, h;
        fig_measure(pg, title, 1.35, 1, &w, &h);
        double room = pg->w - 2 * margin;
        PangoLayout *l = fig_layout(pg, title, fmax(1.0, 1.35 * fmin(1.0, room / w)), 1);
        pango_layout_set_width(l, (int)(room * PANGO_SCALE));
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        fig_text_size(l, &w, &h);
        fig_set_rgb(pg->cr, pg->th->ink);
        cairo_move_to(pg->cr, margin, y);
        pango_cairo_show_layout(pg->cr, l);
        g_object_unref(l);
        y += h;
    }
    if (subtitle && subtitle[0]) {
        chart_box b = draw_text(pg, subtitle, 0.95, 0, pg->th->faint, margin, y + 0.1 * pg->fs, 0, 0);
        y = b.y1;
    }
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
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    double w, h;
    fig_text_size(l, &w, &h);
    double y = pg->h - 0.6 * pg->fs - h;
    fig_set_rgb(pg->cr, pg->th->faint);
    cairo_move_to(pg->cr, 0.9 * pg->fs, y);
    pango_cairo_show_layout(pg->cr, l);
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
