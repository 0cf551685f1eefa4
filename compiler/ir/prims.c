/* prims.c - the operator primitive table, built from prims.def. */
#include "ir.h"
#include "prims.h"

static const Prim prim_table[PRIM_COUNT] = {
#define PRIM(id, name, res, n, a0, a1, a2, tmpl, fail) \
    [PRIM_##id] = {name, RT_##res, n, {RT_##a0, RT_##a1, RT_##a2, RT_VOID}, tmpl, fail},
#define PRIM4(id, name, res, a0, a1, a2, a3, tmpl, fail) \
    [PRIM_##id] = {name, RT_##res, 4, {RT_##a0, RT_##a1, RT_##a2, RT_##a3}, tmpl, fail},
#include "prims.def"
#undef PRIM
#undef PRIM4
};

const Prim *prim(PrimId id)
{
    return &prim_table[id];
}

const Prim *prim_get(const char *name)
{
    for (int i = 0; i < PRIM_COUNT; i++) {
        if (strcmp(prim_table[i].name, name) == 0) {
            return &prim_table[i];
        }
    }
    return NULL;
}
