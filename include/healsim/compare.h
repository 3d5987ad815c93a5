/*
** healsim/compare.h — treatment arms side by side.
**
** An arm is a parameter file and a label.  A comparison loads 2 to
** HEALSIM_MAX_ARMS arms (from a list file or from file names), simulates
** each, and reports the outcome measures a teacher compares: strength at 6
** weeks, 3 months and 1 year, days sore, peak inflammation after each
** injection.  `healsim compare` writes them as compare.csv and draws them
** (healsim/figure.h, healsim_compare_render).
**
** A list file holds one arm a line: a parameter file, then, after spaces,
** the arm's label; lines starting with # are comments.  A relative file
** name is a file next to the list if there is one, else a built-in preset
** (healsim/presets.h).  params/compare-default.txt is the example, and the
** library carries it: it is the list read when none is given.
*/
#ifndef HEALSIM_COMPARE_H
#define HEALSIM_COMPARE_H

#include <stdio.h>

#include "healsim/params.h"
#include "healsim/run.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Days at which compare.csv reports strength: 6 weeks, 3 months, 1 year. */
#define HEALSIM_COMPARE_N_DAYS 3
extern const double healsim_compare_days[HEALSIM_COMPARE_N_DAYS];

typedef struct healsim_arm {
    char file[512];               /* the parameter file, as given or resolved from the list */
    char label[HEALSIM_MAX_TEXT]; /* the arm's name in the CSV and the figures */
    int line;                     /* its line in the list file (0: given on the command line) */
} healsim_arm;

/* Read a list file into arms[0..*n); path NULL reads the built-in
** compare-default.txt, whose arms are all presets.  An arm that is a preset
** gets the file name "NAME.ini (built in)", which healsim_params_load reads
** from the library.  Returns HEALSIM_OK, HEALSIM_ERR_IO (cannot read) or
** HEALSIM_ERR_INPUT (more than HEALSIM_MAX_ARMS arms, a line too long) with
** *diag naming the file ("compare-default.txt (built in)" for NULL) and line. */
int healsim_compare_read_list(const char *path, healsim_arm arms[HEALSIM_MAX_ARMS], size_t *n,
                              healsim_diag *diag);

/* Load every arm's parameters (with the same overrides for all), give each
** arm without a label its parameter file's title, and check that the arms
** can be compared: 2 or more, distinct labels, the same simulated span.
** The checkpoints of each set are replaced by healsim_compare_days (those
** within the span).  list names the list file the arms came from (NULL if
** they came from the command line), for messages.  The first arm's [figure]
** section, which a comparison's figures follow, goes into *figure (NULL:
** not kept).  Returns HEALSIM_OK or HEALSIM_ERR_INPUT with *diag naming the
** file and line. */
int healsim_compare_load(healsim_arm *arms, size_t n, const char *list,
                         const char *const *overrides, size_t n_overrides,
                         healsim_params *params, healsim_figure_config *figure, healsim_diag *diag);

/* Write compare.csv: a header and one row per arm with the outcome
** measures of runs[i] (simulated from params[i]).  Returns HEALSIM_OK or
** HEALSIM_ERR_IO. */
int healsim_compare_csv(const healsim_arm *arms, const healsim_run *const *runs, size_t n,
                        FILE *out);

#ifdef __cplusplus
}
#endif
#endif
