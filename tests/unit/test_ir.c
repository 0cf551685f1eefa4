/* test_ir.c - the IR builder, printer, verifier and the passes (compiler/ir, compiler/pass). */
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

/* Source -> IR text, optionally after every pass. */
static char *ir_text(const char *src, bool passes)
{
    Ctx ctx;
    ctx_init(&ctx);
    ctx.file = source_from_string(&ctx.arena, "t.py", src);
    AstModule *m = front_parse(&ctx);
    SemaModule *sm = m ? sema_run(&ctx, m) : NULL;
    assert_non_null(sm);
    IrModule *ir = ir_build(&ctx, sm);
    assert_non_null(ir);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (passes) {
        pass_run_all(&ctx, ir, NULL, NULL);
    }
    ir_print(ir, out);
    fclose(out);
    ctx_free(&ctx);
    return buf;
}

static void test_builder_boxes_and_converts_explicitly(void **state)
{
    char *t = ir_text("def add(a: int, b: float) -> float:\n    return a + b\n", false);
    assert_string_equal(t,
        "def add(a: INT, b: FLOAT) -> FLOAT:\n"
        "  L0:\n"
        "    %2: NONE = prim stack_check\n"
        "    %3: FLOAT = prim int_to_float %a.0\n"
        "    %4: FLOAT = prim float_add %3, %b.1\n"
        "    return %4\n"
        "def <module>() -> NONE:\n"
        "  L0:\n"
        "    %0: NONE = define_func add\n"
        "    %1: NONE = const None\n"
        "    return %1\n");
    free(t);
}

static void test_int_literal_meets_float_as_float_constant(void **state)
{
    char *t = ir_text("def f(x: float) -> float:\n    return x * 2\n", false);
    assert_non_null(strstr(t, "%2: FLOAT = const 2\n"));
    assert_non_null(strstr(t, "prim float_mul %x.0, %2"));
    assert_null(strstr(t, "int_to_float"));
    free(t);
}

static void test_error_branches_after_failing_ops(void **state)
{
    char *t = ir_text("def f(n: int) -> int:\n    m = n // 3\n    return m // n\n", true);
    assert_non_null(strstr(t, "prim int_floordiv"));
    assert_non_null(strstr(t, "errbranch"));
    assert_non_null(strstr(t, "# error handler"));
    /* two handlers alike but for their line share one block (pass/errshare.c): each sets
     * the line register, the shared traceback reads it (the entry check's handler adds
     * no entry: the frame was not entered) */
    assert_non_null(strstr(t, "I64 = const 2 @9-2:15\n"));   /* line 2, n // 3 */
    assert_non_null(strstr(t, "I64 = const 3 @12-3:18\n"));   /* line 3, m // n */
    assert_non_null(strstr(t, "traceback line %"));
    assert_non_null(strstr(t, "return_error"));
    free(t);
}

static void test_refcount_borrows_unwritten_params(void **state)
{
    char *t = ir_text("def f(n: int) -> int:\n    return n\n", true);
    /* n is borrowed: returning it takes a new reference, nothing is released */
    assert_non_null(strstr(t, "    incref %n.0\n    return %n.0\n"));
    assert_null(strstr(t, "decref %n.0"));
    free(t);
    t = ir_text("def f(n: int) -> int:\n    n = n + 1\n    return n\n", true);
    /* a written parameter is owned from the entry on */
    assert_non_null(strstr(t, "  L0:\n    incref %n.0\n"));
    free(t);
}

static void test_temporaries_released_after_last_use(void **state)
{
    char *t = ir_text("def f(n: int) -> int:\n    return f(n - 1) + 1\n", true);
    /* n - 1 dies at the call: released and cleared right after it */
    assert_non_null(strstr(t, "call f %3\n    decref %3\n    clear %3\n"));
    free(t);
}

static void test_range_loop_has_small_int_fast_path(void **state)
{
    char *t = ir_text("def f(a: int, n: int) -> int:\n    t = 0\n    for i in range(a, n):\n        t += i\n    return t\n", false);
    assert_non_null(strstr(t, "prim int_is_small"));
    assert_non_null(strstr(t, "prim range_lt_small"));
    assert_non_null(strstr(t, "prim range_add_small"));
    assert_non_null(strstr(t, "prim int_lt"));
    free(t);
}

/* range(n): the counter starts at a literal, so only the short-int path is built, its
 * stop clamped to the short ints (build_range.c bounded_counter) */
static void test_range_from_literal_has_only_short_path(void **state)
{
    char *t = ir_text("def f(n: int) -> int:\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n", false);
    assert_non_null(strstr(t, "prim range_clamp "));
    assert_non_null(strstr(t, "prim range_clamp_exit_up"));
    assert_non_null(strstr(t, "prim range_add_small"));
    assert_null(strstr(t, "prim int_is_small"));
    assert_null(strstr(t, "prim int_lt "));
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builder_boxes_and_converts_explicitly),
        cmocka_unit_test(test_int_literal_meets_float_as_float_constant),
        cmocka_unit_test(test_error_branches_after_failing_ops),
        cmocka_unit_test(test_refcount_borrows_unwritten_params),
        cmocka_unit_test(test_temporaries_released_after_last_use),
        cmocka_unit_test(test_range_loop_has_small_int_fast_path),
        cmocka_unit_test(test_range_from_literal_has_only_short_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
