/*
** shard.c — the record a shard keeps of itself (see healsim/shard.h), and
** the hash its identity and its table's check are built on.
*/
#include "healsim/shard.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <jansson.h>

#include "healsim/output.h"

uint64_t healsim_hash_bytes(uint64_t hash, const void *bytes, size_t n)
{
    const unsigned char *b = bytes;
    for (size_t i = 0; i < n; i++) {
        hash ^= b[i];
        hash *= UINT64_C(0x100000001b3);
    }
    return hash;
}

void healsim_hash_text(uint64_t hash, char text[HEALSIM_HASH_SIZE])
{
    snprintf(text, HEALSIM_HASH_SIZE, "%016" PRIx64, hash);
}

int healsim_shard_record_write(const healsim_shard_record *r, FILE *out)
{
    json_t *root = json_object();
    if (!root)
        return HEALSIM_ERR_NOMEM;
    int bad = 0;
    bad |= json_object_set_new(root, "healsim_shard", json_integer(1));
    bad |= json_object_set_new(root, "healsim_version", json_string(r->version));
    bad |= json_object_set_new(root, "batch", json_string(r->batch));
    bad |= json_object_set_new(root, "table", json_string(r->table));
    bad |= json_object_set_new(root, "shard", json_integer((json_int_t)r->shard));
    bad |= json_object_set_new(root, "shards", json_integer((json_int_t)r->n_shards));
    bad |= json_object_set_new(root, "runs_in_batch", json_integer((json_int_t)r->n_runs));
    bad |= json_object_set_new(root, "first_run", json_integer((json_int_t)r->first_run));
    bad |= json_object_set_new(root, "end_run", json_integer((json_int_t)r->end_run));
    bad |= json_object_set_new(root, "rows", json_integer((json_int_t)r->n_rows));
    bad |= json_object_set_new(root, "table_bytes", json_integer((json_int_t)r->table_bytes));
    bad |= json_object_set_new(root, "table_hash", json_string(r->table_hash));
    if (bad) {
        json_decref(root);
        return HEALSIM_ERR_NOMEM;
    }
    int status = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 && fputc('\n', out) != EOF
                     ? HEALSIM_OK
                     : HEALSIM_ERR_IO;
    json_decref(root);
    return ferror(out) ? HEALSIM_ERR_IO : status;
}

/* A non-negative whole number field of root into *out; 0, or -1 with diag. */
static int get_count(json_t *root, const char *key, size_t *out, const char *path, healsim_diag *diag)
{
    json_t *v = json_object_get(root, key);
    if (!json_is_integer(v) || json_integer_value(v) < 0) {
        healsim_diag_set(diag, path, 0, 0, "'%s' is missing or not a whole number >= 0: not a shard record of "
                         "healsim", key);
        return -1;
    }
    *out = (size_t)json_integer_value(v);
    return 0;
}

static int get_text(json_t *root, const char *key, char *out, size_t size, const char *path, healsim_diag *diag)
{
    const char *s = json_string_value(json_object_get(root, key));
    if (!s || strlen(s) >= size || !*s) {
        healsim_diag_set(diag, path, 0, 0, "'%s' is missing or not a short text: not a shard record of healsim",
                         key);
        return -1;
    }
    snprintf(out, size, "%s", s);
    return 0;
}

int healsim_shard_record_read(const char *path, healsim_shard_record *r, healsim_diag *diag)
{
    memset(r, 0, sizeof *r);
    json_error_t err;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        if (errno == ENOMEM)
            return HEALSIM_ERR_NOMEM;
        healsim_diag_set(diag, path, err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0,
                         "not a shard record: %s", err.text);
        return HEALSIM_ERR_INPUT;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        healsim_diag_set(diag, path, 0, 0, "not a shard record of healsim (not a JSON object)");
        return HEALSIM_ERR_INPUT;
    }
    size_t format = 0, bytes = 0;
    int bad = get_count(root, "healsim_shard", &format, path, diag)
              || get_text(root, "healsim_version", r->version, sizeof r->version, path, diag)
              || get_text(root, "batch", r->batch, sizeof r->batch, path, diag)
              || get_text(root, "table", r->table, sizeof r->table, path, diag)
              || get_count(root, "shard", &r->shard, path, diag)
              || get_count(root, "shards", &r->n_shards, path, diag)
              || get_count(root, "runs_in_batch", &r->n_runs, path, diag)
              || get_count(root, "first_run", &r->first_run, path, diag)
              || get_count(root, "end_run", &r->end_run, path, diag)
              || get_count(root, "rows", &r->n_rows, path, diag)
              || get_count(root, "table_bytes", &bytes, path, diag)
              || get_text(root, "table_hash", r->table_hash, sizeof r->table_hash, path, diag);
    json_decref(root);
    if (bad)
        return HEALSIM_ERR_INPUT;
    r->table_bytes = bytes;
    if (format != 1) {
        healsim_diag_set(diag, path, 0, 0, "shard record format %zu; this healsim reads format 1", format);
        return HEALSIM_ERR_INPUT;
    }
    if (r->n_shards == 0 || r->shard == 0 || r->shard > r->n_shards || r->first_run > r->end_run
        || r->end_run > r->n_runs || r->n_rows > r->end_run - r->first_run || strchr(r->table, '/')) {
        healsim_diag_set(diag, path, 0, 0,
                         "inconsistent shard record (shard %zu of %zu, runs %zu to %zu of %zu, %zu rows)", r->shard,
                         r->n_shards, r->first_run, r->end_run, r->n_runs, r->n_rows);
        return HEALSIM_ERR_INPUT;
    }
    return HEALSIM_OK;
}
