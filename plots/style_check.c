/*
** style_check.c — can a style draw a figure? (healsim/figure.h)
**
** The two checks every figure runs before it draws, and that a caller can
** run at load time: the page is large enough in points for the body font
** to lay out the densest figure (the overview's half-width panels), and
** the font family is installed rather than silently replaced by pango.
*/
#include "healsim/figure.h"

#include <math.h>
#include <strings.h>

#include "draw.h"

/* The smallest page, in body font sizes, that holds a figure's text: the
** overview's half-width panels need their tick labels, axis titles and a
** plot between them.  31 wide lets a 3.5-inch journal column (252 pt)
** carry 8 pt text (figure.size = column). */
#define MIN_PAGE_W_FS 31.0
#define MIN_PAGE_H_FS 20.0

int healsim_figure_check_size(const healsim_figure_style *style, healsim_diag *diag)
{
    if (!(style->width_px >= 16 && style->height_px >= 16 && style->dpi > 0
          && style->width_px * style->height_px <= 64e6 && style->font_size_pt > 0))
        return fig_fail(diag, HEALSIM_ERR_INPUT, "figure size must be 16 px or more a side and at most "
                        "64 million pixels");
    const double w_pt = style->width_px * 72 / style->dpi, h_pt = style->height_px * 72 / style->dpi;
    const double need_w = MIN_PAGE_W_FS * style->font_size_pt, need_h = MIN_PAGE_H_FS * style->font_size_pt;
    if (w_pt < need_w || h_pt < need_h)
        return fig_fail(diag, HEALSIM_ERR_INPUT,
                        "a %.0f x %.0f px figure at %g dpi is %.0f x %.0f pt, too small for %g pt text: "
                    "it needs at least %.0f x %.0f pt (%.0f x %.0f px at %g dpi); enlarge it, or "
                    "lower figure.dpi or figure.font_size",
                    style->width_px, style->height_px, style->dpi, w_pt, h_pt, style->font_size_pt,
                    need_w, need_h, ceil(need_w * style->dpi / 72), ceil(need_h * style->dpi / 72),
                    style->dpi);
    return HEALSIM_OK;
}

int fig_check_format(unsigned format, const healsim_figure_style *style, healsim_diag *diag)
{
    if (format != HEALSIM_FORMAT_PNG && format != HEALSIM_FORMAT_SVG && format != HEALSIM_FORMAT_PDF)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "unknown figure format");
    return healsim_figure_check_size(style, diag);
}

int healsim_figure_check_font(const healsim_figure_style *style, healsim_diag *diag)
{
    PangoFontMap *map = pango_cairo_font_map_get_default();
    PangoContext *ctx = pango_font_map_create_context(map);
    PangoFontDescription *want = pango_font_description_new();
    pango_font_description_set_family(want, style->font);
    pango_font_description_set_absolute_size(want, 12 * PANGO_SCALE);
    PangoFont *font = pango_font_map_load_font(map, ctx, want);
    int ok = 0;
    if (font) {
        PangoFontDescription *got = pango_font_describe(font);
        const char *family = pango_font_description_get_family(got);
        ok = family && strcasecmp(family, style->font) == 0;
        pango_font_description_free(got);
        g_object_unref(font);
    }
    pango_font_description_free(want);
    g_object_unref(ctx);
    if (!ok)
        return fig_fail(diag, HEALSIM_ERR_INPUT,
                        "font '%s' is not installed (fc-list lists the installed families; "
                    "scripts/setup-debian.sh installs DejaVu Sans)", style->font);
    return HEALSIM_OK;
}
