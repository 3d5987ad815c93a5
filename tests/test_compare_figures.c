/*
** test_compare_figures.c — the figures of `healsim compare` through their
** public API (healsim_compare_render).
**
** Five arms are simulated from the presets in params/ (an untreated lax
** ligament, prolotherapy every 4 and every 2 weeks, the Rabago schedule,
** and three sessions of 25 % dextrose set with healsim_params_set); each
** comparison figure is drawn from 2, 3 and 5 of them in every format into
** memory and read back: PNGs are decoded with cairo and checked for size,
** content and the arms' colours (the bars in the order given), SVG and PDF
** for their framing and page size.  Then the dark theme, the smallest page,
** arms of different spans and very long names, determinism, the errors of
** the API, and an image regression of compare-outcome and compare-bars
** against tests/reference/, with the mechanism and tolerance that
** figure_checks.h gives test_figures.c too: more than 0.5 % of pixels
** differing by more than 16 in a channel fails.  After an intended change to the drawing, look at the new
** figures, then refresh the references with
**
**     HEALSIM_UPDATE_REFERENCES=1 ctest --test-dir build -R test_compare_figures
**
** A failed comparison writes the drawn image as NAME.actual.png into the
** working directory.
*/
#define TEST_NAME "test_compare_figures"

#include "check.h"
#include "figure_checks.h"
#include "healsim/figure.h"
#include "helpers.h"

#define FIG(f) ((healsim_compare_figure)(f))

/* ---- the arms ---------------------------------------------------------------- */

typedef struct arm_run {
    const char *label;
    healsim_params params;
    healsim_run *run;
} arm_run;

#define N_RUNS 6
static arm_run runs[N_RUNS];
static healsim_figure_style style; /* the default preset's look at SMOKE_W x SMOKE_H, SMOKE_DPI */
static healsim_figure_config figure_config; /* the first arm's [figure]: style borrows its texts */

/* Load a preset, apply "section.key", "value" pairs, check and run it. */
static void arm_init(arm_run *a, const char *label, const char *preset, const char *const *sets,
                     size_t n_sets)
{
    a->label = label;
    a->params = load_preset(preset, NULL, 0);
    healsim_diag d;
    for (size_t i = 0; i < n_sets; i++)
        if (healsim_params_set(&a->params, NULL, sets[2 * i], sets[2 * i + 1], &d)) {
            fprintf(stderr, "test_compare_figures: %s %s=%s: %s\n", preset, sets[2 * i], sets[2 * i + 1],
                    d.message);
            exit(2);
        }
    if (healsim_params_check(&a->params, &d)) {
        fprintf(stderr, "test_compare_figures: %s: %s\n", preset, d.message);
        exit(2);
    }
    a->run = run_or_die(&a->params);
}

/* arms[i] is runs[which[i]]. */
static void make_arms(healsim_compare_arm *arms, const size_t *which, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const arm_run *a = &runs[which[i]];
        arms[i].label = a->label;
        healsim_figure_data_init(&arms[i].data, healsim_run_row(a->run, 0), healsim_run_n_rows(a->run),
                                 a->params.soreness_threshold);
    }
}

static const size_t two[] = { 0, 1 }, three[] = { 0, 1, 3 }, five[] = { 0, 1, 2, 3, 4 };
static const struct {
    const char *name;
    const size_t *which;
    size_t n;
} sets[] = { { "2 arms", two, 2 }, { "3 arms", three, 3 }, { "5 arms", five, 5 } };
#define N_SETS (sizeof sets / sizeof sets[0])

/* The arms' colours in order (the light theme's Okabe-Ito blue first). */
static const uint32_t arm_colours[5] = { 0x0072B2, 0xD55E00, 0x009E73, 0xE69F00, 0xCC79A7 };

/* ---- drawing into memory ------------------------------------------------------ */

static int render(healsim_compare_figure f, unsigned format, const healsim_compare_arm *arms, size_t n,
                  const char *title, const healsim_figure_style *st, buffer *b, healsim_diag *diag)
{
    FILE *mem = buffer_open(b);
    memset(diag, 0, sizeof *diag);
    int rc = healsim_compare_render(f, format, arms, n, title, st, mem, diag);
    buffer_close(mem);
    return rc;
}

