/*
** plots/batch.h — what the figures of the batch commands share (private).
**
** The batch figures are drawn from the numbers a command computed rather
** than from the rows of a run, a file each:
**
**   sweep.c          healsim sweep: the checks, the best run, the caption,
**                    and one page of the two below
**   sweep_line.c     an outcome against one varied parameter: a line with
**                    a point per run, the best run ringed and labelled
**   sweep_heatmap.c  an outcome against two: a heatmap on the viridis map
**                    with a labelled colour bar, the best cell outlined,
**                    failed runs hatched
**   population.c     healsim population: the median strength over time of
**                    many virtual patients, in 50 % and 90 % bands
**   tornado.c        healsim sensitivity: a tornado chart of normalized
**                    sensitivities, largest at the top
**
** batch.c holds what they share: the words they show, how they print
** numbers, their value axes, and the way a checked page is drawn and
** written.  Every page is the house layout built from the blocks of
** plots/draw.h, so the bytes are the same every time.
*/
#ifndef HEALSIM_BATCH_H
#define HEALSIM_BATCH_H

#include <stddef.h>
#include <stdio.h>

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

#define MINUS "\xE2\x88\x92" /* U+2212 MINUS SIGN: wider than a hyphen, as in print */

/* s, or "" for NULL. */
const char *fig_str(const char *s);

/* ---- numbers ----------------------------------------------------------- */

/* v with the given decimals; a minus sign for negative values, and a plus
** sign for positive ones with plus; no sign where it shows as zero. */
void fig_format_fixed(double v, int decimals, int plus, char *buf, size_t size);

/* Decimals that show `digits` significant digits of a number as large as
** m (0 to 6). */
int fig_decimals_for(double m, int digits);

/* A parameter value as an axis shows it: up to 4 significant digits. */
void fig_format_value(double v, char *buf, size_t size);

/* "schedule.interval (week)", or the name alone without a unit. */
void fig_value_axis_title(const char *name, const char *unit, char *buf, size_t size);

/* ---- text and value axes ------------------------------------------------ */

/* Height of a line of body text at scale. */
double fig_line_height(const page *pg, double scale);

#define MAX_AXIS_LABELS 64

/* Labels along an axis: page coordinate and text of each. */
typedef struct axis_labels {
    size_t n;
    double at[MAX_AXIS_LABELS];
    char text[MAX_AXIS_LABELS][48];
} axis_labels;

/* Room under a plot for its x tick labels and title. */
double fig_x_axis_height(const page *pg);

/* Tick labels under box b at their x, with grid lines up through b when
** grid, and the title centred under them (fitted to the page width). */
void fig_draw_x_labels(const page *pg, chart_box b, const axis_labels *al, const char *title, int grid);

/* ---- sweeps ------------------------------------------------------------- */

/* The lowest and highest outcome, the index of the (first) best — the
** highest, or the lowest where lower is better — and whether any run failed. */
typedef struct outcome_range {
    double lo, hi;
    size_t best;
    double best_value;
    int failed;
} outcome_range;

/* The range of the outcomes of sp (checked, with one finite outcome at
** least). */
outcome_range fig_sweep_range(const healsim_sweep_plot *sp);

/* "max", or "min" where lower is better. */
const char *fig_best_word(const healsim_sweep_plot *sp);

/* Decimals of the outcome's values: three significant digits of the largest. */
int fig_outcome_decimals(const outcome_range *o);

/* The page of a sweep of one parameter (a line) or two (a heatmap), with
** caption at its foot.  Return 0, or -1 when out of memory. */
int fig_sweep_line_page(const page *pg, const healsim_sweep_plot *sp, const char *caption);
int fig_sweep_heatmap_page(const page *pg, const healsim_sweep_plot *sp, const char *caption);

/* ---- drawing and writing ------------------------------------------------ */

/* The page of a batch figure: figure is the command's numbers (a
** healsim_sweep_plot, ...), caption the line at its foot.  Returns 0, or
** -1 when out of memory. */
typedef int (*fig_batch_page_fn)(const page *pg, const void *figure, const char *caption);

/* Draw a checked figure's page into memory, then write it to out whole
** (name: the figure file's stem, "sweep"; title: the PDF's, "healsim" when empty; data: the page's, may be NULL).
** Returns HEALSIM_OK, HEALSIM_ERR_IO or HEALSIM_ERR_NOMEM with *diag. */
int fig_batch_render(unsigned format, const char *name, fig_batch_page_fn draw, const void *figure,
                     const char *caption,
                     const char *title, const healsim_figure_data *data,
                     const healsim_figure_style *style, FILE *out, healsim_diag *diag);

#endif
