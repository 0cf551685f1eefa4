/* args.c - argument binding for Python entries (vectorcall: positional args, then
 * the values of the keywords named by kwnames).
 *
 * Checks run in CPython's order (keywords, then too many positionals, then missing
 * positional, then missing keyword-only arguments) and raise CPython's TypeError
 * messages word for word (Python/ceval.c, initialize_locals and its helpers). */
#include "pyc2c.h"

/* CPython 3.10+ names the function by its __qualname__, 3.9 by its __name__. */
static const char *err_name(const Pyc2cSig *sig)
{
#if PY_VERSION_HEX < 0x030A0000
    const char *dot = strrchr(sig->name, '.');
    return dot ? dot + 1 : sig->name;
#else
    return sig->name;
#endif
}

/* The parameter names of a signature as interned strs, made at its first call with
 * keywords: callers' keyword names are interned too (code constants, our kwnames
 * tuples), so most matches are pointer compares.  NULL when they cannot be made. */
#define SIG_NAMES_SLOTS 1024
/* keyed by the static params array: a Pyc2cSig may be a copy on the caller's stack */
static struct { const char *const *params; int n; PyObject **names; } sig_names[SIG_NAMES_SLOTS];

static PyObject **interned_names(const Pyc2cSig *sig)
{
    size_t h = ((uintptr_t)sig->params >> 4) % SIG_NAMES_SLOTS;
    for (size_t probe = 0; probe < SIG_NAMES_SLOTS; probe++) {
        size_t j = (h + probe) % SIG_NAMES_SLOTS;
        if (sig_names[j].params == sig->params && sig_names[j].n == sig->nparams + sig->nkwonly) {
            return sig_names[j].names;
        }
        if (sig_names[j].params != NULL) {
            continue;
        }
        int n = sig->nparams + sig->nkwonly;
        PyObject **names = PyMem_Calloc((size_t)(n > 0 ? n : 1), sizeof(PyObject *));
        for (int i = 0; names != NULL && i < n; i++) {
            names[i] = PyUnicode_InternFromString(sig->params[i]);
            if (names[i] == NULL) {
                PyErr_Clear();   /* the slow compare still works */
            }
        }
        sig_names[j].params = sig->params;   /* kept for the life of the process, as the signature */
        sig_names[j].n = n;
        sig_names[j].names = names;
        return names;
    }
    return NULL;
}

/* A keyword can name a positional-or-keyword or a keyword-only parameter. */
static int find_param(const Pyc2cSig *sig, PyObject *key)
{
    PyObject **names = interned_names(sig);
    for (int i = sig->nposonly; names != NULL && i < sig->nparams + sig->nkwonly; i++) {
        if (names[i] == key) {
            return i;
        }
    }
    for (int i = sig->nposonly; i < sig->nparams + sig->nkwonly; i++) {
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
    const char *hint = k ? Pyc2c_SuggestName(k, sig->params + sig->nposonly,
                                             sig->nparams - sig->nposonly + sig->nkwonly) : NULL;
    PyErr_Clear();
    if (hint) {
        PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%S'. Did you mean '%s'?",
                     err_name(sig), key, hint);
        return;
    }
#endif
    PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%S'", err_name(sig), key);
}

/* "f() got some positional-only arguments passed as keyword arguments: 'a, b'";
 * returns 0 when no keyword names a positional-only parameter. */
static int posonly_as_keyword(const Pyc2cSig *sig, PyObject *kwnames)
{
    PyObject *names = PyList_New(0);
    if (names == NULL) {
        return -1;
    }
    for (int i = 0; i < sig->nposonly; i++) {
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(kwnames); k++) {
            PyObject *key = PyTuple_GET_ITEM(kwnames, k);
            if (PyUnicode_Check(key) && PyUnicode_CompareWithASCIIString(key, sig->params[i]) == 0 &&
                PyList_Append(names, key) < 0) {
                Py_DECREF(names);
                return -1;
            }
        }
    }
    int found = PyList_GET_SIZE(names) > 0;
    if (found) {
        PyObject *sep = PyUnicode_FromString(", ");
        PyObject *joined = sep ? PyUnicode_Join(sep, names) : NULL;
        if (joined != NULL) {
            PyErr_Format(PyExc_TypeError,
                         "%s() got some positional-only arguments passed as keyword arguments: '%U'",
                         err_name(sig), joined);
        }
        Py_XDECREF(sep);
        Py_XDECREF(joined);
    }
    Py_DECREF(names);
    return found ? -1 : 0;
}

static int bind_keywords(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                         const Pyc2cSig *sig, PyObject *kwargs, PyObject **out)
{
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(kwnames); k++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, k);
        if (!PyUnicode_Check(key)) {
            PyErr_Format(PyExc_TypeError, "%s() keywords must be strings", err_name(sig));
            return -1;
        }
        int i = find_param(sig, key);
        if (i < 0 && kwargs != NULL) {
            if (PyDict_SetItem(kwargs, key, args[nargs + k]) < 0) {
                return -1;
            }
            continue;
        }
        if (i < 0) {
            if (posonly_as_keyword(sig, kwnames) == 0) {
                unexpected_keyword(sig, key);
            }
            return -1;
        }
        if (out[i] != NULL) {
            PyErr_Format(PyExc_TypeError, "%s() got multiple values for argument '%S'", err_name(sig), key);
            return -1;
        }
        out[i] = args[nargs + k];
    }
    return 0;
}

/* "takes from 1 to 2 positional arguments but 3 positional arguments (and 1
 * keyword-only argument) were given" */
