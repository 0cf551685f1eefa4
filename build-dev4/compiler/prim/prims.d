build-dev4/compiler/prim/prims.o: compiler/prim/prims.c \
 compiler/prim/prim.h compiler/prim/../base/base.h \
 compiler/prim/rtypes.def compiler/prim/pyvals.def \
 compiler/prim/pyops.def compiler/prim/prims.def
compiler/prim/prim.h:
compiler/prim/../base/base.h:
compiler/prim/rtypes.def:
compiler/prim/pyvals.def:
compiler/prim/pyops.def:
compiler/prim/prims.def:
