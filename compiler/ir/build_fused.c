/* build_fused.c - `(x * k + c) % m` on ints as one primitive (INT_MULADD_MOD): the
 * product of two short ints fits 128 bits, so the usual hash and LCG step needs no
 * big int on the way to a short remainder. `(x * k + c) & m` likewise (INT_MULADD_AND,
 * the LCG step with a power-of-two mask): with m >= 0 the low 64 bits of the sum
 * decide it. The left operand of % or & is a chain of + and - whose terms are
 * evaluated in source order; exactly one term is a product of two ints, the others
 * are summed first (exact ints: the association does not change the value, and int
 * arithmetic has no other effects). */
#include "build.h"

#define MAX_TERMS 8

typedef struct Term {
    AstExpr *e;
    bool neg;
} Term;

static bool is_int(const AstExpr *e)
{
    return e->type && e->type->kind == TY_INT;
}

/* The terms of a + b - c ... (all typed int), in source order; false if more than fit. */
static bool flatten(AstExpr *e, bool neg, Term *terms, int *n)
{
    if (e->kind == EXPR_BINOP && is_int(e) && !e->u.binop.inplace &&
        (e->u.binop.op == BINOP_ADD || e->u.binop.op == BINOP_SUB) && is_int(e->u.binop.left) &&
        is_int(e->u.binop.right)) {
        return flatten(e->u.binop.left, neg, terms, n) &&
               flatten(e->u.binop.right, e->u.binop.op == BINOP_SUB ? !neg : neg, terms, n);
    }
    if (*n == MAX_TERMS) {
        return false;
    }
    terms[(*n)++] = (Term){e, neg};
    return true;
}

static bool is_product(const AstExpr *e)
{
    return e->kind == EXPR_BINOP && e->u.binop.op == BINOP_MUL && !e->u.binop.inplace && is_int(e) &&
           is_int(e->u.binop.left) && is_int(e->u.binop.right);
}

static IrReg zero(Builder *b, int line)
{
    AstExpr k = {.kind = EXPR_CONST, .type = &ty_int, .u.constant = {.kind = CONST_INT, .text = "0"}};
    (void)line;
    return build_const(b, &k, &ty_int);
}

/* The fused primitive of `left % m` or `left & m` (neg: the product subtracted). */
static PrimId fused_prim(AstBinOp op, bool neg)
{
    if (op == BINOP_MOD) {
        return neg ? PRIM_INT_NMULADD_MOD : PRIM_INT_MULADD_MOD;
    }
    return neg ? PRIM_INT_NMULADD_AND : PRIM_INT_MULADD_AND;
}

/* The value of an int literal, or of its negation, that fits int64. */
static bool literal_i64(const AstExpr *e, int64_t *out)
{
    bool neg = e->kind == EXPR_UNARYOP && e->u.unaryop.op == UNARY_NEG;
    const AstExpr *k = neg ? e->u.unaryop.operand : e;
    if (k->kind != EXPR_CONST || k->u.constant.kind != CONST_INT || !k->u.constant.text || !k->u.constant.text[0]) {
        return false;
    }
    uint64_t v = 0;
    for (const char *p = k->u.constant.text; *p; p++) {
        if (*p < '0' || *p > '9' || v > (UINT64_MAX - 9) / 10) {
            return false;
        }
        v = v * 10 + (uint64_t)(*p - '0');
    }
    if (v > (uint64_t)INT64_MAX) {
        return false;
    }
    *out = neg ? -(int64_t)v : (int64_t)v;
    return true;
}

/* `(x * k + c) & m` where k, every other term and m are int literals within int64 and
 * m >= 0 (a linear congruential generator's step): INT_MULADD_AND_K, whose constants are
 * C integers, so a state past the short range costs one read of x's digits (the general
 * form reads each constant's too). The product subtracted is the same with -k. Only x
 * is evaluated: literals have no effects. -1 when not that shape. */
static IrReg build_fused_and_k(Builder *b, AstExpr *e, const Term *terms, int n, int product)
{
    int64_t k, c = 0, m;
    AstExpr *x = terms[product].e->u.binop.left, *f = terms[product].e->u.binop.right;
    if (!literal_i64(f, &k)) {
        AstExpr *t = x;
        x = f;
        f = t;
        if (!literal_i64(f, &k)) {
            return -1;
        }
    }
    if (!literal_i64(e->u.binop.right, &m) || m < 0 || (terms[product].neg && k == INT64_MIN)) {
        return -1;
    }
    if (terms[product].neg) {
        k = -k;
    }
    for (int i = 0; i < n; i++) {
        int64_t v;
        if (i != product && (!literal_i64(terms[i].e, &v) || v == INT64_MIN ||
                             __builtin_add_overflow(c, terms[i].neg ? -v : v, &c))) {
            return -1;
        }
    }
    int line = e->loc.line;
    IrReg args[4] = {build_expr_as(b, x, &ty_int), build_i64_const(b, (long)k), build_i64_const(b, (long)c),
                     build_i64_const(b, (long)m)};
    return bld_prim_p(b, prim(PRIM_INT_MULADD_AND_K), line, args);
}

/* e is `left % m` or `left & m` on ints: the fused primitive, or -1 (nothing built)
 * when left is not a sum with exactly one product term. */
IrReg build_fused_mod(Builder *b, AstExpr *e)
{
    if (e->kind != EXPR_BINOP || (e->u.binop.op != BINOP_MOD && e->u.binop.op != BINOP_BITAND) || !is_int(e) ||
        !is_int(e->u.binop.left) || !is_int(e->u.binop.right)) {
        return -1;
    }
    Term terms[MAX_TERMS];
    int n = 0, product = -1;
    if (!flatten(e->u.binop.left, false, terms, &n)) {
        return -1;
    }
    for (int i = 0; i < n; i++) {
        if (is_product(terms[i].e)) {
            if (product >= 0) {
                return -1;
            }
            product = i;
        }
    }
    if (product < 0) {
        return -1;
    }
    if (e->u.binop.op == BINOP_BITAND) {
        IrReg r = build_fused_and_k(b, e, terms, n, product);
        if (r >= 0) {
            return r;
        }
    }
    int line = e->loc.line;
    IrReg a = -1, k = -1, rest = -1;
    bool rest_neg = false;   /* rest holds minus the sum so far (its first term was negative) */
    for (int i = 0; i < n; i++) {
        if (i == product) {
            a = build_expr_as(b, terms[i].e->u.binop.left, &ty_int);
            k = build_expr_as(b, terms[i].e->u.binop.right, &ty_int);
            continue;
        }
        IrReg t = build_expr_as(b, terms[i].e, &ty_int);
        if (rest < 0) {
            rest = t;
            rest_neg = terms[i].neg;
        } else {
            rest = bld_prim(b, terms[i].neg != rest_neg ? PRIM_INT_SUB : PRIM_INT_ADD, line, rest, t);
        }
    }
    if (rest < 0) {
        rest = zero(b, line);
    } else if (rest_neg) {
        rest = bld_prim(b, PRIM_INT_NEG, line, rest, -1);
    }
    IrReg m = build_expr_as(b, e->u.binop.right, &ty_int);
    IrReg args[4] = {a, k, rest, m};
    return bld_prim_p(b, prim(fused_prim(e->u.binop.op, terms[product].neg)), line, args);
}
