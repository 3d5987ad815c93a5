/*
** batch.c — the figures of the batch commands, drawn from the numbers the
** command computed rather than from the rows of a run:
**
**   sweep        healsim sweep: an outcome against one varied parameter (a
**                line with a point per run, the best run ringed and
**                labelled) or two (a heatmap on the viridis colour map
**                with a labelled colour bar, values in the cells when they
**                fit, the best cell outlined, failed runs hatched)
**   population   healsim population: strength over time of many virtual
**                patients, the median over the middle 50 % and 90 % bands,
**                a key naming them, the healthy line, the injections
**   sensitivity  healsim sensitivity: a tornado chart of normalized
**                sensitivities, largest at the top, values at the bars'
**                ends, parameter names at the left, a zero line
**
** Every page is the house layout (title, the plot's title, the plot, a
** caption line) built from the blocks of draw.c, as figure.c and compare.c
** are, and written through fig_render_memory, so the bytes are the same
** every time.
*/
#include "healsim/figure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"

/* Words these figures show that are not [figure] keys (healsim_text) yet:
** English whatever the style says.  Kept here, together, so moving them
** into the style is one change. */
#define WORD_MAX "max"                          /* the best run's value: "max 70.3" */
#define WORD_MIN "min"                          /* the same, where lower is better: "min 4.5" */
#define WORD_AT "at"                            /* "max 70.3 at schedule.interval = 1 week" */
#define WORD_PATIENT "virtual patient"          /* "1 virtual patient" */
#define WORD_PATIENTS "virtual patients"        /* "1000 virtual patients" */
#define WORD_FAILED_POINT "×: run failed"       /* the cross of a failed run on a line */
#define WORD_FAILED_CELL "hatched: run failed"  /* a failed run's cell */
#define WORD_SENSITIVITY_OF "Sensitivity of"    /* "Sensitivity of strength gain" */
#define WORD_OUTCOME "the outcome"              /* when the plot names no outcome */
/* what a normalized sensitivity means, for the outcome %s */
#define WORD_SENSITIVITY_MEANS "+0.5 means 1 %% more of a parameter gives 0.5 %% more %s"

static const char *const batch_names[] = { "sweep", "population", "sensitivity" };
enum { BATCH_SWEEP, BATCH_POPULATION, BATCH_SENSITIVITY };

static const char *str(const char *s)
{
    return s ? s : "";
}

/* ---- numbers ----------------------------------------------------------- */

#define MINUS "\xE2\x88\x92" /* U+2212 MINUS SIGN: wider than a hyphen, as in print */

/* v with the given decimals; a minus sign for negative values, and a plus
** sign for positive ones with plus; no sign where it shows as zero. */
static void format_fixed(double v, int decimals, int plus, char *buf, size_t size)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    const int zero = strspn(digits, "0.") == strlen(digits);
    snprintf(buf, size, "%s%s", zero ? "" : v < 0 ? MINUS : plus ? "+" : "", digits);
}

/* Decimals that show `digits` significant digits of a number as large as
** m (0 to 6). */
static int decimals_for(double m, int digits)
{
    if (!(m > 0) || !isfinite(m))
        return digits - 1;
    const int d = digits - 1 - (int)floor(log10(m));
    return d < 0 ? 0 : d > 6 ? 6 : d;
}

/* A parameter value as an axis shows it: up to 4 significant digits. */
static void format_value(double v, char *buf, size_t size)
{
    char digits[48];
    snprintf(digits, sizeof digits, "%.4g", fabs(v) < 1e-300 ? 0.0 : fabs(v));
    snprintf(buf, size, "%s%s", v < 0 && fabs(v) >= 1e-300 ? MINUS : "", digits);
}

/* Is v shown exactly (to 1e-9) by format_value? */
static int round_value(double v)
{
    char digits[48];
    snprintf(digits, sizeof digits, "%.4g", v);
    return fabs(strtod(digits, NULL) - v) <= 1e-9 * fmax(1e-300, fabs(v));
}

/* "1 week", "10 %", "3" (no unit). */
static void format_with_unit(double v, const char *unit, char *buf, size_t size)
{
    char value[48];
    format_value(v, value, sizeof value);
    snprintf(buf, size, unit[0] ? "%s %s" : "%s", value, unit);
}

/* "schedule.interval (week)", or the name alone without a unit. */
static void axis_title(const char *name, const char *unit, char *buf, size_t size)
{
    snprintf(buf, size, unit[0] ? "%s (%s)" : "%s", name, unit);
}

/* ---- text -------------------------------------------------------------- */

/* Text with its box's point (ax, ay) at (x, y), in smaller type (down to
** 0.75 of scale) where it is wider than width, and cut with an ellipsis
** where even that is too wide; kept on the page. */
static void draw_text_fit(const page *pg, const char *text, double scale, int bold, rgb c,
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
    fig_set_rgb(pg->cr, c);
    cairo_move_to(pg->cr, left - (double)logical.x / PANGO_SCALE, y - ay * h);
    pango_cairo_show_layout(pg->cr, l);
    g_object_unref(l);
}

/* Height of a line of body text at scale. */
static double line_height(const page *pg, double scale)
{
    double w, h;
    fig_measure(pg, "0", scale, 0, &w, &h);
    return h;
}

/* ---- value axes ---------------------------------------------------------- */

#define MAX_AXIS_LABELS 64

/* Labels along an axis: page coordinate and text of each. */
typedef struct axis_labels {
    size_t n;
    double at[MAX_AXIS_LABELS];
    char text[MAX_AXIS_LABELS][48];
} axis_labels;

/* Room under a plot for its x tick labels and title. */
static double x_axis_height(const page *pg)
{
    return 0.45 * pg->fs + line_height(pg, 0.9) + 0.3 * pg->fs + line_height(pg, 1.0) + 0.1 * pg->fs;
}

/* Tick labels under box b at their x, with grid lines up through b when
** grid, and the title centred under them (fitted to the page width). */
static void draw_x_labels(const page *pg, chart_box b, const axis_labels *al, const char *title, int grid)
{
    cairo_t *cr = pg->cr;
    const double y = b.y1 + 0.45 * pg->fs;
    cairo_set_dash(cr, NULL, 0, 0);
    for (size_t i = 0; i < al->n; i++) {
        const double x = al->at[i];
        if (grid) {
            fig_set_rgb(cr, pg->th->grid);
            cairo_set_line_width(cr, 0.5);
            cairo_move_to(cr, x, b.y0);
            cairo_line_to(cr, x, b.y1);
            cairo_stroke(cr);
        }
        /* a label at the page's edge ends (or starts) at its tick instead */
        double w, h;
        fig_measure(pg, al->text[i], 0.9, 0, &w, &h);
        const double ax = x + w / 2 > pg->w - 0.2 * pg->fs ? 1.0 : x - w / 2 < 0.2 * pg->fs ? 0.0 : 0.5;
        draw_text(pg, al->text[i], 0.9, 0, pg->th->faint, x, y, ax, 0);
    }
    if (title && title[0])
        draw_text_fit(pg, title, 1.0, 0, pg->th->ink, (b.x0 + b.x1) / 2,
                      y + line_height(pg, 0.9) + 0.3 * pg->fs, 0.5, 0, pg->w - 1.8 * pg->fs);
}

/* Round ticks of a log axis over [lo, hi] (both > 0): 1, 2 and 5 x 10^k,
** or 1 x 10^k only, or every few decades, whichever gives at most max. */
static size_t log_ticks(double lo, double hi, size_t max, double *ticks)
{
    static const double steps[3][3] = { { 1, 2, 5 }, { 1, 0, 0 }, { 1, 0, 0 } };
    const int k0 = (int)floor(log10(lo)), k1 = (int)ceil(log10(hi));
    for (int pass = 0; pass < 3; pass++) {
        const int every = pass < 2 ? 1 : (int)ceil((double)(k1 - k0 + 1) / (double)max);
        size_t n = 0;
        for (int k = k0; k <= k1 && n <= max; k++) {
            if (((k - k0) % every) != 0)
                continue;
            for (int m = 0; m < 3 && steps[pass][m] > 0; m++) {
                const double t = steps[pass][m] * pow(10, k);
                if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9) && n < MAX_AXIS_LABELS)
                    ticks[n++] = t;
            }
        }
        if (n <= max)
            return n;
    }
    return 0;
}

/* ---- the colour map ------------------------------------------------------- */

/* viridis (Stéfan van der Walt and Nathaniel Smith, 2015; matplotlib's
** default colour map since 2.0): perceptually uniform, its lightness rising
** steadily, so it reads the same to the common colour-vision deficiencies
** and in grey.  The nine samples at 0, 1/8, ..., 1 of matplotlib's
** 256-entry table (lib/matplotlib/_cm_listed.py), as R's
** viridisLite::viridis(9) gives them, interpolated linearly in sRGB. */
#define N_ANCHORS 9
static const unsigned viridis[N_ANCHORS] = {
    0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21908C, 0x27AD81, 0x5DC863, 0xAADC32, 0xFDE725,
};

static rgb anchor(size_t i)
{
    return (rgb){ (viridis[i] >> 16 & 255) / 255.0, (viridis[i] >> 8 & 255) / 255.0,
                  (viridis[i] & 255) / 255.0 };
}

/* a mixed with b: (1 - f) a + f b */
static rgb mix(rgb a, rgb b, double f)
{
    return (rgb){ a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f };
}

/* The colour of t in [0, 1] (clamped). */
static rgb colour_map(double t)
{
    t = t > 0 ? (t < 1 ? t : 1) : 0;
    const double x = t * (N_ANCHORS - 1);
    size_t i = (size_t)floor(x);
    if (i > N_ANCHORS - 2)
        i = N_ANCHORS - 2;
    return mix(anchor(i), anchor(i + 1), x - (double)i);
}

/* Text on a cell: near-black on light cells, white on dark ones (relative
** luminance of the sRGB colour, roughly). */
static rgb text_on(rgb c)
{
    const double lum = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
    return lum > 0.42 ? (rgb){ 0.1, 0.1, 0.1 } : (rgb){ 1, 1, 1 };
}

/* ---- sweep: checks and the best run --------------------------------------- */

/* Number of runs of a sweep (after check_sweep). */
static size_t sweep_runs(const healsim_sweep_plot *sp)
{
    return sp->n_axes == 1 ? sp->n[0] : sp->n[0] * sp->n[1];
}

/* An axis's name and count (first) or its values (then), once the
** sweep's size is known to be sane. */
static int check_axis(const healsim_sweep_plot *sp, size_t a, int values, healsim_diag *diag)
{
    const char *name = str(sp->axis_name[a]);
    const size_t min = sp->n_axes == 1 ? 2 : 1;
    if (!values) {
        if (!name[0])
            return fig_fail(diag, HEALSIM_ERR_INPUT, "sweep axis %zu has no parameter name", a + 1);
        if (sp->n[a] < min || !sp->values[a])
            return fig_fail(diag, HEALSIM_ERR_INPUT, "sweep axis %zu ('%s'): %s %zu value%s, needs at least %zu",
                            a + 1, name, sp->values[a] ? "has" : "has no values (NULL) for", sp->n[a],
                            sp->n[a] == 1 ? "" : "s", min);
        if (sp->n[a] > HEALSIM_MAX_SWEEP_RUNS)
            return fig_fail(diag, HEALSIM_ERR_INPUT, "sweep axis %zu ('%s'): %zu values, at most %d", a + 1,
                            name, sp->n[a], HEALSIM_MAX_SWEEP_RUNS);
        return HEALSIM_OK;
    }
    for (size_t i = 0; i < sp->n[a]; i++) {
        const double v = sp->values[a][i];
        if (!isfinite(v))
            return fig_fail(diag, HEALSIM_ERR_INPUT, "sweep axis %zu ('%s'): value %zu is not a number",
                            a + 1, name, i + 1);
        if (sp->log_axis[a] && !(v > 0))
            return fig_fail(diag, HEALSIM_ERR_INPUT,
                            "sweep axis %zu ('%s'): value %zu is %g, and a log axis needs values > 0",
                            a + 1, name, i + 1, v);
        if (i > 0 && !(v > sp->values[a][i - 1]))
            return fig_fail(diag, HEALSIM_ERR_INPUT,
                            "sweep axis %zu ('%s'): values must increase, but value %zu (%g) follows %g",
                            a + 1, name, i + 1, v, sp->values[a][i - 1]);
    }
    return HEALSIM_OK;
}

static int check_sweep(const healsim_sweep_plot *sp, healsim_diag *diag)
{
    if (!sp)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: no sweep (NULL)");
    if (sp->n_axes != 1 && sp->n_axes != 2)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "a sweep varies 1 or 2 parameters, not %zu", sp->n_axes);
    for (int values = 0; values < 2; values++) {
        for (size_t a = 0; a < sp->n_axes; a++) {
            int rc = check_axis(sp, a, values, diag);
            if (rc)
                return rc;
        }
        if (!values && sp->n_axes == 2 && sp->n[0] * sp->n[1] > HEALSIM_MAX_SWEEP_RUNS)
            return fig_fail(diag, HEALSIM_ERR_INPUT, "a sweep of %zu x %zu runs is more than %d", sp->n[0],
                            sp->n[1], HEALSIM_MAX_SWEEP_RUNS);
    }
    if (!sp->outcome)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: the sweep has no outcome (NULL)");
    size_t finite = 0;
    for (size_t i = 0; i < sweep_runs(sp); i++) {
        if (isinf(sp->outcome[i]))
            return fig_fail(diag, HEALSIM_ERR_INPUT, "the outcome of run %zu is infinite", i + 1);
        finite += !isnan(sp->outcome[i]);
    }
    if (!finite)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: every run of the sweep failed (NaN)");
    return HEALSIM_OK;
}

