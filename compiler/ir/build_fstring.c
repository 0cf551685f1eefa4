/* build_fstring.c - f-strings: each {value} converted and formatted, then the pieces
 * joined, in CPython's order of evaluation (past MANY_VALUES values, gathered in a
 * list as they are made). */
#include <string.h>
#include "build.h"

static IrReg lit_const(Builder *b, const char *text, size_t len, int line)
{
    AstExpr k = {.kind = EXPR_CONST, .type = &ty_str, .loc = {.line = line},
                 .u.constant = {.kind = CONST_STR, .bytes = text, .len = len}};
    return build_const(b, &k, NULL);
}

static PrimId pick(char conv, PrimId none, PrimId r, PrimId s, PrimId a)
{
    return conv == 'r' ? r : conv == 's' ? s : conv == 'a' ? a : none;
}

/* A spec of only literal text, [0][width][.precision][type]: the width * 2 + the zero
 * flag into *packed (precision: -1 when absent), or false for any other spec (fill,
 * alignment, sign, grouping, '#', nested fields) or a larger width or precision than
 * the runtime's fast paths take. */
static bool simple_spec(const AstExpr *spec, long *packed, long *precision, char *type)
{
    char text[16];
    size_t len = 0;
    for (int i = 0; i < spec->u.fstring.parts.len; i++) {
        const AstFStringPart *q = &spec->u.fstring.parts.data[i];
        if (q->value || len + q->text_len >= sizeof text) {
            return false;
        }
        memcpy(text + len, q->text, q->text_len);
        len += q->text_len;
    }
    text[len] = 0;
    if (strlen(text) != len) {
        return false;   /* a NUL fill character: "\x00>5" */
    }
    const char *c = text;
    bool zero = *c == '0';
    c += zero;
    long width = 0, prec = -1;
    for (; *c >= '0' && *c <= '9'; c++) {
        width = width * 10 + (*c - '0');
    }
    if (*c == '.') {
        if (*++c < '0' || *c > '9') {
            return false;
        }
        for (prec = 0; *c >= '0' && *c <= '9'; c++) {
            prec = prec * 10 + (*c - '0');
        }
    }
    *type = *c;
    if (*type && c[1]) {
        return false;
    }
    *packed = width * 2 + zero;
    *precision = prec;
    return width <= 1000 && prec <= 100;
}

/* The line of a field's conversion and formatting: the range's that lower_field set (the
 * field's, or before 3.12 the whole string's: its first line when implicit concatenation
 * spans lines), else the value's. */
static int field_line(const Builder *b, const AstExpr *v)
{
    return b->pos.col > 0 ? b->pos.line : v->loc.line;
}

/* {n:05d}, {n:3}, {x:.2f}, {x:8.3f} of an unboxed int or float: the runtime formats it
 * as CPython's format() would, without parsing the spec at each call. -1: not such a
 * field. */
static IrReg lower_simple_spec(Builder *b, AstFStringPart *p, RType rt)
{
    long packed, prec;
    char type;
    if (p->conversion || !simple_spec(p->format_spec, &packed, &prec, &type)) {
        return -1;
    }
    int line = field_line(b, p->value);
    if ((rt == RT_INT || rt == RT_I64 || rt == RT_I32) && prec < 0 && (type == 0 || type == 'd')) {
        return bld_prim(b, PRIM_FSTR_INT_WIDTH, line, build_expr_as(b, p->value, &ty_int), build_i64_const(b, packed));
    }
    if (rt == RT_FLOAT && prec >= 0 && type == 'f') {
        IrReg x = build_expr(b, p->value);
        return bld_prim(b, PRIM_FSTR_FLOAT_FIXED, line, x, build_i64_const(b, prec * 4096 + packed));
    }
    return -1;
}

/* {value!conv:spec}: format(conv(value), spec) */
static IrReg lower_field_at(Builder *b, AstFStringPart *p);

/* 3.12+ gives a field's conversion and formatting the range of its {...} (3.11 the
 * whole string's, as b->pos holds it). */
static IrReg lower_field(Builder *b, AstFStringPart *p)
{
    Loc outer = b->pos;
    if (b->ctx->py_minor >= 12) {
        b->pos = p->loc;
    }
    IrReg r = lower_field_at(b, p);
    b->pos = outer;
    return r;
}

static IrReg lower_field_at(Builder *b, AstFStringPart *p)
{
    AstExpr *v = p->value;
    int line = field_line(b, v);
    RType rt = rtype_of(v->type);
    if (p->format_spec) {
        IrReg fast = lower_simple_spec(b, p, rt);
        if (fast >= 0) {
            return fast;
        }
    }
    if (!p->format_spec && rt == RT_FLOAT) {
        /* str, repr, ascii and format() of a float all give its repr */
        return bld_prim(b, PRIM_FSTR_FLOAT, line, build_expr(b, v), -1);
    }
    if (!p->format_spec && (rt == RT_INT || rt == RT_I64 || rt == RT_I32)) {
        return bld_prim(b, PRIM_FSTR_INT, line, build_expr_as(b, v, &ty_int), -1);
    }
    IrReg o = build_expr_as(b, v, &ty_object);
    char c = p->conversion;
    if (!p->format_spec) {
        return bld_prim(b, pick(c, PRIM_FSTR_FMT, PRIM_FSTR_FMT_R, PRIM_FSTR_FMT_S, PRIM_FSTR_FMT_A), line, o, -1);
    }
    if (c) {
        o = bld_prim(b, pick(c, PRIM_FSTR_EARLY_R, PRIM_FSTR_EARLY_R, PRIM_FSTR_EARLY_S, PRIM_FSTR_EARLY_A), line, o, -1);
    }
    IrReg spec = build_fstring(b, p->format_spec);
    return bld_prim(b, pick(c, PRIM_FSTR_SPEC, PRIM_FSTR_SPEC_R, PRIM_FSTR_SPEC_S, PRIM_FSTR_SPEC_A), line, o, spec);
}

/* A field of an f-string joined in one op whose value the join writes itself
 * (runtime/fstring.c Pyc2c_Format), no str made for it: an int without a spec (`{i}`,
 * `{i!r}`: its digits) or with a simple [0]width[d] one, a float without a spec (its
 * repr, whatever the conversion) or with a [0][width].Nf one. The value's register, and
 * in *spec the packed spec (-1: none). Formatting an int or a float runs no Python code,
 * so doing it in the join is not seen; a big int's str is made there (its digit limit
 * raised there). -1: not such a field. */
static IrReg raw_piece(Builder *b, AstFStringPart *p, long *spec)
{
    RType rt = rtype_of(p->value->type);
    bool is_int = rt == RT_INT || rt == RT_I64 || rt == RT_I32;
    long packed = -1, prec = -1;
    char type = 0;
    *spec = -1;
    if (p->format_spec) {
        if (p->conversion || !simple_spec(p->format_spec, &packed, &prec, &type)) {
            return -1;
        }
        if (is_int && prec < 0 && (type == 0 || type == 'd')) {
            *spec = packed;
        } else if (rt == RT_FLOAT && prec >= 0 && type == 'f') {
            *spec = prec * 4096 + packed;
        } else {
            return -1;
        }
    } else if (!is_int && rt != RT_FLOAT) {
        return -1;
    }
    return build_expr_as(b, p->value, is_int ? &ty_int : &ty_float);
}

/* The str made of pieces (strs, or raw_piece's ints and floats each followed by its
 * packed spec as an i64 when it has one), in order. */
static IrReg join_pieces(Builder *b, const IrReg *pieces, int n, int line)
{
    IrOp *op = bld_op(b, IR_BUILD, line, bld_temp(b, RT_OBJ), n);
    op->u.build = IRB_JOINED;
    for (int i = 0; i < n; i++) {
        op->args[i] = pieces[i];
    }
    return op->dst;
}

/* More than MANY_VALUES values: each piece is appended to a private list as it is
 * made, then they are joined, so that no op's error path releases all the earlier
 * pieces (IR quadratic in the f-string: 800 values took 0.9 GB in the front end). */
static bool gathered(const AstFStringPartVec *parts)
{
    int values = 0;
    for (int i = 0; i < parts->len; i++) {
        values += parts->data[i].value != NULL;
    }
    return values > MANY_VALUES;
}

/* Does the f-string make more than one piece (literal text, values), to be joined?
 * Counted as build_fstring makes them. */
static bool joins(const AstFStringPartVec *parts)
{
    int n = 0;
    size_t lit = 0;
    for (int i = 0; i < parts->len; i++) {
        const AstFStringPart *p = &parts->data[i];
        if (!p->value) {
            lit += p->text_len;
            continue;
        }
        lit += p->debug_text ? strlen(p->debug_text) : 0;
        n += (lit > 0) + 1;
        lit = 0;
    }
    return n + (lit > 0) > 1;
}

IrReg build_fstring(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    AstFStringPartVec *parts = &e->u.fstring.parts;
    IrReg *pieces = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(3 * parts->len + 1));
    IrReg held = gathered(parts) ? bld_build(b, IRB_LIST, NULL, 0, line) : -1;
    bool joined = held < 0 && joins(parts);
    int n = 0;
    StrBuf lit;   /* adjacent literal text (f"{x=}" gives "x=" before the value) */
    sb_init(&lit);
    for (int i = 0; i < parts->len; i++) {
        AstFStringPart *p = &parts->data[i];
        if (!p->value) {
            sb_putn(&lit, p->text, p->text_len);
            continue;
        }
        if (p->debug_text) {
            sb_puts(&lit, p->debug_text);
        }
        if (lit.len > 0) {
            pieces[n++] = lit_const(b, arena_strndup(&b->ctx->arena, lit.data, lit.len), lit.len, line);
            lit.len = 0;
        }
        long spec;
        IrReg raw = joined ? raw_piece(b, p, &spec) : -1;
        pieces[n++] = raw >= 0 ? raw : lower_field(b, p);
        if (raw >= 0 && spec >= 0) {
            pieces[n++] = build_i64_const(b, spec);
        }
        for (int k = 0; held >= 0 && k < n; k++) {
            bld_prim(b, PRIM_LIST_APPEND, line, held, pieces[k]);
        }
        n = held >= 0 ? 0 : n;
    }
    if (lit.len > 0 || (n == 0 && held < 0)) {
        const char *text = lit.len ? arena_strndup(&b->ctx->arena, lit.data, lit.len) : "";
        pieces[n++] = lit_const(b, text, lit.len, line);
    }
    sb_free(&lit);
    if (held >= 0) {
        for (int k = 0; k < n; k++) {
            bld_prim(b, PRIM_LIST_APPEND, line, held, pieces[k]);
        }
        return bld_prim(b, PRIM_JOIN_HELD, line, held, -1);
    }
    if (n == 1) {
        return pieces[0];   /* CPython too: a lone piece is not joined */
    }
    return join_pieces(b, pieces, n, line);
}

/* The %s directives of a str literal with no other directive than %%: their count and the
 * literal pieces around them (pieces[0 .. count]), or -1. */
static int percent_pieces(Builder *b, const AstExpr *fmt, const char **pieces, size_t *lens, int cap)
{
    const char *t = fmt->u.constant.bytes;
    size_t n = fmt->u.constant.len;
    StrBuf lit;
    sb_init(&lit);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] != '%') {
            sb_putn(&lit, t + i, 1);
            continue;
        }
        if (i + 1 < n && t[i + 1] == '%') {
            sb_putn(&lit, "%", 1);
        } else if (i + 1 < n && t[i + 1] == 's' && count < cap) {
            pieces[count] = arena_strndup(&b->ctx->arena, lit.data ? lit.data : "", lit.len);
            lens[count++] = lit.len;
            lit.len = 0;
        } else {
            sb_free(&lit);
            return -1;
        }
        i++;
    }
    pieces[count] = arena_strndup(&b->ctx->arena, lit.data ? lit.data : "", lit.len);
    lens[count] = lit.len;
    sb_free(&lit);
    return count;
}

