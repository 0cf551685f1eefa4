/* build_stmt.c - statements: assignments, control flow, loops over range(),
 * and the module-level statements (definitions, imports, constants). */
#include <string.h>
#include "build.h"

static void lower_stmt(Builder *b, AstStmt *st);

void build_body(Builder *b, AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        if (ir_block_terminated(b->cur)) {
            bld_switch(b, bld_block(b));   /* unreachable code still gets lowered, into a dead block */
        }
        lower_stmt(b, body->data[i]);
    }
}

static IrReg set_attr(Builder *b, const char *attr, IrReg value, int line)
{
    IrOp *op = bld_op(b, IR_SET_MODATTR, line, bld_temp(b, RT_NONE), 1);
    op->args[0] = value;
    op->u.attr = attr;
    return op->dst;
}

/* xs[i] = v on a list, d[k] = v on a dict: typed primitives (v of the element type). */
static bool typed_store(const AstExpr *target)
{
    if (target->kind != EXPR_SUBSCRIPT || !sema_is_typed_index(target)) {
        return false;
    }
    TypeKind k = target->u.subscript.value->type->kind;
    return k == TY_LIST || k == TY_DICT;
}

static void store_item(Builder *b, AstExpr *target, IrReg value, int line)
{
    if (typed_store(target)) {
        IrReg o = build_expr_as(b, target->u.subscript.value, &ty_object);
        IrReg ix = build_once(b, target->u.subscript.index);
        build_typed_set(b, target, o, ix >= 0 ? ix : build_typed_index(b, target), value, line);
        return;
    }
    if (target->kind == EXPR_ATTRIBUTE && build_field_set(b, target, value, line)) {
        return;
    }
    IrReg v = bld_coerce(b, value, target->type, &ty_object, line);
    if (target->kind == EXPR_ATTRIBUTE) {
        IrReg o = build_expr_as(b, target->u.attribute.value, &ty_object);
        IrReg args[3] = {o, build_str_const(b, target->u.attribute.attr, line), v};
        bld_prim_p(b, prim(PRIM_OBJ_SETATTR), line, args);
        return;
    }
    IrReg o = build_expr_as(b, target->u.subscript.value, &ty_object);
    IrReg args[3] = {o, build_index(b, target->u.subscript.index), v};
    bld_prim_p(b, prim(PRIM_OBJ_SETITEM), line, args);
}

IrReg build_i64_const(Builder *b, long v)
{
    char *text = arena_printf(&b->ctx->arena, "%ld", v);
    AstExpr k = {.kind = EXPR_CONST, .type = &ty_int, .u.constant = {.kind = CONST_INT, .text = text}};
    return build_const(b, &k, &ty_i64);
}

/* a, *b, (c, d) = value: unpack into a tuple of the right length (CPython's errors),
 * then store its items left to right. */
static void store_unpack(Builder *b, AstExpr *target, IrReg value, int line)
{
    AstExprVec *elts = &target->u.seq.elts;
    int star = -1;
    for (int i = 0; i < elts->len; i++) {
        if (elts->data[i]->kind == EXPR_STARRED) {
            star = i;
        }
    }
    IrReg items;
    if (star < 0) {
        /* (the same runtime call: a typed tuple is an exact one of that length but for
         * a subclass, whose __iter__ then runs; not a generic operation for --report) */
        PrimId p = target->u.seq.of_tuple ? PRIM_TUPLE_UNPACK : PRIM_UNPACK;
        items = bld_prim(b, p, line, value, build_i64_const(b, elts->len));
    } else {
        IrReg args[3] = {value, build_i64_const(b, star), build_i64_const(b, elts->len - star - 1)};
        items = bld_prim_p(b, prim(PRIM_UNPACK_STAR), line, args);
    }
    for (int i = 0; i < elts->len; i++) {
        AstExpr *t = elts->data[i];
        if (t->kind == EXPR_STARRED) {
            t = t->u.starred.value;
        }
        IrReg item = bld_prim(b, PRIM_TUPLE_ITEM, line, items, build_i64_const(b, i));
        build_store(b, t, bld_coerce(b, item, &ty_object, t->type, line), line);
    }
}

static void store(Builder *b, AstExpr *target, IrReg value, int line);

/* A store's ops have its target's range (CPython's STORE_SUBSCR, UNPACK_SEQUENCE ...). */
void build_store(Builder *b, AstExpr *target, IrReg value, int line)
{
    Loc outer = b->pos;
    b->pos = target->loc;
    store(b, target, value, line);
    b->pos = outer;
}

