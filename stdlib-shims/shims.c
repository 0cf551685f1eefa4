/* shims.c - the shim table, built from shims.def. */
#include <math.h>
#include <string.h>
#include "shims.h"

static const Shim shim_table[] = {
#define SHIM_FN(mod, nm, res, n, a0, a1, tmpl, fail) \
    {#mod, #nm, SHIM_FN, {#mod "_" #nm, RT_##res, n, {RT_##a0, RT_##a1, RT_VOID}, tmpl, fail}, 0},
#define SHIM_CONST(mod, nm, value) {#mod, #nm, SHIM_CONST, {0}, value},
#define SHIM_SPECIAL(mod, nm, kind) {#mod, #nm, SHIM_##kind, {0}, 0},
#include "shims.def"
#undef SHIM_FN
#undef SHIM_CONST
#undef SHIM_SPECIAL
};

const Shim *shim_find(const char *module, const char *name)
{
    for (size_t i = 0; i < sizeof shim_table / sizeof shim_table[0]; i++) {
        if (strcmp(shim_table[i].module, module) == 0 && strcmp(shim_table[i].name, name) == 0) {
            return &shim_table[i];
        }
    }
    return NULL;
}

bool shim_known_module(const char *module)
{
    return strcmp(module, "math") == 0 || strcmp(module, "typing") == 0 ||
           strcmp(module, "mypy_extensions") == 0 || strcmp(module, "builtins") == 0;
}
