/*
** diag.c — how the command line tells the user what went wrong, and the
** loading of parameters that every simulating command shares.  The
** library words a problem (file, line, column, message); this file only
** prints it and chooses the exit status.
*/
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_print_diag(const healsim_diag *d)
{
    if (d->line > 0 && d->column > 0)
        fprintf(stderr, "%s:%d:%d: error: %s\n", d->file, d->line, d->column, d->message);
    else if (d->line > 0)
        fprintf(stderr, "%s:%d: error: %s\n", d->file, d->line, d->message);
    else if (d->file[0])
        fprintf(stderr, "%s: error: %s\n", d->file, d->message);
    else
        fprintf(stderr, "healsim: error: %s\n", d->message);
}

int cli_usage_error(const char *command, const char *fmt, const char *arg)
{
    fputs("healsim: error: ", stderr);
    fprintf(stderr, fmt, arg);
    if (command)
        fprintf(stderr, "\nTry 'healsim %s --help'.\n", command);
    else
        fputs("\nTry 'healsim --help'.\n", stderr);
    return EXIT_USAGE;
}

int cli_stdout_error(void)
{
    fprintf(stderr, "healsim: error: cannot write to standard output: %s\n", strerror(errno));
    return EXIT_USAGE;
}

int cli_exit_for(int status) { return status == HEALSIM_ERR_SOLVER ? EXIT_SIMULATION : EXIT_USAGE; }

void cli_name_option(const cli_options *o, healsim_diag *d)
{
    if (d->override > 0 && (size_t)d->override <= o->n_overrides && o->made_by[d->override - 1])
        snprintf(d->file, sizeof d->file, "%s", o->made_by[d->override - 1]);
}

int cli_apply_size(healsim_params *p, healsim_figure_config *figure, const cli_options *o, healsim_diag *diag)
{
    const char *values[2] = { o->width, o->height };
    const char *names[2] = { "figure.width", "figure.height" };
    for (int i = 0; i < 2; i++) {
        if (!values[i])
            continue;
        char *end;
        double v = strtod(values[i], &end);
        double per = 1.0; /* pixels per given unit */
        if (strcmp(end, "pt") == 0)
            per = figure->dpi / 72.0;
        else if (strcmp(end, "in") == 0)
            per = figure->dpi;
        else if (end[0] != '\0' && strcmp(end, "px") != 0)
            v = NAN;
        char text[64];
        if (end == values[i] || !isfinite(v)) {
            snprintf(diag->file, sizeof diag->file, "--%s", names[i] + 7);
            diag->line = diag->column = 0;
            snprintf(diag->message, sizeof diag->message,
                     "'%s' is not a size: give pixels (1600), points (720pt) or inches (8in)", values[i]);
            return HEALSIM_ERR_INPUT;
        }
        /* %.17g: a whole number of pixels exactly, however large (the range check
        ** then names the value given, not the first 63 digits of it) */
        snprintf(text, sizeof text, "%.17g", round(v * per));
        int status = healsim_params_set(p, figure, names[i], text, diag);
        if (status)
            return status;
    }
    return o->width || o->height ? healsim_figure_config_check(figure, diag) : HEALSIM_OK;
}

int cli_load_params(const char *path, const cli_options *o, healsim_params *params,
                    healsim_figure_config *figure)
{
    healsim_diag diag = { 0 };
    int status = healsim_params_load(path, o->overrides, o->n_overrides, params, figure, &diag);
    if (status)
        cli_name_option(o, &diag);
    else
        status = cli_apply_size(params, figure, o, &diag);
    if (status)
        cli_print_diag(&diag);
    return status;
}
