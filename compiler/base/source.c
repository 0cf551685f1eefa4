/* source.c - source files: read whole into the arena, NUL-terminated. */
#include "base.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static SourceFile *make_file(Arena *a, const char *path, char *text, size_t len)
{
    SourceFile *f = ARENA_NEW(a, SourceFile);
    f->path = arena_strdup(a, path);
    f->text = text;
    f->len = len;
    source_index_lines(a, f);
    return f;
}

void source_index_lines(Arena *a, SourceFile *f)
{
    int n = 1;
    for (size_t i = 0; i < f->len; i++) {
        n += f->text[i] == '\n';
    }
    f->line_starts = arena_alloc(a, sizeof(size_t) * (size_t)(n + 1));
    f->nlines = n;
    int k = 1;
    for (size_t i = 0; i < f->len; i++) {
        if (f->text[i] == '\n') {
            f->line_starts[k++] = i + 1;
        }
    }
}

size_t source_offset(const SourceFile *f, int line, int col)
{
    if (line < 1) {
        return 0;
    }
    size_t o = line <= f->nlines ? f->line_starts[line - 1] : f->len;
    o += col > 1 ? (size_t)(col - 1) : 0;
    return o < f->len ? o : f->len;
}

SourceFile *source_read(Arena *a, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 4096) {
            cap = cap ? cap * 2 : 16384;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(fp);
                errno = ENOMEM;
                return NULL;
            }
            buf = nb;
        }
        size_t n = fread(buf + len, 1, cap - len, fp);
        len += n;
        if (n == 0) {
            break;
        }
    }
    int err = ferror(fp) ? errno : 0;
    fclose(fp);
    if (err) {
        free(buf);
        errno = err ? err : EIO;
        return NULL;
    }
    char *text = arena_strndup(a, buf ? buf : "", len);
    free(buf);
    SourceFile *f = make_file(a, path, text, len);
    char *abs = realpath(path, NULL);
    if (abs) {
        f->abs_path = arena_strdup(a, abs);
        free(abs);
    }
    return f;
}

SourceFile *source_from_string(Arena *a, const char *path, const char *text)
{
    size_t len = strlen(text);
    return make_file(a, path, arena_strndup(a, text, len), len);
}
