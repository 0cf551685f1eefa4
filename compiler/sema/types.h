/* types.h - static types of the native subset. Types are immutable values;
 * the scalar ones are shared constants. */
#ifndef PYC2C_TYPES_H
#define PYC2C_TYPES_H

#include "../base/base.h"
#include "../prim/prim.h"

typedef enum TypeKind {
    TY_INT,       /* Python int (arbitrary precision) */
    TY_FLOAT,
    TY_BOOL,
    TY_NONE,
    TY_I64,       /* mypy_extensions.i64 */
    TY_I32,
    TY_STR,       /* str: a PyObject * known to be a str */
    TY_LIST,      /* list[T]: args[0] */
    TY_DICT,      /* dict[K, V]: args[0], args[1] */
    TY_SET,       /* set[T] */
    TY_TUPLE,     /* tuple[A, B] (fixed) or tuple[T, ...] (varlen, args[0]) */
    TY_ITER,      /* what enumerate(), zip(), d.items() return: iterable of args[0] */
    TY_OBJECT,    /* Any / object / unannotated: generic PyObject * */
    TY_FUNC,      /* a function of this module */
    TY_MODULE,    /* an imported module such as math */
    TY_SHIM,      /* a builtin or stdlib function known to stdlib-shims */
    TY_TYPEREF,   /* a name that denotes a type (int, float, Final, i64) */
    TY_INSTANCE,  /* an instance of a native class of the module (cls) or of a subclass */
    TY_UNION,     /* Optional[T], Union[A, B], A | B: a PyObject * of one of args (None
                   * among them), at most one per class; narrowed to a member where known */
    TY_COUNT
} TypeKind;

typedef struct Type {
    TypeKind kind;
    const char *name;   /* for messages: "int", "float", "list[int]" ... */
    int nargs;          /* type arguments of a container type */
    bool varlen;        /* tuple[T, ...] */
    const struct Type *const *args;
    const struct SemaClass *cls;   /* TY_INSTANCE */
    bool nullable;      /* TY_INSTANCE: Optional[C], None too (every use is guarded anyway) */
    const char *const *fields;   /* TY_TUPLE of a typing.NamedTuple class (named_tuple.c):
                                  * its field names, nargs of them; the type is the class's
                                  * own (not interned with plain tuples of its shape) */
} Type;

extern const Type ty_int, ty_float, ty_bool, ty_none, ty_i64, ty_i32, ty_str, ty_object,
    ty_func, ty_module, ty_shim, ty_typeref;

const char *type_name(const Type *t);
/* Container types are interned: equal types are the same pointer. */
/* The compilation's table of container and union types (in its arena). */
typedef struct TypeTable TypeTable;
TypeTable *type_table_new(Arena *a);
const Type *type_list(TypeTable *tt, const Type *elt);
const Type *type_set(TypeTable *tt, const Type *elt);
const Type *type_iter(TypeTable *tt, const Type *elt);
const Type *type_dict(TypeTable *tt, const Type *key, const Type *val);
const Type *type_tuple(TypeTable *tt, int n, const Type *const *elts, bool varlen);
/* The union of members (int, float, bool, str, list, dict, set, tuple, None; nested
 * unions flattened), interned, spelled "int | None"; NULL when a member is none of
 * those, or two share a class (list[int] | list[str]): the caller uses object. A single
 * member is itself. */
const Type *type_union(TypeTable *tt, int n, const Type *const *members);
/* The member of union u a value of type src is stored as (int for bool when u has no
 * bool, float for int when u has float but no int), or NULL. */
const Type *type_union_member_for(const Type *u, const Type *src);
/* The member of kind k, or NULL. */
const Type *type_union_member(const Type *u, TypeKind k);
/* u without its members of kind k (a member, or NULL when nothing is left). */
const Type *type_union_without(TypeTable *tt, const Type *u, TypeKind k);
/* The classes u's values may have, as bits of runtime/union_members.def. */
long long type_union_mask(const Type *u);
/* The tuple type of NamedTuple class `name`: fields[i] typed args[i] (set by the caller
 * once every annotation is read; fields read as tuple items). */
Type *type_named_tuple(Arena *a, const char *name, int n, const char *const *fields);
/* Is t the type of a NamedTuple class's instances? */
bool type_is_named_tuple(const Type *t);
/* The index of field `name` of a NamedTuple type, or -1. */
int type_tuple_field(const Type *t, const char *name);
/* list/dict/set/tuple/str: an object whose exact Python type is known and checked */
bool type_is_checked_obj(const Type *t);
/* "list", "dict", "set", "tuple", "str": the name of the Python class checked */
const char *type_class_name(const Type *t);
/* Is sub the class base or one of its native subclasses? (sema/native_class.c) */
bool type_class_derives(const struct SemaClass *sub, const struct SemaClass *base);
/* What iterating a value of this type yields, or NULL when unknown (object). */
const Type *type_item(const Type *t);
/* Can a for loop or comprehension walk a t natively: a typed container (type_item), an
 * object, or an instance or union walked by the iterator protocol (items are objects)? */
bool type_iterable(const Type *t);
/* The element read by t[i] on list/tuple/str (i an int), or NULL. */
const Type *type_index_result(const Type *t, const long *const_index);
bool type_is_numeric(const Type *t);      /* int, float, bool, i64, i32 */
bool type_is_intlike(const Type *t);      /* int, bool, i64, i32 */
/* May a value of type src be stored where dst is declared (mypy's rules:
 * bool -> int -> float promotions, anything <-> object)? */
bool type_assignable(const Type *dst, const Type *src);
/* The type of `a op b` for numeric join (int+float -> float ...). */
const Type *type_numeric_join(const Type *a, const Type *b);
/* The one native representation of values of type t (DESIGN.md: one type, one rtype). */
RType rtype_of(const Type *t);
/* The type of an operator row's value: int, float, bool, i64, i32 or object. */
const Type *type_of_rtype(RType rt);
/* The kind operator and builtin rows name (prim/pyvals.def); a row's result kind as a
 * type (a class kind: the plain class, e.g. str). */
PyVal pyval_of(const Type *t);
const Type *type_of_pyval(PyVal v);

#endif
