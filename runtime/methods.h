/* methods.h - obj.name(args) as CPython's LOAD_METHOD and CALL do it.
 *
 * The lookup happens before the arguments are evaluated (as in CPython); a function
 * found on the type and not shadowed by the instance comes back unbound, tagged in
 * bit 0 of the pointer, and the call passes obj as its first argument: no bound
 * method object is made.  Each call site keeps the type it last saw: for instances
 * without a __dict__ (builtin types, __slots__ classes) the type's version tag, which
 * CPython changes on every change to the type or its bases, says whether the method
 * found then is still the one.  Included by pyc2c.h. */
#ifndef PYC2C_METHODS_H
#define PYC2C_METHODS_H

#if PY_VERSION_HEX >= 0x030D0000
/* exported by 3.13, declared only in its internal headers */
PyAPI_FUNC(int) _PyObject_GetMethod(PyObject *obj, PyObject *name, PyObject **method);
#endif

#define Pyc2cMeth_Object(m) ((PyObject *)((uintptr_t)(m) & ~(uintptr_t)1))
#define Pyc2cMeth_IsUnbound(m) (((uintptr_t)(m) & 1) != 0)
#define Pyc2cMeth_XINCREF(m) Py_XINCREF(Pyc2cMeth_Object(m))
#define Pyc2cMeth_XDECREF(m) Py_XDECREF(Pyc2cMeth_Object(m))

typedef struct Pyc2cMethodCache {
    PyTypeObject *type;      /* NULL: nothing cached */
    unsigned int version;    /* type->tp_version_tag when the method was found */
    PyObject *method;        /* borrowed: the type holds it while its version stands */
} Pyc2cMethodCache;

/* The slow path: CPython's lookup, remembered in c when it may be reused. */
PyObject *Pyc2c_LoadMethodFill(PyObject *obj, PyObject *name, Pyc2cMethodCache *c);

static inline PyObject *Pyc2c_LoadMethod(PyObject *obj, PyObject *name, Pyc2cMethodCache *c)
{
    PyTypeObject *tp = Py_TYPE(obj);
    if (PYC2C_LIKELY(tp == c->type && PYC2C_TYPE_TAG_IS(tp, c->version))) {
        Py_INCREF(c->method);
        return (PyObject *)((uintptr_t)c->method | 1);
    }
    return Pyc2c_LoadMethodFill(obj, name, c);
}

/* The compiled def recv's type finds under a method name, for direct calls of the methods
 * of classes without a C layout (a NamedTuple's): cached per call site on the type's
 * version tag, as Pyc2cMethodCache is. */
typedef struct Pyc2cTypeDefCache {
    PyTypeObject *type;      /* NULL: nothing cached */
    unsigned int version;
    int64_t def;             /* the Pyc2cFuncDef's address, or 0 */
} Pyc2cTypeDefCache;

int64_t Pyc2c_TypeDefOfFill(PyObject *obj, PyObject *name, PyObject *globals, Pyc2cTypeDefCache *c);

/* The address of the Pyc2cFuncDef of the compiled function (of the module whose dict is
 * globals) that obj.name would find on obj's type and bind to obj, else 0: another
 * object, a shadowing instance attribute or a custom __getattribute__ possible. The
 * lookup runs no descriptor: nothing Python can observe. */
static inline int64_t Pyc2c_TypeDefOf(PyObject *obj, PyObject *name, PyObject *globals, Pyc2cTypeDefCache *c)
{
    PyTypeObject *tp = Py_TYPE(obj);
    if (PYC2C_LIKELY(tp == c->type && PYC2C_TYPE_TAG_IS(tp, c->version))) {
        return c->def;
    }
    return Pyc2c_TypeDefOfFill(obj, name, globals, c);
}

/* args[0] is the receiver, args[1..nargs] the arguments (the last len(kwnames) by
 * keyword); args[-1] is free for PY_VECTORCALL_ARGUMENTS_OFFSET. */
/* A C type's method descriptor found on args[0]'s type, called without keywords (methods.c). */
PyObject *Pyc2c_CallMethodDescr(PyObject *descr, PyObject **args, Py_ssize_t nargs);

/* A METH_NOARGS or METH_O method of args[0]'s exact type (deque.popleft, set.add): its C
 * function called here, as CPython's CALL_NO_KW_METHOD_DESCRIPTOR_NOARGS/_O do (nargs is
 * a constant at each site, so one form is left); NULL: not that form (*done 0). */
static inline PyObject *Pyc2c_CallMethodDescrSimple(PyObject *descr, PyObject **args, Py_ssize_t nargs, int *done)
{
    PyMethodDef *ml = ((PyMethodDescrObject *)descr)->d_method;
    if (nargs > 1 || (ml->ml_flags & ~METH_COEXIST) != (nargs ? METH_O : METH_NOARGS) ||
        !Py_IS_TYPE(args[0], PyDescr_TYPE(descr))) {
        *done = 0;
        return NULL;
    }
    *done = 1;
    if (Py_EnterRecursiveCall(" while calling a Python object")) {
        return NULL;
    }
    PyObject *r = ml->ml_meth(args[0], nargs ? args[1] : NULL);
    Py_LeaveRecursiveCall();
    return r;
}

static inline PyObject *Pyc2c_CallMethod(PyObject *m, PyObject **args, Py_ssize_t nargs, PyObject *kwnames)
{
    if (Pyc2cMeth_IsUnbound(m)) {
        if (kwnames == NULL && Py_IS_TYPE(Pyc2cMeth_Object(m), &PyMethodDescr_Type)) {
            int done;
            PyObject *r = Pyc2c_CallMethodDescrSimple(Pyc2cMeth_Object(m), args, nargs, &done);
            return done ? r : Pyc2c_CallMethodDescr(Pyc2cMeth_Object(m), args, nargs);
        }
        return PyObject_Vectorcall(Pyc2cMeth_Object(m), args, (size_t)(nargs + 1) | PY_VECTORCALL_ARGUMENTS_OFFSET,
                                   kwnames);
    }
    return PyObject_Vectorcall(m, args + 1, (size_t)nargs | PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames);
}

/* A call site of obj.name() or obj.name(arg) whose argument is already made (a constant
 * or a bound local: evaluating it before the lookup is not observable). It keeps the
 * type it last saw and, when that type's method is a C method descriptor of a form
 * called without an argument tuple (METH_NOARGS / METH_O / METH_FASTCALL), its C
 * function: while the receiver is of that type and the type's version tag stands
 * (the type's dict unchanged, so the descriptor found then is still the one), the call
 * is that function's, with the recursion counted as CPython's
 * CALL_NO_KW_METHOD_DESCRIPTOR_* count it (deque.popleft, deque.append, set.add on
 * untyped receivers). Anything else (a subclass with a __dict__, a Python method, a
 * name rebound on an instance) is the lookup and call of Pyc2c_LoadMethod and
 * Pyc2c_CallMethod (methods.c). */
typedef struct Pyc2cMethodSite {
    PyTypeObject *type;      /* NULL: nothing cached */
    unsigned int version;
    int flags;               /* METH_NOARGS, METH_O or METH_FASTCALL; 0: list.append, by
                              * PyList_Append uncounted (CPython's CALL_NO_KW_LIST_APPEND) */
    PyCFunction meth;        /* the descriptor's C function */
} Pyc2cMethodSite;

PyObject *Pyc2c_CallMethodSiteSlow(PyObject *obj, PyObject *name, PyObject *arg, Py_ssize_t nargs,
                                   Pyc2cMethodSite *c);

/* CPython's recursion count of a C call, inline where the counter is a plain field of the
 * thread state ts (3.11+); 0, or -1 with RecursionError. */
static inline int Pyc2c_EnterCCall(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    if (PYC2C_LIKELY(ts->c_recursion_remaining > 1)) {
        ts->c_recursion_remaining--;
        return 0;
    }
#elif PY_VERSION_HEX >= 0x030B0000
    if (PYC2C_LIKELY(ts->recursion_remaining > 1)) {
        ts->recursion_remaining--;
        return 0;
    }
#endif
    (void)ts;
    return Py_EnterRecursiveCall(" while calling a Python object");
}

static inline void Pyc2c_LeaveCCall(PyThreadState *ts)
{
#if PY_VERSION_HEX >= 0x030C0000
    ts->c_recursion_remaining++;
#elif PY_VERSION_HEX >= 0x030B0000
    ts->recursion_remaining++;
#else
    (void)ts;
    Py_LeaveRecursiveCall();
#endif
}

typedef PyObject *(*Pyc2cFastMethod)(PyObject *, PyObject *const *, Py_ssize_t);

/* obj.name() (nargs 0, arg NULL) or obj.name(arg) (nargs 1, arg borrowed). */
static inline PyObject *Pyc2c_CallMethodSite(PyObject *obj, PyObject *name, PyObject *arg, Py_ssize_t nargs,
                                             Pyc2cMethodSite *c)
{
    PyTypeObject *tp = Py_TYPE(obj);
    if (PYC2C_LIKELY(tp == c->type && PYC2C_TYPE_TAG_IS(tp, c->version))) {
        if (c->flags == 0) {
            return PyList_Append(obj, arg) < 0 ? NULL : (Py_INCREF(Py_None), Py_None);
        }
        PyThreadState *ts = PYC2C_TSTATE();
        if (Pyc2c_EnterCCall(ts) < 0) {
            return NULL;
        }
        PyObject *r = c->flags == METH_FASTCALL ? ((Pyc2cFastMethod)(void (*)(void))c->meth)(obj, &arg, nargs)
                                                : c->meth(obj, arg);
        Pyc2c_LeaveCCall(ts);
        return r;
    }
    return Pyc2c_CallMethodSiteSlow(obj, name, arg, nargs, c);
}

/* A call site of x._replace(k=v, ...) (named_tuple.c): x's type last seen there, its
 * version tag then, the _replace it found (borrowed: the type holds it while the tag
 * stands) and its field names (held). */
typedef struct Pyc2cReplaceSite {
    PyTypeObject *type;
    unsigned int version;
    PyObject *replace, *fields;
} Pyc2cReplaceSite;
/* x._replace(**kwnames) where m is what the lookup of _replace on args[0] found: when it
 * is namedtuple()'s own (and _make too), the new instance is made from x's items and
 * the keywords, no Python code run; else the call of m, as Pyc2c_CallMethod. */
PyObject *Pyc2c_CallReplace(PyObject *m, PyObject **args, Py_ssize_t nkw, PyObject *kwnames, Pyc2cReplaceSite *c);

/* The builtins whose calls have a fast path below (methods.c, set at first use). */
extern PyObject *pyc2c_list_append, *pyc2c_builtin_len, *pyc2c_builtin_isinstance, *pyc2c_builtin_sum;
int Pyc2c_InitFastCallees(void);

/* x.append(v): list.append itself when that is what the lookup found. */
static inline PyObject *Pyc2c_CallAppend(PyObject *m, PyObject **args)
{
    if (PYC2C_UNLIKELY(pyc2c_list_append == NULL) && Pyc2c_InitFastCallees() < 0) {
        return NULL;
    }
    if (Pyc2cMeth_IsUnbound(m) && Pyc2cMeth_Object(m) == pyc2c_list_append) {
        /* found on the receiver's type: the receiver is a list */
        return PyList_Append(args[0], args[1]) < 0 ? NULL : (Py_INCREF(Py_None), Py_None);
    }
    return Pyc2c_CallMethod(m, args, 1, NULL);
}

/* type(x) where the name type holds the builtin type. */
static inline PyObject *Pyc2c_CallType(PyObject *fn, PyObject *arg)
{
    if (fn == (PyObject *)&PyType_Type) {
        Py_INCREF(Py_TYPE(arg));
        return (PyObject *)Py_TYPE(arg);
    }
    return PyObject_CallOneArg(fn, arg);
}

/* isinstance(x, t) for a class t whose metaclass is type: where x's type is one of
 * the builtins that leave object's __class__ alone, the answer is its type's MRO, without
 * the __class__ lookup PyObject_IsInstance makes when that says no (json-like walks test
 * ints and strs against dict and list). */
static inline int Pyc2c_IsInstance(PyObject *x, PyObject *t)
{
    PyTypeObject *xt = Py_TYPE(x);
    if ((PyObject *)xt == t) {
        return 1;
    }
    if (PyType_CheckExact(t) &&
        (xt == &PyLong_Type || xt == &PyUnicode_Type || xt == &PyFloat_Type || xt == &PyList_Type ||
         xt == &PyDict_Type || xt == &PyTuple_Type || xt == &PyBool_Type || x == Py_None || xt == &PySet_Type ||
         xt == &PyBytes_Type)) {
        /* these types' MROs are themselves and object (bool's: bool, int, object) */
        return t == (PyObject *)&PyBaseObject_Type || (xt == &PyBool_Type && t == (PyObject *)&PyLong_Type);
    }
    return PyObject_IsInstance(x, t);
}

