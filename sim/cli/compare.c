/*
** compare.c — healsim compare [ARMS]: simulate 2 to 8 treatment arms side
** by side and write compare.csv and the three comparison figures (with
** --no-figures, compare.csv alone).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healsim/compare.h"
#include "healsim/output.h"
#include "healsim/run.h"

#include "cli.h"

const char cli_compare_help[] =
    "Usage: healsim compare [A.ini B.ini ... | LIST.txt] [-o DIR] [--labels \"a,b,...\"] [options]\n"
    "\n"
    "Simulate 2 to 8 arms — parameter files, or a list file naming one arm a line\n"
    "with its label — and write into DIR (default: compare/):\n"
    "  compare.csv            one row per arm: strength at 6 weeks, 3 months and 1 year\n"
    "                         and at the end, days sore, peak inflammation per injection\n"
    "  compare-outcome.png/.svg  strength over time, a curve per arm, injections marked\n"
    "  compare-phases.png/.svg   the four stages, a small panel per arm, shared axes\n"
    "  compare-bars.png/.svg     strength at the end, a bar per arm\n"
    "With no arms, runs the built-in compare-default.txt: the lax ligament untreated,\n"
    "with prolotherapy, prolotherapy + NSAID, saline injections and a steroid shot.\n"
    "The arms must simulate the same span and have distinct labels (by default\n"
    "each file's title).  Files are written completely or not at all.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR      output folder\n"
    "  --labels \"a,b,...\"    the arms' labels, one per arm, in order\n"
    "  --set S.K=V           override one parameter in every arm (repeatable)\n"
    "  --method, --rtol, --atol, -q, -h as for run\n"
    "  --no-figures          write compare.csv only\n"
    "  --format, --width, --height, --dpi, --size, --theme, --font as for run; the figures\n"
    "                        follow the first arm's [figure] section\n"
    "(--figures does not apply: compare draws its three figures, or none.)\n"
    "\n"
    "Exit status: 0 success, 1 a simulation failed, 2 bad input or usage.\n"
    "Documentation: " CLI_DOCS ".\n";

/* Everything one comparison writes: compare.csv, then the figures. */
typedef struct compare_job {
    size_t n_arms;
    healsim_arm arms[HEALSIM_MAX_ARMS];
    healsim_params params[HEALSIM_MAX_ARMS];
    healsim_figure_config figure_config; /* the first arm's [figure] section */
    healsim_run *runs[HEALSIM_MAX_ARMS];
    const healsim_figures *figures; /* NULL: compare.csv alone */
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
    return job->figures->compare_render(job->figure[k], job->format[k], job->figure_arms, job->n_arms,
                                        job->title, &job->style, stream, diag);
}

/* --labels "a,b,c": one per arm.  Returns HEALSIM_OK or HEALSIM_ERR_INPUT with *diag. */
static int apply_labels(compare_job *job, const char *labels, healsim_diag *diag)
{
    size_t k = 0;
    const char *p = labels;
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
    if (k == job->n_arms)
        return HEALSIM_OK;
    snprintf(diag->file, sizeof diag->file, "--labels");
    diag->line = diag->column = 0;
    snprintf(diag->message, sizeof diag->message, "%zu labels for %zu arms; give one per arm", k, job->n_arms);
    return HEALSIM_ERR_INPUT;
}

/* The figure files the first arm's formats ask for, after compare.csv. */
static void plan_files(compare_job *job, const healsim_figure_config *look)
{
    static const unsigned formats[] = { HEALSIM_FORMAT_PNG, HEALSIM_FORMAT_SVG, HEALSIM_FORMAT_PDF };
    job->names[job->n_files++] = "compare.csv";
    size_t k = 0;
    for (int f = 0; job->figures && f < HEALSIM_N_COMPARE_FIGURES; f++) {
        for (size_t j = 0; j < 3; j++) {
            if (!(look->formats & formats[j]))
                continue;
            snprintf(job->figure_names[k], sizeof job->figure_names[k], "%s.%s",
                     healsim_compare_figure_name((healsim_compare_figure)f), healsim_format_extension(formats[j]));
            job->figure[k] = (healsim_compare_figure)f;
            job->format[k] = formats[j];
            job->names[job->n_files++] = job->figure_names[k];
            k++;
        }
    }
}

int cli_compare(const cli_command *self, const cli_command *commands, int argc, char **argv)
{
    (void)commands;
    cli_options opt = { 0 };
    int rc = cli_parse(self, argc, argv, &opt);
    if (rc >= 0)
        return rc;
    const char *output = opt.output ? opt.output : "compare";
    if (strcmp(output, "-") == 0)
        return cli_usage_error(self->name, "compare writes a folder; '%s' (stdout) is for healsim run", output);
    compare_job *job = calloc(1, sizeof *job);
    if (!job) {
        fprintf(stderr, "healsim: error: out of memory\n");
        return EXIT_USAGE;
    }
    healsim_diag diag = { 0 };
    int status = HEALSIM_OK;
    /* no arms: the library's own list, compare-default.txt */
    const int built_in = opt.n_positional == 0;
    const char *list = built_in ? "compare-default.txt (built in)" : NULL;
    size_t len0 = opt.n_positional ? strlen(opt.positional[0]) : 0;
    if (opt.n_positional == 1 && len0 > 4 && strcmp(opt.positional[0] + len0 - 4, ".txt") == 0)
        list = opt.positional[0];
    if (list) {
        status = healsim_compare_read_list(built_in ? NULL : list, job->arms, &job->n_arms, &diag);
    } else {
        for (size_t i = 0; i < opt.n_positional; i++)
            snprintf(job->arms[i].file, sizeof job->arms[i].file, "%s", opt.positional[i]);
        job->n_arms = opt.n_positional;
    }
    if (!status && opt.labels)
        status = apply_labels(job, opt.labels, &diag);
    if (!status)
        status = healsim_compare_load(job->arms, job->n_arms, built_in ? NULL : list, opt.overrides, opt.n_overrides, job->params,
                                      &job->figure_config, &diag);
    if (status)
        cli_name_option(&opt, &diag);
    else
        status = cli_apply_size(&job->params[0], &job->figure_config, &opt, &diag);
    if (status) {
        cli_print_diag(&diag);
        free(job);
        return EXIT_USAGE;
    }
    /* the figures follow the first arm's [figure] section */
    const healsim_figure_config *look = &job->figure_config;
    if (!opt.no_figures && !(job->figures = cli_check_figures(look, job->arms[0].file, &opt))) {
        free(job);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < job->n_arms && !status; i++) {
        status = healsim_simulate(&job->params[i], 0, &job->runs[i], &diag);
        if (status == HEALSIM_ERR_SOLVER)
            fprintf(stderr, "healsim: error: %s (arm '%s', parameters: %s)\n", diag.message, job->arms[i].label,
                    job->arms[i].file);
        else if (status)
            cli_print_diag(&diag);
    }
    int exit_status = status ? cli_exit_for(status) : 0;
    if (!status) {
        if (job->figures) {
            job->figures->style_from_config(&job->style, look);
            job->title = "";
            for (size_t i = 0; i < job->n_arms; i++) {
                job->figure_arms[i].label = job->arms[i].label;
                size_t n_rows = healsim_run_n_rows(job->runs[i]);
                job->figures->data_init(&job->figure_arms[i].data,
                                        n_rows ? healsim_run_row(job->runs[i], 0) : NULL, n_rows,
                                        job->params[i].soreness_threshold);
                job->figure_arms[i].data.title = job->params[i].title;
            }
        }
        plan_files(job, look);
        memset(&diag, 0, sizeof diag);
        status = healsim_output_atomic(output, job->names, job->n_files, write_compare_file, job, &diag);
        if (status) {
            if (!diag.file[0])
                snprintf(diag.file, sizeof diag.file, "%s", output);
            cli_print_diag(&diag);
            exit_status = EXIT_USAGE;
        } else if (!opt.quiet) {
            printf("%zu arms%s%s:\n", job->n_arms, list ? " from " : "", list ? list : "");
            for (size_t i = 0; i < job->n_arms; i++)
                printf("  %-28s strength %.1f%% -> %.1f%% of healthy\n", job->arms[i].label,
                       healsim_run_summary(job->runs[i])->strength_initial_pct,
                       healsim_run_summary(job->runs[i])->strength_end_pct);
            printf("wrote %s/:", output);
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
