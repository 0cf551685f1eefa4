/* build_expr.c - expressions: constants, names, operators, comparisons,
 * and/or, conditional expressions, and conditions lowered as branches. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"

#define NO_PRIM PRIM_COUNT

/* ---- constants ---- */

static IrConst *new_const(Builder *b, IrConstKind kind)
{
    IrConst *k = ARENA_NEW(&b->ctx->arena, IrConst);
    k->kind = kind;
    k->pool_index = -1;
    return k;
}

static IrReg emit_const(Builder *b, IrConst *k, RType rt, int line)
{
    IrReg r = bld_temp(b, rt);
    IrOp *op = bld_op(b, IR_CONST, line, r, 0);
    op->u.konst = k;
    return r;
}

static void add_to_pool(Builder *b, IrConst *k)
{
    k->pool_index = b->m->pool.len;
    vec_push(&b->ctx->arena, &b->m->pool, k);
}

/* k in the pool; an equal bytes constant already there is shared: CPython merges
 * equal constants across a module's code objects (str ones are interned anyway). */
static IrConst *pooled(Builder *b, IrConst *k)
{
    for (int i = 0; k->kind == IRC_BYTES && i < b->m->pool.len; i++) {
        IrConst *o = b->m->pool.data[i];
        if (o->kind == IRC_BYTES && o->len == k->len && memcmp(o->str, k->str, k->len) == 0) {
            return o;
        }
    }
    add_to_pool(b, k);
    return k;
}

/* Does the decimal text (optionally '-') fit in [lo, hi]? */
static bool int_text_fits(const char *text, long long lo, long long hi)
{
    size_t digits = strlen(text) - (text[0] == '-');
    if (digits > 18) {
        return false;
    }
    long long v = strtoll(text, NULL, 10);
    return v >= lo && v <= hi;
}

static IrReg int_const(Builder *b, const char *text, const Type *want, int line)
{
    RType rt = want ? rtype_of(want) : RT_INT;
    if (rt == RT_FLOAT) {
        errno = 0;
        double d = strtod(text, NULL);
        if (errno != ERANGE) {
            IrConst *k = new_const(b, IRC_FLOAT);
            k->fval = d;
            k->text = text;
            return emit_const(b, k, RT_FLOAT, line);
        }
    }
    IrConst *k = new_const(b, IRC_INT);
    k->text = text;
    if (rt == RT_I64 && int_text_fits(text, INT64_MIN + 1, INT64_MAX)) {
        return emit_const(b, k, RT_I64, line);
    }
    if (rt == RT_I32 && int_text_fits(text, INT32_MIN, INT32_MAX)) {
        return emit_const(b, k, RT_I32, line);
    }
    if (!int_text_fits(text, -(1LL << 62), (1LL << 62) - 1)) {
        add_to_pool(b, k);
    }
    IrReg r = emit_const(b, k, RT_INT, line);
    return want ? bld_coerce(b, r, &ty_int, want, line) : r;
}

/* -5 as one constant: the text of a negated int literal, or NULL. */
static const char *negated_int_text(Builder *b, const AstExpr *e)
{
    if (e->kind != EXPR_UNARYOP || e->u.unaryop.op != UNARY_NEG) {
        return NULL;
    }
    const AstExpr *o = e->u.unaryop.operand;
    if (o->kind != EXPR_CONST || o->u.constant.kind != CONST_INT) {
        return NULL;
    }
    if (strcmp(o->u.constant.text, "0") == 0) {
        return "0";
    }
    return arena_printf(&b->ctx->arena, "-%s", o->u.constant.text);
}

IrReg build_const(Builder *b, AstExpr *e, const Type *want)
{
    int line = e->loc.line;
    IrConst *k;
    RType rt;
    switch (e->u.constant.kind) {
    case CONST_INT:
        return int_const(b, e->u.constant.text, want, line);
    case CONST_FLOAT:
        k = new_const(b, IRC_FLOAT);
        k->fval = e->u.constant.fval;
        k->text = e->u.constant.text;
        rt = RT_FLOAT;
        break;
    case CONST_TRUE: case CONST_FALSE:
        k = new_const(b, IRC_BOOL);
        k->bval = e->u.constant.kind == CONST_TRUE;
        rt = RT_BOOL;
        break;
    case CONST_NONE:
        k = new_const(b, IRC_NONE);
        rt = RT_NONE;
        break;
    case CONST_ELLIPSIS:
        k = new_const(b, IRC_ELLIPSIS);
        rt = RT_OBJ;
        break;
    case CONST_IMAG:
        k = new_const(b, IRC_COMPLEX);
        k->fval = e->u.constant.fval;
        add_to_pool(b, k);
        rt = RT_OBJ;
        break;
    case CONST_STR: case CONST_BYTES:
        k = new_const(b, e->u.constant.kind == CONST_STR ? IRC_STR : IRC_BYTES);
        k->str = e->u.constant.bytes;
        k->len = e->u.constant.len;
        k = pooled(b, k);
        rt = RT_OBJ;
        break;
    default:
        ICE("constant kind %d reached the IR builder", e->u.constant.kind);
    }
    IrReg r = emit_const(b, k, rt, line);
    return want ? bld_coerce(b, r, e->type, want, line) : r;
}

static IrReg float_const(Builder *b, double v, int line)
{
    IrConst *k = new_const(b, IRC_FLOAT);
    k->fval = v;
    return emit_const(b, k, RT_FLOAT, line);
}

/* ---- names ---- */

/* Raises UnboundLocalError unless the local's flag says it was assigned. */
static void check_bound(Builder *b, Symbol *sym, int line)
{
    Prim *p = ARENA_NEW(&b->ctx->arena, Prim);
    p->name = "check_bound";
    p->result = RT_NONE;
    p->nargs = 1;
    p->args[0] = RT_BOOL;
    p->can_fail = true;
    p->c_template = arena_printf(&b->ctx->arena,
        "if ($0) { $r = 0; } else { %s(\"%s\"); $r = 2; }",
        b->comp_depth ? "Pyc2c_RaiseUnboundFree" : "Pyc2c_RaiseUnboundLocal", sym->name);
    IrReg args[1] = {sym->bound_slot};
    bld_prim_p(b, p, line, args);
}

void build_check_bound(Builder *b, AstExpr *name, int line)
{
    if (name->u.name.maybe_unbound && !name->u.name.sym->captured) {
        check_bound(b, name->u.name.sym, line);
    }
}

/* A module global (then a builtin) by name: the module dict is the truth. */
IrReg build_load_name(Builder *b, const char *name, int line)
{
    return bld_prim(b, PRIM_LOAD_NAME, line, build_str_const(b, name, line), -1);
}

static IrReg lower_name(Builder *b, AstExpr *e)
{
    Symbol *sym = e->u.name.sym;
    if (!sym) {
        return build_load_name(b, e->u.name.id, e->loc.line);   /* a builtin */
    }
    switch (sym->kind) {
    case SYM_LOCAL: case SYM_PARAM:
        if (sym->captured) {
            return build_load_cell(b, sym, e->loc.line);
        }
        if (e->u.name.maybe_unbound) {
            check_bound(b, sym, e->loc.line);
        }
        if (sym->type && sym->type->kind == TY_UNION && e->type && e->type->kind != TY_OBJECT) {
            /* a union local where sema knows its member (sema/narrow.c): a checked
             * unbox or cast of the object it holds */
            return bld_coerce(b, sym->slot, sym->type, e->type, e->loc.line);
        }
        return sym->slot;
    case SYM_GLOBAL: {
        if (!sym->is_final) {
            /* the module dict is the truth: Python code may rebind it */
            IrReg v = build_load_name(b, sym->name, e->loc.line);
            return bld_coerce(b, v, &ty_object, sym->type, e->loc.line);
        }
        IrOp *op = bld_op(b, IR_LOAD_GLOBAL, e->loc.line, bld_temp(b, rtype_of(sym->type)), 0);
        op->u.global = sym->slot;
        return op->dst;
    }
    case SYM_CLASSVAR:   /* the class namespace, then globals and builtins */
        return bld_prim(b, PRIM_CLASS_LOAD, e->loc.line, b->class_ns, build_str_const(b, sym->name, e->loc.line));
    case SYM_SHIM:
        if (sym->shim->kind == SHIM_CONST) {
            return float_const(b, sym->shim->fval, e->loc.line);
        }
        return build_load_name(b, sym->name, e->loc.line);   /* called generically */
    default:
        break;
    }
    ICE("name %s of kind %d used as a value", sym->name, sym->kind);
}

/* A str constant from the module's pool (attribute names, ...). */
IrReg build_str_const(Builder *b, const char *s, int line)
{
    IrConst *k = new_const(b, IRC_STR);
    k->str = s;
    k->len = strlen(s);
    add_to_pool(b, k);
    return emit_const(b, k, RT_OBJ, line);
}

static IrReg lower_attribute(Builder *b, AstExpr *e)
{
    AstExpr *base = e->u.attribute.value;
    int line = e->loc.line;
    Symbol *mod = base->kind == EXPR_NAME ? base->u.name.sym : NULL;
    if (mod && mod->kind == SYM_MODULE) {
        const Shim *sh = shim_find(mod->module, e->u.attribute.attr);
        if (sh && sh->kind == SHIM_CONST) {
            return float_const(b, sh->fval, line);
        }
        IrReg m = build_load_name(b, mod->name, line);
        return bld_prim(b, PRIM_OBJ_GETATTR, line, m, build_str_const(b, e->u.attribute.attr, line));
    }
    IrReg fr = build_field_get(b, e);
    if (fr >= 0) {
        return fr;
    }
    IrReg o = build_expr_as(b, base, &ty_object);
    return bld_prim(b, PRIM_OBJ_GETATTR, line, o, build_str_const(b, e->u.attribute.attr, line));
}

/* x.a op= v, x[i] op= v: x and i already evaluated, by this register (or -1). */
IrReg build_once(const Builder *b, const AstExpr *e)
{
    for (int i = 0; i < 2; i++) {
        if (b->once_expr[i] == e) {
            return b->once_reg[i];
        }
    }
    return -1;
}

/* The index of a subscript: a slice object for a[i:j:k]. */
IrReg build_index(Builder *b, AstExpr *ix)
{
    IrReg once = build_once(b, ix);
    if (once >= 0) {
        return once;
    }
    if (ix->kind != EXPR_SLICE) {
        return build_expr_as(b, ix, &ty_object);
    }
    AstExpr *parts[3] = {ix->u.slice.lower, ix->u.slice.upper, ix->u.slice.step};
    IrReg r[3];
    for (int i = 0; i < 3; i++) {
        if (parts[i]) {
            r[i] = build_expr_as(b, parts[i], &ty_object);
        } else {
            AstExpr none = {.kind = EXPR_CONST, .type = &ty_none, .u.constant = {.kind = CONST_NONE}};
            r[i] = build_const(b, &none, &ty_object);
        }
    }
    IrReg args[3] = {r[0], r[1], r[2]};
    return bld_prim_p(b, prim(PRIM_OBJ_SLICE), ix->loc.line, args);
}

static IrReg lower_display(Builder *b, AstExpr *e)
{
    bool dict = e->kind == EXPR_DICT;
    AstExprVec *elts = dict ? &e->u.dict.values : e->kind == EXPR_SET ? &e->u.set.elts : &e->u.seq.elts;
    int n = elts->len * (dict ? 2 : 1);
    IrReg *vals = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(n + 1));
    for (int i = 0; i < elts->len; i++) {
        if (dict) {
            vals[2 * i] = build_expr_as(b, e->u.dict.keys.data[i], &ty_object);
            vals[2 * i + 1] = build_expr_as(b, elts->data[i], &ty_object);
        } else {
            vals[i] = build_expr_as(b, elts->data[i], &ty_object);
        }
    }
    IrOp *op = bld_op(b, IR_BUILD, e->loc.line, bld_temp(b, RT_OBJ), n);
    op->u.build = dict ? 'd' : e->kind == EXPR_SET ? 's' : e->kind == EXPR_TUPLE ? 't' : 'l';
    for (int i = 0; i < n; i++) {
        op->args[i] = vals[i];
    }
    return op->dst;
}

static IrReg lower_subscript(Builder *b, AstExpr *e)
{
    IrReg o = build_expr_as(b, e->u.subscript.value, &ty_object);
    if (sema_is_typed_index(e)) {
        IrReg ix = build_once(b, e->u.subscript.index);
        return build_typed_get(b, e, o, ix >= 0 ? ix : build_typed_index(b, e));
    }
    IrReg sl = build_once(b, e->u.subscript.index) < 0 ? build_typed_slice(b, e, o) : -1;
    if (sl >= 0) {
        return sl;
    }
    IrReg r = bld_prim(b, PRIM_OBJ_GETITEM, e->loc.line, o, build_index(b, e->u.subscript.index));
    return bld_coerce(b, r, &ty_object, e->type, e->loc.line);   /* a slice of a list is a list */
}

/* ---- arithmetic ---- */

static PrimId binop_prim(RType rt, AstBinOp op)
{
    static const PrimId int_ops[BINOP_COUNT] = {
        [BINOP_ADD] = PRIM_INT_ADD, [BINOP_SUB] = PRIM_INT_SUB, [BINOP_MUL] = PRIM_INT_MUL,
        [BINOP_MATMUL] = NO_PRIM, [BINOP_DIV] = PRIM_INT_TRUEDIV, [BINOP_FLOORDIV] = PRIM_INT_FLOORDIV,
        [BINOP_MOD] = PRIM_INT_MOD, [BINOP_POW] = PRIM_INT_POW, [BINOP_LSHIFT] = PRIM_INT_LSHIFT,
        [BINOP_RSHIFT] = PRIM_INT_RSHIFT, [BINOP_BITOR] = PRIM_INT_OR, [BINOP_BITXOR] = PRIM_INT_XOR,
        [BINOP_BITAND] = PRIM_INT_AND,
    };
    static const PrimId float_ops[BINOP_COUNT] = {
        [BINOP_ADD] = PRIM_FLOAT_ADD, [BINOP_SUB] = PRIM_FLOAT_SUB, [BINOP_MUL] = PRIM_FLOAT_MUL,
        [BINOP_MATMUL] = NO_PRIM, [BINOP_DIV] = PRIM_FLOAT_DIV, [BINOP_FLOORDIV] = PRIM_FLOAT_FLOORDIV,
        [BINOP_MOD] = PRIM_FLOAT_MOD, [BINOP_POW] = PRIM_FLOAT_POW, [BINOP_LSHIFT] = NO_PRIM,
        [BINOP_RSHIFT] = NO_PRIM, [BINOP_BITOR] = NO_PRIM, [BINOP_BITXOR] = NO_PRIM, [BINOP_BITAND] = NO_PRIM,
    };
    static const PrimId i64_ops[BINOP_COUNT] = {
        [BINOP_ADD] = PRIM_I64_ADD, [BINOP_SUB] = PRIM_I64_SUB, [BINOP_MUL] = PRIM_I64_MUL,
        [BINOP_MATMUL] = NO_PRIM, [BINOP_DIV] = NO_PRIM, [BINOP_FLOORDIV] = PRIM_I64_FLOORDIV,
        [BINOP_MOD] = PRIM_I64_MOD, [BINOP_POW] = NO_PRIM, [BINOP_LSHIFT] = NO_PRIM,
        [BINOP_RSHIFT] = NO_PRIM, [BINOP_BITOR] = PRIM_I64_OR, [BINOP_BITXOR] = PRIM_I64_XOR,
        [BINOP_BITAND] = PRIM_I64_AND,
    };
    static const PrimId i32_ops[BINOP_COUNT] = {
        [BINOP_ADD] = PRIM_I32_ADD, [BINOP_SUB] = PRIM_I32_SUB, [BINOP_MUL] = PRIM_I32_MUL,
        [BINOP_MATMUL] = NO_PRIM, [BINOP_DIV] = NO_PRIM, [BINOP_FLOORDIV] = PRIM_I32_FLOORDIV,
        [BINOP_MOD] = PRIM_I32_MOD, [BINOP_POW] = NO_PRIM, [BINOP_LSHIFT] = NO_PRIM,
        [BINOP_RSHIFT] = NO_PRIM, [BINOP_BITOR] = NO_PRIM, [BINOP_BITXOR] = NO_PRIM, [BINOP_BITAND] = NO_PRIM,
    };
    static const PrimId obj_ops[BINOP_COUNT] = {
        [BINOP_ADD] = PRIM_OBJ_ADD, [BINOP_SUB] = PRIM_OBJ_SUB, [BINOP_MUL] = PRIM_OBJ_MUL,
        [BINOP_MATMUL] = PRIM_OBJ_MATMUL, [BINOP_DIV] = PRIM_OBJ_DIV, [BINOP_FLOORDIV] = PRIM_OBJ_FLOORDIV,
        [BINOP_MOD] = PRIM_OBJ_MOD, [BINOP_POW] = PRIM_OBJ_POW, [BINOP_LSHIFT] = PRIM_OBJ_LSHIFT,
        [BINOP_RSHIFT] = PRIM_OBJ_RSHIFT, [BINOP_BITOR] = PRIM_OBJ_OR, [BINOP_BITXOR] = PRIM_OBJ_XOR,
        [BINOP_BITAND] = PRIM_OBJ_AND,
    };
    switch (rt) {
    case RT_INT: return int_ops[op];
    case RT_FLOAT: return float_ops[op];
    case RT_I64: return i64_ops[op];
    case RT_I32: return i32_ops[op];
    case RT_OBJ: return obj_ops[op];
    default: return NO_PRIM;
    }
}

/* x op= y on objects: the in-place protocol (list += extends, __iadd__). */
static PrimId inplace_prim(AstBinOp op)
{
    static const PrimId ops[BINOP_COUNT] = {
        [BINOP_ADD] = PRIM_OBJ_IADD, [BINOP_SUB] = PRIM_OBJ_ISUB, [BINOP_MUL] = PRIM_OBJ_IMUL,
        [BINOP_MATMUL] = PRIM_OBJ_IMATMUL, [BINOP_DIV] = PRIM_OBJ_IDIV, [BINOP_FLOORDIV] = PRIM_OBJ_IFLOORDIV,
        [BINOP_MOD] = PRIM_OBJ_IMOD, [BINOP_POW] = PRIM_OBJ_IPOW, [BINOP_LSHIFT] = PRIM_OBJ_ILSHIFT,
        [BINOP_RSHIFT] = PRIM_OBJ_IRSHIFT, [BINOP_BITOR] = PRIM_OBJ_IOR, [BINOP_BITXOR] = PRIM_OBJ_IXOR,
        [BINOP_BITAND] = PRIM_OBJ_IAND,
    };
    return ops[op];
}

/* The type both operands are brought to before the operation. */
static const Type *operand_type(const AstExpr *e)
{
    const Type *l = e->u.binop.left->type, *r = e->u.binop.right->type;
    const Type *t = e->type;
    if (t->kind == TY_BOOL) {
        return &ty_bool;
    }
    if (rtype_of(t) == RT_OBJ && t->kind != TY_OBJECT) {
        return &ty_object;   /* str, list ...: the generic operation, its result checked */
    }
    if (t->kind == TY_OBJECT) {
        bool int_pow = e->u.binop.op == BINOP_POW && type_is_intlike(l) && type_is_intlike(r) &&
                       l->kind != TY_I64 && r->kind != TY_I64 && l->kind != TY_I32 && r->kind != TY_I32;
        return int_pow ? &ty_int : &ty_object;
    }
    if (e->u.binop.op == BINOP_DIV && t->kind == TY_FLOAT && l->kind != TY_FLOAT && r->kind != TY_FLOAT) {
        return &ty_int;   /* int / int: correctly rounded true division of ints */
    }
    if (t->kind == TY_I64 && (e->u.binop.op == BINOP_LSHIFT || e->u.binop.op == BINOP_RSHIFT)) {
        return &ty_int;   /* shifted exactly, then checked back into i64 */
    }
    return t;
}

static IrReg lower_binop(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    IrReg fused = build_fused_mod(b, e);
    if (fused >= 0) {
        return fused;
    }
    const Type *ot = operand_type(e);
    IrReg l = build_expr_as(b, e->u.binop.left, ot);
    IrReg r = build_expr_as(b, e->u.binop.right, ot);
    AstBinOp op = e->u.binop.op;
    if (e->type->kind == TY_STR && op == BINOP_ADD && !e->u.binop.inplace) {
        return bld_prim(b, PRIM_STR_CONCAT, line, l, r);   /* both are str */
    }
    if (ot->kind == TY_BOOL) {
        PrimId p = op == BINOP_BITAND ? PRIM_BOOL_AND : op == BINOP_BITOR ? PRIM_BOOL_OR : PRIM_BOOL_XOR;
        return bld_prim(b, p, line, l, r);
    }
    if (ot->kind == TY_INT && e->type->kind == TY_OBJECT) {
        return bld_prim(b, PRIM_INT_POW_OBJ, line, l, r);
    }
    PrimId p = ot->kind == TY_OBJECT && e->u.binop.inplace ? inplace_prim(op) : binop_prim(rtype_of(ot), op);
    if (p == NO_PRIM) {
        ICE("no primitive for %s on %s", ast_binop_token(op), type_name(ot));
    }
    IrReg v = bld_prim(b, p, line, l, r);
    const Type *vt = prim(p)->result == RT_FLOAT ? &ty_float : ot;
    return bld_coerce(b, v, vt, e->type, line);
}

static IrReg lower_unary(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    AstExpr *o = e->u.unaryop.operand;
    AstUnaryOp op = e->u.unaryop.op;
    if (op == UNARY_NOT) {
        return bld_prim(b, PRIM_BOOL_NOT, line, build_truth(b, build_expr(b, o), o->type, line), -1);
    }
    const char *neg = negated_int_text(b, e);
    if (neg) {
        return int_const(b, neg, e->type, line);
    }
    IrReg v = build_expr_as(b, o, e->type);
    if (op == UNARY_POS) {
        return e->type->kind == TY_OBJECT ? bld_prim(b, PRIM_OBJ_POS, line, v, -1) : v;
    }
    static const PrimId negs[RT_COUNT] = {[RT_INT] = PRIM_INT_NEG, [RT_FLOAT] = PRIM_FLOAT_NEG,
                                          [RT_I64] = PRIM_I64_NEG, [RT_OBJ] = PRIM_OBJ_NEG};
    static const PrimId invs[RT_COUNT] = {[RT_INT] = PRIM_INT_INVERT, [RT_I64] = PRIM_I64_INVERT,
                                          [RT_OBJ] = PRIM_OBJ_INVERT};
    PrimId p = (op == UNARY_NEG ? negs : invs)[rtype_of(e->type)];
    return bld_prim(b, p, line, v, -1);
}

/* ---- truth and conditions ---- */

IrReg build_truth(Builder *b, IrReg r, const Type *t, int line)
{
    switch (rtype_of(t)) {
    case RT_BOOL: return r;
    case RT_INT: return bld_prim(b, PRIM_INT_TRUTH, line, r, -1);
    case RT_FLOAT: return bld_prim(b, PRIM_FLOAT_TRUTH, line, r, -1);
    case RT_I64: return bld_prim(b, PRIM_I64_TRUTH, line, r, -1);
    case RT_I32: return bld_prim(b, PRIM_I32_TRUTH, line, r, -1);
    case RT_OBJ: return bld_prim(b, PRIM_OBJ_TRUTH, line, r, -1);
    case RT_NONE: {
        IrConst *k = new_const(b, IRC_BOOL);
        return emit_const(b, k, RT_BOOL, line);
    }
    default: ICE("truth of %s", type_name(t));
    }
}

void build_branch(Builder *b, AstExpr *e, IrBlock *then, IrBlock *els)
{
    if (e->kind == EXPR_BOOLOP) {
        bool is_and = e->u.boolop.op == BOOL_AND;
        int n = e->u.boolop.values.len;
        for (int i = 0; i < n - 1; i++) {
            IrBlock *next = bld_block(b);
            build_branch(b, e->u.boolop.values.data[i], is_and ? next : then, is_and ? els : next);
            bld_switch(b, next);
        }
        build_branch(b, e->u.boolop.values.data[n - 1], then, els);
        return;
    }
    if (e->kind == EXPR_UNARYOP && e->u.unaryop.op == UNARY_NOT) {
        build_branch(b, e->u.unaryop.operand, els, then);
        return;
    }
    IrReg c = build_truth(b, build_expr(b, e), e->type, e->loc.line);
    bld_branch(b, c, then, els, e->loc.line);
}

/* a and b / a or b: the value of the operand that decided. */
static IrReg lower_boolop(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    IrReg result = bld_temp(b, rtype_of(e->type));
    IrBlock *done = bld_block(b);
    bool is_and = e->u.boolop.op == BOOL_AND;
    int n = e->u.boolop.values.len;
    for (int i = 0; i < n; i++) {
        AstExpr *v = e->u.boolop.values.data[i];
        IrReg r = build_expr(b, v);
        bld_move(b, result, bld_coerce(b, r, v->type, e->type, line), line);
        if (i == n - 1) {
            break;
        }
        IrBlock *next = bld_block(b);
        IrReg c = build_truth(b, r, v->type, line);
        bld_branch(b, c, is_and ? next : done, is_and ? done : next, line);
        bld_switch(b, next);
    }
    bld_goto(b, done, line);
    bld_switch(b, done);
    return result;
}

static IrReg lower_ifexp(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    IrReg result = bld_temp(b, rtype_of(e->type));
    IrBlock *then = bld_block(b), *els = bld_block(b), *done = bld_block(b);
    build_branch(b, e->u.ifexp.test, then, els);
    bld_switch(b, then);
    bld_move(b, result, build_expr_as(b, e->u.ifexp.body, e->type), line);
    bld_goto(b, done, line);
    bld_switch(b, els);
    bld_move(b, result, build_expr_as(b, e->u.ifexp.orelse, e->type), line);
    bld_goto(b, done, line);
    bld_switch(b, done);
    return result;
}

/* ---- comparisons ---- */

static const PrimId int_cmps[] = {PRIM_INT_EQ, PRIM_INT_NE, PRIM_INT_LT, PRIM_INT_LE, PRIM_INT_GT, PRIM_INT_GE};
static const PrimId float_cmps[] = {PRIM_FLOAT_EQ, PRIM_FLOAT_NE, PRIM_FLOAT_LT, PRIM_FLOAT_LE, PRIM_FLOAT_GT, PRIM_FLOAT_GE};
static const PrimId i64_cmps[] = {PRIM_I64_EQ, PRIM_I64_NE, PRIM_I64_LT, PRIM_I64_LE, PRIM_I64_GT, PRIM_I64_GE};
static const PrimId i32_cmps[] = {PRIM_I32_EQ, PRIM_I32_NE, PRIM_I32_LT, PRIM_I32_LE, PRIM_I32_GT, PRIM_I32_GE};
static const PrimId obj_cmps[] = {PRIM_OBJ_EQ, PRIM_OBJ_NE, PRIM_OBJ_LT, PRIM_OBJ_LE, PRIM_OBJ_GT, PRIM_OBJ_GE};
static const PrimId int_float_cmps[] = {PRIM_INT_EQ_FLOAT, PRIM_INT_NE_FLOAT, PRIM_INT_LT_FLOAT,
                                        PRIM_INT_LE_FLOAT, PRIM_INT_GT_FLOAT, PRIM_INT_GE_FLOAT};
/* a op b == b mirror(op) a */
static const AstCmpOp mirrored[] = {CMPOP_EQ, CMPOP_NE, CMPOP_GT, CMPOP_GE, CMPOP_LT, CMPOP_LE};

IrReg build_compare_pair(Builder *b, AstCmpOp op, IrReg l, const Type *lt, IrReg r, const Type *rt, int line)
{
    if ((op == CMPOP_IS || op == CMPOP_ISNOT) && (lt->kind == TY_NONE || rt->kind == TY_NONE) &&
        rtype_of(lt->kind == TY_NONE ? rt : lt) == RT_OBJ) {   /* x is None: no None boxed */
        IrReg c = bld_prim(b, PRIM_OBJ_IS_NONE, line, lt->kind == TY_NONE ? r : l, -1);
        return op == CMPOP_ISNOT ? bld_prim(b, PRIM_BOOL_NOT, line, c, -1) : c;
    }
    if (op == CMPOP_IN || op == CMPOP_NOTIN || op == CMPOP_IS || op == CMPOP_ISNOT) {
        l = bld_coerce(b, l, lt, &ty_object, line);
        r = bld_coerce(b, r, rt, &ty_object, line);
        bool in = op == CMPOP_IN || op == CMPOP_NOTIN;
        PrimId p = in ? PRIM_OBJ_CONTAINS : PRIM_OBJ_IS;
        if (in && rt->kind == TY_DICT) {
            p = PRIM_DICT_CONTAINS;
        } else if (in && rt->kind == TY_SET) {
            p = PRIM_SET_CONTAINS;
        } else if (in && rt->kind == TY_STR && lt->kind == TY_STR) {
            p = PRIM_STR_CONTAINS;
        }
        IrReg c = bld_prim(b, p, line, l, r);
        return op == CMPOP_NOTIN || op == CMPOP_ISNOT ? bld_prim(b, PRIM_BOOL_NOT, line, c, -1) : c;
    }
    if (rtype_of(lt) == RT_OBJ || rtype_of(rt) == RT_OBJ) {
        l = bld_coerce(b, l, lt, &ty_object, line);
        r = bld_coerce(b, r, rt, &ty_object, line);
        return bld_prim(b, obj_cmps[op], line, l, r);
    }
    if (lt->kind == TY_FLOAT && rt->kind == TY_FLOAT) {
        return bld_prim(b, float_cmps[op], line, l, r);
    }
    if (lt->kind == TY_FLOAT || rt->kind == TY_FLOAT) {
        /* exact int/float comparison with the int on the left */
        bool int_left = rt->kind == TY_FLOAT;
        IrReg i = int_left ? bld_coerce(b, l, lt, &ty_int, line) : bld_coerce(b, r, rt, &ty_int, line);
        return bld_prim(b, int_float_cmps[int_left ? op : mirrored[op]], line, i, int_left ? r : l);
    }
    if (lt->kind == TY_BOOL && rt->kind == TY_BOOL && (op == CMPOP_EQ || op == CMPOP_NE)) {
        return bld_prim(b, op == CMPOP_EQ ? PRIM_BOOL_EQ : PRIM_BOOL_NE, line, l, r);
    }
    if (lt->kind == rt->kind && lt->kind == TY_I64) {
        return bld_prim(b, i64_cmps[op], line, l, r);
    }
    if (lt->kind == rt->kind && lt->kind == TY_I32) {
        return bld_prim(b, i32_cmps[op], line, l, r);
    }
    l = bld_coerce(b, l, lt, &ty_int, line);
    r = bld_coerce(b, r, rt, &ty_int, line);
    return bld_prim(b, int_cmps[op], line, l, r);
}

