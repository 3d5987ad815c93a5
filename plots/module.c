/*
** module.c — what healsim-figures.so exports (see module.h): a table of the
** figure functions the healsim command calls, checked against the
** executable's build when it is loaded.
*/
#include "module.h"

#include "healsim/version.h"

/* the one symbol the module exports (its build sets hidden visibility) */
__attribute__((visibility("default"))) extern const healsim_figure_functions healsim_figure_module;

const healsim_figure_functions healsim_figure_module = {
    .abi = HEALSIM_FIGURE_MODULE_ABI,
    .version = HEALSIM_VERSION,
    .params_size = sizeof(healsim_params),
    .style_size = sizeof(healsim_figure_style),
    .figure_config_size = sizeof(healsim_figure_config),
    .data_init = healsim_figure_data_init,
    .style_from_config = healsim_figure_style_from_config,
    .figure_name = healsim_figure_name,
    .check_font = healsim_figure_check_font,
    .check_size = healsim_figure_check_size,
    .render_files = healsim_figure_render_files,
    .compare_figure_name = healsim_compare_figure_name,
    .compare_render = healsim_compare_render,
    .sweep_render = healsim_sweep_render,
    .population_render = healsim_population_render,
    .tornado_render = healsim_tornado_render,
};
