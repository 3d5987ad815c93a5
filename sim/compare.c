/*
** compare.c — arms of a treatment comparison: the list file, loading and
** checking the arms together, and compare.csv (see healsim/compare.h).
**
** Invariants: after healsim_compare_load every arm has a non-empty label,
** no two labels are equal, every arm simulates the same span and reports
** strength at healsim_compare_days (those inside the span).
*/
#include "healsim/compare.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "params_internal.h"

#define DEFAULT_LIST "compare-default.txt" /* the built-in list of arms */

const double healsim_compare_days[HEALSIM_COMPARE_N_DAYS] = { 42.0, 365.25 / 4.0, 365.0 };

/* The file an arm names: absolute as it is; else next to the list (dir),
** or when no such file exists (or the list is built in, dir NULL) the
** preset of that name, as "NAME.ini (built in)", which the loader reads
** from the library.  Returns what snprintf returns. */
static int resolve_arm(char *out, size_t size, const char *dir, const char *name)
{
    if (name[0] == '/')
        return snprintf(out, size, "%s", name);
    if (dir) {
        int w = snprintf(out, size, "%s%s", dir, name);
        struct stat st;
        if (w < 0 || (size_t)w >= size || stat(out, &st) == 0)
            return w;
    }
    const healsimi_embedded *preset = healsimi_preset_find(name);
    if (preset)
        return snprintf(out, size, "%s%s", preset->name, HEALSIMI_BUILT_IN_SUFFIX);
    return dir ? snprintf(out, size, "%s%s", dir, name) : snprintf(out, size, "%s", name);
}

int healsim_compare_read_list(const char *path, healsim_arm arms[HEALSIM_MAX_ARMS], size_t *n,
                              healsim_diag *diag)
{
    *n = 0;
    /* NULL: the built-in list, whose arms are presets */
    const healsimi_embedded *builtin = path ? NULL : healsimi_preset_find(DEFAULT_LIST);
    const char *list = path ? path : DEFAULT_LIST HEALSIMI_BUILT_IN_SUFFIX;
    FILE *f = builtin ? fmemopen((void *)builtin->text, strlen(builtin->text), "r") : fopen(path, "r");
    if (!f) {
        healsim_diag_set(diag, list, 0, 0, "cannot read the list of arms: %s", strerror(errno));
        return HEALSIM_ERR_IO;
    }
    char dir[512] = "";
    if (path && strlen(path) >= sizeof dir) {
        fclose(f);
        healsim_diag_set(diag, "", 0, 0, "the list's path is longer than %zu characters: %.60s...", sizeof dir - 1,
                         path);
        return HEALSIM_ERR_INPUT;
    }
    if (path) {
        snprintf(dir, sizeof dir, "%s", path);
        char *slash = strrchr(dir, '/');
        if (slash)
            slash[1] = '\0';
        else
            dir[0] = '\0';
    }
    char line[1024];
    int number = 0, status = HEALSIM_OK;
    while (status == HEALSIM_OK && fgets(line, sizeof line, f)) {
        number++;
        size_t len = strlen(line);
        if (len == sizeof line - 1 && line[len - 1] != '\n') {
            healsim_diag_set(diag, list, number, 0, "line longer than %zu characters", sizeof line - 2);
            status = HEALSIM_ERR_INPUT;
            break;
        }
        while (len > 0 && isspace((unsigned char)line[len - 1]))
            line[--len] = '\0';
        char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        if (*n == HEALSIM_MAX_ARMS) {
            healsim_diag_set(diag, list, number, 0, "more than %d arms; a comparison shows at most %d",
                             HEALSIM_MAX_ARMS, HEALSIM_MAX_ARMS);
            status = HEALSIM_ERR_INPUT;
            break;
        }
        char *end = p;
        while (*end && !isspace((unsigned char)*end))
            end++;
        char *label = end;
        while (isspace((unsigned char)*label))
            label++;
        *end = '\0';
        healsim_arm *a = &arms[*n];
        int w = resolve_arm(a->file, sizeof a->file, path ? dir : NULL, p);
        if (w < 0 || (size_t)w >= sizeof a->file) {
            healsim_diag_set(diag, list, number, 0, "file name too long");
            status = HEALSIM_ERR_INPUT;
            break;
        }
        if (strlen(label) >= sizeof a->label) {
            healsim_diag_set(diag, list, number, 0, "label longer than %d characters", HEALSIM_MAX_TEXT - 1);
            status = HEALSIM_ERR_INPUT;
            break;
        }
        snprintf(a->label, sizeof a->label, "%s", label);
        a->line = number;
        (*n)++;
    }
    if (status == HEALSIM_OK && ferror(f)) {
        healsim_diag_set(diag, list, 0, 0, "cannot read the list of arms");
        status = HEALSIM_ERR_IO;
    }
    fclose(f);
    return status;
}

