/*
** test_figures.c — the teaching figures through their public API.
**
** Every preset in params/ is simulated once; each of its figures is drawn in
** every format into memory and read back: PNGs are decoded with cairo and
** checked for size, content (distinct colours, the Okabe-Ito curve colours)
** and background; SVG and PDF for their framing, page size and (handout)
** page count.  Then determinism (same bytes twice, and with 1 or 4 threads),
** the errors of the API, and an image regression against the reference PNGs
** in tests/reference/.
**
** Image regression: a few figures are drawn small (480 x 300 px at 60 dpi)
** from fixed synthetic results (not from simulations, so a change to the
** model cannot hide in the image tolerance) and compared pixel by pixel
** with tests/reference/NAME.png; more than
** 0.5 % of pixels differing by more than 16 in a channel fails.  After an
** intended change to the drawing, look at the new figures, then refresh
** the references with
**
**     HEALSIM_UPDATE_REFERENCES=1 ctest --test-dir build -R test_figures
**
** which writes them into $HEALSIM_SOURCE_DIR/tests/reference/.  A failed
** comparison also writes the drawn image as NAME.actual.png into the
** working directory (the build's tests/ folder under ctest) to look at.
*/
#define TEST_NAME "test_figures"

#include "check.h"
#include "figure_checks.h"
#include "healsim/figure.h"
#include "helpers.h"

static const char *const preset_names[] = {
    "default.ini", "acute-skin-cut.ini", "ligament-prolotherapy.ini", "knee-oa-rabago.ini",
    "lax-ligament-untreated.ini",
};
#define N_PRESETS (sizeof preset_names / sizeof preset_names[0])

/* One simulated preset and everything its figures need.  style borrows the
** strings of params, data those of the scenario: both live as long. */
typedef struct scenario {
    const char *name;
    healsim_params params;
    healsim_figure_config figure; /* the preset's [figure]: style borrows its texts */
    healsim_run *run;
    healsim_figure_data data;
    healsim_figure_style style; /* the preset's own look at SMOKE_W x SMOKE_H, SMOKE_DPI */
    char caption[512];
    char *changed;
} scenario;

static scenario scenarios[N_PRESETS];

static void scenario_init(scenario *sc, const char *name)
{
    sc->name = name;
    sc->params = load_preset(name, NULL, 0);
    sc->figure = load_preset_figure(name);
    sc->run = run_or_die(&sc->params);
    healsim_figure_data_init(&sc->data, healsim_run_row(sc->run, 0), healsim_run_n_rows(sc->run),
                             sc->params.soreness_threshold);
    healsim_params_caption(&sc->params, sc->caption, sizeof sc->caption);
    buffer changed;
    FILE *mem = buffer_open(&changed);
    healsim_params_write_changed(&sc->params, &sc->figure, mem);
    buffer_close(mem);
    sc->changed = changed.bytes;
    sc->data.title = sc->params.title;
    sc->data.caption = sc->caption;
    sc->data.changed = sc->changed;
    healsim_figure_style_from_config(&sc->style, &sc->figure);
    sc->style.width_px = SMOKE_W;
    sc->style.height_px = SMOKE_H;
    sc->style.dpi = SMOKE_DPI;
}

static void scenario_free(scenario *sc)
{
    healsim_run_free(sc->run);
    free(sc->changed);
}

/* ---- drawing into memory ------------------------------------------------ */

/* healsim_figure_render into a fresh memory buffer; free(b->bytes) after. */
static int render(healsim_figure f, unsigned format, const healsim_figure_data *data,
                  const healsim_figure_style *style, buffer *b, healsim_diag *diag)
{
    FILE *mem = buffer_open(b);
    memset(diag, 0, sizeof *diag);
    int rc = healsim_figure_render(f, format, data, style, mem, diag);
    buffer_close(mem);
    return rc;
}

/* The Okabe-Ito colours of the curves (yellow, too light for lines on
** white, is not used for curves). */
static const uint32_t okabe_ito[6] = { 0xE69F00, 0x56B4E9, 0x009E73, 0x0072B2, 0xD55E00, 0xCC79A7 };

/* PDF page objects: "/Type /Page" not followed by "s" (/Type /Pages is
** the page tree). */
static size_t pdf_pages(const buffer *b)
{
    static const char key[] = "/Type /Page";
    size_t m = sizeof key - 1, pages = 0;
    for (size_t i = 0; i + m <= b->size; i++)
        if (memcmp(b->bytes + i, key, m) == 0 && (i + m == b->size || b->bytes[i + m] != 's'))
            pages++;
    return pages;
}

/* ---- every preset, figure and format -------------------------------------- */

/* Check one drawn file: the framing of its format, its size, and for a PNG
** that it shows something (and what, in *facts if not NULL). */
static void check_file(const char *what, unsigned format, const buffer *b, const healsim_figure_style *style,
                       png_facts *facts)
{
    const double w_pt = style->width_px * 72.0 / style->dpi, h_pt = style->height_px * 72.0 / style->dpi;
    if (facts)
        memset(facts, 0, sizeof *facts);
    if (format == HEALSIM_FORMAT_PNG) {
        const char *why = "";
        cairo_surface_t *s = decode_png(b->bytes, b->size, &why);
        CHECK(s != NULL, "%s: the PNG does not decode: %s (first bytes '%s', %zu bytes)", what, why,
              head_text(b), b->size);
        if (!s)
            return;
        png_facts pf;
        png_examine(s, okabe_ito, 6, &pf);
        cairo_surface_destroy(s);
        CHECK(pf.width == (int)style->width_px && pf.height == (int)style->height_px,
              "%s: PNG is %d x %d px, asked for %g x %g", what, pf.width, pf.height, style->width_px,
              style->height_px);
        /* a blank or nearly blank page has a handful of colours; anti-aliased
        ** text and curves give hundreds */
        CHECK(pf.distinct >= 100, "%s: only %zu distinct colours (expected >= 100): blank?", what,
              pf.distinct);
        if (style->theme == HEALSIM_THEME_LIGHT)
            CHECK(pf.corners[0] == 0xFFFFFF, "%s: light theme's corner pixel is #%06X, expected #FFFFFF",
                  what, (unsigned)pf.corners[0]);
        if (facts)
            *facts = pf;
    } else if (format == HEALSIM_FORMAT_SVG) {
        CHECK(starts_with(b, "<?xml"), "%s: SVG starts with '%s', not '<?xml'", what, head_text(b));
        const char *open = find_bytes(b->bytes, b->size, "<svg");
        CHECK(open != NULL, "%s: SVG has no <svg element", what);
        CHECK(ends_with_line(b, "</svg>"), "%s: SVG does not end with </svg> (%zu bytes)", what, b->size);
        double w, h;
        svg_size(b, &w, &h);
        CHECK(fabs(w - w_pt) < 0.01 && fabs(h - h_pt) < 0.01,
              "%s: SVG is %g x %g pt, expected %g x %g (px x 72 / dpi)", what, w, h, w_pt, h_pt);
    } else {
        CHECK(starts_with(b, "%PDF-"), "%s: PDF starts with '%s', not '%%PDF-'", what, head_text(b));
        CHECK(ends_with_line(b, "%%EOF"), "%s: PDF does not end with %%%%EOF (%zu bytes)", what, b->size);
        double w, h;
        pdf_size(b, &w, &h);
        CHECK(fabs(w - w_pt) < 0.01 && fabs(h - h_pt) < 0.01,
              "%s: PDF page is %g x %g pt, expected %g x %g (px x 72 / dpi)", what, w, h, w_pt, h_pt);
    }
}

/* The curve colours a light-theme PNG shows.  With an injury, every figure
** but the outcome has at least four curves in Okabe-Ito colours; the
** outcome's thick strength curve is #0072B2 (its thin soreness curve may
** not cover a whole pixel anywhere at this size).  Without an injury (no
** injections, no initial injury) the phase and cell panels show a sentence
** in place of curves, and only the strength curve is coloured. */
static void check_palette(const char *what, healsim_figure f, int injured, const png_facts *pf)
{
    const size_t *c = pf->palette_count;
    const int curves_panel = f == HEALSIM_FIGURE_PHASES || f == HEALSIM_FIGURE_PHASES_LOG
                             || f == HEALSIM_FIGURE_CELLS;
    if (f == HEALSIM_FIGURE_OUTCOME || f == HEALSIM_FIGURE_OVERVIEW)
        CHECK(c[3] > 0, "%s: no pixel of the strength curve's #0072B2", what);
    if (injured && f != HEALSIM_FIGURE_OUTCOME)
        CHECK(pf->palette_found >= 3,
              "%s: %zu of the Okabe-Ito colours occur as exact pixels (expected >= 3): "
              "#E69F00 %zu, #56B4E9 %zu, #009E73 %zu, #0072B2 %zu, #D55E00 %zu, #CC79A7 %zu",
              what, pf->palette_found, c[0], c[1], c[2], c[3], c[4], c[5]);
    if (!injured && curves_panel)
        CHECK(pf->palette_found == 0,
              "%s: no injury, yet curve colours occur (expected none): #E69F00 %zu, #56B4E9 %zu, "
              "#009E73 %zu, #0072B2 %zu, #D55E00 %zu, #CC79A7 %zu",
              what, c[0], c[1], c[2], c[3], c[4], c[5]);
}

static void test_every_preset_figure_and_format_draws_a_valid_file_with_its_curves(void)
{
    for (size_t p = 0; p < N_PRESETS; p++) {
        const scenario *sc = &scenarios[p];
        const int injured = sc->data.n_injections > 0 || sc->params.initial_injury > 0;
        for (int f = 0; f < HEALSIM_N_FIGURES; f++) {
            for (size_t k = 0; k < 3; k++) {
                if (f == HEALSIM_FIGURE_HANDOUT && formats[k] != HEALSIM_FORMAT_PDF)
                    continue;
                char what[160];
                snprintf(what, sizeof what, "%s %s.%s", sc->name, healsim_figure_name((healsim_figure)f),
                         format_name(formats[k]));
                buffer b;
                healsim_diag diag;
                int rc = render((healsim_figure)f, formats[k], &sc->data, &sc->style, &b, &diag);
                CHECK(rc == HEALSIM_OK, "%s: render returned %d: %s", what, rc, diag.message);
                png_facts pf;
                if (rc == HEALSIM_OK)
                    check_file(what, formats[k], &b, &sc->style, &pf);
                if (rc == HEALSIM_OK && formats[k] == HEALSIM_FORMAT_PNG && pf.width > 0)
                    check_palette(what, (healsim_figure)f, injured, &pf);
                free(b.bytes);
            }
        }
    }
}

/* The handout: a page for each of the 5 figures and one listing the
** changed parameters. */
static void test_handout_has_six_pages(void)
{
    for (size_t p = 0; p < N_PRESETS; p++) {
        const scenario *sc = &scenarios[p];
        buffer b;
        healsim_diag diag;
        int rc = render(HEALSIM_FIGURE_HANDOUT, HEALSIM_FORMAT_PDF, &sc->data, &sc->style, &b, &diag);
        CHECK(rc == HEALSIM_OK, "%s handout.pdf: render returned %d: %s", sc->name, rc, diag.message);
        if (rc == HEALSIM_OK) {
            size_t pages = pdf_pages(&b);
            CHECK(pages == 6, "%s handout.pdf: %zu pages, expected 6 (5 figures + the parameters page)",
                  sc->name, pages);
        }
        free(b.bytes);
    }
}

/* The dark theme: every figure of the default preset in every format, the
** PNGs on a dark background (the light theme's corner is checked above). */
static void test_dark_theme_draws_every_figure_on_a_dark_background(void)
{
    const scenario *sc = &scenarios[0];
    healsim_figure_style style = sc->style;
    style.theme = HEALSIM_THEME_DARK;
    for (int f = 0; f < HEALSIM_N_FIGURES; f++) {
        for (size_t k = 0; k < 3; k++) {
            if (f == HEALSIM_FIGURE_HANDOUT && formats[k] != HEALSIM_FORMAT_PDF)
                continue;
            char what[160];
            snprintf(what, sizeof what, "dark %s.%s", healsim_figure_name((healsim_figure)f),
                     format_name(formats[k]));
            buffer b;
            healsim_diag diag;
            int rc = render((healsim_figure)f, formats[k], &sc->data, &style, &b, &diag);
            CHECK(rc == HEALSIM_OK, "%s: render returned %d: %s", what, rc, diag.message);
            png_facts pf;
            if (rc == HEALSIM_OK)
                check_file(what, formats[k], &b, &style, &pf);
            /* a PNG that does not decode or has the wrong size is reported by check_file */
            if (rc == HEALSIM_OK && formats[k] == HEALSIM_FORMAT_PNG && pf.width == SMOKE_W
                && pf.height == SMOKE_H) {
                const uint32_t *corners = pf.corners;
                for (int i = 0; i < 4; i++) {
                    unsigned r = corners[i] >> 16 & 255, g = corners[i] >> 8 & 255, bl = corners[i] & 255;
                    CHECK(r < 0x40 && g < 0x40 && bl < 0x40,
                          "%s: corner %d is #%06X, expected dark (every channel < 0x40)", what, i,
                          (unsigned)corners[i]);
                }
            }
            free(b.bytes);
        }
    }
}

/* ---- determinism ------------------------------------------------------------ */

static void test_same_figure_twice_gives_the_same_bytes(void)
{
    const scenario *sc = &scenarios[3]; /* knee-oa-rabago: an explicit schedule */
    const healsim_figure figs[] = { HEALSIM_FIGURE_PHASES, HEALSIM_FIGURE_OVERVIEW };
    for (size_t i = 0; i < 2; i++) {
        for (size_t k = 0; k < 3; k++) {
            char what[160];
            snprintf(what, sizeof what, "%s.%s drawn twice", healsim_figure_name(figs[i]),
                     format_name(formats[k]));
            buffer a, b;
            healsim_diag diag;
            int rc1 = render(figs[i], formats[k], &sc->data, &sc->style, &a, &diag);
            /* something else in between, so process-wide counters move on */
            buffer other;
            render(HEALSIM_FIGURE_CELLS, formats[k], &sc->data, &sc->style, &other, &diag);
            free(other.bytes);
            int rc2 = render(figs[i], formats[k], &sc->data, &sc->style, &b, &diag);
            check_drawn_twice(what, rc1, &a, rc2, &b);
        }
    }
    buffer a, b;
    healsim_diag diag;
    int rc1 = render(HEALSIM_FIGURE_HANDOUT, HEALSIM_FORMAT_PDF, &sc->data, &sc->style, &a, &diag);
    int rc2 = render(HEALSIM_FIGURE_HANDOUT, HEALSIM_FORMAT_PDF, &sc->data, &sc->style, &b, &diag);
    CHECK(rc1 == HEALSIM_OK && rc2 == HEALSIM_OK, "handout drawn twice: render returned %d and %d", rc1, rc2);
    check_same("handout.pdf drawn twice", a.bytes, a.size, b.bytes, b.size);
    free(a.bytes);
    free(b.bytes);
}

/* Every figure file of a folder: 5 figures x 3 formats and the handout. */
static size_t all_files(healsim_figure_file *files)
{
    size_t n = 0;
    for (int f = 0; f < HEALSIM_N_FIGURES; f++)
        for (size_t k = 0; k < 3; k++) {
            if (f == HEALSIM_FIGURE_HANDOUT && formats[k] != HEALSIM_FORMAT_PDF)
                continue;
            memset(&files[n], 0, sizeof files[n]);
            files[n].figure = (healsim_figure)f;
            files[n].format = formats[k];
            n++;
        }
    return n;
}

static void test_render_files_bytes_do_not_depend_on_threads(void)
{
    const scenario *sc = &scenarios[2]; /* ligament-prolotherapy */
    healsim_figure_file one[HEALSIM_N_FIGURES * 3], four[HEALSIM_N_FIGURES * 3];
    size_t n = all_files(one);
    all_files(four);
    CHECK(n == 16, "%zu figure files, expected 16", n);
    healsim_diag diag;
    int rc1 = healsim_figure_render_files(one, n, &sc->data, &sc->style, 1, &diag);
    CHECK(rc1 == HEALSIM_OK, "render_files, 1 thread: %d: %s", rc1, diag.message);
    int rc4 = healsim_figure_render_files(four, n, &sc->data, &sc->style, 4, &diag);
    CHECK(rc4 == HEALSIM_OK, "render_files, 4 threads: %d: %s", rc4, diag.message);
    if (rc1 || rc4)
        return;
    for (size_t i = 0; i < n; i++) {
        char what[160];
        snprintf(what, sizeof what, "%s.%s with 1 and 4 threads", healsim_figure_name(one[i].figure),
                 format_name(one[i].format));
        CHECK(one[i].status == HEALSIM_OK && four[i].status == HEALSIM_OK, "%s: status %d and %d", what,
              one[i].status, four[i].status);
        check_same(what, one[i].bytes, one[i].size, four[i].bytes, four[i].size);
        /* and the same as drawing it alone */
        buffer b;
        int rc = render(one[i].figure, one[i].format, &sc->data, &sc->style, &b, &diag);
        snprintf(what, sizeof what, "%s.%s from render_files and from render",
                 healsim_figure_name(one[i].figure), format_name(one[i].format));
        CHECK(rc == HEALSIM_OK, "%s: render returned %d: %s", what, rc, diag.message);
        check_same(what, one[i].bytes, one[i].size, b.bytes, b.size);
        free(b.bytes);
        free(one[i].bytes);
        free(four[i].bytes);
    }
}

/* ---- errors ------------------------------------------------------------------ */

static void expect_input_error(const char *what, healsim_figure f, unsigned format,
                               const healsim_figure_data *data, const healsim_figure_style *style)
{
    buffer b;
    healsim_diag diag;
    int rc = render(f, format, data, style, &b, &diag);
    CHECK(rc == HEALSIM_ERR_INPUT, "%s: returned %d, expected HEALSIM_ERR_INPUT (%d)", what, rc,
          HEALSIM_ERR_INPUT);
    CHECK(diag.message[0] != '\0', "%s: no message in diag", what);
    free(b.bytes);
}

static void test_render_rejects_bad_requests(void)
{
    const scenario *sc = &scenarios[0];
    expect_input_error("format 0", HEALSIM_FIGURE_PHASES, 0, &sc->data, &sc->style);
    expect_input_error("format 3 (PNG and SVG)", HEALSIM_FIGURE_PHASES, HEALSIM_FORMAT_PNG | HEALSIM_FORMAT_SVG,
                       &sc->data, &sc->style);
    expect_input_error("format 8 (no such bit)", HEALSIM_FIGURE_PHASES, 8u, &sc->data, &sc->style);
    expect_input_error("handout as PNG", HEALSIM_FIGURE_HANDOUT, HEALSIM_FORMAT_PNG, &sc->data, &sc->style);
    expect_input_error("handout as SVG", HEALSIM_FIGURE_HANDOUT, HEALSIM_FORMAT_SVG, &sc->data, &sc->style);
    expect_input_error("figure HEALSIM_N_FIGURES", HEALSIM_N_FIGURES, HEALSIM_FORMAT_PNG, &sc->data,
                       &sc->style);
    healsim_figure_style style = sc->style;
    style.width_px = 0;
    expect_input_error("width 0", HEALSIM_FIGURE_PHASES, HEALSIM_FORMAT_PNG, &sc->data, &style);
    style = sc->style;
    style.height_px = 0;
    expect_input_error("height 0", HEALSIM_FIGURE_PHASES, HEALSIM_FORMAT_SVG, &sc->data, &style);
    style = sc->style;
    style.width_px = style.height_px = 10000; /* 100 million pixels */
    expect_input_error("10000 x 10000 px", HEALSIM_FIGURE_PHASES, HEALSIM_FORMAT_PNG, &sc->data, &style);
    healsim_figure_data one_row;
    healsim_figure_data_init(&one_row, healsim_run_row(sc->run, 0), 1, sc->params.soreness_threshold);
    expect_input_error("data with 1 row", HEALSIM_FIGURE_PHASES, HEALSIM_FORMAT_PNG, &one_row, &sc->style);
    expect_input_error("data with 1 row, PDF", HEALSIM_FIGURE_OUTCOME, HEALSIM_FORMAT_PDF, &one_row,
                       &sc->style);
}

static void test_render_files_reports_the_first_failure_and_keeps_no_bytes(void)
{
    const scenario *sc = &scenarios[0];
    healsim_figure_file files[4] = {
        { .figure = HEALSIM_FIGURE_PHASES, .format = HEALSIM_FORMAT_PNG },
        { .figure = HEALSIM_FIGURE_HANDOUT, .format = HEALSIM_FORMAT_SVG }, /* first failure */
        { .figure = HEALSIM_FIGURE_CELLS, .format = 3u },
        { .figure = HEALSIM_FIGURE_OUTCOME, .format = HEALSIM_FORMAT_SVG },
    };
    healsim_diag diag;
    memset(&diag, 0, sizeof diag);
    int rc = healsim_figure_render_files(files, 4, &sc->data, &sc->style, 2, &diag);
    CHECK(rc == HEALSIM_ERR_INPUT, "render_files with a bad file returned %d, expected %d", rc,
          HEALSIM_ERR_INPUT);
    CHECK(strcmp(diag.message, files[1].diag.message) == 0,
          "render_files names the first failed file's problem: got '%s', file 1 says '%s'", diag.message,
          files[1].diag.message);
    CHECK(files[1].status == HEALSIM_ERR_INPUT && files[2].status == HEALSIM_ERR_INPUT,
          "statuses of the bad files: %d and %d, expected %d", files[1].status, files[2].status,
          HEALSIM_ERR_INPUT);
    for (size_t i = 0; i < 4; i++) {
        CHECK(files[i].bytes == NULL && files[i].size == 0,
              "after a failure file %zu keeps %zu bytes (%p), expected none", i, files[i].size,
              (void *)files[i].bytes);
        free(files[i].bytes);
    }
}

static void test_check_font_names_a_missing_font(void)
{
    healsim_figure_style style = scenarios[0].style;
    healsim_diag diag;
    memset(&diag, 0, sizeof diag);
    style.font = "No Such Font Family";
    int rc = healsim_figure_check_font(&style, &diag);
    CHECK(rc == HEALSIM_ERR_INPUT, "check_font('No Such Font Family') returned %d, expected %d", rc,
          HEALSIM_ERR_INPUT);
    CHECK_CONTAINS(diag.message, "'No Such Font Family'");
    style.font = "DejaVu Sans";
    rc = healsim_figure_check_font(&style, &diag);
    CHECK(rc == HEALSIM_OK, "check_font('DejaVu Sans') returned %d: %s", rc, diag.message);
}

/* Figure sizes inside the documented ranges (figure.width/height
** [64, 20000] px, dpi [18, 1200]) are drawn, or refused as bad input with
** a message; a page too small for its layout is not out of memory. */
static void test_small_pages_are_drawn_or_refused_as_bad_input(void)
{
    const scenario *sc = &scenarios[0];
    static const double sizes[][3] = { { 800, 500, 200 }, { 400, 250, 200 }, { 64, 64, 200 } };
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        healsim_figure_style style = sc->style;
        style.width_px = sizes[s][0];
        style.height_px = sizes[s][1];
        style.dpi = sizes[s][2];
        for (int f = 0; f < HEALSIM_N_FIGURES; f++) {
            unsigned format = f == HEALSIM_FIGURE_HANDOUT ? HEALSIM_FORMAT_PDF : HEALSIM_FORMAT_PNG;
            buffer b;
            healsim_diag diag;
            int rc = render((healsim_figure)f, format, &sc->data, &style, &b, &diag);
            CHECK(rc == HEALSIM_OK || rc == HEALSIM_ERR_INPUT,
                  "%s.%s at %g x %g px, %g dpi: returned %d (%s), expected HEALSIM_OK or "
                  "HEALSIM_ERR_INPUT", healsim_figure_name((healsim_figure)f), format_name(format),
                  style.width_px, style.height_px, style.dpi, rc, diag.message);
            free(b.bytes);
        }
    }
}

/* The smallest page is 31 x 20 body font sizes (341 x 220 pt at 11 pt):
** every figure, the overview with its three panels included, draws at that
** size, and a page just below it is refused as too small, not drawn badly. */
static void test_smallest_page_draws_every_figure(void)
{
    const scenario *sc = &scenarios[0];
    healsim_figure_style style = sc->style;
    style.dpi = 200;
    style.width_px = ceil(31 * style.font_size_pt * style.dpi / 72);
    style.height_px = ceil(20 * style.font_size_pt * style.dpi / 72);
    for (int f = 0; f < HEALSIM_N_FIGURES; f++) {
        unsigned format = f == HEALSIM_FIGURE_HANDOUT ? HEALSIM_FORMAT_PDF : HEALSIM_FORMAT_PNG;
        buffer b;
        healsim_diag diag;
        int rc = render((healsim_figure)f, format, &sc->data, &style, &b, &diag);
        CHECK(rc == HEALSIM_OK, "%s.%s at %g x %g px, 200 dpi (the smallest page): returned %d (%s)",
              healsim_figure_name((healsim_figure)f), format_name(format), style.width_px,
              style.height_px, rc, diag.message);
        if (rc == HEALSIM_OK && format == HEALSIM_FORMAT_PNG)
            check_file("the smallest page", HEALSIM_FORMAT_PNG, &b, &style, NULL);
        free(b.bytes);
    }
    style.width_px -= 2;
    buffer b;
    healsim_diag diag;
    int rc = render(HEALSIM_FIGURE_PHASES, HEALSIM_FORMAT_PNG, &sc->data, &style, &b, &diag);
    CHECK(rc == HEALSIM_ERR_INPUT && strstr(diag.message, "too small"),
          "phases.png 2 px narrower than the smallest page: returned %d (%s), expected "
          "HEALSIM_ERR_INPUT saying it is too small", rc, diag.message);
    free(b.bytes);
    CHECK(healsim_figure_check_size(&style, &diag) == HEALSIM_ERR_INPUT,
          "healsim_figure_check_size refuses the same page: %s", diag.message);
}

/* ---- image regression --------------------------------------------------------- */

/* Fixed synthetic results for the reference images, so that a change to
** the model cannot move them (a change to the drawing must): each
** injection starts a textbook cascade, a log-normal bump per cell type and
** phase at its usual time after the injury, with collagen I and strength
** rising as sigmoids to a per-session gain that shrinks session by
** session, and soreness decaying over days.  Rows as healsim_run_row
** gives them: an injection is two rows at the same time. */
#define SYN_MAX_ROWS 4000
typedef struct synthetic {
    double rows[SYN_MAX_ROWS * HEALSIM_N_COLUMNS];
    size_t n;
    healsim_figure_data data;
} synthetic;

static double bump(double dt, double peak_days, double width)
{
    if (!(dt > 0))
        return 0;
    const double z = log(dt / peak_days) / width;
    return exp(-0.5 * z * z);
}

static void synthetic_row(synthetic *sy, double t, const double *inj, size_t n_inj, size_t upto)
{
    double *r = &sy->rows[sy->n++ * HEALSIM_N_COLUMNS];
    memset(r, 0, HEALSIM_N_COLUMNS * sizeof *r);
    r[HEALSIM_COL_TIME] = t;
    double strength = 60, collagen_i = 0;
    for (size_t i = 0; i < n_inj && i < upto; i++) {
        const double dt = t - inj[i];
        if (dt < 0)
            continue;
        const double damp = 1.0 / (1.0 + 0.15 * (double)i);
        r[HEALSIM_COL_STATE(HEALSIM_PLATELETS)] += damp * bump(dt, 0.15, 1.2);
        r[HEALSIM_COL_STATE(HEALSIM_NEUTROPHILS)] += damp * bump(dt, 1.5, 0.7);
        r[HEALSIM_COL_MACROPHAGES] += damp * bump(dt, 3.5, 0.6);
        r[HEALSIM_COL_STATE(HEALSIM_TGF_BETA)] += damp * bump(dt, 2.5, 0.9);
        r[HEALSIM_COL_STATE(HEALSIM_FIBROBLASTS)] += damp * bump(dt, 9, 0.5);
        r[HEALSIM_COL_STATE(HEALSIM_COLLAGEN_III)] += damp * bump(dt, 16, 0.5);
        collagen_i += damp / (1 + exp(-(dt - 30) / 9));
        strength += (2.2 - 0.25 * (double)i) / (1 + exp(-(dt - 18) / 6));
        r[HEALSIM_COL_SORENESS] += 5.5 * damp * exp(-dt / 1.6);
        r[HEALSIM_COL_HEMOSTASIS] = fmax(r[HEALSIM_COL_HEMOSTASIS], 0.95 * bump(dt, 0.08, 1.3));
        r[HEALSIM_COL_INFLAMMATION] = fmax(r[HEALSIM_COL_INFLAMMATION], 0.9 * bump(dt, 2, 0.8));
        r[HEALSIM_COL_REPAIR] = fmax(r[HEALSIM_COL_REPAIR], 0.9 * bump(dt, 11, 0.6));
        r[HEALSIM_COL_REMODELING] = fmax(r[HEALSIM_COL_REMODELING], 0.85 * bump(dt, 70, 0.8));
    }
    r[HEALSIM_COL_STATE(HEALSIM_COLLAGEN_I)] = collagen_i * exp(-fmax(0, t - 200) / 400);
    r[HEALSIM_COL_STATE(HEALSIM_STRENGTH)] = strength;
}

