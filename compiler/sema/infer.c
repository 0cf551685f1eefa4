/* infer.c - types of expressions of the native subset, and annotations. */
#include <stdarg.h>
#include <string.h>
#include "sema_internal.h"

const Type *sema_error(Sema *s, Loc loc, const char *fmt, ...)
{
    if (s->report) {
        va_list ap;
        va_start(ap, fmt);
        char buf[512];
        vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        diag_error(&s->ctx->diags, s->ctx->file, loc, "%s", buf);
    }
    return &ty_object;
}

const Type *sema_unsupported(Sema *s, Loc loc, const char *what)
{
    if (s->unit && !s->ctx->strict) {
        if (!s->unit_reason) {
            s->unit_reason = what;
            s->unit_loc = loc;
        }
        return &ty_object;
    }
    return sema_error(s, loc, "not supported yet: %s", what);
}

void sema_unit_begin(Sema *s, AstStmt *st)
{
    s->unit = st;
    s->unit_reason = NULL;
    s->unit_mark = s->ctx->diags.errors;
    s->unit_list_mark = s->ctx->diags.list.len;
}

void sema_unit_end(Sema *s)
{
    if (s->unit_reason && !s->unit->keep_reason) {
        s->unit->keep_reason = s->unit_reason;
        s->unit->keep_loc = s->unit_loc;
        s->newly_kept++;
    }
    if (s->unit && s->unit->keep_reason) {
        /* CPython runs it as written: what we would have said about it does not apply */
        s->ctx->diags.list.len = s->unit_list_mark;
        s->ctx->diags.errors = s->unit_mark;
    }
    s->unit = NULL;
    s->unit_reason = NULL;
}

static const Type *type_named(const char *name)
{
    static const Type *const named[] = {&ty_int, &ty_float, &ty_bool, &ty_object, &ty_i64, &ty_i32, &ty_str};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (strcmp(named[i]->name, name) == 0) {
            return named[i];
        }
    }
    if (strcmp(name, "Any") == 0) {
        return &ty_object;
    }
    if (strcmp(name, "i16") == 0 || strcmp(name, "u8") == 0) {
        return &ty_int;   /* int at run time; no native width of their own (yet) */
    }
    return NULL;
}

/* The shim a type-denoting name or attribute refers to (Final, i64, int ...). */
static const char *annotation_name(Sema *s, const AstExpr *e)
{
    if (e->kind == EXPR_NAME) {
        Symbol *sym = scope_lookup(s->scope, e->u.name.id);
        if (sym && sym->kind == SYM_TYPE && sym->shim) {
            return sym->shim->name;
        }
        if (!sym) {
            return e->u.name.id;    /* builtins: int, float, bool, object */
        }
        return NULL;
    }
    if (e->kind == EXPR_ATTRIBUTE && e->u.attribute.value->kind == EXPR_NAME) {
        Symbol *mod = scope_lookup(s->scope, e->u.attribute.value->u.name.id);
        if (mod && mod->kind == SYM_MODULE && shim_find(mod->module, e->u.attribute.attr)) {
            return e->u.attribute.attr;
        }
    }
    return NULL;
}

static bool is_none(const AstExpr *e)
{
    return (e->kind == EXPR_CONST && e->u.constant.kind == CONST_NONE) ||
           (e->kind == EXPR_CONST && e->u.constant.kind == CONST_STR && strcmp(e->u.constant.bytes, "None") == 0);
}

/* The members of a union annotation: Union[A, B], Optional[A] (A and None), A | B,
 * nested ones flattened. Returns false past max members. */
static bool union_members(Sema *s, AstExpr *ann, const char *base, const Type **out, int *n, int max)
{
    AstExpr *parts[2] = {NULL, NULL};
    AstExprVec *elts = NULL;
    if (ann->kind == EXPR_BINOP) {
        parts[0] = ann->u.binop.left;
        parts[1] = ann->u.binop.right;
    } else if (strcmp(base, "Optional") == 0) {
        parts[0] = ann->u.subscript.index;
    } else if (ann->u.subscript.index->kind == EXPR_TUPLE) {
        elts = &ann->u.subscript.index->u.seq.elts;
    } else {
        parts[0] = ann->u.subscript.index;
    }
    int count = elts ? elts->len : parts[1] ? 2 : 1;
    for (int i = 0; i < count; i++) {
        AstExpr *m = elts ? elts->data[i] : parts[i];
        if (*n == max) {
            return false;
        }
        out[(*n)++] = is_none(m) ? &ty_none : sema_annotation(s, m, NULL);
    }
    if (base && strcmp(base, "Optional") == 0) {
        if (*n == max) {
            return false;
        }
        out[(*n)++] = &ty_none;
    }
    return true;
}

/* Optional[C] of a native class C is C's nullable type; a union of the classes of
 * runtime/union_members.def is a TY_UNION (narrowed where a value is known to be one
 * member); anything else is a generic object. */
static const Type *union_annotation(Sema *s, AstExpr *ann, const char *base)
{
    const Type *m[16];
    int n = 0;
    if (!union_members(s, ann, base, m, &n, 16)) {
        return &ty_object;
    }
    int nones = 0;
    const Type *inst = NULL;
    for (int i = 0; i < n; i++) {
        nones += m[i]->kind == TY_NONE;
        inst = m[i]->kind == TY_INSTANCE ? m[i] : inst;
    }
    if (inst) {
        return n - nones == 1 && nones > 0 && !inst->nullable ? inst->cls->opt_type : &ty_object;
    }
    const Type *u = type_union(s->sm->types, n, m);
    return u ? u : &ty_object;
}

static bool is_union_base(const char *base)
{
    return base && (strcmp(base, "Optional") == 0 || strcmp(base, "Union") == 0);
}

const Type *sema_annotation(Sema *s, AstExpr *ann, bool *is_final)
{
    if (is_final) {
        *is_final = false;
    }
    if (ann->kind == EXPR_CONST && ann->u.constant.kind == CONST_NONE) {
        return &ty_none;
    }
    if (ann->kind == EXPR_SUBSCRIPT) {
        const char *base = annotation_name(s, ann->u.subscript.value);
        if (base && strcmp(base, "Final") == 0 && is_final) {
            *is_final = true;
            return sema_annotation(s, ann->u.subscript.index, NULL);
        }
        if (is_union_base(base)) {
            return union_annotation(s, ann, base);
        }
        if (base && strcmp(base, "Literal") == 0) {
            return sema_literal_annotation(ann->u.subscript.index);
        }
        if (base && strcmp(base, "Annotated") == 0) {   /* Annotated[T, metadata...]: T */
            AstExpr *ix = ann->u.subscript.index;
            return sema_annotation(s, ix->kind == EXPR_TUPLE && ix->u.seq.elts.len ? ix->u.seq.elts.data[0] : ix, is_final);
        }
        const Type *t = base ? sema_container_annotation(s, base, ann->u.subscript.index) : NULL;
        return t ? t : &ty_object;   /* Callable[...], ...: a generic object */
    }
    if (ann->kind == EXPR_BINOP && ann->u.binop.op == BINOP_BITOR) {
        return union_annotation(s, ann, NULL);
    }
    const char *name = annotation_name(s, ann);
    if (name && strcmp(name, "Final") == 0 && is_final) {
        *is_final = true;
        return NULL;   /* inferred from the value */
    }
    const Type *t = name ? type_named(name) : NULL;
    t = t ? t : name ? sema_container_named(s, name) : NULL;
    /* a native class of the module, by name or as a forward reference "C" */
    const char *cname = ann->kind == EXPR_NAME ? ann->u.name.id
                        : ann->kind == EXPR_CONST && ann->u.constant.kind == CONST_STR ? ann->u.constant.bytes : NULL;
    Symbol *cs = !t && cname ? scope_lookup(s->scope, intern_cstr(s->ctx->names, cname)) : NULL;
    if (cs && cs->cls && cs->kind == SYM_GLOBAL && cs->assignments == 1 && !cs->cls->def->keep_reason) {
        t = cs->cls->type;
    }
    t = t ? t : sema_named_tuple_type(s, cs);
    t = t ? t : sema_typed_dict_type(s, cs);
    /* a class, a string, any other annotation: the value is a generic object, unchecked
     * as CPython leaves it (__annotations__ still shows the annotation as written) */
    return t ? t : &ty_object;
}

const Shim *sema_shim_of(Sema *s, const AstExpr *e)
{
    if (e->kind == EXPR_NAME) {
        Symbol *sym = scope_lookup(s->scope, e->u.name.id);
        if (sym) {
            return sym->kind == SYM_SHIM ? sym->shim : NULL;
        }
        return shim_find("builtins", e->u.name.id);
    }
    if (e->kind == EXPR_ATTRIBUTE && e->u.attribute.value->kind == EXPR_NAME) {
        Symbol *mod = scope_lookup(s->scope, e->u.attribute.value->u.name.id);
        if (mod && mod->kind == SYM_MODULE) {
            return shim_find(mod->module, e->u.attribute.attr);
        }
    }
    return NULL;
}

/* A decorated module function: its name holds whatever the decorators returned. */
static bool is_wrapped(const SemaFunc *f)
{
    return !f->cls && f->def->u.funcdef.decorators.len > 0;
}

SemaFunc *sema_func_of(Sema *s, const AstExpr *e)
{
    if (e->kind != EXPR_NAME) {
        return NULL;
    }
    Symbol *sym = scope_lookup(s->scope, e->u.name.id);
    if (!sym || sym->kind != SYM_FUNC) {
        return NULL;
    }
    return !is_wrapped(sym->func) || sema_memo_func(s, sym->func) ? sym->func : NULL;
}

const Type *sema_const_type(const AstExpr *e)
{
    switch (e->u.constant.kind) {
    case CONST_NONE: return &ty_none;
    case CONST_TRUE: case CONST_FALSE: return &ty_bool;
    case CONST_INT: return &ty_int;
    case CONST_FLOAT: return &ty_float;
    case CONST_STR: return &ty_str;
    case CONST_BYTES: return &ty_object;   /* a pool constant, used as any object */
    case CONST_IMAG: return &ty_object;   /* a pool constant, used as any object */
    case CONST_ELLIPSIS: case CONST_DC_FACTORY: return &ty_object;
    }
    return &ty_object;
}

/* Python's builtins: a name among them is never "not defined". */
bool sema_is_builtin_name(const char *id)
{
    /* dir(builtins) of CPython 3.9 to 3.13 */
    static const char *const names[] = {
        "ArithmeticError", "AssertionError", "AttributeError", "BaseException",
        "BaseExceptionGroup", "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning",
        "ChildProcessError", "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError",
        "ConnectionResetError", "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning",
        "EnvironmentError", "Exception", "ExceptionGroup", "False", "FileExistsError",
        "FileNotFoundError", "FloatingPointError", "FutureWarning", "GeneratorExit", "IOError",
        "ImportError", "ImportWarning", "IndentationError", "IndexError", "InterruptedError",
        "IsADirectoryError", "KeyError", "KeyboardInterrupt", "LookupError", "MemoryError",
        "ModuleNotFoundError", "NameError", "None", "NotADirectoryError", "NotImplemented",
        "NotImplementedError", "OSError", "OverflowError", "PendingDeprecationWarning",
        "PermissionError", "ProcessLookupError", "PythonFinalizationError", "RecursionError",
        "ReferenceError", "ResourceWarning", "RuntimeError", "RuntimeWarning", "StopAsyncIteration",
        "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError", "SystemExit", "TabError",
        "TimeoutError", "True", "TypeError", "UnboundLocalError", "UnicodeDecodeError",
        "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError", "UnicodeWarning",
        "UserWarning", "ValueError", "Warning", "ZeroDivisionError", "_IncompleteInputError",
        "__build_class__", "__debug__", "__import__", "abs", "aiter", "all", "anext", "any",
        "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable", "chr",
        "classmethod", "compile", "complex", "copyright", "credits", "delattr", "dict", "dir",
        "divmod", "enumerate", "eval", "exec", "exit", "filter", "float", "format", "frozenset",
        "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "int", "isinstance",
        "issubclass", "iter", "len", "license", "list", "locals", "map", "max", "memoryview", "min",
        "next", "object", "oct", "open", "ord", "pow", "print", "property", "quit", "range", "repr",
        "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum",
        "super", "tuple", "type", "vars", "zip",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(names[i], id) == 0) {
            return true;
        }
    }
    return false;
}

/* A name of a def's annotation, which CPython evaluates when the def runs: one that
 * nothing binds raises NameError there, so the def's unit stays Python (an error under
 * --strict), as an undefined name in its body would. So does a module name first bound
 * after the def's top-level statement (`def m(self) -> C` in class C's own body). */
static void annotation_name_defined(AstExpr *e, void *arg)
{
    Sema *s = arg;
    const char *id = e->kind == EXPR_NAME && e->u.name.ctx == CTX_LOAD ? e->u.name.id : NULL;
    if (!id || s->sm->star_import) {
        return;
    }
    Symbol *sym = sema_lookup(s, id);
    bool later = sym && s->unit && sym == scope_lookup_local(s->sm->scope, id) &&
                 !sema_bound_before(s, id, s->unit);
    if ((sym && !later) || (!sym && (shim_find("builtins", id) || sema_is_builtin_name(id)))) {
        return;
    }
    if (s->ctx->strict || !s->unit) {
        sema_error(s, e->loc, "name \"%s\" is not defined%s", id, later ? " when the def runs" : "");
    } else if (later) {
        sema_unsupported(s, e->loc, arena_printf(&s->ctx->arena, "annotation \"%s\" is bound only after the def runs", id));
    } else {
        sema_unsupported(s, e->loc, arena_printf(&s->ctx->arena, "undefined name \"%s\"", id));
    }
}

void sema_check_annotation_names(Sema *s, AstStmt *def)
{
    if (s->sm->future_annotations) {
        return;
    }
    AstArguments *a = def->u.funcdef.args;
    for (int k = 0; a && k < ast_param_count(a); k++) {
        sema_walk_expr(ast_param_at(a, k)->annotation, annotation_name_defined, s);
    }
    sema_walk_expr(def->u.funcdef.returns, annotation_name_defined, s);
}

static const Type *infer_name(Sema *s, AstExpr *e)
{
    const char *id = e->u.name.id;
    Symbol *sym = sema_lookup(s, id);
    e->u.name.sym = sym;
    if (!sym) {
        if (shim_find("builtins", id)) {
            return &ty_shim;
        }
        if (sema_is_builtin_name(id)) {
            static const char *const frame_builtins[] = {"globals", "locals", "vars", "dir", "eval", "exec",
                                                         "super", "breakpoint", "__import__"};
            for (size_t i = 0; i < sizeof frame_builtins / sizeof frame_builtins[0]; i++) {
                if (strcmp(frame_builtins[i], id) == 0 && !e->u.name.frame_free) {
                    /* they look at the calling Python frame, which native code does not have */
                    return sema_unsupported(s, e->loc, arena_printf(&s->ctx->arena, "builtin \"%s\"", id));
                }
            }
            return &ty_object;   /* read from the module dict, then builtins, at run time */
        }
        if (s->sm->star_import) {
            return &ty_object;   /* may come from a star import: looked up at run time */
        }
        if (s->ctx->strict || !s->unit) {
            return sema_error(s, e->loc, "name \"%s\" is not defined", id);
        }
        /* CPython raises NameError only when this runs, and module code may create the
         * name dynamically: keep the unit as Python rather than refuse a valid module */
        return sema_unsupported(s, e->loc, arena_printf(&s->ctx->arena, "undefined name \"%s\"", id));
    }
    switch (sym->kind) {
    case SYM_CLASSVAR: return &ty_object;
    case SYM_LOCAL: case SYM_PARAM: case SYM_GLOBAL:
        if (!sym->type) {
            /* assigned later in the source: known after the first round */
            if (s->report) {
                return sema_error(s, e->loc, "cannot determine type of \"%s\"", sema_source_name(s->ctx, id));
            }
            return &ty_object;
        }
        if (sym == s->spec_sym) {
            return s->spec_type;   /* in a loop body's typed copy (speculate.c) */
        }
        for (int i = 0; i < s->n_spec_ints; i++) {
            if (sym == s->spec_ints[i]) {
                return &ty_int;
            }
        }
        if (sym->type->kind == TY_UNION) {
            /* the member known here, else a generic object */
            const Type *n = sema_narrowed(s, sym);
            return n ? n : &ty_object;
        }
        return sym->type;
    case SYM_FUNC:
        if (is_wrapped(sym->func)) {
            e->u.name.sym = NULL;   /* read from the module dict, called generically */
            return &ty_object;
        }
        return &ty_func;
    case SYM_MODULE: return &ty_module;
    case SYM_SHIM:
        return sym->shim->kind == SHIM_CONST ? &ty_float : &ty_shim;
    case SYM_TYPE: return &ty_typeref;
    }
    return &ty_object;
}

static const Type *infer_attribute(Sema *s, AstExpr *e)
{
    sema_super_attr(s, e);
    AstExpr *base = e->u.attribute.value;
    if (base->kind == EXPR_NAME) {
        Symbol *mod = scope_lookup(s->scope, base->u.name.id);
        if (mod && mod->kind == SYM_MODULE) {
            base->u.name.sym = mod;
            const Shim *sh = shim_find(mod->module, e->u.attribute.attr);
            if (!sh) {
                return &ty_object;   /* a generic attribute of the module object */
            }
            return sh->kind == SHIM_CONST ? &ty_float : sh->kind == SHIM_TYPE ? &ty_typeref : &ty_shim;
        }
    }
    e->u.attribute.class_const = 0;   /* set again below by this analysis */
    const Type *ft = sema_class_final_attr(s, e);
    if (!ft && (ft = sema_class_const_of(s, e)) != NULL) {
        infer_expr(s, base);   /* the class, read by the cached site */
    }
    if (ft) {
        return ft;
    }
    const Type *bt = infer_expr(s, base);
    if (bt->kind == TY_INSTANCE) {
        return sema_instance_attr(s, e, bt);
    }
    if (bt->kind == TY_SHIM || bt->kind == TY_TYPEREF || (bt->kind == TY_FUNC && base->kind == EXPR_NAME)) {
        /* str.capitalize, int.from_bytes: the builtin's attribute; f.calls, f.__name__:
         * the module function's, read from the module dict */
        bt = sema_as_value(s, base, bt);
        if (!bt) {
            return &ty_object;
        }
    }
    int field = type_tuple_field(bt, e->u.attribute.attr);
    if (field >= 0) {
        return bt->args[field];   /* a NamedTuple's field: the item, checked as annotated */
    }
    if (bt->kind == TY_OBJECT || type_is_checked_obj(bt) || bt->kind == TY_ITER || type_is_numeric(bt) ||
        bt->kind == TY_NONE) {   /* unboxed values: an attribute of the boxed value */
        sema_check_nested_attr(s, e);
        return &ty_object;
    }
    return sema_unsupported(s, e->loc, "attribute access");
}

/* obj[i], obj[a:b:c] on generic objects. */
static const Type *infer_subscript(Sema *s, AstExpr *e)
{
    const Type *vt = infer_expr(s, e->u.subscript.value);
    AstExpr *ix = e->u.subscript.index;
    vt = sema_as_value(s, e->u.subscript.value, vt);   /* list[int], Optional[T] at run time */
    if (!vt) {
        return &ty_object;
    }
    if (type_is_checked_obj(vt) && vt->kind != TY_INSTANCE) {
        return sema_typed_subscript(s, e, vt);
    }
    if (vt->kind != TY_OBJECT && vt->kind != TY_INSTANCE) {
        return sema_unsupported(s, e->loc, "subscript");
    }
    sema_check_index(s, ix);   /* an instance's __getitem__ as CPython finds it: a generic get */
    return &ty_object;
}

/* The index of x[i] or x[a:b:c] (a slice object is built from its parts). */
void sema_check_index(Sema *s, AstExpr *ix)
{
    if (ix->kind != EXPR_SLICE) {
        sema_value_ok(s, ix, infer_expr(s, ix));
        return;
    }
    AstExpr *parts[3] = {ix->u.slice.lower, ix->u.slice.upper, ix->u.slice.step};
    for (int i = 0; i < 3; i++) {
        if (parts[i] && !sema_value_ok(s, parts[i], infer_expr(s, parts[i]))) {
            return;
        }
    }
}

static bool is_callable_kind(const Type *t)
{
    return t->kind == TY_FUNC || t->kind == TY_SHIM || t->kind == TY_MODULE || t->kind == TY_TYPEREF;
}

/* A function, builtin, module or type used as a value (isinstance(x, int), key=len,
 * f = math.sqrt): the object the name denotes, loaded by name (module dict, then
 * builtins) as CPython would. Returns the value's type, or NULL when not possible. */
const Type *sema_as_value(Sema *s, AstExpr *e, const Type *t)
{
    if (!is_callable_kind(t)) {
        return t;
    }
    if (e->kind == EXPR_NAME) {
        e->u.name.sym = NULL;
        e->type = &ty_object;
        return &ty_object;
    }
    if (e->kind == EXPR_ATTRIBUTE && e->u.attribute.value->kind == EXPR_NAME && e->u.attribute.value->u.name.sym &&
        e->u.attribute.value->u.name.sym->kind == SYM_MODULE) {
        e->type = &ty_object;   /* a generic attribute of the module object */
        return &ty_object;
    }
    sema_unsupported(s, e->loc, "a function, module or type as a value");
    return NULL;
}

/* Can a value of type t be used (boxed if need be) as an object? */
bool sema_value_ok(Sema *s, AstExpr *e, const Type *t)
{
    return sema_as_value(s, e, t) != NULL;
}

static bool is_nonneg_int_literal(const AstExpr *e)
{
    return e->kind == EXPR_CONST && e->u.constant.kind == CONST_INT;
}

static const Type *check_operand(Sema *s, AstExpr *e, const Type *t, const char *op)
{
    if (type_is_numeric(t) || t->kind == TY_OBJECT) {
        return t;
    }
    if (t->kind == TY_STR) {
        return sema_unsupported(s, e->loc, "str operations");
    }
    if (t->kind == TY_NONE) {
        return sema_error(s, e->loc, "unsupported operand type for %s (\"%s\")", op, type_name(t));
    }
    return sema_unsupported(s, e->loc, arena_printf(&s->ctx->arena, "%s as an operand", type_name(t)));
}

/* "%d: %s" % (n, name) with a str literal on the left and, on the right, a value whose
 * class cannot define __rmod__ over str's __mod__ (only a str subclass could): a str,
 * as PyUnicode_Format makes. */
static bool literal_format(const AstExpr *e, const Type *rt)
{
    const AstExpr *l = e->u.binop.left;
    bool literal = l->kind == EXPR_CONST && l->u.constant.kind == CONST_STR;
    return literal && rt->kind != TY_STR && rt->kind != TY_OBJECT && rt->kind != TY_INSTANCE &&
           (type_is_numeric(rt) || type_is_checked_obj(rt) || rt->kind == TY_NONE);
}

/* tuple + tuple and tuple * n keep a tuple type: fixed lengths add up, else a tuple of
 * the elements' one type (object when they differ); NULL for other operands. */
static const Type *tuple_op_type(Sema *s, AstBinOp op, const Type *lt, const Type *rt)
{
    if (op == BINOP_ADD && lt->kind == TY_TUPLE && rt->kind == TY_TUPLE) {
        if (!lt->varlen && !rt->varlen && lt->nargs + rt->nargs <= 32) {
            const Type *elts[64];
            memcpy(elts, lt->args, sizeof *elts * (size_t)lt->nargs);
            memcpy(elts + lt->nargs, rt->args, sizeof *elts * (size_t)rt->nargs);
            return type_tuple(s->sm->types, lt->nargs + rt->nargs, elts, false);
        }
        const Type *a = type_item(lt), *b = type_item(rt);
        const Type *j = lt->nargs == 0 ? b : rt->nargs == 0 ? a : a == b ? a : &ty_object;
        return type_tuple(s->sm->types, 1, &j, true);
    }
    const Type *t = op == BINOP_MUL && lt->kind == TY_TUPLE && type_is_intlike(rt) ? lt
                    : op == BINOP_MUL && rt->kind == TY_TUPLE && type_is_intlike(lt) ? rt : NULL;
    if (t) {
        const Type *j = t->nargs == 0 && !t->varlen ? &ty_object : type_item(t);
        return type_tuple(s->sm->types, 1, &j, true);
    }
    return NULL;
}

