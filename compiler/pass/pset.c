/* pset.c - persistent register sets: big-endian Patricia tries (Okasaki and Gill, "Fast
 * Mergeable Integer Maps"), hash-consed so that equal sets are one node. */
#include "pset.h"

struct PSet {
    unsigned prefix;     /* a leaf: its member; a branch: the bits above `bit` its members share */
    unsigned bit;        /* a branch: the highest bit in which its sides differ; 0: a leaf */
    int size;
    const PSet *left, *right;   /* a branch: the members with `bit` clear, set */
    const PSet *next;           /* the hash-cons table's chain */
};

void pset_store_init(PSetStore *s, Arena *a)
{
    *s = (PSetStore){a, NULL, 0, 0};
}

static unsigned mask(unsigned k, unsigned bit)
{
    return k & ~((bit << 1) - 1);   /* bit 1 << 31: 0, the whole key varies */
}

static bool matches(unsigned k, const PSet *t)
{
    return mask(k, t->bit) == t->prefix;
}

static unsigned highest_bit(unsigned x)
{
    return 1u << (31 - __builtin_clz(x));
}

static unsigned long node_hash(unsigned prefix, unsigned bit, const PSet *l, const PSet *r)
{
    unsigned long h = 14695981039346656037UL;
    h = (h ^ prefix) * 1099511628211UL;
    h = (h ^ bit) * 1099511628211UL;
    h = (h ^ (unsigned long)(uintptr_t)l) * 1099511628211UL;
    h = (h ^ (unsigned long)(uintptr_t)r) * 1099511628211UL;
    return h ^ (h >> 29);
}

static void grow(PSetStore *st)
{
    unsigned long cap = st->cap ? st->cap * 2 : 64;
    const PSet **table = arena_alloc(st->arena, sizeof(PSet *) * cap);
    for (unsigned long i = 0; i < st->cap; i++) {
        const PSet *n = st->table[i];
        while (n) {
            const PSet *next = n->next;
            unsigned long at = node_hash(n->prefix, n->bit, n->left, n->right) & (cap - 1);
            ((PSet *)n)->next = table[at];
            table[at] = n;
            n = next;
        }
    }
    st->table = table;
    st->cap = cap;
}

/* The one node of these fields. */
static const PSet *node(PSetStore *st, unsigned prefix, unsigned bit, const PSet *l, const PSet *r)
{
    if (st->count >= st->cap) {
        grow(st);
    }
    unsigned long at = node_hash(prefix, bit, l, r) & (st->cap - 1);
    for (const PSet *n = st->table[at]; n; n = n->next) {
        if (n->prefix == prefix && n->bit == bit && n->left == l && n->right == r) {
            return n;
        }
    }
    PSet *n = ARENA_NEW(st->arena, PSet);
    *n = (PSet){prefix, bit, bit ? l->size + r->size : 1, l, r, st->table[at]};
    st->table[at] = n;
    st->count++;
    return n;
}

static const PSet *leaf(PSetStore *st, unsigned k)
{
    return node(st, k, 0, NULL, NULL);
}

/* A branch of t's prefix and bit with these sides; an empty side leaves the other. */
static const PSet *branch(PSetStore *st, const PSet *t, const PSet *l, const PSet *r)
{
    if (!l) {
        return r;
    }
    if (!r) {
        return l;
    }
    if (l == t->left && r == t->right) {
        return t;
    }
    return node(st, t->prefix, t->bit, l, r);
}

/* The set of two disjoint tries whose prefixes p0 and p1 differ. */
static const PSet *join(PSetStore *st, unsigned p0, const PSet *t0, unsigned p1, const PSet *t1)
{
    unsigned bit = highest_bit(p0 ^ p1);
    return (p0 & bit) ? node(st, mask(p0, bit), bit, t1, t0) : node(st, mask(p0, bit), bit, t0, t1);
}

bool pset_has(const PSet *s, IrReg r)
{
    unsigned k = (unsigned)r;
    while (s && s->bit) {
        if (!matches(k, s)) {
            return false;
        }
        s = (k & s->bit) ? s->right : s->left;
    }
    return s && s->prefix == k;
}

int pset_size(const PSet *s)
{
    return s ? s->size : 0;
}

IrReg pset_min(const PSet *s)
{
    while (s->bit) {
        s = s->left;
    }
    return (IrReg)s->prefix;
}

IrReg pset_max(const PSet *s)
{
    while (s->bit) {
        s = s->right;
    }
    return (IrReg)s->prefix;
}

