/* comp.c - what comprehensions need beyond the iterator protocol. */
#include "pyc2c.h"

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
