/* main.c - the driver: options, then the pipeline as a flat list of calls with a
 * diagnostics check between stages.
 *   source -> front_parse -> sema_run -> ir_build -> passes -> emit_module -> cc */
#include "base/base.h"
#include "driver/driver.h"
#include "emit/emit.h"
#include "front/front.h"
#include "ir/ir_entry.h"
#include "pass/pass.h"
#include "sema/sema.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#ifndef PYC2C_VERSION
#define PYC2C_VERSION "0.0.0"
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool timing_wanted(void)
{
    const char *t = getenv("PYC2C_TIMING");
    return t && *t && strcmp(t, "0") != 0;
}

/* A stage may return NULL only after reporting why; make sure something is said. */
static bool stage_ok(Ctx *ctx, const void *result, const char *stage)
{
    if (!result && ctx->diags.errors == 0) {
        diag_error(&ctx->diags, NULL, (Loc){0},
                   "%s failed without a diagnostic; this is a pyc2c bug", stage);
    }
    return result && ctx->diags.errors == 0;
}

/* --report's hook: the generic operations the IR (after the passes) keeps in each
 * native function (ir/report_generic.c). */
typedef struct ReportIr {
    Ctx *ctx;
    const IrModule *ir;
} ReportIr;

static void report_generic_text(void *data, const char *header, int line, int end_line, FILE *out)
{
    ReportIr *r = data;
    IrGenericReport *g = ir_generic_report(&r->ctx->arena, r->ir, line, end_line);
    if (header && !ir_generic_report_empty(g)) {
        fprintf(out, "%s\n", header);
    }
    ir_generic_report_print(g, r->ctx->file->path, out);
}

static void report_generic_json(void *data, int line, int end_line, FILE *out)
{
    ReportIr *r = data;
    ir_generic_report_json(ir_generic_report(&r->ctx->arena, r->ir, line, end_line), out);
}

/* --report=json: the module's functions (native or kept, why, unannotated parameters)
 * and the C and kind of each source line, for `pyc2c hot` and `pyc2c annotate`. */
static void print_report_json(Ctx *ctx, const SemaModule *sm, const IrModule *ir, const char *modname,
                              const EmitLineMap *lines, const StrBuf *c)
{
    ReportIr r = {ctx, ir};
    SemaReportHook hook = {report_generic_text, report_generic_json, &r};
    fputs("{\"file\": ", stdout);
    json_string(stdout, ctx->file->path, strlen(ctx->file->path));
    fputs(", \"module\": ", stdout);
    json_string(stdout, modname, strlen(modname));
    fputs(",\n\"functions\": ", stdout);
    sema_report_json(sm, &hook, stdout);
    fputs(",\n\"lines\": ", stdout);
    emit_linemap_print(ctx, lines, c, stdout);
    fputs("}\n", stdout);
}

/* Source to C text: parse, check, lower, transform, emit. */
static bool compile_to_c(Ctx *ctx, const Options *opt, const char *modname, StrBuf *c,
                         const char *python)
{
    AstModule *ast = front_parse(ctx);
    if (!stage_ok(ctx, ast, "the parser")) {
        return false;
    }
    ctx->strict = opt->strict;
    ctx->profile = opt->profile;
    SemaModule *sm = sema_run(ctx, ast);
    /* CPython's verdict after ours: our diagnostics (all of them, with notes) come first;
     * what only CPython refuses (often in a unit kept as Python) is caught here. */
    if (!stage_ok(ctx, sm, "type checking") || !pycheck_source(ctx, python)) {
        return false;
    }
    IrModule *ir = ir_build(ctx, sm);
    if (!stage_ok(ctx, ir, "IR building")) {
        if (opt->report && !opt->report_json) {
            sema_report(sm, NULL, stdout);
        }
        return false;
    }
    PassConfig passes = {opt->dump_ir ? opt->dump_pass : NULL, opt->no_pass, opt->n_no_pass};
    pass_run_all(ctx, ir, &passes, stdout);
    if (opt->report && !opt->report_json) {
        ReportIr r = {ctx, ir};
        SemaReportHook hook = {report_generic_text, report_generic_json, &r};
        sema_report(sm, ctx->diags.errors ? NULL : &hook, stdout);
    }
    if (opt->dump_ir && !opt->dump_pass) {
        ir_print(ir, stdout);
    }
    if (ctx->diags.errors) {
        return false;
    }
    EmitLineMap *lines = opt->report_json ? emit_linemap_new(ctx) : NULL;
    bool ok = emit_module_lines(ctx, ir, modname, c, lines);
    if (ok && lines) {
        print_report_json(ctx, sm, ir, modname, lines, c);
    }
    return stage_ok(ctx, ok ? c : NULL, "C emission");
}

