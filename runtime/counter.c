/* counter.c - `Counter(iterable)` called from compiled code (ir/build_counter.c). When
 * the callee is collections' own Counter class (its __init__ and update those of
 * collections, items read and stored as dict does, the names they read - _count_elements,
 * isinstance, super - CPython's own) and the argument is no Mapping,
 * CPython's call runs __init__ and update in Python and then _count_elements in C:
 * mapping.get(k, 0) + 1 stored back, a new int and two lookups per item. Here the new
 * Counter is made by its type's tp_new (dict.__init__ of no arguments does nothing) and
 * each item counted with _count_elements's own steps (hash once, the known-hash lookup
 * and store), except that an exact str or one-digit int key found with an unshared int
 * count above the small ints is bumped in place: the Counter is not reachable from
 * Python code until it is returned, so no one can tell. Anything else, and Pythons
 * other than 3.11 (the probe's layout and int's digits), calls the callee as written. */
#include "pyc2c.h"

#if defined(PYC2C_DICT_PROBE) && PY_VERSION_HEX < 0x030C0000

/* The Counter class last checked (with its version tag: any change to the class gives
 * it a new one) and collections' module dict, from its __init__'s globals. */
static PyTypeObject *own_type;
static unsigned int own_version = PYC2C_NO_TAG;
static PyObject *own_globals;   /* borrowed: lives while own_type's __init__ does */
static PyObject *own_builtins;  /* borrowed: the builtins of its update */

/* Is cls.__dict__[name] a function collections defined as Counter.<name>? */
static int collections_method(PyTypeObject *cls, const char *name, const char *qualname)
{
    PyObject *f = PyDict_GetItemString(cls->tp_dict, name);
    if (f == NULL || !PyFunction_Check(f)) {
        return 0;
    }
    PyObject *mod = ((PyFunctionObject *)f)->func_module, *qn = ((PyFunctionObject *)f)->func_qualname;
    return mod != NULL && PyUnicode_Check(mod) && PyUnicode_CompareWithASCIIString(mod, "collections") == 0 &&
           qn != NULL && PyUnicode_Check(qn) && PyUnicode_CompareWithASCIIString(qn, qualname) == 0;
}

/* Is f collections.Counter itself (not a subclass), unchanged where the count reads it? */
static int is_own_counter(PyObject *f)
{
    if (!PyType_Check(f)) {
        return 0;
    }
    PyTypeObject *t = (PyTypeObject *)f;
    if (t == own_type && PYC2C_TYPE_TAG_IS(t, own_version)) {
        return 1;
    }
    if (t->tp_base != &PyDict_Type || t->tp_new != PyDict_Type.tp_new || t->tp_dict == NULL ||
        !collections_method(t, "__init__", "Counter.__init__") || !collections_method(t, "update", "Counter.update") ||
        PyDict_GetItemString(t->tp_dict, "get") != NULL || PyDict_GetItemString(t->tp_dict, "__setitem__") != NULL ||
        !PYC2C_TYPE_TAG_VALID(t)) {
        return 0;
    }
    own_type = t;
    own_version = t->tp_version_tag;
    PyFunctionObject *update = (PyFunctionObject *)PyDict_GetItemString(t->tp_dict, "update");
    own_globals = update->func_globals;
    own_builtins = update->func_builtins;
    return 1;
}

/* update()'s `isinstance(iterable, _collections_abc.Mapping)` and its use of the C
 * _count_elements, read from collections' globals as update reads them: 0 (count
 * here), 1 (call as written), -1 with an exception set. */
static PyObject *abc_name, *mapping_name, *token_fn;

static int names_ready(void)
{
    if (token_fn != NULL) {
        return 1;
    }
    abc_name = abc_name ? abc_name : PyUnicode_InternFromString("_collections_abc");
    mapping_name = mapping_name ? mapping_name : PyUnicode_InternFromString("Mapping");
    PyObject *abc = abc_name && mapping_name ? PyImport_ImportModule("_abc") : NULL;
    token_fn = abc ? PyObject_GetAttrString(abc, "get_cache_token") : NULL;
    Py_XDECREF(abc);
    return token_fn != NULL;
}

/* The ABCs' cache token: it changes whenever any ABC registers a class. */
static int cache_token(unsigned long long *token)
{
    PyObject *t = PyObject_CallNoArgs(token_fn);
    *token = t != NULL ? PyLong_AsUnsignedLongLong(t) : (unsigned long long)-1;
    Py_XDECREF(t);
    return *token == (unsigned long long)-1 && PyErr_Occurred() ? -1 : 0;
}

/* isinstance(x, mapping), the answer "no" for a static type (whose instances' __class__
 * is their type) remembered until an ABC registers anything. x NULL: of an instance of
 * the static type t not made yet (a generator whose __class__ is its type: ABCMeta's
 * __instancecheck__ asks issubclass(t, mapping) then). */
static int is_mapping(PyTypeObject *t, PyObject *x, PyObject *mapping)
{
    static PyTypeObject *plain;   /* the last static type found no Mapping */
    static PyObject *plain_mapping;
    static unsigned long long plain_token;
    unsigned long long token;
    if (cache_token(&token) < 0) {
        return -1;
    }
    if (t == plain && mapping == plain_mapping && token == plain_token) {
        return 0;
    }
    int r = x != NULL ? PyObject_IsInstance(x, mapping) : PyObject_IsSubclass((PyObject *)t, mapping);
    if (r == 0 && !(t->tp_flags & Py_TPFLAGS_HEAPTYPE)) {
        plain = t;
        Py_INCREF(mapping);   /* held: no other object takes its address */
        Py_XSETREF(plain_mapping, mapping);
        plain_token = token;
    }
    return r;
}

/* Is f the C function `name` of the module named `module` (not another C function
 * put in its place)? */
static int c_function_of(PyObject *f, const char *module, const char *name)
{
    if (f == NULL || !PyCFunction_Check(f) || strcmp(((PyCFunctionObject *)f)->m_ml->ml_name, name) != 0) {
        return 0;
    }
    PyObject *self = PyCFunction_GET_SELF(f);
    const char *mname = self != NULL && PyModule_Check(self) ? PyModule_GetName(self) : NULL;
    if (mname == NULL) {
        PyErr_Clear();
        return 0;
    }
    return strcmp(mname, module) == 0;
}

/* Do the names __init__ and update read from collections' globals and builtins
 * (_count_elements, isinstance, super) still name CPython's own? Checked again only
 * when either dict changes (its version). */
static int names_intact(void)
{
    static PyObject *seen_globals;
    static uint64_t seen_version, seen_builtins_version;
    if (seen_globals == own_globals && seen_version == Pyc2c_DictVersion(own_globals) &&
        seen_builtins_version == Pyc2c_DictVersion(own_builtins)) {
        return 1;
    }
    PyObject *bi = PyDict_Check(own_builtins) ? own_builtins : NULL;
    if (bi == NULL || !c_function_of(PyDict_GetItemString(own_globals, "_count_elements"), "_collections", "_count_elements") ||
        PyDict_GetItemString(own_globals, "isinstance") != NULL || PyDict_GetItemString(own_globals, "super") != NULL ||
        !c_function_of(PyDict_GetItemString(bi, "isinstance"), "builtins", "isinstance") ||
        PyDict_GetItemString(bi, "super") != (PyObject *)&PySuper_Type) {
        return 0;
    }
    seen_globals = own_globals;
    seen_version = Pyc2c_DictVersion(own_globals);
    seen_builtins_version = Pyc2c_DictVersion(bi);
    return 1;
}

/* x NULL: of a compiled generator not made yet (Pyc2c_CounterFusable). */
static int needs_call(PyObject *x)
{
    if (!names_ready()) {
        return -1;
    }
    if (!names_intact()) {
        return 1;
    }
    PyObject *abc = PyDict_GetItemWithError(own_globals, abc_name);
    if (abc == NULL || !PyModule_Check(abc)) {
        return PyErr_Occurred() ? -1 : 1;
    }
    PyObject *mapping = PyObject_GetAttr(abc, mapping_name);
    if (mapping == NULL) {
        PyErr_Clear();
        return 1;
    }
    PyTypeObject *t = x != NULL ? Py_TYPE(x) : Pyc2cGen_Type();
    int r = t != NULL ? is_mapping(t, x, mapping) : -1;
    Py_DECREF(mapping);
    return r;
}

/* counts[k] += 1 where counts holds an int count for k above the small ints that only
 * it holds: 1 when done in place; 2 when an exact str or one-digit int k is surely
 * absent (the table walked to an empty slot comparing no other kind of key); else 0
 * (nothing changed, nothing known). */
static int bump(PyObject *counts, PyObject *k, Py_hash_t h)
{
    PyObject *ev = NULL;
    int r = PYC2C_PROBE_UNKNOWN;
    if (PyUnicode_CheckExact(k)) {
        r = Pyc2cDict_ProbeStr(counts, k, h, &ev);
    } else if (PyLong_CheckExact(k) && PYC2C_LONG_IS_COMPACT(k)) {
        r = Pyc2cDict_ProbeInt(counts, k, PYC2C_LONG_COMPACT(k), h, &ev);
    }
    if (r == PYC2C_PROBE_ABSENT) {
        return 2;
    }
    if (r != PYC2C_PROBE_FOUND || !PyLong_CheckExact(ev) || Py_REFCNT(ev) != 1 || Py_SIZE(ev) != 1) {
        return 0;
    }
    digit *d = ((PyLongObject *)ev)->ob_digit;
    if (d[0] <= 256 || d[0] + 1 > PyLong_MASK) {
        return 0;
    }
    d[0] += 1;
    return 1;
}

