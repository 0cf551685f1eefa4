/* emit.h - C emission from IR. */
#ifndef PYC2C_EMIT_H
#define PYC2C_EMIT_H
#include "../ir/ir.h"
/* Appends the whole C translation unit of the extension module to out.
 * modname is the import name (e.g. "fib" or "pkg.fib"). */
bool emit_module(Ctx *ctx, const IrModule *m, const char *modname, StrBuf *out);
#endif
