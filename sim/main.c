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
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "healsim/compare.h"
#include "healsim/figure.h"
#include "healsim/output.h"
#include "healsim/params.h"
#include "healsim/run.h"

#include "cli.h"

#define MAX_OVERRIDES 256
#define MAX_OWNED 16

static const char *program = "healsim";

void cli_print_diag(const healsim_diag *d)
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

static const healsim_figures *figures; /* NULL until cli_figures_open succeeds */

const healsim_figures *cli_figures_open(void)
{
    healsim_diag diag = { 0 };
    if (!figures && !(figures = healsim_figures_open(&diag)))
        fprintf(stderr, "%s: error: %s; rebuild healsim (cmake --build build), or use --no-figures\n", program,
                diag.message);
    return figures;
}

const healsim_figures *cli_figures(void) { return figures; }

int cli_usage_error(const char *fmt, const char *arg)
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
    "                    and draw its figures\n"
    "  plot DIR          redraw the figures of an output folder without simulating\n"
    "  compare [ARMS]    run treatment arms side by side: compare.csv and figures\n"
    "  sweep [FILE]      run a grid of varied parameters (--vary S.K=SPEC)\n"
    "  population [FILE] run virtual patients with drawn parameters (--n, --seed)\n"
    "  sensitivity [FILE] normalized sensitivity of an outcome to every parameter\n"
    "  merge SHARD...    join the outputs of sweep/population --shard I/N\n"
    "  params [FILE]     list every parameter with value, unit, range and source\n"
    "  help [COMMAND]    show help for a command\n"
    "\n"
    "Options:\n"
    "  -h, --help        show this help\n"
    "  --version         show the version\n"
    "\n"
    "Exit status: 0 success, 1 simulation failed, 2 bad input or usage.\n"
    "Documentation: README.md and docs/MODEL.md.\n";

#define FIGURE_OPTIONS_HELP                                                                      \
    "Figure options (each is also a key of the [figure] section):\n"                         \
    "  --figures LIST        which figures: phases, phases-log, cells, outcome, overview,\n"  \
    "                        handout (all by default), or none\n"                           \
    "  --no-figures          the same as --figures none\n"                                  \
    "  --format LIST         png, svg, pdf (default png,svg); the handout is always PDF\n"   \
    "  --width N, --height N figure size: pixels (1600), or with a unit: 720pt, 10in\n"      \
    "  --dpi N               PNG pixels per inch (default 200)\n"                            \
    "  --theme NAME          light (default) or dark (for projectors)\n"                     \
    "  --font FAMILY         an installed font family (default DejaVu Sans)\n"

static const char run_help[] =
    "Usage: healsim run [FILE] [-o DIR] [--set section.key=value]... [options]\n"
    "\n"
    "Simulate FILE (default: the built-in default, params/default.ini) and write\n"
    "into DIR (default: out/):\n"
    "  timeseries.csv        states, soreness, phase activities and dominant phase over time\n"
    "  phases.csv            onset, peak and end of each phase in each injury cycle\n"
    "  summary.json          outcome, per-injection peaks, version and resolved parameters\n"
    "  params.resolved.ini   exactly what was run\n"
    "  phases.png/.svg       the four stages over time, injections numbered on the axis\n"
    "  phases-log.png/.svg   the same on a log time axis, from one hour on\n"
    "  cells.png/.svg        cells and matrix, each as % of its own peak\n"
    "  outcome.png/.svg      tissue strength and soreness\n"
    "  overview.png/.svg     panels A-C on one slide, with title and caption\n"
    "  handout.pdf           every figure, a page each, and the changed parameters\n"
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
    FIGURE_OPTIONS_HELP
    "\n"
    "Exit status: 0 success, 1 simulation failed, 2 bad input or usage.\n";

static const char plot_help[] =
    "Usage: healsim plot DIR [-o OUTDIR] [figure options] [--set figure.key=value]...\n"
    "\n"
    "Redraw the figures of an output folder of `healsim run` from its\n"
    "timeseries.csv and params.resolved.ini, without simulating again.  The\n"
    "figures go into DIR, or OUTDIR if given.  Only figure.* keys can be changed\n"
    "here; to change the model, run again.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR      where the figures go (default: DIR itself)\n"
    "  --set figure.K=V      override one figure setting (repeatable)\n"
    "  -q, --quiet           print nothing on success\n"
    "  -h, --help            show this help\n"
    "\n"
    FIGURE_OPTIONS_HELP
    "\n"
    "Exit status: 0 success, 2 bad input or usage.\n";

static const char compare_help[] =
    "Usage: healsim compare [A.ini B.ini ... | LIST.txt] [-o DIR] [--labels \"a,b,...\"] [options]\n"
    "\n"
    "Simulate 2 to 8 arms — parameter files, or a list file naming one arm a line\n"
    "with its label — and write into DIR (default: compare/):\n"
    "  compare.csv            one row per arm: strength at 6 weeks, 3 months and 1 year\n"
    "                         and at the end, days sore, peak inflammation per injection\n"
    "  compare-outcome.png/.svg  strength over time, a curve per arm, injections marked\n"
    "  compare-phases.png/.svg   the four stages, a small panel per arm, shared axes\n"
    "  compare-bars.png/.svg     strength at the end, a bar per arm\n"
    "With no arms, runs params/compare-default.txt: the lax ligament untreated,\n"
    "with prolotherapy, prolotherapy + NSAID, saline injections and a steroid shot.\n"
    "The arms must simulate the same span and have distinct labels (by default\n"
    "each file's title).  Files are written completely or not at all.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR      output folder\n"
    "  --labels \"a,b,...\"    the arms' labels, one per arm, in order\n"
    "  --set S.K=V           override one parameter in every arm (repeatable)\n"
    "  --method, --rtol, --atol, -q, -h as for run\n"
    "\n"
    FIGURE_OPTIONS_HELP
    "(--figures does not apply: compare draws its three figures.)\n"
    "\n"
    "Exit status: 0 success, 1 a simulation failed, 2 bad input or usage.\n";

static const char params_help[] =
    "Usage: healsim params [FILE] [--set section.key=value]... [--resolved | --markdown]\n"
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
    "  -h, --help            show this help\n";

typedef enum command_kind { CMD_PARAMS, CMD_RUN, CMD_PLOT, CMD_COMPARE } command_kind;

typedef struct options {
    const char *file;
    const char *output;
    const char *overrides[MAX_OVERRIDES];
    const char *made_by[MAX_OVERRIDES]; /* the option an override came from; NULL: --set */
    char owned[MAX_OWNED][256]; /* option values turned into overrides */
    size_t n_owned;
    size_t n_overrides;
    const char *width, *height; /* --width/--height as given, unit and all */
    const char *files[HEALSIM_MAX_ARMS + 1]; /* compare: the arms (or one list file) */
    size_t n_files;
    const char *labels;         /* compare: --labels "a,b,c" */
    int quiet;
    int resolved;
    int markdown;
} options;

/* Turn an option into the override "name=value". */
static int add_owned(options *opt, const char *option, const char *name, const char *value)
{
    if (opt->n_owned >= MAX_OWNED || opt->n_overrides >= MAX_OVERRIDES)
        return cli_usage_error("too many options (at '%s')", option);
    char *slot = opt->owned[opt->n_owned];
    int len = snprintf(slot, sizeof opt->owned[0], "%s=%s", name, value);
    if (len < 0 || (size_t)len >= sizeof opt->owned[0])
        return cli_usage_error("value of '%s' is too long", option);
    opt->n_owned++;
    opt->made_by[opt->n_overrides] = option;
    opt->overrides[opt->n_overrides++] = slot;
    return -1;
}

/* A problem in an override that an option made (--format gif is
** figure.formats=gif) is reported under that option's name, not --set. */
static void name_option_of(const char *const *made_by, size_t n_overrides, healsim_diag *d)
{
    if (made_by && d->override > 0 && (size_t)d->override <= n_overrides && made_by[d->override - 1])
        snprintf(d->file, sizeof d->file, "%s", made_by[d->override - 1]);
}

static void name_option(const options *opt, healsim_diag *d)
{
    name_option_of(opt->made_by, opt->n_overrides, d);
}

/* Options that are short for --set: option, parameter, which commands. */
static const struct {
    const char *option;
    const char *name;
    int for_run, for_plot;
} shorthands[] = {
    { "--method", "solver.method", 1, 0 },  { "--rtol", "solver.rtol", 1, 0 },
    { "--atol", "solver.atol", 1, 0 },      { "--figures", "figure.figures", 1, 1 },
    { "--format", "figure.formats", 1, 1 }, { "--dpi", "figure.dpi", 1, 1 },
    { "--theme", "figure.theme", 1, 1 },    { "--font", "figure.font", 1, 1 },
};

/* Parse the options shared by the commands.  Returns -1 on success, else an
** exit status (help printed: 0; usage error: 2). */
static int parse_options(int argc, char **argv, options *opt, const char *help, command_kind cmd)
{
    const int draws = cmd != CMD_PARAMS;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *value = NULL;
        int rc = -1;
#define NEED_VALUE()                                                          \
    do {                                                                      \
        if (i + 1 >= argc)                                                    \
            return cli_usage_error("option '%s' needs a value", a);               \
        value = argv[++i];                                                    \
    } while (0)
        int shorthand = -1;
        for (size_t k = 0; k < sizeof shorthands / sizeof shorthands[0]; k++)
            if (strcmp(a, shorthands[k].option) == 0
                && (cmd == CMD_RUN || cmd == CMD_COMPARE ? shorthands[k].for_run
                                                         : cmd == CMD_PLOT && shorthands[k].for_plot))
                shorthand = (int)k;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help, stdout);
            return 0;
        } else if (strcmp(a, "--set") == 0 || strncmp(a, "--set=", 6) == 0) {
            if (a[5] == '=')
                value = a + 6;
            else
                NEED_VALUE();
            if (opt->n_overrides >= MAX_OVERRIDES)
                return cli_usage_error("more than 256 --set options%s", "");
            if (cmd == CMD_PLOT && strncmp(value, "figure.", 7) != 0)
                return cli_usage_error("plot redraws existing results: only figure.* can be set "
                                   "('%s'); to change the model, use healsim run", value);
            opt->overrides[opt->n_overrides++] = value;
        } else if (draws && (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)) {
            NEED_VALUE();
            if (value[0] == '\0')
                return cli_usage_error("option '%s' needs a folder name (or '-' for stdout)", a);
            opt->output = value;
        } else if (shorthand >= 0) {
            NEED_VALUE();
            rc = add_owned(opt, a, shorthands[shorthand].name, value);
        } else if (draws && strcmp(a, "--no-figures") == 0) {
            rc = add_owned(opt, a, "figure.figures", "none");
        } else if (draws && (strcmp(a, "--width") == 0 || strcmp(a, "--height") == 0)) {
            NEED_VALUE();
            *(a[2] == 'w' ? &opt->width : &opt->height) = value;
        } else if (cmd == CMD_COMPARE && strcmp(a, "--labels") == 0) {
            NEED_VALUE();
            opt->labels = value;
        } else if (draws && (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)) {
            opt->quiet = 1;
        } else if (cmd == CMD_PARAMS && strcmp(a, "--resolved") == 0) {
            opt->resolved = 1;
        } else if (cmd == CMD_PARAMS && strcmp(a, "--markdown") == 0) {
            opt->markdown = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("unknown option '%s'", a);
        } else if (cmd == CMD_COMPARE && a[0] != '-') {
            if (opt->n_files == HEALSIM_MAX_ARMS)
                return cli_usage_error("more than 8 arms (at '%s'); a comparison shows at most 8", a);
            opt->files[opt->n_files++] = a;
        } else if (!opt->file) {
            opt->file = a;
        } else {
            return cli_usage_error(cmd == CMD_PLOT ? "more than one folder given ('%s')"
                                               : "more than one parameter file given ('%s')", a);
        }
        if (rc >= 0)
            return rc;
#undef NEED_VALUE
    }
    return -1;
}

/* Apply --width/--height: a number of pixels, or a length with a unit (pt,
** in, px) turned into pixels at the set's dpi.  Returns HEALSIM_OK or
** HEALSIM_ERR_INPUT with *diag. */
static int apply_size(healsim_params *p, const options *opt, healsim_diag *diag)
{
    const char *values[2] = { opt->width, opt->height };
    const char *names[2] = { "figure.width", "figure.height" };
    for (int i = 0; i < 2; i++) {
        if (!values[i])
            continue;
        char *end;
        double v = strtod(values[i], &end);
        double per = 1.0; /* pixels per given unit */
        if (strcmp(end, "pt") == 0)
            per = p->dpi / 72.0;
        else if (strcmp(end, "in") == 0)
            per = p->dpi;
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
        int status = healsim_params_set(p, names[i], text, diag);
        if (status)
            return status;
    }
    return opt->width || opt->height ? healsim_params_check(p, diag) : HEALSIM_OK;
}

static int load_params(const char *path, const options *opt, healsim_params *params)
{
    healsim_diag diag = { 0 };
    int status = healsim_params_load(path, opt->overrides, opt->n_overrides, params, &diag);
    if (status)
        name_option(opt, &diag);
    else
        status = apply_size(params, opt, &diag);
    if (status)
        cli_print_diag(&diag);
    return status;
}

static int command_params(int argc, char **argv)
{
    options opt = { 0 };
    int rc = parse_options(argc, argv, &opt, params_help, CMD_PARAMS);
    if (rc >= 0)
        return rc;
    healsim_params params;
    healsim_diag diag = { 0 };
    int status = healsim_params_load(opt.file, opt.overrides, opt.n_overrides, &params, &diag);
    if (status) {
        name_option(&opt, &diag);
        cli_print_diag(&diag);
        return EXIT_USAGE;
    }
    status = opt.resolved ? healsim_params_write(&params, stdout)
                          : healsim_params_describe(&params, opt.markdown, stdout);
    if (status || fflush(stdout) != 0) {
        fprintf(stderr, "%s: error: cannot write to standard output: %s\n", program, strerror(errno));
        return EXIT_USAGE;
    }
    return 0;
}

/* ---- figures ----------------------------------------------------------- */

/* Everything one folder write needs: the run's own files (when a run is
** given) followed by the figure files. */
typedef struct folder_job {
    const healsim_run *run;          /* NULL: figures only */
    healsim_figure_data data;
    healsim_figure_style style;
    size_t n_files;
    const char *names[HEALSIM_OUTPUT_N_FILES + HEALSIM_N_FIGURES * 3];
    char figure_names[HEALSIM_N_FIGURES * 3][32];
    healsim_figure_file files[HEALSIM_N_FIGURES * 3]; /* drawn before the folder is written */
    size_t n_figures;
    char caption[512];
    char *changed;                  /* malloc'd by open_memstream */
    double *rows;                   /* the rows as timeseries.csv has them: what the figures draw */
} folder_job;

/* List the figure files params asks for after the run's own files. */
static void plan_figures(folder_job *job, const healsim_params *p)
{
    static const struct {
        unsigned bit;
        const char *ext;
    } formats[] = { { HEALSIM_FORMAT_PNG, "png" }, { HEALSIM_FORMAT_SVG, "svg" }, { HEALSIM_FORMAT_PDF, "pdf" } };
    size_t k = 0;
    if (job->run)
        for (size_t i = 0; i < HEALSIM_OUTPUT_N_FILES; i++)
            job->names[job->n_files++] = healsim_output_files[i];
    for (int f = 0; f < HEALSIM_N_FIGURES; f++) {
        if (!(p->figures & HEALSIM_FIGURE_BIT(f)))
            continue;
        for (size_t j = 0; j < 3; j++) {
            int handout = f == HEALSIM_FIGURE_HANDOUT;
            if (handout ? formats[j].bit != HEALSIM_FORMAT_PDF : !(p->formats & formats[j].bit))
                continue;
            snprintf(job->figure_names[k], sizeof job->figure_names[k], "%s.%s",
                     cli_figures()->figure_name((healsim_figure)f), formats[j].ext);
            job->files[k].figure = (healsim_figure)f;
            job->files[k].format = formats[j].bit;
            job->names[job->n_files++] = job->figure_names[k];
            k++;
        }
    }
    job->n_figures = k;
}

/* Threads for drawing: the processors, at most HEALSIM_MAX_FIGURE_THREADS. */
static unsigned figure_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1u : n > HEALSIM_MAX_FIGURE_THREADS ? HEALSIM_MAX_FIGURE_THREADS : (unsigned)n;
}

/* Draw every figure of the job into memory.  Prints what went wrong, naming
** the figure file. */
static int draw_figures(folder_job *job)
{
    healsim_diag diag = { 0 };
    int status = cli_figures()->render_files(job->files, job->n_figures, &job->data, &job->style,
                                             figure_threads(), &diag);
    if (status)
        cli_print_diag(&diag);
    return status;
}

static void free_figures(folder_job *job)
{
    for (size_t k = 0; k < job->n_figures; k++)
        free(job->files[k].bytes);
    free(job->changed);
    free(job->rows);
}

/* Figure data and style for rows under params; texts point into job. */
static int prepare_figures(folder_job *job, const healsim_params *p, const double *rows, size_t n_rows)
{
    cli_figures()->data_init(&job->data, rows, n_rows, p->soreness_threshold);
    cli_figures()->style_from_params(&job->style, p);
    healsim_params_caption(p, job->caption, sizeof job->caption);
    job->data.title = p->title;
    job->data.caption = job->caption;
    size_t size = 0;
    FILE *mem = open_memstream(&job->changed, &size);
    if (!mem)
        return HEALSIM_ERR_NOMEM;
    int status = healsim_params_write_changed(p, mem);
    if (fclose(mem) != 0 && status == HEALSIM_OK)
        status = HEALSIM_ERR_NOMEM;
    job->data.changed = job->changed;
    return status;
}

static int write_job_file(size_t index, FILE *stream, void *data, healsim_diag *diag)
{
    folder_job *job = data;
    size_t first_figure = job->run ? HEALSIM_OUTPUT_N_FILES : 0;
    if (index < first_figure)
        return healsim_output_file(job->run, index, stream);
    const healsim_figure_file *f = &job->files[index - first_figure];
    (void)diag; /* the folder writer names the file on a failed write */
    return fwrite(f->bytes, 1, f->size, stream) == f->size ? HEALSIM_OK : HEALSIM_ERR_IO;
}

/* Write the job's files into dir, all or nothing.  Prints what went wrong. */
static int write_folder(folder_job *job, const char *dir)
{
    healsim_diag diag = { 0 };
    int status = healsim_output_atomic(dir, job->names, job->n_files, write_job_file, job, &diag);
    if (status) {
        if (!diag.file[0])
            snprintf(diag.file, sizeof diag.file, "%s", dir);
        cli_print_diag(&diag);
    }
    return status;
}

/* Can the figures be drawn as asked: a page big enough for its text, an
** installed font?  Checked before any work, so a bad option costs nothing
** and writes nothing.  A missing font is reported where it was set (file
** and line, or --set); a size problem names the settings. */
int cli_check_figures(const healsim_params *p, const char *path, const char *const *overrides,
                      size_t n_overrides, const char *const *made_by)
{
    if (!cli_figures_open())
        return HEALSIM_ERR_INPUT;
    healsim_figure_style style;
    cli_figures()->style_from_params(&style, p);
    healsim_diag diag = { 0 };
    int status = cli_figures()->check_size(&style, &diag);
    if (status) {
        snprintf(diag.file, sizeof diag.file, "figure.width/height");
    } else if ((status = cli_figures()->check_font(&style, &diag))) {
        healsim_diag where;
        if (healsim_params_where(path, overrides, n_overrides, "figure.font", &where)
            == HEALSIM_OK) {
            memcpy(diag.file, where.file, sizeof diag.file);
            diag.line = where.line;
            diag.column = where.column;
            diag.override = where.override;
            name_option_of(made_by, n_overrides, &diag);
        }
    }
    if (status)
        cli_print_diag(&diag);
    return status;
}

static void print_written(const folder_job *job, const char *dir)
{
    printf("wrote %s/:", dir);
    for (size_t i = 0; i < job->n_files; i++)
        printf(" %s", job->names[i]);
    putchar('\n');
}

static int command_run(int argc, char **argv)
{
    options opt = { 0 };
    opt.output = "out";
    int rc = parse_options(argc, argv, &opt, run_help, CMD_RUN);
    if (rc >= 0)
        return rc;
    healsim_params params;
    healsim_diag diag = { 0 };
    if (load_params(opt.file, &opt, &params))
        return EXIT_USAGE;
    const int to_stdout = strcmp(opt.output, "-") == 0;
    if (!to_stdout && params.figures
        && cli_check_figures(&params, opt.file, opt.overrides, opt.n_overrides, opt.made_by))
        return EXIT_USAGE;
    healsim_run *run = NULL;
    int status = healsim_run_alloc(&params, 0, &run, &diag);
    if (status) {
        if (status == HEALSIM_ERR_SOLVER) {
            fprintf(stderr, "%s: error: %s (parameters: %s)\n", program, diag.message,
                    opt.file ? opt.file : "built-in default");
        } else {
            cli_print_diag(&diag);
        }
        return exit_for(status);
    }
    if (to_stdout) {
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
    /* The figures draw the rows as timeseries.csv writes them: the run's
    ** figures and those `healsim plot` draws from the folder are the same
    ** bytes. */
    folder_job *job = calloc(1, sizeof *job);
    status = job ? HEALSIM_OK : HEALSIM_ERR_NOMEM;
    size_t n_rows = 0;
    if (!status) {
        job->run = run;
        plan_figures(job, &params);
    }
    if (!status && job->n_figures)
        status = healsim_output_timeseries_rows(run, &job->rows, &n_rows);
    if (!status && job->n_figures)
        status = prepare_figures(job, &params, job->rows, n_rows);
    if (status)
        fprintf(stderr, "%s: error: out of memory\n", program);
    if (!status && job->n_figures)
        status = draw_figures(job);
    if (!status)
        status = write_folder(job, opt.output);
    if (!status && !opt.quiet) {
        const healsim_summary *s = healsim_run_summary(run);
        printf("%s: %zu injection%s over %g days; strength %.1f%% -> %.1f%% of healthy\n",
               params.title[0] ? params.title : "healsim", s->n_injections,
               s->n_injections == 1 ? "" : "s", params.span_days, s->strength_initial_pct,
               s->strength_end_pct);
        print_written(job, opt.output);
    }
    if (job)
        free_figures(job);
    free(job);
    healsim_run_free(run);
    return status ? EXIT_USAGE : 0;
}

static int command_plot(int argc, char **argv)
{
    options opt = { 0 };
    int rc = parse_options(argc, argv, &opt, plot_help, CMD_PLOT);
    if (rc >= 0)
        return rc;
    if (!opt.file)
        return cli_usage_error("plot needs the output folder of a run, e.g. healsim plot out%s", "");
    char params_path[4096], csv_path[4096];
    snprintf(params_path, sizeof params_path, "%s/params.resolved.ini", opt.file);
    snprintf(csv_path, sizeof csv_path, "%s/timeseries.csv", opt.file);
    const char *missing = access(params_path, F_OK) != 0 ? "params.resolved.ini"
                          : access(csv_path, F_OK) != 0  ? "timeseries.csv"
                                                         : NULL;
    if (missing) {
        fprintf(stderr, "%s: error: not an output folder of healsim run (no %s in it)\n", opt.file, missing);
        return EXIT_USAGE;
    }
    healsim_params params;
    if (load_params(params_path, &opt, &params))
        return EXIT_USAGE;
    if (!params.figures) {
        if (!opt.quiet)
            printf("no figures asked for (figure.figures = none)\n");
        return 0;
    }
    if (params.figures && cli_check_figures(&params, params_path, opt.overrides, opt.n_overrides, opt.made_by))
        return EXIT_USAGE;
    double *rows = NULL;
    size_t n_rows = 0;
    healsim_diag diag = { 0 };
    int status = healsim_output_read_timeseries(csv_path, &rows, &n_rows, &diag);
    if (status) {
        cli_print_diag(&diag);
        return EXIT_USAGE;
    }
    folder_job *job = calloc(1, sizeof *job);
    status = job ? prepare_figures(job, &params, rows, n_rows) : HEALSIM_ERR_NOMEM;
    if (!status) {
        plan_figures(job, &params);
        status = draw_figures(job);
        if (!status)
            status = write_folder(job, opt.output ? opt.output : opt.file);
    } else {
        fprintf(stderr, "%s: error: out of memory\n", program);
    }
    if (!status && !opt.quiet)
        print_written(job, opt.output ? opt.output : opt.file);
    if (job)
        free_figures(job);
    free(job);
    free(rows);
    return status ? EXIT_USAGE : 0;
}

/* ---- compare ------------------------------------------------------------ */

/* Everything one comparison writes: compare.csv, then the figures. */
typedef struct compare_job {
    size_t n_arms;
    healsim_arm arms[HEALSIM_MAX_ARMS];
    healsim_params params[HEALSIM_MAX_ARMS];
    healsim_run *runs[HEALSIM_MAX_ARMS];
    healsim_compare_arm figure_arms[HEALSIM_MAX_ARMS];
    healsim_figure_style style;
    const char *title;
    size_t n_files;
    const char *names[1 + HEALSIM_N_COMPARE_FIGURES * 3];
    char figure_names[HEALSIM_N_COMPARE_FIGURES * 3][40];
    healsim_compare_figure figure[HEALSIM_N_COMPARE_FIGURES * 3];
    unsigned format[HEALSIM_N_COMPARE_FIGURES * 3];
} compare_job;

static int write_compare_file(size_t index, FILE *stream, void *data, healsim_diag *diag)
{
    compare_job *job = data;
    if (index == 0)
        return healsim_compare_csv(job->arms, (const healsim_run *const *)job->runs, job->n_arms, stream);
    size_t k = index - 1;
    return cli_figures()->compare_render(job->figure[k], job->format[k], job->figure_arms, job->n_arms, job->title,
                                  &job->style, stream, diag);
}

/* The default list: $HEALSIM_PARAMS_DIR, or the source tree's params/. */
static const char *default_list(char *buf, size_t size)
{
    const char *dir = getenv("HEALSIM_PARAMS_DIR");
    snprintf(buf, size, "%s/compare-default.txt", dir && dir[0] ? dir : HEALSIM_PARAMS_DIR);
    return buf;
}

static int command_compare(int argc, char **argv)
{
    options opt = { 0 };
    opt.output = "compare";
    int rc = parse_options(argc, argv, &opt, compare_help, CMD_COMPARE);
    if (rc >= 0)
        return rc;
    if (strcmp(opt.output, "-") == 0)
        return cli_usage_error("compare writes a folder; '%s' (stdout) is for healsim run", opt.output);
    compare_job *job = calloc(1, sizeof *job);
    if (!job) {
        fprintf(stderr, "%s: error: out of memory\n", program);
        return EXIT_USAGE;
    }
    healsim_diag diag = { 0 };
    int status = HEALSIM_OK;
    char list_buf[4096];
    const char *list = NULL;
    size_t len0 = opt.n_files ? strlen(opt.files[0]) : 0;
    if (opt.n_files == 0)
        list = default_list(list_buf, sizeof list_buf);
    else if (opt.n_files == 1 && len0 > 4 && strcmp(opt.files[0] + len0 - 4, ".txt") == 0)
        list = opt.files[0];
    if (list) {
        status = healsim_compare_read_list(list, job->arms, &job->n_arms, &diag);
    } else {
        for (size_t i = 0; i < opt.n_files; i++)
            snprintf(job->arms[i].file, sizeof job->arms[i].file, "%s", opt.files[i]);
        job->n_arms = opt.n_files;
    }
    /* --labels "a,b,c": one per arm */
    if (!status && opt.labels) {
        size_t k = 0;
        const char *p = opt.labels;
        for (;;) {
            size_t len = strcspn(p, ",");
            if (k < job->n_arms) {
                if (len >= sizeof job->arms[k].label)
                    len = sizeof job->arms[k].label - 1;
                memcpy(job->arms[k].label, p, len);
                job->arms[k].label[len] = '\0';
            }
            k++;
            if (!p[len])
                break;
            p += len + 1;
        }
        if (k != job->n_arms) {
            snprintf(diag.file, sizeof diag.file, "--labels");
            diag.line = diag.column = 0;
            snprintf(diag.message, sizeof diag.message, "%zu labels for %zu arms; give one per arm", k,
                     job->n_arms);
            status = HEALSIM_ERR_INPUT;
        }
    }
    if (!status)
        status = healsim_compare_load(job->arms, job->n_arms, list, opt.overrides, opt.n_overrides,
                                      job->params, &diag);
    if (status)
        name_option(&opt, &diag);
    else
        status = apply_size(&job->params[0], &opt, &diag);
    if (status) {
        cli_print_diag(&diag);
        free(job);
        return EXIT_USAGE;
    }
    /* the figures follow the first arm's [figure] section */
    const healsim_params *look = &job->params[0];
    if (cli_check_figures(look, job->arms[0].file, opt.overrides, opt.n_overrides, opt.made_by)) {
        free(job);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < job->n_arms && !status; i++) {
        status = healsim_run_alloc(&job->params[i], 0, &job->runs[i], &diag);
        if (status == HEALSIM_ERR_SOLVER)
            fprintf(stderr, "%s: error: %s (arm '%s', parameters: %s)\n", program, diag.message,
                    job->arms[i].label, job->arms[i].file);
        else if (status)
            cli_print_diag(&diag);
    }
    int exit_status = status ? exit_for(status) : 0;
    if (!status) {
        cli_figures()->style_from_params(&job->style, look);
        job->title = "";
        for (size_t i = 0; i < job->n_arms; i++) {
            job->figure_arms[i].label = job->arms[i].label;
            size_t n_rows = healsim_run_n_rows(job->runs[i]);
            cli_figures()->data_init(&job->figure_arms[i].data, n_rows ? healsim_run_row(job->runs[i], 0) : NULL,
                                     n_rows, job->params[i].soreness_threshold);
            job->figure_arms[i].data.title = job->params[i].title;
        }
        static const struct {
            unsigned bit;
            const char *ext;
        } formats[] = { { HEALSIM_FORMAT_PNG, "png" }, { HEALSIM_FORMAT_SVG, "svg" },
                        { HEALSIM_FORMAT_PDF, "pdf" } };
        job->names[job->n_files++] = "compare.csv";
        size_t k = 0;
        for (int f = 0; f < HEALSIM_N_COMPARE_FIGURES; f++) {
            for (size_t j = 0; j < 3; j++) {
                if (!(look->formats & formats[j].bit))
                    continue;
                snprintf(job->figure_names[k], sizeof job->figure_names[k], "%s.%s",
                         cli_figures()->compare_figure_name((healsim_compare_figure)f), formats[j].ext);
                job->figure[k] = (healsim_compare_figure)f;
                job->format[k] = formats[j].bit;
                job->names[job->n_files++] = job->figure_names[k];
                k++;
            }
        }
        memset(&diag, 0, sizeof diag);
        status = healsim_output_atomic(opt.output, job->names, job->n_files, write_compare_file, job, &diag);
        if (status) {
            if (!diag.file[0])
                snprintf(diag.file, sizeof diag.file, "%s", opt.output);
            cli_print_diag(&diag);
            exit_status = EXIT_USAGE;
        } else if (!opt.quiet) {
            printf("%zu arms%s%s:\n", job->n_arms, list ? " from " : "", list ? list : "");
            for (size_t i = 0; i < job->n_arms; i++)
                printf("  %-28s strength %.1f%% -> %.1f%% of healthy\n", job->arms[i].label,
                       healsim_run_summary(job->runs[i])->strength_initial_pct,
                       healsim_run_summary(job->runs[i])->strength_end_pct);
            printf("wrote %s/:", opt.output);
            for (size_t i = 0; i < job->n_files; i++)
                printf(" %s", job->names[i]);
            putchar('\n');
        }
    }
    for (size_t i = 0; i < job->n_arms; i++)
        healsim_run_free(job->runs[i]);
    free(job);
    return exit_status;
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
        char help_flag[] = "--help";
        char *help_argv[] = { help_flag, NULL };
        if (strcmp(topic, "sweep") == 0)
            return cli_sweep(1, help_argv);
        if (strcmp(topic, "population") == 0)
            return cli_population(1, help_argv);
        if (strcmp(topic, "sensitivity") == 0)
            return cli_sensitivity(1, help_argv);
        if (strcmp(topic, "merge") == 0)
            return cli_merge(1, help_argv);
        fputs(strcmp(topic, "run") == 0      ? run_help
              : strcmp(topic, "plot") == 0   ? plot_help
              : strcmp(topic, "compare") == 0 ? compare_help
              : strcmp(topic, "params") == 0 ? params_help
                                             : main_help, stdout);
        return 0;
    }
    if (strcmp(cmd, "run") == 0)
        return command_run(argc - 2, argv + 2);
    if (strcmp(cmd, "params") == 0)
        return command_params(argc - 2, argv + 2);
    if (strcmp(cmd, "plot") == 0)
        return command_plot(argc - 2, argv + 2);
    if (strcmp(cmd, "compare") == 0)
        return command_compare(argc - 2, argv + 2);
    if (strcmp(cmd, "sweep") == 0)
        return cli_sweep(argc - 2, argv + 2);
    if (strcmp(cmd, "population") == 0)
        return cli_population(argc - 2, argv + 2);
    if (strcmp(cmd, "sensitivity") == 0)
        return cli_sensitivity(argc - 2, argv + 2);
    if (strcmp(cmd, "merge") == 0)
        return cli_merge(argc - 2, argv + 2);
    return cli_usage_error("unknown command '%s'", cmd);
}
