/* gen.c - the generator object of compiled generator functions (gen.h): the iterator
 * protocol, send/throw/close, `yield from` delegation and the gi_* attributes, with
 * CPython's rules and messages (Objects/genobject.c describes the behaviour matched). */
#include <stddef.h>
#include <string.h>
#include "pyc2c.h"

static PyTypeObject gen_type;

PyTypeObject *Pyc2cGen_Type(void)
{
    if (!(gen_type.tp_flags & Py_TPFLAGS_READY) && PyType_Ready(&gen_type) < 0) {
        return NULL;
    }
    return &gen_type;
}

PyObject *Pyc2cGen_New(const Pyc2cGenDef *def, PyObject *globals, PyObject *closure)
{
    if (!(gen_type.tp_flags & Py_TPFLAGS_READY) && PyType_Ready(&gen_type) < 0) {
        return NULL;
    }
    Pyc2cGen *g = PyObject_GC_NewVar(Pyc2cGen, &gen_type, def->frame_size);
    if (g == NULL) {
        return NULL;
    }
    g->def = def;
    Py_INCREF(globals);
    g->globals = globals;
    Py_XINCREF(closure);
    g->closure = closure;
    g->yieldfrom = g->name = g->qualname = g->code = g->weakreflist = g->exc = NULL;
    g->resume = 0;
    g->running = 0;
    g->profiled = def->profile != NULL;
    memset(g->frame, 0, (size_t)def->frame_size);
    PyObject_GC_Track(g);
    return (PyObject *)g;
}

static int is_gen(PyObject *o)
{
    return Py_TYPE(o) == &gen_type;
}

/* The generator is done: its frame holds nothing any more (released slots or zeros). */
static void finish(Pyc2cGen *g, int release)
{
    if (release) {
        g->def->clear(Pyc2cGen_FRAME(g));
    } else {
        memset(g->frame, 0, (size_t)g->def->frame_size);
    }
    g->resume = -1;
    Py_CLEAR(g->closure);
    Py_CLEAR(g->exc);
}

/* raise StopIteration(value), value kept whole (a tuple or an exception stays one value). */
static void set_stop_iteration(PyObject *value)
{
    if (value == Py_None) {
        PyErr_SetNone(PyExc_StopIteration);
        return;
    }
    PyObject *e = PyObject_CallOneArg(PyExc_StopIteration, value);
    if (e != NULL) {
        PyErr_SetObject(PyExc_StopIteration, e);
        Py_DECREF(e);
    }
}

/* The value of the StopIteration being raised (cleared), a new reference. */
static PyObject *take_stop_value(void)
{
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *value = v != NULL ? PyObject_GetAttrString(v, "value") : NULL;
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    if (value == NULL) {
        PyErr_Clear();
        Py_INCREF(Py_None);
        value = Py_None;
    }
    return value;
}

/* PEP 479: a StopIteration leaving a generator's body becomes a RuntimeError (also a
 * genexp's run as a loop: compiler/ir/build_comp.c). */
void Pyc2cGen_StopToRuntimeError(void)
{
    if (!PyErr_ExceptionMatches(PyExc_StopIteration)) {
        return;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    if (tb != NULL) {
        PyException_SetTraceback(v, tb);
    }
    PyErr_SetString(PyExc_RuntimeError, "generator raised StopIteration");
    PyObject *t2, *v2, *tb2;
    PyErr_Fetch(&t2, &v2, &tb2);
    PyErr_NormalizeException(&t2, &v2, &tb2);
    Py_INCREF(v);
    PyException_SetCause(v2, v);
    PyException_SetContext(v2, v);
    PyErr_Restore(t2, v2, tb2);
    Py_XDECREF(t);
    Py_XDECREF(tb);
}

/* The generator's own handled-exception slot, pushed on the thread's stack while its
 * body runs, as CPython's gi_exc_state: an except block in the body saves and restores
 * this slot, so one it leaves after its caller's handler ended shows the caller's state
 * of now in sys.exc_info(), not that of when it was entered; one it is in while
 * suspended (g->exc) is not seen by its caller. */
/* An exception thrown in (throw(), close()) gets the generator's handled one as its
 * context, as CPython chains it when the generator's slot is pushed. */
static void chain_thrown(PyObject *handled)
{
    if (handled == NULL || handled == Py_None) {
        return;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    if (v != NULL && v != handled) {
        Py_INCREF(handled);
        PyException_SetContext(v, handled);
    }
    PyErr_Restore(t, v, tb);
}

/* One resume of the body, counted as a frame in the recursion depth (depth.h) as
 * CPython counts a generator's frame while it runs: past the limit the body does not
 * start and the generator ends with the RecursionError. */
PYC2C_INLINE PyObject *call_body(PyThreadState *ts, Pyc2cGen *g, PyObject *sent)
{
    if (Pyc2c_FrameEnter(ts)) {
        Pyc2c_FrameLeave(ts);
        g->def->clear(Pyc2cGen_FRAME(g));   /* the slots a suspended body holds */
        g->resume = -1;
        return NULL;
    }
    PyObject *r = g->def->body(g, sent);
    Pyc2c_FrameLeave(ts);
    return r;
}

PYC2C_INLINE PyObject *run_own_slot(Pyc2cGen *g, PyObject *sent)
{
    PyThreadState *ts = PYC2C_TSTATE();   /* the running thread's: a resume holds the GIL */
    _PyErr_StackItem item = {0};
    item.exc_value = g->exc;   /* the reference moves to the slot */
#if PY_VERSION_HEX < 0x030B0000
    if (g->exc != NULL) {
        item.exc_type = (PyObject *)Py_TYPE(g->exc);
        Py_INCREF(item.exc_type);
        item.exc_traceback = PyException_GetTraceback(g->exc);
    }
#endif
    g->exc = NULL;
    item.previous_item = ts->exc_info;
    ts->exc_info = &item;
    if (sent == NULL) {
        chain_thrown(item.exc_value);
    }
    g->running = 1;
    PyObject *r = call_body(ts, g, sent);
    g->running = 0;
    ts->exc_info = item.previous_item;
#if PY_VERSION_HEX < 0x030B0000
    Py_CLEAR(item.exc_type);
    Py_CLEAR(item.exc_traceback);
#endif
    if (g->resume > 0 && item.exc_value != NULL && item.exc_value != Py_None) {
        g->exc = item.exc_value;
    } else {
        Py_XDECREF(item.exc_value);
    }
    return r;
}

PYC2C_INLINE PyObject *run_body(Pyc2cGen *g, PyObject *sent, PyObject **ret)
{
    PyObject *r = run_own_slot(g, sent);
    if (g->resume > 0) {
        return r;
    }
    finish(g, 0);
    if (r == NULL) {
        Pyc2cGen_StopToRuntimeError();
    }
    *ret = r;
    return NULL;
}

static PyObject *gen_step_plain(Pyc2cGen *g, PyObject *sent, PyObject **ret);
static PyObject *gen_step_profiled(Pyc2cGen *g, PyObject *sent, PyObject **ret);
static PyObject *gen_close_impl(Pyc2cGen *g);

/* Resumes g with sent (NULL: the exception set is thrown in). Returns the next value, or
 * NULL: finished (*ret: the return value, None once exhausted) or an error (*ret NULL).
 * A --profile build's generator reports the resume to profilers. */
PYC2C_INLINE PyObject *gen_step(Pyc2cGen *g, PyObject *sent, PyObject **ret)
{
    return g->profiled ? gen_step_profiled(g, sent, ret) : gen_step_plain(g, sent, ret);
}

/* Closes an iterator a yield from delegates to: 0, or -1 with an exception set. */
static int close_iter(PyObject *sub)
{
    if (is_gen(sub)) {
        PyObject *r = gen_close_impl((Pyc2cGen *)sub);
        Py_XDECREF(r);
        return r != NULL ? 0 : -1;
    }
    PyObject *meth = PyObject_GetAttrString(sub, "close");
    if (meth == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError)) {
            PyErr_WriteUnraisable(sub);
        }
        PyErr_Clear();
        return 0;
    }
    PyObject *r = PyObject_CallNoArgs(meth);
    Py_DECREF(meth);
    Py_XDECREF(r);
    return r != NULL ? 0 : -1;
}

/* Raises the fetched exception again when keep, else lets it go (a newer error stands). */
static void restore_or_drop(int keep, PyObject *t, PyObject *v, PyObject *tb)
{
    if (keep) {
        PyErr_Restore(t, v, tb);
        return;
    }
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
}

/* The exception being raised, thrown into sub by its throw(): its next value, or NULL
 * with an exception set (its own, or the one thrown when sub has no throw()). */
static PyObject *throw_into_sub(PyObject *sub)
{
    PyObject *t, *v, *tb;
    if (PyErr_ExceptionMatches(PyExc_GeneratorExit)) {
        PyErr_Fetch(&t, &v, &tb);
        restore_or_drop(close_iter(sub) == 0, t, v, tb);
        return NULL;
    }
    if (is_gen(sub)) {
        PyObject *ret, *r = gen_step((Pyc2cGen *)sub, NULL, &ret);
        if (r == NULL && ret != NULL) {
            set_stop_iteration(ret);
            Py_DECREF(ret);
        }
        return r;
    }
    PyErr_Fetch(&t, &v, &tb);
    PyObject *meth = PyObject_GetAttrString(sub, "throw");
    if (meth == NULL) {
        int no_throw = PyErr_ExceptionMatches(PyExc_AttributeError);
        if (no_throw) {
            PyErr_Clear();
        }
        restore_or_drop(no_throw, t, v, tb);
        return NULL;
    }
    PyErr_NormalizeException(&t, &v, &tb);
    if (tb != NULL) {
        PyException_SetTraceback(v, tb);
    }
    PyObject *r = PyObject_CallOneArg(meth, v);
    Py_DECREF(meth);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    return r;
}

/* One step of the iterator g's yield from delegates to: its value, or NULL when it is
 * done (*value: its return value) or raised (*value NULL, the exception set). */
static PyObject *delegate(Pyc2cGen *g, PyObject *sent, PyObject **value)
{
    PyObject *sub = g->yieldfrom, *r;
    *value = NULL;
    g->running = 1;
    /* g's frame runs while it delegates, as in CPython: a chain of yield froms is that
     * deep, and a RecursionError there is thrown in at g's yield from */
    PyThreadState *ts = PYC2C_TSTATE();
    if (Pyc2c_FrameEnter(ts)) {
        r = NULL;
    } else if (sent != NULL && is_gen(sub)) {
        /* a compiled generator is stepped directly: its return value comes back
         * without a StopIteration made and caught */
        PyObject *subret;
        r = gen_step((Pyc2cGen *)sub, sent, &subret);
        if (r == NULL && subret != NULL) {
            Pyc2c_FrameLeave(ts);
            g->running = 0;
            Py_CLEAR(g->yieldfrom);
            *value = subret;
            return NULL;
        }
    } else if (sent == NULL) {
        r = throw_into_sub(sub);
    } else if (sent == Py_None && PyIter_Check(sub)) {
        r = Py_TYPE(sub)->tp_iternext(sub);
    } else {
        r = Pyc2c_CallNamed1(sub, "send", sent);
    }
    Pyc2c_FrameLeave(ts);
    g->running = 0;
    if (r != NULL) {
        return r;
    }
    Py_CLEAR(g->yieldfrom);
    if (!PyErr_Occurred()) {
        Py_INCREF(Py_None);
        *value = Py_None;
    } else if (PyErr_ExceptionMatches(PyExc_StopIteration)) {
        *value = take_stop_value();
    }
    return NULL;
}

/* g's body, resumed with sent, and the yield froms it begins (sent: owned, if owned).
 * Inline in gen_step_plain, each resume's path; out of line (gen_loop_out) elsewhere. */
PYC2C_INLINE PyObject *gen_loop(Pyc2cGen *g, PyObject *sent, PyObject *owned, PyObject **ret)
{
    for (;;) {
        if (g->yieldfrom != NULL) {
            PyObject *r = delegate(g, sent, &owned);
            if (r != NULL) {
                return r;
            }
            sent = owned;
        }
        PyObject *r = run_body(g, sent, ret);
        Py_CLEAR(owned);
        if (r != NULL || g->yieldfrom == NULL) {
            return r;
        }
        sent = Py_None;   /* a yield from began: its first step */
    }
}

