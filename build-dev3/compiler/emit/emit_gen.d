build-dev3/compiler/emit/emit_gen.o: compiler/emit/emit_gen.c \
 compiler/emit/emit_internal.h compiler/emit/emit.h \
 compiler/emit/../ir/ir.h compiler/emit/../ir/../base/base.h \
 compiler/emit/../ir/../prim/prim.h \
 compiler/emit/../ir/../prim/../base/base.h \
 compiler/emit/../ir/../prim/rtypes.def \
 compiler/emit/../ir/../prim/pyvals.def \
 compiler/emit/../ir/../prim/pyops.def \
 compiler/emit/../ir/../prim/prims.def compiler/emit/../ir/ir_entry.h \
 compiler/emit/../ir/ops.def
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
