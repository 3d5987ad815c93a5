/*
** bench_util.h — small shared helpers of healsim's benchmarks: a monotonic
** clock and the comparison for sorting times.
*/
#ifndef HEALSIM_BENCH_UTIL_H
#define HEALSIM_BENCH_UTIL_H

#include <time.h>

/* Seconds on CLOCK_MONOTONIC (only differences mean anything). */
static inline double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* qsort comparison of doubles, ascending. */
static inline int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#endif
