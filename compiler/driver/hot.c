/* hot.c - `pyc2c hot ...` and `pyc2c annotate ...`: the profiling loop and the HTML
 * view are Python (python/pyc2c/, standard library only); this runs
 *   PYTHON -m pyc2c hot|annotate ARGS...
 * with the package's directory first on PYTHONPATH and $PYC2C naming this binary,
 * which the package calls for `build --report=json` and builds. PYTHON is the
 * `--python PY` given before the script (it is also the interpreter that runs the
 * profiled program), else python3. */
#include "driver.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool hot_is_command(int argc, char **argv)
{
    return argc > 1 && (strcmp(argv[1], "hot") == 0 || strcmp(argv[1], "annotate") == 0);
}

/* Options of hot/annotate that take a value (so the value is not the script). */
static bool takes_value(const char *arg)
{
    static const char *const valued[] = {"--top", "--min-share", "--json", "-o", "--profile", NULL};
    for (int i = 0; valued[i]; i++) {
        if (strcmp(arg, valued[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* Takes `--python PY` / `--python=PY` out of the options before the script. */
static const char *take_python(int *argc, char **argv)
{
    const char *python = "python3";
    for (int i = 2; i < *argc; i++) {
        const char *arg = argv[i];
        int drop = 0;
        if (strcmp(arg, "--python") == 0 && i + 1 < *argc) {
            python = argv[i + 1];
            drop = 2;
        } else if (strncmp(arg, "--python=", 9) == 0) {
            python = arg + 9;
            drop = 1;
        } else if (strcmp(arg, "-m") == 0 || strcmp(arg, "--") == 0 || arg[0] != '-') {
            break;   /* the program and its own arguments */
        } else if (takes_value(arg)) {
            i++;
            continue;
        }
        if (drop) {
            memmove(&argv[i], &argv[i + drop], sizeof(char *) * (size_t)(*argc - i - drop + 1));
            *argc -= drop;
            i--;
        }
    }
    return python;
}

static void set_pythonpath(void)
{
    const char *old = getenv("PYTHONPATH");
    Arena arena;
    arena_init(&arena);
    const char *dir = cc_python_dir(&arena);
    size_t n = strlen(dir) + (old ? strlen(old) + 1 : 0) + 1;
    char *path = malloc(n);
    if (path) {
        snprintf(path, n, "%s%s%s", dir, old && *old ? ":" : "", old && *old ? old : "");
        setenv("PYTHONPATH", path, 1);
        free(path);
    }
    arena_free(&arena);
}

int hot_run(int argc, char **argv)
{
    const char *python = take_python(&argc, argv);
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        setenv("PYC2C", self, 1);
    }
    set_pythonpath();
    char **args = calloc((size_t)argc + 3, sizeof(char *));
    if (!args) {
        fprintf(stderr, "pyc2c: error: out of memory\n");
        return EXIT_DIAGNOSTICS;
    }
    args[0] = (char *)python;
    args[1] = "-m";
    args[2] = "pyc2c";
    for (int i = 1; i < argc; i++) {
        args[i + 2] = argv[i];
    }
    execvp(python, args);
    fprintf(stderr, "pyc2c: error: cannot run '%s': %s\n", python, strerror(errno));
    free(args);
    return EXIT_DIAGNOSTICS;
}
