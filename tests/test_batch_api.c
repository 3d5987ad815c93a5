/*
** test_batch_api.c — the library functions that summarise results, which
** the command line calls instead of computing them itself: sensitivity
** coefficients and their ranking, population quantiles, injection days
** from the schedule alone, and a run's rows as timeseries.csv writes them.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "helpers.h"

#include "healsim/batch.h"
#include "healsim/shard.h"

/* d ln(outcome) / d ln(p) by central differences: an outcome p^2 has
** coefficient 2, p^-1 has -1, a constant 0. */
static void test_sensitivity_coefficients(void)
{
    const double h = HEALSIM_SENSITIVITY_STEP;
    const double outcomes[7] = { 1.0, exp(-2 * h), exp(2 * h), exp(h), exp(-h), 5.0, 5.0 };
    double c[3];
    int status = healsim_sensitivity_coefficients(outcomes, 3, c);
    CHECK(status == HEALSIM_OK, "status %d, expected %d", status, HEALSIM_OK);
    CHECK_CLOSE(c[0], 2.0, 1e-12, 1e-12, "coefficient of an outcome p^2");
    CHECK_CLOSE(c[1], -1.0, 1e-12, 1e-12, "coefficient of an outcome p^-1");
    CHECK_CLOSE(c[2], 0.0, 0, 1e-12, "coefficient of a constant outcome");
}

/* A failed perturbed run (NaN) or an outcome of 0 gives NaN, not a number;
** a base outcome of 0 or NaN is refused and leaves the output alone. */
static void test_sensitivity_failures(void)
{
    const double outcomes[5] = { 2.0, NAN, 2.0, 0.0, 2.0 };
    double c[2] = { 7, 7 };
    CHECK(healsim_sensitivity_coefficients(outcomes, 2, c) == HEALSIM_OK, "base 2 is accepted");
    CHECK(isnan(c[0]), "a failed run: got %g, expected NaN", c[0]);
    CHECK(isnan(c[1]), "an outcome of 0: got %g, expected NaN", c[1]);
    const double zero_base[3] = { 0.0, 1.0, 1.0 }, nan_base[3] = { NAN, 1.0, 1.0 };
    double d = 7;
    int status = healsim_sensitivity_coefficients(zero_base, 1, &d);
    CHECK(status == HEALSIM_ERR_INPUT, "base 0: status %d, expected %d", status, HEALSIM_ERR_INPUT);
    status = healsim_sensitivity_coefficients(nan_base, 1, &d);
    CHECK(status == HEALSIM_ERR_INPUT, "base NaN: status %d, expected %d", status, HEALSIM_ERR_INPUT);
    CHECK(d == 7, "a refused base leaves the coefficients alone: got %g, expected 7", d);
}

/* Ranked by |value|, largest first; ties keep parameter order; NaN last. */
static void test_sensitivity_rank(void)
{
    const double c[6] = { 0.5, -2.0, NAN, 1.0, -0.5, 2.0 };
    const size_t expected[6] = { 1, 5, 3, 0, 4, 2 };
    size_t order[6];
    healsim_sensitivity_rank(c, 6, order);
    for (size_t i = 0; i < 6; i++)
        CHECK(order[i] == expected[i], "rank %zu: got parameter %zu, expected %zu", i, order[i], expected[i]);
}

/* sensitivity.csv from a real batch: a line per parameter, the coefficient
** as %.6g. */
static void test_sensitivity_csv(void)
{
    healsim_params base = load_preset(NULL, NULL, 0);
    healsim_batch *b = NULL;
    healsim_diag d;
    int status = healsim_batch_alloc(&base, HEALSIM_BATCH_SENSITIVITY, 0, 1, &b, &d);
    CHECK(status == HEALSIM_OK, "batch: status %d (%s)", status, d.message);
    if (status)
        return;
    const size_t n = healsim_batch_n_parameters(b);
    CHECK(n >= 2, "parameters perturbed: got %zu, expected at least 2", n);
    double *outcomes = malloc((2 * n + 1) * sizeof *outcomes), *c = malloc(n * sizeof *c);
    outcomes[0] = 10;
    for (size_t j = 0; j < n; j++) {
        outcomes[2 * j + 1] = 10;
        outcomes[2 * j + 2] = 10 * exp(2 * HEALSIM_SENSITIVITY_STEP * 0.25); /* coefficient 0.25 */
    }
    healsim_sensitivity_coefficients(outcomes, n, c);
    CHECK_CLOSE(c[0], 0.25, 1e-9, 0, "coefficient of the first parameter");
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    status = healsim_sensitivity_csv(b, outcomes, c, "x", mem);
    fclose(mem);
    CHECK(status == HEALSIM_OK, "csv: status %d", status);
    CHECK(strncmp(text, "parameter,value,x_down,x_up,sensitivity\n", 40) == 0, "header: got '%.40s'", text);
    CHECK_CONTAINS(text, ",10,10.0501252,0.25\n");
    size_t lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    CHECK(lines == n + 1, "lines: got %zu, expected %zu", lines, n + 1);
    free(text);
    free(outcomes);
    free(c);
    healsim_batch_free(b);
}

/* A sweep axis made with nNlog is log-spaced; an even range and a list are not. */
static void test_axis_log_spaced(void)
{
    healsim_params base = load_preset(NULL, NULL, 0);
    healsim_batch *b = NULL;
    healsim_diag d;
    int status = healsim_batch_alloc(&base, HEALSIM_BATCH_SWEEP, 0, 1, &b, &d);
    if (!status)
        status = healsim_batch_vary(b, "tissue.turnover=0.1:1:n5log", &d);
    if (!status)
        status = healsim_batch_vary(b, "schedule.interval=1:4:1", &d);
    if (!status)
        status = healsim_batch_vary(b, "schedule.count=2,3", &d);
    CHECK(status == HEALSIM_OK, "sweep: status %d (%s)", status, d.message);
    if (!status) {
        CHECK(healsim_batch_axis_log_spaced(b, 0) == 1, "0.1:1:n5log is log-spaced");
        CHECK(healsim_batch_axis_log_spaced(b, 1) == 0, "1:4:1 is not");
        CHECK(healsim_batch_axis_log_spaced(b, 2) == 0, "two values are not");
    }
    healsim_batch_free(b);
    CHECK(healsim_batch_outcome_lower_is_better("days_sore") == 1, "fewer sore days are better");
    CHECK(healsim_batch_outcome_lower_is_better("peak_soreness") == 1, "less soreness is better");
    CHECK(healsim_batch_outcome_lower_is_better("strength_end_pct") == 0, "more strength is better");
}

static healsim_summary summary_with(double strength_pct)
{
    healsim_summary s;
    memset(&s, 0, sizeof s);
    s.n_checkpoints = 2;
    s.strength_at_checkpoint_pct[0] = strength_pct;
    s.strength_at_checkpoint_pct[1] = 100 - strength_pct;
    return s;
}

/* Quantiles of 101 patients with strengths 0, 1, ..., 100 %: the q-th
** quantile is 100 q, to the bin width (0.05 %). */
static void test_population_quantiles(void)
{
    healsim_population_stats *st = NULL;
    int status = healsim_population_stats_alloc(2, &st);
    CHECK(status == HEALSIM_OK && st, "alloc: status %d", status);
    if (!st)
        return;
    CHECK(isnan(healsim_population_stats_quantile(st, 0, 0.5)), "no patient: the median is NaN");
    for (int i = 0; i <= 100; i++) {
        healsim_summary s = summary_with(i);
        healsim_population_stats_add(st, &s);
    }
    CHECK(healsim_population_stats_count(st) == 101, "count: got %zu, expected 101",
          healsim_population_stats_count(st));
    const double qs[5] = { 0.05, 0.25, 0.5, 0.75, 0.95 };
    for (int j = 0; j < 5; j++) {
        CHECK_CLOSE(healsim_population_stats_quantile(st, 0, qs[j]), 100 * qs[j], 0, 0.05, "quantile at time 0");
        CHECK_CLOSE(healsim_population_stats_quantile(st, 1, qs[j]), 100 * qs[j], 0, 0.05, "quantile at time 1");
    }
    CHECK(isnan(healsim_population_stats_quantile(st, 2, 0.5)), "a checkpoint out of range: NaN");
    /* out of 0-100 counts in the end bins */
    healsim_summary low = summary_with(-50);
    for (int i = 0; i < 200; i++)
        healsim_population_stats_add(st, &low);
    CHECK_CLOSE(healsim_population_stats_quantile(st, 0, 0.05), 0.0, 0, 1e-12, "below 0 counts as 0");
    CHECK_CLOSE(healsim_population_stats_quantile(st, 1, 0.95), 100.0, 0, 1e-12, "above 100 counts as 100");
    healsim_population_stats_free(st);
    healsim_population_stats_free(NULL);
}

/* The injection days from the schedule are the days a run applied them:
** both forms of the schedule, days and weeks. */
static void test_injection_days(void)
{
    const char *regular[] = { "schedule.unit=weeks", "schedule.start=1", "schedule.interval=2",
                              "schedule.count=4" };
    healsim_params p = load_preset(NULL, regular, 4);
    double days[HEALSIM_MAX_INJECTIONS];
    size_t n = healsim_schedule_injection_days(&p, days);
    CHECK(n == 4, "regular: got %zu injections, expected 4", n);
    for (size_t i = 0; i < n && i < 4; i++)
        CHECK_CLOSE(days[i], 7.0 * (1 + 2 * (double)i), 0, 1e-12, "regular schedule, day");

    const char *listed[] = { "schedule.unit=days", "schedule.times=3,10,40" };
    p = load_preset(NULL, listed, 2);
    n = healsim_schedule_injection_days(&p, days);
    CHECK(n == 3, "times: got %zu injections, expected 3", n);
    const double expected[3] = { 3, 10, 40 };
    for (size_t i = 0; i < n && i < 3; i++)
        CHECK_CLOSE(days[i], expected[i], 0, 1e-12, "listed schedule, day");

    healsim_run *run = run_or_die(&p);
    const healsim_summary *s = healsim_run_summary(run);
    CHECK(s->n_injections == n, "run applied %zu, schedule says %zu", s->n_injections, n);
    for (size_t i = 0; i < n && i < s->n_injections; i++)
        CHECK_CLOSE(days[i], s->injections[i].time_days, 0, 0, "day from the schedule vs the run");
    healsim_run_free(run);
}

/* The rows as the CSV writes them are the doubles the CSV reads back as. */
static void test_rows_as_written(void)
{
    healsim_params p = load_preset(NULL, NULL, 0);
    healsim_run *run = run_or_die(&p);
    double *rows = NULL, *read = NULL;
    size_t n = 0, n_read = 0;
    int status = healsim_output_timeseries_rows(run, &rows, &n);
    CHECK(status == HEALSIM_OK && rows, "rows: status %d", status);
    CHECK(n == healsim_run_n_rows(run), "rows: got %zu, expected %zu", n, healsim_run_n_rows(run));
    char *csv = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&csv, &size);
    healsim_output_timeseries_csv(run, mem);
    fclose(mem);
    FILE *in = fmemopen(csv, size, "r");
    healsim_diag d;
    status = healsim_output_read_timeseries_stream(in, "timeseries.csv", &read, &n_read, &d);
    fclose(in);
    CHECK(status == HEALSIM_OK, "read back: status %d (%s)", status, d.message);
    CHECK(n_read == n, "rows read back: got %zu, expected %zu", n_read, n);
    size_t differ = 0, first = 0;
    for (size_t i = 0; status == HEALSIM_OK && i < n * HEALSIM_N_COLUMNS && i < n_read * HEALSIM_N_COLUMNS; i++)
        if (memcmp(&rows[i], &read[i], sizeof rows[i]) != 0 && differ++ == 0)
            first = i;
    CHECK(differ == 0, "%zu values differ from the CSV's; first: row %zu column %zu: %.17g vs %.17g", differ,
          first / HEALSIM_N_COLUMNS, first % HEALSIM_N_COLUMNS, rows[first], read ? read[first] : 0.0);
    /* rounded, but within %.9g of the run's own values */
    const double *raw = healsim_run_row(run, n / 2);
    CHECK_CLOSE(rows[(n / 2) * HEALSIM_N_COLUMNS + 1], raw[1], 1e-8, 1e-300, "a rounded value");
    free(csv);
    free(rows);
    free(read);
    healsim_run_free(run);
}

/* The identity of a batch: the same for the same batch, different when
** the seed, a varied spec or the table format differs; the hash is FNV-1a. */
static void test_batch_identity(void)
{
    char text[HEALSIM_HASH_SIZE];
    healsim_hash_text(healsim_hash_bytes(HEALSIM_HASH_INIT, "a", 1), text);
    CHECK(strcmp(text, "af63dc4c8601ec8c") == 0, "FNV-1a 64 of 'a' is %s, expected af63dc4c8601ec8c", text);

    healsim_params base = load_preset(NULL, NULL, 0);
    char ids[5][HEALSIM_HASH_SIZE];
    const unsigned long seeds[5] = { 7, 7, 8, 7, 7 };
    const char *specs[5] = { "tissue.turnover=normal:0.45:0.1", "tissue.turnover=normal:0.45:0.1",
                             "tissue.turnover=normal:0.45:0.1", "tissue.turnover=normal:0.45:0.2",
                             "tissue.turnover=normal:0.45:0.1" };
    for (int i = 0; i < 5; i++) {
        healsim_batch *b;
        healsim_diag d;
        if (healsim_batch_alloc(&base, HEALSIM_BATCH_POPULATION, 40, seeds[i], &b, &d) != HEALSIM_OK
            || healsim_batch_vary(b, specs[i], &d) != HEALSIM_OK) {
            CHECK(0, "batch %d: %s", i, d.message);
            return;
        }
        CHECK(healsim_batch_identity(b, i == 4 ? HEALSIM_BATCH_JSONL : HEALSIM_BATCH_CSV, ids[i]) == HEALSIM_OK,
              "identity %d", i);
        healsim_batch_free(b);
    }
    CHECK(strcmp(ids[0], ids[1]) == 0, "the same batch twice: %s and %s", ids[0], ids[1]);
    for (int i = 2; i < 5; i++)
        CHECK(strcmp(ids[0], ids[i]) != 0, "batch %d (seed, spec or format changed) has the base's identity %s",
              i, ids[i]);
}

/* A shard record reads back as written; a bad one is refused by name. */
static void test_shard_record(void)
{
    healsim_shard_record r = { .version = "0.2.0", .batch = "0123456789abcdef", .table = "population.csv",
                               .shard = 2, .n_shards = 3, .n_runs = 50, .first_run = 16, .end_run = 33,
                               .n_rows = 17, .table_bytes = 8152, .table_hash = "f159beb6bab35e29" };
    char path[] = "/tmp/healsim-shard-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        CHECK(0, "cannot create %s", path);
        return;
    }
    CHECK(healsim_shard_record_write(&r, f) == HEALSIM_OK, "write the record");
    fclose(f);
    healsim_shard_record back;
    healsim_diag d;
    CHECK(healsim_shard_record_read(path, &back, &d) == HEALSIM_OK, "read it back: %s", d.message);
    CHECK(strcmp(back.version, r.version) == 0 && strcmp(back.batch, r.batch) == 0
              && strcmp(back.table, r.table) == 0 && strcmp(back.table_hash, r.table_hash) == 0
              && back.shard == r.shard && back.n_shards == r.n_shards && back.n_runs == r.n_runs
              && back.first_run == r.first_run && back.end_run == r.end_run && back.n_rows == r.n_rows
              && back.table_bytes == r.table_bytes,
          "the record reads back as written (shard %zu/%zu, runs %zu-%zu of %zu, %zu rows, %llu bytes)",
          back.shard, back.n_shards, back.first_run, back.end_run, back.n_runs, back.n_rows,
          (unsigned long long)back.table_bytes);
    r.n_rows = 18; /* more rows than the slice has runs */
    f = fopen(path, "w");
    healsim_shard_record_write(&r, f);
    fclose(f);
    CHECK(healsim_shard_record_read(path, &back, &d) == HEALSIM_ERR_INPUT && strstr(d.message, "inconsistent"),
          "18 rows in a slice of 17 runs is refused: '%s'", d.message);
    remove(path);
}

int main(void)
{
    gsl_set_error_handler_off();
    test_sensitivity_coefficients();
    test_sensitivity_failures();
    test_sensitivity_rank();
    test_sensitivity_csv();
    test_axis_log_spaced();
    test_population_quantiles();
    test_injection_days();
    test_rows_as_written();
    test_batch_identity();
    test_shard_record();
    return check_report("test_batch_api");
}
