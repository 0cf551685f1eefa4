/* native_class.h - module classes with a C layout (native_class.c): a class whose
 * fields the compiler knows is made by type() with __slots__ for its object fields,
 * then grown by an unboxed area (int, float, bool and fixed-width fields, a word of
 * "set" bits).
 * Compiled code loads and stores fields at fixed offsets while the instance's type is
 * exactly the class and the class is as it was made (its version tag). */
#ifndef PYC2C_NATIVE_CLASS_H
#define PYC2C_NATIVE_CLASS_H

/* A class record's tag before it records one (the emitter's initializer, a class made
 * afresh): wider than any type's tp_version_tag, so no type's tag matches it. */
#define PYC2C_CLASS_NO_TAG UINT64_MAX
/* t (an object's type) is the record's type ct, unchanged since tag (ct's tp_version_tag,
 * or PYC2C_CLASS_NO_TAG) was recorded. From 3.11 a tag names one type for the life of
 * the interpreter: tags come from a counter that stops, rather than wraps, when it runs
 * out (typeobject.c assign_version_tag), a changed type gets 0 or a fresh tag, and a
 * recorded tag is never 0 (Pyc2c_ClassRevalidate); so the tag compare alone says t is
 * ct (one load and compare fewer at each of the class checks in every method: oo24,
 * deltablue's hot code and its 32 KiB instruction cache). Before 3.11 the counter may
 * wrap: the type is compared too. (A module's classes live in one interpreter: the
 * emitted module declares Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED.) */
#if PY_VERSION_HEX >= 0x030B0000
#define PYC2C_TYPE_IS_RECORDED(t, ct, tag) ((uint64_t)(t)->tp_version_tag == (tag))
#else
#define PYC2C_TYPE_IS_RECORDED(t, ct, tag) ((t) == (ct) && PYC2C_TYPE_TAG_IS(t, tag))
#endif

typedef struct Pyc2cField {
    const char *name;
    char kind;               /* 'o' an object slot, 'f' a double, 'b' a bool (char), 'i' an int,
                              * 'q' an i64 (int64_t), 'w' an i32 (int32_t) */
    Py_ssize_t offset;       /* in the instance ('i': its one word, PYC2C_FIELD_INT_SET) */
    Py_ssize_t bitmap;       /* 'f', 'b', 'q', 'w': the uint32_t of set bits */
    uint32_t bit;
    struct Pyc2cClass *cls;  /* 'o' typed as a native class: writes from Python must give an
                              * instance of it (or None when or_none) */
    char or_none;
    PyObject *pyname;        /* interned, made with the class */
    PyObject *descr;         /* what the class dict holds for the field */
    Pyc2cInt unset_word;     /* 'i': while descr is its descriptor with a short exact int as
                              * the class default (`count: int = 0`), that int as a field word
                              * (PYC2C_FIELD_INT_WORD): what an unset field reads where the
                              * type finds descr (Pyc2cClass.own_descrs); else 0 */
} Pyc2cField;

typedef struct Pyc2cClass {
    const char *name;
    struct Pyc2cClass *base; /* the native base class, or NULL (object) */
    struct Pyc2cClass *const *subs;   /* its native subclasses in the module, any depth;
                                       * NULL-terminated (instances share the base's offsets) */
    struct Pyc2cClass *family_cache[8];   /* by a hash of the type: the class (itself or a
                              * subclass) whose type that is (its type is never freed) */
    uint64_t family_mul;     /* the hash's multiplier, chosen (family.c) so that the family's
                              * types take distinct entries; 0 until its first miss */
    int family_types;        /* how many subclass types were made when it was chosen */
    Py_ssize_t base_size;    /* the base's tp_basicsize */
    Py_ssize_t slots_size;   /* tp_basicsize once type() added the object slots */
    Py_ssize_t basicsize;    /* with the unboxed fields */
    int nfields;
    Pyc2cField *fields;      /* this class's own fields */
    int nmethods;            /* the module's method slots: names compiled code calls
                              * directly on instances (the same table for every class) */
    const char *const *method_names;
    PyObject **method_pynames;        /* interned, shared by the module's classes */
    PyObject **methods;      /* per slot: what the type's MRO finds there (a reference), or NULL */
    const Pyc2cFuncDef **vdefs;       /* per slot: the compiled function's def found there, or NULL:
                              * compiled code calls that def's native entry (the vtable) */
    const Pyc2cVCall **vcalls;        /* per slot: the def's vcall when it is a plain
                              * compiled method (function.h), else &Pyc2c_NoVCall */
    PyTypeObject *type;      /* the native type, NULL while (or if) the class is a plain one */
    uint64_t tag;            /* type->tp_version_tag when last found unchanged, or
                              * PYC2C_CLASS_NO_TAG (no type's tag: 64 bits wide) */
    uint64_t checked_tag;    /* tag while stores_ok, else PYC2C_CLASS_NO_TAG: Pyc2c_ClassChecked's
                              * fast path is then one compare (a change of __setattr__
                              * changes the type's tag, so the two stay in step) */
    char stores_ok;          /* the type's __setattr__ is object's */
    char own_descrs;         /* the type finds every field's own descriptor (Pyc2cField.descr;
                              * not a subclass's default for a base's field) */
    char new_ok;             /* calling the type is object.__new__ then __init__ (metaclass type,
                              * not abstract): compiled code may allocate and call __init__ itself */
    char source_slots;       /* the source class has __slots__ (or dataclass(slots=True)) */
    char weakref;            /* a __weakref__ slot follows the object fields (slot_names) */
    char abc_root;           /* its base is abc.ABC: the family's metaclass is abc.ABCMeta */
    char slots_pending;      /* dataclass(slots=True) was applied without slots */
    char ran;                /* the class statement ran: a second run (the module imported
                              * afresh) makes another class the same compiled code serves,
                              * so the class is plain to it from then on */
    PyObject *cell;          /* the class statement's __class__ cell (its first run's; a
                              * reference), which the native entries of its methods using
                              * super() read; a call through a method's function object sets
                              * it from that function's closure while the body starts */
    traverseproc traverse;   /* the GC's traverse and clear of the compiled layout's object */
    inquiry clear;           /* slots (generated; NULL: none), installed on the checked type */
} Pyc2cClass;

/* The class statement's metaclass call (after the body): the native type when the
 * class is plain (metaclass type, its bases as compiled), else Pyc2c_ClassCreate. */
PyObject *Pyc2c_NativeClassCreate(PyObject *prep, Pyc2cClass *c);

/* A new reference to the __class__ cell c's methods read (an empty cell, whose read
 * raises CPython's "empty __class__ cell", if the class statement never ran). */
static inline PyObject *Pyc2c_ClassCell(Pyc2cClass *c)
{
    if (c->cell == NULL) {
        return PyCell_New(NULL);
    }
    Py_INCREF(c->cell);
    return c->cell;
}
/* After the decorators: the fields' descriptors back in the class dict; a new
 * reference to cls. A decorator that returned another object leaves c plain. */
PyObject *Pyc2c_NativeClassFinish(PyObject *cls, Pyc2cClass *c);
/* The class decorator as applied to the native class: dataclass(slots=True) without
 * slots (the native class has slots of its own; Finish sets __slots__ as dataclass
 * would), anything else itself. A new reference. */
PyObject *Pyc2c_NativeClassDecorator(PyObject *deco, Pyc2cClass *c);
PYC2C_COLD int Pyc2c_ClassRevalidate(Pyc2cClass *c);
/* The methods the dataclass decorator generated for type, replaced by native ones
 * (dataclass_native.c); 0 when type is not a dataclass, -1 on an error. */
int Pyc2c_DataclassNativeMethods(PyTypeObject *type, Pyc2cClass *c);
/* dataclasses' "<factory>" marker (dataclasses._HAS_DEFAULT_FACTORY): the default of a
 * field(default_factory=...) parameter of a compiled dataclass __init__, as in the one
 * dataclasses writes. Borrowed; never NULL. */
PyObject *Pyc2c_DcFactoryMarker(void);
PyObject *Pyc2c_CastInstanceSlow(PyObject *o, Pyc2cClass *c, int or_none);
/* The same, taking over o's reference (released: a failed cast's release out of line too). */
PYC2C_COLD PyObject *Pyc2c_CastInstanceStealSlow(PyObject *o, Pyc2cClass *c, int or_none);

/* 1 when o is an instance of c's abc.ABC family only by ABC.register (a virtual
 * subclass): typed code reaches it through the attribute protocol, as any instance whose
 * type is not a compiled one. */
int Pyc2c_VirtualInstance(PyObject *o, Pyc2cClass *c);

/* A parameter typed as the class: an instance (any while the class is a plain one). */
static inline int Pyc2c_InstanceCheck(PyObject *o, Pyc2cClass *c)
{
    return c->type == NULL || PyObject_TypeCheck(o, c->type) || Pyc2c_VirtualInstance(o, c);
}

#define PYC2C_FAMILY_HASH(t, mul) ((size_t)(((uintptr_t)(t) * (mul)) >> 61))

