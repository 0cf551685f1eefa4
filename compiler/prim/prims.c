/* prims.c - the rtype and primitive tables, built from rtypes.def and prims.def. */
#include <string.h>
#include "prim.h"

const char *const rtype_c_names[RT_COUNT] = {
#define RT(e, c, err, occ, rc, zero) c,
#include "rtypes.def"
#undef RT
};
const char *const rtype_error_values[RT_COUNT] = {
#define RT(e, c, err, occ, rc, zero) err,
#include "rtypes.def"
#undef RT
};
const char *const rtype_zero_values[RT_COUNT] = {
#define RT(e, c, err, occ, rc, zero) zero,
#include "rtypes.def"
#undef RT
};
const bool rtype_error_needs_occurred[RT_COUNT] = {
#define RT(e, c, err, occ, rc, zero) occ,
#include "rtypes.def"
#undef RT
};
const bool rtype_refcounted[RT_COUNT] = {
#define RT(e, c, err, occ, rc, zero) rc,
#include "rtypes.def"
#undef RT
};

static const char *const rtype_names[RT_COUNT] = {
#define RT(e, c, err, occ, rc, zero) #e,
#include "rtypes.def"
#undef RT
};

const char *rtype_name(RType rt)
{
    return rtype_names[rt];
}

enum { NEW, BORROWED };   /* PRIM_RC's ref column */

static const Prim prim_table[PRIM_COUNT] = {
#define PRIM(id, name, res, n, a0, a1, a2, tmpl, fail) \
    [PRIM_##id] = {name, RT_##res, n, {RT_##a0, RT_##a1, RT_##a2, RT_VOID}, tmpl, fail, 0, false, RT_VOID},
#define PRIM4(id, name, res, a0, a1, a2, a3, tmpl, fail) \
    [PRIM_##id] = {name, RT_##res, 4, {RT_##a0, RT_##a1, RT_##a2, RT_##a3}, tmpl, fail, 0, false, RT_VOID},
#define PRIM_RC(id, name, res, n, a0, a1, a2, tmpl, fail, steals, ref) \
    [PRIM_##id] = {name, RT_##res, n, {RT_##a0, RT_##a1, RT_##a2, RT_VOID}, tmpl, fail, steals, ref == BORROWED, RT_VOID},
#include "prims.def"
#undef PRIM
#undef PRIM4
#undef PRIM_RC
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

/* releasing.def as a table: for each op, its forms releasing a, b, both (NO_PRIM: none). */
static const PrimId releasing_table[PRIM_COUNT][3] = {
#define RELEASING(op, a, b, ab) [PRIM_##op] = {PRIM_##a, PRIM_##b, PRIM_##ab},
#define PRIM_NO_PRIM NO_PRIM
#include "releasing.def"
#undef PRIM_NO_PRIM
#undef RELEASING
};

const Prim *prim_releasing(const Prim *p, unsigned mask)
{
    if (p < prim_table || p >= prim_table + PRIM_COUNT || mask < 1 || mask > 3) {
        return NULL;   /* a stdlib shim's prim, or no operand to release */
    }
    const PrimId *forms = releasing_table[p - prim_table];
    PrimId id = forms[mask - 1];
    /* rows not in releasing.def are zero: PRIM 0 is no op's releasing form */
    return id != NO_PRIM && id != 0 ? &prim_table[id] : NULL;
}
