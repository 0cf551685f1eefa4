/* prim.h - the primitive layer: native representations (rtypes.def), primitives
 * (prims.def: C template, operand and result rtypes, error kind) and the operator
 * table (operators.def: which primitive `a op b` on given operand rtypes becomes and
 * the value it has). Sema reads a row for an expression's type, the IR builder the
 * same row for the primitive it emits. Knows Python's operators, nothing of the AST. */
#ifndef PYC2C_PRIM_H
#define PYC2C_PRIM_H

#include "../base/base.h"

typedef enum RType {
#define RT(e, c, err, occ, rc, zero) RT_##e,
#include "rtypes.def"
#undef RT
    RT_COUNT
} RType;

extern const char *const rtype_c_names[RT_COUNT];
extern const char *const rtype_error_values[RT_COUNT];
extern const char *const rtype_zero_values[RT_COUNT];
extern const bool rtype_error_needs_occurred[RT_COUNT];
extern const bool rtype_refcounted[RT_COUNT];
const char *rtype_name(RType rt);

/* Operand and result kinds of operator and builtin rows (pyvals.def) */
typedef enum PyVal {
#define PV(e, rt) PV_##e,
#include "pyvals.def"
#undef PV
    PV_COUNT
} PyVal;

/* The native representation of a kind (wildcards: VOID, BOXED: OBJ). */
RType pyval_rtype(PyVal v);
/* The kind of an unboxed rtype (OBJ: an object of any class). */
PyVal pyval_of_rtype(RType rt);
/* Does a row's kind (maybe a wildcard) match the operand's kind? */
bool pyval_matches(PyVal row, PyVal operand);

/* Python's operators (pyops.def) */
typedef enum PyBinOp {
#define BINOP(k, tok, dunder) BINOP_##k,
#include "pyops.def"
#undef BINOP
    BINOP_COUNT
} PyBinOp;

typedef enum PyCmpOp {
#define CMPOP(k, tok) CMPOP_##k,
#include "pyops.def"
#undef CMPOP
    CMPOP_COUNT
} PyCmpOp;

typedef enum PyUnaryOp { UNARY_NEG, UNARY_POS, UNARY_INVERT, UNARY_NOT } PyUnaryOp;

/* A primitive: a runtime call or inline C expression over unboxed operands.
 * Arguments are borrowed and a refcounted result is a new reference unless the row
 * says otherwise (PRIM_RC: steals, borrowed); the refcount pass reads those columns.
 * The table (prims.def) and stdlib-shims/ both produce these. */
typedef struct Prim {
    const char *name;        /* for IR dumps, e.g. "int_add" */
    RType result;
    int nargs;               /* 0..4 */
    RType args[4];
    const char *c_template;  /* "$0 + $1" or "Pyc2cInt_Add($0, $1)"; $r names the result */
    bool can_fail;           /* error kind: the result's error value (rtypes.def) */
    unsigned steals;         /* bit i: the C function takes over operand i's reference */
    bool borrowed;           /* the result is a borrowed reference (the pass increfs it) */
    RType out;               /* not VOID: the op's one out-register (outs[0], $o), written
                              * through a pointer; the result then only says failure */
} Prim;

typedef enum PrimId {
#define PRIM(id, name, res, n, a0, a1, a2, tmpl, fail) PRIM_##id,
#define PRIM4(id, name, res, a0, a1, a2, a3, tmpl, fail) PRIM_##id,
#define PRIM_RC(id, name, res, n, a0, a1, a2, tmpl, fail, steals, ref) PRIM_##id,
#include "prims.def"
#undef PRIM
#undef PRIM4
#undef PRIM_RC
    PRIM_COUNT
} PrimId;
#define NO_PRIM PRIM_COUNT

const Prim *prim(PrimId id);
/* find by name, e.g. "int_add" (tests) */
const Prim *prim_get(const char *name);
/* The form of p that releases the tagged-int operands in mask (bit i: operand i) on
 * its slow path (releasing.def), or NULL. */
const Prim *prim_releasing(const Prim *p, unsigned mask);

/* ---- the operator table (operators.def) ---- */
/* What a row needs besides its operator and operand kinds. */
enum {
    PRIM_WHEN_ANY = 0,
    PRIM_WHEN_INPLACE = 1,        /* x op= y */
    PRIM_WHEN_NONNEG_RIGHT = 2,   /* the right operand is a non-negative int literal */
};

/* How a row's value becomes the expression's: the prim's result converted to `result`
 * (numbers), or, when `result` is a class, the object taken as one (EXACT: the C
 * function makes only that class) or checked to be one (CHECK). */
typedef enum PrimResult { PRIM_CONVERT, PRIM_EXACT, PRIM_CHECK } PrimResult;

typedef struct PrimOp {
    int op;                  /* PyBinOp, PyUnaryOp or PyCmpOp (IN: `a in b`, NOTIN negates) */
    PyVal left, right;       /* operand kinds (unary: left only; in: item, container) */
    unsigned when;           /* PRIM_WHEN_* the row needs */
    PrimId prim;             /* NO_PRIM: not native, `unsupported` says why */
    PyVal result;            /* the expression's value: prim's result made into it */
    PrimResult how;
    const char *unsupported;
} PrimOp;

/* The first row for `a op b` on operand kinds left and right with the conditions
 * `have` (PRIM_WHEN_*); NULL when Python has no such operation. */
const PrimOp *prim_binary(PyBinOp op, PyVal left, PyVal right, unsigned have);
/* `op a` (NEG, INVERT, POS) on kind `operand`; NULL when there is none. */
const PrimOp *prim_unary(PyUnaryOp op, PyVal operand);
/* `a op b` for the six ordering comparisons on kinds left and right. */
const PrimOp *prim_compare(PyCmpOp op, PyVal left, PyVal right);
/* `item in container` (CONTAINS rows); NULL: `in` is not supported on the container. */
const PrimOp *prim_contains(PyVal item, PyVal container);

#endif
