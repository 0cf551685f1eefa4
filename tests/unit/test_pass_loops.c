/* test_pass_loops.c - natural loops and preheaders (compiler/pass/loops.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../compiler/front/front.h"
#include "../../compiler/sema/sema.h"
#include "../../compiler/ir/ir.h"
#include "../../compiler/pass/pass.h"

/* The first function of src, as built (no passes). */
static IrFunc *built(Ctx *ctx, const char *src)
{
    ctx_init(ctx);
    ctx->file = source_from_string(&ctx->arena, "t.py", src);
    AstModule *m = front_parse(ctx);
    SemaModule *sm = m ? sema_run(ctx, m) : NULL;
    assert_non_null(sm);
    IrModule *ir = ir_build(ctx, sm);
    assert_non_null(ir);
    for (int i = 0; i < ir->funcs.len; i++) {
        if (!ir->funcs.data[i]->is_module_init) {
            return ir->funcs.data[i];
        }
    }
    fail();
    return NULL;
}

static int count_in(const IrFunc *f, const PassLoop *l)
{
    int n = 0;
    for (int b = 0; b < f->blocks.len; b++) {
        n += pass_in_loop(l, b);
    }
    return n;
}

static void test_nested_loops_inner_first(void **state)
{
    Ctx ctx;
    IrFunc *f = built(&ctx, "def f(n: int) -> int:\n    t = 0\n    i = 0\n    while i < n:\n        j = 0\n"
                            "        while j < n:\n            t += j\n            j += 1\n        i += 1\n    return t\n");
    PassLoopVec loops = pass_find_loops(&ctx, f);
    assert_int_equal(loops.len, 2);
    PassLoop *inner = &loops.data[0], *outer = &loops.data[1];
    assert_true(inner->blocks.len < outer->blocks.len);
    assert_int_equal(count_in(f, inner), inner->blocks.len);   /* the list and membership agree */
    assert_int_equal(count_in(f, outer), outer->blocks.len);
    for (int b = 0; b < f->blocks.len; b++) {
        assert_true(!pass_in_loop(inner, b) || pass_in_loop(outer, b));   /* the inner loop lies in the outer */
        const PassLoop *most = pass_innermost_loop(&loops, b);
        assert_ptr_equal(most, pass_in_loop(inner, b) ? inner : pass_in_loop(outer, b) ? outer : NULL);
    }
    assert_false(pass_in_loop(outer, 0));   /* the entry is in no loop */
    IrBlock *pre = pass_loop_preheader(&ctx, f, &loops, inner);   /* inside the outer loop */
    assert_non_null(pre);
    assert_true(pass_in_loop(outer, pre->id) && !pass_in_loop(inner, pre->id));
    assert_int_equal(count_in(f, outer), outer->blocks.len);
    ctx_free(&ctx);
}

static void test_preheader_takes_every_entry(void **state)
{
    Ctx ctx;
    IrFunc *f = built(&ctx, "def f(n: int, c: bool) -> int:\n    t = 0\n    if c:\n        t = 1\n"
                            "    for i in range(n):\n        t += i\n    return t\n");
    PassLoopVec loops = pass_find_loops(&ctx, f);
    assert_true(loops.len >= 1);
    PassLoop *l = &loops.data[loops.len - 1];
    IrBlock *pre = pass_loop_preheader(&ctx, f, &loops, l);
    assert_non_null(pre);
    assert_ptr_equal(pass_loop_preheader(&ctx, f, &loops, l), pre);   /* made once */
    const IrOp *go = pre->ops.data[pre->ops.len - 1];
    assert_int_equal(go->kind, IR_GOTO);
    assert_ptr_equal(go->target, l->head);
    for (int b = 0; b < f->blocks.len; b++) {   /* no jump from outside enters the head */
        const IrBlock *blk = f->blocks.data[b];
        const IrOp *t = blk->ops.data[blk->ops.len - 1];
        if (blk != pre && !pass_in_loop(l, b)) {
            assert_true(t->target != l->head && t->target2 != l->head);
        }
    }
    ir_verify(f);
    ctx_free(&ctx);
}

static void test_straight_code_has_no_loops(void **state)
{
    Ctx ctx;
    IrFunc *f = built(&ctx, "def f(a: int) -> int:\n    if a > 1:\n        return a\n    return -a\n");
    assert_int_equal(pass_find_loops(&ctx, f).len, 0);
    ctx_free(&ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_loops_inner_first),
        cmocka_unit_test(test_preheader_takes_every_entry),
        cmocka_unit_test(test_straight_code_has_no_loops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
