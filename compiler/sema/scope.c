/* scope.c - symbol tables. Names are interned, so they compare by pointer. */
#include "scope.h"

Scope *scope_new(Ctx *ctx, Scope *parent)
{
    Scope *s = ARENA_NEW(&ctx->arena, Scope);
    s->parent = parent;
    return s;
}

enum { SCOPE_INDEX_MIN = 32 };

static int name_slot(const char *name, int cap)
{
    uintptr_t h = (uintptr_t)name;
    return (int)(((h >> 4) * 0x9E3779B97F4A7C15ULL >> 20) & (uintptr_t)(cap - 1));
}

Symbol *scope_lookup_local(const Scope *s, const char *name)
{
    if (s->index) {
        for (int at = name_slot(name, s->index_cap); s->index[at]; at = (at + 1) & (s->index_cap - 1)) {
            if (s->index[at]->name == name) {
                return s->index[at];
            }
        }
        return NULL;
    }
    for (int i = 0; i < s->syms.len; i++) {
        if (s->syms.data[i]->name == name) {
            return s->syms.data[i];
        }
    }
    return NULL;
}

/* Puts sym in the index unless its name is there (lookups find the first). */
static void index_put(Scope *s, Symbol *sym)
{
    int at = name_slot(sym->name, s->index_cap);
    for (; s->index[at]; at = (at + 1) & (s->index_cap - 1)) {
        if (s->index[at]->name == sym->name) {
            return;
        }
    }
    s->index[at] = sym;
}

/* The index of a scope past SCOPE_INDEX_MIN names, at most half full. */
static void index_add(Ctx *ctx, Scope *s, Symbol *sym)
{
    if (s->syms.len < SCOPE_INDEX_MIN) {
        return;
    }
    if (s->index && s->syms.len * 2 <= s->index_cap) {
        index_put(s, sym);
        return;
    }
    s->index_cap = 64;
    while (s->index_cap < s->syms.len * 4) {
        s->index_cap *= 2;
    }
    s->index = arena_alloc(&ctx->arena, sizeof(Symbol *) * (size_t)s->index_cap);
    for (int i = 0; i < s->syms.len; i++) {
        index_put(s, s->syms.data[i]);
    }
}

Symbol *scope_lookup(const Scope *s, const char *name)
{
    for (; s; s = s->parent) {
        Symbol *sym = scope_lookup_local(s, name);
        if (sym) {
            return sym;
        }
    }
    return NULL;
}

Symbol *scope_add(Ctx *ctx, Scope *s, const char *name, SymKind kind, Loc loc)
{
    Symbol *sym = ARENA_NEW(&ctx->arena, Symbol);
    sym->name = name;
    sym->kind = kind;
    sym->loc = loc;
    sym->slot = -1;
    vec_push(&ctx->arena, &s->syms, sym);
    index_add(ctx, s, sym);
    return sym;
}

bool scope_declared_global(const Scope *s, const char *name)
{
    for (int i = 0; i < s->global_decls.len; i++) {
        if (s->global_decls.data[i] == name) {
            return true;
        }
    }
    return false;
}

bool scope_declared_nonlocal(const Scope *s, const char *name)
{
    for (int i = 0; i < s->nonlocal_decls.len; i++) {
        if (s->nonlocal_decls.data[i] == name) {
            return true;
        }
    }
    return false;
}
