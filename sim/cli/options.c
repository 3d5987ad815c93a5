/*
** options.c — the one option parser of every healsim command, on
** getopt_long: `--opt=value` and `--opt value`, bundled short options
** (`-qo DIR`), `--` ending the options, operands anywhere.  One table
** lists every option with the commands it applies to (a CLI_OPT_* bit);
** an option a command does not take is an error, never ignored.  Options
** that are short for a parameter (--method, --format, ...) become
** overrides, remembered with the option's name so that a bad value is
** reported under it.
*/
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum option_id {
    OPT_HELP = 'h', OPT_OUTPUT = 'o', OPT_QUIET = 'q', OPT_JOBS = 'j',
    OPT_SET = 256, OPT_METHOD, OPT_RTOL, OPT_ATOL, OPT_FIGURES, OPT_NO_FIGURES, OPT_FORMAT, OPT_WIDTH,
    OPT_HEIGHT, OPT_DPI, OPT_SIZE, OPT_THEME, OPT_FONT, OPT_LABELS, OPT_RESOLVED, OPT_MARKDOWN, OPT_VARY,
    OPT_TABLE, OPT_SHARD, OPT_FORCE, OPT_N, OPT_SEED, OPT_OUTCOME, OPT_TIMESERIES, OPT_ALLOW_PARTIAL
};

/* Every option: getopt's entry, the commands it applies to, and for an
** option short for --set the parameter it sets. */
static const struct {
    struct option getopt;
    unsigned applies;
    const char *parameter;
} table[] = {
    { { "help", no_argument, NULL, OPT_HELP }, ~0u, NULL },
    { { "output", required_argument, NULL, OPT_OUTPUT }, CLI_OPT_OUTPUT, NULL },
    { { "quiet", no_argument, NULL, OPT_QUIET }, CLI_OPT_QUIET, NULL },
    { { "jobs", required_argument, NULL, OPT_JOBS }, CLI_OPT_JOBS, NULL },
    { { "set", required_argument, NULL, OPT_SET }, CLI_OPT_SET, NULL },
    { { "method", required_argument, NULL, OPT_METHOD }, CLI_OPT_SOLVER, "solver.method" },
    { { "rtol", required_argument, NULL, OPT_RTOL }, CLI_OPT_SOLVER, "solver.rtol" },
    { { "atol", required_argument, NULL, OPT_ATOL }, CLI_OPT_SOLVER, "solver.atol" },
    { { "figures", required_argument, NULL, OPT_FIGURES }, CLI_OPT_FIGURE_LIST, "figure.figures" },
    { { "no-figures", no_argument, NULL, OPT_NO_FIGURES }, CLI_OPT_FIGURES, NULL },
    { { "format", required_argument, NULL, OPT_FORMAT }, CLI_OPT_FIGURES, "figure.formats" },
    { { "width", required_argument, NULL, OPT_WIDTH }, CLI_OPT_FIGURES, NULL },
    { { "height", required_argument, NULL, OPT_HEIGHT }, CLI_OPT_FIGURES, NULL },
    { { "dpi", required_argument, NULL, OPT_DPI }, CLI_OPT_FIGURES, "figure.dpi" },
    { { "size", required_argument, NULL, OPT_SIZE }, CLI_OPT_FIGURES, "figure.size" },
    { { "theme", required_argument, NULL, OPT_THEME }, CLI_OPT_FIGURES, "figure.theme" },
    { { "font", required_argument, NULL, OPT_FONT }, CLI_OPT_FIGURES, "figure.font" },
    { { "labels", required_argument, NULL, OPT_LABELS }, CLI_OPT_LABELS, NULL },
    { { "resolved", no_argument, NULL, OPT_RESOLVED }, CLI_OPT_RESOLVED, NULL },
    { { "markdown", no_argument, NULL, OPT_MARKDOWN }, CLI_OPT_RESOLVED, NULL },
    { { "vary", required_argument, NULL, OPT_VARY }, CLI_OPT_VARY, NULL },
    { { "table", required_argument, NULL, OPT_TABLE }, CLI_OPT_TABLE, NULL },
    { { "shard", required_argument, NULL, OPT_SHARD }, CLI_OPT_SHARD, NULL },
    { { "force", no_argument, NULL, OPT_FORCE }, CLI_OPT_FORCE, NULL },
    { { "n", required_argument, NULL, OPT_N }, CLI_OPT_PATIENTS, NULL },
    { { "seed", required_argument, NULL, OPT_SEED }, CLI_OPT_PATIENTS, NULL },
    { { "outcome", required_argument, NULL, OPT_OUTCOME }, CLI_OPT_OUTCOME, NULL },
    { { "timeseries", no_argument, NULL, OPT_TIMESERIES }, CLI_OPT_TIMESERIES, NULL },
    { { "allow-partial", no_argument, NULL, OPT_ALLOW_PARTIAL }, CLI_OPT_PARTIAL, NULL },
};
#define N_OPTIONS (sizeof table / sizeof table[0])

