/* pch.c - pyc2c.h precompiled (GCC's .gch) in the cache, so that each C compile of a
 * module starts from the parsed Python.h and runtime header instead of parsing them
 * again: 0.35 G of cc1's ~9 G instructions for each part of a big module, and most of a
 * small module's compile (bench/big_modules.md).
 *
 * CACHE/pch-KEY/ holds pyc2c.h.gch and a manifest. KEY covers what GCC needs to be the
 * same for the .gch to be valid (compiler, every flag, the runtime's sources, the
 * interpreter's version: the runtime archive's key, with the module's own flags); GCC
 * itself would silently use a .gch whose headers changed since, so the manifest lists
 * every header the .gch was made from with its size and mtime, and the .gch's own
 * size; a .gch is used only while all of them still match (else it is rebuilt).
 * A .gch is built in pch-KEY.tmp-PID-XXXXXX and the directory renamed into place: GCC
 * stops with a fatal error on a truncated .gch, so it never sees one being written;
 * parallel builds each build their own and the first rename wins. Without a writable
 * cache, a compiler other than GCC, a header that fails to compile or
 * $PYC2C_NO_PCH set, there is none, and the module includes pyc2c.h as usual. */
#include "driver.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GCH "pyc2c.h.gch"
#define MANIFEST "manifest"
#define MAGIC "pyc2c-pch 1"

typedef VEC(char *) PathVec;

/* "SIZE SEC NSEC NAME\n" for the file at path, false if it cannot be stat'ed. */
static bool put_stat(StrBuf *sb, const char *path, const char *name)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || strchr(name, '\n')) {
        return false;
    }
    sb_printf(sb, "%lld %lld %ld %s\n", (long long)st.st_size, (long long)st.st_mtim.tv_sec,
              (long)st.st_mtim.tv_nsec, name);
    return true;
}

/* Does "SIZE SEC NSEC PATH" still describe PATH (a relative one: in dir)? */
static bool line_holds(Arena *a, const char *dir, const char *line)
{
    long long size, sec;
    long nsec;
    int at = 0;
    if (sscanf(line, "%lld %lld %ld %n", &size, &sec, &nsec, &at) != 3 || at == 0) {
        return false;
    }
    const char *path = line[at] == '/' ? line + at : arena_printf(a, "%s/%s", dir, line + at);
    struct stat st;
    return stat(path, &st) == 0 && st.st_size == size && st.st_mtim.tv_sec == sec &&
           st.st_mtim.tv_nsec == nsec;
}

/* Is dir's .gch complete and made from the headers as they are now? */
static bool manifest_holds(Arena *a, const char *dir)
{
    char *text = cc_read_file(arena_printf(a, "%s/" MANIFEST, dir), NULL);
    if (!text) {
        return false;
    }
    bool ok = strncmp(text, MAGIC "\n", sizeof MAGIC) == 0;
    int lines = 0;
    for (char *line = text + sizeof MAGIC; ok && *line; lines++) {
        char *nl = strchr(line, '\n');
        if (!nl) {
            ok = false;
            break;
        }
        *nl = '\0';
        ok = line_holds(a, dir, line);
        line = nl + 1;
    }
    free(text);
    return ok && lines >= 2;   /* the .gch and at least its header */
}

/* The paths a make rule in deps names after its target (GCC's -MD output: "\ " is a
 * space, "$$" a dollar, "\#" a hash, backslash-newline a separator). */
static void dep_paths(Arena *a, const char *deps, PathVec *out)
{
    bool target = true;
    StrBuf word;
    sb_init(&word);
    for (const char *p = deps;; p++) {
        bool end = *p == '\0' || *p == ' ' || *p == '\t' || *p == '\n' ||
                   (*p == '\\' && p[1] == '\n');
        if (!end) {
            bool escaped = (*p == '\\' && (p[1] == ' ' || p[1] == '#')) || (*p == '$' && p[1] == '$');
            p += escaped;
            sb_putn(&word, p, 1);
            continue;
        }
        if (word.len > 0) {
            char *w = arena_strndup(a, word.data, word.len);
            if (!target) {
                vec_push(a, out, w);
            }
            target = target && w[word.len - 1] != ':';
            word.len = 0;
        }
        if (*p == '\0') {
            break;
        }
        p += *p == '\\';
    }
    sb_free(&word);
}

