/*
** fuzz_cli.c — libFuzzer target for healsim's command line (sim/cli/):
** every command's option parsing and what it does with the options,
** without long simulations and without writing files.
**
** Input: the arguments after "healsim", one a line ('\n' separates them; an
** argument cannot hold a newline).  For example
**     "run\n--set\nschedule.count=2\n-o\n-\n"
** runs `healsim run --set schedule.count=2 -o -`.  At most MAX_ARGS.
**
** The command runs in-process (healsim_main, fuzz/cli_main.c) inside a
** scratch folder holding a copy of params/, a short preset pair (short-a.ini, short-b.ini, pair.txt), the output folder of one
** run (out1/, for `healsim plot`) and two shards of a sweep (s1/, s2/, for
** `healsim merge`).  What the command leaves there is removed after each
** input.  An argument that starts with '/' or holds '..' skips the input, so
** nothing outside the scratch folder is read or written.
**
** The linker's --wrap (fuzz/harness.cmake) puts these in front of the
** library, so that an input takes milliseconds, not seconds:
**   healsim_simulate       simulates only short runs (span <= 60 days, at
**                           most 1000 output rows, at most 5000 solver steps);
**                           a longer one fails as a solver failure would
**   healsim_batch_execute   simulates the first 3 runs of a batch on one
**                           thread; up to 200 runs the others are rows of
**                           failed runs, and a longer batch stops there as
**                           Ctrl-C would stop it
**   healsim_output_atomic   calls every file's writer into /dev/null: all the
**                           output code runs, no folder is written (compare,
**                           merge); run, plot and the batch commands write
**                           their folders for real, as transactions, inside
**                           the scratch folder
**   healsim_*_render*       draw nothing (cairo is not the command line)
** Standard output goes to /dev/null.
*/
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "healsim/batch.h"
#include "healsim/figure.h"
#include "healsim/output.h"
#include "healsim/params.h"
#include "healsim/run.h"

#include "fuzz_util.h"

#define MAX_ARGS 64
#define MAX_BATCH_RUNS 3   /* runs of a batch simulated */
#define MAX_BATCH_ROWS 200 /* rows of a batch delivered (the rest as failed runs) */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int healsim_main(int argc, char **argv);

/* ---- the wrapped library functions ---------------------------------------------- */

static int passthrough = 1; /* while the fixtures are made: the real functions */
static FILE *sink;

int __real_healsim_simulate(const healsim_params *params, unsigned flags, healsim_run **out,
                            healsim_diag *diag);
int __wrap_healsim_simulate(const healsim_params *params, unsigned flags, healsim_run **out,
                            healsim_diag *diag);
size_t __real_healsim_batch_execute(healsim_batch *batch, size_t first, size_t last, unsigned jobs,
                                    healsim_batch_row_fn on_row, void *data, volatile sig_atomic_t *stop);
size_t __wrap_healsim_batch_execute(healsim_batch *batch, size_t first, size_t last, unsigned jobs,
                                    healsim_batch_row_fn on_row, void *data, volatile sig_atomic_t *stop);
int __real_healsim_output_atomic(const char *dir, const char *const *names, size_t n,
                                 healsim_output_writer write, void *data, healsim_diag *diag);
int __wrap_healsim_output_atomic(const char *dir, const char *const *names, size_t n,
                                 healsim_output_writer write, void *data, healsim_diag *diag);
int __wrap_healsim_figure_render_files(healsim_figure_file *files, size_t n, const healsim_figure_data *data,
                                       const healsim_figure_style *style, unsigned threads, healsim_diag *diag);
int __wrap_healsim_compare_render(healsim_compare_figure figure, unsigned format,
                                  const healsim_compare_arm *arms, size_t n_arms, const char *title,
                                  const healsim_figure_style *style, FILE *out, healsim_diag *diag);
int __wrap_healsim_sweep_render(unsigned format, const healsim_sweep_plot *plot,
                                const healsim_figure_style *style, FILE *out, healsim_diag *diag);
int __wrap_healsim_population_render(unsigned format, const healsim_population_plot *plot,
                                     const healsim_figure_style *style, FILE *out, healsim_diag *diag);
int __wrap_healsim_tornado_render(unsigned format, const healsim_tornado_plot *plot,
                                  const healsim_figure_style *style, FILE *out, healsim_diag *diag);

