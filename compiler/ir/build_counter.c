/* build_counter.c - `Counter(iterable)` and `collections.Counter(iterable)` (one
 * positional argument, nothing else) as one runtime step that counts into collections'
 * own Counter without running its Python __init__ and update, item by item as its
 * _count_elements does (runtime/counter.c Pyc2c_CallCounter). The spelling only picks
 * the site: what the name holds is checked at each call, and anything else (a subclass,
 * a patched Counter, another class of that name, a Mapping argument) is called as
 * written. The callee is read before the argument, as in the call.
 *
 * Counter(genexp) (sema/genexp.c, consumer 'C') counts the genexp's items as its loop
 * makes them, with no generator object resumed per item:
 *     f = Counter; it = iter(first iterable)
 *     if f is collections' own Counter (counter_fusable): counts = new f; loop over it,
 *         counting each element; the value is counts
 *     else: f(<genexpr>(it)), the generator made of the genexp's twin
 * which is CPython's order: the callee, the first iterable's iterator, then the call.
 * x.update(genexp) (consumer 'U') likewise: m = x.update (read as the call reads it);
 * it = iter(...); while m is collections' Counter.update bound to an exact Counter x,
 * the loop counts into x and the value is None; else m(<genexpr>(it)). */
#include "build.h"

#include <string.h>

static bool spelled_counter(const AstExpr *fn)
{
    const char *id = fn->kind == EXPR_NAME ? fn->u.name.id
                   : fn->kind == EXPR_ATTRIBUTE ? fn->u.attribute.attr : NULL;
    return id && strcmp(id, "Counter") == 0;
}

IrReg build_counter_call(Builder *b, AstExpr *e)
{
    if (e->u.call.args.len != 1 || e->u.call.keywords.len != 0 || sema_call_unpacks(e) ||
        !spelled_counter(e->u.call.func) || e->u.call.args.data[0]->kind == EXPR_STARRED ||
        sema_constructed_class(e) || (e->type && e->type->kind != TY_OBJECT)) {   /* the module's own class */
        return -1;
    }
    IrReg f = build_expr_as(b, e->u.call.func, &ty_object);
    IrReg x = build_expr_as(b, e->u.call.args.data[0], &ty_object);
    return bld_prim(b, PRIM_COUNTER_OF, e->loc.line, f, x);
}

/* fn(arg) as the C API calls it */
static IrReg call1(Builder *b, IrReg fn, IrReg arg, int line)
{
    IrOp *op = bld_op(b, IR_CALL_OBJ, line, bld_temp(b, RT_OBJ), 2);
    op->args[0] = fn;
    op->args[1] = arg;
    return op->dst;
}

IrReg build_counter_loop(Builder *b, AstExpr *e)
{
    AstExpr *g = e->u.call.args.data[0], *twin = g->u.comp.twin, *xs = g->u.comp.generators.data[0].iter;
    AstExpr *fn = e->u.call.func;
    int line = e->loc.line;
    bool update = g->u.comp.consumer == 'U';
    if (!twin || !twin->u.comp.as_call) {
        ICE("Counter(genexp) without its twin");
    }
    IrReg x = update ? build_expr_as(b, fn->u.attribute.value, &ty_object) : -1;
    IrReg f = update ? bld_prim(b, PRIM_OBJ_GETATTR, line, x, build_str_const(b, "update", line))
                     : build_expr_as(b, fn, &ty_object);
    IrReg it = bld_prim(b, PRIM_OBJ_ITER, xs->loc.line, build_expr_as(b, xs, &ty_object), -1);
    IrReg result = bld_temp(b, RT_OBJ);
    IrBlock *loop = bld_block(b), *call = bld_block(b), *join = bld_block(b);
    IrReg fusable = update ? bld_prim(b, PRIM_COUNTER_UPDATE_FUSABLE, line, x, f) : bld_prim(b, PRIM_COUNTER_FUSABLE, line, f, -1);
    bld_branch(b, fusable, loop, call, line);
    bld_switch(b, loop);
    IrReg counts = update ? x : bld_prim(b, PRIM_COUNTER_NEW, line, f, -1);
    build_count_loops(b, e, it, counts);
    bld_move(b, result, update ? bld_coerce(b, bld_none(b, line), &ty_none, &ty_object, line) : counts, line);
    bld_goto(b, join, line);
    bld_switch(b, call);
    IrReg gen = call1(b, build_expr(b, twin->u.comp.as_call), it, g->loc.line);
    bld_prim(b, PRIM_OBJ_LAST_USE, line, it, -1);
    bld_move(b, result, update ? call1(b, f, gen, line) : bld_prim(b, PRIM_COUNTER_OF, line, f, gen), line);
    bld_goto(b, join, line);
    bld_switch(b, join);
    return result;
}
