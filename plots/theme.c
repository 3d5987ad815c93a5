/*
** theme.c — the colours and line styles of every figure (plots/draw.h).
**
** A theme is the page's ground, ink and the few greys around them (light
** for paper, dark for projectors); the curves take the Okabe-Ito colours,
** which stay apart under every common colour-vision deficiency, and one of
** seven dash patterns, so no curve is told from another by colour alone.
** Colours are constant tables: the same name gives the same colour in every
** figure and format.  Dash lengths are in units of the line width, so a
** pattern keeps its look at any line width.
*/
#include "draw.h"

#define HEX(v) { ((v) >> 16 & 255) / 255.0, ((v) >> 8 & 255) / 255.0, ((v) & 255) / 255.0 }

/* Okabe & Ito (2008), "Color Universal Design": distinguishable with every
** common colour-vision deficiency. */
static const rgb oi_orange = HEX(0xE69F00), oi_sky = HEX(0x56B4E9), oi_green = HEX(0x009E73),
                 oi_yellow = HEX(0xF0E442), oi_vermillion = HEX(0xD55E00),
                 oi_purple = HEX(0xCC79A7);

rgb fig_colour(const theme *th, int c)
{
    switch (c) {
    case C_VERMILLION: return oi_vermillion;
    case C_ORANGE: return oi_orange;
    case C_SKY: return oi_sky;
    case C_GREEN: return oi_green;
    case C_YELLOW: return oi_yellow;
    case C_BLUE: return th->blue;
    case C_PURPLE: return oi_purple;
    default: return th->ink;
    }
}

/* Dash patterns in units of the line width: solid, dashed, dotted,
** dash-dot, long dash, dash-dot-dot, short dash. */
static const double dash_patterns[][6] = {
    { 0 }, { 6, 3 }, { 1, 2.2 }, { 7, 2.5, 1, 2.5 }, { 12, 3 }, { 7, 2.5, 1, 2.5, 1, 2.5 }, { 3, 2.5 },
};
static const int dash_lengths[] = { 0, 2, 2, 4, 2, 6, 2 };
_Static_assert(sizeof dash_lengths / sizeof dash_lengths[0] == FIG_N_DASHES, "dash patterns");

const series fig_phase_series[HEALSIM_N_PHASES] = {
    { HEALSIM_COL_HEMOSTASIS, C_VERMILLION, 0, HEALSIM_TEXT_HEMOSTASIS, NULL },
    { HEALSIM_COL_INFLAMMATION, C_ORANGE, 1, HEALSIM_TEXT_INFLAMMATION, NULL },
    { HEALSIM_COL_REPAIR, C_GREEN, 3, HEALSIM_TEXT_REPAIR, NULL },
    { HEALSIM_COL_REMODELING, C_BLUE, 2, HEALSIM_TEXT_REMODELING, NULL },
};

static const theme themes[] = {
    [HEALSIM_THEME_LIGHT] = { HEX(0xFFFFFF), HEX(0x1A1A1A), HEX(0x6B6B6B), HEX(0xE3E3E3),
                              HEX(0x000000), HEX(0x0072B2), 0.13 },
    [HEALSIM_THEME_DARK] = { HEX(0x15171C), HEX(0xECECEC), HEX(0xA8A8A8), HEX(0x33363D),
                             HEX(0xFFFFFF), HEX(0x3FA4E8), 0.20 },
};

const theme *fig_theme(healsim_theme t)
{
    return &themes[t == HEALSIM_THEME_DARK ? HEALSIM_THEME_DARK : HEALSIM_THEME_LIGHT];
}

void fig_set_rgb(cairo_t *cr, rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void fig_set_rgba(cairo_t *cr, rgb c, double a)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, a);
}

void fig_set_dash(cairo_t *cr, int dash, double width)
{
    double d[6];
    for (int i = 0; i < dash_lengths[dash]; i++)
        d[i] = dash_patterns[dash][i] * width;
    cairo_set_dash(cr, d, dash_lengths[dash], 0);
}
