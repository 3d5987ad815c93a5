/*
** output_folder.c — an output folder written as one transaction (see
** healsim/output.h).
**
** A command's whole output is written into a staging folder beside the
** target, ".NAME.staging-PID", and then swapped with the target in one
** step: renameat2(RENAME_EXCHANGE) when the target exists, rename() when it
** does not.  A reader of the target sees the old set or the new set, never
** a mix, whatever fails or is killed when.  Two commands writing the same
** folder at once each swap in a complete set: the last one wins, whole.
** The old set, swapped out into the staging name, is then removed.
**
** Where the file system cannot exchange (renameat2 fails with EINVAL or
** ENOSYS), the fallback renames the target aside (".NAME.old-PID"), renames
** the staging folder into place and removes the old one: the target is then
** briefly absent, never mixed.
**
** A process killed outright leaves its staging folder; the next
** transaction beside it removes those of processes that no longer run.
**
** Replacing a folder removes what it held, so the target must hold only
** what healsim writes (the files of a run, of a comparison, of a batch, and
** its runs/ folder); a folder holding anything else is refused, naming the
** entry.  The current folder and its parents are refused too.
*/
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE */
#include "healsim/output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct healsim_output_txn {
    char target[PATH_MAX];   /* the folder, as an absolute path */
    char staging[PATH_MAX];  /* ".NAME.staging-PID" beside it */
    char parent[PATH_MAX];
    char base[NAME_MAX + 1];
};

/* ---- helpers -------------------------------------------------------------- */

static int fail(healsim_diag *diag, const char *where, const char *fmt, const char *arg)
{
    healsim_diag_set(diag, where, 0, 0, fmt, arg);
    return HEALSIM_ERR_IO;
}

static int make_dirs(const char *dir, healsim_diag *diag)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return fail(diag, dir, "cannot create output folder: %s", strerror(ENAMETOOLONG));
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return fail(diag, path, "cannot create output folder: %s", strerror(errno));
        *p = '/';
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return fail(diag, path, "cannot create output folder: %s", strerror(errno));
    return HEALSIM_OK;
}

/* Remove a folder healsim wrote: its files, and the files of its
** subfolders (runs/); nothing deeper exists in one. */
static void remove_tree(const char *path, int depth)
{
    DIR *d = opendir(path);
    if (!d) {
        unlink(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && depth > 0) {
            char sub[PATH_MAX];
            if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < (int)sizeof sub)
                remove_tree(sub, depth - 1);
        } else if (!S_ISDIR(st.st_mode)) {
            unlinkat(dirfd(d), e->d_name, 0);
        }
    }
    closedir(d);
    rmdir(path);
}

/* The process id of a name ".BASE.TAG-PID" (TAG: staging, old, tmp), or 0. */
static long tagged_pid(const char *name, const char *tag)
{
    const char *at = NULL;
    for (const char *p = strstr(name, tag); p; p = strstr(p + 1, tag))
        at = p;
    if (name[0] != '.' || !at || at == name)
        return 0;
    const char *digits = at + strlen(tag);
    size_t n = strspn(digits, "0123456789");
    if (n == 0 || n > 9 || digits[n] != '\0')
        return 0;
    return strtol(digits, NULL, 10);
}

static int process_gone(long pid)
{
    return pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Is name something healsim writes into an output folder? */
static int ours(const char *name, int is_dir)
{
    if (is_dir)
        return strcmp(name, "runs") == 0;
    static const char *const exact[] = { "timeseries.csv", "phases.csv", "summary.json", "params.resolved.ini",
                                         "compare.csv", "sweep.csv", "sweep.jsonl", "population.csv",
                                         "population.jsonl", "sensitivity.csv", "shard.json", "merge.json",
                                         "handout.pdf" };
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (strcmp(name, exact[i]) == 0)
            return 1;
    const char *dot = strrchr(name, '.');
    if (dot && (strcmp(dot, ".png") == 0 || strcmp(dot, ".svg") == 0 || strcmp(dot, ".pdf") == 0))
        return 1;
    return tagged_pid(name, ".tmp-") > 0; /* a temporary of an earlier healsim */
}

/* 0 if the existing folder holds only what healsim writes. */
static int check_replaceable(const healsim_output_txn *t, healsim_diag *diag)
{
    DIR *d = opendir(t->target);
    if (!d)
        return fail(diag, t->target, "cannot read the output folder: %s", strerror(errno));
    struct dirent *e;
    int status = HEALSIM_OK;
    while (status == HEALSIM_OK && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (!(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) || !ours(e->d_name, S_ISDIR(st.st_mode))) {
            healsim_diag_set(diag, t->target, 0, 0,
                             "the output folder holds '%s', which healsim did not write; an output folder "
                             "is replaced whole, so choose a new or empty folder (or one healsim wrote)",
                             e->d_name);
            status = HEALSIM_ERR_IO;
        }
    }
    closedir(d);
    return status;
}

/* Remove the staging and set-aside folders of dead processes beside t. */
static void remove_stale(const healsim_output_txn *t)
{
    DIR *d = opendir(t->parent);
    if (!d)
        return;
    const size_t base_len = strlen(t->base);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.' || strncmp(e->d_name + 1, t->base, base_len) != 0)
            continue;
        const char *rest = e->d_name + 1 + base_len;
        const long pid = strncmp(rest, ".staging-", 9) == 0 ? tagged_pid(e->d_name, ".staging-")
                         : strncmp(rest, ".old-", 5) == 0   ? tagged_pid(e->d_name, ".old-")
                                                            : 0;
        if (process_gone(pid)) {
            char path[PATH_MAX];
            if (snprintf(path, sizeof path, "%s/%s", t->parent, e->d_name) < (int)sizeof path)
                remove_tree(path, 1);
        }
    }
    closedir(d);
}

static void sync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* ---- the transaction ------------------------------------------------------ */

int healsim_output_begin(const char *dir, healsim_output_txn **out, healsim_diag *diag)
{
    *out = NULL;
    if (!dir || !*dir)
        return fail(diag, "", "no output folder named%s", "");
    healsim_output_txn *t = calloc(1, sizeof *t);
    if (!t)
        return HEALSIM_ERR_NOMEM;
    /* the parent made and resolved; the target named inside it */
    char copy[PATH_MAX];
    size_t len = strlen(dir);
    if (len >= sizeof copy) {
        free(t);
        return fail(diag, dir, "cannot create output folder: %s", strerror(ENAMETOOLONG));
    }
    memcpy(copy, dir, len + 1);
    while (len > 1 && copy[len - 1] == '/')
        copy[--len] = '\0';
    char *slash = strrchr(copy, '/');
    const char *base = slash ? slash + 1 : copy;
    char parent[PATH_MAX];
    if (slash == copy)
        snprintf(parent, sizeof parent, "/");
    else if (slash)
        snprintf(parent, sizeof parent, "%.*s", (int)(slash - copy), copy);
    else
        snprintf(parent, sizeof parent, ".");
    int status = HEALSIM_OK;
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || !*base)
        status = fail(diag, dir, "the output folder cannot be '%s': it is replaced whole; name a folder of its own",
                      base);
    struct stat pst;
    if (!status && make_dirs(parent, diag) != HEALSIM_OK) {
        snprintf(diag->file, sizeof diag->file, "%s", dir); /* the folder asked for, not its part */
        status = HEALSIM_ERR_IO;
    } else if (!status && (stat(parent, &pst) != 0 || !S_ISDIR(pst.st_mode))) {
        status = fail(diag, dir, "cannot create output folder: %s", strerror(ENOTDIR));
    }
    if (!status && !realpath(parent, t->parent))
        status = fail(diag, parent, "cannot find the output folder's parent: %s", strerror(errno));
    if (!status) {
        snprintf(t->base, sizeof t->base, "%s", base);
        if (snprintf(t->target, sizeof t->target, "%s/%s", strcmp(t->parent, "/") == 0 ? "" : t->parent, base)
                >= (int)sizeof t->target
            || snprintf(t->staging, sizeof t->staging, "%s/.%s.staging-%ld",
                        strcmp(t->parent, "/") == 0 ? "" : t->parent, base, (long)getpid())
                   >= (int)sizeof t->staging)
            status = fail(diag, dir, "cannot create output folder: %s", strerror(ENAMETOOLONG));
    }
    struct stat st;
    if (!status && lstat(t->target, &st) == 0) {
        if (S_ISLNK(st.st_mode)) {
            /* a link to a folder: the folder it names is the target */
            char resolved[PATH_MAX];
            if (!realpath(t->target, resolved) || stat(resolved, &st) != 0 || !S_ISDIR(st.st_mode)) {
                status = fail(diag, dir, "output path is not a folder: %s", strerror(ENOTDIR));
            } else {
                free(t);
                return healsim_output_begin(resolved, out, diag);
            }
        } else if (!S_ISDIR(st.st_mode)) {
            status = fail(diag, dir, "output path is not a folder: %s", strerror(ENOTDIR));
        } else {
            char cwd[PATH_MAX];
            const size_t n = strlen(t->target);
            if (getcwd(cwd, sizeof cwd) && strncmp(cwd, t->target, n) == 0 && (cwd[n] == '/' || cwd[n] == '\0'))
                status = fail(diag, dir, "the output folder cannot be the current folder or hold it ('%s'): it "
                                         "is replaced whole; name a folder of its own",
                              t->target);
            if (!status)
                status = check_replaceable(t, diag);
        }
    }
    if (!status) {
        remove_stale(t);
        remove_tree(t->staging, 1); /* a reused pid's leftovers */
        if (mkdir(t->staging, 0777) != 0)
            status = fail(diag, t->parent, "cannot write in the output folder's parent: %s", strerror(errno));
    }
    if (status) {
        free(t);
        return status;
    }
    *out = t;
    return HEALSIM_OK;
}

