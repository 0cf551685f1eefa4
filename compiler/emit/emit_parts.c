/* emit_parts.c - the module's C as several translation units ("parts").
 *
 * A big module is compiled faster as several units compiled in parallel, and each
 * cc1 then holds a fraction of the module in memory. The C stays one file (what
 * --c-only writes): `#define PYC2C_NPARTS n` says how many parts it has; compiled
 * with -DPYC2C_PART=k it is part k (runtime/pyc2c.h: PYC2C_VAR, PYC2C_FN,
 * PYC2C_IN_PART), compiled without it, the whole module as one unit.
 *
 * Every part sees the declarations (the prologue); part 0 defines the shared data
 * and holds the Python entries (one per signature shape, emit_shape_entry.c, but for
 * closures), the constants and the module's init; each function
 * body goes to one part, balanced by size (ops; the module body's chunks, compiled
 * without optimization, count a quarter). */
#include <stdlib.h>

#include "emit_internal.h"

enum {
    PART_WEIGHT = 6000,   /* ops of optimized code per part: a few seconds of cc */
    MAX_PARTS = 8,
    COLD_SHARE = 4,       /* module body, constants: compiled at -O0, a quarter of the cost */
    ENTRY_WEIGHT = 12,    /* a written-out Python entry and the data of one function, in part 0 */
    TABLE_ENTRY_WEIGHT = 1,   /* the data of a function with a table entry (its shape's entry is
                               * shared: cc1 spends 1/500 of a function on the data) */
};

static int func_weight(const IrFunc *f)
{
    int ops = ir_func_ops(f);
    return f->is_module_init && emit_chunks_wanted(f) ? ops / COLD_SHARE : ops;
}

static int lightest(const Emitter *E)
{
    int best = 0;
    for (int p = 1; p < E->nparts; p++) {
        if (E->part_load[p] < E->part_load[best]) {
            best = p;
        }
    }
    return best;
}

typedef struct Item {
    long weight;
    int func;
} Item;

static int heavier_first(const void *x, const void *y)
{
    const Item *a = x, *b = y;
    return a->weight != b->weight ? (a->weight < b->weight ? 1 : -1) : a->func - b->func;
}

void emit_parts_plan(Emitter *E)
{
    const IrModule *m = E->m;
    Arena *a = &E->ctx->arena;
    Item *items = arena_alloc(a, sizeof(Item) * (size_t)(m->funcs.len + 1));
    int nitems = 0;
    long fixed = m->pool.len / COLD_SHARE;
    for (int i = 0; i < m->funcs.len; i++) {
        fixed += emit_table_entry_fits(m->funcs.data[i]) ? TABLE_ENTRY_WEIGHT : ENTRY_WEIGHT;
    }
    long total = fixed;
    for (int i = 0; i < m->funcs.len; i++) {
        const IrFunc *f = m->funcs.data[i];
        long w = func_weight(f);
        total += w;
        if (!(f->is_module_init && emit_chunks_wanted(f))) {
            items[nitems++] = (Item){w, i};   /* a chunked body places its chunks itself */
        }
    }
    const char *forced = getenv("PYC2C_PARTS");   /* tests: small modules in several parts */
    long n = forced && atoi(forced) > 0 ? atoi(forced) : total / PART_WEIGHT;
    E->nparts = n < 1 ? 1 : n > MAX_PARTS ? MAX_PARTS : (int)n;
    E->part_load = arena_alloc(a, sizeof(long) * (size_t)E->nparts);
    E->part_of = arena_alloc(a, sizeof(int) * (size_t)(m->funcs.len + 1));
    E->part_load[0] = fixed;
    qsort(items, (size_t)nitems, sizeof(Item), heavier_first);
    for (int k = 0; k < nitems; k++) {   /* the biggest first, each to the lightest part */
        E->part_of[items[k].func] = emit_part_take(E, items[k].weight);
    }
}

int emit_part_take(Emitter *E, long weight)
{
    int p = lightest(E);
    E->part_load[p] += weight;
    return p;
}

void emit_part_begin(Emitter *E, int part)
{
    if (E->nparts > 1) {
        emit_line(E, 0, "#if PYC2C_IN_PART(%d)", part);
    }
}

void emit_part_end(Emitter *E)
{
    if (E->nparts > 1) {
        emit_line(E, 0, "#endif");
    }
}
