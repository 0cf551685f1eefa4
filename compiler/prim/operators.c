/* operators.c - the operator table, built from operators.def, and its lookups. */
#include "prim.h"

enum { ROW_BINARY, ROW_UNARY, ROW_COMPARE };

typedef struct Row {
    int family;
    PrimOp op;
} Row;

static const Row rows[] = {
#define BINARY(o, rt, w, p, res) \
    {ROW_BINARY, {BINOP_##o, RT_##rt, RT_##rt, PRIM_WHEN_##w, PRIM_##p, RT_##res, NULL}},
#define NO_BINARY(o, rt, why) {ROW_BINARY, {BINOP_##o, RT_##rt, RT_##rt, 0, NO_PRIM, RT_VOID, why}},
#define UNARY(o, rt, p, res) {ROW_UNARY, {UNARY_##o, RT_##rt, RT_VOID, 0, PRIM_##p, RT_##res, NULL}},
#define NO_UNARY(o, rt, why) {ROW_UNARY, {UNARY_##o, RT_##rt, RT_VOID, 0, NO_PRIM, RT_VOID, why}},
#define COMPARE(o, l, r, p) {ROW_COMPARE, {CMPOP_##o, RT_##l, RT_##r, 0, PRIM_##p, RT_VOID, NULL}},
#include "operators.def"
#undef BINARY
#undef NO_BINARY
#undef UNARY
#undef NO_UNARY
#undef COMPARE
};

static const PrimOp *find(int family, int op, RType left, RType right, unsigned have)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const PrimOp *r = &rows[i].op;
        if (rows[i].family == family && r->op == op && r->left == left && r->right == right &&
            (r->when & ~have) == 0) {
            return r;
        }
    }
    return NULL;
}

const PrimOp *prim_binary(PyBinOp op, RType operands, unsigned have)
{
    return find(ROW_BINARY, op, operands, operands, have);
}

const PrimOp *prim_unary(PyUnaryOp op, RType operand)
{
    return find(ROW_UNARY, op, operand, RT_VOID, 0);
}

const PrimOp *prim_compare(PyCmpOp op, RType left, RType right)
{
    return find(ROW_COMPARE, op, left, right, 0);
}
