/* family.c - the family lookup's miss (native_class.h, Pyc2c_FamilyOf): which native
 * class of c's family a type is, found by a walk of c's subclasses and cached by a
 * hash of the type. With one fixed multiplier, two of a family's four types share an
 * entry more often than not (richards' tasks did: a scheduler loop over them missed on
 * every other task); each family picks its own multiplier instead, one under which the
 * types made so far take distinct entries, so the lookup misses once per type. */
#include "pyc2c.h"

#include <string.h>

#define FAMILY_SLOTS ((int)(sizeof(((Pyc2cClass *)0)->family_cache) / sizeof(Pyc2cClass *)))

/* The k-th candidate multiplier: odd, spread over the word (Weyl steps of the golden
 * ratio's word). */
static uint64_t candidate(int k)
{
    return (UINT64_C(0x9E3779B97F4A7C15) + (uint64_t)k * UINT64_C(0xBF58476D1CE4E5B9)) | 1;
}

/* Do the types of c's subclasses made so far take distinct entries under mul? */
static int distinct(const Pyc2cClass *c, uint64_t mul)
{
    unsigned used = 0;
    for (Pyc2cClass *const *s = c->subs; *s != NULL; s++) {
        if ((*s)->type != NULL) {
            unsigned bit = 1u << PYC2C_FAMILY_HASH((*s)->type, mul);
            if (used & bit) {
                return 0;
            }
            used |= bit;
        }
    }
    return 1;
}

/* How many of c's subclasses have their type made. */
static int made(const Pyc2cClass *c)
{
    int n = 0;
    for (Pyc2cClass *const *s = c->subs; *s != NULL; s++) {
        n += (*s)->type != NULL;
    }
    return n;
}

/* A multiplier for c's family as made so far (the cache emptied), or the old one kept
 * when none of the candidates tried separates them (more types than entries: tried
 * again only once another type is made). */
static void rehash(Pyc2cClass *c)
{
    c->family_types = made(c);
    for (int k = 0; k < 4096; k++) {
        if (distinct(c, candidate(k))) {
            c->family_mul = candidate(k);
            memset(c->family_cache, 0, sizeof c->family_cache);
            return;
        }
    }
    if (c->family_mul == 0) {
        c->family_mul = candidate(0);
    }
}

Pyc2cClass *Pyc2c_FamilyMiss(PyTypeObject *t, Pyc2cClass *c)
{
    Pyc2cClass *const *s = c->subs;
    while (*s != NULL && (*s)->type != t) {
        s++;
    }
    if (*s == NULL) {
        return NULL;   /* a Python subclass, or no subclass at all */
    }
    Pyc2cClass *held = c->family_cache[PYC2C_FAMILY_HASH(t, c->family_mul)];
    if (c->family_mul == 0 || (held != NULL && held != *s && held->type != NULL && made(c) != c->family_types)) {
        rehash(c);   /* the first miss, or two of the family's types in one entry */
    }
    return c->family_cache[PYC2C_FAMILY_HASH(t, c->family_mul)] = *s;
}
