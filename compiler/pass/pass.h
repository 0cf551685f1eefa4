/* pass.h - IR transforms, one per file; pass_run_all runs them in order. */
#ifndef PYC2C_PASS_H
#define PYC2C_PASS_H
#include "../ir/ir.h"
void pass_interrupt_checks(Ctx *ctx, IrFunc *f);   /* interrupts.c: signals and threads at loop back-edges */
void pass_error_branches(Ctx *ctx, IrFunc *f);   /* errors.c: branch after every op that can fail */
void pass_refcount(Ctx *ctx, IrFunc *f);         /* refcount.c: increfs and decrefs */
/* "build" or the name of a pass: what --dump-ir=PASS accepts. */
bool pass_is_known(const char *name);
/* Runs every pass on every function; when dump_after names a pass, prints the IR after it. */
void pass_run_all(Ctx *ctx, IrModule *m, const char *dump_after, FILE *dump_out);
#endif