static void store(Builder *b, AstExpr *target, IrReg value, int line)
{
    if (target->kind == EXPR_ATTRIBUTE || target->kind == EXPR_SUBSCRIPT) {
        store_item(b, target, value, line);
        return;
    }
    if (target->kind == EXPR_TUPLE || target->kind == EXPR_LIST) {
        store_unpack(b, target, value, line);
        return;
    }
    Symbol *sym = target->u.name.sym;
    if (sym->kind == SYM_CLASSVAR) {
        IrReg args[3] = {b->class_ns, build_str_const(b, sym->name, line),
                         bld_coerce(b, value, target->type ? target->type : &ty_object, &ty_object, line)};
        bld_prim_p(b, prim(PRIM_OBJ_SETITEM), line, args);
        return;
    }
    if (sym->kind == SYM_GLOBAL) {
        if (sym->is_final) {
            IrOp *op = bld_op(b, IR_STORE_GLOBAL, line, -1, 1);
            op->args[0] = value;
            op->u.global = sym->slot;
        }
        set_attr(b, sym->name, value, line);
        return;
    }
    if (sym->captured) {
        build_store_cell(b, sym, value, line);
        return;
    }
    bld_move(b, sym->slot, value, line);
    build_release_sibling_webs(b, sym, line);
    if (sym->kind == SYM_LOCAL && sym->needs_bound_flag) {
        AstExpr yes = {.kind = EXPR_CONST, .type = &ty_bool, .u.constant = {.kind = CONST_TRUE}};
        bld_move(b, sym->bound_slot, build_const(b, &yes, NULL), line);
    }
}

static bool has_starred(const AstExprVec *v)
{
    for (int i = 0; i < v->len; i++) {
        if (v->data[i]->kind == EXPR_STARRED) {
            return true;
        }
    }
    return false;
}

/* Past MANY_VALUES values they are gathered in a private list as they are made, then
 * stored from it (as CPython makes the tuple, then unpacks it): made all first, each
 * would be live until the stores and every op on the way that can fail would release
 * all the earlier ones. */
static void gathered_parallel_assign(Builder *b, AstExprVec *targets, AstExprVec *values, int line)
{
    IrReg held = bld_build(b, IRB_LIST, NULL, 0, line);
    for (int i = 0; i < values->len; i++) {
        bld_prim(b, PRIM_LIST_APPEND, line, held, build_expr_as(b, values->data[i], &ty_object));
    }
    for (int i = 0; i < values->len; i++) {
        IrReg o = bld_prim(b, PRIM_LIST_ITEM_AT, line, held, build_i64_const(b, i));
        const Type *vt = values->data[i]->type, *tt = targets->data[i]->type;
        IrReg v = bld_coerce(b, bld_coerce(b, o, &ty_object, vt, line), vt, tt, line);
        build_store(b, targets->data[i], v, line);
    }
}

static void lower_parallel_assign(Builder *b, AstStmt *st)
{
    AstExprVec *targets = &st->u.assign.targets.data[0]->u.seq.elts;
    AstExprVec *values = &st->u.assign.value->u.seq.elts;
    if (values->len > MANY_VALUES) {
        gathered_parallel_assign(b, targets, values, st->loc.line);
        return;
    }
    IrReg *tmp = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)values->len);
    for (int i = 0; i < values->len; i++) {
        IrReg v = build_expr_as(b, values->data[i], targets->data[i]->type);
        tmp[i] = bld_temp(b, b->f->regs.data[v].rt);
        bld_move(b, tmp[i], v, st->loc.line);   /* a copy: the targets may be the sources */
    }
    for (int i = 0; i < values->len; i++) {
        build_store(b, targets->data[i], tmp[i], st->loc.line);
    }
}

static void lower_assign(Builder *b, AstStmt *st)
{
    AstExpr *t0 = st->u.assign.targets.data[0];
    if (st->u.assign.targets.len == 1 && (t0->kind == EXPR_TUPLE || t0->kind == EXPR_LIST) &&
        st->u.assign.value->kind == EXPR_TUPLE && t0->u.seq.elts.len == st->u.assign.value->u.seq.elts.len &&
        !has_starred(&t0->u.seq.elts) && !has_starred(&st->u.assign.value->u.seq.elts)) {
        lower_parallel_assign(b, st);
        return;
    }
    if (build_split_assign(b, st)) {
        return;
    }
    if (build_split_pair_assign(b, st)) {
        return;
    }
    if (build_split_n_assign(b, st)) {
        return;
    }
    AstExprVec *targets = &st->u.assign.targets;
    const Type *t = targets->data[0]->type;
    IrReg v = build_expr_as(b, st->u.assign.value, t);
    for (int i = 0; i < targets->len; i++) {
        const Type *ti = targets->data[i]->type;
        build_store(b, targets->data[i], bld_coerce(b, v, t, ti, st->loc.line), st->loc.line);
    }
}

static void lower_return(Builder *b, AstStmt *st)
{
    IrReg vals[IR_MAX_SPLIT];
    int n = b->f->nsplit ? b->f->nsplit : 1, line = st->loc.line;
    if (b->f->nsplit) {
        build_split_return_values(b, st->u.ret.value, vals);   /* sema: a split function returns a value */
    } else if (st->u.ret.value) {
        vals[0] = build_expr_as(b, st->u.ret.value, b->ret_type);
    } else {
        AstExpr none = {.kind = EXPR_CONST, .loc = st->loc, .type = &ty_none};
        none.u.constant.kind = CONST_NONE;
        vals[0] = build_expr_as(b, &none, b->ret_type);
    }
    if (b->exits.len > 0) {
        /* finally bodies run after the value is computed and may rebind its variable */
        for (int i = 0; i < n; i++) {
            IrReg copy = bld_temp(b, b->f->regs.data[vals[i]].rt);
            bld_move(b, copy, vals[i], line);
            vals[i] = copy;
        }
        build_run_exits(b, 0, line);
        if (ir_block_terminated(b->cur)) {
            return;   /* a return in a finally body wins */
        }
    }
    IrOp *op = bld_op(b, IR_RETURN, line, -1, n);
    for (int i = 0; i < n; i++) {
        op->args[i] = vals[i];
    }
}

static void lower_if(Builder *b, AstStmt *st)
{
    IrBlock *then = bld_block(b), *els = bld_block(b), *done = bld_block(b);
    build_branch(b, st->u.if_.test, then, els);
    bld_switch(b, then);
    build_body(b, &st->u.if_.body);
    bld_goto(b, done, st->loc.line);
    bld_switch(b, els);
    build_body(b, &st->u.if_.orelse);
    bld_goto(b, done, st->loc.line);
    bld_switch(b, done);
}

static void lower_loop_body(Builder *b, AstStmtVec *body, IrBlock *brk, IrBlock *cont, int line)
{
    LoopTargets t = {brk, cont, b->exits.len};
    vec_push(&b->ctx->arena, &b->loops, t);
    build_body(b, body);
    bld_goto(b, cont, line);
    b->loops.len--;
}

/* The copy for tuples of ints: while the names sema chose (spec_ints) hold exact
 * ints, it runs with them unboxed (their symbols read registers of their own while it
 * is built: it does not rebind them). */
static void int_tuple_copy(Builder *b, AstStmt *st, IrBlock *brk, IrBlock *cont)
{
    int line = st->loc.line;
    AstExprVec *all = &st->u.for_.target->u.seq.elts;
    AstExpr *elts_[3];
    struct { AstExpr **data; int len; } e = {elts_, 0}, *elts = &e;
    for (int i = 0; i < all->len; i++) {
        if (st->u.for_.spec_ints & (1u << i)) {
            elts_[e.len++] = all->data[i];
        }
    }
    int n = elts->len;
    IrReg obj[3] = {0, 0, 0}, ints[3];
    for (int i = 0; i < n; i++) {
        obj[i] = elts->data[i]->u.name.sym->slot;
    }
    IrBlock *fast = bld_block(b), *slow = bld_block(b);
    IrReg three[3] = {obj[0], obj[n > 1 ? 1 : 0], obj[n - 1]};
    bld_branch(b, bld_prim_p(b, prim(PRIM_OBJS_ARE_EXACT_INTS), line, three), fast, slow, line);
    bld_switch(b, fast);
    for (int i = 0; i < n; i++) {
        ints[i] = bld_prim(b, PRIM_INT_UNBOX_EXACT, line, obj[i], -1);
    }
    for (int i = 0; i < n; i++) {
        elts->data[i]->u.name.sym->slot = ints[i];
    }
    lower_loop_body(b, &st->u.for_.spec, brk, cont, line);
    for (int i = 0; i < n; i++) {
        elts->data[i]->u.name.sym->slot = obj[i];
    }
    bld_switch(b, slow);
}

/* A for loop's body; with a typed copy (sema/speculate.c), the copy runs while the
 * target is an instance of its class as compiled (or its names hold exact ints), the
 * body for anything else. */
static void for_body(Builder *b, AstStmt *st, IrBlock *brk, IrBlock *cont)
{
    int line = st->loc.line;
    if (st->u.for_.spec_type == &ty_int) {
        int_tuple_copy(b, st, brk, cont);
    } else if (st->u.for_.spec_type) {
        IrBlock *fast = bld_block(b), *slow = bld_block(b);
        IrReg target = st->u.for_.target->u.name.sym->slot;
        bld_branch(b, build_layout_is(b, st->u.for_.spec_type->cls, target, line), fast, slow, line);
        bld_switch(b, fast);
        lower_loop_body(b, &st->u.for_.spec, brk, cont, line);
        bld_switch(b, slow);
    }
    lower_loop_body(b, &st->u.for_.body, brk, cont, line);
}

static void seq_loop_body(Builder *b, AstStmt *st, IrBlock *brk, IrBlock *cont)
{
    for_body(b, st, brk, cont);
}

static void lower_while(Builder *b, AstStmt *st)
{
    IrBlock *head = bld_block(b), *body = bld_block(b), *els = bld_block(b), *done = bld_block(b);
    bld_goto(b, head, st->loc.line);
    bld_switch(b, head);
    build_branch(b, st->u.while_.test, body, els);
    bld_switch(b, body);
    lower_loop_body(b, &st->u.while_.body, done, head, st->loc.line);
    bld_switch(b, els);
    build_body(b, &st->u.while_.orelse);
    bld_goto(b, done, st->loc.line);
    bld_switch(b, done);
}

/* for x in iterable: the iterator protocol. The iterator is released when the
 * loop ends or is left by break, as CPython does (a generator's finally runs then). */
static void lower_for_iter(Builder *b, AstStmt *st)
{
    int line = st->loc.line;
    IrReg it = bld_prim(b, PRIM_OBJ_ITER, line, build_expr_as(b, st->u.for_.iter, &ty_object), -1);
    IrBlock *head = bld_block(b), *body = bld_block(b), *end = bld_block(b);
    IrBlock *broke = bld_block(b), *done = bld_block(b);
    bld_goto(b, head, line);
    bld_switch(b, head);
    IrReg item = bld_prim(b, PRIM_ITER_NEXT, line, it, -1);
    bld_branch(b, bld_prim(b, PRIM_OBJ_IS_NULL, line, item, -1), end, body, line);
    bld_switch(b, body);
    AstExpr *t = st->u.for_.target;
    build_store(b, t, bld_coerce(b, item, &ty_object, t->type, line), line);
    for_body(b, st, broke, head);
    bld_switch(b, broke);
    bld_prim(b, PRIM_OBJ_LAST_USE, line, it, -1);
    bld_goto(b, done, line);
    bld_switch(b, end);
    bld_prim(b, PRIM_ITER_END_CHECK, line, -1, -1);
    bld_prim(b, PRIM_OBJ_LAST_USE, line, it, -1);
    build_body(b, &st->u.for_.orelse);
    bld_goto(b, done, line);
    bld_switch(b, done);
}

/* for i in range(start, stop, step): a counted loop (build_range.c); break leaves for
 * done, past the else clause. */
typedef struct ForRange { AstStmt *st; IrBlock *done; } ForRange;

static void for_range_body(Builder *b, void *ctx, IrBlock *next)
{
    ForRange *f = ctx;
    lower_loop_body(b, &f->st->u.for_.body, f->done, next, f->st->loc.line);
}

static void lower_for(Builder *b, AstStmt *st)
{
    int line = st->loc.line;
    RangeBounds r = build_range_bounds(b, st->u.for_.iter);
    RangeLoop l = build_range_start(b, &r, line);
    IrBlock *els = bld_block(b), *done = bld_block(b);
    build_range_loop(b, &l, st->u.for_.target, for_range_body, &(ForRange){st, done}, els, line);
    bld_switch(b, els);
    build_body(b, &st->u.for_.orelse);
    bld_goto(b, done, line);
    bld_switch(b, done);
}

static void lower_raise(Builder *b, AstStmt *st)
{
    int line = st->loc.line;
    IrReg exc = build_expr_as(b, st->u.raise.exc, &ty_object);
    if (st->u.raise.cause) {
        bld_prim(b, PRIM_OBJ_RAISE, line, exc, build_expr_as(b, st->u.raise.cause, &ty_object));
    } else {
        bld_prim(b, PRIM_OBJ_RAISE1, line, exc, -1);
    }
}

/* assert test, msg: AssertionError(msg) raised when test is false. */
static void lower_assert(Builder *b, AstStmt *st)
{
    int line = st->loc.line;
    IrBlock *fail = bld_block(b), *ok = bld_block(b);
    build_branch(b, st->u.assert_.test, ok, fail);
    bld_switch(b, fail);
    IrReg exc = build_load_name(b, "AssertionError", line);
    if (st->u.assert_.msg) {
        IrReg msg = build_expr_as(b, st->u.assert_.msg, &ty_object);   /* before the call op */
        IrOp *call = bld_op(b, IR_CALL_OBJ, line, bld_temp(b, RT_OBJ), 2);
        call->args[0] = exc;
        call->args[1] = msg;
        exc = call->dst;
    }
    /* the raise's range, as each version's compiler gives it: the test's on 3.13 (and on
     * 3.11 with a message), else the statement's */
    Loc outer = b->pos;
    int v = b->ctx->py_minor;
    b->pos = v >= 13 || (v == 11 && st->u.assert_.msg) ? st->u.assert_.test->loc : st->loc;
    bld_prim(b, PRIM_OBJ_RAISE1, line, exc, -1);
    b->pos = outer;
    bld_goto(b, ok, line);
    bld_switch(b, ok);
}

static void lower_jump(Builder *b, AstStmt *st)
{
    LoopTargets t = b->loops.data[b->loops.len - 1];
    build_run_exits(b, t.exits_len, st->loc.line);
    bld_goto(b, st->kind == STMT_BREAK ? t.break_to : t.continue_to, st->loc.line);
}

static IrOp *import_op(Builder *b, const char *module, int line)
{
    IrOp *op = bld_op(b, IR_IMPORT, line, bld_temp(b, RT_NONE), 0);
    op->u.import.module = module;
    return op;
}

/* import a.b.c binds a; import a.b.c as d binds the submodule: one op per name. */
/* import a.b.c [as x] in a function or class body: the value is stored like any other
 * (IMPORT_NAME, then IMPORT_FROM down the path when there is an `as`). */
static void lower_import_value(Builder *b, AstAlias *a, int line)
{
    IrReg m = bld_prim(b, PRIM_IMPORT_TOP, line, build_str_const(b, a->name, line), -1);
    for (const char *p = a->asname ? strchr(a->name, '.') : NULL; p; p = strchr(p + 1, '.')) {
        const char *end = strchr(p + 1, '.');
        const char *part = end ? arena_strndup(&b->ctx->arena, p + 1, (size_t)(end - (p + 1))) : p + 1;
        m = bld_prim(b, PRIM_IMPORT_FROM, line, m, build_str_const(b, part, line));
    }
    build_store(b, a->target, m, line);
}

static void lower_from_import_values(Builder *b, AstStmt *st)
{
    int line = st->loc.line, n = st->u.importfrom.names.len;
    IrReg *names = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)n);
    for (int i = 0; i < n; i++) {
        names[i] = build_str_const(b, st->u.importfrom.names.data[i].name, line);
    }
    IrOp *fl = bld_op(b, IR_BUILD, line, bld_temp(b, RT_OBJ), n);   /* the fromlist */
    fl->u.build = IRB_TUPLE;
    for (int i = 0; i < n; i++) {
        fl->args[i] = names[i];
    }
    IrReg args[3] = {build_str_const(b, st->u.importfrom.module ? st->u.importfrom.module : "", line), fl->dst,
                     build_i64_const(b, st->u.importfrom.level)};
    IrReg m = bld_prim_p(b, prim(PRIM_IMPORT_NAME), line, args);
    for (int i = 0; i < n; i++) {
        AstAlias *a = &st->u.importfrom.names.data[i];
        build_store(b, a->target, bld_prim(b, PRIM_IMPORT_FROM, line, m, build_str_const(b, a->name, line)), line);
    }
}

/* lower(b, st) with the statement's range on its ops (IMPORT_NAME's and IMPORT_FROM's). */
static void build_at_stmt(Builder *b, AstStmt *st, void (*lower)(Builder *, AstStmt *))
{
    Loc outer = b->pos;
    b->pos = st->loc;
    lower(b, st);
    b->pos = outer;
}

static void lower_import(Builder *b, AstStmt *st)
{
    for (int i = 0; i < st->u.import.names.len; i++) {
        AstAlias *a = &st->u.import.names.data[i];
        if (a->target) {
            lower_import_value(b, a, st->loc.line);
            continue;
        }
        IrOp *op = import_op(b, a->name, st->loc.line);
        const char *dot = strchr(a->name, '.');
        op->u.import.top = !a->asname;
        op->u.import.asname = a->asname ? a->asname
                              : dot ? arena_strndup(&b->ctx->arena, a->name, (size_t)(dot - a->name))
                                    : a->name;
    }
}

/* from [.]*[module] import x [as y], ...: one op for the statement, as CPython imports
 * once with every name in the fromlist before binding any. */
static void lower_from_import(Builder *b, AstStmt *st)
{
    int n = st->u.importfrom.names.len;
    if (n > 0 && st->u.importfrom.names.data[0].target) {
        lower_from_import_values(b, st);
        return;
    }
    IrOp *op = import_op(b, st->u.importfrom.module ? st->u.importfrom.module : "", st->loc.line);
    IrImportName *names = arena_alloc(&b->ctx->arena, sizeof *names * (size_t)n);
    for (int i = 0; i < n; i++) {
        AstAlias *a = &st->u.importfrom.names.data[i];
        names[i].name = a->name;
        names[i].asname = a->asname ? a->asname : a->name;
    }
    op->u.import.level = st->u.importfrom.level;
    op->u.import.names = names;
    op->u.import.nnames = n;
}

/* def f(...) at module level: evaluate the defaults, then bind the function. */
static void lower_funcdef(Builder *b, AstStmt *st)
{
    Symbol *sym = scope_lookup_local(b->sm->scope, st->u.funcdef.name);
    IrFunc *f = b->m->funcs.data[sym->slot];
    AstExprVec *decorators = &st->u.funcdef.decorators;
    if (decorators->len == 0) {
        build_defaults(b, st, f);
        IrOp *op = bld_op(b, IR_DEFINE_FUNC, st->loc.line, bld_temp(b, RT_NONE), 0);
        op->u.callee = f;
        return;
    }
    /* decorators first, then defaults, the function, the decorators applied bottom-up */
    IrReg *decos = build_eval_all(b, decorators);
    build_defaults(b, st, f);
    IrOp *op = bld_op(b, IR_MAKE_FUNC, st->loc.line, bld_temp(b, RT_OBJ), 0);
    op->u.callee = f;
    set_attr(b, st->u.funcdef.name, build_decorate_func(b, decos, decorators->len, op->dst, st->loc.line), st->loc.line);
}

void build_defaults(Builder *b, AstStmt *def, IrFunc *f)
{
    AstArguments *args = def->u.funcdef.args;
    for (int i = 0; i < ast_param_count(args); i++) {   /* positional ones first, as CPython */
        AstArg *a = ast_param_at(args, i);
        if (a->default_) {
            IrReg v = build_expr_as(b, a->default_, a->sym->type);
            IrOp *op = bld_op(b, IR_STORE_GLOBAL, def->loc.line, -1, 1);
            op->args[0] = v;
            op->u.global = f->params.data[i].default_global;
        }
    }
}

/* The byte offset of 1-based (line, col) in the source text. */
static size_t offset_of(const SourceFile *f, int line, int col)
{
    size_t off = 0;
    for (int l = 1; l < line && off < f->len; off++) {
        if (f->text[off] == '\n') {
            l++;
        }
    }
    return off + (size_t)(col - 1) <= f->len ? off + (size_t)(col - 1) : f->len;
}

/* A top-level statement kept as Python: its exact source, padded with newlines so that
 * CPython compiles it at its own line numbers. Decorators belong to the statement. */
static void lower_kept(Builder *b, AstStmt *st)
{
    const SourceFile *f = b->sm->ast->file;
    int line = st->loc.line, col = st->loc.col;
    AstExprVec *decos = st->kind == STMT_FUNCDEF ? &st->u.funcdef.decorators
                        : st->kind == STMT_CLASSDEF ? &st->u.classdef.decorators : NULL;
    if (decos && decos->len > 0) {
        line = decos->data[0]->loc.line;
        col = 1;
    }
    size_t start = offset_of(f, line, col), end = offset_of(f, st->loc.end_line, st->loc.end_col);
    StrBuf text;
    sb_init(&text);
    for (int i = 1; i < line; i++) {
        sb_putn(&text, "\n", 1);
    }
    sb_putn(&text, f->text + start, end > start ? end - start : 0);
    sb_putn(&text, "\n", 1);
    IrOp *op = bld_op(b, IR_EXEC_KEPT, st->loc.end_line, bld_temp(b, RT_NONE), 0);
    op->u.kept.text = arena_strndup(&b->ctx->arena, text.data, text.len);
    op->u.kept.len = text.len;
    op->u.kept.line = line;
    sb_free(&text);
}

/* x op= v as x = x op v, where x.a and x[i] evaluate x and i once. */
static void lower_augassign(Builder *b, AstStmt *st)
{
    AstExpr *t = st->u.augassign.target;
    int line = st->loc.line;
    if (build_subscript_iadd(b, st)) {
        return;
    }
    if (t->kind == EXPR_ATTRIBUTE || t->kind == EXPR_SUBSCRIPT) {
        AstExpr *base = t->kind == EXPR_ATTRIBUTE ? t->u.attribute.value : t->u.subscript.value;
        b->once_reg[0] = build_expr(b, base);
        b->once_expr[0] = base;
        if (t->kind == EXPR_SUBSCRIPT) {
            IrReg ix = sema_is_typed_index(t) ? build_typed_index(b, t) : build_index(b, t->u.subscript.index);
            b->once_expr[1] = t->u.subscript.index;
            b->once_reg[1] = ix;
            if (sema_is_typed_index(t) && t->u.subscript.value->type->kind == TY_DICT) {
                /* hashed here, where the read would hash it first: once for both */
                b->once_hash = bld_prim(b, PRIM_DICT_HASH, line, ix, -1);
            }
        }
    }
    build_store(b, t, build_expr_as(b, st->u.augassign.as_binop, t->type), line);
    b->once_expr[0] = b->once_expr[1] = NULL;
    b->once_hash = -1;
}

/* Did sema type this for loop as a range() loop (its target an unboxed number)? */
static bool is_range_loop(const AstStmt *st)
{
    return build_counted_range(st->u.for_.iter);
}

/* del name / obj.attr / obj[i]; a deleted local is unbound again (its flag says so). */
static void del_target(Builder *b, AstExpr *t, int line);

/* A del's ops have its target's range, as CPython's DELETE_* instruction. */
static void lower_del(Builder *b, AstExpr *t, int line)
{
    Loc outer = b->pos;
    b->pos = t->loc;
    del_target(b, t, line);
    b->pos = outer;
}

static void del_target(Builder *b, AstExpr *t, int line)
{
    if (t->kind == EXPR_TUPLE || t->kind == EXPR_LIST) {
        for (int i = 0; i < t->u.seq.elts.len; i++) {
            lower_del(b, t->u.seq.elts.data[i], line);
        }
        return;
    }
    if (t->kind == EXPR_ATTRIBUTE) {
        IrReg o = build_expr_as(b, t->u.attribute.value, &ty_object);
        bld_prim(b, PRIM_OBJ_DELATTR, line, o, build_str_const(b, t->u.attribute.attr, line));
        return;
    }
    if (t->kind == EXPR_SUBSCRIPT) {
        IrReg o = build_expr_as(b, t->u.subscript.value, &ty_object);
        bld_prim(b, PRIM_OBJ_DELITEM, line, o, build_index(b, t->u.subscript.index));
        return;
    }
    Symbol *sym = t->u.name.sym;
    if (sym->kind == SYM_GLOBAL) {
        bld_prim(b, PRIM_DEL_GLOBAL, line, build_str_const(b, sym->name, line), -1);
        return;
    }
    if (sym->captured) {
        build_del_cell(b, sym, false, line);
        return;
    }
    build_check_bound(b, t, line);
    build_unbind(b, t, line);
}

