/*
** compare.c — the figures of `healsim compare`: treatment arms side by side.
**
** Three figures, each from 2 to 8 runs ("arms") of the same tissue:
**
**   compare-outcome  strength over time, a curve per arm in its own colour
**                    and dash, named on the curve; under the time axis a
**                    lane of small triangles per arm marks its injections
**   compare-phases   small multiples: a panel per arm (up to 3 columns)
**                    with the four phase curves and dominant-phase bands on
**                    shared axes, one legend for the phases above them
**   compare-bars     strength at the end of each arm's span, a bar per arm
**                    with its value on top, and the common starting
**                    strength as a dashed line
**
** Arm i has the same colour in every figure.  Everything is drawn with the
** building blocks of plots/draw.h, as the figures of one run are
** (figure.c).  This file checks a request, builds the comparison the pages
** read (plots/compare.h) and draws it; each page is a file of its own:
** compare_outcome.c, compare_phases.c, compare_bars.c.
*/
#include "compare.h"

#include "healsim/figure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"

/* The arms' colours and dashes, in order: the Okabe-Ito colours strongest
** first (yellow, faint on white, last), a different dash for each. */
static const int arm_colours[HEALSIM_MAX_COMPARE_ARMS] = {
    C_BLUE, C_VERMILLION, C_GREEN, C_ORANGE, C_PURPLE, C_SKY, C_INK, C_YELLOW,
};
static const int arm_dashes[HEALSIM_MAX_COMPARE_ARMS] = { 0, 1, 3, 4, 2, 5, 6, 1 };

const char *fig_arm_label(const healsim_compare_arm *arm)
{
    return arm->label ? arm->label : "";
}

static int comparison_pages(const page *pg, const void *ctx)
{
    const comparison *cx = ctx;
    switch (cx->figure) {
    case HEALSIM_COMPARE_OUTCOME: return fig_compare_outcome_page(pg, cx);
    case HEALSIM_COMPARE_PHASES: return fig_compare_phases_page(pg, cx);
    default: return fig_compare_bars_page(pg, cx);
    }
}

static int check_request(healsim_compare_figure figure, unsigned format,
                         const healsim_compare_arm *arms, size_t n_arms,
                         const healsim_figure_style *style, healsim_diag *diag)
{
    if ((unsigned)figure >= HEALSIM_N_COMPARE_FIGURES)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "unknown comparison figure");
    int bad_format = fig_check_format(format, style, diag);
    if (bad_format)
        return bad_format;
    if (!arms || n_arms < HEALSIM_MIN_COMPARE_ARMS || n_arms > HEALSIM_MAX_COMPARE_ARMS)
        return fig_fail(diag, HEALSIM_ERR_INPUT, "a comparison has %d to %d arms, not %zu",
                        HEALSIM_MIN_COMPARE_ARMS, HEALSIM_MAX_COMPARE_ARMS, arms ? n_arms : 0);
    for (size_t i = 0; i < n_arms; i++)
        if (!arms[i].data.rows || arms[i].data.n_rows < 2)
            return fig_fail(diag, HEALSIM_ERR_INPUT,
                            "nothing to draw for arm %zu ('%s'): its results have fewer than two rows",
                            i + 1, fig_arm_label(&arms[i]));
    return HEALSIM_OK;
}

int healsim_compare_render(healsim_compare_figure figure, unsigned format,
                           const healsim_compare_arm *arms, size_t n_arms, const char *title,
                           const healsim_figure_style *style, FILE *out, healsim_diag *diag)
{
    memset(diag, 0, sizeof *diag);
    int rc = check_request(figure, format, arms, n_arms, style, diag);
    if (rc == HEALSIM_OK) {
        comparison cx = { figure, arms, n_arms, title ? title : "", { { 0 } }, 0, NULL };
        GString *caption = g_string_new(NULL);
        for (size_t i = 0; i < n_arms; i++) {
            cx.strength[i] = (series){ STRENGTH_COLUMN, arm_colours[i], arm_dashes[i],
                                       HEALSIM_TEXT_STRENGTH, fig_arm_label(&arms[i]) };
            cx.t1 = fmax(cx.t1, fig_span_days(&arms[i].data));
        }
        if (!(cx.t1 > 0))
            cx.t1 = 1; /* every row at time 0: a day, for a time axis that has a length */
        for (size_t i = 0; i < n_arms; i++) {
            if (fig_arm_label(&arms[i])[0]) {
                g_string_append(caption, caption->len ? " · " : "");
                g_string_append(caption, fig_arm_label(&arms[i]));
            }
        }
        cx.caption = caption->str;
        const char *stem = healsim_compare_figure_name(figure);
        rc = fig_render_file(format, style, NULL, stem, cx.title[0] ? cx.title : "healsim", comparison_pages,
                             &cx, out, diag);
        g_string_free(caption, TRUE);
    }
    const char *name = healsim_compare_figure_name(figure); /* the figure the message is about */
    return fig_name_failure(rc, name ? name : "compare", format, diag);
}
