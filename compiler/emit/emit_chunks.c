/* emit_chunks.c - a long module body as a chain of C functions of bounded size.
 *
 * C compilers take time and memory superlinear in the size of one function: a
 * module body of 40,000 lines of C kept one cc1 busy for many minutes. The body
 * runs once, so it is cut into chunk functions of about CHUNK_OPS ops, each
 * marked PYC2C_RUN_ONCE (runtime/pyc2c.h: compiled lightly).
 *
 * A chunk may be entered only at a block where at most SPILL_MAX registers are live
 * (most often none: between statements the state they share is in the module). A
 * register live where another chunk is entered is a module static instead of a C
 * local of each chunk ("spilled": the list a display of 20,000 items fills is live
 * across the whole display, which would otherwise be one function), reset when the
 * body starts. Blocks joined by an edge that carries more live registers stay in
 * one chunk. A jump out of a chunk
 * returns the target block's id to the dispatcher, pyc2c_module_body, which calls
 * the chunk holding it; EMIT_CHUNK_DONE and EMIT_CHUNK_ERROR end the body.
 * The ops emitted are the same as in one function: tracebacks, line numbers and
 * the order of effects do not change. */
#include <stdlib.h>
#include <string.h>

#include "emit_internal.h"
#include "../pass/liveness.h"

enum {
    CHUNK_OPS = 400,   /* about 700 lines of C per chunk */
    SPILL_MAX = 2,     /* registers live where another chunk may be entered */
};

/* Ops per chunk: CHUNK_OPS, or $PYC2C_CHUNK_OPS (tests cut small bodies at every
 * possible point with it). */
static int chunk_ops(void)
{
    const char *env = getenv("PYC2C_CHUNK_OPS");
    int n = env ? atoi(env) : 0;
    return n > 0 ? n : CHUNK_OPS;
}

static const IrOp *terminator(const IrBlock *b)
{
    return b->ops.len > 0 ? b->ops.data[b->ops.len - 1] : NULL;
}

static bool any_reg(const IrFunc *f, IrReg r)
{
    (void)f;
    return r >= 0;
}

/* Per block: must it be in its predecessors' chunk (too many registers live on
 * entry)? Liveness of every register, in sparse sets: dense ones cost blocks x
 * registers bits. */
static bool *joined(Emitter *E, const IrFunc *f, const Liveness *lv)
{
    bool *join = arena_alloc(&E->ctx->arena, (size_t)f->blocks.len + 1);
    for (int b = 0; b < f->blocks.len; b++) {
        join[b] = pset_size(lv->in[b]) > SPILL_MAX;
    }
    return join;
}

static int find(int *parent, int x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* Joins each block with every successor entered with too many live registers. */
static int *components(Emitter *E, const IrFunc *f, const bool *live)
{
    int n = f->blocks.len;
    int *parent = arena_alloc(&E->ctx->arena, sizeof(int) * (size_t)n);
    for (int b = 0; b < n; b++) {
        parent[b] = b;
    }
    for (int b = 0; b < n; b++) {
        const IrOp *t = terminator(f->blocks.data[b]);
        for (int k = 0; t && k < 2; k++) {
            const IrBlock *s = k == 0 ? t->target : t->target2;
            if (s && live[s->id]) {
                int x = find(parent, b), y = find(parent, s->id);
                parent[x < y ? y : x] = x < y ? x : y;   /* the root is the smallest id */
            }
        }
    }
    for (int b = 0; b < n; b++) {
        parent[b] = find(parent, b);
    }
    return parent;
}

/* Chunk of each block: whole components, in the order the layout meets them (the
 * source order of the statements), about chunk_ops() ops each. Returns the number
 * of chunks. */
static int assign_chunks(Emitter *E, const IrFunc *f, const IrBlock **order, const Liveness *lv, int *chunk_of)
{
    int n = f->blocks.len;
    int *root = components(E, f, joined(E, f, lv));
    int *size = arena_alloc(&E->ctx->arena, sizeof(int) * (size_t)n);
    int *root_chunk = arena_alloc(&E->ctx->arena, sizeof(int) * (size_t)n);
    for (int b = 0; b < n; b++) {
        size[root[b]] += f->blocks.data[b]->ops.len;
        root_chunk[b] = -1;
    }
    int chunk = 0, filled = 0, limit = chunk_ops();
    for (int i = 0; i < n; i++) {
        int r = root[order[i]->id];
        if (root_chunk[r] < 0) {
            if (filled > 0 && filled + size[r] > limit) {
                chunk++;
                filled = 0;
            }
            root_chunk[r] = chunk;
            filled += size[r];
        }
    }
    for (int b = 0; b < n; b++) {
        chunk_of[b] = root_chunk[root[b]];
    }
    return chunk + 1;
}

bool emit_chunks_wanted(const IrFunc *f)
{
    if (!f->is_module_init) {
        return false;
    }
    int ops = 0;
    for (int b = 0; b < f->blocks.len; b++) {
        ops += f->blocks.data[b]->ops.len;
    }
    return ops > chunk_ops() * 3 / 2;
}

/* The blocks of each chunk, found once: chunk c's blocks by id are
 * by_id[start[c] .. start[c + 1]), in layout order in_layout[...] likewise. Walking
 * only a chunk's own blocks (and registers) keeps the emission linear in the body. */
typedef struct Chunks {
    int n;
    int *start, *by_id, *in_layout;
    int *stamp;          /* per register: 1 + the last chunk that declared it */
    int *named;          /* the registers the chunk at hand names, then sorted */
    bool *read;
    bool ticks;          /* the body checks for interrupts: each chunk has its countdown */
    bool calls_ts;       /* ... calls entries taking the thread state: each chunk fetches it */
    const bool *spilled; /* per register: a module static (spilled_regs) */
} Chunks;

static Chunks index_chunks(Emitter *E, const IrFunc *f, const IrBlock **order, int nchunks)
{
    Arena *a = &E->ctx->arena;
    int n = f->blocks.len;
    Chunks k = {nchunks, arena_alloc(a, sizeof(int) * (size_t)(nchunks + 1)), arena_alloc(a, sizeof(int) * (size_t)(n + 1)),
                arena_alloc(a, sizeof(int) * (size_t)(n + 1)), arena_alloc(a, sizeof(int) * (size_t)(f->regs.len + 1)),
                arena_alloc(a, sizeof(int) * (size_t)(f->regs.len + 1)), arena_alloc(a, (size_t)f->regs.len + 1),
                emit_has_interrupt_checks(f), emit_calls_ts_entries(E, f), NULL};
    int *fill = arena_alloc(a, sizeof(int) * (size_t)(nchunks + 1));
    for (int b = 0; b < n; b++) {
        k.start[E->chunk_of[b] + 1]++;
    }
    for (int c = 0; c < nchunks; c++) {
        k.start[c + 1] += k.start[c];
    }
    memcpy(fill, k.start, sizeof(int) * (size_t)nchunks);
    for (int b = 0; b < n; b++) {
        k.by_id[fill[E->chunk_of[b]]++] = b;
    }
    memcpy(fill, k.start, sizeof(int) * (size_t)nchunks);
    for (int i = 0; i < n; i++) {
        k.in_layout[fill[E->chunk_of[order[i]->id]]++] = order[i]->id;
    }
    return k;
}

static int cmp_int(const void *x, const void *y)
{
    return *(const int *)x - *(const int *)y;
}

/* Registers an op of chunk c names (declared; ascending in k->named) and reads (others
 * get "(void)"). Returns how many it names. */
static int chunk_regs(const IrFunc *f, Chunks *k, int c)
{
    int count = 0;
    for (int j = k->start[c]; j < k->start[c + 1]; j++) {
        const IrBlock *blk = f->blocks.data[k->by_id[j]];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            int nregs = (op->dst >= 0) + op->nouts + op->nargs;
            for (int q = 0; q < nregs; q++) {
                IrReg r = q == 0 && op->dst >= 0 ? op->dst : q < (op->dst >= 0) + op->nouts
                          ? op->outs[q - (op->dst >= 0)] : op->args[q - (op->dst >= 0) - op->nouts];
                bool reads = q >= (op->dst >= 0) + op->nouts;
                if (r < 0 || (reads && op->kind == IR_RETURN)) {
                    continue;
                }
                if (k->stamp[r] != c + 1) {
                    k->stamp[r] = c + 1;
                    k->read[r] = false;
                    k->named[count++] = r;
                }
                k->read[r] |= reads;
            }
        }
    }
    qsort(k->named, (size_t)count, sizeof(int), cmp_int);
    return count;
}

/* Returns how many registers the chunk names (k->named). */
static int emit_chunk_locals(Emitter *E, const IrFunc *f, Chunks *k, int c)
{
    int count = chunk_regs(f, k, c);
    if (k->ticks) {
        emit_line(E, 1, "int pyc2c_tick = pyc2c_tick_budget;   /* loop back-edges count down */");
        emit_line(E, 1, "(void)pyc2c_tick;");
    }
    if (k->calls_ts) {
        emit_line(E, 1, "PyThreadState *pyc2c_ts = PYC2C_TSTATE();   /* for the direct calls */");
        emit_line(E, 1, "(void)pyc2c_ts;");
        E->has_ts = true;
    }
    for (int i = 0; i < count; i++) {
        int r = k->named[i];
        if (k->spilled[r]) {
            emit_line(E, 0, "#define r%d pyc2c_body_r%d", r, r);
            continue;
        }
        sb_puts(E->out, "    ");
        emit_decl(E->out, f->regs.data[r].rt, arena_printf(&E->ctx->arena, "r%d", r));
        sb_printf(E->out, " = %s;\n", rtype_zero_values[f->regs.data[r].rt]);
    }
    for (int i = 0; i < count; i++) {
        if (!k->read[k->named[i]] && !k->spilled[k->named[i]]) {
            emit_line(E, 1, "(void)r%d;", k->named[i]);
        }
    }
    return count;
}

/* Per register: live where another chunk is entered, so a module static. */
static bool *spilled_regs(Emitter *E, const IrFunc *f, const Liveness *lv)
{
    bool *spilled = arena_alloc(&E->ctx->arena, (size_t)f->regs.len + 1);
    IrReg *live = arena_alloc(&E->ctx->arena, sizeof(IrReg) * (size_t)(f->regs.len + 1));
    for (int b = 0; b < f->blocks.len; b++) {
        const IrOp *t = terminator(f->blocks.data[b]);
        for (int k = 0; t && k < 2; k++) {
            const IrBlock *s = k == 0 ? t->target : t->target2;
            int n = s && E->chunk_of[s->id] != E->chunk_of[b] ? pset_members(lv->in[s->id], live) : 0;
            for (int i = 0; i < n; i++) {
                spilled[live[i]] = true;
            }
        }
    }
    return spilled;
}

/* The spilled registers' statics, declared for every part; a chunk names them r<N>
 * as its locals (emit_chunk_locals' #define). */
static void emit_spill_statics(Emitter *E, const IrFunc *f, const bool *spilled)
{
    for (int r = 0; r < f->regs.len; r++) {
        if (spilled[r]) {
            sb_puts(E->out, "PYC2C_VAR ");
            emit_decl(E->out, f->regs.data[r].rt, arena_printf(&E->ctx->arena, "pyc2c_body_r%d", r));
            sb_puts(E->out, ";\n");
        }
    }
}

/* Is block b of chunk c entered from another chunk (or the function's entry)? */
static bool *entries(Emitter *E, const IrFunc *f)
{
    bool *entry = arena_alloc(&E->ctx->arena, (size_t)f->blocks.len + 1);
    entry[0] = true;
    for (int b = 0; b < f->blocks.len; b++) {
        const IrOp *t = terminator(f->blocks.data[b]);
        for (int k = 0; t && k < 2; k++) {
            const IrBlock *s = k == 0 ? t->target : t->target2;
            if (s && E->chunk_of[s->id] != E->chunk_of[b]) {
                entry[s->id] = true;
            }
        }
    }
    return entry;
}

static int chunk_ops_count(const IrFunc *f, const Chunks *k, int c)
{
    int ops = 0;
    for (int j = k->start[c]; j < k->start[c + 1]; j++) {
        ops += f->blocks.data[k->by_id[j]]->ops.len;
    }
    return ops;
}

static void emit_chunk(Emitter *E, const IrFunc *f, Chunks *k, int c, const bool *entry)
{
    sb_printf(E->out, "\nPYC2C_RUN_ONCE PYC2C_FN int pyc2c_module_body_%d(int pyc2c_entry)\n{\n", c);
    int named = emit_chunk_locals(E, f, k, c);
    emit_line(E, 1, "switch (pyc2c_entry) {");
    for (int j = k->start[c]; j < k->start[c + 1]; j++) {
        if (entry[k->by_id[j]]) {
            emit_line(E, 1, "case %d: goto L%d;", k->by_id[j], k->by_id[j]);
        }
    }
    emit_line(E, 1, "default: break;");
    emit_line(E, 1, "}");
    emit_line(E, 1, "return %d;", EMIT_CHUNK_ERROR);   /* not an entry of this chunk: unreachable */
    for (int j = k->start[c]; j < k->start[c + 1]; j++) {
        const IrBlock *next = j + 1 < k->start[c + 1] ? f->blocks.data[k->in_layout[j + 1]] : NULL;
        emit_block(E, f->blocks.data[k->in_layout[j]], next);
    }
    sb_puts(E->out, "}\n");
    for (int j = 0; j < named; j++) {
        if (k->spilled[k->named[j]]) {
            emit_line(E, 0, "#undef r%d", k->named[j]);
        }
    }
    E->has_ts = false;
}

/* pyc2c_module_body: calls the chunk holding the next block until the body ends. */
static void emit_dispatcher(Emitter *E, const IrFunc *f, const Chunks *k, const bool *entry)
{
    sb_printf(E->out, "\n/* module body, line %d: %d chunks */\n", f->line, k->n);
    emit_native_signature(E, f);
    sb_puts(E->out, "\n{\n");
    emit_line(E, 1, "int next = 0;");
    for (int r = 0; r < f->regs.len; r++) {   /* a body run again starts with empty slots */
        if (k->spilled[r]) {
            emit_line(E, 1, "pyc2c_body_r%d = %s;", r, rtype_zero_values[f->regs.data[r].rt]);
        }
    }
    emit_line(E, 1, "while (next >= 0) {");
    emit_line(E, 2, "switch (next) {");
    for (int c = 0; c < k->n; c++) {
        for (int j = k->start[c]; j < k->start[c + 1]; j++) {
            if (entry[k->by_id[j]]) {
                emit_line(E, 2, "case %d:", k->by_id[j]);
            }
        }
        emit_line(E, 3, "next = pyc2c_module_body_%d(next);", c);
        emit_line(E, 3, "break;");
    }
    emit_line(E, 2, "default:");
    emit_line(E, 3, "next = %d;", EMIT_CHUNK_ERROR);
    emit_line(E, 2, "}");
    emit_line(E, 1, "}");
    emit_line(E, 1, "return next == %d ? 0 : 2;", EMIT_CHUNK_DONE);
    sb_puts(E->out, "}\n");
}

void emit_chunked_body(Emitter *E, const IrFunc *f)
{
    E->f = f;
    E->chunk_of = arena_alloc(&E->ctx->arena, sizeof(int) * (size_t)(f->blocks.len + 1));
    const IrBlock **order = emit_layout_blocks(E, f);
    PSetStore sets;
    pset_store_init(&sets, &E->ctx->arena);
    Liveness lv = pass_liveness(&sets, f, any_reg, NULL);
    int nchunks = assign_chunks(E, f, order, &lv, E->chunk_of);
    const bool *entry = entries(E, f);
    Chunks k = index_chunks(E, f, order, nchunks);
    k.spilled = spilled_regs(E, f, &lv);
    emit_spill_statics(E, f, k.spilled);
    emit_linemap_begin_func(E, f);
    for (int c = 0; c < nchunks; c++) {   /* the chunks are called from another part */
        emit_line(E, 0, "PYC2C_RUN_ONCE PYC2C_FN int pyc2c_module_body_%d(int pyc2c_entry);", c);
    }
    int last = 0;
    for (int c = 0; c < nchunks; c++) {
        E->chunk = c;
        last = emit_part_take(E, chunk_ops_count(f, &k, c) / 4);
        emit_part_begin(E, last);
        emit_chunk(E, f, &k, c, entry);
        emit_part_end(E);
    }
    emit_part_begin(E, last);
    emit_dispatcher(E, f, &k, entry);
    emit_part_end(E);
    E->chunk_of = NULL;
    E->f = NULL;
}
