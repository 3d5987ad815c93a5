/*
** params_load.c — loading a parameter set from layers of INI text.
**
** A load applies layers in order: the built-in default text, then the user's
** file (after the files it names with `based_on`, depth first), then --set
** overrides.  inih splits each layer into (section, key, value); a reader
** callback feeds it one line at a time so that we always know the line and
** can point at the column of the value.  Each value is parsed and range
** checked as it arrives (sim/param_value.c); the first problem wins and is
** kept in the diag.  Unknown sections and keys get a "did you mean" hint.
**
** Invariants: a key may appear once per layer; a later layer overrides an
** earlier one; the schedule is either explicit (`times`) or regular
** (`start`/`interval`/`count`), and whichever form a layer sets replaces the
** other.  Every value remembers where it was set (its origin), so the
** consistency check at the end (sim/params_check.c) can name the line of
** the value that is inconsistent.
*/
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "params_internal.h"


#define MAX_DEPTH 16   /* deepest chain of based_on files */
#define PATH_LIMIT 512 /* longest path of a parameter file, its terminating NUL included */
#define INIH_LINE 198   /* inih's line buffer is 200 bytes with newline and NUL */
#define LINE_LIMIT 4096 /* longest line read; longer than INIH_LINE: split here */

typedef struct loader {
    healsim_params *params;
    healsim_figure_config figure;  /* [figure], copied out at the end if asked for */
    healsim_diag *diag;
    int failed;                   /* first error recorded in diag */
    healsimi_origin where[256];   /* where each table row was last set */
    char files[MAX_DEPTH + 2][PATH_LIMIT]; /* names of the layers, for origins */
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

/* Record the first error of a load at `column` of the current line; later
** ones are dropped.  Returns 0, what inih's handler returns to stop. */
static int layer_fail(layer *ly, int column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int layer_fail(layer *ly, int column, const char *fmt, ...)
{
    loader *ld = ly->ld;
    if (ld->failed)
        return 0;
    ld->failed = 1;
    char message[sizeof ld->diag->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    healsim_diag_set(ld->diag, ly->name, ly->line, column, "%s", message);
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
    for (size_t i = 0; i < healsimi_param_count; i++) {
        const param_info *pi = &healsimi_param_table[i];
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
    for (size_t i = 0; i < healsimi_param_count; i++) {
        const param_info *pi = &healsimi_param_table[i];
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
    for (int i = 0; healsimi_param_sections[i]; i++)
        if (strcmp(healsimi_param_sections[i], name) == 0)
            return 1;
    return 0;
}

static void suggest_section(const char *name, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t best = 99;
    const char *best_name = NULL;
    for (int i = 1; healsimi_param_sections[i]; i++) {
        size_t d = edit_distance(name, healsimi_param_sections[i]);
        if (d < best) {
            best = d;
            best_name = healsimi_param_sections[i];
        }
    }
    if (best_name && best <= strlen(name) / 3 + 1)
        snprintf(buf, size, "; did you mean [%s]?", best_name);
}

/* After `key` is set in a layer, keep the schedule form consistent. */
static void note_schedule_form(healsim_params *params, const char *section, const char *key)
{
    if (strcmp(section, "schedule") != 0)
        return;
    if (strcmp(key, "times") == 0)
        params->schedule_form = HEALSIM_SCHEDULE_TIMES;
    else if (strcmp(key, "start") == 0 || strcmp(key, "interval") == 0
             || strcmp(key, "count") == 0)
        params->schedule_form = HEALSIM_SCHEDULE_REGULAR;
}

/* healsim_params_set, also giving the table row that was set (for origins). */
static int set_by_name(healsim_params *params, healsim_figure_config *figure, const char *name,
                       const char *value, healsim_diag *diag, int *row_out)
{
    const char *dot = strchr(name, '.');
    char section[64] = "";
    const char *key = name;
    if (dot) {
        size_t len = (size_t)(dot - name);
        if (len >= sizeof section) {
            healsim_diag_set(diag, "--set", 0, 0, "unknown section in '%s'", name);
            return HEALSIM_ERR_INPUT;
        }
        memcpy(section, name, len);
        section[len] = '\0';
        key = dot + 1;
    }
    if (!section_known(section)) {
        char hint[128];
        suggest_section(section, hint, sizeof hint);
        healsim_diag_set(diag, "--set", 0, 0, "'%s': unknown section [%s]%s", name, section, hint);
        return HEALSIM_ERR_INPUT;
    }
    int row = healsimi_param_find(section, key);
    if (row < 0 && !dot) {
        /* a bare key: only title lives outside a section */
        char hint[160] = "";
        for (size_t i = 0; i < healsimi_param_count && !hint[0]; i++)
            if (strcmp(healsimi_param_table[i].key, key) == 0 && healsimi_param_table[i].section[0])
                snprintf(hint, sizeof hint, "; did you mean '%s.%s'?", healsimi_param_table[i].section, key);
        healsim_diag_set(diag, "--set", 0, 0,
                         "'%s' is not a parameter: write section.key=value (healsim params "
                         "lists them)%s", name, hint);
        return HEALSIM_ERR_INPUT;
    }
    if (row < 0) {
        char hint[160];
        suggest_key(section, key, hint, sizeof hint);
        healsim_diag_set(diag, "--set", 0, 0, "'%s': unknown key '%s' in [%s]%s", name, key, section, hint);
        return HEALSIM_ERR_INPUT;
    }
    char why[512];
    size_t offset;
    const param_info *pi = &healsimi_param_table[row];
    healsim_figure_config *scratch = NULL; /* a figure value checked, not kept */
    if (pi->figure && !figure && !(figure = scratch = malloc(sizeof *scratch)))
        return HEALSIM_ERR_NOMEM;
    int bad = healsimi_value_store(healsimi_record(pi, params, figure), pi, value, why, sizeof why, &offset);
    free(scratch);
    if (bad) {
        healsim_diag_set(diag, "--set", 0, 0, "'%s=%s': %s", name, value, why);
        return HEALSIM_ERR_INPUT;
    }
    note_schedule_form(params, section, key);
    *row_out = row;
    return HEALSIM_OK;
}

int healsim_params_set(healsim_params *params, healsim_figure_config *figure, const char *name,
                       const char *value, healsim_diag *diag)
{
    int row;
    return set_by_name(params, figure, name, value, diag, &row);
}

/* ---- layers ----------------------------------------------------------- */

static int load_layer(loader *ld, const char *name, const char *dir, const char *text,
                      int depth, const char *const *stack);

/* The line and column (1-based) of byte offset `at` of text. */
static void line_column_of(const char *text, size_t at, int *line, int *column)
{
    int l = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < at; i++)
        if (text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n')) {
            l++;
            line_start = i + 1;
        }
    *line = l;
    *column = (int)(at - line_start) + 1;
}

/* The whole of a parameter file, NUL-terminated.  Only a regular file is
** read: a folder, a FIFO (which would wait for a writer) or a device is
** refused before reading.  At most FILE_LIMIT bytes: a larger file is
** refused at the line where it passes the limit. */
#define FILE_LIMIT (64u << 20)
static int read_file_text(const char *path, char **out, healsim_diag *diag,
                          const char *from_file, int from_line)
{
    const char *where = from_file ? from_file : path;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        healsim_diag_set(diag, where, from_line, 0, "cannot open '%s': %s", path, strerror(errno));
        return HEALSIM_ERR_INPUT;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const int is_dir = S_ISDIR(st.st_mode);
        close(fd);
        if (is_dir)
            healsim_diag_set(diag, where, from_line, 0, "'%s' is a folder, not a parameter file", path);
        else
            healsim_diag_set(diag, where, from_line, 0,
                             "'%s' is not a regular file (a pipe, socket or device); "
                             "write the parameters to a file", path);
        return HEALSIM_ERR_INPUT;
    }
    /* a regular file never blocks; reads go on as usual */
    (void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return HEALSIM_ERR_NOMEM;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return HEALSIM_ERR_NOMEM;
    }
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len > FILE_LIMIT) {
            fclose(f);
            buf[len] = '\0';
            int line, column;
            line_column_of(buf, FILE_LIMIT, &line, &column);
            free(buf);
            healsim_diag_set(diag, path, line, column,
                             "file is larger than 64 MiB (it passes the limit here); not a parameter file");
            return HEALSIM_ERR_INPUT;
        }
        if (len + 1 >= cap) {
            const size_t bigger_cap = cap * 2 > FILE_LIMIT + 2 ? FILE_LIMIT + 2 : cap * 2;
            char *bigger = realloc(buf, bigger_cap);
            if (!bigger) {
                free(buf);
                fclose(f);
                return HEALSIM_ERR_NOMEM;
            }
            buf = bigger;
            cap = bigger_cap;
        }
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        healsim_diag_set(diag, path, 0, 0, "cannot read '%s'", path);
        return HEALSIM_ERR_INPUT;
    }
    buf[len] = '\0';
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        int line, column;
        line_column_of(buf, (size_t)(nul - buf), &line, &column);
        free(buf);
        healsim_diag_set(diag, path, line, column, "file contains a NUL byte; not a text parameter file");
        return HEALSIM_ERR_INPUT;
    }
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
    /* a line ends at LF, CR LF or a lone CR (old Mac files): none is lost */
    size_t len = strcspn(text, "\r\n");
    if (text[len] == '\r' && text[len + 1] == '\n')
        len += 2;
    else if (text[len])
        len += 1;
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
            const char *after = skip_space(close + 1);
            if (*after && *after != ';' && *after != '#' && *after != '\r' && *after != '\n')
                layer_fail(ly, (int)(after - ly->line_text) + 1,
                           "text after the section header [%s]: put each key = value on a line of its own",
                           ly->section);
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

/* The folder of path, into dir: what a based_on name beside it is relative to. */
static void dir_of(const char *path, char *dir, size_t size)
{
    snprintf(dir, size, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, size, ".");
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

/* Load a built-in file as a layer named "NAME.ini (built in)", with no
** folder: what it builds on can only be another preset. */
static int load_preset_layer(loader *ld, const healsimi_embedded *preset, int depth,
                             const char *const *stack)
{
    char name[128];
    snprintf(name, sizeof name, "%s%s", preset->name, HEALSIMI_BUILT_IN_SUFFIX);
    const char *chain[MAX_DEPTH + 1] = { 0 };
    for (int i = 0; i < depth && stack; i++)
        chain[i] = stack[i];
    chain[depth] = name;
    return load_layer(ld, name, NULL, preset->text, depth, chain);
}

/* `based_on = value`: a file next to the layer's file, else the preset of
** that name; the chain may not loop back nor grow deeper than MAX_DEPTH. */
static int handle_based_on(layer *ly, const char *value)
{
    loader *ld = ly->ld;
    if (ly->n_keys > 0)
        return layer_fail(ly, key_column(ly), "based_on must come before every other key");
    if (strcmp(value, "default") == 0)
        return 1; /* the built-in default is always the first layer */
    char path[PATH_LIMIT] = "";
    char *canon = NULL;
    int open_errno = ENOENT;
    if (ly->dir) {
        if (join_path(path, sizeof path, ly->dir, value))
            return layer_fail(ly, value_column(ly, value), "path in based_on is too long");
        canon = realpath(path, NULL);
        open_errno = errno;
    }
    const healsimi_embedded *preset = canon ? NULL : healsimi_preset_find(value);
    if (!canon && !preset) {
        if (ly->dir && open_errno != ENOENT)
            return layer_fail(ly, value_column(ly, value), "based_on: cannot open '%s': %s", path,
                              strerror(open_errno));
        if (ly->dir)
            return layer_fail(ly, value_column(ly, value),
                              "based_on = %s: there is no file '%s' and no built-in preset of that name",
                              value, path);
        return layer_fail(ly, value_column(ly, value),
                          "based_on = %s: there is no built-in preset of that name", value);
    }
    char preset_name[128] = "";
    if (preset)
        snprintf(preset_name, sizeof preset_name, "%s%s", preset->name, HEALSIMI_BUILT_IN_SUFFIX);
    const char *key = canon ? canon : preset_name;
    for (int i = 0; i <= ly->depth; i++) {
        if (ly->stack[i] && strcmp(ly->stack[i], key) == 0) {
            free(canon);
            return layer_fail(ly, value_column(ly, value),
                              "based_on '%s' leads back to a file already being loaded (a cycle)", value);
        }
    }
    if (ly->depth + 1 >= MAX_DEPTH) {
        free(canon);
        return layer_fail(ly, value_column(ly, value), "based_on chain deeper than %d files", MAX_DEPTH);
    }
    int status;
    if (preset) {
        status = load_preset_layer(ld, preset, ly->depth + 1, ly->stack);
    } else {
        char *text = NULL;
        status = read_file_text(path, &text, ld->diag, ly->name, ly->line);
        if (status) {
            free(canon);
            ld->failed = 1;
            return 0;
        }
        const char *stack[MAX_DEPTH + 1] = { 0 };
        for (int i = 0; i <= ly->depth; i++)
            stack[i] = ly->stack[i];
        stack[ly->depth + 1] = canon;
        char dir[PATH_LIMIT];
        dir_of(path, dir, sizeof dir);
        status = load_layer(ld, path, dir, text, ly->depth + 1, stack);
        free(text);
    }
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
    int row = healsimi_param_find(section, name);
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

    const param_info *pi = &healsimi_param_table[row];
    if (strcmp(section, "schedule") == 0) {
        /* one layer gives one schedule form; a later layer may switch it */
        const int times_row = healsimi_param_find("schedule", "times");
        const int regular_rows[] = { healsimi_param_find("schedule", "start"),
                                     healsimi_param_find("schedule", "interval"),
                                     healsimi_param_find("schedule", "count") };
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
    void *record = healsimi_record(pi, ld->params, &ld->figure);
    if (healsimi_value_store(record, pi, value, why, sizeof why, &offset)) {
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
    if (ld->n_files >= (int)(sizeof ld->files / sizeof ld->files[0])) {
        healsim_diag_set(ld->diag, name, 0, 0, "too many parameter files");
        return HEALSIM_ERR_INPUT;
    }
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
        healsim_diag_set(ld->diag, stable, 0, 0, "out of memory while parsing");
        status = HEALSIM_ERR_INPUT;
    }
    free(ly);
    return status;
}

/* healsim_params_load, and when `row` >= 0, where that row was last set
** into *where_out. */
/* A size preset (figure.size) replaces width, height and font_size once
** every layer is read, whichever layer set them: the page is given in
** inches, so its pixels follow the dpi in force, and a lower dpi draws the
** same layout with fewer pixels.  (The command line's --width and
** --height, applied after loading, can still change a side.) */
static void apply_size(healsim_figure_config *f)
{
    static const struct {
        double width_in, height_in, font_pt;
    } sizes[] = {
        [HEALSIM_SIZE_SLIDE] = { 40.0 / 3.0, 7.5, 20 },
        [HEALSIM_SIZE_COLUMN] = { 3.5, 4.0, 8 },
        [HEALSIM_SIZE_A4] = { 210 / 25.4, 297 / 25.4, 11 },
        [HEALSIM_SIZE_LETTER] = { 8.5, 11, 11 },
    };
    if (f->size <= HEALSIM_SIZE_CUSTOM || (size_t)f->size >= sizeof sizes / sizeof sizes[0])
        return;
    f->width_px = (size_t)lround(sizes[f->size].width_in * f->dpi);
    f->height_px = (size_t)lround(sizes[f->size].height_in * f->dpi);
    f->font_size_pt = sizes[f->size].font_pt;
}

static int load(const char *path, const char *const *overrides, size_t n_overrides,
                healsim_params *params, healsim_figure_config *figure, healsim_diag *diag,
                int row_of_interest, healsim_diag *where_out)
{
    memset(diag, 0, sizeof *diag);
    memset(params, 0, sizeof *params);
    loader *ld = calloc(1, sizeof *ld);
    if (!ld)
        return HEALSIM_ERR_NOMEM;
    ld->params = params;
    ld->diag = diag;

    int status = load_layer(ld, HEALSIMI_BUILT_IN_NAME, NULL, healsim_params_default_text(), 0, NULL);
    if (status == HEALSIM_OK) {
        for (size_t i = 0; i < healsimi_param_count; i++) {
            if (!ld->where[i].file && healsimi_param_table[i].kind != PARAM_TEXT
                && !(strcmp(healsimi_param_table[i].key, "times") == 0)) {
                healsim_diag_set(diag, HEALSIMI_BUILT_IN_NAME, 0, 0,
                                 "internal error: built-in default does not set %s.%s",
                                 healsimi_param_table[i].section, healsimi_param_table[i].key);
                status = HEALSIM_ERR_INPUT;
                break;
            }
        }
    }
    /* paths are kept in buffers of PATH_LIMIT: a longer one is refused,
    ** never cut (a cut path would name another file or folder) */
    if (status == HEALSIM_OK && path && strlen(path) >= PATH_LIMIT) {
        healsim_diag_set(diag, "", 0, 0, "the parameter file's path is longer than %d characters: %.60s...",
                         PATH_LIMIT - 1, path);
        status = HEALSIM_ERR_INPUT;
    }
    /* a path that is no file but names a preset loads the preset */
    struct stat st;
    const healsimi_embedded *preset = path && stat(path, &st) != 0 ? healsimi_preset_find(path) : NULL;
    if (status == HEALSIM_OK && preset) {
        status = load_preset_layer(ld, preset, 0, NULL);
    } else if (status == HEALSIM_OK && path) {
        char *text = NULL;
        status = read_file_text(path, &text, diag, NULL, 0);
        if (status == HEALSIM_OK) {
            char dir[PATH_LIMIT];
            dir_of(path, dir, sizeof dir);
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
            healsim_diag_set(diag, "--set", 0, 0, "'%s' is not of the form section.key=value", overrides[i]);
            status = HEALSIM_ERR_INPUT;
            diag->override = (int)i + 1;
            break;
        }
        char name[128];
        size_t len = (size_t)(eq - overrides[i]);
        if (len >= sizeof name) {
            healsim_diag_set(diag, "--set", 0, 0, "'%s': name too long", overrides[i]);
            status = HEALSIM_ERR_INPUT;
            diag->override = (int)i + 1;
            break;
        }
        memcpy(name, overrides[i], len);
        name[len] = '\0';
        while (len > 0 && isspace((unsigned char)name[len - 1]))
            name[--len] = '\0';
        const char *value = skip_space(eq + 1);
        int row;
        status = set_by_name(params, &ld->figure, name, value, diag, &row);
        if (status == HEALSIM_OK)
            ld->where[row] = (healsimi_origin){ "--set", 0, 0, (int)i + 1 };
        else
            diag->override = (int)i + 1;
    }

    if (status == HEALSIM_OK)
        status = healsimi_params_check_at(params, ld->where, diag);
    if (status == HEALSIM_OK)
        apply_size(&ld->figure);
    if (status == HEALSIM_OK)
        status = healsimi_figure_check_at(&ld->figure, ld->where, diag);
    if (status == HEALSIM_OK && figure)
        *figure = ld->figure;
    if (status == HEALSIM_OK && row_of_interest >= 0) {
        const healsimi_origin *o = &ld->where[row_of_interest];
        memset(where_out, 0, sizeof *where_out);
        snprintf(where_out->file, sizeof where_out->file, "%s", o->file ? o->file : HEALSIMI_BUILT_IN_NAME);
        where_out->line = o->line;
        where_out->column = o->column;
        where_out->override = o->override;
    }
    free(ld);
    return status;
}

int healsim_params_load(const char *path, const char *const *overrides, size_t n_overrides,
                        healsim_params *params, healsim_figure_config *figure, healsim_diag *diag)
{
    return load(path, overrides, n_overrides, params, figure, diag, -1, NULL);
}

int healsimi_default_figure(healsim_figure_config *figure)
{
    healsim_params *scratch = malloc(sizeof *scratch);
    if (!scratch)
        return HEALSIM_ERR_NOMEM;
    healsim_diag diag;
    int status = load(NULL, NULL, 0, scratch, figure, &diag, -1, NULL);
    free(scratch);
    return status;
}

int healsim_params_where(const char *path, const char *const *overrides, size_t n_overrides,
                         const char *name, healsim_diag *where)
{
    const char *dot = strchr(name, '.');
    char section[64] = "";
    if (dot && (size_t)(dot - name) < sizeof section)
        memcpy(section, name, (size_t)(dot - name));
    int row = healsimi_param_find(section, dot ? dot + 1 : name);
    if (row < 0) {
        memset(where, 0, sizeof *where);
        healsim_diag_set(where, NULL, 0, 0, "unknown parameter '%s'", name);
        return HEALSIM_ERR_INPUT;
    }
    healsim_params *scratch = malloc(sizeof *scratch);
    if (!scratch)
        return HEALSIM_ERR_NOMEM;
    healsim_diag diag;
    int status = load(path, overrides, n_overrides, scratch, NULL, &diag, row, where);
    free(scratch);
    if (status)
        *where = diag;
    return status;
}


const char *healsim_params_default_text(void)
{
    return healsimi_preset_find("default.ini")->text;
}