/* The lowest and highest outcome, the index of the (first) best — the
** highest, or the lowest where lower is better — and whether any run failed. */
typedef struct outcome_range {
    double lo, hi;
    size_t best;
    double best_value;
    int failed;
} outcome_range;

static outcome_range sweep_range(const healsim_sweep_plot *sp)
{
    outcome_range o = { INFINITY, -INFINITY, 0, NAN, 0 };
    size_t lowest = 0, highest = 0;
    for (size_t i = 0; i < sweep_runs(sp); i++) {
        const double v = sp->outcome[i];
        if (isnan(v)) {
            o.failed = 1;
            continue;
        }
        if (v > o.hi) {
            o.hi = v;
            highest = i;
        }
        if (v < o.lo) {
            o.lo = v;
            lowest = i;
        }
    }
    o.best = sp->lower_is_better ? lowest : highest;
    o.best_value = sp->lower_is_better ? o.lo : o.hi;
    return o;
}

/* "max", or "min" where lower is better */
static const char *best_word(const healsim_sweep_plot *sp)
{
    return sp->lower_is_better ? WORD_MIN : WORD_MAX;
}

/* Decimals of the outcome's values: three significant digits of the largest. */
static int outcome_decimals(const outcome_range *o)
{
    return decimals_for(fmax(fabs(o->lo), fabs(o->hi)), 3);
}

/* Does run i show the best value, to the decimals of the values
** printed in a heatmap's cells?  Where they are printed, every cell that
** reads as the best is outlined, not just one of them. */
static int reads_as_best(const healsim_sweep_plot *sp, const outcome_range *o, size_t i)
{
    const double v = sp->outcome[i];
    if (isnan(v))
        return 0;
    char a[64], b[64];
    format_fixed(v, outcome_decimals(o), 0, a, sizeof a);
    format_fixed(o->best_value, outcome_decimals(o), 0, b, sizeof b);
    return strcmp(a, b) == 0;
}

/* The caption: where the best run is, and what a failed run looks like. */
static void sweep_caption(const healsim_sweep_plot *sp, const outcome_range *o, char *buf, size_t size)
{
    char value[48], at[2][160];
    format_fixed(sp->outcome[o->best], outcome_decimals(o), 0, value, sizeof value);
    size_t idx[2] = { o->best, 0 };
    if (sp->n_axes == 2) {
        idx[0] = o->best / sp->n[1];
        idx[1] = o->best % sp->n[1];
    }
    for (size_t a = 0; a < sp->n_axes; a++) {
        char v[96];
        format_with_unit(sp->values[a][idx[a]], str(sp->axis_unit[a]), v, sizeof v);
        snprintf(at[a], sizeof at[a], "%s = %s", str(sp->axis_name[a]), v);
    }
    const char *failed = !o->failed ? "" : sp->n_axes == 1 ? " · " WORD_FAILED_POINT : " · " WORD_FAILED_CELL;
    if (sp->n_axes == 1)
        snprintf(buf, size, "%s %s " WORD_AT " %s%s", best_word(sp), value, at[0], failed);
    else
        snprintf(buf, size, "%s %s " WORD_AT " %s, %s%s", best_word(sp), value, at[0], at[1], failed);
}

/* ---- sweep: one parameter, a line ----------------------------------------- */

/* Where the x ticks of a line sweep go: at the values themselves when
** they are few, round and have room, else on round numbers. */
static void line_x_labels(const page *pg, const healsim_sweep_plot *sp, const chart_scale *x,
                          axis_labels *al)
{
    const size_t n = sp->n[0];
    const double *v = sp->values[0];
    double widest = 0;
    int round = n <= 16;
    for (size_t i = 0; i < n && round; i++) {
        char t[48];
        double w, h;
        format_value(v[i], t, sizeof t);
        fig_measure(pg, t, 0.9, 0, &w, &h);
        widest = fmax(widest, w);
        round = round_value(v[i]);
    }
    double closest = INFINITY;
    for (size_t i = 1; i < n && round; i++)
        closest = fmin(closest, chart_scale_map(x, v[i]) - chart_scale_map(x, v[i - 1]));
    al->n = 0;
    if (round && closest >= widest + 0.8 * pg->fs) {
        for (size_t i = 0; i < n; i++) {
            al->at[al->n] = chart_scale_map(x, v[i]);
            format_value(v[i], al->text[al->n++], sizeof al->text[0]);
        }
        return;
    }
    double lw, lh;
    fig_measure(pg, "0.0000", 0.9, 0, &lw, &lh);
    const size_t max = (size_t)fmax(2, fmin(MAX_AXIS_LABELS, floor(fabs(x->r1 - x->r0) / (1.6 * lw))));
    double ticks[MAX_AXIS_LABELS];
    size_t nt = x->log ? log_ticks(v[0], v[n - 1], max, ticks)
                       : chart_ticks(v[0], v[n - 1], max > CHART_MAX_TICKS ? CHART_MAX_TICKS : max, ticks, NULL);
    if (nt < 2) { /* no round number between them: the two ends */
        ticks[0] = v[0];
        ticks[1] = v[n - 1];
        nt = 2;
    }
    for (size_t i = 0; i < nt; i++) {
        al->at[al->n] = chart_scale_map(x, ticks[i]);
        format_value(ticks[i], al->text[al->n++], sizeof al->text[0]);
    }
}

/* A failed run on a line: a cross just above the x axis. */
static void draw_cross(const page *pg, double x, double y, double r)
{
    cairo_t *cr = pg->cr;
    cairo_new_path(cr);
    cairo_move_to(cr, x - r, y - r);
    cairo_line_to(cr, x + r, y + r);
    cairo_move_to(cr, x - r, y + r);
    cairo_line_to(cr, x + r, y - r);
    fig_set_rgb(cr, fig_colour(pg->th, C_VERMILLION));
    cairo_set_line_width(cr, 0.16 * pg->fs);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_stroke(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
}

static int sweep_line_page(const page *pg, const healsim_sweep_plot *sp, const char *caption)
{
    cairo_t *cr = pg->cr;
    fig_background(pg);
    const double top = fig_title_block(pg, fig_word(pg, HEALSIM_TEXT_TITLE_SWEEP), str(sp->title));
    const double bottom = fig_caption_line(pg, caption);
    const chart_box r = fig_content_box(pg, top, bottom);
    const outcome_range o = sweep_range(sp);
    const size_t n = sp->n[0];
    const double *v = sp->values[0];

    /* the outcome's domain: the values with a margin, and room over the
    ** highest for its label */
    double span = o.hi - o.lo;
    if (!(span > 1e-9 * fmax(1, fabs(o.hi))))
        span = fabs(o.hi) > 0 ? 0.1 * fabs(o.hi) : 1;
    const double lo = o.lo - 0.08 * span, data_top = o.hi + 0.08 * span;
    const double label_h = line_height(pg, 0.9);

    /* the left margin holds the widest tick label and the title */
    double ticks[CHART_MAX_TICKS], widest = 0;
    const size_t nt = chart_ticks(lo, data_top, 6, ticks, NULL);
    for (size_t i = 0; i < nt; i++) {
        char t[32];
        double w, h;
        fig_format_tick(ticks[i], t, sizeof t);
        fig_measure(pg, t, 0.9, 0, &w, &h);
        widest = fmax(widest, w);
    }
    char x_title[2 * HEALSIM_MAX_TEXT + 16];
    axis_title(str(sp->axis_name[0]), str(sp->axis_unit[0]), x_title, sizeof x_title);
    plot p;
    memset(&p, 0, sizeof p);
    p.box.x0 = r.x0 + 0.3 * pg->fs + line_height(pg, 1.0) + 0.3 * pg->fs + widest + fig_tick_gap(pg);
    p.box.x1 = r.x1 - 1.2 * pg->fs;
    p.box.y0 = r.y0 + 0.4 * pg->fs;
    p.box.y1 = r.y1 - x_axis_height(pg);
    const double plot_h = p.box.y1 - p.box.y0;
    const double room = fmin(0.4 * plot_h, 1.1 * pg->fs + label_h); /* ring and label over the best */
    const double hi = data_top + room * (data_top - lo) / (plot_h - room);
    p.y = (chart_scale){ lo, hi, p.box.y1, p.box.y0, 0 };
    /* x: the values with a little room at both ends for their points */
    const int lg = sp->log_axis[0];
    const double a = lg ? log10(v[0]) : v[0], b = lg ? log10(v[n - 1]) : v[n - 1];
    const double pad = 0.04 * (b - a);
    p.x = (chart_scale){ lg ? pow(10, a - pad) : a - pad, lg ? pow(10, b + pad) : b + pad, p.box.x0,
                         p.box.x1, lg };

    const size_t max_ticks = (size_t)fmax(2, fmin(8, floor(plot_h / (2.2 * label_h)) + 1));
    draw_y_axis(pg, &p, lo, hi, max_ticks, str(sp->outcome_name));
    axis_labels al;
    line_x_labels(pg, sp, &p.x, &al);
    draw_x_labels(pg, p.box, &al, x_title, 1);

    /* the line, broken where a run failed */
    double *xs = malloc(n * sizeof *xs), *ys = malloc(n * sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return -1;
    }
    double closest = INFINITY;
    for (size_t i = 0; i < n; i++) {
        xs[i] = chart_scale_map(&p.x, v[i]);
        ys[i] = chart_scale_map(&p.y, sp->outcome[i]);
        if (i)
            closest = fmin(closest, xs[i] - xs[i - 1]);
    }
    const rgb blue = fig_colour(pg->th, C_BLUE);
    for (size_t i = 0; i < n;) {
        while (i < n && isnan(sp->outcome[i]))
            i++;
        size_t j = i;
        while (j < n && !isnan(sp->outcome[j]))
            j++;
        if (j > i) {
            /* a long sweep's line, simplified like every curve: its path
            ** (and the file) stays small however many runs there are */
            double *sx = malloc((j - i) * sizeof *sx), *sy = malloc((j - i) * sizeof *sy);
            if (sx && sy) {
                memcpy(sx, xs + i, (j - i) * sizeof *sx);
                memcpy(sy, ys + i, (j - i) * sizeof *sy);
                size_t m = chart_simplify(sx, sy, j - i, 0.05);
                fig_stroke_curve(pg, sx, sy, m, blue, 0, pg->line);
            }
            free(sx);
            free(sy);
        }
        i = j;
    }
    /* a point per run, smaller where they crowd; none where they would
    ** merge into the line anyway (thousands of runs) */
    const double radius = fmax(0.1 * pg->fs, fmin(0.36 * pg->fs, closest / 3));
    const double cross = fmax(0.2 * pg->fs, fmin(0.4 * pg->fs, closest / 3));
    const int dots = closest >= 0.2 * pg->fs;
    for (size_t i = 0; i < n && dots; i++) {
        if (isnan(sp->outcome[i]))
            continue;
        cairo_new_path(cr);
        cairo_arc(cr, xs[i], ys[i], radius, 0, 2 * M_PI);
        fig_set_rgb(cr, blue);
        cairo_fill(cr);
    }
    draw_frame(pg, &p);
    /* a failed run: a cross on the axis, where its point would stand */
    for (size_t i = 0; i < n; i++)
        if (isnan(sp->outcome[i]))
            draw_cross(pg, xs[i], p.box.y1, cross);

    /* the best run: ringed, its value over it */
    const double ring = radius + 0.32 * pg->fs;
    char value[64], text[96];
    format_fixed(sp->outcome[o.best], outcome_decimals(&o), 0, value, sizeof value);
    snprintf(text, sizeof text, "%s %s", best_word(sp), value);
    {
        /* the first of equal bests, the run the caption names */
        const size_t i = o.best;
        cairo_new_path(cr);
        cairo_arc(cr, xs[i], ys[i], ring, 0, 2 * M_PI);
        fig_set_rgb(cr, fig_colour(pg->th, C_VERMILLION));
        cairo_set_line_width(cr, 0.14 * pg->fs);
        cairo_stroke(cr);
        double w, h;
        fig_measure(pg, text, 0.9, 1, &w, &h);
        const double x = fmin(fmax(xs[i], p.box.x0 + w / 2 + 0.2 * pg->fs), p.box.x1 - w / 2);
        draw_text(pg, text, 0.9, 1, pg->th->ink, x, ys[i] - ring - 0.15 * pg->fs, 0.5, 1);
    }
    free(xs);
    free(ys);
    return 0;
}

/* ---- sweep: two parameters, a heatmap ------------------------------------- */

/* Labels of a heatmap axis at the centres of its cells: every one, or
** every 2nd, 5th, 10th, ... where they would crowd.  first is the page
** coordinate of cell 0's centre, step the distance between centres (< 0
** going up), need the room one label takes along the axis. */
static void cell_labels(const double *values, size_t n, double first, double step, double need,
                        axis_labels *al)
{
    static const size_t every[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000 };
    size_t k = every[0];
    for (size_t i = 0; i < sizeof every / sizeof every[0]; i++) {
        k = every[i];
        if ((double)k * fabs(step) >= need && (n + k - 1) / k <= MAX_AXIS_LABELS)
            break;
    }
    al->n = 0;
    for (size_t i = 0; i < n && al->n < MAX_AXIS_LABELS; i += k) {
        al->at[al->n] = first + (double)i * step;
        format_value(values[i], al->text[al->n++], sizeof al->text[0]);
    }
}

/* The widest of some values as labels at 0.9 x the body size. */
static double widest_value(const page *pg, const double *values, size_t n)
{
    double widest = 0;
    /* long sweeps: the ends and a sample between them tell the width */
    const size_t stride = n > 200 ? n / 100 : 1;
    for (size_t i = 0; i < n; i += stride) {
        char t[48];
        double w, h;
        format_value(values[i], t, sizeof t);
        fig_measure(pg, t, 0.9, 0, &w, &h);
        widest = fmax(widest, w);
    }
    char t[48];
    double w, h;
    format_value(values[n - 1], t, sizeof t);
    fig_measure(pg, t, 0.9, 0, &w, &h);
    return fmax(widest, w);
}

/* A failed run's cell: diagonal hatching on the background. */
static void hatch(const page *pg, chart_box c)
{
    cairo_t *cr = pg->cr;
    cairo_save(cr);
    cairo_rectangle(cr, c.x0, c.y0, c.x1 - c.x0, c.y1 - c.y0);
    fig_set_rgb(cr, pg->th->background);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    const double gap = 0.45 * pg->fs, h = c.y1 - c.y0;
    cairo_new_path(cr);
    for (double x = c.x0 - h; x < c.x1; x += gap) {
        cairo_move_to(cr, x, c.y1);
        cairo_line_to(cr, x + h, c.y0);
    }
    fig_set_rgb(cr, pg->th->faint);
    cairo_set_line_width(cr, 0.07 * pg->fs);
    cairo_stroke(cr);
    cairo_restore(cr);
}

static int sweep_heatmap_page(const page *pg, const healsim_sweep_plot *sp, const char *caption)
{
    cairo_t *cr = pg->cr;
    fig_background(pg);
    const double top = fig_title_block(pg, fig_word(pg, HEALSIM_TEXT_TITLE_SWEEP), str(sp->title));
    const double bottom = fig_caption_line(pg, caption);
    const chart_box r = fig_content_box(pg, top, bottom);
    const outcome_range o = sweep_range(sp);
    const size_t nx = sp->n[0], ny = sp->n[1];

    /* the colour bar's domain: the outcomes, or round a single value */
    double lo = o.lo, hi = o.hi;
    if (!(hi - lo > 1e-9 * fmax(1, fabs(hi)))) {
        const double d = fabs(hi) > 0 ? 0.05 * fabs(hi) : 0.5;
        lo -= d;
        hi += d;
    }
    const double lh = line_height(pg, 0.9), th = line_height(pg, 1.0);
    double bar_ticks[CHART_MAX_TICKS], bar_w = 0;
    char bar_text[CHART_MAX_TICKS][32];
    const size_t n_bar = chart_ticks(lo, hi, 8, bar_ticks, NULL);
    for (size_t i = 0; i < n_bar; i++) {
        double w, h;
        fig_format_tick(bar_ticks[i], bar_text[i], sizeof bar_text[i]);
        fig_measure(pg, bar_text[i], 0.9, 0, &w, &h);
        bar_w = fmax(bar_w, w);
    }
    /* right: gap, colour bar, its tick labels, its title; left: the y
    ** axis's labels and title; bottom: the x axis's */
    const double strip = 1.1 * pg->fs, tick_gap = 0.35 * pg->fs;
    const double right = 1.4 * pg->fs + strip + tick_gap + bar_w + 0.45 * pg->fs + th + 0.2 * pg->fs;
    const double left = 0.3 * pg->fs + th + 0.4 * pg->fs + widest_value(pg, sp->values[1], ny) + 0.35 * pg->fs;
    const chart_box grid = { r.x0 + left, r.y0 + 0.4 * pg->fs, r.x1 - right, r.y1 - x_axis_height(pg) };
    const double cw = (grid.x1 - grid.x0) / (double)nx, ch = (grid.y1 - grid.y0) / (double)ny;

    /* the values in the cells: the largest type, down from 0.9 x the body
    ** size to 0.6, in which every value fits its cell; none if none does */
    const int decimals = outcome_decimals(&o);
    double value_scale = 0;
    {
        char a[48], b[48];
        format_fixed(o.lo, decimals, 0, a, sizeof a);
        format_fixed(o.hi, decimals, 0, b, sizeof b);
        for (double s = 0.9; s >= 0.6 - 1e-9 && value_scale == 0; s -= 0.05) {
            double wa, wb, h;
            fig_measure(pg, a, s, 1, &wa, &h);
            fig_measure(pg, b, s, 1, &wb, &h);
            if (fmax(wa, wb) + 0.4 * pg->fs <= cw && h + 0.1 * pg->fs <= ch)
                value_scale = s;
        }
    }
    /* cells a hairline apart where they are large; edge to edge (a little
    ** overlap, so no seam shows) where they are small */
    const double gap = cw >= 1.5 * pg->fs && ch >= 1.0 * pg->fs ? 0.06 * pg->fs : 0;
    const double overlap = gap > 0 ? 0 : 0.25;
    for (size_t i0 = 0; i0 < nx; i0++) {
        for (size_t i1 = 0; i1 < ny; i1++) {
            const double v = sp->outcome[i0 * ny + i1];
            const chart_box c = { grid.x0 + (double)i0 * cw + gap / 2, grid.y1 - (double)(i1 + 1) * ch + gap / 2,
                                  grid.x0 + (double)(i0 + 1) * cw - gap / 2, grid.y1 - (double)i1 * ch - gap / 2 };
            if (isnan(v)) {
                hatch(pg, c);
                continue;
            }
            const rgb colour = colour_map((v - lo) / (hi - lo));
            cairo_rectangle(cr, c.x0, c.y0 - (i1 + 1 < ny ? overlap : 0), c.x1 - c.x0 + (i0 + 1 < nx ? overlap : 0),
                            c.y1 - c.y0 + (i1 + 1 < ny ? overlap : 0));
            fig_set_rgb(cr, colour);
            cairo_fill(cr);
            if (value_scale > 0) {
                char t[48];
                format_fixed(v, decimals, 0, t, sizeof t);
                draw_text(pg, t, value_scale, reads_as_best(sp, &o, i0 * ny + i1), text_on(colour),
                          (c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2, 0.5, 0.5);
            }
        }
    }
    /* the best cell outlined (every cell that reads as the best, where
    ** values are printed): a line of ink in a halo of background, seen
    ** against any cell */
    const double line = fmin(0.16 * pg->fs, 0.3 * fmin(cw, ch) + 0.5);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < nx * ny; i++) {
            if (value_scale > 0 ? !reads_as_best(sp, &o, i) : i != o.best)
                continue;
            const size_t i0 = i / ny, i1 = i % ny;
            cairo_rectangle(cr, grid.x0 + (double)i0 * cw, grid.y1 - (double)(i1 + 1) * ch, cw, ch);
            fig_set_rgb(cr, pass == 0 ? pg->th->background : pg->th->ink);
            cairo_set_line_width(cr, pass == 0 ? 2.2 * line : line);
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
            cairo_stroke(cr);
        }
    }

    /* axes: x across the bottom, y up the left, labels at the cells' centres */
    axis_labels al;
    char title[2 * HEALSIM_MAX_TEXT + 16];
    cell_labels(sp->values[0], nx, grid.x0 + cw / 2, cw, widest_value(pg, sp->values[0], nx) + 0.6 * pg->fs,
                &al);
    axis_title(str(sp->axis_name[0]), str(sp->axis_unit[0]), title, sizeof title);
    draw_x_labels(pg, grid, &al, title, 0);
    cell_labels(sp->values[1], ny, grid.y1 - ch / 2, -ch, 1.15 * lh, &al);
    for (size_t i = 0; i < al.n; i++)
        draw_text(pg, al.text[i], 0.9, 0, pg->th->faint, grid.x0 - 0.35 * pg->fs, al.at[i], 1, 0.5);
    axis_title(str(sp->axis_name[1]), str(sp->axis_unit[1]), title, sizeof title);
    {
        double w, h;
        fig_measure(pg, title, 1.0, 0, &w, &h);
        const double length = grid.y1 - grid.y0;
        draw_text_vertical(pg, title, fmax(0.6, fmin(1.0, length / fmax(w, 1))), pg->th->ink,
                           r.x0 + 0.3 * pg->fs + th / 2, (grid.y0 + grid.y1) / 2, length);
    }

    /* the colour bar: the map from lo (bottom) to hi (top), its ticks,
    ** labels and title (the outcome) */
    const double bx0 = grid.x1 + 1.4 * pg->fs, bx1 = bx0 + strip;
    cairo_pattern_t *g = cairo_pattern_create_linear(0, grid.y1, 0, grid.y0);
    for (size_t i = 0; i < N_ANCHORS; i++) {
        const rgb c = anchor(i);
        cairo_pattern_add_color_stop_rgb(g, (double)i / (N_ANCHORS - 1), c.r, c.g, c.b);
    }
    cairo_rectangle(cr, bx0, grid.y0, strip, grid.y1 - grid.y0);
    cairo_set_source(cr, g);
    cairo_fill(cr);
    cairo_pattern_destroy(g);
    cairo_set_line_width(cr, 0.8);
    for (size_t i = 0; i < n_bar; i++) {
        const double y = grid.y1 - (bar_ticks[i] - lo) / (hi - lo) * (grid.y1 - grid.y0);
        fig_set_rgb(cr, pg->th->faint);
        cairo_move_to(cr, bx1, y);
        cairo_line_to(cr, bx1 + 0.25 * pg->fs, y);
        cairo_stroke(cr);
        draw_text(pg, bar_text[i], 0.9, 0, pg->th->faint, bx1 + tick_gap, y, 0, 0.5);
    }
    {
        const char *name = str(sp->outcome_name);
        double w, h;
        fig_measure(pg, name, 1.0, 0, &w, &h);
        const double length = grid.y1 - grid.y0;
        draw_text_vertical(pg, name, fmax(0.6, fmin(1.0, length / fmax(w, 1))), pg->th->ink,
                           bx1 + tick_gap + bar_w + 0.45 * pg->fs + th / 2, (grid.y0 + grid.y1) / 2, length);
    }
    return 0;
}

