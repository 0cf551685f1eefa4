/* test_base.c - arena, vectors, interning, string buffers, source files and
 * diagnostic formatting (compiler/base). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../compiler/base/base.h"

/* ---- arena ---- */

static void arena_allocations_are_zeroed_and_aligned(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    for (size_t n = 1; n < 300; n += 7) {
        unsigned char *p = arena_alloc(&a, n);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(p[i], 0);
        }
        memset(p, 0xAB, n);
    }
    arena_free(&a);
    assert_null(a.head);
}

static void arena_big_allocation_gets_own_chunk(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    char *small1 = arena_alloc(&a, 32);
    char *big = arena_alloc(&a, 1 << 20);
    char *small2 = arena_alloc(&a, 32);
    assert_int_equal((uintptr_t)big % 16, 0);
    memset(big, 1, 1 << 20);
    /* the head chunk keeps serving small allocations after a big one */
    assert_true(small2 > small1 && small2 - small1 < 4096);
    assert_int_equal(small1[0], 0);
    arena_free(&a);
}

static void arena_many_chunks(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    int **ptrs = malloc(10000 * sizeof(int *));
    for (int i = 0; i < 10000; i++) {
        ptrs[i] = arena_alloc(&a, 100);
        *ptrs[i] = i;
    }
    for (int i = 0; i < 10000; i++) {
        assert_int_equal(*ptrs[i], i);
    }
    free(ptrs);
    arena_free(&a);
}

static void arena_strings(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    assert_string_equal(arena_strdup(&a, "hello"), "hello");
    assert_string_equal(arena_strndup(&a, "hello", 3), "hel");
    assert_string_equal(arena_printf(&a, "%s-%d", "x", 42), "x-42");
    arena_free(&a);
}

/* ---- vectors ---- */

static void vec_push_grows(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    VEC(int) v = { 0 };
    for (int i = 0; i < 1000; i++) {
        vec_push(&a, &v, i * 3);
    }
    assert_int_equal(v.len, 1000);
    assert_true(v.cap >= 1000);
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(v.data[i], i * 3);
    }
    arena_free(&a);
}

/* ---- interning ---- */

static void intern_returns_same_pointer(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    Interner *in = intern_new(&a);
    char buf[] = "hello world";
    const char *h1 = intern(in, buf, 5);
    const char *h2 = intern_cstr(in, "hello");
    assert_ptr_equal(h1, h2);
    assert_string_equal(h1, "hello");
    assert_ptr_not_equal(h1, buf);
    assert_ptr_not_equal(intern_cstr(in, "hell"), h1);
    assert_ptr_equal(intern_cstr(in, ""), intern(in, "xyz", 0));
    arena_free(&a);
}

static void intern_survives_growth(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    Interner *in = intern_new(&a);
    const char *first[5000];
    for (int i = 0; i < 5000; i++) {
        first[i] = intern_cstr(in, arena_printf(&a, "name%d", i));
    }
    for (int i = 0; i < 5000; i++) {
        char name[32];
        snprintf(name, sizeof name, "name%d", i);
        assert_ptr_equal(intern_cstr(in, name), first[i]);
    }
    arena_free(&a);
}

/* ---- string buffers ---- */

static void strbuf_appends(void **state)
{
    (void)state;
    StrBuf sb;
    sb_init(&sb);
    sb_puts(&sb, "abc");
    sb_putn(&sb, "defgh", 2);
    sb_printf(&sb, "[%d:%s]", 7, "x");
    assert_string_equal(sb.data, "abcde[7:x]");
    assert_int_equal(sb.len, 10);
    for (int i = 0; i < 1000; i++) {
        sb_puts(&sb, "0123456789");
    }
    assert_int_equal(sb.len, 10010);
    assert_int_equal(strlen(sb.data), 10010);
    sb_free(&sb);
    assert_null(sb.data);
}

/* ---- source files ---- */

static void source_read_whole_file(void **state)
{
    (void)state;
    char path[] = "/tmp/pyc2c_test_srcXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char text[] = "x = 1\ny = 2\n";
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    Arena a;
    arena_init(&a);
    SourceFile *f = source_read(&a, path);
    assert_non_null(f);
    assert_string_equal(f->text, text);
    assert_int_equal(f->len, sizeof text - 1);
    assert_string_equal(f->path, path);
    unlink(path);
    assert_null(source_read(&a, "/nonexistent/dir/file.py"));
    arena_free(&a);
}

/* ---- diagnostics ---- */

/* Prints every diagnostic of d into a string (malloc'd). */
static char *print_diags(const Diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diags_print(d, f);
    fclose(f);
    return buf;
}

static void diag_error_with_caret(void **state)
{
    (void)state;
    Ctx c;
    ctx_init(&c);
    SourceFile *f = source_from_string(&c.arena, "hot.py", "def f():\n    x: int = \"a\"\n");
    Loc loc = { 2, 14, 2, 17 };
    diag_error(&c.diags, f, loc, "cannot assign %s to %s", "str", "int");
    assert_int_equal(c.diags.errors, 1);
    char *out = print_diags(&c.diags);
    assert_string_equal(out, "hot.py:2:14: error: cannot assign str to int\n"
                             "    x: int = \"a\"\n"
                             "             ^~~\n");
    free(out);
    ctx_free(&c);
}

static void diag_caret_keeps_tabs_and_clips_range(void **state)
{
    (void)state;
    Ctx c;
    ctx_init(&c);
    SourceFile *f = source_from_string(&c.arena, "t.py", "if x:\n\t\treturn 1 +\nz\n");
    Loc multi = { 2, 3, 3, 2 };          /* runs past the line: '~' to its end */
    diag_error(&c.diags, f, multi, "invalid syntax");
    Loc point = { 3, 1, 0, 0 };          /* no end: a lone caret */
    diag_error(&c.diags, f, point, "bad");
    char *out = print_diags(&c.diags);
    assert_string_equal(out, "t.py:2:3: error: invalid syntax\n"
                             "\t\treturn 1 +\n"
                             "\t\t^~~~~~~~~~\n"
                             "t.py:3:1: error: bad\n"
                             "z\n"
                             "^\n");
    free(out);
    ctx_free(&c);
}

static void diag_notes_and_placeless(void **state)
{
    (void)state;
    Ctx c;
    ctx_init(&c);
    SourceFile *f = source_from_string(&c.arena, "a.py", "x = 1\r\ny = 2");
    Loc loc = { 1, 1, 1, 2 };
    diag_note(&c.diags, f, loc, "defined here");
    Loc none = { 0 };
    diag_error(&c.diags, NULL, none, "no input files");
    Loc last = { 2, 5, 2, 6 };
    diag_error(&c.diags, f, last, "last line without newline");
    assert_int_equal(c.diags.errors, 2);
    assert_int_equal(c.diags.list.len, 3);
    char *out = print_diags(&c.diags);
    assert_string_equal(out, "a.py:1:1: note: defined here\n"
                             "pyc2c: error: no input files\n"
                             "a.py:2:5: error: last line without newline\n"
                             "y = 2\n"
                             "    ^\n");
    free(out);
    ctx_free(&c);
}

static void diag_print_one_matches(void **state)
{
    (void)state;
    Diag g = { .severity = DIAG_WARNING, .file = NULL, .message = "careful" };
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diag_print_one(&g, f);
    fclose(f);
    assert_string_equal(buf, "pyc2c: warning: careful\n");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_allocations_are_zeroed_and_aligned),
        cmocka_unit_test(arena_big_allocation_gets_own_chunk),
        cmocka_unit_test(arena_many_chunks),
        cmocka_unit_test(arena_strings),
        cmocka_unit_test(vec_push_grows),
        cmocka_unit_test(intern_returns_same_pointer),
        cmocka_unit_test(intern_survives_growth),
        cmocka_unit_test(strbuf_appends),
        cmocka_unit_test(source_read_whole_file),
        cmocka_unit_test(diag_error_with_caret),
        cmocka_unit_test(diag_caret_keeps_tabs_and_clips_range),
        cmocka_unit_test(diag_notes_and_placeless),
        cmocka_unit_test(diag_print_one_matches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
