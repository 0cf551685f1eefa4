/* cells.c - closures: the variables a nested function shares with the function that
 * defines it live in CPython cell objects (PyCell), as in CPython itself, so that
 * __closure__ and cell_contents read as usual. */
#include "pyc2c.h"

/* A cell found empty: UnboundLocalError in the function that owns it, NameError in a
 * function that reads it through its closure (both worded as the running version does). */
static void raise_unbound(PyObject *name, int free)
{
    if (free != 1) {
        const char *s = PyUnicode_AsUTF8(name);
        if (s != NULL && free == 2) {
            Pyc2c_RaiseUnboundFree(s);   /* read in a comprehension (below) */
        } else if (s != NULL) {
            Pyc2c_RaiseUnboundLocal(s);
        }
        return;
    }
#if PY_VERSION_HEX >= 0x030B0000
    PyErr_Format(PyExc_NameError,
                 "cannot access free variable '%U' where it is not associated with a value in enclosing scope", name);
#else
    PyErr_Format(PyExc_NameError, "free variable '%U' referenced before assignment in enclosing scope", name);
#endif
    Pyc2c_NameErrorSetName(name);
}

PyObject *Pyc2c_CellGet(PyObject *cell, PyObject *name, int free)
{
    PyObject *v = PyCell_GET(cell);
    if (v == NULL) {
        raise_unbound(name, free);
        return NULL;
    }
    Py_INCREF(v);
    return v;
}

/* The class zero-argument super() finds in its __class__ cell; attr: super().name,
 * whose __class__ 3.12+ reads as a free variable (LOAD_SUPER_ATTR) before super runs. */
PyObject *Pyc2c_CellGetSuper(PyObject *cell, int64_t attr)
{
    PyObject *v = PyCell_GET(cell);
    if (v == NULL) {
#if PY_VERSION_HEX >= 0x030C0000
        if (attr) {
            PyErr_SetString(PyExc_NameError,
                            "cannot access free variable '__class__' where it is not associated with a value in enclosing scope");
            return NULL;
        }
#else
        (void)attr;
#endif
        PyErr_SetString(PyExc_RuntimeError, "super(): empty __class__ cell");
        return NULL;
    }
    Py_INCREF(v);
    return v;
}

char Pyc2c_CellSet(PyObject *cell, PyObject *value)
{
    PyObject *old = PyCell_GET(cell);
    Py_INCREF(value);
    PyCell_SET(cell, value);
    Py_XDECREF(old);
    return 0;
}

char Pyc2c_CellDel(PyObject *cell, PyObject *name, int free)
{
    PyObject *old = PyCell_GET(cell);
    if (old == NULL) {
        raise_unbound(name, free);
        return 2;
    }
    PyCell_SET(cell, NULL);
    Py_DECREF(old);
    return 0;
}

PyObject *Pyc2c_ClosureCell(PyObject *closure, int64_t i)
{
    PyObject *cell = PyTuple_GET_ITEM(closure, (Py_ssize_t)i);
    Py_INCREF(cell);
    return cell;
}

/* ---- comprehensions: a free variable read before its assignment ---- */
void Pyc2c_RaiseUnboundFree(const char *name)
{
#if PY_VERSION_HEX >= 0x030C0000
    Pyc2c_RaiseUnboundLocal(name);   /* PEP 709: comprehensions are inlined */
#elif PY_VERSION_HEX >= 0x030B0000
    PyErr_Format(PyExc_NameError,
                 "cannot access free variable '%s' where it is not associated with a value in enclosing scope", name);
#else
    PyErr_Format(PyExc_NameError, "free variable '%s' referenced before assignment in enclosing scope", name);
#endif
}
