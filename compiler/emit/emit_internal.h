/* emit_internal.h - shared state and helpers of the C emitter.
 *
 * Names in the generated C (all greppable):
 *   pyc2c_native_<c_name>    native entry of a function (unboxed in, unboxed out)
 *   pyc2c_pyentry_<c_name>   its Python entry: the vectorcall of its function object
 *   pyc2c_entry_<r>_<params> in a module in parts, the entry shared by the functions of
 *                            one signature shape, with each one's pyc2c_spec_<c_name>
 *   pyc2c_funcdef_<c_name>   what that object (runtime/function.h) knows of it, with
 *                            pyc2c_sig_, pyc2c_params_, pyc2c_annotations_<c_name>
 *   pyc2c_module_body        the module body (0 on success, 2 on error)
 *   pyc2c_global_<i>         IrModule.globals[i], in its native representation
 *   pyc2c_pool_int_<i>, pyc2c_pool_str_<i>   IrModule.pool[i], created at module exec
 *   pyc2c_intact_<c_name>    the rebinding check's cache of a directly called function
 *   pyc2c_memocall_<c_name>  a compiled call through a memoized function's cache
 *   pyc2c_profiled_<c_name>  --profile builds: the body the native entry wraps, with
 *   pyc2c_prof_<c_name>      its Pyc2cProfileSite (runtime/profile.h)
 *   pyc2c_kwnames_<i>        the kwnames tuple of the i-th print() call with keywords
 *   r<n>                     register n of the function being emitted */
#ifndef PYC2C_EMIT_INTERNAL_H
#define PYC2C_EMIT_INTERNAL_H

#include "emit.h"

enum { EMIT_LEAF_NONE, EMIT_LEAF_BODY, EMIT_LEAF_COUNTED };

/* A function's fast clone (emit_fast.c): the blocks it runs and where it hands over. */
#define EMIT_FAST_MAX_ARGS 6   /* of the full body: in registers, so that a handover is a jump */
typedef struct EmitFast {
    bool *in;          /* per block: run by the clone from its first op, its frame uncounted */
    bool *in_c;        /* per block: run from its first op by the counted continuation (LC<id>) */
    int *stop_c;       /* per block in in_c: the op it hands over at, or ops.len */
    bool *entry;       /* per point: a counted call, where the clone hands over to _c */
    int *entry_stop;   /* per such point: where _c's run of its block ends */
    int *stop;         /* per block in the clone: the op it hands over at, or ops.len */
    int n;             /* handover points; point k (1-based) is op at_op[k-1] of block at_block[k-1] */
    int *at_block, *at_op;
    bool *flow;        /* per point: the clone's control flow leaves there (not a failed check) */
    int *nslot_regs;   /* per point: the registers handed over there, in slots 1.. */
    IrReg (*slot_reg)[EMIT_FAST_MAX_ARGS];   /* per point: the register in each slot */
    int nslots;        /* slots of the full body's signature */
    bool *used;        /* per register: named by the clone */
    bool *h_used, *hc_used;   /* per point: handed over at uncounted (H<k>), counted (HC<k>) */
} EmitFast;

typedef struct Emitter {
    Ctx *ctx;
    const IrModule *m;
    const char *modname;
    StrBuf *out;
    const IrFunc *f;                /* the function being emitted */
    VEC(const IrOp *) kwprints;     /* PRINT and CALL_OBJ ops with keywords; index = pyc2c_kwnames_<i> */
    EmitLineMap *lines;             /* --report=json: the C of each source line, or NULL */
    bool profiled_body;             /* the signature being emitted is pyc2c_profiled_<c_name> */
    int *chunk_of;                  /* a split module body (emit_chunks.c): each block's chunk */
    int chunk;                      /* the chunk being emitted */
    bool cold_block;                /* the block being emitted is on an error path */
    bool *slow_entry;               /* per block of the function being emitted: entered from
                                     * the fast path by a failed guard (Pyc2c_SlowPath) */
    bool *counted;                  /* per function (IrModule.funcs): counts its frame in the
                                   * recursion depth (the stack_check prim, runtime/depth.h) */
    bool counts_frame;              /* f does (pyc2c_ts): each return leaves the frame */
    bool has_ts;                    /* pyc2c_ts is in scope: direct calls pass it (counted
                                     * frames; a generator's step, the module body and its
                                     * chunks fetch it once when they make such calls) */
    bool ts_body;                   /* the signature being emitted is pyc2c_nativets_<c_name> */
    bool selfk_body;                /* ... is pyc2c_nativetsk_<c_name>: it takes self's class
                                     * check (pass/classchecks.c) after the thread state */
    bool selfk_in_body;             /* the body being emitted has pyc2c_selfk */
    int leaf_sig;                   /* EMIT_LEAF_BODY: the signature being emitted is
                                     * pyc2c_nativetskf_<c_name> (emit_leaf.c), which takes
                                     * pyc2c_counted; EMIT_LEAF_COUNTED: pyc2c_nativetskc_ */
    bool leaf_body;                 /* the body being emitted counts its frame only while
                                     * pyc2c_counted (emit_leaf.c) */
    bool borrow_body;               /* ... and takes pyc2c_owned: its returned field reads
                                     * are borrowed when it is not NULL (pass/borrow.c) */
    int nparts;                     /* translation units (emit_parts.c); 1: one */
    bool *light;                    /* per function (IrModule.funcs): compiled at -O1 (emit_light.c) */
    int *part_of;                   /* per function (IrModule.funcs): its part */
    long *part_load;                /* per part: the weight placed so far */
    VEC(const char *) shapes;       /* shape entries declared (emit_shape_entry.c), interned */
    VEC(const IrFunc *) shape_funcs;/* a function of each */
    EmitFast *fast;                 /* the function being emitted has a fast clone, or NULL */
    bool fast_clone;                /* ... and the clone is being emitted */
    bool fast_counting;             /* ... its counted continuation (_c): the frame counted */
    const IrBlock **fast_order;     /* ... the blocks' layout order */
    int fast_sig;                   /* the signature being emitted is its full body's (1: _r) or
                                     * its counted continuation's (2: _c, emit_fast.c) */
    bool fast_quick;                /* ... a leaf's quick form is being emitted (emit_quick.c) */
    char *quick;                    /* per function: 2 has a quick form, 1 not, 0 not known yet */
    const IrFunc *consts_of;        /* the function consts describes, or NULL */
    const IrConst **consts;         /* per register of consts_of: the str or int constant every
                                     * write of it writes, else NULL (emit_op.c const_of) */
} Emitter;

