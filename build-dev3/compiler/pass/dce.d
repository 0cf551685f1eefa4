build-dev3/compiler/pass/dce.o: compiler/pass/dce.c compiler/pass/pass.h \
 compiler/pass/../ir/ir.h compiler/pass/../ir/../base/base.h \
 compiler/pass/../ir/../prim/prim.h \
 compiler/pass/../ir/../prim/../base/base.h \
 compiler/pass/../ir/../prim/rtypes.def \
 compiler/pass/../ir/../prim/pyvals.def \
 compiler/pass/../ir/../prim/pyops.def \
 compiler/pass/../ir/../prim/prims.def compiler/pass/../ir/ir_entry.h \
 compiler/pass/../ir/ops.def
compiler/pass/pass.h:
compiler/pass/../ir/ir.h:
compiler/pass/../ir/../base/base.h:
compiler/pass/../ir/../prim/prim.h:
compiler/pass/../ir/../prim/../base/base.h:
compiler/pass/../ir/../prim/rtypes.def:
compiler/pass/../ir/../prim/pyvals.def:
compiler/pass/../ir/../prim/pyops.def:
compiler/pass/../ir/../prim/prims.def:
compiler/pass/../ir/ir_entry.h:
compiler/pass/../ir/ops.def:
