/* arena.c - a chunked bump allocator: all data of one compilation, freed at once.
 * Also vec_grow, the growth step of the arena vectors in base.h. */
#include "base.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16
#define ARENA_CHUNK_SIZE (64 * 1024)

struct ArenaChunk {
    ArenaChunk *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

static size_t align_up(size_t n)
{
    return (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

static ArenaChunk *chunk_new(size_t cap)
{
    ArenaChunk *c = malloc(sizeof(ArenaChunk) + cap);
    if (!c) {
        ICE("out of memory (arena chunk of %zu bytes)", cap);
    }
    c->next = NULL;
    c->used = 0;
    c->cap = cap;
    return c;
}

void arena_init(Arena *a)
{
    a->head = NULL;
}

void arena_free(Arena *a)
{
    ArenaChunk *c = a->head;
    while (c) {
        ArenaChunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}

/* A big allocation gets a chunk of its own, linked behind the head so the
 * head's free space stays usable. */
static void *alloc_big(Arena *a, size_t size)
{
    ArenaChunk *c = chunk_new(size);
    c->used = size;
    if (a->head) {
        c->next = a->head->next;
        a->head->next = c;
    } else {
        a->head = c;
    }
    return c->data;
}

void *arena_alloc(Arena *a, size_t size)
{
    size = align_up(size ? size : 1);
    void *p;
    if (size > ARENA_CHUNK_SIZE / 4) {
        p = alloc_big(a, size);
    } else {
        if (!a->head || a->head->cap - a->head->used < size) {
            ArenaChunk *c = chunk_new(ARENA_CHUNK_SIZE);
            c->next = a->head;
            a->head = c;
        }
        p = a->head->data + a->head->used;
        a->head->used += size;
    }
    memset(p, 0, size);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* Doubles the capacity (at least 8); the old array stays in the arena. */
void vec_grow(Arena *a, void **data, int *cap, size_t elem)
{
    int ncap = *cap ? *cap * 2 : 8;
    void *p = arena_alloc(a, (size_t)ncap * elem);
    if (*data && *cap) {
        memcpy(p, *data, (size_t)*cap * elem);
    }
    *data = p;
    *cap = ncap;
}
