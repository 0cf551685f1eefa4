/* cc.c - building the extension: $CC on the emitted C, linked with the runtime
 * archive (built once per compiler, flags, Python headers and runtime source, and
 * cached), written by rename so a failed build leaves nothing behind.
 * Also the small system helpers of the driver: running programs, hashing, the
 * cache directory, atomic writes. */
#include "driver.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <ftw.h>
#include <poll.h>
#include <pwd.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PYC2C_VERSION
#define PYC2C_VERSION "0.0.0"
#endif
/* The directory holding the pyc2c Python package (hot, annotate): $PYC2C_PYTHON_DIR,
 * else the one found beside the running binary (install.c), allocated in `a`. */
const char *cc_python_dir(Arena *a)
{
    const char *dir = getenv("PYC2C_PYTHON_DIR");
    if (dir && *dir) {
        return dir;
    }
    InstallDirs dirs;
    driver_install_dirs(a, &dirs);
    return dirs.python ? dirs.python : "python";
}

/* ======================= running programs ======================= */

static void append_read(int fd, StrBuf *sb, bool *open)
{
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
        sb_putn(sb, buf, (size_t)n);
    } else if (n == 0 || errno != EINTR) {
        *open = false;
    }
}

/* Reads both pipes until both are closed (fd2 may be -1). */
static void drain(int fd1, StrBuf *sb1, int fd2, StrBuf *sb2)
{
    bool open1 = true, open2 = fd2 >= 0;
    while (open1 || open2) {
        struct pollfd p[2] = { { open1 ? fd1 : -1, POLLIN, 0 }, { open2 ? fd2 : -1, POLLIN, 0 } };
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        if (open1 && p[0].revents) {
            append_read(fd1, sb1, &open1);
        }
        if (open2 && p[1].revents) {
            append_read(fd2, sb2, &open2);
        }
    }
}

static int wait_status(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void close_pair(int p[2])
{
    if (p[0] >= 0) {
        close(p[0]);
    }
    if (p[1] >= 0) {
        close(p[1]);
    }
}

bool cc_find_program(const char *name, char *out, size_t cap)
{
    if (strchr(name, '/')) {
        snprintf(out, cap, "%s", name);
        return access(out, X_OK) == 0;
    }
    const char *path = getenv("PATH");
    for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
        size_t n = strcspn(p, ":");
        snprintf(out, cap, "%.*s/%s", (int)n, n ? p : ".", name);
        struct stat st;
        if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0) {
            return true;
        }
        p += n + (p[n] == ':');
    }
    errno = ENOENT;
    return false;
}

int cc_run(char *const argv[], StrBuf *out, StrBuf *err)
{
    char prog[PATH_MAX];
    if (!cc_find_program(argv[0], prog, sizeof prog)) {
        return -1;
    }
    int po[2] = { -1, -1 }, pe[2] = { -1, -1 };
    if (pipe2(po, O_CLOEXEC) != 0 || (err && pipe2(pe, O_CLOEXEC) != 0)) {
        int e = errno;
        close_pair(po);
        errno = e;
        return -1;
    }
    pid_t pid = child_spawn(prog, argv, po[1], err ? pe[1] : po[1]);
    int rc = pid < 0 ? errno : 0;
    close(po[1]);
    if (err) {
        close(pe[1]);
    }
    if (rc == 0) {
        drain(po[0], out, err ? pe[0] : -1, err);
    }
    close(po[0]);
    if (err) {
        close(pe[0]);
    }
    if (rc != 0) {
        errno = rc;
        return -1;
    }
    int status = wait_status(pid);
    child_finished();
    return status;
}

/* ======================= hashing ======================= */

void cc_hash_init(CcHash *h)
{
    h->a = 0xcbf29ce484222325ull;
    h->b = 0x9e3779b97f4a7c15ull;
}

void cc_hash_bytes(CcHash *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h->a = (h->a ^ p[i]) * 0x100000001b3ull;
        h->b = (h->b + p[i] + 1) * 0xff51afd7ed558ccdull;
        h->b ^= h->b >> 29;
    }
}

void cc_hash_str(CcHash *h, const char *s)
{
    cc_hash_bytes(h, s, strlen(s) + 1);
}

static uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ull;
    k ^= k >> 33;
    return k;
}

void cc_hash_hex(const CcHash *h, char out[33])
{
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)fmix64(h->a ^ (h->b << 1)),
             (unsigned long long)fmix64(h->b + h->a));
}

/* ======================= files and directories ======================= */

static bool mkdir_p(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            int rc = mkdir(path, 0777);
            *p = '/';
            if (rc != 0 && errno != EEXIST) {
                return false;
            }
        }
    }
    return mkdir(path, 0777) == 0 || errno == EEXIST;
}

static const char *home_dir(void)
{
    const char *home = getenv("HOME");
    if (home && *home) {
        return home;
    }
    struct passwd *pw = getpwuid(getuid());
    return pw ? pw->pw_dir : NULL;
}

const char *cc_cache_dir(Arena *a)
{
    const char *env = getenv("PYC2C_CACHE_DIR");
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = home_dir();
    char *dir;
    if (env && *env) {
        dir = arena_strdup(a, env);
    } else if (xdg && xdg[0] == '/') {
        dir = arena_printf(a, "%s/pyc2c", xdg);
    } else if (home) {
        dir = arena_printf(a, "%s/.cache/pyc2c", home);
    } else {
        return NULL;
    }
    if (!mkdir_p(dir) || access(dir, W_OK | X_OK) != 0) {
        return NULL;
    }
    return dir;
}

char *cc_read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return NULL;
    }
    StrBuf sb;
    sb_init(&sb);
    bool open_ = true;
    while (open_) {
        append_read(fd, &sb, &open_);
    }
    close(fd);
    sb_putn(&sb, "", 0);
    if (len) {
        *len = sb.len;
    }
    if (!sb.data) {
        sb.data = calloc(1, 1);
    }
    return sb.data;
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return false;
        }
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static mode_t current_umask(void)
{
    mode_t m = umask(0);
    umask(m);
    return m;
}

/* "DIR/.BASE.XXXXXX" for path "DIR/BASE". */
static char *temp_name_for(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    char *tmp = malloc(strlen(path) + 16);
    if (!tmp) {
        return NULL;
    }
    sprintf(tmp, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
    return tmp;
}

bool cc_write_atomic(const char *path, const void *data, size_t n, int mode)
{
    char *tmp = temp_name_for(path);
    int fd = tmp ? mkstemp(tmp) : -1;
    if (fd < 0) {
        free(tmp);
        return false;
    }
    bool ok = write_all(fd, data, n) && fchmod(fd, (mode_t)mode & ~current_umask()) == 0;
    ok = (close(fd) == 0) && ok;
    ok = ok && rename(tmp, path) == 0;
    if (!ok) {
        int e = errno;
        unlink(tmp);
        errno = e;
    }
    free(tmp);
    return ok;
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool cc_copy_atomic(const char *from, const char *to, int mode)
{
    size_t n;
    char *data = cc_read_file(from, &n);
    if (!data) {
        return false;
    }
    bool ok = cc_write_atomic(to, data, n, mode);
    free(data);
    return ok;
}

/* ======================= the build ======================= */

typedef VEC(char *) ArgVec;

typedef struct Build {
    Ctx *ctx;
    const PyInfo *py;
    char *tmp;                /* private temp dir, removed at the end */
    const char *cache;        /* cache dir, or NULL */
    const char *rt_dir;       /* runtime sources */
    ArgVec cc;                /* $CC split into words */
    ArgVec flags;             /* compile flags shared by runtime and module */
    ArgVec module_flags;      /* the module's own, after the shared ones */
    const char *identity;     /* what `$CC --version` says */
    const char *pch;          /* the precompiled pyc2c.h's directory (pch.c), or NULL */
} Build;

static void split_words(Arena *a, const char *s, ArgVec *v)
{
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == '\n') {
            s++;
        }
        size_t n = strcspn(s, " \t\n");
        if (n > 0) {
            vec_push(a, v, arena_strndup(a, s, n));
        }
        s += n;
    }
}

static void push_all(Arena *a, ArgVec *v, const char *const *args)
{
    for (int i = 0; args[i]; i++) {
        vec_push(a, v, (char *)args[i]);
    }
}

static void make_flags(Build *b, const Options *opt)
{
    static const char *const common[] = {
        "-fPIC", "-fvisibility=hidden", "-fno-strict-aliasing", "-std=c11", "-Wall",
        "-Wextra", "-Wno-unused-parameter", "-Wno-unused-label", "-Wno-unused-function",
        /* as CPython's own build and setuptools compile extensions: without it every
         * PyList_GET_ITEM, PyTuple_GET_SIZE, ... of Python.h checks its object's type */
        "-DNDEBUG",
        NULL,
    };
    Arena *a = &b->ctx->arena;
    push_all(a, &b->flags, common);
    vec_push(a, &b->flags, arena_printf(a, "-I%s", b->py->include_dir));
    vec_push(a, &b->flags, arena_printf(a, "-I%s", b->rt_dir));
    const char *cflags = getenv("CFLAGS");
    bool use_cflags = cflags && *cflags;
    if (use_cflags) {
        split_words(a, cflags, &b->flags);
    }
    if (!use_cflags || opt->opt_explicit) {
        vec_push(a, &b->flags, arena_printf(a, "-O%d", opt->opt_level));
    }
}

/* Flags for the module's code only (the runtime archive keeps the shared ones): GCC
 * passes that cost much of a big module's C compile and buy nothing measurable on the
 * generated code on out-of-order x86-64 (bench/big_modules.md: cc1 instructions, and
 * bench/programs kernels under callgrind within 1%): the second scheduling pass (after
 * register allocation, ~11%), global CSE (~8%) and the points-to analysis (~3.5%: the
 * generated functions pass few pointers around, and 15 of the 17 bench programs compile
 * to the same machine code without it). (-fno-expensive-optimizations would save ~13%
 * more but costs richards and nbody 1-5% of their instructions; -fno-caller-saves ~4%
 * but 2-3%.) Not with the user's CFLAGS, which are taken as given, nor with another
 * compiler. */
static bool is_gcc(const Build *b)
{
    return strstr(b->identity, "Free Software Foundation") && !strstr(b->identity, "clang");
}

static void make_module_flags(Build *b)
{
#if defined(__x86_64__)
    static const char *const cheaper[] = {
        "-fno-schedule-insns2", "-fno-gcse", "-fno-tree-pta", NULL,
    };
    const char *cflags = getenv("CFLAGS");
    if (is_gcc(b) && !(cflags && *cflags)) {
        push_all(&b->ctx->arena, &b->module_flags, cheaper);
    }
#else
    (void)b;
#endif
}

/* Runs the C compiler (argv[0] is $CC's first word), its output into out (initialised
 * here); -1 with a diagnostic when it cannot be started. */
static int start_cc(Build *b, char *const argv[], StrBuf *out)
{
    sb_init(out);
    int st = cc_run(argv, out, NULL);
    if (st == -1) {
        diag_error(&b->ctx->diags, NULL, (Loc){0}, "cannot run the C compiler '%s': %s",
                   b->cc.data[0], strerror(errno));
    }
    return st;
}

/* The argv of $CC with the shared flags and extra (NULL-ended); the precompiled
 * header's directory first on the include path when there is one. */
static char **cc_argv(Build *b, ArgVec *extra)
{
    Arena *a = &b->ctx->arena;
    ArgVec argv = { 0 };
    for (int i = 0; i < b->cc.len; i++) {
        vec_push(a, &argv, b->cc.data[i]);
    }
    if (b->pch) {
        vec_push(a, &argv, arena_printf(a, "-I%s", b->pch));
    }
    for (int i = 0; i < b->flags.len; i++) {
        vec_push(a, &argv, b->flags.data[i]);
    }
    for (int i = 0; i < extra->len; i++) {
        vec_push(a, &argv, extra->data[i]);
    }
    vec_push(a, &argv, NULL);
    return argv.data;
}

/* Runs $CC with the shared flags and extra; reports its failure. */
static bool run_cc(Build *b, ArgVec *extra)
{
    StrBuf out;
    int st = start_cc(b, cc_argv(b, extra), &out);
    if (st != -1 && out.len > 0) {
        fflush(stdout);
        fwrite(out.data, 1, out.len, stderr);
    }
    if (st > 0) {
        diag_error(&b->ctx->diags, NULL, (Loc){0},
                   "C compiler failed (exit %d); this is a pyc2c bug", st);
    }
    sb_free(&out);
    return st == 0;
}

static bool ask_identity(Build *b)
{
    Arena *a = &b->ctx->arena;
    ArgVec argv = { 0 };
    for (int i = 0; i < b->cc.len; i++) {
        vec_push(a, &argv, b->cc.data[i]);
    }
    vec_push(a, &argv, "--version");
    vec_push(a, &argv, NULL);
    StrBuf out;
    int st = start_cc(b, argv.data, &out);
    b->identity = arena_strndup(a, out.data ? out.data : "", out.len);
    sb_free(&out);
    return st != -1;
}

static bool build_begin(Build *b, Ctx *ctx, const PyInfo *py, const Options *opt)
{
    memset(b, 0, sizeof *b);
    b->ctx = ctx;
    b->py = py;
    InstallDirs dirs;
    driver_install_dirs(&ctx->arena, &dirs);
    b->rt_dir = dirs.runtime;
    if (!b->rt_dir || !file_exists(arena_printf(&ctx->arena, "%s/pyc2c.h", b->rt_dir))) {
        diag_error(&ctx->diags, NULL, (Loc){0},
                   "the pyc2c runtime is not in '%s' (reinstall pyc2c or set PYC2C_RUNTIME)",
                   b->rt_dir ? b->rt_dir : "runtime/ beside the pyc2c binary");
        return false;
    }
    const char *cc = getenv("CC");
    split_words(&ctx->arena, cc && *cc ? cc : "cc", &b->cc);
    if (b->cc.len == 0) {
        split_words(&ctx->arena, "cc", &b->cc);
    }
    make_flags(b, opt);
    if (!ask_identity(b)) {
        return false;
    }
    make_module_flags(b);
    b->cache = cc_cache_dir(&ctx->arena);
    b->tmp = tempdir_create(&ctx->arena);
    if (!b->tmp) {
        diag_error(&ctx->diags, NULL, (Loc){0}, "cannot create a temporary directory in '%s': %s",
                   tempdir_root(), strerror(errno));
        b->tmp = NULL;
        return false;
    }
    return true;
}

static void build_end(Build *b)
{
    if (b->tmp) {
        tempdir_remove(b->tmp);
    }
}

/* ---- the runtime archive ---- */

/* .c and .h files, and the X-macro .def tables they include (hashed, not compiled) */
static int is_runtime_file(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    bool def = n > 4 && strcmp(d->d_name + n - 4, ".def") == 0;
    return def || (n > 2 && d->d_name[0] != '.' && d->d_name[n - 2] == '.' &&
                   (d->d_name[n - 1] == 'c' || d->d_name[n - 1] == 'h'));
}

/* Lists the runtime's .c files (into srcs) and hashes every .c and .h with the inputs that
 * shape the objects: compiler, flags, Python headers. */
static bool runtime_sources(Build *b, ArgVec *srcs, char key[33])
{
    struct dirent **ents;
    int n = scandir(b->rt_dir, &ents, is_runtime_file, alphasort);
    if (n < 0) {
        diag_error(&b->ctx->diags, NULL, (Loc){0}, "cannot read the runtime in '%s': %s",
                   b->rt_dir, strerror(errno));
        return false;
    }
    CcHash h;
    cc_hash_init(&h);
    cc_hash_str(&h, "runtime " PYC2C_VERSION);
    cc_hash_str(&h, b->identity);
    for (int i = 0; i < b->cc.len; i++) {
        cc_hash_str(&h, b->cc.data[i]);
    }
    for (int i = 0; i < b->flags.len; i++) {
        cc_hash_str(&h, b->flags.data[i]);
    }
    char hexv[32];
    snprintf(hexv, sizeof hexv, "%x", b->py->hexversion);
    cc_hash_str(&h, hexv);
    bool ok = true;
    for (int i = 0; i < n; i++) {
        const char *name = ents[i]->d_name;
        char *path = arena_printf(&b->ctx->arena, "%s/%s", b->rt_dir, name);
        size_t len;
        char *text = cc_read_file(path, &len);
        if (!text) {
            diag_error(&b->ctx->diags, NULL, (Loc){0}, "cannot read '%s': %s", path,
                       strerror(errno));
            ok = false;
        } else {
            cc_hash_str(&h, name);
            cc_hash_bytes(&h, text, len);
            free(text);
        }
        size_t nl = strlen(name);
        if (name[nl - 1] == 'c' && name[nl - 2] == '.') {
            vec_push(&b->ctx->arena, srcs, path);
        }
        free(ents[i]);
    }
    free(ents);
    cc_hash_hex(&h, key);
    return ok;
}

/* Compiles every runtime .c into dir and archives them as dir/libpyc2c_rt.a. */
static bool build_archive(Build *b, ArgVec *srcs, const char *dir)
{
    Arena *a = &b->ctx->arena;
    ArgVec ar = { 0 };
    vec_push(a, &ar, "ar");
    vec_push(a, &ar, "rcs");
    vec_push(a, &ar, arena_printf(a, "%s/libpyc2c_rt.a", dir));
    for (int i = 0; i < srcs->len; i++) {
        char *obj = arena_printf(a, "%s/rt%d.o", dir, i);
        ArgVec extra = { 0 };
        push_all(a, &extra, (const char *const[]){ "-c", srcs->data[i], "-o", obj, NULL });
        if (!run_cc(b, &extra)) {
            return false;
        }
        vec_push(a, &ar, obj);
    }
    vec_push(a, &ar, NULL);
    StrBuf out;
    sb_init(&out);
    int st = cc_run(ar.data, &out, NULL);
    if (st != 0) {
        fwrite(out.data ? out.data : "", 1, out.len, stderr);
        diag_error(&b->ctx->diags, NULL, (Loc){0}, "cannot archive the runtime (ar: %s)",
                   st == -1 ? strerror(errno) : "failed");
    }
    sb_free(&out);
    return st == 0;
}

/* Builds the archive in a temp dir beside its final place and renames the dir
 * into place; a parallel pyc2c that wins the race is as good as us. */
static const char *cached_archive(Build *b, ArgVec *srcs, const char *key)
{
    Arena *a = &b->ctx->arena;
    char *final = arena_printf(a, "%s/rt-%s", b->cache, key);
    char *lib = arena_printf(a, "%s/libpyc2c_rt.a", final);
    tempdir_sweep(b->cache);   /* archives a killed pyc2c was building */
    if (file_exists(lib)) {
        return lib;
    }
    char *tmp = arena_printf(a, "%s/rt-%s.tmp-%ld-XXXXXX", b->cache, key, (long)getpid());
    if (!mkdtemp(tmp)) {
        return NULL;
    }
    if (!build_archive(b, srcs, tmp)) {
        tempdir_remove(tmp);
        return "";
    }
    if (rename(tmp, final) != 0) {
        tempdir_remove(tmp);
    }
    return file_exists(lib) ? lib : NULL;
}

/* Path of the runtime archive ("" when the runtime has no .c files); NULL on
 * failure. *key receives the runtime's hash. */
static const char *runtime_archive(Build *b, char key[33])
{
    ArgVec srcs = { 0 };
    if (!runtime_sources(b, &srcs, key)) {
        return NULL;
    }
    if (srcs.len == 0) {
        return "";
    }
    if (b->cache) {
        const char *lib = cached_archive(b, &srcs, key);
        if (lib && *lib) {
            return lib;
        }
        if (lib) {
            return NULL;   /* the runtime failed to compile: already reported */
        }
    }
    char *dir = arena_printf(&b->ctx->arena, "%s/rt", b->tmp);
    if (mkdir(dir, 0700) != 0 || !build_archive(b, &srcs, dir)) {
        return NULL;
    }
    return arena_printf(&b->ctx->arena, "%s/libpyc2c_rt.a", dir);
}

/* ---- the module ---- */

static void module_key(const Build *b, const char *rt_key, const char *src, size_t len,
                       char key[33])
{
    CcHash h;
    cc_hash_init(&h);
    cc_hash_str(&h, "module " PYC2C_VERSION);
    cc_hash_str(&h, rt_key);   /* covers compiler, flags and Python headers */
    cc_hash_str(&h, b->py->exe);
    cc_hash_str(&h, b->py->ext_suffix);
    for (int i = 0; i < b->module_flags.len; i++) {
        cc_hash_str(&h, b->module_flags.data[i]);
    }
    cc_hash_bytes(&h, src, len);
    cc_hash_hex(&h, key);
}

/* The directory of pyc2c.h precompiled for the module's compiles (pch.c), keyed by
 * what shapes it: the runtime's key (compiler, shared flags, Python, runtime sources)
 * and the module's flags; NULL without a cache or with a compiler other than GCC, or
 * under ccache (it does not cache a compile that reads a .gch unless told to). */
static const char *module_pch(Build *b, const char *rt_key)
{
    const char *slash = strrchr(b->cc.data[0], '/');
    const char *prog = slash ? slash + 1 : b->cc.data[0];
    if (!b->cache || !is_gcc(b) || strstr(prog, "ccache")) {
        return NULL;
    }
    Arena *a = &b->ctx->arena;
    CcHash h;
    cc_hash_init(&h);
    cc_hash_str(&h, "pch " PYC2C_VERSION);
    cc_hash_str(&h, rt_key);
    ArgVec flags = { 0 };
    for (int i = 0; i < b->module_flags.len; i++) {
        cc_hash_str(&h, b->module_flags.data[i]);
        vec_push(a, &flags, b->module_flags.data[i]);
    }
    char key[33];
    cc_hash_hex(&h, key);
    return pch_dir(a, b->cache, key, cc_argv(b, &flags), arena_printf(a, "%s/pyc2c.h", b->rt_dir));
}

/* "fib" for ".../fib.cpython-311-x86_64-linux-gnu.so". */
static const char *stem_of(Arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    return arena_strndup(a, base, strcspn(base, "."));
}

/* The number of translation units the emitted C declares (emit_parts.c), 1 if none. */
static int parts_of(const char *src, size_t len)
{
    static const char mark[] = "\n#define PYC2C_NPARTS ";
    size_t head = len < 4096 ? len : 4096;   /* the mark is among the first lines */
    const char *p = memmem(src, head, mark, sizeof mark - 1);
    int n = p ? atoi(p + sizeof mark - 1) : 1;
    return n > 1 ? n : 1;
}

static int cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static bool starts_with(const char *line, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(line, prefix, k) == 0;
}

/* Part k's own file: the lines every part shares and the regions of part k (each
 * "#if PYC2C_IN_PART(k)" at top level to its "#endif"). Each part's compiler then
 * reads only its share of a big module, not all of it. */
static void part_source(const char *src, size_t len, int k, StrBuf *out)
{
    char open[48];
    snprintf(open, sizeof open, "#if PYC2C_IN_PART(%d)", k);
    int depth = 0;        /* #if nesting inside the current region */
    bool mine = true;     /* the current line goes to part k */
    for (size_t at = 0; at < len;) {
        const char *line = src + at, *nl = memchr(line, '\n', len - at);
        size_t n = nl ? (size_t)(nl - line) + 1 : len - at;
        if (depth == 0 && starts_with(line, n, "#if PYC2C_IN_PART(")) {
            depth = 1;
            mine = starts_with(line, n, open);
        } else if (depth > 0 && starts_with(line, n, "#if")) {
            depth++;
        } else if (depth > 0 && starts_with(line, n, "#endif")) {
            depth--;
        }
        if (mine) {
            sb_putn(out, line, n);
        }
        if (depth == 0) {
            mine = true;
        }
        at += n;
    }
}

/* Compiles each part of the module to an object (in parallel, one per CPU) and adds
 * the objects to link. */
static bool compile_parts(Build *b, const char *src, size_t len, const char *stem, int nparts,
                          ArgVec *link)
{
    Arena *a = &b->ctx->arena;
    char ***argvs = arena_alloc(a, sizeof(char **) * (size_t)nparts);
    for (int k = 0; k < nparts; k++) {
        char *c_path = arena_printf(a, "%s/%s.part%d.c", b->tmp, stem, k);
        char *obj = arena_printf(a, "%s/%s.part%d.o", b->tmp, stem, k);
        StrBuf part;
        sb_init(&part);
        part_source(src, len, k, &part);
        bool written = cc_write_atomic(c_path, part.data ? part.data : "", part.len, 0600);
        sb_free(&part);
        if (!written) {
            diag_error(&b->ctx->diags, NULL, (Loc){0}, "cannot write '%s': %s", c_path,
                       strerror(errno));
            return false;
        }
        ArgVec extra = { 0 };
        for (int i = 0; i < b->module_flags.len; i++) {
            vec_push(a, &extra, b->module_flags.data[i]);
        }
        push_all(a, &extra, (const char *const[]){ arena_printf(a, "-DPYC2C_PART=%d", k), "-c",
                                                   c_path, "-o", obj, NULL });
        argvs[k] = cc_argv(b, &extra);
        vec_push(a, link, obj);
    }
    int st = child_run_parallel((char *const *const *)argvs, nparts, cpu_count());
    if (st < 0) {
        diag_error(&b->ctx->diags, NULL, (Loc){0}, "cannot run the C compiler '%s': %s",
                   b->cc.data[0], strerror(errno));
    } else if (st > 0) {
        diag_error(&b->ctx->diags, NULL, (Loc){0},
                   "C compiler failed (exit %d); this is a pyc2c bug", st);
    }
    return st == 0;
}

static bool compile_module(Build *b, const char *src, size_t len, const char *archive,
                           const char *so, const char *out_path)
{
    Arena *a = &b->ctx->arena;
    ArgVec extra = { 0 };
    vec_push(a, &extra, "-shared");
    for (int i = 0; i < b->module_flags.len; i++) {
        vec_push(a, &extra, b->module_flags.data[i]);
    }
    int nparts = parts_of(src, len);
    if (nparts > 1) {
        if (!compile_parts(b, src, len, stem_of(a, out_path), nparts, &extra)) {
            return false;
        }
    } else {
        char *c_path = arena_printf(a, "%s/%s.c", b->tmp, stem_of(a, out_path));
        if (!cc_write_atomic(c_path, src, len, 0600)) {
            diag_error(&b->ctx->diags, NULL, (Loc){0}, "cannot write '%s': %s", c_path,
                       strerror(errno));
            return false;
        }
        vec_push(a, &extra, c_path);
    }
    if (*archive) {
        vec_push(a, &extra, (char *)archive);
    }
    push_all(a, &extra, (const char *const[]){ "-o", so, NULL });
    return run_cc(b, &extra);
}

static bool publish(Build *b, const char *so, const char *out_path)
{
    if (cc_copy_atomic(so, out_path, 0777)) {
        return true;
    }
    Arena *a = &b->ctx->arena;
    const char *slash = strrchr(out_path, '/');
    const char *dir = slash ? arena_strndup(a, out_path, (size_t)(slash - out_path)) : ".";
    diag_error(&b->ctx->diags, NULL, (Loc){0}, "cannot write to '%s': %s", dir,
               strerror(errno));
    return false;
}

static bool build_module(Build *b, const char *src, size_t len, const char *out_path)
{
    char rt_key[33], key[33];
    const char *archive = runtime_archive(b, rt_key);
    if (!archive) {
        return false;
    }
    module_key(b, rt_key, src, len, key);
    char *cached = b->cache ? arena_printf(&b->ctx->arena, "%s/mod-%s.so", b->cache, key) : NULL;
    if (cached && file_exists(cached)) {
        return publish(b, cached, out_path);
    }
    b->pch = module_pch(b, rt_key);
    char *so = arena_printf(&b->ctx->arena, "%s/module.so", b->tmp);
    if (!compile_module(b, src, len, archive, so, out_path)) {
        return false;
    }
    if (cached) {
        cc_copy_atomic(so, cached, 0777);   /* failing to cache is not an error */
    }
    return publish(b, so, out_path);
}

bool cc_build_extension(Ctx *ctx, const PyInfo *py, const char *c_source, size_t len,
                        const char *out_path, const Options *opt)
{
    Build b;
    bool ok = build_begin(&b, ctx, py, opt) && build_module(&b, c_source, len, out_path);
    build_end(&b);
    return ok;
}

bool cc_print_runtime_lib(Ctx *ctx, const PyInfo *py, const Options *opt, FILE *out)
{
    Build b;
    char rt_key[33];
    const char *archive = NULL;
    if (build_begin(&b, ctx, py, opt)) {
        archive = runtime_archive(&b, rt_key);
    }
    /* without a cache the archive lives in the temp dir: it would vanish with it */
    bool ok = archive && b.cache;
    if (archive && !b.cache) {
        diag_error(&ctx->diags, NULL, (Loc){0},
                   "runtime-lib needs a cache directory (set PYC2C_CACHE_DIR)");
    }
    if (ok) {
        fprintf(out, "archive: %s\ninclude: %s\n", archive, b.rt_dir);
    }
    build_end(&b);
    return ok;
}