/* Writes dir's manifest: the .gch (by its name: the directory moves), then every header
 * of the rule in dir/deps.d. A header by a relative path (a relative -I) would be
 * another file from another directory: then there is no manifest, and no .gch. */
static bool write_manifest(Arena *a, const char *dir)
{
    char *deps_path = arena_printf(a, "%s/deps.d", dir);
    char *deps = cc_read_file(deps_path, NULL);
    if (!deps) {
        return false;
    }
    PathVec paths = { 0 };
    dep_paths(a, deps, &paths);
    free(deps);
    unlink(deps_path);
    StrBuf sb;
    sb_init(&sb);
    sb_printf(&sb, "%s\n", MAGIC);
    bool ok = put_stat(&sb, arena_printf(a, "%s/" GCH, dir), GCH) && paths.len > 0;
    for (int i = 0; ok && i < paths.len; i++) {
        ok = paths.data[i][0] == '/' && put_stat(&sb, paths.data[i], paths.data[i]);
    }
    ok = ok && cc_write_atomic(arena_printf(a, "%s/" MANIFEST, dir), sb.data, sb.len, 0644);
    sb_free(&sb);
    return ok;
}

/* "CACHE/pch-KEY.tmp-PID-XXXXXX", created (tempdir_sweep removes it if we die). */
static char *fresh_dir(Arena *a, const char *cache, const char *key)
{
    char *dir = arena_printf(a, "%s/pch-%s.tmp-%ld-XXXXXX", cache, key, (long)getpid());
    return mkdtemp(dir);
}

/* Moves the built dir tmp to final. An equally good one there (a parallel build's) is
 * kept; a stale one is moved aside (onto an empty dir: rename replaces it) and removed. */
static bool publish(Arena *a, const char *cache, const char *key, const char *tmp,
                    const char *final)
{
    if (rename(tmp, final) == 0) {
        return true;
    }
    if (errno != ENOTEMPTY && errno != EEXIST) {
        return false;
    }
    if (manifest_holds(a, final)) {
        tempdir_remove(tmp);
        return true;
    }
    char *old = fresh_dir(a, cache, key);
    if (!old) {
        return false;
    }
    if (rename(final, old) != 0) {
        rmdir(old);
        return false;
    }
    tempdir_remove(old);
    return rename(tmp, final) == 0;
}

static bool build(Arena *a, const char *cache, const char *key, char *const *compile,
                  const char *header, const char *final)
{
    char *tmp = fresh_dir(a, cache, key);
    if (!tmp) {
        return false;
    }
    PathVec argv = { 0 };
    for (int i = 0; compile[i]; i++) {
        vec_push(a, &argv, compile[i]);
    }
    const char *const tail[] = { "-x", "c-header", header, "-o", arena_printf(a, "%s/" GCH, tmp),
                                 "-MD", "-MF", arena_printf(a, "%s/deps.d", tmp), NULL };
    for (int i = 0; i < (int)(sizeof tail / sizeof tail[0]); i++) {
        vec_push(a, &argv, (char *)tail[i]);
    }
    StrBuf out;
    sb_init(&out);
    bool ok = cc_run(argv.data, &out, NULL) == 0 && write_manifest(a, tmp) &&
              publish(a, cache, key, tmp, final);
    sb_free(&out);
    if (!ok) {
        tempdir_remove(tmp);
    }
    return ok;
}

const char *pch_dir(Arena *a, const char *cache, const char *key, char *const *compile,
                    const char *header)
{
    const char *off = getenv("PYC2C_NO_PCH");
    if (!cache || (off && *off && strcmp(off, "0") != 0)) {
        return NULL;
    }
    char *final = arena_printf(a, "%s/pch-%s", cache, key);
    if (manifest_holds(a, final)) {
        utimensat(AT_FDCWD, final, NULL, 0);   /* used: the cache's trim keeps it longer */
        return final;
    }
    return build(a, cache, key, compile, header, final) ? final : NULL;
}
