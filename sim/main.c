/*
** main.c — the healsim command: a thin layer over the library.
**
** It parses the command line, loads parameters, runs, writes, and decides
** what the user sees and the exit status:
**   0  success
**   1  the simulation failed (solver failure, step limit)
**   2  bad input or usage: parameter file, option, or an output that
**      cannot be written
** Diagnostics go to stderr as "file:line:col: error: message" so editors can
** jump to them.  This is the only place that touches process-wide state
** (GSL's error handler).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "healsim/output.h"
#include "healsim/params.h"
#include "healsim/run.h"

#define EXIT_SIMULATION 1
#define EXIT_USAGE 2
#define MAX_OVERRIDES 256

static const char *program = "healsim";

static void print_diag(const healsim_diag *d)
{
    if (d->line > 0 && d->column > 0)
        fprintf(stderr, "%s:%d:%d: error: %s\n", d->file, d->line, d->column, d->message);
    else if (d->line > 0)
        fprintf(stderr, "%s:%d: error: %s\n", d->file, d->line, d->message);
    else if (d->file[0])
        fprintf(stderr, "%s: error: %s\n", d->file, d->message);
    else
        fprintf(stderr, "%s: error: %s\n", program, d->message);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: error: ", program);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '%s --help'.\n", program);
    return EXIT_USAGE;
}

static int exit_for(int status)
{
    return status == HEALSIM_ERR_SOLVER ? EXIT_SIMULATION : EXIT_USAGE;
}

static const char main_help[] =
    "healsim — simulate the four stages of tissue healing under repeated injections\n"
    "\n"
    "Usage: healsim COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  run [FILE]        simulate a parameter file (default: the built-in default)\n"
    "  params [FILE]     list every parameter with value, unit, range and source\n"
    "  help [COMMAND]    show help for a command\n"
    "\n"
    "Options:\n"
    "  -h, --help        show this help\n"
    "  --version         show the version\n"
    "\n"
    "Exit status: 0 success, 1 simulation failed, 2 bad input or usage.\n"
    "Documentation: README.md and docs/MODEL.md.\n";

static const char run_help[] =
    "Usage: healsim run [FILE] [-o DIR] [--set section.key=value]... [options]\n"
    "\n"
    "Simulate FILE (default: the built-in default, params/default.ini) and write\n"
    "into DIR (default: out/):\n"
    "  timeseries.csv        states, soreness, phase activities and dominant phase over time\n"
    "  phases.csv            onset, peak and end of each phase in each injury cycle\n"
    "  summary.json          outcome, per-injection peaks, version and resolved parameters\n"
    "  params.resolved.ini   exactly what was run\n"
    "Files are written completely or not at all.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR      output folder; '-' writes timeseries.csv to stdout only\n"
    "  --set S.K=V           override one parameter (repeatable), e.g. --set schedule.interval=2\n"
    "  --method NAME         solver stepper (same as --set solver.method=NAME)\n"
    "  --rtol X, --atol X    solver tolerances\n"
    "  -q, --quiet           print nothing on success\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 success, 1 simulation failed, 2 bad input or usage.\n";

static const char params_help[] =
    "Usage: healsim params [FILE] [--set section.key=value]... [--resolved]\n"
    "\n"
    "Without --resolved: a table of every parameter with its value, unit, allowed\n"
    "range and source.  With --resolved: the fully resolved parameter file\n"
    "(built-in default + FILE and what it builds on + overrides) on stdout, which\n"
    "`healsim run` reproduces exactly.\n"
    "\n"
    "Options:\n"
    "  --set S.K=V           override one parameter (repeatable)\n"
    "  --resolved            print the resolved INI file instead of the table\n"
    "  -h, --help            show this help\n";

typedef struct options {
    const char *file;
    const char *output;
    const char *overrides[MAX_OVERRIDES];
    char owned[3][128]; /* --method/--rtol/--atol turned into overrides */
    size_t n_overrides;
    int quiet;
    int resolved;
} options;

