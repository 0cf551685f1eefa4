/* dataclass_native.c - the methods dataclasses generates for a class with a C layout
 * (__eq__, the order methods, __repr__, __hash__), replaced by C ones that do what the
 * generated source does, step for step, on the running version: the same field lists
 * (fields() with compare=/repr=), the same `other.__class__ is self.__class__` test,
 * tuple comparison (identity first, the first differing pair decides) before 3.13 and
 * its `self is other` then field-by-field `and` chain from 3.13, repr's
 * `__qualname__(name=value!r, ...)` with "..." for a recursive call. Only a method
 * dataclasses itself made is replaced (a function compiled from "<string>" under that
 * name, or the recursive-repr wrapper of one): one the class defines stays. */
#include <string.h>
#include "pyc2c.h"
#include "native_class.h"

/* What one class's methods compare, print and hash. */
typedef struct DcSpec {
    PyTypeObject *type;      /* the dataclass these methods were made for (borrowed: the
                              * spec lives as long as the module, the class at least as long) */
    PyObject *cmp_names;     /* tuple of str: fields with compare=True, in field order */
    PyObject *repr_names;    /* fields with repr=True */
    PyObject *hash_names;    /* fields hashed: hash=True, or hash=None and compare=True */
    Pyc2cClass *c;           /* the class's layout */
    const Pyc2cField **cmp_fields;   /* per compared field: its place in the layout; all
                              * known: instances of exactly the class compare unboxed */
    struct DcSpec *next;
} DcSpec;

static DcSpec *specs;   /* every class this process gave native methods (GIL-protected) */
static PyObject *class_descr;   /* object.__class__ */
static PyObject *s_class, *s_qualname;

static DcSpec *spec_of(PyTypeObject *defining)
{
    for (DcSpec *s = specs; s != NULL; s = s->next) {
        if (s->type == defining) {
            return s;
        }
    }
    PyErr_Format(PyExc_SystemError, "pyc2c: no dataclass methods for %s", defining->tp_name);
    return NULL;
}

static int one_argument(const char *name, Py_ssize_t nargs, PyObject *kwnames, Py_ssize_t want)
{
    if (PyVectorcall_NARGS(nargs) == want && (kwnames == NULL || PyTuple_GET_SIZE(kwnames) == 0)) {
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "%s() takes %zd positional argument%s but %zd were given", name, want + 1,
                 want ? "s" : "", PyVectorcall_NARGS(nargs) + 1);
    return -1;
}

/* Is `o.__class__` type(o) without running anything (no override of __class__ or of
 * attribute lookup)? */
static int plain_class_attr(PyObject *o)
{
    PyTypeObject *t = Py_TYPE(o);
    return t->tp_getattro == PyObject_GenericGetAttr && _PyType_Lookup(t, s_class) == class_descr;
}

/* `other.__class__ is self.__class__`: 1, 0, or -1 with an exception. */
static int same_class(PyObject *self, PyObject *other)
{
    if (plain_class_attr(other) && plain_class_attr(self)) {
        return Py_TYPE(self) == Py_TYPE(other);
    }
    PyObject *a = PyObject_GetAttr(other, s_class);
    PyObject *b = a ? PyObject_GetAttr(self, s_class) : NULL;
    int same = b ? a == b : -1;
    Py_XDECREF(a);
    Py_XDECREF(b);
    return same;
}

/* (o.f1, o.f2, ...) for the names: the attribute values, in order. */
static PyObject *field_tuple(PyObject *o, PyObject *names)
{
    Py_ssize_t n = PyTuple_GET_SIZE(names);
    PyObject *t = PyTuple_New(n);
    for (Py_ssize_t i = 0; t != NULL && i < n; i++) {
        PyObject *v = PyObject_GetAttr(o, PyTuple_GET_ITEM(names, i));
        if (v == NULL) {
            Py_CLEAR(t);
            break;
        }
        PyTuple_SET_ITEM(t, i, v);
    }
    return t;
}

/* ---- the compared fields read from the layout ---- */

/* One field's value read straight from the instance: a double, a small int or bool as
 * a long, or an object (borrowed). */
typedef struct FieldValue {
    char kind;               /* 'f', 'n' (a number held as num), 'o' */
    double f;
    int64_t num;
    PyObject *o;
} FieldValue;

/* Reads field f of o (whose class is exactly the layout's, unchanged): 0, or -1 when
 * it is unset or an int held as an object (the attribute protocol decides). */
static int read_field(PyObject *o, const Pyc2cField *f, FieldValue *v)
{
    v->kind = f->kind == 'f' ? 'f' : f->kind == 'o' ? 'o' : 'n';
    if (f->kind == 'o') {
        v->o = PYC2C_AT(o, f->offset, PyObject *);
        return v->o != NULL ? 0 : -1;
    }
    if (f->kind == 'i') {
        Pyc2cInt w = PYC2C_AT(o, f->offset, Pyc2cInt);
        if (!PYC2C_FIELD_INT_SET(w)) {
            return -1;
        }
        v->num = Pyc2cInt_ShortValue(PYC2C_FIELD_INT_VALUE(w));
        return 0;
    }
    if (!(PYC2C_AT(o, f->bitmap, uint32_t) & f->bit)) {
        return -1;
    }
    if (f->kind == 'f') {
        v->f = PYC2C_AT(o, f->offset, double);
    } else if (f->kind == 'b') {
        v->num = PYC2C_AT(o, f->offset, char);
    } else if (f->kind == 'q') {
        v->num = PYC2C_AT(o, f->offset, int64_t);
    } else {
        v->num = PYC2C_AT(o, f->offset, int32_t);
    }
    return 0;
}

/* Do a and b compare as the boxed values would under op? Numbers: no identity
 * shortcut (each read boxes afresh); objects: PyObject_RichCompareBool. */
static int values_cmp(const FieldValue *a, const FieldValue *b, int op)
{
    if (a->kind == 'o') {
        return PyObject_RichCompareBool(a->o, b->o, op);
    }
    double x = a->kind == 'f' ? a->f : 0.0, y = a->kind == 'f' ? b->f : 0.0;
    int64_t m = a->num, n = b->num;
    int f = a->kind == 'f';
    switch (op) {
    case Py_EQ: return f ? x == y : m == n;
    case Py_LT: return f ? x < y : m < n;
    case Py_LE: return f ? x <= y : m <= n;
    case Py_GT: return f ? x > y : m > n;
    default: return f ? x >= y : m >= n;
    }
}

/* Both instances of exactly the class as made, every compared field read: 1 (values
 * in va, vb), else 0 (the attribute protocol). */
static int read_all(DcSpec *s, PyObject *self, PyObject *other, FieldValue *va, FieldValue *vb)
{
    Py_ssize_t n = PyTuple_GET_SIZE(s->cmp_names);
    if (s->cmp_fields == NULL || n > 16 || Py_TYPE(self) != Py_TYPE(other) || Pyc2c_ClassOf(self, s->c) != s->c ||
        !plain_class_attr(self)) {
        return 0;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (read_field(self, s->cmp_fields[i], &va[i]) < 0 || read_field(other, s->cmp_fields[i], &vb[i]) < 0) {
            return 0;
        }
    }
    return 1;
}

/* Tuple comparison over read values: the first pair that differs decides. */
static PyObject *compare_values(Py_ssize_t n, const FieldValue *va, const FieldValue *vb, int op)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        if (va[i].kind == 'o' && va[i].o == vb[i].o) {
            continue;
        }
        int eq = values_cmp(&va[i], &vb[i], Py_EQ);
        if (eq < 0) {
            return NULL;
        }
        if (eq) {
            continue;
        }
        if (op == Py_EQ) {
            Py_RETURN_FALSE;
        }
        if (va[i].kind == 'o') {
            return PyObject_RichCompare(va[i].o, vb[i].o, op);
        }
        return PyBool_FromLong(values_cmp(&va[i], &vb[i], op));
    }
    return PyBool_FromLong(op == Py_EQ || op == Py_LE || op == Py_GE);   /* equal lengths */
}

/* `(self.f1, ...) op (other.f1, ...)` when the classes match, else NotImplemented. */
static PyObject *compare_tuples(PyObject *self, PyTypeObject *defining, PyObject *other, int op)
{
    DcSpec *s = spec_of(defining);
    FieldValue va[16], vb[16];
    if (s != NULL && read_all(s, self, other, va, vb)) {
        /* an instance against itself: CPython reads the same object from each field
         * twice and the identity test makes every pair equal (a NaN field too) */
        return compare_values(self == other ? 0 : PyTuple_GET_SIZE(s->cmp_names), va, vb, op);
    }
    int same = s ? same_class(self, other) : -1;
    if (same <= 0) {
        return same < 0 ? NULL : Py_NewRef(Py_NotImplemented);
    }
    PyObject *a = field_tuple(self, s->cmp_names);
    PyObject *b = a ? field_tuple(other, s->cmp_names) : NULL;
    PyObject *r = b ? PyObject_RichCompare(a, b, op) : NULL;
    Py_XDECREF(a);
    Py_XDECREF(b);
    return r;
}

#if PY_VERSION_HEX >= 0x030D0000
/* One step of the `and` chain over the field comparisons: 1 to go on, 0 to stop with
 * *r (a false comparison, the last one, or NULL after an error). */
static int chain_goes_on(PyObject **r, int last)
{
    if (*r == NULL || last) {
        return 0;
    }
    int truth = PyObject_IsTrue(*r);
    if (truth < 0) {
        Py_CLEAR(*r);
    }
    return truth > 0;
}

/* The `and` chain over read values: the first false comparison, else the last. */
static PyObject *eq_values(Py_ssize_t n, const FieldValue *va, const FieldValue *vb)
{
    PyObject *r = Py_NewRef(Py_True);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (va[i].kind == 'o') {
            Py_SETREF(r, PyObject_RichCompare(va[i].o, vb[i].o, Py_EQ));
        } else {
            Py_SETREF(r, PyBool_FromLong(values_cmp(&va[i], &vb[i], Py_EQ)));
        }
        if (!chain_goes_on(&r, i == n - 1)) {
            break;
        }
    }
    return r;
}

/* 3.13: `self is other`, then `self.f1 == other.f1 and ...` (True for no fields). */
static PyObject *eq_chain(PyObject *self, PyTypeObject *defining, PyObject *other)
{
    if (self == other) {
        Py_RETURN_TRUE;
    }
    DcSpec *s = spec_of(defining);
    FieldValue va[16], vb[16];
    if (s != NULL && read_all(s, self, other, va, vb)) {
        return eq_values(PyTuple_GET_SIZE(s->cmp_names), va, vb);
    }
    int same = s ? same_class(self, other) : -1;
    if (same <= 0) {
        return same < 0 ? NULL : Py_NewRef(Py_NotImplemented);
    }
    Py_ssize_t n = PyTuple_GET_SIZE(s->cmp_names);
    PyObject *r = Py_NewRef(Py_True);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *name = PyTuple_GET_ITEM(s->cmp_names, i);
        PyObject *a = PyObject_GetAttr(self, name);
        PyObject *b = a ? PyObject_GetAttr(other, name) : NULL;
        Py_SETREF(r, b ? PyObject_RichCompare(a, b, Py_EQ) : NULL);
        Py_XDECREF(a);
        Py_XDECREF(b);
        if (!chain_goes_on(&r, i == n - 1)) {
            break;
        }
    }
    return r;
}
#endif

#define DC_COMPARE(fn, name, op)                                                                             \
    static PyObject *fn(PyObject *self, PyTypeObject *defining, PyObject *const *args, Py_ssize_t nargs,   \
                        PyObject *kwnames)                                                                  \
    {                                                                                                       \
        return one_argument(name, nargs, kwnames, 1) < 0 ? NULL : compare_tuples(self, defining, args[0], op); \
    }
DC_COMPARE(dc_lt, "__lt__", Py_LT)
DC_COMPARE(dc_le, "__le__", Py_LE)
DC_COMPARE(dc_gt, "__gt__", Py_GT)
DC_COMPARE(dc_ge, "__ge__", Py_GE)

static PyObject *dc_eq(PyObject *self, PyTypeObject *defining, PyObject *const *args, Py_ssize_t nargs,
                       PyObject *kwnames)
{
    if (one_argument("__eq__", nargs, kwnames, 1) < 0) {
        return NULL;
    }
#if PY_VERSION_HEX >= 0x030D0000
    return eq_chain(self, defining, args[0]);
#else
    return compare_tuples(self, defining, args[0], Py_EQ);
#endif
}

/* `hash((self.f1, ...))` over the hashed fields. */
static PyObject *dc_hash(PyObject *self, PyTypeObject *defining, PyObject *const *args, Py_ssize_t nargs,
                         PyObject *kwnames)
{
    DcSpec *s = one_argument("__hash__", nargs, kwnames, 0) < 0 ? NULL : spec_of(defining);
    PyObject *t = s ? field_tuple(self, s->hash_names) : NULL;
    Py_hash_t h = t ? PyObject_Hash(t) : -1;
    Py_XDECREF(t);
    return h == -1 ? NULL : PyLong_FromSsize_t(h);
}

/* "f1=<repr>, f2=<repr>" */
static PyObject *field_reprs(PyObject *self, PyObject *names)
{
    Py_ssize_t n = PyTuple_GET_SIZE(names);
    PyObject *parts = PyList_New(n);
    for (Py_ssize_t i = 0; parts != NULL && i < n; i++) {
        PyObject *name = PyTuple_GET_ITEM(names, i);
        PyObject *v = PyObject_GetAttr(self, name);
        PyObject *r = v ? PyObject_Repr(v) : NULL;
        PyObject *item = r ? PyUnicode_FromFormat("%U=%U", name, r) : NULL;
        Py_XDECREF(v);
        Py_XDECREF(r);
        if (item == NULL) {
            Py_CLEAR(parts);
            break;
        }
        PyList_SET_ITEM(parts, i, item);
    }
    PyObject *sep = parts ? PyUnicode_FromString(", ") : NULL;
    PyObject *joined = sep ? PyUnicode_Join(sep, parts) : NULL;
    Py_XDECREF(sep);
    Py_XDECREF(parts);
    return joined;
}

/* `self.__class__.__qualname__ + f"(f1={self.f1!r}, ...)"` ("..." while running for
 * the same object in this thread, as the recursive-repr wrapper returns). */
static PyObject *dc_repr(PyObject *self, PyTypeObject *defining, PyObject *const *args, Py_ssize_t nargs,
                         PyObject *kwnames)
{
    DcSpec *s = one_argument("__repr__", nargs, kwnames, 0) < 0 ? NULL : spec_of(defining);
    int running = s ? Py_ReprEnter(self) : -1;
    if (running != 0) {
        return running > 0 ? PyUnicode_FromString("...") : NULL;
    }
    PyObject *cls = PyObject_GetAttr(self, s_class);
    PyObject *qual = cls ? PyObject_GetAttr(cls, s_qualname) : NULL;
    PyObject *inner = qual ? field_reprs(self, s->repr_names) : NULL;
    PyObject *tail = inner ? PyUnicode_FromFormat("(%U)", inner) : NULL;
    PyObject *r = NULL;
    if (tail != NULL) {
#if PY_VERSION_HEX >= 0x030D0000
        PyObject *empty = PyUnicode_FromString("");
        PyObject *head = empty ? PyObject_Format(qual, empty) : NULL;
        r = head ? PyUnicode_Concat(head, tail) : NULL;
        Py_XDECREF(empty);
        Py_XDECREF(head);
#else
        r = PyNumber_Add(qual, tail);
#endif
    }
    Py_XDECREF(cls);
    Py_XDECREF(qual);
    Py_XDECREF(inner);
    Py_XDECREF(tail);
    Py_ReprLeave(self);
    return r;
}

