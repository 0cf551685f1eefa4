/* intern.c - interned names: an open-addressing hash table in the arena.
 * Equal strings give the same pointer, so names compare by pointer. */
#include "base.h"

#include <string.h>

typedef struct InternEntry {
    const char *str;
    size_t len;
    uint32_t hash;
} InternEntry;

struct Interner {
    Arena *arena;
    InternEntry *slots;
    size_t cap, count;   /* cap is a power of two */
};

/* FNV-1a */
static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

Interner *intern_new(Arena *a)
{
    Interner *in = ARENA_NEW(a, Interner);
    in->arena = a;
    in->cap = 256;
    in->slots = arena_alloc(a, in->cap * sizeof(InternEntry));
    return in;
}

static InternEntry *find_slot(InternEntry *slots, size_t cap, const char *s, size_t n,
                              uint32_t h)
{
    size_t i = h & (cap - 1);
    for (;;) {
        InternEntry *e = &slots[i];
        if (!e->str || (e->hash == h && e->len == n && memcmp(e->str, s, n) == 0)) {
            return e;
        }
        i = (i + 1) & (cap - 1);
    }
}

static void grow(Interner *in)
{
    size_t ncap = in->cap * 2;
    InternEntry *ns = arena_alloc(in->arena, ncap * sizeof(InternEntry));
    for (size_t i = 0; i < in->cap; i++) {
        InternEntry *e = &in->slots[i];
        if (e->str) {
            *find_slot(ns, ncap, e->str, e->len, e->hash) = *e;
        }
    }
    in->slots = ns;
    in->cap = ncap;
}

const char *intern(Interner *in, const char *s, size_t n)
{
    uint32_t h = hash_bytes(s, n);
    InternEntry *e = find_slot(in->slots, in->cap, s, n, h);
    if (e->str) {
        return e->str;
    }
    e->str = arena_strndup(in->arena, s, n);
    e->len = n;
    e->hash = h;
    in->count++;
    if (in->count * 2 > in->cap) {
        const char *str = e->str;
        grow(in);
        return str;
    }
    return e->str;
}

const char *intern_cstr(Interner *in, const char *s)
{
    return intern(in, s, strlen(s));
}
