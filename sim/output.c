/*
** output.c — a run's results as CSV, JSON and INI files.
**
** Numbers are printed as %.9g: enough digits for any plot or statistic, and
** the same bytes for the same run.  The time series goes through
** healsimi_number_g9 (number_text.c), printf's bytes at a fifth of the cost.  The resolved parameters are printed with
** round-trip precision by healsim_params_write.  summary.json is built with
** jansson, so its escaping and structure are a library's job, not ours.
**
** A folder is written as one transaction (output_folder.c).
*/
#include "healsim/output.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "healsim/version.h"
#include "number_text.h"
#include "params_internal.h"

const char *healsim_version(void) { return HEALSIM_VERSION; }

/* A value as the CSV shows it: the solver may leave a non-negative
** quantity a hair below 0, which is written as 0. */
static double as_written(double v) { return v < 0.0 && v > -1e-9 ? 0.0 : v; }

int healsim_output_timeseries_rows(const healsim_run *run, double **rows, size_t *n_rows)
{
    const size_t n = healsim_run_n_rows(run);
    *n_rows = 0;
    *rows = malloc((n ? n : 1) * HEALSIM_N_COLUMNS * sizeof **rows);
    if (!*rows)
        return HEALSIM_ERR_NOMEM;
    char text[HEALSIM_NUMBER_G9_SIZE];
    for (size_t i = 0; i < n; i++) {
        const double *row = healsim_run_row(run, i);
        for (int c = 0; c < HEALSIM_N_COLUMNS; c++) {
            healsimi_number_g9(text, as_written(row[c]));
            (*rows)[i * HEALSIM_N_COLUMNS + (size_t)c] = strtod(text, NULL);
        }
    }
    *n_rows = n;
    return HEALSIM_OK;
}

int healsim_output_timeseries_csv(const healsim_run *run, FILE *out)
{
    for (int c = 0; c < HEALSIM_N_COLUMNS; c++)
        fprintf(out, "%s,", healsim_column_name(c));
    fputs("dominant_phase\n", out);
    size_t n = healsim_run_n_rows(run);
    char line[HEALSIM_N_COLUMNS * HEALSIM_NUMBER_G9_SIZE];
    for (size_t i = 0; i < n; i++) {
        const double *row = healsim_run_row(run, i);
        size_t length = 0;
        for (int c = 0; c < HEALSIM_N_COLUMNS; c++) {
            length += (size_t)healsimi_number_g9(line + length, as_written(row[c]));
            line[length++] = ',';
        }
        fwrite(line, 1, length, out);
        fputs(healsim_phase_name(healsim_run_dominant_phase(run, i)), out);
        fputc('\n', out);
    }
    return ferror(out) ? HEALSIM_ERR_IO : HEALSIM_OK;
}

int healsim_output_phases_csv(const healsim_run *run, FILE *out)
{
    fputs("cycle,cycle_start_days,phase,onset_days,peak_days,peak_value,end_days\n", out);
    size_t n = healsim_run_n_phase_records(run);
    const healsim_phase_record *r = healsim_run_phase_records(run);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%d,%.9g,%s,%.9g,%.9g,%.9g,%.9g\n", r[i].cycle, r[i].cycle_start_days,
                healsim_phase_name(r[i].phase), r[i].onset_days, r[i].peak_days,
                r[i].peak_value, r[i].end_days);
    return ferror(out) ? HEALSIM_ERR_IO : HEALSIM_OK;
}

static json_t *params_json(const healsim_params *params, const healsim_figure_config *figure)
{
    json_t *root = json_object();
    for (size_t i = 0; i < healsimi_param_count; i++) {
        const param_info *pi = &healsimi_param_table[i];
        if (!healsimi_param_active(params, i))
            continue;
        const char *base = healsimi_record(pi, params, figure);
        json_t *section = root;
        if (pi->section[0]) {
            section = json_object_get(root, pi->section);
            if (!section) {
                section = json_object();
                json_object_set_new(root, pi->section, section);
            }
        }
        json_t *value = NULL;
        switch (pi->kind) {
        case PARAM_REAL: value = json_real(*(const double *)(base + pi->offset)); break;
        case PARAM_COUNT: value = json_integer((json_int_t) * (const size_t *)(base + pi->offset)); break;
        case PARAM_LIST: {
            value = json_array();
            const double *v = (const double *)(base + pi->offset);
            size_t n = *(const size_t *)(base + pi->length_offset);
            for (size_t k = 0; k < n; k++)
                json_array_append_new(value, json_real(v[k]));
            break;
        }
        case PARAM_CHOICE: value = json_string(pi->choices[*(const int *)(base + pi->offset)]); break;
        case PARAM_TEXT: value = json_string(base + pi->offset); break;
        case PARAM_FLAGS: {
            value = json_array();
            unsigned bits = *(const unsigned *)(base + pi->offset);
            for (int k = 0; pi->choices[k]; k++)
                if (bits & (1u << k))
                    json_array_append_new(value, json_string(pi->choices[k]));
            break;
        }
        }
        json_object_set_new(section, pi->key, value);
    }
    return root;
}

int healsim_output_summary_json(const healsim_run *run, const healsim_figure_config *figure, FILE *out)
{
    healsim_figure_config *owned = NULL;
    if (!figure) {
        owned = malloc(sizeof *owned);
        if (!owned || healsimi_default_figure(owned) != HEALSIM_OK) {
            free(owned);
            return HEALSIM_ERR_NOMEM;
        }
        figure = owned;
    }
    const healsim_summary *s = healsim_run_summary(run);
    const healsim_params *p = healsim_run_params(run);
    json_t *root = json_object();
    json_object_set_new(root, "healsim_version", json_string(HEALSIM_VERSION));
    json_object_set_new(root, "title", json_string(p->title));

    json_t *outcome = json_object();
    json_object_set_new(outcome, "strength_initial_pct", json_real(s->strength_initial_pct));
    json_object_set_new(outcome, "strength_end_pct", json_real(s->strength_end_pct));
    json_object_set_new(outcome, "strength_min_pct", json_real(s->strength_min_pct));
    json_object_set_new(outcome, "strength_max_pct", json_real(s->strength_max_pct));
    json_t *checkpoints = json_array();
    for (size_t i = 0; i < s->n_checkpoints; i++)
        json_array_append_new(checkpoints, json_pack("{s:f,s:f}", "day", s->checkpoint_days[i],
                                                     "strength_pct", s->strength_at_checkpoint_pct[i]));
    json_object_set_new(outcome, "checkpoints", checkpoints);
    json_object_set_new(outcome, "soreness_threshold", json_real(p->soreness_threshold));
    json_object_set_new(outcome, "days_sore", json_real(s->days_sore));
    json_object_set_new(outcome, "peak_soreness", json_real(s->peak_soreness));
    json_object_set_new(root, "outcome", outcome);

    json_t *injections = json_array();
    for (size_t i = 0; i < s->n_injections; i++) {
        const healsim_injection *in = &s->injections[i];
        json_array_append_new(injections, json_pack(
            "{s:i,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f}",
            "number", (int)i + 1, "day", in->time_days,
            "concentration_pct", in->concentration_pct, "volume_ml", in->volume_ml,
            "injury", in->injury, "strength_before_pct", in->strength_before_pct,
            "peak_inflammation", in->peak_inflammation,
            "peak_inflammation_days_after", in->peak_inflammation_days,
            "peak_soreness", in->peak_soreness, "sore_days", in->sore_days));
    }
    json_object_set_new(root, "injections", injections);

    json_object_set_new(root, "solver", json_pack("{s:s,s:f,s:f,s:I,s:I,s:I}",
        "method", healsim_method_name(p->method), "rtol", p->rtol, "atol", p->atol,
        "steps", (json_int_t)s->n_steps, "rhs_evaluations", (json_int_t)s->n_rhs,
        "jacobian_evaluations", (json_int_t)s->n_jacobian));
    json_object_set_new(root, "parameters", params_json(p, figure));
    free(owned);

    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(root);
    fputc('\n', out);
    return rc == 0 && !ferror(out) ? HEALSIM_OK : HEALSIM_ERR_IO;
}

const char *const healsim_output_files[HEALSIM_OUTPUT_N_FILES] = {
    "timeseries.csv", "phases.csv", "summary.json", "params.resolved.ini",
};

int healsim_output_file(const healsim_run *run, const healsim_figure_config *figure, size_t index,
                        FILE *out)
{
    switch (index) {
    case 0: return healsim_output_timeseries_csv(run, out);
    case 1: return healsim_output_phases_csv(run, out);
    case 2: return healsim_output_summary_json(run, figure, out);
    default: return healsim_params_write(healsim_run_params(run), figure, out);
    }
}

typedef struct run_files {
    const healsim_run *run;
    const healsim_figure_config *figure;
} run_files;

static int write_run_file(size_t index, FILE *stream, void *data, healsim_diag *diag)
{
    const run_files *rf = data;
    (void)diag;
    return healsim_output_file(rf->run, rf->figure, index, stream);
}

int healsim_output_write_dir(const healsim_run *run, const healsim_figure_config *figure, const char *dir,
                             healsim_diag *diag)
{
    run_files rf = { run, figure };
    return healsim_output_atomic(dir, healsim_output_files, HEALSIM_OUTPUT_N_FILES, write_run_file, &rf,
                                 diag);
}

/* ---- reading timeseries.csv back --------------------------------------- */

int healsim_output_read_timeseries(const char *path, double **rows_out, size_t *n_out,
                                   healsim_diag *diag)
{
    memset(diag, 0, sizeof *diag);
    *rows_out = NULL;
    *n_out = 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        healsim_diag_set(diag, path, 0, 0, "cannot read results: %s", strerror(errno));
        return HEALSIM_ERR_IO;
    }
    int status = healsim_output_read_timeseries_stream(f, path, rows_out, n_out, diag);
    fclose(f);
    return status;
}

int healsim_output_read_timeseries_stream(FILE *f, const char *path, double **rows_out,
                                          size_t *n_out, healsim_diag *diag)
{
    memset(diag, 0, sizeof *diag);
    *rows_out = NULL;
    *n_out = 0;
    char *line = NULL;
    size_t cap = 0, n = 0, cap_rows = 0;
    double *rows = NULL;
    int status = HEALSIM_OK, number = 0;
    ssize_t len;
    while (status == HEALSIM_OK && (len = getline(&line, &cap, f)) >= 0) {
        number++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *p = line;
        if (number == 1) {
            for (int c = 0; c < HEALSIM_N_COLUMNS && status == HEALSIM_OK; c++) {
                const char *name = healsim_column_name(c);
                size_t k = strlen(name);
                if (strncmp(p, name, k) != 0 || p[k] != ',') {
                    healsim_diag_set(diag, path, 1, (int)(p - line) + 1,
                                     "not a healsim timeseries.csv: expected column '%s' here", name);
                    status = HEALSIM_ERR_INPUT;
                }
                p += k + 1;
            }
            if (status == HEALSIM_OK && strcmp(p, "dominant_phase") != 0) {
                healsim_diag_set(diag, path, 1, (int)(p - line) + 1,
                                 "not a healsim timeseries.csv: expected column 'dominant_phase' here");
                status = HEALSIM_ERR_INPUT;
            }
            continue;
        }
        if (len == 0)
            continue;
        if (n == cap_rows) {
            cap_rows = cap_rows ? 2 * cap_rows : 1024;
            double *grown = realloc(rows, cap_rows * HEALSIM_N_COLUMNS * sizeof *rows);
            if (!grown) {
                status = HEALSIM_ERR_NOMEM;
                break;
            }
            rows = grown;
        }
        double *row = rows + n * HEALSIM_N_COLUMNS;
        for (int c = 0; c < HEALSIM_N_COLUMNS && status == HEALSIM_OK; c++) {
            char *end;
            errno = 0;
            row[c] = strtod(p, &end);
            if (end == p || *end != ',' || !isfinite(row[c])) {
                healsim_diag_set(diag, path, number, (int)(p - line) + 1,
                                 "column '%s' is not a finite number", healsim_column_name(c));
                status = HEALSIM_ERR_INPUT;
            }
            p = end + 1;
        }
        if (status == HEALSIM_OK && n > 0 && row[0] < row[-HEALSIM_N_COLUMNS]) {
            healsim_diag_set(diag, path, number, 1, "time goes backwards (%g after %g)", row[0],
                             row[-HEALSIM_N_COLUMNS]);
            status = HEALSIM_ERR_INPUT;
        }
        n++;
    }
    if (status == HEALSIM_OK && ferror(f)) {
        healsim_diag_set(diag, path, 0, 0, "cannot read results: %s", strerror(errno));
        status = HEALSIM_ERR_IO;
    }
    if (status == HEALSIM_OK && number == 0) {
        healsim_diag_set(diag, path, 0, 0, "the file is empty");
        status = HEALSIM_ERR_INPUT;
    }
    free(line);
    if (status != HEALSIM_OK) {
        free(rows);
        return status;
    }
    *rows_out = rows;
    *n_out = n;
    return HEALSIM_OK;
}
