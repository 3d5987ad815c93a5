/*
** merge.c — healsim merge -o DIR SHARD...: join the tables of
** sweep/population --shard I/N back into the file one run would have
** written, byte for byte, after proving that the shards are one whole
** batch.
**
** Each shard's folder holds its table and its record (shard.json,
** healsim/shard.h).  A shard is refused when its record is missing or
** malformed, when its table is not the one the record describes (size or
** hash: cut off, edited, or a read error), when its rows are not exactly
** the runs of its slice in order, or when it is of another batch, given
** twice, or interrupted; the set is refused when a shard is missing.  With
** --allow-partial the shards there are joined anyway and DIR/merge.json
** records which runs are missing.  Nothing is written unless all is well.
*/
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "healsim/output.h"
#include "healsim/shard.h"

#include "cli.h"

const char cli_merge_help[] =
    "Usage: healsim merge -o DIR [--allow-partial] SHARD...\n"
    "\n"
    "Join the outputs of healsim sweep/population --shard I/N (their folders, or\n"
    "the table in each) into DIR/<the same file name>: the file a single run would\n"
    "have written, byte for byte.  Every shard proves itself with the record it\n"
    "wrote beside its table (shard.json: the batch, the slice, the table's size\n"
    "and hash); merge refuses shards of different batches, a shard given twice, a\n"
    "missing or interrupted shard, and a table cut off or changed since.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR   where the joined file goes (required)\n"
    "  --allow-partial    join the shards there even if runs are missing, and\n"
    "                     record the missing runs in DIR/merge.json\n"
    "  -q, --quiet        print nothing on success\n"
    "  -h, --help         show this help\n"
    "\n"
    "Documentation: " CLI_DOCS " (docs/BATCH.md).\n";

typedef struct shard {
    char dir[4200];            /* its folder */
    char table_path[4300];     /* its table */
    healsim_shard_record record;
    char *bytes;               /* the table, whole */
    size_t size;
    size_t body;               /* offset of the first row (after a CSV header) */
} shard;

typedef struct merged {
    shard *shards;             /* sorted by first run */
    size_t n;
    int partial;               /* write merge.json */
    size_t runs_in_batch, rows;
    const healsim_shard_record *first;
} merged;

static int by_first_run(const void *a, const void *b)
{
    size_t x = ((const shard *)a)->record.first_run, y = ((const shard *)b)->record.first_run;
    return (x > y) - (x < y);
}

/* The ranges of runs that no shard holds, written as JSON [[a, b), ...]. */
static void write_missing(const merged *m, FILE *out)
{
    size_t next = 0, n = 0;
    fputc('[', out);
    for (size_t i = 0; i <= m->n; i++) {
        const size_t from = i < m->n ? m->shards[i].record.first_run : m->runs_in_batch;
        if (from > next)
            fprintf(out, "%s[%zu, %zu]", n++ ? ", " : "", next, from);
        if (i < m->n)
            next = m->shards[i].record.first_run + m->shards[i].record.n_rows;
    }
    fputc(']', out);
}

static int write_merged(size_t index, FILE *stream, void *data, healsim_diag *diag)
{
    const merged *m = data;
    (void)diag;
    if (index == 1) { /* merge.json */
        fprintf(stream, "{\n  \"batch\": \"%s\",\n  \"table\": \"%s\",\n  \"runs_in_batch\": %zu,\n"
                        "  \"rows\": %zu,\n  \"complete\": %s,\n  \"missing_runs\": ",
                m->first->batch, m->first->table, m->runs_in_batch, m->rows,
                m->rows == m->runs_in_batch ? "true" : "false");
        write_missing(m, stream);
        fputs("\n}\n", stream);
        return ferror(stream) ? HEALSIM_ERR_IO : HEALSIM_OK;
    }
    if (m->n > 0)
        fwrite(m->shards[0].bytes, 1, m->shards[0].body, stream); /* the header */
    for (size_t i = 0; i < m->n; i++)
        fwrite(m->shards[i].bytes + m->shards[i].body, 1, m->shards[i].size - m->shards[i].body, stream);
    return ferror(stream) ? HEALSIM_ERR_IO : HEALSIM_OK;
}

/* Read a whole file; 0, or -1 with errno (ENOMEM, or a read error). */
static int read_whole(const char *path, char **out, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fclose(f);
            errno = ENOMEM;
            return -1;
        }
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap)
            break;
        char *bigger = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
        if (!bigger)
            free(buf);
        buf = bigger;
        cap *= 2;
    }
    const int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        errno = EIO;
        return -1;
    }
    *out = buf;
    *size = len;
    return 0;
}

/* Find, read and check one shard given as its folder or its table. */
static int load_shard(const char *input, shard *sh, int allow_partial)
{
    if (strlen(input) >= sizeof sh->dir - 64) {
        fprintf(stderr, "%s: error: the path is too long\n", input);
        return EXIT_USAGE;
    }
    struct stat st;
    if (stat(input, &st) != 0) {
        fprintf(stderr, "%s: error: cannot read the shard: %s\n", input, strerror(errno));
        return EXIT_USAGE;
    }
    const char *table_name = NULL;
    if (S_ISDIR(st.st_mode)) {
        snprintf(sh->dir, sizeof sh->dir, "%s", input);
    } else {
        const char *slash = strrchr(input, '/');
        if (slash)
            snprintf(sh->dir, sizeof sh->dir, "%.*s", (int)(slash - input), input);
        else
            snprintf(sh->dir, sizeof sh->dir, ".");
        table_name = slash ? slash + 1 : input;
    }
    char record_path[4300];
    snprintf(record_path, sizeof record_path, "%s/%s", sh->dir, HEALSIM_SHARD_FILE);
    if (stat(record_path, &st) != 0) {
        fprintf(stderr, "%s: error: no %s beside the table: not the folder of a healsim sweep or population "
                        "--shard I/N -o DIR (a shard written to standard output carries no record)\n",
                input, HEALSIM_SHARD_FILE);
        return EXIT_USAGE;
    }
    healsim_diag diag = { 0 };
    int status = healsim_shard_record_read(record_path, &sh->record, &diag);
    if (status) {
        if (status == HEALSIM_ERR_NOMEM)
            fprintf(stderr, "healsim: error: out of memory\n");
        else
            cli_print_diag(&diag);
        return EXIT_USAGE;
    }
    const healsim_shard_record *r = &sh->record;
    if (table_name && strcmp(table_name, r->table) != 0) {
        fprintf(stderr, "%s: error: the record beside it, %s, is of %s\n", input, record_path, r->table);
        return EXIT_USAGE;
    }
    snprintf(sh->table_path, sizeof sh->table_path, "%s/%s", sh->dir, r->table);
    if (read_whole(sh->table_path, &sh->bytes, &sh->size) != 0) {
        fprintf(stderr, "%s: error: cannot read the table: %s\n", sh->table_path, strerror(errno));
        return EXIT_USAGE;
    }
    char hash[HEALSIM_HASH_SIZE];
    healsim_hash_text(healsim_hash_bytes(HEALSIM_HASH_INIT, sh->bytes, sh->size), hash);
    if (sh->size != r->table_bytes || strcmp(hash, r->table_hash) != 0) {
        fprintf(stderr, "%s: error: not the table its record describes (%zu bytes, hash %s; the record says "
                        "%llu bytes, hash %s): cut off or changed after it was written\n",
                sh->table_path, sh->size, hash, (unsigned long long)r->table_bytes, r->table_hash);
        return EXIT_USAGE;
    }
    /* the rows: every line complete, run numbers exactly the slice's, in order */
    const int json = strstr(r->table, ".jsonl") != NULL;
    size_t pos = 0, expected = r->first_run;
    int line = 0;
    if (!json) {
        const char *nl = memchr(sh->bytes, '\n', sh->size);
        if (!nl) {
            fprintf(stderr, "%s:1: error: no complete header line\n", sh->table_path);
            return EXIT_USAGE;
        }
        pos = sh->body = (size_t)(nl - sh->bytes) + 1;
        line = 1;
    }
    while (pos < sh->size) {
        line++;
        const char *start = sh->bytes + pos;
        const char *nl = memchr(start, '\n', sh->size - pos);
        if (!nl) {
            fprintf(stderr, "%s:%d: error: the last row has no end of line: cut off\n", sh->table_path, line);
            return EXIT_USAGE;
        }
        const char *p = json ? (strncmp(start, "{\"run\":", 7) == 0 ? start + 7 : NULL) : start;
        char *end = NULL;
        unsigned long long run = p ? strtoull(p, &end, 10) : 0;
        if (!p || end == p || (*end != ',' && *end != '}')) {
            fprintf(stderr, "%s:%d: error: not a row of healsim sweep or population (no run number)\n",
                    sh->table_path, line);
            return EXIT_USAGE;
        }
        if (run != expected) {
            fprintf(stderr, "%s:%d: error: run %llu where run %zu belongs: not the rows of shard %zu of %zu\n",
                    sh->table_path, line, run, expected, r->shard, r->n_shards);
            return EXIT_USAGE;
        }
        expected++;
        pos = (size_t)(nl - sh->bytes) + 1;
    }
    if (expected - r->first_run != r->n_rows) {
        fprintf(stderr, "%s: error: %zu rows; its record says %zu\n", sh->table_path, expected - r->first_run,
                r->n_rows);
        return EXIT_USAGE;
    }
    if (r->n_rows < r->end_run - r->first_run && !allow_partial) {
        fprintf(stderr, "%s: error: shard %zu of %zu was interrupted after %zu of its %zu runs (runs %zu to %zu "
                        "are missing); run it again, or merge what there is with --allow-partial\n",
                input, r->shard, r->n_shards, r->n_rows, r->end_run - r->first_run, r->first_run + r->n_rows,
                r->end_run - 1);
        return EXIT_USAGE;
    }
    return 0;
}

