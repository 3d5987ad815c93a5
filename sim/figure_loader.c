/*
** figure_loader.c — the healsim command's figure functions, loaded on use.
**
** The executable does not link the drawing libraries (plots/module.h says
** why): the figure functions of include/healsim/figure.h that the command
** calls are defined here and forward to the module healsim-figures.so,
** opened the first time a figure is asked for.  cli_figures_load opens it;
** cli_check_figures calls it before any work, so a missing or mismatched
** module is an ordinary error (exit 2, nothing written) and not a failure
** halfway through a run.
**
** The module is looked for next to the executable (/proc/self/exe) and, if
** it is not there, in the build folder the executable was built in.  It must come from the same
** build: its version and the sizes of the structures both sides share are
** checked.
**
** Built without HEALSIM_FIGURES_MODULE (the fuzz harnesses, which link the
** figure library directly), only cli_figures_load is defined, and it
** succeeds.
*/
#include "cli.h"

#ifndef HEALSIM_FIGURES_MODULE

int cli_figures_load(void) { return 0; }

#else

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "healsim/version.h"
#include "module.h"

static const healsim_figure_functions *loaded;
static char load_error[PATH_MAX + 512];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

/* The module's path in the folder of path, which names a file. */
static void beside(char *module, size_t size, const char *path)
{
    const char *slash = strrchr(path, '/');
    int n = slash ? (int)(slash - path) : 1;
    snprintf(module, size, "%.*s/%s", n, slash ? path : ".", HEALSIM_FIGURES_MODULE);
}

static const healsim_figure_functions *open_module(const char *path, char *why, size_t size)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(why, size, "%s", dlerror());
        return NULL;
    }
    const healsim_figure_functions *m = dlsym(handle, HEALSIM_FIGURE_MODULE_SYMBOL);
    if (!m) {
        snprintf(why, size, "%s: no %s in it", path, HEALSIM_FIGURE_MODULE_SYMBOL);
    } else if (m->abi != HEALSIM_FIGURE_MODULE_ABI || strcmp(m->version, HEALSIM_VERSION) != 0
               || m->params_size != sizeof(healsim_params)
               || m->style_size != sizeof(healsim_figure_style)
               || m->figure_config_size != sizeof(healsim_figure_config)) {
        snprintf(why, size, "%s is from another build of healsim (version %s)", path, m->version);
        m = NULL;
    }
    if (!m)
        dlclose(handle);
    return m; /* the handle stays open for the life of the process */
}

static void load(void)
{
    char candidates[2][PATH_MAX];
    size_t n = 0;
    char self[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    if (length > 0) {
        self[length] = '\0';
        beside(candidates[n++], sizeof candidates[0], self);
    }
    snprintf(candidates[n++], sizeof candidates[0], "%s/%s", HEALSIM_FIGURES_MODULE_DIR,
             HEALSIM_FIGURES_MODULE);
    char why[PATH_MAX + 256] = "";
    /* the first place that has the file decides: a broken module next to
    ** the executable is reported, not passed over for another build's */
    for (size_t i = 0; i < n; i++) {
        if (access(candidates[i], F_OK) != 0 && i + 1 < n)
            continue; /* not here: try the next place, report the last */
        loaded = open_module(candidates[i], why, sizeof why);
        break;
    }
    if (!loaded)
        snprintf(load_error, sizeof load_error,
                 "cannot load the figure code (%s): %s; rebuild healsim (cmake --build build), or "
                 "use --no-figures",
                 HEALSIM_FIGURES_MODULE, why[0] ? why : "not found");
}

int cli_figures_load(void)
{
    pthread_once(&load_once, load);
    if (loaded)
        return 0;
    fprintf(stderr, "healsim: error: %s\n", load_error);
    return EXIT_USAGE;
}

/* The module, for a figure call.  Every path that draws calls
** cli_check_figures first, so this only loads when that was forgotten. */
static const healsim_figure_functions *module(void)
{
    if (cli_figures_load() != 0)
        exit(EXIT_USAGE);
    return loaded;
}

void healsim_figure_data_init(healsim_figure_data *data, const double *rows, size_t n_rows,
                              double soreness_threshold)
{
    module()->data_init(data, rows, n_rows, soreness_threshold);
}

void healsim_figure_style_from_config(healsim_figure_style *style, const healsim_figure_config *figure)
{
    module()->style_from_config(style, figure);
}

int healsim_figure_check_font(const healsim_figure_style *style, healsim_diag *diag)
{
    return module()->check_font(style, diag);
}

int healsim_figure_check_size(const healsim_figure_style *style, healsim_diag *diag)
{
    return module()->check_size(style, diag);
}

int healsim_figure_render_files(healsim_figure_file *files, size_t n, const healsim_figure_data *data,
                                const healsim_figure_style *style, unsigned threads, healsim_diag *diag)
{
    return module()->render_files(files, n, data, style, threads, diag);
}

int healsim_compare_render(healsim_compare_figure figure, unsigned format, const healsim_compare_arm *arms,
                           size_t n_arms, const char *title, const healsim_figure_style *style, FILE *out,
                           healsim_diag *diag)
{
    return module()->compare_render(figure, format, arms, n_arms, title, style, out, diag);
}

int healsim_sweep_render(unsigned format, const healsim_sweep_plot *plot, const healsim_figure_style *style,
                         FILE *out, healsim_diag *diag)
{
    return module()->sweep_render(format, plot, style, out, diag);
}

int healsim_population_render(unsigned format, const healsim_population_plot *plot,
                              const healsim_figure_style *style, FILE *out, healsim_diag *diag)
{
    return module()->population_render(format, plot, style, out, diag);
}

int healsim_tornado_render(unsigned format, const healsim_tornado_plot *plot, const healsim_figure_style *style,
                           FILE *out, healsim_diag *diag)
{
    return module()->tornado_render(format, plot, style, out, diag);
}

#endif
