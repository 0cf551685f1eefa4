/* emit_format.c - an f-string's join (IR_FORMAT): written inline into one ASCII str when
 * its literals are ASCII and its values allow, else runtime/fstring.c Pyc2c_Format over a
 * static table of the pieces. */
#include <string.h>

#include "emit_internal.h"

/* Per register of the function being emitted: the constant (a str or an int) that every
 * write of it writes, else NULL. Made at the first f-string join of a function. */
static const IrConst *const_of(Emitter *E, IrReg r)
{
    const IrFunc *f = E->f;
    if (E->consts_of != f) {
        size_t n = (size_t)f->regs.len + 1;
        const IrConst **k = arena_alloc(&E->ctx->arena, sizeof(const IrConst *) * n);
        char *other = arena_alloc(&E->ctx->arena, n);   /* some other write */
        memset(k, 0, sizeof(const IrConst *) * n);
        memset(other, 0, n);
        for (int bi = 0; bi < f->blocks.len; bi++) {
            const IrBlock *b = f->blocks.data[bi];
            for (int i = 0; i < b->ops.len; i++) {
                const IrOp *op = b->ops.data[i];
                for (int j = 0; j < op->nouts; j++) {
                    other[op->outs[j]] = 1;
                }
                if (op->dst < 0) {
                    continue;
                }
                const IrConst *c = op->kind == IR_CONST ? op->u.konst : NULL;
                const IrConst *seen = k[op->dst];
                bool same = c && (!seen || (c->kind == seen->kind && c->len == seen->len
                                            && (c->kind == IRC_INT ? !strcmp(c->text, seen->text)
                                                : c->kind == IRC_STR && !memcmp(c->str, seen->str, c->len))));
                if (!c || (c->kind != IRC_STR && c->kind != IRC_INT) || !same) {
                    other[op->dst] = 1;
                }
                k[op->dst] = c;
            }
        }
        for (size_t j = 0; j < n; j++) {
            k[j] = other[j] ? NULL : k[j];
        }
        E->consts_of = f;
        E->consts = k;
    }
    return r >= 0 && r < f->regs.len ? E->consts[r] : NULL;
}

/* A literal piece written as C text: an ASCII str constant (its length fits the part's
 * field). *non_ascii: it is a str constant that is not. */
static const IrConst *ascii_literal(Emitter *E, IrReg r, bool *non_ascii)
{
    const IrConst *k = emit_reg_rt(E, r) == RT_OBJ ? const_of(E, r) : NULL;
    if (!k || k->kind != IRC_STR) {
        return NULL;
    }
    bool ascii = k->len <= 0x7fffffff;
    for (size_t i = 0; ascii && i < k->len; i++) {
        ascii = (unsigned char)k->str[i] < 128;
    }
    *non_ascii = *non_ascii || !ascii;
    return ascii ? k : NULL;
}

/* One piece of an f-string join. */
typedef struct FmtPiece {
    const IrConst *lit;      /* an ASCII literal */
    const char *unread;      /* a register the C does not read (the literal's, a constant spec's) */
    RType rt;                /* else a value: OBJ (a str), INT or FLOAT */
    const char *val;         /* its C */
    const char *spec;        /* INT, FLOAT: its packed spec's C ("0" / "-1": none) */
    bool has_spec;
} FmtPiece;

/* The table and value array of Pyc2c_Format, and its call. */
static void emit_format_call(Emitter *E, const IrOp *op, const FmtPiece *ps, int n, int indent)
{
    StrBuf *sb = E->out;
    StrBuf vals;
    sb_init(&vals);
    int nvals = 0;
    sb_printf(sb, "%*sstatic const Pyc2cFmtPart parts[] = {", indent * 4, "");
    for (int i = 0; i < n; i++) {
        const FmtPiece *p = &ps[i];
        sb_puts(sb, i ? ", " : "");
        if (p->lit) {
            sb_puts(sb, "{");
            emit_c_string(sb, p->lit->str, p->lit->len);
            sb_printf(sb, ", %zu}", p->lit->len);
            continue;
        }
        const char *kind = p->rt == RT_INT ? (p->has_spec ? "PYC2C_FMT_INT_SPEC" : "PYC2C_FMT_INT")
                         : p->rt == RT_FLOAT ? (p->has_spec ? "PYC2C_FMT_FLOAT_SPEC" : "PYC2C_FMT_FLOAT") : "PYC2C_FMT_STR";
        sb_printf(sb, "{NULL, %s}", kind);
        sb_printf(&vals, "%s{.%s = %s}", nvals++ ? ", " : "", p->rt == RT_INT ? "i" : p->rt == RT_FLOAT ? "d" : "o", p->val);
        if (p->has_spec) {
            sb_printf(&vals, ", {.spec = %s}", p->spec);
            nvals++;
        }
    }
    sb_puts(sb, "};\n");
    sb_printf(sb, "%*sPyc2cFmtValue vals[%d] = {%s};\n", indent * 4, "", nvals ? nvals : 1, nvals ? vals.data : "{.o = NULL}");
    emit_line(E, indent, "%s = Pyc2c_Format(parts, %d, vals);", emit_reg(E, op->dst), n);
    sb_free(&vals);
}

/* The inline form's test: every int short, every str ASCII, every float's digits
 * written (into pyc2c_fb<i>, their count in pyc2c_fn<i>). */
static void emit_format_test(Emitter *E, const FmtPiece *ps, int n)
{
    StrBuf *sb = E->out;
    const char *and = "";
    int ints = 0;
    sb_puts(sb, "        if (PYC2C_LIKELY(");
    for (int i = 0; i < n; i++) {
        bool again = false;   /* the same int tested already */
        for (int j = 0; j < i; j++) {
            again = again || (!ps[j].lit && ps[j].rt == RT_INT && !strcmp(ps[j].val, ps[i].val));
        }
        if (!ps[i].lit && ps[i].rt == RT_INT && !again) {
            sb_printf(sb, ints++ ? " | %s" : "Pyc2cInt_IsShort(%s", ps[i].val);
        }
    }
    if (ints) {
        sb_puts(sb, ")");
        and = " && ";
    }
    for (int i = 0; i < n; i++) {
        const FmtPiece *p = &ps[i];
        if (p->lit || p->rt == RT_INT) {
            continue;
        }
        if (p->rt == RT_OBJ) {
            sb_printf(sb, "%sPyc2cFmt_Ascii(%s)", and, p->val);
        } else if (p->has_spec) {
            sb_printf(sb, "%s(pyc2c_fn%d = Pyc2c_FloatFixedDigits(%s, (int)((%s) >> 12), pyc2c_fb%d)) > 0", and, i,
                      p->val, p->spec, i);
        } else {
            sb_printf(sb, "%s(pyc2c_fn%d = Pyc2c_FloatReprDigits(%s, pyc2c_fb%d)) > 0", and, i, p->val, i);
        }
        and = " && ";
    }
    sb_puts(sb, ")) {\n");
}

/* The inline form's body: the lengths, one ASCII str, each piece written in turn. */
static void emit_format_inline(Emitter *E, const IrOp *op, const FmtPiece *ps, int n)
{
    StrBuf *sb = E->out;
    size_t fixed = 0;
    for (int i = 0; i < n; i++) {
        const FmtPiece *p = &ps[i];
        if (p->lit) {
            fixed += p->lit->len;
            continue;
        }
        const char *len = p->rt == RT_OBJ ? arena_printf(&E->ctx->arena, "PyUnicode_GET_LENGTH(%s)", p->val)
                        : p->rt == RT_INT ? arena_printf(&E->ctx->arena, "Pyc2cFmt_IntLen(%s, %s)", p->val, p->spec)
                        : arena_printf(&E->ctx->arena, "Pyc2cFmt_FloatLen(pyc2c_fn%d, %s)", i, p->spec);
        emit_line(E, 3, "Py_ssize_t pyc2c_l%d = %s;", i, len);
    }
    sb_printf(sb, "            %s = PyUnicode_New(%zu", emit_reg(E, op->dst), fixed);
    for (int i = 0; i < n; i++) {
        if (!ps[i].lit) {
            sb_printf(sb, " + pyc2c_l%d", i);
        }
    }
    sb_puts(sb, ", 127);\n");
    emit_line(E, 3, "if (%s != NULL) {", emit_reg(E, op->dst));
    emit_line(E, 4, "Py_UCS1 *pyc2c_o = PyUnicode_1BYTE_DATA(%s);", emit_reg(E, op->dst));
    for (int i = 0; i < n; i++) {
        const FmtPiece *p = &ps[i];
        if (p->lit) {
            sb_puts(sb, "                memcpy(pyc2c_o, ");
            emit_c_string(sb, p->lit->str, p->lit->len);
            sb_printf(sb, ", %zu);\n", p->lit->len);
            if (i + 1 < n) {
                emit_line(E, 4, "pyc2c_o += %zu;", p->lit->len);
            }
            continue;
        }
        const char *to = i + 1 < n ? "pyc2c_o = " : "";
        if (p->rt == RT_OBJ) {
            emit_line(E, 4, "%sPyc2cFmt_PutStr(pyc2c_o, %s, pyc2c_l%d);", to, p->val, i);
        } else if (p->rt == RT_INT) {
            emit_line(E, 4, "%sPyc2cFmt_PutInt(pyc2c_o, %s, pyc2c_l%d, %s);", to, p->val, i, p->spec);
        } else {
            emit_line(E, 4, "%sPyc2cFmt_PutFloat(pyc2c_o, pyc2c_fb%d, pyc2c_fn%d, pyc2c_l%d, %s);", to, i, i, i, p->spec);
        }
    }
    emit_line(E, 3, "}");
}

/* An f-string's join (ir/build_fstring.c join_pieces): its args are strs (literal ones
 * are str constants), tagged ints and doubles, an i64 after an int or a double being its
 * packed spec. When its literals are ASCII, inline: the lengths summed and each piece
 * written into one ASCII str (exprs.h Pyc2cFmt_*) when its values allow, else (and
 * otherwise) runtime/fstring.c Pyc2c_Format over a static table of the pieces. */
void emit_format(Emitter *E, const IrOp *op)
{
    FmtPiece *ps = arena_alloc(&E->ctx->arena, sizeof(FmtPiece) * (size_t)(op->nargs + 1));
    int n = 0;
    bool non_ascii = false;
    for (int i = 0; i < op->nargs; i++, n++) {
        IrReg a = op->args[i];
        FmtPiece *p = &ps[n];
        memset(p, 0, sizeof *p);
        p->lit = ascii_literal(E, a, &non_ascii);
        p->rt = emit_reg_rt(E, a);
        p->val = emit_reg(E, a);
        if (p->rt != RT_OBJ && p->rt != RT_INT && p->rt != RT_FLOAT) {
            ICE("f-string piece of rtype %s", rtype_name(p->rt));
        }
        p->has_spec = p->rt != RT_OBJ && i + 1 < op->nargs && emit_reg_rt(E, op->args[i + 1]) == RT_I64;
        p->spec = p->rt == RT_INT ? "0" : "-1";
        if (p->has_spec) {
            const IrConst *k = const_of(E, op->args[++i]);
            p->spec = k && k->kind == IRC_INT ? arena_printf(&E->ctx->arena, "INT64_C(%s)", k->text) : emit_reg(E, op->args[i]);
            p->unread = k && k->kind == IRC_INT ? emit_reg(E, op->args[i]) : NULL;
        }
        p->unread = p->lit ? p->val : p->unread;
    }
    emit_line(E, 1, "{");
    for (int i = 0; i < n; i++) {
        if (ps[i].unread) {
            emit_line(E, 2, "(void)%s;", ps[i].unread);   /* the C has the constant instead */
        }
        if (!ps[i].lit && ps[i].rt == RT_FLOAT && !non_ascii) {
            emit_line(E, 2, "char pyc2c_fb%d[48];", i);
            emit_line(E, 2, "int pyc2c_fn%d = 0;", i);
        }
    }
    if (non_ascii) {
        emit_format_call(E, op, ps, n, 2);
    } else {
        emit_format_test(E, ps, n);
        emit_format_inline(E, op, ps, n);
        emit_line(E, 2, "} else {");
        emit_format_call(E, op, ps, n, 3);
        emit_line(E, 2, "}");
    }
    emit_line(E, 1, "}");
}
