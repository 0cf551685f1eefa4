/* test_front.c - the frontend: source -> tree-sitter -> AST (compiler/front).
 * Most tests compare ast_dump output, checked against CPython's ast module
 * for the same source (f-strings excepted: CPython folds the {x=} text into
 * the neighbouring literal). Others check fields, locations and diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../compiler/front/front.h"

typedef struct Parsed {
    Ctx ctx;
    AstModule *m;
} Parsed;

static Parsed *parse(const char *src)
{
    Parsed *p = malloc(sizeof *p);
    ctx_init(&p->ctx);
    p->ctx.file = source_from_string(&p->ctx.arena, "t.py", src);
    p->m = front_parse(&p->ctx);
    assert_non_null(p->m);
    return p;
}

static void done(Parsed *p)
{
    ctx_free(&p->ctx);
    free(p);
}

static char *dump_of(const AstModule *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ast_dump(m, f);
    fclose(f);
    return buf;
}

static char *diags_of(const Diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diags_print(d, f);
    fclose(f);
    return buf;
}

/* Parses src, which must be free of errors, and compares its dump. */
static void check_dump(const char *src, const char *expected)
{
    Parsed *p = parse(src);
    char *diags = diags_of(&p->ctx.diags);
    assert_string_equal(diags, "");
    char *dump = dump_of(p->m);
    assert_string_equal(dump, expected);
    free(diags);
    free(dump);
    done(p);
}

/* Parses src and compares the printed diagnostics. */
static void check_diags(const char *src, const char *expected)
{
    Parsed *p = parse(src);
    char *diags = diags_of(&p->ctx.diags);
    assert_string_equal(diags, expected);
    free(diags);
    done(p);
}

/* The value of the first statement, an expression statement. */
static AstExpr *first_expr(Parsed *p)
{
    assert_true(p->m->body.len > 0);
    assert_int_equal(p->m->body.data[0]->kind, STMT_EXPR);
    return p->m->body.data[0]->u.expr.value;
}

static void assert_loc(Loc loc, int line, int col, int end_line, int end_col)
{
    assert_int_equal(loc.line, line);
    assert_int_equal(loc.col, col);
    assert_int_equal(loc.end_line, end_line);
    assert_int_equal(loc.end_col, end_col);
}

/* ================= AST dumps, one per statement/expression family ========= */

static void funcdef_typed_params_defaults(void **state)
{
    (void)state;
    check_dump(
        "def f(a: int, b: float = 1.5, c=2) -> int:\n"
        "    return a\n",
        "(Module\n"
        "  (FunctionDef f\n"
        "    (arguments\n"
        "      (arg a\n"
        "        (annotation\n"
        "          (Name int)))\n"
        "      (arg b\n"
        "        (annotation\n"
        "          (Name float))\n"
        "        (default\n"
        "          (Const float 1.5)))\n"
        "      (arg c\n"
        "        (default\n"
        "          (Const int 2))))\n"
        "    (returns\n"
        "      (Name int))\n"
        "    (body\n"
        "      (Return\n"
        "        (Name a)))))\n");
}

static void funcdef_all_param_forms(void **state)
{
    (void)state;
    check_dump(
        "def f(a, /, b, *args, c, d=1, **kw): pass\n",
        "(Module\n"
        "  (FunctionDef f\n"
        "    (arguments\n"
        "      (posonly a)\n"
        "      (arg b)\n"
        "      (vararg args)\n"
        "      (kwonly c)\n"
        "      (kwonly d\n"
        "        (default\n"
        "          (Const int 1)))\n"
        "      (kwarg kw))\n"
        "    (body\n"
        "      (Pass))))\n");
}

static void funcdef_kwonly_marker_and_posonly_default(void **state)
{
    (void)state;
    check_dump(
        "def f(a=1, /, *, k): pass\n",
        "(Module\n"
        "  (FunctionDef f\n"
        "    (arguments\n"
        "      (posonly a\n"
        "        (default\n"
        "          (Const int 1)))\n"
        "      (kwonly k))\n"
        "    (body\n"
        "      (Pass))))\n");
}

static void async_funcdef_with_decorators(void **state)
{
    (void)state;
    check_dump(
        "@cache\n"
        "@lru_cache(maxsize=10)\n"
        "async def f(): ...\n",
        "(Module\n"
        "  (FunctionDef f async\n"
        "    (decorators\n"
        "      (Name cache)\n"
        "      (Call\n"
        "        (Name lru_cache)\n"
        "        (keyword maxsize\n"
        "          (Const int 10))))\n"
        "    (arguments)\n"
        "    (body\n"
        "      (Expr\n"
        "        (Const Ellipsis)))))\n");
}

static void funcdef_type_params(void **state)
{
    (void)state;
    check_dump(
        "def f[T](x: T) -> T: return x\n",
        "(Module\n"
        "  (FunctionDef f typeparams\n"
        "    (arguments\n"
        "      (arg x\n"
        "        (annotation\n"
        "          (Name T))))\n"
        "    (returns\n"
        "      (Name T))\n"
        "    (body\n"
        "      (Return\n"
        "        (Name x)))))\n");
}

static void classdef_bases_keywords_body(void **state)
{
    (void)state;
    check_dump(
        "@dataclass(slots=True)\n"
        "class P(Base, metaclass=M):\n"
        "    x: int\n"
        "    y: float = 0.0\n"
        "    def m(self): pass\n",
        "(Module\n"
        "  (ClassDef P\n"
        "    (decorators\n"
        "      (Call\n"
        "        (Name dataclass)\n"
        "        (keyword slots\n"
        "          (Const True))))\n"
        "    (bases\n"
        "      (Name Base))\n"
        "    (keyword metaclass\n"
        "      (Name M))\n"
        "    (body\n"
        "      (AnnAssign simple\n"
        "        (Name x store)\n"
        "        (Name int))\n"
        "      (AnnAssign simple\n"
        "        (Name y store)\n"
        "        (Name float)\n"
        "        (Const float 0))\n"
        "      (FunctionDef m\n"
        "        (arguments\n"
        "          (arg self))\n"
        "        (body\n"
        "          (Pass))))))\n");
}

static void chained_assignment(void **state)
{
    (void)state;
    check_dump(
        "a = b = 1\n",
        "(Module\n"
        "  (Assign\n"
        "    (Name a store)\n"
        "    (Name b store)\n"
        "    (Const int 1)))\n");
}

static void tuple_list_starred_targets(void **state)
{
    (void)state;
    check_dump(
        "a, (b, c), [d, *e] = x\n",
        "(Module\n"
        "  (Assign\n"
        "    (Tuple store\n"
        "      (Name a store)\n"
        "      (Tuple store paren\n"
        "        (Name b store)\n"
        "        (Name c store))\n"
        "      (List store\n"
        "        (Name d store)\n"
        "        (Starred store\n"
        "          (Name e store))))\n"
        "    (Name x)))\n");
}

static void attribute_and_subscript_targets(void **state)
{
    (void)state;
    check_dump(
        "o.x, o[i] = 1, 2\n",
        "(Module\n"
        "  (Assign\n"
        "    (Tuple store\n"
        "      (Attribute x store\n"
        "        (Name o))\n"
        "      (Subscript store\n"
        "        (Name o)\n"
        "        (Name i)))\n"
        "    (Tuple\n"
        "      (Const int 1)\n"
        "      (Const int 2))))\n");
}

