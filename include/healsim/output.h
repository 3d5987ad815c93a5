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

/* Write all four files into dir, creating it (and its parents) if needed,
** as one transaction (below).  Returns HEALSIM_OK, or HEALSIM_ERR_IO with
** *diag naming the path; then dir is as it was. */
int healsim_output_write_dir(const healsim_run *run, const healsim_figure_config *figure, const char *dir,
                             healsim_diag *diag);

/* An output folder is one transaction: everything a command writes goes
** into a staging folder beside the target, which then replaces the target
** in one step (a reader sees the old set or the new set, never a mix,
** whatever fails or is killed when; of two commands writing one folder at
** once, one wins whole).  The target must be new, empty, or hold only what
** healsim writes, and cannot be the current folder or one holding it.
**
**   healsim_output_begin   make the staging folder (and the target's parents);
**                          removes the staging folders dead processes left
**   healsim_output_put     write staging/name with write(index, stream, data)
**   healsim_output_carry   keep the target's file `name` in the new set
**   healsim_output_staging the staging folder, to write other files into
**   healsim_output_commit  put the new set in place (frees the transaction)
**   healsim_output_abort   drop it, the target untouched (NULL: no-op)
**
** Each returns HEALSIM_OK, or HEALSIM_ERR_IO (ERR_NOMEM) with *diag naming
** the path and the reason; after a failed commit the target is the old set. */
typedef int (*healsim_output_writer)(size_t index, FILE *stream, void *data, healsim_diag *diag);
typedef struct healsim_output_txn healsim_output_txn;
int healsim_output_begin(const char *dir, healsim_output_txn **out, healsim_diag *diag);
int healsim_output_put(healsim_output_txn *txn, const char *name, healsim_output_writer write, size_t index,
                       void *data, healsim_diag *diag);
int healsim_output_carry(healsim_output_txn *txn, const char *name, healsim_diag *diag);
const char *healsim_output_staging(const healsim_output_txn *txn);
int healsim_output_commit(healsim_output_txn *txn, healsim_diag *diag);
void healsim_output_abort(healsim_output_txn *txn);

/* A whole folder of n files in one transaction: names[i] written by
** write(i, stream, data). */
int healsim_output_atomic(const char *dir, const char *const *names, size_t n,
                          healsim_output_writer write, void *data, healsim_diag *diag);

/* Remove from dir the temporaries (".NAME.tmp-PID") that processes which no
** longer run left behind (earlier healsim versions wrote them).  Those of a
** running process, and every other file, are left alone. */
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