static const PSet *add(PSetStore *st, const PSet *s, unsigned k)
{
    if (!s) {
        return leaf(st, k);
    }
    if (!s->bit) {
        return s->prefix == k ? s : join(st, k, leaf(st, k), s->prefix, s);
    }
    if (!matches(k, s)) {
        return join(st, k, leaf(st, k), s->prefix, s);
    }
    if (k & s->bit) {
        return branch(st, s, s->left, add(st, s->right, k));
    }
    return branch(st, s, add(st, s->left, k), s->right);
}

const PSet *pset_add(PSetStore *st, const PSet *s, IrReg r)
{
    return add(st, s, (unsigned)r);
}

static const PSet *remove_key(PSetStore *st, const PSet *s, unsigned k)
{
    if (!s) {
        return NULL;
    }
    if (!s->bit) {
        return s->prefix == k ? NULL : s;
    }
    if (!matches(k, s)) {
        return s;
    }
    if (k & s->bit) {
        return branch(st, s, s->left, remove_key(st, s->right, k));
    }
    return branch(st, s, remove_key(st, s->left, k), s->right);
}

const PSet *pset_remove(PSetStore *st, const PSet *s, IrReg r)
{
    return remove_key(st, s, (unsigned)r);
}

/* Is a's bit above b's, with b inside a's prefix (b belongs under one side of a)? */
static bool contains(const PSet *a, const PSet *b)
{
    return a->bit > b->bit && matches(b->prefix, a);
}

const PSet *pset_union(PSetStore *st, const PSet *a, const PSet *b)
{
    if (a == b || !b) {
        return a;
    }
    if (!a) {
        return b;
    }
    if (!a->bit) {
        return add(st, b, a->prefix);
    }
    if (!b->bit) {
        return add(st, a, b->prefix);
    }
    if (a->bit == b->bit && a->prefix == b->prefix) {
        return branch(st, a, pset_union(st, a->left, b->left), pset_union(st, a->right, b->right));
    }
    if (contains(a, b)) {
        return (b->prefix & a->bit) ? branch(st, a, a->left, pset_union(st, a->right, b))
                                    : branch(st, a, pset_union(st, a->left, b), a->right);
    }
    if (contains(b, a)) {
        return (a->prefix & b->bit) ? branch(st, b, b->left, pset_union(st, a, b->right))
                                    : branch(st, b, pset_union(st, a, b->left), b->right);
    }
    return join(st, a->prefix, a, b->prefix, b);
}

const PSet *pset_inter(PSetStore *st, const PSet *a, const PSet *b)
{
    if (a == b || !a) {
        return a;
    }
    if (!b) {
        return NULL;
    }
    if (!a->bit) {
        return pset_has(b, (IrReg)a->prefix) ? a : NULL;
    }
    if (!b->bit) {
        return pset_has(a, (IrReg)b->prefix) ? b : NULL;
    }
    if (a->bit == b->bit && a->prefix == b->prefix) {
        return branch(st, a, pset_inter(st, a->left, b->left), pset_inter(st, a->right, b->right));
    }
    if (contains(a, b)) {
        return pset_inter(st, (b->prefix & a->bit) ? a->right : a->left, b);
    }
    if (contains(b, a)) {
        return pset_inter(st, a, (a->prefix & b->bit) ? b->right : b->left);
    }
    return NULL;
}

const PSet *pset_diff(PSetStore *st, const PSet *a, const PSet *b)
{
    if (a == b || !a) {
        return NULL;
    }
    if (!b) {
        return a;
    }
    if (!a->bit) {
        return pset_has(b, (IrReg)a->prefix) ? NULL : a;
    }
    if (!b->bit) {
        return remove_key(st, a, b->prefix);
    }
    if (a->bit == b->bit && a->prefix == b->prefix) {
        return branch(st, a, pset_diff(st, a->left, b->left), pset_diff(st, a->right, b->right));
    }
    if (contains(a, b)) {
        return (b->prefix & a->bit) ? branch(st, a, a->left, pset_diff(st, a->right, b))
                                    : branch(st, a, pset_diff(st, a->left, b), a->right);
    }
    if (contains(b, a)) {
        return pset_diff(st, a, (a->prefix & b->bit) ? b->right : b->left);
    }
    return a;
}

const PSet *pset_from(PSetStore *st, const IrReg *list, int n)
{
    const PSet *s = NULL;
    for (int i = 0; i < n; i++) {
        s = add(st, s, (unsigned)list[i]);
    }
    return s;
}

int pset_members(const PSet *s, IrReg *out)
{
    if (!s) {
        return 0;
    }
    if (!s->bit) {
        out[0] = (IrReg)s->prefix;
        return 1;
    }
    int n = pset_members(s->left, out);
    return n + pset_members(s->right, out + n);
}
