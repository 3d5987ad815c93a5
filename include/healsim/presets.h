/*
** healsim/presets.h — the parameter files healsim carries.
**
** Every file of the source tree's params/ folder is compiled into the
** library: the presets (default.ini, ligament-prolotherapy.ini, ...) and
** compare-default.txt, the arms `healsim compare` runs when given none.  So
** a preset runs by name from any folder, and a preset copied into a folder
** of its own loads unchanged: its `based_on = default.ini` finds the built-in
** default when no default.ini lies next to it.
**
** healsim_params_load takes a preset name where it takes a path (see
** healsim/params.h); messages about a preset's text name it
** "NAME.ini (built in)".  All strings returned here are static: never free
** them; they live as long as the program.
*/
#ifndef HEALSIM_PRESETS_H
#define HEALSIM_PRESETS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Number of built-in presets (the .ini files of params/), at least 1. */
size_t healsim_preset_count(void);

/* Name of preset i without ".ini" ("ligament-prolotherapy"), in name
** order, for 0 <= i < healsim_preset_count(); NULL for any other i. */
const char *healsim_preset_name(size_t i);

/* The `title` line of preset i's own text ("" if it sets none; the title it
** inherits through based_on is not looked up); NULL for i out of range. */
const char *healsim_preset_title(size_t i);

/* The text of a built-in file by name: a preset as "x" or "x.ini", or
** another file of params/ by its file name ("compare-default.txt").  NULL if
** there is none of that name (a name with a '/' never is one). */
const char *healsim_preset_text(const char *name);

#ifdef __cplusplus
}
#endif
#endif
