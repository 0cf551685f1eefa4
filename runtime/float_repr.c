/* float_repr.c - repr() of a float (f"{x}") and format(x, ".Nf") without dtoa's big
 * numbers where a few decimals say it exactly.
 *
 * repr: CPython prints the shortest decimal that reads back as x (the closest to x among
 * the shortest), in fixed notation for decimal exponents -4 .. 15. For the smallest k
 * with an integer q, |q| < 2**53, such that q / 10**k is x (one correctly rounded
 * division of two exact doubles: what float() of the decimal gives), that decimal is it,
 * provided q is the only such integer for that k (ulp(x) * 10**k < 1). Fewer digits
 * at a smaller k would have been found first, since the digit count grows with k.
 *
 * ".Nf": the exact value x * 10**N (x = m * 2**e, m < 2**53) rounded half to even in
 * 128-bit integers, as dtoa rounds the exact binary value. */
#include "pyc2c.h"

#include <math.h>

static const double POW10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
static const uint64_t IPOW10[] = {1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
                                  10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
                                  100000000000ULL, 1000000000000ULL, 10000000000000ULL,
                                  100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
                                  100000000000000000ULL, 1000000000000000000ULL};
#define TWO53 9007199254740992.0

/* q / 10**k for ax (finite, > 0) as repr would print it; 0 when this path cannot tell. */
static int few_decimals(double ax, uint64_t *q, int *k)
{
    int e;
    (void)frexp(ax, &e);
    double ulp = ldexp(1.0, e - 53);
    for (int i = 0; i <= 18; i++) {
        double scaled = ax * POW10[i];
        if (scaled >= TWO53 || ulp * POW10[i] >= 1.0) {
            return 0;
        }
        double c = nearbyint(scaled);
        /* the integer that reads back is within 1.5 of c (c's own rounding error < 1) */
        for (int d = 0; d < 3; d++) {
            double cand = d == 0 ? c : d == 1 ? c - 1.0 : c + 1.0;
            if (cand > 0.0 && cand / POW10[i] == ax) {
                *q = (uint64_t)cand;
                *k = i;
                return 1;
            }
        }
    }
    return 0;
}

/* Writes [-]int.frac of q / 10**k (k fractional digits, at least one) into buf (48
 * bytes): its length. */
static int fixed_digits(char *buf, int neg, uint64_t q, int k)
{
    char tmp[48];
    int n = 0;
    int frac = k > 0 ? k : 1;
    uint64_t ip = k > 0 ? q / IPOW10[k] : q, fp = k > 0 ? q % IPOW10[k] : 0;
    for (int i = 0; i < frac; i++, fp /= 10) {
        tmp[n++] = (char)('0' + fp % 10);
    }
    tmp[n++] = '.';
    do {
        tmp[n++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    int len = 0;
    if (neg) {
        buf[len++] = '-';
    }
    while (n) {
        buf[len++] = tmp[--n];
    }
    return len;
}

int Pyc2c_FloatReprDigits(double d, char *buf)
{
    double ax = fabs(d);
    uint64_t q;
    int k;
    if (ax == 0.0) {
        const char *z = signbit(d) ? "-0.0" : "0.0";
        memcpy(buf, z, 5);
        return (int)strlen(z);
    }
    if (!(ax >= 1e-5 && ax < TWO53) || !few_decimals(ax, &q, &k)) {
        return 0;
    }
    if (k >= 4 && q < IPOW10[k - 4]) {
        return 0;   /* below 1e-4: repr writes an exponent */
    }
    return fixed_digits(buf, d < 0, q, k);
}

#if PYC2C_WIDE_IS_128
int Pyc2c_FloatFixedDigits(double d, int prec, char *buf)
{
    if (!isfinite(d) || prec < 0 || prec > 18 || fabs(d) >= TWO53) {
        return 0;
    }
    int e;
    double m = frexp(fabs(d), &e);   /* |d| = m * 2**e, m in [0.5, 1) */
    uint64_t mant = (uint64_t)ldexp(m, 53);
    e -= 53;                          /* |d| = mant * 2**e, e <= 0 as |d| < 2**53 */
    Pyc2cUWide v = (Pyc2cUWide)mant * IPOW10[prec];   /* < 2**113 */
    Pyc2cUWide whole;
    if (e == 0) {
        whole = v;
    } else if (e <= -120) {
        whole = 0;                    /* v < 2**113: below half a unit of the last digit */
    } else {
        Pyc2cUWide rest = v & (((Pyc2cUWide)1 << -e) - 1), half = (Pyc2cUWide)1 << (-e - 1);
        whole = v >> -e;
        whole += rest > half || (rest == half && (whole & 1));   /* half to even, as dtoa */
    }
    if (whole >> 64) {
        return 0;
    }
    int len = fixed_digits(buf, signbit(d) != 0, (uint64_t)whole, prec);
    return prec == 0 ? len - 2 : len;   /* ".0f": no point */
}
#else
int Pyc2c_FloatFixedDigits(double d, int prec, char *buf)
{
    (void)d;
    (void)prec;
    (void)buf;
    return 0;   /* no 128-bit integers: dtoa */
}
#endif
