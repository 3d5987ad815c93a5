/*
** module.c — the figure functions as one table, healsim_figures_module
** (healsim/figure.h), the one object healsim-figures.so exports.  The core
** library's healsim_figures_open loads it; programs that link the figure
** library directly can hand it to healsim_figures_register instead.
*/
#include "healsim/figure.h"

#include "healsim/version.h"

/* the one symbol the module exports (its build sets hidden visibility) */
__attribute__((visibility("default"))) const healsim_figures healsim_figures_module = {
    .version = HEALSIM_FIGURES_VERSION,
    .healsim_version = HEALSIM_VERSION,
    .figure_config_size = sizeof(healsim_figure_config),
    .style_size = sizeof(healsim_figure_style),
    .data_size = sizeof(healsim_figure_data),
    .file_size = sizeof(healsim_figure_file),
    .compare_arm_size = sizeof(healsim_compare_arm),
    .sweep_plot_size = sizeof(healsim_sweep_plot),
    .population_plot_size = sizeof(healsim_population_plot),
    .tornado_plot_size = sizeof(healsim_tornado_plot),
    .diag_size = sizeof(healsim_diag),
    .data_init = healsim_figure_data_init,
    .style_from_config = healsim_figure_style_from_config,
    .check_font = healsim_figure_check_font,
    .check_size = healsim_figure_check_size,
    .render_files = healsim_figure_render_files,
    .compare_render = healsim_compare_render,
    .sweep_render = healsim_sweep_render,
    .population_render = healsim_population_render,
    .tornado_render = healsim_tornado_render,
};
