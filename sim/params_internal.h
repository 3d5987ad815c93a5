/*
** params_internal.h — what the parameter files of the library share and no
** one else sees: the value parser (sim/param_value.c), where a value was set
** (an origin), and the check that can name the line of a value.
**
** Every function here starts with healsimi_: private to the library, shared
** between its files, never part of include/healsim/.
*/
#ifndef HEALSIM_PARAMS_INTERNAL_H
#define HEALSIM_PARAMS_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "healsim/params.h"
#include "param_table.h"

/* How the built-in default is named in messages. */
#define HEALSIMI_BUILT_IN_NAME "default.ini (built in)"

/* Where one parameter was last set while loading. */
typedef struct healsimi_origin {
    const char *file; /* layer name, owned by the loader; NULL if never set */
    int line;         /* 1-based line in file, 0 if none */
    int column;       /* 1-based column of the value, 0 if none */
    int override;     /* 1-based index of the override that set it; 0 if a file did */
} healsimi_origin;

/* ---- sim/param_value.c: one value of the table, text <-> struct ---- */

/* Parse `text` as the value of table row `pi` and store it in *params.
** Returns 0, or -1 with a reason in why (always terminated); *column_offset
** gets the offset in text of the bad element of a list (0 if not known).
** On failure *params may hold some elements of a partly read list, never
** its length. */
int healsimi_value_store(healsim_params *params, const param_info *pi, const char *text,
                         char *why, size_t size, size_t *column_offset);

/* Is v inside the range of row pi?  Returns 0, or -1 with a reason in why. */
int healsimi_value_check_range(const param_info *pi, double v, char *why, size_t size);

/* Write the value of row pi in *params as the file format spells it
** ("0.5", "1, 2, 3", "none", "msbdf"); loads back bit for bit. */
void healsimi_value_write(const healsim_params *params, const param_info *pi, FILE *out);

/* The shortest "%g" form of v that reads back to v exactly. */
void healsimi_format_number(double v, char *buf, size_t size);

/* "a, b, c": the names a choice or flags row accepts, into buf. */
void healsimi_choice_list(const param_info *pi, char *buf, size_t size);

/* ---- sim/params_check.c ---- */

/* healsim_params_check, naming the file and line where the faulty value was
** set when `where` (one origin per table row) is not NULL. */
int healsimi_params_check_at(const healsim_params *params, const healsimi_origin *where,
                             healsim_diag *diag);

#endif
