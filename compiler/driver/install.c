/* install.c - where this pyc2c's own files are: the runtime sources it compiles into
 * every extension and the directory holding its Python package `pyc2c`. Both are
 * found relative to the running binary, never through a path of the build machine,
 * so a checkout, `make install PREFIX=...` and a pip install all work when moved:
 *   checkout:        REPO/build/pyc2c     -> REPO/runtime,       REPO/python
 *   installed (pip,  HOME/bin/pyc2c       -> HOME/runtime,       HOME/..
 *   make install):   (HOME is the installed Python package directory `pyc2c`) */
#include "driver.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool has_file(Arena *a, const char *dir, const char *rel)
{
    struct stat st;
    return stat(arena_printf(a, "%s/%s", dir, rel), &st) == 0 && S_ISREG(st.st_mode);
}

/* The directory above the one holding the running binary (symlinks resolved). */
static const char *install_home(Arena *a)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        return NULL;
    }
    exe[n] = '\0';
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(exe, '/');
        if (!slash) {
            return NULL;
        }
        *slash = '\0';
    }
    return arena_strdup(a, exe[0] ? exe : "/");
}

bool driver_install_dirs(Arena *a, InstallDirs *out)
{
    memset(out, 0, sizeof *out);
    const char *home = install_home(a);
    const char *rt = getenv("PYC2C_RUNTIME");
    if (rt && *rt) {
        out->runtime = arena_strdup(a, rt);
    } else if (home && has_file(a, home, "runtime/pyc2c.h")) {
        out->runtime = arena_printf(a, "%s/runtime", home);
    }
    if (home && has_file(a, home, "python/pyc2c/__init__.py")) {
        out->python = arena_printf(a, "%s/python", home);
    } else if (home && has_file(a, home, "__init__.py")) {
        out->python = driver_dirname(a, home);
    }
    return out->runtime && out->python;
}
