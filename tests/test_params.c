/*
** test_params.c — the parameter loader through its public API.
**
** Error cases: for each, a small INI file is written into a temporary folder
** and loaded with healsim_params_load; the test checks the status, the file
** and exact line the diagnostic names, and a distinctive part of its message.
** Positive cases: every shipped preset loads, layering keeps what a layer
** does not set, `times` replaces the regular schedule, --set wins over the
** file, healsim_params_write round-trips bit for bit, and the built-in
** default text is params/default.ini byte for byte.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "healsim/compare.h"
#include "healsim/params.h"
#include "healsim/presets.h"

static char tmpdir[256];

/* Write `text` to tmpdir/name and return the path (in one of 8 rotating
** static buffers; callers that keep it longer copy it). */
static const char *write_file(const char *name, const char *text)
{
    static char path[8][512];
    static int slot;
    char *p = path[slot++ % 8];
    snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "wb");
    if (!f) {
        fprintf(stderr, "cannot create %s\n", p);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
    return p;
}

static char *read_whole(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 >= cap) {
            cap *= 2;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
        }
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    if (len_out)
        *len_out = len;
    return buf;
}

/* Load and expect HEALSIM_ERR_INPUT naming exp_file:exp_line with exp_msg in
** the message.  `what` labels the case in failure output. */
static void expect_error_n(const char *what, const char *path, const char *const *sets, size_t n_sets,
                           const char *exp_file, int exp_line, const char *exp_msg)
{
    healsim_params p;
    healsim_diag d;
    int status = healsim_params_load(path, sets, n_sets, &p, NULL, &d);
    CHECK(status == HEALSIM_ERR_INPUT, "[%s] status %d, expected %d (HEALSIM_ERR_INPUT); message '%s'",
          what, status, HEALSIM_ERR_INPUT, d.message);
    CHECK(strcmp(d.file, exp_file) == 0, "[%s] diag.file '%s', expected '%s'", what, d.file, exp_file);
    CHECK(d.line == exp_line, "[%s] diag.line %d, expected %d (message '%s')", what, d.line, exp_line,
          d.message);
    CHECK(strstr(d.message, exp_msg) != NULL, "[%s] message '%s' does not contain '%s'", what,
          d.message, exp_msg);
    if (exp_line > 0)
        CHECK(d.column > 0, "[%s] diag.column %d, expected a column for a line diagnostic", what,
              d.column);
}

/* A case in one file: write it, load it, expect the error in that file. */
static void expect_file_error(const char *what, const char *name, const char *text, int exp_line,
                              const char *exp_msg)
{
    const char *path = write_file(name, text);
    char copy[512];
    snprintf(copy, sizeof copy, "%s", path);
    expect_error_n(what, copy, NULL, 0, copy, exp_line, exp_msg);
}

static void expect_set_error(const char *what, const char *set, const char *exp_msg)
{
    const char *sets[1] = { set };
    expect_error_n(what, NULL, sets, 1, "--set", 0, exp_msg);
}

static int load_ok(const char *what, const char *path, const char *const *sets, size_t n,
                   healsim_params *p)
{
    healsim_diag d;
    int status = healsim_params_load(path, sets, n, p, NULL, &d);
    CHECK(status == HEALSIM_OK, "[%s] status %d, expected OK; diag %s:%d:%d: %s", what, status,
          d.file, d.line, d.column, d.message);
    return status;
}

/* A list longer than its field is refused before anything is stored:
** checkpoints_days holds HEALSIM_MAX_CHECKPOINTS values, fewer than the
** injection lists, and 65 to 100 of them once wrote past the field (found by
** fuzz_params; the sanitizer build catches a write past the struct). */
static void test_list_capacity(void)
{
    const int counts[] = { HEALSIM_MAX_CHECKPOINTS + 1, HEALSIM_MAX_INJECTIONS, HEALSIM_MAX_INJECTIONS + 1 };
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        const int n = counts[c];
        char set[1024];
        int len = snprintf(set, sizeof set, "output.checkpoints_days=");
        for (int i = 0; i < n; i++)
            len += snprintf(set + len, sizeof set - (size_t)len, i ? ",%d" : "%d", i + 1);
        char what[64];
        snprintf(what, sizeof what, "%d checkpoints", n);
        expect_set_error(what, set, "checkpoints_days has more than 64 values");

        healsim_params p;
        if (load_ok("the default", NULL, NULL, 0, &p) != HEALSIM_OK)
            return;
        const size_t before = p.n_checkpoints;
        const double first = p.checkpoints_days[0];
        healsim_diag d;
        int status = healsim_params_set(&p, NULL, "output.checkpoints_days", strchr(set, '=') + 1, &d);
        CHECK(status == HEALSIM_ERR_INPUT, "[%s, healsim_params_set] status %d, expected %d", what, status,
              HEALSIM_ERR_INPUT);
        CHECK(p.n_checkpoints == before && p.checkpoints_days[0] == first,
              "[%s, healsim_params_set] the list changed on failure: %zu values (was %zu), first %g (was %g)",
              what, p.n_checkpoints, before, p.checkpoints_days[0], first);
    }
}

/* What the loader cannot read exactly it refuses, with file:line:col; what
** it can read (CR or CR LF line ends, subnormal numbers) it reads whole. */
static void test_exact_reading(void)
{
    expect_file_error("text after a section header", "after-header.ini",
                      "[tissue] initial_injury = 2\n", 1, "text after the section header [tissue]");
    healsim_params p;
    const char *commented = write_file("header-comment.ini", "[tissue] ; a comment is fine\ninitial_injury = 2\n");
    if (load_ok("a comment after a section header", commented, NULL, 0, &p) == HEALSIM_OK)
        CHECK(p.initial_injury == 2, "[comment after header] initial_injury %g, expected 2", p.initial_injury);

    /* every line kept whatever ends it: LF, CR LF, lone CR (old Mac) */
    const char *ends[] = { "\n", "\r\n", "\r" };
    const char *names[] = { "LF", "CR LF", "CR" };
    for (int e = 0; e < 3; e++) {
        char text[512];
        snprintf(text, sizeof text, "title = line ends%s[tissue]%sinitial_injury = 3%s[schedule]%scount = 2%s",
                 ends[e], ends[e], ends[e], ends[e], ends[e]);
        char what[64];
        snprintf(what, sizeof what, "%s line ends", names[e]);
        if (load_ok(what, write_file("line-ends.ini", text), NULL, 0, &p) == HEALSIM_OK)
            CHECK(p.initial_injury == 3 && p.count == 2 && strcmp(p.title, "line ends") == 0,
                  "[%s] initial_injury %g (expected 3), count %zu (expected 2), title '%s'", what,
                  p.initial_injury, p.count, p.title);
    }
    expect_file_error("an error after CR line ends names its line", "cr-error.ini",
                      "[tissue]\rinitial_injury = 2\rbogus_key = 1\r", 3, "unknown key 'bogus_key'");

    /* UTF-8: a Latin-1 byte in a title, an overlong form, a cut sequence */
    expect_file_error("Latin-1 in a title", "latin1.ini", "title = caf\xE9 au lait\n", 1, "not valid UTF-8");
    expect_file_error("overlong UTF-8", "overlong.ini", "title = \xC0\xAF\n", 1, "not valid UTF-8");
    expect_file_error("UTF-8 surrogate", "surrogate.ini", "title = \xED\xA0\x80\n", 1, "not valid UTF-8");
    expect_set_error("cut UTF-8 in --set", "title=ab\xE2\x82", "not valid UTF-8");
    const char *utf8 = write_file("utf8.ini", "title = caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\xA9\xB9\n");
    if (load_ok("well-formed UTF-8", utf8, NULL, 0, &p) == HEALSIM_OK)
        CHECK(strcmp(p.title, "caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\xA9\xB9") == 0, "[UTF-8] title '%s'", p.title);

    /* a number that rounds to 0 is refused; a subnormal one is kept */
    expect_set_error("1e-400 underflows", "tissue.initial_injury=1e-400", "too small to represent");
    const char *sub[] = { "tissue.initial_injury=1e-320" };
    if (load_ok("1e-320 is subnormal", NULL, sub, 1, &p) == HEALSIM_OK)
        CHECK(p.initial_injury == 1e-320, "[subnormal] initial_injury %g, expected 1e-320", p.initial_injury);

    /* only regular files: a FIFO without a writer must not hang the loader */
    char path[600];
    snprintf(path, sizeof path, "%s/fifo.ini", tmpdir);
    if (mkfifo(path, 0600) == 0) {
        alarm(10); /* a hang fails the test instead of the run */
        expect_error_n("a FIFO", path, NULL, 0, path, 0, "not a regular file");
        alarm(0);
    } else
        printf("skip - mkfifo: %s\n", strerror(errno));
    expect_error_n("a device", "/dev/null", NULL, 0, "/dev/null", 0, "not a regular file");

    /* the size limit is the 64 MiB it says: one byte more is refused, at the
    ** place it is passed; 64 MiB itself is read (and refused for its NULs) */
    const off_t limit = 64 << 20;
    for (int extra = 0; extra <= 1; extra++) {
        snprintf(path, sizeof path, "%s/big%d.ini", tmpdir, extra);
        FILE *f = fopen(path, "wb");
        if (!f || ftruncate(fileno(f), limit + extra) != 0) {
            CHECK(0, "cannot make %s", path);
            if (f)
                fclose(f);
            continue;
        }
        fclose(f);
        if (extra)
            expect_error_n("64 MiB + 1 byte", path, NULL, 0, path, 1, "larger than 64 MiB");
        else
            expect_error_n("64 MiB exactly", path, NULL, 0, path, 1, "NUL byte");
        remove(path);
    }
}

/* ---- error cases -------------------------------------------------------- */

static void test_errors(void)
{
    char path[512];

    /* missing file: the diag names the file itself, no line */
    snprintf(path, sizeof path, "%s/does-not-exist.ini", tmpdir);
    expect_error_n("missing file", path, NULL, 0, path, 0, "cannot open");
    expect_error_n("missing file names the reason", path, NULL, 0, path, 0, "No such file");

    expect_file_error("unknown section", "section.ini",
                      "# a comment\n"
                      "\n"
                      "[schedul]\n"
                      "interval = 2\n",
                      3, "unknown section [schedul]; did you mean [schedule]?");

    expect_file_error("unknown key, did you mean", "key.ini",
                      "[schedule]\n"
                      "unit = weeks\n"
                      "intervall = 2\n",
                      3, "unknown key 'intervall' in [schedule]; did you mean 'interval'?");

    expect_file_error("key in the wrong section", "wrongsec.ini",
                      "[tissue]\n"
                      "turnover = 0.5\n"
                      "span_days = 100\n",
                      3, "'span_days' belongs in [schedule]");

    expect_file_error("top-level key inside a section", "wrongsec2.ini",
                      "[tissue]\n"
                      "title = x\n",
                      2, "'title' belongs before the first section");

    expect_file_error("not a number", "nan-text.ini",
                      "[tissue]\n"
                      "turnover = abc\n",
                      2, "'abc' is not a number");

    expect_file_error("trailing junk", "junk.ini",
                      "[schedule]\n"
                      "interval = 2x\n",
                      2, "trailing text 'x'");

    expect_file_error("trailing junk on the last line without newline", "junk2.ini",
                      "[schedule]\n"
                      "start = 0\n"
                      "interval = 2x",
                      3, "trailing text 'x'");

    expect_file_error("nan", "nan.ini",
                      "[tissue]\n"
                      "\n"
                      "turnover = nan\n",
                      3, "is not a finite number");

    expect_file_error("inf", "inf.ini",
                      "[remodeling]\n"
                      "crosslinking_per_day = inf\n",
                      2, "is not a finite number");

    expect_file_error("overflow to inf", "huge.ini",
                      "[remodeling]\n"
                      "crosslinking_per_day = 1e999\n",
                      2, "1e999");

    expect_file_error("negative rate out of range", "range.ini",
                      "[hemostasis]\n"
                      "clotting_rate_per_day = -1\n",
                      2, "clotting_rate_per_day = -1 is out of range [0.1, 1000] 1/day");

    expect_file_error("count not a whole number", "count.ini",
                      "[schedule]\n"
                      "count = 2.5\n",
                      2, "count must be a whole number");

    expect_file_error("max_steps not a whole number", "steps.ini",
                      "[solver]\n"
                      "max_steps = 1000.5\n",
                      2, "max_steps must be a whole number");

    expect_file_error("key given twice", "twice.ini",
                      "[schedule]\n"
                      "interval = 2\n"
                      "count = 3\n"
                      "interval = 3\n",
                      4, "key 'interval' is given twice in [schedule]");

    expect_file_error("negative injection time", "negtime.ini",
                      "[schedule]\n"
                      "times = -1, 5\n",
                      2, "times = -1 is out of range");

    expect_file_error("unsorted times", "unsorted.ini",
                      "[schedule]\n"
                      "unit = days\n"
                      "times = 1, 5, 3\n",
                      3, "injection times must increase: 3 comes after 5");

    expect_file_error("equal times", "equal.ini",
                      "[schedule]\n"
                      "unit = days\n"
                      "times = 1, 5, 5\n",
                      3, "injection times must increase");

    expect_file_error("times beyond span_days (weeks)", "beyond.ini",
                      "[schedule]\n"
                      "times = 1, 60\n",
                      2, "(day 420) is not before the end of the simulated span (span_days = 365)");

    expect_file_error("times beyond a span set later in the file", "beyond2.ini",
                      "[schedule]\n"
                      "unit = days\n"
                      "times = 10, 50\n"
                      "span_days = 40\n",
                      3, "not before the end of the simulated span (span_days = 40)");

    expect_file_error("regular schedule beyond span_days", "beyond3.ini",
                      "[schedule]\n"
                      "interval = 10\n"
                      "count = 10\n",
                      3, "injection 10 falls on day 630");

    expect_file_error("times empty", "empty.ini",
                      "[schedule]\n"
                      "times =\n",
                      2, "count = 0");

    expect_file_error("times and count in one file", "both.ini",
                      "[schedule]\n"
                      "times = 1, 2\n"
                      "count = 2\n",
                      3, "give either times or start/interval/count in [schedule], not both");

    expect_file_error("count then times in one file", "both2.ini",
                      "[schedule]\n"
                      "count = 2\n"
                      "times = 1, 2\n",
                      3, "not both");

    expect_file_error("choice not allowed", "choice.ini",
                      "[solver]\n"
                      "method = foo\n",
                      2, "method = 'foo' is not one of: rk2, rk4");

    expect_file_error("grid choice not allowed", "grid.ini",
                      "[output]\n"
                      "grid = logarithmic\n",
                      2, "grid = 'logarithmic' is not one of: linear, log");

    /* based_on cycles */
    expect_file_error("based_on itself", "self.ini",
                      "# builds on itself\n"
                      "based_on = self.ini\n",
                      2, "leads back to a file already being loaded (a cycle)");
    {
        char a[512], b[512];
        snprintf(a, sizeof a, "%s", write_file("cyc-a.ini", "based_on = cyc-b.ini\n[schedule]\ncount = 2\n"));
        snprintf(b, sizeof b, "%s", write_file("cyc-b.ini", "\n\nbased_on = cyc-a.ini\n"));
        /* the cycle is found while reading B, at its based_on line */
        expect_error_n("based_on cycle A->B->A", a, NULL, 0, b, 3,
                       "based_on 'cyc-a.ini' leads back to a file already being loaded (a cycle)");
    }
    {
        char missing[512];
        snprintf(missing, sizeof missing, "%s/not-there.ini", tmpdir);
        char msg[700];
        snprintf(msg, sizeof msg, "based_on = not-there.ini: there is no file '%s' and no built-in preset "
                 "of that name", missing);
        expect_file_error("based_on a missing file", "missing-base.ini",
                          "# preset\n"
                          "based_on = not-there.ini\n",
                          2, msg);
    }
    expect_file_error("based_on after another key", "late-base.ini",
                      "title = x\n"
                      "based_on = default\n",
                      2, "based_on must come before every other key");

    /* --set overrides */
    expect_set_error("--set without '='", "schedule.interval", "is not of the form section.key=value");
    expect_set_error("--set unknown key", "schedule.intervall=2",
                     "unknown key 'intervall' in [schedule]; did you mean 'interval'?");
    expect_set_error("--set unknown section", "schedul.interval=2",
                     "unknown section [schedul]; did you mean [schedule]?");
    expect_set_error("--set bad value", "schedule.interval=abc", "'abc' is not a number");
    expect_set_error("--set out of range", "hemostasis.clotting_rate_per_day=-1", "is out of range");
    expect_set_error("--set times beyond span", "schedule.times=1,100",
                     "is not before the end of the simulated span");
    {
        /* a bad --set after a good one, with a file: still reported as --set */
        const char *sets[2] = { "schedule.interval=2", "solver.method=foo" };
        const char *p = write_file("for-set.ini", "[schedule]\ninterval = 3\n");
        char copy[512];
        snprintf(copy, sizeof copy, "%s", p);
        expect_error_n("second --set bad", copy, sets, 2, "--set", 0, "is not one of");
    }

    /* list lengths */
    expect_file_error("concentration list length", "lists.ini",
                      "[schedule]\n"
                      "volume_ml = 2\n"
                      "concentration_pct = 10, 20\n",
                      3, "concentration_pct has 2 values; give one, or one per injection (5)");
    expect_file_error("volume list length", "lists2.ini",
                      "[schedule]\n"
                      "unit = days\n"
                      "times = 1, 2, 3\n"
                      "volume_ml = 1, 2\n",
                      4, "volume_ml has 2 values; give one, or one per injection (3)");
    expect_file_error("empty list element", "lists3.ini",
                      "[schedule]\n"
                      "concentration_pct = 10,,20\n",
                      2, "a number is missing");

    /* a line that is not key = value */
    expect_file_error("not key=value", "syntax.ini",
                      "[tissue]\n"
                      "turnover = 0.5\n"
                      "this line has no equals sign\n"
                      "initial_injury = 0\n",
                      3, "expected 'key = value', '[section]' or a comment");
    expect_file_error("indented continuation line", "indent.ini",
                      "[tissue]\n"
                      "turnover = 0.5\n"
                      "   0.6\n",
                      3, "continuation lines are not supported");
    /* the first problem wins: a syntax error is not hidden by a later bad value */
    expect_file_error("not key=value before a bad value", "syntax2.ini",
                      "[tissue]\n"
                      "this line has no equals sign\n"
                      "turnover = abc\n",
                      2, "expected 'key = value', '[section]' or a comment");
    expect_file_error("unterminated section header", "header.ini",
                      "[tissue\n"
                      "turnover = 0.5\n",
                      1, "without a closing ']'");
}

/* ---- positive cases ----------------------------------------------------- */

static const char *source_dir(void)
{
    const char *s = getenv("HEALSIM_SOURCE_DIR");
    return s && *s ? s : ".";
}

static void test_presets_load(void)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s/params", source_dir());
    DIR *d = opendir(dir);
    CHECK(d != NULL, "cannot open %s (is HEALSIM_SOURCE_DIR set?)", dir);
    if (!d)
        return;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".ini") != 0)
            continue;
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        healsim_params p;
        load_ok(path, path, NULL, 0, &p);
        n++;
    }
    closedir(d);
    CHECK(n >= 5, "found %d .ini files in %s, expected at least 5", n, dir);
}

static void test_layering(void)
{
    healsim_params def, p;
    if (load_ok("built-in default", NULL, NULL, 0, &def))
        return;
    CHECK(def.schedule_form == HEALSIM_SCHEDULE_REGULAR && def.count == 5, "default: form %d count %zu",
          (int)def.schedule_form, def.count);

    /* only interval changes: every other field, padding included, is the default */
    const char *path = write_file("only-interval.ini", "[schedule]\ninterval = 2\n");
    if (load_ok("only interval", path, NULL, 0, &p) == HEALSIM_OK) {
        CHECK(p.interval == 2.0, "interval %g, expected 2", p.interval);
        healsim_params expect = def;
        expect.interval = 2.0;
        CHECK(memcmp(&expect, &p, sizeof p) == 0,
              "a preset setting only interval changed other values of the default");
        CHECK(p.start == def.start && p.count == def.count && p.schedule_unit == def.schedule_unit
                  && p.n_concentration == def.n_concentration
                  && p.concentration_pct[0] == def.concentration_pct[0] && p.span_days == def.span_days
                  && p.turnover == def.turnover,
              "schedule/tissue defaults not kept");
    }

    /* the same through based_on = default */
    path = write_file("only-interval2.ini", "based_on = default\n[schedule]\ninterval = 2\n");
    if (load_ok("based_on default", path, NULL, 0, &p) == HEALSIM_OK) {
        healsim_params expect = def;
        expect.interval = 2.0;
        CHECK(memcmp(&expect, &p, sizeof p) == 0, "based_on = default changed other values");
    }

    /* times replaces start/interval/count */
    path = write_file("times.ini", "[schedule]\nunit = days\ntimes = 3, 10, 20\n");
    if (load_ok("times preset", path, NULL, 0, &p) == HEALSIM_OK) {
        CHECK(p.schedule_form == HEALSIM_SCHEDULE_TIMES, "schedule_form %d, expected times", (int)p.schedule_form);
        CHECK(p.n_times == 3 && p.times[0] == 3 && p.times[1] == 10 && p.times[2] == 20,
              "times n=%zu [%g %g %g]", p.n_times, p.times[0], p.times[1], p.times[2]);
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        CHECK(mem != NULL, "open_memstream");
        if (mem) {
            healsim_params_write(&p, NULL, mem);
            fclose(mem);
            CHECK(strstr(text, "times = 3, 10, 20\n") != NULL, "resolved file lacks times:\n%s", text);
            CHECK(strstr(text, "\ncount =") == NULL && strstr(text, "\ninterval =") == NULL
                      && strstr(text, "\nstart =") == NULL,
                  "resolved file of an explicit schedule still writes start/interval/count");
            free(text);
        }
        /* a concentration list of 3 now matches 3 injections (not the default's 5) */
        const char *sets[1] = { "schedule.concentration_pct=10,15,20" };
        healsim_params q;
        load_ok("per-injection list with times", path, sets, 1, &q);
    }
    /* a preset building on a times preset can return to the regular form */
    {
        char base[512];
        snprintf(base, sizeof base, "%s", write_file("times-base.ini", "[schedule]\ntimes = 1, 2\n"));
        path = write_file("regular-on-times.ini", "based_on = times-base.ini\n[schedule]\ncount = 0\n");
        if (load_ok("count on top of times", path, NULL, 0, &p) == HEALSIM_OK)
            CHECK(p.schedule_form == HEALSIM_SCHEDULE_REGULAR && p.count == 0, "form %d count %zu",
                  (int)p.schedule_form, p.count);
    }

    /* --set applies and wins over the file */
    path = write_file("set.ini", "[schedule]\ninterval = 2\n[tissue]\nturnover = 0.5\n");
    {
        const char *sets[3] = { "schedule.interval=3", "tissue.turnover = 0.7", "title=From set" };
        if (load_ok("--set over a file", path, sets, 3, &p) == HEALSIM_OK) {
            CHECK(p.interval == 3.0, "interval %g, expected 3 (--set wins)", p.interval);
            CHECK(p.turnover == 0.7, "turnover %g, expected 0.7 (--set with spaces)", p.turnover);
            CHECK(strcmp(p.title, "From set") == 0, "title '%s'", p.title);
        }
        const char *later[2] = { "schedule.interval=3", "schedule.interval=1" };
        if (load_ok("--set twice", path, later, 2, &p) == HEALSIM_OK)
            CHECK(p.interval == 1.0, "interval %g, expected 1 (last --set wins)", p.interval);
        const char *times[1] = { "schedule.times=1,2" };
        if (load_ok("--set times", path, times, 1, &p) == HEALSIM_OK)
            CHECK(p.schedule_form == HEALSIM_SCHEDULE_TIMES && p.n_times == 2, "form %d n_times %zu",
                  (int)p.schedule_form, p.n_times);
    }
}

/* Compare two sets field by field (active list elements only), labelled. */
static void compare_sets(const char *what, const healsim_params *a, const healsim_params *b)
{
#define SAME_BITS(field)                                                                  \
    CHECK(memcmp(&a->field, &b->field, sizeof a->field) == 0, "[%s] %s differs: %.17g vs %.17g", \
          what, #field, (double)a->field, (double)b->field)
    SAME_BITS(clotting_rate_per_day);
    SAME_BITS(platelet_activation_per_day);
    SAME_BITS(platelet_clearance_per_day);
    SAME_BITS(debris_drainage_per_day);
    SAME_BITS(debris_clearance_saturation);
    SAME_BITS(neutrophil_phagocytosis_per_day);
    SAME_BITS(macrophage_phagocytosis_per_day);
    SAME_BITS(neutrophil_recruitment_per_day);
    SAME_BITS(neutrophil_recruitment_saturation);
    SAME_BITS(neutrophil_death_per_day);
    SAME_BITS(monocyte_recruitment_per_day);
    SAME_BITS(monocyte_neutrophil_saturation);
    SAME_BITS(monocyte_debris_weight);
    SAME_BITS(macrophage_switch_per_day);
    SAME_BITS(macrophage_switch_debris_inhibition);
    SAME_BITS(inflammatory_macrophage_removal_per_day);
    SAME_BITS(repair_macrophage_removal_per_day);
    SAME_BITS(tgf_beta_from_platelets_per_day);
    SAME_BITS(tgf_beta_from_inflammatory_macrophages_per_day);
    SAME_BITS(tgf_beta_from_repair_macrophages_per_day);
    SAME_BITS(tgf_beta_decay_per_day);
    SAME_BITS(fibroblast_recruitment_per_day);
    SAME_BITS(fibroblast_proliferation_per_day);
    SAME_BITS(fibroblast_tgf_beta_saturation);
    SAME_BITS(fibroblast_capacity);
    SAME_BITS(fibroblast_removal_per_day);
    SAME_BITS(collagen_iii_synthesis_per_day);
    SAME_BITS(collagen_i_synthesis_per_day);
    SAME_BITS(collagen_iii_replacement_per_day);
    SAME_BITS(crosslinking_per_day);
    SAME_BITS(strength_ceiling_pct);
    SAME_BITS(matrix_degradation_per_day);
    SAME_BITS(initial_strength_pct);
    SAME_BITS(initial_injury);
    SAME_BITS(turnover);
    SAME_BITS(needle_injury);
    SAME_BITS(irritant_injury_per_pct_ml);
    SAME_BITS(hemostasis_half_activity);
    SAME_BITS(inflammation_half_activity);
    SAME_BITS(repair_half_activity);
    SAME_BITS(remodeling_half_activity);
    SAME_BITS(soreness_half_max);
    SAME_BITS(schedule_unit);
    SAME_BITS(schedule_form);
    SAME_BITS(n_times);
    SAME_BITS(start);
    SAME_BITS(interval);
    SAME_BITS(count);
    SAME_BITS(n_concentration);
    SAME_BITS(n_volume);
    SAME_BITS(span_days);
    SAME_BITS(method);
    SAME_BITS(rtol);
    SAME_BITS(atol);
    SAME_BITS(max_steps);
    SAME_BITS(grid);
    SAME_BITS(step_days);
    SAME_BITS(points_per_decade);
    SAME_BITS(n_checkpoints);
    SAME_BITS(soreness_threshold);
#undef SAME_BITS
#define SAME_LIST(field, n)                                                                 \
    for (size_t i_ = 0; i_ < a->n && i_ < HEALSIM_MAX_INJECTIONS; i_++)                    \
        CHECK(memcmp(&a->field[i_], &b->field[i_], sizeof(double)) == 0,                    \
              "[%s] %s[%zu] differs: %.17g vs %.17g", what, #field, i_, a->field[i_], b->field[i_])
    SAME_LIST(times, n_times);
    SAME_LIST(concentration_pct, n_concentration);
    SAME_LIST(volume_ml, n_volume);
    SAME_LIST(checkpoints_days, n_checkpoints);
#undef SAME_LIST
    CHECK(strcmp(a->title, b->title) == 0, "[%s] title differs: '%s' vs '%s'", what, a->title, b->title);
}

/* Write `p`, load it back, and compare field by field; `whole` also asks the
** whole struct to be bit-identical (memcmp), valid when both sets come from
** the same layering of list lengths. */
static void round_trip(const char *what, const healsim_params *p, int whole)
{
    char path[512];
    snprintf(path, sizeof path, "%s/resolved-%d.ini", tmpdir, check_count);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "[%s] cannot create %s", what, path);
    if (!f)
        return;
    CHECK(healsim_params_write(p, NULL, f) == HEALSIM_OK, "[%s] healsim_params_write failed", what);
    fclose(f);
    healsim_params back;
    if (load_ok(what, path, NULL, 0, &back) != HEALSIM_OK)
        return;
    compare_sets(what, p, &back);
    if (whole)
        CHECK(memcmp(p, &back, sizeof back) == 0, "[%s] reloaded struct is not bit-identical", what);
    /* writing the reloaded set gives the same text */
    char *t1 = NULL, *t2 = NULL;
    size_t l1 = 0, l2 = 0;
    FILE *m1 = open_memstream(&t1, &l1), *m2 = open_memstream(&t2, &l2);
    if (m1 && m2) {
        healsim_params_write(p, NULL, m1);
        healsim_params_write(&back, NULL, m2);
        fclose(m1);
        fclose(m2);
        CHECK(l1 == l2 && memcmp(t1, t2, l1) == 0, "[%s] rewriting the reloaded set gives other text",
              what);
    }
    free(t1);
    free(t2);
}

static void test_round_trip(void)
{
    healsim_params p;
    if (load_ok("default for round trip", NULL, NULL, 0, &p) == HEALSIM_OK)
        round_trip("default", &p, 1);

    /* every shipped preset */
    static const char *const presets[] = {
        "default.ini", "acute-skin-cut.ini", "knee-oa-rabago.ini", "lax-ligament-untreated.ini",
        "ligament-prolotherapy.ini",
    };
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++) {
        char path[700];
        snprintf(path, sizeof path, "%s/params/%s", source_dir(), presets[i]);
        if (load_ok(path, path, NULL, 0, &p) == HEALSIM_OK)
            round_trip(presets[i], &p, 1);
    }

    /* values that need 17 significant digits, tiny and huge ones, per-injection lists */
    const char *sets[] = {
        "tissue.turnover=0.30000000000000004",
        "solver.rtol=3.3333333333333335e-07",
        "solver.atol=1e-15",
        "inflammation.debris_clearance_saturation=0.00010000000000000001",
        "schedule.span_days=3650",
        "schedule.unit=days",
        "schedule.times=0.1, 0.7, 1.9999999999999998, 100",
        "schedule.concentration_pct=12.5, 0.1, 75, 33.333333333333336",
        "schedule.volume_ml=1,2,3,4",
        "output.grid=log",
        "output.checkpoints_days=1, 2.5, 3650",
        "solver.method=rk8pd",
        "solver.max_steps=12345678",
        "tissue.initial_injury=-0",
        "title=Round trip: 100 % [x] = y",
    };
    if (load_ok("awkward values", NULL, sets, sizeof sets / sizeof sets[0], &p) == HEALSIM_OK)
        round_trip("awkward values", &p, 0);

    /* titles: an empty title from a file, and --set titles with text an INI
    ** value cannot hold as written (inline comment, trailing blanks) */
    const char *path = write_file("empty-title.ini", "title =\n");
    if (load_ok("empty title", path, NULL, 0, &p) == HEALSIM_OK) {
        CHECK(p.title[0] == '\0', "empty title loaded as '%s'", p.title);
        round_trip("empty title", &p, 1);
    }
    /* text that a parameter file could not hold is refused when it is set,
    ** so every set that loads can be written and loaded back */
    expect_set_error("title with ' ;'", "title=Dextrose 15 % ; saline control", "starts a comment");
    expect_set_error("title with trailing blanks", "title=trailing blanks  ", "start or end with a space");
    expect_set_error("title with a newline", "title=two\nlines", "control character");
    const char *fine[2] = { "schedule.span_days=3650", "output.step_days=0.001" };
    expect_error_n("output grid too fine", NULL, fine, 2, "--set", 0, "more than 2 million rows");
}

static void test_default_text(void)
{
    char path[700];
    snprintf(path, sizeof path, "%s/params/default.ini", source_dir());
    size_t len = 0;
    char *file = read_whole(path, &len);
    CHECK(file != NULL, "cannot read %s", path);
    if (!file)
        return;
    const char *text = healsim_params_default_text();
    CHECK(text != NULL, "healsim_params_default_text() returned NULL");
    if (text) {
        CHECK(strlen(text) == len, "built-in default has %zu bytes, params/default.ini %zu",
              strlen(text), len);
        CHECK(strlen(text) == len && memcmp(text, file, len) == 0,
              "built-in default text differs from params/default.ini");
    }
    free(file);
}

/* ---- built-in presets ---------------------------------------------------- */

/* Two sets are equal field for field (padding aside: memcmp of the struct
** after both were zeroed by the loader). */
static int same_set(const healsim_params *a, const healsim_params *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* The library carries every .ini of params/ under its name, with its
** title; "x" and "x.ini" name the same text. */
static void test_preset_table(void)
{
    size_t n = healsim_preset_count();
    CHECK(n >= 5, "healsim_preset_count() = %zu, expected every params/*.ini", n);
    int seen_default = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = healsim_preset_name(i), *title = healsim_preset_title(i);
        CHECK(name != NULL && title != NULL, "preset %zu: name or title is NULL", i);
        if (!name || !title)
            continue;
        CHECK(strstr(name, ".ini") == NULL, "preset name '%s' carries its extension", name);
        seen_default |= strcmp(name, "default") == 0;
        char file[128], path[800];
        snprintf(file, sizeof file, "%s.ini", name);
        snprintf(path, sizeof path, "%s/params/%s", source_dir(), file);
        const char *text = healsim_preset_text(name);
        CHECK(text != NULL && text == healsim_preset_text(file), "preset '%s': text by 'x' and 'x.ini' differ",
              name);
        char *on_disk = read_whole(path, NULL);
        CHECK(on_disk && text && strcmp(on_disk, text) == 0, "preset '%s' is not %s byte for byte", name, path);
        if (on_disk && text) {
            char want[300];
            const char *t = strstr(on_disk, "\ntitle = ");
            snprintf(want, sizeof want, "%.*s", t ? (int)strcspn(t + 9, "\n") : 0, t ? t + 9 : "");
            CHECK(strcmp(title, want) == 0, "preset '%s': title '%s', expected '%s'", name, title, want);
        }
        free(on_disk);
    }
    CHECK(seen_default, "no preset named 'default'");
    CHECK(healsim_preset_name(n) == NULL && healsim_preset_title(n) == NULL,
          "preset %zu (one past the last) is not NULL", n);
    CHECK(healsim_preset_text("compare-default.txt") != NULL, "compare-default.txt is not built in");
    CHECK(healsim_preset_text("no-such-preset") == NULL, "an unknown name has a text");
    CHECK(healsim_preset_text("params/default.ini") == NULL, "a path names a preset");
    CHECK(healsim_params_default_text() == healsim_preset_text("default"),
          "the default text is not the default preset");
}

/* A preset loads by name, and a copy of it in an empty folder (no
** default.ini next to it) loads to the same set as the shipped file. */
static void test_presets_by_name(void)
{
    char path[800];
    snprintf(path, sizeof path, "%s/params/ligament-prolotherapy.ini", source_dir());
    healsim_params shipped, by_name, by_file_name, copied;
    if (load_ok("shipped ligament-prolotherapy.ini", path, NULL, 0, &shipped))
        return;
    load_ok("preset by name", "ligament-prolotherapy", NULL, 0, &by_name);
    load_ok("preset by file name", "ligament-prolotherapy.ini", NULL, 0, &by_file_name);
    CHECK(same_set(&shipped, &by_name), "the preset by name differs from params/ligament-prolotherapy.ini");
    CHECK(same_set(&shipped, &by_file_name), "the preset by file name differs from the shipped file");

    char *text = read_whole(path, NULL);
    CHECK(text != NULL, "cannot read %s", path);
    if (!text)
        return;
    char folder[600];
    snprintf(folder, sizeof folder, "%s/copy", tmpdir);
    mkdir(folder, 0700);
    char copy[700];
    snprintf(copy, sizeof copy, "%s/ligament-prolotherapy.ini", folder);
    FILE *f = fopen(copy, "wb");
    CHECK(f != NULL, "cannot create %s", copy);
    if (f) {
        fputs(text, f);
        fclose(f);
        if (load_ok("a preset copied into an empty folder", copy, NULL, 0, &copied) == HEALSIM_OK)
            CHECK(same_set(&shipped, &copied), "the copied preset loads differently from the shipped one");
        remove(copy);
    }
    rmdir(folder);
    free(text);

    /* where a value of a preset was set is named as the built-in file */
    healsim_diag where;
    int status = healsim_params_where("ligament-prolotherapy", NULL, 0, "schedule.interval", &where);
    CHECK(status == HEALSIM_OK, "healsim_params_where on a preset: status %d (%s)", status, where.message);
    CHECK(strcmp(where.file, "ligament-prolotherapy.ini (built in)") == 0 && where.line == 9,
          "schedule.interval of the preset: %s:%d, expected ligament-prolotherapy.ini (built in):9",
          where.file, where.line);
}