static void augmented_assignments(void **state)
{
    (void)state;
    check_dump(
        "x += 1\n"
        "x -= 1\n"
        "x *= 2\n"
        "x @= m\n"
        "x /= 2\n"
        "x //= 2\n"
        "x %= 3\n"
        "x **= 2\n"
        "x <<= 1\n"
        "x >>= 1\n"
        "x &= 1\n"
        "x |= 1\n"
        "x ^= 1\n",
        "(Module\n"
        "  (AugAssign +=\n"
        "    (Name x store)\n"
        "    (Const int 1))\n"
        "  (AugAssign -=\n"
        "    (Name x store)\n"
        "    (Const int 1))\n"
        "  (AugAssign *=\n"
        "    (Name x store)\n"
        "    (Const int 2))\n"
        "  (AugAssign @=\n"
        "    (Name x store)\n"
        "    (Name m))\n"
        "  (AugAssign /=\n"
        "    (Name x store)\n"
        "    (Const int 2))\n"
        "  (AugAssign //=\n"
        "    (Name x store)\n"
        "    (Const int 2))\n"
        "  (AugAssign %=\n"
        "    (Name x store)\n"
        "    (Const int 3))\n"
        "  (AugAssign **=\n"
        "    (Name x store)\n"
        "    (Const int 2))\n"
        "  (AugAssign <<=\n"
        "    (Name x store)\n"
        "    (Const int 1))\n"
        "  (AugAssign >>=\n"
        "    (Name x store)\n"
        "    (Const int 1))\n"
        "  (AugAssign &=\n"
        "    (Name x store)\n"
        "    (Const int 1))\n"
        "  (AugAssign |=\n"
        "    (Name x store)\n"
        "    (Const int 1))\n"
        "  (AugAssign ^=\n"
        "    (Name x store)\n"
        "    (Const int 1)))\n");
}

static void annotated_assignments(void **state)
{
    (void)state;
    check_dump(
        "x: int = 1\n"
        "y: list[int]\n"
        "(z): int = 2\n"
        "o.a: float = 1.0\n",
        "(Module\n"
        "  (AnnAssign simple\n"
        "    (Name x store)\n"
        "    (Name int)\n"
        "    (Const int 1))\n"
        "  (AnnAssign simple\n"
        "    (Name y store)\n"
        "    (Subscript\n"
        "      (Name list)\n"
        "      (Name int)))\n"
        "  (AnnAssign\n"
        "    (Name z store)\n"
        "    (Name int)\n"
        "    (Const int 2))\n"
        "  (AnnAssign\n"
        "    (Attribute a store\n"
        "      (Name o))\n"
        "    (Name float)\n"
        "    (Const float 1)))\n");
}

static void if_elif_else(void **state)
{
    (void)state;
    check_dump(
        "if a:\n"
        "    pass\n"
        "elif b:\n"
        "    x = 1\n"
        "else:\n"
        "    x = 2\n",
        "(Module\n"
        "  (If\n"
        "    (Name a)\n"
        "    (body\n"
        "      (Pass))\n"
        "    (orelse\n"
        "      (If\n"
        "        (Name b)\n"
        "        (body\n"
        "          (Assign\n"
        "            (Name x store)\n"
        "            (Const int 1)))\n"
        "        (orelse\n"
        "          (Assign\n"
        "            (Name x store)\n"
        "            (Const int 2)))))))\n");
}

static void while_break_continue_else(void **state)
{
    (void)state;
    check_dump(
        "while x < 10:\n"
        "    if x:\n"
        "        break\n"
        "    continue\n"
        "else:\n"
        "    pass\n",
        "(Module\n"
        "  (While\n"
        "    (Compare <\n"
        "      (Name x)\n"
        "      (Const int 10))\n"
        "    (body\n"
        "      (If\n"
        "        (Name x)\n"
        "        (body\n"
        "          (Break)))\n"
        "      (Continue))\n"
        "    (orelse\n"
        "      (Pass))))\n");
}

static void for_else_and_async_for(void **state)
{
    (void)state;
    check_dump(
        "for i, v in enumerate(xs):\n"
        "    pass\n"
        "else:\n"
        "    pass\n"
        "async def g():\n"
        "    async for x in y:\n"
        "        pass\n",
        "(Module\n"
        "  (For\n"
        "    (Tuple store\n"
        "      (Name i store)\n"
        "      (Name v store))\n"
        "    (Call\n"
        "      (Name enumerate)\n"
        "      (Name xs))\n"
        "    (body\n"
        "      (Pass))\n"
        "    (orelse\n"
        "      (Pass)))\n"
        "  (FunctionDef g async\n"
        "    (arguments)\n"
        "    (body\n"
        "      (For async\n"
        "        (Name x store)\n"
        "        (Name y)\n"
        "        (body\n"
        "          (Pass))))))\n");
}

static void return_bare_and_tuple(void **state)
{
    (void)state;
    check_dump(
        "def f():\n"
        "    return\n"
        "def g():\n"
        "    return 1, 2\n",
        "(Module\n"
        "  (FunctionDef f\n"
        "    (arguments)\n"
        "    (body\n"
        "      (Return)))\n"
        "  (FunctionDef g\n"
        "    (arguments)\n"
        "    (body\n"
        "      (Return\n"
        "        (Tuple\n"
        "          (Const int 1)\n"
        "          (Const int 2))))))\n");
}

static void del_statement(void **state)
{
    (void)state;
    check_dump(
        "del a, b[0], c.d\n"
        "del (e, f)\n",
        "(Module\n"
        "  (Delete\n"
        "    (Name a del)\n"
        "    (Subscript del\n"
        "      (Name b)\n"
        "      (Const int 0))\n"
        "    (Attribute d del\n"
        "      (Name c)))\n"
        "  (Delete\n"
        "    (Tuple del paren\n"
        "      (Name e del)\n"
        "      (Name f del))))\n");
}

static void imports(void **state)
{
    (void)state;
    check_dump(
        "import os\n"
        "import os.path as osp, sys\n"
        "from a.b import c, d as e\n"
        "from . import x\n"
        "from ..pkg import (y, z)\n"
        "from .m import *\n"
        "from __future__ import annotations\n",
        "(Module\n"
        "  (Import\n"
        "    (alias os))\n"
        "  (Import\n"
        "    (alias os.path as osp)\n"
        "    (alias sys))\n"
        "  (ImportFrom a.b\n"
        "    (alias c)\n"
        "    (alias d as e))\n"
        "  (ImportFrom .\n"
        "    (alias x))\n"
        "  (ImportFrom ..pkg\n"
        "    (alias y)\n"
        "    (alias z))\n"
        "  (ImportFrom .m\n"
        "    (alias *))\n"
        "  (ImportFrom __future__\n"
        "    (alias annotations)))\n");
}

static void global_nonlocal(void **state)
{
    (void)state;
    check_dump(
        "def f():\n"
        "    global a, b\n"
        "    def g():\n"
        "        nonlocal c\n",
        "(Module\n"
        "  (FunctionDef f\n"
        "    (arguments)\n"
        "    (body\n"
        "      (Global a b)\n"
        "      (FunctionDef g\n"
        "        (arguments)\n"
        "        (body\n"
        "          (Nonlocal c))))))\n");
}

static void expression_statements(void **state)
{
    (void)state;
    check_dump(
        "f()\n"
        "x\n"
        "1, 2\n",
        "(Module\n"
        "  (Expr\n"
        "    (Call\n"
        "      (Name f)))\n"
        "  (Expr\n"
        "    (Name x))\n"
        "  (Expr\n"
        "    (Tuple\n"
        "      (Const int 1)\n"
        "      (Const int 2))))\n");
}

static void pass_raise_assert(void **state)
{
    (void)state;
    check_dump(
        "pass\n"
        "raise\n"
        "raise E\n"
        "raise E('m') from exc\n"
        "assert x\n"
        "assert x, 'msg'\n",
        "(Module\n"
        "  (Pass)\n"
        "  (Raise)\n"
        "  (Raise\n"
        "    (Name E))\n"
        "  (Raise\n"
        "    (Call\n"
        "      (Name E)\n"
        "      (Const str \"m\"))\n"
        "    (cause\n"
        "      (Name exc)))\n"
        "  (Assert\n"
        "    (Name x))\n"
        "  (Assert\n"
        "    (Name x)\n"
        "    (Const str \"msg\")))\n");
}

static void try_except_else_finally(void **state)
{
    (void)state;
    check_dump(
        "try:\n"
        "    f()\n"
        "except ValueError as e:\n"
        "    pass\n"
        "except (A, B):\n"
        "    pass\n"
        "except:\n"
        "    raise\n"
        "else:\n"
        "    g()\n"
        "finally:\n"
        "    h()\n",
        "(Module\n"
        "  (Try\n"
        "    (body\n"
        "      (Expr\n"
        "        (Call\n"
        "          (Name f))))\n"
        "    (except as e\n"
        "      (Name ValueError)\n"
        "      (body\n"
        "        (Pass)))\n"
        "    (except\n"
        "      (Tuple paren\n"
        "        (Name A)\n"
        "        (Name B))\n"
        "      (body\n"
        "        (Pass)))\n"
        "    (except\n"
        "      (body\n"
        "        (Raise)))\n"
        "    (orelse\n"
        "      (Expr\n"
        "        (Call\n"
        "          (Name g))))\n"
        "    (finally\n"
        "      (Expr\n"
        "        (Call\n"
        "          (Name h))))))\n");
}

static void try_star(void **state)
{
    (void)state;
    check_dump(
        "try:\n"
        "    pass\n"
        "except* ValueError as eg:\n"
        "    pass\n",
        "(Module\n"
        "  (TryStar\n"
        "    (body\n"
        "      (Pass))\n"
        "    (except as eg\n"
        "      (Name ValueError)\n"
        "      (body\n"
        "        (Pass)))))\n");
}

static void with_items(void **state)
{
    (void)state;
    check_dump(
        "with open(p) as f, lock:\n"
        "    pass\n"
        "with (a as b, c as d,):\n"
        "    pass\n"
        "with (cm() as x):\n"
        "    pass\n"
        "async def f():\n"
        "    async with a as (b, c):\n"
        "        pass\n",
        "(Module\n"
        "  (With\n"
        "    (item\n"
        "      (Call\n"
        "        (Name open)\n"
        "        (Name p))\n"
        "      (Name f store))\n"
        "    (item\n"
        "      (Name lock))\n"
        "    (body\n"
        "      (Pass)))\n"
        "  (With\n"
        "    (item\n"
        "      (Name a)\n"
        "      (Name b store))\n"
        "    (item\n"
        "      (Name c)\n"
        "      (Name d store))\n"
        "    (body\n"
        "      (Pass)))\n"
        "  (With\n"
        "    (item\n"
        "      (Call\n"
        "        (Name cm))\n"
        "      (Name x store))\n"
        "    (body\n"
        "      (Pass)))\n"
        "  (FunctionDef f async\n"
        "    (arguments)\n"
        "    (body\n"
        "      (With async\n"
        "        (item\n"
        "          (Name a)\n"
        "          (Tuple store paren\n"
        "            (Name b store)\n"
        "            (Name c store)))\n"
        "        (body\n"
        "          (Pass))))))\n");
}

static void match_patterns(void **state)
{
    (void)state;
    check_dump(
        "match cmd:\n"
        "    case 1 | -2 | 3.5 | 1+2j | 'x' | b'y':\n"
        "        pass\n"
        "    case None | True | False:\n"
        "        pass\n"
        "    case Color.RED:\n"
        "        pass\n"
        "    case [a, *rest] | (a, b) | ():\n"
        "        pass\n"
        "    case {'k': v, 1: _, **others}:\n"
        "        pass\n"
        "    case Point(x, y=0) as p if p:\n"
        "        pass\n"
        "    case a, *_:\n"
        "        pass\n"
        "    case (x):\n"
        "        pass\n"
        "    case _:\n"
        "        pass\n",
        "(Module\n"
        "  (Match\n"
        "    (Name cmd)\n"
        "    (case\n"
        "      (MatchOr\n"
        "        (MatchValue\n"
        "          (Const int 1))\n"
        "        (MatchValue\n"
        "          (UnaryOp -\n"
        "            (Const int 2)))\n"
        "        (MatchValue\n"
        "          (Const float 3.5))\n"
        "        (MatchValue\n"
        "          (BinOp +\n"
        "            (Const int 1)\n"
        "            (Const imag 2)))\n"
        "        (MatchValue\n"
        "          (Const str \"x\"))\n"
        "        (MatchValue\n"
        "          (Const bytes \"y\")))\n"
        "      (body\n"
        "        (Pass)))\n"
        "    (case\n"
        "      (MatchOr\n"
        "        (MatchSingleton None)\n"
        "        (MatchSingleton True)\n"
        "        (MatchSingleton False))\n"
        "      (body\n"
        "        (Pass)))\n"
        "    (case\n"
        "      (MatchValue\n"
        "        (Attribute RED\n"
        "          (Name Color)))\n"
        "      (body\n"
        "        (Pass)))\n"
        "    (case\n"
        "      (MatchOr\n"
        "        (MatchSequence\n"
        "          (MatchAs a)\n"
        "          (MatchStar rest))\n"
        "        (MatchSequence\n"
        "          (MatchAs a)\n"
        "          (MatchAs b))\n"
        "        (MatchSequence))\n"
        "      (body\n"
        "        (Pass)))\n"
        "    (case\n"
        "      (MatchMapping **others\n"
        "        (key\n"
        "          (Const str \"k\")\n"
        "          (MatchAs v))\n"
        "        (key\n"
        "          (Const int 1)\n"
        "          (MatchAs _)))\n"
        "      (body\n"
        "        (Pass)))\n"
        "    (case\n"
        "      (MatchAs p\n"
        "        (MatchClass\n"
        "          (Name Point)\n"
        "          (MatchAs x)\n"
        "          (kw y\n"
        "            (MatchValue\n"
        "              (Const int 0)))))\n"
        "      (guard\n"
        "        (Name p))\n"
        "      (body\n"
        "        (Pass)))\n"
        "    (case\n"
        "      (MatchSequence\n"
        "        (MatchAs a)\n"
        "        (MatchStar _))\n"
        "      (body\n"
        "        (Pass)))\n"
        "    (case\n"
        "      (MatchAs x)\n"
        "      (body\n"
        "        (Pass)))\n"
        "    (case\n"
        "      (MatchAs _)\n"
        "      (body\n"
        "        (Pass)))))\n");
}

static void type_alias(void **state)
{
    (void)state;
    check_dump(
        "type Alias = int | str\n"
        "type Vec[T] = list[T]\n",
        "(Module\n"
        "  (TypeAlias\n"
        "    (Name Alias store)\n"
        "    (BinOp |\n"
        "      (Name int)\n"
        "      (Name str)))\n"
        "  (TypeAlias\n"
        "    (Name Vec store)\n"
        "    (Subscript\n"
        "      (Name list)\n"
        "      (Name T))))\n");
}

static void type_soft_keyword_as_name(void **state)
{
    (void)state;
    check_dump(
        "type(x).attr = 1\n"
        "type = 3\n"
        "print(type)\n",
        "(Module\n"
        "  (Assign\n"
        "    (Attribute attr store\n"
        "      (Call\n"
        "        (Name type)\n"
        "        (Name x)))\n"
        "    (Const int 1))\n"
        "  (Assign\n"
        "    (Name type store)\n"
        "    (Const int 3))\n"
        "  (Expr\n"
        "    (Call\n"
        "      (Name print)\n"
        "      (Name type))))\n");
}

static void boolop_flattened(void **state)
{
    (void)state;
    check_dump(
        "a and b and c\n"
        "a or b or c\n"
        "a and b or c and d\n"
        "(a and b) and c\n",
        "(Module\n"
        "  (Expr\n"
        "    (BoolOp and\n"
        "      (Name a)\n"
        "      (Name b)\n"
        "      (Name c)))\n"
        "  (Expr\n"
        "    (BoolOp or\n"
        "      (Name a)\n"
        "      (Name b)\n"
        "      (Name c)))\n"
        "  (Expr\n"
        "    (BoolOp or\n"
        "      (BoolOp and\n"
        "        (Name a)\n"
        "        (Name b))\n"
        "      (BoolOp and\n"
        "        (Name c)\n"
        "        (Name d))))\n"
        "  (Expr\n"
        "    (BoolOp and\n"
        "      (BoolOp and\n"
        "        (Name a)\n"
        "        (Name b))\n"
        "      (Name c))))\n");
}

static void walrus_and_conditional(void **state)
{
    (void)state;
    check_dump(
        "if (n := len(a)) > 10: pass\n"
        "x = a if c else b\n",
        "(Module\n"
        "  (If\n"
        "    (Compare >\n"
        "      (NamedExpr\n"
        "        (Name n store)\n"
        "        (Call\n"
        "          (Name len)\n"
        "          (Name a)))\n"
        "      (Const int 10))\n"
        "    (body\n"
        "      (Pass)))\n"
        "  (Assign\n"
        "    (Name x store)\n"
        "    (IfExp\n"
        "      (Name c)\n"
        "      (Name a)\n"
        "      (Name b))))\n");
}

static void binary_operators(void **state)
{
    (void)state;
    check_dump(
        "a + b - c * d / e // f % g ** h @ m\n"
        "a << 1 >> 2\n",
        "(Module\n"
        "  (Expr\n"
        "    (BinOp -\n"
        "      (BinOp +\n"
        "        (Name a)\n"
        "        (Name b))\n"
        "      (BinOp @\n"
        "        (BinOp %\n"
        "          (BinOp //\n"
        "            (BinOp /\n"
        "              (BinOp *\n"
        "                (Name c)\n"
        "                (Name d))\n"
        "              (Name e))\n"
        "            (Name f))\n"
        "          (BinOp **\n"
        "            (Name g)\n"
        "            (Name h)))\n"
        "        (Name m))))\n"
        "  (Expr\n"
        "    (BinOp >>\n"
        "      (BinOp <<\n"
        "        (Name a)\n"
        "        (Const int 1))\n"
        "      (Const int 2))))\n");
}

static void bitwise_precedence_like_python(void **state)
{
    (void)state;
    check_dump(
        "a | b ^ c & d\n"
        "a & b ^ c | d\n",
        "(Module\n"
        "  (Expr\n"
        "    (BinOp |\n"
        "      (Name a)\n"
        "      (BinOp ^\n"
        "        (Name b)\n"
        "        (BinOp &\n"
        "          (Name c)\n"
        "          (Name d)))))\n"
        "  (Expr\n"
        "    (BinOp |\n"
        "      (BinOp ^\n"
        "        (BinOp &\n"
        "          (Name a)\n"
        "          (Name b))\n"
        "        (Name c))\n"
        "      (Name d))))\n");
}

static void unary_operators(void **state)
{
    (void)state;
    check_dump(
        "-a\n"
        "+a\n"
        "~a\n"
        "not a\n"
        "-2 ** 2\n",
        "(Module\n"
        "  (Expr\n"
        "    (UnaryOp -\n"
        "      (Name a)))\n"
        "  (Expr\n"
        "    (UnaryOp +\n"
        "      (Name a)))\n"
        "  (Expr\n"
        "    (UnaryOp ~\n"
        "      (Name a)))\n"
        "  (Expr\n"
        "    (UnaryOp not\n"
        "      (Name a)))\n"
        "  (Expr\n"
        "    (UnaryOp -\n"
        "      (BinOp **\n"
        "        (Const int 2)\n"
        "        (Const int 2)))))\n");
}

static void chained_comparisons(void **state)
{
    (void)state;
    check_dump(
        "a < b <= c == d != e > f >= g\n"
        "x is not None\n"
        "x not in y\n"
        "x in y\n"
        "x is y\n",
        "(Module\n"
        "  (Expr\n"
        "    (Compare < <= == != > >=\n"
        "      (Name a)\n"
        "      (Name b)\n"
        "      (Name c)\n"
        "      (Name d)\n"
        "      (Name e)\n"
        "      (Name f)\n"
        "      (Name g)))\n"
        "  (Expr\n"
        "    (Compare is not\n"
        "      (Name x)\n"
        "      (Const None)))\n"
        "  (Expr\n"
        "    (Compare not in\n"
        "      (Name x)\n"
        "      (Name y)))\n"
        "  (Expr\n"
        "    (Compare in\n"
        "      (Name x)\n"
        "      (Name y)))\n"
        "  (Expr\n"
        "    (Compare is\n"
        "      (Name x)\n"
        "      (Name y))))\n");
}

static void lambdas(void **state)
{
    (void)state;
    check_dump(
        "f = lambda: 0\n"
        "g = lambda x, *a, y=1, **k: x\n",
        "(Module\n"
        "  (Assign\n"
        "    (Name f store)\n"
        "    (Lambda\n"
        "      (arguments)\n"
        "      (Const int 0)))\n"
        "  (Assign\n"
        "    (Name g store)\n"
        "    (Lambda\n"
        "      (arguments\n"
        "        (arg x)\n"
        "        (vararg a)\n"
        "        (kwonly y\n"
        "          (default\n"
        "            (Const int 1)))\n"
        "        (kwarg k))\n"
        "      (Name x))))\n");
}

static void displays_with_unpacking(void **state)
{
    (void)state;
    check_dump(
        "[1, *a, 2]\n"
        "(1,)\n"
        "()\n"
        "{1, *s}\n"
        "{'a': 1, **d}\n"
        "{}\n",
        "(Module\n"
        "  (Expr\n"
        "    (List\n"
        "      (Const int 1)\n"
        "      (Starred\n"
        "        (Name a))\n"
        "      (Const int 2)))\n"
        "  (Expr\n"
        "    (Tuple paren\n"
        "      (Const int 1)))\n"
        "  (Expr\n"
        "    (Tuple paren))\n"
        "  (Expr\n"
        "    (Set\n"
        "      (Const int 1)\n"
        "      (Starred\n"
        "        (Name s))))\n"
        "  (Expr\n"
        "    (Dict\n"
        "      (pair\n"
        "        (Const str \"a\")\n"
        "        (Const int 1))\n"
        "      (**\n"
        "        (Name d))))\n"
        "  (Expr\n"
        "    (Dict)))\n");
}

static void star_binds_looser_than_postfix_in_displays(void **state)
{
    (void)state;
    check_dump(
        "[*a.b, *c[0], *f(x), *d + e]\n",
        "(Module\n"
        "  (Expr\n"
        "    (List\n"
        "      (Starred\n"
        "        (Attribute b\n"
        "          (Name a)))\n"
        "      (Starred\n"
        "        (Subscript\n"
        "          (Name c)\n"
        "          (Const int 0)))\n"
        "      (Starred\n"
        "        (Call\n"
        "          (Name f)\n"
        "          (Name x)))\n"
        "      (Starred\n"
        "        (BinOp +\n"
        "          (Name d)\n"
        "          (Name e))))))\n");
}

static void comprehensions(void **state)
{
    (void)state;
    check_dump(
        "[x for x in xs if x if y for z in x]\n"
        "{x for x in xs}\n"
        "{k: v for k, v in d.items()}\n"
        "(x for x in xs)\n"
        "f(x for x in xs)\n"
        "async def f():\n"
        "    return [x async for x in y]\n",
        "(Module\n"
        "  (Expr\n"
        "    (ListComp\n"
        "      (Name x)\n"
        "      (for\n"
        "        (Name x store)\n"
        "        (Name xs)\n"
        "        (if\n"
        "          (Name x))\n"
        "        (if\n"
        "          (Name y)))\n"
        "      (for\n"
        "        (Name z store)\n"
        "        (Name x))))\n"
        "  (Expr\n"
        "    (SetComp\n"
        "      (Name x)\n"
        "      (for\n"
        "        (Name x store)\n"
        "        (Name xs))))\n"
        "  (Expr\n"
        "    (DictComp\n"
        "      (Name k)\n"
        "      (Name v)\n"
        "      (for\n"
        "        (Tuple store\n"
        "          (Name k store)\n"
        "          (Name v store))\n"
        "        (Call\n"
        "          (Attribute items\n"
        "            (Name d))))))\n"
        "  (Expr\n"
        "    (GenExp\n"
        "      (Name x)\n"
        "      (for\n"
        "        (Name x store)\n"
        "        (Name xs))))\n"
        "  (Expr\n"
        "    (Call\n"
        "      (Name f)\n"
        "      (GenExp\n"
        "        (Name x)\n"
        "        (for\n"
        "          (Name x store)\n"
        "          (Name xs)))))\n"
        "  (FunctionDef f async\n"
        "    (arguments)\n"
        "    (body\n"
        "      (Return\n"
        "        (ListComp\n"
        "          (Name x)\n"
        "          (for async\n"
        "            (Name x store)\n"
        "            (Name y)))))))\n");
}

static void await_yield(void **state)
{
    (void)state;
    check_dump(
        "async def f():\n"
        "    await g()\n"
        "def g():\n"
        "    yield\n"
        "    yield 1\n"
        "    yield 1, 2\n"
        "    x = yield\n"
        "    yield from h()\n",
        "(Module\n"
        "  (FunctionDef f async\n"
        "    (arguments)\n"
        "    (body\n"
        "      (Expr\n"
        "        (Await\n"
        "          (Call\n"
        "            (Name g))))))\n"
        "  (FunctionDef g\n"
        "    (arguments)\n"
        "    (body\n"
        "      (Expr\n"
        "        (Yield))\n"
        "      (Expr\n"
        "        (Yield\n"
        "          (Const int 1)))\n"
        "      (Expr\n"
        "        (Yield\n"
        "          (Tuple\n"
        "            (Const int 1)\n"
        "            (Const int 2))))\n"
        "      (Assign\n"
        "        (Name x store)\n"
        "        (Yield))\n"
        "      (Expr\n"
        "        (YieldFrom\n"
        "          (Call\n"
        "            (Name h)))))))\n");
}

static void calls_with_every_argument_kind(void **state)
{
    (void)state;
    check_dump(
        "f(1, x, *args, k=2, **kw)\n"
        "f(*a, *b, **c, **d)\n"
        "f()\n",
        "(Module\n"
        "  (Expr\n"
        "    (Call\n"
        "      (Name f)\n"
        "      (Const int 1)\n"
        "      (Name x)\n"
        "      (Starred\n"
        "        (Name args))\n"
        "      (keyword k\n"
        "        (Const int 2))\n"
        "      (keyword **\n"
        "        (Name kw))))\n"
        "  (Expr\n"
        "    (Call\n"
        "      (Name f)\n"
        "      (Starred\n"
        "        (Name a))\n"
        "      (Starred\n"
        "        (Name b))\n"
        "      (keyword **\n"
        "        (Name c))\n"
        "      (keyword **\n"
        "        (Name d))))\n"
        "  (Expr\n"
        "    (Call\n"
        "      (Name f))))\n");
}

static void attribute_subscript_slices(void **state)
{
    (void)state;
    check_dump(
        "a.b.c\n"
        "a[1]\n"
        "a[1:2]\n"
        "a[::2]\n"
        "a[:]\n"
        "a[1:2, ::3]\n"
        "a[1, 2]\n"
        "a[1,]\n"
        "a[*t]\n",
        "(Module\n"
        "  (Expr\n"
        "    (Attribute c\n"
        "      (Attribute b\n"
        "        (Name a))))\n"
        "  (Expr\n"
        "    (Subscript\n"
        "      (Name a)\n"
        "      (Const int 1)))\n"
        "  (Expr\n"
        "    (Subscript\n"
        "      (Name a)\n"
        "      (Slice\n"
        "        (lower\n"
        "          (Const int 1))\n"
        "        (upper\n"
        "          (Const int 2)))))\n"
        "  (Expr\n"
        "    (Subscript\n"
        "      (Name a)\n"
        "      (Slice\n"
        "        (step\n"
        "          (Const int 2)))))\n"
        "  (Expr\n"
        "    (Subscript\n"
        "      (Name a)\n"
        "      (Slice)))\n"
        "  (Expr\n"
        "    (Subscript\n"
        "      (Name a)\n"
        "      (Tuple\n"
        "        (Slice\n"
        "          (lower\n"
        "            (Const int 1))\n"
        "          (upper\n"
        "            (Const int 2)))\n"
        "        (Slice\n"
        "          (step\n"
        "            (Const int 3))))))\n"
        "  (Expr\n"
        "    (Subscript\n"
        "      (Name a)\n"
        "      (Tuple\n"
        "        (Const int 1)\n"
        "        (Const int 2))))\n"
        "  (Expr\n"
        "    (Subscript\n"
        "      (Name a)\n"
        "      (Tuple\n"
        "        (Const int 1))))\n"
        "  (Expr\n"
        "    (Subscript\n"
        "      (Name a)\n"
        "      (Tuple\n"
        "        (Starred\n"
        "          (Name t))))))\n");
}

static void parenthesized_expressions_are_transparent(void **state)
{
    (void)state;
    check_dump(
        "x = (a)\n"
        "y = ((1, 2))\n"
        "z = (yield)\n",
        "(Module\n"
        "  (Assign\n"
        "    (Name x store)\n"
        "    (Name a))\n"
        "  (Assign\n"
        "    (Name y store)\n"
        "    (Tuple paren\n"
        "      (Const int 1)\n"
        "      (Const int 2)))\n"
        "  (Assign\n"
        "    (Name z store)\n"
        "    (Yield)))\n");
}

static void constants(void **state)
{
    (void)state;
    check_dump(
        "None\n"
        "True\n"
        "False\n"
        "...\n",
        "(Module\n"
        "  (Expr\n"
        "    (Const None))\n"
        "  (Expr\n"
        "    (Const True))\n"
        "  (Expr\n"
        "    (Const False))\n"
        "  (Expr\n"
        "    (Const Ellipsis)))\n");
}

static void numbers(void **state)
{
    (void)state;
    check_dump(
        "0x_ff\n"
        "1_000\n"
        "0b1\n"
        "0o17\n"
        "0XFF\n"
        "0\n"
        "00\n"
        "1e3\n"
        "1.5\n"
        "1_0.0_1\n"
        ".5\n"
        "1.5j\n"
        "10j\n"
        "0xffffffffffffffffffff\n",
        "(Module\n"
        "  (Expr\n"
        "    (Const int 255))\n"
        "  (Expr\n"
        "    (Const int 1000))\n"
        "  (Expr\n"
        "    (Const int 1))\n"
        "  (Expr\n"
        "    (Const int 15))\n"
        "  (Expr\n"
        "    (Const int 255))\n"
        "  (Expr\n"
        "    (Const int 0))\n"
        "  (Expr\n"
        "    (Const int 0))\n"
        "  (Expr\n"
        "    (Const float 1000))\n"
        "  (Expr\n"
        "    (Const float 1.5))\n"
        "  (Expr\n"
        "    (Const float 10.01))\n"
        "  (Expr\n"
        "    (Const float 0.5))\n"
        "  (Expr\n"
        "    (Const imag 1.5))\n"
        "  (Expr\n"
        "    (Const imag 10))\n"
        "  (Expr\n"
        "    (Const int 1208925819614629174706175)))\n");
}

static void string_escapes(void **state)
{
    (void)state;
    check_dump(
        "'a\\tb\\n\\\\\\'\\\"'\n"
        "'\\x41\\101\\0\\u00e9\\U0001F600'\n"
        "'\\q\\\n"
        "'\n"
        "\"\"\"multi\n"
        "line\"\"\"\n",
        "(Module\n"
        "  (Expr\n"
        "    (Const str \"a\\tb\\n\\\\'\\\"\"))\n"
        "  (Expr\n"
        "    (Const str \"AA\\x00é😀\"))\n"
        "  (Expr\n"
        "    (Const str \"\\\\q\"))\n"
        "  (Expr\n"
        "    (Const str \"multi\\nline\")))\n");
}

static void bytes_and_raw_strings(void **state)
{
    (void)state;
    check_dump(
        "b'\\x00\\xff\\n'\n"
        "r'\\n\\x41'\n"
        "Rb'\\d'\n"
        "br'\\\\'\n"
        "U'x'\n"
        "b'\\u1234'\n",
        "(Module\n"
        "  (Expr\n"
        "    (Const bytes \"\\x00\\xff\\n\"))\n"
        "  (Expr\n"
        "    (Const str \"\\\\n\\\\x41\"))\n"
        "  (Expr\n"
        "    (Const bytes \"\\\\d\"))\n"
        "  (Expr\n"
        "    (Const bytes \"\\\\\\\\\"))\n"
        "  (Expr\n"
        "    (Const str \"x\"))\n"
        "  (Expr\n"
        "    (Const bytes \"\\\\u1234\")))\n");
}

static void implicit_concatenation(void **state)
{
    (void)state;
    check_dump(
        "'a' 'b' \"c\"\n"
        "b'x' b'y'\n"
        "'p' f'{q}' 'r'\n",
        "(Module\n"
        "  (Expr\n"
        "    (Const str \"abc\"))\n"
        "  (Expr\n"
        "    (Const bytes \"xy\"))\n"
        "  (Expr\n"
        "    (FString\n"
        "      (text \"p\")\n"
        "      (value\n"
        "        (Name q))\n"
        "      (text \"r\"))))\n");
}

static void fstrings(void **state)
{
    (void)state;
    check_dump(
        "f'a{x}b'\n"
        "f'{x!r} {y!s} {z!a}'\n"
        "f'{x:>10}'\n"
        "f'{x:{w}.{p}f}'\n"
        "f'{x=}'\n"
        "f'{x = !s}'\n"
        "f'{x=:>4}'\n"
        "f'{{literal}} {a, b}'\n"
        "F'{f\"{n}\"}'\n"
        "rf'\\n{x}'\n",
        "(Module\n"
        "  (Expr\n"
        "    (FString\n"
        "      (text \"a\")\n"
        "      (value\n"
        "        (Name x))\n"
        "      (text \"b\")))\n"
        "  (Expr\n"
        "    (FString\n"
        "      (value !r\n"
        "        (Name x))\n"
        "      (text \" \")\n"
        "      (value !s\n"
        "        (Name y))\n"
        "      (text \" \")\n"
        "      (value !a\n"
        "        (Name z))))\n"
        "  (Expr\n"
        "    (FString\n"
        "      (value\n"
        "        (Name x)\n"
        "        (spec\n"
        "          (FString\n"
        "            (text \">10\"))))))\n"
        "  (Expr\n"
        "    (FString\n"
        "      (value\n"
        "        (Name x)\n"
        "        (spec\n"
        "          (FString\n"
        "            (value\n"
        "              (Name w))\n"
        "            (text \".\")\n"
        "            (value\n"
        "              (Name p))\n"
        "            (text \"f\"))))))\n"
        "  (Expr\n"
        "    (FString\n"
        "      (value !r debug \"x=\"\n"
        "        (Name x))))\n"
        "  (Expr\n"
        "    (FString\n"
        "      (value !s debug \"x = \"\n"
        "        (Name x))))\n"
        "  (Expr\n"
        "    (FString\n"
        "      (value debug \"x=\"\n"
        "        (Name x)\n"
        "        (spec\n"
        "          (FString\n"
        "            (text \">4\"))))))\n"
        "  (Expr\n"
        "    (FString\n"
        "      (text \"{literal} \")\n"
        "      (value\n"
        "        (Tuple\n"
        "          (Name a)\n"
        "          (Name b)))))\n"
        "  (Expr\n"
        "    (FString\n"
        "      (value\n"
        "        (FString\n"
        "          (value\n"
        "            (Name n))))))\n"
        "  (Expr\n"
        "    (FString\n"
        "      (text \"\\\\n\")\n"
        "      (value\n"
        "        (Name x)))))\n");
}

static void module_docstring(void **state)
{
    (void)state;
    check_dump(
        "'''Doc.'''\n"
        "x = 1\n",
        "(Module\n"
        "  (Expr\n"
        "    (Const str \"Doc.\"))\n"
        "  (Assign\n"
        "    (Name x store)\n"
        "    (Const int 1)))\n");
}

#define DUMP_TESTS \
    cmocka_unit_test(funcdef_typed_params_defaults), \
    cmocka_unit_test(funcdef_all_param_forms), \
    cmocka_unit_test(funcdef_kwonly_marker_and_posonly_default), \
    cmocka_unit_test(async_funcdef_with_decorators), \
    cmocka_unit_test(funcdef_type_params), \
    cmocka_unit_test(classdef_bases_keywords_body), \
    cmocka_unit_test(chained_assignment), \
    cmocka_unit_test(tuple_list_starred_targets), \
    cmocka_unit_test(attribute_and_subscript_targets), \
    cmocka_unit_test(augmented_assignments), \
    cmocka_unit_test(annotated_assignments), \
    cmocka_unit_test(if_elif_else), \
    cmocka_unit_test(while_break_continue_else), \
    cmocka_unit_test(for_else_and_async_for), \
    cmocka_unit_test(return_bare_and_tuple), \
    cmocka_unit_test(del_statement), \
    cmocka_unit_test(imports), \
    cmocka_unit_test(global_nonlocal), \
    cmocka_unit_test(expression_statements), \
    cmocka_unit_test(pass_raise_assert), \
    cmocka_unit_test(try_except_else_finally), \
    cmocka_unit_test(try_star), \
    cmocka_unit_test(with_items), \
    cmocka_unit_test(match_patterns), \
    cmocka_unit_test(type_alias), \
    cmocka_unit_test(type_soft_keyword_as_name), \
    cmocka_unit_test(boolop_flattened), \
    cmocka_unit_test(walrus_and_conditional), \
    cmocka_unit_test(binary_operators), \
    cmocka_unit_test(bitwise_precedence_like_python), \
    cmocka_unit_test(unary_operators), \
    cmocka_unit_test(chained_comparisons), \
    cmocka_unit_test(lambdas), \
    cmocka_unit_test(displays_with_unpacking), \
    cmocka_unit_test(star_binds_looser_than_postfix_in_displays), \
    cmocka_unit_test(comprehensions), \
    cmocka_unit_test(await_yield), \
    cmocka_unit_test(calls_with_every_argument_kind), \
    cmocka_unit_test(attribute_subscript_slices), \
    cmocka_unit_test(parenthesized_expressions_are_transparent), \
    cmocka_unit_test(constants), \
    cmocka_unit_test(numbers), \
    cmocka_unit_test(string_escapes), \
    cmocka_unit_test(bytes_and_raw_strings), \
    cmocka_unit_test(implicit_concatenation), \
    cmocka_unit_test(fstrings), \
    cmocka_unit_test(module_docstring),
