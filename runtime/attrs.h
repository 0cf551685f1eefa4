/* attrs.h - attribute reads and writes of `__slots__` members at their offset.
 *
 * o.name and o.name = v go through PyObject_GetAttr / SetAttr, except where the last
 * lookup at this site found a plain object member (a `__slots__` entry) on o's type:
 * while the type's version tag is unchanged (CPython changes it on any change to the
 * type or its bases; before 3.10 it only clears the valid-tag flag) the member is still what the name resolves to (a data descriptor
 * wins over an instance __dict__), so the slot is read or written directly, as
 * CPython's LOAD_ATTR_SLOT does.  An empty slot takes the slow path (its
 * AttributeError).  A NamedTuple's field (collections' _tuplegetter, a data descriptor
 * too) is read the same way from the tuple's items, out of line (Pyc2c_GetTupleField:
 * when the tuple is long enough).  A field of a compiled class with a C layout (its pyc2c.field
 * descriptor: a float, bool or int stored unboxed) is read or written by the
 * descriptor's own code without the lookup, as LOAD_ATTR_PROPERTY skips it.
 * Included by pyc2c.h. */
#ifndef PYC2C_ATTRS_H
#define PYC2C_ATTRS_H

typedef struct Pyc2cAttrCache {
    PyTypeObject *type;      /* NULL: nothing cached */
    unsigned int version;
    Py_ssize_t offset;       /* of the member's PyObject * in the instance (a tuple's item
                              * for a NamedTuple field: its _tuplegetter) */
    Py_ssize_t tuple_len;    /* a tuple item: the length the tuple must reach; else 0 */
    PyObject *field;         /* NULL: a member; else the field descriptor found (the
                              * type holds it while its version tag is unchanged) */
    /* m.name of a module (heapq.heappush): the value its dict held, while the dict's
     * version is unchanged, as CPython's LOAD_ATTR_MODULE. The module is held so that
     * its address is never another module's. */
    PyObject *module, *mdict, *mvalue;
    uint64_t mversion;
} Pyc2cAttrCache;

PyObject *Pyc2c_FieldDescrRead(PyObject *descr, PyObject *o);            /* native_class.c */
int Pyc2c_FieldDescrWrite(PyObject *descr, PyObject *o, PyObject *v);
int Pyc2c_IsFieldDescrOf(PyObject *d, PyTypeObject *tp);

PyObject *Pyc2c_GetAttrFill(PyObject *o, PyObject *name, Pyc2cAttrCache *c);
PyObject *Pyc2c_GetTupleField(PyObject *o, PyObject *name, Pyc2cAttrCache *c);   /* c->tuple_len set */
int Pyc2c_SetAttrFill(PyObject *o, PyObject *name, PyObject *v, Pyc2cAttrCache *c);

static inline PyObject *Pyc2c_GetAttr(PyObject *o, PyObject *name, Pyc2cAttrCache *c)
{
    PyTypeObject *tp = Py_TYPE(o);
    if (tp == c->type && PYC2C_TYPE_TAG_IS(tp, c->version)) {
        if (c->field != NULL) {
            return Pyc2c_FieldDescrRead(c->field, o);
        }
        if (PYC2C_UNLIKELY(c->tuple_len != 0)) {
            return Pyc2c_GetTupleField(o, name, c);   /* out of line: o is a tuple there */
        }
        PyObject *v = *(PyObject **)((char *)o + c->offset);
        if (PYC2C_LIKELY(v != NULL)) {
            Py_INCREF(v);
            return v;
        }
    }
    if (o == c->module && Pyc2c_DictVersion(c->mdict) == c->mversion) {
        Py_INCREF(c->mvalue);
        return c->mvalue;
    }
    return Pyc2c_GetAttrFill(o, name, c);
}

/* self.X and C.X of a class constant (compiler/sema/class_final.c): the value X's
 * lookup finds in the type of the receiver (in the class itself for Pyc2c_ClassAttrOf),
 * remembered with the type's version tag for the two types the site saw last (a base's
 * method reading a constant its subclasses override). Only a lookup that the instance
 * cannot change (no instance __dict__, generic __getattribute__; a class of metaclass
 * type, which defines no such name) and that finds a plain value (no __get__) is
 * remembered; the value is borrowed: the type's dict holds it while the tag stands
 * (CPython changes the tag of the class and its subclasses on any change to them). */
typedef struct Pyc2cClassAttrCache {
    PyTypeObject *type[2];   /* NULL: nothing cached */
    unsigned int version[2];
    PyObject *value[2];
    int next;                /* the entry the next fill takes */
} Pyc2cClassAttrCache;

PyObject *Pyc2c_ClassAttrFill(PyObject *o, PyTypeObject *tp, PyObject *name, Pyc2cClassAttrCache *c);

PYC2C_INLINE PyObject *Pyc2c_ClassAttrHit(PyTypeObject *tp, Pyc2cClassAttrCache *c)
{
    int i = tp == c->type[0] && PYC2C_TYPE_TAG_IS(tp, c->version[0]) ? 0
            : tp == c->type[1] && PYC2C_TYPE_TAG_IS(tp, c->version[1]) ? 1 : -1;
    if (i < 0) {
        return NULL;
    }
    Py_INCREF(c->value[i]);
    return c->value[i];
}

PYC2C_INLINE PyObject *Pyc2c_ClassAttr(PyObject *o, PyObject *name, Pyc2cClassAttrCache *c)
{
    PyObject *v = Pyc2c_ClassAttrHit(Py_TYPE(o), c);
    return PYC2C_LIKELY(v != NULL) ? v : Pyc2c_ClassAttrFill(o, Py_TYPE(o), name, c);
}

PYC2C_INLINE PyObject *Pyc2c_ClassAttrOf(PyObject *cls, PyObject *name, Pyc2cClassAttrCache *c)
{
    PyObject *v = PyType_Check(cls) ? Pyc2c_ClassAttrHit((PyTypeObject *)cls, c) : NULL;
    return PYC2C_LIKELY(v != NULL) ? v : Pyc2c_ClassAttrFill(cls, NULL, name, c);
}

static inline int Pyc2c_SetAttr(PyObject *o, PyObject *name, PyObject *v, Pyc2cAttrCache *c)
{
    PyTypeObject *tp = Py_TYPE(o);
    if (tp == c->type && PYC2C_TYPE_TAG_IS(tp, c->version)) {
        if (c->field != NULL) {
            return Pyc2c_FieldDescrWrite(c->field, o, v);
        }
        PyObject **slot = (PyObject **)((char *)o + c->offset);
        PyObject *old = *slot;
        Py_INCREF(v);
        *slot = v;
        Py_XDECREF(old);
        return 0;
    }
    return Pyc2c_SetAttrFill(o, name, v, c);
}

#endif
