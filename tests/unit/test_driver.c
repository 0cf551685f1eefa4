/* test_driver.c - the command line, module names, the interpreter query and the
 * driver's system helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../compiler/driver/driver.h"

/* ---- helpers ---- */

/* Parses a NULL-terminated argument list; the error text goes to err_text. */
static int parse(Options *opt, char *err_text, size_t cap, ...)
{
    char *argv[32];
    int argc = 0;
    argv[argc++] = "pyc2c";
    va_list ap;
    va_start(ap, cap);
    for (char *a = va_arg(ap, char *); a; a = va_arg(ap, char *)) {
        argv[argc++] = a;
    }
    va_end(ap);
    argv[argc] = NULL;
    FILE *err = tmpfile();
    assert_non_null(err);
    int rc = options_parse(opt, argc, argv, err);
    rewind(err);
    size_t n = fread(err_text, 1, cap - 1, err);
    err_text[n] = '\0';
    fclose(err);
    return rc;
}

static const char *last_message(const Ctx *ctx)
{
    return ctx->diags.list.len ? ctx->diags.list.data[ctx->diags.list.len - 1].message : "";
}

/* ---- options ---- */

static void test_shorthand_defaults(void **state)
{
    (void)state;
    Options o;
    char err[512];
    assert_int_equal(parse(&o, err, sizeof err, "fib.py", NULL), 0);
    assert_int_equal(o.action, ACTION_BUILD);
    assert_string_equal(o.input, "fib.py");
    assert_null(o.out_dir);
    assert_string_equal(o.python, "python3");
    assert_int_equal(o.opt_level, 2);
    assert_false(o.opt_explicit);
    assert_false(o.emit_c);
    assert_false(o.dump_ir);
    assert_string_equal(err, "");
}

static void test_build_with_options(void **state)
{
    (void)state;
    Options o;
    char err[512];
    assert_int_equal(parse(&o, err, sizeof err, "build", "-o", "out", "src/hot.py", "--python",
                           "/usr/bin/python3", "-O3", "--emit-c", "--report", "--strict", NULL),
                     0);
    assert_string_equal(o.input, "src/hot.py");
    assert_string_equal(o.out_dir, "out");
    assert_string_equal(o.python, "/usr/bin/python3");
    assert_int_equal(o.opt_level, 3);
    assert_true(o.opt_explicit);
    assert_true(o.emit_c && o.report && o.strict);
}

static void test_joined_values_and_dump(void **state)
{
    (void)state;
    Options o;
    char err[512];
    assert_int_equal(parse(&o, err, sizeof err, "-odir", "--python=python3", "-O0", "--dump-ir",
                           "x.py", NULL),
                     0);
    assert_string_equal(o.out_dir, "dir");
    assert_string_equal(o.python, "python3");
    assert_int_equal(o.opt_level, 0);
    assert_true(o.dump_ir);
    assert_null(o.dump_pass);
    assert_int_equal(parse(&o, err, sizeof err, "x.py", "--dump-ir=refcount", "-O1", NULL), 0);
    assert_string_equal(o.dump_pass, "refcount");
    assert_int_equal(o.opt_level, 1);
}

static void test_help_and_version(void **state)
{
    (void)state;
    Options o;
    char err[512];
    assert_int_equal(parse(&o, err, sizeof err, "--help", NULL), 0);
    assert_int_equal(o.action, ACTION_HELP);
    assert_int_equal(parse(&o, err, sizeof err, "--version", NULL), 0);
    assert_int_equal(o.action, ACTION_VERSION);
}

static void test_usage_errors(void **state)
{
    (void)state;
    Options o;
    char err[512];
    assert_int_equal(parse(&o, err, sizeof err, "fib.py", "--fast", NULL), EXIT_USAGE);
    assert_non_null(strstr(err, "pyc2c: error: unknown option '--fast'"));
    assert_non_null(strstr(err, "\nusage: pyc2c"));
    assert_int_equal(parse(&o, err, sizeof err, NULL), EXIT_USAGE);
    assert_non_null(strstr(err, "pyc2c: error: no input file"));
    assert_int_equal(parse(&o, err, sizeof err, "build", "-O2", NULL), EXIT_USAGE);
    assert_int_equal(parse(&o, err, sizeof err, "fib.py", "-O4", NULL), EXIT_USAGE);
    assert_int_equal(parse(&o, err, sizeof err, "fib.py", "-o", NULL), EXIT_USAGE);
    assert_non_null(strstr(err, "needs an argument"));
    assert_int_equal(parse(&o, err, sizeof err, "fib.py", "--python", NULL), EXIT_USAGE);
    assert_int_equal(parse(&o, err, sizeof err, "a.py", "b.py", "--report", NULL), EXIT_USAGE);
    assert_non_null(strstr(err, "take one input file"));
    assert_int_equal(parse(&o, err, sizeof err, "a.py", "-j", "0", NULL), EXIT_USAGE);
    assert_int_equal(parse(&o, err, sizeof err, "cache", "shrink", NULL), EXIT_USAGE);
    assert_int_equal(parse(&o, err, sizeof err, "runtime-lib", "a.py", NULL), EXIT_USAGE);
}