static __attribute__((noinline)) PyObject *gen_loop_out(Pyc2cGen *g, PyObject *sent, PyObject *owned,
                                                       PyObject **ret)
{
    return gen_loop(g, sent, owned, ret);
}

/* g's sub-generator stopped: subret its return value (a reference that moves here), or
 * NULL with its exception set; g resumes at its yield from as delegate()'s caller would. */
static PyObject *resume_after_sub(Pyc2cGen *g, PyObject *subret, PyObject **ret)
{
    Py_CLEAR(g->yieldfrom);
    if (subret == NULL && !PyErr_Occurred()) {
        Py_INCREF(Py_None);
        subret = Py_None;
    } else if (subret == NULL && PyErr_ExceptionMatches(PyExc_StopIteration)) {
        subret = take_stop_value();
    }
    return gen_loop_out(g, subret, subret, ret);
}

/* A chain of compiled generators, each suspended at a `yield from` of the next (a
 * recursive tree walk), is resumed at its innermost one directly: the levels between are
 * marked running and counted as frames on the way down and released on the way up,
 * without a step call per level; a level whose sub-generator stopped resumes its own
 * body there, as delegate()'s caller does. A profiled or running generator, or another
 * iterator, ends the chain (stepped the ordinary way); CHAIN_MAX levels at a time. */
#define CHAIN_MAX 64

static PyObject *step_chain(Pyc2cGen *g, PyObject *sent, PyObject **ret)
{
    Pyc2cGen *levels[CHAIN_MAX];
    PyThreadState *ts = PYC2C_TSTATE();
    PyObject *r = NULL, *subret = NULL;
    int k = 0, failed = 0;
    Pyc2cGen *p = g;
    for (;;) {
        levels[k++] = p;
        p->running = 1;
        if (Pyc2c_FrameEnter(ts)) {   /* thrown in at p's yield from, as by delegate() */
            failed = 1;
            break;
        }
        p = (Pyc2cGen *)p->yieldfrom;
        PyObject *sub = p->yieldfrom;
        if (k == CHAIN_MAX || p->running || sub == NULL || !is_gen(sub) || ((Pyc2cGen *)sub)->profiled) {
            break;
        }
    }
    if (!failed) {
        r = gen_step_plain(p, sent, &subret);
    }
    while (k > 0) {
        Pyc2cGen *q = levels[--k];
        Pyc2c_FrameLeave(ts);
        q->running = 0;
        if (r == NULL) {
            PyObject *qret;
            r = resume_after_sub(q, subret, &qret);
            subret = qret;
        }
    }
    *ret = subret;
    return r;
}

static PyObject *gen_step_plain(Pyc2cGen *g, PyObject *sent, PyObject **ret)
{
    *ret = NULL;
    if (g->running) {
        PyErr_SetString(PyExc_ValueError, "generator already executing");
        return NULL;
    }
    if (g->resume < 0) {
        if (sent != NULL) {
            Py_INCREF(Py_None);
            *ret = Py_None;
        }
        return NULL;
    }
    if (g->resume == 0 && sent == NULL) {
        finish(g, 1);
        return NULL;
    }
    if (g->resume == 0 && sent != Py_None) {
        PyErr_SetString(PyExc_TypeError, "can't send non-None value to a just-started generator");
        return NULL;
    }
    PyObject *sub = g->yieldfrom;
    if (sub != NULL && sent != NULL && is_gen(sub) && !((Pyc2cGen *)sub)->profiled) {
        return step_chain(g, sent, ret);
    }
    return gen_loop(g, sent, NULL, ret);
}

/* One resume, one call for profilers, as CPython reports a generator's frame each time it
 * runs (the steps of a yield from included); not when the frame does not run. */
static PyObject *gen_step_profiled(Pyc2cGen *g, PyObject *sent, PyObject **ret)
{
    if (g->running || g->resume < 0 || (g->resume == 0 && sent == NULL)) {
        return gen_step_plain(g, sent, ret);
    }
    PyObject *frame = Pyc2cProfile_Enter(g->def->profile, g->globals);
    if (frame == (PyObject *)-1) {
        *ret = NULL;
        return NULL;
    }
    PyObject *r = gen_step_plain(g, sent, ret);
    Pyc2cProfile_Leave(frame);
    return r;
}

