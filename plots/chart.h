/*
** plots/chart.h — the geometry of a chart, apart from any drawing.
**
** Scales map data to page coordinates; tick generators choose round values
** on natural time boundaries; the label placer puts each curve's name next
** to its curve without touching another curve, another label or the edge.
** Everything here is pure arithmetic on numbers and boxes: no cairo, no
** pango, no files, so tests/test_chart.c checks it directly.
**
** Page coordinates are in points with y growing downwards, as in cairo.
*/
#ifndef HEALSIM_CHART_H
#define HEALSIM_CHART_H

#include <stddef.h>

#define CHART_MAX_TICKS 32

/* An axis-aligned box: x0 <= x1, y0 <= y1. */
typedef struct chart_box {
    double x0, y0, x1, y1;
} chart_box;

/* Do a and b share any area (touching edges do not count)? */
int chart_box_overlap(chart_box a, chart_box b);

/* Is inner entirely inside outer? */
int chart_box_inside(chart_box inner, chart_box outer);

/* A linear or base-10 logarithmic map from [d0, d1] to [r0, r1]. */
typedef struct chart_scale {
    double d0, d1; /* data domain; both > 0 when log */
    double r0, r1; /* page range */
    int log;
} chart_scale;

/* Page coordinate of data value v (a log scale clamps v to d0 first). */
double chart_scale_map(const chart_scale *s, double v);

/* Round ticks for [lo, hi]: multiples of 1, 2 or 5 x 10^k, at most
** max_ticks (>= 2) of them, all inside [lo, hi].  Returns the count; the
** step is stored in *step if it is not NULL. */
size_t chart_ticks(double lo, double hi, size_t max_ticks, double ticks[CHART_MAX_TICKS],
                   double *step);

/* The time axis of a span: days up to four weeks, weeks up to half a year,
** months beyond.  Ticks fall on whole units with steps of natural size
** (1, 2, 7, 14, 28 days; 1, 2, 4, 8, 13, 26 weeks; 1, 2, 3, 6, 12, 24, 60,
** 120 months); when none of them gives between 2 and max_ticks ticks, on
** round 1-2-5 steps of the unit instead. */
typedef enum chart_time_unit {
    CHART_DAYS = 0,
    CHART_WEEKS,
    CHART_MONTHS
} chart_time_unit;

typedef struct chart_time_axis {
    chart_time_unit unit;
    double unit_days;               /* 1, 7 or 365.25/12 */
    size_t n;                       /* number of ticks */
    double ticks_days[CHART_MAX_TICKS]; /* where, in days */
    double values[CHART_MAX_TICKS];  /* what each tick reads, in unit */
} chart_time_axis;

/* Choose the unit and ticks for [0, span_days] with at most max_ticks
** (>= 2) ticks. */
void chart_time_axis_make(double span_days, size_t max_ticks, chart_time_axis *axis);

/* Ticks of a logarithmic time axis over [lo_days, hi_days] on natural
** times (1 min, 10 min, 1 h, 6 h, 1 d, 3 d, 1 wk, 2 wk, 1 mo, 3 mo, 6 mo,
** 1 yr, 2 yr, 5 yr, 10 yr); a crowded axis keeps the primary ones (1 min,
** 1 h, 1 d, 1 wk, 1 mo, 1 yr, 10 yr), and if those are still too many, an
** even selection of them that keeps both ends.  labels[i] is a static
** string such as "6 h".  Returns the count, at most max_ticks. */
size_t chart_log_time_ticks(double lo_days, double hi_days, size_t max_ticks,
                            double ticks[CHART_MAX_TICKS], const char *labels[CHART_MAX_TICKS]);

/* Drop the points of a polyline (xs increasing or equal) that a straight
** line between the points kept passes within tol of, vertically: the
** drawn curve moves by at most tol.  Points with equal x (a jump) are
** kept.  Works in place and in one pass; returns the new count. */
size_t chart_simplify(double *xs, double *ys, size_t n, double tol);

/* A curve as seen on the page: for each column of width dx starting at x0,
** the lowest and highest page y the curve takes in that column (NaN where
** it has no points).  Build with chart_envelope_alloc, free with
** chart_envelope_free. */
typedef struct chart_envelope {
    double x0, dx;
    size_t n;
    double *lo, *hi;
} chart_envelope;

/* The envelope of the polyline (xs[i], ys[i]), i < n, in page coordinates,
** over columns covering [x0, x1].  Segments are filled in between points.
** Returns NULL when out of memory. */
chart_envelope *chart_envelope_alloc(const double *xs, const double *ys, size_t n,
                                     double x0, double x1, double dx);
void chart_envelope_free(chart_envelope *e);

/* Does the curve pass through box b? */
int chart_envelope_hits(const chart_envelope *e, chart_box b);

/* One label to place: its size, the curve it names and where it would
** best sit (usually the curve's peak). */
typedef struct chart_label {
    double w, h;     /* size of the text box */
    int curve;       /* index into the envelopes, or -1 for a free label */
    double want_x;   /* preferred centre x */
    double want_y;   /* preferred y of the anchor point (free labels) */
    double max_offset; /* farthest the centre may move from want_x; 0 = anywhere */
    /* result */
    int placed;      /* 1 when a position was found */
    chart_box box;   /* where, when placed */
} chart_label;

/* Place labels in order: each takes the free position nearest its wish,
** just above or below its own curve, inside bounds, clear of every curve
** and of every box in obstacles and of labels placed before it.  A curve
** label only goes where its curve rises at least a label's height above
** the bottom of bounds: where every curve rests on the axis, a name would
** name none of them.  Labels
** that find no room are left with placed = 0 (the caller draws a legend
** for them).  Returns the number placed. */
size_t chart_labels_place(chart_label *labels, size_t n, chart_box bounds,
                          chart_envelope *const *curves, size_t n_curves,
                          const chart_box *obstacles, size_t n_obstacles);

/* ---- domains and layout -------------------------------------------------- */

/* The domain of an axis showing values from lo to hi (lo <= hi): margin x
** their span added at each end.  Where the span is (nearly) nothing (one
** value), it is taken to be a tenth of the value's size (1 for 0) and
** flat_margin x that is added instead, so the value has room around it. */
void chart_domain(double lo, double hi, double margin, double flat_margin, double *d0, double *d1);

/* The y domain of a strength plot (%) whose lowest value is lowest: from a
** round 10 at least 5 under it (and under 70, so the scar band at 70-80
** shows) to just over 100. */
void chart_strength_domain(double lowest, double *lo, double *hi);

/* Round ticks of a log axis over [lo, hi] (both > 0): 1, 2 and 5 x 10^k,
** or 1 x 10^k only, or every few decades, whichever gives at most
** max_ticks; never more than capacity are stored.  Returns the count, 0
** when even every few decades are too many. */
size_t chart_log_ticks(double lo, double hi, size_t max_ticks, double *ticks, size_t capacity);

/* Which of n places pitch apart (either sign) to label: every k-th, the
** smallest k of 1, 2, 5, 10, 20, ..., 50000 that puts labels at least need
** apart and at most max_labels of them; 50000 when none does. */
size_t chart_label_stride(size_t n, double pitch, double need, size_t max_labels);

/* Columns and rows of a grid of n small panels: one row up to three, two
** columns for four, three columns beyond. */
void chart_grid_shape(size_t n, size_t *cols, size_t *rows);

/* The page y where an axis of length points whose values run from lo up
** to top must end so that room points stay free above top (room < length). */
double chart_headroom(double lo, double top, double length, double room);

/* A scale over [v0, v1] widened by pad x their span at each end (in
** decades on a log scale, where both must be > 0), onto [r0, r1]. */
chart_scale chart_padded_scale(double v0, double v1, int log, double pad, double r0, double r1);

/* A linear scale onto [r0, r1] that shows [lo, hi] (lo < hi) and keeps
** room_lo points free below lo and room_hi above hi (at least 1e-9 points
** for the values when the rooms take it all). */
chart_scale chart_scale_with_room(double lo, double hi, double r0, double r1, double room_lo,
                                  double room_hi);

/* Cell (column, row) of a grid of n_columns x n_rows equal cells over box,
** row 0 at the bottom, inset by gap / 2 on every side. */
chart_box chart_cell_box(chart_box box, size_t n_columns, size_t n_rows, size_t column, size_t row,
                         double gap);

/* Boxes w[i] wide and h[i] high set in rows width wide, space apart: the
** end (one past the last) of the row that starts at first, which holds at
** least one box, and that row's width and height. */
size_t chart_row_end(const double *w, const double *h, size_t first, size_t n, double space,
                     double width, double *row_w, double *row_h);

/* The first of the n points of a curve on a page (y growing downwards)
** that comes within near of its highest point: with repeated injections,
** the first cycle's peak.  0 when n is 0. */
size_t chart_first_peak(const double *ys, size_t n, double near);

/* Where curve k of curves[0..n) is farthest from the others, by envelope
** column: the gap to the nearest other curve, counted up to enough (wider
** gaps are all as good), the centre x of the right-most column of the
** widest; fallback where curve k has no column at all. */
double chart_envelope_apart_x(chart_envelope *const *curves, size_t n, size_t k, double enough,
                              double fallback);

#endif
