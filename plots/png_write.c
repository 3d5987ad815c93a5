/*
** png_write.c — figure PNGs through libpng with fast settings (see
** png_write.h).  libpng reports errors by longjmp; everything allocated
** before the setjmp is freed on both paths.
*/
#include "png_write.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>

#include <png.h>

#include "healsim/params.h"

static void on_error(png_structp png, png_const_charp message)
{
    (void)message;
    longjmp(png_jmpbuf(png), 1);
}

static void on_warning(png_structp png, png_const_charp message)
{
    (void)png;
    (void)message;
}

int healsim_png_write(cairo_surface_t *surface, FILE *out)
{
    const int w = cairo_image_surface_get_width(surface);
    const int h = cairo_image_surface_get_height(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    const unsigned char *pixels = cairo_image_surface_get_data(surface);
    if (!pixels || w <= 0 || h <= 0)
        return HEALSIM_ERR_IO;
    unsigned char *volatile row = malloc((size_t)w * 3);
    if (!row)
        return HEALSIM_ERR_NOMEM;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        png_destroy_write_struct(&png, NULL);
        free(row);
        return HEALSIM_ERR_NOMEM;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(row);
        return HEALSIM_ERR_IO;
    }
    png_init_io(png, out);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    /* measured on the default figures (bench/README.md): zlib's fastest
    ** level without row filters is both the fastest and, on these flat
    ** images, smaller than the filtered or run-length variants */
    png_set_compression_level(png, 1);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)(const void *)(pixels + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            uint32_t p = src[x]; /* cairo: native-endian 0xAARRGGBB */
            row[3 * x] = (unsigned char)(p >> 16);
            row[3 * x + 1] = (unsigned char)(p >> 8);
            row[3 * x + 2] = (unsigned char)p;
        }
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(row);
    return HEALSIM_OK;
}
