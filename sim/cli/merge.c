/*
** merge.c — healsim merge -o DIR SHARD...: join the summary files of
** sweep/population --shard I/N back into the file one run would have
** written, byte for byte: the rows sorted by run number, every run once.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "healsim/output.h"

#include "cli.h"

const char cli_merge_help[] =
    "Usage: healsim merge -o DIR SHARD...\n"
    "\n"
    "Join the outputs of healsim sweep/population --shard I/N (their folders or\n"
    "summary files) into DIR/<the same file name>: the file a single run would\n"
    "have written, byte for byte.  Refuses shards of different batches (headers\n"
    "differ), runs given twice, and missing runs.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR   where the joined file goes (required)\n"
    "  -q, --quiet        print nothing on success\n"
    "  -h, --help         show this help\n"
    "\n"
    "Documentation: " CLI_DOCS " (docs/BATCH.md).\n";

typedef struct merged_row {
    size_t run;
    char *line;
} merged_row;

static int compare_rows(const void *a, const void *b)
{
    size_t x = ((const merged_row *)a)->run, y = ((const merged_row *)b)->run;
    return (x > y) - (x < y);
}

typedef struct merged {
    char *header; /* CSV only */
    merged_row *rows;
    size_t n;
} merged;

static int write_merged(size_t index, FILE *stream, void *data, healsim_diag *diag)
{
    const merged *m = data;
    (void)index;
    (void)diag;
    if (m->header)
        fputs(m->header, stream);
    for (size_t i = 0; i < m->n; i++)
        fputs(m->rows[i].line, stream);
    return ferror(stream) ? HEALSIM_ERR_IO : HEALSIM_OK;
}

/* The summary file of a shard: the path itself, or the one summary file
** in a folder. */
static int shard_file(const char *input, char *path, size_t size)
{
    struct stat st;
    if (stat(input, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        snprintf(path, size, "%s", input);
        return 0;
    }
    static const char *const names[] = { "sweep.csv", "population.csv", "sweep.jsonl", "population.jsonl" };
    int found = 0;
    for (size_t i = 0; i < 4; i++) {
        char p[4200];
        snprintf(p, sizeof p, "%s/%s", input, names[i]);
        if (access(p, R_OK) == 0) {
            snprintf(path, size, "%s", p);
            found++;
        }
    }
    return found == 1 ? 0 : -2;
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
    size_t cap = 0;
    char name[256] = "";
    int status = 0;
    char *line = NULL;
    size_t line_cap = 0;
    for (size_t i = 0; i < o.n_positional && !status; i++) {
        char path[4200];
        int found = shard_file(o.positional[i], path, sizeof path);
        if (found) {
            if (found == -1)
                fprintf(stderr, "%s: error: cannot read the shard: %s\n", o.positional[i], strerror(errno));
            else
                fprintf(stderr, "%s: error: not one summary file of healsim sweep or population in it\n",
                        o.positional[i]);
            status = EXIT_USAGE;
            break;
        }
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        if (!name[0])
            snprintf(name, sizeof name, "%s", base);
        else if (strcmp(name, base) != 0) {
            fprintf(stderr, "%s: error: a %s among shards of %s: shards of one batch have the same file\n", path,
                    base, name);
            status = EXIT_USAGE;
            break;
        }
        const int json = strstr(name, ".jsonl") != NULL;
        FILE *f = fopen(path, "r");
        if (!f) {
            fprintf(stderr, "%s: error: cannot read the shard: %s\n", path, strerror(errno));
            status = EXIT_USAGE;
            break;
        }
        int number = 0;
        while (!status && getline(&line, &line_cap, f) >= 0) {
            number++;
            if (number == 1 && !json) {
                if (!m.header)
                    m.header = strdup(line);
                else if (strcmp(m.header, line) != 0) {
                    fprintf(stderr, "%s:1: error: the header differs from the first shard's: not the same "
                            "batch\n", path);
                    status = EXIT_USAGE;
                }
                continue;
            }
            const char *p = json ? (strncmp(line, "{\"run\":", 7) == 0 ? line + 7 : NULL) : line;
            char *end = NULL;
            unsigned long long run = p ? strtoull(p, &end, 10) : 0;
            if (!p || end == p || (*end != ',' && *end != '}')) {
                fprintf(stderr, "%s:%d: error: not a row of healsim sweep or population (no run number)\n",
                        path, number);
                status = EXIT_USAGE;
                break;
            }
            if (m.n == cap) {
                cap = cap ? 2 * cap : 1024;
                merged_row *grown = realloc(m.rows, cap * sizeof *grown);
                if (!grown) {
                    status = EXIT_USAGE;
                    break;
                }
                m.rows = grown;
            }
            m.rows[m.n].run = (size_t)run;
            m.rows[m.n].line = strdup(line);
            m.n++;
        }
        fclose(f);
    }
    free(line);
    if (!status) {
        qsort(m.rows, m.n, sizeof *m.rows, compare_rows);
        for (size_t i = 0; i < m.n && !status; i++) {
            if (m.rows[i].run == i)
                continue;
            if (i > 0 && m.rows[i].run == m.rows[i - 1].run)
                fprintf(stderr, "healsim: error: run %zu is in two shards\n", m.rows[i].run);
            else
                fprintf(stderr, "healsim: error: runs %zu to %zu are missing: is a shard missing?\n", i,
                        m.rows[i].run - 1);
            status = EXIT_USAGE;
        }
    }
    if (!status) {
        healsim_diag diag = { 0 };
        const char *names[1] = { name };
        if (healsim_output_atomic(o.output, names, 1, write_merged, &m, &diag)) {
            cli_print_diag(&diag);
            status = EXIT_USAGE;
        } else if (!o.quiet) {
            printf("merged %zu runs from %zu shards: %s/%s\n", m.n, o.n_positional, o.output, name);
        }
    }
    for (size_t i = 0; i < m.n; i++)
        free(m.rows[i].line);
    free(m.rows);
    free(m.header);
    return status;
}
