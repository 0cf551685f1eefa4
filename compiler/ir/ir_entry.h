/* ir_entry.h - the one entry of the IR stage used by the driver. */
#ifndef PYC2C_IR_ENTRY_H
#define PYC2C_IR_ENTRY_H
#include "../base/base.h"
typedef struct SemaModule SemaModule;   /* sema/sema.h: the IR headers compile without the AST */
typedef struct IrModule IrModule;
/* Lowers a checked module to IR. NULL when a construct is outside the native subset
 * (a diagnostic says which). */
IrModule *ir_build(Ctx *ctx, SemaModule *sm);
/* Prints the IR in its stable text form. */
void ir_print(const IrModule *m, FILE *out);
#endif
