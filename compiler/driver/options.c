/* options.c - the command line:
 *   pyc2c [build] FILE.py [-o DIR] [--python PY] [-O0|-O1|-O2|-O3] [--emit-c]
 *         [--dump-ir[=PASS]] [--report] [--strict]
 * and the names derived from it (module name, package, output directory). */
#include "driver.h"
#include "../pass/pass.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PYC2C_VERSION
#define PYC2C_VERSION "0.0.0"
#endif

static const char usage_line[] =
    "usage: pyc2c [build] FILE.py [-o DIR] [--python PY] [-O0|-O1|-O2|-O3] [--emit-c]\n"
    "             [--c-only] [--dump-ir[=PASS]] [--no-pass=PASS] [--report[=json]] [--strict] [--profile] [--no-cc]\n"
    "       pyc2c build FILE.py|DIR ... [-j N] [options]\n"
    "       pyc2c runtime-lib [--python PY] [-O0|-O1|-O2|-O3]\n"
    "       pyc2c cache info|clean\n"
    "       pyc2c check [DIR]\n"
    "       pyc2c hot [OPTIONS] SCRIPT.py|-m MODULE [ARGS...]   (pyc2c hot --help)\n"
    "       pyc2c annotate FILE.py [--profile DATA.json] [-o FILE.html]\n";

void options_print_usage(FILE *out)
{
    fputs(usage_line, out);
}

void options_print_help(FILE *out)
{
    fputs(usage_line, out);
    fputs("\n"
          "Compiles a type-annotated Python module to a CPython extension module\n"
          "(FILE<EXT_SUFFIX>, written next to FILE.py unless -o is given). A module in\n"
          "a package (directories with an __init__.py) gets its dotted name: pkg/mod.py\n"
          "is imported as pkg.mod, pkg/__init__.py as pkg.\n"
          "\n"
          "options:\n"
          "  -o DIR            write the extension below DIR as below a sys.path entry\n"
          "                    (DIR/pkg/mod<EXT_SUFFIX>, package directories created)\n"
          "  --python PY       target interpreter (default: python3 on PATH)\n"
          "  -O0 .. -O3        optimization level of the C compiler (default -O2;\n"
          "                    $CFLAGS, when set, replaces the default)\n"
          "  --emit-c          also keep the generated C as NAME.c next to the output\n"
          "  --c-only          write NAME.c (and print its path) instead of the extension\n"
          "  -j N              build up to N modules at once (several inputs or a\n"
          "                    directory, searched recursively; default: all CPUs)\n"
          "  --dump-ir[=PASS]  print the IR after PASS (default: after all passes)\n"
          "  --no-pass=PASS    skip an optimizer pass (constfold, cfg, selfcall, leafinline, guards, copyprop, intvec, boolvec,\n"
          "                    floatstore, floatload, itemmove, licm, ranges, whilestrip, bounds, rebox, itemunbox, wideacc, acc64, dce,\n"
          "                    chaindepth, i64copy, tailacc, intchain, classchecks, floatrows, constidx, floatout, errshare, errchain, inline,\n"
          "                    borrow, nonnull; opt: all of\n"
          "                    them); may be repeated\n"
          "  --report          say for every function whether it is native and why not\n"
          "  --report=json     the same as JSON, with the C and kind of each source line\n"
          "  --no-cc           stop after generating C (for --report, --emit-c)\n"
          "  --strict          make any fallback to interpreted Python an error\n"
          "  --profile         compiled functions report calls and returns to profilers\n"
          "                    (cProfile, sys.setprofile) with their file, line and name\n"
          "  --help            show this help\n"
          "  --version         show the version and where the runtime is\n"
          "\n"
          "pyc2c runtime-lib prints the runtime archive (built for PY, cached) and the\n"
          "runtime's include directory, to link --c-only output by other build tools.\n"
          "pyc2c cache info|clean shows or empties the cache of built modules and runtimes\n"
          "(capped at $PYC2C_CACHE_MAX_MB, default 1024).\n"
          "pyc2c check [DIR] lists the extensions below DIR (default .) whose .py changed\n"
          "since pyc2c built them (importing one warns too); exit status 1 if any.\n"
          "\n"
          "environment: CC (default cc), CFLAGS, PYC2C_RUNTIME, PYC2C_CACHE_DIR,\n"
          "             PYC2C_TIMING=1 (print the time of each phase)\n",
          out);
}