int healsim_compare_load(healsim_arm *arms, size_t n, const char *list,
                         const char *const *overrides, size_t n_overrides,
                         healsim_params *params, healsim_figure_config *figure, healsim_diag *diag)
{
    /* where to point a message about arm i: its line in the list, or the argument */
    char where[HEALSIM_MAX_ARMS][512];
    for (size_t i = 0; i < n; i++)
        snprintf(where[i], sizeof where[i], "%s", list ? list : arms[i].file);
    if (n < 2) {
        healsim_diag_set(diag, list ? list : "healsim compare", 0, 0,
                         "a comparison needs at least two arms, %s %zu", list ? "the list has" : "got", n);
        return HEALSIM_ERR_INPUT;
    }
    if (n > HEALSIM_MAX_ARMS) {
        healsim_diag_set(diag, "healsim compare", 0, 0, "%zu arms; a comparison shows at most %d", n,
                         HEALSIM_MAX_ARMS);
        return HEALSIM_ERR_INPUT;
    }
    for (size_t i = 0; i < n; i++) {
        healsim_figure_config *keep = i == 0 ? figure : NULL; /* the figures follow the first arm */
        int status = healsim_params_load(arms[i].file, overrides, n_overrides, &params[i], keep, diag);
        if (status)
            return status;
        if (!arms[i].label[0])
            snprintf(arms[i].label, sizeof arms[i].label, "%s",
                     params[i].title[0] ? params[i].title : arms[i].file);
        for (size_t j = 0; j < i; j++)
            if (strcmp(arms[i].label, arms[j].label) == 0) {
                healsim_diag_set(diag, where[i], arms[i].line, 0,
                                 "the label '%s' is used by two arms (%s and %s); "
                                 "give each arm its own", arms[i].label, arms[j].file, arms[i].file);
                return HEALSIM_ERR_INPUT;
            }
        if (i > 0 && params[i].span_days != params[0].span_days) {
            healsim_diag_set(diag, where[i], arms[i].line, 0,
                             "%s simulates %g days and %s %g: arms must share one "
                             "span (set schedule.span_days) to be compared", arms[i].file, params[i].span_days,
                             arms[0].file, params[0].span_days);
            return HEALSIM_ERR_INPUT;
        }
        size_t k = 0;
        for (size_t d = 0; d < HEALSIM_COMPARE_N_DAYS; d++)
            if (healsim_compare_days[d] <= params[i].span_days)
                params[i].checkpoints_days[k++] = healsim_compare_days[d];
        params[i].n_checkpoints = k;
    }
    return HEALSIM_OK;
}

/* A CSV field: quoted when it holds a comma, quote or line break. */
static void csv_text(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

int healsim_compare_csv(const healsim_arm *arms, const healsim_run *const *runs, size_t n, FILE *out)
{
    fputs("label,file,span_days,n_injections,strength_initial_pct,strength_6wk_pct,strength_3mo_pct,"
          "strength_1yr_pct,strength_end_pct,days_sore,peak_soreness,peak_inflammation_mean,"
          "peak_inflammation_each\n", out);
    for (size_t i = 0; i < n; i++) {
        const healsim_summary *s = healsim_run_summary(runs[i]);
        const healsim_params *p = healsim_run_params(runs[i]);
        csv_text(out, arms[i].label);
        fputc(',', out);
        csv_text(out, arms[i].file);
        fprintf(out, ",%.9g,%zu,%.9g", p->span_days, s->n_injections, s->strength_initial_pct);
        for (size_t d = 0; d < HEALSIM_COMPARE_N_DAYS; d++) {
            fputc(',', out);
            for (size_t k = 0; k < s->n_checkpoints; k++)
                if (s->checkpoint_days[k] == healsim_compare_days[d])
                    fprintf(out, "%.9g", s->strength_at_checkpoint_pct[k]);
        }
        double mean = 0;
        for (size_t k = 0; k < s->n_injections; k++)
            mean += s->injections[k].peak_inflammation / (double)s->n_injections;
        fprintf(out, ",%.9g,%.9g,%.9g,", s->strength_end_pct, s->days_sore, s->peak_soreness);
        if (s->n_injections)
            fprintf(out, "%.9g", mean);
        fputc(',', out);
        for (size_t k = 0; k < s->n_injections; k++)
            fprintf(out, "%s%.6g", k ? ";" : "", s->injections[k].peak_inflammation);
        fputc('\n', out);
    }
    return ferror(out) ? HEALSIM_ERR_IO : HEALSIM_OK;
}
