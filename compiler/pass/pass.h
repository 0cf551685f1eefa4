/* pass.h - IR transforms, one per file; pass_run_all runs them in order (run.c).
 * The optimizer passes run on the IR as built (no error branches, no refcounts yet). */
#ifndef PYC2C_PASS_H
#define PYC2C_PASS_H
#include "../ir/ir.h"
void pass_constfold(Ctx *ctx, IrFunc *f);        /* constfold.c: constants folded, branches on them resolved */
void pass_cfg(Ctx *ctx, IrFunc *f);              /* cfg.c: jumps threaded, blocks merged, dead blocks dropped */
void pass_selfcall(Ctx *ctx, IrModule *m);      /* selfcall.c: recursive calls enter a copy that knows its name intact, its ints short */
void pass_leafinline(Ctx *ctx, IrModule *m);    /* leafinline.c: small leaf bodies copied into their callers */
void pass_guards(Ctx *ctx, IrModule *m);         /* guards.c: repeated func_intact checks reuse the first */
void pass_copyprop(Ctx *ctx, IrFunc *f);         /* copyprop.c: uses of a move's copy read its source */
void pass_intvec(Ctx *ctx, IrFunc *f);           /* intvec.c: private lists of ints held as arrays of tagged ints */
void pass_boolvec(Ctx *ctx, IrModule *m);        /* boolvec.c: private `[b] * n` lists of bools held as bytes */
void pass_globaltruth(Ctx *ctx, IrFunc *f);       /* globaltruth.c: `if flag:` on a global tests its cached value */
void pass_listrepeat(Ctx *ctx, IrFunc *f);       /* listrepeat.c: `[x] * n` made at once, no one-item list */
void pass_floatstore(Ctx *ctx, IrFunc *f);       /* floatstore.c: boxed float stores into lists reuse the old float */
void pass_floatload(Ctx *ctx, IrFunc *f);        /* floatload.c: float list items read in place, no reference */
void pass_itemmove(Ctx *ctx, IrFunc *f);         /* itemmove.c: list[int] items swapped or copied as objects */
void pass_licm(Ctx *ctx, IrModule *m);           /* licm.c: loop-invariant values computed once, before the loop */
void pass_bounds(Ctx *ctx, IrFunc *f);           /* bounds.c: range(len(xs)) loops index xs without size compares */
void pass_floatrows(Ctx *ctx, IrFunc *f);        /* floatrows.c: a loop's float rows of a list of lists held as doubles */
void pass_constidx(Ctx *ctx, IrFunc *f);         /* constidx.c: runs of constant indices share one size check */
void pass_floatout(Ctx *ctx, IrFunc *f);         /* floatout.c: float reads, divisions, sqrt give values through out-registers */
void pass_rebox(Ctx *ctx, IrFunc *f);            /* rebox.c: an int boxed right after its unbox is its object again */
void pass_boxshare(Ctx *ctx, IrFunc *f);         /* boxshare.c: an unchanged int boxed again reuses its first box */
void pass_itemunbox(Ctx *ctx, IrFunc *f);        /* itemunbox.c: loop items only unboxed are read as ints in place */
void pass_ranges(Ctx *ctx, IrFunc *f);           /* ranges.c: ints proven short lose tag and overflow checks */
void pass_while_strips(Ctx *ctx, IrFunc *f);     /* whilestrip.c: counted while loops run in strips */
void pass_wideacc(Ctx *ctx, IrFunc *f);          /* wideacc.c: int totals a loop only adds to held in 128 bits */
void pass_acc64(Ctx *ctx, IrFunc *f);            /* acc64.c: a 128-bit accumulator loop runs on int64 first */
void pass_dce(Ctx *ctx, IrFunc *f);              /* dce.c: unused pure ops and unreachable blocks go */
void pass_chaindepth(Ctx *ctx, IrFunc *f);       /* chaindepth.c: a copy running no Python code counts its frames in a register */
void pass_i64copy(Ctx *ctx, IrModule *m);       /* i64copy.c: such a copy gets an int64 copy, recomputed exactly on overflow */
void pass_tailacc(Ctx *ctx, IrFunc *f);          /* tailacc.c: an int64 copy's last self call a loop with an accumulator */
void pass_intchain(Ctx *ctx, IrFunc *f);         /* intchain.c: straight-line int chains on int64 first, tagged on overflow */
void pass_classchecks(Ctx *ctx, IrModule *m);    /* classchecks.c: field and method ops on an object share one class check */
void pass_interrupt_checks(Ctx *ctx, IrFunc *f);   /* interrupts.c: signals and threads at loop back-edges */
void pass_error_branches(Ctx *ctx, IrFunc *f);   /* errors.c: branch after every op that can fail */
void pass_refcount(Ctx *ctx, IrFunc *f);         /* refcount.c: increfs and decrefs */
void pass_share_errors(Ctx *ctx, IrFunc *f);     /* errshare.c: handlers alike but for their line share a block */
void pass_chain_errors(Ctx *ctx, IrFunc *f);     /* errchain.c: a handler releasing more than another ends in it */
void pass_borrow(Ctx *ctx, IrModule *m);         /* borrow.c: accessor results read without a reference */
void pass_nonnull(Ctx *ctx, IrFunc *f);          /* nonnull.c: releases of objects proven set are plain decrefs */
void pass_inline(Ctx *ctx, IrModule *m);         /* inline.c: small bodies outside call cycles inlined by the C compiler */

/* Natural loops (loops.c). Each loop lists its blocks; membership walks the nest from a
 * block's innermost loop outwards, so a function of n loops costs no n x blocks. */
typedef struct PassLoopNest PassLoopNest;
typedef struct PassLoop {
    IrBlock *head;
    VEC(int) blocks;   /* ids of its blocks, ascending; preheaders of inner loops added */
    IrBlock *pre;      /* its preheader, once made */
    int index;         /* in the vector pass_find_loops returned */
    PassLoopNest *nest;
} PassLoop;
typedef VEC(PassLoop) PassLoopVec;
/* The natural loops of f, smallest first (an inner loop before the loops around it). */
PassLoopVec pass_find_loops(Ctx *ctx, IrFunc *f);
/* Is block id b in l? */
bool pass_in_loop(const PassLoop *l, int b);
/* Is block id b entered by unwinding (a handler), as the loops were found? */
bool pass_loop_handler(const PassLoop *l, int b);
/* The innermost loop of block id b, or NULL. */
const PassLoop *pass_innermost_loop(const PassLoopVec *loops, int b);
/* A new block that every jump into l's head from outside the loop now enters, ending in
 * a goto to the head (made once; it joins the loops around l); NULL for a handler head. */
IrBlock *pass_loop_preheader(Ctx *ctx, IrFunc *f, PassLoopVec *loops, PassLoop *l);
/* b, a block made since the loops were found outside l but inside the loops around it,
 * joins those. */
void pass_loop_adopt(Ctx *ctx, PassLoopVec *loops, const PassLoop *l, const IrBlock *b);
/* Does an op in l write r? */
bool pass_loop_writes(const IrFunc *f, const PassLoop *l, IrReg r);
/* The predecessors of each block (by its jumps and its unwind edge). */
typedef struct PassPreds {
    int *start, *list;   /* the predecessors of b: list[start[b] .. start[b + 1]) */
} PassPreds;
PassPreds pass_predecessors(Ctx *ctx, const IrFunc *f);

/* What to run and what to print: dump_after names a pass (or "build"), skip lists the
 * optimizer passes not to run ("opt": all of them). */
typedef struct PassConfig {
    const char *dump_after;
    const char *const *skip;
    int nskip;
} PassConfig;
void pass_run_all(Ctx *ctx, IrModule *m, const PassConfig *cfg, FILE *dump_out);
/* Is name a pass (or "build", "opt")? *optional: may --no-pass skip it. */
bool pass_known(const char *name, bool *optional);

/* A copy of f (selfcall.c), appended to m: copy_of f, same blocks (ids kept), registers
 * and parameters; no function object, no facts of f's passes (never_long). */
IrFunc *pass_copy_func(Ctx *ctx, IrModule *m, IrFunc *f);

/* Does op keep a selfcall copy f's recursion free of Python code (chaindepth.c): a value
 * primitive, a move or jump, its stack check, a call of f itself? */
bool pass_op_keeps_chain(const IrFunc *f, const IrOp *op);

/* `%b = obj_same %o`: %o itself, a new reference (rebox.c). */
extern const Prim pass_prim_obj_same;

/* Shared facts for the optimizer passes (facts.c). */
bool pass_prim_is(const IrOp *op, const char *name);
/* The check at a loop's back-edge or a strip's refill (interrupts.c): signal handlers and
 * other threads may run Python code there. */
bool pass_is_interrupt_check(const IrOp *op);
/* Is r unboxed (not an object or bound method: its release runs no code)? */
bool pass_reg_unboxed(const IrFunc *f, IrReg r);
/* Are all of op's operands and out-registers unboxed? */
bool pass_operands_unboxed(const IrFunc *f, const IrOp *op);
/* Is op a primitive whose name begins with one of prefixes (NULL ended)? */
bool pass_prim_prefixed(const IrOp *op, const char *const *prefixes);
/* Does op write r (its result or an out-register)? */
bool pass_op_writes(const IrOp *op, IrReg r);
/* An op with no effect but its result: removable when the result is unused. */
bool pass_op_pure(const IrOp *op);
/* How many ops write each register (parameters count one more: the call). */
int *pass_count_defs(Ctx *ctx, const IrFunc *f);
int *pass_count_uses(Ctx *ctx, const IrFunc *f);    /* per register: the operands that read it */
/* The ops writing each register as the function is now: ops[start[r] .. start[r + 1]),
 * each in block id blocks[i]; nregs: the registers it covers (those made later have
 * no entry). */
typedef struct PassWriters {
    int *start;
    IrOp **ops;
    int *blocks;
    int nregs;
} PassWriters;
PassWriters pass_writers(Ctx *ctx, const IrFunc *f);
/* The digits of the non-negative int literal that is r's only writer (r no parameter), else NULL. */
const char *pass_sole_digits(const IrFunc *f, const PassWriters *w, IrReg r);
/* A temporary (no source name, not a parameter) written by exactly one op. */
bool pass_single_def_temp(const IrFunc *f, const int *defs, IrReg r);
/* IrFunc.never_long (ranges.c) covered nregs registers: the ones made since are not in it. */
void pass_extend_never_long(Ctx *ctx, IrFunc *f, int nregs);
/* The list index ops' flag forms (knownforms.c): for an op as ranges.c left it, its
 * *_known form when proven (its index is below the size while the flag holds), else for
 * a store the form that only clears the flag, else NULL. */
const Prim *pass_known_form(const IrOp *op, bool proven);
bool pass_is_known_form(const Prim *p);
/* op becomes form, reading the flag register known as its last operand. */
void pass_give_flag(Ctx *ctx, IrOp *op, const Prim *form, IrReg known);
/* Appends to b a branch on cond to yes or no, or (cond < 0) a goto to yes. */
IrOp *pass_add_jump(Ctx *ctx, IrBlock *b, IrReg cond, IrBlock *yes, IrBlock *no, int line);
/* blk's ops from j on move to a new block (same unwind) that blk now jumps to. */
IrBlock *pass_split_at(Ctx *ctx, IrFunc *f, IrBlock *blk, int j);
/* Appends to b the prim p of up to two operands, with a new register for dst < 0 (none
 * for a void result) and one for its out value if it has one. */
IrOp *pass_add_prim(Ctx *ctx, IrFunc *f, IrBlock *b, const Prim *p, IrReg dst, IrReg a0, IrReg a1, int line);
#endif
