/* build_vtable.c - `r.m(args)` on a receiver typed as a native class whose family
 * overrides m in several classes: one lookup of the entry in the receiver's class's
 * vtable and one indirect call (VTABLE_ENTRY, CALL_VTABLE), instead of a chain of
 * compares of the def found against each override's (build_method_dispatch).
 *
 * The entry found is called with the arguments lowered once, for the types of the
 * overrides' parameters: only overrides whose parameters (after self) and result have
 * the same types share a signature (IrModule.vkeys), and a def reaches the call only
 * when its signature's key is the site's (runtime Pyc2c_VCallEntry). Anything else the
 * class finds (a Python override, a patched attribute, a def of another signature or
 * module) makes the call by name, as before. */
#include <stdio.h>
#include <string.h>
#include "build.h"

/* Fewer overrides than this keep the chain of compares: each of its calls is direct, so
 * the C compiler may inline small ones (accessors). Callgrind, deltablue (Minstr):
 * chains 60.2; a vtable call from 4 overrides 58.1, from 3 57.5, from 2 57.4 (kept at
 * 3: a pair of accessors stays inlinable). */
enum { VTABLE_MIN_TARGETS = 3 };

/* f's signature as text: the identity of each type after self (types are interned,
 * so equal types are the same object) and the representations of its entry. */
static const char *signature(Builder *b, const SemaFunc *m, const IrFunc *f)
{
    StrBuf sb;
    sb_init(&sb);
    for (int i = 1; i < m->params.len; i++) {
        sb_printf(&sb, "%p:%d,", (const void *)m->params.data[i]->type, (int)f->params.data[i].rt);
    }
    sb_printf(&sb, "->%p:%d", (const void *)m->ret, (int)f->ret);
    const char *s = arena_strdup(&b->ctx->arena, sb.data);
    sb_free(&sb);
    return s;
}

/* Can the call e reach m's native entry through a vtable: a plain method whose entry
 * takes the receiver and the call's positional arguments, every parameter given? */
static bool callable_through_vtable(const SemaFunc *m, const IrFunc *f, const AstExpr *e)
{
    return !m->generator && !m->memo && !f->generator && f->nfree == 0 && f->nsplit == 0 && !f->varargs &&
           !f->varkw && f->nkwonly == 0 && f->npos == f->params.len && !f->spec_copy && !f->copy_of &&
           f->params.len >= 1 && e->u.call.keywords.len == 0 && e->u.call.args.len == f->params.len - 1;
}

/* The signature key of m (its IrFunc's vkey1 set), or -1 when e cannot call it so. */
static int vtable_key(Builder *b, const SemaFunc *m, const AstExpr *e)
{
    IrFunc *f = b->m->funcs.data[m->sym->slot];
    if (!callable_through_vtable(m, f, e)) {
        return -1;
    }
    if (f->vkey1 == 0) {
        const char *sig = signature(b, m, f);
        int k = 0;
        while (k < b->m->vkeys.len && strcmp(b->m->vkeys.data[k], sig) != 0) {
            k++;
        }
        if (k == b->m->vkeys.len) {
            vec_push(&b->ctx->arena, &b->m->vkeys, sig);
        }
        f->vkey1 = k + 1;
    }
    return f->vkey1 - 1;
}

/* The key all of targets share, or -1. */
static int shared_key(Builder *b, const AstExpr *e, SemaFunc **targets, int ntargets)
{
    if (ntargets < VTABLE_MIN_TARGETS) {
        return -1;
    }
    int key = vtable_key(b, targets[0], e);
    for (int t = 1; t < ntargets && key >= 0; t++) {
        key = vtable_key(b, targets[t], e) == key ? key : -1;
    }
    return key;
}

bool build_vtable_dispatch(Builder *b, AstExpr *e, const SemaClass *c, IrReg recv, SemaFunc **targets,
                           int ntargets, IrReg result, IrBlock *join)
{
    int key = shared_key(b, e, targets, ntargets);
    if (key < 0) {
        return false;
    }
    int line = e->loc.line;
    SemaFunc *m = targets[0];
    IrFunc *f = b->m->funcs.data[m->sym->slot];
    IrOp *find = bld_op(b, IR_VTABLE_ENTRY, line, bld_temp(b, RT_I64), 1);
    find->args[0] = recv;
    find->u.vtable.cls = c->index;
    find->u.vtable.slot = build_method_slot(b, e->u.call.func->u.attribute.attr);
    find->u.vtable.key = key;
    IrReg found = bld_prim(b, PRIM_I64_TRUTH, line, find->dst, -1);
    IrBlock *direct = bld_block(b), *next = bld_block(b);
    bld_branch(b, found, direct, next, line);
    bld_switch(b, direct);
    int n = f->params.len;
    IrReg *args = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(n + 1));
    args[0] = find->dst;
    build_member_args(b, e, m, 1, args + 1);
    args[1] = recv;
    IrOp *call = bld_op(b, IR_CALL_VTABLE, line, bld_temp(b, f->ret), n + 1);
    call->u.vtable = find->u.vtable;
    call->u.vtable.callee = f;
    memcpy(call->args, args, sizeof(IrReg) * (size_t)(n + 1));
    bld_move(b, result, bld_coerce(b, call->dst, m->ret, e->type, line), line);
    bld_goto(b, join, line);
    bld_switch(b, next);
    return true;
}
