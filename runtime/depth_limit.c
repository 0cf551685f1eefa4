/* depth_limit.c - where 3.9 and 3.10 keep the recursion limit (depth.h): an offset
 * into PyInterpreterState, read from the interpreter's internal headers here, in the
 * one file compiled with them. */
#include <patchlevel.h>

#if PY_VERSION_HEX < 0x030B0000
#define Py_BUILD_CORE 1
#include <Python.h>
#include <stddef.h>
#include "internal/pycore_interp.h"

extern const size_t pyc2c_interp_limit_offset;
const size_t pyc2c_interp_limit_offset = offsetof(PyInterpreterState, ceval.recursion_limit);
#else
typedef int pyc2c_depth_limit_unused;   /* 3.11+: the thread state holds the limit */
#endif
