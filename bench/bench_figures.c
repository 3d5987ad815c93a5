/*
** bench_figures.c — healsim_bench_figures: how long each figure takes to
** draw and encode, in each format, for the default scenario.
**
** The default parameters are simulated once; then every figure of
** healsim_figure is rendered in PNG, SVG and PDF (the handout in PDF only)
** to /dev/null, so the time is drawing and encoding, not the disk.  Each
** measurement is repeated after one warm-up render (which also pays for
** fontconfig's start-up once) and the median and minimum are printed.
** --kv appends "key=value" lines for bench/run.sh.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "healsim/figure.h"
#include "healsim/params.h"
#include "healsim/run.h"

#include "bench_util.h"

static void die(const char *what, const healsim_diag *d)
{
    fprintf(stderr, "healsim_bench_figures: %s: %s\n", what, d->message);
    exit(1);
}

int main(int argc, char **argv)
{
    int kv = 0;
    size_t repeats = 7;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--kv") == 0) {
            kv = 1;
        } else if (strcmp(argv[i], "--repeats") == 0 && i + 1 < argc) {
            repeats = (size_t)strtoul(argv[++i], NULL, 10);
            if (repeats < 1 || repeats > 1000)
                repeats = 7;
        } else {
            fprintf(stderr, "usage: healsim_bench_figures [--repeats N] [--kv]\n");
            return 2;
        }
    }
    gsl_set_error_handler_off();
    healsim_params p;
    static healsim_figure_config figure; /* style borrows its texts */
    healsim_diag diag;
    if (healsim_params_load(NULL, NULL, 0, &p, &figure, &diag))
        die("default parameters", &diag);
    healsim_run *run;
    if (healsim_simulate(&p, 0, &run, &diag))
        die("simulation", &diag);
    healsim_figure_data data;
    healsim_figure_data_init(&data, healsim_run_row(run, 0), healsim_run_n_rows(run), p.soreness_threshold);
    data.title = p.title;
    char caption[512];
    healsim_params_caption(&p, caption, sizeof caption);
    data.caption = caption;
    healsim_figure_style style;
    healsim_figure_style_from_config(&style, &figure);
    FILE *null = fopen("/dev/null", "w");
    if (!null) {
        perror("/dev/null");
        return 1;
    }
    static const struct {
        unsigned bit;
        const char *name;
    } formats[] = { { HEALSIM_FORMAT_PNG, "png" }, { HEALSIM_FORMAT_SVG, "svg" }, { HEALSIM_FORMAT_PDF, "pdf" } };
    double t0 = now_s();
    if (healsim_figure_render(HEALSIM_FIGURE_PHASES, HEALSIM_FORMAT_SVG, &data, &style, null, &diag))
        die("warm-up render", &diag);
    double first_s = now_s() - t0;
    printf("default scenario, %zu rows, %.0f x %.0f px at %.0f dpi; %zu repeats after a warm-up\n",
           healsim_run_n_rows(run), style.width_px, style.height_px, style.dpi, repeats);
    printf("first render (pays for fontconfig start-up): %.1f ms\n", first_s * 1e3);
    printf("%-12s %-4s %10s %10s\n", "figure", "fmt", "median ms", "min ms");
    char lines[64][96];
    size_t n_lines = 0;
    double *t = malloc(repeats * sizeof *t);
    double total_default = 0;
    for (int f = 0; f < HEALSIM_N_FIGURES; f++) {
        for (size_t k = 0; k < 3; k++) {
            if (f == HEALSIM_FIGURE_HANDOUT && formats[k].bit != HEALSIM_FORMAT_PDF)
                continue; /* the handout is a PDF only */
            for (size_t r = 0; r < repeats; r++) {
                double s = now_s();
                if (healsim_figure_render((healsim_figure)f, formats[k].bit, &data, &style, null, &diag))
                    die("render", &diag);
                t[r] = now_s() - s;
            }
            qsort(t, repeats, sizeof *t, compare_double);
            const char *name = healsim_figure_name((healsim_figure)f);
            printf("%-12s %-4s %10.2f %10.2f\n", name, formats[k].name, t[repeats / 2] * 1e3, t[0] * 1e3);
            if (n_lines < 64)
                snprintf(lines[n_lines++], sizeof lines[0], "figure_%s_%s_ms=%.3f", name, formats[k].name,
                         t[repeats / 2] * 1e3);
            if (f == HEALSIM_FIGURE_HANDOUT || formats[k].bit != HEALSIM_FORMAT_PDF)
                total_default += t[repeats / 2]; /* the default set: png + svg + handout */
        }
    }
    printf("default figure set (png + svg of five figures, handout.pdf): %.1f ms\n", total_default * 1e3);
    if (kv) {
        for (size_t i = 0; i < n_lines; i++)
            puts(lines[i]);
        printf("figures_first_render_ms=%.3f\nfigures_default_set_ms=%.3f\n", first_s * 1e3, total_default * 1e3);
    }
    free(t);
    fclose(null);
    healsim_run_free(run);
    return 0;
}
