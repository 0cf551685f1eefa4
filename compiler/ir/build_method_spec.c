/* build_method_spec.c - methods of native classes called on untyped receivers,
 * speculated per call site.
 *
 *     class Node:
 *         def inorder(self): ...
 *     def walk(node):              # node: an object
 *         for v in node.inorder(): # a call by name: lookup, bound method, vectorcall
 *
 * When native classes of the module define the method, the site tests the receiver
 * against the highest class of each family that defines it (at most two families): an
 * instance of that class or of a native subclass, the class unchanged, takes the
 * native entry its vtable finds, as a receiver typed as that class would; anything
 * else (other types, Python subclasses, a patched class) makes CPython's call by name.
 * CPython's specializing interpreter does the same per instruction (LOAD_ATTR_METHOD_*
 * then CALL_PY_EXACT_ARGS). The arguments are lowered on each path (sema/call_fit.c
 * allows only those that may be); only one path runs. */
#include <string.h>
#include "build.h"

#define MAX_FAMILIES 2
#define MAX_TARGETS 8

/* Is c the highest class of its native family that finds the method name? */
static bool defines_first(Builder *b, const SemaClass *c, const char *name)
{
    if (c->def->keep_reason || !sema_class_method(b->sm, c, name) || sema_class_field(c, name)) {
        return false;
    }
    for (int i = 0; i < b->sm->classes.len; i++) {
        const SemaClass *k = b->sm->classes.data[i];
        if (k != c && type_class_derives(c, k) && !k->def->keep_reason && sema_class_method(b->sm, k, name)) {
            return false;
        }
    }
    return true;
}

static bool site_qualifies(const AstExpr *e)
{
    const AstExpr *fn = e->u.call.func;
    if (fn->kind != EXPR_ATTRIBUTE || strncmp(fn->u.attribute.attr, "__", 2) == 0) {
        return false;
    }
    const AstExpr *recv = fn->u.attribute.value;
    bool super_call = recv->kind == EXPR_CALL && recv->u.call.func->kind == EXPR_NAME &&
                      strcmp(recv->u.call.func->u.name.id, "super") == 0;
    /* the call's own type is an object's: sema typed no other result for it (a super()
     * call it resolved is typed) */
    return build_untyped_receiver(recv) && !super_call && (!e->type || e->type->kind == TY_OBJECT);
}

IrReg build_method_speculated_call(Builder *b, AstExpr *e)
{
    if (!site_qualifies(e)) {
        return -1;
    }
    const char *name = e->u.call.func->u.attribute.attr;
    const SemaClass *fams[MAX_FAMILIES];
    SemaFunc *targets[MAX_FAMILIES][MAX_TARGETS];
    int ntargets[MAX_FAMILIES], nfams = 0;
    for (int i = 0; i < b->sm->classes.len && nfams < MAX_FAMILIES; i++) {
        const SemaClass *c = b->sm->classes.data[i];
        if (defines_first(b, c, name)) {
            ntargets[nfams] = build_method_targets(b, e, c, targets[nfams], MAX_TARGETS);
            if (ntargets[nfams] > 0) {
                fams[nfams++] = c;
            }
        }
    }
    if (nfams == 0) {
        return -1;
    }
    int line = e->loc.line;
    IrReg recv = build_expr_as(b, e->u.call.func->u.attribute.value, &ty_object);
    IrReg result = bld_temp(b, RT_OBJ);
    IrBlock *join = bld_block(b), *slow = bld_block(b);
    for (int f = 0; f < nfams; f++) {
        IrBlock *fast = bld_block(b), *next = f + 1 < nfams ? bld_block(b) : slow;
        bld_branch(b, build_layout_is(b, fams[f], recv, line), fast, next, line);
        bld_switch(b, fast);
        build_method_dispatch(b, e, fams[f], recv, targets[f], ntargets[f], result, join);
        bld_goto(b, slow, line);   /* the vtable found another def: the class was patched */
        bld_switch(b, next);
    }
    return build_generic_call_joined(b, e, recv, result, join);
}