/* Draw one figure and check it (check_drawn, with the arms' colours; the
** PNG's facts go to *pf unless pf is NULL).  Returns render's status. */
static int render_and_check(const char *what, healsim_compare_figure f, unsigned format,
                            const healsim_compare_arm *arms, size_t n, const char *title,
                            const healsim_figure_style *st, png_facts *pf)
{
    buffer b;
    healsim_diag diag;
    int rc = render(f, format, arms, n, title, st, &b, &diag);
    check_drawn(what, rc, &diag, format, &b, st, arm_colours, 5, pf);
    return rc;
}

/* Every figure of the n arms in every format, titled title, in the given
** style; what each is called starts with label. */
static void draw_every_figure(const char *label, const healsim_compare_arm *arms, size_t n, const char *title,
                              const healsim_figure_style *st)
{
    for (int f = 0; f < HEALSIM_N_COMPARE_FIGURES; f++)
        for (size_t k = 0; k < 3; k++) {
            char what[160];
            snprintf(what, sizeof what, "%s %s.%s", label, healsim_compare_figure_name(FIG(f)),
                     format_name(formats[k]));
            render_and_check(what, FIG(f), formats[k], arms, n, title, st, NULL);
        }
}

/* ---- every figure, arm set and format --------------------------------------------- */

static void test_every_figure_draws_in_every_format(void)
{
    for (size_t s = 0; s < N_SETS; s++) {
        healsim_compare_arm arms[5];
        make_arms(arms, sets[s].which, sets[s].n);
        draw_every_figure(sets[s].name, arms, sets[s].n, "Lax knee ligament", &style);
    }
}

/* The arms' colours in a PNG drawn large enough for curves to cover whole
** pixels: every arm's colour on the bars (solid fills), at least three on
** the outcome (curves and injection marks), at least three phase colours
** on the phase panels (vermillion, orange, green, blue). */
static void test_the_arms_colours_are_on_the_figures(void)
{
    const healsim_figure_style st = large_page(&style);
    healsim_compare_arm arms[5];
    make_arms(arms, five, 5);
    for (int f = 0; f < HEALSIM_N_COMPARE_FIGURES; f++) {
        char what[160];
        snprintf(what, sizeof what, "5 arms %s.png at 1200 x 750 px",
                 healsim_compare_figure_name(FIG(f)));
        png_facts pf;
        if (render_and_check(what, FIG(f), HEALSIM_FORMAT_PNG, arms, 5, "", &st, &pf) != HEALSIM_OK)
            continue;
        const size_t *c = pf.palette_count;
        const size_t found = pf.palette_found;
        if (f == HEALSIM_COMPARE_BARS)
            CHECK(found == 5, "%s: %zu of the 5 arms' colours occur (expected all): #0072B2 %zu, "
                  "#D55E00 %zu, #009E73 %zu, #E69F00 %zu, #CC79A7 %zu", what, found, c[0], c[1], c[2], c[3],
                  c[4]);
        else
            CHECK(found >= 3, "%s: %zu of the Okabe-Ito colours occur (expected >= 3): #0072B2 %zu, "
                  "#D55E00 %zu, #009E73 %zu, #E69F00 %zu, #CC79A7 %zu", what, found, c[0], c[1], c[2], c[3],
                  c[4]);
    }
}

/* The bars stand in the order the arms are given: some row of the bar
** chart crosses, left to right, one bar of each arm's colour, in order. */
static int bars_in_order(cairo_surface_t *s, const uint32_t *want, size_t n)
{
    const int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    for (int y = h - 1; y >= 0; y--) {
        uint32_t seen[16];
        size_t n_seen = 0;
        for (int x = 0; x < w && n_seen < 16; x++) {
            uint32_t c = pixel(s, x, y);
            int arm = 0;
            for (size_t j = 0; j < 5; j++)
                arm |= c == arm_colours[j];
            if (arm && (n_seen == 0 || seen[n_seen - 1] != c))
                seen[n_seen++] = c;
        }
        if (n_seen == n && memcmp(seen, want, n * sizeof *want) == 0)
            return 1;
    }
    return 0;
}

static void test_bars_stand_in_the_order_given(void)
{
    const size_t order[2][3] = { { 0, 1, 3 }, { 3, 0, 1 } };
    for (int o = 0; o < 2; o++) {
        healsim_compare_arm arms[3];
        make_arms(arms, order[o], 3);
        buffer b;
        healsim_diag diag;
        int rc = render(HEALSIM_COMPARE_BARS, HEALSIM_FORMAT_PNG, arms, 3, "", &style, &b, &diag);
        CHECK(rc == HEALSIM_OK, "bars, order %d: render returned %d: %s", o, rc, diag.message);
        const char *why = "";
        cairo_surface_t *s = rc == HEALSIM_OK ? decode_png(b.bytes, b.size, &why) : NULL;
        if (s) {
            /* arm i has the i-th colour, whichever run it is */
            CHECK(bars_in_order(s, arm_colours, 3),
                  "bars, order %d: no row crosses bars of #0072B2, #D55E00, #009E73 in that order", o);
            cairo_surface_destroy(s);
        }
        free(b.bytes);
    }
}

static void test_dark_theme_draws_every_figure(void)
{
    healsim_figure_style st = style;
    st.theme = HEALSIM_THEME_DARK;
    healsim_compare_arm arms[5];
    make_arms(arms, five, 5);
    draw_every_figure("dark", arms, 5, "Lax knee ligament", &st);
}

/* The smallest page healsim allows (31 x 20 body font sizes) draws every
** figure with 2, 5 and 8 arms; the default size (1600 x 1000 px) too. */
static void test_smallest_and_default_pages_draw_every_figure(void)
{
    healsim_figure_style sizes[2];
    smallest_and_default_pages(&style, sizes);
    const size_t eight[] = { 0, 1, 2, 3, 4, 5, 1, 2 };
    const size_t counts[] = { 2, 5, 8 };
    for (size_t z = 0; z < 2; z++)
        for (size_t c = 0; c < 3; c++) {
            healsim_compare_arm arms[8];
            make_arms(arms, eight, counts[c]);
            for (int f = 0; f < HEALSIM_N_COMPARE_FIGURES; f++) {
                char what[160];
                snprintf(what, sizeof what, "%zu arms %s.png at %g x %g px", counts[c],
                         healsim_compare_figure_name(FIG(f)), sizes[z].width_px,
                         sizes[z].height_px);
                render_and_check(what, FIG(f), HEALSIM_FORMAT_PNG, arms, counts[c], "Lax knee ligament",
                                 &sizes[z], NULL);
            }
        }
    healsim_figure_style small = sizes[0];
    small.width_px -= 2;
    healsim_compare_arm arms[2];
    make_arms(arms, two, 2);
    buffer b;
    healsim_diag diag;
    int rc = render(HEALSIM_COMPARE_BARS, HEALSIM_FORMAT_PNG, arms, 2, "", &small, &b, &diag);
    CHECK(rc == HEALSIM_ERR_INPUT && strstr(diag.message, "too small"),
          "compare-bars 2 px narrower than the smallest page: returned %d (%s), expected HEALSIM_ERR_INPUT "
          "saying it is too small", rc, diag.message);
    free(b.bytes);
}

/* Arms of different spans and schedules, names far longer than a bar, no
** title at all: drawn, not refused. */
static void test_unusual_arms_are_drawn(void)
{
    healsim_compare_arm arms[3];
    const size_t which[] = { 5, 3, 0 }; /* 200 days, the Rabago schedule, no injections */
    make_arms(arms, which, 3);
    arms[1].label = "A very long name for an arm, longer than any bar is wide: Rabago et al. 2013, "
                    "25 % dextrose, 6 mL, weeks 1, 5, 9, 13 and 17";
    arms[2].label = NULL;
    draw_every_figure("unusual arms", arms, 3, NULL, &style);
}

/* ---- determinism --------------------------------------------------------------------- */

static void test_same_figure_twice_gives_the_same_bytes(void)
{
    healsim_compare_arm arms[5];
    make_arms(arms, five, 5);
    for (int f = 0; f < HEALSIM_N_COMPARE_FIGURES; f++)
        for (size_t k = 0; k < 3; k++) {
            char what[160];
            snprintf(what, sizeof what, "%s.%s drawn twice", healsim_compare_figure_name(FIG(f)),
                     format_name(formats[k]));
            buffer a, b, other;
            healsim_diag diag;
            int rc1 = render(FIG(f), formats[k], arms, 5, "Lax knee ligament", &style, &a, &diag);
            /* something else in between, so process-wide counters move on */
            render(FIG((f + 1) % HEALSIM_N_COMPARE_FIGURES), formats[k], arms, 3, "", &style,
                   &other, &diag);
            free(other.bytes);
            int rc2 = render(FIG(f), formats[k], arms, 5, "Lax knee ligament", &style, &b, &diag);
            check_drawn_twice(what, rc1, &a, rc2, &b);
        }
}

/* ---- errors ---------------------------------------------------------------------------- */

static void expect_input_error(const char *what, healsim_compare_figure f, unsigned format,
                               const healsim_compare_arm *arms, size_t n, const healsim_figure_style *st)
{
    buffer b;
    healsim_diag diag;
    int rc = render(f, format, arms, n, "", st, &b, &diag);
    check_refused(what, rc, &diag, &b, NULL);
}

static void test_render_rejects_bad_requests(void)
{
    healsim_compare_arm arms[9];
    const size_t nine[] = { 0, 1, 2, 3, 4, 5, 0, 1, 2 };
    make_arms(arms, nine, 9);
    expect_input_error("1 arm", HEALSIM_COMPARE_OUTCOME, HEALSIM_FORMAT_PNG, arms, 1, &style);
    expect_input_error("0 arms", HEALSIM_COMPARE_BARS, HEALSIM_FORMAT_PNG, arms, 0, &style);
    expect_input_error("NULL arms", HEALSIM_COMPARE_BARS, HEALSIM_FORMAT_SVG, NULL, 2, &style);
    expect_input_error("9 arms", HEALSIM_COMPARE_PHASES, HEALSIM_FORMAT_PNG, arms, 9, &style);
    expect_input_error("format 0", HEALSIM_COMPARE_OUTCOME, 0, arms, 2, &style);
    expect_input_error("format 3 (PNG and SVG)", HEALSIM_COMPARE_OUTCOME,
                       HEALSIM_FORMAT_PNG | HEALSIM_FORMAT_SVG, arms, 2, &style);
    expect_input_error("format 8 (no such bit)", HEALSIM_COMPARE_BARS, 8u, arms, 2, &style);
    expect_input_error("figure HEALSIM_N_COMPARE_FIGURES", HEALSIM_N_COMPARE_FIGURES, HEALSIM_FORMAT_PNG,
                       arms, 2, &style);
    healsim_figure_style st = style;
    st.width_px = 0;
    expect_input_error("width 0", HEALSIM_COMPARE_BARS, HEALSIM_FORMAT_PNG, arms, 2, &st);
    st = style;
    st.width_px = st.height_px = 10000; /* 100 million pixels */
    expect_input_error("10000 x 10000 px", HEALSIM_COMPARE_OUTCOME, HEALSIM_FORMAT_PNG, arms, 2, &st);
    /* an arm with a single row, first or last */
    healsim_compare_arm short_arms[3];
    make_arms(short_arms, three, 3);
    short_arms[2].data.n_rows = 1;
    expect_input_error("the third arm with 1 row", HEALSIM_COMPARE_OUTCOME, HEALSIM_FORMAT_PNG, short_arms, 3,
                       &style);
    expect_input_error("the third arm with 1 row, bars as PDF", HEALSIM_COMPARE_BARS, HEALSIM_FORMAT_PDF,
                       short_arms, 3, &style);
    make_arms(short_arms, three, 3);
    short_arms[0].data.n_rows = 0;
    expect_input_error("the first arm with no rows", HEALSIM_COMPARE_PHASES, HEALSIM_FORMAT_SVG,
                       short_arms, 3, &style);
    /* the message names the arm and the file */
    buffer b;
    healsim_diag diag;
    make_arms(short_arms, three, 3);
    short_arms[1].data.n_rows = 1;
    render(HEALSIM_COMPARE_OUTCOME, HEALSIM_FORMAT_PNG, short_arms, 3, "", &style, &b, &diag);
    free(b.bytes);
    CHECK_CONTAINS(diag.message, "arm 2");
    CHECK_CONTAINS(diag.message, runs[1].label);
    CHECK(strcmp(diag.file, "compare-outcome.png") == 0, "diag.file is '%s', expected 'compare-outcome.png'",
          diag.file);
}

/* A stream that cannot be written is an I/O error. */
static void test_a_stream_that_fails_is_an_io_error(void)
{
    healsim_compare_arm arms[2];
    make_arms(arms, two, 2);
    FILE *ro = fopen("/dev/null", "r");
    if (!ro)
        die("/dev/null");
    healsim_diag diag;
    int rc = healsim_compare_render(HEALSIM_COMPARE_BARS, HEALSIM_FORMAT_SVG, arms, 2, "", &style, ro, &diag);
    fclose(ro);
    CHECK(rc == HEALSIM_ERR_IO, "writing to a read-only stream returned %d (%s), expected HEALSIM_ERR_IO", rc,
          diag.message);
}

static void test_names(void)
{
    static const char *const want[HEALSIM_N_COMPARE_FIGURES] = { "compare-outcome", "compare-phases",
                                                                  "compare-bars" };
    for (int f = 0; f < HEALSIM_N_COMPARE_FIGURES; f++) {
        const char *got = healsim_compare_figure_name(FIG(f));
        CHECK(got && strcmp(got, want[f]) == 0, "healsim_compare_figure_name(%d) is '%s', expected '%s'", f,
              got ? got : "(null)", want[f]);
    }
    CHECK(healsim_compare_figure_name(HEALSIM_N_COMPARE_FIGURES) == NULL,
          "healsim_compare_figure_name(HEALSIM_N_COMPARE_FIGURES) is not NULL");
    CHECK(healsim_compare_figure_name(FIG(-1)) == NULL,
          "healsim_compare_figure_name(-1) is not NULL");
}

/* ---- image regression ------------------------------------------------------------------ */

static void test_figures_match_the_reference_images(void)
{
    static const struct {
        const char *name; /* tests/reference/NAME.png */
        healsim_compare_figure figure;
        healsim_theme theme;
    } refs[] = {
        { "compare-outcome-5-arms", HEALSIM_COMPARE_OUTCOME, HEALSIM_THEME_LIGHT },
        { "compare-bars-5-arms", HEALSIM_COMPARE_BARS, HEALSIM_THEME_LIGHT },
    };
    healsim_compare_arm arms[5];
    make_arms(arms, five, 5);
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
        healsim_figure_style st = reference_style(&style, refs[i].theme);
        buffer b;
        healsim_diag diag;
        int rc = render(refs[i].figure, HEALSIM_FORMAT_PNG, arms, 5,
                        "Lax knee ligament, 60 % of healthy strength", &st, &b, &diag);
        check_reference(refs[i].name, rc, &b, &diag);
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    static const char *const sessions_25[] = { "schedule.count", "3", "schedule.concentration_pct", "25" };
    static const char *const short_span[] = { "schedule.count", "2", "schedule.span_days", "200",
                                              "output.checkpoints_days", "42, 90" };
    arm_init(&runs[0], "No treatment", "lax-ligament-untreated.ini", NULL, 0);
    arm_init(&runs[1], "Prolotherapy every 4 weeks", "default.ini", NULL, 0);
    arm_init(&runs[2], "Prolotherapy every 2 weeks", "ligament-prolotherapy.ini", NULL, 0);
    arm_init(&runs[3], "Rabago 2013", "knee-oa-rabago.ini", NULL, 0);
    arm_init(&runs[4], "3 sessions of 25 % dextrose", "default.ini", sessions_25, 2);
    arm_init(&runs[5], "2 sessions, 200 days", "default.ini", short_span, 3);
    figure_config = load_preset_figure("lax-ligament-untreated.ini");
    healsim_figure_style_from_config(&style, &figure_config);
    style.width_px = SMOKE_W;
    style.height_px = SMOKE_H;
    style.dpi = SMOKE_DPI;

    test_names();
    test_every_figure_draws_in_every_format();
    test_the_arms_colours_are_on_the_figures();
    test_bars_stand_in_the_order_given();
    test_dark_theme_draws_every_figure();
    test_smallest_and_default_pages_draw_every_figure();
    test_unusual_arms_are_drawn();
    test_same_figure_twice_gives_the_same_bytes();
    test_render_rejects_bad_requests();
    test_a_stream_that_fails_is_an_io_error();
    test_figures_match_the_reference_images();

    for (size_t i = 0; i < N_RUNS; i++)
        healsim_run_free(runs[i].run);
    return check_report("test_compare_figures");
}
