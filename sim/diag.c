/*
** diag.c — the library's one way to fill and to word a diagnostic.
**
** Every function that can fail fills a healsim_diag through healsim_diag_set:
** where (file, line, column; each may be absent) and what, in words a user
** can act on.  healsim_diag_format words it the way compilers do,
** "file:line:col: error: message", so editors jump to the place; callers
** (the command line, an embedding program) choose only where it goes.
**
** Invariant: a diag filled here is always terminated and never refers to
** memory it does not hold; text too long for a field is cut, not overflowed.
*/
#include "healsim/params.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void healsim_diag_set(healsim_diag *d, const char *file, int line, int column, const char *fmt, ...)
{
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line > 0 ? line : 0;
    d->column = column > 0 ? column : 0;
    d->override = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
}

int healsim_diag_format(const healsim_diag *d, char *buf, size_t size)
{
    char where[sizeof d->file + 32] = "";
    size_t n = 0;
    if (d->file[0])
        n += (size_t)snprintf(where + n, sizeof where - n, "%s:", d->file);
    if (d->line > 0) {
        n += (size_t)snprintf(where + n, sizeof where - n, "%d:", d->line);
        if (d->column > 0)
            n += (size_t)snprintf(where + n, sizeof where - n, "%d:", d->column);
    }
    return snprintf(buf, size, "%s%serror: %s", where, n ? " " : "", d->message);
}
