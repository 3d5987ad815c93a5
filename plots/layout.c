/*
** layout.c — the record of what a figure put where (plots/draw.h).
**
** Every piece of text a figure draws goes through fig_show_layout (or
** draw_text and draw_text_vertical, which end there), and every plot box,
** key and curve is noted here too, so a page knows, at any moment, every
** box it has drawn text in.  That record has two uses:
**
**   - placement: fig_place_labels adds every text and key box drawn so
**     far on the page to the obstacles a new label must keep clear of, so
**     no text is ever placed on text drawn before it, whichever file drew
**     it;
**   - the layout dump: with HEALSIM_LAYOUT_DUMP=DIR in the environment,
**     each figure file also writes DIR/NAME.layout.json (NAME the figure
**     file's stem: "outcome", "compare-bars", "sweep"), which the layout
**     tests read: every text box (text, x, y, w, h in points from the
**     page's top left, its colour and the colour under it), every plot
**     area, every key, and every curve as page points, a list per page.
**
** The record changes nothing that is drawn, so a figure's bytes are the
** same with and without the dump.  The JSON is written by hand (the figure
** module does not link jansson), strings escaped as RFC 8259 asks.  The
** record is best effort: out of memory, it stops growing (and the dump is
** not written), the figure is still drawn.
*/
#include "draw.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef enum { ITEM_TEXT, ITEM_PLOT, ITEM_KEY, ITEM_CURVE } item_kind;

typedef struct item {
    item_kind kind;
    size_t page;       /* 0-based page of the figure */
    chart_box box;     /* page points */
    char *text;        /* ITEM_TEXT: the text shown (markup removed); owned */
    rgb colour, background;
    int cut;           /* ITEM_TEXT: shortened with an ellipsis */
    double *points;    /* ITEM_CURVE: x0, y0, x1, y1, ...; owned */
    size_t n_points;
} item;

struct layout_record {
    item *items;
    size_t n, cap;
    size_t page;       /* the page being drawn */
    int failed;        /* out of memory once: the record is incomplete */
};

layout_record *fig_layout_alloc(void)
{
    return calloc(1, sizeof(layout_record));
}

void fig_layout_free(layout_record *lay)
{
    if (!lay)
        return;
    for (size_t i = 0; i < lay->n; i++) {
        free(lay->items[i].text);
        free(lay->items[i].points);
    }
    free(lay->items);
    free(lay);
}

static item *add(const page *pg, item_kind kind, chart_box box)
{
    layout_record *lay = pg->layout;
    if (!lay || lay->failed)
        return NULL;
    if (lay->n == lay->cap) {
        size_t cap = lay->cap ? 2 * lay->cap : 64;
        item *grown = realloc(lay->items, cap * sizeof *grown);
        if (!grown) {
            lay->failed = 1;
            return NULL;
        }
        lay->items = grown;
        lay->cap = cap;
    }
    item *it = &lay->items[lay->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->page = lay->page;
    it->box = box;
    return it;
}

void fig_layout_text(const page *pg, const char *text, chart_box box, rgb colour, rgb background, int cut)
{
    item *it = add(pg, ITEM_TEXT, box);
    if (!it)
        return;
    it->colour = colour;
    it->background = background;
    it->cut = cut;
    it->text = strdup(text ? text : "");
    if (!it->text)
        pg->layout->failed = 1;
}

void fig_layout_plot(const page *pg, chart_box box)
{
    add(pg, ITEM_PLOT, box);
}

void fig_layout_key(const page *pg, chart_box box)
{
    add(pg, ITEM_KEY, box);
}

void fig_layout_curve(const page *pg, const double *xs, const double *ys, size_t n)
{
    if (!n)
        return;
    chart_box b = { INFINITY, INFINITY, -INFINITY, -INFINITY };
    for (size_t i = 0; i < n; i++) {
        b.x0 = fmin(b.x0, xs[i]);
        b.x1 = fmax(b.x1, xs[i]);
        b.y0 = fmin(b.y0, ys[i]);
        b.y1 = fmax(b.y1, ys[i]);
    }
    item *it = add(pg, ITEM_CURVE, b);
    if (!it)
        return;
    it->points = malloc(2 * n * sizeof *it->points);
    if (!it->points) {
        pg->layout->failed = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        it->points[2 * i] = xs[i];
        it->points[2 * i + 1] = ys[i];
    }
    it->n_points = n;
}

void fig_layout_next_page(const page *pg)
{
    if (pg->layout)
        pg->layout->page++;
}

size_t fig_layout_obstacles(const page *pg, chart_box within, chart_box *out, size_t cap)
{
    const layout_record *lay = pg->layout;
    size_t n = 0;
    for (size_t i = 0; lay && i < lay->n && n < cap; i++) {
        const item *it = &lay->items[i];
        if (it->page == lay->page && (it->kind == ITEM_TEXT || it->kind == ITEM_KEY)
            && chart_box_overlap(it->box, within))
            out[n++] = it->box;
    }
    return n;
}

/* Most obstacles one placement considers: the caller's and the page's. */
#define MAX_PLACE_OBSTACLES 512

size_t fig_place_labels(const page *pg, chart_label *labels, size_t n, chart_box bounds,
                        chart_envelope *const *curves, size_t n_curves, const chart_box *obstacles,
                        size_t n_obstacles)
{
    chart_box all[MAX_PLACE_OBSTACLES];
    size_t k = 0;
    for (size_t i = 0; i < n_obstacles && k < MAX_PLACE_OBSTACLES; i++)
        all[k++] = obstacles[i];
    k += fig_layout_obstacles(pg, bounds, all + k, MAX_PLACE_OBSTACLES - k);
    return chart_labels_place(labels, n, bounds, curves, n_curves, all, k);
}

/* ---- drawing text through the record ------------------------------------ */

void fig_show_layout(const page *pg, PangoLayout *l, double x, double y, rgb c, rgb background)
{
    PangoRectangle logical;
    pango_layout_get_extents(l, NULL, &logical);
    fig_set_rgb(pg->cr, c);
    cairo_move_to(pg->cr, x, y);
    pango_cairo_show_layout(pg->cr, l);
    const chart_box b = { x + (double)logical.x / PANGO_SCALE, y + (double)logical.y / PANGO_SCALE,
                          x + (double)(logical.x + logical.width) / PANGO_SCALE,
                          y + (double)(logical.y + logical.height) / PANGO_SCALE };
    fig_layout_text(pg, pango_layout_get_text(l), b, c, background, pango_layout_is_ellipsized(l));
}

/* ---- the dump ------------------------------------------------------------- */

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f); /* UTF-8 as it is: pango text is valid UTF-8 */
    }
    fputc('"', f);
}

