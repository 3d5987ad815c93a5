/*
** folder.c — the folder `healsim run` and `healsim plot` write: the run's
** own files (timeseries.csv, phases.csv, summary.json,
** params.resolved.ini), when there is a run, and the figures its [figure]
** section asks for, drawn into memory first and then written as one
** transaction that replaces the folder whole (healsim_output_begin).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "healsim/output.h"
#include "healsim/run.h"

#include "cli.h"

struct cli_folder {
    const healsim_run *run;          /* NULL: figures only */
    const healsim_figure_config *figure; /* what the run's files record and the figures follow */
    const healsim_figures *figures;  /* NULL: no figure asked for */
    healsim_figure_data data;
    healsim_figure_style style;
    size_t n_files;
    const char *names[HEALSIM_OUTPUT_N_FILES + HEALSIM_N_FIGURES * 3];
    char figure_names[HEALSIM_N_FIGURES * 3][32];
    healsim_figure_file files[HEALSIM_N_FIGURES * 3]; /* drawn before the folder is written */
    size_t n_figures;
    char caption[512];
    char *changed;                   /* malloc'd by open_memstream */
};

/* List the figure files p asks for after the run's own files. */
static void plan(cli_folder *job, const healsim_figure_config *p)
{
    static const unsigned formats[] = { HEALSIM_FORMAT_PNG, HEALSIM_FORMAT_SVG, HEALSIM_FORMAT_PDF };
    size_t k = 0;
    if (job->run)
        for (size_t i = 0; i < HEALSIM_OUTPUT_N_FILES; i++)
            job->names[job->n_files++] = healsim_output_files[i];
    for (int f = 0; job->figures && f < HEALSIM_N_FIGURES; f++) {
        if (!(p->figures & HEALSIM_FIGURE_BIT(f)))
            continue;
        for (size_t j = 0; j < 3; j++) {
            int handout = f == HEALSIM_FIGURE_HANDOUT;
            if (handout ? formats[j] != HEALSIM_FORMAT_PDF : !(p->formats & formats[j]))
                continue;
            snprintf(job->figure_names[k], sizeof job->figure_names[k], "%s.%s",
                     healsim_figure_name((healsim_figure)f), healsim_format_extension(formats[j]));
            job->files[k].figure = (healsim_figure)f;
            job->files[k].format = formats[j];
            job->names[job->n_files++] = job->figure_names[k];
            k++;
        }
    }
    job->n_figures = k;
}

cli_folder *cli_folder_alloc(const healsim_run *run, const healsim_params *p, const healsim_figure_config *figure,
                             const healsim_figures *figures, const double *rows, size_t n_rows)
{
    cli_folder *job = calloc(1, sizeof *job);
    int status = job ? HEALSIM_OK : HEALSIM_ERR_NOMEM;
    if (!status) {
        job->run = run;
        job->figure = figure;
        job->figures = figure->figures ? figures : NULL;
        plan(job, figure);
    }
    if (!status && job->n_figures) {
        job->figures->data_init(&job->data, rows, n_rows, p->soreness_threshold);
        job->figures->style_from_config(&job->style, figure);
        healsim_params_caption(p, job->caption, sizeof job->caption);
        job->data.title = p->title;
        job->data.caption = job->caption;
        size_t size = 0;
        FILE *mem = open_memstream(&job->changed, &size);
        status = mem ? healsim_params_write_changed(p, figure, mem) : HEALSIM_ERR_NOMEM;
        if (mem && fclose(mem) != 0 && status == HEALSIM_OK)
            status = HEALSIM_ERR_NOMEM;
        job->data.changed = job->changed;
    }
    if (status) {
        fprintf(stderr, "healsim: error: out of memory\n");
        cli_folder_free(job);
        return NULL;
    }
    return job;
}

void cli_folder_free(cli_folder *job)
{
    if (!job)
        return;
    for (size_t k = 0; k < job->n_figures; k++)
        free(job->files[k].bytes);
    free(job->changed);
    free(job);
}

static int write_file(size_t index, FILE *stream, void *data, healsim_diag *diag)
{
    cli_folder *job = data;
    size_t first_figure = job->run ? HEALSIM_OUTPUT_N_FILES : 0;
    if (index < first_figure)
        return healsim_output_file(job->run, job->figure, index, stream);
    const healsim_figure_file *f = &job->files[index - first_figure];
    (void)diag; /* the folder writer names the file on a failed write */
    return fwrite(f->bytes, 1, f->size, stream) == f->size ? HEALSIM_OK : HEALSIM_ERR_IO;
}

int cli_folder_write(cli_folder *job, const char *dir)
{
    healsim_diag diag = { 0 };
    int status = HEALSIM_OK;
    if (job->n_figures) {
        status = job->figures->render_files(job->files, job->n_figures, &job->data, &job->style,
                                            cli_figure_threads(), &diag);
        if (status) {
            cli_print_diag(&diag);
            return status;
        }
    }
    /* one transaction: healsim plot (no run) keeps the run's own files
    ** beside the figures it redraws; a run writes them anew */
    healsim_output_txn *txn = NULL;
    status = healsim_output_begin(dir, &txn, &diag);
    for (size_t i = 0; !job->run && !status && i < HEALSIM_OUTPUT_N_FILES; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, healsim_output_files[i]);
        if (access(path, F_OK) == 0)
            status = healsim_output_carry(txn, healsim_output_files[i], &diag);
    }
    for (size_t i = 0; i < job->n_files && !status; i++)
        status = healsim_output_put(txn, job->names[i], write_file, i, job, &diag);
    if (!status)
        status = healsim_output_commit(txn, &diag);
    else
        healsim_output_abort(txn);
    if (status) {
        if (!diag.file[0])
            snprintf(diag.file, sizeof diag.file, "%s", dir);
        cli_print_diag(&diag);
    }
    return status;
}

void cli_folder_print(const cli_folder *job, const char *dir)
{
    printf("wrote %s/:", dir);
    for (size_t i = 0; i < job->n_files; i++)
        printf(" %s", job->names[i]);
    putchar('\n');
}
