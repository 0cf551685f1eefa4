/* build_fstring.c - f-strings: each {value} converted and formatted, then the pieces
 * joined, in CPython's order of evaluation (past MANY_VALUES values, gathered in a
 * list as they are made). */
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

/* {value!conv:spec}: format(conv(value), spec) */
static IrReg lower_field(Builder *b, AstFStringPart *p)
{
    AstExpr *v = p->value;
    int line = v->loc.line;
    RType rt = rtype_of(v->type);
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

IrReg build_fstring(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    AstFStringPartVec *parts = &e->u.fstring.parts;
    IrReg *pieces = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(2 * parts->len + 1));
    IrReg held = gathered(parts) ? bld_build(b, IRB_LIST, NULL, 0, line) : -1;
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
        pieces[n++] = lower_field(b, p);
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
    IrOp *op = bld_op(b, IR_BUILD, line, bld_temp(b, RT_OBJ), n);
    op->u.build = IRB_JOINED;
    for (int i = 0; i < n; i++) {
        op->args[i] = pieces[i];
    }
    return op->dst;
}
