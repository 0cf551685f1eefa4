/* linemap.c - which C each source line became, and how (`--report=json`'s "lines",
 * read by `pyc2c annotate`).  Each op's text is attributed to the op's source line;
 * a line is "kept" when CPython runs it (EXEC_KEPT), "generic" when an op on it goes
 * through the generic object protocol (calls of objects, obj_* operators, name and
 * method lookups, iteration of unknown iterables), else "native".  The slow path of a
 * guard (a direct call's check that the name still holds the compiled function) does
 * not count: it runs only when the program rebinds the name. */
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

static bool is_generic_prim(const char *name)
{
    static const char *const generic[] = {"load_name", "load_method", "iter_next", "unpack",
                                          "unpack_star", "call_ex", NULL};
    if (strncmp(name, "obj_", 4) == 0) {
        return strcmp(name, "obj_is_null") != 0 && strcmp(name, "obj_null") != 0 &&
               strcmp(name, "obj_last_use") != 0;
    }
    for (int i = 0; generic[i]; i++) {
        if (strcmp(name, generic[i]) == 0) {
            return true;
        }
    }
    return false;
}

static const char *generic_why(const IrOp *op)
{
    switch (op->kind) {
    case IR_CALL_OBJ: return "calls an object through the C API";
    case IR_CALL_METHOD: return "calls a method of an object through the C API";
    default: break;
    }
    const char *name = op->u.prim->name;
    if (strcmp(name, "load_name") == 0) {
        return "reads a global or builtin from the module dict";
    } else if (strcmp(name, "load_method") == 0) {
        return "looks up a method on an object";
    } else if (strcmp(name, "iter_next") == 0) {
        return "iterates an object of unknown type";
    } else if (strncmp(name, "unpack", 6) == 0) {
        return "unpacks an object of unknown type";
    }
    return name;   /* obj_add, obj_getattr, ...: the generic operation's name */
}

static int op_kind(const IrOp *op)
{
    switch (op->kind) {
    case IR_EXEC_KEPT:
        return 2;
    case IR_CALL_OBJ: case IR_CALL_METHOD:
        return 1;
    case IR_PRIM:
        return is_generic_prim(op->u.prim->name) ? 1 : 0;
    default:
        return 0;
    }
}

EmitLineMap *emit_linemap_new(Ctx *ctx)
{
    return arena_alloc(&ctx->arena, sizeof(EmitLineMap));
}

static bool is_guard(IrOpKind k)
{
    return k == IR_FUNC_INTACT || k == IR_MEMO_INTACT || k == IR_METHOD_INTACT || k == IR_INIT_INTACT || k == IR_LAYOUT_IS;
}

/* Marks in seen every block reachable from b. */
static void reach(const IrBlock *b, bool *seen)
{
    if (!b || seen[b->id]) {
        return;
    }
    seen[b->id] = true;
    const IrOp *t = b->ops.len ? b->ops.data[b->ops.len - 1] : NULL;
    if (t) {
        reach(t->target, seen);
        reach(t->target2, seen);
    }
}

/* The blocks reachable from a guard's false branch but not from its true one. */
static void mark_slow_path(Emitter *E, const IrFunc *f, const IrBlock *guard, bool *fallback)
{
    size_t n = (size_t)f->blocks.len;
    bool *fast = arena_alloc(&E->ctx->arena, n), *slow = arena_alloc(&E->ctx->arena, n);
    const IrOp *branch = guard->ops.data[guard->ops.len - 1];
    fast[guard->id] = slow[guard->id] = true;   /* not around a loop back to the guard */
    reach(branch->target, fast);
    reach(branch->target2, slow);
    for (size_t i = 0; i < n; i++) {
        fallback[i] |= slow[i] && !fast[i];
    }
}

void emit_linemap_begin_func(Emitter *E, const IrFunc *f)
{
    if (!E->lines) {
        return;
    }
    bool *fallback = arena_alloc(&E->ctx->arena, (size_t)f->blocks.len + 1);
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i + 1 < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i], *t = blk->ops.data[blk->ops.len - 1];
            if (is_guard(op->kind) && t->kind == IR_BRANCH && t->args[0] == op->dst) {
                mark_slow_path(E, f, blk, fallback);
            }
        }
    }
    E->lines->fallback = fallback;
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
        LineSpan s = {op->line, start, E->out->len, kind, kind == 1 ? generic_why(op) : NULL};
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
