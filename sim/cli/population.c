/*
** population.c — healsim population [FILE]: virtual patients with drawn
** parameters (batch.c does the work).
*/
#include "cli.h"

const char cli_population_help[] =
    "Usage: healsim population [FILE] [--n N] [--seed S] [--vary S.K=DIST]... [options]\n"
    "\n"
    "Simulate N virtual patients (default 1000) whose parameters are drawn from\n"
    "distributions: lognormal:cv=X (median: the file's value), normal:MEAN:SD or\n"
    "uniform:A:B, truncated to each parameter's valid range.  Without --vary, the\n"
    "parameters that differ most between people vary (docs/BATCH.md).  Writes\n"
    "DIR/population.csv (one row per patient: drawn values, outcomes, strength every\n"
    "two weeks) and the population figure: median strength with 50 % and 90 % bands.\n"
    "The same seed gives the same patients.\n"
    "\n"
    "Options: -o DIR (default population/), --table, -j, --jobs, --shard, --force,\n"
    "--set, --method, --rtol, --atol, -q and the figure options as for sweep.\n"
    "\n"
    "Exit status: 0 all runs ok, 1 some runs failed, 2 bad input; stopped by a signal:\n"
    "130 Ctrl-C, 143 SIGTERM (as Slurm sends), 129 SIGHUP.\n"
    "Documentation: " CLI_DOCS " (docs/BATCH.md).\n";

int cli_population(const cli_command *self, const cli_command *commands, int argc, char **argv)
{
    (void)commands;
    return cli_batch_command(self, HEALSIM_BATCH_POPULATION, argc, argv);
}
