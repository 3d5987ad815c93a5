/*
** param_table.h — the table of every parameter healsim reads: where it lives
** in the parameter file, where it lives in healsim_params (or, for
** [figure], in healsim_figure_config), its unit, range and source.  Private
** to the library (the healsimi_ prefix): sim/param_value.c reads and writes
** values through it, and `healsim params` prints it.
*/
#ifndef HEALSIM_PARAM_TABLE_H
#define HEALSIM_PARAM_TABLE_H

#include <stddef.h>

typedef enum param_kind {
    PARAM_REAL,   /* one double */
    PARAM_COUNT,  /* one size_t, a whole number */
    PARAM_LIST,   /* comma-separated doubles with a size_t length */
    PARAM_CHOICE, /* one of `choices`, stored as an int-sized enum */
    PARAM_TEXT,   /* free text, stored as char[HEALSIM_MAX_TEXT] */
    PARAM_FLAGS   /* comma-separated names of `choices`, stored as an unsigned
                     bit set (bit i = choices[i]); "none" is 0 when min is 0 */
} param_kind;

typedef struct param_info {
    const char *section;       /* "" for top-level keys */
    const char *key;
    param_kind kind;
    size_t offset;             /* of the value in healsim_params */
    size_t length_offset;      /* PARAM_LIST: of its size_t length */
    double min, max;           /* allowed range, inclusive (each element of a list) */
    const char *unit;          /* "1/day", "a.u.", "%", "" */
    const char *const *choices; /* PARAM_CHOICE: NULL-terminated names, index = enum value */
    const char *source;        /* literature source or one-line rationale */
    int may_be_empty;          /* PARAM_LIST: "none" gives an empty list */
    int figure;                /* 1: offset is in healsim_figure_config, not healsim_params */
} param_info;

extern const param_info healsimi_param_table[];
extern const size_t healsimi_param_count;
extern const char *const healsimi_param_sections[]; /* NULL-terminated, file order */

struct healsim_params;

/* Is row i part of the resolved set?  Only the active schedule form is
** (times, or start/interval/count), so a written set loads back the same. */
int healsimi_param_active(const struct healsim_params *params, size_t row);

/* Index of section.key in the table, or -1. */
int healsimi_param_find(const char *section, const char *key);

#endif
