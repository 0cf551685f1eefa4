/* build.h - state of the AST -> IR lowering, shared by build*.c and coerce.c. */
#ifndef PYC2C_BUILD_H
#define PYC2C_BUILD_H

#include "ir.h"
#include "prims.h"
#include "../sema/sema.h"
#include "../../stdlib-shims/shims.h"

typedef struct LoopTargets {
    IrBlock *break_to, *continue_to;
} LoopTargets;

typedef struct Builder {
    Ctx *ctx;
    IrModule *m;
    SemaModule *sm;
    IrFunc *f;
    const Type *ret_type;   /* declared return type of f */
    IrBlock *cur;
    VEC(LoopTargets) loops;
} Builder;

RType rtype_of(const Type *t);

/* Emission helpers (build.c) */
IrOp *emit_op(Builder *b, IrOpKind kind, int line, IrReg dst, int nargs);
IrReg emit_prim(Builder *b, PrimId id, int line, IrReg a0, IrReg a1);
IrReg emit_prim_p(Builder *b, const Prim *p, int line, const IrReg *args);
void emit_move(Builder *b, IrReg dst, IrReg src, int line);
void emit_goto(Builder *b, IrBlock *to, int line);
void emit_branch(Builder *b, IrReg cond, IrBlock *then, IrBlock *els, int line);
IrReg new_temp(Builder *b, RType rt);
IrBlock *new_block(Builder *b);
void switch_to(Builder *b, IrBlock *blk);

/* coerce.c: the one place that converts between representations */
IrReg coerce(Builder *b, IrReg r, const Type *from, const Type *to, int line);

/* build_expr.c */
IrReg lower_expr(Builder *b, AstExpr *e);
IrReg lower_expr_as(Builder *b, AstExpr *e, const Type *want);
void lower_branch(Builder *b, AstExpr *e, IrBlock *then, IrBlock *els);
IrReg lower_truth(Builder *b, IrReg r, const Type *t, int line);
IrReg lower_const(Builder *b, AstExpr *e, const Type *want);
IrReg lower_compare_pair(Builder *b, AstCmpOp op, IrReg l, const Type *lt, IrReg r, const Type *rt, int line);

/* build_call.c */
IrReg lower_call(Builder *b, AstExpr *e);

/* build_stmt.c */
void lower_body(Builder *b, AstStmtVec *body);
void lower_store(Builder *b, AstExpr *target, IrReg value, int line);

#endif