#define DC_FLAGS (METH_METHOD | METH_FASTCALL | METH_KEYWORDS)
static PyMethodDef dc_methods[] = {
    {"__eq__", (PyCFunction)(void (*)(void))dc_eq, DC_FLAGS, NULL},
    {"__lt__", (PyCFunction)(void (*)(void))dc_lt, DC_FLAGS, NULL},
    {"__le__", (PyCFunction)(void (*)(void))dc_le, DC_FLAGS, NULL},
    {"__gt__", (PyCFunction)(void (*)(void))dc_gt, DC_FLAGS, NULL},
    {"__ge__", (PyCFunction)(void (*)(void))dc_ge, DC_FLAGS, NULL},
    {"__hash__", (PyCFunction)(void (*)(void))dc_hash, DC_FLAGS, NULL},
    {"__repr__", (PyCFunction)(void (*)(void))dc_repr, DC_FLAGS, NULL},
};

/* Did dataclasses generate m for this name? Its functions are compiled from "<string>";
 * __repr__ is a wrapper of one (__wrapped__). */
static int generated(PyObject *m, const char *name)
{
    PyObject *inner = PyFunction_Check(m) ? PyObject_GetAttrString(m, "__wrapped__") : NULL;
    PyErr_Clear();
    PyObject *fn = inner && PyFunction_Check(inner) ? inner : m;
    int yes = 0;
    if (PyFunction_Check(fn)) {
        PyCodeObject *code = (PyCodeObject *)PyFunction_GET_CODE(fn);
        yes = PyUnicode_CompareWithASCIIString(code->co_filename, "<string>") == 0 &&
              PyUnicode_CompareWithASCIIString(code->co_name, name) == 0;
    }
    Py_XDECREF(inner);
    return yes;
}

/* The names of fields(cls) whose attribute flag (compare, repr, hash) is true; a hash
 * of None means the field's compare flag, as dataclasses reads it. */
static PyObject *names_where(PyObject *fields, const char *flag)
{
    PyObject *names = PyList_New(0);
    for (Py_ssize_t i = 0; names != NULL && i < PyTuple_GET_SIZE(fields); i++) {
        PyObject *f = PyTuple_GET_ITEM(fields, i);
        PyObject *on = PyObject_GetAttrString(f, flag);
        if (on == Py_None && strcmp(flag, "hash") == 0) {
            Py_SETREF(on, PyObject_GetAttrString(f, "compare"));
        }
        int truth = on ? PyObject_IsTrue(on) : -1;
        PyObject *name = truth > 0 ? PyObject_GetAttrString(f, "name") : NULL;
        if (truth < 0 || (truth > 0 && (name == NULL || !PyUnicode_Check(name) || PyList_Append(names, name) < 0))) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError, "dataclass field name is not a str");
            }
            Py_CLEAR(names);
        }
        Py_XDECREF(on);
        Py_XDECREF(name);
    }
    PyObject *t = names ? PyList_AsTuple(names) : NULL;
    Py_XDECREF(names);
    return t;
}

/* The layout field named name in c or its native bases, or NULL. */
static const Pyc2cField *layout_field(Pyc2cClass *c, PyObject *name)
{
    for (; c != NULL; c = c->base) {
        for (int i = 0; i < c->nfields; i++) {
            if (PyUnicode_Compare(c->fields[i].pyname, name) == 0) {
                return &c->fields[i];
            }
        }
    }
    return NULL;
}

