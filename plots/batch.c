/*
** batch.c — what the figures of the batch commands share (plots/batch.h).
**
** The words they show that are not [figure] keys yet (batch.h), how they
** print numbers (a true minus sign; significant digits, not fixed ones),
** their value axes (labels under a plot at given page positions, the
** title fitted to the page), and the plumbing every one of them ends in:
** the format checked first, the page drawn into memory through
** fig_render_file, so it is written whole.
*/
#include "batch.h"

#include <math.h>
#include <string.h>

const char *fig_str(const char *s)
{
    return s ? s : "";
}

/* v with the given decimals; a minus sign for negative values, and a plus
** sign for positive ones with plus; no sign where it shows as zero. */
void fig_format_fixed(double v, int decimals, int plus, char *buf, size_t size)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    const int zero = strspn(digits, "0.") == strlen(digits);
    snprintf(buf, size, "%s%s", zero ? "" : v < 0 ? MINUS : plus ? "+" : "", digits);
}

/* Decimals that show `digits` significant digits of a number as large as
** m (0 to 6). */
int fig_decimals_for(double m, int digits)
{
    if (!(m > 0) || !isfinite(m))
        return digits - 1;
    const int d = digits - 1 - (int)floor(log10(m));
    return d < 0 ? 0 : d > 6 ? 6 : d;
}

/* A parameter value as an axis shows it: up to 4 significant digits. */
void fig_format_value(double v, char *buf, size_t size)
{
    char digits[48];
    snprintf(digits, sizeof digits, "%.4g", fabs(v) < 1e-300 ? 0.0 : fabs(v));
    snprintf(buf, size, "%s%s", v < 0 && fabs(v) >= 1e-300 ? MINUS : "", digits);
}

/* "schedule.interval (week)", or the name alone without a unit. */
void fig_value_axis_title(const char *name, const char *unit, char *buf, size_t size)
{
    snprintf(buf, size, unit[0] ? "%s (%s)" : "%s", name, unit);
}

/* Height of a line of body text at scale. */
double fig_line_height(const page *pg, double scale)
{
    double w, h;
    fig_measure(pg, "0", scale, 0, &w, &h);
    return h;
}

/* Room under a plot for its x tick labels and title. */
double fig_x_axis_height(const page *pg)
{
    return 0.45 * pg->fs + fig_line_height(pg, 0.9) + 0.3 * pg->fs + fig_line_height(pg, 1.0) + 0.1 * pg->fs;
}

/* Tick labels under box b at their x, with grid lines up through b when
** grid, and the title centred under them (fitted to the page width). */
void fig_draw_x_labels(const page *pg, chart_box b, const axis_labels *al, const char *title, int grid)
{
    cairo_t *cr = pg->cr;
    const double y = b.y1 + 0.45 * pg->fs;
    cairo_set_dash(cr, NULL, 0, 0);
    for (size_t i = 0; i < al->n; i++) {
        const double x = al->at[i];
        if (grid) {
            fig_set_rgb(cr, pg->th->grid);
            cairo_set_line_width(cr, 0.5);
            cairo_move_to(cr, x, b.y0);
            cairo_line_to(cr, x, b.y1);
            cairo_stroke(cr);
        }
        /* a label at the page's edge ends (or starts) at its tick instead */
        double w, h;
        fig_measure(pg, al->text[i], 0.9, 0, &w, &h);
        const double ax = x + w / 2 > pg->w - 0.2 * pg->fs ? 1.0 : x - w / 2 < 0.2 * pg->fs ? 0.0 : 0.5;
        draw_text(pg, al->text[i], 0.9, 0, pg->th->faint, x, y, ax, 0);
    }
    if (title && title[0])
        draw_text_fit(pg, title, 1.0, 0, pg->th->ink, (b.x0 + b.x1) / 2,
                      y + fig_line_height(pg, 0.9) + 0.3 * pg->fs, 0.5, 0, pg->w - 1.8 * pg->fs);
}

/* What batch_pages draws. */
typedef struct batch_page {
    fig_batch_page_fn draw;
    const void *figure;
    const char *caption;
} batch_page;

static int batch_pages(const page *pg, const void *ctx)
{
    const batch_page *bp = ctx;
    return bp->draw(pg, bp->figure, bp->caption);
}

int fig_batch_render(unsigned format, const char *name, fig_batch_page_fn draw, const void *figure,
                     const char *caption,
                     const char *title, const healsim_figure_data *data,
                     const healsim_figure_style *style, FILE *out, healsim_diag *diag)
{
    const batch_page bp = { draw, figure, caption };
    return fig_render_file(format, style, data, name, title[0] ? title : "healsim", batch_pages, &bp, out, diag);
}
