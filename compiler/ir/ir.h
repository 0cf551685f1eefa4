/* ir.h - typed IR in basic blocks. Every value is a register with an explicit
 * native representation (RType). Box/unbox and conversions are explicit prims.
 * Error branches and reference counting are inserted by passes (compiler/pass/). */
#ifndef PYC2C_IR_H
#define PYC2C_IR_H

#include "../base/base.h"
#include "../prim/prim.h"
#include "ir_entry.h"

typedef enum IrOpKind {
#define OP(e, name, fail, term, dst, refs) IR_##e,
#include "ops.def"
#undef OP
    IR_COUNT
} IrOpKind;

/* The most elements a tuple return is split into (IrFunc.split). */
#define IR_MAX_SPLIT 4

typedef enum IrConstKind { IRC_INT, IRC_FLOAT, IRC_BOOL, IRC_NONE, IRC_STR, IRC_BYTES, IRC_ELLIPSIS, IRC_COMPLEX, IRC_TUPLE,
                           IRC_DC_FACTORY /* dataclasses' <factory> marker (runtime: borrowed, lives on) */ } IrConstKind;
typedef struct IrConst {
    IrConstKind kind;
    const char *text;        /* IRC_INT: decimal digits with optional '-'; IRC_FLOAT: C literal */
    double fval;             /* IRC_FLOAT; IRC_COMPLEX: the imaginary part */
    bool bval;
    const char *str;         /* IRC_STR: UTF-8 bytes; IRC_BYTES: the raw bytes */
    size_t len;
    int pool_index;          /* big ints and strings live in module statics; -1 otherwise */
    struct IrConst **items;  /* IRC_TUPLE: its items (short ints, floats, bools, None, tuples),
                              * pooled before it */
    int nitems;
    bool where;              /* IRC_INT: a traceback entry's line and range (ir_where_const) */
} IrConst;

typedef struct IrBlock IrBlock;
typedef struct IrFunc IrFunc;
typedef int IrReg;           /* index into IrFunc.regs; -1 = none */

/* from m import name as asname */
typedef struct IrImportName {
    const char *name, *asname;
} IrImportName;

/* Trailing keyword arguments of a call: their names, the last n of the op's args. */
typedef struct IrKw {
    const char **names;
    int n;
} IrKw;

/* What BUILD makes of its args (a dict: key, value pairs; JOINED: str.join of strs). */
typedef enum IrBuildKind { IRB_LIST, IRB_TUPLE, IRB_SET, IRB_DICT, IRB_JOINED } IrBuildKind;

/* How a native class field is stored: an object, or unboxed (float, bool, int). */
/* 'q' an i64, 'w' an i32: raw C integers in the layout */
typedef enum IrFieldKind { IRF_OBJ = 'o', IRF_FLOAT = 'f', IRF_BOOL = 'b', IRF_INT = 'i', IRF_I64 = 'q', IRF_I32 = 'w' } IrFieldKind;

/* A source range past a line (1-based bytes, end exclusive); col 0: unknown. */
typedef struct IrPos {
    int col, end_line, end_col;
} IrPos;

typedef struct IrOp {
    IrOpKind kind;
    int line;                /* source line, for tracebacks */
    IrPos pos;               /* the expression it evaluates, on line: 3.11+ traceback carets */
    IrReg dst;               /* -1 when the op has no result */
    IrReg *args;
    int nargs;
    union {
        IrConst *konst;                /* CONST */
        const Prim *prim;              /* PRIM */
        IrFunc *callee;                /* CALL, DEFINE_FUNC, MAKE_FUNC (args: [closure tuple]) */
        int global;                    /* LOAD_GLOBAL, STORE_GLOBAL: index in IrModule.globals */
        const char *attr;              /* SET_MODATTR: attribute name */
        struct {
            const char *module;        /* the dotted name after import/from ("" in `from . import x`) */
            int level;                 /* from-import: the number of leading dots */
            const char *asname;        /* import: the name bound */
            bool top;                  /* import a.b (no as): binds the top package a */
            const IrImportName *names; /* from-import: the names and what they are bound to */
            int nnames;                /* 0 for import */
        } import;                      /* IMPORT: one import statement (one name of `import a, b`) */
        struct { IrKw kw; } print;     /* PRINT */
        struct {
            IrKw kw;
            const char *fast;          /* a call of the name len, ...: a runtime fast path */
        } call_obj;                    /* CALL_OBJ */
        struct {
            IrKw kw;
            const char *name;          /* the method's name (append: a runtime fast path) */
        } call_method;                 /* CALL_METHOD */
        struct {
            IrKw kw;
            IrFunc *callee;            /* the module function whose name is looked up */
            bool memo;                 /* callee is memoized: its memo object is called */
        } call_global;                 /* CALL_GLOBAL */
        struct { const char *text; size_t len; int line; } kept;  /* EXEC_KEPT: source, padded to its line */
        int cls;                       /* NCLASS_CREATE, NCLASS_DECO, NEW_INST, LAYOUT_IS, CLASS_OF: the native
                                        * class (IrModule.classes) */
        struct {
            int cls;                   /* the class cast to */
            bool or_none;              /* Optional[C]: None passes too */
        } cast_inst;                   /* CAST_INST */
        struct {
            int cls;                   /* the class guarded */
            int owner, field;          /* the field: its class and index there */
            int offset, bitmap;
            unsigned bit;
            IrFieldKind kind;
        } field;                       /* FIELD_GET, FIELD_SET */
        struct {
            int cls;                   /* METHOD_DEF, INIT_INTACT: the receiver's class */
            int slot;                  /* METHOD_DEF, INIT_INTACT: the vtable slot */
            IrFunc *method;            /* METHOD_INTACT, INIT_INTACT: the method whose native
                                        * entry the call takes */
            int kind;                  /* METHOD_INTACT: 1 a staticmethod, 2 a classmethod, 0 neither */
        } method;                      /* METHOD_DEF, CLASS_DEF, SUPER_DEF, METHOD_INTACT, INIT_INTACT */
        struct {
            int cls;                   /* the receiver's class */
            int slot;                  /* the vtable slot */
            int key;                   /* the signature (IrModule.vkeys) */
            IrFunc *callee;            /* CALL_VTABLE: a method of that signature (its types) */
        } vtable;                      /* VTABLE_ENTRY, CALL_VTABLE */
        IrBuildKind build;             /* BUILD */
        struct { bool nonnull; } refcount;   /* INCREF, DECREF: the object is never NULL here */
        int resume;                    /* YIELD, YIELD_FROM: the index (from 1) of the point
                                        * the generator resumes at (IrFunc.yield_lines) */
    } u;
    IrBlock *target, *target2;         /* terminators */
    IrReg *outs;             /* CALL of a split function: the registers its elements 1.. go to */
    int nouts;
    IrFunc *inl;             /* pass/leafinline.c: copied from that function's body, inlined at
                              * a call on line inl_line; a failure adds inl's traceback entry
                              * (its own line) before the caller's (inl_line) */
    int inl_line;
    IrPos inl_pos;           /* the call's range on inl_line (leafinline.c) */
    int borrow1;             /* pass/borrow.c, CALL: 1 + the register told whether the result is a
                              * new reference (else borrowed); -1 on a FIELD_GET an accessor
                              * returns: borrowed when its caller passes pyc2c_owned; -2 on a
                              * FIELD_GET whose fast path was tested: the slot read borrowed.
                              * FIELD_FAST: 1 for a store's fast path, 0 a read's,
                              * 2 a read of a slot holding an exact list */
} IrOp;

struct IrBlock {
    int id;
    VEC(IrOp *) ops;         /* the last op is the terminator */
    bool is_error_handler;   /* created by pass_error_branches */
    bool strip_edge;         /* ends in the back-edge of a loop run in strips: the strip's
                              * refill checks interrupts, not this edge (pass/interrupts.c) */
    IrBlock *unwind;         /* where an error in this block goes: an except, finally or
                              * with handler; NULL: out of the function */
    bool loop_copy;          /* a block of a loop's copy (pass/wideacc.c): --report counts
                              * the sites of the original loop only */
    bool strip_head;         /* the head of a while loop run in strips (pass/whilestrip.c):
                              * --report says when it leaves them */
    bool writes_back;        /* an unwind block whose first op puts back state Python code
                              * must see (pass/floatrows.c): every error handler unwinding
                              * here runs a copy of it first, before its traceback entries
                              * (whose allocations may start a garbage collection) */
};

