/*
** test_chart.c — the chart geometry of plots/chart.c, checked as plain
** arithmetic: tick counts are bounded, ticks fall on round values, time axes
** read whole natural units, simplified curves stay within their tolerance,
** and placed labels lie inside the canvas clear of every curve, obstacle
** and other label.
**
** Sweeps over many inputs count their failures and report the first failing
** input in one check, so a systematic bug shows as one readable line.
*/
#include "check.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include "chart.h"

#define CHART_TEST_PI 3.14159265358979323846

#ifdef __GNUC__
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* ---- helpers ------------------------------------------------------------ */

/* Deterministic pseudo-random numbers (splitmix64), so every run is the same. */
static uint64_t rng_state;

/* Restart the sequence at seed. */
static void rng_seed(uint64_t seed)
{
    rng_state = seed;
}

/* Next 64 random bits. */
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Uniform in [a, b). */
static double rng_uniform(double a, double b)
{
    return a + (b - a) * (double)(rng_next() >> 11) * 0x1.0p-53;
}

/* Uniform integer in [a, b]. */
static int rng_int(int a, int b)
{
    return a + (int)(rng_next() % (uint64_t)(b - a + 1));
}

/* Failures of one property over a sweep, with the first failing input. */
typedef struct tally {
    long cases, fails;
    char first[400];
} tally;

PRINTF_LIKE(3, 4) static void tally_add(tally *t, int ok, const char *fmt, ...)
{
    t->cases++;
    if (ok)
        return;
    if (t->fails++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(t->first, sizeof t->first, fmt, ap);
        va_end(ap);
    }
}

/* One check per property that had cases (a property no case reached asserts nothing). */
#define CHECK_TALLY(t, what)                                                                   \
    do {                                                                                       \
        if ((t).cases > 0)                                                                     \
            CHECK((t).fails == 0, "%s: %ld of %ld cases fail; first: %s", what, (t).fails,     \
                  (t).cases, (t).first);                                                       \
    } while (0)

/* In a report_* function (with `const X_tallies *t`, `const char *set` and
** `char what[160]`): CHECK_TALLY of t->field as "SET: TEXT". */
#define REPORT_TALLY(field, text)                                                              \
    do {                                                                                       \
        snprintf(what, sizeof what, "%s: %s", set, text);                                      \
        CHECK_TALLY(t->field, what);                                                           \
    } while (0)

/* Is step 1, 2 or 5 x 10^k (by the mantissa of its log10)? */
static int is_125(double step)
{
    if (!(step > 0) || !isfinite(step))
        return 0;
    double l = log10(step), m = l - floor(l);
    const double tol = 1e-9;
    return fabs(m) < tol || fabs(m - 1) < tol || fabs(m - log10(2.0)) < tol
           || fabs(m - log10(5.0)) < tol;
}

/* Multiples of s clearly inside [lo, hi] (margin shrinks the interval) or
** possibly inside (margin widens it), as a count. */
static double multiples_of(double lo, double hi, double s, double margin)
{
    return floor(hi / s + margin) - ceil(lo / s - margin) + 1;
}

/* Is there a step 1, 2 or 5 x 10^k giving between 2 and max_ticks ticks in
** [lo, hi], clearly (no tick within 1e-6 of a step of either end)? */
static int range_allows_two_ticks(double lo, double hi, size_t max_ticks)
{
    double span = hi - lo;
    int k0 = (int)floor(log10(span / (double)(max_ticks + 1))) - 1;
    int k1 = (int)ceil(log10(span)) + 1;
    static const double mult[] = { 1, 2, 5 };
    for (int k = k0; k <= k1; k++)
        for (size_t m = 0; m < 3; m++) {
            double s = mult[m] * pow(10.0, k);
            if (multiples_of(lo, hi, s, -1e-6) >= 2 && multiples_of(lo, hi, s, 1e-6) <= (double)max_ticks)
                return 1;
        }
    return 0;
}

/* Does segment a-b pass through the interior of box b (Liang-Barsky)? */
static int segment_enters_box(double xa, double ya, double xb, double yb, chart_box box)
{
    const double eps = 1e-7; /* interior only: touching is allowed */
    double x0 = box.x0 + eps, x1 = box.x1 - eps, y0 = box.y0 + eps, y1 = box.y1 - eps;
    double dx = xb - xa, dy = yb - ya, t0 = 0, t1 = 1;
    double p[4] = { -dx, dx, -dy, dy };
    double q[4] = { xa - x0, x1 - xa, ya - y0, y1 - ya };
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;
        } else {
            double r = q[i] / p[i];
            if (p[i] < 0)
                t0 = fmax(t0, r);
            else
                t1 = fmin(t1, r);
        }
    }
    return t0 <= t1;
}

/* Does the polyline pass through the interior of box? */
static int polyline_enters_box(const double *xs, const double *ys, size_t n, chart_box box)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (segment_enters_box(xs[i], ys[i], xs[i + 1], ys[i + 1], box))
            return 1;
    return 0;
}

/* ---- boxes -------------------------------------------------------------- */

/* Boxes that only touch along an edge or a corner do not overlap; any shared area does. */
static void test_box_overlap_touching_edges(void)
{
    chart_box a = { 0, 0, 10, 10 };
    chart_box right = { 10, 0, 20, 10 }, below = { 0, 10, 10, 20 }, corner = { 10, 10, 20, 20 };
    chart_box into = { 9.9, 5, 20, 6 }, far = { 30, 30, 40, 40 }, inner = { 2, 2, 3, 3 };
    CHECK(!chart_box_overlap(a, right), "boxes touching on a vertical edge overlap");
    CHECK(!chart_box_overlap(right, a), "boxes touching on a vertical edge overlap (swapped)");
    CHECK(!chart_box_overlap(a, below), "boxes touching on a horizontal edge overlap");
    CHECK(!chart_box_overlap(a, corner), "boxes touching at a corner overlap");
    CHECK(chart_box_overlap(a, into), "boxes sharing a 0.1 pt strip do not overlap");
    CHECK(chart_box_overlap(into, a), "boxes sharing a 0.1 pt strip do not overlap (swapped)");
    CHECK(chart_box_overlap(a, a), "a box does not overlap itself");
    CHECK(chart_box_overlap(a, inner) && chart_box_overlap(inner, a),
          "a box does not overlap a box inside it");
    CHECK(!chart_box_overlap(a, far), "disjoint boxes overlap");
}

/* A box is inside another when entirely within it, edges included. */
static void test_box_inside_containment(void)
{
    chart_box outer = { 0, 0, 100, 50 };
    chart_box inner = { 10, 10, 20, 20 }, flush = { 0, 0, 30, 50 }, crossing = { 90, 10, 110, 20 };
    chart_box above = { 10, -5, 20, 5 }, outside = { 200, 200, 210, 210 };
    CHECK(chart_box_inside(inner, outer), "a box well within is not inside");
    CHECK(chart_box_inside(outer, outer), "a box is not inside itself");
    CHECK(chart_box_inside(flush, outer), "a box flush with the edges is not inside");
    CHECK(!chart_box_inside(crossing, outer), "a box crossing the right edge is inside");
    CHECK(!chart_box_inside(above, outer), "a box crossing the top edge is inside");
    CHECK(!chart_box_inside(outside, outer), "a box far outside is inside");
    CHECK(!chart_box_inside(outer, inner), "the outer box is inside the inner one");
}

/* ---- scales ------------------------------------------------------------- */

/* A linear scale maps the ends of the domain to the ends of the range, the middle to the middle. */
static void test_scale_linear(void)
{
    chart_scale s = { 10, 30, 100, 500, 0 };
    CHECK_CLOSE(chart_scale_map(&s, 10), 100, 0, 1e-9, "linear: d0 -> r0");
    CHECK_CLOSE(chart_scale_map(&s, 30), 500, 0, 1e-9, "linear: d1 -> r1");
    CHECK_CLOSE(chart_scale_map(&s, 20), 300, 0, 1e-9, "linear: midpoint -> midpoint");
    CHECK_CLOSE(chart_scale_map(&s, 15), 200, 0, 1e-9, "linear: quarter -> quarter");
    CHECK_CLOSE(chart_scale_map(&s, 40), 700, 0, 1e-9, "linear: extrapolates beyond d1");
}

/* A log scale maps d0 -> r0, d1 -> r1, the geometric mean to the middle, and clamps below d0. */
static void test_scale_log(void)
{
    chart_scale s = { 0.01, 100, 50, 450, 1 };
    CHECK_CLOSE(chart_scale_map(&s, 0.01), 50, 0, 1e-9, "log: d0 -> r0");
    CHECK_CLOSE(chart_scale_map(&s, 100), 450, 0, 1e-9, "log: d1 -> r1");
    CHECK_CLOSE(chart_scale_map(&s, 1), 250, 0, 1e-9, "log: geometric mean 1 -> midpoint");
    CHECK_CLOSE(chart_scale_map(&s, 0.1), 150, 0, 1e-9, "log: one decade of four -> quarter");
    CHECK_CLOSE(chart_scale_map(&s, 0.001), 50, 0, 1e-9, "log: below d0 clamps to r0");
    CHECK_CLOSE(chart_scale_map(&s, 0), 50, 0, 1e-9, "log: zero clamps to r0");
    CHECK_CLOSE(chart_scale_map(&s, -5), 50, 0, 1e-9, "log: negative clamps to r0");
    chart_scale t = { 1.0 / 1440, 365.25, 0, 600, 1 };
    double mid = sqrt(t.d0 * t.d1);
    CHECK_CLOSE(chart_scale_map(&t, mid), 300, 0, 1e-9, "log: geometric mean of 1 min and 1 yr -> midpoint");
}

/* Reversed ranges (r0 > r1, as on y axes) run downwards, linear and log. */
static void test_scale_reversed(void)
{
    chart_scale y = { 0, 100, 300, 20, 0 };
    CHECK_CLOSE(chart_scale_map(&y, 0), 300, 0, 1e-9, "reversed linear: 0 at the bottom");
    CHECK_CLOSE(chart_scale_map(&y, 100), 20, 0, 1e-9, "reversed linear: 100 at the top");
    CHECK_CLOSE(chart_scale_map(&y, 50), 160, 0, 1e-9, "reversed linear: midpoint");
    CHECK(chart_scale_map(&y, 70) < chart_scale_map(&y, 30),
          "reversed linear: larger values are not higher on the page (%g vs %g)",
          chart_scale_map(&y, 70), chart_scale_map(&y, 30));
    chart_scale ly = { 1, 1000, 400, 100, 1 };
    CHECK_CLOSE(chart_scale_map(&ly, 1), 400, 0, 1e-9, "reversed log: d0 -> r0");
    CHECK_CLOSE(chart_scale_map(&ly, 1000), 100, 0, 1e-9, "reversed log: d1 -> r1");
    CHECK_CLOSE(chart_scale_map(&ly, 10), 300, 0, 1e-9, "reversed log: a third of the decades");
    CHECK_CLOSE(chart_scale_map(&ly, 0.5), 400, 0, 1e-9, "reversed log: below d0 clamps to r0");
}

/* ---- round ticks -------------------------------------------------------- */

typedef struct ticks_tallies {
    tally count, two, inside, increasing, multiple, consecutive, step125;
} ticks_tallies;

/* Every property of chart_ticks for one range, counted into t. */
static void ticks_case(ticks_tallies *t, double lo, double hi, size_t max_ticks)
{
    double ticks[CHART_MAX_TICKS], step = -1;
    for (size_t i = 0; i < CHART_MAX_TICKS; i++)
        ticks[i] = NAN;
    size_t n = chart_ticks(lo, hi, max_ticks, ticks, &step);
    tally_add(&t->count, n >= 1 && n <= max_ticks, "[%.17g, %.17g] max %zu: %zu ticks", lo, hi,
              max_ticks, n);
    if (n > max_ticks)
        n = max_ticks;
    if (range_allows_two_ticks(lo, hi, max_ticks))
        tally_add(&t->two, n >= 2,
                  "[%.17g, %.17g] max %zu: %zu tick(s) (first %.17g, step %.17g) although a 1-2-5 "
                  "step gives 2..%zu",
                  lo, hi, max_ticks, n, ticks[0], step, max_ticks);
    tally_add(&t->step125, is_125(step), "[%.17g, %.17g] max %zu: step %.17g", lo, hi, max_ticks,
              step);
    for (size_t i = 0; i < n; i++) {
        tally_add(&t->inside, ticks[i] >= lo && ticks[i] <= hi,
                  "[%.17g, %.17g] max %zu: tick %zu = %.17g", lo, hi, max_ticks, i, ticks[i]);
        double k = round(ticks[i] / step);
        double tol = 1e-6 * step + 1e-14 * fabs(ticks[i]);
        tally_add(&t->multiple, fabs(ticks[i] - k * step) <= tol,
                  "[%.17g, %.17g] max %zu: tick %.17g is not a multiple of step %.17g (off by "
                  "%.3g)",
                  lo, hi, max_ticks, ticks[i], step, ticks[i] - k * step);
        if (i > 0) {
            tally_add(&t->increasing, ticks[i] > ticks[i - 1],
                      "[%.17g, %.17g] max %zu: tick %zu = %.17g after %.17g", lo, hi, max_ticks, i,
                      ticks[i], ticks[i - 1]);
            double gap = ticks[i] - ticks[i - 1];
            tally_add(&t->consecutive, fabs(gap - step) <= 2 * tol,
                      "[%.17g, %.17g] max %zu: ticks %.17g and %.17g are %.17g apart, step %.17g",
                      lo, hi, max_ticks, ticks[i - 1], ticks[i], gap, step);
        }
    }
}

/* One check per chart_ticks property over a set of ranges. */
static void report_ticks(const ticks_tallies *t, const char *set)
{
    char what[160];
    REPORT_TALLY(count, "1 <= count <= max_ticks");
    REPORT_TALLY(two, "at least 2 ticks whenever a round step allows 2..max_ticks");
    REPORT_TALLY(inside, "every tick inside [lo, hi]");
    REPORT_TALLY(increasing, "ticks strictly increasing");
    REPORT_TALLY(multiple, "every tick an integer multiple of the step");
    REPORT_TALLY(consecutive, "consecutive ticks one step apart");
    REPORT_TALLY(step125, "step is 1, 2 or 5 x 10^k");
}

/* A deterministic grid of ranges (offsets x spans x max_ticks 2..12) gives bounded round ticks. */
static void test_ticks_sweep(void)
{
    static const double los[] = { -1e6, -86400, -1234.5, -3, -1, -0.0173, 0, 0.001,
                                  0.37, 1, 7.5,   99,     1e3, 86400, 1e6 };
    static const double spans[] = { 1e-3, 2.5e-3, 0.01, 0.07, 0.3, 1,   2.2,
                                    9.99, 10,     37,   100,  1e3, 4.4e4, 1e6 };
    ticks_tallies t = { 0 };
    for (size_t a = 0; a < sizeof los / sizeof los[0]; a++)
        for (size_t b = 0; b < sizeof spans / sizeof spans[0]; b++) {
            double lo = los[a], hi = lo + spans[b];
            if (!(hi > lo) || spans[b] < 1e-9 * fabs(lo))
                continue; /* spans below 1e-9 of the offset are beyond double rounding */
            for (size_t m = 2; m <= 12; m++)
                ticks_case(&t, lo, hi, m);
        }
    /* ranges ending exactly on round values */
    static const double ends[][2] = { { 0, 1 },      { 0, 100 },  { -1, 1 },   { 0, 365 },
                                      { 0, 0.3 },    { 10, 20 },  { -50, 0 },  { 0, 1e6 },
                                      { 0.1, 0.7 },  { 1, 2 },    { 0, 28 },   { -5, 5 } };
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
        for (size_t m = 2; m <= 12; m++)
            ticks_case(&t, ends[i][0], ends[i][1], m);
    report_ticks(&t, "ticks sweep");
}

/* 2000 fixed-seed random ranges of magnitude 1e-3..1e6, negative offsets and tiny spans included. */
static void test_ticks_random(void)
{
    ticks_tallies t = { 0 };
    rng_seed(20240601);
    for (int i = 0; i < 2000; i++) {
        double scale = pow(10.0, rng_uniform(-3, 6));
        double lo = scale * rng_uniform(-1.5, 1.5);
        double span = i % 4 == 0 ? scale * pow(10.0, rng_uniform(-6, -3)) /* tiny */
                                 : scale * pow(10.0, rng_uniform(-2, 1));
        size_t m = (size_t)rng_int(2, 12);
        ticks_case(&t, lo, lo + span, m);
    }
    report_ticks(&t, "ticks random");
}

/* A few ranges whose ticks are known exactly. */
static void test_ticks_known_values(void)
{
    double ticks[CHART_MAX_TICKS], step;
    size_t n = chart_ticks(0, 100, 6, ticks, &step);
    CHECK(n == 6, "[0, 100] max 6: %zu ticks, expected 6 (0, 20, .., 100)", n);
    CHECK_CLOSE(step, 20, 0, 1e-12, "[0, 100] max 6: step");
    CHECK_CLOSE(ticks[0], 0, 0, 1e-12, "[0, 100] max 6: first tick");
    CHECK_CLOSE(ticks[n - 1], 100, 0, 1e-12, "[0, 100] max 6: last tick");
    n = chart_ticks(-1, 1, 5, ticks, &step);
    CHECK(n == 5, "[-1, 1] max 5: %zu ticks, expected 5 (-1, -0.5, .., 1)", n);
    CHECK_CLOSE(step, 0.5, 0, 1e-12, "[-1, 1] max 5: step");
    CHECK(ticks[2] == 0 && !signbit(ticks[2]), "[-1, 1] max 5: middle tick %g is not +0", ticks[2]);
}

/* With max_ticks 2 a range that holds two ticks of a round step gets both, not one. */
static void test_ticks_two_when_max_two(void)
{
    double ticks[CHART_MAX_TICKS], step = -1;
    size_t n = chart_ticks(0.2, 1.3, 2, ticks, &step);
    CHECK(n == 2, "[0.2, 1.3] max 2: %zu tick(s) (first %g, step %g), expected 2 (0.5 and 1, step 0.5)", n,
          ticks[0], step);
    n = chart_ticks(0, 1, 2, ticks, &step);
    CHECK(n == 2 && ticks[0] == 0 && ticks[1] == 1, "[0, 1] max 2: %zu tick(s), expected 0 and 1", n);
}

/* A degenerate range (hi == lo) gives one tick, at lo. */
static void test_ticks_degenerate_range(void)
{
    static const double at[] = { 0, 1, -3.5, 1e6, 1e-3 };
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        double ticks[CHART_MAX_TICKS], step = -1;
        size_t n = chart_ticks(at[i], at[i], 6, ticks, &step);
        CHECK(n == 1, "[%g, %g]: %zu ticks, expected 1", at[i], at[i], n);
        CHECK_CLOSE(ticks[0], at[i], 0, 0, "degenerate range: the one tick is lo");
    }
}

/* ---- linear time axis --------------------------------------------------- */

typedef struct time_tallies {
    tally unit, count, first, inside, increasing, natural, multiple, agree, overshoot, reaches;
} time_tallies;

/* Is v one of list[0..n) (to 1e-9 relative)? */
static int in_list(double v, const double *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fabs(v - list[i]) <= 1e-9 * list[i])
            return 1;
    return 0;
}

/* Every property of chart_time_axis_make for one span, counted into t. */
static void time_axis_case(time_tallies *t, double span, size_t max_ticks)
{
    static const double day_steps[] = { 1, 2, 7, 14, 28 };
    static const double week_steps[] = { 1, 2, 4, 8, 13, 26 };
    static const double month_steps[] = { 1, 2, 3, 6, 12, 24, 60, 120 };
    chart_time_axis ax;
    chart_time_axis_make(span, max_ticks, &ax);
    chart_time_unit want = span <= 28 ? CHART_DAYS : span <= 182 ? CHART_WEEKS : CHART_MONTHS;
    double want_days = want == CHART_DAYS ? 1 : want == CHART_WEEKS ? 7 : 365.25 / 12;
    tally_add(&t->unit, ax.unit == want && fabs(ax.unit_days - want_days) < 1e-12,
              "span %g: unit %d of %g days, expected %d of %g", span, (int)ax.unit, ax.unit_days,
              (int)want, want_days);
    tally_add(&t->count, ax.n >= 1 && ax.n <= max_ticks, "span %g max %zu: %zu ticks", span,
              max_ticks, ax.n);
    size_t n = ax.n <= max_ticks ? ax.n : max_ticks;
    if (n == 0)
        return;
    tally_add(&t->first, ax.values[0] == 0 && ax.ticks_days[0] == 0,
              "span %g max %zu: first tick reads %g at day %g", span, max_ticks, ax.values[0],
              ax.ticks_days[0]);
    double step = n >= 2 ? ax.values[1] - ax.values[0] : 0;
    /* a natural step when one gives 2..max_ticks ticks; else a 1-2-5 step */
    const double *steps = ax.unit == CHART_DAYS ? day_steps : ax.unit == CHART_WEEKS ? week_steps : month_steps;
    size_t n_steps = ax.unit == CHART_DAYS ? 5 : ax.unit == CHART_WEEKS ? 6 : 8;
    int natural_fits = 0;
    for (size_t k = 0; k < n_steps; k++) {
        double c = floor(span / ax.unit_days / steps[k] + 0.01) + 1;
        natural_fits |= c >= 2 && c <= (double)max_ticks;
    }
    if (n >= 2) {
        int natural = in_list(step, steps, n_steps);
        tally_add(&t->natural, natural_fits ? natural : is_125(step),
                  "span %g max %zu: step %g of unit %d (a natural step fits: %d)", span, max_ticks,
                  step, (int)ax.unit, natural_fits);
    }
    for (size_t i = 0; i < n; i++) {
        double d = ax.ticks_days[i], v = ax.values[i];
        tally_add(&t->inside, d >= 0 && d <= span, "span %g max %zu: tick %zu at day %.17g", span,
                  max_ticks, i, d);
        if (i > 0)
            tally_add(&t->increasing, d > ax.ticks_days[i - 1] && v > ax.values[i - 1],
                      "span %g max %zu: tick %zu (%g at day %g) after (%g at day %g)", span,
                      max_ticks, i, v, d, ax.values[i - 1], ax.ticks_days[i - 1]);
        tally_add(&t->multiple, fabs(v - (double)i * step) <= 1e-9 * fabs(v) && (!natural_fits || v == round(v)),
                  "span %g max %zu: tick %zu reads %.17g, expected %g x %g", span, max_ticks, i,
                  v, (double)i, step);
        double where = fmin(v * ax.unit_days, span);
        tally_add(&t->agree, fabs(d - where) <= 1e-9 * (1 + where),
                  "span %g max %zu: tick %zu reads %g (x %g days) but sits at day %.17g", span,
                  max_ticks, i, v, ax.unit_days, d);
        /* only the last tick may read a hair (1 % of a step) past the span */
        double allowed = i + 1 == n ? 0.01 * step * ax.unit_days : 0;
        tally_add(&t->overshoot, v * ax.unit_days <= span + allowed + 1e-9 * span,
                  "span %g max %zu: tick %zu of %zu reads %g = day %.17g, past the span", span,
                  max_ticks, i, n, v, v * ax.unit_days);
    }
    if (n >= 2)
        tally_add(&t->reaches, (ax.values[n - 1] + step) * ax.unit_days > span,
                  "span %g max %zu: last tick reads %g, yet %g (day %g) fits in the span", span,
                  max_ticks, ax.values[n - 1], ax.values[n - 1] + step,
                  (ax.values[n - 1] + step) * ax.unit_days);
}

/* Spans from half a day to a century, max ticks 2..12: natural units and steps, bounded counts. */
static void test_time_axis_sweep(void)
{
    time_tallies t = { 0 };
    for (size_t m = 2; m <= 12; m++) {
        for (double span = 0.5; span <= 28; span += 0.25)
            time_axis_case(&t, span, m);
        for (double span = 28.5; span <= 182; span += 0.5)
            time_axis_case(&t, span, m);
        for (double span = 182.5; span <= 4000; span += 1.5)
            time_axis_case(&t, span, m);
        for (double span = 4000; span <= 40000; span *= 1.01)
            time_axis_case(&t, span, m);
        static const double exact[] = { 28, 182, 183, 365, 365.25, 730, 730.5, 3652.5, 36525 };
        for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
            time_axis_case(&t, exact[i], m);
    }
    CHECK_TALLY(t.unit, "time axis: days up to 28, weeks up to 182, months beyond");
    CHECK_TALLY(t.count, "time axis: 1 <= count <= max_ticks");
    CHECK_TALLY(t.first, "time axis: first tick reads 0 at day 0");
    CHECK_TALLY(t.inside, "time axis: ticks_days within [0, span]");
    CHECK_TALLY(t.increasing, "time axis: ticks increasing");
    CHECK_TALLY(t.natural, "time axis: step is a natural step of the unit");
    CHECK_TALLY(t.multiple, "time axis: tick i reads i whole steps");
    CHECK_TALLY(t.agree, "time axis: ticks_days = values x unit_days, clamped to the span");
    CHECK_TALLY(t.overshoot, "time axis: only the last tick reads past the span, by < 1 % of a step");
    CHECK_TALLY(t.reaches, "time axis: no further whole step fits after the last tick");
}

/* The edges of the unit choice and the year that reaches its 12-month tick. */
static void test_time_axis_known_spans(void)
{
    chart_time_axis ax;
    chart_time_axis_make(28, 8, &ax);
    CHECK(ax.unit == CHART_DAYS, "span 28 d: unit %d, expected days", (int)ax.unit);
    chart_time_axis_make(28.01, 8, &ax);
    CHECK(ax.unit == CHART_WEEKS, "span 28.01 d: unit %d, expected weeks", (int)ax.unit);
    chart_time_axis_make(182, 8, &ax);
    CHECK(ax.unit == CHART_WEEKS, "span 182 d: unit %d, expected weeks", (int)ax.unit);
    chart_time_axis_make(182.01, 8, &ax);
    CHECK(ax.unit == CHART_MONTHS, "span 182.01 d: unit %d, expected months", (int)ax.unit);

    chart_time_axis_make(365, 8, &ax);
    CHECK(ax.unit == CHART_MONTHS, "span 365 d: unit %d, expected months", (int)ax.unit);
    CHECK(ax.n >= 2 && ax.n <= 8, "span 365 d max 8: %zu ticks", ax.n);
    if (ax.n >= 1) {
        CHECK_CLOSE(ax.values[ax.n - 1], 12, 0, 0, "span 365 d max 8: last tick reads 12 months");
        CHECK_CLOSE(ax.ticks_days[ax.n - 1], 365, 0, 1e-9, "span 365 d max 8: last tick at day 365");
    }
    chart_time_axis_make(28, 8, &ax);
    CHECK(ax.n >= 1 && ax.values[ax.n - 1] == 28, "span 28 d max 8: last tick reads %g, expected 28",
          ax.n >= 1 ? ax.values[ax.n - 1] : -1);
    chart_time_axis_make(182, 3, &ax); /* steps 1, 2, 4, 8 give too many: 13 wk */
    CHECK(ax.n == 3 && ax.values[1] == 13 && ax.values[2] == 26,
          "span 26 wk max 3: %zu ticks, last reads %g, expected 0, 13, 26", ax.n,
          ax.n >= 1 ? ax.values[ax.n - 1] : -1);
    /* no natural step gives two ticks (1 d: six; 2 d: three; 7 d: one): 0 and 5 */
    chart_time_axis_make(5, 2, &ax);
    CHECK(ax.n == 2 && ax.values[1] == 5, "span 5 d max 2: %zu ticks, last reads %g, expected 0, 5",
          ax.n, ax.n >= 1 ? ax.values[ax.n - 1] : -1);
}

/* A crowded log axis keeps both ends: 1 min to 10 yr with room for 4. */
static void test_log_time_ticks_crowded_keeps_ends(void)
{
    double ticks[CHART_MAX_TICKS];
    const char *labels[CHART_MAX_TICKS];
    size_t n = chart_log_time_ticks(1.0 / 1440, 3652.5, 4, ticks, labels);
    CHECK(n == 4, "1 min..10 yr max 4: %zu ticks, expected 4", n);
    if (n == 4) {
        CHECK(strcmp(labels[0], "1 min") == 0, "first label '%s', expected '1 min'", labels[0]);
        CHECK(strcmp(labels[3], "10 yr") == 0, "last label '%s', expected '10 yr'", labels[3]);
    }
}

/* ---- logarithmic time axis ---------------------------------------------- */

static const struct {
    double days;
    const char *label;
    int primary;
} natural_times[] = {
    { 1.0 / 1440, "1 min", 1 }, { 10.0 / 1440, "10 min", 0 }, { 1.0 / 24, "1 h", 1 },
    { 6.0 / 24, "6 h", 0 },     { 1, "1 d", 1 },             { 3, "3 d", 0 },
    { 7, "1 wk", 1 },           { 14, "2 wk", 0 },           { 365.25 / 12, "1 mo", 1 },
    { 365.25 / 4, "3 mo", 0 },  { 365.25 / 2, "6 mo", 0 },   { 365.25, "1 yr", 1 },
    { 730.5, "2 yr", 0 },       { 1826.25, "5 yr", 0 },      { 3652.5, "10 yr", 1 },
};
#define N_NATURAL (sizeof natural_times / sizeof natural_times[0])

/* Index of label among the natural times, or -1. */
static int natural_index(const char *label)
{
    for (size_t i = 0; i < N_NATURAL; i++)
        if (label && strcmp(label, natural_times[i].label) == 0)
            return (int)i;
    return -1;
}

typedef struct log_tallies {
    tally count, label, near, inside, increasing, all_when_room, primary_when_crowded,
        all_primaries_when_room;
} log_tallies;

/* Every property of chart_log_time_ticks for one range, counted into t. */
static void log_ticks_case(log_tallies *t, double lo, double hi, size_t max_ticks)
{
    double ticks[CHART_MAX_TICKS];
    const char *labels[CHART_MAX_TICKS];
    size_t n = chart_log_time_ticks(lo, hi, max_ticks, ticks, labels);
    tally_add(&t->count, n <= max_ticks, "[%g, %g] max %zu: %zu ticks", lo, hi, max_ticks, n);
    if (n > max_ticks)
        n = max_ticks;
    size_t in_range = 0, primaries = 0; /* natural times within the 1 % tolerance */
    for (size_t i = 0; i < N_NATURAL; i++)
        if (natural_times[i].days >= lo * 0.99 && natural_times[i].days <= hi * 1.01) {
            in_range++;
            primaries += (size_t)natural_times[i].primary;
        }
    int all_primary = 1, prev = -1;
    for (size_t i = 0; i < n; i++) {
        int k = natural_index(labels[i]);
        tally_add(&t->label, k >= 0, "[%g, %g] max %zu: label %zu is \"%s\"", lo, hi, max_ticks, i,
                  labels[i] ? labels[i] : "(null)");
        if (k < 0)
            continue;
        double d = natural_times[k].days;
        tally_add(&t->near, ticks[i] >= d * 0.99 && ticks[i] <= d * 1.01 && d >= lo * 0.99 && d <= hi * 1.01,
                  "[%g, %g] max %zu: \"%s\" (%g d) at %.17g", lo, hi, max_ticks, labels[i], d,
                  ticks[i]);
        tally_add(&t->inside, ticks[i] >= lo && ticks[i] <= hi,
                  "[%.17g, %.17g] max %zu: tick \"%s\" at %.17g", lo, hi, max_ticks, labels[i],
                  ticks[i]);
        if (i > 0)
            tally_add(&t->increasing, ticks[i] > ticks[i - 1] && k > prev,
                      "[%g, %g] max %zu: \"%s\" at %g after \"%s\" at %g", lo, hi, max_ticks,
                      labels[i], ticks[i], labels[i - 1], ticks[i - 1]);
        all_primary &= natural_times[k].primary;
        prev = k;
    }
    if (in_range <= max_ticks)
        tally_add(&t->all_when_room, n == in_range,
                  "[%g, %g] max %zu: %zu ticks, but all %zu natural times fit", lo, hi, max_ticks,
                  n, in_range);
    else {
        tally_add(&t->primary_when_crowded, all_primary,
                  "[%g, %g] max %zu: %zu natural times do not fit, yet a secondary one is kept", lo,
                  hi, max_ticks, in_range);
        if (primaries <= max_ticks)
            tally_add(&t->all_primaries_when_room, n == primaries,
                      "[%g, %g] max %zu: %zu ticks, expected the %zu primary ones", lo, hi,
                      max_ticks, n, primaries);
    }
}