/* The target interpreter's minor version, for the front end's per-version verdicts
 * (asked once and cached, as the build asks anyway), and its executable (*exe, for
 * pycheck: the binary, not a wrapper such as pyenv's shim); 0 and NULL when it cannot
 * be asked: the build then reports that itself where it needs the interpreter. */
static int target_minor(Ctx *ctx, const Options *opt, const char **exe)
{
    int errors = ctx->diags.errors, len = ctx->diags.list.len;
    PyInfo py;
    *exe = NULL;
    if (pyinfo_query(ctx, opt->python, &py)) {
        *exe = py.exe && py.exe[0] ? py.exe : opt->python;
        return (py.hexversion >> 16) & 0xff;
    }
    ctx->diags.errors = errors;
    ctx->diags.list.len = len;
    return 0;
}

/* Reads the input and finds its import name (its package included). */
static bool open_input(Ctx *ctx, const char *path, ModulePath *mp)
{
    ctx->file = source_read(&ctx->arena, path);
    if (!ctx->file) {
        diag_error(&ctx->diags, NULL, (Loc){0}, "cannot read '%s': %s", path, strerror(errno));
        return false;
    }
    return driver_module_path(ctx, path, mp);
}

static bool write_c(Ctx *ctx, const char *out_dir, const char *stem, const StrBuf *c)
{
    char *path = arena_printf(&ctx->arena, "%s/%s.c", out_dir, stem);
    if (!cc_write_atomic(path, c->data ? c->data : "", c->len, 0666)) {
        diag_error(&ctx->diags, NULL, (Loc){0}, "cannot write to '%s': %s", out_dir,
                   strerror(errno));
        return false;
    }
    return true;
}

/* C text to the extension beside the source (or in -o DIR, below its package path):
 * pkg/mod.py -> pkg/mod<EXT_SUFFIX>, pkg/__init__.py -> pkg/__init__<EXT_SUFFIX>. */
static bool build_extension(Ctx *ctx, const Options *opt, const char *out_dir,
                            const ModulePath *mp, const StrBuf *c)
{
    PyInfo py;
    if (!pyinfo_query(ctx, opt->python, &py)) {
        return false;
    }
    if ((opt->emit_c || opt->c_only) && !write_c(ctx, out_dir, mp->stem, c)) {
        return false;
    }
    if (opt->c_only) {
        printf("%s/%s.c\n", out_dir, mp->stem);
        return true;
    }
    char *out_path = arena_printf(&ctx->arena, "%s/%s%s", out_dir, mp->stem, py.ext_suffix);
    return cc_build_extension(ctx, &py, c->data ? c->data : "", c->len, out_path, opt);
}

static int build(const Options *opt)
{
    Ctx ctx;
    ctx_init(&ctx);
    StrBuf c;
    sb_init(&c);
    double t0 = now(), t1 = t0;
    ModulePath mp;
    const char *out_dir = NULL, *python;
    ctx.py_minor = target_minor(&ctx, opt, &python);
    bool ok = open_input(&ctx, opt->input, &mp) &&
              (out_dir = driver_out_dir(&ctx, &mp, opt->out_dir)) != NULL &&
              compile_to_c(&ctx, opt, mp.name, &c, python);
    t1 = now();
    if (opt->no_cc) {   /* the C (with --emit-c) and the report only */
        ok = ok && (!opt->emit_c || write_c(&ctx, out_dir, mp.stem, &c));
    } else {
        ok = ok && build_extension(&ctx, opt, out_dir, &mp, &c);
    }
    if (ok && timing_wanted()) {
        fprintf(stderr, "front-to-C: %.3f s, cc: %.3f s\n", t1 - t0, now() - t1);
    }
    fflush(stdout);
    diags_print(&ctx.diags, stderr);
    sb_free(&c);
    ctx_free(&ctx);
    return ok ? 0 : EXIT_DIAGNOSTICS;
}

static int runtime_lib(const Options *opt)
{
    Ctx ctx;
    ctx_init(&ctx);
    PyInfo py;
    bool ok = pyinfo_query(&ctx, opt->python, &py) && cc_print_runtime_lib(&ctx, &py, opt, stdout);
    fflush(stdout);
    diags_print(&ctx.diags, stderr);
    ctx_free(&ctx);
    return ok ? 0 : EXIT_DIAGNOSTICS;
}

static void print_version(void)
{
    Arena a;
    arena_init(&a);
    InstallDirs dirs;
    driver_install_dirs(&a, &dirs);
    printf("pyc2c %s\nruntime: %s\npython package: %s\n", PYC2C_VERSION,
           dirs.runtime ? dirs.runtime : "(not found)", dirs.python ? dirs.python : "(not found)");
    arena_free(&a);
}

/* The stages recurse on the source's nesting, which front/limits.c bounds at CPython's
 * limits (about 3,000 levels); a thread with a large stack (reserved, touched only as
 * used) holds that depth whatever the shell's stack limit. */
#define STAGE_STACK_SIZE ((size_t)1 << 30)

typedef struct BuildJob {
    const Options *opt;
    int rc;
} BuildJob;

static void *build_thread(void *arg)
{
    BuildJob *job = arg;
    job->rc = build(job->opt);
    return NULL;
}

static int build_on_big_stack(const Options *opt)
{
    BuildJob job = {opt, 0};
    pthread_attr_t attr;
    pthread_t th;
    if (pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, STAGE_STACK_SIZE) != 0 ||
        pthread_create(&th, &attr, build_thread, &job) != 0) {
        return build(opt);   /* no thread: the usual stack still holds ordinary sources */
    }
    pthread_join(th, NULL);
    pthread_attr_destroy(&attr);
    return job.rc;
}

int main(int argc, char **argv)
{
    if (hot_is_command(argc, argv)) {
        return hot_run(argc, argv);   /* python/pyc2c: the profiling loop and HTML view */
    }
    Options opt;
    int rc = options_parse(&opt, argc, argv, stderr);
    if (rc != 0) {
        return rc;
    }
    switch (opt.action) {
    case ACTION_HELP:
        options_print_help(stdout);
        return 0;
    case ACTION_VERSION:
        print_version();
        return 0;
    case ACTION_RUNTIME_LIB:
        return runtime_lib(&opt);
    case ACTION_CACHE:
        return cache_command(&opt);
    case ACTION_CHECK:
        return check_command(&opt);
    case ACTION_BUILD:
        break;
    }
    char found[PATH_MAX];
    if (!cc_find_program(opt.python, found, sizeof found)) {
        fprintf(stderr, "pyc2c: error: --python: no executable '%s'\n", opt.python);
        options_print_usage(stderr);
        return EXIT_USAGE;
    }
    if (batch_wanted(&opt)) {
        return batch_build(&opt);   /* one pyc2c process per module, each as below */
    }
    child_install_handlers();
    rc = build_on_big_stack(&opt);
    child_reraise();
    return rc;
}
