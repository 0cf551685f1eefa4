/* imports.c - import statements with CPython's semantics and messages (the
 * IMPORT_NAME and IMPORT_FROM opcodes of ceval.c, 3.9 to 3.13), and reload. */
#include "pyc2c.h"

PyObject *Pyc2c_ImportName(PyObject *globals, PyObject *name, PyObject *fromlist, int level)
{
    /* As the interpreter does: call the builtins' __import__, so that an override is
     * honoured (the default one is PyImport_ImportModuleLevelObject). Module-level
     * code runs with locals == globals. */
    PyObject *builtins = PyEval_GetBuiltins();
    PyObject *import = builtins ? PyDict_GetItemString(builtins, "__import__") : NULL;
    if (import == NULL) {
        PyErr_SetString(PyExc_ImportError, "__import__ not found");
        return NULL;
    }
    PyObject *lvl = PyLong_FromLong(level);
    if (lvl == NULL) {
        return NULL;
    }
    Py_INCREF(import);
    PyObject *args[5] = {name, globals, globals, fromlist ? fromlist : Py_None, lvl};
    PyObject *m = PyObject_Vectorcall(import, args, 5, NULL);
    Py_DECREF(import);
    Py_DECREF(lvl);
    return m;
}

/* importlib marks a spec _initializing while its module body runs. */
static int spec_initializing(PyObject *spec)
{
    int r = 0;
    if (spec != NULL && spec != Py_None) {
        PyObject *v = PyObject_GetAttrString(spec, "_initializing");
        if (v != NULL) {
            r = PyObject_IsTrue(v);
            Py_DECREF(v);
        }
    }
    PyErr_Clear();
    return r > 0;
}

/* Where the module comes from, for the message: __file__ before 3.13, the spec's
 * origin when it is a location from 3.13 on, else __file__ (frozen stdlib modules
 * have one). A new reference or NULL (no error). */
static PyObject *module_location(PyObject *module, PyObject *spec)
{
    PyObject *loc = NULL;
#if PY_VERSION_HEX >= 0x030D0000
    if (spec != NULL && spec != Py_None) {
        PyObject *has = PyObject_GetAttrString(spec, "has_location");
        if (has != NULL && PyObject_IsTrue(has) > 0) {
            loc = PyObject_GetAttrString(spec, "origin");
        }
        Py_XDECREF(has);
    }
    if (loc == NULL && PyModule_Check(module)) {
        PyErr_Clear();
        loc = PyModule_GetFilenameObject(module);   /* a frozen module: its __file__ */
    }
#else
    (void)spec;
    if (PyModule_Check(module)) {
        loc = PyModule_GetFilenameObject(module);
    }
#endif
    PyErr_Clear();
    if (loc != NULL && !PyUnicode_Check(loc)) {
        Py_CLEAR(loc);
    }
    return loc;
}

/* ImportError(msg, name=modname, path=path), with name_from from 3.12 on. */
static void set_import_error(PyObject *msg, PyObject *modname, PyObject *path, PyObject *name)
{
    if (msg == NULL) {
        return;
    }
    PyErr_SetImportError(msg, modname, path);
#if PY_VERSION_HEX >= 0x030C0000
    PyObject *exc = PyErr_GetRaisedException();
    if (exc != NULL && PyObject_SetAttrString(exc, "name_from", name) < 0) {
        PyErr_Clear();
    }
    PyErr_SetRaisedException(exc);
#else
    (void)name;
#endif
}

/* The ImportError of a failed IMPORT_FROM. modname: module.__name__ or NULL. */
static void cannot_import(PyObject *module, PyObject *name, PyObject *modname)
{
    PyObject *shown = modname ? modname : PyUnicode_FromString("<unknown module name>");
    if (shown == NULL) {
        return;
    }
    if (modname) {
        Py_INCREF(shown);
    }
    PyObject *spec = PyObject_GetAttrString(module, "__spec__");
    PyErr_Clear();
    PyObject *loc = module_location(module, spec);
    PyObject *msg;
    if (loc == NULL) {
#if PY_VERSION_HEX >= 0x030D0000
        if (spec_initializing(spec)) {
            msg = PyUnicode_FromFormat("cannot import name %R from partially initialized module %R "
                                       "(most likely due to a circular import)", name, shown);
        } else
#endif
        msg = PyUnicode_FromFormat("cannot import name %R from %R (unknown location)", name, shown);
    } else if (spec_initializing(spec)) {
        msg = PyUnicode_FromFormat("cannot import name %R from partially initialized module %R "
                                   "(most likely due to a circular import) (%S)", name, shown, loc);
    } else {
        msg = PyUnicode_FromFormat("cannot import name %R from %R (%S)", name, shown, loc);
    }
    set_import_error(msg, modname, loc, name);
    Py_XDECREF(msg);
    Py_XDECREF(loc);
    Py_XDECREF(spec);
    Py_DECREF(shown);
}

PyObject *Pyc2c_ImportFrom(PyObject *module, PyObject *name)
{
    PyObject *v = PyObject_GetAttr(module, name);
    if (v != NULL || !PyErr_ExceptionMatches(PyExc_AttributeError)) {
        return v;
    }
    PyErr_Clear();
    /* a circular import: the submodule is in sys.modules before its parent has the
     * attribute (bpo-17636) */
    PyObject *modname = PyObject_GetAttrString(module, "__name__");
    if (modname != NULL && !PyUnicode_Check(modname)) {
        Py_CLEAR(modname);
    }
    PyErr_Clear();
    if (modname != NULL) {
        PyObject *full = PyUnicode_FromFormat("%U.%U", modname, name);
        if (full == NULL) {
            Py_DECREF(modname);
            return NULL;
        }
        v = PyImport_GetModule(full);
        Py_DECREF(full);
        if (v != NULL || PyErr_Occurred()) {
            Py_DECREF(modname);
            return v;
        }
    }
    cannot_import(module, name, modname);
    Py_XDECREF(modname);
    return NULL;
}

static int store(PyObject *globals, const char *name, PyObject *v)
{
    PyObject *key = PyUnicode_InternFromString(name);
    if (key == NULL) {
        return -1;
    }
    int rc = PyDict_SetItem(globals, key, v);
    Py_DECREF(key);
    return rc;
}

int Pyc2c_ImportStmt(PyObject *globals, const char *dotted, const char *asname, int top)
{
    PyObject *name = PyUnicode_FromString(dotted);
    if (name == NULL) {
        return -1;
    }
    PyObject *m = Pyc2c_ImportName(globals, name, NULL, 0);
    Py_DECREF(name);
    /* import a.b.c as d: IMPORT_FROM b, then c, from the top package a */
    for (const char *p = strchr(dotted, '.'); m != NULL && !top && p != NULL; p = strchr(p + 1, '.')) {
        const char *end = strchr(p + 1, '.');
        PyObject *attr = PyUnicode_FromStringAndSize(p + 1, end ? end - (p + 1) : (Py_ssize_t)strlen(p + 1));
        PyObject *sub = attr ? Pyc2c_ImportFrom(m, attr) : NULL;
        Py_XDECREF(attr);
        Py_DECREF(m);
        m = sub;
    }
    if (m == NULL) {
        return -1;
    }
    int rc = store(globals, asname, m);
    Py_DECREF(m);
    return rc;
}

int Pyc2c_ImportFromStmt(PyObject *globals, const char *module, int level, int n,
                         const char *const *names, const char *const *asnames)
{
    PyObject *fromlist = PyTuple_New(n);
    if (fromlist == NULL) {
        return -1;
    }
    for (int i = 0; i < n; i++) {
        PyObject *s = PyUnicode_InternFromString(names[i]);
        if (s == NULL) {
            Py_DECREF(fromlist);
            return -1;
        }
        PyTuple_SET_ITEM(fromlist, i, s);
    }
    PyObject *name = PyUnicode_FromString(module);
    PyObject *m = name ? Pyc2c_ImportName(globals, name, fromlist, level) : NULL;
    Py_XDECREF(name);
    int rc = m ? 0 : -1;
    for (int i = 0; i < n && rc == 0; i++) {
        PyObject *v = Pyc2c_ImportFrom(m, PyTuple_GET_ITEM(fromlist, i));
        rc = v ? store(globals, asnames[i], v) : -1;
        Py_XDECREF(v);
    }
    Py_XDECREF(m);
    Py_DECREF(fromlist);
    return rc;
}

/* importlib.reload(module) ends in _imp.exec_dynamic, which runs the Py_mod_exec slots
 * again only while the module has no state: PyModule_ExecDef allocates the state (even
 * of size 0) before running them, as the marker "already initialized; reload is a
 * no-op" (PEP 489). A .py module re-runs its body on reload, so the exec slot gives
 * the zero-sized state back. CPython's module object starts with these fields in
 * every supported version; they are checked against the public getters before the
 * state is touched, so on a layout this does not know reload stays a no-op. */
typedef struct {
    PyObject_HEAD
    PyObject *md_dict;
    PyModuleDef *md_def;
    void *md_state;
} Pyc2cModuleHead;

void Pyc2c_AllowReexec(PyObject *module)
{
    if (!PyModule_Check(module)) {
        return;
    }
    Pyc2cModuleHead *head = (Pyc2cModuleHead *)module;
    PyModuleDef *def = PyModule_GetDef(module);
    void *state = PyModule_GetState(module);
    if (def != NULL && def->m_size == 0 && state != NULL && head->md_state == state &&
        head->md_def == def && head->md_dict == PyModule_GetDict(module)) {
        head->md_state = NULL;
        PyMem_Free(state);
    }
}