/* ---- population ------------------------------------------------------------ */

static int check_population(const healsim_population_plot *pp, healsim_diag *diag)
{
    if (!pp)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: no population (NULL)");
    if (pp->n_times < 2 || !pp->days)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: the population has %zu time%s, needs at least 2",
                        pp->days ? pp->n_times : 0, pp->days && pp->n_times == 1 ? "" : "s");
    const double *q[5] = { pp->q05, pp->q25, pp->q50, pp->q75, pp->q95 };
    static const char *const qname[5] = { "q05", "q25", "q50", "q75", "q95" };
    for (int k = 0; k < 5; k++)
        if (!q[k])
            return fig_fail(diag, HEALSIM_ERR_INPUT, "nothing to draw: quantile %s is missing (NULL)", qname[k]);
    for (size_t i = 0; i < pp->n_times; i++) {
        const double t = pp->days[i];
        if (!isfinite(t) || t < 0)
            return fig_fail(diag, HEALSIM_ERR_INPUT, "time %zu is %g days: times must be numbers >= 0", i + 1, t);
        if (i > 0 && !(t > pp->days[i - 1]))
            return fig_fail(diag, HEALSIM_ERR_INPUT,
                            "times must increase, but time %zu (%g days) follows %g (one row per time)", i + 1,
                            t, pp->days[i - 1]);
        for (int k = 0; k < 5; k++) {
            if (!isfinite(q[k][i]))
                return fig_fail(diag, HEALSIM_ERR_INPUT, "%s at time %zu (%g days) is not a number", qname[k],
                                i + 1, t);
            if (k > 0 && q[k][i] < q[k - 1][i] - 1e-9 * fmax(1, fabs(q[k][i])))
                return fig_fail(diag, HEALSIM_ERR_INPUT,
                                "the quantiles at time %zu (%g days) are out of order: %s = %g is below %s = %g",
                                i + 1, t, qname[k], q[k][i], qname[k - 1], q[k - 1][i]);
        }
    }
    if (pp->n_patients == 0)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "a population of 0 patients");
    if (pp->n_injections > HEALSIM_MAX_FIGURE_INJECTIONS)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "%zu injections, at most %d", pp->n_injections,
                        HEALSIM_MAX_FIGURE_INJECTIONS);
    if (pp->n_injections && !pp->injection_days)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "%zu injections without their days (NULL)", pp->n_injections);
    for (size_t i = 0; i < pp->n_injections; i++) {
        const double t = pp->injection_days[i];
        if (!isfinite(t) || t < 0 || (i > 0 && t < pp->injection_days[i - 1]))
            return fig_fail(diag, HEALSIM_ERR_INPUT,
                            "injection %zu is on day %g: injection days must be numbers >= 0, in order", i + 1, t);
    }
    return HEALSIM_OK;
}

/* The bands: the theme's blue mixed into the background, so the middle
** 50 % (drawn over the 90 %) is the darker, and the key shows exactly
** what the plot does. */
static rgb band_colour(const page *pg, int fifty)
{
    const int dark = pg->style->theme == HEALSIM_THEME_DARK;
    return mix(pg->th->background, fig_colour(pg->th, C_BLUE), fifty ? (dark ? 0.5 : 0.42) : (dark ? 0.27 : 0.18));
}

/* Fill the band between two quantiles. */
static void fill_band(const page *pg, const plot *p, const healsim_population_plot *pp, const double *lo,
                      const double *hi, rgb c)
{
    cairo_t *cr = pg->cr;
    cairo_new_path(cr);
    for (size_t i = 0; i < pp->n_times; i++)
        cairo_line_to(cr, fig_px(p, pp->days[i]), fig_py(p, lo[i]));
    for (size_t i = pp->n_times; i-- > 0;)
        cairo_line_to(cr, fig_px(p, pp->days[i]), fig_py(p, hi[i]));
    cairo_close_path(cr);
    fig_set_rgb(cr, c);
    cairo_fill(cr);
}

static int population_page(const page *pg, const healsim_population_plot *pp, const char *caption)
{
    fig_background(pg);
    const double top = fig_title_block(pg, fig_word(pg, HEALSIM_TEXT_TITLE_POPULATION), str(pp->title));
    const double bottom = fig_caption_line(pg, caption);
    chart_box r = fig_content_box(pg, top, bottom);

    /* the key over the plot: the median's line, the two bands' swatches */
    static const series median = { 0, C_BLUE, 0, HEALSIM_TEXT_MEDIAN, NULL };
    fig_key keys[3] = {
        { .s = &median, .text = fig_word(pg, HEALSIM_TEXT_MEDIAN) },
        { .fill = 1, .fill_colour = band_colour(pg, 1), .text = fig_word(pg, HEALSIM_TEXT_BAND50) },
        { .fill = 1, .fill_colour = band_colour(pg, 0), .text = fig_word(pg, HEALSIM_TEXT_BAND90) },
    };
    double left, unused;
    fig_axis_margins(pg, 1, &left, &unused);
    const double keys_x0 = r.x0 + left, keys_x1 = r.x1 - 0.8 * pg->fs, keys_y = r.y0 + 0.2 * pg->fs;
    r.y0 = keys_y + fig_draw_keys(pg, keys, 3, keys_x0, keys_x1, keys_y, 0) + 0.2 * pg->fs;

    double lowest = INFINITY, highest = -INFINITY;
    for (size_t i = 0; i < pp->n_times; i++) {
        lowest = fmin(lowest, pp->q05[i]);
        highest = fmax(highest, pp->q95[i]);
    }
    double lo, hi;
    fig_strength_domain(lowest, &lo, &hi);
    const double y_top = fmax(100, ceil(highest / 10) * 10); /* a population stronger than healthy */
    hi = fmax(hi, y_top + 6);
    plot p = fig_make_plot_span(pg, r, TIME_LINEAR, pp->days[pp->n_times - 1], lo, hi, 0, 1);

    draw_y_axis(pg, &p, lo, y_top, 6, fig_word(pg, HEALSIM_TEXT_AXIS_STRENGTH));
    draw_time_axis(pg, &p);
    fill_band(pg, &p, pp, pp->q05, pp->q95, band_colour(pg, 0));
    fill_band(pg, &p, pp, pp->q25, pp->q75, band_colour(pg, 1));
    draw_injection_lines(pg, &p);
    double *xs = malloc(pp->n_times * sizeof *xs), *ys = malloc(pp->n_times * sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return -1;
    }
    for (size_t i = 0; i < pp->n_times; i++) {
        xs[i] = fig_px(&p, pp->days[i]);
        ys[i] = fig_py(&p, pp->q50[i]);
    }
    const size_t n = chart_simplify(xs, ys, pp->n_times, 0.05);
    fig_stroke_curve(pg, xs, ys, n, fig_colour(pg->th, C_BLUE), 0, pg->line);
    free(xs);
    free(ys);
    fig_reference_line(pg, &p, 100, fig_word(pg, HEALSIM_TEXT_HEALTHY));
    draw_frame(pg, &p);
    draw_injection_markers(pg, &p);
    fig_draw_keys(pg, keys, 3, keys_x0, keys_x1, keys_y, 1);
    return 0;
}

/* ---- sensitivity: the tornado ------------------------------------------------ */

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
            return fig_fail(diag, HEALSIM_ERR_INPUT, "the sensitivity of '%s' is not a number", str(tp->names[i]));
        if (i > 0 && fabs(v) > fabs(tp->values[i - 1]) * (1 + 1e-12))
            return fig_fail(diag, HEALSIM_ERR_INPUT,
                            "the sensitivities must be sorted by size, largest first, but '%s' (%g) follows "
                            "'%s' (%g)", str(tp->names[i]), v, str(tp->names[i - 1]), tp->values[i - 1]);
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

static int tornado_page(const page *pg, const healsim_tornado_plot *tp, const char *caption)
{
    cairo_t *cr = pg->cr;
    fig_background(pg);
    const double top = fig_title_block(pg, fig_word(pg, HEALSIM_TEXT_TITLE_SENSITIVITY), str(tp->title));
    const double bottom = fig_caption_line(pg, caption);
    const chart_box r = fig_content_box(pg, top, bottom);
    const size_t n = tp->n;
    const double y0 = r.y0 + 0.3 * pg->fs, y1 = r.y1 - x_axis_height(pg);
    const double pitch = (y1 - y0) / (double)n;

    /* names and values in type that fits a bar's pitch, 0.9 x the body size
    ** at most */
    const double text_scale = fmax(0.5, fmin(0.9, 0.9 * pitch / line_height(pg, 1.0)));
    const double name_line = line_height(pg, text_scale);
    const int lines = (int)fmax(1, floor(0.98 * pitch / name_line));
    char *names[HEALSIM_MAX_TORNADO_BARS];
    double name_w = 0;
    for (size_t i = 0; i < n; i++) {
        double w, h;
        fig_measure(pg, str(tp->names[i]), text_scale, 0, &w, &h);
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
            fig_measure(pg, str(tp->names[i]), name_scale, 0, &w, &h);
            name_w = fmax(name_w, w);
        }
    }
    name_w = fmin(name_w, name_room);
    for (size_t i = 0; i < n; i++)
        names[i] = name_for_column(pg, str(tp->names[i]), name_scale, name_w);

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
        format_fixed(v, v == 0 ? 0 : decimals_for(fabs(v), 2), 1, values[i], sizeof values[i]);
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
    const double k = fmax(1e-9, width - room_left - room_right) / (vhi - vlo); /* points per unit */
    p.x = (chart_scale){ vlo - room_left / k, vhi + room_right / k, p.box.x0, p.box.x1, 0 };

    /* the axis: grid lines and labels at round values, and its title */
    double lw, lh;
    fig_measure(pg, MINUS "0.00", 0.9, 0, &lw, &lh);
    double ticks[CHART_MAX_TICKS];
    const size_t max_ticks = (size_t)fmax(2, fmin(CHART_MAX_TICKS, floor(width / (1.6 * lw))));
    axis_labels al;
    al.n = chart_ticks(p.x.d0, p.x.d1, max_ticks, ticks, NULL);
    for (size_t i = 0; i < al.n; i++) {
        al.at[i] = chart_scale_map(&p.x, ticks[i]);
        format_value(ticks[i], al.text[i], sizeof al.text[i]);
    }
    draw_x_labels(pg, p.box, &al, fig_word(pg, HEALSIM_TEXT_AXIS_SENSITIVITY), 1);

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
        fig_set_rgb(cr, pg->th->ink);
        cairo_move_to(cr, p.box.x0 - 0.6 * pg->fs - name_w, yc - h / 2);
        pango_cairo_show_layout(cr, l);
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

/* ---- rendering ------------------------------------------------------------------ */

typedef struct batch_page {
    int kind;
    const void *plot;
    const char *caption;
} batch_page;

static int batch_pages(const page *pg, const void *ctx)
{
    const batch_page *bp = ctx;
    switch (bp->kind) {
    case BATCH_SWEEP: {
        const healsim_sweep_plot *sp = bp->plot;
        return sp->n_axes == 1 ? sweep_line_page(pg, sp, bp->caption) : sweep_heatmap_page(pg, sp, bp->caption);
    }
    case BATCH_POPULATION: return population_page(pg, bp->plot, bp->caption);
    default: return tornado_page(pg, bp->plot, bp->caption);
    }
}

static int check_format(unsigned format, const healsim_figure_style *style, healsim_diag *diag)
{
    if (format != HEALSIM_FORMAT_PNG && format != HEALSIM_FORMAT_SVG && format != HEALSIM_FORMAT_PDF)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "unknown figure format");
    return healsim_figure_check_size(style, diag);
}

/* Draw a checked page into memory, then write it to out whole; name the
** figure in *diag on failure. */
static int render(int kind, unsigned format, const void *figure, const char *title, const char *caption,
                  const healsim_figure_data *data, const healsim_figure_style *style, FILE *out,
                  healsim_diag *diag)
{
    char *bytes = NULL;
    size_t size = 0;
    const batch_page bp = { kind, figure, caption };
    int rc = fig_render_memory(format, style, data, title[0] ? title : "healsim", batch_pages, &bp, &bytes,
                               &size, diag);
    if (rc == HEALSIM_OK && fwrite(bytes, 1, size, out) != size)
        rc = fig_fail(diag, HEALSIM_ERR_IO, "cannot write the figure");
    free(bytes);
    return rc;
}

/* Name the figure the message is about, unless it names a place already. */
static int named(int rc, int kind, unsigned format, healsim_diag *diag)
{
    if (rc != HEALSIM_OK && !diag->file[0])
        snprintf(diag->file, sizeof diag->file, "%s.%s", batch_names[kind], fig_format_ext(format));
    return rc;
}

int healsim_sweep_render(unsigned format, const healsim_sweep_plot *sp, const healsim_figure_style *style,
                         FILE *out, healsim_diag *diag)
{
    memset(diag, 0, sizeof *diag);
    int rc = check_format(format, style, diag);
    if (rc == HEALSIM_OK)
        rc = check_sweep(sp, diag);
    if (rc == HEALSIM_OK) {
        const outcome_range o = sweep_range(sp);
        char caption[4 * HEALSIM_MAX_TEXT + 256];
        sweep_caption(sp, &o, caption, sizeof caption);
        rc = render(BATCH_SWEEP, format, sp, str(sp->title), caption, NULL, style, out, diag);
    }
    return named(rc, BATCH_SWEEP, format, diag);
}

int healsim_population_render(unsigned format, const healsim_population_plot *pp,
                              const healsim_figure_style *style, FILE *out, healsim_diag *diag)
{
    memset(diag, 0, sizeof *diag);
    int rc = check_format(format, style, diag);
    if (rc == HEALSIM_OK)
        rc = check_population(pp, diag);
    if (rc == HEALSIM_OK) {
        /* the injections, for the markers and lines of draw.c */
        healsim_figure_data data;
        healsim_figure_data_init(&data, NULL, 0, 0);
        data.n_injections = pp->n_injections;
        for (size_t i = 0; i < pp->n_injections; i++)
            data.injection_days[i] = pp->injection_days[i];
        char caption[64];
        snprintf(caption, sizeof caption, "%zu %s", pp->n_patients,
                 pp->n_patients == 1 ? WORD_PATIENT : WORD_PATIENTS);
        rc = render(BATCH_POPULATION, format, pp, str(pp->title), caption, &data, style, out, diag);
    }
    return named(rc, BATCH_POPULATION, format, diag);
}

int healsim_tornado_render(unsigned format, const healsim_tornado_plot *tp, const healsim_figure_style *style,
                           FILE *out, healsim_diag *diag)
{
    memset(diag, 0, sizeof *diag);
    int rc = check_format(format, style, diag);
    if (rc == HEALSIM_OK)
        rc = check_tornado(tp, diag);
    if (rc == HEALSIM_OK) {
        const char *outcome = str(tp->outcome_name)[0] ? tp->outcome_name : WORD_OUTCOME;
        char caption[3 * HEALSIM_MAX_TEXT + 256];
        int at = snprintf(caption, sizeof caption, WORD_SENSITIVITY_OF " %s: ", outcome);
        snprintf(caption + at, sizeof caption - (size_t)at, WORD_SENSITIVITY_MEANS, outcome);
        rc = render(BATCH_SENSITIVITY, format, tp, str(tp->title), caption, NULL, style, out, diag);
    }
    return named(rc, BATCH_SENSITIVITY, format, diag);
}
