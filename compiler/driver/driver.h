/* driver.h - the command line, the target interpreter and the C compiler.
 * The last stage: it takes emitted C text and leaves an importable extension. */
#ifndef PYC2C_DRIVER_H
#define PYC2C_DRIVER_H

#include "../base/base.h"

/* ---- options.c: the command line ---- */
typedef enum DriverAction {
    ACTION_BUILD, ACTION_HELP, ACTION_VERSION, ACTION_RUNTIME_LIB, ACTION_CACHE, ACTION_CHECK
} DriverAction;

typedef struct Options {
    DriverAction action;
    const char *input;      /* FILE.py (the first of inputs) */
    const char **inputs;    /* every FILE.py or DIR given (build), or cache's arguments */
    int ninputs;
    int jobs;               /* -j N; 0 when not given */
    const char *out_dir;    /* -o DIR; NULL: the directory of input */
    const char *python;     /* --python PY; default "python3" */
    int opt_level;          /* -O0..-O3; default 2 */
    bool opt_explicit;      /* -ON given: it wins over $CFLAGS */
    bool emit_c;            /* --emit-c: keep NAME.c next to the output */
    bool c_only;            /* --c-only: write NAME.c (path printed), do not compile it */
    bool dump_ir;           /* --dump-ir[=PASS] */
    const char *dump_pass;  /* PASS, or NULL: after all passes */
    const char *no_pass[16];   /* --no-pass=NAME: optimizer passes not to run */
    int n_no_pass;
    bool report;            /* --report */
    bool report_json;       /* --report=json: the report and each line's C, for tools */
    bool no_cc;             /* --no-cc: stop after generating C */
    bool strict;            /* --strict */
    bool profile;           /* --profile: compiled functions report calls to profilers */
} Options;

/* Exit statuses. */
enum { EXIT_DIAGNOSTICS = 1, EXIT_USAGE = 2 };

/* Parses argv into opt. Returns 0 (opt->action says what to do) or EXIT_USAGE
 * after printing "pyc2c: error: ..." and the usage line on err. */
int options_parse(Options *opt, int argc, char **argv, FILE *err);
void options_print_help(FILE *out);
void options_print_usage(FILE *out);

/* The import name of a source file: its basename without ".py". NULL when the
 * file does not end in .py or the name is not an identifier (or is a keyword). */
const char *driver_module_name(Arena *a, const char *path);
/* The directory part of path ("." when there is none). */
const char *driver_dirname(Arena *a, const char *path);
/* Reports "cannot write to 'DIR': reason" unless dir is a writable directory. */
bool driver_check_out_dir(Ctx *ctx, const char *dir);

/* Where a source file sits in the import tree. Its package is found as mypyc and
 * Cython find it: the directories above it that hold an __init__.py, up to the first
 * one that does not (or whose name is not an identifier). */
typedef struct ModulePath {
    const char *name;     /* import name: "mod", "pkg.sub.mod"; "pkg" for pkg/__init__.py */
    const char *stem;     /* the extension's file name before EXT_SUFFIX: "mod" or "__init__" */
    const char *package;  /* the dotted package: "" for a top-level module */
    const char *subdir;   /* the package as a relative path: "" or "pkg/sub" */
    const char *src_dir;  /* the directory of the source, as given */
    const char *root;     /* the absolute directory above the outermost package */
} ModulePath;

/* Fills mp for the source file path (which must exist); false after a diagnostic
 * when a name on the way is not importable. */
bool driver_module_path(Ctx *ctx, const char *path, ModulePath *mp);
/* The directory the extension is written to: the source's own directory, or with
 * -o DIR the package's directories below DIR (DIR/pkg/sub, created as needed; DIR
 * itself must exist). NULL after a diagnostic. */
const char *driver_out_dir(Ctx *ctx, const ModulePath *mp, const char *out_opt);

/* ---- batch.c: many modules per run ---- */
/* True when the command line asks for more than one module: several inputs, a
 * directory, or -j. */
bool batch_wanted(const Options *opt);
/* Builds every module (directories searched recursively, packages kept), up to -j at
 * once, each in its own pyc2c process; unchanged modules come from the cache. Prints a
 * progress line on a TTY and a summary; returns the exit status (1 if any failed). */
int batch_build(const Options *opt);

/* ---- cache.c: `pyc2c cache info|clean` and the size cap ---- */
int cache_command(const Options *opt);
/* Removes the least recently used built modules until the cache is under its cap
 * ($PYC2C_CACHE_MAX_MB, default 1024). */
void cache_trim(Arena *a);

/* ---- check.c: `pyc2c check [DIR]`, extensions older than their source ---- */
int check_command(const Options *opt);

/* ---- install.c: where this pyc2c's runtime and Python package are ---- */
typedef struct InstallDirs {
    const char *runtime;  /* the runtime sources (pyc2c.h, *.c); $PYC2C_RUNTIME wins */
    const char *python;   /* the directory holding the package `pyc2c` (for PYTHONPATH) */
} InstallDirs;
/* Finds both relative to the running binary; a member is NULL when it is not there.
 * True when both were found. */
bool driver_install_dirs(Arena *a, InstallDirs *out);

/* ---- pyinfo.c: what the target interpreter says about itself ---- */
typedef struct PyInfo {
    const char *exe;          /* sys.executable */
    const char *include_dir;  /* sysconfig include path, holds Python.h */
    const char *ext_suffix;   /* e.g. ".cpython-311-x86_64-linux-gnu.so" */
    const char *version;      /* "3.11.7" */
    int hexversion;           /* sys.hexversion */
} PyInfo;

/* Asks python (a name on PATH or a path) about itself; the answer is cached per
 * interpreter binary. On failure reports a diagnostic and returns false. */
bool pyinfo_query(Ctx *ctx, const char *python, PyInfo *out);

/* ---- pycheck.c: CPython's verdict on the source ---- */
/* Runs python's compile() on ctx->file's path; false after reporting its SyntaxError
 * as an error at CPython's line and column. True when it compiles, or when python gives
 * no verdict (it cannot run, or fails otherwise). */
bool pycheck_source(Ctx *ctx, const char *python);

/* ---- cc.c: building the extension ---- */
/* Compiles c_source with $CC against py's headers and the (cached) runtime
 * archive, and renames the result into out_path. Nothing is left behind on
 * failure. An identical earlier build is reused from the cache. */
bool cc_build_extension(Ctx *ctx, const PyInfo *py, const char *c_source, size_t len,
                        const char *out_path, const Options *opt);
/* `pyc2c runtime-lib`: builds (or finds in the cache) the runtime archive for py and
 * the options' flags, and prints its path and the runtime's include directory, for
 * build tools that compile --c-only output themselves (pyc2c.setuptools). */
bool cc_print_runtime_lib(Ctx *ctx, const PyInfo *py, const Options *opt, FILE *out);

/* The directory of the pyc2c Python package (put on PYTHONPATH by hot.c). */
const char *cc_python_dir(Arena *a);

/* ---- hot.c: `pyc2c hot` and `pyc2c annotate`, run by the Python package ---- */
/* True when argv[1] names one of them. */
bool hot_is_command(int argc, char **argv);
/* Runs `PYTHON -m pyc2c CMD ARGS...` (PYTHON: --python PY or python3) with the package
 * on PYTHONPATH and $PYC2C naming this binary. Returns only on failure (status). */
int hot_run(int argc, char **argv);

/* Helpers shared by the driver files (cc.c). */
/* Finds name on $PATH as execvp would (a name with a slash is itself) into out;
 * false with errno set when there is no such executable. */
bool cc_find_program(const char *name, char *out, size_t cap);
/* Runs argv (argv[0] found by cc_find_program). Appends stdout to out, and stderr to err
 * (to out when err is NULL). Returns the exit status, 128+signal when killed, or
 * -1 with errno set when the program could not be started. */
int cc_run(char *const argv[], StrBuf *out, StrBuf *err);

#include <sys/types.h>
/* child.c: the compiler child's process group, memory cap and signals */
void child_install_handlers(void);
/* ---- tempdir.c: private temporary directories; stale ones of dead pyc2c runs go ---- */
const char *tempdir_root(void);
char *tempdir_create(Arena *a);   /* NULL: errno */
void tempdir_remove(const char *dir);
/* Removes the directories in root that a dead pyc2c left (named after its pid). */
void tempdir_sweep(const char *root);

/* Runs prog (stdin /dev/null, stdout out, stderr err) in its own process group led by a
 * watcher that kills the group if pyc2c dies; the watcher exits as prog did. -1: errno. */
pid_t child_spawn(const char *prog, char *const argv[], int out, int err);
void child_finished(void);
void child_reraise(void);
/* Runs the n commands argvs[i] (argv vectors, NULL-ended), at most jobs at a time, in
 * one process group that a signal to pyc2c kills (the parts of a module: cc.c).
 * 0 when all succeeded, else the exit status of the first failure; -1 if none ran. */
int child_run_parallel(char *const *const *argvs, int n, int jobs);   /* dies of the signal that stopped the build, if one did */
/* ---- pch.c: pyc2c.h precompiled (GCC) in the cache ---- */
/* The directory CACHE/pch-KEY holding pyc2c.h.gch, made from header by compile ($CC and
 * the module's flags, NULL-ended) on first use and whenever a header it was made from
 * changed; NULL when there is none to use (the module then includes pyc2c.h as usual). */
const char *pch_dir(Arena *a, const char *cache, const char *key, char *const *compile,
                    const char *header);
/* $PYC2C_CACHE_DIR, $XDG_CACHE_HOME/pyc2c or ~/.cache/pyc2c, created on demand;
 * NULL when there is none usable. */
const char *cc_cache_dir(Arena *a);
/* A 128-bit content hash as 32 hex digits. */
typedef struct CcHash {
    uint64_t a, b;
} CcHash;
void cc_hash_init(CcHash *h);
void cc_hash_bytes(CcHash *h, const void *data, size_t n);
void cc_hash_str(CcHash *h, const char *s);   /* includes the terminating NUL */
void cc_hash_hex(const CcHash *h, char out[33]);
/* Writes data to path atomically (temp file in the same directory + rename). */
bool cc_write_atomic(const char *path, const void *data, size_t n, int mode);
/* Copies a file atomically (temp file + rename). */
bool cc_copy_atomic(const char *from, const char *to, int mode);
/* Reads a whole file into malloc'd memory (NUL-terminated); NULL on failure. */
char *cc_read_file(const char *path, size_t *len);

#endif
