/* check.c - `pyc2c check [DIR]`: lists the extensions below DIR (default ".") built by
 * pyc2c from a source that has changed since (the STEM.py beside STEM<EXT_SUFFIX> no
 * longer has the hash recorded in the extension). Exit status 1 when any is stale. */
#include "driver.h"
#include "../../runtime/srchash.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct Tally {
    int checked, stale;
} Tally;

/* The hash recorded in the extension's bytes; false when pyc2c did not build it. */
static bool recorded_hash(const char *so, uint64_t *out)
{
    size_t len;
    char *data = cc_read_file(so, &len);
    const char *hit = data ? memmem(data, len, PYC2C_STAMP_PREFIX, strlen(PYC2C_STAMP_PREFIX)) : NULL;
    bool ok = hit && (size_t)(hit - data) + strlen(PYC2C_STAMP_PREFIX) + 16 <= len;
    if (ok) {
        *out = strtoull(hit + strlen(PYC2C_STAMP_PREFIX), NULL, 16);
    }
    free(data);
    return ok;
}

static void check_one(Arena *a, const char *dir, const char *name, Tally *t)
{
    const char *so = arena_printf(a, "%s/%s", dir, name);
    const char *py = arena_printf(a, "%s/%.*s.py", dir, (int)strcspn(name, "."), name);
    uint64_t built;
    size_t len;
    if (!recorded_hash(so, &built)) {
        return;
    }
    t->checked++;
    char *text = cc_read_file(py, &len);
    if (text && pyc2c_source_hash(text, len) != built) {
        printf("stale: %s (%s changed since the build)\n", so, py);
        t->stale++;
    }
    free(text);
}

static int not_hidden(const struct dirent *d)
{
    return d->d_name[0] != '.' && strcmp(d->d_name, "__pycache__") != 0;
}

static void walk(Arena *a, const char *dir, Tally *t)
{
    struct dirent **ents;
    int n = scandir(dir, &ents, not_hidden, alphasort);
    for (int i = 0; i < n; i++) {
        const char *name = ents[i]->d_name;
        char *path = arena_printf(a, "%s/%s", dir, name);
        struct stat st;
        size_t len = strlen(name);
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            walk(a, path, t);
        } else if (S_ISREG(st.st_mode) && len > 3 && strcmp(name + len - 3, ".so") == 0) {
            check_one(a, dir, name, t);
        }
        free(ents[i]);
    }
    free(n >= 0 ? ents : NULL);
}

int check_command(const Options *opt)
{
    const char *dir = opt->input ? opt->input : ".";
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "pyc2c: error: '%s' is not a directory\n", dir);
        return EXIT_USAGE;
    }
    Arena a;
    arena_init(&a);
    Tally t = { 0, 0 };
    walk(&a, dir, &t);
    printf("pyc2c check: %d extension%s built by pyc2c, %d stale\n", t.checked,
           t.checked == 1 ? "" : "s", t.stale);
    arena_free(&a);
    return t.stale ? EXIT_DIAGNOSTICS : 0;
}
