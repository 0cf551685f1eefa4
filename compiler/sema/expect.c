/* expect.c - bidirectional typing: an expression whose target declares a type (an
 * annotated variable, parameter, return or field) takes that type when every part of it
 * fits, as mypy types `d: Dict[str, Optional[int]] = {'a': 1}` or `u: list[float] = [1] * n`.
 * Displays and comprehensions build boxed objects (ir/build_expr.c), so a display typed
 * by its target holds the same objects as one typed by its elements. */
#include "sema_internal.h"

static bool fits(const AstExpr *e, const Type *want);

/* Every element (already inferred) fits the element type. */
static bool elements_fit(const AstExprVec *elts, const Type *want)
{
    for (int i = 0; i < elts->len; i++) {
        if (!fits(elts->data[i], want)) {
            return false;
        }
    }
    return true;
}

static bool tuple_fits(const AstExpr *e, const Type *want)
{
    const AstExprVec *elts = &e->u.seq.elts;
    if (want->varlen) {
        return elements_fit(elts, want->args[0]);
    }
    if (elts->len != want->nargs) {
        return false;
    }
    for (int i = 0; i < elts->len; i++) {
        if (!fits(elts->data[i], want->args[i])) {
            return false;
        }
    }
    return true;
}

/* The display, comprehension or repetition e takes the container type want. */
static bool container_fits(const AstExpr *e, const Type *want)
{
    switch (e->kind) {
    case EXPR_LIST: return want->kind == TY_LIST && elements_fit(&e->u.seq.elts, want->args[0]);
    case EXPR_SET: return want->kind == TY_SET && elements_fit(&e->u.set.elts, want->args[0]);
    case EXPR_TUPLE: return want->kind == TY_TUPLE && tuple_fits(e, want);
    case EXPR_DICT:
        for (int i = 0; i < e->u.dict.keys.len; i++) {
            if (!e->u.dict.keys.data[i]) {
                return false;   /* {**d} */
            }
        }
        return want->kind == TY_DICT && elements_fit(&e->u.dict.keys, want->args[0]) &&
               elements_fit(&e->u.dict.values, want->args[1]);
    case EXPR_LISTCOMP:
        return want->kind == TY_LIST && e->type && e->type->kind == TY_LIST && fits(e->u.comp.elt, want->args[0]);
    case EXPR_BINOP: {   /* [0] * n, n * [0] */
        const AstExpr *l = e->u.binop.left, *r = e->u.binop.right;
        if (e->u.binop.op != BINOP_MUL || want->kind != TY_LIST || !l->type || !r->type) {
            return false;
        }
        return type_is_intlike(r->type) ? fits(l, want) : type_is_intlike(l->type) && fits(r, want);
    }
    default: return false;
    }
}

static bool fits(const AstExpr *e, const Type *want)
{
    if (!e->type || e->kind == EXPR_STARRED) {
        return false;
    }
    if (type_assignable(want, e->type)) {
        return true;
    }
    if (want->kind == TY_UNION) {
        for (int i = 0; i < want->nargs; i++) {
            if (fits(e, want->args[i])) {
                return true;
            }
        }
        return false;
    }
    return type_is_checked_obj(want) && container_fits(e, want);
}

/* Sets the expected type on e and the displays inside it that needed it. */
static void retype(AstExpr *e, const Type *want)
{
    if (type_assignable(want, e->type) || !type_is_checked_obj(want) || sema_display_unpacks(e)) {
        return;   /* a display with *x or **m holds objects: its elements are checked when read */
    }
    e->type = want;
    switch (e->kind) {
    case EXPR_LIST: case EXPR_SET: {
        const AstExprVec *elts = e->kind == EXPR_SET ? &e->u.set.elts : &e->u.seq.elts;
        for (int i = 0; i < elts->len; i++) {
            retype(elts->data[i], want->args[0]);
        }
        break;
    }
    case EXPR_TUPLE:
        for (int i = 0; i < e->u.seq.elts.len; i++) {
            retype(e->u.seq.elts.data[i], want->varlen ? want->args[0] : want->args[i]);
        }
        break;
    case EXPR_DICT:
        for (int i = 0; i < e->u.dict.keys.len; i++) {
            retype(e->u.dict.keys.data[i], want->args[0]);
            retype(e->u.dict.values.data[i], want->args[1]);
        }
        break;
    case EXPR_BINOP:
        retype(type_is_intlike(e->u.binop.right->type) ? e->u.binop.left : e->u.binop.right, want);
        break;
    default:
        break;
    }
}

/* A member of a union that e fits as a container, else want itself. */
static const Type *fitting_member(const AstExpr *e, const Type *want)
{
    if (want->kind != TY_UNION) {
        return want;
    }
    for (int i = 0; i < want->nargs; i++) {
        if (type_is_checked_obj(want->args[i]) && container_fits(e, want->args[i])) {
            return want->args[i];
        }
    }
    return want;
}

/* An element of a list, set or dict display whose own type contradicts the declared
 * element type (object elements are checked at run time): mypy's messages. */
static int report_elements(Sema *s, const AstExpr *e, const Type *want)
{
    bool dict = e->kind == EXPR_DICT;
    int bad = 0;
    if (!(e->kind == EXPR_LIST && want->kind == TY_LIST) && !(e->kind == EXPR_SET && want->kind == TY_SET) &&
        !(dict && want->kind == TY_DICT)) {
        return 0;
    }
    const AstExprVec *vals = dict ? &e->u.dict.values : e->kind == EXPR_SET ? &e->u.set.elts : &e->u.seq.elts;
    const Type *vw = want->args[dict ? 1 : 0];
    for (int i = 0; i < vals->len; i++) {
        const AstExpr *k = dict ? e->u.dict.keys.data[i] : NULL;
        if (dict && !k) {
            continue;   /* **m */
        }
        bool key_bad = k && k->type && k->type->kind != TY_OBJECT && !fits(k, want->args[0]);
        const AstExpr *v = vals->data[i];
        bool val_bad = v->type && v->type->kind != TY_OBJECT && v->kind != EXPR_STARRED && !fits(v, vw);
        bad += key_bad || val_bad;
        if (dict && (key_bad || val_bad)) {
            sema_error(s, (key_bad ? k : v)->loc, "Dict entry %d has incompatible type \"%s\": \"%s\"; expected \"%s\": \"%s\"",
                       i, type_name(k->type), type_name(v->type), type_name(want->args[0]), type_name(vw));
        } else if (val_bad) {
            sema_error(s, v->loc, "%s item %d has incompatible type \"%s\"; expected \"%s\"",
                       e->kind == EXPR_SET ? "Set" : "List", i, type_name(v->type), type_name(vw));
        }
    }
    return bad;
}

const Type *sema_infer_expect(Sema *s, AstExpr *e, const Type *want)
{
    const Type *t = infer_expr(s, e);
    /* {"a": 1, "b": "x"} is a dict[str, object]: assignable, yet an entry contradicts */
    const Type *member = want && type_is_checked_obj(t) ? fitting_member(e, want) : NULL;
    if (member && t != member && report_elements(s, e, member) > 0) {
        return want;   /* reported once, as mypy does */
    }
    if (!want || type_assignable(want, t) || !fits(e, want)) {
        return t;
    }
    const Type *as = fitting_member(e, want);
    retype(e, as);
    return e->type;
}
