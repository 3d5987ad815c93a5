/*
** plots/png_write.h — PNG encoding of a drawn figure, tuned for speed.
**
** cairo's own PNG writer compresses at zlib's default level, which costs
** most of a figure's time.  Figures are large flat areas and thin lines, so
** fast settings lose little size (bench/README.md has the numbers).
*/
#ifndef HEALSIM_PNG_WRITE_H
#define HEALSIM_PNG_WRITE_H

#include <stdio.h>

#include <cairo.h>

/* Write an RGB24 or ARGB32 image surface as an 8-bit RGB PNG to out (alpha
** is dropped: figures are painted on an opaque background).  No time or
** text chunks, so the bytes depend on the pixels only.  Returns HEALSIM_OK,
** HEALSIM_ERR_IO or HEALSIM_ERR_NOMEM. */
int healsim_png_write(cairo_surface_t *surface, FILE *out);

#endif
