/* batch.c - `pyc2c build a.py b.py pkg/ -j N`: many modules per run.
 * Directories are searched recursively (a module keeps its package, found as for one
 * file). Each module is built by its own `pyc2c build FILE` process (one arena, one
 * failure, per module), up to N at once; a module whose source, options, compiler and
 * target interpreter are unchanged since an earlier build is copied from the cache
 * ("kept") without running the compiler at all. A TTY gets one progress line, anything
 * else one plain line per module; then a summary. Exit status 1 if any module failed. */
#include "driver.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PYC2C_VERSION
#define PYC2C_VERSION "0.0.0"
#endif

typedef VEC(const char *) StrVec;

typedef enum { JOB_WAITING, JOB_RUNNING, JOB_BUILT, JOB_KEPT, JOB_FAILED } JobState;

typedef struct Job {
    const char *src;        /* the .py file */
    const char *out;        /* the extension it becomes; NULL when not known */
    const char *cached;     /* cache entry for its content key; NULL without a cache */
    const char *log;        /* the child's stdout and stderr */
    pid_t pid;
    JobState state;
} Job;

typedef struct Batch {
    Ctx ctx;
    const Options *opt;
    PyInfo py;
    const char *cache;
    const char *self;       /* this binary, run once per module */
    char *tmp;
    Job *jobs;
    int njobs, done, running;
    int counts[JOB_FAILED + 1];
    bool tty;
    CcHash common;          /* what every module's key shares */
} Batch;

bool batch_wanted(const Options *opt)
{
    struct stat st;
    return opt->ninputs > 1 || opt->jobs > 0 ||
           (opt->input && stat(opt->input, &st) == 0 && S_ISDIR(st.st_mode));
}

/* ---- the modules ---- */

static bool is_source(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".py") == 0 && name[0] != '.';
}

static int not_hidden(const struct dirent *d)
{
    return d->d_name[0] != '.' && strcmp(d->d_name, "__pycache__") != 0;
}

static void collect_dir(Arena *a, const char *dir, StrVec *out)
{
    struct dirent **ents;
    int n = scandir(dir, &ents, not_hidden, alphasort);
    for (int i = 0; i < n; i++) {
        char *path = arena_printf(a, "%s/%s", dir, ents[i]->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            collect_dir(a, path, out);
        } else if (S_ISREG(st.st_mode) && is_source(ents[i]->d_name)) {
            vec_push(a, out, path);
        }
        free(ents[i]);
    }
    free(n >= 0 ? ents : NULL);
}

static bool collect(Batch *b, StrVec *out)
{
    Arena *a = &b->ctx.arena;
    for (int i = 0; i < b->opt->ninputs; i++) {
        const char *in = b->opt->inputs[i];
        struct stat st;
        if (stat(in, &st) != 0) {
            diag_error(&b->ctx.diags, NULL, (Loc){0}, "cannot read '%s': %s", in, strerror(errno));
            return false;
        }
        size_t before = (size_t)out->len;
        if (S_ISDIR(st.st_mode)) {
            size_t n = strlen(in);
            collect_dir(a, n > 1 && in[n - 1] == '/' ? arena_strndup(a, in, n - 1) : in, out);
        } else {
            vec_push(a, out, in);
        }
        if ((size_t)out->len == before) {
            diag_error(&b->ctx.diags, NULL, (Loc){0}, "'%s' holds no .py file", in);
            return false;
        }
    }
    return true;
}

/* ---- the content key: source, options, compiler, runtime, interpreter ---- */

static void hash_stat(CcHash *h, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        long long v[3] = { (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                           (long long)st.st_mtim.tv_nsec };
        cc_hash_bytes(h, v, sizeof v);
    }
}

static void hash_runtime(Batch *b, CcHash *h)
{
    InstallDirs dirs;
    driver_install_dirs(&b->ctx.arena, &dirs);
    if (!dirs.runtime) {
        return;
    }
    struct dirent **ents;
    int n = scandir(dirs.runtime, &ents, not_hidden, alphasort);
    for (int i = 0; i < n; i++) {
        cc_hash_str(h, ents[i]->d_name);
        hash_stat(h, arena_printf(&b->ctx.arena, "%s/%s", dirs.runtime, ents[i]->d_name));
        free(ents[i]);
    }
    free(n >= 0 ? ents : NULL);
}

static void common_key(Batch *b)
{
    const Options *o = b->opt;
    CcHash *h = &b->common;
    cc_hash_init(h);
    cc_hash_str(h, "batch " PYC2C_VERSION);
    hash_stat(h, "/proc/self/exe");
    hash_runtime(b, h);
    cc_hash_str(h, b->py.exe);
    cc_hash_str(h, b->py.ext_suffix);
    cc_hash_str(h, b->py.version);
    const char *env[] = { getenv("CC"), getenv("CFLAGS") };
    for (int i = 0; i < 2; i++) {
        cc_hash_str(h, env[i] ? env[i] : "");
    }
    int flags[] = { o->opt_level, o->opt_explicit, o->strict, o->profile };
    cc_hash_bytes(h, flags, sizeof flags);
    for (int i = 0; i < o->n_no_pass; i++) {
        cc_hash_str(h, o->no_pass[i]);   /* another pass list makes other C */
    }
}

/* The output path and cache entry of a job; false when the source is unreadable or
 * has no importable name (the child then reports why). */
static bool plan_job(Batch *b, Job *j)
{
    Arena *a = &b->ctx.arena;
    Ctx probe;
    ctx_init(&probe);
    ModulePath mp;
    const char *dir = NULL;
    bool ok = driver_module_path(&probe, j->src, &mp) &&
              (dir = driver_out_dir(&probe, &mp, b->opt->out_dir)) != NULL;
    if (ok) {
        j->out = arena_printf(a, "%s/%s%s", dir, mp.stem, b->py.ext_suffix);
    }
    ctx_free(&probe);
    size_t len;
    char *text = ok ? cc_read_file(j->src, &len) : NULL;
    if (!text || !b->cache || b->opt->emit_c || b->opt->c_only) {
        free(text);
        return ok && text;
    }
    CcHash h = b->common;
    cc_hash_str(&h, mp.name);
    cc_hash_bytes(&h, text, len);
    free(text);
    char key[33];
    cc_hash_hex(&h, key);
    j->cached = arena_printf(a, "%s/src-%s.so", b->cache, key);
    return true;
}

/* ---- running the children ---- */

static void child_args(Batch *b, const Job *j, StrVec *argv)
{
    Arena *a = &b->ctx.arena;
    const Options *o = b->opt;
    vec_push(a, argv, b->self);
    vec_push(a, argv, "build");
    if (o->out_dir) {
        vec_push(a, argv, arena_printf(a, "-o%s", o->out_dir));
    }
    vec_push(a, argv, arena_printf(a, "--python=%s", o->python));
    if (o->opt_explicit) {
        vec_push(a, argv, arena_printf(a, "-O%d", o->opt_level));
    }
    const char *flags[] = { o->emit_c ? "--emit-c" : NULL, o->c_only ? "--c-only" : NULL,
                            o->strict ? "--strict" : NULL, o->profile ? "--profile" : NULL };
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        if (flags[i]) {
            vec_push(a, argv, flags[i]);
        }
    }
    for (int i = 0; i < o->n_no_pass; i++) {
        vec_push(a, argv, arena_printf(a, "--no-pass=%s", o->no_pass[i]));
    }
    vec_push(a, argv, "--");
    vec_push(a, argv, j->src);
    vec_push(a, argv, NULL);
}

static bool start(Batch *b, Job *j, int index)
{
    Arena *a = &b->ctx.arena;
    j->log = arena_printf(a, "%s/%d.log", b->tmp, index);
    StrVec argv = { 0 };
    child_args(b, j, &argv);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, j->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    int rc = posix_spawn(&j->pid, b->self, &fa, NULL, (char *const *)argv.data, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        diag_error(&b->ctx.diags, NULL, (Loc){0}, "cannot start pyc2c for '%s': %s", j->src,
                   strerror(rc));
        return false;
    }
    j->state = JOB_RUNNING;
    b->running++;
    return true;
}

static void clear_progress(Batch *b)
{
    if (b->tty) {
        fputs("\r\033[K", stderr);
    }
}

static void progress(Batch *b, const Job *j, const char *what)
{
    if (b->tty) {
        fprintf(stderr, "\r\033[K[%d/%d] %s %s", b->done, b->njobs, what, j->src);
    } else {
        fprintf(stderr, "[%d/%d] %s %s\n", b->done, b->njobs, what, j->src);
    }
    fflush(stderr);
}

static void finish(Batch *b, Job *j, JobState state)
{
    j->state = state;
    b->counts[state]++;
    b->done++;
    if (j->log) {
        size_t len;
        char *text = cc_read_file(j->log, &len);
        if (text && len) {
            clear_progress(b);
            fflush(stdout);
            fwrite(text, 1, len, stderr);
        }
        free(text);
    }
    static const char *const verb[] = { "", "", "built", "kept", "FAILED" };
    progress(b, j, verb[state]);
}

/* Waits for one child and settles its job. */
static void reap(Batch *b)
{
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, 0)) < 0 && errno == EINTR) {
    }
    for (int i = 0; pid > 0 && i < b->njobs; i++) {
        Job *j = &b->jobs[i];
        if (j->state == JOB_RUNNING && j->pid == pid) {
            b->running--;
            bool ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
            if (ok && j->cached && j->out) {
                cc_copy_atomic(j->out, j->cached, 0777);   /* failing to cache is no error */
            }
            finish(b, j, ok ? JOB_BUILT : JOB_FAILED);
        }
    }
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static void run_all(Batch *b)
{
    int limit = b->opt->jobs > 0 ? b->opt->jobs : default_jobs();
    for (int i = 0; i < b->njobs; i++) {
        Job *j = &b->jobs[i];
        if (j->cached && access(j->cached, R_OK) == 0 && cc_copy_atomic(j->cached, j->out, 0777)) {
            utimensat(AT_FDCWD, j->cached, NULL, 0);   /* recently used: kept by cache_trim */
            finish(b, j, JOB_KEPT);
            continue;
        }
        while (b->running >= limit) {
            reap(b);
        }
        if (!start(b, j, i)) {
            finish(b, j, JOB_FAILED);
        }
    }
    while (b->running > 0) {
        reap(b);
    }
}

static void summary(Batch *b)
{
    clear_progress(b);
    fprintf(stderr, "pyc2c: %d module%s: %d built, %d kept (unchanged), %d failed\n", b->njobs,
            b->njobs == 1 ? "" : "s", b->counts[JOB_BUILT], b->counts[JOB_KEPT],
            b->counts[JOB_FAILED]);
    for (int i = 0; i < b->njobs; i++) {
        if (b->jobs[i].state == JOB_FAILED) {
            fprintf(stderr, "  failed: %s\n", b->jobs[i].src);
        }
    }
}

static bool batch_begin(Batch *b)
{
    Arena *a = &b->ctx.arena;
    StrVec files = { 0 };
    if (!collect(b, &files) || !pyinfo_query(&b->ctx, b->opt->python, &b->py)) {
        return false;
    }
    b->cache = cc_cache_dir(a);
    char *self = realpath("/proc/self/exe", NULL);
    b->self = arena_strdup(a, self ? self : "/proc/self/exe");
    free(self);
    char parent[32];
    snprintf(parent, sizeof parent, "%ld", (long)getpid());
    setenv("PYC2C_BATCH_PARENT", parent, 1);   /* the workers die with this process (child.c) */
    b->tmp = tempdir_create(a);
    if (!b->tmp) {
        diag_error(&b->ctx.diags, NULL, (Loc){0}, "cannot create a temporary directory in '%s': %s",
                   tempdir_root(), strerror(errno));
        b->tmp = NULL;
        return false;
    }
    common_key(b);
    b->njobs = files.len;
    b->jobs = arena_alloc(a, sizeof(Job) * (size_t)(files.len ? files.len : 1));
    memset(b->jobs, 0, sizeof(Job) * (size_t)files.len);
    for (int i = 0; i < files.len; i++) {
        b->jobs[i].src = files.data[i];
        if (!plan_job(b, &b->jobs[i])) {
            b->jobs[i].cached = NULL;
        }
    }
    return true;
}

static void remove_logs(Batch *b)
{
    for (int i = 0; i < b->njobs; i++) {
        if (b->jobs[i].log) {
            unlink(b->jobs[i].log);
        }
    }
    rmdir(b->tmp);
}

int batch_build(const Options *opt)
{
    Batch b;
    memset(&b, 0, sizeof b);
    ctx_init(&b.ctx);
    b.opt = opt;
    b.tty = isatty(2);
    bool ok = batch_begin(&b);
    if (ok) {
        run_all(&b);
        summary(&b);
        cache_trim(&b.ctx.arena);
    }
    if (b.tmp) {
        remove_logs(&b);
    }
    diags_print(&b.ctx.diags, stderr);
    ctx_free(&b.ctx);
    return ok && b.counts[JOB_FAILED] == 0 ? 0 : EXIT_DIAGNOSTICS;
}
