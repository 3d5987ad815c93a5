/*
** test_fuzz_regressions.c — replay fuzz inputs without libFuzzer.
**
** Linked with one fuzz harness (fuzz/fuzz_params.c or fuzz/fuzz_cli.c, see
** fuzz/harness.cmake), it feeds every file of the folders (or the files)
** named on the command line to the harness's LLVMFuzzerTestOneInput, in
** name order: the same code path, the same property checks (a broken one
** abort()s), in a normal build.  tests/fuzz-regressions/ keeps every input
** that ever crashed, leaked or hung a fuzz target, so each stays fixed;
** under the sanitizer build the replay also checks memory.  An input that
** runs longer than TIME_LIMIT seconds fails the test (SIGALRM): a fixed
** hang must stay fixed.  README files and dotfiles are skipped.
*/
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TIME_LIMIT 60

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *current = "";

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "test_fuzz_regressions: an input ran longer than the time limit: ";
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0 || write(STDERR_FILENO, current, strlen(current)) < 0
        || write(STDERR_FILENO, "\n", 1) < 0)
        _exit(3);
    _exit(3);
}

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, size = 0, got;
    uint8_t *data = malloc(cap);
    while (data && (got = fread(data + size, 1, cap - size, f)) > 0) {
        size += got;
        if (size == cap) {
            uint8_t *bigger = realloc(data, cap * 2);
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            cap *= 2;
        }
    }
    int bad = ferror(f) || !data;
    fclose(f);
    if (bad) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(data);
        return -1;
    }
    current = path;
    alarm(TIME_LIMIT);
    LLVMFuzzerTestOneInput(data, size);
    alarm(0);
    free(data);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay every file of dir in name order; returns the number replayed, or
** -1 on a read error. */
static long replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "%s: cannot open: %s\n", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || strncmp(e->d_name, "README", 6) == 0)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **bigger = realloc(names, cap * sizeof *names);
            if (!bigger)
                abort();
            names = bigger;
        }
        names[n] = strdup(e->d_name);
        if (!names[n])
            abort();
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    long count = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            if (replay_file(path))
                count = -1;
            else if (count >= 0)
                count++;
        }
        free(names[i]);
    }
    free(names);
    return count;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
        return 2;
    }
    signal(SIGALRM, on_alarm);
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
            failed = 1;
            continue;
        }
        long n = S_ISDIR(st.st_mode) ? replay_dir(argv[i]) : replay_file(argv[i]) == 0 ? 1 : -1;
        if (n < 0)
            failed = 1;
        else
            fprintf(stderr, "%s: %ld input%s replayed\n", argv[i], n, n == 1 ? "" : "s");
    }
    return failed;
}