/* ================= fields, literals and locations ================= */

static void locations_are_one_based_with_exclusive_end(void **state)
{
    (void)state;
    Parsed *p = parse("def f(a: int) -> int:\n    return a + 1\n");
    AstStmt *f = p->m->body.data[0];
    assert_loc(f->loc, 1, 1, 2, 17);
    assert_loc(f->u.funcdef.name_loc, 1, 5, 1, 6);
    assert_loc(f->u.funcdef.args->args.data[0].loc, 1, 7, 1, 13);
    AstStmt *ret = f->u.funcdef.body.data[0];
    assert_loc(ret->loc, 2, 5, 2, 17);
    assert_loc(ret->u.ret.value->loc, 2, 12, 2, 17);
    assert_loc(ret->u.ret.value->u.binop.right->loc, 2, 16, 2, 17);
    done(p);
}

static void columns_count_bytes(void **state)
{
    (void)state;
    Parsed *p = parse("s = \"\xc3\xa9\"; x = 1\n");
    AstStmt *s = p->m->body.data[1];
    assert_loc(s->u.assign.targets.data[0]->loc, 1, 11, 1, 12);
    done(p);
}

static void names_are_interned(void **state)
{
    (void)state;
    Parsed *p = parse("foo = foo + 1\n");
    AstStmt *s = p->m->body.data[0];
    const char *a = s->u.assign.targets.data[0]->u.name.id;
    const char *b = s->u.assign.value->u.binop.left->u.name.id;
    assert_ptr_equal(a, b);
    assert_ptr_equal(a, intern_cstr(p->ctx.names, "foo"));
    done(p);
}

static void docstring_is_recorded_and_kept_in_body(void **state)
{
    (void)state;
    Parsed *p = parse("\"\"\"Doc\\tstring.\"\"\"\nx = 1\n");
    assert_string_equal(p->m->docstring, "Doc\tstring.");
    assert_int_equal(p->m->body.len, 2);
    done(p);
    p = parse("x = 1\n'not a docstring'\n");
    assert_null(p->m->docstring);
    done(p);
    p = parse("f'{x}'\n");
    assert_null(p->m->docstring);
    done(p);
    p = parse("b'bytes'\n");
    assert_null(p->m->docstring);
    done(p);
}

