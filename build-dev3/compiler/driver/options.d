build-dev3/compiler/driver/options.o: compiler/driver/options.c \
 compiler/driver/driver.h compiler/driver/../base/base.h \
 compiler/driver/../pass/pass.h compiler/driver/../pass/../ir/ir.h \
 compiler/driver/../pass/../ir/../base/base.h \
 compiler/driver/../pass/../ir/../prim/prim.h \
 compiler/driver/../pass/../ir/../prim/../base/base.h \
 compiler/driver/../pass/../ir/../prim/rtypes.def \
 compiler/driver/../pass/../ir/../prim/pyvals.def \
 compiler/driver/../pass/../ir/../prim/pyops.def \
 compiler/driver/../pass/../ir/../prim/prims.def \
 compiler/driver/../pass/../ir/ir_entry.h \
 compiler/driver/../pass/../ir/ops.def
compiler/driver/driver.h:
compiler/driver/../base/base.h:
compiler/driver/../pass/pass.h:
compiler/driver/../pass/../ir/ir.h:
compiler/driver/../pass/../ir/../base/base.h:
compiler/driver/../pass/../ir/../prim/prim.h:
compiler/driver/../pass/../ir/../prim/../base/base.h:
compiler/driver/../pass/../ir/../prim/rtypes.def:
compiler/driver/../pass/../ir/../prim/pyvals.def:
compiler/driver/../pass/../ir/../prim/pyops.def:
compiler/driver/../pass/../ir/../prim/prims.def:
compiler/driver/../pass/../ir/ir_entry.h:
compiler/driver/../pass/../ir/ops.def:
