/* scope.c - symbol tables. Names are interned, so they compare by pointer. */
#include "scope.h"

Scope *scope_new(Ctx *ctx, Scope *parent)
{
    Scope *s = ARENA_NEW(&ctx->arena, Scope);
    s->parent = parent;
    return s;
}

Symbol *scope_lookup_local(const Scope *s, const char *name)
{
    for (int i = 0; i < s->syms.len; i++) {
        if (s->syms.data[i]->name == name) {
            return s->syms.data[i];
        }
    }
    return NULL;
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