void build_unbind(Builder *b, AstExpr *name, int line)
{
    Symbol *sym = name->u.name.sym;
    if (sym->kind == SYM_CLASSVAR) {
        bld_prim(b, PRIM_CLASS_DEL, line, b->class_ns, build_str_const(b, sym->name, line));
        return;
    }
    if (sym->kind == SYM_GLOBAL) {
        AstExpr none = {.kind = EXPR_CONST, .type = &ty_none, .u.constant = {.kind = CONST_NONE}};
        build_store(b, name, build_expr_as(b, &none, &ty_object), line);
        bld_prim(b, PRIM_DEL_GLOBAL, line, build_str_const(b, sym->name, line), -1);
        return;
    }
    if (sym->captured) {
        build_del_cell(b, sym, true, line);
        return;
    }
    RType rt = b->f->regs.data[sym->slot].rt;
    if (rt == RT_OBJ || rt == RT_INT) {
        bld_move(b, sym->slot, bld_prim(b, rt == RT_OBJ ? PRIM_OBJ_NULL : PRIM_INT_UNBOUND, line, -1, -1), line);
    }
    AstExpr no = {.kind = EXPR_CONST, .type = &ty_bool, .u.constant = {.kind = CONST_FALSE}};
    bld_move(b, sym->bound_slot, build_const(b, &no, NULL), line);
}

/* Module code: __annotations__[name] = annotation (its text under PEP 563), looked up
 * by name as CPython's STORE_SUBSCR after LOAD_NAME does. */
static void annotate_global(Builder *b, AstStmt *st)
{
    int line = st->loc.line;
    AstExpr *ann = st->u.annassign.annotation;
    IrReg v = b->m->future_annotations ? build_str_const(b, build_annotation_text(b, ann), line)
                                       : build_expr_as(b, ann, &ty_object);
    IrReg args[3] = {build_load_name(b, "__annotations__", line),
                     build_str_const(b, st->u.annassign.target->u.name.id, line), v};
    bld_prim_p(b, prim(PRIM_OBJ_SETITEM), line, args);
}

static void lower_stmt(Builder *b, AstStmt *st)
{
    if (st->keep_reason) {
        lower_kept(b, st);
        return;
    }
    switch (st->kind) {
    case STMT_EXPR:
        if (st->u.expr.value->kind != EXPR_CONST) {   /* a docstring or a bare constant does nothing */
            build_expr(b, st->u.expr.value);
        }
        break;
    case STMT_ASSIGN: lower_assign(b, st); break;
    case STMT_ANNASSIGN:
        if (st->u.annassign.value) {
            AstExpr *t = st->u.annassign.target;
            build_store(b, t, build_expr_as(b, st->u.annassign.value, t->type), st->loc.line);
        }
        if (b->f->is_module_init && st->u.annassign.target->kind == EXPR_NAME) {
            annotate_global(b, st);
        }
        break;
    case STMT_AUGASSIGN: lower_augassign(b, st); break;
    case STMT_RETURN: lower_return(b, st); break;
    case STMT_IF: lower_if(b, st); break;
    case STMT_WHILE: lower_while(b, st); break;
    case STMT_FOR:
        if (!is_range_loop(st) && build_typed_loop(b, st, seq_loop_body)) {
            break;
        }
        if (is_range_loop(st)) {
            lower_for(b, st);
        } else {
            lower_for_iter(b, st);
        }
        break;
    case STMT_DELETE:
        for (int i = 0; i < st->u.delete_.targets.len; i++) {
            lower_del(b, st->u.delete_.targets.data[i], st->loc.line);
        }
        break;
    case STMT_BREAK: case STMT_CONTINUE: lower_jump(b, st); break;
    case STMT_IMPORT: build_at_stmt(b, st, lower_import); break;
    case STMT_IMPORTFROM: build_at_stmt(b, st, lower_from_import); break;
    case STMT_FUNCDEF:
        if (b->f->is_module_init) {
            lower_funcdef(b, st);
        } else {
            build_nested_def(b, st);
        }
        break;
    case STMT_PASS: case STMT_GLOBAL: case STMT_NONLOCAL: break;
    case STMT_RAISE: {
        Loc outer = b->pos;
        b->pos = st->loc;   /* CPython's RAISE_VARARGS has the statement's range */
        if (st->u.raise.exc) {
            lower_raise(b, st);
        } else {
            build_bare_raise(b, st->loc.line);
        }
        b->pos = outer;
        break;
    }
    case STMT_TRY: build_try(b, st); break;
    case STMT_CLASSDEF: build_class(b, st); break;
    case STMT_WITH: build_with(b, st); break;
    case STMT_ASSERT: lower_assert(b, st); break;
    default: ICE("statement %s reached the IR builder", ast_stmt_name(st->kind));
    }
}
