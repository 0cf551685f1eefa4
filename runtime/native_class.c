/* native_class.c - classes with a C layout (see native_class.h): making the type,
 * the descriptors of unboxed fields, the slow paths of field access, pickling state. */
#include "pyc2c.h"

#include <string.h>
#if PY_VERSION_HEX < 0x030C0000
#include <structmember.h>
#endif

/* ---- the descriptor of a float or bool field ---- */

typedef struct {
    PyObject_HEAD
    Pyc2cField *f;
    PyTypeObject *owner;
    int slotted;             /* the source class has __slots__ (the messages of its errors) */
    PyObject *class_value;   /* what the class statement (or dataclass) left as the class
                              * attribute, read through the class as CPython would; or NULL */
    int armed;               /* the class dict holds the only reference: its dealloc means
                              * Python code rebound or deleted C.x (rebind) */
} FieldDescr;

/* An unset field: the message of CPython's own slot descriptor for a source class
 * with __slots__, else of the instance dict's lookup. */
static PyObject *no_attr(PyObject *o, const FieldDescr *d)
{
    const Pyc2cField *f = d->f;
    if (!d->slotted) {
        PyErr_Format(PyExc_AttributeError, "'%.100s' object has no attribute '%s'", Py_TYPE(o)->tp_name, f->name);
        return NULL;
    }
#if PY_VERSION_HEX >= 0x030D0000
    PyErr_Format(PyExc_AttributeError, "'%T' object has no attribute '%s'", o, f->name);
#elif PY_VERSION_HEX >= 0x030A0000
    PyErr_Format(PyExc_AttributeError, "'%.200s' object has no attribute '%s'", Py_TYPE(o)->tp_name, f->name);
#else
    (void)o;
    PyErr_SetString(PyExc_AttributeError, f->name);
#endif
    return NULL;
}

/* Deleting an unset field: CPython's slot descriptor says only the name; an instance
 * dict (a source class without __slots__) says what a read says, from 3.11 on. */
static int no_attr_del(PyObject *o, const FieldDescr *d)
{
    if (d->slotted || PY_VERSION_HEX < 0x030B0000) {
        PyErr_SetString(PyExc_AttributeError, d->f->name);
    } else {
        no_attr(o, d);
    }
    return -1;
}

static int applies(FieldDescr *d, PyObject *o)
{
    if (PyObject_TypeCheck(o, d->owner)) {
        return 1;
    }
    PyErr_Format(PyExc_TypeError, "descriptor '%s' for '%.100s' objects doesn't apply to a '%.100s' object",
                 d->f->name, d->owner->tp_name, Py_TYPE(o)->tp_name);
    return 0;
}

static PyObject *descr_get(PyObject *self, PyObject *o, PyObject *type)
{
    FieldDescr *d = (FieldDescr *)self;
    if (o == NULL || o == Py_None) {
        /* through the class: its class-level value; none is an AttributeError as for a
         * plain class, the descriptor itself where the source has __slots__ */
        if (d->class_value == NULL && !d->slotted && type != NULL && PyType_Check(type)) {
            PyErr_Format(PyExc_AttributeError, "type object '%.100s' has no attribute '%U'",
                         ((PyTypeObject *)type)->tp_name, d->f->pyname);
            return NULL;
        }
        PyObject *v = d->class_value ? d->class_value : self;
        Py_INCREF(v);
        return v;
    }
    if (!applies(d, o)) {
        return NULL;
    }
    return Pyc2c_FieldDescrRead(self, o);
}

/* An unset field read: where the source class has no __slots__, CPython's lookup finds
 * the class attribute once the instance has none (a dataclass default after `del p.y`),
 * bound if it is a descriptor; else no_attr's AttributeError. */
static PyObject *unset_read(PyObject *o, const FieldDescr *d)
{
    PyObject *v = d->class_value;
    if (d->slotted || v == NULL) {
        return no_attr(o, d);
    }
    descrgetfunc get = Py_TYPE(v)->tp_descr_get;
    return get ? get(v, o, (PyObject *)Py_TYPE(o)) : Py_NewRef(v);
}

/* descr_get past its checks (attrs.c's site cache found d on o's type, an owner's
 * subtype, and the type is unchanged since). */
PyObject *Pyc2c_FieldDescrRead(PyObject *self, PyObject *o)
{
    FieldDescr *d = (FieldDescr *)self;
    const Pyc2cField *f = d->f;
    if (f->kind == 'i') {
        Pyc2cInt w = PYC2C_AT(o, f->offset, Pyc2cInt);
        if (PYC2C_FIELD_INT_SET(w)) {
            return PyLong_FromLongLong(Pyc2cInt_ShortValue(PYC2C_FIELD_INT_VALUE(w)));
        }
        return w != 0 ? Py_NewRef(PYC2C_FIELD_INT_OBJ(w)) : unset_read(o, d);
    }
    if (f->kind == 'o') {
        PyObject *v = PYC2C_AT(o, f->offset, PyObject *);
        return v != NULL ? Py_NewRef(v) : unset_read(o, d);
    }
    if (!(PYC2C_AT(o, f->bitmap, uint32_t) & f->bit)) {
        return unset_read(o, d);
    }
    if (f->kind == 'f') {
        return PyFloat_FromDouble(PYC2C_AT(o, f->offset, double));
    }
    if (f->kind == 'q') {
        return PyLong_FromLongLong(PYC2C_AT(o, f->offset, int64_t));
    }
    if (f->kind == 'w') {
        return PyLong_FromLong(PYC2C_AT(o, f->offset, int32_t));
    }
    return PyBool_FromLong(PYC2C_AT(o, f->offset, char));
}

/* An int field's word set to w (0: unset), the int it held released last (its
 * dealloc may run Python code that reads the field: it finds the new value). */
static void int_word_set(PyObject *o, const Pyc2cField *f, Pyc2cInt w)
{
    Pyc2cInt old = PYC2C_AT(o, f->offset, Pyc2cInt);
    PYC2C_AT(o, f->offset, Pyc2cInt) = w;
    if (PYC2C_FIELD_INT_HOLDS_OBJ(old)) {
        Py_DECREF(PYC2C_FIELD_INT_OBJ(old));
    }
}

/* An int field set from Python: a short exact int unboxed in its word, any other int
 * (big, or a bool keeping its identity for Python readers) held there as an object. */
static int int_set(PyObject *o, const FieldDescr *d, PyObject *v)
{
    const Pyc2cField *f = d->f;
    if (v == NULL) {
        if (PYC2C_AT(o, f->offset, Pyc2cInt) == 0) {
            return no_attr_del(o, d);
        }
        int_word_set(o, f, 0);
        return 0;
    }
    if (!PyLong_Check(v)) {
        PyErr_Format(PyExc_TypeError, "attribute '%s' of '%.100s' objects must be int, not %.100s", f->name,
                     Py_TYPE(o)->tp_name, Py_TYPE(v)->tp_name);
        return -1;
    }
    Pyc2cInt t = PyLong_CheckExact(v) ? Pyc2cInt_FromPyLong(v) : PYC2C_INT_ERROR;
    if (Pyc2cInt_IsShort(t)) {
        int_word_set(o, f, PYC2C_FIELD_INT_WORD(t));
        return 0;
    }
    Pyc2cInt_DECREF(t);
    PyErr_Clear();
    Py_INCREF(v);
    int_word_set(o, f, (Pyc2cInt)(uintptr_t)v);
    return 0;
}

/* An i64 or i32 field set from Python: an int in range (a bool as 0 or 1, as mypyc
 * converts it), else OverflowError as the conversion i64(v) raises. */
static int fixed_set(PyObject *o, const Pyc2cField *f, PyObject *v)
{
    if (f->kind == 'q') {
        int64_t x = Pyc2cI64_Unbox(v);
        if (Pyc2cI64_IsError(x)) {
            return -1;
        }
        PYC2C_AT(o, f->offset, int64_t) = x;
        return 0;
    }
    int32_t x = Pyc2cI32_Unbox(v);
    if (Pyc2cI32_IsError(x)) {
        return -1;
    }
    PYC2C_AT(o, f->offset, int32_t) = x;
    return 0;
}

static int descr_set(PyObject *self, PyObject *o, PyObject *v)
{
    if (!applies((FieldDescr *)self, o)) {
        return -1;
    }
    return Pyc2c_FieldDescrWrite(self, o, v);
}

/* descr_set past its checks (see Pyc2c_FieldDescrRead). */
int Pyc2c_FieldDescrWrite(PyObject *self, PyObject *o, PyObject *v)
{
    FieldDescr *d = (FieldDescr *)self;
    const Pyc2cField *f = d->f;
    if (f->kind == 'i') {
        return int_set(o, d, v);
    }
    if (f->kind == 'o') {
        PyObject **slot = &PYC2C_AT(o, f->offset, PyObject *);
        if (v == NULL && *slot == NULL) {
            return no_attr_del(o, d);
        }
        if (v != NULL && f->cls != NULL && f->cls->type != NULL && !(f->or_none && v == Py_None) &&
            !PyObject_TypeCheck(v, f->cls->type)) {
            PyErr_Format(PyExc_TypeError, "attribute '%s' of '%.100s' objects must be %s%s, not %.100s", f->name,
                         Py_TYPE(o)->tp_name, f->cls->name, f->or_none ? " or None" : "", Py_TYPE(v)->tp_name);
            return -1;
        }
        Py_XINCREF(v);
        Py_XSETREF(*slot, v);
        return 0;
    }
    if (v == NULL) {
        if (!(PYC2C_AT(o, f->bitmap, uint32_t) & f->bit)) {
            return no_attr_del(o, d);
        }
        PYC2C_AT(o, f->bitmap, uint32_t) &= ~f->bit;
        return 0;
    }
    if (f->kind == 'f' && (PyFloat_Check(v) || PyLong_Check(v))) {
        double x = PyFloat_Check(v) ? PyFloat_AS_DOUBLE(v) : PyLong_AsDouble(v);
        if (x == -1.0 && PyErr_Occurred()) {
            return -1;
        }
        PYC2C_AT(o, f->offset, double) = x;
    } else if (f->kind == 'b' && PyBool_Check(v)) {
        PYC2C_AT(o, f->offset, char) = (char)(v == Py_True);
    } else if ((f->kind == 'q' || f->kind == 'w') && PyLong_Check(v)) {
        if (fixed_set(o, f, v) < 0) {
            return -1;
        }
    } else {
        PyErr_Format(PyExc_TypeError, "attribute '%s' of '%.100s' objects must be %s, not %.100s", f->name,
                     Py_TYPE(o)->tp_name, f->kind == 'f' ? "float" : f->kind == 'b' ? "bool" : "int",
                     Py_TYPE(v)->tp_name);
        return -1;
    }
    PYC2C_AT(o, f->bitmap, uint32_t) |= f->bit;
    return 0;
}

static PyObject *descr_repr(PyObject *self)
{
    FieldDescr *d = (FieldDescr *)self;
    return PyUnicode_FromFormat("<member '%s' of '%s' objects>", d->f->name, d->owner->tp_name);
}

static PyObject *descr_name(PyObject *self, void *closure)
{
    (void)closure;
    PyObject *n = ((FieldDescr *)self)->f->pyname;
    Py_INCREF(n);
    return n;
}

static PyObject *descr_objclass(PyObject *self, void *closure)
{
    (void)closure;
    PyObject *t = (PyObject *)((FieldDescr *)self)->owner;
    Py_INCREF(t);
    return t;
}

static PyObject *new_descr(Pyc2cField *f, PyTypeObject *owner, int slotted);
static PyTypeObject FieldDescr_Type;

/* f's unset_word from its descriptor: the class default of an int field while it is a
 * short exact int the descriptor reads for unset fields (unset_read: no __slots__). */
static void refresh_unset_word(Pyc2cField *f)
{
    FieldDescr *d = (FieldDescr *)f->descr;
    f->unset_word = 0;
    if (f->kind != 'i' || d == NULL || !Py_IS_TYPE(d, &FieldDescr_Type) || d->slotted || d->class_value == NULL ||
        !PyLong_CheckExact(d->class_value)) {
        return;
    }
    Pyc2cInt t = Pyc2cInt_FromPyLong(d->class_value);
    if (Pyc2cInt_IsShort(t)) {
        f->unset_word = PYC2C_FIELD_INT_WORD(t);
    } else {
        Pyc2cInt_DECREF(t);
        PyErr_Clear();
    }
}

#if PY_VERSION_HEX >= 0x030D0000
#define FINALIZING() Py_IsFinalizing()
#else
#define FINALIZING() _Py_IsFinalizing()
#endif

/* The class dict dropped an armed descriptor: `C.x = v` or `del C.x` from anywhere (the
 * metaclass is type: no hook but this one). A class without __slots__ keeps instances'
 * own values, as their __dict__ would: a new descriptor goes back with v (or none) as
 * the class value; a data descriptor put there (a property) wins, as in CPython, and
 * leaves the class to the generic path (Pyc2c_ClassRevalidate). */
static void rebind(FieldDescr *d)
{
    PyTypeObject *t = d->owner;
    int own = d->f->descr == (PyObject *)d;   /* else a subclass's default for a base's field */
    if (own) {
        d->f->descr = NULL;
        d->f->unset_word = 0;
    }
    if (FINALIZING() || t->tp_dict == NULL || t->tp_mro == NULL) {
        return;
    }
    PyObject *et, *ev, *etb;
    PyErr_Fetch(&et, &ev, &etb);
    PyObject *v = PyDict_GetItemWithError(t->tp_dict, d->f->pyname);
    /* a subclass's default deleted: the base's descriptor (and default) shows through */
    FieldDescr *nd = v == NULL && (PyErr_Occurred() || !own) ? NULL
                     : v != NULL && (Py_IS_TYPE(v, &FieldDescr_Type) || Py_TYPE(v)->tp_descr_set != NULL)
                         ? NULL : (FieldDescr *)new_descr(d->f, t, 0);
    if (nd != NULL) {
        Py_XINCREF(v);
        nd->class_value = v;
        if (PyDict_SetItem(t->tp_dict, d->f->pyname, (PyObject *)nd) == 0) {
            d->f->descr = own ? (PyObject *)nd : d->f->descr;
            refresh_unset_word(d->f);
            nd->armed = 1;
            PyType_Modified(t);
        }
        Py_DECREF(nd);
    }
    PyErr_Clear();   /* a failure leaves the class generic: f->descr no longer matches */
    PyErr_Restore(et, ev, etb);
}

static void descr_dealloc(PyObject *self)
{
    if (((FieldDescr *)self)->armed) {
        rebind((FieldDescr *)self);
    }
    Py_XDECREF(((FieldDescr *)self)->owner);
    Py_XDECREF(((FieldDescr *)self)->class_value);
    PyObject_Free(self);
}

static PyGetSetDef descr_getset[] = {
    {"__name__", descr_name, NULL, NULL, NULL},
    {"__objclass__", descr_objclass, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject FieldDescr_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "member_descriptor",   /* what type(C.x) names for a __slots__ class */
    .tp_basicsize = sizeof(FieldDescr),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_dealloc = descr_dealloc,
    .tp_repr = descr_repr,
    .tp_descr_get = descr_get,
    .tp_descr_set = descr_set,
    .tp_getset = descr_getset,
};

/* d is f's descriptor, or a subclass's for it (its own class default: override_defaults). */
static int same_field(PyObject *d, const Pyc2cField *f)
{
    return d != NULL && (d == f->descr || (Py_IS_TYPE(d, &FieldDescr_Type) && ((FieldDescr *)d)->f == f));
}

/* d is a field descriptor that applies to instances of tp. */
int Pyc2c_IsFieldDescrOf(PyObject *d, PyTypeObject *tp)
{
    return Py_IS_TYPE(d, &FieldDescr_Type) && PyType_IsSubtype(tp, ((FieldDescr *)d)->owner);
}

static PyObject *new_descr(Pyc2cField *f, PyTypeObject *owner, int slotted)
{
    if (PyType_Ready(&FieldDescr_Type) < 0) {
        return NULL;
    }
    FieldDescr *d = PyObject_New(FieldDescr, &FieldDescr_Type);
    if (d != NULL) {
        d->f = f;
        Py_INCREF(owner);
        d->owner = owner;
        d->slotted = slotted;
        d->class_value = NULL;
        d->armed = 0;
    }
    return (PyObject *)d;
}

/* ---- pickling: (instance dict or None, {field: value}) as CPython's slots classes ---- */

static int field_set(PyObject *o, const Pyc2cField *f)
{
    if (f->kind == 'o') {
        return PYC2C_AT(o, f->offset, PyObject *) != NULL;
    }
    if (f->kind == 'i') {
        return PYC2C_AT(o, f->offset, Pyc2cInt) != 0;
    }
    return (PYC2C_AT(o, f->bitmap, uint32_t) & f->bit) != 0;
}

static int add_fields(PyObject *self, PyObject *slots, PyObject *dict)
{
    PyObject *mro = Py_TYPE(self)->tp_mro;
    for (Py_ssize_t i = 0; mro && i < PyTuple_GET_SIZE(mro); i++) {
        PyObject *d = ((PyTypeObject *)PyTuple_GET_ITEM(mro, i))->tp_dict;
        PyObject *k, *v;
        Py_ssize_t pos = 0;
        while (d && PyDict_Next(d, &pos, &k, &v)) {
            if ((Py_TYPE(v) != &FieldDescr_Type && Py_TYPE(v) != &PyMemberDescr_Type) ||
                PyDict_Contains(slots, k) || (dict && PyUnicode_Check(k) &&
                                                   (PyUnicode_CompareWithASCIIString(k, "__weakref__") == 0 ||
                                                    PyUnicode_CompareWithASCIIString(k, "__dict__") == 0))) {
                continue;
            }
            /* an unset field stays unset in the copy: it goes on reading the class default */
            PyObject *val = Py_TYPE(v) == &FieldDescr_Type && PyObject_TypeCheck(self, ((FieldDescr *)v)->owner) &&
                                    !field_set(self, ((FieldDescr *)v)->f)
                                ? NULL : PyObject_GetAttr(self, k);
            if (val == NULL && !PyErr_Occurred()) {
                continue;
            }
            if (val == NULL) {
                if (!PyErr_ExceptionMatches(PyExc_AttributeError)) {
                    return -1;
                }
                PyErr_Clear();
                continue;
            }
            int rc = PyDict_SetItem(slots, k, val);
            Py_DECREF(val);
            if (rc < 0) {
                return -1;
            }
        }
    }
    return 0;
}

static PyObject *getstate(PyObject *self, PyObject *unused)
{
    (void)unused;
    PyObject **dp = _PyObject_GetDictPtr(self);
    PyObject *dict = dp && *dp && PyDict_GET_SIZE(*dp) ? *dp : Py_None;
    PyObject *slots = PyDict_New();
    if (slots == NULL || add_fields(self, slots, dict != Py_None ? dict : NULL) < 0) {
        Py_XDECREF(slots);
        return NULL;
    }
    if (PyDict_GET_SIZE(slots) == 0) {
        Py_DECREF(slots);
        Py_INCREF(dict);
        return dict;
    }
    PyObject *r = PyTuple_Pack(2, dict, slots);
    Py_DECREF(slots);
    return r;
}

static PyMethodDef getstate_def = {"__getstate__", getstate, METH_NOARGS, NULL};

static int set_items(PyObject *self, PyObject *items)
{
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    while (PyDict_Next(items, &pos, &k, &v)) {
        if (PyObject_GenericSetAttr(self, k, v) < 0) {
            return -1;
        }
    }
    return 0;
}

/* The state getstate made, set past the class's __setattr__: pickle and copy fill a
 * plain instance's __dict__ directly (dataclass's own slots=True __setstate__ uses
 * object.__setattr__), so a frozen dataclass is restored instead of refused. */
static PyObject *set_state(PyObject *self, PyObject *state)
{
    PyObject *dict = state, *slots = Py_None;
    if (PyTuple_Check(state) && PyTuple_GET_SIZE(state) == 2) {
        dict = PyTuple_GET_ITEM(state, 0);
        slots = PyTuple_GET_ITEM(state, 1);
    }
    if ((dict != Py_None && !PyDict_Check(dict)) || (slots != Py_None && !PyDict_Check(slots))) {
        PyErr_SetString(PyExc_TypeError, "state is not a dictionary");
        return NULL;
    }
    if ((dict != Py_None && set_items(self, dict) < 0) || (slots != Py_None && set_items(self, slots) < 0)) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef setstate_def = {"__setstate__", set_state, METH_O, NULL};

/* ---- making the type ---- */

/* abc.ABC (a borrowed reference kept for the process), or NULL with no error. */
static PyObject *abc_class(void)
{
    static PyObject *abc;
    if (abc == NULL) {
        PyObject *mod = PyImport_ImportModule("abc");
        abc = mod ? PyObject_GetAttrString(mod, "ABC") : NULL;
        Py_XDECREF(mod);
        if (abc == NULL || !PyType_Check(abc)) {
            PyErr_Clear();
            Py_CLEAR(abc);
        }
    }
    return abc;
}

/* Is c, or the root of its native bases, derived from abc.ABC? */
static int abc_family(const Pyc2cClass *c)
{
    while (c->base != NULL) {
        c = c->base;
    }
    return c->abc_root;
}

/* The metaclass the class was compiled for: type, or for abc.ABC's family ABCMeta itself
 * (not a subclass of it: one could define __call__ or __new__). */
static int expected_metaclass(PyObject *meta, const Pyc2cClass *c)
{
    if (!abc_family(c)) {
        return meta == (PyObject *)&PyType_Type;
    }
    PyObject *abc = abc_class();
    return abc != NULL && meta == (PyObject *)Py_TYPE(abc);
}

static int plain_class(PyObject *prep, Pyc2cClass *c)
{
    PyObject *meta = PyTuple_GET_ITEM(prep, 0), *bases = PyTuple_GET_ITEM(prep, 1);
    PyObject *ns = PyTuple_GET_ITEM(prep, 2), *orig = PyTuple_GET_ITEM(prep, 3);
    if (!expected_metaclass(meta, c) || !PyDict_CheckExact(ns) || PyTuple_GET_ITEM(prep, 4) != Py_None ||
        bases != orig || PyTuple_GET_SIZE(bases) > 1) {
        return 0;
    }
    PyObject *root = c->abc_root ? abc_class() : (PyObject *)&PyBaseObject_Type;
    PyObject *base = PyTuple_GET_SIZE(bases) ? PyTuple_GET_ITEM(bases, 0) : (PyObject *)&PyBaseObject_Type;
    if (c->base ? base != (PyObject *)c->base->type : base != root) {
        return 0;
    }
    return ((PyTypeObject *)base)->tp_basicsize == c->base_size;
}

static PyObject *slot_names(Pyc2cClass *c)
{
    PyObject *names = PyList_New(0);
    for (int i = 0; names && i < c->nfields; i++) {
        if (c->fields[i].kind == 'o' && PyList_Append(names, c->fields[i].pyname) < 0) {
            Py_CLEAR(names);
        }
    }
    PyObject *t = names ? PyList_AsTuple(names) : NULL;
    Py_XDECREF(names);
    return t;
}

/* The values the body gave field names (dataclass defaults) leave the namespace while
 * type() runs (slots may not clash with class attributes) and come back as attributes. */
static PyObject *take_values(PyObject *ns, Pyc2cClass *c)
{
    PyObject *taken = PyDict_New();
    for (int i = 0; taken && i < c->nfields; i++) {
        PyObject *v = PyDict_GetItemWithError(ns, c->fields[i].pyname);
        if (v == NULL ? PyErr_Occurred() != NULL
                      : PyDict_SetItem(taken, c->fields[i].pyname, v) < 0 ||
                            PyDict_DelItem(ns, c->fields[i].pyname) < 0) {
            Py_CLEAR(taken);
        }
    }
    return taken;
}

/* A root class's weak reference list: the word after its object slots (the compiler
 * reserved it), set up here rather than by naming `__weakref__` in __slots__, which
 * gives other layouts on other versions (3.12+ keep it before the object; on 3.9/3.10
 * a Python class deriving from two subclasses of such a class hits "multiple bases have
 * instance lay-out conflict"). Instances are weak-referenceable on every version. */
static PyObject *get_weakref(PyObject *self, void *unused)
{
    PyObject *first = *(PyObject **)((char *)self + Py_TYPE(self)->tp_weaklistoffset);
    first = first ? first : Py_None;
    Py_INCREF(first);
    return first;
}

static PyGetSetDef weakref_getset = {"__weakref__", get_weakref, NULL,
                                     "list of weak references to the object (if defined)", NULL};

static int add_weaklist(PyTypeObject *t, Pyc2cClass *c)
{
    t->tp_weaklistoffset = c->slots_size - (Py_ssize_t)sizeof(PyObject *);
    PyObject *d = PyDescr_NewGetSet(t, &weakref_getset);
    int rc = d == NULL ? -1 : PyDict_SetItemString(t->tp_dict, "__weakref__", d);
    Py_XDECREF(d);
    PyType_Modified(t);
    return rc;
}

/* On 3.9/3.10 a class whose only slot is the weak reference list does not count as
 * having a layout of its own, and a Python class deriving from two of its subclasses
 * then fails with "multiple bases have instance lay-out conflict" (as it does in
 * CPython with `__slots__ = ('__weakref__',)`): there a class with no fields is not
 * weak-referenceable, as compiled classes were before. */
static int weak_referenceable(const Pyc2cClass *c)
{
#if PY_VERSION_HEX < 0x030B0000
    if (c->weakref && c->basicsize == c->slots_size && c->slots_size == c->base_size + (Py_ssize_t)sizeof(PyObject *)) {
        return 0;
    }
#endif
    return c->weakref;
}

/* The first type from tp up whose dealloc is dealloc: the native type whose layout
 * self has (its own, or a Python subclass's base, whose subtype_dealloc calls it after
 * running the subclass's finalizer and clearing its slots and dict). */
static PyTypeObject *native_type_of(PyTypeObject *tp, destructor dealloc)
{
    while (tp->tp_dealloc != dealloc) {
        tp = tp->tp_base;
    }
    return tp;
}

/* The dealloc of a native class without the GC (no object fields) whose instances hold
 * something to release: a weak reference list of its own (CPython's subtype_dealloc
 * leaves weak references alone for a class without the GC, type() never making one with
 * a list) or int fields, whose words may hold an int (the generated clear, kept in
 * tp_clear, releases them). A finalizer (a __del__ assigned later) runs first,
 * resurrection included, then the memory goes as object's dealloc frees it, with the
 * type's reference (the base is a heap type: a subclass's subtype_dealloc leaves it). */
static void plain_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self), *nt = native_type_of(tp, plain_dealloc);
    if (nt == tp && tp->tp_finalize != NULL && PyObject_CallFinalizerFromDealloc(self) < 0) {
        return;   /* resurrected */
    }
    if (nt->tp_weaklistoffset > 0 && *(PyObject **)((char *)self + nt->tp_weaklistoffset) != NULL) {
        PyObject_ClearWeakRefs(self);
    }
    if (nt->tp_clear != NULL) {
        nt->tp_clear(self);
    }
    tp->tp_free(self);
    Py_DECREF(tp);
}

/* The dealloc of a native class with the GC (Pyc2c_NativeClassCreate installs it where
 * the class and its bases have no finalizer and only native bases): what CPython's
 * subtype_dealloc does for such a layout, without its walk of the MRO's member
 * descriptors (go's squares, deltablue's variables: ~150 instructions an instance).
 * nt is the native type: self's own, or the one a Python subclass's subtype_dealloc
 * calls as its base's dealloc after running the subclass's finalizer and clearing its
 * slots (then the weak references and the native slots are ours to clear, and the
 * type's reference, the base being a heap type). The generated tp_clear covers every
 * object slot of the native layout. A __del__ assigned to the class later runs as
 * subtype_dealloc would run it, resurrection included. */
static void native_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self), *nt = native_type_of(tp, native_dealloc);
    PyObject_GC_UnTrack(self);
    Py_TRASHCAN_BEGIN(self, native_dealloc)
    if (nt == tp && tp->tp_finalize != NULL) {
        PyObject_GC_Track(self);
        if (PyObject_CallFinalizerFromDealloc(self) < 0) {
            goto done;   /* resurrected */
        }
        PyObject_GC_UnTrack(self);
    }
    Py_ssize_t wo = nt->tp_weaklistoffset;   /* negative: managed by the interpreter (3.12+) */
    if (wo != 0 && (wo < 0 || *(PyObject **)((char *)self + wo) != NULL)) {
        PyObject_ClearWeakRefs(self);
    }
    nt->tp_clear(self);
    tp->tp_free(self);
    Py_DECREF(tp);
done:
    Py_TRASHCAN_END
}

#ifdef Py_TPFLAGS_MANAGED_DICT   /* 3.11+: the interpreter keeps the instance dict */
#define PYC2C_MANAGED_DICT_FLAGS Py_TPFLAGS_MANAGED_DICT
#else
#define PYC2C_MANAGED_DICT_FLAGS 0
#endif

/* native_dealloc may replace tp's subtype_dealloc: GC instances whose object slots and
 * int words c's generated clear covers, no legacy tp_del (a __del__ is a tp_finalize,
 * which native_dealloc runs as subtype_dealloc does), no instance dict. The bases are
 * object, abc.ABC (no slots) and native classes (plain_class), whose slots the clear
 * covers too: nothing else of a base to run. Int words must be released by one of ours:
 * subtype_dealloc knows only the member slots. */
static int native_dealloc_ok(PyTypeObject *tp, const Pyc2cClass *c)
{
    if (tp->tp_dictoffset != 0 || PyType_HasFeature(tp, PYC2C_MANAGED_DICT_FLAGS)) {
        return 0;   /* an instance __dict__: subtype_dealloc clears it */
    }
    return PyType_IS_GC(tp) && c->clear != NULL && tp->tp_del == NULL;
}

static int layout_ok(PyTypeObject *t, Pyc2cClass *c)
{
    Py_ssize_t made = c->slots_size - (c->weakref ? (Py_ssize_t)sizeof(PyObject *) : 0);
    if (t->tp_basicsize != made || t->tp_itemsize != 0 || t->tp_dictoffset != 0 ||
        t->tp_weaklistoffset != t->tp_base->tp_weaklistoffset) {
        return 0;
    }
    for (int i = 0; i < c->nfields; i++) {
        Pyc2cField *f = &c->fields[i];
        if (f->kind != 'o') {
            continue;
        }
        PyObject *d = PyDict_GetItem(t->tp_dict, f->pyname);
        if (d == NULL || Py_TYPE(d) != &PyMemberDescr_Type || ((PyMemberDescrObject *)d)->d_member->offset != f->offset) {
            return 0;
        }
    }
    return 1;
}

static int install_fields(PyTypeObject *t, Pyc2cClass *c)
{
    for (int i = 0; i < c->nfields; i++) {
        Pyc2cField *f = &c->fields[i];
        if (f->kind == 'o' && c->source_slots && f->cls == NULL) {   /* the slot's own member descriptor */
            f->descr = PyDict_GetItem(t->tp_dict, f->pyname);
            Py_INCREF(f->descr);
        } else {
            f->descr = new_descr(f, t, c->source_slots);
            if (f->descr == NULL || PyDict_SetItem(t->tp_dict, f->pyname, f->descr) < 0) {
                return -1;
            }
        }
    }
    return 0;
}

static int restore_ns(PyTypeObject *t, PyObject *ns, PyObject *orig_slots, PyObject *taken)
{
    int rc = orig_slots ? PyDict_SetItemString(t->tp_dict, "__slots__", orig_slots)
                        : PyDict_DelItemString(t->tp_dict, "__slots__");
    if (rc == 0 && PyDict_GetItemString(ns, "__getstate__") == NULL &&
        PyDict_GetItemString(t->tp_dict, "__getstate__") == NULL) {
        PyObject *gs = PyDescr_NewMethod(t, &getstate_def);
        rc = gs == NULL ? -1 : PyDict_SetItemString(t->tp_dict, "__getstate__", gs);
        Py_XDECREF(gs);
        if (rc == 0 && PyDict_GetItemString(ns, "__setstate__") == NULL) {
            PyObject *ss = PyDescr_NewMethod(t, &setstate_def);
            rc = ss == NULL ? -1 : PyDict_SetItemString(t->tp_dict, "__setstate__", ss);
            Py_XDECREF(ss);
        }
    }
    PyType_Modified(t);
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    while (rc == 0 && PyDict_Next(taken, &pos, &k, &v)) {
        rc = PyObject_SetAttr((PyObject *)t, k, v);
    }
    return rc;
}

/* Until NCLASS_FINISH puts the descriptors back, a field without a class-level value
 * has no class attribute, as in the source class: dataclass (the only decorator a
 * native class has) would take a pyc2c.field found there for the field's default. */
static int hide_fields(PyTypeObject *t, Pyc2cClass *c, PyObject *taken)
{
    for (int i = 0; i < c->nfields; i++) {
        PyObject *name = c->fields[i].pyname;
        if (!PyDict_Contains(taken, name) && PyDict_DelItem(t->tp_dict, name) < 0) {
            return -1;
        }
    }
    PyType_Modified(t);
    return 0;
}

static int make_names(Pyc2cClass *c)
{
    for (int i = 0; i < c->nfields; i++) {
        if (c->fields[i].pyname == NULL && (c->fields[i].pyname = PyUnicode_InternFromString(c->fields[i].name)) == NULL) {
            return -1;
        }
    }
    return 0;
}

static int no_object_fields(const Pyc2cClass *c)
{
    for (; c != NULL; c = c->base) {
        for (int i = 0; i < c->nfields; i++) {
            if (c->fields[i].kind == 'o') {
                return 0;
            }
        }
    }
    return 1;
}

PyObject *Pyc2c_NativeClassCreate(PyObject *prep, Pyc2cClass *c)
{
    if (c->ran) {
        c->type = NULL;   /* Pyc2cClass.ran */
        return Pyc2c_ClassCreate(prep);
    }
    c->ran = 1;
    c->cell = PyDict_GetItemString(PyTuple_GET_ITEM(prep, 2), "__classcell__");   /* a second run keeps the first's */
    Py_XINCREF(c->cell);
    if (!plain_class(prep, c)) {
        return Pyc2c_ClassCreate(prep);
    }
    PyObject *ns = PyTuple_GET_ITEM(prep, 2);
    if (make_names(c) < 0) {
        return NULL;
    }
    PyObject *orig_slots = PyDict_GetItemString(ns, "__slots__");
    Py_XINCREF(orig_slots);
    PyObject *slots = slot_names(c), *taken = take_values(ns, c), *t = NULL;
    if (slots == NULL || taken == NULL || PyDict_SetItemString(ns, "__slots__", slots) < 0) {
        goto done;
    }
    t = Pyc2c_ClassCreate(prep);
    if (t == NULL) {
        goto done;
    }
    PyTypeObject *tp = (PyTypeObject *)t;
    if (!PyType_Check(t) || !layout_ok(tp, c)) {
        PyErr_Format(PyExc_SystemError, "pyc2c: class %s does not have the layout it was compiled for", c->name);
        Py_CLEAR(t);
        goto done;
    }
    tp->tp_basicsize = c->basicsize;
    if (weak_referenceable(c) && add_weaklist(tp, c) < 0) {
        Py_CLEAR(t);
        goto done;
    }
    if (no_object_fields(c) && !PyType_IS_GC(tp->tp_base) && (tp->tp_weaklistoffset == 0 || tp->tp_finalize == NULL)) {
        /* nothing to traverse: instances skip the GC header, as an int does */
        tp->tp_flags &= ~Py_TPFLAGS_HAVE_GC;
        tp->tp_free = PyObject_Free;
        /* int words (c->clear releases them; a Python subclass's subtype_traverse and
         * subtype_clear reach them as their base's) or a weak reference list of its own */
        tp->tp_traverse = c->traverse;
        tp->tp_clear = c->clear;
        if (c->clear != NULL || (tp->tp_weaklistoffset && tp->tp_base->tp_weaklistoffset == 0)) {
            tp->tp_dealloc = plain_dealloc;
        }
    }
    if (PyType_IS_GC(tp) && c->traverse != NULL) {
        /* the layout is checked: the generated walk of its object slots replaces
         * subtype_traverse/subtype_clear (a Python subclass's reach it as its base's) */
        tp->tp_traverse = c->traverse;
        tp->tp_clear = c->clear;
        if (native_dealloc_ok(tp, c)) {
            tp->tp_dealloc = native_dealloc;
        }
    }
    if (install_fields(tp, c) < 0 || hide_fields(tp, c, taken) < 0 || restore_ns(tp, ns, orig_slots, taken) < 0) {
        Py_CLEAR(t);
        goto done;
    }
    Py_INCREF(t);
    c->tag = c->checked_tag = PYC2C_CLASS_NO_TAG;   /* checked afresh on first use (Pyc2c_ClassRevalidate) */
    c->type = tp;
done:
    Py_XDECREF(orig_slots);
    Py_XDECREF(slots);
    Py_XDECREF(taken);
    return t;
}

/* The def of the compiled function m is, or wraps as a staticmethod (bit 0 set), a
 * classmethod (bit 1 set) or a property's getter (both: an exact property, whose
 * __get__ calls fget with the instance); NULL for anything else. */
static const Pyc2cFuncDef *vtable_def(PyTypeObject *tp, PyObject *m)
{
    uintptr_t bits = 0;
    PyObject *f = m;
    if (m != NULL && Py_IS_TYPE(m, &PyProperty_Type) && tp->tp_getattro != PyObject_GenericGetAttr) {
        return NULL;   /* a __getattr__ runs when the getter raises AttributeError */
    }
    if (m != NULL && (Py_IS_TYPE(m, &PyStaticMethod_Type) || Py_IS_TYPE(m, &PyClassMethod_Type) ||
                      Py_IS_TYPE(m, &PyProperty_Type))) {
        bits = Py_IS_TYPE(m, &PyStaticMethod_Type) ? 1 : Py_IS_TYPE(m, &PyClassMethod_Type) ? 2 : 3;
        f = PyObject_GetAttrString(m, bits == 3 ? "fget" : "__func__");
        if (f == NULL) {
            PyErr_Clear();
            return NULL;
        }
        Py_DECREF(f);   /* m holds it */
    }
    if (f == NULL || !Pyc2cFunction_Check(f)) {
        return NULL;
    }
    return (const Pyc2cFuncDef *)((uintptr_t)((Pyc2cFunction *)f)->def + bits);
}

const Pyc2cVCall Pyc2c_NoVCall = {NULL, NULL, NULL, NULL};

/* What compiled code calls through c's vtable for the def d found at a slot: its vcall
 * when d is a plain compiled method (no staticmethod or classmethod bit), the one that
 * narrows the class check when c does not derive from the def's class. */
static const Pyc2cVCall *vcall_of(const Pyc2cClass *c, const Pyc2cFuncDef *d)
{
    if (d == NULL || ((uintptr_t)d & 3) != 0 || d->vcall == NULL) {
        return &Pyc2c_NoVCall;
    }
    for (const Pyc2cClass *k = c; k != NULL; k = k->base) {
        if (d->vcall->cls == NULL || k == d->vcall->cls) {
            return d->vcall;
        }
    }
    return d->vcall->narrowing;
}

/* The vtable: what the type's MRO finds at each method slot, and the compiled
 * function's def when it is one (compiled code then calls its native entry). */
static int find_methods(Pyc2cClass *c)
{
    for (int i = 0; i < c->nmethods; i++) {
        PyObject *n = c->method_pynames[i];
        if (n == NULL && (n = c->method_pynames[i] = PyUnicode_InternFromString(c->method_names[i])) == NULL) {
            return -1;
        }
        PyObject *m = _PyType_Lookup(c->type, n);
        if (m != c->methods[i]) {
            Py_XINCREF(m);
            Py_XSETREF(c->methods[i], m);
        }
        c->vdefs[i] = vtable_def(c->type, m);
        if (c->vcalls != NULL) {
            c->vcalls[i] = vcall_of(c, c->vdefs[i]);
        }
    }
    return 0;
}

/* Is code that of the `wrap` closure dataclasses.dataclass(...) returns? */
static int is_dataclass_wrap(PyObject *code)
{
    PyObject *mod = PyImport_ImportModule("dataclasses");
    PyObject *dc = mod ? PyObject_GetAttrString(mod, "dataclass") : NULL;
    PyObject *dcode = dc ? PyObject_GetAttrString(dc, "__code__") : NULL;
    PyObject *consts = dcode ? PyObject_GetAttrString(dcode, "co_consts") : NULL;
    int found = 0;
    for (Py_ssize_t i = 0; consts && PyTuple_Check(consts) && i < PyTuple_GET_SIZE(consts); i++) {
        found |= PyTuple_GET_ITEM(consts, i) == code;
    }
    PyErr_Clear();
    Py_XDECREF(mod);
    Py_XDECREF(dc);
    Py_XDECREF(dcode);
    Py_XDECREF(consts);
    return found;
}

PyObject *Pyc2c_NativeClassDecorator(PyObject *deco, Pyc2cClass *c)
{
    PyObject *code = PyFunction_Check(deco) ? PyFunction_GET_CODE(deco) : NULL;
    PyObject *closure = code ? PyFunction_GET_CLOSURE(deco) : NULL;
    Py_ssize_t k = closure && PyTuple_Check(closure) ? Pyc2c_CellIndex(code, "slots") : -1;
    PyErr_Clear();
    if (c->type == NULL || k < 0 || k >= PyTuple_GET_SIZE(closure) ||
        PyCell_GET(PyTuple_GET_ITEM(closure, k)) != Py_True || !is_dataclass_wrap(code)) {
        return Py_NewRef(deco);
    }
    PyObject *cells = PyTuple_GetSlice(closure, 0, PyTuple_GET_SIZE(closure));
    PyObject *no = cells ? PyCell_New(Py_False) : NULL;
    PyObject *fn = no ? PyFunction_NewWithQualName(code, PyFunction_GET_GLOBALS(deco), NULL) : NULL;
    if (fn != NULL) {
        Py_SETREF(((PyTupleObject *)cells)->ob_item[k], no);
        no = NULL;
        if (PyFunction_SetClosure(fn, cells) < 0) {
            Py_CLEAR(fn);
        }
    }
    Py_XDECREF(no);
    Py_XDECREF(cells);
    c->slots_pending = fn != NULL;
    return fn;
}

#if PY_VERSION_HEX < 0x030B0000
/* __slots__ as 3.10's dataclass(slots=True) sets it: every field, a base's too. */
static int dataclass_slots(PyObject *cls, Pyc2cClass *c)
{
    (void)c;
    PyObject *dc = PyImport_ImportModule("dataclasses");
    PyObject *all = dc ? PyObject_CallMethod(dc, "fields", "O", cls) : NULL;
    Py_ssize_t n = all && PyTuple_Check(all) ? PyTuple_GET_SIZE(all) : -1;
    PyObject *names = n >= 0 ? PyTuple_New(n) : NULL;
    for (Py_ssize_t i = 0; names && i < n; i++) {
        PyObject *name = PyObject_GetAttrString(PyTuple_GET_ITEM(all, i), "name");
        if (name == NULL) {
            Py_CLEAR(names);
            break;
        }
        PyTuple_SET_ITEM(names, i, name);
    }
    int rc = names ? PyObject_SetAttrString(cls, "__slots__", names) : -1;
    Py_XDECREF(names);
    Py_XDECREF(all);
    Py_XDECREF(dc);
    return rc;
}
#else
/* __slots__ as dataclass(slots=True) sets it: the class's own fields, in field order. */
static int dataclass_slots(PyObject *cls, Pyc2cClass *c)
{
    PyObject *fields = PyObject_GetAttrString(cls, "__dataclass_fields__");
    PyObject *names = fields && PyDict_Check(fields) ? PyList_New(0) : NULL;
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    while (names && PyDict_Next(fields, &pos, &k, &v)) {
        for (int i = 0; i < c->nfields; i++) {
            if (PyUnicode_Check(k) && PyUnicode_Compare(k, c->fields[i].pyname) == 0 && PyList_Append(names, k) < 0) {
                Py_CLEAR(names);
                break;
            }
        }
    }
    PyObject *t = names ? PyList_AsTuple(names) : NULL;
    int rc = t ? PyObject_SetAttrString(cls, "__slots__", t) : -1;
    Py_XDECREF(t);
    Py_XDECREF(names);
    Py_XDECREF(fields);
    return rc;
}
#endif

/* `sides = 3` in a subclass body for a base's field `sides`: it would hide the base's
 * descriptor, so a descriptor of the same field, owned by the subclass, holds it as
 * that class's default (armed: rebinding it is seen as the base's is). */
static int override_defaults(Pyc2cClass *c)
{
    PyTypeObject *t = c->type;
    for (Pyc2cClass *k = c->base; k != NULL; k = k->base) {
        for (int i = 0; i < k->nfields; i++) {
            Pyc2cField *f = &k->fields[i];
            PyObject *v = PyDict_GetItemWithError(t->tp_dict, f->pyname);
            if (v == NULL || Py_IS_TYPE(v, &FieldDescr_Type) || Py_TYPE(v)->tp_descr_set != NULL ||
                f->descr == NULL || !Py_IS_TYPE(f->descr, &FieldDescr_Type) || ((FieldDescr *)f->descr)->slotted) {
                if (PyErr_Occurred()) {
                    return -1;
                }
                continue;
            }
            FieldDescr *nd = (FieldDescr *)new_descr(f, t, 0);
            if (nd == NULL) {
                return -1;
            }
            nd->class_value = Py_NewRef(v);
            int rc = PyDict_SetItem(t->tp_dict, f->pyname, (PyObject *)nd);
            nd->armed = rc == 0;
            Py_DECREF(nd);
            if (rc < 0) {
                return -1;
            }
        }
    }
    PyType_Modified(t);
    return 0;
}

PyObject *Pyc2c_NativeClassFinish(PyObject *cls, Pyc2cClass *c)
{
    Py_INCREF(cls);
    if (c->type == NULL) {
        return cls;
    }
    if (cls != (PyObject *)c->type) {   /* a decorator made another class: leave it generic */
        c->type = NULL;
        return cls;
    }
    for (int i = 0; i < c->nfields; i++) {
        PyObject *d = c->fields[i].descr, *v = PyDict_GetItemWithError(c->type->tp_dict, c->fields[i].pyname);
        if (v == NULL && PyErr_Occurred()) {
            Py_DECREF(cls);
            return NULL;
        }
        /* `x: int = 0`, a dataclass default; dataclass(slots=True) takes its defaults off
         * the class, leaving the member */
        if (v != NULL && v != d && Py_IS_TYPE(d, &FieldDescr_Type) && !c->slots_pending) {
            Py_INCREF(v);
            Py_XSETREF(((FieldDescr *)d)->class_value, v);
        }
        if (PyObject_SetAttr(cls, c->fields[i].pyname, d) < 0) {
            Py_DECREF(cls);
            return NULL;
        }
    }
    if (override_defaults(c) < 0) {
        Py_DECREF(cls);
        return NULL;
    }
    for (int i = 0; i < c->nfields; i++) {
        refresh_unset_word(&c->fields[i]);
    }
    for (int i = 0; i < c->nfields; i++) {
        FieldDescr *d = (FieldDescr *)c->fields[i].descr;
        if (Py_IS_TYPE(d, &FieldDescr_Type) && !d->slotted && !c->slots_pending && Py_REFCNT(d) > 1) {
            d->armed = 1;   /* the class dict's reference is the one left (rebind) */
            Py_DECREF(d);
        }
    }
    if (Pyc2c_DataclassNativeMethods(c->type, c) < 0 || find_methods(c) < 0 ||
        (c->slots_pending && dataclass_slots(cls, c) < 0)) {
        Py_DECREF(cls);
        return NULL;
    }
    c->tag = c->checked_tag = PYC2C_CLASS_NO_TAG;
    return cls;
}

/* The full checks behind Pyc2c_LeafClassChecked/Rechecked's fast path (native_class.h). */
int64_t Pyc2c_ClassCheckedCold(PyObject *o, Pyc2cClass *c)
{
    return Pyc2c_ClassChecked(o, c);
}

int64_t Pyc2c_ClassRecheckedCold(PyObject *o, int64_t kc, Pyc2cClass *c)
{
    return Pyc2c_ClassRechecked(o, kc, c);
}

int64_t Pyc2c_ClassCheckedOut(PyObject *o, Pyc2cClass *c)
{
    return Pyc2c_ClassChecked(o, c);
}

/* Pyc2c_ClassSlotDef past its fast path. */
const Pyc2cFuncDef *Pyc2c_ClassSlotDefOut(PyObject *cls, Pyc2cClass *c, int k)
{
    if (!PyType_Check(cls)) {
        return NULL;
    }
    PyTypeObject *t = (PyTypeObject *)cls;
    Pyc2cClass *kc = Pyc2c_FamilyOf(t, c);
    if (kc == NULL || (!PYC2C_TYPE_TAG_IS(t, kc->tag) && !Pyc2c_ClassRevalidate(kc))) {
        return NULL;
    }
    return kc->vdefs[k];
}

int Pyc2c_ClassRevalidate(Pyc2cClass *c)
{
    PyTypeObject *t = c->type;
    if (t->tp_getattro != PyObject_GenericGetAttr) {
        return 0;
    }
    int own = 1;
    for (Pyc2cClass *k = c; k != NULL; k = k->base) {
        for (int i = 0; i < k->nfields; i++) {
            PyObject *d = _PyType_Lookup(t, k->fields[i].pyname);
            if (!same_field(d, &k->fields[i])) {
                return 0;
            }
            own &= d == k->fields[i].descr;
        }
    }
    c->own_descrs = (char)own;
    if (find_methods(c) < 0) {
        PyErr_Clear();
        return 0;
    }
    if (!PYC2C_TYPE_TAG_VALID(t) || t->tp_version_tag == PYC2C_NO_TAG) {
        return 0;
    }
    c->stores_ok = t->tp_setattro == PyObject_GenericSetAttr;
    c->new_ok = expected_metaclass((PyObject *)Py_TYPE(t), c) && t->tp_new == PyBaseObject_Type.tp_new &&
                !(t->tp_flags & Py_TPFLAGS_IS_ABSTRACT);
    c->tag = t->tp_version_tag;
    c->checked_tag = c->stores_ok ? c->tag : PYC2C_CLASS_NO_TAG;
    return 1;
}

int Pyc2c_VirtualInstance(PyObject *o, Pyc2cClass *c)
{
    if (c->type == NULL || !abc_family(c)) {
        return 0;
    }
    int is = PyObject_IsInstance(o, (PyObject *)c->type);
    if (is < 0) {
        PyErr_Clear();   /* a failing __subclasshook__: the caller's TypeError says what was given */
    }
    return is > 0;
}

PyObject *Pyc2c_CastInstanceStealSlow(PyObject *o, Pyc2cClass *c, int or_none)
{
    PyObject *r = Pyc2c_CastInstanceSlow(o, c, or_none);
    Py_DECREF(o);
    return r;
}

PyObject *Pyc2c_CastInstanceSlow(PyObject *o, Pyc2cClass *c, int or_none)
{
    if ((c->type != NULL && PyObject_TypeCheck(o, c->type)) || (or_none && o == Py_None)) {
        Py_INCREF(o);
        return o;
    }
    if (c->type != NULL && Pyc2c_VirtualInstance(o, c)) {
        return Py_NewRef(o);
    }
    if (c->type == NULL) {   /* a plain class: its name's current class */
        Py_INCREF(o);
        return o;
    }
    return Pyc2c_CastFail(c->name, o);
}

/* ---- slow paths: the attribute protocol ---- */

/* The field by name, as CPython reads it (the names exist once the class was made). */
/* The attribute protocol's answer for field f of o. Where o's type finds f's own
 * descriptor (an unset field with a class default: `n: int = 0` read before any store),
 * that descriptor's read without the generic lookup around it. */
static PyObject *attr_of(PyObject *o, const Pyc2cField *f)
{
    if (f->pyname == NULL) {
        return PyObject_GetAttrString(o, f->name);
    }
    PyObject *d = Py_TYPE(o)->tp_getattro == PyObject_GenericGetAttr ? _PyType_Lookup(Py_TYPE(o), f->pyname) : NULL;
    if (d != NULL && same_field(d, f) && Pyc2c_IsFieldDescrOf(d, Py_TYPE(o))) {
        return Pyc2c_FieldDescrRead(d, o);
    }
    return PyObject_GetAttr(o, f->pyname);
}

double Pyc2c_FieldGetSlowF(PyObject *o, const Pyc2cField *f)
{
    PyObject *v = attr_of(o, f);
    if (v == NULL) {
        return PYC2C_FLOAT_ERROR;
    }
    double d = Pyc2cFloat_UnboxChecked(v);
    Py_DECREF(v);
    return d;
}

PyObject *Pyc2c_FieldGetSlowO(PyObject *o, const Pyc2cField *f)
{
    return PyObject_GetAttr(o, f->pyname);
}

char Pyc2c_FieldGetSlowB(PyObject *o, const Pyc2cField *f)
{
    PyObject *v = attr_of(o, f);
    if (v == NULL) {
        return 2;
    }
    char r = v == Py_True ? 1 : v == Py_False ? 0 : 2;
    if (r == 2) {
        Pyc2c_TypeError("bool", v);
    }
    Py_DECREF(v);
    return r;
}

Pyc2cInt Pyc2c_FieldGetColdI(PyObject *o, int64_t ok, const Pyc2cField *f)
{
    if (ok != 0) {
        Pyc2cInt w = PYC2C_AT(o, f->offset, Pyc2cInt);
        if (w == 0 && f->unset_word != 0 && PYC2C_CHECKED_CLASS(ok)->own_descrs) {
            return PYC2C_FIELD_INT_VALUE(f->unset_word);   /* `count: int = 0` read before a store */
        }
        if (w != 0 && PyLong_CheckExact(PYC2C_FIELD_INT_OBJ(w))) {
            return Pyc2cInt_FromPyLong(PYC2C_FIELD_INT_OBJ(w));
        }
    }
    return Pyc2c_FieldGetSlowI(o, f);
}

Pyc2cInt Pyc2c_FieldGetSlowI(PyObject *o, const Pyc2cField *f)
{
    PyObject *v = attr_of(o, f);
    if (v == NULL) {
        return PYC2C_INT_ERROR;
    }
    Pyc2cInt r = Pyc2cInt_Unbox(v);
    if (r == PYC2C_INT_ERROR && !PyErr_Occurred()) {
        Pyc2c_TypeError("int", v);
    }
    Py_DECREF(v);
    return r;
}

int64_t Pyc2c_FieldGetSlowQ(PyObject *o, const Pyc2cField *f)
{
    PyObject *v = attr_of(o, f);
    if (v == NULL) {
        return PYC2C_I64_ERROR;
    }
    int64_t r = Pyc2cI64_Unbox(v);
    if (r == PYC2C_I64_ERROR && !PyErr_Occurred() && !PyLong_Check(v)) {
        Pyc2c_TypeError("int", v);
    }
    Py_DECREF(v);
    return r;
}

int32_t Pyc2c_FieldGetSlowW(PyObject *o, const Pyc2cField *f)
{
    PyObject *v = attr_of(o, f);
    if (v == NULL) {
        return PYC2C_I32_ERROR;
    }
    int32_t r = Pyc2cI32_Unbox(v);
    if (r == PYC2C_I32_ERROR && !PyErr_Occurred() && !PyLong_Check(v)) {
        Pyc2c_TypeError("int", v);
    }
    Py_DECREF(v);
    return r;
}

char Pyc2c_FieldSetSlowI(PyObject *o, const Pyc2cField *f, Pyc2cInt v)
{
    PyObject *b = Pyc2cInt_Box(v);
    return b == NULL ? 2 : Pyc2c_FieldSetSlow(o, f, b);
}

char Pyc2c_FieldSetBigI(PyObject *o, const Pyc2cField *f, Pyc2cInt v)
{
    PyObject *b = Pyc2cInt_Box(v);
    if (b == NULL) {
        return 2;
    }
    int_word_set(o, f, (Pyc2cInt)(uintptr_t)b);
    return 0;
}

char Pyc2c_FieldSetSlow(PyObject *o, const Pyc2cField *f, PyObject *v)
{
    int rc = f->pyname ? PyObject_SetAttr(o, f->pyname, v) : PyObject_SetAttrString(o, f->name, v);
    Py_DECREF(v);
    return rc < 0 ? 2 : 0;
}
