/* floatrows.c - the float rows of a list of lists held as doubles for a loop (issue 17,
 * nbody):
 *
 *     for _ in range(steps):
 *         for i in range(nb):
 *             a = bodies[i]
 *             for j in range(i + 1, nb):
 *                 b = bodies[j]
 *                 dx = a[0] - b[0] ... a[3] -= dx * bm ... b[5] += dz * am
 *
 * A loop (outermost first) with a loop inside it whose only object work is taking rows
 * of one list P it never writes (`a = bodies[i]`, `for b in bodies`: list_get,
 * list_item_at, cast_list, then a move into a row register) and reading and writing
 * their float items at constant indices gets a copy in which those items are doubles in
 * a buffer (runtime/frows.c): the preheader loads every row of P (`frows_load`: exact
 * lists of at least w items, no row twice, each read item an exact float or int, each
 * written item an exact float only its row holds, so that writing it back in place can
 * neither be seen nor fail), keeps a reference to each row, finds the row each row
 * register holds (`frows_find`: NULL, or a row of P) and enters the copy when all fit,
 * else the loop as it was. In the copy a row read only sets the row register's pointer
 * (`frows_at`, `frows_at_idx` for an index ranges.c proved non-negative, `frows_row`;
 * the register itself is not written), an item read is a load
 * (`frows_get`) and a store a store (`frows_set`). Everything else in the loop is quiet:
 * consts, moves and jumps, arithmetic on unboxed values, len(P), interrupt checks. So
 * nothing but the copy can see the lists while it runs, except at:
 * - its interrupt checks: where the countdown runs out (`frows_check`) the values go back
 *   into the lists before handlers and other threads run, and are loaded again after;
 *   the copy goes on only when P still holds the same rows and their items fit
 *   (`frows_ok`), else the original loop goes on after its own check;
 * - its exits: each row register gets its row (`frows_obj`), then the values go back
 *   and the buffer is freed (`frows_release`);
 * - its exceptions (a division by zero, KeyboardInterrupt): the copy's blocks unwind to a
 *   block that writes back, then leaves the function.
 * The original loop, where its own check's slow path ran, loads again and enters the copy
 * when the rows fit (its stores leave floats only their rows hold).
 * Assumes: after ranges (the *_idx forms with constant indices), floatload and
 * floatstore; before constidx and floatout (which know nothing of the buffer) and errors.
 * Guarantees: the lists hold what the original loop's would at every point where Python
 * code can run; the same values (NaN, -0.0, ints read as typed reads read them), the
 * same exceptions at the same ops. An exception's handlers write back first
 * (IrBlock.writes_back), before the traceback entry whose frame and traceback objects
 * may start a garbage collection (before 3.12) whose finalizers see the lists. Accepted
 * limit: before 3.12 an exception raised in the copy while another is handled is made
 * at once (to chain its context), and a collection that starts there sees the lists as
 * of the last write-back (the write-back then leaves every item such a finalizer
 * replaced as it made it). */
#include <stdlib.h>
#include <string.h>
#include "pass.h"

enum { MAX_BLOCKS = 96, MAX_ROWS = 16, MAX_W = 62 };

