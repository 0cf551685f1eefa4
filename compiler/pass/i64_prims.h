/* The int64 primitives that more than one pass emits (intchain's straight-line chains,
 * acc64's int64 tier): a short int's value and int64 arithmetic with the overflow flag
 * (runtime/pyc2c.h). One definition each, so the IR dumps name them alike. */
#ifndef PYC2C_PASS_I64_PRIMS_H
#define PYC2C_PASS_I64_PRIMS_H

#include "../ir/prims.h"

extern const Prim int_is_short;     /* BOOL (INT): a short (tagged) int */
extern const Prim int_short_value;  /* I64 (INT): a short int's value */
extern const Prim i64_add_ok;       /* BOOL (I64, I64), out I64: no overflow */
extern const Prim i64_sub_ok;
extern const Prim i64_mul_ok;

#endif
