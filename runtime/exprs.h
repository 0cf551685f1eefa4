/* exprs.h - f-strings (fstring.c): FORMAT_VALUE with CPython's order of conversion
 * and spec evaluation, typed fast paths, BUILD_STRING; comprehensions (cells.c).
 * Included by pyc2c.h. Functions return new references, or NULL with an exception. */
#ifndef PYC2C_EXPRS_H
#define PYC2C_EXPRS_H

/* f"{v!c}" (conv 0, 'r', 's' or 'a'): the converted value formatted with no spec. */
PyObject *Pyc2c_FormatSimple(PyObject *v, int conv);
/* The same releasing v (a value that dies at its f-string piece). */
PyObject *Pyc2c_FormatSimpleR(PyObject *v, int conv);
/* f"{v!c:spec}": 3.13 converts before the spec is evaluated, 3.9-3.12 after. The IR
 * calls FmtEarly before evaluating the spec and FmtLate after it. */
PyObject *Pyc2c_FmtEarly(PyObject *v, int conv);
PyObject *Pyc2c_FmtLate(PyObject *v, int conv, PyObject *spec);
/* format(n, "") of a tagged int and of a double (the float's repr). */
PyObject *Pyc2c_FormatInt(Pyc2cInt n);
PyObject *Pyc2c_FormatFloat(double d);
/* float_repr.c: repr(d) and format(d, ".{prec}f") written into buf (48 bytes) without
 * dtoa where a few decimals say it exactly: the length, or 0 when dtoa must. */
int Pyc2c_FloatReprDigits(double d, char *buf);
int Pyc2c_FloatFixedDigits(double d, int prec, char *buf);
/* format(n, spec) and format(d, spec) for the specs build_fstring.c's simple_spec packs */
PyObject *Pyc2c_FormatIntWidth(Pyc2cInt n, int64_t packed);
PyObject *Pyc2c_FormatFloatFixed(double d, int64_t packed);
/* The concatenation of n str objects (BUILD_STRING). */
PyObject *Pyc2c_JoinStrs(Py_ssize_t n, PyObject *const *items);
PyObject *Pyc2c_JoinInts(Py_ssize_t n, PyObject *const *items, const Pyc2cInt *ints);   /* NULL items: ints */
/* The same of the strs gathered in the private list held (a long f-string). */
PyObject *Pyc2c_JoinHeld(PyObject *held);

/* An unbound local of the enclosing function read inside a comprehension: before 3.12
 * the comprehension was a function of its own and the local a free variable of it. */
void Pyc2c_RaiseUnboundFree(const char *name);

#endif
