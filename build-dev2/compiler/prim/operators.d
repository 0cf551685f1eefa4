build-dev2/compiler/prim/operators.o: compiler/prim/operators.c \
 compiler/prim/prim.h compiler/prim/../base/base.h \
 compiler/prim/rtypes.def compiler/prim/pyvals.def \
 compiler/prim/pyops.def compiler/prim/prims.def \
 compiler/prim/operators.def
compiler/prim/prim.h:
compiler/prim/../base/base.h:
compiler/prim/rtypes.def:
compiler/prim/pyvals.def:
compiler/prim/pyops.def:
compiler/prim/prims.def:
compiler/prim/operators.def:
