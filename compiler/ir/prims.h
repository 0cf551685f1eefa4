/* prims.h - operator primitives by id (see prims.def). */
#ifndef PYC2C_PRIMS_H
#define PYC2C_PRIMS_H
#include <string.h>
#include "ir.h"

typedef enum PrimId {
#define PRIM(id, name, res, n, a0, a1, a2, tmpl, fail) PRIM_##id,
#define PRIM4(id, name, res, a0, a1, a2, a3, tmpl, fail) PRIM_##id,
#include "prims.def"
#undef PRIM
#undef PRIM4
    PRIM_COUNT
} PrimId;

const Prim *prim(PrimId id);
#endif
