/* liveness.h - backward liveness over a function's blocks, in persistent sets.
 *
 * A set per block as a bitset over all registers costs blocks x registers bits: for
 * a module body holding a display of 20,000 computed items (a block and a few
 * registers per item) that is gigabytes; as sorted arrays, a function of thousands of
 * object locals (each live in every block) is blocks x locals. The sets are shared
 * tries (pset.h): a block's set costs what it changes from its successors'. */
#ifndef PYC2C_LIVENESS_H
#define PYC2C_LIVENESS_H
#include "pset.h"

/* Which registers liveness follows (refcount.c: the refcounted ones). */
typedef bool (*RegFilter)(const IrFunc *f, IrReg r);

typedef struct Liveness {
    const PSet **in, **out;   /* per block id */
} Liveness;

/* Registers live on entry to and exit from each block; exit_live (or NULL) is used by
 * every block ending in return or return_error. Block ids must be 0..n-1 in order. The
 * sets are made in st. */
Liveness pass_liveness(PSetStore *st, const IrFunc *f, RegFilter counted, const PSet *exit_live);

/* Block b's predecessors: preds[at[b] .. at[b + 1]) (block ids). */
typedef struct PredLists {
    int *at, *preds;
} PredLists;
PredLists pass_pred_lists(Arena *a, const IrFunc *f);

#endif
