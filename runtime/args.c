/* args.c - argument parsing for Python entries (METH_FASTCALL | METH_KEYWORDS).
 *
 * Checks run in CPython's order (keywords, then too many positionals, then
 * missing arguments) and raise CPython's TypeError messages word for word. */
#include "pyc2c.h"

static int find_param(const Pyc2cSig *sig, PyObject *key)
{
    for (int i = 0; i < sig->nparams; i++) {
        if (PyUnicode_CompareWithASCIIString(key, sig->params[i]) == 0) {
            return i;
        }
    }
    return -1;
}

static void unexpected_keyword(const Pyc2cSig *sig, PyObject *key)
{
#if PY_VERSION_HEX >= 0x030D0000
    const char *k = PyUnicode_AsUTF8(key);
    const char *hint = k ? Pyc2c_SuggestName(k, sig->params, sig->nparams) : NULL;
    PyErr_Clear();
    if (hint) {
        PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%S'. Did you mean '%s'?",
                     sig->name, key, hint);
        return;
    }
#endif
    PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%S'", sig->name, key);
}

static int bind_keywords(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                         const Pyc2cSig *sig, PyObject **out)
{
    Py_ssize_t nkw = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
    for (Py_ssize_t k = 0; k < nkw; k++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, k);
        int i;
        if (!PyUnicode_Check(key)) {
            PyErr_Format(PyExc_TypeError, "%s() keywords must be strings", sig->name);
            return -1;
        }
        i = find_param(sig, key);
        if (i < 0) {
            unexpected_keyword(sig, key);
            return -1;
        }
        if (out[i] != NULL) {
            PyErr_Format(PyExc_TypeError, "%s() got multiple values for argument '%S'",
                         sig->name, key);
            return -1;
        }
        out[i] = args[nargs + k];
    }
    return 0;
}

static void too_many_positional(const Pyc2cSig *sig, Py_ssize_t nargs)
{
    const char *verb = nargs == 1 ? "was" : "were";
    if (sig->nrequired < sig->nparams) {
        PyErr_Format(PyExc_TypeError,
                     "%s() takes from %d to %d positional arguments but %zd %s given",
                     sig->name, sig->nrequired, sig->nparams, nargs, verb);
    } else {
        PyErr_Format(PyExc_TypeError, "%s() takes %d positional argument%s but %zd %s given",
                     sig->name, sig->nparams, sig->nparams == 1 ? "" : "s", nargs, verb);
    }
}

/* "'a'", "'a' and 'b'", "'a', 'b', and 'c'" */
static void missing_positional(const Pyc2cSig *sig, PyObject **out)
{
    int missing[64];
    int n = 0;
    char names[1024];
    size_t len = 0;
    for (int i = 0; i < sig->nrequired; i++) {
        if (out[i] == NULL && n < 64) {
            missing[n++] = i;
        }
    }
    names[0] = '\0';
    for (int j = 0; j < n; j++) {
        const char *sep = "";
        if (j > 0) {
            sep = n == 2 ? " and " : (j == n - 1 ? ", and " : ", ");
        }
        int w = snprintf(names + len, sizeof names - len, "%s'%s'", sep, sig->params[missing[j]]);
        if (w < 0 || (size_t)w >= sizeof names - len) {
            break;
        }
        len += (size_t)w;
    }
    PyErr_Format(PyExc_TypeError, "%s() missing %d required positional argument%s: %s",
                 sig->name, n, n == 1 ? "" : "s", names);
}

int Pyc2c_ParseArgs(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                    const Pyc2cSig *sig, PyObject **out)
{
    Py_ssize_t npos = nargs < sig->nparams ? nargs : sig->nparams;
    for (int i = 0; i < sig->nparams; i++) {
        out[i] = i < npos ? args[i] : NULL;
    }
    if (kwnames != NULL && bind_keywords(args, nargs, kwnames, sig, out) < 0) {
        return -1;
    }
    if (nargs > sig->nparams) {
        too_many_positional(sig, nargs);
        return -1;
    }
    for (int i = (int)nargs; i < sig->nrequired; i++) {
        if (out[i] == NULL) {
            missing_positional(sig, out);
            return -1;
        }
    }
    return 0;
}

static const char *type_name_of(PyObject *got)
{
    return got == Py_None ? "None" : Py_TYPE(got)->tp_name;
}

void Pyc2c_ArgTypeError(const Pyc2cSig *sig, int index, const char *expected, PyObject *got)
{
    PyErr_Format(PyExc_TypeError, "%s() argument '%s' must be %s, not %.200s",
                 sig->name, sig->params[index], expected, type_name_of(got));
}

void Pyc2c_TypeError(const char *expected, PyObject *got)
{
    PyErr_Format(PyExc_TypeError, "expected %s, got %.200s", expected, type_name_of(got));
}
