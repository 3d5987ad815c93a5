/*
** figure_checks.h — what the figure tests (test_figures.c,
** test_compare_figures.c, test_batch_figures.c) share: drawing into memory,
** reading the bytes back (PNGs decoded with cairo, SVG and PDF framing and
** page size), checking a drawn or refused figure, the smallest and default
** pages, determinism, and the image regression against tests/reference/.
**
** Define TEST_NAME (the test's name, "test_figures") before including it:
** fatal errors and the hint to refresh the references name the test.
**
** Image regression: a figure is drawn small (REF_W x REF_H px at REF_DPI)
** and compared pixel by pixel with tests/reference/NAME.png; more than
** 0.5 % of pixels differing by more than 16 in a channel fails.  With
** HEALSIM_UPDATE_REFERENCES=1 the drawn image is written as the reference
** into $HEALSIM_SOURCE_DIR/tests/reference/ instead.  A failed comparison
** writes the drawn image as NAME.actual.png into the working directory.
*/
#ifndef HEALSIM_FIGURE_CHECKS_H
#define HEALSIM_FIGURE_CHECKS_H

#ifndef TEST_NAME
#error "define TEST_NAME before including figure_checks.h"
#endif

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>

#include "check.h"
#include "healsim/figure.h"

/* Small figures: 400 x 250 px at 60 dpi is a 480 x 300 pt page, large
** enough for the layout at the default 11 pt text. */
#define SMOKE_W 400
#define SMOKE_H 250
#define SMOKE_DPI 60

static const unsigned formats[3] = { HEALSIM_FORMAT_PNG, HEALSIM_FORMAT_SVG, HEALSIM_FORMAT_PDF };

/* Fatal: the test cannot go on (what failed and errno's reason). */
static inline void die(const char *what)
{
    fprintf(stderr, TEST_NAME ": %s: %s\n", what, strerror(errno));
    exit(2);
}

static inline const char *format_name(unsigned format)
{
    return format == HEALSIM_FORMAT_PNG ? "png"
           : format == HEALSIM_FORMAT_SVG ? "svg"
           : format == HEALSIM_FORMAT_PDF ? "pdf"
                                          : "?";
}

/* ---- drawing into memory ------------------------------------------------ */

typedef struct buffer {
    char *bytes;
    size_t size;
} buffer;

/* A stream that writes into a fresh, empty b; close it with buffer_close,
** then free(b->bytes). */
static inline FILE *buffer_open(buffer *b)
{
    b->bytes = NULL;
    b->size = 0;
    FILE *mem = open_memstream(&b->bytes, &b->size);
    if (!mem)
        die("open_memstream");
    return mem;
}

static inline void buffer_close(FILE *mem)
{
    if (fclose(mem) != 0)
        die("open_memstream");
}

/* Where needle first occurs in the n bytes at hay, or NULL. */
static inline const char *find_bytes(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; m <= n && i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

static inline int starts_with(const buffer *b, const char *prefix)
{
    size_t m = strlen(prefix);
    return b->size >= m && memcmp(b->bytes, prefix, m) == 0;
}

/* Does the buffer end with text, allowing one trailing "\n" or "\r\n"? */
static inline int ends_with_line(const buffer *b, const char *text)
{
    size_t m = strlen(text), n = b->size;
    if (n >= 1 && b->bytes[n - 1] == '\n')
        n--;
    if (n >= 1 && b->bytes[n - 1] == '\r')
        n--;
    return n >= m && memcmp(b->bytes + n - m, text, m) == 0;
}

/* The first bytes of a buffer as printable text, for messages. */
static inline const char *head_text(const buffer *b)
{
    static char text[24];
    size_t i = 0;
    for (; i < b->size && i + 1 < sizeof text; i++) {
        unsigned char c = (unsigned char)b->bytes[i];
        text[i] = c >= 32 && c < 127 ? (char)c : '.';
    }
    text[i] = '\0';
    return text;
}

/* The width and height in points an SVG's root element declares
** (width="480pt"), or -1. */
static inline void svg_size(const buffer *b, double *w, double *h)
{
    *w = *h = -1;
    const char *svg = find_bytes(b->bytes, b->size, "<svg");
    if (!svg)
        return;
    const char *ws = strstr(svg, " width=\""), *hs = strstr(svg, " height=\"");
    if (ws)
        *w = strtod(ws + 8, NULL);
    if (hs)
        *h = strtod(hs + 9, NULL);
}

/* The size of the first /MediaBox [x0 y0 x1 y1] of a PDF, or -1. */
static inline void pdf_size(const buffer *b, double *w, double *h)
{
    *w = *h = -1;
    const char *mb = find_bytes(b->bytes, b->size, "/MediaBox");
    if (!mb)
        return;
    const char *p = strchr(mb, '[');
    if (!p)
        return;
    char *end;
    double v[4];
    p++;
    for (int i = 0; i < 4; i++) {
        v[i] = strtod(p, &end);
        if (end == p)
            return;
        p = end;
    }
    *w = v[2] - v[0];
    *h = v[3] - v[1];
}

/* ---- reading PNGs back ---------------------------------------------------- */

typedef struct reader {
    const unsigned char *p;
    size_t left;
} reader;

static inline cairo_status_t read_mem(void *closure, unsigned char *data, unsigned int length)
{
    reader *r = closure;
    if (length > r->left)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->p, length);
    r->p += length;
    r->left -= length;
    return CAIRO_STATUS_SUCCESS;
}

