/*
** check.h — the assertions of healsim's C tests.
**
** Each CHECK prints file, line, the expression and, for numbers, both values,
** and keeps going so one run shows every failure; main returns check_report().
** They work in Release builds (no assert.h).
*/
#ifndef HEALSIM_CHECK_H
#define HEALSIM_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        check_count++;                                                          \
        if (!(cond)) {                                                          \
            check_failures++;                                                   \
            fprintf(stderr, "%s:%d: FAIL: %s: ", __FILE__, __LINE__, #cond);   \
            fprintf(stderr, __VA_ARGS__);                                       \
            fputc('\n', stderr);                                                \
        }                                                                       \
    } while (0)

/* |actual - expected| <= abs_tol + rel_tol * |expected| */
#define CHECK_CLOSE(actual, expected, rel_tol, abs_tol, what)                  \
    do {                                                                        \
        double a_ = (actual), e_ = (expected);                                  \
        CHECK(fabs(a_ - e_) <= (abs_tol) + (rel_tol) * fabs(e_),               \
              "%s: got %.10g, expected %.10g (rel tol %g, abs tol %g)", what,   \
              a_, e_, (double)(rel_tol), (double)(abs_tol));                    \
    } while (0)

#define CHECK_RANGE(actual, lo, hi, what)                                       \
    do {                                                                        \
        double a_ = (actual);                                                   \
        CHECK(a_ >= (lo) && a_ <= (hi), "%s: got %.6g, expected in [%g, %g]",   \
              what, a_, (double)(lo), (double)(hi));                            \
    } while (0)

#define CHECK_CONTAINS(haystack, needle)                                        \
    CHECK(strstr((haystack), (needle)) != NULL, "'%s' does not contain '%s'",   \
          (haystack), (needle))

static int check_report(const char *name)
{
    if (check_failures)
        fprintf(stderr, "%s: %d of %d checks failed\n", name, check_failures, check_count);
    else
        printf("%s: all %d checks passed\n", name, check_count);
    return check_failures ? 1 : 0;
}

#endif