#define FR_PRIM(id, res, n, a0, a1, a2, a3, tmpl, fail) \
    static const Prim id = {.name = #id, .result = RT_##res, .nargs = n, \
                            .args = {RT_##a0, RT_##a1, RT_##a2, RT_##a3}, .c_template = tmpl, .can_fail = fail}
FR_PRIM(frows_load, I64, 4, OBJ, I64, I64, I64, "Pyc2cFrows_Load($0, $1, $2, $3)", false);
FR_PRIM(frows_find, I64, 2, I64, OBJ, VOID, VOID, "Pyc2cFrows_Find($0, $1)", false);
FR_PRIM(frows_ok, BOOL, 1, I64, VOID, VOID, VOID, "($0 != 0 && PYC2C_FROWS($0)->held)", false);
FR_PRIM(frows_put, VOID, 1, I64, VOID, VOID, VOID, "Pyc2cFrows_PutBack($0)", false);
FR_PRIM(frows_release, VOID, 1, I64, VOID, VOID, VOID, "Pyc2cFrows_Release($0)", false);
FR_PRIM(frows_data, I64, 1, I64, VOID, VOID, VOID, "((int64_t)(intptr_t)PYC2C_FROWS($0)->data)", false);
FR_PRIM(frows_n, I64, 1, I64, VOID, VOID, VOID, "((int64_t)PYC2C_FROWS($0)->n)", false);
FR_PRIM(frows_row, I64, 3, I64, I64, I64, VOID, "($0 + $1 * $2 * (int64_t)sizeof(double))", false);
static const Prim frows_at = {.name = "frows_at", .result = RT_NONE, .nargs = 4, .args = {RT_I64, RT_I64, RT_INT, RT_I64},
                              .out = RT_I64, .c_template = "Pyc2cFrows_AtO($0, $1, $2, $3, &$o)", .can_fail = true};
/* an index ranges.c proved in [0, 2**62) (list_get_idx) */
static const Prim frows_at_idx = {.name = "frows_at_idx", .result = RT_NONE, .nargs = 4,
                                  .args = {RT_I64, RT_I64, RT_INT, RT_I64}, .out = RT_I64,
                                  .c_template = "Pyc2cFrows_AtIdxO($0, $1, $2, $3, &$o)", .can_fail = true};
FR_PRIM(frows_obj, OBJ, 3, I64, I64, OBJ, VOID, "Pyc2cFrows_Obj($0, $1, $2)", false);
FR_PRIM(frows_get, FLOAT, 2, I64, INT, VOID, VOID, "Pyc2cFrows_Get($0, Pyc2cInt_ShortValue($1))", false);
FR_PRIM(frows_set, VOID, 3, I64, INT, FLOAT, VOID, "Pyc2cFrows_Set($0, Pyc2cInt_ShortValue($1), $2)", false);
FR_PRIM(frows_check, NONE, 1, I64, VOID, VOID, VOID, "Pyc2cFrows_CheckN($0, &pyc2c_tick, 1, &pyc2c_module_dict)", true);
FR_PRIM(frows_check_strip, NONE, 2, I64, I64, VOID, VOID, "Pyc2cFrows_CheckN($0, &pyc2c_tick, $1, &pyc2c_module_dict)",
        true);
FR_PRIM(frows_ran, BOOL, 1, NONE, VOID, VOID, VOID, "PYC2C_UNLIKELY($0 != 0)", false);

typedef struct Rows {
    Ctx *ctx;
    IrFunc *f;
    const PassLoop *l;
    PassWriters wr;
    IrReg list;                 /* P */
    IrReg rows[MAX_ROWS];       /* the row registers */
    bool temp[MAX_ROWS];        /* a temporary read only by the item ops after its chain
                                 * (`rows[j][1]`): nothing to find or give back */
    IrReg ptr[MAX_ROWS];        /* their row pointers in the copy */
    int *defs, *uses;           /* per register: its writers and readers */
    int nrows;
    uint64_t cols, wcols;
    int w;
    int accesses;
    IrReg fr;
    IrReg data, n, wreg;        /* the buffer's data, rows and width in the copy */
    IrBlock **map;              /* original id -> its copy */
    IrBlock **exits;            /* original id (outside) -> the block releasing before it */
    IrBlock *unwind;            /* the copy's: write back, then leave */
    VEC(IrOp *) deopts;         /* per interrupt check of the copy: the goto to the original */
    VEC(IrBlock *) conts;       /* the copy after each of them */
    VEC(IrBlock *) check_blks;
    VEC(int) check_at;
} Rows;

static bool is_object(const IrFunc *f, IrReg r)
{
    return r >= 0 && !pass_reg_unboxed(f, r);
}

static int row_index(const Rows *s, IrReg r)
{
    for (int k = 0; k < s->nrows; k++) {
        if (s->rows[k] == r) {
            return k;
        }
    }
    return -1;
}

/* The constant index (0 .. MAX_W - 1) one IR_CONST writes into r, else -1. */
static int const_col(const Rows *s, IrReg r)
{
    const char *t = pass_sole_digits(s->f, &s->wr, r);
    if (!t || strlen(t) > 2) {
        return -1;
    }
    int v = atoi(t);
    return v < MAX_W ? v : -1;
}

static bool is_chain_head(const Rows *s, const IrOp *op)
{
    return (pass_prim_is(op, "list_get") || pass_prim_is(op, "list_get_idx") || pass_prim_is(op, "list_item_at")) &&
           op->args[0] == s->list;
}

static bool is_item_op(const IrOp *op)
{
    return op->kind == IR_PRIM && (pass_prim_is(op, "list_get_float_idx") || pass_prim_is(op, "list_set_float_idx"));
}

static int reads(const IrOp *op, IrReg r)
{
    int n = 0;
    for (int k = 0; k < op->nargs; k++) {
        n += op->args[k] == r;
    }
    return n;
}

/* A row read not named (`s += rows[j][1]`, `rows[j][0] += d`): the cast's result t is a
 * temporary written once, read only as the row of item ops later in blk, before any
 * interrupt check (where the copy may give the rows back and the original loop go on). */
static bool temp_row(const Rows *s, const IrBlock *blk, int cast, IrReg t)
{
    if (!pass_single_def_temp(s->f, s->defs, t)) {
        return false;
    }
    int seen = 0;
    for (int k = cast + 1; k < blk->ops.len && !pass_is_interrupt_check(blk->ops.data[k]); k++) {
        const IrOp *op = blk->ops.data[k];
        int n = reads(op, t);
        if (n && (!is_item_op(op) || op->args[0] != t || n > 1)) {
            return false;
        }
        seen += n;
    }
    return seen > 0 && seen == s->uses[t];
}

/* In blk from j: list_get P -> X, cast_list X -> T, R = move T (other ops between), or
 * T a temporary only item ops read (temp_row). Returns R's (T's) index, adding it, or
 * -1. *cast, *move: the ops' positions (*move -1 for T). */
static int chain_at(Rows *s, const IrBlock *blk, int j, int *cast, int *move)
{
    IrReg x = blk->ops.data[j]->dst, t = -1;
    *cast = *move = -1;
    for (int k = j + 1; k < blk->ops.len; k++) {
        const IrOp *op = blk->ops.data[k];
        if (*cast < 0 && op->kind == IR_PRIM && pass_prim_is(op, "cast_list") && op->args[0] == x) {
            *cast = k;
            t = op->dst;
        } else if (*cast >= 0 && op->kind == IR_MOVE && op->args[0] == t) {
            *move = k;
            break;
        } else if (pass_op_writes(op, x) || (t >= 0 && pass_op_writes(op, t))) {
            return -1;
        }
    }
    bool temp = *move < 0 && *cast >= 0 && temp_row(s, blk, *cast, t);
    if (*move < 0 && !temp) {
        return -1;
    }
    IrReg r = temp ? t : blk->ops.data[*move]->dst;
    if (r < s->f->params.len || !is_object(s->f, r) || r == s->list) {
        return -1;
    }
    int i = row_index(s, r);
    if (i < 0 && s->nrows < MAX_ROWS) {
        i = s->nrows++;
        s->rows[i] = r;
        s->temp[i] = temp;
    }
    return i;
}

static bool arith(const IrFunc *f, const IrOp *op)
{
    static const char *const ok[] = {"int_", "float_", "bool_", "i64_", "i32_", "range_", "math_", "strip_", NULL};
    if (is_object(f, op->dst)) {
        return false;
    }
    for (int k = 0; k < op->nouts; k++) {
        if (is_object(f, op->outs[k])) {
            return false;
        }
    }
    return pass_operands_unboxed(f, op) && pass_prim_prefixed(op, ok);
}

/* Is op, not part of a row chain, one the copy may run? Item ops note their indices. */
static bool quiet(Rows *s, const IrOp *op)
{
    switch (op->kind) {
    case IR_CONST:
        return !is_object(s->f, op->dst);
    case IR_MOVE:
        return !is_object(s->f, op->dst);
    case IR_GOTO:
    case IR_BRANCH:
        return true;
    case IR_PRIM:
        break;
    default:
        return false;
    }
    bool get = pass_prim_is(op, "list_get_float_idx"), set = pass_prim_is(op, "list_set_float_idx");
    if (get || set) {
        int col = const_col(s, op->args[1]);
        if (row_index(s, op->args[0]) < 0 || col < 0 || (set && is_object(s->f, op->args[2]))) {
            return false;
        }
        s->cols |= (uint64_t)1 << col;
        s->wcols |= set ? (uint64_t)1 << col : 0;
        s->w = col + 1 > s->w ? col + 1 : s->w;
        s->accesses++;
        return true;
    }
    if (pass_prim_is(op, "list_len")) {
        return op->args[0] == s->list;   /* a row register is not written in the copy */
    }
    if (pass_prim_is(op, "obj_last_use")) {
        return op->args[0] == s->list || row_index(s, op->args[0]) >= 0;
    }
    return pass_is_interrupt_check(op) || arith(s->f, op);
}

/* Rows first (every chain's move), then every op. */
static bool loop_fits(Rows *s)
{
    const IrFunc *f = s->f;
    const PassLoop *l = s->l;
    if (l->blocks.len > MAX_BLOCKS || pass_loop_writes(f, l, s->list)) {
        return false;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int at = 0; at < l->blocks.len; at++) {
            const IrBlock *blk = f->blocks.data[l->blocks.data[at]];
            if (blk->unwind || pass_loop_handler(l, blk->id)) {
                return false;
            }
            for (int j = 0; j < blk->ops.len; j++) {
                const IrOp *op = blk->ops.data[j];
                int cast, move;
                if (op->kind == IR_PRIM && is_chain_head(s, op)) {
                    if (chain_at(s, blk, j, &cast, &move) < 0) {
                        return false;
                    }
                } else if (pass == 1 && !quiet(s, op) && !(op->kind == IR_PRIM && pass_prim_is(op, "cast_list")) &&
                           !(op->kind == IR_MOVE && row_index(s, op->dst) >= 0)) {
                    return false;
                }
            }
        }
    }
    return s->accesses > 0;
}

/* Every cast_list and row move must be part of a chain, every row written only by
 * chains: checked by walking the chains again and counting. */
static bool chains_cover(Rows *s)
{
    const IrFunc *f = s->f;
    int casts = 0, moves = 0, chained = 0, named = 0;
    for (int at = 0; at < s->l->blocks.len; at++) {
        const IrBlock *blk = f->blocks.data[s->l->blocks.data[at]];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            int cast, move;
            casts += op->kind == IR_PRIM && pass_prim_is(op, "cast_list");
            for (int k = 0; k < s->nrows; k++) {
                moves += !s->temp[k] && pass_op_writes(op, s->rows[k]);
            }
            int row = op->kind == IR_PRIM && is_chain_head(s, op) ? chain_at(s, blk, j, &cast, &move) : -1;
            chained += row >= 0;
            named += row >= 0 && !s->temp[row];
        }
    }
    return casts == chained && moves == named;
}

/* ---- the copy ---- */

static IrReg add_prim4(Rows *s, IrBlock *b, const Prim *p, IrReg dst, const IrReg *a, int line)
{
    if (dst < 0 && p->result != RT_VOID) {
        dst = ir_new_reg(s->ctx, s->f, p->result, NULL);
    }
    IrOp *op = ir_new_op(s->ctx, IR_PRIM, line, dst, p->nargs);
    op->u.prim = p;
    memcpy(op->args, a, sizeof(IrReg) * (size_t)p->nargs);
    vec_push(&s->ctx->arena, &b->ops, op);
    return dst;
}

static IrReg add_prim(Rows *s, IrBlock *b, const Prim *p, IrReg dst, IrReg a0, IrReg a1, IrReg a2, int line)
{
    if (dst < 0 && p->result != RT_VOID) {
        dst = ir_new_reg(s->ctx, s->f, p->result, NULL);
    }
    IrOp *op = ir_new_op(s->ctx, IR_PRIM, line, dst, p->nargs);
    op->u.prim = p;
    IrReg a[3] = {a0, a1, a2};
    for (int k = 0; k < p->nargs && k < 3; k++) {
        op->args[k] = a[k];
    }
    vec_push(&s->ctx->arena, &b->ops, op);
    return dst;
}

static IrReg add_i64_const(Rows *s, IrBlock *b, uint64_t v, int line)
{
    IrOp *op = ir_new_op(s->ctx, IR_CONST, line, ir_new_reg(s->ctx, s->f, RT_I64, NULL), 0);
    op->u.konst = ARENA_NEW(&s->ctx->arena, IrConst);
    op->u.konst->kind = IRC_INT;
    op->u.konst->text = arena_printf(&s->ctx->arena, "%llu", (unsigned long long)v);
    op->u.konst->pool_index = -1;
    vec_push(&s->ctx->arena, &b->ops, op);
    return op->dst;
}

static void add_move(Rows *s, IrBlock *b, IrReg dst, IrReg src, int line)
{
    IrOp *mv = ir_new_op(s->ctx, IR_MOVE, line, dst, 1);
    mv->args[0] = src;
    vec_push(&s->ctx->arena, &b->ops, mv);
}

/* Where the copy leaves: each row register gets the row its pointer is of (the copy
 * does not write them), then the rows go back into their lists. */
static void add_leave(Rows *s, IrBlock *b, int line)
{
    for (int k = 0; k < s->nrows; k++) {
        if (s->temp[k]) {
            continue;   /* dead: read only before the next check */
        }
        IrReg t = add_prim(s, b, &frows_obj, -1, s->fr, s->ptr[k], s->rows[k], line);
        add_move(s, b, s->rows[k], t, line);
    }
    add_prim(s, b, &frows_release, -1, s->fr, -1, -1, line);
}

static IrBlock *copy_target(Rows *s, IrBlock *t, int line)
{
    if (!t) {
        return NULL;
    }
    if (pass_in_loop(s->l, t->id)) {
        return s->map[t->id];
    }
    if (!s->exits[t->id]) {
        IrBlock *e = ir_new_block(s->ctx, s->f);
        add_leave(s, e, line);
        pass_add_jump(s->ctx, e, -1, t, NULL, line);
        s->exits[t->id] = e;
    }
    return s->exits[t->id];
}

static IrBlock *new_copy_block(Rows *s)
{
    IrBlock *b = ir_new_block(s->ctx, s->f);
    b->unwind = s->unwind;
    b->loop_copy = true;
    return b;
}

/* The copy's check: where handlers ran, on only while the list still holds the same
 * rows and their items fit (frows_ok); else leave for the original loop after its own
 * check. */
static IrBlock *copy_check(Rows *s, IrBlock *at, const IrOp *op, IrBlock *ob, int j)
{
    bool strip = op->nargs == 1;
    IrReg r = add_prim(s, at, strip ? &frows_check_strip : &frows_check, op->dst, s->fr, strip ? op->args[0] : -1, -1,
                       op->line);
    IrReg ran = add_prim(s, at, &frows_ran, -1, r, -1, -1, op->line);
    IrBlock *cont = new_copy_block(s), *recheck = new_copy_block(s), *back = ir_new_block(s->ctx, s->f);
    pass_add_jump(s->ctx, at, ran, recheck, cont, op->line);
    IrReg ok = add_prim(s, recheck, &frows_ok, -1, s->fr, -1, -1, op->line);
    pass_add_jump(s->ctx, recheck, ok, cont, back, op->line);
    add_leave(s, back, op->line);
    vec_push(&s->ctx->arena, &s->deopts, pass_add_jump(s->ctx, back, -1, NULL, NULL, op->line));
    vec_push(&s->ctx->arena, &s->conts, cont);
    vec_push(&s->ctx->arena, &s->check_blks, ob);
    vec_push(&s->ctx->arena, &s->check_at, j + 1);
    return cont;
}

/* An op of the copy: item ops on the buffer; a row chain only sets the row pointer. */
static IrBlock *copy_op(Rows *s, IrBlock *at, IrBlock *ob, int j, IrReg *chain_ptr, int *chain_cast, int *chain_move)
{
    const IrOp *op = ob->ops.data[j];
    int line = op->line;
    if (op->kind == IR_PRIM && pass_prim_is(op, "list_get_float_idx")) {
        add_prim(s, at, &frows_get, op->dst, s->ptr[row_index(s, op->args[0])], op->args[1], -1, line);
        return at;
    }
    if (op->kind == IR_PRIM && pass_prim_is(op, "list_set_float_idx")) {
        add_prim(s, at, &frows_set, -1, s->ptr[row_index(s, op->args[0])], op->args[1], op->args[2], line);
        return at;
    }
    if (op->kind == IR_PRIM && pass_is_interrupt_check(op)) {
        return copy_check(s, at, op, ob, j);
    }
    if (op->kind == IR_PRIM && pass_prim_is(op, "list_len") && op->args[0] == s->list) {
        add_move(s, at, op->dst, s->n, line);   /* the list keeps its length in the copy */
        return at;
    }
    int cast, move;
    int row = op->kind == IR_PRIM && is_chain_head(s, op) ? chain_at(s, ob, j, &cast, &move) : -1;
    if (row >= 0) {
        if (pass_prim_is(op, "list_item_at")) {   /* below the list's length */
            *chain_ptr = add_prim(s, at, &frows_row, -1, s->data, op->args[1], s->wreg, line);
        } else {
            IrReg a[4] = {s->data, s->n, op->args[1], s->wreg};
            add_prim4(s, at, pass_prim_is(op, "list_get_idx") ? &frows_at_idx : &frows_at, -1, a, line);
            IrOp *get = at->ops.data[at->ops.len - 1];
            *chain_ptr = ir_new_reg(s->ctx, s->f, RT_I64, NULL);
            get->outs = arena_alloc(&s->ctx->arena, sizeof(IrReg));
            get->outs[0] = *chain_ptr;
            get->nouts = 1;
        }
        if (s->temp[row]) {
            add_move(s, at, s->ptr[row], *chain_ptr, line);
        }
        *chain_cast = cast;
        *chain_move = move;
        return at;
    }
    if (j == *chain_cast) {
        return at;   /* the rows are exact lists */
    }
    if (j == *chain_move) {
        add_move(s, at, s->ptr[row_index(s, op->dst)], *chain_ptr, line);
        return at;
    }
    IrOp *n = ir_copy_op(s->ctx, op);
    n->target = copy_target(s, op->target, line);
    n->target2 = copy_target(s, op->target2, line);
    vec_push(&s->ctx->arena, &at->ops, n);
    return at;
}

static void copy_block(Rows *s, IrBlock *ob)
{
    IrBlock *at = s->map[ob->id];
    IrReg chain_ptr = -1;
    int chain_cast = -1, chain_move = -1;
    for (int j = 0; j < ob->ops.len; j++) {
        at = copy_op(s, at, ob, j, &chain_ptr, &chain_cast, &chain_move);
    }
    at->strip_edge = ob->strip_edge;
}

/* Appends to b: load the rows, find each row register's, then on to yes when all fit,
 * else (freeing what it made) to no. */
static void add_entry(Rows *s, IrBlock *b, IrBlock *yes, IrBlock *no, int line)
{
    IrBlock *slow = ir_new_block(s->ctx, s->f);
    IrReg w = add_i64_const(s, b, (uint64_t)s->w, line);
    add_move(s, b, s->wreg, w, line);
    IrReg cols = add_i64_const(s, b, s->cols, line);
    IrReg wcols = add_i64_const(s, b, s->wcols, line);
    IrOp *load = ir_new_op(s->ctx, IR_PRIM, line, s->fr, 4);
    load->u.prim = &frows_load;
    IrReg a[4] = {s->list, w, cols, wcols};
    memcpy(load->args, a, sizeof a);
    vec_push(&s->ctx->arena, &b->ops, load);
    for (int k = 0; k < s->nrows; k++) {
        if (!s->temp[k]) {
            add_prim(s, b, &frows_find, s->ptr[k], s->fr, s->rows[k], -1, line);
        }
    }
    IrReg ok = add_prim(s, b, &frows_ok, -1, s->fr, -1, -1, line);
    IrBlock *into = ir_new_block(s->ctx, s->f);
    pass_add_jump(s->ctx, b, ok, into, slow, line);
    add_prim(s, into, &frows_data, s->data, s->fr, -1, -1, line);
    add_prim(s, into, &frows_n, s->n, s->fr, -1, -1, line);
    pass_add_jump(s->ctx, into, -1, yes, NULL, line);
    add_prim(s, slow, &frows_release, -1, s->fr, -1, -1, line);
    pass_add_jump(s->ctx, slow, -1, no, NULL, line);
}

/* The preheader enters the copy, or the loop as it was. */
static void enter(Rows *s, IrBlock *pre, IrBlock *copy_head)
{
    int line = pre->ops.data[pre->ops.len - 1]->line;
    pre->ops.len--;
    add_entry(s, pre, copy_head, s->l->head, line);
}

/* The original loop after its check at j of blk (it may have been left from the copy
 * there, or the rows did not fit at entry): where the check's slow path ran, the copy
 * is entered again if the rows fit now (the original loop's stores leave floats only
 * their rows hold). cont: the copy after its own check. */
static void reenter_at(Rows *s, IrBlock *blk, int j, IrBlock *cont, IrOp *back)
{
    IrOp *check = blk->ops.data[j];
    IrBlock *rest = pass_split_at(s->ctx, s->f, blk, j + 1);
    back->target = rest;
    blk->ops.len--;   /* the goto to rest */
    IrBlock *again = ir_new_block(s->ctx, s->f);
    IrReg ran = add_prim(s, blk, &frows_ran, -1, check->dst, -1, -1, check->line);
    pass_add_jump(s->ctx, blk, ran, again, rest, check->line);
    add_entry(s, again, cont, rest, check->line);
}

