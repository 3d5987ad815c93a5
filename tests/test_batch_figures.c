/*
** test_batch_figures.c — the figures of the batch commands (healsim sweep,
** healsim population, healsim sensitivity) through their public API:
** healsim_sweep_render (a line for one parameter, a heatmap for two),
** healsim_population_render and healsim_tornado_render.
**
** The data are realistic: the sweeps are end strengths that `healsim run`
** computed for the default scenario (schedule.interval 1-8 weeks; interval
** x count, where 8 sessions 8 weeks apart do not fit the year and fail);
** the population is simulated here, 24 virtual patients whose
** tissue.turnover and inflammation.neutrophil_recruitment_per_day are each
** perturbed by up to ±20 %; the sensitivities are made up but plausible.
** Every figure is drawn in every format into memory and read back (PNGs
** decoded with cairo and checked for size, content and their colours, SVG
** and PDF for their framing and page size), in the dark theme, on the
** smallest and the default page, with unusual data; then determinism, the
** errors of the API, and an image regression of each figure against
** tests/reference/ with the mechanism and tolerance of figure_checks.h.
** After an intended change to the drawing, look at the new figures, then
** refresh the references with
**
**     HEALSIM_UPDATE_REFERENCES=1 ctest --test-dir build -R test_batch_figures
**
** A failed comparison writes the drawn image as NAME.actual.png into the
** working directory.
*/
#define TEST_NAME "test_batch_figures"

#include "check.h"
#include "figure_checks.h"
#include "healsim/figure.h"
#include "helpers.h"

static healsim_figure_style style; /* the default look at SMOKE_W x SMOKE_H, SMOKE_DPI */

/* ---- the data ---------------------------------------------------------------- */

/* healsim run --set schedule.interval=W: outcome.strength_end_pct */
static const double weeks[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const double end_strength[8] = { 70.27919652, 69.56690223, 68.83718851, 68.46725548,
                                        68.28892645, 68.19526463, 68.13638766, 68.08616438 };

/* the same over schedule.interval (rows) x schedule.count (columns) */
static const double grid_weeks[6] = { 1, 2, 3, 4, 6, 8 };
static const double grid_counts[7] = { 1, 2, 3, 4, 5, 6, 8 };
static double grid_strength[6 * 7] = {
    62.18770212, 64.4766606,  66.67497832, 68.62521043, 70.27919652, 71.64812077, 73.67141115,
    62.18770212, 64.44738335, 66.45324082, 68.1517436,  69.56690223, 70.73760604, 72.49506928,
    62.18770212, 64.26702162, 66.05651965, 67.56831519, 68.83718851, 69.89865567, 71.52375016,
    62.18770212, 64.16021718, 65.84434217, 67.26815998, 68.46725548, 69.47504258, 71.02671591,
    62.18770212, 64.08406872, 65.69295549, 67.05146135, 68.19526463, 69.15032287, 70.40630033,
    62.18770212, 64.06134781, 65.64564818, 66.97999233, 68.08616438, 68.8904555,  0 /* NaN: set in main */,
};

static const char *const sens_names[10] = {
    "tissue.turnover",
    "schedule.concentration_pct",
    "inflammation.neutrophil_recruitment_per_day",
    "repair.fibroblast_proliferation_per_day",
    "remodeling.collagen_crosslinking_per_day",
    "inflammation.macrophage_efferocytosis",
    "schedule.volume_ml",
    "hemostasis.platelet_activation",
    "repair.tgf_beta_half_life_days",
    "tissue.initial_strength_pct",
};
static const double sens_values[10] = { 0.82, 0.61, -0.44, 0.37, 0.29, -0.21, 0.15, 0.08, -0.05, 0.012 };

#define N_PATIENTS 24
#define N_DAYS 366
static double days[N_DAYS], quantile[5][N_DAYS];
static double injection_days[HEALSIM_MAX_FIGURE_INJECTIONS];
static size_t n_injections;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The p-quantile of n sorted values, linearly interpolated. */
static double quantile_of(const double *sorted, size_t n, double p)
{
    const double x = p * (double)(n - 1);
    const size_t i = (size_t)x;
    return i + 1 >= n ? sorted[n - 1] : sorted[i] + (sorted[i + 1] - sorted[i]) * (x - (double)i);
}

/* Simulate the virtual patients: each parameter scaled by a factor in
** [0.8, 1.2] from a fixed sequence, strength read at every whole day
** (after the injury where an injection falls on the day). */
static void make_population(void)
{
    static double strength[N_PATIENTS][N_DAYS];
    unsigned long seed = 12345;
    for (size_t k = 0; k < N_PATIENTS; k++) {
        healsim_params p = load_preset(NULL, NULL, 0);
        healsim_diag d;
        char value[2][32];
        for (int j = 0; j < 2; j++) {
            seed = seed * 6364136223846793005ul + 1442695040888963407ul;
            const double u = (double)(seed >> 11) / 9007199254740992.0; /* [0, 1) */
            snprintf(value[j], sizeof value[j], "%.6g", (j ? 2.4 : 0.45) * (0.8 + 0.4 * u));
        }
        if (healsim_params_set(&p, NULL, "tissue.turnover", value[0], &d)
            || healsim_params_set(&p, NULL, "inflammation.neutrophil_recruitment_per_day", value[1], &d)
            || healsim_params_check(&p, &d)) {
            fprintf(stderr, TEST_NAME ": patient %zu: %s\n", k + 1, d.message);
            exit(2);
        }
        healsim_run *run = run_or_die(&p);
        for (size_t t = 0; t < N_DAYS; t++)
            strength[k][t] = value_at(run, HEALSIM_COL_STATE(HEALSIM_STRENGTH), (double)t);
        if (k == 0) {
            healsim_figure_data data;
            healsim_figure_data_init(&data, healsim_run_row(run, 0), healsim_run_n_rows(run), 2);
            n_injections = data.n_injections;
            memcpy(injection_days, data.injection_days, sizeof injection_days);
        }
        healsim_run_free(run);
    }
    static const double p[5] = { 0.05, 0.25, 0.5, 0.75, 0.95 };
    for (size_t t = 0; t < N_DAYS; t++) {
        double col[N_PATIENTS];
        for (size_t k = 0; k < N_PATIENTS; k++)
            col[k] = strength[k][t];
        qsort(col, N_PATIENTS, sizeof col[0], cmp_double);
        days[t] = (double)t;
        for (int q = 0; q < 5; q++)
            quantile[q][t] = quantile_of(col, N_PATIENTS, p[q]);
    }
}

static healsim_sweep_plot line_plot(void)
{
    return (healsim_sweep_plot){ 1, { "schedule.interval", NULL }, { "week", NULL }, { 8, 0 },
                                 { weeks, NULL }, { 0, 0 }, end_strength,
                                 "Strength at the end (% of healthy)",
                                 "Lax ligament, dextrose prolotherapy x 5", 0 };
}

static healsim_sweep_plot heatmap_plot(void)
{
    return (healsim_sweep_plot){ 2, { "schedule.interval", "schedule.count" }, { "week", "" }, { 6, 7 },
                                 { grid_weeks, grid_counts }, { 0, 0 }, grid_strength,
                                 "Strength at the end (% of healthy)", "Lax ligament, dextrose prolotherapy", 0 };
}

static healsim_population_plot population_plot(void)
{
    return (healsim_population_plot){ N_DAYS, days, quantile[0], quantile[1], quantile[2], quantile[3],
                                      quantile[4], N_PATIENTS, n_injections, injection_days,
                                      "Lax ligament, dextrose prolotherapy every 4 weeks x 5" };
}

static healsim_tornado_plot tornado_plot(void)
{
    return (healsim_tornado_plot){ 10, sens_names, sens_values, "strength gain",
                                   "Lax ligament, dextrose prolotherapy every 4 weeks x 5" };
}

/* ---- the figures, by kind ------------------------------------------------------ */

typedef enum { LINE, HEATMAP, POPULATION, TORNADO, N_KINDS } kind;
static const char *const kind_names[N_KINDS] = { "sweep line", "sweep heatmap", "population", "sensitivity" };

/* One figure to draw: its kind and its data (the matching pointer set). */
typedef struct figure {
    kind k;
    const healsim_sweep_plot *sweep;
    const healsim_population_plot *population;
    const healsim_tornado_plot *tornado;
} figure;

static int render(const figure *f, unsigned format, const healsim_figure_style *st, buffer *b, healsim_diag *diag)
{
    FILE *mem = buffer_open(b);
    memset(diag, 0, sizeof *diag);
    int rc;
    switch (f->k) {
    case LINE:
    case HEATMAP: rc = healsim_sweep_render(format, f->sweep, st, mem, diag); break;
    case POPULATION: rc = healsim_population_render(format, f->population, st, mem, diag); break;
    default: rc = healsim_tornado_render(format, f->tornado, st, mem, diag); break;
    }
    buffer_close(mem);
    return rc;
}

static healsim_sweep_plot the_line, the_heatmap;
static healsim_population_plot the_population;
static healsim_tornado_plot the_tornado;

static figure standard(kind k)
{
    figure f = { k, k == LINE ? &the_line : &the_heatmap, &the_population, &the_tornado };
    return f;
}

/* The colours each figure must show, exactly, on a page large enough for
** whole pixels of them: the heatmap the two ends of viridis (its lowest
** and highest cell); the line the Okabe-Ito blue of the line and the
** vermillion of the best run's ring; the tornado blue and vermillion bars;
** the population the blue median. */
static const uint32_t palette[N_KINDS][2] = {
    [LINE] = { 0x0072B2, 0xD55E00 },
    [HEATMAP] = { 0x440154, 0xFDE725 },
    [POPULATION] = { 0x0072B2, 0x0072B2 },
    [TORNADO] = { 0x0072B2, 0xD55E00 },
};

/* Draw one figure and check it (check_drawn, with the kind's palette; the
** PNG's facts go to *pf unless pf is NULL).  Returns render's status. */
static int render_and_check(const char *what, const figure *f, unsigned format, const healsim_figure_style *st,
                            png_facts *pf)
{
    buffer b;
    healsim_diag diag;
    int rc = render(f, format, st, &b, &diag);
    check_drawn(what, rc, &diag, format, &b, st, palette[f->k], 2, pf);
    return rc;
}

/* ---- every figure in every format ------------------------------------------------ */

/* Every figure in every format in the given style; what each is called
** starts with prefix. */
static void draw_every_figure(const char *prefix, const healsim_figure_style *st)
{
    for (int k = 0; k < N_KINDS; k++)
        for (size_t i = 0; i < 3; i++) {
            char what[160];
            snprintf(what, sizeof what, "%s%s.%s", prefix, kind_names[k], format_name(formats[i]));
            figure f = standard((kind)k);
            render_and_check(what, &f, formats[i], st, NULL);
        }
}

static void test_every_figure_draws_in_every_format(void)
{
    draw_every_figure("", &style);
}

/* The colours of each figure, on a page large enough for whole pixels. */
static void test_the_colours_are_on_the_figures(void)
{
    const healsim_figure_style st = large_page(&style);
    for (int k = 0; k < N_KINDS; k++) {
        char what[160];
        snprintf(what, sizeof what, "%s.png at 1200 x 750 px", kind_names[k]);
        figure f = standard((kind)k);
        png_facts pf;
        if (render_and_check(what, &f, HEALSIM_FORMAT_PNG, &st, &pf) != HEALSIM_OK)
            continue;
        CHECK(pf.palette_count[0] >= 50 && pf.palette_count[1] >= 50,
              "%s: #%06X on %zu pixels, #%06X on %zu (expected >= 50 each)", what, (unsigned)palette[k][0],
              pf.palette_count[0], (unsigned)palette[k][1], pf.palette_count[1]);
    }
}

/* The population's two bands: a lighter and a darker blue, each on many
** pixels, within a step of rounding of the theme's blue mixed into white. */
static void test_the_population_bands_are_drawn(void)
{
    const healsim_figure_style st = large_page(&style);
    figure f = standard(POPULATION);
    buffer b;
    healsim_diag diag;
    int rc = render(&f, HEALSIM_FORMAT_PNG, &st, &b, &diag);
    CHECK(rc == HEALSIM_OK, "population: render returned %d: %s", rc, diag.message);
    const char *why = "";
    cairo_surface_t *s = rc == HEALSIM_OK ? decode_png(b.bytes, b.size, &why) : NULL;
    if (s) {
        /* #0072B2 mixed into white: 18 % (the 90 % band), 42 % (the 50 % band) */
        const double mix[2] = { 0.18, 0.42 };
        for (int m = 0; m < 2; m++) {
            const int want[3] = { (int)lround(255 + (0x00 - 255) * mix[m]), (int)lround(255 + (0x72 - 255) * mix[m]),
                                  (int)lround(255 + (0xB2 - 255) * mix[m]) };
            size_t count = 0;
            for (int y = 0; y < cairo_image_surface_get_height(s); y++)
                for (int x = 0; x < cairo_image_surface_get_width(s); x++) {
                    const uint32_t c = pixel(s, x, y);
                    count += abs((int)(c >> 16 & 255) - want[0]) <= 2 && abs((int)(c >> 8 & 255) - want[1]) <= 2
                             && abs((int)(c & 255) - want[2]) <= 2;
                }
            CHECK(count >= 500, "population: the %s band's colour (#%02X%02X%02X) is on %zu pixels, expected >= 500",
                  m ? "50 %" : "90 %", want[0], want[1], want[2], count);
        }
        cairo_surface_destroy(s);
    }
    free(b.bytes);
}

static void test_dark_theme_draws_every_figure(void)
{
    healsim_figure_style st = style;
    st.theme = HEALSIM_THEME_DARK;
    draw_every_figure("dark ", &st);
}

/* ---- unusual data ------------------------------------------------------------------ */

/* Sweeps, populations and tornados at the edges of what they take. */
typedef struct unusual {
    healsim_sweep_plot sweeps[6];
    healsim_population_plot population;
    healsim_tornado_plot tornados[3];
} unusual;

static double fine_x[200], fine_y[200], big_x[40], big_y[30], big_z[1200], log_x[9], log_y[9];
static double one_x[1] = { 4 }, five_y[5] = { 10, 15, 20, 25, 30 }, one_by_five[5] = { 66, 67.5, 68.4, 68.9, 68.7 };
static double same[4] = { 70, 70, 70, 70 }, two[2] = { 1, 2 };
static double failed_line[8];
static double flat_days[2] = { 0, 1 }, flat_q[2] = { 60, 60 };
static const char *twenty_names[20];
static char twenty_text[20][80];
static double twenty_values[20], one_negative[1] = { -0.35 }, all_zero[3] = { 0, 0, 0 };

static void make_unusual(unusual *u)
{
    for (int i = 0; i < 200; i++) {
        fine_x[i] = 0.5 + i * 0.0377;
        fine_y[i] = 60 + 10 * sin(fine_x[i]);
    }
    for (int i = 0; i < 40; i++)
        big_x[i] = 0.25 * (i + 1);
    for (int j = 0; j < 30; j++)
        big_y[j] = 1 + j;
    for (int i = 0; i < 40; i++)
        for (int j = 0; j < 30; j++)
            big_z[i * 30 + j] = 60 + 15 * exp(-((big_x[i] - 3) * (big_x[i] - 3) / 8 + (big_y[j] - 12) * (big_y[j] - 12) / 60));
    big_z[5] = big_z[100] = NAN;
    for (int i = 0; i < 9; i++) {
        log_x[i] = 0.05 * pow(2, i * 0.75);
        log_y[i] = 55 + 30 * log_x[i] / (log_x[i] + 0.4);
    }
    memcpy(failed_line, end_strength, sizeof failed_line);
    failed_line[2] = failed_line[7] = NAN;
    for (int i = 0; i < 20; i++) {
        snprintf(twenty_text[i], sizeof twenty_text[i],
                 i % 3 ? "section%d.some_parameter_with_a_rather_long_name_%d" : "s%d.k", i, i);
        twenty_names[i] = twenty_text[i];
        twenty_values[i] = (i % 2 ? -1 : 1) * 1.5 * pow(0.8, i);
    }
    u->sweeps[0] = (healsim_sweep_plot){ 1, { "inflammation.neutrophil_recruitment_per_day" }, { "a.u./day" },
                                         { 200 }, { fine_x }, { 0 }, fine_y, "Strength at the end (% of healthy)",
                                         "200 runs", 0 };
    u->sweeps[1] = (healsim_sweep_plot){ 1, { "tissue.turnover" }, { "" }, { 9 }, { log_x }, { 1 }, log_y, NULL, NULL, 0 };
    u->sweeps[2] = (healsim_sweep_plot){ 1, { "schedule.interval" }, { "week" }, { 8 }, { weeks }, { 0 },
                                         failed_line, "Strength at the end (% of healthy)", "Two runs failed", 0 };
    u->sweeps[3] = (healsim_sweep_plot){ 2, { "schedule.interval", "schedule.count" }, { "week", "" }, { 40, 30 },
                                         { big_x, big_y }, { 0, 0 }, big_z, "Strength at the end (% of healthy)",
                                         "A fine grid", 0 };
    u->sweeps[4] = (healsim_sweep_plot){ 2, { "schedule.interval", "schedule.concentration_pct" }, { "week", "%" },
                                         { 1, 5 }, { one_x, five_y }, { 1, 1 }, one_by_five, "", "", 0 };
    u->sweeps[5] = (healsim_sweep_plot){ 2, { "a", "b" }, { NULL, NULL }, { 2, 2 }, { two, two }, { 0, 0 }, same,
                                         "A very long name of an outcome that is far longer than the colour bar "
                                         "is tall, even on a large page",
                                         "Every run the same", 0 };
    u->population = (healsim_population_plot){ 2, flat_days, flat_q, flat_q, flat_q, flat_q, flat_q, 1, 0, NULL, NULL };
    u->tornados[0] = (healsim_tornado_plot){ 20, twenty_names, twenty_values, "strength at the end", "Twenty" };
    u->tornados[1] = (healsim_tornado_plot){ 1, sens_names, one_negative, "days sore", NULL };
    u->tornados[2] = (healsim_tornado_plot){ 3, sens_names, all_zero, NULL, "" };
}

/* Every unusual figure, in the given style; with all_formats, as PNG, SVG
** and PDF, else as PNG. */
static void draw_unusual(const char *label, const unusual *u, const healsim_figure_style *st, int all_formats)
{
    const size_t n_formats = all_formats ? 3 : 1;
    for (size_t i = 0; i < n_formats; i++) {
        char what[200];
        for (size_t s = 0; s < 6; s++) {
            figure f = { u->sweeps[s].n_axes == 1 ? LINE : HEATMAP, &u->sweeps[s], NULL, NULL };
            snprintf(what, sizeof what, "%s: unusual sweep %zu.%s", label, s + 1, format_name(formats[i]));
            render_and_check(what, &f, formats[i], st, NULL);
        }
        figure f = { POPULATION, NULL, &u->population, NULL };
        snprintf(what, sizeof what, "%s: a flat population of 1.%s", label, format_name(formats[i]));
        render_and_check(what, &f, formats[i], st, NULL);
        for (size_t t = 0; t < 3; t++) {
            figure g = { TORNADO, NULL, NULL, &u->tornados[t] };
            snprintf(what, sizeof what, "%s: unusual tornado %zu.%s", label, t + 1, format_name(formats[i]));
            render_and_check(what, &g, formats[i], st, NULL);
        }
    }
}

static void test_unusual_data_is_drawn(void)
{
    unusual u;
    make_unusual(&u);
    draw_unusual("smoke size", &u, &style, 1);
}

/* The smallest page healsim allows (31 x 20 body font sizes) and the
** default one (1600 x 1000 px) draw every figure, the unusual ones too. */
static void test_smallest_and_default_pages_draw_every_figure(void)
{
    healsim_figure_style sizes[2];
    smallest_and_default_pages(&style, sizes);
    unusual u;
    make_unusual(&u);
    for (size_t z = 0; z < 2; z++) {
        for (int k = 0; k < N_KINDS; k++) {
            char what[160];
            snprintf(what, sizeof what, "%s.png at %g x %g px", kind_names[k], sizes[z].width_px, sizes[z].height_px);
            figure f = standard((kind)k);
            render_and_check(what, &f, HEALSIM_FORMAT_PNG, &sizes[z], NULL);
        }
        draw_unusual(z ? "default page" : "smallest page", &u, &sizes[z], 0);
    }
    healsim_figure_style small = sizes[0];
    small.width_px -= 2;
    for (int k = 0; k < N_KINDS; k++) {
        buffer b;
        healsim_diag diag;
        figure f = standard((kind)k);
        int rc = render(&f, HEALSIM_FORMAT_PNG, &small, &b, &diag);
        CHECK(rc == HEALSIM_ERR_INPUT && strstr(diag.message, "too small"),
              "%s 2 px narrower than the smallest page: returned %d (%s), expected HEALSIM_ERR_INPUT saying it "
              "is too small", kind_names[k], rc, diag.message);
        free(b.bytes);
    }
}

/* ---- determinism ------------------------------------------------------------------------ */

static void test_same_figure_twice_gives_the_same_bytes(void)
{
    for (int k = 0; k < N_KINDS; k++)
        for (size_t i = 0; i < 3; i++) {
            char what[160];
            snprintf(what, sizeof what, "%s.%s drawn twice", kind_names[k], format_name(formats[i]));
            figure f = standard((kind)k), other = standard((kind)((k + 1) % N_KINDS));
            buffer a, b, c;
            healsim_diag diag;
            int rc1 = render(&f, formats[i], &style, &a, &diag);
            /* something else in between, so process-wide counters move on */
            render(&other, formats[i], &style, &c, &diag);
            free(c.bytes);
            int rc2 = render(&f, formats[i], &style, &b, &diag);
            check_drawn_twice(what, rc1, &a, rc2, &b);
        }
}

/* ---- errors ------------------------------------------------------------------------------- */

/* f is refused as bad input, with a message, naming the figure's file,
** and nothing written. */
static void expect_input_error(const char *what, const figure *f, unsigned format, const healsim_figure_style *st,
                               const char *file)
{
    buffer b;
    healsim_diag diag;
    int rc = render(f, format, st, &b, &diag);
    check_refused(what, rc, &diag, &b, file);
}

static void expect_sweep_error(const char *what, const healsim_sweep_plot *sp)
{
    figure f = { sp && sp->n_axes == 2 ? HEATMAP : LINE, sp, NULL, NULL };
    expect_input_error(what, &f, HEALSIM_FORMAT_PNG, &style, "sweep.png");
}

static void test_sweep_rejects_bad_data(void)
{
    static const double down[3] = { 1, 3, 2 }, with_nan[3] = { 1, NAN, 3 }, with_zero[3] = { 0, 1, 10 };
    static const double nan3[3] = { NAN, NAN, NAN }, inf3[3] = { 1, INFINITY, 2 }, ok3[3] = { 60, 61, 62 };
    static const double up3[3] = { 1, 2, 3 }, flat[3] = { 1, 1, 2 };
    healsim_sweep_plot sp = line_plot();
    expect_sweep_error("NULL sweep", NULL);
    sp.n_axes = 0;
    expect_sweep_error("n_axes 0", &sp);
    sp.n_axes = 3;
    expect_sweep_error("n_axes 3", &sp);
    sp = line_plot();
    sp.n[0] = 1;
    expect_sweep_error("a line of 1 value", &sp);
    sp.n[0] = 0;
    expect_sweep_error("a line of 0 values", &sp);
    sp = line_plot();
    sp.values[0] = NULL;
    expect_sweep_error("values NULL", &sp);
    sp = line_plot();
    sp.outcome = NULL;
    expect_sweep_error("outcome NULL", &sp);
    sp = line_plot();
    sp.axis_name[0] = NULL;
    expect_sweep_error("an axis without a name", &sp);
    sp = (healsim_sweep_plot){ 1, { "x" }, { "" }, { 3 }, { down }, { 0 }, ok3, "", "", 0 };
    expect_sweep_error("values that go down", &sp);
    sp.values[0] = flat;
    expect_sweep_error("a value repeated", &sp);
    sp.values[0] = with_nan;
    expect_sweep_error("a NaN value", &sp);
    sp.values[0] = with_zero;
    sp.log_axis[0] = 1;
    expect_sweep_error("0 on a log axis", &sp);
    sp = (healsim_sweep_plot){ 1, { "x" }, { "" }, { 3 }, { up3 }, { 0 }, nan3, "", "", 0 };
    expect_sweep_error("every run failed", &sp);
    sp.outcome = inf3;
    expect_sweep_error("an infinite outcome", &sp);
    sp = heatmap_plot();
    sp.n[1] = 0;
    expect_sweep_error("a heatmap axis of 0 values", &sp);
    sp = heatmap_plot();
    sp.values[1] = down;
    sp.n[1] = 3;
    expect_sweep_error("a heatmap axis that goes down", &sp);
    sp = heatmap_plot();
    sp.n[0] = sp.n[1] = 1000; /* a million runs */
    expect_sweep_error("a million runs", &sp);
    /* the message says what is wrong */
    buffer b;
    healsim_diag diag;
    sp = (healsim_sweep_plot){ 1, { "schedule.interval" }, { "week" }, { 3 }, { down }, { 0 }, ok3, "", "", 0 };
    figure f = { LINE, &sp, NULL, NULL };
    render(&f, HEALSIM_FORMAT_SVG, &style, &b, &diag);
    free(b.bytes);
    CHECK_CONTAINS(diag.message, "schedule.interval");
    CHECK_CONTAINS(diag.message, "increase");
    CHECK(strcmp(diag.file, "sweep.svg") == 0, "diag.file is '%s', expected 'sweep.svg'", diag.file);
}

static void expect_population_error(const char *what, const healsim_population_plot *pp)
{
    figure f = { POPULATION, NULL, pp, NULL };
    expect_input_error(what, &f, HEALSIM_FORMAT_PDF, &style, "population.pdf");
}

static void test_population_rejects_bad_data(void)
{
    static double d[4] = { 0, 1, 2, 3 }, q[5][4];
    for (int k = 0; k < 5; k++)
        for (int i = 0; i < 4; i++)
            q[k][i] = 60 + k + i;
    const healsim_population_plot good = { 4, d, q[0], q[1], q[2], q[3], q[4], 100, 0, NULL, "" };
    {
        figure f = { POPULATION, NULL, &good, NULL };
        render_and_check("a small good population", &f, HEALSIM_FORMAT_PNG, &style, NULL);
    }
    expect_population_error("NULL population", NULL);
    healsim_population_plot pp = good;
    pp.n_times = 1;
    expect_population_error("1 time", &pp);
    pp = good;
    pp.days = NULL;
    expect_population_error("days NULL", &pp);
    pp = good;
    pp.q75 = NULL;
    expect_population_error("q75 NULL", &pp);
    static double bad_days[4][4] = { { 0, NAN, 2, 3 }, { 0, 1, 1, 3 }, { 0, 2, 1, 3 }, { -1, 0, 1, 2 } };
    static const char *const bad_names[4] = { "a NaN day", "a day repeated", "days out of order", "a negative day" };
    for (int i = 0; i < 4; i++) {
        pp = good;
        pp.days = bad_days[i];
        expect_population_error(bad_names[i], &pp);
    }
    static double swapped[4] = { 60, 61, 80, 63 }; /* above q75 at time 3 */
    pp = good;
    pp.q50 = swapped;
    expect_population_error("quantiles out of order", &pp);
    static double nan_q[4] = { 60, NAN, 62, 63 };
    pp = good;
    pp.q05 = nan_q;
    expect_population_error("a NaN quantile", &pp);
    pp = good;
    pp.n_patients = 0;
    expect_population_error("0 patients", &pp);
    pp = good;
    pp.n_injections = HEALSIM_MAX_FIGURE_INJECTIONS + 1;
    pp.injection_days = injection_days;
    expect_population_error("too many injections", &pp);
    pp = good;
    pp.n_injections = 2;
    expect_population_error("injections without days", &pp);
    static double back[2] = { 28, 0 };
    pp.injection_days = back;
    expect_population_error("injection days out of order", &pp);
}

static void expect_tornado_error(const char *what, const healsim_tornado_plot *tp)
{
    figure f = { TORNADO, NULL, NULL, tp };
    expect_input_error(what, &f, HEALSIM_FORMAT_PNG, &style, "sensitivity.png");
}

static void test_tornado_rejects_bad_data(void)
{
    static const char *names21[21];
    static double values21[21];
    for (int i = 0; i < 21; i++) {
        names21[i] = "tissue.turnover";
        values21[i] = 1.0 / (i + 1);
    }
    expect_tornado_error("NULL sensitivities", NULL);
    healsim_tornado_plot tp = tornado_plot();
    tp.n = 0;
    expect_tornado_error("0 bars", &tp);
    tp = (healsim_tornado_plot){ 21, names21, values21, "strength gain", "" };
    expect_tornado_error("21 bars", &tp);
    tp.n = 20;
    figure f = { TORNADO, NULL, NULL, &tp };
    render_and_check("20 bars", &f, HEALSIM_FORMAT_PNG, &style, NULL);
    tp = tornado_plot();
    tp.names = NULL;
    expect_tornado_error("names NULL", &tp);
    tp = tornado_plot();
    tp.values = NULL;
    expect_tornado_error("values NULL", &tp);
    static const double with_nan[3] = { 0.5, NAN, 0.1 }, unsorted[3] = { 0.5, -0.7, 0.1 };
    tp = (healsim_tornado_plot){ 3, sens_names, with_nan, "strength gain", "" };
    expect_tornado_error("a NaN sensitivity", &tp);
    tp.values = unsorted;
    expect_tornado_error("not sorted by size", &tp);
    buffer b;
    healsim_diag diag;
    render(&f, HEALSIM_FORMAT_PNG, &style, &b, &diag);
    free(b.bytes);
    CHECK_CONTAINS(diag.message, "sorted");
    CHECK_CONTAINS(diag.message, sens_names[1]);
}

/* Formats and sizes every render function refuses. */
static void test_every_figure_rejects_bad_formats_and_sizes(void)
{
    static const char *const files[N_KINDS] = { "sweep", "sweep", "population", "sensitivity" };
    for (int k = 0; k < N_KINDS; k++) {
        figure f = standard((kind)k);
        char what[160], file[64];
        static const unsigned bad[3] = { 0, HEALSIM_FORMAT_PNG | HEALSIM_FORMAT_SVG, 8u };
        for (int i = 0; i < 3; i++) {
            snprintf(what, sizeof what, "%s in format %u", kind_names[k], bad[i]);
            expect_input_error(what, &f, bad[i], &style, NULL);
        }
        healsim_figure_style st = style;
        st.width_px = 0;
        snprintf(what, sizeof what, "%s 0 px wide", kind_names[k]);
        snprintf(file, sizeof file, "%s.png", files[k]);
        expect_input_error(what, &f, HEALSIM_FORMAT_PNG, &st, file);
        st = style;
        st.width_px = st.height_px = 10000; /* 100 million pixels */
        snprintf(what, sizeof what, "%s 10000 x 10000 px", kind_names[k]);
        expect_input_error(what, &f, HEALSIM_FORMAT_PNG, &st, file);
    }
}

/* A stream that cannot be written is an I/O error. */
static void test_a_stream_that_fails_is_an_io_error(void)
{
    FILE *ro = fopen("/dev/null", "r");
    if (!ro)
        die("/dev/null");
    healsim_diag diag;
    int rc[3];
    rc[0] = healsim_sweep_render(HEALSIM_FORMAT_SVG, &the_heatmap, &style, ro, &diag);
    rc[1] = healsim_population_render(HEALSIM_FORMAT_PNG, &the_population, &style, ro, &diag);
    rc[2] = healsim_tornado_render(HEALSIM_FORMAT_PDF, &the_tornado, &style, ro, &diag);
    fclose(ro);
    for (int i = 0; i < 3; i++)
        CHECK(rc[i] == HEALSIM_ERR_IO, "figure %d to a read-only stream returned %d, expected HEALSIM_ERR_IO", i,
              rc[i]);
}

/* ---- image regression ------------------------------------------------------------------ */

static void test_figures_match_the_reference_images(void)
{
    static const struct {
        const char *name; /* tests/reference/NAME.png */
        kind k;
        healsim_theme theme;
    } refs[] = {
        { "batch-sweep-line", LINE, HEALSIM_THEME_LIGHT },
        { "batch-sweep-heatmap", HEATMAP, HEALSIM_THEME_LIGHT },
        { "batch-population", POPULATION, HEALSIM_THEME_LIGHT },
        { "batch-sensitivity-dark", TORNADO, HEALSIM_THEME_DARK },
    };
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
        healsim_figure_style st = reference_style(&style, refs[i].theme);
        figure f = standard(refs[i].k);
        buffer b;
        healsim_diag diag;
        int rc = render(&f, HEALSIM_FORMAT_PNG, &st, &b, &diag);
        check_reference(refs[i].name, rc, &b, &diag);
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    grid_strength[6 * 7 - 1] = NAN; /* 8 sessions 8 weeks apart do not fit the year */
    make_population();
    static healsim_figure_config figure_config; /* style borrows its texts */
    figure_config = load_preset_figure(NULL);
    healsim_figure_style_from_config(&style, &figure_config);
    style.width_px = SMOKE_W;
    style.height_px = SMOKE_H;
    style.dpi = SMOKE_DPI;
    the_line = line_plot();
    the_heatmap = heatmap_plot();
    the_population = population_plot();
    the_tornado = tornado_plot();

    test_every_figure_draws_in_every_format();
    test_the_colours_are_on_the_figures();
    test_the_population_bands_are_drawn();
    test_dark_theme_draws_every_figure();
    test_unusual_data_is_drawn();
    test_smallest_and_default_pages_draw_every_figure();
    test_same_figure_twice_gives_the_same_bytes();
    test_sweep_rejects_bad_data();
    test_population_rejects_bad_data();
    test_tornado_rejects_bad_data();
    test_every_figure_rejects_bad_formats_and_sizes();
    test_a_stream_that_fails_is_an_io_error();
    test_figures_match_the_reference_images();
    return check_report(TEST_NAME);
}
