/*
** presets.c — healsim presets: the parameter sets built into healsim, by
** name, with their titles (run any of them with healsim run NAME).
*/
#include <stdio.h>

#include "healsim/presets.h"

#include "cli.h"

const char cli_presets_help[] =
    "Usage: healsim presets\n"
    "\n"
    "List the presets built into healsim, a line each: the name and the title.\n"
    "Any of them runs by name (healsim run ligament-prolotherapy) and can be built\n"
    "on (based_on = NAME in a parameter file).\n"
    "\n"
    "Documentation: " CLI_DOCS ".\n";

int cli_presets(const cli_command *self, const cli_command *commands, int argc, char **argv)
{
    (void)commands;
    cli_options opt = { 0 };
    int rc = cli_parse(self, argc, argv, &opt);
    if (rc >= 0)
        return rc;
    const size_t n = healsim_preset_count();
    for (size_t i = 0; i < n; i++)
        printf("%-30s %s\n", healsim_preset_name(i), healsim_preset_title(i));
    return fflush(stdout) != 0 ? cli_stdout_error() : 0;
}
