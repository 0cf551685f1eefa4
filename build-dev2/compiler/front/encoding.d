build-dev2/compiler/front/encoding.o: compiler/front/encoding.c \
 compiler/front/lower.h compiler/front/ast.h \
 compiler/front/../base/base.h compiler/front/../prim/prim.h \
 compiler/front/../prim/../base/base.h compiler/front/../prim/rtypes.def \
 compiler/front/../prim/pyvals.def compiler/front/../prim/pyops.def \
 compiler/front/../prim/prims.def compiler/front/ast_kinds.def \
 node_modules/tree-sitter/vendor/tree-sitter/lib/include/tree_sitter/api.h
compiler/front/lower.h:
compiler/front/ast.h:
compiler/front/../base/base.h:
compiler/front/../prim/prim.h:
compiler/front/../prim/../base/base.h:
compiler/front/../prim/rtypes.def:
compiler/front/../prim/pyvals.def:
compiler/front/../prim/pyops.def:
compiler/front/../prim/prims.def:
compiler/front/ast_kinds.def:
node_modules/tree-sitter/vendor/tree-sitter/lib/include/tree_sitter/api.h:
