/* operators.c - the operator table, built from operators.def, and its lookups. */
#include "prim.h"

static const RType pyval_rtypes[PV_COUNT] = {
#define PV(e, rt) RT_##rt,
#include "pyvals.def"
#undef PV
};

RType pyval_rtype(PyVal v)
{
    return pyval_rtypes[v];
}

PyVal pyval_of_rtype(RType rt)
{
    switch (rt) {
    case RT_INT: return PV_INT;
    case RT_FLOAT: return PV_FLOAT;
    case RT_BOOL: return PV_BOOL;
    case RT_NONE: return PV_NONE;
    case RT_I64: return PV_I64;
    case RT_I32: return PV_I32;
    case RT_VOID: return PV_VOID;
    default: return PV_OBJ;
    }
}

bool pyval_matches(PyVal row, PyVal v)
{
    switch (row) {
    case PV_ANY: return true;
    case PV_BOXED: return pyval_rtypes[v] == RT_OBJ && v != PV_UNION;
    case PV_NUM: return v == PV_FLOAT || pyval_matches(PV_INTLIKE, v);
    case PV_INTLIKE: return v == PV_INT || v == PV_BOOL || v == PV_I64 || v == PV_I32;
    default: return row == v;
    }
}

enum { ROW_BINARY, ROW_UNARY, ROW_COMPARE, ROW_CONTAINS };

typedef struct Row {
    int family;
    PrimOp op;
} Row;

static const Row rows[] = {
#define BINARY(o, pv, w, p, res) \
    {ROW_BINARY, {BINOP_##o, PV_##pv, PV_##pv, PRIM_WHEN_##w, PRIM_##p, PV_##res, PRIM_CONVERT, NULL}},
#define BINARY_ON(o, l, r, w, p, res, how) \
    {ROW_BINARY, {BINOP_##o, PV_##l, PV_##r, PRIM_WHEN_##w, PRIM_##p, PV_##res, PRIM_##how, NULL}},
#define NO_BINARY(o, pv, why) \
    {ROW_BINARY, {BINOP_##o, PV_##pv, PV_##pv, 0, NO_PRIM, PV_VOID, PRIM_CONVERT, why}},
#define UNARY(o, pv, p, res) \
    {ROW_UNARY, {UNARY_##o, PV_##pv, PV_VOID, 0, PRIM_##p, PV_##res, PRIM_CONVERT, NULL}},
#define NO_UNARY(o, pv, why) {ROW_UNARY, {UNARY_##o, PV_##pv, PV_VOID, 0, NO_PRIM, PV_VOID, PRIM_CONVERT, why}},
#define COMPARE(o, l, r, p) {ROW_COMPARE, {CMPOP_##o, PV_##l, PV_##r, 0, PRIM_##p, PV_VOID, PRIM_CONVERT, NULL}},
#define CONTAINS(item, cont, p) \
    {ROW_CONTAINS, {CMPOP_IN, PV_##item, PV_##cont, 0, PRIM_##p, PV_BOOL, PRIM_CONVERT, NULL}},
#include "operators.def"
#undef BINARY
#undef BINARY_ON
#undef NO_BINARY
#undef UNARY
#undef NO_UNARY
#undef COMPARE
#undef CONTAINS
};

static const PrimOp *find(int family, int op, PyVal left, PyVal right, unsigned have)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const PrimOp *r = &rows[i].op;
        if (rows[i].family == family && r->op == op && pyval_matches(r->left, left) &&
            (r->right == right || pyval_matches(r->right, right)) && (r->when & ~have) == 0) {
            return r;
        }
    }
    return NULL;
}

const PrimOp *prim_binary(PyBinOp op, PyVal left, PyVal right, unsigned have)
{
    return find(ROW_BINARY, op, left, right, have);
}

const PrimOp *prim_unary(PyUnaryOp op, PyVal operand)
{
    return find(ROW_UNARY, op, operand, PV_VOID, 0);
}

const PrimOp *prim_compare(PyCmpOp op, PyVal left, PyVal right)
{
    return find(ROW_COMPARE, op, left, right, 0);
}

const PrimOp *prim_contains(PyVal item, PyVal container)
{
    return find(ROW_CONTAINS, CMPOP_IN, item, container, 0);
}
