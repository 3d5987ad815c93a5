/*
** main.c — the healsim command.  Exit status: 0 success, 1 the simulation
** failed, 2 bad input or usage (commands.c and docs/ERRORS.md).  The one
** process-wide setting, GSL's error handler, is made here: the library
** reports every solver failure as a status instead of aborting.
*/
#include <gsl/gsl_errno.h>

#include "cli.h"

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    return cli_main(argc, argv);
}