const char *healsim_output_staging(const healsim_output_txn *t)
{
    return t->staging;
}

int healsim_output_put(healsim_output_txn *t, const char *name, healsim_output_writer write, size_t index,
                       void *data, healsim_diag *diag)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", t->staging, name) >= (int)sizeof path)
        return fail(diag, t->target, "cannot write: %s", strerror(ENAMETOOLONG));
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return fail(diag, t->target, "cannot write in output folder: %s", strerror(errno));
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return HEALSIM_ERR_NOMEM;
    }
    int status = write(index, f, data, diag);
    if (status == HEALSIM_OK && (fflush(f) != 0 || fsync(fileno(f)) != 0))
        status = HEALSIM_ERR_IO;
    if (fclose(f) != 0 && status == HEALSIM_OK)
        status = HEALSIM_ERR_IO;
    if (status != HEALSIM_OK && diag->message[0] == '\0') {
        char final[PATH_MAX + NAME_MAX + 2];
        snprintf(final, sizeof final, "%s/%s", t->target, name);
        fail(diag, final, "cannot write: %s", strerror(errno));
    }
    return status;
}

int healsim_output_carry(healsim_output_txn *t, const char *name, healsim_diag *diag)
{
    char from[PATH_MAX], to[PATH_MAX];
    if (snprintf(from, sizeof from, "%s/%s", t->target, name) >= (int)sizeof from
        || snprintf(to, sizeof to, "%s/%s", t->staging, name) >= (int)sizeof to)
        return fail(diag, t->target, "cannot write: %s", strerror(ENAMETOOLONG));
    if (link(from, to) == 0)
        return HEALSIM_OK;
    if (errno == ENOENT)
        return fail(diag, from, "cannot read: %s", strerror(errno));
    /* no hard links here (another file system, or not allowed): copy */
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    int status = in && out ? HEALSIM_OK : HEALSIM_ERR_IO;
    char buf[1 << 16];
    size_t got;
    while (!status && (got = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, got, out) != got)
            status = HEALSIM_ERR_IO;
    if (in && ferror(in))
        status = HEALSIM_ERR_IO;
    if (out && (fflush(out) != 0 || fsync(fileno(out)) != 0))
        status = HEALSIM_ERR_IO;
    if (out && fclose(out) != 0)
        status = HEALSIM_ERR_IO;
    if (in)
        fclose(in);
    return status ? fail(diag, from, "cannot carry over into the new output: %s", strerror(errno)) : HEALSIM_OK;
}

int healsim_output_commit(healsim_output_txn *t, healsim_diag *diag)
{
    int status = HEALSIM_OK;
    sync_dir(t->staging);
    if (rename(t->staging, t->target) != 0) {
        /* the target exists (or appeared meanwhile): exchange the two */
        if (renameat2(AT_FDCWD, t->staging, AT_FDCWD, t->target, RENAME_EXCHANGE) != 0) {
            if (errno != EINVAL && errno != ENOSYS) {
                status = fail(diag, t->target, "cannot put the new output in place: %s", strerror(errno));
            } else {
                char aside[PATH_MAX];
                snprintf(aside, sizeof aside, "%s/.%s.old-%ld", strcmp(t->parent, "/") == 0 ? "" : t->parent,
                         t->base, (long)getpid());
                remove_tree(aside, 1);
                if (rename(t->target, aside) != 0 || rename(t->staging, t->target) != 0)
                    status = fail(diag, t->target, "cannot put the new output in place: %s", strerror(errno));
                else
                    remove_tree(aside, 1);
            }
        }
    }
    /* after an exchange the staging name holds the old set; else it is gone */
    remove_tree(t->staging, 1);
    sync_dir(t->parent);
    free(t);
    return status;
}

void healsim_output_abort(healsim_output_txn *t)
{
    if (!t)
        return;
    remove_tree(t->staging, 1);
    free(t);
}

int healsim_output_atomic(const char *dir, const char *const *names, size_t n, healsim_output_writer write,
                          void *data, healsim_diag *diag)
{
    healsim_output_txn *t;
    int status = healsim_output_begin(dir, &t, diag);
    for (size_t i = 0; i < n && status == HEALSIM_OK; i++)
        status = healsim_output_put(t, names[i], write, i, data, diag);
    if (status == HEALSIM_OK)
        return healsim_output_commit(t, diag);
    healsim_output_abort(t);
    return status;
}

void healsim_output_remove_stale(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!process_gone(tagged_pid(e->d_name, ".tmp-")))
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}
