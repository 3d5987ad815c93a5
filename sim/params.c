/*
** params.c — loading, checking and writing parameter sets.
**
** A load applies layers in order: the built-in default text, then the user's
** file (after the files it names with `based_on`, depth first), then --set
** overrides.  inih splits each layer into (section, key, value); a reader
** callback feeds it one line at a time so that we always know the line and
** can point at the column of the value.  Each value is parsed and range
** checked as it arrives; the first problem wins and is kept in the diag.
**
** Invariants: a key may appear once per layer; a later layer overrides an
** earlier one; the schedule is either explicit (`times`) or regular
** (`start`/`interval`/`count`), and whichever form a layer sets replaces the
** other.  Every value remembers where it was set, so the consistency check at
** the end can name the line of the value that is inconsistent.
*/
#include "healsim/params.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <ini.h>

#include "param_table.h"

extern const char *const healsim_default_ini; /* generated from params/default.ini */

#define MAX_DEPTH 16   /* deepest chain of based_on files */
#define INIH_LINE 198   /* inih's line buffer is 200 bytes with newline and NUL */
#define BUILT_IN_NAME "default.ini (built in)" /* how the built-in default is named in messages */
#define LINE_LIMIT 4096 /* longest line read; longer than INIH_LINE: split here */

typedef struct origin {
    const char *file; /* points into loader.files */
    int line;
    int column;
    int override;     /* 1-based index of the override that set it; 0 if a file did */
} origin;

typedef struct loader {
    healsim_params *params;
    healsim_diag *diag;
    int failed;                   /* first error recorded in diag */
    origin where[256];            /* where each table row was last set */
    char files[MAX_DEPTH + 2][512]; /* names of the layers, for origins */
    int n_files;
} loader;

/* One layer being parsed: a file or the built-in text. */
typedef struct layer {
    loader *ld;
    const char *name;       /* stable copy in ld->files */
    const char *dir;        /* directory for relative based_on, or NULL */
    const char *text;       /* the whole text */
    size_t pos;             /* reader position in text */
    int line;               /* line just handed to inih */
    char line_text[LINE_LIMIT + 4];
    char section[64];        /* the current section, for lines split here */
    unsigned char seen[256]; /* keys set in this layer */
    int n_keys;              /* keys applied so far in this layer */
    int depth;
    const char *stack[MAX_DEPTH + 1]; /* canonical paths of the based_on chain */
    char section_error;      /* current section is unknown (already reported) */
} layer;

static int fail(healsim_diag *diag, const char *file, int line, int column,
                const char *fmt, ...)
{
    snprintf(diag->file, sizeof diag->file, "%s", file ? file : "");
    diag->line = line;
    diag->column = column;
    diag->override = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(diag->message, sizeof diag->message, fmt, ap);
    va_end(ap);
    return HEALSIM_ERR_INPUT;
}

static int layer_fail(layer *ly, int column, const char *fmt, ...)
{
    loader *ld = ly->ld;
    if (ld->failed)
        return 0;
    ld->failed = 1;
    snprintf(ld->diag->file, sizeof ld->diag->file, "%s", ly->name);
    ld->diag->line = ly->line;
    ld->diag->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ld->diag->message, sizeof ld->diag->message, fmt, ap);
    va_end(ap);
    return 0;
}

/* ---- suggestions ------------------------------------------------------ */

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* Write a "did you mean" hint for an unknown key into buf (may be empty). */
static void suggest_key(const char *section, const char *key, char *buf, size_t size)
{
    buf[0] = '\0';
    /* the same key in another section is the likeliest slip */
    for (size_t i = 0; i < healsim_param_count; i++) {
        const param_info *pi = &healsim_param_table[i];
        if (strcmp(pi->key, key) == 0 && strcmp(pi->section, section) != 0) {
            if (pi->section[0])
                snprintf(buf, size, "; '%s' belongs in [%s]", key, pi->section);
            else
                snprintf(buf, size, "; '%s' belongs before the first section", key);
            return;
        }
    }
    size_t best = 99;
    const char *best_key = NULL;
    for (size_t i = 0; i < healsim_param_count; i++) {
        const param_info *pi = &healsim_param_table[i];
        if (strcmp(pi->section, section) != 0)
            continue;
        size_t d = edit_distance(key, pi->key);
        if (d < best) {
            best = d;
            best_key = pi->key;
        }
    }
    size_t allowed = strlen(key) / 3 + 1;
    if (best_key && best <= allowed)
        snprintf(buf, size, "; did you mean '%s'?", best_key);
}

static int section_known(const char *name)
{
    for (int i = 0; healsim_param_sections[i]; i++)
        if (strcmp(healsim_param_sections[i], name) == 0)
            return 1;
    return 0;
}

static void suggest_section(const char *name, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t best = 99;
    const char *best_name = NULL;
    for (int i = 1; healsim_param_sections[i]; i++) {
        size_t d = edit_distance(name, healsim_param_sections[i]);
        if (d < best) {
            best = d;
            best_name = healsim_param_sections[i];
        }
    }
    if (best_name && best <= strlen(name) / 3 + 1)
        snprintf(buf, size, "; did you mean [%s]?", best_name);
}

/* ---- values ----------------------------------------------------------- */

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
    if (errno == ERANGE && v != 0.0) {
        snprintf(why, size, "'%.*s' is out of the representable range", (int)(end - text), text);
        return -1;
    }
    *out = v;
    return 0;
}

static void format_number(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, size, "%.17g", v);
}

/* "a, b, c": the names a choice or flags parameter accepts. */
static void choice_list(const param_info *pi, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; pi->choices[i]; i++) {
        if (i)
            strncat(buf, ", ", size - strlen(buf) - 1);
        strncat(buf, pi->choices[i], size - strlen(buf) - 1);
    }
}

static int check_range(const param_info *pi, double v, char *why, size_t size)
{
    if (v < pi->min || v > pi->max) {
        char lo[40], hi[40], val[40];
        format_number(pi->min, lo, sizeof lo);
        format_number(pi->max, hi, sizeof hi);
        format_number(v, val, sizeof val);
        snprintf(why, size, "%s = %s is out of range [%s, %s]%s%s", pi->key, val, lo, hi,
                 pi->unit[0] ? " " : "", pi->unit);
        return -1;
    }
    return 0;
}

/* Store text into the row `pi` of params.  Returns 0 or -1 with why set;
** *column_offset gets the offset of the bad element within text, if known. */
static int store_value(healsim_params *params, const param_info *pi, const char *text,
                       char *why, size_t size, size_t *column_offset)
{
    char *base = (char *)params;
    *column_offset = 0;
    switch (pi->kind) {
    case PARAM_REAL: {
        double v;
        if (parse_number(text, &v, why, size) || check_range(pi, v, why, size))
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
        if (check_range(pi, v, why, size))
            return -1;
        *(size_t *)(base + pi->offset) = (size_t)v;
        return 0;
    }
    case PARAM_LIST: {
        double *values = (double *)(base + pi->offset);
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
            if (n >= HEALSIM_MAX_INJECTIONS) {
                snprintf(why, size, "%s has more than %d values", pi->key, HEALSIM_MAX_INJECTIONS);
                return -1;
            }
            double v;
            if (parse_number(item, &v, why, size) || check_range(pi, v, why, size))
                return -1;
            values[n++] = v;
            if (!comma)
                break;
            p = comma + 1;
        }
        if (strcmp(pi->key, "checkpoints_days") == 0 && n > HEALSIM_MAX_CHECKPOINTS) {
            snprintf(why, size, "checkpoints_days has more than %d values", HEALSIM_MAX_CHECKPOINTS);
            return -1;
        }
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
        choice_list(pi, list, sizeof list);
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
                choice_list(pi, list, sizeof list);
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
        for (const char *c = text; *c; c++) {
            if ((unsigned char)*c < 0x20 || *c == 0x7f) {
                snprintf(why, size, "%s contains a control character (newline, tab, ...)", pi->key);
                return -1;
            }
            if (*c == ';' && c > text && isspace((unsigned char)c[-1])) {
                snprintf(why, size, "%s cannot contain ' ;': it starts a comment in a parameter file", pi->key);
                return -1;
            }
            /* written back as "key = ;..." it would be a comment too */
            if (*c == ';' && c == text) {
                snprintf(why, size, "%s cannot start with ';': it starts a comment in a parameter file", pi->key);
                return -1;
            }
        }
        if (text[0] && (isspace((unsigned char)text[0]) || isspace((unsigned char)text[strlen(text) - 1]))) {
            snprintf(why, size, "%s cannot start or end with a space", pi->key);
            return -1;
        }
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

/* After `key` is set in a layer, keep the schedule form consistent. */
static void note_schedule_form(healsim_params *params, const char *section, const char *key)
{
    if (strcmp(section, "schedule") != 0)
        return;
    if (strcmp(key, "times") == 0)
        params->schedule_explicit = 1;
    else if (strcmp(key, "start") == 0 || strcmp(key, "interval") == 0
             || strcmp(key, "count") == 0)
        params->schedule_explicit = 0;
}

/* healsim_params_set, also giving the table row that was set (for origins). */
static int set_by_name(healsim_params *params, const char *name, const char *value,
                       healsim_diag *diag, int *row_out)
{
    const char *dot = strchr(name, '.');
    char section[64] = "";
    const char *key = name;
    if (dot) {
        size_t len = (size_t)(dot - name);
        if (len >= sizeof section)
            return fail(diag, "--set", 0, 0, "unknown section in '%s'", name);
        memcpy(section, name, len);
        section[len] = '\0';
        key = dot + 1;
    }
    if (!section_known(section)) {
        char hint[128];
        suggest_section(section, hint, sizeof hint);
        return fail(diag, "--set", 0, 0, "'%s': unknown section [%s]%s", name, section, hint);
    }
    int row = healsim_param_find(section, key);
    if (row < 0 && !dot) {
        /* a bare key: only title lives outside a section */
        char hint[160] = "";
        for (size_t i = 0; i < healsim_param_count && !hint[0]; i++)
            if (strcmp(healsim_param_table[i].key, key) == 0 && healsim_param_table[i].section[0])
                snprintf(hint, sizeof hint, "; did you mean '%s.%s'?", healsim_param_table[i].section, key);
        return fail(diag, "--set", 0, 0, "'%s' is not a parameter: write section.key=value (healsim params "
                    "lists them)%s", name, hint);
    }
    if (row < 0) {
        char hint[160];
        suggest_key(section, key, hint, sizeof hint);
        return fail(diag, "--set", 0, 0, "'%s': unknown key '%s' in [%s]%s", name, key, section, hint);
    }
    char why[512];
    size_t offset;
    if (store_value(params, &healsim_param_table[row], value, why, sizeof why, &offset))
        return fail(diag, "--set", 0, 0, "'%s=%s': %s", name, value, why);
    note_schedule_form(params, section, key);
    *row_out = row;
    return HEALSIM_OK;
}

int healsim_params_set(healsim_params *params, const char *name, const char *value,
                       healsim_diag *diag)
{
    int row;
    return set_by_name(params, name, value, diag, &row);
}

/* ---- layers ----------------------------------------------------------- */

static int load_layer(loader *ld, const char *name, const char *dir, const char *text,
                      int depth, const char *const *stack);

static int read_file_text(const char *path, char **out, healsim_diag *diag,
                          const char *from_file, int from_line)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return fail(diag, from_file ? from_file : path, from_line, 0, "'%s' is a folder, not a parameter file", path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(diag, from_file ? from_file : path, from_line, 0,
                    "cannot open '%s': %s", path, strerror(errno));
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return HEALSIM_ERR_NOMEM;
    }
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 >= cap) {
            if (cap > (64u << 20)) {
                free(buf);
                fclose(f);
                return fail(diag, path, 0, 0, "file is larger than 64 MiB; not a parameter file");
            }
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                fclose(f);
                return HEALSIM_ERR_NOMEM;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return fail(diag, path, 0, 0, "cannot read '%s'", path);
    }
    if (memchr(buf, '\0', len)) {
        free(buf);
        return fail(diag, path, 0, 0, "file contains a NUL byte; not a text parameter file");
    }
    buf[len] = '\0';
    *out = buf;
    return HEALSIM_OK;
}

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static int layer_handler(void *user, const char *section, const char *name, const char *value);

/* inih's find_chars_or_comment: the first of chars (none if NULL) or of an
** inline ';' comment after a space, or the end of s. */
static char *find_chars_or_comment(char *s, const char *chars)
{
    int was_space = 0;
    while (*s && (!chars || !strchr(chars, *s)) && !(was_space && *s == ';')) {
        was_space = isspace((unsigned char)*s);
        s++;
    }
    return s;
}

static char *rstrip(char *s)
{
    char *p = s + strlen(s);
    while (p > s && isspace((unsigned char)p[-1]))
        *--p = '\0';
    return s;
}

static char *lskip(char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    return s;
}

/* A key = value line longer than inih's buffer holds (a long list, as
** healsim_params_write writes one): split it the way inih splits a line
** and hand it to the layer's handler.  line is the line without its BOM
** and end of line; the caller has reported every other kind of line. */
static void long_line(layer *ly, char *line)
{
    char *start = lskip(rstrip(line));
    if (*start == '\0' || *start == ';' || *start == '#' || *start == '[')
        return;
    char *end = find_chars_or_comment(start, "=:");
    if (*end != '=' && *end != ':') {
        layer_fail(ly, (int)(start - line) + 1, "expected 'key = value', '[section]' or a comment");
        return;
    }
    *end = '\0';
    char *value = end + 1;
    *find_chars_or_comment(value, NULL) = '\0';
    value = rstrip(lskip(value));
    layer_handler(ly, ly->section, rstrip(start), value);
}

/* inih reader: hand over one line, remembering it for diagnostics.  A line
** longer than inih can hold is handled here, and inih gets an empty line
** (or the section header alone) in its place. */
static char *layer_reader(char *str, int num, void *stream)
{
    layer *ly = stream;
    const char *text = ly->text + ly->pos;
    if (*text == '\0' || ly->ld->failed)
        return NULL; /* the first error wins: stop reading after it */
    const char *nl = strchr(text, '\n');
    size_t len = nl ? (size_t)(nl - text) + 1 : strlen(text);
    ly->pos += len;
    ly->line++;
    size_t copy = len < (size_t)num - 1 ? len : (size_t)num - 1;
    memcpy(str, text, copy);
    str[copy] = '\0';
    size_t keep = len < sizeof ly->line_text - 1 ? len : sizeof ly->line_text - 1;
    memcpy(ly->line_text, text, keep);
    ly->line_text[keep] = '\0';

    size_t content = len;
    while (content > 0 && (text[content - 1] == '\n' || text[content - 1] == '\r'))
        content--;
    if (content > LINE_LIMIT)
        layer_fail(ly, LINE_LIMIT + 1, "line is longer than %d characters", LINE_LIMIT);

    /* inih skips a UTF-8 byte order mark at the start of the file */
    const size_t bom = ly->line == 1 && memcmp(ly->line_text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    /* inih joins an indented line onto the previous value; healsim does not
    ** use continuation lines, so say so rather than report a duplicate key. */
    const char *s = skip_space(ly->line_text + bom);
    if (s != ly->line_text + bom && *s && *s != ';' && *s != '#' && *s != '\r' && *s != '\n'
        && *s != '[' && !strchr(s, '='))
        layer_fail(ly, (int)(s - ly->line_text) + 1,
                   "indented line without '=': continuation lines are not supported");

    if (*s && *s != ';' && *s != '#' && *s != '\r' && *s != '\n' && *s != '['
        && !strchr(s, '=') && !strchr(s, ':'))
        layer_fail(ly, (int)(s - ly->line_text) + 1, "expected 'key = value', '[section]' or a comment");
    if (*s == '[') {
        const char *close = strchr(s, ']');
        if (!close)
            layer_fail(ly, (int)(s - ly->line_text) + 1, "section header without a closing ']'");
        if (close) {
            char name[64];
            size_t n = (size_t)(close - s - 1);
            if (n >= sizeof name)
                n = sizeof name - 1;
            memcpy(name, s + 1, n);
            name[n] = '\0';
            ly->section_error = 0;
            if (!section_known(name) || name[0] == '\0') {
                char hint[96];
                suggest_section(name, hint, sizeof hint);
                layer_fail(ly, (int)(s - ly->line_text) + 2, "unknown section [%s]%s", name, hint);
                ly->section_error = 1;
            }
            memcpy(ly->section, name, n + 1);
        }
    }
    if (content > INIH_LINE && !ly->ld->failed) {
        if (*s == '[')
            snprintf(str, (size_t)num, "[%s]\n", ly->section);
        else
            snprintf(str, (size_t)num, "\n");
        char *line = malloc(content + 1);
        if (!line) {
            layer_fail(ly, 0, "out of memory");
            return NULL;
        }
        memcpy(line, text + bom, content - bom);
        line[content - bom] = '\0';
        long_line(ly, line);
        free(line);
    }
    return str;
}

static int value_column(const layer *ly, const char *value)
{
    const char *eq = strchr(ly->line_text, '=');
    if (!eq)
        return 1;
    const char *hit = *value ? strstr(eq + 1, value) : NULL;
    if (!hit)
        hit = skip_space(eq + 1);
    return (int)(hit - ly->line_text) + 1;
}

static int key_column(const layer *ly)
{
    return (int)(skip_space(ly->line_text) - ly->line_text) + 1;
}

static int join_path(char *out, size_t size, const char *dir, const char *name)
{
    int n;
    if (name[0] == '/' || !dir || !dir[0])
        n = snprintf(out, size, "%s", name);
    else
        n = snprintf(out, size, "%s/%s", dir, name);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int handle_based_on(layer *ly, const char *value)
{
    loader *ld = ly->ld;
    if (ly->n_keys > 0)
        return layer_fail(ly, key_column(ly), "based_on must come before every other key");
    if (strcmp(value, "default") == 0)
        return 1; /* the built-in default is always the first layer */
    char path[512];
    if (join_path(path, sizeof path, ly->dir, value))
        return layer_fail(ly, value_column(ly, value), "path in based_on is too long");
    char *canon = realpath(path, NULL);
    if (!canon)
        return layer_fail(ly, value_column(ly, value), "based_on: cannot open '%s': %s", path,
                          strerror(errno));
    for (int i = 0; i <= ly->depth; i++) {
        if (ly->stack[i] && strcmp(ly->stack[i], canon) == 0) {
            free(canon);
            return layer_fail(ly, value_column(ly, value),
                              "based_on '%s' leads back to a file already being loaded (a cycle)", value);
        }
    }
    if (ly->depth + 1 >= MAX_DEPTH) {
        free(canon);
        return layer_fail(ly, value_column(ly, value), "based_on chain deeper than %d files", MAX_DEPTH);
    }
    char *text = NULL;
    int status = read_file_text(path, &text, ld->diag, ly->name, ly->line);
    if (status) {
        free(canon);
        ld->failed = 1;
        return 0;
    }
    const char *stack[MAX_DEPTH + 1] = { 0 };
    for (int i = 0; i <= ly->depth; i++)
        stack[i] = ly->stack[i];
    stack[ly->depth + 1] = canon;
    char dir[512];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    status = load_layer(ld, path, dir, text, ly->depth + 1, stack);
    free(text);
    free(canon);
    if (status)
        ld->failed = 1;
    return status ? 0 : 1;
}

static int layer_handler(void *user, const char *section, const char *name, const char *value)
{
    layer *ly = user;
    loader *ld = ly->ld;
    if (ld->failed)
        return 0;
    if (ly->section_error)
        return 0;
    if (section[0] == '\0' && strcmp(name, "based_on") == 0) {
        int ok = handle_based_on(ly, value);
        ly->n_keys++;
        return ok;
    }
    int row = healsim_param_find(section, name);
    if (row < 0) {
        char hint[160];
        suggest_key(section, name, hint, sizeof hint);
        if (section[0])
            return layer_fail(ly, key_column(ly), "unknown key '%s' in [%s]%s", name, section, hint);
        return layer_fail(ly, key_column(ly), "unknown key '%s' before the first section%s", name, hint);
    }
    if (ly->seen[row])
        return layer_fail(ly, key_column(ly), "key '%s' is given twice in [%s]", name, section);
    ly->seen[row] = 1;
    ly->n_keys++;

    const param_info *pi = &healsim_param_table[row];
    if (strcmp(section, "schedule") == 0) {
        /* one layer gives one schedule form; a later layer may switch it */
        const int times_row = healsim_param_find("schedule", "times");
        const int regular_rows[] = { healsim_param_find("schedule", "start"),
                                     healsim_param_find("schedule", "interval"),
                                     healsim_param_find("schedule", "count") };
        int regular_seen = 0, is_regular = 0;
        for (int i = 0; i < 3; i++) {
            regular_seen |= ly->seen[regular_rows[i]] && regular_rows[i] != row;
            is_regular |= regular_rows[i] == row;
        }
        if ((row == times_row && regular_seen) || (is_regular && ly->seen[times_row]))
            return layer_fail(ly, key_column(ly),
                              "give either times or start/interval/count in [schedule], not both");
    }
    char why[512];
    size_t offset;
    if (store_value(ld->params, pi, value, why, sizeof why, &offset)) {
        int col = value_column(ly, value) + (int)offset;
        return layer_fail(ly, col, "%s", why);
    }
    note_schedule_form(ld->params, section, name);
    ld->where[row].file = ly->name;
    ld->where[row].line = ly->line;
    ld->where[row].column = value_column(ly, value);
    return 1;
}

static int load_layer(loader *ld, const char *name, const char *dir, const char *text,
                      int depth, const char *const *stack)
{
    if (ld->n_files >= (int)(sizeof ld->files / sizeof ld->files[0]))
        return fail(ld->diag, name, 0, 0, "too many parameter files");
    char *stable = ld->files[ld->n_files++];
    snprintf(stable, sizeof ld->files[0], "%s", name);

    layer *ly = calloc(1, sizeof *ly);
    if (!ly)
        return HEALSIM_ERR_NOMEM;
    ly->ld = ld;
    ly->name = stable;
    ly->dir = dir;
    ly->text = text;
    ly->depth = depth;
    for (int i = 0; i <= depth && i <= MAX_DEPTH; i++)
        ly->stack[i] = stack ? stack[i] : NULL;

    int bad_line = ini_parse_stream(layer_reader, ly, layer_handler, ly);
    int status = HEALSIM_OK;
    if (ld->failed) {
        status = HEALSIM_ERR_INPUT;
    } else if (bad_line > 0) {
        ly->line = bad_line;
        layer_fail(ly, 1, "expected 'key = value', '[section]' or a comment");
        status = HEALSIM_ERR_INPUT;
    } else if (bad_line < 0) {
        status = fail(ld->diag, stable, 0, 0, "out of memory while parsing");
    }
    free(ly);
    return status;
}

/* ---- consistency ------------------------------------------------------- */

/* How directly the user set a value: 2 an override, 1 a file of theirs,
** 0 the built-in default. */
static int origin_rank(const origin *o)
{
    if (o->override)
        return 2;
    return o->file && strcmp(o->file, BUILT_IN_NAME) != 0 ? 1 : 0;
}

static int check_with_origins(const healsim_params *p, const origin *where, healsim_diag *diag)
{
#define AT(sec, key, ...)                                                                    \
    do {                                                                                     \
        int r_ = healsim_param_find(sec, key);                                               \
        const origin *o_ = where && r_ >= 0 ? &where[r_] : NULL;                             \
        int status_ = fail(diag, o_ && o_->file ? o_->file : "parameters", o_ ? o_->line : 0,  \
                           o_ ? o_->column : 0, __VA_ARGS__);                                  \
        diag->override = o_ ? o_->override : 0;                                              \
        return status_;                                                                      \
    } while (0)
/* A conflict between two keys is reported where the user set one of them:
** an override before a file, a file before the built-in default; on a tie,
** the first key. */
#define AT_EITHER(sec, key, sec2, key2, ...)                                                 \
    do {                                                                                     \
        int r1_ = healsim_param_find(sec, key), r2_ = healsim_param_find(sec2, key2);        \
        if (where && r1_ >= 0 && r2_ >= 0 && origin_rank(&where[r2_]) > origin_rank(&where[r1_])) \
            AT(sec2, key2, __VA_ARGS__);                                                     \
        AT(sec, key, __VA_ARGS__);                                                           \
    } while (0)
    const double unit_days = p->schedule_unit == HEALSIM_UNIT_WEEKS ? 7.0 : 1.0;
    size_t n;
    if (p->schedule_explicit) {
        n = p->n_times;
        if (n == 0)
            AT("schedule", "times", "times is empty; list at least one injection time, "
                                    "or set count = 0 for no injections");
        for (size_t i = 0; i < n; i++) {
            if (i > 0 && !(p->times[i] > p->times[i - 1]))
                AT("schedule", "times", "injection times must increase: %g comes after %g",
                   p->times[i], p->times[i - 1]);
            if (p->times[i] * unit_days >= p->span_days)
                AT_EITHER("schedule", "times", "schedule", "span_days",
                   "injection at %g %s (day %g) is not before the end of the "
                   "simulated span (span_days = %g)", p->times[i],
                   p->schedule_unit == HEALSIM_UNIT_WEEKS ? "weeks" : "days",
                   p->times[i] * unit_days, p->span_days);
        }
    } else {
        n = p->count;
        if (n > 1 && !(p->interval > 0))
            AT("schedule", "interval", "interval must be above 0 when count is %zu", n);
        if (n > 0) {
            double last = (p->start + (double)(n - 1) * p->interval) * unit_days;
            if (last >= p->span_days)
                AT_EITHER("schedule", "count", "schedule", "span_days",
                   "injection %zu falls on day %g, not before the end of the "
                   "simulated span (span_days = %g)", n, last, p->span_days);
        }
    }
    if (n > 0) {
        if (p->n_concentration != 1 && p->n_concentration != n)
            AT("schedule", "concentration_pct", "concentration_pct has %zu values; give one, or one "
               "per injection (%zu)", p->n_concentration, n);
        if (p->n_volume != 1 && p->n_volume != n)
            AT("schedule", "volume_ml", "volume_ml has %zu values; give one, or one per injection (%zu)",
               p->n_volume, n);
    }
    if (p->n_concentration == 0)
        AT("schedule", "concentration_pct", "concentration_pct is empty");
    if (p->n_volume == 0)
        AT("schedule", "volume_ml", "volume_ml is empty");
    for (size_t i = 0; i < p->n_checkpoints; i++)
        if (p->checkpoints_days[i] > p->span_days)
            AT_EITHER("output", "checkpoints_days", "schedule", "span_days",
               "checkpoint at day %g is after the end of the simulated "
               "span (span_days = %g)", p->checkpoints_days[i], p->span_days);
    if (p->grid == HEALSIM_GRID_LINEAR && p->span_days / p->step_days > 2e6)
        AT("output", "step_days", "step_days = %g gives more than 2 million rows over %g days; "
           "use a larger step", p->step_days, p->span_days);
    if (p->nsaid_relative_to == HEALSIM_NSAID_AFTER_INJECTION && p->n_nsaid_start != 1)
        AT("nsaid", "start_days", "start_days has %zu values; with relative_to = injection give one: "
           "the day after each injection its course starts", p->n_nsaid_start);
    for (size_t i = 0; i < p->n_nsaid_start; i++) {
        if (p->nsaid_relative_to == HEALSIM_NSAID_ON_DAYS && i > 0
            && !(p->nsaid_start_days[i] >= p->nsaid_start_days[i - 1] + p->nsaid_duration_days))
            AT("nsaid", "start_days", "NSAID courses must not overlap: the course on day %g starts before "
               "the one on day %g ends (duration_days = %g)", p->nsaid_start_days[i],
               p->nsaid_start_days[i - 1], p->nsaid_duration_days);
        if (p->nsaid_relative_to == HEALSIM_NSAID_ON_DAYS && p->nsaid_start_days[i] >= p->span_days)
            AT_EITHER("nsaid", "start_days", "schedule", "span_days",
               "an NSAID course on day %g starts after the simulated span "
               "(span_days = %g)", p->nsaid_start_days[i], p->span_days);
    }
    for (size_t i = 0; i < p->n_steroid_times; i++) {
        if (i > 0 && !(p->steroid_times_days[i] > p->steroid_times_days[i - 1]))
            AT("steroid", "times_days", "steroid shot days must increase: %g comes after %g",
               p->steroid_times_days[i], p->steroid_times_days[i - 1]);
        if (p->steroid_times_days[i] >= p->span_days)
            AT_EITHER("steroid", "times_days", "schedule", "span_days",
               "a steroid shot on day %g is not before the end of the simulated "
               "span (span_days = %g)", p->steroid_times_days[i], p->span_days);
    }
    if ((double)p->width_px * (double)p->height_px > 64e6)
        AT("figure", "height", "a %zu x %zu pixel figure is larger than 64 million pixels; "
           "lower width or height (or dpi)", p->width_px, p->height_px);
    if (p->initial_injury > 0 && p->initial_strength_pct > p->strength_ceiling_pct
        && p->initial_injury >= 1)
        AT("tissue", "initial_strength_pct", "a full wound (initial_injury >= 1) cannot start "
           "stronger than the scar ceiling (%g %%)", p->strength_ceiling_pct);
    return HEALSIM_OK;
#undef AT
}

int healsim_params_check(const healsim_params *params, healsim_diag *diag)
{
    return check_with_origins(params, NULL, diag);
}

/* healsim_params_load, and when `row` >= 0, where that row was last set
** into *where_out. */
static int load(const char *path, const char *const *overrides, size_t n_overrides,
                healsim_params *params, healsim_diag *diag, int row_of_interest, healsim_diag *where_out)
{
    memset(diag, 0, sizeof *diag);
    memset(params, 0, sizeof *params);
    loader *ld = calloc(1, sizeof *ld);
    if (!ld)
        return HEALSIM_ERR_NOMEM;
    ld->params = params;
    ld->diag = diag;

    int status = load_layer(ld, BUILT_IN_NAME, NULL, healsim_default_ini, 0, NULL);
    if (status == HEALSIM_OK) {
        for (size_t i = 0; i < healsim_param_count; i++) {
            if (!ld->where[i].file && healsim_param_table[i].kind != PARAM_TEXT
                && !(strcmp(healsim_param_table[i].key, "times") == 0)) {
                status = fail(diag, BUILT_IN_NAME, 0, 0,
                              "internal error: built-in default does not set %s.%s",
                              healsim_param_table[i].section, healsim_param_table[i].key);
                break;
            }
        }
    }
    if (status == HEALSIM_OK && path) {
        char *text = NULL;
        status = read_file_text(path, &text, diag, NULL, 0);
        if (status == HEALSIM_OK) {
            char dir[512];
            snprintf(dir, sizeof dir, "%s", path);
            char *slash = strrchr(dir, '/');
            if (slash)
                *slash = '\0';
            else
                snprintf(dir, sizeof dir, ".");
            char *canon = realpath(path, NULL);
            const char *stack[MAX_DEPTH + 1] = { canon };
            status = load_layer(ld, path, dir, text, 0, stack);
            free(canon);
            free(text);
        }
    }
    for (size_t i = 0; status == HEALSIM_OK && i < n_overrides; i++) {
        const char *eq = strchr(overrides[i], '=');
        if (!eq) {
            status = fail(diag, "--set", 0, 0, "'%s' is not of the form section.key=value", overrides[i]);
            diag->override = (int)i + 1;
            break;
        }
        char name[128];
        size_t len = (size_t)(eq - overrides[i]);
        if (len >= sizeof name) {
            status = fail(diag, "--set", 0, 0, "'%s': name too long", overrides[i]);
            diag->override = (int)i + 1;
            break;
        }
        memcpy(name, overrides[i], len);
        name[len] = '\0';
        while (len > 0 && isspace((unsigned char)name[len - 1]))
            name[--len] = '\0';
        const char *value = skip_space(eq + 1);
        int row;
        status = set_by_name(params, name, value, diag, &row);
        if (status == HEALSIM_OK)
            ld->where[row] = (origin){ "--set", 0, 0, (int)i + 1 };
        else
            diag->override = (int)i + 1;
    }

    if (status == HEALSIM_OK)
        status = check_with_origins(params, ld->where, diag);
    if (status == HEALSIM_OK && row_of_interest >= 0) {
        const origin *o = &ld->where[row_of_interest];
        memset(where_out, 0, sizeof *where_out);
        snprintf(where_out->file, sizeof where_out->file, "%s", o->file ? o->file : BUILT_IN_NAME);
        where_out->line = o->line;
        where_out->column = o->column;
        where_out->override = o->override;
    }
    free(ld);
    return status;
}

int healsim_params_load(const char *path, const char *const *overrides, size_t n_overrides,
                        healsim_params *params, healsim_diag *diag)
{
    return load(path, overrides, n_overrides, params, diag, -1, NULL);
}

int healsim_params_where(const char *path, const char *const *overrides, size_t n_overrides,
                         const char *name, healsim_diag *where)
{
    const char *dot = strchr(name, '.');
    char section[64] = "";
    if (dot && (size_t)(dot - name) < sizeof section)
        memcpy(section, name, (size_t)(dot - name));
    int row = healsim_param_find(section, dot ? dot + 1 : name);
    if (row < 0) {
        memset(where, 0, sizeof *where);
        snprintf(where->message, sizeof where->message, "unknown parameter '%s'", name);
        return HEALSIM_ERR_INPUT;
    }
    healsim_params *scratch = malloc(sizeof *scratch);
    if (!scratch)
        return HEALSIM_ERR_NOMEM;
    healsim_diag diag;
    int status = load(path, overrides, n_overrides, scratch, &diag, row, where);
    free(scratch);
    if (status)
        *where = diag;
    return status;
}

/* ---- writing ----------------------------------------------------------- */

static void write_value(const healsim_params *params, const param_info *pi, FILE *out)
{
    const char *base = (const char *)params;
    char num[40];
    switch (pi->kind) {
    case PARAM_REAL:
        format_number(*(const double *)(base + pi->offset), num, sizeof num);
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
            format_number(v[i], num, sizeof num);
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

/* Is row i part of what a resolved file should write?  Only the active
** schedule form is written, so the file loads back to the same set. */
int healsim_param_active(const healsim_params *params, size_t row)
{
    const param_info *pi = &healsim_param_table[row];
    if (strcmp(pi->section, "schedule") != 0)
        return 1;
    if (strcmp(pi->key, "times") == 0)
        return params->schedule_explicit;
    if (strcmp(pi->key, "start") == 0 || strcmp(pi->key, "interval") == 0
        || strcmp(pi->key, "count") == 0)
        return !params->schedule_explicit;
    return 1;
}

int healsim_params_write(const healsim_params *params, FILE *out)
{
    fputs("# healsim resolved parameters: every value of the run, so it can be repeated exactly.\n"
          "# Load it with: healsim run params.resolved.ini\n", out);
    for (int s = 0; healsim_param_sections[s]; s++) {
        const char *section = healsim_param_sections[s];
        if (section[0])
            fprintf(out, "\n[%s]\n", section);
        for (size_t i = 0; i < healsim_param_count; i++) {
            const param_info *pi = &healsim_param_table[i];
            if (strcmp(pi->section, section) != 0 || !healsim_param_active(params, i))
                continue;
            fprintf(out, "%s = ", pi->key);
            write_value(params, pi, out);
            fputc('\n', out);
        }
    }
    return ferror(out) ? HEALSIM_ERR_IO : HEALSIM_OK;
}

int healsim_params_describe(const healsim_params *params, int markdown, FILE *out)
{
    if (markdown)
        fputs("| parameter | default | unit | range | source |\n|---|---|---|---|---|\n", out);
    else
        fprintf(out, "%-48s %-14s %-13s %-22s %s\n", "parameter", "value", "unit", "range", "source");
    for (size_t i = 0; i < healsim_param_count; i++) {
        const param_info *pi = &healsim_param_table[i];
        char name[96], value[1024] = "", range[256] = "";
        snprintf(name, sizeof name, "%s%s%s", pi->section, pi->section[0] ? "." : "", pi->key);
        FILE *mem = fmemopen(value, sizeof value - 1, "w");
        if (mem) {
            write_value(params, pi, mem);
            fclose(mem);
        }
        if (pi->kind == PARAM_REAL || pi->kind == PARAM_COUNT || pi->kind == PARAM_LIST) {
            char lo[24], hi[24];
            format_number(pi->min, lo, sizeof lo);
            format_number(pi->max, hi, sizeof hi);
            snprintf(range, sizeof range, "[%s, %s]", lo, hi);
        } else if (pi->kind == PARAM_CHOICE || pi->kind == PARAM_FLAGS) {
            char list[200];
            choice_list(pi, list, sizeof list);
            snprintf(range, sizeof range, "%s %s", pi->kind == PARAM_CHOICE ? "one of" : "any of", list);
        }
        const char *v = value[0] ? value : "-", *u = pi->unit[0] ? pi->unit : "-", *r = range[0] ? range : "-";
        if (strcmp(pi->unit, "unit") == 0) /* times, start, interval: in the schedule's own unit */
            u = params->schedule_unit == HEALSIM_UNIT_WEEKS ? (markdown ? "weeks (`schedule.unit`)" : "weeks")
                                                            : (markdown ? "days (`schedule.unit`)" : "days");
        if (markdown)
            fprintf(out, "| `%s` | %s | %s | %s | %s |\n", name, v, u, r, pi->source);
        else
            fprintf(out, "%-48s %-14s %-13s %-22s %s\n", name, v, u, r, pi->source);
    }
    return ferror(out) ? HEALSIM_ERR_IO : HEALSIM_OK;
}

const char *healsim_params_default_text(void)
{
    return healsim_default_ini;
}

/* ---- descriptions for figures ----------------------------------------- */

/* "a" or "a-b" for the smallest and largest of n values. */
static void value_range(const double *v, size_t n, char *buf, size_t size)
{
    double lo = v[0], hi = v[0];
    for (size_t i = 1; i < n; i++) {
        lo = fmin(lo, v[i]);
        hi = fmax(hi, v[i]);
    }
    if (lo == hi)
        snprintf(buf, size, "%g", lo);
    else
        snprintf(buf, size, "%g–%g", lo, hi);
}

int healsim_params_caption(const healsim_params *p, char *buf, size_t size)
{
    FILE *out = fmemopen(buf, size, "w");
    if (!out)
        return HEALSIM_ERR_NOMEM;
    if (p->initial_injury > 0)
        fprintf(out, "Injury of size %g at day 0, tissue at %g %% of healthy strength", p->initial_injury,
                p->initial_strength_pct);
    else
        fprintf(out, "Tissue at %g %% of healthy strength", p->initial_strength_pct);
    fprintf(out, " (healing capacity %g × skin)", p->turnover);
    const char *unit = p->schedule_unit == HEALSIM_UNIT_WEEKS ? "week" : "day";
    size_t n = p->schedule_explicit ? p->n_times : p->count;
    if (n == 0) {
        fputs(" · no injections", out);
    } else {
        if (p->schedule_explicit || n <= 6) {
            fprintf(out, " · %s at %s%s ", n == 1 ? "injection" : "injections", unit, n == 1 ? "" : "s");
            for (size_t i = 0; i < n; i++)
                fprintf(out, "%s%g", i ? ", " : "",
                        p->schedule_explicit ? p->times[i] : p->start + (double)i * p->interval);
        } else {
            fprintf(out, " · %zu injections every %g %ss from %s %g", n, p->interval, unit, unit, p->start);
        }
        char c[64], v[64];
        value_range(p->concentration_pct, p->n_concentration, c, sizeof c);
        value_range(p->volume_ml, p->n_volume, v, sizeof v);
        fprintf(out, " · %s %% irritant, %s mL each", c, v);
    }
    fprintf(out, " · %g days simulated", p->span_days);
    int bad = ferror(out);
    fclose(out);
    buf[size - 1] = '\0';
    return bad ? HEALSIM_ERR_IO : HEALSIM_OK;
}

int healsim_params_write_changed(const healsim_params *params, FILE *out)
{
    healsim_params def;
    healsim_diag diag;
    int status = healsim_params_load(NULL, NULL, 0, &def, &diag);
    if (status)
        return status;
    for (size_t i = 0; i < healsim_param_count; i++) {
        const param_info *pi = &healsim_param_table[i];
        if (!healsim_param_active(params, i))
            continue;
        char mine[1024] = "", theirs[1024] = "";
        FILE *m = fmemopen(mine, sizeof mine - 1, "w"), *t = fmemopen(theirs, sizeof theirs - 1, "w");
        if (m) {
            write_value(params, pi, m);
            fclose(m);
        }
        if (t) {
            if (healsim_param_active(&def, i))
                write_value(&def, pi, t);
            fclose(t);
        }
        if (strcmp(mine, theirs) != 0)
            fprintf(out, "%s%s%s = %s   (default: %s)\n", pi->section, pi->section[0] ? "." : "", pi->key,
                    mine, theirs[0] ? theirs : "-");
    }
    return ferror(out) ? HEALSIM_ERR_IO : HEALSIM_OK;
}
