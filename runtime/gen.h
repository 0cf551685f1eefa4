/* gen.h - native generator objects (gen.c): a compiled `def` with `yield` runs as a
 * body function resumed at the yield it left, its registers kept in a frame struct
 * that lives inside the generator object. Included by pyc2c.h. */
#ifndef PYC2C_GEN_H
#define PYC2C_GEN_H

struct Pyc2cGen;

/* What the generated code knows of one generator function: static, one per function. */
typedef struct Pyc2cGenDef {
    /* Runs from where the generator stopped. sent: the value of the yield resumed (NULL:
     * an exception is set, raised there). Returns a yielded value with gen->resume set
     * to the yield's index; or, with gen->resume left -1, the return value (NULL: error);
     * or NULL with gen->yieldfrom set: delegate to that iterator (yield from). */
    PyObject *(*body)(struct Pyc2cGen *gen, PyObject *sent);
    void (*clear)(void *frame);                           /* release every slot */
    int (*traverse)(void *frame, visitproc visit, void *arg);
    Py_ssize_t frame_size;
    const char *name, *qualname, *filename;
    int line;                                             /* of the def */
    const int *yield_lines;                               /* [k]: line of yield k (k >= 1) */
    struct Pyc2cProfileSite *profile;                     /* --profile builds: resumes reported */
} Pyc2cGenDef;

typedef struct Pyc2cGen {
    PyObject_VAR_HEAD
    const Pyc2cGenDef *def;
    PyObject *globals;        /* the module dict the body reads globals from */
    PyObject *closure;        /* a nested generator function's cells, or NULL */
    PyObject *yieldfrom;      /* the iterator a `yield from` delegates to, or NULL */
    PyObject *name, *qualname, *code, *weakreflist;
    PyObject *exc;            /* the exception it handles while suspended, or NULL */
    int resume;               /* 0: not started; k > 0: suspended at yield k; -1: finished */
    char running;
    char profiled;            /* def->profile set: resumes are reported to profilers */
    union { double d; void *p; int64_t i; } frame[];
} Pyc2cGen;

#define Pyc2cGen_FRAME(g) ((void *)((Pyc2cGen *)(g))->frame)

/* PEP 479: the StopIteration set, if it is one, made a RuntimeError (its cause). */
void Pyc2cGen_StopToRuntimeError(void);
/* The type of compiled generators, ready (NULL with an exception set if it cannot be). */
PyTypeObject *Pyc2cGen_Type(void);
/* A new generator, not started, with a zeroed frame; closure may be NULL. */
PyObject *Pyc2cGen_New(const Pyc2cGenDef *def, PyObject *globals, PyObject *closure);
/* A resumed yield's value: a new reference, or NULL when an exception was thrown in. */
static inline PyObject *Pyc2cGen_Sent(PyObject *sent)
{
    Py_XINCREF(sent);
    return sent;
}

#endif
