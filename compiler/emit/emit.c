/* emit.c - the emitter's entry, shared text helpers and function bodies.
 * Precondition: every function went through pass_error_branches and
 * pass_refcount, so translation is op by op and decides no semantics. */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "emit_internal.h"
#include "../ir/prims.h"

void emit_line(Emitter *E, int indent, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *text = buf;
    if ((size_t)n >= sizeof buf) {
        text = arena_alloc(&E->ctx->arena, (size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(text, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    for (int i = 0; i < indent; i++) {
        sb_puts(E->out, "    ");
    }
    sb_putn(E->out, text, (size_t)n);
    sb_puts(E->out, "\n");
}

const char *emit_comment_text(Emitter *E, const char *s)
{
    StrBuf sb;
    sb_init(&sb);
    for (; *s; s++) {
        sb_putn(&sb, s, 1);
        if ((s[0] == '*' && s[1] == '/') || (s[0] == '?' && s[1] == '?')) {
            sb_puts(&sb, " ");
        }
    }
    const char *text = arena_strdup(&E->ctx->arena, sb.data ? sb.data : "");
    sb_free(&sb);
    return text;
}

void emit_decl(StrBuf *sb, RType rt, const char *name)
{
    const char *c = rtype_c_names[rt];
    size_t n = strlen(c);
    sb_printf(sb, n > 0 && c[n - 1] == '*' ? "%s%s" : "%s %s", c, name);
}

/* Printable ASCII except the characters a C literal must escape ('?' for trigraphs). */
static bool plain_char(unsigned char c)
{
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?';
}

void emit_c_string(StrBuf *sb, const char *s, size_t len)
{
    sb_puts(sb, "\"");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (plain_char(c)) {
            sb_putn(sb, (const char *)&c, 1);
        } else {
            sb_printf(sb, "\\%03o", c);   /* always 3 digits: a following digit stays separate */
        }
        if (i + 1 < len && i % 64 == 63) {
            sb_puts(sb, "\"\n        \"");   /* long literals: adjacent pieces */
        }
    }
    sb_puts(sb, "\"");
}

void emit_box_expr(StrBuf *sb, RType rt, const char *val)
{
    switch (rt) {
    case RT_INT: sb_printf(sb, "Pyc2cInt_Box(%s)", val); break;
    case RT_FLOAT: sb_printf(sb, "PyFloat_FromDouble(%s)", val); break;
    case RT_BOOL: sb_printf(sb, "PyBool_FromLong(%s)", val); break;
    case RT_NONE: sb_puts(sb, "(Py_INCREF(Py_None), Py_None)"); break;
    case RT_I64: sb_printf(sb, "Pyc2cI64_Box(%s)", val); break;
    case RT_I32: sb_printf(sb, "Pyc2cI32_Box(%s)", val); break;
    case RT_OBJ: sb_printf(sb, "(Py_INCREF(%s), %s)", val, val); break;
    default: ICE("cannot box a value of rtype %s", rtype_name(rt));
    }
}

void emit_error_test(StrBuf *sb, RType rt, const char *val)
{
    emit_error_test_ts(sb, rt, val, NULL);
}

/* With ts (the running thread's state in scope), "is an exception set" reads it there:
 * no call of PyErr_Occurred, so no registers saved around one after every float op. */
void emit_error_test_ts(StrBuf *sb, RType rt, const char *val, const char *ts)
{
    if (rt == RT_VOID) {
        ICE("a void value has no error test");
    }
    sb_printf(sb, "%s == %s", val, rtype_error_values[rt]);
    if (rtype_error_needs_occurred[rt] && ts) {
        sb_printf(sb, " && Pyc2c_ErrOccurredIn(%s)", ts);
    } else if (rtype_error_needs_occurred[rt]) {
        sb_puts(sb, " && PyErr_Occurred()");
    }
}

const char *emit_incref_fn(RType rt)
{
    switch (rt) {
    case RT_INT: return "Pyc2cInt_INCREF";
    case RT_OBJ: return "Py_XINCREF";
    case RT_METH: return "Pyc2cMeth_XINCREF";
    default: return NULL;
    }
}

const char *emit_decref_fn(RType rt)
{
    switch (rt) {
    case RT_INT: return "Pyc2cInt_DECREF";
    case RT_OBJ: return "Py_XDECREF";
    case RT_METH: return "Pyc2cMeth_XDECREF";
    default: return NULL;
    }
}

const char *emit_c_name(Emitter *E, const IrFunc *f)
{
    StrBuf sb;
    sb_init(&sb);
    for (const unsigned char *p = (const unsigned char *)f->c_name; *p; p++) {
        if (*p < 0x80 && (isalnum(*p) || *p == '_')) {
            sb_putn(&sb, (const char *)p, 1);
        } else {
            sb_printf(&sb, "_x%02x", *p);
        }
    }
    const char *name = arena_strdup(&E->ctx->arena, sb.data ? sb.data : "");
    sb_free(&sb);
    return name;
}

const char *emit_traceback_name(const IrFunc *f)
{
    return f->is_module_init ? "<module>" : f->name;
}

void emit_native_signature(Emitter *E, const IrFunc *f)
{
    StrBuf *sb = E->out;
    if (f->is_module_init) {   /* run once per import unless it loops: compiled lightly */
        bool once = emit_chunks_wanted(f) || !emit_has_interrupt_checks(f);
        sb_puts(sb, once ? "PYC2C_RUN_ONCE PYC2C_FN char pyc2c_module_body(void)" : "PYC2C_FN char pyc2c_module_body(void)");
        return;
    }
    if (emit_is_light(E, f)) {
        sb_puts(sb, "PYC2C_LIGHT ");
    }
    sb_puts(sb, E->leaf_sig == EMIT_LEAF_BODY      ? "static PYC2C_BODY_INLINE "
                : E->leaf_sig == EMIT_LEAF_COUNTED ? "static PYC2C_COLD PYC2C_NOINLINE "
                : E->fast_sig == 2                  ? "static PYC2C_NOINLINE "
                : E->profiled_body || E->fast_sig  ? "static "
                                                   : "PYC2C_FN ");
    const char *prefix = E->profiled_body ? "pyc2c_profiled_" : E->leaf_sig == EMIT_LEAF_BODY ? "pyc2c_nativetskf_"
                         : E->leaf_sig == EMIT_LEAF_COUNTED ? "pyc2c_nativetskc_" : E->selfk_body ? "pyc2c_nativetsk_"
                         : E->ts_body ? "pyc2c_nativets_" : "pyc2c_native_";
    emit_decl(sb, f->ret, arena_printf(&E->ctx->arena, "%s%s%s(", prefix, emit_c_name(E, f),
                                                E->fast_sig == 2 ? "_c" : E->fast_sig ? "_r" : ""));
    if (E->ts_body) {
        sb_puts(sb, f->chain_depth ? "PyThreadState *pyc2c_ts, int pyc2c_left" : "PyThreadState *pyc2c_ts");
        sb_puts(sb, f->params.len || f->nfree || f->nsplit > 1 ? ", " : "");
    }
    if (E->leaf_sig == EMIT_LEAF_BODY) {
        sb_puts(sb, "int pyc2c_counted, ");
    }
    if ((E->selfk_body && !E->fast_sig) || E->leaf_sig) {
        sb_puts(sb, "int64_t pyc2c_selfk, ");   /* a method: params follow */
    }
    if (f->nfree > 0) {
        sb_puts(sb, f->params.len ? "PyObject *pyc2c_closure, " : "PyObject *pyc2c_closure");   /* its cells */
    }
    for (int i = 0; i < f->params.len; i++) {
        if (i > 0) {
            sb_puts(sb, ", ");
        }
        emit_decl(sb, f->params.data[i].rt, arena_printf(&E->ctx->arena, "r%d", i));
    }
    for (int i = 1; i < f->nsplit; i++) {   /* where a split return's further elements go */
        sb_puts(sb, f->params.len > 0 || f->nfree > 0 || i > 1 ? ", " : "");
        emit_decl(sb, f->split[i], arena_printf(&E->ctx->arena, "*pyc2c_out%d", i));
    }
    if (E->leaf_sig == EMIT_LEAF_BODY && E->borrow_body) {
        sb_puts(sb, ", char *pyc2c_owned");
    }
    if (E->fast_sig) {   /* where it resumes, with what the fast clone wrote (emit_fast.c) */
        emit_fast_params(E, f);
    }
    sb_puts(sb, f->params.len == 0 && f->nfree == 0 && f->nsplit == 0 && !E->ts_body ? "void)" : ")");
}

/* The entry of an int64 copy (pass/i64copy.c): its levels capped by the C stack, and the
 * jmp_buf its bail-outs go to, which then give the mark PYC2C_I64_ERROR. The arguments
 * are read after setjmp from volatile copies (nothing live in a register across it). */
static void emit_i64_entry(Emitter *E, const IrFunc *f)
{
    StrBuf *sb = E->out;
    sb_puts(sb, "\n{\n");
    for (int i = 0; i < f->params.len; i++) {
        sb_puts(sb, "    ");
        emit_decl(sb, f->params.data[i].rt, arena_printf(&E->ctx->arena, "volatile pyc2c_a%d", i));
        sb_printf(sb, " = r%d;\n", i);
    }
    sb_puts(sb, "    Pyc2cBail bail;\n    bail.outer = pyc2c_bail_to;\n    pyc2c_bail_to = &bail;\n"
                "    if (setjmp(bail.jb)) {\n        return Pyc2c_BailDone(&bail, PYC2C_I64_ERROR);\n    }\n"
                "    PyThreadState *ts = PYC2C_TSTATE();\n");
    sb_printf(sb, "    return Pyc2c_BailDone(&bail, pyc2c_nativets_%s(ts, Pyc2c_I64Budget(ts)", emit_c_name(E, f));
    for (int i = 0; i < f->params.len; i++) {
        sb_printf(sb, ", pyc2c_a%d", i);
    }
    sb_puts(sb, "));\n}\n");
}

/* The native entry of a body taking the thread state: it fetches it, once per call
 * from outside; direct calls from counted frames pass theirs (emit_call). */
static void emit_ts_entry(Emitter *E, const IrFunc *f)
{
    emit_native_signature(E, f);
    if (f->i64_copy) {
        emit_i64_entry(E, f);
        return;
    }
    if (f->chain_depth) {   /* the chain's frames start from the thread state's count */
        sb_puts(E->out, "\n{\n    PyThreadState *ts = PYC2C_TSTATE();\n    return pyc2c_nativets_");
        sb_printf(E->out, "%s(ts, Pyc2c_DepthBudget(ts)%s", emit_c_name(E, f), f->params.len ? ", " : "");
    } else {
        sb_puts(E->out, "\n{\n    return pyc2c_nativets_");
        sb_printf(E->out, "%s(PYC2C_TSTATE()%s", emit_c_name(E, f),
                  f->params.len || f->nfree || f->nsplit > 1 ? ", " : "");
    }
    emit_forward_args(E, f);
    sb_puts(E->out, ");\n}\n");
}

/* Registers that no op reads: "(void)rN;" keeps -Wunused-but-set-variable quiet. */
static bool *regs_read(Emitter *E, const IrFunc *f)
{
    bool *read = arena_alloc(&E->ctx->arena, sizeof(bool) * (size_t)(f->regs.len + 1));
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            if (op->kind == IR_RETURN && (f->ret == RT_NONE || f->is_module_init)) {
                continue;   /* emitted as "return 0;" */
            }
            for (int a = 0; a < op->nargs; a++) {
                read[op->args[a]] = true;
            }
        }
    }
    return read;
}

/* Does f check for interrupts at a loop back-edge (pass/interrupts.c) or read the
 * countdown for a range() strip? */
bool emit_has_interrupt_checks(const IrFunc *f)
{
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            if (op->kind == IR_PRIM && (op->u.prim == prim(PRIM_CHECK_INTERRUPTS)
                                        || op->u.prim == prim(PRIM_CHECK_INTERRUPTS_STRIP)
                                        || op->u.prim == prim(PRIM_STRIP_TICKS)
                                        || op->u.prim == prim(PRIM_RANGE_STRIP_END)
                                        || op->u.prim == prim(PRIM_RANGE_STRIP_END_UP)
                                        || op->u.prim == prim(PRIM_RANGE_STRIP_END_DOWN))) {
                return true;
            }
        }
    }
    return false;
}

bool emit_calls_ts_entries(const Emitter *E, const IrFunc *f)
{
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            if ((op->kind == IR_CALL && emit_passes_ts(E, op->u.callee)) || op->kind == IR_CALL_VTABLE) {
                return true;
            }
        }
    }
    return false;
}

/* A body that is no counted frame (a generator's step, the module body, a chunk of it)
 * fetches the thread state once for its direct calls instead of once per call: a
 * method called in a loop of a generator (each candidate of a vtable call) passes it. */
void emit_fetch_ts(Emitter *E, const IrFunc *f)
{
    E->has_ts = E->counts_frame || f->chain_depth;   /* a chain's body takes it too */
    if (!E->has_ts && emit_calls_ts_entries(E, f)) {
        emit_line(E, 1, "PyThreadState *pyc2c_ts = PYC2C_TSTATE();   /* for the direct calls */");
        E->has_ts = true;
    }
}

bool *emit_counted_frames(Emitter *E)
{
    const IrModule *m = E->m;
    bool *counted = arena_alloc(&E->ctx->arena, sizeof(bool) * (size_t)(m->funcs.len + 1));
    for (int fi = 0; fi < m->funcs.len; fi++) {
        const IrFunc *f = m->funcs.data[fi];
        for (int b = 0; b < f->blocks.len && !counted[fi]; b++) {
            const IrBlock *blk = f->blocks.data[b];
            for (int i = 0; i < blk->ops.len; i++) {
                const IrOp *op = blk->ops.data[i];
                if (op->kind == IR_PRIM && (op->u.prim == prim(PRIM_STACK_CHECK) ||
                                            op->u.prim == prim(PRIM_STACK_CHECK_CHAIN) ||
                                            op->u.prim == prim(PRIM_STACK_CHECK_BAIL))) {
                    counted[fi] = true;
                    break;
                }
            }
        }
    }
    return counted;
}

bool emit_passes_ts(const Emitter *E, const IrFunc *f)
{
    return E->counted && E->counted[f->index] && !E->ctx->profile && !f->is_module_init;
}

bool emit_takes_selfk(const Emitter *E, const IrFunc *f)
{
    return f->self_k1 > 0 && emit_passes_ts(E, f) && !f->generator && !emit_chunks_wanted(f);
}

/* pyc2c_nativets_<c> of a body taking self's check: makes the check, for callers that
 * hold none (the Python entry, calls through the vtable). */
static void emit_selfk_entry(Emitter *E, const IrFunc *f)
{
    emit_native_signature(E, f);   /* E->ts_body is set */
    sb_printf(E->out, "\n{\n    return pyc2c_nativetsk_%s(pyc2c_ts, Pyc2c_%sClassChecked(r0, &pyc2c_cls_%d), ",
              emit_c_name(E, f), emit_leaf_class(E->m, f->self_class1 - 1) ? "Leaf" : "", f->self_class1 - 1);
    emit_forward_args(E, f);
    sb_puts(E->out, ");\n}\n");
}

static void emit_locals(Emitter *E, const IrFunc *f)
{
    bool *read = regs_read(E, f);
    if (E->counts_frame && !E->ts_body) {
        emit_line(E, 1, "PyThreadState *pyc2c_ts = PYC2C_TSTATE();   /* its frame is counted there */");
    }
    emit_fetch_ts(E, f);
    if (emit_has_interrupt_checks(f)) {
        emit_line(E, 1, "int pyc2c_tick = pyc2c_tick_budget;   /* loop back-edges count down */");
        emit_line(E, 1, "(void)pyc2c_tick;   /* their blocks may all be dead */");
    }
    for (int r = f->params.len; r < f->regs.len; r++) {
        const IrRegInfo *ri = &f->regs.data[r];
        sb_puts(E->out, "    ");
        emit_decl(E->out, ri->rt, arena_printf(&E->ctx->arena, "r%d", r));
        sb_printf(E->out, " = %s;", rtype_zero_values[ri->rt]);
        if (ri->name) {
            sb_printf(E->out, "  /* %s */", emit_comment_text(E, ri->name));
        }
        sb_puts(E->out, "\n");
    }
    for (int r = 0; r < f->regs.len; r++) {
        if (!read[r]) {
            emit_line(E, 1, "(void)r%d;", r);
        }
    }
}

static bool is_cold(const IrBlock *b);

void emit_block(Emitter *E, const IrBlock *b, const IrBlock *next)
{
    sb_printf(E->out, "L%d:\n", b->id);
    E->cold_block = is_cold(b);
    if (E->slow_entry && E->slow_entry[b->id]) {
        emit_line(E, 1, "Pyc2c_SlowPath();");
    }
    emit_linemap_block(E, b);
    if (b->ops.len == 0) {
        emit_line(E, 1, ";");
    }
    for (int i = 0; i < b->ops.len; i++) {
        int k = E->fast ? emit_fast_point(E->fast, b->id, i) : 0;
        if (k) {   /* where the fast clone hands over */
            sb_printf(E->out, "P%d: ;\n", k);
        }
        size_t start = E->out->len;
        if (i + 2 == b->ops.len && !(E->fast && emit_fast_point(E->fast, b->id, i + 1)) &&
            emit_field_get_tested(E, b->ops.data[i], b->ops.data[i + 1], next)) {
            emit_linemap_add(E, b->ops.data[i], start);
            break;
        }
        emit_op(E, b->ops.data[i], next);
        emit_linemap_add(E, b->ops.data[i], start);
    }
}

/* ---- block layout: each op's continuation right after it, error paths last ---- */

typedef struct Layout {
    const IrFunc *f;
    const IrBlock **order;
    int n;
    bool *placed;
    int *preds;
} Layout;

static const IrOp *terminator(const IrBlock *b)
{
    return b->ops.len > 0 ? b->ops.data[b->ops.len - 1] : NULL;
}

static bool is_cold(const IrBlock *b)
{
    const IrOp *t = terminator(b);
    return b->is_error_handler || (t && t->kind == IR_RETURN_ERROR);
}

/* The successor that would best follow b without a goto. */
static const IrBlock *fallthrough(const IrBlock *b)
{
    const IrOp *t = terminator(b);
    if (!t) {
        return NULL;
    }
    switch (t->kind) {
    case IR_GOTO: case IR_BRANCH: return t->target;
    case IR_ERRBRANCH: return t->target2;
    default: return NULL;
    }
}

static void count_preds(Layout *L)
{
    for (int i = 0; i < L->f->blocks.len; i++) {
        const IrOp *t = terminator(L->f->blocks.data[i]);
        if (t && t->target) {
            L->preds[t->target->id]++;
        }
        if (t && t->target2) {
            L->preds[t->target2->id]++;
        }
    }
}

/* Places b, then its fallthrough chain while each next block has b as only predecessor. */
static void place_chain(Layout *L, const IrBlock *b)
{
    L->placed[b->id] = true;
    L->order[L->n++] = b;
    const IrBlock *next = fallthrough(b);
    while (next && !L->placed[next->id] && L->preds[next->id] == 1 && is_cold(next) == is_cold(b)) {
        L->placed[next->id] = true;
        L->order[L->n++] = next;
        next = fallthrough(next);
    }
}

const IrBlock **emit_layout_blocks(Emitter *E, const IrFunc *f)
{
    int n = f->blocks.len;
    Layout L = {f, arena_alloc(&E->ctx->arena, sizeof(IrBlock *) * (size_t)(n + 1)), 0,
                arena_alloc(&E->ctx->arena, (size_t)n + 1),
                arena_alloc(&E->ctx->arena, sizeof(int) * (size_t)(n + 1))};
    for (int i = 0; i < n; i++) {
        if (f->blocks.data[i]->id != i) {
            ICE("block L%d of %s is not at its index %d", f->blocks.data[i]->id, f->name, i);
        }
    }
    count_preds(&L);
    for (int cold = 0; cold < 2; cold++) {
        for (int i = 0; i < n; i++) {
            const IrBlock *b = f->blocks.data[i];
            if (!L.placed[i] && is_cold(b) == (bool)cold) {
                place_chain(&L, b);
            }
        }
    }
    return L.order;
}

/* The blocks where a guard's slow path (ir_guard_slow_blocks: the generic call of a
 * rebound name or an overridden method) is entered from the rest. Each calls a cold
 * function first, which tells the C compiler to move the path out of the hot code
 * (.text.unlikely): a branch hint alone does not, and the slow paths of the bodies
 * inlined into a caller kept its hot code from staying in the I-cache (issue 19). */
static bool *slow_entries(Emitter *E, const IrFunc *f)
{
    bool *slow = ir_guard_slow_blocks(&E->ctx->arena, f);
    bool *entry = arena_alloc(&E->ctx->arena, (size_t)f->blocks.len + 1);
    for (int i = 0; i < f->blocks.len; i++) {
        const IrOp *t = terminator(f->blocks.data[i]);
        if (slow[i] || !t) {
            continue;
        }
        if (t->target && slow[t->target->id]) {
            entry[t->target->id] = true;
        }
        if (t->target2 && slow[t->target2->id]) {
            entry[t->target2->id] = true;
        }
    }
    return entry;
}

const char *emit_reg(Emitter *E, IrReg r)
{
    if (r < 0) {
        ICE("op without a needed register in %s", E->f ? E->f->name : "module");
    }
    return arena_printf(&E->ctx->arena, E->f && E->f->generator ? "F->r%d" : "r%d", r);
}

void emit_func_body(Emitter *E, const IrFunc *f)
{
    if (f->generator) {
        emit_gen_func(E, f);
        return;
    }
    if (emit_chunks_wanted(f)) {
        emit_chunked_body(E, f);
        return;
    }
    E->f = f;
    const char *title = f->is_module_init ? "module body" : emit_comment_text(E, f->name);
    sb_printf(E->out, "\n/* %s, line %d */\n", title, f->line);
    E->profiled_body = E->ctx->profile && !f->is_module_init;   /* the native entry wraps it */
    E->counts_frame = E->counted && E->counted[f->index] && !f->chain_depth;   /* a chain leaves nothing */
    E->ts_body = emit_passes_ts(E, f);
    E->selfk_body = E->selfk_in_body = emit_takes_selfk(E, f);
    E->leaf_body = !E->profiled_body && emit_frameless_leaf(E, f);
    E->borrow_body = E->leaf_body && emit_borrow_entry(E, f);
    if (E->leaf_body) {
        E->leaf_sig = EMIT_LEAF_BODY;   /* static and inlined */
    } else if (f->inline_body) {   /* pass/inline.c */
        sb_puts(E->out, "PYC2C_BODY_INLINE ");
    }
    E->fast = emit_fast_plan(E, f);
    E->fast_sig = E->fast != NULL;
    emit_native_signature(E, f);
    E->profiled_body = E->selfk_body = false;
    E->fast_sig = 0;
    E->leaf_sig = EMIT_LEAF_NONE;
    sb_puts(E->out, "\n{\n");
    emit_locals(E, f);
    if (E->fast) {
        emit_fast_dispatch(E, f);
    }
    const IrBlock **order = emit_layout_blocks(E, f);
    emit_linemap_begin_func(E, f);
    E->slow_entry = slow_entries(E, f);
    for (int i = 0; i < f->blocks.len; i++) {
        emit_block(E, order[i], i + 1 < f->blocks.len ? order[i + 1] : NULL);
    }
    E->slow_entry = NULL;
    sb_puts(E->out, "}\n");
    if (E->fast) {
        emit_fast_clone(E, f, order);
        E->fast = NULL;
    }
    E->counts_frame = E->has_ts = false;
    if (E->leaf_body) {
        E->leaf_body = false;
        emit_leaf_entries(E, f);
        if (emit_quick_leaf(E, f)) {
            emit_quick_body(E, f, order);
        }
        E->borrow_body = false;
    }
    if (E->selfk_in_body) {
        E->selfk_in_body = false;
        emit_selfk_entry(E, f);
    }
    if (E->ts_body) {
        E->ts_body = false;
        emit_ts_entry(E, f);
    }
    if (E->ctx->profile && !f->is_module_init) {
        emit_profile_entry(E, f);
    }
    if (f->vkey1) {
        emit_vtable_entry_of(E, f);
    }
    E->f = NULL;
}

static void collect_kwprints(Emitter *E)
{
    for (int fi = 0; fi < E->m->funcs.len; fi++) {
        const IrFunc *f = E->m->funcs.data[fi];
        for (int b = 0; b < f->blocks.len; b++) {
            const IrBlock *blk = f->blocks.data[b];
            for (int i = 0; i < blk->ops.len; i++) {
                const IrOp *op = blk->ops.data[i];
                if ((op->kind == IR_PRINT || op->kind == IR_CALL_OBJ || op->kind == IR_CALL_METHOD ||
                     op->kind == IR_CALL_GLOBAL) &&
                    ir_op_kw(op)->n > 0) {
                    vec_push(&E->ctx->arena, &E->kwprints, op);
                }
            }
        }
    }
}

bool emit_module(Ctx *ctx, const IrModule *m, const char *modname, StrBuf *out)
{
    return emit_module_lines(ctx, m, modname, out, NULL);
}

bool emit_module_lines(Ctx *ctx, const IrModule *m, const char *modname, StrBuf *out, EmitLineMap *lines)
{
    Emitter E = {.ctx = ctx, .m = m, .modname = modname, .out = out, .lines = lines};
    E.counted = emit_counted_frames(&E);
    collect_kwprints(&E);
    emit_parts_plan(&E);
    emit_light_plan(&E);
    E.quick = arena_alloc(&ctx->arena, (size_t)m->funcs.len + 1);   /* after the parts (emit_quick.c) */
    emit_module_prologue(&E);
    for (int i = 0; i < m->funcs.len; i++) {
        const IrFunc *f = m->funcs.data[i];
        bool chunked = emit_chunks_wanted(f);   /* places its chunks in parts itself */
        if (!chunked) {
            emit_part_begin(&E, E.part_of[i]);
        }
        emit_func_body(&E, f);
        if (!chunked) {
            emit_part_end(&E);
        }
    }
    emit_part_begin(&E, 0);
    emit_pyentries(&E);
    emit_module_epilogue(&E);
    emit_part_end(&E);
    return true;
}
