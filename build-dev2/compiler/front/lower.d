build-dev2/compiler/front/lower.o: compiler/front/lower.c \
 compiler/front/front.h compiler/front/ast.h \
 compiler/front/../base/base.h compiler/front/../prim/prim.h \
 compiler/front/../prim/../base/base.h compiler/front/../prim/rtypes.def \
 compiler/front/../prim/pyvals.def compiler/front/../prim/pyops.def \
 compiler/front/../prim/prims.def compiler/front/ast_kinds.def \
 compiler/front/lower.h \
 node_modules/tree-sitter/vendor/tree-sitter/lib/include/tree_sitter/api.h
compiler/front/front.h:
compiler/front/ast.h:
compiler/front/../base/base.h:
compiler/front/../prim/prim.h:
compiler/front/../prim/../base/base.h:
compiler/front/../prim/rtypes.def:
compiler/front/../prim/pyvals.def:
compiler/front/../prim/pyops.def:
compiler/front/../prim/prims.def:
compiler/front/ast_kinds.def:
compiler/front/lower.h:
node_modules/tree-sitter/vendor/tree-sitter/lib/include/tree_sitter/api.h:
