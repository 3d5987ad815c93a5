/*
** plots/draw.h — the drawing building blocks the figures share (private).
**
** plots/figure.c draws the figures of one run, plots/compare.c the figures
** that compare several runs ("arms"), the files plots/batch.h names those
** of the batch commands (sweep, population, sensitivity); all are
** built from these pieces, a file each:
**
**   theme.c   colours of a theme, the Okabe-Ito curve colours, dashes
**   text.c    the page (cairo, pango, theme and body font) and its text
**   rows.c    what the figures read off a run's rows
**   axes.c    plots: their box and scales, axes, ticks, frame, a note
**   curves.c  curves, their direct labels and the legend
**   marks.c   injection marks, phase bands, reference lines, scar band
**   keys.c    keys: rows of samples and names
**   frame.c   the page's frame: ground, title block, caption
**   render.c  a figure's pages into a PNG, SVG or PDF in memory
**
** The geometry under them (scales, ticks, label placement) is chart.c,
** which draws nothing.  Page coordinates are points (1/72 inch), y growing
** downwards, as in chart.h.  Nothing here checks its arguments: the public
** functions of figure.c, compare.c and the batch figures check theirs
** before they draw.  Functions that return int return 0, or -1 when out of
** memory, unless they say otherwise.
*/
#ifndef HEALSIM_DRAW_H
#define HEALSIM_DRAW_H

#include <stddef.h>
#include <stdio.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "chart.h"
#include "healsim/figure.h"
#include "healsim/model.h"

/* ---- colours ----------------------------------------------------------- */

typedef struct rgb {
    double r, g, b;
} rgb;

/* Colours of a theme. */
typedef struct theme {
    rgb background, ink, faint, grid, band_ink;
    rgb blue; /* the Okabe-Ito blue; a pale periwinkle on dark backgrounds */
    double band_alpha;
} theme;

/* The Okabe-Ito colours by name, and ink; fig_colour gives their value in
** a theme. */
enum { C_VERMILLION, C_ORANGE, C_SKY, C_GREEN, C_YELLOW, C_BLUE, C_PURPLE, C_INK };

rgb fig_colour(const theme *th, int c);

/* The colours of theme t (light unless t is HEALSIM_THEME_DARK). */
const theme *fig_theme(healsim_theme t);

/* a mixed with b: (1 - f) a + f b */
rgb fig_mix(rgb a, rgb b, double f);

/* The viridis colour map: the colour of t in [0, 1] (clamped), linear in
** sRGB between FIG_COLOUR_MAP_ANCHORS samples, sample i (0 at t = 0) being
** fig_colour_map_anchor(i).  fig_text_on gives the ink for text on c:
** near-black on light colours, white on dark ones. */
#define FIG_COLOUR_MAP_ANCHORS 9
rgb fig_colour_map(double t);
rgb fig_colour_map_anchor(size_t i);
rgb fig_text_on(rgb c);

/* WCAG 2.x relative luminance, and the contrast ratio of two colours
** (1 to 21). */
double fig_luminance(rgb c);
double fig_contrast(rgb a, rgb b);

/* Text in the colour of curve colour c (C_*): its shade that reaches
** FIG_TEXT_CONTRAST against the theme's background. */
#define FIG_TEXT_CONTRAST 4.7
rgb fig_text_colour(const theme *th, int c);

/* Dash patterns: solid, dashed, dotted, dash-dot, long dash, dash-dot-dot,
** short dash (index 0 to FIG_N_DASHES - 1). */
#define FIG_N_DASHES 7

/* A curve: its column, colour (C_*), dash pattern and name: label when not
** NULL (borrowed), else the style's word name. */
typedef struct series {
    int column;
    int colour;
    int dash;
    healsim_text name;
    const char *label;
} series;

/* The four phase activities: colours and dashes of every phase figure. */
extern const series fig_phase_series[HEALSIM_N_PHASES];

/* ---- the page ---------------------------------------------------------- */

/* The record of the text, plots, keys and curves a figure drew
** (layout.c); opaque. */
typedef struct layout_record layout_record;

/* What is drawn on, and with what.  data is the run the panel functions
** read (a copy of the page with another data draws another run). */
typedef struct page {
    cairo_t *cr;
    PangoContext *pango;
    PangoFontDescription *font;
    const healsim_figure_style *style;
    const healsim_figure_data *data;
    const theme *th;
    double w, h;  /* page size, points */
    double fs;    /* body font size, points */
    double line;  /* curve line width, points */
    layout_record *layout; /* what the page drew so far, or NULL */
} page;

/* Set up pg to draw with style on cr, a w x h point page, reading data
** (may be NULL).  Release with fig_page_end. */
void fig_page_begin(page *pg, cairo_t *cr, const healsim_figure_style *style,
                    const healsim_figure_data *data, double w, double h);
void fig_page_end(page *pg);

void fig_set_rgb(cairo_t *cr, rgb c);
void fig_set_rgba(cairo_t *cr, rgb c, double a);
void fig_set_dash(cairo_t *cr, int dash, double width);

/* The style's word t ("" if unset); the name of a series. */
const char *fig_word(const page *pg, healsim_text t);
const char *fig_series_name(const page *pg, const series *s);

/* The smallest text size a page draws, points. */
double fig_min_text_pt(const page *pg);

/* ---- text -------------------------------------------------------------- */

/* A layout of text at scale x the body size, bold or not; markup
** (<sub>, <sup>, <i>) is honoured.  The caller frees it with
** g_object_unref. */
PangoLayout *fig_layout(const page *pg, const char *text, double scale, int bold);
void fig_text_size(PangoLayout *l, double *w, double *h);
void fig_measure(const page *pg, const char *text, double scale, int bold, double *w, double *h);

/* Draw text with its box's point (ax, ay) (0..1: left/top .. right/bottom)
** at (x, y).  Returns the box drawn. */
chart_box draw_text(const page *pg, const char *text, double scale, int bold, rgb c, double x,
                    double y, double ax, double ay);

/* Text with its box's point (ax, ay) at (x, y), in smaller type (down to
** 0.75 of scale) where it is wider than width, and cut with an ellipsis
** where even that is too wide; kept on the page. */
void draw_text_fit(const page *pg, const char *text, double scale, int bold, rgb c, double x, double y,
                   double ax, double ay, double width);

/* draw_text over a background other than the page's (a legend's ground,
** a cell, a marker): the colour the layout record notes under the text. */
chart_box draw_text_on(const page *pg, const char *text, double scale, int bold, rgb c, rgb background,
                       double x, double y, double ax, double ay);

/* Text turned a quarter left, centred on (x, y), cut with an ellipsis
** beyond length. */
void draw_text_vertical(const page *pg, const char *text, double scale, rgb c, double x, double y,
                        double length);

/* ---- the layout record (layout.c) -------------------------------------- */

/* A record to attach to a page (NULL when out of memory); _free(NULL) is
** a no-op. */
layout_record *fig_layout_alloc(void);
void fig_layout_free(layout_record *lay);

/* Draw layout l with its top left at (x, y) in colour c over background
** (the colour under it) and record its box: the one way text reaches a
** page. */
void fig_show_layout(const page *pg, PangoLayout *l, double x, double y, rgb c, rgb background);

/* Note a text box (cut: shortened with an ellipsis), a plot area, a key's
** box, a curve's points (page coordinates) on the current page.  Nothing
** is drawn. */
void fig_layout_text(const page *pg, const char *text, chart_box box, rgb colour, rgb background, int cut);
void fig_layout_plot(const page *pg, chart_box box);
void fig_layout_key(const page *pg, chart_box box);
void fig_layout_curve(const page *pg, const double *xs, const double *ys, size_t n);

/* The figure goes on to its next page (after cairo_show_page). */
void fig_layout_next_page(const page *pg);

/* The boxes of the text and keys drawn so far on this page that overlap
** within, at most cap of them into out; returns the count. */
size_t fig_layout_obstacles(const page *pg, chart_box within, chart_box *out, size_t cap);

/* chart_labels_place, with every text and key box drawn so far on the
** page as obstacles besides the given ones: the one way a label is placed. */
size_t fig_place_labels(const page *pg, chart_label *labels, size_t n, chart_box bounds,
                        chart_envelope *const *curves, size_t n_curves, const chart_box *obstacles,
                        size_t n_obstacles);

/* Write the record as DIR/NAME.layout.json for a w x h point page
** (atomically).  Returns HEALSIM_OK, or HEALSIM_ERR_IO or
** HEALSIM_ERR_NOMEM with *diag. */
int fig_layout_dump(const layout_record *lay, const char *dir, const char *name, double w, double h,
                    healsim_diag *diag);

/* ---- plots and axes ---------------------------------------------------- */

typedef enum { TIME_LINEAR, TIME_LOG } time_kind;

/* A plot box and its scales: x is time in days, y the plotted value. */
typedef struct plot {
    chart_box box;
    chart_scale x, y;
    time_kind time;
    int time_title; /* draw the time axis title */
    double t0, t1;  /* time domain, days */
} plot;

/* The earliest time shown on a log axis: one hour. */
#define LOG_T0 (1.0 / 24.0)

double fig_row_value(const healsim_figure_data *d, size_t i, int column);
double fig_span_days(const healsim_figure_data *d); /* time of the last row */
double fig_column_peak(const healsim_figure_data *d, int column);

/* Radius of an injection marker; the gap from the y axis to its tick
** labels. */
double fig_marker_radius(const page *pg);
double fig_tick_gap(const page *pg);

/* Margins a panel needs left of and under its plot box for tick labels
** and axis titles. */
void fig_axis_margins(const page *pg, int time_title, double *left, double *bottom);

/* A plot in panel rect r (margins for its axes taken off) over the time
** of pg->data, or [0 or LOG_T0, t1] with fig_make_plot_span, and the y
** domain [ylo, yhi]; top_extra is room kept above the plot box. */
plot fig_make_plot(const page *pg, chart_box r, time_kind time, double ylo, double yhi,
                   double top_extra, int time_title);
plot fig_make_plot_span(const page *pg, chart_box r, time_kind time, double t1, double ylo,
                        double yhi, double top_extra, int time_title);

/* Page x of time t, page y of value v. */
double fig_px(const plot *p, double t);
double fig_py(const plot *p, double v);

void fig_format_tick(double v, char *buf, size_t size);

/* Y axis of p: ticks over [lo, hi] (at most max_ticks), grid lines, tick
** labels and the rotated title (none when title is NULL). */
void draw_y_axis(const page *pg, const plot *p, double lo, double hi, size_t max_ticks,
                 const char *title);
void draw_y_grid(const page *pg, const plot *p, double lo, double hi, size_t max_ticks); /* lines only */

/* The time axis under p: grid lines, tick labels (below an injection
** marker's room, and extra points lower with draw_time_axis_below) and,
** when p->time_title, the title.  Ticks are at least spacing widths of a
** label "00 wk" apart: 2.2 but with draw_time_axis_spaced. */
void draw_time_axis(const page *pg, const plot *p);
void draw_time_axis_below(const page *pg, const plot *p, double extra);
void draw_time_axis_spaced(const page *pg, const plot *p, double extra, double spacing);
void draw_time_grid(const page *pg, const plot *p, double spacing); /* grid lines only */

/* The title draw_time_axis gives p's time axis ("Time (weeks)"), and the
** top of that title with draw_time_axis_below(pg, p, extra). */
void fig_time_axis_title(const page *pg, const plot *p, char *title, size_t size);
double fig_time_title_y(const page *pg, const plot *p, double extra);

/* The left and bottom lines of p. */
void draw_frame(const page *pg, const plot *p);

/* A sentence centred in p's box, in place of curves; with fit, in smaller
** type (down to 0.6) where the box is too short for it, and cut with an
** ellipsis where even that is too tall. */
void draw_plot_note(const page *pg, const plot *p, const char *text, int fit);

/* ---- curves and their names -------------------------------------------- */

void fig_stroke_curve(const page *pg, const double *xs, const double *ys, size_t n, rgb c, int dash,
                      double width);

/* The curves of one plot as page geometry: points, envelopes, and where
** each is named: where it first peaks, or, with apart, where it is
** farthest from the other curves (the right-most such place), so a name
** there names one curve only.  Each curve reads its own data, or pg->data
** when NULL.  Start from { 0 }, add, then build or lay out;
** fig_curve_set_clear frees the geometry. */
#define MAX_CURVES 8
typedef struct curve_set {
    size_t n;
    const series *s[MAX_CURVES];
    double factor[MAX_CURVES];
    const healsim_figure_data *data[MAX_CURVES];
    double *xs[MAX_CURVES], *ys[MAX_CURVES];
    size_t n_points[MAX_CURVES];
    chart_envelope *env[MAX_CURVES];
    double peak_x[MAX_CURVES];
    int apart;
} curve_set;

void fig_curve_set_add(curve_set *cs, const series *s, double factor);
void fig_curve_set_add_data(curve_set *cs, const series *s, double factor,
                            const healsim_figure_data *data);
int fig_curve_set_build(const page *pg, const plot *p, curve_set *cs);
void fig_curve_set_clear(curve_set *cs);
void fig_curve_set_draw(const page *pg, const curve_set *cs);

/* The direct labels of a curve set and, for names that found no room
** beside their curve, a legend. */
typedef struct curve_labels {
    chart_label label[MAX_CURVES];
    size_t missing;            /* labels that go into the legend */
    double legend_w, legend_h; /* its size */
    double legend_x, legend_y; /* its top left corner */
    int keys_above;            /* the names are rows of keys above the plot instead */
    double keys_x0, keys_x1, keys_y; /* where those rows go */
} curve_labels;

/* Length of a legend's line sample, in body font sizes. */
#define FIG_LEGEND_SAMPLE 3.0

/* Place the names of cs in p clear of obstacles; count the rest for a
** legend and size it. */
void fig_curve_labels_place(const page *pg, const plot *p, const curve_set *cs, curve_labels *cl,
                            const chart_box *obstacles, size_t n_obstacles);

/* Draw the placed names, and the legend where the layout put it. */
void fig_curve_labels_draw(const page *pg, const curve_set *cs, const curve_labels *cl);

/* Build cs in p and place its names (at most 8 obstacles), by the one rule
** of every figure: each name on its curve; where one finds no room, all of
** them in one key (no figure mixes the two), in the plot where a region
** is clear of curves and text, else beside the plot (p is narrowed), else
** in rows above it (p is lowered): a key never sits on data.  Returns 0
** or -1. */
int fig_curve_set_layout(const page *pg, plot *p, curve_set *cs, curve_labels *cl,
                         const chart_box *obstacles, size_t n_obstacles);

/* ---- marks in a plot --------------------------------------------------- */

/* Faint vertical lines at pg->data's injections; its injections as
** numbered circles on the time axis, or triangles when crowded. */
void draw_injection_lines(const page *pg, const plot *p);
void draw_injection_markers(const page *pg, const plot *p);
void draw_injection_marks(const page *pg, const plot *p, int numbers); /* 0: triangles only */

/* The path of an injection triangle of marker radius r, its tip just
** above (x, y). */
void fig_triangle_path(cairo_t *cr, double x, double y, double r);

/* Soft bands behind p where each phase of pg->data dominates. */
void draw_phase_bands(const page *pg, const plot *p);

/* Does any phase of d become active (is anything injured)? */
int fig_any_response(const healsim_figure_data *d);

/* A dashed line across p at value v, text at its right end.  Returns the
** text's box; fig_reference_label_box gives it without drawing. */
chart_box fig_reference_line(const page *pg, const plot *p, double v, const char *text);
void draw_reference_dash(const page *pg, const plot *p, double v); /* the line alone */
chart_box fig_reference_label_box(const page *pg, const plot *p, double v, const char *text);

/* The 70-80 % scar plateau band of a strength plot; its name placed in p
** clear of the curves and obstacles (band->placed says whether it found
** room) and drawn. */
void draw_scar_band(const page *pg, const plot *p);
void fig_scar_label_place(const page *pg, const plot *p, chart_envelope *const *curves,
                          size_t n_curves, const chart_box *obstacles, size_t n_obstacles,
                          chart_label *band);
chart_box draw_scar_label(const page *pg, const chart_label *band);


/* ---- keys -------------------------------------------------------------- */

/* One entry of a key row: a curve's line sample (over a band swatch of its
** colour with band) and its name in the curve's colour (in ink with band);
** with fill, a swatch of fill_colour and the name in ink; with neither s
** nor fill, an injection triangle and its word.  w and h are set by
** fig_draw_keys. */
typedef struct fig_key {
    const series *s;
    int band;
    const char *text;
    double w, h;
    int fill;
    rgb fill_colour;
} fig_key;

/* Most entries one key holds. */
#define FIG_MAX_KEYS 16

/* Keys side by side, in as many centred rows as the width [x0, x1] needs,
** from y down (at most FIG_MAX_KEYS).  Draws when draw is set; returns the
** height either way. */
double fig_draw_keys(const page *pg, fig_key *k, size_t n, double x0, double x1, double y, int draw);

/* ---- the page's frame -------------------------------------------------- */

/* One caption line at the foot; returns the y where it starts. */
double fig_caption_line(const page *pg, const char *caption);

/* The frame of every page: the theme's ground, the title block (title in
** bold, subtitle under it) and the caption line, drawn in that order;
** NULL or "" leaves a part out.  Returns the room between them for the
** panels (its y0 is the y under the title block). */
chart_box fig_page_frame(const page *pg, const char *title, const char *subtitle, const char *caption);

/* ---- files ------------------------------------------------------------- */

/* Fill *diag with a message and no place; returns status. */
int fig_fail(healsim_diag *diag, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* HEALSIM_OK, or HEALSIM_ERR_INPUT with *diag for a format that is not a
** single HEALSIM_FORMAT_* bit or a style whose size
** healsim_figure_check_size refuses (style_check.c). */
int fig_check_format(unsigned format, const healsim_figure_style *style, healsim_diag *diag);

/* Draws a figure's page or pages on pg (cairo_show_page between pages).
** Returns 0, or -1 when out of memory. */
typedef int (*fig_pages_fn)(const page *pg, const void *ctx);

/* Draw pages with style in one format (a single HEALSIM_FORMAT_* bit, and
** a style healsim_figure_check_size accepts: the caller checks both) into
** *bytes, malloc'd, *size long; SVG ids are made independent of what the
** process drew before.  data is the page's data (may be NULL), name the
** figure file's stem ("outcome": the layout dump's name, see layout.c),
** pdf_title the PDF's title.  Returns HEALSIM_OK, or HEALSIM_ERR_IO or
** HEALSIM_ERR_NOMEM with *diag and no bytes. */
int fig_render_memory(unsigned format, const healsim_figure_style *style,
                      const healsim_figure_data *data, const char *name, const char *pdf_title,
                      fig_pages_fn pages,
                      const void *ctx, char **bytes, size_t *size, healsim_diag *diag);

/* Draw pages as fig_render_memory does, then write the bytes to out whole.
** Returns HEALSIM_OK, or HEALSIM_ERR_IO or HEALSIM_ERR_NOMEM with *diag. */
int fig_render_file(unsigned format, const healsim_figure_style *style,
                    const healsim_figure_data *data, const char *name, const char *pdf_title,
                    fig_pages_fn pages,
                    const void *ctx, FILE *out, healsim_diag *diag);

/* rc, after naming the file the message is about, name.EXT (EXT for
** format), in *diag when rc is a failure and *diag names no place yet. */
int fig_name_failure(int rc, const char *name, unsigned format, healsim_diag *diag);

/* "png", "svg" or "pdf". */
const char *fig_format_ext(unsigned format);

#endif