int cli_merge(const cli_command *self, const cli_command *commands, int argc, char **argv)
{
    (void)commands;
    cli_options o = { 0 };
    int rc = cli_parse(self, argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (!o.output)
        return cli_usage_error(self->name, "merge needs -o DIR, where the joined file goes%s", "");
    if (o.n_positional == 0)
        return cli_usage_error(self->name, "merge needs the shards' folders or files%s", "");
    merged m = { 0 };
    m.shards = calloc(o.n_positional, sizeof *m.shards);
    if (!m.shards) {
        fprintf(stderr, "healsim: error: out of memory\n");
        return EXIT_USAGE;
    }
    int status = 0;
    for (size_t i = 0; i < o.n_positional && !status; i++) {
        shard *sh = &m.shards[m.n];
        status = load_shard(o.positional[i], sh, o.allow_partial);
        m.n++;
        if (status)
            break;
        const healsim_shard_record *r = &sh->record, *f = &m.shards[0].record;
        if (strcmp(r->batch, f->batch) != 0 || r->n_shards != f->n_shards || r->n_runs != f->n_runs
            || strcmp(r->table, f->table) != 0) {
            fprintf(stderr, "%s: error: not of the same batch as %s (batch %s, %zu shards, %zu runs, %s; there: "
                            "batch %s, %zu shards, %zu runs, %s)\n",
                    o.positional[i], o.positional[0], r->batch, r->n_shards, r->n_runs, r->table, f->batch,
                    f->n_shards, f->n_runs, f->table);
            status = EXIT_USAGE;
            break;
        }
        for (size_t k = 0; k + 1 < m.n && !status; k++)
            if (m.shards[k].record.shard == r->shard) {
                fprintf(stderr, "%s: error: shard %zu of %zu is given twice (also as %s)\n", o.positional[i],
                        r->shard, r->n_shards, o.positional[k]);
                status = EXIT_USAGE;
            }
    }
    if (!status) {
        qsort(m.shards, m.n, sizeof *m.shards, by_first_run);
        m.first = &m.shards[0].record;
        m.runs_in_batch = m.first->n_runs;
        for (size_t i = 0; i < m.n; i++)
            m.rows += m.shards[i].record.n_rows;
        /* shards of one batch with the same N cover [0, n_runs) exactly: a gap is a missing shard */
        size_t next = 0;
        for (size_t i = 0; i <= m.n && !status; i++) {
            const size_t from = i < m.n ? m.shards[i].record.first_run : m.runs_in_batch;
            if (from > next && !o.allow_partial) {
                fprintf(stderr, "healsim: error: runs %zu to %zu are missing: %zu of %zu shards given; merge "
                                "what there is with --allow-partial\n",
                        next, from - 1, m.n, m.first->n_shards);
                status = EXIT_USAGE;
            }
            if (i < m.n)
                next = m.shards[i].record.end_run;
        }
    }
    if (!status) {
        healsim_diag diag = { 0 };
        const char *names[2] = { m.first->table, "merge.json" };
        m.partial = o.allow_partial;
        if (healsim_output_atomic(o.output, names, m.partial ? 2 : 1, write_merged, &m, &diag)) {
            cli_print_diag(&diag);
            status = EXIT_USAGE;
        } else if (!o.quiet) {
            printf("merged %zu of %zu runs from %zu of %zu shards: %s/%s%s\n", m.rows, m.runs_in_batch, m.n,
                   m.first->n_shards, o.output, m.first->table,
                   m.rows < m.runs_in_batch ? " (incomplete: see merge.json)" : "");
        }
    }
    for (size_t i = 0; i < m.n; i++)
        free(m.shards[i].bytes);
    free(m.shards);
    return status;
}
