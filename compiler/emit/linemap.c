/* linemap.c - which C each source line became, and how (`--report=json`'s "lines",
 * read by `pyc2c annotate`).  Each op's text is attributed to the op's source line;
 * a line is "kept" when CPython runs it (EXEC_KEPT), "generic" when an op on it goes
 * through the generic object protocol (ir/generic.c: not on a guard's slow path), else
 * "native". */
#include "emit_internal.h"

#include <string.h>

typedef struct LineSpan {
    int line;
    size_t start, end;   /* in the emitted C */
    int kind;            /* 0 native, 1 generic, 2 kept */
    const char *why;     /* generic: what the op does through the object protocol */
} LineSpan;

struct EmitLineMap {
    VEC(LineSpan) spans;
    bool *fallback;      /* per block of the function being emitted: a guard's slow path */
    const IrBlock *block;   /* the block being emitted */
};

static const char *const kind_names[] = {"native", "generic", "kept"};

static int op_kind(const IrOp *op)
{
    if (op->kind == IR_EXEC_KEPT) {
        return 2;
    }
    return ir_op_is_generic(op) ? 1 : 0;
}

EmitLineMap *emit_linemap_new(Ctx *ctx)
{
    return arena_alloc(&ctx->arena, sizeof(EmitLineMap));
}

void emit_linemap_begin_func(Emitter *E, const IrFunc *f)
{
    if (E->lines) {
        E->lines->fallback = ir_guard_slow_blocks(&E->ctx->arena, f);
    }
}

void emit_linemap_block(Emitter *E, const IrBlock *b)
{
    if (E->lines) {
        E->lines->block = b;
    }
}

void emit_linemap_add(Emitter *E, const IrOp *op, size_t start)
{
    if (E->lines && op->line > 0 && E->out->len > start) {
        int kind = op_kind(op);
        if (kind == 1 && E->lines->fallback[E->lines->block->id]) {
            kind = 0;
        }
        LineSpan s = {op->line, start, E->out->len, kind, kind == 1 ? ir_op_generic_why(op) : NULL};
        vec_push(&E->ctx->arena, &E->lines->spans, s);
    }
}

void emit_linemap_print(Ctx *ctx, const EmitLineMap *map, const StrBuf *c, FILE *out)
{
    int last = 0;
    for (int i = 0; i < map->spans.len; i++) {
        last = map->spans.data[i].line > last ? map->spans.data[i].line : last;
    }
    StrBuf *text = arena_alloc(&ctx->arena, sizeof(StrBuf) * (size_t)(last + 1));
    int *kind = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(last + 1));
    const char **why = arena_alloc(&ctx->arena, sizeof(char *) * (size_t)(last + 1));
    for (int i = 0; i < map->spans.len; i++) {   /* each line's spans in emission order */
        const LineSpan *s = &map->spans.data[i];
        sb_putn(&text[s->line], c->data + s->start, s->end - s->start);
        kind[s->line] = s->kind > kind[s->line] ? s->kind : kind[s->line];
        why[s->line] = why[s->line] ? why[s->line] : s->why;   /* the first generic op */
    }
    const char *sep = "\n  ";
    fputs("{", out);
    for (int line = 1; line <= last; line++) {
        if (text[line].len > 0) {
            fprintf(out, "%s\"%d\": {\"kind\": \"%s\", ", sep, line, kind_names[kind[line]]);
            if (kind[line] == 1 && why[line]) {
                fputs("\"why\": ", out);
                json_string(out, why[line], strlen(why[line]));
                fputs(", ", out);
            }
            fputs("\"c\": ", out);
            json_string(out, text[line].data, text[line].len);
            fputs("}", out);
            sep = ",\n  ";
        }
        sb_free(&text[line]);
    }
    fputs("\n}", out);
}