/* The family lookup's miss (family.c): a walk of c's subclasses, whose answer it caches. */
PYC2C_COLD Pyc2cClass *Pyc2c_FamilyMiss(PyTypeObject *t, Pyc2cClass *c);

/* The class, c or one of its native subclasses, whose type is t (NULL: none): a
 * lookup in c's cache (sites that see several subclasses in turn, as a scheduler's
 * task list does), then a walk of the subclasses that fills it. */
PYC2C_INLINE Pyc2cClass *Pyc2c_FamilyOf(PyTypeObject *t, Pyc2cClass *c)
{
    if (t == c->type) {
        return c;
    }
    Pyc2cClass *k = c->family_cache[PYC2C_FAMILY_HASH(t, c->family_mul)];
    if (PYC2C_LIKELY(k != NULL && k->type == t)) {
        return k;
    }
    return Pyc2c_FamilyMiss(t, c);
}

/* The class (c or one of its native subclasses) whose type o has exactly, as it was
 * made and unchanged since (its version tag): compiled code may use its layout and
 * vtable. NULL: the attribute protocol. */
PYC2C_INLINE Pyc2cClass *Pyc2c_ClassOf(PyObject *o, Pyc2cClass *c)
{
    PyTypeObject *t = Py_TYPE(o);
    Pyc2cClass *k = Pyc2c_FamilyOf(t, c);
    if (PYC2C_LIKELY(k != NULL && PYC2C_TYPE_TAG_IS(t, k->tag))) {
        return k;
    }
    return k != NULL && Pyc2c_ClassRevalidate(k) ? k : NULL;
}

/* The def of the compiled function o's class finds at method slot k (NULL: none, or
 * o is not an instance compiled code knows): obj.m(...) calls that def's native entry. */
PYC2C_INLINE const Pyc2cFuncDef *Pyc2c_MethodDef(PyObject *o, Pyc2cClass *c, int k)
{
    Pyc2cClass *kc = Pyc2c_ClassOf(o, c);
    return kc != NULL ? kc->vdefs[k] : NULL;
}

/* A class check made once for several field and method ops on o (compiler/pass/
 * classchecks.c): the class record (an address) while o's class is c or a native
 * subclass, unchanged, with object's __setattr__; 0 sends every op that uses it down
 * the attribute protocol. With it nonzero, the ops' fast paths run no Python code. */
PYC2C_INLINE int64_t Pyc2c_ClassChecked(PyObject *o, Pyc2cClass *c)
{
    PyTypeObject *t = Py_TYPE(o);
    Pyc2cClass *k = Pyc2c_FamilyOf(t, c);
    if (PYC2C_LIKELY(k != NULL && PYC2C_TYPE_TAG_IS(t, k->checked_tag))) {
        return (int64_t)(intptr_t)k;
    }
    return k != NULL && (PYC2C_TYPE_TAG_IS(t, k->tag) || Pyc2c_ClassRevalidate(k)) && k->stores_ok
               ? (int64_t)(intptr_t)k : 0;
}
#define PYC2C_CHECKED_CLASS(k) ((Pyc2cClass *)(intptr_t)(k))

/* Pyc2c_ClassChecked again, kc the check last made for o's register (0, or a record of
 * c's family): while o's type is still that record's, unchanged, the answer is kc with
 * no family lookup (a subclass instance re-checked after a call); else the full check.
 * That one stays inline (a register's first check, and a loop over a list of several
 * subclasses, as richards' scheduler, take it every time: out of line it cost richards
 * 2.5% of its instructions) but is marked unlikely: laid out after the function's hot
 * paths, not between them (oo24: the inline family lookups of deltablue's re-checks,
 * never taken, filled its hot code's cache lines; self's re-checks take
 * Pyc2c_SelfClassRechecked). */
PYC2C_INLINE int64_t Pyc2c_ClassRechecked(PyObject *o, int64_t kc, Pyc2cClass *c)
{
    Pyc2cClass *k = PYC2C_CHECKED_CLASS(kc);
    if (PYC2C_LIKELY(k != NULL && PYC2C_TYPE_IS_RECORDED(Py_TYPE(o), k->type, k->tag))) {
        return kc;
    }
    return Pyc2c_ClassChecked(o, c);
}

/* Pyc2c_ClassRechecked of self's register (its check came in with the call,
 * pyc2c_selfk): that check fails only when self's class changed under the method (a
 * class patched, __class__ reassigned), so the full check is made out of line. */
PYC2C_COLD int64_t Pyc2c_ClassCheckedOut(PyObject *o, Pyc2cClass *c);
PYC2C_INLINE int64_t Pyc2c_SelfClassRechecked(PyObject *o, int64_t kc, Pyc2cClass *c)
{
    Pyc2cClass *k = PYC2C_CHECKED_CLASS(kc);
    if (PYC2C_LIKELY(k != NULL && PYC2C_TYPE_IS_RECORDED(Py_TYPE(o), k->type, k->tag))) {
        return kc;
    }
    return Pyc2c_ClassCheckedOut(o, c);
}

/* The same two checks for a class with no native subclass in its module (the emitter
 * knows; subs is empty): its family is the class alone, so an instance of its own type,
 * unchanged, is the one fast path, laid out straight. Every other case (a Python subclass,
 * a class changed since, the first check) gives the answer of the full check, made out of
 * line: inlined at each site, the family lookup and subclass walk made hot methods two to
 * three times larger than their fast paths (bench/typed_oo/results.md, oo14). */
PYC2C_COLD int64_t Pyc2c_ClassCheckedCold(PyObject *o, Pyc2cClass *c);
PYC2C_COLD int64_t Pyc2c_ClassRecheckedCold(PyObject *o, int64_t kc, Pyc2cClass *c);
PYC2C_INLINE int64_t Pyc2c_LeafClassChecked(PyObject *o, Pyc2cClass *c)
{
    PyTypeObject *t = Py_TYPE(o);
    if (PYC2C_LIKELY(PYC2C_TYPE_IS_RECORDED(t, c->type, c->checked_tag))) {
        return (int64_t)(intptr_t)c;
    }
    return Pyc2c_ClassCheckedCold(o, c);
}
PYC2C_INLINE int64_t Pyc2c_LeafClassRechecked(PyObject *o, int64_t kc, Pyc2cClass *c)
{
    PyTypeObject *t = Py_TYPE(o);
    if (PYC2C_LIKELY(PYC2C_TYPE_IS_RECORDED(t, c->type, c->checked_tag))) {
        return (int64_t)(intptr_t)c;
    }
    return Pyc2c_ClassRecheckedCold(o, kc, c);
}

/* A check made against a base class (Pyc2c_ClassChecked), handed to code typed for its
 * subclass c (an override reached through the vtable): kc while its class is c or a
 * native subclass of c, else 0 (that code then takes the attribute protocol). */
PYC2C_INLINE int64_t Pyc2c_ClassNarrow(int64_t kc, Pyc2cClass *c)
{
    for (Pyc2cClass *k = PYC2C_CHECKED_CLASS(kc); k != NULL; k = k->base) {
        if (k == c) {
            return kc;
        }
    }
    return 0;
}

/* Pyc2c_MethodDef with the check made (kc from Pyc2c_ClassChecked). */
PYC2C_INLINE const Pyc2cFuncDef *Pyc2c_MethodDefK(int64_t kc, int k)
{
    return kc != 0 ? PYC2C_CHECKED_CLASS(kc)->vdefs[k] : NULL;
}

extern const Pyc2cVCall Pyc2c_NoVCall;   /* no key: no call site matches it */

/* The entry obj.m(...) calls through the vtable of obj's class (kc from
 * Pyc2c_ClassChecked: 0 finds none) while that class finds a method of the call site's
 * signature (key) at slot k; NULL: call it by name. */
PYC2C_INLINE Pyc2cVFn Pyc2c_VCallEntry(int64_t kc, int k, const char *key)
{
    const Pyc2cVCall *v = kc != 0 ? PYC2C_CHECKED_CLASS(kc)->vcalls[k] : &Pyc2c_NoVCall;
    return v->key == key ? v->fn : NULL;
}

/* What X.m finds, X a class (C.m, cls.m, type(x).m): the def at method slot k while X
 * is c or one of its native subclasses, as made and unchanged (NULL: call it
 * generically). Defs of a staticmethod have bit 0 set, of a classmethod bit 1
 * (Pyc2c_ClassRevalidate fills vdefs so). */
/* (The class itself, unchanged, inline; a subclass or a changed class out of line.) */
PYC2C_COLD const Pyc2cFuncDef *Pyc2c_ClassSlotDefOut(PyObject *cls, Pyc2cClass *c, int k);
PYC2C_INLINE const Pyc2cFuncDef *Pyc2c_ClassSlotDef(PyObject *cls, Pyc2cClass *c, int k)
{
    if (PYC2C_LIKELY(cls == (PyObject *)c->type && PYC2C_TYPE_TAG_IS(c->type, c->tag))) {
        return c->vdefs[k];
    }
    return Pyc2c_ClassSlotDefOut(cls, c, k);
}

/* What super(d, self).m finds (named: what the name of d holds in super(D, self), else
 * NULL): while self's class is d or a native subclass of it, unchanged, the MRO after d
 * is d's base's, so the def its base finds at slot k. */
PYC2C_INLINE const Pyc2cFuncDef *Pyc2c_SuperDef(PyObject *self, PyObject *named, Pyc2cClass *d, int k)
{
    Pyc2cClass *base = d->base;
    if (base == NULL || base->type == NULL || (named != NULL && named != (PyObject *)d->type) ||
        Pyc2c_ClassOf(self, d) == NULL) {
        return NULL;
    }
    return Pyc2c_ClassSlotDef((PyObject *)base->type, base, k);
}

/* C(...), cls what the name C holds: compiled code may allocate and call the compiled
 * __init__ at slot k itself (the def returned) while cls is the class as made. */
PYC2C_INLINE const Pyc2cFuncDef *Pyc2c_InitDef(PyObject *cls, Pyc2cClass *c, int k)
{
    PyTypeObject *t = c->type;
    if (t == NULL || cls != (PyObject *)t) {
        return NULL;
    }
    if (!PYC2C_TYPE_TAG_IS(t, c->tag) && !Pyc2c_ClassRevalidate(c)) {
        return NULL;
    }
    return c->new_ok ? c->vdefs[k] : NULL;
}

/* object.__new__ of the class (checked by Pyc2c_InitDef): a new reference or NULL. */
static inline PyObject *Pyc2c_NewInstance(Pyc2cClass *c)
{
    return c->type->tp_alloc(c->type, 0);
}

PYC2C_INLINE int Pyc2c_StoresOk(PyObject *o, Pyc2cClass *c)
{
    Pyc2cClass *k = Pyc2c_ClassOf(o, c);
    return k != NULL && k->stores_ok;
}

/* A checked cast to an instance of the class (subclasses too; None too when
 * or_none, for Optional[C]): a new reference. */
PYC2C_INLINE PyObject *Pyc2c_CastInstance(PyObject *o, Pyc2cClass *c, int or_none)
{
    if (Py_TYPE(o) != c->type && !(or_none && o == Py_None) && Pyc2c_FamilyOf(Py_TYPE(o), c) == NULL) {
        return Pyc2c_CastInstanceSlow(o, c, or_none);
    }
    Py_INCREF(o);
    return o;
}

/* Pyc2c_CastInstanceSteal of a class without native subclasses (emit_leaf_class): an
 * instance of its own type (or None when allowed) is the one inline test; the rest
 * (Python subclasses, a failure) is one call. Inlined at every cast, the family lookup's
 * cache probe and subclass walk were ~7% of a big module's C compile. */
PYC2C_INLINE PyObject *Pyc2c_LeafCastInstanceSteal(PyObject *o, Pyc2cClass *c, int or_none)
{
    if (PYC2C_LIKELY(Py_TYPE(o) == c->type) || (or_none && o == Py_None)) {
        return o;
    }
    return Pyc2c_CastInstanceStealSlow(o, c, or_none);
}

/* Pyc2c_CastInstance taking over o's reference (released on failure). */
PYC2C_INLINE PyObject *Pyc2c_CastInstanceSteal(PyObject *o, Pyc2cClass *c, int or_none)
{
    if (Py_TYPE(o) != c->type && !(or_none && o == Py_None) && Pyc2c_FamilyOf(Py_TYPE(o), c) == NULL) {
        return Pyc2c_CastInstanceStealSlow(o, c, or_none);
    }
    return o;
}

#define PYC2C_AT(o, off, T) (*(T *)((char *)(o) + (off)))

PYC2C_COLD double Pyc2c_FieldGetSlowF(PyObject *o, const Pyc2cField *f);
PYC2C_COLD char Pyc2c_FieldGetSlowB(PyObject *o, const Pyc2cField *f);
/* An object field read by the attribute protocol, out of the caller's hot code. */
PYC2C_COLD PyObject *Pyc2c_FieldGetSlowO(PyObject *o, const Pyc2cField *f);
PYC2C_COLD Pyc2cInt Pyc2c_FieldGetSlowI(PyObject *o, const Pyc2cField *f);
/* An int field's word holding no short int (ok: the class check, a Pyc2cClass or 0): an
 * unset field's class default read from f (unset_word) while the class finds f's own
 * descriptor, an exact int held in the word, else the attribute protocol. */
PYC2C_COLD Pyc2cInt Pyc2c_FieldGetColdI(PyObject *o, int64_t ok, const Pyc2cField *f);
PYC2C_COLD char Pyc2c_FieldSetSlowI(PyObject *o, const Pyc2cField *f, Pyc2cInt v);
/* An int past the short range stored by compiled code (the class checked): its PyLong
 * into the field's word, as a write from Python puts it there, without the attribute protocol. */
PYC2C_COLD char Pyc2c_FieldSetBigI(PyObject *o, const Pyc2cField *f, Pyc2cInt v);
PYC2C_COLD char Pyc2c_FieldSetSlow(PyObject *o, const Pyc2cField *f, PyObject *v);   /* steals v */
PYC2C_COLD int64_t Pyc2c_FieldGetSlowQ(PyObject *o, const Pyc2cField *f);
PYC2C_COLD int32_t Pyc2c_FieldGetSlowW(PyObject *o, const Pyc2cField *f);

/* Every field op comes in two forms: Pyc2c_FieldGetX(o, c, ...) checks o's class
 * itself; Pyc2c_FieldGetXK(o, ok, ...) takes the check made before (ok: nonzero for
 * the fast path, from Pyc2c_ClassChecked; stores need its stores_ok too). */

/* The fast path of a Pyc2c_FieldGetXK read of a field with a set bit (float, i64, i32):
 * the check passed and the field is set; its value is then PYC2C_AT(o, off, T), and
 * Pyc2c_FieldGetSlowX(o, f) the answer otherwise. The emitter spells a read whose error
 * test follows it as that branch, the test on the slow side only (emit_op.c
 * emit_field_get_tested): the value read can be anything, the error value included,
 * so the C compiler could not drop that test after the call form. */
#define PYC2C_FIELD_SET_K(o, ok, bm, bit) (PYC2C_LIKELY((ok) != 0) && PYC2C_LIKELY(PYC2C_AT(o, bm, uint32_t) & (bit)))

/* i64 and i32 fields: the raw integer while the bit is set; Python reads box it. */
#define PYC2C_FIXED_FIELD(S, T)                                                                     \
    PYC2C_INLINE T Pyc2c_FieldGet##S##K(PyObject *o, int64_t ok, const Pyc2cField *f, Py_ssize_t off, \
                                        Py_ssize_t bm, uint32_t bit)                                \
    {                                                                                               \
        if (PYC2C_FIELD_SET_K(o, ok, bm, bit)) {                                                    \
            return PYC2C_AT(o, off, T);                                                             \
        }                                                                                           \
        return Pyc2c_FieldGetSlow##S(o, f);                                                         \
    }                                                                                               \
    PYC2C_INLINE T Pyc2c_FieldGet##S(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off, \
                                     Py_ssize_t bm, uint32_t bit)                                   \
    {                                                                                               \
        return Pyc2c_FieldGet##S##K(o, Pyc2c_ClassOf(o, c) != NULL, f, off, bm, bit);               \
    }                                                                                               \
    PYC2C_INLINE char Pyc2c_FieldSet##S##K(PyObject *o, int64_t ok, const Pyc2cField *f, Py_ssize_t off, \
                                           Py_ssize_t bm, uint32_t bit, T v)                        \
    {                                                                                               \
        if (PYC2C_LIKELY(ok != 0)) {                                                                \
            PYC2C_AT(o, off, T) = v;                                                                \
            PYC2C_AT(o, bm, uint32_t) |= bit;                                                       \
            return 0;                                                                               \
        }                                                                                           \
        PyObject *b = PyLong_FromLongLong((long long)v);                                            \
        return b == NULL ? 2 : Pyc2c_FieldSetSlow(o, f, b);                                         \
    }                                                                                               \
    PYC2C_INLINE char Pyc2c_FieldSet##S(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off, \
                                        Py_ssize_t bm, uint32_t bit, T v)                           \
    {                                                                                               \
        return Pyc2c_FieldSet##S##K(o, Pyc2c_StoresOk(o, c), f, off, bm, bit, v);                   \
    }
PYC2C_FIXED_FIELD(Q, int64_t)
PYC2C_FIXED_FIELD(W, int32_t)
#undef PYC2C_FIXED_FIELD

PYC2C_INLINE double Pyc2c_FieldGetFK(PyObject *o, int64_t ok, const Pyc2cField *f, Py_ssize_t off, Py_ssize_t bm,
                                      uint32_t bit)
{
    if (PYC2C_FIELD_SET_K(o, ok, bm, bit)) {
        return PYC2C_AT(o, off, double);
    }
    return Pyc2c_FieldGetSlowF(o, f);
}

PYC2C_INLINE double Pyc2c_FieldGetF(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off,
                                     Py_ssize_t bm, uint32_t bit)
{
    return Pyc2c_FieldGetFK(o, Pyc2c_ClassOf(o, c) != NULL, f, off, bm, bit);
}

PYC2C_INLINE char Pyc2c_FieldGetBK(PyObject *o, int64_t ok, const Pyc2cField *f, Py_ssize_t off, Py_ssize_t bm,
                                    uint32_t bit)
{
    if (PYC2C_LIKELY(ok != 0) && PYC2C_LIKELY(PYC2C_AT(o, bm, uint32_t) & bit)) {
        char v = PYC2C_AT(o, off, char);
        PYC2C_ASSUME(v == 0 || v == 1);   /* as stored (never 2, the error): the caller's test folds */
        return v;
    }
    return Pyc2c_FieldGetSlowB(o, f);
}

PYC2C_INLINE char Pyc2c_FieldGetB(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off,
                                   Py_ssize_t bm, uint32_t bit)
{
    return Pyc2c_FieldGetBK(o, Pyc2c_ClassOf(o, c) != NULL, f, off, bm, bit);
}

PYC2C_INLINE PyObject *Pyc2c_FieldGetOK(PyObject *o, int64_t ok, const Pyc2cField *f, Py_ssize_t off)
{
    if (PYC2C_LIKELY(ok != 0)) {
        PyObject *v = PYC2C_AT(o, off, PyObject *);
        if (PYC2C_LIKELY(v != NULL)) {
            Py_INCREF(v);
            return v;
        }
    }
    return Pyc2c_FieldGetSlowO(o, f);
}

/* An accessor's returned field (compiler/pass/borrow.c): with owned NULL as FieldGetOK;
 * else the slot's object without a reference (*owned = 0) while the check holds and the
 * field is set, a new reference otherwise (*owned = 1). */
PYC2C_INLINE PyObject *Pyc2c_FieldGetOKB(PyObject *o, int64_t ok, const Pyc2cField *f, Py_ssize_t off, char *owned)
{
    if (owned == NULL) {
        return Pyc2c_FieldGetOK(o, ok, f, off);
    }
    if (PYC2C_LIKELY(ok != 0)) {
        PyObject *v = PYC2C_AT(o, off, PyObject *);
        if (PYC2C_LIKELY(v != NULL)) {
            *owned = 0;
            return v;
        }
    }
    *owned = 1;
    return Pyc2c_FieldGetSlowO(o, f);
}

PYC2C_INLINE PyObject *Pyc2c_FieldGetO(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off)
{
    return Pyc2c_FieldGetOK(o, Pyc2c_ClassOf(o, c) != NULL, f, off);
}

PYC2C_INLINE char Pyc2c_FieldSetFK(PyObject *o, int64_t ok, const Pyc2cField *f, Py_ssize_t off, Py_ssize_t bm,
                                    uint32_t bit, double v)
{
    if (PYC2C_LIKELY(ok != 0)) {
        PYC2C_AT(o, off, double) = v;
        PYC2C_AT(o, bm, uint32_t) |= bit;
        return 0;
    }
    PyObject *b = PyFloat_FromDouble(v);
    return b == NULL ? 2 : Pyc2c_FieldSetSlow(o, f, b);
}

PYC2C_INLINE char Pyc2c_FieldSetF(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off,
                                   Py_ssize_t bm, uint32_t bit, double v)
{
    return Pyc2c_FieldSetFK(o, Pyc2c_StoresOk(o, c), f, off, bm, bit, v);
}

PYC2C_INLINE char Pyc2c_FieldSetBK(PyObject *o, int64_t ok, const Pyc2cField *f, Py_ssize_t off, Py_ssize_t bm,
                                    uint32_t bit, char v)
{
    if (PYC2C_LIKELY(ok != 0)) {
        PYC2C_AT(o, off, char) = v;
        PYC2C_AT(o, bm, uint32_t) |= bit;
        return 0;
    }
    PyObject *b = v ? Py_True : Py_False;
    Py_INCREF(b);
    return Pyc2c_FieldSetSlow(o, f, b);
}

PYC2C_INLINE char Pyc2c_FieldSetB(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off,
                                   Py_ssize_t bm, uint32_t bit, char v)
{
    return Pyc2c_FieldSetBK(o, Pyc2c_StoresOk(o, c), f, off, bm, bit, v);
}

/* An int field's one word in the layout: 0, as allocated, while the field is unset; a
 * short Pyc2cInt t held as t | 1 (odd), so that the word read is its own "set" test (no
 * bit in the bitmap, no bitmap word for a class of ints); else (even, not 0) an owned
 * reference to the int itself: an exact int past the short range, or an int subclass
 * (a bool) set from Python, which keeps its identity for Python readers. One word, where
 * a second slot for such values made deltablue's Variable 112 bytes (mypyc's: 96). */
