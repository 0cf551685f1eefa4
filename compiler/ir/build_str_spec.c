/* build_str_spec.c - str and dict methods of untyped receivers, speculated per call site.
 *
 *     for line in lines:            # line: an object
 *         key = line.strip(" ,")    # a call by name (LOAD_METHOD, vectorcall, argument parsing)
 *     store = stores.setdefault(name, {})
 *     store[item] = store.get(item, 0) + 1   # store: an object
 *
 * When the method is one methods.def lowers for typed str receivers and the arguments
 * already have the kinds its row takes (literals, mostly), the call site tests the
 * receiver: an exact str calls the row's C function directly; anything else makes
 * CPython's call by name. CPython's specializing interpreter does the same per
 * instruction (CALL_NO_KW_METHOD_DESCRIPTOR_*). dict's get and setdefault the same
 * way, on an exact dict (their rows take objects: the receiver's key and value types
 * are unknown); tried after the module's own classes' methods (build_method_spec.c), so
 * a class defining get keeps its direct call. The arguments are lowered on both
 * paths, so only constants and names qualify (nothing that makes code twice); only
 * one path runs. */
#include <string.h>
#include "build.h"

/* An object of unknown type as a method call's receiver (not a module: its attributes
 * are functions, found by name). */
bool build_untyped_receiver(const AstExpr *recv)
{
    return recv->type && recv->type->kind == TY_OBJECT &&
           !(recv->kind == EXPR_NAME && recv->u.name.sym && recv->u.name.sym->kind == SYM_MODULE);
}

static bool simple_arg(const AstExpr *a)
{
    if (a->kind == EXPR_CONST || a->kind == EXPR_NAME) {
        return true;
    }
    if (a->kind != EXPR_TUPLE) {
        return false;
    }
    for (int i = 0; i < a->u.seq.elts.len; i++) {
        if (a->u.seq.elts.data[i]->kind != EXPR_CONST) {
            return false;
        }
    }
    return true;
}

static bool arg_fits(MethodArg k, const AstExpr *a)
{
    const Type *t = a->type;
    switch (k) {
    case MA_OBJ: case MA_KEY: case MA_VAL: return true;   /* dict's: objects, boxed */
    case MA_STR: return t && t->kind == TY_STR;
    case MA_INT: return t && type_is_intlike(t);
    case MA_STRS: return sema_str_tuple_display(a);
    default: return false;
    }
}

/* The methods.def row of cls ("str", or "dict": get and setdefault) this call may take,
 * or NULL. */
static const Method *spec_row(const AstExpr *e, const char *cls)
{
    const AstExpr *fn = e->u.call.func;
    if (fn->kind != EXPR_ATTRIBUTE || e->u.call.keywords.len > 0) {
        return NULL;
    }
    if (!build_untyped_receiver(fn->u.attribute.value)) {
        return NULL;
    }
    int n = e->u.call.args.len;
    for (int i = 0; i < n; i++) {
        if (!simple_arg(e->u.call.args.data[i])) {
            return NULL;
        }
    }
    const char *name = fn->u.attribute.attr;
    if (strcmp(cls, "dict") == 0 && strcmp(name, "get") != 0 && strcmp(name, "setdefault") != 0) {
        return NULL;   /* items/keys/values: calls by name either way */
    }
    for (const Method *m = method_find(cls, name, n); m; m = method_find_after(m, cls, name, n)) {
        bool fits = true;
        for (int i = 0; i < n && fits; i++) {
            fits = arg_fits(m->args[i], e->u.call.args.data[i]);
        }
        if (fits) {
            return m;
        }
    }
    return NULL;
}

static const Type *result_type(const Method *m)
{
    switch (m->prim.result) {
    case RT_BOOL: return &ty_bool;
    case RT_INT: return &ty_int;
    default: return &ty_object;
    }
}

static IrReg speculated_call(Builder *b, AstExpr *e, const char *cls)
{
    const Method *m = spec_row(e, cls);
    if (!m) {
        return -1;
    }
    bool is_str = strcmp(cls, "str") == 0;
    int line = e->loc.line;
    IrReg recv = build_expr_as(b, e->u.call.func->u.attribute.value, &ty_object);
    IrReg result = bld_temp(b, RT_OBJ);
    IrBlock *fast = bld_block(b), *slow = bld_block(b), *join = bld_block(b);
    bld_branch(b, bld_prim(b, is_str ? PRIM_OBJ_IS_STR : PRIM_OBJ_IS_DICT, line, recv, -1), fast, slow, line);
    bld_switch(b, fast);
    IrReg args[3] = {recv, -1, -1};
    for (int i = 0; i < m->nargs; i++) {
        const Type *want = is_str ? sema_method_arg_type(m, i, &ty_str) : &ty_object;
        IrReg r = build_expr_as(b, e->u.call.args.data[i], want);
        args[i + 1] = m->prim.args[i + 1] == RT_OBJ ? bld_coerce(b, r, want, &ty_object, line) : r;
    }
    IrReg r = bld_prim_p(b, &m->prim, line, args);
    bld_move(b, result, bld_coerce(b, r, result_type(m), &ty_object, line), line);
    bld_goto(b, join, line);
    bld_switch(b, slow);
    return build_generic_call_joined(b, e, recv, result, join);
}

IrReg build_str_speculated_call(Builder *b, AstExpr *e)
{
    return speculated_call(b, e, "str");
}

IrReg build_dict_speculated_call(Builder *b, AstExpr *e)
{
    return speculated_call(b, e, "dict");
}