static void rewrite(Rows *s, IrBlock *pre)
{
    Ctx *ctx = s->ctx;
    IrFunc *f = s->f;
    int n = f->blocks.len, line = s->l->head->ops.data[0]->line;
    s->fr = ir_new_reg(ctx, f, RT_I64, NULL);
    s->data = ir_new_reg(ctx, f, RT_I64, NULL);
    s->n = ir_new_reg(ctx, f, RT_I64, NULL);
    s->wreg = ir_new_reg(ctx, f, RT_I64, NULL);
    for (int k = 0; k < s->nrows; k++) {
        s->ptr[k] = ir_new_reg(ctx, f, RT_I64, NULL);
    }
    s->unwind = ir_new_block(ctx, f);
    s->unwind->writes_back = true;   /* before the traceback entry: the lists as of the raise */
    add_prim(s, s->unwind, &frows_put, -1, s->fr, -1, -1, line);
    add_prim(s, s->unwind, &frows_release, -1, s->fr, -1, -1, line);
    vec_push(&ctx->arena, &s->unwind->ops, ir_new_op(ctx, IR_RETURN_ERROR, line, -1, 0));
    s->map = arena_alloc(&ctx->arena, sizeof(IrBlock *) * (size_t)(n + 1));
    s->exits = arena_alloc(&ctx->arena, sizeof(IrBlock *) * (size_t)(n + 1));
    memset(s->exits, 0, sizeof(IrBlock *) * (size_t)(n + 1));
    const PassLoop *l = s->l;
    for (int at = 0; at < l->blocks.len; at++) {
        s->map[l->blocks.data[at]] = new_copy_block(s);
    }
    for (int at = 0; at < l->blocks.len; at++) {
        copy_block(s, f->blocks.data[l->blocks.data[at]]);
    }
    /* later checks of a block first, so that earlier positions stay valid */
    for (int i = s->deopts.len - 1; i >= 0; i--) {
        reenter_at(s, s->check_blks.data[i], s->check_at.data[i] - 1, s->conts.data[i], s->deopts.data[i]);
    }
    enter(s, pre, s->map[l->head->id]);
}

static bool has_inner_loop(const PassLoopVec *loops, const PassLoop *l)
{
    for (int i = 0; i < loops->len; i++) {
        const PassLoop *o = &loops->data[i];
        if (o != l && o->head != l->head && pass_in_loop(l, o->head->id)) {
            return true;
        }
    }
    return false;
}

/* The list a loop takes rows of: the first list_get / list_item_at's list. */
static IrReg rows_list(const IrFunc *f, const PassLoop *l)
{
    for (int at = 0; at < l->blocks.len; at++) {
        const IrBlock *blk = f->blocks.data[l->blocks.data[at]];
        for (int j = 0; j < blk->ops.len; j++) {
            const IrOp *op = blk->ops.data[j];
            if (op->kind == IR_PRIM && (pass_prim_is(op, "list_get") || pass_prim_is(op, "list_get_idx") ||
                                        pass_prim_is(op, "list_item_at"))) {
                return op->args[0];
            }
        }
    }
    return -1;
}

/* The function's writers and def/use counts: per function and as large as its registers,
 * made once, and only for a loop that passed the cheap tests (a function of thousands of
 * loops stays linear). */
typedef struct Facts {
    bool made;
    PassWriters wr;
    int *defs, *uses;
} Facts;

static bool try_loop(Ctx *ctx, IrFunc *f, PassLoopVec *loops, PassLoop *l, Facts *facts)
{
    Rows s = {.ctx = ctx, .f = f, .l = l, .list = rows_list(f, l)};
    if (s.list < 0 || !is_object(f, s.list) || !has_inner_loop(loops, l)) {
        return false;
    }
    if (!facts->made) {
        *facts = (Facts){true, pass_writers(ctx, f), pass_count_defs(ctx, f), pass_count_uses(ctx, f)};
    }
    s.wr = facts->wr;
    s.defs = facts->defs;
    s.uses = facts->uses;
    if (!loop_fits(&s) || !chains_cover(&s)) {
        return false;
    }
    IrBlock *pre = pass_loop_preheader(ctx, f, loops, l);
    if (!pre) {
        return false;
    }
    rewrite(&s, pre);
    return true;
}

void pass_floatrows(Ctx *ctx, IrFunc *f)
{
    if (f->generator || f->is_module_init || f->blocks.len == 0) {
        return;
    }
    int nregs = f->regs.len;
    PassLoopVec loops = pass_find_loops(ctx, f);
    Facts facts = {false, {0}, NULL, NULL};
    for (int i = loops.len - 1; i >= 0; i--) {   /* outermost first; one loop a function */
        if (try_loop(ctx, f, &loops, &loops.data[i], &facts)) {
            pass_extend_never_long(ctx, f, nregs);
            pass_cfg(ctx, f);
            return;
        }
    }
}
