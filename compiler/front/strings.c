/* strings.c - literal decoding: numbers (arbitrary-size integers normalized
 * to decimal digits, floats, imaginary) and strings (prefixes, escapes,
 * implicit concatenation, f-strings with conversions, specs and {x=}). */
#include <ctype.h>
#include "lower.h"

#include <stdlib.h>
#include <string.h>

/* ---- numbers ---- */

static int digit_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return 99;
}

/* Converts digits in `base` to decimal digits, via base-1e9 limbs
 * (little-endian): limbs = limbs * base + digit, for every digit. */
const char *base_to_decimal(Arena *a, const char *digits, size_t n, int base)
{
    size_t cap = n + 2;
    uint32_t *limb = arena_alloc(a, cap * sizeof(uint32_t));
    size_t used = 1;
    for (size_t i = 0; i < n; i++) {
        uint64_t carry = (uint64_t)digit_value(digits[i]);
        for (size_t j = 0; j < used; j++) {
            uint64_t v = (uint64_t)limb[j] * (uint64_t)base + carry;
            limb[j] = (uint32_t)(v % 1000000000u);
            carry = v / 1000000000u;
        }
        if (carry) {
            limb[used++] = (uint32_t)carry;
        }
    }
    char *out = arena_alloc(a, used * 9 + 1);
    int pos = sprintf(out, "%u", limb[used - 1]);
    for (size_t j = used - 1; j-- > 0;) {
        pos += sprintf(out + pos, "%09u", limb[j]);
    }
    return out;
}

/* Copies text without '_' into buf (NUL-terminated); returns its length. */
static size_t strip_underscores(const char *s, size_t n, char *buf)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '_') {
            buf[m++] = s[i];
        }
    }
    buf[m] = '\0';
    return m;
}

/* CPython refuses a decimal int literal longer than this (sys.get_int_max_str_digits()'s
 * default; a program run with another limit is compiled with the default). */
#define INT_MAX_STR_DIGITS 4300

static const char *decimal_digits(Lower *L, TSNode n, const char *d, size_t len)
{
    size_t i = 0;
    while (i + 1 < len && d[i] == '0') {
        i++;
    }
    if (i > 0 && d[i] != '0') {
        lw_error(L, n, "leading zeros in decimal integer literals are not permitted; "
                       "use an 0o prefix for octal integers");
    }
    if (len - i > INT_MAX_STR_DIGITS) {   /* CPython's default limit (3.9.14+, 3.10.7+, 3.11) */
        int minor = L->ctx->py_minor;
        lw_error(L, n, "Exceeds the limit (%d%s) for integer string conversion: value has %zu digits; "
                       "use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal "
                       "for huge integer literals to avoid decimal conversion limits.",
                 INT_MAX_STR_DIGITS, minor == 9 || minor == 10 ? "" : " digits", len - i);
    }
    return arena_strndup(L->arena, d + i, len - i);
}

/* integer: decimal | 0x.. | 0o.. | 0b.. (any case, '_' separators) */
static void int_const(Lower *L, TSNode n, char *buf, size_t len, AstExpr *e)
{
    e->u.constant.kind = CONST_INT;
    char p = len > 1 && buf[0] == '0' ? (char)(buf[1] | 0x20) : 0;
    int base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 10;
    if (base == 10) {
        e->u.constant.text = decimal_digits(L, n, buf, len);
        return;
    }
    for (size_t i = 2; i < len; i++) {
        if (digit_value(buf[i]) >= base) {
            lw_error(L, n, "invalid digit '%c' in %s literal", buf[i],
                     base == 16 ? "hexadecimal" : base == 8 ? "octal" : "binary");
            e->u.constant.text = "0";
            return;
        }
    }
    e->u.constant.text = base_to_decimal(L->arena, buf + 2, len - 2, base);
}

/* A '_' stands only between two digits (or after a base prefix, 0x_1f): else CPython's
 * tokenizer refuses the literal ("1_", "1__0", "1_e1", "1_.5"). */
static bool underscores_ok(Lower *L, TSNode n, const char *t, size_t len)
{
    char p = len > 1 && t[0] == '0' ? (char)(t[1] | 0x20) : 0;
    bool based = (p == 'x' || p == 'o' || p == 'b') && lw_sym(L, n) != SYM_float;
    for (size_t i = 0; i < len; i++) {
        if (t[i] != '_') {
            continue;
        }
        bool after = i > 0 && (based && i == 2 ? true : p == 'x' && based ? isxdigit((unsigned char)t[i - 1]) : isdigit((unsigned char)t[i - 1]));
        bool before = i + 1 < len && (p == 'x' && based ? isxdigit((unsigned char)t[i + 1]) : isdigit((unsigned char)t[i + 1]));
        if (!after || !before) {
            lw_error(L, n, "invalid %s literal",
                     !based ? "decimal" : p == 'x' ? "hexadecimal" : p == 'o' ? "octal" : "binary");
            return false;
        }
    }
    return true;
}

AstExpr *lower_number(Lower *L, TSNode n)
{
    size_t len;
    const char *text = lw_text(L, n, &len);
    if (!underscores_ok(L, n, text, len)) {
        AstExpr *bad = lw_new_expr(L, EXPR_CONST, lw_loc(n));
        bad->u.constant.kind = CONST_INT;
        bad->u.constant.text = "0";
        return bad;
    }
    char *buf = arena_alloc(L->arena, len + 1);
    size_t m = strip_underscores(text, len, buf);
    AstExpr *e = lw_new_expr(L, EXPR_CONST, lw_loc(n));
    char last = m ? buf[m - 1] : '0';
    if (last == 'j' || last == 'J') {
        buf[m - 1] = '\0';
        e->u.constant.kind = CONST_IMAG;
        e->u.constant.fval = strtod(buf, NULL);
        e->u.constant.text = arena_strndup(L->arena, text, len);
    } else if (last == 'l' || last == 'L') {
        lw_error(L, n, "invalid syntax");
        e->u.constant.kind = CONST_INT;
        e->u.constant.text = "0";
    } else if (lw_sym(L, n) == SYM_float) {
        e->u.constant.kind = CONST_FLOAT;
        e->u.constant.fval = strtod(buf, NULL);
        e->u.constant.text = arena_strndup(L->arena, text, len);
    } else {
        int_const(L, n, buf, m, e);
    }
    return e;
}

/* ---- string escapes ---- */

typedef struct StrFlags {
    bool raw, bytes, fmt;
} StrFlags;

/* The location of bytes [off, off+len) inside node n. */
static Loc loc_in(Lower *L, TSNode n, uint32_t off, uint32_t len)
{
    TSPoint p = ts_node_start_point(n);
    int line = (int)p.row + 1, col = (int)p.column + 1;
    for (uint32_t i = ts_node_start_byte(n); i < off; i++) {
        if (L->src[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    Loc loc = { line, col, line, col + (int)len };
    return loc;
}

static void put_utf8(StrBuf *sb, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {   /* lone surrogates are kept, as WTF-8 */
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    sb_putn(sb, b, n);
}

typedef struct Decoder {
    Lower *L;
    TSNode node;        /* for error locations */
    StrFlags f;
    StrBuf *out;
} Decoder;

/* Reads exactly `count` hex digits at s; -1 if there are fewer. */
static long read_hex(const char *s, size_t avail, int count)
{
    if (avail < (size_t)count) {
        return -1;
    }
    long v = 0;
    for (int i = 0; i < count; i++) {
        int d = digit_value(s[i]);
        if (d >= 16) {
            return -1;
        }
        v = v * 16 + d;
    }
    return v;
}

static void put_code(Decoder *d, uint32_t v)
{
    if (d->f.bytes) {
        char c = (char)(v & 0xFF);
        sb_putn(d->out, &c, 1);
    } else {
        put_utf8(d->out, v);
    }
}

/* \x \u \U: returns how many bytes after the letter were consumed. */
static size_t hex_escape(Decoder *d, const char *s, size_t avail, char kind)
{
    int count = kind == 'x' ? 2 : kind == 'u' ? 4 : 8;
    long v = read_hex(s, avail, count);
    uint32_t off = (uint32_t)(s - d->L->src) - 2;
    if (v < 0 || v > 0x10FFFF) {
        Loc loc = loc_in(d->L, d->node, off, (uint32_t)count + 2);
        if (v < 0) {
            diag_error(&d->L->ctx->diags, d->L->ctx->file, loc,
                       "(unicode error) truncated \\%c%s escape", kind,
                       kind == 'x' ? "XX" : kind == 'u' ? "XXXX" : "XXXXXXXX");
        } else {
            diag_error(&d->L->ctx->diags, d->L->ctx->file, loc,
                       "(unicode error) illegal Unicode character");
        }
        return 0;
    }
    put_code(d, (uint32_t)v);
    return (size_t)count;
}

/* \ooo: one to three octal digits; returns how many were consumed after the first. */
static size_t octal_escape(Decoder *d, const char *s, size_t avail)
{
    uint32_t v = 0;
    size_t i = 0;
    while (i < 3 && i < avail && s[i] >= '0' && s[i] <= '7') {
        v = v * 8 + (uint32_t)(s[i] - '0');
        i++;
    }
    put_code(d, v);
    return i - 1;
}

/* \N{name}: the Unicode name database is the interpreter's, so the name is kept
 * between STR_NAME_MARK bytes (never in UTF-8) for the runtime to look up when it
 * makes the str (Pyc2c_StrFromSource). */
static size_t name_escape(Decoder *d, const char *s, size_t avail)
{
    size_t i = 0;
    while (i < avail && s[i] != '}' && s[i] != '\n') {
        i++;
    }
    if (avail == 0 || s[0] != '{' || i >= avail || s[i] != '}' || i < 2) {
        uint32_t off = (uint32_t)(s - d->L->src) - 2;
        diag_error(&d->L->ctx->diags, d->L->ctx->file,
                   loc_in(d->L, d->node, off, (uint32_t)(i + 2)),
                   "(unicode error) malformed \\N character escape");
        return i < avail ? i + 1 : i;
    }
    char mark = (char)STR_NAME_MARK;
    sb_putn(d->out, &mark, 1);
    sb_putn(d->out, s + 1, i - 1);
    sb_putn(d->out, &mark, 1);
    return i + 1;
}

static char simple_escape(char c)
{
    switch (c) {
    case '\\': return '\\';
    case '\'': return '\'';
    case '"': return '"';
    case 'a': return '\a';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    default: return 0;
    }
}

/* One escape at s[0] == '\\'; returns the bytes consumed. */
static size_t escape(Decoder *d, const char *s, size_t avail)
{
    if (avail < 2) {
        sb_putn(d->out, s, 1);
        return 1;
    }
    char c = s[1];
    char simple = simple_escape(c);
    if (simple) {
        sb_putn(d->out, &simple, 1);
        return 2;
    }
    if (c == '\n') {
        return 2;
    }
    if (c == '\r') {
        return avail > 2 && s[2] == '\n' ? 3 : 2;
    }
    if (c >= '0' && c <= '7') {
        return 2 + octal_escape(d, s + 1, avail - 1);
    }
    if (c == 'x' || (!d->f.bytes && (c == 'u' || c == 'U'))) {
        return 2 + hex_escape(d, s + 2, avail - 2, c);
    }
    if (c == 'N' && !d->f.bytes) {
        return 2 + name_escape(d, s + 2, avail - 2);
    }
    sb_putn(d->out, s, 2);   /* unknown escapes stay as written */
    return 2;
}

/* Decodes literal source text [s, s+n) into d->out. */
static void decode(Decoder *d, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '\\' && !d->f.raw) {
            i += escape(d, s + i, n - i);
        } else if (c == '\r' && i + 1 < n && s[i + 1] == '\n') {
            i++;   /* CRLF in a triple-quoted string reads as LF */
        } else if (d->f.fmt && (c == '{' || c == '}') && i + 1 < n && s[i + 1] == c) {
            sb_putn(d->out, &c, 1);
            i += 2;
        } else {
            if (d->f.bytes && (unsigned char)c >= 0x80) {
                lw_error(d->L, d->node, "bytes can only contain ASCII literal characters");
                d->f.bytes = false;   /* report once */
            }
            sb_putn(d->out, &c, 1);
            i++;
        }
    }
}

/* ---- strings and f-strings ---- */

typedef struct StrAcc {
    StrBuf lit;              /* literal text not yet flushed into parts */
    AstFStringPartVec parts;
    bool any_fstring;
    int kind;                /* -1 unknown, 0 str, 1 bytes */
} StrAcc;

static void flush_literal(Lower *L, StrAcc *acc)
{
    if (acc->lit.len == 0) {
        return;
    }
    AstFStringPart p = { 0 };
    p.text = arena_strndup(L->arena, acc->lit.data, acc->lit.len);
    p.text_len = acc->lit.len;
    vec_push(L->arena, &acc->parts, p);
    acc->lit.len = 0;
}

static StrFlags parse_prefix(const char *s, size_t n, size_t *quote_len)
{
    StrFlags f = { 0 };
    size_t i = 0;
    for (; i < n && s[i] != '\'' && s[i] != '"'; i++) {
        char c = (char)(s[i] | 0x20);
        f.raw |= c == 'r';
        f.bytes |= c == 'b';
        f.fmt |= c == 'f';
    }
    *quote_len = n - i;
    return f;
}

static void lower_interp(Lower *L, TSNode n, StrFlags f, StrAcc *acc);

/* Literal gaps and {fields} between byte offsets [from, to) of node n. */
static void lower_pieces(Lower *L, TSNode n, StrFlags f, uint32_t from, uint32_t to,
                         StrAcc *acc)
{
    Decoder d = { L, n, f, &acc->lit };
    NodeVec k = lw_kids(L, n, true);
    for (int i = 0; i < k.len; i++) {
        Sym s = lw_sym(L, k.data[i]);
        if (s != SYM_interpolation && s != SYM_format_expression) {
            continue;
        }
        uint32_t start = ts_node_start_byte(k.data[i]);
        if (start >= from && start < to) {
            decode(&d, L->src + from, start - from);
            lower_interp(L, k.data[i], f, acc);
            from = ts_node_end_byte(k.data[i]);
        }
    }
    if (to > from) {
        decode(&d, L->src + from, to - from);
    }
}

/* format_specifier: ':' (literal text | format_expression)* */
static AstExpr *lower_spec(Lower *L, TSNode spec, StrFlags f)
{
    StrAcc acc = { .kind = 0 };
    sb_init(&acc.lit);
    lower_pieces(L, spec, f, ts_node_start_byte(spec) + 1, ts_node_end_byte(spec), &acc);
    flush_literal(L, &acc);
    sb_free(&acc.lit);
    AstExpr *e = lw_new_expr(L, EXPR_FSTRING, lw_loc(spec));
    e->u.fstring.parts = acc.parts;
    return e;
}

/* The `x := v` with the first `:=` of n outside brackets, or a null node. */
static TSNode first_open_walrus(Lower *L, TSNode n)
{
    switch (lw_sym(L, n)) {
    case SYM_named_expression:
        return n;
    case SYM_expression_list: case SYM_pattern_list: case SYM_not_operator:
    case SYM_unary_operator: case SYM_boolean_operator: case SYM_comparison_operator:
    case SYM_conditional_expression: case SYM_binary_operator: case SYM_await:
        break;
    default:
        return (TSNode){ 0 };
    }
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode w = first_open_walrus(L, ts_node_named_child(n, i));
        if (!ts_node_is_null(w)) {
            return w;
        }
    }
    return (TSNode){ 0 };
}

/* CPython ends an f-string field's expression at its first ':' outside brackets, so
 * f"{x:=10}" formats x with the spec "=10"; tree-sitter reads an assignment expression
 * x := 10 there (or one followed by errors, for "=^10" or "=+8.2f"). For such a field
 * (interpolation or format_expression): the byte of that ':' and the `x := ...` node
 * in *walrus; else 0. */
uint32_t lw_fstring_spec_colon(Lower *L, TSNode field, TSNode *walrus)
{
    Sym s = lw_sym(L, field);
    if (s != SYM_interpolation && s != SYM_format_expression) {
        return 0;
    }
    TSNode ex = lw_field(L, field, FLD_expression);
    TSNode w = ts_node_is_null(ex) ? ex : first_open_walrus(L, ex);
    if (ts_node_is_null(w)) {
        return 0;
    }
    TSNode name = lw_field(L, w, FLD_name);
    if (ts_node_is_null(name)) {
        return 0;
    }
    uint32_t b = ts_node_end_byte(name), end = ts_node_end_byte(field);
    while (b < end && L->src[b] != '\0' && strchr(" \t\f\r\n", L->src[b]) != NULL) {
        b++;
    }
    if (b + 2 >= end || L->src[b] != ':' || L->src[b + 1] != '=' || L->src[end - 1] != '}') {
        return 0;
    }
    *walrus = w;
    return b;
}

/* Whether n holds an ERROR or MISSING node before byte limit, outside the format specs
 * of such fields (syntax_errors.c passes over those; the lowering reads their text). */
static bool has_error_before(Lower *L, TSNode n, uint32_t limit)
{
    if (!ts_node_has_error(n) || ts_node_start_byte(n) >= limit) {
        return false;
    }
    if (ts_node_is_error(n) || ts_node_is_missing(n)) {
        return true;
    }
    TSNode walrus;
    uint32_t colon = lw_fstring_spec_colon(L, n, &walrus);
    uint32_t inner = colon != 0 && colon < limit ? colon : limit;
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        if (has_error_before(L, ts_node_child(n, i), inner)) {
            return true;
        }
    }
    return false;
}

bool lw_has_syntax_error(Lower *L, TSNode n)
{
    return has_error_before(L, n, UINT32_MAX);
}

/* The format spec of a field whose text from the ':' at byte colon is read as one
 * (lw_fstring_spec_colon): its literal text; a nested field in it marks *kept. */
static AstExpr *lower_walrus_spec(Lower *L, TSNode n, StrFlags f, uint32_t colon, bool *kept)
{
    uint32_t end = ts_node_end_byte(n) - 1;
    *kept = memchr(L->src + colon + 1, '{', end - colon - 1) != NULL ||
            memchr(L->src + colon + 1, '}', end - colon - 1) != NULL;
    StrAcc acc = { .kind = 0 };
    sb_init(&acc.lit);
    Decoder d = { L, n, f, &acc.lit };
    decode(&d, L->src + colon + 1, end - colon - 1);
    flush_literal(L, &acc);
    sb_free(&acc.lit);
    AstExpr *e = lw_new_expr(L, EXPR_FSTRING, lw_loc(n));
    e->u.fstring.parts = acc.parts;
    return e;
}

/* interpolation | format_expression:
 *   '{' expression ['='] [type_conversion] [':' format_specifier] '}' */
static void lower_interp(Lower *L, TSNode n, StrFlags f, StrAcc *acc)
{
    flush_literal(L, acc);
    AstFStringPart p = { 0 };
    p.loc = lw_loc(n);
    TSNode ex = lw_field(L, n, FLD_expression);
    TSNode walrus = { 0 };
    uint32_t colon = lw_fstring_spec_colon(L, n, &walrus);
    if (colon != 0) {
        p.value = lower_field_before_spec(L, ex, walrus);
        p.format_spec = lower_walrus_spec(L, n, f, colon, &p.spec_kept);
        vec_push(L->arena, &acc->parts, p);
        return;
    }
    p.value = lw_sym(L, ex) == SYM_expression_list || lw_sym(L, ex) == SYM_pattern_list
                  ? lower_expr_list(L, ex) : lower_expr(L, ex);
    TSNode conv = lw_field(L, n, FLD_type_conversion);
    TSNode spec = lw_field(L, n, FLD_format_specifier);
    if (!ts_node_is_null(conv)) {
        p.conversion = L->src[ts_node_start_byte(conv) + 1];
    }
    if (!ts_node_is_null(spec)) {
        p.format_spec = lower_spec(L, spec, f);
    }
    if (lw_has_token(L, n, TOK_EQ)) {
        uint32_t from = ts_node_start_byte(n) + 1;
        uint32_t to = !ts_node_is_null(conv) ? ts_node_start_byte(conv)
                    : !ts_node_is_null(spec) ? ts_node_start_byte(spec)
                    : ts_node_end_byte(n) - 1;
        p.debug_text = arena_strndup(L->arena, L->src + from, to - from);
        if (!p.conversion && !p.format_spec) {
            p.conversion = 'r';
        }
    }
    vec_push(L->arena, &acc->parts, p);
}

/* string: string_start (string_content | interpolation)* string_end */
static void lower_one_string(Lower *L, TSNode n, StrAcc *acc)
{
    NodeVec k = lw_kids(L, n, true);
    if (k.len < 2) {
        return;
    }
    TSNode start = k.data[0], end = k.data[k.len - 1];
    size_t plen, qlen;
    const char *ptext = lw_text(L, start, &plen);
    StrFlags f = parse_prefix(ptext, plen, &qlen);
    int kind = f.bytes ? 1 : 0;
    if (acc->kind >= 0 && acc->kind != kind) {
        lw_error(L, n, "cannot mix bytes and nonbytes literals");
    }
    acc->kind = kind;
    acc->any_fstring |= f.fmt;
    /* The content ends one quote before the end: for r'\\' tree-sitter puts
     * the backslashes into string_end. */
    uint32_t to = ts_node_end_byte(end) - (uint32_t)qlen;
    lower_pieces(L, n, f, ts_node_end_byte(start), to, acc);
}

static AstExpr *finish_string(Lower *L, TSNode n, StrAcc *acc)
{
    AstExpr *e;
    if (acc->any_fstring) {
        flush_literal(L, acc);
        e = lw_new_expr(L, EXPR_FSTRING, lw_loc(n));
        e->u.fstring.parts = acc->parts;
    } else {
        e = lw_new_expr(L, EXPR_CONST, lw_loc(n));
        e->u.constant.kind = acc->kind == 1 ? CONST_BYTES : CONST_STR;
        e->u.constant.bytes = arena_strndup(L->arena, acc->lit.data ? acc->lit.data : "",
                                            acc->lit.len);
        e->u.constant.len = acc->lit.len;
    }
    sb_free(&acc->lit);
    return e;
}

/* concatenated_string: string string+ ;  or a single string */
AstExpr *lower_string(Lower *L, TSNode n)
{
    StrAcc acc = { .kind = -1 };
    sb_init(&acc.lit);
    if (lw_sym(L, n) == SYM_concatenated_string) {
        NodeVec k = lw_kids(L, n, true);
        for (int i = 0; i < k.len; i++) {
            lower_one_string(L, k.data[i], &acc);
        }
    } else {
        lower_one_string(L, n, &acc);
    }
    return finish_string(L, n, &acc);
}
