/* emit.h - C emission from IR. */
#ifndef PYC2C_EMIT_H
#define PYC2C_EMIT_H
#include "../ir/ir.h"
/* Appends the whole C translation unit of the extension module to out.
 * modname is the import name (e.g. "fib" or "pkg.fib"). */
bool emit_module(Ctx *ctx, const IrModule *m, const char *modname, StrBuf *out);

/* linemap.c: which C each source line became and how (native, generic, kept). */
typedef struct EmitLineMap EmitLineMap;
EmitLineMap *emit_linemap_new(Ctx *ctx);
/* emit_module, recording into lines (may be NULL) the C of each source line. */
bool emit_module_lines(Ctx *ctx, const IrModule *m, const char *modname, StrBuf *out, EmitLineMap *lines);
/* The map as a JSON object {"LINE": {"kind": ..., "c": ...}}; c is the emitted module. */
void emit_linemap_print(Ctx *ctx, const EmitLineMap *map, const StrBuf *c, FILE *out);
#endif
