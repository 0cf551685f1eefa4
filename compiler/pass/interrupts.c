/* interrupts.c - compiled loops yield as CPython's eval loop does at a backward jump:
 * before every loop back-edge, a check_interrupts op (one decrement and branch on the
 * fast path, runtime/interrupts.c) runs signal handlers and pending calls and lets
 * other threads take the GIL, so Ctrl-C and threads work inside compiled loops.
 * A range() loop run in strips checks at each strip's refill instead (build_stmt.c).
 * Back-edges are the edges a depth-first walk from the entry finds into a block still
 * on its path; the walk follows unwind edges, so `continue` from an except handler counts.
 * Precondition: built IR, no ERRBRANCH yet (the errors pass routes the check's error). */
#include "pass.h"
#include "../ir/prims.h"

enum { UNSEEN, ON_PATH, DONE };

typedef struct Frame {
    IrBlock *b;
    int next;       /* successor to look at next: 0 target, 1 target2, 2 unwind */
    bool back;      /* the block ends in a back-edge */
} Frame;

static IrBlock *succ(const IrBlock *b, int k)
{
    const IrOp *t = b->ops.len ? b->ops.data[b->ops.len - 1] : NULL;
    switch (k) {
    case 0: return t && ir_op_is_terminator(t->kind) ? t->target : NULL;
    case 1: return t && ir_op_is_terminator(t->kind) ? t->target2 : NULL;
    default: return b->unwind;
    }
}

static void insert_check(Ctx *ctx, IrFunc *f, IrBlock *b)
{
    IrOp *term = b->ops.data[b->ops.len - 1];
    IrOp *op = ir_new_op(ctx, IR_PRIM, term->line, ir_new_reg(ctx, f, RT_NONE, NULL), 0);
    op->u.prim = prim(PRIM_CHECK_INTERRUPTS);
    vec_push(&ctx->arena, &b->ops, term);
    b->ops.data[b->ops.len - 2] = op;   /* the check goes before the terminator */
}

void pass_interrupt_checks(Ctx *ctx, IrFunc *f)
{
    int n = f->blocks.len;
    if (n == 0) {
        return;
    }
    int max_id = 0;
    for (int i = 0; i < n; i++) {
        max_id = f->blocks.data[i]->id > max_id ? f->blocks.data[i]->id : max_id;
    }
    char *state = arena_alloc(&ctx->arena, (size_t)max_id + 1);
    Frame *stack = arena_alloc(&ctx->arena, sizeof(Frame) * (size_t)(max_id + 1));
    VEC(IrBlock *) backs = {0};
    int sp = 0;
    stack[sp++] = (Frame){f->blocks.data[0], 0, false};
    state[f->blocks.data[0]->id] = ON_PATH;
    while (sp > 0) {
        Frame *fr = &stack[sp - 1];
        if (fr->next == 3) {
            state[fr->b->id] = DONE;
            if (fr->back) {
                vec_push(&ctx->arena, &backs, fr->b);
            }
            sp--;
            continue;
        }
        IrBlock *s = succ(fr->b, fr->next++);
        if (!s) {
            continue;
        }
        if (state[s->id] == ON_PATH && fr->next <= 2) {
            fr->back = true;   /* a jump (not an unwind) back into the path: a loop */
        } else if (state[s->id] == UNSEEN) {
            state[s->id] = ON_PATH;
            stack[sp++] = (Frame){s, 0, false};
        }
    }
    for (int i = 0; i < backs.len; i++) {
        if (backs.data[i]->strip_edge) {
            continue;
        }
        insert_check(ctx, f, backs.data[i]);
    }
}