static PyObject *gen_iternext(PyObject *self)
{
    PyObject *ret, *r = gen_step((Pyc2cGen *)self, Py_None, &ret);
    if (r == NULL && ret != NULL) {
        if (ret != Py_None) {
            set_stop_iteration(ret);
        }
        Py_DECREF(ret);
    }
    return r;
}

/* The result of a send or throw: a value, or StopIteration carrying the return value. */
static PyObject *step_result(PyObject *r, PyObject *ret)
{
    if (r == NULL && ret != NULL) {
        set_stop_iteration(ret);
        Py_DECREF(ret);
    }
    return r;
}

static PyObject *gen_send(PyObject *self, PyObject *value)
{
    PyObject *ret, *r = gen_step((Pyc2cGen *)self, value, &ret);
    return step_result(r, ret);
}

/* throw(value), or the older throw(type[, value[, traceback]]). */
static PyObject *gen_throw(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 1 || nargs > 3) {
        PyErr_Format(PyExc_TypeError, "throw expected at least 1 argument, got %zd", nargs);
        return NULL;
    }
#if PY_VERSION_HEX >= 0x030C0000
    if (nargs > 1 && PyErr_WarnEx(PyExc_DeprecationWarning,
                                  "the (type, exc, tb) signature of throw() is deprecated, "
                                  "use the single-arg signature instead.", 1) < 0) {
        return NULL;
    }
#endif
    PyObject *typ = args[0], *val = nargs > 1 ? args[1] : NULL, *tb = nargs > 2 ? args[2] : NULL;
    if (tb == Py_None) {
        tb = NULL;
    } else if (tb != NULL && !PyTraceBack_Check(tb)) {
        PyErr_SetString(PyExc_TypeError, "throw() third argument must be a traceback object");
        return NULL;
    }
    Py_INCREF(typ);
    Py_XINCREF(val);
    Py_XINCREF(tb);
    if (PyExceptionClass_Check(typ)) {
        PyErr_NormalizeException(&typ, &val, &tb);
    } else if (PyExceptionInstance_Check(typ)) {
        if (val != NULL && val != Py_None) {
            PyErr_SetString(PyExc_TypeError, "instance exception may not have a separate value");
            goto failed;
        }
        Py_XDECREF(val);
        val = typ;
        typ = (PyObject *)Py_TYPE(val);
        Py_INCREF(typ);
        if (tb == NULL) {
            tb = PyException_GetTraceback(val);
        }
    } else {
        PyErr_Format(PyExc_TypeError, "exceptions must be classes or instances deriving from "
                     "BaseException, not %s", Py_TYPE(typ)->tp_name);
        goto failed;
    }
    PyErr_Restore(typ, val, tb);
    PyObject *ret, *r = gen_step((Pyc2cGen *)self, NULL, &ret);
    return step_result(r, ret);
failed:
    Py_XDECREF(typ);
    Py_XDECREF(val);
    Py_XDECREF(tb);
    return NULL;
}

static PyObject *gen_close_impl(Pyc2cGen *g)
{
    if (g->running) {
        PyErr_SetString(PyExc_ValueError, "generator already executing");
        return NULL;
    }
    if (g->resume <= 0) {
        if (g->resume == 0) {
            finish(g, 1);
        }
        Py_RETURN_NONE;
    }
    int err = 0;
    if (g->yieldfrom != NULL) {
        g->running = 1;
        err = close_iter(g->yieldfrom);
        g->running = 0;
        Py_CLEAR(g->yieldfrom);
    }
    if (err == 0) {
        PyErr_SetNone(PyExc_GeneratorExit);
    }
    PyObject *ret, *r = gen_step(g, NULL, &ret);
    if (r != NULL) {
        Py_DECREF(r);
        PyErr_SetString(PyExc_RuntimeError, "generator ignored GeneratorExit");
        return NULL;
    }
    if (ret != NULL) {
#if PY_VERSION_HEX >= 0x030D0000
        return ret;
#else
        Py_DECREF(ret);
        Py_RETURN_NONE;
#endif
    }
    if (PyErr_ExceptionMatches(PyExc_StopIteration) || PyErr_ExceptionMatches(PyExc_GeneratorExit)) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    return NULL;
}

static PyObject *gen_close(PyObject *self, PyObject *unused)
{
    return gen_close_impl((Pyc2cGen *)self);
}

/* ---- lifetime ---- */

static void gen_finalize(PyObject *self)
{
    Pyc2cGen *g = (Pyc2cGen *)self;
    if (g->resume <= 0) {
        if (g->resume == 0) {
            finish(g, 1);
        }
        return;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyObject *r = gen_close_impl(g);
    if (r == NULL) {
        PyErr_WriteUnraisable(self);
    }
    Py_XDECREF(r);
    PyErr_Restore(t, v, tb);
}

static int gen_clear(PyObject *self)
{
    Pyc2cGen *g = (Pyc2cGen *)self;
    if (g->def != NULL && g->resume >= 0) {   /* a finished one's frame is zeros (finish) */
        g->def->clear(Pyc2cGen_FRAME(g));
    }
    g->resume = -1;
    Py_CLEAR(g->globals);
    Py_CLEAR(g->closure);
    Py_CLEAR(g->yieldfrom);
    Py_CLEAR(g->name);
    Py_CLEAR(g->qualname);
    Py_CLEAR(g->code);
    Py_CLEAR(g->exc);
    return 0;
}

/* A running body's frame is in flux (a slot released, not yet cleared): it is left out,
 * which only makes the collector see its objects as referenced from outside. */
static int gen_traverse(PyObject *self, visitproc visit, void *arg)
{
    Pyc2cGen *g = (Pyc2cGen *)self;
    if (!g->running && g->resume >= 0) {
        int err = g->def->traverse(Pyc2cGen_FRAME(g), visit, arg);
        if (err) {
            return err;
        }
    }
    Py_VISIT(g->globals);
    Py_VISIT(g->closure);
    Py_VISIT(g->yieldfrom);
    Py_VISIT(g->name);
    Py_VISIT(g->qualname);
    Py_VISIT(g->code);
    Py_VISIT(g->exc);
    return 0;
}

static void gen_dealloc(PyObject *self)
{
    PyObject_GC_UnTrack(self);
    if (((Pyc2cGen *)self)->weakreflist != NULL) {
        PyObject_ClearWeakRefs(self);
    }
    PyObject_GC_Track(self);
    if (PyObject_CallFinalizerFromDealloc(self) < 0) {
        return;   /* resurrected */
    }
    PyObject_GC_UnTrack(self);
    gen_clear(self);
    PyObject_GC_Del(self);
}

/* ---- attributes ---- */

static PyObject *name_of(Pyc2cGen *g, PyObject **slot, const char *s)
{
    if (*slot == NULL) {
        *slot = PyUnicode_FromString(s);
        if (*slot == NULL) {
            return NULL;
        }
    }
    Py_INCREF(*slot);
    return *slot;
}

static PyObject *get_name(PyObject *self, void *c)
{
    Pyc2cGen *g = (Pyc2cGen *)self;
    return name_of(g, &g->name, g->def->name);
}

static PyObject *get_qualname(PyObject *self, void *c)
{
    Pyc2cGen *g = (Pyc2cGen *)self;
    return name_of(g, &g->qualname, g->def->qualname ? g->def->qualname : g->def->name);
}

static int set_str(PyObject **slot, PyObject *v, const char *what)
{
    if (v == NULL || !PyUnicode_Check(v)) {
        PyErr_Format(PyExc_TypeError, "%s must be set to a string object", what);
        return -1;
    }
    Py_INCREF(v);
    Py_XSETREF(*slot, v);
    return 0;
}

static int set_name(PyObject *self, PyObject *v, void *c)
{
    return set_str(&((Pyc2cGen *)self)->name, v, "__name__");
}

static int set_qualname(PyObject *self, PyObject *v, void *c)
{
    return set_str(&((Pyc2cGen *)self)->qualname, v, "__qualname__");
}

static PyObject *get_running(PyObject *self, void *c)
{
    return PyBool_FromLong(((Pyc2cGen *)self)->running);
}

static PyObject *get_suspended(PyObject *self, void *c)
{
    Pyc2cGen *g = (Pyc2cGen *)self;
    return PyBool_FromLong(g->resume > 0 && !g->running);
}

static PyObject *get_yieldfrom(PyObject *self, void *c)
{
    /* None while it runs (delegating included), as CPython, which reads it off a
     * suspended frame only */
    PyObject *y = ((Pyc2cGen *)self)->yieldfrom;
    if (y == NULL || ((Pyc2cGen *)self)->running) {
        Py_RETURN_NONE;
    }
    Py_INCREF(y);
    return y;
}

/* A code object naming the function (no bytecode: the body is native). */
static PyObject *get_code(PyObject *self, void *c)
{
    Pyc2cGen *g = (Pyc2cGen *)self;
    if (g->code == NULL) {
        PyCodeObject *code = PyCode_NewEmpty(g->def->filename, g->def->name, g->def->line);
        if (code == NULL) {
            return NULL;
        }
        code->co_flags |= CO_GENERATOR;
        g->code = (PyObject *)code;
    }
    Py_INCREF(g->code);
    return g->code;
}

/* None once finished; else an object with what inspect reads of a suspended frame
 * (f_lasti -1 before the first step, f_lineno, f_code, f_globals). */
static PyObject *get_frame(PyObject *self, void *c)
{
    Pyc2cGen *g = (Pyc2cGen *)self;
    if (g->resume < 0 && !g->running) {
        Py_RETURN_NONE;
    }
    PyObject *types = PyImport_ImportModule("types");
    PyObject *ns = types ? PyObject_GetAttrString(types, "SimpleNamespace") : NULL;
    Py_XDECREF(types);
    PyObject *code = ns ? get_code(self, NULL) : NULL;
    int at = g->resume;
    int line = at > 0 ? g->def->yield_lines[at] : g->def->line;
    PyObject *kw = code ? Py_BuildValue("{s:i,s:i,s:O,s:O}", "f_lasti", at > 0 ? 2 * at : -1, "f_lineno", line,
                                        "f_code", code, "f_globals", g->globals) : NULL;
    PyObject *args = kw ? PyTuple_New(0) : NULL;
    PyObject *frame = args ? PyObject_Call(ns, args, kw) : NULL;
    Py_XDECREF(ns);
    Py_XDECREF(code);
    Py_XDECREF(kw);
    Py_XDECREF(args);
    return frame;
}

static PyObject *gen_repr(PyObject *self)
{
    PyObject *q = get_qualname(self, NULL);
    if (q == NULL) {
        return NULL;
    }
    PyObject *r = PyUnicode_FromFormat("<generator object %U at %p>", q, self);
    Py_DECREF(q);
    return r;
}

static PyGetSetDef gen_getset[] = {
    {"__name__", get_name, set_name, NULL, NULL},
    {"__qualname__", get_qualname, set_qualname, NULL, NULL},
    {"gi_running", get_running, NULL, NULL, NULL},
#if PY_VERSION_HEX >= 0x030B0000
    {"gi_suspended", get_suspended, NULL, NULL, NULL},
#endif
    {"gi_yieldfrom", get_yieldfrom, NULL, NULL, NULL},
    {"gi_code", get_code, NULL, NULL, NULL},
    {"gi_frame", get_frame, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMethodDef gen_methods[] = {
    {"send", gen_send, METH_O, NULL},
    {"throw", (PyCFunction)(void (*)(void))gen_throw, METH_FASTCALL, NULL},
    {"close", gen_close, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject gen_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "generator",   /* as CPython's: messages name the type */
    .tp_basicsize = sizeof(Pyc2cGen),
    .tp_itemsize = 1,
    .tp_dealloc = gen_dealloc,
    .tp_repr = gen_repr,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = gen_traverse,
    .tp_clear = gen_clear,
    .tp_weaklistoffset = offsetof(Pyc2cGen, weakreflist),
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = gen_iternext,
    .tp_methods = gen_methods,
    .tp_getset = gen_getset,
    .tp_finalize = gen_finalize,
};
