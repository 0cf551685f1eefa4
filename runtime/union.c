/* union.c - values of union annotations (Optional[int], Union[int, str], list | None):
 * the check of a value against the mask of member classes (union_members.def), at a
 * Python entry and where an object is stored into a union-typed variable. */
#include "pyc2c.h"

enum {
#define UNION_MEMBER(NAME, spelling, check) PYC2C_UNION_BIT_##NAME,
#include "union_members.def"
#undef UNION_MEMBER
};

int Pyc2c_UnionCheck(PyObject *o, int64_t mask)
{
#define UNION_MEMBER(NAME, spelling, check) \
    if ((mask & ((int64_t)1 << PYC2C_UNION_BIT_##NAME)) && (check)) { \
        return 1; \
    }
#include "union_members.def"
#undef UNION_MEMBER
    return 0;
}

/* "int | None": the members in the table's order, for the TypeError. */
static void union_name(int64_t mask, char *buf, size_t size)
{
    static const char *const names[] = {
#define UNION_MEMBER(NAME, spelling, check) spelling,
#include "union_members.def"
#undef UNION_MEMBER
    };
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (mask & ((int64_t)1 << i)) {
            len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s", len ? " | " : "", names[i]);
        }
    }
}

PyObject *Pyc2c_CastUnion(PyObject *o, int64_t mask)
{
    if (PYC2C_LIKELY(Pyc2c_UnionCheck(o, mask))) {
        Py_INCREF(o);
        return o;
    }
    char name[128];
    union_name(mask, name, sizeof name);
    Pyc2c_TypeError(name, o);
    return NULL;
}
