/* types.c - the scalar types and mypy's assignability rules for them. */
#include "types.h"

const Type ty_int = {TY_INT, "int"};
const Type ty_float = {TY_FLOAT, "float"};
const Type ty_bool = {TY_BOOL, "bool"};
const Type ty_none = {TY_NONE, "None"};
const Type ty_i64 = {TY_I64, "i64"};
const Type ty_i32 = {TY_I32, "i32"};
const Type ty_str = {TY_STR, "str"};
const Type ty_object = {TY_OBJECT, "object"};
const Type ty_func = {TY_FUNC, "function"};
const Type ty_module = {TY_MODULE, "module"};
const Type ty_shim = {TY_SHIM, "builtin function"};
const Type ty_typeref = {TY_TYPEREF, "type"};

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

bool type_assignable(const Type *dst, const Type *src)
{
    if (dst == src || dst->kind == TY_OBJECT || src->kind == TY_OBJECT) {
        return true;
    }
    switch (dst->kind) {
    case TY_FLOAT: return type_is_intlike(src);
    case TY_INT: return src->kind == TY_BOOL || src->kind == TY_I64 || src->kind == TY_I32;
    case TY_I64: return src->kind == TY_BOOL || src->kind == TY_INT || src->kind == TY_I32;
    case TY_I32: return src->kind == TY_BOOL || src->kind == TY_INT;
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
