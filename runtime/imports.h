/* imports.h - import statements run as CPython runs them (imports.c): IMPORT_NAME
 * through builtins.__import__ with the module's globals (whose __package__ and
 * __spec__ resolve relative imports), IMPORT_FROM with its sys.modules fallback and
 * error messages; and re-execution of the module body on importlib.reload.
 * Included by pyc2c.h. Statement helpers return 0, or -1 with an exception set. */
#ifndef PYC2C_IMPORTS_H
#define PYC2C_IMPORTS_H

/* IMPORT_NAME: __import__(name, globals, globals, fromlist, level); fromlist may be NULL
 * (None). A new reference, or NULL. */
PyObject *Pyc2c_ImportName(PyObject *globals, PyObject *name, PyObject *fromlist, int level);

/* IMPORT_FROM: getattr(module, name), else sys.modules[module.__name__ + "." + name]
 * (a submodule whose import is still running: circular imports), else CPython's
 * ImportError "cannot import name ...". A new reference, or NULL. */
PyObject *Pyc2c_ImportFrom(PyObject *module, PyObject *name);

/* `import dotted` (binds its first component: top != 0) or `import dotted as asname`
 * (binds the submodule, reached by IMPORT_FROM), stored in globals. */
int Pyc2c_ImportStmt(PyObject *globals, const char *dotted, const char *asname, int top);

/* `from <level dots><module> import names[0] as asnames[0], ...`: one __import__ with
 * all the names as fromlist, then IMPORT_FROM and a store for each, in order. */
int Pyc2c_ImportFromStmt(PyObject *globals, const char *module, int level, int n,
                         const char *const *names, const char *const *asnames);

/* Called first by the module's Py_mod_exec slot: lets importlib.reload run the slot
 * again (see imports.c). */
void Pyc2c_AllowReexec(PyObject *module);

/* Runs the module body inside one Python frame whose globals are the module's dict
 * (body_frame.c: library code that looks at its caller's module finds this one).
 * 0, or -1 with the body's exception set. */
int Pyc2c_RunModuleBody(PyObject *globals, const char *srcpath, char (*body)(void));

#endif /* PYC2C_IMPORTS_H */
