/*
** param_value.c — the one parser of parameter values: text from a file or
** an override becomes a number, a list, a choice, a set of flags or a text,
** range checked against its row of the parameter table (sim/param_table.c);
** and the way back, a stored value written as the file format spells it.
**
** Every loader path (file layers, --set, healsim_params_set) stores through
** healsimi_value_store, so a value is accepted or refused the same way
** wherever it comes from.  Numbers are written with the fewest digits that
** read back to the same double, so a written set loads back bit for bit.
** Nothing here knows files or lines: a failure is a reason in words, and the
** caller says where.
*/
#include "params_internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Parse one number filling *out; on error writes a reason into why. */
static int parse_number(const char *text, double *out, char *why, size_t size)
{
    while (isspace((unsigned char)*text))
        text++;
    if (*text == '\0') {
        snprintf(why, size, "a number is missing");
        return -1;
    }
    errno = 0;
    char *end;
    double v = strtod(text, &end);
    if (end == text) {
        snprintf(why, size, "'%s' is not a number", text);
        return -1;
    }
    const char *rest = end;
    while (isspace((unsigned char)*rest))
        rest++;
    if (*rest != '\0') {
        snprintf(why, size, "'%s' has trailing text '%s' after the number", text, rest);
        return -1;
    }
    if (!isfinite(v)) {
        snprintf(why, size, "'%.*s' is not a finite number", (int)(end - text), text);
        return -1;
    }
    /* strtod reports ERANGE for a result below DBL_MIN too: a subnormal
    ** number is still that number and is kept; one that rounds to zero is
    ** not what was written and is refused */
    if (errno == ERANGE && v == 0.0) {
        snprintf(why, size, "'%.*s' is too small to represent (it would read as 0); write 0 or a larger value",
                 (int)(end - text), text);
        return -1;
    }
    *out = v;
    return 0;
}

void healsimi_format_number(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, size, "%.17g", v);
}

/* "a, b, c": the names a choice or flags parameter accepts. */
void healsimi_choice_list(const param_info *pi, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; pi->choices[i]; i++) {
        if (i)
            strncat(buf, ", ", size - strlen(buf) - 1);
        strncat(buf, pi->choices[i], size - strlen(buf) - 1);
    }
}

/* v checked against the range of row pi, named `name` in the reason. */
static int check_range_as(const char *name, const param_info *pi, double v, char *why, size_t size)
{
    if (v < pi->min || v > pi->max) {
        char lo[40], hi[40], val[40];
        healsimi_format_number(pi->min, lo, sizeof lo);
        healsimi_format_number(pi->max, hi, sizeof hi);
        healsimi_format_number(v, val, sizeof val);
        snprintf(why, size, "%s = %s is out of range [%s, %s]%s%s", name, val, lo, hi,
                 pi->unit[0] ? " " : "", pi->unit);
        return -1;
    }
    return 0;
}

int healsimi_value_check_range(const param_info *pi, double v, char *why, size_t size)
{
    return check_range_as(pi->key, pi, v, why, size);
}

/* What a text value may not hold, so that it writes back into a parameter
** file and loads again as the same text; `name` names it in the reason. */
static int check_text(const char *name, const char *text, char *why, size_t size)
{
    for (const char *c = text; *c; c++) {
        if ((unsigned char)*c < 0x20 || *c == 0x7f) {
            snprintf(why, size, "%s contains a control character (newline, tab, ...)", name);
            return -1;
        }
        if (*c == ';' && c > text && isspace((unsigned char)c[-1])) {
            snprintf(why, size, "%s cannot contain ' ;': it starts a comment in a parameter file", name);
            return -1;
        }
        /* written back as "key = ;..." it would be a comment too */
        if (*c == ';' && c == text) {
            snprintf(why, size, "%s cannot start with ';': it starts a comment in a parameter file", name);
            return -1;
        }
    }
    if (text[0] && (isspace((unsigned char)text[0]) || isspace((unsigned char)text[strlen(text) - 1]))) {
        snprintf(why, size, "%s cannot start or end with a space", name);
        return -1;
    }
    return 0;
}

/* The offset of the first byte of s that is not part of well-formed UTF-8
** (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or
** strlen(s) if all of it is. */
size_t healsimi_utf8_invalid(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (u[i]) {
        const unsigned c = u[i];
        size_t n;
        unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        if (c < 0x80)
            n = 0;
        else if (c >= 0xC2 && c <= 0xDF)
            n = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            else if (c == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0)
                lo = 0x90; /* overlong */
            else if (c == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else
            return i;
        for (size_t k = 1; k <= n; k++) {
            const unsigned b = u[i + k];
            if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
                return i;
        }
        i += n + 1;
    }
    return i;
}

_Static_assert(HEALSIM_MAX_CHECKPOINTS <= HEALSIM_MAX_INJECTIONS,
               "a list is parsed into a buffer of HEALSIM_MAX_INJECTIONS values");

/* How many values the list of row pi holds at most. */
static size_t list_capacity(const param_info *pi)
{
    return strcmp(pi->key, "checkpoints_days") == 0 ? HEALSIM_MAX_CHECKPOINTS : HEALSIM_MAX_INJECTIONS;
}

/* Store text into the row `pi` of record.  Returns 0 or -1 with why set;
** *column_offset gets the offset of the bad element within text, if known. */
int healsimi_value_store(void *record, const param_info *pi, const char *text,
                         char *why, size_t size, size_t *column_offset)
{
    char *base = record;
    *column_offset = 0;
    const size_t bad_byte = healsimi_utf8_invalid(text);
    if (text[bad_byte] != '\0') {
        snprintf(why, size, "the value of %s is not valid UTF-8 (byte 0x%02X at character %zu); "
                            "save the file as UTF-8", pi->key, (unsigned)(unsigned char)text[bad_byte],
                 bad_byte + 1);
        *column_offset = bad_byte;
        return -1;
    }
    switch (pi->kind) {
    case PARAM_REAL: {
        double v;
        if (parse_number(text, &v, why, size) || healsimi_value_check_range(pi, v, why, size))
            return -1;
        *(double *)(base + pi->offset) = v;
        return 0;
    }
    case PARAM_COUNT: {
        double v;
        if (parse_number(text, &v, why, size))
            return -1;
        if (v != floor(v)) {
            snprintf(why, size, "%s must be a whole number, not '%s'", pi->key, text);
            return -1;
        }
        if (healsimi_value_check_range(pi, v, why, size))
            return -1;
        *(size_t *)(base + pi->offset) = (size_t)v;
        return 0;
    }
    case PARAM_LIST: {
        /* parsed into a buffer of its own and stored only whole, so a bad
        ** or too long list leaves the field as it was and never writes past
        ** a shorter field (checkpoints_days holds fewer than the others) */
        const size_t capacity = list_capacity(pi);
        double values[HEALSIM_MAX_INJECTIONS];
        size_t n = 0;
        const char *p = text;
        while (isspace((unsigned char)*p))
            p++;
        if (pi->may_be_empty && strcmp(p, "none") == 0) {
            *(size_t *)(base + pi->length_offset) = 0;
            return 0;
        }
        if (*p == '\0') {
            if (pi->may_be_empty)
                snprintf(why, size, "%s is empty; list at least one value, or write none", pi->key);
            else if (strcmp(pi->key, "times") == 0)
                snprintf(why, size, "times is empty; list at least one injection time, "
                                    "or set count = 0 for no injections");
            else
                snprintf(why, size, "%s is empty; give at least one value", pi->key);
            return -1;
        }
        for (;;) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            char item[128];
            if (len >= sizeof item) {
                snprintf(why, size, "a value in %s is too long", pi->key);
                return -1;
            }
            memcpy(item, p, len);
            item[len] = '\0';
            *column_offset = (size_t)(p - text);
            if (n >= capacity) {
                snprintf(why, size, "%s has more than %zu values", pi->key, capacity);
                return -1;
            }
            double v;
            if (parse_number(item, &v, why, size) || healsimi_value_check_range(pi, v, why, size))
                return -1;
            values[n++] = v;
            if (!comma)
                break;
            p = comma + 1;
        }
        memcpy(base + pi->offset, values, n * sizeof values[0]);
        *(size_t *)(base + pi->length_offset) = n;
        *column_offset = 0;
        return 0;
    }
    case PARAM_CHOICE: {
        for (int i = 0; pi->choices[i]; i++) {
            if (strcmp(pi->choices[i], text) == 0) {
                *(int *)(base + pi->offset) = i;
                return 0;
            }
        }
        char list[256];
        healsimi_choice_list(pi, list, sizeof list);
        snprintf(why, size, "%s = '%s' is not one of: %s", pi->key, text, list);
        return -1;
    }
    case PARAM_FLAGS: {
        unsigned bits = 0;
        const char *p = text;
        if (strcmp(text, "none") == 0 && pi->min > 0) {
            snprintf(why, size, "%s cannot be none", pi->key);
            return -1;
        }
        if (strcmp(text, "none") == 0) {
            *(unsigned *)(base + pi->offset) = 0;
            return 0;
        }
        for (;;) {
            while (isspace((unsigned char)*p))
                p++;
            size_t len = strcspn(p, ",");
            while (len > 0 && isspace((unsigned char)p[len - 1]))
                len--;
            *column_offset = (size_t)(p - text);
            int found = -1;
            for (int i = 0; pi->choices[i]; i++)
                if (strlen(pi->choices[i]) == len && strncmp(pi->choices[i], p, len) == 0)
                    found = i;
            if (found < 0) {
                char list[256];
                healsimi_choice_list(pi, list, sizeof list);
                snprintf(why, size, "%s: '%.*s' is not one of: %s%s", pi->key, (int)len, p, list,
                         pi->min == 0 ? " (or none)" : "");
                return -1;
            }
            bits |= 1u << found;
            p += strcspn(p, ",");
            if (*p != ',')
                break;
            p++;
        }
        *(unsigned *)(base + pi->offset) = bits;
        *column_offset = 0;
        return 0;
    }
    case PARAM_TEXT: {
        if (check_text(pi->key, text, why, size))
            return -1;
        if (strlen(text) >= HEALSIM_MAX_TEXT) {
            snprintf(why, size, "%s is longer than %d characters", pi->key, HEALSIM_MAX_TEXT - 1);
            return -1;
        }
        snprintf(base + pi->offset, HEALSIM_MAX_TEXT, "%s", text);
        return 0;
    }
    }
    snprintf(why, size, "internal error: unknown parameter kind");
    return -1;
}

void healsimi_value_write(const void *record, const param_info *pi, FILE *out)
{
    const char *base = record;
    char num[40];
    switch (pi->kind) {
    case PARAM_REAL:
        healsimi_format_number(*(const double *)(base + pi->offset), num, sizeof num);
        fputs(num, out);
        break;
    case PARAM_COUNT:
        fprintf(out, "%zu", *(const size_t *)(base + pi->offset));
        break;
    case PARAM_LIST: {
        const double *v = (const double *)(base + pi->offset);
        size_t n = *(const size_t *)(base + pi->length_offset);
        if (n == 0 && pi->may_be_empty)
            fputs("none", out);
        for (size_t i = 0; i < n; i++) {
            healsimi_format_number(v[i], num, sizeof num);
            fprintf(out, "%s%s", i ? ", " : "", num);
        }
        break;
    }
    case PARAM_CHOICE:
        fputs(pi->choices[*(const int *)(base + pi->offset)], out);
        break;
    case PARAM_TEXT:
        fputs(base + pi->offset, out);
        break;
    case PARAM_FLAGS: {
        unsigned bits = *(const unsigned *)(base + pi->offset);
        if (!bits)
            fputs("none", out);
        for (int i = 0, n = 0; pi->choices[i]; i++)
            if (bits & (1u << i))
                fprintf(out, "%s%s", n++ ? ", " : "", pi->choices[i]);
        break;
    }
    }
}

int healsimi_value_check(const void *record, const param_info *pi, char *why, size_t size)
{
    const char *base = record;
    char name[96];
    snprintf(name, sizeof name, "%s%s%s", pi->section, pi->section[0] ? "." : "", pi->key);
    switch (pi->kind) {
    case PARAM_REAL: {
        double v = *(const double *)(base + pi->offset);
        if (!isfinite(v)) {
            snprintf(why, size, "%s = %g is not a finite number", name, v);
            return -1;
        }
        return check_range_as(name, pi, v, why, size);
    }
    case PARAM_COUNT:
        return check_range_as(name, pi, (double)*(const size_t *)(base + pi->offset), why, size);
    case PARAM_LIST: {
        const double *v = (const double *)(base + pi->offset);
        size_t n = *(const size_t *)(base + pi->length_offset);
        if (n > list_capacity(pi)) {
            snprintf(why, size, "%s has %zu values; it holds at most %zu", name, n, list_capacity(pi));
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            char element[112];
            snprintf(element, sizeof element, "%s[%zu]", name, i);
            if (!isfinite(v[i])) {
                snprintf(why, size, "%s = %g is not a finite number", element, v[i]);
                return -1;
            }
            if (check_range_as(element, pi, v[i], why, size))
                return -1;
        }
        return 0;
    }
    case PARAM_CHOICE: {
        int v = *(const int *)(base + pi->offset), n = 0;
        while (pi->choices[n])
            n++;
        if (v < 0 || v >= n) {
            char list[256];
            healsimi_choice_list(pi, list, sizeof list);
            snprintf(why, size, "%s = %d is not one of the %d choices (%s)", name, v, n, list);
            return -1;
        }
        return 0;
    }
    case PARAM_FLAGS: {
        unsigned bits = *(const unsigned *)(base + pi->offset), n = 0;
        while (pi->choices[n])
            n++;
        if (bits >> n) {
            char list[256];
            healsimi_choice_list(pi, list, sizeof list);
            snprintf(why, size, "%s = 0x%x has bits beyond its %u choices (%s)", name, bits, n, list);
            return -1;
        }
        if (bits == 0 && pi->min > 0) {
            snprintf(why, size, "%s cannot be none", name);
            return -1;
        }
        return 0;
    }
    case PARAM_TEXT: {
        const char *text = base + pi->offset;
        if (!memchr(text, '\0', HEALSIM_MAX_TEXT)) {
            snprintf(why, size, "%s is not a string of at most %d characters (no terminating NUL)", name,
                     HEALSIM_MAX_TEXT - 1);
            return -1;
        }
        return check_text(name, text, why, size);
    }
    }
    snprintf(why, size, "internal error: unknown parameter kind");
    return -1;
}
