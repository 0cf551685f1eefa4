/* pyinfo.c - what the target interpreter says about itself: include directory,
 * EXT_SUFFIX, version, executable. Asked once per interpreter binary and cached
 * in the cache directory, keyed by the binary's real path, mtime, size and inode.
 * Wrapper scripts (such as pyenv's shims) pick their Python at run time, so
 * their answer is never cached. */
#include "driver.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One answer per line, in PyInfo's order of parse_answer. */
static const char probe[] =
    "import sys, sysconfig\n"
    "print(sysconfig.get_paths()['include'])\n"
    "print(sysconfig.get_config_var('EXT_SUFFIX') or '')\n"
    "print('%d.%d.%d' % tuple(sys.version_info[:3]))\n"
    "print(sys.hexversion)\n"
    "print(sys.executable)\n";

enum { PROBE_LINES = 5, MIN_HEXVERSION = 0x03090000 };

static void not_usable(Ctx *ctx, const char *python, const char *why)
{
    diag_error(&ctx->diags, NULL, (Loc){0}, "'%s' is not a usable Python interpreter: %s",
               python, why);
}

/* ---- the cache key ---- */

static bool is_script(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return true;
    }
    char magic[2] = { 0, 0 };
    size_t n = fread(magic, 1, 2, f);
    fclose(f);
    return n == 2 && magic[0] == '#' && magic[1] == '!';
}

/* "path mtime size inode" of the resolved binary, or NULL when not cacheable. */
static const char *cache_key(Arena *a, const char *python)
{
    char found[PATH_MAX], real[PATH_MAX];
    struct stat st;
    if (!cc_find_program(python, found, sizeof found) || !realpath(found, real) || stat(real, &st) != 0 || is_script(real)) {
        return NULL;
    }
    return arena_printf(a, "pyinfo-v1 %s %lld.%09ld %lld %llu", real, (long long)st.st_mtim.tv_sec,
                        st.st_mtim.tv_nsec, (long long)st.st_size, (unsigned long long)st.st_ino);
}

static const char *cache_path(Arena *a, const char *key)
{
    const char *dir = cc_cache_dir(a);
    if (!dir) {
        return NULL;
    }
    CcHash h;
    cc_hash_init(&h);
    cc_hash_str(&h, key);
    char hex[33];
    cc_hash_hex(&h, hex);
    return arena_printf(a, "%s/py-%s.txt", dir, hex);
}

/* ---- the answer ---- */

/* Splits text into at most max lines (in place); returns how many. */
static int split_lines(char *text, char **lines, int max)
{
    int n = 0;
    char *p = text;
    while (*p && n < max) {
        char *nl = strchr(p, '\n');
        if (nl) {
            *nl = '\0';
        }
        if (nl > p && nl[-1] == '\r') {
            nl[-1] = '\0';
        }
        lines[n++] = p;
        if (!nl) {
            break;
        }
        p = nl + 1;
    }
    return n;
}

/* Fills out from the probe's five lines; false when they do not make sense. */
static bool parse_answer(Arena *a, char **lines, int n, PyInfo *out)
{
    if (n < PROBE_LINES) {
        return false;
    }
    char *end;
    long hex = strtol(lines[3], &end, 10);
    if (!lines[0][0] || !lines[2][0] || *end || end == lines[3] || hex <= 0) {
        return false;
    }
    out->include_dir = arena_strdup(a, lines[0]);
    out->ext_suffix = arena_strdup(a, lines[1]);
    out->version = arena_strdup(a, lines[2]);
    out->hexversion = (int)hex;
    out->exe = arena_strdup(a, lines[4]);
    return true;
}

/* One line of a program's stderr to quote: the exception of a traceback (its last
 * line), else the first line. */
static const char *summary_line(Arena *a, const StrBuf *err)
{
    const char *s = err->data ? err->data : "";
    while (*s == '\n' || *s == '\r' || *s == ' ') {
        s++;
    }
    if (strncmp(s, "Traceback", 9) == 0) {
        const char *end = s + strlen(s);
        while (end > s && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ')) {
            end--;
        }
        const char *start = end;
        while (start > s && start[-1] != '\n') {
            start--;
        }
        return arena_strndup(a, start, (size_t)(end - start));
    }
    return arena_strndup(a, s, strcspn(s, "\r\n"));
}

static void report_failed_run(Ctx *ctx, const char *python, int st, const StrBuf *err)
{
    Arena *a = &ctx->arena;
    if (st == -1) {
        not_usable(ctx, python, strerror(errno));
        return;
    }
    const char *why = st == 0 ? "it did not print its configuration"
                              : arena_printf(a, "it exited with status %d", st);
    const char *line = summary_line(a, err);
    if (*line) {
        why = arena_printf(a, "%s (%s)", why, line);
    }
    not_usable(ctx, python, why);
}

/* Runs `python -c probe`; the raw answer is appended to answer. */
static bool ask(Ctx *ctx, const char *python, StrBuf *answer, PyInfo *out)
{
    char *argv[] = { (char *)python, "-c", (char *)probe, NULL };
    StrBuf err;
    sb_init(&err);
    int st = cc_run(argv, answer, &err);
    bool ok = false;
    if (st == 0 && answer->data) {
        char *copy = arena_strdup(&ctx->arena, answer->data);
        char *lines[PROBE_LINES];
        ok = parse_answer(&ctx->arena, lines, split_lines(copy, lines, PROBE_LINES), out);
    }
    if (!ok) {
        report_failed_run(ctx, python, st, &err);
    }
    sb_free(&err);
    return ok;
}

static bool from_cache(Ctx *ctx, const char *path, const char *key, PyInfo *out)
{
    char *text = cc_read_file(path, NULL);
    if (!text) {
        return false;
    }
    char *copy = arena_strdup(&ctx->arena, text);
    free(text);
    char *lines[PROBE_LINES + 1];
    int n = split_lines(copy, lines, PROBE_LINES + 1);
    return n == PROBE_LINES + 1 && strcmp(lines[0], key) == 0 &&
           parse_answer(&ctx->arena, lines + 1, n - 1, out);
}

static void to_cache(const char *path, const char *key, const StrBuf *answer)
{
    StrBuf sb;
    sb_init(&sb);
    sb_printf(&sb, "%s\n%s", key, answer->data);
    cc_write_atomic(path, sb.data, sb.len, 0666);   /* failing to cache is fine */
    sb_free(&sb);
}

/* ---- checks on the answer ---- */

static bool has_headers(Arena *a, const PyInfo *py)
{
    struct stat st;
    return stat(arena_printf(a, "%s/Python.h", py->include_dir), &st) == 0;
}

static bool check_answer(Ctx *ctx, const char *python, const PyInfo *py)
{
    if (py->hexversion < MIN_HEXVERSION || !py->ext_suffix[0]) {
        not_usable(ctx, python,
                   arena_printf(&ctx->arena, "Python %s is not supported (3.9 or newer is needed)",
                                py->version));
        return false;
    }
    if (!has_headers(&ctx->arena, py)) {
        diag_error(&ctx->diags, NULL, (Loc){0}, "'%s' has no C headers (Python.h not found in %s)",
                   python, py->include_dir);
        if (strncmp(py->include_dir, "/usr/include/", 13) == 0) {
            diag_note(&ctx->diags, NULL, (Loc){0},
                      "on Debian and Ubuntu they come with the package python3-dev");
        }
        return false;
    }
    return true;
}

bool pyinfo_query(Ctx *ctx, const char *python, PyInfo *out)
{
    memset(out, 0, sizeof *out);
    const char *key = cache_key(&ctx->arena, python);
    const char *path = key ? cache_path(&ctx->arena, key) : NULL;
    /* Only answers that passed check_answer are cached; the headers may have
     * been removed since. */
    if (path && from_cache(ctx, path, key, out) && has_headers(&ctx->arena, out)) {
        return true;
    }
    StrBuf answer;
    sb_init(&answer);
    bool ok = ask(ctx, python, &answer, out) && check_answer(ctx, python, out);
    if (ok && path) {
        to_cache(path, key, &answer);
    }
    sb_free(&answer);
    return ok;
}
