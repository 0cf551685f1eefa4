build-dev2/compiler/main.o: compiler/main.c compiler/base/base.h \
 compiler/driver/driver.h compiler/driver/../base/base.h \
 compiler/emit/emit.h compiler/emit/../ir/ir.h \
 compiler/emit/../ir/../base/base.h compiler/emit/../ir/../prim/prim.h \
 compiler/emit/../ir/../prim/../base/base.h \
 compiler/emit/../ir/../prim/rtypes.def \
 compiler/emit/../ir/../prim/pyvals.def \
 compiler/emit/../ir/../prim/pyops.def \
 compiler/emit/../ir/../prim/prims.def compiler/emit/../ir/ir_entry.h \
 compiler/emit/../ir/ops.def compiler/front/front.h compiler/front/ast.h \
 compiler/front/../base/base.h compiler/front/../prim/prim.h \
 compiler/front/ast_kinds.def compiler/ir/ir_entry.h compiler/pass/pass.h \
 compiler/pass/../ir/ir.h compiler/sema/sema.h \
 compiler/sema/../front/ast.h compiler/sema/types.h \
 compiler/sema/../base/base.h compiler/sema/../prim/prim.h \
 compiler/sema/scope.h
compiler/base/base.h:
compiler/driver/driver.h:
compiler/driver/../base/base.h:
compiler/emit/emit.h:
compiler/emit/../ir/ir.h:
compiler/emit/../ir/../base/base.h:
compiler/emit/../ir/../prim/prim.h:
compiler/emit/../ir/../prim/../base/base.h:
compiler/emit/../ir/../prim/rtypes.def:
compiler/emit/../ir/../prim/pyvals.def:
compiler/emit/../ir/../prim/pyops.def:
compiler/emit/../ir/../prim/prims.def:
compiler/emit/../ir/ir_entry.h:
compiler/emit/../ir/ops.def:
compiler/front/front.h:
compiler/front/ast.h:
compiler/front/../base/base.h:
compiler/front/../prim/prim.h:
compiler/front/ast_kinds.def:
compiler/ir/ir_entry.h:
compiler/pass/pass.h:
compiler/pass/../ir/ir.h:
compiler/sema/sema.h:
compiler/sema/../front/ast.h:
compiler/sema/types.h:
compiler/sema/../base/base.h:
compiler/sema/../prim/prim.h:
compiler/sema/scope.h:
