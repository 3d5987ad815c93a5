/*
** fuzz_batch.c — libFuzzer target for what a batch reads besides parameter
** files: --vary specs (sweep lists and ranges, population distributions)
** and shard records (shard.json, which healsim merge trusts only after
** checking).
**
** Input: a first byte choosing the kind (even: sweep, odd: population),
** then up to MAX_VARY --vary specs ("section.key=SPEC"), each ended by a
** NUL byte, then after a second NUL (an empty spec) the text of a shard
** record.  For example
**     "\0schedule.interval=3,1,2\0\0{\"healsim_shard\": 1, ...}"
**
** Properties checked (abort() on failure, so a broken property is a crash
** the fuzzer keeps):
**   - a refused spec returns HEALSIM_ERR_INPUT (or _NOMEM) with a message;
**   - every run of an accepted batch has parameters that pass
**     healsim_params_check, and its varied values inside their ranges;
**   - the batch's identity is the same computed twice, and changes with
**     the seed of a population;
**   - a shard record that reads back satisfies its own invariants (slice
**     inside the batch, rows no more than the slice, 1 <= I <= N), and
**     what healsim_shard_record_write writes of it reads back the same.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healsim/batch.h"
#include "healsim/shard.h"

#include "fuzz_util.h"

#define MAX_VARY 3
#define MAX_CHECKED_RUNS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char record_path[4096], copy_path[4096];
static healsim_params base;

static void setup(void)
{
    if (record_path[0])
        return;
    snprintf(record_path, sizeof record_path, "%s/shard.json", fuzz_scratch());
    snprintf(copy_path, sizeof copy_path, "%s/shard-copy.json", fuzz_scratch());
    healsim_diag d;
    if (healsim_params_load(NULL, NULL, 0, &base, NULL, &d) != HEALSIM_OK)
        abort();
}

static void check_batch(healsim_batch_kind kind, char specs[MAX_VARY][512], size_t n_specs)
{
    healsim_batch *b = NULL;
    healsim_diag d = { 0 };
    int status = healsim_batch_alloc(&base, kind, 50, 7, &b, &d);
    for (size_t i = 0; i < n_specs && status == HEALSIM_OK; i++) {
        memset(&d, 0, sizeof d);
        status = healsim_batch_vary(b, specs[i], &d);
        if (status != HEALSIM_OK && (status != HEALSIM_ERR_INPUT && status != HEALSIM_ERR_NOMEM))
            abort(); /* a spec is refused as input, never otherwise */
        if (status == HEALSIM_ERR_INPUT && !d.message[0])
            abort(); /* and with a reason */
    }
    if (status == HEALSIM_OK) {
        const size_t n = healsim_batch_n_runs(b);
        for (size_t i = 0; i < n && i < MAX_CHECKED_RUNS; i++) {
            healsim_params p;
            healsim_diag pd;
            const size_t run = i < MAX_CHECKED_RUNS / 2 ? i : n - 1 - (i - MAX_CHECKED_RUNS / 2);
            int s = healsim_batch_params(b, run, &p, &pd);
            if (s == HEALSIM_OK && healsim_params_check(&p, &pd) != HEALSIM_OK)
                abort(); /* a run's parameters must simulate */
        }
        char id1[HEALSIM_HASH_SIZE], id2[HEALSIM_HASH_SIZE];
        if (healsim_batch_identity(b, HEALSIM_BATCH_CSV, id1) != HEALSIM_OK
            || healsim_batch_identity(b, HEALSIM_BATCH_CSV, id2) != HEALSIM_OK || strcmp(id1, id2) != 0)
            abort(); /* the identity is a function of the batch */
        if (kind == HEALSIM_BATCH_POPULATION) {
            healsim_batch *other = NULL;
            int ok = healsim_batch_alloc(&base, kind, 50, 8, &other, &d) == HEALSIM_OK;
            for (size_t i = 0; ok && i < n_specs; i++)
                ok = healsim_batch_vary(other, specs[i], &d) == HEALSIM_OK;
            char id3[HEALSIM_HASH_SIZE];
            if (ok && healsim_batch_identity(other, HEALSIM_BATCH_CSV, id3) == HEALSIM_OK && strcmp(id1, id3) == 0)
                abort(); /* another seed is another batch */
            healsim_batch_free(other);
        }
    }
    healsim_batch_free(b);
}

static void check_record(const uint8_t *text, size_t size)
{
    fuzz_write_file(record_path, text, size);
    healsim_shard_record r;
    healsim_diag d = { 0 };
    int status = healsim_shard_record_read(record_path, &r, &d);
    if (status == HEALSIM_ERR_INPUT && !d.message[0])
        abort();
    if (status != HEALSIM_OK)
        return;
    if (r.shard < 1 || r.shard > r.n_shards || r.first_run > r.end_run || r.end_run > r.n_runs
        || r.n_rows > r.end_run - r.first_run || strchr(r.table, '/'))
        abort(); /* a record that reads is consistent */
    FILE *f = fopen(copy_path, "w");
    if (!f)
        abort();
    if (healsim_shard_record_write(&r, f) != HEALSIM_OK)
        abort();
    fclose(f);
    healsim_shard_record back;
    if (healsim_shard_record_read(copy_path, &back, &d) != HEALSIM_OK || back.shard != r.shard
        || back.n_shards != r.n_shards || back.first_run != r.first_run || back.end_run != r.end_run
        || back.n_rows != r.n_rows || back.table_bytes != r.table_bytes || strcmp(back.batch, r.batch) != 0
        || strcmp(back.table, r.table) != 0 || strcmp(back.table_hash, r.table_hash) != 0
        || strcmp(back.version, r.version) != 0)
        abort(); /* what is written reads back the same */
}

/* Would spec ("k=start:stop:step" or "k=start:stop:nN...") make more than
** MAX_VALUES values?  The library allows a million, each checked as a whole
** parameter set: seconds under the sanitizers, which the fuzzer would call
** a hang.  Such specs are skipped (docs/FUZZING.md, Limits). */
#define MAX_VALUES 10000
static int too_many_values(const char *spec)
{
    const char *eq = strchr(spec, '=');
    if (!eq)
        return 0;
    char *end;
    const double start = strtod(eq + 1, &end);
    if (*end != ':')
        return 0;
    const double stop = strtod(end + 1, &end);
    if (*end != ':')
        return 0;
    const char *third = end + 1;
    if (*third == 'n')
        return strtod(third + 1, NULL) > MAX_VALUES;
    const double step = strtod(third, NULL);
    return step > 0 && (stop - start) / step > MAX_VALUES;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    if (size == 0)
        return 0;
    const healsim_batch_kind kind = data[0] % 2 ? HEALSIM_BATCH_POPULATION : HEALSIM_BATCH_SWEEP;
    size_t pos = 1, n_specs = 0;
    char specs[MAX_VARY][512];
    while (pos < size && n_specs < MAX_VARY) {
        const uint8_t *nul = memchr(data + pos, '\0', size - pos);
        const size_t len = nul ? (size_t)(nul - (data + pos)) : size - pos;
        if (len == 0) {
            pos++;
            break; /* an empty spec ends the specs */
        }
        if (len >= sizeof specs[0])
            return 0;
        memcpy(specs[n_specs], data + pos, len);
        specs[n_specs][len] = '\0';
        if (too_many_values(specs[n_specs]))
            return 0;
        n_specs++;
        pos += len + (nul != NULL);
    }
    if (n_specs > 0)
        check_batch(kind, specs, n_specs);
    if (pos < size)
        check_record(data + pos, size - pos);
    return 0;
}