/* Several inputs, a directory or -j make a batch build. */
static void test_batch_options(void **state)
{
    (void)state;
    Options o;
    char err[512];
    assert_int_equal(parse(&o, err, sizeof err, "build", "a.py", "pkg", "-j4", NULL), 0);
    assert_int_equal(o.ninputs, 2);
    assert_string_equal(o.inputs[1], "pkg");
    assert_int_equal(o.jobs, 4);
    assert_true(batch_wanted(&o));
    assert_int_equal(parse(&o, err, sizeof err, "a.py", "--jobs=2", NULL), 0);
    assert_int_equal(o.jobs, 2);
    assert_int_equal(parse(&o, err, sizeof err, "a.py", NULL), 0);
    assert_false(batch_wanted(&o));
    assert_int_equal(parse(&o, err, sizeof err, "check", NULL), 0);
    assert_int_equal(o.action, ACTION_CHECK);
    assert_int_equal(parse(&o, err, sizeof err, "cache", "info", NULL), 0);
    assert_int_equal(o.action, ACTION_CACHE);
}

/* ---- names ---- */

static void test_module_names(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    assert_string_equal(driver_module_name(&a, "fib.py"), "fib");
    assert_string_equal(driver_module_name(&a, "some/dir/_hot2.py"), "_hot2");
    assert_string_equal(driver_module_name(&a, "/abs/Fib.py"), "Fib");
    assert_null(driver_module_name(&a, "my-mod.py"));
    assert_null(driver_module_name(&a, "fib.txt"));
    assert_null(driver_module_name(&a, "fib"));
    assert_null(driver_module_name(&a, ".py"));
    assert_null(driver_module_name(&a, "2fast.py"));
    assert_null(driver_module_name(&a, "class.py"));
    assert_null(driver_module_name(&a, "a.b.py"));
    assert_null(driver_module_name(&a, "dir/"));
    assert_string_equal(driver_dirname(&a, "fib.py"), ".");
    assert_string_equal(driver_dirname(&a, "a/b/fib.py"), "a/b");
    assert_string_equal(driver_dirname(&a, "/fib.py"), "/");
    arena_free(&a);
}

static void test_out_dir_check(void **state)
{
    (void)state;
    Ctx ctx;
    ctx_init(&ctx);
    assert_true(driver_check_out_dir(&ctx, "."));
    assert_int_equal(ctx.diags.errors, 0);
    char tmp[] = "/tmp/pyc2c-outdir-XXXXXX";
    assert_non_null(mkdtemp(tmp));
    char made[64], file[64], below[80];
    snprintf(made, sizeof made, "%s/a/b", tmp);   /* created, as mkdir -p would */
    assert_true(driver_check_out_dir(&ctx, made));
    snprintf(file, sizeof file, "%s/f", tmp);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(below, sizeof below, "%s/sub", file);
    assert_false(driver_check_out_dir(&ctx, below));
    assert_int_equal(ctx.diags.errors, 1);
    char want[160];
    snprintf(want, sizeof want, "cannot write to '%s': Not a directory", below);
    assert_string_equal(last_message(&ctx), want);
    assert_int_equal(remove(file), 0);
    assert_int_equal(rmdir(made), 0);
    snprintf(made, sizeof made, "%s/a", tmp);
    assert_int_equal(rmdir(made), 0);
    assert_int_equal(rmdir(tmp), 0);
    ctx_free(&ctx);
}

/* ---- packages ---- */

static void touch(const char *dir, const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
}

static void make_dir(const char *dir, const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    assert_int_equal(mkdir(path, 0777), 0);
}

static int rm_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

/* Asks driver_module_path about dir/rel; NULL when it reported an error. */
static ModulePath *module_path(Ctx *ctx, const char *dir, const char *rel)
{
    ModulePath *mp = ARENA_NEW(&ctx->arena, ModulePath);
    char *path = arena_printf(&ctx->arena, "%s/%s", dir, rel);
    return driver_module_path(ctx, path, mp) ? mp : NULL;
}

static void test_package_walk(void **state)
{
    (void)state;
    char dir[] = "/tmp/pyc2c-test-pkg-XXXXXX";
    assert_non_null(mkdtemp(dir));
    /* dir/top.py, dir/pkg/{__init__,mod}.py, dir/pkg/sub/{__init__,deep}.py,
     * dir/ns/loose.py (no __init__.py), dir/bad-name/{__init__,m}.py,
     * dir/bad-name/inner/{__init__,x}.py */
    touch(dir, "top.py");
    make_dir(dir, "pkg");
    make_dir(dir, "pkg/sub");
    make_dir(dir, "ns");
    make_dir(dir, "bad-name");
    make_dir(dir, "bad-name/inner");
    const char *files[] = {"pkg/__init__.py", "pkg/mod.py", "pkg/sub/__init__.py", "pkg/sub/deep.py",
                           "ns/loose.py", "bad-name/__init__.py", "bad-name/m.py",
                           "bad-name/inner/__init__.py", "bad-name/inner/x.py", NULL};
    for (int i = 0; files[i]; i++) {
        touch(dir, files[i]);
    }
    Ctx ctx;
    ctx_init(&ctx);
    ModulePath *mp = module_path(&ctx, dir, "top.py");
    assert_non_null(mp);
    assert_string_equal(mp->name, "top");
    assert_string_equal(mp->stem, "top");
    assert_string_equal(mp->subdir, "");
    assert_string_equal(mp->src_dir, dir);
    mp = module_path(&ctx, dir, "pkg/mod.py");
    assert_string_equal(mp->name, "pkg.mod");
    assert_string_equal(mp->package, "pkg");
    assert_string_equal(mp->subdir, "pkg");
    mp = module_path(&ctx, dir, "pkg/sub/deep.py");
    assert_string_equal(mp->name, "pkg.sub.deep");
    assert_string_equal(mp->subdir, "pkg/sub");
    mp = module_path(&ctx, dir, "pkg/sub/__init__.py");
    assert_string_equal(mp->name, "pkg.sub");
    assert_string_equal(mp->stem, "__init__");
    assert_string_equal(mp->subdir, "pkg/sub");
    mp = module_path(&ctx, dir, "pkg/__init__.py");
    assert_string_equal(mp->name, "pkg");
    assert_string_equal(mp->package, "pkg");
    mp = module_path(&ctx, dir, "ns/loose.py");   /* a namespace package is not walked into */
    assert_string_equal(mp->name, "loose");
    mp = module_path(&ctx, dir, "bad-name/m.py");   /* not importable as a package: top level */
    assert_string_equal(mp->name, "m");
    mp = module_path(&ctx, dir, "bad-name/inner/x.py");
    assert_string_equal(mp->name, "inner.x");
    assert_int_equal(ctx.diags.errors, 0);
    assert_null(module_path(&ctx, dir, "bad-name/__init__.py"));
    assert_string_equal(last_message(&ctx), arena_printf(&ctx.arena,
        "'bad-name' is not a valid package name (the directory of '%s/bad-name/__init__.py')", dir));

    /* -o DIR: the package's directories below DIR */
    char out[] = "/tmp/pyc2c-test-out-XXXXXX";
    assert_non_null(mkdtemp(out));
    mp = module_path(&ctx, dir, "pkg/sub/deep.py");
    const char *od = driver_out_dir(&ctx, mp, out);
    assert_string_equal(od, arena_printf(&ctx.arena, "%s/pkg/sub", out));
    struct stat st;
    assert_int_equal(stat(od, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_string_equal(driver_out_dir(&ctx, mp, NULL), mp->src_dir);
    mp = module_path(&ctx, dir, "top.py");
    assert_string_equal(driver_out_dir(&ctx, mp, out), out);
    ctx_free(&ctx);
    assert_int_equal(rm_tree(dir), 0);
    assert_int_equal(rm_tree(out), 0);
}

/* ---- the interpreter ---- */

static void test_pyinfo_python3(void **state)
{
    (void)state;
    Ctx ctx;
    ctx_init(&ctx);
    PyInfo py;
    assert_true(pyinfo_query(&ctx, "python3", &py));
    assert_int_equal(ctx.diags.errors, 0);
    assert_true(strncmp(py.ext_suffix, ".cpython-311", 12) == 0);
    assert_true(strncmp(py.version, "3.11.", 5) == 0);
    assert_true(py.hexversion >= 0x030b0000 && py.hexversion < 0x030c0000);
    assert_true(py.exe[0] == '/');
    char *header = arena_printf(&ctx.arena, "%s/Python.h", py.include_dir);
    assert_int_equal(access(header, R_OK), 0);
    ctx_free(&ctx);
}

static int count_py_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        n += strncmp(e->d_name, "py-", 3) == 0;
    }
    if (d) {
        closedir(d);
    }
    return n;
}

/* A real binary's answer is cached and then read back identically. */
static void test_pyinfo_cached(void **state)
{
    (void)state;
    char dir[] = "/tmp/pyc2c-test-cache-XXXXXX";
    assert_non_null(mkdtemp(dir));
    setenv("PYC2C_CACHE_DIR", dir, 1);
    Ctx ctx;
    ctx_init(&ctx);
    PyInfo a, b, c;
    assert_true(pyinfo_query(&ctx, "python3", &a));
    assert_true(pyinfo_query(&ctx, a.exe, &b));
    assert_int_equal(count_py_entries(dir), 1);
    assert_true(pyinfo_query(&ctx, a.exe, &c));
    assert_string_equal(b.include_dir, c.include_dir);
    assert_string_equal(b.ext_suffix, c.ext_suffix);
    assert_string_equal(b.exe, c.exe);
    assert_int_equal(b.hexversion, c.hexversion);
    ctx_free(&ctx);
    char *argv[] = { "rm", "-rf", dir, NULL };
    StrBuf out;
    sb_init(&out);
    assert_int_equal(cc_run(argv, &out, NULL), 0);
    sb_free(&out);
    unsetenv("PYC2C_CACHE_DIR");
}

static void test_pyinfo_not_python(void **state)
{
    (void)state;
    Ctx ctx;
    ctx_init(&ctx);
    PyInfo py;
    assert_false(pyinfo_query(&ctx, "/bin/true", &py));
    assert_int_equal(ctx.diags.errors, 1);
    assert_non_null(strstr(last_message(&ctx), "'/bin/true' is not a usable Python interpreter"));
    assert_false(pyinfo_query(&ctx, "/no/such/python", &py));
    assert_int_equal(ctx.diags.errors, 2);
    assert_non_null(strstr(last_message(&ctx), "No such file or directory"));
    ctx_free(&ctx);
}

/* ---- system helpers ---- */

static void test_run_captures(void **state)
{
    (void)state;
    StrBuf out, err;
    sb_init(&out);
    sb_init(&err);
    char *argv[] = { "sh", "-c", "echo out; echo err >&2; exit 3", NULL };
    assert_int_equal(cc_run(argv, &out, &err), 3);
    assert_string_equal(out.data, "out\n");
    assert_string_equal(err.data, "err\n");
    sb_free(&out);
    assert_int_equal(cc_run(argv, &out, NULL), 3);
    assert_int_equal(out.len, 8);
    char *missing[] = { "no-such-program-pyc2c", NULL };
    assert_int_equal(cc_run(missing, &out, NULL), -1);
    sb_free(&out);
    sb_free(&err);
}

static void test_hash(void **state)
{
    (void)state;
    CcHash a, b;
    char ha[33], hb[33];
    cc_hash_init(&a);
    cc_hash_init(&b);
    cc_hash_str(&a, "int x;");
    cc_hash_str(&b, "int x;");
    cc_hash_hex(&a, ha);
    cc_hash_hex(&b, hb);
    assert_string_equal(ha, hb);
    assert_int_equal(strlen(ha), 32);
    cc_hash_str(&b, "");
    cc_hash_hex(&b, hb);
    assert_string_not_equal(ha, hb);
}

static void test_write_atomic(void **state)
{
    (void)state;
    char dir[] = "/tmp/pyc2c-test-write-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/m.so", dir);
    assert_true(cc_write_atomic(path, "abc", 3, 0755));
    size_t n;
    char *text = cc_read_file(path, &n);
    assert_non_null(text);
    assert_int_equal(n, 3);
    assert_string_equal(text, "abc");
    free(text);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_mode & S_IXUSR);
    assert_false(cc_write_atomic("/no/such/dir/m.so", "abc", 3, 0755));
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);   /* no temp file left behind */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shorthand_defaults),
        cmocka_unit_test(test_build_with_options),
        cmocka_unit_test(test_joined_values_and_dump),
        cmocka_unit_test(test_help_and_version),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_batch_options),
        cmocka_unit_test(test_module_names),
        cmocka_unit_test(test_out_dir_check),
        cmocka_unit_test(test_package_walk),
        cmocka_unit_test(test_pyinfo_python3),
        cmocka_unit_test(test_pyinfo_cached),
        cmocka_unit_test(test_pyinfo_not_python),
        cmocka_unit_test(test_run_captures),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_write_atomic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
