/* tempdir.c - a build's private temporary directory is named after the pyc2c process that
 * owns it ($TMPDIR/pyc2c-PID-XXXXXX), so that the next build can tell a directory left
 * by a pyc2c that died without cleaning up (SIGKILL, a crash) from one still in use, and
 * removes it; so are the directories where the cache's runtime archive is built. */
#include "driver.h"
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *tempdir_root(void)
{
    const char *t = getenv("TMPDIR");
    return t && *t ? t : "/tmp";
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void tempdir_remove(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The pid in "PID-XXXXXX" at s, or 0. */
static long pid_at(const char *s)
{
    char *end;
    long pid = strtol(s, &end, 10);
    return end != s && pid > 0 && *end == '-' && strlen(end + 1) == 6 ? pid : 0;
}

/* The pid in "pyc2c-PID-XXXXXX" (a build's directory) or "rt-KEY.tmp-PID-XXXXXX" (a
 * runtime archive being built in the cache, cc.c; "pch-KEY.tmp-...", a precompiled
 * header, pch.c), or 0 for any other name. */
static long owner_pid(const char *name)
{
    if (strncmp(name, "pyc2c-", 6) == 0) {
        return pid_at(name + 6);
    }
    bool cached = strncmp(name, "rt-", 3) == 0 || strncmp(name, "pch-", 4) == 0;
    const char *tmp = cached ? strstr(name, ".tmp-") : NULL;
    return tmp ? pid_at(tmp + 5) : 0;
}

/* Removes our own directories whose pyc2c is gone (a live process with that pid, even an
 * unrelated one after pid reuse, keeps them: never remove a directory in use). */
void tempdir_sweep(const char *root)
{
    DIR *d = opendir(root);
    if (!d) {
        return;
    }
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d)) != NULL) {
        long pid = owner_pid(e->d_name);
        struct stat st;
        if (pid == 0 || (kill((pid_t)pid, 0) == 0 || errno != ESRCH)) {
            continue;
        }
        snprintf(path, sizeof path, "%s/%s", root, e->d_name);
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid()) {
            tempdir_remove(path);
        }
    }
    closedir(d);
}

char *tempdir_create(Arena *a)
{
    const char *root = tempdir_root();
    tempdir_sweep(root);
    char *dir = arena_printf(a, "%s/pyc2c-%ld-XXXXXX", root, (long)getpid());
    return mkdtemp(dir);
}
