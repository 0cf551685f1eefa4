/* build_idioms.c - compositions of builtins that the runtime does in one step, each
 * checking at run time that the names still hold the builtins (a module global or a
 * patch from outside rebinding them takes the calls as written):
 * - dict(zip(keys, values)): the pairs of two exact lists or tuples go into a new dict
 *   without the zip object and a tuple per pair (runtime/dict.c Pyc2c_DictOfZip);
 * - `if isinstance(x, t)`: the test's truth without a bool object made and tested
 *   (runtime/methods.h Pyc2c_IsInstanceTruth);
 * - `head, sep, tail = s.partition(sep)` (rpartition) on a typed str: the three parts
 *   made from where sep is, without the tuple; a receiver that is not an exact str (a
 *   subclass may override the method) takes the call and its tuple
 *   (runtime/str_args.c Pyc2cStr_PartitionAt); `s.partition(sep)[k]` the same with
 *   only part k made. */
#include "build.h"

#include <string.h>

/* Is e a call of the builtin shim of kind k with n positional arguments and nothing else? */
static bool plain_builtin_call(const AstExpr *e, ShimKind k, int n)
{
    if (e->kind != EXPR_CALL || e->u.call.args.len != n || e->u.call.keywords.len != 0 || sema_call_unpacks(e)) {
        return false;
    }
    const Shim *sh = e->u.call.func->kind == EXPR_NAME ? build_shim_of(e->u.call.func) : NULL;
    return sh && sh->kind == k;
}

/* dict(zip(a, b)), read in CPython's order (dict, zip, a, b); -1 when e is not that. */
IrReg build_dict_of_zip(Builder *b, AstExpr *e)
{
    if (!plain_builtin_call(e, SHIM_DICT, 1) || !plain_builtin_call(e->u.call.args.data[0], SHIM_ZIP, 2)) {
        return -1;
    }
    AstExpr *z = e->u.call.args.data[0];
    IrReg args[4];
    args[0] = build_expr_as(b, e->u.call.func, &ty_object);
    args[1] = build_expr_as(b, z->u.call.func, &ty_object);
    args[2] = build_expr_as(b, z->u.call.args.data[0], &ty_object);
    args[3] = build_expr_as(b, z->u.call.args.data[1], &ty_object);
    return bld_prim_p(b, prim(PRIM_DICT_OF_ZIP), e->loc.line, args);
}

/* The builtin types an isinstance site may name, by code: runtime/isinstance_named.h's
 * PYC2C_ISA_* (1 + the index here). */
static const char *const isa_codes[] = {"int", "str", "float", "list", "dict", "tuple",
                                        "bool", "set", "bytes", "frozenset", "object"};

/* The code of a name that is a builtin type of isa_codes bound nowhere in the module, else 0. */
static int isa_code(const AstExpr *e)
{
    if (e->kind != EXPR_NAME || e->u.name.sym) {
        return 0;
    }
    for (int i = 0; i < (int)(sizeof isa_codes / sizeof isa_codes[0]); i++) {
        if (strcmp(e->u.name.id, isa_codes[i]) == 0) {
            return i + 1;
        }
    }
    return 0;
}

/* t as builtin type names (one, or a tuple display of one to eight): their codes in
 * order, 4 bits each (bit 40: a tuple), and their bits; false when t is anything else. */
static bool isa_types(const AstExpr *t, long *seq, long *mask)
{
    bool tuple = t->kind == EXPR_TUPLE;
    int n = tuple ? t->u.seq.elts.len : 1;
    if (n < 1 || n > 8) {
        return false;
    }
    *seq = tuple ? 1L << 40 : 0;
    *mask = 0;
    for (int i = 0; i < n; i++) {
        int code = isa_code(tuple ? t->u.seq.elts.data[i] : t);
        if (code == 0) {
            return false;
        }
        *seq |= (long)code << (4 * i);
        *mask |= 1L << code;
    }
    return true;
}

/* A plain read of a function's own bound variable: it runs no code and cannot fail, so
 * other reads may move across it (build.h). */
bool build_plain_local(const AstExpr *x)
{
    const Symbol *sym = x->kind == EXPR_NAME ? x->u.name.sym : NULL;
    return sym && (sym->kind == SYM_LOCAL || sym->kind == SYM_PARAM) && !sym->captured && !x->u.name.maybe_unbound;
}

/* The truth of isinstance(x, t) where the name is the builtin's (bound nowhere in the
 * module), read in CPython's order (isinstance, x, t); -1 when e is not that call.
 * Where x is a local and t builtin type names, one op (ISINSTANCE_NAMED) reads and
 * checks the names at its site. */
IrReg build_isinstance_truth(Builder *b, AstExpr *e)
{
    if (e->kind != EXPR_CALL || e->u.call.args.len != 2 || e->u.call.keywords.len != 0 || sema_call_unpacks(e)) {
        return -1;
    }
    AstExpr *fn = e->u.call.func;
    if (fn->kind != EXPR_NAME || fn->u.name.sym || strcmp(fn->u.name.id, "isinstance") != 0) {
        return -1;
    }
    long seq, mask;
    if (build_plain_local(e->u.call.args.data[0]) && isa_types(e->u.call.args.data[1], &seq, &mask)) {
        IrReg x = build_expr_as(b, e->u.call.args.data[0], &ty_object);
        IrReg args[3] = {x, build_i64_const(b, seq), build_i64_const(b, mask)};
        return bld_prim_p(b, prim(PRIM_ISINSTANCE_NAMED), e->loc.line, args);
    }
    IrReg f = build_expr_as(b, fn, &ty_object);
    IrReg x = build_expr_as(b, e->u.call.args.data[0], &ty_object);
    IrReg t = build_expr_as(b, e->u.call.args.data[1], &ty_object);
    IrReg args[3] = {f, x, t};
    return bld_prim_p(b, prim(PRIM_ISINSTANCE_TRUTH), e->loc.line, args);
}

/* The partition row of the typed call e (str.partition or rpartition with a str), or NULL. */
static const Method *partition_method(const AstExpr *e)
{
    const Method *m = e->kind == EXPR_CALL && e->u.call.func->kind == EXPR_ATTRIBUTE ? sema_typed_method(e) : NULL;
    if (!m || strcmp(m->cls, "str") != 0 || m->nargs != 1 ||
        (strcmp(m->name, "partition") != 0 && strcmp(m->name, "rpartition") != 0)) {
        return NULL;
    }
    return m;
}

/* The parts of s.partition(sep) (m's row) that want marks, cut from where sep is: a
 * receiver that is not an exact str calls its own method (the typed call, its result
 * checked) and the parts are read from the tuple it returns. */
static void partition_cut(Builder *b, AstExpr *value, const Method *m, const bool want[3], IrReg *parts)
{
    int line = value->loc.line, right = m->name[0] == 'r';
    AstExpr *recv = value->u.call.func->u.attribute.value;
    IrReg args[4];
    args[0] = build_expr_as(b, recv, &ty_str);
    args[1] = build_expr_as(b, value->u.call.args.data[0], &ty_str);
    args[2] = bld_prim(b, right ? PRIM_STR_RPARTITION_AT : PRIM_STR_PARTITION_AT, line, args[0], args[1]);
    IrBlock *fast = bld_block(b), *slow = bld_block(b), *done = bld_block(b);
    bld_branch(b, bld_prim(b, PRIM_STR_PARTITION_NATIVE, line, args[2], -1), fast, slow, line);
    bld_switch(b, fast);
    for (int i = 0; i < 3; i++) {
        if (want[i]) {
            parts[i] = bld_temp(b, RT_OBJ);
            args[3] = build_i64_const(b, i + 3 * right);
            bld_move(b, parts[i], bld_prim_p(b, prim(PRIM_STR_PARTITION_PART), line, args), line);
        }
    }
    bld_goto(b, done, line);
    bld_switch(b, slow);
    IrReg slow_parts[3];
    build_split_unpack(b, bld_prim_p(b, &m->prim, line, args), value->type, slow_parts, line);
    for (int i = 0; i < 3; i++) {
        if (want[i]) {
            bld_move(b, parts[i], slow_parts[i], line);
        }
    }
    bld_goto(b, done, line);
    bld_switch(b, done);
}

/* `a, b, c = value` where value is s.partition(sep) on a typed str: its three parts in
 * parts (strs); false (nothing built) when value is not that call. */
bool build_partition_parts(Builder *b, AstExpr *value, IrReg *parts)
{
    const Method *m = partition_method(value);
    if (!m) {
        return false;
    }
    partition_cut(b, value, m, (const bool[3]){true, true, true}, parts);
    return true;
}

/* The part a constant index k (0 .. 2, -3 .. -1) names, or -1. */
static int part_index(const AstExpr *k)
{
    bool neg = k->kind == EXPR_UNARYOP && k->u.unaryop.op == UNARY_NEG;
    const AstExpr *c = neg ? k->u.unaryop.operand : k;
    if (c->kind != EXPR_CONST || c->u.constant.kind != CONST_INT || !c->u.constant.text ||
        strlen(c->u.constant.text) != 1) {
        return -1;
    }
    int v = c->u.constant.text[0] - '0';
    return !neg && v >= 0 && v <= 2 ? v : neg && v >= 1 && v <= 3 ? 3 - v : -1;
}

/* s.partition(sep)[k] on a typed str with a constant k: only that part is made; -1 when
 * e is not that subscript. */
IrReg build_partition_item(Builder *b, AstExpr *e)
{
    const Method *m = partition_method(e->u.subscript.value);
    int k = m ? part_index(e->u.subscript.index) : -1;
    if (k < 0) {
        return -1;
    }
    IrReg parts[3];
    bool want[3] = {k == 0, k == 1, k == 2};
    partition_cut(b, e->u.subscript.value, m, want, parts);
    return bld_coerce(b, parts[k], &ty_str, e->type, e->loc.line);
}

/* `o[k] += v` where o is untyped and v not a literal: o[k] is read first, as CPython
 * reads it before computing v (a defaultdict has its default stored even when v then
 * raises), then v (unboxed where it is a float), then one step adds and stores
 * (runtime/dict.c Pyc2c_ObjSubscrIAddSet, ...SetF): on 3.11 a dict's unshared int or
 * float value it still holds for k changes in place (`revenue[region] += u * price`:
 * no float made, no store). */
static void subscript_iadd_read_first(Builder *b, AstStmt *st)
{
    AstExpr *t = st->u.augassign.target, *v = st->u.augassign.value;
    int line = st->loc.line;
    Loc outer = b->pos;
    b->pos = t->loc;
    IrReg args[4];
    args[0] = build_expr_as(b, t->u.subscript.value, &ty_object);
    args[1] = build_index(b, t->u.subscript.index);
    PrimId get = build_is_str_const(t->u.subscript.index) ? PRIM_OBJ_GETITEM_STR : PRIM_OBJ_GETITEM;
    args[2] = bld_prim(b, get, line, args[0], args[1]);
    b->pos = st->u.augassign.as_binop->loc;
    bool f = v->type->kind == TY_FLOAT;
    args[3] = build_expr_as(b, v, f ? &ty_float : &ty_object);
    bld_prim_p(b, prim(f ? PRIM_OBJ_SUBSCR_IADD_SETF : PRIM_OBJ_SUBSCR_IADD_SET), line, args);
    b->pos = outer;
}

/* `o[k] += n` where o is an untyped object and n a positive int literal: one runtime
 * step (runtime/dict.c Pyc2c_ObjSubscrIAdd) that reads, adds and stores as the three
 * generic ops would, and on 3.11 bumps a dict's own int value in place when the dict
 * holds the only reference to it (a Counter's `counts[w] += 1`: no lookup for the store,
 * no int made or freed). false: not that statement. */
bool build_subscript_iadd(Builder *b, AstStmt *st)
{
    AstExpr *t = st->u.augassign.target, *v = st->u.augassign.value;
    if (st->u.augassign.op != BINOP_ADD || t->kind != EXPR_SUBSCRIPT || sema_is_typed_index(t) ||
        t->u.subscript.index->kind == EXPR_SLICE || t->u.subscript.value->type->kind != TY_OBJECT ||
        !st->u.augassign.as_binop || st->u.augassign.as_binop->type->kind != TY_OBJECT) {
        return false;
    }
    if (v->kind != EXPR_CONST || v->u.constant.kind != CONST_INT || strlen(v->u.constant.text) > 6 ||
        strcmp(v->u.constant.text, "0") == 0) {
        subscript_iadd_read_first(b, st);
        return true;
    }
    int line = st->loc.line;
    IrReg args[3];
    args[0] = build_expr_as(b, t->u.subscript.value, &ty_object);
    args[1] = build_index(b, t->u.subscript.index);
    args[2] = build_expr_as(b, v, &ty_object);
    bld_prim_p(b, prim(PRIM_OBJ_SUBSCR_IADD), line, args);
    return true;
}
