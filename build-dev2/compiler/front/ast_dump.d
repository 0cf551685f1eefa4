build-dev2/compiler/front/ast_dump.o: compiler/front/ast_dump.c \
 compiler/front/ast.h compiler/front/../base/base.h \
 compiler/front/../prim/prim.h compiler/front/../prim/../base/base.h \
 compiler/front/../prim/rtypes.def compiler/front/../prim/pyvals.def \
 compiler/front/../prim/pyops.def compiler/front/../prim/prims.def \
 compiler/front/ast_kinds.def compiler/front/../prim/pyops.def
compiler/front/ast.h:
compiler/front/../base/base.h:
compiler/front/../prim/prim.h:
compiler/front/../prim/../base/base.h:
compiler/front/../prim/rtypes.def:
compiler/front/../prim/pyvals.def:
compiler/front/../prim/pyops.def:
compiler/front/../prim/prims.def:
compiler/front/ast_kinds.def:
compiler/front/../prim/pyops.def:
