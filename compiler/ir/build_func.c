/* build_func.c - nested functions, lambdas and closures. A captured variable's register
 * holds its cell (an object), made when its function starts (or its comprehension
 * does); loads, stores and deletes go through the cell, boxed. A nested function
 * gets the cells it uses as a tuple (its closure), and loads them into registers
 * when it starts; its function object is made each time its def or lambda runs. */
#include "build.h"

/* The register holding sym's cell in the function being built. */
static IrReg cell_of(Builder *b, const Symbol *sym, bool *free)
{
    *free = false;
    for (int i = 0; b->sf && i < b->sf->freevars.len; i++) {
        if (b->sf->freevars.data[i]->name == sym->name) {
            *free = true;
            return b->free_regs[i];
        }
    }
    return sym->slot;
}

/* The register of sym's cell itself (super() reads __class__ from it: PRIM_CELL_GET_SUPER). */
IrReg build_load_cell_register(Builder *b, Symbol *sym)
{
    bool free;
    return cell_of(b, sym, &free);
}

IrReg build_load_cell(Builder *b, Symbol *sym, int line)
{
    bool free;
    IrReg cell = cell_of(b, sym, &free);
    PrimId get = free ? PRIM_CELL_GET_FREE
                 : b->comp_depth > 0 && !sym->comp_var ? PRIM_CELL_GET_COMP : PRIM_CELL_GET_LOCAL;
    IrReg v = bld_prim(b, get, line, cell, build_str_const(b, sym->name, line));
    return bld_coerce(b, v, &ty_object, sym->type, line);
}

void build_store_cell(Builder *b, Symbol *sym, IrReg value, int line)
{
    bool free;
    IrReg cell = cell_of(b, sym, &free);
    bld_prim(b, PRIM_CELL_SET, line, cell, bld_coerce(b, value, sym->type, &ty_object, line));
}

/* del x (UnboundLocalError or NameError when empty); after an except clause, its
 * name is set to None then deleted, as CPython does, which cannot fail. */
void build_del_cell(Builder *b, Symbol *sym, bool quiet, int line)
{
    bool free;
    IrReg cell = cell_of(b, sym, &free);
    IrReg name = build_str_const(b, sym->name, line);
    if (quiet) {
        AstExpr none = {.kind = EXPR_CONST, .type = &ty_none, .u.constant = {.kind = CONST_NONE}};
        bld_prim(b, PRIM_CELL_SET, line, cell, build_expr_as(b, &none, &ty_object));
    }
    bld_prim(b, free ? PRIM_CELL_DEL_FREE : PRIM_CELL_DEL_LOCAL, line, cell, name);
}

/* A new empty cell in sym's register (a comprehension's variable: one per run). */
void build_new_cell(Builder *b, Symbol *sym, int line)
{
    sym->slot = ir_new_reg(b->ctx, b->f, RT_OBJ, arena_printf(&b->ctx->arena, "%s.cell", sym->name));
    bld_move(b, sym->slot, bld_prim(b, PRIM_CELL_NEW, line, -1, -1), line);
}

/* At the start of sf's body: its closure's cells into registers, new cells for its
 * captured locals, and its captured parameters moved into cells. */
void build_closure_entry(Builder *b, SemaFunc *sf)
{
    int line = sf->def->loc.line;
    b->free_regs = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(sf->freevars.len + 1));
    if (sema_reads_class_cell(sf)) {
        IrOp *op = bld_op(b, IR_CLASS_CELL, line, bld_temp(b, RT_OBJ), 0);
        op->u.cls = sf->cls->u.classdef.native->index;
        b->free_regs[0] = op->dst;
    }
    for (int i = 0; i < sema_closure_cells(sf); i++) {
        b->free_regs[i] = bld_prim(b, PRIM_CLOSURE_CELL, line, build_i64_const(b, i), -1);
    }
    Scope *sc = sf->scope;
    for (int i = 0; i < sc->syms.len; i++) {
        Symbol *sym = sc->syms.data[i];
        if (!sym->captured || (sym->kind != SYM_LOCAL && sym->kind != SYM_PARAM)) {
            continue;
        }
        IrReg param = sym->slot;
        if (!sym->type) {
            sym->type = &ty_object;
        }
        build_new_cell(b, sym, line);
        if (sym->kind == SYM_PARAM) {
            build_store_cell(b, sym, param, line);
        }
    }
}

/* A new function object of def (nested or lambda), with its defaults and closure. */
static IrReg make_function(Builder *b, AstStmt *def, int line)
{
    SemaFunc *sf = def->u.funcdef.func;
    IrFunc *f = b->m->funcs.data[sf->sym->slot];
    build_defaults(b, def, f);
    IrReg closure = -1;
    if (sf->freevars.len > 0) {
        IrOp *t = bld_op(b, IR_BUILD, line, bld_temp(b, RT_OBJ), sf->freevars.len);
        t->u.build = IRB_TUPLE;
        for (int i = 0; i < sf->freevars.len; i++) {
            bool free;
            t->args[i] = cell_of(b, sf->freevars.data[i], &free);
        }
        closure = t->dst;
    }
    IrOp *op = bld_op(b, IR_MAKE_FUNC, line, bld_temp(b, RT_OBJ), closure >= 0 ? 1 : 0);
    op->u.callee = f;
    if (closure >= 0) {
        op->args[0] = closure;
    }
    return op->dst;
}

void build_nested_def(Builder *b, AstStmt *st)
{
    int line = st->loc.line;
    AstExprVec *decorators = &st->u.funcdef.decorators;
    IrReg *decos = arena_alloc(&b->ctx->arena, sizeof(IrReg) * (size_t)(decorators->len + 1));
    for (int i = 0; i < decorators->len; i++) {
        decos[i] = build_expr_as(b, decorators->data[i], &ty_object);
    }
    IrReg fn = build_decorate_func(b, decos, decorators->len, make_function(b, st, line), line);
    build_store(b, st->u.funcdef.name_expr, fn, line);
}

IrReg build_lambda(Builder *b, AstExpr *e)
{
    return make_function(b, e->u.lambda.def, e->loc.line);
}
