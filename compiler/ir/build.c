/* build.c - lowering a checked module to IR: functions, the module body,
 * and the small emission helpers the other build*.c files use. */
#include <string.h>
#include "build.h"

IrReg bld_temp(Builder *b, RType rt)
{
    if (!b->recycle_temps) {
        return ir_new_reg(b->ctx, b->f, rt, NULL);
    }
    if (b->temps[rt].next == b->temps[rt].len) {
        vec_push(&b->ctx->arena, &b->temps[rt], ir_new_reg(b->ctx, b->f, rt, NULL));
    }
    return b->temps[rt].data[b->temps[rt].next++];
}

/* The module body, one top-level statement after the other, each reusing the last one's
 * temporaries. */
static void build_module_body(Builder *b, AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        if (ir_block_terminated(b->cur)) {
            bld_switch(b, bld_block(b));
        }
        for (int rt = 0; rt < RT_COUNT; rt++) {
            b->temps[rt].next = 0;
        }
        b->recycle_temps = true;
        AstStmtVec one = {.data = &body->data[i], .len = 1, .cap = 1};
        build_body(b, &one);
    }
    b->recycle_temps = false;
}

IrBlock *bld_block(Builder *b)
{
    return ir_new_block(b->ctx, b->f);
}

void bld_switch(Builder *b, IrBlock *blk)
{
    b->cur = blk;
    blk->unwind = b->unwind;   /* a try boundary always starts a new block */
}

IrOp *bld_op(Builder *b, IrOpKind kind, int line, IrReg dst, int nargs)
{
    IrOp *op = ir_new_op(b->ctx, kind, line, dst, nargs);
    ir_append(b->ctx, b->cur, op);
    if (b->pos.line == line && b->pos.col > 0) {
        op->pos = (IrPos){b->pos.col, b->pos.end_line, b->pos.end_col};
    }
    if (b->frame) {
        op->inl = b->frame;
        op->inl_line = b->frame_line;
        op->inl_pos = b->frame->inl_call_pos;
    }
    return op;
}

IrReg bld_prim_p(Builder *b, const Prim *p, int line, const IrReg *args)
{
    IrReg dst = p->result == RT_VOID ? -1 : bld_temp(b, p->result);
    IrOp *op = bld_op(b, IR_PRIM, line, dst, p->nargs);
    op->u.prim = p;
    for (int i = 0; i < p->nargs; i++) {
        op->args[i] = args[i];
    }
    return dst;
}

/* list, tuple, set, dict (key, value pairs) of n boxed values: one BUILD op */
IrReg bld_build(Builder *b, IrBuildKind kind, const IrReg *vals, int n, int line)
{
    IrOp *op = bld_op(b, IR_BUILD, line, bld_temp(b, RT_OBJ), n);
    op->u.build = kind;
    for (int i = 0; i < n; i++) {
        op->args[i] = vals[i];
    }
    return op->dst;
}

IrReg bld_prim(Builder *b, PrimId id, int line, IrReg a0, IrReg a1)
{
    IrReg args[2] = {a0, a1};
    return bld_prim_p(b, prim(id), line, args);
}

void bld_move(Builder *b, IrReg dst, IrReg src, int line)
{
    if (dst == src) {
        return;
    }
    IrOp *op = bld_op(b, IR_MOVE, line, dst, 1);
    op->args[0] = src;
}

void bld_goto(Builder *b, IrBlock *to, int line)
{
    if (ir_block_terminated(b->cur)) {
        return;   /* after return/break: the rest of the block is dead */
    }
    IrOp *op = bld_op(b, IR_GOTO, line, -1, 0);
    op->target = to;
}

void bld_branch(Builder *b, IrReg cond, IrBlock *then, IrBlock *els, int line)
{
    IrOp *op = bld_op(b, IR_BRANCH, line, -1, 1);
    op->args[0] = cond;
    op->target = then;
    op->target2 = els;
}

IrReg bld_none(Builder *b, int line)
{
    IrReg r = bld_temp(b, RT_NONE);
    IrOp *c = bld_op(b, IR_CONST, line, r, 0);
    c->u.konst = ARENA_NEW(&b->ctx->arena, IrConst);
    c->u.konst->kind = IRC_NONE;
    c->u.konst->pool_index = -1;
    return r;
}

static void emit_return_none(Builder *b, int line)
{
    IrReg r = bld_none(b, line);
    IrReg ret = b->f->ret == RT_OBJ ? bld_coerce(b, r, &ty_none, &ty_object, line) : r;
    IrOp *op = bld_op(b, IR_RETURN, line, -1, 1);
    op->args[0] = ret;
}

static const char *docstring_of(const AstStmtVec *body)
{
    if (body->len == 0 || body->data[0]->kind != STMT_EXPR) {
        return NULL;
    }
    const AstExpr *e = body->data[0]->u.expr.value;
    return e->kind == EXPR_CONST && e->u.constant.kind == CONST_STR ? e->u.constant.bytes : NULL;
}

/* A str literal key: `o["key"]` reads remember where a dict held it (OBJ_GETITEM_STR). */
bool build_is_str_const(const AstExpr *e)
{
    return e->kind == EXPR_CONST && e->u.constant.kind == CONST_STR;
}

static const char *type_spelling(const Type *t)
{
    return t->kind == TY_OBJECT ? "object" : type_is_checked_obj(t) ? type_class_name(t) : type_name(t);
}

/* The source text of an annotation (NULL if none), which __annotations__ evaluates. */
const char *build_annotation_text(Builder *b, const AstExpr *e)
{
    if (!e) {
        return NULL;
    }
    if (e->loc.line == 0) {   /* made by sema (dataclass_init.c): `-> None` */
        return "None";
    }
    const SourceFile *src = b->sm->ast->file;
    size_t off[2] = {source_offset(src, e->loc.line, e->loc.col), source_offset(src, e->loc.end_line, e->loc.end_col)};
    return off[1] > off[0] ? arena_strndup(&b->ctx->arena, src->text + off[0], off[1] - off[0]) : NULL;
}

/* Can freeing a value of type t be seen (a __del__, a weakref, a finalizer of an
 * element)? Not for ints, floats, strs and the like, or a union of them: their locals
 * may die at their last use. */
static bool death_observable(const Type *t)
{
    switch (t->kind) {
    case TY_INT: case TY_FLOAT: case TY_BOOL: case TY_NONE: case TY_I64: case TY_I32:
    case TY_STR: case TY_FUNC: case TY_MODULE: case TY_SHIM: case TY_TYPEREF:
        return false;
    case TY_UNION:
        for (int i = 0; i < t->nargs; i++) {
            if (death_observable(t->args[i])) {
                return true;
            }
        }
        return false;
    default:
        return true;
    }
}

/* A register for local sym (see IrRegInfo.frame_held). */
static IrReg local_reg(Builder *b, IrFunc *f, RType rt, const Symbol *sym)
{
    IrReg r = ir_new_reg(b->ctx, f, rt, sym->name);
    f->regs.data[r].frame_held = !sym->type || death_observable(sym->type);
    return r;
}

/* An int (or bool) default of a float (or int) parameter is converted in its global;
 * __defaults__ shows it as written: remember its own rtype. */
static RType default_rt(const AstExpr *d, RType param_rt)
{
    RType rt = d->type ? rtype_of(d->type) : param_rt;
    bool converted = (rt == RT_BOOL && param_rt != RT_BOOL && param_rt != RT_OBJ) ||
                     (rt == RT_INT && param_rt == RT_FLOAT);
    return converted ? rt : RT_VOID;
}

static void declare_func(Builder *b, SemaFunc *sf)
{
    AstStmt *def = sf->def;
    IrFunc *f = ir_func_new(b->ctx, b->m, def->u.funcdef.name, rtype_of(sf->ret));
    f->line = def->loc.line;
    if (def->kind == STMT_FUNCDEF && def->u.funcdef.decorators.len > 0) {
        f->code_line = def->u.funcdef.decorators.data[0]->loc.line;
    }
    f->qualname = sf->qualname;   /* C.m, outer.<locals>.inner */
    f->qualname_pre312 = sf->qualname_pre312;
    f->nfree = sema_closure_cells(sf);
    f->class_cell1 = sema_reads_class_cell(sf) ? sf->cls->u.classdef.native->index + 1 : 0;
    if (f->nfree > 0 && !f->class_cell1) {
        f->free_names = arena_alloc(&b->ctx->arena, sizeof(char *) * (size_t)(sf->freevars.len + 1));
        for (int i = 0; i < sf->freevars.len; i++) {
            f->free_names[i] = sf->freevars.data[i]->name;
        }
        f->free_names[sf->freevars.len] = NULL;
    }
    f->ret_type_name = type_spelling(sf->ret);
    f->doc = docstring_of(&def->u.funcdef.body);
    f->ret_annotation = build_annotation_text(b, def->u.funcdef.returns);
    sf->sym->slot = f->index;
    f->spec_copy = sf->spec_of != NULL;
    f->npos = sf->npos;
    f->nposonly = sf->nposonly;
    f->nkwonly = sf->nkwonly;
    f->varargs = sf->varargs;
    f->varkw = sf->varkw;
    f->generator = sf->generator;
    f->nsplit = build_split_rtypes(sf, f->split);
    if (f->nsplit) {
        f->ret = f->split[0];
    }
    for (int i = 0; i < sf->params.len; i++) {
        Symbol *p = sf->params.data[i];
        AstArg *a = ast_param_at(def->u.funcdef.args, i);
        IrParam ip = {p->name, rtype_of(p->type), type_spelling(p->type), -1,
                      build_annotation_text(b, a->annotation), RT_VOID,
                      p->type->kind == TY_INSTANCE ? p->type->cls->index + 1 : 0,
                      p->type->kind == TY_INSTANCE && p->type->nullable,
                      p->type->kind == TY_UNION ? type_union_mask(p->type) : 0};
        if (a->default_ && !sf->spec_of) {   /* a typed copy is always called with every argument */
            ip.default_rt = default_rt(a->default_, ip.rt);
            const char *gname = arena_printf(&b->ctx->arena, "%s.default.%s", f->name, p->name);
            ip.default_global = ir_add_global(b->ctx, b->m, gname, ip.rt, false);
        }
        vec_push(&b->ctx->arena, &f->params, ip);
        p->slot = local_reg(b, f, ip.rt, p);
    }
}

/* The webs of one source name (sema/webs.c) point to the name's base symbol. Their
 * frame-held object webs share one register (web_held_slot): at most one web of a name
 * holds a value in CPython, so assigning one releases the object the name held through
 * that register's own release, and assigning a web of another kind clears it. One
 * register per name, not a release of each sibling per assignment: a function that
 * rebinds a name n times stays linear. */
static void link_webs(Builder *b, Scope *sc)
{
    for (int i = 0; i < sc->syms.len; i++) {
        sc->syms.data[i]->web_base = NULL;
        sc->syms.data[i]->web_held_slot = -1;
    }
    for (int i = 0; i < sc->syms.len; i++) {
        Symbol *sym = sc->syms.data[i];
        const char *base_name = sema_source_name(b->ctx, sym->name);
        Symbol *base = base_name != sym->name ? scope_lookup_local(sc, base_name) : NULL;
        if (base && (base->kind == SYM_LOCAL || base->kind == SYM_PARAM)) {
            base->web_base = base;
            sym->web_base = base;
        }
    }
}

static bool held_object_reg(const IrFunc *f, int slot)
{
    return slot >= 0 && slot < f->regs.len && f->regs.data[slot].frame_held && f->regs.data[slot].rt == RT_OBJ;
}

/* The register of local sym: its name's shared one for a frame-held object web. */
static IrReg web_local_reg(Builder *b, IrFunc *f, Symbol *sym)
{
    Symbol *base = sym->web_base;
    if (base && base->web_held_slot < 0 && base->kind == SYM_PARAM && !base->captured && held_object_reg(f, base->slot)) {
        base->web_held_slot = base->slot;
    }
    RType rt = rtype_of(sym->type);
    if (base && base->web_held_slot >= 0 && rt == RT_OBJ && death_observable(sym->type)) {
        return base->web_held_slot;
    }
    IrReg r = local_reg(b, f, rt, sym);
    if (base && held_object_reg(f, r)) {
        base->web_held_slot = r;
    }
    return r;
}

void build_release_sibling_webs(Builder *b, const Symbol *sym, int line)
{
    const Symbol *base = sym->web_base;
    if (base && base->web_held_slot >= 0 && sym->slot != base->web_held_slot) {
        bld_move(b, base->web_held_slot, bld_prim(b, PRIM_OBJ_NULL, line, -1, -1), line);
    }
}

static void build_func_body(Builder *b, SemaFunc *sf)
{
    b->f = b->m->funcs.data[sf->sym->slot];
    b->ret_type = sf->ret;
    b->sf = sf;
    Scope *sc = sf->scope;
    link_webs(b, sc);
    for (int i = 0; i < sc->syms.len; i++) {
        Symbol *sym = sc->syms.data[i];
        if (sym->kind == SYM_LOCAL && sym->type && !sym->captured) {
            sym->slot = web_local_reg(b, b->f, sym);
            if (sym->needs_bound_flag) {
                const char *flag = arena_printf(&b->ctx->arena, "%s.bound", sym->name);
                sym->bound_slot = ir_new_reg(b->ctx, b->f, RT_BOOL, flag);
            }
        }
    }
    bld_switch(b, bld_block(b));
    /* a generator's frame is counted at each resume (runtime/gen.c); a typed copy's by
     * the function whose entry calls it (build_spec_entry.c) */
    if (!sf->generator && !sf->spec_of) {
        bld_prim(b, PRIM_STACK_CHECK, sf->def->loc.line, -1, -1);
    }
    build_spec_entry(b, sf);
    build_closure_entry(b, sf);
    build_body(b, &sf->def->u.funcdef.body);
    if (!ir_block_terminated(b->cur)) {
        if (b->f->ret != RT_NONE && b->f->ret != RT_OBJ) {
            /* only a with whose __exit__ swallowed an exception gets here */
            bld_prim(b, PRIM_NO_RETURN_VALUE, sf->def->loc.end_line, -1, -1);
        }
        if (b->f->nsplit) {
            bld_op(b, IR_RETURN_ERROR, sf->def->loc.line, -1, 0);   /* not reached: the prim raised */
            return;
        }
        emit_return_none(b, sf->def->loc.line);
    }
}

/* Where the module body has surely bound sym: the end of its first `NAME: Final = v`
 * among the top-level statements (one that may not run, under an if or a try, does not
 * count). Code written after it is created (def, class) or run (module code) only after
 * that statement ran; line 0 when there is no such statement. */
static Loc final_bound_from(const AstStmtVec *body, const Symbol *sym)
{
    for (int i = 0; i < body->len; i++) {
        const AstStmt *st = body->data[i];
        if (st->kind == STMT_ANNASSIGN && st->u.annassign.value &&
            st->u.annassign.target->kind == EXPR_NAME && st->u.annassign.target->u.name.sym == sym) {
            Loc at = {.line = st->loc.end_line, .col = st->loc.end_col};
            return at;
        }
    }
    return (Loc){0};
}

/* Module globals: one static per module-level constant, also a module attribute. */
static void declare_globals(Builder *b)
{
    Scope *sc = b->sm->scope;
    for (int i = 0; i < sc->syms.len; i++) {
        Symbol *sym = sc->syms.data[i];
        if (sym->kind == SYM_GLOBAL && sym->type && sym->is_final) {
            sym->slot = ir_add_global(b->ctx, b->m, sym->name, rtype_of(sym->type), true);
            b->m->globals.data[sym->slot].bound_from = final_bound_from(&b->sm->ast->body, sym);
        }
    }
}


/* Without lone surrogates (ED A0..BF ..) or \N{} marks: text C code may hand to
 * PyUnicode_FromString. */
static bool plain_utf8(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == STR_NAME_MARK || (p[0] == 0xED && p[1] >= 0xA0 && p[1] <= 0xBF)) {
            return false;
        }
    }
    return true;
}

/* Does module code (outside defs and classes) hold an annotated name? */
static bool has_annotations(const AstStmtVec *body)
{
    for (int i = 0; i < body->len; i++) {
        const AstStmt *st = body->data[i];
        switch (st->kind) {
        case STMT_ANNASSIGN:
            if (st->u.annassign.target->kind == EXPR_NAME) {
                return true;
            }
            break;
        case STMT_IF:
            if (has_annotations(&st->u.if_.body) || has_annotations(&st->u.if_.orelse)) return true;
            break;
        case STMT_FOR:
            if (has_annotations(&st->u.for_.body) || has_annotations(&st->u.for_.orelse)) return true;
            break;
        case STMT_WHILE:
            if (has_annotations(&st->u.while_.body) || has_annotations(&st->u.while_.orelse)) return true;
            break;
        case STMT_WITH:
            if (has_annotations(&st->u.with.body)) return true;
            break;
        case STMT_TRY:
            if (has_annotations(&st->u.try_.body) || has_annotations(&st->u.try_.orelse) ||
                has_annotations(&st->u.try_.finalbody)) return true;
            for (int h = 0; h < st->u.try_.handlers.len; h++) {
                if (has_annotations(&st->u.try_.handlers.data[h].body)) return true;
            }
            break;
        default:
            break;
        }
    }
    return false;
}

/* A typed copy dropped in the last analysis (sema/module.c) is not built. */
static bool live_func(const SemaFunc *sf)
{
    return !sf->spec_of || !sf->def->keep_reason;
}

IrModule *ir_build(Ctx *ctx, SemaModule *sm)
{
    Builder b = {.ctx = ctx, .sm = sm, .class_ns = -1, .once_hash = -1};
    const SourceFile *src = sm->ast->file;
    b.m = ir_module_new(ctx, src->abs_path ? src->abs_path : src->path);
    b.m->doc = sm->ast->docstring;
    b.m->future_annotations = sm->future_annotations;
    declare_globals(&b);
    build_declare_classes(&b);
    for (int i = 0; i < sm->funcs.len; i++) {
        if (live_func(sm->funcs.data[i])) {
            declare_func(&b, sm->funcs.data[i]);
        }
    }
    for (int i = 0; i < sm->funcs.len; i++) {
        SemaFunc *sf = sm->funcs.data[i];
        if (sf->spec && live_func(sf->spec)) {
            IrFunc *f = b.m->funcs.data[sf->sym->slot];
            f->spec = b.m->funcs.data[sf->spec->sym->slot];
            f->spec_kinds = sf->def->u.funcdef.spec_kinds;
        }
    }
    for (int i = 0; i < sm->funcs.len; i++) {
        if (live_func(sm->funcs.data[i])) {
            build_func_body(&b, sm->funcs.data[i]);
        }
    }
    b.sf = NULL;
    b.free_regs = NULL;
    b.f = ir_func_new(ctx, b.m, "<module>", RT_NONE);
    b.f->c_name = "module_body";
    b.f->is_module_init = true;
    b.ret_type = &ty_none;
    b.m->init = b.f;
    bld_switch(&b, bld_block(&b));
    if (b.m->doc && !plain_utf8(b.m->doc)) {
        /* PyModuleDef.m_doc must be UTF-8: the module body sets this one */
        IrReg doc = build_str_const(&b, b.m->doc, 1);
        IrOp *op = bld_op(&b, IR_SET_MODATTR, 1, bld_temp(&b, RT_NONE), 1);
        op->args[0] = doc;
        op->u.attr = "__doc__";
        b.m->doc = NULL;
    }
    if (has_annotations(&sm->ast->body)) {
        bld_prim(&b, PRIM_SETUP_ANNOTATIONS, 1, -1, -1);   /* SETUP_ANNOTATIONS */
    }
    build_module_body(&b, &sm->ast->body);
    if (!ir_block_terminated(b.cur)) {
        emit_return_none(&b, 1);
    }
    return ctx->diags.errors ? NULL : b.m;
}