static int cheap(const healsim_params *p)
{
    if (!(p->span_days <= 60))
        return 0;
    if (p->grid == HEALSIM_GRID_LINEAR)
        return p->span_days / p->step_days <= 1000;
    return p->points_per_decade <= 100;
}

int __wrap_healsim_simulate(const healsim_params *params, unsigned flags, healsim_run **out,
                            healsim_diag *diag)
{
    if (passthrough)
        return __real_healsim_simulate(params, flags, out, diag);
    if (!cheap(params)) {
        *out = NULL;
        memset(diag, 0, sizeof *diag);
        snprintf(diag->message, sizeof diag->message, "fuzz: run not simulated (too long for fuzzing)");
        return HEALSIM_ERR_SOLVER;
    }
    healsim_params *p = malloc(sizeof *p);
    if (!p)
        return HEALSIM_ERR_NOMEM;
    *p = *params;
    if (p->max_steps > 5000)
        p->max_steps = 5000;
    int status = __real_healsim_simulate(p, flags, out, diag);
    free(p);
    return status;
}

size_t __wrap_healsim_batch_execute(healsim_batch *batch, size_t first, size_t last, unsigned jobs,
                                    healsim_batch_row_fn on_row, void *data, volatile sig_atomic_t *stop)
{
    if (passthrough)
        return __real_healsim_batch_execute(batch, first, last, jobs, on_row, data, stop);
    (void)jobs;
    if (stop)
        *stop = 0; /* sim/cli/batch.c's flag is never reset: a previous input may have set it */
    size_t end = last - first > MAX_BATCH_RUNS ? first + MAX_BATCH_RUNS : last;
    size_t done = __real_healsim_batch_execute(batch, first, end, 1, on_row, data, stop);
    if (end == last || done < end - first)
        return done;
    if (last - first > MAX_BATCH_ROWS) {
        if (stop)
            *stop = SIGINT; /* the rest is not run: what Ctrl-C does */
        return done;
    }
    /* the rest: rows of runs that failed, as a failed run's row is */
    healsim_batch_result *r = calloc(1, sizeof *r);
    if (!r)
        abort();
    for (size_t i = end; i < last; i++) {
        memset(r, 0, sizeof *r);
        r->index = i;
        r->status = HEALSIM_ERR_SOLVER;
        snprintf(r->message, sizeof r->message, "fuzz: run not simulated");
        healsim_batch_values(batch, i, r->values);
        on_row(r, data);
        done++;
    }
    free(r);
    return done;
}

int __wrap_healsim_output_atomic(const char *dir, const char *const *names, size_t n,
                                 healsim_output_writer write, void *data, healsim_diag *diag)
{
    if (passthrough)
        return __real_healsim_output_atomic(dir, names, n, write, data, diag);
    if (!dir || !dir[0])
        abort(); /* the command line must never ask for a nameless folder */
    for (size_t i = 0; i < n; i++) {
        if (!names[i] || !names[i][0] || strchr(names[i], '/'))
            abort(); /* nor for a file name that is not one */
        clearerr(sink);
        int status = write(i, sink, data, diag);
        if (fflush(sink) != 0 && status == HEALSIM_OK)
            status = HEALSIM_ERR_IO;
        if (status)
            return status;
    }
    return HEALSIM_OK;
}

int __wrap_healsim_figure_render_files(healsim_figure_file *files, size_t n, const healsim_figure_data *data,
                                       const healsim_figure_style *style, unsigned threads, healsim_diag *diag)
{
    (void)data;
    (void)style;
    (void)threads;
    (void)diag;
    for (size_t i = 0; i < n; i++) {
        files[i].bytes = calloc(1, 1);
        files[i].size = 0;
        files[i].status = HEALSIM_OK;
        if (!files[i].bytes)
            abort();
    }
    return HEALSIM_OK;
}

int __wrap_healsim_compare_render(healsim_compare_figure figure, unsigned format,
                                  const healsim_compare_arm *arms, size_t n_arms, const char *title,
                                  const healsim_figure_style *style, FILE *out, healsim_diag *diag)
{
    (void)figure, (void)format, (void)arms, (void)n_arms, (void)title, (void)style, (void)out, (void)diag;
    return HEALSIM_OK;
}

int __wrap_healsim_sweep_render(unsigned format, const healsim_sweep_plot *plot,
                                const healsim_figure_style *style, FILE *out, healsim_diag *diag)
{
    (void)format, (void)plot, (void)style, (void)out, (void)diag;
    return HEALSIM_OK;
}

int __wrap_healsim_population_render(unsigned format, const healsim_population_plot *plot,
                                     const healsim_figure_style *style, FILE *out, healsim_diag *diag)
{
    (void)format, (void)plot, (void)style, (void)out, (void)diag;
    return HEALSIM_OK;
}

int __wrap_healsim_tornado_render(unsigned format, const healsim_tornado_plot *plot,
                                  const healsim_figure_style *style, FILE *out, healsim_diag *diag)
{
    (void)format, (void)plot, (void)style, (void)out, (void)diag;
    return HEALSIM_OK;
}

/* ---- the scratch folder ------------------------------------------------------------ */

static const char *scratch;
static int home_fd = -1;                 /* the folder the fuzzer was started in */

static int call(const char *const *args)
{
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = (char *)"healsim";
    for (size_t i = 0; args[i]; i++)
        argv[argc++] = (char *)args[i];
    argv[argc] = NULL;
    return healsim_main(argc, argv);
}

static void fixture(const char *const *args)
{
    if (call(args) != 0) {
        fprintf(stderr, "fuzz_cli: cannot make a fixture (healsim %s %s ...)\n", args[0], args[1]);
        abort();
    }
}

static void setup(void)
{
    if (scratch)
        return;
    scratch = fuzz_scratch();
    home_fd = open(".", O_RDONLY | O_DIRECTORY);
    sink = fopen("/dev/null", "w");
    if (home_fd < 0 || !sink || !freopen("/dev/null", "w", stdout) || chdir(scratch) != 0)
        abort();
    static const char short_a[] = "based_on = default.ini\ntitle = Short A\n[schedule]\nstart = 1\n"
                                  "interval = 7\ncount = 3\nunit = days\nspan_days = 40\n"
                                  "[output]\ncheckpoints_days = 10, 40\n";
    static const char short_b[] = "based_on = short-a.ini\ntitle = Short B\n[schedule]\ncount = 0\n";
    static const char pair[] = "# two short arms\nshort-a.ini  Arm A\nshort-b.ini  Arm B\n";
    fuzz_write_file("short-a.ini", short_a, sizeof short_a - 1);
    fuzz_write_file("short-b.ini", short_b, sizeof short_b - 1);
    fuzz_write_file("pair.txt", pair, sizeof pair - 1);
    fixture((const char *const[]){ "run", "short-a.ini", "-o", "out1", "--no-figures", "-q", NULL });
    fixture((const char *const[]){ "sweep", "short-a.ini", "--vary", "schedule.interval=5:8:1", "--shard", "1/2",
                                   "-o", "s1", "-q", "--jobs", "1", NULL });
    fixture((const char *const[]){ "sweep", "short-a.ini", "--vary", "schedule.interval=5:8:1", "--shard", "2/2",
                                   "-o", "s2", "-q", "--jobs", "1", NULL });
    fuzz_snapshot_scratch();
    if (fchdir(home_fd) != 0)
        abort();
    passthrough = 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    /* inputs run inside the scratch folder: crash files must not land there */
    fuzz_absolute_artifacts(argc, argv);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    /* split into arguments, one a line; a final newline ends the last one */
    if (memchr(data, '\0', size))
        return -1; /* an argument cannot hold a NUL */
    char *copy = malloc(size + 1);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    copy[size] = '\0';
    const char *args[MAX_ARGS + 1];
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i < size && copy[i] != '\n')
            continue;
        if (i == size && start == size && (size == 0 || data[size - 1] == '\n'))
            break;
        if (n == MAX_ARGS || fuzz_path_escapes(copy + start, i - start)) {
            free(copy); /* too many, or a path leaving the scratch folder */
            return -1;
        }
        copy[i] = '\0';
        args[n++] = copy + start;
        start = i + 1;
    }
    args[n] = NULL;

    if (chdir(scratch) != 0)
        abort();
    int status = call(args);
    fflush(stdout);
    if (fchdir(home_fd) != 0)
        abort();
    fuzz_clean_scratch();
    if (status != 0 && status != 1 && status != 2 && status != 130) {
        fprintf(stderr, "fuzz_cli: exit status %d is none of 0, 1, 2, 130\n", status);
        abort();
    }
    free(copy);
    return 0;
}
