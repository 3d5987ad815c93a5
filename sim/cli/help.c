/*
** help.c — healsim help [COMMAND], and `healsim --help`: the list of
** commands, drawn from the command table it is given.
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char cli_help_help[] =
    "Usage: healsim help [COMMAND]\n"
    "\n"
    "Show the help of COMMAND (the same as healsim COMMAND --help), or the list of\n"
    "commands.\n"
    "\n"
    "Documentation: " CLI_DOCS ".\n";

void cli_print_main_help(const cli_command *commands, FILE *out)
{
    fputs("healsim — simulate the four stages of tissue healing under repeated injections\n"
          "\n"
          "Usage: healsim COMMAND [OPTIONS]\n"
          "\n"
          "Commands:\n", out);
    for (const cli_command *c = commands; c->name; c++)
        fputs(c->summary, out);
    fputs("\n"
          "Options:\n"
          "  -h, --help        show this help\n"
          "  --version         show the version\n"
          "Every command takes --help; options take --opt=value or --opt value, short\n"
          "ones bundle (-qo DIR), and -- ends the options.\n"
          "\n"
          "Exit status: 0 success, 1 simulation failed, 2 bad input or usage.\n"
          "Documentation: " CLI_DOCS "; in the source, README.md and docs/MODEL.md.\n", out);
}

int cli_help(const cli_command *self, const cli_command *commands, int argc, char **argv)
{
    cli_options opt = { 0 };
    int rc = cli_parse(self, argc, argv, &opt);
    if (rc >= 0)
        return rc;
    if (opt.n_positional == 0) {
        cli_print_main_help(commands, stdout);
        return 0;
    }
    for (const cli_command *c = commands; c->name; c++)
        if (strcmp(c->name, opt.positional[0]) == 0) {
            fputs(c->help, stdout);
            return 0;
        }
    return cli_usage_error(NULL, "unknown command '%s'", opt.positional[0]);
}