/* Results over [0, span_days] with injections at inj (increasing, the
** first may be 0), titled as a run of a preset would be. */
static void synthetic_init(synthetic *sy, const double *inj, size_t n_inj, double span_days, const char *title,
                           const char *caption)
{
    sy->n = 0;
    size_t next = 0;
    double t = 0;
    while (t <= span_days + 1e-9 && sy->n + 3 < SYN_MAX_ROWS) {
        if (next < n_inj && inj[next] <= t + 1e-12) {
            const double ti = inj[next];
            synthetic_row(sy, ti, inj, n_inj, next);      /* just before the injury */
            synthetic_row(sy, ti, inj, n_inj, next + 1);  /* just after */
            next++;
            t = ti + 0.01;
            continue;
        }
        synthetic_row(sy, t, inj, n_inj, next);
        /* dense after an injury, where the cascade is fast, a day apart later */
        const double since = next ? t - inj[next - 1] : t;
        double step = since < 0.5 ? 0.02 : since < 12 ? 0.1 : 1.0;
        if (next < n_inj && t + step > inj[next])
            step = inj[next] - t;
        t += step > 1e-6 ? step : 1e-6;
    }
    healsim_figure_data_init(&sy->data, sy->rows, sy->n, 2.0);
    sy->data.title = title;
    sy->data.caption = caption;
    sy->data.changed = "figure.theme = dark";
}

static synthetic syn_series, syn_single, syn_delayed;

static void test_figures_match_the_reference_images(void)
{
    static const double every_4_weeks[] = { 0, 28, 56, 84, 112 }, once[] = { 0 },
                        rabago[] = { 7, 35, 63, 91, 119 };
    synthetic_init(&syn_series, every_4_weeks, 5, 365, "Lax ligament, dextrose every 4 weeks x 5",
                   "Synthetic results: five sessions four weeks apart, 365 days");
    synthetic_init(&syn_single, once, 1, 365, "Acute skin cut, no treatment",
                   "Synthetic results: one injury at day 0, 365 days");
    synthetic_init(&syn_delayed, rabago, 5, 365, "Knee osteoarthritis, dextrose at weeks 1, 5, 9, 13, 17",
                   "Synthetic results: five sessions from day 7, 365 days");
    static const struct {
        const char *name;  /* tests/reference/NAME.png */
        const synthetic *rows;
        healsim_figure figure;
        healsim_theme theme;
    } refs[] = {
        { "default-phases", &syn_series, HEALSIM_FIGURE_PHASES, HEALSIM_THEME_LIGHT },
        { "default-phases-log", &syn_series, HEALSIM_FIGURE_PHASES_LOG, HEALSIM_THEME_LIGHT },
        { "default-outcome", &syn_series, HEALSIM_FIGURE_OUTCOME, HEALSIM_THEME_LIGHT },
        { "acute-skin-cut-cells", &syn_single, HEALSIM_FIGURE_CELLS, HEALSIM_THEME_LIGHT },
        { "knee-oa-rabago-overview-dark", &syn_delayed, HEALSIM_FIGURE_OVERVIEW, HEALSIM_THEME_DARK },
    };
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
        healsim_figure_style style = reference_style(&scenarios[0].style, refs[i].theme);
        buffer b;
        healsim_diag diag;
        int rc = render(refs[i].figure, HEALSIM_FORMAT_PNG, &refs[i].rows->data, &style, &b, &diag);
        check_reference(refs[i].name, rc, &b, &diag);
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    for (size_t p = 0; p < N_PRESETS; p++)
        scenario_init(&scenarios[p], preset_names[p]);

    test_every_preset_figure_and_format_draws_a_valid_file_with_its_curves();
    test_handout_has_six_pages();
    test_dark_theme_draws_every_figure_on_a_dark_background();
    test_same_figure_twice_gives_the_same_bytes();
    test_render_files_bytes_do_not_depend_on_threads();
    test_render_rejects_bad_requests();
    test_render_files_reports_the_first_failure_and_keeps_no_bytes();
    test_check_font_names_a_missing_font();
    test_small_pages_are_drawn_or_refused_as_bad_input();
    test_smallest_page_draws_every_figure();
    test_figures_match_the_reference_images();

    for (size_t p = 0; p < N_PRESETS; p++)
        scenario_free(&scenarios[p]);
    return check_report("test_figures");
}
