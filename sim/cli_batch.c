/*
** cli_batch.c — healsim sweep, population, sensitivity and merge: many runs
** from scripts (healsim/batch.h does the work).
**
** The summary streams a row per run, in run order, as runs finish: to
** stdout with -o -, else to DIR/<kind>.csv (or .jsonl) through a temporary
** name renamed into place at the end.  Ctrl-C stops handing out runs, waits
** for the ones running, and leaves a valid file of the runs that finished
** (exit 130).  A run that fails is a row with its status; the batch goes on
** and exits 1.  The figure is drawn at the end from what the rows held, so
** memory does not grow with the number of runs (the sweep keeps one number
** a run for its figure).  --shard I/N runs the I-th of N equal slices of
** the run indices; healsim merge joins the slices' files back into the file
** one run would have written.
*/
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "healsim/batch.h"
#include "healsim/figure.h"
#include "healsim/output.h"
#include "healsim/run.h"

#include "cli.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

typedef struct batch_options {
    const char *file;
    const char *output;
    const char *vary[HEALSIM_MAX_VARY + 1];
    size_t n_vary;
    const char *overrides[256];
    size_t n_overrides;
    healsim_batch_format format;
    unsigned jobs;
    size_t shard, n_shards;  /* 1-based; 0 = no sharding */
    int force, quiet, timeseries;
    size_t n;                /* population */
    unsigned long seed;
    const char *outcome;
    const char *inputs[1024]; /* merge */
    size_t n_inputs;
} batch_options;

static const char sweep_help[] =
    "Usage: healsim sweep [FILE] --vary S.K=SPEC [--vary S.K=SPEC]... [options]\n"
    "\n"
    "Run FILE (default: the built-in default) for every combination of the varied\n"
    "values.  SPEC: start:stop:step, start:stop:nN (N points), start:stop:nNlog\n"
    "(N points, log spacing) or a list a,b,c.  Writes DIR/sweep.csv (one row per run:\n"
    "run index, the values, status, outcomes) and, for one or two varied parameters,\n"
    "the sweep figure: the outcome against the value, or a heatmap.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR   output folder (default: sweep/); '-' streams the rows to stdout\n"
    "  --outcome NAME     the figure's outcome (default strength_end_pct; also\n"
    "                     strength_gain_pct, strength_min_pct, days_sore, peak_soreness,\n"
    "                     peak_inflammation_mean)\n"
    "  --timeseries       also write each run's time series, DIR/runs/run-N.csv\n"
    "  --format csv|json  the summary as CSV or JSON Lines (sweep.jsonl)\n"
    "  --jobs N           parallel runs (default: every processor); output is the same\n"
    "  --shard I/N        run only the I-th of N slices (join them with healsim merge)\n"
    "  --force            allow more than 100000 runs\n"
    "  --set S.K=V        override a parameter in every run\n"
    "  -q, --quiet        no progress bar, no summary line\n"
    "\n"
    "Exit status: 0 all runs ok, 1 some runs failed, 2 bad input, 130 interrupted.\n";

static const char population_help[] =
    "Usage: healsim population [FILE] [--n N] [--seed S] [--vary S.K=DIST]... [options]\n"
    "\n"
    "Simulate N virtual patients (default 1000) whose parameters are drawn from\n"
    "distributions: lognormal:cv=X (median: the file's value), normal:MEAN:SD or\n"
    "uniform:A:B, truncated to each parameter's valid range.  Without --vary, the\n"
    "parameters that differ most between people vary (docs/BATCH.md).  Writes\n"
    "DIR/population.csv (one row per patient: drawn values, outcomes, strength every\n"
    "two weeks) and the population figure: median strength with 50 % and 90 % bands.\n"
    "The same seed gives the same patients.\n"
    "\n"
    "Options: -o DIR (default population/), --format, --jobs, --shard, --force,\n"
    "--set, -q as for sweep.\n";

static const char sensitivity_help[] =
    "Usage: healsim sensitivity [FILE] [--outcome NAME] [options]\n"
    "\n"
    "Local normalized sensitivities d ln(outcome) / d ln(parameter) of one outcome\n"
    "(default strength_gain_pct) to every positive rate and constant of the model,\n"
    "by central differences of +-1 % in each.  Writes DIR/sensitivity.csv and the\n"
    "tornado chart of the ten largest, DIR/sensitivity.png/.svg.\n"
    "\n"
    "Options: -o DIR (default sensitivity/; '-' prints the table on stdout, no chart),\n"
    "--jobs, --set, -q.\n";

static const char merge_help[] =
    "Usage: healsim merge -o DIR SHARD...\n"
    "\n"
    "Join the outputs of healsim sweep/population --shard I/N (their folders or\n"
    "summary files) into DIR/<the same file name>: the file a single run would\n"
    "have written, byte for byte.  Refuses shards of different batches (headers\n"
    "differ), runs given twice, and missing runs.\n";

static int parse_batch_options(int argc, char **argv, batch_options *o, const char *help, const char *cmd)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *value = NULL;
#define NEED()                                                                \
    do {                                                                      \
        if (i + 1 >= argc)                                                    \
            return cli_usage_error("option '%s' needs a value", a);           \
        value = argv[++i];                                                    \
    } while (0)
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help, stdout);
            return 0;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            NEED();
            if (!value[0])
                return cli_usage_error("option '%s' needs a folder name", a);
            o->output = value;
        } else if (strcmp(a, "--vary") == 0) {
            NEED();
            if (o->n_vary == HEALSIM_MAX_VARY)
                return cli_usage_error("more than 8 --vary options (at '%s')", value);
            o->vary[o->n_vary++] = value;
        } else if (strcmp(a, "--set") == 0) {
            NEED();
            if (o->n_overrides == 256)
                return cli_usage_error("more than 256 --set options%s", "");
            o->overrides[o->n_overrides++] = value;
        } else if (strcmp(a, "--format") == 0) {
            NEED();
            if (strcmp(value, "csv") == 0)
                o->format = HEALSIM_BATCH_CSV;
            else if (strcmp(value, "json") == 0)
                o->format = HEALSIM_BATCH_JSONL;
            else
                return cli_usage_error("--format takes csv or json, not '%s'", value);
        } else if (strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0) {
            NEED();
            char *end;
            long n = strtol(value, &end, 10);
            if (*end || n < 1 || n > 256)
                return cli_usage_error("--jobs takes a number from 1 to 256, not '%s'", value);
            o->jobs = (unsigned)n;
        } else if (strcmp(a, "--shard") == 0) {
            NEED();
            unsigned long si, sn;
            char extra;
            if (sscanf(value, "%lu/%lu%c", &si, &sn, &extra) != 2 || sn < 1 || si < 1 || si > sn)
                return cli_usage_error("--shard takes I/N with 1 <= I <= N (e.g. 3/8), not '%s'", value);
            o->shard = si;
            o->n_shards = sn;
        } else if (strcmp(a, "--n") == 0) {
            NEED();
            char *end;
            double n = strtod(value, &end);
            if (*end || !(n >= 1) || n != floor(n) || n > (double)HEALSIM_BATCH_MAX_RUNS)
                return cli_usage_error("--n takes a whole number of patients from 1, not '%s'", value);
            o->n = (size_t)n;
        } else if (strcmp(a, "--seed") == 0) {
            NEED();
            char *end;
            errno = 0;
            unsigned long s = strtoul(value, &end, 10);
            if (*end || errno || value[0] == '-')
                return cli_usage_error("--seed takes a whole number from 0, not '%s'", value);
            o->seed = s;
        } else if (strcmp(a, "--outcome") == 0) {
            NEED();
            o->outcome = value;
        } else if (strcmp(a, "--force") == 0) {
            o->force = 1;
        } else if (strcmp(a, "--timeseries") == 0 && strcmp(cmd, "sweep") == 0) {
            o->timeseries = 1;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("unknown option '%s'", a);
        } else if (strcmp(cmd, "merge") == 0) {
            if (o->n_inputs == sizeof o->inputs / sizeof o->inputs[0])
                return cli_usage_error("too many shards (at '%s')", a);
            o->inputs[o->n_inputs++] = a;
        } else if (!o->file) {
            o->file = a;
        } else {
            return cli_usage_error("more than one parameter file given ('%s')", a);
        }
#undef NEED
    }
    return -1;
}

/* ---- writing rows ---------------------------------------------------------- */

typedef struct sink {
    const healsim_batch *b;
    healsim_batch_format format;
    FILE *out;
    char tmp[4096], final[4096]; /* a folder's file: temporary and final names */
    int io_error;
    /* progress */
    int progress;
    size_t done, total;
    double started, shown;
    size_t failed;
    /* the sweep figure: the outcome of each run */
    const char *outcome;
    double *outcomes;
    size_t first;
    /* the population figure: strength quantiles at each checkpoint */
    healsim_population_stats *stats;
    size_t n_times;
    /* --timeseries */
    const char *series_dir;
} sink;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void write_timeseries(sink *s, size_t index)
{
    healsim_params p;
    healsim_diag d;
    if (healsim_batch_params(s->b, index, &p, &d))
        return;
    healsim_run *run;
    if (healsim_run_alloc(&p, 0, &run, &d))
        return;
    /* under a temporary name, renamed when complete: a killed sweep leaves
    ** no truncated run-N.csv (healsim_output_remove_stale clears the rest) */
    char path[4200], tmp[4200];
    snprintf(path, sizeof path, "%s/run-%zu.csv", s->series_dir, index);
    snprintf(tmp, sizeof tmp, "%s/.run-%zu.csv.tmp-%ld", s->series_dir, index, (long)getpid());
    FILE *f = fopen(tmp, "w");
    int ok = f && healsim_output_timeseries_csv(run, f) == HEALSIM_OK;
    if (f && fclose(f) != 0)
        ok = 0;
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    if (!ok) {
        s->io_error = 1;
        if (f)
            unlink(tmp);
    }
    healsim_run_free(run);
}

static void on_row(const healsim_batch_result *r, void *data)
{
    sink *s = data;
    healsim_batch_row_write(s->b, r, s->format, s->out);
    if (fflush(s->out) != 0)
        s->io_error = 1;
    if (r->status != HEALSIM_OK)
        s->failed++;
    if (s->outcomes)
        s->outcomes[r->index - s->first] = healsim_batch_outcome(r, s->outcome);
    if (s->stats && r->status == HEALSIM_OK)
        healsim_population_stats_add(s->stats, &r->summary);
    if (s->series_dir && r->status == HEALSIM_OK)
        write_timeseries(s, r->index);
    s->done++;
    if (s->progress) {
        double t = now_s();
        if (t - s->shown > 0.1 || s->done == s->total) {
            s->shown = t;
            double rate = (double)s->done / fmax(t - s->started, 1e-9);
            int width = 30, filled = (int)((double)width * (double)s->done / (double)s->total);
            fprintf(stderr, "\r[%.*s%*s] %zu/%zu runs, %.0f/s, %.1f s left ", filled,
                    "==============================", width - filled, "", s->done, s->total, rate,
                    (double)(s->total - s->done) / rate);
            fflush(stderr);
        }
    }
}

/* ---- the figures ------------------------------------------------------------- */

typedef enum figure_kind { FIG_SWEEP, FIG_POPULATION, FIG_TORNADO } figure_kind;

static int write_bytes(size_t index, FILE *stream, void *data, healsim_diag *diag)
{
    const healsim_figure_file *files = data;
    (void)diag;
    return fwrite(files[index].bytes, 1, files[index].size, stream) == files[index].size ? HEALSIM_OK
                                                                                       : HEALSIM_ERR_IO;
}

/* Draw the figure in each of look's formats and write the files into dir,
** all or nothing.  Prints what went wrong. */
static int write_figure(const char *dir, const char *stem, figure_kind kind, const void *plot,
                        const healsim_params *look)
{
    healsim_figure_style style;
    cli_figures()->style_from_params(&style, look);
    static const struct {
        unsigned bit;
        const char *ext;
    } formats[] = { { HEALSIM_FORMAT_PNG, "png" }, { HEALSIM_FORMAT_SVG, "svg" }, { HEALSIM_FORMAT_PDF, "pdf" } };
    char names[3][64];
    const char *name_ptrs[3];
    healsim_figure_file files[3];
    size_t n = 0;
    for (size_t j = 0; j < 3; j++) {
        if (!(look->formats & formats[j].bit))
            continue;
        snprintf(names[n], sizeof names[n], "%s.%s", stem, formats[j].ext);
        name_ptrs[n] = names[n];
        memset(&files[n], 0, sizeof files[n]);
        files[n].format = formats[j].bit;
        n++;
    }
    healsim_diag diag = { 0 };
    int status = HEALSIM_OK;
    for (size_t j = 0; j < n && !status; j++) {
        FILE *mem = open_memstream(&files[j].bytes, &files[j].size);
        if (!mem) {
            status = HEALSIM_ERR_NOMEM;
            break;
        }
        status = kind == FIG_SWEEP        ? cli_figures()->sweep_render(files[j].format, plot, &style, mem, &diag)
                 : kind == FIG_POPULATION ? cli_figures()->population_render(files[j].format, plot, &style, mem, &diag)
                                          : cli_figures()->tornado_render(files[j].format, plot, &style, mem, &diag);
        if (fclose(mem) != 0 && !status)
            status = HEALSIM_ERR_NOMEM;
        if (status && !diag.file[0])
            snprintf(diag.file, sizeof diag.file, "%s", names[j]);
    }
    if (!status)
        status = healsim_output_atomic(dir, name_ptrs, n, write_bytes, files, &diag);
    for (size_t j = 0; j < n; j++)
        free(files[j].bytes);
    if (status)
        cli_print_diag(&diag);
    return status;
}

