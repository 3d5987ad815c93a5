/*
** presets.c — the files of params/ that the library carries (see
** healsim/presets.h), looked up by name.
**
** The table itself is generated at build time from params/ by
** cmake/embed.cmake, in file name order; this file only finds rows in it.
** A preset is a row whose name ends in ".ini"; compare-default.txt is a row
** too, reachable by its file name only.  Everything returned points into
** that static table.
*/
#include "healsim/presets.h"

#include <string.h>

#include "params_internal.h"

static int is_preset(const healsimi_embedded *e)
{
    size_t len = strlen(e->name);
    return len > 4 && strcmp(e->name + len - 4, ".ini") == 0;
}

/* The i-th row that is a preset, or NULL. */
static const healsimi_embedded *preset_at(size_t i)
{
    for (size_t k = 0; k < healsimi_n_embedded_files; k++)
        if (is_preset(&healsimi_embedded_files[k]) && i-- == 0)
            return &healsimi_embedded_files[k];
    return NULL;
}

const healsimi_embedded *healsimi_preset_find(const char *name)
{
    if (!name || strchr(name, '/'))
        return NULL;
    size_t len = strlen(name);
    const size_t suffix = sizeof HEALSIMI_BUILT_IN_SUFFIX - 1;
    if (len > suffix && strcmp(name + len - suffix, HEALSIMI_BUILT_IN_SUFFIX) == 0)
        len -= suffix;
    for (size_t k = 0; k < healsimi_n_embedded_files; k++) {
        const healsimi_embedded *e = &healsimi_embedded_files[k];
        size_t n = strlen(e->name);
        if (n == len && strncmp(e->name, name, len) == 0)
            return e;
        /* "x" for "x.ini" */
        if (is_preset(e) && n - 4 == len && strncmp(e->name, name, len) == 0)
            return e;
    }
    return NULL;
}

size_t healsim_preset_count(void)
{
    size_t n = 0;
    for (size_t k = 0; k < healsimi_n_embedded_files; k++)
        n += (size_t)is_preset(&healsimi_embedded_files[k]);
    return n;
}

const char *healsim_preset_name(size_t i)
{
    const healsimi_embedded *e = preset_at(i);
    return e ? e->stem : NULL;
}

const char *healsim_preset_title(size_t i)
{
    const healsimi_embedded *e = preset_at(i);
    return e ? e->title : NULL;
}

const char *healsim_preset_text(const char *name)
{
    const healsimi_embedded *e = healsimi_preset_find(name);
    return e ? e->text : NULL;
}