/* Short options: the letters of help, output, quiet, jobs.  The leading
** '-' hands operands over in order wherever they are (as 1), whatever
** POSIXLY_CORRECT says; the ':' makes a missing value ':' rather than '?'. */
static const char short_options[] = "-:ho:qj:";

/* Keep an operand; returns -1 or EXIT_USAGE. */
static int operand(const cli_command *cmd, cli_options *o, const char *word)
{
    if (o->n_positional >= cmd->max_positional || o->n_positional >= CLI_MAX_POSITIONAL)
        return cli_usage_error(cmd->name, cmd->too_many, word);
    o->positional[o->n_positional++] = word;
    return -1;
}

static int find(int id)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (table[i].getopt.val == id)
            return (int)i;
    return -1;
}

/* The option as the user spelt it, for messages: "--set" or "-o". */
static const char *spelling(int id, int long_form, char *buf, size_t size)
{
    int i = find(id);
    if (long_form || id >= 256 || i < 0)
        snprintf(buf, size, "--%s", i >= 0 ? table[i].getopt.name : "?");
    else
        snprintf(buf, size, "-%c", id);
    return buf;
}

/* Turn an option into the override "name=value". */
static int add_owned(const cli_command *cmd, cli_options *o, const char *option, const char *name,
                     const char *value)
{
    if (o->n_owned >= CLI_MAX_OWNED || o->n_overrides >= CLI_MAX_OVERRIDES)
        return cli_usage_error(cmd->name, "too many options (at '%s')", option);
    char *slot = o->owned[o->n_owned];
    int len = snprintf(slot, sizeof o->owned[0], "%s=%s", name, value);
    if (len < 0 || (size_t)len >= sizeof o->owned[0])
        return cli_usage_error(cmd->name, "value of '%s' is too long", option);
    snprintf(o->owned_by[o->n_owned], sizeof o->owned_by[0], "%s", option);
    o->made_by[o->n_overrides] = o->owned_by[o->n_owned];
    o->n_owned++;
    o->overrides[o->n_overrides++] = slot;
    return -1;
}

