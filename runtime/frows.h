/* ---- float rows (frows.c, compiler/pass/floatrows.c): the float items at constant
 * indices of the rows of a list of lists, held as doubles for the length of a loop.
 * Row r's values live at data + r * w. A loop's copy reads and writes the doubles;
 * everything it may let Python code run (its interrupt checks' slow paths, its exits,
 * its exceptions) writes them back first. ---- */
typedef struct Pyc2cFrows {
    PyObject *list;       /* the list of rows (borrowed: the loop's register holds it) */
    Py_ssize_t n;         /* its rows */
    int w;                /* values a row: indices 0 .. w - 1 */
    uint64_t cols, wcols; /* the indices read or written, and those written */
    int held;             /* the doubles are the lists' values (else written back) */
    PyObject **rows;      /* the rows as loaded (references: a row the copy's registers
                           * name stays alive whatever handlers do to the list) */
    double *data;
} Pyc2cFrows;

int64_t Pyc2cFrows_Load(PyObject *list, int64_t w, int64_t cols, int64_t wcols);
void Pyc2cFrows_Release(int64_t fr);   /* written back, then freed */
void Pyc2cFrows_PutBack(int64_t fr);   /* written back (an error handler's first step) */
int64_t Pyc2cFrows_Find(int64_t fr, PyObject *row);
PyObject *Pyc2cFrows_Obj(int64_t fr, int64_t p, PyObject *row);

#define PYC2C_FROWS(fr) ((Pyc2cFrows *)(intptr_t)(fr))
/* The values of row k (an index of the list, as its list_get checked it). */
static inline int64_t Pyc2cFrows_Row(int64_t fr, int64_t k)
{
    Pyc2cFrows *s = PYC2C_FROWS(fr);
    if (k < 0) {
        k += s->n;
    }
    return (int64_t)(intptr_t)(s->data + k * s->w);
}

/* The values of row i through *p (list_get's index; a negative one, from the end, and
 * IndexError out of line): 0, or 2 with the exception set. The buffer's data and rows
 * (n) and the width (w, a constant) as the copy holds them. */
char Pyc2cFrows_AtSlow(int64_t data, int64_t n, Pyc2cInt i, int64_t w, int64_t *p);
static inline char Pyc2cFrows_AtO(int64_t data, int64_t n, Pyc2cInt i, int64_t w, int64_t *p)
{
    int64_t k = Pyc2cInt_ShortValue(i);
    if (PYC2C_LIKELY(Pyc2cInt_IsShort(i) && (uint64_t)k < (uint64_t)n)) {
        *p = data + k * w * (int64_t)sizeof(double);
        return 0;
    }
    return Pyc2cFrows_AtSlow(data, n, i, w, p);
}

/* The same for an index ranges.c proved in [0, 2**62) (a list_get_idx): its tagged word
 * is twice it, so one unsigned comparison with twice n, and the offset the word times
 * half a row's bytes (an affine function of the word: a counter's row pointer steps). */
static inline char Pyc2cFrows_AtIdxO(int64_t data, int64_t n, Pyc2cInt i, int64_t w, int64_t *p)
{
    if (PYC2C_LIKELY((uint64_t)i < (uint64_t)n * 2)) {
        *p = data + i * w * (int64_t)(sizeof(double) / 2);
        return 0;
    }
    return Pyc2cFrows_AtSlow(data, n, i, w, p);
}

static inline double Pyc2cFrows_Get(int64_t p, int64_t k)
{
    return ((const double *)(intptr_t)p)[k];
}

static inline void Pyc2cFrows_Set(int64_t p, int64_t k, double v)
{
    ((double *)(intptr_t)p)[k] = v;
}

/* An interrupt check of the loop's copy: the countdown of Pyc2c_CheckInterruptsN; where
 * it runs out, the values are written back before handlers and other threads run, and
 * loaded again after (Pyc2cFrows_Slow, declared with Pyc2c_CountTicks: 1, the copy goes
 * on only if the rows still are what its registers say; 2 with the handler's exception). */
PYC2C_INLINE char Pyc2cFrows_CheckN(int64_t fr, int *tick, int64_t n, PyObject **module_dict)
{
    return Pyc2c_CountTicks(tick, n, fr, module_dict);
}
