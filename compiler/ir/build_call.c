/* build_call.c - calls: direct native calls between module functions, and
 * builtins/stdlib functions described by stdlib-shims/. */
#include <string.h>
#include "build.h"

static SemaFunc *callee_of(Builder *b, AstExpr *e)
{
    if (e->kind != EXPR_NAME || !e->u.name.sym || e->u.name.sym->kind != SYM_FUNC) {
        return NULL;
    }
    return e->u.name.sym->func;
}

/* The module function call e takes through its native entry (lower_native_call), as
 * build_call decides, or NULL: no argument unpacking, not memoized (its name reads as
 * the memo object), and its name not typed as an object (rebound by kept code). */
static SemaFunc *native_callee(Builder *b, AstExpr *e)
{
    SemaFunc *sf = callee_of(b, e->u.call.func);
    if (!sf || sf->memo || sema_call_unpacks(e) || (e->u.call.func->type && e->u.call.func->type->kind == TY_OBJECT)) {
        return NULL;
    }
    return sf;
}

const Shim *build_shim_of(const AstExpr *e)
{
    if (e->kind == EXPR_NAME) {
        Symbol *sym = e->u.name.sym;
        return sym ? (sym->kind == SYM_SHIM ? sym->shim : NULL) : shim_find("builtins", e->u.name.id);
    }
    if (e->kind == EXPR_ATTRIBUTE && e->u.attribute.value->kind == EXPR_NAME) {
        Symbol *mod = e->u.attribute.value->u.name.sym;   /* `math.sqrt`, not `obj.area` */
        return mod && mod->kind == SYM_MODULE && mod->module ? shim_find(mod->module, e->u.attribute.attr) : NULL;
    }
    return NULL;
}


/* A call's argument, evaluated once in source order; constants are made where they
 * are used, in the representation each path wants. */
typedef struct CallArg {
    AstExpr *expr;
    IrReg reg;         /* -1: a constant, built on use */
} CallArg;

static CallArg *eval_args(Builder *b, AstExpr *e)
{
    int npos = e->u.call.args.len, nkw = e->u.call.keywords.len;
    CallArg *a = arena_alloc(&b->ctx->arena, sizeof(CallArg) * (size_t)(npos + nkw + 1));
    for (int i = 0; i < npos + nkw; i++) {
        a[i].expr = i < npos ? e->u.call.args.data[i] : e->u.call.keywords.data[i - npos].value;
        a[i].reg = a[i].expr->kind == EXPR_CONST ? -1 : build_expr(b, a[i].expr);
    }
    return a;
}

static IrReg arg_as(Builder *b, CallArg *a, const Type *want)
{
    if (a->reg < 0) {
        return build_expr_as(b, a->expr, want);
    }
    return bld_coerce(b, a->reg, a->expr->type, want, a->expr->loc.line);
}

/* The CALL of f's native entry with slots[0..n); a slot left at -1 reads its
 * parameter's default from the module static. A split function's elements go to
 * parts[0..nsplit) (the result, then its out registers). */
static IrReg call_native_entry(Builder *b, IrFunc *f, IrReg *slots, int n, int line, IrReg *parts)
{
    for (int i = 0; i < n; i++) {
        if (slots[i] < 0) {
            IrOp *d = bld_op(b, IR_LOAD_GLOBAL, line, bld_temp(b, f->params.data[i].rt), 0);
            d->u.global = f->params.data[i].default_global;
            slots[i] = d->dst;
        }
    }
    IrOp *op = bld_op(b, IR_CALL, line, bld_temp(b, f->ret), n);
    op->u.callee = f;
    for (int i = 0; i < n; i++) {
        op->args[i] = slots[i];
    }
    if (f->nsplit) {
        op->nouts = f->nsplit - 1;
        op->outs = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)op->nouts);
        parts[0] = op->dst;
        for (int i = 1; i < f->nsplit; i++) {
            parts[i] = op->outs[i - 1] = bld_temp(b, f->split[i]);
        }
    }
    return op->dst;
}

/* The native entry: arguments placed by parameter, as sema bound them: extra
 * positional ones packed into the *args tuple, extra keywords into the **kwargs dict;
 * a parameter left out reads its default from the module static. */
static IrReg direct_call(Builder *b, AstExpr *e, SemaFunc *sf, CallArg *a, IrReg *parts)
{
    int line = e->loc.line;
    IrFunc *f = b->m->funcs.data[sf->sym->slot];
    int n = sf->params.len, nargs = e->u.call.args.len, nkw = e->u.call.keywords.len;
    IrReg *slots = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(n + 1));
    IrReg *extra = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(nargs + 2 * nkw + 1));
    int nextra = 0, nextra_kw = 0;
    for (int i = 0; i < n; i++) {
        slots[i] = -1;
    }
    for (int i = 0; i < nargs; i++) {
        if (i >= sf->npos) {
            extra[nextra++] = arg_as(b, &a[i], &ty_object);
        } else {
            slots[i] = arg_as(b, &a[i], sf->params.data[i]->type);
        }
    }
    IrReg *kwpairs = extra + nextra;
    for (int i = 0; i < nkw; i++) {
        AstKeyword *kw = &e->u.call.keywords.data[i];
        int p = sema_keyword_param(sf, kw->name);
        if (p < 0) {
            kwpairs[2 * nextra_kw] = build_str_const(b, kw->name, line);
            kwpairs[2 * nextra_kw + 1] = arg_as(b, &a[nargs + i], &ty_object);
            nextra_kw++;
            continue;
        }
        slots[p] = arg_as(b, &a[nargs + i], sf->params.data[p]->type);
    }
    int rest = sf->npos + sf->nkwonly;
    if (sf->varargs) {
        slots[rest++] = bld_build(b, IRB_TUPLE, extra, nextra, line);
    }
    if (sf->varkw) {
        slots[rest] = bld_build(b, IRB_DICT, kwpairs, 2 * nextra_kw, line);
    }
    return call_native_entry(b, f, slots, n, line, parts);
}

/* What CPython does when the name no longer holds the function: look it up and call
 * whatever it holds, with the arguments as written (each boxed as its own type: what
 * arg_as to object makes, done by the runtime); the result is checked against the
 * declared return type as any object entering typed code is: by the same runtime call
 * when that is a plain unbox (an unboxed scalar: one op, one error test on this rare
 * path, less C at every call site of a big module), else by a coercion. */
/* A call of many computed arguments (build_unpack_call.c), its object result as the
 * type sema gave the call (None typed: the object dropped). */
static IrReg gathered_call(Builder *b, AstExpr *e)
{
    IrReg r = build_unpacking_call(b, e);
    if (!e->type || e->type->kind == TY_OBJECT) {
        return r;
    }
    return rtype_of(e->type) == RT_NONE ? bld_none(b, e->loc.line) : bld_coerce(b, r, &ty_object, e->type, e->loc.line);
}

static IrReg rebound_call(Builder *b, AstExpr *e, SemaFunc *sf, CallArg *a, RType ret)
{
    int line = e->loc.line;
    int npos = e->u.call.args.len, nkw = e->u.call.keywords.len;
    IrReg *args = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(npos + nkw + 1));
    for (int i = 0; i < npos + nkw; i++) {
        args[i] = a[i].reg >= 0 ? a[i].reg : arg_as(b, &a[i], &ty_object);
    }
    const char **names = arena_alloc(&b->ctx->arena, sizeof(char *) * (size_t)(nkw + 1));
    bool unboxed = ret == RT_INT || ret == RT_FLOAT || ret == RT_BOOL || ret == RT_I64 || ret == RT_I32;
    IrOp *op = bld_op(b, IR_CALL_GLOBAL, line, bld_temp(b, unboxed ? ret : RT_OBJ), npos + nkw);
    for (int i = 0; i < npos + nkw; i++) {
        op->args[i] = args[i];
    }
    for (int i = 0; i < nkw; i++) {
        names[i] = e->u.call.keywords.data[i].name;
    }
    op->u.call_global.kw = (IrKw){names, nkw};
    op->u.call_global.callee = b->m->funcs.data[sf->sym->slot];
    op->u.call_global.memo = sf->memo;
    if (unboxed) {
        return op->dst;
    }
    if (ret != RT_NONE) {
        return bld_coerce(b, op->dst, &ty_object, sf->ret, line);
    }
    return bld_none(b, line);   /* the function was declared to return None: its object dropped */
}

/* A call of a module function by name: its native entry while the module dict still
 * holds it (runtime/rebind.h), else a call of whatever the name holds now. A split
 * function's call gives its elements in parts when parts is not NULL, else the tuple. */
static IrReg lower_native_call(Builder *b, AstExpr *e, SemaFunc *sf, IrReg *parts)
{
    int line = e->loc.line;
    IrFunc *f = b->m->funcs.data[sf->sym->slot];
    CallArg *a = eval_args(b, e);
    IrOp *check = bld_op(b, IR_FUNC_INTACT, line, bld_temp(b, RT_BOOL), 0);
    check->u.callee = f;
    f->called_directly = true;
    IrBlock *direct = bld_block(b), *rebound = bld_block(b), *join = bld_block(b);
    bool as_parts = f->nsplit && parts;
    IrReg result = bld_temp(b, as_parts ? f->ret : f->nsplit ? RT_OBJ : f->ret);
    IrReg got[IR_MAX_SPLIT];
    if (as_parts) {
        parts[0] = result;
        for (int i = 1; i < f->nsplit; i++) {
            parts[i] = bld_temp(b, f->split[i]);
        }
    }
    bld_branch(b, check->dst, direct, rebound, line);
    bld_switch(b, direct);
    IrReg r = direct_call(b, e, sf, a, got);
    if (as_parts) {
        for (int i = 0; i < f->nsplit; i++) {
            bld_move(b, parts[i], got[i], line);
        }
    } else {
        bld_move(b, result, f->nsplit ? build_split_box(b, got, sf->ret, line) : r, line);
    }
    bld_goto(b, join, line);
    bld_switch(b, rebound);
    r = rebound_call(b, e, sf, a, f->nsplit ? RT_OBJ : f->ret);
    if (as_parts) {
        build_split_unpack(b, r, sf->ret, got, line);
        for (int i = 0; i < f->nsplit; i++) {
            bld_move(b, parts[i], got[i], line);
        }
    } else {
        bld_move(b, result, r, line);
    }
    bld_goto(b, join, line);
    bld_switch(b, join);
    return result;
}

/* e's value as the elements of a split function's result (build_split.c), when e is
 * a call of one by name that takes the native path; false (nothing built) otherwise. */
bool build_split_call(Builder *b, AstExpr *e, IrReg *parts)
{
    SemaFunc *sf = e->kind == EXPR_CALL ? native_callee(b, e) : NULL;
    if (!sf || !b->m->funcs.data[sf->sym->slot]->nsplit) {
        return false;
    }
    lower_native_call(b, e, sf, parts);
    return true;
}

/* The call shape compiled callers take through the memo without boxing: up to
 * PYC2C_MEMO_INTS (runtime/memo.h) int arguments, written positionally, to a function
 * of as many int parameters.  Other calls go through the memo object by name, so the
 * key is built from the arguments as written (f(1), f(x=1), f(True) are different
 * entries in functools). */
#define MEMO_INT_ARGS 4
static bool memo_int_shape(Builder *b, AstExpr *e, SemaFunc *sf)
{
    RType ret = b->m->funcs.data[sf->sym->slot]->ret;
    int n = e->u.call.args.len;
    if (n < 1 || n > MEMO_INT_ARGS || e->u.call.keywords.len != 0 || sf->params.len != n || sf->npos != n ||
        sf->varargs || !(ret == RT_INT || ret == RT_FLOAT || ret == RT_BOOL || ret == RT_NONE || ret == RT_OBJ)) {
        return false;
    }
    for (int i = 0; i < n; i++) {
        if (sf->params.data[i]->type->kind != TY_INT || e->u.call.args.data[i]->type->kind != TY_INT) {
            return false;
        }
    }
    return true;
}

/* A call of a memoized module function: the memo's table while the name holds it. */
static IrReg lower_memo_call(Builder *b, AstExpr *e, SemaFunc *sf)
{
    int line = e->loc.line;
    IrFunc *f = b->m->funcs.data[sf->sym->slot];
    CallArg *a = eval_args(b, e);
    if (!memo_int_shape(b, e, sf)) {
        return rebound_call(b, e, sf, a, f->ret);
    }
    IrOp *check = bld_op(b, IR_MEMO_INTACT, line, bld_temp(b, RT_BOOL), 0);
    check->u.callee = f;
    f->memo_called = true;
    IrBlock *hit = bld_block(b), *rebound = bld_block(b), *join = bld_block(b);
    IrReg result = bld_temp(b, f->ret);
    bld_branch(b, check->dst, hit, rebound, line);
    bld_switch(b, hit);
    int n = e->u.call.args.len;
    IrReg x[MEMO_INT_ARGS];
    for (int i = 0; i < n; i++) {
        x[i] = arg_as(b, &a[i], &ty_int);   /* a constant is made here, before the op */
    }
    IrOp *call = bld_op(b, IR_MEMO_CALL, line, bld_temp(b, f->ret), n);
    call->u.callee = f;
    for (int i = 0; i < n; i++) {
        call->args[i] = x[i];
    }
    bld_move(b, result, call->dst, line);
    bld_goto(b, join, line);
    bld_switch(b, rebound);
    bld_move(b, result, rebound_call(b, e, sf, a, f->ret), line);
    bld_goto(b, join, line);
    bld_switch(b, join);
    return result;
}

static IrReg arg(Builder *b, AstExpr *e, int i, const Type *want)
{
    return build_expr_as(b, e->u.call.args.data[i], want);
}

static IrReg lower_shim_fn(Builder *b, AstExpr *e, const Shim *sh)
{
    IrReg args[3];
    for (int i = 0; i < sh->prim.nargs; i++) {
        args[i] = arg(b, e, i, type_of_rtype(sh->prim.args[i]));
    }
    return bld_prim_p(b, &sh->prim, e->loc.line, args);
}

/* min/max keep the first extreme item, as CPython's loop does. */
static IrReg lower_minmax(Builder *b, AstExpr *e, bool is_max)
{
    int line = e->loc.line;
    const Type *t = e->type;
    if (e->u.call.args.len == 1) {   /* one iterable (sema infer_minmax) */
        IrReg it = build_expr_as(b, e->u.call.args.data[0], &ty_object);
        IrReg v = bld_prim(b, is_max ? PRIM_MAX_OF : PRIM_MIN_OF, line, it, -1);
        return bld_coerce(b, v, &ty_object, t, line);
    }
    IrReg best = bld_temp(b, rtype_of(t));
    bld_move(b, best, arg(b, e, 0, t), line);
    for (int i = 1; i < e->u.call.args.len; i++) {
        IrReg v = arg(b, e, i, t);
        IrReg c = build_compare_pair(b, is_max ? CMPOP_GT : CMPOP_LT, v, t, best, t, line);
        const Type *ct = b->f->regs.data[c].rt == RT_OBJ ? &ty_object : &ty_bool;
        IrBlock *take = bld_block(b), *next = bld_block(b);
        bld_branch(b, build_truth(b, c, ct, line), take, next, line);
        bld_switch(b, take);
        bld_move(b, best, v, line);
        bld_goto(b, next, line);
        bld_switch(b, next);
    }
    return best;
}

static IrReg lower_int_call(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    AstExpr *a = e->u.call.args.data[0];
    IrReg v = build_expr(b, a);
    switch (a->type->kind) {
    case TY_FLOAT: return bld_prim(b, PRIM_FLOAT_TO_INT, line, v, -1);
    case TY_OBJECT: return bld_coerce(b, bld_prim(b, PRIM_OBJ_TO_INT, line, v, -1), &ty_object, &ty_int, line);
    default: return bld_coerce(b, v, a->type, &ty_int, line);
    }
}

/* cast(T, x): x, checked against T where sema narrowed it (T itself is not evaluated);
 * i64(x) and friends: int(x), then the width sema gave the call; globals(): the module dict. */
static IrReg lower_typing_call(Builder *b, AstExpr *e)
{
    int line = e->loc.line;
    if (e->u.call.typing == 'g') {
        return bld_prim(b, PRIM_GLOBALS, line, -1, -1);
    }
    if (e->u.call.typing == 'w') {
        return bld_coerce(b, lower_int_call(b, e), &ty_int, e->type, line);
    }
    AstExpr *x = e->u.call.args.data[1];
    IrReg v = build_expr(b, x);
    if (x->type == e->type) {
        return v;
    }
    return bld_coerce(b, bld_coerce(b, v, x->type, &ty_object, line), &ty_object, e->type, line);
}

static IrReg lower_print(Builder *b, AstExpr *e)
{
    int npos = e->u.call.args.len, nkw = e->u.call.keywords.len;
    IrOp *op = ir_new_op(b->ctx, IR_PRINT, e->loc.line, bld_temp(b, RT_NONE), npos + nkw);
    for (int i = 0; i < npos; i++) {
        op->args[i] = arg(b, e, i, &ty_object);
    }
    op->u.print.kw.names = arena_alloc(&b->ctx->arena, sizeof(char *) * (size_t)(nkw + 1));
    op->u.print.kw.n = nkw;
    for (int i = 0; i < nkw; i++) {
        AstKeyword *kw = &e->u.call.keywords.data[i];
        op->args[npos + i] = build_expr_as(b, kw->value, &ty_object);
        op->u.print.kw.names[i] = kw->name;
    }
    ir_append(b->ctx, b->cur, op);
    return op->dst;
}

/* A builtin by its SHIM_CALL row (shims.def), found as sema found it: the arguments
 * converted to the primitive's argument types, its value to the call's type (a class
 * result is what the C function makes). */
static IrReg lower_shim_row(Builder *b, AstExpr *e, const Shim *sh)
{
    const Shim *row = sema_shim_row(e, sh);
    if (!row) {
        ICE("no shims.def row for %s survived sema", sh->name);
    }
    if (row->call.prim == NO_PRIM) {
        return arg(b, e, 0, e->type);   /* AS: the argument itself, converted */
    }
    IrReg sliced = row->call.prim == PRIM_INT_OF_OBJ ? build_int_of_slice(b, e) : -1;
    if (sliced >= 0) {
        return bld_coerce(b, sliced, &ty_int, e->type, e->loc.line);
    }
    sliced = row->call.prim == PRIM_FLOAT_OF_OBJ ? build_float_of(b, e, false) : -1;
    if (sliced >= 0) {
        return sliced;
    }
    const Prim *p = prim(row->call.prim);
    IrReg args[3];
    int lead = 0;
    if (shim_follows_writes(sh->module)) {   /* the callee first, as CPython reads it */
        args[lead++] = build_expr(b, e->u.call.func);
    }
    for (int i = lead; i < p->nargs; i++) {
        args[i] = arg(b, e, i - lead, type_of_rtype(p->args[i]));
    }
    IrReg v = bld_prim_p(b, p, e->loc.line, args);
    if (row->call.result == PV_ITEM) {   /* a heap's item: checked as the list's items are */
        return bld_coerce(b, v, &ty_object, e->type, e->loc.line);
    }
    return pyval_rtype(row->call.result) == RT_OBJ ? v : bld_coerce(b, v, type_of_rtype(p->result), e->type, e->loc.line);
}

static IrReg lower_shim_call(Builder *b, AstExpr *e, const Shim *sh)
{
    switch (sh->kind) {
    case SHIM_FN: return lower_shim_fn(b, e, sh);
    case SHIM_CALL: return lower_shim_row(b, e, sh);
    case SHIM_MIN: return lower_minmax(b, e, false);
    case SHIM_MAX: return lower_minmax(b, e, true);
    case SHIM_BOOL: {
        AstExpr *a = e->u.call.args.data[0];
        return build_truth(b, build_expr(b, a), a->type, e->loc.line);
    }
    case SHIM_PRINT: return lower_print(b, e);
    default: ICE("shim %s cannot be called here", sh->name);
    }
}

/* obj.name(...) where obj is not a module: CPython's LOAD_METHOD (the lookup before the
 * arguments are evaluated), so that no bound method object is made. */
static bool is_method_call(const AstExpr *func)
{
    if (func->kind != EXPR_ATTRIBUTE) {
        return false;
    }
    const AstExpr *base = func->u.attribute.value;
    return !(base->kind == EXPR_NAME && base->u.name.sym && base->u.name.sym->kind == SYM_MODULE);
}

/* The call fn(vals) (recv.name(vals) when recv is not -1) of e's positional and keyword
 * arguments, boxed, in source order. */
static IrReg object_call_op(Builder *b, AstExpr *e, IrReg fn, IrReg recv, const IrReg *vals)
{
    int npos = e->u.call.args.len, nkw = e->u.call.keywords.len, lead = recv >= 0 ? 2 : 1;
    const char **names = arena_alloc(&b->ctx->arena, sizeof(char *) * (size_t)(nkw + 1));
    for (int i = 0; i < nkw; i++) {
        names[i] = e->u.call.keywords.data[i].name;
    }
    IrOp *op = bld_op(b, lead == 2 ? IR_CALL_METHOD : IR_CALL_OBJ, e->loc.line, bld_temp(b, RT_OBJ),
                      npos + nkw + lead);
    op->args[0] = fn;
    if (lead == 2) {
        op->args[1] = recv;
    }
    for (int i = 0; i < npos + nkw; i++) {
        op->args[i + lead] = vals[i];
    }
    /* the runtime checks that the callee is the builtin before taking a fast path */
    if (lead == 2) {
        op->u.call_method.kw = (IrKw){names, nkw};
        op->u.call_method.name = e->u.call.func->u.attribute.attr;
    } else {
        op->u.call_obj.kw = (IrKw){names, nkw};
    }
    if (lead != 2 && type_is_named_tuple(e->type)) {
        op->u.call_obj.fast = "namedtuple";   /* runtime/named_tuple.c, while the class is one */
    } else if (lead != 2 && e->u.call.func->kind == EXPR_NAME) {
        static const char *const fast_builtins[] = {"len", "type", "isinstance", "sum", NULL};
        for (int i = 0; fast_builtins[i]; i++) {
            if (!strcmp(e->u.call.func->u.name.id, fast_builtins[i])) {
                op->u.call_obj.fast = fast_builtins[i];
            }
        }
    }
    return op->dst;
}

/* Is a an argument whose evaluation cannot be observed, so that it may be made before
 * the method lookup CPython makes first: a constant, or a local surely bound (no
 * check, no cell, no `:=` copy, no union's checked cast). */
static bool settled_arg(const AstExpr *a)
{
    if (a->kind == EXPR_CONST) {
        return true;
    }
    if (a->kind != EXPR_NAME || !a->u.name.sym || a->u.name.maybe_unbound) {
        return false;
    }
    const Symbol *sym = a->u.name.sym;
    return (sym->kind == SYM_LOCAL || sym->kind == SYM_PARAM) && !sym->captured && !sym->walrus_bound &&
           !(sym->type && sym->type->kind == TY_UNION);
}

/* recv.name() or recv.name(arg) of a settled argument, and no other fast path by the
 * method's name (_replace): one op whose site calls the C method the receiver's type last had
 * (runtime Pyc2c_CallMethodSite: deque.popleft, deque.append, set.add). */
static IrReg lower_method_site(Builder *b, AstExpr *e, IrReg done)
{
    AstExpr *func = e->u.call.func;
    const char *name = func->u.attribute.attr;
    if (e->u.call.keywords.len != 0 || e->u.call.args.len > 1 || !strcmp(name, "_replace") ||
        (e->u.call.args.len == 1 && !settled_arg(e->u.call.args.data[0]))) {
        return -1;
    }
    IrReg recv = done >= 0 ? done : build_expr_as(b, func->u.attribute.value, &ty_object);
    IrReg nm = build_str_const(b, name, func->loc.line);
    if (e->u.call.args.len == 0) {
        return bld_prim(b, PRIM_OBJ_CALL_METHOD0, e->loc.line, recv, nm);
    }
    IrReg args[3] = {recv, nm, arg(b, e, 0, &ty_object)};
    return bld_prim_p(b, prim(PRIM_OBJ_CALL_METHOD1), e->loc.line, args);
}

/* f(args, k=v) on a generic object: boxed arguments, vectorcall, object result.
 * done: the receiver of a method call, or else the callee, when already evaluated. */
static IrReg lower_object_call(Builder *b, AstExpr *e, IrReg done)
{
    int npos = e->u.call.args.len, nkw = e->u.call.keywords.len;
    IrReg fn, recv = -1;
    if (is_method_call(e->u.call.func)) {
        IrReg site = lower_method_site(b, e, done);
        if (site >= 0) {
            return site;
        }
        AstExpr *func = e->u.call.func;
        recv = done >= 0 ? done : build_expr_as(b, func->u.attribute.value, &ty_object);
        fn = bld_prim(b, PRIM_LOAD_METHOD, func->loc.line, recv, build_str_const(b, func->u.attribute.attr, func->loc.line));
    } else {
        fn = done >= 0 ? done : build_expr_as(b, e->u.call.func, &ty_object);
    }
    IrReg *vals = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(npos + nkw + 1));
    for (int i = 0; i < npos; i++) {
        vals[i] = arg(b, e, i, &ty_object);
    }
    for (int i = 0; i < nkw; i++) {
        vals[npos + i] = build_expr_as(b, e->u.call.keywords.data[i].value, &ty_object);
    }
    return object_call_op(b, e, fn, recv, vals);
}

/* May the call e take m's native entry (sema/call_fit.c)? */
bool build_args_fit(const SemaFunc *m, const AstExpr *e, int first)
{
    return sema_call_misfit(NULL, m, e, first) == NULL;
}

static bool native_method_ok(const SemaFunc *m, const AstExpr *e)
{
    return build_args_fit(m, e, 1);
}

/* The native entries obj.m(args) may take on a receiver of native class c (or one of its
 * native subclasses): the m that c and each of its native subclasses find (overrides
 * included) whose parameters fit the call and whose result converts to the call's type. */
int build_method_targets(Builder *b, AstExpr *e, const SemaClass *c, SemaFunc **out, int max)
{
    AstExpr *fn = e->u.call.func;
    if (c->def->keep_reason || sema_class_field(c, fn->u.attribute.attr)) {
        return 0;
    }
    int n = 0;
    for (int i = 0; i < b->sm->classes.len && n < max; i++) {
        const SemaClass *k = b->sm->classes.data[i];
        if (!type_class_derives(k, c) || k->def->keep_reason) {
            continue;
        }
        SemaFunc *m = sema_class_method(b->sm, k, fn->u.attribute.attr);
        if (!m) {
            continue;
        }
        bool seen = false;
        for (int j = 0; j < n; j++) {
            seen |= out[j] == m;
        }
        if (!seen && native_method_ok(m, e) && (m->ret == e->type || !e->type || e->type->kind == TY_OBJECT)) {
            out[n++] = m;
        }
    }
    return n;
}

/* The targets of obj.m(args) on a receiver typed as a native class. */
static int method_targets(Builder *b, AstExpr *e, SemaFunc **out, int max)
{
    AstExpr *fn = e->u.call.func;
    if (fn->kind != EXPR_ATTRIBUTE || !fn->u.attribute.value->type ||
        fn->u.attribute.value->type->kind != TY_INSTANCE || strncmp(fn->u.attribute.attr, "__", 2) == 0) {
        return 0;
    }
    return build_method_targets(b, e, fn->u.attribute.value->type->cls, out, max);
}

/* The call's argument for m's parameter p (from `first` on), or NULL (a default). */
static AstExpr *member_arg(const AstExpr *e, const SemaFunc *m, int first, int p)
{
    if (p - first < e->u.call.args.len) {
        return e->u.call.args.data[p - first];
    }
    for (int i = 0; i < e->u.call.keywords.len; i++) {
        if (sema_keyword_param(m, e->u.call.keywords.data[i].name) == p) {
            return e->u.call.keywords.data[i].value;
        }
    }
    return NULL;
}

/* slots[first..] for m's native entry: each argument as its parameter's type (-1 where
 * the default is taken). An argument the entry would check (sema_arg_checked) is
 * converted after all of them are evaluated, in parameter order, as the entry checks
 * them; otherwise each converts as it is evaluated. */
void build_member_args(Builder *b, AstExpr *e, SemaFunc *m, int first, IrReg *slots)
{
    int n = m->params.len, nargs = e->u.call.args.len, nkw = e->u.call.keywords.len;
    bool checked = false;
    for (int p = first; p < n; p++) {
        AstExpr *a = member_arg(e, m, first, p);
        checked |= a && a->type && sema_arg_checked(m->params.data[p]->type, a->type);
    }
    for (int p = first; p < n; p++) {
        slots[p] = -1;
    }
    for (int i = 0; i < nargs + nkw; i++) {   /* source order */
        AstExpr *a = i < nargs ? e->u.call.args.data[i] : e->u.call.keywords.data[i - nargs].value;
        int p = i < nargs ? first + i : sema_keyword_param(m, e->u.call.keywords.data[i - nargs].name);
        slots[p] = checked ? build_expr(b, a) : build_expr_as(b, a, m->params.data[p]->type);
    }
    for (int p = first; checked && p < n; p++) {
        if (slots[p] >= 0) {
            slots[p] = bld_coerce(b, slots[p], member_arg(e, m, first, p)->type, m->params.data[p]->type, e->loc.line);
        }
    }
}

/* m's native entry with `lead` (the receiver, when not -1) and the call's positional
 * then keyword arguments (in source order, as m's parameters' types; sema_call_misfit
 * checked the keywords name parameters not given), the rest from defaults. */
IrReg build_call_member(Builder *b, AstExpr *e, SemaFunc *m, IrReg lead)
{
    int n = m->params.len, first = lead >= 0;
    IrReg *slots = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(n + 1));
    slots[0] = lead;
    build_member_args(b, e, m, first, slots);
    return call_native_entry(b, b->m->funcs.data[m->sym->slot], slots, n, e->loc.line, NULL);
}

/* m's native entry with only its receiver (a property's getter). */
IrReg build_call_self_only(Builder *b, SemaFunc *m, IrReg self, int line)
{
    IrReg slots[1] = {self};
    return call_native_entry(b, b->m->funcs.data[m->sym->slot], slots, 1, line, NULL);
}

static IrReg call_with_self(Builder *b, AstExpr *e, SemaFunc *m, IrReg self)
{
    return build_call_member(b, e, m, self);
}

/* The generic path of a call with a native fast path (done: the receiver or callee
 * already evaluated), its result into result; then the join block. */
IrReg build_generic_call_joined(Builder *b, AstExpr *e, IrReg done, IrReg result, IrBlock *join)
{
    int line = e->loc.line;
    IrReg r = lower_object_call(b, e, done);
    bld_move(b, result, bld_coerce(b, r, &ty_object, e->type, line), line);
    bld_goto(b, join, line);
    bld_switch(b, join);
    return result;
}

/* When ok (a guard): m's native entry with recv, its result (as e's type) into result,
 * then join; the current block is left where ok is false. */
static void call_if_intact(Builder *b, AstExpr *e, SemaFunc *m, IrReg recv, IrReg ok, IrReg result, IrBlock *join)
{
    int line = e->loc.line;
    IrBlock *direct = bld_block(b), *other = bld_block(b);
    bld_branch(b, ok, direct, other, line);
    bld_switch(b, direct);
    IrReg ret = call_with_self(b, e, m, recv);
    bld_move(b, result, bld_coerce(b, ret, m->ret, e->type, line), line);
    bld_goto(b, join, line);
    bld_switch(b, other);
}

/* Each target's native entry while the receiver's class finds it (the vtable of
 * runtime/native_class.h), else CPython's method call; all give the call's type. */
/* recv (of c's family) finds which of the targets for e's method: a call of that native
 * entry, its result (as e's type) into result, then join; the current block is left
 * where none was found. */
void build_method_dispatch(Builder *b, AstExpr *e, const SemaClass *c, IrReg recv, SemaFunc **targets,
                           int ntargets, IrReg result, IrBlock *join)
{
    if (build_vtable_dispatch(b, e, c, recv, targets, ntargets, result, join)) {
        return;
    }
    int line = e->loc.line;
    IrReg def = build_method_def(b, c, e->u.call.func->u.attribute.attr, recv, line);
    for (int t = 0; t < ntargets; t++) {
        SemaFunc *m = targets[t];
        IrReg ok = build_method_intact(b, def, b->m->funcs.data[m->sym->slot], line);
        call_if_intact(b, e, m, recv, ok, result, join);
    }
}

static IrReg lower_method_call(Builder *b, AstExpr *e, SemaFunc **targets, int ntargets)
{
    AstExpr *fn = e->u.call.func;
    IrReg recv = build_expr_as(b, fn->u.attribute.value, &ty_object);
    IrBlock *join = bld_block(b);
    IrReg result = bld_temp(b, rtype_of(e->type));
    build_method_dispatch(b, e, fn->u.attribute.value->type->cls, recv, targets, ntargets, result, join);
    return build_generic_call_joined(b, e, recv, result, join);
}

/* recv.m(args) on a NamedTuple-typed receiver, m a plain def of its class body
 * (sema_named_tuple_method): m's native entry while recv's type finds that def (the
 * type's lookup, cached on its version tag: a patched class, a subclass overriding m,
 * an instance with a __dict__ miss it), else CPython's call by name. */
static IrReg lower_named_tuple_method(Builder *b, AstExpr *e, SemaFunc *m)
{
    AstExpr *fn = e->u.call.func;
    int line = e->loc.line;
    IrReg recv = build_expr_as(b, fn->u.attribute.value, &ty_object);
    IrReg def = bld_prim(b, PRIM_TYPE_DEF_OF, line, recv, build_str_const(b, fn->u.attribute.attr, line));
    IrReg ok = build_method_intact(b, def, b->m->funcs.data[m->sym->slot], line);
    IrBlock *join = bld_block(b);
    IrReg result = bld_temp(b, rtype_of(e->type));
    call_if_intact(b, e, m, recv, ok, result, join);
    return build_generic_call_joined(b, e, recv, result, join);
}

static SemaFunc *named_tuple_method_of(Builder *b, const AstExpr *e)
{
    const AstExpr *fn = e->u.call.func;
    if (fn->kind != EXPR_ATTRIBUTE || !fn->u.attribute.value->type) {
        return NULL;
    }
    SemaFunc *m = sema_named_tuple_method(b->sm, fn->u.attribute.value->type, fn->u.attribute.attr);
    return m && build_args_fit(m, e, 1) ? m : NULL;
}

/* C(args) of a native class whose __init__ is a plain compiled def: while the name
 * holds the class and calling it is object.__new__ then that __init__, compiled code
 * allocates the instance and calls the native entry; else CPython's call. The class
 * and the arguments are evaluated once, in source order, before the class is checked:
 * CPython looks __init__ up when it calls the class, after the arguments. */
static IrReg lower_construct(Builder *b, AstExpr *e, SemaClass *c, SemaFunc *init)
{
    int line = e->loc.line, nargs = e->u.call.args.len, nkw = e->u.call.keywords.len, n = init->params.len;
    IrFunc *f = b->m->funcs.data[init->sym->slot];
    IrReg cls = build_expr_as(b, e->u.call.func, &ty_object);
    CallArg *a = eval_args(b, e);
    IrReg ok = build_init_intact(b, c, cls, f, line);
    IrBlock *direct = bld_block(b), *generic = bld_block(b), *join = bld_block(b);
    IrReg result = bld_temp(b, rtype_of(e->type));
    bld_branch(b, ok, direct, generic, line);
    bld_switch(b, direct);
    IrReg obj = build_new_instance(b, c, line);
    IrReg *slots = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(n + 1));
    slots[0] = obj;
    for (int i = 1; i < n; i++) {
        slots[i] = -1;
    }
    for (int i = 0; i < nargs; i++) {
        slots[i + 1] = arg_as(b, &a[i], init->params.data[i + 1]->type);
    }
    for (int i = 0; i < nkw; i++) {
        int p = sema_keyword_param(init, e->u.call.keywords.data[i].name);
        slots[p] = arg_as(b, &a[nargs + i], init->params.data[p]->type);
    }
    call_native_entry(b, f, slots, n, line, NULL);
    bld_move(b, result, obj, line);
    bld_goto(b, join, line);
    bld_switch(b, generic);
    IrReg *vals = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(nargs + nkw + 1));
    for (int i = 0; i < nargs + nkw; i++) {
        vals[i] = arg_as(b, &a[i], &ty_object);
    }
    IrReg r = object_call_op(b, e, cls, -1, vals);
    bld_move(b, result, bld_coerce(b, r, &ty_object, e->type, line), line);
    bld_goto(b, join, line);
    bld_switch(b, join);
    return result;
}

static SemaFunc *constructor_of(Builder *b, AstExpr *e, SemaClass **cls)
{
    SemaClass *c = sema_constructed_class(e);
    if (!c || c->def->keep_reason || !e->type || e->type->kind != TY_INSTANCE) {
        return NULL;
    }
    SemaFunc *init = sema_class_method(b->sm, c, "__init__");
    /* an unannotated __init__ (typed object) without `return v` returns None too */
    bool returns_none = init && init->ret &&
                        (init->ret->kind == TY_NONE || (init->ret->kind == TY_OBJECT && !init->def->u.funcdef.returns &&
                                                         !init->generator && !sema_returns_value(init->def)));
    if (sema_construct_misfit(NULL, init, e) || !returns_none) {
        return NULL;
    }
    *cls = c;
    return init;
}

IrReg build_call(Builder *b, AstExpr *e)
{
    if (sema_call_unpacks(e)) {
        return build_unpacking_call(b, e);
    }
    if (e->u.call.typing) {
        return lower_typing_call(b, e);
    }
    if (e->u.call.args.len >= 1 && e->u.call.args.data[0]->kind == EXPR_GENEXP &&
        e->u.call.args.data[0]->u.comp.consumer != 'L' && e->u.call.args.data[0]->u.comp.consumer) {
        char c = e->u.call.args.data[0]->u.comp.consumer;
        return c == 'a' || c == 'l' ? build_any_all(b, e) : c == 'C' || c == 'U' ? build_counter_loop(b, e) : build_fold(b, e);
    }
    if (build_many_args(e)) {   /* any callee: made through the C API, reported as such */
        return gathered_call(b, e);
    }
    SemaFunc *sf = callee_of(b, e->u.call.func);
    if (sf && sf->memo) {   /* its name reads as an object: check before object calls */
        return lower_memo_call(b, e, sf);
    }
    if (e->u.call.func->type && e->u.call.func->type->kind == TY_OBJECT) {
        IrReg dz = build_dict_of_zip(b, e);
        if (dz >= 0) {
            return e->type && e->type->kind != TY_OBJECT ? bld_coerce(b, dz, &ty_object, e->type, e->loc.line) : dz;
        }
        IrReg q = build_qualified_call(b, e);
        if (q >= 0) {
            return q;
        }
        SemaFunc *targets[8];
        int ntargets = method_targets(b, e, targets, 8);
        if (ntargets) {
            return lower_method_call(b, e, targets, ntargets);
        }
        SemaFunc *nm = named_tuple_method_of(b, e);
        if (nm) {
            return lower_named_tuple_method(b, e, nm);
        }
        SemaClass *c;
        SemaFunc *init = constructor_of(b, e, &c);
        if (init) {
            return lower_construct(b, e, c, init);
        }
        IrReg s = build_counter_call(b, e);   /* after the native callees a class or method named Counter has */
        if (s < 0) {
            s = build_str_speculated_call(b, e);
        }
        if (s < 0) {
            s = build_method_speculated_call(b, e);
        }
        if (s < 0) {
            s = build_dict_speculated_call(b, e);
        }
        if (s >= 0) {
            return e->type && e->type->kind != TY_OBJECT ? bld_coerce(b, s, &ty_object, e->type, e->loc.line) : s;
        }
        IrReg r = lower_object_call(b, e, -1);
        AstExpr *fn = e->u.call.func;
        bool typed = sema_constructed_class(e) || sema_qualified_class(e) || e->u.call.via == 'k' || e->u.call.via == 'x' ||
                     type_is_named_tuple(e->type) ||
                     (fn->kind == EXPR_ATTRIBUTE && fn->u.attribute.value->type &&
                      (fn->u.attribute.value->type->kind == TY_INSTANCE ||
                       sema_named_tuple_method(b->sm, fn->u.attribute.value->type, fn->u.attribute.attr)));
        return typed && e->type ? bld_coerce(b, r, &ty_object, e->type, e->loc.line) : r;
    }
    if (sf) {
        return lower_native_call(b, e, sf, NULL);   /* what native_callee(b, e) finds */
    }
    const Shim *sh = build_shim_of(e->u.call.func);
    if (!sh) {
        ICE("call of an unknown function survived sema");
    }
    return lower_shim_call(b, e, sh);
}
