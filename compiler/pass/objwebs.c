/* objwebs.c - webs of object registers joined by moves (objwebs.h). */
#include "objwebs.h"

int objwebs_find(ObjWebs *w, IrReg r)
{
    while (w->parent[r] != r) {
        w->parent[r] = w->parent[w->parent[r]];
        r = w->parent[r];
    }
    return r;
}

bool objwebs_is_obj(const ObjWebs *w, IrReg r)
{
    return r >= 0 && w->f->regs.data[r].rt == RT_OBJ;
}

void objwebs_spoil(ObjWebs *w, IrReg r)
{
    if (objwebs_is_obj(w, r)) {
        w->bad[objwebs_find(w, r)] = true;
    }
}

void objwebs_mark_made(ObjWebs *w, IrReg r)
{
    w->made[objwebs_find(w, r)] = true;
}

bool objwebs_is_vector(ObjWebs *w, IrReg r)
{
    if (!objwebs_is_obj(w, r)) {
        return false;
    }
    int root = objwebs_find(w, r);
    return w->made[root] && !w->bad[root];
}

bool objwebs_any_vector(ObjWebs *w)
{
    for (int r = 0; r < w->f->regs.len; r++) {
        if (objwebs_is_vector(w, r)) {
            return true;
        }
    }
    return false;
}

void objwebs_init(ObjWebs *w, Ctx *ctx, IrFunc *f)
{
    size_t n = (size_t)f->regs.len + 1;
    w->f = f;
    w->parent = arena_alloc(&ctx->arena, sizeof(int) * n);
    w->bad = arena_alloc(&ctx->arena, n);       /* zeroed */
    w->made = arena_alloc(&ctx->arena, n);
    w->def_block = arena_alloc(&ctx->arena, sizeof(int) * n);
    w->def_at = arena_alloc(&ctx->arena, sizeof(int) * n);
    for (int r = 0; r < f->regs.len; r++) {
        w->parent[r] = r;
        w->def_block[r] = w->def_at[r] = -1;
    }
    for (int b = 0; b < f->blocks.len; b++) {
        IrBlock *blk = f->blocks.data[b];
        for (int j = 0; j < blk->ops.len; j++) {
            IrOp *op = blk->ops.data[j];
            if (op->kind == IR_MOVE && objwebs_is_obj(w, op->dst) && objwebs_is_obj(w, op->args[0])) {
                w->parent[objwebs_find(w, op->dst)] = objwebs_find(w, op->args[0]);
            }
            if (op->dst >= 0) {
                w->def_block[op->dst] = blk->id;
                w->def_at[op->dst] = j;
            }
        }
    }
    for (int r = 0; r < f->params.len; r++) {
        objwebs_spoil(w, r);
    }
}