typedef struct IrRegInfo {
    RType rt;
    const char *name;        /* source variable name, or NULL for temporaries */
    bool frame_held;         /* a Python local whose object's death can be observed (a
                              * __del__, a weakref): held, as CPython's frame holds it,
                              * until rebound, deleted or the function exits */
} IrRegInfo;

typedef struct IrParam {
    const char *name;
    RType rt;
    const char *type_name;   /* annotation as written, for TypeError messages */
    int default_global;      /* index of the global holding the default, or -1 */
    const char *annotation;  /* its source text, or NULL: for __annotations__ */
    RType default_rt;        /* the default's own rtype where the global converted it (an
                              * int default of a float parameter), else RT_VOID */
    int cls1;                /* an instance of native class cls1 - 1 (IrModule.classes), or 0 */
    bool or_none;            /* cls1: None passes too (Optional[C]) */
    long long union_mask;    /* a union annotation: its member classes (runtime/union.c), or 0 */
} IrParam;

struct IrFunc {
    const char *name;        /* Python name */
    IrFunc *inl_caller;      /* a comprehension's frame (ir/build_comp.c) inside another:
                              * that one, whose entry follows on inl_call_line */
    int inl_call_line;
    IrPos inl_call_pos;      /* the consumer's call (or the comprehension) on inl_call_line */
    const char **free_names; /* a closure's cell names (co_freevars), NULL-terminated, or NULL */
    const char *qualname;    /* C.m for a method; NULL: the name */
    const char *qualname_pre312;   /* the qualname before 3.12 where it differs, or NULL */
    const char *c_name;      /* unique C identifier fragment */
    int index;               /* in IrModule.funcs */
    int line;                /* of the def */
    int code_line;           /* __code__.co_firstlineno: its first decorator's line, else 0 (the def's) */
    bool is_module_init;     /* the module body */
    RType ret;
    const char *ret_type_name;
    const char *ret_annotation; /* source text of the return annotation, or NULL */
    VEC(IrParam) params;     /* param i lives in register i; in CPython's co_varnames order */
    int npos, nposonly;      /* positional params (params[0..npos)), the positional-only among them */
    int nkwonly;             /* keyword-only params: params[npos..npos+nkwonly) */
    bool varargs, varkw;     /* *args (a tuple), then **kwargs (a dict): the last params */
    VEC(IrRegInfo) regs;
    VEC(IrBlock *) blocks;   /* blocks[0] is the entry */
    const char *doc;
    bool called_directly;    /* has FUNC_INTACT checks: the emitter gives it a Pyc2cIntact */
    bool memo_called;        /* has MEMO_INTACT checks and MEMO_CALLs: a Pyc2cIntact and
                              * the helper pyc2c_memocall_<c_name> (emit_memo.c) */
    int nfree;               /* a nested function's closure cells: its native entry takes
                              * the tuple of them as a first parameter */
    int class_cell1;         /* a method reading its class's __class__ cell from the class's
                              * record (class_cell1 - 1; sema_reads_class_cell), or 0: a call
                              * through its function object sets the record's cell */
    int nsplit;              /* a split return (build_split.c): a fixed tuple of unboxed values
                              * returned as split[0] plus one out-pointer per further element;
                              * ret is split[0]. 0: the function returns one value */
    RType split[IR_MAX_SPLIT];
    bool generator;          /* a generator function (build_gen.c): the native entry makes
                              * the generator; the blocks are its body, registers live in
                              * its frame, ret is what `return` gives StopIteration */
    VEC(int) yield_lines;    /* [k - 1]: the line of the YIELD / YIELD_FROM resuming at k */
    const bool *never_long;  /* per register, or NULL: an int register proven to hold only
                              * short ints (pass/ranges.c), which own no reference */
    int self_class1;         /* pass/classchecks.c: its native entry may take self's class
                              * check from the caller (class self_class1 - 1), or 0 */
    int self_k1;             /* the register (+ 1) that check lives in (CLASS_OF_SELF), or 0 */
    bool clean_body;         /* pass/classchecks.c: runs no Python code while that check is
                              * nonzero, so a direct caller's checks hold across the call */
    IrFunc *spec;            /* its copy typed for some untyped parameters, which its entry
                              * calls for arguments of those types (build_spec_entry.c) */
    const char *spec_kinds;  /* per positional parameter: 'i', 'f', 's' typed in the copy, '-' not */
    bool spec_copy;          /* such a copy: no name, no Python entry of its own; its
                              * errors add no traceback entry at the call (its own do) */
    bool borrow_entry;       /* pass/borrow.c: an accessor returning a field of self; the emitter
                              * gives it an entry returning that field borrowed */
    bool inline_body;        /* pass/inline.c: inlined into its direct callers by the C compiler */
    IrFunc *copy_of;         /* pass/selfcall.c: a copy of that function, called only right
                              * after a check that its name is intact, with every int
                              * parameter a short int; no function object of its own */
    bool i64_copy;           /* pass/i64copy.c: a chain_depth copy on int64 (its int parameters
                              * and result): PYC2C_I64_ERROR with no exception set says a step
                              * overflowed, and its caller recomputes the call exactly */
    IrFunc *bvec_of;         /* pass/boolvec.c: a copy of that function returning its bool vector
                              * itself (no list made), for direct callers that read the
                              * result only as a bool list; no function object of its own */
    bool chain_depth;        /* pass/chaindepth.c: such a copy running no Python code counts
                              * its frames in a register passed down its own recursion */
    int vkey1;               /* a method called through vtables: its signature (IrModule.vkeys)
                              * + 1; the emitter gives it a pyc2c_nativevt_<c> entry; else 0 */
};

/* A class with a C layout (sema/native_class.c): emitted as a Pyc2cClass. */
typedef struct IrField {
    const char *name;
    IrFieldKind kind;
    int offset, bitmap;
    unsigned bit;
    int cls;                 /* 'o' typed as a native class: its index (writes from Python
                              * are checked, so reads need no cast), else -1 */
    bool or_none;            /* cls: Optional[C] */
} IrField;

typedef struct IrClass {
    const char *name;
    int base;                /* index of the native base, or -1 */
    int base_size, slots_size, basicsize;
    bool source_slots;
    bool weakref;
    bool abc_root;           /* its base is abc.ABC: metaclass abc.ABCMeta */
    VEC(IrField) fields;
} IrClass;

typedef struct IrGlobal {
    const char *name;        /* Python name or a hidden name such as "f.default.1" */
    RType rt;
    bool is_attr;            /* also a module attribute */
    Loc bound_from;          /* a Final global: code written from here on runs after the module
                              * body's one unconditional binding of it (line 0: none) */
    bool checked;            /* some read tests that it was stored (pyc2c_global_set_N) */
} IrGlobal;

struct IrModule {
    const char *path;        /* source path, as shown in tracebacks */
    const char *doc;
    bool future_annotations; /* `from __future__ import annotations`: kept code compiles with it */
    VEC(IrFunc *) funcs;     /* the module body is one of them (is_module_init) */
    IrFunc *init;
    VEC(IrGlobal) globals;
    VEC(IrConst *) pool;     /* big int and str constants, created at module exec */
    VEC(IrClass *) classes;  /* native classes (their index is SemaClass.index) */
    VEC(const char *) method_slots;   /* names compiled code calls directly on instances
                                       * (METHOD_INTACT, INIT_INTACT): every class's vtable */
    VEC(const char *) vkeys; /* signatures of methods called through vtables (CALL_VTABLE):
                              * their parameter and result types after self */
};

/* ops.def's dst column: what an op's destination register is */
typedef enum IrDst { IR_DST_VALUE, IR_DST_ERROR, IR_DST_NONE, IR_DST_PRIM } IrDst;
/* ops.def's refs column */
typedef enum IrRefs { IR_REFS_NEW, IR_REFS_STEAL0, IR_REFS_BORROWED } IrRefs;

const char *ir_op_name(IrOpKind k);
IrDst ir_op_dst(IrOpKind k);
IrRefs ir_op_refs(IrOpKind k);
/* The keyword arguments of a PRINT, CALL_OBJ or CALL_METHOD. */
const IrKw *ir_op_kw(const IrOp *op);
bool ir_op_is_terminator(IrOpKind k);
bool ir_op_can_fail(const IrOp *op);

/* Construction (ir.c) */
IrModule *ir_module_new(Ctx *ctx, const char *path);
IrFunc *ir_func_new(Ctx *ctx, IrModule *m, const char *name, RType ret);
IrReg ir_new_reg(Ctx *ctx, IrFunc *f, RType rt, const char *name);
IrBlock *ir_new_block(Ctx *ctx, IrFunc *f);
IrOp *ir_new_op(Ctx *ctx, IrOpKind kind, int line, IrReg dst, int nargs);
IrOp *ir_copy_op(Ctx *ctx, const IrOp *op);   /* own copies of its args and outs */
void ir_append_arg(Ctx *ctx, IrOp *op, IrReg a);
/* Where an IR_TRACEBACK's entry points, as Pyc2c_AddTraceback reads it: the line in the
 * low 32 bits; above them, when its range is known and small enough, the end line's
 * distance (7 bits), the column and the end column (12 bits each, 1-based). */
long long ir_traceback_where(int line, IrPos pos);
/* "dst = where" (an I64 const) for a shared handler's line register (pass/errshare.c,
 * errchain.c); printed as the line and range. */
IrOp *ir_where_const(Ctx *ctx, int line, IrPos pos, IrReg dst);
void ir_append(Ctx *ctx, IrBlock *b, IrOp *op);
bool ir_block_terminated(const IrBlock *b);
int ir_func_ops(const IrFunc *f);   /* ops in all of f's blocks: its size */
int ir_add_global(Ctx *ctx, IrModule *m, const char *name, RType rt, bool is_attr);

/* Past this many computed values in one call, f-string or tuple assignment, they are
 * gathered as they are made (a list, a dict) instead of all being live until they are
 * used, where every op on the way that can fail would release all the earlier ones
 * (IR quadratic in the expression). A call is then made through the C API
 * (ir/build_unpack_call.c; reported by report_generic.c). */
#define MANY_VALUES 32
/* generic.c: ops that leave the native path (the generic object protocol), and guards
 * (FUNC_INTACT, LAYOUT_IS, ...) whose false branch leads to a slow path. */
bool ir_op_is_generic(const IrOp *op);
const char *ir_op_generic_why(const IrOp *op);
bool ir_op_is_guard(IrOpKind k);
/* The guard a block ends on (a guard op whose result its BRANCH tests), or NULL. */
const IrOp *ir_block_guard(const IrBlock *blk);
/* Per block of f: reached only through a guard's slow path. */
bool *ir_guard_slow_blocks(Arena *a, const IrFunc *f);

/* report_generic.c: `--report`'s generic ops and speculated loops of the functions
 * whose def lies in lines [first_line, last_line], grouped by what they do. */
typedef struct IrGenericReport IrGenericReport;
IrGenericReport *ir_generic_report(Arena *a, const IrModule *m, int first_line, int last_line);
bool ir_generic_report_empty(const IrGenericReport *r);
/* One line per group ("path:line:   generic: attribute .x read on an object x2 (lines 3, 4)"). */
void ir_generic_report_print(const IrGenericReport *r, const char *path, FILE *out);
/* [{"what": ..., "count": n, "lines": [...]}, ...] */
void ir_generic_report_json(const IrGenericReport *r, FILE *out);

/* verify.c: checks structural invariants; ICE on violation (debug aid). */
void ir_verify(const IrFunc *f);
void ir_print_func(const IrFunc *f, FILE *out);

#endif
