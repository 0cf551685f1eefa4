build-dev2/compiler/ir/report_generic.o: compiler/ir/report_generic.c \
 compiler/ir/ir.h compiler/ir/../base/base.h compiler/ir/../prim/prim.h \
 compiler/ir/../prim/../base/base.h compiler/ir/../prim/rtypes.def \
 compiler/ir/../prim/pyvals.def compiler/ir/../prim/pyops.def \
 compiler/ir/../prim/prims.def compiler/ir/ir_entry.h compiler/ir/ops.def
compiler/ir/ir.h:
compiler/ir/../base/base.h:
compiler/ir/../prim/prim.h:
compiler/ir/../prim/../base/base.h:
compiler/ir/../prim/rtypes.def:
compiler/ir/../prim/pyvals.def:
compiler/ir/../prim/pyops.def:
compiler/ir/../prim/prims.def:
compiler/ir/ir_entry.h:
compiler/ir/ops.def:
