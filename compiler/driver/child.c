/* child.c - the C compiler runs in its own process group, under a memory cap, and dies
 * with pyc2c: SIGINT, SIGTERM or SIGHUP during a build kill the whole group (cc, cc1,
 * as, ld), the build then fails as usual (its temporary directory is removed) and
 * pyc2c dies of the same signal. */
#include "driver.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>

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

void child_install_handlers(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa = {0};
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

/* The cap on the child's address space: $PYC2C_CC_MEMORY_MB, default 4 GB; 0: none.
 * A runaway cc1 then fails with "out of memory" instead of taking the machine. */
static rlim_t memory_cap(void)
{
    const char *s = getenv("PYC2C_CC_MEMORY_MB");
    long long mb = s && *s ? atoll(s) : 4096;
    return mb > 0 ? (rlim_t)mb << 20 : RLIM_INFINITY;
}

void child_started(pid_t pid)
{
    child_group = pid;   /* spawned with POSIX_SPAWN_SETPGROUP 0: its group is its pid */
    struct rlimit lim = {memory_cap(), memory_cap()};
    if (lim.rlim_cur != RLIM_INFINITY) {
        prlimit(pid, RLIMIT_AS, &lim, NULL);   /* before cc starts cc1, which inherits it */
    }
    if (caught) {
        kill(-pid, SIGKILL);
    }
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
