/* types.c - the scalar types and mypy's assignability rules for them. */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include "types.h"

const Type ty_int = {.kind = TY_INT, .name = "int"};
const Type ty_float = {.kind = TY_FLOAT, .name = "float"};
const Type ty_bool = {.kind = TY_BOOL, .name = "bool"};
const Type ty_none = {.kind = TY_NONE, .name = "None"};
const Type ty_i64 = {.kind = TY_I64, .name = "i64"};
const Type ty_i32 = {.kind = TY_I32, .name = "i32"};
const Type ty_str = {.kind = TY_STR, .name = "str"};
const Type ty_object = {.kind = TY_OBJECT, .name = "object"};
const Type ty_func = {.kind = TY_FUNC, .name = "function"};
const Type ty_module = {.kind = TY_MODULE, .name = "module"};
const Type ty_shim = {.kind = TY_SHIM, .name = "builtin function"};
const Type ty_typeref = {.kind = TY_TYPEREF, .name = "type"};

const char *type_name(const Type *t)
{
    return t->name;
}

bool type_is_intlike(const Type *t)
{
    return t->kind == TY_INT || t->kind == TY_BOOL || t->kind == TY_I64 || t->kind == TY_I32;
}

bool type_is_numeric(const Type *t)
{
    return type_is_intlike(t) || t->kind == TY_FLOAT;
}

static bool container_assignable(const Type *dst, const Type *src);
static bool union_covers(const Type *dst, const Type *src);

bool type_assignable(const Type *dst, const Type *src)
{
    if (dst == src || dst->kind == TY_OBJECT || src->kind == TY_OBJECT) {
        return true;
    }
    if (src->kind == TY_UNION && dst->kind != TY_UNION) {
        /* a checked conversion, as from object: some member must fit */
        for (int i = 0; i < src->nargs; i++) {
            if (type_assignable(dst, src->args[i])) {
                return true;
            }
        }
        return false;
    }
    switch (dst->kind) {
    case TY_FLOAT: return type_is_intlike(src);
    case TY_INT: return src->kind == TY_BOOL || src->kind == TY_I64 || src->kind == TY_I32;
    case TY_I64: return src->kind == TY_BOOL || src->kind == TY_INT || src->kind == TY_I32;
    case TY_I32: return src->kind == TY_BOOL || src->kind == TY_INT;
    case TY_LIST: case TY_DICT: case TY_SET: case TY_TUPLE: case TY_ITER: return container_assignable(dst, src);
    case TY_UNION:
        return src->kind == TY_UNION ? union_covers(dst, src) : type_union_member_for(dst, src) != NULL;
    case TY_INSTANCE:   /* Optional[C] to C too: every use of an instance is guarded */
        return (src->kind == TY_INSTANCE && type_class_derives(src->cls, dst->cls)) ||
               (dst->nullable && src->kind == TY_NONE);
    default: return false;
    }
}

const Type *type_numeric_join(const Type *a, const Type *b)
{
    if (a->kind == TY_OBJECT || b->kind == TY_OBJECT) {
        return &ty_object;
    }
    if (a->kind == TY_FLOAT || b->kind == TY_FLOAT) {
        return &ty_float;
    }
    if (a->kind == TY_I64 || b->kind == TY_I64) {
        return &ty_i64;
    }
    if (a->kind == TY_I32 || b->kind == TY_I32) {
        return &ty_i32;
    }
    return &ty_int;
}

RType rtype_of(const Type *t)
{
    switch (t->kind) {
    case TY_INT: return RT_INT;
    case TY_FLOAT: return RT_FLOAT;
    case TY_BOOL: return RT_BOOL;
    case TY_NONE: return RT_NONE;
    case TY_I64: return RT_I64;
    case TY_I32: return RT_I32;
    default: return RT_OBJ;
    }
}

const Type *type_of_rtype(RType rt)
{
    switch (rt) {
    case RT_INT: return &ty_int;
    case RT_FLOAT: return &ty_float;
    case RT_BOOL: return &ty_bool;
    case RT_I64: return &ty_i64;
    case RT_I32: return &ty_i32;
    case RT_NONE: return &ty_none;
    default: return &ty_object;
    }
}

PyVal pyval_of(const Type *t)
{
    switch (t->kind) {
    case TY_STR: return PV_STR;
    case TY_LIST: return PV_LIST;
    case TY_DICT: return PV_DICT;
    case TY_SET: return PV_SET;
    case TY_TUPLE: return PV_TUPLE;
    case TY_INSTANCE: return PV_INSTANCE;
    case TY_ITER: return PV_ITER;
    case TY_UNION: return PV_UNION;
    case TY_FUNC: case TY_MODULE: case TY_SHIM: case TY_TYPEREF: return PV_VOID;
    default: return pyval_of_rtype(rtype_of(t));
    }
}

const Type *type_of_pyval(PyVal v)
{
    return v == PV_STR ? &ty_str : type_of_rtype(pyval_rtype(v));
}

/* ---- container types, interned in the compilation's table (its arena): equal
 * shapes are one Type, compared by pointer ---- */

struct TypeTable {
    Arena *arena;
    const Type **slots;      /* open addressing; NULL: empty */
    size_t cap, len;         /* cap: a power of two */
};

TypeTable *type_table_new(Arena *a)
{
    TypeTable *tt = arena_alloc(a, sizeof *tt);
    tt->arena = a;
    tt->cap = 64;
    tt->len = 0;
    tt->slots = arena_alloc(a, sizeof *tt->slots * tt->cap);
    memset(tt->slots, 0, sizeof *tt->slots * tt->cap);
    return tt;
}

static bool same_shape(const Type *t, TypeKind k, int n, const Type *const *a, bool varlen)
{
    if (t->kind != k || t->nargs != n || t->varlen != varlen) {
        return false;
    }
    for (int i = 0; i < n; i++) {
        if (t->args[i] != a[i]) {
            return false;
        }
    }
    return true;
}

static size_t shape_hash(TypeKind k, int n, const Type *const *a, bool varlen)
{
    size_t h = (size_t)k * 31u + (size_t)n * 7u + (size_t)varlen;
    for (int i = 0; i < n; i++) {
        h = (h ^ (size_t)(uintptr_t)a[i]) * 0x100000001b3u;
    }
    return h ^ (h >> 29);
}

static void table_grow(TypeTable *tt)
{
    const Type **old = tt->slots;
    size_t oldcap = tt->cap;
    tt->cap *= 2;
    tt->slots = arena_alloc(tt->arena, sizeof *tt->slots * tt->cap);
    memset(tt->slots, 0, sizeof *tt->slots * tt->cap);
    for (size_t i = 0; i < oldcap; i++) {
        if (old[i]) {
            const Type *t = old[i];
            size_t h = shape_hash(t->kind, t->nargs, t->args, t->varlen) & (tt->cap - 1);
            while (tt->slots[h]) {
                h = (h + 1) & (tt->cap - 1);
            }
            tt->slots[h] = t;
        }
    }
}

static const char *spell(Arena *ar, TypeKind k, int n, const Type *const *a, bool varlen)
{
    static const char *const base[] = {[TY_LIST] = "list", [TY_DICT] = "dict", [TY_SET] = "set",
                                       [TY_TUPLE] = "tuple", [TY_ITER] = "iterable"};
    size_t len = strlen(base[k]) + 16;
    for (int i = 0; i < n; i++) {
        len += strlen(a[i]->name) + 2;
    }
    char *s = arena_alloc(ar, len);
    strcpy(s, base[k]);
    strcat(s, "[");
    for (int i = 0; i < n; i++) {
        strcat(s, i ? ", " : "");
        strcat(s, a[i]->name);
    }
    strcat(s, varlen ? ", ...]" : n == 0 ? "()]" : "]");
    return s;
}

static const char *spell_union(Arena *ar, int n, const Type *const *a)
{
    size_t len = 1;
    for (int i = 0; i < n; i++) {
        len += strlen(a[i]->name) + 3;
    }
    char *s = arena_alloc(ar, len);
    s[0] = '\0';
    for (int i = 0; i < n; i++) {
        strcat(s, i ? " | " : "");
        strcat(s, a[i]->name);
    }
    return s;
}

static const Type *intern_type(TypeTable *tt, TypeKind k, int n, const Type *const *a, bool varlen)
{
    size_t h = shape_hash(k, n, a, varlen) & (tt->cap - 1);
    for (; tt->slots[h]; h = (h + 1) & (tt->cap - 1)) {
        if (same_shape(tt->slots[h], k, n, a, varlen)) {
            return tt->slots[h];
        }
    }
    Type *t = arena_alloc(tt->arena, sizeof *t);
    memset(t, 0, sizeof *t);
    const Type **args = arena_alloc(tt->arena, sizeof *args * ((size_t)n + 1));
    memcpy(args, a, sizeof *args * (size_t)n);
    args[n] = NULL;
    t->kind = k;
    t->nargs = n;
    t->varlen = varlen;
    t->args = args;
    t->name = k == TY_UNION ? spell_union(tt->arena, n, a) : spell(tt->arena, k, n, a, varlen);
    tt->slots[h] = t;
    if (++tt->len * 2 > tt->cap) {
        table_grow(tt);
    }
    return t;
}

const Type *type_list(TypeTable *tt, const Type *elt) { return intern_type(tt, TY_LIST, 1, &elt, false); }
const Type *type_set(TypeTable *tt, const Type *elt) { return intern_type(tt, TY_SET, 1, &elt, false); }
const Type *type_iter(TypeTable *tt, const Type *elt) { return intern_type(tt, TY_ITER, 1, &elt, false); }

const Type *type_dict(TypeTable *tt, const Type *key, const Type *val)
{
    const Type *a[2] = {key, val};
    return intern_type(tt, TY_DICT, 2, a, false);
}

const Type *type_tuple(TypeTable *tt, int n, const Type *const *elts, bool varlen)
{
    return intern_type(tt, TY_TUPLE, n, elts, varlen);
}

Type *type_named_tuple(Arena *a, const char *name, int n, const char *const *fields)
{
    Type *t = arena_alloc(a, sizeof *t);
    memset(t, 0, sizeof *t);
    const Type **args = arena_alloc(a, sizeof *args * ((size_t)n + 1));
    for (int i = 0; i <= n; i++) {
        args[i] = i < n ? &ty_object : NULL;
    }
    t->kind = TY_TUPLE;
    t->name = name;
    t->nargs = n;
    t->args = args;
    t->fields = fields;
    return t;
}

bool type_is_named_tuple(const Type *t)
{
    return t && t->kind == TY_TUPLE && t->fields;
}

int type_tuple_field(const Type *t, const char *name)
{
    for (int i = 0; type_is_named_tuple(t) && i < t->nargs; i++) {
        if (strcmp(t->fields[i], name) == 0) {
            return i;
        }
    }
    return -1;
}

bool type_is_checked_obj(const Type *t)
{
    return t->kind == TY_STR || t->kind == TY_LIST || t->kind == TY_DICT || t->kind == TY_SET ||
           t->kind == TY_TUPLE || t->kind == TY_INSTANCE;
}

const char *type_class_name(const Type *t)
{
    switch (t->kind) {
    case TY_LIST: return "list";
    case TY_DICT: return "dict";
    case TY_SET: return "set";
    case TY_TUPLE: return "tuple";
    default: return t->name;
    }
}

/* The one type all of a tuple's elements share, else object. */
static const Type *tuple_join(const Type *t)
{
    if (t->varlen) {
        return t->args[0];
    }
    const Type *j = t->nargs ? t->args[0] : &ty_object;
    for (int i = 1; i < t->nargs; i++) {
        if (t->args[i] != j) {
            return &ty_object;
        }
    }
    return j;
}

const Type *type_item(const Type *t)
{
    switch (t->kind) {
    case TY_LIST: case TY_SET: case TY_ITER: case TY_DICT: return t->args[0];
    case TY_TUPLE: return tuple_join(t);
    case TY_STR: return &ty_str;
    default: return NULL;
    }
}

bool type_iterable(const Type *t)
{
    return t->kind == TY_OBJECT || t->kind == TY_INSTANCE || t->kind == TY_UNION || type_item(t);
}

const Type *type_index_result(const Type *t, const long *k)
{
    switch (t->kind) {
    case TY_LIST: return t->args[0];
    case TY_STR: return &ty_str;
    case TY_TUPLE:
        if (k && !t->varlen && *k >= -t->nargs && *k < t->nargs) {
            return t->args[*k < 0 ? *k + t->nargs : *k];
        }
        return tuple_join(t);
    default: return NULL;
    }
}

/* Containers are invariant for mypy; elements are checked when read, so any element
 * type may flow to object and back. */
static bool arg_compatible(const Type *dst, const Type *src)
{
    return dst == src || dst->kind == TY_OBJECT || src->kind == TY_OBJECT ||
           (type_is_checked_obj(dst) && dst->kind == src->kind && type_assignable(dst, src));
}

static bool container_assignable(const Type *dst, const Type *src)
{
    if (dst->kind == TY_TUPLE && src->kind == TY_TUPLE) {
        if (dst->varlen) {
            for (int i = 0; i < src->nargs; i++) {
                if (!arg_compatible(dst->args[0], src->args[i]) && !type_assignable(dst->args[0], src->args[i])) {
                    return false;
                }
            }
            return true;
        }
        if (src->varlen || src->nargs != dst->nargs) {
            return false;
        }
        for (int i = 0; i < dst->nargs; i++) {
            if (!arg_compatible(dst->args[i], src->args[i]) && !type_assignable(dst->args[i], src->args[i])) {
                return false;
            }
        }
        return true;
    }
    if (dst->kind != src->kind || dst->nargs != src->nargs) {
        return false;
    }
    for (int i = 0; i < dst->nargs; i++) {
        if (!arg_compatible(dst->args[i], src->args[i])) {
            return false;
        }
    }
    return true;
}

/* ---- unions ---- */

/* The bit of each member class, in runtime/union_members.def's order (which is also
 * the order members are kept and spelled in). */
enum {
#define UNION_MEMBER(NAME, spelling, check) UBIT_##NAME,
#include "../../runtime/union_members.def"
#undef UNION_MEMBER
    UBIT_COUNT
};

static int union_bit(TypeKind k)
{
    switch (k) {
    case TY_INT: return UBIT_INT;
    case TY_FLOAT: return UBIT_FLOAT;
    case TY_BOOL: return UBIT_BOOL;
    case TY_STR: return UBIT_STR;
    case TY_LIST: return UBIT_LIST;
    case TY_DICT: return UBIT_DICT;
    case TY_SET: return UBIT_SET;
    case TY_TUPLE: return UBIT_TUPLE;
    case TY_NONE: return UBIT_NONE;
    default: return -1;
    }
}

const Type *type_union(TypeTable *tt, int n, const Type *const *members)
{
    const Type *by_bit[UBIT_COUNT] = {0};
    for (int i = 0; i < n; i++) {
        const Type *m = members[i];
        if (m->kind == TY_UNION) {
            for (int j = 0; j < m->nargs; j++) {
                by_bit[union_bit(m->args[j]->kind)] = m->args[j];
            }
            continue;
        }
        int bit = union_bit(m->kind);
        if (bit < 0 || (by_bit[bit] && by_bit[bit] != m)) {
            return NULL;
        }
        by_bit[bit] = m;
    }
    const Type *sorted[UBIT_COUNT];
    int len = 0;
    for (int bit = 0; bit < UBIT_COUNT; bit++) {
        if (by_bit[bit]) {
            sorted[len++] = by_bit[bit];
        }
    }
    return len == 0 ? NULL : len == 1 ? sorted[0] : intern_type(tt, TY_UNION, len, sorted, false);
}

const Type *type_union_member(const Type *u, TypeKind k)
{
    for (int i = 0; i < u->nargs; i++) {
        if (u->args[i]->kind == k) {
            return u->args[i];
        }
    }
    return NULL;
}

const Type *type_union_member_for(const Type *u, const Type *src)
{
    const Type *m = type_union_member(u, src->kind);
    if (m && (m == src || type_assignable(m, src))) {
        return m;
    }
    if (src->kind == TY_BOOL || src->kind == TY_I64 || src->kind == TY_I32) {
        m = type_union_member(u, TY_INT);
    }
    if (!m && type_is_intlike(src)) {
        m = type_union_member(u, TY_FLOAT);
    }
    return m;
}

const Type *type_union_without(TypeTable *tt, const Type *u, TypeKind k)
{
    const Type *rest[UBIT_COUNT];
    int n = 0;
    for (int i = 0; i < u->nargs; i++) {
        if (u->args[i]->kind != k) {
            rest[n++] = u->args[i];
        }
    }
    return type_union(tt, n, rest);
}

long long type_union_mask(const Type *u)
{
    long long mask = 0;
    for (int i = 0; i < u->nargs; i++) {
        mask |= 1LL << union_bit(u->args[i]->kind);
    }
    return mask;
}

/* Does every member of src fit a member of dst? */
static bool union_covers(const Type *dst, const Type *src)
{
    for (int i = 0; i < src->nargs; i++) {
        if (!type_union_member_for(dst, src->args[i])) {
            return false;
        }
    }
    return true;
}
