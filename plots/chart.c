/*
** chart.c — scales, round ticks, time axes and label placement for the
** figures, as plain arithmetic (see chart.h).
**
** Invariants: every tick returned lies inside the asked range; a placed
** label lies inside its bounds and overlaps no curve, obstacle or earlier
** label.  Nothing here allocates except the envelopes.
*/
#include "chart.h"

#include <math.h>
#include <stdlib.h>

int chart_box_overlap(chart_box a, chart_box b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

int chart_box_inside(chart_box inner, chart_box outer)
{
    return inner.x0 >= outer.x0 && inner.x1 <= outer.x1 && inner.y0 >= outer.y0
           && inner.y1 <= outer.y1;
}

double chart_scale_map(const chart_scale *s, double v)
{
    double f;
    if (s->log) {
        if (v < s->d0)
            v = s->d0;
        f = (log10(v) - log10(s->d0)) / (log10(s->d1) - log10(s->d0));
    } else {
        f = (v - s->d0) / (s->d1 - s->d0);
    }
    return s->r0 + f * (s->r1 - s->r0);
}

/* Multiples of step inside [lo, hi], at most cap of them. */
static size_t multiples(double lo, double hi, double step, double *ticks, size_t cap, double eps)
{
    double k0 = ceil(lo / step - eps), k1 = floor(hi / step + eps);
    size_t n = 0;
    for (double k = k0; k <= k1 && n < cap; k++) {
        double t = k * step;
        if (t < lo)
            t = lo; /* only rounding can put it outside */
        if (t > hi)
            t = hi;
        ticks[n++] = t == 0 ? 0.0 : t; /* no -0 */
    }
    return n;
}

static double count_multiples(double lo, double hi, double step, double eps)
{
    return floor(hi / step + eps) - ceil(lo / step - eps) + 1;
}

size_t chart_ticks(double lo, double hi, size_t max_ticks, double ticks[CHART_MAX_TICKS],
                   double *step_out)
{
    if (max_ticks < 2)
        max_ticks = 2;
    if (max_ticks > CHART_MAX_TICKS)
        max_ticks = CHART_MAX_TICKS;
    if (!(hi > lo)) {
        ticks[0] = lo;
        if (step_out)
            *step_out = 0;
        return 1;
    }
    /* the smallest 1-2-5 step that gives at most max_ticks: start a decade
    ** below the raw step, since a range can hold fewer multiples of a step
    ** than its length suggests (0.2..1.3 holds 0.5 and 1, not 0 and 1) */
    double raw = (hi - lo) / (double)(max_ticks - 1);
    double mag = pow(10.0, floor(log10(raw)) - 1);
    static const double mult[] = { 1, 2, 5, 10, 20, 50, 100, 200 };
    double step = mag * 500;
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++) {
        if (count_multiples(lo, hi, mag * mult[i], 1e-9) <= (double)max_ticks) {
            step = mag * mult[i];
            break;
        }
    }
    if (step_out)
        *step_out = step;
    return multiples(lo, hi, step, ticks, max_ticks, 1e-9);
}

void chart_time_axis_make(double span_days, size_t max_ticks, chart_time_axis *axis)
{
    static const double day_steps[] = { 1, 2, 7, 14, 28 };
    static const double week_steps[] = { 1, 2, 4, 8, 13, 26 };
    static const double month_steps[] = { 1, 2, 3, 6, 12, 24, 60, 120 };
    const double *steps;
    size_t n_steps;
    if (max_ticks < 2)
        max_ticks = 2;
    if (max_ticks > CHART_MAX_TICKS)
        max_ticks = CHART_MAX_TICKS;
    if (span_days <= 28) {
        axis->unit = CHART_DAYS;
        axis->unit_days = 1;
        steps = day_steps;
        n_steps = sizeof day_steps / sizeof day_steps[0];
    } else if (span_days <= 26 * 7) {
        axis->unit = CHART_WEEKS;
        axis->unit_days = 7;
        steps = week_steps;
        n_steps = sizeof week_steps / sizeof week_steps[0];
    } else {
        axis->unit = CHART_MONTHS;
        axis->unit_days = 365.25 / 12;
        steps = month_steps;
        n_steps = sizeof month_steps / sizeof month_steps[0];
    }
    /* a span a hair short of a whole unit (365 days = 11.99 months) still
    ** gets its last tick, at the span itself */
    const double eps = 0.01;
    double span = span_days / axis->unit_days;
    double step = steps[n_steps - 1];
    for (size_t i = 0; i < n_steps; i++) {
        if (count_multiples(0, span, steps[i], eps) <= (double)max_ticks) {
            step = steps[i];
            break;
        }
    }
    /* no natural step gives between 2 and max_ticks ticks (spans of
    ** decades, or 5 days with room for 2): round 1-2-5 steps of the unit */
    double count = count_multiples(0, span, step, eps);
    if (count > (double)max_ticks || count < 2)
        chart_ticks(0, span, max_ticks, axis->values, &step);
    axis->n = multiples(0, span, step, axis->values, max_ticks, eps);
    for (size_t i = 0; i < axis->n; i++) {
        axis->values[i] = round(axis->values[i] / step) * step; /* the value it reads */
        axis->ticks_days[i] = fmin(axis->values[i] * axis->unit_days, span_days);
    }
}

size_t chart_log_time_ticks(double lo_days, double hi_days, size_t max_ticks,
                            double ticks[CHART_MAX_TICKS], const char *labels[CHART_MAX_TICKS])
{
    static const struct {
        double days;
        const char *label;
        int primary; /* kept when the axis is crowded */
    } natural[] = {
        { 1.0 / 1440, "1 min", 1 }, { 10.0 / 1440, "10 min", 0 }, { 1.0 / 24, "1 h", 1 },
        { 6.0 / 24, "6 h", 0 },     { 1, "1 d", 1 },             { 3, "3 d", 0 },
        { 7, "1 wk", 1 },           { 14, "2 wk", 0 },           { 365.25 / 12, "1 mo", 1 },
        { 365.25 / 4, "3 mo", 0 },  { 365.25 / 2, "6 mo", 0 },   { 365.25, "1 yr", 1 },
        { 730.5, "2 yr", 0 },       { 1826.25, "5 yr", 0 },      { 3652.5, "10 yr", 1 },
    };
    const size_t n_natural = sizeof natural / sizeof natural[0];
    if (max_ticks > CHART_MAX_TICKS)
        max_ticks = CHART_MAX_TICKS;
    const double eps = 0.01; /* 365 days still gets its "1 yr" */
    size_t pick[sizeof natural / sizeof natural[0]];
    size_t n = 0;
    for (int primary_only = 0; primary_only <= 1; primary_only++) {
        n = 0;
        for (size_t i = 0; i < n_natural; i++) {
            double d = natural[i].days;
            if (d < lo_days * (1 - eps) || d > hi_days * (1 + eps))
                continue;
            if (!primary_only || natural[i].primary)
                pick[n++] = i;
        }
        if (n <= max_ticks)
            break;
    }
    /* still crowded: an even selection that keeps both ends */
    size_t m = n <= max_ticks ? n : max_ticks;
    for (size_t j = 0; j < m; j++) {
        size_t i = pick[m < 2 ? j : (size_t)lround((double)j * (double)(n - 1) / (double)(m - 1))];
        double d = natural[i].days;
        ticks[j] = d < lo_days ? lo_days : d > hi_days ? hi_days : d;
        labels[j] = natural[i].label;
    }
    return m;
}

size_t chart_simplify(double *xs, double *ys, size_t n, double tol)
{
    if (n < 3)
        return n;
    size_t out = 1, a = 0; /* xs[0] is kept; a is the anchor, the last point kept */
    double lo = -INFINITY, hi = INFINITY; /* slopes from a passing near every point since */
#define KEEP(k)                  \
    do {                         \
        xs[out] = xs[k];         \
        ys[out] = ys[k];         \
        out++;                   \
        a = (k);                 \
        lo = -INFINITY;          \
        hi = INFINITY;           \
    } while (0)
    for (size_t i = 1; i < n; i++) {
        if (!(xs[i] > xs[i - 1])) { /* a jump, however small: keep both ends */
            if (i - 1 != a)
                KEEP(i - 1);
            KEEP(i);
            continue;
        }
        double dx = xs[i] - xs[a];
        double s = dx > 0 ? (ys[i] - ys[a]) / dx : NAN;
        if (!(s >= lo && s <= hi)) { /* out of reach (or a jump): the previous point is needed */
            if (i - 1 != a)
                KEEP(i - 1);
            dx = xs[i] - xs[a];
            if (!(dx > 0)) { /* a jump at one x: keep both ends */
                KEEP(i);
                continue;
            }
        }
        lo = fmax(lo, (ys[i] - tol - ys[a]) / dx);
        hi = fmin(hi, (ys[i] + tol - ys[a]) / dx);
    }
    if (a != n - 1) {
        xs[out] = xs[n - 1];
        ys[out] = ys[n - 1];
        out++;
    }
#undef KEEP
    return out;
}

chart_envelope *chart_envelope_alloc(const double *xs, const double *ys, size_t n, double x0,
                                     double x1, double dx)
{
    chart_envelope *e = malloc(sizeof *e);
    if (!e)
        return NULL;
    e->x0 = x0;
    e->dx = dx;
    e->n = x1 > x0 && dx > 0 ? (size_t)ceil((x1 - x0) / dx) + 1 : 1; /* an empty range: one column */
    e->lo = malloc(e->n * sizeof *e->lo);
    e->hi = malloc(e->n * sizeof *e->hi);
    if (!e->lo || !e->hi) {
        chart_envelope_free(e);
        return NULL;
    }
    for (size_t c = 0; c < e->n; c++)
        e->lo[c] = e->hi[c] = NAN;
    const double last = (double)(e->n - 1);
    for (size_t i = 0; i + 1 < n || (n == 1 && i == 0); i++) {
        double xa = xs[i], ya = ys[i];
        double xb = n == 1 ? xa : xs[i + 1], yb = n == 1 ? ya : ys[i + 1];
        if (!isfinite(xa) || !isfinite(ya) || !isfinite(xb) || !isfinite(yb))
            continue;
        if (xb < xa) {
            double t = xa; xa = xb; xb = t;
            t = ya; ya = yb; yb = t;
        }
        double ca = floor((xa - x0) / dx), cb = floor((xb - x0) / dx);
        if (cb < 0 || ca > last)
            continue;
        if (ca < 0) ca = 0;
        if (cb > last) cb = last;
        for (double cc = ca; cc <= cb; cc++) {
            size_t c = (size_t)cc;
            double left = x0 + cc * dx, right = left + dx;
            double s0 = fmax(xa, left), s1 = fmin(xb, right);
            double y0, y1;
            if (xb > xa) {
                y0 = ya + (yb - ya) * (s0 - xa) / (xb - xa);
                y1 = ya + (yb - ya) * (s1 - xa) / (xb - xa);
            } else {
                y0 = ya;
                y1 = yb;
            }
            double lo = fmin(y0, y1), hi = fmax(y0, y1);
            if (isnan(e->lo[c]) || lo < e->lo[c]) e->lo[c] = lo;
            if (isnan(e->hi[c]) || hi > e->hi[c]) e->hi[c] = hi;
        }
    }
    return e;
}

void chart_envelope_free(chart_envelope *e)
{
    if (!e)
        return;
    free(e->lo);
    free(e->hi);
    free(e);
}

/* Column range [*c0, *c1] of the envelope that [x0, x1] covers; 0 if none. */
static int columns(const chart_envelope *e, double x0, double x1, size_t *c0, size_t *c1)
{
    double a = floor((x0 - e->x0) / e->dx), b = floor((x1 - e->x0) / e->dx);
    if (b < 0 || a > (double)(e->n - 1))
        return 0;
    *c0 = a < 0 ? 0 : (size_t)a;
    *c1 = b > (double)(e->n - 1) ? e->n - 1 : (size_t)b;
    return 1;
}

int chart_envelope_hits(const chart_envelope *e, chart_box b)
{
    size_t c0, c1;
    if (!columns(e, b.x0, b.x1, &c0, &c1))
        return 0;
    for (size_t c = c0; c <= c1; c++)
        if (!isnan(e->lo[c]) && e->lo[c] < b.y1 && e->hi[c] > b.y0)
            return 1;
    return 0;
}

static int box_free(chart_box b, chart_box bounds, chart_envelope *const *curves, size_t n_curves,
                    const chart_box *obstacles, size_t n_obstacles, const chart_label *labels,
                    size_t n_labels)
{
    if (!chart_box_inside(b, bounds))
        return 0;
    for (size_t i = 0; i < n_obstacles; i++)
        if (chart_box_overlap(b, obstacles[i]))
            return 0;
    for (size_t i = 0; i < n_labels; i++)
        if (labels[i].placed && chart_box_overlap(b, labels[i].box))
            return 0;
    for (size_t i = 0; i < n_curves; i++)
        if (chart_envelope_hits(curves[i], b))
            return 0;
    return 1;
}

size_t chart_labels_place(chart_label *labels, size_t n, chart_box bounds,
                          chart_envelope *const *curves, size_t n_curves,
                          const chart_box *obstacles, size_t n_obstacles)
{
    size_t placed = 0;
    for (size_t i = 0; i < n; i++) {
        chart_label *l = &labels[i];
        l->placed = 0;
        const double gap = 0.25 * l->h;
        const double step = fmax(l->w / 8, 1.0);
        const double width = l->max_offset > 0 ? l->max_offset : bounds.x1 - bounds.x0;
        double best = INFINITY;
        for (double off = 0; off <= width; off += step) {
            for (int side = -1; side <= 1; side += 2) {
                if (off == 0 && side == 1)
                    continue;
                double cx = l->want_x + side * off;
                double x0 = cx - l->w / 2, x1 = cx + l->w / 2;
                if (x0 < bounds.x0 || x1 > bounds.x1)
                    continue;
                double top, bottom;
                if (l->curve >= 0 && (size_t)l->curve < n_curves) {
                    const chart_envelope *e = curves[l->curve];
                    size_t c0, c1;
                    if (!columns(e, x0, x1, &c0, &c1))
                        continue;
                    top = INFINITY;
                    bottom = -INFINITY;
                    for (size_t c = c0; c <= c1; c++) {
                        if (isnan(e->lo[c]))
                            continue;
                        top = fmin(top, e->lo[c]);
                        bottom = fmax(bottom, e->hi[c]);
                    }
                    /* a curve resting on the axis here is not this curve's place */
                    if (!isfinite(top) || top > bounds.y1 - l->h)
                        continue;
                } else {
                    top = bottom = l->want_y;
                }
                for (int below = 0; below <= 1; below++) {
                    chart_box b = { x0, 0, x1, 0 };
                    if (below) {
                        b.y0 = bottom + gap;
                        b.y1 = b.y0 + l->h;
                    } else {
                        b.y1 = top - gap;
                        b.y0 = b.y1 - l->h;
                    }
                    /* nearer the wish is better; above the curve a little better */
                    double score = off + (below ? 0.75 * l->w : 0);
                    if (score >= best)
                        continue;
                    if (box_free(b, bounds, curves, n_curves, obstacles, n_obstacles, labels, i)) {
                        best = score;
                        l->box = b;
                        l->placed = 1;
                    }
                }
            }
            if (off > best)
                break; /* nothing further out can score better */
        }
        placed += (size_t)l->placed;
    }
    return placed;
}

/* ---- domains and layout -------------------------------------------------- */

void chart_domain(double lo, double hi, double margin, double flat_margin, double *d0, double *d1)
{
    double span = hi - lo;
    const int flat = !(span > 1e-9 * fmax(1, fabs(hi)));
    if (flat)
        span = fabs(hi) > 0 ? 0.1 * fabs(hi) : 1;
    const double pad = (flat ? flat_margin : margin) * span;
    *d0 = pad > 0 ? lo - pad : lo;
    *d1 = pad > 0 ? hi + pad : hi;
}

void chart_strength_domain(double lowest, double *lo, double *hi)
{
    *lo = fmax(0, floor((fmin(lowest, 70) - 5) / 10) * 10);
    *hi = 106;
}

size_t chart_log_ticks(double lo, double hi, size_t max_ticks, double *ticks, size_t capacity)
{
    static const double steps[3][3] = { { 1, 2, 5 }, { 1, 0, 0 }, { 1, 0, 0 } };
    const int k0 = (int)floor(log10(lo)), k1 = (int)ceil(log10(hi));
    for (int pass = 0; pass < 3; pass++) {
        const int every = pass < 2 ? 1 : (int)ceil((double)(k1 - k0 + 1) / (double)max_ticks);
        size_t n = 0;
        for (int k = k0; k <= k1 && n <= max_ticks; k++) {
            if (((k - k0) % every) != 0)
                continue;
            for (int m = 0; m < 3 && steps[pass][m] > 0; m++) {
                const double t = steps[pass][m] * pow(10, k);
                if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9) && n < capacity)
                    ticks[n++] = t;
            }
        }
        if (n <= max_ticks)
            return n;
    }
    return 0;
}

size_t chart_label_stride(size_t n, double pitch, double need, size_t max_labels)
{
    static const size_t every[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000 };
    size_t k = every[0];
    for (size_t i = 0; i < sizeof every / sizeof every[0]; i++) {
        k = every[i];
        if ((double)k * fabs(pitch) >= need && (n + k - 1) / k <= max_labels)
            break;
    }
    return k;
}

void chart_grid_shape(size_t n, size_t *cols, size_t *rows)
{
    *cols = n <= 3 ? n : n == 4 ? 2 : 3;
    *rows = (n + *cols - 1) / *cols;
}

double chart_headroom(double lo, double top, double length, double room)
{
    return top + room * (top - lo) / (length - room);
}

chart_scale chart_padded_scale(double v0, double v1, int log, double pad, double r0, double r1)
{
    const double a = log ? log10(v0) : v0, b = log ? log10(v1) : v1;
    const double d = pad * (b - a);
    return (chart_scale){ log ? pow(10, a - d) : a - d, log ? pow(10, b + d) : b + d, r0, r1, log };
}

chart_scale chart_scale_with_room(double lo, double hi, double r0, double r1, double room_lo,
                                  double room_hi)
{
    const double k = fmax(1e-9, (r1 - r0) - room_lo - room_hi) / (hi - lo); /* points per unit */
    return (chart_scale){ lo - room_lo / k, hi + room_hi / k, r0, r1, 0 };
}

chart_box chart_cell_box(chart_box box, size_t n_columns, size_t n_rows, size_t column, size_t row,
                         double gap)
{
    const double cw = (box.x1 - box.x0) / (double)n_columns, ch = (box.y1 - box.y0) / (double)n_rows;
    return (chart_box){ box.x0 + (double)column * cw + gap / 2, box.y1 - (double)(row + 1) * ch + gap / 2,
                        box.x0 + (double)(column + 1) * cw - gap / 2, box.y1 - (double)row * ch - gap / 2 };
}

size_t chart_row_end(const double *w, const double *h, size_t first, size_t n, double space,
                     double width, double *row_w, double *row_h)
{
    *row_w = w[first];
    *row_h = h[first];
    size_t end = first + 1;
    while (end < n && *row_w + space + w[end] <= width) {
        *row_w += space + w[end];
        *row_h = fmax(*row_h, h[end]);
        end++;
    }
    return end;
}

size_t chart_first_peak(const double *ys, size_t n, double near)
{
    double top = INFINITY;
    for (size_t i = 0; i < n; i++)
        top = fmin(top, ys[i]);
    size_t best = 0;
    while (best + 1 < n && ys[best] > top + near)
        best++;
    return best;
}

double chart_envelope_apart_x(chart_envelope *const *curves, size_t n, size_t k, double enough,
                              double fallback)
{
    const chart_envelope *e = curves[k];
    double best = -1, x = fallback;
    for (size_t c = 0; c < e->n; c++) {
        if (isnan(e->lo[c]))
            continue;
        double gap = enough;
        for (size_t j = 0; j < n; j++) {
            const chart_envelope *o = curves[j];
            if (j == k || c >= o->n || isnan(o->lo[c]))
                continue;
            gap = fmin(gap, fmax(0, fmax(o->lo[c] - e->hi[c], e->lo[c] - o->hi[c])));
        }
        if (gap >= best) {
            best = gap;
            x = e->x0 + ((double)c + 0.5) * e->dx;
        }
    }
    return x;
}