/* Where each compared field is in the layout; NULL when one is not there. */
static const Pyc2cField **layout_fields(Pyc2cClass *c, PyObject *names)
{
    Py_ssize_t n = PyTuple_GET_SIZE(names);
    const Pyc2cField **out = PyMem_Calloc((size_t)n + 1, sizeof(Pyc2cField *));
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        if ((out[i] = layout_field(c, PyTuple_GET_ITEM(names, i))) == NULL) {
            PyMem_Free(out);
            return NULL;
        }
    }
    return out;
}

static DcSpec *new_spec(PyTypeObject *type, Pyc2cClass *c)
{
    PyObject *mod = PyImport_ImportModule("dataclasses");
    PyObject *fields = mod ? PyObject_CallMethod(mod, "fields", "(O)", (PyObject *)type) : NULL;
    PyObject *cmp = fields && PyTuple_Check(fields) ? names_where(fields, "compare") : NULL;
    PyObject *rep = cmp ? names_where(fields, "repr") : NULL;
    PyObject *hsh = rep ? names_where(fields, "hash") : NULL;
    DcSpec *s = hsh ? PyMem_Calloc(1, sizeof(DcSpec)) : NULL;
    if (s != NULL) {
        s->type = type;
        s->cmp_names = cmp;
        s->repr_names = rep;
        s->hash_names = hsh;
        s->c = c;
        s->cmp_fields = layout_fields(c, cmp);
        s->next = specs;
        specs = s;
    } else {
        Py_XDECREF(cmp);
        Py_XDECREF(rep);
        Py_XDECREF(hsh);
        if (hsh != NULL) {
            PyErr_NoMemory();
        }
    }
    Py_XDECREF(mod);
    Py_XDECREF(fields);
    return s;
}

int Pyc2c_DataclassNativeMethods(PyTypeObject *type, Pyc2cClass *c)
{
    PyObject *dict = type->tp_dict;
    if (PyDict_GetItemString(dict, "__dataclass_params__") == NULL) {
        return 0;   /* not made by the dataclass decorator (maybe a subclass of one) */
    }
    if (s_class == NULL) {
        s_class = PyUnicode_InternFromString("__class__");
        s_qualname = s_class ? PyUnicode_InternFromString("__qualname__") : NULL;
        class_descr = s_qualname ? _PyType_Lookup(&PyBaseObject_Type, s_class) : NULL;
        if (class_descr == NULL) {
            return -1;
        }
    }
    DcSpec *s = NULL;
    for (size_t i = 0; i < sizeof dc_methods / sizeof dc_methods[0]; i++) {
        PyObject *m = PyDict_GetItemString(dict, dc_methods[i].ml_name);
        if (m == NULL || !generated(m, dc_methods[i].ml_name)) {
            continue;
        }
        if (s == NULL && (s = new_spec(type, c)) == NULL) {
            return -1;
        }
        PyObject *d = PyDescr_NewMethod(type, &dc_methods[i]);
        int rc = d ? PyObject_SetAttrString((PyObject *)type, dc_methods[i].ml_name, d) : -1;
        Py_XDECREF(d);
        if (rc < 0) {
            return -1;
        }
    }
    return 0;
}

PyObject *Pyc2c_DcFactoryMarker(void)
{
    static PyObject *marker;   /* one per module, as the __init__ defaults that hold it */
    if (marker == NULL) {
        PyObject *mod = PyImport_ImportModule("dataclasses");
        marker = mod ? PyObject_GetAttrString(mod, "_HAS_DEFAULT_FACTORY") : NULL;
        Py_XDECREF(mod);
        if (marker == NULL) {   /* a version without it: any unique object keeps the meaning */
            PyErr_Clear();
            marker = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type);
        }
        if (marker == NULL) {
            Py_FatalError("pyc2c: no memory for the dataclass <factory> marker");
        }
    }
    return marker;
}
