/* isinstance_named.h - `if isinstance(x, dict)` / `isinstance(x, (int, float))` where
 * isinstance and the type names are read from the module (bound nowhere in it, so the
 * builtins' unless Python code rebinds them): one site remembers the module dict and
 * builtins dict versions at which every name held the builtin, so while neither dict
 * changed the test is x's type against constant type bits, without a name lookup, a
 * reference count or a call (ir/build_idioms.c build_isinstance_truth). A rebound name,
 * an instance of a subclass or of another type takes the slow path, which reads the
 * names as CPython does and calls what isinstance holds (isinstance_named.c). */
#ifndef PYC2C_ISINSTANCE_NAMED_H
#define PYC2C_ISINSTANCE_NAMED_H

/* Type codes (1..11; ir/build_idioms.c isa_codes lists the same names in this order)
 * and their bits (1 << code) in a site's mask. A site's seq holds its codes in source
 * order, 4 bits each, the first lowest; PYC2C_ISA_TUPLE: the types were a tuple display. */
enum {
    PYC2C_ISA_INT = 1, PYC2C_ISA_STR, PYC2C_ISA_FLOAT, PYC2C_ISA_LIST, PYC2C_ISA_DICT, PYC2C_ISA_TUPLE_T,
    PYC2C_ISA_BOOL, PYC2C_ISA_SET, PYC2C_ISA_BYTES, PYC2C_ISA_FROZENSET, PYC2C_ISA_OBJECT
};
#define PYC2C_ISA_BIT(code) ((int64_t)1 << (code))
#define PYC2C_ISA_TUPLE ((int64_t)1 << 40)

typedef struct Pyc2cIsaSite {
    PyObject *dict, *builtins;   /* dict NULL: not filled (or a name does not hold its builtin) */
    uint64_t dict_version, builtins_version;
} Pyc2cIsaSite;

/* The type bits of x when its type is one of the builtins whose MRO is known and that
 * leave object's __class__ alone (so isinstance is that MRO), else -1. */
static inline int64_t Pyc2c_IsaBits(PyObject *x)
{
    PyTypeObject *xt = Py_TYPE(x);
    int64_t o = PYC2C_ISA_BIT(PYC2C_ISA_OBJECT);
    if (xt == &PyLong_Type) {
        return o | PYC2C_ISA_BIT(PYC2C_ISA_INT);
    }
    if (xt == &PyUnicode_Type) {
        return o | PYC2C_ISA_BIT(PYC2C_ISA_STR);
    }
    if (xt == &PyDict_Type) {
        return o | PYC2C_ISA_BIT(PYC2C_ISA_DICT);
    }
    if (xt == &PyList_Type) {
        return o | PYC2C_ISA_BIT(PYC2C_ISA_LIST);
    }
    if (xt == &PyFloat_Type) {
        return o | PYC2C_ISA_BIT(PYC2C_ISA_FLOAT);
    }
    if (xt == &PyBool_Type) {
        return o | PYC2C_ISA_BIT(PYC2C_ISA_BOOL) | PYC2C_ISA_BIT(PYC2C_ISA_INT);
    }
    if (xt == &PyTuple_Type) {
        return o | PYC2C_ISA_BIT(PYC2C_ISA_TUPLE_T);
    }
    if (x == Py_None) {
        return o;
    }
    return -1;
}

/* The slow path: 0 or 1, 2 with an exception set. */
char Pyc2c_IsInstanceNamedSlow(PyObject *x, int64_t seq, int64_t mask, PyObject *dict, Pyc2cIsaSite *c);

/* The truth of isinstance(x, <the types seq names>) read in dict's module: 0 or 1, or 2
 * with an exception set. */
static inline char Pyc2c_IsInstanceNamedTruth(PyObject *x, int64_t seq, int64_t mask, PyObject *dict,
                                              Pyc2cIsaSite *c)
{
    if (PYC2C_LIKELY(c->dict == dict && c->dict_version == Pyc2c_DictVersion(dict) &&
                     c->builtins_version == Pyc2c_DictVersion(c->builtins))) {
        int64_t bits = Pyc2c_IsaBits(x);
        if (PYC2C_LIKELY(bits >= 0)) {
            return (bits & mask) != 0;
        }
    }
    return Pyc2c_IsInstanceNamedSlow(x, seq, mask, dict, c);
}

#endif
