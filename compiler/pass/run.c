/* run.c - the pass pipeline, as a flat list. The optimizer passes come first and may be
 * switched off one by one (--no-pass=NAME, or --no-pass=opt for all of them); the
 * error-branch and refcount passes always run. */
#include <string.h>
#include "pass.h"

typedef void (*PassFn)(Ctx *, IrFunc *);
typedef void (*ModulePassFn)(Ctx *, IrModule *);

static const struct {
    const char *name;
    PassFn fn;              /* run on every function, or NULL */
    ModulePassFn module_fn; /* run once on the module, or NULL */
    bool optional;          /* an optimization: --no-pass may skip it */
} passes[] = {
    /* first, so that the optimizer sees where loops may run Python (signal handlers) */
    {"interrupts", pass_interrupt_checks, NULL, false},
    {"constfold", pass_constfold, NULL, true},
    {"cfg", pass_cfg, NULL, true},
    {"selfcall", NULL, pass_selfcall, true},
    {"leafinline", NULL, pass_leafinline, true},   /* before guards and ranges, which see the bodies */
    {"guards", NULL, pass_guards, true},
    {"copyprop", pass_copyprop, NULL, true},
    {"intvec", pass_intvec, NULL, true},   /* before any pass that knows list ops */
    {"boolvec", NULL, pass_boolvec, true},
    {"listrepeat", pass_listrepeat, NULL, true},   /* after boolvec: its `[b] * n` */
    {"floatstore", pass_floatstore, NULL, true},
    {"floatload", pass_floatload, NULL, true},
    {"itemmove", pass_itemmove, NULL, true},
    {"licm", NULL, pass_licm, true},
    {"ranges", pass_ranges, NULL, true},
    {"whilestrip", pass_while_strips, NULL, true},
    {"bounds", pass_bounds, NULL, true},
    {"rebox", pass_rebox, NULL, true},
    {"itemunbox", pass_itemunbox, NULL, true},   /* after rebox: its reboxed items keep their object */
    {"wideacc", pass_wideacc, NULL, true},
    {"acc64", pass_acc64, NULL, true},   /* right after wideacc: its shapes */
    {"boxshare", pass_boxshare, NULL, true},
    {"dce", pass_dce, NULL, true},
    {"chaindepth", pass_chaindepth, NULL, true},
    {"i64copy", NULL, pass_i64copy, true},
    {"tailacc", pass_tailacc, NULL, true},
    {"intchain", pass_intchain, NULL, true},   /* after ranges, wideacc and i64copy took theirs */
    {"globaltruth", pass_globaltruth, NULL, true},   /* before classchecks: its fast path is clean */
    {"classchecks", NULL, pass_classchecks, true},
    /* just before errors: its liveness is the refcount pass's, less the handler edges */
    {"floatrows", pass_floatrows, NULL, true},   /* before constidx and floatout: its copy's buffer */
    {"constidx", pass_constidx, NULL, true},
    {"floatout", pass_floatout, NULL, true},   /* last before errors: no pass knows its forms */
    {"errors", pass_error_branches, NULL, false},
    {"refcount", pass_refcount, NULL, false},
    {"errshare", pass_share_errors, NULL, true},
    {"errchain", pass_chain_errors, NULL, true},
    /* last: it measures the bodies the emitter prints */
    {"inline", NULL, pass_inline, true},
    {"borrow", NULL, pass_borrow, true},   /* reads inline_body */
    {"nonnull", pass_nonnull, NULL, true},   /* after every pass that adds releases */
};
#define NPASSES (sizeof passes / sizeof passes[0])

bool pass_known(const char *name, bool *optional)
{
    if (strcmp(name, "opt") == 0 || strcmp(name, "build") == 0) {
        *optional = strcmp(name, "opt") == 0;
        return true;
    }
    for (size_t p = 0; p < NPASSES; p++) {
        if (strcmp(passes[p].name, name) == 0) {
            *optional = passes[p].optional;
            return true;
        }
    }
    return false;
}

static bool skipped(size_t p, const PassConfig *cfg)
{
    for (int i = 0; passes[p].optional && i < cfg->nskip; i++) {
        if (strcmp(cfg->skip[i], passes[p].name) == 0 || strcmp(cfg->skip[i], "opt") == 0) {
            return true;
        }
    }
    return false;
}

static void verify_all(IrModule *m)
{
#ifndef NDEBUG
    for (int i = 0; i < m->funcs.len; i++) {
        ir_verify(m->funcs.data[i]);
    }
#else
    (void)m;
#endif
}

void pass_run_all(Ctx *ctx, IrModule *m, const PassConfig *cfg, FILE *dump_out)
{
    static const PassConfig all = {NULL, NULL, 0};
    cfg = cfg ? cfg : &all;
    const char *dump_after = cfg->dump_after;
    if (dump_after && (strcmp(dump_after, "build") == 0 || dump_after[0] == '\0')) {
        ir_print(m, dump_out);
    }
    for (size_t p = 0; p < NPASSES; p++) {
        if (!skipped(p, cfg)) {
            if (passes[p].module_fn) {
                passes[p].module_fn(ctx, m);
            }
            for (int i = 0; passes[p].fn && i < m->funcs.len; i++) {
                passes[p].fn(ctx, m->funcs.data[i]);
            }
            verify_all(m);
        }
        if (dump_after && strcmp(dump_after, passes[p].name) == 0) {
            ir_print(m, dump_out);
        }
    }
}
