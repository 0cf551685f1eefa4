/* build_counter.c - `Counter(iterable)` and `collections.Counter(iterable)` (one
 * positional argument, nothing else) as one runtime step that counts into collections'
 * own Counter without running its Python __init__ and update, item by item as its
 * _count_elements does (runtime/counter.c Pyc2c_CallCounter). The spelling only picks
 * the site: what the name holds is checked at each call, and anything else (a subclass,
 * a patched Counter, another class of that name, a Mapping argument) is called as
 * written. The callee is read before the argument, as in the call. */
#include "build.h"

#include <string.h>

static bool spelled_counter(const AstExpr *fn)
{
    const char *id = fn->kind == EXPR_NAME ? fn->u.name.id
                   : fn->kind == EXPR_ATTRIBUTE ? fn->u.attribute.attr : NULL;
    return id && strcmp(id, "Counter") == 0;
}

IrReg build_counter_call(Builder *b, AstExpr *e)
{
    if (e->u.call.args.len != 1 || e->u.call.keywords.len != 0 || sema_call_unpacks(e) ||
        !spelled_counter(e->u.call.func) || e->u.call.args.data[0]->kind == EXPR_STARRED ||
        sema_constructed_class(e) || (e->type && e->type->kind != TY_OBJECT)) {   /* the module's own class */
        return -1;
    }
    IrReg f = build_expr_as(b, e->u.call.func, &ty_object);
    IrReg x = build_expr_as(b, e->u.call.args.data[0], &ty_object);
    return bld_prim(b, PRIM_COUNTER_OF, e->loc.line, f, x);
}
