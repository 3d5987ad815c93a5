/*
** theme.c — the colours and line styles of every figure (plots/draw.h).
**
** A theme is the page's ground, ink and the few greys around them (light
** for paper, dark for projectors); the curves take the Okabe-Ito colours,
** which stay apart under every common colour-vision deficiency, and one of
** seven dash patterns, so no curve is told from another by colour alone.
** Colours are constant tables: the same name gives the same colour in every
** figure and format.  Dash lengths are in units of the line width, so a
** pattern keeps its look at any line width.  Values on a scale (a
** heatmap's cells) take the viridis colour map, whose lightness rises
** steadily, so it reads the same in colour and in grey.
**
** Text in a curve's colour takes fig_text_colour: a darker (on dark
** ground, lighter) shade of it that reaches FIG_TEXT_CONTRAST against the
** ground.  On the dark ground the Okabe-Ito blue is too dark to see, and
** its usual stand-in, a lighter blue, is the sky blue's twin there: the
** dark theme's blue is a pale periwinkle instead, lighter than the sky
** blue, so the two differ in hue and in grey.
*/
#include "draw.h"

#include <math.h>

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
                             HEX(0xFFFFFF), HEX(0xB3C7FF), 0.20 },
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

/* viridis (Stéfan van der Walt and Nathaniel Smith, 2015; matplotlib's
** default colour map since 2.0): perceptually uniform, its lightness rising
** steadily, so it reads the same to the common colour-vision deficiencies
** and in grey.  The nine samples at 0, 1/8, ..., 1 of matplotlib's
** 256-entry table (lib/matplotlib/_cm_listed.py), as R's
** viridisLite::viridis(9) gives them, interpolated linearly in sRGB. */
static const unsigned viridis[FIG_COLOUR_MAP_ANCHORS] = {
    0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21908C, 0x27AD81, 0x5DC863, 0xAADC32, 0xFDE725,
};

rgb fig_colour_map_anchor(size_t i)
{
    return (rgb){ (viridis[i] >> 16 & 255) / 255.0, (viridis[i] >> 8 & 255) / 255.0,
                  (viridis[i] & 255) / 255.0 };
}

/* a mixed with b: (1 - f) a + f b */
rgb fig_mix(rgb a, rgb b, double f)
{
    return (rgb){ a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f };
}

/* The colour of t in [0, 1] (clamped). */
rgb fig_colour_map(double t)
{
    t = t > 0 ? (t < 1 ? t : 1) : 0;
    const double x = t * (FIG_COLOUR_MAP_ANCHORS - 1);
    size_t i = (size_t)floor(x);
    if (i > FIG_COLOUR_MAP_ANCHORS - 2)
        i = FIG_COLOUR_MAP_ANCHORS - 2;
    return fig_mix(fig_colour_map_anchor(i), fig_colour_map_anchor(i + 1), x - (double)i);
}

/* WCAG 2.x relative luminance of an sRGB colour, and the contrast ratio
** of two colours, (L1 + 0.05) / (L2 + 0.05) with L1 the lighter. */
static double channel(double v)
{
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

double fig_luminance(rgb c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double fig_contrast(rgb a, rgb b)
{
    const double la = fig_luminance(a), lb = fig_luminance(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

/* The curve colour c as text: the colour itself where it stands out from
** the ground enough to read, else mixed towards the theme's ink, in steps
** of 5 %, until it does (the Okabe-Ito orange, sky blue and pink are below
** 3:1 on white).  FIG_TEXT_CONTRAST is a little over WCAG's 4.5:1, so text
** over a faint band still reads. */
rgb fig_text_colour(const theme *th, int c)
{
    const rgb colour = fig_colour(th, c);
    rgb t = colour;
    for (int step = 1; step <= 20 && fig_contrast(t, th->background) < FIG_TEXT_CONTRAST; step++)
        t = fig_mix(colour, th->ink, 0.05 * step);
    return t;
}

/* Text on a cell: black or white, whichever stands out more (mid-range
** viridis greens reach 4.5:1 with black only). */
rgb fig_text_on(rgb c)
{
    const rgb dark = { 0, 0, 0 }, white = { 1, 1, 1 };
    return fig_contrast(dark, c) >= fig_contrast(white, c) ? dark : white;
}