#define PYC2C_FIELD_INT_SET(w) (((w) & 1) != 0)
#define PYC2C_FIELD_INT_WORD(t) ((t) | 1)
#define PYC2C_FIELD_INT_VALUE(w) ((w) & ~(Pyc2cInt)1)
#define PYC2C_FIELD_INT_HOLDS_OBJ(w) (!PYC2C_FIELD_INT_SET(w) && (w) != 0)
#define PYC2C_FIELD_INT_OBJ(w) ((PyObject *)(uintptr_t)(w))
/* The generated traverse and clear of an int field's word at off (emit_class.c). */
#define PYC2C_VISIT_INT_FIELD(o, off)                                               \
    do {                                                                            \
        Pyc2cInt w_ = PYC2C_AT(o, off, Pyc2cInt);                                   \
        if (PYC2C_FIELD_INT_HOLDS_OBJ(w_)) {                                        \
            Py_VISIT(PYC2C_FIELD_INT_OBJ(w_));                                      \
        }                                                                           \
    } while (0)
#define PYC2C_CLEAR_INT_FIELD(o, off)                                               \
    do {                                                                            \
        Pyc2cInt w_ = PYC2C_AT(o, off, Pyc2cInt);                                   \
        PYC2C_AT(o, off, Pyc2cInt) = 0;                                             \
        if (PYC2C_FIELD_INT_HOLDS_OBJ(w_)) {                                        \
            Py_DECREF(PYC2C_FIELD_INT_OBJ(w_));                                     \
        }                                                                           \
    } while (0)

/* An int field: the short int in the word while it holds one; else (an int object, an
 * unset field, no class check) Pyc2c_FieldGetColdI. */
PYC2C_INLINE Pyc2cInt Pyc2c_FieldGetIK(PyObject *o, int64_t ok, const Pyc2cField *f, Py_ssize_t off)
{
    if (PYC2C_LIKELY(ok != 0)) {
        Pyc2cInt w = PYC2C_AT(o, off, Pyc2cInt);
        if (PYC2C_LIKELY(PYC2C_FIELD_INT_SET(w))) {
            Pyc2cInt v = PYC2C_FIELD_INT_VALUE(w);   /* short: owns nothing */
            PYC2C_ASSUME(Pyc2cInt_IsShort(v));   /* (known from the mask: the caller's tests fold) */
            PYC2C_ASSUME(v != PYC2C_INT_ERROR);
            return v;
        }
    }
    return Pyc2c_FieldGetColdI(o, ok, f);
}

PYC2C_INLINE Pyc2cInt Pyc2c_FieldGetI(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off)
{
    return Pyc2c_FieldGetIK(o, (int64_t)(intptr_t)Pyc2c_ClassOf(o, c), f, off);
}

/* v borrowed */
PYC2C_INLINE char Pyc2c_FieldSetIK(PyObject *o, int64_t ok, const Pyc2cField *f, Py_ssize_t off, Pyc2cInt v)
{
    if (PYC2C_LIKELY(ok != 0)) {
        if (PYC2C_UNLIKELY(!Pyc2cInt_IsShort(v))) {
            return Pyc2c_FieldSetBigI(o, f, v);
        }
        Pyc2cInt old = PYC2C_AT(o, off, Pyc2cInt);
        PYC2C_AT(o, off, Pyc2cInt) = PYC2C_FIELD_INT_WORD(v);
        if (PYC2C_UNLIKELY(PYC2C_FIELD_INT_HOLDS_OBJ(old))) {
            Py_DECREF(PYC2C_FIELD_INT_OBJ(old));
        }
        return 0;
    }
    return Pyc2c_FieldSetSlowI(o, f, v);
}

PYC2C_INLINE char Pyc2c_FieldSetI(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off, Pyc2cInt v)
{
    return Pyc2c_FieldSetIK(o, Pyc2c_StoresOk(o, c), f, off, v);
}

/* v borrowed */
PYC2C_INLINE char Pyc2c_FieldSetOK(PyObject *o, int64_t ok, const Pyc2cField *f, Py_ssize_t off, PyObject *v)
{
    Py_INCREF(v);
    if (PYC2C_LIKELY(ok != 0)) {
        PyObject *old = PYC2C_AT(o, off, PyObject *);
        PYC2C_AT(o, off, PyObject *) = v;
        Py_XDECREF(old);
        return 0;
    }
    return Pyc2c_FieldSetSlow(o, f, v);
}

PYC2C_INLINE char Pyc2c_FieldSetO(PyObject *o, Pyc2cClass *c, const Pyc2cField *f, Py_ssize_t off, PyObject *v)
{
    return Pyc2c_FieldSetOK(o, Pyc2c_StoresOk(o, c), f, off, v);
}

#endif
