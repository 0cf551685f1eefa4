build-dev4/compiler/sema/classes.o: compiler/sema/classes.c \
 compiler/sema/sema_internal.h compiler/sema/sema.h \
 compiler/sema/../front/ast.h compiler/sema/../front/../base/base.h \
 compiler/sema/../front/../prim/prim.h \
 compiler/sema/../front/../prim/../base/base.h \
 compiler/sema/../front/../prim/rtypes.def \
 compiler/sema/../front/../prim/pyvals.def \
 compiler/sema/../front/../prim/pyops.def \
 compiler/sema/../front/../prim/prims.def \
 compiler/sema/../front/ast_kinds.def compiler/sema/types.h \
 compiler/sema/../base/base.h compiler/sema/../prim/prim.h \
 compiler/sema/scope.h compiler/sema/../../stdlib-shims/shims.h \
 compiler/sema/../../stdlib-shims/../compiler/prim/prim.h
compiler/sema/sema_internal.h:
compiler/sema/sema.h:
compiler/sema/../front/ast.h:
compiler/sema/../front/../base/base.h:
compiler/sema/../front/../prim/prim.h:
compiler/sema/../front/../prim/../base/base.h:
compiler/sema/../front/../prim/rtypes.def:
compiler/sema/../front/../prim/pyvals.def:
compiler/sema/../front/../prim/pyops.def:
compiler/sema/../front/../prim/prims.def:
compiler/sema/../front/ast_kinds.def:
compiler/sema/types.h:
compiler/sema/../base/base.h:
compiler/sema/../prim/prim.h:
compiler/sema/scope.h:
compiler/sema/../../stdlib-shims/shims.h:
compiler/sema/../../stdlib-shims/../compiler/prim/prim.h:
