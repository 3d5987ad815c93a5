/*
** sensitivity.c — healsim sensitivity [FILE]: the normalized sensitivity
** of one outcome to every parameter (batch.c runs it; the coefficients
** and their ranking are the library's, healsim/batch.h).
*/
#include "cli.h"

const char cli_sensitivity_help[] =
    "Usage: healsim sensitivity [FILE] [--outcome NAME] [options]\n"
    "\n"
    "Local normalized sensitivities d ln(outcome) / d ln(parameter) of one outcome\n"
    "(default strength_gain_pct) to every positive rate and constant of the model,\n"
    "by central differences of +-1 % in each.  Writes DIR/sensitivity.csv and the\n"
    "tornado chart of the ten largest, DIR/sensitivity.png/.svg.\n"
    "\n"
    "Options: -o DIR (default sensitivity/; '-' prints the table on stdout, no chart),\n"
    "-j, --jobs, --set, --method, --rtol, --atol, -q and the figure options as for sweep.\n"
    "\n"
    "Exit status: 0 success, 1 some runs failed, 2 bad input; stopped by a signal:\n"
    "130 Ctrl-C, 143 SIGTERM (as Slurm sends), 129 SIGHUP.\n"
    "Documentation: " CLI_DOCS " (docs/BATCH.md).\n";

int cli_sensitivity(const cli_command *self, const cli_command *commands, int argc, char **argv)
{
    (void)commands;
    return cli_batch_command(self, HEALSIM_BATCH_SENSITIVITY, argc, argv);
}
