/* entry.c - Python entries of compiled functions from their parameter tables (entry.h).
 * Does what the written-out entry did, in its order: bind (CPython's TypeErrors), then
 * each argument's check and unboxing in parameter order, then a tick of the entry
 * countdown (a call from Python counts like a back-edge), then the call. */
#include "pyc2c.h"

static int passes_check(const Pyc2cParamSpec *p, PyObject *o)
{
    switch (p->kind) {
    case 'i': case 'l': case 'w': return PyLong_Check(o);
    case 'f': return Pyc2cFloat_Check(o);
    case 'b': return PyBool_Check(o);
    case 'n': return o == Py_None;
    default: break;
    }
    switch (p->check) {
    case 's': return PyUnicode_Check(o);
    case 'L': return PyList_Check(o);
    case 'd': return PyDict_Check(o);
    case 'S': return PySet_Check(o);
    case 't': return PyTuple_Check(o);
    case 'c': return (p->or_none && o == Py_None) || Pyc2c_InstanceCheck(o, p->cls);
    case 'u': return Pyc2c_UnionCheck(o, p->union_mask);
    default: return 1;
    }
}

/* Unboxes o into v; 0, or -1 with the exception set. */
static int unbox(const Pyc2cParamSpec *p, PyObject *o, Pyc2cArgValue *v)
{
    switch (p->kind) {
    case 'i':
        v->i = Pyc2cInt_Unbox(o);
        return v->i == PYC2C_INT_ERROR ? -1 : 0;
    case 'f':
        v->f = Pyc2cFloat_Unbox(o);
        return v->f == PYC2C_FLOAT_ERROR && PyErr_Occurred() ? -1 : 0;
    case 'b':
        v->b = (char)(o == Py_True);
        return 0;
    case 'n':
        v->b = 0;
        return 0;
    case 'l':
        v->l = Pyc2cI64_Unbox(o);
        return v->l == PYC2C_I64_ERROR && PyErr_Occurred() ? -1 : 0;
    case 'w':
        v->w = Pyc2cI32_Unbox(o);
        return v->w == PYC2C_I32_ERROR && PyErr_Occurred() ? -1 : 0;
    default:
        v->o = o;   /* borrowed from in[] */
        return 0;
    }
}

/* Releases what the entry holds: unboxed ints, owned slots, the defaults. */
static void release(Pyc2cEntry *e, int unboxed)
{
    for (int i = 0; i < unboxed; i++) {
        if (e->spec[i].kind == 'i') {
            Pyc2cInt_DECREF(e->v[i].i);
        }
    }
    for (int i = e->owned_from; i < e->n; i++) {
        Py_DECREF(e->in[i]);
    }
    Py_XDECREF(e->defaults);
}

int Pyc2c_EntryBegin(Pyc2cEntry *e, PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames,
                     const Pyc2cParamSpec *spec, int n, PyObject **module_dict)
{
    const Pyc2cSig *sig = ((Pyc2cFunction *)self)->def->sig;
    e->defaults = NULL;
    e->spec = spec;
    e->n = n;
    e->owned_from = sig->nparams;
    e->module_dict = module_dict;
    if (Pyc2cFunction_BindArgs(self, args, nargsf, kwnames, e->in, &e->defaults) < 0) {
        return -1;
    }
    for (int i = 0; i < n; i++) {
        if (!passes_check(&spec[i], e->in[i])) {
            Pyc2c_ArgTypeError(sig, i, spec[i].type_name, e->in[i]);
            release(e, i);
            return -1;
        }
        if (unbox(&spec[i], e->in[i], &e->v[i]) < 0) {
            release(e, i);
            return -1;
        }
    }
    if (PYC2C_UNLIKELY(Pyc2c_CheckInterrupts(&pyc2c_entry_tick, module_dict) == 2)) {
        release(e, n);
        return -1;
    }
    e->caller_dict = *module_dict;
    *module_dict = Pyc2cFunction_GLOBALS(self);
    return 0;
}

/* The call is over: the caller's module runs again; res passes through. */
static PyObject *end(Pyc2cEntry *e, PyObject *res)
{
    *e->module_dict = e->caller_dict;
    release(e, e->n);
    return res;
}

PyObject *Pyc2c_EntryEndInt(Pyc2cEntry *e, Pyc2cInt r)
{
    PyObject *res = NULL;
    if (r != PYC2C_INT_ERROR) {
        res = Pyc2cInt_Box(r);
        Pyc2cInt_DECREF(r);
    }
    return end(e, res);
}

PyObject *Pyc2c_EntryEndFloat(Pyc2cEntry *e, double r)
{
    return end(e, r == PYC2C_FLOAT_ERROR && PyErr_Occurred() ? NULL : PyFloat_FromDouble(r));
}

PyObject *Pyc2c_EntryEndBool(Pyc2cEntry *e, char r)
{
    return end(e, r == 2 ? NULL : PyBool_FromLong(r));
}

PyObject *Pyc2c_EntryEndNone(Pyc2cEntry *e, char r)
{
    if (r == 2) {
        return end(e, NULL);
    }
    Py_INCREF(Py_None);
    return end(e, Py_None);
}

PyObject *Pyc2c_EntryEndI64(Pyc2cEntry *e, int64_t r)
{
    return end(e, r == PYC2C_I64_ERROR && PyErr_Occurred() ? NULL : Pyc2cI64_Box(r));
}

PyObject *Pyc2c_EntryEndI32(Pyc2cEntry *e, int32_t r)
{
    return end(e, r == PYC2C_I32_ERROR && PyErr_Occurred() ? NULL : Pyc2cI32_Box(r));
}

PyObject *Pyc2c_EntryEndObj(Pyc2cEntry *e, PyObject *r)
{
    return end(e, r);
}
