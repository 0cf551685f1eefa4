/* base.h - arena, vectors, interned names, source files and diagnostics.
 * Knows nothing about Python. Every stage includes it. */
#ifndef PYC2C_BASE_H
#define PYC2C_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- arena: all data of one compilation, freed at once ---- */
typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
    ArenaChunk *head;
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t size);          /* zeroed, 16-byte aligned */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define ARENA_NEW(a, T) ((T *)arena_alloc((a), sizeof(T)))

/* ---- vectors: growable arrays in the arena ----
 * Declare with VEC(T) name; push with vec_push(arena, &v, item). */
#define VEC(T) struct { T *data; int len; int cap; }
void vec_grow(Arena *a, void **data, int *cap, size_t elem);
#define vec_push(arena, v, item)                                                   \
    do {                                                                           \
        if ((v)->len == (v)->cap) {                                                \
            vec_grow((arena), (void **)&(v)->data, &(v)->cap, sizeof(*(v)->data)); \
        }                                                                          \
        (v)->data[(v)->len++] = (item);                                            \
    } while (0)

/* ---- interned names: compare by pointer ---- */
typedef struct Interner Interner;
Interner *intern_new(Arena *a);
const char *intern(Interner *in, const char *s, size_t n);
const char *intern_cstr(Interner *in, const char *s);

/* ---- growable string buffer (malloc'd; for emitted text) ---- */
typedef struct StrBuf {
    char *data;
    size_t len, cap;
} StrBuf;
void sb_init(StrBuf *sb);
void sb_free(StrBuf *sb);
void sb_putn(StrBuf *sb, const char *s, size_t n);
void sb_puts(StrBuf *sb, const char *s);
void sb_printf(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* RFC 3492 Punycode of UTF-8 text (PEP 489's PyInitU_ names); NULL if not UTF-8. */
char *punycode_encode(Arena *a, const char *utf8);

/* ---- source files ---- */
typedef struct SourceFile {
    const char *path;    /* as given on the command line (diagnostics) */
    const char *abs_path;/* absolute, as Python's __file__ would be (tracebacks) */
    const char *text;    /* NUL-terminated */
    size_t len;
    size_t *line_starts; /* offset of each line's first byte, line 1 first (source_index_lines) */
    int nlines;
} SourceFile;

/* (Re)builds f's line table: after its text is set or replaced (a decoded encoding). */
void source_index_lines(Arena *a, SourceFile *f);
/* The byte offset of a 1-based line and column, clamped to the text: constant time, so
 * a module of 12,500 annotated functions does not rescan its text per annotation. */
size_t source_offset(const SourceFile *f, int line, int col);

/* Reads path into the arena; NULL with errno set on failure. */
SourceFile *source_read(Arena *a, const char *path);
SourceFile *source_from_string(Arena *a, const char *path, const char *text);

/* A position in a source file: 1-based line, 1-based column in bytes. */
typedef struct Loc {
    int line, col;
    int end_line, end_col;   /* exclusive end; 0 when unknown */
} Loc;

/* ---- diagnostics are data ---- */
typedef enum DiagSeverity { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagSeverity;

typedef struct Diag {
    DiagSeverity severity;
    const SourceFile *file;   /* NULL for diagnostics without a place */
    Loc loc;
    const char *message;
} Diag;

typedef struct Diags {
    Arena *arena;
    VEC(Diag) list;
    int errors;
} Diags;

void diags_init(Diags *d, Arena *a);
void diag_error(Diags *d, const SourceFile *f, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_note(Diags *d, const SourceFile *f, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Prints every diagnostic like gcc: path:line:col: error: msg, the line, a caret. */
void diags_print(const Diags *d, FILE *out);
void diag_print_one(const Diag *g, FILE *out);

/* ---- the compilation context: passed everywhere, no globals ---- */
typedef struct Ctx {
    Arena arena;
    Diags diags;
    Interner *names;
    const SourceFile *file;
    bool strict;    /* --strict: code outside the native subset is an error, not kept as Python */
    bool profile;   /* --profile: native entries report call/return to profilers */
    int py_minor;   /* the target CPython 3.x (0: unknown): per-version verdicts, front/limits.c */
} Ctx;

/* json.c: s[0..n) as a JSON string literal. */
void json_string(FILE *out, const char *s, size_t n);

void ctx_init(Ctx *c);
void ctx_free(Ctx *c);

/* Internal compiler bugs only; bad user input never reaches these. */
void ice_at(const char *file, int line, const char *fmt, ...) __attribute__((noreturn, format(printf, 3, 4)));
#define ICE(...) ice_at(__FILE__, __LINE__, __VA_ARGS__)
#define UNREACHABLE() ice_at(__FILE__, __LINE__, "unreachable")

#endif