/* isinstance(x, t) where the name isinstance holds the builtin. */
static inline PyObject *Pyc2c_CallIsInstance(PyObject *fn, PyObject *x, PyObject *t)
{
    if (PYC2C_UNLIKELY(pyc2c_builtin_isinstance == NULL) && Pyc2c_InitFastCallees() < 0) {
        return NULL;
    }
    if (fn == pyc2c_builtin_isinstance) {
        int r = Pyc2c_IsInstance(x, t);
        return r < 0 ? NULL : PyBool_FromLong(r);
    }
    PyObject *args[3] = {NULL, x, t};
    return PyObject_Vectorcall(fn, args + 1, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

/* The truth of isinstance(x, t) as a branch tests it (ir/build_idioms.c): 0 or 1 without
 * a bool object while the name holds the builtin; else the truth of what the name's
 * object returns; 2 with an exception set. */
static inline char Pyc2c_IsInstanceTruth(PyObject *fn, PyObject *x, PyObject *t)
{
    if (PYC2C_UNLIKELY(pyc2c_builtin_isinstance == NULL) && Pyc2c_InitFastCallees() < 0) {
        return 2;
    }
    if (PYC2C_LIKELY(fn == pyc2c_builtin_isinstance)) {
        int r = Pyc2c_IsInstance(x, t);
        return r < 0 ? 2 : (char)r;
    }
    PyObject *args[3] = {NULL, x, t};
    PyObject *v = PyObject_Vectorcall(fn, args + 1, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    int r = v != NULL ? PyObject_IsTrue(v) : -1;
    Py_XDECREF(v);
    return r < 0 ? 2 : (char)r;
}

/* sum(xs) by the builtin of an exact list or tuple (sum.c). */
PyObject *Pyc2c_SumItems(PyObject *fn, PyObject *xs);
/* sum(d.values()) by the builtin (sum.c). */
PyObject *Pyc2c_SumDictValues(PyObject *fn, PyObject *view);

/* ---- int vectors (int_vec.c): a private list of ints as an array of tagged ints; in
 * list mode (list not NULL) a real list it became, and the array is empty ---- */
typedef struct {
    PyObject_HEAD
    Py_ssize_t len, cap;
    Py_ssize_t nlong;    /* items that are long (own a PyLong): none, the usual case,
                          * and the release and sum skip the tag tests */
    Pyc2cInt *items;     /* owned */
    PyObject *list;      /* NULL, or the list it became */
} Pyc2cIntVec;
extern PyTypeObject Pyc2cIntVec_Type;
PyObject *Pyc2cIntVec_New(void);
PYC2C_COLD char Pyc2cIntVec_AppendSlow(PyObject *v, Pyc2cInt t);
PYC2C_COLD Pyc2cInt Pyc2cIntVec_ItemSlow(PyObject *v, int64_t i);
PyObject *Pyc2cIntVec_AsList(PyObject *v);                 /* borrowed */
PyObject *Pyc2cIntVec_CallSum(PyObject *fn, PyObject *v);  /* sum(v) by the name's value */

/* Appends t (borrowed); 2 on MemoryError. */
static inline char Pyc2cIntVec_Append(PyObject *o, Pyc2cInt t)
{
    Pyc2cIntVec *v = (Pyc2cIntVec *)o;
    if (PYC2C_LIKELY(v->len < v->cap)) {
        if (PYC2C_UNLIKELY(!Pyc2cInt_IsShort(t))) {
            Pyc2cInt_IncRefLong(t);
            v->nlong++;
        }
        v->items[v->len++] = t;
        return 0;
    }
    return Pyc2cIntVec_AppendSlow(o, t);
}

static inline int64_t Pyc2cIntVec_Len(PyObject *o)
{
    Pyc2cIntVec *v = (Pyc2cIntVec *)o;
    return PYC2C_LIKELY(v->list == NULL) ? (int64_t)v->len : (int64_t)PyList_GET_SIZE(v->list);
}

/* Item i (0 <= i < len) as a new reference; in list mode PYC2C_INT_ERROR with
 * TypeError when the list holds something else. */
static inline Pyc2cInt Pyc2cIntVec_Item(PyObject *o, int64_t i)
{
    Pyc2cIntVec *v = (Pyc2cIntVec *)o;
    if (PYC2C_LIKELY(v->list == NULL)) {
        Pyc2cInt t = v->items[i];
        Pyc2cInt_INCREF(t);
        return t;
    }
    return Pyc2cIntVec_ItemSlow(o, i);
}

/* sum(x) where the name sum holds the builtin: a list's or tuple's ints added in place. */
static inline PyObject *Pyc2c_CallSum(PyObject *fn, PyObject *arg)
{
    if (PYC2C_UNLIKELY(pyc2c_builtin_sum == NULL) && Pyc2c_InitFastCallees() < 0) {
        return NULL;
    }
    if (fn == pyc2c_builtin_sum && Pyc2c_PlainSeq(arg)) {
        return Pyc2c_SumItems(fn, arg);
    }
    if (fn == pyc2c_builtin_sum && Py_IS_TYPE(arg, &PyDictValues_Type)) {
        return Pyc2c_SumDictValues(fn, arg);
    }
    if (Py_IS_TYPE(arg, &Pyc2cIntVec_Type)) {
        return Pyc2cIntVec_CallSum(fn, arg);
    }
    return PyObject_CallOneArg(fn, arg);
}

/* len(x) where the name len holds the builtin. */
static inline PyObject *Pyc2c_CallLen(PyObject *fn, PyObject *arg)
{
    if (PYC2C_UNLIKELY(pyc2c_builtin_len == NULL) && Pyc2c_InitFastCallees() < 0) {
        return NULL;
    }
    if (fn == pyc2c_builtin_len) {
        Py_ssize_t n = PyObject_Size(arg);
        return n < 0 ? NULL : PyLong_FromSsize_t(n);
    }
    return PyObject_CallOneArg(fn, arg);
}

#endif
