/*
** batch.c — sweeps, populations and sensitivity runs (see healsim/batch.h).
**
** A batch is the base parameter set, up to HEALSIM_MAX_VARY varied
** parameters and a rule that turns a run index into values: the index's
** digits in the sweep's mixed radix (the first parameter varies slowest),
** or draws from a generator seeded from (seed, index) for a patient, or
** (parameter, down/up) for a sensitivity run.  So run i is the same run on
** any thread, in any slice, on any machine.
**
** The executor hands indices to worker threads in order and gives finished
** results to the caller strictly in index order, holding at most a small
** window of results: memory does not grow with the number of runs.
*/
#include "healsim/batch.h"
#include "healsim/output.h"
#include "healsim/shard.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "number_text.h"
#include "param_table.h"

typedef enum dist_kind { DIST_NONE, DIST_LOGNORMAL, DIST_NORMAL, DIST_UNIFORM } dist_kind;

typedef struct vary {
    char name[128];   /* "section.key" as given */
    int row;          /* in healsimi_param_table */
    size_t n;         /* sweep: number of values */
    double *values;   /* sweep: the values (owned) */
    dist_kind dist;   /* population: the distribution */
    double a, b;      /* lognormal: sigma of ln, median; normal: mean, sd; uniform: lo, hi */
} vary;

#define MAX_SENSITIVITY 128

struct healsim_batch {
    healsim_params base;
    healsim_batch_kind kind;
    size_t population;
    unsigned long seed;
    size_t n_vary;
    vary v[HEALSIM_MAX_VARY];
    size_t n_sens;                 /* sensitivity: the parameters perturbed */
    int sens_row[MAX_SENSITIVITY];
    double sens_step;              /* relative step in ln(parameter) */
    char outcome[64];
};

const char *const healsim_batch_outcome_names[] = {
    "strength_end_pct", "strength_gain_pct", "strength_min_pct", "days_sore", "peak_soreness",
    "peak_inflammation_mean", NULL
};

static double *field(healsim_params *p, int row)
{
    return (double *)((char *)p + healsimi_param_table[row].offset);
}

/* The current value of a REAL, COUNT or LIST (first element) parameter. */
static double value_of(const healsim_params *p, int row)
{
    const param_info *pi = &healsimi_param_table[row];
    const char *base = (const char *)p + pi->offset;
    if (pi->kind == PARAM_COUNT)
        return (double)*(const size_t *)base;
    return *(const double *)base;
}

/* Set parameter `row` of p to v through the same checks as --set. */
static int set_value(healsim_params *p, const vary *v, double value, healsim_diag *diag)
{
    char text[64];
    /* the shortest text that reads back as value: it shows in messages */
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(text, sizeof text, "%.*g", digits, value);
        if (strtod(text, NULL) == value)
            break;
    }
    return healsim_params_set(p, NULL, v->name, text, diag);
}

int healsim_batch_alloc(const healsim_params *base, healsim_batch_kind kind, size_t population,
                        unsigned long seed, healsim_batch **out, healsim_diag *diag)
{
    *out = NULL;
    healsim_batch *b = calloc(1, sizeof *b);
    if (!b)
        return HEALSIM_ERR_NOMEM;
    b->base = *base;
    b->kind = kind;
    b->population = population;
    b->seed = seed;
    b->sens_step = HEALSIM_SENSITIVITY_STEP;
    snprintf(b->outcome, sizeof b->outcome, "strength_gain_pct");
    if (kind == HEALSIM_BATCH_POPULATION) {
        /* strength every two weeks: the population figure's bands */
        size_t k = 0;
        for (double d = 0; d <= base->span_days && k < HEALSIM_MAX_CHECKPOINTS; d += 14)
            b->base.checkpoints_days[k++] = d;
        b->base.n_checkpoints = k;
    }
    if (kind == HEALSIM_BATCH_SENSITIVITY) {
        static const char *const sections[] = { "tissue", "injection", "nsaid", "steroid", "patient",
                                                "hemostasis", "inflammation", "repair", "remodeling",
                                                "phases", NULL };
        for (size_t i = 0; i < healsimi_param_count && b->n_sens < MAX_SENSITIVITY; i++) {
            const param_info *pi = &healsimi_param_table[i];
            int in = 0;
            for (int s = 0; sections[s]; s++)
                in |= strcmp(pi->section, sections[s]) == 0;
            if (in && pi->kind == PARAM_REAL && value_of(&b->base, (int)i) > 0)
                b->sens_row[b->n_sens++] = (int)i;
        }
    }
    (void)diag;
    *out = b;
    return HEALSIM_OK;
}

void healsim_batch_free(healsim_batch *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n_vary; i++)
        free(b->v[i].values);
    free(b);
}

/* strtod of the whole of s (after trimming); 0 on success. */
static int number(const char *s, double *v)
{
    char *end;
    while (isspace((unsigned char)*s))
        s++;
    *v = strtod(s, &end);
    while (isspace((unsigned char)*end))
        end++;
    return end == s || *end || !isfinite(*v) ? -1 : 0;
}

static int parse_sweep(healsim_batch *b, vary *v, const char *spec, healsim_diag *diag)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", spec);
    double *vals = NULL;
    size_t n = 0;
    char *c1 = strchr(buf, ':');
    if (c1) {
        char *c2 = strchr(c1 + 1, ':');
        if (!c2) {
            healsim_diag_set(diag, "--vary", 0, 0,
                             "%s=%s: a range is start:stop:step or start:stop:nN", v->name, spec);
            return HEALSIM_ERR_INPUT;
        }
        *c1 = *c2 = '\0';
        double start, stop;
        if (number(buf, &start) || number(c1 + 1, &stop)) {
            healsim_diag_set(diag, "--vary", 0, 0, "%s=%s: start and stop must be numbers", v->name, spec);
            return HEALSIM_ERR_INPUT;
        }
        const char *third = c2 + 1;
        while (isspace((unsigned char)*third))
            third++;
        if (third[0] == 'n') {
            int log_spaced = 0;
            char count[64];
            snprintf(count, sizeof count, "%s", third + 1);
            size_t len = strlen(count);
            if (len > 3 && strcmp(count + len - 3, "log") == 0) {
                log_spaced = 1;
                count[len - 3] = '\0';
            }
            double nn;
            if (number(count, &nn) || nn != floor(nn) || nn < 2 || nn > 1e6) {
                healsim_diag_set(diag, "--vary", 0, 0,
                                 "%s=%s: nN needs a whole number of points N from 2 to 1000000",
                                 v->name, spec);
                return HEALSIM_ERR_INPUT;
            }
            if (log_spaced && !(start > 0 && stop > 0)) {
                healsim_diag_set(diag, "--vary", 0, 0,
                                 "%s=%s: log spacing needs start and stop above 0", v->name, spec);
                return HEALSIM_ERR_INPUT;
            }
            if (!(stop > start)) {
                healsim_diag_set(diag, "--vary", 0, 0, "%s=%s: stop must be above start", v->name, spec);
                return HEALSIM_ERR_INPUT;
            }
            n = (size_t)nn;
            vals = malloc(n * sizeof *vals);
            if (!vals)
                return HEALSIM_ERR_NOMEM;
            for (size_t i = 0; i < n; i++) {
                double f = (double)i / (double)(n - 1);
                vals[i] = log_spaced ? exp(log(start) + f * (log(stop) - log(start)))
                                     : start + f * (stop - start);
            }
            vals[n - 1] = stop;
        } else {
            double step;
            if (number(third, &step)) {
                healsim_diag_set(diag, "--vary", 0, 0,
                                 "%s=%s: the step must be a number (or nN for N points)", v->name,
                                 spec);
                return HEALSIM_ERR_INPUT;
            }
            if (!(step > 0)) {
                healsim_diag_set(diag, "--vary", 0, 0, "%s=%s: the step must be above 0", v->name, spec);
                return HEALSIM_ERR_INPUT;
            }
            if (!(stop >= start)) {
                healsim_diag_set(diag, "--vary", 0, 0, "%s=%s: stop must not be below start", v->name, spec);
                return HEALSIM_ERR_INPUT;
            }
            double k = (stop - start) / step;
            if (fabs(k - round(k)) > 1e-9 * fmax(1.0, k)) {
                healsim_diag_set(diag, "--vary", 0, 0,
                                 "%s=%s: steps of %g from %g never reach %g (they pass %g); "
                                 "choose a step that divides the range, or nN for N points", v->name, spec, step,
                                 start, stop, start + ceil(k) * step);
                return HEALSIM_ERR_INPUT;
            }
            if (k > 1e6) {
                healsim_diag_set(diag, "--vary", 0, 0, "%s=%s: more than a million values", v->name, spec);
                return HEALSIM_ERR_INPUT;
            }
            n = (size_t)round(k) + 1;
            vals = malloc(n * sizeof *vals);
            if (!vals)
                return HEALSIM_ERR_NOMEM;
            for (size_t i = 0; i < n; i++)
                vals[i] = start + (double)i * step; /* multiply, never accumulate */
            vals[n - 1] = stop;
        }
    } else {
        char *p = buf;
        for (const char *q = buf; *q; q++)
            n += *q == ',';
        n++;
        vals = malloc(n * sizeof *vals);
        if (!vals)
            return HEALSIM_ERR_NOMEM;
        n = 0;
        for (;;) {
            char *comma = strchr(p, ',');
            if (comma)
                *comma = '\0';
            if (number(p, &vals[n])) {
                free(vals);
                healsim_diag_set(diag, "--vary", 0, 0, "%s=%s: '%s' is not a number", v->name, spec, p);
                return HEALSIM_ERR_INPUT;
            }
            for (size_t j = 0; j < n; j++)
                if (vals[j] == vals[n]) {
                    healsim_diag_set(diag, "--vary", 0, 0, "%s=%s: %.15g is listed twice; list each value once",
                                     v->name, spec, vals[n]);
                    free(vals);
                    return HEALSIM_ERR_INPUT;
                }
            n++;
            if (!comma)
                break;
            p = comma + 1;
        }
    }
    /* every value must give a valid parameter set on its own */
    healsim_params scratch = b->base;
    for (size_t i = 0; i < n; i++) {
        healsim_diag d;
        int status = set_value(&scratch, v, vals[i], &d);
        if (status == HEALSIM_OK)
            status = healsim_params_check(&scratch, &d);
        scratch = b->base;
        if (status) {
            double bad = vals[i];
            free(vals);
            /* healsim_params_set's message repeats "'name=value': "; the value is shown once */
            const char *why = d.message;
            const size_t name_length = strlen(v->name);
            if (why[0] == '\'' && strncmp(why + 1, v->name, name_length) == 0 && why[1 + name_length] == '=') {
                const char *rest = strstr(why, "': ");
                if (rest)
                    why = rest + 3;
            }
            healsim_diag_set(diag, "--vary", 0, 0, "%s = %.15g: %s", v->name, bad, why);
            return HEALSIM_ERR_INPUT;
        }
    }
    v->n = n;
    v->values = vals;
    return HEALSIM_OK;
}

static int parse_dist(healsim_batch *b, vary *v, const char *spec, healsim_diag *diag)
{
    const param_info *pi = &healsimi_param_table[v->row];
    if (pi->kind != PARAM_REAL) {
        healsim_diag_set(diag, "--vary", 0, 0,
                         "%s: only real-valued parameters can be drawn at random", v->name);
        return HEALSIM_ERR_INPUT;
    }
    double base = value_of(&b->base, v->row);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", spec);
    char *arg = strchr(buf, ':');
    if (!arg) {
        healsim_diag_set(diag, "--vary", 0, 0,
                         "%s=%s: a distribution is lognormal:cv=X, normal:MEAN:SD or uniform:A:B",
                         v->name, spec);
        return HEALSIM_ERR_INPUT;
    }
    *arg++ = '\0';
    double x, y;
    if (strcmp(buf, "lognormal") == 0) {
        if (strncmp(arg, "cv=", 3) != 0 || number(arg + 3, &x) || !(x > 0 && x <= 10)) {
            healsim_diag_set(diag, "--vary", 0, 0,
                             "%s=%s: lognormal needs cv=X with X in (0, 10]", v->name, spec);
            return HEALSIM_ERR_INPUT;
        }
        if (!(base > 0)) {
            healsim_diag_set(diag, "--vary", 0, 0,
                             "%s=%s: a lognormal spread needs a value above 0 (it is %g)", v->name,
                             spec, base);
            return HEALSIM_ERR_INPUT;
        }
        v->dist = DIST_LOGNORMAL;
        v->a = sqrt(log(1 + x * x));
        v->b = base;
        return HEALSIM_OK;
    }
    char *colon = strchr(arg, ':');
    if (colon)
        *colon = '\0';
    if (!colon || number(arg, &x) || number(colon + 1, &y)) {
        healsim_diag_set(diag, "--vary", 0, 0,
                         "%s=%s: %s needs two numbers, %s:A:B", v->name, spec, buf, buf);
        return HEALSIM_ERR_INPUT;
    }
    if (strcmp(buf, "normal") == 0) {
        if (!(y > 0)) {
            healsim_diag_set(diag, "--vary", 0, 0,
                             "%s=%s: the standard deviation must be above 0", v->name, spec);
            return HEALSIM_ERR_INPUT;
        }
        if (x < pi->min || x > pi->max) {
            healsim_diag_set(diag, "--vary", 0, 0,
                             "%s=%s: the mean %g is outside the valid range [%g, %g]", v->name,
                             spec, x, pi->min, pi->max);
            return HEALSIM_ERR_INPUT;
        }
        v->dist = DIST_NORMAL;
    } else if (strcmp(buf, "uniform") == 0) {
        if (!(y > x)) {
            healsim_diag_set(diag, "--vary", 0, 0, "%s=%s: uniform:A:B needs A below B", v->name, spec);
            return HEALSIM_ERR_INPUT;
        }
        if (x < pi->min || y > pi->max) {
            healsim_diag_set(diag, "--vary", 0, 0,
                             "%s=%s: [%g, %g] is not inside the valid range [%g, %g]", v->name,
                             spec, x, y, pi->min, pi->max);
            return HEALSIM_ERR_INPUT;
        }
        v->dist = DIST_UNIFORM;
    } else {
        healsim_diag_set(diag, "--vary", 0, 0,
                         "%s=%s: unknown distribution '%s' (lognormal, normal, uniform)", v->name,
                         spec, buf);
        return HEALSIM_ERR_INPUT;
    }
    v->a = x;
    v->b = y;
    return HEALSIM_OK;
}

int healsim_batch_vary(healsim_batch *b, const char *arg, healsim_diag *diag)
{
    if (b->n_vary == HEALSIM_MAX_VARY) {
        healsim_diag_set(diag, "--vary", 0, 0, "more than %d --vary options", HEALSIM_MAX_VARY);
        return HEALSIM_ERR_INPUT;
    }
    const char *eq = strchr(arg, '=');
    if (!eq) {
        healsim_diag_set(diag, "--vary", 0, 0, "'%s' is not of the form section.key=SPEC", arg);
        return HEALSIM_ERR_INPUT;
    }
    vary *v = &b->v[b->n_vary];
    memset(v, 0, sizeof *v);
    size_t len = (size_t)(eq - arg);
    if (len >= sizeof v->name) {
        healsim_diag_set(diag, "--vary", 0, 0, "'%s': name too long", arg);
        return HEALSIM_ERR_INPUT;
    }
    memcpy(v->name, arg, len);
    const char *dot = strchr(v->name, '.');
    char section[64] = "";
    if (dot && (size_t)(dot - v->name) < sizeof section)
        memcpy(section, v->name, (size_t)(dot - v->name));
    v->row = healsimi_param_find(section, dot ? dot + 1 : v->name);
    if (v->row < 0) {
        /* the same did-you-mean as --set gives */
        healsim_params scratch = b->base;
        healsim_diag d;
        healsim_params_set(&scratch, NULL, v->name, "0", &d);
        healsim_diag_set(diag, "--vary", 0, 0, "%s", d.message);
        return HEALSIM_ERR_INPUT;
    }
    if (healsimi_param_table[v->row].figure) {
        healsim_diag_set(diag, "--vary", 0, 0,
                         "%s is a figure setting: varying it changes no result", v->name);
        return HEALSIM_ERR_INPUT;
    }
    const param_kind kind = healsimi_param_table[v->row].kind;
    if (kind != PARAM_REAL && kind != PARAM_COUNT && kind != PARAM_LIST) {
        healsim_diag_set(diag, "--vary", 0, 0, "%s is not a number and cannot be varied", v->name);
        return HEALSIM_ERR_INPUT;
    }
    for (size_t i = 0; i < b->n_vary; i++)
        if (b->v[i].row == v->row) {
            healsim_diag_set(diag, "--vary", 0, 0, "%s is varied twice", v->name);
            return HEALSIM_ERR_INPUT;
        }
    int status = b->kind == HEALSIM_BATCH_POPULATION ? parse_dist(b, v, eq + 1, diag)
                                                     : parse_sweep(b, v, eq + 1, diag);
    if (status == HEALSIM_OK)
        b->n_vary++;
    return status;
}

int healsim_batch_vary_defaults(healsim_batch *b, healsim_diag *diag)
{
    /* between people: tissue healing capacity and the inflammatory and
    ** fibroblast responses vary most (docs/BATCH.md), and so does age */
    static const char *const defaults[] = {
        "tissue.turnover=lognormal:cv=0.3",
        "inflammation.neutrophil_recruitment_per_day=lognormal:cv=0.25",
        "inflammation.monocyte_recruitment_per_day=lognormal:cv=0.25",
        "repair.fibroblast_proliferation_per_day=lognormal:cv=0.2",
        "repair.collagen_i_synthesis_per_day=lognormal:cv=0.2",
        "patient.age_years=uniform:25:75",
    };
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
        int status = healsim_batch_vary(b, defaults[i], diag);
        if (status)
            return status;
    }
    return HEALSIM_OK;
}

int healsim_batch_set_outcome(healsim_batch *b, const char *name, healsim_diag *diag)
{
    for (int i = 0; healsim_batch_outcome_names[i]; i++) {
        if (strcmp(name, healsim_batch_outcome_names[i]) == 0) {
            snprintf(b->outcome, sizeof b->outcome, "%s", name);
            return HEALSIM_OK;
        }
    }
    healsim_diag_set(diag, "--outcome", 0, 0, "unknown outcome '%s' (strength_end_pct, strength_gain_pct, "
                     "strength_min_pct, days_sore, peak_soreness, peak_inflammation_mean)", name);
    return HEALSIM_ERR_INPUT;
}

size_t healsim_batch_n_runs(const healsim_batch *b)
{
    if (b->kind == HEALSIM_BATCH_POPULATION)
        return b->population;
    if (b->kind == HEALSIM_BATCH_SENSITIVITY)
        return 1 + 2 * b->n_sens;
    double n = 1;
    for (size_t i = 0; i < b->n_vary; i++)
        n *= (double)b->v[i].n;
    return n > (double)HEALSIM_BATCH_MAX_RUNS ? HEALSIM_BATCH_MAX_RUNS + 1 : (size_t)n;
}

const double *healsim_batch_axis(const healsim_batch *b, size_t k, size_t *n)
{
    *n = k < b->n_vary ? b->v[k].n : 0;
    return k < b->n_vary ? b->v[k].values : NULL;
}

size_t healsim_batch_n_parameters(const healsim_batch *b)
{
    return b->n_sens;
}

const char *healsim_batch_parameter(const healsim_batch *b, size_t j, double *base_value)
{
    static _Thread_local char name[160];
    const param_info *pi = &healsimi_param_table[b->sens_row[j]];
    snprintf(name, sizeof name, "%s.%s", pi->section, pi->key);
    *base_value = value_of(&b->base, b->sens_row[j]);
    return name;
}

const double *healsim_batch_checkpoints(const healsim_batch *b, size_t *n)
{
    *n = b->base.n_checkpoints;
    return b->base.checkpoints_days;
}

size_t healsim_batch_n_vary(const healsim_batch *b)
{
    return b->kind == HEALSIM_BATCH_SENSITIVITY ? 1 : b->n_vary;
}

const char *healsim_batch_vary_name(const healsim_batch *b, size_t i)
{
    return b->kind == HEALSIM_BATCH_SENSITIVITY ? "value" : b->v[i].name;
}

const char *healsim_batch_vary_unit(const healsim_batch *b, size_t i)
{
    if (b->kind == HEALSIM_BATCH_SENSITIVITY || i >= b->n_vary)
        return "";
    const param_info *pi = &healsimi_param_table[b->v[i].row];
    if (strcmp(pi->unit, "unit") == 0) /* the schedule's own unit */
        return b->base.schedule_unit == HEALSIM_UNIT_WEEKS ? "weeks" : "days";
    return pi->unit;
}

/* splitmix64: a well-mixed 64-bit seed for patient i from the batch seed */
static unsigned long patient_seed(unsigned long seed, size_t i)
{
    unsigned long long z = (unsigned long long)seed + 0x9E3779B97F4A7C15ULL * ((unsigned long long)i + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (unsigned long)(z ^ (z >> 31));
}

/* Draw every varied value of patient i; -1 if a truncated draw failed. */
static int draw_patient(const healsim_batch *b, size_t i, double *values, gsl_rng *rng)
{
    gsl_rng_set(rng, patient_seed(b->seed, i));
    int failed = 0;
    for (size_t k = 0; k < b->n_vary; k++) {
        const vary *v = &b->v[k];
        const param_info *pi = &healsimi_param_table[v->row];
        int tries = 0;
        double x;
        do {
            switch (v->dist) {
            case DIST_LOGNORMAL: x = v->b * exp(v->a * gsl_ran_ugaussian(rng)); break;
            case DIST_NORMAL: x = v->a + v->b * gsl_ran_ugaussian(rng); break;
            case DIST_UNIFORM: x = v->a + (v->b - v->a) * gsl_rng_uniform(rng); break;
            default: x = NAN; break;
            }
        } while ((x < pi->min || x > pi->max) && ++tries < 1000);
        if (tries == 1000 && !failed)
            failed = (int)k + 1;
        values[k] = x;
    }
    return failed;
}

/* Sensitivity run i: 0 is the base; 2j+1 and 2j+2 perturb parameter j down and up. */
static double sens_value(const healsim_batch *b, size_t i, int *row)
{
    if (i == 0) {
        *row = -1;
        return NAN;
    }
    size_t j = (i - 1) / 2;
    *row = b->sens_row[j];
    double base = value_of(&b->base, *row);
    return base * exp((i % 2 ? -1.0 : 1.0) * b->sens_step);
}

void healsim_batch_values(const healsim_batch *b, size_t i, double *values)
{
    if (b->kind == HEALSIM_BATCH_SWEEP) {
        size_t rest = i;
        for (size_t k = b->n_vary; k-- > 0;) {
            values[k] = b->v[k].values[rest % b->v[k].n];
            rest /= b->v[k].n;
        }
    } else if (b->kind == HEALSIM_BATCH_POPULATION) {
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        if (rng) {
            draw_patient(b, i, values, rng);
            gsl_rng_free(rng);
        }
    } else {
        int row;
        values[0] = sens_value(b, i, &row);
    }
}

/* The parameters of run i into *p, its varied values into r->values;
** HEALSIM_OK or an error with r->message. */
static int setup_run(const healsim_batch *b, size_t i, healsim_params *p, healsim_batch_result *r,
                     gsl_rng *rng)
{
    healsim_diag d;
    int status = HEALSIM_OK;
    *p = b->base;
    if (b->kind == HEALSIM_BATCH_SENSITIVITY) {
        int row;
        r->values[0] = sens_value(b, i, &row);
        if (row >= 0)
            *field(p, row) = r->values[0];
    } else {
        int failed = b->kind == HEALSIM_BATCH_POPULATION ? draw_patient(b, i, r->values, rng) : 0;
        if (failed) {
            const param_info *pi = &healsimi_param_table[b->v[failed - 1].row];
            status = HEALSIM_ERR_INPUT;
            snprintf(r->message, sizeof r->message, "%s.%s: no value inside its range [%g, %g] in 1000 draws",
                     pi->section, pi->key, pi->min, pi->max);
        } else if (b->kind == HEALSIM_BATCH_SWEEP) {
            healsim_batch_values(b, i, r->values);
        }
        for (size_t k = 0; k < b->n_vary && status == HEALSIM_OK; k++) {
            status = set_value(p, &b->v[k], r->values[k], &d);
            if (status)
                snprintf(r->message, sizeof r->message, "%s", d.message);
        }
    }
    if (status == HEALSIM_OK && (status = healsim_params_check(p, &d)))
        snprintf(r->message, sizeof r->message, "%s", d.message);
    return status;
}

int healsim_batch_params(const healsim_batch *b, size_t i, healsim_params *p, healsim_diag *diag)
{
    healsim_batch_result *r = calloc(1, sizeof *r);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int status = r && rng ? setup_run(b, i, p, r, rng) : HEALSIM_ERR_NOMEM;
    if (status && r)
        healsim_diag_set(diag, "run", 0, 0, "%s", r->message);
    free(r);
    gsl_rng_free(rng);
    return status;
}

/* Simulate run i into r. */
static void run_one(const healsim_batch *b, size_t i, healsim_batch_result *r, gsl_rng *rng)
{
    memset(r, 0, offsetof(healsim_batch_result, summary));
    r->index = i;
    healsim_params p;
    healsim_diag d;
    int status = setup_run(b, i, &p, r, rng);
    if (status == HEALSIM_OK) {
        healsim_run *run = NULL;
        status = healsim_simulate(&p, HEALSIM_RUN_NO_ROWS, &run, &d);
        if (status == HEALSIM_OK)
            r->summary = *healsim_run_summary(run);
        else
            snprintf(r->message, sizeof r->message, "%s", d.message);
        healsim_run_free(run);
    }
    r->status = status;
}

/* ---- the ordered parallel executor ------------------------------------- */

typedef struct executor {
    const healsim_batch *b;
    size_t first, last;
    size_t next;        /* next index to hand out */
    size_t delivered;   /* results given to the caller */
    size_t window;      /* results held at most */
    healsim_batch_result *slot; /* window of results, by index % window */
    unsigned char *ready;
    volatile sig_atomic_t *stop;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    unsigned running;   /* workers still taking runs */
} executor;

static void *worker(void *arg)
{
    executor *ex = arg;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    pthread_mutex_lock(&ex->lock);
    for (;;) {
        while (ex->next < ex->last && ex->next - ex->delivered >= ex->window && !(ex->stop && *ex->stop))
            pthread_cond_wait(&ex->changed, &ex->lock);
        if (ex->next >= ex->last || (ex->stop && *ex->stop) || !rng)
            break;
        size_t i = ex->next++;
        pthread_mutex_unlock(&ex->lock);
        healsim_batch_result *r = &ex->slot[(i - ex->first) % ex->window];
        run_one(ex->b, i, r, rng);
        pthread_mutex_lock(&ex->lock);
        ex->ready[(i - ex->first) % ex->window] = 1;
        pthread_cond_broadcast(&ex->changed);
    }
    ex->running--;
    pthread_cond_broadcast(&ex->changed);
    pthread_mutex_unlock(&ex->lock);
    gsl_rng_free(rng);
    return NULL;
}

size_t healsim_batch_execute(healsim_batch *b, size_t first, size_t last, unsigned jobs,
                             healsim_batch_row_fn on_row, void *data, volatile sig_atomic_t *stop)
{
    if (first >= last)
        return 0;
    if (jobs == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n < 1 ? 1u : (unsigned)n;
    }
    if (jobs > 256)
        jobs = 256;
    executor ex = { 0 };
    ex.b = b;
    ex.first = ex.next = ex.delivered = first;
    ex.last = last;
    ex.window = 4 * (size_t)jobs;
    ex.stop = stop;
    ex.slot = malloc(ex.window * sizeof *ex.slot);
    ex.ready = calloc(ex.window, 1);
    pthread_t *tid = malloc(jobs * sizeof *tid);
    if (!ex.slot || !ex.ready || !tid) {
        free(ex.slot);
        free(ex.ready);
        free(tid);
        return 0;
    }
    pthread_mutex_init(&ex.lock, NULL);
    pthread_cond_init(&ex.changed, NULL);
    for (unsigned t = 0; t < jobs; t++) {
        if (pthread_create(&tid[ex.running], NULL, worker, &ex) == 0)
            ex.running++;
    }
    const unsigned started = ex.running;
    pthread_mutex_lock(&ex.lock);
    for (;;) {
        size_t k = (ex.delivered - first) % ex.window;
        if (ex.delivered < ex.next && ex.ready[k]) {
            pthread_mutex_unlock(&ex.lock);
            on_row(&ex.slot[k], data);
            pthread_mutex_lock(&ex.lock);
            ex.ready[k] = 0;
            ex.delivered++;
            pthread_cond_broadcast(&ex.changed);
            continue;
        }
        if (started == 0) { /* no thread could start: run the next one here */
            if (ex.next >= ex.last || (stop && *stop))
                break;
            size_t i = ex.next++;
            pthread_mutex_unlock(&ex.lock);
            gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
            run_one(b, i, &ex.slot[(i - first) % ex.window], rng);
            gsl_rng_free(rng);
            pthread_mutex_lock(&ex.lock);
            ex.ready[(i - first) % ex.window] = 1;
            continue;
        }
        if (ex.delivered == ex.next && ex.running == 0)
            break;
        pthread_cond_wait(&ex.changed, &ex.lock);
    }
    pthread_mutex_unlock(&ex.lock);
    for (unsigned t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&ex.lock);
    pthread_cond_destroy(&ex.changed);
    size_t delivered = ex.delivered - first;
    free(ex.slot);
    free(ex.ready);
    free(tid);
    return delivered;
}

/* ---- rows ----------------------------------------------------------------- */

double healsim_batch_outcome(const healsim_batch_result *r, const char *name)
{
    if (r->status != HEALSIM_OK)
        return NAN;
    const healsim_summary *s = &r->summary;
    if (strcmp(name, "strength_end_pct") == 0)
        return s->strength_end_pct;
    if (strcmp(name, "strength_gain_pct") == 0)
        return s->strength_end_pct - s->strength_initial_pct;
    if (strcmp(name, "strength_min_pct") == 0)
        return s->strength_min_pct;
    if (strcmp(name, "days_sore") == 0)
        return s->days_sore;
    if (strcmp(name, "peak_soreness") == 0)
        return s->peak_soreness;
    if (strcmp(name, "peak_inflammation_mean") == 0) {
        double m = 0;
        for (size_t k = 0; k < s->n_injections; k++)
            m += s->injections[k].peak_inflammation / (double)s->n_injections;
        return s->n_injections ? m : NAN;
    }
    return NAN;
}

static const char *status_name(int status)
{
    return status == HEALSIM_OK ? "ok" : status == HEALSIM_ERR_SOLVER ? "solver_failed" : "invalid";
}

void healsim_batch_row_header(const healsim_batch *b, healsim_batch_format format, FILE *out)
{
    if (format != HEALSIM_BATCH_CSV)
        return;
    fputs("run", out);
    if (b->kind == HEALSIM_BATCH_SENSITIVITY)
        fputs(",parameter,value", out);
    for (size_t k = 0; b->kind != HEALSIM_BATCH_SENSITIVITY && k < b->n_vary; k++)
        fprintf(out, ",%s", b->v[k].name);
    fputs(",status", out);
    for (int i = 0; healsim_batch_outcome_names[i]; i++)
        fprintf(out, ",%s", healsim_batch_outcome_names[i]);
    for (size_t k = 0; k < b->base.n_checkpoints; k++)
        fprintf(out, ",strength_d%g_pct", b->base.checkpoints_days[k]);
    fputs(",n_injections,message\n", out);
}

static void csv_quoted(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s == '\n' ? ' ' : *s, out);
    }
    fputc('"', out);
}

static void json_string_out(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

/* One number: %.9g, empty (CSV) or null (JSON) when not a number. */
static void number_out(FILE *out, double v, healsim_batch_format format)
{
    if (isfinite(v))
        healsimi_number_g9_put(out, v);
    else if (format == HEALSIM_BATCH_JSONL)
        fputs("null", out);
}

void healsim_batch_row_write(const healsim_batch *b, const healsim_batch_result *r,
                             healsim_batch_format format, FILE *out)
{
    const int json = format == HEALSIM_BATCH_JSONL;
    const char *sep = json ? "," : ",";
#define KEY(name)                                          \
    do {                                                   \
        fputs(sep, out);                                   \
        if (json) {                                        \
            json_string_out(out, name);                    \
            fputc(':', out);                               \
        }                                                  \
    } while (0)
    if (json)
        fprintf(out, "{\"run\":%zu", r->index);
    else
        fprintf(out, "%zu", r->index);
    if (b->kind == HEALSIM_BATCH_SENSITIVITY) {
        int row;
        double v = sens_value(b, r->index, &row);
        char name[128] = "base";
        if (row >= 0)
            snprintf(name, sizeof name, "%s.%s", healsimi_param_table[row].section, healsimi_param_table[row].key);
        KEY("parameter");
        if (json)
            json_string_out(out, name);
        else
            fputs(name, out);
        KEY("value");
        number_out(out, v, format);
    } else {
        for (size_t k = 0; k < b->n_vary; k++) {
            KEY(b->v[k].name);
            number_out(out, r->values[k], format);
        }
    }
    KEY("status");
    if (json)
        json_string_out(out, status_name(r->status));
    else
        fputs(status_name(r->status), out);
    for (int i = 0; healsim_batch_outcome_names[i]; i++) {
        KEY(healsim_batch_outcome_names[i]);
        number_out(out, healsim_batch_outcome(r, healsim_batch_outcome_names[i]), format);
    }
    for (size_t k = 0; k < b->base.n_checkpoints; k++) {
        char name[48];
        snprintf(name, sizeof name, "strength_d%g_pct", b->base.checkpoints_days[k]);
        KEY(name);
        number_out(out, r->status == HEALSIM_OK && k < r->summary.n_checkpoints
                            ? r->summary.strength_at_checkpoint_pct[k] : NAN, format);
    }
    KEY("n_injections");
    if (r->status == HEALSIM_OK)
        fprintf(out, "%zu", r->summary.n_injections);
    else if (json)
        fputs("null", out);
    KEY("message");
    if (json)
        json_string_out(out, r->message);
    else if (r->message[0])
        csv_quoted(out, r->message);
    fputs(json ? "}\n" : "\n", out);
#undef KEY
}

/* ---- identity ------------------------------------------------------------ */

int healsim_batch_identity(const healsim_batch *b, healsim_batch_format format, char id[HEALSIM_HASH_SIZE])
{
    /* everything that decides a row, as text (so the same on every machine):
    ** the version, the resolved parameters as their file, then the batch */
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return HEALSIM_ERR_NOMEM;
    fprintf(mem, "healsim %s\n", healsim_version());
    int status = healsim_params_write(&b->base, NULL, mem);
    fprintf(mem, "kind %d format %d population %zu seed %lu runs %zu outcome %s sensitivity %zu %a\n",
            (int)b->kind, (int)format, b->population, b->seed, healsim_batch_n_runs(b), b->outcome,
            b->n_sens, b->sens_step);
    for (size_t k = 0; k < b->n_vary; k++) {
        const vary *v = &b->v[k];
        fprintf(mem, "vary %s distribution %d %a %a values", v->name, (int)v->dist, v->a, v->b);
        for (size_t i = 0; i < v->n; i++)
            fprintf(mem, " %a", v->values[i]);
        fputc('\n', mem);
    }
    if (fclose(mem) != 0 || status != HEALSIM_OK) {
        free(text);
        return HEALSIM_ERR_NOMEM;
    }
    healsim_hash_text(healsim_hash_bytes(HEALSIM_HASH_INIT, text, len), id);
    free(text);
    return HEALSIM_OK;
}
