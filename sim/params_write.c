/*
** params_write.c — a parameter set as text: the resolved INI file a run
** leaves behind (healsim_params_write), the table `healsim params` prints
** and the docs include (healsim_params_describe), the one-line caption a
** figure carries, and the list of values that differ from the default.
**
** Invariant: what healsim_params_write writes loads back to the same set
** bit for bit.  For that only the active schedule form is written (times,
** or start/interval/count), and every value goes through the one writer in
** sim/param_value.c, whose numbers read back exactly.
*/
#include "params_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Is row i part of what a resolved file should write?  Only the active
** schedule form is written, so the file loads back to the same set. */
int healsimi_param_active(const healsim_params *params, size_t row)
{
    const param_info *pi = &healsimi_param_table[row];
    if (strcmp(pi->section, "schedule") != 0)
        return 1;
    if (strcmp(pi->key, "times") == 0)
        return params->schedule_form == HEALSIM_SCHEDULE_TIMES;
    if (strcmp(pi->key, "start") == 0 || strcmp(pi->key, "interval") == 0
        || strcmp(pi->key, "count") == 0)
        return params->schedule_form == HEALSIM_SCHEDULE_REGULAR;
    return 1;
}

/* figure, or the built-in [figure] into a malloc'd copy in *owned (NULL
** when out of memory). */
static const healsim_figure_config *figure_or_default(const healsim_figure_config *figure,
                                                      healsim_figure_config **owned)
{
    *owned = NULL;
    if (figure)
        return figure;
    *owned = malloc(sizeof **owned);
    if (*owned && healsimi_default_figure(*owned) != HEALSIM_OK) {
        free(*owned);
        *owned = NULL;
    }
    return *owned;
}

int healsim_params_write(const healsim_params *params, const healsim_figure_config *figure, FILE *out)
{
    healsim_figure_config *owned;
    if (!(figure = figure_or_default(figure, &owned)))
        return HEALSIM_ERR_NOMEM;
    fputs("# healsim resolved parameters: every value of the run, so it can be repeated exactly.\n"
          "# Load it with: healsim run params.resolved.ini\n", out);
    for (int s = 0; healsimi_param_sections[s]; s++) {
        const char *section = healsimi_param_sections[s];
        if (section[0])
            fprintf(out, "\n[%s]\n", section);
        for (size_t i = 0; i < healsimi_param_count; i++) {
            const param_info *pi = &healsimi_param_table[i];
            if (strcmp(pi->section, section) != 0 || !healsimi_param_active(params, i))
                continue;
            fprintf(out, "%s = ", pi->key);
            healsimi_value_write(healsimi_record(pi, params, figure), pi, out);
            fputc('\n', out);
        }
    }
    free(owned);
    return ferror(out) ? HEALSIM_ERR_IO : HEALSIM_OK;
}

int healsim_params_describe(const healsim_params *params, const healsim_figure_config *figure,
                            int markdown, FILE *out)
{
    healsim_figure_config *owned;
    if (!(figure = figure_or_default(figure, &owned)))
        return HEALSIM_ERR_NOMEM;
    if (markdown)
        fputs("| parameter | default | unit | range | source |\n|---|---|---|---|---|\n", out);
    else
        fprintf(out, "%-48s %-14s %-13s %-22s %s\n", "parameter", "value", "unit", "range", "source");
    for (size_t i = 0; i < healsimi_param_count; i++) {
        const param_info *pi = &healsimi_param_table[i];
        char name[96], value[1024] = "", range[256] = "";
        snprintf(name, sizeof name, "%s%s%s", pi->section, pi->section[0] ? "." : "", pi->key);
        FILE *mem = fmemopen(value, sizeof value - 1, "w");
        if (mem) {
            healsimi_value_write(healsimi_record(pi, params, figure), pi, mem);
            fclose(mem);
        }
        if (pi->kind == PARAM_REAL || pi->kind == PARAM_COUNT || pi->kind == PARAM_LIST) {
            char lo[24], hi[24];
            healsimi_format_number(pi->min, lo, sizeof lo);
            healsimi_format_number(pi->max, hi, sizeof hi);
            snprintf(range, sizeof range, "[%s, %s]", lo, hi);
        } else if (pi->kind == PARAM_CHOICE || pi->kind == PARAM_FLAGS) {
            char list[200];
            healsimi_choice_list(pi, list, sizeof list);
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
    free(owned);
    return ferror(out) ? HEALSIM_ERR_IO : HEALSIM_OK;
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
    const int listed = p->schedule_form == HEALSIM_SCHEDULE_TIMES;
    size_t n = listed ? p->n_times : p->count;
    if (n == 0) {
        fputs(" · no injections", out);
    } else {
        if (listed || n <= 6) {
            fprintf(out, " · %s at %s%s ", n == 1 ? "injection" : "injections", unit, n == 1 ? "" : "s");
            for (size_t i = 0; i < n; i++)
                fprintf(out, "%s%g", i ? ", " : "", listed ? p->times[i] : p->start + (double)i * p->interval);
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

int healsim_params_write_changed(const healsim_params *params, const healsim_figure_config *figure,
                                 FILE *out)
{
    healsim_params *def = malloc(sizeof *def);
    healsim_figure_config *def_figure = malloc(sizeof *def_figure);
    healsim_diag diag;
    int status = def && def_figure ? healsim_params_load(NULL, NULL, 0, def, def_figure, &diag)
                                   : HEALSIM_ERR_NOMEM;
    for (size_t i = 0; status == HEALSIM_OK && i < healsimi_param_count; i++) {
        const param_info *pi = &healsimi_param_table[i];
        if (!healsimi_param_active(params, i) || (pi->figure && !figure))
            continue;
        char mine[1024] = "", theirs[1024] = "";
        FILE *m = fmemopen(mine, sizeof mine - 1, "w"), *t = fmemopen(theirs, sizeof theirs - 1, "w");
        if (m) {
            healsimi_value_write(healsimi_record(pi, params, figure), pi, m);
            fclose(m);
        }
        if (t) {
            if (healsimi_param_active(def, i))
                healsimi_value_write(healsimi_record(pi, def, def_figure), pi, t);
            fclose(t);
        }
        if (strcmp(mine, theirs) != 0)
            fprintf(out, "%s%s%s = %s   (default: %s)\n", pi->section, pi->section[0] ? "." : "", pi->key,
                    mine, theirs[0] ? theirs : "-");
    }
    free(def);
    free(def_figure);
    if (status)
        return status;
    return ferror(out) ? HEALSIM_ERR_IO : HEALSIM_OK;
}
