/*
** fuzz_params.c — libFuzzer target for parameter files and --set overrides.
**
** Input: the text of a parameter file, then optionally a NUL byte and up to
** MAX_SETS `--set` strings ("section.key=value"), each ended by a NUL byte
** (the last one may end with the input).  For example
**     "[schedule]\ncount = 3\n\0schedule.interval=2\0output.step_days=1"
**
** Each input is written to one file in a scratch folder that also holds a
** copy of params/ (so `based_on = default.ini` and the presets resolve) and
** loaded with healsim_params_load.  Properties checked (abort() on failure,
** so a broken property is a crash the fuzzer keeps):
**   - a failed load returns HEALSIM_ERR_INPUT (or _NOMEM) with a message;
**   - a set that loads passes healsim_params_check;
**   - the same text with a UTF-8 byte order mark in front and CRLF line
**     ends loads to the same set;
**   - round trip: healsim_params_write of the set, loaded back, writes the
**     very same bytes (so `healsim run out/params.resolved.ini` repeats a run
**     exactly);
**   - describing the set (healsim params, the caption, the changed
**     parameters of the handout) neither crashes nor leaks.
** A `based_on` line naming a path with '/' or '..' skips the input: it
** would leave the scratch folder (see fuzz_util.h).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healsim/params.h"

#include "fuzz_util.h"

#define MAX_SETS 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char input_path[4096];
static FILE *devnull;

static void setup(void)
{
    if (devnull)
        return;
    snprintf(input_path, sizeof input_path, "%s/input.ini", fuzz_scratch());
    devnull = fopen("/dev/null", "w");
    if (!devnull)
        abort();
}

/* Would a line of text send based_on out of the scratch folder? */
static int based_on_escapes(const char *text, size_t len)
{
    size_t start = 0;
    while (start < len) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + start;
        size_t n = end - start;
        for (size_t i = 0; i + 8 <= n; i++) {
            if (memcmp(line + i, "based_on", 8) == 0) {
                if (memchr(line, '/', n) || fuzz_path_escapes(line, n))
                    return 1;
                break;
            }
        }
        start = end + 1;
    }
    return 0;
}

static void check_diag(int status, const healsim_diag *diag)
{
    if (status != HEALSIM_ERR_INPUT && status != HEALSIM_ERR_NOMEM) {
        fprintf(stderr, "fuzz_params: load returned status %d\n", status);
        abort();
    }
    if (!memchr(diag->file, '\0', sizeof diag->file) || !memchr(diag->message, '\0', sizeof diag->message)) {
        fprintf(stderr, "fuzz_params: diagnostic not terminated\n");
        abort();
    }
    if (status == HEALSIM_ERR_INPUT && diag->message[0] == '\0') {
        fprintf(stderr, "fuzz_params: an error without a message (%s:%d:%d)\n", diag->file, diag->line,
                diag->column);
        abort();
    }
    if (diag->line < 0 || diag->column < 0) {
        fprintf(stderr, "fuzz_params: negative line or column: %s:%d:%d: %s\n", diag->file, diag->line,
                diag->column, diag->message);
        abort();
    }
}

/* healsim_params_write into a malloc'd buffer. */
static char *write_text(const healsim_params *p, const healsim_figure_config *f, size_t *size)
{
    char *buf = NULL;
    FILE *mem = open_memstream(&buf, size);
    if (!mem)
        abort();
    if (healsim_params_write(p, f, mem) != HEALSIM_OK)
        abort();
    if (fclose(mem) != 0)
        abort();
    return buf;
}

static void round_trip(const healsim_params *p, const healsim_figure_config *f)
{
    healsim_diag diag;
    if (healsim_params_check(p, &diag) != HEALSIM_OK || healsim_figure_config_check(f, &diag) != HEALSIM_OK) {
        fprintf(stderr, "fuzz_params: a loaded set fails the check: %s:%d:%d: %s\n", diag.file, diag.line,
                diag.column, diag.message);
        abort();
    }
    size_t size1 = 0, size2 = 0;
    char *text1 = write_text(p, f, &size1);
    fuzz_write_file(input_path, text1, size1);
    healsim_params *again = malloc(sizeof *again);
    healsim_figure_config *again_f = malloc(sizeof *again_f);
    if (!again || !again_f)
        abort();
    int status = healsim_params_load(input_path, NULL, 0, again, again_f, &diag);
    if (status != HEALSIM_OK) {
        fprintf(stderr, "fuzz_params: the written set does not load back: %s:%d:%d: %s\n--- written:\n%s",
                diag.file, diag.line, diag.column, diag.message, text1);
        abort();
    }
    char *text2 = write_text(again, again_f, &size2);
    if (size1 != size2 || memcmp(text1, text2, size1) != 0) {
        fprintf(stderr, "fuzz_params: round trip changed the set\n--- first:\n%s--- loaded back:\n%s", text1,
                text2);
        abort();
    }
    free(text1);
    free(text2);
    free(again);
    free(again_f);
}

/* The same text with a UTF-8 byte order mark in front and CRLF line ends,
** as an editor on Windows may save it, must load to the same set: check
** that it writes the same text as the plain one did.  (Both in one load:
** a load is most of the cost of an input.) */
static void windows_variant(const char *text, size_t len, char **sets, size_t n_sets, const char *expect,
                            size_t expect_size)
{
    char *buf = malloc(2 * len + 4);
    if (!buf)
        abort();
    size_t k = 0;
    if (len < 3 || memcmp(text, "\xEF\xBB\xBF", 3) != 0) {
        memcpy(buf, "\xEF\xBB\xBF", 3);
        k = 3;
    }
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n')
            buf[k++] = '\r';
        buf[k++] = text[i];
    }
    fuzz_write_file(input_path, buf, k);
    healsim_params *p = malloc(sizeof *p);
    healsim_figure_config *f = malloc(sizeof *f);
    if (!p || !f)
        abort();
    healsim_diag diag;
    if (healsim_params_load(input_path, (const char *const *)sets, n_sets, p, f, &diag) != HEALSIM_OK) {
        fprintf(stderr, "fuzz_params: the text loads, but not with a byte order mark and CRLF line ends: "
                "%s:%d:%d: %s\n", diag.file, diag.line, diag.column, diag.message);
        abort();
    }
    size_t size = 0;
    char *got = write_text(p, f, &size);
    if (size != expect_size || memcmp(got, expect, size) != 0) {
        fprintf(stderr, "fuzz_params: with a byte order mark and CRLF line ends the text loads to another set\n");
        abort();
    }
    free(got);
    free(p);
    free(f);
    free(buf);
}

static void describe(const healsim_params *p, const healsim_figure_config *f)
{
    char caption[512];
    if (healsim_params_describe(p, f, 0, devnull) || healsim_params_write_changed(p, f, devnull)
        || healsim_params_caption(p, caption, sizeof caption))
        abort();
    if (!memchr(caption, '\0', sizeof caption))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    const char *bytes = (const char *)data;
    const char *nul = memchr(bytes, '\0', size);
    size_t text_len = nul ? (size_t)(nul - bytes) : size;
    if (based_on_escapes(bytes, text_len))
        return -1; /* not added to the corpus */

    /* the overrides, each copied to its own NUL-terminated buffer */
    char *sets[MAX_SETS];
    size_t n_sets = 0;
    size_t pos = nul ? text_len + 1 : size;
    while (pos < size && n_sets < MAX_SETS) {
        const char *start = bytes + pos;
        const char *end = memchr(start, '\0', size - pos);
        size_t len = end ? (size_t)(end - start) : size - pos;
        sets[n_sets] = malloc(len + 1);
        if (!sets[n_sets])
            abort();
        memcpy(sets[n_sets], start, len);
        sets[n_sets][len] = '\0';
        n_sets++;
        pos += len + 1;
    }

    fuzz_write_file(input_path, bytes, text_len);
    healsim_params *p = malloc(sizeof *p);
    healsim_figure_config *f = malloc(sizeof *f);
    if (!p || !f)
        abort();
    healsim_diag diag;
    int status = healsim_params_load(input_path, (const char *const *)sets, n_sets, p, f, &diag);
    if (status == HEALSIM_OK) {
        size_t size1 = 0;
        char *text1 = write_text(p, f, &size1);
        windows_variant(bytes, text_len, sets, n_sets, text1, size1);
        free(text1);
        round_trip(p, f);
        describe(p, f);
    } else {
        check_diag(status, &diag);
    }
    free(p);
    free(f);
    for (size_t i = 0; i < n_sets; i++)
        free(sets[i]);
    return 0;
}
