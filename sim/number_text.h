/*
** number_text.h — doubles as text, fast, with printf's exact bytes.
**
** healsimi_number_g9 writes what snprintf(buf, size, "%.9g", v) writes, byte
** for byte, several times faster: the time-series CSV of one run holds
** ~44 000 numbers, and formatting them with printf was the largest cost of a
** whole `healsim run --no-figures` process.  See number_text.c for how it
** stays exact; tests/test_number_text.c checks it against snprintf.
*/
#ifndef HEALSIM_NUMBER_TEXT_H
#define HEALSIM_NUMBER_TEXT_H

#include <stdio.h>

/* Longest text healsimi_number_g9 writes, with its terminating NUL:
** "-1.23456789e-308" is 16 characters. */
#define HEALSIM_NUMBER_G9_SIZE 32

/* Write v as "%.9g" into buf (HEALSIM_NUMBER_G9_SIZE bytes), NUL-terminated;
** return the number of characters written, NUL excluded.  Any double is
** accepted (zero, negative zero, subnormal, infinite, NaN). */
int healsimi_number_g9(char buf[HEALSIM_NUMBER_G9_SIZE], double v);

/* fputs of healsimi_number_g9(v); returns what fwrite returns != 0 (0 on a
** write error, which also sets the stream's error flag). */
int healsimi_number_g9_put(FILE *out, double v);

#endif