/* One option with its value; returns -1 to go on or an exit status. */
static int take(const cli_command *cmd, cli_options *o, int id, const char *option, const char *value)
{
    const char *const c = cmd->name;
    char *end;
    switch (id) {
    case OPT_HELP:
        fputs(cmd->help, stdout);
        return 0;
    case OPT_OUTPUT:
        if (value[0] == '\0')
            return cli_usage_error(c, "option '%s' needs a folder name (or '-' for stdout)", option);
        o->output = value;
        return -1;
    case OPT_QUIET: o->quiet = 1; return -1;
    case OPT_RESOLVED: o->resolved = 1; return -1;
    case OPT_MARKDOWN: o->markdown = 1; return -1;
    case OPT_FORCE: o->force = 1; return -1;
    case OPT_TIMESERIES: o->timeseries = 1; return -1;
    case OPT_ALLOW_PARTIAL: o->allow_partial = 1; return -1;
    case OPT_LABELS: o->labels = value; return -1;
    case OPT_OUTCOME: o->outcome = value; return -1;
    case OPT_WIDTH: o->width = value; return -1;
    case OPT_HEIGHT: o->height = value; return -1;
    case OPT_SET:
        if (o->n_overrides >= CLI_MAX_OVERRIDES)
            return cli_usage_error(c, "more than 256 --set options%s", "");
        o->made_by[o->n_overrides] = NULL;
        o->overrides[o->n_overrides++] = value;
        return -1;
    case OPT_NO_FIGURES:
        o->no_figures = 1;
        /* a run's figures are a parameter; the other commands only skip theirs */
        return cmd->options & CLI_OPT_FIGURE_LIST ? add_owned(cmd, o, "--no-figures", "figure.figures", "none")
                                                  : -1;
    case OPT_FIGURES:
        o->no_figures = strcmp(value, "none") == 0;
        return add_owned(cmd, o, "--figures", "figure.figures", value);
    case OPT_VARY:
        if (o->n_vary == HEALSIM_MAX_VARY)
            return cli_usage_error(c, "more than 8 --vary options (at '%s')", value);
        o->vary[o->n_vary++] = value;
        return -1;
    case OPT_TABLE:
        if (strcmp(value, "csv") == 0)
            o->table = HEALSIM_BATCH_CSV;
        else if (strcmp(value, "json") == 0)
            o->table = HEALSIM_BATCH_JSONL;
        else
            return cli_usage_error(c, "--table takes csv or json, not '%s'", value);
        return -1;
    case OPT_JOBS: {
        long n = strtol(value, &end, 10);
        if (*end || end == value || n < 1 || n > 256)
            return cli_usage_error(c, "--jobs takes a number from 1 to 256, not '%s'", value);
        o->jobs = (unsigned)n;
        return -1;
    }
    case OPT_SHARD: {
        unsigned long si, sn;
        char extra;
        if (sscanf(value, "%lu/%lu%c", &si, &sn, &extra) != 2 || sn < 1 || si < 1 || si > sn)
            return cli_usage_error(c, "--shard takes I/N with 1 <= I <= N (e.g. 3/8), not '%s'", value);
        o->shard = si;
        o->n_shards = sn;
        return -1;
    }
    case OPT_N: {
        double n = strtod(value, &end);
        if (*end || end == value || !(n >= 1) || n != floor(n) || n > (double)HEALSIM_BATCH_MAX_RUNS)
            return cli_usage_error(c, "--n takes a whole number of patients from 1, not '%s'", value);
        o->n_patients = (size_t)n;
        return -1;
    }
    case OPT_SEED: {
        errno = 0;
        unsigned long s = strtoul(value, &end, 10);
        if (*end || end == value || errno || value[0] == '-')
            return cli_usage_error(c, "--seed takes a whole number from 0, not '%s'", value);
        o->seed = s;
        o->seed_given = 1;
        return -1;
    }
    default: {
        int i = find(id);
        return add_owned(cmd, o, option, table[i].parameter, value);
    }
    }
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_options *o)
{
    struct option longs[N_OPTIONS + 1];
    for (size_t i = 0; i < N_OPTIONS; i++)
        longs[i] = table[i].getopt;
    memset(&longs[N_OPTIONS], 0, sizeof longs[N_OPTIONS]);
    optind = 0; /* glibc: start afresh (the command line may be parsed more than once a process) */
    opterr = 0;
    for (;;) {
        int index = -1;
        int id = getopt_long(argc, argv, short_options, longs, &index);
        if (id == -1)
            break;
        char option[64];
        if (id == 1) {
            int rc = operand(cmd, o, optarg);
            if (rc >= 0)
                return rc;
            continue;
        }
        if (id == '?') {
            if (optopt)
                snprintf(option, sizeof option, "-%c", optopt);
            else
                snprintf(option, sizeof option, "%.*s", (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
            return cli_usage_error(cmd->name, "unknown option '%s'", option);
        }
        if (id == ':') { /* the option is the last word: as spelt there */
            const char *word = argv[optind - 1];
            spelling(optopt, strncmp(word, "--", 2) == 0, option, sizeof option);
            return cli_usage_error(cmd->name, "option '%s' needs a value", option);
        }
        spelling(id, index >= 0, option, sizeof option);
        int i = find(id);
        if (id != OPT_HELP && !(table[i].applies & cmd->options)) {
            char what[128];
            snprintf(what, sizeof what, "option '%s' does not apply to healsim %s", option, cmd->name);
            return cli_usage_error(cmd->name, "%s", what);
        }
        int rc = take(cmd, o, id, option, optarg);
        if (rc >= 0)
            return rc;
    }
    for (int i = optind; i < argc; i++) { /* after -- */
        int rc = operand(cmd, o, argv[i]);
        if (rc >= 0)
            return rc;
    }
    return -1;
}