/* Ranges from minutes to decades, max ticks 2..12: only natural labels, bounded and inside. */
static void test_log_time_ticks_sweep(void)
{
    log_tallies t = { 0 };
    rng_seed(777);
    for (int i = 0; i < 3000; i++) {
        double lo = pow(10.0, rng_uniform(-4, 2.5));
        double hi = lo * pow(10.0, rng_uniform(0.05, 6.5));
        log_ticks_case(&t, lo, hi, (size_t)rng_int(2, 12));
    }
    /* ranges ending on (or a hair short of) natural times */
    static const double ends[][2] = { { 1.0 / 1440, 3652.5 }, { 1.0 / 24, 365 },     { 1.0 / 24, 365.25 },
                                      { 0.1, 28 },           { 1, 3652.5 },         { 1.0 / 1440, 1 },
                                      { 0.0069, 14.1 },      { 0.99 / 24, 3616 } };
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
        for (size_t m = 2; m <= 12; m++)
            log_ticks_case(&t, ends[i][0], ends[i][1], m);
    CHECK_TALLY(t.count, "log ticks: count <= max_ticks");
    CHECK_TALLY(t.label, "log ticks: only natural labels");
    CHECK_TALLY(t.near, "log ticks: each tick at its label's time (1 %), inside the range (1 %)");
    CHECK_TALLY(t.inside, "log ticks: ticks inside [lo, hi]");
    CHECK_TALLY(t.increasing, "log ticks: increasing");
    CHECK_TALLY(t.all_when_room, "log ticks: every natural time when they all fit");
    CHECK_TALLY(t.primary_when_crowded, "log ticks: crowded axes keep primary ticks only");
    CHECK_TALLY(t.all_primaries_when_room, "log ticks: crowded axes keep every primary tick that fits");
}

/* Known axes: 1 h..1 yr in full, a crowded 1 min..10 yr thinned to the primaries, 365 d gets "1 yr". */
static void test_log_time_ticks_known(void)
{
    double ticks[CHART_MAX_TICKS];
    const char *labels[CHART_MAX_TICKS];
    size_t n = chart_log_time_ticks(1.0 / 24, 365, 12, ticks, labels);
    static const char *full[] = { "1 h", "6 h", "1 d", "3 d", "1 wk", "2 wk", "1 mo", "3 mo", "6 mo", "1 yr" };
    CHECK(n == 10, "1 h..365 d max 12: %zu ticks, expected 10", n);
    for (size_t i = 0; i < n && i < 10; i++)
        CHECK(strcmp(labels[i], full[i]) == 0, "1 h..365 d: tick %zu is \"%s\", expected \"%s\"", i,
              labels[i], full[i]);
    if (n == 10)
        CHECK_CLOSE(ticks[9], 365, 0, 0, "1 h..365 d: \"1 yr\" clamped to the end of the axis");

    n = chart_log_time_ticks(1.0 / 1440, 3652.5, 7, ticks, labels);
    static const char *prim[] = { "1 min", "1 h", "1 d", "1 wk", "1 mo", "1 yr", "10 yr" };
    CHECK(n == 7, "1 min..10 yr max 7: %zu ticks, expected the 7 primary ones", n);
    for (size_t i = 0; i < n && i < 7; i++)
        CHECK(strcmp(labels[i], prim[i]) == 0, "1 min..10 yr max 7: tick %zu is \"%s\", expected \"%s\"",
              i, labels[i], prim[i]);
}

/* ---- curve simplification ----------------------------------------------- */

typedef struct simplify_tallies {
    tally ends, subsequence, within, tall_jumps, small_jumps;
} simplify_tallies;

/* Simplify a copy of (xs, ys) with tol and check it against the original; returns the new count. */
static size_t simplify_case(simplify_tallies *t, const char *name, const double *xs,
                            const double *ys, size_t n, double tol)
{
    double *sx = malloc(n * sizeof *sx), *sy = malloc(n * sizeof *sy);
    size_t *kept = malloc(n * sizeof *kept);
    if (!sx || !sy || !kept) {
        CHECK(0, "%s: out of memory", name);
        free(sx);
        free(sy);
        free(kept);
        return n;
    }
    memcpy(sx, xs, n * sizeof *sx);
    memcpy(sy, ys, n * sizeof *sy);
    size_t m = chart_simplify(sx, sy, n, tol);
    tally_add(&t->ends,
              m >= 2 && m <= n && sx[0] == xs[0] && sy[0] == ys[0] && sx[m - 1] == xs[n - 1]
                  && sy[m - 1] == ys[n - 1],
              "%s tol %g: %zu of %zu points, first (%g, %g), last (%g, %g)", name, tol, m, n,
              m ? sx[0] : NAN, m ? sy[0] : NAN, m ? sx[m - 1] : NAN, m ? sy[m - 1] : NAN);
    /* the points kept are original points, in order */
    size_t j = 0, matched = 0;
    for (size_t k = 0; k < m && k <= n; k++) {
        while (j < n && !(xs[j] == sx[k] && ys[j] == sy[k]))
            j++;
        if (j == n)
            break;
        kept[matched++] = j++;
    }
    tally_add(&t->subsequence, matched == m && m >= 2 && kept[0] == 0 && kept[m - 1] == n - 1,
              "%s tol %g: only %zu of the %zu points kept are original points in order", name, tol,
              matched, m);
    if (matched == m && m >= 2) {
        /* every dropped point lies within tol of the segment spanning it */
        for (size_t k = 0; k + 1 < m; k++) {
            size_t a = kept[k], b = kept[k + 1];
            for (size_t i = a + 1; i < b; i++) {
                double y;
                if (xs[b] > xs[a])
                    y = ys[a] + (ys[b] - ys[a]) * (xs[i] - xs[a]) / (xs[b] - xs[a]);
                else /* a vertical segment covers every y between its ends */
                    y = fmin(fmax(ys[i], fmin(ys[a], ys[b])), fmax(ys[a], ys[b]));
                double err = fabs(ys[i] - y);
                tally_add(&t->within, err <= tol * (1 + 1e-9) + 1e-12 * (1 + fabs(ys[i])),
                          "%s tol %g: dropped point %zu (%.17g, %.17g) is %.6g from the "
                          "simplified curve (%.17g) between kept %zu and %zu",
                          name, tol, i, xs[i], ys[i], err, y, a, b);
            }
        }
        /* both ends of every jump (equal x) are kept */
        size_t k = 0;
        for (size_t i = 0; i + 1 < n; i++) {
            if (xs[i + 1] != xs[i])
                continue;
            while (k < m && kept[k] < i)
                k++;
            int both = k + 1 < m && kept[k] == i && kept[k + 1] == i + 1;
            tally_add(fabs(ys[i + 1] - ys[i]) > tol ? &t->tall_jumps : &t->small_jumps, both, "%s tol %g: jump at x = %.17g (points %zu, %zu: y %g -> %g) not kept",
                      name, tol, xs[i], i, i + 1, ys[i], ys[i + 1]);
        }
    }
    free(sx);
    free(sy);
    free(kept);
    return m;
}

/* One check per chart_simplify property over a set of curves. */
static void report_simplify(const simplify_tallies *t, const char *set)
{
    char what[160];
    REPORT_TALLY(ends, "first and last points kept");
    REPORT_TALLY(subsequence, "points kept are original points in order");
    REPORT_TALLY(within, "every dropped point within tol of the simplified curve");
    REPORT_TALLY(tall_jumps, "both points of every equal-x jump taller than tol kept");
    REPORT_TALLY(small_jumps, "both points of every equal-x jump no taller than tol kept");
}

/* Smooth curves (sine, exponential decays, a curve with jumps) stay within tol when simplified. */
static void test_simplify_smooth_curves(void)
{
    enum { N = 1000 };
    static double xs[N], ys[N];
    simplify_tallies t = { 0 };
    static const double tols[] = { 1e-4, 1e-3, 0.01, 0.05, 0.3 };
    for (size_t k = 0; k < sizeof tols / sizeof tols[0]; k++) {
        double tol = tols[k];
        for (size_t i = 0; i < N; i++) {
            xs[i] = 4 * CHART_TEST_PI * (double)i / (N - 1);
            ys[i] = sin(xs[i]);
        }
        size_t m = simplify_case(&t, "sine", xs, ys, N, tol);
        if (tol >= 1e-3)
            CHECK(m < N / 4, "sine of %d points, tol %g: %zu points kept, expected fewer than %d",
                  N, tol, m, N / 4);
        for (size_t i = 0; i < N; i++) {
            xs[i] = 0.1 * (double)i;
            ys[i] = 200 * exp(-xs[i] / 7) + 50 * exp(-xs[i] / 0.8);
        }
        simplify_case(&t, "exponential decays", xs, ys, N, tol);
        /* page-like coordinates: a decay drawn downwards with a log-ish x */
        for (size_t i = 0; i < N; i++) {
            xs[i] = 500 * log1p((double)i) / log1p(N - 1);
            ys[i] = 300 - 250 * exp(-(double)i / 150);
        }
        simplify_case(&t, "decay on a log-like x", xs, ys, N, tol);
        /* a curve with vertical jumps: a decay re-injured at three times */
        size_t n = 0;
        double level = 0;
        for (int seg = 0; seg < 4 && n < N; seg++) {
            level += 100;
            for (int i = 0; i < 200; i++) {
                double x = 50.0 * seg + 0.25 * i; /* the next segment starts at this one's end */
                if (i == 0 && seg > 0) { /* the jump: same x as the previous point */
                    xs[n] = xs[n - 1];
                } else {
                    xs[n] = x;
                }
                ys[n] = level * exp(-0.25 * i / 20.0);
                n++;
            }
            level = ys[n - 1];
        }
        simplify_case(&t, "decay with jumps", xs, ys, n, tol);
    }
    report_simplify(&t, "simplify smooth");
}

/* Random walks, some with repeated x (jumps), stay within tol when simplified. */
static void test_simplify_random_curves(void)
{
    enum { N = 600 };
    static double xs[N], ys[N];
    simplify_tallies t = { 0 };
    rng_seed(4242);
    for (int c = 0; c < 300; c++) {
        size_t n = (size_t)rng_int(3, N);
        double x = rng_uniform(-100, 100), y = rng_uniform(-10, 10);
        double roughness = pow(10.0, rng_uniform(-3, 1));
        int jumps = c % 3 == 0;
        for (size_t i = 0; i < n; i++) {
            xs[i] = x;
            ys[i] = y;
            x += jumps && rng_int(0, 9) == 0 ? 0 : rng_uniform(0.01, 2);
            y += roughness * rng_uniform(-1, 1) + (rng_int(0, 19) == 0 ? rng_uniform(-20, 20) : 0);
        }
        double tol = pow(10.0, rng_uniform(-3, 0.5));
        simplify_case(&t, jumps ? "random walk with jumps" : "random walk", xs, ys, n, tol);
    }
    report_simplify(&t, "simplify random");
}

/* Both ends of a jump are kept even when the jump is smaller than tol (chart.h: equal-x points are kept). */
static void test_simplify_keeps_small_jump(void)
{
    double xs[] = { 0, 1, 2, 2, 3, 4 }, ys[] = { 0, 0, 0, 0.01, 0.01, 0.01 };
    size_t m = chart_simplify(xs, ys, 6, 0.05);
    int both = 0;
    for (size_t k = 0; k + 1 < m; k++)
        both |= xs[k] == 2 && ys[k] == 0 && xs[k + 1] == 2 && ys[k + 1] == 0.01;
    CHECK(both, "jump of 0.01 at x = 2, tol 0.05: %zu points kept, (2, 0) then (2, 0.01) not among them", m);
    double tx[] = { 0, 1, 2, 2, 3, 4 }, ty[] = { 0, 0, 0, 1, 1, 1 };
    m = chart_simplify(tx, ty, 6, 0.05);
    CHECK(m == 4 && tx[1] == 2 && ty[1] == 0 && tx[2] == 2 && ty[2] == 1,
          "jump of 1 at x = 2, tol 0.05: %zu points kept, expected (0, 0) (2, 0) (2, 1) (4, 1)", m);
}

/* A straight line of 1000 points collapses to its two ends. */
static void test_simplify_straight_line(void)
{
    enum { N = 1000 };
    static double xs[N], ys[N];
    for (size_t i = 0; i < N; i++) {
        xs[i] = 0.5 * (double)i;
        ys[i] = 280 - 0.37 * xs[i];
    }
    size_t m = chart_simplify(xs, ys, N, 0.01);
    CHECK(m == 2, "straight line of %d points: %zu kept, expected 2", N, m);
    CHECK_CLOSE(xs[0], 0, 0, 0, "straight line: first x kept");
    CHECK_CLOSE(xs[1], 0.5 * (N - 1), 0, 0, "straight line: last x moved to position 1");
    CHECK_CLOSE(ys[1], 280 - 0.37 * 0.5 * (N - 1), 0, 0, "straight line: last y moved to position 1");
}

/* Fewer than three points come back unchanged. */
static void test_simplify_short_input(void)
{
    double xs[2] = { 1, 2 }, ys[2] = { 5, 7 };
    CHECK(chart_simplify(xs, ys, 0, 0.1) == 0, "0 points: count changed");
    CHECK(chart_simplify(xs, ys, 1, 0.1) == 1, "1 point: count changed");
    CHECK(chart_simplify(xs, ys, 2, 100) == 2, "2 points: count changed");
    CHECK(xs[0] == 1 && xs[1] == 2 && ys[0] == 5 && ys[1] == 7,
          "2 points: changed to (%g, %g), (%g, %g)", xs[0], ys[0], xs[1], ys[1]);
}

/* ---- envelopes ---------------------------------------------------------- */

/* A horizontal segment hits a box it crosses, not one above it, nor one where the curve is not. */
static void test_envelope_horizontal_segment(void)
{
    const double xs[] = { 0, 60 }, ys[] = { 50, 50 };
    chart_envelope *e = chart_envelope_alloc(xs, ys, 2, 0, 100, 1);
    CHECK(e != NULL, "envelope alloc failed");
    if (!e)
        return;
    CHECK(e->n >= 100, "envelope over [0, 100] with dx 1 has %zu columns", e->n);
    chart_box crossing = { 10, 40, 20, 60 }, above = { 10, 20, 20, 45 }, below = { 10, 55, 20, 70 };
    chart_box beyond = { 70, 40, 90, 60 };
    CHECK(chart_envelope_hits(e, crossing), "y = 50 does not hit box y 40..60");
    CHECK(!chart_envelope_hits(e, above), "y = 50 hits box y 20..45 above it");
    CHECK(!chart_envelope_hits(e, below), "y = 50 hits box y 55..70 below it");
    CHECK(!chart_envelope_hits(e, beyond), "a curve ending at x = 60 hits box x 70..90");
    CHECK(polyline_enters_box(xs, ys, 2, crossing) && !polyline_enters_box(xs, ys, 2, above)
              && !polyline_enters_box(xs, ys, 2, beyond),
          "the exact segment test used on labels disagrees with the envelope on y = 50");
    CHECK(!isnan(e->lo[30]) && e->lo[30] == 50 && e->hi[30] == 50,
          "column 30: lo %g hi %g, expected 50, 50", e->lo[30], e->hi[30]);
    CHECK(isnan(e->lo[80]) && isnan(e->hi[80]), "column 80 (no curve): lo %g hi %g, expected NaN",
          e->lo[80], e->hi[80]);
    chart_envelope_free(e);
}

/* A steep segment fills every column it crosses with the y range it sweeps there. */
static void test_envelope_steep_segment(void)
{
    const double xs[] = { 10.5, 12.5 }, ys[] = { 0, 100 };
    chart_envelope *e = chart_envelope_alloc(xs, ys, 2, 0, 20, 1);
    CHECK(e != NULL, "envelope alloc failed");
    if (!e)
        return;
    CHECK(e->n >= 21, "envelope over [0, 20] with dx 1 has %zu columns", e->n);
    static const double lo[] = { 0, 25, 75 }, hi[] = { 25, 75, 100 };
    for (size_t c = 10; c <= 12 && c < e->n; c++) {
        char what[64];
        snprintf(what, sizeof what, "steep segment: column %zu low y", c);
        CHECK_CLOSE(e->lo[c], lo[c - 10], 0, 1e-9, what);
        snprintf(what, sizeof what, "steep segment: column %zu high y", c);
        CHECK_CLOSE(e->hi[c], hi[c - 10], 0, 1e-9, what);
    }
    for (size_t c = 0; c < e->n; c++)
        if (c < 10 || c > 12)
            CHECK(isnan(e->lo[c]) && isnan(e->hi[c]), "column %zu, away from the segment: lo %g hi %g",
                  c, e->lo[c], e->hi[c]);
    chart_box mid = { 11.2, 40, 11.8, 60 }, mid_high = { 11.2, 80, 11.8, 90 };
    chart_box left = { 2, 0, 9, 100 };
    CHECK(chart_envelope_hits(e, mid), "steep segment misses box x 11.2..11.8, y 40..60");
    CHECK(!chart_envelope_hits(e, mid_high), "steep segment hits box x 11.2..11.8, y 80..90 (it is at y 25..75 there)");
    CHECK(!chart_envelope_hits(e, left), "steep segment hits box x 2..9 where there is no curve");
    CHECK(polyline_enters_box(xs, ys, 2, mid) && !polyline_enters_box(xs, ys, 2, mid_high),
          "the exact segment test used on labels disagrees with the envelope on the steep segment");
    chart_envelope_free(e);
}

/* A jump (two points at one x) fills its column from one end to the other; a lone point fills its own. */
static void test_envelope_jump_and_point(void)
{
    const double xs[] = { 2, 5, 5, 8 }, ys[] = { 10, 10, 90, 90 };
    chart_envelope *e = chart_envelope_alloc(xs, ys, 4, 0, 10, 1);
    CHECK(e != NULL, "envelope alloc failed");
    if (e) {
        CHECK(e->lo[5] <= 10 && e->hi[5] >= 90, "jump at x 5: column 5 spans %g..%g, expected 10..90",
              e->lo[5], e->hi[5]);
        chart_box across = { 5.2, 40, 5.8, 60 };
        CHECK(chart_envelope_hits(e, across), "the jump at x = 5 misses a box at y 40..60 next to it");
        CHECK(isnan(e->lo[0]) && isnan(e->lo[9]), "columns 0 and 9 (no curve): %g, %g", e->lo[0], e->lo[9]);
        chart_envelope_free(e);
    }
    const double px[] = { 3.5 }, py[] = { 42 };
    e = chart_envelope_alloc(px, py, 1, 0, 10, 1);
    CHECK(e != NULL, "envelope alloc failed");
    if (e) {
        CHECK(e->lo[3] == 42 && e->hi[3] == 42, "lone point: column 3 spans %g..%g, expected 42", e->lo[3], e->hi[3]);
        CHECK(isnan(e->lo[2]) && isnan(e->lo[4]), "lone point: neighbours %g, %g, expected NaN", e->lo[2], e->lo[4]);
        chart_envelope_free(e);
    }
}

/* ---- label placement ---------------------------------------------------- */

enum { MAX_SCENE_CURVES = 6, MAX_SCENE_LABELS = 8, MAX_SCENE_OBSTACLES = 3, CURVE_POINTS = 251 };

/* Curves as page polylines, their envelopes (dx = 1), labels and obstacles. */
typedef struct scene {
    chart_box bounds;
    size_t n_curves, n_labels, n_obstacles;
    double xs[MAX_SCENE_CURVES][CURVE_POINTS], ys[MAX_SCENE_CURVES][CURVE_POINTS];
    size_t n_points[MAX_SCENE_CURVES];
    chart_envelope *env[MAX_SCENE_CURVES];
    chart_label labels[MAX_SCENE_LABELS];
    chart_box obstacles[MAX_SCENE_OBSTACLES];
} scene;

typedef enum curve_kind { GAUSSIAN, LINE, FLAT, SINE } curve_kind;

/* Empty a scene (its envelopes freed before) and set its bounds. */
static void scene_start(scene *s, chart_box bounds)
{
    memset(s, 0, sizeof *s);
    s->bounds = bounds;
}

/* Add a curve across the bounds; returns its index. */
static size_t scene_curve(scene *s, curve_kind kind, double a, double b, double c)
{
    size_t k = s->n_curves++;
    double x0 = s->bounds.x0, x1 = s->bounds.x1, bottom = s->bounds.y1;
    for (size_t i = 0; i < CURVE_POINTS; i++) {
        double x = x0 + (x1 - x0) * (double)i / (CURVE_POINTS - 1);
        double y;
        switch (kind) {
        case GAUSSIAN: /* peak height a above the bottom at x = b, width c */
            y = bottom - a * exp(-(x - b) * (x - b) / (2 * c * c));
            break;
        case LINE: /* from y = a at the left to y = b at the right */
            y = a + (b - a) * (x - x0) / (x1 - x0);
            break;
        case FLAT: /* y = a all along */
            y = a;
            break;
        default: /* SINE: mean a, amplitude b, period c */
            y = a + b * sin(2 * CHART_TEST_PI * x / c);
            break;
        }
        s->xs[k][i] = x;
        s->ys[k][i] = y;
    }
    s->n_points[k] = CURVE_POINTS;
    s->env[k] = chart_envelope_alloc(s->xs[k], s->ys[k], CURVE_POINTS, x0, x1, 1);
    CHECK(s->env[k] != NULL, "envelope alloc failed");
    return k;
}

/* Add a label to a scene; returns it. */
static chart_label *scene_label(scene *s, double w, double h, int curve, double want_x,
                                double want_y, double max_offset)
{
    chart_label *l = &s->labels[s->n_labels++];
    *l = (chart_label){ w, h, curve, want_x, want_y, max_offset, 0, { 0, 0, 0, 0 } };
    return l;
}

/* Free the envelopes of a scene. */
static void scene_free(scene *s)
{
    for (size_t k = 0; k < s->n_curves; k++)
        chart_envelope_free(s->env[k]);
    s->n_curves = 0;
}

/* Place the labels of a scene (nothing when an envelope could not be built). */
static size_t scene_place(scene *s)
{
    for (size_t k = 0; k < s->n_curves; k++)
        if (!s->env[k])
            return 0;
    return chart_labels_place(s->labels, s->n_labels, s->bounds, s->env, s->n_curves, s->obstacles,
                              s->n_obstacles);
}

/* The highest and lowest page y of envelope e over the columns box b covers. */
static void envelope_extent(const chart_envelope *e, chart_box b, double *top, double *bottom)
{
    *top = INFINITY;
    *bottom = -INFINITY;
    double a = floor((b.x0 - e->x0) / e->dx), z = floor((b.x1 - e->x0) / e->dx);
    for (double c = fmax(a, 0); c <= z && c < (double)e->n; c++) {
        size_t i = (size_t)c;
        if (isnan(e->lo[i]))
            continue;
        *top = fmin(*top, e->lo[i]);
        *bottom = fmax(*bottom, e->hi[i]);
    }
}

typedef struct label_tallies {
    tally returned, inside, apart, clear_env, clear_curve, clear_obstacles, offset, beside, risen,
        free_near;
} label_tallies;

/* Every invariant of a placed scene, counted into t. */
static void check_scene(label_tallies *t, const scene *s, size_t placed, const char *name)
{
    size_t count = 0;
    for (size_t i = 0; i < s->n_labels; i++)
        count += (size_t)(s->labels[i].placed != 0);
    tally_add(&t->returned, placed == count, "%s: returned %zu, %zu labels have placed set", name,
              placed, count);
    for (size_t i = 0; i < s->n_labels; i++) {
        const chart_label *l = &s->labels[i];
        if (!l->placed)
            continue;
        chart_box b = l->box;
        tally_add(&t->inside,
                  chart_box_inside(b, s->bounds) && fabs((b.x1 - b.x0) - l->w) < 1e-9
                      && fabs((b.y1 - b.y0) - l->h) < 1e-9,
                  "%s: label %zu (%gx%g) at [%g, %g]x[%g, %g], bounds [%g, %g]x[%g, %g]", name, i,
                  l->w, l->h, b.x0, b.x1, b.y0, b.y1, s->bounds.x0, s->bounds.x1, s->bounds.y0,
                  s->bounds.y1);
        for (size_t j = 0; j < i; j++)
            if (s->labels[j].placed)
                tally_add(&t->apart, !chart_box_overlap(b, s->labels[j].box),
                          "%s: labels %zu [%g, %g]x[%g, %g] and %zu [%g, %g]x[%g, %g] overlap", name,
                          j, s->labels[j].box.x0, s->labels[j].box.x1, s->labels[j].box.y0,
                          s->labels[j].box.y1, i, b.x0, b.x1, b.y0, b.y1);
        for (size_t k = 0; k < s->n_curves; k++) {
            tally_add(&t->clear_env, !chart_envelope_hits(s->env[k], b),
                      "%s: label %zu [%g, %g]x[%g, %g] is hit by curve %zu's envelope", name, i,
                      b.x0, b.x1, b.y0, b.y1, k);
            tally_add(&t->clear_curve, !polyline_enters_box(s->xs[k], s->ys[k], s->n_points[k], b),
                      "%s: curve %zu runs through label %zu [%g, %g]x[%g, %g]", name, k, i, b.x0,
                      b.x1, b.y0, b.y1);
        }
        for (size_t k = 0; k < s->n_obstacles; k++)
            tally_add(&t->clear_obstacles, !chart_box_overlap(b, s->obstacles[k]),
                      "%s: label %zu [%g, %g]x[%g, %g] overlaps obstacle [%g, %g]x[%g, %g]", name, i,
                      b.x0, b.x1, b.y0, b.y1, s->obstacles[k].x0, s->obstacles[k].x1,
                      s->obstacles[k].y0, s->obstacles[k].y1);
        double cx = (b.x0 + b.x1) / 2;
        if (l->max_offset > 0)
            tally_add(&t->offset, fabs(cx - l->want_x) <= l->max_offset + 1e-9,
                      "%s: label %zu centred at %g, wants %g within %g", name, i, cx, l->want_x,
                      l->max_offset);
        if (l->curve >= 0 && (size_t)l->curve < s->n_curves) {
            double top, bottom;
            envelope_extent(s->env[l->curve], b, &top, &bottom);
            int above = b.y1 <= top && top - b.y1 <= 0.5 * l->h;
            int below = b.y0 >= bottom && b.y0 - bottom <= 0.5 * l->h;
            tally_add(&t->beside, above || below,
                      "%s: label %zu [%g, %g]x[%g, %g] is not just above or below its curve %d "
                      "(y %g..%g there)",
                      name, i, b.x0, b.x1, b.y0, b.y1, l->curve, top, bottom);
            tally_add(&t->risen, top <= s->bounds.y1 - l->h + 1e-9,
                      "%s: label %zu names curve %d where it reaches only y %g, within a label "
                      "height %g of the bottom %g",
                      name, i, l->curve, top, l->h, s->bounds.y1);
        } else {
            double dist = b.y1 <= l->want_y ? l->want_y - b.y1 : b.y0 >= l->want_y ? b.y0 - l->want_y : 0;
            tally_add(&t->free_near, dist <= 0.5 * l->h,
                      "%s: free label %zu [%g, %g]x[%g, %g] is %g from its wanted y %g", name, i, b.x0,
                      b.x1, b.y0, b.y1, dist, l->want_y);
        }
    }
}

/* One check per label invariant over a set of scenes. */
static void report_labels(const label_tallies *t, const char *set)
{
    char what[160];
    REPORT_TALLY(returned, "the count returned is the count placed");
    REPORT_TALLY(inside, "every placed label inside bounds, at its size");
    REPORT_TALLY(apart, "no two placed labels overlap");
    REPORT_TALLY(clear_env, "no placed label hit by a curve envelope");
    REPORT_TALLY(clear_curve, "no curve polyline runs through a placed label");
    REPORT_TALLY(clear_obstacles, "no placed label overlaps an obstacle");
    REPORT_TALLY(offset, "every placed label within max_offset of its wish");
    REPORT_TALLY(beside, "every curve label just above or below its curve");
    REPORT_TALLY(risen, "every curve label where its curve rises a label height above the bottom");
    REPORT_TALLY(free_near, "every free label next to its wanted y");
}

/* check_scene and report_labels for one scene. */
static void check_labels(const scene *s, size_t placed, const char *name)
{
    label_tallies t = { 0 };
    check_scene(&t, s, placed, name);
    report_labels(&t, name);
}

/* Three clear peaks and a corner legend: every label placed, centred above its peak. */
static void test_labels_clear_peaks(void)
{
    static scene s;
    scene_start(&s, (chart_box){ 0, 0, 500, 300 });
    static const double peak_x[] = { 100, 250, 400 }, peak_h[] = { 200, 150, 220 };
    for (size_t k = 0; k < 3; k++) {
        scene_curve(&s, GAUSSIAN, peak_h[k], peak_x[k], 30);
        scene_label(&s, 60, 14, (int)k, peak_x[k], 0, 0);
    }
    s.obstacles[s.n_obstacles++] = (chart_box){ 420, 0, 500, 40 }; /* a legend in the corner */
    size_t placed = scene_place(&s);
    check_labels(&s, placed, "clear peaks");
    CHECK(placed == 3, "clear peaks: %zu of 3 labels placed", placed);
    for (size_t k = 0; k < 3; k++) {
        const chart_label *l = &s.labels[k];
        if (!l->placed)
            continue;
        CHECK_CLOSE((l->box.x0 + l->box.x1) / 2, peak_x[k], 0, 1e-9, "clear peak: label centred on its peak");
        CHECK(l->box.y1 <= 300 - peak_h[k], "clear peak %zu: label bottom %g below the peak top %g", k,
              l->box.y1, 300 - peak_h[k]);
    }
    scene_free(&s);
}

/* A curve lying flat on the bottom of the bounds (or within a label height of it) gets no label. */
static void test_labels_flat_curve_unlabelled(void)
{
    static scene s;
    static const double flat_y[] = { 300, 299, 290 };
    for (size_t f = 0; f < 3; f++) {
        scene_start(&s, (chart_box){ 0, 0, 500, 300 });
        scene_curve(&s, GAUSSIAN, 180, 250, 40);
        scene_curve(&s, FLAT, flat_y[f], 0, 0);
        scene_label(&s, 60, 14, 0, 250, 0, 0);
        scene_label(&s, 60, 14, 1, 250, 0, 0);
        scene_label(&s, 60, 14, 1, 50, 0, 0);
        size_t placed = scene_place(&s);
        char name[64];
        snprintf(name, sizeof name, "flat curve at y %g", flat_y[f]);
        check_labels(&s, placed, name);
        CHECK(s.labels[0].placed, "%s: the bump's label is not placed", name);
        CHECK(!s.labels[1].placed && !s.labels[2].placed,
              "%s: a label of the flat curve is placed (%d at [%g, %g]x[%g, %g], %d at [%g, %g]x[%g, %g])",
              name, s.labels[1].placed, s.labels[1].box.x0, s.labels[1].box.x1, s.labels[1].box.y0,
              s.labels[1].box.y1, s.labels[2].placed, s.labels[2].box.x0, s.labels[2].box.x1,
              s.labels[2].box.y0, s.labels[2].box.y1);
        scene_free(&s);
    }
}

/* Two crossing lines and a bump: every label clear of every curve and of the others. */
static void test_labels_crossing_lines(void)
{
    static scene s;
    scene_start(&s, (chart_box){ 0, 0, 500, 300 });
    scene_curve(&s, LINE, 50, 250, 0);
    scene_curve(&s, LINE, 250, 50, 0);
    scene_curve(&s, GAUSSIAN, 120, 250, 25);
    scene_label(&s, 60, 14, 0, 250, 0, 0);
    scene_label(&s, 60, 14, 1, 250, 0, 0);
    scene_label(&s, 60, 14, 2, 250, 0, 0);
    scene_label(&s, 70, 16, 0, 60, 0, 80);
    scene_label(&s, 70, 16, 1, 60, 0, 80);
    s.obstacles[s.n_obstacles++] = (chart_box){ 200, 140, 300, 160 };
    size_t placed = scene_place(&s);
    check_labels(&s, placed, "crossing lines");
    CHECK(placed >= 3, "crossing lines: only %zu of 5 labels placed", placed);
    scene_free(&s);
}

/* max_offset keeps a label near its wish (unplaced if blocked there); 0 lets it go anywhere. */
static void test_labels_max_offset(void)
{
    static scene s;
    scene_start(&s, (chart_box){ 0, 0, 500, 300 });
    s.obstacles[s.n_obstacles++] = (chart_box){ 200, 0, 300, 300 }; /* a full-height wall */
    scene_label(&s, 60, 14, -1, 250, 150, 20);
    size_t placed = scene_place(&s);
    CHECK(placed == 0 && !s.labels[0].placed,
          "a label held within 20 pt of x 250 behind a wall at x 200..300 is placed at [%g, %g]", s.labels[0].box.x0,
          s.labels[0].box.x1);
    s.labels[0].max_offset = 0;
    placed = scene_place(&s);
    CHECK(placed == 1, "a label free to move is not placed beside the wall");
    if (s.labels[0].placed)
        CHECK(s.labels[0].box.x1 <= 200 || s.labels[0].box.x0 >= 300,
              "a label beside the wall sits at x %g..%g", s.labels[0].box.x0, s.labels[0].box.x1);
    s.labels[0].max_offset = 90;
    placed = scene_place(&s);
    check_labels(&s, placed, "wall, max offset 90");
    CHECK(placed == 1, "a label allowed 90 pt is not placed within 90 pt of x 250 beside a wall at x 200..300");
}

/* When the bounds are smaller than the label there is no room: nothing is placed. */
static void test_labels_no_room(void)
{
    static scene s;
    scene_start(&s, (chart_box){ 0, 0, 50, 10 });
    scene_curve(&s, GAUSSIAN, 8, 25, 5);
    scene_label(&s, 60, 14, -1, 25, 5, 0);
    scene_label(&s, 60, 14, 0, 25, 0, 0);
    scene_label(&s, 40, 14, -1, 25, 5, 0); /* narrow enough, too tall */
    size_t placed = scene_place(&s);
    CHECK(placed == 0, "bounds 50x10, labels 60x14 and 40x14: %zu placed, expected 0", placed);
    scene_free(&s);
}

/* A free label (curve -1) sits next to its wanted point, centred on want_x when nothing is in the way. */
static void test_labels_free_label(void)
{
    static scene s;
    scene_start(&s, (chart_box){ 0, 0, 500, 300 });
    scene_curve(&s, GAUSSIAN, 100, 400, 30);
    scene_label(&s, 80, 14, -1, 150, 120, 0);
    scene_label(&s, 80, 14, -1, 150, 120, 0); /* the same wish: must go elsewhere */
    size_t placed = scene_place(&s);
    check_labels(&s, placed, "free labels");
    CHECK(placed == 2, "free labels in an empty area: %zu of 2 placed", placed);
    if (s.labels[0].placed) {
        CHECK_CLOSE((s.labels[0].box.x0 + s.labels[0].box.x1) / 2, 150, 0, 1e-9, "free label centred on want_x");
        CHECK_RANGE(s.labels[0].box.y1, 120 - 14, 120, "free label bottom just above want_y 120");
    }
    scene_free(&s);
}

/* 200 fixed-seed random scenes: every placed label obeys every invariant. */
static void test_labels_random_scenes(void)
{
    static scene s;
    label_tallies t = { 0 };
    size_t total = 0, total_placed = 0;
    rng_seed(99);
    for (int sc = 0; sc < 200; sc++) {
        memset(&s, 0, sizeof s);
        double w = rng_int(0, 4) == 0 ? rng_uniform(80, 200) : 500;
        double h = rng_int(0, 4) == 0 ? rng_uniform(40, 120) : 300;
        double x0 = rng_uniform(0, 60), y0 = rng_uniform(0, 40);
        s.bounds = (chart_box){ x0, y0, x0 + w, y0 + h };
        size_t n_curves = (size_t)rng_int(1, 4);
        double peak_x[MAX_SCENE_CURVES];
        for (size_t k = 0; k < n_curves; k++) {
            int kind = rng_int(0, 3);
            double px = rng_uniform(x0, x0 + w);
            peak_x[k] = px;
            if (kind == GAUSSIAN)
                scene_curve(&s, GAUSSIAN, rng_uniform(0, h), px, rng_uniform(3, w / 3));
            else if (kind == LINE)
                scene_curve(&s, LINE, rng_uniform(y0, y0 + h), rng_uniform(y0, y0 + h), 0);
            else if (kind == FLAT)
                scene_curve(&s, FLAT, rng_int(0, 1) ? y0 + h : rng_uniform(y0, y0 + h), 0, 0);
            else
                scene_curve(&s, SINE, rng_uniform(y0, y0 + h), rng_uniform(0, h / 2), rng_uniform(20, 2 * w));
        }
        size_t n_labels = (size_t)rng_int(3, 8);
        for (size_t i = 0; i < n_labels; i++) {
            int curve = rng_int(-1, (int)n_curves - 1);
            double want_x = curve >= 0 && rng_int(0, 3) ? peak_x[curve] : rng_uniform(x0, x0 + w);
            double max_offset = rng_int(0, 1) ? 0 : rng_uniform(5, 150);
            scene_label(&s, rng_uniform(30, 90), rng_uniform(10, 18), curve, want_x,
                        rng_uniform(y0, y0 + h), max_offset);
        }
        size_t n_obstacles = (size_t)rng_int(0, 2);
        for (size_t k = 0; k < n_obstacles; k++) {
            double ox = rng_uniform(x0, x0 + w), oy = rng_uniform(y0, y0 + h);
            s.obstacles[s.n_obstacles++] = (chart_box){ ox, oy, ox + rng_uniform(10, 120), oy + rng_uniform(10, 60) };
        }
        size_t placed = scene_place(&s);
        char name[64];
        snprintf(name, sizeof name, "random scene %d", sc);
        check_scene(&t, &s, placed, name);
        total += n_labels;
        total_placed += placed;
        scene_free(&s);
    }
    report_labels(&t, "random scenes");
    CHECK(total_placed * 4 >= total, "random scenes: only %zu of %zu labels placed (the invariants were barely exercised)",
          total_placed, total);
}

/* ---- domains and layout --------------------------------------------------- */

/* A domain adds margin x the span at each end; one value gets room around it
** of a tenth of its size (1 for 0) times flat_margin. */
static void test_domain_margins_and_flat_values(void)
{
    double d0, d1;
    chart_domain(10, 20, 0.08, 0.08, &d0, &d1);
    CHECK_CLOSE(d0, 9.2, 0, 1e-12, "domain: 8 % of the span under the lowest");
    CHECK_CLOSE(d1, 20.8, 0, 1e-12, "domain: 8 % of the span over the highest");
    chart_domain(10, 20, 0, 0.5, &d0, &d1);
    CHECK(d0 == 10 && d1 == 20, "domain: no margin leaves the values as they are, got [%g, %g]", d0, d1);
    chart_domain(50, 50, 0, 0.5, &d0, &d1);
    CHECK_CLOSE(d0, 47.5, 0, 1e-12, "domain: one value 50, half of a tenth of it under");
    CHECK_CLOSE(d1, 52.5, 0, 1e-12, "domain: one value 50, half of a tenth of it over");
    chart_domain(-50, -50, 0.08, 0.08, &d0, &d1);
    CHECK_CLOSE(d0, -50.4, 0, 1e-12, "domain: a negative value, sized by its magnitude (under)");
    CHECK_CLOSE(d1, -49.6, 0, 1e-12, "domain: a negative value, sized by its magnitude (over)");
    chart_domain(0, 0, 0, 0.5, &d0, &d1);
    CHECK(d0 == -0.5 && d1 == 0.5, "domain: 0 alone spans [-0.5, 0.5], got [%g, %g]", d0, d1);
    chart_domain(1e6, 1e6 + 1e-5, 0.1, 0.5, &d0, &d1);
    CHECK(d0 < 1e6 - 1e4 && d1 > 1e6 + 1e4, "domain: a span of rounding noise counts as flat, got [%g, %g]", d0, d1);
}

/* A strength plot starts at a round 10 at least 5 under its lowest value and under 70, and ends just over 100. */
static void test_strength_domain(void)
{
    static const double lowest[] = { 100, 95, 70, 66, 64.9, 42, 5, 0, -3 };
    static const double want[] = { 60, 60, 60, 60, 50, 30, 0, 0, 0 };
    for (size_t i = 0; i < sizeof lowest / sizeof lowest[0]; i++) {
        double lo, hi;
        chart_strength_domain(lowest[i], &lo, &hi);
        CHECK(lo == want[i] && hi == 106, "strength domain of lowest %g: [%g, %g], want [%g, 106]", lowest[i], lo,
              hi, want[i]);
    }
}

/* Log ticks: 1-2-5 per decade where they fit, else decades, else every few decades keeping the first. */
static void test_log_ticks(void)
{
    double t[64];
    size_t n = chart_log_ticks(1, 1000, 10, t, 64);
    static const double all[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 };
    CHECK(n == 10, "log ticks 1-1000, at most 10: %zu ticks, want 10", n);
    for (size_t i = 0; i < n && i < 10; i++)
        CHECK_CLOSE(t[i], all[i], 1e-12, 0, "log ticks 1-1000: 1-2-5 steps");
    n = chart_log_ticks(1, 1000, 4, t, 64);
    CHECK(n == 4, "log ticks 1-1000, at most 4: %zu ticks, want 4 decades", n);
    for (size_t i = 0; i < n; i++)
        CHECK_CLOSE(t[i], pow(10, (double)i), 1e-12, 0, "log ticks 1-1000, at most 4: the decades");
    n = chart_log_ticks(1e-3, 1e6, 4, t, 64);
    CHECK(n >= 2 && n <= 4, "log ticks 1e-3-1e6, at most 4: %zu ticks", n);
    CHECK_CLOSE(t[0], 1e-3, 1e-12, 0, "log ticks 1e-3-1e6: the first decade kept");
    for (size_t i = 1; i < n; i++)
        CHECK_CLOSE(t[i] / t[i - 1], 1000, 1e-9, 0, "log ticks 1e-3-1e6: every third decade");
    n = chart_log_ticks(3, 4, 5, t, 64);
    CHECK(n == 0, "log ticks 3-4: no round value inside, %zu ticks", n);
    n = chart_log_ticks(0.15, 0.45, 5, t, 64);
    CHECK(n == 1 && t[0] == 0.2, "log ticks 0.15-0.45: 0.2 alone, got %zu", n);
    n = chart_log_ticks(1, 1000, 10, t, 3);
    CHECK(n == 3, "log ticks keep to their capacity: %zu stored, room for 3", n);
}

/* Labels every k-th place: the smallest 1-2-5 stride that gives them room and not too many of them. */
static void test_label_stride(void)
{
    CHECK(chart_label_stride(10, 10, 5, 64) == 1, "stride: room for every label");
    CHECK(chart_label_stride(10, 10, 25, 64) == 5, "stride: 25 pt labels 10 pt apart, every 5th");
    CHECK(chart_label_stride(10, -10, 15, 64) == 2, "stride: a pitch going up counts by its size");
    CHECK(chart_label_stride(1000, 100, 1, 64) == 20, "stride: at most 64 of 1000 labels, every 20th");
    CHECK(chart_label_stride(10, 0, 1, 64) == 50000, "stride: no room at any stride, the last");
}

/* Panels in a grid: one row up to three, 2 x 2 for four, three columns beyond. */
static void test_grid_shape(void)
{
    static const size_t want[][3] = { { 1, 1, 1 }, { 2, 2, 1 }, { 3, 3, 1 }, { 4, 2, 2 },
                                      { 5, 3, 2 }, { 6, 3, 2 }, { 7, 3, 3 }, { 8, 3, 3 } };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        size_t cols, rows;
        chart_grid_shape(want[i][0], &cols, &rows);
        CHECK(cols == want[i][1] && rows == want[i][2], "grid of %zu panels: %zu x %zu, want %zu x %zu",
              want[i][0], cols, rows, want[i][1], want[i][2]);
        CHECK(cols * rows >= want[i][0], "grid of %zu panels holds them all", want[i][0]);
    }
}

/* Headroom: the domain's top is raised so that the highest value stands room points under the axis's end. */
static void test_headroom(void)
{
    const double hi = chart_headroom(0, 100, 200, 40);
    CHECK_CLOSE(hi, 125, 0, 1e-12, "headroom: 40 of 200 pt over a 0-100 plot");
    chart_scale y = { 0, hi, 200, 0, 0 };
    CHECK_CLOSE(chart_scale_map(&y, 100), 40, 0, 1e-9, "headroom: the top value stands 40 pt under the end");
    CHECK(chart_headroom(5, 5, 100, 10) == 5, "headroom: no span, nothing to raise");
}

/* A padded scale widens its domain by pad x the span at each end, in decades on a log scale. */
static void test_padded_scale(void)
{
    chart_scale s = chart_padded_scale(0, 10, 0, 0.1, 50, 150);
    CHECK_CLOSE(s.d0, -1, 0, 1e-12, "padded linear: d0");
    CHECK_CLOSE(s.d1, 11, 0, 1e-12, "padded linear: d1");
    CHECK(s.r0 == 50 && s.r1 == 150 && !s.log, "padded linear: range and kind kept");
    CHECK_CLOSE(chart_scale_map(&s, 5), 100, 0, 1e-9, "padded linear: the middle stays in the middle");
    chart_scale l = chart_padded_scale(1, 100, 1, 0.25, 0, 300);
    CHECK_CLOSE(l.d0, pow(10, -0.5), 1e-12, 0, "padded log: half a decade under 1");
    CHECK_CLOSE(l.d1, pow(10, 2.5), 1e-12, 0, "padded log: half a decade over 100");
    CHECK(l.log, "padded log: still a log scale");
    CHECK_CLOSE(chart_scale_map(&l, 1), 50, 0, 1e-9, "padded log: 1 a sixth of the way along");
}

/* A scale with room maps its values' ends room_lo and room_hi points inside its range. */
static void test_scale_with_room(void)
{
    chart_scale s = chart_scale_with_room(-1, 2, 0, 100, 10, 20);
    CHECK_CLOSE(chart_scale_map(&s, -1), 10, 0, 1e-9, "scale with room: lo 10 pt in");
    CHECK_CLOSE(chart_scale_map(&s, 2), 80, 0, 1e-9, "scale with room: hi 20 pt in");
    CHECK_CLOSE(chart_scale_map(&s, 0), 10 + 70.0 / 3, 0, 1e-9, "scale with room: linear in between");
    chart_scale t = chart_scale_with_room(0, 1, 0, 10, 8, 8);
    CHECK(isfinite(t.d0) && isfinite(t.d1) && t.d0 < 0 && t.d1 > 1,
          "scale with room: rooms wider than the range still give a finite domain around the values");
}

/* Cells tile their box: row 0 at the bottom, column 0 at the left, a gap inset on every side. */
static void test_cell_box(void)
{
    const chart_box box = { 0, 0, 100, 50 };
    chart_box c = chart_cell_box(box, 4, 5, 0, 0, 0);
    CHECK(c.x0 == 0 && c.y0 == 40 && c.x1 == 25 && c.y1 == 50, "cell (0, 0): bottom left, got %g %g %g %g", c.x0,
          c.y0, c.x1, c.y1);
    c = chart_cell_box(box, 4, 5, 3, 4, 0);
    CHECK(c.x0 == 75 && c.y0 == 0 && c.x1 == 100 && c.y1 == 10, "cell (3, 4): top right, got %g %g %g %g", c.x0,
          c.y0, c.x1, c.y1);
    c = chart_cell_box(box, 4, 5, 1, 2, 2);
    CHECK(c.x0 == 26 && c.y0 == 21 && c.x1 == 49 && c.y1 == 29, "cell (1, 2), gap 2: inset 1, got %g %g %g %g",
          c.x0, c.y0, c.x1, c.y1);
    double area = 0;
    int inside = 1, apart = 1;
    for (size_t i = 0; i < 4 * 5; i++) {
        chart_box a = chart_cell_box(box, 4, 5, i / 5, i % 5, 0);
        area += (a.x1 - a.x0) * (a.y1 - a.y0);
        inside &= chart_box_inside(a, box);
        for (size_t j = 0; j < i; j++)
            apart &= !chart_box_overlap(a, chart_cell_box(box, 4, 5, j / 5, j % 5, 0));
    }
    CHECK_CLOSE(area, 5000, 0, 1e-9, "cells: their areas add up to the box's");
    CHECK(inside && apart, "cells: inside the box and none over another");
}

/* A row takes boxes while they fit its width, at least one. */
static void test_row_end(void)
{
    const double w[] = { 30, 30, 30, 50, 150, 10 }, h[] = { 5, 7, 6, 9, 4, 3 };
    double rw, rh;
    size_t end = chart_row_end(w, h, 0, 6, 10, 100, &rw, &rh);
    CHECK(end == 2 && rw == 70 && rh == 7, "row from 0: two boxes, 70 x 7, got %zu, %g x %g", end, rw, rh);
    end = chart_row_end(w, h, 2, 6, 10, 100, &rw, &rh);
    CHECK(end == 4 && rw == 90 && rh == 9, "row from 2: two boxes, 90 x 9, got %zu, %g x %g", end, rw, rh);
    end = chart_row_end(w, h, 4, 6, 10, 100, &rw, &rh);
    CHECK(end == 5 && rw == 150 && rh == 4, "a box wider than the row stands alone, got %zu, %g x %g", end, rw, rh);
    end = chart_row_end(w, h, 5, 6, 10, 100, &rw, &rh);
    CHECK(end == 6 && rw == 10 && rh == 3, "the last box alone ends the rows, got %zu", end);
}

/* The first peak: the first point within near of the highest (the smallest page y). */
static void test_first_peak(void)
{
    const double ys[] = { 50, 20, 30, 10.5, 10, 40 };
    CHECK(chart_first_peak(ys, 6, 1) == 3, "first peak within 1 pt: the 10.5 before the 10");
    CHECK(chart_first_peak(ys, 6, 0) == 4, "first peak within 0 pt: the highest itself");
    CHECK(chart_first_peak(ys, 6, 100) == 0, "first peak within any distance: the first point");
    CHECK(chart_first_peak(ys, 0, 1) == 0, "first peak of no points: 0");
}

/* Apart: a name goes where its curve is farthest from the others, the right-most of equally good places. */
static void test_envelope_apart(void)
{
    const double ax[] = { 0, 100 }, ay[] = { 10, 10 };
    const double bx[] = { 0, 49, 51, 100 }, by[] = { 12, 12, 90, 90 };
    chart_envelope *env[3] = { chart_envelope_alloc(ax, ay, 2, 0, 100, 1),
                               chart_envelope_alloc(bx, by, 4, 0, 100, 1),
                               chart_envelope_alloc(ax, ay, 0, 0, 100, 1) };
    CHECK(env[0] && env[1] && env[2], "envelopes allocated");
    if (!env[0] || !env[1] || !env[2])
        return;
    const double last = env[0]->x0 + ((double)env[0]->n - 0.5) * env[0]->dx; /* the last column's centre */
    const double x = chart_envelope_apart_x(env, 2, 0, 20, -1);
    CHECK_CLOSE(x, last, 0, 1e-9, "apart: the right-most column where the other curve is far");
    const double left = chart_envelope_apart_x(env, 2, 1, 1000, -1);
    CHECK(left > 50, "apart, gaps counted in full: the widest gap, right of the jump, got %g", left);
    CHECK(chart_envelope_apart_x(env, 3, 2, 20, -7) == -7, "apart: a curve with no points keeps its fallback");
    CHECK_CLOSE(chart_envelope_apart_x(env, 1, 0, 20, -1), last, 0, 1e-9, "apart: a curve alone, its right end");
    for (int i = 0; i < 3; i++)
        chart_envelope_free(env[i]);
}

int main(void)
{
    test_box_overlap_touching_edges();
    test_box_inside_containment();
    test_scale_linear();
    test_scale_log();
    test_scale_reversed();
    test_ticks_sweep();
    test_ticks_random();
    test_ticks_known_values();
    test_ticks_two_when_max_two();
    test_ticks_degenerate_range();
    test_time_axis_sweep();
    test_time_axis_known_spans();
    test_log_time_ticks_sweep();
    test_log_time_ticks_known();
    test_log_time_ticks_crowded_keeps_ends();
    test_simplify_smooth_curves();
    test_simplify_random_curves();
    test_simplify_keeps_small_jump();
    test_simplify_straight_line();
    test_simplify_short_input();
    test_envelope_horizontal_segment();
    test_envelope_steep_segment();
    test_envelope_jump_and_point();
    test_labels_clear_peaks();
    test_labels_flat_curve_unlabelled();
    test_labels_crossing_lines();
    test_labels_max_offset();
    test_labels_no_room();
    test_labels_free_label();
    test_labels_random_scenes();
    test_domain_margins_and_flat_values();
    test_strength_domain();
    test_log_ticks();
    test_label_stride();
    test_grid_shape();
    test_headroom();
    test_padded_scale();
    test_scale_with_room();
    test_cell_box();
    test_row_end();
    test_first_peak();
    test_envelope_apart();
    return check_report("test_chart");
}
