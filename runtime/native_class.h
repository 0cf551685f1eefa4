/* native_class.h - module classes with a C layout (native_class.c): a class whose
 * fields the compiler knows is made by type() with __slots__ for its object fields,
 * then grown by an unboxed area (float and bool fields, a word of "set" bits).
 * Compiled code loads and stores fields at fixed offsets while the instance's type is
 * exactly the class and the class is as it was made (its version tag). */
#ifndef PYC2C_NATIVE_CLASS_H
#define PYC2C_NATIVE_CLASS_H

typedef struct Pyc2cField {
    const char *name;
    char kind;               /* 'o' an object slot, 'f' a double, 'b' a bool (char) */
    Py_ssize_t offset;       /* in the instance */
    Py_ssize_t bitmap;       /* 'f', 'b': the uint32_t of set bits */
    uint32_t bit;
    PyObject *pyname;        /* interned, made with the class */
    PyObject *descr;         /* what the class dict holds for the field */
} Pyc2cField;

typedef struct Pyc2cClass {
    const char *name;
    struct Pyc2cClass *base; /* the native base class, or NULL (object) */
    Py_ssize_t base_size;    /* the base's tp_basicsize */
    Py_ssize_t slots_size;   /* tp_basicsize once type() added the object slots */
    Py_ssize_t basicsize;    /* with the unboxed fields */
    int nfields;
    Pyc2cField *fields;      /* this class's own fields */
    int nmethods;
    const char **method_names;   /* methods compiled code calls directly */
    PyObject **methods;      /* their function objects, as the class statement made them */
    PyTypeObject *type;      /* the native type, NULL while (or if) the class is a plain one */
    unsigned int tag;        /* type->tp_version_tag when last found unchanged */
    char stores_ok;          /* the type's __setattr__ is object's */
    char ran;                /* the class statement ran: a second run (the module imported
                              * afresh) makes another class the same compiled code serves,
                              * so the class is plain to it from then on */
} Pyc2cClass;

/* The class statement's metaclass call (after the body): the native type when the
 * class is plain (metaclass type, its bases as compiled), else Pyc2c_ClassCreate. */
PyObject *Pyc2c_NativeClassCreate(PyObject *prep, Pyc2cClass *c);
/* After the decorators: the fields' descriptors back in the class dict; a new
 * reference to cls. A decorator that returned another object leaves c plain. */
PyObject *Pyc2c_NativeClassFinish(PyObject *cls, Pyc2cClass *c);
int Pyc2c_ClassRevalidate(Pyc2cClass *c);
/* A checked cast to an instance of the class (subclasses too): a new reference. */
PyObject *Pyc2c_CastInstance(PyObject *o, Pyc2cClass *c);

/* A parameter typed as the class: an instance (any while the class is a plain one). */
static inline int Pyc2c_InstanceCheck(PyObject *o, Pyc2cClass *c)
{
    return c->type == NULL || PyObject_TypeCheck(o, c->type);
}

static inline int Pyc2c_ClassFast(PyObject *o, Pyc2cClass *c)
{
    PyTypeObject *t = Py_TYPE(o);
    if (t != c->type) {
        return 0;
    }
    if (PYC2C_LIKELY(t->tp_version_tag == c->tag && (t->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG))) {
        return 1;
    }
    return Pyc2c_ClassRevalidate(c);
}

/* obj.m(...) may call m's native entry: o is exactly the class, unchanged, and m is
 * still the function the class statement made (checked by Pyc2c_ClassRevalidate). */
static inline int Pyc2c_MethodFast(PyObject *o, Pyc2cClass *c, int k, const Pyc2cFuncDef *def)
{
    return Py_TYPE(o) == c->type && c->methods[k] != NULL && ((Pyc2cFunction *)c->methods[k])->def == def &&
           Pyc2c_ClassFast(o, c);
}

#define PYC2C_AT(o, off, T) (*(T *)((char *)(o) + (off)))

PYC2C_COLD double Pyc2c_FieldGetSlowF(PyObject *o, const Pyc2cField *f);
PYC2C_COLD char Pyc2c_FieldGetSlowB(PyObject *o, const Pyc2cField *f);
PYC2C_COLD char Pyc2c_FieldSetSlow(PyObject *o, const Pyc2cField *f, PyObject *v);   /* steals v */

static inline double Pyc2c_FieldGetF(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off,
                                     Py_ssize_t bm, uint32_t bit)
{
    if (PYC2C_LIKELY(Pyc2c_ClassFast(o, c)) && PYC2C_LIKELY(PYC2C_AT(o, bm, uint32_t) & bit)) {
        return PYC2C_AT(o, off, double);
    }
    return Pyc2c_FieldGetSlowF(o, f);
}

static inline char Pyc2c_FieldGetB(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off,
                                   Py_ssize_t bm, uint32_t bit)
{
    if (PYC2C_LIKELY(Pyc2c_ClassFast(o, c)) && PYC2C_LIKELY(PYC2C_AT(o, bm, uint32_t) & bit)) {
        return PYC2C_AT(o, off, char);
    }
    return Pyc2c_FieldGetSlowB(o, f);
}

static inline PyObject *Pyc2c_FieldGetO(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off)
{
    if (PYC2C_LIKELY(Pyc2c_ClassFast(o, c))) {
        PyObject *v = PYC2C_AT(o, off, PyObject *);
        if (PYC2C_LIKELY(v != NULL)) {
            Py_INCREF(v);
            return v;
        }
    }
    return PyObject_GetAttr(o, f->pyname);
}

static inline char Pyc2c_FieldSetF(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off,
                                   Py_ssize_t bm, uint32_t bit, double v)
{
    if (PYC2C_LIKELY(Pyc2c_ClassFast(o, c) && c->stores_ok)) {
        PYC2C_AT(o, off, double) = v;
        PYC2C_AT(o, bm, uint32_t) |= bit;
        return 0;
    }
    PyObject *b = PyFloat_FromDouble(v);
    return b == NULL ? 2 : Pyc2c_FieldSetSlow(o, f, b);
}

static inline char Pyc2c_FieldSetB(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off,
                                   Py_ssize_t bm, uint32_t bit, char v)
{
    if (PYC2C_LIKELY(Pyc2c_ClassFast(o, c) && c->stores_ok)) {
        PYC2C_AT(o, off, char) = v;
        PYC2C_AT(o, bm, uint32_t) |= bit;
        return 0;
    }
    PyObject *b = v ? Py_True : Py_False;
    Py_INCREF(b);
    return Pyc2c_FieldSetSlow(o, f, b);
}

/* v borrowed */
static inline char Pyc2c_FieldSetO(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off, PyObject *v)
{
    Py_INCREF(v);
    if (PYC2C_LIKELY(Pyc2c_ClassFast(o, c) && c->stores_ok)) {
        PyObject *old = PYC2C_AT(o, off, PyObject *);
        PYC2C_AT(o, off, PyObject *) = v;
        Py_XDECREF(old);
        return 0;
    }
    return Pyc2c_FieldSetSlow(o, f, v);
}

#endif
