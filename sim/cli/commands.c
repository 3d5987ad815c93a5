/*
** commands.c — the healsim command line: one table of commands, each with
** its function, help and the options that apply to it, and the dispatch
** from `healsim COMMAND ...` to it.  The only top-level options are
** --help and --version.  Nothing here exits: every status is returned.
*/
#include <stdio.h>
#include <string.h>

#include "healsim/output.h"
#include "healsim/run.h"

#include "cli.h"

#define FIGURES (CLI_OPT_FIGURES | CLI_OPT_OUTPUT | CLI_OPT_QUIET)
#define SIMULATES (CLI_OPT_SET | CLI_OPT_SOLVER)
#define BATCH (SIMULATES | FIGURES | CLI_OPT_JOBS | CLI_OPT_TABLE | CLI_OPT_SHARD | CLI_OPT_FORCE)
#define ONE_FILE "more than one parameter file given ('%s')"

static const cli_command commands[] = {
    { "run", cli_run,
      "  run [FILE]        simulate a parameter file or preset (default: the built-in\n"
      "                    default) and draw its figures\n",
      cli_run_help, SIMULATES | FIGURES | CLI_OPT_FIGURE_LIST, 1, ONE_FILE },
    { "plot", cli_plot, "  plot DIR          redraw the figures of an output folder without simulating\n",
      cli_plot_help, CLI_OPT_SET | FIGURES | CLI_OPT_FIGURE_LIST, 1, "more than one folder given ('%s')" },
    { "compare", cli_compare, "  compare [ARMS]    run treatment arms side by side: compare.csv and figures\n",
      cli_compare_help, SIMULATES | FIGURES | CLI_OPT_LABELS, HEALSIM_MAX_ARMS,
      "more than 8 arms (at '%s'); a comparison shows at most 8" },
    { "sweep", cli_sweep, "  sweep [FILE]      run a grid of varied parameters (--vary S.K=SPEC)\n", cli_sweep_help,
      BATCH | CLI_OPT_VARY | CLI_OPT_OUTCOME | CLI_OPT_TIMESERIES, 1, ONE_FILE },
    { "population", cli_population,
      "  population [FILE] run virtual patients with drawn parameters (--n, --seed)\n", cli_population_help,
      BATCH | CLI_OPT_VARY | CLI_OPT_PATIENTS, 1, ONE_FILE },
    { "sensitivity", cli_sensitivity,
      "  sensitivity [FILE] normalized sensitivity of an outcome to every parameter\n", cli_sensitivity_help,
      SIMULATES | FIGURES | CLI_OPT_JOBS | CLI_OPT_OUTCOME, 1, ONE_FILE },
    { "merge", cli_merge, "  merge SHARD...    join the outputs of sweep/population --shard I/N\n", cli_merge_help,
      CLI_OPT_OUTPUT | CLI_OPT_QUIET | CLI_OPT_PARTIAL, CLI_MAX_POSITIONAL, "too many shards (at '%s')" },
    { "params", cli_params, "  params [FILE]     list every parameter with value, unit, range and source\n",
      cli_params_help, CLI_OPT_SET | CLI_OPT_RESOLVED, 1, ONE_FILE },
    { "presets", cli_presets, "  presets           list the built-in presets with their titles\n",
      cli_presets_help, 0, 0, "presets takes no arguments ('%s')" },
    { "help", cli_help, "  help [COMMAND]    show help for a command\n", cli_help_help, 0, 1,
      "help takes one command ('%s')" },
    { NULL, NULL, NULL, NULL, 0, 0, NULL },
};

int cli_main(int argc, char **argv)
{
    if (argc < 2) {
        cli_print_main_help(commands, stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
        cli_print_main_help(commands, stdout);
        return 0;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("healsim %s\n", healsim_version());
        return 0;
    }
    for (const cli_command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c->run(c, commands, argc - 1, argv + 1);
    return cli_usage_error(NULL, "unknown command '%s'", name);
}
