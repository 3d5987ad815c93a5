/*
** fuzz_util.c — the fuzz targets' scratch folder (see fuzz_util.h).
*/
#define _XOPEN_SOURCE 700 /* nftw */
#include "fuzz_util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef HEALSIM_PARAMS_DIR
#error "HEALSIM_PARAMS_DIR must name the source tree's params/ folder"
#endif

static char scratch[PATH_MAX];

static void die(const char *what, const char *path)
{
    fprintf(stderr, "fuzz: %s '%s': %s\n", what, path, strerror(errno));
    abort();
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void remove_scratch(void)
{
    if (scratch[0])
        remove_tree(scratch);
}

void fuzz_write_file(const char *path, const void *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        die("cannot write", path);
    const char *p = data;
    while (size > 0) {
        ssize_t n = write(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            die("cannot write", path);
        p += n;
        size -= (size_t)n;
    }
    close(fd);
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        die("cannot read", from);
    char *buf = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&buf, &size);
    if (!mem)
        die("out of memory copying", from);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
        fwrite(chunk, 1, n, mem);
    fclose(in);
    fclose(mem);
    fuzz_write_file(to, buf, size);
    free(buf);
}

static int has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n > k && strcmp(name + n - k, suffix) == 0;
}

const char *fuzz_scratch(void)
{
    if (scratch[0])
        return scratch;
    const char *tmp = getenv("TMPDIR");
    char templ[PATH_MAX];
    snprintf(templ, sizeof templ, "%s/healsim-fuzz-XXXXXX", tmp && tmp[0] == '/' ? tmp : "/tmp");
    if (!mkdtemp(templ))
        die("cannot create", templ);
    if (!realpath(templ, scratch))
        die("cannot resolve", templ);
    atexit(remove_scratch);
    DIR *d = opendir(HEALSIM_PARAMS_DIR);
    if (!d)
        die("cannot list", HEALSIM_PARAMS_DIR);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!has_suffix(e->d_name, ".ini") && !has_suffix(e->d_name, ".txt"))
            continue;
        char from[PATH_MAX], to[PATH_MAX];
        snprintf(from, sizeof from, "%s/%s", HEALSIM_PARAMS_DIR, e->d_name);
        snprintf(to, sizeof to, "%s/%s", scratch, e->d_name);
        copy_file(from, to);
    }
    closedir(d);
    return scratch;
}

/* The paths of the scratch folder's snapshot, relative to it, and a walk
** that records or compares against them (nftw has no user pointer). */
static char **snapshot;
static size_t n_snapshot, cap_snapshot;
static int walk_records;

static int in_snapshot(const char *rel)
{
    for (size_t i = 0; i < n_snapshot; i++)
        if (strcmp(snapshot[i], rel) == 0)
            return 1;
    return 0;
}

static int walk_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    if (ftw->level == 0)
        return 0; /* the scratch folder itself */
    const char *rel = path + strlen(scratch) + 1;
    if (walk_records) {
        if (n_snapshot == cap_snapshot) {
            cap_snapshot = cap_snapshot ? 2 * cap_snapshot : 64;
            snapshot = realloc(snapshot, cap_snapshot * sizeof *snapshot);
            if (!snapshot)
                abort();
        }
        snapshot[n_snapshot] = strdup(rel);
        if (!snapshot[n_snapshot])
            abort();
        n_snapshot++;
    } else if (!in_snapshot(rel)) {
        remove(path); /* depth first: a new folder is empty by the time it comes */
    }
    return 0;
}

void fuzz_snapshot_scratch(void)
{
    walk_records = 1;
    nftw(scratch, walk_entry, 16, FTW_DEPTH | FTW_PHYS);
    walk_records = 0;
}

void fuzz_clean_scratch(void)
{
    nftw(scratch, walk_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int fuzz_path_escapes(const char *text, size_t len)
{
    if (len > 0 && text[0] == '/')
        return 1;
    for (size_t i = 0; i + 1 < len; i++)
        if (text[i] == '.' && text[i + 1] == '.')
            return 1;
    return 0;
}

void fuzz_absolute_artifacts(int *argc, char ***argv)
{
    static const char *const flags[] = { "-artifact_prefix=", "-exact_artifact_path=" };
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return;
    int n = *argc, found = 0;
    char **out = calloc((size_t)n + 2, sizeof *out); /* kept for the process's life */
    if (!out)
        return;
    for (int i = 0; i < n; i++) {
        out[i] = (*argv)[i];
        for (size_t f = 0; f < 2; f++) {
            size_t k = strlen(flags[f]);
            if (strncmp(out[i], flags[f], k) != 0)
                continue;
            found = 1;
            const char *value = out[i] + k;
            if (value[0] == '/')
                continue;
            size_t size = k + strlen(cwd) + 1 + strlen(value) + 1;
            char *abs = malloc(size);
            if (abs) {
                snprintf(abs, size, "%s%s/%s", flags[f], cwd, value);
                out[i] = abs;
            }
        }
    }
    if (!found) {
        size_t size = strlen(flags[0]) + strlen(cwd) + 2;
        char *abs = malloc(size);
        if (abs) {
            snprintf(abs, size, "%s%s/", flags[0], cwd);
            out[n++] = abs;
        }
    }
    out[n] = NULL;
    *argc = n;
    *argv = out;
}