/* Parse the options shared by the commands.  Returns -1 on success, else an
** exit status (help printed: 0; usage error: 2). */
static int parse_options(int argc, char **argv, options *opt, const char *help, int is_run)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *value = NULL;
#define NEED_VALUE()                                                          \
    do {                                                                      \
        if (i + 1 >= argc)                                                    \
            return usage_error("option '%s' needs a value", a);               \
        value = argv[++i];                                                    \
    } while (0)
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help, stdout);
            return 0;
        } else if (strcmp(a, "--set") == 0 || strncmp(a, "--set=", 6) == 0) {
            if (a[5] == '=')
                value = a + 6;
            else
                NEED_VALUE();
            if (opt->n_overrides >= MAX_OVERRIDES)
                return usage_error("more than 256 --set options%s", "");
            opt->overrides[opt->n_overrides++] = value;
        } else if (is_run && (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)) {
            NEED_VALUE();
            if (value[0] == '\0')
                return usage_error("option '%s' needs a folder name (or '-' for stdout)", a);
            opt->output = value;
        } else if (is_run && (strcmp(a, "--method") == 0 || strcmp(a, "--rtol") == 0
                              || strcmp(a, "--atol") == 0)) {
            NEED_VALUE();
            int slot = a[2] == 'm' ? 0 : a[2] == 'r' ? 1 : 2;
            int len = snprintf(opt->owned[slot], sizeof opt->owned[slot], "solver.%s=%s", a + 2, value);
            if (len < 0 || (size_t)len >= sizeof opt->owned[slot])
                return usage_error("value of '%s' is too long", a);
            if (opt->n_overrides >= MAX_OVERRIDES)
                return usage_error("too many overrides%s", "");
            opt->overrides[opt->n_overrides++] = opt->owned[slot];
        } else if (is_run && (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)) {
            opt->quiet = 1;
        } else if (!is_run && strcmp(a, "--resolved") == 0) {
            opt->resolved = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error("unknown option '%s'", a);
        } else if (!opt->file) {
            opt->file = a;
        } else {
            return usage_error("more than one parameter file given ('%s')", a);
        }
#undef NEED_VALUE
    }
    return -1;
}

static int command_params(int argc, char **argv)
{
    options opt = { 0 };
    int rc = parse_options(argc, argv, &opt, params_help, 0);
    if (rc >= 0)
        return rc;
    healsim_params params;
    healsim_diag diag;
    int status = healsim_params_load(opt.file, opt.overrides, opt.n_overrides, &params, &diag);
    if (status) {
        print_diag(&diag);
        return EXIT_USAGE;
    }
    status = opt.resolved ? healsim_params_write(&params, stdout)
                          : healsim_params_describe(&params, stdout);
    if (status || fflush(stdout) != 0) {
        fprintf(stderr, "%s: error: cannot write to standard output: %s\n", program, strerror(errno));
        return EXIT_USAGE;
    }
    return 0;
}

static int command_run(int argc, char **argv)
{
    options opt = { 0 };
    opt.output = "out";
    int rc = parse_options(argc, argv, &opt, run_help, 1);
    if (rc >= 0)
        return rc;
    healsim_params params;
    healsim_diag diag;
    int status = healsim_params_load(opt.file, opt.overrides, opt.n_overrides, &params, &diag);
    if (status) {
        print_diag(&diag);
        return EXIT_USAGE;
    }
    healsim_run *run = NULL;
    status = healsim_run_alloc(&params, 0, &run, &diag);
    if (status) {
        if (status == HEALSIM_ERR_SOLVER) {
            fprintf(stderr, "%s: error: %s (parameters: %s)\n", program, diag.message,
                    opt.file ? opt.file : "built-in default");
        } else {
            print_diag(&diag);
        }
        return exit_for(status);
    }
    if (strcmp(opt.output, "-") == 0) {
        status = healsim_output_timeseries_csv(run, stdout);
        if (status == HEALSIM_OK && fflush(stdout) != 0)
            status = HEALSIM_ERR_IO;
        healsim_run_free(run);
        if (status) {
            fprintf(stderr, "%s: error: cannot write to standard output: %s\n", program, strerror(errno));
            return EXIT_USAGE;
        }
        return 0;
    }
    status = healsim_output_write_dir(run, opt.output, &diag);
    if (status) {
        print_diag(&diag);
        healsim_run_free(run);
        return EXIT_USAGE;
    }
    if (!opt.quiet) {
        const healsim_summary *s = healsim_run_summary(run);
        printf("%s: %zu injection%s over %g days; strength %.1f%% -> %.1f%% of healthy\n",
               params.title[0] ? params.title : "healsim", s->n_injections,
               s->n_injections == 1 ? "" : "s", params.span_days, s->strength_initial_pct,
               s->strength_end_pct);
        printf("wrote %s/timeseries.csv, phases.csv, summary.json, params.resolved.ini\n", opt.output);
    }
    healsim_run_free(run);
    return 0;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        fputs(main_help, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        fputs(main_help, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("healsim %s\n", healsim_version());
        return 0;
    }
    if (strcmp(cmd, "help") == 0) {
        const char *topic = argc > 2 ? argv[2] : "";
        fputs(strcmp(topic, "run") == 0 ? run_help
              : strcmp(topic, "params") == 0 ? params_help : main_help, stdout);
        return 0;
    }
    if (strcmp(cmd, "run") == 0)
        return command_run(argc - 2, argv + 2);
    if (strcmp(cmd, "params") == 0)
        return command_params(argc - 2, argv + 2);
    return usage_error("unknown command '%s'", cmd);
}
