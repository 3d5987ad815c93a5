/*
** healsim/figure.h — draw a run's results as teaching figures.
**
** USAGE
**
**     healsim_figure_data data;           // rows of a run, or of timeseries.csv
**     healsim_figure_data_init(&data, rows, n_rows, soreness_threshold);
**     data.title = "Lax ligament";  data.caption = "...";
**     healsim_figure_style style;         // size, theme, font, every word shown
**     healsim_figure_style_from_config(&style, &figure);
**     if (healsim_figure_check_font(&style, &diag)) ...;
**     healsim_figure_render(HEALSIM_FIGURE_PHASES, HEALSIM_FORMAT_PNG,
**                           &data, &style, stream, &diag);
**
**     healsim_compare_arm arms[2] = { { "No treatment" }, { "Prolotherapy" } };
**     healsim_figure_data_init(&arms[0].data, ...);  ...   // runs side by side
**     healsim_compare_render(HEALSIM_COMPARE_OUTCOME, HEALSIM_FORMAT_SVG,
**                            arms, 2, "Lax ligament", &style, stream, &diag);
**
**     healsim_sweep_plot sweep = { 1, { "schedule.interval" }, { "week" },
**                                  { 8 }, { weeks }, { 0 }, end_strength,
**                                  "Strength at the end (% of healthy)", "Lax ligament" };
**     healsim_sweep_render(HEALSIM_FORMAT_PNG, &sweep, &style, stream, &diag);
**     // also healsim_population_render, healsim_tornado_render (batch runs)
**
** The figure code reads results only: a table of rows in the layout of
** healsim_run_row (HEALSIM_N_COLUMNS values each).  An injection is where two
** consecutive rows share a time (the state before and after the injury), as
** in timeseries.csv, so figures drawn from a run and from its CSV agree.
** Drawing is deterministic: the same data and style give the same PNG pixels
** and the same SVG and PDF bytes.  Nothing here prints or exits.
*/
#ifndef HEALSIM_FIGURE_H
#define HEALSIM_FIGURE_H

#include <stdio.h>

#include "healsim/params.h"
#include "healsim/run.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HEALSIM_MAX_FIGURE_INJECTIONS HEALSIM_MAX_INJECTIONS

/* What a figure shows.  The pointers are borrowed and must outlive the
** render calls. */
typedef struct healsim_figure_data {
    const double *rows;          /* n_rows x HEALSIM_N_COLUMNS, time order */
    size_t n_rows;
    size_t n_injections;         /* found by healsim_figure_data_init */
    double injection_days[HEALSIM_MAX_FIGURE_INJECTIONS];
    double soreness_threshold;   /* 0-10; soreness at or above it is "sore" */
    const char *title;           /* scenario title (overview, handout); may be "" */
    const char *caption;         /* one line stating the scenario; may be "" */
    const char *changed;         /* handout's last page: lines naming the changed parameters */
} healsim_figure_data;

/* Fill data from rows: finds the injections, sets every text to "". */
void healsim_figure_data_init(healsim_figure_data *data, const double *rows, size_t n_rows,
                              double soreness_threshold);

/* How figures look. */
typedef struct healsim_figure_style {
    double width_px, height_px;  /* raster size; vector size is px * 72 / dpi points */
    double dpi;
    healsim_theme theme;
    const char *font;            /* font family name */
    double font_size_pt;
    const char *text[HEALSIM_N_TEXTS]; /* every word shown (healsim_text) */
} healsim_figure_style;

/* The style a [figure] section asks for.  style borrows the strings of
** figure, which must outlive it. */
void healsim_figure_style_from_config(healsim_figure_style *style, const healsim_figure_config *figure);

/* Check that style->font is installed (fontconfig would not silently use
** another).  Returns HEALSIM_OK or HEALSIM_ERR_INPUT with *diag. */
int healsim_figure_check_font(const healsim_figure_style *style, healsim_diag *diag);

/* Check that the style's page holds its text: at least 32 x 20 body font
** sizes, and at most 64 million pixels.  Returns HEALSIM_OK or
** HEALSIM_ERR_INPUT with *diag saying what to change.  healsim_figure_render
** checks this too. */
int healsim_figure_check_size(const healsim_figure_style *style, healsim_diag *diag);

/* Draw one figure in one format (a single HEALSIM_FORMAT_* bit) to out.
** HEALSIM_FIGURE_HANDOUT is PDF only: every figure, one a page, and a page
** showing data->changed.  Returns HEALSIM_OK, HEALSIM_ERR_INPUT (bad size,
** format or an empty table), HEALSIM_ERR_IO (the stream failed) or
** HEALSIM_ERR_NOMEM, with *diag. */
int healsim_figure_render(healsim_figure figure, unsigned format, const healsim_figure_data *data,
                          const healsim_figure_style *style, FILE *out, healsim_diag *diag);

/* One figure file drawn into memory by healsim_figure_render_files. */
typedef struct healsim_figure_file {
    healsim_figure figure;   /* in: what to draw */
    unsigned format;         /* in: one HEALSIM_FORMAT_* bit */
    char *bytes;             /* out: the file's bytes, malloc'd; free() them */
    size_t size;             /* out: their count */
    int status;              /* out: HEALSIM_OK or why this one failed */
    healsim_diag diag;       /* out: when status is not HEALSIM_OK */
} healsim_figure_file;

#define HEALSIM_MAX_FIGURE_THREADS 16

/* Draw n figure files into memory using up to `threads` threads (the
** calling one included).  The bytes do not depend on the thread count or
** on the order the files are drawn in.  Returns HEALSIM_OK, or the status
** of the first failed file in the array's order with *diag; then no file
** keeps any bytes. */
int healsim_figure_render_files(healsim_figure_file *files, size_t n,
                                const healsim_figure_data *data,
                                const healsim_figure_style *style, unsigned threads,
                                healsim_diag *diag);

/* ---- comparing treatment arms (healsim compare) ---------------------------- */

#define HEALSIM_MIN_COMPARE_ARMS 2
#define HEALSIM_MAX_COMPARE_ARMS HEALSIM_MAX_ARMS

/* One arm of a comparison: a run and its name.  The pointers are borrowed
** and must outlive the render call. */
typedef struct healsim_compare_arm {
    const char *label;          /* the arm's name, drawn on its curve / bar */
    healsim_figure_data data;   /* its rows and injections (healsim_figure_data_init) */
} healsim_compare_arm;

/* Draw one comparison figure of the n_arms arms (2 to 8, in the order
** given: arm i has the i-th colour of every comparison figure) in one
** format (a single HEALSIM_FORMAT_* bit) to out.  title is shown under the
** figure title and names the PDF (may be "" or NULL); the words come from
** style->text, each arm's name from its label (NULL: none), and the
** caption line lists the labels; the arms' data.title, caption and changed
** are not shown.  Arms may have different schedules
** and spans: the time axis runs to the longest.  Returns HEALSIM_OK,
** HEALSIM_ERR_INPUT (bad figure, format or size, fewer than 2 or more than
** 8 arms, an arm with fewer than 2 rows), HEALSIM_ERR_IO (the stream
** failed) or HEALSIM_ERR_NOMEM, with *diag; nothing is written to out
** unless the figure was drawn whole.  Deterministic: the same arms and
** style give the same bytes. */
int healsim_compare_render(healsim_compare_figure figure, unsigned format,
                           const healsim_compare_arm *arms, size_t n_arms, const char *title,
                           const healsim_figure_style *style, FILE *out, healsim_diag *diag);

/* ---- batch runs: sweep, population, sensitivity ---------------------------- */

/* The figures of the batch commands (healsim sweep, healsim population,
** healsim sensitivity) draw numbers the command computed, not rows of a
** run.  Each figure opens with its title from style->text
** (HEALSIM_TEXT_TITLE_SWEEP, _TITLE_POPULATION, _TITLE_SENSITIVITY) and
** the plot's title under it, and ends with a caption line.  The pointers
** of a plot are borrowed and must outlive the render call; a NULL string
** is drawn as "".  Each render function draws one figure in one format (a
** single HEALSIM_FORMAT_* bit) to out and returns HEALSIM_OK,
** HEALSIM_ERR_INPUT (bad format or size, or data as described below),
** HEALSIM_ERR_IO (the stream failed) or HEALSIM_ERR_NOMEM, with *diag,
** whose file names the figure ("sweep.png", "population.svg",
** "sensitivity.pdf"); nothing is written to out unless the figure was
** drawn whole.  Deterministic: the same plot and style give the same
** bytes.  A few words of these figures are not [figure] keys yet and are
** English whatever the style says: "max" and "min" (the best run), "at", "virtual
** patients", "run failed", and the caption of the sensitivity figure. */

/* Most values one sweep holds: n[0] for a line, n[0] x n[1] for a heatmap. */
#define HEALSIM_MAX_SWEEP_RUNS 100000

/* healsim sweep: an outcome against one varied parameter (a line with
** points) or two (a heatmap with a labelled colour bar).
**
** One axis: the outcome over values[0], a line with a point per run, the
** best run (the highest outcome, or the lowest with lower_is_better; the
** first of equals) ringed and labelled "max" (or "min"); a failed run (NaN) is a gap in the line and a cross on the axis.
** Two axes: a grid of cells, axis 0 across (left to right), axis 1 up
** (bottom to top), each cell coloured by its outcome on a colour-blind-safe
** sequential map (viridis) with a labelled colour bar, its value printed in
** it when the cells are large enough, the best cell outlined (every cell
** whose printed value equals the best's, where values are printed); a
** failed run's cell is hatched.  The cells are equal: a heatmap axis shows
** its values in order, evenly, whatever their spacing (log_axis makes no
** difference there).  The caption names the best run.
**
** HEALSIM_ERR_INPUT also when: n_axes is not 1 or 2; a used axis has no
** name (NULL or ""), no values (n < 1, values NULL), or fewer than 2 for a
** line; values are not finite and strictly increasing, or not > 0 on a log
** axis; more than HEALSIM_MAX_SWEEP_RUNS runs; outcome is NULL, holds an
** infinity, or is NaN everywhere (every run failed). */
typedef struct healsim_sweep_plot {
    size_t n_axes;                /* 1 or 2 */
    const char *axis_name[2];     /* parameter names as the user gave them, "schedule.interval" */
    const char *axis_unit[2];     /* "week", "%", "": shown as "schedule.interval (week)" */
    size_t n[2];                  /* number of values along each axis (>= 1; >= 2 for a line) */
    const double *values[2];      /* the values, increasing */
    int log_axis[2];              /* 1: the values were spaced logarithmically: draw that axis log */
    const double *outcome;        /* 1 axis: n[0] values; 2 axes: n[0] x n[1], outcome[i0 * n[1] + i1];
                                     NaN = a failed run (drawn as a gap / hatched cell) */
    const char *outcome_name;     /* axis or colour-bar title, e.g. "Strength at the end (% of healthy)" */
    const char *title;            /* scenario title under the figure title; may be "" */
    int lower_is_better;          /* 1: the best run is the lowest (days sore, soreness), ringed
                                     and captioned "min"; 0: the highest, "max" */
} healsim_sweep_plot;

int healsim_sweep_render(unsigned format, const healsim_sweep_plot *plot,
                         const healsim_figure_style *style, FILE *out, healsim_diag *diag);

/* healsim population: strength over time of many virtual patients: the
** median line over the middle 50 % and 90 % bands, with a key naming them
** (HEALSIM_TEXT_MEDIAN, _BAND50, _BAND90), the healthy line, and the
** injections as numbered markers on the time axis, as on a run's figures.
** The y axis is HEALSIM_TEXT_AXIS_STRENGTH, the time axis the one of a
** run's figures; the caption says how many patients ("1000 virtual
** patients").
**
** HEALSIM_ERR_INPUT also when: fewer than 2 times; days NULL, not finite,
** negative or not strictly increasing (one row per time: of the two rows
** timeseries.csv has at an injection, keep one); a quantile array NULL, a
** quantile not finite, or the five out of order at some time (q05 <= q25
** <= q50 <= q75 <= q95); n_patients 0; more than
** HEALSIM_MAX_FIGURE_INJECTIONS injections, or injection_days NULL (when
** n_injections > 0), not finite, negative or decreasing. */
typedef struct healsim_population_plot {
    size_t n_times;
    const double *days;           /* increasing, from 0 */
    const double *q05, *q25, *q50, *q75, *q95; /* strength (% of healthy) quantiles at each time */
    size_t n_patients;            /* shown in the caption, e.g. "1000 virtual patients" */
    size_t n_injections;
    const double *injection_days;
    const char *title;            /* scenario title under the figure title; may be "" */
} healsim_population_plot;

int healsim_population_render(unsigned format, const healsim_population_plot *plot,
                              const healsim_figure_style *style, FILE *out, healsim_diag *diag);

/* Most bars of a tornado chart. */
#define HEALSIM_MAX_TORNADO_BARS 20

/* healsim sensitivity: a tornado chart of normalized sensitivities
** (d ln outcome / d ln parameter), largest |value| at the top, bars to the
** right for positive values and to the left for negative ones (in two
** colours), each value printed at its bar's end, the parameter names at
** the left (broken after '.' or '_', or cut with an ellipsis, when too long
** for the room), a zero line, and the axis HEALSIM_TEXT_AXIS_SENSITIVITY.
** The caption reads "Sensitivity of <outcome_name>" and what a value
** means.
**
** HEALSIM_ERR_INPUT also when: n is 0 or more than HEALSIM_MAX_TORNADO_BARS;
** names or values NULL; a value not finite; the values not sorted by
** |value|, largest first. */
typedef struct healsim_tornado_plot {
    size_t n;                     /* 1..20 bars, already sorted by |value| descending */
    const char *const *names;     /* "inflammation.neutrophil_recruitment_per_day" */
    const double *values;
    const char *outcome_name;     /* "strength gain": "Sensitivity of strength gain" */
    const char *title;            /* scenario title under the figure title; may be "" */
} healsim_tornado_plot;

int healsim_tornado_render(unsigned format, const healsim_tornado_plot *plot,
                           const healsim_figure_style *style, FILE *out, healsim_diag *diag);


/* ---- the figure module ------------------------------------------------------ */

/* A program that does not link the drawing libraries (cairo, pango and
** their ~30 shared libraries, ~4 ms to load) reaches the functions above
** through this table, which healsim_figures_open loads from the figure
** module, healsim-figures.so, only when a figure is drawn.  The module and
** the core library must come from the same build: the table carries
** HEALSIM_FIGURES_VERSION, which changes with this table and with any
** struct it passes, and the sizes of those structs, which the core library
** checks against its own (and asserts at compile time, so a changed struct
** cannot go out without a new version). */
#define HEALSIM_FIGURES_VERSION 4

/* The name of the module's one exported object, a const healsim_figures. */
#define HEALSIM_FIGURES_SYMBOL "healsim_figures_module"

typedef struct healsim_figures {
    int version;                  /* HEALSIM_FIGURES_VERSION of the module's build */
    const char *healsim_version;  /* healsim_version() of the module's build */
    size_t figure_config_size;    /* sizeof(healsim_figure_config) */
    size_t style_size;            /* sizeof(healsim_figure_style) */
    size_t data_size;             /* sizeof(healsim_figure_data) */
    size_t file_size;             /* sizeof(healsim_figure_file) */
    size_t compare_arm_size;      /* sizeof(healsim_compare_arm) */
    size_t sweep_plot_size;       /* sizeof(healsim_sweep_plot) */
    size_t population_plot_size;  /* sizeof(healsim_population_plot) */
    size_t tornado_plot_size;     /* sizeof(healsim_tornado_plot) */
    size_t diag_size;             /* sizeof(healsim_diag) */
    void (*data_init)(healsim_figure_data *data, const double *rows, size_t n_rows,
                      double soreness_threshold);
    void (*style_from_config)(healsim_figure_style *style, const healsim_figure_config *figure);
    int (*check_font)(const healsim_figure_style *style, healsim_diag *diag);
    int (*check_size)(const healsim_figure_style *style, healsim_diag *diag);
    int (*render_files)(healsim_figure_file *files, size_t n, const healsim_figure_data *data,
                        const healsim_figure_style *style, unsigned threads, healsim_diag *diag);
    int (*compare_render)(healsim_compare_figure figure, unsigned format, const healsim_compare_arm *arms,
                          size_t n_arms, const char *title, const healsim_figure_style *style, FILE *out,
                          healsim_diag *diag);
    int (*sweep_render)(unsigned format, const healsim_sweep_plot *plot, const healsim_figure_style *style,
                        FILE *out, healsim_diag *diag);
    int (*population_render)(unsigned format, const healsim_population_plot *plot,
                             const healsim_figure_style *style, FILE *out, healsim_diag *diag);
    int (*tornado_render)(unsigned format, const healsim_tornado_plot *plot, const healsim_figure_style *style,
                          FILE *out, healsim_diag *diag);
} healsim_figures;

/* The figure functions (in the core library).  The first call decides:
** the table given to healsim_figures_register if there was one, else the
** module at $HEALSIM_FIGURES_MODULE if that is set, else the module found
** relative to the core library's own file: <its folder>/healsim/healsim-figures.so
** (the shared library in lib/), or <its folder>/lib/healsim/ and
** <its folder>/../lib/healsim/ when the core library is linked into a
** program in the build folder or in bin/.  Returns the table, owned by the
** library and valid until the process ends; or NULL with *diag saying why
** (missing, not loadable, or from another build), and then every later
** call returns NULL with the same diagnostic.  Thread-safe. */
const healsim_figures *healsim_figures_open(healsim_diag *diag);

/* Use figures instead of opening the module: for programs that link the
** figure library itself (tests, fuzz targets) and take its table,
** healsim_figures_module.  Call before the first healsim_figures_open;
** later it has no effect.  Returns HEALSIM_OK, or HEALSIM_ERR_INPUT if the
** table is from another build (its version or sizes differ). */
int healsim_figures_register(const healsim_figures *figures);

/* The table the figure library defines (plots/module.c), for
** healsim_figures_register; only programs that link the figure library
** have it. */
extern const healsim_figures healsim_figures_module;

#ifdef __cplusplus
}
#endif
#endif
