/*
** test_number_text.c — healsimi_number_g9 writes exactly what "%.9g" writes.
**
** The CSV files are written with healsimi_number_g9 instead of printf; this
** test compares the two, byte for byte, on the inputs where a shortcut would
** go wrong: every kind of double (random bit patterns: subnormals, huge,
** tiny), the boundaries of fixed and exponential notation, values whose
** 10th significant digit is a 5 (near and exact rounding ties, and their
** neighbours a few ulps away), carries that add a digit (9.999999995), whole
** numbers, and every number of a default run's time series.
*/
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "healsim/run.h"
#include "healsim/params.h"
#include "number_text.h"

static size_t n_compared, n_mismatched;

static void compare(double v)
{
    char fast[HEALSIM_NUMBER_G9_SIZE], reference[64];
    const int n = healsimi_number_g9(fast, v);
    const int n_reference = snprintf(reference, sizeof reference, "%.9g", v);
    n_compared++;
    if (n != n_reference || strcmp(fast, reference) != 0) {
        n_mismatched++;
        if (n_mismatched <= 20)
            fprintf(stderr, "mismatch for %a (%.17g): healsimi_number_g9 '%s' (%d), %%.9g '%s' (%d)\n", v,
                    v, fast, n, reference, n_reference);
    }
}

/* v and its neighbours up to k ulps either side */
static void compare_around(double v, int k)
{
    compare(v);
    double up = v, down = v;
    for (int i = 0; i < k; i++) {
        up = nextafter(up, INFINITY);
        down = nextafter(down, -INFINITY);
        compare(up);
        compare(down);
    }
}

/* xorshift64*: a fixed sequence, so a failure reproduces */
static uint64_t state = 0x9E3779B97F4A7C15u;
static uint64_t next_random(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717u;
}

int main(void)
{
    /* special values */
    const double specials[] = { 0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN, DBL_MIN, -DBL_MIN,
                                DBL_MAX, -DBL_MAX, DBL_TRUE_MIN, -DBL_TRUE_MIN, DBL_EPSILON,
                                1.0, -1.0, 0.1, 0.5, 1.5, 2.5, 100.0, 365.0, 1e9, 1e-5, 1e-4 };
    for (size_t i = 0; i < sizeof specials / sizeof specials[0]; i++)
        compare_around(specials[i], 3);
    CHECK(n_mismatched == 0, "%zu of %zu special values differ from %%.9g", n_mismatched, n_compared);

    /* every finite double kind: random bit patterns */
    size_t before = n_mismatched, compared_before = n_compared;
    for (int i = 0; i < 1000000; i++) {
        uint64_t bits = next_random();
        double v;
        memcpy(&v, &bits, sizeof v);
        compare(v);
    }
    CHECK(n_mismatched == before, "%zu of %zu random bit patterns differ from %%.9g", n_mismatched - before,
          n_compared - compared_before);

    /* the switch between fixed and exponential notation, and carries that
    ** add a digit, at every power of ten a CSV can hold */
    before = n_mismatched, compared_before = n_compared;
    for (int e = -320; e <= 308; e++) {
        char text[64];
        const char *forms[] = { "1e%d", "9.999999995e%d", "9.9999999949e%d", "9.99999999e%d",
                                "1.000000005e%d", "5e%d", "1.23456789e%d" };
        for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
            snprintf(text, sizeof text, forms[f], e);
            compare_around(strtod(text, NULL), 4);
            compare_around(-strtod(text, NULL), 1);
        }
    }
    CHECK(n_mismatched == before, "%zu of %zu values at powers of ten differ from %%.9g",
          n_mismatched - before, n_compared - compared_before);

    /* rounding ties: 10 significant digits ending in 5 (the nearest double
    ** is a hair either side of the tie) and their neighbours */
    before = n_mismatched, compared_before = n_compared;
    for (int i = 0; i < 200000; i++) {
        char text[64];
        const uint64_t mantissa = 1000000000u + next_random() % 900000000u;
        const int e = (int)(next_random() % 80) - 40;
        snprintf(text, sizeof text, "%llu5e%d", (unsigned long long)(mantissa / 10u), e);
        compare_around(strtod(text, NULL), 2);
    }
    /* exact ties: whole numbers and halves that doubles hold exactly */
    for (uint64_t i = 0; i < 200000; i++) {
        const uint64_t n = 1000000000u + next_random() % 8000000000u;
        compare((double)(n / 10u * 10u + 5u));          /* 10 digits ending in 5 */
        compare((double)(n / 10u) + 0.5);               /* 9 digits and a half */
        compare(ldexp((double)(n | 1u), -(int)(next_random() % 60))); /* dyadic fractions */
    }
    CHECK(n_mismatched == before, "%zu of %zu near and exact ties differ from %%.9g", n_mismatched - before,
          n_compared - compared_before);

    /* decimal-looking values as a run produces them: short decimals and
    ** random magnitudes over the CSV's range */
    before = n_mismatched, compared_before = n_compared;
    for (int i = 0; i < 300000; i++) {
        const double u = (double)(next_random() >> 11) / 9007199254740992.0;
        compare(pow(10.0, -30.0 + 40.0 * u));
        compare((double)(next_random() % 3650001u) / 10000.0);
        compare(round(u * 1e6) / 1e4);
    }
    CHECK(n_mismatched == before, "%zu of %zu decimal values differ from %%.9g", n_mismatched - before,
          n_compared - compared_before);

    /* every number of the default run's time series */
    healsim_params p;
    healsim_diag d;
    CHECK(healsim_params_load(NULL, NULL, 0, &p, NULL, &d) == HEALSIM_OK, "default parameters: %s", d.message);
    healsim_run *run = NULL;
    CHECK(healsim_simulate(&p, 0, &run, &d) == HEALSIM_OK, "default run: %s", d.message);
    before = n_mismatched, compared_before = n_compared;
    for (size_t i = 0; run && i < healsim_run_n_rows(run); i++)
        for (int c = 0; c < HEALSIM_N_COLUMNS; c++)
            compare(healsim_run_row(run, i)[c]);
    CHECK(n_compared - compared_before > 20000, "the default run has %zu numbers", n_compared - compared_before);
    CHECK(n_mismatched == before, "%zu of %zu numbers of the default run differ from %%.9g",
          n_mismatched - before, n_compared - compared_before);
    healsim_run_free(run);

    /* the stream form writes the same bytes */
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    CHECK(mem != NULL, "open_memstream");
    if (mem) {
        CHECK(healsimi_number_g9_put(mem, -1.5e-300) == 1, "healsimi_number_g9_put returns 1");
        fclose(mem);
        CHECK(strcmp(text, "-1.5e-300") == 0, "healsimi_number_g9_put wrote '%s', expected '-1.5e-300'", text);
        free(text);
    }

    printf("test_number_text: %zu numbers compared with %%.9g, %zu differ\n", n_compared, n_mismatched);
    return check_report("test_number_text");
}