/* ---- the commands ------------------------------------------------------------- */

typedef struct batch_job {
    const batch_options *o;
    healsim_batch *b;
    sink s;
    size_t first, last;
    size_t delivered;
} batch_job;

/* The folder writer's callback: the whole batch, streamed into the file. */
static int stream_batch(size_t index, FILE *stream, void *data, healsim_diag *diag)
{
    batch_job *job = data;
    (void)index;
    job->s.out = stream;
    healsim_batch_row_header(job->b, job->s.format, stream);
    job->delivered = healsim_batch_execute(job->b, job->first, job->last, job->o->jobs, on_row, &job->s,
                                           &interrupted);
    if (job->s.io_error || ferror(stream)) {
        snprintf(diag->message, sizeof diag->message, "cannot write the summary: %s", strerror(errno));
        return HEALSIM_ERR_IO;
    }
    return HEALSIM_OK;
}

static int make_dirs_for(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(path, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

/* Values spaced evenly in log: at least three, all above 0, constant ratio. */
static int is_log_spaced(const double *v, size_t n)
{
    if (n < 3 || !(v[0] > 0))
        return 0;
    double r = v[1] / v[0];
    if (fabs(r - 1) < 1e-9)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (fabs(v[i] / v[i - 1] / r - 1) > 1e-6)
            return 0;
    return 1;
}

/* sensitivity.csv and the tornado chart from the outcomes of every run. */
static int write_sensitivity(const batch_options *o, const healsim_batch *b, const double *outcomes,
                             const char *outcome, const healsim_params *base)
{
    const size_t n_par = healsim_batch_n_parameters(b);
    double *sens = calloc(n_par + 1, sizeof *sens);
    size_t *order = calloc(n_par + 1, sizeof *order);
    if (sens && order && healsim_sensitivity_coefficients(outcomes, n_par, sens) != HEALSIM_OK) {
        fprintf(stderr, "healsim: error: %s is %g in the base run; a relative sensitivity needs it above 0 "
                "(choose another with --outcome)\n", outcome, outcomes[0]);
        free(sens);
        free(order);
        return EXIT_USAGE;
    }
    char *csv = NULL;
    size_t csv_size = 0;
    FILE *mem = open_memstream(&csv, &csv_size);
    int exit_status = 0;
    if (!mem || !sens || !order) {
        fprintf(stderr, "healsim: error: out of memory\n");
        exit_status = EXIT_USAGE;
    } else {
        healsim_sensitivity_csv(b, outcomes, sens, outcome, mem);
        healsim_sensitivity_rank(sens, n_par, order);
    }
    if (mem && fclose(mem) != 0 && !exit_status)
        exit_status = EXIT_USAGE;
    if (!exit_status) {
        /* the ten largest; a parameter whose runs failed has no bar */
        size_t n_bars = 0;
        char names[10][160];
        const char *bar_names[10];
        double bars[10], value;
        while (n_bars < n_par && n_bars < 10 && isfinite(sens[order[n_bars]])) {
            /* the name is in a buffer the next call overwrites: copy it */
            snprintf(names[n_bars], sizeof names[0], "%s", healsim_batch_parameter(b, order[n_bars], &value));
            bar_names[n_bars] = names[n_bars];
            bars[n_bars] = sens[order[n_bars]];
            n_bars++;
        }
        const char *csv_name[1] = { "sensitivity.csv" };
        healsim_figure_file f = { .bytes = csv, .size = csv_size };
        healsim_diag diag = { 0 };
        if (strcmp(o->output, "-") == 0) { /* the table on stdout, no figure */
            if (fwrite(csv, 1, csv_size, stdout) != csv_size || fflush(stdout) != 0) {
                fprintf(stderr, "healsim: error: cannot write to standard output: %s\n", strerror(errno));
                exit_status = EXIT_USAGE;
            }
        } else if (healsim_output_atomic(o->output, csv_name, 1, write_bytes, &f, &diag)) {
            cli_print_diag(&diag);
            exit_status = EXIT_USAGE;
        } else if (base->formats && n_bars > 0) {
            healsim_tornado_plot plot = { n_bars, bar_names, bars, outcome, base->title };
            if (write_figure(o->output, "sensitivity", FIG_TORNADO, &plot, base))
                exit_status = EXIT_USAGE;
        }
    }
    free(csv);
    free(sens);
    free(order);
    return exit_status;
}

static int run_batch(const char *cmd, healsim_batch_kind kind, int argc, char **argv, const char *help)
{
    batch_options o = { 0 };
    o.output = cmd;
    o.n = 1000;
    o.seed = 1;
    int rc = parse_batch_options(argc, argv, &o, help, cmd);
    if (rc >= 0)
        return rc;
    healsim_params base;
    healsim_diag diag;
    int status = healsim_params_load(o.file, o.overrides, o.n_overrides, &base, &diag);
    if (status) {
        cli_print_diag(&diag);
        return EXIT_USAGE;
    }
    if (kind == HEALSIM_BATCH_SWEEP && o.n_vary == 0)
        return cli_usage_error("sweep needs at least one --vary section.key=SPEC%s", "");
    if (kind == HEALSIM_BATCH_SENSITIVITY && (o.n_vary || o.n_shards))
        return cli_usage_error("sensitivity varies every parameter itself: %s does not apply",
                               o.n_vary ? "--vary" : "--shard");
    healsim_batch *b = NULL;
    status = healsim_batch_alloc(&base, kind, o.n, o.seed, &b, &diag);
    for (size_t i = 0; !status && i < o.n_vary; i++)
        status = healsim_batch_vary(b, o.vary[i], &diag);
    if (!status && kind == HEALSIM_BATCH_POPULATION && o.n_vary == 0)
        status = healsim_batch_vary_defaults(b, &diag);
    const char *outcome = o.outcome ? o.outcome : kind == HEALSIM_BATCH_SENSITIVITY ? "strength_gain_pct"
                                                                                      : "strength_end_pct";
    if (!status)
        status = healsim_batch_set_outcome(b, outcome, &diag);
    if (status) {
        cli_print_diag(&diag);
        healsim_batch_free(b);
        return EXIT_USAGE;
    }
    const size_t n_runs = healsim_batch_n_runs(b);
    if (n_runs > HEALSIM_BATCH_MAX_RUNS) { /* --force does not help: say so first */
        fprintf(stderr, "healsim: error: more than %lu runs, even with --force; use fewer values\n",
                HEALSIM_BATCH_MAX_RUNS);
        healsim_batch_free(b);
        return EXIT_USAGE;
    }
    if (n_runs > HEALSIM_BATCH_DEFAULT_MAX_RUNS && !o.force) {
        fprintf(stderr, "healsim: error: %zu runs is more than %d; add --force to run them\n", n_runs,
                HEALSIM_BATCH_DEFAULT_MAX_RUNS);
        healsim_batch_free(b);
        return EXIT_USAGE;
    }
    batch_job job = { 0 };
    job.o = &o;
    job.b = b;
    job.first = 0;
    job.last = n_runs;
    if (o.n_shards) {
        job.first = (size_t)((double)(o.shard - 1) * (double)n_runs / (double)o.n_shards);
        job.last = (size_t)((double)o.shard * (double)n_runs / (double)o.n_shards);
    }
    const int to_stdout = strcmp(o.output, "-") == 0;
    /* a sweep figure shows at most HEALSIM_MAX_SWEEP_RUNS runs; a bigger sweep is the CSV alone */
    const int too_many_to_draw = n_runs > HEALSIM_MAX_SWEEP_RUNS;
    const int sweep_figure = kind == HEALSIM_BATCH_SWEEP && healsim_batch_n_vary(b) <= 2 && !o.n_shards
                             && !to_stdout && !too_many_to_draw;
    if (kind == HEALSIM_BATCH_SWEEP && too_many_to_draw && !o.n_shards && !to_stdout && base.formats
        && !o.quiet)
        fprintf(stderr, "healsim: note: no sweep figure: it shows at most %d runs, this sweep has %zu\n",
                HEALSIM_MAX_SWEEP_RUNS, n_runs);
    const int draws = !to_stdout && !o.n_shards && (kind != HEALSIM_BATCH_SWEEP || sweep_figure)
                      && base.formats;
    if (draws && cli_check_figures(&base, o.file, o.overrides, o.n_overrides, NULL)) {
        healsim_batch_free(b);
        return EXIT_USAGE;
    }
    sink *s = &job.s;
    s->b = b;
    s->format = o.format;
    s->total = job.last - job.first;
    s->first = job.first;
    s->progress = !o.quiet && isatty(STDERR_FILENO);
    s->started = s->shown = now_s();
    s->outcome = outcome;
    if (sweep_figure || kind == HEALSIM_BATCH_SENSITIVITY)
        s->outcomes = malloc((s->total ? s->total : 1) * sizeof *s->outcomes);
    const double *days = NULL;
    if (kind == HEALSIM_BATCH_POPULATION && draws) {
        days = healsim_batch_checkpoints(b, &s->n_times);
        healsim_population_stats_alloc(s->n_times, &s->stats);
    }
    char series[4200];
    if (o.timeseries && !to_stdout) {
        snprintf(series, sizeof series, "%s/runs", o.output);
        if (make_dirs_for(series) != 0) {
            fprintf(stderr, "%s: error: cannot create the folder: %s\n", series, strerror(errno));
            free(s->outcomes);
            healsim_population_stats_free(s->stats);
            healsim_batch_free(b);
            return EXIT_USAGE;
        }
        healsim_output_remove_stale(series);
        s->series_dir = series;
    }
    struct sigaction sa = { 0 }, old_sa;
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, &old_sa);
    char file_name[64];
    snprintf(file_name, sizeof file_name, "%s.%s", cmd, o.format == HEALSIM_BATCH_JSONL ? "jsonl" : "csv");
    const char *names[1] = { file_name };
    memset(&diag, 0, sizeof diag);
    if (kind == HEALSIM_BATCH_SENSITIVITY) {
        s->out = fopen("/dev/null", "w");
        status = s->out ? HEALSIM_OK : HEALSIM_ERR_IO;
        if (!status) {
            job.delivered = healsim_batch_execute(b, 0, n_runs, o.jobs, on_row, s, &interrupted);
            fclose(s->out);
        }
    } else if (to_stdout) {
        status = stream_batch(0, stdout, &job, &diag);
    } else {
        status = healsim_output_atomic(o.output, names, 1, stream_batch, &job, &diag);
    }
    if (s->progress)
        fputs("\r\033[K", stderr);
    int exit_status = 0;
    if (status) {
        if (!diag.file[0])
            snprintf(diag.file, sizeof diag.file, "%s", to_stdout ? "stdout" : o.output);
        cli_print_diag(&diag);
        exit_status = EXIT_USAGE;
    } else if (interrupted) {
        fprintf(stderr, "healsim: interrupted after %zu of %zu runs; %s holds them\n", job.delivered,
                s->total, to_stdout ? "the output" : file_name);
        exit_status = EXIT_INTERRUPTED;
    }
    /* the figure, and for sensitivity the table */
    if (!exit_status && kind == HEALSIM_BATCH_SENSITIVITY)
        exit_status = write_sensitivity(&o, b, s->outcomes, outcome, &base);
    else if (!exit_status && draws && kind == HEALSIM_BATCH_SWEEP) {
        healsim_sweep_plot plot = { 0 };
        plot.n_axes = healsim_batch_n_vary(b);
        for (size_t k = 0; k < plot.n_axes; k++) {
            plot.axis_name[k] = healsim_batch_vary_name(b, k);
            plot.axis_unit[k] = healsim_batch_vary_unit(b, k);
            plot.values[k] = healsim_batch_axis(b, k, &plot.n[k]);
            plot.log_axis[k] = is_log_spaced(plot.values[k], plot.n[k]);
        }
        plot.outcome = s->outcomes;
        /* for the patient, fewer sore days and less soreness are better */
        plot.lower_is_better = strcmp(outcome, "days_sore") == 0 || strcmp(outcome, "peak_soreness") == 0;
        plot.outcome_name = strcmp(outcome, "strength_end_pct") == 0 ? base.text[HEALSIM_TEXT_AXIS_END_STRENGTH]
                                                                      : outcome;
        plot.title = base.title;
        if (write_figure(o.output, "sweep", FIG_SWEEP, &plot, &base))
            exit_status = EXIT_USAGE;
    } else if (!exit_status && draws && kind == HEALSIM_BATCH_POPULATION) {
        size_t n = s->stats ? healsim_population_stats_count(s->stats) : 0;
        double *q = calloc(5 * s->n_times, sizeof *q);
        if (q && n > 0) {
            static const double qs[5] = { 0.05, 0.25, 0.5, 0.75, 0.95 };
            for (size_t k = 0; k < s->n_times; k++)
                for (int j = 0; j < 5; j++)
                    q[(size_t)j * s->n_times + k] = healsim_population_stats_quantile(s->stats, k, qs[j]);
            /* the injections of the schedule all patients share */
            double injection_days[HEALSIM_MAX_INJECTIONS];
            size_t n_injections = healsim_schedule_injection_days(&base, injection_days);
            healsim_population_plot plot = { s->n_times, days, q, q + s->n_times, q + 2 * s->n_times,
                                             q + 3 * s->n_times, q + 4 * s->n_times, n, n_injections,
                                             injection_days, base.title };
            if (write_figure(o.output, "population", FIG_POPULATION, &plot, &base))
                exit_status = EXIT_USAGE;
        }
        free(q);
    }
    if (!exit_status && !o.quiet && !to_stdout) {
        char shard[64] = "";
        if (o.n_shards)
            snprintf(shard, sizeof shard, " (shard %zu of %zu)", o.shard, o.n_shards);
        printf("%zu runs%s, %zu failed, in %.2f s: %s/%s\n", s->total, shard, s->failed,
               now_s() - s->started, o.output, kind == HEALSIM_BATCH_SENSITIVITY ? "sensitivity.csv" : file_name);
    }
    if (!exit_status && s->failed)
        exit_status = EXIT_SIMULATION;
    sigaction(SIGINT, &old_sa, NULL);
    free(s->outcomes);
    healsim_population_stats_free(s->stats);
    healsim_batch_free(b);
    return exit_status;
}

int cli_sweep(int argc, char **argv)
{
    return run_batch("sweep", HEALSIM_BATCH_SWEEP, argc, argv, sweep_help);
}

int cli_population(int argc, char **argv)
{
    return run_batch("population", HEALSIM_BATCH_POPULATION, argc, argv, population_help);
}

int cli_sensitivity(int argc, char **argv)
{
    return run_batch("sensitivity", HEALSIM_BATCH_SENSITIVITY, argc, argv, sensitivity_help);
}

/* ---- merge ------------------------------------------------------------------ */

typedef struct merged_row {
    size_t run;
    char *line;
} merged_row;

static int compare_rows(const void *a, const void *b)
{
    size_t x = ((const merged_row *)a)->run, y = ((const merged_row *)b)->run;
    return (x > y) - (x < y);
}

typedef struct merged {
    char *header; /* CSV only */
    merged_row *rows;
    size_t n;
} merged;

static int write_merged(size_t index, FILE *stream, void *data, healsim_diag *diag)
{
    const merged *m = data;
    (void)index;
    (void)diag;
    if (m->header)
        fputs(m->header, stream);
    for (size_t i = 0; i < m->n; i++)
        fputs(m->rows[i].line, stream);
    return ferror(stream) ? HEALSIM_ERR_IO : HEALSIM_OK;
}

/* The summary file of a shard: the path itself, or the one summary file
** in a folder. */
static int shard_file(const char *input, char *path, size_t size)
{
    struct stat st;
    if (stat(input, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        snprintf(path, size, "%s", input);
        return 0;
    }
    static const char *const names[] = { "sweep.csv", "population.csv", "sweep.jsonl", "population.jsonl" };
    int found = 0;
    for (size_t i = 0; i < 4; i++) {
        char p[4200];
        snprintf(p, sizeof p, "%s/%s", input, names[i]);
        if (access(p, R_OK) == 0) {
            snprintf(path, size, "%s", p);
            found++;
        }
    }
    return found == 1 ? 0 : -2;
}

int cli_merge(int argc, char **argv)
{
    batch_options o = { 0 };
    int rc = parse_batch_options(argc, argv, &o, merge_help, "merge");
    if (rc >= 0)
        return rc;
    if (!o.output)
        return cli_usage_error("merge needs -o DIR, where the joined file goes%s", "");
    if (o.n_inputs == 0)
        return cli_usage_error("merge needs the shards' folders or files%s", "");
    merged m = { 0 };
    size_t cap = 0;
    char name[256] = "";
    int status = 0;
    char *line = NULL;
    size_t line_cap = 0;
    for (size_t i = 0; i < o.n_inputs && !status; i++) {
        char path[4200];
        int found = shard_file(o.inputs[i], path, sizeof path);
        if (found) {
            if (found == -1)
                fprintf(stderr, "%s: error: cannot read the shard: %s\n", o.inputs[i], strerror(errno));
            else
                fprintf(stderr, "%s: error: not one summary file of healsim sweep or population in it\n",
                        o.inputs[i]);
            status = EXIT_USAGE;
            break;
        }
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        if (!name[0])
            snprintf(name, sizeof name, "%s", base);
        else if (strcmp(name, base) != 0) {
            fprintf(stderr, "%s: error: a %s among shards of %s: shards of one batch have the same file\n", path,
                    base, name);
            status = EXIT_USAGE;
            break;
        }
        const int json = strstr(name, ".jsonl") != NULL;
        FILE *f = fopen(path, "r");
        if (!f) {
            fprintf(stderr, "%s: error: cannot read the shard: %s\n", path, strerror(errno));
            status = EXIT_USAGE;
            break;
        }
        int number = 0;
        while (!status && getline(&line, &line_cap, f) >= 0) {
            number++;
            if (number == 1 && !json) {
                if (!m.header)
                    m.header = strdup(line);
                else if (strcmp(m.header, line) != 0) {
                    fprintf(stderr, "%s:1: error: the header differs from the first shard's: not the same "
                            "batch\n", path);
                    status = EXIT_USAGE;
                }
                continue;
            }
            const char *p = json ? (strncmp(line, "{\"run\":", 7) == 0 ? line + 7 : NULL) : line;
            char *end = NULL;
            unsigned long long run = p ? strtoull(p, &end, 10) : 0;
            if (!p || end == p || (*end != ',' && *end != '}')) {
                fprintf(stderr, "%s:%d: error: not a row of healsim sweep or population (no run number)\n",
                        path, number);
                status = EXIT_USAGE;
                break;
            }
            if (m.n == cap) {
                cap = cap ? 2 * cap : 1024;
                merged_row *grown = realloc(m.rows, cap * sizeof *grown);
                if (!grown) {
                    status = EXIT_USAGE;
                    break;
                }
                m.rows = grown;
            }
            m.rows[m.n].run = (size_t)run;
            m.rows[m.n].line = strdup(line);
            m.n++;
        }
        fclose(f);
    }
    free(line);
    if (!status) {
        qsort(m.rows, m.n, sizeof *m.rows, compare_rows);
        for (size_t i = 0; i < m.n && !status; i++) {
            if (m.rows[i].run == i)
                continue;
            if (i > 0 && m.rows[i].run == m.rows[i - 1].run)
                fprintf(stderr, "healsim: error: run %zu is in two shards\n", m.rows[i].run);
            else
                fprintf(stderr, "healsim: error: runs %zu to %zu are missing: is a shard missing?\n", i,
                        m.rows[i].run - 1);
            status = EXIT_USAGE;
        }
    }
    if (!status) {
        healsim_diag diag = { 0 };
        const char *names[1] = { name };
        if (healsim_output_atomic(o.output, names, 1, write_merged, &m, &diag)) {
            cli_print_diag(&diag);
            status = EXIT_USAGE;
        } else if (!o.quiet) {
            printf("merged %zu runs from %zu shards: %s/%s\n", m.n, o.n_inputs, o.output, name);
        }
    }
    for (size_t i = 0; i < m.n; i++)
        free(m.rows[i].line);
    free(m.rows);
    free(m.header);
    return status;
}
