/*
** cli.h — what the healsim command's source files share: how a problem is
** printed, the exit statuses, and the figure checks made before any work.
** Private to the command (sim/main.c, sim/cli_batch.c).
*/
#ifndef HEALSIM_CLI_H
#define HEALSIM_CLI_H

#include "healsim/figure.h"
#include "healsim/params.h"

#define EXIT_SIMULATION 1 /* a simulation failed */
#define EXIT_USAGE 2      /* bad input or usage, or an output that cannot be written */
#define EXIT_INTERRUPTED 130

/* Print "file:line:col: error: message" (as much as is known) to stderr. */
void cli_print_diag(const healsim_diag *d);

/* Print "healsim: error: ..." and the help hint; returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, const char *arg);

/* The figure functions (healsim_figures_open).  Returns the table, or
** prints why the figure code cannot be loaded and returns NULL. */
const healsim_figures *cli_figures_open(void);

/* The table cli_figures_open returned; NULL before it succeeded.  Every
** path that draws calls cli_check_figures (which opens it) first. */
const healsim_figures *cli_figures(void);

/* Can figures be drawn with p's [figure] settings (size, font)?  Loads the
** figure code first (cli_figures_load).  Prints
** what is wrong, naming where the font was set (path and overrides are
** those p was loaded from; made_by[i], if made_by is not NULL, names the
** option overrides[i] came from, NULL for --set).  Returns HEALSIM_OK or HEALSIM_ERR_INPUT. */
int cli_check_figures(const healsim_params *p, const char *path, const char *const *overrides,
                      size_t n_overrides, const char *const *made_by);

/* The batch commands (sim/cli_batch.c); each returns the exit status. */
int cli_sweep(int argc, char **argv);
int cli_population(int argc, char **argv);
int cli_sensitivity(int argc, char **argv);
int cli_merge(int argc, char **argv);

#endif
