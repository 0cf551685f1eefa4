/* builtin_own.c - whether a subclass of list, dict or set still has its builtin base's
 * own implementation of an operation, so compiled code may do it directly.
 *
 * Typed list/dict/set values may be subclass instances (OrderedDict, Counter,
 * defaultdict, a user's class). CPython runs a subclass's own __setitem__, append,
 * get, ...; compiled code that went straight to PyDict_SetItem would skip them (an
 * OrderedDict filled that way lost its order). An operation is done directly when the
 * name resolves on the subclass to the very object it resolves to on the base (the
 * subclass did not override it, nor did a class between); otherwise it goes through
 * the C API or a call by name, as the interpreter does. The answer is cached per type
 * on its version tag, which CPython changes on any change to the type or its bases. */
#include "pyc2c.h"

static const char *const own_names[PYC2C_OWN_COUNT] = {
    [PYC2C_OWN_GETITEM] = "__getitem__", [PYC2C_OWN_SETITEM] = "__setitem__",
    [PYC2C_OWN_LEN] = "__len__",         [PYC2C_OWN_CONTAINS] = "__contains__",
    [PYC2C_OWN_APPEND] = "append",       [PYC2C_OWN_INSERT] = "insert",
    [PYC2C_OWN_SORT] = "sort",           [PYC2C_OWN_REVERSE] = "reverse",
    [PYC2C_OWN_GET] = "get",             [PYC2C_OWN_SETDEFAULT] = "setdefault",
    [PYC2C_OWN_ADD] = "add",
};

static PyObject *own_keys[PYC2C_OWN_COUNT];   /* the names interned, kept for the process */

typedef struct OwnEntry {
    PyTypeObject *type;    /* NULL: free */
    unsigned int version;  /* the type's version tag when known/own were found */
    uint32_t known, own;   /* bits by operation: looked up, and found the base's */
} OwnEntry;

static OwnEntry own_cache[16];   /* by the type's address; the GIL guards it */

/* Looks op's name up on t and on base: 1 when both find the same object. */
static int resolves_as_base(PyTypeObject *t, PyTypeObject *base, int op)
{
    if (own_keys[op] == NULL) {
        own_keys[op] = PyUnicode_InternFromString(own_names[op]);
        if (own_keys[op] == NULL) {
            PyErr_Clear();
            return 0;
        }
    }
    PyObject *mine = _PyType_Lookup(t, own_keys[op]);   /* borrowed; gives t a version tag */
    return mine != NULL && mine == _PyType_Lookup(base, own_keys[op]);
}

/* Does t's slot for op hold base's own function? Then CPython itself calls base's
 * (OrderedDict's and a Python override's differ); no lookup is needed. */
static int same_slot(PyTypeObject *t, PyTypeObject *base, int op)
{
    PyMappingMethods *m = t->tp_as_mapping, *bm = base->tp_as_mapping;
    PySequenceMethods *q = t->tp_as_sequence, *bq = base->tp_as_sequence;
    switch (op) {
    case PYC2C_OWN_GETITEM:
        return m && bm && m->mp_subscript == bm->mp_subscript;
    case PYC2C_OWN_SETITEM:
        return m && bm && m->mp_ass_subscript == bm->mp_ass_subscript;
    case PYC2C_OWN_CONTAINS:
        return q && bq && q->sq_contains == bq->sq_contains;
    default:
        return 0;
    }
}

/* A method name (CPython looks dunders up on the type only) is found on the instance
 * first: an attribute in its __dict__ (`xs.append = log`), or whatever a class's
 * __getattribute__ or __getattr__ hook returns. Then the call goes by name, which finds
 * what CPython finds. Called only for a type whose lookup found base's method. (A
 * managed dict is made real at the first look: once per instance.) */
static int instance_shadows(PyObject *o, int op)
{
    PyTypeObject *t = Py_TYPE(o);
    if (t->tp_getattro != PyObject_GenericGetAttr || own_keys[op] == NULL) {
        return 1;
    }
    if (t->tp_dictoffset == 0) {
        return 0;
    }
    PyObject **dp = _PyObject_GetDictPtr(o);
    if (dp == NULL || *dp == NULL || PyDict_GET_SIZE(*dp) == 0) {
        return 0;
    }
    PyObject *v = PyDict_GetItemWithError(*dp, own_keys[op]);   /* borrowed */
    if (v == NULL && PyErr_Occurred()) {
        PyErr_Clear();   /* the call by name meets it again */
        return 1;
    }
    return v != NULL;
}

