/*
** figures.c — healsim_figures_open: find and load the figure module (see
** healsim/figure.h for why the figure code is a module).
**
** The module is looked for relative to the core library's own file, found
** with dladdr, so a relocated installation finds the module it came with
** and no build or source path is compiled in.  The first place that has
** the file decides: a broken module there is reported, not passed over for
** another build's.  The result of the first call, table or failure, is
** kept for the life of the process (the module is never closed).
*/
#define _GNU_SOURCE /* dladdr */
#include "healsim/figure.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "healsim/output.h"

#define MODULE_FILE "healsim-figures.so"

/* Every struct the table passes has the size HEALSIM_FIGURES_VERSION was
** set for (LP64).  If one of these fails, a shared struct changed: bump
** HEALSIM_FIGURES_VERSION and update the size here. */
#if UINTPTR_MAX == 0xffffffffffffffffu
_Static_assert(HEALSIM_FIGURES_VERSION == 4, "update the sizes below with the version");
_Static_assert(sizeof(healsim_figure_config) == 7248,
               "healsim_figure_config changed: bump HEALSIM_FIGURES_VERSION");
_Static_assert(sizeof(healsim_figure_style) == 400, "healsim_figure_style changed: bump HEALSIM_FIGURES_VERSION");
_Static_assert(sizeof(healsim_figure_data) == 856, "healsim_figure_data changed: bump HEALSIM_FIGURES_VERSION");
_Static_assert(sizeof(healsim_figure_file) == 1576, "healsim_figure_file changed: bump HEALSIM_FIGURES_VERSION");
_Static_assert(sizeof(healsim_compare_arm) == 864, "healsim_compare_arm changed: bump HEALSIM_FIGURES_VERSION");
_Static_assert(sizeof(healsim_sweep_plot) == 112, "healsim_sweep_plot changed: bump HEALSIM_FIGURES_VERSION");
_Static_assert(sizeof(healsim_population_plot) == 88,
               "healsim_population_plot changed: bump HEALSIM_FIGURES_VERSION");
_Static_assert(sizeof(healsim_tornado_plot) == 40, "healsim_tornado_plot changed: bump HEALSIM_FIGURES_VERSION");
_Static_assert(sizeof(healsim_diag) == 1548, "healsim_diag changed: bump HEALSIM_FIGURES_VERSION");
#endif

static const healsim_figures *registered; /* healsim_figures_register */
static const healsim_figures *loaded;     /* what the first open found */
static healsim_diag load_diag;            /* why it found nothing */
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

/* Is m from this build?  The version and every shared size agree. */
static int same_build(const healsim_figures *m)
{
    return m->version == HEALSIM_FIGURES_VERSION && strcmp(m->healsim_version, healsim_version()) == 0
           && m->figure_config_size == sizeof(healsim_figure_config)
           && m->style_size == sizeof(healsim_figure_style)
           && m->data_size == sizeof(healsim_figure_data) && m->file_size == sizeof(healsim_figure_file)
           && m->compare_arm_size == sizeof(healsim_compare_arm)
           && m->sweep_plot_size == sizeof(healsim_sweep_plot)
           && m->population_plot_size == sizeof(healsim_population_plot)
           && m->tornado_plot_size == sizeof(healsim_tornado_plot) && m->diag_size == sizeof(healsim_diag);
}

int healsim_figures_register(const healsim_figures *figures)
{
    if (!figures || !same_build(figures))
        return HEALSIM_ERR_INPUT;
    registered = figures;
    return HEALSIM_OK;
}

static void fail(const char *why)
{
    memset(&load_diag, 0, sizeof load_diag);
    snprintf(load_diag.message, sizeof load_diag.message, "cannot load the figure code (%s): %s", MODULE_FILE,
             why);
}

static void open_module(const char *path)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        fail(dlerror());
        return;
    }
    const healsim_figures *m = dlsym(handle, HEALSIM_FIGURES_SYMBOL);
    char why[PATH_MAX + 128];
    if (!m) {
        snprintf(why, sizeof why, "%s: no %s in it", path, HEALSIM_FIGURES_SYMBOL);
    } else if (!same_build(m)) {
        snprintf(why, sizeof why, "%s is from another build of healsim (version %s)", path,
                 m->version == HEALSIM_FIGURES_VERSION ? m->healsim_version : "unknown");
        m = NULL;
    }
    if (!m) {
        fail(why);
        dlclose(handle);
        return;
    }
    loaded = m; /* the handle stays open for the life of the process */
}

static void load(void)
{
    if (registered) {
        loaded = registered;
        return;
    }
    const char *env = getenv("HEALSIM_FIGURES_MODULE");
    if (env && env[0]) {
        open_module(env);
        return;
    }
    /* the folder of the file that holds this code: libhealsim.so, or the
    ** program the static library was linked into */
    Dl_info info;
    char dir[PATH_MAX];
    if (!dladdr(&load_once, &info) || !info.dli_fname || !info.dli_fname[0]) {
        fail("cannot tell where the healsim library is");
        return;
    }
    const char *self = info.dli_fname;
    char exe[PATH_MAX];
    if (!strchr(self, '/')) { /* a program started by name: ask the kernel */
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n > 0) {
            exe[n] = '\0';
            self = exe;
        }
    }
    const char *slash = strrchr(self, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - self) : 1, slash ? self : ".");
    static const char *const places[] = { "%s/healsim/" MODULE_FILE, "%s/lib/healsim/" MODULE_FILE,
                                          "%s/../lib/healsim/" MODULE_FILE };
    const size_t n_places = sizeof places / sizeof places[0];
    char path[PATH_MAX + 64];
    for (size_t i = 0; i < n_places; i++) {
        snprintf(path, sizeof path, places[i], dir);
        if (access(path, F_OK) == 0) {
            open_module(path);
            return;
        }
    }
    snprintf(path, sizeof path, places[0], dir);
    char why[PATH_MAX + 128];
    snprintf(why, sizeof why, "no %s", path);
    fail(why);
}

const healsim_figures *healsim_figures_open(healsim_diag *diag)
{
    pthread_once(&load_once, load);
    if (!loaded && diag)
        *diag = load_diag;
    return loaded;
}
