/*
** plot.c — healsim plot DIR: redraw the figures of a run's output folder
** from its timeseries.csv and params.resolved.ini, without simulating.
** The rows read back are the doubles `healsim run` drew, so the figures
** are the same bytes.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "healsim/output.h"

#include "cli.h"

const char cli_plot_help[] =
    "Usage: healsim plot DIR [-o OUTDIR] [figure options] [--set figure.key=value]...\n"
    "\n"
    "Redraw the figures of an output folder of `healsim run` from its\n"
    "timeseries.csv and params.resolved.ini, without simulating again.  The\n"
    "figures go into DIR, or OUTDIR if given.  Only figure.* keys can be changed\n"
    "here; to change the model, run again.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR      where the figures go (default: DIR itself)\n"
    "  --set figure.K=V      override one figure setting (repeatable)\n"
    "  -q, --quiet           print nothing on success\n"
    "  -h, --help            show this help\n"
    "\n"
    CLI_FIGURE_OPTIONS_HELP
    "\n"
    "Exit status: 0 success, 2 bad input or usage.\n"
    "Documentation: " CLI_DOCS ".\n";

int cli_plot(const cli_command *self, const cli_command *commands, int argc, char **argv)
{
    (void)commands;
    cli_options opt = { 0 };
    int rc = cli_parse(self, argc, argv, &opt);
    if (rc >= 0)
        return rc;
    for (size_t i = 0; i < opt.n_overrides; i++)
        if (!opt.made_by[i] && strncmp(opt.overrides[i], "figure.", 7) != 0)
            return cli_usage_error(self->name, "plot redraws existing results: only figure.* can be set "
                                   "('%s'); to change the model, use healsim run", opt.overrides[i]);
    if (!opt.n_positional)
        return cli_usage_error(self->name, "plot needs the output folder of a run, e.g. healsim plot out%s", "");
    const char *dir = opt.positional[0];
    const char *output = opt.output ? opt.output : dir;
    char params_path[4096], csv_path[4096];
    snprintf(params_path, sizeof params_path, "%s/params.resolved.ini", dir);
    snprintf(csv_path, sizeof csv_path, "%s/timeseries.csv", dir);
    const char *missing = access(params_path, F_OK) != 0 ? "params.resolved.ini"
                          : access(csv_path, F_OK) != 0  ? "timeseries.csv"
                                                         : NULL;
    if (missing) {
        fprintf(stderr, "%s: error: not an output folder of healsim run (no %s in it)\n", dir, missing);
        return EXIT_USAGE;
    }
    healsim_params params;
    healsim_figure_config figure;
    if (cli_load_params(params_path, &opt, &params, &figure))
        return EXIT_USAGE;
    if (!figure.figures) {
        if (!opt.quiet)
            printf("no figures asked for (figure.figures = none)\n");
        return 0;
    }
    const healsim_figures *figures = cli_check_figures(&figure, params_path, &opt);
    if (!figures)
        return EXIT_USAGE;
    double *rows = NULL;
    size_t n_rows = 0;
    healsim_diag diag = { 0 };
    int status = healsim_output_read_timeseries(csv_path, &rows, &n_rows, &diag);
    if (status) {
        cli_print_diag(&diag);
        return EXIT_USAGE;
    }
    cli_folder *job = cli_folder_alloc(NULL, &params, &figure, figures, rows, n_rows);
    status = job ? cli_folder_write(job, output) : HEALSIM_ERR_NOMEM;
    if (!status && !opt.quiet)
        cli_folder_print(job, output);
    cli_folder_free(job);
    free(rows);
    return status ? EXIT_USAGE : 0;
}
