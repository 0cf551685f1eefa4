build-dev3/compiler/ir/build_fstring.o: compiler/ir/build_fstring.c \
 compiler/ir/build.h compiler/ir/ir.h compiler/ir/../base/base.h \
 compiler/ir/../prim/prim.h compiler/ir/../prim/../base/base.h \
 compiler/ir/../prim/rtypes.def compiler/ir/../prim/pyvals.def \
 compiler/ir/../prim/pyops.def compiler/ir/../prim/prims.def \
 compiler/ir/ir_entry.h compiler/ir/ops.def compiler/ir/../sema/sema.h \
 compiler/ir/../sema/../front/ast.h \
 compiler/ir/../sema/../front/../base/base.h \
 compiler/ir/../sema/../front/../prim/prim.h \
 compiler/ir/../sema/../front/ast_kinds.def compiler/ir/../sema/types.h \
 compiler/ir/../sema/../base/base.h compiler/ir/../sema/../prim/prim.h \
 compiler/ir/../sema/scope.h compiler/ir/../../stdlib-shims/shims.h \
 compiler/ir/../../stdlib-shims/../compiler/prim/prim.h
compiler/ir/build.h:
compiler/ir/ir.h:
compiler/ir/../base/base.h:
compiler/ir/../prim/prim.h:
compiler/ir/../prim/../base/base.h:
compiler/ir/../prim/rtypes.def:
compiler/ir/../prim/pyvals.def:
compiler/ir/../prim/pyops.def:
compiler/ir/../prim/prims.def:
compiler/ir/ir_entry.h:
compiler/ir/ops.def:
compiler/ir/../sema/sema.h:
compiler/ir/../sema/../front/ast.h:
compiler/ir/../sema/../front/../base/base.h:
compiler/ir/../sema/../front/../prim/prim.h:
compiler/ir/../sema/../front/ast_kinds.def:
compiler/ir/../sema/types.h:
compiler/ir/../sema/../base/base.h:
compiler/ir/../sema/../prim/prim.h:
compiler/ir/../sema/scope.h:
compiler/ir/../../stdlib-shims/shims.h:
compiler/ir/../../stdlib-shims/../compiler/prim/prim.h:
