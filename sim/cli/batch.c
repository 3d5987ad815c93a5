/*
** batch.c — what healsim sweep, population and sensitivity share: many
** runs from scripts (healsim/batch.h does the work).
**
** The summary streams a row per run, in run order, as runs finish: to
** stdout with -o -, else to DIR/<kind>.csv (or .jsonl with --table json):
** the table, runs/, the shard record and the figure are one transaction
** (healsim_output_begin) that replaces DIR at the end.  Ctrl-C stops
** handing out runs, waits for the ones running, and leaves a valid file of
** the runs that finished (exit 130).  A run that fails is a row with its
** status; the batch goes on and exits 1.  The figure is drawn at the end
** from what the rows held, so memory does not grow with the number of runs
** (the sweep keeps one number a run for its figure, the population a
** histogram a checkpoint).  --shard I/N runs the I-th of N equal slices of
** the run indices, and writes beside its table the shard's record
** (healsim/shard.h: the batch's identity, the slice, the table's size and
** hash), in the same all-or-nothing write; healsim merge joins the slices'
** files back into the file one run would have written.
*/
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "healsim/batch.h"
#include "healsim/shard.h"
#include "healsim/output.h"
#include "healsim/run.h"

#include "cli.h"

/* The signal that stopped the batch (0: none).  SIGINT is Ctrl-C; SIGTERM
** is what Slurm sends at a time limit or on scancel, and kill by default;
** SIGHUP a closed terminal.  All three stop the batch the same way: no new
** runs, the running ones finish, the finished ones are kept. */
static volatile sig_atomic_t interrupted;
static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define N_STOP_SIGNALS (sizeof stop_signals / sizeof stop_signals[0])

static void on_stop_signal(int sig)
{
    interrupted = sig;
}

static const char *signal_name(int sig)
{
    return sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "SIGINT";
}

