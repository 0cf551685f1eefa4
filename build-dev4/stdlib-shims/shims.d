build-dev4/stdlib-shims/shims.o: stdlib-shims/shims.c \
 stdlib-shims/shims.h stdlib-shims/../compiler/prim/prim.h \
 stdlib-shims/../compiler/prim/../base/base.h \
 stdlib-shims/../compiler/prim/rtypes.def \
 stdlib-shims/../compiler/prim/pyvals.def \
 stdlib-shims/../compiler/prim/pyops.def \
 stdlib-shims/../compiler/prim/prims.def stdlib-shims/shims.def \
 stdlib-shims/methods.def
stdlib-shims/shims.h:
stdlib-shims/../compiler/prim/prim.h:
stdlib-shims/../compiler/prim/../base/base.h:
stdlib-shims/../compiler/prim/rtypes.def:
stdlib-shims/../compiler/prim/pyvals.def:
stdlib-shims/../compiler/prim/pyops.def:
stdlib-shims/../compiler/prim/prims.def:
stdlib-shims/shims.def:
stdlib-shims/methods.def:
