/*
** cli.h — what the files of the healsim command share: the command table's
** entry, the one option parser, how a problem is printed, the exit
** statuses, and the figure checks made before any work.
**
** The command line is a thin layer over the library: commands.c holds the
** table of commands and dispatches; options.c parses every command's
** options with getopt_long from one table of options, each marked with
** the commands it applies to; each command is a file of its own (run.c,
** plot.c, compare.c, params.c, sweep.c, population.c, sensitivity.c,
** merge.c, presets.c, help.c) over the shared helpers of diag.c,
** figures.c, folder.c and batch.c.  Files depend only downwards: no
** command calls another, and help.c gets the table as an argument.
** Private to the command.
*/
#ifndef HEALSIM_CLI_H
#define HEALSIM_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "healsim/batch.h"
#include "healsim/figure.h"
#include "healsim/output.h"
#include "healsim/params.h"

#define EXIT_SIMULATION 1 /* a simulation failed */
#define EXIT_USAGE 2      /* bad input or usage, or an output that cannot be written */

#define CLI_MAX_OVERRIDES 256
#define CLI_MAX_OWNED 16
#define CLI_MAX_POSITIONAL 1024 /* merge: shards */

/* The options, one bit each: a command lists those that apply to it, and
** any other is an error.  The figure options go together. */
enum {
    CLI_OPT_OUTPUT = 1u << 0,   /* -o, --output DIR */
    CLI_OPT_SET = 1u << 1,      /* --set S.K=V */
    CLI_OPT_QUIET = 1u << 2,    /* -q, --quiet */
    CLI_OPT_JOBS = 1u << 3,     /* -j, --jobs N */
    CLI_OPT_FIGURES = 1u << 4,  /* --figures, --no-figures, --format, --width, --height, --dpi, --size, --theme, --font */
    CLI_OPT_SOLVER = 1u << 5,   /* --method, --rtol, --atol */
    CLI_OPT_LABELS = 1u << 6,   /* --labels */
    CLI_OPT_RESOLVED = 1u << 7, /* --resolved, --markdown */
    CLI_OPT_VARY = 1u << 8,     /* --vary */
    CLI_OPT_TABLE = 1u << 9,    /* --table csv|json */
    CLI_OPT_SHARD = 1u << 10,   /* --shard I/N */
    CLI_OPT_FORCE = 1u << 11,   /* --force */
    CLI_OPT_PATIENTS = 1u << 12, /* --n, --seed */
    CLI_OPT_OUTCOME = 1u << 13, /* --outcome */
    CLI_OPT_TIMESERIES = 1u << 14, /* --timeseries */
    CLI_OPT_FIGURE_LIST = 1u << 15, /* --figures LIST: which of a run's figures */
    CLI_OPT_PARTIAL = 1u << 16  /* --allow-partial */
};

typedef struct cli_command cli_command;

/* A command: its words after "healsim", the table (for help) and its entry. */
typedef int (*cli_command_fn)(const cli_command *self, const cli_command *commands, int argc, char **argv);

struct cli_command {
    const char *name;     /* "run" */
    cli_command_fn run;   /* returns the exit status */
    const char *summary;  /* a line of `healsim --help` (may span lines) */
    const char *help;     /* `healsim NAME --help` */
    unsigned options;     /* CLI_OPT_* that apply */
    size_t max_positional; /* operands it takes (files, folders) */
    const char *too_many; /* the usage error for one operand more, with %s for it */
};

/* Everything a command line said, parsed. */
typedef struct cli_options {
    const char *positional[CLI_MAX_POSITIONAL]; /* operands in order */
    size_t n_positional;
    const char *output;                      /* -o; NULL if not given */
    const char *overrides[CLI_MAX_OVERRIDES]; /* --set and the options short for one */
    const char *made_by[CLI_MAX_OVERRIDES];  /* the option an override came from; NULL: --set */
    size_t n_overrides;
    char owned[CLI_MAX_OWNED][256];          /* option values turned into overrides */
    char owned_by[CLI_MAX_OWNED][32];        /* and the options they came from */
    size_t n_owned;
    const char *width, *height;              /* --width/--height as given, unit and all */
    int no_figures;                          /* --no-figures (or --figures none) */
    int quiet, resolved, markdown, force, timeseries, allow_partial;
    const char *labels;                      /* compare */
    const char *vary[HEALSIM_MAX_VARY];      /* sweep, population */
    size_t n_vary;
    healsim_batch_format table;              /* --table */
    unsigned jobs;                           /* 0: every processor */
    size_t shard, n_shards;                  /* 1-based; 0 = no sharding */
    size_t n_patients;                       /* --n; 0 = not given */
    unsigned long seed;                      /* --seed */
    int seed_given;
    const char *outcome;                     /* --outcome */
} cli_options;

/* Parse argv[1..argc) (argv[0] is the command's name) for cmd into *o.
** Returns -1 to go on, or the exit status to return now: 0 after --help,
** EXIT_USAGE after a usage error (printed). */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_options *o);

/* Print "file:line:col: error: message" (as much as is known) to stderr. */
void cli_print_diag(const healsim_diag *d);

/* Print "healsim: error: <fmt with arg>" and "Try 'healsim COMMAND --help'."
** (command NULL: 'healsim --help'); returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, const char *arg);

/* Print "healsim: error: cannot write to standard output: <why>"; returns EXIT_USAGE. */
int cli_stdout_error(void);

/* The exit status for a library status: 1 for a solver failure, else 2. */
int cli_exit_for(int status);

/* A problem in an override that an option made (--format gif is
** figure.formats=gif) is reported under that option's name, not --set. */
void cli_name_option(const cli_options *o, healsim_diag *d);

/* Load path (NULL: the built-in default; a preset's name) with o's
** overrides and sizes into *params and *figure.  Prints what is wrong;
** returns HEALSIM_OK or an error status. */
int cli_load_params(const char *path, const cli_options *o, healsim_params *params,
                    healsim_figure_config *figure);

/* Apply --width/--height to figure: a number of pixels, or a length with a
** unit (pt, in, px) turned into pixels at its dpi.  Returns HEALSIM_OK or
** HEALSIM_ERR_INPUT with *diag. */
int cli_apply_size(healsim_params *p, healsim_figure_config *figure, const cli_options *o, healsim_diag *diag);

/* The figure functions (healsim_figures_open).  Returns the table, or
** prints why the figure code cannot be loaded and returns NULL. */
const healsim_figures *cli_figures_open(void);

/* Can figures be drawn with figure's settings (size, font)?  Opens the
** figure code first.  Prints what is wrong, naming where the font was set
** (path and o's overrides are those figure was loaded from).  Returns the
** figure table, or NULL. */
const healsim_figures *cli_check_figures(const healsim_figure_config *figure, const char *path,
                                         const cli_options *o);

/* Threads for drawing: the processors, at most HEALSIM_MAX_FIGURE_THREADS. */
unsigned cli_figure_threads(void);

/* Draw one batch figure (sweep, population or sensitivity) in each of
** look's formats into the output folder's transaction txn (which the
** caller commits with the table).  Prints what went wrong; returns 0 or
** EXIT_USAGE. */
typedef enum cli_batch_figure { CLI_FIGURE_SWEEP, CLI_FIGURE_POPULATION, CLI_FIGURE_TORNADO } cli_batch_figure;
int cli_write_batch_figure(const healsim_figures *figures, healsim_output_txn *txn, const char *stem,
                           cli_batch_figure kind, const void *plot, const healsim_figure_config *look);

/* The batch commands' common work (batch.c): parse, build the batch, run
** it, write the summary and the figure.  Returns the exit status. */
int cli_batch_command(const cli_command *self, healsim_batch_kind kind, int argc, char **argv);

/* Run and plot write a folder of files (folder.c). */
typedef struct cli_folder cli_folder;

/* The files of run (NULL: figures only) and the figures figure asks for,
** drawn from rows (n_rows x HEALSIM_N_COLUMNS, borrowed) with p's texts;
** p and figure are borrowed too.  Returns the job (free with
** cli_folder_free) or NULL, out of memory, printed. */
cli_folder *cli_folder_alloc(const healsim_run *run, const healsim_params *p, const healsim_figure_config *figure,
                             const healsim_figures *figures, const double *rows, size_t n_rows);
/* Draw the figures and write every file into dir, all or nothing.  Prints
** what went wrong; returns HEALSIM_OK or an error status. */
int cli_folder_write(cli_folder *job, const char *dir);
/* Print "wrote DIR/: FILE..." on stdout. */
void cli_folder_print(const cli_folder *job, const char *dir);
void cli_folder_free(cli_folder *job);

/* The commands, one file each. */
int cli_run(const cli_command *self, const cli_command *commands, int argc, char **argv);
int cli_plot(const cli_command *self, const cli_command *commands, int argc, char **argv);
int cli_compare(const cli_command *self, const cli_command *commands, int argc, char **argv);
int cli_params(const cli_command *self, const cli_command *commands, int argc, char **argv);
int cli_sweep(const cli_command *self, const cli_command *commands, int argc, char **argv);
int cli_population(const cli_command *self, const cli_command *commands, int argc, char **argv);
int cli_sensitivity(const cli_command *self, const cli_command *commands, int argc, char **argv);
int cli_merge(const cli_command *self, const cli_command *commands, int argc, char **argv);
int cli_presets(const cli_command *self, const cli_command *commands, int argc, char **argv);
int cli_help(const cli_command *self, const cli_command *commands, int argc, char **argv);

/* Each command's --help, in the command's file. */
extern const char cli_run_help[], cli_plot_help[], cli_compare_help[], cli_params_help[], cli_sweep_help[],
    cli_population_help[], cli_sensitivity_help[], cli_merge_help[], cli_presets_help[], cli_help_help[];

/* `healsim --help`: the commands of the table (help.c). */
void cli_print_main_help(const cli_command *commands, FILE *out);

/* The figure options, for the help texts of run and plot. */
#define CLI_FIGURE_OPTIONS_HELP                                                                      \
    "Figure options (each is also a key of the [figure] section):\n"                         \
    "  --figures LIST        which figures: phases, phases-log, cells, outcome, overview,\n"  \
    "                        handout (all by default), or none\n"                           \
    "  --no-figures          the same as --figures none\n"                                  \
    "  --format LIST         png, svg, pdf (default png,svg); the handout is always PDF\n"   \
    "  --width N, --height N figure size: pixels (1600), or with a unit: 720pt, 10in\n"      \
    "  --dpi N               PNG pixels per inch (default 200)\n"                            \
    "  --size NAME           slide (16:9, 20 pt text), column (3.5 in, 8 pt), a4, letter:\n" \
    "                        page and text size for that use (pixels follow --dpi)\n"       \
    "  --theme NAME          light (default) or dark (for projectors)\n"                     \
    "  --font FAMILY         an installed font family (default DejaVu Sans)\n"

/* Where the installed documentation is, for the help texts. */
#define CLI_DOCS "share/doc/healsim (README.md, docs/)"

/* The command line (commands.c): the table of commands, dispatch and the
** top-level options.  Returns the exit status; never exits. */
int cli_main(int argc, char **argv);

#endif