/* One argument made str as %s makes it: str(v) (an int's or a float's text directly);
 * as_fstring: then formatted when str() gave a str subclass, as CPython 3.11+ does for a
 * tuple display (it compiles `fmt % (a, b)` as the f-string f"{a!s}{b!s}"). */
static IrReg percent_str(Builder *b, AstExpr *v, IrReg r, bool as_fstring, bool joined, int line)
{
    RType rt = rtype_of(v->type);
    if (joined && (rt == RT_FLOAT || (rt == RT_INT && b->f->regs.data[r].rt == RT_INT))) {
        return r;   /* its digits written by the join (raw_piece) */
    }
    if (rt == RT_FLOAT) {
        return bld_prim(b, PRIM_FSTR_FLOAT, line, r, -1);
    }
    if (rt == RT_INT) {
        return bld_prim(b, PRIM_FSTR_INT, line, r, -1);
    }
    IrReg o = bld_coerce(b, r, v->type, &ty_object, line);
    return bld_prim(b, as_fstring ? PRIM_FSTR_FMT_S : PRIM_OBJ_STR, line, o, -1);
}

/* `"v%s" % i`, `"%s-%s" % (a, b)`: a str literal whose only directives are %s and %%,
 * given a tuple display of as many items, or for one %s an int, float or bool (neither a
 * tuple nor a str subclass whose __rmod__ would come first): PyUnicode_Format's result
 * without parsing the format at run time. CPython 3.11+ compiles the tuple display form
 * as an f-string (each item evaluated, then made str, in turn; Python/ast_opt.c); 3.9 and
 * 3.10 evaluate every item first. -1: not such an expression (or an unknown target). */
IrReg build_percent_format(Builder *b, AstExpr *e)
{
    AstExpr *fmt = e->u.binop.left, *arg = e->u.binop.right;
    if (e->u.binop.op != BINOP_MOD || fmt->kind != EXPR_CONST || fmt->u.constant.kind != CONST_STR) {
        return -1;
    }
    AstExpr *one[1] = {arg};
    AstExpr **args = one;
    int nargs = 1;
    bool as_fstring = false;
    if (arg->kind == EXPR_TUPLE) {
        args = arg->u.seq.elts.data;
        nargs = arg->u.seq.elts.len;
        for (int i = 0; i < nargs; i++) {
            if (args[i]->kind == EXPR_STARRED) {
                return -1;
            }
        }
        if (b->ctx->py_minor < 9) {
            return -1;
        }
        as_fstring = b->ctx->py_minor >= 11;
    } else {
        RType rt = rtype_of(arg->type);
        if (rt != RT_INT && rt != RT_FLOAT && rt != RT_BOOL) {
            return -1;
        }
    }
    const char *text[17];
    size_t lens[17];
    if (nargs > 16 || percent_pieces(b, fmt, text, lens, nargs) != nargs) {
        return -1;
    }
    int line = e->loc.line, count = nargs;
    for (int i = 0; i <= nargs; i++) {
        count += lens[i] > 0;
    }
    IrReg vals[16], pieces[33];
    for (int i = 0; i < nargs && !as_fstring; i++) {
        vals[i] = build_expr(b, args[i]);
    }
    int n = 0;
    for (int i = 0; i <= nargs; i++) {
        if (lens[i] > 0) {
            pieces[n++] = lit_const(b, text[i], lens[i], line);
        }
        if (i < nargs) {
            IrReg v = as_fstring ? build_expr(b, args[i]) : vals[i];
            pieces[n++] = percent_str(b, args[i], v, as_fstring, count > 1, line);
        }
    }
    if (n == 0) {
        return lit_const(b, "", 0, line);
    }
    RType rt = nargs == 1 ? rtype_of(args[0]->type) : RT_NONE;
    if (n == 1 && (nargs == 0 || rt == RT_INT || rt == RT_FLOAT)) {
        return pieces[0];   /* a literal, or an int's or float's text: an exact str already */
    }
    return join_pieces(b, pieces, n, line);
}
