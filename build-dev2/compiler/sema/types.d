build-dev2/compiler/sema/types.o: compiler/sema/types.c \
 compiler/sema/types.h compiler/sema/../base/base.h \
 compiler/sema/../prim/prim.h compiler/sema/../prim/../base/base.h \
 compiler/sema/../prim/rtypes.def compiler/sema/../prim/pyvals.def \
 compiler/sema/../prim/pyops.def compiler/sema/../prim/prims.def \
 compiler/sema/../../runtime/union_members.def
compiler/sema/types.h:
compiler/sema/../base/base.h:
compiler/sema/../prim/prim.h:
compiler/sema/../prim/../base/base.h:
compiler/sema/../prim/rtypes.def:
compiler/sema/../prim/pyvals.def:
compiler/sema/../prim/pyops.def:
compiler/sema/../prim/prims.def:
compiler/sema/../../runtime/union_members.def:
