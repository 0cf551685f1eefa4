/* rebind.c - the lookup behind Pyc2c_FuncIntact (rebind.h). */
#include "pyc2c.h"

int Pyc2c_FuncIntactLookup(PyObject *dict, const Pyc2cFuncDef *def, Pyc2cIntact *seen)
{
    if (seen->name == NULL) {
        seen->name = PyUnicode_InternFromString(def->name);   /* kept for the process */
        if (seen->name == NULL) {
            PyErr_Clear();
            return 0;   /* the generic call will raise MemoryError again */
        }
    }
    /* A str key's hash is cached, so this lookup cannot fail. */
    PyObject *v = PyDict_GetItemWithError(dict, seen->name);
    if (v == NULL || !Pyc2cFunction_IsOf(v, def, dict)) {
        PyErr_Clear();
        return 0;
    }
    seen->dict = dict;
    seen->version = Pyc2c_DictVersion(dict);
    return 1;
}