/* based_on names a file next to the file, else a preset: each spelling
** works from a folder with no other file in it. */
static void test_based_on_presets(void)
{
    healsim_params def, lig, p;
    if (load_ok("built-in default", NULL, NULL, 0, &def) || load_ok("preset", "ligament-prolotherapy", NULL, 0, &lig))
        return;
    static const struct {
        const char *value;
        int is_default;
    } forms[] = { { "default", 1 }, { "default.ini", 1 }, { "ligament-prolotherapy", 0 },
                  { "ligament-prolotherapy.ini", 0 } };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char text[200], what[200];
        snprintf(text, sizeof text, "based_on = %s\n", forms[i].value);
        snprintf(what, sizeof what, "based_on = %s with no file of that name", forms[i].value);
        const char *path = write_file("on-preset.ini", text);
        char copy[512];
        snprintf(copy, sizeof copy, "%s", path);
        if (load_ok(what, copy, NULL, 0, &p) == HEALSIM_OK)
            CHECK(same_set(&p, forms[i].is_default ? &def : &lig), "[%s] loads a different set", what);
    }
    /* a file next to the file wins over the preset of the same name */
    write_file("default.ini", "based_on = default\ntitle = my own default\n");
    const char *path = write_file("on-local.ini", "based_on = default.ini\n");
    char copy[512];
    snprintf(copy, sizeof copy, "%s", path);
    if (load_ok("based_on a local default.ini", copy, NULL, 0, &p) == HEALSIM_OK)
        CHECK(strcmp(p.title, "my own default") == 0, "title '%s': the local default.ini was not used", p.title);
    char local[600];
    snprintf(local, sizeof local, "%s/default.ini", tmpdir);
    remove(local);

    /* an unknown preset: the message names the file, the line and the name */
    expect_file_error("based_on an unknown preset", "unknown-preset.ini",
                      "# a comment\n"
                      "based_on = no-such-preset\n",
                      2, "based_on = no-such-preset: there is no file");
    expect_file_error("based_on an unknown preset names it", "unknown-preset2.ini",
                      "based_on = no-such-preset.ini\n",
                      1, "no built-in preset of that name");
    /* an unknown name on its own is a file that cannot be opened */
    expect_error_n("no file and no preset", "no-such-preset", NULL, 0, "no-such-preset", 0, "cannot open");
}

/* healsim_compare_read_list(NULL) reads the built-in list; arms of a list
** resolve next to the list, else as presets. */
static void test_compare_lists(void)
{
    healsim_arm arms[HEALSIM_MAX_ARMS];
    size_t n = 0;
    healsim_diag d;
    int status = healsim_compare_read_list(NULL, arms, &n, &d);
    CHECK(status == HEALSIM_OK && n == 5, "built-in list: status %d, %zu arms (%s)", status, n, d.message);
    for (size_t i = 0; status == HEALSIM_OK && i < n; i++)
        CHECK(strstr(arms[i].file, ".ini (built in)") != NULL, "built-in arm %zu is '%s', not a preset", i,
              arms[i].file);
    static healsim_params params[HEALSIM_MAX_ARMS];
    if (status == HEALSIM_OK) {
        status = healsim_compare_load(arms, n, "compare-default.txt (built in)", NULL, 0, params, NULL, &d);
        CHECK(status == HEALSIM_OK, "built-in arms do not load: %s:%d: %s", d.file, d.line, d.message);
    }

    write_file("local-arm.ini", "based_on = default\ntitle = Local arm\n");
    const char *list = write_file("arms.txt", "local-arm.ini   Mine\nsaline-control.ini  Saline\n");
    char copy[512];
    snprintf(copy, sizeof copy, "%s", list);
    status = healsim_compare_read_list(copy, arms, &n, &d);
    CHECK(status == HEALSIM_OK && n == 2, "list in a folder: status %d, %zu arms (%s)", status, n, d.message);
    if (status == HEALSIM_OK && n == 2) {
        char local[600];
        snprintf(local, sizeof local, "%s/local-arm.ini", tmpdir);
        CHECK(strcmp(arms[0].file, local) == 0, "arm next to the list: '%s', expected '%s'", arms[0].file, local);
        CHECK(strcmp(arms[1].file, "saline-control.ini (built in)") == 0, "preset arm: '%s'", arms[1].file);
        status = healsim_compare_load(arms, n, copy, NULL, 0, params, NULL, &d);
        CHECK(status == HEALSIM_OK, "list arms do not load: %s:%d: %s", d.file, d.line, d.message);
    }
}

/* ---- the figure configuration ---------------------------------------------- */

/* [figure] is loaded apart from the scenario: into healsim_figure_config
** when asked for, checked and dropped when not; it writes and loads back. */
static void test_figure_config(void)
{
    static healsim_figure_config def_fig, fig, back_fig;
    healsim_params p, back;
    healsim_diag d;
    int status = healsim_params_load(NULL, NULL, 0, &p, &def_fig, &d);
    CHECK(status == HEALSIM_OK, "default with its figure: %s", d.message);
    CHECK(def_fig.formats != 0 && def_fig.dpi > 0 && def_fig.text[HEALSIM_TEXT_STRENGTH][0],
          "built-in figure: formats %u dpi %g strength label '%s'", def_fig.formats, def_fig.dpi,
          def_fig.text[HEALSIM_TEXT_STRENGTH]);
    const char *sets[] = { "figure.dpi=300", "figure.theme=dark", "figure.label_strength=Festigkeit",
                           "figure.formats=svg, pdf" };
    healsim_params q;
    status = healsim_params_load(NULL, sets, 4, &q, &fig, &d);
    CHECK(status == HEALSIM_OK, "figure overrides: %s", d.message);
    CHECK(memcmp(&p, &q, sizeof p) == 0, "figure overrides changed the scenario");
    CHECK(fig.dpi == 300 && fig.theme == HEALSIM_THEME_DARK && fig.formats == (HEALSIM_FORMAT_SVG | HEALSIM_FORMAT_PDF)
              && strcmp(fig.text[HEALSIM_TEXT_STRENGTH], "Festigkeit") == 0,
          "figure overrides not kept: dpi %g theme %d formats %u", fig.dpi, (int)fig.theme, fig.formats);
    const char *bad[] = { "figure.dpi=abc" };
    expect_error_n("a bad figure value, figure not kept", NULL, bad, 1, "--set", 0, "not a number");

    /* written with the figure it loads back to the same figure */
    char path[512];
    snprintf(path, sizeof path, "%s/with-figure.ini", tmpdir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "cannot create %s", path);
    if (f) {
        CHECK(healsim_params_write(&q, &fig, f) == HEALSIM_OK, "write with a figure failed");
        fclose(f);
        status = healsim_params_load(path, NULL, 0, &back, &back_fig, &d);
        CHECK(status == HEALSIM_OK, "written figure loads back: %s:%d: %s", d.file, d.line, d.message);
        CHECK(memcmp(&fig, &back_fig, sizeof fig) == 0, "the figure configuration does not round-trip");
    }
    /* healsim_params_set: figure keys go to the figure, or are checked only */
    CHECK(healsim_params_set(&p, &fig, "figure.font_size", "12", &d) == HEALSIM_OK && fig.font_size_pt == 12,
          "set figure.font_size: %s", d.message);
    CHECK(healsim_params_set(&p, NULL, "figure.font_size", "12", &d) == HEALSIM_OK,
          "set figure.font_size without a figure: %s", d.message);
    CHECK(healsim_params_set(&p, NULL, "figure.font_size", "1000", &d) == HEALSIM_ERR_INPUT,
          "figure.font_size = 1000 accepted without a figure");
    /* a page too large for memory */
    fig = def_fig;
    fig.width_px = fig.height_px = 10000;
    CHECK(healsim_figure_config_check(&fig, &d) == HEALSIM_ERR_INPUT && strstr(d.message, "64 million"),
          "a 10000 x 10000 figure passes the check (%s)", d.message);
    CHECK(healsim_figure_config_check(&def_fig, &d) == HEALSIM_OK, "the built-in figure fails: %s", d.message);

    /* one table of names each */
    CHECK(strcmp(healsim_figure_name(HEALSIM_FIGURE_PHASES_LOG), "phases-log") == 0
              && healsim_figure_name(HEALSIM_N_FIGURES) == NULL, "healsim_figure_name");
    CHECK(strcmp(healsim_compare_figure_name(HEALSIM_COMPARE_BARS), "compare-bars") == 0
              && healsim_compare_figure_name(HEALSIM_N_COMPARE_FIGURES) == NULL, "healsim_compare_figure_name");
    CHECK(strcmp(healsim_format_extension(HEALSIM_FORMAT_PNG), "png") == 0
              && strcmp(healsim_format_extension(HEALSIM_FORMAT_SVG), "svg") == 0
              && strcmp(healsim_format_extension(HEALSIM_FORMAT_PDF), "pdf") == 0
              && healsim_format_extension(0) == NULL
              && healsim_format_extension(HEALSIM_FORMAT_PNG | HEALSIM_FORMAT_PDF) == NULL,
          "healsim_format_extension");
}

/* ---- diagnostics -------------------------------------------------------- */

/* healsim_diag_format words a diag as file:line:col: error: message, leaving
** out what is absent, and cuts (terminated) a text longer than the buffer. */
static void test_diag_format(void)
{
    static const struct {
        const char *file;
        int line, column;
        const char *expected;
    } cases[] = {
        { "a.ini", 3, 7, "a.ini:3:7: error: bad value" },
        { "a.ini", 3, 0, "a.ini:3: error: bad value" },
        { "a.ini", 0, 0, "a.ini: error: bad value" },
        { "a.ini", 0, 7, "a.ini: error: bad value" }, /* a column needs a line */
        { "", 3, 7, "3:7: error: bad value" },
        { "", 3, 0, "3: error: bad value" },
        { "", 0, 7, "error: bad value" },
        { NULL, 0, 0, "error: bad value" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        healsim_diag d;
        memset(&d, 0x55, sizeof d);
        healsim_diag_set(&d, cases[i].file, cases[i].line, cases[i].column, "bad %s", "value");
        CHECK(d.override == 0, "[diag %zu] override %d after healsim_diag_set, expected 0", i, d.override);
        char buf[256];
        int n = healsim_diag_format(&d, buf, sizeof buf);
        CHECK(strcmp(buf, cases[i].expected) == 0, "[diag %zu] '%s', expected '%s'", i, buf,
              cases[i].expected);
        CHECK(n == (int)strlen(cases[i].expected), "[diag %zu] returned %d, expected %zu", i, n,
              strlen(cases[i].expected));
    }
    healsim_diag d;
    healsim_diag_set(&d, "file.ini", 12, 4, "%s", "a long message");
    char small[12];
    memset(small, 'x', sizeof small);
    int n = healsim_diag_format(&d, small, sizeof small);
    const char *whole = "file.ini:12:4: error: a long message";
    CHECK(n == (int)strlen(whole), "truncated: returned %d, expected the full length %zu", n, strlen(whole));
    CHECK(strcmp(small, "file.ini:12") == 0, "truncated: '%s', expected 'file.ini:12'", small);
    CHECK(healsim_diag_format(&d, NULL, 0) == n, "size 0: length not returned");
    char huge[3000];
    memset(huge, 'm', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    healsim_diag_set(&d, huge, 1, 1, "%s", huge);
    CHECK(strlen(d.file) == sizeof d.file - 1 && strlen(d.message) == sizeof d.message - 1,
          "a long file and message are cut to the fields: %zu, %zu", strlen(d.file), strlen(d.message));
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/healsim-test-params-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_errors();
    test_list_capacity();
    test_exact_reading();
    test_presets_load();
    test_layering();
    test_round_trip();
    test_default_text();
    test_diag_format();
    test_figure_config();
    test_preset_table();
    test_presets_by_name();
    test_based_on_presets();
    test_compare_lists();

    /* clean up the temporary folder */
    DIR *d = opendir(tmpdir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char path[600];
            snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(tmpdir);
    return check_report("test_params");
}