/* An int literal small enough to be exact as a double (|v| < 10**15 < 2**53). */
static bool is_int_literal(const AstExpr *e)
{
    if (e->kind == EXPR_CONST && e->u.constant.kind == CONST_INT) {
        return strlen(e->u.constant.text) <= 15;
    }
    return e->kind == EXPR_UNARYOP && e->u.unaryop.op == UNARY_NEG && is_int_literal(e->u.unaryop.operand);
}

/* An int literal compared with a fixed-width or float value is lowered in that type. */
static IrReg lower_operand(Builder *b, AstExpr *e, const Type *other, const Type **t)
{
    bool narrow = other->kind == TY_I64 || other->kind == TY_I32 || other->kind == TY_FLOAT;
    if (narrow && is_int_literal(e)) {
        *t = other;
        return build_expr_as(b, e, other);
    }
    *t = e->type;
    return build_expr(b, e);
}

static IrReg lower_compare(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    int n = e->u.compare.comparators.len;
    IrReg result = bld_temp(b, rtype_of(e->type));
    IrBlock *done = bld_block(b);
    const Type *lt;
    AstExpr *first = e->u.compare.comparators.data[0];
    IrReg l = lower_operand(b, e->u.compare.left, first->type, &lt);
    for (int i = 0; i < n; i++) {
        AstExpr *re = e->u.compare.comparators.data[i];
        const Type *rt;
        IrReg r = lower_operand(b, re, lt, &rt);
        IrReg c = build_compare_pair(b, e->u.compare.ops.data[i], l, lt, r, rt, line);
        const Type *ct = b->f->regs.data[c].rt == RT_OBJ ? &ty_object : &ty_bool;
        bld_move(b, result, bld_coerce(b, c, ct, e->type, line), line);
        if (i == n - 1) {
            break;
        }
        IrBlock *next = bld_block(b);
        bld_branch(b, build_truth(b, c, ct, line), next, done, line);
        bld_switch(b, next);
        l = r;
        lt = rt;
    }
    bld_goto(b, done, line);
    bld_switch(b, done);
    return result;
}

/* ---- dispatch ---- */

IrReg build_expr(Builder *b, AstExpr *e)
{
    IrReg once = build_once(b, e);
    if (once >= 0) {
        return once;
    }
    switch (e->kind) {
    case EXPR_CONST: return build_const(b, e, NULL);
    case EXPR_NAME: return lower_name(b, e);
    case EXPR_ATTRIBUTE: return lower_attribute(b, e);
    case EXPR_BINOP: return lower_binop(b, e);
    case EXPR_UNARYOP: return lower_unary(b, e);
    case EXPR_BOOLOP: return lower_boolop(b, e);
    case EXPR_COMPARE: return lower_compare(b, e);
    case EXPR_IFEXP: return lower_ifexp(b, e);
    case EXPR_CALL: {
        IrReg r = build_typed_call(b, e, e->u.call.func->type && e->u.call.func->type->kind == TY_SHIM
                                             ? build_shim_of(e->u.call.func) : NULL);
        return r >= 0 ? r : build_call(b, e);
    }
    case EXPR_SUBSCRIPT: return lower_subscript(b, e);
    case EXPR_LIST: case EXPR_TUPLE: case EXPR_SET: case EXPR_DICT: return lower_display(b, e);
    case EXPR_FSTRING: return build_fstring(b, e);
    case EXPR_LAMBDA: return build_lambda(b, e);
    case EXPR_LISTCOMP: case EXPR_SETCOMP: case EXPR_DICTCOMP: return build_comp(b, e);
    case EXPR_YIELD: case EXPR_YIELDFROM: return build_yield(b, e);
    case EXPR_NAMEDEXPR: {
        AstExpr *t = e->u.namedexpr.target;
        IrReg v = build_expr_as(b, e->u.namedexpr.value, t->type);
        build_store(b, t, v, e->loc.line);
        return v;
    }
    case EXPR_GENEXP:
        if (e->u.comp.as_call) {
            return build_expr(b, e->u.comp.as_call);
        }
        if (e->u.comp.consumer != 'L') {
            ICE("generator expression survived sema");
        }
        return build_comp(b, e);
    default: ICE("expression %s reached the IR builder", ast_expr_name(e->kind));
    }
}

IrReg build_expr_as(Builder *b, AstExpr *e, const Type *want)
{
    if (!want) {
        return build_expr(b, e);
    }
    if (e->kind == EXPR_CONST) {
        return build_const(b, e, want);
    }
    const char *neg = negated_int_text(b, e);
    if (neg) {
        return int_const(b, neg, want, e->loc.line);
    }
    return bld_coerce(b, build_expr(b, e), e->type, want, e->loc.line);
}
