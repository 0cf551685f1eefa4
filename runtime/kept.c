/* kept.c - top-level statements kept as Python: compiled and run by CPython at import,
 * in the module's namespace, under the module's own file name and line numbers. */
#include "pyc2c.h"

int Pyc2c_ExecKept(const char *source, const char *filename, PyObject *globals, int future_flags)
{
    /* a Python module's globals always hold __builtins__; kept code may look for it */
    if (PyDict_GetItemString(globals, "__builtins__") == NULL &&
        PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) < 0) {
        return -1;
    }
    PyCompilerFlags flags = {future_flags, PY_MINOR_VERSION};
    PyObject *code = Py_CompileStringExFlags(source, filename, Py_file_input, &flags, -1);
    if (code == NULL) {
        return -1;
    }
    PyObject *r = PyEval_EvalCode(code, globals, globals);
    Py_DECREF(code);
    if (r == NULL) {
        return -1;
    }
    Py_DECREF(r);
    return 0;
}
