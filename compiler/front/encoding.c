/* encoding.c - source encodings as CPython's import reads them (PEP 263, PEP 3120):
 *   - a coding cookie on line 1, or on line 2 below a comment or blank line, names the
 *     file's encoding; the text is converted to UTF-8 (iconv) before parsing;
 *   - without one the file is UTF-8: invalid bytes are allowed in comments only, and
 *     anywhere else give CPython's "(unicode error) 'utf-8' codec can't decode ...". */
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>
#include "lower.h"

/* The cookie's encoding name on the line at s (length n), or NULL. */
static const char *cookie_in(Arena *a, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f')) {
        i++;
    }
    if (i == n || s[i] != '#') {
        return NULL;
    }
    for (; i + 7 < n; i++) {
        if (memcmp(s + i, "coding", 6) == 0 && (s[i + 6] == ':' || s[i + 6] == '=')) {
            size_t j = i + 7;
            while (j < n && (s[j] == ' ' || s[j] == '\t')) {
                j++;
            }
            size_t k = j;
            while (k < n && (s[k] == '-' || s[k] == '_' || s[k] == '.' ||
                             (s[k] >= '0' && s[k] <= '9') || ((s[k] | 32) >= 'a' && (s[k] | 32) <= 'z'))) {
                k++;
            }
            return k > j ? arena_strndup(a, s + j, k - j) : NULL;
        }
    }
    return NULL;
}

static bool blank_or_comment(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f' || s[i] == '\r')) {
        i++;
    }
    return i == n || s[i] == '#';
}

static const char *find_cookie(Arena *a, const char *text, size_t len)
{
    const char *nl = memchr(text, '\n', len);
    size_t n1 = nl ? (size_t)(nl - text) : len;
    const char *enc = cookie_in(a, text, n1);
    if (enc || !nl || !blank_or_comment(text, n1)) {
        return enc;
    }
    const char *l2 = nl + 1;
    const char *nl2 = memchr(l2, '\n', len - (size_t)(l2 - text));
    return cookie_in(a, l2, nl2 ? (size_t)(nl2 - l2) : len - (size_t)(l2 - text));
}

static bool is_utf8_name(const char *enc)
{
    return strcasecmp(enc, "utf-8") == 0 || strcasecmp(enc, "utf8") == 0 ||
           strcasecmp(enc, "utf_8") == 0 || strncasecmp(enc, "utf-8-", 6) == 0 ||
           strncasecmp(enc, "utf_8_", 6) == 0;
}

/* iconv's name for Python's spelling of an encoding. */
static const char *iconv_name(Arena *a, const char *enc)
{
    char squeezed[32];
    size_t n = 0;
    for (const char *p = enc; *p && n + 1 < sizeof squeezed; p++) {
        if (*p != '-' && *p != '_') {
            squeezed[n++] = (char)(*p | 32);
        }
    }
    squeezed[n] = '\0';
    if (strcmp(squeezed, "latin1") == 0 || strcmp(squeezed, "isolatin1") == 0 ||
        strcmp(squeezed, "iso88591") == 0 || strcmp(squeezed, "l1") == 0) {
        return "ISO-8859-1";
    }
    char *name = arena_strdup(a, enc);
    for (char *p = name; *p; p++) {
        *p = *p == '_' ? '-' : *p;
    }
    return name;
}

/* Converts the file's text from enc to UTF-8; false after a diagnostic. */
static bool transcode(Ctx *ctx, const char *enc)
{
    SourceFile *f = (SourceFile *)ctx->file;
    iconv_t cd = iconv_open("UTF-8", iconv_name(&ctx->arena, enc));
    if (cd == (iconv_t)-1) {
        diag_error(&ctx->diags, f, (Loc){1, 1, 0, 0}, "unknown encoding: %s", enc);
        return false;
    }
    size_t cap = f->len * 4 + 1, left_out = cap - 1, left_in = f->len;
    char *out = arena_alloc(&ctx->arena, cap), *o = out;
    char *in = (char *)f->text;
    if (iconv(cd, &in, &left_in, &o, &left_out) == (size_t)-1) {
        size_t pos = (size_t)(in - f->text);
        diag_error(&ctx->diags, f, (Loc){1, 1, 0, 0}, "'%s' codec can't decode byte 0x%02x in position %zu%s",
                   enc, (unsigned char)f->text[pos], pos,
                   strcasecmp(enc, "ascii") == 0 ? ": ordinal not in range(128)" : "");
        iconv_close(cd);
        return false;
    }
    iconv_close(cd);
    *o = '\0';
    f->text = out;
    f->len = (size_t)(o - out);
    source_index_lines(&ctx->arena, f);
    return true;
}

/* CPython refuses a NUL anywhere in the source (3.12's wording; 3.11 raises ValueError). */
static bool reject_nul(Ctx *ctx)
{
    const SourceFile *f = ctx->file;
    const char *nul = memchr(f->text, '\0', f->len);
    if (!nul) {
        return true;
    }
    Loc loc = {1, 1, 0, 0};
    for (const char *p = f->text; p < nul; p++) {
        loc.line += *p == '\n';
        loc.col = *p == '\n' ? 1 : loc.col + 1;
    }
    diag_error(&ctx->diags, f, loc, "source code string cannot contain null bytes");
    return false;
}

bool front_decode_source(Ctx *ctx)
{
    if (!reject_nul(ctx)) {
        return false;
    }
    const char *enc = find_cookie(&ctx->arena, ctx->file->text, ctx->file->len);
    return !enc || is_utf8_name(enc) || transcode(ctx, enc);
}

/* Length of the valid UTF-8 sequence at s (before end), or 0; *why: the decoder's reason. */
static int utf8_seq(const unsigned char *s, const unsigned char *end, const char **why)
{
    unsigned c = s[0];
    int n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0) {
        *why = "invalid start byte";
        return 0;
    }
    for (int i = 1; i < n; i++) {
        if (s + i >= end) {
            *why = "unexpected end of data";
            return 0;
        }
        bool ok = (s[i] & 0xC0) == 0x80;
        if (i == 1 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
                       (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))) {
            ok = false;
        }
        if (!ok) {
            *why = "invalid continuation byte";
            return 0;
        }
    }
    return n;
}

/* A string's body around an invalid byte: the text CPython decodes; false outside strings. */
static bool string_body(Lower *L, TSNode n, uint32_t *lo, uint32_t *hi)
{
    for (TSNode p = n; !ts_node_is_null(p); p = ts_node_parent(p)) {
        uint32_t nk = ts_node_child_count(p);
        if (lw_sym(L, p) == SYM_string && nk >= 2) {
            *lo = ts_node_end_byte(ts_node_child(p, 0));
            *hi = ts_node_start_byte(ts_node_child(p, nk - 1));
            return true;
        }
    }
    return false;
}

static bool name_byte(unsigned char c)
{
    return c >= 0x80 || c == '_' || (unsigned)((c | 32) - 'a') < 26u || (unsigned)(c - '0') < 10u;
}

bool front_check_utf8(Lower *L, TSNode root)
{
    const unsigned char *s = (const unsigned char *)L->src, *end = s + L->ctx->file->len;
    for (const unsigned char *p = s; p < end;) {
        const char *why;
        int n = *p < 0x80 ? 1 : utf8_seq(p, end, &why);
        if (n > 0) {
            p += n;
            continue;
        }
        uint32_t at = (uint32_t)(p - s);
        TSNode leaf = ts_node_descendant_for_byte_range(root, at, at + 1);
        if (lw_sym(L, leaf) == SYM_comment) {
            p++;
            continue;
        }
        uint32_t lo, hi;
        if (!string_body(L, leaf, &lo, &hi) || lo > at || hi <= at) {
            for (lo = at; lo > 0 && name_byte(s[lo - 1]); lo--) {   /* a name: the run of its bytes */
            }
            for (hi = at + 1; s + hi < end && name_byte(s[hi]); hi++) {
            }
        }
        utf8_seq(p, s + hi, &why);   /* the token's end is the decoder's end of data */
        lw_error(L, leaf, "(unicode error) 'utf-8' codec can't decode byte 0x%02x in position %u: %s",
                 *p, at - lo, why);
        return false;
    }
    return true;
}
