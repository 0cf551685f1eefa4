/* objwebs.h - webs of object registers joined by moves, for the passes that turn a
 * private list into a vector (intvec.c, boolvec.c).
 *
 * A web is a set of object registers joined by `move` ops (union-find). A pass marks the
 * webs a vector may start from (`made`) and spoils every web some op uses in a way the
 * vector cannot serve; a web is a vector when made and not spoiled. Parameters are
 * spoiled from the start (their list comes from the caller). Each register's (last
 * seen) write is recorded as (block id, op index). */
#ifndef PYC2C_OBJWEBS_H
#define PYC2C_OBJWEBS_H
#include "pass.h"

typedef struct ObjWebs {
    IrFunc *f;
    int *parent;               /* union-find over registers */
    bool *bad;                 /* per web root: spoiled */
    bool *made;                /* per web root: written the way the vector starts */
    int *def_block, *def_at;   /* per register: where its (last seen) write is, or -1 */
} ObjWebs;

/* Joins f's object moves into webs, records writes, spoils the parameters' webs. */
void objwebs_init(ObjWebs *w, Ctx *ctx, IrFunc *f);
int objwebs_find(ObjWebs *w, IrReg r);
bool objwebs_is_obj(const ObjWebs *w, IrReg r);
void objwebs_spoil(ObjWebs *w, IrReg r);           /* no-op for a non-object register */
void objwebs_mark_made(ObjWebs *w, IrReg r);
bool objwebs_is_vector(ObjWebs *w, IrReg r);       /* an object register of a made, unspoiled web */
bool objwebs_any_vector(ObjWebs *w);

#endif