static int type_owns(PyObject *o, PyTypeObject *base, int op);

/* The last type found to own each operation, checked first: a loop over one Counter
 * (`counts[w] += 1`) asks about the same type each time. */
static struct {
    PyTypeObject *type, *base;
    unsigned int version;
} last_own[PYC2C_OWN_COUNT];

/* o is an instance of base or of a subclass. */
int Pyc2c_OwnsSlow(PyObject *o, PyTypeObject *base, int op)
{
    PyTypeObject *t = Py_TYPE(o);
    if (last_own[op].type == t && last_own[op].base == base && PYC2C_TYPE_TAG_IS(t, last_own[op].version) &&
        op < PYC2C_OWN_APPEND) {
        return 1;
    }
    if (!type_owns(o, base, op)) {
        return 0;
    }
    return op < PYC2C_OWN_APPEND || !instance_shadows(o, op);
}

/* Does o's type (not the instance) find base's own operation? */
static int type_owns(PyObject *o, PyTypeObject *base, int op)
{
    PyTypeObject *t = Py_TYPE(o);
    if (same_slot(t, base, op)) {
        return 1;
    }
    OwnEntry *e = &own_cache[((uintptr_t)t >> 5) & 15];
    uint32_t bit = (uint32_t)1 << op;
    if (e->type == t && PYC2C_TYPE_TAG_IS(t, e->version)) {
        if (e->known & bit) {
            return (e->own & bit) != 0;
        }
    } else {
        e->type = NULL;   /* another type's, or a stale answer */
    }
    int own = resolves_as_base(t, base, op);
    if (PYC2C_TYPE_TAG_VALID(t)) {
        if (own) {
            last_own[op].type = t;
            last_own[op].base = base;
            last_own[op].version = t->tp_version_tag;
        }
        if (e->type != t) {
            *e = (OwnEntry){.type = t, .version = t->tp_version_tag};
        }
        e->known |= bit;
        e->own |= own ? bit : 0;
    }
    return own;
}

/* ---- the slow paths of the typed operations that consult it ---- */

/* o[k] of a dict subclass: dict's own lookup (its __missing__ included) when __getitem__
 * is still dict's. A class that defines __delitem__ (Counter does) gets CPython's
 * generic slots, which find __getitem__ by name and call it through a wrapper on every
 * subscript: ~500 instructions for what dict does in ~100. */
PyObject *Pyc2c_DictSubGetItem(PyObject *o, PyObject *k)
{
    binaryfunc own = PyDict_Type.tp_as_mapping->mp_subscript;
    if (Py_TYPE(o)->tp_as_mapping->mp_subscript == own || Pyc2c_OwnsSlow(o, &PyDict_Type, PYC2C_OWN_GETITEM)) {
        return own(o, k);
    }
    return PyObject_GetItem(o, k);
}

int Pyc2c_DictSubSetItem(PyObject *o, PyObject *k, PyObject *v)
{
    objobjargproc own = PyDict_Type.tp_as_mapping->mp_ass_subscript;
    if (Py_TYPE(o)->tp_as_mapping->mp_ass_subscript == own || Pyc2c_OwnsSlow(o, &PyDict_Type, PYC2C_OWN_SETITEM)) {
        return own(o, k, v);
    }
    return PyObject_SetItem(o, k, v);
}

int64_t Pyc2c_SizedLenSlow(PyObject *o)
{
    if (Pyc2c_OwnsSlow(o, PyDict_Check(o) ? &PyDict_Type : PyFrozenSet_Check(o) ? &PyFrozenSet_Type : &PySet_Type,
                       PYC2C_OWN_LEN)) {
        return (int64_t)(PyDict_Check(o) ? PyDict_GET_SIZE(o) : PySet_GET_SIZE(o));
    }
    Py_ssize_t n = PyObject_Size(o);
    return n < 0 ? PYC2C_I64_ERROR : (int64_t)n;
}

char Pyc2cSet_AddSlow(PyObject *s, PyObject *k)
{
    if (Pyc2c_OwnsSlow(s, &PySet_Type, PYC2C_OWN_ADD)) {
        return PySet_Add(s, k) < 0 ? 2 : 0;
    }
    return Pyc2c_DropResult(Pyc2c_CallNamed1(s, "add", k));
}
