/* test_sema.c - scopes, inference and type errors (compiler/sema). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../compiler/front/front.h"
#include "../../compiler/sema/sema.h"

typedef struct Checked {
    Ctx ctx;
    SemaModule *sm;
    char *errors;     /* all diagnostics as printed */
} Checked;

static Checked *check_with(const char *src, bool strict)
{
    Checked *c = calloc(1, sizeof *c);
    ctx_init(&c->ctx);
    c->ctx.strict = strict;
    c->ctx.file = source_from_string(&c->ctx.arena, "t.py", src);
    AstModule *m = front_parse(&c->ctx);
    assert_non_null(m);
    assert_int_equal(c->ctx.diags.errors, 0);
    c->sm = sema_run(&c->ctx, m);
    size_t len = 0;
    FILE *out = open_memstream(&c->errors, &len);
    diags_print(&c->ctx.diags, out);
    fclose(out);
    return c;
}

static Checked *check(const char *src)
{
    return check_with(src, false);
}

static void done(Checked *c)
{
    free(c->errors);
    ctx_free(&c->ctx);
    free(c);
}

static const Symbol *local(Checked *c, int func, const char *name)
{
    Scope *s = c->sm->funcs.data[func]->scope;
    return scope_lookup_local(s, intern_cstr(c->ctx.names, name));
}

static void test_infers_local_types(void **state)
{
    Checked *c = check("def f(a: int, b: float) -> float:\n"
                       "    x = a * 2\n"
                       "    y = x / 3\n"
                       "    z = b + x\n"
                       "    w = a < b\n"
                       "    return y + z\n");
    assert_non_null(c->sm);
    assert_ptr_equal(local(c, 0, "x")->type, &ty_int);
    assert_ptr_equal(local(c, 0, "y")->type, &ty_float);
    assert_ptr_equal(local(c, 0, "z")->type, &ty_float);
    assert_ptr_equal(local(c, 0, "w")->type, &ty_bool);
    assert_int_equal(local(c, 0, "a")->kind, SYM_PARAM);
    done(c);
}

static void test_type_of_later_assignment(void **state)
{
    /* `prev` is read before its assignment in source order (second round) */
    Checked *c = check("def f(n: int) -> int:\n"
                       "    total = 0\n"
                       "    for i in range(n):\n"
                       "        if i > 0:\n"
                       "            total += prev\n"
                       "        prev = i\n"
                       "    return total\n");
    assert_non_null(c->sm);
    assert_ptr_equal(local(c, 0, "prev")->type, &ty_int);
    assert_true(local(c, 0, "prev")->needs_bound_flag);
    assert_false(local(c, 0, "total")->needs_bound_flag);
    done(c);
}

static void test_mixed_and_or_is_object(void **state)
{
    Checked *c = check("def f(a: int, b: float) -> float:\n"
                       "    x = a or b\n"
                       "    y = a if a else a\n"
                       "    return x\n");
    assert_non_null(c->sm);
    assert_ptr_equal(local(c, 0, "x")->type, &ty_object);
    assert_ptr_equal(local(c, 0, "y")->type, &ty_int);
    done(c);
}

static void assert_error_with(const char *src, const char *expected, bool strict)
{
    Checked *c = check_with(src, strict);
    assert_null(c->sm);
    if (!strstr(c->errors, expected)) {
        fail_msg("expected \"%s\" in:\n%s", expected, c->errors);
    }
    done(c);
}

static void assert_error(const char *src, const char *expected)
{
    assert_error_with(src, expected, false);
}

static void test_type_errors(void **state)
{
    assert_error("x: int = \"a\"\n",
                 "t.py:1:10: error: incompatible types in assignment (expression has type \"str\", variable has type \"int\")");
    assert_error("def f(x: int) -> int:\n    return 1.5\n",
                 "t.py:2:12: error: incompatible return value type (got \"float\", expected \"int\")");
    assert_error("def f(x: int) -> int:\n    return x\ndef g() -> int:\n    return f(1, 2)\n",
                 "error: too many arguments for \"f\"");
    assert_error("def f(a: int, b: int) -> int:\n    return a\ndef g() -> int:\n    return f()\n",
                 "error: missing positional arguments \"a\", \"b\" in call to \"f\"");
    assert_error("def f(x: int) -> int:\n    if x:\n        return 1\n", "error: missing return statement");
    /* gradual typing: only an annotated local is held to its type */
    assert_error("def f(x: int) -> int:\n    y: int = 1\n    y = 2.5\n    return y\n",
                 "incompatible types in assignment (expression has type \"float\", variable has type \"int\")");
    assert_error_with("def f() -> int:\n    return g\n", "error: name \"g\" is not defined", true);
    assert_error("def f() -> None:\n    break\n", "error: 'break' outside loop");
}

static void test_strict_reports_every_construct(void **state)
{
    assert_error_with("class C:\n    class D:\n        pass\n",
                      "t.py:2:5: error: not supported yet: class definition in a class body", true);
    assert_error_with("def f() -> object:\n    return lambda: (yield 1)\n",
                      "t.py:2:21: error: not supported yet: yield expression", true);
    assert_error_with("async def a() -> None:\n    pass\n",
                      "t.py:1:1: error: not supported yet: async function", true);
}

static void test_outside_the_subset_is_kept_as_python(void **state)
{
    Checked *c = check("class C:\n    class D:\n        pass\n"
                       "def f(n: int) -> int:\n    return n + 1\n"
                       "async def g(n: int) -> object:\n    return n\n"
                       "def h(n: int) -> object:\n    return C(n) if n else g(n)\n");
    assert_non_null(c->sm);
    assert_string_equal(c->errors, "");
    AstStmtVec *body = &c->sm->ast->body;
    assert_string_equal(body->data[0]->keep_reason, "class definition in a class body");
    assert_null(body->data[1]->keep_reason);
    assert_string_equal(body->data[2]->keep_reason, "async function");
    assert_null(body->data[3]->keep_reason);            /* calls C and g as objects */
    assert_int_equal(c->sm->kept, 2);
    assert_int_equal(c->sm->funcs.len, 2);             /* f and h are native */
    done(c);
}

static void test_type_errors_in_kept_code_are_dropped(void **state)
{
    Checked *c = check("async def f(n: int) -> int:\n    x: int = 'a'\n    return n\n");
    assert_non_null(c->sm);
    assert_string_equal(c->errors, "");
    done(c);
}

/* A local read by a nested function lives in a cell; each function between the two
 * carries it in its closure; qualified names say where each function is defined. */
static void test_closures_capture_through_every_level(void **state)
{
    Checked *c = check("def f(n: int):\n    k = 1\n    u = 2\n    def g():\n        return lambda: n + k\n"
                       "    return g, u\n");
    assert_non_null(c->sm);
    assert_string_equal(c->errors, "");
    assert_int_equal(c->sm->funcs.len, 3);
    SemaFunc *g = c->sm->funcs.data[1], *lam = c->sm->funcs.data[2];
    assert_string_equal(g->qualname, "f.<locals>.g");
    assert_string_equal(lam->qualname, "f.<locals>.g.<locals>.<lambda>");
    assert_ptr_equal(lam->parent, g);
    assert_int_equal(g->freevars.len, 2);
    assert_int_equal(lam->freevars.len, 2);
    assert_true(local(c, 0, "n")->captured);
    assert_true(local(c, 0, "k")->captured);
    assert_false(local(c, 0, "u")->captured);
    done(c);
}

static void test_assignability(void **state)
{
    assert_true(type_assignable(&ty_float, &ty_int));
    assert_true(type_assignable(&ty_int, &ty_bool));
    assert_false(type_assignable(&ty_int, &ty_float));
    assert_false(type_assignable(&ty_bool, &ty_int));
    assert_true(type_assignable(&ty_object, &ty_float));
    assert_true(type_assignable(&ty_i64, &ty_int));
    assert_ptr_equal(type_numeric_join(&ty_int, &ty_float), &ty_float);
    assert_ptr_equal(type_numeric_join(&ty_bool, &ty_int), &ty_int);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_infers_local_types),
        cmocka_unit_test(test_type_of_later_assignment),
        cmocka_unit_test(test_mixed_and_or_is_object),
        cmocka_unit_test(test_type_errors),
        cmocka_unit_test(test_strict_reports_every_construct),
        cmocka_unit_test(test_outside_the_subset_is_kept_as_python),
        cmocka_unit_test(test_type_errors_in_kept_code_are_dropped),
        cmocka_unit_test(test_closures_capture_through_every_level),
        cmocka_unit_test(test_assignability),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
