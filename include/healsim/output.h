/*
** healsim/output.h — a run's results as files that scripts read back.
**
** timeseries.csv, phases.csv, summary.json and params.resolved.ini.  Writing
** a folder is all-or-nothing: every file is written to a temporary name in
** the folder, flushed to disk, and only when all of them are complete are
** they renamed into place.  A failure part-way leaves the folder as it was.
*/
#ifndef HEALSIM_OUTPUT_H
#define HEALSIM_OUTPUT_H

#include <stdio.h>

#include "healsim/run.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The healsim version, "MAJOR.MINOR.PATCH". */
const char *healsim_version(void);

/* Write one table or document to an open stream.  Each returns HEALSIM_OK or
** HEALSIM_ERR_IO if the stream reported an error. */
int healsim_output_timeseries_csv(const healsim_run *run, FILE *out);
int healsim_output_phases_csv(const healsim_run *run, FILE *out);
/* summary.json lists the resolved parameters, [figure] from figure (NULL:
** the built-in one); it may also return HEALSIM_ERR_NOMEM. */
int healsim_output_summary_json(const healsim_run *run, const healsim_figure_config *figure, FILE *out);

/* The rows of timeseries.csv as numbers: each value of the run's rows
** rounded exactly as the file writes it (%.9g), so what is drawn from a
** run's results in memory and what is drawn from its CSV read back
** (healsim_output_read_timeseries) are the same doubles.  On HEALSIM_OK
** *rows is a malloc'd array of *n_rows x HEALSIM_N_COLUMNS values for the
** caller to free(); on HEALSIM_ERR_NOMEM *rows is NULL. */
int healsim_output_timeseries_rows(const healsim_run *run, double **rows, size_t *n_rows);

/* The four files of a run's folder, in the order they are written, and one
** of them (by index) to a stream; figure is the [figure] section that
** summary.json and params.resolved.ini record (NULL: the built-in one).
** Returns HEALSIM_OK, HEALSIM_ERR_IO or HEALSIM_ERR_NOMEM. */
#define HEALSIM_OUTPUT_N_FILES 4
extern const char *const healsim_output_files[HEALSIM_OUTPUT_N_FILES];
int healsim_output_file(const healsim_run *run, const healsim_figure_config *figure, size_t index,
                        FILE *out);

/* Write all four files into dir, creating it (and its parents) if needed.
** Returns HEALSIM_OK, or HEALSIM_ERR_IO with *diag naming the path; then no
** file in dir was created or replaced. */
int healsim_output_write_dir(const healsim_run *run, const healsim_figure_config *figure, const char *dir,
                             healsim_diag *diag);

/* The same all-or-nothing mechanism for other writers (figures): write n
** files named names[i] in dir by calling write(i, stream, data) for each.
** A writer returns HEALSIM_OK or an error status (with *diag filled). */
typedef int (*healsim_output_writer)(size_t index, FILE *stream, void *data, healsim_diag *diag);
int healsim_output_atomic(const char *dir, const char *const *names, size_t n,
                          healsim_output_writer write, void *data, healsim_diag *diag);

/* Remove from dir the temporaries (".NAME.tmp-PID") that processes which no
** longer run left behind: a process killed outright cannot remove its own.
** Those of a running process, and every other file, are left alone.
** healsim_output_atomic does this before it writes; errors are ignored. */
void healsim_output_remove_stale(const char *dir);

/* Read a timeseries.csv written by healsim back into rows of
** HEALSIM_N_COLUMNS values (the layout of healsim_run_row).  On HEALSIM_OK
** *rows is a malloc'd array of *n_rows rows for the caller to free().  On
** error (HEALSIM_ERR_IO: cannot read; HEALSIM_ERR_INPUT: not healsim's
** format, with the line and column) *rows is NULL. */
int healsim_output_read_timeseries(const char *path, double **rows, size_t *n_rows,
                                   healsim_diag *diag);

/* The same from an open stream; path names it in diagnostics. */
int healsim_output_read_timeseries_stream(FILE *in, const char *path, double **rows,
                                          size_t *n_rows, healsim_diag *diag);

#ifdef __cplusplus
}
#endif
#endif
