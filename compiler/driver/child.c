/* child.c - the C compiler runs in its own process group, under a memory cap, and dies
 * with pyc2c: SIGINT, SIGTERM or SIGHUP during a build kill the whole group (cc, cc1,
 * as, ld), the build then fails as usual (its temporary directory is removed) and
 * pyc2c dies of the same signal. Even SIGKILL, which pyc2c cannot catch, takes the group
 * down: its leader is a watcher process that the kernel tells when pyc2c dies. */
#include "driver.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t child_group;   /* the running child's process group, or 0 */
static volatile sig_atomic_t caught;        /* the signal that stopped the build, or 0 */

static void on_signal(int sig)
{
    caught = sig;
    if (child_group > 0) {
        kill(-(pid_t)child_group, SIGKILL);
    } else {
        signal(sig, SIG_DFL);
        raise(sig);   /* nothing to clean up outside a child's run */
    }
}

/* A batch worker (batch.c) dies of SIGTERM, its handler taking its cc group along, when
 * the batch pyc2c that started it dies, of whatever signal. */
static void follow_batch_parent(void)
{
    const char *s = getenv("PYC2C_BATCH_PARENT");
    if (s && *s && prctl(PR_SET_PDEATHSIG, SIGTERM) == 0 && getppid() != (pid_t)atol(s)) {
        raise(SIGTERM);   /* it died before the prctl */
    }
}

void child_install_handlers(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa = {0};
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
    follow_batch_parent();
}

/* The cap on the child's address space: $PYC2C_CC_MEMORY_MB, default 4 GB; 0: none.
 * A runaway cc1 then fails with "out of memory" instead of taking the machine. */
static rlim_t memory_cap(void)
{
    const char *s = getenv("PYC2C_CC_MEMORY_MB");
    long long mb = s && *s ? atoll(s) : 4096;
    return mb > 0 ? (rlim_t)mb << 20 : RLIM_INFINITY;
}

static void on_parent_death(int sig)
{
    (void)sig;
    kill(0, SIGKILL);   /* the whole group: cc, cc1, as, ld and the watcher */
}

/* The watcher, a fork of pyc2c (only async-signal-safe calls): leads a new process group,
 * asks for SIGUSR1 when pyc2c's building thread dies (PR_SET_PDEATHSIG, also on SIGKILL),
 * runs prog in the group and exits as it did. */
static void watch(pid_t parent, const char *prog, char *const argv[], int out, int err, rlim_t cap)
{
    setpgid(0, 0);
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        signal(sigs[i], SIG_DFL);
    }
    struct sigaction sa = {0};
    sa.sa_handler = on_parent_death;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    if (prctl(PR_SET_PDEATHSIG, SIGUSR1) != 0 || getppid() != parent) {
        _exit(127);   /* no way to follow pyc2c, or it died already */
    }
    int in = open("/dev/null", O_RDONLY);
    if (in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
        _exit(127);
    }
    struct rlimit lim = {cap, cap};
    if (cap != RLIM_INFINITY) {
        setrlimit(RLIMIT_AS, &lim);   /* cc and cc1 inherit it */
    }
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGUSR1, SIG_DFL);
        execv(prog, argv);
        _exit(127);
    }
    int st = 0;
    while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    if (pid < 0 || !WIFSIGNALED(st)) {
        _exit(pid < 0 ? 127 : WEXITSTATUS(st));
    }
    signal(WTERMSIG(st), SIG_DFL);
    raise(WTERMSIG(st));
    _exit(128 + WTERMSIG(st));
}

pid_t child_spawn(const char *prog, char *const argv[], int out, int err)
{
    rlim_t cap = memory_cap();
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        watch(parent, prog, argv, out, err, cap);
    }
    if (pid > 0) {
        setpgid(pid, pid);   /* also here: a signal right after fork finds the group */
        child_group = pid;
        if (caught) {
            kill(-pid, SIGKILL);
        }
    }
    return pid;
}

void child_finished(void)
{
    child_group = 0;
}

void child_reraise(void)
{
    if (caught) {
        signal(caught, SIG_DFL);
        raise(caught);
    }
}

/* ---- several compilers at once (the parts of one module: emit_parts.c) ---- */

/* In the helper process: runs every command, at most jobs at a time, in the helper's
 * process group; their output goes to our stderr. The exit status of the first that
 * failed (no more start after it), 0 when all succeeded. */
static int run_commands(char *const *const *argvs, int n, int jobs)
{
    extern char **environ;
    int running = 0, next = 0, failed = 0;
    while (running > 0 || (next < n && !failed)) {
        while (running < jobs && next < n && !failed) {
            posix_spawn_file_actions_t fa;
            posix_spawn_file_actions_init(&fa);
            posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
            posix_spawn_file_actions_adddup2(&fa, 2, 1);
            pid_t pid;
            int rc = posix_spawnp(&pid, argvs[next][0], &fa, NULL, argvs[next], environ);
            posix_spawn_file_actions_destroy(&fa);
            next++;
            if (rc != 0) {
                failed = 127;
                break;
            }
            running++;
        }
        int st;
        if (running > 0 && wait(&st) > 0) {
            running--;
            int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            failed = failed ? failed : code;
        } else if (running > 0 && errno != EINTR) {
            return 126;
        }
    }
    return failed;
}

int child_run_parallel(char *const *const *argvs, int n, int jobs)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        return -1;
    }
    if (pid == 0) {   /* the helper: its own group, which signals to pyc2c kill whole */
        static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
        for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
            signal(sigs[i], SIG_DFL);
        }
        setpgid(0, 0);
        struct rlimit lim = {memory_cap(), memory_cap()};
        setrlimit(RLIMIT_AS, &lim);   /* each compiler gets the cap (and inherits it) */
        _exit(run_commands(argvs, n, jobs));
    }
    setpgid(pid, pid);   /* also here: the group exists before a signal can name it */
    child_group = pid;
    if (caught) {
        kill(-pid, SIGKILL);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR) {
            child_finished();
            return -1;
        }
    }
    child_finished();
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
