/* build_idioms.c - compositions of builtins that the runtime does in one step, each
 * checking at run time that the names still hold the builtins (a module global or a
 * patch from outside rebinding them takes the calls as written):
 * - dict(zip(keys, values)): the pairs of two exact lists or tuples go into a new dict
 *   without the zip object and a tuple per pair (runtime/dict.c Pyc2c_DictOfZip);
 * - `if isinstance(x, t)`: the test's truth without a bool object made and tested
 *   (runtime/methods.h Pyc2c_IsInstanceTruth). */
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

/* The truth of isinstance(x, t) where the name is the builtin's (bound nowhere in the
 * module), read in CPython's order (isinstance, x, t); -1 when e is not that call. */
IrReg build_isinstance_truth(Builder *b, AstExpr *e)
{
    if (e->kind != EXPR_CALL || e->u.call.args.len != 2 || e->u.call.keywords.len != 0 || sema_call_unpacks(e)) {
        return -1;
    }
    AstExpr *fn = e->u.call.func;
    if (fn->kind != EXPR_NAME || fn->u.name.sym || strcmp(fn->u.name.id, "isinstance") != 0) {
        return -1;
    }
    IrReg f = build_expr_as(b, fn, &ty_object);
    IrReg x = build_expr_as(b, e->u.call.args.data[0], &ty_object);
    IrReg t = build_expr_as(b, e->u.call.args.data[1], &ty_object);
    IrReg args[3] = {f, x, t};
    return bld_prim_p(b, prim(PRIM_ISINSTANCE_TRUTH), e->loc.line, args);
}
