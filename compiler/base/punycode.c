/* punycode.c - RFC 3492 Punycode, for PEP 489's init function names: a module whose name
 * is not ASCII exports PyInitU_ followed by the punycode of its name, '-' written '_'. */
#include "base.h"
#include <string.h>

enum { BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700, INITIAL_BIAS = 72, INITIAL_N = 128 };

/* Decodes UTF-8 into code points; -1 on a malformed sequence. */
static int utf8_decode(const unsigned char *s, uint32_t *out, int cap)
{
    int n = 0;
    while (*s) {
        int len = *s < 0x80 ? 1 : (*s >> 5) == 6 ? 2 : (*s >> 4) == 14 ? 3 : (*s >> 3) == 30 ? 4 : 0;
        if (len == 0 || n == cap) {
            return -1;
        }
        uint32_t c = len == 1 ? *s : *s & (0x7f >> len);
        for (int i = 1; i < len; i++) {
            if ((s[i] & 0xc0) != 0x80) {
                return -1;
            }
            c = c << 6 | (s[i] & 0x3f);
        }
        out[n++] = c;
        s += len;
    }
    return n;
}

static uint32_t adapt(uint32_t delta, uint32_t numpoints, bool first)
{
    delta = first ? delta / DAMP : delta / 2;
    delta += delta / numpoints;
    uint32_t k = 0;
    while (delta > ((BASE - TMIN) * TMAX) / 2) {
        delta /= BASE - TMIN;
        k += BASE;
    }
    return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
}

static char digit(uint32_t d)
{
    return (char)(d < 26 ? 'a' + d : '0' + d - 26);
}

static void put_char(StrBuf *out, char c)
{
    sb_putn(out, &c, 1);
}

/* One extended code point's delta as a variable-length base-36 integer. */
static void put_delta(StrBuf *out, uint32_t q, uint32_t bias)
{
    for (uint32_t k = BASE;; k += BASE) {
        uint32_t t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
        if (q < t) {
            break;
        }
        put_char(out, digit(t + (q - t) % (BASE - t)));
        q = (q - t) / (BASE - t);
    }
    put_char(out, digit(q));
}

char *punycode_encode(Arena *a, const char *utf8)
{
    int cap = (int)strlen(utf8) + 1;
    uint32_t *cp = arena_alloc(a, sizeof(uint32_t) * (size_t)cap);
    int len = utf8_decode((const unsigned char *)utf8, cp, cap);
    if (len < 0) {
        return NULL;
    }
    StrBuf out;
    sb_init(&out);
    uint32_t h = 0;
    for (int i = 0; i < len; i++) {
        if (cp[i] < 0x80) {
            put_char(&out, (char)cp[i]);
            h++;
        }
    }
    uint32_t b = h, n = INITIAL_N, delta = 0, bias = INITIAL_BIAS;
    if (b > 0) {
        put_char(&out, '-');
    }
    while (h < (uint32_t)len) {
        uint32_t m = UINT32_MAX;
        for (int i = 0; i < len; i++) {
            m = cp[i] >= n && cp[i] < m ? cp[i] : m;
        }
        delta += (m - n) * (h + 1);
        n = m;
        for (int i = 0; i < len; i++) {
            delta += cp[i] < n;
            if (cp[i] == n) {
                put_delta(&out, delta, bias);
                bias = adapt(delta, h + 1, h == b);
                delta = 0;
                h++;
            }
        }
        delta++;
        n++;
    }
    char *r = arena_strdup(a, out.data ? out.data : "");
    sb_free(&out);
    return r;
}
