/*
** healsim/figure.h — draw a run's results as teaching figures.
**
** USAGE
**
**     healsim_figure_data data;           // rows of a run, or of timeseries.csv
**     healsim_figure_data_init(&data, rows, n_rows, soreness_threshold);
**     data.title = "Lax ligament";  data.caption = "...";
**     healsim_figure_style style;         // size, theme, font, every word shown
**     healsim_figure_style_from_params(&style, &params);
**     if (healsim_figure_check_font(&style, &diag)) ...;
**     healsim_figure_render(HEALSIM_FIGURE_PHASES, HEALSIM_FORMAT_PNG,
**                           &data, &style, stream, &diag);
**
**     healsim_compare_arm arms[2] = { { "No treatment" }, { "Prolotherapy" } };
**     healsim_figure_data_init(&arms[0].data, ...);  ...   // runs side by side
**     healsim_compare_render(HEALSIM_COMPARE_OUTCOME, HEALSIM_FORMAT_SVG,
**                            arms, 2, "Lax ligament", &style, stream, &diag);
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

/* The style a parameter set's [figure] section asks for.  style borrows
** the strings of params, which must outlive it. */
void healsim_figure_style_from_params(healsim_figure_style *style, const healsim_params *params);

/* File name stem of a figure ("phases-log"), or NULL if out of range. */
const char *healsim_figure_name(healsim_figure figure);

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

typedef enum healsim_compare_figure {
    HEALSIM_COMPARE_OUTCOME = 0, /* strength over time, one curve per arm */
    HEALSIM_COMPARE_PHASES,      /* phase activities, small multiples, one panel per arm, shared axes */
    HEALSIM_COMPARE_BARS,        /* strength at the end per arm, values printed on the bars */
    HEALSIM_N_COMPARE_FIGURES
} healsim_compare_figure;

/* File name stem of a comparison figure: "compare-outcome",
** "compare-phases", "compare-bars", or NULL if out of range. */
const char *healsim_compare_figure_name(healsim_compare_figure figure);

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

#ifdef __cplusplus
}
#endif
#endif
