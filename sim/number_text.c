/*
** number_text.c — "%.9g" without printf's cost, and with printf's bytes.
**
** printf formats a double exactly: it expands the binary value into a big
** decimal and rounds that (half to even on the exact value).  That costs
** ~150 ns a number, most of a `healsim run` that writes its CSV.  Here a
** number is scaled by powers of ten in double arithmetic to m in [1e8, 1e9),
** whose nearest integer holds the 9 significant digits.  Each scaling is one
** multiplication or division by an exactly representable power of ten
** (10^0 .. 10^22), so m is off from the exact scaled value by at most
** n_roundings × 2^-53 relative: below 2e-6 in absolute terms for any double.
** Rounding m to the nearest integer gives printf's digits unless the exact
** value could lie on the other side of a half (m's fraction within that
** error of 0.5): then, about one number in a hundred thousand, the function
** asks snprintf.  Infinities and NaN also go to snprintf, so every double
** gets exactly the text "%.9g" gives it.
**
** The layout is printf's %g with precision 9: exponent X of the rounded
** value; -4 <= X < 9 prints fixed-point with 8 - X decimals, anything else
** d.dddddddde±XX; trailing zeros and a bare decimal point removed.
*/
#include "number_text.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

static const double powers_of_ten[23] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* a × 10^k for a > 0, by exact powers of ten; *n_roundings counts the
** rounded operations. */
static double scale(double a, int k, int *n_roundings)
{
    int n = 0;
    while (k > 22) {
        a *= 1e22;
        k -= 22;
        n++;
    }
    while (k < -22) {
        a /= 1e22;
        k += 22;
        n++;
    }
    if (k > 0) {
        a *= powers_of_ten[k];
        n++;
    } else if (k < 0) {
        a /= powers_of_ten[-k];
        n++;
    }
    *n_roundings = n;
    return a;
}

static int by_printf(char buf[HEALSIM_NUMBER_G9_SIZE], double v)
{
    return snprintf(buf, HEALSIM_NUMBER_G9_SIZE, "%.9g", v);
}

int healsimi_number_g9(char buf[HEALSIM_NUMBER_G9_SIZE], double v)
{
    if (v == 0.0) {
        const int negative = signbit(v) != 0;
        memcpy(buf, "-0", 3);
        if (!negative)
            memcpy(buf, "0", 2);
        return negative ? 2 : 1;
    }
    if (!isfinite(v))
        return by_printf(buf, v);
    const double a = fabs(v);
    int e2;
    (void)frexp(a, &e2); /* a in [2^(e2-1), 2^e2) */
    int e10 = (int)floor((e2 - 1) * 0.30102999566398120); /* log10(a), or one less */
    double m = 0.0;
    int n_roundings = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
        m = scale(a, 8 - e10, &n_roundings);
        if (m < 1e8)
            e10--;
        else if (m >= 1e9)
            e10++;
        else
            break;
    }
    if (!(m >= 1e8 && m < 1e9))
        return by_printf(buf, v);
    const double whole = floor(m);
    const double fraction = m - whole;
    /* ulp(m) <= 2^-23 for m < 2^30: one rounding is off by at most 6e-8 */
    const double doubt = 2.5e-7 * (n_roundings + 1);
    if (fabs(fraction - 0.5) <= doubt)
        return by_printf(buf, v);
    uint32_t digits = (uint32_t)whole + (fraction > 0.5 ? 1u : 0u);
    if (digits == 1000000000u) {
        digits = 100000000u;
        e10++;
    }

    char d[9];
    for (int i = 8; i >= 0; i--) {
        d[i] = (char)('0' + digits % 10u);
        digits /= 10u;
    }
    int n_significant = 9;
    while (n_significant > 1 && d[n_significant - 1] == '0')
        n_significant--;

    char *p = buf;
    if (v < 0.0)
        *p++ = '-';
    if (e10 < -4 || e10 >= 9) {
        *p++ = d[0];
        if (n_significant > 1) {
            *p++ = '.';
            memcpy(p, d + 1, (size_t)(n_significant - 1));
            p += n_significant - 1;
        }
        *p++ = 'e';
        int x = e10;
        *p++ = x < 0 ? '-' : '+';
        if (x < 0)
            x = -x;
        if (x >= 100)
            *p++ = (char)('0' + x / 100);
        *p++ = (char)('0' + x / 10 % 10);
        *p++ = (char)('0' + x % 10);
    } else if (e10 >= 0) {
        const int n_integer = e10 + 1;
        memcpy(p, d, (size_t)n_integer);
        p += n_integer;
        if (n_significant > n_integer) {
            *p++ = '.';
            memcpy(p, d + n_integer, (size_t)(n_significant - n_integer));
            p += n_significant - n_integer;
        }
    } else {
        *p++ = '0';
        *p++ = '.';
        for (int i = -1; i > e10; i--)
            *p++ = '0';
        memcpy(p, d, (size_t)n_significant);
        p += n_significant;
    }
    *p = '\0';
    return (int)(p - buf);
}

int healsimi_number_g9_put(FILE *out, double v)
{
    char text[HEALSIM_NUMBER_G9_SIZE];
    const int n = healsimi_number_g9(text, v);
    return fwrite(text, 1, (size_t)n, out) == (size_t)n;
}
