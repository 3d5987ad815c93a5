/*
** module.h — the figure code as a loadable module, for the healsim command.
**
** Drawing needs cairo, pango, fontconfig, harfbuzz and their ~30 shared
** libraries; loading them takes ~4 ms, a third of a whole `healsim run
** --no-figures` process that draws nothing.  So the healsim executable does
** not link the figure code: it is built a second time as the module
** healsim-figures.so, which the executable opens (dlopen) next to itself the
** first time a figure is asked for (sim/figure_loader.c).  The module's one
** exported object, healsim_figure_module, is a healsim_figure_functions: the public functions of
** include/healsim/figure.h that the command line calls.  Programs that link
** the healsim_plots library directly (tests, examples, benchmarks) never see
** any of this.
*/
#ifndef HEALSIM_PLOTS_MODULE_H
#define HEALSIM_PLOTS_MODULE_H

#include "healsim/figure.h"

/* The exported object's name, for dlsym. */
#define HEALSIM_FIGURE_MODULE_SYMBOL "healsim_figure_module"

/* Bumped whenever healsim_figure_functions changes. */
#define HEALSIM_FIGURE_MODULE_ABI 2

typedef struct healsim_figure_functions {
    int abi;                       /* HEALSIM_FIGURE_MODULE_ABI of the module's build */
    const char *version;           /* healsim_version() of the module's build */
    size_t params_size;            /* sizeof(healsim_params), a cheap layout check */
    size_t style_size;             /* sizeof(healsim_figure_style) */
    size_t figure_config_size;     /* sizeof(healsim_figure_config) */
    void (*data_init)(healsim_figure_data *data, const double *rows, size_t n_rows,
                      double soreness_threshold);
    void (*style_from_config)(healsim_figure_style *style, const healsim_figure_config *figure);
    const char *(*figure_name)(healsim_figure figure);
    int (*check_font)(const healsim_figure_style *style, healsim_diag *diag);
    int (*check_size)(const healsim_figure_style *style, healsim_diag *diag);
    int (*render_files)(healsim_figure_file *files, size_t n, const healsim_figure_data *data,
                        const healsim_figure_style *style, unsigned threads, healsim_diag *diag);
    const char *(*compare_figure_name)(healsim_compare_figure figure);
    int (*compare_render)(healsim_compare_figure figure, unsigned format, const healsim_compare_arm *arms,
                          size_t n_arms, const char *title, const healsim_figure_style *style, FILE *out,
                          healsim_diag *diag);
    int (*sweep_render)(unsigned format, const healsim_sweep_plot *plot, const healsim_figure_style *style,
                        FILE *out, healsim_diag *diag);
    int (*population_render)(unsigned format, const healsim_population_plot *plot,
                             const healsim_figure_style *style, FILE *out, healsim_diag *diag);
    int (*tornado_render)(unsigned format, const healsim_tornado_plot *plot, const healsim_figure_style *style,
                          FILE *out, healsim_diag *diag);
} healsim_figure_functions;

#endif