static void json_colour(FILE *f, rgb c)
{
    fprintf(f, "\"#%02X%02X%02X\"", (unsigned)lround(c.r * 255), (unsigned)lround(c.g * 255),
            (unsigned)lround(c.b * 255));
}

static void json_box(FILE *f, chart_box b)
{
    fprintf(f, "\"x\": %.2f, \"y\": %.2f, \"w\": %.2f, \"h\": %.2f", b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
}

static void write_json(FILE *f, const layout_record *lay, const char *name, double w, double h)
{
    static const char *const lists[] = { "texts", "plots", "keys", "curves" };
    fputs("{\n  \"figure\": ", f);
    json_string(f, name);
    fprintf(f, ",\n  \"width\": %.2f,\n  \"height\": %.2f,\n  \"pages\": [", w, h);
    const size_t pages = lay->page + 1;
    for (size_t pgi = 0; pgi < pages; pgi++) {
        fprintf(f, "%s\n    {", pgi ? "," : "");
        for (int kind = ITEM_TEXT; kind <= ITEM_CURVE; kind++) {
            fprintf(f, "%s\n      \"%s\": [", kind ? "," : "", lists[kind]);
            int first = 1;
            for (size_t i = 0; i < lay->n; i++) {
                const item *it = &lay->items[i];
                if (it->page != pgi || (int)it->kind != kind)
                    continue;
                fprintf(f, "%s\n        {", first ? "" : ",");
                first = 0;
                if (kind == ITEM_TEXT) {
                    fputs("\"text\": ", f);
                    json_string(f, it->text);
                    fputs(", ", f);
                }
                json_box(f, it->box);
                if (kind == ITEM_TEXT) {
                    fputs(", \"colour\": ", f);
                    json_colour(f, it->colour);
                    fputs(", \"background\": ", f);
                    json_colour(f, it->background);
                    fprintf(f, ", \"cut\": %s", it->cut ? "true" : "false");
                }
                if (kind == ITEM_CURVE) {
                    fputs(", \"points\": [", f);
                    for (size_t k = 0; k < it->n_points; k++)
                        fprintf(f, "%s[%.2f, %.2f]", k ? ", " : "", it->points[2 * k], it->points[2 * k + 1]);
                    fputc(']', f);
                }
                fputc('}', f);
            }
            fputs(first ? "]" : "\n      ]", f);
        }
        fputs("\n    }", f);
    }
    fputs("\n  ]\n}\n", f);
}

int fig_layout_dump(const layout_record *lay, const char *dir, const char *name, double w, double h,
                    healsim_diag *diag)
{
    if (lay->failed)
        return fig_fail(diag, HEALSIM_ERR_NOMEM, "out of memory while recording the layout");
    char path[4096], tmp[4096 + 16];
    snprintf(path, sizeof path, "%s/%s.layout.json", dir, name);
    /* a figure in several formats writes the same record: each under its
    ** own name, renamed into place, so no reader sees half a file */
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return fig_fail(diag, HEALSIM_ERR_IO, "cannot write the layout dump %s: %s", path, strerror(errno));
    fchmod(fd, 0644);
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
        return fig_fail(diag, HEALSIM_ERR_IO, "cannot write the layout dump %s: %s", path, strerror(errno));
    }
    write_json(f, lay, name, w, h);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return fig_fail(diag, HEALSIM_ERR_IO, "cannot write the layout dump %s: %s", path, strerror(e));
    }
    return HEALSIM_OK;
}
