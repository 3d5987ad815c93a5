/*
** figures.c — the command line's side of drawing: the figure table,
** opened only when a figure is drawn (healsim_figures_open), the checks
** made before any work so that a bad font or size costs nothing and writes
** nothing, and the writing of the batch commands' figures.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "healsim/output.h"

#include "cli.h"

const healsim_figures *cli_figures_open(void)
{
    healsim_diag diag = { 0 };
    const healsim_figures *figures = healsim_figures_open(&diag);
    if (!figures)
        fprintf(stderr, "healsim: error: %s; rebuild healsim (cmake --build build), or use --no-figures\n",
                diag.message);
    return figures;
}

/* A missing font is reported where it was set (file and line, or --set);
** a size problem names the settings. */
const healsim_figures *cli_check_figures(const healsim_figure_config *figure, const char *path,
                                         const cli_options *o)
{
    const healsim_figures *figures = cli_figures_open();
    if (!figures)
        return NULL;
    healsim_figure_style style;
    figures->style_from_config(&style, figure);
    healsim_diag diag = { 0 };
    int status = figures->check_size(&style, &diag);
    if (status) {
        snprintf(diag.file, sizeof diag.file, "figure.width/height");
    } else if ((status = figures->check_font(&style, &diag))) {
        healsim_diag where;
        if (healsim_params_where(path, o->overrides, o->n_overrides, "figure.font", &where) == HEALSIM_OK) {
            memcpy(diag.file, where.file, sizeof diag.file);
            diag.line = where.line;
            diag.column = where.column;
            diag.override = where.override;
            cli_name_option(o, &diag);
        }
    }
    if (status) {
        cli_print_diag(&diag);
        return NULL;
    }
    return figures;
}

unsigned cli_figure_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1u : n > HEALSIM_MAX_FIGURE_THREADS ? HEALSIM_MAX_FIGURE_THREADS : (unsigned)n;
}

static int write_bytes(size_t index, FILE *stream, void *data, healsim_diag *diag)
{
    const healsim_figure_file *files = data;
    (void)diag;
    return fwrite(files[index].bytes, 1, files[index].size, stream) == files[index].size ? HEALSIM_OK
                                                                                       : HEALSIM_ERR_IO;
}

int cli_write_batch_figure(const healsim_figures *figures, healsim_output_txn *txn, const char *stem,
                           cli_batch_figure kind, const void *plot, const healsim_figure_config *look)
{
    healsim_figure_style style;
    figures->style_from_config(&style, look);
    static const unsigned formats[] = { HEALSIM_FORMAT_PNG, HEALSIM_FORMAT_SVG, HEALSIM_FORMAT_PDF };
    char names[3][64];
    const char *name_ptrs[3];
    healsim_figure_file files[3];
    size_t n = 0;
    for (size_t j = 0; j < 3; j++) {
        if (!(look->formats & formats[j]))
            continue;
        snprintf(names[n], sizeof names[n], "%s.%s", stem, healsim_format_extension(formats[j]));
        name_ptrs[n] = names[n];
        memset(&files[n], 0, sizeof files[n]);
        files[n].format = formats[j];
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
        status = kind == CLI_FIGURE_SWEEP        ? figures->sweep_render(files[j].format, plot, &style, mem, &diag)
                 : kind == CLI_FIGURE_POPULATION ? figures->population_render(files[j].format, plot, &style, mem, &diag)
                                                 : figures->tornado_render(files[j].format, plot, &style, mem, &diag);
        if (fclose(mem) != 0 && !status)
            status = HEALSIM_ERR_NOMEM;
        if (status && !diag.file[0])
            snprintf(diag.file, sizeof diag.file, "%s", names[j]);
    }
    for (size_t j = 0; j < n && !status; j++)
        status = healsim_output_put(txn, name_ptrs[j], write_bytes, j, files, &diag);
    for (size_t j = 0; j < n; j++)
        free(files[j].bytes);
    if (status)
        cli_print_diag(&diag);
    return status ? EXIT_USAGE : 0;
}
