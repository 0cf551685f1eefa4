/* liveness.h - sparse register sets and backward liveness over a function's blocks.
 *
 * A set per block as a bitset over all registers costs blocks x registers bits: for
 * a module body holding a display of 20,000 computed items (a block and a few
 * registers per item) that is gigabytes. Few registers are live at any block, so each
 * block's set is a sorted array of its members, and every operation on sets costs
 * their sizes, not the function's register count. */
#ifndef PYC2C_LIVENESS_H
#define PYC2C_LIVENESS_H
#include "../ir/ir.h"

typedef struct RegSet {
    IrReg *r;        /* ascending, no repeats */
    int len, cap;
} RegSet;

bool regset_has(const RegSet *s, IrReg r);
/* dst |= src; true if dst grew. */
bool regset_union(Arena *a, RegSet *dst, const RegSet *src);
/* dst = a - b, or a & b with keep_common (dst's old members dropped). */
void regset_filter(Arena *a, RegSet *dst, const RegSet *x, const RegSet *y, bool keep_common);
void regset_remove(RegSet *s, IrReg r);
/* Room for n members (grown by doubling: the arena keeps at most twice the set). */
void regset_reserve(Arena *a, RegSet *s, int n);
/* s = the n registers of list (any order, repeats allowed; list is sorted in place). */
void regset_from(Arena *a, RegSet *s, IrReg *list, int n);

/* Which registers liveness follows (refcount.c: the refcounted ones). */
typedef bool (*RegFilter)(const IrFunc *f, IrReg r);

typedef struct Liveness {
    RegSet *in, *out;   /* per block id */
} Liveness;

/* Registers live on entry to and exit from each block; exit_live (or NULL) is used by
 * every block ending in return or return_error. Block ids must be 0..n-1 in order. */
Liveness pass_liveness(Arena *a, const IrFunc *f, RegFilter counted, const RegSet *exit_live);

/* Block b's predecessors: preds[at[b] .. at[b + 1]) (block ids). */
typedef struct PredLists {
    int *at, *preds;
} PredLists;
PredLists pass_pred_lists(Arena *a, const IrFunc *f);

#endif
