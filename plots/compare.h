/*
** plots/compare.h — what the figures of `healsim compare` share (private).
**
** compare.c checks a request and builds the comparison every page reads:
** each arm's strength curve in the arm's own colour and dash, the longest
** span, the caption naming the arms.  The pages are a file each:
** compare_outcome.c, compare_phases.c and compare_bars.c.
*/
#ifndef HEALSIM_COMPARE_H
#define HEALSIM_COMPARE_H

#include <stddef.h>

#include "draw.h"
#include "healsim/figure.h"

#define STRENGTH_COLUMN HEALSIM_COL_STATE(HEALSIM_STRENGTH)

/* What a comparison page draws. */
typedef struct comparison {
    healsim_compare_figure figure;
    const healsim_compare_arm *arms;
    size_t n;
    const char *title;
    series strength[HEALSIM_MAX_COMPARE_ARMS]; /* each arm's strength curve */
    double t1;                                 /* the longest span, days */
    const char *caption;                       /* the arms' names */
} comparison;

/* An arm's label, or "" for none. */
const char *fig_arm_label(const healsim_compare_arm *arm);

/* Radius of the injection triangles in the outcome's lanes: a bit smaller
** than the single-run markers; the smallest the phase panels use. */
double fig_lane_radius(const page *pg);

/* The three pages.  Return 0, or -1 when out of memory. */
int fig_compare_outcome_page(const page *pg, const comparison *cx);
int fig_compare_phases_page(const page *pg, const comparison *cx);
int fig_compare_bars_page(const page *pg, const comparison *cx);

#endif