static int usage_error(FILE *err, const char *fmt, const char *arg)
{
    fputs("pyc2c: error: ", err);
    fprintf(err, fmt, arg);
    fputc('\n', err);
    options_print_usage(err);
    return EXIT_USAGE;
}

static void options_defaults(Options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->action = ACTION_BUILD;
    opt->python = "python3";
    opt->opt_level = 2;
}

/* -O0 .. -O3; false for anything else starting with -O. */
static bool parse_opt_level(const char *arg, Options *opt)
{
    if (arg[2] >= '0' && arg[2] <= '3' && arg[3] == '\0') {
        opt->opt_level = arg[2] - '0';
        opt->opt_explicit = true;
        return true;
    }
    return false;
}

/* Boolean flags; true when arg was one of them. */
static bool parse_flag(const char *arg, Options *opt)
{
    if (strcmp(arg, "--emit-c") == 0) {
        opt->emit_c = true;
    } else if (strcmp(arg, "--report") == 0) {
        opt->report = true;
    } else if (strcmp(arg, "--c-only") == 0) {
        opt->c_only = true;
    } else if (strcmp(arg, "--report=json") == 0) {
        opt->report = opt->report_json = true;
    } else if (strcmp(arg, "--no-cc") == 0) {
        opt->no_cc = true;
    } else if (strcmp(arg, "--strict") == 0) {
        opt->strict = true;
    } else if (strcmp(arg, "--profile") == 0) {
        opt->profile = true;
    } else if (strcmp(arg, "--dump-ir") == 0) {
        opt->dump_ir = true;
    } else if (strncmp(arg, "--dump-ir=", 10) == 0 && arg[10] != '\0') {
        opt->dump_ir = true;
        opt->dump_pass = arg + 10;
    } else {
        return false;
    }
    return true;
}

/* --no-pass=NAME: 1 when handled, 0 when arg is not it, EXIT_USAGE on a bad name. */
static int parse_no_pass(const char *arg, Options *opt, FILE *err)
{
    if (strncmp(arg, "--no-pass=", 10) != 0) {
        return 0;
    }
    bool optional = false;
    if (!pass_known(arg + 10, &optional) || !optional) {
        return usage_error(err, "'%s' names no optimizer pass", arg + 10);
    }
    if (opt->n_no_pass < (int)(sizeof opt->no_pass / sizeof opt->no_pass[0])) {
        opt->no_pass[opt->n_no_pass++] = arg + 10;
    }
    return 1;
}

/* Options with a value: "-o DIR", "-oDIR", "--python PY", "--python=PY".
 * Returns 1 when handled (advancing *i past a separate value), 0 when arg is not
 * one of them, EXIT_USAGE (after a message) when the value is missing. */
static int parse_valued(int argc, char **argv, int *i, Options *opt, FILE *err)
{
    const char *arg = argv[*i];
    const char **slot;
    const char *value;
    if (strncmp(arg, "-o", 2) == 0) {
        slot = &opt->out_dir;
        value = arg[2] ? arg + 2 : NULL;
    } else if (strcmp(arg, "--python") == 0) {
        slot = &opt->python;
        value = NULL;
    } else if (strncmp(arg, "--python=", 9) == 0) {
        slot = &opt->python;
        value = arg + 9;
    } else {
        return 0;
    }
    if (!value) {
        if (*i + 1 >= argc) {
            return usage_error(err, "option '%s' needs an argument", arg);
        }
        value = argv[++*i];
    }
    if (!*value) {
        return usage_error(err, "option '%s' needs a non-empty argument", arg);
    }
    *slot = value;
    return 1;
}

static int take_input(Options *opt, const char *arg, FILE *err)
{
    (void)err;
    opt->inputs[opt->ninputs++] = arg;
    opt->input = opt->inputs[0];
    return 0;
}

/* -j N, -jN, --jobs N, --jobs=N. Same returns as parse_valued. */
static int parse_jobs(int argc, char **argv, int *i, Options *opt, FILE *err)
{
    const char *arg = argv[*i];
    const char *value;
    if (strcmp(arg, "-j") == 0 || strcmp(arg, "--jobs") == 0) {
        if (*i + 1 >= argc) {
            return usage_error(err, "option '%s' needs an argument", arg);
        }
        value = argv[++*i];
    } else if (strncmp(arg, "-j", 2) == 0) {
        value = arg + 2;
    } else if (strncmp(arg, "--jobs=", 7) == 0) {
        value = arg + 7;
    } else {
        return 0;
    }
    char *end;
    long n = strtol(value, &end, 10);
    if (*end || n < 1 || n > 1024) {
        return usage_error(err, "-j wants a number of jobs from 1 to 1024 (got '%s')", value);
    }
    opt->jobs = (int)n;
    return 1;
}

int options_parse(Options *opt, int argc, char **argv, FILE *err)
{
    options_defaults(opt);
    int i = 1;
    if (i < argc && strcmp(argv[i], "build") == 0) {
        i++;
    } else if (i < argc && strcmp(argv[i], "runtime-lib") == 0) {
        opt->action = ACTION_RUNTIME_LIB;
        i++;
    } else if (i < argc && strcmp(argv[i], "cache") == 0) {
        opt->action = ACTION_CACHE;
        i++;
    } else if (i < argc && strcmp(argv[i], "check") == 0) {
        opt->action = ACTION_CHECK;
        i++;
    }
    opt->inputs = calloc((size_t)argc + 1, sizeof *opt->inputs);
    if (!opt->inputs) {
        return usage_error(err, "%s", "out of memory");
    }
    bool only_files = false;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        int rc;
        if (only_files || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if ((rc = take_input(opt, arg, err)) != 0) {
                return rc;
            }
        } else if (strcmp(arg, "--") == 0) {
            only_files = true;
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            opt->action = ACTION_HELP;
            return 0;
        } else if (strcmp(arg, "--version") == 0) {
            opt->action = ACTION_VERSION;
            return 0;
        } else if (strncmp(arg, "-O", 2) == 0) {
            if (!parse_opt_level(arg, opt)) {
                return usage_error(err, "unknown optimization level '%s' (use -O0 to -O3)", arg);
            }
        } else if (parse_flag(arg, opt)) {
            continue;
        } else if ((rc = parse_jobs(argc, argv, &i, opt, err)) != 0) {
            if (rc != 1) {
                return rc;
            }
        } else if ((rc = parse_no_pass(arg, opt, err)) != 0) {
            if (rc != 1) {
                return rc;
            }
        } else if ((rc = parse_valued(argc, argv, &i, opt, err)) != 0) {
            if (rc != 1) {
                return rc;
            }
        } else {
            return usage_error(err, "unknown option '%s'", arg);
        }
    }
    if (opt->action == ACTION_CHECK && opt->ninputs > 1) {
        return usage_error(err, "pyc2c check takes one directory (got '%s' too)", opt->inputs[1]);
    }
    if (opt->action == ACTION_RUNTIME_LIB && opt->input) {
        return usage_error(err, "runtime-lib takes no input file (got '%s')", opt->input);
    }
    if (opt->action == ACTION_BUILD && opt->ninputs > 1 && (opt->dump_ir || opt->report)) {
        return usage_error(err, "%s", "--dump-ir and --report take one input file");
    }
    if (opt->action == ACTION_CACHE && (opt->ninputs != 1 || (strcmp(opt->input, "info") != 0 &&
                                                             strcmp(opt->input, "clean") != 0))) {
        return usage_error(err, "%s", "pyc2c cache wants 'info' or 'clean'");
    }
    if (!opt->input && opt->action == ACTION_BUILD) {
        return usage_error(err, "%s", "no input file");
    }
    bool optional;
    if (opt->dump_pass && !pass_known(opt->dump_pass, &optional)) {
        return usage_error(err, "unknown pass '%s' for --dump-ir (build, constfold, cfg, selfcall, leafinline, guards, "
                           "copyprop, intvec, boolvec, floatstore, floatload, itemmove, licm, ranges, whilestrip, bounds, rebox, itemunbox, wideacc, acc64, dce, chaindepth, i64copy, tailacc, intchain, classchecks, floatrows, constidx, floatout, interrupts, errors, refcount, errshare, errchain, inline, borrow, nonnull)", opt->dump_pass);
    }
    return 0;
}

/* ---- names derived from the command line ---- */

static const char *const py_keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break",
    "class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
    "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
    "pass", "raise", "return", "try", "while", "with", "yield", NULL,
};

static bool is_keyword(const char *s)
{
    for (int i = 0; py_keywords[i]; i++) {
        if (strcmp(py_keywords[i], s) == 0) {
            return true;
        }
    }
    return false;
}

/* The length of the UTF-8 sequence of a non-ASCII letter at s (at most n bytes), or 0.
 * Any well-formed code point from U+00AA up counts: the emitter names such a module's
 * init function by PEP 489's punycode rule (emit_module.c). */
static size_t utf8_letter(const unsigned char *s, size_t n)
{
    size_t len = (*s >> 5) == 6 ? 2 : (*s >> 4) == 14 ? 3 : (*s >> 3) == 30 ? 4 : 0;
    if (len == 0 || len > n || (len == 2 && *s < 0xc2)) {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            return 0;
        }
    }
    return len;
}

static bool is_identifier(const char *s, size_t n)
{
    if (n == 0 || (s[0] >= '0' && s[0] <= '9')) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '_';
        size_t len = ok ? 1 : utf8_letter((const unsigned char *)s + i, n - i);
        if (len == 0) {
            return false;
        }
        i += len - 1;
    }
    return true;
}

static const char *basename_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

const char *driver_module_name(Arena *a, const char *path)
{
    const char *base = basename_of(path);
    size_t n = strlen(base);
    if (n < 3 || strcmp(base + n - 3, ".py") != 0) {
        return NULL;
    }
    if (!is_identifier(base, n - 3)) {
        return NULL;
    }
    const char *name = arena_strndup(a, base, n - 3);
    return is_keyword(name) ? NULL : name;
}

const char *driver_dirname(Arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        return ".";
    }
    if (slash == path) {
        return "/";
    }
    return arena_strndup(a, path, (size_t)(slash - path));
}

/* mkdir -p dir (as build tools do for their output directory). */
static void create_dirs(Ctx *ctx, const char *dir)
{
    char *path = arena_strdup(&ctx->arena, dir);
    for (char *p = path + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(path, 0777) != 0 && errno != EEXIST) {
                return;   /* the stat below reports why */
            }
            *p = c;
            if (c == '\0') {
                return;
            }
        }
    }
}

bool driver_check_out_dir(Ctx *ctx, const char *dir)
{
    struct stat st;
    const char *why = NULL;
    if (stat(dir, &st) != 0 && errno == ENOENT) {
        create_dirs(ctx, dir);
    }
    if (stat(dir, &st) != 0) {
        why = strerror(errno);
    } else if (!S_ISDIR(st.st_mode)) {
        why = strerror(ENOTDIR);
    } else if (access(dir, W_OK | X_OK) != 0) {
        why = strerror(errno);
    }
    if (why) {
        diag_error(&ctx->diags, NULL, (Loc){0}, "cannot write to '%s': %s", dir, why);
        return false;
    }
    return true;
}

/* ---- packages: where a source file sits in the import tree ---- */

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A directory name that can be a package: an identifier that is not a keyword. */
static bool is_package_name(const char *name)
{
    return is_identifier(name, strlen(name)) && !is_keyword(name);
}

/* "a/b" + "c" -> "a/b/c" (sep '/' or '.'); either side may be empty. */
static const char *join(Arena *a, const char *left, char sep, const char *right)
{
    if (!*left) {
        return right;
    }
    if (!*right) {
        return left;
    }
    return arena_printf(a, "%s%c%s", left, sep, right);
}

bool driver_module_path(Ctx *ctx, const char *path, ModulePath *out)
{
    Arena *a = &ctx->arena;
    memset(out, 0, sizeof *out);
    out->stem = driver_module_name(a, path);
    if (!out->stem) {
        diag_error(&ctx->diags, NULL, (Loc){0}, "'%s' is not a valid module name", basename_of(path));
        return false;
    }
    out->src_dir = driver_dirname(a, path);
    char *abs = realpath(out->src_dir, NULL);
    if (!abs) {
        diag_error(&ctx->diags, NULL, (Loc){0}, "cannot read '%s': %s", out->src_dir, strerror(errno));
        return false;
    }
    char *dir = arena_strdup(a, abs);
    free(abs);
    const char *pkg = "";     /* dotted package name, outermost first */
    const char *sub = "";     /* the same as directories */
    bool is_init = strcmp(out->stem, "__init__") == 0;
    for (bool first = true;; first = false) {
        char *slash = strrchr(dir, '/');
        const char *base = slash ? slash + 1 : dir;
        bool package = (first && is_init) || is_file(arena_printf(a, "%s/__init__.py", dir));
        if (!package || !*base) {
            if (first && is_init) {
                diag_error(&ctx->diags, NULL, (Loc){0},
                           "'%s' is not in a package directory", path);
                return false;
            }
            break;
        }
        if (!is_package_name(base)) {
            if (first && is_init) {
                diag_error(&ctx->diags, NULL, (Loc){0},
                           "'%s' is not a valid package name (the directory of '%s')", base, path);
                return false;
            }
            break;   /* not importable as a package: the walk stops here, as the import would */
        }
        pkg = join(a, base, '.', pkg);
        sub = join(a, base, '/', sub);
        *slash = '\0';
    }
    out->root = dir[0] ? dir : "/";
    out->package = pkg;
    out->subdir = sub;
    out->name = is_init ? pkg : join(a, pkg, '.', out->stem);
    return true;
}

/* mkdir -p for the directories of rel below the existing directory base. */
static bool make_subdirs(Ctx *ctx, const char *base, const char *rel)
{
    Arena *a = &ctx->arena;
    char *path = arena_printf(a, "%s/%s", base, rel);
    for (char *p = path + strlen(base) + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(path, 0777) != 0 && errno != EEXIST) {
                diag_error(&ctx->diags, NULL, (Loc){0}, "cannot create '%s': %s", path, strerror(errno));
                return false;
            }
            if (!is_dir(path)) {
                diag_error(&ctx->diags, NULL, (Loc){0}, "cannot create '%s': %s", path, strerror(EEXIST));
                return false;
            }
            *p = c;
            if (c == '\0') {
                return true;
            }
        }
    }
}

const char *driver_out_dir(Ctx *ctx, const ModulePath *mp, const char *out_opt)
{
    if (!out_opt) {
        return driver_check_out_dir(ctx, mp->src_dir) ? mp->src_dir : NULL;
    }
    if (!driver_check_out_dir(ctx, out_opt)) {
        return NULL;
    }
    if (!*mp->subdir) {
        return out_opt;
    }
    if (!make_subdirs(ctx, out_opt, mp->subdir)) {
        return NULL;
    }
    return arena_printf(&ctx->arena, "%s/%s", out_opt, mp->subdir);
}
