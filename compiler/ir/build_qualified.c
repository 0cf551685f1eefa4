/* build_qualified.c - calls of methods named through a class: `C.m(args)` on a native
 * class name (a base's __init__ called by a subclass, a static or class method), and
 * `super().m(args)` in a method of a native class with a native base. While the class
 * is as compiled (and, for super(), the receiver's class is one of its native family,
 * whose MRO after it is the base's) and finds m's compiled def there, the call takes
 * m's native entry; otherwise CPython's call, on the same values. */
#include <string.h>
#include "build.h"

/* Do e's arguments fit m's native entry, m found as kind ('f' a plain def, 's' a
 * staticmethod, 'c' a classmethod), the receiver given first when bound (super())? */
static bool fits(const SemaFunc *m, char kind, const AstExpr *e, bool bound)
{
    switch (kind) {
    case 'f': return build_args_fit(m, e, bound ? 1 : 0);
    case 's': return build_args_fit(m, e, 0);
    case 'c': return !bound && build_args_fit(m, e, 1);
    default: return false;
    }
}

/* The native path (def: what the class finds at m's slot) then the generic call. */
static IrReg lower_member_call(Builder *b, AstExpr *e, SemaFunc *m, char kind, IrReg def, IrReg lead, IrReg done)
{
    int line = e->loc.line;
    IrBlock *direct = bld_block(b), *generic = bld_block(b), *join = bld_block(b);
    IrReg result = bld_temp(b, rtype_of(e->type));
    IrReg ok = build_member_intact(b, def, b->m->funcs.data[m->sym->slot], kind, line);
    bld_branch(b, ok, direct, generic, line);
    bld_switch(b, direct);
    IrReg ret = build_call_member(b, e, m, kind == 's' ? -1 : lead);
    bld_move(b, result, bld_coerce(b, ret, m->ret, e->type, line), line);
    bld_goto(b, join, line);
    bld_switch(b, generic);
    return build_generic_call_joined(b, e, done, result, join);
}

/* X.m(args), X a class of c's family (its name, a class method's cls, type(x)): a
 * plain def takes its self among the arguments, a classmethod X. */
static IrReg class_call(Builder *b, AstExpr *e, SemaClass *c)
{
    const char *name = e->u.call.func->u.attribute.attr;
    char kind = 0;
    SemaFunc *m = sema_class_member(b->sm, c, name, &kind);
    if (!fits(m, kind, e, false)) {
        return -1;
    }
    int line = e->loc.line;
    IrReg cls = build_expr_as(b, e->u.call.func->u.attribute.value, &ty_object);
    IrReg def = build_class_slot_def(b, c, name, cls, line);
    return lower_member_call(b, e, m, kind, def, kind == 'c' ? cls : -1, cls);
}

/* super().m(args) in a method of d (super(d, self) spelled out: the name must still
 * hold d): self first. */
static IrReg super_call(Builder *b, AstExpr *e, SemaClass *d)
{
    const char *name = e->u.call.func->u.attribute.attr;
    char kind = 0;
    SemaFunc *m = sema_class_member(b->sm, d->base, name, &kind);
    if (!fits(m, kind, e, true)) {
        return -1;
    }
    int line = e->loc.line;
    AstExprVec *sargs = &e->u.call.func->u.attribute.value->u.call.args;
    IrReg named = e->u.call.via == 'e' ? build_expr_as(b, sargs->data[0], &ty_object) : -1;
    IrReg recv = build_expr_as(b, sargs->data[1], &ty_object);
    IrReg def = build_super_def(b, d, name, recv, named, line);
    return lower_member_call(b, e, m, kind, def, recv, -1);
}

IrReg build_qualified_call(Builder *b, AstExpr *e)
{
    SemaClass *c = e->u.call.func->kind == EXPR_ATTRIBUTE ? sema_qualified_class(e) : NULL;
    if (!c) {
        return -1;
    }
    return e->u.call.via == 's' || e->u.call.via == 'e' ? super_call(b, e, c) : class_call(b, e, c);
}
