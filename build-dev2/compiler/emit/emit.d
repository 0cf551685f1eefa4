build-dev2/compiler/emit/emit.o: compiler/emit/emit.c \
 compiler/emit/emit_internal.h compiler/emit/emit.h \
 compiler/emit/../ir/ir.h compiler/emit/../ir/../base/base.h \
 compiler/emit/../ir/../prim/prim.h \
 compiler/emit/../ir/../prim/../base/base.h \
 compiler/emit/../ir/../prim/rtypes.def \
 compiler/emit/../ir/../prim/pyvals.def \
 compiler/emit/../ir/../prim/pyops.def \
 compiler/emit/../ir/../prim/prims.def compiler/emit/../ir/ir_entry.h \
 compiler/emit/../ir/ops.def compiler/emit/../ir/prims.h
compiler/emit/emit_internal.h:
compiler/emit/emit.h:
compiler/emit/../ir/ir.h:
compiler/emit/../ir/../base/base.h:
compiler/emit/../ir/../prim/prim.h:
compiler/emit/../ir/../prim/../base/base.h:
compiler/emit/../ir/../prim/rtypes.def:
compiler/emit/../ir/../prim/pyvals.def:
compiler/emit/../ir/../prim/pyops.def:
compiler/emit/../ir/../prim/prims.def:
compiler/emit/../ir/ir_entry.h:
compiler/emit/../ir/ops.def:
compiler/emit/../ir/prims.h:
