/* report_generic.c - what `--report` says under a native function: the generic ops
 * left in it (ir/generic.c), grouped by what they do ("attribute .x read on an
 * object", "operator + on objects", "call of sorted"), each with a count and its first
 * lines, and every loop that runs a speculated typed copy with a generic fallback.
 * A function's ops are those of the IrFuncs whose def lies in its lines (nested
 * functions, lambdas, generator expressions included). */
#include "ir.h"
#include "../sema/sema.h"

#include <stdlib.h>
#include <string.h>

#define FIRST_LINES 3     /* lines listed per group */
#define MAX_GROUPS 6      /* groups listed per function; the rest are summed up */

typedef struct Group {
    const char *what;
    int count;
    int lines[FIRST_LINES];
    int nlines;
    int first;            /* the first line seen, for ordering */
} Group;

struct IrGenericReport {
    VEC(Group) groups;
    int total;            /* generic ops, speculated loops not counted */
};

/* The function being scanned: the op defining each register (the last one). */
typedef struct Scan {
    Arena *a;
    const IrModule *m;
    const IrFunc *f;
    const IrOp **defs;
    bool *callee;         /* per register: called by a CALL_OBJ (its lookup is the call's) */
} Scan;

/* The str constant register r holds, or NULL. */
static const char *const_str(const Scan *sc, IrReg r)
{
    const IrOp *op = r >= 0 ? sc->defs[r] : NULL;
    return op && op->kind == IR_CONST && op->u.konst->kind == IRC_STR ? op->u.konst->str : NULL;
}

/* The name a callee register was loaded by (a global, a builtin, an attribute), or NULL. */
static const char *callee_name(const Scan *sc, IrReg r)
{
    const IrOp *op = r >= 0 ? sc->defs[r] : NULL;
    if (!op) {
        return NULL;
    } else if (op->kind == IR_LOAD_GLOBAL) {
        return sc->m->globals.data[op->u.global].name;
    } else if (op->kind == IR_PRIM && strcmp(op->u.prim->name, "load_name") == 0) {
        return const_str(sc, op->args[0]);
    } else if (op->kind == IR_PRIM && strcmp(op->u.prim->name, "obj_getattr") == 0) {
        return const_str(sc, op->args[1]);
    }
    return NULL;
}

static const char *operator_of(const char *prim)
{
    static const char *const ops[][2] = {
        {"add", "+"}, {"sub", "-"}, {"mul", "*"}, {"matmul", "@"}, {"div", "/"}, {"floordiv", "//"},
        {"mod", "%"}, {"pow", "**"}, {"lshift", "<<"}, {"rshift", ">>"}, {"or", "|"}, {"xor", "^"},
        {"and", "&"}, {"iadd", "+="}, {"isub", "-="}, {"imul", "*="}, {"imatmul", "@="}, {"idiv", "/="},
        {"ifloordiv", "//="}, {"imod", "%="}, {"ipow", "**="}, {"ilshift", "<<="}, {"irshift", ">>="},
        {"ior", "|="}, {"ixor", "^="}, {"iand", "&="}, {"neg", "unary -"}, {"pos", "unary +"},
        {"invert", "~"}, {"muladd", "* then +"}, {"imuladd", "* then +="}, {"eq", "=="}, {"ne", "!="}, {"eq_generic", "=="}, {"ne_generic", "!="},
        {"lt", "<"}, {"le", "<="}, {"gt", ">"}, {"ge", ">="}, {"eq_truth", "=="}, {"ne_truth", "!="},
        {"lt_truth", "<"}, {"le_truth", "<="}, {"gt_truth", ">"}, {"ge_truth", ">="},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (strcmp(prim + 4, ops[i][0]) == 0) {
            return ops[i][1];
        }
    }
    return NULL;
}

/* What a generic prim does, in the user's terms; NULL: counted with another op
 * (load_method with its call_method). */
static const char *describe_prim(const Scan *sc, const IrOp *op)
{
    Arena *a = sc->a;
    const char *name = op->u.prim->name, *sym = NULL;
    if (strcmp(name, "load_method") == 0 || strcmp(name, "obj_iter") == 0) {
        return NULL;
    } else if (strcmp(name, "obj_getattr") == 0 || strcmp(name, "obj_setattr") == 0 ||
               strcmp(name, "obj_delattr") == 0) {
        const char *attr = const_str(sc, op->args[1]);
        const char *how = name[4] == 'g' ? "read" : name[4] == 's' ? "write" : "delete";
        return arena_printf(a, "attribute .%s %s on an object", attr ? attr : "?", how);
    } else if (strcmp(name, "load_name") == 0 && sc->callee[op->dst]) {
        return NULL;
    } else if (strcmp(name, "load_name") == 0) {
        const char *n = const_str(sc, op->args[0]);
        return arena_printf(a, "lookup of name %s in the module dict", n ? n : "?");
    } else if (strcmp(name, "iter_next") == 0) {
        return "for over an object by the iterator protocol";
    } else if (strncmp(name, "unpack", 6) == 0) {
        return "unpacking of an object of unknown type";
    } else if (strncmp(name, "obj_getitem", 11) == 0 || strcmp(name, "obj_setitem") == 0 ||
               strcmp(name, "obj_delitem") == 0 || strncmp(name, "obj_subscr_iadd", 15) == 0) {
        return "subscript of an object";
    } else if (strcmp(name, "obj_len") == 0 || strcmp(name, "obj_abs") == 0) {
        return arena_printf(a, "%s() of an object", name + 4);
    } else if (strcmp(name, "obj_to_int") == 0 || strcmp(name, "obj_to_float") == 0) {
        return arena_printf(a, "%s() of an object", name + 7);
    } else if (strcmp(name, "obj_slice") == 0) {
        return "slice of objects";
    } else if (strncmp(name, "obj_call_method", 15) == 0) {
        const char *m = const_str(sc, op->args[1]);
        return arena_printf(a, "method call .%s() by name", m ? m : "?");   /* a C method's cached per type */
    } else if (strcmp(name, "obj_truth") == 0) {
        return "truth test of an object";
    } else if (strcmp(name, "obj_contains") == 0) {
        return "`in` on an object";
    } else if (strcmp(name, "call_ex") == 0) {   /* build_unpack_call.c */
        const char *n = callee_name(sc, op->args[0]);
        return arena_printf(a, "call of %s through the C API with its arguments gathered (*args or **kwargs, or "
                            "more than %d computed arguments)", n ? n : "an object", MANY_VALUES);
    } else if ((sym = operator_of(name)) != NULL) {
        return arena_printf(a, "operator %s on objects", sym);
    }
    return arena_printf(a, "%s (generic)", name);
}

static const char *describe(const Scan *sc, const IrOp *op)
{
    Arena *a = sc->a;
    if (op->kind == IR_CALL_METHOD) {
        return arena_printf(a, "method call .%s() by name", op->u.call_method.name);
    } else if (op->kind == IR_CALL_GLOBAL) {
        const IrOp *g = op;
        if (g->u.call_global.memo) {   /* not the int shape build_call.c looks up unboxed */
            return arena_printf(a, "call of memoized %s with a key object (unboxed lookups: 1-4 int arguments)",
                                g->u.call_global.callee->name);
        }
        return arena_printf(a, "call of %s through what its global name holds", g->u.call_global.callee->name);
    } else if (op->kind == IR_CALL_OBJ) {
        const char *n = callee_name(sc, op->args[0]);
        return n ? arena_printf(a, "call of %s through the C API", n) : "call of an object through the C API";
    }
    return describe_prim(sc, op);
}

static void add(Arena *a, IrGenericReport *r, const char *what, int line)
{
    Group *g = NULL;
    for (int i = 0; i < r->groups.len && !g; i++) {
        g = strcmp(r->groups.data[i].what, what) == 0 ? &r->groups.data[i] : NULL;
    }
    if (!g) {
        Group n = {.what = what, .first = line};
        vec_push(a, &r->groups, n);
        g = &r->groups.data[r->groups.len - 1];
    }
    g->count++;
    g->first = line < g->first ? line : g->first;
    bool seen = false;
    for (int i = 0; i < g->nlines; i++) {
        seen |= g->lines[i] == line;
    }
    if (!seen && g->nlines < FIRST_LINES) {   /* in line order, whatever the block order */
        int k = g->nlines++;
        for (; k > 0 && g->lines[k - 1] > line; k--) {
            g->lines[k] = g->lines[k - 1];
        }
        g->lines[k] = line;
    }
}

/* Does blk look up a method of o through its class's vtable (a speculated call)? */
static bool finds_method_def(const IrBlock *blk, IrReg o)
{
    for (int i = 0; blk && i < blk->ops.len; i++) {
        IrOpKind k = blk->ops.data[i]->kind;
        if ((k == IR_METHOD_DEF || k == IR_VTABLE_ENTRY) && blk->ops.data[i]->args[0] == o) {
            return true;
        }
    }
    return false;
}

/* The method a speculated call site calls by name on its slow path: the first call by
 * name along the guard's false branch (through the further guards of other classes). */
static const char *slow_method_name(const Scan *sc, const IrOp *g, const IrBlock *guard_block)
{
    const IrBlock *blk = guard_block->ops.data[guard_block->ops.len - 1]->target2;
    for (int hops = 0; blk && hops < 16; hops++) {
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            if (op->kind == IR_CALL_METHOD && op->args[1] == g->args[0]) {
                return op->u.call_method.name;
            }
            if (op->kind == IR_PRIM && strncmp(op->u.prim->name, "obj_call_method", 15) == 0 &&
                op->args[0] == g->args[0] && const_str(sc, op->args[1])) {
                return const_str(sc, op->args[1]);
            }
        }
        const IrOp *t = blk->ops.len ? blk->ops.data[blk->ops.len - 1] : NULL;
        blk = t && (t->kind == IR_BRANCH || t->kind == IR_ERRBRANCH) ? t->target2 : t ? t->target : NULL;
    }
    return "?";
}

/* A speculated site: a loop body's typed copy (sema/speculate.c), or a method call on an
 * untyped receiver (build_str_spec.c, build_method_spec.c); NULL for a guard that is
 * part of a direct dispatch. */
static const char *describe_guard(const Scan *sc, const IrBlock *blk, const IrOp *g)
{
    Arena *a = sc->a;
    const IrModule *m = sc->m;
    const IrBlock *fast = blk->ops.data[blk->ops.len - 1]->target;
    if (g->kind == IR_PRIM && strcmp(g->u.prim->name, "loop_is_native") == 0) {
        const IrOp *src = sc->defs[g->args[0]];
        while (src && src->kind == IR_MOVE) {
            src = sc->defs[src->args[0]];
        }
        const char *from = src && src->kind == IR_PRIM ? src->u.prim->name : "";
        if (strcmp(from, "obj_loop_src") == 0) {
            return "guarded: loop over an object walks an exact list or tuple by index, anything else by iteration";
        }
        return strcmp(from, "set_loop_src") == 0
                   ? "guarded: loop over a set walks its table, a subclass's by iteration"
                   : "guarded: loop over a dict or its view walks its table, a subclass's by iteration";
    }
    if (g->kind == IR_PRIM && strcmp(g->u.prim->name, "partition_native") == 0) {
        return NULL;   /* a typed str's own operation: a subclass's method on the slow side */
    }
    if (g->kind == IR_PRIM && strcmp(g->u.prim->name, "objs_are_exact_ints") == 0) {
        return "speculated: loop body runs with the target's names it computes with unboxed while they are "
               "exact ints, generically for other items";
    }
    if (g->kind == IR_PRIM && strcmp(g->u.prim->name, "split_native") == 0) {
        return NULL;   /* the same for `a, b = s.split(sep)` of a typed str */
    }
    if (g->kind == IR_PRIM && strcmp(g->u.prim->name, "any_split_native") == 0) {
        return "speculated: `a, b, ... = x.split(...)` cuts an exact str's parts without a list, "
               "anything else makes the call and unpacks it";
    }
    if (g->kind == IR_PRIM) {
        const char *cls = strcmp(g->u.prim->name, "obj_is_dict") == 0 ? "dict" : "str";
        return arena_printf(a, "speculated: .%s() calls %s's C function on %s receivers, by name on others",
                            slow_method_name(sc, g, blk), cls, cls);
    }
    for (int i = 0; i < fast->ops.len; i++) {
        const IrOp *op = fast->ops.data[i];
        if (op->kind == IR_METHOD_INTACT && op->u.method.kind == 3) {
            return NULL;   /* o.p checked to be a subclass's getter (build_property_get): direct, not speculated */
        }
    }
    if (finds_method_def(fast, g->args[0])) {
        return arena_printf(a, "speculated: .%s() calls the compiled method on instances of class %s, by name on others",
                            slow_method_name(sc, g, blk), m->classes.data[g->u.cls]->name);
    }
    return arena_printf(a, "speculated: loop body runs typed for items of class %s, generically for others",
                        m->classes.data[g->u.cls]->name);
}

/* The generic operations left in f's fast paths. */
static int count_generic(Arena *a, const IrFunc *f)
{
    bool *slow = ir_guard_slow_blocks(a, f);
    int n = 0;
    for (int b = 0; b < f->blocks.len; b++) {
        for (int i = 0; i < f->blocks.data[b]->ops.len && !slow[b] && !f->blocks.data[b]->loop_copy; i++) {
            n += ir_op_is_generic(f->blocks.data[b]->ops.data[i]);
        }
    }
    return n;
}

/* A function with a typed copy (build_spec_entry.c): which parameters it types, and what
 * is still generic in it. */
static const char *describe_copy(Arena *a, const IrFunc *f)
{
    StrBuf sb = {0};
    sb_puts(&sb, "speculated: a copy with ");
    const char *sep = "";
    for (int i = 0; i < f->params.len && f->spec_kinds[i]; i++) {
        char k = f->spec_kinds[i];
        if (k != '-') {
            sb_printf(&sb, "%s%s: %s", sep, f->params.data[i].name, sema_spec_kind_type(k));
            sep = ", ";
        }
    }
    int left = count_generic(a, f->spec);
    sb_printf(&sb, " runs for such arguments (%d generic operation%s left in it)", left, left == 1 ? "" : "s");
    const char *text = arena_strdup(a, sb.data);
    sb_free(&sb);
    return text;
}

/* The steps of the total pass/wideacc.c holds in the wide register its `wide_of_int` v
 * enters (`w = move v` at the copy's entry, the steps reading w): any modulo step
 * (`wide_*_mod`), any other step. */
static void wide_steps(const IrFunc *f, IrReg v, bool *mod, bool *add)
{
    IrReg w = -1;
    for (int b = 0; b < f->blocks.len && w < 0; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len && w < 0; i++) {
            const IrOp *op = blk->ops.data[i];
            w = op->kind == IR_MOVE && op->args[0] == v ? op->dst : -1;
        }
    }
    for (int b = 0; b < f->blocks.len && w >= 0; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            const char *name = op->kind == IR_PRIM ? op->u.prim->name : "";
            bool reads = false;
            for (int k = 0; k < op->nargs; k++) {
                reads |= op->args[k] == w;
            }
            if (!reads || strncmp(name, "wide_", 5) != 0 || !strcmp(name, "wide_ok") || !strcmp(name, "wide_box")) {
                continue;
            }
            size_t n = strlen(name);
            *(n > 4 && !strcmp(name + n - 4, "_mod") ? mod : add) = true;
        }
    }
}

/* --report's line for a total held by pass/wideacc.c: when it goes back to tagged ints
 * depends on its steps (a sum past 2**126; a modulo step's operand past int64, m = 0). */
static const char *describe_wide(Arena *a, const IrFunc *f, const IrOp *of_int)
{
    bool mod = false, add = false;
    wide_steps(f, of_int->dst, &mod, &add);
    const char *name = f->regs.data[of_int->args[0]].name;
    const char *mod_when = "when a modulo step's operand passes int64 or its modulus is 0";
    if (mod && !add) {
        return arena_printf(a, "speculated: int %s held in 128 bits in this loop, tagged %s", name, mod_when);
    }
    return arena_printf(a, "speculated: int %s held in 128 bits in this loop, tagged past 2**126%s%s", name,
                        mod ? " or " : "", mod ? mod_when : "");
}

/* --report's line for a while loop run in strips (pass/whilestrip.c): its head tests
 * the counter and the bound small (int_is_small), a register step in range. */
static const char *describe_strips(Arena *a, const IrFunc *f, const IrBlock *h)
{
    const char *names[2] = {NULL, NULL};
    bool step = false;
    int n = 0;
    for (int i = 0; i < h->ops.len; i++) {
        const IrOp *op = h->ops.data[i];
        if (op->kind == IR_PRIM && !strcmp(op->u.prim->name, "int_is_small") && n < 2) {
            const char *name = f->regs.data[op->args[0]].name;
            names[n++] = name ? name : "its bound";
        }
        step |= op->kind == IR_PRIM && !strcmp(op->u.prim->name, "strip_step_ok");
    }
    return arena_printf(a, "speculated: while loop runs in strips on machine words; each iteration on exact ints "
                        "while %s or %s is past 2**61 in magnitude%s", names[0] ? names[0] : "the counter",
                        names[1] ? names[1] : "its bound", step ? " or the step is not in [1, 2**39)" : "");
}

static void scan_func(Arena *a, const IrModule *m, const IrFunc *f, IrGenericReport *r)
{
    if (f->spec_copy || f->copy_of || f->bvec_of) {
        return;   /* described by its function's line */
    }
    if (f->spec) {
        add(a, r, describe_copy(a, f), f->line);
    }
    bool *slow = ir_guard_slow_blocks(a, f);
    size_t nregs = (size_t)f->regs.len + 1;
    Scan sc = {a, m, f, arena_alloc(a, sizeof(IrOp *) * nregs), arena_alloc(a, nregs)};
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        for (int i = 0; i < blk->ops.len; i++) {
            const IrOp *op = blk->ops.data[i];
            if (op->dst >= 0) {
                sc.defs[op->dst] = op;
            }
            bool call_ex = op->kind == IR_PRIM && strcmp(op->u.prim->name, "call_ex") == 0;
            if ((op->kind == IR_CALL_OBJ || call_ex) && op->args[0] >= 0) {
                sc.callee[op->args[0]] = true;
            }
            if (op->kind == IR_PRIM && strcmp(op->u.prim->name, "dict_of_zip") == 0) {   /* ir/build_idioms.c */
                sc.callee[op->args[0]] = sc.callee[op->args[1]] = true;
            }
            if (op->kind == IR_PRIM && (strcmp(op->u.prim->name, "isinstance_truth") == 0 ||
                                        strcmp(op->u.prim->name, "counter_of") == 0 ||
                                        strcmp(op->u.prim->name, "counter_fusable") == 0 ||
                                        strcmp(op->u.prim->name, "counter_new") == 0 ||
                                        strcmp(op->u.prim->name, "counter_update_fusable") == 0)) {   /* ir/build_counter.c */
                sc.callee[op->args[0]] = true;
            }
        }
    }
    for (int b = 0; b < f->blocks.len; b++) {
        const IrBlock *blk = f->blocks.data[b];
        if (blk->loop_copy) {
            continue;   /* the original loop's sites say it */
        }
        if (blk->strip_head && !slow[b] && blk->ops.len) {
            add(a, r, describe_strips(a, f, blk), blk->ops.data[blk->ops.len - 1]->line);
        }
        const IrOp *guard = ir_block_guard(blk);
        const char *gwhat = guard && (guard->kind == IR_LAYOUT_IS || guard->kind == IR_PRIM) && !slow[b]
                                ? describe_guard(&sc, blk, guard) : NULL;
        if (gwhat) {
            add(a, r, gwhat, guard->line);
        }
        for (int i = 0; i < blk->ops.len && !slow[b]; i++) {
            const IrOp *op = blk->ops.data[i];
            if (op->kind == IR_PRIM && strcmp(op->u.prim->name, "wide_of_int") == 0) {   /* pass/wideacc.c */
                add(a, r, describe_wide(a, f, op), op->line);
            }
            if (op->kind == IR_PRIM && strcmp(op->u.prim->name, "dict_of_zip") == 0) {
                add(a, r, "speculated: dict(zip(a, b)) fills the dict from exact lists or tuples directly, "
                          "calls dict and zip on anything else or when the names are rebound", op->line);
            }
            if (op->kind == IR_PRIM && strcmp(op->u.prim->name, "counter_of") == 0) {
                add(a, r, "speculated: Counter(x) counts x into collections' own Counter without its Python "
                          "__init__ and update; a subclass, a patched Counter, another callee or a Mapping "
                          "is called as written", op->line);
            }
            if (op->kind == IR_PRIM && strcmp(op->u.prim->name, "counter_update_fusable") == 0) {
                add(a, r, "speculated: x.update(genexp) counts the items into x as its loop makes them, with no "
                          "generator, while x is an exact collections.Counter and x.update its own; else "
                          "x.update is called with the generator", op->line);
            }
            if (op->kind == IR_PRIM && strcmp(op->u.prim->name, "counter_fusable") == 0) {   /* ir/build_counter.c */
                add(a, r, "speculated: Counter(genexp) counts the items as its loop makes them, with no "
                          "generator, while the name holds collections' own Counter; else it is called with "
                          "the generator", op->line);
            }
            if (op->kind == IR_PRIM && strcmp(op->u.prim->name, "int_chain_fast") == 0) {   /* pass/intchain.c */
                add(a, r, "speculated: int arithmetic on int64 first, recomputed with exact ints on a long "
                          "operand, an overflow, a zero divisor or a result past 2**62", op->line);
            }
            if (op->kind == IR_CALL && op->u.callee->i64_copy) {   /* pass/i64copy.c */
                add(a, r, arena_printf(a, "speculated: %s(...) runs on int64 first, recomputed with exact ints "
                                       "on overflow", op->u.callee->name), op->line);
            }
            const char *what = ir_op_is_generic(op) ? describe(&sc, op) : NULL;
            if (what) {
                add(a, r, what, op->line);
                r->total++;
            }
        }
    }
}

static int by_first_line(const void *x, const void *y)
{
    const Group *a = x, *b = y;
    return a->first != b->first ? a->first - b->first : strcmp(a->what, b->what);
}

IrGenericReport *ir_generic_report(Arena *a, const IrModule *m, int first_line, int last_line)
{
    IrGenericReport *r = arena_alloc(a, sizeof *r);
    for (int i = 0; i < m->funcs.len; i++) {
        const IrFunc *f = m->funcs.data[i];
        if (!f->is_module_init && f->line >= first_line && f->line <= last_line) {
            scan_func(a, m, f, r);
        }
    }
    if (r->groups.len > 1) {
        qsort(r->groups.data, (size_t)r->groups.len, sizeof(Group), by_first_line);
    }
    return r;
}

bool ir_generic_report_empty(const IrGenericReport *r)
{
    return r->groups.len == 0;
}

static void print_lines(const Group *g, FILE *out)
{
    fprintf(out, "(line%s ", g->nlines > 1 ? "s" : "");
    for (int i = 0; i < g->nlines; i++) {
        fprintf(out, "%s%d", i ? ", " : "", g->lines[i]);
    }
    fputs(g->count > g->nlines && g->nlines == FIRST_LINES ? ", ...)" : ")", out);
}

void ir_generic_report_print(const IrGenericReport *r, const char *path, FILE *out)
{
    int shown = 0, rest = 0;
    for (int i = 0; i < r->groups.len; i++) {
        const Group *g = &r->groups.data[i];
        if (shown == MAX_GROUPS) {
            rest += g->count;
            continue;
        }
        bool spec = strncmp(g->what, "speculated:", 11) == 0 || strncmp(g->what, "guarded:", 8) == 0;
        fprintf(out, "%s:%d:   %s%s", path, g->first, spec ? "" : "generic: ", g->what);
        if (g->count > 1) {
            fprintf(out, " x%d", g->count);
        }
        fputc(' ', out);
        print_lines(g, out);
        fputc('\n', out);
        shown++;
    }
    if (rest) {
        fprintf(out, "%s:%d:   generic: %d more operation%s of other kinds\n", path,
                r->groups.data[MAX_GROUPS].first, rest, rest > 1 ? "s" : "");
    }
}

void ir_generic_report_json(const IrGenericReport *r, FILE *out)
{
    fputs("[", out);
    for (int i = 0; i < r->groups.len; i++) {
        const Group *g = &r->groups.data[i];
        fputs(i ? ", " : "", out);
        fputs("{\"what\": ", out);
        json_string(out, g->what, strlen(g->what));
        fprintf(out, ", \"count\": %d, \"lines\": [", g->count);
        for (int k = 0; k < g->nlines; k++) {
            fprintf(out, "%s%d", k ? ", " : "", g->lines[k]);
        }
        fputs("]}", out);
    }
    fputs("]", out);
}