static int write_bytes(size_t index, FILE *stream, void *data, healsim_diag *diag)
{
    const healsim_figure_file *files = data;
    (void)diag;
    return fwrite(files[index].bytes, 1, files[index].size, stream) == files[index].size ? HEALSIM_OK
                                                                                       : HEALSIM_ERR_IO;
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
    if (healsim_simulate(&p, 0, &run, &d))
        return;
    /* into the staging folder's runs/ (the output transaction publishes
    ** it with the table), under a temporary name renamed when complete */
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

/* ---- the commands ------------------------------------------------------------- */

typedef struct batch_job {
    const cli_options *o;
    healsim_batch *b;
    sink s;
    size_t first, last;
    size_t delivered;
    healsim_shard_record *record; /* a shard's: its table's size and hash filled as it is written */
} batch_job;

/* A stream that passes every byte on to another and hashes it on the way:
** the shard record's table_bytes and table_hash are of exactly the bytes
** the table holds. */
typedef struct hashing {
    FILE *to;
    uint64_t hash, bytes;
} hashing;

static ssize_t hashing_write(void *cookie, const char *buf, size_t size)
{
    hashing *h = cookie;
    size_t put = fwrite(buf, 1, size, h->to);
    h->hash = healsim_hash_bytes(h->hash, buf, put);
    h->bytes += put;
    return put == size ? (ssize_t)put : -1;
}

/* The folder writer's callback: the whole batch, streamed into the file;
** for a shard, then its record. */
static int stream_batch(size_t index, FILE *stream, void *data, healsim_diag *diag)
{
    batch_job *job = data;
    if (index == 1) {
        if (healsim_shard_record_write(job->record, stream) != HEALSIM_OK) {
            snprintf(diag->message, sizeof diag->message, "cannot write the shard record: %s", strerror(errno));
            return HEALSIM_ERR_IO;
        }
        return HEALSIM_OK;
    }
    hashing h = { stream, HEALSIM_HASH_INIT, 0 };
    FILE *out = stream;
    if (job->record) {
        static const cookie_io_functions_t io = { .write = hashing_write };
        if (!(out = fopencookie(&h, "w", io))) {
            snprintf(diag->message, sizeof diag->message, "out of memory");
            return HEALSIM_ERR_NOMEM;
        }
    }
    job->s.out = out;
    healsim_batch_row_header(job->b, job->s.format, out);
    job->delivered = healsim_batch_execute(job->b, job->first, job->last, job->o->jobs, on_row, &job->s,
                                           &interrupted);
    int failed = job->s.io_error || ferror(out);
    if (out != stream) {
        failed |= fclose(out) != 0;
        job->s.out = stream;
        job->record->n_rows = job->delivered;
        job->record->table_bytes = h.bytes;
        healsim_hash_text(h.hash, job->record->table_hash);
    }
    if (failed || ferror(stream)) {
        snprintf(diag->message, sizeof diag->message, "cannot write the summary: %s", strerror(errno));
        return HEALSIM_ERR_IO;
    }
    return HEALSIM_OK;
}

/* The sweep figure wants each axis increasing; a list may be given in any
** order (--vary k=3,1,2), and the table keeps that order.  Put the plot's
** axes and outcomes in increasing order, in buffers of *owned (3, to free);
** returns HEALSIM_OK or HEALSIM_ERR_NOMEM. */
static const double *axis_sort_key;
static int by_axis_value(const void *a, const void *b)
{
    const double x = axis_sort_key[*(const size_t *)a], y = axis_sort_key[*(const size_t *)b];
    return (x > y) - (x < y);
}

static int sort_sweep_axes(healsim_sweep_plot *p, double *owned[3])
{
    size_t *order[2] = { NULL, NULL };
    const size_t n1 = p->n_axes == 2 ? p->n[1] : 1;
    int status = HEALSIM_OK;
    for (size_t k = 0; k < p->n_axes && !status; k++) {
        order[k] = malloc(p->n[k] * sizeof *order[k]);
        owned[k] = malloc(p->n[k] * sizeof *owned[k]);
        if (!order[k] || !owned[k]) {
            status = HEALSIM_ERR_NOMEM;
            break;
        }
        for (size_t i = 0; i < p->n[k]; i++)
            order[k][i] = i;
        axis_sort_key = p->values[k];
        qsort(order[k], p->n[k], sizeof *order[k], by_axis_value);
        for (size_t i = 0; i < p->n[k]; i++)
            owned[k][i] = p->values[k][order[k][i]];
    }
    if (!status && !(owned[2] = malloc(p->n[0] * n1 * sizeof *owned[2])))
        status = HEALSIM_ERR_NOMEM;
    if (!status) {
        for (size_t r0 = 0; r0 < p->n[0]; r0++)
            for (size_t r1 = 0; r1 < n1; r1++)
                owned[2][r0 * n1 + r1] = p->outcome[order[0][r0] * n1 + (p->n_axes == 2 ? order[1][r1] : 0)];
        for (size_t k = 0; k < p->n_axes; k++)
            p->values[k] = owned[k];
        p->outcome = owned[2];
    }
    free(order[0]);
    free(order[1]);
    return status;
}

/* sensitivity.csv and the tornado chart from the outcomes of every run. */
static int write_sensitivity(const healsim_figures *figures, healsim_output_txn *txn, const healsim_batch *b,
                             const double *outcomes, const char *outcome, const healsim_params *base,
                             const healsim_figure_config *figure)
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
        healsim_figure_file f = { .bytes = csv, .size = csv_size };
        healsim_diag diag = { 0 };
        if (!txn) { /* -o -: the table on stdout, no figure */
            if (fwrite(csv, 1, csv_size, stdout) != csv_size || fflush(stdout) != 0) {
                fprintf(stderr, "healsim: error: cannot write to standard output: %s\n", strerror(errno));
                exit_status = EXIT_USAGE;
            }
        } else if (healsim_output_put(txn, "sensitivity.csv", write_bytes, 0, &f, &diag)) {
            cli_print_diag(&diag);
            exit_status = EXIT_USAGE;
        } else if (figures && n_bars > 0) {
            healsim_tornado_plot plot = { n_bars, bar_names, bars, outcome, base->title };
            exit_status = cli_write_batch_figure(figures, txn, "sensitivity", CLI_FIGURE_TORNADO, &plot, figure);
        }
    }
    free(csv);
    free(sens);
    free(order);
    return exit_status;
}

int cli_batch_command(const cli_command *self, healsim_batch_kind kind, int argc, char **argv)
{
    const char *const cmd = self->name;
    cli_options o = { 0 };
    o.seed = 1;
    int rc = cli_parse(self, argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (!o.output)
        o.output = cmd;
    if (!o.n_patients)
        o.n_patients = 1000;
    const char *file = o.n_positional ? o.positional[0] : NULL;
    healsim_params base;
    healsim_diag diag;
    healsim_figure_config figure;
    if (cli_load_params(file, &o, &base, &figure))
        return EXIT_USAGE;
    int status = HEALSIM_OK;
    if (kind == HEALSIM_BATCH_SWEEP && o.n_vary == 0)
        return cli_usage_error(cmd, "sweep needs at least one --vary section.key=SPEC%s", "");
    healsim_batch *b = NULL;
    status = healsim_batch_alloc(&base, kind, o.n_patients, o.seed, &b, &diag);
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
    if (kind == HEALSIM_BATCH_SWEEP && too_many_to_draw && !o.n_shards && !to_stdout && figure.formats
        && !o.no_figures && !o.quiet)
        fprintf(stderr, "healsim: note: no sweep figure: it shows at most %d runs, this sweep has %zu\n",
                HEALSIM_MAX_SWEEP_RUNS, n_runs);
    const int draws = !to_stdout && !o.n_shards && (kind != HEALSIM_BATCH_SWEEP || sweep_figure)
                      && figure.formats && !o.no_figures;
    const healsim_figures *figures = NULL;
    if (draws && !(figures = cli_check_figures(&figure, file, &o))) {
        healsim_batch_free(b);
        return EXIT_USAGE;
    }
    sink *s = &job.s;
    s->b = b;
    s->format = o.table;
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
    /* the whole output folder is one transaction: table, runs/, record
    ** and figure go into its staging folder and replace DIR together */
    healsim_output_txn *txn = NULL;
    if (!to_stdout && healsim_output_begin(o.output, &txn, &diag) != HEALSIM_OK) {
        cli_print_diag(&diag);
        free(s->outcomes);
        healsim_population_stats_free(s->stats);
        healsim_batch_free(b);
        return EXIT_USAGE;
    }
    char series[4200];
    if (o.timeseries && txn) {
        snprintf(series, sizeof series, "%s/runs", healsim_output_staging(txn));
        if (mkdir(series, 0777) != 0) {
            char shown[4200];
            snprintf(shown, sizeof shown, "%s/runs", o.output);
            fprintf(stderr, "%s: error: cannot create the folder: %s\n", shown, strerror(errno));
            healsim_output_abort(txn);
            free(s->outcomes);
            healsim_population_stats_free(s->stats);
            healsim_batch_free(b);
            return EXIT_USAGE;
        }
        s->series_dir = series;
    }
    struct sigaction sa = { 0 }, old_sa[N_STOP_SIGNALS];
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    interrupted = 0;
    for (size_t i = 0; i < N_STOP_SIGNALS; i++)
        sigaction(stop_signals[i], &sa, &old_sa[i]);
    char file_name[64];
    snprintf(file_name, sizeof file_name, "%s.%s", cmd, o.table == HEALSIM_BATCH_JSONL ? "jsonl" : "csv");
    const char *names[2] = { file_name, HEALSIM_SHARD_FILE };
    memset(&diag, 0, sizeof diag);
    healsim_shard_record record = { 0 };
    if (o.n_shards && !to_stdout) {
        snprintf(record.version, sizeof record.version, "%s", healsim_version());
        snprintf(record.table, sizeof record.table, "%s", file_name);
        record.shard = o.shard;
        record.n_shards = o.n_shards;
        record.n_runs = n_runs;
        record.first_run = job.first;
        record.end_run = job.last;
        if (healsim_batch_identity(b, o.table, record.batch) == HEALSIM_OK)
            job.record = &record;
        else
            status = HEALSIM_ERR_NOMEM;
    }
    if (kind == HEALSIM_BATCH_SENSITIVITY) {
        s->out = fopen("/dev/null", "w");
        status = s->out ? HEALSIM_OK : HEALSIM_ERR_IO;
        if (!status) {
            job.delivered = healsim_batch_execute(b, 0, n_runs, o.jobs, on_row, s, &interrupted);
            fclose(s->out);
        }
    } else if (to_stdout) {
        status = stream_batch(0, stdout, &job, &diag);
    } else if (status == HEALSIM_OK) {
        for (size_t i = 0; i < (job.record ? 2u : 1u) && status == HEALSIM_OK; i++)
            status = healsim_output_put(txn, names[i], stream_batch, i, &job, &diag);
    }
    if (s->progress)
        fputs("\r\033[K", stderr);
    int exit_status = 0;
    if (status) {
        if (!diag.file[0])
            snprintf(diag.file, sizeof diag.file, "%s", to_stdout ? "stdout" : o.output);
        cli_print_diag(&diag);
        exit_status = EXIT_USAGE;
    } else if (interrupted && kind == HEALSIM_BATCH_SENSITIVITY) {
        fprintf(stderr, "healsim: interrupted (%s) after %zu of %zu runs; nothing written: "
                        "the sensitivities need every run\n",
                signal_name(interrupted), job.delivered, s->total);
        exit_status = 128 + interrupted;
    } else if (interrupted) {
        fprintf(stderr, "healsim: interrupted (%s) after %zu of %zu runs; %s holds them\n",
                signal_name(interrupted), job.delivered, s->total, to_stdout ? "the output" : file_name);
        exit_status = 128 + interrupted;
    }
    /* the figure, and for sensitivity the table */
    if (!exit_status && kind == HEALSIM_BATCH_SENSITIVITY)
        exit_status = write_sensitivity(figures, txn, b, s->outcomes, outcome, &base, &figure);
    else if (!exit_status && draws && kind == HEALSIM_BATCH_SWEEP) {
        healsim_sweep_plot plot = { 0 };
        plot.n_axes = healsim_batch_n_vary(b);
        for (size_t k = 0; k < plot.n_axes; k++) {
            plot.axis_name[k] = healsim_batch_vary_name(b, k);
            plot.axis_unit[k] = healsim_batch_vary_unit(b, k);
            plot.values[k] = healsim_batch_axis(b, k, &plot.n[k]);
            plot.log_axis[k] = healsim_batch_axis_log_spaced(b, k);
        }
        plot.outcome = s->outcomes;
        plot.lower_is_better = healsim_batch_outcome_lower_is_better(outcome);
        plot.outcome_name = strcmp(outcome, "strength_end_pct") == 0 ? figure.text[HEALSIM_TEXT_AXIS_END_STRENGTH]
                                                                      : outcome;
        plot.title = base.title;
        double *sorted[3] = { NULL, NULL, NULL };
        if (sort_sweep_axes(&plot, sorted) != HEALSIM_OK) {
            fprintf(stderr, "healsim: error: out of memory\n");
            exit_status = EXIT_USAGE;
        } else
            exit_status = cli_write_batch_figure(figures, txn, "sweep", CLI_FIGURE_SWEEP, &plot, &figure);
        for (int k = 0; k < 3; k++)
            free(sorted[k]);
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
            exit_status = cli_write_batch_figure(figures, txn, "population", CLI_FIGURE_POPULATION, &plot,
                                                 &figure);
        }
        free(q);
    }
    /* publish: a complete set, or the finished runs of an interrupted
    ** sweep or population (without its figure); else DIR stays as it was */
    const int publish = !exit_status || (interrupted && kind != HEALSIM_BATCH_SENSITIVITY
                                         && exit_status == 128 + interrupted);
    if (txn && publish) {
        memset(&diag, 0, sizeof diag);
        if (healsim_output_commit(txn, &diag) != HEALSIM_OK) {
            cli_print_diag(&diag);
            exit_status = EXIT_USAGE;
        }
    } else {
        healsim_output_abort(txn);
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
    for (size_t i = 0; i < N_STOP_SIGNALS; i++)
        sigaction(stop_signals[i], &old_sa[i], NULL);
    free(s->outcomes);
    healsim_population_stats_free(s->stats);
    healsim_batch_free(b);
    return exit_status;
}

