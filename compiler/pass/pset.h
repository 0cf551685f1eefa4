/* pset.h - persistent sets of registers: hash-consed Patricia tries (big-endian).
 *
 * The refcount pass keeps, per block, the registers live and the registers that may hold
 * a reference. In a function of thousands of object locals every block's sets hold
 * thousands of members: as sorted arrays, blocks x members (3,200 locals: 1.2 GB). Here a
 * set is a shared, immutable trie: adding or removing a member copies one path, and equal
 * sets (and equal subtries) are one node, so an operation on two sets costs the parts in
 * which they differ, not their size, and two sets compare by pointer.
 * NULL is the empty set. Members are non-negative; iteration is in ascending order. */
#ifndef PYC2C_PSET_H
#define PYC2C_PSET_H
#include "../ir/ir.h"

typedef struct PSet PSet;

/* Where the nodes live (one per function pass): the hash-cons table. */
typedef struct PSetStore {
    Arena *arena;
    const PSet **table;
    unsigned long cap, count;
} PSetStore;

void pset_store_init(PSetStore *s, Arena *a);

bool pset_has(const PSet *s, IrReg r);
int pset_size(const PSet *s);
IrReg pset_min(const PSet *s);   /* of a non-empty set */
IrReg pset_max(const PSet *s);
const PSet *pset_add(PSetStore *st, const PSet *s, IrReg r);
const PSet *pset_remove(PSetStore *st, const PSet *s, IrReg r);
const PSet *pset_union(PSetStore *st, const PSet *a, const PSet *b);
const PSet *pset_inter(PSetStore *st, const PSet *a, const PSet *b);
const PSet *pset_diff(PSetStore *st, const PSet *a, const PSet *b);   /* a - b */
/* The set of list[0..n). */
const PSet *pset_from(PSetStore *st, const IrReg *list, int n);
/* Writes the members to out (room for pset_size), ascending; returns their count. */
int pset_members(const PSet *s, IrReg *out);

#endif
