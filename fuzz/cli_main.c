/*
** cli_main.c — the command line in-process, as healsim_main(), so that
** fuzz_cli.c (and the regression replay test) can call it as many times as
** it likes: cli_main (sim/cli/commands.c) returns every status it decides
** and never calls exit().  These programs link the figure library itself,
** so its table is registered instead of opening the figure module
** (healsim_figures_register).
*/
#include "healsim/figure.h"

#include "cli.h"

int healsim_main(int argc, char **argv);

int healsim_main(int argc, char **argv)
{
    healsim_figures_register(&healsim_figures_module);
    return cli_main(argc, argv);
}