/* One item counted as _count_elements counts it: 0, or -1 with an exception set. */
static int count_one(PyObject *counts, PyObject *k, int probe)
{
    Py_hash_t h;
    if (!PyUnicode_CheckExact(k) || (h = ((PyASCIIObject *)k)->hash) == -1) {
        h = PyObject_Hash(k);
        if (h == -1) {
            return -1;
        }
    }
    int known = probe ? bump(counts, k, h) : 0;
    if (known == 1) {
        return 0;
    }
    PyObject *one = PyLong_FromLong(1);   /* a cached small int: no failure */
    PyObject *old = known == 2 ? NULL : _PyDict_GetItem_KnownHash(counts, k, h);
    if (old == NULL) {
        int r = PyErr_Occurred() ? -1 : _PyDict_SetItem_KnownHash(counts, k, one, h);
        Py_DECREF(one);
        return r;
    }
    Py_INCREF(old);
    PyObject *n = PyNumber_Add(old, one);
    Py_DECREF(old);
    Py_DECREF(one);
    if (n == NULL) {
        return -1;
    }
    int r = _PyDict_SetItem_KnownHash(counts, k, n, h);
    Py_DECREF(n);
    return r;
}

/* A new empty t by its tp_new (dict.__init__ of no arguments does nothing). */
static PyObject *new_counter(PyTypeObject *t)
{
    PyObject *args = PyTuple_New(0);
    PyObject *counts = args != NULL ? t->tp_new(t, args, NULL) : NULL;
    Py_XDECREF(args);
    return counts;
}

static int probe_ready(void)
{
    return pyc2c_dict_probe_ok > 0 || (pyc2c_dict_probe_ok == 0 && Pyc2cDict_ProbeInit());
}

static PyObject *count_into_new(PyTypeObject *t, PyObject *x)
{
    PyObject *counts = new_counter(t);
    PyObject *it = counts != NULL ? PyObject_GetIter(x) : NULL;
    if (it == NULL) {
        Py_XDECREF(counts);
        return NULL;
    }
    int probe = probe_ready();
    iternextfunc next = Py_TYPE(it)->tp_iternext;
    for (;;) {
        PyObject *k = next(it);
        if (k == NULL) {
            if (PyErr_Occurred()) {
                if (!PyErr_ExceptionMatches(PyExc_StopIteration)) {
                    Py_CLEAR(counts);
                } else {
                    PyErr_Clear();   /* it ends the loop, as in PyIter_Next */
                }
            }
            break;
        }
        int r = count_one(counts, k, probe);
        Py_DECREF(k);
        if (r < 0) {
            Py_CLEAR(counts);
            break;
        }
    }
    Py_DECREF(it);
    return counts;
}
#endif

PyObject *Pyc2c_CallCounter(PyObject *f, PyObject *x)
{
#if defined(PYC2C_DICT_PROBE) && PY_VERSION_HEX < 0x030C0000
    if (x != Py_None && is_own_counter(f)) {
        int call = needs_call(x);
        if (call < 0) {
            return NULL;
        }
        if (call == 0) {
            return count_into_new((PyTypeObject *)f, x);
        }
    }
#endif
    PyObject *args[2] = {NULL, x};
    return PyObject_Vectorcall(f, args + 1, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

/* ---- Counter(genexp) as a loop (ir/build_counter.c): while the callee is collections'
 * own Counter and a generator would be counted by _count_elements (no Mapping), the
 * genexp's items are counted as they are made, with no generator object; else the call
 * is made as written, of the genexp's generator. ---- */

char Pyc2c_CounterFusable(PyObject *f)
{
#if defined(PYC2C_DICT_PROBE) && PY_VERSION_HEX < 0x030C0000
    if (!is_own_counter(f)) {
        return 0;
    }
    int call = needs_call(NULL);
    return call < 0 ? 2 : (char)(call == 0);
#else
    (void)f;
    return 0;
#endif
}

char Pyc2c_CounterUpdateFusable(PyObject *x, PyObject *m)
{
#if defined(PYC2C_DICT_PROBE) && PY_VERSION_HEX < 0x030C0000
    if (!PyMethod_Check(m) || PyMethod_GET_SELF(m) != x || !is_own_counter((PyObject *)Py_TYPE(x)) ||
        PyMethod_GET_FUNCTION(m) != PyDict_GetItemString(own_type->tp_dict, "update")) {
        return 0;
    }
    int call = needs_call(NULL);
    return call < 0 ? 2 : (char)(call == 0);
#else
    (void)x;
    (void)m;
    return 0;
#endif
}

PyObject *Pyc2c_CounterNew(PyObject *f)
{
#if defined(PYC2C_DICT_PROBE) && PY_VERSION_HEX < 0x030C0000
    return new_counter((PyTypeObject *)f);
#else
    (void)f;
    PyErr_SetString(PyExc_SystemError, "Counter loop without a fusable Counter");
    return NULL;
#endif
}

int Pyc2c_CounterAdd(PyObject *counts, PyObject *k)
{
#if defined(PYC2C_DICT_PROBE) && PY_VERSION_HEX < 0x030C0000
    return count_one(counts, k, probe_ready());
#else
    (void)counts;
    (void)k;
    PyErr_SetString(PyExc_SystemError, "Counter loop without a fusable Counter");
    return -1;
#endif
}