/* The operator table's row for a numeric `l op r`: bool & bool has its own rows, the
 * rest is looked up on the operands' join. */
static const PrimOp *binop_row(const AstExpr *e, const Type *l, const Type *r)
{
    AstBinOp op = e->u.binop.op;
    unsigned have = (e->u.binop.inplace ? PRIM_WHEN_INPLACE : 0) |
                    (is_nonneg_int_literal(e->u.binop.right) ? PRIM_WHEN_NONNEG_RIGHT : 0);
    const PrimOp *row = l->kind == TY_BOOL && r->kind == TY_BOOL ? prim_binary(op, PV_BOOL, PV_BOOL, have) : NULL;
    PyVal joined = pyval_of(type_numeric_join(l, r));
    return row ? row : prim_binary(op, joined, joined, have);
}

/* float(x) of a value that is not a number (FLOAT_OF_OBJ): an exact float whatever x is,
 * typed object where it is a value (an unboxed `nan = float("nan")` would be a new
 * object at each use), but an operand of arithmetic is read as the float it is. Not for
 * `**`, whose float result cannot be CPython's complex one ((-8.0) ** (1/3)). */
static const Type *float_operand(Sema *s, const AstExpr *e, const Type *t, AstBinOp op)
{
    if (t->kind != TY_OBJECT || op == BINOP_POW || e->kind != EXPR_CALL) {
        return t;
    }
    const Shim *sh = sema_shim_of(s, e->u.call.func);
    const Shim *row = sh && sh->kind == SHIM_CALL && strcmp(sh->module, "builtins") == 0 &&
                              strcmp(sh->name, "float") == 0 ? sema_shim_row(e, sh) : NULL;
    return row && row->call.prim == PRIM_FLOAT_OF_OBJ ? &ty_float : t;
}

static const Type *infer_binop(Sema *s, AstExpr *e)
{
    AstBinOp op = e->u.binop.op;
    e->u.binop.row = NULL;
    const char *tok = ast_binop_token(op);
    const Type *lt = infer_expr(s, e->u.binop.left), *rt = infer_expr(s, e->u.binop.right);
    bool str_op = lt->kind == TY_STR || rt->kind == TY_STR;
    bool repeat = op == BINOP_MUL && (type_is_intlike(lt) || type_is_intlike(rt));
    bool format = op == BINOP_MOD && lt->kind == TY_STR;
    if (str_op && !repeat && !format && (type_is_numeric(lt) || type_is_numeric(rt))) {
        return sema_error(s, e->loc, "unsupported operand types for %s (\"%s\" and \"%s\")", tok,
                          type_name(lt), type_name(rt));
    }
    if (str_op) {
        /* concatenation: its row (operators.def); repetition stays str; formatting is generic */
        const PrimOp *row = prim_binary(op, pyval_of(lt), pyval_of(rt), e->u.binop.inplace ? PRIM_WHEN_INPLACE : 0);
        if (row && row->prim != NO_PRIM && pyval_rtype(row->left) == RT_OBJ) {
            e->u.binop.row = row;
            return type_of_pyval(row->result);
        }
        if (format && literal_format(e, rt)) {
            return &ty_str;
        }
        return repeat ? &ty_str : &ty_object;
    }
    if (type_is_checked_obj(lt) || type_is_checked_obj(rt) || lt->kind == TY_ITER || rt->kind == TY_ITER) {
        /* [x] * n and xs + ys keep the list's type; the rest is generic */
        bool list_repeat = op == BINOP_MUL && ((lt->kind == TY_LIST && type_is_intlike(rt)) ||
                                               (rt->kind == TY_LIST && type_is_intlike(lt)));
        if (list_repeat) {
            if (!e->u.binop.inplace) {   /* xs *= n keeps the list: the generic in-place op */
                e->u.binop.row = prim_binary(op, pyval_of(lt), pyval_of(rt), 0);
            }
            return lt->kind == TY_LIST ? lt : rt;
        }
        if (op == BINOP_ADD && lt->kind == TY_LIST && lt == rt) {
            return lt;
        }
        const Type *tt = tuple_op_type(s, op, lt, rt);
        if (tt) {
            return tt;
        }
        sema_value_ok(s, e->u.binop.left, lt);
        sema_value_ok(s, e->u.binop.right, rt);
        return &ty_object;
    }
    const Type *l = check_operand(s, e->u.binop.left, lt, tok);
    const Type *r = check_operand(s, e->u.binop.right, rt, tok);
    /* only beside another number: `float(x) + None` stays the generic operation */
    const Type *lf = float_operand(s, e->u.binop.left, l, op), *rf = float_operand(s, e->u.binop.right, r, op);
    if (type_is_numeric(lf) && type_is_numeric(rf)) {
        l = lf;
        r = rf;
    }
    if (l->kind == TY_OBJECT || r->kind == TY_OBJECT) {
        return &ty_object;
    }
    /* the two fixed widths do not mix (no row joins them) */
    bool mixed = (l->kind == TY_I64 && r->kind == TY_I32) || (l->kind == TY_I32 && r->kind == TY_I64);
    const PrimOp *row = mixed ? NULL : binop_row(e, l, r);
    if (!row) {
        return sema_error(s, e->loc, "unsupported operand types for %s (\"%s\" and \"%s\")", tok,
                          type_name(l), type_name(r));
    }
    if (row->prim == NO_PRIM) {
        return sema_unsupported(s, e->loc, row->unsupported);
    }
    e->u.binop.row = row;
    return type_of_pyval(row->result);
}

static const Type *infer_unary(Sema *s, AstExpr *e)
{
    const Type *t = infer_expr(s, e->u.unaryop.operand);
    if (e->u.unaryop.op == UNARY_NOT) {
        sema_as_value(s, e->u.unaryop.operand, t);   /* `not f`: f's object, read from the module dict */
        return &ty_bool;
    }
    t = check_operand(s, e->u.unaryop.operand, t, e->u.unaryop.op == UNARY_INVERT ? "~" : "unary -");
    if (t->kind == TY_BOOL) {
        return &ty_int;
    }
    if (e->u.unaryop.op == UNARY_POS) {
        return t;
    }
    const PrimOp *row = prim_unary(e->u.unaryop.op, pyval_of(t));
    if (!row) {
        return sema_error(s, e->loc, "unsupported operand type for %s (\"%s\")",
                          e->u.unaryop.op == UNARY_INVERT ? "~" : "unary -", type_name(t));
    }
    if (row->prim == NO_PRIM) {
        return sema_unsupported(s, e->loc, row->unsupported);
    }
    return type_of_pyval(row->result);
}

/* and/or give one of their operands: a single type when all agree, else an object.
 * Each operand is checked where the ones before it were true (and) or false (or), so
 * `x is not None and x > 0` reads x as an int. */
static const Type *infer_boolop(Sema *s, AstExpr *e)
{
    const Type *t = NULL;
    bool same = true;
    NarrowEnv saved = s->narrow, after = s->narrow;
    for (int i = 0; i < e->u.boolop.values.len; i++) {
        AstExpr *v = e->u.boolop.values.data[i];
        const Type *vt = sema_as_value(s, v, infer_expr(s, v));
        if (!vt) {
            s->narrow = saved;
            return &ty_object;
        }
        /* afterwards only what holds whichever operand was the last evaluated */
        after = i == 0 ? s->narrow : sema_narrow_meet(s, after, s->narrow);
        NarrowEnv then, els;
        sema_narrow_cond(s, v, s->narrow, &then, &els);
        s->narrow = e->u.boolop.op == BOOL_AND ? then : els;
        same = same && (!t || t == vt);
        t = vt;
    }
    s->narrow = after;
    return same ? t : &ty_object;
}

static const Type *infer_compare(Sema *s, AstExpr *e)
{
    const Type *l = infer_expr(s, e->u.compare.left);
    bool object_result = false;
    for (int i = 0; i < e->u.compare.comparators.len; i++) {
        AstCmpOp op = e->u.compare.ops.data[i];
        AstExpr *re = e->u.compare.comparators.data[i];
        const Type *r = infer_expr(s, re);
        if (op == CMPOP_IN || op == CMPOP_NOTIN) {
            if (!prim_contains(pyval_of(l), pyval_of(r))) {
                return sema_unsupported(s, e->loc, "'in' on this type");
            }
            AstExpr *le = i == 0 ? e->u.compare.left : e->u.compare.comparators.data[i - 1];
            if (!sema_value_ok(s, le, l)) {
                return &ty_object;
            }
            l = r;
            continue;
        }
        if (op == CMPOP_IS || op == CMPOP_ISNOT) {
            /* type(x) is int: functions and types compare as the objects they are */
            AstExpr *le = i == 0 ? e->u.compare.left : e->u.compare.comparators.data[i - 1];
            l = sema_as_value(s, le, l);
            r = sema_as_value(s, re, r);
            if (!l || !r) {
                return &ty_object;
            }
            /* bools box to the True/False singletons, so identity is kept; other
             * unboxed values would box to new objects */
            bool boxed_l = l->kind == TY_OBJECT || l->kind == TY_NONE || type_is_checked_obj(l) || l->kind == TY_ITER;
            bool boxed_r = r->kind == TY_OBJECT || r->kind == TY_NONE || type_is_checked_obj(r) || r->kind == TY_ITER;
            if (!(boxed_l || l->kind == TY_BOOL) || !(boxed_r || r->kind == TY_BOOL)) {
                return sema_unsupported(s, e->loc, "'is' on unboxed values");
            }
            l = r;
            continue;
        }
        bool lo = type_is_checked_obj(l) || l->kind == TY_ITER, ro = type_is_checked_obj(r) || r->kind == TY_ITER;
        if ((op == CMPOP_EQ || op == CMPOP_NE) && (l->kind == TY_NONE || r->kind == TY_NONE)) {
            /* x == None: the generic comparison (x's __eq__ decides), as CPython does */
            AstExpr *le = i == 0 ? e->u.compare.left : e->u.compare.comparators.data[i - 1];
            if (!sema_value_ok(s, le, l) || !sema_value_ok(s, re, r)) {
                return &ty_object;
            }
            object_result = true;
            l = r;
            continue;
        }
        if (!lo) {
            check_operand(s, i == 0 ? e->u.compare.left : e->u.compare.comparators.data[i - 1], l,
                          ast_cmpop_token(op));
        }
        if (!ro) {
            check_operand(s, re, r, ast_cmpop_token(op));
        }
        if (l->kind == TY_OBJECT || r->kind == TY_OBJECT || lo || ro) {
            object_result = true;
        } else if ((l->kind == TY_I64 && r->kind == TY_I32) || (l->kind == TY_I32 && r->kind == TY_I64)) {
            sema_error(s, e->loc, "unsupported operand types for %s (\"%s\" and \"%s\")",
                       ast_cmpop_token(op), type_name(l), type_name(r));
        }
        l = r;
    }
    return object_result ? &ty_object : &ty_bool;
}

/* `x if x is not None else 0`: each arm is checked where the test says it runs. */
static const Type *infer_ifexp(Sema *s, AstExpr *e)
{
    infer_expr(s, e->u.ifexp.test);
    NarrowEnv then, els;
    sema_narrow_cond(s, e->u.ifexp.test, s->narrow, &then, &els);
    s->narrow = then;
    const Type *a = infer_expr(s, e->u.ifexp.body);
    then = s->narrow;
    s->narrow = els;
    const Type *b = infer_expr(s, e->u.ifexp.orelse);
    s->narrow = sema_narrow_meet(s, then, s->narrow);
    if (a != b && a->kind == b->kind && (a->kind == TY_LIST || a->kind == TY_SET || a->kind == TY_TUPLE)) {
        /* two lists (sets, tuples) of other shapes: whichever runs, an exact one */
        return a->kind == TY_LIST  ? type_list(s->sm->types, &ty_object)
               : a->kind == TY_SET ? type_set(s->sm->types, &ty_object)
                                   : type_tuple(s->sm->types, 1, (const Type *[]){&ty_object}, true);
    }
    return a == b ? a : sema_join_classes(a, b);
}

static const Type *infer_kind(Sema *s, AstExpr *e)
{
    switch (e->kind) {
    case EXPR_CONST: return sema_const_type(e);
    case EXPR_NAME: return infer_name(s, e);
    case EXPR_ATTRIBUTE: return infer_attribute(s, e);
    case EXPR_BINOP: return infer_binop(s, e);
    case EXPR_UNARYOP: return infer_unary(s, e);
    case EXPR_BOOLOP: return infer_boolop(s, e);
    case EXPR_COMPARE: return infer_compare(s, e);
    case EXPR_IFEXP: return infer_ifexp(s, e);
    case EXPR_CALL: return infer_call(s, e);
    case EXPR_SUBSCRIPT: return infer_subscript(s, e);
    case EXPR_LIST: case EXPR_TUPLE: case EXPR_SET: case EXPR_DICT: return sema_infer_display(s, e);
    case EXPR_FSTRING: return sema_infer_fstring(s, e);
    case EXPR_LAMBDA: return sema_infer_lambda(s, e);
    case EXPR_LISTCOMP: case EXPR_SETCOMP: case EXPR_DICTCOMP: case EXPR_GENEXP: return sema_infer_comp(s, e);
    case EXPR_NAMEDEXPR: return sema_infer_walrus(s, e);
    case EXPR_YIELD: case EXPR_YIELDFROM: return sema_infer_yield(s, e);
    default: return sema_unsupported(s, e->loc, ast_expr_name(e->kind));
    }
}

const Type *infer_expr(Sema *s, AstExpr *e)
{
    if (e->kind == EXPR_LISTCOMP || e->kind == EXPR_SETCOMP || e->kind == EXPR_DICTCOMP || e->kind == EXPR_GENEXP) {
        sema_narrow_kill_expr_stores(s, e);   /* its loop runs a := many times */
    }
    const Type *t = infer_kind(s, e);
    e->union_type = NULL;
    if (t->kind == TY_UNION) {
        e->union_type = t;
        t = &ty_object;   /* a call's Optional result ...: narrowed only once stored in a local */
    } else if (t->kind == TY_OBJECT && e->kind == EXPR_NAME && e->u.name.sym && e->u.name.sym->type &&
               e->u.name.sym->type->kind == TY_UNION) {
        e->union_type = e->u.name.sym->type;   /* a union variable where no member is known */
    }
    e->type = t;
    return t;
}
