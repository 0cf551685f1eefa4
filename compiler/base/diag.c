/* diag.c - diagnostics as data, printed like gcc; the compilation context;
 * internal compiler errors. */
#include "base.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diags_init(Diags *d, Arena *a)
{
    memset(d, 0, sizeof(*d));
    d->arena = a;
}

static void add(Diags *d, DiagSeverity sev, const SourceFile *f, Loc loc,
                const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *msg = arena_alloc(d->arena, (size_t)n + 1);
    vsnprintf(msg, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    Diag g = { .severity = sev, .file = f, .loc = loc, .message = msg };
    vec_push(d->arena, &d->list, g);
    if (sev == DIAG_ERROR) {
        d->errors++;
    }
}

void diag_error(Diags *d, const SourceFile *f, Loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, DIAG_ERROR, f, loc, fmt, ap);
    va_end(ap);
}

void diag_note(Diags *d, const SourceFile *f, Loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, DIAG_NOTE, f, loc, fmt, ap);
    va_end(ap);
}

static const char *severity_name(DiagSeverity s)
{
    switch (s) {
    case DIAG_ERROR:
        return "error";
    case DIAG_WARNING:
        return "warning";
    case DIAG_NOTE:
        return "note";
    }
    return "error";
}

/* Finds line `line` (1-based) of f; sets *len to its length without the newline. */
static const char *find_line(const SourceFile *f, int line, size_t *len)
{
    const char *p = f->text, *end = f->text + f->len;
    for (int l = 1; l < line; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) {
            return NULL;
        }
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n > 0 && p[n - 1] == '\r') {
        n--;
    }
    *len = n;
    return p;
}

/* A UTF-8 continuation byte: no column of its own on a terminal. */
static bool continues(char c)
{
    return ((unsigned char)c & 0xc0) == 0x80;
}

/* The source line, then spaces (tabs kept) up to the column, '^', and '~'
 * under the rest of the range on that line: one per character, not per byte. */
static void print_caret(const Diag *g, FILE *out)
{
    size_t len;
    const char *text = find_line(g->file, g->loc.line, &len);
    if (!text) {
        return;
    }
    fprintf(out, "%.*s\n", (int)len, text);
    size_t col = g->loc.col > 0 ? (size_t)g->loc.col - 1 : 0;
    if (col > len) {
        col = len;
    }
    for (size_t i = 0; i < col; i++) {
        if (!continues(text[i])) {
            fputc(text[i] == '\t' ? '\t' : ' ', out);
        }
    }
    fputc('^', out);
    size_t end = col + 1;
    if (g->loc.end_line > g->loc.line) {
        end = len;
    } else if (g->loc.end_line == g->loc.line && g->loc.end_col > 0) {
        end = (size_t)g->loc.end_col - 1;
        if (end > len) {
            end = len;
        }
    }
    for (size_t i = col + 1; i < end; i++) {
        if (!continues(text[i])) {
            fputc('~', out);
        }
    }
    fputc('\n', out);
}

void diag_print_one(const Diag *g, FILE *out)
{
    const char *sev = severity_name(g->severity);
    if (!g->file) {
        fprintf(out, "pyc2c: %s: %s\n", sev, g->message);
        return;
    }
    fprintf(out, "%s:%d:%d: %s: %s\n", g->file->path, g->loc.line, g->loc.col, sev,
            g->message);
    if (g->severity != DIAG_NOTE && g->loc.line > 0) {
        print_caret(g, out);
    }
}

void diags_print(const Diags *d, FILE *out)
{
    for (int i = 0; i < d->list.len; i++) {
        diag_print_one(&d->list.data[i], out);
    }
}

void ctx_init(Ctx *c)
{
    memset(c, 0, sizeof *c);   /* options such as strict start false (the fuzzer read them unset) */
    arena_init(&c->arena);
    diags_init(&c->diags, &c->arena);
    c->names = intern_new(&c->arena);
    c->file = NULL;
    c->strict = false;
    c->profile = false;
}

void ctx_free(Ctx *c)
{
    arena_free(&c->arena);
    c->names = NULL;
    c->file = NULL;
    memset(&c->diags, 0, sizeof(c->diags));
}

void ice_at(const char *file, int line, const char *fmt, ...)
{
    fflush(stdout);
    fprintf(stderr, "pyc2c: internal compiler error at %s:%d: ", file, line);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(3);
}
