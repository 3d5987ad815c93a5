/*
** params.c — healsim params [FILE]: the table of every parameter with its
** value, unit, range and source, or the resolved parameter file.
*/
#include <stdio.h>

#include "cli.h"

const char cli_params_help[] =
    "Usage: healsim params [FILE|PRESET] [--set section.key=value]... [--resolved | --markdown]\n"
    "\n"
    "Without --resolved: a table of every parameter with its value, unit, allowed\n"
    "range and source.  With --resolved: the fully resolved parameter file\n"
    "(built-in default + FILE and what it builds on + overrides) on stdout, which\n"
    "`healsim run` reproduces exactly.\n"
    "\n"
    "Options:\n"
    "  --set S.K=V           override one parameter (repeatable)\n"
    "  --resolved            print the resolved INI file instead of the table\n"
    "  --markdown            print the table in Markdown (docs/MODEL.md, docs/FIGURES.md)\n"
    "  -h, --help            show this help\n"
    "\n"
    "Documentation: " CLI_DOCS ".\n";

int cli_params(const cli_command *self, const cli_command *commands, int argc, char **argv)
{
    (void)commands;
    cli_options opt = { 0 };
    int rc = cli_parse(self, argc, argv, &opt);
    if (rc >= 0)
        return rc;
    healsim_params params;
    healsim_figure_config figure;
    healsim_diag diag = { 0 };
    int status = healsim_params_load(opt.n_positional ? opt.positional[0] : NULL, opt.overrides,
                                     opt.n_overrides, &params, &figure, &diag);
    if (status) {
        cli_name_option(&opt, &diag);
        cli_print_diag(&diag);
        return EXIT_USAGE;
    }
    status = opt.resolved ? healsim_params_write(&params, &figure, stdout)
                          : healsim_params_describe(&params, &figure, opt.markdown, stdout);
    if (status || fflush(stdout) != 0)
        return cli_stdout_error();
    return 0;
}
