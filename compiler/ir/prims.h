/* prims.h - primitive ids for IR passes; the table lives in the prim layer (compiler/prim/). */
#ifndef PYC2C_IR_PRIMS_H
#define PYC2C_IR_PRIMS_H
#include "../prim/prim.h"
#endif
