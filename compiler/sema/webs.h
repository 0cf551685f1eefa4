/* webs.h - shared by webs.c (reaching definitions, renaming) and webs_names.c (which
 * names may be split): one variable per web of a local (see webs.c). */
#ifndef PYC2C_WEBS_H
#define PYC2C_WEBS_H

#include <stdint.h>
#include "sema_internal.h"

#define MAX_DEFS 4096
#define WORDS (MAX_DEFS / 64)

typedef struct DefSite {
    AstExpr *node;      /* the store target; NULL for a parameter's value on entry */
    int name;           /* index in Webs.names */
    int parent;         /* union-find */
} DefSite;

typedef struct UseSite {
    AstExpr *node;
    int def;            /* one definition reaching it, or -1 */
} UseSite;

typedef struct Bits {
    uint64_t w[WORDS];
} Bits;

/* Pointer -> int map (open addressing) for the name nodes of definitions and uses. */
typedef struct PtrMap {
    const void **keys;
    int *vals;
    int cap, len;
} PtrMap;

typedef struct Webs {
    Ctx *ctx;
    VEC(const char *) names;       /* names bound in the function, interned */
    VEC(bool) excluded;            /* ... left whole */
    PtrMap name_of;                /* id -> its index in names */
    VEC(DefSite) defs;
    VEC(UseSite) uses;
    PtrMap def_of, use_of;
    PtrMap range_start, range_end; /* statement -> the definitions numbered inside it */
    VEC(int) *name_defs;           /* per name: its definitions */
    VEC(const char *) shadow;      /* comprehension variables in scope */
    bool give_up;
} Webs;

/* webs_names.c */
int webs_map_get(const PtrMap *m, const void *key);
void webs_map_put(Arena *a, PtrMap *m, const void *key, int val);
int webs_name_index(const Webs *w, const char *id);   /* -1: not bound in the function */
int webs_add_name(Webs *w, const char *id);
bool webs_shadowed(const Webs *w, const char *id);
/* The names bound in a function's body and the ones left whole (w->give_up: the
 * function is left alone). */
void webs_scan_func(Webs *w, AstStmt *def);

#endif
