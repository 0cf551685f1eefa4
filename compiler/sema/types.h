/* types.h - static types of the native subset. Types are immutable values;
 * the scalar ones are shared constants. */
#ifndef PYC2C_TYPES_H
#define PYC2C_TYPES_H

#include "../base/base.h"

typedef enum TypeKind {
    TY_INT,       /* Python int (arbitrary precision) */
    TY_FLOAT,
    TY_BOOL,
    TY_NONE,
    TY_I64,       /* mypy_extensions.i64 */
    TY_I32,
    TY_STR,       /* str (only literals, for print, in this milestone) */
    TY_OBJECT,    /* Any / object / unannotated: generic PyObject * */
    TY_FUNC,      /* a function of this module */
    TY_MODULE,    /* an imported module such as math */
    TY_SHIM,      /* a builtin or stdlib function known to stdlib-shims */
    TY_TYPEREF,   /* a name that denotes a type (int, float, Final, i64) */
    TY_COUNT
} TypeKind;

typedef struct Type {
    TypeKind kind;
    const char *name;   /* for messages: "int", "float", ... */
} Type;

extern const Type ty_int, ty_float, ty_bool, ty_none, ty_i64, ty_i32, ty_str, ty_object,
    ty_func, ty_module, ty_shim, ty_typeref;

const char *type_name(const Type *t);
bool type_is_numeric(const Type *t);      /* int, float, bool, i64, i32 */
bool type_is_intlike(const Type *t);      /* int, bool, i64, i32 */
/* May a value of type src be stored where dst is declared (mypy's rules:
 * bool -> int -> float promotions, anything <-> object)? */
bool type_assignable(const Type *dst, const Type *src);
/* The type of `a op b` for numeric join (int+float -> float ...). */
const Type *type_numeric_join(const Type *a, const Type *b);

#endif
