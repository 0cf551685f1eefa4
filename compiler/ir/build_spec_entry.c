/* build_spec_entry.c - a module function's entry runs its typed copy
 * (sema/speculate_params.c) when every guessed argument is exactly of its type:
 *
 *     def build(depth, start=0):        build(depth: int, start: int) as a copy
 *
 *   entry: depth an exact int? start an exact int? -> return copy(depth, start)
 *          else the function's own (generic) body
 *
 * The function counts the frame (the copy does not), so a call is one frame deep as in
 * CPython, and the copy's errors carry its own traceback entries only (pass/errors.c
 * adds none at this call). The copy is a function of its own, known only here. */
#include "build.h"

static PrimId exact_test(char kind)
{
    return kind == 'i' ? PRIM_OBJ_IS_EXACT_INT : kind == 'f' ? PRIM_OBJ_IS_EXACT_FLOAT : PRIM_OBJ_IS_EXACT_STR;
}

/* May f's entry call copy? Both take the same positional parameters and return one value. */
static bool entry_fits(const IrFunc *f, const IrFunc *copy)
{
    return !f->nsplit && !copy->nsplit && !f->generator && !copy->generator && !f->nfree && !copy->nfree &&
           f->params.len == copy->params.len && f->ret == copy->ret;
}

void build_spec_entry(Builder *b, SemaFunc *sf)
{
    IrFunc *f = b->f, *copy = f->spec;
    if (!copy || !entry_fits(f, copy)) {
        f->spec = NULL;
        return;
    }
    int line = sf->def->loc.line, n = sf->params.len;
    IrBlock *generic = bld_block(b);
    for (int i = 0; i < n && f->spec_kinds[i]; i++) {
        if (f->spec_kinds[i] == '-') {
            continue;
        }
        IrBlock *next = bld_block(b);
        bld_branch(b, bld_prim(b, exact_test(f->spec_kinds[i]), line, sf->params.data[i]->slot, -1), next, generic, line);
        bld_switch(b, next);
    }
    SemaFunc *cf = sf->spec;
    IrReg *args = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        args[i] = bld_coerce(b, sf->params.data[i]->slot, sf->params.data[i]->type, cf->params.data[i]->type, line);
    }
    IrOp *call = bld_op(b, IR_CALL, line, bld_temp(b, copy->ret), n);
    call->u.callee = copy;
    for (int i = 0; i < n; i++) {
        call->args[i] = args[i];
    }
    IrOp *ret = bld_op(b, IR_RETURN, line, -1, 1);
    ret->args[0] = bld_coerce(b, call->dst, cf->ret, sf->ret, line);
    bld_switch(b, generic);
}
