/* loopcopy.c - a copy of a loop's blocks, the machinery wideacc.c and acc64.c share.
 *
 * Each block of the loop gets a copy (IrBlock.loop_copy: --report counts the original's
 * sites once); a jump to a block of the loop goes to its copy, a jump out of the loop to
 * an exit block made once per outside target by the pass's `leave` (wideacc boxes its
 * totals there, acc64 widens them) and ending in a goto to that target. The pass's
 * `step` hook takes over the ops it rewrites (its loop's steps); `copied` sees each op
 * copied as it is (acc64 renames registers and updates its counters' twins). */
#ifndef PYC2C_PASS_LOOPCOPY_H
#define PYC2C_PASS_LOOPCOPY_H

#include "pass.h"

typedef struct PassLoopCopy PassLoopCopy;
struct PassLoopCopy {
    IrFunc *f;
    const PassLoop *l;
    void *env;            /* the pass's state, handed to the hooks */
    IrBlock **map;        /* loop block id -> its copy */
    IrBlock **exits;      /* outside block id -> the copy's exit block before it */
    /* Fills b (an exit block, empty) with what leaving the copy takes, then a goto to to. */
    void (*leave)(Ctx *ctx, PassLoopCopy *c, IrBlock *b, IrBlock *to, int line);
    /* At op j of ob, copying into *at: true when it copied ops j .. *last itself (it may
     * continue in another block: *at); false: copy op j as it is. */
    bool (*step)(Ctx *ctx, PassLoopCopy *c, IrBlock **at, const IrBlock *ob, int j, int *last);
    /* After op j of ob was copied as n (its targets already the copy's); may be NULL. */
    void (*copied)(Ctx *ctx, PassLoopCopy *c, IrBlock *at, const IrBlock *ob, int j, IrOp *n);
};

/* A new block marked as a loop copy's. */
IrBlock *pass_loopcopy_block(Ctx *ctx, IrFunc *f);
/* Where a copied jump to t goes: t's copy, an exit block before t, or NULL for NULL. */
IrBlock *pass_loopcopy_target(Ctx *ctx, PassLoopCopy *c, IrBlock *t, int line);
/* Copies every block of c->l (hooks, env, f and l set); returns the head's copy. */
IrBlock *pass_loopcopy_run(Ctx *ctx, PassLoopCopy *c);

/* Tries f's loops outermost first, rewriting each at most once (a loop whose blocks a
 * rewrite made or took is not tried again), in up to max_rounds rounds: a rewrite ends
 * its round and the loops are found again. begin (may be NULL) runs at each round's
 * start. Returns whether any loop was rewritten. */
typedef struct PassLoopRounds {
    void *env;
    void (*begin)(Ctx *ctx, IrFunc *f, void *env);
    bool (*try_loop)(Ctx *ctx, IrFunc *f, PassLoopVec *loops, PassLoop *l, void *env);
} PassLoopRounds;
bool pass_loopcopy_rounds(Ctx *ctx, IrFunc *f, int max_rounds, const PassLoopRounds *r);

#endif