/* ---- emit.c: text helpers and function bodies ---- */
/* One line of generated code: indent levels of 4 spaces, the text, a newline. */
void emit_line(Emitter *E, int indent, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* s made safe inside a C comment: no comment end, no trigraph. */
const char *emit_comment_text(Emitter *E, const char *s);
/* "C type name" with the space placed as a human would write it. */
void emit_decl(StrBuf *sb, RType rt, const char *name);
/* A C string literal holding exactly bytes s[0..len), '?' and non-ASCII escaped. */
void emit_c_string(StrBuf *sb, const char *s, size_t len);
/* A C expression making a new reference that boxes val (of rtype rt). */
void emit_box_expr(StrBuf *sb, RType rt, const char *val);
/* A C condition true when val (of rtype rt) holds its error value. */
void emit_error_test(StrBuf *sb, RType rt, const char *val);
void emit_error_test_ts(StrBuf *sb, RType rt, const char *val, const char *ts);
/* The native entry's signature, without ';' or body. */
void emit_native_signature(Emitter *E, const IrFunc *f);
/* f->c_name as a C identifier fragment: bytes other than [A-Za-z0-9_] become _xHH.
 * Stays unique because c_name ends in the function's unique "_<index>". */
const char *emit_c_name(Emitter *E, const IrFunc *f);
/* The function name shown in tracebacks. */
const char *emit_traceback_name(const IrFunc *f);
/* The incref / decref call for a refcounted rtype, NULL for others. */
const char *emit_incref_fn(RType rt);
const char *emit_decref_fn(RType rt);
void emit_func_body(Emitter *E, const IrFunc *f);
/* Register r of the function being emitted: rN, or F->rN in a generator's frame. */
const char *emit_reg(Emitter *E, IrReg r);
/* The rtype of register r of the function being emitted. */
static inline RType emit_reg_rt(const Emitter *E, IrReg r)
{
    return E->f->regs.data[r].rt;
}
/* The blocks of f in emission order (hot paths first, error paths last). */
/* Does f check for signals and thread switches at loop back-edges (declare pyc2c_tick)? */
bool emit_has_interrupt_checks(const IrFunc *f);
void emit_light_plan(Emitter *E);
bool emit_is_light(const Emitter *E, const IrFunc *f);
/* Does f call a native entry that takes the thread state (so one fetch serves all)? */
bool emit_calls_ts_entries(const Emitter *E, const IrFunc *f);
/* Declares pyc2c_ts (fetched once) when f is not counted but makes such calls. */
void emit_fetch_ts(Emitter *E, const IrFunc *f);
/* Per function: does it count its frame in the recursion depth (the stack_check prim)? */
bool *emit_counted_frames(Emitter *E);
/* Has f a body taking the thread state, pyc2c_nativets_<c_name>, that direct calls from
 * counted frames use (no profile: there direct calls go through the profiled entry)? */
bool emit_passes_ts(const Emitter *E, const IrFunc *f);
/* Has f the entry pyc2c_nativetsk_<c> taking self's class check from direct callers? */
bool emit_takes_selfk(const Emitter *E, const IrFunc *f);
/* f's parameters as its native entry received them: "pyc2c_closure, r0, ...". */
void emit_forward_args(Emitter *E, const IrFunc *f);
/* emit_vtable.c: methods called through vtables */
void emit_vtable_fn_type(Emitter *E, const IrFunc *f, StrBuf *sb);
void emit_vtable_decls(Emitter *E);
const char *emit_vcall_ref(Emitter *E, const IrFunc *f);
void emit_vtable_entry_of(Emitter *E, const IrFunc *f);
/* ---- emit_fast.c: a lean clone of a function's first steps ---- */
enum { FAST_NO, FAST_PURE, FAST_GUARD, FAST_RETURN, FAST_COUNT };
int emit_fast_op_class(const Emitter *E, const IrFunc *f, const IrOp *op);
const IrOp *emit_fast_tested_op(const IrBlock *b, int i);   /* what an error branch tests */
void emit_fast_op(Emitter *E, const IrBlock *b, int i, const IrBlock *next);   /* one op, clone form */
bool emit_fast_wanted(const Emitter *E, const IrFunc *f);
EmitFast *emit_fast_plan(Emitter *E, const IrFunc *f);   /* NULL: no clone */
int emit_fast_point(const EmitFast *p, int b, int i);    /* the handover at op i of block b, or 0 */
void emit_fast_params(Emitter *E, const IrFunc *f);       /* the full body's further parameters */
void emit_fast_dispatch(Emitter *E, const IrFunc *f);     /* its jump to the op resumed at */
const char *emit_fast_jump(Emitter *E, const IrBlock *target);   /* in the clone: a handover */
void emit_fast_clone(Emitter *E, const IrFunc *f, const IrBlock **order);

/* ---- emit_quick.c: leaves as fast clones call them, handing back instead of calling ---- */
bool emit_quick_leaf(const Emitter *E, const IrFunc *f);
void emit_quick_signature(Emitter *E, const IrFunc *f);
void emit_quick_body(Emitter *E, const IrFunc *f, const IrBlock **order);
void emit_quick_call(Emitter *E, const IrOp *op, const char *not_done);

/* ---- emit_leaf.c: leaf methods counting no frame on their fast path ---- */
/* Is f emitted as a frameless leaf (a pyc2c_nativetskf_ body and its two entries)? */
bool emit_frameless_leaf(const Emitter *E, const IrFunc *f);
/* f has pyc2c_nativetskb_<c>, returning a field of self borrowed (pass/borrow.c). */
bool emit_borrow_entry(const Emitter *E, const IrFunc *f);
/* "PYC2C_FN <ret> pyc2c_nativetskb_<c>(ts, selfk, params, char *pyc2c_owned)" */
void emit_borrow_signature(Emitter *E, const IrFunc *f);
/* Its counted copy and pyc2c_nativetsk_<c_name>, after the body. */
void emit_leaf_entries(Emitter *E, const IrFunc *f);
const IrBlock **emit_layout_blocks(Emitter *E, const IrFunc *f);
/* A block's label and ops; next: the block emitted after it. */
void emit_block(Emitter *E, const IrBlock *b, const IrBlock *next);

/* ---- emit_chunks.c: a long module body as chunk functions of bounded size ---- */
enum { EMIT_CHUNK_DONE = -1, EMIT_CHUNK_ERROR = -2 };   /* what a chunk returns at the body's end */
bool emit_chunks_wanted(const IrFunc *f);
void emit_chunked_body(Emitter *E, const IrFunc *f);

/* ---- emit_parts.c: the C as several translation units compiled in parallel ---- */
/* Decides E->nparts and the part of every function but a chunked module body. */
void emit_parts_plan(Emitter *E);
/* The lightest part, charged with weight (a module body's chunk). */
int emit_part_take(Emitter *E, long weight);
/* "#if PYC2C_IN_PART(part)" / "#endif" around what only that part compiles. */
void emit_part_begin(Emitter *E, int part);
void emit_part_end(Emitter *E);

/* ---- emit_gen.c: generator functions (frame struct, body, native entry) ---- */
void emit_gen_func(Emitter *E, const IrFunc *f);
void emit_gen_suspend(Emitter *E, const IrOp *op);

/* ---- emit_op.c: one function per op kind ---- */
/* next: the block emitted right after the op's block (NULL at the end). */
void emit_op(Emitter *E, const IrOp *op, const IrBlock *next);
/* op, then br when it is the error test of op's value that ends the block, emitted as one
 * (a field read's test on its slow side only); false: nothing emitted. */
bool emit_field_get_tested(Emitter *E, const IrOp *op, const IrOp *br, const IrBlock *next);
/* An f-string's join (IRB_JOINED): emit_format.c. */
void emit_format(Emitter *E, const IrOp *op);
/* A C double literal that round-trips v exactly. */
void emit_double(StrBuf *sb, double v);

/* ---- emit_class.c: native classes' tables and ops ---- */
void emit_class_tables(Emitter *E);
void emit_class_op(Emitter *E, const IrOp *op);
bool emit_field_get_parts(Emitter *E, const IrOp *op, const char **test, const char **fast, const char **slow);
bool emit_leaf_class(const IrModule *m, int c);   /* no class of the module derives from c */

/* ---- emit_memo.c: pyc2c_memocall_<c_name>, the helper of MEMO_CALL ---- */
void emit_memo_helpers(Emitter *E);

/* ---- linemap.c ---- */
/* Before f's blocks: finds the slow paths of its guards; before each block: notes it. */
void emit_linemap_begin_func(Emitter *E, const IrFunc *f);
void emit_linemap_block(Emitter *E, const IrBlock *b);
/* Attributes the C emitted since start (op's text) to op's source line. */
void emit_linemap_add(Emitter *E, const IrOp *op, size_t start);

/* ---- emit_profile.c: --profile builds ---- */
/* pyc2c_native_<c_name> as a wrapper of the body (pyc2c_profiled_<c_name>) that reports
 * call and return to profilers (runtime/profile.h). */
void emit_profile_entry(Emitter *E, const IrFunc *f);
/* The funcdef's last member: &pyc2c_prof_<c_name> in --profile builds, else NULL. */
const char *emit_profile_site_ref(Emitter *E, const IrFunc *f);

/* ---- emit_shape_entry.c: Python entries from tables, one per signature shape ---- */
/* Can f's Python entry be its shape's (a table entry)? */
bool emit_table_entry_fits(const IrFunc *f);
/* Does f's Python entry go through its shape's entry (a module in parts)? */
bool emit_has_shape_entry(const Emitter *E, const IrFunc *f);
/* Declares f's parameter table (and its shape's entry, once); the funcdef's entry, spec
 * and native fields for f. */
void emit_shape_funcdef_fields(Emitter *E, const IrFunc *f, const char **entry, const char **spec,
                               const char **native);
/* The shape entries declared so far, defined. */
void emit_shape_entries(Emitter *E);

/* ---- emit_module.c: statics, Python entries, module init ---- */
void emit_module_prologue(Emitter *E);
void emit_pyentries(Emitter *E);
void emit_module_epilogue(Emitter *E);

#endif
