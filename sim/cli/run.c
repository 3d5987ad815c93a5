/*
** run.c — healsim run [FILE]: simulate one parameter set and write its
** folder (or its time series to stdout with -o -).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healsim/output.h"
#include "healsim/run.h"

#include "cli.h"

const char cli_run_help[] =
    "Usage: healsim run [FILE|PRESET] [-o DIR] [--set section.key=value]... [options]\n"
    "\n"
    "Simulate FILE, or a built-in preset by name (healsim presets lists them;\n"
    "default: the built-in default), and write into DIR (default: out/):\n"
    "  timeseries.csv        states, soreness, phase activities and dominant phase over time\n"
    "  phases.csv            onset, peak and end of each phase in each injury cycle\n"
    "  summary.json          outcome, per-injection peaks, version and resolved parameters\n"
    "  params.resolved.ini   exactly what was run\n"
    "  phases.png/.svg       the four stages over time, injections numbered on the axis\n"
    "  phases-log.png/.svg   the same on a log time axis, from one hour on\n"
    "  cells.png/.svg        cells and matrix, each as % of its own peak\n"
    "  outcome.png/.svg      tissue strength and soreness\n"
    "  overview.png/.svg     panels A-C on one slide, with title and caption\n"
    "  handout.pdf           every figure, a page each, and the changed parameters\n"
    "Files are written completely or not at all.\n"
    "\n"
    "Options (--opt=value and --opt value both work; -- ends the options):\n"
    "  -o, --output DIR      output folder; '-' writes timeseries.csv to stdout only\n"
    "  --set S.K=V           override one parameter (repeatable), e.g. --set schedule.interval=2\n"
    "  --method NAME         solver stepper (same as --set solver.method=NAME)\n"
    "  --rtol X, --atol X    solver tolerances\n"
    "  -q, --quiet           print nothing on success\n"
    "  -h, --help            show this help\n"
    "\n"
    CLI_FIGURE_OPTIONS_HELP
    "\n"
    "Exit status: 0 success, 1 simulation failed, 2 bad input or usage.\n"
    "Documentation: " CLI_DOCS ".\n";

int cli_run(const cli_command *self, const cli_command *commands, int argc, char **argv)
{
    (void)commands;
    cli_options opt = { 0 };
    int rc = cli_parse(self, argc, argv, &opt);
    if (rc >= 0)
        return rc;
    const char *file = opt.n_positional ? opt.positional[0] : NULL;
    const char *output = opt.output ? opt.output : "out";
    healsim_params params;
    healsim_figure_config figure;
    if (cli_load_params(file, &opt, &params, &figure))
        return EXIT_USAGE;
    const int to_stdout = strcmp(output, "-") == 0;
    const healsim_figures *figures = NULL;
    if (!to_stdout && figure.figures && !(figures = cli_check_figures(&figure, file, &opt)))
        return EXIT_USAGE;
    healsim_run *run = NULL;
    healsim_diag diag = { 0 };
    int status = healsim_simulate(&params, 0, &run, &diag);
    if (status) {
        if (status == HEALSIM_ERR_SOLVER)
            fprintf(stderr, "healsim: error: %s (parameters: %s)\n", diag.message, file ? file : "built-in default");
        else
            cli_print_diag(&diag);
        return cli_exit_for(status);
    }
    if (to_stdout) {
        status = healsim_output_timeseries_csv(run, stdout);
        if (status == HEALSIM_OK && fflush(stdout) != 0)
            status = HEALSIM_ERR_IO;
        healsim_run_free(run);
        return status ? cli_stdout_error() : 0;
    }
    /* The figures draw the rows as timeseries.csv writes them: the run's
    ** figures and those `healsim plot` draws from the folder are the same
    ** bytes. */
    double *rows = NULL;
    size_t n_rows = 0;
    if (figures && healsim_output_timeseries_rows(run, &rows, &n_rows) != HEALSIM_OK) {
        fprintf(stderr, "healsim: error: out of memory\n");
        healsim_run_free(run);
        return EXIT_USAGE;
    }
    cli_folder *job = cli_folder_alloc(run, &params, &figure, figures, rows, n_rows);
    status = job ? cli_folder_write(job, output) : HEALSIM_ERR_NOMEM;
    if (!status && !opt.quiet) {
        const healsim_summary *s = healsim_run_summary(run);
        printf("%s: %zu injection%s over %g days; strength %.1f%% -> %.1f%% of healthy\n",
               params.title[0] ? params.title : "healsim", s->n_injections, s->n_injections == 1 ? "" : "s",
               params.span_days, s->strength_initial_pct, s->strength_end_pct);
        cli_folder_print(job, output);
    }
    cli_folder_free(job);
    free(rows);
    healsim_run_free(run);
    return status ? EXIT_USAGE : 0;
}
