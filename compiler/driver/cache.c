/* cache.c - the cache directory (cc_cache_dir) seen as a whole: `pyc2c cache info`
 * (what it holds, its size and cap), `pyc2c cache clean` (empty it), and the size cap
 * applied after builds: built modules (mod-*.so, keyed by their C; src-*.so, keyed by
 * their source) and precompiled headers (pch-*, ~14 MB each, pch.c) are dropped least
 * recently used first. Runtime archives (rt-*) and interpreter answers (py-*) are few
 * and small, and are kept. */
#include "driver.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct Entry {
    char *path;
    long long size;
    long long used;     /* mtime: set when built and when kept */
    char kind;          /* 'm' module, 'h' precompiled header, 'r' runtime, 'p' interpreter, '?' other */
} Entry;

typedef VEC(Entry) EntryVec;

static long long dir_bytes;

static int add_bytes(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (flag == FTW_F) {
        dir_bytes += (long long)st->st_size;
    }
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static char kind_of(const char *name)
{
    size_t n = strlen(name);
    bool so = n > 3 && strcmp(name + n - 3, ".so") == 0;
    if (so && (strncmp(name, "mod-", 4) == 0 || strncmp(name, "src-", 4) == 0)) {
        return 'm';
    }
    if (strncmp(name, "pch-", 4) == 0 && !strstr(name, ".tmp-")) {
        return 'h';
    }
    if (strncmp(name, "rt-", 3) == 0) {
        return 'r';
    }
    return strncmp(name, "py-", 3) == 0 ? 'p' : '?';
}

static int visible(const struct dirent *d)
{
    return strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0;
}

static void list_entries(Arena *a, const char *dir, EntryVec *out)
{
    struct dirent **ents;
    int n = scandir(dir, &ents, visible, alphasort);
    for (int i = 0; i < n; i++) {
        Entry e = { arena_printf(a, "%s/%s", dir, ents[i]->d_name), 0, 0, kind_of(ents[i]->d_name) };
        struct stat st;
        if (lstat(e.path, &st) == 0) {
            dir_bytes = 0;
            nftw(e.path, add_bytes, 16, FTW_PHYS);
            e.size = dir_bytes;
            e.used = (long long)st.st_mtime;
            vec_push(a, out, e);
        }
        free(ents[i]);
    }
    free(n >= 0 ? ents : NULL);
}

static long long cap_bytes(void)
{
    const char *env = getenv("PYC2C_CACHE_MAX_MB");
    long long mb = env && *env ? atoll(env) : 1024;
    return (mb > 0 ? mb : 1024) * 1024 * 1024;
}

static int by_use(const void *x, const void *y)
{
    const Entry *a = x, *b = y;
    return (a->used > b->used) - (a->used < b->used);
}

void cache_trim(Arena *a)
{
    const char *dir = cc_cache_dir(a);
    EntryVec es = { 0 };
    if (!dir) {
        return;
    }
    list_entries(a, dir, &es);
    long long total = 0;
    for (int i = 0; i < es.len; i++) {
        total += es.data[i].size;
    }
    qsort(es.data, (size_t)es.len, sizeof *es.data, by_use);
    for (int i = 0; i < es.len && total > cap_bytes(); i++) {
        bool gone = (es.data[i].kind == 'm' && unlink(es.data[i].path) == 0) ||
                    (es.data[i].kind == 'h' && nftw(es.data[i].path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0);
        if (gone) {
            total -= es.data[i].size;
        }
    }
}

static void info(const char *dir, const EntryVec *es, FILE *out)
{
    long long bytes[5] = { 0 };
    int count[5] = { 0 };
    const char *kinds = "mhrp?";
    for (int i = 0; i < es->len; i++) {
        int k = (int)(strchr(kinds, es->data[i].kind) - kinds);
        bytes[k] += es->data[i].size;
        count[k]++;
    }
    double mb = 1024.0 * 1024.0;
    fprintf(out, "cache: %s\n", dir);
    fprintf(out, "  built modules:       %5d  %8.1f MB\n", count[0], (double)bytes[0] / mb);
    fprintf(out, "  precompiled headers: %5d  %8.1f MB\n", count[1], (double)bytes[1] / mb);
    fprintf(out, "  runtime archives:    %5d  %8.1f MB\n", count[2], (double)bytes[2] / mb);
    fprintf(out, "  interpreter answers: %5d  %8.1f MB\n", count[3] + count[4],
            (double)(bytes[3] + bytes[4]) / mb);
    fprintf(out, "  total %.1f MB, cap %.0f MB (PYC2C_CACHE_MAX_MB)\n",
            (double)(bytes[0] + bytes[1] + bytes[2] + bytes[3] + bytes[4]) / mb, (double)cap_bytes() / mb);
}

int cache_command(const Options *opt)
{
    Arena a;
    arena_init(&a);
    const char *dir = cc_cache_dir(&a);
    int rc = 0;
    if (!dir) {
        fprintf(stderr, "pyc2c: error: no usable cache directory (set PYC2C_CACHE_DIR)\n");
        rc = EXIT_DIAGNOSTICS;
    } else {
        EntryVec es = { 0 };
        list_entries(&a, dir, &es);
        if (strcmp(opt->input, "info") == 0) {
            info(dir, &es, stdout);
        } else {
            for (int i = 0; i < es.len; i++) {
                nftw(es.data[i].path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
            }
            printf("removed %d entries from %s\n", es.len, dir);
        }
    }
    arena_free(&a);
    return rc;
}
