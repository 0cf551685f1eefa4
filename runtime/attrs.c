/* attrs.c - the slow paths of attribute sites (see attrs.h). */
#include "pyc2c.h"

#include <string.h>
#include <structmember.h>   /* PyMemberDef before 3.12 */

#define MEMBER_OBJECT_EX 16   /* T_OBJECT_EX / Py_T_OBJECT_EX */
#define MEMBER_READONLY 1     /* READONLY / Py_READONLY */

/* The item a NamedTuple field's descriptor d (collections' _tuplegetter: a data
 * descriptor, so an instance __dict__ never hides it) reads from instances of the tuple
 * subclass tp: remembered as the offset of that item, and the length the tuple needs.
 * Its index is what the descriptor's own __reduce__ gives, (type, (index, doc)). */
static int tuple_item(PyTypeObject *tp, PyObject *d, Pyc2cAttrCache *c)
{
    if (!PyType_IsSubtype(tp, &PyTuple_Type) || strcmp(Py_TYPE(d)->tp_name, "_collections._tuplegetter") != 0 ||
        !PYC2C_TYPE_TAG_VALID(tp)) {
        return 0;
    }
    PyObject *red = PyObject_CallMethod(d, "__reduce__", NULL);
    PyObject *args = red != NULL && PyTuple_Check(red) && PyTuple_GET_SIZE(red) == 2 ? PyTuple_GET_ITEM(red, 1) : NULL;
    PyObject *i = args != NULL && PyTuple_Check(args) && PyTuple_GET_SIZE(args) >= 1 ? PyTuple_GET_ITEM(args, 0) : NULL;
    Py_ssize_t index = i != NULL && PyLong_CheckExact(i) ? PyLong_AsSsize_t(i) : -1;
    Py_XDECREF(red);
    if (index < 0 || index >= PY_SSIZE_T_MAX / (Py_ssize_t)sizeof(PyObject *) - 64) {
        PyErr_Clear();
        return 0;
    }
    c->type = tp;
    c->version = tp->tp_version_tag;
    c->offset = (Py_ssize_t)offsetof(PyTupleObject, ob_item) + index * (Py_ssize_t)sizeof(PyObject *);
    c->tuple_len = index + 1;
    c->field = NULL;
    return 1;
}

/* Remembers tp's member `name` in c when the site may use its slot directly. */
static void fill(PyTypeObject *tp, PyObject *name, Pyc2cAttrCache *c, int for_store)
{
    c->type = NULL;
    if (for_store ? tp->tp_setattro != PyObject_GenericSetAttr : tp->tp_getattro != PyObject_GenericGetAttr) {
        return;
    }
    PyObject *d = _PyType_Lookup(tp, name);   /* borrowed; gives tp a version tag */
    if (d != NULL && PYC2C_TYPE_TAG_VALID(tp) && Pyc2c_IsFieldDescrOf(d, tp)) {
        c->type = tp;
        c->version = tp->tp_version_tag;
        c->field = d;
        c->tuple_len = 0;
        return;
    }
    if (d != NULL && !for_store && tuple_item(tp, d, c)) {
        return;
    }
    if (d == NULL || !Py_IS_TYPE(d, &PyMemberDescr_Type)) {
        return;
    }
    PyMemberDef *m = ((PyMemberDescrObject *)d)->d_member;
    int allowed = for_store ? 0 : MEMBER_READONLY;   /* audited members: never */
    if (m->type != MEMBER_OBJECT_EX || (m->flags & ~allowed) != 0) {
        return;
    }
    if (!PYC2C_TYPE_TAG_VALID(tp)) {
        return;
    }
    c->type = tp;
    c->version = tp->tp_version_tag;
    c->offset = m->offset;
    c->tuple_len = 0;
    c->field = NULL;
}

/* A module attribute that is its dict's entry (not one of the module type's own
 * descriptors, nor a module __getattr__'s answer) is remembered with the dict's version. */
static void fill_module(PyObject *m, PyObject *name, PyObject *found, Pyc2cAttrCache *c)
{
    PyObject *d = PyModule_GetDict(m);   /* borrowed; never replaced */
    if (d == NULL || PyDict_GetItemWithError(d, name) != found) {
        PyErr_Clear();
        return;
    }
    PyObject *old = c->module;
    Py_INCREF(m);
    c->module = m;
    c->mdict = d;
    c->mvalue = found;   /* borrowed: the dict holds it while its version stands */
    c->mversion = Pyc2c_DictVersion(d);
    Py_XDECREF(old);
}

/* A NamedTuple field of o, a tuple of c's type: its item, once the tuple is known to
 * hold it (a short tuple from tuple.__new__ takes the lookup and its IndexError). */
PyObject *Pyc2c_GetTupleField(PyObject *o, PyObject *name, Pyc2cAttrCache *c)
{
    if (PyTuple_GET_SIZE(o) >= c->tuple_len) {
        PyObject *v = *(PyObject **)((char *)o + c->offset);
        Py_INCREF(v);
        return v;
    }
    return Pyc2c_GetAttrFill(o, name, c);
}

PyObject *Pyc2c_GetAttrFill(PyObject *o, PyObject *name, Pyc2cAttrCache *c)
{
    if (PyUnicode_CheckExact(name)) {
        fill(Py_TYPE(o), name, c, 0);
    }
    PyObject *r = PyObject_GetAttr(o, name);
    if (r != NULL && Py_IS_TYPE(o, &PyModule_Type) && PyUnicode_CheckExact(name)) {
        fill_module(o, name, r, c);
    }
    return r;
}

int Pyc2c_SetAttrFill(PyObject *o, PyObject *name, PyObject *v, Pyc2cAttrCache *c)
{
    if (PyUnicode_CheckExact(name)) {
        fill(Py_TYPE(o), name, c, 1);
    }
    return PyObject_SetAttr(o, name, v);
}

/* Can the instances of tp hold an attribute of their own (a __dict__)? */
static int instance_dict(PyTypeObject *tp)
{
#ifdef Py_TPFLAGS_MANAGED_DICT
    if (tp->tp_flags & Py_TPFLAGS_MANAGED_DICT) {
        return 1;
    }
#endif
    return tp->tp_dictoffset != 0;
}

/* A class attribute read (attrs.h): the attribute protocol's answer, remembered for tp
 * (the instance's type; NULL: o is the class read) when nothing but tp's MRO decides it. */
PyObject *Pyc2c_ClassAttrFill(PyObject *o, PyTypeObject *tp, PyObject *name, Pyc2cClassAttrCache *c)
{
    PyObject *r = PyObject_GetAttr(o, name);
    if (r == NULL || !PyUnicode_CheckExact(name)) {
        return r;
    }
    if (tp == NULL) {
        /* C.X: type's own lookup, which finds no such name on the metaclass type */
        if (!Py_IS_TYPE(o, &PyType_Type) || _PyType_Lookup(&PyType_Type, name) != NULL) {
            return r;
        }
        tp = (PyTypeObject *)o;
    } else if (tp->tp_getattro != PyObject_GenericGetAttr || instance_dict(tp)) {
        return r;
    }
    PyObject *d = _PyType_Lookup(tp, name);   /* borrowed; gives tp a version tag */
    if (d != r || Py_TYPE(d)->tp_descr_get != NULL || !PYC2C_TYPE_TAG_VALID(tp)) {
        return r;
    }
    int i = c->next;
    c->type[i] = tp;
    c->version[i] = tp->tp_version_tag;
    c->value[i] = d;
    c->next = !i;
    return r;
}