static void integers_become_decimal_digits(void **state)
{
    (void)state;
    static const struct { const char *src, *digits; } cases[] = {
        { "0x_ff", "255" },
        { "1_000", "1000" },
        { "0b1", "1" },
        { "0o17", "15" },
        { "0", "0" },
        { "000", "0" },
        { "0xffffffffffffffffffff", "1208925819614629174706175" },
        { "0x1" "0000000000000000000000000", "1267650600228229401496703205376" },   /* 2**100 */
        { "0b1111111111111111111111111111111111111111111111111111111111111111", "18446744073709551615" },
        { "0o7777777777777777777777", "73786976294838206463" },
        { "123456789012345678901234567890", "123456789012345678901234567890" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Parsed *p = parse(cases[i].src);
        AstExpr *e = first_expr(p);
        assert_int_equal(e->kind, EXPR_CONST);
        assert_int_equal(e->u.constant.kind, CONST_INT);
        assert_string_equal(e->u.constant.text, cases[i].digits);
        done(p);
    }
}

static void floats_and_imaginary(void **state)
{
    (void)state;
    Parsed *p = parse("1e3\n");
    AstExpr *e = first_expr(p);
    assert_int_equal(e->u.constant.kind, CONST_FLOAT);
    assert_true(e->u.constant.fval == 1000.0);
    assert_string_equal(e->u.constant.text, "1e3");
    done(p);
    p = parse("1_0.2_5\n");
    e = first_expr(p);
    assert_true(e->u.constant.fval == 10.25);
    done(p);
    p = parse("1.5j\n");
    e = first_expr(p);
    assert_int_equal(e->u.constant.kind, CONST_IMAG);
    assert_true(e->u.constant.fval == 1.5);
    done(p);
    p = parse("3J\n");
    e = first_expr(p);
    assert_int_equal(e->u.constant.kind, CONST_IMAG);
    assert_true(e->u.constant.fval == 3.0);
    done(p);
}

static void string_bytes_and_length(void **state)
{
    (void)state;
    Parsed *p = parse("'a\\0b'\n");
    AstExpr *e = first_expr(p);
    assert_int_equal(e->u.constant.kind, CONST_STR);
    assert_int_equal(e->u.constant.len, 3);
    assert_memory_equal(e->u.constant.bytes, "a\0b", 3);
    done(p);
    p = parse("'a\\N{BULLET}b'\n");   /* the name is left for the runtime, between marks */
    e = first_expr(p);
    assert_int_equal(e->u.constant.len, 10);
    assert_memory_equal(e->u.constant.bytes, "a\xff" "BULLET\xff" "b", 10);
    done(p);
    p = parse("b'\\xff\\x00' b'\\377'\n");
    e = first_expr(p);
    assert_int_equal(e->u.constant.kind, CONST_BYTES);
    assert_int_equal(e->u.constant.len, 3);
    assert_memory_equal(e->u.constant.bytes, "\xff\0\xff", 3);
    done(p);
    p = parse("'\\u20ac\\U0001F600\\xe9'\n");
    e = first_expr(p);
    assert_string_equal(e->u.constant.bytes, "\xe2\x82\xac\xf0\x9f\x98\x80\xc3\xa9");
    done(p);
    p = parse("'''a\r\nb'''\n");
    e = first_expr(p);
    assert_string_equal(e->u.constant.bytes, "a\nb");
    done(p);
}

static void fstring_parts(void **state)
{
    (void)state;
    Parsed *p = parse("f'v={x!r:>{w}} {y=}'\n");
    AstExpr *e = first_expr(p);
    assert_int_equal(e->kind, EXPR_FSTRING);
    AstFStringPartVec *parts = &e->u.fstring.parts;
    assert_int_equal(parts->len, 4);
    assert_null(parts->data[0].value);
    assert_int_equal(parts->data[0].text_len, 2);
    assert_memory_equal(parts->data[0].text, "v=", 2);
    assert_int_equal(parts->data[1].conversion, 'r');
    assert_non_null(parts->data[1].format_spec);
    assert_int_equal(parts->data[1].format_spec->kind, EXPR_FSTRING);
    assert_int_equal(parts->data[1].format_spec->u.fstring.parts.len, 2);
    assert_null(parts->data[1].debug_text);
    assert_string_equal(parts->data[3].debug_text, "y=");
    assert_int_equal(parts->data[3].conversion, 'r');   /* = implies !r without a spec */
    done(p);
}

/* ================= syntax errors ================= */

static void error_unclosed_parameter_list(void **state)
{
    (void)state;
    check_diags("def f(:\n  pass\n",
                "t.py:1:7: error: invalid syntax: expected ')'\n"
                "def f(:\n"
                "      ^\n");
}

static void error_unclosed_paren_spanning_lines(void **state)
{
    (void)state;
    check_diags("x = (1,\ny = 2\n",
                "t.py:1:5: error: '(' was never closed\n"
                "x = (1,\n"
                "    ^\n");
}

static void error_missing_colon(void **state)
{
    (void)state;
    check_diags("if x\n  pass\n",
                "t.py:1:5: error: expected ':'\n"
                "if x\n"
                "    ^\n");
}

static void error_one_per_broken_statement(void **state)
{
    (void)state;
    check_diags("def f():\n    x = = 1\n    y = 2\n    z = )\n",
                "t.py:2:9: error: invalid syntax\n"
                "    x = = 1\n"
                "        ^\n"
                "t.py:4:9: error: unmatched ')'\n"
                "    z = )\n"
                "        ^\n");
}

static void error_in_body_reported_once(void **state)
{
    (void)state;
    check_diags("def g():\n    a = 1 +\n    b = )\n    return a\nz = 3\n",
                "t.py:2:12: error: invalid syntax\n"
                "    a = 1 +\n"
                "           ^\n");
}

static void error_python2_print_and_exec(void **state)
{
    (void)state;
    /* `print >>f, x` is Python 3's tuple (print >> f, x): CPython compiles it */
    check_diags("print 'hi'\nexec 'x = 1'\nprint >>f, x\nprint('ok')\n",
                "t.py:1:1: error: Missing parentheses in call to 'print'. Did you mean print(...)?\n"
                "print 'hi'\n"
                "^~~~~~~~~~\n"
                "t.py:2:1: error: Missing parentheses in call to 'exec'. Did you mean exec(...)?\n"
                "exec 'x = 1'\n"
                "^~~~~~~~~~~~\n");
}

/* Python 3 reads tree-sitter's Python 2 chevron print as an expression, and the ':' of
 * a field's `:=` as the start of its format spec. */
static void print_chevron_and_spec_after_colon_equals(void **state)
{
    (void)state;
    check_dump("print >>f, x\nprint >> f\nf'{x:=10}{y:=^5}'\n",
               "(Module\n"
               "  (Expr\n"
               "    (Tuple\n"
               "      (BinOp >>\n"
               "        (Name print)\n"
               "        (Name f))\n"
               "      (Name x)))\n"
               "  (Expr\n"
               "    (BinOp >>\n"
               "      (Name print)\n"
               "      (Name f)))\n"
               "  (Expr\n"
               "    (FString\n"
               "      (value\n"
               "        (Name x)\n"
               "        (spec\n"
               "          (FString\n"
               "            (text \"=10\"))))\n"
               "      (value\n"
               "        (Name y)\n"
               "        (spec\n"
               "          (FString\n"
               "            (text \"=^5\")))))))\n");
}

static void error_unexpected_indent(void **state)
{
    (void)state;
    check_diags("a = 1\n  b = 2\nif a:\n    c = 3\n      d = 4\n    e = 5; f = 6\n",
                "t.py:2:3: error: unexpected indent\n"
                "  b = 2\n"
                "  ^\n"
                "t.py:5:7: error: unexpected indent\n"
                "      d = 4\n"
                "      ^\n");
}

static void error_bad_literals(void **state)
{
    (void)state;
    check_diags("x = 012\ny = 'a' b'b'\nz = '\\N{BULLET'\nw = '\\x4'\n",
                "t.py:1:5: error: leading zeros in decimal integer literals are not permitted; "
                "use an 0o prefix for octal integers\n"
                "x = 012\n"
                "    ^~~\n"
                "t.py:2:9: error: cannot mix bytes and nonbytes literals\n"
                "y = 'a' b'b'\n"
                "        ^~~~\n"
                "t.py:3:6: error: (unicode error) malformed \\N character escape\n"
                "z = '\\N{BULLET'\n"
                "     ^~~~~~~~~\n"
                "t.py:4:6: error: (unicode error) truncated \\xXX escape\n"
                "w = '\\x4'\n"
                "     ^~~~\n");
}

static void error_what_tree_sitter_accepts(void **state)
{
    (void)state;
    check_diags("if x:\n# only a comment\ny = 1\ntry:\n    pass\nx = 1\n"
                "def f(a=1, b): pass\nawait = 1\n",
                "t.py:3:1: error: expected an indented block after 'if' statement on line 1\n"
                "y = 1\n"
                "^\n"
                "t.py:4:1: error: expected 'except' or 'finally' block\n"
                "try:\n"
                "^~~\n"
                "t.py:7:12: error: parameter without a default follows parameter with a default\n"
                "def f(a=1, b): pass\n"
                "           ^\n"
                "t.py:8:1: error: invalid syntax\n"
                "await = 1\n"
                "^~~~~\n");
}

static void error_leaves_partial_module(void **state)
{
    (void)state;
    Parsed *p = parse("def g():\n    a = 1 +\n    b = )\nz = 3\n");
    assert_int_equal(p->ctx.diags.errors, 1);
    assert_int_equal(p->m->body.len, 1);
    assert_int_equal(p->m->body.data[0]->kind, STMT_ASSIGN);
    done(p);
}

static void broken_inputs_never_crash(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "def", "(((", "class", "x = ", "f(**)", "lambda", "match x:\n  case", "@", "@d\n",
        "if:", "for in :", "try:\n", "with as:", "import", "from import x", "x[", "a.", "'",
        "'''", "f'{'", "f'{x!}'", "f'{x:{'", "x = yield from", "del", "raise from",
        "def f(*, **): pass", "def f(a=1, b): pass", "class A(: pass", "async", "await",
        "x: = 1", "a = b = ", "print(", "type X =", "\t\tx = 1\n  y", "\xff\xfe\x00",
        "case _:", "except:", "nonlocal", "global", "assert", "{**}", "[*]", "x if y",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        Parsed *p = parse(inputs[i]);
        assert_true(p->ctx.diags.errors > 0);
        done(p);
    }
}

static void valid_source_has_no_diagnostics(void **state)
{
    (void)state;
    check_diags("import math\n\n\ndef fib(n: int) -> int:\n"
                "    # comment\n"
                "    if n < 2:\n        return n\n"
                "    return fib(n - 1) + fib(n - 2)  # trailing\n"
                "\n"
                "x = [fib(i) for i in range(10)]\n", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        DUMP_TESTS
        cmocka_unit_test(locations_are_one_based_with_exclusive_end),
        cmocka_unit_test(columns_count_bytes),
        cmocka_unit_test(names_are_interned),
        cmocka_unit_test(docstring_is_recorded_and_kept_in_body),
        cmocka_unit_test(integers_become_decimal_digits),
        cmocka_unit_test(floats_and_imaginary),
        cmocka_unit_test(string_bytes_and_length),
        cmocka_unit_test(fstring_parts),
        cmocka_unit_test(error_unclosed_parameter_list),
        cmocka_unit_test(error_unclosed_paren_spanning_lines),
        cmocka_unit_test(error_missing_colon),
        cmocka_unit_test(error_one_per_broken_statement),
        cmocka_unit_test(error_in_body_reported_once),
        cmocka_unit_test(error_python2_print_and_exec),
        cmocka_unit_test(print_chevron_and_spec_after_colon_equals),
        cmocka_unit_test(error_unexpected_indent),
        cmocka_unit_test(error_bad_literals),
        cmocka_unit_test(error_what_tree_sitter_accepts),
        cmocka_unit_test(error_leaves_partial_module),
        cmocka_unit_test(broken_inputs_never_crash),
        cmocka_unit_test(valid_source_has_no_diagnostics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
