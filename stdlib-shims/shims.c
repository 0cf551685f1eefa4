/* shims.c - the shim table, built from shims.def. */
#include <math.h>
#include <string.h>
#include "shims.h"

static const Shim shim_table[] = {
#define SHIM_FN(mod, nm, res, n, a0, a1, tmpl, fail) \
    {#mod, #nm, SHIM_FN, .prim = {#mod "_" #nm, RT_##res, n, {RT_##a0, RT_##a1, RT_VOID}, tmpl, fail, 0, false, RT_VOID}},
#define SHIM_CONST(mod, nm, value) {#mod, #nm, SHIM_CONST, .fval = value},
#define SHIM_SPECIAL(mod, nm, kind) {#mod, #nm, SHIM_##kind, .fval = 0},
#define PRIM_AS NO_PRIM
#define SHIM_CALL(mod, nm, a0, a1, p, res) \
    {#mod, #nm, SHIM_CALL, .call = {{PV_##a0, PV_##a1}, PRIM_##p, PV_##res}},
#include "shims.def"
#undef SHIM_FN
#undef SHIM_CONST
#undef SHIM_SPECIAL
#undef SHIM_CALL
#undef PRIM_AS
};
#define NSHIMS (sizeof shim_table / sizeof shim_table[0])

/* typing_extensions re-exports typing's names (and backports newer ones): the same
 * objects to the compiler, wherever a program imports them from. */
static const char *canonical_module(const char *module)
{
    return strcmp(module, "typing_extensions") == 0 ? "typing" : module;
}

const Shim *shim_find(const char *module, const char *name)
{
    module = canonical_module(module);
    for (size_t i = 0; i < NSHIMS; i++) {
        if (strcmp(shim_table[i].module, module) == 0 && strcmp(shim_table[i].name, name) == 0) {
            return &shim_table[i];
        }
    }
    return NULL;
}

const Shim *shim_call_row(const Shim *sh, int nargs, const PyVal *args)
{
    for (const Shim *r = sh; r < shim_table + NSHIMS && r->kind == SHIM_CALL &&
                             strcmp(r->name, sh->name) == 0 && strcmp(r->module, sh->module) == 0; r++) {
        int n = r->call.args[1] == PV_VOID ? 1 : 2;
        if (n == nargs && pyval_matches(r->call.args[0], args[0]) &&
            (n == 1 || pyval_matches(r->call.args[1], args[1]))) {
            return r;
        }
    }
    return NULL;
}

bool shim_known_module(const char *module)
{
    module = canonical_module(module);
    return strcmp(module, "math") == 0 || strcmp(module, "typing") == 0 ||
           strcmp(module, "mypy_extensions") == 0 || strcmp(module, "builtins") == 0 ||
           strcmp(module, "heapq") == 0;
}

bool shim_follows_writes(const char *module)
{
    return strcmp(module, "heapq") == 0;
}

#define MR_RT_NONE RT_NONE
#define MR_RT_INT RT_INT
#define MR_RT_BOOL RT_BOOL
#define MR_RT_STR RT_OBJ
#define MR_RT_ELT RT_OBJ
#define MR_RT_VAL RT_OBJ
#define MR_RT_LISTSTR RT_OBJ
#define MR_RT_STR3 RT_OBJ
#define MR_RT_GET RT_OBJ
#define MR_RT_ITEMS RT_OBJ
#define MR_RT_KEYS RT_OBJ
#define MR_RT_VALUES RT_OBJ
#define MA_RT_VOID RT_VOID
#define MA_RT_OBJ RT_OBJ
#define MA_RT_ELT RT_OBJ
#define MA_RT_KEY RT_OBJ
#define MA_RT_VAL RT_OBJ
#define MA_RT_INT RT_INT
#define MA_RT_STR RT_OBJ
#define MA_RT_STRS RT_OBJ

static const Method method_table[] = {
#define METHOD(cls, nm, res, n, a0, a1, tmpl, fail) \
    {#cls, #nm, MR_##res, n, {MA_##a0, MA_##a1}, \
     {#cls "_" #nm, MR_RT_##res, n + 1, {RT_OBJ, MA_RT_##a0, MA_RT_##a1}, tmpl, fail, 0, false, RT_VOID}},
#include "methods.def"
#undef METHOD
};

const Method *method_find(const char *cls, const char *name, int nargs)
{
    return method_find_after(NULL, cls, name, nargs);
}

const Method *method_find_after(const Method *prev, const char *cls, const char *name, int nargs)
{
    size_t from = prev ? (size_t)(prev - method_table) + 1 : 0;
    for (size_t i = from; i < sizeof method_table / sizeof method_table[0]; i++) {
        const Method *m = &method_table[i];
        if (m->nargs == nargs && strcmp(m->cls, cls) == 0 && strcmp(m->name, name) == 0) {
            return m;
        }
    }
    return NULL;
}
