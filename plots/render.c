/*
** render.c — drawing a figure's pages into a PNG, SVG or PDF (plots/draw.h).
**
** One path for every figure: a surface for the format (an image at the
** style's pixel size, scaled by dpi / 72, or a vector page in points), a
** fresh page set-up (text.c), the figure's page function, then one look at
** cairo's sticky status at the end: the drawing code runs straight through
** and a failure anywhere in it is reported once, here.  The bytes go to
** memory first, so a figure is written whole or not at all.
**
** Determinism: no clock in a PDF, and the process-wide surface counter
** cairo puts into an SVG's ids is replaced, so a figure's bytes do not
** depend on when, or after what, it was drawn.  The layout record
** (layout.c) draws nothing, so the dump does not change the bytes.
*/
#include "draw.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "png_write.h"

int fig_fail(healsim_diag *diag, int status, const char *fmt, ...)
{
    va_list ap;
    memset(diag, 0, sizeof *diag);
    va_start(ap, fmt);
    vsnprintf(diag->message, sizeof diag->message, fmt, ap);
    va_end(ap);
    return status;
}

const char *fig_format_ext(unsigned format)
{
    return format == HEALSIM_FORMAT_PNG ? "png" : format == HEALSIM_FORMAT_SVG ? "svg" : "pdf";
}

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Draw the pages on a fresh page set-up, recording the layout (which
** places labels clear of the text already drawn); a failure is out of
** memory.  With HEALSIM_LAYOUT_DUMP set, the record goes to its folder. */
static int draw(cairo_t *cr, const healsim_figure_data *data, const healsim_figure_style *style,
                double w, double h, const char *name, fig_pages_fn pages, const void *ctx,
                healsim_diag *diag)
{
    page pg;
    fig_page_begin(&pg, cr, style, data, w, h);
    pg.layout = fig_layout_alloc();
    int rc = pages(&pg, ctx) ? HEALSIM_ERR_NOMEM : HEALSIM_OK;
    const char *dump = getenv("HEALSIM_LAYOUT_DUMP");
    if (rc == HEALSIM_OK && dump && dump[0])
        rc = pg.layout ? fig_layout_dump(pg.layout, dump, name, w, h, diag)
                       : fig_fail(diag, HEALSIM_ERR_NOMEM, "out of memory while recording the layout");
    else if (rc)
        fig_fail(diag, rc, "out of memory while drawing");
    fig_layout_free(pg.layout);
    fig_page_end(&pg);
    return rc;
}

/* Draw the pages into a fresh surface writing to out. */
static int render_stream(unsigned format, const healsim_figure_style *style,
                         const healsim_figure_data *data, const char *name, const char *pdf_title,
                         fig_pages_fn pages,
                         const void *ctx, FILE *out, healsim_diag *diag)
{
    const double scale = style->dpi / 72.0;
    const double w = style->width_px / scale, h = style->height_px / scale;
    cairo_surface_t *surface;
    if (format == HEALSIM_FORMAT_PNG)
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)lround(style->width_px),
                                             (int)lround(style->height_px));
    else if (format == HEALSIM_FORMAT_SVG)
        surface = cairo_svg_surface_create_for_stream(write_stream, out, w, h);
    else
        surface = cairo_pdf_surface_create_for_stream(write_stream, out, w, h);
    if (format == HEALSIM_FORMAT_PDF) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "healsim");
        /* no clock in the file: an empty date replaces cairo's current time */
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "");
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, pdf_title);
    }
    cairo_t *cr = cairo_create(surface);
    if (format == HEALSIM_FORMAT_PNG)
        cairo_scale(cr, scale, scale);
    int rc = draw(cr, data, style, w, h, name, pages, ctx, diag);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    if (!rc && !cs && format == HEALSIM_FORMAT_PNG) {
        cairo_surface_flush(surface);
        rc = healsim_png_write(surface, out);
        if (rc)
            fig_fail(diag, rc, "cannot write the PNG");
    }
    cairo_surface_finish(surface);
    if (!rc && !cs)
        cs = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (rc)
        return rc; /* *diag says why */
    if (cs == CAIRO_STATUS_WRITE_ERROR)
        return fig_fail(diag, HEALSIM_ERR_IO, "cannot write the figure");
    if (cs)
        return fig_fail(diag, cs == CAIRO_STATUS_NO_MEMORY ? HEALSIM_ERR_NOMEM : HEALSIM_ERR_IO,
                        "drawing failed: %s", cairo_status_to_string(cs));
    return ferror(out) ? fig_fail(diag, HEALSIM_ERR_IO, "cannot write the figure") : HEALSIM_OK;
}

/* cairo names an SVG's root group after a process-wide surface counter
** ("surface176"), which would make the bytes depend on what was drawn
** before.  Every figure gets "surface1". */
static void normalize_svg(char *svg, size_t *size)
{
    static const char key[] = "id=\"surface";
    char *at = strstr(svg, key);
    if (!at)
        return;
    char *digits = at + sizeof key - 1, *end = digits;
    while (*end >= '0' && *end <= '9')
        end++;
    if (end == digits)
        return;
    *digits = '1';
    memmove(digits + 1, end, (size_t)(svg + *size - end) + 1);
    *size -= (size_t)(end - digits) - 1;
}

int fig_render_memory(unsigned format, const healsim_figure_style *style,
                      const healsim_figure_data *data, const char *name, const char *pdf_title,
                      fig_pages_fn pages,
                      const void *ctx, char **bytes, size_t *size, healsim_diag *diag)
{
    *bytes = NULL;
    *size = 0;
    memset(diag, 0, sizeof *diag);
    FILE *mem = open_memstream(bytes, size);
    if (!mem)
        return fig_fail(diag, HEALSIM_ERR_NOMEM, "out of memory while drawing");
    int rc = render_stream(format, style, data, name, pdf_title, pages, ctx, mem, diag);
    if (fclose(mem) != 0 && rc == HEALSIM_OK)
        rc = fig_fail(diag, HEALSIM_ERR_NOMEM, "out of memory while drawing");
    if (rc == HEALSIM_OK && format == HEALSIM_FORMAT_SVG)
        normalize_svg(*bytes, size);
    if (rc != HEALSIM_OK) {
        free(*bytes);
        *bytes = NULL;
        *size = 0;
    }
    return rc;
}

int fig_render_file(unsigned format, const healsim_figure_style *style,
                    const healsim_figure_data *data, const char *name, const char *pdf_title,
                    fig_pages_fn pages,
                    const void *ctx, FILE *out, healsim_diag *diag)
{
    char *bytes = NULL;
    size_t size = 0;
    int rc = fig_render_memory(format, style, data, name, pdf_title, pages, ctx, &bytes, &size, diag);
    if (rc == HEALSIM_OK && fwrite(bytes, 1, size, out) != size)
        rc = fig_fail(diag, HEALSIM_ERR_IO, "cannot write the figure");
    free(bytes);
    return rc;
}

int fig_name_failure(int rc, const char *name, unsigned format, healsim_diag *diag)
{
    if (rc != HEALSIM_OK && !diag->file[0])
        snprintf(diag->file, sizeof diag->file, "%s.%s", name, fig_format_ext(format));
    return rc;
}