/* Decode PNG bytes; NULL (with the reason in *why) if they are not a PNG. */
static inline cairo_surface_t *decode_png(const char *bytes, size_t size, const char **why)
{
    reader r = { (const unsigned char *)bytes, size };
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_mem, &r);
    cairo_status_t st = cairo_surface_status(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        *why = cairo_status_to_string(st);
        cairo_surface_destroy(s);
        return NULL;
    }
    cairo_surface_flush(s);
    return s;
}

/* Pixel (x, y) as 0xRRGGBB.  Figures are opaque, so cairo's premultiplied
** ARGB holds the colour unchanged. */
static inline uint32_t pixel(cairo_surface_t *s, int x, int y)
{
    const unsigned char *row = cairo_image_surface_get_data(s)
                               + (size_t)y * (size_t)cairo_image_surface_get_stride(s);
    uint32_t v;
    memcpy(&v, row + 4 * (size_t)x, sizeof v);
    return v & 0xFFFFFFu;
}

static inline int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

#define PNG_MAX_PALETTE 8

typedef struct png_facts {
    int width, height;
    size_t distinct;                        /* distinct colours */
    uint32_t corners[4];                    /* top left, top right, bottom left, bottom right */
    size_t palette_count[PNG_MAX_PALETTE];  /* pixels of each colour of the palette */
    size_t palette_found;                   /* how many of those colours occur at all */
} png_facts;

/* The facts of a decoded PNG; palette: up to PNG_MAX_PALETTE colours
** (0xRRGGBB) whose exact pixels are counted. */
static inline void png_examine(cairo_surface_t *s, const uint32_t *palette, size_t n_palette, png_facts *f)
{
    memset(f, 0, sizeof *f);
    if (n_palette > PNG_MAX_PALETTE)
        n_palette = PNG_MAX_PALETTE;
    f->width = cairo_image_surface_get_width(s);
    f->height = cairo_image_surface_get_height(s);
    size_t n = (size_t)f->width * (size_t)f->height;
    if (!n)
        return;
    uint32_t *all = malloc(n * sizeof *all);
    if (!all)
        die("malloc");
    size_t k = 0;
    for (int y = 0; y < f->height; y++)
        for (int x = 0; x < f->width; x++) {
            uint32_t c = all[k++] = pixel(s, x, y);
            for (size_t j = 0; j < n_palette; j++)
                f->palette_count[j] += c == palette[j];
        }
    f->corners[0] = pixel(s, 0, 0);
    f->corners[1] = pixel(s, f->width - 1, 0);
    f->corners[2] = pixel(s, 0, f->height - 1);
    f->corners[3] = pixel(s, f->width - 1, f->height - 1);
    qsort(all, n, sizeof *all, cmp_u32);
    f->distinct = 1;
    for (size_t i = 1; i < n; i++)
        f->distinct += all[i] != all[i - 1];
    for (size_t j = 0; j < n_palette; j++)
        f->palette_found += f->palette_count[j] > 0;
    free(all);
}

/* ---- checking drawn and refused figures ------------------------------------ */

/* Check one drawn file: its format's framing and its size; for a PNG that
** it decodes to a page of st's size with something on it and the theme's
** background in every corner, whose facts (counting the n_palette colours
** of palette) go to *facts. */
static inline void check_drawn_file(const char *what, unsigned format, const buffer *b,
                                    const healsim_figure_style *st, const uint32_t *palette, size_t n_palette,
                                    png_facts *facts)
{
    const double w_pt = st->width_px * 72.0 / st->dpi, h_pt = st->height_px * 72.0 / st->dpi;
    memset(facts, 0, sizeof *facts);
    if (format == HEALSIM_FORMAT_PNG) {
        const char *why = "";
        cairo_surface_t *s = decode_png(b->bytes, b->size, &why);
        CHECK(s != NULL, "%s: the PNG does not decode: %s (%zu bytes)", what, why, b->size);
        if (!s)
            return;
        png_examine(s, palette, n_palette, facts);
        cairo_surface_destroy(s);
        CHECK(facts->width == (int)st->width_px && facts->height == (int)st->height_px,
              "%s: PNG is %d x %d px, asked for %g x %g", what, facts->width, facts->height, st->width_px,
              st->height_px);
        CHECK(facts->distinct >= 100, "%s: only %zu distinct colours (expected >= 100): blank?", what,
              facts->distinct);
        for (int i = 0; i < 4; i++) {
            uint32_t c = facts->corners[i];
            if (st->theme == HEALSIM_THEME_LIGHT)
                CHECK(c == 0xFFFFFF, "%s: light theme's corner %d is #%06X, expected #FFFFFF", what, i,
                      (unsigned)c);
            else
                CHECK((c >> 16 & 255) < 0x40 && (c >> 8 & 255) < 0x40 && (c & 255) < 0x40,
                      "%s: dark theme's corner %d is #%06X, expected dark (every channel < 0x40)", what, i,
                      (unsigned)c);
        }
    } else if (format == HEALSIM_FORMAT_SVG) {
        CHECK(starts_with(b, "<?xml"), "%s: SVG does not start with '<?xml' (%zu bytes)", what, b->size);
        CHECK(find_bytes(b->bytes, b->size, "<svg") != NULL, "%s: SVG has no <svg element", what);
        CHECK(ends_with_line(b, "</svg>"), "%s: SVG does not end with </svg> (%zu bytes)", what, b->size);
        CHECK(find_bytes(b->bytes, b->size, "id=\"surface1\"") != NULL,
              "%s: SVG root group is not \"surface1\" (ids must not depend on what was drawn before)", what);
        double w, h;
        svg_size(b, &w, &h);
        CHECK(fabs(w - w_pt) < 0.01 && fabs(h - h_pt) < 0.01, "%s: SVG is %g x %g pt, expected %g x %g", what,
              w, h, w_pt, h_pt);
    } else {
        CHECK(starts_with(b, "%PDF-"), "%s: PDF does not start with '%%PDF-' (%zu bytes)", what, b->size);
        CHECK(ends_with_line(b, "%%EOF"), "%s: PDF does not end with %%%%EOF (%zu bytes)", what, b->size);
        double w, h;
        pdf_size(b, &w, &h);
        CHECK(fabs(w - w_pt) < 0.01 && fabs(h - h_pt) < 0.01, "%s: PDF page is %g x %g pt, expected %g x %g",
              what, w, h, w_pt, h_pt);
    }
}

/* A figure was drawn into *b in format with status rc: check that it was
** drawn and check the file (check_drawn_file; the PNG's facts go to *pf
** unless pf is NULL), then free its bytes. */
static inline void check_drawn(const char *what, int rc, const healsim_diag *diag, unsigned format, buffer *b,
                               const healsim_figure_style *st, const uint32_t *palette, size_t n_palette,
                               png_facts *pf)
{
    png_facts facts;
    if (!pf)
        pf = &facts;
    memset(pf, 0, sizeof *pf);
    CHECK(rc == HEALSIM_OK, "%s: render returned %d: %s", what, rc, diag->message);
    if (rc == HEALSIM_OK)
        check_drawn_file(what, format, b, st, palette, n_palette, pf);
    free(b->bytes);
}

/* A figure was refused with status rc: as bad input, with a message,
** nothing written into *b and, unless file is NULL, diag naming that file;
** then free b's bytes. */
static inline void check_refused(const char *what, int rc, const healsim_diag *diag, buffer *b, const char *file)
{
    CHECK(rc == HEALSIM_ERR_INPUT, "%s: returned %d, expected HEALSIM_ERR_INPUT (%d)", what, rc,
          HEALSIM_ERR_INPUT);
    CHECK(diag->message[0] != '\0', "%s: no message in diag", what);
    CHECK(b->size == 0, "%s: %zu bytes written, expected none", what, b->size);
    if (file)
        CHECK(strcmp(diag->file, file) == 0, "%s: diag.file is '%s', expected '%s'", what, diag->file, file);
    free(b->bytes);
}

/* ---- pages ---------------------------------------------------------------------- */

/* base on a page large enough for whole pixels of thin lines and small
** marks: 1200 x 750 px at 150 dpi. */
static inline healsim_figure_style large_page(const healsim_figure_style *base)
{
    healsim_figure_style st = *base;
    st.width_px = 1200;
    st.height_px = 750;
    st.dpi = 150;
    return st;
}

/* base on the smallest page healsim allows (31 x 20 body font sizes) into
** sizes[0] and on the default one (1600 x 1000 px) into sizes[1], both at
** 200 dpi; checks that the smallest is accepted. */
static inline void smallest_and_default_pages(const healsim_figure_style *base, healsim_figure_style sizes[2])
{
    sizes[0] = sizes[1] = *base;
    sizes[0].dpi = sizes[1].dpi = 200;
    sizes[0].width_px = ceil(31 * base->font_size_pt * 200 / 72);
    sizes[0].height_px = ceil(20 * base->font_size_pt * 200 / 72);
    sizes[1].width_px = 1600;
    sizes[1].height_px = 1000;
    healsim_diag diag;
    CHECK(healsim_figure_check_size(&sizes[0], &diag) == HEALSIM_OK, "the smallest page is refused: %s",
          diag.message);
}

/* ---- determinism ------------------------------------------------------------ */

/* The na bytes at a and the nb bytes at b are the same. */
static inline void check_same(const char *what, const char *a, size_t na, const char *b, size_t nb)
{
    size_t first = 0;
    while (first < na && first < nb && a[first] == b[first])
        first++;
    CHECK(na == nb && first == na, "%s: %zu and %zu bytes, first difference at byte %zu", what, na, nb,
          first);
}

/* The same figure was drawn twice, into *a with status rc1 and into *b
** with rc2: both drawn, to the same bytes; then free both. */
static inline void check_drawn_twice(const char *what, int rc1, buffer *a, int rc2, buffer *b)
{
    CHECK(rc1 == HEALSIM_OK && rc2 == HEALSIM_OK, "%s: render returned %d and %d", what, rc1, rc2);
    check_same(what, a->bytes, a->size, b->bytes, b->size);
    free(a->bytes);
    free(b->bytes);
}

/* ---- image regression --------------------------------------------------------- */

#define REF_W 480
#define REF_H 300
#define REF_DPI 60
#define REF_TOLERANCE 16       /* per channel */
#define REF_MAX_PER_MILLE 5.0  /* 0.5 % of the pixels */

/* base at the size of the reference images, in the given theme. */
static inline healsim_figure_style reference_style(const healsim_figure_style *base, healsim_theme theme)
{
    healsim_figure_style st = *base;
    st.width_px = REF_W;
    st.height_px = REF_H;
    st.dpi = REF_DPI;
    st.theme = theme;
    return st;
}

static inline const char *source_dir(void)
{
    const char *s = getenv("HEALSIM_SOURCE_DIR");
    return s && s[0] ? s : ".";
}

static inline int updating_references(void)
{
    const char *u = getenv("HEALSIM_UPDATE_REFERENCES");
    return u && strcmp(u, "1") == 0;
}

