/* test_two_compilations.c - two compilations in one process share nothing: each has
 * its own arena, interned names and interned types (sema/types.c's table lives in
 * the compilation's arena), so the second sees none of the first's state, and the
 * first can be freed while the second goes on. */
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
#include "../../compiler/emit/emit.h"

static const char *const SRC = "def total(xs: list[int], d: dict[str, tuple[int, float]]) -> int:\n"
                               "    n = 0\n"
                               "    for x in xs:\n"
                               "        n += x\n"
                               "    return n + len(d)\n";

typedef struct Compilation {
    Ctx ctx;
    SemaModule *sm;
    char *c;           /* the generated C (malloc'd) */
} Compilation;

static Compilation *compile(const char *src)
{
    Compilation *k = calloc(1, sizeof *k);
    ctx_init(&k->ctx);
    k->ctx.file = source_from_string(&k->ctx.arena, "m.py", src);
    AstModule *ast = front_parse(&k->ctx);
    assert_non_null(ast);
    k->sm = sema_run(&k->ctx, ast);
    assert_non_null(k->sm);
    IrModule *ir = ir_build(&k->ctx, k->sm);
    assert_non_null(ir);
    PassConfig passes = {NULL, NULL, 0};
    pass_run_all(&k->ctx, ir, &passes, stdout);
    StrBuf sb;
    sb_init(&sb);
    assert_true(emit_module(&k->ctx, ir, "m", &sb));
    k->c = strdup(sb.data);
    sb_free(&sb);
    return k;
}

static void release(Compilation *k)
{
    free(k->c);
    ctx_free(&k->ctx);
    free(k);
}

/* The annotation type of parameter i of the module's first function. */
static const Type *param_type(Compilation *k, int i)
{
    return k->sm->funcs.data[0]->params.data[i]->type;
}

static void test_types_are_per_compilation(void **state)
{
    Compilation *a = compile(SRC), *b = compile(SRC);
    for (int i = 0; i < 2; i++) {
        const Type *ta = param_type(a, i), *tb = param_type(b, i);
        assert_string_equal(ta->name, tb->name);
        assert_ptr_not_equal(ta, tb);   /* each compilation interned its own */
    }
    assert_string_equal(param_type(a, 0)->name, "list[int]");
    assert_string_equal(param_type(a, 1)->name, "dict[str, tuple[int, float]]");
    assert_ptr_not_equal(param_type(a, 1)->args[1], param_type(b, 1)->args[1]);   /* the tuples too */
    assert_ptr_equal(param_type(a, 0)->args[0], &ty_int);   /* builtin types are constants */
    assert_ptr_not_equal(a->sm->types, b->sm->types);
    release(a);
    release(b);
}

static void test_second_compilation_outlives_the_first(void **state)
{
    Compilation *a = compile(SRC);
    char *first_c = strdup(a->c);
    release(a);   /* everything of the first compilation is gone */
    Compilation *b = compile(SRC);
    assert_string_equal(param_type(b, 0)->name, "list[int]");
    assert_string_equal(b->c, first_c);   /* the same module gives the same C */
    Compilation *c = compile("def f(xs: list[str]) -> int:\n    return len(xs)\n");
    assert_string_equal(param_type(c, 0)->name, "list[str]");
    assert_string_equal(param_type(b, 1)->name, "dict[str, tuple[int, float]]");
    free(first_c);
    release(b);
    release(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types_are_per_compilation),
        cmocka_unit_test(test_second_compilation_outlives_the_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
