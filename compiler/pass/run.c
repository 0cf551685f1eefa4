/* run.c - the pass pipeline, as a flat list. */
#include <string.h>
#include "pass.h"

typedef void (*PassFn)(Ctx *, IrFunc *);

static const struct { const char *name; PassFn fn; } passes[] = {
    {"interrupts", pass_interrupt_checks},
    {"errors", pass_error_branches},
    {"refcount", pass_refcount},
};

bool pass_is_known(const char *name)
{
    for (size_t p = 0; p < sizeof passes / sizeof passes[0]; p++) {
        if (strcmp(name, passes[p].name) == 0) {
            return true;
        }
    }
    return strcmp(name, "build") == 0;
}

void pass_run_all(Ctx *ctx, IrModule *m, const char *dump_after, FILE *dump_out)
{
    if (dump_after && (strcmp(dump_after, "build") == 0 || dump_after[0] == '\0')) {
        ir_print(m, dump_out);
    }
    for (size_t p = 0; p < sizeof passes / sizeof passes[0]; p++) {
        for (int i = 0; i < m->funcs.len; i++) {
            passes[p].fn(ctx, m->funcs.data[i]);
#ifndef NDEBUG
            ir_verify(m->funcs.data[i]);
#endif
        }
        if (dump_after && strcmp(dump_after, passes[p].name) == 0) {
            ir_print(m, dump_out);
        }
    }
}