/* The largest difference of two 0xRRGGBB colours in one channel. */
static inline int channel_diff(uint32_t a, uint32_t b)
{
    int worst = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
        int d = abs((int)(a >> shift & 255) - (int)(b >> shift & 255));
        if (d > worst)
            worst = d;
    }
    return worst;
}

/* Compare a drawn PNG with tests/reference/NAME.png (or, with
** HEALSIM_UPDATE_REFERENCES=1, write it there). */
static inline void compare_with_reference(const char *name, const buffer *png)
{
    char dir[1024], path[1200];
    snprintf(dir, sizeof dir, "%s/tests/reference", source_dir());
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    const char *why = "";
    cairo_surface_t *got = decode_png(png->bytes, png->size, &why);
    CHECK(got != NULL, "%s: the drawn PNG does not decode: %s", name, why);
    if (!got)
        return;
    if (updating_references()) {
        if (mkdir(dir, 0777) != 0 && errno != EEXIST)
            die(dir);
        cairo_status_t st = cairo_surface_write_to_png(got, path);
        CHECK(st == CAIRO_STATUS_SUCCESS, "cannot write reference %s: %s", path, cairo_status_to_string(st));
        if (st == CAIRO_STATUS_SUCCESS)
            printf("HEALSIM_UPDATE_REFERENCES=1: wrote reference %s\n", path);
        cairo_surface_destroy(got);
        return;
    }
    int have = access(path, R_OK) == 0;
    CHECK(have, "%s: reference %s is missing; look at the figures, then create it with "
          "HEALSIM_UPDATE_REFERENCES=1 ctest --test-dir build -R " TEST_NAME, name, path);
    if (!have) {
        cairo_surface_destroy(got);
        return;
    }
    cairo_surface_t *ref = cairo_image_surface_create_from_png(path);
    cairo_status_t st = cairo_surface_status(ref);
    CHECK(st == CAIRO_STATUS_SUCCESS, "%s: cannot read reference %s: %s", name, path, cairo_status_to_string(st));
    if (st == CAIRO_STATUS_SUCCESS) {
        int rw = cairo_image_surface_get_width(ref), rh = cairo_image_surface_get_height(ref);
        int gw = cairo_image_surface_get_width(got), gh = cairo_image_surface_get_height(got);
        CHECK(rw == gw && rh == gh, "%s: drawn %d x %d px, reference %d x %d", name, gw, gh, rw, rh);
        if (rw == gw && rh == gh) {
            cairo_surface_flush(ref);
            size_t differ = 0, total = (size_t)gw * (size_t)gh;
            int largest = 0;
            for (int y = 0; y < gh; y++)
                for (int x = 0; x < gw; x++) {
                    int d = channel_diff(pixel(got, x, y), pixel(ref, x, y));
                    differ += d > REF_TOLERANCE;
                    if (d > largest)
                        largest = d;
                }
            double per_mille = 1000.0 * (double)differ / (double)total;
            int ok = per_mille <= REF_MAX_PER_MILLE;
            char actual[300] = "";
            if (!ok) {
                snprintf(actual, sizeof actual, "%s.actual.png", name);
                if (cairo_surface_write_to_png(got, actual) != CAIRO_STATUS_SUCCESS)
                    snprintf(actual, sizeof actual, "(could not be written)");
            }
            CHECK(ok, "%s: %zu of %zu pixels (%.3f %%) differ from %s by more than %d in a channel "
                  "(at most %.1f %% may); largest difference %d; drawn image: %s", name, differ, total,
                  per_mille / 10, path, REF_TOLERANCE, REF_MAX_PER_MILLE / 10, largest, actual);
            if (ok)
                printf("%s: %zu of %zu pixels differ by more than %d; largest difference %d\n", name,
                       differ, total, REF_TOLERANCE, largest);
        }
    }
    cairo_surface_destroy(ref);
    cairo_surface_destroy(got);
}

/* A reference figure was drawn into *png with status rc: check that it was
** drawn, compare it with tests/reference/NAME.png, and free its bytes. */
static inline void check_reference(const char *name, int rc, buffer *png, const healsim_diag *diag)
{
    CHECK(rc == HEALSIM_OK, "%s: render returned %d: %s", name, rc, diag->message);
    if (rc == HEALSIM_OK)
        compare_with_reference(name, png);
    free(png->bytes);
}

#endif