static void too_many_positional(const Pyc2cSig *sig, Py_ssize_t nargs, PyObject **out)
{
    int kwonly_given = 0;
    for (int i = sig->nparams; i < sig->nparams + sig->nkwonly; i++) {
        kwonly_given += out[i] != NULL;
    }
    char takes[64], kwonly[128] = "";
    if (sig->nrequired < sig->nparams) {
        snprintf(takes, sizeof takes, "from %d to %d positional arguments", sig->nrequired, sig->nparams);
    } else {
        snprintf(takes, sizeof takes, "%d positional argument%s", sig->nparams, sig->nparams == 1 ? "" : "s");
    }
    if (kwonly_given) {
        snprintf(kwonly, sizeof kwonly, " positional argument%s (and %d keyword-only argument%s)",
                 nargs != 1 ? "s" : "", kwonly_given, kwonly_given != 1 ? "s" : "");
    }
    PyErr_Format(PyExc_TypeError, "%s() takes %s but %zd%s %s given", err_name(sig), takes, nargs, kwonly,
                 nargs == 1 && !kwonly_given ? "was" : "were");
}

/* "f() missing 2 required keyword-only arguments: 'a' and 'b'": the NULL slots of
 * out[from..to), listed "'a'", "'a' and 'b'", "'a', 'b', and 'c'". */
static void missing_arguments(const Pyc2cSig *sig, PyObject **out, int from, int to, const char *kind)
{
    int missing[64];
    int n = 0;
    char names[1024];
    size_t len = 0;
    for (int i = from; i < to; i++) {
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
    PyErr_Format(PyExc_TypeError, "%s() missing %d required %s argument%s: %s",
                 err_name(sig), n, kind, n == 1 ? "" : "s", names);
}

/* Keyword-only parameters not given take their __kwdefaults__ entry. */
static int kwonly_defaults(const Pyc2cSig *sig, PyObject *kwdefaults, PyObject **out)
{
    int missing = 0;
    for (int i = sig->nparams; i < sig->nparams + sig->nkwonly; i++) {
        if (out[i] == NULL && kwdefaults != NULL) {
            PyObject **names = interned_names(sig);
            out[i] = names && names[i] ? PyDict_GetItemWithError(kwdefaults, names[i])
                                       : PyDict_GetItemString(kwdefaults, sig->params[i]);
            if (out[i] == NULL && PyErr_Occurred()) {
                return -1;
            }
        }
        missing += out[i] == NULL;
    }
    if (missing) {
        missing_arguments(sig, out, sig->nparams, sig->nparams + sig->nkwonly, "keyword-only");
        return -1;
    }
    return 0;
}

/* The *args tuple and **kwargs dict, in their slots after the named parameters. */
static int make_rest(PyObject *const *args, Py_ssize_t nargs, const Pyc2cSig *sig, PyObject **out,
                     PyObject **varargs, PyObject **varkw)
{
    int slot = sig->nparams + sig->nkwonly;
    *varargs = *varkw = NULL;
    if (sig->varargs) {
        Py_ssize_t extra = nargs > sig->nparams ? nargs - sig->nparams : 0;
        *varargs = PyTuple_New(extra);
        if (*varargs == NULL) {
            return -1;
        }
        for (Py_ssize_t i = 0; i < extra; i++) {
            Py_INCREF(args[sig->nparams + i]);
            PyTuple_SET_ITEM(*varargs, i, args[sig->nparams + i]);
        }
        out[slot++] = *varargs;
    }
    if (sig->varkw) {
        *varkw = PyDict_New();
        if (*varkw == NULL) {
            Py_CLEAR(*varargs);
            return -1;
        }
        out[slot] = *varkw;
    }
    return 0;
}

int Pyc2c_ParseArgsEx(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                      const Pyc2cSig *sig, PyObject *kwdefaults, PyObject **out)
{
    Py_ssize_t npos = nargs < sig->nparams ? nargs : sig->nparams;
    PyObject *varargs, *varkw;
    for (int i = 0; i < sig->nparams + sig->nkwonly; i++) {
        out[i] = i < npos ? args[i] : NULL;
    }
    if (make_rest(args, nargs, sig, out, &varargs, &varkw) < 0) {
        return -1;
    }
    if (kwnames != NULL && bind_keywords(args, nargs, kwnames, sig, varkw, out) < 0) {
        goto error;
    }
    if (nargs > sig->nparams && !sig->varargs) {
        too_many_positional(sig, nargs, out);
        goto error;
    }
    for (int i = (int)npos; i < sig->nrequired; i++) {
        if (out[i] == NULL) {
            missing_arguments(sig, out, 0, sig->nrequired, "positional");
            goto error;
        }
    }
    if (sig->nkwonly > 0 && kwonly_defaults(sig, kwdefaults, out) < 0) {
        goto error;
    }
    return 0;
error:
    Py_XDECREF(varargs);
    Py_XDECREF(varkw);
    return -1;
}

int Pyc2c_ParseArgs(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                    const Pyc2cSig *sig, PyObject **out)
{
    return Pyc2c_ParseArgsEx(args, nargs, kwnames, sig, NULL, out);
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

PyObject *Pyc2c_CastFail(const char *expected, PyObject *o)
{
    Pyc2c_TypeError(expected, o);
    return NULL;
}

PyObject *Pyc2c_CastFailSteal(const char *expected, PyObject *o)
{
    Pyc2c_TypeError(expected, o);
    Py_DECREF(o);
    return NULL;
}
