#include "i64_prims.h"

#define OK_PRIM(id, tmpl) \
    const Prim id = {.name = #id, .result = RT_BOOL, .nargs = 2, .args = {RT_I64, RT_I64}, .out = RT_I64, \
                     .c_template = tmpl}

const Prim int_is_short = {.name = "int_is_short", .result = RT_BOOL, .nargs = 1, .args = {RT_INT, RT_VOID},
                           .c_template = "PYC2C_LIKELY(Pyc2cInt_IsShort($0))"};
const Prim int_short_value = {.name = "int_short_value", .result = RT_I64, .nargs = 1, .args = {RT_INT, RT_VOID},
                              .c_template = "Pyc2cInt_ShortValue($0)"};
OK_PRIM(i64_add_ok, "PYC2C_LIKELY(!__builtin_add_overflow($0, $1, &$o))");
OK_PRIM(i64_sub_ok, "PYC2C_LIKELY(!__builtin_sub_overflow($0, $1, &$o))");
OK_PRIM(i64_mul_ok, "PYC2C_LIKELY(!__builtin_mul_overflow($0, $1, &$o))");
